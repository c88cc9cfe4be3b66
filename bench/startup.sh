#!/usr/bin/env bash
# Start-up time of ChatMedia: from `java -jar` to /actuator/health answering UP, on a fresh data dir each time.
#
#   bench/startup.sh                      # 5 starts with the natives cache already filled, 5 with it empty
#   BENCH_STARTS=3 BENCH_NO_BUILD=1 bench/startup.sh
#
# "cached": chatmedia.natives.cache-dir points at a folder filled by an untimed first start (the natives unpacked
# on the machine, as after any earlier start); "not cached": an empty folder each start (a first start on a
# machine). Prints each time with the 1-minute load, and the medians.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

KEEP="${BENCH_KEEP:-0}"
STARTS="${BENCH_STARTS:-5}"
HEAP="256m"
BENCH="$ROOT/target/bench"
RUN="$BENCH/startup-$$"
SERVER_PID=""
SAMPLER_PID=""
require_tools java curl python3
build_jar
mkdir -p "$RUN"
cleanup_on_exit

# one_start <natives cache dir>: prints the seconds to health UP.
one_start() {
    DATA="$RUN/data-$RANDOM$RANDOM"
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    local t0 t1
    t0="$(now)"
    CHATMEDIA_NATIVES_CACHE_DIR="$1" SVT_LOG=1 OPENCV_LOG_LEVEL=ERROR start_chatmedia
    for _ in $(seq 1 1200); do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$RUN/server.log" >&2; exit 1; }
        curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null && break
        sleep 0.05
    done
    t1="$(now)"
    stop_pid "$SERVER_PID"
    SERVER_PID=""
    rm -rf "$DATA"
    python3 -c "print(f'{$t1 - $t0:.2f}')"
}

log "filling the natives cache (untimed start)"
one_start "$RUN/natives" >/dev/null
cached=(); fresh=()
printf '\n| start | natives cached: s | load | not cached: s | load |\n|---|---|---|---|---|\n'
for i in $(seq 1 "$STARTS"); do
    c="$(one_start "$RUN/natives")"; cl="$(load_1m)"
    rm -rf "$RUN/natives-empty"
    f="$(one_start "$RUN/natives-empty")"; fl="$(load_1m)"
    cached+=("$c"); fresh+=("$f")
    printf '| %s | %s | %s | %s | %s |\n' "$i" "$c" "$cl" "$f" "$fl"
done
printf '| median | %s | | %s | |\n' "$(median "${cached[@]}")" "$(median "${fresh[@]}")"
echo "cores: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); java: $(java -version 2>&1 | head -1)"
