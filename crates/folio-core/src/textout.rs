//! The article as plain text, reflowed to a width: what `folio FILE | cat` prints.
//!
//! Streams lines from a [`LineBreaker`] so even a huge file is printed without keeping its
//! layout. Must not depend on ratatui or crossterm.

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
        ..LayoutOptions::default()
    };
    let column = opts.column();
    for line in LineBreaker::new(doc, &opts) {
        writeln!(out, "{}", render(&line, column))?;
    }
    out.flush()
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
    use crate::document::{BlockKind, DocumentBuilder, Meta};
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
}
