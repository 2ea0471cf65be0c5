//! In-process helpers for the reading and library screens: key names to messages (strictly),
//! pressing keys, drawing an [`App`] on a ratatui `TestBackend`, and a host that hands saves to
//! a closure.

use folio::app::{App, ExportJob, Msg, update};
use folio::keymap::Key;
use folio::record::Record;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The key called `name` in the keymap's own notation (`"q"`, `"Space"`, `"Ctrl-L"`, `"F3"`).
/// An unknown name panics: a misspelt key would otherwise press nothing and let a "nothing
/// happens" assertion pass.
#[track_caller]
pub fn named(name: &str) -> Key {
    name.parse()
        .unwrap_or_else(|e| panic!("unknown key name {name:?} in a test: {e}"))
}

/// The message of pressing the key called `name` (see [`named`]).
#[track_caller]
pub fn key(name: &str) -> Msg {
    Msg::Key(named(name))
}

/// Presses the keys called `names` in turn, then lays the screen out again.
#[track_caller]
pub fn press(app: &mut App, names: &[&str]) {
    for name in names {
        update(app, key(name));
    }
    app.refresh();
}

/// Types `text` into whatever has the focus, a character at a time (no refresh).
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Msg::Key(Key::char(c)));
    }
}

/// Runs the idle work (the background layout) to its end.
pub fn idle(app: &mut App) {
    while app.wants_idle() {
        update(app, Msg::Idle);
    }
}

/// Runs the idle work to its end and lays the screen out.
pub fn settle(app: &mut App) {
    idle(app);
    app.refresh();
}

/// A terminal of `w` x `h` cells.
pub fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("test backend: {e}"))
}

/// `app` drawn on a fresh `w` x `h` terminal.
pub fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = terminal(w, h);
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    terminal
}

/// The screen as text, one string per row (every cell's symbol, trailing blanks kept).
pub fn rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    buffer
        .content()
        .chunks(width.max(1))
        .map(|row| row.iter().map(|cell| cell.symbol()).collect())
        .collect()
}

/// A host for the event loop that hands every save to `save`; no suspend, clipboard or export
/// (an export is refused).
pub struct Saves<F>(pub F);

impl<F> folio::tui::Console for Saves<F> {
    fn suspend(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn copy(&mut self, _text: &str) {}
}

impl<F: FnMut(&Record) -> Result<Record, String>> folio::tui::Services for Saves<F> {
    fn save(&mut self, record: &Record) -> Result<Record, String> {
        (self.0)(record)
    }

    fn export(&mut self, _job: &ExportJob) -> Result<String, String> {
        Err("no exports here".into())
    }
}
