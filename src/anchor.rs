//! Text positions <-> stored anchors, and finding an anchor again after the text changed.
//! (Being written: see the API below.)

use crate::document::{Document, TextPos};
use crate::record::Anchor;
use std::ops::Range;

/// Byte offsets <-> code-point offsets for one document, built once (O(n)), queried fast.
#[derive(Debug, Clone, Default)]
pub struct Index {}

impl Index {
    pub fn new(doc: &Document) -> Index {
        let _ = doc;
        Index {}
    }
}

/// How an anchor was found in the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// At its stored position, quote unchanged.
    Exact(Range<TextPos>),
    /// The same quote, found elsewhere (text was inserted or removed before it).
    Moved(Range<TextPos>),
    /// An approximate match (the quote itself was edited); score 0..=100.
    Fuzzy(Range<TextPos>, u8),
    /// Not found: kept with its saved quote, retried on every open.
    Orphan,
}

impl Placement {
    pub fn range(&self) -> Option<Range<TextPos>> {
        match self {
            Placement::Exact(r) | Placement::Moved(r) | Placement::Fuzzy(r, _) => Some(r.clone()),
            Placement::Orphan => None,
        }
    }
}

/// The anchor for a passage: code-point offsets, the exact text and its context.
pub fn anchor(doc: &Document, index: &Index, range: Range<TextPos>) -> Anchor {
    let _ = (doc, index, range);
    Anchor::default()
}

/// The anchor for a reading position: the text that follows it (a sentence or so) and its
/// context, so the position survives edits before it.
pub fn position(doc: &Document, index: &Index, pos: TextPos) -> Anchor {
    let _ = (doc, index, pos);
    Anchor::default()
}

/// Finds an anchor in the current text.
pub fn resolve(doc: &Document, index: &Index, anchor: &Anchor) -> Placement {
    let _ = (doc, index, anchor);
    Placement::Orphan
}
