//! Which handler a key goes to, decided once: [`App::focus`] names the mode (the key tables
//! of [`Mode`], and the text inputs typed into over them), and [`key`] hands the key to that
//! mode's own handler. Each handler lives with its mode's state (`reading.rs`, `select.rs`,
//! `outline.rs`, `links.rs`, `search.rs`, `prompt.rs`, `goto.rs`, `panel.rs`, `library.rs`, `help.rs`).

use super::select;
use super::{
    App, Effect, Overlay, goto, help, library, links, outline, panel, prompt, reading, search,
};
use crate::keymap::{Key, Mode};

/// Where keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Through the key table of this mode to an action.
    Keys(Mode),
    /// Typing the `:` go-to input.
    GoTo,
    /// Typing a note or a label, or answering y / n.
    Prompt,
    /// Typing a search.
    Search,
    /// Typing the panel's filter.
    PanelFilter,
    /// Typing the library's filter.
    LibraryFilter,
    /// Answering whether to forget the chosen article.
    LibraryConfirm,
}

impl App {
    /// The one place that decides where a key goes: a text being typed first, then the key
    /// table of what is on screen.
    pub fn focus(&self) -> Focus {
        let screen = &self.screen;
        if screen.overlay == Overlay::None && screen.panel.as_ref().is_some_and(|p| p.filtering) {
            return Focus::PanelFilter;
        }
        match screen.overlay {
            Overlay::GoTo { .. } => return Focus::GoTo,
            Overlay::Prompt { .. } => return Focus::Prompt,
            Overlay::Find { .. } => return Focus::Search,
            _ => {}
        }
        let mode = self.mode();
        match (mode, &screen.library) {
            (Mode::Library, Some(lib)) if lib.confirm => Focus::LibraryConfirm,
            (Mode::Library, Some(lib)) if lib.filtering => Focus::LibraryFilter,
            _ => Focus::Keys(mode),
        }
    }
}

/// A key, handled by the mode in focus.
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    match app.focus() {
        Focus::GoTo => goto::key(app, key),
        Focus::Prompt => prompt::key(app, key),
        Focus::Search => search::key(app, key),
        Focus::PanelFilter => panel::filter_key(app, key),
        Focus::LibraryFilter => library::filter_key(app, key),
        Focus::LibraryConfirm => library::confirm_key(app, key),
        Focus::Keys(mode) => {
            let Some(action) = app.settings.keymap.action(mode, key) else {
                return Vec::new();
            };
            // Each mode acts on its own actions; the rest are the reading view's.
            let own = match mode {
                Mode::Reading => None,
                Mode::Select => select::act(app, action),
                Mode::Outline => outline::act(app, action),
                Mode::Links => links::act(app, action),
                Mode::Panel => panel::act(app, action),
                Mode::Help => help::act(app, action),
                Mode::Library => library::act(app, action),
            };
            own.unwrap_or_else(|| reading::act(app, action))
        }
    }
}
