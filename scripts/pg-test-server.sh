#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (Debian's postgresql package).
#   eval "$(bash scripts/pg-test-server.sh start)"   # exports CASEFILE_TEST_PG
#   bash scripts/pg-test-server.sh stop
# Runs as the postgres user on 127.0.0.1:${CASEFILE_PG_PORT:-55432}, data in
# ${CASEFILE_PG_DIR:-/tmp/casefile-pg}, trust authentication: for tests only.
set -euo pipefail
PORT=${CASEFILE_PG_PORT:-55432}
DIR=${CASEFILE_PG_DIR:-/tmp/casefile-pg}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
      as_pg "$BIN/initdb" -D "$DIR" -A trust -U postgres -E UTF8 >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
    fi
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='casefile_test'" | grep -q 1 \
      || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres casefile_test
    echo "export CASEFILE_TEST_PG=postgresql://postgres@127.0.0.1:$PORT/casefile_test"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >&2 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
