//! Org export: a subtree per article, a heading per highlight and bookmark.
//!
//! ```text
//! * Title
//! :PROPERTIES:
//! :AUTHOR: …
//! :SOURCE: /path/to/article.md
//! :PROGRESS: 56%            (how far the reader got, as the status line said)
//! :EXPORTED: [2024-05-01 Wed 12:00]
//! :END:
//! ** Highlights
//! *** “The first eight words of the quote…”
//! :PROPERTIES:
//! :FOLIO_ID: <uuid>
//! :LOCATION: 12%            (or "not found in the current text", "unknown")
//! :SECTION: Section heading
//! :ATTRIBUTION: Li Qiang     (a highlight made from a quotation whose speaker is known)
//! :CREATED: [2024-01-01 Mon 10:00]
//! :END:
//! #+BEGIN_QUOTE
//! the quote
//! #+END_QUOTE
//!
//! the note, as a paragraph
//! ** Bookmarks
//! *** Bookmark “Label”       (or "Bookmark at 34%")
//! :PROPERTIES: … :END:
//! the first words of the page
//! ```
//!
//! The id property is `FOLIO_ID`, not `ID`, so exporting twice into one agenda does not make
//! org-id report duplicates.
//!
//! Escaping: inside the quote block and in notes, a line whose first non-blank characters
//! (after any commas) are `*`, `#` or `:` gets a comma before them, as Org escapes `*` and `#+`
//! in blocks; so no line of the text becomes a heading, ends the block, hides as a comment or
//! opens a drawer. Headings made from text are quoted in “ ” (so they can neither start with a
//! TODO keyword or priority nor end in tags); a title that could be read that way is quoted too.
//! Property values are single lines.

use super::{Item, ORPHANED, Place, Prepared, dates, first_n_words};
use crate::record::Timestamp;

/// Words of a quote shown in its heading.
const HEADING_WORDS: usize = 8;
const HEADING_CHARS: usize = 60;

pub(crate) fn write(articles: &[Prepared], now: Timestamp) -> String {
    let mut out = String::new();
    for a in articles {
        article(&mut out, a, now);
    }
    out
}

fn article(out: &mut String, a: &Prepared, now: Timestamp) {
    out.push_str(&format!("* {}\n:PROPERTIES:\n", title_heading(&a.title)));
    if let Some(author) = &a.author {
        property(out, "AUTHOR", author);
    }
    if let Some(path) = &a.path {
        property(out, "SOURCE", path);
    }
    if let Some(p) = a.progress {
        property(out, "PROGRESS", &format!("{p}%"));
    }
    let date = dates::org(now);
    property(out, "EXPORTED", &date);
    out.push_str(":END:\n");

    if !a.highlights.is_empty() {
        out.push_str("** Highlights\n");
        for h in &a.highlights {
            let words = first_n_words(&h.text, HEADING_WORDS, HEADING_CHARS);
            out.push_str(&format!("*** “{words}”\n"));
            properties(out, h);
            out.push_str("#+BEGIN_QUOTE\n");
            body(out, &h.text);
            out.push_str("#+END_QUOTE\n");
            if !h.note.is_empty() {
                out.push('\n');
                body(out, &h.note);
            }
        }
    }

    if !a.bookmarks.is_empty() {
        out.push_str("** Bookmarks\n");
        for b in &a.bookmarks {
            let heading = match (&b.note, &b.place) {
                (label, _) if !label.is_empty() => format!("Bookmark “{label}”"),
                (_, Place::Found { percent, .. }) => format!("Bookmark at {percent}%"),
                _ => "Bookmark".to_string(),
            };
            out.push_str(&format!("*** {heading}\n"));
            properties(out, b);
            if !b.lead.is_empty() {
                body(out, &b.lead);
            }
        }
    }
}

fn properties(out: &mut String, item: &Item) {
    out.push_str(":PROPERTIES:\n");
    property(out, "FOLIO_ID", &item.id);
    match &item.place {
        Place::Found { percent, section } => {
            property(out, "LOCATION", &format!("{percent}%"));
            if let Some(s) = section {
                property(out, "SECTION", s);
            }
        }
        Place::Orphan => property(out, "LOCATION", ORPHANED),
        Place::Unknown => property(out, "LOCATION", "unknown"),
    }
    if let Some(a) = &item.attribution {
        property(out, "ATTRIBUTION", a);
    }
    if let Some(t) = item.created {
        property(out, "CREATED", &dates::org(t));
    }
    out.push_str(":END:\n");
}

/// `:NAME: value` on one line (values are single lines already; any line break becomes a
/// space to be sure).
fn property(out: &mut String, name: &str, value: &str) {
    let value = value.replace('\n', " ");
    let value = value.trim();
    if value.is_empty() {
        out.push_str(&format!(":{name}:\n"));
    } else {
        out.push_str(&format!(":{name}: {value}\n"));
    }
}

/// Writes text lines (blank lines at both ends dropped), each escaped.
fn body(out: &mut String, text: &str) {
    for line in text.trim_matches('\n').split('\n') {
        out.push_str(&escape_line(line));
        out.push('\n');
    }
}

/// Puts a comma before a line's first non-blank characters when they (after any commas) are
/// `*`, `#` or `:`.
pub(crate) fn escape_line(line: &str) -> String {
    let rest = line.trim_start_matches([' ', '\t']);
    let indent = line.len() - rest.len();
    if rest.trim_start_matches(',').starts_with(['*', '#', ':']) {
        let (head, tail) = line.split_at(indent);
        format!("{head},{tail}")
    } else {
        line.to_string()
    }
}

/// The article's heading text: as it is, or in “ ” when Org could read part of it as a TODO
/// keyword, a priority, `COMMENT` or tags.
fn title_heading(title: &str) -> String {
    let first = title.split_whitespace().next().unwrap_or("");
    let keyword = first.len() >= 2 && first.chars().all(|c| c.is_ascii_uppercase());
    if keyword || title.starts_with("[#") || title.trim_end().ends_with(':') {
        format!("“{title}”")
    } else {
        title.to_string()
    }
}
