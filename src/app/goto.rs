//! The `:` go-to input: a page number or a percentage, typed into a [`LineEdit`] that takes
//! only digits, `%` and `.`. Enter jumps (a page past either end is the first or the last),
//! Esc (or Backspace on an empty input) cancels.

use super::{App, Effect, LineEdit, Overlay, Rules};
use crate::document::TextPos;
use crate::keymap::{Key, KeyCode};

/// `:`: opens the input.
pub(super) fn open(app: &mut App) {
    if app.screen.reader.is_some() {
        app.screen.overlay = Overlay::GoTo {
            edit: LineEdit::new(Rules::GO_TO),
        };
    }
}

/// A key while the input is open.
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    let Overlay::GoTo { edit } = &mut app.screen.overlay else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Enter => {
            let input = edit.text().to_string();
            app.screen.overlay = Overlay::None;
            if let Err(msg) = go_to(app, &input) {
                app.status.message = Some(msg);
            }
        }
        KeyCode::Esc => app.screen.overlay = Overlay::None,
        KeyCode::Char('c') if key.ctrl => app.screen.overlay = Overlay::None,
        KeyCode::Backspace if edit.is_empty() => app.screen.overlay = Overlay::None,
        _ => edit.type_key(key),
    }
    Vec::new()
}

/// Jumps to "12" (a page) or "40%" (a share of the text).
fn go_to(app: &mut App, input: &str) -> Result<(), String> {
    let Some(reader) = app.screen.reader.as_mut() else {
        return Ok(());
    };
    let input = input.trim();
    if let Some(p) = input.strip_suffix('%') {
        let share: f64 = p
            .parse()
            .ok()
            .filter(|s: &f64| (0.0..=100.0).contains(s))
            .ok_or_else(|| format!("'{p}%' is not a percentage from 0% to 100%"))?;
        let len = reader.doc.text.len();
        // Truncation is intended: a share of the text as a byte offset.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let mut target = ((len as f64) * share / 100.0) as usize;
        target = target.min(len);
        while !reader.doc.text.is_char_boundary(target) {
            target -= 1;
        }
        reader.jump(TextPos(target));
        return Ok(());
    }
    let pages = reader.layout.page_count();
    let n: usize = input
        .parse()
        .map_err(|_| format!("Type a page number from 1 to {pages}, or a percentage like 40%"))?;
    // Past either end: the first or the last page, as less and vim go to the last line.
    reader.jump_to_page(n.clamp(1, pages) - 1);
    if n > pages {
        app.status.message = Some(format!("The last page is {pages}"));
    }
    Ok(())
}
