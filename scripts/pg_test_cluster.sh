#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (used by `make test-postgres`).
#
#   scripts/pg_test_cluster.sh start   # (re)create the cluster and start it; prints DATABASE_URL
#   scripts/pg_test_cluster.sh replica # a streaming standby of the running cluster; prints its URL
#   scripts/pg_test_cluster.sh url     # print DATABASE_URL
#   scripts/pg_test_cluster.sh status  # exit 0 if it is running
#   scripts/pg_test_cluster.sh stop    # stop it (and its standby) and delete their data
#
# The cluster listens on 127.0.0.1:$PGTEST_PORT only (and a Unix socket in its own folder),
# trusts every local connection, and has a superuser role "haven" (password "haven"; superuser
# so the test databases pytest-django creates can run CREATE EXTENSION) that owns a database
# "haven" with pg_trgm enabled. fsync is off: the data is thrown away on stop.
#
# PostgreSQL will not run as root, and CI runs as root: then initdb, pg_ctl and psql run as the
# "postgres" system user (created if missing). As any other user they run as that user.
# If no PostgreSQL server is installed (no initdb in /usr/lib/postgresql/*/bin), Debian's
# "postgresql" package is installed with apt-get (scripts/apt_ensure.sh) when running as root.
#
# The standby (decision 0041: reporting reads) is a pg_basebackup -R copy in $PGTEST_DIR/replica,
# streaming from the cluster and listening on 127.0.0.1:$PGTEST_REPLICA_PORT; it is read-only
# and holds every database of the cluster, so the test database pytest-django creates on the
# primary appears on it too.
#
# Settings (environment): PGTEST_PORT (54329), PGTEST_REPLICA_PORT (PGTEST_PORT + 1),
# PGTEST_DIR (/tmp/haven-pgtest-$PGTEST_PORT), PGTEST_DB (haven), PGTEST_USER (haven),
# PGTEST_PASSWORD (haven), PGTEST_KEEP=1 to keep the data folder on stop.
set -euo pipefail

PORT="${PGTEST_PORT:-54329}"
DIR="${PGTEST_DIR:-/tmp/haven-pgtest-$PORT}"
DB="${PGTEST_DB:-haven}"
ROLE="${PGTEST_USER:-haven}"
PASSWORD="${PGTEST_PASSWORD:-haven}"
DATA="$DIR/data"
REPLICA_PORT="${PGTEST_REPLICA_PORT:-$((PORT + 1))}"
REPLICA_DATA="$DIR/replica"
LOG="$DIR/postgres.log"
RUN_AS="postgres"

say() { printf 'pg_test_cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs_since() { local ms=$(($(now_ms) - $1)); printf '%d.%03ds' $((ms / 1000)) $((ms % 1000)); }

find_bindir() {
    local dir
    # Newest major version first.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"
            return 0
        fi
    done
    # Not Debian's layout (a developer's own install): use whatever is on PATH.
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    return 1
}

ensure_server_installed() {
    if BINDIR="$(find_bindir)"; then
        return 0
    fi
    say "no PostgreSQL server found (no initdb in /usr/lib/postgresql/*/bin)"
    # As root this installs Debian's postgresql (whose postinst creates, and may start, a
    # "main" cluster on 5432: it is not used here); otherwise it says what to install.
    "$(dirname "${BASH_SOURCE[0]}")/apt_ensure.sh" postgresql postgresql-contrib ||
        die "install PostgreSQL first"
    BINDIR="$(find_bindir)" || die "postgresql installed but initdb still not found"
}

ensure_run_user() {
    is_root || return 0
    if ! id -u "$RUN_AS" >/dev/null 2>&1; then
        say "creating system user $RUN_AS"
        useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
            --shell /usr/sbin/nologin "$RUN_AS"
    fi
}

# Run a PostgreSQL program as the user that owns the cluster, from a folder it can read.
as_owner() {
    if is_root; then
        (cd / && runuser -u "$RUN_AS" -- "$@")
    else
        (cd / && "$@")
    fi
}

pg_ctl_() { as_owner "$BINDIR/pg_ctl" -D "$DATA" "$@"; }

running() { [ -f "$DATA/PG_VERSION" ] && pg_ctl_ status >/dev/null 2>&1; }

psql_() {
    as_owner "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres "$@"
}

url() { echo "postgres://$ROLE:$PASSWORD@127.0.0.1:${1:-$PORT}/$DB"; }

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/${1:-$PORT}") 2>/dev/null
}

stop() {
    BINDIR="$(find_bindir)" || true
    if [ -n "${BINDIR:-}" ] && [ -f "$REPLICA_DATA/PG_VERSION" ] &&
        as_owner "$BINDIR/pg_ctl" -D "$REPLICA_DATA" status >/dev/null 2>&1; then
        as_owner "$BINDIR/pg_ctl" -D "$REPLICA_DATA" -m fast -w -t 60 stop >/dev/null
        say "stopped the standby on port $REPLICA_PORT"
    fi
    if [ -n "${BINDIR:-}" ] && [ -d "$DATA" ] && running; then
        pg_ctl_ -m fast -w -t 60 stop >/dev/null
        say "stopped the cluster on port $PORT"
    fi
    if [ "${PGTEST_KEEP:-0}" != "1" ] && [ -d "$DIR" ]; then
        rm -rf -- "$DIR"
    fi
}

start() {
    ensure_server_installed
    ensure_run_user
    # Always start from nothing: stop and remove a cluster a previous run left behind.
    stop
    if port_in_use; then
        die "port $PORT on 127.0.0.1 is already in use; set PGTEST_PORT to a free port"
    fi

    local t0 t1
    t0=$(now_ms)
    mkdir -p "$DIR"
    chmod 0700 "$DIR"
    if is_root; then chown "$RUN_AS:" "$DIR"; fi

    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 --no-instructions >"$DIR/initdb.log" 2>&1 ||
        { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    local initdb_time
    initdb_time=$(secs_since "$t0")
    t1=$(now_ms)

    local opts="-c listen_addresses=127.0.0.1 -p $PORT -k $DIR"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    opts+=" -c max_connections=100 -c shared_buffers=128MB"
    if ! pg_ctl_ -w -t 60 -l "$LOG" -o "$opts" start >/dev/null; then
        [ -f "$LOG" ] && tail -n 30 "$LOG" >&2
        die "the server did not start (log above)"
    fi

    psql_ -d postgres <<SQL
CREATE ROLE "$ROLE" LOGIN SUPERUSER PASSWORD '$PASSWORD';
CREATE DATABASE "$DB" OWNER "$ROLE";
SQL
    psql_ -d "$DB" -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm;'
    local version
    version="$(psql_ -d "$DB" -tA -c 'SHOW server_version;')"
    say "PostgreSQL $version on 127.0.0.1:$PORT (data $DATA, owner $(stat -c %U "$DATA"));" \
        "initdb $initdb_time, start+setup $(secs_since "$t1")"
    url
}

replica() {
    BINDIR="$(find_bindir)" || die "no PostgreSQL server found"
    running || die "the cluster on port $PORT is not running: run '$0 start' first"
    if port_in_use "$REPLICA_PORT"; then
        die "port $REPLICA_PORT on 127.0.0.1 is already in use; set PGTEST_REPLICA_PORT"
    fi
    local t0
    t0=$(now_ms)
    rm -rf -- "$REPLICA_DATA"
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL the backup needs.
    as_owner "$BINDIR/pg_basebackup" -D "$REPLICA_DATA" -h "$DIR" -p "$PORT" -U postgres \
        -R -X stream -c fast >"$DIR/basebackup.log" 2>&1 ||
        { cat "$DIR/basebackup.log" >&2; die "pg_basebackup failed"; }
    local opts="-c listen_addresses=127.0.0.1 -p $REPLICA_PORT -k $DIR"
    opts+=" -c fsync=off -c hot_standby=on -c max_connections=100 -c shared_buffers=64MB"
    if ! as_owner "$BINDIR/pg_ctl" -D "$REPLICA_DATA" -w -t 60 -l "$DIR/replica.log" \
        -o "$opts" start >/dev/null; then
        [ -f "$DIR/replica.log" ] && tail -n 30 "$DIR/replica.log" >&2
        die "the standby did not start (log above)"
    fi
    local state
    state="$(as_owner "$BINDIR/psql" -X -tA -h "$DIR" -p "$REPLICA_PORT" -U postgres -d "$DB" \
        -c 'SELECT pg_is_in_recovery();')"
    [ "$state" = "t" ] || die "the server on port $REPLICA_PORT is not a standby"
    say "standby of port $PORT on 127.0.0.1:$REPLICA_PORT (data $REPLICA_DATA) in $(secs_since "$t0")"
    url "$REPLICA_PORT"
}

case "${1:-}" in
    start) start ;;
    replica) replica ;;
    stop) stop ;;
    url) url ;;
    status)
        BINDIR="$(find_bindir)" || exit 1
        running
        ;;
    *)
        echo "usage: $0 start|replica|stop|status|url" >&2
        exit 2
        ;;
esac
