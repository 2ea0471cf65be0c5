//! Opening an article: path or bytes -> decoded, parsed [`Document`].
//!
//! The one place that ties decode and the formats together, so the binary and tests open files
//! the same way. Must not depend on ratatui or crossterm.

use crate::decode::{self, DecodeError};
use crate::document::Document;
use crate::format::Format;
use std::path::{Path, PathBuf};

/// Why an article could not be opened; messages are for the reader.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("'{path}' was not found: check the path")]
    NotFound { path: String },
    #[error("'{path}' is a folder, not an article")]
    IsDir { path: String },
    #[error("cannot read '{path}': {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("'{path}' {source}")]
    Decode {
        path: String,
        #[source]
        source: DecodeError,
    },
}

/// The path as it may be shown: sanitised, so a file name cannot drive the terminal.
pub fn display_path(path: &Path) -> String {
    decode::sanitize(&path.to_string_lossy())
}

/// Reads and parses the article at `path`.
pub fn open_path(path: &Path) -> Result<Document, OpenError> {
    let shown = display_path(path);
    if path.is_dir() {
        return Err(OpenError::IsDir { path: shown });
    }
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => OpenError::NotFound {
            path: shown.clone(),
        },
        _ => OpenError::Io {
            path: shown.clone(),
            source,
        },
    })?;
    open_bytes(&bytes, Format::from_path(path), Some(path)).map_err(|source| OpenError::Decode {
        path: shown,
        source,
    })
}

/// Decodes and parses bytes in a known format. The file name is the title of last resort.
pub fn open_bytes(
    bytes: &[u8],
    format: Format,
    path: Option<&Path>,
) -> Result<Document, DecodeError> {
    let decoded = decode::decode(bytes)?;
    let mut doc = format.parse(&decoded.text);
    doc.meta.encoding = decoded.encoding.to_string();
    if decoded.guessed {
        doc.meta
            .notices
            .push(format!("Encoding guessed as {}.", decoded.encoding));
    }
    if doc.meta.title.is_none() {
        doc.meta.title = path
            .and_then(Path::file_stem)
            .map(|s| decode::sanitize(&s.to_string_lossy()));
    }
    if doc.blocks.is_empty() && !doc.meta.notices.iter().any(|n| n.contains("empty")) {
        doc.meta.notices.push("This article is empty.".to_string());
    }
    Ok(doc)
}

/// Canonical form of a path for records; falls back to the path as given.
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
