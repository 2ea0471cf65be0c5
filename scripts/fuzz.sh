#!/bin/sh
# Runs folio's fuzz targets (fuzz/, cargo-fuzz + libFuzzer) one after the other, each for a set
# time, and prints the executions and crashes of each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]    defaults: 600 s each; every target
#   JOBS=2 scripts/fuzz.sh 60 html           libFuzzer workers per target (default 1)
#
# Targets: decode plain markdown html epub store export (what each checks: fuzz/checks.rs).
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain here is stable, so the build
# uses RUSTC_BOOTSTRAP=1 for the nightly-only flags libFuzzer's instrumentation needs. Built
# in release with debug assertions (overflow checks on) and without AddressSanitizer: folio
# forbids unsafe code, and without ASan a target runs several times more inputs per second.
#
# The corpus grows in fuzz/corpus/<target>/ (seeded from assets/ and tests/fixtures/ on the
# first run). A crash leaves its input in fuzz/artifacts/<target>/: minimise it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -O -a -s none <target> <file>
# fix the bug, and copy the input to tests/fixtures/fuzz-regressions/<target>/, where
# tests/hardening_input.rs runs it through the same check in `cargo test`.
# Exits non-zero when any target crashed.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-decode plain markdown html epub store export}
jobs=${JOBS:-1}
export RUSTC_BOOTSTRAP=1
flags="-O -a -s none"

command -v cargo-fuzz >/dev/null || {
    echo "fuzz: cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
    exit 2
}
(cd fuzz && cargo fuzz build $flags) >/dev/null 2>&1 || (cd fuzz && cargo fuzz build $flags)
bin=$PWD/fuzz/target/x86_64-unknown-linux-gnu/release

seed() { # target, files...
    dir=fuzz/corpus/$1
    shift
    mkdir -p "$dir"
    [ -n "$(ls -A "$dir")" ] && return 0
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/$(basename "$f")"
    done
    return 0
}
seed decode assets/* tests/fixtures/decode/*
seed plain assets/*.txt tests/fixtures/decode/*.txt
seed markdown assets/*.md
seed html tests/fixtures/html/*
seed epub
seed store
seed export
if [ -z "$(ls -A fuzz/corpus/epub)" ]; then
    python3 - fuzz/corpus/epub <<'EOF'
import sys, zipfile
opf = """<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"
 unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="id">x</dc:identifier><dc:title>A Book</dc:title><dc:language>en</dc:language>
<dc:creator>An Author</dc:creator></metadata><manifest>
<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
</manifest><spine><itemref idref="c1"/></spine></package>"""
container = """<?xml version="1.0"?><container version="1.0"
 xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""
c1 = """<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title>
</head><body><h1>Chapter one</h1><p>It was a <em>dark</em> night &amp; <b>stormy</b>.</p>
<blockquote><p>A quote.</p></blockquote><ul><li>one</li><li>two</li></ul></body></html>"""
nav = """<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"
 xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>
<li><a href="c1.xhtml">Chapter one</a></li></ol></nav></body></html>"""
for name, method in (("stored.epub", zipfile.ZIP_STORED), ("deflated.epub", zipfile.ZIP_DEFLATED)):
    with zipfile.ZipFile(sys.argv[1] + "/" + name, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", container, compress_type=method)
        z.writestr("OEBPS/content.opf", opf, compress_type=method)
        z.writestr("OEBPS/c1.xhtml", c1, compress_type=method)
        z.writestr("OEBPS/nav.xhtml", nav, compress_type=method)
EOF
fi
if [ -z "$(ls -A fuzz/corpus/store)" ]; then
    cat >fuzz/corpus/store/record.json <<'EOF'
{
  "version": 1,
  "fingerprint": "sha256-v1:0123456789abcdef0123456789abcdef",
  "paths": ["/home/r/a \"quoted\" article.md"],
  "title": "Ünïcödé 世界",
  "position": {"anchor": {"start": 10, "end": 10, "exact": "x"}, "updated": "2024-01-01T00:00:00Z"},
  "words": 1200,
  "last_opened": "2024-01-02T00:00:00Z",
  "bookmarks": [{"id": "b1", "label": "here", "anchor": {"start": 3, "end": 3, "exact": ""}, "created": "2024-01-01T00:00:00Z"}],
  "highlights": [{"id": "h1", "anchor": {"start": 1, "end": 5, "exact": "text", "prefix": "a ", "suffix": " b"}, "note": "a note\n\tquoted", "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z"}],
  "deleted": ["h0"]
}
EOF
    printf '\001%s%s' "$(cat fuzz/corpus/store/record.json)" "$(cat fuzz/corpus/store/record.json)" \
        >fuzz/corpus/store/with-backup.json
fi
if [ -z "$(ls -A fuzz/corpus/export)" ]; then
    printf '\003\040It was a dark night. "A quote," she said.\n\n# Heading\n\nMore text here.' \
        >fuzz/corpus/export/seed
fi

status=0
for t in $targets; do
    case $t in
        epub | html | markdown | plain) max_len=65536 ;;
        *) max_len=8192 ;;
    esac
    log=fuzz/fuzz-$t.log
    before=$(ls fuzz/artifacts/"$t" 2>/dev/null | wc -l)
    start=$(date +%s)
    parallel=
    [ "$jobs" -gt 1 ] && parallel="-jobs=$jobs -workers=$jobs"
    mkdir -p fuzz/artifacts/"$t"
    # The binary built above, run directly: `cargo fuzz run` would rebuild whenever the tree
    # changed since (and fuzz a different program halfway through a long run).
    (cd fuzz && "$bin/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$secs" \
        -timeout=10 -max_len=$max_len $parallel -print_final_stats=1 "corpus/$t") >"$log" 2>&1 ||
        true
    # With -jobs, libFuzzer writes each worker's output to fuzz-<n>.log in fuzz/.
    if [ "$jobs" -gt 1 ]; then
        cat fuzz/fuzz-[0-9]*.log >>"$log" 2>/dev/null || true
        rm -f fuzz/fuzz-[0-9]*.log
    fi
    execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
    peak=$(grep -h 'stat::peak_rss_mb' "$log" | awk '{if ($2 > m) m = $2} END {print m + 0}')
    after=$(ls fuzz/artifacts/"$t" 2>/dev/null | wc -l)
    crashes=$((after - before))
    corpus=$(ls fuzz/corpus/"$t" | wc -l)
    echo "fuzz $t: $(( $(date +%s) - start )) s, $execs executions, $crashes crashes," \
        "corpus $corpus inputs, peak RSS ${peak} MB (log $log)"
    if [ "$crashes" -gt 0 ]; then
        status=1
        grep -h -m 3 -E 'panicked|ERROR|SUMMARY' "$log" || true
    fi
done
exit $status
