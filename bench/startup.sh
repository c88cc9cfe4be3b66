#!/usr/bin/env bash
# Start-up time of ChatMedia: from the launch to /actuator/health/readiness and /actuator/health answering UP (the
# natives loaded, the database migrated, the store writable), on a fresh data dir each time; also when liveness
# first answered UP.
#
#   bench/startup.sh                      # 5 starts of each kind below
#   BENCH_STARTS=3 BENCH_NO_BUILD=1 bench/startup.sh
#
# Kinds of start, interleaved so that the machine's load falls on each alike:
#   run.sh, natives cached      scripts/run.sh (the README's way: the jar extracted once, AppCDS archive) with the
#                               natives cache (chatmedia.natives.cache-dir) filled by an untimed first start, which
#                               also extracted the jar and wrote the CDS archive (on Java 17, when it stopped)
#   run.sh, natives not cached  the same with an empty natives cache each time (a first start on a machine)
#   java -jar, natives cached   reference: the fat jar started as it is, without the extraction and CDS
# and, as the floor of any JVM start on this machine, `java -version` (median of 5).
# Prints each time with the 1-minute load, and the medians.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STARTS="${BENCH_STARTS:-5}"
HEAP="256m"
RUN="$BENCH/startup-$$"
require_tools java curl python3
build_jar
mkdir -p "$RUN"
cleanup_on_exit

# one_start <run.sh|jar> <natives cache dir> [seconds to stop]: prints "<seconds to liveness UP> <seconds to readiness
# and health UP>".
one_start() {
    DATA="$RUN/data-$RANDOM$RANDOM"
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    local t0 live="" ready
    t0="$(now)"
    if [[ "$1" == run.sh ]]; then
        JAVA_OPTS="-Xmx$HEAP" CHATMEDIA_JAR="$JAR" CHATMEDIA_NATIVES_CACHE_DIR="$2" SVT_LOG=1 OPENCV_LOG_LEVEL=ERROR \
            scripts/run.sh --server.address=127.0.0.1 --server.port="$PORT" --chatmedia.data-dir="$DATA" \
            > "$RUN/server.log" 2>&1 &
        SERVER_PID=$!
    else
        CHATMEDIA_NATIVES_CACHE_DIR="$2" SVT_LOG=1 OPENCV_LOG_LEVEL=ERROR start_chatmedia
    fi
    for _ in $(seq 1 3000); do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$RUN/server.log" >&2; exit 1; }
        if [[ -z "$live" ]] && curl -fsS -o /dev/null "$BASE/actuator/health/liveness" 2>/dev/null; then live="$(now)"; fi
        if curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null \
            && curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null; then
            ready="$(now)"
            break
        fi
        sleep 0.05
    done
    [[ -n "${ready:-}" ]] || { tail -30 "$RUN/server.log" >&2; echo "not ready after 150 s" >&2; exit 1; }
    stop_pid "$SERVER_PID" "${3:-10}"
    SERVER_PID=""
    rm -rf "$DATA"
    python3 -c "print(f'{${live:-$ready} - $t0:.2f} {$ready - $t0:.2f}')"
}

versions=()
for _ in 1 2 3 4 5; do
    t0="$(now)"; java -version 2>/dev/null; versions+=("$(python3 -c "print(f'{$(now) - $t0:.3f}')")")
done
log "filling the natives cache, extracting the jar, writing the CDS archive (untimed start)"
one_start run.sh "$RUN/natives" 300 >/dev/null # on Java 17 the stop writes the CDS archive: give it time
ls "${JAR%.jar}"/*.jsa >&2 || log "no CDS archive next to the extracted jar"
cached=(); fresh=(); plain=()
printf '\n| start | run.sh, natives cached: live / ready s | load | run.sh, not cached: live / ready s | load '
printf '| java -jar, cached: live / ready s | load |\n|---|---|---|---|---|---|---|\n'
for i in $(seq 1 "$STARTS"); do
    read -r cl c <<<"$(one_start run.sh "$RUN/natives")"; cload="$(load_1m)"
    rm -rf "$RUN/natives-empty"
    read -r fl f <<<"$(one_start run.sh "$RUN/natives-empty")"; fload="$(load_1m)"
    read -r pl p <<<"$(one_start jar "$RUN/natives")"; pload="$(load_1m)"
    cached+=("$c"); fresh+=("$f"); plain+=("$p")
    printf '| %s | %s / %s | %s | %s / %s | %s | %s / %s | %s |\n' "$i" "$cl" "$c" "$cload" "$fl" "$f" "$fload" \
        "$pl" "$p" "$pload"
done
mc="$(median "${cached[@]}")"; mf="$(median "${fresh[@]}")"; mp="$(median "${plain[@]}")"
printf '| median to ready | %s | | %s | | %s | |\n' "$mc" "$mf" "$mp"
printf '\nrun.sh / java -jar (natives cached): %s; java -version: median %s s\n' "$(ratio "$mc" "$mp")" \
    "$(python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "${versions[@]}")"
echo "cores: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); java: $(java -version 2>&1 | head -1)"
