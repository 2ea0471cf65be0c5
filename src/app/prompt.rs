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
}

/// A key in a one-line prompt.
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    let Overlay::Prompt { ask, edit } = &mut app.screen.overlay else {
        return Vec::new();
    };
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

/// `m`: bookmark this page, or offer to remove its bookmark.
pub(super) fn bookmark(app: &mut App) {
    let Some(r) = app.screen.reader.as_ref() else {
        return;
    };
    let id = r
        .notes
        .bookmark_in(&app.view.page_range(r.pos))
        .map(|b| b.id.clone());
    app.screen.overlay = Overlay::Prompt {
        ask: match id {
            Some(id) => Ask::RemoveBookmark { id },
            None => Ask::BookmarkLabel { pos: r.pos },
        },
        edit: LineEdit::default(),
    };
}
