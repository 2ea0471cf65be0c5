//! W3C Web Annotation export (JSON-LD, <https://www.w3.org/TR/annotation-model/>).
//!
//! Always one `AnnotationCollection` (the `@context` is on it, once) whose embedded first
//! `AnnotationPage` holds every annotation of every article, each article's in reading order:
//!
//! ```json
//! { "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
//!   "label": "Title", "total": 3,
//!   "first": { "type": "AnnotationPage", "startIndex": 0, "items": [
//!     { "id": "urn:uuid:…", "type": "Annotation", "motivation": "commenting",
//!       "created": "…", "modified": "…",
//!       "body": { "type": "TextualBody", "value": "the note", "format": "text/plain" },
//!       "target": {
//!         "source": "urn:folio:sha256-v1:…", "via": "file:///path/to/article.md",
//!         "selector": [
//!           { "type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…" },
//!           { "type": "TextPositionSelector", "start": 120, "end": 152 } ] } } ] } }
//! ```
//!
//! - `motivation`: `highlighting` (a highlight without a note), `commenting` (with a note, the
//!   note as the body), `bookmarking` (a bookmark; its label, if any, as the body).
//! - A highlight made from a quotation: the body's text ends with a `— Speaker` line (the
//!   body alone when there is no note; the motivation stays `highlighting`). No `creator`: that
//!   would claim the speaker wrote the annotation.
//! - `id`: `urn:uuid:` and the item's UUID (another id: `urn:folio:id:` percent-encoded).
//! - `target.source`: the article's content hash as a URN, `urn:folio:` + the record's
//!   fingerprint (percent-encoded), so the target names the text whatever its file is called
//!   (a record without a fingerprint: the file URL, else `urn:folio:unknown`);
//!   `target.via`: where the text was read from, a `file://` URL, when the path is absolute.
//! - Selectors: code-point offsets and the quote with 32 characters of context, over the
//!   current text when the item was found in it (otherwise the stored anchor). A bookmark's
//!   quote is the text at its position.
//! - Orphans keep their stored selectors and carry `"orphaned": true` (an extension property
//!   that JSON-LD processors ignore).
//! - The collection's `label` is the title for one article, else `folio export (N articles)`.

use serde::Serialize;

use super::{Item, Prepared, percent_encode};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

#[derive(Serialize)]
struct Collection {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: Page,
}

#[derive(Serialize)]
struct Page {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation>,
}

#[derive(Serialize)]
struct Annotation {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    created: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Body>,
    target: Target,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    orphaned: bool,
}

#[derive(Serialize)]
struct Body {
    #[serde(rename = "type")]
    kind: &'static str,
    value: String,
    format: &'static str,
}

#[derive(Serialize)]
struct Target {
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<String>,
    selector: [Selector; 2],
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector {
    TextQuoteSelector {
        exact: String,
        prefix: String,
        suffix: String,
    },
    TextPositionSelector {
        start: u64,
        end: u64,
    },
}

pub(crate) fn write(articles: &[Prepared]) -> String {
    let mut items = Vec::new();
    for a in articles {
        let source = match (a.fingerprint.is_empty(), &a.url) {
            (false, _) => format!("urn:folio:{}", percent_encode(&a.fingerprint)),
            (true, Some(url)) => url.clone(),
            (true, None) => "urn:folio:unknown".to_string(),
        };
        let mut all: Vec<(&Item, bool)> = a
            .highlights
            .iter()
            .map(|h| (h, true))
            .chain(a.bookmarks.iter().map(|b| (b, false)))
            .collect();
        all.sort_by_key(|(item, _)| (item.is_orphan(), item.anchor.start));
        for (item, highlight) in all {
            items.push(annotation(item, highlight, &source, a.url.as_deref()));
        }
    }
    let label = match articles {
        [one] => one.title.clone(),
        _ => format!("folio export ({} articles)", articles.len()),
    };
    let collection = Collection {
        context: CONTEXT,
        kind: "AnnotationCollection",
        label,
        total: items.len(),
        first: Page {
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    let mut out = serde_json::to_string_pretty(&collection).unwrap_or_else(|e| {
        // Serialising plain structs cannot fail; should it ever, the output still parses.
        serde_json::json!({ "@context": CONTEXT, "type": "AnnotationCollection",
            "error": e.to_string() })
        .to_string()
    });
    out.push('\n');
    out
}

fn annotation(item: &Item, highlight: bool, source: &str, via: Option<&str>) -> Annotation {
    let motivation = match (highlight, item.note.is_empty()) {
        (false, _) => "bookmarking",
        (true, true) => "highlighting",
        (true, false) => "commenting",
    };
    let text = item.note_and_attribution();
    let body = (!text.is_empty()).then_some(Body {
        kind: "TextualBody",
        value: text,
        format: "text/plain",
    });
    let id = match uuid::Uuid::parse_str(&item.id) {
        Ok(u) => format!("urn:uuid:{}", u.hyphenated()),
        Err(_) => format!("urn:folio:id:{}", percent_encode(&item.id)),
    };
    let a = &item.anchor;
    Annotation {
        id,
        kind: "Annotation",
        motivation,
        created: item
            .created
            .map(crate::record::format_time)
            .unwrap_or_default(),
        modified: item
            .modified
            .map(crate::record::format_time)
            .unwrap_or_default(),
        body,
        target: Target {
            source: source.to_string(),
            via: via.map(str::to_string),
            selector: [
                Selector::TextQuoteSelector {
                    exact: a.exact.clone(),
                    prefix: a.prefix.clone(),
                    suffix: a.suffix.clone(),
                },
                Selector::TextPositionSelector {
                    start: a.start,
                    end: a.end,
                },
            ],
        },
        orphaned: item.is_orphan(),
    }
}
