//! Moving the end of a selection by word, sentence and paragraph, over the document text.
//!
//! Boundaries are Unicode's (UAX #29, through unicode-segmentation), found inside the block
//! that holds the position, stepping into the next or previous block at its edge. Positions are
//! byte offsets into [`Document::text`]; every result is on a char boundary.
//!
//! Must not depend on ratatui or crossterm.

use crate::document::{Document, TextPos};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A unit the selection moves by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Word,
    Sentence,
    Paragraph,
}

/// The units of block `b` as document ranges, in order: words (runs with a letter or digit),
/// sentences (without their surrounding spaces), or the block itself.
fn units(doc: &Document, b: usize, unit: Unit) -> Vec<Range<usize>> {
    let Some(block) = doc.blocks.get(b) else {
        return Vec::new();
    };
    let text = doc.block_text(block);
    let base = block.range.start;
    match unit {
        Unit::Word => text
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(i, w)| base + i..base + i + w.len())
            .collect(),
        Unit::Sentence => text
            .split_sentence_bound_indices()
            .filter(|(_, s)| !s.trim().is_empty())
            .map(|(i, s)| {
                base + i + (s.len() - s.trim_start().len())..base + i + s.trim_end().len()
            })
            .collect(),
        Unit::Paragraph => vec![block.range.clone()],
    }
}

fn ends(doc: &Document, b: usize, unit: Unit) -> Vec<usize> {
    units(doc, b, unit).into_iter().map(|r| r.end).collect()
}

/// The first unit end after `pos`, looking into following blocks; `pos` when there is none.
pub fn next_end(doc: &Document, pos: TextPos, unit: Unit) -> TextPos {
    let mut b = doc.block_at(pos);
    while b < doc.blocks.len() {
        if let Some(&e) = ends(doc, b, unit).iter().find(|&&e| e > pos.0) {
            return TextPos(e);
        }
        b += 1;
    }
    pos
}

/// The last unit end before `pos` and after `floor`; `pos` when there is none.
pub fn prev_end(doc: &Document, pos: TextPos, floor: TextPos, unit: Unit) -> TextPos {
    let mut b = doc.block_at(pos);
    loop {
        if let Some(&e) = ends(doc, b, unit)
            .iter()
            .rev()
            .find(|&&e| e < pos.0 && e > floor.0)
        {
            return TextPos(e);
        }
        if b == 0
            || doc
                .blocks
                .get(b)
                .is_some_and(|bl| bl.range.start <= floor.0)
        {
            return pos;
        }
        b -= 1;
    }
}

/// The start of the unit that holds `pos`, or of the next one when `pos` is between units.
pub fn start_at(doc: &Document, pos: TextPos, unit: Unit) -> TextPos {
    let b = doc.block_at(pos);
    if let Some(u) = units(doc, b, unit).into_iter().find(|u| u.end > pos.0) {
        return TextPos(u.start);
    }
    // Past the last unit of this block: the next block's first.
    doc.blocks
        .get(b + 1)
        .map_or(pos, |next| start_at(doc, TextPos(next.range.start), unit))
}

/// The sentence at or after `pos`: where a selection starts.
pub fn sentence_at(doc: &Document, pos: TextPos) -> Range<TextPos> {
    let start = start_at(doc, pos, Unit::Sentence);
    let end = next_end(doc, start, Unit::Sentence);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, DocumentBuilder, Meta};

    fn doc() -> Document {
        let mut b = DocumentBuilder::new(Meta::default());
        b.push(BlockKind::Title, "The Title", vec![], 0, None);
        b.push(
            BlockKind::Paragraph,
            "First sentence here. Second one, longer. Third!",
            vec![],
            0,
            None,
        );
        b.push(
            BlockKind::Paragraph,
            "Next paragraph starts. And ends.",
            vec![],
            0,
            None,
        );
        b.finish()
    }

    fn text(d: &Document, r: Range<TextPos>) -> &str {
        &d.text[r.start.0..r.end.0]
    }

    #[test]
    fn a_selection_starts_with_a_sentence() {
        let d = doc();
        let first = d.text.find("First").unwrap_or(0);
        assert_eq!(
            text(&d, sentence_at(&d, TextPos(first))),
            "First sentence here."
        );
        // From the middle of a sentence: that sentence.
        let mid = d.text.find("one,").unwrap_or(0);
        assert_eq!(
            text(&d, sentence_at(&d, TextPos(mid))),
            "Second one, longer."
        );
        // From the gap between blocks: the next block's first sentence.
        let title_end = d.blocks[0].range.end;
        assert_eq!(
            text(&d, sentence_at(&d, TextPos(title_end + 1))),
            "First sentence here."
        );
    }

    #[test]
    fn ends_move_by_word_sentence_and_paragraph_across_blocks() {
        let d = doc();
        let first = TextPos(d.text.find("First").unwrap_or(0));
        let w = next_end(&d, first, Unit::Word);
        assert_eq!(text(&d, first..w), "First");
        let w2 = next_end(&d, w, Unit::Word);
        assert_eq!(text(&d, first..w2), "First sentence");
        assert_eq!(prev_end(&d, w2, first, Unit::Word), w);
        // Never back past the start.
        assert_eq!(prev_end(&d, w, first, Unit::Word), w);
        let s = next_end(&d, first, Unit::Sentence);
        let s3 = next_end(&d, next_end(&d, s, Unit::Sentence), Unit::Sentence);
        assert_eq!(
            text(&d, first..s3),
            "First sentence here. Second one, longer. Third!"
        );
        // Into the next paragraph.
        let s4 = next_end(&d, s3, Unit::Sentence);
        assert!(text(&d, first..s4).ends_with("Next paragraph starts."));
        let p = next_end(&d, first, Unit::Paragraph);
        assert_eq!(p.0, d.blocks[1].range.end);
        assert_eq!(next_end(&d, p, Unit::Paragraph).0, d.blocks[2].range.end);
        // At the very end, nothing moves.
        let end = TextPos(d.text.len());
        assert_eq!(next_end(&d, end, Unit::Word), end);
    }

    #[test]
    fn unicode_words_and_an_empty_document() {
        let mut b = DocumentBuilder::new(Meta::default());
        b.push(
            BlockKind::Paragraph,
            "Grüße aus Köln. 日本語です。",
            vec![],
            0,
            None,
        );
        let d = b.finish();
        let w = next_end(&d, TextPos(0), Unit::Word);
        assert_eq!(text(&d, TextPos(0)..w), "Grüße");
        let s = next_end(&d, TextPos(0), Unit::Sentence);
        assert_eq!(text(&d, TextPos(0)..s), "Grüße aus Köln.");
        let empty = Document::default();
        assert_eq!(next_end(&empty, TextPos(0), Unit::Word), TextPos(0));
        assert_eq!(sentence_at(&empty, TextPos(5)), TextPos(5)..TextPos(5));
    }
}
