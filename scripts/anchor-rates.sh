#!/usr/bin/env bash
# Re-anchoring rates per kind of edit over many generated articles (tests/anchoring.rs), and the
# timing of 500 anchors in a 4 MB text. Release build.
#
# Usage: scripts/anchor-rates.sh [CASES_PER_KIND (default 1000)] [SEED...]
set -euo pipefail
cd "$(dirname "$0")/.."

cases=${1:-1000}
shift || true
seeds=("$@")
[ ${#seeds[@]} -eq 0 ] && seeds=(1 2 3)

for seed in "${seeds[@]}"; do
    echo "== seed $seed, $cases cases per kind"
    FOLIO_ANCHOR_CASES=$cases FOLIO_ANCHOR_SEED=$seed \
        cargo test --release --quiet --test anchoring edited_articles -- --nocapture 2>&1 |
        grep -E '%|panicked|wrong:' || true
done
echo "== timing"
cargo test --release --quiet --test anchoring resolving_500 -- --ignored --nocapture 2>&1 |
    grep -vE '^(running|test |$)' || true
