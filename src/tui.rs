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
//!
//! The loop only carries out the effects `app::update` returns: the terminal's ones (suspend,
//! clipboard) go to a [`Console`], the rest (save, export, open, library, forget, remember) to
//! [`Services`], which the [`Session`] provides. It opens no article, looks up no record and
//! picks no export folder or name itself. Must not depend on `ui` beyond drawing the app.

use crate::app::{App, Effect, ExportJob, Msg, update};
use crate::keymap::{Key, KeyCode};
use crate::record::Record;
use crate::session::Session;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind, KeyModifiers};
use std::io::Write;
use std::os::fd::AsFd;
use std::path::Path;
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

/// The terminal's part of what the loop needs beyond drawing.
pub trait Console {
    /// Give the terminal back to the shell, stop until `fg`, then take it again.
    fn suspend(&mut self) -> std::io::Result<()>;
    /// Puts text on the terminal's clipboard.
    fn copy(&mut self, text: &str);
}

/// The application's part: records, exports and the library, carried out by the
/// [`Session`] in a real session. The defaults are a session without a store.
pub trait Services {
    /// Saves a record; the record as merged with what was on disk, or a message for the reader.
    fn save(&mut self, record: &Record) -> Result<Record, String>;
    /// Writes an export; where it went, or why it could not.
    fn export(&mut self, job: &ExportJob) -> Result<String, String>;
    /// Remembers the theme for the next session.
    fn remember_theme(&mut self, _name: &str) {}
    /// Remembers the reading pace for the next session.
    fn remember_pace(&mut self, _pace: crate::pace::Pace) {}
    /// Remembers the search history for the next session.
    fn remember_searches(&mut self, _searches: &[crate::store::PastSearch]) {}
    /// The library's entries: the files of `folder`, or the articles folio knows.
    fn library(&mut self, _folder: Option<&Path>) -> Vec<crate::library::Entry> {
        crate::library::samples()
    }
    /// Opens an article with its record, as a [`Msg::Opened`]; or why it could not.
    fn open(&mut self, path: &Path) -> Result<Msg, String> {
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

/// A console and services side by side, as [`run`] hands them to [`event_loop`].
impl<C: Console, S> Console for (C, S) {
    fn suspend(&mut self) -> std::io::Result<()> {
        self.0.suspend()
    }

    fn copy(&mut self, text: &str) {
        self.0.copy(text);
    }
}

impl<C, S: Services> Services for (C, S) {
    fn save(&mut self, record: &Record) -> Result<Record, String> {
        self.1.save(record)
    }

    fn export(&mut self, job: &ExportJob) -> Result<String, String> {
        self.1.export(job)
    }

    fn remember_theme(&mut self, name: &str) {
        self.1.remember_theme(name);
    }

    fn remember_pace(&mut self, pace: crate::pace::Pace) {
        self.1.remember_pace(pace);
    }

    fn remember_searches(&mut self, searches: &[crate::store::PastSearch]) {
        self.1.remember_searches(searches);
    }

    fn library(&mut self, folder: Option<&Path>) -> Vec<crate::library::Entry> {
        self.1.library(folder)
    }

    fn open(&mut self, path: &Path) -> Result<Msg, String> {
        self.1.open(path)
    }

    fn forget(&mut self, fingerprint: &str) -> Result<String, String> {
        self.1.forget(fingerprint)
    }
}

/// The services of a real session: the session layer does the work, this says it for the
/// reader (messages, and the opened article as a message for the app).
impl Services for Session {
    fn save(&mut self, record: &Record) -> Result<Record, String> {
        Session::save(self, record).map_err(|e| e.to_string())
    }

    fn export(&mut self, job: &ExportJob) -> Result<String, String> {
        let path = self
            .export_to_folder(&job.record, &job.doc)
            .map_err(|e| e.to_string())?;
        Ok(crate::open::display_path(&path))
    }

    fn remember_theme(&mut self, name: &str) {
        Session::remember_theme(self, name);
    }

    fn remember_pace(&mut self, pace: crate::pace::Pace) {
        Session::remember_pace(self, pace);
    }

    fn remember_searches(&mut self, searches: &[crate::store::PastSearch]) {
        Session::remember_searches(self, searches);
    }

    fn library(&mut self, folder: Option<&Path>) -> Vec<crate::library::Entry> {
        // A folder that went away since: the articles folio knows instead.
        Session::library(self, folder)
            .or_else(|_| Session::library(self, None))
            .unwrap_or_default()
    }

    fn open(&mut self, path: &Path) -> Result<Msg, String> {
        let article = Session::open(self, path).map_err(|e| format!("{e:#}"))?;
        Ok(Msg::Opened {
            doc: Arc::new(article.doc),
            record: Box::new(article.loaded.record),
            read_only: article.loaded.read_only,
            notices: article.loaded.notices,
        })
    }

    fn forget(&mut self, fingerprint: &str) -> Result<String, String> {
        let to = Session::forget(self, fingerprint).map_err(|e| e.to_string())?;
        Ok(format!(
            "Forgotten; its notes are kept in {}",
            crate::open::display_path(&to)
        ))
    }
}

/// For tests and non-interactive runs: suspending does nothing, saves stay in memory.
pub struct NoHost;

impl Console for NoHost {
    fn suspend(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn copy(&mut self, _text: &str) {}
}

impl Services for NoHost {
    fn save(&mut self, record: &Record) -> Result<Record, String> {
        Ok(record.clone())
    }

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

    fn flush(&mut self, host: &mut impl Services, app: &mut App) {
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
    host: &mut (impl Console + Services),
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
    host: &mut (impl Console + Services),
    saves: &mut Saves,
) -> Result<Exit, B::Error> {
    sync_size(terminal, app)?;
    app.refresh();
    frame(terminal, app)?;
    loop {
        let first = match wait(app, events, saves) {
            Ok(first) => first,
            Err(exit) => return Ok(exit),
        };
        let before = app.view.clone();
        let mut batch = Batch {
            only_idle: true,
            input: false,
            clear: false,
        };
        let mut next = first;
        while let Some(event) = next.take() {
            match event {
                Event::Signal(n) => return Ok(Exit::Signal(n)),
                Event::InputClosed => return Ok(Exit::InputClosed),
                Event::Msg(msg) => {
                    if handle(app, msg, host, saves, &mut batch) {
                        return Ok(Exit::Quit);
                    }
                }
            }
            next = events.try_recv().ok();
        }
        // A save that is due waits for a batch without input: the page the reader asked for
        // is drawn first, and the save (a write and an fsync) goes in the next pause.
        if !batch.input && saves.due_in() == Some(Duration::ZERO) {
            saves.flush(host, app);
            batch.only_idle = false;
        }
        sync_size(terminal, app)?;
        app.refresh();
        if batch.clear {
            // Not `Terminal::clear`: it asks the terminal for the cursor position, and the
            // answer would be swallowed by the input thread (a 2 s stall, then an error).
            let size = terminal.size()?;
            terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        }
        if !batch.only_idle || batch.clear || app.view != before {
            frame(terminal, app)?;
        }
    }
}

/// Draws a frame and hands the places drawn (panel rows, library entries) back to the app,
/// so a click is matched against what is on screen.
fn frame<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    let mut hits = crate::app::Hits::default();
    terminal.draw(|f| hits = crate::ui::draw(app, f.area(), f.buffer_mut()))?;
    update(app, Msg::Drawn(hits));
    Ok(())
}

/// What a batch of events asks of the next frame.
struct Batch {
    /// Nothing but idle steps: draw only when the view changed.
    only_idle: bool,
    /// Input from the reader (not an idle step or a background answer): its frame comes
    /// before a due save.
    input: bool,
    /// Repaint every cell (after a suspend, or when the app asks).
    clear: bool,
}

/// The first event of the next batch: an idle step while the layout is being finished, `None`
/// when a pending save is due first; the way the session ends when the events stop.
fn wait(app: &App, events: &Receiver<Event>, saves: &Saves) -> Result<Option<Event>, Exit> {
    if app.wants_idle() {
        match events.try_recv() {
            Ok(e) => Ok(Some(e)),
            Err(TryRecvError::Empty) => Ok(Some(Event::Msg(Msg::Idle))),
            Err(TryRecvError::Disconnected) => Err(Exit::InputClosed),
        }
    } else if let Some(wait) = saves.due_in() {
        match events.recv_timeout(wait) {
            Ok(e) => Ok(Some(e)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(Exit::InputClosed),
        }
    } else {
        events.recv().map(Some).map_err(|_| Exit::InputClosed)
    }
}

/// Updates the app with one message and carries out its effects; true when it quits.
fn handle(
    app: &mut App,
    msg: Msg,
    host: &mut (impl Console + Services),
    saves: &mut Saves,
    batch: &mut Batch,
) -> bool {
    batch.only_idle &= msg == Msg::Idle;
    batch.input |= matches!(msg, Msg::Key(_) | Msg::Mouse(..) | Msg::Resize(..));
    // The time first, for the pace; its effects count like any other (the save of a record
    // attached just before must not be dropped). The wall clock goes with it: highlights and
    // positions are stamped with the time of the input that made them (update reads no clock).
    let mut effects = if msg != Msg::Idle {
        update(app, Msg::Tick(Instant::now(), crate::record::now()))
    } else {
        Vec::new()
    };
    effects.extend(update(app, msg));
    // Saves first: a quit in the same update must not drop them.
    let quit = effects.contains(&Effect::Quit);
    for effect in effects {
        batch.clear |= carry_out(effect, app, host, saves);
    }
    quit
}

/// Carries out one effect (a quit is the caller's); true when the screen must be repainted.
fn carry_out(
    effect: Effect,
    app: &mut App,
    host: &mut (impl Console + Services),
    saves: &mut Saves,
) -> bool {
    match effect {
        Effect::Quit => {}
        Effect::Redraw => return true,
        Effect::Save(record) => saves.pending = Some(record),
        Effect::Copy(text) => host.copy(&text),
        Effect::RememberTheme(name) => host.remember_theme(name),
        Effect::RememberPace(pace) => host.remember_pace(pace),
        Effect::RememberSearches(searches) => host.remember_searches(&searches),
        Effect::ShowLibrary => {
            // The list shows the progress just made.
            saves.flush(host, app);
            let entries = host.library(app.settings.folder.as_deref());
            return answer(app, Msg::Library(entries), host, saves);
        }
        Effect::Open(path) => {
            // The article being left is written before another opens.
            saves.flush(host, app);
            let msg = host.open(&path).unwrap_or_else(Msg::Told);
            // Its effects too: an article asks to be saved as it opens (this path, its title).
            return answer(app, msg, host, saves);
        }
        Effect::Forget(fingerprint) => {
            let told = host.forget(&fingerprint);
            let entries = host.library(app.settings.folder.as_deref());
            let redraw = answer(app, Msg::Library(entries), host, saves);
            return answer(app, Msg::Told(told.unwrap_or_else(|e| e)), host, saves) || redraw;
        }
        Effect::Export(job) => {
            let told = match host.export(&job) {
                Ok(path) => format!("Exported to {path}"),
                Err(why) => why,
            };
            return answer(app, Msg::Told(told), host, saves);
        }
        Effect::Suspend => {
            // Write what is pending first: a suspended reader may never come back.
            saves.flush(host, app);
            // A failed suspend leaves the reader where they were.
            let _ = host.suspend();
            return true;
        }
    }
    false
}

/// Hands the app the answer to an effect, and carries out what the answer asks in turn (a
/// quit there is ignored: only the reader's own input quits). True when a redraw is wanted.
fn answer(
    app: &mut App,
    msg: Msg,
    host: &mut (impl Console + Services),
    saves: &mut Saves,
) -> bool {
    let mut redraw = false;
    for effect in update(app, msg) {
        redraw |= carry_out(effect, app, host, saves);
    }
    redraw
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

/// The real terminal.
struct Tty {
    mouse: bool,
}

impl Console for Tty {
    fn copy(&mut self, text: &str) {
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

/// Starts and ends a frame in terminals with synchronized output (mode 2026): the terminal
/// shows the whole frame at once instead of the lines as they arrive. Others ignore it.
const FRAME_BEGIN: &[u8] = b"\x1b[?2026h";
const FRAME_END: &[u8] = b"\x1b[?2026l";

/// What a frame writes, collected and handed to the terminal in one `write` on flush (ratatui
/// flushes once a frame is complete), inside [`FRAME_BEGIN`] and [`FRAME_END`]. A flush with
/// nothing written writes nothing.
struct Frames<W: Write> {
    out: W,
    /// [`FRAME_BEGIN`], then what was written since the last flush.
    buf: Vec<u8>,
}

impl<W: Write> Frames<W> {
    fn new(out: W) -> Self {
        let mut buf = Vec::with_capacity(64 * 1024);
        buf.extend_from_slice(FRAME_BEGIN);
        Frames { out, buf }
    }
}

impl<W: Write> Write for Frames<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.len() > FRAME_BEGIN.len() {
            self.buf.extend_from_slice(FRAME_END);
            let written = self.out.write_all(&self.buf);
            // A failed write is a terminal gone: the error says so, the bytes are dropped.
            self.buf.truncate(FRAME_BEGIN.len());
            written?;
        }
        self.out.flush()
    }
}

/// Work for a background thread whose result arrives as a message (the whole article, parsed
/// while the reader looks at its first page; the deadline of a held first frame). Each job
/// runs on its own thread.
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
pub fn run(mut app: App, jobs: Vec<Job>, session: Session) -> std::io::Result<Exit> {
    let (tx, rx) = channel();
    spawn_signals(tx.clone())?;
    // try_init installs a panic hook that restores the terminal before the message prints;
    // ours runs first and shows the cursor, which that restore leaves hidden.
    drop(ratatui::try_init()?);
    // Frames go out through their own buffer: one write each, shown at once.
    let mut terminal = Terminal::new(ratatui::backend::CrosstermBackend::new(Frames::new(
        std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?),
    )))?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(
            std::io::stdout(),
            event::DisableMouseCapture,
            ratatui::crossterm::cursor::Show
        );
        hook(info);
    }));
    if app.settings.mouse {
        ratatui::crossterm::execute!(std::io::stdout(), event::EnableMouseCapture)?;
    }
    // crossterm starts watching for window-size changes on its first read or poll: do it now,
    // so a resize right after start (tiling window managers do this) is not lost.
    let _ = event::poll(std::time::Duration::ZERO);
    // The first frame before anything else competes for the two cores a reader may have.
    app.refresh();
    frame(&mut terminal, &mut app)?;
    for job in jobs {
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
    let mut host = (
        Tty {
            mouse: app.settings.mouse,
        },
        session,
    );
    let result = event_loop(&mut terminal, &mut app, &rx, &mut host);
    restore();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
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

    /// Every `write` call the terminal would see.
    #[derive(Default, Clone)]
    struct Writes(std::rc::Rc<std::cell::RefCell<Vec<Vec<u8>>>>);

    impl Write for Writes {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().push(bytes.to_vec());
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A frame reaches the terminal as one write inside synchronized output, however many
    /// pieces ratatui wrote it in; a flush with nothing new writes nothing.
    #[test]
    fn a_frame_is_one_write_inside_synchronized_output() {
        let writes = Writes::default();
        let mut idle = Frames::new(writes.clone());
        let _ = idle.flush();
        assert!(writes.0.borrow().is_empty());
        let frames = Frames::new(writes.clone());
        let mut terminal = Terminal::new(ratatui::backend::CrosstermBackend::new(frames))
            .unwrap_or_else(|e| panic!("{e}"));
        let text = "Boats came in at dawn. ".repeat(200);
        terminal
            .draw(|f| {
                let area = f.area();
                f.render_widget(
                    ratatui::widgets::Paragraph::new(text.as_str())
                        .wrap(ratatui::widgets::Wrap { trim: true }),
                    area,
                );
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let writes = writes.0.borrow();
        assert_eq!(writes.len(), 1, "{} writes", writes.len());
        let frame = String::from_utf8_lossy(&writes[0]);
        assert!(frame.starts_with("\x1b[?2026h"), "{frame:?}");
        assert!(frame.ends_with("\x1b[?2026l"), "{frame:?}");
        assert!(frame.contains("Boats"), "{frame:?}");
        assert!(frame.len() > 1024, "the frame is {} bytes", frame.len());
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

    /// A session over a temporary config folder that knows `harbour.md` (saved with the record
    /// a first open finds: no title yet), and the library listing it.
    fn library_with_harbour() -> (tempfile::TempDir, Session, App, String) {
        use crate::store::{Paths, Store};
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().join("config");
        let mut session = Session::new(Store::new(Some(Paths { root })), None);
        let path = dir.path().join("harbour.md");
        std::fs::write(&path, "# The Harbour\n\nBoats came in at dawn.\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let article = session.open(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(article.loaded.record.title, None);
        Session::save(&session, &article.loaded.record).unwrap_or_else(|e| panic!("{e}"));
        let entries = Services::library(&mut session, None);
        let app = App::with_library(entries, "Library", (80, 24));
        (dir, session, app, article.loaded.record.fingerprint)
    }

    /// Runs the loop on `keys` until they run out, on an 80x24 test terminal.
    fn run_keys(app: &mut App, session: Session, keys: &[Key]) -> Terminal<TestBackend> {
        let mut terminal =
            Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|e| panic!("{e}"));
        let (tx, rx) = channel();
        for key in keys {
            let _ = tx.send(Event::Msg(Msg::Key(*key)));
        }
        drop(tx);
        let exit = event_loop(&mut terminal, app, &rx, &mut (NoHost, session));
        assert_eq!(exit.ok(), Some(Exit::InputClosed));
        terminal
    }

    /// The loop hands an `Open` to the session's services, which open the file with its
    /// record: the library's first entry, chosen with Enter, is on the screen.
    #[test]
    fn the_session_opens_what_the_library_chooses() {
        let (_dir, session, mut app, _) = library_with_harbour();
        let terminal = run_keys(&mut app, session, &[Key::plain(KeyCode::Enter)]);
        let screen = terminal.backend().to_string();
        assert!(screen.contains("Boats came in at dawn."), "{screen}");
    }

    /// Regression: the save an article asks for when it opens from the library (its title,
    /// this path, when it was opened) was dropped with the effects of the update that opened
    /// it, so `q` straight back to the library left the record as it was.
    #[test]
    fn an_article_opened_from_the_library_is_saved_when_q_is_the_next_key() {
        let (_dir, session, mut app, fingerprint) = library_with_harbour();
        let keys = [Key::plain(KeyCode::Enter), Key::char('q')];
        run_keys(&mut app, session.clone(), &keys);
        let stored = session.store().load(&fingerprint, None).record;
        assert_eq!(stored.title.as_deref(), Some("The Harbour"));
    }

    #[test]
    fn exit_codes_follow_the_shell_convention() {
        assert_eq!(Exit::Quit.code(), 0);
        assert_eq!(Exit::Signal(15).code(), 143);
        assert_eq!(Exit::Signal(1).code(), 129);
    }
}
