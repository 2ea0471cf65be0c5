//! A pseudo-terminal harness: runs a program (usually the real `folio` binary) in a pty of a
//! given size and keeps a parsed model of its screen (vt100), so tests read what a person would
//! see.
//!
//! Synchronisation is by condition only: [`Term::wait_for`] checks a predicate on the parsed
//! screen each time output arrives, and returns as soon as it holds (or fails with the screen
//! printed after [`TIMEOUT`]); nothing sleeps a fixed time and hopes.

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long any wait may take before the test fails. Generous: CI is a busy 2-core machine, and
/// a passing wait returns as soon as its condition holds.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How often [`Term::wait_exit`] asks whether the program has ended.
const POLL: Duration = Duration::from_millis(5);

/// A program asking the terminal where the cursor is (DSR 6); answered with `ESC [ row ; col R`.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// How often `needle` occurs in `haystack`.
fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// What the reader thread shares with the test.
struct Shared {
    parser: vt100::Parser,
    /// Every byte the program wrote, for checks on escape sequences.
    raw: Vec<u8>,
    /// The pty reported end of file: the program and everything it started closed the terminal.
    eof: bool,
}

/// The shared state and a signal that it changed (more output, or end of file).
struct Link {
    state: Mutex<Shared>,
    changed: Condvar,
}

impl Link {
    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A panic on the reader thread poisons nothing we cannot still read.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `cond` holds for the screen: `Ok(screen)`, or `Err(true)` at end of file,
    /// `Err(false)` when `timeout` passes.
    fn wait(
        &self,
        timeout: Duration,
        cond: impl Fn(&vt100::Screen) -> bool,
    ) -> Result<vt100::Screen, bool> {
        let deadline = Instant::now() + timeout;
        let mut s = self.lock();
        loop {
            if cond(s.parser.screen()) {
                return Ok(s.parser.screen().clone());
            }
            if s.eof {
                return Err(true);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(false);
            }
            s = self
                .changed
                .wait_timeout(s, left)
                .map_or_else(|e| e.into_inner().0, |(g, _)| g);
        }
    }
}

impl Link {
    /// Waits until `cond` holds for every byte written so far; false when `timeout` passes or
    /// the program ended first.
    fn wait_raw(&self, timeout: Duration, cond: impl Fn(&[u8]) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut s = self.lock();
        loop {
            if cond(&s.raw) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if s.eof || left.is_zero() {
                return false;
            }
            s = self
                .changed
                .wait_timeout(s, left)
                .map_or_else(|e| e.into_inner().0, |(g, _)| g);
        }
    }
}

/// A program running in a pseudo-terminal.
pub struct Term {
    link: Arc<Link>,
    master: Box<dyn MasterPty + Send>,
    /// The keyboard; shared with the reader thread, which answers cursor position queries.
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    status: Option<ExitStatus>,
    /// Kept alive for the program's lifetime (its config folder).
    _dirs: Vec<tempfile::TempDir>,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

/// The path of the `folio` binary Cargo built for these tests.
pub fn folio_bin() -> &'static str {
    env!("CARGO_BIN_EXE_folio")
}

/// A sample article in `assets/`, as an absolute path.
pub fn asset(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

/// A pty of `cols` x `rows` with `cmd` started in it: the master side, and the child.
#[track_caller]
pub fn open(
    cmd: CommandBuilder,
    cols: u16,
    rows: u16,
) -> (Box<dyn MasterPty + Send>, Box<dyn Child + Send + Sync>) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap_or_else(|e| panic!("openpty: {e}"));
    let child = pair
        .slave
        .spawn_command(cmd)
        .unwrap_or_else(|e| panic!("spawn in pty: {e}"));
    // Our copy of the slave must go, or reads on the master never see end of file.
    drop(pair.slave);
    (pair.master, child)
}

impl Term {
    /// Runs `folio ARGS` at `cols` x `rows`, with its own empty config folder and
    /// `TERM=xterm-256color`.
    #[track_caller]
    pub fn folio<S: AsRef<OsStr>>(args: &[S], cols: u16, rows: u16) -> Term {
        Term::folio_env(args, &[], cols, rows)
    }

    /// [`Term::folio`] with extra environment variables.
    #[track_caller]
    pub fn folio_env<S: AsRef<OsStr>>(
        args: &[S],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Term {
        let config = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let mut cmd = CommandBuilder::new(folio_bin());
        for a in args {
            cmd.arg(a);
        }
        cmd.env("FOLIO_CONFIG_DIR", config.path());
        cmd.env_remove("NO_COLOR");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let mut term = Term::spawn(cmd, cols, rows);
        term.keep(config);
        term
    }

    /// Runs any command at `cols` x `rows` with `TERM=xterm-256color`, in the crate's folder
    /// unless the command says otherwise.
    #[track_caller]
    pub fn spawn(mut cmd: CommandBuilder, cols: u16, rows: u16) -> Term {
        cmd.env("TERM", "xterm-256color");
        if cmd.get_cwd().is_none() {
            cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        }
        let (master, child) = open(cmd, cols, rows);
        let mut reader = master
            .try_clone_reader()
            .unwrap_or_else(|e| panic!("pty reader: {e}"));
        let writer = Arc::new(Mutex::new(
            master
                .take_writer()
                .unwrap_or_else(|e| panic!("pty writer: {e}")),
        ));
        let answer = Arc::clone(&writer);
        let link = Arc::new(Link {
            state: Mutex::new(Shared {
                parser: vt100::Parser::new(nz(rows), nz(cols), 0),
                raw: Vec::new(),
                eof: false,
            }),
            changed: Condvar::new(),
        });
        let feed = Arc::clone(&link);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            // The end of the previous chunk, so a query split across two reads is still seen.
            let mut tail: Vec<u8> = Vec::new();
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let chunk = &buf[..n];
                        let mut s = feed.lock();
                        s.parser.process(chunk);
                        s.raw.extend_from_slice(chunk);
                        // Like a real terminal, answer "where is the cursor?" (DSR 6). The
                        // position after the whole chunk: programs wait for the answer before
                        // they write more.
                        tail.extend_from_slice(chunk);
                        let queries = count(&tail, CURSOR_QUERY);
                        if queries > 0 {
                            let (row, col) = s.parser.screen().cursor_position();
                            let reply = format!("\x1b[{};{}R", row + 1, col + 1);
                            let mut w = answer.lock().unwrap_or_else(PoisonError::into_inner);
                            for _ in 0..queries {
                                let _ = w.write_all(reply.as_bytes()).and_then(|()| w.flush());
                            }
                            tail.clear();
                        }
                        let keep = tail.len().saturating_sub(CURSOR_QUERY.len() - 1);
                        tail.drain(..keep);
                        feed.changed.notify_all();
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    // EIO: the last holder of the slave closed it.
                    Err(_) => break,
                }
            }
            feed.lock().eof = true;
            feed.changed.notify_all();
        });
        Term {
            link,
            master,
            writer,
            child,
            status: None,
            _dirs: Vec::new(),
        }
    }

    /// Keeps `dir` until the program has ended (a config folder, a shell's history file).
    pub fn keep(&mut self, dir: tempfile::TempDir) {
        self._dirs.push(dir);
    }

    /// The process id of the program.
    pub fn pid(&self) -> u32 {
        self.child
            .process_id()
            .unwrap_or_else(|| panic!("the child has no process id"))
    }

    /// A copy of the screen as parsed so far.
    pub fn screen(&self) -> vt100::Screen {
        self.link.lock().parser.screen().clone()
    }

    /// Every byte the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.link.lock().raw.clone()
    }

    /// Waits until `cond` holds for the parsed screen and returns that screen; fails the test with
    /// the screen's contents if it does not within [`TIMEOUT`], or if the program has ended and
    /// closed the terminal without it holding.
    #[track_caller]
    pub fn wait_for(&mut self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) -> vt100::Screen {
        self.wait_for_within(TIMEOUT, what, cond)
    }

    /// [`Term::wait_for`] with its own time limit.
    #[track_caller]
    pub fn wait_for_within(
        &mut self,
        timeout: Duration,
        what: &str,
        cond: impl Fn(&vt100::Screen) -> bool,
    ) -> vt100::Screen {
        match self.link.wait(timeout, cond) {
            Ok(screen) => screen,
            Err(eof) => {
                let why = if eof {
                    format!("the program ended ({:?})", self.try_status())
                } else {
                    format!("{timeout:?} passed")
                };
                panic!(
                    "waiting for {what}: {why}; the screen shows:\n{}",
                    self.dump()
                );
            }
        }
    }

    /// Waits up to `timeout` for `cond`; `None` if it does not hold by then or the program ended
    /// without it. For the rare case where not seeing something is not yet a failure.
    pub fn try_wait_for(
        &mut self,
        timeout: Duration,
        cond: impl Fn(&vt100::Screen) -> bool,
    ) -> Option<vt100::Screen> {
        self.link.wait(timeout, cond).ok()
    }

    /// Waits until the frame being written is complete: ratatui ends every frame by hiding the
    /// cursor. False if no frame ends within `timeout` (a screen that shows the cursor, or a
    /// program that ended).
    pub fn wait_frame_end(&mut self, timeout: Duration) -> bool {
        self.link
            .wait_raw(timeout, |raw| raw.ends_with(b"\x1b[?25l"))
    }

    /// Waits until `text` is somewhere on the screen.
    #[track_caller]
    pub fn wait_for_text(&mut self, text: &str) -> vt100::Screen {
        let what = format!("{text:?} on screen");
        self.wait_for(&what, |s| s.contents().contains(text))
    }

    /// Types bytes as if at the keyboard.
    #[track_caller]
    pub fn send(&mut self, bytes: impl AsRef<[u8]>) {
        let mut w = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        w.write_all(bytes.as_ref())
            .and_then(|()| w.flush())
            .unwrap_or_else(|e| panic!("writing to the pty: {e}"));
    }

    /// Resizes the terminal: the parsed screen first, so the program's redraw (after its
    /// SIGWINCH) lands on a screen of the new size.
    #[track_caller]
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.link.lock().parser.set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("resizing the pty: {e}"));
    }

    /// Sends a signal ("TERM", "HUP", "INT", ...) to the program with kill(1).
    #[track_caller]
    pub fn signal(&mut self, name: &str) {
        let pid = self.pid();
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .unwrap_or_else(|e| panic!("running kill: {e}"));
        assert!(status.success(), "kill -{name} {pid} failed: {status}");
    }

    /// The CPU time the program (all its threads) has used so far, in clock ticks: `utime` +
    /// `stime` from `/proc/PID/stat` (fields 14 and 15).
    #[track_caller]
    pub fn cpu_ticks(&self) -> u64 {
        let pid = self.pid();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_else(|e| panic!("reading /proc/{pid}/stat: {e}"));
        // The command name (field 2) is in parentheses and may hold spaces or ')': the fields
        // after its last ')' start at field 3.
        let after = stat
            .rfind(')')
            .map(|at| &stat[at + 1..])
            .unwrap_or_else(|| panic!("no ')' in /proc/{pid}/stat: {stat:?}"));
        let fields: Vec<&str> = after.split_whitespace().collect();
        let field = |n: usize| -> u64 {
            fields
                .get(n - 3)
                .and_then(|f| f.parse().ok())
                .unwrap_or_else(|| panic!("field {n} of /proc/{pid}/stat: {stat:?}"))
        };
        field(14) + field(15)
    }

    /// The exit status if the program has ended, without waiting.
    pub fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().ok().flatten();
        }
        self.status.clone()
    }

    /// Waits for the program to exit and for its last output to be parsed; returns its status.
    /// Fails the test (and kills the program) after `timeout`.
    #[track_caller]
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.try_status() {
                break status;
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!(
                    "the program did not exit within {timeout:?}; the screen shows:\n{}",
                    self.dump()
                );
            }
            std::thread::sleep(POLL);
        };
        // Output written just before exit may still be in the pty: read it to the end.
        let left = timeout.saturating_sub(start.elapsed());
        if !matches!(self.link.wait(left, |_| false), Err(true)) {
            panic!(
                "the program exited ({status}) but the terminal stayed open (a child holds it?)"
            );
        }
        status
    }

    /// The screen as text, framed, with the size and modes, and the end of the raw output, for
    /// failure messages.
    pub fn dump(&self) -> String {
        let screen = self.screen();
        let raw = self.raw();
        let tail = &raw[raw.len().saturating_sub(300)..];
        format!(
            "{}\nlast bytes: {:?}",
            describe(&screen, raw.len()),
            String::from_utf8_lossy(tail)
        )
    }
}

/// A screen as text for failure messages: one framed line per row, then the modes.
pub fn describe(screen: &vt100::Screen, raw_len: usize) -> String {
    let (rows, cols) = screen.size();
    let mut out = String::new();
    let _ = writeln!(out, "+{}+", "-".repeat(usize::from(cols.get())));
    for row in screen.rows(0, cols.get()) {
        let pad = usize::from(cols.get()).saturating_sub(row.chars().count());
        let _ = writeln!(out, "|{row}{}|", " ".repeat(pad));
    }
    let _ = writeln!(out, "+{}+", "-".repeat(usize::from(cols.get())));
    let (row, col) = screen.cursor_position();
    let _ = write!(
        out,
        "{}x{}, alternate screen: {}, cursor hidden: {}, cursor at {row},{col} (from 0), {} \
         bytes received",
        cols.get(),
        rows.get(),
        screen.alternate_screen(),
        screen.hide_cursor(),
        raw_len
    );
    out
}

/// The screen's rows as strings (trailing blanks dropped).
pub fn rows(screen: &vt100::Screen) -> Vec<String> {
    let cols = screen.size().1.get();
    screen.rows(0, cols).collect()
}

/// The bottom row: folio's status line.
pub fn status_line(screen: &vt100::Screen) -> String {
    rows(screen).pop().unwrap_or_default()
}

/// The page number folio's status line shows ("… 4 / 12  35% …" gives 4).
pub fn page_number(screen: &vt100::Screen) -> Option<usize> {
    let status = status_line(screen);
    let at = status.rfind(" / ")?;
    let digits: String = status[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// The page count folio's status line shows ("… 4 / 12  35% …" gives 12); `None` while it
/// is still counting ("4 / …").
pub fn page_count(screen: &vt100::Screen) -> Option<usize> {
    let status = status_line(screen);
    let at = status.rfind(" / ")?;
    number_at(&status[at + 3..])
}

/// The number `text` starts with.
pub fn number_at(text: &str) -> Option<usize> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The row the cursor is on (trailing blanks dropped).
pub fn cursor_row(screen: &vt100::Screen) -> String {
    let (row, _) = screen.cursor_position();
    rows(screen)
        .into_iter()
        .nth(usize::from(row))
        .unwrap_or_default()
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` last occurs in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The text of the rows above the status line as one running text: rows trimmed, a hyphen at a
/// row's end joined to the next row, every other hyphen dropped, spaces collapsed. Two wrappings
/// of the same text at different widths give the same result.
pub fn flowing_text(screen: &vt100::Screen) -> String {
    let mut rows = rows(screen);
    rows.pop();
    flow(rows.iter().map(String::as_str))
}

/// [`flowing_text`] for any lines.
pub fn flow<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    // The previous row ended in a hyphen: this one continues its word.
    let mut glue = false;
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        match line.strip_suffix('-') {
            Some(head) => {
                out.push_str(head);
                glue = true;
            }
            None => {
                out.push_str(line);
                glue = false;
            }
        }
    }
    normalise(&out)
}

/// Drops hyphens and soft hyphens and collapses white space, for comparing text across widths.
pub fn normalise(text: &str) -> String {
    text.replace(['-', '\u{ad}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The processes descended from `pid` (children, their children, ...), from the parent
/// links in `/proc/*/stat`.
fn descendants(pid: u32) -> Vec<u32> {
    let mut links: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(child) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // After the command name: state, then the parent's id (field 4).
        let parent = stat
            .rfind(')')
            .and_then(|at| stat[at + 1..].split_whitespace().nth(1))
            .and_then(|p| p.parse().ok());
        if let Some(parent) = parent {
            links.push((parent, child));
        }
    }
    let mut found = vec![pid];
    let mut at = 0;
    while at < found.len() {
        let parent = found[at];
        let children: Vec<u32> = links
            .iter()
            .filter(|l| l.0 == parent && !found.contains(&l.1))
            .map(|l| l.1)
            .collect();
        found.extend(children);
        at += 1;
    }
    found.remove(0);
    found
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.try_status().is_none() {
            // What the program started goes first: a job stopped under a test's shell (Ctrl-Z)
            // can stay stopped for good once the shell is gone.
            if let Some(pid) = self.child.process_id() {
                let pids = descendants(pid);
                if !pids.is_empty() {
                    let _ = std::process::Command::new("kill")
                        .arg("-KILL")
                        .args(pids.iter().map(u32::to_string))
                        .status();
                }
            }
            let _ = self.child.kill();
            let start = Instant::now();
            while self.try_status().is_none() && start.elapsed() < Duration::from_secs(2) {
                std::thread::sleep(POLL);
            }
        }
    }
}

/// The prompt of the interactive shells tests run folio from.
pub const PROMPT: &str = "folio-sh$ ";

/// The shell is waiting for a command: main screen, the cursor right after a bare prompt.
pub fn at_prompt(s: &vt100::Screen) -> bool {
    let (_, col) = s.cursor_position();
    !s.alternate_screen()
        && cursor_row(s).trim_end() == PROMPT.trim_end()
        && usize::from(col) == PROMPT.len()
}

/// An interactive bash in the pty, with job control, the prompt [`PROMPT`], no startup files,
/// no history file of the user's, and folio's config in `config` (else a fresh folder).
pub fn shell(cols: u16, rows: u16, config: Option<&std::path::Path>) -> Term {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut cmd = CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    cmd.env("PS1", PROMPT);
    cmd.env("HISTFILE", home.path().join("history"));
    cmd.env("INPUTRC", "/dev/null");
    cmd.env("FOLIO_CONFIG_DIR", config.unwrap_or(home.path()));
    for name in ["PROMPT_COMMAND", "NO_COLOR", "FOLIO_TEST_PANIC"] {
        cmd.env_remove(name);
    }
    let mut t = Term::spawn(cmd, cols, rows);
    t.keep(home);
    t.wait_for("the shell's first prompt", at_prompt);
    t
}

/// The terminal settings (`stty -g`) the shell gives a command it runs. `tag` tells this
/// answer from earlier ones; the screen is cleared first, so none is still there.
#[track_caller]
pub fn stty_settings(t: &mut Term, tag: &str) -> String {
    // The typed line shows `$(stty -g)`; only the output has the settings between the brackets.
    let start = format!("{tag}<");
    t.send(format!("clear; echo \"{start}$(stty -g)>\"\r"));
    let s = t.wait_for(&format!("the output of stty -g ({tag})"), |s| {
        at_prompt(s) && rows(s).iter().any(|r| r.starts_with(start.as_str()))
    });
    let row = rows(&s)
        .into_iter()
        .find(|r| r.starts_with(start.as_str()))
        .unwrap_or_default();
    row.trim_end()
        .strip_prefix(start.as_str())
        .and_then(|r| r.strip_suffix('>'))
        .filter(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_hexdigit() || c == ':'))
        .unwrap_or_else(|| panic!("unexpected stty -g output {row:?}:\n{}", t.dump()))
        .to_string()
}
