//! The one line editor behind every text input (go-to, search, notes and labels, the panel's
//! and the library's filters): cursor keys, Home/End, Backspace, Delete, Ctrl-a/e/u. Each input
//! has its [`Rules`] (length, which characters, lower case). Typed or pasted characters pass one
//! gate, [`LineEdit::insert`], which drops what `decode` would drop from a file (controls,
//! escape sequences, bidi overrides), so no input can carry them into the terminal, the record
//! or an export. Knows nothing of the screen.

use crate::decode;
use crate::keymap::{Key, KeyCode};

/// Longest note or label, in characters.
pub const MAX_CHARS: usize = 2000;

/// Which characters an input takes (beyond the sanitising every input does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    Any,
    /// A page number or a percentage: digits, `%` and `.`.
    PageOrPercent,
}

/// What an input accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Most characters.
    pub max: usize,
    pub only: Only,
    /// Typed letters are lowered (filters match lower-case text).
    pub lowercase: bool,
}

impl Rules {
    /// Notes and bookmark labels.
    pub const NOTE: Rules = Rules {
        max: MAX_CHARS,
        only: Only::Any,
        lowercase: false,
    };
    /// `:` go to a page or a percentage.
    pub const GO_TO: Rules = Rules {
        max: 12,
        only: Only::PageOrPercent,
        lowercase: false,
    };
    /// `/` search.
    pub const SEARCH: Rules = Rules {
        max: crate::search::MAX_QUERY,
        only: Only::Any,
        lowercase: false,
    };
    /// The panel's and the library's filters.
    pub const FILTER: Rules = Rules {
        max: 100,
        only: Only::Any,
        lowercase: true,
    };
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::NOTE
    }
}

/// Text and a cursor (a byte offset on a char boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
    rules: Rules,
}

impl LineEdit {
    /// An empty editor for an input with these rules.
    pub fn new(rules: Rules) -> LineEdit {
        LineEdit {
            text: String::new(),
            cursor: 0,
            rules,
        }
    }

    /// An editor holding `text` (as far as the rules let it in), the cursor at its end.
    pub fn with_text(rules: Rules, text: &str) -> LineEdit {
        let mut e = LineEdit::new(rules);
        for c in text.chars() {
            e.insert(c);
        }
        e
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Empties the input.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The cursor as a character index (for drawing).
    pub fn cursor_chars(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    /// Applies an editing key; others are ignored.
    pub fn key(&mut self, key: Key) {
        match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => self.insert(c),
            KeyCode::Char('a') if key.ctrl => self.cursor = 0,
            KeyCode::Char('e') if key.ctrl => self.cursor = self.text.len(),
            KeyCode::Char('u') if key.ctrl => {
                self.text.drain(..self.cursor);
                self.cursor = 0;
            }
            KeyCode::Backspace => {
                if let Some(c) = self.before() {
                    self.cursor -= c.len_utf8();
                    self.text.remove(self.cursor);
                }
            }
            KeyCode::Delete if self.cursor < self.text.len() => {
                self.text.remove(self.cursor);
            }
            KeyCode::Left => {
                if let Some(c) = self.before() {
                    self.cursor -= c.len_utf8();
                }
            }
            KeyCode::Right => {
                if let Some(c) = self.text[self.cursor..].chars().next() {
                    self.cursor += c.len_utf8();
                }
            }
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            _ => {}
        }
    }

    /// A key for a plain input (the filters, go-to): characters and Backspace only; the
    /// cursor stays at the end.
    pub fn type_key(&mut self, key: Key) {
        let plain = !key.ctrl && !key.alt;
        if key.code == KeyCode::Backspace || plain && matches!(key.code, KeyCode::Char(_)) {
            self.key(key);
        }
    }

    /// A key for a list's filter (the panel's, the library's): Enter keeps the filter, Esc
    /// clears it, both stop the typing; returns whether the filter is still being typed.
    pub fn filter_key(&mut self, key: Key) -> bool {
        match key.code {
            KeyCode::Enter => return false,
            KeyCode::Esc => {
                self.clear();
                return false;
            }
            _ => self.type_key(key),
        }
        true
    }

    /// The character before the cursor.
    fn before(&self) -> Option<char> {
        self.text[..self.cursor].chars().next_back()
    }

    /// The one way into the text: what `decode` removes from files never gets in, nor what
    /// the input's rules leave out.
    fn insert(&mut self, c: char) {
        if decode::is_forbidden(c) || c == '\n' {
            return;
        }
        let allowed = match self.rules.only {
            Only::Any => true,
            Only::PageOrPercent => c.is_ascii_digit() || c == '%' || c == '.',
        };
        if !allowed || self.text.chars().count() >= self.rules.max {
            return;
        }
        if self.rules.lowercase {
            for l in c.to_lowercase() {
                self.text.insert(self.cursor, l);
                self.cursor += l.len_utf8();
            }
        } else {
            self.text.insert(self.cursor, c);
            self.cursor += c.len_utf8();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(rules: Rules, keys: &[Key]) -> LineEdit {
        let mut e = LineEdit::new(rules);
        for k in keys {
            e.key(*k);
        }
        e
    }

    #[test]
    fn typing_moving_and_deleting() {
        let (k, p) = (Key::char, Key::plain);
        let (left, end, home) = (p(KeyCode::Left), p(KeyCode::End), p(KeyCode::Home));
        let (back, del) = (p(KeyCode::Backspace), p(KeyCode::Delete));
        let e = typed(Rules::NOTE, &[k('a'), k('c'), left, k('b'), end, k('d')]);
        assert_eq!(e.text(), "abcd");
        let e = typed(Rules::NOTE, &[k('ä'), k('ö'), back, k('ü'), home]);
        assert_eq!((e.text(), e.cursor_chars()), ("äü", 0));
        let e = typed(Rules::NOTE, &[k('x'), k('y'), home, del]);
        assert_eq!(e.text(), "y");
        // Nothing to delete or move past: no panic, no change.
        assert_eq!(typed(Rules::NOTE, &[back, left, del]).text(), "");
    }

    #[test]
    fn control_and_bidi_characters_are_never_typed_into_any_input() {
        for rules in [Rules::NOTE, Rules::GO_TO, Rules::SEARCH, Rules::FILTER] {
            let keys = [
                Key::char('\u{1b}'),
                Key::char('\u{202e}'),
                Key::char('\u{9b}'),
                Key::char('\u{2067}'),
                Key::char('\n'),
                Key::char('4'),
                Key::char('%'),
            ];
            let e = typed(rules, &keys);
            assert_eq!(e.text(), "4%", "{rules:?}");
            let e = LineEdit::with_text(rules, "\u{202e}4\u{7}%\u{1b}[2J");
            assert!(
                e.text().chars().all(|c| !decode::is_forbidden(c)),
                "{rules:?}"
            );
        }
    }

    #[test]
    fn each_input_keeps_its_rules() {
        let keys = vec![Key::char('x'); MAX_CHARS + 10];
        assert_eq!(typed(Rules::NOTE, &keys).text().chars().count(), MAX_CHARS);
        let search = typed(Rules::SEARCH, &keys);
        assert_eq!(search.text().chars().count(), crate::search::MAX_QUERY);
        let go: Vec<Key> = "12a%.b3456789012345".chars().map(Key::char).collect();
        assert_eq!(typed(Rules::GO_TO, &go).text(), "12%.34567890");
        let f: Vec<Key> = "ÄbC".chars().map(Key::char).collect();
        assert_eq!(typed(Rules::FILTER, &f).text(), "äbc");
        assert_eq!(typed(Rules::FILTER, &keys).text().chars().count(), 100);
    }
}
