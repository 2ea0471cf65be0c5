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
    /// Preformatted code: keeps its lines and spaces; long lines wrap at the measure.
    Code,
    /// Verse, tables, indented blocks: keeps its line breaks, each line wrapped if too long.
    Lines,
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
        let (text, spans) = match kind {
            BlockKind::Code | BlockKind::Lines => trim_line_ends(text, spans),
            BlockKind::Rule => (String::new(), Vec::new()),
            _ => collapse_whitespace(text, spans),
        };
        if text.is_empty() && kind != BlockKind::Rule {
            return;
        }
        if !self.doc.blocks.is_empty() {
            self.doc.text.push_str("\n\n");
        }
        let start = self.doc.text.len();
        self.doc.text.push_str(&text);
        let end = self.doc.text.len();
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

    pub fn meta_mut(&mut self) -> &mut Meta {
        &mut self.doc.meta
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
    let mut out: Vec<Span> = spans
        .into_iter()
        .map(|s| Span {
            range: remap(segments, s.range.start, len)..remap_end(segments, s.range.end),
            style: s.style,
        })
        .collect();
    out.sort_by_key(|s| s.range.start);
    let mut end = 0;
    for s in &mut out {
        s.range.start = s.range.start.max(end);
        s.range.end = s.range.end.max(s.range.start);
        end = s.range.end;
    }
    out.retain(|s| !s.range.is_empty());
    out
}

/// Collapses every whitespace run (including newlines) to one space and trims both ends.
/// Non-breaking spaces are kept: they are not break opportunities.
fn collapse_whitespace(text: &str, spans: Vec<Span>) -> (String, Vec<Span>) {
    if spans.is_empty() {
        return (collapse_plain(text), spans);
    }
    let mut out = String::with_capacity(text.len());
    let mut segments: Vec<Segment> = Vec::new();
    let mut pending_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
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

/// [`collapse_whitespace`] without spans to carry: copies whole runs between whitespace, and
/// returns the text as is when it is already collapsed (the common case for plain text).
fn collapse_plain(text: &str) -> String {
    let is_space = |c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}';
    let bytes = text.as_bytes();
    let clean = !text.starts_with(is_space)
        && !text.ends_with(is_space)
        && text.is_ascii()
        && !bytes.windows(2).any(|w| w[0] == b' ' && w[1] == b' ')
        && !bytes.iter().any(|&b| b.is_ascii_whitespace() && b != b' ');
    if clean {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Trims trailing whitespace on every line and blank lines at both ends.
fn trim_line_ends(text: &str, spans: Vec<Span>) -> (String, Vec<Span>) {
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
    let mut out = String::with_capacity(text.len());
    let mut segments: Vec<Segment> = Vec::new();
    for (i, (old, line)) in lines[first..last].iter().enumerate() {
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
            let spans: Vec<Span> = raw
                .into_iter()
                .filter_map(|(a, b)| {
                    let (a, b) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
                    (text.is_char_boundary(a) && text.is_char_boundary(b)).then(|| em(a..b))
                })
                .collect();
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

    #[test]
    fn empty_blocks_are_dropped() {
        let mut b = DocumentBuilder::new(Meta::default());
        b.push(BlockKind::Paragraph, "   \n ", vec![], 0, None);
        assert!(b.is_empty());
    }
}
