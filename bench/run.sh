#!/usr/bin/env bash
# The benchmark command: every figure of docs/benchmarks.md and its ceiling,
# measured in one run on this machine (loopback only, a private MariaDB).
#
#   bench/run.sh                 full run (10 s per figure, 1,000,000 stored sessions)
#   BENCH_QUICK=1 bench/run.sh   quick check of the whole pipeline (2 s, 200,000 sessions)
#
# Environment (defaults of the full run):
#   BENCH_DURATION=10            seconds per measured figure
#   BENCH_CONNECTIONS="1 16 64"  keep-alive connections (wrk) = threads (raw_db_bench)
#   BENCH_THREADS=16             prefill serve --threads (threads running database work =
#                                DB connections, in either dispatch mode)
#   BENCH_DISPATCH=<default>     prefill serve --dispatch of the figures (the server's default)
#   BENCH_AB=1                   both dispatch modes, interleaved per figure (pool, inline,
#                                pool, inline: two rounds, each BENCH_DURATION), both in the
#                                results; the targets are read from BENCH_DISPATCH
#   BENCH_SCALE_ROWS=1000000     stored sessions for the scale figures
#   BENCH_DOCS=1                 rewrite the generated part of docs/benchmarks.md and the
#                                PNG (0 by default in quick mode)
# Steps: install wrk and gnuplot if missing; Release build into build-bench/;
# MariaDB in .data/bench (scripts/mariadb.sh: innodb_flush_log_at_trx_commit=1,
# as in production), a fresh database; each ceiling (bare Pistache; raw_db_bench
# insert, select, update, payment: the exact statements of the call) right before
# the figure it bounds, at each connection count; the scale figures; the redo-log
# and data fsyncs (Innodb_os_log_fsyncs, Innodb_data_fsyncs) counted over every figure;
# results in bench/results/<stamp>.json; then the report.
# The test command never runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

quick="${BENCH_QUICK:-0}"
if [ "$quick" = 1 ]; then
  duration="${BENCH_DURATION:-2}"; scale_rows="${BENCH_SCALE_ROWS:-200000}"; docs="${BENCH_DOCS:-0}"
else
  duration="${BENCH_DURATION:-10}"; scale_rows="${BENCH_SCALE_ROWS:-1000000}"; docs="${BENCH_DOCS:-1}"
fi
connections="${BENCH_CONNECTIONS:-1 16 64}"
threads="${BENCH_THREADS:-16}"
ab="${BENCH_AB:-0}"
build_dir="$root/build-bench"
db_dir="$root/.data/bench"
work="$db_dir/run"
stamp="$(date -u +%Y-%m-%dT%H-%M-%SZ)"
results_dir="$root/bench/results"
[ "$quick" = 1 ] && results_dir="$work"
jsonl="$work/results.jsonl"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- set-up: packages (only those missing), build -----------------------------
source bench/lib.sh  # missing_packages, apt_install, free_port, wait_http, serve_prefill, seed_sessions
mapfile -t missing < <(missing_packages wrk gnuplot-nox curl)
if ((${#missing[@]})); then PACKAGES_LOG_TAG=bench apt_install "${missing[@]}"; fi
# The project's own packages: on a fresh machine scripts/setup.sh installs them (and builds).
for p in libpistache-dev libmysqlcppconn-dev mariadb-server libbenchmark-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    PREFILL_BUILD_DIR=build-bench PREFILL_BUILD_TYPE=Release scripts/setup.sh; break
  fi
done
mkdir -p "$db_dir"
log "building Release into $build_dir"
launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build "$build_dir" --target prefill raw_db_bench bare_pistache_bench -j2 >"$db_dir.build.log" 2>&1 \
  || { tail -30 "$db_dir.build.log" >&2; exit 1; }
prefill_bin="$build_dir/src/prefill"
raw_bin="$build_dir/bench/raw_db_bench"
bare_bin="$build_dir/bench/bare_pistache_bench"
# The figures' dispatch mode: the server's default unless BENCH_DISPATCH says otherwise.
dispatch="${BENCH_DISPATCH:-$("$prefill_bin" serve --help | sed -n 's/.*--dispatch TEXT:{pool,inline}=\([a-z]*\).*/\1/p')}"
case "$dispatch" in pool|inline) ;; *) log "unknown dispatch mode: '$dispatch'"; exit 1 ;; esac
dispatches="$dispatch"
[ "$ab" = 1 ] && dispatches="pool inline"

# ---- processes we start, stopped whatever happens -------------------------------
mkdir -p "$work"
rm -f "$work"/*
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/mariadb.sh stop "$db_dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# mariadb.sh picks a random free port; another engineer's server may take it first: retry.
for attempt in 1 2 3; do
  scripts/mariadb.sh start "$db_dir" >&2 2>"$work/mariadb-start.log" && break
  [ "$attempt" = 3 ] && { cat "$work/mariadb-start.log" >&2; exit 1; }
done
db_pid=$(cat "$db_dir/mariadb.pid")
sql() { mariadb --no-defaults --socket="$db_dir/mariadb.sock" -uroot -N -B prefill_bench "$@"; }
mariadb --no-defaults --socket="$db_dir/mariadb.sock" -uroot -e "DROP DATABASE IF EXISTS prefill_bench"
db_url="$(scripts/mariadb.sh url "$db_dir" prefill_bench)"
"$prefill_bin" migrate --db "$db_url" --migrations sql >/dev/null

# ---- measuring -----------------------------------------------------------------
rss_sampler() {  # PID OUT: highest VmRSS (kB) seen while running
  local max=0 v
  while kill -0 "$1" 2>/dev/null; do
    v=$(awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
    [ "${v:-0}" -gt "$max" ] && { max=$v; echo "$max" >"$2"; }
    sleep 0.2
  done
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }  # utime + stime
ticks_per_s=$(getconf CLK_TCK)

# The server's fsync counters: "redo-log data".
fsyncs() {
  sql -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_os_log_fsyncs', 'Innodb_data_fsyncs')" |
    awk '$1 == "Innodb_os_log_fsyncs" {l = $2} $1 == "Innodb_data_fsyncs" {d = $2} END {print l + 0, d + 0}'
}
fsyncs_delta() {  # BEFORE ("log data"): '"log_fsyncs":N,"data_fsyncs":N' since then
  local now; now=$(fsyncs)
  echo "$1 $now" | awk '{printf "\"log_fsyncs\":%d,\"data_fsyncs\":%d", $3 - $1, $4 - $2}'
}

# The dispatch mode and round of the Prefill figure being recorded (empty: not Prefill).
fig_dispatch=""; fig_round=1

# record GROUP SCENARIO SERVER CONNECTIONS JSON RSS_KB SERVER_TICKS DB_TICKS FSYNCS: one line of results.jsonl
record() {
  local tag=""
  [ -n "$fig_dispatch" ] && tag="\"dispatch\":\"$fig_dispatch\",\"round\":$fig_round,"
  printf '{"group":"%s","scenario":"%s","server":"%s","connections":%s,%s"rss_kb":%s,"server_cpu_s":%s,"db_cpu_s":%s,%s,%s\n' \
    "$1" "$2" "$3" "$4" "$tag" "${6:-null}" "$(awk "BEGIN{print ${7:-0}/$ticks_per_s}")" \
    "$(awk "BEGIN{print ${8:-0}/$ticks_per_s}")" "$9" "${5#\{}" >>"$jsonl"
  log "$1 $2 ($3${fig_dispatch:+ $fig_dispatch #$fig_round}) c=$4: ${5}"
}

# wrk_figure GROUP SCENARIO SERVER PID URL CONNECTIONS [env...]: one wrk run
wrk_figure() {
  local group=$1 scenario=$2 server=$3 pid=$4 url=$5 c=$6; shift 6
  local t=$((c < 2 ? 1 : 2))
  rm -f "$work/rss"; echo 0 >"$work/rss"
  rss_sampler "$pid" "$work/rss" & local sampler=$!
  local server0 db0 fs0
  fs0=$(fsyncs)
  server0=$(cpu_ticks "$pid"); db0=$(cpu_ticks "$db_pid")
  env "$@" BENCH_LUA_DIR="$root/bench/wrk" BENCH_WRK_THREADS=$t \
    wrk -t"$t" -c"$c" -d"${duration}s" --timeout 10s -s "$root/bench/wrk/$scenario.lua" "$url" >"$work/wrk.out" 2>&1
  local server_ticks=$(( $(cpu_ticks "$pid") - server0 )) db_ticks=$(( $(cpu_ticks "$db_pid") - db0 ))
  local fs; fs=$(fsyncs_delta "$fs0")
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  local result
  result=$(sed -n 's/^RESULT //p' "$work/wrk.out")
  [ -n "$result" ] || { cat "$work/wrk.out" >&2; return 1; }
  record "$group" "$scenario" "$server" "$c" "$result" "$(cat "$work/rss")" "$server_ticks" "$db_ticks" "$fs"
}

# prefill_figure GROUP SCENARIO CONNECTIONS [env...]: the figure on the Prefill of each
# dispatch mode; with BENCH_AB=1 two rounds of pool, inline. $before_each (if set) runs
# before every run (fresh sessions to pay), its output discarded.
before_each=""
prefill_figure() {
  local group=$1 scenario=$2 c=$3; shift 3
  local rounds=1 r d
  [ "$ab" = 1 ] && rounds=2
  for ((r = 1; r <= rounds; r++)); do
    for d in $dispatches; do
      [ -n "$before_each" ] && $before_each
      fig_dispatch=$d fig_round=$r
      wrk_figure "$group" "$scenario" prefill "${prefill_pids[$d]}" "${prefill_urls[$d]}" "$c" "$@"
      fig_dispatch=""
      : >"$work/prefill-$d.log"  # the request log of a figure is not kept
    done
  done
}

# seed SECONDS OUT: complete sandbox sessions created through Prefill, hashes into OUT
seed() {
  seed_sessions "$prefill_url" "$1" 64 "$2"
  log "seeded $(wc -l <"$2") complete sessions into $(basename "$2")"
}

raw_figure() {  # GROUP OP CONNECTIONS ARGS...: the client's own CPU time is in its JSON
  local group=$1 op=$2 c=$3; shift 3
  local result db0 fs0
  fs0=$(fsyncs)
  db0=$(cpu_ticks "$db_pid")
  result=$("$raw_bin" --db "$db_url" --op "$op" --threads "$c" --seconds "$duration" "$@")
  local db_ticks=$(( $(cpu_ticks "$db_pid") - db0 ))
  record "$group" "raw_$op" "mariadb" "$c" "$result" "" 0 "$db_ticks" "$(fsyncs_delta "$fs0")"
}

: >"$jsonl"
cat >"$work/machine.json" <<JSON
{"stamp":"$stamp","quick":$quick,"duration_s":$duration,"prefill_threads":$threads,"scale_rows":$scale_rows,
 "cpu":"$(lscpu | sed -n 's/^Model name: *//p' | head -1)","cores":$(nproc),
 "memory_gib":$(awk '/MemTotal/{printf "%.1f", $2/1048576}' /proc/meminfo),"kernel":"$(uname -r)",
 "os":"$(. /etc/os-release; echo "$PRETTY_NAME")","mariadb":"$(mariadbd --version | sed 's/.*Ver //; s/ for.*//')",
 "wrk":"$(dpkg-query -W -f='${Version}' wrk)","pistache":"$(dpkg-query -W -f='${Version}' libpistache-dev 2>/dev/null)",
 "commit":"$(git rev-parse --short HEAD)","dispatch":"$dispatch","ab":$ab,"dirty":$( [ -n "$(git status --porcelain -- src bench sql)" ] && echo true || echo false),
 "load_before":"$(cut -d' ' -f1-3 /proc/loadavg)"}
JSON

# 1. /healthz next to its ceiling, bare Pistache with a trivial handler; each
# figure right after its ceiling, so a change of the machine's load hits both.
"$bare_bin" --listen 127.0.0.1:0 >"$work/bare.out" 2>&1 & bare_pid=$!; pids+=("$bare_pid")
for _ in $(seq 1 50); do grep -q listening "$work/bare.out" && break; sleep 0.1; done
bare_url="http://127.0.0.1:$(awk '/listening/{print $2}' "$work/bare.out")"
wait_http "$bare_url/healthz"
# One Prefill per dispatch mode, side by side on the same database (BENCH_AB=1: two).
declare -A prefill_pids prefill_urls
for d in $dispatches; do
  serve_prefill "$prefill_bin" "$db_url" "$d" "$threads" "$work/prefill-$d.log" || exit 1
  prefill_pids[$d]=$served_pid; pids+=("$served_pid"); prefill_urls[$d]=$served_url
done
prefill_url="${prefill_urls[$dispatch]}"  # set-up requests (seeding) go here
for c in $connections; do
  wrk_figure empty healthz bare "$bare_pid" "$bare_url" "$c"
  prefill_figure empty healthz "$c"
  prefill_figure empty readyz "$c"  # diagnostic: the hand-off + SELECT 1
done
kill "$bare_pid"; wait "$bare_pid" 2>/dev/null || true

# 2. Session calls. The pool of the read and update figures: complete sessions.
seed "$((duration < 3 ? 1 : 2))" "$work/pool"
for d in $dispatches; do : >"$work/prefill-$d.log"; done  # the request log of the set-up is not needed

# The raw INSERT copies a session createSession stored (create.lua's values).
curl -fsS "$prefill_url/app/createSession" -d hash=demo_sandbox_hash_0001 -d 'payment[amount]=25.00' \
  -d 'payment[first_name]=Anna' -d 'payment[last_name]=Schmidt' -d 'payment[email]=anna.schmidt1@example.org' \
  --data-urlencode 'payment[basket]=[{"sku":"tree","qty":2}]' >"$work/template.json"
template=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["session"]["hash"])' "$work/template.json")
# The raw payment copies the attempt and events of a payment Prefill made; it pays
# sessions of its own (paid again and again, with the same statements).
seed 1 "$work/rawpay"
curl -fsS "$prefill_url/app/payment" -d hash=demo_sandbox_hash_0001 -d "fbSessionHash=$(head -1 "$work/rawpay")" \
  -d ip=127.0.0.1 >"$work/template-payment.json"
pay_template=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["transaction"]["id"])' \
  "$work/template-payment.json")

for c in $connections; do
  raw_figure empty insert "$c" --template "$template"
  prefill_figure empty create "$c"
done
for c in $connections; do
  raw_figure empty select "$c" --keys "$work/pool"
  prefill_figure empty read "$c" BENCH_POOL_FILE="$work/pool"
done
for c in $connections; do
  raw_figure empty update "$c" --keys "$work/pool"
  prefill_figure empty update "$c" BENCH_POOL_FILE="$work/pool"
done
seed_pay() { seed "$(( duration > 3 ? duration / 3 : 1 ))" "$work/pay"; }  # payments run slower than creates
for c in $connections; do
  raw_figure empty payment "$c" --keys "$work/rawpay" --template "$pay_template"
  before_each=seed_pay
  prefill_figure empty payment "$c" BENCH_PAY_FILE="$work/pay"
  before_each=""
done
seed_mix() { seed "$(( (duration + 3) / 4 ))" "$work/pay"; }
for c in $connections; do
  before_each=seed_mix
  prefill_figure empty mix "$c" BENCH_POOL_FILE="$work/pool" BENCH_PAY_FILE="$work/pay"
  before_each=""
done

# 3. Scale: fill the table up to scale_rows sessions that look like Prefill's
# (bench/load_sessions.sql), then create and read again, reading open sessions
# drawn at random from the whole table (most of them cold). Only BENCH_DISPATCH.
dispatches="$dispatch"; ab_saved=$ab; ab=0
stored=$(sql -e "SELECT COUNT(*) FROM sessions")
if ((stored >= scale_rows)); then
  log "no sessions to load: $stored already stored by the figures (BENCH_SCALE_ROWS=$scale_rows)"
else
  log "loading $((scale_rows - stored)) sessions (stored: $stored)"
fi
load_started=$(date +%s)
batch=50000
for ((from = stored + 1; from <= scale_rows; from += batch)); do
  to=$((from + batch - 1)); ((to > scale_rows)) && to=$scale_rows
  sed -e "s/@FROM@/$from/g" -e "s/@TO@/$to/g" bench/load_sessions.sql | sql
done
load_seconds=$(( $(date +%s) - load_started ))
stored=$(sql -e "SELECT COUNT(*) FROM sessions")
data_mb=$(sql -e "SELECT ROUND((data_length + index_length) / 1048576) FROM information_schema.tables
                  WHERE table_schema = 'prefill_bench' AND table_name = 'sessions'")
log "stored sessions: $stored (${data_mb} MB, loaded in ${load_seconds} s)"
sql -e "SELECT hash FROM sessions WHERE state = 'open' AND sandbox = 1 AND form_id = 'demo'
        AND expires_at > UTC_TIMESTAMP() ORDER BY RAND() LIMIT 20000" >"$work/scale_pool"
for c in $connections; do
  prefill_figure scale create "$c"
done
for c in $connections; do
  raw_figure scale select "$c" --keys "$work/scale_pool"
  prefill_figure scale read "$c" BENCH_POOL_FILE="$work/scale_pool"
done
ab=$ab_saved

# Peak RSS of each Prefill over the whole run.
hwm_json=""
for d in "${!prefill_pids[@]}"; do
  hwm_json+="${hwm_json:+,}\"$d\":$(awk '/^VmHWM/{print $2}' "/proc/${prefill_pids[$d]}/status")"
  kill "${prefill_pids[$d]}"; wait "${prefill_pids[$d]}" 2>/dev/null || true
done
hwm_kb=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "{$hwm_json}" "$dispatch")

# ---- results and report -----------------------------------------------------------
mkdir -p "$results_dir"
results="$results_dir/$stamp.json"
python3 - "$work/machine.json" "$jsonl" "$results" "$hwm_kb" "$stored" "$data_mb" "$load_seconds" "{$hwm_json}" <<'PY'
import json, sys
machine = json.load(open(sys.argv[1]))
import os
machine["load_after"] = " ".join(open("/proc/loadavg").read().split()[:3])
machine["command"] = (("BENCH_QUICK=1 " if machine["quick"] else "") + ("BENCH_AB=1 " if machine["ab"] else "")
                      + "bench/run.sh")
figures = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
out = {"machine": machine, "prefill_vmhwm_kb": int(sys.argv[4]), "vmhwm_kb_by_dispatch": json.loads(sys.argv[8]),
       "scale": {"stored_sessions": int(sys.argv[5]), "table_mb": int(sys.argv[6]), "load_seconds": int(sys.argv[7])},
       "figures": figures}
json.dump(out, open(sys.argv[3], "w"), indent=1)
PY
log "results: $results"
if [ "$docs" = 1 ]; then
  python3 bench/report.py "$results" docs/benchmarks.md docs/benchmarks-throughput-p99.png
  log "report: docs/benchmarks.md, docs/benchmarks-throughput-p99.png"
else
  python3 bench/report.py "$results" "$work/benchmarks.md" "$work/benchmarks-throughput-p99.png"
  log "report (quick mode, docs untouched): $work/benchmarks.md"
fi
