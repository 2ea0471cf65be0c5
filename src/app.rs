//! The reader's state and the one function that changes it.
//!
//! [`update`] takes a [`Msg`] (a key, a resize, idle time) and returns [`Effect`]s for the
//! terminal layer to carry out; it does no I/O and never touches the terminal, so whole sessions
//! run headless in tests. After a batch of messages, [`App::refresh`] brings the page snapshot up
//! to date; the UI only reads it.
//!
//! The reading position is a text offset ([`TextPos`]): the top of the current page. Pages are
//! derived from it at the current size, so a resize or a new measure keeps the same sentence on
//! screen.

use crate::annotations::{Annotations, Stamps};
use crate::document::{Document, TextPos};
use crate::keymap::{Action, Key, KeyCode, Keymap, Mode};
use crate::layout::{DEFAULT_MEASURE, Layout, LayoutOptions, Line};
use crate::pace::Pace;
use crate::record::Record;
use crate::select::{self, Unit};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

mod edit;
mod library;
mod panel;
pub use edit::LineEdit;
pub use library::{Library, entry_at as library_entry_at, list_geometry as library_geometry};
pub use panel::{
    Entry, Item, Panel, Row, RowKind, Tab, area as panel_area, entries, entry_at, list_top,
    nearest, visible_rows, wrap,
};

/// Below this size the page is not drawn; a notice says so.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// Narrowest and widest measure `-` and `+` reach, and their step.
pub const MIN_MEASURE: u16 = 24;
pub const MAX_MEASURE: u16 = 200;
pub const MEASURE_STEP: u16 = 4;
/// Reading pace until the reader's own is learned.
pub use crate::pace::DEFAULT_WPM;
/// Fewer words than this before a heading do not make a section of their own.
const SECTION_MIN_WORDS: usize = 30;
/// Pages laid out per idle step: small enough to keep keys responsive.
const IDLE_PAGES: usize = 200;

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
    /// Read the library's entries (of [`App::folder`] when set) and send them back as
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

/// What a one-line prompt is asking for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// A note for the highlight with this id (already saved without one).
    Note { id: String },
    /// A label for a new bookmark at this position.
    BookmarkLabel { pos: TextPos },
    /// A new label for the bookmark with this id.
    Label { id: String },
    /// Whether to remove the bookmark with this id.
    RemoveBookmark { id: String },
}

/// What covers the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    GoTo {
        input: String,
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
    /// Typing a search.
    Find {
        edit: LineEdit,
    },
}

/// The last search and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Byte ranges of the document text, in reading order.
    pub matches: Vec<Range<usize>>,
    /// Index of the match the reader is at.
    pub current: usize,
}

/// An open article.
#[derive(Debug, Clone)]
pub struct Reader {
    pub doc: Arc<Document>,
    pub title: String,
    layout: Layout,
    /// The top of the current page: the truth the page is derived from.
    pub pos: TextPos,
    pub page: usize,
    pub measure: u16,
    /// Words before each block, filled in idle time for the time-left estimate.
    words_before: Option<Vec<usize>>,
    /// Indexes of the heading blocks, found with `words_before`, for the section's time.
    heading_blocks: Vec<usize>,
    /// While only the beginning is parsed: the length the whole text will have (about).
    pub loading: Option<usize>,
    /// Position, bookmarks and highlights, placed in the text.
    pub notes: Annotations,
    /// Quotations found in the article, computed when the panel first needs them.
    pub quotes: Vec<crate::quotes::Quote>,
    quotes_found: bool,
    /// The position last written into the record (saves happen when it changes).
    saved_pos: TextPos,
    /// The record changed and should be saved.
    dirty: bool,
    /// The record came from the store: only then is it saved (samples and an article whose
    /// record is still being looked up keep their notes in memory).
    attached: bool,
    /// The page on screen and since when (from [`Msg::Tick`]), for learning the pace.
    shown_since: Option<(usize, Instant)>,
}

/// What the UI draws for the page: computed by [`App::refresh`], read-only for the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageView {
    pub lines: Vec<Line>,
    /// 0-based page index.
    pub page: usize,
    /// Page count, once the whole document is laid out.
    pub pages: Option<usize>,
    pub percent: u8,
    pub minutes_left: Option<u32>,
    /// Minutes to the next heading, when the article has sections.
    pub section_minutes_left: Option<u32>,
    pub column: u16,
    /// Highlighted document ranges that touch this page.
    pub highlights: Vec<Range<usize>>,
    /// The selection, in select mode.
    pub selection: Option<Range<usize>>,
    /// This page holds a bookmark.
    pub bookmarked: bool,
    /// Search matches that touch this page, and the current one.
    pub matches: Vec<Range<usize>>,
    pub current_match: Option<Range<usize>>,
    /// The heading of the section the page is in.
    pub section: Option<String>,
}

/// The whole state of a session.
#[derive(Debug, Clone)]
pub struct App {
    pub reader: Option<Reader>,
    /// The library, when shown (over the reader, or alone when no article is open).
    pub library: Option<Library>,
    pub overlay: Overlay,
    pub size: (u16, u16),
    pub keymap: Keymap,
    /// A one-line message for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub view: PageView,
    /// The reading pace until the reader's own is learned (config `wpm`).
    pub wpm: u32,
    /// The pace learned from page turns.
    pub pace: Pace,
    /// The time of the latest [`Msg::Tick`].
    pub now: Option<Instant>,
    /// The measure articles opened from the library start with.
    pub measure: u16,
    /// Search ignores accents (`resume` finds `résumé`).
    pub search_ignore_accents: bool,
    /// The article was opened from the library: `q` goes back there.
    pub from_library: bool,
    /// The folder a `folio DIR` session lists; `None`: the articles folio knows.
    pub folder: Option<PathBuf>,
    /// Full justification (config `justify`).
    pub justify: bool,
    /// The theme comes from config.toml or `--theme`: `c` changes it for this session only.
    pub theme_fixed: bool,
    pub hyphenate: bool,
    /// False under `NO_COLOR`: attributes only.
    pub color: bool,
    /// The side panel, when open.
    pub panel: Option<Panel>,
    /// Text just jumped to from the panel, marked on the page until the next key.
    pub flash: Option<Range<usize>>,
    /// Wheel turns pages, a click on a panel entry jumps (off: the terminal selects text).
    pub mouse: bool,
    /// The active search, its matches marked on the page; Esc clears it.
    pub search: Option<Search>,
    /// The outline as drawn, while it is open (computed by `refresh`).
    pub outline_view: Vec<OutlineEntry>,
    /// Index into [`THEMES`].
    pub theme: usize,
    /// The time and id source for the record's changes (set by [`Msg::Tick`]; the terminal
    /// layer seeds the ids at random).
    pub stamps: Stamps,
}

impl App {
    fn new(size: (u16, u16)) -> App {
        App {
            reader: None,
            library: None,
            overlay: Overlay::None,
            size,
            keymap: Keymap::default(),
            message: None,
            view: PageView::default(),
            wpm: DEFAULT_WPM,
            pace: Pace::default(),
            now: None,
            measure: DEFAULT_MEASURE,
            search_ignore_accents: false,
            from_library: false,
            folder: None,
            justify: false,
            theme_fixed: false,
            hyphenate: true,
            color: true,
            panel: None,
            flash: None,
            mouse: true,
            search: None,
            outline_view: Vec::new(),
            theme: 0,
            stamps: Stamps::default(),
        }
    }

    /// A session reading one article.
    pub fn with_document(doc: Arc<Document>, size: (u16, u16), measure: u16) -> App {
        let mut app = App::new(size);
        app.open(doc, measure);
        app.message = app
            .reader
            .as_ref()
            .and_then(|r| r.doc.meta.notices.first().cloned());
        app.refresh();
        app
    }

    /// A session that starts with the library: articles to choose from.
    pub fn with_library(
        entries: Vec<crate::library::Entry>,
        heading: &str,
        size: (u16, u16),
    ) -> App {
        let mut app = App::new(size);
        app.library = Some(Library::new(entries, heading));
        app.refresh();
        app
    }

    /// Opens an article chosen in the library, at the measure in use; `q` goes back there.
    fn open_from_library(&mut self, doc: Arc<Document>) {
        let measure = self.reader.as_ref().map_or(self.measure, |r| r.measure);
        self.open(doc, measure);
        self.library = None;
        self.from_library = true;
        self.overlay = Overlay::None;
        self.search = None;
        self.panel = None;
    }

    fn open(&mut self, doc: Arc<Document>, measure: u16) {
        let title = doc
            .meta
            .title
            .clone()
            .unwrap_or_else(|| "Untitled".to_string());
        let opts = self.layout_options(measure);
        self.reader = Some(Reader {
            layout: Layout::new(Arc::clone(&doc), opts),
            notes: Annotations::in_memory(&doc),
            doc,
            title,
            pos: TextPos(0),
            page: 0,
            measure,
            words_before: None,
            heading_blocks: Vec::new(),
            loading: None,
            saved_pos: TextPos(0),
            dirty: false,
            attached: false,
            quotes: Vec::new(),
            quotes_found: false,
            shown_since: None,
        });
    }

    /// Attaches the article's stored record: returns to the stored position and places the
    /// highlights and bookmarks. `notices` go to the status line.
    pub fn attach(&mut self, record: Record, read_only: bool, notices: &[String]) {
        if let Some(r) = self.reader.as_mut() {
            r.notes = Annotations::new(&r.doc, record, read_only);
            describe(&mut r.notes.record, &r.doc);
            if let Some(pos) = r.notes.position(&r.doc) {
                r.pos = pos;
                r.page = r.layout.page_of(pos);
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
                self.message = Some(told.join(" · "));
            }
        }
        self.refresh();
    }

    /// Marks the open article as the beginning of a text about `len` bytes long; the rest
    /// arrives as [`Msg::Loaded`].
    pub fn set_loading(&mut self, len: usize) {
        if let Some(r) = self.reader.as_mut() {
            r.loading = Some(len);
        }
        self.refresh();
    }

    fn layout_options(&self, measure: u16) -> LayoutOptions {
        let beside = self.panel.as_ref().and(panel_beside(self.size.0));
        LayoutOptions {
            width: self.size.0 - beside.map_or(0, |w| w + 1),
            height: self.size.1.saturating_sub(1).max(1),
            measure,
            hyphenate: self.hyphenate,
            justify: self.justify,
        }
    }

    /// The theme in use: `mono` under `NO_COLOR`.
    pub fn theme_name(&self) -> &'static str {
        if self.color {
            THEMES.get(self.theme).copied().unwrap_or("default")
        } else {
            "mono"
        }
    }

    /// Chooses a theme by name; unknown names leave the theme as it is.
    pub fn set_theme(&mut self, name: &str) {
        if let Some(i) = THEMES.iter().position(|t| *t == name) {
            self.theme = i;
        }
    }

    /// True when the terminal is too small to read in.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The key table for what is on screen.
    pub fn mode(&self) -> Mode {
        match (&self.overlay, &self.reader) {
            (Overlay::Help { .. }, _) => Mode::Help,
            _ if self.library.is_some() => Mode::Library,
            (Overlay::Select { .. }, Some(_)) => Mode::Select,
            (Overlay::Outline { .. }, Some(_)) => Mode::Outline,
            (Overlay::None, Some(_)) if self.panel.is_some() => Mode::Panel,
            (_, Some(_)) => Mode::Reading,
            (_, None) => Mode::Library,
        }
    }

    /// True while layout or indexing is still to be finished in idle time.
    pub fn wants_idle(&self) -> bool {
        self.reader
            .as_ref()
            .is_some_and(|r| !r.layout.is_complete() || r.words_before.is_none())
            && !self.too_small()
    }

    /// Brings the layout and the page snapshot in line with the size and position.
    pub fn refresh(&mut self) {
        if self.too_small() {
            return;
        }
        self.outline_view = if matches!(self.overlay, Overlay::Outline { .. }) {
            outline(self)
        } else {
            Vec::new()
        };
        let Some(measure) = self.reader.as_ref().map(|r| r.measure) else {
            return;
        };
        let opts = self.layout_options(measure);
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        if reader.layout.options() != opts {
            reader.layout.reconfigure(opts);
            reader.page = reader.layout.page_of(reader.pos);
        }
        let lines = reader
            .layout
            .page(reader.page)
            .map(<[Line]>::to_vec)
            .unwrap_or_default();
        let (known, complete) = reader.layout.pages_known();
        let complete = complete && reader.loading.is_none();
        let len = reader.loading.unwrap_or(reader.doc.text.len());
        let end = lines
            .iter()
            .rev()
            .find(|l| !l.is_blank())
            .map_or(reader.pos.0, |l| l.src.end);
        let last_page = complete && reader.page + 1 >= known;
        let percent = if len == 0 || last_page {
            100
        } else {
            u8::try_from(end * 100 / len).unwrap_or(100).min(99)
        };
        let wpm = self.pace.wpm_or(self.wpm);
        let minutes_for = |words: usize| u32::try_from(words).unwrap_or(u32::MAX) / wpm;
        let mut section_words = None;
        let words_left = match &reader.words_before {
            Some(before) if reader.loading.is_none() => {
                let total = before.last().copied().unwrap_or(0);
                let block = reader.doc.block_at(reader.pos);
                let here = before.get(block).copied().unwrap_or(0);
                // The section ends at the next heading; only articles with headings have them.
                // A heading with next to nothing before it (the title page, a page that ends
                // just before a heading) is where the section starts, not where it ends.
                let headings = &reader.heading_blocks;
                let after = headings.partition_point(|&i| i <= block);
                let next = headings[after..].iter().copied().find(|&i| {
                    before
                        .get(i)
                        .is_some_and(|w| w.saturating_sub(here) >= SECTION_MIN_WORDS)
                });
                // In a section: a heading ahead, or one at or before the page's top.
                if next.is_some() || after > 0 {
                    let end = next.map_or(total, |i| before.get(i).copied().unwrap_or(total));
                    section_words = Some(end.saturating_sub(here));
                }
                total.saturating_sub(here)
            }
            // Until the index is built: about six bytes a word.
            _ => len.saturating_sub(reader.pos.0) / 6,
        };
        let minutes = minutes_for(words_left);
        let section_minutes_left = section_words.map(minutes_for);
        let first = lines
            .iter()
            .find(|l| !l.is_blank())
            .map_or(reader.pos.0, |l| l.src.start);
        let shown = first..end.max(first);
        let highlights = reader
            .notes
            .highlight_ranges()
            .into_iter()
            .map(|(_, r)| r.start.0..r.end.0)
            .filter(|r| r.start < shown.end && r.end > shown.start)
            .collect();
        let selection = match &self.overlay {
            Overlay::Select { anchor, head } => Some(anchor.0.min(head.0)..anchor.0.max(head.0)),
            _ => None,
        };
        // A bookmark belongs to the page whose text holds its position.
        let bookmarked = reader
            .notes
            .bookmark_in(&(shown.start..shown.end.max(shown.start + 1)))
            .is_some();
        let (matches, current_match) = match &self.search {
            Some(s) => (
                s.matches
                    .iter()
                    .filter(|m| m.start < shown.end && m.end > shown.start)
                    .cloned()
                    .collect(),
                s.matches.get(s.current).cloned(),
            ),
            None => (Vec::new(), None),
        };
        self.view = PageView {
            lines,
            page: reader.page,
            pages: complete.then_some(known.max(1)),
            percent,
            minutes_left: Some(minutes),
            section_minutes_left,
            column: u16::try_from(opts.column()).unwrap_or(u16::MAX),
            highlights,
            selection,
            bookmarked,
            matches,
            current_match,
            section: reader.doc.section_of(TextPos(first)).map(str::to_string),
        };
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
    let before = app.reader.as_ref().map(|r| (r.page, r.pos));
    let mut effects = apply(app, msg);
    effects.extend(learn_pace(app, before));
    // The record follows the reading position and every change; the terminal layer debounces.
    if let Some(r) = app.reader.as_mut() {
        if r.pos != r.saved_pos {
            r.saved_pos = r.pos;
            r.dirty |= r.notes.set_position(&r.doc, r.pos, &app.stamps);
            if r.loading.is_none() {
                let pct = r.pos.0 * 100 / r.doc.text.len().max(1);
                r.notes.record.progress = u8::try_from(pct.min(100)).ok();
            }
        }
        if std::mem::take(&mut r.dirty) && r.attached && !r.notes.read_only {
            effects.push(Effect::Save(Box::new(r.notes.record.clone())));
        }
    }
    effects
}

fn apply(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(w, h) => {
            app.size = (w, h);
            Vec::new()
        }
        Msg::Idle => {
            idle(app);
            Vec::new()
        }
        Msg::Loaded(doc) => {
            if let Some(reader) = app.reader.as_mut() {
                loaded(reader, doc);
            }
            Vec::new()
        }
        Msg::Attach {
            record,
            read_only,
            notices,
        } => {
            app.attach(*record, read_only, &notices);
            Vec::new()
        }
        Msg::Saved(record) => {
            // A save of the article read before the library opened another is not this one's.
            if let Some(r) = app
                .reader
                .as_mut()
                .filter(|r| r.notes.record.fingerprint == record.fingerprint)
            {
                r.notes.merged(&r.doc, *record);
            }
            Vec::new()
        }
        Msg::Mouse(kind, x, y) => mouse(app, kind, x, y),
        Msg::Tick(now, utc) => {
            app.now = Some(now);
            app.stamps.set_now(utc);
            Vec::new()
        }
        Msg::Opened {
            doc,
            record,
            read_only,
            notices,
        } => {
            app.open_from_library(doc);
            app.attach(*record, read_only, &notices);
            Vec::new()
        }
        Msg::Library(entries) => {
            let heading = app
                .folder
                .as_deref()
                .map_or_else(|| "Library".to_string(), crate::open::display_path);
            let selected = app.library.as_ref().map_or(0, |l| l.selected);
            let mut lib = Library::new(entries, &heading);
            lib.selected = selected.min(lib.visible().len().saturating_sub(1));
            app.library = Some(lib);
            app.overlay = Overlay::None;
            Vec::new()
        }
        Msg::SaveFailed(why) | Msg::Told(why) => {
            app.message = Some(why);
            Vec::new()
        }
        Msg::Key(key) => {
            app.message = None;
            app.flash = None;
            if app.panel.as_ref().is_some_and(|p| p.filtering) && app.overlay == Overlay::None {
                filter_key(app, key);
                return Vec::new();
            }
            if let Overlay::GoTo { input } = &mut app.overlay {
                return goto_key(app_input(input, key), app);
            }
            if matches!(app.overlay, Overlay::Prompt { .. }) {
                prompt_key(app, key);
                return Vec::new();
            }
            if matches!(app.overlay, Overlay::Find { .. }) {
                find_key(app, key);
                return Vec::new();
            }
            if app.mode() == Mode::Library
                && let Some(effects) = library::key(app, key)
            {
                return effects;
            }
            let Some(action) = app.keymap.action(app.mode(), key) else {
                return Vec::new();
            };
            if app.mode() == Mode::Library
                && let Some(effects) = library::act(app, action)
            {
                return effects;
            }
            act(app, action)
        }
    }
}

/// A turn to the next page teaches the pace: the words of the page left over the time it was
/// shown (skims and pauses are ignored by [`Pace::observe`]). Any move starts the clock for the
/// new page; a resize, which keeps the place, does not.
fn learn_pace(app: &mut App, before: Option<(usize, TextPos)>) -> Option<Effect> {
    let now = app.now?;
    let r = app.reader.as_mut()?;
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
    app.pace
        .observe(words, seconds)
        .then_some(Effect::RememberPace(app.pace))
}

/// Swaps in the whole article. Positions in the beginning are valid in the whole (the
/// `parse_prefix` contract), so the reader stays where they are.
fn loaded(reader: &mut Reader, doc: Arc<Document>) {
    if reader.pos.0 > doc.text.len() || !doc.text.is_char_boundary(reader.pos.0) {
        reader.pos = TextPos(0);
    }
    if let Some(title) = &doc.meta.title {
        reader.title.clone_from(title);
    }
    let opts = reader.layout.options();
    reader.layout = Layout::new(Arc::clone(&doc), opts);
    reader.doc = doc;
    reader.page = reader.layout.page_of(reader.pos);
    reader.words_before = None;
    reader.loading = None;
    reader.notes.rebase(&reader.doc);
    describe(&mut reader.notes.record, &reader.doc);
    reader.quotes_found = false;
    reader.quotes.clear();
}

/// What the record says about the article itself, from the document's metadata.
fn describe(record: &mut Record, doc: &Document) {
    record.title.clone_from(&doc.meta.title);
    record.author.clone_from(&doc.meta.author);
    if doc.meta.language.is_some() {
        record.language.clone_from(&doc.meta.language);
    }
}

fn idle(app: &mut App) {
    if app.too_small() {
        return;
    }
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    if !reader.layout.is_complete() {
        reader.layout.advance(IDLE_PAGES);
    } else if reader.words_before.is_none() {
        let mut total = 0;
        let mut before = Vec::with_capacity(reader.doc.blocks.len() + 1);
        for block in &reader.doc.blocks {
            before.push(total);
            total += reader.doc.block_text(block).split_whitespace().count();
        }
        before.push(total);
        reader.words_before = Some(before);
        reader.heading_blocks = reader
            .doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b.kind, crate::document::BlockKind::Heading { .. }))
            .map(|(i, _)| i)
            .collect();
        reader.notes.record.words = u64::try_from(total).unwrap_or(u64::MAX);
    }
}

/// What a key does to the go-to prompt.
enum PromptKey {
    Edit,
    Submit(String),
    Cancel,
}

fn app_input(input: &mut String, key: Key) -> PromptKey {
    match key.code {
        KeyCode::Enter => PromptKey::Submit(std::mem::take(input)),
        KeyCode::Esc => PromptKey::Cancel,
        KeyCode::Char('c') if key.ctrl => PromptKey::Cancel,
        KeyCode::Backspace => {
            if input.pop().is_none() {
                return PromptKey::Cancel;
            }
            PromptKey::Edit
        }
        KeyCode::Char(c) if !key.ctrl && !key.alt && input.chars().count() < 12 => {
            if c.is_ascii_digit() || c == '%' || c == '.' {
                input.push(c);
            }
            PromptKey::Edit
        }
        _ => PromptKey::Edit,
    }
}

fn goto_key(k: PromptKey, app: &mut App) -> Vec<Effect> {
    match k {
        PromptKey::Edit => {}
        PromptKey::Cancel => app.overlay = Overlay::None,
        PromptKey::Submit(input) => {
            app.overlay = Overlay::None;
            if let Err(msg) = go_to(app, &input) {
                app.message = Some(msg);
            }
        }
    }
    Vec::new()
}

/// Jumps to "12" (a page) or "40%" (a share of the text).
fn go_to(app: &mut App, input: &str) -> Result<(), String> {
    let Some(reader) = app.reader.as_mut() else {
        return Ok(());
    };
    let input = input.trim();
    if let Some(p) = input.strip_suffix('%') {
        let share: f64 = p
            .parse()
            .ok()
            .filter(|s: &f64| (0.0..=100.0).contains(s))
            .ok_or_else(|| format!("'{p}%' is not a percentage from 0% to 100%"))?;
        let len = reader.doc.text.len();
        // Truncation is intended: a share of the text as a byte offset.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let mut target = ((len as f64) * share / 100.0) as usize;
        target = target.min(len);
        while !reader.doc.text.is_char_boundary(target) {
            target -= 1;
        }
        let page = reader.layout.page_of(TextPos(target));
        set_page(reader, page);
        return Ok(());
    }
    let pages = reader.layout.page_count();
    match input.parse::<usize>() {
        Ok(n) if (1..=pages).contains(&n) => {
            set_page(reader, n - 1);
            Ok(())
        }
        _ => Err(format!(
            "Type a page number from 1 to {pages}, or a percentage like 40%"
        )),
    }
}

fn set_page(reader: &mut Reader, page: usize) {
    reader.page = page;
    reader.pos = reader.layout.position_of_page(page);
}

fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::Redraw => return vec![Effect::Redraw],
        Action::Help => app.overlay = Overlay::Help { scroll: 0 },
        Action::Select => start_selection(app),
        Action::WordForward
        | Action::WordBack
        | Action::SentenceForward
        | Action::SentenceBack
        | Action::ParagraphForward
        | Action::ParagraphBack => move_selection(app, action),
        Action::Highlight | Action::HighlightWithNote => highlight(app, action),
        Action::Bookmark => bookmark(app),
        Action::LineForward | Action::LineBack => move_by_line(app, action == Action::LineForward),
        Action::SwapEnds => {
            if let Overlay::Select { anchor, head } = &mut app.overlay {
                std::mem::swap(anchor, head);
            }
        }
        Action::Copy => return copy(app),
        Action::Export => {
            if let Some(r) = app.reader.as_ref() {
                return vec![Effect::Export(Box::new(ExportJob {
                    doc: Arc::clone(&r.doc),
                    record: r.notes.record.clone(),
                }))];
            }
        }
        Action::Panel => {
            if let Some(r) = app.reader.as_mut()
                && !r.quotes_found
            {
                r.quotes = crate::quotes::find(&r.doc);
                r.quotes_found = true;
            }
            panel::toggle(app);
        }
        Action::TabHighlights => panel::switch(app, Tab::Highlights),
        Action::TabBookmarks => panel::switch(app, Tab::Bookmarks),
        Action::TabQuotes => panel::switch(app, Tab::Quotes),
        Action::Delete => panel::delete(app),
        Action::Undo => panel::undo(app),
        Action::Edit => panel::edit(app),
        Action::HighlightQuote => panel::highlight_quote(app),
        Action::Filter => {
            if let Some(p) = app.panel.as_mut() {
                p.filtering = true;
                p.filter.clear();
                p.selected = 0;
            }
        }
        Action::Search => {
            if app.reader.is_some() {
                let last = app
                    .search
                    .as_ref()
                    .map(|s| s.query.clone())
                    .unwrap_or_default();
                app.overlay = Overlay::Find {
                    edit: LineEdit::with_text(&last),
                };
            }
        }
        Action::NextMatch | Action::PrevMatch => step_match(app, action == Action::NextMatch),
        Action::Library => {
            if app.reader.is_some() {
                return vec![Effect::ShowLibrary];
            }
        }
        Action::Forget => {}
        Action::CycleTheme => {
            if !app.color {
                app.message = Some("NO_COLOR is set: colours stay off".into());
                return Vec::new();
            }
            app.theme = (app.theme + 1) % THEMES.len();
            let name = app.theme_name();
            if app.theme_fixed {
                app.message = Some(format!(
                    "Theme: {name} (for this session: config.toml or --theme sets the theme)"
                ));
                return Vec::new();
            }
            app.message = Some(format!("Theme: {name}"));
            return vec![Effect::RememberTheme(name)];
        }
        Action::Outline => {
            if app.reader.is_some() {
                let list = outline(app);
                let selected = list.iter().rposition(|e| e.current).unwrap_or(0);
                app.overlay = Overlay::Outline { selected };
            }
        }
        Action::Down | Action::Up if app.mode() == Mode::Outline => {
            let n = outline(app).len().max(1);
            if let Overlay::Outline { selected } = &mut app.overlay {
                *selected = if action == Action::Down {
                    (*selected + 1) % n
                } else {
                    (*selected + n - 1) % n
                };
            }
        }
        Action::Choose if app.mode() == Mode::Outline => {
            let Overlay::Outline { selected } = app.overlay else {
                return Vec::new();
            };
            let target = outline(app).get(selected).map(|e| e.pos);
            app.overlay = Overlay::None;
            if let (Some(pos), Some(r)) = (target, app.reader.as_mut()) {
                let page = r.layout.page_of(pos);
                set_page(r, page);
            }
        }
        Action::NextHeading | Action::PrevHeading => {
            heading(app, action == Action::NextHeading);
        }
        Action::Back if app.overlay == Overlay::None && app.search.is_some() => {
            app.search = None;
            app.message = Some("Search cleared".into());
        }
        Action::Back => {
            if app.overlay != Overlay::None {
                app.overlay = Overlay::None;
            } else if app.from_library && app.reader.is_some() {
                app.reader = None;
                app.panel = None;
                app.search = None;
                return vec![Effect::ShowLibrary];
            } else {
                return vec![Effect::Quit];
            }
        }
        Action::Down | Action::Up if app.mode() == Mode::Panel => {
            panel::step(app, action == Action::Down);
        }
        Action::Choose if app.mode() == Mode::Panel => panel::jump(app),
        Action::Down | Action::Up => {
            let down = action == Action::Down;
            if let Overlay::Help { scroll } = &mut app.overlay {
                *scroll = if down {
                    scroll.saturating_add(1)
                } else {
                    scroll.saturating_sub(1)
                };
            }
        }
        Action::Choose => {}
        Action::GoTo => {
            if app.reader.is_some() {
                app.overlay = Overlay::GoTo {
                    input: String::new(),
                };
            }
        }
        Action::NextPage | Action::PrevPage | Action::FirstPage | Action::LastPage => {
            if app.too_small() {
                return Vec::new();
            }
            if let Some(reader) = app.reader.as_mut() {
                turn(reader, action, &mut app.message);
            }
        }
        Action::Wider | Action::Narrower => {
            if let Some(reader) = app.reader.as_mut() {
                let m = reader.measure;
                reader.measure = if action == Action::Wider {
                    m.saturating_add(MEASURE_STEP).min(MAX_MEASURE)
                } else {
                    m.saturating_sub(MEASURE_STEP).max(MIN_MEASURE)
                };
                let shown = reader.measure.min(app.size.0);
                app.message = Some(if reader.measure > app.size.0 {
                    format!("Column {} (the window is {} wide)", reader.measure, shown)
                } else {
                    format!("Column {}", reader.measure)
                });
            }
        }
    }
    Vec::new()
}

/// `v`: select the first sentence of the page.
fn start_selection(app: &mut App) {
    let Some(r) = app.reader.as_ref() else {
        return;
    };
    let mut sentence = select::sentence_at(&r.doc, r.pos);
    if sentence.start < r.pos {
        // The page starts inside a sentence: begin with the first one that starts here.
        sentence = select::sentence_at(&r.doc, sentence.end);
    }
    if sentence.start >= sentence.end {
        app.message = Some("Nothing to select here".to_string());
        return;
    }
    app.overlay = Overlay::Select {
        anchor: sentence.start,
        head: sentence.end,
    };
}

/// Moves the selection's end; the page follows it.
fn move_selection(app: &mut App, action: Action) {
    let (Some(r), Overlay::Select { anchor, head }) = (app.reader.as_mut(), &mut app.overlay)
    else {
        return;
    };
    let unit = match action {
        Action::WordForward | Action::WordBack => Unit::Word,
        Action::SentenceForward | Action::SentenceBack => Unit::Sentence,
        _ => Unit::Paragraph,
    };
    let forward = matches!(
        action,
        Action::WordForward | Action::SentenceForward | Action::ParagraphForward
    );
    *head = if forward {
        select::next_end(&r.doc, *head, unit)
    } else {
        select::prev_end(&r.doc, *head, *anchor, unit)
    };
    let last = TextPos(head.0.saturating_sub(1).max(anchor.0));
    let page = r.layout.page_of(last);
    if page != r.page {
        set_page(r, page);
    }
}

/// Enter / `a` in select mode: save the highlight (and ask for its note).
fn highlight(app: &mut App, action: Action) {
    let (Some(r), Overlay::Select { anchor, head }) = (app.reader.as_mut(), &app.overlay) else {
        return;
    };
    let range = *anchor.min(head)..*anchor.max(head);
    if range.start >= range.end {
        return;
    }
    let words = r
        .doc
        .text
        .get(range.start.0..range.end.0)
        .unwrap_or("")
        .split_whitespace()
        .count();
    let id = r.notes.add_highlight(&r.doc, range, "", &mut app.stamps);
    r.dirty = true;
    app.overlay = Overlay::None;
    if action == Action::HighlightWithNote {
        // A highlight merged with older ones already has their notes: the new note follows.
        let merged = r.notes.note(&id).to_string();
        let start = if merged.is_empty() {
            String::new()
        } else {
            format!("{merged} · ")
        };
        app.overlay = Overlay::Prompt {
            ask: Ask::Note { id },
            edit: LineEdit::with_text(&start),
        };
    } else {
        app.message = Some(format!("Highlighted {words} words"));
    }
    if r.notes.read_only {
        app.message = Some("This record is read-only: the highlight is kept until you quit".into());
    }
}

/// `m`: bookmark this page, or offer to remove its bookmark.
fn bookmark(app: &mut App) {
    let Some(r) = app.reader.as_ref() else {
        return;
    };
    let id = r
        .notes
        .bookmark_in(&page_range(&app.view, r.pos))
        .map(|b| b.id.clone());
    app.overlay = Overlay::Prompt {
        ask: match id {
            Some(id) => Ask::RemoveBookmark { id },
            None => Ask::BookmarkLabel { pos: r.pos },
        },
        edit: LineEdit::default(),
    };
}

/// The document range the current page shows.
fn page_range(view: &PageView, top: TextPos) -> Range<usize> {
    let start = view
        .lines
        .iter()
        .find(|l| !l.is_blank())
        .map_or(top.0, |l| l.src.start);
    let end = view
        .lines
        .iter()
        .rev()
        .find(|l| !l.is_blank())
        .map_or(start, |l| l.src.end);
    start..end.max(start + 1)
}

/// A key in a one-line prompt.
fn prompt_key(app: &mut App, key: Key) {
    let Overlay::Prompt { ask, edit } = &mut app.overlay else {
        return;
    };
    if let Ask::RemoveBookmark { id } = ask {
        let id = id.clone();
        app.overlay = Overlay::None;
        if key == Key::char('y') || key == Key::char('Y') {
            if let Some(r) = app.reader.as_mut() {
                r.notes.delete(&id);
                r.dirty = true;
            }
            app.message = Some("Bookmark removed".into());
        }
        return;
    }
    let done = match key.code {
        KeyCode::Enter => Some(true),
        KeyCode::Esc => Some(false),
        KeyCode::Char('c') if key.ctrl => Some(false),
        _ => {
            edit.key(key);
            None
        }
    };
    let Some(accept) = done else {
        return;
    };
    let text = edit.text().trim().to_string();
    let ask = ask.clone();
    app.overlay = Overlay::None;
    let Some(r) = app.reader.as_mut() else {
        return;
    };
    match ask {
        Ask::Note { id } => {
            let before = r.notes.note(&id).to_string();
            if accept && text != before {
                r.notes.set_note(&id, &text, &app.stamps);
                r.dirty = true;
            }
            if app.panel.is_none() {
                app.message = Some(if accept && !text.is_empty() {
                    "Highlighted, with a note".into()
                } else {
                    "Highlighted".into()
                });
            }
        }
        Ask::Label { id } => {
            if accept {
                r.notes.set_label(&id, &text);
                r.dirty = true;
            }
        }
        Ask::BookmarkLabel { pos } => {
            if accept {
                r.notes.add_bookmark(&r.doc, pos, &text, &mut app.stamps);
                r.dirty = true;
                app.message = Some("Bookmarked".into());
            }
        }
        Ask::RemoveBookmark { .. } => {}
    }
}

/// The wheel turns pages (or scrolls the help, or moves in the list of articles); a click on
/// a panel entry jumps to it.
fn mouse(app: &mut App, kind: Mouse, x: u16, y: u16) -> Vec<Effect> {
    app.flash = None;
    if !app.mouse {
        return Vec::new();
    }
    let down = kind == Mouse::ScrollDown;
    if app.library.is_some() && !matches!(app.overlay, Overlay::Help { .. }) {
        if kind == Mouse::Click {
            return library::click(app, y);
        }
        library::act(app, if down { Action::Down } else { Action::Up });
        return Vec::new();
    }
    match (kind, &app.overlay) {
        (Mouse::ScrollUp | Mouse::ScrollDown, Overlay::Help { .. }) => {
            act(app, if down { Action::Down } else { Action::Up });
        }
        (Mouse::ScrollUp | Mouse::ScrollDown, Overlay::None | Overlay::Select { .. }) => {
            if app.reader.is_some() {
                act(
                    app,
                    if down {
                        Action::NextPage
                    } else {
                        Action::PrevPage
                    },
                );
            } else {
                act(app, if down { Action::Down } else { Action::Up });
            }
        }
        (Mouse::Click, Overlay::None) => {
            if let Some(i) = panel::entry_at(app, x, y) {
                if let Some(p) = app.panel.as_mut() {
                    p.selected = i;
                }
                panel::jump(app);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Keys while typing a search: Enter searches and goes to the first match from this page on.
fn find_key(app: &mut App, key: Key) {
    let Overlay::Find { edit } = &mut app.overlay else {
        return;
    };
    match key.code {
        KeyCode::Esc => app.overlay = Overlay::None,
        KeyCode::Char('c') if key.ctrl => app.overlay = Overlay::None,
        KeyCode::Enter => {
            let query = edit.text().trim().to_string();
            app.overlay = Overlay::None;
            let ignore_accents = app.search_ignore_accents;
            let Some(r) = app.reader.as_mut() else {
                return;
            };
            if query.is_empty() {
                app.search = None;
                return;
            }
            let matches = crate::search::find_all_with(&r.doc, &query, ignore_accents);
            if matches.is_empty() {
                app.message = Some(format!("Not found: {query}"));
                app.search = None;
                return;
            }
            let current = matches.iter().position(|m| m.start >= r.pos.0).unwrap_or(0);
            let page = r.layout.page_of(TextPos(matches[current].start));
            set_page(r, page);
            app.search = Some(Search {
                query,
                matches,
                current,
            });
        }
        _ => {
            if edit.text().chars().count() < crate::search::MAX_QUERY
                || key.code == KeyCode::Backspace
            {
                edit.key(key);
            }
        }
    }
}

/// One line of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineEntry {
    pub title: String,
    /// Heading level (1 for a chapter or top section).
    pub level: u8,
    pub pos: TextPos,
    /// 0-based page at the current size.
    pub page: usize,
    /// The section the reader is in.
    pub current: bool,
}

/// The document's headings (the title first) with their pages at the current size. Laying
/// out to the last heading may lay out most of a long book; idle time usually has already.
pub fn outline(app: &mut App) -> Vec<OutlineEntry> {
    let Some(r) = app.reader.as_mut() else {
        return Vec::new();
    };
    let doc = Arc::clone(&r.doc);
    let mut out: Vec<OutlineEntry> = doc
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            crate::document::BlockKind::Title => Some((b, 0)),
            crate::document::BlockKind::Heading { level } => Some((b, level)),
            _ => None,
        })
        .map(|(b, level)| OutlineEntry {
            title: crate::layout::shorten(doc.block_text(b), 200),
            level,
            pos: TextPos(b.range.start),
            page: r.layout.page_of(TextPos(b.range.start)),
            current: false,
        })
        .collect();
    // The current section: the last heading at or before the end of this page's top line.
    let top = r.pos.0;
    if let Some(i) = out.iter().rposition(|e| e.pos.0 <= top || e.page == r.page) {
        out[i].current = true;
    }
    out
}

/// `]` / `[`: the page of the next heading after this page, or of the last one before it.
fn heading(app: &mut App, forward: bool) {
    let Some(r) = app.reader.as_mut() else {
        return;
    };
    let top = r.pos.0;
    let page_end = app
        .view
        .lines
        .iter()
        .rev()
        .find(|l| !l.is_blank())
        .map_or(top, |l| l.src.end);
    let is_heading =
        |b: &&crate::document::Block| matches!(b.kind, crate::document::BlockKind::Heading { .. });
    let target = if forward {
        r.doc
            .blocks
            .iter()
            .filter(is_heading)
            .find(|b| b.range.start >= page_end.max(top + 1))
    } else {
        r.doc
            .blocks
            .iter()
            .filter(is_heading)
            .rev()
            .find(|b| b.range.start < top)
    };
    match target {
        Some(b) => {
            let page = r.layout.page_of(TextPos(b.range.start));
            set_page(r, page);
        }
        None => {
            app.message = Some(if forward {
                "No heading after this page".into()
            } else {
                "No heading before this page".into()
            });
        }
    }
}

/// `n` / `N`: the next or previous match, wrapping around with a notice.
fn step_match(app: &mut App, forward: bool) {
    let (Some(r), Some(s)) = (app.reader.as_mut(), app.search.as_mut()) else {
        app.message = Some("No search yet: press / to search".into());
        return;
    };
    let n = s.matches.len();
    if n == 0 {
        return;
    }
    let (next, wrapped) = if forward {
        ((s.current + 1) % n, s.current + 1 == n)
    } else {
        ((s.current + n - 1) % n, s.current == 0)
    };
    s.current = next;
    if wrapped {
        app.message = Some(if forward {
            "Search wrapped to the beginning".into()
        } else {
            "Search wrapped to the end".into()
        });
    }
    let page = r.layout.page_of(TextPos(s.matches[next].start));
    set_page(r, page);
}

/// Keys while typing the panel's filter.
fn filter_key(app: &mut App, key: Key) {
    let Some(p) = app.panel.as_mut() else {
        return;
    };
    match key.code {
        KeyCode::Enter => p.filtering = false,
        KeyCode::Esc => {
            p.filtering = false;
            p.filter.clear();
        }
        KeyCode::Backspace => {
            p.filter.pop();
        }
        KeyCode::Char(c) if !key.ctrl && !key.alt && p.filter.chars().count() < 100 => {
            p.filter.extend(c.to_lowercase());
        }
        _ => {}
    }
    p.selected = 0;
}

/// `j` / `k` in select mode: the selection's end moves to the end of the next or previous
/// display line.
fn move_by_line(app: &mut App, forward: bool) {
    let (Some(r), Overlay::Select { anchor, head }) = (app.reader.as_mut(), &mut app.overlay)
    else {
        return;
    };
    // Make sure the line after the head is laid out.
    let next_page = r.layout.page_of(*head) + 1;
    let _ = r.layout.page(next_page);
    let lines = r.layout.line_spans();
    let here = lines.partition_point(|l| l.src.end < head.0);
    let end_of = |l: &crate::layout::LineSpan| {
        let src = r.doc.text.get(l.src.clone()).unwrap_or("");
        TextPos(l.src.start + src.trim_end().len())
    };
    let target = if forward {
        lines
            .iter()
            .skip(here + 1)
            .find(|l| !l.is_blank() && !l.src.is_empty())
            .map(end_of)
    } else {
        lines[..here.min(lines.len())]
            .iter()
            .rev()
            .map(end_of)
            .find(|e| e.0 > anchor.0)
    };
    if let Some(t) = target {
        *head = t;
        let last = TextPos(head.0.saturating_sub(1).max(anchor.0));
        let page = r.layout.page_of(last);
        if page != r.page {
            set_page(r, page);
        }
    }
}

/// Longest text `y` puts on the clipboard.
pub const MAX_COPY_BYTES: usize = 64 * 1024;

/// `y`: copies the selection to the terminal's clipboard and leaves select mode.
fn copy(app: &mut App) -> Vec<Effect> {
    let (Some(r), Overlay::Select { anchor, head }) = (app.reader.as_ref(), &app.overlay) else {
        return Vec::new();
    };
    let (a, b) = (anchor.0.min(head.0), anchor.0.max(head.0));
    let mut text = r.doc.text.get(a..b).unwrap_or("").to_string();
    if text.len() > MAX_COPY_BYTES {
        let mut end = MAX_COPY_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    app.overlay = Overlay::None;
    app.message = Some(format!("Copied {} characters", text.chars().count()));
    vec![Effect::Copy(text)]
}

fn turn(reader: &mut Reader, action: Action, message: &mut Option<String>) {
    let target = match action {
        Action::NextPage => reader.page + 1,
        Action::PrevPage => {
            if reader.page == 0 {
                *message = Some("First page".to_string());
                return;
            }
            reader.page - 1
        }
        Action::FirstPage => 0,
        _ => reader.layout.page_count().saturating_sub(1),
    };
    if reader.layout.page(target).is_none() {
        *message = Some(if reader.loading.is_some() {
            "Still reading the rest of the article…".to_string()
        } else {
            "Last page".to_string()
        });
        return;
    }
    set_page(reader, target);
    if action == Action::LastPage && reader.loading.is_some() {
        *message = Some("Still reading the rest of the article…".to_string());
    }
}

#[cfg(test)]
mod tests;
