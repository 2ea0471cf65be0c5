//! Select mode: a selection between an anchor and a head, moved by word, sentence,
//! paragraph or display line; Enter highlights it (`a` with a note), `y` copies it. The page
//! follows the head. Pure: the clipboard is an effect.

use super::{App, Ask, Effect, LineEdit, Overlay, Rules};
use crate::document::TextPos;
use crate::keymap::Action;
use crate::select::{self, Unit};

/// Longest text `y` puts on the clipboard.
pub const MAX_COPY_BYTES: usize = 64 * 1024;

/// Select mode's own actions; `None` for the others. Each acts only while selecting.
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::WordForward
        | Action::WordBack
        | Action::SentenceForward
        | Action::SentenceBack
        | Action::ParagraphForward
        | Action::ParagraphBack => move_selection(app, action),
        Action::Highlight | Action::HighlightWithNote => highlight(app, action),
        Action::LineForward | Action::LineBack => move_by_line(app, action == Action::LineForward),
        Action::SwapEnds => {
            if let Overlay::Select { anchor, head } = &mut app.screen.overlay {
                std::mem::swap(anchor, head);
            }
        }
        Action::Copy => return Some(copy(app)),
        _ => return None,
    }
    Some(Vec::new())
}

/// `v`: select the first sentence of the page.
pub(super) fn start(app: &mut App) {
    let Some(r) = app.screen.reader.as_ref() else {
        return;
    };
    let mut sentence = select::sentence_at(&r.doc, r.pos);
    if sentence.start < r.pos {
        // The page starts inside a sentence: begin with the first one that starts here.
        sentence = select::sentence_at(&r.doc, sentence.end);
    }
    if sentence.start >= sentence.end {
        app.status.message = Some("Nothing to select here".to_string());
        return;
    }
    app.screen.overlay = Overlay::Select {
        anchor: sentence.start,
        head: sentence.end,
    };
}

/// Moves the selection's end; the page follows it.
fn move_selection(app: &mut App, action: Action) {
    let (Some(r), Overlay::Select { anchor, head }) =
        (app.screen.reader.as_mut(), &mut app.screen.overlay)
    else {
        return;
    };
    let unit = match action {
        Action::WordForward | Action::WordBack => Unit::Word,
        Action::SentenceForward | Action::SentenceBack => Unit::Sentence,
        _ => Unit::Paragraph,
    };
    let forward = matches!(
        action,
        Action::WordForward | Action::SentenceForward | Action::ParagraphForward
    );
    *head = if *head < *anchor {
        // The head is the selection's start (after `o`): it moves by word (sentence,
        // paragraph) starts, so the selection never begins with a space or half a word.
        let to = if forward {
            select::next_start(&r.doc, *head, unit)
        } else {
            select::prev_start(&r.doc, *head, unit)
        };
        if to < *anchor { to } else { *head }
    } else if forward {
        select::next_end(&r.doc, *head, unit)
    } else {
        select::prev_end(&r.doc, *head, *anchor, unit)
    };
    let last = TextPos(head.0.saturating_sub(1).max(anchor.0));
    let page = r.layout.page_of(last);
    if page != r.page {
        r.set_page(page);
    }
}

/// Enter / `a` in select mode: save the highlight (and ask for its note).
fn highlight(app: &mut App, action: Action) {
    let (Some(r), Overlay::Select { anchor, head }) =
        (app.screen.reader.as_mut(), &app.screen.overlay)
    else {
        return;
    };
    // Saved as whole words: never a space or half a word at either end.
    let Some(range) = select::snap_to_words(&r.doc, *anchor.min(head)..*anchor.max(head)) else {
        app.status.message = Some("Only spaces are selected: nothing to highlight".into());
        return;
    };
    let words = r
        .doc
        .text
        .get(range.start.0..range.end.0)
        .unwrap_or("")
        .split_whitespace()
        .count();
    let id = r
        .notes
        .add_highlight(&r.doc, range, "", &mut app.clock.stamps);
    r.dirty = true;
    app.screen.overlay = Overlay::None;
    if action == Action::HighlightWithNote {
        // A highlight merged with older ones already has their notes: the new note follows.
        let merged = r.notes.note(&id).to_string();
        let start = if merged.is_empty() {
            String::new()
        } else {
            format!("{merged} · ")
        };
        app.screen.overlay = Overlay::Prompt {
            ask: Ask::Note { id },
            edit: LineEdit::with_text(Rules::NOTE, &start),
        };
    } else {
        app.status.message = Some(format!("Highlighted {words} words"));
    }
    if r.notes.read_only {
        app.status.message =
            Some("This record is read-only: the highlight is kept until you quit".into());
    }
}

/// `j` / `k` in select mode: the selection's end moves to the end of the next or previous
/// display line.
fn move_by_line(app: &mut App, forward: bool) {
    let (Some(r), Overlay::Select { anchor, head }) =
        (app.screen.reader.as_mut(), &mut app.screen.overlay)
    else {
        return;
    };
    // Make sure the line after the head is laid out.
    let next_page = r.layout.page_of(*head) + 1;
    let _ = r.layout.page(next_page);
    let lines = r.layout.line_spans();
    let here = lines.partition_point(|l| l.src.end < head.0);
    let end_of = |l: &crate::layout::LineSpan| {
        let src = r.doc.text.get(l.src.clone()).unwrap_or("");
        TextPos(l.src.start + src.trim_end().len())
    };
    let target = if forward {
        lines
            .iter()
            .skip(here + 1)
            .find(|l| !l.is_blank() && !l.src.is_empty())
            .map(end_of)
    } else {
        lines[..here.min(lines.len())]
            .iter()
            .rev()
            .map(end_of)
            .find(|e| e.0 > anchor.0)
    };
    if let Some(t) = target {
        *head = t;
        let last = TextPos(head.0.saturating_sub(1).max(anchor.0));
        let page = r.layout.page_of(last);
        if page != r.page {
            r.set_page(page);
        }
    }
}

/// `y`: copies the selection to the terminal's clipboard and leaves select mode.
fn copy(app: &mut App) -> Vec<Effect> {
    let (Some(r), Overlay::Select { anchor, head }) =
        (app.screen.reader.as_ref(), &app.screen.overlay)
    else {
        return Vec::new();
    };
    let (a, b) = (anchor.0.min(head.0), anchor.0.max(head.0));
    let mut text = r.doc.text.get(a..b).unwrap_or("").to_string();
    if text.len() > MAX_COPY_BYTES {
        let mut end = MAX_COPY_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    app.screen.overlay = Overlay::None;
    app.status.message = Some(format!("Copied {} characters", text.chars().count()));
    vec![Effect::Copy(text)]
}
