#!/usr/bin/env bash
# The image tools that ChatMedia's image tests compare against, installed if missing (apt-get, as root):
# ImageMagick, libvips' command-line tools, libheif's examples, the WebP tools, exiftool, Debian's ffmpeg (ffprobe reads
# back the AVIF files ChatMedia writes) and, where the distribution has it, libavif's tools.
#
#   scripts/test-image-tools.sh          install what is missing, check every tool runs, print the tool paths
#   scripts/test-image-tools.sh paths    only print the tool paths (exit 1 when one is missing)
#
# stdout: one `name=/absolute/path` line per tool (read by io.chatmedia.testsupport.ImageTools); progress to
# stderr. Safe to run again: with everything installed it does nothing but check.
#
# Always call the tools by these absolute paths: on some machines /usr/local/bin/convert is a stand-in that shadows
# ImageMagick's convert on PATH.
set -euo pipefail

export LC_ALL=C DEBIAN_FRONTEND=noninteractive

log() { printf 'test-image-tools: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Debian package -> the binaries it must provide.
PACKAGES=(imagemagick libvips-tools libheif-examples webp libimage-exiftool-perl ffmpeg)
declare -A PROVIDES=(
    [imagemagick]="/usr/bin/convert /usr/bin/compare /usr/bin/composite /usr/bin/identify"
    [libvips-tools]="/usr/bin/vips /usr/bin/vipsthumbnail /usr/bin/vipsheader"
    [libheif-examples]="/usr/bin/heif-enc /usr/bin/heif-convert /usr/bin/heif-info"
    [webp]="/usr/bin/cwebp /usr/bin/dwebp /usr/bin/img2webp /usr/bin/webpmux"
    [libimage-exiftool-perl]="/usr/bin/exiftool"
    [ffmpeg]="/usr/bin/ffmpeg /usr/bin/ffprobe"
)
# Wanted, not required: installed when the distribution has it (Debian 12 does), skipped with a note otherwise.
OPTIONAL=(libavif-bin)
PROVIDES[libavif-bin]="/usr/bin/avifenc /usr/bin/avifdec"

has_all() {
    local bin
    for bin in ${PROVIDES[$1]}; do
        [ -x "$bin" ] || return 1
    done
}

apt_updated=false
apt_get_install() {
    local -a cmd=(apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef
        -o Dpkg::Options::=--force-confold "$@")
    # 9>&-: an install must not inherit the lock. Its output goes to stderr, never to our stdout.
    if "${cmd[@]}" </dev/null >&2 9>&-; then
        return 0
    fi
    if [ "$apt_updated" = false ]; then
        log "apt-get install $* failed; running apt-get update and trying again"
        apt-get update -q </dev/null >&2 9>&- || die "apt-get update failed"
        apt_updated=true
        "${cmd[@]}" </dev/null >&2 9>&- && return 0
    fi
    return 1
}

install_missing() {
    local -a missing=() optional=() pkg
    for pkg in "${PACKAGES[@]}"; do
        has_all "$pkg" || missing+=("$pkg")
    done
    for pkg in "${OPTIONAL[@]}"; do
        has_all "$pkg" || optional+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        [ ${#missing[@]} -eq 0 ] && { log "optional ${optional[*]} missing (not root or no apt-get): skipped"; return 0; }
        die "missing ${missing[*]} and cannot apt-get install here (need root on Debian)"
    fi
    local started=$SECONDS
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        apt_get_install "${missing[@]}" || die "apt-get install ${missing[*]} failed"
    fi
    for pkg in "${optional[@]}"; do
        log "installing the optional $pkg"
        apt_get_install "$pkg" || log "optional $pkg could not be installed: skipped"
    done
    log "installed in $((SECONDS - started))s"
}

# The tools must not only exist but run (a half-configured package, a missing shared library).
check_tools() {
    /usr/bin/convert -version >/dev/null 2>&1 || die "/usr/bin/convert does not run"
    /usr/bin/convert -list format 2>/dev/null | grep -q '^ *WEBP' || die "ImageMagick here has no WebP support"
    /usr/bin/vips --version >/dev/null 2>&1 || die "/usr/bin/vips does not run"
    /usr/bin/exiftool -ver >/dev/null 2>&1 || die "/usr/bin/exiftool does not run"
    /usr/bin/heif-convert --help >/dev/null 2>&1 || [ $? -le 1 ] || die "/usr/bin/heif-convert does not run"
}

print_paths() {
    local pkg bin status=0
    for pkg in "${PACKAGES[@]}" "${OPTIONAL[@]}"; do
        for bin in ${PROVIDES[$pkg]}; do
            if [ -x "$bin" ]; then
                printf '%s=%s\n' "$(basename "$bin")" "$bin"
            elif [[ " ${OPTIONAL[*]} " != *" $pkg "* ]]; then
                log "missing $bin ($pkg)"
                status=1
            fi
        done
    done
    return $status
}

lock() {
    command -v flock >/dev/null 2>&1 || return 0
    exec 9>>/tmp/chatmedia-test-image-tools.lock
    flock -w 900 9 || die "timed out waiting for another test-image-tools.sh"
}

case "${1:-install}" in
    install)
        lock
        install_missing
        check_tools
        print_paths
        ;;
    paths) print_paths ;;
    *)
        echo "usage: $0 [install|paths]" >&2
        exit 2
        ;;
esac
