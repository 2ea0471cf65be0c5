//! Helpers shared by the integration tests. Each test crate uses only part of them.
#![allow(dead_code)]

pub mod app;
pub mod cli;
pub mod pathological;
pub mod pty;
pub mod rng;
pub mod store;
pub mod vt;
pub mod words;
pub mod zip;

/// A fresh temporary folder, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"))
}

/// Every top-level setting of `config.toml`, each of which the bundled example shows.
pub fn settings() -> impl Iterator<Item = &'static str> {
    "measure theme hyphenate justify links wpm mouse export_dir ignore_accents".split(' ')
}
