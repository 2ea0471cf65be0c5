//! Highlights and bookmarks out to the tools readers use: Markdown (Obsidian, Logseq), folio's
//! own JSON, W3C Web Annotations, Readwise CSV, Kindle `My Clippings.txt` and Org.
//!
//! This module owns the export formats: [`Format`], [`export`] (records, and their documents
//! when the files could be opened, to one string) and [`import_json`] (the JSON back to
//! records). It is pure: no I/O, no clock (the caller passes `now`), no ratatui or crossterm.
//! One file per format under `export/`; what they share (placing items, dates, URLs) is here.
//!
//! # Placing highlights and bookmarks
//!
//! With the article's [`Document`], every anchor is found again with [`anchor::resolve`]:
//!
//! - **found** (exact, moved or fuzzy): the quote is the *current* text of the passage, the
//!   anchor (offsets, prefix, suffix) is made afresh from it, the location is the percentage
//!   `start / text length` (code points, rounded down) and the section is the heading before it
//!   ([`Document::section_of`]);
//! - **orphan** (the text is gone): the saved quote (`anchor.exact`) and the stored anchor are
//!   exported and marked: Markdown `(not found in the current text)` (and a section of their
//!   own), Org `:LOCATION: not found in the current text`, W3C `"orphaned": true`, Readwise and
//!   Clippings a note saying `(not found in the current text)` (appended to the highlight's own
//!   note if it has one);
//! - **without a document** (the file could not be opened), items keep their stored anchors
//!   and their location is unknown (Markdown `(location unknown)`, Org `:LOCATION: unknown`).
//!   Stored anchors are those of the text the record was last resolved against (its
//!   fingerprint): the reader on opening, and the session before an export, write found items'
//!   fresh anchors back ([`crate::annotations::Annotations::refresh`]), so a moved and edited
//!   article exports the places the reader showed.
//!
//! A highlight made from a quotation carries its speaker (`attribution`): Markdown ends the
//! quote with a `— Name` line, Org has an `:ATTRIBUTION:` property, JSON the record's
//! `attribution` field, and Readwise, Clippings and W3C put `— Name` on the last line of the
//! note (W3C in the body's text: no `creator`, which would say the speaker wrote the
//! annotation). Readwise's `Author` column stays the article's author.
//!
//! Reading order: found items by position, then orphans by their stored offset; without a
//! document, by stored offset. Ties: start, end, creation date, id. A bookmark's "first words"
//! are the first 12 words (at most 80 characters) of the text at its position.
//!
//! Kindle locations (Clippings, and Readwise's `Location` column) count 150 code points each:
//! `start / 150 + 1` to `end / 150 + 1`, from the anchor as exported (so orphans keep their
//! stored place). Dates come from each item's `created` (a Kindle note's from `modified`), in
//! UTC (Kindle: local time in [`Options::zone`]);
//! one that does not parse is left out (Org, Readwise) or replaced by the export date (Kindle,
//! whose importers need one).
//!
//! # Article metadata
//!
//! Title: the record's, else the document's, else `Untitled`. Author likewise (omitted when
//! unknown). Source path: [`Article::path`], else the last of the record's `paths`; as a URL
//! (W3C `via`) `file://` plus the percent-encoded absolute path (a Windows `C:\…` path becomes
//! `file:///C:/…`); a relative path gives no URL. Readwise's `URL` is for articles from the
//! web only, so local files leave it empty.
//!
//! # Several articles
//!
//! Markdown, Org and Clippings: the articles one after the other. JSON: always one object
//! `{"format": "folio", "version": 1, "exported": now, "articles": [records]}`. W3C: always one
//! `AnnotationCollection` holding every annotation. Readwise: one header, then every row.
//!
//! # Safety of the output
//!
//! Every string from a record or a document passes through [`decode::sanitize`] (or
//! [`decode::sanitize_line`] for one-line fields: titles, labels, paths, ids, dates) before it
//! is written, so no control, escape or bidi character reaches an export, and each format
//! escapes what would break it (see each format's module).

mod clippings;
mod json;
mod markdown;
mod org;
mod readwise;
#[cfg(test)]
mod tests;
mod w3c;

use crate::anchor::{self, Index, Placement};
use crate::decode;
use crate::document::Document;
use crate::record::{Anchor, Record, TimeZone, Timestamp};

pub use json::import_json;

/// Marker for a highlight whose text is gone from the article.
pub(crate) const ORPHANED: &str = "not found in the current text";

/// Code points per Kindle location.
pub(crate) const KINDLE_LOCATION: u64 = 150;

/// Words (and characters) of a bookmark's page shown beside it.
const LEAD_WORDS: usize = 12;
const LEAD_CHARS: usize = 80;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    W3c,
    Readwise,
    Clippings,
    Org,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Markdown,
        Format::Json,
        Format::W3c,
        Format::Readwise,
        Format::Clippings,
        Format::Org,
    ];

    /// The name on the command line (`--format NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::W3c => "w3c",
            Format::Readwise => "readwise",
            Format::Clippings => "clippings",
            Format::Org => "org",
        }
    }

    /// The file extension of an export, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::W3c => "jsonld",
            Format::Readwise => "csv",
            Format::Clippings => "txt",
            Format::Org => "org",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// A format by name, case-insensitively; `md` and `kindle` are accepted too.
    fn from_str(s: &str) -> Result<Format, String> {
        let wanted = s.trim().to_ascii_lowercase();
        let alias = match wanted.as_str() {
            "md" => Some(Format::Markdown),
            "kindle" => Some(Format::Clippings),
            _ => None,
        };
        alias
            .or_else(|| Format::ALL.into_iter().find(|f| f.name() == wanted))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown export format '{}': use one of {}",
                    decode::sanitize_line(s),
                    names.join(", ")
                )
            })
    }
}

/// One article to export: its record, its text when the file could be opened (to place
/// highlights: percent, section), where it came from.
#[derive(Debug, Clone)]
pub struct Article<'a> {
    pub record: &'a Record,
    pub doc: Option<&'a Document>,
    pub path: Option<String>,
}

/// What an export needs to know beyond the articles and the date.
#[derive(Debug, Clone)]
pub struct Options {
    /// The zone local times are written in (Kindle clippings: a Kindle writes its own clock's
    /// time). Passed in, so the export stays a function of its inputs.
    pub zone: TimeZone,
    /// The URL of the file the export is written to (`-o FILE`), if any: the W3C collection's
    /// id. Without one the id is a `urn:uuid:` derived from what is exported.
    pub file_url: Option<String>,
}

impl Options {
    /// The system's time zone, no file.
    pub fn local() -> Options {
        Options {
            zone: TimeZone::system(),
            file_url: None,
        }
    }

    /// UTC, no file (tests, and anything that must not depend on the machine).
    pub fn utc() -> Options {
        Options {
            zone: TimeZone::UTC,
            file_url: None,
        }
    }
}

/// The export of one or more articles in one format. `now` is the export date. Local times
/// are the system zone's ([`Options::local`]).
pub fn export(format: Format, articles: &[Article<'_>], now: &Timestamp) -> String {
    export_with(format, articles, now, &Options::local())
}

/// [`export`] with the zone and the target file given.
pub fn export_with(
    format: Format,
    articles: &[Article<'_>],
    now: &Timestamp,
    options: &Options,
) -> String {
    let now = *now;
    if format == Format::Json {
        return json::write(articles, now);
    }
    let prepared: Vec<Prepared> = articles.iter().map(prepare).collect();
    match format {
        Format::Markdown => markdown::write(&prepared, now),
        Format::Json => String::new(),
        Format::W3c => w3c::write(&prepared, options.file_url.as_deref()),
        Format::Readwise => readwise::write(&prepared),
        Format::Clippings => clippings::write(&prepared, now, &options.zone),
        Format::Org => org::write(&prepared, now),
    }
}

/// An article ready to write: metadata sanitised, items placed and in reading order.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub title: String,
    pub author: Option<String>,
    pub path: Option<String>,
    /// `file://` URL of `path` when it is absolute.
    pub url: Option<String>,
    /// The record's fingerprint (the content hash the anchors refer to).
    pub fingerprint: String,
    /// How far the reader got ([`crate::progress`]), as the reader last showed it.
    pub progress: Option<u8>,
    pub highlights: Vec<Item>,
    pub bookmarks: Vec<Item>,
}

/// A highlight or bookmark, placed and sanitised.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub id: String,
    /// The quote (a bookmark: the text its anchor holds), line breaks kept.
    pub text: String,
    /// A highlight's note (line breaks kept) or a bookmark's label (one line); trimmed.
    pub note: String,
    /// Who said the quotation a highlight was made from (one line); never empty.
    pub attribution: Option<String>,
    /// The anchor as exported: made afresh when found, stored otherwise.
    pub anchor: Anchor,
    pub place: Place,
    /// Bookmarks: the first words at the position, one line, "…" when cut.
    pub lead: String,
    /// `None` when the record's time could not be read ([`known`]).
    pub created: Option<Timestamp>,
    /// Highlights only.
    pub modified: Option<Timestamp>,
}

/// Where an item is in the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    Found {
        percent: u64,
        section: Option<String>,
    },
    /// No document to look in.
    Unknown,
    Orphan,
}

impl Item {
    pub fn is_orphan(&self) -> bool {
        self.place == Place::Orphan
    }

    /// The note, then `— Speaker` on a line of its own when the highlight is attributed: what
    /// formats without a field for the speaker (Readwise, Clippings, W3C) write as the note.
    pub fn note_and_attribution(&self) -> String {
        match &self.attribution {
            None => self.note.clone(),
            Some(a) if self.note.is_empty() => format!("— {a}"),
            Some(a) => format!("{}\n— {a}", self.note),
        }
    }

    /// Kindle locations of the start and the end.
    pub fn kindle(&self) -> (u64, u64) {
        (
            self.anchor.start / KINDLE_LOCATION + 1,
            self.anchor.end.max(self.anchor.start) / KINDLE_LOCATION + 1,
        )
    }
}

fn prepare(article: &Article<'_>) -> Prepared {
    let record = article.record;
    let line = |s: Option<&String>| {
        s.map(|s| decode::sanitize_line(s).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let doc = article.doc;
    let title = line(record.title.as_ref())
        .or_else(|| line(doc.and_then(|d| d.meta.title.as_ref())))
        .unwrap_or_else(|| "Untitled".to_string());
    let author =
        line(record.author.as_ref()).or_else(|| line(doc.and_then(|d| d.meta.author.as_ref())));
    let path = line(article.path.as_ref()).or_else(|| line(record.paths.last()));
    let url = path.as_deref().and_then(file_url);
    let index = doc.map(Index::new);
    let place = |a: &Anchor, bookmark: bool| match (doc, &index) {
        (Some(d), Some(i)) => locate(d, i, a, bookmark),
        _ => stored(a, Place::Unknown, bookmark),
    };
    let mut highlights: Vec<Item> = record
        .highlights
        .iter()
        .map(|h| {
            let (text, anchor, place, _) = place(&h.anchor, false);
            Item {
                id: decode::sanitize_line(&h.id),
                text,
                note: trim_lines(&decode::sanitize(&h.note)),
                attribution: line(h.attribution.as_ref()),
                anchor,
                place,
                lead: String::new(),
                created: known(h.created),
                modified: known(h.modified),
            }
        })
        .collect();
    let mut bookmarks: Vec<Item> = record
        .bookmarks
        .iter()
        .map(|b| {
            let (text, anchor, place, lead) = place(&b.anchor, true);
            Item {
                id: decode::sanitize_line(&b.id),
                text,
                note: decode::sanitize_line(&b.label).trim().to_string(),
                attribution: None,
                anchor,
                place,
                lead,
                created: known(b.created),
                modified: None,
            }
        })
        .collect();
    reading_order(&mut highlights);
    reading_order(&mut bookmarks);
    Prepared {
        title,
        author,
        path,
        url,
        fingerprint: decode::sanitize_line(&record.fingerprint),
        progress: record.progress.map(|p| p.min(100)),
        highlights,
        bookmarks,
    }
}

/// Text, anchor, place and first words of an item in `doc`.
fn locate(
    doc: &Document,
    index: &Index,
    stored_anchor: &Anchor,
    bookmark: bool,
) -> (String, Anchor, Place, String) {
    let placement = anchor::resolve(doc, index, stored_anchor);
    let Some(range) = placement.range().filter(|_| placement != Placement::Orphan) else {
        return stored(stored_anchor, Place::Orphan, bookmark);
    };
    let fresh = clean_anchor(&anchor::anchor(doc, index, range.clone()));
    let percent = u64::from(crate::progress::percent(range.start.0, doc.text.len()));
    let section = doc
        .section_of(range.start)
        .map(|s| decode::sanitize_line(s).trim().to_string())
        .filter(|s| !s.is_empty());
    let lead = if bookmark {
        let from = range.start.0.min(doc.text.len());
        let mut to = from.saturating_add(LEAD_CHARS * 8).min(doc.text.len());
        while !doc.text.is_char_boundary(to) {
            to -= 1;
        }
        first_words(&decode::sanitize(doc.text.get(from..to).unwrap_or("")))
    } else {
        String::new()
    };
    let text = fresh.exact.clone();
    (text, fresh, Place::Found { percent, section }, lead)
}

/// An item placed by its stored anchor alone.
fn stored(a: &Anchor, place: Place, bookmark: bool) -> (String, Anchor, Place, String) {
    let a = clean_anchor(a);
    let lead = if bookmark {
        first_words(&a.exact)
    } else {
        String::new()
    };
    (a.exact.clone(), a, place, lead)
}

fn clean_anchor(a: &Anchor) -> Anchor {
    Anchor {
        start: a.start,
        end: a.end.max(a.start),
        exact: decode::sanitize(&a.exact),
        prefix: decode::sanitize(&a.prefix),
        suffix: decode::sanitize(&a.suffix),
        original: a.original.as_deref().map(decode::sanitize),
    }
}

/// Found items by position, then orphans by stored offset (unknown places count as found).
fn reading_order(items: &mut [Item]) {
    items.sort_by(|a, b| {
        (
            a.is_orphan(),
            a.anchor.start,
            a.anchor.end,
            &a.created,
            &a.id,
        )
            .cmp(&(
                b.is_orphan(),
                b.anchor.start,
                b.anchor.end,
                &b.created,
                &b.id,
            ))
    });
}

/// Removes blank lines at both ends and trailing white space at the end.
fn trim_lines(s: &str) -> String {
    s.trim_end().trim_start_matches('\n').to_string()
}

/// The first [`LEAD_WORDS`] words of `text` (at most [`LEAD_CHARS`] characters), one line,
/// with "…" when cut.
pub(crate) fn first_words(text: &str) -> String {
    first_n_words(text, LEAD_WORDS, LEAD_CHARS)
}

/// The first `words` words of `text`, at most `chars` characters (a longer first word is
/// cut), one line, "…" when anything was left out.
pub(crate) fn first_n_words(text: &str, words: usize, chars: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    let mut cut = false;
    for (i, w) in text.split_whitespace().enumerate() {
        let sep = usize::from(i > 0);
        let n = w.chars().count();
        if i == words || len + sep + n > chars {
            if i == 0 {
                out = w.chars().take(chars).collect();
            }
            cut = true;
            break;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(w);
        len += sep + n;
    }
    if cut {
        out.push('…');
    }
    out
}

/// `file://` URL of an absolute path (percent-encoded); `None` for a relative one.
pub fn file_url(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    if path.starts_with('/') {
        return Some(format!("file://{}", percent_encode(path)));
    }
    let drive = bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(1) == Some(&b':')
        && matches!(bytes.get(2), Some(b'\\' | b'/'));
    drive.then(|| format!("file:///{}", percent_encode(&path.replace('\\', "/"))))
}

/// Percent-encodes every byte but the unreserved characters, `/` and `:`.
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b':') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stored time, or `None` for one the record could not read: `record::stamp` loads such a
/// time as the epoch, which no real annotation has, and exports treat it as unknown.
pub(crate) fn known(t: Timestamp) -> Option<Timestamp> {
    (t != Timestamp::UNIX_EPOCH).then_some(t)
}

/// The date shapes the exports write, through jiff's strtime formatter: UTC, but the Kindle's
/// in the local time of a zone.
pub(crate) mod dates {
    use crate::record::Timestamp;
    use jiff::fmt::strtime;

    fn format(shape: &str, t: Timestamp) -> String {
        // Every shape below formats any timestamp; an error would leave the date empty.
        strtime::format(shape, t).unwrap_or_default()
    }

    /// A Kindle's "Thursday, 3 December 2026 21:14:05", in `zone` (a Kindle writes the local
    /// time of its own clock, with no zone).
    pub fn kindle(t: Timestamp, zone: &jiff::tz::TimeZone) -> String {
        let local = zone.to_datetime(t);
        strtime::format("%A, %-d %B %Y %H:%M:%S", local).unwrap_or_default()
    }

    /// "2024-01-01 10:00:00" (Readwise).
    pub fn plain(t: Timestamp) -> String {
        format("%Y-%m-%d %H:%M:%S", t)
    }

    /// "2024-01-01 10:00 UTC" (Markdown).
    pub fn human(t: Timestamp) -> String {
        format("%Y-%m-%d %H:%M UTC", t)
    }

    /// An inactive Org timestamp, "[2024-01-01 Mon 10:00]".
    pub fn org(t: Timestamp) -> String {
        format("[%Y-%m-%d %a %H:%M]", t)
    }
}
