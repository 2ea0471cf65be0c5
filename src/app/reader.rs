//! An open article: its document, layout, position and notes, and the moves that change
//! where the reader is (page turns, go-to, headings, the measure). Pure: no clock, no I/O, no
//! terminal; pages are derived from the position at the current size.

use super::App;
use crate::annotations::Annotations;
use crate::document::{BlockKind, Document, TextPos};
use crate::keymap::Action;
use crate::layout::{Layout, LayoutOptions, Line};
use crate::record::Record;
use std::sync::Arc;
use std::time::Instant;

/// Pages laid out per idle step: small enough to keep keys responsive (a key waits for the
/// step under way; 20 pages take well under a millisecond).
const IDLE_PAGES: usize = 20;

/// Bytes of text whose words are counted per idle step, for the same reason.
const IDLE_COUNT_BYTES: usize = 128 * 1024;

/// An open article.
#[derive(Debug, Clone)]
pub struct Reader {
    pub doc: Arc<Document>,
    pub title: String,
    pub(super) layout: Layout,
    /// The top of the current page: the truth the page is derived from.
    pub pos: TextPos,
    pub page: usize,
    /// `Ctrl-d` / `Ctrl-u` moved the top off the page's own: the page is shown from the line
    /// at `pos`, running on into the next. Any other move lines pages up again.
    pub scrolled: bool,
    /// Two pages side by side (the window has room: [`super::App::spread_fits`]): the left
    /// one is the even page of the pair that holds `page` (a book's spread), the right one the
    /// page after it, and page turns move by two. `pos` and `page` stay the reader's own.
    pub spread: bool,
    /// The places jumps left, for `Backspace` / `Ctrl-o` and `Ctrl-n`.
    pub jumps: super::Jumps,
    pub measure: u16,
    /// The measure changed: the next layout starts a page at the reader's first line.
    pub(super) keep_top: bool,
    /// Cells the page's cut lines (code and tables, never wrapped) are scrolled to the left
    /// by `<` and `>`. Kept across page turns, and brought back within the widest cut line of
    /// the page shown at every refresh (so a page without one resets it to 0).
    pub shift: usize,
    /// Words before each block, filled in idle time for the time-left estimate.
    pub(super) words_before: Option<Vec<usize>>,
    /// Indexes of the heading blocks, found with `words_before`, for the section's time.
    pub(super) heading_blocks: Vec<usize>,
    /// While `words_before` is being counted in idle steps: the words before each block
    /// counted so far, then the words before the next block to count.
    counting: Vec<usize>,
    /// While only the beginning is parsed: the length the whole text will have (about).
    pub loading: Option<usize>,
    /// A saved place is being looked up: only the status line is drawn, so the first frame
    /// never shows the beginning only to jump away from it ([`super::App::hold`]).
    pub held: bool,
    /// Position, bookmarks and highlights, placed in the text.
    pub notes: Annotations,
    /// Quotations found in the article, computed when the panel first needs them.
    pub quotes: Vec<crate::quotes::Quote>,
    pub(super) quotes_found: bool,
    /// The position last written into the record (saves happen when it changes).
    pub(super) saved_pos: TextPos,
    /// The record changed and should be saved.
    pub(super) dirty: bool,
    /// The record came from the store: only then is it saved (samples and an article whose
    /// record is still being looked up keep their notes in memory).
    pub(super) attached: bool,
    /// The page on screen and since when (from [`super::Msg::Tick`]), for learning the pace.
    pub(super) shown_since: Option<(usize, Instant)>,
}

impl Reader {
    pub(super) fn new(doc: Arc<Document>, opts: LayoutOptions, measure: u16) -> Reader {
        let title = doc
            .meta
            .title
            .clone()
            .unwrap_or_else(|| "Untitled".to_string());
        Reader {
            layout: Layout::new(Arc::clone(&doc), opts),
            notes: Annotations::in_memory(&doc),
            doc,
            title,
            pos: TextPos(0),
            page: 0,
            scrolled: false,
            spread: false,
            jumps: super::Jumps::default(),
            measure,
            keep_top: false,
            shift: 0,
            words_before: None,
            heading_blocks: Vec::new(),
            counting: Vec::new(),
            loading: None,
            held: false,
            saved_pos: TextPos(0),
            dirty: false,
            attached: false,
            quotes: Vec::new(),
            quotes_found: false,
            shown_since: None,
        }
    }

    /// Swaps in the whole article. Positions in the beginning are valid in the whole when its
    /// text begins with the beginning's (the `parse_prefix` contract), so the reader stays where
    /// they are.
    pub(super) fn loaded(&mut self, doc: Arc<Document>) {
        // A beginning read from the first block alone may differ from the whole (the whole's
        // encoding was only detectable later, a Markdown definition further on): its positions
        // then mean nothing in the whole, and the reader goes back to the start.
        if !doc.text.starts_with(self.doc.text.as_str())
            || self.pos.0 > doc.text.len()
            || !doc.text.is_char_boundary(self.pos.0)
        {
            self.pos = TextPos(0);
            self.jumps = super::Jumps::default();
        }
        if let Some(title) = &doc.meta.title {
            self.title.clone_from(title);
        }
        let opts = self.layout.options();
        self.layout = Layout::new(Arc::clone(&doc), opts);
        self.doc = doc;
        self.page = self.layout.page_of(self.pos);
        self.words_before = None;
        self.counting.clear();
        self.loading = None;
        self.notes.rebase(&self.doc);
        describe(&mut self.notes.record, &self.doc);
        self.quotes_found = false;
        self.quotes.clear();
    }

    /// Shows page `page` (0-based); the position follows.
    pub(super) fn set_page(&mut self, page: usize) {
        self.page = page;
        self.pos = self.layout.position_of_page(page);
        self.scrolled = false;
    }

    /// A jump to the page that holds `pos`: the place left goes on the jump list.
    pub(super) fn jump(&mut self, pos: TextPos) {
        let from = self.pos;
        self.show(pos);
        self.jumps.left(from, self.pos);
    }

    /// A jump to page `page` (0-based).
    pub(super) fn jump_to_page(&mut self, page: usize) {
        let from = self.pos;
        self.set_page(page);
        self.jumps.left(from, self.pos);
    }

    /// The page on screen (the left one of a spread).
    pub fn first_shown(&self) -> usize {
        if self.spread && !self.scrolled {
            self.page - self.page % 2
        } else {
            self.page
        }
    }

    /// The lines on screen: the page (or the lines from `pos`, scrolled), and in a spread the
    /// page beside it (or the lines that follow).
    pub(super) fn screen_lines(&mut self) -> (Vec<Line>, Vec<Line>) {
        let first = self.first_shown();
        let left = if self.scrolled {
            self.layout.lines_from(self.pos)
        } else {
            self.layout
                .page(first)
                .map(<[_]>::to_vec)
                .unwrap_or_default()
        };
        if !self.spread {
            return (left, Vec::new());
        }
        let right = if self.scrolled {
            match left.iter().rev().find(|l| !l.is_blank()) {
                Some(last) => self.layout.lines_from(TextPos(last.src.end)),
                None => Vec::new(),
            }
        } else {
            self.layout
                .page(first + 1)
                .map(<[_]>::to_vec)
                .unwrap_or_default()
        };
        (left, right)
    }

    /// The document text on screen, from the first line with text to the end of the last.
    pub(super) fn shown(&mut self) -> std::ops::Range<usize> {
        let top = self.pos.0;
        let text = |l: &&Line| !l.is_blank();
        if self.scrolled {
            let (left, right) = self.screen_lines();
            let first = left.iter().find(text).map_or(top, |l| l.src.start);
            let end = left.iter().chain(&right).rev().find(text);
            return first..end.map_or(first, |l| l.src.end).max(first);
        }
        // The layout's own pages, not copies: this runs for every key.
        let page = self.first_shown();
        let first = self
            .layout
            .page(page)
            .and_then(|lines| lines.iter().find(text))
            .map_or(top, |l| l.src.start);
        let mut end = None;
        for p in (page..=page + usize::from(self.spread)).rev() {
            end = self
                .layout
                .page(p)
                .and_then(|lines| lines.iter().rev().find(text))
                .map(|l| l.src.end);
            if end.is_some() {
                break;
            }
        }
        first..end.unwrap_or(first).max(first)
    }

    /// Shows the page that holds `pos`.
    pub(super) fn show(&mut self, pos: TextPos) {
        let page = self.layout.page_of(pos);
        self.set_page(page);
    }

    /// How far the reader is with this page on screen: [`crate::progress::percent`] of the
    /// page's end (its last line with text), 100 on the last page. The one number the status
    /// line shows and the record keeps.
    pub(super) fn progress(&mut self) -> u8 {
        let end = self.shown().end;
        self.progress_to(end)
    }

    /// [`Reader::progress`] when the page's end (`end`) is known already.
    pub(super) fn progress_to(&mut self, end: usize) -> u8 {
        let len = self.loading.unwrap_or(self.doc.text.len());
        let (known, complete) = self.layout.pages_known();
        // The last page shown: the right one of a spread.
        let last_shown = self.first_shown() + usize::from(self.spread && !self.scrolled);
        if complete && self.loading.is_none() && last_shown + 1 >= known {
            return 100;
        }
        crate::progress::percent(end, len)
    }

    /// Keeps the progress shown in the record (the library, `folio list` and the exports
    /// read it there); true when it changed. Not while only the beginning is parsed.
    pub(super) fn note_progress(&mut self) -> bool {
        if self.loading.is_some() {
            return false;
        }
        let p = self.progress();
        self.keep_progress(p)
    }

    /// Keeps `p`, the progress on screen, in the record; true when it changed. Not while only
    /// the beginning is parsed.
    pub(super) fn keep_progress(&mut self, p: u8) -> bool {
        if self.loading.is_some() || self.notes.record.progress == Some(p) {
            return false;
        }
        self.notes.record.progress = Some(p);
        true
    }

    /// The quotations, found the first time they are asked for.
    pub(super) fn find_quotes(&mut self) {
        if !self.quotes_found {
            self.quotes = crate::quotes::find(&self.doc);
            self.quotes_found = true;
        }
    }
}

/// What the record says about the article itself, from the document's metadata.
pub(super) fn describe(record: &mut Record, doc: &Document) {
    record.title.clone_from(&doc.meta.title);
    record.author.clone_from(&doc.meta.author);
    if doc.meta.language.is_some() {
        record.language.clone_from(&doc.meta.language);
    }
}

/// Idle time: lay out more pages, then count the words for the time left.
pub(super) fn idle(app: &mut App) {
    if app.too_small() {
        return;
    }
    let Some(reader) = app.screen.reader.as_mut() else {
        return;
    };
    if !reader.layout.is_complete() {
        reader.layout.advance(IDLE_PAGES);
    } else if reader.words_before.is_none() {
        count_words(reader);
    }
}

/// Words before each block and the heading blocks, for the time left in the article and the
/// section: about [`IDLE_COUNT_BYTES`] of text a step, the index set once every block is
/// counted.
fn count_words(reader: &mut Reader) {
    let blocks = &reader.doc.blocks;
    let before = &mut reader.counting;
    if before.is_empty() {
        before.reserve(blocks.len() + 1);
        before.push(0);
    }
    let mut bytes = 0;
    while before.len() <= blocks.len() && bytes < IDLE_COUNT_BYTES {
        let text = reader.doc.block_text(&blocks[before.len() - 1]);
        bytes += text.len();
        let total = before.last().copied().unwrap_or(0);
        before.push(total + text.split_whitespace().count());
    }
    if before.len() <= blocks.len() {
        return;
    }
    let before = std::mem::take(&mut reader.counting);
    let total = before.last().copied().unwrap_or(0);
    reader.words_before = Some(before);
    reader.heading_blocks = reader
        .doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Heading { .. }))
        .map(|(i, _)| i)
        .collect();
    reader.notes.record.words = u64::try_from(total).unwrap_or(u64::MAX);
}

/// Next, previous, first or last page.
pub(super) fn turn(reader: &mut Reader, action: Action, message: &mut Option<String>) {
    // A spread turns two pages at a time.
    let step = if reader.spread { 2 } else { 1 };
    let first = reader.first_shown();
    let target = match action {
        Action::NextPage => first + step,
        // Scrolled: back to the top of the page the first line shown is on.
        Action::PrevPage if reader.scrolled => reader.page,
        Action::PrevPage => {
            if first == 0 {
                *message = Some("First page".to_string());
                return;
            }
            first.saturating_sub(step)
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
    if matches!(action, Action::FirstPage | Action::LastPage) {
        reader.jump_to_page(target);
    } else {
        reader.set_page(target);
    }
    if action == Action::LastPage && reader.loading.is_some() {
        *message = Some("Still reading the rest of the article…".to_string());
    }
}

/// `]` / `[`: the page of the next heading after this page, or of the last one before it.
pub(super) fn heading(app: &mut App, forward: bool) {
    let Some(r) = app.screen.reader.as_mut() else {
        return;
    };
    let top = r.pos.0;
    let page_end = app
        .view
        .all_lines()
        .rev()
        .find(|l| !l.is_blank())
        .map_or(top, |l| l.src.end);
    let is_heading = |b: &&crate::document::Block| matches!(b.kind, BlockKind::Heading { .. });
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
        Some(b) => r.jump(TextPos(b.range.start)),
        None => {
            app.status.message = Some(if forward {
                "No heading after this page".into()
            } else {
                "No heading before this page".into()
            });
        }
    }
}

/// `Ctrl-d` / `Ctrl-u`: half a page (of the layout's lines) down or up. The top becomes the
/// first line shown (a text offset, as always); on a page's own top the page lines up again.
pub(super) fn half_page(reader: &mut Reader, down: bool, message: &mut Option<String>) {
    let half = (usize::from(reader.layout.options().height) / 2).max(1);
    let by = isize::try_from(half).unwrap_or(1);
    // Past the top of the last page there is nothing more to bring up.
    let last = down && reader.layout.page(reader.page + 1).is_none();
    let moved = reader
        .layout
        .position_by_lines(reader.pos, if down { by } else { -by });
    let Some(pos) = moved.filter(|_| !last) else {
        *message = Some(if down { "Last page" } else { "First page" }.to_string());
        return;
    };
    let page = reader.layout.page_of(pos);
    if reader.layout.position_of_page(page) == pos {
        reader.set_page(page);
    } else {
        reader.page = page;
        reader.pos = pos;
        reader.scrolled = true;
    }
}

/// `+` / `-`: a wider or narrower measure, and where it stands.
pub(super) fn measure(app: &mut App, wider: bool) {
    let Some(reader) = app.screen.reader.as_mut() else {
        return;
    };
    let m = reader.measure;
    reader.measure = if wider {
        m.saturating_add(super::MEASURE_STEP)
            .min(super::MAX_MEASURE)
    } else {
        m.saturating_sub(super::MEASURE_STEP)
            .max(super::MIN_MEASURE)
    };
    // The page's first line stays at its top (see `Layout::break_before`).
    reader.keep_top = reader.measure != m;
    let shown = reader.measure.min(app.size.0);
    app.status.message = Some(if reader.measure > app.size.0 {
        format!("Column {} (the window is {} wide)", reader.measure, shown)
    } else {
        format!("Column {}", reader.measure)
    });
}

/// How many cells the widest cut line (code, table) of the page does not show: how far `>`
/// may scroll it.
pub(super) fn page_overflow(reader: &mut Reader) -> usize {
    let column = reader.layout.options().column();
    let page = reader.page;
    reader.layout.page(page).map_or(0, |lines| {
        lines.iter().map(|l| l.overflow(column)).max().unwrap_or(0)
    })
}

/// Scrolls the page's cut lines (code, tables) sideways so that the document range `range` (a
/// search match) shows, when it lies on one of them beyond the column's edge: the match then
/// starts a quarter of the way in. Nothing moves when it shows already or is on running text.
pub(super) fn reveal(reader: &mut Reader, range: &std::ops::Range<usize>) {
    let column = reader.layout.options().column();
    let page = reader.page;
    let doc = std::sync::Arc::clone(&reader.doc);
    let Some(line) = reader.layout.page(page).and_then(|lines| {
        lines
            .iter()
            .find(|l| l.cut && l.shown(&doc.text, range).is_some())
            .cloned()
    }) else {
        return;
    };
    let Some(shown) = line.shown(&doc.text, range) else {
        return;
    };
    let cells = |end: usize| crate::layout::width(line.text.get(..end).unwrap_or(""));
    let (start, end) = (cells(shown.start), cells(shown.end));
    // The text's room, less a cell at each edge for the ‹ and › marks.
    let room = column.saturating_sub(crate::layout::width(&line.prefix));
    let (first, last) = (reader.shift + 1, reader.shift + room.saturating_sub(1));
    if (start >= first || reader.shift == 0) && end <= last {
        return;
    }
    let max = page_overflow(reader);
    reader.shift = start.saturating_sub(room / 4).min(max);
}

/// `<` / `>`: scroll the page's code and tables sideways by half the column, no further than
/// the end of the widest of them; running text stays where it is.
pub(super) fn scroll(app: &mut App, right: bool) {
    let Some(reader) = app.screen.reader.as_mut() else {
        return;
    };
    let step = (reader.layout.options().column() / 2).max(1);
    let max = page_overflow(reader);
    if right && max == 0 {
        app.status.message = Some("Nothing on this page is cut at the edge".into());
        return;
    }
    reader.shift = if right {
        reader.shift.saturating_add(step).min(max)
    } else {
        reader.shift.saturating_sub(step).min(max)
    };
}
