//! Records on disk: one JSON file per article in `articles/`, saved atomically, merged under a
//! lock, never lost. (Being written: see the API below.)

use crate::record::Record;
use std::path::{Path, PathBuf};

/// Where folio keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub root: PathBuf,
}

impl Paths {
    /// `--config-dir` first, then `FOLIO_CONFIG_DIR`, then the platform's config directory
    /// (`~/.config/folio` on Linux). `None` when none can be determined.
    pub fn resolve(cli: Option<&Path>) -> Option<Paths> {
        let _ = cli;
        None
    }

    pub fn articles(&self) -> PathBuf {
        self.root.join("articles")
    }

    pub fn exports(&self) -> PathBuf {
        self.root.join("exports")
    }
}

/// The stable content fingerprint of a document's normalised text (versioned).
pub fn fingerprint(text: &str) -> String {
    let _ = text;
    String::new()
}

/// Why the store could not do what was asked; messages are for the reader.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot save to '{path}': {error}; changes are kept in memory only")]
    Write { path: String, error: std::io::Error },
    #[error("this record was written by a newer folio (version {0}); it is open read-only")]
    ReadOnly(u32),
}

/// A record as found on disk, with what the reader should be told about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub record: Record,
    /// A newer-version record, or no writable store: never written back.
    pub read_only: bool,
    /// Messages for the status line ("record was corrupt, restored from backup", …).
    pub notices: Vec<String>,
}

/// The store: a config directory, or nothing (changes kept in memory only).
#[derive(Debug, Clone)]
pub struct Store {
    paths: Option<Paths>,
}

impl Store {
    pub fn new(paths: Option<Paths>) -> Store {
        Store { paths }
    }

    /// The record for an article: by fingerprint, then by a path it was opened from, else a
    /// new one. Never fails: problems become notices.
    pub fn load(&self, fingerprint: &str, path: Option<&Path>) -> Loaded {
        let _ = (path, &self.paths);
        Loaded {
            record: Record::new(fingerprint.to_string()),
            read_only: false,
            notices: Vec::new(),
        }
    }

    /// Saves under a lock, merged with what is on disk; returns the merged record.
    pub fn save(&self, record: &Record) -> Result<Record, StoreError> {
        Ok(record.clone())
    }
}
