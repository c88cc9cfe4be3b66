#!/usr/bin/env bash
# Voice messages, on demand (never part of the test suite): a 60 s WebM/Opus voice message converted to M4A/AAC over
# HTTP against spawning ffmpeg per request, the waveform's cost at upload, and RSS over many conversions.
#
#   bench/voice-convert.sh                         # 10 conversions per side, 10 uploads per side, 1,000 for RSS
#   BENCH_REPEAT=20 BENCH_CONVERSIONS=300 bench/voice-convert.sh
#   BENCH_NO_BUILD=1 bench/voice-convert.sh        # reuse target/chatmedia-*.jar
#   BENCH_JFR=1 bench/voice-convert.sh             # record the server with JFR; prints its hottest frames
#   BENCH_KEEP=1 bench/voice-convert.sh            # keep the run folder (server log, data dir, JFR) under target/bench
#   CHATMEDIA_AUDIO_ENCODER_PARTS=1 bench/voice-convert.sh   # one encoder and one decoder per job (the default uses
#                                                  # the idle cores: run both back to back to compare)
#   CHATMEDIA_AUDIO_WAVEFORM_MAX_DURATION=0s bench/voice-convert.sh   # the probe without the waveform
#
# What it does, in one run:
#   1. builds target/chatmedia-*.jar (BENCH_NO_BUILD=1 reuses it);
#   2. generates once, under target/bench/voice/, with Debian's ffmpeg: voice-60s.webm, 60 s of a voice-like signal
#      (a 200-300 Hz tone gliding, syllable-modulated at 3 Hz, with a little noise), 48 kHz mono Opus at 32 kb/s in
#      WebM written to a pipe: no Duration and no Cues, as Chrome's MediaRecorder writes it;
#   3. reference: ffmpeg -nostdin -v error -i voice-60s.webm -c:a aac -b:a 64k -ac 1 -y out.m4a, spawned per request
#      (process start included), timed with $EPOCHREALTIME; N runs before the server starts and N after it stops;
#   4. ChatMedia at -Xmx$BENCH_HEAP (256m): uploads the file (POST /v1/media), then times with curl's time_total
#        (a) conversion, cache miss: <url>?x-oss-process=audio/convert,f_m4a,t_<60000 - i> (M4A/AAC mono 64 kb/s,
#            the play_url's default; each t differs by 1 ms, so the derived-result cache always misses and each
#            request converts the whole minute), after BENCH_WARMUP (3) untimed ones;
#        (b) upload with the waveform: POST of voice-60s.webm (probed as audio: decoded for duration and waveform)
#            against POST of the same bytes behind 16 zero bytes (sniffed application/octet-stream: a file, not
#            probed), alternated, N each; the added latency is the difference of the medians;
#        (c) RSS: BENCH_CONVERSIONS (1,000) conversions (ss_<i*7 mod 40000>,t_20000, each a cache miss), VmRSS read
#            after every tenth of them; flat means the last tenth within 10 % of the second;
#   5. prints the table and removes the uploads, the server and the run folder.
#
# Goals (issue 10): (a) <= 0.5 x the reference; (b) <= 30 ms added; (c) flat.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPEAT="${BENCH_REPEAT:-10}"
WARMUP="${BENCH_WARMUP:-3}"
CONVERSIONS="${BENCH_CONVERSIONS:-1000}"
HEAP="${BENCH_HEAP:-256m}"
JFR="${BENCH_JFR:-0}"
VOICE_DIR="$BENCH/voice"
VOICE="$VOICE_DIR/voice-60s.webm"
RUN="$BENCH/voice-run-$$"
DATA="$RUN/data"
GOAL_CONVERT=0.5
GOAL_WAVEFORM_MS=30

[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_REPEAT must be a positive integer" >&2; exit 2; }
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "BENCH_WARMUP must be a non-negative integer" >&2; exit 2; }
[[ "$CONVERSIONS" =~ ^[0-9]+$ ]] || { echo "BENCH_CONVERSIONS must be a non-negative integer" >&2; exit 2; }
require_tools java curl python3 ffmpeg ffprobe
[[ -n "${EPOCHREALTIME:-}" ]] || { echo "needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }

ratio3() { python3 -c "print(f'{float(\"$1\") / float(\"$2\"):.3f}')"; }
ms_between() { python3 -c "print(f'{($2 - $1) * 1000:.1f}')"; }
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.1f}')" "$@"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }

build_jar
mkdir -p "$BENCH" "$VOICE_DIR" "$RUN"
cleanup_on_exit
log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

# ---- 2. the voice message ------------------------------------------------------------------------------------
if [[ ! -s "$VOICE" ]]; then
    log "generating $VOICE"
    ffmpeg -hide_banner -nostdin -v error -y -f lavfi \
        -i "aevalsrc=(0.4*sin(2*PI*(250*t+8*sin(2*PI*0.5*t)))*(0.55+0.45*sin(2*PI*3*t))+0.02*(random(0)-0.5)):s=48000:d=60" \
        -c:a libopus -b:a 32k -ac 1 -f webm - > "$VOICE.part"
    mv "$VOICE.part" "$VOICE"
fi
head -c 16 /dev/zero | cat - "$VOICE" > "$RUN/not-audio.bin"
log "voice: $VOICE ($(stat -c %s "$VOICE") bytes, duration in header: $(ffprobe -v error -show_entries format=duration -of csv=p=0 "$VOICE"))"

# ---- 3. reference ---------------------------------------------------------------------------------------------
REF=""
reference_pass() {
    local i t0 t1
    ffmpeg -nostdin -v error -i "$VOICE" -c:a aac -b:a 64k -ac 1 -y "$RUN/ref.m4a" # untimed: page cache
    for i in $(seq 1 "$REPEAT"); do
        t0="$EPOCHREALTIME"
        ffmpeg -nostdin -v error -i "$VOICE" -c:a aac -b:a 64k -ac 1 -y "$RUN/ref.m4a"
        t1="$EPOCHREALTIME"
        REF+="$(ms_between "$t0" "$t1") "
    done
    log "reference ($1): median $(median $REF) ms so far"
}
reference_pass before

# ---- 4. ChatMedia ---------------------------------------------------------------------------------------------
if [[ "$JFR" == 1 ]]; then
    export JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$RUN/server.jfr,settings=profile,dumponexit=true"
fi
launch_chatmedia
unset JAVA_TOOL_OPTIONS

post_upload voice -F "file=@$VOICE;type=audio/webm;filename=voice.webm" "$BASE/v1/media"
resp="$RUN/resp-voice.json"
[[ "$(json_field "$resp" kind)" == audio ]] || { echo "voice upload not audio: $(head -c 500 "$resp")" >&2; exit 1; }
URL="$(json_field "$resp" url)"; [[ "$URL" == /* ]] && URL="$BASE$URL"
VOICE_ID="$ANSWER_ID"
log "voice uploaded: $(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["data"]
print(", ".join(f"{k} {d.get(k)}" for k in ("content_type", "duration_ms", "audio_codec", "sample_rate", "channels")),
      "waveform", "present" if d.get("waveform") else "absent")' "$resp")"

# convert <process>: one GET; prints time_total in ms; exits unless a 200 audio/mp4.
convert() {
    local meta code ctype seconds
    meta="$(curl -sS --max-time 120 -o "$RUN/convert.out" -w '%{http_code}|%{content_type}|%{time_total}' \
        "$URL?x-oss-process=$1")" || { echo "GET $1 failed" >&2; tail -30 "$RUN/server.log" >&2; exit 1; }
    IFS='|' read -r code ctype seconds <<<"$meta"
    if [[ "$code" != 200 || "$ctype" != audio/mp4* ]]; then
        echo "GET $1 answered $code, $ctype: $(head -c 300 "$RUN/convert.out")" >&2; tail -20 "$RUN/server.log" >&2; exit 1
    fi
    python3 -c "print(f'{float(\"$seconds\") * 1000:.1f}')"
}

for i in $(seq 1 "$WARMUP"); do convert "audio/convert,f_m4a,t_$((50000 - i))" > /dev/null; done
CM=""
for i in $(seq 0 $((REPEAT - 1))); do CM+="$(convert "audio/convert,f_m4a,t_$((60000 - i))") "; done
ffprobe -v error -show_entries stream=codec_name,sample_rate,channels,bit_rate:format=duration -of compact=p=0 \
    "$RUN/convert.out" > "$RUN/convert.probe"
log "ChatMedia conversions: median $(median $CM) ms ($(tr '\n' ' ' < "$RUN/convert.probe"))"

# (b) uploads: the voice against the same bytes as a file, alternated
UP_AUDIO=""
UP_FILE=""
upload_ms() {
    local meta code seconds
    meta="$(curl -sS -o "$RUN/up.json" -w '%{http_code}|%{time_total}' -H "Authorization: Bearer $TOKEN" \
        -F "file=@$1;type=application/octet-stream;filename=upload.bin" "$BASE/v1/media")"
    IFS='|' read -r code seconds <<<"$meta"
    [[ "$code" == 201 ]] || { echo "upload answered $code: $(head -c 300 "$RUN/up.json")" >&2; exit 1; }
    [[ "$(json_field "$RUN/up.json" kind)" == "$2" ]] || { echo "upload: kind is not $2" >&2; exit 1; }
    curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/$(json_field "$RUN/up.json" id)"
    python3 -c "print(f'{float(\"$seconds\") * 1000:.1f}')"
}
for i in $(seq 1 "$WARMUP"); do upload_ms "$VOICE" audio > /dev/null; upload_ms "$RUN/not-audio.bin" file > /dev/null; done
for i in $(seq 1 "$REPEAT"); do
    UP_AUDIO+="$(upload_ms "$VOICE" audio) "
    UP_FILE+="$(upload_ms "$RUN/not-audio.bin" file) "
done
ADDED="$(python3 -c "print(f'{$(median $UP_AUDIO) - $(median $UP_FILE):.1f}')")"
log "uploads: audio median $(median $UP_AUDIO) ms, file median $(median $UP_FILE) ms, added $ADDED ms"

# (c) RSS over many conversions
RSS_POINTS=""
if (( CONVERSIONS > 0 )); then
    step=$(( CONVERSIONS >= 10 ? CONVERSIONS / 10 : 1 ))
    RSS_POINTS="0:$(rss_kb) "
    t0="$EPOCHREALTIME"
    for i in $(seq 1 "$CONVERSIONS"); do
        convert "audio/convert,f_m4a,ss_$(( (i * 7) % 40000 )),t_20000" > /dev/null
        (( i % step == 0 )) && RSS_POINTS+="$i:$(rss_kb) "
    done
    t1="$EPOCHREALTIME"
    log "RSS (conversions:KiB) $RSS_POINTS in $(ms_between "$t0" "$t1") ms"
fi
kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died" >&2; exit 1; }
curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/$VOICE_ID" || true
stop_pid "$SERVER_PID"
SERVER_PID=""
reference_pass after

# ---- 5. the table ----------------------------------------------------------------------------------------------
echo
echo "ChatMedia voice messages: $REPEAT requests per side, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end,"
echo "$(java -version 2>&1 | head -1), $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
R="$(ratio3 "$(median $CM)" "$(median $REF)")"
printf '%-58s %10s %10s %8s %10s %5s\n' "scenario" "ChatMedia" "reference" "ratio" "goal" "met"
printf '%-58s %10s %10s %8s %10s %5s\n' "(a) 60 s WebM/Opus -> M4A/AAC 64k mono, cache miss (ms)" "$(median $CM)" \
    "$(median $REF)" "$R" "<= $GOAL_CONVERT" "$(python3 -c "print('yes' if $R <= $GOAL_CONVERT else 'NO')")"
printf '%-58s %10s %10s %8s %10s %5s\n' "(b) upload: audio (waveform) vs same bytes as a file (ms)" "$(median $UP_AUDIO)" \
    "$(median $UP_FILE)" "+$ADDED" "<= $GOAL_WAVEFORM_MS" "$(python3 -c "print('yes' if $ADDED <= $GOAL_WAVEFORM_MS else 'NO')")"
if [[ -n "$RSS_POINTS" ]]; then
    python3 - $RSS_POINTS <<'PY'
import sys
points = [tuple(map(int, p.split(":"))) for p in sys.argv[1:]]
second, last = points[min(2, len(points) - 1)][1], points[-1][1]
flat = last <= second * 1.10
print(f"{'(c) RSS over ' + str(points[-1][0]) + ' conversions (MiB)':58s} {last / 1024:10.0f} {'':>10s} "
      f"{'':>8s} {'flat':>10s} {'yes' if flat else 'NO':>5s}")
print("    RSS MiB after n conversions: " + ", ".join(f"{n}: {kb / 1024:.0f}" for n, kb in points))
PY
fi
echo "    conversions ms: $CM"
echo "    reference ms:   $REF"
echo "    uploads ms, audio: $UP_AUDIO; file: $UP_FILE"
if [[ "$JFR" == 1 ]]; then
    stop_sampler
    echo
    echo "JFR: hottest top frames of jdk.ExecutionSample and jdk.NativeMethodSample (server.jfr)"
    for event in jdk.ExecutionSample jdk.NativeMethodSample; do
        jfr print --events "$event" --stack-depth 1 "$RUN/server.jfr" \
            | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); print}' | sed 's/line:.*//' \
            | sort | uniq -c | sort -rn | head -8 | sed "s/^/    $event /"
    done
fi
