//! Keys, actions and the default bindings, as data.
//!
//! The help overlay, the README's key table and (later) `config.toml` overrides all read
//! [`DEFAULT_BINDINGS`], so the listed keys are always the keys that work. [`Key`] is folio's own
//! key type; the terminal layer converts its events into it, so this module, like the core, does
//! not depend on ratatui or crossterm.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A key press, as folio sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }
}

/// Names used in the help and in config files: "Space", "PageDown", "Ctrl-z", "q", "F1".
const NAMED: &[(&str, KeyCode)] = &[
    ("Space", KeyCode::Char(' ')),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
];

/// Symbols for the help screen, shorter than the names.
fn symbol(code: KeyCode) -> Option<&'static str> {
    Some(match code {
        KeyCode::Left => "←",
        KeyCode::Right => "→",
        KeyCode::Up => "↑",
        KeyCode::Down => "↓",
        KeyCode::PageUp => "PgUp",
        KeyCode::PageDown => "PgDn",
        _ => return None,
    })
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if let Some(s) = symbol(self.code) {
            return f.write_str(s);
        }
        if let Some((name, _)) = NAMED.iter().find(|(_, c)| *c == self.code) {
            return f.write_str(name);
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => Ok(()),
        }
    }
}

/// A key name that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown key '{0}': use a single character, F1-F12, or one of Space, Enter, Esc, Tab, Backspace, Delete, Left, Right, Up, Down, Home, End, PageUp, PageDown, with optional Ctrl- or Alt-"
)]
pub struct KeyParseError(pub String);

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(s: &str) -> Result<Key, KeyParseError> {
        let err = || KeyParseError(crate::decode::sanitize(s));
        let mut key = Key::plain(KeyCode::Esc);
        let mut rest = s;
        loop {
            if let Some(r) = rest
                .strip_prefix("Ctrl-")
                .or_else(|| rest.strip_prefix("C-"))
            {
                key.ctrl = true;
                rest = r;
            } else if let Some(r) = rest
                .strip_prefix("Alt-")
                .or_else(|| rest.strip_prefix("M-"))
            {
                key.alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => {
                if let Some((_, code)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
                    *code
                } else if let Some(n) = rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
                    if !(1..=12).contains(&n) {
                        return Err(err());
                    }
                    KeyCode::F(n)
                } else {
                    return Err(err());
                }
            }
        };
        Ok(key)
    }
}

/// Everything a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    NextPage,
    PrevPage,
    FirstPage,
    LastPage,
    GoTo,
    Wider,
    Narrower,
    Help,
    /// Close the overlay, or quit from the reading view.
    Back,
    Quit,
    Suspend,
    Redraw,
    /// In lists: move and choose.
    Down,
    Up,
    Choose,
    /// Bookmark this page, or remove its bookmark.
    Bookmark,
    /// Start selecting at the first sentence of the page.
    Select,
    /// Select mode: move the selection's end.
    WordForward,
    WordBack,
    SentenceForward,
    SentenceBack,
    ParagraphForward,
    ParagraphBack,
    /// Select mode: save the selection as a highlight (with a note).
    Highlight,
    HighlightWithNote,
    /// Select mode: move the end by a line; swap the moving end; copy the selection.
    LineForward,
    LineBack,
    SwapEnds,
    Copy,
    /// The side panel: open or close it; switch tabs; act on the chosen entry.
    Panel,
    TabHighlights,
    TabBookmarks,
    TabQuotes,
    Delete,
    Undo,
    Edit,
    Filter,
    HighlightQuote,
    /// Write this article's highlights and bookmarks as Markdown to the export folder.
    Export,
    /// Search: type a phrase; then the next and previous match.
    Search,
    NextMatch,
    PrevMatch,
    /// The page of the next or previous heading.
    NextHeading,
    PrevHeading,
    /// The headings, with their pages; Enter jumps.
    Outline,
    /// The next colour theme.
    CycleTheme,
    /// The articles folio knows; in the library: forget the chosen one.
    Library,
    Forget,
}

impl Action {
    /// What the help screen says.
    pub fn describe(self) -> &'static str {
        match self {
            Action::NextPage => "next page",
            Action::PrevPage => "previous page",
            Action::FirstPage => "first page",
            Action::LastPage => "last page",
            Action::GoTo => "go to page number or NN%",
            Action::Wider => "wider column",
            Action::Narrower => "narrower column",
            Action::Help => "this help",
            Action::Back => "close / quit",
            Action::Quit => "quit",
            Action::Suspend => "suspend to the shell (fg returns)",
            Action::Redraw => "redraw the screen",
            Action::Down => "move down",
            Action::Up => "move up",
            Action::Choose => "open",
            Action::Bookmark => "bookmark this page (again: remove)",
            Action::Select => "select text to highlight",
            Action::WordForward => "extend by a word",
            Action::WordBack => "shrink by a word",
            Action::SentenceForward => "extend by a sentence",
            Action::SentenceBack => "shrink by a sentence",
            Action::ParagraphForward => "extend by a paragraph",
            Action::ParagraphBack => "shrink by a paragraph",
            Action::Highlight => "highlight the selection",
            Action::HighlightWithNote => "highlight with a note",
            Action::LineForward => "extend by a line",
            Action::LineBack => "shrink by a line",
            Action::SwapEnds => "move the other end",
            Action::Copy => "copy the selection (terminal clipboard)",
            Action::Panel => "side panel: highlights, bookmarks, quotes",
            Action::TabHighlights => "highlights",
            Action::TabBookmarks => "bookmarks",
            Action::TabQuotes => "quotes found in the article",
            Action::Delete => "delete",
            Action::Undo => "undo the last delete",
            Action::Edit => "edit the note or label",
            Action::Filter => "filter the list",
            Action::HighlightQuote => "highlight this quote",
            Action::Export => "export highlights and bookmarks (Markdown)",
            Action::Search => "search (smart case; Esc clears)",
            Action::NextMatch => "next match",
            Action::PrevMatch => "previous match",
            Action::NextHeading => "next heading",
            Action::PrevHeading => "previous heading",
            Action::Outline => "outline: the headings and their pages",
            Action::CycleTheme => "next theme (default, light, dark, sepia, mono)",
            Action::Library => "library: the articles you read",
            Action::Forget => "forget the article (its notes go to the trash folder)",
        }
    }
}

/// Where keys are read: each mode has its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Reading,
    Select,
    Panel,
    Outline,
    Help,
    /// The library (and the samples): articles to open.
    Library,
}

/// One row of the default table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub mode: Mode,
    pub keys: &'static [&'static str],
    pub action: Action,
}

const fn bind(mode: Mode, keys: &'static [&'static str], action: Action) -> Binding {
    Binding { mode, keys, action }
}

/// The default bindings (DESIGN.md, Keys). Order is the order of the help screen.
pub const DEFAULT_BINDINGS: &[Binding] = &[
    bind(
        Mode::Reading,
        &["Space", "PageDown", "Right", "l", "j", "Down"],
        Action::NextPage,
    ),
    bind(
        Mode::Reading,
        &["b", "PageUp", "Left", "h", "k", "Up"],
        Action::PrevPage,
    ),
    bind(Mode::Reading, &["g", "Home"], Action::FirstPage),
    bind(Mode::Reading, &["G", "End"], Action::LastPage),
    bind(Mode::Reading, &[":"], Action::GoTo),
    bind(Mode::Reading, &["+", "="], Action::Wider),
    bind(Mode::Reading, &["-"], Action::Narrower),
    bind(Mode::Reading, &["m"], Action::Bookmark),
    bind(Mode::Reading, &["v"], Action::Select),
    bind(Mode::Reading, &["Tab"], Action::Panel),
    bind(Mode::Reading, &["x"], Action::Export),
    bind(Mode::Reading, &["/"], Action::Search),
    bind(Mode::Reading, &["n"], Action::NextMatch),
    bind(Mode::Reading, &["N"], Action::PrevMatch),
    bind(Mode::Reading, &["]"], Action::NextHeading),
    bind(Mode::Reading, &["["], Action::PrevHeading),
    bind(Mode::Reading, &["t"], Action::Outline),
    bind(Mode::Reading, &["c"], Action::CycleTheme),
    bind(Mode::Reading, &["o"], Action::Library),
    bind(Mode::Reading, &["?"], Action::Help),
    bind(Mode::Reading, &["Ctrl-l"], Action::Redraw),
    bind(Mode::Reading, &["Ctrl-z"], Action::Suspend),
    bind(Mode::Reading, &["q", "Esc"], Action::Back),
    bind(Mode::Reading, &["Ctrl-c"], Action::Quit),
    bind(Mode::Select, &["w", "Right", "l"], Action::WordForward),
    bind(Mode::Select, &["b", "Left", "h"], Action::WordBack),
    bind(Mode::Select, &[")", "Space"], Action::SentenceForward),
    bind(Mode::Select, &["("], Action::SentenceBack),
    bind(Mode::Select, &["}"], Action::ParagraphForward),
    bind(Mode::Select, &["{"], Action::ParagraphBack),
    bind(Mode::Select, &["j", "Down"], Action::LineForward),
    bind(Mode::Select, &["k", "Up"], Action::LineBack),
    bind(Mode::Select, &["o"], Action::SwapEnds),
    bind(Mode::Select, &["y"], Action::Copy),
    bind(Mode::Select, &["Enter"], Action::Highlight),
    bind(Mode::Select, &["a"], Action::HighlightWithNote),
    bind(Mode::Select, &["q", "Esc"], Action::Back),
    bind(Mode::Select, &["Ctrl-c"], Action::Quit),
    bind(
        Mode::Help,
        &["j", "Down", "Space", "PageDown"],
        Action::Down,
    ),
    bind(Mode::Help, &["k", "Up", "b", "PageUp"], Action::Up),
    bind(Mode::Help, &["q", "Esc", "?"], Action::Back),
    bind(Mode::Help, &["Ctrl-c"], Action::Quit),
    bind(Mode::Panel, &["j", "Down"], Action::Down),
    bind(Mode::Panel, &["k", "Up"], Action::Up),
    bind(Mode::Panel, &["Enter"], Action::Choose),
    bind(Mode::Panel, &["1"], Action::TabHighlights),
    bind(Mode::Panel, &["2"], Action::TabBookmarks),
    bind(Mode::Panel, &["3"], Action::TabQuotes),
    bind(Mode::Panel, &["d"], Action::Delete),
    bind(Mode::Panel, &["u"], Action::Undo),
    bind(Mode::Panel, &["e"], Action::Edit),
    bind(Mode::Panel, &["/"], Action::Filter),
    bind(Mode::Panel, &["h"], Action::HighlightQuote),
    bind(Mode::Panel, &["x"], Action::Export),
    bind(Mode::Panel, &["Space", "PageDown"], Action::NextPage),
    bind(Mode::Panel, &["b", "PageUp"], Action::PrevPage),
    bind(Mode::Panel, &["Tab", "Esc", "q"], Action::Panel),
    bind(Mode::Panel, &["Ctrl-c"], Action::Quit),
    bind(Mode::Outline, &["j", "Down"], Action::Down),
    bind(Mode::Outline, &["k", "Up"], Action::Up),
    bind(Mode::Outline, &["Enter"], Action::Choose),
    bind(Mode::Outline, &["t", "q", "Esc"], Action::Back),
    bind(Mode::Outline, &["Ctrl-c"], Action::Quit),
    bind(Mode::Library, &["j", "Down"], Action::Down),
    bind(Mode::Library, &["k", "Up"], Action::Up),
    bind(Mode::Library, &["Enter", "l", "Right"], Action::Choose),
    bind(Mode::Library, &["/"], Action::Filter),
    bind(Mode::Library, &["d"], Action::Forget),
    bind(Mode::Library, &["?"], Action::Help),
    bind(Mode::Library, &["q", "Esc"], Action::Back),
    bind(Mode::Library, &["Ctrl-c"], Action::Quit),
];

/// Key -> action lookup per mode, built from a binding table.
#[derive(Debug, Clone)]
pub struct Keymap {
    map: std::collections::HashMap<(Mode, Key), Action>,
    /// The table as shown in the help, keys as display strings.
    rows: Vec<(Mode, Vec<String>, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::from_bindings(DEFAULT_BINDINGS)
    }
}

impl Keymap {
    /// Builds a keymap; a key name that does not parse is a bug in the table, so it is skipped
    /// (the unit test below proves every default parses).
    pub fn from_bindings(bindings: &[Binding]) -> Keymap {
        let mut map = std::collections::HashMap::new();
        let mut rows = Vec::new();
        for b in bindings {
            let keys: Vec<Key> = b.keys.iter().filter_map(|k| k.parse().ok()).collect();
            for k in &keys {
                map.entry((b.mode, *k)).or_insert(b.action);
            }
            rows.push((b.mode, keys.iter().map(Key::to_string).collect(), b.action));
        }
        Keymap { map, rows }
    }

    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        self.map.get(&(mode, key)).copied()
    }

    /// The rows of one mode for the help screen: keys and what they do.
    pub fn help_rows(&self, mode: Mode) -> impl Iterator<Item = (String, &'static str)> + '_ {
        self.rows
            .iter()
            .filter(move |(m, ..)| *m == mode)
            .map(|(_, keys, action)| (keys.join(" "), action.describe()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses_and_none_is_bound_twice_in_a_mode() {
        let mut seen = std::collections::HashSet::new();
        for b in DEFAULT_BINDINGS {
            for k in b.keys {
                let key: Key = k.parse().unwrap_or_else(|e| panic!("{e}"));
                assert!(
                    seen.insert((b.mode, key)),
                    "{k} bound twice in {:?}",
                    b.mode
                );
            }
        }
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!("Space".parse(), Ok(Key::char(' ')));
        assert_eq!("Ctrl-z".parse(), Ok(Key::ctrl('z')));
        assert_eq!("pagedown".parse(), Ok(Key::plain(KeyCode::PageDown)));
        assert_eq!("F5".parse(), Ok(Key::plain(KeyCode::F(5))));
        assert!("F13".parse::<Key>().is_err());
        assert!("Hyper-x".parse::<Key>().is_err());
        assert_eq!(Key::ctrl('c').to_string(), "Ctrl-c");
        assert_eq!(Key::plain(KeyCode::Right).to_string(), "→");
        assert_eq!(Key::char(' ').to_string(), "Space");
    }

    #[test]
    fn the_design_keys_do_what_it_says() {
        let km = Keymap::default();
        let r = |k: &str| km.action(Mode::Reading, k.parse().unwrap_or(Key::char('\0')));
        for k in ["Space", "PageDown", "Right", "l", "j", "Down"] {
            assert_eq!(r(k), Some(Action::NextPage), "{k}");
        }
        for k in ["b", "PageUp", "Left", "h", "k", "Up"] {
            assert_eq!(r(k), Some(Action::PrevPage), "{k}");
        }
        assert_eq!(r("G"), Some(Action::LastPage));
        assert_eq!(r("?"), Some(Action::Help));
        assert_eq!(r("x"), Some(Action::Export));
        assert_eq!(r("z"), None);
    }

    #[test]
    fn help_rows_come_from_the_table() {
        let km = Keymap::default();
        let rows: Vec<_> = km.help_rows(Mode::Reading).collect();
        assert_eq!(rows[0], ("Space PgDn → l j ↓".to_string(), "next page"));
        assert_eq!(
            rows.len(),
            DEFAULT_BINDINGS
                .iter()
                .filter(|b| b.mode == Mode::Reading)
                .count()
        );
    }

    #[test]
    fn actions_serialise_as_snake_case() {
        assert_eq!(
            serde_json::to_string(&Action::NextPage).ok().as_deref(),
            Some("\"next_page\"")
        );
    }
}
