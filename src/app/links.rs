//! The links overlay's mode (`f`): the links whose text is on the page, with their numbers
//! (the link's index in `Meta::links` plus one, as piped output numbers them) and targets;
//! `j` / `k` choose. Following a link is a later issue: Enter only names the target. The list
//! is computed here (and cached by `refresh` for the UI); drawing it is `ui`'s.

use super::{App, Effect, Overlay};
use crate::document::Span;
use crate::keymap::Action;
use std::ops::Range;

/// One line of the links list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkEntry {
    /// The link's number: its index in the document's links plus one.
    pub number: usize,
    /// The link's text as it reads on the page (a link split by emphasis is one text).
    pub text: String,
    pub target: String,
}

/// The links whose text touches the page shown, in page order, each once (its first text).
pub(super) fn page_links(app: &App) -> Vec<LinkEntry> {
    let Some(r) = app.screen.reader.as_ref() else {
        return Vec::new();
    };
    let shown = app.view.page_range(r.pos);
    let doc = &r.doc;
    let mut out: Vec<LinkEntry> = Vec::new();
    let blocks = doc
        .blocks
        .iter()
        .filter(|b| b.range.end > shown.start && b.range.start < shown.end);
    for block in blocks {
        let text = doc.block_text(block);
        for (run, index) in link_runs(text, &block.spans) {
            let (start, end) = (block.range.start + run.start, block.range.start + run.end);
            let number = index + 1;
            if end <= shown.start || start >= shown.end || out.iter().any(|e| e.number == number) {
                continue;
            }
            let Some(target) = doc.meta.links.get(index) else {
                continue;
            };
            out.push(LinkEntry {
                number,
                text: text.get(run).unwrap_or("").to_string(),
                target: target.clone(),
            });
        }
    }
    out
}

/// A block's links as runs of text (relative to the block) with their link index: spans of
/// one link separated only by spaces (emphasis inside a link) are one run.
fn link_runs(text: &str, spans: &[Span]) -> Vec<(Range<usize>, usize)> {
    let mut runs: Vec<(Range<usize>, usize)> = Vec::new();
    for span in spans {
        let Some(index) = span.style.link.map(|l| l as usize) else {
            continue;
        };
        if let Some((run, last)) = runs.last_mut()
            && *last == index
            && text
                .get(run.end..span.range.start)
                .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        {
            run.end = span.range.end;
            continue;
        }
        runs.push((span.range.clone(), index));
    }
    runs
}

/// `f`: opens the list of the page's links.
pub(super) fn open(app: &mut App) {
    if app.screen.reader.is_some() {
        app.screen.overlay = Overlay::Links { selected: 0 };
    }
}

/// The links list's own actions; `None` for the others.
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Down | Action::Up => {
            let n = page_links(app).len().max(1);
            if let Overlay::Links { selected } = &mut app.screen.overlay {
                *selected = super::move_choice(*selected, n, action == Action::Down);
            }
        }
        Action::Choose => choose(app),
        _ => return None,
    }
    Some(Vec::new())
}

/// Enter: following links comes in a later issue; for now the status line names the target.
fn choose(app: &mut App) {
    let Overlay::Links { selected } = app.screen.overlay else {
        return;
    };
    if let Some(e) = page_links(app).get(selected) {
        app.status.message = Some(format!("Following links comes later: {}", e.target));
    }
}
