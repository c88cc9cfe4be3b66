#!/usr/bin/env bash
# Memory of ChatMedia under a long run of uncached video covers (GET <video URL>?x-oss-process=video/snapshot,...),
# on demand (never part of the test suite): does the server's RSS keep growing request after request (native
# decoder/scaler/encoder memory that is never freed), or does it level off?
#
#   bench/cover-memory.sh                          # 1,000 cover requests on the 1080p H.264 clip, -Xmx256m
#   BENCH_NO_BUILD=1 bench/cover-memory.sh         # reuse target/chatmedia-*.jar
#   BENCH_REQUESTS=2000 bench/cover-memory.sh      # more requests (a multiple of 100, at least 300)
#   BENCH_KEEP=1 bench/cover-memory.sh             # keep the run folder (server log, data dir) under target/bench
#
# What it does, in one run:
#   1. builds target/chatmedia-*.jar (./mvnw -B -q -DskipTests package; BENCH_NO_BUILD=1 reuses it);
#   2. reuses target/bench/cover-clips/h264-1080p-30s-gop2s.mp4 (1920x1080 H.264, 30 s, GOP 2 s); when it is not
#      there, bench/cover-latency.sh makes it (BENCH_REFERENCE_ONLY=1 BENCH_CLIPS=h264-1080p BENCH_REPEAT=1);
#   3. starts the jar at -Xmx$BENCH_HEAP (256m) on 127.0.0.1:<free port> with its data dir under the run folder,
#      uploads the clip (POST /v1/media, multipart, a user JWT minted here);
#   4. sends BENCH_REQUESTS (1,000) cover requests one after another, none of them cached: request i asks for
#      t = i * (duration - 100 ms) / N (distinct times spread over the whole clip), even i with m_fast (keyframe),
#      odd i exact, always w_260,f_jpg; every answer must be a 200 image/jpeg whose JPEG header says 260 px wide,
#      else the run stops with the answer. The server's VmRSS is read from /proc before the first request and after
#      every 100th; VmHWM and the heap in use (/actuator/prometheus) at the end;
#   5. prints the RSS table and the growth from request 200 to the last (the first 200 are the warm-up: JIT, the
#      natives' first allocations, malloc arenas), deletes the upload, stops the server, removes the run folder.
#
# Bounded in time: the server gets 120 s to start, the upload 300 s, each request 120 s, and the request loop stops
# after BENCH_DEADLINE_S (1200) seconds whatever happened (then it exits 1 with the rows it has).
# Exit status: 0 when all the requests were answered as expected (whatever the growth is; the figures are reported,
# not judged), 1 on a failure, 2 on bad settings or a missing tool.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REQUESTS="${BENCH_REQUESTS:-1000}"
DEADLINE_S="${BENCH_DEADLINE_S:-1200}"
HEAP="${BENCH_HEAP:-256m}"
USER_LIMIT="1GB"
WIDTH=260
EVERY=100
WARM_REQUESTS=200
CLIP_DIR="$BENCH/cover-clips"
CLIP="$CLIP_DIR/h264-1080p-30s-gop2s.mp4" # the name bench/cover-latency.sh gives it
RUN="$BENCH/cover-memory-run-$$"
DATA="$RUN/data"

[[ "$REQUESTS" =~ ^[1-9][0-9]*$ ]] && (( REQUESTS % EVERY == 0 && REQUESTS > WARM_REQUESTS )) \
    || { echo "BENCH_REQUESTS must be a multiple of $EVERY above $WARM_REQUESTS" >&2; exit 2; }
[[ "$DEADLINE_S" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_DEADLINE_S must be a positive integer" >&2; exit 2; }
require_tools java curl python3

# ---- 1. the jar --------------------------------------------------------------------------------------------
build_jar
log "jar: $JAR"

# ---- 2. the clip -------------------------------------------------------------------------------------------
if [[ ! -s "$CLIP" ]]; then
    log "no $CLIP: bench/cover-latency.sh makes it (reference only, one run)"
    BENCH_REFERENCE_ONLY=1 BENCH_CLIPS=h264-1080p BENCH_REPEAT=1 BENCH_WARMUP=0 "$ROOT/bench/cover-latency.sh" \
        > /dev/null
    [[ -s "$CLIP" ]] || { echo "bench/cover-latency.sh did not make $CLIP" >&2; exit 1; }
fi
log "clip: $CLIP ($(stat -c %s "$CLIP") bytes)"

mkdir -p "$BENCH" "$RUN" "$DATA"
MEDIA_ID=""
# At exit, before the server stops: the upload goes (its derived results with it). The run folder goes anyway.
delete_upload() {
    if [[ -n "$MEDIA_ID" && -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        curl -fsS --max-time 30 -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/$MEDIA_ID" \
            || log "DELETE of the upload failed (the run folder is removed anyway)"
    fi
}
# cleanup_on_exit runs its hook after stopping the server, so the DELETE goes first, from this EXIT trap, which
# hands the script's status on to bench_cleanup (it exits with $?).
cleanup_on_exit
trap 'BENCH_RC=$?; set +e; delete_upload; (exit "$BENCH_RC"); bench_cleanup' EXIT

# ---- 3. ChatMedia ------------------------------------------------------------------------------------------
launch_chatmedia
RSS_READY_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")"

log "upload h264-1080p"
post_upload clip --max-time 300 -F "file=@$CLIP;type=video/mp4;filename=h264-1080p.mp4" "$BASE/v1/media"
RESP="$RUN/resp-clip.json"
MEDIA_ID="$ANSWER_ID"
KIND="$(json_field "$RESP" kind)"
[[ "$KIND" == video ]] || { echo "upload: kind '$KIND', expected video: $(head -c 500 "$RESP")" >&2; exit 1; }
URL="$(json_field "$RESP" url)"
[[ "$URL" == /* ]] && URL="$BASE$URL"
DURATION_MS="$(json_field "$RESP" duration_ms)"
VIDEO_WIDTH="$(json_field "$RESP" width)"
VIDEO_HEIGHT="$(json_field "$RESP" height)"
[[ "$DURATION_MS" =~ ^[0-9]+$ ]] && (( DURATION_MS - 100 >= REQUESTS )) \
    || { echo "upload: duration_ms '$DURATION_MS', too short for $REQUESTS distinct ms values" >&2; exit 1; }
(( VIDEO_WIDTH >= WIDTH )) || { echo "upload: width $VIDEO_WIDTH, below w_$WIDTH" >&2; exit 1; }
log "upload: 201 in $UPLOAD_SECONDS s, $ANSWER_SIZE bytes, ${VIDEO_WIDTH}x$(json_field "$RESP" height)," \
    "duration $DURATION_MS ms"
start_rss_sampler

# ---- 4. the requests ---------------------------------------------------------------------------------------
# One python3 process sends them all (no fork per request, so the loop is the server's time), checks each answer,
# reads /proc/<pid>/status every $EVERY requests, and writes "requests<TAB>VmRSS kB<TAB>threads<TAB>elapsed s" rows
# to rows.tsv as it goes and the medians of the two kinds to latency.txt at the end.
log "$REQUESTS uncached cover requests (m_fast and exact alternating, w_$WIDTH, f_jpg), RSS every $EVERY"
set +e
python3 - "$URL" "$SERVER_PID" "$REQUESTS" "$EVERY" "$DURATION_MS" "$WIDTH" "$DEADLINE_S" "$RUN" <<'PY'
import http.client, statistics, sys, time, urllib.parse

url, pid, n, every, duration, width, deadline_s, run = sys.argv[1:]
pid, n, every, duration, width, deadline_s = int(pid), int(n), int(every), int(duration), int(width), int(deadline_s)
parts = urllib.parse.urlsplit(url)
path = parts.path + ("?" + parts.query + "&" if parts.query else "?")

def status_of(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/{pid}/status")

def jpeg_size(body):
    """(width, height) from the first SOFn segment, None when the body is not a JPEG."""
    if body[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 4 <= len(body):
        if body[i] != 0xFF:
            return None
        marker = body[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker in (0x01,) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(body[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if i + 9 > len(body):
                return None
            return int.from_bytes(body[i + 7:i + 9], "big"), int.from_bytes(body[i + 5:i + 7], "big")
        i += 2 + length
    return None

rows = open(f"{run}/rows.tsv", "w")
def row(done, t0):
    rows.write(f"{done}\t{status_of('VmRSS')}\t{status_of('Threads')}\t{time.monotonic() - t0:.1f}\n")
    rows.flush()

start = time.monotonic()
row(0, start)
ms = {"fast": [], "exact": []}
for i in range(n):
    if time.monotonic() - start > deadline_s:
        print(f"stopped after {i} requests: past the {deadline_s} s deadline (BENCH_DEADLINE_S)", file=sys.stderr)
        sys.exit(1)
    kind = "fast" if i % 2 == 0 else "exact"
    t = i * (duration - 100) // n
    process = f"video/snapshot,t_{t}" + (",m_fast" if kind == "fast" else "") + f",w_{width},f_jpg"
    target = path + "x-oss-process=" + process
    r0 = time.monotonic()
    try:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        conn.request("GET", target)
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
    except Exception as e:
        print(f"GET {target}: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    ms[kind].append((time.monotonic() - r0) * 1000)
    ctype = resp.getheader("Content-Type", "")
    size = jpeg_size(body)
    if resp.status != 200 or not ctype.startswith("image/jpeg") or size is None or size[0] != width:
        print(f"GET {target}\nanswered {resp.status}, Content-Type '{ctype}', {len(body)} bytes, "
              f"JPEG size {size}, expected 200 image/jpeg {width} px wide:", file=sys.stderr)
        print(body[:500].decode("latin-1").encode("ascii", "replace").decode(), file=sys.stderr)
        sys.exit(1)
    if (i + 1) % every == 0:
        row(i + 1, start)
        print(f"[bench] {i + 1} requests, VmRSS {status_of('VmRSS') // 1024} MiB", file=sys.stderr)
with open(f"{run}/latency.txt", "w") as f:
    f.write(f"{statistics.median(ms['fast']):.1f} {statistics.median(ms['exact']):.1f}\n")
PY
LOOP_RC=$?
set -e
if (( LOOP_RC != 0 )); then
    tail -30 "$RUN/server.log" >&2
    [[ -s "$RUN/rows.tsv" ]] && { echo "rows so far (requests, VmRSS kB, threads, s):" >&2; cat "$RUN/rows.tsv" >&2; }
    exit 1
fi
kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died" >&2; exit 1; }
read_memory_figures
read -r FAST_MS EXACT_MS < "$RUN/latency.txt"

# ---- 5. the table ------------------------------------------------------------------------------------------
echo
echo "ChatMedia memory under uncached video covers: $REQUESTS requests on $(basename "$CLIP") (${VIDEO_WIDTH}x$VIDEO_HEIGHT," \
    "$DURATION_MS ms), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "one request at a time; t spread over the clip, distinct each time (no cache hit); m_fast and exact alternate;"
echo "w_$WIDTH,f_jpg; VmRSS read from /proc/$SERVER_PID/status after every $EVERY requests"
python3 - "$RUN/rows.tsv" "$WARM_REQUESTS" <<'PY'
import sys
rows = [tuple(float(x) for x in line.split("\t")) for line in open(sys.argv[1]) if line.strip()]
warm = int(sys.argv[2])
print(f"{'requests':>8} {'VmRSS MiB':>10} {'+ MiB':>7} {'threads':>8} {'elapsed s':>10}")
previous = None
for done, rss, threads, elapsed in rows:
    delta = "" if previous is None else f"{(rss - previous) / 1024:+.1f}"
    print(f"{int(done):>8} {rss / 1024:>10.1f} {delta:>7} {int(threads):>8} {elapsed:>10.1f}")
    previous = rss
by = {int(r[0]): r[1] for r in rows}
last = int(rows[-1][0])
growth = (by[last] - by[warm]) / 1024
print()
print(f"{'growth, request ' + str(warm) + ' to ' + str(last):<40} {growth:+.1f} MiB "
      f"({growth * 100 / (last - warm):+.2f} MiB per 100 requests, {growth * 1024 / (last - warm):+.1f} KiB per request)")
print(f"{'growth, request 0 to ' + str(warm) + ' (warm-up)':<40} {(by[warm] - by[0]) / 1024:+.1f} MiB")
PY
printf '%-40s %s\n' "server heap limit" "-Xmx$HEAP"
printf '%-40s %s MiB\n' "server RSS when ready (before upload)" "$(kib_to_mib "$RSS_READY_KB")"
printf '%-40s %s MiB\n' "server peak RSS (VmHWM) at the end" "$(kib_to_mib "$HWM_KB")"
printf '%-40s %s MiB\n' "server max sampled VmRSS (0.2 s)" "$(kib_to_mib "$MAX_RSS_KB")"
printf '%-40s %s\n' "heap used after the requests" "$HEAP_USED"
printf '%-40s %s ms m_fast, %s ms exact\n' "request latency, median (client side)" "$FAST_MS" "$EXACT_MS"
