//! Finding a phrase in the document text, the way a reader means it: case-insensitive unless
//! the query has a capital (smart case), whitespace of any kind and amount matching a single
//! space, soft hyphens ignored. Positions are byte ranges of [`Document::text`], so a match
//! that wraps across lines or pages is one match (the text has no layout line breaks or
//! layout hyphens in it). Must not depend on ratatui or crossterm.
//!
//! [`find_regex`] searches with a regular expression instead (the `regex` crate: no
//! backtracking, so no pattern makes it slow; compile sizes are bounded), with the same smart
//! case and soft hyphens ignored; whitespace is as the pattern says (`\s+`).

use crate::document::Document;
use std::ops::Range;

/// Longest query, in characters.
pub const MAX_QUERY: usize = 200;

/// Most matches a regular expression may have: `.` in a long book would otherwise hold a
/// range for every character.
pub const MAX_MATCHES: usize = 100_000;
/// Bounds on a compiled pattern and on its lazy DFA's cache, in bytes (`x{1000}{1000}` is
/// refused instead of taking all memory).
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const DFA_SIZE_LIMIT: usize = 2 << 20;

/// Why a regular expression cannot be searched for; messages are for the reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("not a valid pattern: {0}")]
    Invalid(String),
    #[error("the pattern is too big to search with: make it simpler")]
    TooBig,
    #[error("the pattern matches more than {MAX_MATCHES} places: make it narrower")]
    TooMany,
}

/// Every match of `query` in `doc`, in reading order, not overlapping. Empty for a blank query.
pub fn find_all(doc: &Document, query: &str) -> Vec<Range<usize>> {
    find_all_with(doc, query, false)
}

/// The base letter of an accented one (`é` → `e`, `Å` → `A`); other characters as they are.
/// Letters with no canonical decomposition (`ø`, `ß`, `ł`) stay themselves.
fn strip_accent(c: char) -> char {
    let mut base = c;
    let mut first = true;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    base
}

/// As [`find_all`]; with `ignore_accents`, `resume` also finds `résumé` (and the other way
/// round): letters match their accented forms, and combining marks in the text are skipped.
pub fn find_all_with(doc: &Document, query: &str, ignore_accents: bool) -> Vec<Range<usize>> {
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let sensitive = query.chars().any(char::is_uppercase);
    let fold = |c: char| -> Option<char> {
        let c = if ignore_accents { strip_accent(c) } else { c };
        match c {
            '\u{ad}' => None,
            c if ignore_accents && unicode_normalization::char::is_combining_mark(c) => None,
            c if c.is_whitespace() => Some(' '),
            c if sensitive => Some(c),
            // One lowercase char where the lowercase form is one char; others kept as is.
            c => {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => Some(l),
                    _ => Some(c),
                }
            }
        }
    };
    let needle: Vec<char> = words
        .join(" ")
        .chars()
        .take(MAX_QUERY)
        .filter_map(fold)
        .collect();
    // The folded text, whitespace runs collapsed, with each char's source range.
    let mut hay: Vec<char> = Vec::with_capacity(doc.text.len());
    let mut at: Vec<Range<usize>> = Vec::with_capacity(doc.text.len());
    for (i, c) in doc.text.char_indices() {
        let Some(f) = fold(c) else {
            // A skipped mark belongs to the letter before it: a match ends after it.
            if ignore_accents
                && c != '\u{ad}'
                && let Some(last) = at.last_mut()
                && last.end == i
            {
                last.end = i + c.len_utf8();
            }
            continue;
        };
        let end = i + c.len_utf8();
        if f == ' ' && hay.last() == Some(&' ') {
            if let Some(last) = at.last_mut() {
                last.end = end;
            }
            continue;
        }
        hay.push(f);
        at.push(i..end);
    }
    let mut out = Vec::new();
    let n = needle.len();
    let mut i = 0;
    while i + n <= hay.len() {
        if hay[i..i + n] == needle[..] {
            let (Some(first), Some(last)) = (at.get(i), at.get(i + n - 1)) else {
                break;
            };
            out.push(first.start..last.end);
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a pattern has a capital letter of its own (smart case): escapes such as `\S`,
/// `\B` or `\p{Lu}` and group names do not count.
fn pattern_has_capital(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // An escape; a Unicode class is `\pL` or `\p{Greek}`.
            '\\' => {
                if matches!(chars.next(), Some('p' | 'P')) {
                    if chars.next_if_eq(&'{').is_some() {
                        chars.by_ref().find(|&c| c == '}');
                    } else {
                        chars.next();
                    }
                }
            }
            // A group name: `(?P<Name>…)` or `(?<Name>…)`.
            '(' if chars.next_if_eq(&'?').is_some() => {
                chars.next_if_eq(&'P');
                if chars.next_if_eq(&'<').is_some() {
                    chars.by_ref().find(|&c| c == '>');
                }
            }
            c if c.is_uppercase() => return true,
            _ => {}
        }
    }
    false
}

/// Every match of the regular expression `pattern` in `doc`, in reading order, not
/// overlapping; empty matches are left out. Case-insensitive unless the pattern has a capital
/// of its own (`(?-i)` and `(?i)` inside it still decide); soft hyphens in the text do not
/// stop a match. A blank pattern finds nothing.
pub fn find_regex(doc: &Document, pattern: &str) -> Result<Vec<Range<usize>>, PatternError> {
    if pattern.trim().is_empty() {
        return Ok(Vec::new());
    }
    let pattern: String = pattern.chars().take(MAX_QUERY).collect();
    let re = regex::RegexBuilder::new(&pattern)
        .case_insensitive(!pattern_has_capital(&pattern))
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => PatternError::TooBig,
            // The message's last line says what is wrong (the lines before it quote the
            // pattern with a caret under the place).
            e => PatternError::Invalid(
                e.to_string()
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches("error: ")
                    .to_string(),
            ),
        })?;
    // Soft hyphens are taken out of the text searched; `hyphens` are where they were in the
    // text without them (each is two bytes), to map matches back.
    const SHY: char = '\u{ad}';
    let stripped;
    let mut hyphens: Vec<usize> = Vec::new();
    let hay: &str = if doc.text.contains(SHY) {
        for (i, _) in doc.text.match_indices(SHY) {
            hyphens.push(i - SHY.len_utf8() * hyphens.len());
        }
        stripped = doc.text.replace(SHY, "");
        &stripped
    } else {
        &doc.text
    };
    let back = |at: usize, end: bool| {
        let before = hyphens.partition_point(|&h| if end { h < at } else { h <= at });
        at + before * SHY.len_utf8()
    };
    let mut out = Vec::new();
    for m in re.find_iter(hay).filter(|m| !m.is_empty()) {
        if out.len() == MAX_MATCHES {
            return Err(PatternError::TooMany);
        }
        out.push(back(m.start(), false)..back(m.end(), true));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, DocumentBuilder, Meta};

    fn doc(paragraphs: &[&str]) -> Document {
        let mut b = DocumentBuilder::new(Meta::default());
        for p in paragraphs {
            b.push(BlockKind::Paragraph, p, vec![], 0, None);
        }
        b.finish()
    }

    fn found(d: &Document, q: &str) -> Vec<String> {
        find_all(d, q)
            .into_iter()
            .map(|r| d.text[r].to_string())
            .collect()
    }

    #[test]
    fn accents_are_ignored_when_asked() {
        let d = doc(&["Ein résumé vom Café, a RESUME and a resume; Łódź and Lodz."]);
        assert_eq!(found(&d, "resume"), vec!["RESUME", "resume"]);
        assert_eq!(
            find_all_with(&d, "resume", true)
                .into_iter()
                .map(|r| d.text[r].to_string())
                .collect::<Vec<_>>(),
            vec!["résumé", "RESUME", "resume"]
        );
        let accents = |q: &str| -> Vec<String> {
            find_all_with(&d, q, true)
                .into_iter()
                .map(|r| d.text[r].to_string())
                .collect()
        };
        // Smart case still holds, on the base letters.
        assert_eq!(accents("Cafe"), vec!["Café"]);
        // An accented query finds the plain spelling too.
        assert_eq!(accents("résumé"), vec!["résumé", "RESUME", "resume"]);
        // Ł has no decomposition: only ó and ź fold.
        assert_eq!(accents("łodz"), vec!["Łódź"]);
    }

    #[test]
    fn decomposed_marks_stay_inside_the_match() {
        // "é" written as e + U+0301: the match covers the mark.
        let d = doc(&["cafe\u{301} noir"]);
        let m = find_all_with(&d, "cafe", true);
        assert_eq!(m.len(), 1);
        assert_eq!(&d.text[m[0].clone()], "cafe\u{301}");
        assert_eq!(found(&d, "cafe"), vec!["cafe"]);
    }

    #[test]
    fn smart_case() {
        let d = doc(&["The Tide and the tide.", "TIDE"]);
        assert_eq!(found(&d, "tide"), vec!["Tide", "tide", "TIDE"]);
        assert_eq!(found(&d, "Tide"), vec!["Tide"]);
        assert_eq!(found(&d, "TIDE"), vec!["TIDE"]);
    }

    #[test]
    fn phrases_across_paragraphs_soft_hyphens_and_extra_spaces() {
        let d = doc(&[
            "ends with the harbour",
            "office opens",
            "Hoch\u{ad}wasser kommt",
        ]);
        assert_eq!(found(&d, "harbour office"), vec!["harbour\n\noffice"]);
        assert_eq!(found(&d, "hochwasser"), vec!["Hoch\u{ad}wasser"]);
        assert_eq!(found(&d, "  the   harbour "), vec!["the harbour"]);
    }

    #[test]
    fn nothing_for_blank_or_absent_queries_and_umlauts_fold() {
        let d = doc(&["Grüße aus Köln"]);
        assert!(find_all(&d, "   ").is_empty());
        assert!(find_all(&d, "Berlin").is_empty());
        assert_eq!(found(&d, "grüße"), vec!["Grüße"]);
        assert!(find_all(&Document::default(), "x").is_empty());
    }

    #[test]
    fn matches_do_not_overlap() {
        let d = doc(&["aaaa"]);
        assert_eq!(find_all(&d, "aa"), vec![0..2, 2..4]);
    }

    fn regex(d: &Document, p: &str) -> Result<Vec<String>, PatternError> {
        Ok(find_regex(d, p)?
            .into_iter()
            .map(|r| d.text[r].to_string())
            .collect())
    }

    #[test]
    fn a_regular_expression_search_with_smart_case() {
        let d = doc(&["Li Qiang sagte: 2024 kam Musk, 2025 auch. MUSK"]);
        assert_eq!(regex(&d, r"\d{4}"), Ok(vec!["2024".into(), "2025".into()]));
        assert_eq!(regex(&d, "musk"), Ok(vec!["Musk".into(), "MUSK".into()]));
        assert_eq!(regex(&d, "Musk"), Ok(vec!["Musk".into()]));
        // Escapes with capitals are not capitals of the pattern's own.
        assert_eq!(regex(&d, r"\Smusk\b"), Ok(vec![]));
        assert_eq!(
            regex(&d, r"\bmusk\b"),
            Ok(vec!["Musk".into(), "MUSK".into()])
        );
        assert_eq!(regex(&d, r"(?P<Name>li)\s+\p{Lu}"), Ok(vec!["Li Q".into()]));
        // Empty matches are no matches; a blank pattern finds nothing.
        assert_eq!(regex(&d, "x*"), Ok(vec![]));
        assert_eq!(regex(&d, "  "), Ok(vec![]));
    }

    #[test]
    fn a_bad_or_huge_pattern_is_an_error_not_a_panic() {
        let d = doc(&["text"]);
        let err = find_regex(&d, "(unclosed").err();
        assert!(
            matches!(&err, Some(PatternError::Invalid(m)) if m.contains("unclosed")),
            "{err:?}"
        );
        assert_eq!(find_regex(&d, "a{1000}{1000}"), Err(PatternError::TooBig));
        let many = doc(&[&"ab ".repeat(MAX_MATCHES + 1)]);
        assert_eq!(
            find_regex(&many, "a").map(|m| m.len()),
            Err(PatternError::TooMany)
        );
    }

    #[test]
    fn a_pattern_matches_across_soft_hyphens() {
        let d = doc(&["Zusam\u{ad}men\u{ad}arbeit und Zusammenhang"]);
        let m = find_regex(&d, "zusammen").unwrap_or_default();
        assert_eq!(m.len(), 2);
        assert_eq!(&d.text[m[0].clone()], "Zusam\u{ad}men");
        assert_eq!(&d.text[m[1].clone()], "Zusammen");
        assert_eq!(regex(&d, r"arbeit\b"), Ok(vec!["arbeit".into()]));
    }
}
