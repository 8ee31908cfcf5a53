#!/bin/sh
# A throwaway PostgreSQL server for the tests and benchmarks.
#   pg_scratch.sh start DIR   initdb + start on 127.0.0.1 (a free port); writes DIR/uri
#   pg_scratch.sh stop DIR    stops it and removes its data
# The server runs as an unprivileged user (nobody when started by root, as CI does), with its
# data in a fresh folder under the temp folder. Without the server binaries, `start` says so and
# writes no DIR/uri: the tests that need it skip.
set -eu
action=${1:?start or stop}
dir=${2:?state folder}
bin=${JIKJI_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case "$action" in
start)
  mkdir -p "$dir"
  rm -f "$dir/uri"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "pg_scratch: no PostgreSQL server binaries; tests that need one skip" >&2
    exit 0
  fi
  [ -f "$dir/data" ] && "$0" stop "$dir"
  data=$(mktemp -d "${TMPDIR:-/tmp}/jikji-pg.XXXXXX")
  chmod 755 "$data"
  [ "$(id -u)" -eq 0 ] && chown nobody "$data"
  echo "$data" >"$dir/data"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$data/db" -U jikji --auth=trust --no-sync -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
  as_owner "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  echo "postgresql://jikji@127.0.0.1:$port/postgres" >"$dir/uri"
  echo "pg_scratch: server on 127.0.0.1:$port, data in $data" >&2
  ;;
stop)
  [ -f "$dir/data" ] || exit 0
  data=$(cat "$dir/data")
  if [ -n "$bin" ] && [ -d "$data/db" ]; then
    as_owner "$bin/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
  rm -f "$dir/data" "$dir/uri"
  ;;
*)
  echo "usage: pg_scratch.sh start|stop DIR" >&2
  exit 2
  ;;
esac
