//! Readwise CSV export (Readwise's "CSV upload"): one header, then a row per highlight of every
//! article, in reading order.
//!
//! ```text
//! Highlight,Title,Author,URL,Note,Location,Date
//! the quote,Title,Author,,the note,1,2024-01-01 10:00:00
//! ```
//!
//! - `Location`: the Kindle-style location of the highlight's start (`start / 150 + 1`, code
//!   points), so Readwise sorts highlights in reading order; `Date`: `created` as
//!   `YYYY-MM-DD HH:MM:SS` UTC (empty if unparseable); `URL`: the web address of an article read
//!   from the web; empty for local files (Readwise would link to a `file://` URL that opens
//!   nowhere) and for standard input; `Author` empty when unknown.
//! - A highlight made from a quotation: `— Speaker` on the note's last line (the note column,
//!   not `Author`, which Readwise reads as the author of the whole article).
//! - Orphans: the saved quote, and the note ends with `(not found in the current text)`.
//! - Bookmarks are not exported: Readwise has nothing to hold them.
//!
//! RFC 4180: records end with CRLF; a field containing `,`, `"`, a line break or a leading or
//! trailing space is quoted, with `"` doubled; line breaks inside quotes and notes stay `\n`.
//! Formula guard: a field starting with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`,
//! so spreadsheets show it as text instead of running it.

use super::{ORPHANED, Prepared, dates};

const HEADER: [&str; 7] = [
    "Highlight",
    "Title",
    "Author",
    "URL",
    "Note",
    "Location",
    "Date",
];

pub(crate) fn write(articles: &[Prepared]) -> String {
    let mut out = String::new();
    row(&mut out, &HEADER);
    for a in articles {
        let author = a.author.as_deref().unwrap_or("");
        // Readwise links a highlight to its URL: only an article read from the web has one
        // (none yet; fetching is issue 16). A local file's `file://` URL would open nowhere.
        let url = "";
        for h in &a.highlights {
            let own = h.note_and_attribution();
            let note = match (h.is_orphan(), own.is_empty()) {
                (false, _) => own,
                (true, true) => format!("({ORPHANED})"),
                (true, false) => format!("{own} ({ORPHANED})"),
            };
            let location = h.kindle().0.to_string();
            let date = h.created.map(dates::plain).unwrap_or_default();
            row(
                &mut out,
                &[&h.text, &a.title, author, url, &note, &location, &date],
            );
        }
    }
    out
}

fn row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(f));
    }
    out.push_str("\r\n");
}

/// One field, formula-guarded and quoted when it needs to be.
pub(crate) fn field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    let quote = guarded.contains([',', '"', '\n', '\r'])
        || guarded.starts_with(' ')
        || guarded.ends_with(' ');
    if quote {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
