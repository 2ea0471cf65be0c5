//! Search: typing a query (a [`LineEdit`] up to `search::MAX_QUERY` characters), the matches
//! found, and `n` / `N` between them. Finding is `crate::search`'s; this keeps where the
//! reader is among the matches, and the history of searches.
//!
//! Each `/` starts with an empty input; the last search is shown greyed beside it, and Enter
//! on the empty input searches for it again. Up and Down bring in older and newer searches
//! ([`Settings::searches`](super::Settings), kept in `state.json`); Ctrl-r switches between
//! a phrase and a regular expression.

use super::{App, Effect, LineEdit, Overlay, Rules};
use crate::document::TextPos;
use crate::keymap::{Key, KeyCode};
use crate::store::PastSearch;
use std::ops::Range;

/// Most searches the history keeps.
pub const MAX_HISTORY: usize = 100;

/// The last search and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// The query is a regular expression.
    pub regex: bool,
    /// Byte ranges of the document text, in reading order.
    pub matches: Vec<Range<usize>>,
    /// Index of the match the reader is at.
    pub current: usize,
}

/// The search history as read from `state.json`, made safe to show and search with: each
/// query passes the search input's rules (no control or bidi characters, not too long), blank
/// and repeated ones are dropped, at most [`MAX_HISTORY`] are kept.
pub fn remembered_searches(stored: Vec<PastSearch>) -> Vec<PastSearch> {
    let mut out: Vec<PastSearch> = Vec::new();
    for s in stored {
        let query = LineEdit::with_text(Rules::SEARCH, &s.query)
            .text()
            .trim()
            .to_string();
        let past = PastSearch { query, ..s };
        if !past.query.is_empty() && !out.contains(&past) && out.len() < MAX_HISTORY {
            out.push(past);
        }
    }
    out
}

/// `/`: opens an empty input.
pub(super) fn start(app: &mut App) {
    if app.screen.reader.is_some() {
        app.screen.overlay = Overlay::Find {
            edit: LineEdit::new(Rules::SEARCH),
            regex: false,
            recalled: None,
            draft: String::new(),
        };
    }
}

/// What Enter on an empty input searches for: the latest search, shown greyed.
pub fn suggestion(app: &App) -> Option<&PastSearch> {
    app.settings.searches.first()
}

/// Keys while typing a search: Enter searches and goes to the first match from this page on.
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    let history = &app.settings.searches;
    let Overlay::Find {
        edit,
        regex,
        recalled,
        draft,
    } = &mut app.screen.overlay
    else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => app.screen.overlay = Overlay::None,
        KeyCode::Char('c') if key.ctrl => app.screen.overlay = Overlay::None,
        KeyCode::Char('r') if key.ctrl => *regex = !*regex,
        KeyCode::Up | KeyCode::Down => {
            let next = match (*recalled, key.code == KeyCode::Up) {
                (None, true) => Some(0),
                (Some(i), true) => Some((i + 1).min(history.len().saturating_sub(1))),
                (Some(0) | None, false) => None,
                (Some(i), false) => Some(i - 1),
            };
            if recalled.is_none() {
                *draft = edit.text().to_string();
            }
            match next.and_then(|i| Some((i, history.get(i)?))) {
                Some((i, past)) => {
                    *edit = LineEdit::with_text(Rules::SEARCH, &past.query);
                    *regex = past.regex;
                    *recalled = Some(i);
                }
                None => {
                    *edit = LineEdit::with_text(Rules::SEARCH, draft);
                    *recalled = None;
                }
            }
        }
        KeyCode::Enter => {
            let typed = PastSearch {
                query: edit.text().trim().to_string(),
                regex: *regex,
            };
            app.screen.overlay = Overlay::None;
            let search = if typed.query.is_empty() {
                suggestion(app).cloned()
            } else {
                Some(typed)
            };
            if let Some(search) = search {
                return find(app, search);
            }
        }
        _ => edit.key(key),
    }
    Vec::new()
}

/// Puts `search` first in the history (once), and asks for the history to be remembered.
fn remember(app: &mut App, search: &PastSearch) -> Effect {
    let history = &mut app.settings.searches;
    history.retain(|s| s != search);
    history.insert(0, search.clone());
    history.truncate(MAX_HISTORY);
    Effect::RememberSearches(history.clone())
}

/// Searches and shows the first match from the page on (wrapping to the first match with a
/// notice).
fn find(app: &mut App, search: PastSearch) -> Vec<Effect> {
    let remembered = remember(app, &search);
    let ignore_accents = app.settings.search_ignore_accents;
    let Some(r) = app.screen.reader.as_mut() else {
        return vec![remembered];
    };
    let found = if search.regex {
        crate::search::find_regex(&r.doc, &search.query)
    } else {
        Ok(crate::search::find_all_with(
            &r.doc,
            &search.query,
            ignore_accents,
        ))
    };
    let matches = match found {
        Ok(m) if m.is_empty() => {
            app.status.message = Some(format!("Not found: {}", search.query));
            app.screen.search = None;
            return vec![remembered];
        }
        Ok(m) => m,
        Err(e) => {
            app.status.message = Some(format!("Cannot search: {e}"));
            app.screen.search = None;
            return vec![remembered];
        }
    };
    let top = r.shown().start;
    let current = match matches.iter().position(|m| m.start >= top) {
        Some(i) => i,
        None => {
            app.status.message = Some("Search wrapped to the beginning".into());
            0
        }
    };
    r.jump(TextPos(matches[current].start));
    super::reader::reveal(r, &matches[current]);
    app.screen.search = Some(Search {
        query: search.query,
        regex: search.regex,
        matches,
        current,
    });
    vec![remembered]
}

/// `n` / `N`: the next or previous match from where the reader is, as less and vim search:
/// after the current match while it is on the page, else after the page's top (before it,
/// for `N`); wrapping around with a notice.
pub(super) fn step(app: &mut App, forward: bool) {
    let (Some(r), Some(s)) = (app.screen.reader.as_mut(), app.screen.search.as_mut()) else {
        app.status.message = Some("No search yet: press / to search".into());
        return;
    };
    let n = s.matches.len();
    if n == 0 {
        return;
    }
    let shown = r.shown();
    let on_page = s
        .matches
        .get(s.current)
        .is_some_and(|m| m.start >= shown.start && m.start < shown.end);
    let (next, wrapped) = match (on_page, forward) {
        (true, true) => ((s.current + 1) % n, s.current + 1 == n),
        (true, false) => ((s.current + n - 1) % n, s.current == 0),
        (false, true) => s
            .matches
            .iter()
            .position(|m| m.start >= shown.start)
            .map_or((0, true), |i| (i, false)),
        (false, false) => s
            .matches
            .iter()
            .rposition(|m| m.start < shown.start)
            .map_or((n - 1, true), |i| (i, false)),
    };
    s.current = next;
    if wrapped {
        app.status.message = Some(if forward {
            "Search wrapped to the beginning".into()
        } else {
            "Search wrapped to the end".into()
        });
    }
    // A match already on screen is not a jump: the page stays.
    let m = s.matches[next].clone();
    if !(m.start >= shown.start && m.start < shown.end) {
        r.jump(TextPos(m.start));
    }
    super::reader::reveal(r, &m);
}
