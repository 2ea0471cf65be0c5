//! Lists in plain text: markers, items and their nesting.
//!
//! A list item starts with a marker and a space:
//!
//! - a bullet: `-` `*` `+` `•` `·` `–`;
//! - a number of up to three digits and `.` or `)`: `1.`, `12)`;
//! - a section number of two to four levels, with or without a final `.`: `3.1.`, `3.1`,
//!   `2.4.1)` (a table of contents);
//! - a letter or a Roman numeral in parentheses or before `)`: `(a)`, `a)`, `(iv)`, `IV)`;
//!   a lower-case letter or Roman numeral before `.`: `a.`, `iv.`; an upper-case Roman numeral
//!   of two or more letters before `.`: `II.` (a single `I.` or `A.` starts sentences and
//!   initials too often).
//!
//! Nesting follows indentation first. At the same indentation a marker of another kind than
//! the item above nests under it (`+` under `*`, `a)` under `1.`) unless an item of its kind
//! is already open there (then the list goes back to it); a section number of more levels
//! nests under one of fewer (`3.1` under `3.`). The nesting carries over the blank lines
//! between the items of a loose list.

use super::{Line, MAX_LIST_DEPTH, bullet, join_lines};

/// A marker's number, letter or numeral has at most this many bytes.
const MAX_TOKEN: usize = 15;

/// What sort of marker an item has: items nest by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Bullet(char),
    /// Arabic numbers and section numbers (`level` tells them apart).
    Number,
    Letter,
    Roman,
}

/// One open level of a list: the marker's indentation, class and section level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Level {
    indent: usize,
    class: Class,
    /// Levels of a section number (`3.1` is 2); 1 for any other marker.
    level: usize,
}

/// A marker at the start of a line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Marker<'a> {
    pub class: Class,
    pub level: usize,
    /// The marker as written (`3.1.`, `(a)`); for a bullet, the bullet character.
    pub text: &'a str,
    /// The rest of the line.
    pub rest: &'a str,
}

/// The list marker `body` starts with, if any.
pub(super) fn marker(body: &str) -> Option<Marker<'_>> {
    let first = body.chars().next()?;
    if "-*+•·–".contains(first) {
        let len = first.len_utf8();
        let rest = body.get(len..)?.strip_prefix(' ')?.trim_start();
        return (!rest.is_empty()).then_some(Marker {
            class: Class::Bullet(first),
            level: 1,
            text: body.get(..len)?,
            rest,
        });
    }
    let (class, level, len) = if first == '(' {
        let close = body.bytes().take(8).position(|b| b == b')')?;
        let token = body.get(1..close)?;
        let (class, level) = token_class(token, ')', true)?;
        (class, level, close + 1)
    } else {
        // The longest marker is a section number like "999.999.999.999".
        let end = body
            .bytes()
            .take(MAX_TOKEN + 1)
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'.'))
            .unwrap_or(body.len());
        if end > MAX_TOKEN {
            return None;
        }
        let word = body.get(..end)?;
        let after = body.get(end..)?.chars().next();
        match after {
            Some(')') => {
                let (class, level) = token_class(word, ')', false)?;
                (class, level, end + 1)
            }
            Some(' ') => {
                let (token, punct) = match word.strip_suffix('.') {
                    Some(token) => (token, '.'),
                    None => (word, ' '),
                };
                let (class, level) = token_class(token, punct, false)?;
                // "3.1 Files" is a section, "3.5 million people" a sentence.
                let capital = || {
                    body.get(end..)
                        .and_then(|r| r.trim_start().chars().next())
                        .is_some_and(char::is_uppercase)
                };
                if punct == ' ' && !capital() {
                    return None;
                }
                (class, level, end)
            }
            _ => return None,
        }
    };
    let rest = body.get(len..)?.strip_prefix(' ')?.trim_start();
    (!rest.is_empty()).then_some(Marker {
        class,
        level,
        text: body.get(..len)?,
        rest,
    })
}

/// The class and level of a marker's token (`12`, `3.1`, `a`, `iv`), given the punctuation
/// after it (`.`, `)`, or `' '` for none) and whether it stood in parentheses.
fn token_class(token: &str, punct: char, parens: bool) -> Option<(Class, usize)> {
    let numeric = |p: &str| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let level = token.split('.').count();
    if token.split('.').all(numeric) {
        // A bare number is a list marker only with its punctuation ("2 And the earth" is a
        // verse); a section number of two to four levels needs none.
        return match (level, punct) {
            (1, '.' | ')') => Some((Class::Number, 1)),
            (2..=4, _) => Some((Class::Number, level)),
            _ => None,
        };
    }
    if level != 1 || punct == ' ' {
        return None;
    }
    let lower = token.bytes().all(|b| b.is_ascii_lowercase());
    let upper = token.bytes().all(|b| b.is_ascii_uppercase());
    let roman = |t: &str| (lower || upper) && is_roman(&t.to_ascii_lowercase());
    let dot_ok = punct != '.' || lower || (upper && token.len() >= 2);
    if token.len() == 1 && (lower || upper) && (punct == ')' || parens || lower) {
        return Some((Class::Letter, 1));
    }
    (roman(token) && dot_ok).then_some((Class::Roman, 1))
}

/// Whether `t` (lower case) is a Roman numeral from 1 to 39 written the usual way ("civil"
/// is not one).
fn is_roman(t: &str) -> bool {
    const UNITS: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    let tens = t.bytes().take_while(|&b| b == b'x').count();
    tens <= 3 && !t.is_empty() && t.get(tens..).is_some_and(|u| UNITS.contains(&u))
}

/// One entry of a list paragraph: a marked item, or a line that stands on its own under the
/// item above (an unmarked line of a table of contents).
#[derive(Debug)]
pub(super) struct Entry {
    pub indent: usize,
    /// `None` for an unmarked line.
    pub marker: Option<(Class, usize, String)>,
    pub text: String,
}

/// Whether a paragraph is a list: its first line has a marker, and another line has one, or
/// it has several lines and its marker is not a dash (a dash also opens dialogue).
pub(super) fn is_list(lines: &[Line<'_>]) -> bool {
    let Some(first) = lines.first().and_then(|l| marker(l.body)) else {
        return false;
    };
    let dash = matches!(first.class, Class::Bullet('–' | '·'));
    let more = lines.iter().skip(1).any(|l| marker(l.body).is_some());
    more || (lines.len() >= 2 && !dash)
}

/// The entries of a list paragraph (see [`is_list`]), or `None`. A line without a marker
/// continues the item above when it is indented deeper than the item's marker, or when the
/// line before it was full (`full(i)`: line `i` reached the wrap width); otherwise it is an
/// entry of its own.
pub(super) fn entries(lines: &[Line<'_>], full: impl Fn(usize) -> bool) -> Option<Vec<Entry>> {
    if !is_list(lines) {
        return None;
    }
    // (entry, its text's lines)
    let mut items: Vec<(Entry, Vec<&str>)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(m) = marker(line.body) {
            let entry = Entry {
                indent: line.indent,
                marker: Some((m.class, m.level, m.text.to_string())),
                text: String::new(),
            };
            items.push((entry, vec![m.rest]));
            continue;
        }
        match items.last_mut() {
            Some((item, parts)) if line.indent > item.indent || (i > 0 && full(i - 1)) => {
                parts.push(line.body)
            }
            _ => {
                let entry = Entry {
                    indent: line.indent,
                    marker: None,
                    text: String::new(),
                };
                items.push((entry, vec![line.body]));
            }
        }
    }
    Some(
        items
            .into_iter()
            .map(|(mut entry, parts)| {
                entry.text = join_lines(parts.iter().copied());
                entry
            })
            .collect(),
    )
}

/// The open levels of a list, carried from one list paragraph to the next.
#[derive(Debug, Default)]
pub(super) struct Nesting {
    open: Vec<Level>,
}

impl Nesting {
    /// The depth (1 for the top level) of an item with this marker at this indentation.
    pub fn depth(&mut self, indent: usize, class: Class, level: usize) -> usize {
        let new = Level {
            indent,
            class,
            level,
        };
        while let Some(top) = self.open.last().copied() {
            if top.indent < indent {
                break;
            }
            if top.indent > indent {
                self.open.pop();
                continue;
            }
            if top.class == class {
                if top.level < level {
                    break;
                }
                self.open.pop();
                if top.level == level {
                    break;
                }
                continue;
            }
            // Another kind of marker at this indentation: back to an open item of its kind,
            // else nested under the item above.
            let open_here = self
                .open
                .iter()
                .any(|l| l.indent == indent && l.class == class && l.level <= level);
            if !open_here {
                break;
            }
            self.open.pop();
        }
        self.open.push(new);
        self.open.len().clamp(1, MAX_LIST_DEPTH)
    }

    /// The depth of the innermost open item (for a line that continues it); 1 when none is open.
    pub fn current(&self) -> usize {
        self.open.len().clamp(1, MAX_LIST_DEPTH)
    }

    /// Whether an item at `indent` with a marker of `class`, after a blank line, belongs to the
    /// open list: it is indented deeper than the list, or an item of its kind is open at its
    /// indentation.
    pub fn continues(&self, indent: usize, class: Class) -> bool {
        self.open.first().is_some_and(|top| indent > top.indent)
            || self
                .open
                .iter()
                .any(|l| l.indent == indent && l.class == class)
    }

    /// The depth of a line of its own without a marker at `indent`: under the open items
    /// indented less than it.
    pub fn unmarked(&self, indent: usize) -> usize {
        let outer = self.open.iter().filter(|l| l.indent < indent).count();
        (outer + 1).min(MAX_LIST_DEPTH)
    }

    pub fn is_open(&self) -> bool {
        !self.open.is_empty()
    }

    pub fn close(&mut self) {
        self.open.clear();
    }
}

/// The marker shown for an item: its own, or the bullet for its depth.
pub(super) fn shown(class: Class, text: &str, depth: usize) -> String {
    match class {
        Class::Bullet(_) => bullet(depth).to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_of(body: &str) -> Option<(Class, usize, &str, &str)> {
        marker(body).map(|m| (m.class, m.level, m.text, m.rest))
    }

    #[test]
    fn markers_of_every_kind() {
        assert_eq!(
            class_of("* item"),
            Some((Class::Bullet('*'), 1, "*", "item"))
        );
        assert_eq!(
            class_of("12) item"),
            Some((Class::Number, 1, "12)", "item"))
        );
        assert_eq!(
            class_of("3.1. Files"),
            Some((Class::Number, 2, "3.1.", "Files"))
        );
        assert_eq!(
            class_of("3.1 Files"),
            Some((Class::Number, 2, "3.1", "Files"))
        );
        assert_eq!(
            class_of("2.4.1) x"),
            Some((Class::Number, 3, "2.4.1)", "x"))
        );
        assert_eq!(
            class_of("a) The work"),
            Some((Class::Letter, 1, "a)", "The work"))
        );
        assert_eq!(class_of("(b) it"), Some((Class::Letter, 1, "(b)", "it")));
        assert_eq!(class_of("b. it"), Some((Class::Letter, 1, "b.", "it")));
        assert_eq!(
            class_of("(iv) four"),
            Some((Class::Roman, 1, "(iv)", "four"))
        );
        assert_eq!(class_of("iv. four"), Some((Class::Roman, 1, "iv.", "four")));
        assert_eq!(class_of("II. Two"), Some((Class::Roman, 1, "II.", "Two")));
        assert_eq!(class_of("IV) Four"), Some((Class::Roman, 1, "IV)", "Four")));
    }

    #[test]
    fn sentences_and_verses_are_not_markers() {
        for body in [
            "2 And the earth was without form",
            "1:2 And the earth",
            "A. Lincoln spoke",
            "I. M. Pei built it",
            "E. C.",
            "1984. A year",
            "3.14159 is pi",
            "-5 degrees",
            "(see below) and more",
            "word) and",
            "* ",
            "1.",
            "civil) war",
            "3.5 million people",
        ] {
            assert!(marker(body).is_none(), "{body}");
        }
    }

    #[test]
    fn nesting_by_indent_marker_kind_and_section_level() {
        let mut n = Nesting::default();
        let b = |c| Class::Bullet(c);
        assert_eq!(n.depth(0, b('*'), 1), 1);
        assert_eq!(n.depth(0, b('+'), 1), 2, "+ under *");
        assert_eq!(n.depth(0, b('+'), 1), 2);
        assert_eq!(n.depth(0, b('*'), 1), 1, "back to *");
        assert_eq!(n.depth(4, Class::Letter, 1), 2, "indented");
        assert_eq!(n.depth(0, b('*'), 1), 1);
        let mut n = Nesting::default();
        assert_eq!(n.depth(0, Class::Number, 1), 1);
        assert_eq!(n.depth(0, Class::Number, 2), 2, "3.1 under 3.");
        assert_eq!(n.depth(0, Class::Number, 2), 2);
        assert_eq!(n.depth(0, Class::Number, 3), 3);
        assert_eq!(n.depth(0, Class::Number, 1), 1, "4. back at the top");
        assert_eq!(n.depth(0, Class::Letter, 1), 2, "a) under 4.");
        assert_eq!(n.depth(0, Class::Number, 1), 1);
    }
}
