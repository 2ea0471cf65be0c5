//! The reading view's mode: page turns, go-to, headings, the measure, themes, and opening the
//! other modes (select, outline, search, panel, library, help). Every mode falls back to these
//! actions for keys it does not handle itself, so `q`, `?` and friends work everywhere.

use super::{App, Effect, ExportJob, Overlay, THEMES, goto, help, links, outline, panel, prompt};
use super::{reader, search, select};
use crate::keymap::{Action, Mode};
use std::sync::Arc;

/// What an action does in the reading view (and, for the actions they leave, in every mode).
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::Redraw => return vec![Effect::Redraw],
        Action::Help => app.screen.overlay = Overlay::Help { scroll: 0 },
        Action::Select => select::start(app),
        Action::Bookmark => prompt::bookmark(app),
        Action::Export => return export(app),
        Action::Panel => {
            if let Some(r) = app.screen.reader.as_mut() {
                r.find_quotes();
            }
            panel::toggle(app);
        }
        Action::Search => search::start(app),
        Action::NextMatch | Action::PrevMatch => search::step(app, action == Action::NextMatch),
        Action::Library => {
            if app.screen.reader.is_some() {
                return vec![Effect::ShowLibrary];
            }
        }
        Action::CycleTheme => return cycle_theme(app),
        Action::Outline => outline::open(app),
        Action::Links => links::open(app),
        Action::NextHeading | Action::PrevHeading => {
            reader::heading(app, action == Action::NextHeading);
        }
        Action::Back => return back(app),
        Action::Dismiss => dismiss(app),
        Action::JumpBack | Action::JumpForward => jump_along(app, action == Action::JumpForward),
        Action::HalfPageDown | Action::HalfPageUp => {
            let small = app.too_small();
            if let Some(reader) = app.screen.reader.as_mut().filter(|_| !small) {
                reader::half_page(
                    reader,
                    action == Action::HalfPageDown,
                    &mut app.status.message,
                );
            }
        }
        // Lists are other modes' (the help's scroll aside); Forget is the library's.
        Action::Down | Action::Up => help::scroll(app, action == Action::Down),
        Action::Choose | Action::Forget => {}
        Action::GoTo => goto::open(app),
        Action::NextPage | Action::PrevPage | Action::FirstPage | Action::LastPage => {
            if app.too_small() {
                return Vec::new();
            }
            if let Some(reader) = app.screen.reader.as_mut() {
                reader::turn(reader, action, &mut app.status.message);
            }
        }
        Action::Wider | Action::Narrower => reader::measure(app, action == Action::Wider),
        Action::ScrollLeft | Action::ScrollRight => {
            if !app.too_small() {
                reader::scroll(app, action == Action::ScrollRight);
            }
        }
        // The selection's and the panel's actions, bound elsewhere: each checks its mode.
        _ => {
            return select::act(app, action)
                .or_else(|| panel::tool(app, action))
                .unwrap_or_default();
        }
    }
    Vec::new()
}

/// `x`: export the article as read now.
fn export(app: &App) -> Vec<Effect> {
    let Some(r) = app.screen.reader.as_ref() else {
        return Vec::new();
    };
    vec![Effect::Export(Box::new(ExportJob {
        doc: Arc::clone(&r.doc),
        record: r.notes.record.clone(),
    }))]
}

/// `c`: the next theme, remembered unless config.toml or `--theme` chose one.
fn cycle_theme(app: &mut App) -> Vec<Effect> {
    if !app.settings.color {
        app.status.message = Some("NO_COLOR is set: colours stay off".into());
        return Vec::new();
    }
    app.settings.theme = (app.settings.theme + 1) % THEMES.len();
    let name = app.theme_name();
    if app.settings.theme_fixed {
        app.status.message = Some(format!(
            "Theme: {name} (for this session: config.toml or --theme sets the theme)"
        ));
        return Vec::new();
    }
    app.status.message = Some(format!("Theme: {name}"));
    vec![Effect::RememberTheme(name)]
}

/// `q`: close what covers the page, go back to the library the article was opened from, or
/// quit.
fn back(app: &mut App) -> Vec<Effect> {
    let screen = &mut app.screen;
    if screen.overlay != Overlay::None {
        screen.overlay = Overlay::None;
    } else if screen.from_library && screen.reader.is_some() {
        // What changed since the last save (the progress after a resize) is written first.
        let reader = screen.reader.take();
        screen.just_read = reader
            .as_ref()
            .map(|r| (r.notes.record.fingerprint.clone(), r.title.clone()));
        let save = reader
            .filter(|r| r.dirty && r.attached && !r.notes.read_only)
            .map(|r| Effect::Save(Box::new(r.notes.record)));
        screen.panel = None;
        screen.search = None;
        return save.into_iter().chain([Effect::ShowLibrary]).collect();
    } else {
        return vec![Effect::Quit];
    }
    Vec::new()
}

/// Esc: closes one thing a press: what covers the page, the message on the status line (the
/// key already took it away), the search and its marks. It never quits: with nothing left to
/// close it says which key does.
fn dismiss(app: &mut App) {
    let screen = &mut app.screen;
    if screen.overlay != Overlay::None {
        screen.overlay = Overlay::None;
    } else if app.status.cleared {
    } else if screen.search.take().is_some() {
        app.status.message = Some("Search cleared".into());
    } else {
        let keys = app.settings.keymap.keys(Mode::Reading, Action::Back);
        app.status.message = Some(match keys.first() {
            Some(k) => format!("Nothing to close: {k} quits"),
            None => "Nothing to close".to_string(),
        });
    }
}

/// `Backspace` / `Ctrl-o` and `Ctrl-n`: back to the place the last jump left, or forward
/// again.
fn jump_along(app: &mut App, forward: bool) {
    let Some(r) = app.screen.reader.as_mut() else {
        return;
    };
    let here = r.pos;
    let to = if forward {
        r.jumps.forward(here)
    } else {
        r.jumps.back(here)
    };
    match to {
        Some(pos) => r.show(pos),
        None if forward => app.status.message = Some("No later place to go forward to".into()),
        None => {
            app.status.message =
                Some("No earlier place: jumps (g G : / n ] t, the panel) leave one".into());
        }
    }
}
