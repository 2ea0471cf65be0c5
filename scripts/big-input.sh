#!/usr/bin/env bash
# Big inputs in a pseudo-terminal, release build: a ~100 MB plain text (time to first page under
# 1 s, peak memory under 4x the file) and a ~50 MB single line (page turns). Prints the figures
# and PASS or FAIL. Installs what it needs (GNU time is not needed; pyte for the screen).
#
#   scripts/big-input.sh [--prose-mb 100] [--line-mb 50] [--runs 3] [--turns 30] [--dir /tmp]
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --bin folio
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
python3 -c 'import pyte' 2>/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet pyte

exec python3 scripts/big_input.py --folio "$target_dir/release/folio" "$@"
