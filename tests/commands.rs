//! `folio export`, `folio list` and `folio completions` as a reader runs them: the real binary
//! with assert_cmd, records made through the library's store in a temporary config folder.

mod common;

use common::cli::folio;
use common::tempdir;
use folio::anchor::{self, Index};
use folio::document::TextPos;
use folio::record::{Bookmark, Highlight};
use folio::store::{self, Paths, Store};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// Copies a sample into `dir` and stores a record for it: two highlights (one with a note)
/// and a bookmark, as the reader would have made them.
fn article_with_notes(dir: &Path, config: &Path) -> PathBuf {
    let article = dir.join("zeitung.txt");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/zeitung.txt");
    std::fs::copy(&sample, &article).unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::fs::read(&article).unwrap_or_default();
    let decoded = folio::decode::decode(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let doc = folio::format::Format::Plain.parse(&decoded.text);
    let index = Index::new(&doc);
    let store = Store::new(Some(Paths {
        root: config.to_path_buf(),
    }));
    let canonical = folio::open::canonical(&article);
    let mut record = store
        .load(&store::fingerprint(&decoded.text), Some(&canonical))
        .record;
    record.title = doc.meta.title.clone();
    record.author = doc.meta.author.clone();
    let find = |s: &str| {
        let at = doc.text.find(s).unwrap_or(0);
        TextPos(at)..TextPos(at + s.len())
    };
    for (quote, note) in [
        ("Hochwasserrückhaltebeckens oberhalb der Altstadt", ""),
        ("Mit 19 zu 8 Stimmen", "Ergebnis prüfen"),
    ] {
        record.highlights.push(Highlight {
            attribution: None,
            id: folio::record::new_id(),
            anchor: anchor::anchor(&doc, &index, find(quote)),
            note: note.to_string(),
            created: folio::record::parse_time("2026-11-27T10:00:00Z").unwrap_or_default(),
            modified: folio::record::parse_time("2026-11-27T10:00:00Z").unwrap_or_default(),
        });
    }
    record.bookmarks.push(Bookmark {
        id: folio::record::new_id(),
        label: "Abstimmung".into(),
        anchor: anchor::position(&doc, &index, find("Es war eine lange Sitzung").start),
        created: folio::record::parse_time("2026-11-27T10:00:00Z").unwrap_or_default(),
    });
    record.progress = Some(12);
    if let Err(e) = store.save(&record) {
        panic!("{e}");
    }
    article
}

fn setup() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let config = tempdir();
    let article = article_with_notes(dir.path(), config.path());
    (dir, config, article)
}

/// `text` (of `what`) holds each of `needles`.
#[track_caller]
fn assert_mentions(text: &str, needles: &[&str], what: &str) {
    for needle in needles {
        assert!(text.contains(needle), "{what}: no {needle:?} in {text}");
    }
}

/// `folio ARGS`, which must succeed: what it printed.
fn stdout_of<I, S>(config: &Path, args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = folio(config).args(args).assert().success();
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

#[test]
fn export_writes_every_format_of_an_article() {
    let (_dir, config, article) = setup();
    for format in ["markdown", "json", "w3c", "readwise", "clippings", "org"] {
        let args = [
            "export".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            article.as_os_str(),
        ];
        let text = stdout_of(config.path(), args);
        assert_mentions(
            &text,
            &["Hochwasserrückhaltebeckens", "Ergebnis prüfen"],
            format,
        );
    }
}

#[test]
fn export_to_a_file_and_all_articles() {
    let (dir, config, _article) = setup();
    let out = dir.path().join("notes").join("all.md");
    folio(config.path())
        .args(["export", "--all", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let title = "# Ebersmühl baut gegen das nächste Hochwasser";
    assert_mentions(&text, &[title, "Abstimmung"], "all.md");
}

/// A W3C export written to a file is named by the file's URL; to standard output, by an id
/// that stays the same from one export to the next.
#[test]
fn a_w3c_export_is_named_by_its_file_or_a_stable_id() {
    let (dir, config, _article) = setup();
    let out = dir.path().join("notes.jsonld");
    folio(config.path())
        .args(["export", "--all", "--format", "w3c", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let w3c: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    let id = w3c["id"].as_str().unwrap_or("");
    assert!(
        id.starts_with("file:///") && id.ends_with("/notes.jsonld"),
        "{id}"
    );
    assert_eq!(w3c["first"]["id"], format!("{id}#page1"));
    let printed = |_| {
        let text = stdout_of(config.path(), ["export", "--all", "--format", "w3c"]);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        v["id"].as_str().unwrap_or("").to_string()
    };
    let ids: Vec<String> = (0..2).map(printed).collect();
    assert!(ids[0].starts_with("urn:uuid:"), "{ids:?}");
    assert_eq!(ids[0], ids[1]);
}

#[test]
fn list_shows_what_folio_knows() {
    let (_dir, config, article) = setup();
    let text = stdout_of(config.path(), ["list"]);
    let title = "Ebersmühl baut gegen das nächste Hochwasser";
    assert_mentions(
        &text,
        &[title, " 12%", "2 highlights", "1 bookmark "],
        "list",
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(config.path(), ["list", "--json"]))
            .unwrap_or(serde_json::Value::Null);
    assert_eq!(json[0]["highlights"], 2);
    assert_eq!(json[0]["author"], "Katharina Wöllner");
    let shown = json[0]["path"].as_str().unwrap_or("");
    assert!(shown.ends_with("zeitung.txt"), "{shown} vs {article:?}");
    assert_eq!(json[0]["missing"], false);
    // A moved file is listed as missing, not hidden.
    std::fs::remove_file(&article).unwrap_or_else(|e| panic!("{e}"));
    folio(config.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("(missing)"));
}

#[test]
fn list_and_export_with_no_records() {
    let config = tempdir();
    folio(config.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("knows no articles yet"));
    folio(config.path())
        .args(["export", "--all"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("knows no articles yet"));
    folio(config.path())
        .arg("export")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("name an article, or use --all"));
}

#[test]
fn usage_errors_and_missing_articles() {
    let config = tempdir();
    folio(config.path())
        .args(["export", "--format", "pdf", "x.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("markdown").and(predicate::str::contains("clippings")));
    folio(config.path())
        .args(["export", "no-such-article.md"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "'no-such-article.md' was not found",
        ));
}

#[test]
fn completions_for_the_common_shells() {
    let config = tempdir();
    for shell in ["bash", "zsh", "fish"] {
        folio(config.path())
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("export").and(predicate::str::contains("folio")));
    }
    folio(config.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let dir = tempdir();
    let big = dir.path().join("big.txt");
    let para = "A line of words that goes on for a while, to be reflowed. ".repeat(20);
    std::fs::write(&big, format!("{para}\n\n").repeat(2000)).unwrap_or_else(|e| panic!("{e}"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg(&big)
        .env("FOLIO_CONFIG_DIR", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut first = [0u8; 16];
    if let Some(out) = child.stdout.as_mut() {
        out.read_exact(&mut first).unwrap_or_else(|e| panic!("{e}"));
    }
    // Close our end, as `| head` does, while folio still has megabytes to write.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
}

/// An article read from standard input has no file: `folio list` says so, never "missing".
#[test]
fn an_article_from_standard_input_is_listed_as_such() {
    let config = tempdir();
    let store = Store::new(Some(Paths {
        root: config.path().to_path_buf(),
    }));
    let text = "Piped in\n\nA short note that came through a pipe.\n";
    let mut record = store.load(&store::fingerprint(text), None).record;
    record.title = Some("Piped in".into());
    store.save(&record).unwrap_or_else(|e| panic!("{e}"));
    let listed = stdout_of(config.path(), ["list"]);
    assert_mentions(&listed, &["Piped in", "(standard input)"], "list");
    assert!(!listed.contains("missing"), "{listed}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(config.path(), ["list", "--json"]))
            .unwrap_or(serde_json::Value::Null);
    assert_eq!(json[0]["missing"], false);
    assert_eq!(json[0]["path"], serde_json::Value::Null);
}

/// An article as first read, and as it is after an edit: a paragraph put before the
/// highlighted sentence, and the sentence itself reworded.
const PIER: &str = "Evening at the pier\n\nThe ferry was late again.\n\nThe harbour lights came on \
    at dusk, one by one, all along the wall, and nobody counted them.\n\nThe last boat tied up.\n";
const PIER_EDITED: &str = "Evening at the pier\n\nA paragraph the writer added later, to set the \
    scene before anything else happens in it.\n\nThe ferry was late again.\n\nThe harbour lights \
    came on at dusk, one after another, all along the wall, and nobody counted them.\n\nThe last \
    boat tied up.\n";
const PIER_QUOTE: &str =
    "The harbour lights came on at dusk, one by one, all along the wall, and nobody counted them.";

/// Issue 18: an article edited, read again, then moved exports (JSON and W3C) the positions
/// the reader shows, with the first words kept as `original`.
#[test]
fn a_moved_and_edited_article_exports_the_positions_the_reader_shows() {
    use folio::annotations::{Annotations, Stamps};
    use folio::app::{App, Effect, Msg, update};
    use folio::session::Session;
    use std::sync::Arc;

    let (dir, config) = (tempdir(), tempdir());
    let at = dir.path().join("pier.txt");
    std::fs::write(&at, PIER).unwrap_or_else(|e| panic!("{e}"));
    let session = Session::new(
        Store::new(Some(Paths {
            root: config.path().to_path_buf(),
        })),
        None,
    );
    // Read and highlight the sentence.
    let article = session.open(&at).unwrap_or_else(|e| panic!("{e}"));
    let mut notes = Annotations::new(&article.doc, article.loaded.record, false);
    let from = article.doc.text.find(PIER_QUOTE).unwrap_or(0);
    let range = TextPos(from)..TextPos(from + PIER_QUOTE.len());
    notes.add_highlight(&article.doc, range, "count them", &mut Stamps::new(7));
    session
        .save(&notes.record)
        .unwrap_or_else(|e| panic!("{e}"));

    // Edited where it is, then read: the reader places the highlight, and saves the record.
    std::fs::write(&at, PIER_EDITED).unwrap_or_else(|e| panic!("{e}"));
    let article = session.open(&at).unwrap_or_else(|e| panic!("{e}"));
    let loaded = article.loaded;
    let mut app = App::with_document(Arc::new(article.doc), (80, 24), 72);
    app.attach(loaded.record, loaded.read_only, &loaded.notices);
    let saves: Vec<_> = update(&mut app, Msg::Idle)
        .into_iter()
        .filter_map(|e| match e {
            Effect::Save(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(saves.len(), 1);
    session.save(&saves[0]).unwrap_or_else(|e| panic!("{e}"));
    let reader = app
        .screen
        .reader
        .as_ref()
        .unwrap_or_else(|| panic!("no reader"));
    let ranges = reader.notes.highlight_ranges();
    let shown = ranges[0].1.clone();
    let index = Index::new(&reader.doc);
    let (start, end) = (
        index.to_chars(&reader.doc, shown.start),
        index.to_chars(&reader.doc, shown.end),
    );
    let words = reader.doc.text[shown.start.0..shown.end.0].to_string();
    assert!(words.contains("one after another"), "{words}");

    // Moved: `--all` has no text to look in, only the record.
    let moved = dir.path().join("moved").join("pier.txt");
    std::fs::create_dir_all(dir.path().join("moved")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(&at, &moved).unwrap_or_else(|e| panic!("{e}"));
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        config.path(),
        ["export", "--all", "--format", "json"],
    ))
    .unwrap_or(serde_json::Value::Null);
    let anchor = &json["articles"][0]["highlights"][0]["anchor"];
    assert_eq!(
        (anchor["start"].as_u64(), anchor["end"].as_u64()),
        (Some(start), Some(end))
    );
    assert_eq!(anchor["exact"], words.as_str());
    assert_eq!(anchor["original"], PIER_QUOTE);
    assert_eq!(
        json["articles"][0]["fingerprint"],
        store::fingerprint(PIER_EDITED)
    );
    for args in [
        vec!["export", "--all", "--format", "w3c"],
        vec!["export", "--format", "w3c", moved.to_str().unwrap_or("")],
    ] {
        let w3c: serde_json::Value = serde_json::from_str(&stdout_of(config.path(), &args))
            .unwrap_or(serde_json::Value::Null);
        let selectors = &w3c["first"]["items"][0]["target"]["selector"];
        assert_eq!(selectors[0]["type"], "TextQuoteSelector", "{args:?}");
        assert_eq!(selectors[0]["exact"], words.as_str(), "{args:?}");
        assert_eq!(selectors[1]["type"], "TextPositionSelector", "{args:?}");
        assert_eq!(selectors[1]["start"], start, "{args:?}");
        assert_eq!(selectors[1]["end"], end, "{args:?}");
    }
}

/// The export resolves like the reader: an article edited and exported (never opened) has its
/// record brought up to date by the export, so after a move `--all` still has the places.
#[test]
fn an_export_of_an_edited_article_updates_its_record() {
    let (dir, config) = (tempdir(), tempdir());
    let at = dir.path().join("pier.txt");
    std::fs::write(&at, PIER).unwrap_or_else(|e| panic!("{e}"));
    let store = Store::new(Some(Paths {
        root: config.path().to_path_buf(),
    }));
    let doc = folio::format::Format::Plain.parse(PIER);
    let canonical = folio::open::canonical(&at);
    let mut record = store
        .load(&store::fingerprint(PIER), Some(&canonical))
        .record;
    let from = doc.text.find(PIER_QUOTE).unwrap_or(0);
    let range = TextPos(from)..TextPos(from + PIER_QUOTE.len());
    record.highlights.push(Highlight {
        attribution: None,
        id: folio::record::new_id(),
        anchor: anchor::anchor(&doc, &Index::new(&doc), range),
        note: String::new(),
        created: folio::record::parse_time("2026-11-27T10:00:00Z").unwrap_or_default(),
        modified: folio::record::parse_time("2026-11-27T10:00:00Z").unwrap_or_default(),
    });
    store.save(&record).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&at, PIER_EDITED).unwrap_or_else(|e| panic!("{e}"));
    let first: serde_json::Value = serde_json::from_str(&stdout_of(
        config.path(),
        ["export", "--all", "--format", "json"],
    ))
    .unwrap_or(serde_json::Value::Null);
    std::fs::remove_file(&at).unwrap_or_else(|e| panic!("{e}"));
    let after: serde_json::Value = serde_json::from_str(&stdout_of(
        config.path(),
        ["export", "--all", "--format", "json"],
    ))
    .unwrap_or(serde_json::Value::Null);
    let edited = folio::format::Format::Plain.parse(PIER_EDITED);
    let moved_to = edited.text.find("The harbour lights").unwrap_or(0);
    let want = Index::new(&edited).to_chars(&edited, TextPos(moved_to));
    for json in [&first, &after] {
        let anchor = &json["articles"][0]["highlights"][0]["anchor"];
        assert_eq!(anchor["start"], want, "{json}");
        assert_eq!(anchor["original"], PIER_QUOTE);
        assert_eq!(
            json["articles"][0]["fingerprint"],
            store::fingerprint(PIER_EDITED)
        );
    }
}
