#!/usr/bin/env bash
# The browser the page tests drive, installed if missing (apt-get, as root): Debian's Chromium, its ChromeDriver, and
# a CJK font so screenshots show Chinese text.
#
#   scripts/test-browser-tools.sh     install what is missing, check both run, print `name=/absolute/path` lines
#
# stdout: the tool paths (read by io.chatmedia.testsupport.Browser); progress to stderr. Safe to run again.
set -euo pipefail
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

log() { printf 'test-browser-tools: %s\n' "$*" >&2; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { log "ERROR: missing ${missing[*]} and not root"; exit 1; }
    log "installing ${missing[*]}"
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >&2 9>&-; then
        apt-get update -q </dev/null >&2 9>&-
        apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >&2 9>&-
    fi
fi
/usr/bin/chromium --version >&2
/usr/bin/chromedriver --version >&2
echo "chromium=/usr/bin/chromium"
echo "chromedriver=/usr/bin/chromedriver"
