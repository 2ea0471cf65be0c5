//! Kindle `My Clippings.txt` export, the format most note tools import from e-readers.
//!
//! ```text
//! Title (Author)
//! - Your Highlight on Location 12-13 | Added on Monday, 1 January 2024 10:00:00
//!
//! the quote
//! ==========
//! Title (Author)
//! - Your Note on Location 13 | Added on Monday, 1 January 2024 10:05:00
//!
//! the note
//! ==========
//! Title (Unknown)
//! - Your Bookmark on Location 40 | Added on Monday, 1 January 2024 10:10:00
//!
//! the label (empty when none, as on a Kindle)
//! ==========
//! ```
//!
//! Entries are in reading order, bookmarks among the highlights. A highlight's note comes
//! directly after it (parsers pair a note with the highlight before it), as its own entry at
//! the highlight's end location. A highlight made from a quotation has a note entry ending in
//! `— Speaker` (the note entry is made for it when there is no note). An orphan's note entry
//! ends with `(not found in the current text)`; an orphan without a note gets a note entry
//! saying just that.
//!
//! The title line is always `Title (Author)`, `Title (Unknown)` when the article names no
//! author, as a Kindle writes it (parsers take the last parenthesised group as the author, so
//! parentheses inside the author are written as brackets: `(A. Writer [ed.])`).
//! Dates are local time in the zone the export is given ([`super::Options`]; the system's for
//! `folio export`), in the shape of a Kindle set to English outside the US: `Thursday,
//! 3 December 2026 21:14:05` (24-hour clock, no zone).
//! Line ends are `\n`, with no byte order mark (the importers we know accept both). A date
//! that does not parse becomes the export date: importers need one.
//!
//! Escaping: a run of ten or more `=` anywhere (title, quote, note) is written with a space
//! between its signs (`= = = …`), so nothing but the separator contains `==========`, for
//! importers that split on the string as well as for those that split on the line. Blank lines
//! inside a quote or note are dropped (a blank line belongs to the entry's structure), other
//! line breaks kept.

use super::{Item, ORPHANED, Prepared, dates};
use crate::record::{TimeZone, Timestamp};

const SEPARATOR: &str = "==========";

/// The author on the title line when the article names none, as a Kindle writes it.
const UNKNOWN: &str = "Unknown";

pub(crate) fn write(articles: &[Prepared], now: Timestamp, zone: &TimeZone) -> String {
    let mut out = String::new();
    for a in articles {
        // Parentheses inside the author would end the group parsers read as the author.
        let author = a.author.as_deref().unwrap_or(UNKNOWN).replace('(', "[");
        let title = guard(&format!("{} ({})", a.title, author.replace(')', "]")));
        let mut items: Vec<(&Item, bool)> = a
            .highlights
            .iter()
            .map(|h| (h, true))
            .chain(a.bookmarks.iter().map(|b| (b, false)))
            .collect();
        // Both lists are in reading order already; merge them (stable: highlights first).
        items.sort_by_key(|(item, _)| (item.is_orphan(), item.anchor.start));
        for (item, highlight) in items {
            let (start, end) = item.kindle();
            // A time that could not be read: the export date.
            let date = |t: Option<Timestamp>| Some(dates::kindle(t.unwrap_or(now), zone));
            if !highlight {
                let label = guard(&item.note);
                entry(
                    &mut out,
                    &title,
                    "Bookmark",
                    &start.to_string(),
                    date(item.created),
                    &label,
                );
                continue;
            }
            let text = body(&item.text);
            entry(
                &mut out,
                &title,
                "Highlight",
                &format!("{start}-{end}"),
                date(item.created),
                &text,
            );
            let own = item.note_and_attribution();
            let note = match (own.is_empty(), item.is_orphan()) {
                (true, false) => continue,
                (true, true) => format!("({ORPHANED})"),
                (false, false) => body(&own),
                (false, true) => format!("{} ({ORPHANED})", body(&own)),
            };
            let when = date(item.modified);
            entry(&mut out, &title, "Note", &end.to_string(), when, &note);
        }
    }
    out
}

fn entry(
    out: &mut String,
    title: &str,
    kind: &str,
    location: &str,
    date: Option<String>,
    text: &str,
) {
    out.push_str(title);
    out.push_str(&format!("\n- Your {kind} on Location {location}"));
    if let Some(date) = date {
        out.push_str(&format!(" | Added on {date}"));
    }
    out.push_str("\n\n");
    out.push_str(text);
    out.push('\n');
    out.push_str(SEPARATOR);
    out.push('\n');
}

/// A quote or note: blank lines dropped, `=` runs guarded.
fn body(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').filter(|l| !l.trim().is_empty()).collect();
    guard(&lines.join("\n"))
}

/// Writes every run of ten or more `=` with spaces between its signs.
pub(crate) fn guard(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('=') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let tail = rest.get(at..).unwrap_or("");
        let run = tail.len() - tail.trim_start_matches('=').len();
        if run >= SEPARATOR.len() {
            out.push_str(&vec!["="; run].join(" "));
        } else {
            out.push_str(tail.get(..run).unwrap_or(""));
        }
        rest = tail.get(run..).unwrap_or("");
    }
    out.push_str(rest);
    out
}
