//! `folio outline FILE [--width N] [--height N]`: the article's title and headings, one
//! `level<TAB>page<TAB>heading` line each, with the pages the reader shows in a terminal of
//! that size. Goldens of the samples and of a fixture with every heading level (reviewed by
//! reading them), the same pages as the reading view's outline (`t`), and the errors.

mod common;

use common::app::press;
use common::cli::folio;
use common::tempdir;
use folio::app::App;
use folio::layout::DEFAULT_MEASURE;
use folio::session;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The articles the goldens cover: the samples, and fixtures written for the outline.
const ARTICLES: &[&str] = &[
    "assets/essay.md",
    "assets/zeitung.txt",
    "assets/hardwrapped.txt",
    "tests/fixtures/outline/levels.md",
    "tests/fixtures/outline/breaks.html",
    "tests/fixtures/plain/verses.txt",
    "tests/fixtures/plain/verse-references.txt",
    "tests/fixtures/plain/licence.txt",
    "tests/fixtures/plain/manual.txt",
];

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `folio outline ARGS` with `config` as its config folder: its standard output, after
/// checking that it succeeded and said nothing on standard error.
fn outline(config: &Path, args: &[&str]) -> String {
    let out = folio(config)
        .arg("outline")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("folio runs: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "folio outline {args:?}: {stderr}");
    assert!(stderr.is_empty(), "folio outline {args:?} said: {stderr}");
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("UTF-8: {e}"))
}

/// Every line is `level<TAB>page<TAB>heading`: two numbers and a heading without a tab.
fn assert_well_formed(out: &str) {
    for line in out.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{line:?}");
        assert!(fields[0].parse::<u8>().is_ok(), "{line:?}");
        assert!(fields[1].parse::<usize>().is_ok_and(|p| p >= 1), "{line:?}");
        assert!(!fields[2].trim().is_empty(), "{line:?}");
    }
}

#[test]
fn outline_of_the_samples_and_fixtures_at_80x24_and_40x12() {
    let config = tempdir();
    for article in ARTICLES {
        let name = article
            .rsplit('/')
            .next()
            .unwrap_or(article)
            .replace('.', "_");
        let default = outline(config.path(), &[article]);
        assert_well_formed(&default);
        insta::assert_snapshot!(format!("{name}_80x24"), default);
        let small = outline(config.path(), &["--width", "40", "--height", "12", article]);
        assert_well_formed(&small);
        insta::assert_snapshot!(format!("{name}_40x12"), small);
        // Same headings at both sizes; only the pages differ.
        let headings = |out: &str| -> Vec<String> {
            out.lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .map(|f| format!("{}\t{}", f[0], f[2]))
                .collect()
        };
        assert_eq!(headings(&default), headings(&small), "{article}");
    }
    // Nothing of the articles was stored: only config.toml is read.
    let left: Vec<_> = std::fs::read_dir(config.path())
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "folio outline wrote {left:?}");
}

/// The headings and 1-based pages the reading view's outline (`t`) shows for `article` in a
/// `size` terminal, with the given settings, as lines of `folio outline`.
fn outline_in_the_app(
    article: &str,
    size: (u16, u16),
    measure: u16,
    hyphenate: bool,
    justify: bool,
) -> String {
    let pending = session::read_path(&repo(article), None, usize::MAX, Default::default())
        .unwrap_or_else(|e| panic!("{article}: {e}"));
    let mut app = App::with_document(Arc::new(pending.document()), size, measure);
    // As `main` sets them before the first frame.
    app.settings.hyphenate = hyphenate;
    app.settings.justify = justify;
    app.refresh();
    press(&mut app, &["t"]);
    let shown = app.outline_view();
    assert!(!shown.is_empty(), "{article}: the outline is open");
    shown
        .iter()
        .map(|e| format!("{}\t{}\t{}\n", e.level, e.page + 1, e.title))
        .collect()
}

#[test]
fn pages_agree_with_the_reading_views_outline() {
    let config = tempdir();
    for article in ARTICLES {
        for (w, h) in [(80u16, 24u16), (40, 12), (20, 5), (133, 41)] {
            let (ws, hs) = (w.to_string(), h.to_string());
            let cli = outline(config.path(), &["--width", &ws, "--height", &hs, article]);
            let app = outline_in_the_app(article, (w, h), DEFAULT_MEASURE, true, false);
            assert_eq!(cli, app, "{article} at {w}x{h}");
        }
    }
}

#[test]
fn config_measure_hyphenation_and_justification_are_the_readers() {
    let config = tempdir();
    std::fs::write(
        config.path().join("config.toml"),
        "measure = 30\nhyphenate = false\njustify = true\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for article in ["assets/zeitung.txt", "tests/fixtures/outline/levels.md"] {
        let cli = outline(
            config.path(),
            &["--width", "100", "--height", "10", article],
        );
        let app = outline_in_the_app(article, (100, 10), 30, false, true);
        assert_eq!(cli, app, "{article}");
        // A 30-column measure needs more pages than the default 72 on the same terminal.
        let plain = outline(
            tempdir().path(),
            &["--width", "100", "--height", "10", article],
        );
        let last_page = |out: &str| {
            out.lines()
                .last()
                .and_then(|l| l.split('\t').nth(1))
                .and_then(|p| p.parse::<usize>().ok())
        };
        assert!(last_page(&cli) > last_page(&plain), "{cli}\n{plain}");
    }
}

#[test]
fn standard_input_gives_the_same_outline_as_the_file() {
    let config = tempdir();
    let article = "tests/fixtures/outline/levels.md";
    let from_file = outline(config.path(), &["--width", "40", "--height", "12", article]);
    let bytes = std::fs::read(repo(article)).unwrap_or_else(|e| panic!("{e}"));
    folio(config.path())
        .args(["outline", "--width", "40", "--height", "12"])
        .args(["--format", "markdown", "-"])
        .write_stdin(bytes)
        .assert()
        .success()
        .stdout(from_file);
}

#[test]
fn an_article_without_headings_prints_nothing() {
    let config = tempdir();
    let dir = tempdir();
    let path = dir.path().join("note.txt");
    std::fs::write(
        &path,
        "just a few words, lower case, with no title line and nothing more to it than this\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    folio(config.path())
        .arg("outline")
        .arg(&path)
        .assert()
        .success()
        .stdout("");
}

#[test]
fn missing_files_folders_and_bad_sizes_are_refused() {
    let config = tempdir();
    folio(config.path())
        .args(["outline", "no-such-article.md"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "folio: 'no-such-article.md' was not found",
        ));
    folio(config.path())
        .args(["outline", "assets"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("is a folder"));
    // Below 20 x 5 the reader draws no page (app::MIN_WIDTH, MIN_HEIGHT): no pages to list.
    for (flag, value, says) in [
        ("--width", "0", "0 is not in 20..=1000"),
        ("--width", "19", "19 is not in 20..=1000"),
        ("--width", "wide", "invalid value 'wide'"),
        ("--height", "4", "4 is not in 5..=1000"),
        ("--height", "0", "0 is not in 5..=1000"),
    ] {
        folio(config.path())
            .args(["outline", flag, value, "assets/essay.md"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(flag).and(predicate::str::contains(says)));
    }
    folio(config.path())
        .arg("outline")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<PATH>"));
}

#[test]
fn help_lists_outline_and_its_options() {
    let config = tempdir();
    folio(config.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("outline"));
    folio(config.path())
        .args(["outline", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("level<TAB>page<TAB>heading")
                .and(predicate::str::contains("--height"))
                .and(predicate::str::contains("--width")),
        );
}

/// Regression (issue 14): the outline view padded a heading by its chars, not its cells, so a
/// CJK heading pushed its page number off the row. Every row drawn ends with the page
/// `folio outline` gives.
#[test]
fn the_drawn_outline_shows_every_page_even_beside_wide_characters() {
    let config = tempdir();
    let article = "tests/fixtures/outline/levels.md";
    let cli = outline(config.path(), &[article]);
    let pending = session::read_path(&repo(article), None, usize::MAX, Default::default())
        .unwrap_or_else(|e| panic!("{article}: {e}"));
    let mut app = App::with_document(Arc::new(pending.document()), (80, 24), DEFAULT_MEASURE);
    press(&mut app, &["t"]);
    let rows = common::app::rows(&common::app::draw(&app, 80, 24));
    let pages: Vec<String> = rows
        .iter()
        .filter(|r| r.contains('│'))
        .filter_map(|r| {
            let inner = r.trim_end().trim_end_matches('│');
            let last = inner.split_whitespace().next_back()?;
            last.parse::<usize>().ok().map(|p| p.to_string())
        })
        .collect();
    let expected: Vec<&str> = cli.lines().filter_map(|l| l.split('\t').nth(1)).collect();
    assert_eq!(pages, expected, "{}", rows.join("\n"));
}
