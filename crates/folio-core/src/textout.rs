//! The article as plain text, reflowed to a width: what `folio FILE | cat` prints.
//!
//! Streams lines from a [`LineBreaker`] so even a huge file is printed without keeping its
//! layout. Must not depend on ratatui or crossterm.
//!
//! Links are numbered as in `lynx -dump`: each link's text is followed by `[n]` (its index in
//! [`Meta::links`](crate::document::Meta::links) plus one) and the output ends with a `Links:`
//! list of the numbered targets, so a reader of the text can find where a link goes. The
//! layout inserts the numbers ([`LayoutOptions::link_marks`]), as it does on screen.

use crate::document::Document;
use crate::layout::{LayoutOptions, Line, LineBreaker};
use std::io::{self, Write};
use std::sync::Arc;

/// Writes `doc` reflowed to `measure` columns, left-aligned; titles and rules centred.
/// Without `hyphenate` no word is broken (piped output is searched with grep: the default);
/// with it, words break as on screen.
pub fn write(
    doc: Arc<Document>,
    measure: u16,
    hyphenate: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let opts = LayoutOptions {
        width: measure,
        measure,
        hyphenate,
        link_marks: true,
        ..LayoutOptions::default()
    };
    let column = opts.column();
    let used = used_links(&doc);
    for line in LineBreaker::new(Arc::clone(&doc), &opts) {
        writeln!(out, "{}", render(&line, column))?;
    }
    write_links(&doc, &used, out)?;
    out.flush()
}

/// The `Links:` list after the text: a blank line, the heading, then `[n] target` for each
/// link whose text is in the document, numbers right-aligned.
fn write_links(doc: &Document, used: &[u32], out: &mut impl Write) -> io::Result<()> {
    let Some(&last) = used.last() else {
        return Ok(());
    };
    let digits = (last + 1).to_string().len();
    writeln!(out)?;
    writeln!(out, "Links:")?;
    for &index in used {
        let Some(target) = doc.meta.links.get(index as usize) else {
            continue;
        };
        // Targets were sanitised at parse; a line break would still split an entry.
        let target: String = target.split_whitespace().collect::<Vec<_>>().join(" ");
        let mark = format!("[{}]", index + 1);
        writeln!(out, "{mark:>width$} {target}", width = digits + 2)?;
    }
    Ok(())
}

/// Indexes of the links that some span of the document carries, in order, each once.
fn used_links(doc: &Document) -> Vec<u32> {
    let mut used: Vec<u32> = doc
        .blocks
        .iter()
        .flat_map(|b| b.spans.iter().filter_map(|s| s.style.link))
        .filter(|&i| (i as usize) < doc.meta.links.len())
        .collect();
    used.sort_unstable();
    used.dedup();
    used
}

/// One line as text: prefix, text, centred when asked; no trailing spaces.
pub fn render(line: &Line, column: usize) -> String {
    let pad = if line.center {
        column.saturating_sub(line.width()) / 2
    } else {
        0
    };
    let s = format!("{}{}{}", " ".repeat(pad), line.prefix, line.text);
    s.trim_end().to_string()
}

/// The whole article as a string, as piped by default: not hyphenated (tests and golden files).
pub fn to_string(doc: Arc<Document>, measure: u16) -> String {
    to_string_with(doc, measure, false)
}

/// The whole article as a string, hyphenated or not.
pub fn to_string_with(doc: Arc<Document>, measure: u16, hyphenate: bool) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(doc, measure, hyphenate, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, DocumentBuilder, Meta, Span, Style};
    use crate::layout::width;

    #[test]
    fn title_is_centred_and_paragraphs_wrap() {
        let mut b = DocumentBuilder::new(Meta::default());
        b.push(BlockKind::Title, "Tides", vec![], 0, None);
        b.push(
            BlockKind::Paragraph,
            "one two three four five six seven eight nine ten",
            vec![],
            0,
            None,
        );
        let out = to_string(Arc::new(b.finish()), 20);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "       Tides");
        assert_eq!(lines[1], "");
        assert!(lines[2..].iter().all(|l| width(l) <= 20));
        assert_eq!(
            lines[2..].join(" "),
            "one two three four five six seven eight nine ten"
        );
    }

    fn link(range: std::ops::Range<usize>, link: u32, emphasis: bool) -> Span {
        Span {
            range,
            style: Style {
                emphasis,
                link: Some(link),
                ..Style::default()
            },
        }
    }

    fn linked() -> Document {
        let meta = Meta {
            links: vec!["https://a.example/".into(), "https://b.example/x y".into()],
            ..Meta::default()
        };
        let mut b = DocumentBuilder::new(meta);
        // "the tide" is one link in two spans (one emphasised); "moon" the second link.
        b.push(
            BlockKind::Paragraph,
            "See the tide and the moon, then the tide again.",
            vec![
                link(4..8, 0, false),
                link(8..12, 0, true),
                link(21..25, 1, false),
                link(36..46, 0, false),
            ],
            0,
            None,
        );
        b.push(
            BlockKind::Code,
            "moon()",
            vec![link(0..4, 1, false)],
            0,
            None,
        );
        b.finish()
    }

    #[test]
    fn links_are_numbered_after_their_text_and_listed_at_the_end() {
        let out = to_string(Arc::new(linked()), 72);
        assert_eq!(
            out,
            "See the tide[1] and the moon[2], then the tide again[1].\n\n  moon()\n\n\
             Links:\n[1] https://a.example/\n[2] https://b.example/x y\n"
        );
    }

    #[test]
    fn marks_wrap_with_their_word_and_keep_the_column() {
        let out = to_string(Arc::new(linked()), 12);
        // The list's targets are kept whole, on one line each, like lynx's.
        let (text, _) = out.split_once("\nLinks:\n").unwrap_or_default();
        assert!(text.lines().all(|l| width(l) <= 12), "{out}");
        assert!(out.contains("moon[2],"), "{out}");
    }

    #[test]
    fn footnote_references_keep_one_number() {
        let meta = Meta {
            links: vec!["#fn1".into(), "#fn2".into(), "#fn3".into()],
            ..Meta::default()
        };
        let mut b = DocumentBuilder::new(meta);
        // "[1]" is the link's whole text; in "[2]" and "[7]" only the digit is linked.
        b.push(
            BlockKind::Paragraph,
            "One.[1] Two.[2] Three.[7]",
            vec![
                link(4..7, 0, false),
                link(13..14, 1, false),
                link(23..24, 2, false),
            ],
            0,
            None,
        );
        let out = to_string(Arc::new(b.finish()), 72);
        assert!(out.starts_with("One.[1] Two.[2] Three.[7][3]\n"), "{out}");
    }

    #[test]
    fn a_document_without_links_has_no_list() {
        let mut b = DocumentBuilder::new(Meta {
            links: vec!["https://unused.example/".into()],
            ..Meta::default()
        });
        b.push(BlockKind::Paragraph, "No links here.", vec![], 0, None);
        assert_eq!(to_string(Arc::new(b.finish()), 72), "No links here.\n");
    }
}
