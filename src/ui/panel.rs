//! The side panel: a tab bar, then the current tab's entries, each its text (a few lines), its
//! note or speaker, and where it is. Beside the page on a wide window, over it on a narrow one.
//! Where things go is decided in `app::panel` (the same geometry answers mouse clicks); this
//! only draws it.

use super::{Theme, cells};
use crate::app::{App, RowKind, Tab, entries, list_top, nearest, panel_area, visible_rows};
use crate::document::TextPos;
use crate::layout::shorten;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Borders, Clear, Widget};

const TABS: [(Tab, &str); 3] = [
    (Tab::Highlights, "Highlights"),
    (Tab::Bookmarks, "Bookmarks"),
    (Tab::Quotes, "Quotes"),
];

pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(panel) = app.panel.as_ref() else {
        return;
    };
    let (x, y, w, h) = panel_area((area.width, area.height));
    let rect = Rect::new(area.x + x, area.y + y, w, h).intersection(area);
    Clear.render(rect, buf);
    let list = entries(app, panel.tab, panel.filter.text());
    let name = TABS
        .iter()
        .find(|(t, _)| *t == panel.tab)
        .map_or("", |(_, n)| n);
    let title = format!(" {name} {} · Tab closes ", list.len());
    Block::default()
        .borders(Borders::ALL)
        .title(shorten(&title, usize::from(rect.width.saturating_sub(2))))
        .render(rect, buf);
    let inner = Rect::new(
        rect.x + 1,
        rect.y + 1,
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    );
    if inner.width < 4 || inner.height < 3 {
        return;
    }
    let iw = usize::from(inner.width);
    // Tab bar.
    let per = (iw.saturating_sub(2) / 3).max(3);
    let mut x = inner.x;
    for (i, (tab, label)) in TABS.iter().enumerate() {
        let text = shorten(&format!("{} {label}", i + 1), per);
        let style = if *tab == panel.tab {
            theme.selected.add_modifier(Modifier::BOLD)
        } else {
            theme.dim
        };
        let w = cells(&text);
        if x + w > inner.right() {
            break;
        }
        buf.set_stringn(x, inner.y, &text, usize::from(w), style);
        x += w + 1;
    }
    if panel.filtering || !panel.filter.is_empty() {
        let cursor = if panel.filtering { "█" } else { "" };
        let line = shorten(&format!("/{}{cursor}", panel.filter.text()), iw);
        buf.set_stringn(inner.x, inner.y + 1, line, iw, theme.status_accent);
    }
    let top = inner.y + list_top(panel);
    let room = usize::from(inner.bottom().saturating_sub(top));
    if list.is_empty() {
        let empty = match (panel.tab, panel.filter.is_empty()) {
            (_, false) => "Nothing matches the filter",
            (Tab::Highlights, true) => "No highlights yet: press v to select",
            (Tab::Bookmarks, true) => "No bookmarks yet: press m on a page",
            (Tab::Quotes, true) => "No quotations found in this article",
        };
        let lines = crate::app::wrap(empty, iw.saturating_sub(1), room);
        for (i, l) in lines.iter().enumerate() {
            let row = top + u16::try_from(i).unwrap_or(0);
            buf.set_stringn(inner.x + 1, row, l, iw, theme.dim);
        }
        return;
    }
    let page_top = app.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    let near = nearest(&list, page_top);
    let selected = panel.selected.min(list.len() - 1);
    let mut previous = None;
    for (i, row) in visible_rows(&list, selected, iw, room).iter().enumerate() {
        let y = top + u16::try_from(i).unwrap_or(0);
        let first = previous != Some(row.entry) && row.kind == RowKind::Text;
        previous = Some(row.entry);
        let is_content = !matches!(row.kind, RowKind::Blank | RowKind::Header);
        let gutter = match (
            row.entry == selected && is_content,
            Some(row.entry) == near && first,
        ) {
            (true, _) => "▌ ",
            (false, true) => "› ",
            _ => "  ",
        };
        let mut style = match row.kind {
            RowKind::Header => theme.heading,
            RowKind::Text | RowKind::Blank => theme.text,
            RowKind::Note => theme.byline,
            RowKind::Location => theme.dim,
        };
        if row.entry == selected && is_content {
            style = style.add_modifier(Modifier::BOLD);
        }
        buf.set_stringn(inner.x, y, gutter, 2, theme.marker);
        buf.set_stringn(inner.x + 2, y, &row.text, iw.saturating_sub(2), style);
    }
}
