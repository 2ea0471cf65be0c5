//! Input formats: each turns clean UTF-8 text (from [`crate::decode`]) into a [`Document`].
//!
//! One file per format under `format/`. Nothing here touches the terminal.

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
    /// whole is parsed. `None` when the text is short enough to parse whole at once.
    ///
    /// Contract: the result's `text` is a prefix of `self.parse(text).text`, and its blocks are
    /// the first blocks of the full parse (the last one may be cut short), so text positions
    /// in it are valid in the full document.
    pub fn parse_prefix(self, text: &str, min_bytes: usize) -> Option<Document> {
        let _ = (text, min_bytes);
        None
    }
}
