//! Exports end to end: a golden snapshot per format for a sample article (highlights with and
//! without notes, one across a paragraph break, two made from a quotation with its speaker,
//! bookmarks with and without a label, an orphan),
//! the machine-readable formats read back (Readwise CSV with a real CSV reader, JSON re-imported,
//! W3C checked against the model's field names), and a hostile highlight in every format.

use folio::anchor::{self, Index};
use folio::decode::{is_forbidden, sanitize, sanitize_line};
use folio::document::{BlockKind, Document, DocumentBuilder, Meta, TextPos};
use folio::export::{Article, Format, import_json};
use folio::record::{Anchor, Bookmark, Highlight, Record};
use folio::samples::SAMPLES;
use folio::store;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

const NOW: &str = "2024-05-01T12:00:00Z";

/// [`folio::export::export`] in UTC, whatever the machine's zone (the Kindle's dates are local).
fn export(format: Format, articles: &[Article<'_>], now: &folio::record::Timestamp) -> String {
    let options = folio::export::Options::utc();
    folio::export::export_with(format, articles, now, &options)
}

/// A time as a record stores it.
fn time(s: &str) -> folio::record::Timestamp {
    folio::record::parse_time(s).unwrap_or_default()
}
const PATH: &str = "/home/reader/Saved Articles/essay.md";

fn id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// The byte range of the first occurrence of `needle` in the document's text.
fn find(doc: &Document, needle: &str) -> std::ops::Range<TextPos> {
    let at = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the sample"));
    TextPos(at)..TextPos(at + needle.len())
}

fn highlight(n: u32, anchor: Anchor, note: &str, created: &str) -> Highlight {
    Highlight {
        attribution: None,
        id: id(n),
        anchor,
        note: note.to_string(),
        created: time(created),
        modified: time(created),
    }
}

/// The essay sample with five highlights (one across a paragraph break, one starting with `+`,
/// one with straight quotes), an orphan, and two bookmarks.
fn sample() -> (Document, Record) {
    let doc = SAMPLES[0].document();
    let index = Index::new(&doc);
    let a = |needle: &str| anchor::anchor(&doc, &index, find(&doc, needle));
    let mut r = Record::new(store::fingerprint(SAMPLES[0].text));
    r.paths.push(PATH.to_string());
    r.title = doc.meta.title.clone();
    r.author = doc.meta.author.clone();
    r.words = doc.word_count() as u64;
    r.highlights = vec![
        highlight(1, a("a clock with one hand"), "", "2024-01-01T10:00:00Z"),
        highlight(
            2,
            a("nobody in Saltmere seems to agree on what time it is"),
            "Compare the ferry timetable.",
            "2024-01-01T13:05:09Z",
        ),
        highlight(
            3,
            a(r#"The baker opens "on the ebb", which means"#),
            "Bakers, ferries, bells: all on tide time.",
            "2024-01-02T08:00:00Z",
        ),
        highlight(
            4,
            a("the barrel was delivered first.\n\nAskew's great insight, if we can call it that"),
            "Two paragraphs at once.\nAnd a second line of note.",
            "2024-01-03T23:59:59Z",
        ),
        highlight(5, a("+6 min, wind SW"), "", "2024-02-29T00:30:00Z"),
        // Made from the Quotes tab: the quotation's speaker kept, with and without a note.
        Highlight {
            attribution: Some("Ambrose Trill".into()),
            ..highlight(
                9,
                a("A timetable tells you what is supposed to happen."),
                "",
                "2024-03-01T09:00:00Z",
            )
        },
        Highlight {
            attribution: Some("Ambrose Trill".into()),
            ..highlight(
                10,
                a(
                    "I think that's a healthier arrangement than trusting a number you never look at.",
                ),
                "Trust, but check.",
                "2024-03-01T09:05:00Z",
            )
        },
        highlight(
            6,
            Anchor {
                start: 5000,
                end: 5049,
                exact: "The lighthouse keeper kept a goat named Tuesday.".into(),
                prefix: "which the harbour master denies. ".into(),
                suffix: " Nobody remembers why.".into(),
                original: None,
            },
            "Was this cut from the article?",
            "2024-01-04T09:15:00Z",
        ),
    ];
    let bookmark = |n: u32, needle: &str, label: &str, created: &str| Bookmark {
        id: id(n),
        label: label.to_string(),
        anchor: anchor::position(&doc, &index, find(&doc, needle).start),
        created: time(created),
    };
    r.bookmarks = vec![
        bookmark(
            7,
            "Marr’s ledger is kinder reading",
            "Marr's ledger",
            "2024-01-05T18:00:00Z",
        ),
        bookmark(
            8,
            "Modern Saltmere does not need",
            "",
            "2024-01-06T07:30:00Z",
        ),
    ];
    (doc, r)
}

fn sample_export(format: Format) -> String {
    let (doc, record) = sample();
    let article = Article {
        record: &record,
        doc: Some(&doc),
        path: Some(PATH.to_string()),
    };
    export(format, &[article], &time(NOW))
}

fn assert_clean(out: &str, allow_crlf: bool) {
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if allow_crlf && c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        assert!(!is_forbidden(c), "forbidden {c:?} in export:\n{out}");
    }
}

// --- golden snapshots ---

/// Every format of the sample, clean and as in its snapshot (Readwise's CSV may end its lines
/// with CRLF).
#[test]
fn golden_exports() {
    for (format, name, crlf) in [
        (Format::Markdown, "markdown", false),
        (Format::Json, "json", false),
        (Format::W3c, "w3c", false),
        (Format::Readwise, "readwise", true),
        (Format::Clippings, "clippings", false),
        (Format::Org, "org", false),
    ] {
        let out = sample_export(format);
        assert_clean(&out, crlf);
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn golden_markdown_without_the_text_and_two_articles() {
    // The second article's file could not be opened: stored anchors, location unknown.
    let (doc, record) = sample();
    let mut other = Record::new("sha256-v1:00000000000000000000000000000000".into());
    other.title = None;
    other.highlights = record.highlights[..2].to_vec();
    other.bookmarks = record.bookmarks[..1].to_vec();
    let articles = [
        Article {
            record: &record,
            doc: Some(&doc),
            path: None,
        },
        Article {
            record: &other,
            doc: None,
            path: Some("notes/untitled.txt".into()),
        },
    ];
    let out = export(Format::Markdown, &articles, &time(NOW));
    insta::assert_snapshot!("markdown_two_articles", out);
}

// --- read back ---

#[test]
fn readwise_csv_parses_back_to_the_original_fields() {
    let (doc, record) = sample();
    let out = sample_export(Format::Readwise);
    let rows = read_csv(&out);
    let header: Vec<&str> = "Highlight,Title,Author,URL,Note,Location,Date"
        .split(',')
        .collect();
    assert_eq!(rows[0], header);
    let data = &rows[1..];
    assert_eq!(data.len(), record.highlights.len());
    let index = Index::new(&doc);
    for h in &record.highlights {
        let placed = anchor::resolve(&doc, &index, &h.anchor).range();
        let text = match &placed {
            Some(r) => doc.text[r.start.0..r.end.0].to_string(),
            None => h.anchor.exact.clone(),
        };
        let row = data
            .iter()
            .find(|row| unguard(&row[0]) == text)
            .unwrap_or_else(|| panic!("no row for {text:?}"));
        assert_eq!(row[1], "The Tide Clocks of Saltmere");
        assert_eq!(row[2], "Honora Vell");
        // A local file: no URL (Readwise links only articles from the web).
        assert_eq!(row[3], "");
        // The speaker of a quotation on the note's last line.
        let own = match (&h.attribution, h.note.is_empty()) {
            (None, _) => h.note.clone(),
            (Some(a), true) => format!("— {a}"),
            (Some(a), false) => format!("{}\n— {a}", h.note),
        };
        if placed.is_some() {
            assert_eq!(row[4], own);
        } else {
            assert_eq!(row[4], format!("{own} (not found in the current text)"));
        }
        let location: u64 = row[5].parse().unwrap_or(0);
        assert!(location >= 1);
        assert_eq!(
            row[6],
            folio::record::format_time(h.created)
                .replace('T', " ")
                .replace('Z', "")
        );
    }
    // Reading order: locations never go down among found highlights.
    let locations: Vec<u64> = data[..5]
        .iter()
        .map(|r| r[5].parse().unwrap_or(0))
        .collect();
    assert!(locations.windows(2).all(|w| w[0] <= w[1]), "{locations:?}");
    // The highlight starting with '+' is guarded.
    assert!(data.iter().any(|r| r[0] == "'+6 min, wind SW"));
}

#[test]
fn json_reimports_equal_to_the_original_record() {
    let (_, record) = sample();
    let out = sample_export(Format::Json);
    let value: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    assert_eq!(value["format"], "folio");
    assert_eq!(value["version"], 1);
    assert_eq!(value["exported"], NOW);
    assert_eq!(import_json(&out), Ok(vec![record.clone()]));
    // Several articles: one object, the records in order.
    let other = Record::new("x".into());
    let articles = [
        Article {
            record: &record,
            doc: None,
            path: None,
        },
        Article {
            record: &other,
            doc: None,
            path: None,
        },
    ];
    let out = export(Format::Json, &articles, &time(NOW));
    assert_eq!(import_json(&out), Ok(vec![record, other]));
}

#[test]
fn w3c_follows_the_web_annotation_model() {
    let (_, record) = sample();
    let out = sample_export(Format::W3c);
    let value: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    let items = check_w3c(&value);
    assert_eq!(
        items.len(),
        record.highlights.len() + record.bookmarks.len()
    );
    let motivation = |id: u32| {
        items
            .iter()
            .find(|a| a["id"] == format!("urn:uuid:{}", self::id(id)))
            .map(|a| a["motivation"].clone())
            .unwrap_or(Value::Null)
    };
    assert_eq!(motivation(1), "highlighting");
    assert_eq!(motivation(2), "commenting");
    assert_eq!(motivation(7), "bookmarking");
    assert_eq!(motivation(8), "bookmarking");
    let orphans: Vec<&Value> = items.iter().filter(|a| a["orphaned"] == true).collect();
    assert_eq!(orphans.len(), 1);
    assert_eq!(
        orphans[0]["target"]["selector"][0]["exact"],
        "The lighthouse keeper kept a goat named Tuesday."
    );
    for a in &items {
        assert_eq!(
            a["target"]["source"],
            format!("urn:folio:{}", record.fingerprint)
        );
        assert_eq!(
            a["target"]["via"],
            "file:///home/reader/Saved%20Articles/essay.md"
        );
    }
}

/// An IRI as the model requires for ids and sources: a scheme, then no white space.
fn is_iri(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

/// Checks the W3C shape against the model's required fields (and the SHOULDs folio keeps:
/// label, total, first, last, partOf, startIndex) and returns the annotations.
fn check_w3c(value: &Value) -> Vec<Value> {
    // Collection (model 5.1): context, exactly one IRI id, its type.
    assert_eq!(value["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert!(is_iri(&value["id"]), "collection id: {}", value["id"]);
    assert_eq!(value["type"], "AnnotationCollection");
    assert!(value["label"].is_string());
    let total = value["total"].as_u64();
    assert!(total.is_some(), "total: {}", value["total"]);
    if total == Some(0) {
        // No annotations: no page.
        assert!(value.get("first").is_none() && value.get("last").is_none());
        return Vec::new();
    }
    // Page (model 5.2): exactly one IRI id, its type, items; part of the collection.
    let page = &value["first"];
    assert!(is_iri(&page["id"]), "page id: {}", page["id"]);
    assert_ne!(page["id"], value["id"]);
    assert_eq!(page["type"], "AnnotationPage");
    assert_eq!(page["partOf"], value["id"]);
    assert_eq!(page["startIndex"], 0);
    assert_eq!(value["last"], page["id"], "one page: it is also the last");
    let items = page["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(total, Some(items.len() as u64));
    for a in &items {
        // Annotation (model 3.1): an IRI id, its type, a target.
        assert!(is_iri(&a["id"]), "{a}");
        let id = a["id"].as_str().unwrap_or("");
        assert!(
            id.starts_with("urn:uuid:") || id.starts_with("urn:folio:id:"),
            "{a}"
        );
        assert!(
            a.get("@context").is_none(),
            "the collection's context covers it"
        );
        assert_eq!(a["type"], "Annotation");
        let motivation = a["motivation"].as_str().unwrap_or("");
        assert!(
            ["highlighting", "commenting", "bookmarking"].contains(&motivation),
            "{a}"
        );
        if motivation == "commenting" {
            assert!(a.get("body").is_some(), "{a}");
        }
        if let Some(body) = a.get("body") {
            assert_eq!(body["type"], "TextualBody");
            assert!(body["value"].is_string());
            assert_eq!(body["format"], "text/plain");
        }
        // Target (model 4): a SpecificResource with a source IRI and both selectors.
        let target = &a["target"];
        assert_eq!(target["type"], "SpecificResource", "{a}");
        assert!(is_iri(&target["source"]), "{a}");
        assert!(
            target["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("urn:"))
        );
        let selectors = target["selector"].as_array().cloned().unwrap_or_default();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap_or(&Value::Null);
        assert!(quote["exact"].is_string() && quote["prefix"].is_string());
        assert!(quote["suffix"].is_string(), "{a}");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap_or(&Value::Null);
        let (start, end) = (position["start"].as_u64(), position["end"].as_u64());
        assert!(start.is_some() && end.is_some() && start <= end, "{a}");
        assert!(a["created"].is_string());
    }
    items
}

/// A highlight made from a quotation keeps its speaker in every format: Markdown after the
/// quote, Org as a property, JSON as the record's field, Readwise, Clippings and W3C on the
/// note's last line (W3C without a `creator`); Readwise's Author stays the article's.
#[test]
fn quotation_highlights_keep_their_speaker_in_every_format() {
    let md = sample_export(Format::Markdown);
    assert!(
        md.contains("> A timetable tells you what is supposed to happen.\n>\n> — Ambrose Trill\n"),
        "{md}"
    );
    let org = sample_export(Format::Org);
    assert_eq!(
        org.matches(":ATTRIBUTION: Ambrose Trill\n").count(),
        2,
        "{org}"
    );
    let json: Value = serde_json::from_str(&sample_export(Format::Json)).unwrap_or(Value::Null);
    let attributed: Vec<&Value> = json["articles"][0]["highlights"]
        .as_array()
        .map(|hs| {
            hs.iter()
                .filter(|h| h.get("attribution").is_some())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(attributed.len(), 2);
    assert_eq!(attributed[0]["attribution"], "Ambrose Trill");
    let rows = read_csv(&sample_export(Format::Readwise));
    let row = rows
        .iter()
        .find(|r| r[0].starts_with("I think that's a healthier"))
        .unwrap_or_else(|| panic!("no row: {rows:?}"));
    assert_eq!(row[2], "Honora Vell");
    assert_eq!(row[4], "Trust, but check.\n— Ambrose Trill");
    let kindle = clippings_entries(&sample_export(Format::Clippings));
    assert!(
        kindle
            .iter()
            .any(|e| e[1].starts_with("- Your Note") && e[3] == "— Ambrose Trill"),
        "{kindle:?}"
    );
    let w3c: Value = serde_json::from_str(&sample_export(Format::W3c)).unwrap_or(Value::Null);
    let items = check_w3c(&w3c);
    let nine = items
        .iter()
        .find(|a| a["id"] == format!("urn:uuid:{}", id(9)))
        .unwrap_or_else(|| panic!("no annotation 9"));
    assert_eq!(nine["motivation"], "highlighting");
    assert_eq!(nine["body"]["value"], "— Ambrose Trill");
    assert!(items.iter().all(|a| a.get("creator").is_none()));
    // A record from before attributions (no field) reads, and writes without one.
    let old = r#"{"id":"x","anchor":{"start":0,"end":1,"exact":"a"},"note":"",
        "created":"2024-01-01T10:00:00Z","modified":"2024-01-01T10:00:00Z"}"#;
    let h: Highlight = serde_json::from_str(old).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.attribution, None);
    assert!(
        !serde_json::to_string(&h)
            .unwrap_or_default()
            .contains("attribution")
    );
}

/// One entry of a `My Clippings.txt`, as [`parse_clippings`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clipping {
    title: String,
    author: String,
    kind: String,
    start: u64,
    end: u64,
    /// "Monday, 1 January 2024 10:00:00", checked: the weekday is the date's.
    added: String,
    text: String,
}

/// A strict reader of the Kindle grammar: per entry a title line `Title (Author)`, a line
/// `- Your Highlight on Location A-B | Added on Weekday, D Month YYYY HH:MM:SS` (a Note or a
/// Bookmark at one location), a blank line, the text (a bookmark's may be empty), and
/// `==========`. Panics on anything else; every note must follow a highlight ending where it
/// is.
fn parse_clippings(out: &str) -> Vec<Clipping> {
    let mut clips: Vec<Clipping> = Vec::new();
    let mut lines = out.split('\n').peekable();
    while let Some(title_line) = lines.next() {
        if title_line.is_empty() && lines.peek().is_none() {
            break;
        }
        let (title, author) = title_line
            .strip_suffix(')')
            .and_then(|t| t.rsplit_once(" ("))
            .filter(|(t, a)| !t.is_empty() && !a.is_empty() && !a.contains(['(', ')']))
            .unwrap_or_else(|| panic!("title line without (Author): {title_line:?}"));
        let meta = lines.next().unwrap_or_default();
        let (what, added) = meta
            .strip_prefix("- Your ")
            .and_then(|m| m.split_once(" | Added on "))
            .unwrap_or_else(|| panic!("metadata line: {meta:?}"));
        let (kind, location) = what
            .split_once(" on Location ")
            .unwrap_or_else(|| panic!("location: {meta:?}"));
        let number = |s: &str| {
            s.parse::<u64>()
                .unwrap_or_else(|_| panic!("location {s:?} in {meta:?}"))
        };
        let (start, end) = match (kind, location.split_once('-')) {
            ("Highlight", Some((a, b))) => (number(a), number(b)),
            ("Note" | "Bookmark", None) => (number(location), number(location)),
            _ => panic!("kind and location: {meta:?}"),
        };
        assert!(start <= end, "{meta:?}");
        check_kindle_date(added);
        assert_eq!(lines.next(), Some(""), "blank line after {meta:?}");
        let mut text: Vec<&str> = Vec::new();
        for line in lines.by_ref() {
            if line == "==========" {
                break;
            }
            assert!(!line.contains("=========="), "{line:?}");
            text.push(line);
        }
        let text = text.join("\n");
        assert!(
            kind == "Bookmark" || !text.is_empty(),
            "empty {kind}: {meta:?}"
        );
        if kind == "Note" {
            let before = clips.last().unwrap_or_else(|| panic!("a note first"));
            assert_eq!(before.kind, "Highlight", "a note after a {}", before.kind);
            assert_eq!(before.end, start, "the note is where its highlight ends");
        }
        clips.push(Clipping {
            title: title.to_string(),
            author: author.to_string(),
            kind: kind.to_string(),
            start,
            end,
            added: added.to_string(),
            text,
        });
    }
    assert!(out.is_empty() || out.ends_with("==========\n"));
    clips
}

/// `Weekday, D Month YYYY HH:MM:SS`, a real date on its own weekday, a 24-hour time.
fn check_kindle_date(added: &str) {
    const MONTHS: &str =
        "January February March April May June July August September October November December";
    let parts: Vec<&str> = added.split(' ').collect();
    let [weekday, day, month, year, clock] = parts[..] else {
        panic!("date shape: {added:?}");
    };
    let weekday = weekday
        .strip_suffix(',')
        .unwrap_or_else(|| panic!("{added:?}"));
    let month = MONTHS
        .split(' ')
        .position(|m| m == month)
        .unwrap_or_else(|| panic!("month in {added:?}"));
    assert!(!day.starts_with('0'), "no leading zero: {added:?}");
    let (day, year) = (day.parse::<i8>(), year.parse::<i16>());
    let date = match (day, year) {
        (Ok(d), Ok(y)) => folio::record::Date::new(y, month as i8 + 1, d).ok(),
        _ => None,
    };
    let date = date.unwrap_or_else(|| panic!("no such date: {added:?}"));
    assert_eq!(format!("{:?}", date.weekday()), weekday, "{added:?}");
    let hms: Vec<u32> = clock.split(':').map(|n| n.parse().unwrap_or(99)).collect();
    assert!(
        clock.len() == 8 && hms.len() == 3 && hms[0] < 24 && hms[1] < 60 && hms[2] < 60,
        "{added:?}"
    );
}

#[test]
fn kindle_entries_follow_the_kindle_grammar() {
    let out = sample_export(Format::Clippings);
    let clips = parse_clippings(&out);
    // Eight highlights, notes for three of them plus the orphan's and the two attributed
    // ones', two bookmarks.
    assert_eq!(clips.len(), 8 + 6 + 2);
    for c in &clips {
        assert_eq!(c.title, "The Tide Clocks of Saltmere");
        assert_eq!(c.author, "Honora Vell");
    }
    let kinds = |k: &str| clips.iter().filter(|c| c.kind == k).count();
    assert_eq!(
        (kinds("Highlight"), kinds("Note"), kinds("Bookmark")),
        (8, 6, 2)
    );
    assert!(clips.iter().any(|c| c.kind == "Highlight"
        && (c.start, c.end) == (1, 1)
        && c.added == "Monday, 1 January 2024 10:00:00"));
    assert!(
        clips
            .iter()
            .any(|c| c.added == "Monday, 1 January 2024 13:05:09")
    );
    assert!(
        clips
            .iter()
            .any(|c| c.added == "Thursday, 29 February 2024 00:30:00")
    );
}

/// Kindles write their own clock's local time: the export is given the zone (never the
/// machine's in a test), and an article without an author is `(Unknown)`, as on a Kindle.
#[test]
fn kindle_dates_are_local_and_an_unknown_author_is_unknown() {
    let (doc, mut record) = sample();
    record.author = None;
    let mut no_author = doc.clone();
    no_author.meta.author = None;
    let article = Article {
        record: &record,
        doc: Some(&no_author),
        path: None,
    };
    let zone = folio::record::TimeZone::posix("NZST-12NZDT,M9.5.0,M4.1.0/3")
        .unwrap_or_else(|e| panic!("{e}"));
    let options = folio::export::Options {
        zone,
        file_url: None,
    };
    let out = folio::export::export_with(Format::Clippings, &[article], &time(NOW), &options);
    let clips = parse_clippings(&out);
    assert!(clips.iter().all(|c| c.author == "Unknown"), "{out}");
    // 10:00 UTC on New Year's Day is 23:00 in New Zealand's summer (UTC+13); the 29th of
    // February at 00:30 UTC is 13:30 there, the same day.
    assert!(
        clips
            .iter()
            .any(|c| c.added == "Monday, 1 January 2024 23:00:00")
    );
    assert!(
        clips
            .iter()
            .any(|c| c.added == "Thursday, 29 February 2024 13:30:00")
    );
    assert!(
        !clips.iter().any(|c| c.added.ends_with(" 10:00:00")),
        "{out}"
    );
}

/// The entries of a clippings file, each as its lines (without the separator).
fn clippings_entries(out: &str) -> Vec<Vec<String>> {
    assert!(out.is_empty() || out.ends_with("==========\n"));
    out.split("==========\n")
        .filter(|e| !e.is_empty())
        .map(|e| {
            e.strip_suffix('\n')
                .unwrap_or(e)
                .split('\n')
                .map(String::from)
                .collect()
        })
        .collect()
}

fn read_csv(out: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.as_bytes());
    reader
        .records()
        .map(|r| match r {
            Ok(r) => r.iter().map(String::from).collect(),
            Err(e) => panic!("CSV does not parse: {e}\n{out}"),
        })
        .collect()
}

/// A CSV cell without its formula guard.
/// What the formula guard makes of a cell: a leading apostrophe before = + - @ tab CR.
fn guard(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

// --- hostile text ---

/// Markdown, Org, Kindle and CSV syntax, terminal escapes and bidi controls in one text.
const HOSTILE: &str = "1+1 # heading\n**bold** and `code` and\n```\nfence\n```\n==========\n\
\"double\" and 'single' <b>&amp;</b> [[link]] $x$ ==mark== ::prop {{macro}} %%c%%\n\
* item\n#+END_QUOTE\n:PROPERTIES:\n    indented code\n---\n> quote\n\n\n\
\x1b[31mred\x1b[0m bell\x07 csi\u{9b}2J done \u{202e}evil\u{202c} end\\";

/// A hostile text starting with each of the CSV formula characters.
fn hostile_texts() -> Vec<String> {
    ["=", "+", "-", "@"]
        .iter()
        .map(|p| format!("{p}{HOSTILE}"))
        .collect()
}

/// Three articles: one whose text holds the hostile passages (found, plus an orphan), one
/// without a document (stored anchors), and the hostile title, author, label everywhere.
struct Hostile {
    doc: Document,
    found: Record,
    stored: Record,
}

fn hostile() -> Hostile {
    let texts = hostile_texts();
    let mut b = DocumentBuilder::new(Meta::default());
    b.push(
        BlockKind::Paragraph,
        "An ordinary opening paragraph.",
        vec![],
        0,
        None,
    );
    for t in &texts {
        b.push(BlockKind::Lines, t, vec![], 0, None);
        b.push(BlockKind::Paragraph, "Something between.", vec![], 0, None);
    }
    let doc = b.finish();
    let index = Index::new(&doc);
    let mut found = Record::new("sha256-v1:ffffffffffffffffffffffffffffffff".into());
    found.title = Some(format!("# Title {HOSTILE}"));
    found.author = Some(format!("=Author {HOSTILE}"));
    for (n, t) in texts.iter().enumerate() {
        // The builder trims line ends, as formats do; take the text as it is in the document.
        let first = t.lines().next().unwrap_or("");
        let at = doc.text.find(first).unwrap_or(0);
        let end = doc.text[at..]
            .find("\n\nSomething")
            .map_or(doc.text.len(), |e| at + e);
        let a = anchor::anchor(&doc, &index, TextPos(at)..TextPos(end));
        found
            .highlights
            .push(highlight(n as u32 + 1, a, &format!("-note {HOSTILE}"), NOW));
    }
    found.highlights.push(highlight(
        10,
        Anchor {
            start: 3,
            end: 9,
            exact: format!("@orphan {HOSTILE}"),
            ..Anchor::default()
        },
        "",
        NOW,
    ));
    found.bookmarks.push(Bookmark {
        id: id(11),
        label: format!("=label {HOSTILE}"),
        anchor: anchor::position(&doc, &index, TextPos(40)),
        created: time(NOW),
    });
    let mut stored = found.clone();
    stored.fingerprint = "\x1b]0;title\x07".into();
    stored.highlights.truncate(2);
    Hostile { doc, found, stored }
}

fn hostile_export(format: Format) -> (String, Hostile) {
    let h = hostile();
    let out = export(
        format,
        &[
            Article {
                record: &h.found,
                doc: Some(&h.doc),
                path: Some(format!("/tmp/{HOSTILE}")),
            },
            Article {
                record: &h.stored,
                doc: None,
                path: None,
            },
        ],
        &time(NOW),
    );
    (out, h)
}

/// The texts of every highlight in the hostile articles (as stored: the document's text is
/// the same characters), sanitised.
fn hostile_quotes(h: &Hostile) -> Vec<String> {
    h.found
        .highlights
        .iter()
        .chain(&h.stored.highlights)
        .map(|x| sanitize(&x.anchor.exact))
        .collect()
}

/// Blank-line runs collapsed, blank lines at both ends removed.
fn paragraphs(s: &str) -> String {
    let mut out = s.trim_matches('\n').to_string();
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out
}

/// The top-level blocks of a Markdown document as pulldown-cmark sees them.
#[derive(Debug, PartialEq)]
enum MdBlock {
    Heading(u8, String),
    Quote(String),
    Paragraph(String),
    List(Vec<String>),
}

impl MdBlock {
    fn quote(&self) -> Option<&String> {
        match self {
            MdBlock::Quote(q) => Some(q),
            _ => None,
        }
    }

    fn paragraph(&self) -> Option<&String> {
        match self {
            MdBlock::Paragraph(p) => Some(p),
            _ => None,
        }
    }
}

fn markdown_blocks(md: &str) -> Vec<MdBlock> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_WIKILINKS;
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut items: Vec<String> = Vec::new();
    let mut depth = 0usize;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(tag) => {
                depth += 1;
                match tag {
                    Tag::Heading { .. }
                    | Tag::BlockQuote(None)
                    | Tag::Paragraph
                    | Tag::List(None)
                    | Tag::Item
                    | Tag::Strong => {}
                    other => panic!("unexpected {other:?} in\n{md}"),
                }
            }
            Event::End(end) => {
                depth -= 1;
                match end {
                    TagEnd::Paragraph if depth > 0 => text.push_str("\n\n"),
                    TagEnd::Item => items.push(std::mem::take(&mut text)),
                    _ => {}
                }
                if depth == 0 {
                    let t = std::mem::take(&mut text).trim_end_matches('\n').to_string();
                    blocks.push(match end {
                        TagEnd::Heading(level) => MdBlock::Heading(level as u8, t),
                        TagEnd::BlockQuote(_) => MdBlock::Quote(t),
                        TagEnd::Paragraph => MdBlock::Paragraph(t),
                        TagEnd::List(_) => MdBlock::List(std::mem::take(&mut items)),
                        other => panic!("unexpected {other:?}"),
                    });
                }
            }
            Event::Text(t) => text.push_str(&t),
            Event::Code(c) => text.push_str(&format!("`{c}`")),
            Event::HardBreak => text.push('\n'),
            Event::SoftBreak => text.push(' '),
            other => panic!("unexpected {other:?} in\n{md}"),
        }
    }
    blocks
}

#[test]
fn hostile_markdown_renders_literally() {
    let (out, h) = hostile_export(Format::Markdown);
    assert_clean(&out, false);
    for line in out.lines() {
        assert!(
            !line.starts_with("```") && !line.starts_with("~~~"),
            "{line}"
        );
        assert!(
            !line.starts_with("---") && !line.starts_with("***"),
            "{line}"
        );
        let ours = [
            "## Highlights",
            "## Bookmarks",
            "### Not found in the current text",
        ];
        assert!(
            !line.starts_with('#') || line.starts_with("# \\# Title") || ours.contains(&line),
            "{line}"
        );
    }
    let blocks = markdown_blocks(&out);
    let headings: Vec<&MdBlock> = blocks
        .iter()
        .filter(|b| matches!(b, MdBlock::Heading(..)))
        .collect();
    let title = sanitize_line(h.found.title.as_deref().unwrap_or(""));
    let title = title.trim().to_string();
    let expected_headings = [
        MdBlock::Heading(1, title.clone()),
        MdBlock::Heading(2, "Highlights".into()),
        MdBlock::Heading(3, "Not found in the current text".into()),
        MdBlock::Heading(2, "Bookmarks".into()),
        MdBlock::Heading(1, title),
        MdBlock::Heading(2, "Highlights".into()),
        MdBlock::Heading(2, "Bookmarks".into()),
    ];
    assert_eq!(headings, expected_headings.iter().collect::<Vec<_>>());
    // Every highlight is one block quote holding exactly its text.
    let quotes: Vec<String> = blocks.iter().filter_map(MdBlock::quote).cloned().collect();
    let expected: Vec<String> = hostile_quotes(&h).iter().map(|q| paragraphs(q)).collect();
    assert_eq!(quotes.len(), expected.len());
    for q in &expected {
        assert!(
            quotes.contains(q),
            "{q:?} not rendered literally; got {quotes:#?}"
        );
    }
    // Notes: "Note: " and the note's paragraphs, literally.
    let note = paragraphs(&sanitize(&h.found.highlights[0].note));
    let note_paragraphs: Vec<&str> = note.split("\n\n").collect();
    let rendered: Vec<String> = blocks
        .iter()
        .filter_map(MdBlock::paragraph)
        .cloned()
        .collect();
    assert!(
        rendered.contains(&format!("Note: {}", note_paragraphs[0])),
        "{rendered:#?}"
    );
    let labels: Vec<&MdBlock> = blocks
        .iter()
        .filter(|b| matches!(b, MdBlock::List(_)))
        .collect();
    assert_eq!(labels.len(), 2);
    let label = sanitize_line(&h.found.bookmarks[0].label)
        .trim()
        .to_string();
    if let MdBlock::List(items) = labels[0] {
        assert!(items[0].starts_with(&format!("{label} · ")), "{items:?}");
    }
}

#[test]
fn hostile_json_parses_and_reimports() {
    let (out, h) = hostile_export(Format::Json);
    assert_clean(&out, false);
    let records = import_json(&out).unwrap_or_default();
    assert_eq!(records.len(), 2);
    for (back, original) in records.iter().zip([&h.found, &h.stored]) {
        assert_eq!(back.highlights.len(), original.highlights.len());
        for (b, o) in back.highlights.iter().zip(&original.highlights) {
            assert_eq!(b.anchor.exact, sanitize(&o.anchor.exact));
            assert_eq!(b.note, sanitize(&o.note));
        }
        assert_eq!(
            back.title.as_deref(),
            original.title.as_deref().map(sanitize_line).as_deref()
        );
        assert_eq!(
            back.bookmarks[0].label,
            sanitize_line(&original.bookmarks[0].label)
        );
    }
    // Exporting the imported records gives the same file: nothing more to clean.
    let again: Vec<Article> = records
        .iter()
        .map(|r| Article {
            record: r,
            doc: None,
            path: None,
        })
        .collect();
    assert_eq!(export(Format::Json, &again, &time(NOW)), out);
}

#[test]
fn hostile_w3c_is_valid_and_keeps_the_text() {
    let (out, h) = hostile_export(Format::W3c);
    assert_clean(&out, false);
    let value: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    let items = check_w3c(&value);
    let exacts: Vec<&str> = items
        .iter()
        .filter(|a| a["motivation"] != "bookmarking")
        .filter_map(|a| a["target"]["selector"][0]["exact"].as_str())
        .collect();
    for q in hostile_quotes(&h) {
        assert!(exacts.contains(&q.as_str()), "{q:?}");
    }
    let note = sanitize(&h.found.highlights[0].note);
    assert!(items.iter().any(|a| a["body"]["value"] == note.trim_end()));
}

#[test]
fn hostile_readwise_parses_back_with_the_text_intact() {
    let (out, h) = hostile_export(Format::Readwise);
    assert_clean(&out, true);
    let rows = read_csv(&out);
    assert_eq!(
        rows.len(),
        1 + h.found.highlights.len() + h.stored.highlights.len()
    );
    let title = sanitize_line(h.found.title.as_deref().unwrap_or(""))
        .trim()
        .to_string();
    let author = sanitize_line(h.found.author.as_deref().unwrap_or(""))
        .trim()
        .to_string();
    let quotes = hostile_quotes(&h);
    for row in &rows[1..] {
        assert_eq!(row.len(), 7);
        assert!(quotes.iter().any(|q| q == unguard(&row[0])), "{:?}", row[0]);
        assert!(row[0].starts_with('\''), "not guarded: {:?}", row[0]);
        assert_eq!(row[1], title);
        assert_eq!(unguard(&row[2]), author);
        let note = unguard(&row[4]);
        let expected = sanitize(&h.found.highlights[0].note).trim_end().to_string();
        assert!(
            note == expected || note == "(not found in the current text)",
            "{note:?}"
        );
    }
    // Local files have no URL Readwise could open.
    assert!(rows[1..].iter().all(|r| r[3].is_empty()), "{rows:?}");
}

#[test]
fn hostile_clippings_keep_one_entry_per_item() {
    let (out, h) = hostile_export(Format::Clippings);
    assert_clean(&out, false);
    // Still the Kindle grammar, whatever the title, author, quotes and notes hold.
    let clips = parse_clippings(&out);
    assert_eq!(clips.len(), clippings_entries(&out).len());
    assert!(
        clips
            .iter()
            .all(|c| c.author.starts_with("=Author 1+1 # heading"))
    );
    let entries = clippings_entries(&out);
    // Each article: its highlights and a note each (the orphan's says it is one), a bookmark.
    let expected = (h.found.highlights.len() * 2 + 1) + (h.stored.highlights.len() * 2 + 1);
    assert_eq!(entries.len(), expected);
    let title = sanitize_line(h.found.title.as_deref().unwrap_or(""));
    for e in &entries {
        assert!(
            e[0].starts_with(title.trim().split("==").next().unwrap_or("")),
            "{e:?}"
        );
        assert!(e[1].starts_with("- Your "), "{e:?}");
        assert_eq!(e[2], "");
    }
    // The quotes, blank lines dropped and "=" runs spaced, are there.
    for q in hostile_quotes(&h) {
        let lines: Vec<&str> = q.split('\n').filter(|l| !l.trim().is_empty()).collect();
        let body = lines
            .join("\n")
            .replace("==========", "= = = = = = = = = =");
        assert!(
            entries.iter().any(|e| e[3..].join("\n") == body),
            "{body:?}"
        );
    }
}

#[test]
fn hostile_org_makes_no_headings_and_keeps_blocks_closed() {
    let (out, h) = hostile_export(Format::Org);
    assert_clean(&out, false);
    let headline = |l: &&str| {
        let stars = l.chars().take_while(|&c| c == '*').count();
        stars > 0 && l[stars..].starts_with(' ')
    };
    let headlines: Vec<&str> = out.lines().filter(headline).collect();
    // Per article: title, Highlights, one per highlight, Bookmarks, one per bookmark.
    let expected = (3 + h.found.highlights.len() + 1) + (3 + h.stored.highlights.len() + 1);
    assert_eq!(headlines.len(), expected, "{headlines:#?}");
    // Block delimiters only where the export put them, and the quotes inside intact.
    let mut quotes = Vec::new();
    let mut inside: Option<Vec<String>> = None;
    for line in out.lines() {
        let trimmed = line.trim_start();
        if line == "#+BEGIN_QUOTE" {
            assert!(inside.is_none());
            inside = Some(Vec::new());
        } else if line == "#+END_QUOTE" {
            quotes.push(inside.take().unwrap_or_default().join("\n"));
        } else {
            assert!(!trimmed.to_ascii_uppercase().starts_with("#+"), "{line}");
            if let Some(lines) = &mut inside {
                lines.push(unescape_org(line));
            }
        }
    }
    assert!(inside.is_none());
    let expected: Vec<String> = hostile_quotes(&h)
        .iter()
        .map(|q| q.trim_matches('\n').to_string())
        .collect();
    assert_eq!(quotes.len(), expected.len());
    for q in &expected {
        assert!(quotes.contains(q), "{q:?}");
    }
}

/// Removes the comma Org escaping added.
fn unescape_org(line: &str) -> String {
    let rest = line.trim_start();
    let indent = &line[..line.len() - rest.len()];
    match rest.strip_prefix(',') {
        Some(r) if r.trim_start_matches(',').starts_with(['*', '#', ':']) => format!("{indent}{r}"),
        _ => line.to_string(),
    }
}

#[test]
fn every_format_names_itself_and_parses_back() {
    for f in Format::ALL {
        assert_eq!(f.name().parse::<Format>(), Ok(f));
        let out = sample_export(f);
        assert!(!out.is_empty());
    }
    let err = "pdf".parse::<Format>().err().unwrap_or_default();
    for f in Format::ALL {
        assert!(err.contains(f.name()), "{err}");
    }
}

#[test]
fn an_empty_record_exports_a_valid_file_in_every_format() {
    let record = Record::new(String::new());
    let article = [Article {
        record: &record,
        doc: None,
        path: None,
    }];
    for f in Format::ALL {
        let out = export(f, &article, &time(NOW));
        match f {
            Format::Json => assert_eq!(import_json(&out), Ok(vec![record.clone()])),
            Format::W3c => {
                assert!(check_w3c(&serde_json::from_str(&out).unwrap_or(Value::Null)).is_empty())
            }
            Format::Readwise => assert_eq!(read_csv(&out).len(), 1),
            Format::Clippings => assert_eq!(out, ""),
            Format::Markdown => assert!(out.starts_with("# Untitled\n")),
            Format::Org => assert!(out.starts_with("* Untitled\n")),
        }
    }
    // No articles at all.
    assert_eq!(
        export(Format::Readwise, &[], &time(NOW)),
        "Highlight,Title,Author,URL,Note,Location,Date\r\n"
    );
    assert_eq!(
        import_json(&export(Format::Json, &[], &time(NOW))),
        Ok(vec![])
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Any quote and note, placed in a document or not: every format stays valid and keeps
    /// the text.
    #[test]
    fn any_text_survives_every_format(
        quote in "[a-z #*_`=+\\-@>|\\[\\]<&$:%(){}~^!\\\\.1\n\"'\u{1b}\u{7}\u{9b}\u{202e}é]{1,60}",
        note in "[a-z #*`=\\-:\n\u{1b}]{0,30}",
    ) {
        let mut record = Record::new("sha256-v1:0".into());
        record.highlights.push(highlight(1, Anchor {
            start: 0,
            end: quote.chars().count() as u64,
            exact: quote.clone(),
            ..Anchor::default()
        }, &note, NOW));
        let article = [Article { record: &record, doc: None, path: None }];
        let clean = sanitize(&quote);
        let md = export(Format::Markdown, &article, &time(NOW));
        let blocks = markdown_blocks(&md);
        let quotes: Vec<&MdBlock> = blocks.iter().filter(|b| matches!(b, MdBlock::Quote(_))).collect();
        let want = MdBlock::Quote(paragraphs(&clean));
        proptest::prop_assert_eq!(quotes, vec![&want]);
        let csv = export(Format::Readwise, &article, &time(NOW));
        let rows = read_csv(&csv);
        // Compared guarded: a text that itself starts with an apostrophe and a formula sign
        // reads the same as a guarded one, so unguarding cannot be the test.
        proptest::prop_assert_eq!(&rows[1][0], &guard(&clean));
        let clean_note = sanitize(&note);
        proptest::prop_assert_eq!(
            &rows[1][4],
            &guard(clean_note.trim_end().trim_start_matches('\n'))
        );
        let json = export(Format::Json, &article, &time(NOW));
        let back = import_json(&json).unwrap_or_default();
        proptest::prop_assert_eq!(&back[0].highlights[0].anchor.exact, &clean);
        let w3c: Value = serde_json::from_str(&export(Format::W3c, &article, &time(NOW))).unwrap_or(Value::Null);
        proptest::prop_assert_eq!(check_w3c(&w3c).len(), 1);
        let kindle = export(Format::Clippings, &article, &time(NOW));
        let expected = if sanitize(&note).trim().is_empty() { 1 } else { 2 };
        proptest::prop_assert_eq!(clippings_entries(&kindle).len(), expected);
        let org = export(Format::Org, &article, &time(NOW));
        proptest::prop_assert_eq!(org.lines().filter(|l| l.starts_with('*')).count(), 3);
        for out in [&md, &json, &kindle, &org] {
            assert_clean(out, false);
        }
        assert_clean(&csv, true);
    }
}
