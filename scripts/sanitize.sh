#!/usr/bin/env bash
# The test suites built with AddressSanitizer (LeakSanitizer on) and UndefinedBehaviorSanitizer
# (CMAKE_BUILD_TYPE=Sanitize, gcc) in their own build folder, run through ctest against
# MariaDB. Any report fails: the process that makes it stops at the first one, and every
# report of every process - the test binaries and the `prefill` processes they start,
# also those a test kills afterwards - is written to a log that is checked at the end.
#   scripts/sanitize.sh [ctest arguments]     e.g. scripts/sanitize.sh -R PaymentKill
# Uses $PREFILL_TEST_DB when set (scripts/test.sh passes its server), else starts its own.
# Not run here: fuzz_smoke (the harnesses are built with ASan and UBSan already) and
# browser_e2e (its server's requests are those the app suites make, see docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
dir="${PREFILL_SANITIZE_BUILD_DIR:-build-sanitize}"
launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Sanitize "${launcher[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)"

if [ -z "${PREFILL_TEST_DB:-}" ]; then
  db_dir=".data/sanitize-$$"
  cleanup() { scripts/mariadb.sh stop "$db_dir" >/dev/null || true; rm -rf "$db_dir"; }
  trap cleanup EXIT
  scripts/mariadb.sh start "$db_dir"
  export PREFILL_TEST_DB="$(scripts/mariadb.sh url "$db_dir")"
fi

# Every sanitized process inherits these. log_path: a report goes to <prefix>.<pid> instead
# of stderr, which a test may have redirected, and survives the process being killed after
# it. halt_on_error / -fno-sanitize-recover: the first report ends the process.
logs="$(cd "$dir" && pwd)/sanitizer-logs"
rm -rf "$logs"; mkdir -p "$logs"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1:log_path=$logs/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"

status=0
ctest --test-dir "$dir" --output-on-failure -j2 --timeout 600 -LE '^(fuzz|browser)$' "$@" || status=1

reports=("$logs"/*)
if [ -e "${reports[0]}" ]; then
  echo "sanitize: ${#reports[@]} sanitizer report(s):"
  for f in "${reports[@]}"; do echo "==== $f"; cat "$f"; done
  status=1
else
  echo "sanitize: no sanitizer report"
fi
exit $status
