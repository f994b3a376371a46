#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for tests and benchmarks.
#   scripts/pg-throwaway.sh start DIR   -> prints an Npgsql connection string on stdout
#   scripts/pg-throwaway.sh stop DIR
# The server listens on 127.0.0.1 only, trusts local connections (it holds test data only) and runs as the
# `postgres` OS user when invoked as root, because initdb refuses to run as root.
# By default it trades durability for speed (fsync, synchronous_commit and full_page_writes off: a commit is not
# flushed to disk). GI_PG_DURABLE=1 starts it with the server defaults instead (all three on), e.g. for
# `greenisland bench ingest --durable`. GI_PG_OPTIONS adds server options (e.g. "-c shared_preload_libraries=pg_stat_statements"
# for profiling).
set -euo pipefail

cmd=${1:?usage: pg-throwaway.sh start|stop DIR}
dir=${2:?usage: pg-throwaway.sh start|stop DIR}

pg_bin() {
  local tool=$1
  if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/$tool" ] || { echo "PostgreSQL server binaries ($tool) not found; install the postgresql package" >&2; exit 3; }
  echo "$found/$tool"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    initdb=$(pg_bin initdb); pg_ctl=$(pg_bin pg_ctl)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg "$initdb" -D "$dir/data" -A trust -U gi -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${GI_PG_DURABLE:-0}" = 1 ] && fast=""
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$(( 40000 + (RANDOM % 20000) ))
      if as_pg "$pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
          -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $fast -c max_connections=200 ${GI_PG_OPTIONS:-}" \
          start >/dev/null 2>&1; then
        echo "$port" >"$dir/port"
        echo "Host=127.0.0.1;Port=$port;Username=gi;Database=postgres;Pooling=true;Include Error Detail=true"
        exit 0
      fi
    done
    echo "could not start PostgreSQL; see $dir/server.log" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    pg_ctl=$(pg_bin pg_ctl)
    [ -d "$dir/data" ] && as_pg "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: pg-throwaway.sh start|stop DIR" >&2; exit 2 ;;
esac
