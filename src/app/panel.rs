//! The side panel's state and its lists: highlights (with the orphans), bookmarks, and the
//! quotations found in the article. Entries are computed by [`entries`] from the record and the
//! document, so the list, the UI and the tests agree on what is where.

use super::{App, Ask, LineEdit, Overlay, PANEL_MIN, Rules, panel_beside, set_page};
use crate::document::{Document, TextPos};
use crate::layout::{shorten, width};
use crate::record::{Bookmark, Highlight};
use std::ops::Range;

/// The panel's tabs, in the order `1` `2` `3` choose them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Highlights,
    Bookmarks,
    Quotes,
}

/// Something `u` can bring back (with a new id: deleted ids stay deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    Highlight(Highlight),
    Bookmark(Bookmark),
}

/// The panel's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    pub tab: Tab,
    /// Index into the current tab's (filtered) entries.
    pub selected: usize,
    /// Lowercased filter text; entries must contain it.
    pub filter: LineEdit,
    /// `/` was pressed: keys type into the filter until Enter or Esc.
    pub filtering: bool,
    pub undo: Vec<Undo>,
}

impl Panel {
    pub fn new() -> Panel {
        Panel {
            tab: Tab::Highlights,
            selected: 0,
            filter: LineEdit::new(Rules::FILTER),
            filtering: false,
            undo: Vec::new(),
        }
    }
}

impl Default for Panel {
    fn default() -> Self {
        Panel::new()
    }
}

/// What an entry stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Highlight(String),
    /// A highlight whose text is no longer in the article.
    Orphan(String),
    Bookmark(String),
    /// Index into the reader's quotes.
    Quote(usize),
}

/// One row of a list, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub item: Item,
    /// The quoted text, label or first words.
    pub text: String,
    /// A note, or a quote's speaker.
    pub note: String,
    /// "34% · Section heading", or where an orphan was.
    pub location: String,
    /// Where it is in the text (none for orphans).
    pub range: Option<Range<TextPos>>,
}

fn location(doc: &Document, pos: TextPos) -> String {
    let len = doc.text.len().max(1);
    let pct = pos.0.min(len) * 100 / len;
    match doc.section_of(pos) {
        Some(s) => format!("{pct}% · {s}"),
        None => format!("{pct}%"),
    }
}

/// The first words at `pos`, for a bookmark without a label.
fn first_words(doc: &Document, pos: TextPos) -> String {
    let rest = doc.text.get(pos.0..).unwrap_or("");
    let words: Vec<&str> = rest.split_whitespace().take(8).collect();
    format!("{}…", words.join(" "))
}

/// The entries of a tab, filtered, in reading order (orphans last).
pub fn entries(app: &App, tab: Tab, filter: &str) -> Vec<Entry> {
    let Some(r) = app.reader.as_ref() else {
        return Vec::new();
    };
    let doc = &r.doc;
    let mut out: Vec<Entry> = match tab {
        Tab::Highlights => {
            let mut v: Vec<Entry> = r
                .notes
                .highlight_ranges()
                .into_iter()
                .map(|(h, range)| Entry {
                    item: Item::Highlight(h.id.clone()),
                    text: doc
                        .text
                        .get(range.start.0..range.end.0)
                        .unwrap_or("")
                        .to_string(),
                    note: h.note.clone(),
                    location: location(doc, range.start),
                    range: Some(range),
                })
                .collect();
            v.extend(r.notes.orphans().map(|h| Entry {
                item: Item::Orphan(h.id.clone()),
                text: h.anchor.exact.clone(),
                note: h.note.clone(),
                location: "not found in the text: kept".to_string(),
                range: None,
            }));
            v
        }
        Tab::Bookmarks => r
            .notes
            .bookmark_positions()
            .into_iter()
            .map(|(b, pos)| Entry {
                item: Item::Bookmark(b.id.clone()),
                text: if b.label.is_empty() {
                    first_words(doc, pos)
                } else {
                    b.label.clone()
                },
                note: String::new(),
                location: location(doc, pos),
                range: Some(pos..pos),
            })
            .collect(),
        Tab::Quotes => r
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| Entry {
                item: Item::Quote(i),
                text: doc.text.get(q.range.clone()).unwrap_or("").to_string(),
                note: q
                    .speaker
                    .as_ref()
                    .map(|s| format!("— {s}"))
                    .unwrap_or_default(),
                location: location(doc, TextPos(q.range.start)),
                range: Some(TextPos(q.range.start)..TextPos(q.range.end)),
            })
            .collect(),
    };
    if !filter.is_empty() {
        out.retain(|e| {
            e.text.to_lowercase().contains(filter)
                || e.note.to_lowercase().contains(filter)
                || e.location.to_lowercase().contains(filter)
        });
    }
    out
}

/// The entry nearest the current page: the first at or after its top, else the last.
pub fn nearest(entries: &[Entry], top: TextPos) -> Option<usize> {
    let placed = || {
        entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((i, e.range.clone()?)))
    };
    placed()
        .find(|(_, r)| r.end.0 > top.0 || r.start >= top)
        .or_else(|| placed().next_back())
        .map(|(i, _)| i)
}

/// Opens the panel, or closes it.
pub fn toggle(app: &mut App) {
    if app.panel.take().is_some() {
        return;
    }
    let mut panel = Panel::new();
    let top = app.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    panel.selected = nearest(&entries(app, panel.tab, ""), top).unwrap_or(0);
    app.panel = Some(panel);
}

/// Switches tab, selecting the entry nearest the page.
pub fn switch(app: &mut App, tab: Tab) {
    let top = app.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    let filter = app
        .panel
        .as_ref()
        .map(|p| p.filter.text().to_string())
        .unwrap_or_default();
    let selected = nearest(&entries(app, tab, &filter), top).unwrap_or(0);
    if let Some(p) = app.panel.as_mut() {
        p.tab = tab;
        p.selected = selected;
    }
}

/// The chosen entry of the open panel.
pub fn chosen(app: &App) -> Option<Entry> {
    let p = app.panel.as_ref()?;
    entries(app, p.tab, p.filter.text())
        .into_iter()
        .nth(p.selected)
}

/// Moves the choice down or up (wrapping).
pub fn step(app: &mut App, down: bool) {
    let Some(p) = app.panel.as_ref() else {
        return;
    };
    let n = entries(app, p.tab, p.filter.text()).len();
    if let Some(p) = app.panel.as_mut()
        && n > 0
    {
        p.selected = if down {
            (p.selected + 1) % n
        } else {
            (p.selected + n - 1) % n
        };
    }
}

/// Enter: the page jumps to the entry, and its text is marked on the page.
pub fn jump(app: &mut App) {
    let Some(entry) = chosen(app) else {
        return;
    };
    let Some(range) = entry.range else {
        app.message = Some("This highlight's text is no longer in the article".into());
        return;
    };
    if let Some(r) = app.reader.as_mut() {
        let page = r.layout.page_of(range.start);
        set_page(r, page);
    }
    app.flash = (range.start < range.end).then_some(range.start.0..range.end.0);
    // Over a narrow page the panel would hide what it jumped to: it steps aside.
    if super::panel_beside(app.size.0).is_none() {
        app.panel = None;
    }
}

/// `d`: deletes the chosen highlight or bookmark; `u` brings it back.
pub fn delete(app: &mut App) {
    let Some(entry) = chosen(app) else {
        return;
    };
    let id = match &entry.item {
        Item::Highlight(id) | Item::Orphan(id) | Item::Bookmark(id) => id.clone(),
        Item::Quote(_) => {
            app.message = Some("Quotes come from the article: h highlights one".into());
            return;
        }
    };
    let Some(r) = app.reader.as_mut() else {
        return;
    };
    let saved = match &entry.item {
        Item::Bookmark(_) => r
            .notes
            .record
            .bookmarks
            .iter()
            .find(|b| b.id == id)
            .cloned()
            .map(Undo::Bookmark),
        _ => r
            .notes
            .record
            .highlights
            .iter()
            .find(|h| h.id == id)
            .cloned()
            .map(Undo::Highlight),
    };
    if r.notes.delete(&id) {
        r.dirty = true;
        if let (Some(p), Some(u)) = (app.panel.as_mut(), saved) {
            p.undo.push(u);
        }
        app.message = Some("Deleted: u brings it back".into());
    }
    clamp(app);
}

/// `u`: re-creates the last deleted item (with a new id).
pub fn undo(app: &mut App) {
    let Some(u) = app.panel.as_mut().and_then(|p| p.undo.pop()) else {
        app.message = Some("Nothing to undo".into());
        return;
    };
    if let Some(r) = app.reader.as_mut() {
        match u {
            Undo::Highlight(h) => r.notes.restore_highlight(&r.doc, h, &mut app.stamps),
            Undo::Bookmark(b) => r.notes.restore_bookmark(&r.doc, b, &mut app.stamps),
        }
        r.dirty = true;
        app.message = Some("Restored".into());
    }
}

/// `e`: edit the chosen highlight's note or bookmark's label in the prompt.
pub fn edit(app: &mut App) {
    let Some(entry) = chosen(app) else {
        return;
    };
    let (ask, current) = match entry.item {
        Item::Highlight(id) | Item::Orphan(id) => (Ask::Note { id }, entry.note),
        Item::Bookmark(id) => {
            let label = app
                .reader
                .as_ref()
                .and_then(|r| r.notes.record.bookmarks.iter().find(|b| b.id == id))
                .map(|b| b.label.clone())
                .unwrap_or_default();
            (Ask::Label { id }, label)
        }
        Item::Quote(_) => return,
    };
    app.overlay = Overlay::Prompt {
        ask,
        edit: LineEdit::with_text(Rules::NOTE, &current),
    };
}

/// `h` on the Quotes tab: the quotation becomes a highlight.
pub fn highlight_quote(app: &mut App) {
    let Some(entry) = chosen(app) else {
        return;
    };
    let (Item::Quote(_), Some(range)) = (&entry.item, entry.range) else {
        return;
    };
    if let Some(r) = app.reader.as_mut() {
        r.notes.add_highlight(&r.doc, range, "", &mut app.stamps);
        r.dirty = true;
        app.message = Some("Highlighted the quotation".into());
    }
}

/// Keeps the choice inside the list after it shrank.
pub fn clamp(app: &mut App) {
    let Some(p) = app.panel.as_ref() else {
        return;
    };
    let n = entries(app, p.tab, p.filter.text()).len();
    if let Some(p) = app.panel.as_mut() {
        p.selected = p.selected.min(n.saturating_sub(1));
    }
}

/// Where the panel is in a window of `size`: (x, y, width, height), above the status line.
/// Beside the page when [`panel_beside`] allows, else over it (the whole width when narrow).
pub fn area(size: (u16, u16)) -> (u16, u16, u16, u16) {
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
pub const TEXT_LINES: usize = 3;

/// What a row of the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// "Not found in the text:" before the orphans.
    Header,
    Text,
    Note,
    Location,
    Blank,
}

/// One row of the list: the entry it belongs to, what it is, its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub entry: usize,
    pub kind: RowKind,
    pub text: String,
}

/// Rows of the panel's inner area above the list: the tab bar, the filter (when there is
/// one) and a gap.
pub fn list_top(panel: &Panel) -> u16 {
    2 + u16::from(panel.filtering || !panel.filter.is_empty())
}

/// Greedy word wrap to `max` cells, at most `lines` lines, the last one ending in "…" when
/// text was left out.
pub fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
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
pub fn visible_rows(list: &[Entry], selected: usize, inner: usize, room: usize) -> Vec<Row> {
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

/// The entry drawn at window cell (x, y), if the panel is open and shows one there.
pub fn entry_at(app: &App, x: u16, y: u16) -> Option<usize> {
    let panel = app.panel.as_ref()?;
    let (px, py, pw, ph) = area(app.size);
    // Inside the border.
    if x <= px || x + 1 >= px + pw || y <= py || y + 1 >= py + ph {
        return None;
    }
    let inner_w = usize::from(pw.saturating_sub(2));
    let top = py + 1 + list_top(panel);
    let room = usize::from((py + ph).saturating_sub(1).saturating_sub(top));
    let row = usize::from(y.checked_sub(top)?);
    let list = entries(app, panel.tab, panel.filter.text());
    let rows = visible_rows(&list, panel.selected, inner_w, room);
    rows.get(row)
        .filter(|r| r.kind != RowKind::Blank && r.kind != RowKind::Header)
        .map(|r| r.entry)
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
        assert_eq!(area((120, 30)), (80, 0, 40, 29));
        assert_eq!(area((80, 24)), (2, 0, 76, 23));
        assert_eq!(area((40, 12)), (0, 0, 40, 11));
    }
}
