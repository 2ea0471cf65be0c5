#!/usr/bin/env python3
"""Big inputs in a pseudo-terminal (80x24), release build: a ~100 MB plain text (time to first
page, peak memory at the first page and once every page is laid out) and a ~50 MB single line
(first page, page-turn latency, peak memory). Run through scripts/big-input.sh.

Budgets (issue 9): first page of 100 MB under 1 s, peak memory under 4x the file size; the
single line pages smoothly (page turns under 50 ms at the median).

Peak memory is the kernel's high-water mark of the folio process (VmHWM in /proc/PID/status),
read just before it quits.
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_pty  # noqa: E402  (Session, generate, the screen conditions)


def vm_hwm_mb(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def make_prose(path, size):
    """~`size` bytes: the benchmark's 4 MB article, repeated (each copy's title kept)."""
    unit = path + ".unit"
    bench_pty.generate(unit, 4 * 1024 * 1024)
    with open(unit, "rb") as f:
        chunk = f.read()
    os.unlink(unit)
    with open(path, "wb") as f:
        written = 0
        while written < size:
            f.write(chunk)
            written += len(chunk)
    return os.path.getsize(path)


def make_line(path, size):
    """~`size` bytes of words on one line, no line break at all."""
    words = bench_pty.WORDS
    piece = (" ".join(words) + " ").encode()
    with open(path, "wb") as f:
        f.write(bench_pty.FIRST_WORDS.encode() + b" ")
        written = 0
        while written < size:
            f.write(piece)
            written += len(piece)
    return os.path.getsize(path)


def first_page(folio, path, env):
    """Spawns folio on `path`; returns (session, seconds to the first page)."""
    s = bench_pty.Session([folio, path], bench_pty.fresh(env))
    t = s.wait_for(bench_pty.folio_first, "folio's first page", timeout=120)
    return s, t - s.start


def quit_session(s):
    s.send(b"q")
    s.finish(timeout=60)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folio", required=True)
    ap.add_argument("--dir", default="/tmp")
    ap.add_argument("--prose-mb", type=int, default=100)
    ap.add_argument("--line-mb", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--turns", type=int, default=30)
    args = ap.parse_args()
    env = bench_pty.child_env()
    folio = os.path.abspath(args.folio)
    failed = []

    prose = os.path.join(args.dir, f"folio-big-{args.prose_mb}mb.txt")
    size = make_prose(prose, args.prose_mb * 1024 * 1024)
    mb = size / (1024 * 1024)
    print(f"prose: {prose}, {mb:.1f} MB; machine: {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}")
    times, first_hwm = [], []
    for _ in range(args.runs):
        s, t = first_page(folio, prose, env)
        times.append(t)
        first_hwm.append(vm_hwm_mb(s.pid))
        quit_session(s)
    s, _ = first_page(folio, prose, env)
    start = time.perf_counter()
    s.wait_for(lambda rows: " 1 / …" not in rows[-1], "the page count", timeout=600)
    laid_out = time.perf_counter() - start
    s.send(b" ")
    s.wait_for(bench_pty.folio_page(2), "page 2")
    hwm = vm_hwm_mb(s.pid)
    quit_session(s)
    med = statistics.median(times)
    print(f"  first page: median {med * 1000:.0f} ms of {args.runs} "
          f"({', '.join(f'{t * 1000:.0f}' for t in times)} ms)")
    print(f"  peak memory at the first page: {max(first_hwm):.0f} MB "
          f"({max(first_hwm) / mb:.2f}x the file)")
    print(f"  every page laid out {laid_out:.1f} s after the first; peak memory then "
          f"{hwm:.0f} MB ({hwm / mb:.2f}x the file)")
    if med >= 1.0:
        failed.append(f"first page of {mb:.0f} MB took {med:.2f} s (budget 1 s)")
    if hwm >= 4 * mb:
        failed.append(f"peak memory {hwm:.0f} MB is over 4x {mb:.0f} MB")

    line = os.path.join(args.dir, f"folio-line-{args.line_mb}mb.txt")
    size = make_line(line, args.line_mb * 1024 * 1024)
    mb = size / (1024 * 1024)
    print(f"single line: {line}, {mb:.1f} MB, no line break")
    s, t = first_page(folio, line, env)
    turns = []
    for i in range(args.turns):
        t0 = time.perf_counter()
        s.send(b" ")
        t1 = s.wait_for(bench_pty.folio_page(i + 2), f"page {i + 2}")
        turns.append((t1 - t0) * 1000)
    hwm = vm_hwm_mb(s.pid)
    quit_session(s)
    turns.sort()
    p90 = turns[int(0.9 * (len(turns) - 1))]
    tmed = statistics.median(turns)
    print(f"  first page {t * 1000:.0f} ms; {args.turns} page turns: median {tmed:.1f} ms, "
          f"p90 {p90:.1f} ms, max {turns[-1]:.1f} ms; peak memory {hwm:.0f} MB "
          f"({hwm / mb:.2f}x the file)")
    if tmed >= 50:
        failed.append(f"single-line page turns: median {tmed:.0f} ms (budget 50 ms)")
    if hwm >= 4 * mb:
        failed.append(f"single line: peak memory {hwm:.0f} MB is over 4x {mb:.0f} MB")

    for f in (prose, line):
        os.unlink(f)
    if failed:
        print("big input: FAIL: " + "; ".join(failed))
        sys.exit(1)
    print("big input: PASS")


if __name__ == "__main__":
    main()
