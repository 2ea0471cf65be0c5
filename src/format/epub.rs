//! EPUB books -> Document (being written).

use crate::document::Document;

/// Why an EPUB could not be read; messages are for the reader.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EpubError {
    #[error("is not a readable EPUB: {0}")]
    Invalid(String),
}

/// Reads an EPUB from its bytes (in memory, nothing extracted to disk).
pub fn parse(bytes: &[u8]) -> Result<Document, EpubError> {
    let _ = bytes;
    Err(EpubError::Invalid("EPUB support is being written".into()))
}
