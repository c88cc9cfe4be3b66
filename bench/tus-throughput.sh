#!/usr/bin/env bash
# Resumable upload (tus 1.0) throughput against a plain POST /v1/media of the same file, on demand (never part of the
# test suite), on the local disk and on an S3-compatible store (S3Proxy).
#
#   bench/tus-throughput.sh                     # 1 GiB, 8 MiB chunks, local disk then S3
#   BENCH_STORES=local bench/tus-throughput.sh  # or s3
#   BENCH_SIZE_MB=256 BENCH_CHUNK_MB=5 bench/tus-throughput.sh
#   BENCH_NO_BUILD=1 bench/tus-throughput.sh    # reuse target/chatmedia-*.jar
#
# What it does, per store, in one run:
#   1. builds the jar (as the other benches), installs Node and tus-js-client (scripts/test-node-tools.sh), generates
#      target/bench/source-<N>MiB.bin once (the same file as the other upload benches);
#   2. for S3: starts S3Proxy on 127.0.0.1 (filesystem store under the run folder, AWS signatures checked), a bucket;
#   3. starts ChatMedia at -Xmx160m (user limit 4GB) and samples its RSS; one untimed warm-up of each path (64 MiB);
#   4. reference: POST /v1/media with the raw file (curl -X POST -T file, streamed), before and after; the ratio is against
#      their mean. Also POST /v1/media of the same file by Node's own http client streaming it from the disk
#      (src/test/node/post-upload.js): the reference of the same client class as tus-js-client, whose reading and
#      sending cost about four times curl's CPU (1.5 s against 0.35 s a GiB here) on the cores the server shares;
#   5. tus: tus-js-client 4 in Node (src/test/node/tus-upload.js) uploads the file in chunks of BENCH_CHUNK_MB MiB
#      (default 8) to /v1/uploads; its answer's media item is checked (SHA-256 against sha256sum, size); timed by the
#      client from upload.start() to the last answer, and also as the whole node process (with Node's own start);
#   6. the client's ceiling: the same tus-js-client upload against a tus server in Node that keeps nothing
#      (src/test/node/tus-null-server.js): what tus reaches here when the server costs nothing;
#   7. prints the table: seconds, MB/s, ratio tus/POST (goals: >= 0.8 local, >= 0.7 S3), tus against the Node POST,
#      the ceiling against the curl POST (no server reaches more than that ratio), RSS when ready and peak, the
#      1-minute load average before and after the store's run.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZE_MB="${BENCH_SIZE_MB:-1024}"
CHUNK_MB="${BENCH_CHUNK_MB:-8}"
STORES="${BENCH_STORES:-local s3}"
HEAP="160m"
USER_LIMIT="4GB"
REGION="us-east-1"
SRC="$BENCH/source-${SIZE_MB}MiB.bin"
RUN="$BENCH/tus-run-$$"
SIZE_BYTES=$((SIZE_MB * 1024 * 1024))
CHUNK_BYTES=$((CHUNK_MB * 1024 * 1024))

[[ "$SIZE_MB" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_SIZE_MB must be a positive integer" >&2; exit 2; }
require_tools java curl python3 sha256sum

build_jar
ensure_s3proxy_jar
NODE_TOOLS="$(scripts/test-node-tools.sh | sed -n 's/^modules=//p')"
mkdir -p "$BENCH" "$RUN"
chmod 700 "$RUN"

S3_PID=""
stop_s3proxy() { stop_pid "$S3_PID"; S3_PID=""; }
cleanup_on_exit stop_s3proxy

ensure_source
ensure_warmup
WARM_SHA="$(sha256sum "$WARM" | cut -d' ' -f1)"

# post_raw <label> <file> <sha>: POST /v1/media with the raw bytes; checks the answer; prints the seconds.
post_raw() {
    post_upload "$1" -X POST -T "$2" -H 'Content-Type: application/octet-stream' "$BASE/v1/media?filename=$1.bin"
    [[ "$ANSWER_SHA" == "$3" ]] || { echo "POST ($1): sha256 $ANSWER_SHA, expected $3" >&2; exit 1; }
    curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/$ANSWER_ID"
    log "POST ($1): 201 in $UPLOAD_SECONDS s, sha256 verified"
    echo "$UPLOAD_SECONDS"
}

# tus_upload <label> <file> <sha>: tus-js-client in Node; checks the media item it became; prints the seconds from
# upload.start() to the last answer (as the client measured them), then those with Node's own start and tus-js-client's
# loading (what the whole `node` process took).
tus_upload() {
    local label="$1" file="$2" sha="$3" t0 t1 media answer seconds
    t0="$(now)"
    node "$NODE_TOOLS/tus-upload.js" "$BASE/v1/uploads" "$TOKEN" "$file" "$CHUNK_BYTES" > "$RUN/tus-$label.jsonl" \
        || { tail -5 "$RUN/tus-$label.jsonl" >&2; tail -30 "$RUN/server.log" >&2; exit 1; }
    t1="$(now)"
    read -r media seconds < <(python3 -c '
import json, sys
media = seconds = None
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "media" and media is None: media = e["mediaId"]
    if e["event"] == "done": seconds = e["seconds"]
print(media, f"{seconds:.3f}")' "$RUN/tus-$label.jsonl")
    answer="$RUN/tus-$label.json"
    curl -fsS -o "$answer" "$BASE/v1/media/$media"
    [[ "$(json_field "$answer" sha256)" == "$sha" ]] || { echo "tus ($label): sha256 mismatch" >&2; exit 1; }
    curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/$media"
    log "tus ($label): done in $seconds s ($(python3 -c "print(f'{$t1 - $t0:.3f}')") s with Node's start), sha256 verified"
    echo "$seconds $(python3 -c "print(f'{$t1 - $t0:.3f}')")"
}

# post_node <label> <file> <sha>: POST /v1/media with Node's http client; checks the answer; prints the seconds.
post_node() {
    local label="$1" out="$RUN/node-post-$1.json"
    node "$NODE_TOOLS/post-upload.js" "$BASE/v1/media?filename=$label.bin" "$TOKEN" "$2" > "$out" \
        || { cat "$out" >&2; tail -30 "$RUN/server.log" >&2; exit 1; }
    python3 - "$out" "$3" "$BASE" "$TOKEN" <<'PY'
import json, sys, urllib.request
answer = json.load(open(sys.argv[1]))
media = answer["body"]["data"]
if media["sha256"] != sys.argv[2]:
    sys.exit(f"POST by Node: sha256 {media['sha256']}, expected {sys.argv[2]}")
urllib.request.urlopen(urllib.request.Request(f"{sys.argv[3]}/v1/media/{media['id']}", method="DELETE",
                                              headers={"Authorization": f"Bearer {sys.argv[4]}"}))
print(f"{answer['seconds']:.3f}")
PY
}

# tus_ceiling: tus-js-client against tus-null-server.js (keeps nothing); prints the client's seconds.
tus_ceiling() {
    local port pid seconds
    port="$(free_port)"
    node "$NODE_TOOLS/tus-null-server.js" "$port" > "$RUN/null-server.out" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do grep -q ready "$RUN/null-server.out" 2>/dev/null && break; sleep 0.1; done
    node "$NODE_TOOLS/tus-upload.js" "http://127.0.0.1:$port/files" none "$SRC" "$CHUNK_BYTES" > "$RUN/tus-null.jsonl" \
        || { stop_pid "$pid"; tail -5 "$RUN/tus-null.jsonl" >&2; exit 1; }
    stop_pid "$pid"
    python3 -c '
import json, sys
seconds = next(e["seconds"] for e in map(json.loads, open(sys.argv[1])) if e["event"] == "done")
print(f"{seconds:.3f}")' \
        "$RUN/tus-null.jsonl"
}

RESULTS=()
CLIENT_RESULTS=()
for store in $STORES; do
    DATA="$RUN/data-$store"
    if [[ "$store" == s3 ]]; then
        start_s3proxy "$RUN/s3proxy-data"
        BUCKET="bench-tus-$$"
        s3_create_bucket "$BUCKET"
        log "ChatMedia's store: bucket $BUCKET at $S3"
        with_s3_store launch_chatmedia
    else
        log "ChatMedia's store: the local disk"
        launch_chatmedia
    fi
    LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
    start_rss_sampler

    log "warm-up ($((WARM_BYTES / 1024 / 1024)) MiB each way, not timed)"
    post_raw warmup "$WARM" "$WARM_SHA" > /dev/null
    tus_upload warmup "$WARM" "$WARM_SHA" > /dev/null
    POST_BEFORE="$(post_raw before "$SRC" "$EXPECTED_SHA")"
    POST_NODE="$(post_node node "$SRC" "$EXPECTED_SHA")"
    log "POST by Node: 201 in $POST_NODE s, sha256 verified"
    read -r TUS TUS_WITH_NODE < <(tus_upload bench "$SRC" "$EXPECTED_SHA")
    CEILING="$(tus_ceiling)"
    log "tus-js-client against a server that keeps nothing: $CEILING s"
    POST_AFTER="$(post_raw after "$SRC" "$EXPECTED_SHA")"
    read_memory_figures
    stop_pid "$SERVER_PID"; SERVER_PID=""
    stop_s3proxy
    POST_MEAN="$(python3 -c "print(f'{($POST_BEFORE + $POST_AFTER) / 2:.3f}')")"
    POST_FAST="$(python3 -c "print(f'{min($POST_BEFORE, $POST_AFTER):.3f}')")"
    RESULTS+=("$store|$POST_BEFORE|$POST_AFTER|$POST_MEAN|$TUS|$(ratio "$POST_MEAN" "$TUS")|$(ratio "$POST_FAST" "$TUS")|$TUS_WITH_NODE|$(ratio "$POST_MEAN" "$TUS_WITH_NODE")|$(kib_to_mib "$RSS_AT_START_KB")|$(kib_to_mib "$HWM_KB")|$HEAP_USED|$LOAD_BEFORE -> $(cut -d' ' -f1 /proc/loadavg)")
    CLIENT_RESULTS+=("$store|$POST_MEAN|$POST_NODE|$TUS|$(ratio "$POST_NODE" "$TUS")|$CEILING|$(ratio "$POST_MEAN" "$CEILING")")
done

echo
echo "tus (tus-js-client 4, Node, ${CHUNK_MB} MiB chunks) against POST /v1/media (curl -X POST -T, raw body), same file, same run:"
echo "$SIZE_MB MiB ($SIZE_BYTES bytes), $(nproc) cores, $(java -version 2>&1 | head -1), server -Xmx$HEAP"
printf '%-6s %11s %11s %11s %9s %9s %10s %10s %11s %10s %11s %10s %9s %14s\n' store "POST before" "POST after" \
    "POST mean" "tus s" "tus MB/s" "tus/POST" "tus/fast" "tus+node s" "(ratio)" "RSS ready" "RSS peak" "heap" \
    "load 1 min"
for row in "${RESULTS[@]}"; do
    IFS='|' read -r store before after mean tus ratio_ ratio_fast tus_node ratio_node rss hwm heap load <<< "$row"
    printf '%-6s %11s %11s %11s %9s %9s %10s %10s %11s %10s %7s MiB %6s MiB %9s %14s\n' "$store" "$before" "$after" \
        "$mean" "$tus" "$(mbps "$SIZE_BYTES" "$tus")" "$ratio_" "$ratio_fast" "$tus_node" "$ratio_node" "$rss" "$hwm" \
        "$heap" "$load"
done
echo "tus/fast: against the faster of the two POSTs (on S3 the first one pays more of S3Proxy's warm-up)"
echo
echo "the clients: POST by curl (mean, as above) and by Node's http client; tus against the Node POST; tus-js-client"
echo "against a tus server that keeps nothing (the ceiling) and its ratio to the curl POST, which no server can pass:"
printf '%-6s %10s %10s %9s %10s %10s %14s\n' store "POST curl" "POST node" "tus s" "tus/node" "ceiling s" "ceiling/curl"
for row in "${CLIENT_RESULTS[@]}"; do
    IFS='|' read -r store curl_s node_s tus_s tus_node ceiling ceiling_ratio <<< "$row"
    printf '%-6s %10s %10s %9s %10s %10s %14s\n' "$store" "$curl_s" "$node_s" "$tus_s" "$tus_node" "$ceiling" "$ceiling_ratio"
done
echo "tus s: from upload.start() to the last answer, as tus-js-client saw it; tus+node s: the whole node process,"
echo "with Node's own start and loading tus-js-client (0.4-0.6 s on a loaded 2-core machine)"
echo "goals: tus/POST >= 0.8 on the local disk, >= 0.7 on S3; RSS flat (peak close to ready)"
