//! W3C Web Annotation export (JSON-LD, <https://www.w3.org/TR/annotation-model/>).
//!
//! Always one `AnnotationCollection` (the `@context` is on it, once) whose embedded first
//! `AnnotationPage` holds every annotation of every article, each article's in reading order:
//!
//! ```json
//! { "@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:…",
//!   "type": "AnnotationCollection", "label": "Title", "total": 3,
//!   "first": { "id": "urn:uuid:…", "type": "AnnotationPage", "partOf": "urn:uuid:…",
//!     "startIndex": 0, "items": [
//!     { "id": "urn:uuid:…", "type": "Annotation", "motivation": "commenting",
//!       "created": "…", "modified": "…",
//!       "body": { "type": "TextualBody", "value": "the note", "format": "text/plain" },
//!       "target": { "type": "SpecificResource",
//!         "source": "urn:folio:sha256-v1:…", "via": "file:///path/to/article.md",
//!         "selector": [
//!           { "type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…" },
//!           { "type": "TextPositionSelector", "start": 120, "end": 152 } ] } } ] },
//!   "last": "urn:uuid:…" }
//! ```
//!
//! - Ids (model 5.1 and 5.2: exactly one IRI each): with `-o FILE`, the collection is the
//!   file's `file://` URL and its page that URL with `#page1`; otherwise both are `urn:uuid:`s
//!   derived from the fingerprints of the articles exported (version 8, the first half of a
//!   SHA-256), so exporting the same articles again gives the same ids. The page embedded as
//!   `first` is also `last` (by its id), `partOf` names the collection, `startIndex` is 0. An
//!   export without annotations has `total` 0 and no page.
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
//! - Targets are `SpecificResource`s with both selectors: `TextPositionSelector` offsets are
//!   Unicode code points of folio's normalised text of the article (what the reader shows;
//!   another tool's text of the same file may count differently), and the `TextQuoteSelector`
//!   (the quote with 32 characters of context) lets any consumer anchor it again in its own
//!   text. Both describe the current text when the item was found in it (otherwise the stored
//!   anchor). A bookmark's
//!   quote is the text at its position.
//! - Orphans keep their stored selectors and carry `"orphaned": true` (an extension property
//!   that JSON-LD processors ignore).
//! - The collection's `label` is the title for one article, else `folio export (N articles)`.

use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Builder;

use super::{Item, Prepared, percent_encode};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

#[derive(Serialize)]
struct Collection {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Page>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<String>,
}

#[derive(Serialize)]
struct Page {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "partOf")]
    part_of: String,
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
    #[serde(rename = "type")]
    kind: &'static str,
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

pub(crate) fn write(articles: &[Prepared], file_url: Option<&str>) -> String {
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
    let (id, page_id) = ids(articles, file_url);
    let total = items.len();
    let first = (total > 0).then(|| Page {
        id: page_id.clone(),
        kind: "AnnotationPage",
        part_of: id.clone(),
        start_index: 0,
        items,
    });
    let collection = Collection {
        context: CONTEXT,
        id,
        kind: "AnnotationCollection",
        label,
        total,
        last: first.as_ref().map(|_| page_id),
        first,
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

/// The collection's id and its one page's: the file's URL and that URL with `#page1`, else
/// `urn:uuid:`s derived from the fingerprints of the articles exported (the same articles give
/// the same ids, whenever and wherever exported).
fn ids(articles: &[Prepared], file_url: Option<&str>) -> (String, String) {
    if let Some(url) = file_url {
        return (url.to_string(), format!("{url}#page1"));
    }
    let uuid = |what: &str| {
        let mut hasher = Sha256::new();
        hasher.update(format!("folio w3c {what}\n"));
        for a in articles {
            hasher.update(a.fingerprint.as_bytes());
            hasher.update(b"\n");
        }
        let digest = hasher.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(digest.get(..16).unwrap_or(&[0; 16]));
        // Version 8 (custom): the first half of a SHA-256, as RFC 9562 shows for name-based ids.
        format!("urn:uuid:{}", Builder::from_custom_bytes(bytes).into_uuid())
    };
    (uuid("collection"), uuid("page"))
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
            kind: "SpecificResource",
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
