//! The library from a real store on disk: records listed most recent first with their
//! progress and notes, missing files shown as missing, folders listed with progress, and
//! forgetting that keeps the record in the trash folder. Screens at 80x24 and 40x12.

mod common;

use common::app::{draw, press};
use common::store::setup;
use folio::app::App;
use folio::keymap::Key;
use folio::library::{self, Entry, Source};
use folio::record::Date;

/// A date written as `YYYY-MM-DD`.
fn day(text: &str) -> Date {
    text.parse().unwrap_or_else(|e| panic!("{e}"))
}
use folio::record::{Highlight, Record};
use folio::store::{Store, path_key};
use std::path::{Path, PathBuf};

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Saves a record for `file` as if it had been read to `progress` percent on `day`.
fn read(store: &Store, file: &Path, title: &str, progress: u8, day: &str, highlights: usize) {
    let mut r = Record::new(format!("fp-{title}"));
    r.paths = vec![path_key(file)];
    r.title = Some(title.to_string());
    r.author = Some("A. Writer".into());
    r.progress = Some(progress);
    r.last_opened = folio::record::parse_time(&format!("{day}T10:00:00Z"));
    for i in 0..highlights {
        r.highlights.push(Highlight {
            attribution: None,
            id: format!("h{i}"),
            anchor: folio::record::Anchor {
                start: 0,
                end: 4,
                exact: "text".into(),
                prefix: String::new(),
                suffix: String::new(),
                original: None,
            },
            note: String::new(),
            created: r.last_opened.unwrap_or_default(),
            modified: r.last_opened.unwrap_or_default(),
        });
    }
    store
        .save(&r)
        .unwrap_or_else(|e| panic!("save {title}: {e}"));
}

fn titles(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.title.as_str()).collect()
}

#[test]
fn records_are_listed_most_recent_first_then_the_samples() {
    let (dir, store, _) = setup();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.txt");
    write(&a, "# A\n\ntext");
    write(&b, "B\n\ntext");
    read(&store, &a, "Alpha", 40, "2026-11-20", 2);
    read(&store, &b, "Beta", 100, "2026-11-27", 0);
    // A third whose file is gone since.
    let gone = dir.path().join("gone.md");
    write(&gone, "x");
    read(&store, &gone, "Gamma", 10, "2026-11-26", 1);
    std::fs::remove_file(&gone).unwrap_or_else(|e| panic!("{e}"));

    let entries = library::entries(&store, day("2026-11-27"));
    let samples = folio::samples::SAMPLES.len();
    assert_eq!(entries.len(), 3 + samples);
    assert_eq!(titles(&entries)[..3], ["Beta", "Gamma", "Alpha"]);
    assert_eq!(entries[0].opened.as_deref(), Some("today"));
    assert_eq!(entries[1].opened.as_deref(), Some("yesterday"));
    // A week or more ago: the date.
    assert_eq!(entries[2].opened.as_deref(), Some("2026-11-20"));
    assert!(entries[1].missing, "the moved file is shown as missing");
    assert!(!entries[0].missing && !entries[2].missing);
    assert_eq!((entries[2].progress, entries[2].highlights), (Some(40), 2));
    assert!(
        entries[3..]
            .iter()
            .all(|e| matches!(e.source, Source::Sample(_)))
    );
}

#[test]
fn opening_an_article_puts_it_first_without_a_page_turned() {
    let (dir, store, _) = setup();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.txt");
    write(&a, "# A\n\ntext");
    write(&b, "B\n\ntext");
    read(&store, &a, "Alpha", 40, "2026-11-20", 0);
    read(&store, &b, "Beta", 100, "2026-11-27", 0);
    let today = folio::record::today();
    assert_eq!(
        titles(&library::entries(&store, today))[..2],
        ["Beta", "Alpha"]
    );
    // Opened from the library and closed at once: the reader saves the record it attached
    // (the first save, before any page turn), and opening is what moves it up.
    let session = folio::session::Session::new(store.clone(), None);
    let article = session.open(&a).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::with_document(std::sync::Arc::new(article.doc), (80, 24), 72);
    let loaded = article.loaded;
    app.attach(loaded.record, loaded.read_only, &loaded.notices);
    let effects = folio::app::update(&mut app, folio::app::Msg::Key(Key::char('q')));
    let saved = effects.iter().find_map(|e| match e {
        folio::app::Effect::Save(record) => Some(record.clone()),
        _ => None,
    });
    let saved = saved.unwrap_or_else(|| panic!("q saved nothing: {effects:?}"));
    session.save(&saved).unwrap_or_else(|e| panic!("{e}"));
    let entries = library::entries(&store, today);
    assert_eq!(titles(&entries)[..2], ["A", "Beta"]);
    assert_eq!(entries[0].opened.as_deref(), Some("today"));
}

#[test]
fn a_folder_lists_its_readable_files_with_progress() {
    let (dir, store, _) = setup();
    let folder = dir.path().join("articles");
    std::fs::create_dir_all(folder.join("sub")).unwrap_or_else(|e| panic!("{e}"));
    for name in ["b-essay.md", "a-note.txt", "d-book.EPUB"] {
        write(&folder.join(name), "text");
    }
    write(
        &folder.join("c-page.html"),
        "<html><head><title>Harbour Notes</title></head><body><p>Boats.</p></body></html>",
    );
    // A title past the first 8 KB is not looked for: the file name stands in.
    let late = format!("{}\n\n# Found Late\n", "word ".repeat(2000));
    write(&folder.join("e-long.md"), &late);
    write(
        &folder.join("f-heading.md"),
        "# Tide Tables\n\nHigh water at noon.\n",
    );
    write(&folder.join("image.png"), "not an article");
    write(&folder.join("sub/inner.md"), "not listed");
    read(
        &store,
        &folder.join("b-essay.md"),
        "The Essay",
        55,
        "2026-11-27",
        3,
    );

    let entries =
        library::folder(&folder, &store, day("2026-11-27")).unwrap_or_else(|e| panic!("{e}"));
    let files: Vec<&str> = entries
        .iter()
        .filter(|e| e.path().is_some())
        .map(|e| e.title.as_str())
        .collect();
    // Opened first (by last opened), then by file name; titles read from the first lines;
    // no samples after a folder's files.
    assert_eq!(
        files,
        [
            "The Essay",
            // A plain text's first line is its title, as when it is opened.
            "text",
            "Harbour Notes",
            "d-book.EPUB",
            "e-long.md",
            "Tide Tables"
        ]
    );
    assert_eq!(files.len(), entries.len(), "no samples in a folder's list");
    let essay = &entries[0];
    assert_eq!((essay.progress, essay.highlights), (Some(55), 3));
    assert_eq!(entries[1].progress, None);
    // Not a folder: an error, not a panic.
    assert!(library::folder(&folder.join("a-note.txt"), &store, day("2026-11-27")).is_err());
}

#[test]
fn forgetting_moves_the_record_and_its_backup_to_the_trash() {
    let (dir, store, paths) = setup();
    let a = dir.path().join("a.md");
    write(&a, "text");
    read(&store, &a, "Alpha", 40, "2026-11-20", 1);
    // A second save leaves a backup beside the record.
    read(&store, &a, "Alpha", 60, "2026-11-21", 1);
    let id = folio::store::file_id("fp-Alpha");
    assert!(paths.articles().join(format!("{id}.json.bak")).exists());

    let trashed = library::forget(&paths, "fp-Alpha", "2026-11-27T10:00:00Z")
        .unwrap_or_else(|e| panic!("forget: {e}"));
    assert!(trashed.starts_with(paths.root.join("trash")));
    let kept: Record =
        serde_json::from_slice(&std::fs::read(&trashed).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kept.highlights.len(), 1, "the notes are kept in the trash");
    assert!(!paths.articles().join(format!("{id}.json")).exists());
    assert!(!paths.articles().join(format!("{id}.json.bak")).exists());
    // Gone from the library, and opening the article again starts afresh.
    assert!(
        library::entries(&store, day("2026-11-27"))
            .iter()
            .all(|e| e.title != "Alpha")
    );
    let loaded = store.load("fp-Alpha", Some(&a));
    assert!(loaded.record.highlights.is_empty());
    // Forgetting what is not there says so.
    assert!(library::forget(&paths, "fp-none", "2026-11-27T10:00:00Z").is_err());
}

/// Entries with fixed paths and dates, so the screens do not depend on the machine.
fn shelf() -> Vec<Entry> {
    let file =
        |title: &str, author: Option<&str>, progress, hl, bm, opened: &str, path: &str, missing| {
            Entry {
                title: title.into(),
                author: author.map(str::to_string),
                progress,
                highlights: hl,
                bookmarks: bm,
                opened: Some(opened.into()),
                source: Source::File(PathBuf::from(path)),
                missing,
                fingerprint: Some(format!("fp-{title}")),
            }
        };
    let mut list = vec![
        file(
            "The Tide Clocks of Saltmere",
            Some("Honora Vell"),
            Some(62),
            3,
            1,
            "today",
            "/home/reader/articles/tide-clocks.md",
            false,
        ),
        file(
            "Ebersmühl baut gegen das nächste Hochwasser",
            Some("Katharina Wöllner"),
            Some(100),
            12,
            0,
            "yesterday",
            "/home/reader/news/ebersmuehl.txt",
            false,
        ),
        file(
            "A Very Long Title About Lighthouses, Keepers, Their Logbooks and the Weather They Wrote Down",
            None,
            Some(5),
            0,
            2,
            "3 days ago",
            "/home/reader/old/lighthouses.html",
            true,
        ),
    ];
    list.extend(library::samples());
    list
}

#[test]
fn library_screens() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = App::with_library(shelf(), "Library", (w, h));
        insta::assert_snapshot!(format!("library_{w}x{h}"), draw(&app, w, h).backend());
        press(&mut app, &["/", "h", "o", "u", "s"]);
        insta::assert_snapshot!(
            format!("library_filter_{w}x{h}"),
            draw(&app, w, h).backend()
        );
        press(&mut app, &["Esc", "j", "d"]);
        insta::assert_snapshot!(
            format!("library_forget_{w}x{h}"),
            draw(&app, w, h).backend()
        );
    }
}

/// An article read from standard input, as the store lists it: shown as such, never as
/// missing.
#[test]
fn an_article_from_standard_input_is_shown_as_such() {
    let (_dir, store, _) = setup();
    let mut piped = Record::new("fp-piped".into());
    piped.title = Some("Piped Through".into());
    piped.last_opened = folio::record::parse_time("2026-11-27T10:00:00Z");
    store.save(&piped).unwrap_or_else(|e| panic!("{e}"));
    let entries = library::entries(&store, day("2026-11-27"));
    assert_eq!(entries[0].source, Source::Nowhere);
    assert!(!entries[0].missing);
    let app = App::with_library(entries, "Library", (80, 24));
    let screen = draw(&app, 80, 24).backend().to_string();
    let row = screen
        .lines()
        .skip_while(|l| !l.contains("Piped Through"))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(row.contains("(standard input)"), "{screen}");
    assert!(!row.contains("missing"), "{row}");
}

#[test]
fn the_bottom_line_names_the_keys_in_effect() {
    use folio::keymap::{Action, KeyOverride, Keymap, Mode};
    let mut app = App::with_library(shelf(), "Library", (80, 24));
    app.settings.keymap = Keymap::with_overrides(&[KeyOverride {
        mode: Mode::Library,
        action: Action::Forget,
        keys: vec![Key::char('x')],
    }]);
    let screen = draw(&app, 80, 24).backend().to_string();
    let bottom = screen.lines().last().unwrap_or_default().to_string();
    assert!(bottom.contains("x forget"), "{bottom}");
    assert!(!bottom.contains("d forget"), "{bottom}");
    // And the remapped key works.
    press(&mut app, &["x"]);
    assert!(app.screen.library.as_ref().is_some_and(|l| l.confirm));
}
