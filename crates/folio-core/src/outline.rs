//! An article's outline: its title and headings, each with the page it starts on in a layout.
//! The reader's outline view (`t`) and `folio outline` take it from here, so at one size they
//! list the same headings on the same pages. Pure: no terminal, no I/O.

use crate::document::{BlockKind, Document, TextPos};
use crate::layout::{Layout, shorten};

/// Longest heading kept, in cells; a longer one ends with "…".
pub const MAX_HEADING: usize = 200;

/// One heading of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The heading's text, at most [`MAX_HEADING`] cells.
    pub title: String,
    /// 0 for the article's title, 1 for a chapter or top section, and so on.
    pub level: u8,
    /// Where the heading starts in the text.
    pub pos: TextPos,
    /// 0-based page the heading is on in `layout`.
    pub page: usize,
}

/// The document's title and headings in order, with their pages in `layout` (laid out of
/// `doc`). Laying out to the last heading may lay out most of a long book.
pub fn headings(doc: &Document, layout: &mut Layout) -> Vec<Heading> {
    doc.blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Title => Some((b, 0)),
            BlockKind::Heading { level } => Some((b, level)),
            _ => None,
        })
        .map(|(b, level)| Heading {
            title: shorten(doc.block_text(b), MAX_HEADING),
            level,
            pos: TextPos(b.range.start),
            page: layout.page_of(TextPos(b.range.start)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::LayoutOptions;
    use std::sync::Arc;

    #[test]
    fn headings_in_order_with_the_pages_they_start_on() {
        let para = "Words that fill a line or two of the page. ".repeat(6);
        let md =
            format!("# Title\n\n{para}\n\n## One\n\n{para}\n\n### One a\n\n{para}\n\n## Two\n");
        let doc = Arc::new(crate::format::markdown::parse(&md));
        let opts = LayoutOptions {
            width: 30,
            height: 8,
            measure: 30,
            ..LayoutOptions::default()
        };
        let mut layout = Layout::new(Arc::clone(&doc), opts);
        let got = headings(&doc, &mut layout);
        let titles: Vec<(u8, &str)> = got.iter().map(|h| (h.level, h.title.as_str())).collect();
        assert_eq!(titles, [(0, "Title"), (2, "One"), (3, "One a"), (2, "Two")]);
        assert_eq!(got[0].page, 0);
        assert!(
            got.windows(2)
                .all(|w| w[0].page <= w[1].page && w[0].pos < w[1].pos)
        );
        for h in &got {
            assert_eq!(layout.page_of(h.pos), h.page);
        }
        assert!(got[3].page > 0, "{got:?}");
    }
}
