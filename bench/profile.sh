#!/usr/bin/env bash
# Where a Prefill request's CPU goes: `perf record -g` of a Release `prefill serve`
# (build-bench/, as bench/run.sh builds it) while wrk runs one figure against it.
#   bench/profile.sh [SCENARIO] [CONNECTIONS] [SECONDS]   default: create 16 10
# SCENARIO: create, healthz or readyz (the figures that need no stored sessions).
# Prints the hottest symbols (self time) and the share of kernel, libc and Prefill
# samples; the perf data stays in .data/bench/profile/. Installs linux-perf, wrk and
# curl if missing; run bench/run.sh once first (it builds build-bench/); run it on a
# quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
scenario="${1:-create}"; connections="${2:-16}"; seconds="${3:-10}"
dispatch="${BENCH_DISPATCH:-inline}"
work="$root/.data/bench/profile"; mkdir -p "$work"
[ -x build-bench/src/prefill ] || { echo "profile: build-bench/src/prefill missing: run bench/run.sh first" >&2; exit 1; }
source bench/lib.sh  # missing_packages, apt_install, serve_prefill
mapfile -t missing < <(missing_packages linux-perf wrk curl)
if ((${#missing[@]})); then PACKAGES_LOG_TAG=profile apt_install "${missing[@]}"; fi

scripts/mariadb.sh start "$root/.data/bench" >/dev/null
db="$(scripts/mariadb.sh url "$root/.data/bench" prefill_profile)"
build-bench/src/prefill migrate --db "$db" >/dev/null
server=""
cleanup() { [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
            scripts/mariadb.sh stop "$root/.data/bench" >/dev/null || true; }
trap cleanup EXIT
: >"$work/serve.log"
SPDLOG_LEVEL=warn serve_prefill build-bench/src/prefill "$db" "$dispatch" 16 "$work/serve.log"
server=$served_pid

t=$((connections < 2 ? 1 : 2))
BENCH_LUA_DIR="$root/bench/wrk" BENCH_WRK_THREADS=$t \
  wrk -t"$t" -c"$connections" -d"$((seconds + 2))s" --timeout 10s -s "bench/wrk/$scenario.lua" \
  "$served_url" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
sleep 1
perf record -q -g -F 999 -p "$server" -o "$work/perf.data" -- sleep "$seconds" 2>/dev/null
wait "$wrk_pid" || true
echo "profile: $scenario, $connections connections, --dispatch $dispatch: $(sed -n 's/^RESULT //p' "$work/wrk.out")"
echo "profile: samples by where they ran (kernel / shared objects):"
perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' \
  | sed 's/  */ /g' | head -12
echo "profile: hottest symbols, self time:"
perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null \
  | grep -E '^ +[0-9]' | sed -e 's/  */ /g' -e 's/ - - *$//' | head -40
