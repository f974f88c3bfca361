#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/) with clang-14 in build-fuzz/ (apart from the
# gcc build) and runs each for SECONDS (default 10) on its committed corpus.
#   scripts/fuzz.sh [seconds]        e.g. scripts/fuzz.sh 3600 for a long run
# New inputs found go to build-fuzz/corpus-<name>/ (not committed); a crash stops the
# run with a non-zero status and leaves crash-* in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
root="$PWD"  # the committed corpora, wherever the build folder is
dir="${PREFILL_FUZZ_BUILD_DIR:-build-fuzz}"
launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CXX=clang++-14 cmake -S fuzz -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null
status=0
for name in card_guard request_framer request_decoding form_loader webhook_url pain008 rest_body; do
  mkdir -p "$dir/corpus-$name"
  echo "fuzz: $name for ${seconds}s"
  if ! (cd "$dir" && ./fuzz_$name -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=1024 \
          -print_final_stats=1 "corpus-$name" "$root/fuzz/corpus/$name" 2>"fuzz-$name.log"); then
    echo "fuzz: $name FAILED (see $dir/fuzz-$name.log and the crash-*/timeout-*/oom-* input there); its report:"
    grep -vE '^#[0-9]+|^INFO:|Uses: [0-9]+$|NEW_FUNC' "$dir/fuzz-$name.log" | tail -n 40 | sed "s/^/fuzz: $name | /"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$dir/fuzz-$name.log" | sed "s/^/fuzz: $name /" || true
done
exit $status
