//! The mouse: the wheel turns pages (or scrolls the help, or moves in the list of articles),
//! a click on a panel or library entry acts on it. Where entries are is not computed here:
//! `ui` records, while drawing, the cells each clickable entry covers ([`Hits`]) and the
//! terminal layer hands them back ([`super::Msg::Drawn`]), so a click hits exactly what was
//! drawn and `app` holds no screen geometry.

use super::{App, Effect, Mouse, Overlay, help, library, panel, reader};
use crate::keymap::Action;

/// A rectangle of cells drawn for an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
    /// The entry drawn there: an index into the panel's entries or the library's visible ones.
    pub entry: usize,
}

impl Hit {
    fn contains(&self, x: u16, y: u16) -> bool {
        x >= self.x
            && y >= self.y
            && u32::from(x) < u32::from(self.x) + u32::from(self.width)
            && u32::from(y) < u32::from(self.y) + u32::from(self.height)
    }
}

/// Where the last frame drew the entries a click can choose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub panel: Vec<Hit>,
    pub library: Vec<Hit>,
}

/// The entry of `hits` at cell (x, y).
fn entry_at(hits: &[Hit], x: u16, y: u16) -> Option<usize> {
    hits.iter().find(|h| h.contains(x, y)).map(|h| h.entry)
}

/// A mouse event at cell (x, y).
pub(super) fn mouse(app: &mut App, kind: Mouse, x: u16, y: u16) -> Vec<Effect> {
    app.screen.flash = None;
    if !app.settings.mouse {
        return Vec::new();
    }
    let down = kind == Mouse::ScrollDown;
    if app.screen.library.is_some() && !matches!(app.screen.overlay, Overlay::Help { .. }) {
        if kind == Mouse::Click {
            let hit = entry_at(&app.caches.hits.library, x, y);
            return hit.map(|n| library::click(app, n)).unwrap_or_default();
        }
        library::act(app, if down { Action::Down } else { Action::Up });
        return Vec::new();
    }
    match (kind, &app.screen.overlay) {
        (Mouse::ScrollUp | Mouse::ScrollDown, Overlay::Help { .. }) => help::scroll(app, down),
        (Mouse::ScrollUp | Mouse::ScrollDown, Overlay::None | Overlay::Select { .. }) => {
            let turn = if down {
                Action::NextPage
            } else {
                Action::PrevPage
            };
            if app.too_small() {
                return Vec::new();
            }
            if let Some(r) = app.screen.reader.as_mut() {
                reader::turn(r, turn, &mut app.status.message);
            }
        }
        (Mouse::Click, Overlay::None) if app.screen.panel.is_some() => {
            if let Some(n) = entry_at(&app.caches.hits.panel, x, y) {
                panel::click(app, n);
            }
        }
        _ => {}
    }
    Vec::new()
}
