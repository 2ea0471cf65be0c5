//! The library as the app holds it: entries, the chosen one, a filter, and a question before
//! forgetting. Opening a file and forgetting a record are effects: the terminal layer reads
//! and moves files; this stays pure.

use super::{App, Effect, LineEdit, Rules};
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
        self.selected = if down {
            (self.selected + 1) % n
        } else {
            (self.selected + n - 1) % n
        };
    }
}

/// Where the list is drawn in a window `height` rows high: the row of the first entry, the
/// first entry shown (an index into [`Library::visible`]) and how many fit (two rows each, the
/// bottom row for the keys). Drawing and clicks share it.
pub fn list_geometry(lib: &Library, height: u16) -> (u16, usize, usize) {
    let top = 2;
    let rows = usize::from(height.saturating_sub(1).saturating_sub(top));
    let per_page = (rows / 2).max(1);
    (top, lib.selected.saturating_sub(per_page - 1), per_page)
}

/// The entry (an index into [`Library::visible`]) drawn at row `y`, if any.
pub fn entry_at(lib: &Library, height: u16, y: u16) -> Option<usize> {
    let (top, first, per_page) = list_geometry(lib, height);
    let row = usize::from(y.checked_sub(top)?) / 2;
    let n = first + row;
    // Both rows of an entry are above the bottom line.
    let last_row = top + u16::try_from(row * 2 + 1).ok()?;
    (row < per_page && n < lib.visible().len() && last_row < height.saturating_sub(1)).then_some(n)
}

/// A click on an entry opens it, as Enter does.
pub(super) fn click(app: &mut App, y: u16) -> Vec<Effect> {
    let height = app.size.1;
    let Some(lib) = app.library.as_mut() else {
        return Vec::new();
    };
    if lib.confirm || lib.filtering {
        return Vec::new();
    }
    let Some(n) = entry_at(lib, height, y) else {
        return Vec::new();
    };
    lib.selected = n;
    act(app, Action::Choose).unwrap_or_default()
}

/// Keys while the filter is typed or a question is asked; `None` when the key is for the
/// keymap.
pub(super) fn key(app: &mut App, key: Key) -> Option<Vec<Effect>> {
    let lib = app.library.as_mut()?;
    if lib.confirm {
        lib.confirm = false;
        if key.code == KeyCode::Char('y') && !key.ctrl && !key.alt {
            let chosen = lib.chosen()?;
            let fingerprint = chosen.fingerprint.clone()?;
            return Some(vec![Effect::Forget(fingerprint)]);
        }
        app.message = Some("Kept".into());
        return Some(Vec::new());
    }
    if !lib.filtering {
        return None;
    }
    match key.code {
        KeyCode::Enter => lib.filtering = false,
        KeyCode::Esc => {
            lib.filtering = false;
            lib.filter.clear();
        }
        KeyCode::Char('c') if key.ctrl => return Some(vec![Effect::Quit]),
        _ => lib.filter.type_key(key),
    }
    lib.selected = 0;
    Some(Vec::new())
}

/// What an action does in the library; `None` for the actions it leaves to the reader's
/// handling (help, quit).
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let lib = app.library.as_mut()?;
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
            }) => app.message = Some("The samples stay: there is nothing to forget".into()),
            Some(_) => app.message = Some("folio keeps nothing for this file yet".into()),
            None => {}
        },
        Action::Back => {
            if !lib.filter.is_empty() {
                lib.filter.clear();
                lib.selected = 0;
            } else if app.reader.is_some() {
                app.library = None;
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
            app.message = Some(format!(
                "Missing: {} (moved or deleted; d forgets it)",
                crate::open::display_path(path)
            ));
            Vec::new()
        }
        Source::File(path) => vec![Effect::Open(path.clone())],
        Source::Nowhere => {
            app.message =
                Some("This article came from standard input: there is no file to open".into());
            Vec::new()
        }
    }
}
