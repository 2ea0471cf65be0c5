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

fn starts(doc: &Document, b: usize, unit: Unit) -> Vec<usize> {
    units(doc, b, unit).into_iter().map(|r| r.start).collect()
}

/// The first unit start after `pos`, looking into following blocks; `pos` when there is none.
/// How the start of a selection moves forward (after `o`), so it never rests on a space.
pub fn next_start(doc: &Document, pos: TextPos, unit: Unit) -> TextPos {
    let mut b = doc.block_at(pos);
    while b < doc.blocks.len() {
        if let Some(&s) = starts(doc, b, unit).iter().find(|&&s| s > pos.0) {
            return TextPos(s);
        }
        b += 1;
    }
    pos
}

/// The last unit start before `pos`, looking into earlier blocks; `pos` when there is none.
pub fn prev_start(doc: &Document, pos: TextPos, unit: Unit) -> TextPos {
    let mut b = doc.block_at(pos).min(doc.blocks.len().saturating_sub(1));
    loop {
        if let Some(&s) = starts(doc, b, unit).iter().rev().find(|&&s| s < pos.0) {
            return TextPos(s);
        }
        if b == 0 {
            return pos;
        }
        b -= 1;
    }
}

/// The first word that starts at or after `pos`: where a bookmark on a page that begins at
/// `pos` is anchored. A page that begins with the tail of a word carried over from the page
/// before (a hyphenated word's second half) is anchored at the word after it, as that tail
/// belongs to the previous page. `pos` when no word starts after it.
pub fn first_word_start(doc: &Document, pos: TextPos) -> TextPos {
    let b = doc.block_at(pos);
    match units(doc, b, Unit::Word)
        .into_iter()
        .find(|u| u.end > pos.0)
    {
        Some(u) if u.start >= pos.0 => TextPos(u.start),
        _ => next_start(doc, pos, Unit::Word),
    }
}

/// `range` made of whole words, as a highlight is saved: whitespace at either end is dropped,
/// then a start inside a word moves back to the word's start and an end inside a word forward
/// to its end (outward, so nothing the reader chose is lost). `None` when nothing but
/// whitespace was chosen.
pub fn snap_to_words(doc: &Document, range: Range<TextPos>) -> Option<Range<TextPos>> {
    let text = doc.text.as_str();
    let chosen = text.get(range.start.0..range.end.0)?;
    let lead = chosen.len() - chosen.trim_start().len();
    let trimmed = chosen.trim();
    if trimmed.is_empty() {
        return None;
    }
    let mut start = range.start.0 + lead;
    let mut end = start + trimmed.len();
    let inside = |pos: usize, u: &Range<usize>| u.start < pos && pos < u.end;
    if let Some(w) = units(doc, doc.block_at(TextPos(start)), Unit::Word)
        .into_iter()
        .find(|u| inside(start, u))
    {
        start = w.start;
    }
    if let Some(w) = units(doc, doc.block_at(TextPos(end - 1)), Unit::Word)
        .into_iter()
        .find(|u| inside(end, u))
    {
        end = w.end;
    }
    Some(TextPos(start)..TextPos(end))
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
    fn a_saved_selection_is_whole_words_without_spaces_at_its_ends() {
        let d = doc();
        let at = |s: &str| TextPos(d.text.find(s).unwrap_or(0));
        // A leading space and a trailing one are dropped.
        let r = snap_to_words(&d, at(" sentence")..at(" here."));
        assert_eq!(
            r.map(|r| text(&d, r).to_string()).as_deref(),
            Some("sentence")
        );
        // Half words grow to whole ones.
        let r = snap_to_words(&d, TextPos(at("sentence").0 + 3)..TextPos(at("here").0 + 2));
        assert_eq!(
            r.map(|r| text(&d, r).to_string()).as_deref(),
            Some("sentence here")
        );
        // Punctuation after a word stays where the reader put the end.
        let r = snap_to_words(&d, at("Second")..TextPos(at("longer.").0 + 7));
        assert_eq!(
            r.map(|r| text(&d, r).to_string()).as_deref(),
            Some("Second one, longer.")
        );
        // Only spaces: nothing.
        assert_eq!(snap_to_words(&d, at(" here")..at("here")), None);
    }

    #[test]
    fn a_page_that_starts_inside_a_word_is_anchored_at_the_next_word() {
        let mut b = DocumentBuilder::new(Meta::default());
        b.push(
            BlockKind::Paragraph,
            "die Zusammenarbeit mit Russland",
            vec![],
            0,
            None,
        );
        let d = b.finish();
        let at = |s: &str| TextPos(d.text.find(s).unwrap_or(0));
        assert_eq!(first_word_start(&d, at("menarbeit")), at("mit"));
        assert_eq!(first_word_start(&d, at("Zusammen")), at("Zusammen"));
        assert_eq!(first_word_start(&d, at(" mit")), at("mit"));
        // No word after: the position itself.
        let end = TextPos(d.text.len());
        assert_eq!(first_word_start(&d, TextPos(end.0 - 2)), TextPos(end.0 - 2));
    }

    #[test]
    fn a_start_moves_by_word_starts() {
        let d = doc();
        let first = TextPos(d.text.find("First").unwrap_or(0));
        let s = next_start(&d, first, Unit::Word);
        assert_eq!(s, TextPos(d.text.find("sentence").unwrap_or(0)));
        assert_eq!(prev_start(&d, s, Unit::Word), first);
        // Back into the title, forward into the next block.
        assert_eq!(
            &d.text[prev_start(&d, first, Unit::Word).0..first.0],
            "Title\n\n"
        );
        let third = TextPos(d.text.find("Third").unwrap_or(0));
        assert_eq!(
            next_start(&d, third, Unit::Word),
            TextPos(d.text.find("Next").unwrap_or(0))
        );
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
