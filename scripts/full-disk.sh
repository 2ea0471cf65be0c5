#!/bin/sh
# A real full disk: mounts a 1 MB tmpfs (needs root; `cargo test` uses an injected write error
# instead), fills it, and checks that a save fails cleanly: the old record byte-identical, no
# temporary file left, the error in words, the next save fine once there is room
# (tests/hardening_store.rs, a_real_full_disk_keeps_the_old_record).
#
#   scripts/full-disk.sh
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
    echo "full disk: needs root to mount a tmpfs (cargo test covers an injected write error)" >&2
    exit 2
fi
dir=$(mktemp -d)
cleanup() { umount "$dir" 2>/dev/null || true; rmdir "$dir"; }
trap cleanup EXIT
mount -t tmpfs -o size=1m tmpfs "$dir"
FOLIO_FULL_DISK_DIR="$dir" cargo test --test hardening_store -- --exact \
    a_real_full_disk_keeps_the_old_record --ignored --nocapture 2>&1 |
    grep -E '^full disk|panicked|test result' 
