//! The library screen: one entry in two lines (title and progress; author, notes, when and
//! where), the chosen one marked, a filter line, and the keys at the bottom. Owns the list's
//! geometry and records each drawn entry as a [`Hit`] for clicks; reads the app, changes
//! nothing, and reads no environment itself except `HOME` for showing paths.

use super::Theme;
use crate::app::{App, Hit, Library};
use crate::keymap::{Action, Mode};
use crate::layout::{shorten, width};
use crate::library::{Entry, Source};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use std::path::{Path, PathBuf};

/// Widest the list gets: wider lines are hard to follow across.
const MAX_WIDTH: u16 = 96;
/// Cells of the progress bar, when there is room for it.
const BAR: usize = 10;

/// Draws the library; returns where its entries are (both rows of each, the whole width).
pub(super) fn draw(
    app: &App,
    lib: &Library,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Vec<Hit> {
    Clear.render(area, buf);
    buf.set_style(area, theme.text);
    let w = area.width.min(MAX_WIDTH);
    let x = area.x + (area.width - w) / 2;
    let inner = usize::from(w.saturating_sub(2));
    let visible = lib.visible();
    // Header: what this is, how many, and the filter.
    let count = match visible.len() {
        1 => "1 article".to_string(),
        n => format!("{n} articles"),
    };
    let mut header = format!("{} · {count}", lib.heading);
    if !lib.filter.is_empty() || lib.filtering {
        let cursor = if lib.filtering { "█" } else { "" };
        header = format!("{header} · filter: {}{cursor}", lib.filter.text());
    }
    buf.set_stringn(x + 1, area.y, shorten(&header, inner), inner, theme.title);
    let hits = list(
        lib,
        &visible,
        theme,
        Rect::new(x, area.y, w, area.height),
        area,
        buf,
    );
    bottom_line(app, lib, theme, area, buf);
    hits
}

/// The entries: two lines each, scrolled so the chosen one is on screen. `column` is where
/// the list is drawn, `area` the window.
fn list(
    lib: &Library,
    visible: &[usize],
    theme: &Theme,
    column: Rect,
    area: Rect,
    buf: &mut Buffer,
) -> Vec<Hit> {
    let (x, inner) = (column.x, usize::from(column.width.saturating_sub(2)));
    let (top, first) = list_geometry(lib, area.height);
    let top = area.y + top;
    if visible.is_empty() {
        let empty = if lib.filter.is_empty() {
            "Nothing here yet: open an article with 'folio FILE'"
        } else {
            "Nothing matches the filter (Esc clears it)"
        };
        buf.set_stringn(x + 1, top, shorten(empty, inner), inner, theme.dim);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut hits = Vec::new();
    for (row, (n, &i)) in visible.iter().enumerate().skip(first).enumerate() {
        let y = top.saturating_add(u16::try_from(row * 2).unwrap_or(u16::MAX));
        // Both lines above the bottom line.
        if y.saturating_add(2) >= area.bottom() {
            break;
        }
        hits.push(Hit {
            x: area.x,
            y,
            width: area.width,
            height: 2,
            entry: n,
        });
        let Some(entry) = lib.entries.get(i) else {
            continue;
        };
        let chosen = n == lib.selected;
        let (first_line, second_line) = lines(entry, inner.saturating_sub(2), home.as_deref());
        let mark = if chosen { "› " } else { "  " };
        let style = if chosen { theme.selected } else { theme.text };
        buf.set_stringn(x + 1, y, format!("{mark}{first_line}"), inner, style);
        let second_style = if entry.missing {
            theme.marker
        } else {
            theme.dim
        };
        let room = inner.saturating_sub(2);
        buf.set_stringn(x + 3, y + 1, second_line, room, second_style);
    }
    hits
}

/// Where the list starts in a window `height` rows high, and the first entry shown (an index
/// into [`Library::visible`]): entries take two rows each, the bottom row is for the keys.
fn list_geometry(lib: &Library, height: u16) -> (u16, usize) {
    let top = 2;
    let rows = usize::from(height.saturating_sub(1).saturating_sub(top));
    let per_page = (rows / 2).max(1);
    (top, lib.selected.saturating_sub(per_page - 1))
}

/// The keys, or the question, or the message.
fn bottom_line(app: &App, lib: &Library, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let y = area.bottom() - 1;
    let full = usize::from(area.width);
    buf.set_stringn(area.x, y, " ".repeat(full), full, theme.status);
    let bottom = if lib.confirm {
        let title = lib.chosen().map_or("", |e| e.title.as_str());
        let ask = " Its notes go to the trash folder. y / n ";
        let room = full.saturating_sub(width(ask) + 11);
        if room >= 12 {
            format!(" Forget '{}'?{ask}", shorten(title, room))
        } else {
            " Forget it? y / n ".to_string()
        }
    } else if let Some(m) = &app.status.message {
        format!(" {m}")
    } else if lib.filtering {
        " Type to filter · Enter keeps it · Esc clears ".to_string()
    } else {
        keys_hint(app, full)
    };
    let style = if lib.confirm {
        theme.status_accent
    } else {
        theme.status
    };
    buf.set_stringn(area.x, y, shorten(&bottom, full), full, style);
}

/// The keys in effect (config.toml may have moved them), each action's first, in `full` cells.
fn keys_hint(app: &App, full: usize) -> String {
    let key = |action: Action| {
        app.settings
            .keymap
            .keys(Mode::Library, action)
            .first()
            .map(ToString::to_string)
    };
    let back = if app.screen.reader.is_some() {
        "back"
    } else {
        "quits"
    };
    let hints: Vec<(Option<String>, &str)> = vec![
        (key(Action::Choose), "opens"),
        (key(Action::Filter), "filter"),
        (key(Action::Forget), "forget"),
        (key(Action::Help), "help"),
        (key(Action::Back), back),
    ];
    let long: Vec<String> = hints
        .iter()
        .filter_map(|(k, what)| k.as_ref().map(|k| format!("{k} {what}")))
        .collect();
    let long = format!(" {} ", long.join(" · "));
    if width(&long) <= full {
        return long;
    }
    // Narrow: the keys alone, but the way out keeps its word.
    let mut short: Vec<String> = hints[..3].iter().filter_map(|(k, _)| k.clone()).collect();
    short.extend(hints[4].0.as_ref().map(|k| format!("{k} {back}")));
    format!(" {} ", short.join(" · "))
}

/// An entry's two lines at `w` cells: the title with its progress, then the details.
fn lines(e: &Entry, w: usize, home: Option<&Path>) -> (String, String) {
    let progress = match e.progress {
        Some(p) if w >= 40 => {
            let filled = usize::from(p.min(100)) * BAR / 100;
            format!("{}{} {p:>3}%", "█".repeat(filled), "░".repeat(BAR - filled))
        }
        Some(p) => format!("{p:>3}%"),
        None => String::new(),
    };
    let room = w.saturating_sub(width(&progress) + 2);
    let title = shorten(&e.title, room);
    let pad = w.saturating_sub(width(&title) + width(&progress));
    let first = format!("{title}{}{progress}", " ".repeat(pad));
    let mut details: Vec<String> = Vec::new();
    if e.missing {
        details.push("missing".to_string());
    }
    if let Some(a) = &e.author {
        details.push(a.clone());
    }
    if matches!(e.source, Source::Sample(_)) {
        details.push("sample".to_string());
    }
    match e.highlights {
        0 => {}
        1 => details.push("1 highlight".to_string()),
        n => details.push(format!("{n} highlights")),
    }
    match e.bookmarks {
        0 => {}
        1 => details.push("1 bookmark".to_string()),
        n => details.push(format!("{n} bookmarks")),
    }
    if let Some(when) = &e.opened {
        details.push(when.clone());
    }
    let path = match (&e.source, e.missing) {
        (Source::File(p), _) => Some(home_relative(p, home)),
        (Source::Nowhere, _) => Some(crate::library::STANDARD_INPUT.to_string()),
        (Source::Sample(_), _) => None,
    };
    let mut second = shorten(&details.join(" · "), w);
    if let Some(path) = path {
        // The end of a path tells most: a long one loses its beginning.
        let room = w.saturating_sub(width(&second) + if second.is_empty() { 0 } else { 3 });
        if room >= 16 || second.is_empty() {
            let path = shorten_start(&path, room);
            second = if second.is_empty() {
                path
            } else {
                format!("{second} · {path}")
            };
        }
    }
    (first, second)
}

/// `s` in at most `max` cells, its beginning replaced by `…` when it is longer.
fn shorten_start(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if used + cw > max {
            break;
        }
        used += cw;
        kept.push(c);
    }
    kept.reverse();
    format!("…{}", kept.into_iter().collect::<String>())
}

/// A path for showing: sanitised, with the home folder `home` as `~`. The home folder is a
/// prefix of whole path components: with `HOME=/home/ann`, `/home/anna/x.md` stays as it is.
fn home_relative(path: &Path, home: Option<&Path>) -> String {
    let rest = home
        .filter(|h| !h.as_os_str().is_empty())
        .and_then(|h| path.strip_prefix(h).ok());
    match rest {
        Some(rest) if rest.as_os_str().is_empty() => "~".to_string(),
        Some(rest) => format!("~/{}", crate::open::display_path(rest)),
        None => crate::open::display_path(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_a_whole_path_component() {
        let home = Some(Path::new("/home/ann"));
        let shown = |p: &str| home_relative(Path::new(p), home);
        assert_eq!(shown("/home/ann/x.md"), "~/x.md");
        assert_eq!(shown("/home/anna/x.md"), "/home/anna/x.md");
        assert_eq!(shown("/home/ann/notes/x.md"), "~/notes/x.md");
        assert_eq!(shown("/srv/x.md"), "/srv/x.md");
        assert_eq!(
            home_relative(Path::new("/home/ann/x.md"), None),
            "/home/ann/x.md"
        );
        let trailing = Some(Path::new("/home/ann/"));
        assert_eq!(
            home_relative(Path::new("/home/ann/x.md"), trailing),
            "~/x.md"
        );
    }
}
