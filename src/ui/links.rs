//! The links overlay (`f`): the page's links, each as its number, its text and its target,
//! cut with … to fit; the chosen one reversed. Reads [`App::links_view`] only.

use super::Theme;
use crate::app::App;
use crate::layout::{shorten, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Draws the list over the page, scrolled to keep the choice in view.
pub(super) fn draw(app: &App, selected: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let list = app.links_view();
    let text = "No links on this page";
    let number_w = list
        .iter()
        .map(|e| width(&e.number.to_string()))
        .max()
        .unwrap_or(1)
        + 2;
    // A row at its natural width: ` [n] text  target `.
    let cells = list
        .iter()
        .map(|e| 1 + number_w + 1 + width(&e.text) + 2 + width(&e.target) + 1)
        .max()
        .unwrap_or(width(text) + 2);
    let (rect, inner_w, rows) =
        super::list_frame(area, " Links · f closes ", (list.len(), cells), buf);
    if list.is_empty() {
        buf.set_stringn(
            rect.x + 2,
            rect.y + 1,
            text,
            inner_w.saturating_sub(1),
            theme.dim,
        );
        return;
    }
    let start = selected.saturating_sub(rows.saturating_sub(1));
    for (i, e) in list.iter().enumerate().skip(start).take(rows) {
        let y = rect.y + 1 + u16::try_from(i - start).unwrap_or(0);
        let line = row(e, number_w, inner_w);
        let style = if i == selected {
            theme.selected
        } else {
            theme.text
        };
        buf.set_stringn(rect.x + 1, y, &line, inner_w, style);
    }
}

/// One entry: ` [3] text  target`, the text given up to half the room and the target the
/// rest; both cut with … when they do not fit. Padded by cells to the whole row.
fn row(e: &crate::app::LinkEntry, number_w: usize, inner_w: usize) -> String {
    let number = format!("[{}]", e.number);
    // Room for the text and the target: the row less the number and the spaces around them.
    let room = inner_w.saturating_sub(number_w + 4);
    let text_room = (width(&e.text).min(room / 2)).max(room.saturating_sub(width(&e.target)));
    let text = shorten(&e.text, text_room.min(room));
    let target = shorten(&e.target, room.saturating_sub(width(&text)));
    let line = format!(" {number:>number_w$} {text}  {target}");
    let pad = inner_w.saturating_sub(width(&line));
    format!("{line}{}", " ".repeat(pad))
}
