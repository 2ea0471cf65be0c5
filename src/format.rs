//! Input formats: each turns clean UTF-8 text (from [`crate::decode`]) into a [`Document`].
//!
//! One file per format under `format/`. Nothing here touches the terminal.

pub mod epub;
pub mod html;
pub mod markdown;
pub mod plain;

use crate::document::Document;
use std::path::Path;

/// The formats folio reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Markdown,
}

impl Format {
    /// Picks the format from the file extension.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd" | "mkdn") => Format::Markdown,
            _ => Format::Plain,
        }
    }

    /// Parses decoded, sanitised text.
    pub fn parse(self, text: &str) -> Document {
        match self {
            Format::Plain => plain::parse(text),
            Format::Markdown => markdown::parse(text),
        }
    }

    /// A quick document of the first part of a long text, for showing the first page while the
    /// whole is parsed. `None` when the text is short enough to parse whole at once (at most
    /// `2 * min_bytes`), or when no beginning can be had cheaply and safely.
    ///
    /// Contract: the result's `text` is a prefix of `self.parse(text).text`, its blocks are
    /// exactly the first blocks of the full parse (kinds, ranges, spans, quote depth, list
    /// marks), and its title, author and language are the full parse's, so text positions in
    /// it are valid in the full document. It covers roughly the first `min_bytes` of the text
    /// (it is cut at a paragraph break at or after `min_bytes` and before `2 * min_bytes`;
    /// plain text then leaves out the last paragraph before the cut) and costs about as much
    /// as parsing that much, whatever the text's length, apart from a fast scan of the whole
    /// for Markdown definitions.
    ///
    /// How each format keeps the contract is in [`plain::parse_prefix`] and
    /// [`markdown::parse_prefix`]. In short: plain text takes its document-wide statistics
    /// from a bounded sample of the beginning ([`plain::SAMPLE_BYTES`]) in both parses, cuts
    /// at a blank line and leaves out the last paragraph (whose subheading decision needs the
    /// next one); Markdown cuts where pulldown-cmark starts a new top-level block after a
    /// blank line, and gives `None` when the text holds any reference or footnote definition
    /// (they could change earlier text).
    pub fn parse_prefix(self, text: &str, min_bytes: usize) -> Option<Document> {
        if text.len() <= min_bytes.saturating_mul(2) {
            return None;
        }
        match self {
            Format::Plain => plain::parse_prefix(text, min_bytes),
            Format::Markdown => markdown::parse_prefix(text, min_bytes),
        }
    }
}
