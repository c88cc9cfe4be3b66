#!/usr/bin/env bash
# Image processing throughput of ChatMedia (GET <image URL>?x-oss-process=image/...) against sharp in-process and
# vipsthumbnail spawned per image, on demand (never part of the test suite).
#
#   bench/image-throughput.sh                      # 40 images a cell and engine, 2 rounds
#   BENCH_N=20 bench/image-throughput.sh           # images a cell, engine and round
#   BENCH_ONLY=refs bench/image-throughput.sh      # sharp and vipsthumbnail only: no jar, no server
#   BENCH_ONLY=chatmedia bench/image-throughput.sh # ChatMedia only (no ratios)
#   BENCH_SCENARIOS="a c" BENCH_CONCURRENCY="2" bench/image-throughput.sh   # a subset of the cells
#   BENCH_ROUNDS=1 bench/image-throughput.sh       # each engine once a cell (default 2, in ABC CBA order)
#   BENCH_NO_BUILD=1 bench/image-throughput.sh     # reuse target/chatmedia-*.jar
#   BENCH_KEEP=1 bench/image-throughput.sh         # keep the run folder (server log, data dir, outputs)
#   BENCH_JPEG_Q=85 BENCH_WEBP_Q=80                # the references' output quality (ChatMedia's defaults)
#   BENCH_QUIET_WAIT=15                            # seconds a cell waits at most for a quiet machine (0: never)
#
# What it does, in one run:
#   1. installs what is missing: Debian's ffmpeg and libvips-tools (vipsthumbnail), node and npm, and sharp into
#      bench/.node/ (npm install sharp@$BENCH_SHARP_VERSION, gitignored; it brings its own prebuilt libvips);
#   2. builds target/chatmedia-*.jar (./mvnw -B -q -DskipTests package; BENCH_NO_BUILD=1 reuses it);
#   3. generates, once, under target/bench/image-sources/ and reuses: photo-like JPEGs at quality 90, 4:2:0 (ffmpeg's
#      mandelbrot blended with testsrc2, plus per-pixel grain like a sensor's; encoded by libvips):
#        photo-12mp.jpg  4000x3000, about 3.7 MB (a phone photo at 12 MP is 3-5 MB)
#        photo-1mp.jpg   1152x864, about 0.3 MB
#   4. ChatMedia: starts the jar at -Xmx$BENCH_HEAP (256m) on 127.0.0.1:<free port>, local disk under the run folder,
#      uploads the source once per request to be timed (POST /v1/media, one curl process for all; each upload is a
#      new media id, so every timed GET is a cache miss), then BENCH_WARMUP (5) untimed requests per scenario, which
#      also stop the run at once, with the answer, if the server does not answer 200 with the right image;
#   5. per cell (scenario x concurrency), after waiting up to BENCH_QUIET_WAIT s for a second in which the machine
#      is at most 10 % busy (on a shared machine other work disturbs the figures; the table says how busy it was),
#      and per round, the three engines back to back (round 1 sharp, vipsthumbnail, ChatMedia; round 2 the
#      reverse), N images each, wall time around the whole batch:
#        ChatMedia      N GETs of distinct media ids, by one curl process (curl -Z --parallel-max C, keep-alive),
#                       every answer checked afterwards (200, Content-Type, dimensions);
#        sharp          bench/sharp-throughput.js: the source read once into a Buffer, processed N times with C
#                       promises in flight (sharp.concurrency() at its default, libvips' cache off), in-process;
#        vipsthumbnail  seq N | xargs -P C vipsthumbnail SRC --size 256x -o out.jpg[Q=..,strip]: one process per
#                       image, so process start and libvips start-up are in its figures;
#      throughput = images / seconds, summed over the rounds;
#   6. the load client's own ceiling: N GETs of one cached result at each concurrency (curl and a cache hit);
#   7. prints the table (img/s, ratios, the goal), output parity (mean bytes, JPEG quality read back from the
#      quantisation tables), the machine and the versions; stops the server, removes the run folder.
#
# Scenarios: (a) 12 MP JPEG -> 256 px wide JPEG (image/resize,w_256), (b) 12 MP JPEG -> 256 px WebP
# (image/resize,w_256/format,webp), (c) 1 MP JPEG -> 256 px JPEG, (d) a chat screenshot (PNG, 1170x2532, flat colours) ->
# 256 px JPEG (image/resize,w_256/format,jpg). ChatMedia's URLs carry no quality: its defaults
# (JPEG 85, WebP 80) are what the references are asked for. Goal: ChatMedia >= 1.2 x sharp in every cell.
# Page caches are not dropped: every engine reads its source from the page cache.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N="${BENCH_N:-40}"
ROUNDS="${BENCH_ROUNDS:-2}"
WARMUP="${BENCH_WARMUP:-5}"
ONLY="${BENCH_ONLY:-all}"
SCENARIOS="${BENCH_SCENARIOS:-a b c d}"
CONCURRENCY="${BENCH_CONCURRENCY:-1 2}"
HEAP="${BENCH_HEAP:-256m}"
JPEG_Q="${BENCH_JPEG_Q:-85}"
WEBP_Q="${BENCH_WEBP_Q:-80}"
SHARP_VERSION="${BENCH_SHARP_VERSION:-0.35}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-15}"
USER_LIMIT="16GB"
WIDTH=256
GOAL=1.2
SOURCE_DIR="$BENCH/image-sources"
RUN="$BENCH/image-run-$$"
DATA="$RUN/data"
NODE_DIR="$ROOT/bench/.node"

[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_N must be a positive integer" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_ROUNDS must be a positive integer" >&2; exit 2; }
[[ "$WARMUP" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_WARMUP must be a positive integer" >&2; exit 2; }
[[ "$QUIET_WAIT" =~ ^[0-9]+$ ]] || { echo "BENCH_QUIET_WAIT must be a non-negative integer (seconds)" >&2; exit 2; }
[[ "$ONLY" =~ ^(all|refs|chatmedia)$ ]] || { echo "BENCH_ONLY must be all, refs or chatmedia" >&2; exit 2; }
for q in "$JPEG_Q" "$WEBP_Q"; do
    [[ "$q" =~ ^[1-9][0-9]?$|^100$ ]] || { echo "BENCH_JPEG_Q and BENCH_WEBP_Q must be in 1..100" >&2; exit 2; }
done
for s in $SCENARIOS; do
    [[ "$s" =~ ^[abcd]$ ]] || { echo "unknown scenario '$s' (a, b, c, d)" >&2; exit 2; }
done
for c in $CONCURRENCY; do
    [[ "$c" =~ ^[1-9][0-9]?$ ]] || { echo "BENCH_CONCURRENCY: '$c' is not a concurrency (1..99)" >&2; exit 2; }
done
[[ -n "${EPOCHREALTIME:-}" ]] || { echo "needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }
refs() { [[ "$ONLY" != chatmedia ]]; }
server() { [[ "$ONLY" != refs ]]; }
# cpu_busy <seconds>: how busy all cores were over the next <seconds>, in percent (from /proc/stat), to tell a quiet
# machine from one where something else runs.
cpu_busy() {
    python3 - "$1" <<'PY'
import sys, time
def sample():
    fields = list(map(int, open("/proc/stat").readline().split()[1:]))
    return sum(fields[:8]), fields[3] + fields[4]
t0, i0 = sample(); time.sleep(float(sys.argv[1])); t1, i1 = sample()
print(f"{100 * (1 - (i1 - i0) / max(1, t1 - t0)):.0f}")
PY
}
# wait_quiet <cell>: up to $QUIET_WAIT seconds for a second in which the machine is at most 10 % busy (a shared
# machine: other work would disturb the figures); sets QUIET_BUSY to the last sample, logs when it gives up.
wait_quiet() {
    local waited=0
    QUIET_BUSY="$(cpu_busy 1)"
    while ((QUIET_BUSY > 10 && waited < QUIET_WAIT)); do
        ((waited > 0)) || log "the machine is $QUIET_BUSY % busy before cell $1: waiting up to $QUIET_WAIT s for quiet"
        sleep 1; waited=$((waited + 2))
        QUIET_BUSY="$(cpu_busy 1)"
    done
    ((QUIET_BUSY <= 10)) || log "still $QUIET_BUSY % busy: measuring cell $1 anyway"
}

# ---- 1. tools ----------------------------------------------------------------------------------------------
# Installed here when missing (as root, from Debian's packages and the npm registry).
APT_UPDATED=0
apt_install() {
    log "installing $* (apt-get)"
    if [[ "$APT_UPDATED" == 0 ]]; then apt-get update -q >/dev/null; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}
command -v ffmpeg >/dev/null || apt_install ffmpeg
command -v vips >/dev/null || apt_install libvips-tools # vips (source encoding) and, for the reference, vipsthumbnail
if refs; then
    command -v vipsthumbnail >/dev/null || apt_install libvips-tools
    command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
    if ! SHARP_NODE_DIR="$NODE_DIR" node -e "require('$NODE_DIR/node_modules/sharp')" 2>/dev/null; then
        log "installing sharp@$SHARP_VERSION into $NODE_DIR (npm)"
        mkdir -p "$NODE_DIR"
        [[ -f "$NODE_DIR/package.json" ]] || echo '{"private": true}' > "$NODE_DIR/package.json"
        npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error "sharp@$SHARP_VERSION" >/dev/null
    fi
    require_tools node vipsthumbnail xargs
fi
require_tools curl python3 ffmpeg vips
if server; then require_tools java; fi

# ---- 2. the jar --------------------------------------------------------------------------------------------
if server; then
    build_jar
    log "jar: $JAR"
fi

mkdir -p "$BENCH" "$SOURCE_DIR" "$RUN"
cleanup_on_exit

# ---- 3. the sources ----------------------------------------------------------------------------------------
# make_source <file> <W>x<H>: a photo-like JPEG, quality 90, 4:2:0, unless present (via .part, renamed when whole).
make_source() {
    local file="$1" size="$2"
    [[ -s "$file" ]] && return 0
    log "generating $file ($size, JPEG quality 90; once)"
    ffmpeg -hide_banner -nostdin -v error -y \
        -f lavfi -i "mandelbrot=size=$size:maxiter=250:start_scale=0.6:start_x=-0.743643887037151:start_y=0.131825904205330" \
        -f lavfi -i "testsrc2=size=$size" \
        -filter_complex "[0:v]format=rgb24[m];[1:v]format=rgb24[t];[m][t]blend=all_mode=average,noise=alls=30:allf=u" \
        -frames:v 1 "$RUN/source.ppm"
    vips jpegsave "$RUN/source.ppm" "$file.part.jpg" --Q 90 --subsample-mode on
    rm -f "$RUN/source.ppm"
    mv "$file.part.jpg" "$file"
}
# make_screenshot <file>: a phone screenshot of a chat (1170x2532, an iPhone's screen): flat background, a title
# bar, bubbles of two colours and hairlines, as PNG (how screenshots are stored); made once with Debian's ffmpeg.
make_screenshot() {
    local file="$1" boxes="" y
    [[ -s "$file" ]] && return 0
    log "generating $file (1170x2532 chat screenshot, PNG; once)"
    boxes="drawbox=x=0:y=0:w=1170:h=260:color=0xF7F7F7:t=fill,drawbox=x=0:y=258:w=1170:h=2:color=0xD8D8D8:t=fill"
    for y in 320 620 920 1220 1520 1820 2120; do
        boxes+=",drawbox=x=150:y=$y:w=620:h=$(((y / 20) % 90 + 120)):color=0xFFFFFF:t=fill"
        boxes+=",drawbox=x=400:y=$((y + 150)):w=620:h=$(((y / 30) % 60 + 90)):color=0x95EC69:t=fill"
        boxes+=",drawbox=x=30:y=$y:w=96:h=96:color=0x5B8FF9:t=fill"
    done
    boxes+=",drawbox=x=0:y=2380:w=1170:h=152:color=0xF7F7F7:t=fill"
    ffmpeg -hide_banner -nostdin -v error -y -f lavfi -i "color=c=0xEDEDED:s=1170x2532" -vf "$boxes" \
        -frames:v 1 "$file.part.png"
    mv "$file.part.png" "$file"
}
SRC_12MP="$SOURCE_DIR/photo-12mp.jpg"
SRC_1MP="$SOURCE_DIR/photo-1mp.jpg"
SRC_SHOT="$SOURCE_DIR/screenshot.png"
make_source "$SRC_12MP" 4000x3000
make_source "$SRC_1MP" 1152x864
make_screenshot "$SRC_SHOT"

# Scenario tables: label, source, processing string, output format, quality, extension, expected height.
declare -A LABEL=([a]="12 MP JPEG -> 256 px JPEG" [b]="12 MP JPEG -> 256 px WebP" [c]="1 MP JPEG -> 256 px JPEG"
    [d]="screenshot PNG -> 256 px JPEG")
declare -A SOURCE=([a]="$SRC_12MP" [b]="$SRC_12MP" [c]="$SRC_1MP" [d]="$SRC_SHOT")
declare -A PROCESS=([a]="image/resize,w_$WIDTH" [b]="image/resize,w_$WIDTH/format,webp" [c]="image/resize,w_$WIDTH"
    [d]="image/resize,w_$WIDTH/format,jpg")
declare -A FORMAT=([a]=jpeg [b]=webp [c]=jpeg [d]=jpeg)
declare -A QUALITY=([a]="$JPEG_Q" [b]="$WEBP_Q" [c]="$JPEG_Q" [d]="$JPEG_Q")
declare -A EXT=([a]=jpg [b]=webp [c]=jpg [d]=jpg)
declare -A CTYPE=([a]=image/jpeg [b]=image/webp [c]=image/jpeg [d]=image/jpeg)
expected_height() { # <source>: the height of a $WIDTH px wide thumbnail, from the source's JPEG or PNG header
    python3 - "$1" "$WIDTH" <<'PY'
import sys
data, width = open(sys.argv[1], "rb").read(), int(sys.argv[2])
if data[:8] == b"\x89PNG\r\n\x1a\n":
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    print(round(width * h / w)); sys.exit(0)
i = 2
while i < len(data):
    marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
    if marker in (0xC0, 0xC1, 0xC2):
        h, w = int.from_bytes(data[i + 5:i + 7], "big"), int.from_bytes(data[i + 7:i + 9], "big")
        print(round(width * h / w)); break
    i += 2 + length
PY
}
declare -A HEIGHT=()
for s in a b c d; do HEIGHT[$s]="$(expected_height "${SOURCE[$s]}")"; done
log "sources: $SRC_12MP ($(stat -c %s "$SRC_12MP") bytes), $SRC_1MP ($(stat -c %s "$SRC_1MP") bytes)," \
    "$SRC_SHOT ($(stat -c %s "$SRC_SHOT") bytes)"

# check_outputs <dir> <jpeg|webp> <count> <height>: every file in dir is a <format> image $WIDTH px wide and
# <height> (+-1) high, <count> of them; prints "<mean bytes> <JPEG quality read back, or ->"; exits 1 otherwise.
check_outputs() {
    python3 - "$@" "$WIDTH" <<'PY'
import os, sys
folder, fmt, count, height, width = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
# IJG's luminance table (Annex K) in zigzag order, to read the quality back from an output's first DQT table.
STD = [16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58,
       51, 61, 60, 57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62,
       77, 113, 121, 112, 100, 120, 92, 101, 103, 99]
def quality_of(table):
    best = None
    for q in range(1, 101):
        scale = 5000 // q if q < 50 else 200 - 2 * q
        err = sum(abs(max(1, min(255, (s * scale + 50) // 100)) - t) for s, t in zip(STD, table))
        if best is None or err < best[0]:
            best = (err, q)
    return f"Q{best[1]}" if best[0] == 0 else f"~Q{best[1]}"
def jpeg(data):
    if data[:2] != b"\xff\xd8":
        return None
    i, size, table = 2, None, None
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        if marker == 0xDB and table is None and data[i + 4] >> 4 == 0:
            table = list(data[i + 5:i + 69])
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            size = (int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big"))
        if marker == 0xDA:
            break
        i += 2 + length
    return size and (size, quality_of(table) if table else "?")
def webp(data):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    kind, body = data[12:16], data[20:]
    if kind == b"VP8 " and body[3:6] == b"\x9d\x01\x2a":
        return (int.from_bytes(body[6:8], "little") & 0x3FFF, int.from_bytes(body[8:10], "little") & 0x3FFF), "lossy"
    if kind == b"VP8L" and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1), "lossless"
    if kind == b"VP8X":
        return (int.from_bytes(body[4:7], "little") + 1, int.from_bytes(body[7:10], "little") + 1), "extended"
    return None
files = sorted(os.listdir(folder))
if len(files) != count:
    sys.exit(f"{folder}: {len(files)} outputs, expected {count}")
sizes, qualities = [], set()
for name in files:
    data = open(os.path.join(folder, name), "rb").read()
    info = (jpeg if fmt == "jpeg" else webp)(data)
    if info is None:
        sys.exit(f"{folder}/{name}: not a {fmt} image ({len(data)} bytes: {data[:60]!r})")
    (w, h), quality = info
    if w != width or abs(h - height) > 1:
        sys.exit(f"{folder}/{name}: {w}x{h}, expected {width}x{height}")
    sizes.append(len(data))
    qualities.add(quality)
print(f"{sum(sizes) / len(sizes):.0f}", ",".join(sorted(qualities)) if fmt == "jpeg" else "-")
PY
}

# ---- 4. ChatMedia: start, uploads, warm-up -----------------------------------------------------------------
# upload_batch <source> <count> <label>: uploads the source <count> times with one curl process (each answer in
# $RUN/uploads/<label>/<i>.json); writes the processing URLs of scenario <label's scenario> to $RUN/urls/<label>.
upload_batch() {
    local src="$1" count="$2" label="$3" scenario="${3%%-*}" dir="$RUN/uploads/$3" i type=image/jpeg
    [[ "$src" == *.png ]] && type=image/png
    mkdir -p "$dir" "$RUN/urls"
    for ((i = 0; i < count; i++)); do
        ((i > 0)) && echo next
        printf 'url = "%s/v1/media"\nheader = "Authorization: Bearer %s"\n' "$BASE" "$TOKEN"
        printf 'form = "file=@%s;type=%s;filename=source-%s-%d.%s"\n' "$src" "$type" "$label" "$i" "${src##*.}"
        printf 'output = "%s/%d.json"\nwrite-out = "%%{http_code}\\n"\n' "$dir" "$i"
    done > "$RUN/upload.cfg"
    curl -sS -K "$RUN/upload.cfg" > "$dir.codes" 2> "$dir.err" || true
    python3 - "$dir" "$count" "$BASE" "${PROCESS[$scenario]}" > "$RUN/urls/$label" <<'PY' || { tail -30 "$RUN/server.log" >&2; exit 1; }
import json, os, sys
folder, count, base, process = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
codes = open(folder + ".codes").read().split()
for i in range(count):
    path = os.path.join(folder, f"{i}.json")
    answer = open(path).read() if os.path.exists(path) else ""
    code = codes[i] if i < len(codes) else "none"
    if code != "201":
        sys.exit(f"upload {i} of {folder} answered {code}: {answer[:500]} {open(folder + '.err').read()[:300]}")
    data = json.loads(answer)["data"]
    if data.get("kind") != "image":
        sys.exit(f"upload {i} of {folder}: kind {data.get('kind')!r}, expected image: {answer[:500]}")
    url = data["url"] if data["url"].startswith("http") else base + data["url"]
    print(url + ("&" if "?" in url else "?") + "x-oss-process=" + process)
PY
}

# fetch_batch <url file> <concurrency> <out dir> <ext>: GETs every URL once with one curl process, <concurrency>
# transfers at a time on kept-alive connections, into <out dir>/<i>.<ext>; prints the wall seconds (curl's start
# included); per-transfer "code|content-type|bytes|url" lines in <out dir>.meta.
fetch_batch() {
    local urls="$1" c="$2" out="$3" ext="$4" i=0 url t0 t1
    rm -rf "$out"; mkdir -p "$out"
    while read -r url; do
        printf 'url = "%s"\noutput = "%s/%04d.%s"\n' "$url" "$out" "$i" "$ext"
        i=$((i + 1))
    done < "$urls" > "$out.cfg"
    t0="$EPOCHREALTIME"
    curl -sS --no-progress-meter -Z --parallel-max "$c" --parallel-immediate --max-time 120 -K "$out.cfg" \
        -w '%{http_code}|%{content_type}|%{size_download}|%{url_effective}\n' > "$out.meta" 2> "$out.err" || true
    t1="$EPOCHREALTIME"
    python3 -c "print(f'{$t1 - $t0:.4f}')"
}

# check_answers <out dir> <scenario>: exits, with the first bad answer, unless every transfer answered 200 with the
# scenario's Content-Type.
check_answers() {
    local out="$1" s="$2" bad file
    bad="$(awk -F'|' -v ct="${CTYPE[$s]}" '$1 != "200" || index($2, ct) != 1 { print; exit }' "$out.meta")"
    [[ -z "$bad" && -s "$out.meta" ]] || {
        echo >&2
        echo "ChatMedia did not answer a processing request with 200 ${CTYPE[$s]}:" >&2
        if [[ -n "$bad" ]]; then
            IFS='|' read -r code ctype bytes url <<<"$bad"
            echo "  GET $url" >&2
            echo "  answered $code, Content-Type '$ctype', $bytes bytes:" >&2
            file="$(grep -n -F "$url" "$out.cfg" | head -1 | cut -d: -f1)"
            file="$(sed -n "$((file + 1))p" "$out.cfg" | sed 's/^output = "\(.*\)"$/\1/')"
            [[ -f "$file" ]] && { printf '  '; head -c 500 "$file" | tr -c '[:print:]\n' '.'; echo; } >&2
        else
            echo "  no answer at all: $(head -c 500 "$out.err")" >&2
        fi
        echo "(image processing is missing or failing on this server; BENCH_ONLY=refs measures sharp and" \
            "vipsthumbnail alone)" >&2
        tail -20 "$RUN/server.log" >&2
        exit 1
    }
}

if server; then
    launch_chatmedia
    uploads=0
    for s in $SCENARIOS; do
        upload_batch "${SOURCE[$s]}" "$WARMUP" "$s-warm"
        uploads=$((uploads + WARMUP))
        for c in $CONCURRENCY; do
            for r in $(seq 1 "$ROUNDS"); do
                upload_batch "${SOURCE[$s]}" "$N" "$s-c$c-r$r"
                uploads=$((uploads + N))
            done
        done
    done
    log "uploaded $uploads images (each a new media id)"
    for s in $SCENARIOS; do
        log "warm-up $s: $WARMUP requests of ${PROCESS[$s]}"
        fetch_batch "$RUN/urls/$s-warm" 1 "$RUN/out/cm-$s-warm" "${EXT[$s]}" > /dev/null
        check_answers "$RUN/out/cm-$s-warm" "$s"
        check_outputs "$RUN/out/cm-$s-warm" "${FORMAT[$s]}" "$WARMUP" "${HEIGHT[$s]}" > /dev/null
    done
fi

# ---- 5. the cells ------------------------------------------------------------------------------------------
declare -A SECONDS_OF=() RUNS_OF=() BYTES_OF=() QUAL_OF=()
SHARP_INFO=""
# Others' CPU during a pass: the machine's busy ticks (/proc/stat, steal included) minus the ticks of this script's
# children (bash's times: node, xargs and its vipsthumbnails, curl) and of the server process, in percent of all
# the machine's ticks over the span. Bash builtins only, so the probe itself costs nothing.
# span_begin; <the pass, run in this shell>; span_end: sets OTHERS (percent, 0 when nothing else ran).
machine_ticks() {
    local _ user nice sys idle iowait irq softirq steal
    read -r _ user nice sys idle iowait irq softirq steal _ < /proc/stat
    M_BUSY=$((user + nice + sys + irq + softirq + steal)); M_ALL=$((M_BUSY + idle + iowait))
}
own_ticks() { # OWN: ticks of this shell's waited-for children, plus the server's when it runs
    local line u s m sec frac fields
    { times; } > "$RUN/times"
    { read -r _; read -r u s; } < "$RUN/times"
    OWN=0
    for line in "$u" "$s"; do # like 1m2.345s
        [[ "$line" =~ ^([0-9]+)m([0-9]+)\.([0-9]+)s$ ]] || continue
        m="${BASH_REMATCH[1]}"; sec="${BASH_REMATCH[2]}"; frac="${BASH_REMATCH[3]}000"
        OWN=$((OWN + (10#$m * 60 + 10#$sec) * 100 + 10#${frac:0:2}))
    done
    if [[ -n "$SERVER_PID" && -r "/proc/$SERVER_PID/stat" ]]; then
        read -r -a fields < "/proc/$SERVER_PID/stat"
        OWN=$((OWN + fields[13] + fields[14]))
    fi
}
span_begin() { own_ticks; S_OWN=$OWN; machine_ticks; S_BUSY=$M_BUSY; S_ALL=$M_ALL; }
span_end() {
    machine_ticks; own_ticks
    local all=$((M_ALL - S_ALL)) others=$((M_BUSY - S_BUSY - (OWN - S_OWN)))
    ((all > 0 && others > 0)) || { OTHERS=0; return 0; }
    OTHERS=$((100 * others / all))
}
# add <engine> <s> <c> <seconds>: sums the seconds of a cell and keeps each round's img/s for the details, with
# the others' CPU of its span ($OTHERS) when above 0.
declare -A OTHERS_OF=()
MAX_OTHERS=0
add() {
    SECONDS_OF[$1:$2:$3]="$(python3 -c "print(${SECONDS_OF[$1:$2:$3]:-0} + $4)")"
    RUNS_OF[$1:$2:$3]+="$(python3 -c "print(f'{$N / $4:.1f}')")$( ((OTHERS == 0)) || echo "(others $OTHERS %)") "
    if ((OTHERS > MAX_OTHERS)); then MAX_OTHERS=$OTHERS; fi
}
# parity <engine> <s> <out dir>: checks the outputs, keeps their mean size and JPEG quality.
parity() {
    local fig
    fig="$(check_outputs "$3" "${FORMAT[$2]}" "$N" "${HEIGHT[$2]}")" || exit 1
    BYTES_OF[$1:$2]="${fig%% *}"
    QUAL_OF[$1:$2]="${fig#* }"
}
run_sharp() {
    local s="$1" c="$2" out="$RUN/out/sharp-$1-c$2" json
    rm -rf "$out"
    span_begin
    json="$(SHARP_NODE_DIR="$NODE_DIR" node "$ROOT/bench/sharp-throughput.js" "${SOURCE[$s]}" "$N" "$c" \
        "${FORMAT[$s]}" "$WIDTH" "${QUALITY[$s]}" "$WARMUP" "$out")"
    span_end
    SHARP_INFO="$json"
    parity sharp "$s" "$out"
    add sharp "$s" "$c" "$(python3 -c "import json, sys; print(json.loads(sys.argv[1])['seconds'])" "$json")"
}
run_vips() {
    local s="$1" c="$2" out="$RUN/out/vips-$1-c$2" options="[Q=${QUALITY[$1]},strip]" t0 t1 i
    rm -rf "$out"; mkdir -p "$out"
    # Two untimed runs: the binary, its libraries and the source into the page cache.
    for i in 1 2; do vipsthumbnail "${SOURCE[$s]}" --size "${WIDTH}x" -o "$RUN/vips-warm-$i.${EXT[$s]}$options"; done
    span_begin
    t0="$EPOCHREALTIME"
    seq -w 0 $((N - 1)) | xargs -P "$c" -I{} vipsthumbnail "${SOURCE[$s]}" --size "${WIDTH}x" -o "$out/{}.${EXT[$s]}$options"
    t1="$EPOCHREALTIME"
    span_end
    parity vipsthumbnail "$s" "$out"
    add vipsthumbnail "$s" "$c" "$(python3 -c "print($t1 - $t0)")"
}
run_chatmedia() {
    local s="$1" c="$2" r="$3" out="$RUN/out/cm-$1-c$2-r$3" seconds
    span_begin
    seconds="$(fetch_batch "$RUN/urls/$s-c$c-r$r" "$c" "$out" "${EXT[$s]}")"
    span_end
    check_answers "$out" "$s"
    parity chatmedia "$s" "$out"
    add chatmedia "$s" "$c" "$seconds"
}
ENGINES=()
refs && ENGINES+=(sharp vipsthumbnail)
server && ENGINES+=(chatmedia)
for s in $SCENARIOS; do
    for c in $CONCURRENCY; do
        wait_quiet "$s c=$c"
        for r in $(seq 1 "$ROUNDS"); do
            if ((r % 2 == 1)); then order=("${ENGINES[@]}"); else order=(); for ((k = ${#ENGINES[@]} - 1; k >= 0; k--)); do order+=("${ENGINES[$k]}"); done; fi
            for engine in "${order[@]}"; do
                case "$engine" in
                    sharp) run_sharp "$s" "$c" ;;
                    vipsthumbnail) run_vips "$s" "$c" ;;
                    chatmedia) run_chatmedia "$s" "$c" "$r" ;;
                esac
            done
        done
        log "$s c=$c: $(for e in "${ENGINES[@]}"; do printf '%s %s img/s  ' "$e" "${RUNS_OF[$e:$s:$c]}"; done)"
    done
done

# ---- 6. the load client's ceiling: one cached result --------------------------------------------------------
declare -A CEILING=()
if server; then
    s="${SCENARIOS%% *}"
    cached="$(head -1 "$RUN/urls/$s-warm")"
    for ((i = 0; i < N; i++)); do echo "$cached"; done > "$RUN/urls/cached"
    for c in $CONCURRENCY; do
        seconds="$(fetch_batch "$RUN/urls/cached" "$c" "$RUN/out/cached-c$c" "${EXT[$s]}")"
        check_answers "$RUN/out/cached-c$c" "$s"
        CEILING[$c]="$(python3 -c "print(f'{$N / $seconds:.0f}')")"
    done
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died" >&2; exit 1; }
    stop_pid "$SERVER_PID"
    SERVER_PID=""
fi

# ---- 7. the table --------------------------------------------------------------------------------------------
rate() { # <engine> <s> <c>: img/s over all rounds, or - when not measured
    local total="${SECONDS_OF[$1:$2:$3]:-}"
    if [[ -z "$total" ]]; then echo -; else python3 -c "print(f'{$((N * ROUNDS)) / $total:.1f}')"; fi
}
ratio_or_dash() { if [[ "$1" == - || "$2" == - ]]; then echo -; else ratio "$1" "$2"; fi; }
cpu_model="$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
[[ -n "$cpu_model" ]] || cpu_model="$(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -1)"

echo
echo "ChatMedia image throughput: $N images per cell, engine and round, $ROUNDS round(s), cache misses only"
echo "machine: $(nproc) cores, $cpu_model, $(free -g | awk '/^Mem:/ {print $2}') GiB"
printf '%-31s %3s %12s %12s %12s %10s %10s %6s\n' "scenario" "c" "ChatMedia" "sharp" "vipsthumb" "CM/sharp" "CM/vipsth" "goal"
printf '%-31s %3s %12s %12s %12s %10s %10s %6s\n' "" "" "img/s" "img/s" "img/s" "" "" ">=$GOAL"
for s in $SCENARIOS; do
    for c in $CONCURRENCY; do
        cm="$(rate chatmedia "$s" "$c")"; sh="$(rate sharp "$s" "$c")"; vt="$(rate vipsthumbnail "$s" "$c")"
        r1="$(ratio_or_dash "$cm" "$sh")"; r2="$(ratio_or_dash "$cm" "$vt")"
        met="-"; [[ "$r1" != - ]] && met="$(python3 -c "print('yes' if $r1 >= $GOAL else 'NO')")"
        printf '%-31s %3s %12s %12s %12s %10s %10s %6s\n' "(${s}) ${LABEL[$s]}" "$c" "$cm" "$sh" "$vt" "$r1" "$r2" "$met"
    done
done
echo
echo "per round (img/s; 'others': the machine's CPU taken by other processes during that pass, when any):"
for s in $SCENARIOS; do
    for c in $CONCURRENCY; do
        printf '  (%s) c=%s  %s\n' "$s" "$c" "$(for e in "${ENGINES[@]}"; do printf '%s: %s  ' "$e" "${RUNS_OF[$e:$s:$c]% }"; done)"
    done
done
if ((MAX_OTHERS > 5)); then
    echo "  WARNING: other processes took up to $MAX_OTHERS % of the machine during a pass: those figures are disturbed"
fi
echo
echo "output parity (mean bytes; JPEG quality read back from the quantisation table):"
for s in $SCENARIOS; do
    printf '  (%s) %-26s %s\n' "$s" "${LABEL[$s]}" "$(for e in "${ENGINES[@]}"; do
        printf '%s %s B %s   ' "$e" "${BYTES_OF[$e:$s]}" "$([[ "${QUAL_OF[$e:$s]}" == - ]] || echo "${QUAL_OF[$e:$s]}")"; done)"
done
echo
echo "how each engine is measured:"
if server; then
    echo "  ChatMedia      GET <url>?x-oss-process=<string> over HTTP on loopback, one curl -Z process, c transfers at a"
    echo "                 time on kept-alive connections; each URL a fresh media id (a cache miss), computed and"
    echo "                 stored by the server (-Xmx$HEAP, local disk); the client's own ceiling, the same N GETs of one"
    echo "                 cached result: $(for c in $CONCURRENCY; do printf 'c=%s %s img/s  ' "$c" "${CEILING[$c]}"; done)"
fi
if refs; then
    sharp_concurrency="$(python3 -c "import json, sys; print(json.loads(sys.argv[1])['sharp_concurrency'])" "$SHARP_INFO")"
    echo "  sharp          in-process, the source in a Buffer, c promises in flight, sharp.cache(false),"
    echo "                 sharp.concurrency() = $sharp_concurrency (its default here), jpeg({quality: $JPEG_Q}) / webp({quality: $WEBP_Q})"
    echo "  vipsthumbnail  one process per image (process start and libvips start-up included), xargs -P c,"
    echo "                 --size ${WIDTH}x -o out.jpg[Q=$JPEG_Q,strip] / out.webp[Q=$WEBP_Q,strip], VIPS_CONCURRENCY=${VIPS_CONCURRENCY:-unset (one thread a core)}"
fi
echo
echo "versions:"
server && echo "  ChatMedia      $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (modified)'), $(java -version 2>&1 | head -1)"
if refs; then
    echo "  sharp          $(python3 -c "import json, sys; d = json.loads(sys.argv[1]); print(f\"{d['sharp']} (libvips {d['libvips']}, node {d['node']})\")" "$SHARP_INFO")"
    echo "  vipsthumbnail  libvips $(vips --version | sed 's/^vips-//') (Debian)"
fi
echo "  sources        ${SOURCE_DIR#"$ROOT/"}/: $(basename "$SRC_12MP") $(stat -c %s "$SRC_12MP") B," \
    "$(basename "$SRC_1MP") $(stat -c %s "$SRC_1MP") B (JPEG Q90, 4:2:0), $(basename "$SRC_SHOT")" \
    "$(stat -c %s "$SRC_SHOT") B (PNG, 1170x2532)"
