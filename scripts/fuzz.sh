#!/usr/bin/env bash
# Fuzz redline's front ends and diff with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [TARGET...] [-- SECONDS]     default: all four targets, 600 s each
#
# Targets: text, markdown, html (the three front ends plus every rule) and diff.
# Needs `cargo install cargo-fuzz`. cargo-fuzz passes nightly-only flags to rustc; on a
# stable toolchain RUSTC_BOOTSTRAP=1 lets it do so. The seed corpus is built from
# ../shared/corpus (policies as files for the front ends; consecutive versions joined by
# "\n===\n" for diff) into fuzz/corpus/TARGET, which git ignores. Crashes land in
# fuzz/artifacts/TARGET; keep each one as a regression input in tests/fixtures/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=()
seconds=600
while [ $# -gt 0 ]; do
  case "$1" in
    --) seconds="$2"; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=(text markdown html diff)

corpus=../shared/corpus
seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  [ -d "$corpus" ] || { echo "*** no $corpus: fuzzing $target without seeds ***"; return; }
  case "$target" in
    text) find "$corpus" policies -name '*.txt' -exec cp {} "$dir"/ \; ;;
    markdown) find "$corpus" policies -name '*.md' -exec cp {} "$dir"/ \; ;;
    html) find "$corpus" -name '*.html' -exec cp {} "$dir"/ \; ;;
    diff)
      for h in "$corpus"/history/*/; do
        prev=""
        for f in "$h"*; do
          if [ -n "$prev" ]; then
            { cat "$prev"; printf '\n===\n'; cat "$f"; } > "$dir/$(basename "$h")-$(basename "$f")"
          fi
          prev=$f
        done
      done ;;
  esac
}

for t in "${targets[@]}"; do
  seed "$t"
  echo "== fuzzing $t for ${seconds}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -O "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -max_len=262144 -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1
done
