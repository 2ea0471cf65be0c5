//! The library: the articles folio knows (from the store), the files of a folder, and the
//! bundled samples, as entries to list, filter, open and forget.
//!
//! Part of the core: no terminal here. The terminal layer builds the entries (that reads the
//! disk) and the app only shows and filters them.

use crate::decode::sanitize_line;
use crate::record::{Date, Record, Timestamp, date_of};
use crate::samples::{SAMPLES, Sample};
use crate::store::{Paths, Store, file_id, path_key};
use jiff::Unit;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Where an entry's article comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file: an article with a record, or a file of a listed folder.
    File(PathBuf),
    /// A bundled sample.
    Sample(Sample),
    /// A record whose article has no file to open (read from standard input).
    Nowhere,
}

/// One line of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    pub author: Option<String>,
    /// How far the reader got, in percent; `None` for articles never opened.
    pub progress: Option<u8>,
    pub highlights: usize,
    pub bookmarks: usize,
    /// When it was last opened, said for people ("today", "3 days ago", "2024-05-01").
    pub opened: Option<String>,
    pub source: Source,
    /// The file is gone (moved or deleted since): listed, not hidden.
    pub missing: bool,
    /// The record's fingerprint, for forgetting; `None` for files never opened and samples.
    pub fingerprint: Option<String>,
}

impl Entry {
    /// The file's path for showing, if it has one.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::File(p) => Some(p),
            _ => None,
        }
    }

    /// True when `filter` (lower case) is in the title, author or path.
    pub fn matches(&self, filter: &str) -> bool {
        if filter.is_empty() {
            return true;
        }
        let hay = |s: &str| s.to_lowercase().contains(filter);
        hay(&self.title)
            || self.author.as_deref().is_some_and(hay)
            || self.path().is_some_and(|p| hay(&p.to_string_lossy()))
    }
}

/// Extensions of files folio reads, for listing a folder.
const READABLE: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "epub",
];

/// Only the samples (a session without a store).
pub fn samples() -> Vec<Entry> {
    SAMPLES.iter().map(sample).collect()
}

/// The articles folio knows, most recently opened first, then the samples.
pub fn entries(store: &Store, today: Date) -> Vec<Entry> {
    let mut list: Vec<Entry> = store.all().iter().map(|r| from_record(r, today)).collect();
    list.extend(SAMPLES.iter().map(sample));
    list
}

/// Bytes read from the start of a file to find its title for a folder's list.
pub const TITLE_BYTES: u64 = 8 * 1024;

/// The title of the article in a file, from its first [`TITLE_BYTES`] only (a folder of
/// large books lists at once), found as opening the file finds it (the format's own title
/// logic). `None` when the file cannot be read, is a book (its title is in its package, not
/// its first bytes) or has no title but its name.
pub fn title_of(path: &Path) -> Option<String> {
    use std::io::Read;
    let format = crate::format::Format::from_path(path);
    if format == crate::format::Format::Epub {
        return None;
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .ok()?
        .take(TITLE_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    // A character cut at the end of the read is dropped, not taken for another encoding.
    if let Err(e) = std::str::from_utf8(&bytes)
        && e.error_len().is_none()
    {
        bytes.truncate(e.valid_up_to());
    }
    if format.sniff(&bytes) == crate::format::Format::Epub {
        return None;
    }
    let doc = crate::open::open_bytes(&bytes, format, None).ok()?;
    doc.meta
        .title
        .map(|t| sanitize_line(&t).trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The readable files of a folder, each with its title ([`title_of`], else the file name) and
/// its progress when folio knows it: those opened first, the most recent first, then the
/// others by file name. Subfolders are not entered; the samples are not listed here.
pub fn folder(dir: &Path, store: &Store, today: Date) -> io::Result<Vec<Entry>> {
    let records = store.all();
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| READABLE.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    let mut list: Vec<(Option<Timestamp>, Entry)> = files
        .into_iter()
        .map(|path| {
            let key = path_key(&path);
            match records.iter().find(|r| r.paths.last() == Some(&key)) {
                Some(r) => (
                    r.last_opened,
                    Entry {
                        source: Source::File(path),
                        missing: false,
                        ..from_record(r, today)
                    },
                ),
                None => (
                    None,
                    Entry {
                        title: title_of(&path).unwrap_or_else(|| {
                            path.file_name()
                                .map(|n| sanitize_line(&n.to_string_lossy()))
                                .unwrap_or_default()
                        }),
                        author: None,
                        progress: None,
                        highlights: 0,
                        bookmarks: 0,
                        opened: None,
                        source: Source::File(path),
                        missing: false,
                        fingerprint: None,
                    },
                ),
            }
        })
        .collect();
    // Stable: files never opened keep their order by name, after the others.
    list.sort_by_key(|(opened, _)| std::cmp::Reverse(*opened));
    Ok(list.into_iter().map(|(_, e)| e).collect())
}

/// Where an article read from standard input is shown as being (`folio list`, the library):
/// it has no file, and is never "missing".
pub const STANDARD_INPUT: &str = "(standard input)";

fn from_record(r: &Record, today: Date) -> Entry {
    let path = r.paths.last().map(PathBuf::from);
    // An article read from standard input has no file to miss.
    let missing = path.as_deref().is_some_and(|p| !p.exists());
    Entry {
        title: sanitize_line(r.title.as_deref().unwrap_or("Untitled")),
        author: r.author.as_deref().map(sanitize_line),
        progress: r.progress,
        highlights: r.highlights.len(),
        bookmarks: r.bookmarks.len(),
        opened: r.last_opened.map(|t| when(t, today)),
        source: path.map_or(Source::Nowhere, Source::File),
        missing,
        fingerprint: Some(r.fingerprint.clone()),
    }
}

fn sample(s: &Sample) -> Entry {
    let doc = s.document();
    Entry {
        title: doc.meta.title.unwrap_or_else(|| s.file.to_string()),
        author: doc.meta.author,
        progress: None,
        highlights: 0,
        bookmarks: 0,
        opened: None,
        source: Source::Sample(*s),
        missing: false,
        fingerprint: None,
    }
}

/// A stored time as a reader says it, relative to `today` (UTC like the time).
pub fn when(stamp: Timestamp, today: Date) -> String {
    let date = date_of(stamp);
    let days = date
        .until((Unit::Day, today))
        .ok()
        .map(|span| i64::from(span.get_days()));
    match days {
        Some(0) => "today".to_string(),
        Some(1) => "yesterday".to_string(),
        Some(d @ 2..=6) => format!("{d} days ago"),
        _ => date.to_string(),
    }
}

/// Forgets an article: its record (and backup) move to `trash/` in the config folder, where
/// they can be restored by moving them back. Returns the trashed record's path.
/// `stamp` (the time, usually) tells trashed copies of one record apart.
pub fn forget(
    paths: &Paths,
    fingerprint: &str,
    stamp: &(impl std::fmt::Display + ?Sized),
) -> io::Result<PathBuf> {
    let id = file_id(fingerprint);
    let from = paths.articles().join(format!("{id}.json"));
    let trash = paths.root.join("trash");
    fs::create_dir_all(&trash)?;
    let safe_stamp: String = stamp
        .to_string()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let to = trash.join(format!("{id}-{safe_stamp}.json"));
    fs::rename(&from, &to)?;
    let bak = paths.articles().join(format!("{id}.json.bak"));
    if bak.exists() {
        // The backup would otherwise bring the record back on the next open.
        fs::rename(&bak, trash.join(format!("{id}-{safe_stamp}.json.bak")))?;
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_said_for_people() {
        let when = |stamp, today: &str| {
            let today = today.parse::<Date>().unwrap_or_else(|e| panic!("{e}"));
            when(crate::record::parse_time(stamp).unwrap_or_default(), today)
        };
        assert_eq!(when("2026-11-27T10:00:00Z", "2026-11-27"), "today");
        assert_eq!(when("2026-11-26T23:59:00Z", "2026-11-27"), "yesterday");
        assert_eq!(when("2026-11-24T08:00:00Z", "2026-11-27"), "3 days ago");
        // Across a month, a leap day and a year end.
        assert_eq!(when("2026-02-28T08:00:00Z", "2026-03-01"), "yesterday");
        assert_eq!(when("2024-02-28T08:00:00Z", "2024-03-01"), "2 days ago");
        assert_eq!(when("2025-12-31T08:00:00Z", "2026-01-02"), "2 days ago");
        assert_eq!(when("2026-10-01T08:00:00Z", "2026-11-27"), "2026-10-01");
        // A time from the future (another machine's clock) is just its date.
        assert_eq!(when("2027-01-01T08:00:00Z", "2026-11-27"), "2027-01-01");
    }

    #[test]
    fn an_article_from_standard_input_is_nowhere_but_not_missing() {
        let today = "2026-11-27".parse::<Date>().unwrap_or_default();
        let piped = Record::new("sha256-v1:0".into());
        let entry = from_record(&piped, today);
        assert_eq!(entry.source, Source::Nowhere);
        assert!(!entry.missing);
        let mut gone = piped;
        gone.paths.push("/nowhere/at/all/gone.md".into());
        assert!(from_record(&gone, today).missing);
    }

    #[test]
    fn filters_look_at_title_author_and_path() {
        let e = Entry {
            title: "The Quiet Art".into(),
            author: Some("Mara Lindqvist".into()),
            progress: Some(40),
            highlights: 2,
            bookmarks: 0,
            opened: None,
            source: Source::File(PathBuf::from("/home/r/articles/quiet.md")),
            missing: false,
            fingerprint: None,
        };
        assert!(e.matches("quiet"));
        assert!(e.matches("lindq"));
        assert!(e.matches("articles/"));
        assert!(e.matches(""));
        assert!(!e.matches("zeitung"));
    }
}
