#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the database tests and print its SQLAlchemy URL.
#
#   export CNIE_TEST_PG_URL="$(bash scripts/ci_postgres.sh | tail -n 1)"
#
# Installs PostgreSQL from Debian's packages when it is missing (needs root), creates a cluster
# in a fresh temporary folder (owned by the postgres user when run as root: the server refuses
# to run as root), starts it on a free local port (TCP on 127.0.0.1 only, trust auth), creates
# the database cnie_test, and prints postgresql+psycopg://... as the LAST line of stdout.
# Everything else goes to stderr.
#
#   bash scripts/ci_postgres.sh stop     # stops (and deletes) every server this script started
set -euo pipefail

log() { echo "ci_postgres: $*" >&2; }
LIST="${TMPDIR:-/tmp}/cnie-pg-servers.list"

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ "$(id -u)" = 0 ]; then
    AS=(runuser -u postgres --)
else
    AS=()
fi

if [ "${1:-}" = stop ]; then
    PGBIN="$(find_bin)"
    [ -f "$LIST" ] || exit 0
    while read -r dir; do
        [ -d "$dir/data" ] || continue
        "${AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
        rm -rf "$dir"
        log "stopped and removed $dir"
    done < "$LIST"
    rm -f "$LIST"
    exit 0
fi

PGBIN="$(find_bin)"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
        log "PostgreSQL is not installed and we are not root: apt-get install -y postgresql"
        exit 1
    fi
    log "installing PostgreSQL from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y postgresql >&2
    PGBIN="$(find_bin)"
fi
log "using $PGBIN"

DATA="$(mktemp -d "${TMPDIR:-/tmp}/cnie-pg.XXXXXX")"
echo "$DATA" >> "$LIST"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
PORT="${CNIE_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

"${AS[@]}" "$PGBIN/initdb" -D "$DATA/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >&2
"${AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >&2 || {
    log "server did not start; its log:"; cat "$DATA/server.log" >&2; exit 1; }
"${AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres cnie_test >&2

log "server on 127.0.0.1:$PORT, data in $DATA/data"
log "stop with: bash $0 stop"
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/cnie_test"
