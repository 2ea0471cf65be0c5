//! Link numbers (`[3]`) shown after a link's text, as `lynx -dump` prints them: where they go
//! in a block, for the layout to insert into its lines as text the document does not have.
//!
//! A mark is `[n]`, `n` being the link's index in [`Meta::links`](crate::document::Meta::links)
//! plus one, the number `f` and piped output's `Links:` list show. A link split into spans
//! (emphasis inside it) gets one mark, after its last span. A footnote reference that already
//! reads `[n]` with its link's number gets no second mark; one that reads another number gets
//! its mark after the closing bracket (`[1][3]`). A mark goes right after the link's last
//! character that is not a space, so it stays on the link's line.

use crate::document::{BlockKind, Span};

/// One mark: where it goes in the block (a byte offset into the block's text, at a character
/// boundary, never at the block's start) and what it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkMark {
    pub at: usize,
    pub text: String,
}

/// Whether blocks of `kind` get marks: not code and tables, whose lines are never wrapped
/// (a mark could push one past the column; their links are still listed by `f` and piped
/// output).
pub fn marked(kind: &BlockKind) -> bool {
    !matches!(kind, BlockKind::Code | BlockKind::Table | BlockKind::Rule)
}

/// The marks of a block whose text is `source` and spans `spans` (block-relative), in order
/// of `at`. `links` is how many links the document has: a span naming another is not marked.
pub fn link_marks(source: &str, spans: &[Span], links: usize) -> Vec<LinkMark> {
    let mut marks = Vec::new();
    let mut run_start = None;
    for (i, span) in spans.iter().enumerate() {
        let Some(link) = span.style.link.filter(|&l| (l as usize) < links) else {
            continue;
        };
        let run = *run_start.get_or_insert(span.range.start)..span.range.end;
        let next = spans.get(i + 1);
        let continues = next.is_some_and(|next| {
            next.style.link == Some(link)
                && source
                    .get(span.range.end..next.range.start)
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        });
        if continues {
            continue;
        }
        run_start = None;
        let number = (u64::from(link) + 1).to_string();
        let at = match bracketed(source, run.clone()) {
            Some((inner, _)) if inner.trim() == number => continue,
            Some((_, after)) if after > run.end && next.is_none_or(|n| n.range.start >= after) => {
                after
            }
            _ => {
                let text = source.get(run.clone()).unwrap_or("");
                run.start + text.trim_end().len()
            }
        };
        if at > run.start && source.is_char_boundary(at) {
            marks.push(LinkMark {
                at,
                text: format!("[{number}]"),
            });
        }
    }
    marks
}

/// The text inside the brackets when a link reads `[…]` (the brackets in or around the link),
/// and where the closing bracket ends.
fn bracketed(source: &str, run: std::ops::Range<usize>) -> Option<(&str, usize)> {
    let text = source.get(run.clone())?;
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return Some((inner, run.end));
    }
    let before = source.get(..run.start)?;
    let after = source.get(run.end..)?;
    (before.ends_with('[') && after.starts_with(']')).then_some((text, run.end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Style;

    fn link(range: std::ops::Range<usize>, link: u32) -> Span {
        Span {
            range,
            style: Style {
                link: Some(link),
                ..Style::default()
            },
        }
    }

    fn at(marks: &[LinkMark]) -> Vec<(usize, &str)> {
        marks.iter().map(|m| (m.at, m.text.as_str())).collect()
    }

    #[test]
    fn a_mark_follows_each_link_and_skips_its_trailing_space() {
        let source = "See the hive notes and the map. ";
        let marks = link_marks(source, &[link(8..19, 0), link(27..30, 4)], 5);
        assert_eq!(at(&marks), vec![(18, "[1]"), (30, "[5]")]);
    }

    #[test]
    fn a_link_in_several_spans_gets_one_mark_and_unknown_links_none() {
        let source = "the very old hive";
        let spans = [link(0..3, 1), link(4..8, 1), link(9..12, 7)];
        assert_eq!(at(&link_marks(source, &spans, 3)), vec![(8, "[2]")]);
    }

    #[test]
    fn footnote_references_keep_one_number() {
        // `[2]` is link 1's own number: no mark. `[1]` linking to the third link: a mark after
        // its bracket.
        let source = "Bees[2] hum[1] here";
        let spans = [link(4..7, 1), link(12..13, 2)];
        assert_eq!(at(&link_marks(source, &spans, 3)), vec![(14, "[3]")]);
    }
}
