//! The terminal: setup and restore, events in, frames out.
//!
//! [`event_loop`] is generic over the ratatui backend and reads events from a channel, so tests
//! drive whole sessions on a `TestBackend`. [`run`] wires it to the real terminal: an input thread
//! (crossterm), a signal thread (SIGTERM, SIGHUP, SIGINT), and a restore on every way out,
//! including panics (ratatui's hook) and suspend with Ctrl-Z.
//!
//! The loop blocks while nothing happens (no polling); it only spins while the layout of a long
//! document is finished in idle steps. Events that arrive together are handled as one batch and
//! drawn once, which coalesces resize storms.

use crate::app::{App, Effect, ExportJob, Msg, update};
use crate::keymap::{Key, KeyCode};
use crate::record::Record;
use crate::store::Store;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind, KeyModifiers};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What the loop receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Msg(Msg),
    /// A signal asking folio to end (its number).
    Signal(i32),
    /// The terminal went away (hang-up, closed input).
    InputClosed,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(i32),
    InputClosed,
}

impl Exit {
    /// The process exit code: 0 for a normal quit, 128 + n for a signal (as shells do).
    pub fn code(self) -> u8 {
        match self {
            Exit::Quit => 0,
            Exit::Signal(n) => u8::try_from(128 + n).unwrap_or(1),
            Exit::InputClosed => 129,
        }
    }
}

/// What the loop needs beyond drawing: suspending to the shell, and saving records.
pub trait Host {
    /// Give the terminal back to the shell, stop until `fg`, then take it again.
    fn suspend(&mut self) -> std::io::Result<()>;
    /// Saves a record; the record as merged with what was on disk, or a message for the reader.
    fn save(&mut self, record: &Record) -> Result<Record, String>;
    /// Puts text on the terminal's clipboard.
    fn copy(&mut self, text: &str);
    /// Writes an export; where it went, or why it could not.
    fn export(&mut self, job: &ExportJob) -> Result<String, String>;
    /// Remembers the theme for the next session.
    fn remember_theme(&mut self, _name: &str) {}
    /// Remembers the reading pace for the next session.
    fn remember_pace(&mut self, _pace: crate::pace::Pace) {}
    /// The library's entries: the files of `folder`, or the articles folio knows.
    fn library(&mut self, _folder: Option<&std::path::Path>) -> Vec<crate::library::Entry> {
        crate::library::samples()
    }
    /// Opens an article with its record, as a [`Msg::Opened`]; or why it could not.
    fn open(&mut self, path: &std::path::Path) -> Result<Msg, String> {
        Err(format!(
            "cannot open {} in this session",
            crate::open::display_path(path)
        ))
    }
    /// Forgets an article's record; what was done, or why it could not be.
    fn forget(&mut self, _fingerprint: &str) -> Result<String, String> {
        Err("nothing is stored in this session".to_string())
    }
}

/// For tests and non-interactive runs: suspending does nothing, saves stay in memory.
pub struct NoHost;

impl Host for NoHost {
    fn suspend(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn save(&mut self, record: &Record) -> Result<Record, String> {
        Ok(record.clone())
    }

    fn copy(&mut self, _text: &str) {}

    fn export(&mut self, _job: &ExportJob) -> Result<String, String> {
        Err("no export folder in this session".to_string())
    }
}

/// Saves at most this often; changes in between are written together.
pub const SAVE_EVERY: Duration = Duration::from_millis(250);

/// Saves that wait for their turn, so page turns do not write the disk every time.
struct Saves {
    pending: Option<Box<Record>>,
    last: Option<Instant>,
}

impl Saves {
    /// How long until the pending save is due; `None` when nothing is pending.
    fn due_in(&self) -> Option<Duration> {
        self.pending.as_ref()?;
        Some(
            self.last
                .map_or(Duration::ZERO, |t| SAVE_EVERY.saturating_sub(t.elapsed())),
        )
    }

    fn flush(&mut self, host: &mut impl Host, app: &mut App) {
        if let Some(record) = self.pending.take() {
            let msg = match host.save(&record) {
                Ok(merged) => Msg::Saved(Box::new(merged)),
                Err(why) => Msg::SaveFailed(why),
            };
            update(app, msg);
            self.last = Some(Instant::now());
        }
    }
}

/// Runs a session until it quits, a signal arrives or the input closes. Pending saves are
/// written on every way out.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &Receiver<Event>,
    host: &mut impl Host,
) -> Result<Exit, B::Error> {
    let mut saves = Saves {
        pending: None,
        last: None,
    };
    let exit = run_loop(terminal, app, events, host, &mut saves);
    saves.flush(host, app);
    exit
}

fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &Receiver<Event>,
    host: &mut impl Host,
    saves: &mut Saves,
) -> Result<Exit, B::Error> {
    sync_size(terminal, app)?;
    app.refresh();
    terminal.draw(|f| f.render_widget(&*app, f.area()))?;
    loop {
        let first = if app.wants_idle() {
            match events.try_recv() {
                Ok(e) => Some(e),
                Err(TryRecvError::Empty) => Some(Event::Msg(Msg::Idle)),
                Err(TryRecvError::Disconnected) => return Ok(Exit::InputClosed),
            }
        } else if let Some(wait) = saves.due_in() {
            match events.recv_timeout(wait) {
                Ok(e) => Some(e),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return Ok(Exit::InputClosed),
            }
        } else {
            match events.recv() {
                Ok(e) => Some(e),
                Err(_) => return Ok(Exit::InputClosed),
            }
        };
        let before = app.view.clone();
        let mut only_idle = true;
        let mut clear = false;
        let mut next = first;
        while let Some(event) = next.take() {
            match event {
                Event::Signal(n) => return Ok(Exit::Signal(n)),
                Event::InputClosed => return Ok(Exit::InputClosed),
                Event::Msg(msg) => {
                    only_idle &= msg == Msg::Idle;
                    // The time first, for the pace; its effects count like any other (the
                    // save of a record attached just before must not be dropped).
                    // The wall clock goes with it: highlights and positions are stamped with
                    // the time of the input that made them (update reads no clock).
                    let mut effects = if msg != Msg::Idle {
                        update(app, Msg::Tick(Instant::now(), crate::record::now()))
                    } else {
                        Vec::new()
                    };
                    effects.extend(update(app, msg));
                    // Saves first: a quit in the same update must not drop them.
                    let quit = effects.contains(&Effect::Quit);
                    for effect in effects {
                        match effect {
                            Effect::Quit => {}
                            Effect::Redraw => clear = true,
                            Effect::Save(record) => saves.pending = Some(record),
                            Effect::Copy(text) => host.copy(&text),
                            Effect::RememberTheme(name) => host.remember_theme(name),
                            Effect::RememberPace(pace) => host.remember_pace(pace),
                            Effect::ShowLibrary => {
                                // The list shows the progress just made.
                                saves.flush(host, app);
                                let entries = host.library(app.folder.as_deref());
                                update(app, Msg::Library(entries));
                            }
                            Effect::Open(path) => {
                                // The article being left is written before another opens.
                                saves.flush(host, app);
                                let msg = host.open(&path).unwrap_or_else(Msg::Told);
                                update(app, msg);
                            }
                            Effect::Forget(fingerprint) => {
                                let told = host.forget(&fingerprint);
                                let entries = host.library(app.folder.as_deref());
                                update(app, Msg::Library(entries));
                                update(app, Msg::Told(told.unwrap_or_else(|e| e)));
                            }
                            Effect::Export(job) => {
                                let told = match host.export(&job) {
                                    Ok(path) => format!("Exported to {path}"),
                                    Err(why) => why,
                                };
                                update(app, Msg::Told(told));
                            }
                            Effect::Suspend => {
                                // Write what is pending first: a suspended reader may never
                                // come back.
                                saves.flush(host, app);
                                // A failed suspend leaves the reader where they were.
                                let _ = host.suspend();
                                clear = true;
                            }
                        }
                    }
                    if quit {
                        return Ok(Exit::Quit);
                    }
                }
            }
            next = events.try_recv().ok();
        }
        if saves.due_in() == Some(Duration::ZERO) {
            saves.flush(host, app);
            only_idle = false;
        }
        sync_size(terminal, app)?;
        app.refresh();
        if clear {
            // Not `Terminal::clear`: it asks the terminal for the cursor position, and the
            // answer would be swallowed by the input thread (a 2 s stall, then an error).
            let size = terminal.size()?;
            terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        }
        if !only_idle || clear || app.view != before {
            terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        }
    }
}

/// The backend's size is the truth for the app's size (a resize event may be stale).
fn sync_size<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    let size = terminal.size()?;
    if (size.width, size.height) != app.size {
        update(app, Msg::Resize(size.width, size.height));
    }
    Ok(())
}

/// Converts a terminal key event; `None` for releases and keys folio does not use.
///
/// Only presses (and repeats) act: terminals with the kitty keyboard protocol also report
/// releases, which would otherwise turn two pages per key.
pub fn key_from(ev: &event::KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    use event::KeyCode as C;
    let code = match ev.code {
        C::Char(c) => KeyCode::Char(c),
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        alt: ev.modifiers.contains(KeyModifiers::ALT),
    })
}

/// Converts the mouse events folio uses: the wheel and a left click.
pub fn mouse_from(ev: &event::MouseEvent) -> Option<Msg> {
    use crate::app::Mouse;
    use event::{MouseButton, MouseEventKind};
    let kind = match ev.kind {
        MouseEventKind::ScrollUp => Mouse::ScrollUp,
        MouseEventKind::ScrollDown => Mouse::ScrollDown,
        MouseEventKind::Down(MouseButton::Left) => Mouse::Click,
        _ => return None,
    };
    Some(Msg::Mouse(kind, ev.column, ev.row))
}

/// Reads terminal events on a thread and forwards the ones folio uses.
fn spawn_input(tx: Sender<Event>) {
    std::thread::spawn(move || {
        loop {
            let ev = match event::read() {
                Ok(ev) => ev,
                Err(_) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            };
            let msg = match ev {
                TermEvent::Key(k) => key_from(&k).map(Msg::Key),
                TermEvent::Resize(w, h) => Some(Msg::Resize(w, h)),
                TermEvent::Mouse(m) => mouse_from(&m),
                _ => None,
            };
            if let Some(msg) = msg
                && tx.send(Event::Msg(msg)).is_err()
            {
                return;
            }
        }
    });
}

/// crossterm 0.29 re-reads a dead terminal forever (crossterm-rs/crossterm#793), so a hang-up
/// that sends no SIGHUP (a shell that traps it, `nohup`, some multiplexers) would leave folio
/// spinning. A hung-up terminal fails `isatty`: then the session ends like a closed input.
fn spawn_watchdog(tx: Sender<Event>) {
    use std::io::IsTerminal;
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            if !std::io::stdout().is_terminal() {
                let _ = tx.send(Event::InputClosed);
                return;
            }
        }
    });
}

/// Forwards SIGTERM, SIGHUP and SIGINT so the loop ends and the terminal is restored.
fn spawn_signals(tx: Sender<Event>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _ = tx.send(Event::Signal(sig));
        }
    });
    Ok(())
}

/// The real terminal, and the store records are saved to.
struct Tty {
    store: Store,
    mouse: bool,
    /// config.toml's `export_dir`; else `exports/` in the config folder.
    export_dir: Option<std::path::PathBuf>,
}

impl Host for Tty {
    fn save(&mut self, record: &Record) -> Result<Record, String> {
        self.store.save(record).map_err(|e| e.to_string())
    }

    fn export(&mut self, job: &ExportJob) -> Result<String, String> {
        use crate::export::{Article, Format, export};
        let dir = self
            .export_dir
            .clone()
            .or_else(|| self.store.paths().map(crate::store::Paths::exports))
            .ok_or("No config folder to export to: set FOLIO_CONFIG_DIR or --config-dir")?;
        let path = dir.join(crate::commands::file_name(&job.record, Format::Markdown));
        let article = Article {
            record: &job.record,
            doc: Some(&job.doc),
            path: job.record.paths.last().cloned(),
        };
        let text = export(Format::Markdown, &[article], &crate::record::now());
        crate::commands::write_file(&path, text.as_bytes()).map_err(|e| e.to_string())?;
        Ok(crate::open::display_path(&path))
    }

    fn remember_theme(&mut self, name: &str) {
        let mut state = self.store.state();
        state.theme = Some(name.to_string());
        // Not remembering a theme is no reason to interrupt reading.
        let _ = self.store.save_state(&state);
    }

    fn remember_pace(&mut self, pace: crate::pace::Pace) {
        let mut state = self.store.state();
        state.pace = Some(pace);
        let _ = self.store.save_state(&state);
    }

    fn library(&mut self, folder: Option<&std::path::Path>) -> Vec<crate::library::Entry> {
        match folder {
            // A folder that went away since: the articles folio knows instead.
            Some(dir) => crate::library::folder(dir, &self.store, &today())
                .unwrap_or_else(|_| crate::library::entries(&self.store, &today())),
            None => crate::library::entries(&self.store, &today()),
        }
    }

    fn open(&mut self, path: &std::path::Path) -> Result<Msg, String> {
        open_with_record(&self.store, path)
    }

    fn forget(&mut self, fingerprint: &str) -> Result<String, String> {
        let paths = self
            .store
            .paths()
            .ok_or("No config folder: nothing is stored")?;
        let to = crate::library::forget(paths, fingerprint, &crate::record::now())
            .map_err(|e| format!("Could not forget it: {e}"))?;
        Ok(format!(
            "Forgotten; its notes are kept in {}",
            crate::open::display_path(&to)
        ))
    }

    fn copy(&mut self, text: &str) {
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = out.write_all(osc52(text).as_bytes());
        let _ = out.flush();
    }

    fn suspend(&mut self) -> std::io::Result<()> {
        restore();
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        // Back after `fg`.
        ratatui::crossterm::terminal::enable_raw_mode()?;
        ratatui::crossterm::execute!(
            std::io::stdout(),
            ratatui::crossterm::terminal::EnterAlternateScreen
        )?;
        if self.mouse {
            ratatui::crossterm::execute!(std::io::stdout(), event::EnableMouseCapture)?;
        }
        Ok(())
    }
}

/// Today's date, `YYYY-MM-DD` (UTC), for "today" and "3 days ago" in the library.
fn today() -> String {
    crate::record::now().to_string().chars().take(10).collect()
}

/// Reads an article and its record, as the library opens it: the whole article at once (a
/// long one takes a few tens of milliseconds).
pub fn open_with_record(store: &Store, path: &std::path::Path) -> Result<Msg, String> {
    let opened = crate::open::open_path_as(path, None, usize::MAX).map_err(|e| format!("{e:#}"))?;
    let canonical = crate::open::canonical(path);
    let loaded = store.load(&crate::store::fingerprint(opened.text()), Some(&canonical));
    Ok(Msg::Opened {
        doc: Arc::new(opened.finish()),
        record: Box::new(loaded.record),
        read_only: loaded.read_only,
        notices: loaded.notices,
    })
}

/// Work for a background thread whose result arrives as a message (the whole article, parsed
/// while the reader looks at its first page).
pub type Job = Box<dyn FnOnce() -> Vec<Msg> + Send>;

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard. The text is
/// base64, so nothing in it can end the sequence early; it comes from the (sanitised) document.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648), for OSC 52.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Gives the terminal back: cooked mode, main screen, and a visible cursor (ratatui's restore
/// leaves showing the cursor to the `Terminal`'s drop, which a suspend never reaches).
fn restore() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), event::DisableMouseCapture);
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
}

/// Runs an interactive session on the real terminal and restores it on the way out.
pub fn run(
    mut app: App,
    job: Option<Job>,
    store: Store,
    export_dir: Option<std::path::PathBuf>,
) -> std::io::Result<Exit> {
    let (tx, rx) = channel();
    spawn_signals(tx.clone())?;
    // try_init installs a panic hook that restores the terminal before the message prints;
    // ours runs first and shows the cursor, which that restore leaves hidden.
    let mut terminal = ratatui::try_init()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(
            std::io::stdout(),
            event::DisableMouseCapture,
            ratatui::crossterm::cursor::Show
        );
        hook(info);
    }));
    if app.mouse {
        ratatui::crossterm::execute!(std::io::stdout(), event::EnableMouseCapture)?;
    }
    // crossterm starts watching for window-size changes on its first read or poll: do it now,
    // so a resize right after start (tiling window managers do this) is not lost.
    let _ = event::poll(std::time::Duration::ZERO);
    // The first frame before anything else competes for the two cores a reader may have.
    app.refresh();
    terminal.draw(|f| f.render_widget(&app, f.area()))?;
    if let Some(job) = job {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for msg in job() {
                let _ = tx.send(Event::Msg(msg));
            }
        });
    }
    spawn_watchdog(tx.clone());
    spawn_input(tx);
    // Debug builds only: a panic on demand, so a test can prove the terminal is restored and
    // the message printed after it.
    #[cfg(debug_assertions)]
    if std::env::var_os("FOLIO_TEST_PANIC").is_some() {
        app.refresh();
        terminal.draw(|f| f.render_widget(&app, f.area()))?;
        panic!("FOLIO_TEST_PANIC: a deliberate panic after the first frame");
    }
    let mouse = app.mouse;
    let mut tty = Tty {
        store,
        mouse,
        export_dir,
    };
    let result = event_loop(&mut terminal, &mut app, &rx, &mut tty);
    restore();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode as C, KeyEvent, KeyEventState};

    fn ev(code: C, modifiers: KeyModifiers, kind: KeyEventKind) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn releases_are_ignored_and_presses_convert() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            key_from(&ev(C::Char(' '), none, KeyEventKind::Release)),
            None
        );
        assert_eq!(
            key_from(&ev(C::Char(' '), none, KeyEventKind::Press)),
            Some(Key::char(' '))
        );
        assert_eq!(
            key_from(&ev(C::Char('G'), KeyModifiers::SHIFT, KeyEventKind::Press)),
            Some(Key::char('G'))
        );
        assert_eq!(
            key_from(&ev(
                C::Char('z'),
                KeyModifiers::CONTROL,
                KeyEventKind::Press
            )),
            Some(Key::ctrl('z'))
        );
        assert_eq!(
            key_from(&ev(C::PageDown, none, KeyEventKind::Repeat)),
            Some(Key::plain(KeyCode::PageDown))
        );
        assert_eq!(key_from(&ev(C::CapsLock, none, KeyEventKind::Press)), None);
    }

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        // Any text stays inside the sequence: no ESC or BEL in the payload.
        let tricky = osc52("a\x1b]0;x\x07b");
        assert_eq!(tricky.matches('\x1b').count(), 1);
        assert_eq!(tricky.matches('\x07').count(), 1);
    }

    #[test]
    fn exit_codes_follow_the_shell_convention() {
        assert_eq!(Exit::Quit.code(), 0);
        assert_eq!(Exit::Signal(15).code(), 143);
        assert_eq!(Exit::Signal(1).code(), 129);
    }
}
