#!/usr/bin/env bash
# Runs the built server (target/chatmedia-*.jar, or $CHATMEDIA_JAR) the way it starts fastest; arguments go to the
# server, $JAVA_OPTS to the JVM:
#
#   ./mvnw -q -DskipTests package && scripts/run.sh [--server.port=7001 ...]
#
# - The jar is extracted once next to it (Spring Boot's `java -Djarmode=tools -jar ... extract`, again when the jar
#   changes): plain jars on the JDK's class path load classes, and let JavaCPP find its natives among the resources,
#   far faster than the jar-in-jar loader does (OpenCV's natives: 4.5 s instead of 11 s on a loaded machine).
# - Class data sharing (AppCDS) for the classes a start loads, in an archive next to the extracted jar, one per Java
#   version: on Java 19+ the JVM keeps it up to date (-XX:+AutoCreateSharedArchive); on Java 17 the first start writes
#   it when it stops (-XX:ArchiveClassesAtExit: that stop takes longer, 10-30 s, while some 80 MB are written) and
#   later starts use it. Written under a temporary name and renamed once the JVM has exited by itself or on TERM/INT,
#   so a start killed halfway leaves no broken archive (the next start writes it again).
# Nothing here is needed for correctness: `java -jar target/chatmedia-*.jar` runs the same server, only slower to start.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${CHATMEDIA_JAR:-$(ls -1 "$ROOT"/target/chatmedia-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true)}"
[[ -n "$JAR" && -f "$JAR" ]] || { echo "no jar: build it with ./mvnw -q -DskipTests package (or set CHATMEDIA_JAR)" >&2; exit 1; }
JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
DIR="${JAR%.jar}"
APP="$DIR/$(basename "$JAR")"
STAMP="$(stat -c '%s %Y' "$JAR")"

# Extract (under a lock, so two starts at once do not race) when the jar is not extracted or has changed since.
if [[ "$(cat "$DIR/.extracted-from" 2>/dev/null || true)" != "$STAMP" ]]; then
    exec 9> "$DIR.lock"
    flock 9
    if [[ "$(cat "$DIR/.extracted-from" 2>/dev/null || true)" != "$STAMP" ]]; then
        rm -rf "$DIR.tmp" "$DIR"
        java -Djarmode=tools -jar "$JAR" extract --destination "$DIR.tmp" >&2
        echo "$STAMP" > "$DIR.tmp/.extracted-from"
        mv "$DIR.tmp" "$DIR"
    fi
    flock -u 9
    exec 9>&-
fi

# The Java version from the JDK's release file (cheaper than starting a JVM to ask).
JAVA_BIN="$(readlink -f "$(command -v java)")"
JAVA_VERSION="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$(dirname "$(dirname "$JAVA_BIN")")/release" 2>/dev/null || true)"
MAJOR="${JAVA_VERSION%%.*}"
JSA="$DIR/chatmedia-java-${JAVA_VERSION:-unknown}.jsa"
# CDS's own warnings (classes it cannot archive, a stale archive) are not the server's business.
QUIET=(-Xlog:cds=off -Xlog:cds+dynamic=off)
# C2, the optimising JIT, takes a method ten times later than by default: a start is CPU-bound on a small machine and
# C2 compiled start-up code (the JDK's ASM spinning annotation proxies, Spring's bean and property scanning) for about
# a third of its CPU. Code run often enough (every request path) still reaches C2 within seconds of traffic; C1 compiles
# as before. JAVA_OPTS come later on the command line and override these.
JIT=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000
    -XX:Tier4BackEdgeThreshold=400000)
if [[ "$MAJOR" =~ ^[0-9]+$ && "$MAJOR" -ge 19 ]]; then
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    exec java -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$JSA" "${QUIET[@]}" "${JIT[@]}" ${JAVA_OPTS:-} -jar "$APP" "$@"
elif [[ -f "$JSA" || ! "$MAJOR" =~ ^1[78]$ ]]; then
    CDS=()
    [[ -f "$JSA" ]] && CDS=("-XX:SharedArchiveFile=$JSA")
    # shellcheck disable=SC2086
    exec java "${CDS[@]}" "${QUIET[@]}" "${JIT[@]}" ${JAVA_OPTS:-} -jar "$APP" "$@"
fi
# Java 17 without an archive yet: this start writes it when it stops; the script waits for it to rename the file.
TMP="$JSA.$$.tmp"
# shellcheck disable=SC2086
java "-XX:ArchiveClassesAtExit=$TMP" "${QUIET[@]}" "${JIT[@]}" ${JAVA_OPTS:-} -jar "$APP" "$@" &
PID=$!
trap 'kill -TERM "$PID" 2>/dev/null || true' TERM INT
RC=0
while kill -0 "$PID" 2>/dev/null; do
    wait "$PID" && RC=0 || RC=$?
done
if [[ -s "$TMP" ]] && (( RC == 0 || RC == 130 || RC == 143 )); then
    mv -f "$TMP" "$JSA"
else
    rm -f "$TMP"
fi
exit "$RC"
