//! The side panel: a tab bar, then the current tab's entries, each its text (a few lines), its
//! note or speaker, and where it is. Beside the page on a wide window, over it on a narrow one.

use super::{Theme, cells, shorten};
use crate::app::{App, Entry, Item, PANEL_MIN, Tab, entries, nearest};
use crate::document::TextPos;
use crate::layout::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// Lines of an entry's text shown at most.
const TEXT_LINES: usize = 3;

const TABS: [(Tab, &str); 3] = [
    (Tab::Highlights, "Highlights"),
    (Tab::Bookmarks, "Bookmarks"),
    (Tab::Quotes, "Quotes"),
];

/// Where the panel goes: beside the page (`beside` is its width) or over it.
pub fn rect(area: Rect, beside: Option<u16>) -> Rect {
    let h = area.height.saturating_sub(1);
    match beside {
        Some(w) => Rect::new(area.right() - w, area.y, w, h),
        None => {
            // Over the page: leave a margin of page showing only where it is readable.
            let w = if area.width < 60 {
                area.width
            } else {
                area.width.saturating_sub(4).max(PANEL_MIN).min(area.width)
            };
            Rect::new(area.x + (area.width - w) / 2, area.y, w, h)
        }
    }
}

/// Greedy word wrap to `max` cells, at most `lines` lines, the last one shortened with "…".
fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(w) = words.next() {
        let sep = usize::from(!cur.is_empty());
        if width(&cur) + sep + width(w) <= max {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(w);
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if out.len() == lines {
            break;
        }
        cur = shorten(w, max);
        if words.peek().is_none() {
            break;
        }
    }
    if !cur.is_empty() && out.len() < lines {
        out.push(cur);
    }
    let truncated = out.len() == lines && out.join(" ").len() < text.split_whitespace().collect::<Vec<_>>().join(" ").len();
    if truncated && let Some(last) = out.last_mut() {
        let room = max.saturating_sub(1);
        *last = format!("{}…", shorten(last, room).trim_end_matches('…'));
    }
    out
}

/// The rows an entry takes: (text, style) per row.
fn rows(entry: &Entry, inner: usize, theme: &Theme) -> Vec<(String, Style)> {
    let text_w = inner.saturating_sub(2);
    let mut out: Vec<(String, Style)> = wrap(&entry.text, text_w, TEXT_LINES)
        .into_iter()
        .map(|l| (l, theme.text))
        .collect();
    if out.is_empty() {
        out.push(("…".to_string(), theme.text));
    }
    if !entry.note.is_empty() {
        let note = if matches!(entry.item, Item::Quote(_)) {
            entry.note.clone()
        } else {
            format!("✎ {}", entry.note)
        };
        out.push((shorten(&note, text_w), theme.byline));
    }
    out.push((shorten(&entry.location, text_w), theme.dim));
    out
}

pub fn draw(app: &App, theme: &Theme, area: Rect, beside: Option<u16>, buf: &mut Buffer) {
    let Some(panel) = app.panel.as_ref() else {
        return;
    };
    let rect = rect(area, beside);
    Clear.render(rect, buf);
    let list = entries(app, panel.tab, &panel.filter);
    let name = TABS.iter().find(|(t, _)| *t == panel.tab).map_or("", |(_, n)| n);
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
    let mut y = inner.y + 1;
    if panel.filtering || !panel.filter.is_empty() {
        let cursor = if panel.filtering { "█" } else { "" };
        let line = shorten(&format!("/{}{cursor}", panel.filter), iw);
        buf.set_stringn(inner.x, y, line, iw, theme.status_accent);
        y += 1;
    }
    y += 1;
    let room = usize::from(inner.bottom().saturating_sub(y));
    if list.is_empty() {
        let empty = match (panel.tab, panel.filter.is_empty()) {
            (_, false) => "Nothing matches the filter",
            (Tab::Highlights, true) => "No highlights yet: press v to select",
            (Tab::Bookmarks, true) => "No bookmarks yet: press m on a page",
            (Tab::Quotes, true) => "No quotations found in this article",
        };
        for (i, l) in wrap(empty, iw.saturating_sub(1), room).iter().enumerate() {
            let row = y + u16::try_from(i).unwrap_or(0);
            buf.set_stringn(inner.x + 1, row, l, iw, theme.dim);
        }
        return;
    }
    let top = app.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    let near = nearest(&list, top);
    let first_orphan = list.iter().position(|e| matches!(e.item, Item::Orphan(_)));
    // Rows per entry, with a blank row between entries and a header before the orphans.
    let blocks: Vec<Vec<(String, Style)>> = list
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut r = Vec::new();
            if Some(i) == first_orphan {
                r.push(("Not found in the text:".to_string(), theme.heading));
            }
            r.extend(rows(e, iw, theme));
            r.push((String::new(), theme.text));
            r
        })
        .collect();
    // Scroll so the selected entry is on screen.
    let selected = panel.selected.min(list.len() - 1);
    let mut start = 0;
    while start < selected && blocks[start..=selected].iter().map(Vec::len).sum::<usize>() > room {
        start += 1;
    }
    for (i, block) in blocks.iter().enumerate().skip(start) {
        for (j, (text, style)) in block.iter().enumerate() {
            if y >= inner.bottom() {
                return;
            }
            let is_text_row = j + 1 < block.len();
            let gutter = match (i == selected, Some(i) == near, j == 0) {
                (true, _, _) if is_text_row => "▌ ",
                (false, true, true) => "› ",
                _ => "  ",
            };
            let style = if i == selected && is_text_row {
                style.add_modifier(Modifier::BOLD)
            } else {
                *style
            };
            buf.set_stringn(inner.x, y, gutter, 2, theme.marker);
            buf.set_stringn(inner.x + 2, y, text, iw.saturating_sub(2), style);
            y += 1;
        }
    }
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
        let long = wrap("Donaudampfschifffahrtsgesellschaft", 10, 3);
        assert!(long.iter().all(|l| width(l) <= 10), "{long:?}");
    }
}
