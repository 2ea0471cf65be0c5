//! The help overlay's mode: `j` / `k` (and the wheel) scroll it; every other action is the
//! reading view's (`q` and Esc close it). Its text comes from the keymap, drawn by `ui`.

use super::{App, Effect, Overlay};
use crate::keymap::Action;

/// Scrolls the help down or up a line.
pub(super) fn scroll(app: &mut App, down: bool) {
    if let Overlay::Help { scroll } = &mut app.screen.overlay {
        *scroll = if down {
            scroll.saturating_add(1)
        } else {
            scroll.saturating_sub(1)
        };
    }
}

/// The help's own actions; `None` for the others.
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Down | Action::Up => scroll(app, action == Action::Down),
        _ => return None,
    }
    Some(Vec::new())
}
