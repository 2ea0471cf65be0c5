//! The document model every input format produces and every later stage reads.
//!
//! A [`Document`] owns one normalised plain-text string, `text`, and a list of [`Block`]s that
//! each cover a byte range of it. Blocks are joined in `text` by a blank line (`"\n\n"`), so the
//! plain text reads naturally in exports and anchors. Inside a paragraph-like block, whitespace is
//! collapsed to single spaces; blocks that keep their lines (code, verse, tables) keep `'\n'`.
//!
//! Positions ([`TextPos`]) are byte offsets into `text`, always on a `char` boundary. Stored
//! anchors (a later module) convert them to Unicode code points at the storage boundary.
//!
//! This module must not depend on ratatui or crossterm.

use std::ops::Range;

/// A place in the document: a byte offset into [`Document::text`], on a `char` boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextPos(pub usize);

/// What a block is, which decides how layout sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// The article's title, set first.
    Title,
    /// "By …" / "Von …" line under the title.
    Byline,
    /// A section heading, level 1–6.
    Heading { level: u8 },
    /// Running text: reflowed.
    Paragraph,
    /// Preformatted code: keeps its lines and spaces; a line is never wrapped (one source
    /// line, one display line, cut at the column's edge and scrolled sideways by the reader).
    Code,
    /// Verse, addresses, indented blocks: keeps its line breaks, each line wrapped if too long.
    Lines,
    /// Preformatted text whose columns matter: tables, character art, code-like plain text.
    /// Keeps its lines and spaces and, like [`BlockKind::Code`], never wraps them.
    Table,
    /// A thematic break. Its text range is empty.
    Rule,
}

/// Inline styles a span can carry; several can apply at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Style {
    pub emphasis: bool,
    pub strong: bool,
    pub code: bool,
    /// Index into [`Meta::links`] when the text is a link.
    pub link: Option<u32>,
}

impl Style {
    pub fn is_plain(&self) -> bool {
        *self == Style::default()
    }
}

/// A styled byte range of a block's text (relative to the block's start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub style: Style,
}

/// A list item marker; the marker shows on the first block of the item only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMark {
    /// Nesting depth, 1 for a top-level list.
    pub depth: u8,
    /// "•", "1." … on the item's first block; `None` on its continuation blocks.
    pub marker: Option<String>,
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range of this block's text in [`Document::text`].
    pub range: Range<usize>,
    /// Inline styles, relative to `range.start`, sorted, non-overlapping.
    pub spans: Vec<Span>,
    /// Block-quote nesting depth; 0 outside quotes.
    pub quote_depth: u8,
    pub list: Option<ListMark>,
}

/// Where the document came from and what it says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    /// BCP 47-ish language tag from the source ("de", "en-US"), if the source declared one.
    pub language: Option<String>,
    /// Link targets, indexed by [`Style::link`].
    pub links: Vec<String>,
    /// The encoding the bytes were decoded from ("UTF-8", "windows-1252", …).
    pub encoding: String,
    /// Things the reader should be told (empty file, guessed encoding, …).
    pub notices: Vec<String>,
}

/// A parsed article: plain text plus blocks over it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub meta: Meta,
    pub text: String,
    pub blocks: Vec<Block>,
}

impl Document {
    /// The text of one block.
    pub fn block_text(&self, block: &Block) -> &str {
        self.text.get(block.range.clone()).unwrap_or("")
    }

    /// Index of the block that contains `pos`, or the next block when `pos` falls in a gap.
    pub fn block_at(&self, pos: TextPos) -> usize {
        let i = self.blocks.partition_point(|b| b.range.end < pos.0);
        i.min(self.blocks.len().saturating_sub(1))
    }

    /// The heading of the section that holds `pos`, if any.
    pub fn section_of(&self, pos: TextPos) -> Option<&str> {
        let b = self.block_at(pos);
        self.blocks
            .get(..=b.min(self.blocks.len().saturating_sub(1)))?
            .iter()
            .rev()
            .find(|bl| matches!(bl.kind, BlockKind::Heading { .. }) && bl.range.start <= pos.0)
            .map(|bl| self.block_text(bl))
    }

    /// Number of words, for reading-time estimates.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Builds a [`Document`], keeping the text/blocks invariants in one place.
///
/// Formats push blocks with their text and spans; the builder joins them with `"\n\n"` and
/// records ranges. Paragraph-like text is whitespace-collapsed by [`DocumentBuilder::push`].
#[derive(Debug, Default)]
pub struct DocumentBuilder {
    doc: Document,
}

impl DocumentBuilder {
    pub fn new(meta: Meta) -> Self {
        DocumentBuilder {
            doc: Document {
                meta,
                ..Document::default()
            },
        }
    }

    /// Appends a block. `spans` are relative to `text`. For reflowed kinds the text's
    /// whitespace runs are collapsed to one space (spans are remapped); for `Code` and `Lines`
    /// the text is kept as is except trailing whitespace on each line. Empty blocks (other
    /// than rules) are dropped.
    pub fn push(
        &mut self,
        kind: BlockKind,
        text: &str,
        spans: Vec<Span>,
        quote_depth: u8,
        list: Option<ListMark>,
    ) {
        // The block's text goes straight into the document's text (after the separator); an
        // empty block is taken out again. Text that needs no change is copied as it is.
        let before = self.doc.text.len();
        if !self.doc.blocks.is_empty() {
            self.doc.text.push_str("\n\n");
        }
        let start = self.doc.text.len();
        let spans = match kind {
            BlockKind::Rule => Vec::new(),
            BlockKind::Code | BlockKind::Lines | BlockKind::Table
                if spans.is_empty() && lines_are_tidy(text) =>
            {
                self.doc.text.push_str(text);
                spans
            }
            BlockKind::Code | BlockKind::Lines | BlockKind::Table => {
                let (text, spans) = trim_line_ends(text, spans);
                self.doc.text.push_str(&text);
                spans
            }
            _ if spans.is_empty() => {
                collapse_into(&mut self.doc.text, text);
                spans
            }
            _ if is_collapsed(text) => {
                self.doc.text.push_str(text);
                remap_collapsed(text, spans)
            }
            _ => {
                let (text, spans) = collapse_whitespace(text, spans);
                self.doc.text.push_str(&text);
                spans
            }
        };
        let end = self.doc.text.len();
        if start == end && kind != BlockKind::Rule {
            self.doc.text.truncate(before);
            return;
        }
        // Remapping left them sorted and non-overlapping.
        let spans: Vec<Span> = spans
            .into_iter()
            .filter(|s| s.range.start < s.range.end && !s.style.is_plain())
            .collect();
        self.doc.blocks.push(Block {
            kind,
            range: start..end,
            spans,
            quote_depth,
            list,
        });
    }

    pub fn meta(&self) -> &Meta {
        &self.doc.meta
    }

    pub fn meta_mut(&mut self) -> &mut Meta {
        &mut self.doc.meta
    }

    /// Makes room for about `bytes` more bytes of text (the length of the source is a good
    /// guess), so that a long document's text is not copied as it grows.
    pub fn reserve(&mut self, bytes: usize) {
        self.doc.text.reserve(bytes);
    }

    pub fn is_empty(&self) -> bool {
        self.doc.blocks.is_empty()
    }

    pub fn finish(self) -> Document {
        self.doc
    }
}

/// A run of kept text: old bytes `old` now start at `new`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    old: usize,
    old_end: usize,
    new: usize,
}

/// Maps an old byte offset to the new text. An offset inside removed text (a collapsed
/// whitespace run, trimmed line ends) snaps forward to the next kept character, so mapped
/// offsets are always on a character boundary of the new text.
fn remap(segments: &[Segment], old: usize, len: usize) -> usize {
    let i = segments.partition_point(|s| s.old_end <= old);
    match segments.get(i) {
        Some(s) if s.old <= old => s.new + (old - s.old),
        Some(s) => s.new,
        None => len,
    }
}

/// Like [`remap`] for the end of a range: an offset inside removed text snaps back to the end
/// of the previous kept character, so a span never grows over a removed run.
fn remap_end(segments: &[Segment], old: usize) -> usize {
    let i = segments.partition_point(|s| s.old < old);
    match i.checked_sub(1).and_then(|i| segments.get(i)) {
        Some(s) if old <= s.old_end => s.new + (old - s.old),
        Some(s) => s.new + (s.old_end - s.old),
        None => 0,
    }
}

/// Maps spans through `segments`, then makes them sorted and non-overlapping.
fn remap_spans(spans: Vec<Span>, segments: &[Segment], len: usize) -> Vec<Span> {
    let out: Vec<Span> = spans
        .into_iter()
        .map(|s| Span {
            range: remap(segments, s.range.start, len)..remap_end(segments, s.range.end),
            style: s.style,
        })
        .collect();
    order_spans(out)
}

/// Sorts spans by start and trims each to begin where the one before ends; drops empty ones.
fn order_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| s.range.start);
    let mut end = 0;
    for s in &mut spans {
        s.range.start = s.range.start.max(end);
        s.range.end = s.range.end.max(s.range.start);
        end = s.range.end;
    }
    spans.retain(|s| !s.range.is_empty());
    spans
}

/// Whitespace the builder collapses: all of it but the non-breaking spaces.
fn collapsible(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}'
}

/// The length of the collapsible whitespace character that starts at byte `i` of `text`, or
/// 0. Cheap on ASCII; only the lead bytes of the few non-ASCII white-space characters
/// (U+0085, U+1680, U+2000–U+205F, U+3000) are decoded. `i` need not be a char boundary: a
/// continuation byte gives 0.
fn whitespace_len(text: &str, i: usize) -> usize {
    match text.as_bytes().get(i) {
        Some(b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') => 1,
        Some(0xc2 | 0xe1 | 0xe2 | 0xe3) => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .filter(|&c| collapsible(c))
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// Whether collapsing would leave `text` as it is: no whitespace at either end and no
/// whitespace but single ASCII spaces. 32 bytes at a time where the text is ASCII.
pub(crate) fn is_collapsed(text: &str) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    if text.is_empty() {
        return true;
    }
    let bytes = text.as_bytes();
    // "The previous byte was a space": true at the start, so a leading space fails.
    let mut prev_space = true;
    let mut i = 0;
    while let Some(block) = bytes.get(i..i + 32) {
        // Bytes below 0x20 or above 0x7f anywhere in the block; pairs of spaces.
        let mut special = 0u64;
        let mut pairs = 0u64;
        let mut carry = if prev_space { 0x80 } else { 0 };
        for chunk in block.chunks_exact(8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            special |= (x.wrapping_sub(LO * 0x20) & !x & HI) | (x & HI);
            let y = x ^ (LO * u64::from(b' '));
            let spaces = !(((y & LOW7) + LOW7) | y | LOW7);
            pairs |= spaces & ((spaces >> 8) | carry);
            carry = (spaces >> 63) << 7;
        }
        if special == 0 {
            if pairs != 0 {
                return false;
            }
            prev_space = carry != 0;
        } else {
            for j in i..i + 32 {
                if !collapsed_byte(text, j, &mut prev_space) {
                    return false;
                }
            }
        }
        i += 32;
    }
    for j in i..bytes.len() {
        if !collapsed_byte(text, j, &mut prev_space) {
            return false;
        }
    }
    !prev_space
}

/// One byte of [`is_collapsed`]'s slow path: false when the byte starts collapsible
/// whitespace other than a single space.
fn collapsed_byte(text: &str, j: usize, prev_space: &mut bool) -> bool {
    if text.as_bytes().get(j) == Some(&b' ') {
        let ok = !*prev_space;
        *prev_space = true;
        return ok;
    }
    *prev_space = false;
    whitespace_len(text, j) == 0
}

/// [`remap_spans`] for text that [`is_collapsed`]: the segments are its words and the gaps
/// its single spaces, so a start on a space moves to the next word and an end after a space
/// moves back before it.
fn remap_collapsed(text: &str, spans: Vec<Span>) -> Vec<Span> {
    let bytes = text.as_bytes();
    let len = text.len();
    let out: Vec<Span> = spans
        .into_iter()
        .map(|s| {
            let start = match bytes.get(s.range.start) {
                None => len,
                Some(b' ') => s.range.start + 1,
                Some(_) => s.range.start,
            };
            let end = match s.range.end {
                0 => 0,
                end if end > len => len,
                end if bytes[end - 1] == b' ' => end - 1,
                end => end,
            };
            Span {
                range: start..end,
                style: s.style,
            }
        })
        .collect();
    order_spans(out)
}

/// Collapses every whitespace run (including newlines) to one space and trims both ends.
/// Non-breaking spaces are kept: they are not break opportunities.
fn collapse_whitespace(text: &str, spans: Vec<Span>) -> (String, Vec<Span>) {
    if spans.is_empty() {
        return (collapse_plain(text), spans);
    }
    if is_collapsed(text) {
        return (text.to_string(), remap_collapsed(text, spans));
    }
    collapse_with_segments(text, spans)
}

/// [`collapse_whitespace`] the long way: records which old bytes went where and maps the
/// spans through that.
fn collapse_with_segments(text: &str, spans: Vec<Span>) -> (String, Vec<Span>) {
    let mut out = String::with_capacity(text.len());
    let mut segments: Vec<Segment> = Vec::new();
    let mut pending_space = false;
    for (i, c) in text.char_indices() {
        if collapsible(c) {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        match segments.last_mut() {
            Some(seg) if seg.old_end == i && seg.new + (i - seg.old) == out.len() => {
                seg.old_end = i + c.len_utf8();
            }
            _ => segments.push(Segment {
                old: i,
                old_end: i + c.len_utf8(),
                new: out.len(),
            }),
        }
        out.push(c);
    }
    let len = out.len();
    (out, remap_spans(spans, &segments, len))
}

/// [`collapse_whitespace`] without spans to carry.
fn collapse_plain(text: &str) -> String {
    let mut out = String::new();
    collapse_into(&mut out, text);
    out
}

/// Appends `text` with its whitespace collapsed to `out`: as it is when it [`is_collapsed`]
/// (the common case), else word by word, copying whole runs between whitespace.
fn collapse_into(out: &mut String, text: &str) {
    if is_collapsed(text) {
        out.push_str(text);
        return;
    }
    out.reserve(text.len());
    let start = out.len();
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < text.len() {
        let ws = whitespace_len(text, i);
        if ws == 0 {
            word.get_or_insert(i);
            i += 1;
            continue;
        }
        if let Some(from) = word.take() {
            push_word(out, start, text.get(from..i).unwrap_or(""));
        }
        i += ws;
    }
    if let Some(from) = word {
        push_word(out, start, text.get(from..).unwrap_or(""));
    }
}

fn push_word(out: &mut String, start: usize, word: &str) {
    if out.len() > start {
        out.push(' ');
    }
    out.push_str(word);
}

/// Whether [`trim_line_ends`] would leave `text` as it is: no line ends in whitespace and
/// neither the first nor the last line is empty.
pub(crate) fn lines_are_tidy(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    !text.starts_with('\n')
        && !text.ends_with('\n')
        && text
            .split('\n')
            .all(|line| !line.ends_with(char::is_whitespace))
}

/// The lines of `text` that a kept-lines block shows: each with its offset in `text` and its
/// trailing whitespace trimmed, without blank lines at either end.
pub(crate) fn kept_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        lines.push((offset, line.trim_end()));
        offset += line.len() + 1;
    }
    let first = lines
        .iter()
        .position(|(_, l)| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|(_, l)| !l.is_empty())
        .map_or(first, |i| i + 1);
    lines.truncate(last);
    lines.drain(..first.min(lines.len()));
    lines
}

/// Trims trailing whitespace on every line and blank lines at both ends.
fn trim_line_ends(text: &str, spans: Vec<Span>) -> (String, Vec<Span>) {
    let mut out = String::with_capacity(text.len());
    let mut segments: Vec<Segment> = Vec::new();
    for (i, (old, line)) in kept_lines(text).iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        segments.push(Segment {
            old: *old,
            old_end: old + line.len(),
            new: out.len(),
        });
        out.push_str(line);
    }
    let len = out.len();
    (out, remap_spans(spans, &segments, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn em(range: Range<usize>) -> Span {
        Span {
            range,
            style: Style {
                emphasis: true,
                ..Style::default()
            },
        }
    }

    /// Emphasis spans from raw (a, b) pairs, clamped to `text` and kept on char boundaries.
    fn spans_within(text: &str, raw: Vec<(usize, usize)>) -> Vec<Span> {
        raw.into_iter()
            .filter_map(|(a, b)| {
                let (a, b) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
                (text.is_char_boundary(a) && text.is_char_boundary(b)).then(|| em(a..b))
            })
            .collect()
    }

    #[test]
    fn blocks_are_joined_by_a_blank_line() {
        let mut b = DocumentBuilder::new(Meta::default());
        b.push(BlockKind::Title, "A title", vec![], 0, None);
        b.push(BlockKind::Paragraph, "Some\n  text  here", vec![], 0, None);
        let d = b.finish();
        assert_eq!(d.text, "A title\n\nSome text here");
        assert_eq!(d.block_text(&d.blocks[1]), "Some text here");
        assert_eq!(d.block_at(TextPos(8)), 1);
        assert_eq!(d.block_at(TextPos(3)), 0);
    }

    #[test]
    fn collapsing_whitespace_keeps_spans_on_their_words() {
        let text = "one   *two*\n three";
        // "two" at bytes 7..10 in the original.
        let (out, spans) = collapse_whitespace(text, vec![em(7..10)]);
        assert_eq!(out, "one *two* three");
        assert_eq!(&out[spans[0].range.clone()], "two");
    }

    #[test]
    fn collapsing_without_spans_matches_collapsing_with_them() {
        for text in [
            "a  b",
            " a\nb ",
            "plain text",
            "é\u{3000}x\u{a0}y",
            "",
            "  ",
            "a\tb",
        ] {
            let dummy = vec![em(0..0)];
            assert_eq!(
                collapse_plain(text),
                collapse_whitespace(text, dummy).0,
                "{text:?}"
            );
        }
    }

    #[test]
    fn code_keeps_lines_but_not_trailing_space() {
        let (out, _) = trim_line_ends("\n\nfn main() {   \n    x\n}\n\n", vec![]);
        assert_eq!(out, "fn main() {\n    x\n}");
    }

    #[test]
    fn spans_inside_removed_whitespace_snap_to_a_char_boundary() {
        // Regression: an offset inside a collapsed run used to land inside the next 'é'.
        let (out, spans) = collapse_whitespace("é  \u{3000}éé", vec![em(4..11)]);
        assert_eq!(out, "é éé");
        assert!(out.is_char_boundary(spans[0].range.start));
        assert_eq!(&out[spans[0].range.clone()], "éé");
        // Regression: spans in trimmed line ends used to overlap.
        let (out, spans) = trim_line_ends("`\u{a0}\n[~", vec![em(0..3), em(4..5)]);
        assert_eq!(out, "`\n[~");
        assert!(spans.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    }

    proptest::proptest! {
        #[test]
        fn pushed_spans_stay_on_char_boundaries_and_apart(
            text in "[a-zé \u{3000}\u{a0}\n`~]{0,40}",
            raw in proptest::collection::vec((0usize..50, 0usize..50), 0..6),
            lines in proptest::bool::ANY,
        ) {
            let spans = spans_within(&text, raw);
            let mut builder = DocumentBuilder::new(Meta::default());
            let kind = if lines { BlockKind::Lines } else { BlockKind::Paragraph };
            builder.push(kind, &text, spans, 0, None);
            let doc = builder.finish();
            for block in &doc.blocks {
                let t = doc.block_text(block);
                let mut end = 0;
                for s in &block.spans {
                    proptest::prop_assert!(s.range.start >= end && s.range.end <= t.len());
                    proptest::prop_assert!(t.is_char_boundary(s.range.start));
                    proptest::prop_assert!(t.is_char_boundary(s.range.end));
                    end = s.range.end;
                }
            }
        }
    }

    /// The collapsing rule written the obvious way, to check the fast paths against.
    fn collapse_reference(text: &str) -> String {
        text.split(collapsible)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn fast_collapsing_agrees_with_the_rule() {
        let long = "word ".repeat(20);
        for text in [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            "a\nb",
            "abcdefgh ijklmnop",
            "abcdefg  hijklmnop",
            "abcdefgh  ijklmnop",
            "abcdefghijklmno ",
            " abcdefghijklmno",
            "abcdefg\u{3000}hij",
            "abcdefg\u{a0}hij\u{202f}klmnopq",
            "abcdefg\u{85}hij",
            "éééé éééé éééé éé",
            "x\x1cy\x0bz",
            long.trim(),
            &long,
        ] {
            let expected = collapse_reference(text);
            assert_eq!(is_collapsed(text), expected == text, "{text:?}");
            assert_eq!(collapse_plain(text), expected, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn collapsing_fast_paths_match_the_long_way(
            text in proptest::prop_oneof![
                "[a-zé \u{3000}\u{a0}\u{85}\u{2028}\n\t\x0b\x1c]{0,40}",
                // Mostly collapsed already, as real paragraphs are: the eight-byte path.
                " ?[a-zé]{1,9}(( |  |\n)[a-zé]{1,9}){0,10} ?",
            ],
            raw in proptest::collection::vec((0usize..50, 0usize..50), 0..6),
        ) {
            let expected = collapse_reference(&text);
            proptest::prop_assert_eq!(is_collapsed(&text), expected == text);
            proptest::prop_assert_eq!(&collapse_plain(&text), &expected);
            let spans = spans_within(&text, raw);
            let slow = collapse_with_segments(&text, spans.clone());
            proptest::prop_assert_eq!(&collapse_whitespace(&text, spans.clone()), &slow);
            if is_collapsed(&text) {
                proptest::prop_assert_eq!(&remap_collapsed(&text, spans.clone()), &slow.1);
            }
            let kept = trim_line_ends(&text, Vec::new()).0;
            proptest::prop_assert_eq!(lines_are_tidy(&text), kept == text);
            // The builder gives the same text and spans on every path.
            let mut builder = DocumentBuilder::new(Meta::default());
            builder.push(BlockKind::Paragraph, &text, spans.clone(), 0, None);
            builder.push(BlockKind::Lines, &text, Vec::new(), 0, None);
            let doc = builder.finish();
            let mut texts = Vec::new();
            if !slow.0.is_empty() {
                texts.push(slow.0.clone());
            }
            if !kept.is_empty() {
                texts.push(kept);
            }
            proptest::prop_assert_eq!(&doc.text, &texts.join("\n\n"));
        }
    }

    #[test]
    fn empty_blocks_are_dropped() {
        let mut b = DocumentBuilder::new(Meta::default());
        b.push(BlockKind::Paragraph, "   \n ", vec![], 0, None);
        assert!(b.is_empty());
    }
}
