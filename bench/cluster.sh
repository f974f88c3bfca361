#!/usr/bin/env bash
# Scale-out figures of docs/scale-out.md, on this machine (loopback only):
# createSession and read throughput and p99 with wrk for
#   single   one Prefill node on one private MariaDB (scripts/mariadb.sh)
#   single2  two Prefill nodes on that MariaDB, wrk against both at once (summed)
#   galera1  one Prefill node on the three-node Galera cluster (scripts/cluster.sh)
#   galera2  two Prefill nodes on the cluster, wrk against both at once (summed)
#   nosync   read only: one Prefill node on the cluster with wsrep_sync_wait=0
#            (what the causality wait of read-your-writes costs)
# Everything shares the machine's cores: the figures compare set-ups, they are
# not what separate machines would give (docs/scale-out.md says what changes).
#
#   bench/cluster.sh              10 s per figure, 16 connections per Prefill node
#   BENCH_DURATION=5 BENCH_CONNECTIONS=8 bench/cluster.sh
# Results: one line per figure on stdout and in .data/bench-cluster/results.txt.
# Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
duration="${BENCH_DURATION:-10}"
connections="${BENCH_CONNECTIONS:-16}"
threads="${BENCH_THREADS:-16}"
bin="${PREFILL_BIN:-$root/${PREFILL_BUILD_DIR:-build}/src/prefill}"
work="$root/.data/bench-cluster"
single_dir="$work/single"
cluster_dir="$work/cluster"
mkdir -p "$work"
results="$work/results.txt"
: >"$results"
log() { printf '[bench-cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

source bench/lib.sh  # missing_packages, apt_install, free_port, seed_sessions
mapfile -t missing < <(missing_packages wrk curl)
if ((${#missing[@]})); then PACKAGES_LOG_TAG=bench-cluster apt_install "${missing[@]}"; fi
[ -x "$bin" ] || { echo "bench/cluster.sh: $bin missing (cmake --build build --target prefill)" >&2; exit 1; }

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  scripts/mariadb.sh stop "$single_dir" >/dev/null 2>&1 || true
  scripts/cluster.sh down --dir "$cluster_dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

serve() {  # serve URL: starts a Prefill node; its port in $port, its pid in pids
  port="$(free_port)"
  SPDLOG_LEVEL=warn "$bin" serve --listen "127.0.0.1:$port" --db "$1" --forms "$root/forms" --threads "$threads" \
    >"$work/serve-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "bench/cluster.sh: prefill on $1 not ready" >&2; return 1
}

# seed PORT OUT: 3 s of creates through PORT, their hashes into OUT (the read pool)
seed() { seed_sessions "http://127.0.0.1:$1" 3 16 "$2"; }

# figure NAME SCENARIO POOL PORT...: wrk on every port at once; summed rps, worst p99
figure() {
  local name=$1 scenario=$2 pool=$3; shift 3
  local outs=() wrks=() port i=0
  for port in "$@"; do
    BENCH_LUA_DIR="$root/bench/wrk" BENCH_WRK_THREADS=2 BENCH_POOL_FILE="$pool" \
      wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s -s "$root/bench/wrk/$scenario.lua" \
      "http://127.0.0.1:$port" >"$work/wrk-$i.out" 2>&1 &
    wrks+=($!)
    outs+=("$work/wrk-$i.out"); i=$((i + 1))
  done
  local w; for w in "${wrks[@]}"; do wait "$w" || true; done
  python3 - "$name" "$scenario" "$#" "${outs[@]}" <<'PY' | tee -a "$results"
import json, sys
name, scenario, nodes, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
rs = []
for f in files:
    line = [l for l in open(f) if l.startswith("RESULT ")]
    if not line:
        sys.exit("no RESULT in " + f + ":\n" + open(f).read())
    rs.append(json.loads(line[0][7:]))
rps = sum(r["rps"] for r in rs)
p99 = max(r["p99_ms"] for r in rs)
errors = sum(r["app_errors"] + r["socket_errors"] + r["http_errors"] for r in rs)
print(f"{name:8} {scenario:7} prefill_nodes={nodes} rps={rps:8.0f} p99_ms={p99:7.2f} errors={errors}")
PY
}

log "single MariaDB"
scripts/mariadb.sh start "$single_dir" >/dev/null
single_url="$(scripts/mariadb.sh url "$single_dir" bench_single)"
"$bin" migrate --db "$single_url" --migrations "$root/sql" >/dev/null
serve "$single_url"; p=$port
seed "$p" "$work/pool-single"
figure single create "" "$p"
figure single read "$work/pool-single" "$p"
serve "$single_url"; p2=$port
figure single2 create "" "$p" "$p2"
figure single2 read "$work/pool-single" "$p" "$p2"
kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pids=()
scripts/mariadb.sh stop "$single_dir" >/dev/null

log "Galera cluster"
scripts/cluster.sh up --dir "$cluster_dir" >/dev/null
url1="$(scripts/cluster.sh url 1 --dir "$cluster_dir")"; url1="${url1%/*}/bench_galera"
url2="$(scripts/cluster.sh url 2 --dir "$cluster_dir")"; url2="${url2%/*}/bench_galera"
"$bin" migrate --db "$url1" --migrations "$root/sql" >/dev/null
serve "$url1"; a=$port
seed "$a" "$work/pool-galera"
figure galera1 create "" "$a"
figure galera1 read "$work/pool-galera" "$a"
serve "$url2"; b=$port
figure galera2 create "" "$a" "$b"
figure galera2 read "$work/pool-galera" "$a" "$b"
serve "$url1?wsrep_sync_wait=0"; n=$port
figure nosync read "$work/pool-galera" "$n"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" | tee -a "$results"
log "done: $results"
