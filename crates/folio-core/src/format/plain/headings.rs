//! Numbered headings: a short label and a number alone on a line, such as `Genesis 1`,
//! `Chapter 12`, `PART IV`, `1 Kings 3` or `Song of Songs 2`.
//!
//! Such a line is a heading wherever it stands once the text is known to use them: when the
//! sample (see [`super::parse`]) holds at least [`MIN_SERIES`] of them alone in their
//! paragraphs under one label, or as soon as one of them has been taken for a heading by
//! another rule (a subheading between two paragraphs of prose, a capitals heading). So every
//! chapter of a book is a heading alike, not only those that happen to stand between prose.

/// So many numbered lines with one label in the sample make them headings throughout.
pub(super) const MIN_SERIES: usize = 3;
/// A numbered heading has at most this many characters …
const MAX_CHARS: usize = 40;
/// … and this many words before its number.
const MAX_LABEL_WORDS: usize = 4;

/// If `line` is a numbered heading, its label (the line without the number).
pub(super) fn numbered(line: &str) -> Option<&str> {
    if line.len() > MAX_CHARS * 4 || line.chars().nth(MAX_CHARS).is_some() {
        return None;
    }
    let (label, number) = line.rsplit_once(' ')?;
    let label = label.trim_end();
    let arabic = (1..=3).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
    let roman =
        !number.is_empty() && number.len() <= 7 && number.chars().all(|c| "IVXLC".contains(c));
    if !(arabic || roman) {
        return None;
    }
    let mut words = label.split_whitespace();
    let first = words.next()?;
    let lead_number = first.len() == 1 && first.bytes().all(|b| b.is_ascii_digit());
    let first_ok = first.chars().next().is_some_and(char::is_uppercase) || lead_number;
    let count = 1 + words.clone().count();
    let rest_ok = words.all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || matches!(
                w,
                "of" | "the" | "and" | "de" | "der" | "des" | "du" | "la" | "le"
            )
    });
    let letters = label
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '\'');
    (first_ok && rest_ok && letters && count <= MAX_LABEL_WORDS && !(lead_number && count == 1))
        .then_some(label)
}

/// Words in the title of a section line, at most.
const MAX_SECTION_WORDS: usize = 8;

/// If `line` is a section line, `2. Grafting.` or `3.1 Files` (a section number and a short
/// title that starts with a capital and ends in a letter, digit or full stop), its heading
/// level: 2 for a section, 3 for a subsection and so on. Such lines are headings when the
/// sample holds [`MIN_SERIES`] of them alone in their paragraphs, each followed by a paragraph
/// that is not one (a loose numbered list has items one after another).
pub(super) fn section(line: &str) -> Option<u8> {
    let m = super::lists::marker(line)?;
    if m.class != super::lists::Class::Number || m.text.ends_with(')') {
        return None;
    }
    let title = m.rest;
    let starts = title.chars().next().is_some_and(char::is_uppercase);
    let ends = title
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '.');
    let short = title.split_whitespace().nth(MAX_SECTION_WORDS).is_none()
        && title.chars().nth(MAX_CHARS + 20).is_none();
    (starts && ends && short).then(|| (m.level + 1).min(6) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_numbers() {
        assert_eq!(numbered("Genesis 1"), Some("Genesis"));
        assert_eq!(numbered("Zechariah 12"), Some("Zechariah"));
        assert_eq!(numbered("1 Kings 3"), Some("1 Kings"));
        assert_eq!(numbered("Song of Songs 2"), Some("Song of Songs"));
        assert_eq!(numbered("CHAPTER IV"), Some("CHAPTER"));
        assert_eq!(numbered("Part II"), Some("Part"));
        for not in [
            "2 3",
            "Genesis",
            "In the year 1999",
            "Total: 42",
            "see page 12",
            "Version 3, 29 June 2007",
            "The Very Long Name Of Things 3",
            "Chapter 1200",
        ] {
            assert_eq!(numbered(not), None, "{not}");
        }
    }

    #[test]
    fn section_lines() {
        assert_eq!(section("0. Definitions."), Some(2));
        assert_eq!(section("3.1 Recording a visit"), Some(3));
        assert_eq!(section("2.4.1. Frames"), Some(4));
        for not in [
            "1) the label",
            "2. the label must give the date",
            "4. You may not fence any part of the Orchard, nor any tree in it, nor the lane.",
            "Grafting.",
            "3. Then:",
        ] {
            assert_eq!(section(not), None, "{not}");
        }
    }
}
