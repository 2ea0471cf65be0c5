#!/usr/bin/env bash
# Compares folio with less in a pseudo-terminal (100x30) on a generated ~4 MB plain text:
# time to first page, page-turn latency (median, p95), resize, peak memory, and the ratios. Builds the release binary and installs
# what it needs (less, GNU time, the pyte screen model). Extra arguments go to
# scripts/bench_pty.py (e.g. --runs 5 --turns 20 --size 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --bin folio
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
folio="$target_dir/release/folio"

need_apt=()
command -v less >/dev/null || need_apt+=(less)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -c 'import pyte' 2>/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet pyte

exec python3 scripts/bench_pty.py --folio "$folio" --less "$(command -v less)" "$@"
