#!/usr/bin/env bash
# The soak (issue 14, item 7): mixed traffic against one node at -Xmx256m for 10 minutes by default — uploads of
# images, videos, voice messages and files from users and guests (native and seed routes), reads with ranges,
# processing (image resize, video cover, audio convert), deletes, uploads abandoned halfway — then checks: no 5xx,
# every live upload served with its SHA-256, rows == blobs, no temporary file, RSS and thread count flat over the
# second half. The traffic and the checks are SoakIT's (the suite runs it for 100 s); this runs it longer.
#
#   bench/soak.sh                         # 10 minutes
#   BENCH_SOAK_DURATION=30m bench/soak.sh
#
# Prints the figures ([soak] lines): requests by status, blobs and rows, and the RSS/thread samples.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${BENCH_SOAK_DURATION:-10m}"
require_tools java python3
LOG="$ROOT/target/bench/soak-$$.log"
mkdir -p "$(dirname "$LOG")"
log "soak for $DURATION (SoakIT in a child JVM at -Xmx256m); full output in $LOG"
set +e
./mvnw -B -o -q verify -Dit.test=SoakIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dchatmedia.soak.duration="$DURATION" >"$LOG" 2>&1
rc=$?
set -e
REPORT=target/failsafe-reports/io.chatmedia.hostile.SoakIT-output.txt
if [[ -f "$REPORT" ]]; then grep -h '^\[soak\]' "$REPORT" || true; else grep -h '^\[soak\]' "$LOG" || true; fi
grep -h -A3 'SoakIT\.' "$LOG" | head -40 || true
log "exit $rc"
exit "$rc"
