//! The article's language and where its words may break.
//!
//! The language comes from the document's metadata first, then from detection (whatlang on the
//! first few KB, trusted only when it says it is reliable and only for languages we can
//! hyphenate). Dictionaries are the hyphenation crate's embedded ones, loaded once per language
//! on first use. Break points come through textwrap's `WordSplitter`, so the splitter we use is
//! the one textwrap documents; layout asks only for the word that ends a line, because asking for
//! every word of a 4 MB book would cost most of a second.
//!
//! Must not depend on ratatui or crossterm.

use crate::document::Document;
use hyphenation::{Language, Load, Standard};
use std::sync::OnceLock;
use textwrap::WordSplitter;

/// Languages folio hyphenates: (BCP 47 primary tag, dictionary, whatlang code).
const LANGUAGES: &[(&str, Language, whatlang::Lang)] = &[
    ("en", Language::EnglishUS, whatlang::Lang::Eng),
    ("de", Language::German1996, whatlang::Lang::Deu),
    ("fr", Language::French, whatlang::Lang::Fra),
    ("es", Language::Spanish, whatlang::Lang::Spa),
    ("it", Language::Italian, whatlang::Lang::Ita),
    ("pt", Language::Portuguese, whatlang::Lang::Por),
    ("nl", Language::Dutch, whatlang::Lang::Nld),
    ("sv", Language::Swedish, whatlang::Lang::Swe),
    ("ru", Language::Russian, whatlang::Lang::Rus),
    ("da", Language::Danish, whatlang::Lang::Dan),
    ("nb", Language::NorwegianBokmal, whatlang::Lang::Nob),
    ("pl", Language::Polish, whatlang::Lang::Pol),
    ("cs", Language::Czech, whatlang::Lang::Ces),
    ("fi", Language::Finnish, whatlang::Lang::Fin),
];

/// How much text detection looks at: enough to be reliable, little enough to stay ~0.1 ms.
const DETECT_BYTES: usize = 4096;

/// A language folio can hyphenate, by index into [`LANGUAGES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(usize);

impl Lang {
    /// From a language tag such as "de", "de-DE", "en_US" (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let primary = match primary.as_str() {
            "no" | "nn" => "nb",
            "ger" | "deu" => "de",
            "eng" => "en",
            other => other,
        };
        LANGUAGES.iter().position(|l| l.0 == primary).map(Lang)
    }

    /// The primary tag ("en", "de", …).
    pub fn tag(self) -> &'static str {
        LANGUAGES.get(self.0).map_or("", |l| l.0)
    }

    fn from_whatlang(lang: whatlang::Lang) -> Option<Lang> {
        LANGUAGES.iter().position(|l| l.2 == lang).map(Lang)
    }

    /// The splitter for this language's embedded dictionary, loaded on first use (a few ms).
    /// `None` if the dictionary fails to load.
    pub fn dictionary(self) -> Option<&'static WordSplitter> {
        static DICTS: [OnceLock<Option<WordSplitter>>; LANGUAGES.len()] =
            [const { OnceLock::new() }; LANGUAGES.len()];
        let (_, language, _) = LANGUAGES.get(self.0)?;
        DICTS
            .get(self.0)?
            .get_or_init(|| {
                Standard::from_embedded(*language)
                    .ok()
                    .map(WordSplitter::Hyphenation)
            })
            .as_ref()
    }
}

/// Detects the language of a text sample; `None` when unsure or not one we hyphenate.
pub fn detect(text: &str) -> Option<Lang> {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    Lang::from_whatlang(info.lang())
}

/// The document's language: declared metadata first, then detection on its text.
pub fn language_of(doc: &Document) -> Option<Lang> {
    if let Some(lang) = doc.meta.language.as_deref().and_then(Lang::from_tag) {
        return Some(lang);
    }
    // Skip the title and byline: short lines confuse detection less than they dilute it.
    let start = doc
        .blocks
        .iter()
        .find(|b| b.kind == crate::document::BlockKind::Paragraph)
        .map_or(0, |b| b.range.start);
    detect(doc.text.get(start..).unwrap_or(""))
}

/// Whether `word` is never hyphenated nor broken at its hyphens: inline code (`code`, from
/// the word's style) and what looks like a URL or an address (`http://…`, `www.…`,
/// `mailto:…`), which a reader copies or searches whole. The one rule for every layout.
pub fn keeps_whole(word: &str, code: bool) -> bool {
    if code {
        return true;
    }
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let starts = |p: &str| w.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    w.contains("://") || starts("www.") || starts("mailto:")
}

/// Where a word may break, as byte offsets into `word` at which a line may end.
///
/// Each entry is `(offset, needs_hyphen)`: a break inside a syllable shows a hyphen; a break after
/// an existing hyphen or dash does not. Soft hyphens (U+00AD), when present, are the only
/// syllable breaks used, as the author intended. Leading and trailing punctuation never splits.
pub fn break_points(word: &str, splitter: Option<&WordSplitter>) -> Vec<(usize, bool)> {
    let mut points = Vec::new();
    if word.contains('\u{ad}') {
        for (i, _) in word.match_indices('\u{ad}') {
            let after = i + '\u{ad}'.len_utf8();
            if after < word.len() && i > 0 {
                points.push((after, true));
            }
        }
        return points;
    }
    // Alphabetic runs, separated by hyphens/dashes or other punctuation.
    let mut seg_start: Option<usize> = None;
    let bytes_len = word.len();
    let push_segment = |start: usize, end: usize, points: &mut Vec<(usize, bool)>| {
        if let Some(splitter) = splitter {
            let seg = &word[start..end];
            if seg.chars().count() >= 4 {
                for p in splitter.split_points(seg) {
                    points.push((start + p, true));
                }
            }
        }
    };
    for (i, c) in word.char_indices() {
        if c.is_alphabetic() {
            if seg_start.is_none() {
                seg_start = Some(i);
            }
            continue;
        }
        if let Some(s) = seg_start.take() {
            push_segment(s, i, &mut points);
        }
        let after = i + c.len_utf8();
        let is_dash = matches!(c, '-' | '‐' | '–' | '—' | '/');
        let letters_before = word[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let letter_after = word[after..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if is_dash && letters_before && letter_after {
            points.push((after, false));
        }
    }
    if let Some(s) = seg_start {
        push_segment(s, bytes_len, &mut points);
    }
    points.sort_unstable();
    points.dedup_by_key(|p| p.0);
    points
}

/// Break points with a memory: running text repeats its words, and a dictionary lookup costs
/// about a microsecond, a map lookup a few tens of nanoseconds.
#[derive(Debug, Clone, Default)]
pub struct Breaks {
    splitter: Option<&'static WordSplitter>,
    /// Soft hyphens are break points (with a hyphen). Off when hyphenation is off.
    soft_hyphens: bool,
    cache: std::collections::HashMap<Box<str>, Vec<(usize, bool)>>,
}

/// Words remembered at most; the map is emptied when full (a book has far fewer long words).
const CACHE_WORDS: usize = 50_000;

impl Breaks {
    pub fn new(splitter: Option<&'static WordSplitter>) -> Breaks {
        Breaks {
            splitter,
            soft_hyphens: true,
            cache: std::collections::HashMap::new(),
        }
    }

    /// Break points for text that is not to be hyphenated at all: only after the hyphens and
    /// dashes already in a word (no hyphen is shown there); soft hyphens stay invisible and
    /// never break a word (as CSS `hyphens: none`).
    pub fn without_hyphenation() -> Breaks {
        Breaks {
            splitter: None,
            soft_hyphens: false,
            cache: std::collections::HashMap::new(),
        }
    }

    /// [`break_points`] for `word`, from memory when it was asked before.
    pub fn points(&mut self, word: &str) -> Vec<(usize, bool)> {
        if let Some(points) = self.cache.get(word) {
            return points.clone();
        }
        let points = if self.soft_hyphens || !word.contains('\u{ad}') {
            break_points(word, self.splitter)
        } else {
            // Without the soft hyphens the word breaks at its dashes only.
            let plain: String = word.chars().filter(|&c| c != '\u{ad}').collect();
            let mut points = break_points(&plain, None);
            // Offsets back into `word`, which still has its soft hyphens.
            for p in &mut points {
                p.0 = original_offset(word, p.0);
            }
            points
        };
        if self.cache.len() >= CACHE_WORDS {
            self.cache.clear();
        }
        self.cache.insert(word.into(), points.clone());
        points
    }
}

/// The byte offset in `word` of byte offset `plain` of `word` with its soft hyphens removed
/// (the offset of the character there, before any soft hyphens that precede it in `word`).
fn original_offset(word: &str, plain: usize) -> usize {
    let mut seen = 0;
    for (i, c) in word.char_indices() {
        if c == '\u{ad}' {
            continue;
        }
        if seen >= plain {
            return i;
        }
        seen += c.len_utf8();
    }
    word.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_urls_keep_whole() {
        assert!(keeps_whole("statusText", true));
        assert!(keeps_whole("https://example.org/a-b", false));
        assert!(keeps_whole("(www.example.org)", false));
        assert!(keeps_whole("<mailto:a@b.de>", false));
        assert!(!keeps_whole("Versicherungsbedingungen", false));
        assert!(!keeps_whole("www", false));
    }

    fn hyphenated(word: &str, lang: &str) -> String {
        let dict = Lang::from_tag(lang).and_then(Lang::dictionary);
        let mut out = String::new();
        let mut last = 0;
        for (p, _) in break_points(word, dict) {
            out.push_str(&word[last..p]);
            out.push('|');
            last = p;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn tags_map_to_languages() {
        assert_eq!(Lang::from_tag("de-DE").map(Lang::tag), Some("de"));
        assert_eq!(Lang::from_tag("EN_us").map(Lang::tag), Some("en"));
        assert_eq!(Lang::from_tag("no").map(Lang::tag), Some("nb"));
        assert_eq!(Lang::from_tag("xx"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn every_listed_dictionary_loads() {
        for (i, (tag, ..)) in LANGUAGES.iter().enumerate() {
            assert!(Lang(i).dictionary().is_some(), "dictionary for {tag}");
        }
    }

    #[test]
    fn german_compounds_break_at_syllables() {
        let h = hyphenated("Donaudampfschifffahrtsgesellschaft", "de");
        assert!(h.contains("Do|nau"), "{h}");
        assert!(
            h.contains("schiff|fahrts") || h.contains("schifffahrts|ge"),
            "{h}"
        );
        // Never a break that leaves one letter alone.
        assert!(!h.starts_with("D|") && !h.ends_with("|t"), "{h}");
    }

    #[test]
    fn punctuation_and_existing_hyphens() {
        assert_eq!(hyphenated("well-known,", "en"), "well-|known,");
        let h = hyphenated("“extraordinary”", "en");
        assert!(
            h.starts_with("“ex|tra") || h.starts_with("“ex|tra|or"),
            "{h}"
        );
        assert!(!h.starts_with("“|"));
    }

    #[test]
    fn soft_hyphens_win_over_the_dictionary() {
        let points = break_points(
            "Zeit\u{ad}ungs\u{ad}artikel",
            Lang::from_tag("de").and_then(Lang::dictionary),
        );
        assert_eq!(points, vec![(6, true), (12, true)]);
    }

    #[test]
    fn without_hyphenation_only_existing_hyphens_break() {
        let mut off = Breaks::without_hyphenation();
        // After the dash only, at its offset in the word as written (soft hyphens and all).
        assert_eq!(off.points("Zeit\u{ad}ungs-artikel"), vec![(11, false)]);
        assert_eq!(off.points("Zeitungs-\u{ad}artikel"), vec![(11, false)]);
        assert_eq!(off.points("Zeit\u{ad}ung"), vec![]);
        assert_eq!(off.points("Donaudampfschifffahrt"), vec![]);
        assert_eq!(off.points("well-known"), vec![(5, false)]);
    }

    #[test]
    fn detection_finds_german_and_english() {
        let de = "Die Stadtverwaltung hat am Dienstag beschlossen, dass die neue Straßenbahnlinie \
                  durch die Altstadt fahren soll. Die Bürger waren darüber nicht glücklich.";
        let en = "The council decided on Tuesday that the new tram line would run through the \
                  old town. Residents were not pleased about the decision, and said so loudly.";
        assert_eq!(detect(de).map(Lang::tag), Some("de"));
        assert_eq!(detect(en).map(Lang::tag), Some("en"));
        assert_eq!(detect("12345 !!!"), None);
    }
}
