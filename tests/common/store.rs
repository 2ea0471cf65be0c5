//! A store in a temporary folder, and the records and highlights the store tests save in it.

use super::tempdir;
use folio::record::{self, Anchor, Highlight, Record};
use folio::store::{self, Paths, Store};
use std::path::PathBuf;
use tempfile::TempDir;

/// A store whose config folder is `config/` in a fresh temporary folder (not created yet).
pub fn setup() -> (TempDir, Store, Paths) {
    let tmp = tempdir();
    let paths = Paths {
        root: tmp.path().join("config"),
    };
    (tmp, Store::new(Some(paths.clone())), paths)
}

/// A highlight of `exact` at offset 3, with context that needs escaping in JSON.
pub fn highlight(exact: &str) -> Highlight {
    Highlight {
        attribution: None,
        id: record::new_id(),
        anchor: Anchor {
            start: 3,
            end: 3 + exact.chars().count() as u64,
            exact: exact.into(),
            prefix: "« pré".into(),
            suffix: "suf \"x\"".into(),
            original: None,
        },
        note: String::new(),
        created: record::now(),
        modified: record::now(),
    }
}

/// The record file of fingerprint `fp`.
pub fn main_file(paths: &Paths, fp: &str) -> PathBuf {
    paths
        .articles()
        .join(format!("{}.json", store::file_id(fp)))
}

/// The ids of a record's highlights, in the record's order.
pub fn ids(r: &Record) -> Vec<&str> {
    r.highlights.iter().map(|h| h.id.as_str()).collect()
}

/// The names in `articles/`, sorted (none when the folder does not exist).
pub fn listing(paths: &Paths) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(paths.articles())
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The names in `articles/` that a save leaves only while it runs.
pub fn temporaries(paths: &Paths) -> Vec<String> {
    listing(paths)
        .into_iter()
        .filter(|name| name.contains(".tmp") || name.contains(".probe"))
        .collect()
}

/// Nothing temporary is left in `articles/`.
#[track_caller]
pub fn no_temporaries(paths: &Paths) {
    assert_eq!(temporaries(paths), Vec::<String>::new(), "left behind");
}

/// The record of the article `text` saved with the highlight `h`: its fingerprint, the record as
/// saved and the record's file.
pub fn saved_with(
    store: &Store,
    paths: &Paths,
    text: &str,
    h: Highlight,
) -> (String, Record, PathBuf) {
    let fp = store::fingerprint(text);
    let mut r = store.load(&fp, None).record;
    r.highlights.push(h);
    let saved = store
        .save(&r)
        .unwrap_or_else(|e| panic!("saving {text:?}: {e}"));
    let file = main_file(paths, &fp);
    (fp, saved, file)
}

/// A new record of the article `text`, opened from a path that needs quoting, with a title
/// beyond ASCII and `highlights`: what the damaged-record tests save and then break.
pub fn unicode_record(store: &Store, text: &str, highlights: Vec<Highlight>) -> (String, Record) {
    let fp = store::fingerprint(text);
    let mut r = store
        .load(
            &fp,
            Some(std::path::Path::new("/tmp/ä \"quoted\" path.txt")),
        )
        .record;
    r.title = Some("Ünïcödé 世界 😀".into());
    r.highlights = highlights;
    (fp, r)
}
