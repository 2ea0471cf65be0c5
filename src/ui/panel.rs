//! The side panel: a tab bar, then the current tab's entries, each its text (a few lines), its
//! note or speaker, and where it is. Beside the page on a wide window, over it on a narrow one.
//! Where things go is decided here, and each drawn entry's cells are recorded as a [`Hit`] so
//! a click lands on what was drawn. Reads the app; changes nothing.

use super::{Theme, cells};
use crate::app::{App, Entry, Hit, Item, PANEL_MIN, Panel, Tab, entries, nearest, panel_beside};
use crate::document::TextPos;
use crate::layout::{shorten, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Borders, Clear, Widget};

const TABS: [(Tab, &str); 3] = [
    (Tab::Highlights, "Highlights"),
    (Tab::Bookmarks, "Bookmarks"),
    (Tab::Quotes, "Quotes"),
];

/// Draws the open panel; returns where its entries are.
pub fn draw(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) -> Vec<Hit> {
    let Some(panel) = app.screen.panel.as_ref() else {
        return Vec::new();
    };
    let (x, y, w, h) = panel_area((area.width, area.height));
    let rect = Rect::new(area.x + x, area.y + y, w, h).intersection(area);
    Clear.render(rect, buf);
    let list = entries(app, panel.tab, panel.filter.text());
    let name = TABS
        .iter()
        .find(|(t, _)| *t == panel.tab)
        .map_or("", |(_, n)| n);
    // How far the reader is: the status line's number (`progress`), beside the list.
    let title = format!(
        " {name} {} · {}% read · Tab closes ",
        list.len(),
        app.view.percent
    );
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
        return Vec::new();
    }
    tab_bar(panel, theme, inner, buf);
    let iw = usize::from(inner.width);
    if panel.filtering || !panel.filter.is_empty() {
        let cursor = if panel.filtering { "█" } else { "" };
        let line = shorten(&format!("/{}{cursor}", panel.filter.text()), iw);
        buf.set_stringn(inner.x, inner.y + 1, line, iw, theme.status_accent);
    }
    let top = inner.y + list_top(panel);
    let list_area = Rect::new(
        inner.x,
        top,
        inner.width,
        inner.bottom().saturating_sub(top),
    );
    if list.is_empty() {
        empty(panel, theme, list_area, buf);
        return Vec::new();
    }
    let page_top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    list_rows(
        &list,
        panel.selected,
        nearest(&list, page_top),
        theme,
        list_area,
        buf,
    )
}

fn tab_bar(panel: &Panel, theme: &Theme, inner: Rect, buf: &mut Buffer) {
    let iw = usize::from(inner.width);
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
}

/// What an empty list says.
fn empty(panel: &Panel, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let iw = usize::from(area.width);
    let empty = match (panel.tab, panel.filter.is_empty()) {
        (_, false) => "Nothing matches the filter",
        (Tab::Highlights, true) => "No highlights yet: press v to select",
        (Tab::Bookmarks, true) => "No bookmarks yet: press m on a page",
        (Tab::Quotes, true) => "No quotations found in this article",
    };
    let lines = wrap(empty, iw.saturating_sub(1), usize::from(area.height));
    for (i, l) in lines.iter().enumerate() {
        let row = area.y + u16::try_from(i).unwrap_or(0);
        buf.set_stringn(area.x + 1, row, l, iw, theme.dim);
    }
}

/// The entries' rows, the chosen one in bold with a bar, the one nearest the page marked.
fn list_rows(
    list: &[Entry],
    selected: usize,
    near: Option<usize>,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Vec<Hit> {
    let iw = usize::from(area.width);
    let selected = selected.min(list.len() - 1);
    let mut previous = None;
    let mut hits = Vec::new();
    let rows = visible_rows(list, selected, iw, usize::from(area.height));
    for (i, row) in rows.iter().enumerate() {
        let y = area.y + u16::try_from(i).unwrap_or(0);
        let first = previous != Some(row.entry) && row.kind == RowKind::Text;
        previous = Some(row.entry);
        let is_content = !matches!(row.kind, RowKind::Blank | RowKind::Header);
        if is_content {
            hits.push(Hit {
                x: area.x,
                y,
                width: area.width,
                height: 1,
                entry: row.entry,
            });
        }
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
        buf.set_stringn(area.x, y, gutter, 2, theme.marker);
        buf.set_stringn(area.x + 2, y, &row.text, iw.saturating_sub(2), style);
    }
    hits
}

/// Where the panel is in a window of `size`: (x, y, width, height), above the status line.
/// Beside the page when [`panel_beside`] allows, else over it (the whole width when narrow).
fn panel_area(size: (u16, u16)) -> (u16, u16, u16, u16) {
    let (w, h) = size;
    let h = h.saturating_sub(1);
    match panel_beside(w) {
        Some(pw) => (w - pw, 0, pw, h),
        None => {
            let pw = if w < 60 {
                w
            } else {
                w.saturating_sub(4).max(PANEL_MIN).min(w)
            };
            ((w - pw) / 2, 0, pw, h)
        }
    }
}

/// Lines of an entry's text shown at most.
const TEXT_LINES: usize = 3;

/// What a row of the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// "Not found in the text:" before the orphans.
    Header,
    Text,
    Note,
    Location,
    Blank,
}

/// One row of the list: the entry it belongs to, what it is, its text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    entry: usize,
    kind: RowKind,
    text: String,
}

/// Rows of the panel's inner area above the list: the tab bar, the filter (when there is
/// one) and a gap.
fn list_top(panel: &Panel) -> u16 {
    2 + u16::from(panel.filtering || !panel.filter.is_empty())
}

/// Greedy word wrap to `max` cells, at most `lines` lines, the last one ending in "…" when
/// text was left out.
pub(super) fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut used = 0;
    for w in &words {
        let sep = usize::from(!cur.is_empty());
        if width(&cur) + sep + width(w) <= max {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(w);
            used += 1;
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            if out.len() == lines {
                break;
            }
        }
        cur = shorten(w, max);
        used += 1;
    }
    if !cur.is_empty() && out.len() < lines {
        out.push(cur);
    }
    if used < words.len() || out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            let cut = shorten(last, max.saturating_sub(1));
            *last = format!("{}…", cut.trim_end_matches('…'));
        }
    }
    out
}

fn entry_rows(e: &Entry, text_w: usize) -> Vec<(RowKind, String)> {
    let mut out: Vec<(RowKind, String)> = wrap(&e.text, text_w, TEXT_LINES)
        .into_iter()
        .map(|l| (RowKind::Text, l))
        .collect();
    if out.is_empty() {
        out.push((RowKind::Text, "…".to_string()));
    }
    if !e.attribution.is_empty() {
        out.push((RowKind::Note, shorten(&e.attribution, text_w)));
    }
    if !e.note.is_empty() {
        let note = if matches!(e.item, Item::Quote(_)) {
            e.note.clone()
        } else {
            format!("✎ {}", e.note)
        };
        out.push((RowKind::Note, shorten(&note, text_w)));
    }
    out.push((RowKind::Location, shorten(&e.location, text_w)));
    out.push((RowKind::Blank, String::new()));
    out
}

/// The rows that fit in `room` rows `inner` cells wide, scrolled so the chosen entry shows.
/// Text is two cells narrower than `inner`: the gutter marks the chosen and nearest entries.
fn visible_rows(list: &[Entry], selected: usize, inner: usize, room: usize) -> Vec<Row> {
    let text_w = inner.saturating_sub(2);
    let first_orphan = list.iter().position(|e| matches!(e.item, Item::Orphan(_)));
    let blocks: Vec<Vec<(RowKind, String)>> = list
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut r = Vec::new();
            if Some(i) == first_orphan {
                r.push((RowKind::Header, "Not found in the text:".to_string()));
            }
            r.extend(entry_rows(e, text_w));
            r
        })
        .collect();
    let selected = selected.min(list.len().saturating_sub(1));
    let mut start = 0;
    while start < selected && blocks[start..=selected].iter().map(Vec::len).sum::<usize>() > room {
        start += 1;
    }
    blocks
        .into_iter()
        .enumerate()
        .skip(start)
        .flat_map(|(i, rows)| {
            rows.into_iter().map(move |(kind, text)| Row {
                entry: i,
                kind,
                text,
            })
        })
        .take(room)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_to_the_width_and_marks_what_it_cut() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = wrap(text, 12, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| width(l) <= 12), "{lines:?}");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(wrap("short", 12, 3), vec!["short"]);
        assert_eq!(wrap("", 12, 3), Vec::<String>::new());
        let long = wrap("Donaudampfschifffahrtsgesellschaft ist lang", 10, 3);
        assert!(long.iter().all(|l| width(l) <= 10), "{long:?}");
        // Exactly filling the lines is not a cut.
        assert_eq!(wrap("aaa bbb", 3, 2), vec!["aaa", "bbb"]);
    }

    #[test]
    fn the_panel_sits_beside_a_wide_page_and_over_a_narrow_one() {
        assert_eq!(panel_area((120, 30)), (80, 0, 40, 29));
        assert_eq!(panel_area((80, 24)), (2, 0, 76, 23));
        assert_eq!(panel_area((40, 12)), (0, 0, 40, 11));
    }
}
