#!/usr/bin/env python3
"""Measures folio against less in a pseudo-terminal: time to first page, page-turn latency,
resize and peak memory on a large plain-text file, side by side with the ratios. Run through scripts/bench-pty.sh, which builds folio and
installs what this needs (less, GNU time, pyte).

Every measurement waits on the parsed screen (pyte), checked after each chunk of output, so a
time is "until the page is on screen", not "until some bytes arrived".
"""

import argparse
import os
import random
import select
import signal
import statistics
import struct
import sys
import tempfile
import time
import fcntl
import termios

import pyte

COLS, ROWS = 100, 30
TIMEOUT = 60.0

# A few hundred common English words; sentences and paragraphs are drawn from them with a fixed
# seed, so the file is the same on every run and machine.
WORDS = """
the of and to in is was that for it with as his on be at by had this not are but from or have an
they which one you were her all she there would their we him been has when who will more no if
out so said what up its about into than them can only other new some could time these two may
then do first any my now such like our over man me even most made after also did many before
must through back years where much your way well down should because each just those people how
too little state good very make world still own see men work long get here between both life
being under never day same another know while last might us great old year off come since
against go came right used take three small large house water river town harbour morning evening
winter summer letter garden window light night road field city country story reason question
answer number family friend mother father child school paper market clock bridge island boat
ship weather wind rain snow stone wall door table chair book page word line voice music kitchen
bread coffee machine engine station train ticket journey village valley mountain forest meadow
""".split()

FIRST_WORDS = "Lanterns flickered"


def generate(path, size):
    """Writes about `size` bytes of English-like text: a title, then paragraphs (one per line)
    separated by blank lines. Deterministic."""
    rng = random.Random(20240607)
    parts = ["A Benchmark Article for Folio\n\n"]
    total = len(parts[0])
    first = True
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
            if rng.random() < 0.3:
                words[rng.randrange(2, len(words) - 1)] += ","
            sentences.append(" ".join(words).capitalize() + ".")
        para = " ".join(sentences)
        if first:
            para = FIRST_WORDS + " " + para
            first = False
        para += "\n\n"
        parts.append(para)
        total += len(para)
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(parts))
    return os.path.getsize(path)


class Session:
    """A program in a pseudo-terminal with a pyte screen fed from its output."""

    def __init__(self, argv, env):
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.close(master)
                os.login_tty(slave)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        os.close(slave)
        self.pid = pid
        self.fd = master
        self.eof = False
        self.status = None
        # When the last chunk of output was read: a wait ends at the chunk that completed the
        # screen, so the time does not include this script's own parsing of it.
        self.last_read = self.start

    def rows(self):
        return self.screen.display

    def resize(self, cols, rows):
        """Gives the terminal a new size (the kernel signals the program) and forgets what the
        screen model shows, so a wait sees only what the program draws after the resize."""
        self.screen.resize(rows, cols)
        self.screen.erase_in_display(2)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def pump(self, timeout):
        """Reads what is there (waiting up to `timeout` for something); False at end of file."""
        if self.eof:
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the program closed the terminal
            data = b""
        self.last_read = time.perf_counter()
        if not data:
            self.eof = True
            return False
        self.stream.feed(data)
        return True

    def wait_for(self, cond, what, timeout=TIMEOUT):
        """Waits until cond(rows) holds; returns when the output that made it hold was read
        (perf_counter), or now if it held already."""
        deadline = time.perf_counter() + timeout
        if cond(self.rows()):
            return time.perf_counter()
        while True:
            if time.perf_counter() > deadline or not self.pump(0.5):
                if cond(self.rows()):
                    return self.last_read
                sys.exit(
                    f"bench: timed out waiting for {what}; screen:\n" + "\n".join(self.rows())
                )
            if cond(self.rows()):
                return self.last_read

    def send(self, data):
        os.write(self.fd, data)

    def finish(self, timeout=10.0):
        """Waits for exit, draining output; kills after `timeout`."""
        deadline = time.perf_counter() + timeout
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                break
            if time.perf_counter() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                _, self.status = os.waitpid(self.pid, 0)
                break
            self.pump(0.02)
        while self.pump(0.05):
            pass
        os.close(self.fd)
        return self.status


def child_env():
    env = dict(os.environ)
    env["TERM"] = "xterm-256color"
    env["LESSHISTFILE"] = "-"
    env.pop("LESS", None)
    env.pop("NO_COLOR", None)
    return env


def fresh(env):
    """A copy of env with a new, empty folio config folder: every run starts like the first
    (a saved position would reopen folio mid-book and skew the next measurement)."""
    env = dict(env)
    env["FOLIO_CONFIG_DIR"] = tempfile.mkdtemp(prefix="folio-bench-config-")
    return env


# What "the page is on screen" means for each program.


def folio_page(n):
    """Page n's number in the status line (drawn after the text)."""

    def cond(rows):
        return f" {n} / " in rows[-1]

    return cond


def folio_first(rows):
    return any(FIRST_WORDS in r for r in rows) and folio_page(1)(rows)


def less_first(rows):
    # The first screen starts with the title and ends with the file name as the prompt.
    return rows[0].startswith("A Benchmark Article") and rows[-1].strip() != ""


def less_turned(previous):
    """The text above the prompt differs from `previous` and the prompt is back (less erases it
    first and draws it last). The whole text area is compared: a page may start with a blank
    line, like the one before."""

    def cond(rows):
        return rows[:-1] != previous and rows[-1].rstrip() == ":"

    return cond


def first_page_times(prog, argv, env, runs):
    cond = folio_first if prog == "folio" else less_first
    times = []
    for _ in range(runs):
        s = Session(argv, fresh(env))
        t = s.wait_for(cond, f"{prog}'s first page")
        times.append((t - s.start) * 1000)
        s.send(b"q")
        s.finish()
    return times


def turn_times(prog, argv, env, turns):
    s = Session(argv, fresh(env))
    s.wait_for(folio_first if prog == "folio" else less_first, f"{prog}'s first page")
    times = []
    for i in range(turns):
        shown = s.rows()[:-1]
        cond = folio_page(i + 2) if prog == "folio" else less_turned(shown)
        t0 = time.perf_counter()
        s.send(b" ")
        t1 = s.wait_for(cond, f"{prog}'s page {i + 2}")
        times.append((t1 - t0) * 1000)
    s.send(b"q")
    s.finish()
    return times


def peak_rss_mb(prog, argv, env, to_end=False):
    """Peak RSS (MB) from GNU time around the program: first page, (folio: wait until every page
    is laid out), one page turn, quit. With to_end, less also goes to the end (G) first."""
    with tempfile.NamedTemporaryFile(prefix="bench-rss-", delete=False) as f:
        out = f.name
    s = Session(["/usr/bin/time", "-f", "%M", "-o", out] + argv, fresh(env))
    if prog == "folio":
        s.wait_for(folio_first, "folio's first page")
        # The page count replaces "…" once the whole file is laid out.
        done = s.wait_for(
            lambda rows: " 1 / …" not in rows[-1], "folio's page count", timeout=120
        )
        status = s.rows()[-1].split()
        pages = status[status.index("/") + 1] if "/" in status else "?"
        print(f"  (folio laid out all {pages} pages {(done - s.start) * 1000:.0f} ms after spawn)")
        s.send(b" ")
        s.wait_for(folio_page(2), "folio's page 2")
    else:
        s.wait_for(less_first, "less's first page")
        if to_end:
            s.send(b"G")
            s.wait_for(lambda rows: "(END)" in rows[-1], "less at the end", timeout=120)
            s.send(b"g")
            s.wait_for(less_first, "less back at the start")
        shown = s.rows()[:-1]
        s.send(b" ")
        s.wait_for(less_turned(shown), "less's second page")
    s.send(b"q")
    s.finish()
    with open(out, encoding="utf-8") as f:
        kb = int(f.read().split()[-1])
    os.unlink(out)
    return kb / 1024


def resize_times(prog, argv, env, runs):
    """Time from a window-size change to the whole page drawn again at the new size, the size
    going back and forth between the harness's and a smaller one."""
    s = Session(argv, fresh(env))
    s.wait_for(folio_first if prog == "folio" else less_first, f"{prog}'s first page")
    times = []
    for i in range(runs):
        cols, rows = (COLS - 10, ROWS - 4) if i % 2 == 0 else (COLS, ROWS)

        def redrawn(shown, rows=rows):
            text = any(r.strip() for r in shown[:-1])
            if prog == "folio":
                return text and " / " in shown[rows - 1]
            return text and shown[rows - 1].rstrip() == ":"

        t0 = time.perf_counter()
        s.resize(cols, rows)
        t1 = s.wait_for(redrawn, f"{prog} redrawn at {cols}x{rows}")
        times.append((t1 - t0) * 1000)
    s.send(b"q")
    s.finish()
    return times


def summary(times):
    """Median and 95th percentile (nearest rank)."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, -(-95 * len(ordered) // 100) - 1))]
    return statistics.median(times), p95


def row(what, f, l, unit="ms", digits=2):
    print(f"  {what:32} {f:9.{digits}f} {unit:3} {l:9.{digits}f} {unit:3} {f / l:6.1f}x")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folio", required=True, help="path to the folio binary")
    ap.add_argument("--less", default="/usr/bin/less")
    ap.add_argument("--file", default="/tmp/folio-bench-4mb.txt")
    ap.add_argument("--size", type=int, default=4 * 1024 * 1024)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--turns", type=int, default=50)
    ap.add_argument("--resizes", type=int, default=20)
    args = ap.parse_args()

    size = generate(args.file, args.size)
    env = child_env()
    folio = [os.path.abspath(args.folio), args.file]
    less = [args.less, args.file]
    print(f"file: {args.file}, {size} bytes ({size / 1e6:.2f} MB), terminal {COLS}x{ROWS}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    print("times in ms until the page is on the emulated screen; medians of all runs")

    # First page, the two programs alternating so that noise falls on both.
    f_times, l_times = [], []
    for _ in range(args.runs):
        f_times += first_page_times("folio", folio, env, 1)
        l_times += first_page_times("less", less, env, 1)
    f_first, l_first = summary(f_times), summary(l_times)

    f_turn = summary(turn_times("folio", folio, env, args.turns))
    l_turn = summary(turn_times("less", less, env, args.turns))
    f_resize = summary(resize_times("folio", folio, env, args.resizes))
    l_resize = summary(resize_times("less", less, env, args.resizes))

    f_rss = peak_rss_mb("folio", folio, env)
    l_rss = peak_rss_mb("less", less, env)
    l_rss_end = peak_rss_mb("less", less, env, to_end=True)

    print(f"\n  {'':32} {'folio':>13} {'less':>13} {'ratio':>7}")
    row(f"first page, median ({args.runs} runs)", f_first[0], l_first[0], digits=1)
    row("first page, p95", f_first[1], l_first[1], digits=1)
    row(f"page turn, median ({args.turns} turns)", f_turn[0], l_turn[0])
    row("page turn, p95", f_turn[1], l_turn[1])
    row(f"resize, median ({args.resizes} resizes)", f_resize[0], l_resize[0])
    row("resize, p95", f_resize[1], l_resize[1])
    row("peak memory (less: 1 page)", f_rss, l_rss, unit="MiB", digits=1)
    row("peak memory (less: G and back)", f_rss, l_rss_end, unit="MiB", digits=1)
    mib = size / (1024 * 1024)
    budget = 1.5 * mib + 12
    verdict = "within" if f_rss <= budget else "NOT within"
    print(f"  folio's peak is {verdict} 1.5x file size + 12 MiB ({f_rss:.1f} vs {budget:.1f} MiB)")

if __name__ == "__main__":
    main()
