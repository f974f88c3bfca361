#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on this machine, as plain processes (no
# system service), and optionally N Prefill nodes over it (SPEC section 9).
#
#   scripts/cluster.sh up [--prefill N] [--dir DIR]  start (or reuse) the cluster, then N Prefill nodes
#   scripts/cluster.sh down [--dir DIR]              stop exactly what `up` started (data is kept)
#   scripts/cluster.sh status [--dir DIR]            each node's state, ports and the Prefill nodes
#   scripts/cluster.sh url [I] [--dir DIR]           the multi-host database URL (node I first; 1)
#   scripts/cluster.sh kill I [--dir DIR]            kill -9 Galera node I (1-3), for failure tests
#   scripts/cluster.sh start-node I [--dir DIR]      start node I again: it rejoins (IST or SST)
#   scripts/cluster.sh sql I 'STATEMENT' [--dir DIR] run SQL as root on node I (prints tab-separated rows)
#
# DIR (default .data/cluster, git-ignored) holds node1..3/ (data/, socket, pid,
# ports, log) and prefill1..N/ (pid, port, log). Every port (SQL, group
# communication, IST, SST) is picked free on 127.0.0.1 when the node is first
# made and kept after. Node 1 bootstraps the cluster; 2 and 3 join it by state
# transfer (rsync). Prefill nodes get every host in --db, node i preferring
# Galera node ((i-1) mod 3)+1. SQL user prefill/prefill (TCP), root (socket).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
source scripts/ports.sh

cmd="${1:-}"; shift || true
node_arg=""; sql_arg=""
case "$cmd" in kill|start-node) node_arg="${1:?node number missing}"; shift ;; url) [[ "${1:-}" =~ ^[123]$ ]] && { node_arg="$1"; shift; } ;; sql) node_arg="${1:?node}"; sql_arg="${2:?SQL}"; shift 2 ;; esac
prefill_nodes=0; dir=".data/cluster"
while (($#)); do
  case "$1" in
    --prefill) prefill_nodes="${2:?}"; shift 2 ;;
    --dir) dir="${2:?}"; shift 2 ;;
    *) echo "cluster.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
prefill_bin="${PREFILL_BIN:-$root/${PREFILL_BUILD_DIR:-build}/src/prefill}"
galera=/usr/lib/galera/libgalera_smm.so
nodes=(1 2 3)

log() { echo "cluster: $*"; }
node_dir() { echo "$dir/node$1"; }
sock() { echo "$dir/node$1/mariadb.sock"; }
# ports of node I: "sql group ist sst"
ports() { cat "$dir/node$1/ports"; }
port_of() { local p; read -r -a p <<<"$(ports "$1")"; echo "${p[$2]}"; }
running() { local f="$dir/node$1/mariadb.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
client() { mariadb --no-defaults --socket="$(sock "$1")" -uroot -N -B "${@:2}"; }
wsrep_state() { client "$1" -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2; }

pick_ports() {
  local taken="" n p
  for n in "${nodes[@]}"; do [ -f "$dir/node$n/ports" ] && taken+=" $(ports "$n")"; done
  for n in "${nodes[@]}"; do
    [ -f "$dir/node$n/ports" ] && continue
    mkdir -p "$dir/node$n"
    local four=()
    for _ in 1 2 3 4; do p="$(free_port "$taken")"; taken+=" $p"; four+=("$p"); done
    echo "${four[*]}" >"$dir/node$n/ports"
  done
}

cluster_address() {
  local n a=""
  for n in "${nodes[@]}"; do a+="${a:+,}127.0.0.1:$(port_of "$n" 1)"; done
  echo "gcomm://$a"
}

# The server's options for node I (one array, also used for --wsrep-recover).
server_options() {
  local n="$1" d; d="$(node_dir "$1")"
  local sql group ist sst; read -r sql group ist sst <<<"$(ports "$n")"
  opts=(--no-defaults --datadir="$d/data" --socket="$d/mariadb.sock" --port="$sql" --bind-address=127.0.0.1
        --pid-file="$d/mariadb.pid" --log-error="$d/mariadb.log"
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci
        --innodb-flush-log-at-trx-commit=1 --max-connections=500 --innodb-buffer-pool-size=128M
        # Galera: row-based replication, interleaved auto-increment locks.
        --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2
        --wsrep-on=ON --wsrep-provider="$galera" --wsrep-cluster-name=prefill
        --wsrep-cluster-address="$(cluster_address)" --wsrep-node-name="node$n"
        --wsrep-node-address="127.0.0.1:$group" --wsrep-node-incoming-address="127.0.0.1:$sql"
        --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$sst"
        # A killed node is evicted after 3 s instead of 5 (writes wait for the eviction),
        # and an autocommitted statement that loses certification is retried by the server.
        --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$group;ist.recv_addr=127.0.0.1:$ist;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT5S;evs.install_timeout=PT5S;gcache.size=128M"
        --wsrep-retry-autocommit=3 --wsrep-slave-threads=2)
  [ "$(id -u)" -eq 0 ] && opts+=(--user=root)
  return 0
}

# Starts node I; "bootstrap" as second argument starts a new cluster on it.
start_node() {
  local n="$1" mode="${2:-join}" d; d="$(node_dir "$1")"
  if running "$n"; then log "node$n already running (port $(port_of "$n" 0))"; return 0; fi
  server_options "$n"
  mkdir -p "$d/data"
  if [ "$mode" = bootstrap ]; then
    if [ ! -d "$d/data/mysql" ]; then
      local user_opt=(); [ "$(id -u)" -eq 0 ] && user_opt=(--user=root)
      mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$d/data" \
        --auth-root-authentication-method=socket --skip-test-db >"$d/install.log" 2>&1 \
        || { cat "$d/install.log" >&2; return 1; }
    fi
    # A cluster this script stopped may be bootstrapped again from node 1.
    [ -f "$d/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$d/data/grastate.dat"
    opts+=(--wsrep-new-cluster)
  else
    # A node that crashed: recover its last committed position so that it can
    # rejoin by incremental transfer (IST) instead of a full copy.
    if [ -f "$d/data/grastate.dat" ] && grep -q '^seqno: *-1' "$d/data/grastate.dat" && [ -d "$d/data/mysql" ]; then
      local recover_opts=("${opts[@]}")
      recover_opts=("${recover_opts[@]/--log-error=*/--log-error=$d/recover.log}")
      mariadbd "${recover_opts[@]}" --wsrep-recover >/dev/null 2>&1 || true
      local position; position="$(sed -n 's/.*WSREP: Recovered position: *\([^ ]*\).*/\1/p' "$d/recover.log" | tail -1)"
      [ -n "$position" ] && opts+=(--wsrep-start-position="$position")
    fi
    # As root, the rsync state transfer writes as user nobody: the joiner's data
    # directory must be writable by it.
    [ "$(id -u)" -eq 0 ] && chown -R nobody:nogroup "$d/data"
  fi
  mariadbd "${opts[@]}" >/dev/null 2>&1 &
  local pid=$!
  # Up to 180 s: a state transfer on a loaded two-core machine is slow.
  for _ in $(seq 1 1800); do
    [ "$(wsrep_state "$n")" = Synced ] && { log "node$n synced (sql 127.0.0.1:$(port_of "$n" 0))"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "cluster: node$n died at start, see $d/mariadb.log" >&2; tail -30 "$d/mariadb.log" >&2; return 1; }
    sleep 0.1
  done
  echo "cluster: node$n not synced after 180 s, see $d/mariadb.log" >&2; return 1
}

stop_pid() {  # stop_pid PIDFILE WHAT: SIGTERM, wait for the process itself (60 s), then SIGKILL
  local f="$1" pid
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "cluster: $2 ($pid) did not stop in 60 s: killed" >&2; kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$f"
}

url() {  # url [FIRST]: every host, starting with node FIRST
  local first="${1:-1}" hosts="" i n
  for i in 0 1 2; do n=$(( (first - 1 + i) % 3 + 1 )); hosts+="${hosts:+,}127.0.0.1:$(port_of "$n" 0)"; done
  echo "mysql://prefill:prefill@$hosts/prefill"
}

start_prefill() {
  local n="$1" d="$dir/prefill$1" port
  mkdir -p "$d"
  if [ -f "$d/prefill.pid" ] && kill -0 "$(cat "$d/prefill.pid")" 2>/dev/null; then return 0; fi
  port="$( [ -f "$d/port" ] && port_free "$(cat "$d/port")" && cat "$d/port" || free_port)"
  echo "$port" >"$d/port"
  SPDLOG_LEVEL="${SPDLOG_LEVEL:-warn}" "$prefill_bin" serve --listen "127.0.0.1:$port" \
    --db "$(url $(( (n - 1) % 3 + 1 )))" --forms "$root/forms" >"$d/prefill.log" 2>&1 &
  echo $! >"$d/prefill.pid"
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$d/prefill.pid")" 2>/dev/null || { cat "$d/prefill.log" >&2; return 1; }
    sleep 0.1
  done
  echo "cluster: prefill$n not ready after 30 s" >&2; return 1
}

case "$cmd" in
  up)
    pick_ports
    start_node 1 bootstrap
    client 1 -e "CREATE USER IF NOT EXISTS 'prefill'@'127.0.0.1' IDENTIFIED BY 'prefill';
                 GRANT ALL PRIVILEGES ON *.* TO 'prefill'@'127.0.0.1';"
    start_node 2
    start_node 3
    if ((prefill_nodes > 0)); then
      [ -x "$prefill_bin" ] || { echo "cluster: $prefill_bin missing (cmake --build build --target prefill)" >&2; exit 1; }
      "$prefill_bin" migrate --db "$(url 1)" --migrations "$root/sql" >/dev/null
      for i in $(seq 1 "$prefill_nodes"); do start_prefill "$i"; done
    fi
    "$0" status --dir "$dir"
    ;;
  down)
    for f in "$dir"/prefill*/prefill.pid; do [ -f "$f" ] && stop_pid "$f" "prefill"; done
    # Node 1 last: it is then safe to bootstrap the cluster from it again.
    for n in 3 2 1; do
      if running "$n"; then stop_pid "$dir/node$n/mariadb.pid" "node$n"; log "node$n stopped"; fi
    done
    ;;
  status)
    for n in "${nodes[@]}"; do
      [ -f "$dir/node$n/ports" ] || { echo "node$n: not created"; continue; }
      read -r sql group ist sst <<<"$(ports "$n")"
      state="stopped"; running "$n" && state="$(wsrep_state "$n")"; state="${state:-starting}"
      size=""; running "$n" && size=" cluster_size=$(client "$n" -e "SHOW STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | cut -f2)"
      echo "node$n: $state$size sql=127.0.0.1:$sql group=$group ist=$ist sst=$sst"
    done
    for d in "$dir"/prefill*; do
      [ -f "$d/prefill.pid" ] || continue
      state="stopped"; kill -0 "$(cat "$d/prefill.pid")" 2>/dev/null && state="running"
      echo "$(basename "$d"): $state http://127.0.0.1:$(cat "$d/port")"
    done
    [ -f "$dir/node1/ports" ] && echo "db: $(url 1)"
    ;;
  url) url "${node_arg:-1}" ;;
  kill)
    running "$node_arg" && kill -9 "$(cat "$dir/node$node_arg/mariadb.pid")" && log "node$node_arg killed (-9)"
    ;;
  start-node) start_node "$node_arg" ;;
  sql) client "$node_arg" -e "$sql_arg" ;;
  *) echo "usage: cluster.sh up|down|status|url|kill I|start-node I|sql I SQL [--prefill N] [--dir DIR]" >&2; exit 2 ;;
esac
