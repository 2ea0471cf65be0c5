//! Issue 16: two pages side by side when the window has room for both at the measure.

use super::*;

/// The page numbers in the status line (`3–4 / 12`).
fn pages_shown(app: &App) -> String {
    let status = crate::ui::status_parts(app)[0].clone();
    status
        .split("  ")
        .find(|p| p.contains(" / "))
        .unwrap_or("")
        .trim()
        .to_string()
}

/// A long article read at 200x50, its layout complete.
fn wide() -> App {
    let mut app = App::with_document(doc(120), (200, 50), 72);
    settle(&mut app);
    app
}

#[test]
fn a_wide_window_shows_two_pages_and_turns_two_at_a_time() {
    let mut app = wide();
    assert!(app.view.spread);
    assert!(!app.view.right.is_empty());
    assert_eq!(
        pages_shown(&app),
        format!("1–2 / {}", app.view.pages.unwrap_or(0))
    );
    // The right page goes on where the left one ends.
    let left_end = app
        .view
        .lines
        .iter()
        .rev()
        .find(|l| !l.is_blank())
        .map(|l| l.src.end);
    let right_start = app
        .view
        .right
        .iter()
        .find(|l| !l.is_blank())
        .map(|l| l.src.start);
    assert!(
        left_end.is_some() && left_end <= right_start,
        "{left_end:?} {right_start:?}"
    );
    send(&mut app, &["Space"]);
    assert_eq!(app.view.page, 2);
    assert!(
        pages_shown(&app).starts_with("3–4 / "),
        "{}",
        pages_shown(&app)
    );
    send(&mut app, &["b"]);
    assert_eq!(app.view.page, 0);
    send(&mut app, &["b"]);
    assert!(told(&app, "First page"));
    // A page is shown with the page beside it, in a book's pairs: `:4` shows 3–4, and the
    // reader's place is page 4's top.
    send(&mut app, &[":", "4", "Enter"]);
    assert_eq!(app.view.page, 2);
    let top = app.screen.reader.as_ref().map(|r| (r.page, r.pos));
    assert_eq!(top.map(|t| t.0), Some(3));
    // The last pair ends the article.
    send(&mut app, &["G"]);
    assert_eq!(app.view.percent, 100);
    send(&mut app, &["Space"]);
    assert!(told(&app, "Last page"));
}

#[test]
fn the_place_survives_going_from_two_pages_to_one_and_back() {
    let mut app = wide();
    send(&mut app, &[":", "7", "Enter"]);
    let pos = app.screen.reader.as_ref().map(|r| r.pos);
    let first_word = |app: &App| -> Option<String> {
        let r = app.screen.reader.as_ref()?;
        let pos = r.pos.0;
        r.doc
            .text
            .get(pos..)
            .and_then(|t| t.split_whitespace().next())
            .map(str::to_string)
    };
    let word = first_word(&app);
    update(&mut app, Msg::Resize(80, 24));
    app.refresh();
    assert!(!app.view.spread && app.view.right.is_empty());
    // One page now: the one that starts with the word page 7 started with.
    let shown: Vec<String> = app.view.lines.iter().map(|l| l.text.clone()).collect();
    assert!(
        word.as_ref()
            .is_some_and(|w| shown.iter().any(|l| l.contains(w.as_str()))),
        "{word:?} not on {shown:?}"
    );
    update(&mut app, Msg::Resize(200, 50));
    app.refresh();
    assert!(app.view.spread);
    let back = app.screen.reader.as_ref().map(|r| r.pos);
    assert!(back <= pos, "{back:?} {pos:?}");
    assert_eq!(first_word(&app).is_some(), word.is_some());
}

#[test]
fn spread_off_or_too_narrow_is_one_page() {
    let mut off = App::with_document(doc(120), (200, 50), 72);
    off.settings.spread = false;
    off.refresh();
    assert!(!off.view.spread && off.view.right.is_empty());
    // 151 columns: not room for two columns of 72 and a gutter of 8.
    let narrow = App::with_document(doc(120), (151, 50), 72);
    assert!(!narrow.view.spread);
    let fits = App::with_document(doc(120), (152, 50), 72);
    assert!(fits.view.spread);
    // A narrower measure makes room.
    let mut app = App::with_document(doc(120), (120, 40), 72);
    assert!(!app.view.spread);
    for _ in 0..14 {
        send(&mut app, &["-"]);
    }
    assert!(
        app.view.spread,
        "measure {:?}",
        app.screen.reader.as_ref().map(|r| r.measure)
    );
}

#[test]
fn search_matches_and_the_selection_show_on_the_right_page_too() {
    let mut app = wide();
    let right_word = app
        .view
        .right
        .iter()
        .find(|l| !l.is_blank())
        .and_then(|l| l.text.split_whitespace().nth(1))
        .map(str::to_string)
        .unwrap_or_default();
    send(&mut app, &["/"]);
    for c in right_word.chars() {
        send(&mut app, &[&c.to_string()]);
    }
    send(&mut app, &["Enter"]);
    // Still the first spread: the match is on its right page.
    assert_eq!(app.view.page, 0, "{right_word}");
    assert!(app.view.current_match.is_some());
    let on_right = app.view.right.iter().any(|l| {
        app.view
            .current_match
            .as_ref()
            .is_some_and(|m| l.shown(&open_doc(&app).text, m).is_some())
    });
    assert!(on_right, "{right_word}");
}
