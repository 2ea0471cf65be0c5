//! A one-line text editor for notes and labels: cursor keys, Home/End, Backspace, Delete.
//! Typed characters pass the same filter as file text, so a note can never carry a control
//! character or a bidi override into the terminal or an export.

use crate::decode;
use crate::keymap::{Key, KeyCode};

/// Longest note or label, in characters.
pub const MAX_CHARS: usize = 2000;

/// Text and a cursor (a byte offset on a char boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
}

impl LineEdit {
    /// An editor holding `text`, the cursor at its end.
    pub fn with_text(text: &str) -> LineEdit {
        let mut e = LineEdit::default();
        for c in text.chars() {
            e.insert(c);
        }
        e
    }

    pub fn text(&self) -> &str {
        &self.text
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
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                    self.text.remove(self.cursor);
                }
            }
            KeyCode::Delete if self.cursor < self.text.len() => {
                self.text.remove(self.cursor);
            }
            KeyCode::Left => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
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

    fn insert(&mut self, c: char) {
        if decode::is_forbidden(c) || c == '\n' || self.text.chars().count() >= MAX_CHARS {
            return;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[Key]) -> LineEdit {
        let mut e = LineEdit::default();
        for k in keys {
            e.key(*k);
        }
        e
    }

    #[test]
    fn typing_moving_and_deleting() {
        let k = Key::char;
        let p = Key::plain;
        let e = typed(&[
            k('a'),
            k('c'),
            p(KeyCode::Left),
            k('b'),
            p(KeyCode::End),
            k('d'),
        ]);
        assert_eq!(e.text(), "abcd");
        let e = typed(&[
            k('ä'),
            k('ö'),
            p(KeyCode::Backspace),
            k('ü'),
            p(KeyCode::Home),
        ]);
        assert_eq!((e.text(), e.cursor_chars()), ("äü", 0));
        let e = typed(&[k('x'), k('y'), p(KeyCode::Home), p(KeyCode::Delete)]);
        assert_eq!(e.text(), "y");
        // Nothing to delete or move past: no panic, no change.
        let e = typed(&[p(KeyCode::Backspace), p(KeyCode::Left), p(KeyCode::Delete)]);
        assert_eq!(e.text(), "");
    }

    #[test]
    fn control_and_bidi_characters_are_never_typed() {
        let e = typed(&[
            Key::char('\u{1b}'),
            Key::char('\u{202e}'),
            Key::char('\u{9b}'),
            Key::char('o'),
            Key::char('k'),
        ]);
        assert_eq!(e.text(), "ok");
    }

    #[test]
    fn notes_are_bounded() {
        let keys = vec![Key::char('x'); MAX_CHARS + 10];
        assert_eq!(typed(&keys).text().chars().count(), MAX_CHARS);
    }
}
