#!/usr/bin/env bash
# Installs what Prefill needs (only what is missing) and configures and builds
# the project into build/. Safe to run any number of times.
#   scripts/setup.sh         everything the tests need, and a build of every target
#   scripts/setup.sh --run   only what serving needs, and a build of `prefill`
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"

sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
# missing_packages, apt_install
source scripts/packages.sh

packages=(
  build-essential cmake pkg-config git ca-certificates curl python3
  libpistache-dev libmysqlcppconn-dev rapidjson-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libphonenumber-dev libspdlog-dev libcli11-dev prometheus-cpp-dev libkainjow-mustache-dev libssl-dev
  iso-codes mariadb-server mariadb-client
  galera-4 rsync socat
  libyaml-dev
  libcurl4-openssl-dev libxml2-dev libxml2-utils
  ccache
  clang-14 libclang-rt-14-dev
)
mapfile -t missing < <(missing_packages "${packages[@]}")
if ((${#missing[@]})); then
  apt_install "${missing[@]}"
  # The Debian package may start a system MariaDB; Prefill uses its own private one.
  if command -v service >/dev/null && service mariadb status >/dev/null 2>&1; then
    $sudo_cmd service mariadb stop >/dev/null 2>&1 || true
  fi
fi

if [ "$mode" != "--run" ]; then
  # The browser end-to-end test (tests/browser): Debian's Chromium and Node.js with npm,
  # each installed only when missing (a Node.js that ships its own npm is kept), and
  # playwright-core from the lock file. Never a browser download: playwright-core only.
  browser_missing=()
  [ -x /usr/bin/chromium ] || browser_missing+=(chromium)
  command -v node >/dev/null || browser_missing+=(nodejs)
  command -v npm >/dev/null || browser_missing+=(npm)
  if ((${#browser_missing[@]})); then apt_install "${browser_missing[@]}"; fi
  lock_sum="$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)"
  if [ "$(cat tests/browser/node_modules/.prefill-lock-sum 2>/dev/null)" != "$lock_sum" ]; then
    echo "setup: npm ci in tests/browser"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund >/dev/null
    echo "$lock_sum" > tests/browser/node_modules/.prefill-lock-sum
  fi
  # The official stripe package, the independent reference for Stripe-Signature in tests.
  stripe_sum="$(sha256sum tests/stripe_node/package-lock.json | cut -d' ' -f1)"
  if [ "$(cat tests/stripe_node/node_modules/.prefill-lock-sum 2>/dev/null)" != "$stripe_sum" ]; then
    echo "setup: npm ci in tests/stripe_node"
    npm ci --prefix tests/stripe_node --no-audit --no-fund >/dev/null
    echo "$stripe_sum" > tests/stripe_node/node_modules/.prefill-lock-sum
  fi
fi

build_dir="${PREFILL_BUILD_DIR:-build}"
# ccache: rebuilds after a branch switch or in a second clone cost little on two cores.
launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${PREFILL_BUILD_TYPE:-RelWithDebInfo}" "${launcher[@]}" >/dev/null
if [ "$mode" = "--run" ]; then
  cmake --build "$build_dir" --target prefill -j"$(nproc)"
else
  cmake --build "$build_dir" -j"$(nproc)"
fi
