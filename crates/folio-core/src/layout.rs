//! Lines and pages from a [`Document`] at a given size: pure, lazy and resize-friendly.
//!
//! [`LineBreaker`] turns blocks into display [`Line`]s one piece at a time: a paragraph is wrapped
//! in chunks of at most [`CHUNK`] bytes, so no step costs the whole of a 4 MB single-line file.
//! [`Layout`] cuts those lines into pages on demand, so the first page (or the page holding a
//! position) is ready before the rest of the document is laid out. It keeps a small
//! [`LineSpan`] of every line and whole lines only near the pages asked for, wrapping a page
//! again when it is asked for after its lines were let go, so a 100 MB book's layout takes a
//! fraction of the book's size.
//!
//! Wrapping is greedy (first fit) by display width, and only the word that does not fit at the
//! end of a line is hyphenated (see [`crate::hyphenate`]). Every line knows the range of document
//! text it shows, so positions map to pages and back at any size.
//!
//! The one width function is [`width`], the same per-grapheme measure ratatui draws with.
//! Must not depend on ratatui or crossterm.

use crate::document::{Block, BlockKind, Document, Style, TextPos};
use crate::hyphenate;
use std::ops::Range;
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub mod marks;
use marks::LinkMark;

/// Largest piece of a block wrapped in one step.
pub const CHUNK: usize = 16 * 1024;

/// Default measure: the width of the text column.
pub const DEFAULT_MEASURE: u16 = 72;

const SOFT_HYPHEN: char = '\u{ad}';

/// Display width of `s` in terminal cells, grapheme by grapheme as ratatui measures it
/// (zero-width graphemes take no cell; halfwidth sound marks take one). Soft hyphens count 0:
/// they are never drawn.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.graphemes(true)
        .map(|g| {
            if g == "\u{ad}" {
                return 0;
            }
            let marks = g
                .chars()
                .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
                .count();
            g.width() + marks
        })
        .sum()
}

/// Shortens `s` to at most `max` cells, ending with "…" when something was cut.
pub fn shorten(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = width(g);
        if w + gw + 1 > max {
            break;
        }
        w += gw;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// The part of a cut line's `text` that shows when it is scrolled `from` cells to the left
/// in `room` cells: the byte range of the graphemes wholly inside the window, and the cell
/// (relative to `from`) where the first of them starts. A wide character the window's edge
/// falls in is left out; the caller leaves its cell blank.
pub fn visible(text: &str, from: usize, room: usize) -> (Range<usize>, usize) {
    let end_cell = from.saturating_add(room);
    let (mut start, mut end, mut lead) = (None, text.len(), 0);
    let mut cell = 0;
    for (i, g) in text.grapheme_indices(true) {
        let w = width(g);
        if start.is_none() && cell >= from {
            start = Some(i);
            lead = cell - from;
        }
        if cell + w > end_cell {
            end = i;
            break;
        }
        cell += w;
    }
    let start = start.unwrap_or(text.len()).min(end);
    (start..end, lead)
}

/// The size and settings a layout is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Width of the view in cells; the column is `min(measure, width)`.
    pub width: u16,
    /// Lines per page.
    pub height: u16,
    /// Preferred column width.
    pub measure: u16,
    /// Hyphenate running text in the document's language. Off, no word is broken with a
    /// hyphen: not by the dictionary, not at soft hyphens (lines still break after the hyphens
    /// and dashes a word already has).
    pub hyphenate: bool,
    /// Full justification: stretch the lines of running text to the column's width (the
    /// module's `justify` says which lines are left ragged).
    pub justify: bool,
    /// Show `[n]` after each link's text (see [`marks`]): text the document does not have,
    /// wrapped with its word and recorded in [`Line::inserts`].
    pub link_marks: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            width: DEFAULT_MEASURE,
            height: 24,
            measure: DEFAULT_MEASURE,
            hyphenate: true,
            justify: false,
            link_marks: false,
        }
    }
}

impl LayoutOptions {
    /// Width of the text column: the measure, never wider than the view, at least 2.
    pub fn column(&self) -> usize {
        usize::from(self.measure.min(self.width)).max(2)
    }
}

/// A styled byte range of a line's display text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub range: Range<usize>,
    pub style: Style,
}

/// One display line of the column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// Indentation, list marker or quote margin; drawn before `text`.
    pub prefix: String,
    /// The text as shown: soft hyphens removed, an inserted hyphen at a break.
    pub text: String,
    /// Inline styles over `text`.
    pub runs: Vec<Run>,
    /// Document bytes this line stands for (up to the next line's start). Empty for blank lines
    /// and rules.
    pub src: Range<usize>,
    /// Document offset where `text` begins (after any indentation in `src`).
    pub text_start: usize,
    /// `text` ends with a hyphen inserted at a break (not in the document).
    pub hyphen: bool,
    /// Index of the block in [`Document::blocks`]; `None` for the blank line between blocks.
    pub block: Option<usize>,
    /// Centre this line in the column (title, rule).
    pub center: bool,
    /// First and last line of its block (for widow, orphan and keep-with-next rules).
    pub first: bool,
    pub last: bool,
    /// A line of code or of a table: one whole source line, never wrapped, so `text` may be
    /// wider than the column. The reader cuts it at the column's edge and scrolls it sideways
    /// (see [`visible`]); piped output prints it whole.
    pub cut: bool,
    /// Byte ranges of `text` the document does not have: link numbers (`[3]`, see
    /// [`marks`]), in order. [`Line::shown`] steps over them.
    pub inserts: Vec<Range<usize>>,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.block.is_none()
    }

    /// Display width of prefix plus text.
    pub fn width(&self) -> usize {
        width(&self.prefix) + width(&self.text)
    }

    /// How many cells of a cut line do not fit in `column` (0 for any other line): how far
    /// it can be scrolled sideways before its end shows.
    pub fn overflow(&self, column: usize) -> usize {
        if !self.cut {
            return 0;
        }
        self.width().saturating_sub(column)
    }

    /// The byte range of `text` that shows the document range `range` (`doc` is the
    /// document's text), if any of it is on this line. A hyphen inserted at a break belongs to
    /// the word it splits; spaces inserted by justification belong to the gap they widen.
    pub fn shown(&self, doc: &str, range: &Range<usize>) -> Option<Range<usize>> {
        if self.is_blank() {
            return None;
        }
        let visible = self.text.len() - usize::from(self.hyphen);
        // The source bytes `text` shows: from `text_start`, soft hyphens dropped.
        let source = doc.get(self.text_start..self.src.end.max(self.text_start))?;
        // A range that starts where a mark is inserted starts after it; one that ends there
        // ends before it.
        let (a, _) = self.to_text(source, range.start.max(self.text_start), visible, true);
        let (mut b, mapped) = self.to_text(source, range.end.min(self.src.end), visible, false);
        // The hyphen goes with a range that runs on past the break from before it (a range
        // that starts at or after the break is not on this line).
        if self.hyphen && b == visible && range.end > mapped && a < visible {
            b = self.text.len();
        }
        (a < b).then_some(a..b)
    }

    /// Where document offset `off` falls in `text[..visible]`, walking `source` (the document
    /// from `text_start`) and `text` side by side: soft hyphens in the source are not shown, and
    /// spaces in the text where the source has none were inserted by justification (they go
    /// with the character after them), and [`Line::inserts`] are stepped over, before `off`
    /// when `after_inserts`, else only on the way past it. Returns the offset in `text` and the
    /// document offset up to which the source was matched.
    fn to_text(
        &self,
        source: &str,
        off: usize,
        visible: usize,
        after_inserts: bool,
    ) -> (usize, usize) {
        let text = self.text.get(..visible).unwrap_or("");
        let past_inserts = |j: usize| {
            self.inserts
                .iter()
                .find(|r| r.start == j)
                .map_or(j, |r| r.end)
        };
        let mut j = 0;
        let mut matched = self.text_start;
        for (i, c) in source.char_indices() {
            if c != ' ' && c != SOFT_HYPHEN {
                j += text
                    .get(j..)
                    .map_or(0, |t| t.len() - t.trim_start_matches(' ').len());
            }
            let at = self.text_start + i;
            if after_inserts || at < off {
                j = past_inserts(j);
            }
            if at >= off || j >= visible {
                break;
            }
            if c != SOFT_HYPHEN {
                if !text.get(j..).is_some_and(|t| t.starts_with(c)) {
                    break; // not the text of this source: stop where the two agree
                }
                j += c.len_utf8();
            }
            matched = at + c.len_utf8();
        }
        (j.min(visible), matched)
    }
}

/// Produces the lines of a document in order, a bounded piece at a time.
#[derive(Debug, Clone)]
pub struct LineBreaker {
    doc: Arc<Document>,
    column: usize,
    /// Break points in the document's language (none when hyphenation is off).
    breaks: hyphenate::Breaks,
    /// No hyphenation dictionary: existing hyphens and soft hyphens only (existing hyphens
    /// only when hyphenation is off).
    plain_breaks: hyphenate::Breaks,
    /// Stretch running text to the column (see [`justify`]).
    justify: bool,
    /// Insert link numbers (see [`marks`]).
    link_marks: bool,
    /// Next block to lay out and the byte offset inside it (block-relative).
    block: usize,
    offset: usize,
    /// Index of the next line within the current block.
    line_in_block: usize,
    pending: std::collections::VecDeque<Line>,
}

impl LineBreaker {
    pub fn new(doc: Arc<Document>, opts: &LayoutOptions) -> Self {
        let (breaks, plain_breaks) = if opts.hyphenate {
            let splitter = hyphenate::language_of(&doc).and_then(hyphenate::Lang::dictionary);
            (
                hyphenate::Breaks::new(splitter),
                hyphenate::Breaks::new(None),
            )
        } else {
            (
                hyphenate::Breaks::without_hyphenation(),
                hyphenate::Breaks::without_hyphenation(),
            )
        };
        LineBreaker {
            doc,
            column: opts.column(),
            breaks,
            plain_breaks,
            justify: opts.justify,
            link_marks: opts.link_marks,
            block: 0,
            offset: 0,
            line_in_block: 0,
            pending: std::collections::VecDeque::new(),
        }
    }

    /// Where the next piece starts, if the lines of the last one are all taken: laying out
    /// again from there (see [`LineBreaker::seek`]) gives the same lines, `line` being the
    /// index of the first.
    fn mark(&self, line: usize) -> Option<Mark> {
        self.pending.is_empty().then_some(Mark {
            line,
            block: self.block,
            offset: self.offset,
            line_in_block: self.line_in_block,
        })
    }

    /// Goes back (or on) to `mark`: the next lines are those that followed it the first time.
    fn seek(&mut self, mark: &Mark) {
        self.block = mark.block;
        self.offset = mark.offset;
        self.line_in_block = mark.line_in_block;
        self.pending.clear();
    }

    /// Lays out the next piece into `pending`. Returns false when the document is done.
    fn fill(&mut self) -> bool {
        let doc = Arc::clone(&self.doc);
        let Some(block) = doc.blocks.get(self.block) else {
            return false;
        };
        let index = self.block;
        if self.offset == 0
            && self.line_in_block == 0
            && index > 0
            && !tight_with_previous(&doc, index)
        {
            self.pending.push_back(Line {
                src: doc.blocks[index - 1].range.end..doc.blocks[index - 1].range.end,
                ..Line::default()
            });
        }
        let text = doc.block_text(block);
        let (lines, next) = match block.kind {
            BlockKind::Rule => (vec![rule_line(block, self.column)], text.len()),
            BlockKind::Code | BlockKind::Table => self.cut_line(block, text),
            BlockKind::Lines => self.kept_lines(block, text),
            _ => self.reflow(block, text),
        };
        let done = next >= text.len();
        let count = lines.len();
        for (i, mut line) in lines.into_iter().enumerate() {
            line.block = Some(index);
            line.first = self.line_in_block == 0;
            line.last = done && i + 1 == count;
            self.line_in_block += 1;
            self.pending.push_back(line);
        }
        if done {
            self.block += 1;
            self.offset = 0;
            self.line_in_block = 0;
        } else {
            self.offset = next;
        }
        true
    }

    /// Reflows running text from `self.offset`, at most one chunk. Returns lines and the
    /// block-relative offset to continue from.
    fn reflow(&mut self, block: &Block, text: &str) -> (Vec<Line>, usize) {
        let (first_prefix, prefix) = prefixes(block, self.column);
        let avail = self.column.saturating_sub(width(&prefix)).max(1);
        let end = chunk_end(text, self.offset);
        let piece = &text[self.offset..end];
        let hyphenate = block.kind == BlockKind::Paragraph;
        let marks = self.marks(block, text);
        let dict = if hyphenate {
            &mut self.breaks
        } else {
            &mut self.plain_breaks
        };
        // Inline code in this piece (piece-relative): never hyphenated.
        let mut code: Vec<Range<usize>> = block
            .spans
            .iter()
            .filter(|s| s.style.code && s.range.end > self.offset && s.range.start < end)
            .map(|s| s.range.start.saturating_sub(self.offset)..s.range.end.min(end) - self.offset)
            .collect();
        let widths = piece_marks(&marks, self.offset, end, &mut code);
        let mut breaks = fit_widths(piece, avail, avail, dict, hyphenate, &code, &widths);
        let mut next = end;
        if end < text.len() && breaks.len() > 1 {
            // The last line may continue into the next chunk: wrap it again from there.
            if let Some(last) = breaks.pop() {
                next = self.offset + last.start;
            }
        }
        let center = block.kind == BlockKind::Title;
        // Running text only: not titles, bylines or headings.
        let stretch = self.justify && block.kind == BlockKind::Paragraph;
        let lines = breaks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let start = self.offset + b.start;
                let src_end = breaks.get(i + 1).map_or(next, |n| self.offset + n.start);
                let first_line = self.offset == 0 && i == 0 && self.line_in_block == 0;
                // The last line of a paragraph stays ragged.
                let last_of_block = i + 1 == breaks.len() && next >= text.len();
                let stretch = stretch && !last_of_block;
                let mut line = make_line(
                    block,
                    text,
                    start..self.offset + b.end,
                    b.hyphen,
                    block.range.start + start..block.range.start + src_end,
                    if stretch { avail } else { 0 },
                    &marks,
                );
                line.prefix = if first_line {
                    first_prefix.clone()
                } else {
                    prefix.clone()
                };
                line.center = center;
                if stretch {
                    let target = self.column.saturating_sub(width(&line.prefix));
                    // Odd lines widen their last gaps, even ones their first, so the wide
                    // gaps do not pile up on one side of the column all the way down.
                    let from_right = (self.line_in_block + i) % 2 == 1;
                    justify(&mut line, target, from_right);
                }
                line
            })
            .collect();
        (lines, next)
    }

    /// Code and tables: one source line per step, one display line, never wrapped, its
    /// leading spaces kept in the text (columns line up when scrolled). Only a line longer
    /// than [`CHUNK`] bytes goes on in a further display line, so no step costs more.
    fn cut_line(&mut self, block: &Block, text: &str) -> (Vec<Line>, usize) {
        let (first_prefix, prefix) = prefixes(block, self.column);
        let rest = text.get(self.offset..).unwrap_or("");
        let line_end = rest.find('\n').map_or(text.len(), |i| self.offset + i);
        let mut end = line_end.min(self.offset.saturating_add(CHUNK));
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // Past the newline, or on from where a very long line was cut.
        let next = if end == line_end { line_end + 1 } else { end };
        let src = block.range.start + self.offset..block.range.start + next.min(text.len());
        let mut line = make_line(block, text, self.offset..end, false, src, 0, &[]);
        line.prefix = if self.offset == 0 {
            first_prefix
        } else {
            prefix
        };
        line.cut = true;
        (vec![line], next)
    }

    /// Verse: one source line per step (a very long one in chunks), each wrapped to the
    /// column with a hanging indent, never hyphenated, leading spaces kept.
    fn kept_lines(&mut self, block: &Block, text: &str) -> (Vec<Line>, usize) {
        let (first_prefix, prefix) = prefixes(block, self.column);
        let rest = &text[self.offset..];
        let line_end = rest.find('\n').map_or(text.len(), |i| self.offset + i);
        let source = &text[self.offset..line_end];
        let indent_len = source.len() - source.trim_start_matches(' ').len();
        let base = width(&prefix);
        // Keep the line's own indentation while it leaves half the column for text.
        let indent = indent_len.min(self.column.saturating_sub(base) / 2);
        let content_start = self.offset + indent_len;
        let end = chunk_end(text, content_start)
            .min(line_end)
            .max(content_start);
        let piece = &text[content_start..end];
        let avail_first = self.column.saturating_sub(base + indent).max(1);
        // Only verse comes here (code and tables are cut, never wrapped).
        let hang = crate::format::plain::verse_hang(source);
        let avail_rest = self.column.saturating_sub(base + indent + hang).max(1);
        let marks = self.marks(block, text);
        let mut keep = Vec::new();
        let widths = piece_marks(&marks, content_start, end, &mut keep);
        let mut breaks = fit_widths(
            piece,
            avail_first,
            avail_rest,
            &mut self.plain_breaks,
            false,
            &keep,
            &widths,
        );
        if breaks.is_empty() {
            breaks.push(Break {
                start: 0,
                end: 0,
                hyphen: false,
            });
        }
        let mut next = end;
        if end < line_end && breaks.len() > 1 {
            if let Some(last) = breaks.pop() {
                next = content_start + last.start;
            }
        } else if end >= line_end {
            next = line_end + 1; // past the newline
        }
        let first_of_source =
            self.offset == 0 || text.as_bytes().get(self.offset - 1) == Some(&b'\n');
        let lines = breaks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let start = content_start + b.start;
                let src_start = if i == 0 && first_of_source {
                    self.offset
                } else {
                    start
                };
                let src_end = breaks
                    .get(i + 1)
                    .map_or(next.min(text.len()), |n| content_start + n.start);
                let mut line = make_line(
                    block,
                    text,
                    start..content_start + b.end,
                    false,
                    block.range.start + src_start..block.range.start + src_end,
                    0,
                    &marks,
                );
                let p = if self.offset == 0 && i == 0 {
                    &first_prefix
                } else {
                    &prefix
                };
                let extra = if i == 0 && first_of_source {
                    indent
                } else {
                    indent + hang
                };
                line.prefix = format!("{p}{}", " ".repeat(extra));
                line
            })
            .collect();
        (lines, next.min(text.len().max(next)))
    }
}

impl LineBreaker {
    /// The link numbers of `block` (whose text is `text`) when they are shown.
    fn marks(&self, block: &Block, text: &str) -> Vec<LinkMark> {
        if !self.link_marks || !marks::marked(&block.kind) || block.spans.is_empty() {
            return Vec::new();
        }
        marks::link_marks(text, &block.spans, self.doc.meta.links.len())
    }
}

/// The marks inside `start..end` of a block as `(offset in the piece, width)` for
/// [`fit_widths`]; each marked word is added to `keep` (piece ranges never hyphenated), so a
/// mark never ends up on a line without its word.
fn piece_marks(
    marks: &[LinkMark],
    start: usize,
    end: usize,
    keep: &mut Vec<Range<usize>>,
) -> Vec<(usize, usize)> {
    marks
        .iter()
        .filter(|m| m.at > start && m.at <= end)
        .map(|m| {
            let at = m.at - start;
            keep.push(at - 1..at);
            (at, m.text.len())
        })
        .collect()
}

impl Iterator for LineBreaker {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        while self.pending.is_empty() {
            if !self.fill() {
                return None;
            }
        }
        self.pending.pop_front()
    }
}

/// List items follow each other without a blank line.
fn tight_with_previous(doc: &Document, index: usize) -> bool {
    let (Some(prev), Some(cur)) = (doc.blocks.get(index.wrapping_sub(1)), doc.blocks.get(index))
    else {
        return false;
    };
    prev.list.is_some()
        && cur.list.is_some()
        && cur.kind == BlockKind::Paragraph
        && prev.kind == BlockKind::Paragraph
}

/// The prefix for a block's first line and for its other lines.
fn prefixes(block: &Block, column: usize) -> (String, String) {
    let mut base = "    ".repeat(usize::from(block.quote_depth.min(8)));
    if block.kind == BlockKind::Code {
        base.push_str("  ");
    }
    let (mut first, mut rest) = (base.clone(), base);
    if let Some(list) = &block.list {
        let indent = "  ".repeat(usize::from(list.depth.saturating_sub(1).min(8)));
        let marker = list.marker.as_deref().unwrap_or("•");
        let marker_width = width(marker) + 1;
        first.push_str(&indent);
        rest.push_str(&indent);
        match &list.marker {
            Some(m) => {
                first.push_str(m);
                first.push(' ');
            }
            None => first.push_str(&" ".repeat(marker_width)),
        }
        rest.push_str(&" ".repeat(marker_width));
    }
    // Prefixes never take more than half the column.
    let limit = column / 2;
    (truncate_to(&first, limit), truncate_to(&rest, limit))
}

fn truncate_to(s: &str, limit: usize) -> String {
    if width(s) <= limit {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = width(g);
        if w + gw > limit {
            break;
        }
        w += gw;
        out.push_str(g);
    }
    out
}

fn rule_line(block: &Block, column: usize) -> Line {
    let text = if column >= 5 { "* * *" } else { "*" };
    Line {
        text: text.to_string(),
        src: block.range.start..block.range.start,
        center: true,
        ..Line::default()
    }
}

/// A chunk boundary at or after `offset + CHUNK`, on a space when one is near.
fn chunk_end(text: &str, offset: usize) -> usize {
    let target = offset.saturating_add(CHUNK);
    if target >= text.len() {
        return text.len();
    }
    let window = &text.as_bytes()[target..text.len().min(target + 1024)];
    if let Some(i) = window.iter().position(|&b| b == b' ' || b == b'\n') {
        return target + i;
    }
    let mut end = target;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// A line break found by [`fit`]: the line shows `start..end` of the piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Break {
    start: usize,
    end: usize,
    hyphen: bool,
}

/// A unit that is never split except by hyphenation or when wider than a line.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    width: usize,
    /// Spaces after the token (their width), 0 where the next token follows directly (CJK).
    space: usize,
    /// Width of the marks inserted in the token, counted in `width`, and where the last one
    /// goes (0: none).
    extra: usize,
    mark: usize,
}

/// Whether a line may break between `a` and `b` inside a run of non-space characters:
/// around wide (CJK) characters, except before closing punctuation, small kana, the prolonged
/// sound and iteration marks (UAX #14 classes CL, NS and CJ, CJ taken strictly, as Japanese
/// typesetting does: `窮屈き` / `ゅうくつ` is never split) and after opening punctuation.
fn cjk_break(a: char, b: char) -> bool {
    let wide = |c: char| unicode_width::UnicodeWidthChar::width(c) == Some(2);
    (wide(a) || wide(b))
        && !"。、，．・：；！？」』）〕】〉》｝〟’”…ー".contains(b)
        && !"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ゛゜ｧｨｩｪｫｬｭｮｯｰ｡､｣ﾞﾟ"
            .contains(b)
        && !"「『（〔【〈《｛〝‘“([".contains(a)
        // Nor between a word and a reading in parentheses after it (ruby: `用意(ようい)`).
        && !"()]".contains(b)
}

fn tokens(text: &str) -> Vec<Token> {
    if text.is_ascii() {
        return ascii_tokens(text.as_bytes());
    }
    let mut out: Vec<Token> = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let ascii = text.is_ascii();
    for (i, c) in text.char_indices() {
        if c == ' ' {
            if let Some(s) = start.take() {
                out.push(token(text, s, i, ascii));
            }
            if let Some(t) = out.last_mut()
                && t.end + t.space == i
            {
                t.space += 1;
            }
            prev = None;
            continue;
        }
        if let (Some(s), Some(p)) = (start, prev)
            && !ascii
            && cjk_break(p, c)
        {
            out.push(token(text, s, i, ascii));
            start = Some(i);
            prev = Some(c);
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push(token(text, s, text.len(), ascii));
    }
    out
}

/// [`tokens`] for ASCII text: a byte scan, one cell per byte (decode removed the controls).
fn ascii_tokens(b: &[u8]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(b.len() / 5);
    let mut i = 0;
    while i < b.len() {
        let spaces = i;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if let Some(t) = out.last_mut()
            && t.end == spaces
        {
            t.space = i - spaces;
        }
        let start = i;
        while i < b.len() && b[i] != b' ' {
            i += 1;
        }
        if i > start {
            out.push(Token {
                start,
                end: i,
                width: i - start,
                space: 0,
                extra: 0,
                mark: 0,
            });
        }
    }
    out
}

fn token(text: &str, start: usize, end: usize, ascii: bool) -> Token {
    let width = if ascii {
        end - start
    } else {
        width(&text[start..end])
    };
    Token {
        start,
        end,
        width,
        space: 0,
        extra: 0,
        mark: 0,
    }
}

/// Greedy wrapping of `text` to `avail` cells per line.
#[cfg(test)]
fn fit(
    text: &str,
    avail: usize,
    dict: &mut hyphenate::Breaks,
    hyphenate: bool,
    code: &[Range<usize>],
) -> Vec<Break> {
    fit_widths(text, avail, avail, dict, hyphenate, code, &[])
}

/// Greedy wrapping with a different width for the first line. Only the token that does not fit
/// is offered to the hyphenator; a token wider than a whole line is cut between graphemes.
/// Tokens in `code` (byte ranges of `text`, inline code) and tokens that look like URLs are
/// never broken inside except when wider than a whole line (see [`hyphenate::keeps_whole`]).
/// `marks` are text inserted after the character before a byte offset, `(offset, width)` in
/// order: the word they follow is that much wider (see [`marks`]).
fn fit_widths(
    text: &str,
    first: usize,
    rest: usize,
    dict: &mut hyphenate::Breaks,
    hyphenate: bool,
    code: &[Range<usize>],
    marks: &[(usize, usize)],
) -> Vec<Break> {
    let mut toks = tokens(text);
    for &(at, width) in marks {
        // The token the mark follows: the last one starting before it.
        let i = toks.partition_point(|t| t.start < at);
        if let Some(t) = i.checked_sub(1).and_then(|i| toks.get_mut(i)) {
            t.width += width;
            t.extra += width;
            t.mark = at;
        }
    }
    let mut wrap = Wrap::default();
    let mut i = 0;
    let mut cur: Option<Token> = toks.first().copied();
    while let Some(t) = cur {
        let limit = if wrap.breaks.is_empty() { first } else { rest }.max(1);
        if wrap.place(t, limit) {
            i += 1;
            cur = toks.get(i).copied();
        } else if let Some(left) = wrap.split(text, t, limit, dict, hyphenate, code) {
            // Nothing left but a mark, when a column cannot hold a grapheme and its mark: the
            // mark stays beside its word, past the column.
            if left.start >= left.end {
                i += 1;
                cur = toks.get(i).copied();
            } else {
                cur = Some(left);
            }
        } else {
            // The token goes to the next line.
            wrap.end_line();
        }
    }
    wrap.finish()
}

/// The state of [`fit_widths`]: the lines so far and the one being filled.
#[derive(Default)]
struct Wrap {
    breaks: Vec<Break>,
    line_start: Option<usize>,
    line_end: usize,
    used: usize,
    /// Spaces owed before the next token on this line.
    gap: usize,
}

impl Wrap {
    fn sep(&self) -> usize {
        if self.line_start.is_some() {
            self.gap
        } else {
            0
        }
    }

    /// Puts `t` on the current line when it fits.
    fn place(&mut self, t: Token, limit: usize) -> bool {
        let sep = self.sep();
        if self.used + sep + t.width > limit {
            return false;
        }
        self.line_start.get_or_insert(t.start);
        self.line_end = t.end;
        self.used += sep + t.width;
        self.gap = t.space;
        true
    }

    /// Ends the line inside `t` (which does not fit) when that is worth it or unavoidable;
    /// returns the rest of the token, or `None` when `t` should go to the next line whole.
    fn split(
        &mut self,
        text: &str,
        t: Token,
        limit: usize,
        dict: &mut hyphenate::Breaks,
        hyphenate: bool,
        code: &[Range<usize>],
    ) -> Option<Token> {
        let word = &text[t.start..t.end];
        let in_code = code.iter().any(|r| r.start < t.end && r.end > t.start);
        // The whole space-delimited word, for a URL already cut at an earlier line.
        let whole_start = text[..t.start].rfind(' ').map_or(0, |i| i + 1);
        let whole = &text[whole_start..t.end];
        let room = limit.saturating_sub(self.used + self.sep());
        // Try a break inside the token (hyphenation, existing hyphens, soft hyphens), but only
        // when the line would otherwise end noticeably short: fewer hyphens read better.
        let worth_it = self.line_start.is_none() || room > (limit / 10).max(3);
        if worth_it
            && !hyphenate::keeps_whole(whole, in_code)
            && (hyphenate || word.contains(['-', SOFT_HYPHEN]))
            && let Some((p, hy)) = best_break(word, room, dict)
        {
            let start = *self.line_start.get_or_insert(t.start);
            self.breaks.push(Break {
                start,
                end: t.start + p,
                hyphen: hy,
            });
            self.line_start = None;
            self.used = 0;
            self.gap = 0;
            return Some(rest_of(text, t, p));
        }
        if self.line_start.is_some() {
            return None;
        }
        // Wider than a whole line: cut between graphemes, leaving a mark room beside the
        // grapheme before it.
        let mut p = grapheme_fit(word, limit);
        if t.extra > 0 && t.start + p >= t.mark {
            p = grapheme_fit(word, limit.saturating_sub(t.extra));
        }
        self.breaks.push(Break {
            start: t.start,
            end: t.start + p,
            hyphen: false,
        });
        Some(rest_of(text, t, p))
    }

    fn end_line(&mut self) {
        if let Some(start) = self.line_start.take() {
            self.breaks.push(Break {
                start,
                end: self.line_end,
                hyphen: false,
            });
        }
        self.used = 0;
        self.gap = 0;
    }

    fn finish(mut self) -> Vec<Break> {
        self.end_line();
        self.breaks
    }
}

/// What is left of token `t` after its first `p` bytes (with its marks when they are in it).
fn rest_of(text: &str, t: Token, p: usize) -> Token {
    let start = t.start + p;
    let extra = if t.mark > start { t.extra } else { 0 };
    Token {
        start,
        width: width(&text[start..t.end]) + extra,
        extra,
        mark: if extra > 0 { t.mark } else { 0 },
        ..t
    }
}

/// The longest prefix of `word` ending at a break point that fits in `room` with its hyphen.
fn best_break(word: &str, room: usize, dict: &mut hyphenate::Breaks) -> Option<(usize, bool)> {
    if room < 2 {
        return None;
    }
    dict.points(word)
        .into_iter()
        .rev()
        .find(|&(p, hy)| width(&word[..p]) + usize::from(hy) <= room)
}

/// Bytes of the longest grapheme prefix of `s` within `limit` cells; at least one grapheme.
fn grapheme_fit(s: &str, limit: usize) -> usize {
    let mut w = 0;
    let mut end = 0;
    for (i, g) in s.grapheme_indices(true) {
        let gw = width(g);
        if w + gw > limit && end > 0 {
            break;
        }
        w += gw;
        end = i + g.len();
    }
    end
}

/// Builds a display line for `range` (block-relative) of `text`, carrying the block's spans.
/// `room` is the width the line may be stretched to (0 when it will not be): for ASCII text,
/// all the bytes justification needs, so that it does not allocate again. `marks` (the block's,
/// block-relative) inside the range are inserted after the character before them.
fn make_line(
    block: &Block,
    text: &str,
    range: Range<usize>,
    hyphen: bool,
    src: Range<usize>,
    room: usize,
    marks: &[LinkMark],
) -> Line {
    let slice = text.get(range.clone()).unwrap_or("");
    let has_shy = slice.contains(SOFT_HYPHEN);
    // Room for an inserted hyphen, and for the spaces of justification up to `room` bytes.
    let mut shown = String::with_capacity(slice.len().max(room) + 1);
    if has_shy {
        shown.extend(slice.chars().filter(|&c| c != SOFT_HYPHEN));
    } else {
        shown.push_str(slice);
    }
    // Block offset -> display offset: subtract soft hyphens before it.
    let to_display = |off: usize| -> usize {
        let off = off.clamp(range.start, range.end);
        let rel = off - range.start;
        if has_shy {
            rel - slice[..rel].matches(SOFT_HYPHEN).count() * SOFT_HYPHEN.len_utf8()
        } else {
            rel
        }
    };
    let mut runs: Vec<Run> = block
        .spans
        .iter()
        .filter(|s| s.range.start < range.end && s.range.end > range.start)
        .map(|s| Run {
            range: to_display(s.range.start)..to_display(s.range.end),
            style: s.style,
        })
        .filter(|r| r.range.start < r.range.end)
        .collect();
    let mut inserts: Vec<Range<usize>> = Vec::new();
    // From the last, so the display offsets of the ones before stay right.
    for mark in marks
        .iter()
        .rev()
        .filter(|m| m.at > range.start && m.at <= range.end)
    {
        let at = to_display(mark.at);
        if !shown.is_char_boundary(at) {
            continue;
        }
        let len = mark.text.len();
        shown.insert_str(at, &mark.text);
        // A run over the mark (emphasis around a link) takes it in; the link's own run, ending
        // where it is inserted, does not.
        for run in &mut runs {
            if run.range.start >= at {
                run.range.start += len;
            }
            if run.range.end > at {
                run.range.end += len;
            }
        }
        for r in &mut inserts {
            *r = r.start + len..r.end + len;
        }
        inserts.insert(0, at..at + len);
    }
    let inserted = hyphen && !shown.ends_with('-');
    if inserted {
        let len = shown.len();
        shown.push('-');
        for r in runs.iter_mut().filter(|r| r.range.end == len) {
            r.range.end += 1;
        }
    }
    Line {
        text: shown,
        runs,
        src,
        text_start: block.range.start + range.start,
        hyphen: inserted,
        inserts,
        ..Line::default()
    }
}

/// Full justification of one line of running text: widens the gaps between its words until
/// the text is `target` cells wide. In running text every gap is one space; a line short by
/// `extra` cells with `n` gaps gets one more space in `extra` of them, the leftmost ones, or
/// the rightmost when `from_right` (the caller alternates, line by line). Returns whether the
/// line was stretched.
///
/// A line is left as it is when it is already full, when it has no gap (one word, a word cut
/// between graphemes, CJK text without spaces: CJK lines break between characters and already
/// end within a cell of the edge), or when `extra > n`: stretching would more than double the
/// width of its gaps, some gap would become three spaces, and a line that loose reads worse
/// than a ragged one. Which lines are running text (paragraphs, list items and quotes, not the
/// last line of a paragraph) is for [`LineBreaker`] to say; titles, headings, code, verse and
/// tables never come here. Prefixes (indents, list markers, quote margins) are not touched:
/// `target` is the room after them.
///
/// The text gains spaces the document does not have; `runs` are shifted to stay over their
/// words (a run across a gap covers all of it), and [`Line::shown`] maps document ranges past
/// the inserted spaces. `src`, `text_start` and `hyphen` do not change, nor does which words
/// are on the line, so page breaks are the same as for ragged text.
fn justify(line: &mut Line, target: usize, from_right: bool) -> bool {
    let Some(extra) = target.checked_sub(width(&line.text)).filter(|&e| e > 0) else {
        return false;
    };
    // The spaces between words (a space is one byte and one cell, and never part of another
    // character's encoding). In running text every gap is one space, and lines neither start
    // nor end with one.
    let bytes = line.text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Counted 255 bytes at a time in a byte, which the compiler does 16 or 32 at a time.
    let spaces: usize = bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(b == b' '))))
        .sum();
    // No gap may more than double: each space gets at most one more, so `extra` of them do,
    // the first ones or the last ones. Inserted in place (the line was made with room for
    // them), looking only as far as the last space widened: this runs for every line.
    if spaces == 0 || extra > spaces {
        return false;
    }
    line.text.reserve(extra);
    let mut left = extra;
    if from_right {
        let mut i = line.text.len();
        while left > 0 && i > 0 {
            i -= 1;
            if line.text.as_bytes().get(i) == Some(&b' ') {
                widen(line, i + 1);
                left -= 1;
            }
        }
    } else {
        let mut i = 0;
        while left > 0 && i < line.text.len() {
            if line.text.as_bytes().get(i) == Some(&b' ') {
                widen(line, i + 1);
                i += 1;
                left -= 1;
            }
            i += 1;
        }
    }
    true
}

/// Inserts a space at byte `at` of a line's text (just after a space). Run boundaries at or
/// after it move with the text, so a run that starts on a word stays on it and one that ends
/// at a gap's far side takes the whole gap.
fn widen(line: &mut Line, at: usize) {
    line.text.insert(at, ' ');
    for run in &mut line.runs {
        for end in [&mut run.range.start, &mut run.range.end] {
            if *end >= at {
                *end += 1;
            }
        }
    }
    for r in &mut line.inserts {
        if r.start >= at {
            *r = r.start + 1..r.end + 1;
        }
    }
}

/// What paging needs to know of a display line: kept for every line laid out (24 bytes; a
/// whole [`Line`] is several times that, and a 100 MB book has well over a million lines),
/// while whole lines are kept only around the pages asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSpan {
    /// As [`Line::src`].
    pub src: Range<usize>,
    /// As [`Line::block`], `NO_BLOCK` for `None`.
    block: u32,
    /// `FIRST`, `LAST`, `HEADING`.
    flags: u8,
}

/// [`LineSpan::block`] of a blank line.
const NO_BLOCK: u32 = u32::MAX;
const FIRST: u8 = 1;
const LAST: u8 = 2;
/// The line is part of a title, heading or byline (it never ends a page).
const HEADING: u8 = 4;

impl LineSpan {
    fn of(line: &Line, doc: &Document) -> LineSpan {
        let flags = if line.first { FIRST } else { 0 }
            | if line.last { LAST } else { 0 }
            | if is_heading(doc, line) { HEADING } else { 0 };
        LineSpan {
            src: line.src.clone(),
            // A document of 4 billion blocks does not fit in memory; saturate rather than panic.
            block: line
                .block
                .map_or(NO_BLOCK, |b| u32::try_from(b).unwrap_or(NO_BLOCK - 1)),
            flags,
        }
    }

    /// As [`Line::is_blank`].
    pub fn is_blank(&self) -> bool {
        self.block == NO_BLOCK
    }

    fn first(&self) -> bool {
        self.flags & FIRST != 0
    }

    fn last(&self) -> bool {
        self.flags & LAST != 0
    }

    fn heading(&self) -> bool {
        self.flags & HEADING != 0
    }
}

/// Lines between laying-out restart points ([`Mark`]s): going back to a line that was let go
/// wraps again at most about this many lines before it (plus the rest of its piece).
const MARK_EVERY: usize = 64;

/// A point [`LineBreaker`] can start again from (see [`LineBreaker::mark`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    /// Index of the first line laid out from here.
    line: usize,
    block: usize,
    offset: usize,
    line_in_block: usize,
}

/// Whole lines `start..start + lines.len()`.
#[derive(Debug, Clone, Default)]
struct Window {
    start: usize,
    lines: Vec<Line>,
}

impl Window {
    fn end(&self) -> usize {
        self.start + self.lines.len()
    }

    fn covers(&self, range: &Range<usize>) -> bool {
        range.start >= self.start && range.end <= self.end()
    }

    fn get(&self, range: Range<usize>) -> Option<&[Line]> {
        self.lines
            .get(range.start.checked_sub(self.start)?..range.end.checked_sub(self.start)?)
    }
}

/// Lines cut into pages, computed as far as asked.
///
/// Every line laid out is remembered as a [`LineSpan`], which is all that cutting pages and
/// mapping positions need; whole [`Line`]s are kept only for the pages at the end of what is
/// laid out (`tail`) and around the last page asked for elsewhere (`near`). A page whose lines
/// were let go is wrapped again from the nearest restart point before it (one every 64 lines or
/// so): wrapping is deterministic, so it gets exactly the lines it had.
#[derive(Debug, Clone)]
pub struct Layout {
    opts: LayoutOptions,
    doc: Arc<Document>,
    breaker: LineBreaker,
    /// Wraps again lines that were let go; made on first use.
    rewrap: Option<LineBreaker>,
    /// Every line laid out so far.
    spans: Vec<LineSpan>,
    /// Restart points, by line, at least `mark_every` lines apart.
    marks: Vec<Mark>,
    mark_every: usize,
    /// The last lines laid out: it always ends at `spans.len()`.
    tail: Window,
    /// Lines around the last page asked for that was no longer in `tail`.
    near: Window,
    done: bool,
    /// Line ranges of the pages found so far.
    pages: Vec<Range<usize>>,
    /// A page starts at the line holding this text offset ([`Layout::break_before`]).
    break_at: Option<usize>,
}

impl Layout {
    pub fn new(doc: Arc<Document>, opts: LayoutOptions) -> Self {
        let opts = LayoutOptions {
            height: opts.height.max(1),
            ..opts
        };
        Layout {
            breaker: LineBreaker::new(Arc::clone(&doc), &opts),
            rewrap: None,
            doc,
            opts,
            spans: Vec::new(),
            marks: Vec::new(),
            mark_every: MARK_EVERY,
            tail: Window::default(),
            near: Window::default(),
            done: false,
            pages: Vec::new(),
            break_at: None,
        }
    }

    /// Makes a page start at the line that holds `pos`: the page before it ends early. A new
    /// measure keeps the reader's first line at the top of their page this way, where cutting
    /// pages from the start alone could move it to the bottom of the page before (from page 2,
    /// a wider column would go back to page 1). Kept until the lines are laid out again.
    pub fn break_before(&mut self, pos: TextPos) {
        self.break_at = Some(pos.0);
        self.pages.clear();
    }

    pub fn options(&self) -> LayoutOptions {
        self.opts
    }

    /// Adapts to new options. Lines depend only on the column width, hyphenation and
    /// justification, so a change of height (or of a window width that leaves the column as it
    /// was) keeps them and only cuts pages again, which is cheap at any position in a long
    /// book. Any other change lays out again.
    pub fn reconfigure(&mut self, opts: LayoutOptions) {
        let opts = LayoutOptions {
            height: opts.height.max(1),
            ..opts
        };
        if opts.column() == self.opts.column()
            && opts.hyphenate == self.opts.hyphenate
            && opts.justify == self.opts.justify
            && opts.link_marks == self.opts.link_marks
        {
            self.opts = opts;
            self.pages.clear();
        } else {
            *self = Layout::new(Arc::clone(&self.doc), opts);
        }
    }

    pub fn document(&self) -> &Arc<Document> {
        &self.doc
    }

    /// True once every line and page is known.
    pub fn is_complete(&self) -> bool {
        self.done && self.next_page_start() >= self.spans.len()
    }

    /// Number of lines laid out so far.
    pub fn line_count(&self) -> usize {
        self.spans.len()
    }

    /// The lines laid out so far, as much of them as paging needs: their source ranges and
    /// which are blank. Whole lines are had by the page, from [`Layout::page`].
    pub fn line_spans(&self) -> &[LineSpan] {
        &self.spans
    }

    /// Lays out until at least `n` lines exist or the document ends.
    fn ensure_lines(&mut self, n: usize) {
        while !self.done && self.spans.len() < n {
            let index = self.spans.len();
            if self
                .marks
                .last()
                .is_none_or(|m| index - m.line >= self.mark_every)
                && let Some(mark) = self.breaker.mark(index)
            {
                self.marks.push(mark);
            }
            match self.breaker.next() {
                Some(line) => {
                    self.spans.push(LineSpan::of(&line, &self.doc));
                    self.tail.lines.push(line);
                }
                None => self.done = true,
            }
        }
    }

    fn next_page_start(&self) -> usize {
        self.pages.last().map_or(0, |p| {
            let mut s = p.end;
            while self.spans.get(s).is_some_and(LineSpan::is_blank) {
                s += 1;
            }
            s
        })
    }

    /// Finds the next page. Returns false when there is none.
    fn push_page(&mut self) -> bool {
        let h = usize::from(self.opts.height);
        let mut start = self.next_page_start();
        // Blank lines at a page top are skipped; make sure we can see past them.
        loop {
            self.ensure_lines(start + 1);
            if self.spans.get(start).is_some_and(LineSpan::is_blank) {
                start += 1;
            } else {
                break;
            }
        }
        if start >= self.spans.len() {
            if self.pages.is_empty() {
                self.pages.push(0..0);
                return true;
            }
            return false;
        }
        self.ensure_lines(start + h + 2);
        let mut end = page_end(&self.spans, start, h);
        if let Some(pos) = self.break_at {
            // The line holding `pos`, moved back over a heading that would end the page.
            let mut b = self.spans.partition_point(|l| l.src.end <= pos);
            while b > start + 1 && self.spans.get(b - 1).is_some_and(LineSpan::heading) {
                b -= 1;
            }
            if b > start && b < end {
                end = b;
            }
        }
        self.pages.push(start..end);
        self.trim_tail();
        true
    }

    /// Lets go of the whole lines before the last two pages found (the reader may be on
    /// them), once they are at least half of `tail`: each line is moved at most about once.
    fn trim_tail(&mut self) {
        let keep = self.pages.len().saturating_sub(2);
        let Some(keep) = self.pages.get(keep).map(|p| p.start) else {
            return;
        };
        let drop = keep.saturating_sub(self.tail.start);
        if drop > 0 && drop >= self.tail.lines.len() / 2 {
            self.tail.lines.drain(..drop.min(self.tail.lines.len()));
            self.tail.start += drop;
        }
    }

    /// Makes sure page `n` is known; returns false if the document has fewer pages.
    fn ensure_page(&mut self, n: usize) -> bool {
        while self.pages.len() <= n {
            if !self.push_page() {
                return false;
            }
        }
        true
    }

    /// Lines of page `n` (0-based), or `None` past the end.
    pub fn page(&mut self, n: usize) -> Option<&[Line]> {
        if !self.ensure_page(n) {
            return None;
        }
        let range = self.pages.get(n)?.clone();
        if range.is_empty() {
            return Some(&[]);
        }
        if self.tail.covers(&range) {
            return self.tail.get(range);
        }
        if !self.near.covers(&range) {
            self.wrap_again(n);
        }
        self.near.get(range)
    }

    /// Wraps again the lines of page `n` and of the pages before and after it (for the next
    /// turn either way), and the rest of the piece that ends them, into `near`.
    fn wrap_again(&mut self, n: usize) {
        let Some(page) = self.pages.get(n) else {
            return;
        };
        let from = self
            .pages
            .get(n.saturating_sub(1))
            .map_or(page.start, |p| p.start);
        let to = self.pages.get(n + 1).map_or(page.end, |p| p.end);
        let Some(mark) = self
            .marks
            .partition_point(|m| m.line <= from)
            .checked_sub(1)
            .and_then(|i| self.marks.get(i))
        else {
            return;
        };
        let known = self.spans.len();
        let breaker = self
            .rewrap
            .get_or_insert_with(|| LineBreaker::new(Arc::clone(&self.doc), &self.opts));
        breaker.seek(mark);
        let mut lines = Vec::with_capacity(to - from);
        let mut index = mark.line;
        // To the end of the piece: its lines cost nothing more and the next turns may want them.
        while index < known && (index < to || !breaker.pending.is_empty()) {
            let Some(line) = breaker.next() else {
                break;
            };
            if index >= from {
                lines.push(line);
            }
            index += 1;
        }
        self.near = Window { start: from, lines };
    }

    /// Number of pages; lays out the whole document.
    pub fn page_count(&mut self) -> usize {
        while self.push_page() {}
        self.pages.len().max(1)
    }

    /// Pages known so far, and whether that is all of them.
    pub fn pages_known(&self) -> (usize, bool) {
        (self.pages.len(), self.is_complete())
    }

    /// Lays out up to `pages` more pages (for idle time). Returns true while more remain.
    pub fn advance(&mut self, pages: usize) -> bool {
        for _ in 0..pages {
            if !self.push_page() {
                return false;
            }
        }
        !self.is_complete()
    }

    /// The page showing `pos`, laying out only as far as `pos`.
    pub fn page_of(&mut self, pos: TextPos) -> usize {
        loop {
            let last_end = self.pages.last().map(|p| p.end);
            if let Some(end) = last_end {
                let covered = self.spans[..end]
                    .iter()
                    .rev()
                    .find(|l| !l.is_blank())
                    .map(|l| l.src.end);
                if covered.is_some_and(|e| e > pos.0) {
                    break;
                }
            }
            if !self.push_page() {
                break;
            }
        }
        let line = self.spans.partition_point(|l| l.src.end <= pos.0);
        let page = self.pages.partition_point(|p| p.end <= line);
        page.min(self.pages.len().saturating_sub(1))
    }

    /// Half-page scrolling (`Ctrl-d` / `Ctrl-u`): where the first line with text `by` lines
    /// after the line holding `pos` (before it, when negative) starts; `None` when there is
    /// none after it, or `pos` is on the first line and `by` goes back.
    pub fn position_by_lines(&mut self, pos: TextPos, by: isize) -> Option<TextPos> {
        self.page_of(pos);
        let line = self.spans.partition_point(|l| l.src.end <= pos.0);
        let mut at = if by < 0 {
            line.checked_sub(1)?.saturating_sub(by.unsigned_abs() - 1)
        } else {
            line + by.unsigned_abs()
        };
        // Going up, a blank line gives way to the text above it, as going down it does to
        // the text below.
        let text = |l: &LineSpan| !l.is_blank() && !l.src.is_empty();
        if by < 0 {
            while at > 0 && self.spans.get(at).is_some_and(|l| !text(l)) {
                at -= 1;
            }
        }
        loop {
            self.ensure_lines(at + 1);
            let l = self.spans.get(at)?;
            if text(l) {
                return Some(TextPos(l.src.start));
            }
            at += 1;
        }
    }

    /// The lines shown when the page is scrolled to start at the line holding `pos`: a page's
    /// height of them, running on into the next page.
    pub fn lines_from(&mut self, pos: TextPos) -> Vec<Line> {
        let page = self.page_of(pos);
        self.ensure_page(page + 1);
        let start = self.spans.partition_point(|l| l.src.end <= pos.0);
        let end = self
            .pages
            .get(page + 1)
            .or_else(|| self.pages.get(page))
            .map_or(start, |p| p.end);
        let range = start..end.min(start + usize::from(self.opts.height)).max(start);
        if range.is_empty() {
            return Vec::new();
        }
        if !self.tail.covers(&range) && !self.near.covers(&range) {
            self.wrap_again(page);
        }
        self.tail
            .get(range.clone())
            .or_else(|| self.near.get(range))
            .map(<[Line]>::to_vec)
            .unwrap_or_default()
    }

    /// The document position at the top of page `n` (clamped to the last page).
    pub fn position_of_page(&mut self, n: usize) -> TextPos {
        self.ensure_page(n);
        let page = n.min(self.pages.len().saturating_sub(1));
        let Some(range) = self.pages.get(page).cloned() else {
            return TextPos(0);
        };
        let lines = self.spans.get(range).unwrap_or(&[]);
        lines
            .iter()
            .find(|l| !l.src.is_empty())
            .or(lines.first())
            .map_or(TextPos(0), |l| TextPos(l.src.start))
    }
}

fn is_heading(doc: &Document, line: &Line) -> bool {
    line.block.and_then(|b| doc.blocks.get(b)).is_some_and(|b| {
        matches!(
            b.kind,
            BlockKind::Title | BlockKind::Heading { .. } | BlockKind::Byline
        )
    })
}

fn same_block(a: &LineSpan, b: &LineSpan) -> bool {
    !a.is_blank() && a.block == b.block
}

/// Where a page that starts at line `start` ends (exclusive), applying keep-with-next for
/// headings and avoiding widows and orphans when that costs at most half a page.
fn page_end(lines: &[LineSpan], start: usize, height: usize) -> usize {
    let full = start + height;
    if full >= lines.len() {
        return lines.len();
    }
    let mut end = full;
    let line = |i: usize| &lines[i];
    // Widow: the next page would start with the last line of a paragraph.
    if line(end).last() && same_block(line(end - 1), line(end)) && !line(end - 1).first() {
        end -= 1;
    } else if line(end).last() && same_block(line(end - 1), line(end)) {
        // A two-line paragraph split 1 | 1: move it whole.
        end -= 1;
    }
    // Orphan: this page would end with the first line of a paragraph that goes on.
    if end > start + 1 && line(end - 1).first() && same_block(line(end - 1), line(end)) {
        end -= 1;
    }
    // Avoiding widows and orphans may cost at most half a page.
    if end <= start + height / 2 {
        end = full;
    }
    // Headings (and blank lines) never end a page, whatever it costs; but a page that would be
    // all headings (a title over a heading longer than the page) is filled, not cut to a line.
    let held = |i: usize| line(i).is_blank() || line(i).heading();
    let mut kept = end;
    while kept > start + 1 && held(kept - 1) {
        kept -= 1;
    }
    if kept == start + 1 && held(start) {
        return end;
    }
    kept
}

#[cfg(test)]
mod tests;
