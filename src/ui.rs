//! Drawing: `impl Widget for &App`. Reads the state [`App::refresh`] prepared; changes nothing.
//!
//! The page is drawn exactly as [`crate::layout`] laid it out: each line's prefix and text at the
//! column's left edge, the column centred in the window. Colours are accents on the terminal's
//! own foreground and background, so the default theme reads on dark and light terminals; with
//! `NO_COLOR` only bold, italic, underline and reverse are used.
//!
//! Drawing also records where each clickable entry went ([`Hits`], returned by [`draw`]), so
//! hit-testing uses the geometry that was drawn. `ui` depends on `app` (reads it) and ratatui;
//! `app` (outside its tests), `keymap` and the core never depend on `ui`.

use crate::app::{App, Ask, Hits, LineEdit, MIN_HEIGHT, MIN_WIDTH, Overlay, panel_beside};
use crate::document::{BlockKind, Style as TextStyle};
use crate::keymap::Mode;
use crate::layout::{Line, shorten, visible, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use std::ops::Range;

mod library;
mod links;
mod panel;

/// Styles for each kind of text.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub text: Style,
    pub title: Style,
    pub heading: Style,
    pub byline: Style,
    pub quote: Style,
    pub quote_bar: Style,
    pub code: Style,
    pub marker: Style,
    pub link: Style,
    pub status: Style,
    pub status_accent: Style,
    pub dim: Style,
    pub selected: Style,
    /// Highlighted passages, and the selection being made.
    pub highlight: Style,
    pub selection: Style,
    /// Search matches, and the one the reader is at.
    pub matched: Style,
    pub current_match: Style,
}

/// A theme with its own page: text and page colours, and accents for headings, quotes and code.
struct Page {
    name: &'static str,
    text: [u8; 3],
    page: [u8; 3],
    accent: [u8; 3],
    quote: [u8; 3],
    code: [u8; 3],
}

/// The themes that paint their own page.
#[rustfmt::skip]
const PAGES: [Page; 3] = [
    Page { name: "light", text: [30, 30, 30], page: [250, 250, 247], accent: [25, 70, 160], quote: [140, 40, 120], code: [30, 110, 40] },
    Page { name: "dark", text: [220, 220, 215], page: [24, 24, 28], accent: [130, 170, 255], quote: [220, 140, 220], code: [140, 210, 140] },
    Page { name: "sepia", text: [88, 66, 48], page: [244, 236, 216], accent: [130, 60, 20], quote: [150, 80, 60], code: [90, 100, 40] },
];

impl Theme {
    /// Accents that read on both dark and light backgrounds.
    pub fn default_colors() -> Theme {
        Theme::colored(Style::default(), Color::Blue, Color::Magenta, Color::Green)
    }

    /// A theme on its own background: `base` carries the text and page colours.
    fn colored(base: Style, accent: Color, quote: Color, code: Color) -> Theme {
        Theme {
            text: base,
            title: base.fg(accent).add_modifier(Modifier::BOLD),
            heading: base.fg(accent).add_modifier(Modifier::BOLD),
            byline: base.add_modifier(Modifier::ITALIC),
            quote: base.add_modifier(Modifier::ITALIC),
            quote_bar: base.fg(quote),
            code: base.fg(code),
            marker: base.fg(quote),
            link: base.add_modifier(Modifier::UNDERLINED),
            status: base.add_modifier(Modifier::REVERSED),
            status_accent: base.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            dim: base.add_modifier(Modifier::DIM),
            selected: base.add_modifier(Modifier::REVERSED),
            highlight: base.bg(Color::Yellow).fg(Color::Black),
            selection: base.bg(Color::Cyan).fg(Color::Black),
            matched: base.bg(Color::Green).fg(Color::Black),
            current_match: base
                .bg(Color::Green)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// The theme of a name in [`crate::app::THEMES`]; unknown names are the default.
    pub fn named(name: &str) -> Theme {
        let rgb = |[r, g, b]: [u8; 3]| Color::Rgb(r, g, b);
        match PAGES.iter().find(|p| p.name == name) {
            Some(p) => Theme::colored(
                Style::default().fg(rgb(p.text)).bg(rgb(p.page)),
                rgb(p.accent),
                rgb(p.quote),
                rgb(p.code),
            ),
            None if name == "mono" => Theme::mono(),
            None => Theme::default_colors(),
        }
    }

    /// Attributes only, for `NO_COLOR` and monochrome terminals.
    pub fn mono() -> Theme {
        let base = Style::default();
        Theme {
            title: base.add_modifier(Modifier::BOLD),
            heading: base.add_modifier(Modifier::BOLD),
            quote_bar: base,
            code: base,
            marker: base.add_modifier(Modifier::BOLD),
            highlight: base.add_modifier(Modifier::REVERSED),
            selection: base.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            matched: base.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            current_match: base.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ..Theme::default_colors()
        }
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self, area, buf);
    }
}

/// Draws the whole screen; returns where the clickable entries were drawn, for the terminal
/// layer to hand back to the app ([`crate::app::Msg::Drawn`]).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Hits {
    let mut hits = Hits::default();
    let mut theme = if app.settings.color {
        Theme::named(app.theme_name())
    } else {
        Theme::mono()
    };
    if app.settings.plain_links {
        theme.link = Style::default();
    }
    // Themes with their own page colour paint the whole window first.
    buf.set_style(area, theme.text);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf);
        return hits;
    }
    if app.screen.reader.is_some() {
        let beside = app.screen.panel.as_ref().and(panel_beside(area.width));
        let page_area = match beside {
            Some(w) => Rect::new(area.x, area.y, area.width - w - 1, area.height),
            None => area,
        };
        // Held while a saved place is looked up: the status line alone.
        if app.screen.reader.as_ref().is_some_and(|r| !r.held) {
            page(app, &theme, page_area, buf);
        }
        if app.screen.panel.is_some() {
            hits.panel = panel::draw(app, &theme, area, buf);
        }
        status(app, &theme, area, buf);
    }
    if let Some(lib) = &app.screen.library {
        hits.library = library::draw(app, lib, &theme, area, buf);
    }
    if let Overlay::Help { scroll } = &app.screen.overlay {
        help(app, *scroll, area, buf);
    }
    if let Overlay::Outline { selected } = &app.screen.overlay {
        outline(app, *selected, &theme, area, buf);
    }
    if let Overlay::Links { selected } = &app.screen.overlay {
        links::draw(app, *selected, &theme, area, buf);
    }
    hits
}

/// Draws `app` off screen at its size and returns where its entries are: for headless
/// sessions and tests that click.
pub fn hits(app: &App) -> Hits {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    draw(app, area, &mut Buffer::empty(area))
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let long = "Too small to read";
    let first = if usize::from(area.width) >= long.len() {
        long
    } else {
        "Too small"
    };
    let lines = [first.to_string(), format!("need {MIN_WIDTH}x{MIN_HEIGHT}")];
    for (i, text) in lines.iter().enumerate() {
        let y = area.y + area.height / 2 + u16::try_from(i).unwrap_or(0);
        if y >= area.bottom() || area.height < 2 && i > 0 {
            break;
        }
        let w = u16::try_from(width(text)).unwrap_or(u16::MAX);
        let x = area.x + area.width.saturating_sub(w) / 2;
        buf.set_stringn(
            x,
            y.saturating_sub(1),
            text,
            usize::from(area.width),
            Style::default(),
        );
    }
}

/// The style of a whole line, from its block.
fn line_style(app: &App, line: &Line, theme: &Theme) -> Style {
    let Some(block) = line
        .block
        .and_then(|b| app.screen.reader.as_ref()?.doc.blocks.get(b))
    else {
        return theme.text;
    };
    let kind = match block.kind {
        BlockKind::Title => theme.title,
        BlockKind::Heading { .. } => theme.heading,
        BlockKind::Byline => theme.byline,
        BlockKind::Code => theme.code,
        _ => theme.text,
    };
    if block.quote_depth > 0 {
        kind.patch(theme.quote)
    } else {
        kind
    }
}

fn span_style(s: TextStyle, theme: &Theme) -> Style {
    let mut style = Style::default();
    if s.emphasis {
        style = style.add_modifier(Modifier::ITALIC);
    }
    if s.strong {
        style = style.add_modifier(Modifier::BOLD);
    }
    if s.code {
        style = style.patch(theme.code);
    }
    if s.link.is_some() {
        style = style.patch(theme.link);
    }
    style
}

fn page(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let view = &app.view;
    if !view.spread {
        column_of(app, &view.lines, theme, area, buf);
        return;
    }
    // A spread: each page centred in its half of the window.
    let half = area.width / 2;
    let left = Rect {
        width: half,
        ..area
    };
    let right = Rect {
        x: area.x + half,
        width: area.width - half,
        ..area
    };
    column_of(app, &view.lines, theme, left, buf);
    column_of(app, &view.right, theme, right, buf);
}

/// One page's lines in a column centred in `area`, with the marks on them.
fn column_of(app: &App, lines: &[Line], theme: &Theme, area: Rect, buf: &mut Buffer) {
    let view = &app.view;
    let column = view.column.min(area.width);
    let left = area.x + (area.width - column) / 2;
    let rows = area.height.saturating_sub(1);
    let text = app
        .screen
        .reader
        .as_ref()
        .map_or("", |r| r.doc.text.as_str());
    let marks = view
        .highlights
        .iter()
        .map(|r| (r, theme.highlight))
        .chain(view.selection.iter().map(|r| (r, theme.selection)))
        .chain(app.screen.flash.iter().map(|r| (r, theme.selection)))
        .chain(view.matches.iter().map(|r| (r, theme.matched)))
        .chain(view.current_match.iter().map(|r| (r, theme.current_match)));
    let marks: Vec<_> = marks.collect();
    for (i, line) in lines.iter().take(usize::from(rows)).enumerate() {
        let y = area.y + u16::try_from(i).unwrap_or(0);
        let text_x = draw_line(app, line, theme, left, y, column, buf);
        // A cut line is drawn scrolled: its marks move with its text and are clipped.
        let shift = if line.cut { view.shift } else { 0 };
        for (range, style) in &marks {
            if let Some(shown) = line.shown(text, range) {
                let from = width(line.text.get(..shown.start).unwrap_or(""));
                let to = from + width(line.text.get(shown).unwrap_or(""));
                if to <= shift {
                    continue;
                }
                let x = text_x.saturating_add(cells_of(from.saturating_sub(shift)));
                let end = text_x
                    .saturating_add(cells_of(to - shift))
                    .min(left + column);
                if end > x {
                    buf.set_style(Rect::new(x, y, end - x, 1), *style);
                }
            }
        }
    }
}

/// A count of cells as a screen coordinate.
fn cells_of(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Width in cells, as a screen coordinate.
fn cells(s: &str) -> u16 {
    u16::try_from(width(s)).unwrap_or(u16::MAX)
}

fn draw_line(
    app: &App,
    line: &Line,
    theme: &Theme,
    left: u16,
    y: u16,
    column: u16,
    buf: &mut Buffer,
) -> u16 {
    let base = line_style(app, line, theme);
    let total = u16::try_from(line.width()).unwrap_or(u16::MAX);
    let mut x = if line.center {
        left + column.saturating_sub(total) / 2
    } else {
        left
    };
    let limit = usize::from(column);
    // Prefix: quote bars in the quote margin, list markers accented.
    let in_quote = line
        .block
        .and_then(|b| app.screen.reader.as_ref()?.doc.blocks.get(b))
        .map_or(0, |b| b.quote_depth);
    for (i, g) in line.prefix.chars().enumerate() {
        let quote_cell = in_quote > 0 && i % 4 == 1 && i / 4 < usize::from(in_quote);
        let (symbol, style) = if quote_cell {
            ('│', theme.quote_bar)
        } else {
            (g, theme.marker)
        };
        if x >= left + column {
            break;
        }
        buf.set_stringn(x, y, symbol.to_string(), 1, style);
        x += u16::try_from(width(&symbol.to_string()))
            .unwrap_or(1)
            .max(1);
    }
    let used = usize::from(x - left);
    let text_x = x;
    let mut room = limit.saturating_sub(used);
    // A cut line (code, table) shows the part its scroll leaves in the column, less the
    // cells of its marks.
    let (shown, lead) = match cut_marks(app, line, room) {
        Some((left_mark, right_mark)) => {
            let (l, r) = (usize::from(left_mark), usize::from(right_mark));
            let (shown, lead) = visible(&line.text, app.view.shift + l, room.saturating_sub(l + r));
            (shown, lead + l)
        }
        None => (0..line.text.len(), 0),
    };
    x = x.saturating_add(cells_of(lead));
    room = room.saturating_sub(lead);
    for (text, style) in pieces(line, shown, base, theme) {
        if text.is_empty() || room == 0 {
            continue;
        }
        let (nx, _) = buf.set_stringn(x, y, text, room, style);
        room = room.saturating_sub(usize::from(nx - x));
        x = nx;
    }
    if let Some((left_mark, right_mark)) = cut_marks(app, line, limit.saturating_sub(used)) {
        if left_mark {
            buf.set_stringn(text_x, y, "‹", 1, theme.marker);
        }
        if right_mark {
            buf.set_stringn(left + column - 1, y, "›", 1, theme.marker);
        }
    }
    text_x
}

/// The text of `line` within `shown` (a byte range of it), in pieces with their inline styles.
fn pieces<'a>(
    line: &'a Line,
    shown: Range<usize>,
    base: Style,
    theme: &Theme,
) -> Vec<(&'a str, Style)> {
    let clip = |r: usize| r.clamp(shown.start, shown.end.max(shown.start));
    let mut cursor = clip(0);
    let mut pieces: Vec<(&str, Style)> = Vec::new();
    for run in &line.runs {
        let (s, e) = (clip(run.range.start), clip(run.range.end));
        if s > cursor {
            pieces.push((line.text.get(cursor..s).unwrap_or(""), base));
        }
        if e > s {
            pieces.push((
                line.text.get(s..e).unwrap_or(""),
                base.patch(span_style(run.style, theme)),
            ));
        }
        cursor = e.max(cursor);
    }
    pieces.push((
        line.text.get(cursor..clip(line.text.len())).unwrap_or(""),
        base,
    ));
    pieces
}

/// The marks of a cut line in `room` cells (`None` for other lines): `‹` in its first cell
/// when it is scrolled away from its start, `›` in the column's last cell when it goes on past
/// it (as `less -S` cuts long lines).
fn cut_marks(app: &App, line: &Line, room: usize) -> Option<(bool, bool)> {
    if !line.cut || room < 2 {
        return None;
    }
    let shift = app.view.shift;
    Some((
        shift > 0 && !line.text.is_empty(),
        width(&line.text) > shift + room,
    ))
}

/// The right-hand part of the status line, longest first: page, percent, time left, help hint.
/// Narrow windows get a shorter one.
pub fn status_parts(app: &App) -> Vec<String> {
    let v = &app.view;
    let pages = v.pages.map_or_else(|| "…".to_string(), |n| n.to_string());
    // A spread shows two page numbers (`12–13 / 40`), one when the right page is empty.
    let page = if v.spread && !v.right.is_empty() {
        format!("{}–{} / {}", v.page + 1, v.page + 2, pages)
    } else {
        format!("{} / {}", v.page + 1, pages)
    };
    let span = |m: u32| match m {
        0 => "<1 min".to_string(),
        1..60 => format!("{m} min"),
        _ => format!("{}h {:02}m", m / 60, m % 60),
    };
    let time = match v.minutes_left {
        _ if v.percent >= 100 => "end".to_string(),
        Some(m) => format!("{} left", span(m)),
        None => String::new(),
    };
    // The section's time, when it ends before the article does.
    let section = match (v.section_minutes_left, v.minutes_left) {
        (Some(s), Some(m)) if v.percent < 100 && s < m => {
            format!("{} left in section · {time}", span(s))
        }
        _ => time.clone(),
    };
    let pct = format!("{}%", v.percent);
    let page = if v.bookmarked {
        format!("★ {page}")
    } else {
        page
    };
    vec![
        format!(" {page}  {pct}  {section}  ? help "),
        format!(" {page}  {pct}  {section} "),
        format!(" {page}  {pct}  {time}  ? help "),
        format!(" {page}  {pct}  {time} "),
        format!(" {page}  {pct} "),
        format!(" {page} "),
    ]
}

fn status(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let y = area.bottom() - 1;
    let w = usize::from(area.width);
    buf.set_style(Rect::new(area.x, y, area.width, 1), theme.status);
    if input_line(app, theme, area, buf) {
        return;
    }
    let parts = status_parts(app);
    // Keep at least a few cells of title (or the message) beside the numbers; the section's
    // time (the first two parts) only where the title and section keep a good share.
    // A message is the news: the numbers shorten (down to the page alone) to leave it room.
    let told = app
        .status
        .message
        .as_deref()
        .map_or(0, |m| (width(m) + 2).min(w.saturating_sub(10)));
    let right = parts
        .iter()
        .enumerate()
        .find(|(i, p)| width(p) + told.max(if *i < 2 { 30 } else { 12 }) <= w)
        .map(|(_, p)| p)
        .or(parts.last())
        .cloned()
        .unwrap_or_default();
    let rw = width(&right);
    let left_room = w.saturating_sub(rw + 1);
    let select_hint =
        " Select: w b word · ( ) sentence · { } paragraph · Enter highlight · a with note · Esc";
    // The count is the news: the hint goes first, then words, never the numbers.
    let found = app.screen.search.as_ref().map(|s| {
        let (k, n) = (s.current + 1, s.matches.len());
        [
            format!(" match {k} of {n} · n N · Esc clears"),
            format!(" match {k} of {n}"),
            format!(" {k}/{n}"),
        ]
        .into_iter()
        .find(|f| width(f) <= left_room)
        .unwrap_or_else(|| format!(" {k}/{n}"))
    });
    let left = match (&app.status.message, &app.screen.overlay) {
        (Some(m), _) => format!(" {}", shorten(m, left_room.saturating_sub(1))),
        (None, Overlay::Select { .. }) => shorten(select_hint, left_room),
        (None, Overlay::None) if found.is_some() => {
            shorten(found.as_deref().unwrap_or(""), left_room)
        }
        (None, _) => title_and_section(app, left_room.saturating_sub(1)),
    };
    let accent =
        app.status.message.is_some() || matches!(app.screen.overlay, Overlay::Select { .. });
    let style = if accent {
        theme.status_accent
    } else {
        theme.status
    };
    buf.set_stringn(area.x, y, &left, left_room, style);
    let x = area.x + u16::try_from(w.saturating_sub(rw)).unwrap_or(0);
    buf.set_stringn(x, y, &right, rw, theme.status);
}

/// The article's title and the section the page is in, in `room` cells (after a space).
fn title_and_section(app: &App, room: usize) -> String {
    let title = app.screen.reader.as_ref().map_or("", |r| r.title.as_str());
    // The section is the news; the title gives way to it first.
    let title = match &app.view.section {
        Some(section) if width(section) + 12 <= room => {
            let keep = room - width(section) - 3;
            format!("{} › {section}", shorten(title, keep))
        }
        // A long section name is shortened too, beside a short title.
        Some(section) if room >= 24 => {
            let keep = room.min(width(title) + 3).min(room / 3).max(8);
            let rest = room.saturating_sub(keep.min(width(title)) + 3);
            format!("{} › {}", shorten(title, keep), shorten(section, rest))
        }
        _ => title.to_string(),
    };
    format!(" {}", shorten(&title, room))
}

/// The status line as a text input (go-to, search, a prompt); false when none is open.
fn input_line(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) -> bool {
    let y = area.bottom() - 1;
    let w = usize::from(area.width);
    match &app.screen.overlay {
        Overlay::GoTo { edit } => {
            let text = format!(" Go to page or %: {}█", edit.text());
            buf.set_stringn(area.x, y, text, w, theme.status_accent);
            true
        }
        Overlay::Find { edit, regex, .. } => {
            let label = if *regex {
                " Regex search: "
            } else {
                " Search: "
            };
            prompt_line(label, edit, false, theme, area, buf);
            if edit.is_empty() {
                suggestion(app, label, theme, area, buf);
            }
            true
        }
        Overlay::Prompt { ask, edit } => {
            // Longest first: the label gives way (its hint, then words) before the typed text.
            let labels: &[&str] = match ask {
                Ask::Note { .. } => &[" Note (Enter saves, Esc skips): ", " Note: "],
                Ask::BookmarkLabel { .. } | Ask::Label { .. } => &[
                    " Bookmark label (Enter saves, Esc cancels): ",
                    " Bookmark label: ",
                    " Label: ",
                ],
                Ask::RemoveBookmark { .. } => &[
                    " Remove this page's bookmark? y / n ",
                    " Remove bookmark? y/n ",
                ],
                Ask::RemoveOneOf { choices } => {
                    let text = remove_one_of(choices, w);
                    buf.set_stringn(area.x, y, text, w, theme.status_accent);
                    return true;
                }
            };
            let no_text = matches!(ask, Ask::RemoveBookmark { .. });
            let typed = if no_text { 0 } else { width(edit.text()) };
            let label = fit_label(labels, typed, w);
            prompt_line(label, edit, no_text, theme, area, buf);
            true
        }
        _ => false,
    }
}

/// The last search, greyed after the empty search input's cursor: Enter searches for it
/// again, typing replaces it.
fn suggestion(app: &App, label: &str, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(last) = crate::app::search_suggestion(app) else {
        return;
    };
    let y = area.bottom() - 1;
    let x = area.x + cells(&prompt_label(label, usize::from(area.width), false)) + 1;
    let room = usize::from(area.right().saturating_sub(x));
    let text = if last.regex {
        format!("{} (regex)", last.query)
    } else {
        last.query.clone()
    };
    let style = theme.status.add_modifier(Modifier::DIM);
    buf.set_stringn(x, y, shorten(&text, room), room, style);
}

/// The longest of `labels` (longest first) that leaves room for `typed` cells of text and the
/// cursor in a line `w` cells wide; the shortest when none does (the text then scrolls).
fn fit_label<'a>(labels: &[&'a str], typed: usize, w: usize) -> &'a str {
    labels
        .iter()
        .find(|l| width(l) + typed < w)
        .or(labels.last())
        .copied()
        .unwrap_or("")
}

/// `m` on a page with several bookmarks: ` Remove which bookmark? 1 Intro · 2 Later · Esc
/// keeps`, the names shortened alike to fit `w` cells.
fn remove_one_of(choices: &[(String, String)], w: usize) -> String {
    let heads = [" Remove which bookmark? ", " Remove: "];
    let tails = ["  Esc keeps ", " "];
    for (head, tail) in heads.iter().zip(tails) {
        let fixed = width(head) + width(tail);
        // Each choice: its number, a space, the name, and " · " between choices.
        let per = w
            .saturating_sub(fixed)
            .checked_div(choices.len().max(1))
            .unwrap_or(0)
            .saturating_sub(5);
        if per >= 6 || *head == heads[heads.len() - 1] {
            let names: Vec<String> = choices
                .iter()
                .enumerate()
                .map(|(i, (_, name))| format!("{} {}", i + 1, shorten(name, per.max(1))))
                .collect();
            return format!("{head}{}{tail}", names.join(" · "));
        }
    }
    String::new()
}

/// A prompt's label as drawn in `w` cells: whole while it leaves the text a few cells (callers
/// pick a label that fits first), else shortened to half the line.
fn prompt_label(label: &str, w: usize, no_text: bool) -> String {
    if no_text || width(label) + 8 <= w {
        label.to_string()
    } else {
        shorten(label, w / 2)
    }
}

/// A one-line prompt in the status line, its text scrolled so the cursor stays visible.
fn prompt_line(
    label: &str,
    edit: &LineEdit,
    no_text: bool,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let y = area.bottom() - 1;
    let w = usize::from(area.width);
    let label = prompt_label(label, w, no_text);
    buf.set_stringn(area.x, y, &label, w, theme.status_accent);
    if no_text {
        return;
    }
    let room = w.saturating_sub(width(&label) + 1);
    // The cursor: one cell drawn against the reversed status line.
    let cursor_style = Style::default().remove_modifier(Modifier::REVERSED);
    let chars: Vec<char> = edit.text().chars().collect();
    let cursor = edit.cursor_chars();
    // Show the end of the text that holds the cursor.
    let mut start = 0;
    while start < cursor
        && width(
            &chars[start..=cursor.min(chars.len().saturating_sub(1))]
                .iter()
                .collect::<String>(),
        ) >= room
    {
        start += 1;
    }
    let mut x = area.x + cells(&label);
    for (i, c) in chars.iter().enumerate().skip(start) {
        let cw = cells(&c.to_string()).max(1);
        if x + cw > area.right() {
            break;
        }
        // The cursor on a character is drawn unreversed like the one after the text (drawn
        // with the status line's own style it could not be seen).
        let style = if i == cursor {
            theme.status.patch(cursor_style)
        } else {
            theme.status
        };
        buf.set_stringn(x, y, c.to_string(), usize::from(cw), style);
        x += cw;
    }
    if cursor >= chars.len() && x < area.right() {
        buf.set_stringn(x, y, " ", 1, cursor_style);
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The help overlay: every binding of the current mode, from the keymap table. Where a row
/// does not fit beside its keys, the description goes on its own line under them.
fn help(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let mode = if app.screen.reader.is_some() && app.screen.library.is_none() {
        Mode::Reading
    } else {
        Mode::Library
    };
    let mut rows: Vec<(String, &str)> = app.settings.keymap.help_rows(mode).collect();
    if mode == Mode::Reading {
        rows.push((String::new(), ""));
        rows.push(("After v (select):".to_string(), ""));
        rows.extend(app.settings.keymap.help_rows(Mode::Select));
    }
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let text_w = rows.iter().map(|(_, d)| width(d)).max().unwrap_or(0);
    let max_inner = usize::from(area.width.saturating_sub(2));
    let side_by_side = key_w + text_w + 3 <= max_inner;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    // (text, style) per display line.
    let mut lines: Vec<(String, Style)> = Vec::new();
    for (keys, desc) in &rows {
        if side_by_side {
            lines.push((format!(" {keys:<key_w$}  {desc}"), Style::default()));
        } else {
            lines.push((format!(" {keys}"), bold));
            lines.push((format!("     {desc}"), Style::default()));
        }
    }
    let inner_w = lines.iter().map(|(l, _)| width(l)).max().unwrap_or(0) + 1;
    let inner_w = u16::try_from(inner_w.min(max_inner)).unwrap_or(u16::MAX);
    let inner_h = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let rect = centered(area, inner_w + 2, inner_h.saturating_add(2));
    let inner = Rect::new(
        rect.x + 1,
        rect.y + 1,
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    );
    let max_scroll = inner_h.saturating_sub(inner.height);
    let scroll = scroll.min(max_scroll);
    let title = if max_scroll > 0 {
        " Keys · j k scroll · q closes "
    } else {
        " Keys · q closes "
    };
    Clear.render(rect, buf);
    Block::default()
        .borders(Borders::ALL)
        .title(title)
        .render(rect, buf);
    let shown = lines
        .iter()
        .skip(usize::from(scroll))
        .take(usize::from(inner.height));
    for (i, (text, style)) in shown.enumerate() {
        let y = inner.y + u16::try_from(i).unwrap_or(0);
        buf.set_stringn(inner.x, y, text, usize::from(inner.width), *style);
        if side_by_side {
            let key_cells = u16::try_from(key_w + 1).unwrap_or(0).min(inner.width);
            buf.set_style(Rect::new(inner.x, y, key_cells, 1), bold);
        }
    }
    if scroll < max_scroll && rect.width > 4 {
        buf.set_stringn(rect.right() - 4, rect.bottom() - 1, "↓", 1, bold);
    }
}

/// The framed box a list overlay (outline, links) is drawn in, centred over the page and
/// cleared: the box, and the cells and rows inside its border. It is as big as its content
/// (`rows` rows of `cells` cells, and the title) where the page leaves room, so a list of one
/// entry is a small box, not the whole screen.
pub(super) fn list_frame(
    area: Rect,
    title: &str,
    (rows, cells): (usize, usize),
    buf: &mut Buffer,
) -> (Rect, usize, usize) {
    let max_h = area.height.saturating_sub(1);
    let max_w = if area.width < 60 {
        area.width
    } else {
        area.width.saturating_sub(4).min(76)
    };
    let want_w = cells.max(width(title)).saturating_add(2);
    let w = u16::try_from(want_w).unwrap_or(u16::MAX).min(max_w);
    let h = u16::try_from(rows.max(1).saturating_add(2))
        .unwrap_or(u16::MAX)
        .min(max_h);
    let rect = centered(Rect::new(area.x, area.y, area.width, max_h), w, h);
    Clear.render(rect, buf);
    Block::default()
        .borders(Borders::ALL)
        .title(shorten(title, usize::from(w.saturating_sub(2))))
        .render(rect, buf);
    let inner_w = usize::from(w.saturating_sub(2));
    let rows = usize::from(h.saturating_sub(2));
    (rect, inner_w, rows)
}

/// The outline: headings indented by level, their page numbers on the right, the current
/// section marked, the chosen heading reversed; scrolled to keep the choice in view.
fn outline(app: &App, selected: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let list = app.outline_view();
    const EMPTY: &str = "No headings in this article";
    // A row: the mark, the indent, the heading, two spaces and the page number.
    let cells = list
        .iter()
        .map(|e| {
            let indent = 2 * usize::from(e.level.saturating_sub(1).min(5));
            2 + indent + width(&e.title) + 2 + width(&(e.page + 1).to_string())
        })
        .max()
        .unwrap_or(width(EMPTY) + 2);
    let (rect, inner_w, rows) = list_frame(
        area,
        " Outline · Enter jumps · t closes ",
        (list.len(), cells),
        buf,
    );
    if list.is_empty() {
        buf.set_stringn(rect.x + 2, rect.y + 1, EMPTY, inner_w, theme.dim);
        return;
    }
    let start = selected.saturating_sub(rows.saturating_sub(1));
    for (i, e) in list.iter().enumerate().skip(start).take(rows) {
        let y = rect.y + 1 + u16::try_from(i - start).unwrap_or(0);
        let page = format!(" {}", e.page + 1);
        let mark = if e.current { "› " } else { "  " };
        let indent = "  ".repeat(usize::from(e.level.saturating_sub(1).min(5)));
        let room = inner_w.saturating_sub(width(&page) + width(mark) + indent.len());
        let text = format!("{mark}{indent}{}", shorten(&e.title, room));
        let style = match (i == selected, e.level) {
            (true, _) => theme.selected,
            (false, 0 | 1) => theme.heading,
            _ => theme.text,
        };
        // Padded by cells, not chars: a wide (CJK) heading must not push its page off the row.
        let pad = inner_w.saturating_sub(width(&page) + width(&text));
        let line = format!("{text}{}{page}", " ".repeat(pad));
        buf.set_stringn(rect.x + 1, y, &line, inner_w, style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::SAMPLES;
    use std::sync::Arc;

    fn render(app: &App) -> Buffer {
        let area = Rect::new(0, 0, app.size.0, app.size.1);
        let mut buf = Buffer::empty(area);
        app.render(area, &mut buf);
        buf
    }

    /// The modifiers of the cells where `word` is drawn first.
    fn modifiers_of(buf: &Buffer, word: &str) -> Option<Modifier> {
        let area = buf.area;
        (area.top()..area.bottom()).find_map(|y| {
            let row: String = (area.left()..area.right())
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            let x = row.find(word)?;
            let x = u16::try_from(row[..x].chars().count()).ok()?;
            Some(buf[(area.left() + x, y)].modifier)
        })
    }

    #[test]
    fn links_are_underlined_unless_plain() {
        use crate::document::{BlockKind, DocumentBuilder, Meta, Span, Style as TextStyle};
        let meta = Meta {
            links: vec!["https://example.org/".into()],
            ..Meta::default()
        };
        let mut b = DocumentBuilder::new(meta);
        let link = TextStyle {
            link: Some(0),
            ..TextStyle::default()
        };
        let spans = vec![Span {
            range: 8..12,
            style: link,
        }];
        b.push(BlockKind::Paragraph, "See the tide tables.", spans, 0, None);
        let mut app = App::with_document(Arc::new(b.finish()), (80, 24), 72);
        let under = modifiers_of(&render(&app), "tide");
        assert!(under.is_some_and(|m| m.contains(Modifier::UNDERLINED)));
        assert!(modifiers_of(&render(&app), "See").is_some_and(|m| m.is_empty()));
        app.settings.plain_links = true;
        let plain = modifiers_of(&render(&app), "tide");
        assert!(plain.is_some_and(|m| !m.contains(Modifier::UNDERLINED)));
    }

    #[test]
    fn a_message_keeps_its_words_in_a_narrow_status_line() {
        let mut app = App::with_document(Arc::new(SAMPLES[1].document()), (40, 12), 72);
        app.status.message = Some("Highlighted 12 words".into());
        let buf = render(&app);
        let status: String = (0..40)
            .filter_map(|x| buf.cell((x, 11)).map(|c| c.symbol().to_string()))
            .collect();
        assert!(status.contains("Highlighted 12 words"), "{status}");
        assert!(status.contains("1 / "), "the page stays: {status}");
    }

    #[test]
    fn no_color_draws_with_attributes_only() {
        let mut app = App::with_document(Arc::new(SAMPLES[0].document()), (80, 24), 72);
        app.settings.color = false;
        let buf = render(&app);
        assert!(
            buf.content()
                .iter()
                .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
        );
        // Still styled: the title is bold and the status line reversed.
        assert!(
            buf.content()
                .iter()
                .any(|c| c.modifier.contains(Modifier::BOLD))
        );
        assert!(
            buf.content()
                .iter()
                .any(|c| c.modifier.contains(Modifier::REVERSED))
        );
        app.settings.color = true;
        let buf = render(&app);
        assert!(buf.content().iter().any(|c| c.fg != Color::Reset));
    }

    #[test]
    fn every_theme_paints_its_own_page_and_mono_uses_no_colour() {
        let mut app = App::with_document(Arc::new(SAMPLES[0].document()), (60, 20), 72);
        let mut backgrounds = Vec::new();
        for name in crate::app::THEMES {
            app.set_theme(name);
            let buf = render(&app);
            let cell = &buf[(0, 5)];
            backgrounds.push(cell.bg);
            if name == "mono" {
                assert!(
                    buf.content()
                        .iter()
                        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
                );
            }
        }
        // light, dark and sepia each have their own page colour; default and mono use the
        // terminal's.
        assert_eq!(backgrounds[0], Color::Reset);
        assert_eq!(backgrounds[4], Color::Reset);
        let own: std::collections::HashSet<_> = backgrounds[1..4].iter().collect();
        assert_eq!(own.len(), 3, "{backgrounds:?}");
    }

    #[test]
    fn the_width_function_matches_the_buffer() {
        // Layout measures with `layout::width`; ratatui must put the text in as many cells.
        for s in [
            "plain",
            "Grüße",
            "日本語のテキスト",
            "e\u{301}e\u{301}",
            "👩‍🔬 ok",
            "ｶﾞｷﾞ",
        ] {
            let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
            let (x, _) = buf.set_stringn(0, 0, s, 40, Style::default());
            assert_eq!(usize::from(x), width(s), "{s:?}");
        }
    }

    #[test]
    fn prompts_fit_a_narrow_window_and_show_what_is_typed() {
        use crate::app::{Msg, update};
        use crate::keymap::Key;
        let mut app = App::with_document(Arc::new(SAMPLES[1].document()), (40, 12), 72);
        for k in ["v", "a"] {
            let key: Key = k.parse().unwrap_or_else(|e| panic!("test key {k:?}: {e}"));
            update(&mut app, Msg::Key(key));
        }
        for c in "Zahlen prüfen".chars() {
            update(&mut app, Msg::Key(Key::char(c)));
        }
        app.refresh();
        let buf = render(&app);
        let status: String = (0..40).map(|x| buf[(x, 11)].symbol().to_string()).collect();
        assert_eq!(status.trim_end(), " Note: Zahlen prüfen");
        // The cursor cell after the text is drawn unreversed.
        let cursor = &buf[(20, 11)];
        assert!(!cursor.modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn the_column_is_centred() {
        let app = App::with_document(Arc::new(SAMPLES[1].document()), (100, 24), 60);
        let buf = render(&app);
        // Row 3 is running text: it starts at the column's left edge, (100 - 60) / 2.
        let row: String = (0..100).map(|x| buf[(x, 3)].symbol().to_string()).collect();
        assert_eq!(row.len() - row.trim_start().len(), 20, "{row:?}");
        assert!(row.trim_end().len() <= 80, "{row:?}");
    }
}
