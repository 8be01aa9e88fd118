#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS server on 127.0.0.1, for tests and trials.
#
#   scripts/postgis.sh start [PORT]   initdb into a new temp folder, start the server, create
#                                     the database "yrdmap"; prints shell assignments:
#                                       YRDMAP_PG_DIR=/tmp/yrdmap-pg.XXXXXX
#                                       YRDMAP_PG_PORT=54xxx
#                                       YRDMAP_DATABASE_URL=postgresql://postgres@127.0.0.1:54xxx/yrdmap
#   scripts/postgis.sh stop DIR       stop that server and delete its folder
#   scripts/postgis.sh check          exit 0 if the PostgreSQL and PostGIS packages are installed
#
# PORT defaults to a free port in 54000-54999 (never the default 5432). The server listens on
# 127.0.0.1 only, with "trust" authentication: it is for throwaway data, never for real use.
# Missing Debian packages (postgresql postgresql-15-postgis-3) are installed as root or through sudo, unless
# YRDMAP_PG_NO_INSTALL=1 (then "start" fails with exit status 3 and says what to install).
set -euo pipefail

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0; }
  return 1
}

have_packages() {
  local bin share
  bin=$(find_bin) || return 1
  share=$("$bin/pg_config" --sharedir 2>/dev/null || echo "$bin/../../../share/postgresql/$(basename "$(dirname "$bin")")")
  ls "$share"/extension/postgis.control >/dev/null 2>&1 \
    || ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1
}

install_packages() {
  if [ "${YRDMAP_PG_NO_INSTALL:-0}" = "1" ]; then
    echo "postgis.sh: PostgreSQL/PostGIS are not installed: apt-get install -y --no-install-recommends postgresql postgresql-15-postgis-3" >&2
    exit 3
  fi
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends postgresql postgresql-15-postgis-3 >&2
}

# run a command as the server's owner: "postgres" when we are root (initdb refuses root)
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  have_packages || install_packages
  local bin dir port try
  bin=$(find_bin)
  dir=$(mktemp -d /tmp/yrdmap-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  for try in 1 2 3 4 5 6 7 8; do
    port=${1:-$((54000 + RANDOM % 1000))}
    port_free "$port" || { [ -n "${1:-}" ] && break; continue; }
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
         -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off" \
         >/dev/null 2>&1; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres yrdmap
      echo "YRDMAP_PG_DIR=$dir"
      echo "YRDMAP_PG_PORT=$port"
      echo "YRDMAP_DATABASE_URL=postgresql://postgres@127.0.0.1:$port/yrdmap"
      return 0
    fi
    [ -n "${1:-}" ] && break
  done
  echo "postgis.sh: the server did not start; its log:" >&2
  tail -20 "$dir/server.log" >&2 || true
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir=${1:?usage: postgis.sh stop DIR}
  case "$dir" in /tmp/yrdmap-pg.*) ;; *) echo "postgis.sh: refusing to stop $dir (not ours)" >&2; exit 2;; esac
  local bin
  bin=$(find_bin)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  check) have_packages ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
