//! Issue 16, a reader's habits: selections snap to words, bookmarks anchor at a word start,
//! one progress, `+`/`-` keep the page's first line, `m` with several bookmarks, overlays
//! sized to their content, prompts that fit, the library's cursor.

use super::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

fn zeitung() -> Arc<Document> {
    Arc::new(SAMPLES[1].document())
}

fn render(app: &App) -> Buffer {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    crate::ui::draw(app, area, &mut buf);
    buf
}

fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

fn highlight_texts(app: &App) -> Vec<String> {
    let d = open_doc(app);
    app.screen.reader.as_ref().map_or(Vec::new(), |r| {
        r.notes
            .highlight_ranges()
            .into_iter()
            .map(|(_, r)| d.text[r.start.0..r.end.0].to_string())
            .collect()
    })
}

#[test]
fn v_o_w_enter_saves_whole_words_without_a_leading_space() {
    // Regression (issue 16): `v` `o` `w` Enter saved " dieser Situation …".
    let mut app = attached(zeitung(), (80, 24));
    send(&mut app, &["Space", "v", "o", "w"]);
    let Overlay::Select { anchor, head } = app.screen.overlay.clone() else {
        panic!("selecting");
    };
    let d = open_doc(&app);
    // The start moved to the next word's start, not to the end of the first word.
    assert!(head < anchor);
    assert!(!d.text[head.0..].starts_with(char::is_whitespace));
    assert!(d.text[..head.0].ends_with(' '));
    send(&mut app, &["Enter"]);
    let texts = highlight_texts(&app);
    assert_eq!(texts.len(), 1);
    let t = &texts[0];
    assert_eq!(t.trim(), t, "no space at either end: {t:?}");
    // `o` `b` moves the start back by whole words too.
    send(&mut app, &["Space", "v", "o", "w", "w", "b", "Enter"]);
    for t in highlight_texts(&app) {
        assert_eq!(t.trim(), t);
    }
}

/// The first page at some size whose top line continues a word from the page before.
fn page_starting_mid_word(app: &mut App) -> Option<usize> {
    let d = open_doc(app);
    let r = app.screen.reader.as_mut()?;
    (1..r.layout.page_count()).find(|&p| {
        let pos = r.layout.position_of_page(p).0;
        let before = d.text[..pos].chars().next_back();
        let after = d.text[pos..].chars().next();
        before.is_some_and(|c| c.is_alphanumeric() || c == '\u{ad}' || c == '-')
            && after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn a_bookmark_on_a_page_that_begins_with_a_word_tail_starts_at_the_next_word() {
    let mut found = false;
    for h in 8..30 {
        let mut app = attached(zeitung(), (40, h));
        settle(&mut app);
        let Some(page) = page_starting_mid_word(&mut app) else {
            continue;
        };
        found = true;
        if let Some(r) = app.screen.reader.as_mut() {
            r.set_page(page);
        }
        app.refresh();
        let top = app.screen.reader.as_ref().map_or(0, |r| r.pos.0);
        send(&mut app, &["m", "Enter"]);
        let d = open_doc(&app);
        let marks = app
            .screen
            .reader
            .as_ref()
            .map(|r| {
                r.notes
                    .bookmark_positions()
                    .into_iter()
                    .map(|(_, p)| p.0)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        assert_eq!(marks.len(), 1, "height {h}");
        let at = marks[0];
        assert!(at > top, "not the tail at the page top (height {h})");
        assert!(
            d.text[..at].ends_with(char::is_whitespace),
            "a word start (height {h})"
        );
        assert!(
            app.view.bookmarked,
            "the page shows its bookmark (height {h})"
        );
        // The panel's entry begins with that word.
        let entries = entries(&app, Tab::Bookmarks, "");
        let first_word = d.text[at..].split_whitespace().next().unwrap_or("");
        assert!(entries[0].text.starts_with(first_word));
        break;
    }
    assert!(found, "some size puts a word across a page break");
}

#[test]
fn one_progress_in_the_status_line_the_record_and_the_panel() {
    let mut app = attached(zeitung(), (80, 24));
    settle(&mut app);
    // The first page says its own end's share, not 0 and not the top's.
    let first = app.view.percent;
    assert!(first > 0 && first < 100);
    let effects = send(&mut app, &["Space"]);
    let second = app.view.percent;
    assert!(second > first);
    // Saved with the page turn: the record holds what the status line shows.
    assert_eq!(last_save(&effects).progress, Some(second));
    assert_eq!(notes_of(&app).and_then(|r| r.progress), Some(second));
    // The panel's title says the same.
    send(&mut app, &["Tab"]);
    let buf = render(&app);
    let all: String = (0..24).map(|y| row(&buf, y)).collect();
    assert!(all.contains(&format!("· {second}% read ·")), "{all}");
    send(&mut app, &["Tab"]);
    // A resize moves the page's end: the record follows with the next message.
    update(&mut app, Msg::Resize(40, 12));
    app.refresh();
    let effects = update(&mut app, Msg::Idle);
    app.refresh();
    assert_eq!(last_save(&effects).progress, Some(app.view.percent));
    // The last page is 100.
    let effects = send(&mut app, &["G"]);
    assert_eq!(app.view.percent, 100);
    assert_eq!(last_save(&effects).progress, Some(100));
}

#[test]
fn wider_or_narrower_keeps_the_first_line_of_the_page_and_never_goes_back() {
    // Regression (issue 16): `+` from page 2 went back to page 1.
    for (s, size) in [(1, (80, 24)), (0, (80, 24)), (1, (100, 30))] {
        let mut app = App::with_document(Arc::new(SAMPLES[s].document()), size, 72);
        settle(&mut app);
        send(&mut app, &["Space"]);
        for k in ["+", "+", "-", "-", "-", "+"] {
            let page = app.view.page;
            let first = app
                .view
                .lines
                .iter()
                .find(|l| !l.is_blank())
                .map_or(0, |l| l.src.start);
            send(&mut app, &[k]);
            assert!(on_screen(&app, TextPos(first)), "sample {s} {size:?} {k}");
            // Page 2 stays page 2 (deeper in, fewer pages may come before a wider column).
            if k == "+" && page == 1 {
                assert_eq!(app.view.page, 1, "sample {s} {size:?}: back to page 1");
            }
        }
    }
}

#[test]
fn m_on_a_page_with_several_bookmarks_lists_them_to_remove_one() {
    let mut app = attached(doc(40), (80, 24));
    send(&mut app, &["Space"]);
    let d = open_doc(&app);
    let top = app.screen.reader.as_ref().map_or(0, |r| r.pos.0);
    let second = d.text[top..].find(" p").map_or(top, |i| top + i + 1);
    if let Some(r) = app.screen.reader.as_mut() {
        r.notes
            .add_bookmark(&d, TextPos(top), "Top", &mut app.clock.stamps);
        r.notes
            .add_bookmark(&d, TextPos(second), "", &mut app.clock.stamps);
    }
    app.refresh();
    send(&mut app, &["m"]);
    let Overlay::Prompt {
        ask: Ask::RemoveOneOf { choices },
        ..
    } = &app.screen.overlay
    else {
        panic!("a list to choose from: {:?}", app.screen.overlay);
    };
    assert_eq!(choices.len(), 2);
    assert_eq!(choices[0].1, "Top");
    // The prompt names them by number.
    let status = row(&render(&app), 23);
    assert!(status.contains("1 Top · 2 p"), "{status}");
    // Another key keeps both.
    send(&mut app, &["x"]);
    assert!(told(&app, "kept"));
    assert_eq!(notes_of(&app).map(|r| r.bookmarks.len()), Some(2));
    let effects = send(&mut app, &["m", "2"]);
    let left = last_save(&effects);
    assert_eq!(left.bookmarks.len(), 1);
    assert_eq!(left.bookmarks[0].label, "Top");
    // One left: `m` asks about that one, as before.
    send(&mut app, &["m"]);
    assert!(matches!(
        app.screen.overlay,
        Overlay::Prompt {
            ask: Ask::RemoveBookmark { .. },
            ..
        }
    ));
}

#[test]
fn the_bookmark_prompt_gives_way_before_the_typed_label_and_shows_the_cursor() {
    let mut app = attached(doc(20), (80, 24));
    send(&mut app, &["m"]);
    let status = |app: &App| row(&render(app), 23);
    assert!(status(&app).starts_with(" Bookmark label (Enter saves, Esc cancels): "));
    type_text(&mut app, "Harbour");
    let s = status(&app);
    assert!(
        s.starts_with(" Bookmark label (Enter saves, Esc cancels): Harbour"),
        "{s}"
    );
    assert!(!s.contains('…'));
    // A longer label: the hint goes first, then words of the label.
    type_text(&mut app, " clocks and the keepers of time");
    let s = status(&app);
    assert!(
        s.starts_with(" Bookmark label: Harbour clocks and the keepers of time"),
        "{s}"
    );
    type_text(&mut app, " along the estuary, winter and summer alike");
    let s = status(&app);
    assert!(s.starts_with(" Label: "), "{s}");
    assert!(s.contains("summer alike"), "the end of the text shows: {s}");
    // The cursor in the middle of the text is drawn unreversed (it was invisible).
    send(&mut app, &["Left", "Left"]);
    let buf = render(&app);
    let cursor = (0..80).find(|&x| !buf[(x, 23)].modifier.contains(Modifier::REVERSED));
    assert!(
        cursor.is_some_and(|x| buf[(x, 23)].symbol() == "k"),
        "{:?}",
        cursor
    );
    // A question without text takes the whole line: at 40 columns the long one fits.
    let mut app = attached(doc(20), (40, 12));
    send(&mut app, &["m", "Enter", "m"]);
    assert_eq!(
        row(&render(&app), 11).trim_end(),
        " Remove this page's bookmark? y / n"
    );
    // At 40 columns the short label is used at once.
    let mut app = attached(doc(20), (40, 12));
    send(&mut app, &["m"]);
    type_text(&mut app, "Ebb");
    assert!(row(&render(&app), 11).starts_with(" Bookmark label: Ebb"));
}

/// Rows of the screen a box's border crosses.
fn box_rows(buf: &Buffer) -> usize {
    (0..buf.area.height)
        .filter(|&y| row(buf, y).contains('│'))
        .count()
}

#[test]
fn the_outline_and_links_overlays_are_as_big_as_their_content() {
    let mut b = DocumentBuilder::new(Meta {
        title: Some("One Heading".into()),
        ..Meta::default()
    });
    b.push(BlockKind::Title, "One Heading", vec![], 0, None);
    b.push(
        BlockKind::Paragraph,
        &"Plain words here. ".repeat(200),
        vec![],
        0,
        None,
    );
    let d = Arc::new(b.finish());
    for size in [(80, 24), (40, 12)] {
        let mut app = App::with_document(Arc::clone(&d), size, 72);
        send(&mut app, &["t"]);
        let buf = render(&app);
        assert_eq!(box_rows(&buf), 1, "one entry, one row: {size:?}");
        let r = (0..size.1)
            .map(|y| row(&buf, y))
            .find(|r| r.contains("│› One Heading ") && r.contains(" 1│"));
        assert!(
            r.is_some(),
            "{size:?}\n{}",
            (0..size.1).map(|y| row(&buf, y) + "\n").collect::<String>()
        );
        send(&mut app, &["t", "f"]);
        let buf = render(&app);
        assert_eq!(box_rows(&buf), 1, "no links: one row: {size:?}");
    }
}

#[test]
fn back_from_an_article_the_library_cursor_is_on_it() {
    let mut app = App::with_library(shelf(), "Library", (80, 24));
    // The third sample, opened from the library, then q.
    let n = shelf().len();
    // Lists stop at their ends: `j` down to the last entry.
    for _ in 1..n {
        send(&mut app, &["j"]);
    }
    assert_eq!(app.screen.library.as_ref().map(|l| l.selected), Some(n - 1));
    send(&mut app, &["Enter"]);
    assert_eq!(app.mode(), Mode::Reading);
    assert_eq!(send(&mut app, &["q"]), vec![Effect::ShowLibrary]);
    update(&mut app, Msg::Library(shelf()));
    assert_eq!(app.screen.library.as_ref().map(|l| l.selected), Some(n - 1));
    // An article with a record: found by its fingerprint, wherever the list puts it.
    let mut record = Record::new("fp-h".into());
    record.title = Some("Harbour notes".into());
    update(
        &mut app,
        Msg::Opened {
            doc: doc(10),
            record: Box::new(record),
            read_only: false,
            notices: vec![],
        },
    );
    app.refresh();
    send(&mut app, &["q"]);
    let mut moved = shelf();
    moved.rotate_left(1);
    update(&mut app, Msg::Library(moved));
    let lib = app.screen.library.as_ref();
    assert_eq!(
        lib.and_then(|l| l.chosen()).map(|e| e.title.as_str()),
        Some("Harbour notes")
    );
}
