# Shared by the bench scripts (bench/*.sh): sourced by them, never run on its own. Each script starts with
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# which sets ROOT (the checkout, also made the working folder), BENCH (target/bench, where the generated sources and
# each run's folder go), KEEP (BENCH_KEEP=1: keep the run's folder) and empties SERVER_PID and SAMPLER_PID.
#
# The functions work on the calling script's variables (bash has no other way to return several values):
#   read:  ROOT, BENCH, SRC, SIZE_MB, SIZE_BYTES, RUN, KEEP, HEAP, JAR, DATA, PORT, BASE, TOKEN, SERVER_PID,
#          SAMPLER_PID, USER_LIMIT, REGION, S3, BUCKET, ACCESS_KEY, SECRET_KEY, S3_PID
#   set:   JAR (build_jar), EXPECTED_SHA (ensure_source), WARM_BYTES and WARM (ensure_warmup), SERVER_PID
#          (start_chatmedia), PORT, SECRET, BASE and TOKEN (launch_chatmedia), SAMPLER_PID and RSS_AT_START_KB
#          (start_rss_sampler), HWM_KB, MAX_RSS_KB and HEAP_USED (read_memory_figures), UPLOAD_SECONDS and ANSWER_*
#          (post_upload), S3PROXY_JAR (ensure_s3proxy_jar), S3, S3_PID, ACCESS_KEY and SECRET_KEY (start_s3proxy)
# Functions that fail call exit, so they are meant to be called directly, not in $(...), unless said otherwise.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/target/bench"
KEEP="${BENCH_KEEP:-0}"
SERVER_PID=""
SAMPLER_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
mbps() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]) / 1e6:.1f}')" "$1" "$2"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
ratio() { python3 -c "print(f'{float(\"$1\") / float(\"$2\"):.2f}')"; }
kib_to_mib() { python3 -c "print(f'{int(\"$1\") / 1024:.0f}')"; }
random_hex() { python3 -c "import secrets, sys; print(secrets.token_hex(int(sys.argv[1])))" "$1"; }

# require_tools <tool...>: exits 2 naming the first one missing from PATH.
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
    done
}

# ---- the jar ---------------------------------------------------------------------------------------------------
find_jar() { ls -1 target/chatmedia-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | grep -v '\.original$' | head -1 || true; }

# build_jar: sets JAR. Always rebuilt, so the figures are of the tree as it is (BENCH_NO_BUILD=1 reuses the jar in
# target/).
build_jar() {
    if [[ "${BENCH_NO_BUILD:-0}" != 1 || -z "$(find_jar)" ]]; then
        log "building the jar (./mvnw -B -q -DskipTests package)"
        ./mvnw -B -q -DskipTests package
    fi
    JAR="$(find_jar)"
    [[ -n "$JAR" ]] || { echo "no jar in target/ after the build" >&2; exit 1; }
}

# ---- processes -------------------------------------------------------------------------------------------------
# stop_pid <pid> [seconds]: TERM, up to 10 s (or as given), then KILL; nothing when the pid is empty or already gone.
stop_pid() {
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 $(( ${2:-10} * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

stop_sampler() {
    if [[ -n "$SAMPLER_PID" ]]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; fi
    SAMPLER_PID=""
}

# cleanup_on_exit [function]: at exit (INT and TERM exit 130) stops the RSS sampler and ChatMedia, runs the function
# when given (the script's own clean-up), removes $RUN unless BENCH_KEEP=1 and exits with the script's status.
BENCH_CLEANUP_HOOK=""
cleanup_on_exit() {
    BENCH_CLEANUP_HOOK="${1:-}"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}
bench_cleanup() {
    local rc=$?
    stop_sampler
    stop_pid "$SERVER_PID"
    if [[ -n "$BENCH_CLEANUP_HOOK" ]]; then "$BENCH_CLEANUP_HOOK"; fi
    if [[ "$KEEP" == "1" ]]; then
        log "kept $RUN (BENCH_KEEP=1)"
    else
        rm -rf "$RUN"
    fi
    exit "$rc"
}

# ---- the source file -------------------------------------------------------------------------------------------
# ensure_source: generates $SRC ($SIZE_BYTES bytes) unless it is there, and its .sha256 next to it; sets EXPECTED_SHA.
ensure_source() {
    if [[ ! -f "$SRC" || "$(stat -c %s "$SRC")" != "$SIZE_BYTES" ]]; then
        log "generating $SRC ($SIZE_MB MiB)"
        rm -f "$SRC" "$SRC.sha256"
        if command -v openssl >/dev/null; then
            # AES-128-CTR keystream (of zeros): incompressible, about 1 GB/s, the same bytes every time.
            openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000 \
                -in /dev/zero 2>/dev/null | head -c "$SIZE_BYTES" > "$SRC.part" || true
        else
            python3 - "$SIZE_BYTES" "$SRC.part" <<'PY'
import os, sys
size, out = int(sys.argv[1]), sys.argv[2]
with open(out, "wb") as f:
    left = size
    while left > 0:
        n = min(left, 4 << 20)
        f.write(os.urandom(n))
        left -= n
PY
        fi
        [[ "$(stat -c %s "$SRC.part")" == "$SIZE_BYTES" ]] || { echo "could not generate $SIZE_BYTES bytes" >&2; exit 1; }
        mv "$SRC.part" "$SRC"
    fi
    if [[ ! -f "$SRC.sha256" || "$SRC.sha256" -ot "$SRC" ]]; then
        log "sha256sum of the source"
        sha256sum "$SRC" | cut -d' ' -f1 > "$SRC.sha256"
    fi
    EXPECTED_SHA="$(cat "$SRC.sha256")"
    log "source: $SRC ($SIZE_BYTES bytes, sha256 $EXPECTED_SHA)"
}

# ensure_warmup: the first 64 MiB of the source (all of it when smaller) as $BENCH/warmup-<N>MiB.bin, for the
# untimed warm-up uploads; sets WARM_BYTES and WARM.
ensure_warmup() {
    WARM_BYTES=$(( SIZE_BYTES < 64 * 1024 * 1024 ? SIZE_BYTES : 64 * 1024 * 1024 ))
    WARM="$BENCH/warmup-$((WARM_BYTES / 1024 / 1024))MiB.bin"
    [[ -f "$WARM" && "$(stat -c %s "$WARM")" == "$WARM_BYTES" ]] || head -c "$WARM_BYTES" "$SRC" > "$WARM"
}

# ---- ChatMedia -------------------------------------------------------------------------------------------------
# [VAR=value...] start_chatmedia: starts the jar at -Xmx$HEAP (plus $BENCH_JAVA_OPTS, e.g. a JFR recording) on 127.0.0.1:$PORT with its data dir $DATA, logging to
# $RUN/server.log; sets SERVER_PID. Settings other than those go as environment variables before the call (a
# function's prefix assignments are exported to what it runs), so secrets do not show in ps.
start_chatmedia() {
    # shellcheck disable=SC2086  # BENCH_JAVA_OPTS: extra JVM options (a profiler), split on spaces
    java "-Xmx$HEAP" ${BENCH_JAVA_OPTS:-} -jar "$JAR" \
        --server.address=127.0.0.1 --server.port="$PORT" --chatmedia.data-dir="$DATA" \
        > "$RUN/server.log" 2>&1 &
    SERVER_PID=$!
}

# await_chatmedia: up to 120 s for $BASE/actuator/health/readiness to answer 2xx (readiness includes the store: with
# S3, UP means the bucket is reachable with these credentials); exits with the log's tail if the server dies first.
await_chatmedia() {
    local ready=0
    for _ in $(seq 1 600); do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -50 "$RUN/server.log" >&2; echo "server exited during start" >&2; exit 1; }
        if curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null; then ready=1; break; fi
        sleep 0.2
    done
    [[ "$ready" == 1 ]] || { tail -50 "$RUN/server.log" >&2; curl -sS "$BASE/actuator/health/readiness" >&2 || true
        echo "server not ready after 120 s" >&2; exit 1; }
    log "server ready (pid $SERVER_PID)"
}

# [VAR=value...] launch_chatmedia: start_chatmedia on a free port with a new token secret (and $USER_LIMIT as the
# per-user limit when set), $DATA created first, then await_chatmedia and a user token; sets PORT, SECRET, BASE, TOKEN
# and SERVER_PID.
launch_chatmedia() {
    PORT="$(free_port)"
    SECRET="$(random_hex 32)"
    BASE="http://127.0.0.1:$PORT"
    mkdir -p "$DATA"
    log "starting ChatMedia on $BASE (-Xmx$HEAP${USER_LIMIT:+, user limit $USER_LIMIT}, data $DATA)"
    local -x CHATMEDIA_AUTH_JWT_SECRET="$SECRET"
    if [[ -n "${USER_LIMIT:-}" ]]; then
        local -x CHATMEDIA_LIMITS_USER_MAX_BYTES="$USER_LIMIT"
    fi
    start_chatmedia
    await_chatmedia
    TOKEN="$(mint_token "$SECRET")"
}

# start_rss_sampler: VmRSS of $SERVER_PID every 0.2 s into $RUN/rss.samples (the max is taken at the end, VmHWM is
# read too); sets SAMPLER_PID and RSS_AT_START_KB.
start_rss_sampler() {
    : > "$RUN/rss.samples"
    (
        while [[ -r "/proc/$SERVER_PID/status" ]]; do
            awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" >> "$RUN/rss.samples" 2>/dev/null || true
            sleep 0.2
        done
    ) &
    SAMPLER_PID=$!
    RSS_AT_START_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")"
}

# read_memory_figures: the server's VmHWM, the max sampled VmRSS (the sampler is stopped) and the heap it uses now
# (from /actuator/prometheus); sets HWM_KB, MAX_RSS_KB and HEAP_USED.
read_memory_figures() {
    HWM_KB="$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")"
    stop_sampler
    MAX_RSS_KB="$(sort -n "$RUN/rss.samples" | tail -1)"
    HEAP_USED="$(curl -fsS "$BASE/actuator/prometheus" 2>/dev/null | python3 -c '
import re, sys
used = sum(float(m.group(1)) for m in re.finditer(r"^jvm_memory_used_bytes\{[^}]*area=\"heap\"[^}]*\} (\S+)", sys.stdin.read(), re.M))
print(f"{used / 1048576:.0f} MiB" if used else "n/a")' || echo n/a)"
}

# mint_token <secret>: prints a user token, HS256 over {"id","role","iat","exp"}, as the host chat app would mint it.
mint_token() {
    python3 -c '
import base64, hashlib, hmac, json, sys, time
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=")
now = int(time.time())
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
payload = b64(json.dumps({"id": "bench-user", "role": "user", "iat": now, "exp": now + 3600},
                         separators=(",", ":")).encode())
signing = header + b"." + payload
signature = b64(hmac.new(sys.argv[1].encode(), signing, hashlib.sha256).digest())
print((signing + b"." + signature).decode())
' "$1"
}

# post_upload <label> <curl args...>: one upload to ChatMedia with the bearer $TOKEN, its answer in
# $RUN/resp-<label>.json; exits with the answer and the server log's tail unless it is 201. Sets UPLOAD_SECONDS (the
# wall time of the curl alone) and ANSWER_SHA, ANSWER_SIZE, ANSWER_PATH and ANSWER_ID from the answer.
post_upload() {
    local label="$1"; shift
    local resp="$RUN/resp-$label.json" t0 t1 code
    t0="$(now)"
    code="$(curl -sS -o "$resp" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$@")"
    t1="$(now)"
    if [[ "$code" != "201" ]]; then
        echo "upload ($label) answered $code: $(head -c 500 "$resp")" >&2
        tail -30 "$RUN/server.log" >&2
        exit 1
    fi
    UPLOAD_SECONDS="$(python3 -c "print(f'{$t1 - $t0:.3f}')")"
    ANSWER_SHA="$(json_field "$resp" sha256)"
    ANSWER_SIZE="$(json_field "$resp" size)"
    ANSWER_PATH="$(json_field "$resp" path)"
    ANSWER_ID="$(json_field "$resp" id)"
}

# json_field <answer.json> <field>: prints data.<field> of a success envelope.
json_field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['data'][sys.argv[2]])" "$1" "$2"; }

# ---- S3Proxy (the object store of the S3 benches) -------------------------------------------------------------
# ensure_s3proxy_jar: sets S3PROXY_JAR, fetched into target/s3proxy/ by ./mvnw -B -q process-test-resources when missing.
ensure_s3proxy_jar() {
    S3PROXY_JAR="$ROOT/target/s3proxy/s3proxy.jar"
    if [[ ! -f "$S3PROXY_JAR" ]]; then
        log "fetching S3Proxy (./mvnw -B -q process-test-resources)"
        ./mvnw -B -q process-test-resources
    fi
    [[ -f "$S3PROXY_JAR" ]] || { echo "no S3Proxy jar at $S3PROXY_JAR" >&2; exit 1; }
}

# start_s3proxy <data dir> [heap]: S3Proxy (filesystem store in the folder, -Xmx512m unless given) on a free port
# with a new key pair, awaited; its log in $RUN/s3proxy.log, the key pair for s3curl in $RUN/curl-s3.conf (so the
# secret does not show in ps). Sets S3, S3_PID, ACCESS_KEY and SECRET_KEY; stop it with stop_pid "$S3_PID".
start_s3proxy() {
    local data="$1" heap="${2:-512m}"
    S3="http://127.0.0.1:$(free_port)"
    ACCESS_KEY="bench-access"
    SECRET_KEY="$(random_hex 20)"
    mkdir -p "$data"
    printf '%s\n' "s3proxy.endpoint=$S3" "s3proxy.authorization=aws-v2-or-v4" "s3proxy.identity=$ACCESS_KEY" \
        "s3proxy.credential=$SECRET_KEY" "jclouds.provider=filesystem-nio2" "jclouds.filesystem.basedir=$data" \
        > "$RUN/s3proxy.conf"
    printf 'user = "%s:%s"\n' "$ACCESS_KEY" "$SECRET_KEY" > "$RUN/curl-s3.conf"
    log "starting S3Proxy on $S3 (-Xmx$heap, data $data)"
    java "-Xmx$heap" -jar "$S3PROXY_JAR" --properties "$RUN/s3proxy.conf" > "$RUN/s3proxy.log" 2>&1 &
    S3_PID=$!
    for _ in $(seq 1 600); do
        kill -0 "$S3_PID" 2>/dev/null || { tail -50 "$RUN/s3proxy.log" >&2; echo "S3Proxy exited during start" >&2; exit 1; }
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$S3/" 2>/dev/null || true)" != "000" ]] && return 0
        sleep 0.2
    done
    tail -50 "$RUN/s3proxy.log" >&2
    echo "S3Proxy not listening after 120 s" >&2
    exit 1
}

# s3curl <curl args...>: curl signed for S3Proxy (SigV4, $REGION, default us-east-1). curl (7.88) signs
# x-amz-content-sha256 only when given, and S3Proxy checks it against the payload: the SHA-256 of the empty body by
# default, UNSIGNED-PAYLOAD for file PUTs (S3_PAYLOAD_SHA=UNSIGNED-PAYLOAD s3curl ...).
s3curl() {
    curl -sS -K "$RUN/curl-s3.conf" --aws-sigv4 "aws:amz:${REGION:-us-east-1}:s3" \
        -H "x-amz-content-sha256: ${S3_PAYLOAD_SHA:-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}" "$@"
}

# s3_create_bucket <name>: exits unless S3Proxy answers 200.
s3_create_bucket() {
    local code
    code="$(s3curl -o "$RUN/create-bucket.xml" -w '%{http_code}' -X PUT "$S3/$1")"
    [[ "$code" == 200 ]] || { echo "creating bucket $1 answered $code: $(head -c 500 "$RUN/create-bucket.xml")" >&2; exit 1; }
}

# with_s3_store <command...>: runs the command (start_chatmedia, launch_chatmedia) with ChatMedia's primary store set
# to $BUCKET on the S3Proxy at $S3, through the environment so the secret does not show in ps.
with_s3_store() {
    CHATMEDIA_STORAGE_S3_ENDPOINT="$S3" CHATMEDIA_STORAGE_S3_REGION="${REGION:-us-east-1}" \
        CHATMEDIA_STORAGE_S3_BUCKET="$BUCKET" CHATMEDIA_STORAGE_S3_ACCESS_KEY="$ACCESS_KEY" \
        CHATMEDIA_STORAGE_S3_SECRET_KEY="$SECRET_KEY" CHATMEDIA_STORAGE_S3_PATH_STYLE_ACCESS=true "$@"
}

# ---- shared by the serving and start-up benches ---------------------------------------------------------------
# ensure_debian_package <command> <package>: installs the package with apt-get (as root) unless the command is there.
ensure_debian_package() {
    command -v "$1" >/dev/null && return 0
    [[ "$(id -u)" == 0 ]] || { echo "missing $1 and not root: apt-get install $2" >&2; exit 2; }
    log "installing $2"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" </dev/null >&2 \
        || { apt-get update -q </dev/null >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends "$2" </dev/null >&2; } || { echo "apt-get install $2 failed" >&2; exit 1; }
}

# start_static_nginx <root> <port>: nginx serving the folder on 127.0.0.1:<port> (sendfile, no access log), its
# files under $RUN/nginx; sets NGINX_PID_FILE. Stop it with stop_static_nginx.
start_static_nginx() {
    local dir="$RUN/nginx"
    mkdir -p "$dir/tmp"
    cat > "$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
    server { listen 127.0.0.1:$2; root $1; location / { } }
}
CONF
    nginx -c "$dir/nginx.conf" -p "$dir"
    NGINX_PID_FILE="$dir/nginx.pid"
}
stop_static_nginx() {
    [[ -n "${NGINX_PID_FILE:-}" && -f "$NGINX_PID_FILE" ]] && stop_pid "$(cat "$NGINX_PID_FILE")"
    NGINX_PID_FILE=""
}

# load_1m: the 1-minute load average, printed with every figure (other work on the machine skews them).
load_1m() { cut -d' ' -f1 /proc/loadavg; }

# median <numbers...>
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }

# wrk_rps <url> [header]: requests/s of `wrk -t2 -c64` for $WRK_SECONDS (default 15) s; exits if any answer was
# not 2xx/3xx.
wrk_rps() {
    local script=""
    if [[ -n "${2:-}" ]]; then
        script="$RUN/wrk-header.lua"
        printf 'wrk.headers["%s"] = "%s"\n' "${2%%:*}" "$(echo "${2#*:}" | sed 's/^ *//')" > "$script"
    fi
    local out
    out="$(wrk -t2 -c64 -d"${WRK_SECONDS:-15}s" ${script:+-s "$script"} "$1")"
    if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "non-2xx answers from $1" >&2; exit 1; fi
    awk '/Requests\/sec/ {print $2}' <<<"$out"
}
