//! The outline's mode: the article's headings with their pages, the reader's section marked;
//! `j` / `k` choose, Enter jumps. The list is computed here (and cached by `refresh` for the
//! UI); drawing it is `ui`'s.

use super::{App, Effect, Overlay};
use crate::document::TextPos;
use crate::keymap::Action;

/// One line of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineEntry {
    pub title: String,
    /// Heading level (1 for a chapter or top section).
    pub level: u8,
    pub pos: TextPos,
    /// 0-based page at the current size.
    pub page: usize,
    /// The section the reader is in.
    pub current: bool,
}

/// The document's headings (the title first) with their pages at the current size
/// ([`crate::outline::headings`], as `folio outline` lists them). Laying out to the last
/// heading may lay out most of a long book; idle time usually has already.
pub(super) fn outline(app: &mut App) -> Vec<OutlineEntry> {
    let Some(r) = app.screen.reader.as_mut() else {
        return Vec::new();
    };
    let mut out: Vec<OutlineEntry> = crate::outline::headings(&r.doc, &mut r.layout)
        .into_iter()
        .map(|h| OutlineEntry {
            title: h.title,
            level: h.level,
            pos: h.pos,
            page: h.page,
            current: false,
        })
        .collect();
    // The current section, as the status line names it (`Document::section_of` the page's
    // first line with text): the last heading at or before it. A heading further down the
    // page is not reached yet.
    let top = r.shown().start;
    if let Some(i) = out.iter().rposition(|e| e.pos.0 <= top) {
        out[i].current = true;
    }
    out
}

/// `t`: opens the outline at the reader's section.
pub(super) fn open(app: &mut App) {
    if app.screen.reader.is_some() {
        let list = outline(app);
        let selected = list.iter().rposition(|e| e.current).unwrap_or(0);
        app.screen.overlay = Overlay::Outline { selected };
    }
}

/// The outline's own actions; `None` for the others.
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Down | Action::Up => {
            let n = outline(app).len().max(1);
            if let Overlay::Outline { selected } = &mut app.screen.overlay {
                *selected = super::move_choice(*selected, n, action == Action::Down);
            }
        }
        Action::Choose => choose(app),
        _ => return None,
    }
    Some(Vec::new())
}

/// Enter: the page of the chosen heading.
fn choose(app: &mut App) {
    let Overlay::Outline { selected } = app.screen.overlay else {
        return;
    };
    let target = outline(app).get(selected).map(|e| e.pos);
    app.screen.overlay = Overlay::None;
    if let (Some(pos), Some(r)) = (target, app.screen.reader.as_mut()) {
        r.jump(pos);
    }
}
