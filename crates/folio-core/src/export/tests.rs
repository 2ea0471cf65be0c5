//! Unit tests of the export helpers: names, dates, locations, URLs, ordering, and each
//! format's escaping rules. End-to-end snapshots and read-back tests are in `tests/export.rs`.

use super::*;
use crate::document::{BlockKind, DocumentBuilder, Meta, TextPos};
use crate::record::{Bookmark, Highlight};

const NOW: &str = "2024-05-01T12:00:00Z";

/// A stored time; junk reads as the epoch, as it does from a record file.
fn t(s: &str) -> Timestamp {
    crate::record::parse_time(s).unwrap_or_default()
}

fn highlight(id: &str, start: u64, exact: &str, note: &str) -> Highlight {
    Highlight {
        attribution: None,
        id: id.to_string(),
        anchor: Anchor {
            start,
            end: start + exact.chars().count() as u64,
            exact: exact.to_string(),
            ..Anchor::default()
        },
        note: note.to_string(),
        created: t("2024-01-01T10:00:00Z"),
        modified: t("2024-01-01T10:00:00Z"),
    }
}

/// One article exported on [`NOW`], with no path.
fn export_one(format: Format, record: &Record, doc: Option<&Document>) -> String {
    export_with(
        format,
        &[Article {
            record,
            doc,
            path: None,
        }],
        &t(NOW),
        &Options::utc(),
    )
}

fn prepare_one(record: &Record, doc: Option<&Document>) -> Prepared {
    prepare(&Article {
        record,
        doc,
        path: None,
    })
}

fn doc(paragraphs: &[(BlockKind, &str)]) -> Document {
    let mut b = DocumentBuilder::new(Meta::default());
    for (kind, text) in paragraphs {
        b.push(kind.clone(), text, vec![], 0, None);
    }
    b.finish()
}

#[test]
fn formats_have_names_extensions_and_parse() {
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        ["markdown", "json", "w3c", "readwise", "clippings", "org"]
    );
    let exts: Vec<&str> = Format::ALL.iter().map(|f| f.extension()).collect();
    assert_eq!(exts, ["md", "json", "jsonld", "csv", "txt", "org"]);
    for f in Format::ALL {
        assert_eq!(f.name().parse::<Format>(), Ok(f));
        assert_eq!(f.name().to_uppercase().parse::<Format>(), Ok(f));
        assert_eq!(f.to_string(), f.name());
    }
    assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
    assert_eq!("kindle".parse::<Format>(), Ok(Format::Clippings));
    let err = "docx\x1b[2J".parse::<Format>().err().unwrap_or_default();
    assert_eq!(
        err,
        "unknown export format 'docx': use one of markdown, json, w3c, readwise, clippings, org"
    );
}

#[test]
fn dates_in_every_format() {
    let utc = TimeZone::UTC;
    let kindle = |s: &str| dates::kindle(t(s), &utc);
    assert_eq!(
        kindle("2024-01-01T10:00:00Z"),
        "Monday, 1 January 2024 10:00:00"
    );
    assert_eq!(
        kindle("2024-02-29T00:30:05Z"),
        "Thursday, 29 February 2024 00:30:05"
    );
    assert_eq!(
        kindle("2000-01-01T12:00:00Z"),
        "Saturday, 1 January 2000 12:00:00"
    );
    assert_eq!(
        kindle("1970-01-01T23:59:59Z"),
        "Thursday, 1 January 1970 23:59:59"
    );
    assert_eq!(
        kindle("2026-12-03T21:14:05Z"),
        "Thursday, 3 December 2026 21:14:05"
    );
    // Local time of the zone given: an hour ahead in Paris's winter, across midnight.
    let paris = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap_or(TimeZone::UTC);
    assert_eq!(
        dates::kindle(t("1970-01-01T23:59:59Z"), &paris),
        "Friday, 2 January 1970 00:59:59"
    );
    let c = t("2024-02-29T00:30:05Z");
    assert_eq!(dates::plain(c), "2024-02-29 00:30:05");
    assert_eq!(dates::org(c), "[2024-02-29 Thu 00:30]");
    assert_eq!(dates::human(c), "2024-02-29 00:30 UTC");
    // A time that could not be read (the epoch) is unknown.
    assert_eq!(known(t("yesterday")), None);
    assert_eq!(known(c), Some(c));
}

#[test]
fn kindle_locations_count_150_code_points() {
    let r = {
        let mut r = Record::new("f".into());
        r.highlights.push(highlight("a", 0, "x", ""));
        r.highlights.push(highlight("b", 149, "xy", ""));
        r.highlights.push(highlight("c", 300, &"é".repeat(150), ""));
        r
    };
    let p = prepare_one(&r, None);
    let locs: Vec<(u64, u64)> = p.highlights.iter().map(Item::kindle).collect();
    assert_eq!(locs, [(1, 1), (1, 2), (3, 4)]);
}

#[test]
fn file_urls_are_percent_encoded_and_absolute_only() {
    assert_eq!(
        file_url("/home/me/Saved Articles/café #1.md").as_deref(),
        Some("file:///home/me/Saved%20Articles/caf%C3%A9%20%231.md")
    );
    assert_eq!(
        file_url("C:\\Users\\me\\a b.txt").as_deref(),
        Some("file:///C:/Users/me/a%20b.txt")
    );
    assert_eq!(file_url("notes/a.md"), None);
    assert_eq!(file_url(""), None);
    assert_eq!(file_url("~/a.md"), None);
}

#[test]
fn first_words_are_cut_by_words_and_characters() {
    assert_eq!(
        first_n_words("one two  three\nfour", 3, 80),
        "one two three…"
    );
    assert_eq!(first_n_words("one two", 3, 80), "one two");
    assert_eq!(first_n_words("", 3, 80), "");
    assert_eq!(first_n_words("abcdefghij klm", 5, 12), "abcdefghij…");
    // Text without spaces (CJK) is cut by characters.
    assert_eq!(first_n_words(&"字".repeat(100), 12, 5), "字字字字字…");
}

#[test]
fn found_items_get_percent_and_section_orphans_and_unknowns_do_not() {
    let d = doc(&[
        (BlockKind::Title, "Title"),
        (BlockKind::Paragraph, "Opening words here."),
        (BlockKind::Heading { level: 2 }, "Second part"),
        (BlockKind::Paragraph, "Later words are here at the end."),
    ]);
    let index = Index::new(&d);
    let at = |needle: &str| {
        let s = d.text.find(needle).unwrap_or(0);
        anchor::anchor(&d, &index, TextPos(s)..TextPos(s + needle.len()))
    };
    let mut r = Record::new("f".into());
    r.highlights.push(Highlight {
        attribution: None,
        anchor: at("at the end"),
        ..highlight("late", 0, "", "")
    });
    r.highlights.push(Highlight {
        attribution: None,
        anchor: at("Opening"),
        ..highlight("early", 0, "", "")
    });
    r.highlights.push(highlight(
        "gone",
        2,
        "words that are nowhere to be seen",
        "",
    ));
    r.bookmarks.push(Bookmark {
        id: "b".into(),
        label: " label\n".into(),
        anchor: anchor::position(&d, &index, TextPos(d.text.find("Later").unwrap_or(0))),
        created: t(NOW),
    });
    let p = prepare_one(&r, Some(&d));
    let ids: Vec<&str> = p.highlights.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["early", "late", "gone"]);
    assert_eq!(
        p.highlights[0].place,
        Place::Found {
            percent: 9,
            section: None
        }
    );
    assert_eq!(
        p.highlights[1].place,
        Place::Found {
            percent: 84,
            section: Some("Second part".into())
        }
    );
    assert_eq!(p.highlights[2].place, Place::Orphan);
    assert_eq!(p.highlights[2].text, "words that are nowhere to be seen");
    assert_eq!(p.bookmarks[0].note, "label");
    assert_eq!(p.bookmarks[0].lead, "Later words are here at the end.");
    assert_eq!(p.title, "Untitled");

    // Without the document: stored anchors, stored order, location unknown.
    let p = prepare_one(&r, None);
    let ids: Vec<&str> = p.highlights.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["gone", "early", "late"]);
    assert!(p.highlights.iter().all(|h| h.place == Place::Unknown));
}

#[test]
fn metadata_falls_back_from_record_to_document() {
    let mut d = doc(&[(BlockKind::Paragraph, "Text.")]);
    d.meta.title = Some("Doc title".into());
    d.meta.author = Some("Doc author".into());
    let mut r = Record::new("f".into());
    r.paths = vec!["/old/a.md".into(), "/new/a.md".into()];
    let p = prepare_one(&r, Some(&d));
    assert_eq!(
        (p.title.as_str(), p.author.as_deref(), p.path.as_deref()),
        ("Doc title", Some("Doc author"), Some("/new/a.md"))
    );
    r.title = Some("  \x1b[1mRecord\ttitle\n".into());
    r.author = Some("   ".into());
    let p = prepare(&Article {
        record: &r,
        doc: Some(&d),
        path: Some("/given.md".into()),
    });
    assert_eq!(p.title, "Record title");
    assert_eq!(p.author.as_deref(), Some("Doc author"));
    assert_eq!(p.url.as_deref(), Some("file:///given.md"));
}

// --- Markdown ---

#[test]
fn markdown_escapes_block_starts_and_inline_syntax() {
    use markdown::escape_line as e;
    assert_eq!(e("# heading"), "\\# heading");
    assert_eq!(e("- item"), "\\- item");
    assert_eq!(e("+ item"), "\\+ item");
    assert_eq!(e("* item"), "\\* item");
    assert_eq!(e("12. item"), "12\\. item");
    assert_eq!(e("3) item"), "3\\) item");
    assert_eq!(e("> quote"), "\\> quote");
    assert_eq!(e("```rust"), "\\`\\`\\`rust");
    assert_eq!(e("~~~"), "\\~\\~\\~");
    assert_eq!(e("==="), "\\=\\=\\=");
    assert_eq!(e("---"), "\\---");
    assert_eq!(e("| a | b |"), "\\| a \\| b \\|");
    assert_eq!(e(": definition"), "\\: definition");
    assert_eq!(e("    code"), "&#32;   code");
    assert_eq!(e("end  "), "end &#32;");
    assert_eq!(e(" "), "&#32;");
    assert_eq!(
        e("a *b* _c_ `d` [e](f) <g> &amp; \\ $x$ ^s^ {i}"),
        "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\&amp; \\\\ \\$x\\$ \\^s\\^ \\{i\\}"
    );
    // Logseq and Obsidian syntax made of doubled characters.
    assert_eq!(e("key:: value"), "key\\:\\: value");
    assert_eq!(e("((ref))"), "\\(\\(ref\\)\\)");
    assert_eq!(e("%%hidden%%"), "\\%\\%hidden\\%\\%");
    // Ordinary prose stays readable.
    assert_eq!(
        e("It was 50% done (mostly): fine, 1.5 times over."),
        "It was 50% done (mostly): fine, 1.5 times over."
    );
}

#[test]
fn markdown_quotes_keep_line_breaks_and_paragraphs() {
    let mut r = Record::new("f".into());
    r.highlights.push(highlight(
        "h",
        0,
        "one\ntwo\n\nthree\\",
        "note\n\n# not a heading",
    ));
    let out = export_one(Format::Markdown, &r, None);
    assert!(
        out.contains(
            "> one\\\n> two\n>\n> three\\\\\n\n**Note:** note\n\n\\# not a heading\n\n— (location unknown)\n"
        ),
        "{out}"
    );
}

// --- Org ---

#[test]
fn org_escapes_lines_that_would_be_structure() {
    use org::escape_line as e;
    assert_eq!(e("* heading"), ",* heading");
    assert_eq!(e("**bold** start"), ",**bold** start");
    assert_eq!(e("#+END_QUOTE"), ",#+END_QUOTE");
    assert_eq!(e("  #+end_quote"), "  ,#+end_quote");
    assert_eq!(e("# comment"), ",# comment");
    assert_eq!(e(":PROPERTIES:"), ",:PROPERTIES:");
    assert_eq!(e(",* already escaped"), ",,* already escaped");
    assert_eq!(e("plain text * with stars"), "plain text * with stars");
    assert_eq!(e(", a comma"), ", a comma");
}

#[test]
fn org_headings_never_take_keywords_or_tags_from_text() {
    let mut r = Record::new("f".into());
    r.title = Some("TODO later :work:".into());
    r.highlights.push(highlight("h", 0, "DONE this :tag:", ""));
    r.bookmarks.push(Bookmark {
        id: "b".into(),
        label: "COMMENT x :y:".into(),
        anchor: Anchor::default(),
        created: t(NOW),
    });
    let out = export_one(Format::Org, &r, None);
    assert!(out.starts_with("* “TODO later :work:”\n"), "{out}");
    assert!(out.contains("\n*** “DONE this :tag:”\n"), "{out}");
    assert!(out.contains("\n*** Bookmark “COMMENT x :y:”\n"), "{out}");
    assert!(out.contains("\n:LOCATION: unknown\n"), "{out}");
}

// --- Clippings ---

#[test]
fn clippings_separator_never_appears_in_text() {
    use clippings::guard;
    assert_eq!(guard("========="), "=========");
    assert_eq!(guard("=========="), "= = = = = = = = = =");
    assert_eq!(
        guard("a ============ b == c"),
        "a = = = = = = = = = = = = b == c"
    );
    assert_eq!(guard("no signs"), "no signs");
    let mut r = Record::new("f".into());
    r.title = Some("==========".into());
    r.highlights.push(highlight(
        "h",
        0,
        "==========\n\n\nx==========y",
        "==========",
    ));
    let out = export_one(Format::Clippings, &r, None);
    assert_eq!(out.matches("==========").count(), 2, "{out}");
    assert!(out.contains("\n\n= = = = = = = = = =\nx= = = = = = = = = =y\n==========\n"));
}

#[test]
fn clippings_title_lines_always_end_with_one_author_group() {
    let mut r = Record::new("f".into());
    r.title = Some("Notes (draft)".into());
    r.highlights.push(highlight("h", 0, "x", ""));
    let first_line = |r: &Record| {
        let out = export_one(Format::Clippings, r, None);
        out.lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(first_line(&r), "Notes (draft) (Unknown)");
    r.author = Some("A. Writer (ed.)".into());
    assert_eq!(first_line(&r), "Notes (draft) (A. Writer [ed.])");
}

#[test]
fn clippings_mark_orphans_with_a_note_and_fall_back_to_the_export_date() {
    let d = doc(&[(BlockKind::Paragraph, "Some text.")]);
    let mut r = Record::new("f".into());
    r.author = Some("A. Writer".into());
    let mut h = highlight("h", 0, "gone for good", "");
    h.created = t("garbage");
    h.modified = t("garbage");
    r.highlights.push(h);
    let out = export_one(Format::Clippings, &r, Some(&d));
    assert_eq!(
        out,
        "Untitled (A. Writer)\n- Your Highlight on Location 1-1 | Added on Wednesday, 1 May 2024 12:00:00\n\ngone for good\n==========\n\
         Untitled (A. Writer)\n- Your Note on Location 1 | Added on Wednesday, 1 May 2024 12:00:00\n\n(not found in the current text)\n==========\n"
    );
}

// --- Readwise ---

#[test]
fn csv_fields_are_guarded_and_quoted() {
    use readwise::field as f;
    assert_eq!(f("plain"), "plain");
    assert_eq!(f("=1+1"), "'=1+1");
    assert_eq!(f("+1"), "'+1");
    assert_eq!(f("-1"), "'-1");
    assert_eq!(f("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(f("\tx"), "'\tx");
    assert_eq!(f("a, b"), "\"a, b\"");
    assert_eq!(f("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(f("two\nlines"), "\"two\nlines\"");
    assert_eq!(f(" padded "), "\" padded \"");
    assert_eq!(f("=a,\"b\""), "\"'=a,\"\"b\"\"\"");
    assert_eq!(f(""), "");
}

#[test]
fn csv_records_end_with_crlf_and_skip_bookmarks() {
    let mut r = Record::new("f".into());
    r.highlights.push(highlight("h", 0, "a\nb", ""));
    r.bookmarks.push(Bookmark {
        id: "b".into(),
        label: "bm".into(),
        anchor: Anchor::default(),
        created: t(NOW),
    });
    let out = export(
        Format::Readwise,
        &[Article {
            record: &r,
            doc: None,
            path: Some("relative/path.md".into()),
        }],
        &t(NOW),
    );
    assert_eq!(
        out,
        "Highlight,Title,Author,URL,Note,Location,Date\r\n\"a\nb\",Untitled,,,,1,2024-01-01 10:00:00\r\n"
    );
}

// --- W3C ---

#[test]
fn w3c_ids_and_sources_are_iris() {
    let mut r = Record::new("sha256-v1:abc".into());
    r.highlights
        .push(highlight("not a uuid/#1", 0, "x", "note"));
    r.highlights.push(highlight(
        "6F9619FF-8B86-4011-B42D-00C04FC964FF",
        5,
        "y",
        "",
    ));
    let out = export_one(Format::W3c, &r, None);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let items = &v["first"]["items"];
    assert_eq!(items[0]["id"], "urn:folio:id:not%20a%20uuid/%231");
    assert_eq!(items[0]["motivation"], "commenting");
    assert_eq!(items[0]["target"]["source"], "urn:folio:sha256-v1:abc");
    assert!(items[0]["target"].get("via").is_none());
    assert_eq!(
        items[1]["id"],
        "urn:uuid:6f9619ff-8b86-4011-b42d-00c04fc964ff"
    );
    assert_eq!(items[1]["motivation"], "highlighting");
    assert!(items[1].get("body").is_none());
    assert_eq!(v["label"], "Untitled");
}

/// The collection and its page have ids: derived from the articles exported (the same ones
/// give the same ids, others others), or the URL of the file written.
#[test]
fn w3c_collection_and_page_ids_are_stable_or_the_file() {
    let ids = |fingerprint: &str, file_url: Option<&str>| {
        let mut r = Record::new(fingerprint.into());
        r.highlights.push(highlight("h", 0, "x", ""));
        let article = Article {
            record: &r,
            doc: None,
            path: None,
        };
        let options = Options {
            file_url: file_url.map(str::to_string),
            ..Options::utc()
        };
        let out = export_with(Format::W3c, &[article], &t(NOW), &options);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        let (id, page) = (v["id"].clone(), v["first"]["id"].clone());
        assert_eq!(v["first"]["partOf"], id);
        assert_eq!(v["last"], page);
        (
            id.as_str().unwrap_or("").to_string(),
            page.as_str().unwrap_or("").to_string(),
        )
    };
    let (id, page) = ids("sha256-v1:abc", None);
    assert!(
        id.starts_with("urn:uuid:") && page.starts_with("urn:uuid:"),
        "{id} {page}"
    );
    assert_ne!(id, page);
    assert!(
        uuid::Uuid::parse_str(&id["urn:uuid:".len()..]).is_ok(),
        "{id}"
    );
    assert_eq!(ids("sha256-v1:abc", None), (id.clone(), page.clone()));
    assert_ne!(ids("sha256-v1:abd", None).0, id);
    let file = ids("sha256-v1:abc", Some("file:///tmp/out.jsonld"));
    assert_eq!(
        file,
        (
            "file:///tmp/out.jsonld".to_string(),
            "file:///tmp/out.jsonld#page1".to_string()
        )
    );
}

// --- JSON ---

#[test]
fn json_import_accepts_exports_records_and_arrays_and_refuses_the_rest() {
    let r = Record::new("f".into());
    let bare = serde_json::to_string(&r).unwrap_or_default();
    assert_eq!(import_json(&bare), Ok(vec![r.clone()]));
    assert_eq!(
        import_json(&format!("[{bare},{bare}]")),
        Ok(vec![r.clone(), r])
    );
    assert!(import_json("nope").is_err_and(|e| e.starts_with("not valid JSON")));
    assert!(import_json("42").is_err_and(|e| e.contains("expected an object")));
    let other = r#"{"format":"other","version":1,"articles":[]}"#;
    assert!(import_json(other).is_err_and(|e| e.contains("'other'")));
    let newer = r#"{"format":"folio","version":99,"articles":[]}"#;
    assert!(import_json(newer).is_err_and(|e| e.contains("update folio")));
    let broken = r#"{"format":"folio","version":1,"articles":[{"version":1}]}"#;
    assert!(import_json(broken).is_err_and(|e| e.starts_with("not a folio export")));
}

#[test]
fn json_export_sanitises_strings_and_keeps_clean_records_as_they_are() {
    let mut r = Record::new("f".into());
    r.highlights.push(highlight(
        "h",
        0,
        "clean\ttext",
        "note \x1b[31mred\x1b[0m\u{202e}",
    ));
    let out = export_one(Format::Json, &r, None);
    assert!(
        !out.contains("\\u001b") && !out.contains('\u{202e}'),
        "{out}"
    );
    let back = import_json(&out).unwrap_or_default();
    assert_eq!(back[0].highlights[0].note, "note red");
    assert_eq!(back[0].highlights[0].anchor.exact, "clean   text");
}
