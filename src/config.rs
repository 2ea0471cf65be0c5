//! Settings and key overrides from `config.toml` in the config directory.
//!
//! The file is optional: without it every setting has its default ([`Config::default`]). A file
//! that is there must be right: a setting, table, action or key folio does not know, or a value
//! out of range, is an error naming the file, the line and what is valid, so a typo never
//! silently does nothing. [`EXAMPLE`] (`assets/config.toml`, printed by `folio --print-config`)
//! documents every setting with its default.
//!
//! Layout of the file: top-level settings (`measure`, `theme`, `hyphenate`, `justify`, `links`,
//! `ruby`, `spread`, `wpm`, `mouse`, `export_dir`), a `[search]` table (`ignore_accents`) and `[keys.<mode>]` tables of
//! `action = ["Key", …]` (a plain `[keys]` table means reading mode). Key overrides are applied
//! by [`crate::keymap::Keymap::with_overrides`]; [`Config::keymap`] does it.
//!
//! It reads one file and knows keys only as `keymap` names them: it does not depend on ratatui,
//! crossterm, `app` or the session.

use crate::decode::sanitize_line;
use crate::format::inline::Ruby;
use crate::keymap::{Action, Key, KeyOverride, Keymap, Mode};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// The file's name inside the config directory.
pub const FILE_NAME: &str = "config.toml";

/// The commented example: every setting with its default and what it accepts.
pub const EXAMPLE: &str = include_str!("../assets/config.toml");

/// The colour themes, in the order `c` cycles through them.
pub const THEME_NAMES: [&str; 5] = ["default", "light", "dark", "sepia", "mono"];

/// How links look on the page (`links = "…"`): underlined (the default) or as plain text.
pub const LINK_STYLES: [&str; 2] = ["underline", "plain"];

/// How ruby readings over Chinese characters show (`ruby = "…"`): after the word in
/// parentheses (the default) or not at all.
pub const RUBY_STYLES: [&str; 2] = ["shown", "hidden"];

/// Two pages side by side (`spread = "…"`): when the window has room (the default) or never.
pub const SPREAD_STYLES: [&str; 2] = ["auto", "off"];

/// The range of `measure` (the same as `+` / `-` allow).
pub const MIN_MEASURE: u16 = 24;
pub const MAX_MEASURE: u16 = 200;

/// The range of `wpm`: paces no one reads prose at are refused.
pub const MIN_WPM: u32 = 50;
pub const MAX_WPM: u32 = 1500;

/// The top-level names, as listed in errors.
const SETTINGS: &[&str] = &[
    "measure",
    "theme",
    "hyphenate",
    "justify",
    "links",
    "ruby",
    "spread",
    "wpm",
    "mouse",
    "export_dir",
    "[search]",
    "[keys]",
];

const SEARCH_SETTINGS: &[&str] = &["ignore_accents"];

/// The settings, after validation. `None` means "not set": the built-in default (or the
/// command line) applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Column width in columns, [`MIN_MEASURE`]..=[`MAX_MEASURE`]; `None`: 72
    /// (`layout::DEFAULT_MEASURE`) unless `--width` says otherwise.
    pub measure: Option<u16>,
    /// One of [`THEME_NAMES`] (stored lower case); `None`: "default".
    pub theme: Option<String>,
    /// Hyphenate running text (default true).
    pub hyphenate: bool,
    /// Full justification (default false).
    pub justify: bool,
    /// `links = "plain"`: links look like the text around them (default: underlined).
    pub plain_links: bool,
    /// `ruby = "hidden"`: web pages and books show the base text of ruby without its reading
    /// (default: `漢字(かんじ)`).
    pub ruby: Ruby,
    /// `spread = "off"`: one page at a time however wide the window (default `"auto"`: two
    /// side by side when there is room for both at the measure).
    pub spread: bool,
    /// Reading pace to start from, words per minute, [`MIN_WPM`]..=[`MAX_WPM`] (default
    /// [`crate::pace::DEFAULT_WPM`]).
    pub wpm: u32,
    /// Mouse on (default true).
    pub mouse: bool,
    /// Export folder: `~` expanded; a relative path is joined to the config directory by
    /// [`Config::load`] (kept relative by [`Config::parse`]). `None`: `Paths::exports()`.
    pub export_dir: Option<PathBuf>,
    /// `[search] ignore_accents`: accent-insensitive search (default false).
    pub search_ignore_accents: bool,
    /// `[keys.<mode>]` overrides, in file order.
    pub keys: Vec<KeyOverride>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            measure: None,
            theme: None,
            hyphenate: true,
            justify: false,
            plain_links: false,
            ruby: Ruby::Shown,
            spread: true,
            wpm: crate::pace::DEFAULT_WPM,
            mouse: true,
            export_dir: None,
            search_ignore_accents: false,
            keys: Vec::new(),
        }
    }
}

/// One thing wrong in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line; `None` when the parser could not say.
    pub line: Option<usize>,
    pub message: String,
}

/// Why the config file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Every problem found, in line order; the message has one line per problem, each
    /// starting with the file's name and the line number.
    #[error("{}", Problems { file, problems })]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

impl ConfigError {
    /// A file with one problem.
    fn one(file: String, line: Option<usize>, message: String) -> ConfigError {
        ConfigError::Invalid {
            file,
            problems: vec![Problem { line, message }],
        }
    }

    /// The problems (empty for a read error).
    pub fn problems(&self) -> &[Problem] {
        match self {
            ConfigError::Read { .. } => &[],
            ConfigError::Invalid { problems, .. } => problems,
        }
    }
}

struct Problems<'a> {
    file: &'a str,
    problems: &'a [Problem],
}

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match p.line {
                Some(line) => write!(f, "{} line {line}: {}", self.file, p.message)?,
                None => write!(f, "{}: {}", self.file, p.message)?,
            }
        }
        Ok(())
    }
}

impl Config {
    /// The config file in the config directory `dir`.
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(FILE_NAME)
    }

    /// Reads `<dir>/config.toml`. No directory or no file: the defaults. A file that cannot be
    /// read or is not valid: an error (the caller decides whether to go on without it).
    pub fn load(dir: Option<&Path>) -> Result<Config, ConfigError> {
        let Some(dir) = dir else {
            return Ok(Config::default());
        };
        let path = Config::path(dir);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        let file = sanitize_line(&path.display().to_string());
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let good = e.utf8_error().valid_up_to();
                let line = line_of(e.as_bytes(), good);
                let message = "this is not UTF-8 text; save the file as UTF-8";
                return Err(ConfigError::one(file, Some(line), message.into()));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Config::parse_in(text, &file, Some(dir))
    }

    /// Parses the text of a config file; `name` names it in errors. Relative `export_dir`s
    /// stay relative (see [`Config::parse_in`]).
    pub fn parse(text: &str, name: &str) -> Result<Config, ConfigError> {
        Config::parse_in(text, name, None)
    }

    /// [`Config::parse`], with relative paths taken relative to `base` (the config directory).
    pub fn parse_in(text: &str, name: &str, base: Option<&Path>) -> Result<Config, ConfigError> {
        let table = match DeTable::parse(text) {
            Ok(table) => table,
            Err(e) => {
                let line = e.span().map(|s| line_of(text.as_bytes(), s.start));
                let message = format!("not valid TOML: {}", sanitize_line(e.message()));
                return Err(ConfigError::one(name.to_string(), line, message));
            }
        };
        let mut parser = Parser {
            base,
            problems: Vec::new(),
        };
        let config = parser.top(table.get_ref());
        if parser.problems.is_empty() {
            return Ok(config);
        }
        parser.problems.sort_by_key(|(at, _)| *at);
        Err(ConfigError::Invalid {
            file: name.to_string(),
            problems: parser
                .problems
                .into_iter()
                .map(|(at, message)| Problem {
                    line: Some(line_of(text.as_bytes(), at)),
                    message,
                })
                .collect(),
        })
    }

    /// The default keymap with this file's `[keys]` overrides applied.
    pub fn keymap(&self) -> Keymap {
        Keymap::with_overrides(&self.keys)
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &[u8], offset: usize) -> usize {
    let end = offset.min(text.len());
    text[..end].iter().filter(|b| **b == b'\n').count() + 1
}

type Entry<'t, 'i> = (&'t Spanned<DeString<'i>>, &'t Spanned<DeValue<'i>>);

/// A table's entries in file order (the map itself is sorted by name).
fn entries<'t, 'i>(table: &'t DeTable<'i>) -> Vec<Entry<'t, 'i>> {
    let mut v: Vec<Entry<'t, 'i>> = table.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

/// A value as the reader wrote it, for messages.
fn show(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("\"{}\"", sanitize_line(s)),
        DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix())
            .map_or_else(|_| "a number".to_string(), |n| n.to_string()),
        DeValue::Float(f) => sanitize_line(f.as_str()),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => sanitize_line(&d.to_string()),
        DeValue::Array(_) => "[…]".to_string(),
        DeValue::Table(_) => "{…}".to_string(),
    }
}

fn list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

fn mode_tables() -> String {
    Mode::ALL
        .iter()
        .map(|m| format!("[keys.{}]", m.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The top-level switches (`true` or `false`), by name.
fn switch<'c>(config: &'c mut Config, name: &str) -> Option<&'c mut bool> {
    match name {
        "hyphenate" => Some(&mut config.hyphenate),
        "justify" => Some(&mut config.justify),
        "mouse" => Some(&mut config.mouse),
        _ => None,
    }
}

/// Where a key override came from, for the conflict checks.
struct Bound {
    at: usize,
    section: String,
    over: KeyOverride,
}

struct Parser<'a> {
    base: Option<&'a Path>,
    /// (byte offset, message).
    problems: Vec<(usize, String)>,
}

impl Parser<'_> {
    fn problem(&mut self, span: Range<usize>, message: String) {
        self.problems.push((span.start, message));
    }

    fn top(&mut self, table: &DeTable<'_>) -> Config {
        let mut config = Config::default();
        let mut bound: Vec<Bound> = Vec::new();
        for (key, value) in entries(table) {
            self.setting(&mut config, &mut bound, key, value);
        }
        self.conflicts(&bound);
        config.keys = bound.into_iter().map(|b| b.over).collect();
        config
    }

    /// One top-level line or table (TOML allows each name once).
    fn setting(
        &mut self,
        config: &mut Config,
        bound: &mut Vec<Bound>,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) {
        let name: &str = key.get_ref();
        if let Some(switch) = switch(config, name) {
            if let Some(b) = self.boolean(value, name) {
                *switch = b;
            }
            return;
        }
        match name {
            "measure" => {
                let range = u32::from(MIN_MEASURE)..=u32::from(MAX_MEASURE);
                let what = format!(
                    "the column width is a whole number from {MIN_MEASURE} to {MAX_MEASURE} \
                     (default {})",
                    crate::layout::DEFAULT_MEASURE
                );
                if let Some(n) = self.number(value, name, range, &what) {
                    config.measure = u16::try_from(n).ok();
                }
            }
            "wpm" => {
                let what = format!(
                    "the reading pace is a whole number of words per minute from {MIN_WPM} \
                     to {MAX_WPM} (default {})",
                    crate::pace::DEFAULT_WPM
                );
                if let Some(n) = self.number(value, name, MIN_WPM..=MAX_WPM, &what) {
                    config.wpm = n;
                }
            }
            "theme" => config.theme = self.theme(value),
            "links" => {
                if let Some(style) = self.choice(value, "links", &LINK_STYLES) {
                    config.plain_links = style == "plain";
                }
            }
            "spread" => {
                if let Some(style) = self.choice(value, "spread", &SPREAD_STYLES) {
                    config.spread = style == "auto";
                }
            }
            "ruby" => {
                if let Some(style) = self.choice(value, "ruby", &RUBY_STYLES) {
                    config.ruby = if style == "hidden" {
                        Ruby::Hidden
                    } else {
                        Ruby::Shown
                    };
                }
            }
            "export_dir" => config.export_dir = self.folder(value, name),
            "search" => self.search(config, value),
            "keys" => match value.get_ref() {
                DeValue::Table(t) => self.keys(t, bound),
                v => self.problem(
                    value.span(),
                    format!(
                        "keys = {} is not valid: key overrides go in tables: {}",
                        show(v),
                        mode_tables()
                    ),
                ),
            },
            _ => self.problem(
                key.span(),
                format!(
                    "unknown setting '{}'; valid: {}",
                    sanitize_line(name),
                    list(SETTINGS)
                ),
            ),
        }
    }

    /// `name = "style"`: one of `styles` (the default first), in any case, e.g. `links = "plain"`.
    fn choice(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
        styles: &[&'static str],
    ) -> Option<&'static str> {
        let v = value.get_ref();
        let found = match v {
            DeValue::String(s) => styles.iter().find(|l| l.eq_ignore_ascii_case(s)),
            _ => None,
        };
        if found.is_none() {
            let example = styles.last().copied().unwrap_or_default();
            self.problem(
                value.span(),
                format!(
                    "{name} = {} is not valid: write one of {} in quotes, e.g. {name} = \"{example}\"",
                    show(v),
                    list(styles)
                ),
            );
        }
        found.copied()
    }

    /// `theme = "name"`: one of [`THEME_NAMES`], in any case.
    fn theme(&mut self, value: &Spanned<DeValue<'_>>) -> Option<String> {
        let v = value.get_ref();
        let DeValue::String(s) = v else {
            self.problem(
                value.span(),
                format!(
                    "theme = {} is not valid: write one of {} in quotes, e.g. theme = \"sepia\"",
                    show(v),
                    list(&THEME_NAMES)
                ),
            );
            return None;
        };
        let theme = THEME_NAMES.iter().find(|t| t.eq_ignore_ascii_case(s));
        if theme.is_none() {
            self.problem(
                value.span(),
                format!(
                    "theme '{}' is not one of {}",
                    sanitize_line(s),
                    list(&THEME_NAMES)
                ),
            );
        }
        theme.map(|t| (*t).to_string())
    }

    /// The `[search]` table.
    fn search(&mut self, config: &mut Config, value: &Spanned<DeValue<'_>>) {
        let DeValue::Table(t) = value.get_ref() else {
            self.problem(
                value.span(),
                format!(
                    "search = {} is not valid: search settings go in a [search] table \
                     (valid: {})",
                    show(value.get_ref()),
                    list(SEARCH_SETTINGS)
                ),
            );
            return;
        };
        for (k, val) in entries(t) {
            let sname: &str = k.get_ref();
            if sname == "ignore_accents" {
                if let Some(b) = self.boolean(val, "ignore_accents") {
                    config.search_ignore_accents = b;
                }
            } else {
                self.problem(
                    k.span(),
                    format!(
                        "unknown setting '{}' in [search]; valid: {}",
                        sanitize_line(sname),
                        list(SEARCH_SETTINGS)
                    ),
                );
            }
        }
    }

    fn number(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
        range: std::ops::RangeInclusive<u32>,
        what: &str,
    ) -> Option<u32> {
        let v = value.get_ref();
        let n = match v {
            DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        match n.and_then(|n| u32::try_from(n).ok()) {
            Some(n) if range.contains(&n) => Some(n),
            _ => {
                let why = if matches!(v, DeValue::Integer(_)) {
                    "is out of range"
                } else {
                    "is not valid"
                };
                self.problem(value.span(), format!("{name} = {} {why}: {what}", show(v)));
                None
            }
        }
    }

    fn boolean(&mut self, value: &Spanned<DeValue<'_>>, name: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            v => {
                self.problem(
                    value.span(),
                    format!(
                        "{name} = {} is not valid: write true or false (no quotes)",
                        show(v)
                    ),
                );
                None
            }
        }
    }

    fn folder(&mut self, value: &Spanned<DeValue<'_>>, name: &str) -> Option<PathBuf> {
        let v = value.get_ref();
        let DeValue::String(s) = v else {
            self.problem(
                value.span(),
                format!(
                    "{name} = {} is not valid: write a folder in quotes, e.g. {name} = \"~/notes\"",
                    show(v)
                ),
            );
            return None;
        };
        if s.trim().is_empty() {
            self.problem(
                value.span(),
                format!("{name} is empty: write a folder, e.g. {name} = \"~/notes\""),
            );
            return None;
        }
        let rest = if s.as_ref() == "~" {
            Some("")
        } else {
            s.strip_prefix("~/")
        };
        let path = match rest {
            Some(rest) => {
                let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
                else {
                    self.problem(
                        value.span(),
                        format!("{name}: no home folder is known for '~'; write a full path"),
                    );
                    return None;
                };
                home.join(rest)
            }
            None => PathBuf::from(s.as_ref()),
        };
        Some(match self.base {
            Some(base) if path.is_relative() => base.join(path),
            _ => path,
        })
    }

    /// The `[keys]` table: mode tables, and actions of reading mode.
    fn keys(&mut self, table: &DeTable<'_>, bound: &mut Vec<Bound>) {
        for (key, value) in entries(table) {
            let name: &str = key.get_ref();
            let mode = Mode::ALL.into_iter().find(|m| m.name() == name);
            match (value.get_ref(), mode) {
                (DeValue::Table(t), Some(mode)) => {
                    let section = format!("[keys.{name}]");
                    for (k, v) in entries(t) {
                        self.binding(mode, &section, k, v, bound);
                    }
                }
                (DeValue::Table(_), None) => self.problem(
                    key.span(),
                    format!(
                        "unknown mode 'keys.{}'; valid: {}",
                        sanitize_line(name),
                        mode_tables()
                    ),
                ),
                (v, Some(mode)) if !Mode::Reading.actions().iter().any(|a| a.name() == name) => {
                    self.problem(
                        value.span(),
                        format!(
                            "keys.{name} = {} is not valid: the keys of {name} mode go in a \
                             table, [keys.{name}], of action = [\"Key\", …] lines; valid \
                             actions there: {}",
                            show(v),
                            list(&mode.actions().iter().map(|a| a.name()).collect::<Vec<_>>())
                        ),
                    )
                }
                _ => self.binding(Mode::Reading, "[keys]", key, value, bound),
            }
        }
    }

    /// One `action = ["Key", …]` line of a mode's table.
    fn binding(
        &mut self,
        mode: Mode,
        section: &str,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
        bound: &mut Vec<Bound>,
    ) {
        let name: &str = key.get_ref();
        let Some(action) = self.action(mode, section, key) else {
            return;
        };
        let Some(keys) = self.key_list(name, section, value) else {
            return;
        };
        let at = key.span().start;
        if let Some(first) = bound
            .iter()
            .find(|b| b.over.mode == mode && b.over.action == action)
        {
            let message = format!(
                "{name} is set twice for {} mode (first in {}); keep one",
                mode.name(),
                first.section
            );
            self.problems.push((at, message));
            return;
        }
        bound.push(Bound {
            at,
            section: section.to_string(),
            over: KeyOverride { mode, action, keys },
        });
    }

    /// The action a binding names, if `mode` has it.
    fn action(&mut self, mode: Mode, section: &str, key: &Spanned<DeString<'_>>) -> Option<Action> {
        let name: &str = key.get_ref();
        let valid = mode.actions();
        let action = Action::from_name(name);
        if let Some(action) = action.filter(|a| valid.contains(a)) {
            return Some(action);
        }
        let what = if action.is_some() {
            format!(
                "action '{}' does nothing in {} mode",
                sanitize_line(name),
                mode.name()
            )
        } else {
            format!("unknown action '{}'", sanitize_line(name))
        };
        let tables = if section == "[keys]" {
            format!(
                " ([keys] is reading mode; the other modes have tables: {})",
                mode_tables()
            )
        } else {
            String::new()
        };
        let names: Vec<String> = valid.iter().map(|a| a.name()).collect();
        self.problem(
            key.span(),
            format!("{what} in {section}; valid: {}{tables}", list(&names)),
        );
        None
    }

    /// The keys of a binding (a list, or one key as a string), each once; `None` when any
    /// cannot be read (every one that cannot is reported).
    fn key_list(
        &mut self,
        name: &str,
        section: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Vec<Key>> {
        let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            DeValue::String(_) => vec![value],
            v => {
                self.problem(
                    value.span(),
                    format!(
                        "{name} = {} is not valid in {section}: write a list of keys, e.g. \
                         {name} = [\"Space\", \"n\"] ([] unbinds it)",
                        show(v)
                    ),
                );
                return None;
            }
        };
        let mut keys = Vec::new();
        let mut ok = true;
        for item in items {
            match self.key(name, section, item) {
                Some(k) if !keys.contains(&k) => keys.push(k),
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(keys)
    }

    /// One key of a binding, as written in quotes.
    fn key(&mut self, name: &str, section: &str, item: &Spanned<DeValue<'_>>) -> Option<Key> {
        let message = match item.get_ref() {
            DeValue::String(s) => match s.parse::<Key>() {
                Ok(k) => return Some(k),
                Err(_) => format!(
                    "cannot read key '{}' for {name} in {section}; keys look like x, Space, \
                     Ctrl-z, Alt-x, PageDown, F5 (named keys: {}; F1 to F12; Ctrl- or Alt- in \
                     front)",
                    sanitize_line(s),
                    list(&crate::keymap::key_names().collect::<Vec<_>>())
                ),
            },
            v => format!(
                "{} is not a key ({name} in {section}): write each key in quotes, e.g. \"n\"",
                show(v)
            ),
        };
        self.problem(item.span(), message);
        None
    }

    /// Two overrides of one mode that give the same key to two actions.
    fn conflicts(&mut self, bound: &[Bound]) {
        for (i, later) in bound.iter().enumerate() {
            for earlier in &bound[..i] {
                if earlier.over.mode != later.over.mode {
                    continue;
                }
                for k in &later.over.keys {
                    if earlier.over.keys.contains(k) {
                        let message = format!(
                            "key '{k}' is given to both {} ({}) and {} ({}) in {} mode; a key \
                             does one thing in a mode",
                            earlier.over.action.name(),
                            earlier.section,
                            later.over.action.name(),
                            later.section,
                            later.over.mode.name()
                        );
                        self.problems.push((later.at, message));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(Option<usize>, String)> {
        match Config::parse(text, "config.toml") {
            Ok(c) => panic!("expected an error, got {c:?}"),
            Err(e) => e
                .problems()
                .iter()
                .map(|p| (p.line, p.message.clone()))
                .collect(),
        }
    }

    fn says(message: &str, needle: &str) {
        assert!(message.contains(needle), "{message}");
    }

    #[test]
    fn empty_text_is_the_defaults() {
        assert_eq!(
            Config::parse("", "config.toml").ok(),
            Some(Config::default())
        );
        assert_eq!(Config::default().wpm, crate::pace::DEFAULT_WPM);
    }

    #[test]
    fn the_example_is_the_defaults() {
        assert_eq!(
            Config::parse(EXAMPLE, "config.toml").ok(),
            Some(Config::default())
        );
    }

    #[test]
    fn settings_are_read() {
        let text = "measure = 60\ntheme = \"Sepia\"\nhyphenate = false\njustify = true\n\
                    wpm = 300\nmouse = false\nexport_dir = \"/tmp/notes\"\n\
                    [search]\nignore_accents = true\n";
        let Ok(c) = Config::parse(text, "config.toml") else {
            panic!("{text}")
        };
        assert_eq!(c.measure, Some(60));
        assert_eq!(c.theme.as_deref(), Some("sepia"));
        assert!(!c.hyphenate && c.justify && !c.mouse && c.search_ignore_accents);
        assert_eq!(c.wpm, 300);
        assert_eq!(c.export_dir, Some(PathBuf::from("/tmp/notes")));
    }

    #[test]
    fn links_are_underlined_unless_plain() {
        let plain = Config::parse("links = \"Plain\"\n", "config.toml").ok();
        assert!(plain.is_some_and(|c| c.plain_links));
        let under = Config::parse("links = \"underline\"\n", "config.toml").ok();
        assert!(under.is_some_and(|c| !c.plain_links));
        let p = problems("links = \"blue\"\n");
        assert_eq!(p.len(), 1);
        says(
            &p[0].1,
            "links = \"blue\" is not valid: write one of underline, plain",
        );
    }

    #[test]
    fn ruby_is_shown_unless_hidden() {
        let hidden = Config::parse("ruby = \"HIDDEN\"\n", "config.toml").ok();
        assert_eq!(hidden.map(|c| c.ruby), Some(Ruby::Hidden));
        let shown = Config::parse("ruby = \"shown\"\n", "config.toml").ok();
        assert_eq!(shown.map(|c| c.ruby), Some(Ruby::Shown));
        let p = problems("ruby = true\n");
        assert_eq!(p.len(), 1);
        says(
            &p[0].1,
            "ruby = true is not valid: write one of shown, hidden in quotes, e.g. ruby = \"hidden\"",
        );
    }

    #[test]
    fn two_pages_unless_spread_is_off() {
        let off = Config::parse("spread = \"Off\"\n", "config.toml").ok();
        assert_eq!(off.map(|c| c.spread), Some(false));
        assert!(Config::default().spread);
        let p = problems("spread = \"two\"\n");
        assert_eq!(p.len(), 1);
        says(
            &p[0].1,
            "spread = \"two\" is not valid: write one of auto, off in quotes, e.g. spread = \"off\"",
        );
    }

    #[test]
    fn line_numbers_count_from_one() {
        assert_eq!(line_of(b"a\nb\nc", 0), 1);
        assert_eq!(line_of(b"a\nb\nc", 2), 2);
        assert_eq!(line_of(b"a\nb\nc", 4), 3);
        assert_eq!(line_of(b"a\nb\nc", 99), 3);
    }

    #[test]
    fn every_problem_is_reported_in_line_order() {
        let p = problems("wpm = 10\n\nmeasure = 5000\ntheme = 3\n");
        let lines: Vec<_> = p.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [Some(1), Some(3), Some(4)]);
        says(&p[0].1, "from 50 to 1500");
        says(&p[1].1, "5000 is out of range");
        says(&p[2].1, "default, light, dark, sepia, mono");
    }

    #[test]
    fn relative_export_dirs_join_the_config_dir_and_tilde_is_home() {
        let base = Path::new("/cfg");
        let parse = |t: &str| Config::parse_in(t, "config.toml", Some(base)).ok();
        assert_eq!(
            parse("export_dir = \"out\"").and_then(|c| c.export_dir),
            Some(PathBuf::from("/cfg/out"))
        );
        assert_eq!(
            parse("export_dir = \"/abs\"").and_then(|c| c.export_dir),
            Some(PathBuf::from("/abs"))
        );
        if let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()) {
            assert_eq!(
                parse("export_dir = \"~/notes\"").and_then(|c| c.export_dir),
                Some(home.join("notes"))
            );
        }
        let p = problems("export_dir = \"\"");
        says(&p[0].1, "empty");
    }

    #[test]
    fn a_plain_keys_table_is_reading_mode_and_a_string_is_one_key() {
        let Ok(c) = Config::parse("[keys]\nhelp = \"F1\"\n", "config.toml") else {
            panic!("parse")
        };
        assert_eq!(
            c.keys,
            [KeyOverride {
                mode: Mode::Reading,
                action: Action::Help,
                keys: vec![Key::plain(crate::keymap::KeyCode::F(1))],
            }]
        );
    }

    #[test]
    fn an_action_of_another_mode_is_refused_with_this_modes_list() {
        let p = problems("[keys.outline]\nexport = [\"x\"]\n");
        assert_eq!(p[0].0, Some(2));
        says(
            &p[0].1,
            "does nothing in outline mode in [keys.outline]; valid: down, up, choose, back, quit",
        );
    }

    #[test]
    fn one_key_for_two_actions_and_one_action_set_twice_are_errors() {
        let p = problems("[keys]\nnext_page = [\"n\"]\n[keys.reading]\nnext_match = [\"n\"]\n");
        assert_eq!(p[0].0, Some(4));
        says(&p[0].1, "key 'n' is given to both next_page");
        let p = problems("[keys]\nnext_page = [\"n\"]\n[keys.reading]\nnext_page = [\"p\"]\n");
        assert_eq!(p[0].0, Some(4));
        says(&p[0].1, "set twice");
    }

    #[test]
    fn an_unknown_mode_lists_the_modes() {
        let p = problems("[keys.readng]\nnext_page = []\n");
        assert_eq!(p[0].0, Some(1));
        says(&p[0].1, "[keys.reading], [keys.select]");
    }

    #[test]
    fn user_text_in_messages_is_sanitised() {
        let p = problems("theme = \"\\u001b[31mred\"\n");
        assert!(!p[0].1.contains('\u{1b}'), "{:?}", p[0].1);
    }

    #[test]
    fn load_without_a_dir_or_a_file_gives_the_defaults() {
        assert_eq!(Config::load(None).ok(), Some(Config::default()));
        let dir = std::env::temp_dir().join(format!("folio-config-unit-{}", std::process::id()));
        assert_eq!(Config::load(Some(&dir)).ok(), Some(Config::default()));
    }
}
