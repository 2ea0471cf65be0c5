//! Search: typing a query (a [`LineEdit`] up to `search::MAX_QUERY` characters), the matches
//! found, and `n` / `N` between them. Finding is `crate::search`'s; this keeps where the
//! reader is among the matches.

use super::{App, Effect, LineEdit, Overlay, Rules};
use crate::document::TextPos;
use crate::keymap::{Key, KeyCode};
use std::ops::Range;

/// The last search and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Byte ranges of the document text, in reading order.
    pub matches: Vec<Range<usize>>,
    /// Index of the match the reader is at.
    pub current: usize,
}

/// `/`: opens the input with the last query.
pub(super) fn start(app: &mut App) {
    if app.screen.reader.is_some() {
        let last = app
            .screen
            .search
            .as_ref()
            .map(|s| s.query.clone())
            .unwrap_or_default();
        app.screen.overlay = Overlay::Find {
            edit: LineEdit::with_text(Rules::SEARCH, &last),
        };
    }
}

/// Keys while typing a search: Enter searches and goes to the first match from this page on.
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    let Overlay::Find { edit } = &mut app.screen.overlay else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => app.screen.overlay = Overlay::None,
        KeyCode::Char('c') if key.ctrl => app.screen.overlay = Overlay::None,
        KeyCode::Enter => {
            let query = edit.text().trim().to_string();
            app.screen.overlay = Overlay::None;
            find(app, query);
        }
        _ => edit.key(key),
    }
    Vec::new()
}

/// Searches for `query` and shows the first match from the page on.
fn find(app: &mut App, query: String) {
    let ignore_accents = app.settings.search_ignore_accents;
    let Some(r) = app.screen.reader.as_mut() else {
        return;
    };
    if query.is_empty() {
        app.screen.search = None;
        return;
    }
    let matches = crate::search::find_all_with(&r.doc, &query, ignore_accents);
    if matches.is_empty() {
        app.status.message = Some(format!("Not found: {query}"));
        app.screen.search = None;
        return;
    }
    let current = matches.iter().position(|m| m.start >= r.pos.0).unwrap_or(0);
    r.show(TextPos(matches[current].start));
    super::reader::reveal(r, &matches[current]);
    app.screen.search = Some(Search {
        query,
        matches,
        current,
    });
}

/// `n` / `N`: the next or previous match, wrapping around with a notice.
pub(super) fn step(app: &mut App, forward: bool) {
    let (Some(r), Some(s)) = (app.screen.reader.as_mut(), app.screen.search.as_mut()) else {
        app.status.message = Some("No search yet: press / to search".into());
        return;
    };
    let n = s.matches.len();
    if n == 0 {
        return;
    }
    let (next, wrapped) = if forward {
        ((s.current + 1) % n, s.current + 1 == n)
    } else {
        ((s.current + n - 1) % n, s.current == 0)
    };
    s.current = next;
    if wrapped {
        app.status.message = Some(if forward {
            "Search wrapped to the beginning".into()
        } else {
            "Search wrapped to the end".into()
        });
    }
    r.show(TextPos(s.matches[next].start));
    super::reader::reveal(r, &s.matches[next]);
}
