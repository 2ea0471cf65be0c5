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
