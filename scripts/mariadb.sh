#!/usr/bin/env bash
# A private MariaDB server for development and tests: its own data directory,
# socket and port, run as a plain process (no system service).
#   scripts/mariadb.sh start DIR [PORT]   start (or reuse) the server whose data lives in DIR
#   scripts/mariadb.sh stop DIR           stop it
#   scripts/mariadb.sh url DIR [DB]       print the admin URL (unix socket, root)
# DIR holds data/, mariadb.sock, mariadb.pid, mariadb.port and mariadb.log.
set -euo pipefail
cmd="${1:?usage: mariadb.sh start|stop|url DIR [PORT]}"
dir="$(mkdir -p "${2:?DIR missing}" && cd "$2" && pwd)"
sock="$dir/mariadb.sock"; pidfile="$dir/mariadb.pid"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# port_free, free_port
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

case "$cmd" in
  start)
    if running; then echo "mariadb: reusing server in $dir (port $(cat "$dir/mariadb.port"))"; exit 0; fi
    user_opt=(); [ "$(id -u)" -eq 0 ] && user_opt=(--user=root)
    if [ ! -d "$dir/data/mysql" ]; then
      mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$dir/data" \
        --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
        || { cat "$dir/install.log" >&2; exit 1; }
    fi
    # The port asked for, else this server's previous one if still free, else a free one;
    # if the server dies at start (a port taken in the meantime), another free one.
    port="${3:-}"
    if [ -z "$port" ] && [ -f "$dir/mariadb.port" ] && port_free "$(cat "$dir/mariadb.port")"; then
      port="$(cat "$dir/mariadb.port")"
    fi
    started=""
    for try in 1 2 3; do
      [ -n "$port" ] || port="$(free_port)"
      echo "$port" >"$dir/mariadb.port"
      # innodb_flush_log_at_trx_commit=1 and sync_binlog default: every commit is durable.
      mariadbd --no-defaults "${user_opt[@]}" --datadir="$dir/data" --socket="$sock" \
        --port="$port" --bind-address=127.0.0.1 --pid-file="$pidfile" \
        --log-error="$dir/mariadb.log" --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci --innodb-flush-log-at-trx-commit=1 \
        --max-connections=500 --innodb-buffer-pool-size=256M >/dev/null 2>&1 &
      server_pid=$!
      # Up to 60 s: a loaded machine (CI building on two cores) starts slowly.
      for _ in $(seq 1 600); do
        if mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1; then started=1; break; fi
        kill -0 "$server_pid" 2>/dev/null || break  # it died: no use waiting
        sleep 0.1
      done
      [ -n "$started" ] && break
      kill "$server_pid" 2>/dev/null || true
      [ -n "${3:-}" ] && break  # a port asked for is not replaced
      port=""
    done
    [ -n "$started" ] || { echo "mariadb: failed to start, see $dir/mariadb.log" >&2; tail -20 "$dir/mariadb.log" >&2; exit 1; }
    echo "mariadb: started in $dir (port $port)"
    ;;
  stop)
    if running; then
      pid="$(cat "$pidfile")"
      mariadb-admin --no-defaults --socket="$sock" -uroot shutdown 2>/dev/null || kill "$pid"
      # Wait for the process itself, not its pid file (removed before the server has
      # released its data files): a start right after must not find them locked.
      for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then echo "mariadb: $pid did not stop in 60 s ($dir)" >&2; exit 1; fi
      echo "mariadb: stopped ($dir)"
    fi
    ;;
  url)
    echo "mysql://root@localhost/${3:-}?socket=$sock"
    ;;
  *) echo "usage: mariadb.sh start|stop|url DIR [PORT]" >&2; exit 2 ;;
esac
