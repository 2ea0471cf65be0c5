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
}
