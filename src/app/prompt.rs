//! The one-line prompt: a note for a highlight, a bookmark's label, or a y / n question. The
//! text is typed into a [`LineEdit`] (notes' rules); Enter saves, Esc skips.

use super::{App, Effect, LineEdit, Overlay};
use crate::document::TextPos;
use crate::keymap::{Key, KeyCode};

/// What a one-line prompt is asking for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// A note for the highlight with this id (already saved without one).
    Note { id: String },
    /// A label for a new bookmark at this position.
    BookmarkLabel { pos: TextPos },
    /// A new label for the bookmark with this id.
    Label { id: String },
    /// Whether to remove the bookmark with this id.
    RemoveBookmark { id: String },
    /// Which of the page's bookmarks to remove: (id, label or first words), chosen by number.
    RemoveOneOf { choices: Vec<(String, String)> },
}

/// Most bookmarks of one page `m` offers to remove (each chosen by a digit).
const MAX_CHOICES: usize = 9;

/// A key in a one-line prompt.
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    let Overlay::Prompt { ask, edit } = &mut app.screen.overlay else {
        return Vec::new();
    };
    if let Ask::RemoveOneOf { choices } = ask {
        let chosen = match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => c
                .to_digit(10)
                .and_then(|d| usize::try_from(d).ok())
                .and_then(|d| d.checked_sub(1))
                .and_then(|i| choices.get(i))
                .map(|(id, _)| id.clone()),
            _ => None,
        };
        app.screen.overlay = Overlay::None;
        match chosen {
            Some(id) => remove_bookmark(app, &id),
            None => app.status.message = Some("Bookmarks kept".into()),
        }
        return Vec::new();
    }
    if let Ask::RemoveBookmark { id } = ask {
        let id = id.clone();
        app.screen.overlay = Overlay::None;
        if key == Key::char('y') || key == Key::char('Y') {
            remove_bookmark(app, &id);
        }
        return Vec::new();
    }
    let accept = match key.code {
        KeyCode::Enter => true,
        KeyCode::Esc => false,
        KeyCode::Char('c') if key.ctrl => false,
        _ => {
            edit.key(key);
            return Vec::new();
        }
    };
    let text = edit.text().trim().to_string();
    let ask = ask.clone();
    app.screen.overlay = Overlay::None;
    answer(app, ask, accept.then_some(text));
    Vec::new()
}

fn remove_bookmark(app: &mut App, id: &str) {
    if let Some(r) = app.screen.reader.as_mut() {
        r.notes.delete(id);
        r.dirty = true;
    }
    app.status.message = Some("Bookmark removed".into());
}

/// The prompt was closed: with the text typed (Enter), or `None` (Esc).
fn answer(app: &mut App, ask: Ask, typed: Option<String>) {
    let Some(r) = app.screen.reader.as_mut() else {
        return;
    };
    match (ask, typed) {
        (Ask::Note { id }, typed) => {
            let before = r.notes.note(&id).to_string();
            if let Some(text) = typed.as_deref().filter(|t| *t != before) {
                r.notes.set_note(&id, text, &app.clock.stamps);
                r.dirty = true;
            }
            if app.screen.panel.is_none() {
                app.status.message = Some(if typed.is_some_and(|t| !t.is_empty()) {
                    "Highlighted, with a note".into()
                } else {
                    "Highlighted".into()
                });
            }
        }
        (Ask::Label { id }, Some(text)) => {
            r.notes.set_label(&id, &text);
            r.dirty = true;
        }
        (Ask::BookmarkLabel { pos }, Some(text)) => {
            r.notes
                .add_bookmark(&r.doc, pos, &text, &mut app.clock.stamps);
            r.dirty = true;
            app.status.message = Some("Bookmarked".into());
        }
        _ => {}
    }
}

/// `m`: bookmark this page (at the first word that starts on it), offer to remove its
/// bookmark, or, when it holds several, list them to remove one.
pub(super) fn bookmark(app: &mut App) {
    let Some(r) = app.screen.reader.as_ref() else {
        return;
    };
    let page = app.view.page_range(r.pos);
    let on_page: Vec<(String, String)> = r
        .notes
        .bookmark_positions()
        .into_iter()
        .filter(|(_, p)| page.contains(&p.0))
        .map(|(b, p)| {
            let name = if b.label.is_empty() {
                super::panel::first_words(&r.doc, p)
            } else {
                b.label.clone()
            };
            (b.id.clone(), name)
        })
        .take(MAX_CHOICES)
        .collect();
    let ask = match on_page.len() {
        0 => {
            let first = crate::select::first_word_start(&r.doc, r.pos);
            // A page without a word starting on it keeps its top.
            let pos = if page.contains(&first.0) {
                first
            } else {
                r.pos
            };
            Ask::BookmarkLabel { pos }
        }
        1 => Ask::RemoveBookmark {
            id: on_page[0].0.clone(),
        },
        _ => Ask::RemoveOneOf { choices: on_page },
    };
    app.screen.overlay = Overlay::Prompt {
        ask,
        edit: LineEdit::default(),
    };
}
