#!/usr/bin/env bash
# Every C++ source file in the tree is named in the CMake list that builds it, so a
# file that was added but not listed fails here instead of silently not being built
# (CMake lists sources by hand, without globbing). Exits 1 and names each file that
# is in no list. Run by ctest as `sources_listed`.
set -euo pipefail
cd "$(dirname "$0")/.."

# folder -> the list files that name its sources (paths relative to the folder)
declare -A lists=(
  [src]="src/sources.cmake src/CMakeLists.txt"
  [validators]="validators/sources.cmake"
  [sandbox]="sandbox/CMakeLists.txt"
  [tests]="tests/CMakeLists.txt"
  [bench]="bench/CMakeLists.txt"
  [fuzz]="fuzz/CMakeLists.txt"
)
# the .cc files under a folder: those git knows (and untracked ones it does not
# ignore), or every one outside a git checkout
sources() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard -- "$1/*.cc"
  else
    find "$1" -name '*.cc' -not -path '*/node_modules/*' -not -path '*/build*'
  fi | grep -v '/node_modules/' || true
}
missing=0
for top in "${!lists[@]}"; do
  # shellcheck disable=SC2086
  listed="$(cat ${lists[$top]})"
  while IFS= read -r file; do
    rel="${file#"$top"/}"
    # a name stands alone in a list: after whitespace or "/", before whitespace or ")"
    if ! grep -qE "(^|[[:space:]/])${rel//./\\.}([[:space:])]|$)" <<<"$listed"; then
      echo "not in ${lists[$top]%% *}: $file"
      missing=1
    fi
  done < <(sources "$top")
done
exit "$missing"
