#!/usr/bin/env bash
# Video cover latency of ChatMedia (GET <video URL>?x-oss-process=video/snapshot,...) against spawning ffmpeg per
# request, on demand (never part of the test suite).
#
#   bench/cover-latency.sh                          # 4 clips, 10 requests per scenario and clip
#   BENCH_REPEAT=20 bench/cover-latency.sh
#   BENCH_CLIPS="h264-1080p hevc-1080p" bench/cover-latency.sh   # a subset of the clips
#   BENCH_COLD=3 bench/cover-latency.sh             # the first requests after the start, timed apart (default 2)
#   BENCH_NO_BUILD=1 bench/cover-latency.sh         # reuse target/chatmedia-*.jar
#   BENCH_KEEP=1 bench/cover-latency.sh             # keep the run folder (server log, data dir) under target/bench
#   BENCH_REFERENCE_ONLY=1 bench/cover-latency.sh   # clips and ffmpeg reference only: no jar, no server
#
# What it does, in one run:
#   1. builds target/chatmedia-*.jar (./mvnw -B -q -DskipTests package; BENCH_NO_BUILD=1 reuses it);
#   2. generates, once, under target/bench/cover-clips/ and reuses: clips of ffmpeg's testsrc2 at 30 fps with a
#      keyframe every 60 frames (GOP 2 s, closed, no scene-cut keyframes) and a 48 kHz stereo AAC track (a sine),
#      faststart MP4:
#        h264-1080p      30 s, 1920x1080 H.264 High (x264 veryfast), 12 Mb/s  (a phone's 1080p30 is 12-17 Mb/s)
#        h264-2160p      30 s, 3840x2160 H.264 High (x264 veryfast), 40 Mb/s  (a phone's 4K30 is 35-50 Mb/s)
#        hevc-1080p      30 s, 1920x1080 HEVC Main (x265 fast, hvc1), 8 Mb/s
#        h264-1080p-60s  60 s, as h264-1080p, with a phone's audio: AAC 256 kb/s (twice the index of the 30 s clips)
#   3. reference: ffmpeg -ss T -i FILE -frames:v 1 -vf scale=260:-2 -y out.png, spawned per request (process start
#      included, as a server shelling out would pay it), at the same times T as the server requests below, timed
#      with bash's $EPOCHREALTIME around the process; N runs before the server starts and N after it is stopped,
#      median over both;
#   4. ChatMedia: starts the jar at -Xmx$BENCH_HEAP (256m) on 127.0.0.1:<free port> with its data dir under the run
#      folder and uploads each clip with POST /v1/media (multipart, a user JWT minted here). Then, clip by clip, it
#      restarts the server on the same data dir (a fresh JVM, as after a deploy: the clips stored, nothing warm),
#      waits for readiness and times over HTTP (curl's time_total) the first BENCH_COLD (2) requests of (a) and (b)
#      after the start, alternating (a) (b) (a) (b), in GOP 0 — "first after start" — then N requests of each
#      scenario after BENCH_WARMUP (3) untimed ones of each:
#        (a) uncached keyframe:  video/snapshot,t_<keyframe + 500 ms>,m_fast,w_260,f_png
#        (b) uncached exact:     video/snapshot,t_<keyframe + 1000 ms (mid-GOP)>,w_260,f_png
#        (c) cached:             one URL of (b), requested once untimed and then N times
#      (a) and (b) are uncached by varying t: request i goes to GOP 1 + (i mod G) (G = 13 for the 30 s clips,
#      keyframes at 2 .. 26 s; 28 for the 60 s clip, 2 .. 56 s) plus i div G ms, so no canonical process string
#      repeats and the derived-result cache always misses (warm-up and first requests use the GOPs after those);
#      every answer must be a 200 image/png whose PNG header says 260 px wide, else the run stops with the answer;
#   5. prints the table (median ms, ratio to the reference, the goal), deletes the uploads (DELETE /v1/media/{id}),
#      stops the server and removes the run folder (the clips are kept for reuse).
#
# Goals (issue 13): (a) <= 0.25 x the reference, (b) <= 0.5 x, (c) <= 0.05 x; (c) is compared with (b)'s reference;
# the first requests after a start are compared with the same references and goals.
# Page caches are not dropped: ffmpeg reads the clip from the page cache, the server its stored copy.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPEAT="${BENCH_REPEAT:-10}"
WARMUP="${BENCH_WARMUP:-3}"
COLD="${BENCH_COLD:-2}"
HEAP="${BENCH_HEAP:-256m}"
CLIPS="${BENCH_CLIPS:-h264-1080p h264-2160p hevc-1080p h264-1080p-60s}"
REFERENCE_ONLY="${BENCH_REFERENCE_ONLY:-0}"
USER_LIMIT="1GB"
WIDTH=260
CLIP_DIR="$BENCH/cover-clips"
RUN="$BENCH/cover-run-$$"
DATA="$RUN/data"
GOP_MS=2000
GOAL_FAST=0.25
GOAL_EXACT=0.5
GOAL_CACHED=0.05

[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_REPEAT must be a positive integer" >&2; exit 2; }
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "BENCH_WARMUP must be a non-negative integer" >&2; exit 2; }
[[ "$COLD" =~ ^[1-9][0-9]*$ && "$COLD" -le 250 ]] || { echo "BENCH_COLD must be an integer in 1..250" >&2; exit 2; }
(( REPEAT <= 13 * 250 )) || { echo "BENCH_REPEAT must be at most $((13 * 250))" >&2; exit 2; }
for clip in $CLIPS; do
    [[ "$clip" =~ ^(h264-1080p|h264-2160p|hevc-1080p|h264-1080p-60s)$ ]] \
        || { echo "unknown clip '$clip' (h264-1080p, h264-2160p, hevc-1080p, h264-1080p-60s)" >&2; exit 2; }
done
# The reference and the clips need Debian's ffmpeg: installed here when missing (as root, from Debian's packages).
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
    log "installing Debian's ffmpeg for the reference"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ffmpeg >/dev/null
fi
require_tools java curl python3 ffmpeg ffprobe
[[ -n "${EPOCHREALTIME:-}" ]] || { echo "needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }

ratio3() { python3 -c "print(f'{float(\"$1\") / float(\"$2\"):.3f}')"; }
ms_between() { python3 -c "print(f'{($2 - $1) * 1000:.1f}')"; }
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.1f}')" "$@"; }
# seconds_long <clip>: its duration. gops <clip>: how many GOPs the timed requests cycle through (1..G), leaving the
# last two GOPs of the clip for the warm-up (GOP G + 1) and the end.
seconds_long() { [[ "$1" == *-60s ]] && echo 60 || echo 30; }
gops() { echo $(( $(seconds_long "$1") * 1000 / GOP_MS - 2 )); }
# t of request i (0-based) of a clip: (a) keyframe + 500 ms, (b) keyframe + 1000 ms (mid-GOP), in GOP 1 + (i mod G);
# t_warm_*: the warm-up's, in GOP G + 1; t_cold_*: the first requests after a start, in GOP 0.
t_fast() { local g; g="$(gops "$1")"; echo $(( (1 + $2 % g) * GOP_MS + 500 + $2 / g )); }
t_exact() { local g; g="$(gops "$1")"; echo $(( (1 + $2 % g) * GOP_MS + 1000 + $2 / g )); }
t_warm_fast() { echo $(( ($(gops "$1") + 1) * GOP_MS + 250 + $2 )); }
t_warm_exact() { echo $(( ($(gops "$1") + 1) * GOP_MS + 1250 + $2 )); }
t_cold_fast() { echo $(( 500 + $1 )); }
t_cold_exact() { echo $(( 1000 + $1 )); }
seconds_of_ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

# png_size <file>: "W H" from the PNG header; nothing when the file is not a PNG.
png_size() {
    python3 - "$1" <<'PY'
import struct, sys
head = open(sys.argv[1], "rb").read(24)
if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
    print(*struct.unpack(">II", head[16:24]))
PY
}

# ---- 1. the jar --------------------------------------------------------------------------------------------
if [[ "$REFERENCE_ONLY" != 1 ]]; then
    build_jar
    log "jar: $JAR"
fi

mkdir -p "$BENCH" "$CLIP_DIR" "$RUN"
cleanup_on_exit

# ---- 2. the clips ------------------------------------------------------------------------------------------
# clip_file <clip>: its path. make_clip <clip>: generates it unless present (into .part, renamed when checked).
clip_file() { [[ "$1" == *-60s ]] && echo "$CLIP_DIR/$1-aac-gop2s.mp4" || echo "$CLIP_DIR/$1-30s-gop2s.mp4"; }
make_clip() {
    local clip="$1" file part size video seconds audio_rate=128k expected
    seconds="$(seconds_long "$clip")"
    file="$(clip_file "$clip")"
    [[ -s "$file" ]] && return 0
    part="$file.part.mp4"
    case "$clip" in
        h264-1080p) size=1920x1080
            video=(-c:v libx264 -preset veryfast -profile:v high -b:v 12M -maxrate 12M -bufsize 24M) ;;
        h264-1080p-60s) size=1920x1080 audio_rate=256k
            video=(-c:v libx264 -preset veryfast -profile:v high -b:v 12M -maxrate 12M -bufsize 24M) ;;
        h264-2160p) size=3840x2160
            video=(-c:v libx264 -preset veryfast -profile:v high -b:v 40M -maxrate 40M -bufsize 80M) ;;
        hevc-1080p) size=1920x1080
            video=(-c:v libx265 -preset fast -b:v 8M -tag:v hvc1
                   -x265-params "keyint=60:min-keyint=60:scenecut=0:open-gop=0:log-level=error") ;;
    esac
    log "generating $file ($seconds s, $size, GOP 2 s; takes a minute or two, once)"
    ffmpeg -hide_banner -nostdin -v error -y \
        -f lavfi -i "testsrc2=size=$size:rate=30:duration=$seconds" \
        -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" \
        "${video[@]}" -g 60 -keyint_min 60 -sc_threshold 0 -pix_fmt yuv420p \
        -c:a aac -b:a "$audio_rate" -ac 2 -movflags +faststart "$part"
    local keys
    keys="$(ffprobe -v error -select_streams v:0 -show_entries packet=pts_time,flags -of csv=p=0 "$part" \
        | awk -F, '$2 ~ /K/ { printf "%s%g", sep, $1 + 0; sep = " " }')"
    expected="$(seq -s ' ' 0 2 $((seconds - 2)))"
    [[ "$keys" == "$expected" ]] \
        || { echo "$part: keyframes at '$keys', expected every 2 s" >&2; rm -f "$part"; exit 1; }
    mv "$part" "$file"
}
for clip in $CLIPS; do
    make_clip "$clip"
    log "clip $clip: $(clip_file "$clip") ($(stat -c %s "$(clip_file "$clip")") bytes," \
        "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$(clip_file "$clip")" | paste -sd+))"
done

# ---- 3. reference: ffmpeg spawned per request --------------------------------------------------------------
# reference_pass <label>: REPEAT runs per clip at the times of (a) and of (b), appended to REF[<kind>:<clip>].
declare -A REF=()
reference_run() {
    local file="$1" t0 t1 t
    t="$(seconds_of_ms "$2")"
    t0="$EPOCHREALTIME" # no fork inside the timed span (a python3 start alone is ~100 ms here)
    ffmpeg -nostdin -v error -ss "$t" -i "$file" -frames:v 1 -vf "scale=$WIDTH:-2" -y "$RUN/ref.png"
    t1="$EPOCHREALTIME"
    [[ "$(png_size "$RUN/ref.png")" == "$WIDTH "* ]] || { echo "ffmpeg reference did not write a PNG" >&2; exit 1; }
    ms_between "$t0" "$t1"
}
reference_pass() {
    local label="$1" clip file i ms
    for clip in $CLIPS; do
        file="$(clip_file "$clip")"
        reference_run "$file" "$(t_fast "$clip" 0)" > /dev/null # untimed: the file into the page cache
        for i in $(seq 0 $((REPEAT - 1))); do
            ms="$(reference_run "$file" "$(t_fast "$clip" "$i")")"; REF[fast:$clip]+="$ms "
            ms="$(reference_run "$file" "$(t_exact "$clip" "$i")")"; REF[exact:$clip]+="$ms "
        done
        log "reference ($label) $clip: ffmpeg -ss keyframe+0.5s median $(median ${REF[fast:$clip]}) ms," \
            "-ss mid-GOP median $(median ${REF[exact:$clip]}) ms (so far)"
    done
}
reference_pass before

reference_table() {
    local clip
    printf '%-44s %-12s %10s   %s\n' "reference (ffmpeg spawned per request)" "clip" "median ms" "runs (ms)"
    for clip in $CLIPS; do
        printf '%-44s %-12s %10s   %s\n' "ffmpeg -ss <keyframe+0.5s> ... scale=$WIDTH:-2" "$clip" \
            "$(median ${REF[fast:$clip]})" "${REF[fast:$clip]}"
        printf '%-44s %-12s %10s   %s\n' "ffmpeg -ss <mid-GOP> ... scale=$WIDTH:-2" "$clip" \
            "$(median ${REF[exact:$clip]})" "${REF[exact:$clip]}"
    done
}
if [[ "$REFERENCE_ONLY" == 1 ]]; then
    echo
    echo "ffmpeg reference only (BENCH_REFERENCE_ONLY=1): $REPEAT runs each, $(nproc) cores, $(ffmpeg -version | head -1)"
    reference_table
    exit 0
fi

# ---- 4. ChatMedia ------------------------------------------------------------------------------------------
launch_chatmedia

declare -A URL_OF=() ID_OF=()
for clip in $CLIPS; do
    log "upload $clip"
    post_upload "$clip" -F "file=@$(clip_file "$clip");type=video/mp4;filename=$clip.mp4" "$BASE/v1/media"
    resp="$RUN/resp-$clip.json"
    kind="$(json_field "$resp" kind)"
    [[ "$kind" == video ]] || { echo "upload $clip: kind '$kind', expected video: $(head -c 500 "$resp")" >&2; exit 1; }
    url="$(json_field "$resp" url)"
    [[ "$url" == /* ]] && url="$BASE$url"
    URL_OF[$clip]="$url"
    ID_OF[$clip]="$ANSWER_ID"
    log "upload $clip: 201 in $UPLOAD_SECONDS s, $ANSWER_SIZE bytes, $(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["data"]
print(", ".join(f"{k} {d.get(k)}" for k in ("content_type", "width", "height", "duration_ms", "rotation")))' "$resp")"
done

# snapshot <url>: one GET; prints curl's time_total in ms; exits with the answer unless it is a 200 image/png whose
# PNG header says $WIDTH px wide.
snapshot() {
    local url="$1" out="$RUN/snapshot.out" meta code ctype seconds size
    meta="$(curl -sS --max-time 120 -o "$out" -w '%{http_code}|%{content_type}|%{time_total}' "$url")" \
        || { echo "GET $url failed (curl)" >&2; tail -30 "$RUN/server.log" >&2; exit 1; }
    IFS='|' read -r code ctype seconds <<<"$meta"
    size="$(png_size "$out")"
    if [[ "$code" != 200 || "$ctype" != image/png* || -z "$size" ]]; then
        echo "GET $url" >&2
        echo "answered $code, Content-Type '${ctype:-none}', $(stat -c %s "$out") bytes, not a PNG image:" >&2
        head -c 500 "$out" | tr -c '[:print:]\n' '.' >&2; echo >&2
        echo "(the video snapshot endpoint is missing or failing; the ffmpeg reference above is measured)" >&2
        tail -20 "$RUN/server.log" >&2
        exit 1
    fi
    [[ "$size" == "$WIDTH "* ]] || { echo "GET $url: a PNG of $size, expected $WIDTH px wide" >&2; exit 1; }
    python3 -c "print(f'{float(\"$seconds\") * 1000:.1f}')"
}
fast_url() { echo "${URL_OF[$1]}?x-oss-process=video/snapshot,t_$2,m_fast,w_$WIDTH,f_png"; }
exact_url() { echo "${URL_OF[$1]}?x-oss-process=video/snapshot,t_$2,w_$WIDTH,f_png"; }

# restart_chatmedia: stops the server and starts it again on the same data dir and secret (the uploads stay), awaited.
restart_chatmedia() {
    stop_pid "$SERVER_PID"
    SERVER_PID=""
    cat "$RUN/server.log" >> "$RUN/server-before.log"
    local -x CHATMEDIA_AUTH_JWT_SECRET="$SECRET" CHATMEDIA_LIMITS_USER_MAX_BYTES="$USER_LIMIT"
    log "restarting ChatMedia (a fresh JVM on the same data dir)"
    start_chatmedia
    await_chatmedia
}

declare -A CM=()
for clip in $CLIPS; do
    restart_chatmedia
    for i in $(seq 0 $((COLD - 1))); do
        CM[coldfast:$clip]+="$(snapshot "$(fast_url "$clip" "$(t_cold_fast "$i")")") "
        CM[coldexact:$clip]+="$(snapshot "$(exact_url "$clip" "$(t_cold_exact "$i")")") "
    done
    log "ChatMedia $clip, first after start: keyframe ${CM[coldfast:$clip]}ms, exact ${CM[coldexact:$clip]}ms"
    # Warm-up, untimed: times in GOP G + 1, which the timed requests never use.
    for i in $(seq 0 $((WARMUP - 1))); do
        snapshot "$(fast_url "$clip" "$(t_warm_fast "$clip" "$i")")" > /dev/null
        snapshot "$(exact_url "$clip" "$(t_warm_exact "$clip" "$i")")" > /dev/null
    done
    for i in $(seq 0 $((REPEAT - 1))); do
        CM[fast:$clip]+="$(snapshot "$(fast_url "$clip" "$(t_fast "$clip" "$i")")") "
        CM[exact:$clip]+="$(snapshot "$(exact_url "$clip" "$(t_exact "$clip" "$i")")") "
    done
    cached="$(exact_url "$clip" "$(t_exact "$clip" 6)")"
    snapshot "$cached" > /dev/null # untimed: into the cache (when REPEAT > 6 it is there already)
    for i in $(seq 1 "$REPEAT"); do
        CM[cached:$clip]+="$(snapshot "$cached") "
    done
    log "ChatMedia $clip: keyframe median $(median ${CM[fast:$clip]}) ms, exact $(median ${CM[exact:$clip]}) ms," \
        "cached $(median ${CM[cached:$clip]}) ms"
done
kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died" >&2; exit 1; }

for clip in $CLIPS; do
    curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/${ID_OF[$clip]}" \
        || log "DELETE of $clip failed (the run folder is removed anyway)"
done
stop_pid "$SERVER_PID"
SERVER_PID=""
reference_pass after

# ---- 5. the table --------------------------------------------------------------------------------------------
echo
echo "ChatMedia video cover latency: $REPEAT requests per scenario and clip ($COLD first after a start), $(nproc) cores,"
echo "$(java -version 2>&1 | head -1), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server ms = median of curl time_total (loopback); reference ms = median wall time of ffmpeg -ss T -i FILE"
echo "-frames:v 1 -vf scale=$WIDTH:-2 -y out.png spawned per request ($((2 * REPEAT)) runs: before and after the server)"
printf '%-40s %-12s %10s %10s %8s %8s %5s\n' "scenario" "clip" "server ms" "ffmpeg ms" "ratio" "goal" "met"
row() {
    local label="$1" kind="$2" refkind="$3" goal="$4" clip server ref r met
    for clip in $CLIPS; do
        server="$(median ${CM[$kind:$clip]})"
        ref="$(median ${REF[$refkind:$clip]})"
        r="$(ratio3 "$server" "$ref")"
        met="$(python3 -c "print('yes' if $r <= $goal else 'NO')")"
        printf '%-40s %-12s %10s %10s %8s %8s %5s\n' "$label" "$clip" "$server" "$ref" "$r" "<= $goal" "$met"
    done
}
row "(a) uncached keyframe, m_fast, kf+0.5s" fast fast "$GOAL_FAST"
row "(b) uncached exact, mid-GOP" exact exact "$GOAL_EXACT"
row "(c) cached (one URL of (b) repeated)" cached exact "$GOAL_CACHED"
row "(a) first after start" coldfast fast "$GOAL_FAST"
row "(b) first after start" coldexact exact "$GOAL_EXACT"
echo
reference_table
echo
printf '%-40s %s\n' "server heap limit" "-Xmx$HEAP${BENCH_JAVA_OPTS:+ $BENCH_JAVA_OPTS}"
for clip in $CLIPS; do
    printf '%-40s %-12s %s\n' "first after start, ms (a) / (b)" "$clip" "${CM[coldfast:$clip]}/ ${CM[coldexact:$clip]}"
done
for clip in $CLIPS; do
    printf '%-40s %s\n' "clip $clip" "$(stat -c %s "$(clip_file "$clip")") bytes, $(clip_file "$clip")"
done
