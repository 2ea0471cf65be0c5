//! The library's mode: entries, the chosen one, a filter typed into a [`LineEdit`], and a
//! question before forgetting. Opening a file and forgetting a record are effects: the
//! terminal layer reads and moves files; this stays pure. Where the list is drawn is `ui`'s
//! business: a click arrives as an entry index (see `hits.rs`).

use super::{App, Effect, LineEdit, Overlay, Rules};
use crate::keymap::{Action, Key, KeyCode};
use crate::library::{Entry, Source};
use std::sync::Arc;

/// The library on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Library {
    pub entries: Vec<Entry>,
    /// What the list is: "Library", or the folder listed.
    pub heading: String,
    /// Index into [`Library::visible`].
    pub selected: usize,
    /// Lower-case text an entry must contain (title, author or path).
    pub filter: LineEdit,
    /// The filter is being typed.
    pub filtering: bool,
    /// Asking whether to forget the chosen entry.
    pub confirm: bool,
}

impl Library {
    pub fn new(entries: Vec<Entry>, heading: &str) -> Library {
        Library {
            entries,
            heading: heading.to_string(),
            selected: 0,
            filter: LineEdit::new(Rules::FILTER),
            filtering: false,
            confirm: false,
        }
    }

    /// Indexes of the entries the filter lets through, in order.
    pub fn visible(&self) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.matches(self.filter.text()))
            .map(|(i, _)| i)
            .collect()
    }

    /// The chosen entry, if the list is not empty.
    pub fn chosen(&self) -> Option<&Entry> {
        let i = *self.visible().get(self.selected)?;
        self.entries.get(i)
    }

    fn step(&mut self, down: bool) {
        let n = self.visible().len().max(1);
        self.selected = super::move_choice(self.selected, n, down);
    }
}

/// The entries read from the store (or a folder): shown, the choice kept where it can be.
pub(super) fn show(app: &mut App, entries: Vec<Entry>) {
    let heading = app
        .settings
        .folder
        .as_deref()
        .map_or_else(|| "Library".to_string(), crate::open::display_path);
    let selected = app.screen.library.as_ref().map_or(0, |l| l.selected);
    let mut lib = Library::new(entries, &heading);
    lib.selected = selected.min(lib.visible().len().saturating_sub(1));
    // Back from an article: the cursor is on it (a sample, which has no record, by title).
    if let Some((fingerprint, title)) = app.screen.just_read.take() {
        let is_it = |e: &Entry| match (&e.fingerprint, &e.source) {
            (Some(f), _) => *f == fingerprint,
            (None, Source::Sample(_)) => e.title == title,
            _ => false,
        };
        if let Some(i) = lib
            .visible()
            .iter()
            .position(|&i| lib.entries.get(i).is_some_and(is_it))
        {
            lib.selected = i;
        }
    }
    app.screen.library = Some(lib);
    app.screen.overlay = Overlay::None;
}

/// A click on the entry drawn at `entry` (an index into [`Library::visible`]) opens it, as
/// Enter does.
pub(super) fn click(app: &mut App, entry: usize) -> Vec<Effect> {
    let Some(lib) = app.screen.library.as_mut() else {
        return Vec::new();
    };
    if lib.confirm || lib.filtering || entry >= lib.visible().len() {
        return Vec::new();
    }
    lib.selected = entry;
    act(app, Action::Choose).unwrap_or_default()
}

/// The answer to "Forget …? y / n".
pub(super) fn confirm_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(lib) = app.screen.library.as_mut() else {
        return Vec::new();
    };
    lib.confirm = false;
    if key.code == KeyCode::Char('y') && !key.ctrl && !key.alt {
        let fingerprint = lib.chosen().and_then(|e| e.fingerprint.clone());
        return fingerprint.map(Effect::Forget).into_iter().collect();
    }
    app.status.message = Some("Kept".into());
    Vec::new()
}

/// Keys while the filter is typed.
pub(super) fn filter_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(lib) = app.screen.library.as_mut() else {
        return Vec::new();
    };
    if key.code == KeyCode::Char('c') && key.ctrl {
        return vec![Effect::Quit];
    }
    lib.filtering = lib.filter.filter_key(key);
    lib.selected = 0;
    Vec::new()
}

/// What an action does in the library; `None` for the actions it leaves to the reader's
/// handling (help, quit).
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let lib = app.screen.library.as_mut()?;
    match action {
        Action::Down | Action::Up => lib.step(action == Action::Down),
        Action::Filter => {
            lib.filtering = true;
        }
        Action::Forget => match lib.chosen() {
            Some(e) if e.fingerprint.is_some() => lib.confirm = true,
            Some(Entry {
                source: Source::Sample(_),
                ..
            }) => app.status.message = Some("The samples stay: there is nothing to forget".into()),
            Some(_) => app.status.message = Some("folio keeps nothing for this file yet".into()),
            None => {}
        },
        Action::Back => {
            if !lib.filter.is_empty() {
                lib.filter.clear();
                lib.selected = 0;
            } else if app.screen.reader.is_some() {
                app.screen.library = None;
            } else {
                return Some(vec![Effect::Quit]);
            }
        }
        Action::Choose => {
            let chosen = lib.chosen()?.clone();
            return Some(choose(app, &chosen));
        }
        _ => return None,
    }
    Some(Vec::new())
}

fn choose(app: &mut App, entry: &Entry) -> Vec<Effect> {
    match &entry.source {
        Source::Sample(sample) => {
            app.open_from_library(Arc::new(sample.document()));
            Vec::new()
        }
        Source::File(path) if entry.missing => {
            app.status.message = Some(format!(
                "Missing: {} (moved or deleted; d forgets it)",
                crate::open::display_path(path)
            ));
            Vec::new()
        }
        Source::File(path) => vec![Effect::Open(path.clone())],
        Source::Nowhere => {
            app.status.message =
                Some("This article came from standard input: there is no file to open".into());
            Vec::new()
        }
    }
}
