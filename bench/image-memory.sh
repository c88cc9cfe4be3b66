#!/usr/bin/env bash
# Memory of ChatMedia under a long run of uncached image results (GET <image URL>?x-oss-process=image/...), on
# demand (never part of the test suite): the engine decodes, transforms and encodes in native memory (OpenCV Mats,
# FFmpeg frames and packets through JavaCPP), which is freed only when it is closed, never by the garbage collector;
# a path that forgets a close shows as RSS that keeps growing request after request while the heap stays small.
#
#   bench/image-memory.sh                          # 1,000 image requests over six sources, -Xmx256m
#   BENCH_NO_BUILD=1 bench/image-memory.sh         # reuse target/chatmedia-*.jar
#   BENCH_REQUESTS=600 bench/image-memory.sh       # fewer (or more) requests (a multiple of 200, at least 600)
#   BENCH_KEEP=1 bench/image-memory.sh             # keep the run folder (server log, data dir) under target/bench
#
# What it does, in one run:
#   1. builds target/chatmedia-*.jar (./mvnw -B -q -DskipTests package; BENCH_NO_BUILD=1 reuses it);
#   2. makes target/bench/image-sources/photo-12mp.jpg when it is not there (src/test/resources/image/photo.jpg scaled
#      to 4000x3000 with a fixed grain, baseline 4:2:0, by /usr/bin/ffmpeg); the other sources are the committed
#      fixtures in src/test/resources/image: photo.jpg (1200x800), alpha.png (400x300 RGBA), animated.gif (160x120,
#      12 frames), photo.heic (1200x800 HEVC) and grid.heic (3x2 HEVC tiles, 1200x800);
#   3. starts the jar at -Xmx$BENCH_HEAP (256m) on 127.0.0.1:<free port> with its data dir under the run folder and
#      SVT_LOG=1 (no SVT-AV1 banner per AVIF), uploads the six sources once (POST /v1/media, multipart, a user JWT
#      minted here) and checks what the upload probe says of them;
#   4. sends BENCH_REQUESTS (1,000) image requests one after another, every one a cache miss: request i (from 0)
#      resizes to w_<b>, b = 200 + (617 i mod 1000) (on the sources narrower than 1200 px, that share of 1200:
#      w_66..w_399 on the PNG, w_26..w_159 on the GIF), so every processing string is distinct (past 1,000 a
#      bright,<i div 1000> step keeps them so) and every block of 200 requests asks for small and large results
#      alike (the work does not drift from small to large over the run, which would grow RSS without a leak);
#      the requests cycle through ten kinds:
#        i mod 10 = 0  12 MP JPEG   resize                           (reduced-size JPEG decode, 1/2 to 1/8)
#                   1  alpha PNG    resize + circle                  (transparent outside)
#                   2  GIF          resize                           (the 12 frames, re-encoded as a GIF)
#                   3  photo.heic   resize                           (HEVC through FFmpeg)
#                   4  12 MP JPEG   resize to w_<3 b + 200> (800..3797) + text watermark (the
#                                   bundled CJK font; over 2000 px, half of them, the JPEG is decoded at full size)
#                   5  alpha PNG    resize + rounded-corners
#                   6  grid.heic    resize                           (six HEVC tiles stitched)
#                   7  photo.jpg    resize + rotate,30               (the canvas grows)
#                   8  alpha PNG    resize + format,webp
#                   9  photo.jpg    resize + blur,r_3,s_2            every other time (i mod 20 = 9), else
#                      12 MP JPEG   resize + format,avif             (i mod 20 = 19: every 20th request, SVT-AV1)
#      every answer must be a 200 of the expected content type whose bytes start as that format does (and, where
#      the width is known, whose header says that width), else the run stops with the answer. The server's VmRSS,
#      VmHWM and thread count are read from /proc before the first request and after every 200th; the heap in use
#      (/actuator/prometheus) at the end;
#   5. prints the table, the growth from request 200 to the last (the first 200 are the warm-up: JIT, the natives'
#      first allocations, malloc arenas) against the largest sample-to-sample swing after the warm-up, and the
#      median latency of each kind; deletes the uploads, stops the server, removes the run folder.
#
# Bounded in time: the server gets 120 s to start, each upload 120 s, each request 120 s, and the request loop stops
# after BENCH_DEADLINE_S (1200) seconds whatever happened (then it exits 1 with the rows it has).
# Exit status: 0 when all the requests were answered as expected (whatever the growth is; the figures are reported
# and the verdict printed, not enforced), 1 on a failure, 2 on bad settings or a missing tool.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REQUESTS="${BENCH_REQUESTS:-1000}"
DEADLINE_S="${BENCH_DEADLINE_S:-1200}"
HEAP="${BENCH_HEAP:-256m}"
USER_LIMIT="1GB"
EVERY=200
WARM_REQUESTS=200
FFMPEG=/usr/bin/ffmpeg # Debian's; the natives the server uses come with the jar
FIXTURES="$ROOT/src/test/resources/image"
SOURCE_DIR="$BENCH/image-sources"
BIG="$SOURCE_DIR/photo-12mp.jpg"
RUN="$BENCH/image-memory-run-$$"
DATA="$RUN/data"

[[ "$REQUESTS" =~ ^[1-9][0-9]*$ ]] && (( REQUESTS % EVERY == 0 && REQUESTS >= WARM_REQUESTS + 2 * EVERY && REQUESTS <= 100000 )) \
    || { echo "BENCH_REQUESTS must be a multiple of $EVERY from $((WARM_REQUESTS + 2 * EVERY)) to 100000" >&2; exit 2; }
[[ "$DEADLINE_S" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_DEADLINE_S must be a positive integer" >&2; exit 2; }
require_tools java curl python3
[[ -x "$FFMPEG" ]] || { echo "missing tool: $FFMPEG (apt-get install ffmpeg)" >&2; exit 2; }
for fixture in photo.jpg alpha.png animated.gif photo.heic grid.heic; do
    [[ -s "$FIXTURES/$fixture" ]] || { echo "missing fixture: $FIXTURES/$fixture" >&2; exit 2; }
done

# ---- 1. the jar --------------------------------------------------------------------------------------------
build_jar
log "jar: $JAR"

# ---- 2. the sources ----------------------------------------------------------------------------------------
mkdir -p "$BENCH" "$SOURCE_DIR" "$RUN" "$DATA"
if [[ ! -s "$BIG" ]]; then
    log "making $BIG (4000x3000 JPEG from photo.jpg)"
    "$FFMPEG" -nostdin -v error -y -i "$FIXTURES/photo.jpg" \
        -vf "scale=4000:3000:flags=bicubic,noise=alls=12:all_seed=7,format=yuvj420p" -q:v 3 -frames:v 1 \
        -f image2 "$BIG.part.jpg"
    mv "$BIG.part.jpg" "$BIG"
fi
log "12 MP source: $BIG ($(stat -c %s "$BIG") bytes)"

MEDIA_IDS=()
# At exit, before the server stops: the uploads go (their derived results with them). The run folder goes anyway.
delete_uploads() {
    local id
    [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null || return 0
    for id in "${MEDIA_IDS[@]}"; do
        curl -fsS --max-time 30 -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/$id" \
            || log "DELETE of upload $id failed (the run folder is removed anyway)"
    done
}
# cleanup_on_exit runs its hook after stopping the server, so the DELETEs go first, from this EXIT trap, which
# hands the script's status on to bench_cleanup (it exits with $?).
cleanup_on_exit
trap 'BENCH_RC=$?; set +e; delete_uploads; (exit "$BENCH_RC"); bench_cleanup' EXIT

# ---- 3. ChatMedia and the uploads --------------------------------------------------------------------------
SVT_LOG=1 launch_chatmedia
RSS_READY_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")"

# upload_source <label> <file> <type> <width> <height> <animated>: one upload, its probe checked; appends
# "label<TAB>url<TAB>width<TAB>height" to $RUN/sources.tsv.
: > "$RUN/sources.tsv"
upload_source() {
    local label="$1" file="$2" type="$3" width="$4" height="$5" animated="$6" resp url kind
    post_upload "$label" --max-time 120 -F "file=@$file;type=$type;filename=$(basename "$file")" "$BASE/v1/media"
    resp="$RUN/resp-$label.json"
    MEDIA_IDS+=("$ANSWER_ID")
    kind="$(json_field "$resp" kind)"
    [[ "$kind" == image ]] || { echo "upload $label: kind '$kind', expected image: $(head -c 500 "$resp")" >&2; exit 1; }
    local got
    got="$(json_field "$resp" width)x$(json_field "$resp" height) animated $(json_field "$resp" animated)"
    [[ "$got" == "${width}x$height animated $animated" ]] \
        || { echo "upload $label: probed $got, expected ${width}x$height animated $animated" >&2; exit 1; }
    url="$(json_field "$resp" url)"
    [[ "$url" == /* ]] && url="$BASE$url"
    printf '%s\t%s\t%s\t%s\n' "$label" "$url" "$width" "$height" >> "$RUN/sources.tsv"
    log "upload $label: 201 in $UPLOAD_SECONDS s, $ANSWER_SIZE bytes, $(json_field "$resp" content_type), $got"
}
upload_source jpeg12mp "$BIG" image/jpeg 4000 3000 False
upload_source jpeg "$FIXTURES/photo.jpg" image/jpeg 1200 800 False
upload_source png "$FIXTURES/alpha.png" image/png 400 300 False
upload_source gif "$FIXTURES/animated.gif" image/gif 160 120 True
upload_source heic "$FIXTURES/photo.heic" image/heic 1200 800 False
upload_source gridheic "$FIXTURES/grid.heic" image/heic 1200 800 False
start_rss_sampler
LOG_LINES_BEFORE="$(wc -l < "$RUN/server.log")"

# ---- 4. the requests ---------------------------------------------------------------------------------------
# One python3 process sends them all (no fork per request, so the loop is the server's time), checks each answer,
# reads /proc/<pid>/status (and the committed heap from /actuator/prometheus) every $EVERY requests, and writes
# "requests<TAB>VmRSS kB<TAB>VmHWM kB<TAB>threads<TAB>heap committed kB<TAB>elapsed s" rows to rows.tsv as it goes and "kind<TAB>count<TAB>median ms<TAB>max ms" to latency.tsv at the end.
log "$REQUESTS uncached image requests over 6 sources, 11 kinds (format,avif every 20th), /proc read every $EVERY"
set +e
python3 - "$RUN/sources.tsv" "$SERVER_PID" "$REQUESTS" "$EVERY" "$DEADLINE_S" "$RUN" <<'PY'
import base64, http.client, re, statistics, sys, time, urllib.parse

sources_tsv, pid, n, every, deadline_s, run = sys.argv[1:]
pid, n, every, deadline_s = int(pid), int(n), int(every), int(deadline_s)
sources = {}
for line in open(sources_tsv):
    label, url, width, height = line.rstrip("\n").split("\t")
    sources[label] = (urllib.parse.urlsplit(url), int(width), int(height))

STRIDE = 617  # coprime with 1000: i -> 617 i mod 1000 visits 0..999 once, spread over every block of 200
TEXT = base64.urlsafe_b64encode("ChatMedia 水印".encode()).decode().rstrip("=")

def plan(i):
    """(kind, source, processing string, content type, width the header must say or None) of request i."""
    kind, label, process, ctype, width = plan_of_round(i)
    if i >= 1000:  # the same widths again: a bright step keeps the strings distinct
        process += f"/bright,{i // 1000}"
    return kind, label, process, ctype, width

def plan_of_round(i):
    base = 200 + STRIDE * i % 1000
    def w(label):  # w_200..w_1199, scaled down for the sources narrower than 1200 px
        return base * min(sources[label][1], 1200) // 1200
    k = i % 10
    if i % 20 == 19:
        return "12mp jpeg -> avif", "jpeg12mp", f"resize,w_{w('jpeg12mp')}/format,avif", "image/avif", None
    if k == 0:
        return "12mp jpeg resize", "jpeg12mp", f"resize,w_{w('jpeg12mp')}", "image/jpeg", w("jpeg12mp")
    if k == 1:
        r = max(1, w("png") // 4)
        return "png circle", "png", f"resize,w_{w('png')}/circle,r_{r}", "image/png", 2 * r + 1
    if k == 2:
        return "gif resize", "gif", f"resize,w_{w('gif')}", "image/gif", w("gif")
    if k == 3:
        return "heic resize", "heic", f"resize,w_{w('heic')}", "image/jpeg", w("heic")
    if k == 4:
        return ("12mp jpeg watermark", "jpeg12mp",
                f"resize,w_{3 * base + 200}/watermark,text_{TEXT},size_{20 + i % 40},color_FFFFFF,g_se",
                "image/jpeg", 3 * base + 200)
    if k == 5:
        return ("png rounded-corners", "png", f"resize,w_{w('png')}/rounded-corners,r_{max(1, w('png') // 8)}",
                "image/png", w("png"))
    if k == 6:
        return "grid heic resize", "gridheic", f"resize,w_{w('gridheic')}", "image/jpeg", w("gridheic")
    if k == 7:
        return "jpeg rotate,30", "jpeg", f"resize,w_{w('jpeg')}/rotate,30", "image/jpeg", None
    if k == 8:
        return "png -> webp", "png", f"resize,w_{w('png')}/format,webp", "image/webp", None
    return "jpeg blur", "jpeg", f"resize,w_{w('jpeg')}/blur,r_3,s_2", "image/jpeg", w("jpeg")

plans = [plan(i) for i in range(n)]
distinct = {(p[1], p[2]) for p in plans}
if len(distinct) != n:
    raise SystemExit(f"only {len(distinct)} distinct processing strings for {n} requests: some would be cache hits")

MAGIC = {"image/jpeg": lambda b: b[:3] == b"\xff\xd8\xff", "image/png": lambda b: b[:8] == b"\x89PNG\r\n\x1a\n",
         "image/gif": lambda b: b[:6] in (b"GIF87a", b"GIF89a"),
         "image/webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
         "image/avif": lambda b: b[4:8] == b"ftyp" and b"avif" in b[8:32]}

def width_of(ctype, body):
    if ctype == "image/png":
        return int.from_bytes(body[16:20], "big")
    if ctype == "image/gif":
        return int.from_bytes(body[6:8], "little")
    if ctype == "image/jpeg":
        i = 2
        while i + 4 <= len(body):
            if body[i] != 0xFF:
                return None
            marker = body[i + 1]
            if marker == 0xFF:
                i += 1
                continue
            if marker == 0x01 or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(body[i + 7:i + 9], "big") if i + 9 <= len(body) else None
            i += 2 + int.from_bytes(body[i + 2:i + 4], "big")
    return None

def status_of(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/{pid}/status")

def heap_committed_kb():
    """The heap the JVM has committed (part of VmRSS once touched), from /actuator/prometheus; -1 when unreadable."""
    some = next(iter(sources.values()))[0]
    try:
        conn = http.client.HTTPConnection(some.hostname, some.port, timeout=30)
        conn.request("GET", "/actuator/prometheus")
        text = conn.getresponse().read().decode()
        conn.close()
    except Exception:
        return -1
    found = re.findall(r'^jvm_memory_committed_bytes\{[^}]*area="heap"[^}]*\} (\S+)', text, re.M)
    return int(sum(float(v) for v in found) / 1024) if found else -1

rows = open(f"{run}/rows.tsv", "w")
def row(done, t0):
    elapsed = time.monotonic() - t0
    heap = heap_committed_kb()
    rows.write(f"{done}\t{status_of('VmRSS')}\t{status_of('VmHWM')}\t{status_of('Threads')}\t{heap}\t"
               f"{elapsed:.1f}\n")
    rows.flush()

start = time.monotonic()
row(0, start)
ms = {}
for i, (kind, label, process, want_type, want_width) in enumerate(plans):
    if time.monotonic() - start > deadline_s:
        print(f"stopped after {i} requests: past the {deadline_s} s deadline (BENCH_DEADLINE_S)", file=sys.stderr)
        sys.exit(1)
    parts = sources[label][0]
    target = parts.path + ("?" + parts.query + "&" if parts.query else "?") + "x-oss-process=image/" + process
    r0 = time.monotonic()
    try:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        conn.request("GET", target)
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
    except Exception as e:
        print(f"request {i} ({kind}): GET {target}: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    ms.setdefault(kind, []).append((time.monotonic() - r0) * 1000)
    ctype = resp.getheader("Content-Type", "").split(";")[0].strip()
    width = width_of(ctype, body)
    if (resp.status != 200 or ctype != want_type or not MAGIC[want_type](body)
            or (want_width is not None and width != want_width)):
        print(f"request {i} ({kind}): GET {target}\nanswered {resp.status}, Content-Type '{ctype}', {len(body)} bytes, "
              f"width {width}; expected 200 {want_type}" + (f" {want_width} px wide" if want_width else "") + ":",
              file=sys.stderr)
        print(body[:500].decode("latin-1").encode("ascii", "replace").decode(), file=sys.stderr)
        sys.exit(1)
    if (i + 1) % every == 0:
        row(i + 1, start)
        print(f"[bench] {i + 1} requests, VmRSS {status_of('VmRSS') // 1024} MiB", file=sys.stderr)
with open(f"{run}/latency.tsv", "w") as f:
    for kind, values in ms.items():
        f.write(f"{kind}\t{len(values)}\t{statistics.median(values):.1f}\t{max(values):.1f}\n")
PY
LOOP_RC=$?
set -e
if (( LOOP_RC != 0 )); then
    tail -30 "$RUN/server.log" >&2
    [[ -s "$RUN/rows.tsv" ]] && { echo "rows so far (requests, VmRSS kB, VmHWM kB, threads, heap committed kB, s):" >&2
        cat "$RUN/rows.tsv" >&2; }
    exit 1
fi
kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died" >&2; exit 1; }
read_memory_figures
# What the server wrote during the requests besides its access log: native chatter (an SVT-AV1 banner), warnings.
tail -n +"$((LOG_LINES_BEFORE + 1))" "$RUN/server.log" | grep -v ' chatmedia\.access ' > "$RUN/server-other.log" || true
LOG_LINES="$(wc -l < "$RUN/server-other.log")"
LOG_ERRORS="$(grep -c -E '\b(ERROR|WARN)\b' "$RUN/server-other.log" || true)"

# ---- 5. the table ------------------------------------------------------------------------------------------
echo
echo "ChatMedia memory under uncached image results: $REQUESTS requests over 6 sources (12 MP JPEG, JPEG, alpha PNG," \
    "animated GIF, HEIC, grid HEIC), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "one request at a time; every processing string distinct (no cache hit); 11 kinds in turn, format,avif every"
echo "20th; VmRSS, VmHWM and threads read from /proc/$SERVER_PID/status after every $EVERY requests"
python3 - "$RUN/rows.tsv" "$WARM_REQUESTS" <<'PY'
import sys
rows = [tuple(float(x) for x in line.split("\t")) for line in open(sys.argv[1]) if line.strip()]
warm = int(sys.argv[2])
print(f"{'requests':>8} {'VmRSS MiB':>10} {'+ MiB':>7} {'VmHWM MiB':>10} {'threads':>8} {'heap committed MiB':>19}"
      f" {'elapsed s':>10}")
previous = None
for done, rss, hwm, threads, heap, elapsed in rows:
    delta = "" if previous is None else f"{(rss - previous) / 1024:+.1f}"
    committed = "n/a" if heap < 0 else f"{heap / 1024:.0f}"
    print(f"{int(done):>8} {rss / 1024:>10.1f} {delta:>7} {hwm / 1024:>10.1f} {int(threads):>8} {committed:>19}"
          f" {elapsed:>10.1f}")
    previous = rss
by = {int(r[0]): r[1] for r in rows}
last = int(rows[-1][0])
after = [r[1] for r in rows if r[0] >= warm]
swing = max(abs(b - a) for a, b in zip(after, after[1:])) / 1024
growth = (by[last] - by[warm]) / 1024
print()
print(f"{'growth, request ' + str(warm) + ' to ' + str(last):<40} {growth:+.1f} MiB "
      f"({growth * 100 / (last - warm):+.2f} MiB per 100 requests, {growth * 1024 / (last - warm):+.1f} KiB per request)")
print(f"{'growth, request 0 to ' + str(warm) + ' (warm-up)':<40} {(by[warm] - by[0]) / 1024:+.1f} MiB")
print(f"{'largest swing between samples after ' + str(warm):<40} {swing:.1f} MiB")
flat = abs(growth) <= swing
print(f"{'verdict':<40} {'flat' if flat else 'GROWING'}: {growth:+.1f} MiB from {warm} to {last} is "
      f"{'within' if flat else 'beyond'} the {swing:.1f} MiB sample-to-sample swing")
PY
printf '%-40s %s\n' "server heap limit" "-Xmx$HEAP"
printf '%-40s %s MiB\n' "server RSS when ready (before uploads)" "$(kib_to_mib "$RSS_READY_KB")"
printf '%-40s %s MiB\n' "server peak RSS (VmHWM) at the end" "$(kib_to_mib "$HWM_KB")"
printf '%-40s %s MiB\n' "server max sampled VmRSS (0.2 s)" "$(kib_to_mib "$MAX_RSS_KB")"
printf '%-40s %s\n' "heap used after the requests" "$HEAP_USED"
printf '%-40s %s (%s WARN/ERROR)\n' "server log lines besides access lines" "$LOG_LINES" "$LOG_ERRORS"
echo
echo "latency per kind (client side):"
python3 - "$RUN/latency.tsv" <<'PY'
import sys
print(f"  {'kind':<22} {'requests':>8} {'median ms':>10} {'max ms':>8}")
for line in open(sys.argv[1]):
    kind, count, median, top = line.rstrip("\n").split("\t")
    print(f"  {kind:<22} {count:>8} {median:>10} {top:>8}")
PY
