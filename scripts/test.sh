#!/usr/bin/env bash
# The test command: set-up and build, a throwaway MariaDB on a free port, every
# test through ctest, then every suite again built with AddressSanitizer,
# LeakSanitizer and UBSan (scripts/sanitize.sh: any report fails), and MariaDB
# stopped again whatever the outcome. Exits non-zero on any failure.
#   scripts/test.sh [ctest arguments]   e.g. scripts/test.sh -L crash
# PREFILL_SANITIZE=0 skips the sanitized run (a quick local check; CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

db_dir=".data/test-$$"
cleanup() { scripts/mariadb.sh stop "$db_dir" >/dev/null || true; rm -rf "$db_dir"; }
trap cleanup EXIT
scripts/mariadb.sh start "$db_dir"
# Each integration suite creates (and drops) its own database on this server.
export PREFILL_TEST_DB="$(scripts/mariadb.sh url "$db_dir")"

ctest --test-dir "${PREFILL_BUILD_DIR:-build}" --output-on-failure -j2 --timeout 300 "$@"

if [ "${PREFILL_SANITIZE:-1}" != 0 ]; then
  echo "test: the suites again under AddressSanitizer, LeakSanitizer and UBSan (scripts/sanitize.sh)"
  scripts/sanitize.sh "$@"
fi
