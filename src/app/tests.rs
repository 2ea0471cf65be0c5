use super::*;
use crate::document::{BlockKind, DocumentBuilder, Meta};
use crate::record::Record;
use crate::samples::SAMPLES;

/// A document of `n` numbered paragraphs, each long enough to wrap.
fn doc(n: usize) -> Arc<Document> {
    let mut b = DocumentBuilder::new(Meta {
        title: Some("Numbers".into()),
        ..Meta::default()
    });
    b.push(BlockKind::Title, "Numbers", vec![], 0, None);
    for i in 0..n {
        let words: Vec<String> = (0..40).map(|w| format!("p{i}w{w}")).collect();
        b.push(BlockKind::Paragraph, &words.join(" "), vec![], 0, None);
    }
    Arc::new(b.finish())
}

/// A key by name; a name `Key::from_str` does not know is a mistake in the test, not a key
/// that does nothing.
fn key(k: &str) -> Msg {
    match k.parse() {
        Ok(key) => Msg::Key(key),
        Err(e) => panic!("test key {k:?}: {e}"),
    }
}

/// The status line's message says `part`.
fn told(app: &App, part: &str) -> bool {
    app.status
        .message
        .as_deref()
        .is_some_and(|m| m.contains(part))
}

/// The open article's document (an empty one when none is open).
fn open_doc(app: &App) -> Arc<Document> {
    app.screen
        .reader
        .as_ref()
        .map(|r| Arc::clone(&r.doc))
        .unwrap_or_default()
}

/// The open article's record.
fn notes_of(app: &App) -> Option<&Record> {
    app.screen.reader.as_ref().map(|r| &r.notes.record)
}

/// Draws the screen as the terminal layer does, and hands the drawn entries back to the app.
fn draw(app: &mut App) -> Hits {
    let hits = crate::ui::hits(app);
    update(app, Msg::Drawn(hits.clone()));
    hits
}

fn send(app: &mut App, keys: &[&str]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for k in keys {
        effects.extend(update(app, key(k)));
        app.refresh();
    }
    effects
}

fn settle(app: &mut App) {
    while app.wants_idle() {
        update(app, Msg::Idle);
    }
    app.refresh();
}

/// Document positions on screen.
fn on_screen(app: &App, pos: TextPos) -> bool {
    app.view
        .lines
        .iter()
        .any(|l| l.src.start <= pos.0 && pos.0 < l.src.end.max(l.src.start + 1))
}

#[test]
fn pages_turn_forward_and_back() {
    let mut app = App::with_document(doc(50), (80, 24), 72);
    assert_eq!(app.view.page, 0);
    send(&mut app, &["Space", "j", "PageDown"]);
    assert_eq!(app.view.page, 3);
    let pos = app.screen.reader.as_ref().map(|r| r.pos);
    assert!(pos.is_some_and(|p| p.0 > 0));
    send(&mut app, &["b", "Left"]);
    assert_eq!(app.view.page, 1);
    send(&mut app, &["k", "k"]);
    assert_eq!(app.view.page, 0);
    assert_eq!(app.status.message.as_deref(), Some("First page"));
}

#[test]
fn first_and_last_page() {
    let mut app = App::with_document(doc(50), (80, 24), 72);
    send(&mut app, &["G"]);
    let last = app.view.pages.map(|n| n - 1);
    assert_eq!(Some(app.view.page), last);
    assert_eq!(app.view.percent, 100);
    send(&mut app, &["Space"]);
    assert_eq!(app.status.message.as_deref(), Some("Last page"));
    assert_eq!(Some(app.view.page), last);
    send(&mut app, &["g"]);
    assert_eq!(app.view.page, 0);
}

#[test]
fn go_to_a_page_or_a_percentage() {
    let mut app = App::with_document(doc(50), (80, 24), 72);
    send(&mut app, &[":", "4", "Enter"]);
    assert_eq!(app.view.page, 3);
    assert_eq!(app.screen.overlay, Overlay::None);
    send(&mut app, &[":", "5", "0", "%", "Enter"]);
    let pages = app.view.pages.unwrap_or(0);
    assert!(pages > 4);
    let middle = app.view.page;
    assert!(
        middle + 2 >= pages / 2 && middle <= pages / 2 + 1,
        "{middle} of {pages}"
    );
    // Past the end is the last page, 0 the first (as less and vim clamp); nonsense keeps
    // the page and says what to type.
    send(&mut app, &[":", "9", "9", "9", "Enter"]);
    assert_eq!(app.view.page, pages - 1);
    assert!(told(&app, &format!("The last page is {pages}")));
    send(&mut app, &[":", "0", "Enter"]);
    assert_eq!(app.view.page, 0);
    send(&mut app, &[":", "5", "0", "%", "Enter"]);
    assert_eq!(app.view.page, middle);
    send(&mut app, &[":", ".", "Enter"]);
    assert_eq!(app.view.page, middle);
    assert!(told(&app, "page number from 1"));
    // Esc cancels; letters are ignored in the prompt.
    send(&mut app, &[":", "x", "2", "Esc"]);
    assert_eq!(app.view.page, middle);
    assert_eq!(app.screen.overlay, Overlay::None);
}

#[test]
fn a_resize_keeps_the_top_sentence_on_screen() {
    let mut app = App::with_document(doc(80), (80, 24), 72);
    send(&mut app, &["Space"; 7]);
    let top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    for size in [(50, 20), (40, 12), (120, 50), (23, 7), (80, 24)] {
        update(&mut app, Msg::Resize(size.0, size.1));
        app.refresh();
        assert!(on_screen(&app, top), "{size:?}");
    }
    // The position survives the round trip: back at 80x24, the same page as before.
    assert_eq!(app.view.page, 7);
}

#[test]
fn measure_changes_keep_the_place() {
    let mut app = App::with_document(doc(80), (100, 30), 72);
    send(&mut app, &["Space"; 5]);
    let top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    send(&mut app, &["+", "+"]);
    assert_eq!(app.view.column, 80);
    assert!(on_screen(&app, top));
    send(&mut app, &["-"; 20]);
    assert_eq!(app.view.column, MIN_MEASURE);
    assert!(on_screen(&app, top));
    // Wider than the window: the column stops at the window.
    send(&mut app, &["+"; 40]);
    assert_eq!(app.view.column, 100);
    assert!(told(&app, "window"));
}

#[test]
fn help_opens_and_closes_and_q_quits() {
    let mut app = App::with_document(doc(5), (80, 24), 72);
    send(&mut app, &["?"]);
    assert_eq!(app.screen.overlay, Overlay::Help { scroll: 0 });
    assert_eq!(app.mode(), Mode::Help);
    // Page keys do not turn pages under the help.
    send(&mut app, &["j"]);
    assert_eq!(app.screen.overlay, Overlay::Help { scroll: 1 });
    assert_eq!(app.view.page, 0);
    assert!(send(&mut app, &["q"]).is_empty());
    assert_eq!(app.screen.overlay, Overlay::None);
    assert_eq!(send(&mut app, &["q"]), vec![Effect::Quit]);
    assert_eq!(send(&mut app, &["Ctrl-c"]), vec![Effect::Quit]);
    assert_eq!(send(&mut app, &["Ctrl-z"]), vec![Effect::Suspend]);
    assert_eq!(send(&mut app, &["Ctrl-l"]), vec![Effect::Redraw]);
}

#[test]
fn a_tiny_window_shows_nothing_and_survives_keys() {
    let mut app = App::with_document(doc(20), (80, 24), 72);
    send(&mut app, &["Space"]);
    let top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    for (w, h) in [(0, 0), (1, 1), (19, 24), (80, 4), (5, 500)] {
        update(&mut app, Msg::Resize(w, h));
        app.refresh();
        assert!(app.too_small());
        send(&mut app, &["Space", "G", "+", "?", "q"]);
    }
    update(&mut app, Msg::Resize(80, 24));
    app.refresh();
    assert!(!app.too_small());
    assert!(on_screen(&app, top));
}

#[test]
fn idle_time_finishes_the_layout_and_the_time_left() {
    let mut app = App::with_document(doc(400), (80, 24), 72);
    assert!(app.wants_idle());
    settle(&mut app);
    assert!(!app.wants_idle());
    let pages = app.view.pages.unwrap_or(0);
    assert!(pages > 50, "{pages}");
    // 400 paragraphs x 40 words + title = 16,001 words at 230 wpm.
    assert_eq!(app.view.minutes_left, Some(16_001 / DEFAULT_WPM));
    send(&mut app, &["G"]);
    assert_eq!(app.view.minutes_left, Some(40 / DEFAULT_WPM));
}

#[test]
fn the_library_opens_a_sample_and_q_returns_to_it() {
    let mut app = App::with_library(crate::library::samples(), "Library", (80, 24));
    assert_eq!(app.mode(), Mode::Library);
    send(&mut app, &["j"]);
    assert_eq!(app.screen.library.as_ref().map(|c| c.selected), Some(1));
    // The list stops at its ends.
    send(&mut app, &["k", "k"]);
    assert_eq!(app.screen.library.as_ref().map(|c| c.selected), Some(0));
    send(&mut app, &["Down"; 20]);
    assert_eq!(
        app.screen.library.as_ref().map(|c| c.selected),
        Some(SAMPLES.len() - 1)
    );
    send(&mut app, &["Enter"]);
    assert!(app.screen.reader.is_some());
    assert!(app.screen.library.is_none());
    assert_eq!(app.mode(), Mode::Reading);
    assert!(!app.view.lines.is_empty());
    // q leaves the article for the library, read again from the store.
    assert_eq!(send(&mut app, &["q"]), vec![Effect::ShowLibrary]);
    assert!(app.screen.reader.is_none());
    update(&mut app, Msg::Library(crate::library::samples()));
    assert_eq!(app.mode(), Mode::Library);
    assert_eq!(send(&mut app, &["q"]), vec![Effect::Quit]);
}

#[test]
fn an_empty_article_opens_with_a_notice() {
    let mut doc = Document::default();
    doc.meta.notices.push("This article is empty.".into());
    let mut app = App::with_document(Arc::new(doc), (80, 24), 72);
    assert_eq!(
        app.status.message.as_deref(),
        Some("This article is empty.")
    );
    send(&mut app, &["Space", "G", "b", ":", "5", "0", "%", "Enter"]);
    assert_eq!(app.view.page, 0);
    assert_eq!(app.view.percent, 100);
}

#[test]
fn the_whole_article_replaces_its_beginning_in_place() {
    let full = doc(300);
    // The beginning: the first 40 blocks of the same document.
    let mut b = DocumentBuilder::new(full.meta.clone());
    for block in &full.blocks[..40] {
        b.push(block.kind.clone(), full.block_text(block), vec![], 0, None);
    }
    let beginning = Arc::new(b.finish());
    assert!(full.text.starts_with(&beginning.text));
    let mut app = App::with_document(beginning, (80, 24), 72);
    app.set_loading(full.text.len());
    settle(&mut app);
    // While loading, the page count is unknown and progress is measured against the whole.
    assert_eq!(app.view.pages, None);
    send(&mut app, &["Space", "Space"]);
    let top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    assert!(app.view.percent < 10, "{}", app.view.percent);
    send(&mut app, &["G"]);
    assert!(told(&app, "Still reading"));
    send(&mut app, &["g", "Space", "Space"]);
    update(&mut app, Msg::Loaded(full));
    settle(&mut app);
    assert!(on_screen(&app, top));
    assert_eq!(app.view.page, 2);
    assert!(app.view.pages.is_some_and(|n| n > 50));
}

/// The screen's rows above the status line that hold any text.
fn page_rows(app: &App) -> usize {
    let area = ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::ui::draw(app, area, &mut buf);
    (0..app.size.1 - 1)
        .filter(|&y| (0..app.size.0).any(|x| buf[(x, y)].symbol() != " "))
        .count()
}

#[test]
fn a_held_first_frame_shows_only_the_status_line_until_the_saved_place_is_known() {
    let full = doc(300);
    // The record of an earlier reading, left at paragraph 120.
    let place = full.blocks[120].range.start;
    let mut notes = Annotations::new(&full, Record::new("test".into()), false);
    notes.set_position(&full, TextPos(place), &crate::annotations::Stamps::new(1));
    let record = notes.record;
    let mut b = DocumentBuilder::new(full.meta.clone());
    for block in &full.blocks[..40] {
        b.push(block.kind.clone(), full.block_text(block), vec![], 0, None);
    }
    let mut app = App::with_document(Arc::new(b.finish()), (80, 24), 72);
    app.set_loading(full.text.len());
    assert!(page_rows(&app) > 10);
    app.hold();
    settle(&mut app);
    // Nothing of the beginning is drawn while the record is looked up.
    assert_eq!(page_rows(&app), 0);
    update(&mut app, Msg::Loaded(Arc::clone(&full)));
    update(
        &mut app,
        Msg::Attach {
            record: Box::new(record),
            read_only: false,
            notices: vec![],
        },
    );
    settle(&mut app);
    assert!(page_rows(&app) > 10);
    assert!(on_screen(&app, TextPos(place)));
    // When the deadline passes first, the page there is is drawn.
    let mut late = App::with_document(Arc::clone(&full), (80, 24), 72);
    late.hold();
    assert_eq!(page_rows(&late), 0);
    update(&mut late, Msg::Reveal);
    assert!(page_rows(&late) > 10);
}

#[test]
fn a_beginning_the_whole_does_not_start_with_goes_back_to_the_start() {
    // Read from a first block that decoded differently from the whole.
    let full = doc(300);
    let mut b = DocumentBuilder::new(full.meta.clone());
    b.push(BlockKind::Title, "Numbers", vec![], 0, None);
    for i in 0..40 {
        b.push(
            BlockKind::Paragraph,
            &format!("other words {i} ").repeat(20),
            vec![],
            0,
            None,
        );
    }
    let mut app = App::with_document(Arc::new(b.finish()), (80, 24), 72);
    app.set_loading(full.text.len());
    settle(&mut app);
    send(&mut app, &["Space", "Space"]);
    assert_eq!(app.view.page, 2);
    update(&mut app, Msg::Loaded(full));
    settle(&mut app);
    assert_eq!(app.view.page, 0);
    assert!(on_screen(&app, TextPos(0)));
}

/// A reader with an (empty) stored record attached, so changes are saved.
fn attached(d: Arc<Document>, size: (u16, u16)) -> App {
    let mut app = App::with_document(d, size, 72);
    app.attach(Record::new("test".into()), false, &[]);
    app
}

fn saved(effects: &[Effect]) -> Option<&Record> {
    effects.iter().rev().find_map(|e| match e {
        Effect::Save(r) => Some(&**r),
        _ => None,
    })
}

/// The record last saved, or an empty one when nothing was.
fn last_save(effects: &[Effect]) -> Record {
    saved(effects)
        .cloned()
        .unwrap_or_else(|| Record::new("2026-12-03T09:00:00Z".to_string()))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Msg::Key(Key::char(c)));
    }
    app.refresh();
}

#[test]
fn turning_a_page_saves_the_position() {
    let mut app = attached(doc(50), (80, 24));
    let effects = send(&mut app, &["Space"]);
    let record = saved(&effects).cloned();
    let pos = app.screen.reader.as_ref().map(|r| r.pos);
    let anchor = record.and_then(|r| r.position).map(|p| p.anchor);
    assert!(anchor.is_some());
    // Idle ticks and refreshes do not save again.
    assert!(saved(&update(&mut app, Msg::Idle)).is_none());
    assert!(pos.is_some_and(|p| p.0 > 0));
}

#[test]
fn a_bookmark_with_a_label_is_saved_shown_and_removed_after_confirmation() {
    let mut app = attached(doc(50), (80, 24));
    send(&mut app, &["Space", "m"]);
    assert!(matches!(
        app.screen.overlay,
        Overlay::Prompt {
            ask: Ask::BookmarkLabel { .. },
            ..
        }
    ));
    type_text(&mut app, "tides");
    let effects = send(&mut app, &["Enter"]);
    let record = last_save(&effects);
    assert_eq!(record.bookmarks.len(), 1);
    assert_eq!(record.bookmarks[0].label, "tides");
    assert!(app.view.bookmarked);
    assert!(crate::ui::status_parts(&app)[0].contains('★'));
    // Another page has no marker.
    send(&mut app, &["Space"]);
    assert!(!app.view.bookmarked);
    // Back on the page, m asks before removing; anything but y keeps it.
    send(&mut app, &["b", "m", "n"]);
    assert!(app.view.bookmarked);
    let effects = send(&mut app, &["m", "y"]);
    let record = last_save(&effects);
    assert!(record.bookmarks.is_empty());
    assert_eq!(record.deleted.len(), 1);
    assert!(!app.view.bookmarked);
    // Esc at the label prompt makes no bookmark.
    send(&mut app, &["m", "Esc"]);
    assert!(notes_of(&app).is_some_and(|r| r.bookmarks.is_empty()));
}

#[test]
fn selecting_and_highlighting_from_the_keyboard() {
    let mut app = attached(doc(50), (80, 24));
    send(&mut app, &["v"]);
    // The first sentence of the page: the title.
    let Overlay::Select { anchor, head } = app.screen.overlay.clone() else {
        panic!("not selecting: {:?}", app.screen.overlay)
    };
    let d = open_doc(&app);
    let text = |a: TextPos, b: TextPos| -> String { d.text[a.0..b.0].to_string() };
    assert_eq!(text(anchor, head), "Numbers");
    send(&mut app, &["w", "w"]);
    let Overlay::Select { head, .. } = app.screen.overlay.clone() else {
        panic!("not selecting")
    };
    assert_eq!(text(anchor, head), "Numbers\n\np0w0 p0w1");
    assert_eq!(app.view.selection, Some(anchor.0..head.0));
    send(&mut app, &["b"]);
    let effects = send(&mut app, &["Enter"]);
    let record = last_save(&effects);
    assert_eq!(record.highlights.len(), 1);
    assert_eq!(record.highlights[0].note, "");
    assert_eq!(app.screen.overlay, Overlay::None);
    assert_eq!(app.view.highlights.len(), 1);
    assert_eq!(app.view.selection, None);
}

#[test]
fn a_highlight_with_a_note() {
    let mut app = attached(doc(50), (80, 24));
    send(&mut app, &["Space", "v", ")", ")", "a"]);
    assert!(matches!(
        app.screen.overlay,
        Overlay::Prompt {
            ask: Ask::Note { .. },
            ..
        }
    ));
    type_text(&mut app, "Worth reading twice");
    send(&mut app, &["Left", "Backspace", "Home", "Delete"]);
    let effects = send(&mut app, &["Enter"]);
    let record = last_save(&effects);
    assert_eq!(record.highlights.len(), 1);
    assert_eq!(record.highlights[0].note, "orth reading twie");
    // Esc at the note prompt keeps the highlight without a note.
    send(&mut app, &["Space", "v", "a", "x", "Esc"]);
    let r = notes_of(&app).cloned();
    assert_eq!(r.map(|r| r.highlights.len()), Some(2));
}

#[test]
fn a_selection_that_crosses_the_page_turns_it() {
    let mut app = App::with_document(doc(50), (80, 24), 72);
    send(&mut app, &["v"]);
    assert_eq!(app.view.page, 0);
    send(&mut app, &["}"; 12]);
    assert!(app.view.page >= 1, "{}", app.view.page);
    let Overlay::Select { head, .. } = app.screen.overlay.clone() else {
        panic!("not selecting")
    };
    assert!(on_screen(&app, TextPos(head.0 - 1)));
    send(&mut app, &["Esc"]);
    assert_eq!(app.screen.overlay, Overlay::None);
    assert!(notes_of(&app).is_some_and(|r| r.highlights.is_empty()));
}

#[test]
fn a_stored_record_restores_the_place_and_a_read_only_one_is_never_saved() {
    let d = doc(80);
    let mut first = attached(d.clone(), (80, 24));
    let effects = send(&mut first, &["Space"; 6]);
    let record = last_save(&effects);
    let top = first.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    // Reopen at another size: the same sentence is on screen.
    let mut again = attached(d.clone(), (50, 20));
    again.attach(record.clone(), false, &[]);
    assert!(on_screen(&again, top), "page {}", again.view.page);
    // Read-only: changes are made in memory, no save is asked for.
    let mut ro = attached(d, (80, 24));
    ro.attach(
        record,
        true,
        &["This record was written by a newer folio".to_string()],
    );
    assert!(told(&ro, "newer"));
    let effects = send(&mut ro, &["Space", "m", "Enter", "v", "Enter"]);
    assert!(saved(&effects).is_none());
}

#[test]
fn a_merged_record_from_another_process_shows_its_highlights() {
    let d = doc(20);
    let mut app = attached(d.clone(), (80, 24));
    let mut other = attached(d, (80, 24));
    let effects = send(&mut other, &["v", "w", "Enter"]);
    let theirs = last_save(&effects);
    update(&mut app, Msg::Saved(Box::new(theirs)));
    app.refresh();
    assert_eq!(app.view.highlights.len(), 1);
    update(&mut app, Msg::SaveFailed("cannot save: disk full".into()));
    assert_eq!(
        app.status.message.as_deref(),
        Some("cannot save: disk full")
    );
}

#[test]
fn samples_and_unattached_articles_never_ask_to_be_saved() {
    let mut app = App::with_library(crate::library::samples(), "Library", (80, 24));
    let effects = send(&mut app, &["Enter", "Space", "m", "Enter", "v", "Enter"]);
    assert!(saved(&effects).is_none(), "{effects:?}");
    assert!(notes_of(&app).is_some_and(|r| r.bookmarks.len() == 1));
}

#[test]
fn a_record_that_arrives_after_the_first_page_restores_the_place() {
    let d = doc(80);
    let mut first = App::with_document(d.clone(), (80, 24), 72);
    first.attach(Record::new("fp".into()), false, &[]);
    let effects = send(&mut first, &["Space"; 5]);
    let record = last_save(&effects);
    let top = first.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    let mut app = App::with_document(d, (80, 24), 72);
    assert_eq!(app.view.page, 0);
    update(
        &mut app,
        Msg::Attach {
            record: Box::new(record),
            read_only: false,
            notices: vec![],
        },
    );
    app.refresh();
    assert!(on_screen(&app, top));
    assert_eq!(app.view.page, 5);
}

/// A reader at `size` with two highlights (one with a note), a bookmark and an orphan.
fn annotated(size: (u16, u16)) -> App {
    let d = doc(60);
    let mut app = attached(d.clone(), size);
    send(&mut app, &["v", "w", "w", "Enter", "Space", "Space", "m"]);
    type_text(&mut app, "third page");
    send(&mut app, &["Enter", "Space", "v", ")", "a"]);
    type_text(&mut app, "remember this");
    send(&mut app, &["Enter"]);
    // An orphan: a highlight whose quote is not in the text.
    if let Some(r) = app.screen.reader.as_mut() {
        let mut record = r.notes.record.clone();
        let mut gone = record.highlights[0].clone();
        gone.id = "gone".into();
        gone.anchor = crate::record::Anchor {
            start: 5,
            end: 30,
            exact: "a passage that was deleted from the article".into(),
            prefix: "nothing like it".into(),
            suffix: "anywhere at all".into(),
            original: None,
        };
        record.highlights.push(gone);
        r.notes.merged(&r.doc, record);
    }
    send(&mut app, &["g"]);
    app
}

#[test]
fn the_panel_lists_highlights_bookmarks_and_orphans_in_reading_order() {
    let mut app = annotated((120, 30));
    send(&mut app, &["Tab"]);
    assert_eq!(app.mode(), Mode::Panel);
    let list = entries(&app, Tab::Highlights, "");
    assert_eq!(list.len(), 3);
    assert!(matches!(list[0].item, Item::Highlight(_)));
    assert!(
        list[0]
            .range
            .as_ref()
            .is_some_and(|r| r.start < list[1].range.as_ref().map_or(TextPos(0), |r| r.start))
    );
    assert_eq!(list[1].note, "remember this");
    assert!(list[1].location.ends_with('%'));
    assert!(matches!(list[2].item, Item::Orphan(_)));
    let marks = entries(&app, Tab::Bookmarks, "");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].text, "third page");
    // 2 switches tab, j/k move and stop at the ends, Tab closes.
    send(&mut app, &["2"]);
    assert_eq!(
        app.screen.panel.as_ref().map(|p| p.tab),
        Some(Tab::Bookmarks)
    );
    send(&mut app, &["1", "k", "k"]);
    assert_eq!(app.screen.panel.as_ref().map(|p| p.selected), Some(0));
    send(&mut app, &["j", "j", "j", "j"]);
    assert_eq!(app.screen.panel.as_ref().map(|p| p.selected), Some(2));
    send(&mut app, &["Tab"]);
    assert!(app.screen.panel.is_none());
    assert_eq!(app.mode(), Mode::Reading);
}

#[test]
fn enter_jumps_to_the_entry_and_marks_it() {
    let mut app = annotated((120, 30));
    send(&mut app, &["Tab", "j"]);
    send(&mut app, &["Enter"]);
    let target = entries(&app, Tab::Highlights, "")[1].range.clone();
    let target = target.unwrap_or(TextPos(0)..TextPos(0));
    assert!(on_screen(&app, target.start));
    assert_eq!(app.screen.flash, Some(target.start.0..target.end.0));
    // Beside a wide page the panel stays; the mark goes with the next key.
    assert!(app.screen.panel.is_some());
    send(&mut app, &["j"]);
    assert_eq!(app.screen.flash, None);
    // An orphan cannot be jumped to: it says why.
    send(&mut app, &["Enter"]);
    assert!(told(&app, "no longer"));
    // On a narrow window the panel covers the page, so it closes after a jump.
    let mut narrow = annotated((80, 24));
    send(&mut narrow, &["Tab", "j", "Enter"]);
    assert!(narrow.screen.panel.is_none());
    assert!(narrow.screen.flash.is_some());
}

#[test]
fn delete_undo_and_edit_from_the_panel() {
    let mut app = annotated((120, 30));
    send(&mut app, &["Tab", "j"]);
    let effects = send(&mut app, &["d"]);
    let record = last_save(&effects);
    assert_eq!(record.highlights.len(), 2);
    assert_eq!(entries(&app, Tab::Highlights, "").len(), 2);
    let effects = send(&mut app, &["u"]);
    let record = last_save(&effects);
    assert_eq!(record.highlights.len(), 3);
    assert!(record.highlights.iter().any(|h| h.note == "remember this"));
    // The restored one has a new id (the old stays deleted for merges).
    assert_eq!(record.deleted.len(), 1);
    assert!(
        !record
            .highlights
            .iter()
            .any(|h| record.deleted.contains(&h.id))
    );
    // e edits the note of the chosen highlight, starting from its text.
    let pos = entries(&app, Tab::Highlights, "")
        .iter()
        .position(|e| e.note == "remember this")
        .unwrap_or(0);
    if let Some(p) = app.screen.panel.as_mut() {
        p.selected = pos;
    }
    send(
        &mut app,
        &["e", "Backspace", "Backspace", "Backspace", "Backspace"],
    );
    type_text(&mut app, "that");
    let effects = send(&mut app, &["Enter"]);
    let record = last_save(&effects);
    assert!(record.highlights.iter().any(|h| h.note == "remember that"));
    // e on a bookmark edits its label.
    send(&mut app, &["2", "e", "Ctrl-u"]);
    type_text(&mut app, "page three");
    let effects = send(&mut app, &["Enter"]);
    let record = last_save(&effects);
    assert_eq!(record.bookmarks[0].label, "page three");
    // Deleting the orphan keeps nothing of it.
    send(&mut app, &["1", "j", "j", "j", "d"]);
    assert!(
        !entries(&app, Tab::Highlights, "")
            .iter()
            .any(|e| matches!(e.item, Item::Orphan(_)))
    );
}

#[test]
fn the_filter_narrows_the_list() {
    let mut app = annotated((120, 30));
    send(&mut app, &["Tab", "/"]);
    type_text(&mut app, "REMEMBER");
    assert_eq!(
        app.screen.panel.as_ref().map(|p| p.filter.text()),
        Some("remember")
    );
    let shown = entries(&app, Tab::Highlights, "remember");
    assert_eq!(shown.len(), 1);
    // Typing does not act on the keys it types (d, u, e are letters here).
    assert_eq!(entries(&app, Tab::Highlights, "").len(), 3);
    send(&mut app, &["Enter"]);
    assert_eq!(app.screen.panel.as_ref().map(|p| p.filtering), Some(false));
    send(&mut app, &["/", "x", "Esc"]);
    assert_eq!(app.screen.panel.as_ref().map(|p| p.filter.text()), Some(""));
}

#[test]
fn opening_the_panel_beside_the_page_reflows_it_around_the_same_sentence() {
    let mut app = attached(doc(80), (100, 30));
    send(&mut app, &["Space"; 4]);
    let top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    assert_eq!(app.view.column, 72);
    send(&mut app, &["Tab"]);
    // 100 wide: a 33-cell panel leaves 66 for the page.
    assert_eq!(panel_beside(100), Some(33));
    assert_eq!(app.view.column, 66);
    assert!(on_screen(&app, top));
    send(&mut app, &["Esc"]);
    assert_eq!(app.view.column, 72);
    assert!(on_screen(&app, top));
    // Narrow: the panel covers the page, which keeps its width.
    assert_eq!(panel_beside(80), None);
}

#[test]
fn overlapping_highlights_merge_and_keep_their_notes() {
    let mut app = attached(doc(10), (80, 24));
    send(&mut app, &["v", "w", "a"]);
    type_text(&mut app, "first");
    send(&mut app, &["Enter", "v", "w", "w", "w", "a"]);
    type_text(&mut app, "second");
    let effects = send(&mut app, &["Enter"]);
    let record = last_save(&effects);
    assert_eq!(record.highlights.len(), 1, "{:?}", record.highlights);
    assert_eq!(record.highlights[0].note, "first · second");
    assert_eq!(record.deleted.len(), 1);
}

#[test]
fn select_by_line_swap_ends_and_copy() {
    let mut app = attached(doc(10), (80, 24));
    send(&mut app, &["Space", "v"]);
    let Overlay::Select { anchor, head } = app.screen.overlay.clone() else {
        panic!("not selecting")
    };
    send(&mut app, &["j"]);
    let Overlay::Select { head: down, .. } = app.screen.overlay.clone() else {
        panic!("not selecting")
    };
    assert!(down > head);
    // The end of a display line: the next character is a space or a block break.
    let text = open_doc(&app);
    assert!(text.text[down.0..].starts_with([' ', '\n']) || down.0 == text.text.len());
    send(&mut app, &["k"]);
    let Overlay::Select { head: up, .. } = app.screen.overlay.clone() else {
        panic!("not selecting")
    };
    assert!(up < down && up > anchor);
    send(&mut app, &["o"]);
    assert_eq!(
        app.screen.overlay,
        Overlay::Select {
            anchor: up,
            head: anchor
        }
    );
    let effects = send(&mut app, &["y"]);
    assert_eq!(
        effects,
        vec![Effect::Copy(text.text[anchor.0..up.0].to_string())]
    );
    assert_eq!(app.screen.overlay, Overlay::None);
}

#[test]
fn the_wheel_turns_pages_and_a_click_on_a_panel_entry_jumps() {
    let mut app = annotated((120, 30));
    update(&mut app, Msg::Mouse(Mouse::ScrollDown, 10, 10));
    update(&mut app, Msg::Mouse(Mouse::ScrollDown, 10, 10));
    app.refresh();
    assert_eq!(app.view.page, 2);
    update(&mut app, Msg::Mouse(Mouse::ScrollUp, 10, 10));
    app.refresh();
    assert_eq!(app.view.page, 1);
    send(&mut app, &["g", "Tab"]);
    // Find the row of the second entry as drawn, and click it.
    let hits = draw(&mut app);
    let (x, y) = hits
        .panel
        .iter()
        .find(|h| h.entry == 1)
        .map_or((0, 0), |h| (h.x, h.y));
    assert!(y > 0);
    // Inside the panel's border (the panel is 40 wide at the right of 120).
    assert!(hits.panel.iter().all(|h| h.x > 80 && h.x + h.width < 120));
    update(&mut app, Msg::Mouse(Mouse::Click, x + 2, y));
    app.refresh();
    assert_eq!(app.screen.panel.as_ref().map(|p| p.selected), Some(1));
    let target = entries(&app, Tab::Highlights, "")[1].range.clone();
    assert!(target.is_some_and(|r| on_screen(&app, r.start)));
    // With the mouse off, nothing moves.
    app.settings.mouse = false;
    let page = app.view.page;
    update(&mut app, Msg::Mouse(Mouse::ScrollDown, 10, 10));
    app.refresh();
    assert_eq!(app.view.page, page);
}

#[test]
fn a_quotation_from_the_quotes_tab_becomes_a_highlight() {
    let mut app = attached(Arc::new(SAMPLES[1].document()), (120, 30));
    send(&mut app, &["Tab", "3"]);
    let quotes = entries(&app, Tab::Quotes, "");
    assert!(quotes.len() >= 5, "{}", quotes.len());
    assert!(quotes.iter().any(|q| q.note == "— Aschenbrenner"));
    // h on a quotation highlights exactly its words; d on the Quotes tab says why not.
    let chosen = app.screen.panel.as_ref().map_or(0, |p| p.selected);
    let range = quotes[chosen].range.clone();
    let effects = send(&mut app, &["h"]);
    let record = last_save(&effects);
    assert_eq!(record.highlights.len(), 1);
    let placed = entries(&app, Tab::Highlights, "");
    assert_eq!(placed[0].range, range);
    send(&mut app, &["d"]);
    assert!(told(&app, "Quotes come from the article"));
    // Enter on a quotation jumps to it.
    send(&mut app, &["k", "Enter"]);
    let chosen = app.screen.panel.as_ref().map_or(0, |p| p.selected);
    let target = entries(&app, Tab::Quotes, "")[chosen].range.clone();
    assert!(target.is_some_and(|r| on_screen(&app, r.start)));
}

#[test]
fn h_on_a_quotation_keeps_its_speaker() {
    let mut app = attached(Arc::new(SAMPLES[1].document()), (120, 30));
    send(&mut app, &["Tab", "3"]);
    let quotes = entries(&app, Tab::Quotes, "");
    let with = quotes
        .iter()
        .position(|q| q.note == "— Söllner")
        .unwrap_or_else(|| panic!("no quotation of Söllner's"));
    let without = quotes
        .iter()
        .position(|q| q.note.is_empty())
        .unwrap_or_else(|| panic!("no quotation without a speaker"));
    let choose = |app: &mut App, want: usize| {
        for _ in 0..quotes.len() {
            let at = app.screen.panel.as_ref().map_or(0, |p| p.selected);
            if at == want {
                return;
            }
            send(app, &[if at < want { "j" } else { "k" }]);
        }
        panic!("could not choose entry {want}");
    };
    choose(&mut app, with);
    let record = last_save(&send(&mut app, &["h"]));
    assert_eq!(record.highlights.len(), 1);
    assert_eq!(record.highlights[0].attribution.as_deref(), Some("Söllner"));
    choose(&mut app, without);
    let record = last_save(&send(&mut app, &["h"]));
    assert_eq!(record.highlights.len(), 2);
    assert_eq!(
        record
            .highlights
            .iter()
            .filter(|h| h.attribution.is_none())
            .count(),
        1
    );
    // The Highlights tab shows the speaker under the quote; the filter finds it.
    send(&mut app, &["1"]);
    let shown = entries(&app, Tab::Highlights, "");
    assert!(
        shown.iter().any(|e| e.attribution == "— Söllner"),
        "{shown:?}"
    );
    assert_eq!(entries(&app, Tab::Highlights, "söllner").len(), 1);
    // The quotation without a speaker made a highlight without one.
    assert!(shown.iter().any(|e| e.attribution.is_empty()));
}

#[test]
fn search_finds_a_phrase_across_pages_and_n_wraps_around() {
    let mut app = App::with_document(doc(60), (80, 24), 72);
    send(&mut app, &["/"]);
    type_text(&mut app, "P3W39 p4w0");
    send(&mut app, &["Enter"]);
    // Smart case: the capital makes it case-sensitive, so nothing matches.
    assert!(
        app.status
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("Not found"))
    );
    assert!(app.screen.search.is_none());
    // Lowercase: found, across a paragraph break, and the page goes there.
    send(&mut app, &["/", "Ctrl-u"]);
    type_text(&mut app, "p3w39 p4w0");
    send(&mut app, &["Enter"]);
    let s = search_of(&app);
    assert_eq!(s.matches.len(), 1);
    assert!(on_screen(&app, TextPos(s.matches[0].start)));
    assert_eq!(app.view.current_match, Some(s.matches[0].clone()));
    // A word in every paragraph: many matches; n and N move and wrap with a notice.
    send(&mut app, &["g", "/", "Ctrl-u"]);
    type_text(&mut app, "w39");
    send(&mut app, &["Enter"]);
    let count = app.screen.search.as_ref().map_or(0, |s| s.matches.len());
    assert_eq!(count, 60);
    assert_eq!(app.screen.search.as_ref().map(|s| s.current), Some(0));
    send(&mut app, &["N"]);
    assert_eq!(app.screen.search.as_ref().map(|s| s.current), Some(59));
    assert_eq!(
        app.status.message.as_deref(),
        Some("Search wrapped to the end")
    );
    send(&mut app, &["n"]);
    assert_eq!(
        app.status.message.as_deref(),
        Some("Search wrapped to the beginning")
    );
    send(&mut app, &["n", "n"]);
    let at = app.screen.search.as_ref().map_or(0, |s| s.matches[2].start);
    assert!(on_screen(&app, TextPos(at)));
    assert!(crate::ui::status_parts(&app).iter().all(|p| !p.is_empty()));
    // Esc clears the search; it never quits: after the message, a hint names q.
    assert!(send(&mut app, &["Esc"]).is_empty());
    assert!(app.screen.search.is_none());
    assert!(app.view.matches.is_empty());
    assert!(send(&mut app, &["Esc", "Esc"]).is_empty());
    assert!(told(&app, "q quits"));
    assert_eq!(send(&mut app, &["q"]), vec![Effect::Quit]);
}

#[test]
fn brackets_jump_between_headings_and_the_status_names_the_section() {
    let mut app = App::with_document(Arc::new(SAMPLES[0].document()), (80, 24), 72);
    let d = open_doc(&app);
    let heading = |name: &str| TextPos(d.text.find(name).unwrap_or(0));
    assert_eq!(app.view.section, None);
    // Page 1 already shows the first heading: ] goes to the next one after this page.
    assert!(on_screen(&app, heading("A town that keeps")));
    send(&mut app, &["]"]);
    assert!(on_screen(&app, heading("The makers")));
    send(&mut app, &["Space"]);
    assert_eq!(app.view.section.as_deref(), Some("The makers"));
    send(&mut app, &["[", "["]);
    assert!(on_screen(&app, heading("A town that keeps")));
    send(&mut app, &["G", "]"]);
    assert_eq!(
        app.status.message.as_deref(),
        Some("No heading after this page")
    );
    send(&mut app, &["g", "["]);
    assert_eq!(
        app.status.message.as_deref(),
        Some("No heading before this page")
    );
}

#[test]
fn the_outline_lists_headings_with_pages_and_jumps() {
    let mut app = App::with_document(Arc::new(SAMPLES[0].document()), (80, 24), 72);
    send(&mut app, &["Space", "Space", "t"]);
    assert_eq!(app.mode(), Mode::Outline);
    let list = app.caches.outline.clone();
    assert_eq!(list[0].title, "The Tide Clocks of Saltmere");
    assert_eq!(list[0].level, 0);
    assert!(list.iter().any(|e| e.title == "The makers" && e.level == 2));
    assert!(list.windows(2).all(|w| w[0].page <= w[1].page));
    // The current section is marked and chosen first.
    let current = list.iter().position(|e| e.current);
    assert_eq!(
        Some(app.screen.overlay.clone()),
        current.map(|selected| Overlay::Outline { selected })
    );
    // Down to the last heading and Enter: its page.
    send(&mut app, &["k"]);
    let Overlay::Outline { selected } = app.screen.overlay.clone() else {
        panic!("outline closed")
    };
    send(&mut app, &["Enter"]);
    assert_eq!(app.screen.overlay, Overlay::None);
    assert!(on_screen(&app, list[selected].pos));
    send(&mut app, &["t", "t"]);
    assert_eq!(app.screen.overlay, Overlay::None);
}

#[test]
fn the_status_section_and_the_outline_mark_agree_on_every_page() {
    let mut app = App::with_document(Arc::new(SAMPLES[0].document()), (80, 24), 72);
    settle(&mut app);
    let pages = app.view.pages.unwrap_or(1);
    for page in 0..pages {
        send(&mut app, &["t"]);
        let marked = app
            .caches
            .outline
            .iter()
            .find(|e| e.current)
            .map(|e| e.title.clone());
        // The outline's first entry is the title, current before the first heading, where the
        // status line names no section.
        let title = app.caches.outline.first().map(|e| e.title.clone());
        send(&mut app, &["t"]);
        let section = app.view.section.clone();
        match &section {
            Some(s) => assert_eq!(marked.as_ref(), Some(s), "page {page}"),
            None => assert!(
                marked.is_none() || marked == title,
                "page {page}: {marked:?}"
            ),
        }
        send(&mut app, &["Space"]);
    }
}

#[test]
fn c_cycles_themes_and_asks_to_remember_them_but_no_color_wins() {
    let mut app = App::with_document(doc(5), (80, 24), 72);
    assert_eq!(app.theme_name(), "default");
    let mut seen = Vec::new();
    for _ in 0..THEMES.len() {
        let effects = send(&mut app, &["c"]);
        let Some(Effect::RememberTheme(name)) = effects.first().cloned() else {
            panic!("{effects:?}")
        };
        assert_eq!(name, app.theme_name());
        seen.push(name);
    }
    assert_eq!(seen, vec!["light", "dark", "sepia", "mono", "default"]);
    app.set_theme("sepia");
    assert_eq!(app.theme_name(), "sepia");
    app.set_theme("no-such-theme");
    assert_eq!(app.theme_name(), "sepia");
    app.settings.color = false;
    assert_eq!(app.theme_name(), "mono");
    assert!(send(&mut app, &["c"]).is_empty());
    assert!(told(&app, "NO_COLOR"));
}

// --- Pace, section time, library, accent-insensitive search (issue 8) ---

/// Sends a key at `t` seconds after `start`, as the terminal layer does (a tick, then the key).
fn key_at(app: &mut App, start: Instant, t: u64, k: &str) -> Vec<Effect> {
    update(
        app,
        Msg::Tick(
            start + std::time::Duration::from_secs(t),
            crate::record::parse_time("2026-12-03T09:00:00Z").unwrap_or_default(),
        ),
    );
    let effects = update(app, key(k));
    app.refresh();
    effects
}

fn paces(effects: &[Effect]) -> Vec<Pace> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::RememberPace(p) => Some(*p),
            _ => None,
        })
        .collect()
}

#[test]
fn the_pace_is_learned_from_page_turns_and_skims_are_ignored() {
    let mut app = App::with_document(doc(200), (80, 24), 72);
    let start = Instant::now();
    update(
        &mut app,
        Msg::Tick(
            start,
            crate::record::parse_time("2026-12-03T09:00:00Z").unwrap_or_default(),
        ),
    );
    let words_on_first: usize = app
        .view
        .lines
        .iter()
        .map(|l| l.text.split_whitespace().count())
        .sum();
    assert!(words_on_first > 100, "{words_on_first}");
    // A minute on the first page, then a turn: one observation at words_on_first per minute.
    let learned = paces(&key_at(&mut app, start, 60, "Space"));
    assert_eq!(learned.len(), 1, "the turn was learned from");
    assert_eq!(learned[0].samples, 1);
    assert_eq!(learned[0].wpm as usize, words_on_first);
    // Two turns a second apart: skims, ignored.
    assert!(paces(&key_at(&mut app, start, 61, "Space")).is_empty());
    assert!(paces(&key_at(&mut app, start, 62, "Space")).is_empty());
    // Going back is not reading forward; nor is a jump.
    assert!(paces(&key_at(&mut app, start, 120, "b")).is_empty());
    assert!(paces(&key_at(&mut app, start, 180, "G")).is_empty());
    // A resize keeps the page's clock running.
    let mut app = App::with_document(doc(200), (80, 24), 72);
    update(
        &mut app,
        Msg::Tick(
            start,
            crate::record::parse_time("2026-12-03T09:00:00Z").unwrap_or_default(),
        ),
    );
    update(&mut app, Msg::Resize(80, 30));
    app.refresh();
    update(
        &mut app,
        Msg::Tick(
            start + std::time::Duration::from_secs(30),
            crate::record::parse_time("2026-12-03T09:00:30Z").unwrap_or_default(),
        ),
    );
    update(&mut app, Msg::Resize(80, 24));
    app.refresh();
    let learned = paces(&key_at(&mut app, start, 60, "Space"));
    assert_eq!(learned.len(), 1);
}

#[test]
fn time_left_uses_the_learned_pace_once_trusted() {
    let mut app = App::with_document(doc(200), (80, 24), 72);
    settle(&mut app);
    let at_default = app.view.minutes_left.unwrap_or(0);
    app.settings.pace = Pace {
        wpm: DEFAULT_WPM * 2,
        samples: 10,
    };
    app.refresh();
    let at_double = app.view.minutes_left.unwrap_or(0);
    assert!(at_default > 10, "{at_default}");
    assert!(
        at_double.abs_diff(at_default / 2) <= 1,
        "{at_default} {at_double}"
    );
    // Not yet trusted: the configured pace holds.
    app.settings.pace.samples = 1;
    app.settings.wpm = 100;
    app.refresh();
    assert!(app.view.minutes_left.unwrap_or(0) > at_default);
}

/// Sections of 30 paragraphs each under headings.
fn sectioned() -> Arc<Document> {
    let mut b = DocumentBuilder::new(Meta {
        title: Some("Parts".into()),
        ..Meta::default()
    });
    b.push(BlockKind::Title, "Parts", vec![], 0, None);
    for s in 0..3 {
        b.push(
            BlockKind::Heading { level: 2 },
            &format!("Part {s}"),
            vec![],
            0,
            None,
        );
        for i in 0..30 {
            let words: Vec<String> = (0..100).map(|w| format!("s{s}p{i}w{w}")).collect();
            b.push(BlockKind::Paragraph, &words.join(" "), vec![], 0, None);
        }
    }
    Arc::new(b.finish())
}

#[test]
fn the_section_time_counts_to_the_next_heading() {
    let mut app = App::with_document(sectioned(), (80, 24), 72);
    app.settings.wpm = 100;
    settle(&mut app);
    // On the first page, the title and then part 0: 3,000 words to part 1, 9,000 to the end
    // (plus headings). The title alone is not a section.
    let section = app.view.section_minutes_left.unwrap_or(0);
    let total = app.view.minutes_left.unwrap_or(0);
    assert!((29..=30).contains(&section), "{section}");
    assert!((89..=90).contains(&total), "{total}");
    // A page in the middle of part 1: less than a part left in the section.
    send(&mut app, &["]", "Space", "Space"]);
    assert_eq!(app.view.section.as_deref(), Some("Part 1"));
    let section = app.view.section_minutes_left.unwrap_or(0);
    assert!((1..29).contains(&section), "{section}");
    assert!(app.view.minutes_left.is_some_and(|m| (31..60).contains(&m)));
    // The last part's time is the article's.
    send(&mut app, &["G"]);
    assert_eq!(app.view.section.as_deref(), Some("Part 2"));
    assert_eq!(app.view.section_minutes_left, app.view.minutes_left);
    // An article without headings has no section time.
    let mut plain = App::with_document(doc(50), (80, 24), 72);
    settle(&mut plain);
    assert_eq!(plain.view.section_minutes_left, None);
}

fn entry(
    title: &str,
    path: &str,
    missing: bool,
    fingerprint: Option<&str>,
) -> crate::library::Entry {
    crate::library::Entry {
        title: title.into(),
        author: None,
        progress: Some(40),
        highlights: 1,
        bookmarks: 0,
        opened: Some("today".into()),
        source: crate::library::Source::File(PathBuf::from(path)),
        missing,
        fingerprint: fingerprint.map(str::to_string),
    }
}

fn shelf() -> Vec<crate::library::Entry> {
    let mut list = vec![
        entry("Harbour notes", "/r/harbour.md", false, Some("fp-h")),
        entry("Gone article", "/r/gone.md", true, Some("fp-g")),
        entry("Never opened", "/r/new.txt", false, None),
    ];
    list.extend(crate::library::samples());
    list
}

#[test]
fn the_library_filters_opens_and_asks_before_forgetting() {
    let mut app = App::with_library(shelf(), "Library", (80, 24));
    // Enter on a file asks the terminal layer to open it.
    assert_eq!(
        send(&mut app, &["Enter"]),
        vec![Effect::Open(PathBuf::from("/r/harbour.md"))]
    );
    // A missing file is not opened: it says so.
    assert!(send(&mut app, &["j", "Enter"]).is_empty());
    assert!(told(&app, "Missing"));
    // d asks; n keeps; d then y forgets.
    assert!(send(&mut app, &["d"]).is_empty());
    assert!(app.screen.library.as_ref().is_some_and(|l| l.confirm));
    assert!(send(&mut app, &["n"]).is_empty());
    assert_eq!(app.status.message.as_deref(), Some("Kept"));
    assert_eq!(
        send(&mut app, &["d", "y"]),
        vec![Effect::Forget("fp-g".into())]
    );
    // Nothing to forget for a file never opened, nor for a sample.
    assert!(send(&mut app, &["j", "d"]).is_empty());
    assert!(app.screen.library.as_ref().is_some_and(|l| !l.confirm));
    // / filters as it is typed (title, author or path); Esc clears the filter first.
    send(&mut app, &["/", "h", "a", "r", "b", "Enter"]);
    let lib = app
        .screen
        .library
        .as_ref()
        .map(|l| (l.visible().len(), l.selected));
    assert_eq!(lib, Some((1, 0)));
    assert_eq!(
        send(&mut app, &["Enter"]),
        vec![Effect::Open(PathBuf::from("/r/harbour.md"))]
    );
    assert!(send(&mut app, &["q"]).is_empty());
    assert!(
        app.screen
            .library
            .as_ref()
            .is_some_and(|l| l.filter.is_empty())
    );
    assert_eq!(send(&mut app, &["q"]), vec![Effect::Quit]);
}

#[test]
fn an_article_opened_from_the_library_attaches_its_record_and_q_goes_back() {
    let mut app = App::with_library(shelf(), "Library", (80, 24));
    let d = doc(60);
    let mut record = Record::new("fp-h".into());
    // The record's position: the start of paragraph 30.
    let Some(start) = d.text.find("p30w0") else {
        panic!("paragraph 30");
    };
    let mut first = App::with_document(Arc::clone(&d), (80, 24), 72);
    first.attach(record.clone(), false, &[]);
    if let Some(r) = first.screen.reader.as_mut() {
        r.pos = TextPos(start);
        r.notes.set_position(&r.doc, r.pos, &first.clock.stamps);
        record = r.notes.record.clone();
    }
    let effects = update(
        &mut app,
        Msg::Opened {
            doc: Arc::clone(&d),
            record: Box::new(record),
            read_only: false,
            notices: vec![],
        },
    );
    app.refresh();
    assert!(effects.iter().any(|e| matches!(e, Effect::Save(_))));
    assert_eq!(app.mode(), Mode::Reading);
    assert!(on_screen(&app, TextPos(start)), "opened at the saved place");
    // A late save of the article read before is not merged into this one.
    update(&mut app, Msg::Saved(Box::new(Record::new("other".into()))));
    assert_eq!(notes_of(&app).map(|r| r.fingerprint.as_str()), Some("fp-h"));
    // o shows the library over the article; q returns to the article.
    assert_eq!(send(&mut app, &["o"]), vec![Effect::ShowLibrary]);
    update(&mut app, Msg::Library(shelf()));
    assert_eq!(app.mode(), Mode::Library);
    assert!(send(&mut app, &["q"]).is_empty());
    assert_eq!(app.mode(), Mode::Reading);
    // q from the article goes back to the library it came from.
    assert_eq!(send(&mut app, &["q"]), vec![Effect::ShowLibrary]);
}

#[test]
fn search_can_ignore_accents() {
    let mut b = DocumentBuilder::new(Meta::default());
    b.push(
        BlockKind::Paragraph,
        "Sie las ihr Résumé im Café, dann das resume.",
        vec![],
        0,
        None,
    );
    let d = Arc::new(b.finish());
    let mut app = App::with_document(Arc::clone(&d), (80, 24), 72);
    send(&mut app, &["/", "r", "e", "s", "u", "m", "e", "Enter"]);
    assert_eq!(app.screen.search.as_ref().map(|s| s.matches.len()), Some(1));
    app.settings.search_ignore_accents = true;
    send(&mut app, &["/", "Enter"]);
    assert_eq!(app.screen.search.as_ref().map(|s| s.matches.len()), Some(2));
}

#[test]
fn the_wheel_moves_through_the_library_not_the_page_under_it() {
    let mut app = App::with_document(doc(50), (80, 24), 72);
    update(&mut app, Msg::Library(shelf()));
    app.refresh();
    update(&mut app, Msg::Mouse(Mouse::ScrollDown, 10, 10));
    update(&mut app, Msg::Mouse(Mouse::ScrollDown, 10, 10));
    app.refresh();
    assert_eq!(app.screen.library.as_ref().map(|l| l.selected), Some(2));
    assert_eq!(app.view.page, 0);
    update(&mut app, Msg::Mouse(Mouse::ScrollUp, 10, 10));
    assert_eq!(app.screen.library.as_ref().map(|l| l.selected), Some(1));
}

#[test]
fn a_click_on_a_library_entry_opens_it() {
    let mut app = App::with_library(shelf(), "Library", (80, 24));
    let hits = draw(&mut app);
    // The header row: nothing.
    assert!(update(&mut app, Msg::Mouse(Mouse::Click, 5, 0)).is_empty());
    // Both rows of the first entry open it.
    for y in [2, 3] {
        assert_eq!(
            update(&mut app, Msg::Mouse(Mouse::Click, 5, y)),
            vec![Effect::Open(PathBuf::from("/r/harbour.md"))]
        );
    }
    // The second entry's file is missing: chosen, and said so.
    assert!(update(&mut app, Msg::Mouse(Mouse::Click, 5, 4)).is_empty());
    assert_eq!(app.screen.library.as_ref().map(|l| l.selected), Some(1));
    assert!(told(&app, "Missing"));
    draw(&mut app);
    // Below the last entry, and the bottom line: nothing.
    let n = app.screen.library.as_ref().map_or(0, |l| l.visible().len());
    let below = u16::try_from(2 + 2 * n).unwrap_or(u16::MAX);
    assert!(update(&mut app, Msg::Mouse(Mouse::Click, 5, below)).is_empty());
    assert!(update(&mut app, Msg::Mouse(Mouse::Click, 5, 23)).is_empty());
    assert_eq!(app.screen.library.as_ref().map(|l| l.selected), Some(1));
    // Geometry: two rows an entry from row 2, the whole width, all above the bottom line.
    let first = hits.library.first().map(|h| (h.x, h.y, h.width, h.height));
    assert_eq!(first, Some((0, 2, 80, 2)));
    assert_eq!(hits.library.len(), n.min(10));
    assert!(hits.library.iter().all(|h| h.y + h.height <= 23));
}

/// Characters no input may take in: escape, CSI, bidi overrides and isolates, a bell.
const HOSTILE: [char; 5] = ['\u{1b}', '\u{9b}', '\u{202e}', '\u{2067}', '\u{7}'];

fn type_hostile(app: &mut App) {
    for c in HOSTILE {
        update(app, Msg::Key(Key::char(c)));
    }
    update(app, Msg::Key(Key::char('4')));
}

fn clean(text: Option<&str>) -> bool {
    text.is_some_and(|t| t == "4")
}

#[test]
fn control_and_bidi_characters_typed_into_any_input_never_reach_the_state() {
    let mut app = App::with_document(doc(20), (80, 24), 72);
    send(&mut app, &[":"]);
    type_hostile(&mut app);
    let Overlay::GoTo { edit } = &app.screen.overlay else {
        panic!("go-to is open");
    };
    assert!(clean(Some(edit.text())), "go-to: {:?}", edit.text());
    send(&mut app, &["Esc", "/"]);
    type_hostile(&mut app);
    let Overlay::Find { edit, .. } = &app.screen.overlay else {
        panic!("search is open");
    };
    assert!(clean(Some(edit.text())), "search: {:?}", edit.text());
    send(&mut app, &["Esc", "m"]);
    type_hostile(&mut app);
    let Overlay::Prompt { edit, .. } = &app.screen.overlay else {
        panic!("the bookmark label prompt is open");
    };
    assert!(clean(Some(edit.text())), "prompt: {:?}", edit.text());
    send(&mut app, &["Esc", "Tab", "/"]);
    assert!(app.screen.panel.as_ref().is_some_and(|p| p.filtering));
    type_hostile(&mut app);
    assert!(
        clean(app.screen.panel.as_ref().map(|p| p.filter.text())),
        "panel"
    );
    let mut app = App::with_library(shelf(), "Library", (80, 24));
    send(&mut app, &["/"]);
    type_hostile(&mut app);
    assert!(
        clean(app.screen.library.as_ref().map(|l| l.filter.text())),
        "library"
    );
}

/// `<` / `>` (issue 14): half the column a step, never past 0 or the end of the widest cut
/// line on the page; kept on a page that has cut lines, back to 0 on one without; running
/// text is not cut at all.
#[test]
fn sideways_scroll_steps_by_half_the_column_and_stays_within_the_page() {
    let mut b = DocumentBuilder::new(Meta::default());
    b.push(BlockKind::Table, &"t".repeat(100), vec![], 0, None);
    b.push(BlockKind::Code, &"c".repeat(60), vec![], 0, None);
    for i in 0..12 {
        b.push(
            BlockKind::Paragraph,
            &format!("Paragraph {i}."),
            vec![],
            0,
            None,
        );
    }
    let mut app = App::with_document(Arc::new(b.finish()), (40, 12), 72);
    app.refresh();
    let shift = |app: &App| app.view.shift;
    send(&mut app, &["<"]);
    assert_eq!(shift(&app), 0, "< at 0 does nothing");
    send(&mut app, &[">"]);
    assert_eq!(shift(&app), 20);
    send(&mut app, &[">", ">", ">", ">"]);
    assert_eq!(
        shift(&app),
        60,
        "stops where the 100-cell table ends at 40 columns"
    );
    send(&mut app, &["<"]);
    assert_eq!(shift(&app), 40);
    assert!(app.view.lines.iter().all(|l| l.cut || l.width() <= 40));
    // The next page has no cut line: the scroll goes back to 0, and `>` says why it does
    // nothing.
    send(&mut app, &["Space"]);
    assert_eq!(shift(&app), 0);
    send(&mut app, &[">"]);
    assert_eq!(shift(&app), 0);
    assert!(told(&app, "Nothing on this page"));
    // Remappable like any key.
    let km = crate::keymap::Keymap::with_overrides(&[crate::keymap::KeyOverride {
        mode: crate::keymap::Mode::Reading,
        action: crate::keymap::Action::ScrollRight,
        keys: vec![crate::keymap::Key::char('L')],
    }]);
    assert_eq!(
        km.action(crate::keymap::Mode::Reading, crate::keymap::Key::char('L')),
        Some(crate::keymap::Action::ScrollRight)
    );
}

/// A search match on a cut line beyond the column's edge is scrolled into view (issue 14), and
/// the next match on running text leaves the scroll alone.
#[test]
fn a_search_match_past_the_edge_of_a_table_is_scrolled_into_view() {
    let mut b = DocumentBuilder::new(Meta::default());
    let row = format!("| {} | needle here |", "cell ".repeat(20));
    b.push(BlockKind::Table, &row, vec![], 0, None);
    b.push(BlockKind::Paragraph, "A needle in prose.", vec![], 0, None);
    let mut app = App::with_document(Arc::new(b.finish()), (40, 12), 72);
    app.refresh();
    send(&mut app, &["/"]);
    type_text(&mut app, "needle");
    send(&mut app, &["Enter"]);
    let line = app
        .view
        .lines
        .iter()
        .find(|l| l.cut)
        .cloned()
        .unwrap_or_default();
    let at = line.text.find("needle").unwrap_or(0);
    let start = crate::layout::width(&line.text[..at]);
    let shift = app.view.shift;
    assert!(
        shift > 0 && shift < start && start + 6 < shift + 40,
        "{shift} {start}"
    );
    send(&mut app, &["n"]);
    assert_eq!(
        app.view.shift, shift,
        "a match on running text does not scroll"
    );
}

/// Turns pages until one shows `text`.
fn page_showing(app: &mut App, text: &str) {
    for _ in 0..50 {
        if app.view.lines.iter().any(|l| l.text.contains(text)) {
            return;
        }
        send(app, &["Space"]);
    }
    panic!("no page shows {text:?}");
}

#[test]
fn f_lists_the_links_on_the_page_and_enter_names_the_target() {
    let mut app = App::with_document(Arc::new(SAMPLES[0].document()), (80, 24), 72);
    // The first page has no links: the list is empty, and f closes it.
    send(&mut app, &["f"]);
    assert_eq!(app.mode(), Mode::Links);
    assert!(app.links_view().is_empty());
    send(&mut app, &["f"]);
    assert_eq!(app.screen.overlay, Overlay::None);
    page_showing(&mut app, "regional tide");
    send(&mut app, &["f"]);
    let list = app.links_view().to_vec();
    assert_eq!(
        list,
        [LinkEntry {
            number: 1,
            text: "regional tide tables".into(),
            target: "https://example.org/tides/saltmere-estuary".into(),
        }]
    );
    // j wraps around a list of one; Enter names the target and keeps the list open.
    send(&mut app, &["j", "Enter"]);
    assert_eq!(app.screen.overlay, Overlay::Links { selected: 0 });
    assert!(told(
        &app,
        "Following links comes later: https://example.org/tides/saltmere-estuary"
    ));
    send(&mut app, &["Esc"]);
    assert_eq!(app.screen.overlay, Overlay::None);
    send(&mut app, &["f", "q"]);
    assert_eq!(app.screen.overlay, Overlay::None);
    assert!(app.links_view().is_empty());
}

/// The reader's top position.
fn top_of(app: &App) -> TextPos {
    app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos)
}

/// The query of the active search.
fn query_of(app: &App) -> Option<String> {
    app.screen.search.as_ref().map(|s| s.query.clone())
}

/// The search history the last effects asked to remember.
fn remembered(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::RememberSearches(list) => Some(list.iter().map(|s| s.query.clone()).collect()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The text typed into the open search input.
fn typed_search(app: &App) -> Option<(String, bool)> {
    match &app.screen.overlay {
        Overlay::Find { edit, regex, .. } => Some((edit.text().to_string(), *regex)),
        _ => None,
    }
}

/// Issue 16: after `/Peking` Enter, `/Musk besucht` searched `PekingMusk besucht`.
#[test]
fn each_search_starts_empty_with_the_last_one_suggested_and_up_down_walk_the_history() {
    let mut app = App::with_document(doc(60), (80, 24), 72);
    send(&mut app, &["/"]);
    type_text(&mut app, "p3w1");
    let effects = send(&mut app, &["Enter"]);
    assert_eq!(remembered(&effects), ["p3w1"]);
    send(&mut app, &["/"]);
    // A fresh input: the last query is a suggestion, not text to append to.
    assert_eq!(typed_search(&app), Some((String::new(), false)));
    assert_eq!(
        search::suggestion(&app).map(|s| s.query.as_str()),
        Some("p3w1")
    );
    type_text(&mut app, "p5w2 p5w3");
    let effects = send(&mut app, &["Enter"]);
    assert_eq!(query_of(&app).as_deref(), Some("p5w2 p5w3"));
    assert_eq!(remembered(&effects), ["p5w2 p5w3", "p3w1"]);
    // Enter on the empty input searches for the suggestion again.
    send(&mut app, &["g", "/", "Enter"]);
    assert_eq!(query_of(&app).as_deref(), Some("p5w2 p5w3"));
    // Up and Down walk the history and come back to what was typed.
    send(&mut app, &["/"]);
    type_text(&mut app, "dra");
    send(&mut app, &["Up"]);
    assert_eq!(typed_search(&app), Some(("p5w2 p5w3".into(), false)));
    send(&mut app, &["Up", "Up"]);
    assert_eq!(typed_search(&app), Some(("p3w1".into(), false)));
    send(&mut app, &["Down"]);
    assert_eq!(typed_search(&app), Some(("p5w2 p5w3".into(), false)));
    send(&mut app, &["Down"]);
    assert_eq!(typed_search(&app), Some(("dra".into(), false)));
    // A repeated search moves to the front once; the history is bounded.
    send(&mut app, &["Ctrl-u"]);
    type_text(&mut app, "p3w1");
    let effects = send(&mut app, &["Enter"]);
    assert_eq!(remembered(&effects), ["p3w1", "p5w2 p5w3"]);
    for i in 0..search::MAX_HISTORY + 5 {
        send(&mut app, &["/"]);
        type_text(&mut app, &format!("q{i}"));
        send(&mut app, &["Enter"]);
    }
    assert_eq!(app.settings.searches.len(), search::MAX_HISTORY);
    assert_eq!(app.settings.searches[0].query, "q104");
}

#[test]
fn a_history_read_from_state_json_is_cleaned_deduplicated_and_bounded() {
    let past = |q: &str| crate::store::PastSearch {
        query: q.into(),
        regex: false,
    };
    let mut stored = vec![
        past("  Peking "),
        past("Peking"),
        past("\u{1b}[2JMusk"),
        past(""),
    ];
    stored.extend((0..200).map(|i| past(&format!("q{i}"))));
    let clean = remembered_searches(stored);
    assert_eq!(clean.len(), search::MAX_HISTORY);
    assert_eq!(clean[0].query, "Peking");
    assert_eq!(clean[1].query, "[2JMusk");
}

#[test]
fn ctrl_r_searches_with_a_regular_expression_and_a_bad_one_is_told() {
    let mut app = App::with_document(doc(60), (80, 24), 72);
    send(&mut app, &["/", "Ctrl-r"]);
    assert_eq!(typed_search(&app), Some((String::new(), true)));
    type_text(&mut app, r"p1\d+w0\b");
    send(&mut app, &["Enter"]);
    let s = app.screen.search.clone();
    assert!(s.as_ref().is_some_and(|s| s.regex));
    // p10w0 … p19w0, and p1w0 is not one of them.
    assert_eq!(s.map(|s| s.matches.len()), Some(10));
    // The history keeps the kind: Up brings the pattern back as a pattern.
    send(&mut app, &["/", "Up"]);
    assert_eq!(typed_search(&app), Some((r"p1\d+w0\b".into(), true)));
    send(&mut app, &["Esc", "/", "Ctrl-r"]);
    type_text(&mut app, "(p1");
    assert!(send(&mut app, &["Enter"]).len() == 1);
    assert!(
        told(&app, "Cannot search: not a valid pattern"),
        "{:?}",
        app.status.message
    );
    assert!(app.screen.search.is_none());
    // Ctrl-r again is a phrase: the parenthesis is just a character.
    send(&mut app, &["/", "Ctrl-r", "Ctrl-r"]);
    type_text(&mut app, "(p1");
    send(&mut app, &["Enter"]);
    assert!(told(&app, "Not found: (p1"));
}

/// The search in progress (a test that expects one).
fn search_of(app: &App) -> Search {
    app.screen
        .search
        .clone()
        .unwrap_or_else(|| panic!("no search"))
}

/// Issue 16: `/Blinken` (match 1 on page 1), `G`, `n` went to match 2, back on page 1.
#[test]
fn n_and_shift_n_search_from_the_page_shown() {
    let mut app = App::with_document(doc(60), (80, 24), 72);
    settle(&mut app);
    send(&mut app, &["/"]);
    type_text(&mut app, "w39");
    send(&mut app, &["Enter"]);
    assert_eq!(app.screen.search.as_ref().map(|s| s.current), Some(0));
    send(&mut app, &[":", "5", "Enter"]);
    let top = top_of(&app);
    send(&mut app, &["n"]);
    let s = search_of(&app);
    // The first match after the top of page 5, not match 2.
    assert!(s.current > 1);
    assert!(s.matches[s.current].start >= top.0);
    assert!(s.matches[s.current - 1].start < top.0);
    assert!(on_screen(&app, TextPos(s.matches[s.current].start)));
    // N from a page further on: the last match before it.
    send(&mut app, &[":", "8", "Enter"]);
    let top = top_of(&app);
    send(&mut app, &["N"]);
    let s = search_of(&app);
    assert!(s.matches[s.current].start < top.0);
    assert!(
        s.matches
            .get(s.current + 1)
            .is_none_or(|m| m.start >= top.0)
    );
    // On the last page: its first match, then on to the last, then a wrap with a notice.
    send(&mut app, &["G"]);
    let top = top_of(&app);
    send(&mut app, &["n"]);
    let s = search_of(&app);
    assert!(s.matches[s.current].start >= top.0);
    assert!(s.matches[s.current - 1].start < top.0);
    while app.screen.search.as_ref().is_some_and(|s| s.current < 59) {
        send(&mut app, &["n"]);
        assert!(app.status.message.is_none());
    }
    send(&mut app, &["n"]);
    assert_eq!(app.screen.search.as_ref().map(|s| s.current), Some(0));
    assert!(told(&app, "Search wrapped to the beginning"));
}

#[test]
fn jumps_go_back_and_forward_and_a_new_jump_drops_the_places_ahead() {
    let mut app = App::with_document(doc(60), (80, 24), 72);
    settle(&mut app);
    let last = app.view.pages.unwrap_or(1) - 1;
    send(&mut app, &["Space", "G"]);
    send(&mut app, &[":", "3", "Enter"]);
    assert_eq!(app.view.page, 2);
    send(&mut app, &["Backspace"]);
    assert_eq!(app.view.page, last);
    send(&mut app, &["Ctrl-o"]);
    // Page turns are not jumps: back to page 2, where G was pressed.
    assert_eq!(app.view.page, 1);
    send(&mut app, &["Backspace"]);
    assert_eq!(app.view.page, 1);
    assert!(told(&app, "No earlier place"));
    send(&mut app, &["Ctrl-n"]);
    assert_eq!(app.view.page, last);
    send(&mut app, &["Ctrl-n"]);
    assert_eq!(app.view.page, 2);
    send(&mut app, &["Ctrl-n"]);
    assert!(told(&app, "No later place"));
    // Back one, then a new jump: the place ahead (page 3) is gone.
    send(&mut app, &["Backspace", "g", "Ctrl-n"]);
    assert_eq!(app.view.page, 0);
    assert!(told(&app, "No later place"));
    send(&mut app, &["Backspace"]);
    assert_eq!(app.view.page, last);
    // A search, n, ], the outline and the panel are jumps too.
    let mut app = App::with_document(Arc::new(SAMPLES[0].document()), (80, 24), 72);
    send(&mut app, &["]"]);
    let after_bracket = app.view.page;
    assert!(after_bracket > 0);
    send(&mut app, &["Backspace"]);
    assert_eq!(app.view.page, 0);
    send(&mut app, &["t", "j", "j", "j", "Enter"]);
    assert!(app.view.page > 0);
    send(&mut app, &["Backspace"]);
    assert_eq!(app.view.page, 0);
    send(&mut app, &["/"]);
    type_text(&mut app, "logbook");
    send(&mut app, &["Enter"]);
    assert!(app.view.page > 0);
    send(&mut app, &["Backspace"]);
    assert_eq!(app.view.page, 0);
}

#[test]
fn a_saved_place_restored_leaves_the_start_on_the_jump_list() {
    let d = doc(60);
    let mut app = attached(d.clone(), (80, 24));
    send(&mut app, &["Space", "Space", "Space"]);
    let record = notes_of(&app)
        .cloned()
        .unwrap_or_else(|| panic!("no record"));
    let mut app = App::with_document(d, (80, 24), 72);
    app.attach(record, false, &[]);
    assert_eq!(app.view.page, 3);
    send(&mut app, &["Backspace"]);
    assert_eq!(app.view.page, 0);
}

#[test]
fn ctrl_d_and_ctrl_u_move_half_a_page_by_lines() {
    let mut app = App::with_document(doc(60), (80, 24), 72);
    let page0 = app.view.lines.clone();
    send(&mut app, &["Ctrl-d"]);
    // The page's second half is now at the top, and the next page's beginning below it.
    let half = 23 / 2;
    let first = page0[half..]
        .iter()
        .find(|l| !l.is_blank())
        .map(|l| l.src.start);
    assert_eq!(Some(top_of(&app).0), first);
    assert_eq!(app.view.page, 0);
    assert_eq!(app.view.lines.len(), 23);
    let last_line = page0.iter().rev().find(|l| !l.is_blank());
    assert!(last_line.is_some_and(|l| on_screen(&app, TextPos(l.src.start))));
    // Ctrl-u goes back up to the page's top; there is nothing above it.
    send(&mut app, &["Ctrl-u"]);
    assert_eq!(top_of(&app), TextPos(0));
    assert_eq!(app.view.lines, page0);
    send(&mut app, &["Ctrl-u"]);
    assert!(told(&app, "First page"));
    // From a half page, Space and b line pages up again.
    send(&mut app, &["Ctrl-d", "Space"]);
    assert_eq!(app.view.page, 1);
    let page1 = top_of(&app);
    send(&mut app, &["Ctrl-d", "b"]);
    assert_eq!(top_of(&app), page1);
    // The position saved is the first line shown, a text offset.
    let mut app = attached(doc(60), (80, 24));
    let effects = send(&mut app, &["Ctrl-d"]);
    let saved = last_save(&effects)
        .position
        .and_then(|p| usize::try_from(p.anchor.start).ok());
    assert_eq!(saved, Some(top_of(&app).0));
    // At the end, Ctrl-d stops.
    send(&mut app, &["G", "Ctrl-d"]);
    assert!(told(&app, "Last page"));
}

/// Issue 16: Esc quit right after "Not found: …" or "Copied …".
#[test]
fn esc_closes_one_thing_a_press_and_never_quits_the_reading_view() {
    let mut app = App::with_document(doc(60), (80, 24), 72);
    send(&mut app, &["/"]);
    type_text(&mut app, "nowhere");
    send(&mut app, &["Enter"]);
    assert!(told(&app, "Not found"));
    assert!(send(&mut app, &["Esc"]).is_empty());
    assert!(app.status.message.is_none());
    // Overlays, prompts, the selection, the search: one per press.
    for keys in [&["?"][..], &["/"], &[":"], &["m"], &["t"], &["f"], &["v"]] {
        send(&mut app, keys);
        assert_ne!(app.screen.overlay, Overlay::None, "{keys:?}");
        assert!(send(&mut app, &["Esc"]).is_empty(), "{keys:?}");
        assert_eq!(app.screen.overlay, Overlay::None, "{keys:?}");
    }
    send(&mut app, &["/"]);
    type_text(&mut app, "w39");
    send(&mut app, &["Enter", "k"]);
    assert!(told(&app, "First page"));
    send(&mut app, &["Esc"]);
    assert!(
        app.screen.search.is_some(),
        "the first Esc took the message only"
    );
    send(&mut app, &["Esc"]);
    assert!(app.screen.search.is_none());
    for _ in 0..3 {
        assert!(send(&mut app, &["Esc"]).is_empty());
    }
    assert!(app.screen.reader.is_some());
    assert_eq!(send(&mut app, &["q"]), vec![Effect::Quit]);
}

#[test]
fn esc_in_the_panel_clears_its_filter_first_then_closes_it() {
    let mut app = annotated((80, 24));
    send(&mut app, &["Tab", "/"]);
    type_text(&mut app, "remember");
    send(&mut app, &["Enter"]);
    assert_eq!(entries(&app, Tab::Highlights, "remember").len(), 1);
    send(&mut app, &["Esc"]);
    let panel = app.screen.panel.as_ref();
    assert!(panel.is_some_and(|p| p.filter.is_empty() && !p.filtering));
    send(&mut app, &["Esc"]);
    assert!(app.screen.panel.is_none());
    assert!(send(&mut app, &["Esc"]).is_empty());
}

#[test]
fn lists_stop_at_their_ends() {
    let mut app = App::with_document(Arc::new(SAMPLES[0].document()), (80, 24), 72);
    send(&mut app, &["t", "k", "k", "k"]);
    assert_eq!(app.screen.overlay, Overlay::Outline { selected: 0 });
    send(&mut app, &["j"; 40]);
    let n = app.outline_view().len();
    assert_eq!(app.screen.overlay, Overlay::Outline { selected: n - 1 });
    send(&mut app, &["Esc"]);
    let mut app = annotated((80, 24));
    send(&mut app, &["Tab", "2", "k", "j", "j"]);
    assert_eq!(app.screen.panel.as_ref().map(|p| p.selected), Some(0));
}

mod habits;
mod spread;
