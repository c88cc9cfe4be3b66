#!/usr/bin/env bash
# Thumbnail throughput through nginx with one ChatMedia node against two nodes on this machine, and duplicate
# computations under a 10-way identical burst; on demand (never part of the test suite).
#
#   bench/cluster-throughput.sh                    # 120 uncached thumbnails per phase, 4 at a time
#   BENCH_REQUESTS=200 BENCH_CONCURRENCY=8 bench/cluster-throughput.sh
#   BENCH_NO_BUILD=1 bench/cluster-throughput.sh   # reuse target/chatmedia-*.jar
#   BENCH_KEEP=1 bench/cluster-throughput.sh       # keep the run folder (logs, nginx configs) under target/bench
#
# What it does, in one run:
#   1. builds the jar (BENCH_NO_BUILD=1 reuses it), gets S3Proxy's jar, nginx (scripts/test-nginx.sh) and the tests'
#      PostgreSQL (scripts/test-postgres.sh start; stopped at the end only if this script started it), in which it
#      creates a schema of its own (dropped at the end);
#   2. starts S3Proxy with a bucket, and two ChatMedia nodes (-Xmx$BENCH_HEAP) on that database and bucket, with one
#      JWT secret, as README's "Running a cluster" says;
#   3. uploads one 1 MP photo-like JPEG (target/bench/image-sources/photo-1mp.jpg when bench/image-throughput.sh made
#      it, else ffmpeg's testsrc2 at 1152x864) three times through the Diy route: one source per phase plus one for
#      warm-up, so both phases ask the same widths and every request is a cache miss; warms both nodes up directly;
#   4. phase 1: nginx with node A alone; phase 2: nginx with both nodes, round-robin (the configuration README shows);
#      each phase sends the same $BENCH_REQUESTS thumbnail requests (image/resize,w_<200..>/format,jpg) through
#      nginx, $BENCH_CONCURRENCY at a time (xargs -P, curl); every answer must be 200;
#   5. burst: 10 identical new requests at once through the two-node nginx; duplicates = the sum over both nodes of
#      chatmedia_derived_computed_total's increase, minus one;
#   6. prints both throughputs, their ratio (goal >= 0.9: two nodes on the same cores cost little) and the duplicates
#      (goal 0), then stops everything it started.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HEAP="${BENCH_HEAP:-256m}"
REQUESTS="${BENCH_REQUESTS:-120}"
CONCURRENCY="${BENCH_CONCURRENCY:-4}"
REGION="us-east-1"
RUN="$BENCH/cluster-run-$$"

[[ "$REQUESTS" =~ ^[1-9][0-9]*$ && "$CONCURRENCY" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_REQUESTS and BENCH_CONCURRENCY must be positive integers" >&2; exit 2; }
require_tools java curl python3 ffmpeg psql xargs

build_jar
ensure_s3proxy_jar
NGINX="$(scripts/test-nginx.sh | sed -n 's/^nginx=//p')"
mkdir -p "$RUN" "$RUN/s3" "$RUN/nginx/logs" "$RUN/nginx/temp"
chmod 700 "$RUN"

S3_PID=""; A_PID=""; B_PID=""; NGINX_PID=""; SCHEMA=""; PG_STARTED=0; PSQL_URL=""
cleanup() {
    stop_pid "$NGINX_PID"; stop_pid "$A_PID"; stop_pid "$B_PID"; stop_pid "$S3_PID"
    if [[ -n "$SCHEMA" ]]; then psql -q "$PSQL_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true; fi
    if [[ "$PG_STARTED" == 1 ]]; then scripts/test-postgres.sh stop >/dev/null 2>&1 || true; fi
}
cleanup_on_exit cleanup

# ---- the database: a schema of this run's own on the tests' PostgreSQL ----------------------------------------
if ! PG_URL="$(scripts/test-postgres.sh url 2>/dev/null)" || [[ -z "$PG_URL" ]]; then
    PG_URL="$(scripts/test-postgres.sh start | tail -1)"
    PG_STARTED=1
fi
PSQL_URL="$(python3 - "$PG_URL" <<'PY'
import sys, urllib.parse
url = sys.argv[1][len("jdbc:"):]
parts = urllib.parse.urlsplit(url)
query = dict(urllib.parse.parse_qsl(parts.query))
print(f"postgresql://{query['user']}:{urllib.parse.quote(query['password'])}@{parts.netloc}{parts.path}")
PY
)"
SCHEMA="bench_cluster_$$"
psql -q "$PSQL_URL" -c "CREATE SCHEMA $SCHEMA" >/dev/null
NODE_DB_URL="$PG_URL&currentSchema=$SCHEMA"

# ---- S3Proxy and the bucket ------------------------------------------------------------------------------------
start_s3proxy "$RUN/s3"
BUCKET="bench-cluster-$$"
s3_create_bucket "$BUCKET"
log "S3Proxy on $S3, bucket $BUCKET; PostgreSQL schema $SCHEMA"

# ---- two nodes -------------------------------------------------------------------------------------------------
SECRET="$(random_hex 32)"
# start_node <id> <port>: prints the pid. Secrets and settings go through the environment (not shown in ps).
start_node() {
    local id="$1" port="$2"
    mkdir -p "$RUN/$id"
    SPRING_DATASOURCE_URL="$NODE_DB_URL" CHATMEDIA_CLUSTER_NODE_ID="$id" CHATMEDIA_AUTH_JWT_SECRET="$SECRET" \
    CHATMEDIA_STORAGE_S3_ENDPOINT="$S3" CHATMEDIA_STORAGE_S3_REGION="$REGION" CHATMEDIA_STORAGE_S3_BUCKET="$BUCKET" \
    CHATMEDIA_STORAGE_S3_ACCESS_KEY="$ACCESS_KEY" CHATMEDIA_STORAGE_S3_SECRET_KEY="$SECRET_KEY" \
    CHATMEDIA_STORAGE_S3_PATH_STYLE_ACCESS=true SVT_LOG=1 OPENCV_LOG_LEVEL=ERROR \
        java "-Xmx$HEAP" -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" \
        --chatmedia.data-dir="$RUN/$id/data" > "$RUN/$id/server.log" 2>&1 &
    echo $!
}
await_node() {
    local pid="$1" base="$2" log_file="$3"
    for _ in $(seq 1 900); do
        kill -0 "$pid" 2>/dev/null || { tail -40 "$log_file" >&2; echo "node $base exited during start" >&2; exit 1; }
        curl -fsS -o /dev/null "$base/actuator/health/readiness" 2>/dev/null && return 0
        sleep 0.2
    done
    tail -40 "$log_file" >&2; echo "node $base not ready after 180 s" >&2; exit 1
}
A_PORT="$(free_port)"; B_PORT="$(free_port)"
A="http://127.0.0.1:$A_PORT"; B="http://127.0.0.1:$B_PORT"
A_PID="$(start_node node-a "$A_PORT")"
B_PID="$(start_node node-b "$B_PORT")"
await_node "$A_PID" "$A" "$RUN/node-a/server.log"
await_node "$B_PID" "$B" "$RUN/node-b/server.log"
log "nodes ready: node-a $A (pid $A_PID), node-b $B (pid $B_PID)"

# ---- nginx -----------------------------------------------------------------------------------------------------
# start_nginx <upstream...>: (re)starts nginx on a free port over the given host:port upstreams; sets LB.
start_nginx() {
    stop_pid "$NGINX_PID"
    local port servers="" upstream
    port="$(free_port)"
    for upstream in "$@"; do servers+="        server $upstream max_fails=1 fail_timeout=5s;"$'\n'; done
    cat > "$RUN/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $RUN/nginx/nginx.pid;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path $RUN/nginx/temp/body;
    proxy_temp_path $RUN/nginx/temp/proxy;
    fastcgi_temp_path $RUN/nginx/temp/fastcgi;
    uwsgi_temp_path $RUN/nginx/temp/uwsgi;
    scgi_temp_path $RUN/nginx/temp/scgi;
    upstream chatmedia {
$servers        keepalive 16;
    }
    server {
        listen 127.0.0.1:$port;
        client_max_body_size 0;
        location / {
            proxy_pass http://chatmedia;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_request_buffering off;
            proxy_buffering off;
            proxy_connect_timeout 2s;
            proxy_read_timeout 120s;
            proxy_next_upstream error timeout;
        }
    }
}
EOF
    "$NGINX" -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/logs/error.log" &
    NGINX_PID=$!
    LB="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do curl -s -o /dev/null "$LB/actuator/health/liveness" && return 0; sleep 0.1; done
    cat "$RUN/nginx/logs/error.log" >&2; echo "nginx did not start" >&2; exit 1
}

# ---- the sources -----------------------------------------------------------------------------------------------
SRC="$BENCH/image-sources/photo-1mp.jpg"
if [[ ! -f "$SRC" ]]; then
    SRC="$RUN/source.jpg"
    ffmpeg -loglevel error -f lavfi -i "testsrc2=size=1152x864" -frames:v 1 -q:v 2 "$SRC"
fi
TOKEN="$(mint_token "$SECRET")"
start_nginx "127.0.0.1:$A_PORT" "127.0.0.1:$B_PORT"
upload() {
    curl -fsS -H "token: $TOKEN" -F "file=@$SRC;filename=photo.jpg" "$LB/api/chat/uploadStreamSingleToServerDiy/bench" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["url"])'
}
WARM_URL="$(upload)"; ONE_URL="$(upload)"; TWO_URL="$(upload)"; BURST_URL="$(upload)"

# load <base url of the source>: $REQUESTS thumbnails, $CONCURRENCY at a time; prints "seconds ok".
load() {
    local url="$1" t0 t1 ok
    t0="$(now)"
    ok="$(seq 200 $((200 + REQUESTS - 1)) | xargs -P "$CONCURRENCY" -I{} \
        curl -s -o /dev/null -w '%{http_code}\n' "$url?x-oss-process=image/resize,w_{}/format,jpg" | grep -c '^200$' || true)"
    t1="$(now)"
    echo "$(python3 -c "print(f'{$t1 - $t0:.3f}')") $ok"
}
log "warm-up: 20 thumbnails on each node directly"
for node in "$A" "$B"; do
    for w in $(seq 100 119); do curl -fsS -o /dev/null "$node$WARM_URL?x-oss-process=image/resize,w_$w/format,jpg"; done
    WARM_URL="$(upload)"
done

start_nginx "127.0.0.1:$A_PORT"
log "phase 1: one node behind nginx, $REQUESTS thumbnails, $CONCURRENCY at a time"
read -r ONE_SECONDS ONE_OK <<< "$(load "$LB$ONE_URL")"
start_nginx "127.0.0.1:$A_PORT" "127.0.0.1:$B_PORT"
log "phase 2: two nodes behind nginx, the same load"
read -r TWO_SECONDS TWO_OK <<< "$(load "$LB$TWO_URL")"
[[ "$ONE_OK" == "$REQUESTS" && "$TWO_OK" == "$REQUESTS" ]] || { echo "not every answer was 200: $ONE_OK and $TWO_OK of $REQUESTS" >&2; exit 1; }

computed() {
    local total=0 node value
    for node in "$A" "$B"; do
        value="$(curl -fsS "$node/actuator/prometheus" | awk '/^chatmedia_derived_computed_total/ {s += $2} END {print s + 0}')"
        total="$(python3 -c "print($total + $value)")"
    done
    echo "$total"
}
BEFORE="$(computed)"
log "burst: 10 identical new requests at once through both nodes"
seq 1 10 | xargs -P 10 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
    "$LB$BURST_URL?x-oss-process=image/resize,w_555/format,webp" > "$RUN/burst.codes"
AFTER="$(computed)"
BURST_OK="$(grep -c '^200$' "$RUN/burst.codes" || true)"
DUPLICATES="$(python3 -c "print(int($AFTER - $BEFORE - 1))")"

ONE_RATE="$(python3 -c "print(f'{$REQUESTS / $ONE_SECONDS:.1f}')")"
TWO_RATE="$(python3 -c "print(f'{$REQUESTS / $TWO_SECONDS:.1f}')")"
echo
echo "Thumbnails through nginx (1 MP JPEG -> resize,w_200..$((200 + REQUESTS - 1)) JPEG, every request a cache miss),"
echo "$REQUESTS requests per phase, $CONCURRENCY at a time; nodes at -Xmx$HEAP on one PostgreSQL and one S3Proxy;"
echo "$(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-34s %10s %10s %8s\n' "phase" "seconds" "img/s" "ratio"
printf '%-34s %10s %10s %8s\n' "one node behind nginx" "$ONE_SECONDS" "$ONE_RATE" "1.00"
printf '%-34s %10s %10s %8s\n' "two nodes behind nginx" "$TWO_SECONDS" "$TWO_RATE" "$(ratio "$TWO_RATE" "$ONE_RATE")"
echo
printf '%-34s %s\n' "10-way identical burst" "$BURST_OK of 10 answered 200, computed $(python3 -c "print(int($AFTER - $BEFORE))") time(s), duplicates $DUPLICATES (goal 0)"
