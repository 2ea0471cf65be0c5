#!/bin/sh
# Signals and hang-ups, many times each (tests/hardening_terminal.rs): folio on a hostile
# article makes a bookmark, then at once gets SIGTERM, SIGHUP or SIGINT (from an interactive
# shell, whose `stty -g` is compared before and after), or loses its terminal (the pty master
# closed: as the session leader, which the kernel sends SIGHUP, and under a shell that survives
# the hang-up, so folio sees only a dead terminal, right after the change and while idle).
# Each must exit within a second with the bookmark saved and the terminal modes restored; a
# folio still running after a hang-up must not spin (a watchdog ends folio when its terminal
# is gone: crossterm#793 would otherwise re-read the dead terminal forever).
#
#   scripts/signals-soak.sh [RUNS]            default 20 runs of each
#   PROFILE=release scripts/signals-soak.sh   the release build
#
# Prints one figure line per kind (for docs/reliability.md) and exits non-zero on any failure.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-20}
profile=${PROFILE:-dev}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
# One test at a time: the exit times are measured, and a busy machine would blur them.
if FOLIO_SOAK="$runs" cargo test --profile "$profile" --test hardening_terminal -- \
    --test-threads=1 --nocapture --include-ignored \
    sigterm_right_after_a_change sighup_right_after_a_change sigint_right_after_a_change \
    closed_terminal_right_after_a_change closed_terminal_without_sighup_right_after_a_change \
    closed_terminal_without_sighup_while_idle \
    >"$log" 2>&1; then
    grep -oE '(SIG[A-Z]+:|hang-up) .*' "$log"
    echo "signals soak: PASS ($runs runs of each, $(( $(date +%s) - start )) s wall, profile $profile)"
else
    grep -oE '(SIG[A-Z]+:|hang-up) .*|panicked.*|assertion.*' "$log" || tail -n 40 "$log"
    echo "signals soak: FAIL ($runs runs of each requested, profile $profile)"
    exit 1
fi
