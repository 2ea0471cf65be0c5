#!/bin/sh
# Pathological nesting at full size, release build: Markdown (100,000 nested '>', '[', '*', list
# markers, inline tags) and HTML (100,000 nested elements), each parsed on a 2 MB stack (the
# background parse thread's), the parse time of 100,000 compared with 50,000 (at most 2.5x).
# `cargo test` runs the same tests without FOLIO_NESTING_RATIO: 100,000 deep, no times compared
# (tests/hardening_input.rs); `cargo bench --bench engine -- nesting` times every case.
#
#   scripts/nesting.sh [DEPTH]     default 100000
set -eu
cd "$(dirname "$0")/.."
depth=${1:-100000}
FOLIO_NESTING_RATIO=$depth FOLIO_NESTING_DEEP=$depth FOLIO_NESTING_SLOW=1 \
    cargo test --release --test hardening_input -- pathological --nocapture --test-threads 1 2>&1 |
    grep -E 'pathological (Markdown|HTML)|panicked|test result' |
    sed -e 's/^test [a-z_]* \.\.\. //' -e 's/ok$//'
