#!/usr/bin/env bash
# Whole-program benchmarks of redline at corpus scale (issue #8), with the release build.
#
#   scripts/bench.sh            # N=10000 files
#   N=2000 scripts/bench.sh     # a smaller collection
#   BIG_SIZES="5 10" scripts/bench.sh   # sizes (MB) of the one-large-file runs (default 25 50 100)
#
# Builds a synthetic collection of N policy files from ../shared/corpus/docs (each copy
# mutated slightly: one word changed, a line added, so no two files are equal) under
# target/bench-collection, then reports for `redline check` (1 thread and all cores) and
# `redline diff` (consecutive corpus versions): wall time, throughput (MB/s, files/s) and
# peak memory (GNU time's maximum resident set size, KiB, shown in MB = 10^6 bytes like the
# input sizes, so that "4x the input plus 50 MB" compares like with like). Also the pre-commit case: one 50 KB
# policy and one 29 KB policy with phone numbers, whole process, 50 runs each (mean, median,
# fastest); and large text files (default 25, 50 and 100 MB: linear time and peak memory),
# with `--max-file-size` raised above the 64 MiB default.
# Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
corpus=../shared/corpus
out=target/bench-collection
bin=target/release/redline
[ -d "$corpus/docs" ] || { echo "needs $corpus/docs" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
cargo build --release --quiet

measure() { # label, bytes, files, command...
  local label=$1 bytes=$2 files=$3; shift 3
  local t
  # GNU time's line is the last line of stderr (redline's own stderr comes before it).
  t=$(/usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1)
  local secs=${t% *} kb=${t#* }
  awk -v l="$label" -v s="$secs" -v b="$bytes" -v f="$files" -v k="$kb" 'BEGIN {
    mb = b / 1e6; printf "%-34s %8.2f s %9.1f MB/s %9.0f files/s  peak %6.1f MB  (%.1f MB, %d files)\n",
      l, s, (s > 0 ? mb / s : 0), (s > 0 ? f / s : 0), k * 1024 / 1e6, mb, f }'
}

echo "== building $N files in $out"
rm -rf "$out" && mkdir -p "$out"
mapfile -t docs < <(find "$corpus/docs" -type f \( -name '*.md' -o -name '*.txt' -o -name '*.html' \) | sort)
for ((i = 0; i < N; i++)); do
  src=${docs[i % ${#docs[@]}]}
  ext=${src##*.}
  sed -e "0,/privacy/s//privacy $i/" "$src" > "$out/p$i.$ext"
  printf '\nRevision %d of this copy.\n' "$i" >> "$out/p$i.$ext"
done
bytes=$(cat "$out"/* | wc -c)
cores=$(nproc)

echo "== redline check ($cores cores)"
measure "check, 1 thread" "$bytes" "$N" "$bin" check "$out" --today 2026-11-30 --threads 1 --format jsonl --fail-on never
measure "check, $cores threads" "$bytes" "$N" "$bin" check "$out" --today 2026-11-30 --threads "$cores" --format jsonl --fail-on never

echo "== pre-commit latency: one 50 KB policy, whole process, 50 runs"
one=tests/fixtures/corpus/mozilla-firefox-privacy-notice-en.md
one_phone=tests/fixtures/corpus/ota-hetzner-privacy.md
latency() { # file: mean, median and fastest of 50 runs (after 3 warm-up runs)
  local f=$1 times=()
  for _ in 1 2 3; do "$bin" check "$f" --today 2026-11-30 > /dev/null || true; done
  for _ in $(seq 50); do
    local s e
    # $EPOCHREALTIME is read by bash itself: no `date` process inside the measured time.
    s=${EPOCHREALTIME/[.,]/}; "$bin" check "$f" --today 2026-11-30 > /dev/null || true; e=${EPOCHREALTIME/[.,]/}
    times+=($(((e - s) * 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v f="$f" -v kb="$(($(stat -c %s "$f") / 1000))" '
    { t[NR] = $1; sum += $1 }
    END { printf "check %s (%d KB): mean %.1f ms, median %.1f ms, fastest %.1f ms\n",
      f, kb, sum / NR / 1e6, t[int((NR + 1) / 2)] / 1e6, t[1] / 1e6 }'
}
latency "$one"
latency "$one_phone"

echo "== redline diff: every consecutive pair of the corpus histories"
pairs=0; pbytes=0
start=$(date +%s%N)
for h in "$corpus"/history/*/; do
  prev=""
  for f in "$h"*; do
    if [ -n "$prev" ]; then
      "$bin" diff "$prev" "$f" --format json > /dev/null
      pairs=$((pairs + 1)); pbytes=$((pbytes + $(cat "$prev" "$f" | wc -c)))
    fi
    prev=$f
  done
done
end=$(date +%s%N)
awk -v ns=$((end - start)) -v p=$pairs -v b=$pbytes 'BEGIN {
  printf "diff, %d pairs: %.2f s, %.1f ms per pair, %.1f MB/s\n", p, ns / 1e9, ns / p / 1e6, b / 1e6 / (ns / 1e9) }'

echo "== one large text file (linear time, peak memory)"
big=target/bench-big.txt
: > "$big"
for size in ${BIG_SIZES:-25 50 100}; do
  while [ "$(stat -c %s "$big")" -lt $((size * 1000000)) ]; do cat policies/cgtonlinea-privacy.txt >> "$big"; done
  measure "check, ${size} MB text file" "$(stat -c %s "$big")" 1 "$bin" check "$big" --today 2026-11-30 --max-file-size 200000000 --fail-on never
done
rm -f "$big"

echo "== diff of two ~1 MB versions"
old=target/bench-old.md new=target/bench-new.md
: > "$old"; : > "$new"
while [ "$(stat -c %s "$old")" -lt 1000000 ]; do
  for h in "$corpus"/history/*/; do
    mapfile -t vs < <(find "$h" -name '*.md' | sort)
    for ((k = 1; k < ${#vs[@]}; k++)); do cat "${vs[k-1]}" >> "$old"; cat "${vs[k]}" >> "$new"; done
  done
done
measure "diff, 2 × ~1 MB" "$(cat "$old" "$new" | wc -c)" 2 "$bin" diff "$old" "$new" --format json
rm -f "$old" "$new"
