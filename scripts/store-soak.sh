#!/bin/sh
# Kills a saving folio store with SIGKILL at random moments, many times, and checks that every
# acknowledged highlight survives and the record always parses (tests/store_crash.rs).
#
#   scripts/store-soak.sh [RUNS] [SEED]      defaults: 1000 runs, a time-based seed
#   PROFILE=release scripts/store-soak.sh    the release build (fewer ms per run)
#
# Prints one summary line; exits non-zero on the first lost or damaged record (the failure
# message names the run and the seed to reproduce it).
set -eu
cd "$(dirname "$0")/.."
runs=${1:-1000}
seed=${2:-}
profile=${PROFILE:-dev}
export FOLIO_CRASH_RUNS="$runs"
if [ -n "$seed" ]; then export FOLIO_CRASH_SEED="$seed"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
if cargo test --profile "$profile" --test store_crash -- --exact \
    a_killed_save_never_loses_an_acknowledged_highlight --nocapture >"$log" 2>&1; then
    grep '^store crash:' "$log"
    echo "store soak: PASS ($runs runs, $(( $(date +%s) - start )) s wall, profile $profile)"
else
    grep -E 'panicked|lost|does not parse|store crash' "$log" || tail -n 40 "$log"
    echo "store soak: FAIL ($runs runs requested, profile $profile)"
    exit 1
fi
