#!/usr/bin/env bash
# Serving throughput of ChatMedia against nginx serving the same files from the same disk, on demand.
#
#   bench/serving-throughput.sh                   # 2 rounds of 15 s per cell
#   BENCH_ROUNDS=1 WRK_SECONDS=30 bench/serving-throughput.sh
#   BENCH_NO_BUILD=1 bench/serving-throughput.sh  # reuse target/chatmedia-*.jar
#
# Cells (wrk -t2 -c64, keep-alive): GET of a 30 KB PNG; a 64 KiB Range GET inside a 20 MB H.264 + AAC video. Both
# files are uploaded to ChatMedia (local disk); nginx (Debian's package, installed if missing, as wrk) serves
# ChatMedia's own data dir, so both read the same files. Prints req/s, the ratio and the 1-minute load per cell.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${BENCH_ROUNDS:-2}"
HEAP="256m"
RUN="$BENCH/serving-$$"
DATA="$RUN/data"

require_tools java curl python3 ffmpeg
ensure_debian_package wrk wrk
ensure_debian_package nginx nginx
build_jar
mkdir -p "$RUN" "$DATA"
cleanup_on_exit stop_static_nginx

log "generating the 30 KB PNG and the 20 MB video"
python3 - "$RUN/img.png" <<'PY'
import random, struct, sys, zlib
random.seed(13)
w, h = 128, 80
raw = b"".join(b"\0" + bytes(random.getrandbits(8) for _ in range(w * 3)) for _ in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
PY
ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440 -t 40 \
    -c:v libx264 -preset ultrafast -b:v 4M -maxrate 4M -bufsize 8M -c:a aac -b:a 64k -movflags +faststart "$RUN/video.mp4"

NGINX_PORT="$(free_port)"
# wrk's 64 connections all come from 127.0.0.1: the per-address and node caps on reads in flight (32 and 96 by
# default, against slow-reader floods) are raised so the bench measures serving, not the limiter's 429s.
CHATMEDIA_TRANSFERS_PER_CLIENT_DOWNLOADS=1000 CHATMEDIA_TRANSFERS_MAX_DOWNLOADS=1000 SVT_LOG=1 OPENCV_LOG_LEVEL=ERROR \
    launch_chatmedia
post_upload img -F "file=@$RUN/img.png" "$BASE/v1/media"
IMG="/public/uploads/$ANSWER_PATH"
post_upload video -F "file=@$RUN/video.mp4" "$BASE/v1/media"
VIDEO="/public/uploads/$ANSWER_PATH"
start_static_nginx "$DATA" "$NGINX_PORT"
NGINX="http://127.0.0.1:$NGINX_PORT"
RANGE="Range: bytes=10000000-10065535"

log "warm-up (untimed)"
WRK_SECONDS=5 wrk_rps "$BASE$IMG" >/dev/null
WRK_SECONDS=5 wrk_rps "$BASE$VIDEO" "$RANGE" >/dev/null

printf '\n| round | path | ChatMedia req/s | load | nginx req/s | load | ratio |\n|---|---|---|---|---|---|---|\n'
for round in $(seq 1 "$ROUNDS"); do
    for cell in png range; do
        if [[ "$cell" == png ]]; then url="$IMG"; header=""; label="30 KB PNG"; else url="$VIDEO"; header="$RANGE"; label="64 KiB range of 20 MB video"; fi
        cm="$(wrk_rps "$BASE$url" "$header")"; cm_load="$(load_1m)"
        ng="$(wrk_rps "$NGINX$url" "$header")"; ng_load="$(load_1m)"
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$round" "$label" "$cm" "$cm_load" "$ng" "$ng_load" "$(ratio "$cm" "$ng")"
    done
done
echo "cores: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); java: $(java -version 2>&1 | head -1)"
