//! The side panel's mode and state: its lists (highlights with the orphans, bookmarks, the
//! quotations found in the article), the chosen entry, a filter typed into a [`LineEdit`], and
//! undo. Entries are computed by [`entries`] from the record and the document, so the list,
//! the UI and the tests agree on what is where. Where entries are drawn is `ui`'s business:
//! a click arrives as an entry index (see `hits.rs`); no cell arithmetic here.

use super::{App, Ask, Effect, LineEdit, Overlay, Rules};
use crate::document::{Document, TextPos};
use crate::keymap::{Action, Key};
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
    /// A note, or a quote's speaker ("— Li Qiang").
    pub note: String,
    /// A highlight's attribution, as shown after its note ("— Li Qiang"); empty for others.
    pub attribution: String,
    /// "34% · Section heading", or where an orphan was.
    pub location: String,
    /// Where it is in the text (none for orphans).
    pub range: Option<Range<TextPos>>,
}

fn location(doc: &Document, pos: TextPos) -> String {
    let pct = crate::progress::percent(pos.0, doc.text.len());
    match doc.section_of(pos) {
        Some(s) => format!("{pct}% · {s}"),
        None => format!("{pct}%"),
    }
}

/// "— Li Qiang" for a highlight made from a quotation, else empty.
fn attribution(h: &Highlight) -> String {
    h.attribution
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| format!("— {a}"))
        .unwrap_or_default()
}

/// The first words at `pos`, for a bookmark without a label.
pub(super) fn first_words(doc: &Document, pos: TextPos) -> String {
    let rest = doc.text.get(pos.0..).unwrap_or("");
    let words: Vec<&str> = rest.split_whitespace().take(8).collect();
    format!("{}…", words.join(" "))
}

/// The entries of a tab, filtered, in reading order (orphans last).
pub fn entries(app: &App, tab: Tab, filter: &str) -> Vec<Entry> {
    let Some(r) = app.screen.reader.as_ref() else {
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
                    attribution: attribution(h),
                    location: location(doc, range.start),
                    range: Some(range),
                })
                .collect();
            v.extend(r.notes.orphans().map(|h| Entry {
                item: Item::Orphan(h.id.clone()),
                text: h.anchor.exact.clone(),
                note: h.note.clone(),
                attribution: attribution(h),
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
                attribution: String::new(),
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
                attribution: String::new(),
                location: location(doc, TextPos(q.range.start)),
                range: Some(TextPos(q.range.start)..TextPos(q.range.end)),
            })
            .collect(),
    };
    if !filter.is_empty() {
        out.retain(|e| {
            e.text.to_lowercase().contains(filter)
                || e.note.to_lowercase().contains(filter)
                || e.attribution.to_lowercase().contains(filter)
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
    if app.screen.panel.take().is_some() {
        return;
    }
    let mut panel = Panel::new();
    let top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    panel.selected = nearest(&entries(app, panel.tab, ""), top).unwrap_or(0);
    app.screen.panel = Some(panel);
}

/// Switches tab, selecting the entry nearest the page.
pub fn switch(app: &mut App, tab: Tab) {
    let top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    let filter = app
        .screen
        .panel
        .as_ref()
        .map(|p| p.filter.text().to_string())
        .unwrap_or_default();
    let selected = nearest(&entries(app, tab, &filter), top).unwrap_or(0);
    if let Some(p) = app.screen.panel.as_mut() {
        p.tab = tab;
        p.selected = selected;
    }
}

/// The chosen entry of the open panel.
pub fn chosen(app: &App) -> Option<Entry> {
    let p = app.screen.panel.as_ref()?;
    entries(app, p.tab, p.filter.text())
        .into_iter()
        .nth(p.selected)
}

/// Moves the choice down or up (stopping at the ends).
pub fn step(app: &mut App, down: bool) {
    let Some(p) = app.screen.panel.as_ref() else {
        return;
    };
    let n = entries(app, p.tab, p.filter.text()).len();
    if let Some(p) = app.screen.panel.as_mut()
        && n > 0
    {
        p.selected = super::move_choice(p.selected, n, down);
    }
}

/// Enter: the page jumps to the entry, and its text is marked on the page.
pub fn jump(app: &mut App) {
    let Some(entry) = chosen(app) else {
        return;
    };
    let Some(range) = entry.range else {
        app.status.message = Some("This highlight's text is no longer in the article".into());
        return;
    };
    if let Some(r) = app.screen.reader.as_mut() {
        r.jump(range.start);
    }
    app.screen.flash = (range.start < range.end).then_some(range.start.0..range.end.0);
    // Over a narrow page the panel would hide what it jumped to: it steps aside.
    if super::panel_beside(app.size.0).is_none() {
        app.screen.panel = None;
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
            app.status.message = Some("Quotes come from the article: h highlights one".into());
            return;
        }
    };
    let Some(r) = app.screen.reader.as_mut() else {
        return;
    };
    let record = &r.notes.record;
    let saved = match &entry.item {
        Item::Bookmark(_) => record
            .bookmarks
            .iter()
            .find(|b| b.id == id)
            .cloned()
            .map(Undo::Bookmark),
        _ => record
            .highlights
            .iter()
            .find(|h| h.id == id)
            .cloned()
            .map(Undo::Highlight),
    };
    if r.notes.delete(&id) {
        r.dirty = true;
        if let (Some(p), Some(u)) = (app.screen.panel.as_mut(), saved) {
            p.undo.push(u);
        }
        app.status.message = Some("Deleted: u brings it back".into());
    }
    clamp(app);
}

/// `u`: re-creates the last deleted item (with a new id).
pub fn undo(app: &mut App) {
    let Some(u) = app.screen.panel.as_mut().and_then(|p| p.undo.pop()) else {
        app.status.message = Some("Nothing to undo".into());
        return;
    };
    if let Some(r) = app.screen.reader.as_mut() {
        match u {
            Undo::Highlight(h) => r.notes.restore_highlight(&r.doc, h, &mut app.clock.stamps),
            Undo::Bookmark(b) => r.notes.restore_bookmark(&r.doc, b, &mut app.clock.stamps),
        }
        r.dirty = true;
        app.status.message = Some("Restored".into());
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
                .screen
                .reader
                .as_ref()
                .and_then(|r| r.notes.record.bookmarks.iter().find(|b| b.id == id))
                .map(|b| b.label.clone())
                .unwrap_or_default();
            (Ask::Label { id }, label)
        }
        Item::Quote(_) => return,
    };
    app.screen.overlay = Overlay::Prompt {
        ask,
        edit: LineEdit::with_text(Rules::NOTE, &current),
    };
}

/// `h` on the Quotes tab: the quotation becomes a highlight, attributed to its speaker.
pub fn highlight_quote(app: &mut App) {
    let Some(entry) = chosen(app) else {
        return;
    };
    let (Item::Quote(i), Some(range)) = (&entry.item, entry.range) else {
        return;
    };
    if let Some(r) = app.screen.reader.as_mut() {
        let speaker = r.quotes.get(*i).and_then(|q| q.speaker.clone());
        r.notes.add_attributed_highlight(
            &r.doc,
            range,
            "",
            speaker.as_deref(),
            &mut app.clock.stamps,
        );
        r.dirty = true;
        app.status.message = Some("Highlighted the quotation".into());
    }
}

/// Keeps the choice inside the list after it shrank.
pub fn clamp(app: &mut App) {
    let Some(p) = app.screen.panel.as_ref() else {
        return;
    };
    let n = entries(app, p.tab, p.filter.text()).len();
    if let Some(p) = app.screen.panel.as_mut() {
        p.selected = p.selected.min(n.saturating_sub(1));
    }
}

/// The panel's own actions; `None` for the others.
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Down | Action::Up => step(app, action == Action::Down),
        Action::Choose => jump(app),
        Action::Dismiss => dismiss(app),
        _ => return tool(app, action),
    }
    Some(Vec::new())
}

/// The panel's tabs and edits (each does nothing while the panel is closed); `None` for the
/// other actions.
pub(super) fn tool(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::TabHighlights => switch(app, Tab::Highlights),
        Action::TabBookmarks => switch(app, Tab::Bookmarks),
        Action::TabQuotes => switch(app, Tab::Quotes),
        Action::Delete => delete(app),
        Action::Undo => undo(app),
        Action::Edit => edit(app),
        Action::HighlightQuote => highlight_quote(app),
        Action::Filter => {
            if let Some(p) = app.screen.panel.as_mut() {
                p.filtering = true;
                p.filter.clear();
                p.selected = 0;
            }
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Esc in the panel: the message goes first (the key took it), then the filter, then the
/// panel.
fn dismiss(app: &mut App) {
    if app.status.cleared {
        return;
    }
    let top = app.screen.reader.as_ref().map_or(TextPos(0), |r| r.pos);
    match app.screen.panel.as_mut() {
        Some(p) if !p.filter.is_empty() => {
            p.filter.clear();
            let tab = p.tab;
            let selected = nearest(&entries(app, tab, ""), top).unwrap_or(0);
            if let Some(p) = app.screen.panel.as_mut() {
                p.selected = selected;
            }
        }
        _ => app.screen.panel = None,
    }
}

/// Keys while typing the panel's filter.
pub(super) fn filter_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(p) = app.screen.panel.as_mut() else {
        return Vec::new();
    };
    p.filtering = p.filter.filter_key(key);
    p.selected = 0;
    Vec::new()
}

/// A click on the entry drawn at `entry`: chosen, and jumped to.
pub(super) fn click(app: &mut App, entry: usize) {
    if let Some(p) = app.screen.panel.as_mut() {
        p.selected = entry;
    }
    jump(app);
}
