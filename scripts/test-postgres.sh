#!/usr/bin/env bash
# A private PostgreSQL server for ChatMedia's tests, kept under target/test-postgres and reachable on 127.0.0.1 only.
#
#   scripts/test-postgres.sh start   install PostgreSQL if missing (apt-get, as root), initdb if needed, start the
#                                    server unless it runs, create the database and user; prints ONE line, the JDBC URL
#   scripts/test-postgres.sh url     print the JDBC URL of the running server (exit 1 if it is not running)
#   scripts/test-postgres.sh stop    stop the server if it runs
#
# Only the JDBC URL goes to stdout; progress goes to stderr, tool output to target/test-postgres/log/.
# Works from any cwd and after `mvn clean` (the cluster is simply created again). initdb and postgres refuse to run as
# root, so as root they run as the `postgres` system user (created if absent). If that user cannot reach the repository
# (e.g. it lives under /root), the cluster lives in /var/tmp/chatmedia-test-postgres/<hash of the repo path> instead and
# target/test-postgres/data is a symlink to it.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BASE=$REPO/target/test-postgres
LOGDIR=$BASE/log
DB_NAME=chatmedia_test
DB_USER=chatmedia_test
PG_OS_USER=postgres
PORT_MIN=20000
PORT_SPAN=30000

# The caller's PG* settings (PGHOST, PGUSER, PGPASSWORD...) must not redirect our own psql/pg_ctl calls.
while read -r var; do unset "$var"; done < <(compgen -e | grep '^PG' || true)
export LC_ALL=C
cd /   # the postgres user may not be allowed into the caller's cwd

log() { printf 'test-postgres: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Prints the last lines of a log file to stderr, so that a caller that shows our output shows why we failed.
show_log() {
    if [ -f "$1" ]; then
        log "---- last lines of $1 ----"
        tail -n 40 "$1" >&2 || true
        log "----"
    fi
}

is_root() { [ "$(id -u)" = 0 ]; }

# Runs a command as the OS user that owns the cluster: `postgres` when we are root, else ourselves.
as_pg() {
    if ! is_root; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        su -s /bin/sh "$PG_OS_USER" -c "$(printf '%q ' "$@")"
    fi
}

# The newest installed server binaries (Debian keeps them in /usr/lib/postgresql/<version>/bin), or those on PATH.
# With $1 = a major version, only that version.
find_bindir() {
    local want=${1:-} dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
        if has_tools "$dir" && { [ -z "$want" ] || [ "$dir" = "/usr/lib/postgresql/$want/bin" ]; }; then
            echo "$dir"
            return 0
        fi
    done
    if command -v pg_ctl >/dev/null 2>&1; then
        dir=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
        if has_tools "$dir" && { [ -z "$want" ] || "$dir/postgres" --version 2>/dev/null | grep -Eq " $want(\.|$| )"; }; then
            echo "$dir"
            return 0
        fi
    fi
    return 1
}

has_tools() {
    local tool
    for tool in postgres initdb pg_ctl pg_isready psql; do
        [ -x "$1/$tool" ] || return 1
    done
}

install_postgres() {
    is_root || die "PostgreSQL is not installed and we are not root; install it (Debian: apt-get install postgresql)"
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and there is no apt-get to install it with"
    local apt_log=$LOGDIR/apt.log started=$SECONDS
    local -a apt_install=(apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    export DEBIAN_FRONTEND=noninteractive
    log "PostgreSQL is not installed: installing it with apt-get (log: $apt_log)"
    if ! apt-get update -q >>"$apt_log" 2>&1; then
        show_log "$apt_log"
        die "apt-get update failed"
    fi
    # We run our own cluster: keep the package from creating (and starting) the system-wide 'main' cluster on :5432.
    if [ ! -f /etc/postgresql-common/createcluster.conf ]; then
        if ! "${apt_install[@]}" postgresql-common </dev/null >>"$apt_log" 2>&1 9>&-; then
            show_log "$apt_log"
            die "apt-get install postgresql-common failed"
        fi
        if [ -f /etc/postgresql-common/createcluster.conf ]; then
            sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*$/create_main_cluster = false/' \
                /etc/postgresql-common/createcluster.conf
        fi
    fi
    if ! "${apt_install[@]}" postgresql </dev/null >>"$apt_log" 2>&1 9>&-; then
        show_log "$apt_log"
        die "apt-get install postgresql failed"
    fi
    log "PostgreSQL installed in $((SECONDS - started))s"
}

ensure_os_user() {
    is_root || return 0
    id -u "$PG_OS_USER" >/dev/null 2>&1 && return 0
    log "creating the system user $PG_OS_USER"
    if command -v useradd >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql --shell /bin/sh "$PG_OS_USER"
    else
        adduser --system --group --no-create-home --home /var/lib/postgresql --shell /bin/sh "$PG_OS_USER"
    fi
}

# Gives a folder to the cluster's OS user.
own_dir() {
    mkdir -p "$1"
    if is_root; then chown "$PG_OS_USER:" "$1"; fi
    chmod 700 "$1"
}

# Sets STATE (folder holding the cluster), DATA and SOCK. In-tree unless the postgres user cannot reach the repo.
resolve_dirs() {
    mkdir -p "$BASE"
    STATE=$BASE
    if is_root && id -u "$PG_OS_USER" >/dev/null 2>&1 && ! as_pg test -x "$BASE" 2>/dev/null; then
        STATE=/var/tmp/chatmedia-test-postgres/$(printf '%s' "$REPO" | sha256sum | cut -c1-16)
        mkdir -p "$STATE"
        chmod 755 /var/tmp/chatmedia-test-postgres "$STATE"
        if [ ! -L "$BASE/data" ]; then
            rm -rf "$BASE/data"
            ln -s "$STATE/data" "$BASE/data"
        fi
    fi
    DATA=$STATE/data
    SOCK=$STATE/socket
    # A unix socket path (plus "/.s.PGSQL.NNNNN") must fit in 107 bytes.
    if [ ${#SOCK} -gt 88 ]; then
        SOCK=/tmp/chatmedia-test-pg-$(printf '%s' "$DATA" | sha256sum | cut -c1-16)
    fi
    PASSWORD_FILE=$DATA/chatmedia-test.password
}

# Sets PID and PORT when the cluster's postmaster runs.
read_pidfile() {
    PID= PORT=
    [ -f "$DATA/postmaster.pid" ] || return 1
    PID=$(sed -n 1p "$DATA/postmaster.pid" 2>/dev/null) || return 1
    PORT=$(sed -n 4p "$DATA/postmaster.pid" 2>/dev/null) || return 1
    [[ $PID =~ ^[0-9]+$ && $PORT =~ ^[0-9]+$ ]] || return 1
}

is_running() {
    read_pidfile || return 1
    kill -0 "$PID" 2>/dev/null || return 1
    # A pid recycled by another process after a crash or reboot is not our server.
    if [ -r "/proc/$PID/comm" ]; then
        grep -Eq '^(postgres|postmaster)' "/proc/$PID/comm" || return 1
    fi
    return 0
}

# Waits until the running server accepts connections on its TCP port.
wait_ready() {
    local i
    for ((i = 0; i < 120; i++)); do
        if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 1 >/dev/null 2>&1; then
            return 0
        fi
        is_running || return 1
        sleep 0.5
    done
    return 1
}

jdbc_url() {
    printf 'jdbc:postgresql://127.0.0.1:%s/%s?user=%s&password=%s\n' "$PORT" "$DB_NAME" "$DB_USER" "$(cat "$PASSWORD_FILE")"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
    local port i
    if [ -f "$DATA/chatmedia-test.port" ]; then
        port=$(cat "$DATA/chatmedia-test.port")
        if [[ $port =~ ^[0-9]+$ ]] && ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    fi
    for ((i = 0; i < 50; i++)); do
        port=$((PORT_MIN + (RANDOM * 32768 + RANDOM) % PORT_SPAN))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "found no free TCP port on 127.0.0.1"
}

init_cluster() {
    local initdb_log=$LOGDIR/initdb.log
    if [ -e "$DATA" ] && [ ! -f "$DATA/PG_VERSION" ]; then
        log "discarding $DATA: not a complete cluster"
        rm -rf "${DATA:?}"
    fi
    if [ -f "$DATA/PG_VERSION" ] && ! find_bindir "$(cat "$DATA/PG_VERSION")" >/dev/null; then
        log "discarding $DATA: made by PostgreSQL $(cat "$DATA/PG_VERSION"), which is not installed"
        rm -rf "${DATA:?}"
    fi
    if [ -f "$DATA/PG_VERSION" ]; then
        BINDIR=$(find_bindir "$(cat "$DATA/PG_VERSION")")
        return 0
    fi
    log "creating a cluster in $DATA"
    own_dir "$DATA"
    if ! as_pg "$BINDIR/initdb" -D "$DATA" -E UTF8 --locale=C --auth-local=peer --auth-host=scram-sha-256 --no-sync \
            </dev/null >>"$initdb_log" 2>&1; then
        show_log "$initdb_log"
        rm -rf "${DATA:?}"
        die "initdb failed"
    fi
    # TCP on 127.0.0.1 with a password; the unix socket (in a folder only the cluster's owner can enter) for admin work.
    cat >"$DATA/pg_hba.conf" <<'EOF'
# ChatMedia test server: admin over the private unix socket, tests over 127.0.0.1 with a password.
local   all   all                  peer
host    all   all   127.0.0.1/32   scram-sha-256
EOF
    cat >>"$DATA/postgresql.conf" <<'EOF'

# ---- ChatMedia test server: throwaway data, so durability is traded for speed ----
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
logging_collector = off
include_if_exists = 'chatmedia-test-runtime.conf'
EOF
    od -An -N18 -tx1 /dev/urandom | tr -d ' \n' >"$PASSWORD_FILE"
    chmod 600 "$PASSWORD_FILE"
    if is_root; then chown "$PG_OS_USER:" "$DATA/pg_hba.conf" "$PASSWORD_FILE"; fi
}

# Creates the test user and database if missing; (re)sets the user's password to the one on file.
ensure_database() {
    local -a psql=("$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -d postgres)
    local psql_log=$LOGDIR/psql.log
    if [ ! -s "$PASSWORD_FILE" ]; then
        od -An -N18 -tx1 /dev/urandom | tr -d ' \n' >"$PASSWORD_FILE"
        chmod 600 "$PASSWORD_FILE"
    fi
    local password role db
    password=$(cat "$PASSWORD_FILE")
    if ! {
        role=$(as_pg "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'") &&
            if [ -z "$role" ]; then
                as_pg "${psql[@]}" -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$password'"
            else
                as_pg "${psql[@]}" -c "ALTER ROLE $DB_USER LOGIN PASSWORD '$password'"
            fi &&
            db=$(as_pg "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") &&
            if [ -z "$db" ]; then
                as_pg "${psql[@]}" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0"
            fi
    } </dev/null >>"$psql_log" 2>&1; then
        show_log "$psql_log"
        die "could not create the database $DB_NAME and user $DB_USER"
    fi
}

start_server() {
    local server_log=$LOGDIR/postgres.log attempt port
    own_dir "$SOCK"
    for ((attempt = 1; attempt <= 5; attempt++)); do
        port=$(pick_port) || exit 1
        # Settings that depend on this start (and on where the repo is), rewritten each time.
        {
            printf "port = %s\n" "$port"
            printf "unix_socket_directories = '%s'\n" "${SOCK//\'/\'\'}"
        } >"$DATA/chatmedia-test-runtime.conf"
        echo "$port" >"$DATA/chatmedia-test.port"
        if is_root; then chown "$PG_OS_USER:" "$DATA/chatmedia-test-runtime.conf" "$DATA/chatmedia-test.port"; fi
        log "starting PostgreSQL ($BINDIR) on 127.0.0.1:$port (log: $server_log)"
        # No -l: the server writes to pg_ctl's stderr, i.e. our log file, and never holds the caller's pipes open.
        # 9>&-: the server must not inherit (and so hold forever) our lock.
        if as_pg "$BINDIR/pg_ctl" -D "$DATA" -w -t 90 -s start </dev/null >>"$server_log" 2>&1 9>&- && is_running; then
            return 0
        fi
        if ! grep -q "could not bind\|Address already in use\|could not create any TCP/IP sockets" "$server_log"; then
            break
        fi
        log "port $port was taken; trying another"
    done
    show_log "$server_log"
    die "PostgreSQL did not start"
}

lock() {
    if command -v flock >/dev/null 2>&1; then
        exec 9>>"$BASE/.lock"
        flock -w 900 9 || die "timed out waiting for another test-postgres.sh"
    fi
}

cmd_start() {
    local started=$SECONDS
    mkdir -p "$LOGDIR"
    lock
    if ! BINDIR=$(find_bindir); then
        install_postgres
        BINDIR=$(find_bindir) || die "PostgreSQL was installed but its binaries (initdb, postgres, pg_ctl) are not found"
    fi
    ensure_os_user
    resolve_dirs
    if is_running; then
        BINDIR=$(find_bindir "$(cat "$DATA/PG_VERSION")") || die "the running cluster's PostgreSQL binaries are gone"
        if ! wait_ready; then
            show_log "$LOGDIR/postgres.log"
            die "PostgreSQL runs (pid $PID) but does not accept connections on 127.0.0.1:$PORT"
        fi
        log "already running on 127.0.0.1:$PORT (pid $PID)"   # TestPostgres looks for this: not its server to stop
    else
        rm -f "$DATA/postmaster.pid"   # stale, or is_running would have seen its server
        init_cluster
        start_server
        read_pidfile
        wait_ready || { show_log "$LOGDIR/postgres.log"; die "PostgreSQL started but does not accept connections"; }
    fi
    ensure_database
    log "ready in $((SECONDS - started))s"
    jdbc_url
}

cmd_url() {
    resolve_dirs
    if ! is_running || [ ! -s "$PASSWORD_FILE" ]; then
        log "not running (data: $DATA)"
        exit 1
    fi
    jdbc_url
}

cmd_stop() {
    mkdir -p "$LOGDIR"
    lock
    resolve_dirs
    if ! is_running; then
        log "not running"
        return 0
    fi
    BINDIR=$(find_bindir "$(cat "$DATA/PG_VERSION")") || die "the running cluster's PostgreSQL binaries are gone"
    if ! as_pg "$BINDIR/pg_ctl" -D "$DATA" -m fast -w -t 60 -s stop </dev/null >>"$LOGDIR/postgres.log" 2>&1; then
        show_log "$LOGDIR/postgres.log"
        die "PostgreSQL did not stop"
    fi
    log "stopped (was pid $PID on port $PORT)"
}

case "${1:-}" in
    start) cmd_start ;;
    url) cmd_url ;;
    stop) cmd_stop ;;
    *)
        echo "usage: $0 start|url|stop" >&2
        exit 2
        ;;
esac
