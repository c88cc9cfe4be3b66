#!/usr/bin/env bash
# Upload throughput of ChatMedia against a plain disk copy, on demand (never part of the test suite).
#
#   bench/upload-throughput.sh                  # 2 GiB file
#   BENCH_SIZE_MB=512 bench/upload-throughput.sh
#   BENCH_KEEP=1 bench/upload-throughput.sh     # keep the server's data dir and log under target/bench
#   BENCH_ROUNDS=2 bench/upload-throughput.sh   # each kind twice, in ABBA order; the table shows the means
#
# What it does, in one run:
#   1. builds target/chatmedia-*.jar (./mvnw -B -q -DskipTests package; BENCH_NO_BUILD=1 reuses it);
#   2. generates target/bench/source-<N>MiB.bin once (AES-CTR keystream via openssl, else python os.urandom),
#      incompressible, and reuses it;
#   3. reference: dd copies that file to the same disk with conv=fsync (the server fsyncs every upload too),
#      once before and once after the uploads; the ratio is against their mean;
#   4. ChatMedia: starts the jar at -Xmx160m on 127.0.0.1:<free port> with its data dir under target/bench,
#      uploads the file once as multipart (curl -F) and once as a raw body (curl -T, streamed), checks the
#      answered sha256 and size against sha256sum and the stored file, samples the server's RSS;
#      (after one untimed warm-up upload of each kind, up to 64 MiB, so JIT compilation is not in the figures);
#   5. prints the table, stops the server, removes the uploaded data (the source file is kept for reuse).
#
# Page caches are not dropped (that needs root and would slow the whole machine): the source file is read from
# the page cache by dd and curl alike, and both write through the cache and fsync before they count as done.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZE_MB="${BENCH_SIZE_MB:-2048}"
ROUNDS="${BENCH_ROUNDS:-1}"
HEAP="160m"
USER_LIMIT="4GB"
SRC="$BENCH/source-${SIZE_MB}MiB.bin"
RUN="$BENCH/run-$$"
DATA="$RUN/data"
SIZE_BYTES=$((SIZE_MB * 1024 * 1024))

[[ "$SIZE_MB" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_SIZE_MB must be a positive integer" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_ROUNDS must be a positive integer" >&2; exit 2; }
require_tools java curl python3 dd sha256sum

# ---- 1. the jar ------------------------------------------------------------------------------------------
build_jar
log "jar: $JAR"

mkdir -p "$BENCH" "$RUN"

remove_dd_copy() { rm -f "$RUN/dd-copy.bin"; }
cleanup_on_exit remove_dd_copy

# ---- 2. the source file ------------------------------------------------------------------------------------
ensure_source

# ---- 3. reference: dd with fsync to the same disk ---------------------------------------------------------
# Run once before and once after the uploads (a virtual disk's speed drifts); the ratio uses their mean.
dd_copy() {
    sync
    local t0 t1
    t0="$(now)"
    dd if="$SRC" of="$RUN/dd-copy.bin" bs=4M conv=fsync status=none
    t1="$(now)"
    rm -f "$RUN/dd-copy.bin"
    sync
    python3 -c "print(f'{$t1 - $t0:.3f}')"
}
log "dd reference (bs=4M conv=fsync), before"
DD_BEFORE="$(dd_copy)"

# ---- 4. ChatMedia ------------------------------------------------------------------------------------------
launch_chatmedia
start_rss_sampler

# upload <label> <curl args...>: times one upload into SECONDS_OF[label], checks status, sha256 and sizes,
# then deletes the item (unless BENCH_KEEP=1).
declare -A SECONDS_OF
upload() {
    local label="$1"; shift
    sync
    log "upload ($label)"
    post_upload "$label" "$@"
    local path="$ANSWER_PATH" stored
    stored="$(stat -c %s "$DATA/public/uploads/$path")"
    [[ "$ANSWER_SHA" == "$EXPECTED_SHA" ]] || { echo "upload ($label): sha256 $ANSWER_SHA, expected $EXPECTED_SHA" >&2; exit 1; }
    [[ "$ANSWER_SIZE" == "$SIZE_BYTES" ]] || { echo "upload ($label): answered size $ANSWER_SIZE, expected $SIZE_BYTES" >&2; exit 1; }
    [[ "$stored" == "$SIZE_BYTES" ]] || { echo "upload ($label): stored size $stored, expected $SIZE_BYTES" >&2; exit 1; }
    if find "$DATA/public/uploads" -name '.cm-upload-*' | grep -q .; then
        echo "upload ($label): temporary files left behind" >&2; exit 1
    fi
    SECONDS_OF[$label]="$UPLOAD_SECONDS"
    log "upload ($label): 201 in ${SECONDS_OF[$label]} s, sha256 and size verified ($path)"
    if [[ "$KEEP" != "1" ]]; then
        curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/$ANSWER_ID" \
            || rm -f "$DATA/public/uploads/$path"
    fi
}

# Warm-up, not timed: one small upload of each kind, so the JIT and the first-request setup are out of the figures.
ensure_warmup
for kind in multipart raw; do
    if [[ "$kind" == multipart ]]; then
        args=(-F "file=@$WARM;type=application/octet-stream;filename=warmup.bin" "$BASE/v1/media")
    else
        args=(-X POST -T "$WARM" -H 'Content-Type: application/octet-stream' "$BASE/v1/media?filename=warmup.bin")
    fi
    code="$(curl -sS -o "$RUN/warmup.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "${args[@]}")"
    [[ "$code" == 201 ]] || { echo "warm-up upload ($kind) answered $code: $(head -c 300 "$RUN/warmup.json")" >&2; exit 1; }
    curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" \
        "$BASE/v1/media/$(json_field "$RUN/warmup.json" id)" || true
done

# Each round uploads the file both ways; even rounds swap the order (ABBA), as the first big write after a pause
# tends to be the slowest on a virtual disk. The table shows each kind's mean over the rounds.
declare -A TOTAL_OF=([multipart]=0 [raw]=0)
declare -A RUNS_OF=([multipart]="" [raw]="")
upload_multipart() { upload multipart -F "file=@$SRC;type=application/octet-stream;filename=bench.bin" "$BASE/v1/media"; }
upload_raw() { upload raw -X POST -T "$SRC" -H 'Content-Type: application/octet-stream' "$BASE/v1/media?filename=bench.bin"; }
for round in $(seq 1 "$ROUNDS"); do
    if (( round % 2 == 1 )); then order=(multipart raw); else order=(raw multipart); fi
    for kind in "${order[@]}"; do
        "upload_$kind"
        TOTAL_OF[$kind]="$(python3 -c "print(${TOTAL_OF[$kind]} + ${SECONDS_OF[$kind]})")"
        RUNS_OF[$kind]="${RUNS_OF[$kind]:+${RUNS_OF[$kind]} }${SECONDS_OF[$kind]}"
    done
done
for kind in multipart raw; do
    SECONDS_OF[$kind]="$(python3 -c "print(f'{${TOTAL_OF[$kind]} / $ROUNDS:.3f}')")"
done

kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died" >&2; exit 1; }
log "dd reference (bs=4M conv=fsync), after"
DD_AFTER="$(dd_copy)"
read_memory_figures

# ---- 5. the table ----------------------------------------------------------------------------------------------
DD_SECONDS="$(python3 -c "print(f'{($DD_BEFORE + $DD_AFTER) / 2:.3f}')")"
DD_MBPS="$(mbps "$SIZE_BYTES" "$DD_SECONDS")"
MP_MBPS="$(mbps "$SIZE_BYTES" "${SECONDS_OF[multipart]}")"
RAW_MBPS="$(mbps "$SIZE_BYTES" "${SECONDS_OF[raw]}")"

echo
echo "ChatMedia upload throughput: $SIZE_MB MiB ($SIZE_BYTES bytes), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "MB/s = 10^6 bytes/s of wall time; page caches not dropped; dd and server both fsync the file;"
echo "the server had one untimed warm-up upload of each kind first; uploads: mean of $ROUNDS round(s)"
printf '%-34s %10s %10s %12s\n' "run" "seconds" "MB/s" "ratio/dd"
printf '%-34s %10s %10s %12s\n' "dd bs=4M conv=fsync, before" "$DD_BEFORE" "$(mbps "$SIZE_BYTES" "$DD_BEFORE")" ""
printf '%-34s %10s %10s %12s\n' "dd bs=4M conv=fsync, after" "$DD_AFTER" "$(mbps "$SIZE_BYTES" "$DD_AFTER")" ""
printf '%-34s %10s %10s %12s\n' "dd mean (reference)" "$DD_SECONDS" "$DD_MBPS" "1.00"
printf '%-34s %10s %10s %12s\n' "POST /v1/media multipart (curl -F)" "${SECONDS_OF[multipart]}" "$MP_MBPS" "$(ratio "$MP_MBPS" "$DD_MBPS")"
printf '%-34s %10s %10s %12s\n' "POST /v1/media raw body (curl -T)" "${SECONDS_OF[raw]}" "$RAW_MBPS" "$(ratio "$RAW_MBPS" "$DD_MBPS")"
echo
if (( ROUNDS > 1 )); then
    printf '%-34s %s\n' "multipart runs (s)" "${RUNS_OF[multipart]}" "raw body runs (s)" "${RUNS_OF[raw]}"
fi
printf '%-34s %s\n' "heap limit" "-Xmx$HEAP"
printf '%-34s %s MiB\n' "server RSS when ready" "$(kib_to_mib "$RSS_AT_START_KB")"
printf '%-34s %s MiB\n' "server peak RSS (VmHWM)" "$(kib_to_mib "$HWM_KB")"
printf '%-34s %s MiB\n' "server max sampled VmRSS (0.2 s)" "$(kib_to_mib "$MAX_RSS_KB")"
printf '%-34s %s\n' "heap used after the uploads" "$HEAP_USED"
