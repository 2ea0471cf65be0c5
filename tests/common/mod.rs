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
    "measure theme hyphenate justify links ruby spread wpm mouse export_dir ignore_accents"
        .split(' ')
}

/// Each of `texts` is in the document's text.
#[track_caller]
pub fn assert_kept(doc: &folio::document::Document, texts: &[&str]) {
    for text in texts {
        assert!(doc.text.contains(text), "missing {text:?} in\n{}", doc.text);
    }
}

/// None of `junk` is in the document's text.
#[track_caller]
pub fn assert_left_out(doc: &folio::document::Document, junk: &[&str]) {
    for junk in junk {
        assert!(
            !doc.text.contains(junk),
            "{junk:?} leaked into\n{}",
            doc.text
        );
    }
}
