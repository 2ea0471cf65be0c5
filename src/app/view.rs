//! The page snapshot the UI draws: lines, page numbers, percent, time left, and the ranges
//! marked on the page. Computed by [`App::refresh`] after a batch of messages; the UI only
//! reads it. No terminal types here.

use super::{App, Overlay, Reader};
use crate::document::TextPos;
use crate::layout::Line;
use std::ops::Range;

/// Fewer words than this before a heading do not make a section of their own.
const SECTION_MIN_WORDS: usize = 30;

/// What the UI draws for the page: computed by [`App::refresh`], read-only for the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageView {
    pub lines: Vec<Line>,
    /// The right page of a two-page spread (empty without one, or past the last page).
    pub right: Vec<Line>,
    /// Two pages side by side: the window has room ([`App::spread_fits`]).
    pub spread: bool,
    /// 0-based page index (the left page of a spread).
    pub page: usize,
    /// Page count, once the whole document is laid out.
    pub pages: Option<usize>,
    pub percent: u8,
    pub minutes_left: Option<u32>,
    /// Minutes to the next heading, when the article has sections.
    pub section_minutes_left: Option<u32>,
    pub column: u16,
    /// Cells the cut lines (code, tables) are scrolled to the left ([`Reader::shift`]).
    pub shift: usize,
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

impl App {
    /// Brings the layout and the page snapshot in line with the size and position.
    pub fn refresh(&mut self) {
        if self.too_small() {
            return;
        }
        self.caches.outline = if matches!(self.screen.overlay, Overlay::Outline { .. }) {
            super::outline::outline(self)
        } else {
            Vec::new()
        };
        let Some(measure) = self.screen.reader.as_ref().map(|r| r.measure) else {
            return;
        };
        let opts = self.layout_options(measure);
        let spread = self.spread_fits(measure);
        let wpm = self.settings.pace.wpm_or(self.settings.wpm);
        let Some(reader) = self.screen.reader.as_mut() else {
            return;
        };
        reader.spread = spread;
        let keep_top = std::mem::take(&mut reader.keep_top);
        if reader.layout.options() != opts {
            reader.layout.reconfigure(opts);
            if keep_top {
                reader.layout.break_before(reader.pos);
                reader.page = reader.layout.page_of(reader.pos);
                // The line at the top now: the next change keeps it in turn.
                reader.pos = reader.layout.position_of_page(reader.page);
            } else {
                reader.page = reader.layout.page_of(reader.pos);
            }
        }
        let mut view = page_view(reader, wpm);
        // After a resize the page ends elsewhere: the record follows (saved with the next
        // message), so the library and `folio list` say what the status line says.
        reader.dirty |= reader.keep_progress(view.percent);
        view.column = u16::try_from(opts.column()).unwrap_or(u16::MAX);
        let overflow = view.all_lines().map(|l| l.overflow(opts.column()));
        reader.shift = reader.shift.min(overflow.max().unwrap_or(0));
        view.shift = reader.shift;
        let shown = view.shown(reader.pos);
        view.selection = match &self.screen.overlay {
            Overlay::Select { anchor, head } => Some(anchor.0.min(head.0)..anchor.0.max(head.0)),
            _ => None,
        };
        if let Some(s) = &self.screen.search {
            view.matches = s
                .matches
                .iter()
                .filter(|m| m.start < shown.end && m.end > shown.start)
                .cloned()
                .collect();
            view.current_match = s.matches.get(s.current).cloned();
        }
        self.view = view;
        self.caches.links = if matches!(self.screen.overlay, Overlay::Links { .. }) {
            super::links::page_links(self)
        } else {
            Vec::new()
        };
    }
}

impl PageView {
    /// The document range the page shows, from its first to its last non-blank line.
    fn shown(&self, top: TextPos) -> Range<usize> {
        let first = self
            .lines
            .iter()
            .find(|l| !l.is_blank())
            .map_or(top.0, |l| l.src.start);
        first..self.end(top).max(first)
    }

    /// The range a bookmark on this page falls in: never empty.
    pub(super) fn page_range(&self, top: TextPos) -> Range<usize> {
        let shown = self.shown(top);
        shown.start..shown.end.max(shown.start + 1)
    }

    /// Where the page's text ends (the right page's, in a spread).
    fn end(&self, top: TextPos) -> usize {
        self.all_lines()
            .rev()
            .find(|l| !l.is_blank())
            .map_or(top.0, |l| l.src.end)
    }

    /// Every line on screen: the page's, then the right page's.
    pub fn all_lines(&self) -> impl DoubleEndedIterator<Item = &Line> {
        self.lines.iter().chain(self.right.iter())
    }
}

/// The page at the reader's position with its numbers and notes (the column, selection and
/// search marks are filled in by the caller).
fn page_view(reader: &mut Reader, wpm: u32) -> PageView {
    let (lines, right) = reader.screen_lines();
    let (known, complete) = reader.layout.pages_known();
    let complete = complete && reader.loading.is_none();
    let len = reader.loading.unwrap_or(reader.doc.text.len());
    let mut view = PageView {
        lines,
        right,
        spread: reader.spread,
        page: reader.first_shown(),
        pages: complete.then_some(known.max(1)),
        ..PageView::default()
    };
    view.percent = reader.progress_to(view.end(reader.pos));
    let minutes_for = |words: usize| u32::try_from(words).unwrap_or(u32::MAX) / wpm;
    let (words_left, section_words) = words_left(reader, len);
    view.minutes_left = Some(minutes_for(words_left));
    view.section_minutes_left = section_words.map(minutes_for);
    let shown = view.shown(reader.pos);
    view.highlights = reader
        .notes
        .highlight_ranges()
        .into_iter()
        .map(|(_, r)| r.start.0..r.end.0)
        .filter(|r| r.start < shown.end && r.end > shown.start)
        .collect();
    // A bookmark belongs to the page whose text holds its position.
    view.bookmarked = reader
        .notes
        .bookmark_in(&view.page_range(reader.pos))
        .is_some();
    view.section = reader
        .doc
        .section_of(TextPos(shown.start))
        .map(str::to_string);
    view
}

/// Words left in the article from the page's top, and in its section when it has one.
fn words_left(reader: &Reader, len: usize) -> (usize, Option<usize>) {
    let before = match &reader.words_before {
        Some(before) if reader.loading.is_none() => before,
        // Until the index is built: about six bytes a word.
        _ => return (len.saturating_sub(reader.pos.0) / 6, None),
    };
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
    let section = (next.is_some() || after > 0).then(|| {
        let end = next.map_or(total, |i| before.get(i).copied().unwrap_or(total));
        end.saturating_sub(here)
    });
    (total.saturating_sub(here), section)
}
