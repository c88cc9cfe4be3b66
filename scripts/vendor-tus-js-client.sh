#!/usr/bin/env bash
# Puts tus-js-client's browser build (the npm package, MIT) where the chat page loads it:
# target/classes/static/vendor/tus.min.js, with its licence beside it. Run by the build (generate-resources);
# the package is fetched once into target/vendor/ and reused. Without npm the page still works: it sends large
# files with plain uploads instead of tus (a warning says so).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION="${TUS_JS_CLIENT_VERSION:-4.3.1}"
cache="target/vendor/tus-js-client-$VERSION"
out="target/classes/static/vendor"

if [ ! -f "$cache/package/dist/tus.min.js" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "vendor-tus-js-client: WARNING: npm not found; the chat page will send large files without tus" >&2
        exit 0
    fi
    mkdir -p "$cache"
    tarball=$(cd "$cache" && npm pack --silent "tus-js-client@$VERSION" 2>/dev/null | tail -1)
    tar -xzf "$cache/$tarball" -C "$cache"
fi
mkdir -p "$out"
cp "$cache/package/dist/tus.min.js" "$out/tus.min.js"
cp "$cache/package/LICENSE" "$out/tus-js-client.LICENSE"
