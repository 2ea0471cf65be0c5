//! Numbered verses: scripture and other texts cut into short numbered units.
//!
//! A verse starts a line with a reference and a space, then its text: a verse number
//! (`2 And the earth`), chapter and verse (`1:2 And the earth`), or a book, chapter and verse
//! (`Genesis 1:2 And`, `1 Kings 3:4 And`; the book one to three words, each capitalised or a
//! number). A bare number needs a letter, quote or bracket after it ("2 And", not "2 000").
//!
//! Whether a text is *versed* is decided once, from the sample (see [`super::parse`]): at
//! least [`MIN_RUN`] of its lines start with the next verse of a sequence (the verse number
//! one more than the last reference's, or 1 for a new chapter), and such lines are at least a
//! quarter of its non-blank lines. In a versed text every paragraph that holds a verse is cut
//! into one line per verse (a verse's own wrapped lines joined), whatever else the paragraph
//! looks like, so a book never switches style halfway; layout hangs a verse's wrapped lines
//! under its text ([`hang`]).

/// So many sequential verse lines, at the least, make a text versed.
const MIN_RUN: usize = 8;
/// A verse may follow the last one with up to this many numbers left out (translations leave
/// some verses out).
const MAX_SKIP: u32 = 3;
/// A book name has at most this many words.
const MAX_BOOK_WORDS: usize = 3;

/// The reference a line starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ref {
    /// Bytes of the reference (not the space after it).
    pub len: usize,
    pub chapter: Option<u32>,
    pub verse: u32,
}

/// A number of one to three digits at the start of `s`, and its length.
fn number(s: &str) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&len) {
        return None;
    }
    Some((s.get(..len)?.parse().ok()?, len))
}

/// `12:3` at the start of `s`: (chapter, verse, length).
fn chapter_verse(s: &str) -> Option<(u32, u32, usize)> {
    let (chapter, a) = number(s)?;
    let rest = s.get(a..)?.strip_prefix(':')?;
    let (verse, b) = number(rest)?;
    Some((chapter, verse, a + 1 + b))
}

/// The verse reference `line` starts with, if it starts with one followed by its text.
pub(crate) fn reference(line: &str) -> Option<Ref> {
    let (r, text) = reference_at(line)?;
    let first = text.chars().next()?;
    let opens_text = first.is_alphabetic() || "\"'“‘„«([¶".contains(first);
    (r.chapter.is_some() || opens_text).then_some(r)
}

fn reference_at(line: &str) -> Option<(Ref, &str)> {
    let after = |len: usize| line.get(len..)?.strip_prefix(' ').map(str::trim_start);
    if let Some((chapter, verse, len)) = chapter_verse(line) {
        let r = Ref {
            len,
            chapter: Some(chapter),
            verse,
        };
        return Some((r, after(len)?));
    }
    if let Some((verse, len)) = number(line)
        && let Some(text) = after(len)
        && chapter_verse(text).is_none()
    {
        let r = Ref {
            len,
            chapter: None,
            verse,
        };
        // "1 Kings 3:4 Then": the number starts a book's name.
        if let Some(book) = book_reference(line) {
            return Some(book);
        }
        return Some((r, text));
    }
    book_reference(line)
}

/// `Genesis 1:2 text`, `1 Kings 3:4 text`, `Song of Songs 2:1 text`.
fn book_reference(line: &str) -> Option<(Ref, &str)> {
    let mut at = 0;
    for i in 0..=MAX_BOOK_WORDS {
        let rest = line.get(at..)?;
        if i > 0
            && let Some((chapter, verse, len)) = chapter_verse(rest)
        {
            let text = rest.get(len..)?.strip_prefix(' ')?.trim_start();
            let r = Ref {
                len: at + len,
                chapter: Some(chapter),
                verse,
            };
            return (!text.is_empty()).then_some((r, text));
        }
        let word_len = rest.find(' ')?;
        let word = rest.get(..word_len)?;
        let first = word.chars().next()?;
        let particle = i > 0 && matches!(word, "of" | "the");
        let ok = first.is_uppercase() || particle || (i == 0 && number(word).is_some());
        if !ok || word.ends_with([',', '.', ';', ':']) {
            return None;
        }
        at += word_len + 1;
    }
    None
}

/// Whether a verse `next` goes on from the verse `last`: the next number (a few may be left
/// out), or the first verse of a chapter.
pub(crate) fn follows(last: Option<Ref>, next: Ref) -> bool {
    if next.verse == 1 {
        return true;
    }
    let Some(last) = last else {
        return false;
    };
    let same_chapter = next.chapter.is_none() || next.chapter == last.chapter;
    same_chapter && next.verse > last.verse && next.verse <= last.verse + 1 + MAX_SKIP
}

/// Whether the sample's lines make a versed text (see the module's documentation).
pub(crate) fn is_versed<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let (mut run, mut nonblank) = (0usize, 0usize);
    let mut last = None;
    for body in lines.filter(|b| !b.is_empty()) {
        nonblank += 1;
        if let Some(r) = reference(body) {
            if last.is_some_and(|l: Ref| l.verse + 1 == r.verse) || r.verse == 1 {
                run += 1;
            }
            last = Some(r);
        }
    }
    run >= MIN_RUN && run * 4 >= nonblank
}

/// A paragraph of a versed text cut into verses: each verse's lines, and the lines before
/// the first verse. `last` is the last verse before the paragraph, and becomes the
/// paragraph's last. `None` when the paragraph holds no verse.
pub(crate) fn units<'a>(lines: &[&'a str], last: &mut Option<Ref>) -> Option<Vec<Vec<&'a str>>> {
    let mut units: Vec<Vec<&'a str>> = Vec::new();
    let mut seen = false;
    for (i, line) in lines.iter().enumerate() {
        // A paragraph may open with any chapter-and-verse (or with the text's first verse);
        // after that, only the next verse starts one.
        let opens = |r: &Ref| i == 0 && (r.chapter.is_some() || last.is_none());
        let starts = reference(line).filter(|r| opens(r) || follows(*last, *r));
        match (starts, units.last_mut()) {
            (Some(r), _) => {
                *last = Some(r);
                seen = true;
                units.push(vec![line]);
            }
            (None, Some(unit)) => unit.push(line),
            (None, None) => units.push(vec![line]),
        }
    }
    seen.then_some(units)
}

/// How far the wrapped lines of a kept line hang in from its start: under the text of a
/// verse, two columns for any other line.
pub fn hang(line: &str) -> usize {
    reference(line.trim_start()).map_or(2, |r| r.len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(line: &str) -> Option<(Option<u32>, u32, usize)> {
        reference(line).map(|r| (r.chapter, r.verse, r.len))
    }

    #[test]
    fn references_of_each_form() {
        assert_eq!(r("2 And the earth"), Some((None, 2, 1)));
        assert_eq!(r("12 “Go,” he said"), Some((None, 12, 2)));
        assert_eq!(r("1:2 And the earth"), Some((Some(1), 2, 3)));
        assert_eq!(r("Genesis 1:2 And"), Some((Some(1), 2, 11)));
        assert_eq!(r("1 Kings 3:4 And"), Some((Some(3), 4, 11)));
        assert_eq!(r("Song of Songs 2:1 I am"), Some((Some(2), 1, 17)));
        for not in [
            "2 000 people",
            "2000 And",
            "Genesis 1",
            "the 1:2 And",
            "Hello, World 1:2 x",
            "1:2",
            "4 ",
        ] {
            assert_eq!(r(not), None, "{not}");
        }
    }

    #[test]
    fn sequences_follow_with_small_gaps_and_new_chapters() {
        let v = |chapter, verse| Ref {
            len: 1,
            chapter,
            verse,
        };
        assert!(follows(Some(v(None, 2)), v(None, 3)));
        assert!(follows(Some(v(None, 20)), v(None, 22)));
        assert!(follows(Some(v(None, 20)), v(None, 1)));
        assert!(!follows(Some(v(None, 20)), v(None, 930)));
        assert!(!follows(Some(v(None, 20)), v(None, 20)));
        assert!(!follows(Some(v(Some(1), 2)), v(Some(2), 3)));
        assert!(follows(Some(v(Some(1), 31)), v(Some(2), 1)));
        assert!(!follows(None, v(None, 7)));
    }

    #[test]
    fn a_paragraph_is_cut_at_its_verses_only() {
        let lines = [
            "4 The keeper counted the frames and found them heavy with",
            "honey, and she was glad.",
            "5 She wrote it down, and the bees were",
            "930 strong in the first box.",
            "6 Then evening came.",
        ];
        let mut last = None;
        let units = units(&lines, &mut last).unwrap_or_default();
        assert_eq!(units.len(), 3, "{units:?}");
        assert_eq!(units[1].len(), 2);
        assert_eq!(last.map(|r| r.verse), Some(6));
        assert_eq!(hang(lines[0]), 2);
        assert_eq!(hang("12 text"), 3);
        assert_eq!(hang("Genesis 1:2 And"), 12);
        assert_eq!(hang("plain line"), 2);
    }
}
