#!/usr/bin/env bash
# The real tus client the resumable-upload tests and bench drive: tus-js-client (npm), run by Node. Installs Node
# (Debian's nodejs and npm, as root) when missing, then the packages of src/test/node/package.json into
# target/node-tools/ from the npm registry. Safe to run again: with everything there it only checks.
#
#   scripts/test-node-tools.sh     prints `node=/path` and `modules=/path/to/target/node-tools` on stdout
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf 'test-node-tools: %s\n' "$*" >&2; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        log "Node and npm are missing, and cannot be apt-get installed here"
        exit 1
    fi
    log "installing nodejs and npm"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm </dev/null >&2
fi

target=target/node-tools
mkdir -p "$target"
if ! cmp -s src/test/node/package.json "$target/package.json" || [ ! -d "$target/node_modules/tus-js-client" ]; then
    cp src/test/node/package.json "$target/package.json"
    log "npm install into $target"
    (cd "$target" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
cp src/test/node/*.js "$target/"
node -e "require('$PWD/$target/node_modules/tus-js-client')" >&2
echo "node=$(command -v node)"
echo "modules=$PWD/$target"
