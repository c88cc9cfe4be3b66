#!/usr/bin/env bash
# Fuzzes each parser's @FuzzTest with Jazzer for its maxDuration (30 s each, set in the annotation), then
# keeps what it found: the working corpus (.cifuzz-corpus/, not committed) is copied into the test's committed inputs
# (src/test/resources/<package>/<Class>Inputs/<method>/, at most 300 files a test), which `./mvnw test` replays. A crash
# is written there by Jazzer as crash-<sha1>, fails the run, and is to be committed with its fix.
# `./mvnw verify` fuzzes each for the same budget without keeping anything (surefire's fuzz-budget execution).
#   scripts/fuzz.sh                      every fuzz test
#   scripts/fuzz.sh RangeRequestFuzzTest one of them
#   FUZZ_ROUNDS=20 scripts/fuzz.sh       longer: 20 rounds a test (10 minutes), each going on from the last's corpus
set -euo pipefail
cd "$(dirname "$0")/.."
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  mapfile -t tests < <(find src/test/java -name '*FuzzTest.java' -exec basename {} .java \; | sort)
fi
./mvnw -o -q test-compile
status=0
for test in "${tests[@]}"; do
  echo "== $test"
  for ((round = 1; round <= ${FUZZ_ROUNDS:-1}; round++)); do
    if ! JAZZER_FUZZ=1 ./mvnw -o -q surefire:test@fuzz-regression -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false; then
      status=1
      break
    fi
  done
  source=$(find src/test/java -name "$test.java" | head -1)
  package_dir=$(dirname "${source#src/test/java/}")
  class=$(echo "$package_dir/$test" | tr / .)
  for method_dir in .cifuzz-corpus/"$class"/*/; do
    [ -d "$method_dir" ] || continue
    target="src/test/resources/$package_dir/${test}Inputs/$(basename "$method_dir")"
    mkdir -p "$target"
    find "$method_dir" -type f -size -8k | head -300 | xargs -r cp -t "$target"
  done
done
exit $status
