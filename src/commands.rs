//! The command-line verbs beside reading: `folio export`, `folio list` and `folio outline`.
//! They read the store and articles (through the [`session`], which opens them and finds
//! their records) and write text; the binary only parses arguments and turns errors into exit
//! codes. Must not depend on ratatui or crossterm.

use crate::document::Document;
use crate::export::Format;
use crate::layout::{Layout, LayoutOptions};
use crate::library::STANDARD_INPUT;
use crate::open;
use crate::outline::{self, Heading};
use crate::session::{self, Exportable, Session, SessionError};
use crate::store::Store;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file name an export of one article gets (the session picks it).
pub use crate::session::file_name;

/// Why a command could not do its work; messages are for the reader.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Open(#[from] open::OpenError),
    #[error("nothing to export: name an article, or use --all")]
    NothingToExport,
    #[error("folio knows no articles yet: open one with 'folio ARTICLE' first")]
    NoRecords,
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// `folio export`: the named articles (or all folio knows) in one format, to `out` or stdout.
pub fn export_cmd(
    session: &Session,
    articles: &[PathBuf],
    all: bool,
    format: Format,
    out: Option<&Path>,
    stdout: &mut impl Write,
) -> Result<(), CommandError> {
    let mut opened: Vec<Exportable> = Vec::new();
    for path in articles {
        opened.push(session.exportable(path)?);
    }
    if all {
        let known = session.known();
        if known.is_empty() && opened.is_empty() {
            return Err(CommandError::NoRecords);
        }
        opened.extend(known);
    }
    if opened.is_empty() {
        return Err(CommandError::NothingToExport);
    }
    let text = session::export_text_to(format, &opened, out);
    match out {
        Some(path) => Ok(session::write_file(path, text.as_bytes())?),
        None => {
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// One line of `folio list --json`.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    title: &'a str,
    author: Option<&'a str>,
    progress: Option<u8>,
    highlights: usize,
    bookmarks: usize,
    last_opened: Option<String>,
    path: Option<&'a str>,
    missing: bool,
}

/// `folio list`: the articles folio knows, most recently opened first.
pub fn list_cmd(store: &Store, json: bool, out: &mut impl Write) -> Result<(), CommandError> {
    let records = store.all();
    let listed: Vec<Listed<'_>> = records
        .iter()
        .map(|r| {
            let path = r.paths.last().map(String::as_str);
            Listed {
                title: r.title.as_deref().unwrap_or("Untitled"),
                author: r.author.as_deref(),
                progress: r.progress,
                highlights: r.highlights.len(),
                bookmarks: r.bookmarks.len(),
                last_opened: r.last_opened.map(crate::record::format_time),
                path,
                // An article read from standard input has no file to miss.
                missing: path.is_some_and(|p| !Path::new(p).exists()),
            }
        })
        .collect();
    if json {
        let text = serde_json::to_string_pretty(&listed).map_err(std::io::Error::other)?;
        writeln!(out, "{}", inert_json(&text))?;
        return Ok(());
    }
    if listed.is_empty() {
        writeln!(
            out,
            "folio knows no articles yet: open one with 'folio ARTICLE'"
        )?;
        return Ok(());
    }
    for l in &listed {
        let title = crate::decode::sanitize_line(l.title);
        let author = l
            .author
            .map(|a| format!(" ({})", crate::decode::sanitize_line(a)))
            .unwrap_or_default();
        let progress = l
            .progress
            .map_or_else(|| "  -".to_string(), |p| format!("{p:>3}%"));
        // The date, as `YYYY-MM-DD`; a record is data from disk, so sanitised like the rest.
        let opened = l
            .last_opened
            .as_deref()
            .map(|d| {
                crate::decode::sanitize_line(d)
                    .chars()
                    .take(10)
                    .collect::<String>()
            })
            .unwrap_or_default();
        let path = l
            .path
            .map_or_else(|| STANDARD_INPUT.to_string(), crate::decode::sanitize_line);
        let missing = if l.missing { " (missing)" } else { "" };
        let count = |n: usize, one: &str| {
            if n == 1 {
                format!("{n:>3} {one} ")
            } else {
                format!("{n:>3} {one}s")
            }
        };
        writeln!(
            out,
            "{progress}  {}  {}  {opened}  {title}{author}  {path}{missing}",
            count(l.highlights, "highlight"),
            count(l.bookmarks, "bookmark")
        )?;
    }
    Ok(())
}

/// `folio outline`: the article's title and headings, one `level<TAB>page<TAB>heading` line
/// each, the pages (1-based) those of a layout with `opts` (the reader's, at a terminal size:
/// [`crate::app::reading_layout`]). Level 0 is the title. No headings: nothing is written.
pub fn outline_cmd(
    doc: Arc<Document>,
    opts: LayoutOptions,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let mut layout = Layout::new(Arc::clone(&doc), opts);
    for heading in outline::headings(&doc, &mut layout) {
        writeln!(out, "{}", outline_line(&heading))?;
    }
    out.flush()?;
    Ok(())
}

/// One line of `folio outline`. The heading is one line of clean text: tabs and line breaks
/// are spaces, so they cannot add a field or a line (the text is sanitised already; once more
/// costs little and keeps the format safe whatever the document holds).
fn outline_line(heading: &Heading) -> String {
    format!(
        "{}\t{}\t{}",
        heading.level,
        heading.page + 1,
        crate::decode::sanitize_line(&heading.title)
    )
}

/// JSON that is safe to print to a terminal and still says exactly the same: serde_json
/// escapes C0 controls (`\u001b`) but writes C1 controls (U+009B is CSI to some terminals),
/// DEL, bidi controls, the BOM and the line separators as they are. Outside strings JSON is
/// ASCII, so each of them can only be inside a string, where `\uXXXX` means the same
/// character: scripts reading `folio list --json` get the exact paths and titles back.
fn inert_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if crate::decode::is_forbidden(c) || matches!(c, '\u{2028}' | '\u{2029}') {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;
    use crate::store::{Paths, Store};

    fn store_with(record: &Record) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::new(Some(Paths {
            root: dir.path().to_path_buf(),
        }));
        store.save(record).unwrap_or_else(|e| panic!("{e}"));
        (dir, store)
    }

    fn listed(store: &Store, json: bool) -> String {
        let mut out = Vec::new();
        list_cmd(store, json, &mut out).unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A tab or a line break in a heading would add a field or a line: they are spaces.
    #[test]
    fn an_outline_line_has_three_fields_whatever_the_heading() {
        let heading = Heading {
            title: "One\ttwo\nthree\r\nfour\u{2028}five \u{1b}[2Jsix".into(),
            level: 2,
            pos: crate::document::TextPos(0),
            page: 4,
        };
        let line = outline_line(&heading);
        assert_eq!(line.split('\t').collect::<Vec<_>>().len(), 3, "{line:?}");
        assert!(line.starts_with("2\t5\tOne two three"), "{line:?}");
        assert!(
            !line.contains(['\n', '\r', '\u{1b}', '\u{2028}']),
            "{line:?}"
        );
    }

    const HOSTILE: &str =
        "\u{1b}[2J\u{9b}5;5H\u{9d}0;evil\u{9c}\u{202e}rev\u{2066}\u{7f}\u{feff}\u{85}x";

    /// Regression (issue 9): `folio list --json` wrote C1 controls, DEL and bidi overrides
    /// from a record's title and path (a file name may hold them) raw: serde_json escapes only
    /// C0. They are `\u` escapes now, and the JSON still reads back to the same strings.
    #[test]
    fn list_json_escapes_c1_and_bidi_controls() {
        let mut r = Record::new("fp".into());
        r.title = Some(format!("title {HOSTILE}"));
        r.author = Some(format!("author {HOSTILE}"));
        r.paths.push(format!("/tmp/name {HOSTILE}.md"));
        let (_dir, store) = store_with(&r);
        let out = listed(&store, true);
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| c != '\n' && (c.is_control() || crate::decode::is_forbidden(c)))
            .collect();
        assert!(bad.is_empty(), "{bad:?} in {out}");
        let back: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert_eq!(back[0]["title"], format!("title {HOSTILE}"));
        assert_eq!(back[0]["path"], format!("/tmp/name {HOSTILE}.md"));
    }

    /// Regression (issue 9): `folio list` printed a record's `last_opened` unsanitised (the
    /// first 10 bytes, or the whole value when byte 10 was not a character boundary).
    #[test]
    fn list_sanitises_the_last_opened_date() {
        for opened in [
            HOSTILE.to_string(),
            format!("é{HOSTILE}"),
            "2024-05-01T12:00:00Z".into(),
        ] {
            // Read as a record file holds it (a time that does not parse reads as unknown).
            let json = serde_json::json!({"version": 1, "fingerprint": "fp", "title": "Title", "last_opened": opened});
            let r: Record = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
            let (_dir, store) = store_with(&r);
            let out = listed(&store, false);
            assert!(
                !out.chars()
                    .any(|c| c != '\n' && crate::decode::is_forbidden(c)),
                "{opened:?}: {out:?}"
            );
            if opened.starts_with("2024") {
                assert!(out.contains("  2024-05-01  Title"), "{out:?}");
            }
        }
    }
}
