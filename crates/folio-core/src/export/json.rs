//! folio's own JSON export, and reading it back.
//!
//! Always one object, whatever the number of articles:
//!
//! ```json
//! { "format": "folio", "version": 1, "exported": "2024-05-01T12:00:00Z",
//!   "articles": [ { …the record, exactly as in articles/<id>.json… } ] }
//! ```
//!
//! `version` is the export's schema version ([`record::VERSION`]); each record keeps its own.
//! Records are written as they are stored (no placement: the anchors are the stored ones,
//! orphans included, so importing gives back the record), every string sanitised first: a
//! record read from disk is already clean and comes back equal. The session brings a record up
//! to date with its text before exporting it (see the module above), so the stored anchors are
//! the places the reader shows, with `original` holding a quote's first words once edited.
//!
//! [`import_json`] reads this object, and also a bare record or an array of records.

use crate::decode::{sanitize, sanitize_line};
use crate::record::{self, Anchor, Record, Timestamp};
use serde::{Deserialize, Serialize};

use super::Article;

/// The `format` field of an export.
pub(crate) const FORMAT: &str = "folio";

#[derive(Serialize)]
struct Export {
    format: &'static str,
    version: u32,
    exported: String,
    articles: Vec<Record>,
}

#[derive(Deserialize)]
struct Import {
    format: String,
    version: u32,
    #[serde(default)]
    articles: Vec<Record>,
}

pub(crate) fn write(articles: &[Article<'_>], now: Timestamp) -> String {
    let export = Export {
        format: FORMAT,
        version: record::VERSION,
        exported: record::format_time(now),
        articles: articles.iter().map(|a| clean_record(a.record)).collect(),
    };
    let mut out = serde_json::to_string_pretty(&export).unwrap_or_else(|e| {
        // Serialising plain structs cannot fail; should it ever, the output still parses.
        serde_json::json!({ "format": FORMAT, "version": record::VERSION, "error": e.to_string() })
            .to_string()
    });
    out.push('\n');
    out
}

/// Reads records back from a JSON export (or a bare record, or an array of records).
pub fn import_json(s: &str) -> Result<Vec<Record>, String> {
    let value: serde_json::Value =
        serde_json::from_str(s).map_err(|e| format!("not valid JSON: {e}"))?;
    let shape = |e: serde_json::Error| format!("not a folio export: {e}");
    match &value {
        serde_json::Value::Array(_) => serde_json::from_value(value).map_err(shape),
        serde_json::Value::Object(map) if map.contains_key("articles") => {
            let import: Import = serde_json::from_value(value).map_err(shape)?;
            if import.format != FORMAT {
                return Err(format!(
                    "not a folio export: the format is '{}'",
                    sanitize_line(&import.format)
                ));
            }
            if import.version > record::VERSION {
                return Err(format!(
                    "this export is version {} and this folio reads up to version {}: update folio",
                    import.version,
                    record::VERSION
                ));
            }
            Ok(import.articles)
        }
        serde_json::Value::Object(_) => serde_json::from_value(value)
            .map(|r| vec![r])
            .map_err(shape),
        _ => Err("not a folio export: expected an object or an array".to_string()),
    }
}

fn line(s: &str) -> String {
    sanitize_line(s)
}

fn clean_anchor(a: &Anchor) -> Anchor {
    Anchor {
        start: a.start,
        end: a.end,
        exact: sanitize(&a.exact),
        prefix: sanitize(&a.prefix),
        suffix: sanitize(&a.suffix),
        original: a.original.as_deref().map(sanitize),
    }
}

/// The record with every string sanitised (identity on a clean record). Fields this module
/// does not know about (added to the record later) are copied as they are.
fn clean_record(r: &Record) -> Record {
    let mut r = r.clone();
    r.fingerprint = line(&r.fingerprint);
    for p in &mut r.paths {
        *p = line(p);
    }
    for s in [&mut r.title, &mut r.author, &mut r.language]
        .into_iter()
        .flatten()
    {
        *s = line(s);
    }
    if let Some(p) = &mut r.position {
        p.anchor = clean_anchor(&p.anchor);
    }
    for b in &mut r.bookmarks {
        b.id = line(&b.id);
        b.label = line(&b.label);
        b.anchor = clean_anchor(&b.anchor);
    }
    for h in &mut r.highlights {
        h.id = line(&h.id);
        h.anchor = clean_anchor(&h.anchor);
        h.note = sanitize(&h.note);
        h.attribution = h.attribution.as_deref().map(line);
    }
    for d in &mut r.deleted {
        *d = line(d);
    }
    r
}
