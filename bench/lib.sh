# Helpers of the benchmark scripts (bench/run.sh, bench/profile.sh,
# bench/statements.sh, bench/cluster.sh), sourced from the repository's root. Also sources
# scripts/packages.sh (missing_packages, apt_install) and scripts/ports.sh (free_port).
#   wait_http URL                  until URL answers 200 (10 s at most; else says so, returns 1)
#   serve_prefill BIN DB DISPATCH THREADS LOG
#                                  `BIN serve` on a free loopback port in the background,
#                                  its output appended to LOG; sets served_pid and served_url
#                                  and returns once /healthz answers (else kills it, returns 1)
#   seed_sessions URL SECONDS CONNECTIONS OUT
#                                  complete sandbox sessions created through the Prefill at URL
#                                  for SECONDS (bench/wrk/seed.lua), their hashes shuffled into OUT
source scripts/packages.sh
source scripts/ports.sh

wait_http() {
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: no answer from $1" >&2; return 1
}

serve_prefill() {
  local bin=$1 db=$2 dispatch=$3 threads=$4 log_file=$5 port
  port="$(free_port)"
  "$bin" serve --listen "127.0.0.1:$port" --db "$db" --forms forms \
    --threads "$threads" --dispatch "$dispatch" >>"$log_file" 2>&1 &
  served_pid=$!
  served_url="http://127.0.0.1:$port"
  wait_http "$served_url/healthz" || { kill "$served_pid" 2>/dev/null; return 1; }
}

seed_sessions() {
  local url=$1 seconds=$2 connections=$3 out=$4
  rm -f "$out".*
  BENCH_LUA_DIR="$(pwd)/bench/wrk" BENCH_WRK_THREADS=2 BENCH_SEED_OUT="$out" \
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s bench/wrk/seed.lua "$url" >"$out.wrk" 2>&1
  cat "$out".[0-9]* | shuf >"$out"; rm -f "$out".[0-9]*
}
