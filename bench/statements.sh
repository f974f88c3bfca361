#!/usr/bin/env bash
# What one request asks of MariaDB, in each dispatch mode: the server's own
# counters (SHOW GLOBAL STATUS) over a wrk run of one scenario, divided by the
# requests wrk counted. Counts, not times: the database's counters do not depend
# on what else the machine is doing, so they tell "more work per request" apart
# from "the same work, slower". The CPUs' idle entries do depend on it: read them
# on a quiet machine.
#   bench/statements.sh [SCENARIO] [CONNECTIONS] [SECONDS]   default: payment 1 5
# SCENARIO: create, read, update, payment, readyz (read/update/payment are fed
# with complete sessions seeded first). Uses build-bench/ (run bench/run.sh once
# first) and the MariaDB of .data/bench; the test command never runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
scenario="${1:-payment}"; connections="${2:-1}"; seconds="${3:-5}"
work="$root/.data/bench/statements"; mkdir -p "$work"
[ -x build-bench/src/prefill ] || { echo "statements: build-bench/src/prefill missing: run bench/run.sh first" >&2; exit 1; }
source bench/lib.sh  # missing_packages, apt_install, serve_prefill, seed_sessions
mapfile -t missing < <(missing_packages wrk curl)
if ((${#missing[@]})); then PACKAGES_LOG_TAG=statements apt_install "${missing[@]}"; fi

scripts/mariadb.sh start "$root/.data/bench" >/dev/null
admin="$(scripts/mariadb.sh url "$root/.data/bench")"
socket="${admin#*socket=}"
sql() { mariadb --socket="$socket" -uroot -N -B -e "$1"; }
counters="'Questions','Com_stmt_execute','Com_stmt_prepare','Com_stmt_close','Com_select','Com_insert',\
'Com_update','Com_delete','Com_begin','Com_commit','Com_rollback','Com_set_option','Com_admin_commands',\
'Connections','Rows_read','Innodb_data_fsyncs'"
# Plus the machine's idle entries (every CPU's cpuidle states, where the kernel has
# them): how often a CPU went to sleep, and so had to be woken, per request.
idle_entries() { cat /sys/devices/system/cpu/cpu*/cpuidle/state*/usage 2>/dev/null | awk '{ n += $1 } END { print n + 0 }'; }
status() { { sql "SHOW GLOBAL STATUS WHERE Variable_name IN ($counters)"; printf 'cpu_idle_entries\t%s\n' "$(idle_entries)"; } | sort; }

server=""  # one at a time: the Prefill of the mode being counted
stop_server() { [ -z "$server" ] || { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }; server=""; }
cleanup() { stop_server; scripts/mariadb.sh stop "$root/.data/bench" >/dev/null || true; }
trap cleanup EXIT

for dispatch in pool inline; do
  db="$(scripts/mariadb.sh url "$root/.data/bench" "prefill_statements_$dispatch")"
  sql "DROP DATABASE IF EXISTS prefill_statements_$dispatch"
  build-bench/src/prefill migrate --db "$db" >/dev/null
  : >"$work/serve-$dispatch.log"
  SPDLOG_LEVEL=warn serve_prefill build-bench/src/prefill "$db" "$dispatch" 16 "$work/serve-$dispatch.log"
  server=$served_pid
  url=$served_url
  feed=()  # the sessions the scenario reads, updates or pays
  if [[ "$scenario" =~ ^(read|update|payment)$ ]]; then
    seed_sessions "$url" "$((seconds + 1))" 16 "$work/sessions"
    feed=(BENCH_PAY_FILE="$work/sessions" BENCH_POOL_FILE="$work/sessions")
  fi
  sleep 2  # requests still in flight when the seeding's wrk stopped are counted before, not during, the run
  status >"$work/before"
  t=$((connections < 2 ? 1 : 2))
  env "${feed[@]}" BENCH_LUA_DIR="$root/bench/wrk" BENCH_WRK_THREADS=$t \
    wrk -t"$t" -c"$connections" -d"${seconds}s" --timeout 10s -s "bench/wrk/$scenario.lua" "$url" >"$work/wrk.out" 2>&1
  status >"$work/after"
  result="$(sed -n 's/^RESULT //p' "$work/wrk.out")"
  requests="$(sed -n 's/.*"requests":\([0-9]*\).*/\1/p' <<<"$result")"
  echo "statements: $scenario, $connections connection(s), --dispatch $dispatch: $result"
  join "$work/before" "$work/after" | awk -v n="$requests" '{ printf "  %-22s %10.2f per request\n", $1, ($3 - $2) / n }'
  stop_server
done
