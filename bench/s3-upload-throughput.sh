#!/usr/bin/env bash
# Upload throughput of ChatMedia into an S3-compatible store against a direct PUT to the same store, on demand
# (never part of the test suite).
#
#   bench/s3-upload-throughput.sh                  # 1 GiB file
#   BENCH_SIZE_MB=256 bench/s3-upload-throughput.sh
#   BENCH_NO_BUILD=1 bench/s3-upload-throughput.sh # reuse target/chatmedia-*.jar
#   BENCH_KEEP=1 bench/s3-upload-throughput.sh     # keep the run folder (logs, S3Proxy data) under target/bench
#
# What it does, in one run:
#   1. builds target/chatmedia-*.jar (./mvnw -B -q -DskipTests package; BENCH_NO_BUILD=1 reuses it); S3Proxy's jar is
#      target/s3proxy/s3proxy.jar (copied there by ./mvnw -B -q process-test-resources, run when it is missing);
#   2. generates target/bench/source-<N>MiB.bin once (AES-CTR keystream via openssl, else python os.urandom),
#      incompressible, and reuses it (the same file as bench/upload-throughput.sh for the same size);
#   3. starts S3Proxy on 127.0.0.1:<free port> (filesystem store under target/bench/s3-run-<pid>, AWS signatures
#      checked) and creates a bucket;
#   4. reference: curl PUTs the file straight to S3Proxy in one request (SigV4, path-style, UNSIGNED-PAYLOAD: S3Proxy
#      holds a signed non-chunked payload in memory to check its hash and refuses one over 128 MiB, so the reference
#      streams), once before and once after ChatMedia's upload; the ratio is against their mean. ChatMedia's path
#      does more: its SDK signs each 8 MiB part's SHA-256 and Content-MD5, which S3Proxy checks;
#   5. ChatMedia: starts the jar at -Xmx160m on 127.0.0.1:<free port>, configured for that bucket through the
#      CHATMEDIA_STORAGE_S3_* environment variables, uploads the file as multipart (curl -F) with a user JWT minted
#      here, checks the answered sha256 and size against sha256sum and the object's size (HEAD, SigV4) and that no
#      multipart upload is left unfinished, samples the server's RSS; both paths get one untimed warm-up upload
#      (up to 64 MiB) first, so JIT compilation is not in the figures;
#   6. prints the table, stops both servers, removes the uploaded objects, the bucket and the run folder (the
#      source file is kept for reuse).
#
# Page caches are not dropped (that needs root and would slow the whole machine): curl reads the source file from
# the page cache on both paths, and S3Proxy writes it through the cache on both paths.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZE_MB="${BENCH_SIZE_MB:-1024}"
HEAP="160m"
S3PROXY_HEAP="512m"
USER_LIMIT="4GB"
REGION="us-east-1"
SRC="$BENCH/source-${SIZE_MB}MiB.bin"
RUN="$BENCH/s3-run-$$"
DATA="$RUN/data"
S3_DATA="$RUN/s3proxy-data"
SIZE_BYTES=$((SIZE_MB * 1024 * 1024))

[[ "$SIZE_MB" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_SIZE_MB must be a positive integer" >&2; exit 2; }
require_tools java curl python3 sha256sum
# --aws-sigv4 came with curl 7.75.
curl --help all 2>/dev/null | grep -q -- '--aws-sigv4' || { echo "curl has no --aws-sigv4 (needs 7.75+)" >&2; exit 2; }

# ---- 1. the jars -----------------------------------------------------------------------------------------------
build_jar
ensure_s3proxy_jar
log "jar: $JAR; S3Proxy: $S3PROXY_JAR"

mkdir -p "$BENCH" "$RUN" "$DATA" "$S3_DATA"
chmod 700 "$RUN"

S3_PID=""
S3=""
BUCKET=""
# After ChatMedia has stopped (cleanup_on_exit stops it first).
remove_bucket_and_stop_s3proxy() {
    # Empty and remove the bucket while S3Proxy still runs (objects left by a failed run included).
    if [[ -n "$S3_PID" && -n "$BUCKET" && "$KEEP" != "1" ]] && kill -0 "$S3_PID" 2>/dev/null; then
        s3_list_keys | while read -r key; do s3curl -o /dev/null -X DELETE "$S3/$BUCKET/$key" || true; done
        s3_list_uploads | while read -r key id; do
            s3curl -o /dev/null -X DELETE "$S3/$BUCKET/$key?uploadId=$id" || true
        done
        s3curl -o /dev/null -X DELETE "$S3/$BUCKET" || true
    fi
    stop_pid "$S3_PID"
}
cleanup_on_exit remove_bucket_and_stop_s3proxy

# ---- 2. the source file ----------------------------------------------------------------------------------------
ensure_source

ensure_warmup
WARM_SHA="$(sha256sum "$WARM" | cut -d' ' -f1)"

# ---- 3. S3Proxy and the bucket ---------------------------------------------------------------------------------
start_s3proxy "$S3_DATA" "$S3PROXY_HEAP"
BUCKET_NAME="bench-$$-$(date +%s)"
# Keys of the bucket's objects / "key uploadId" of its unfinished multipart uploads (first 1000 each is plenty here).
s3_list_keys() {
    s3curl "$S3/$BUCKET?list-type=2" 2>/dev/null | python3 -c '
import re, sys
for key in re.findall(r"<Key>([^<]*)</Key>", sys.stdin.read()): print(key)' || true
}
s3_list_uploads() {
    s3curl "$S3/$BUCKET?uploads=" 2>/dev/null | python3 -c '
import re, sys
for upload in re.findall(r"<Upload>(.*?)</Upload>", sys.stdin.read(), re.S):
    key = re.search(r"<Key>([^<]*)</Key>", upload).group(1)
    uid = re.search(r"<UploadId>([^<]*)</UploadId>", upload).group(1)
    print(key, uid)' || true
}
s3_object_size() {
    s3curl -I "$S3/$BUCKET/$1" | tr -d '\r' | awk -F': ' 'tolower($1) == "content-length" {print $2}'
}

s3_create_bucket "$BUCKET_NAME"
BUCKET="$BUCKET_NAME"
log "S3Proxy ready (pid $S3_PID), bucket $BUCKET"

# direct_put <key> <file>: PUTs the file, checks the status and the stored size, deletes it, prints the seconds.
direct_put() {
    local key="$1" file="$2" size t0 t1 code stored
    size="$(stat -c %s "$file")"
    sync
    t0="$(now)"
    code="$(S3_PAYLOAD_SHA=UNSIGNED-PAYLOAD s3curl -o "$RUN/put.xml" -w '%{http_code}' -T "$file" \
        -H 'Content-Type: application/octet-stream' "$S3/$BUCKET/$key")"
    t1="$(now)"
    [[ "$code" == 200 ]] || { echo "direct PUT of $key answered $code: $(head -c 500 "$RUN/put.xml")" >&2; exit 1; }
    stored="$(s3_object_size "$key")"
    [[ "$stored" == "$size" ]] || { echo "direct PUT of $key: stored size $stored, expected $size" >&2; exit 1; }
    code="$(s3curl -o /dev/null -w '%{http_code}' -X DELETE "$S3/$BUCKET/$key")"
    [[ "$code" == 204 || "$code" == 200 ]] || { echo "DELETE of $key answered $code" >&2; exit 1; }
    python3 -c "print(f'{$t1 - $t0:.3f}')"
}

# ---- 4. reference: a direct PUT to S3Proxy -------------------------------------------------------------------
log "direct PUT warm-up ($((WARM_BYTES / 1024 / 1024)) MiB, not timed)"
direct_put "warmup.bin" "$WARM" > /dev/null
log "direct PUT (curl --aws-sigv4), before"
DIRECT_BEFORE="$(direct_put "direct-before.bin" "$SRC")"
log "direct PUT: 200 in $DIRECT_BEFORE s, size verified"

# ---- 5. ChatMedia ----------------------------------------------------------------------------------------------
log "ChatMedia's store: bucket $BUCKET at $S3"
# Readiness includes the store: UP means the bucket is reachable with these credentials.
with_s3_store launch_chatmedia
start_rss_sampler

# chatmedia_upload <label> <file> <sha256>: uploads as multipart, checks status, sha256, answered and stored sizes and
# that no multipart upload is left, deletes the item (and so the object), prints the seconds.
chatmedia_upload() {
    local label="$1" file="$2" sha="$3" size path stored
    size="$(stat -c %s "$file")"
    sync
    post_upload "$label" -F "file=@$file;type=application/octet-stream;filename=$label.bin" "$BASE/v1/media"
    path="$ANSWER_PATH"
    stored="$(s3_object_size "$path")"
    [[ "$ANSWER_SHA" == "$sha" ]] || { echo "upload ($label): sha256 $ANSWER_SHA, expected $sha" >&2; exit 1; }
    [[ "$ANSWER_SIZE" == "$size" ]] || { echo "upload ($label): answered size $ANSWER_SIZE, expected $size" >&2; exit 1; }
    [[ "$stored" == "$size" ]] || { echo "upload ($label): object $path holds $stored bytes, expected $size" >&2; exit 1; }
    [[ -z "$(s3_list_uploads)" ]] || { echo "upload ($label): unfinished multipart uploads left: $(s3_list_uploads)" >&2; exit 1; }
    curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/v1/media/$ANSWER_ID" \
        || s3curl -o /dev/null -X DELETE "$S3/$BUCKET/$path"
    log "upload ($label): 201 in $UPLOAD_SECONDS s; sha256, answered size and object size verified ($path)"
    echo "$UPLOAD_SECONDS"
}

log "ChatMedia warm-up upload ($((WARM_BYTES / 1024 / 1024)) MiB, not timed)"
chatmedia_upload warmup "$WARM" "$WARM_SHA" > /dev/null
CM_SECONDS="$(chatmedia_upload bench "$SRC" "$EXPECTED_SHA")"

kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died" >&2; exit 1; }
read_memory_figures
stop_pid "$SERVER_PID"; SERVER_PID=""

log "direct PUT (curl --aws-sigv4), after"
DIRECT_AFTER="$(direct_put "direct-after.bin" "$SRC")"
log "direct PUT: 200 in $DIRECT_AFTER s, size verified"

# ---- 6. the table --------------------------------------------------------------------------------------------
DIRECT_SECONDS="$(python3 -c "print(f'{($DIRECT_BEFORE + $DIRECT_AFTER) / 2:.3f}')")"
DIRECT_MBPS="$(mbps "$SIZE_BYTES" "$DIRECT_SECONDS")"
CM_MBPS="$(mbps "$SIZE_BYTES" "$CM_SECONDS")"

echo
echo "ChatMedia upload throughput into S3 (S3Proxy $S3PROXY_HEAP, filesystem store on this disk):"
echo "$SIZE_MB MiB ($SIZE_BYTES bytes), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "MB/s = 10^6 bytes/s of wall time; page caches not dropped; each path had one untimed warm-up upload first;"
echo "ChatMedia's object store client: multipart parts of 8 MiB (the default part-size), the next read while the previous one is sent"
printf '%-40s %10s %10s %14s\n' "run" "seconds" "MB/s" "ratio/direct"
printf '%-40s %10s %10s %14s\n' "direct PUT (curl --aws-sigv4), before" "$DIRECT_BEFORE" "$(mbps "$SIZE_BYTES" "$DIRECT_BEFORE")" ""
printf '%-40s %10s %10s %14s\n' "direct PUT (curl --aws-sigv4), after" "$DIRECT_AFTER" "$(mbps "$SIZE_BYTES" "$DIRECT_AFTER")" ""
printf '%-40s %10s %10s %14s\n' "direct PUT mean (reference)" "$DIRECT_SECONDS" "$DIRECT_MBPS" "1.00"
printf '%-40s %10s %10s %14s\n' "POST /v1/media multipart (curl -F)" "$CM_SECONDS" "$CM_MBPS" "$(ratio "$CM_MBPS" "$DIRECT_MBPS")"
echo
printf '%-40s %s\n' "ChatMedia heap limit" "-Xmx$HEAP"
printf '%-40s %s MiB\n' "ChatMedia RSS when ready" "$(kib_to_mib "$RSS_AT_START_KB")"
printf '%-40s %s MiB\n' "ChatMedia peak RSS (VmHWM)" "$(kib_to_mib "$HWM_KB")"
printf '%-40s %s MiB\n' "ChatMedia max sampled VmRSS (0.2 s)" "$(kib_to_mib "$MAX_RSS_KB")"
printf '%-40s %s\n' "ChatMedia heap used after the uploads" "$HEAP_USED"
