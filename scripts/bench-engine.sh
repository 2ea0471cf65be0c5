#!/usr/bin/env bash
# Engine benchmarks (benches/engine.rs, divan) with a short summary of medians and means, then
# the peak memory of the release binary printing each generated 4 MB input (needs GNU time at
# /usr/bin/time; skipped without it). DESIGN.md "Speed" has the targets.
#
# Usage: scripts/bench-engine.sh [divan arguments, e.g. a filter: page_turn]
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The bench writes its generated inputs (prose.txt, wrapped.txt, one_line.txt) there.
FOLIO_BENCH_INPUTS="$work" cargo bench --bench engine -- "$@" | tee "$work/bench.txt"

echo
echo "Summary (median / mean per iteration; a shared machine is noisy, rerun before comparing):"
awk '
    /^(├|╰)─ / { group = $2; next }
    /^(│  |   )(├|╰)─ / {
        line = $0
        sub(/^(│  |   )(├|╰)─ /, "", line)
        name = line
        sub(/ .*/, "", name)
        split(line, f, "│")
        gsub(/^ +| +$/, "", f[3])
        gsub(/^ +| +$/, "", f[4])
        printf "  %-20s %-9s %12s  / %s\n", group, name, f[3], f[4]
    }
' "$work/bench.txt"

if [[ -x /usr/bin/time ]]; then
    cargo build --release --quiet --bin folio
    echo
    echo "Peak memory of 'folio --width 72 FILE > /dev/null' (target: under 4x file size + 30 MB):"
    for input in prose wrapped one_line; do
        file="$work/$input.txt"
        [[ -f $file ]] || continue
        size_kb=$(($(wc -c <"$file") / 1024))
        FOLIO_CONFIG_DIR="$work/config" /usr/bin/time -v target/release/folio --width 72 "$file" \
            2>"$work/time.txt" >/dev/null
        rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
        wall=$(awk -F'): ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time.txt")
        awk -v n="$input" -v s="$size_kb" -v r="$rss_kb" -v w="$wall" 'BEGIN {
            budget = 4 * s + 30 * 1024
            printf "  %-9s %6d KB file  peak RSS %6d KB  budget %6d KB  %s  wall %s\n",
                n, s, r, budget, (r <= budget ? "ok" : "OVER"), w
        }'
    done
else
    echo
    echo "No /usr/bin/time: peak memory not measured (apt-get install time)."
fi
