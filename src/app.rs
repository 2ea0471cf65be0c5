//! The reader's state and the one function that changes it.
//!
//! [`update`] takes a [`Msg`] (a key, a click, a resize, idle time, the time now) and returns
//! [`Effect`]s for the terminal layer to carry out; it does no I/O, reads no clock and draws no
//! random numbers (time and id seeds arrive as [`Msg::Tick`]), so whole sessions run headless
//! in tests. After a batch of messages, [`App::refresh`] brings the page snapshot up to date;
//! the UI only reads it, and hands back where it drew what can be clicked ([`Msg::Drawn`]).
//!
//! The state is grouped: [`Settings`] (what config, the command line and the reader chose),
//! [`Screen`] (the article, the library, what covers the page), [`Status`] (the message),
//! [`Clock`] (the latest time and the id source), and caches. Keys go to one handler per mode,
//! chosen once by [`App::focus`] (see `mode.rs`).
//!
//! The reading position is a text offset ([`TextPos`]): the top of the current page. Pages are
//! derived from it at the current size, so a resize or a new measure keeps the same sentence on
//! screen. This module never imports ratatui or crossterm.

use crate::annotations::{Annotations, Stamps};
use crate::document::{Document, TextPos};
use crate::keymap::{Key, Keymap, Mode};
use crate::layout::{DEFAULT_MEASURE, LayoutOptions};
use crate::pace::Pace;
use crate::record::Record;
use crate::store::PastSearch;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

mod edit;
mod goto;
mod help;
mod hits;
mod jumps;
mod library;
mod links;
mod mode;
mod outline;
mod panel;
mod prompt;
mod reader;
mod reading;
mod search;
mod select;
mod view;
pub use edit::{LineEdit, Rules};
pub use hits::{Hit, Hits};
pub use jumps::Jumps;
pub use library::Library;
pub use links::LinkEntry;
pub use mode::Focus;
pub use outline::OutlineEntry;
pub use panel::{Entry, Item, Panel, Tab, entries, nearest};
pub use prompt::Ask;
pub use reader::Reader;
pub use search::{Search, remembered_searches, suggestion as search_suggestion};
pub use view::PageView;

/// Below this size the page is not drawn; a notice says so.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// Narrowest and widest measure `-` and `+` reach, and their step.
pub const MIN_MEASURE: u16 = 24;
pub const MAX_MEASURE: u16 = 200;
pub const MEASURE_STEP: u16 = 4;
/// Reading pace until the reader's own is learned.
pub use crate::pace::DEFAULT_WPM;
/// Longest text `y` puts on the clipboard.
pub use select::MAX_COPY_BYTES;

/// How the reading view lays an article out in `size` cells (the window, less a side panel
/// beside the page): the status line takes the last row. `folio outline --width --height`
/// computes its pages with this too, so it lists the pages the reader shows at that size.
pub fn reading_layout(size: (u16, u16), measure: u16, settings: &Settings) -> LayoutOptions {
    LayoutOptions {
        width: size.0,
        height: size.1.saturating_sub(1).max(1),
        measure,
        hyphenate: settings.hyphenate,
        justify: settings.justify,
        // Links are numbered where they are underlined.
        link_marks: !settings.plain_links,
    }
}

/// Cells between the two pages of a spread, at least.
pub const SPREAD_GUTTER: u16 = 8;

/// What the mouse did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    ScrollUp,
    ScrollDown,
    Click,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(Key),
    /// A mouse event at a window cell.
    Mouse(Mouse, u16, u16),
    Resize(u16, u16),
    /// Nothing pending: time to finish background layout.
    Idle,
    /// The whole article, parsed in the background, replaces its beginning.
    Loaded(Arc<Document>),
    /// The article's stored record, looked up in the background: attach it.
    Attach {
        record: Box<Record>,
        read_only: bool,
        notices: Vec<String>,
    },
    /// The deadline for the saved place passed before the record arrived: show the page
    /// ([`App::hold`]).
    Reveal,
    /// A save went through; this is the record as merged with what was on disk.
    Saved(Box<Record>),
    /// A save failed; the message says why. Changes stay in memory.
    SaveFailed(String),
    /// Something the terminal layer did, to tell the reader ("Exported to …").
    Told(String),
    /// The time now, as an instant (for the pace) and as a timestamp (for the record's
    /// stamps); the terminal layer sends it before each input, so the pace can be learned from
    /// page turns and changes are dated while `update` stays a function of its messages.
    Tick(Instant, crate::record::Timestamp),
    /// An article opened from the library, with its record.
    Opened {
        doc: Arc<Document>,
        record: Box<Record>,
        read_only: bool,
        notices: Vec<String>,
    },
    /// The library's entries, read from the store: show them.
    Library(Vec<crate::library::Entry>),
    /// The screen was drawn: where its clickable entries are, for the next clicks.
    Drawn(Hits),
}

/// Something for the terminal layer to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
    /// Clear the terminal and draw everything again.
    Redraw,
    /// Save this record (the terminal layer debounces saves and flushes on exit).
    Save(Box<Record>),
    /// Put this text on the terminal's clipboard (OSC 52), on the reader's request only.
    Copy(String),
    /// Export this article's highlights and bookmarks (Markdown, to the export folder).
    Export(Box<ExportJob>),
    /// Remember the chosen theme for the next session.
    RememberTheme(&'static str),
    /// Remember the reading pace learned from page turns.
    RememberPace(Pace),
    /// Remember the search history (the latest first).
    RememberSearches(Vec<PastSearch>),
    /// Read the library's entries (of [`Settings::folder`] when set) and send them back as
    /// [`Msg::Library`].
    ShowLibrary,
    /// Open this file (saving the open article first) and send it back as [`Msg::Opened`].
    Open(PathBuf),
    /// Move the record with this fingerprint to the trash folder, then send the library again.
    Forget(String),
}

/// What `x` exports: the article as read now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportJob {
    pub doc: Arc<Document>,
    pub record: Record,
}

/// What covers the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    GoTo {
        edit: LineEdit,
    },
    /// Selecting text: `anchor` stays, `head` moves; the selection is between them.
    Select {
        anchor: TextPos,
        head: TextPos,
    },
    Prompt {
        ask: Ask,
        edit: LineEdit,
    },
    /// The outline: headings with their pages; `selected` is the chosen one.
    Outline {
        selected: usize,
    },
    /// The links on the page (`f`); `selected` is the chosen one.
    Links {
        selected: usize,
    },
    /// Typing a search: `regex` is toggled with Ctrl-r; `recalled` is the history entry Up
    /// and Down brought in (0: the latest), `draft` what was typed before.
    Find {
        edit: LineEdit,
        regex: bool,
        recalled: Option<usize>,
        draft: String,
    },
}

/// What the reader chose: config.toml, the command line, and what they set while reading.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: Keymap,
    /// The measure articles opened from the library start with.
    pub measure: u16,
    /// The reading pace until the reader's own is learned (config `wpm`).
    pub wpm: u32,
    /// The pace learned from page turns.
    pub pace: Pace,
    pub hyphenate: bool,
    /// Full justification (config `justify`).
    pub justify: bool,
    /// Links look like the text around them (config `links = "plain"`); else underlined.
    pub plain_links: bool,
    /// Two pages side by side when the window has room (config `spread = "auto"`, the
    /// default; `"off"`: never).
    pub spread: bool,
    /// False under `NO_COLOR`: attributes only.
    pub color: bool,
    /// Wheel turns pages, a click on a panel entry jumps (off: the terminal selects text).
    pub mouse: bool,
    /// Index into [`THEMES`].
    pub theme: usize,
    /// The theme comes from config.toml or `--theme`: `c` changes it for this session only.
    pub theme_fixed: bool,
    /// Search ignores accents (`resume` finds `résumé`).
    pub search_ignore_accents: bool,
    /// The folder a `folio DIR` session lists; `None`: the articles folio knows.
    pub folder: Option<PathBuf>,
    /// The searches typed at `/`, the latest first (kept in `state.json`).
    pub searches: Vec<PastSearch>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            keymap: Keymap::default(),
            measure: DEFAULT_MEASURE,
            wpm: DEFAULT_WPM,
            pace: Pace::default(),
            hyphenate: true,
            justify: false,
            plain_links: false,
            spread: true,
            color: true,
            mouse: true,
            theme: 0,
            theme_fixed: false,
            search_ignore_accents: false,
            folder: None,
            searches: Vec::new(),
        }
    }
}

/// What is on screen: the open article (and what covers it), or the library.
#[derive(Debug, Clone)]
pub struct Screen {
    pub reader: Option<Reader>,
    /// The library, when shown (over the reader, or alone when no article is open).
    pub library: Option<Library>,
    pub overlay: Overlay,
    /// The side panel, when open.
    pub panel: Option<Panel>,
    /// The active search, its matches marked on the page; Esc clears it.
    pub search: Option<Search>,
    /// Text just jumped to from the panel, marked on the page until the next key.
    pub flash: Option<Range<usize>>,
    /// The article was opened from the library: `q` goes back there.
    pub from_library: bool,
    /// The article just left for the library (its fingerprint and title): the library's
    /// cursor goes back to it.
    pub just_read: Option<(String, String)>,
}

/// The status line's own news.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// A one-line message for the status bar, cleared by the next key.
    pub message: Option<String>,
    /// The key being handled found a message on screen (and cleared it): for Esc, that was
    /// the one thing it closes.
    pub cleared: bool,
}

/// Time and new ids, as they arrived in messages.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// The time of the latest [`Msg::Tick`].
    pub now: Option<Instant>,
    /// The time and id source for the record's changes (set by [`Msg::Tick`]; the terminal
    /// layer seeds the ids at random).
    pub stamps: Stamps,
}

/// What `refresh` and drawing computed, kept for the UI and for clicks.
#[derive(Debug, Clone, Default)]
struct Caches {
    /// The outline as drawn, while it is open.
    outline: Vec<OutlineEntry>,
    /// The page's links as drawn, while their list is open.
    links: Vec<LinkEntry>,
    /// Where the last frame drew its clickable entries.
    hits: Hits,
}

/// The whole state of a session.
#[derive(Debug, Clone)]
pub struct App {
    pub settings: Settings,
    pub screen: Screen,
    pub status: Status,
    pub clock: Clock,
    /// The window, in cells.
    pub size: (u16, u16),
    /// The page as the UI draws it (computed by [`App::refresh`]).
    pub view: PageView,
    caches: Caches,
}

impl App {
    fn new(size: (u16, u16)) -> App {
        App {
            settings: Settings::default(),
            screen: Screen {
                reader: None,
                library: None,
                overlay: Overlay::None,
                panel: None,
                search: None,
                flash: None,
                from_library: false,
                just_read: None,
            },
            status: Status::default(),
            clock: Clock::default(),
            size,
            view: PageView::default(),
            caches: Caches::default(),
        }
    }

    /// A session reading one article.
    pub fn with_document(doc: Arc<Document>, size: (u16, u16), measure: u16) -> App {
        let mut app = App::new(size);
        app.open(doc, measure);
        app.tell_notices();
        app.refresh();
        app
    }

    /// The open article's notices (a guessed encoding, chapters of a book skipped), all of
    /// them, on the status line.
    fn tell_notices(&mut self) {
        let notices = self.screen.reader.as_ref().map(|r| &r.doc.meta.notices);
        self.status.message = notices.filter(|n| !n.is_empty()).map(|n| n.join(" · "));
    }

    /// A session that starts with the library: articles to choose from.
    pub fn with_library(
        entries: Vec<crate::library::Entry>,
        heading: &str,
        size: (u16, u16),
    ) -> App {
        let mut app = App::new(size);
        app.screen.library = Some(Library::new(entries, heading));
        app.refresh();
        app
    }

    /// The outline as drawn, while it is open (computed by [`App::refresh`]).
    pub fn outline_view(&self) -> &[OutlineEntry] {
        &self.caches.outline
    }

    /// The page's links as drawn, while their list is open (computed by [`App::refresh`]).
    pub fn links_view(&self) -> &[LinkEntry] {
        &self.caches.links
    }

    /// Opens an article chosen in the library, at the measure in use; `q` goes back there.
    fn open_from_library(&mut self, doc: Arc<Document>) {
        let measure = self
            .screen
            .reader
            .as_ref()
            .map_or(self.settings.measure, |r| r.measure);
        self.open(doc, measure);
        self.tell_notices();
        self.screen.library = None;
        self.screen.from_library = true;
        self.screen.overlay = Overlay::None;
        self.screen.search = None;
        self.screen.panel = None;
    }

    fn open(&mut self, doc: Arc<Document>, measure: u16) {
        let opts = self.layout_options(measure);
        let mut reader = Reader::new(doc, opts, measure);
        reader.spread = self.spread_fits(measure);
        self.screen.reader = Some(reader);
    }

    /// Attaches the article's stored record: returns to the stored position and places the
    /// highlights and bookmarks. `notices` go to the status line.
    pub fn attach(&mut self, record: Record, read_only: bool, notices: &[String]) {
        if let Some(r) = self.screen.reader.as_mut() {
            r.held = false;
            r.notes = Annotations::new(&r.doc, record, read_only);
            // The record now describes this text: items found moved or edited keep the place
            // the reader shows (saved below with the rest).
            r.notes.refresh(&r.doc);
            reader::describe(&mut r.notes.record, &r.doc);
            if let Some(pos) = r.notes.position(&r.doc) {
                // The place left for the saved one is a jump back (the article's start).
                r.jumps.left(r.pos, pos);
                r.pos = pos;
                r.page = r.layout.page_of(pos);
                r.scrolled = false;
            }
            r.saved_pos = r.pos;
            // Saved once on open, so the record knows this path and when it was opened.
            r.dirty = true;
            r.attached = true;
            let orphans = r.notes.orphans().count();
            let mut told: Vec<String> = notices.to_vec();
            if orphans > 0 {
                told.push(format!(
                    "{orphans} highlight(s) no longer found in the text: kept, and tried again next time"
                ));
            }
            if !told.is_empty() {
                // After the article's own notices, when they are still shown.
                told.splice(0..0, self.status.message.take());
                self.status.message = Some(told.join(" · "));
            }
        }
        self.refresh();
    }

    /// Draws only the status line until the record is attached (or [`Msg::Reveal`], or a key):
    /// reopening at a saved place must not show the beginning first.
    pub fn hold(&mut self) {
        if let Some(r) = self.screen.reader.as_mut() {
            r.held = true;
        }
    }

    /// Marks the open article as the beginning of a text about `len` bytes long; the rest
    /// arrives as [`Msg::Loaded`].
    pub fn set_loading(&mut self, len: usize) {
        if let Some(r) = self.screen.reader.as_mut() {
            r.loading = Some(len);
        }
        self.refresh();
    }

    fn layout_options(&self, measure: u16) -> LayoutOptions {
        let width = self.page_width();
        let width = if self.spread_fits(measure) {
            // Each page of a spread: half the window less the gutter.
            (width - SPREAD_GUTTER) / 2
        } else {
            width
        };
        reading_layout((width, self.size.1), measure, &self.settings)
    }

    /// The width the page has: the window less a side panel beside it.
    fn page_width(&self) -> u16 {
        let beside = self.screen.panel.as_ref().and(panel_beside(self.size.0));
        self.size.0 - beside.map_or(0, |w| w + 1)
    }

    /// Two pages side by side: config.toml allows it (`spread = "auto"`, the default) and the
    /// page has room for two columns at `measure` and a gutter between them.
    pub fn spread_fits(&self, measure: u16) -> bool {
        self.settings.spread
            && usize::from(self.page_width())
                >= 2 * usize::from(measure) + usize::from(SPREAD_GUTTER)
    }

    /// The theme in use: `mono` under `NO_COLOR`.
    pub fn theme_name(&self) -> &'static str {
        if self.settings.color {
            THEMES
                .get(self.settings.theme)
                .copied()
                .unwrap_or("default")
        } else {
            "mono"
        }
    }

    /// Chooses a theme by name; unknown names leave the theme as it is.
    pub fn set_theme(&mut self, name: &str) {
        if let Some(i) = THEMES.iter().position(|t| *t == name) {
            self.settings.theme = i;
        }
    }

    /// True when the terminal is too small to read in.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The key table for what is on screen (text inputs are typed into over their mode's
    /// table: see [`App::focus`]).
    pub fn mode(&self) -> Mode {
        match (&self.screen.overlay, &self.screen.reader) {
            (Overlay::Help { .. }, _) => Mode::Help,
            _ if self.screen.library.is_some() => Mode::Library,
            (Overlay::Select { .. }, Some(_)) => Mode::Select,
            (Overlay::Outline { .. }, Some(_)) => Mode::Outline,
            (Overlay::Links { .. }, Some(_)) => Mode::Links,
            (Overlay::None, Some(_)) if self.screen.panel.is_some() => Mode::Panel,
            (_, Some(_)) => Mode::Reading,
            (_, None) => Mode::Library,
        }
    }

    /// True while layout or indexing is still to be finished in idle time.
    pub fn wants_idle(&self) -> bool {
        self.screen
            .reader
            .as_ref()
            .is_some_and(|r| !r.layout.is_complete() || r.words_before.is_none())
            && !self.too_small()
    }
}

/// The themes `c` cycles through; `NO_COLOR` forces `mono`.
pub const THEMES: [&str; 5] = crate::config::THEME_NAMES;

/// Narrowest panel, and the page width a panel beside it must leave.
pub const PANEL_MIN: u16 = 28;
pub const PAGE_BESIDE_PANEL: u16 = 60;

/// The panel's width when it fits beside the page at this window width; `None` when it covers
/// the page instead.
pub fn panel_beside(width: u16) -> Option<u16> {
    let panel = (width / 3).max(PANEL_MIN);
    (width.saturating_sub(panel + 1) >= PAGE_BESIDE_PANEL).then_some(panel)
}

/// Applies one message. Pure: the returned effects are the only way out.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    if let Msg::Drawn(hits) = msg {
        // Drawing changes nothing the record or the pace follow.
        app.caches.hits = hits;
        return Vec::new();
    }
    let before = app.screen.reader.as_ref().map(|r| (r.page, r.pos));
    let mut effects = apply(app, msg);
    effects.extend(learn_pace(app, before));
    // The record follows the reading position and every change; the terminal layer debounces.
    let small = app.too_small();
    if let Some(r) = app.screen.reader.as_mut() {
        if r.pos != r.saved_pos {
            r.saved_pos = r.pos;
            r.dirty |= r.notes.set_position(&r.doc, r.pos, &app.clock.stamps);
        }
        if !small {
            r.dirty |= r.note_progress();
        }
        if std::mem::take(&mut r.dirty) && r.attached && !r.notes.read_only {
            effects.push(Effect::Save(Box::new(r.notes.record.clone())));
        }
    }
    effects
}

/// The entry after (`down`) or before `selected` in a list of `n`, stopping at the first and
/// the last (as less and vim do): how every list (outline, links, panel, library) moves its
/// choice.
fn move_choice(selected: usize, n: usize, down: bool) -> usize {
    if down {
        (selected + 1).min(n.saturating_sub(1))
    } else {
        selected.saturating_sub(1)
    }
}

/// Ends [`App::hold`]: the page is drawn.
fn reveal(app: &mut App) {
    if let Some(r) = app.screen.reader.as_mut() {
        r.held = false;
    }
}

fn apply(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            reveal(app);
            app.status.cleared = app.status.message.take().is_some();
            app.screen.flash = None;
            return mode::key(app, key);
        }
        Msg::Mouse(kind, x, y) => return hits::mouse(app, kind, x, y),
        Msg::Resize(w, h) => app.size = (w, h),
        Msg::Idle => reader::idle(app),
        Msg::Loaded(doc) => {
            if let Some(reader) = app.screen.reader.as_mut() {
                reader.loaded(doc);
            }
        }
        Msg::Attach {
            record,
            read_only,
            notices,
        } => app.attach(*record, read_only, &notices),
        Msg::Reveal => reveal(app),
        Msg::Saved(record) => saved(app, *record),
        Msg::Tick(now, utc) => {
            app.clock.now = Some(now);
            app.clock.stamps.set_now(utc);
        }
        Msg::Opened {
            doc,
            record,
            read_only,
            notices,
        } => {
            app.open_from_library(doc);
            app.attach(*record, read_only, &notices);
        }
        Msg::Library(entries) => library::show(app, entries),
        Msg::SaveFailed(why) | Msg::Told(why) => app.status.message = Some(why),
        // Taken by `update` before any bookkeeping: drawing changes nothing it follows.
        Msg::Drawn(_) => {}
    }
    Vec::new()
}

/// A save went through: merge what was on disk. A save of the article read before the library
/// opened another is not this one's.
fn saved(app: &mut App, record: Record) {
    if let Some(r) = app
        .screen
        .reader
        .as_mut()
        .filter(|r| r.notes.record.fingerprint == record.fingerprint)
    {
        r.notes.merged(&r.doc, record);
    }
}

/// A turn to the next page teaches the pace: the words of the page left over the time it was
/// shown (skims and pauses are ignored by [`Pace::observe`]). Any move starts the clock for the
/// new page; a resize, which keeps the place, does not.
fn learn_pace(app: &mut App, before: Option<(usize, TextPos)>) -> Option<Effect> {
    let now = app.clock.now?;
    let r = app.screen.reader.as_mut()?;
    let Some((page, pos)) = before else {
        r.shown_since = Some((r.page, now));
        return None;
    };
    if r.pos == pos {
        if r.shown_since.is_none() {
            r.shown_since = Some((r.page, now));
        }
        return None;
    }
    let since = r.shown_since.replace((r.page, now));
    let (shown, t0) = since?;
    // The page just left is still the view (refresh comes after the batch).
    if r.page != page + 1 || shown != page || app.view.page != page {
        return None;
    }
    let words: usize = app
        .view
        .lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.text.split_whitespace().count())
        .sum();
    let seconds = now.saturating_duration_since(t0).as_secs_f64();
    app.settings
        .pace
        .observe(words, seconds)
        .then_some(Effect::RememberPace(app.settings.pace))
}

#[cfg(test)]
mod tests;
