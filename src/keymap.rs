//! Keys, actions and the default bindings, as data.
//!
//! The help overlay, the README's key table and `config.toml` overrides (through
//! [`Keymap::with_overrides`]) all start from [`DEFAULT_BINDINGS`], and the help lists the
//! effective table, so the listed keys are always the keys that work. [`Key`] is folio's own
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
    /// Scroll the page's code and tables (lines that are cut, never wrapped) sideways.
    ScrollLeft,
    ScrollRight,
    Help,
    /// Close the overlay, or quit from the reading view (to the library it was opened from).
    Back,
    /// Esc: close what covers the page, a message, a search, a filter; never quits.
    Dismiss,
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
    /// The links on the page: number, text, target.
    Links,
    /// The next colour theme.
    CycleTheme,
    /// The articles folio knows; in the library: forget the chosen one.
    Library,
    Forget,
    /// Back and forward along the jump list (the places left by `g`, `G`, `:`, a search…).
    JumpBack,
    JumpForward,
    /// Half a page down or up, by lines.
    HalfPageDown,
    HalfPageUp,
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
            Action::ScrollLeft => "scroll tables and code on the page left",
            Action::ScrollRight => "scroll tables and code on the page right",
            Action::Help => "this help",
            Action::Back => "close / quit",
            Action::Dismiss => "close what is open, one thing a press (never quits)",
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
            Action::Search => "search (smart case; ↑ ↓ history, Ctrl-r regex)",
            Action::NextMatch => "next match",
            Action::PrevMatch => "previous match",
            Action::NextHeading => "next heading",
            Action::PrevHeading => "previous heading",
            Action::Outline => "outline: the headings and their pages",
            Action::Links => "links on this page: number, text, target",
            Action::CycleTheme => "next theme (default, light, dark, sepia, mono)",
            Action::Library => "library: the articles you read",
            Action::Forget => "forget the article (its notes go to the trash folder)",
            Action::JumpBack => "back to the place before the last jump",
            Action::JumpForward => "forward again along the jumps",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
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
    /// The links on the page (`f`).
    Links,
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
    bind(Mode::Reading, &["Ctrl-d"], Action::HalfPageDown),
    bind(Mode::Reading, &["Ctrl-u"], Action::HalfPageUp),
    bind(Mode::Reading, &[":"], Action::GoTo),
    bind(Mode::Reading, &["Backspace", "Ctrl-o"], Action::JumpBack),
    bind(Mode::Reading, &["Ctrl-n"], Action::JumpForward),
    bind(Mode::Reading, &["+", "="], Action::Wider),
    bind(Mode::Reading, &["-"], Action::Narrower),
    bind(Mode::Reading, &["<"], Action::ScrollLeft),
    bind(Mode::Reading, &[">"], Action::ScrollRight),
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
    bind(Mode::Reading, &["f"], Action::Links),
    bind(Mode::Reading, &["c"], Action::CycleTheme),
    bind(Mode::Reading, &["o"], Action::Library),
    bind(Mode::Reading, &["?"], Action::Help),
    bind(Mode::Reading, &["Ctrl-l"], Action::Redraw),
    bind(Mode::Reading, &["Ctrl-z"], Action::Suspend),
    bind(Mode::Reading, &["Esc"], Action::Dismiss),
    bind(Mode::Reading, &["q"], Action::Back),
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
    bind(Mode::Select, &["<"], Action::ScrollLeft),
    bind(Mode::Select, &[">"], Action::ScrollRight),
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
    bind(Mode::Panel, &["Esc"], Action::Dismiss),
    bind(Mode::Panel, &["Tab", "q"], Action::Panel),
    bind(Mode::Panel, &["Ctrl-c"], Action::Quit),
    bind(Mode::Outline, &["j", "Down"], Action::Down),
    bind(Mode::Outline, &["k", "Up"], Action::Up),
    bind(Mode::Outline, &["Enter"], Action::Choose),
    bind(Mode::Outline, &["t", "q", "Esc"], Action::Back),
    bind(Mode::Outline, &["Ctrl-c"], Action::Quit),
    bind(Mode::Links, &["j", "Down"], Action::Down),
    bind(Mode::Links, &["k", "Up"], Action::Up),
    bind(Mode::Links, &["Enter"], Action::Choose),
    bind(Mode::Links, &["f", "q", "Esc"], Action::Back),
    bind(Mode::Links, &["Ctrl-c"], Action::Quit),
    bind(Mode::Library, &["j", "Down"], Action::Down),
    bind(Mode::Library, &["k", "Up"], Action::Up),
    bind(Mode::Library, &["Enter", "l", "Right"], Action::Choose),
    bind(Mode::Library, &["/"], Action::Filter),
    bind(Mode::Library, &["d"], Action::Forget),
    bind(Mode::Library, &["?"], Action::Help),
    bind(Mode::Library, &["q", "Esc"], Action::Back),
    bind(Mode::Library, &["Ctrl-c"], Action::Quit),
];

/// One change to the default table, from `config.toml`: in `mode`, `action` is bound to exactly
/// `keys` (an empty list unbinds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub mode: Mode,
    pub action: Action,
    pub keys: Vec<Key>,
}

impl Mode {
    /// Every mode, in the order of the help and of the example config.
    pub const ALL: [Mode; 7] = [
        Mode::Reading,
        Mode::Select,
        Mode::Panel,
        Mode::Outline,
        Mode::Links,
        Mode::Help,
        Mode::Library,
    ];

    /// The name used in config files: `reading`, `select`, ... (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Reading => "reading",
            Mode::Select => "select",
            Mode::Panel => "panel",
            Mode::Outline => "outline",
            Mode::Links => "links",
            Mode::Help => "help",
            Mode::Library => "library",
        }
    }

    /// The actions that do something in this mode: those of its default table, in table order.
    /// Only these can be bound in this mode.
    pub fn actions(self) -> Vec<Action> {
        let mut out: Vec<Action> = Vec::new();
        for b in DEFAULT_BINDINGS.iter().filter(|b| b.mode == self) {
            if !out.contains(&b.action) {
                out.push(b.action);
            }
        }
        out
    }
}

impl Action {
    /// The name used in config files: `next_page`, `prev_page`, ... (the serde name).
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => format!("{self:?}"),
        }
    }

    /// The action with this config-file name.
    pub fn from_name(name: &str) -> Option<Action> {
        use serde::de::IntoDeserializer;
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            name.into_deserializer();
        Action::deserialize(de).ok()
    }
}

/// The key names a config file may use besides single characters and F1-F12.
pub fn key_names() -> impl Iterator<Item = &'static str> {
    NAMED.iter().map(|(name, _)| *name)
}

/// Key -> action lookup per mode, built from a binding table (and overrides).
#[derive(Debug, Clone)]
pub struct Keymap {
    map: std::collections::HashMap<(Mode, Key), Action>,
    /// The table as shown in the help: mode, keys (possibly none), action, in table order.
    rows: Vec<(Mode, Vec<Key>, Action)>,
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
        let rows = bindings
            .iter()
            .map(|b| {
                let keys: Vec<Key> = b.keys.iter().filter_map(|k| k.parse().ok()).collect();
                (b.mode, keys, b.action)
            })
            .collect();
        Keymap::from_rows(rows)
    }

    /// The default table with `overrides` applied, in order:
    /// - an override replaces the keys of its action in its mode (so the help lists exactly
    ///   those keys; an empty list unbinds the action);
    /// - a key an override names is taken away from any other action of that mode, so the
    ///   override wins and no key is listed twice (of two overrides naming one key, the later
    ///   wins; `config` reports that case as an error before it gets here);
    /// - an action the mode's default table does not have gets a new row at the end.
    ///
    /// Actions left without keys stay in the help, shown as "unbound".
    pub fn with_overrides(overrides: &[KeyOverride]) -> Keymap {
        let mut km = Keymap::default();
        for o in overrides {
            for (mode, keys, _) in km.rows.iter_mut() {
                if *mode == o.mode {
                    keys.retain(|k| !o.keys.contains(k));
                }
            }
            let mut keys = Vec::new();
            for k in &o.keys {
                if !keys.contains(k) {
                    keys.push(*k);
                }
            }
            match km
                .rows
                .iter_mut()
                .find(|(m, _, a)| *m == o.mode && *a == o.action)
            {
                Some(row) => row.1 = keys,
                None => km.rows.push((o.mode, keys, o.action)),
            }
        }
        Keymap::from_rows(km.rows)
    }

    fn from_rows(rows: Vec<(Mode, Vec<Key>, Action)>) -> Keymap {
        let mut map = std::collections::HashMap::new();
        for (mode, keys, action) in &rows {
            for k in keys {
                map.entry((*mode, *k)).or_insert(*action);
            }
        }
        Keymap { map, rows }
    }

    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        self.map.get(&(mode, key)).copied()
    }

    /// The keys bound to `action` in `mode`, in the order the help lists them (for hints such
    /// as "? help" in the status line).
    pub fn keys(&self, mode: Mode, action: Action) -> &[Key] {
        self.rows
            .iter()
            .find(|(m, _, a)| *m == mode && *a == action)
            .map_or(&[], |(_, keys, _)| keys.as_slice())
    }

    /// The rows of one mode for the help screen: keys and what they do. An action whose keys
    /// were all taken away by the config is listed as "unbound".
    pub fn help_rows(&self, mode: Mode) -> impl Iterator<Item = (String, &'static str)> + '_ {
        self.rows
            .iter()
            .filter(move |(m, ..)| *m == mode)
            .map(|(_, keys, action)| {
                let keys = if keys.is_empty() {
                    "unbound".to_string()
                } else {
                    keys.iter()
                        .map(Key::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                (keys, action.describe())
            })
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
        assert_eq!(r("<"), Some(Action::ScrollLeft));
        assert_eq!(r(">"), Some(Action::ScrollRight));
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
    fn an_override_replaces_the_keys_and_takes_them_from_other_actions() {
        let km = Keymap::with_overrides(&[KeyOverride {
            mode: Mode::Reading,
            action: Action::NextPage,
            keys: vec![Key::char(' '), Key::char('n'), Key::char(' ')],
        }]);
        let r = |k: char| km.action(Mode::Reading, Key::char(k));
        assert_eq!(r('n'), Some(Action::NextPage));
        assert_eq!(r(' '), Some(Action::NextPage));
        assert_eq!(r('j'), None, "the default keys of next_page are gone");
        assert_eq!(r('N'), Some(Action::PrevMatch), "other actions keep theirs");
        assert_eq!(
            km.keys(Mode::Reading, Action::NextPage),
            [Key::char(' '), Key::char('n')]
        );
        assert_eq!(km.keys(Mode::Reading, Action::NextMatch), []);
        // Select mode has its own table: untouched.
        assert_eq!(
            km.action(Mode::Select, Key::char('l')),
            Some(Action::WordForward)
        );
        let rows: Vec<_> = km.help_rows(Mode::Reading).collect();
        assert_eq!(rows[0], ("Space n".to_string(), "next page"));
        assert!(rows.contains(&("unbound".to_string(), "next match")));
        assert_eq!(
            rows.len(),
            Keymap::default().help_rows(Mode::Reading).count()
        );
    }

    #[test]
    fn an_empty_override_unbinds_and_the_later_override_wins_a_key() {
        let km = Keymap::with_overrides(&[
            KeyOverride {
                mode: Mode::Reading,
                action: Action::Suspend,
                keys: vec![],
            },
            KeyOverride {
                mode: Mode::Reading,
                action: Action::Help,
                keys: vec![Key::char('h')],
            },
            KeyOverride {
                mode: Mode::Reading,
                action: Action::Export,
                keys: vec![Key::char('h')],
            },
        ]);
        assert_eq!(km.action(Mode::Reading, Key::ctrl('z')), None);
        assert_eq!(
            km.action(Mode::Reading, Key::char('h')),
            Some(Action::Export)
        );
        assert_eq!(km.action(Mode::Reading, Key::char('?')), None);
        assert_eq!(km.keys(Mode::Reading, Action::PrevPage).len(), 5);
    }

    #[test]
    fn names_are_the_serde_names_and_every_mode_has_actions() {
        for mode in Mode::ALL {
            assert_eq!(
                serde_json::to_string(&mode).ok(),
                Some(format!("\"{}\"", mode.name()))
            );
            assert!(!mode.actions().is_empty(), "{mode:?}");
            for action in mode.actions() {
                assert_eq!(Action::from_name(&action.name()), Some(action));
            }
        }
        assert_eq!(Action::NextPage.name(), "next_page");
        assert_eq!(Action::from_name("nxt_page"), None);
        assert!(key_names().any(|n| n == "PageDown"));
    }

    #[test]
    fn actions_serialise_as_snake_case() {
        assert_eq!(
            serde_json::to_string(&Action::NextPage).ok().as_deref(),
            Some("\"next_page\"")
        );
    }
}
