//! Saved web pages -> Document (being written).

use crate::document::Document;

/// Parses an HTML page into a Document (the article as Reader View would show it).
pub fn parse(text: &str) -> Document {
    crate::format::plain::parse(text)
}
