#!/usr/bin/env bash
# nginx, the load balancer of the two-node cluster test (ClusterFlowTest) and bench/cluster-throughput.sh: Debian's
# package, installed if missing (apt-get, as root). The package's own service is not used: the tests start nginx with
# a configuration of their own (127.0.0.1 only, a free port, everything under target/) and stop it by its pid.
#
#   scripts/test-nginx.sh          install if missing, check it runs, print `nginx=/usr/sbin/nginx`
#   scripts/test-nginx.sh path     only print the path (exit 1 when missing)
#
# Safe to run again: with nginx installed it does nothing but check.
set -euo pipefail

export LC_ALL=C DEBIAN_FRONTEND=noninteractive
NGINX=/usr/sbin/nginx

log() { printf 'test-nginx: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

install_missing() {
    [ -x "$NGINX" ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        die "nginx is missing and cannot be apt-get installed here (need root on Debian)"
    fi
    local -a cmd=(apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef
        -o Dpkg::Options::=--force-confold nginx)
    log "installing nginx"
    # 9>&-: the install must not inherit the lock; its output goes to stderr, never to our stdout.
    if ! "${cmd[@]}" </dev/null >&2 9>&-; then
        log "apt-get install nginx failed; running apt-get update and trying again"
        apt-get update -q </dev/null >&2 9>&- || die "apt-get update failed"
        "${cmd[@]}" </dev/null >&2 9>&- || die "apt-get install nginx failed"
    fi
}

lock() {
    command -v flock >/dev/null 2>&1 || return 0
    exec 9>>/tmp/chatmedia-test-nginx.lock
    flock -w 900 9 || die "timed out waiting for another test-nginx.sh"
}

case "${1:-install}" in
    install)
        lock
        install_missing
        "$NGINX" -v 2>/dev/null || die "$NGINX does not run"
        echo "nginx=$NGINX"
        ;;
    path)
        [ -x "$NGINX" ] || { log "missing $NGINX"; exit 1; }
        echo "nginx=$NGINX"
        ;;
    *)
        echo "usage: $0 [install|path]" >&2
        exit 2
        ;;
esac
