//! Quotations in an article: the paragraphs that are quotations, the inline quotations of at
//! least [`MIN_WORDS`] words, and who said them when the text around names the speaker.
//!
//! This module owns quote detection only (the Quotes panel, jumping and turning a quote into a
//! highlight live elsewhere). It reads a [`Document`] and returns [`Quote`]s in reading order.
//! It must not depend on ratatui or crossterm, never panics, and is linear in the text.
//!
//! # Paragraph quotations
//!
//! - A block with `quote_depth > 0` (a Markdown block quote, e-mail quoting, or a plain-text
//!   paragraph the parser saw wholly in quotation marks) is one quotation, however short. When
//!   its text starts with an opening mark whose matching close ends the block, the quote marks
//!   are left out of the range. When it starts with a mark whose pair closes *before* the end
//!   (`"Yes," she said, "and no."`), it is not a quotation paragraph: it is read as ordinary
//!   text with inline quotations.
//! - A `Paragraph` block (list items included) whose text starts with an opening mark and ends
//!   with its matching closing mark (optionally followed by up to three punctuation
//!   characters) is one quotation.
//! - Either kind may end in an attribution after the closing mark (`"…" — Ambrose Trill`).
//! - Headings, titles, bylines, code and rules are never quotations.
//!
//! # Inline quotations
//!
//! Within one `Paragraph` or `Lines` block, marks are paired with a stack: `"…"`, `“…”`,
//! `„…“`, `„…”`, `‚…‘`, `‚…’`, `‘…’`, `«…»` and `»…«`, `‹…›` and `›…‹`, `「…」`, `『…』`.
//!
//! - Straight `"` opens when preceded by the start, a space, `( [ { — – /` or another opening
//!   mark, and followed by a non-space; it closes when preceded by a non-space and followed by
//!   the end, a space or punctuation (anything but a letter or digit).
//! - `“` `‘` `‚` open only after a non-letter and before a non-space; `“` and `‘` also close
//!   (German `„…“`, `‚…‘`) after a non-space and before a non-letter. `”` closes before a
//!   non-letter.
//! - `’` closes only after a non-space and before a non-letter, so the apostrophes of don’t,
//!   ’90s and l’eau are never closing marks; nor is the possessive `s’` followed by a space and
//!   a lower-case word (the Smiths’ house), nor the second `’` of `’n’` (rock ’n’ roll). `’`
//!   never opens.
//! - Guillemets and 「」『』 pair whatever the spacing (French `« … »` has inner spaces). A mark
//!   that can both open and close closes when a matching opener is among the top eight open
//!   marks, else it opens.
//! - A quotation never crosses a block boundary; an opening mark with no matching close in its
//!   block is ignored, and so are the marks opened after it that a later close skips over.
//!   A pair spanning more than [`MAX_WORDS`] words (counted, for this cap, as the spaces and
//!   line breaks inside it) is not a quotation. At most 64 marks are open at once.
//! - Nested quotations: only the outermost pair is reported (a `‚…‘` inside `„…“`, a `‘…’`
//!   inside `“…”`). An inner pair is reported when its outer mark never closes.
//! - Only quotations of at least [`MIN_WORDS`] words count. Words are runs between white space
//!   that hold a letter or digit; in Chinese and Japanese, which have no spaces, every two
//!   Han, Hiragana or Katakana characters count as a word.
//! - The range is the text between the marks without the white space next to them.
//!
//! # Speakers
//!
//! Precision over recall: no speaker is better than a wrong one. A speaker is a name of one to
//! three capitalised words (umlauts, hyphens, `O’Brien`, initials, and `von`, `van`, `de`,
//! `der`, `di`, … between or before them), with leading titles and roles left out
//! (`Bürgermeister Weber` → `Weber`, `Dr. Ulrike Pfäffle` → `Ulrike Pfäffle`,
//! `Fraktionssprecherin Annegret Fröhlich` → `Annegret Fröhlich`). Capitalised words that are
//! not names (articles, pronouns, weekdays, `Critics`, `Kritiker`, …) never are speakers.
//!
//! For an inline quotation, the text right after its closing mark is looked at first, then the
//! text right before its opening mark (both within the block, at most 240 bytes, and not
//! beyond the neighbouring quotations, short ones included):
//!
//! - after: `, said Li.`, `, Li said.`, `, Li told reporters.`, `, according to Li.`,
//!   `“, sagte Müller.`, `“, so Bürgermeister Weber.`, `», a dit Dupont.`, `», dit-il.`,
//!   `», dijo García.`, `—dijo García—`, `», ha detto Rossi.`, `」と田中さんは言った`. The tag
//!   must start right after the mark (only spaces, `,` `;` and dashes between). After a
//!   quotation that ends in a full stop, only a tag set off by a comma or a dash counts
//!   (`“I agree.” Li left.` starts a new sentence). A tag that ends in a colon introduces the
//!   next quotation instead. `said Name` must end the clause or go on with a small word
//!   (`said Li on Tuesday`; not `said Paris officials`), and `told Li` names the listener;
//! - before: `Li said: “`, `Li said, “`, `Li said in a statement: “`, `said Li: “`,
//!   `Müller sagte: „`, `Dann sagte Müller: „`, `according to Li, “`, `laut Müller: „`,
//!   `Dupont a déclaré : «`, `selon Dupont, «`, `según García, «`, `田中さんは「…」と言った`;
//!   and a tag closing the previous clause: `„…“, sagte Müller. „…“`,
//!   `…, betonte Weber. „…“` (optionally with an adverb: `sagt er dann.`), `“…,” Li said. “…”`.
//!   `Name said:` counts only when the name starts a clause (after the start, punctuation, a
//!   conjunction or a word like "Then"), so `Officials in Berlin said:` gives no speaker, and
//!   neither does `At the meeting Li said,` (write `At the meeting, Li said,`).
//!
//! Word order decides who speaks and who listens. Before a colon, a few words may stand
//! between the verb and the mark: the listener or a circumstance (`Li Qiang told Musk:`,
//! `Olaf Brandt versicherte den Anwohnern:`, `Li Qiang a assuré à Musk :`, `aseguró a Musk:`,
//! `ha assicurato a Musk:`), and then the speaker is the subject that opens the clause. A name
//! after the verb is the speaker only when the clause opens with something that cannot be its
//! subject (German V2 inversion): nothing (`…, sagte Müller.`), an adverb or a phrase with a
//! preposition (`Dann`, `Zu Li Qiang sagte Musk:`, `Gegenüber dem Sender erklärte …`), or a
//! dative or accusative article (`Dem Landrat versicherte Berger:`). A clause that opens with a
//! name, a pronoun or a noun phrase that may be the subject (`Li Qiang versicherte Musk:`,
//! `Der Ministerin sagte Lindqvist:` — dative or nominative?) never gives the name after the
//! verb. A subject may carry an aside between commas (`Sophie Arnold, die das Projekt
//! betreut, sagte:`, `Oliver Grant, who founded it, said:`), and a role its name
//! (`a dit le maire, Jean Dupuis.`). Occupations before a name are left out like titles
//! (`Försterin Lena Hofstetter`, `Ökonomin Clara Reinholz`, `el entrenador Raúl Giménez`).
//!
//! The evaluation set in `tests/fixtures/quotes/` (run by `tests/quote_eval.rs`, which prints
//! precision and recall) holds these shapes in the five languages.
//!
//! The verbs: English said, says, told, tells, asked, asks, wrote, writes, added, adds,
//! explained, … (told/tells only as `Li told …`); German sagte, sagt, erklärte, betonte,
//! meinte, … and `so` (only right after a quotation); French (a) dit, déclare, (a) expliqué,
//! …; Spanish dijo, dice, afirmó, …; Italian ha detto, dice, …; `according to`, `laut`,
//! `selon`, `según`, `secondo`.
//!
//! A paragraph quotation takes, in this order: its attribution (`— Name` after the closing
//! mark, or a following block that starts with `—`, `–`, `--` or `-` and a name, within the
//! same block quote or right after the quotation); a tag ending the previous block
//! (`Li said:`, `…, betonte der Bürgermeister.`); the speaker of a quotation that ends the
//! previous block (a quotation continued in the next paragraph, or consecutive quotation
//! paragraphs); or a next block that opens with "With these words (had) Name" ("Mit diesen
//! Worten hatte Bürgermeister Aschenbrenner …", "Avec ces mots", "Con estas palabras", "Con
//! queste parole").
//!
//! Two subjects are resolved rather than taken as they are:
//!
//! - a role without a name (`the mayor said`, `betonte der Bürgermeister`) is the person the
//!   document calls by that role and a name (`Mayor Li`, `Bürgermeister Reinhold
//!   Aschenbrenner`), when every such mention ends in the same word, taken as the surname
//!   (the longest form is given: `Reinhold Aschenbrenner`); otherwise there is no speaker;
//! - a personal pronoun (he, she, er, sie, il, elle, él, ella, lui, lei) is the person the same
//!   paragraph opens with (`Rentner Gerold Schäufele, der …` → `Gerold Schäufele`): two or
//!   three capitalised words (a role word first is dropped), or a title and one to three, then
//!   a comma or a lower-case word. Otherwise there is no speaker.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use crate::document::{BlockKind, Document};
use crate::hash::FnvBuild;

/// An inline quotation counts from this many words.
pub const MIN_WORDS: usize = 8;
/// A pair of marks spanning more words than this is not a quotation (the runaway cap).
pub const MAX_WORDS: usize = 2_000;
/// At most this many marks are open at once in a block.
const MAX_OPEN: usize = 64;
/// A closing mark looks this far down the stack of open marks for its opener.
const MATCH_DEPTH: usize = 8;
/// How many bytes before and after a quotation are searched for a speaker.
const WINDOW: usize = 240;
/// An attribution ("— Name, …") has at most this many words.
const ATTRIBUTION_MAX_WORDS: usize = 30;
/// A name has at most this many capitalised words.
const MAX_NAME_WORDS: usize = 3;

/// One quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Byte range in [`Document::text`] of the quoted words, without the quote marks.
    pub range: Range<usize>,
    /// The speaker, when the text around names one ("Li", "Müller", "Ambrose Trill").
    pub speaker: Option<String>,
    /// True when the whole paragraph is the quotation.
    pub paragraph: bool,
}

/// The quotations of `doc`, in reading order: sorted, non-overlapping, each inside one block.
pub fn find(doc: &Document) -> Vec<Quote> {
    Finder::new(doc).run()
}

// ---------------------------------------------------------------------------------------------
// Pairing marks
// ---------------------------------------------------------------------------------------------

/// A matched pair of quote marks, in bytes relative to the block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pair {
    /// Where the opening mark starts.
    open: usize,
    /// Between the marks.
    inner: Range<usize>,
    /// Just after the closing mark.
    close_end: usize,
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '‚'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

fn is_opening_mark(c: char) -> bool {
    matches!(
        c,
        '“' | '„' | '‚' | '‘' | '«' | '»' | '‹' | '›' | '「' | '『'
    )
}

/// Whether `close` closes a quotation opened by `open`.
fn closes(open: char, close: char) -> bool {
    matches!(
        (open, close),
        ('"', '"')
            | ('“', '”')
            | ('„', '“')
            | ('„', '”')
            | ('‚', '‘')
            | ('‚', '’')
            | ('‘', '’')
            | ('«', '»')
            | ('»', '«')
            | ('‹', '›')
            | ('›', '‹')
            | ('「', '」')
            | ('『', '』')
    )
}

/// Whether the mark `c` may open and may close a quotation, from the characters around it.
/// `rest` is the text after the mark.
fn roles(c: char, prev: Option<char>, prev2: Option<char>, rest: &str) -> (bool, bool) {
    let next = rest.chars().next();
    let after_space = prev.is_none_or(char::is_whitespace);
    let before_space = next.is_none_or(char::is_whitespace);
    let after_word = prev.is_some_and(char::is_alphanumeric);
    let before_word = next.is_some_and(char::is_alphanumeric);
    match c {
        '"' => (
            !before_space
                && (after_space
                    || prev.is_some_and(|p| "([{—–/".contains(p) || is_opening_mark(p))),
            !after_space && !before_word,
        ),
        '“' | '‘' => (!after_word && !before_space, !after_space && !before_word),
        '”' => (false, !before_word),
        '„' => (!before_space, false),
        '‚' => (!after_word && !before_space, false),
        '’' => (
            false,
            !after_space && !before_word && !apostrophe(prev, prev2, rest),
        ),
        '«' | '»' | '‹' | '›' => (next.is_some(), prev.is_some()),
        '「' | '『' => (true, false),
        '」' | '』' => (false, true),
        _ => (false, false),
    }
}

/// A `’` that looks like a closing mark but is an apostrophe: the possessive of a word in `s`
/// before a lower-case word (the Smiths’ house), or the second mark of ’n’.
fn apostrophe(prev: Option<char>, prev2: Option<char>, rest: &str) -> bool {
    if prev == Some('n') && matches!(prev2, Some('’' | '‘')) {
        return true;
    }
    let mut after = rest.chars();
    matches!(prev, Some('s' | 'S'))
        && after.next().is_some_and(char::is_whitespace)
        && after.next().is_some_and(char::is_lowercase)
}

/// The outermost matched pairs of quote marks in `text`, in order.
///
/// The scan jumps from one lead byte of a quote mark to the next (`"`, 0xC2 for guillemets,
/// 0xE2 for the curly marks and ‹ ›, 0xE3 for 「」『』) and decodes only those. For the
/// [`MAX_WORDS`] cap, words are counted as the spaces and line breaks between the marks,
/// which is exact for reflowed paragraphs and close enough for a cap elsewhere.
fn pairs(text: &str) -> Vec<Pair> {
    struct Open {
        mark: char,
        at: usize,
        end: usize,
        gaps: usize,
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut out: Vec<Pair> = Vec::new();
    // Spaces and line breaks before `i`.
    let mut gaps = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let rest = bytes.get(i..).unwrap_or(&[]);
        let next = rest
            .iter()
            .position(|&b| matches!(b, b'"' | 0xC2 | 0xE2 | 0xE3))
            .map_or(bytes.len(), |k| i + k);
        gaps += bytes.get(i..next).map_or(0, |s| {
            s.iter().filter(|&&b| b == b' ' || b == b'\n').count()
        });
        let Some(c) = text.get(next..).and_then(|r| r.chars().next()) else {
            break;
        };
        let end = next + c.len_utf8();
        i = end;
        if !is_mark(c) {
            continue;
        }
        let at = next;
        let mut back = text.get(..at).unwrap_or("").chars().rev();
        let (prev, prev2) = (back.next(), back.next());
        let (can_open, can_close) = roles(c, prev, prev2, text.get(end..).unwrap_or(""));
        let mut closed = false;
        if can_close {
            let low = stack.len().saturating_sub(MATCH_DEPTH);
            let found = (low..stack.len())
                .rev()
                .find(|&k| stack.get(k).is_some_and(|o| closes(o.mark, c)));
            if let Some(k) = found {
                if let Some(o) = stack.get(k)
                    && gaps - o.gaps < MAX_WORDS
                {
                    // Pairs closed since this one opened are nested in it: outer only.
                    while out.last().is_some_and(|p| p.open > o.at) {
                        out.pop();
                    }
                    out.push(Pair {
                        open: o.at,
                        inner: o.end..at,
                        close_end: end,
                    });
                }
                stack.truncate(k);
                closed = true;
            }
        }
        if !closed && can_open && stack.len() < MAX_OPEN {
            stack.push(Open {
                mark: c,
                at,
                end,
                gaps,
            });
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{31f0}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff66}'..='\u{ff9f}'
        | '\u{20000}'..='\u{2ffff}')
}

/// Words in `s`, counting stops at `cap`. A word is a run between white space holding a letter
/// or digit; every two CJK characters count as one word.
fn count_words(s: &str, cap: usize) -> usize {
    let mut n = 0;
    for token in s.split_whitespace() {
        let mut cjk = 0usize;
        let mut other = false;
        for c in token.chars() {
            if is_cjk(c) {
                cjk += 1;
            } else if c.is_alphanumeric() {
                other = true;
            }
        }
        n += cjk.div_ceil(2) + usize::from(other);
        if n >= cap {
            break;
        }
    }
    n
}

/// `range` of `text` without white space at either end.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(range.clone()) else {
        return range.start..range.start;
    };
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

// ---------------------------------------------------------------------------------------------
// Words of speaker tags
// ---------------------------------------------------------------------------------------------

/// A white-space separated token split into leading punctuation, the word, and trailing
/// punctuation. A punctuation-only token has an empty word.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    pre: &'a str,
    word: &'a str,
    post: &'a str,
}

fn tok(t: &str) -> Tok<'_> {
    let start = t
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(t.len(), |(i, _)| i);
    let end = t
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(start, |(i, c)| i + c.len_utf8())
        .max(start);
    Tok {
        pre: t.get(..start).unwrap_or(""),
        word: t.get(start..end).unwrap_or(""),
        post: t.get(end..).unwrap_or(""),
    }
}

/// The first `n` tokens of `s`.
fn first_tokens(s: &str, n: usize) -> Vec<Tok<'_>> {
    s.split_whitespace().take(n).map(tok).collect()
}

/// `w` equals the lower-case `target`, allowing a capital first letter.
fn eq_word(w: &str, target: &str) -> bool {
    if w.len() != target.len() {
        // A capital and its small letter have the same length in the scripts listed here.
        return false;
    }
    if w == target {
        return true;
    }
    let mut a = w.chars();
    let mut b = target.chars();
    match (a.next(), b.next()) {
        (Some(x), Some(y)) => x.to_lowercase().eq(std::iter::once(y)) && a.as_str() == b.as_str(),
        _ => false,
    }
}

// Looked up with short words many times a quotation: FNV (see `crate::hash`).
type FastSet<T> = HashSet<T, FnvBuild>;
type FastMap<K, V> = HashMap<K, V, FnvBuild>;

/// Lower-case words, looked up with or without a capital first letter.
fn word_set(words: &[&str]) -> FastSet<String> {
    let mut set = FastSet::default();
    for w in words {
        set.insert((*w).to_string());
        let mut cs = w.chars();
        if let Some(f) = cs.next() {
            set.insert(f.to_uppercase().chain(cs).collect());
        }
    }
    set
}

/// Roles and titles that stand before a name and, alone, name a role (`the mayor`).
const ROLE_TITLES: &[&str] = &[
    // English
    "mayor",
    "president",
    "senator",
    "governor",
    "chancellor",
    "minister",
    "secretary",
    "professor",
    "judge",
    "captain",
    "coach",
    "inspector",
    "detective",
    "sheriff",
    "commissioner",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "director",
    "bishop",
    "reverend",
    "rabbi",
    "imam",
    "king",
    "queen",
    "prince",
    "princess",
    "doctor",
    // German
    "bürgermeister",
    "bürgermeisterin",
    "oberbürgermeister",
    "oberbürgermeisterin",
    "landrat",
    "landrätin",
    "professorin",
    "ministerin",
    "ministerpräsident",
    "ministerpräsidentin",
    "kanzler",
    "kanzlerin",
    "bundeskanzler",
    "bundeskanzlerin",
    "präsident",
    "präsidentin",
    "bundespräsident",
    "bundespräsidentin",
    "pfarrer",
    "pfarrerin",
    "richter",
    "richterin",
    "kämmerer",
    "kämmerin",
    "stadtrat",
    "stadträtin",
    "sprecher",
    "sprecherin",
    "direktor",
    "direktorin",
    "vorsitzende",
    "vorsitzender",
    // French, Spanish, Italian
    "maire",
    "ministre",
    "président",
    "présidente",
    "professeur",
    "docteur",
    "alcalde",
    "alcaldesa",
    "presidente",
    "presidenta",
    "ministro",
    "ministra",
    "profesor",
    "profesora",
    "doctora",
    "sindaco",
    "professore",
    "professoressa",
    "dottore",
    "dottoressa",
    "trainer",
    "trainerin",
    "entrenador",
    "entrenadora",
    "allenatore",
    "entraîneur",
    "alcaldesa",
    "sindaca",
    "abogado",
    "avvocato",
    "avocat",
    "avocate",
];

/// Courtesy titles: left out before a name, but no role on their own.
const COURTESY_TITLES: &[&str] = &[
    "herr", "frau", "monsieur", "madame", "mme", "mlle", "señor", "señora", "signor", "signora",
    "sir", "dame", "lord", "lady", "father",
];

/// Abbreviated titles, written with a full stop.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Dr", "Prof", "Mr", "Mrs", "Ms", "Mx", "Sr", "Sra", "Srta", "Hr", "Fr", "Gov", "Sen", "Rep",
    "Rev", "Capt", "Insp", "Det", "Sgt", "Pres", "Mme", "Mlle", "St",
];

/// Endings of German role words that stand before a name (Bäckermeisterin Jördis Köhler).
const ROLE_SUFFIXES: &[&str] = &[
    "meister",
    "meisterin",
    "sprecher",
    "sprecherin",
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "direktor",
    "direktorin",
    "leiter",
    "leiterin",
    "vorsitzende",
    "vorsitzender",
    "chef",
    "chefin",
    "rat",
    "rätin",
    // Occupations before a name: "Försterin Lena Hofstetter", "Ökonomin Clara Reinholz",
    // "Physikerin Ruth Ebner", "Verkehrsdezernent Uwe Franke".
    "erin",
    "ikerin",
    "iker",
    "ologin",
    "ologe",
    "ökonom",
    "ökonomin",
    "juristin",
    "jurist",
    "aktivistin",
    "aktivist",
    "journalistin",
    "journalist",
    "ärztin",
    "arzt",
    "anwältin",
    "anwalt",
    "expertin",
    "experte",
    "dezernent",
    "dezernentin",
    "ingenieur",
    "ingenieurin",
];

const ARTICLES: &[&str] = &[
    "the", "a", "an", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einem", "einer",
    "eines", "le", "la", "les", "un", "une", "el", "los", "las", "il", "lo", "gli", "uno", "una",
];

/// Third-person singular pronouns that can stand for a speaker.
const PRONOUNS: &[&str] = &[
    "he", "she", "er", "sie", "il", "elle", "él", "ella", "lui", "lei",
];

/// Lower-case words that may be part of a name.
const PARTICLES: &[&str] = &[
    "von", "van", "de", "der", "den", "du", "da", "di", "del", "della", "zu", "ten", "ter", "bin",
    "ibn", "al", "dos",
];

/// Particles that may start a name (`von der Leyen`); the rest only follow a name word.
const LEADING_PARTICLES: &[&str] = &[
    "von", "van", "de", "du", "da", "di", "del", "della", "zu", "ten", "ter",
];

/// Capitalised words that are never (the start of) a speaker's name.
const NOT_NAMES: &[&str] = &[
    // English
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Your",
    "Its",
    "There",
    "Here",
    "Then",
    "When",
    "While",
    "But",
    "And",
    "Or",
    "So",
    "As",
    "If",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "Without",
    "After",
    "Before",
    "Yesterday",
    "Today",
    "Tomorrow",
    "Now",
    "Later",
    "Still",
    "Also",
    "Even",
    "Just",
    "Only",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Every",
    "Other",
    "Others",
    "One",
    "No",
    "Not",
    "Yes",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Which",
    "Critics",
    "Officials",
    "Experts",
    "Residents",
    "Police",
    "Witnesses",
    "Analysts",
    "Scientists",
    "Researchers",
    "Sources",
    "Reports",
    "Neighbours",
    "Neighbors",
    "Locals",
    "Observers",
    "Supporters",
    "Opponents",
    "Protesters",
    "Authorities",
    "People",
    "Everyone",
    "Someone",
    "Nobody",
    "Everybody",
    "Somebody",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Mum",
    "Mom",
    "Dad",
    // German
    "Der",
    "Die",
    "Das",
    "Den",
    "Dem",
    "Des",
    "Ein",
    "Eine",
    "Einen",
    "Einem",
    "Einer",
    "Er",
    "Sie",
    "Es",
    "Wir",
    "Ich",
    "Ihr",
    "Man",
    "Und",
    "Aber",
    "Oder",
    "Doch",
    "Dann",
    "Da",
    "Als",
    "Wenn",
    "Weil",
    "Dass",
    "Auch",
    "Noch",
    "Schon",
    "Nur",
    "Heute",
    "Gestern",
    "Morgen",
    "Jetzt",
    "Später",
    "Danach",
    "Dabei",
    "Damit",
    "Dazu",
    "Im",
    "Am",
    "Um",
    "Zum",
    "Zur",
    "Vom",
    "Beim",
    "Mit",
    "Nach",
    "Vor",
    "Bei",
    "Für",
    "Von",
    "Aus",
    "Auf",
    "An",
    "Über",
    "Unter",
    "Zwischen",
    "Niemand",
    "Jemand",
    "Keiner",
    "Jeder",
    "Alle",
    "Viele",
    "Einige",
    "Manche",
    "Kritiker",
    "Experten",
    "Anwohner",
    "Beobachter",
    "Fachleute",
    "Ermittler",
    "Forscher",
    "Wissenschaftler",
    "Behörden",
    "Polizei",
    "Zeugen",
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
    "Januar",
    "Februar",
    "März",
    "Juni",
    "Juli",
    "Oktober",
    "Dezember",
    "Anfang",
    "Ende",
    "Mitte",
    "Frühjahr",
    "Sommer",
    "Herbst",
    "Winter",
    "Abend",
    "Nachmittag",
    "Vormittag",
    // French, Spanish, Italian
    "Le",
    "La",
    "Les",
    "Un",
    "Une",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "On",
    "Nous",
    "Je",
    "Et",
    "Mais",
    "Ou",
    "Donc",
    "Puis",
    "Alors",
    "Hier",
    "Demain",
    "Selon",
    "El",
    "Los",
    "Las",
    "Una",
    "Él",
    "Ella",
    "Ellos",
    "Y",
    "Pero",
    "Hoy",
    "Ayer",
    "Según",
    "Lo",
    "Gli",
    "Lui",
    "Lei",
    "E",
    "Ma",
    "Oggi",
    "Ieri",
    "Secondo",
    // Prepositions and adverbs that open a clause without being its subject ("Zu Li Qiang
    // sagte Musk:", "Gegenüber dem Sender erklärte …", "Poi Rossi ha detto:").
    "Zu",
    "Gegenüber",
    "Seit",
    "Trotz",
    "Wegen",
    "Während",
    "Durch",
    "Gegen",
    "Ohne",
    "Neben",
    "Hinter",
    "Zuvor",
    "Zuletzt",
    "Zunächst",
    "Anschließend",
    "Daraufhin",
    "Darauf",
    "Dafür",
    "Deshalb",
    "Trotzdem",
    "Außerdem",
    "Zudem",
    "Schließlich",
    "Wörtlich",
    "Ins",
    "To",
    "Of",
    "During",
    "Despite",
    "Asked",
    "Speaking",
    "Afterwards",
    "Meanwhile",
    "Earlier",
    "Finally",
    "However",
    "À",
    "Au",
    "Aux",
    "Devant",
    "Avec",
    "Pour",
    "Sans",
    "Dans",
    "Sur",
    "Chez",
    "Après",
    "Avant",
    "Pendant",
    "Depuis",
    "Ensuite",
    "Enfin",
    "Interrogé",
    "Interrogée",
    "Ante",
    "Con",
    "Para",
    "Por",
    "Sin",
    "Tras",
    "Sobre",
    "Desde",
    "En",
    "Durante",
    "Después",
    "Luego",
    "Entonces",
    "Además",
    "Davanti",
    "Dopo",
    "Nel",
    "Nella",
    "Alla",
    "Ai",
    "Poi",
    "Infine",
    "Inoltre",
    "Allora",
    "Quindi",
    "Intervistato",
    "Intervistata",
];

/// Adverbs that may follow a speaker tag before a quotation (`sagt er dann. „…“`).
const TAG_ADVERBS: &[&str] = &[
    "dann",
    "then",
    "später",
    "later",
    "schließlich",
    "finally",
    "nur",
    "simply",
    "knapp",
    "quietly",
    "leise",
    "again",
    "wieder",
    "ensuite",
    "luego",
    "poi",
];

/// Small words that may follow a speaker's name in a tag after a quotation ("said Li on
/// Tuesday", "sagte Müller am Abend", "a dit Dupont aux journalistes").
const AFTER_NAME: &[&str] = &[
    "on",
    "in",
    "at",
    "to",
    "of",
    "for",
    "from",
    "who",
    "which",
    "while",
    "when",
    "after",
    "before",
    "during",
    "with",
    "and",
    "as",
    "last",
    "this",
    "earlier",
    "later",
    "am",
    "im",
    "bei",
    "beim",
    "vor",
    "nach",
    "auf",
    "gegenüber",
    "und",
    "als",
    "während",
    "zu",
    "zum",
    "zur",
    "mit",
    "um",
    "au",
    "aux",
    "à",
    "a",
    "lors",
    "devant",
    "en",
    "dans",
    "et",
    "ai",
    "al",
    "alla",
    "alle",
    "ante",
    "durante",
    "y",
    "e",
    "el",
    "la",
    "le",
    "les",
    "der",
    "die",
    "dem",
    "den",
    "tras",
    "dopo",
    "après",
    "gegenüber",
    "ante",
    "davanti",
    "devant",
];

/// "With these words": a paragraph opening so names the speaker of the quotation before it.
const THESE_WORDS: &[&[&str]] = &[
    &["mit", "diesen", "worten"],
    &["with", "these", "words"],
    &["with", "those", "words"],
    &["avec", "ces", "mots"],
    &["con", "estas", "palabras"],
    &["con", "queste", "parole"],
];

/// Auxiliaries that may follow [`THESE_WORDS`].
const AUXILIARIES: &[&str] = &[
    "hatte", "hat", "had", "has", "avait", "a", "había", "ha", "aveva",
];

/// How a speech verb may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Either before or after its subject (`said Li`, `Li said`).
    Both,
    /// Only before its subject: `so Weber`, `according to Li`.
    BeforeSubject,
    /// Only after its subject: `Li told reporters` (`told Li` names the listener).
    AfterSubject,
}

/// Speech verbs and phrases, lower case, each word one token.
const VERBS: &[(&[&str], Use)] = &[
    // English
    (&["said"], Use::Both),
    (&["says"], Use::Both),
    (&["told"], Use::AfterSubject),
    (&["tells"], Use::AfterSubject),
    (&["asked"], Use::Both),
    (&["asks"], Use::Both),
    (&["wrote"], Use::Both),
    (&["writes"], Use::Both),
    (&["added"], Use::Both),
    (&["adds"], Use::Both),
    (&["explained"], Use::Both),
    (&["explains"], Use::Both),
    (&["replied"], Use::Both),
    (&["replies"], Use::Both),
    (&["recalled"], Use::Both),
    (&["recalls"], Use::Both),
    (&["noted"], Use::Both),
    (&["insisted"], Use::Both),
    (&["insists"], Use::Both),
    (&["argued"], Use::Both),
    (&["argues"], Use::Both),
    (&["continued"], Use::Both),
    (&["remarked"], Use::Both),
    (&["answered"], Use::Both),
    (&["declared"], Use::Both),
    (&["warned"], Use::Both),
    (&["admitted"], Use::Both),
    (&["admits"], Use::Both),
    (&["according", "to"], Use::BeforeSubject),
    // German
    (&["sagte"], Use::Both),
    (&["sagt"], Use::Both),
    (&["erklärte"], Use::Both),
    (&["erklärt"], Use::Both),
    (&["betonte"], Use::Both),
    (&["betont"], Use::Both),
    (&["meinte"], Use::Both),
    (&["meint"], Use::Both),
    (&["ergänzte"], Use::Both),
    (&["ergänzt"], Use::Both),
    (&["schrieb"], Use::Both),
    (&["schreibt"], Use::Both),
    (&["fragte"], Use::Both),
    (&["fragt"], Use::Both),
    (&["antwortete"], Use::Both),
    (&["antwortet"], Use::Both),
    (&["erzählte"], Use::Both),
    (&["erzählt"], Use::Both),
    (&["warnte"], Use::Both),
    (&["warnt"], Use::Both),
    (&["kritisierte"], Use::Both),
    (&["berichtete"], Use::Both),
    (&["versicherte"], Use::Both),
    (&["bekräftigte"], Use::Both),
    (&["unterstrich"], Use::Both),
    (&["versichert"], Use::Both),
    (&["räumte", "ein"], Use::Both),
    (&["so"], Use::BeforeSubject),
    (&["laut"], Use::BeforeSubject),
    // French
    (&["a", "dit"], Use::Both),
    (&["a", "déclaré"], Use::Both),
    (&["a", "expliqué"], Use::Both),
    (&["a", "affirmé"], Use::Both),
    (&["a", "ajouté"], Use::Both),
    (&["a", "raconté"], Use::Both),
    (&["a", "assuré"], Use::Both),
    (&["a", "répondu"], Use::Both),
    (&["a", "estimé"], Use::Both),
    (&["a", "souligné"], Use::Both),
    (&["a", "précisé"], Use::Both),
    (&["a", "confié"], Use::Both),
    (&["a", "rappelé"], Use::Both),
    (&["a", "prévenu"], Use::Both),
    (&["assure"], Use::Both),
    (&["répond"], Use::Both),
    (&["estime"], Use::Both),
    (&["rappelle"], Use::Both),
    (&["dit"], Use::Both),
    (&["déclare"], Use::Both),
    (&["explique"], Use::Both),
    (&["affirme"], Use::Both),
    (&["ajoute"], Use::Both),
    (&["raconte"], Use::Both),
    (&["confie"], Use::Both),
    (&["souligne"], Use::Both),
    (&["précise"], Use::Both),
    (&["selon"], Use::BeforeSubject),
    // Spanish
    (&["dijo"], Use::Both),
    (&["dice"], Use::Both),
    (&["afirmó"], Use::Both),
    (&["explicó"], Use::Both),
    (&["añadió"], Use::Both),
    (&["declaró"], Use::Both),
    (&["aseguró"], Use::Both),
    (&["señaló"], Use::Both),
    (&["comentó"], Use::Both),
    (&["respondió"], Use::Both),
    (&["advirtió"], Use::Both),
    (&["insistió"], Use::Both),
    (&["contó"], Use::Both),
    (&["cuenta"], Use::Both),
    (&["asegura"], Use::Both),
    (&["explica"], Use::Both),
    (&["según"], Use::BeforeSubject),
    // Italian
    (&["ha", "detto"], Use::Both),
    (&["ha", "dichiarato"], Use::Both),
    (&["ha", "spiegato"], Use::Both),
    (&["ha", "aggiunto"], Use::Both),
    (&["ha", "affermato"], Use::Both),
    (&["afferma"], Use::Both),
    (&["spiega"], Use::Both),
    (&["dichiara"], Use::Both),
    (&["aggiunge"], Use::Both),
    (&["ha", "assicurato"], Use::Both),
    (&["ha", "risposto"], Use::Both),
    (&["ha", "sottolineato"], Use::Both),
    (&["ha", "raccontato"], Use::Both),
    (&["ha", "avvertito"], Use::Both),
    (&["racconta"], Use::Both),
    (&["sottolinea"], Use::Both),
    (&["secondo"], Use::BeforeSubject),
];

struct Words {
    /// Speech verbs by their first word, with and without a capital.
    verbs: FastMap<String, Vec<(&'static [&'static str], Use)>>,
    roles: FastSet<String>,
    courtesy: FastSet<String>,
    articles: FastSet<String>,
    pronouns: FastSet<String>,
    not_names: FastSet<&'static str>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| Words {
    verbs: {
        let mut map: FastMap<String, Vec<(&'static [&'static str], Use)>> = FastMap::default();
        for (words, usage) in VERBS {
            let first = words.first().copied().unwrap_or("");
            for key in word_set(&[first]) {
                map.entry(key).or_default().push((words, *usage));
            }
        }
        map
    },
    roles: word_set(ROLE_TITLES),
    courtesy: word_set(COURTESY_TITLES),
    articles: word_set(ARTICLES),
    pronouns: word_set(PRONOUNS),
    not_names: NOT_NAMES.iter().copied().collect(),
});

fn is_role(w: &str) -> bool {
    WORDS.roles.contains(w)
}

fn is_article(w: &str) -> bool {
    WORDS.articles.contains(w)
}

fn is_pronoun(w: &str) -> bool {
    WORDS.pronouns.contains(w)
}

/// A title word: a role, a courtesy title, or an abbreviation written with its full stop.
fn is_title(t: &Tok<'_>) -> bool {
    is_role(t.word) || WORDS.courtesy.contains(t.word) || is_abbr(t)
}

/// A capitalised German role word by its ending (Bäckermeisterin, Fraktionssprecherin), or
/// one of the endings that is a word itself (Ökonomin, Arzt; not the bare endings "erin",
/// "iker", "ologe", "rat").
fn role_like(w: &str) -> bool {
    const BARE: &[&str] = &["erin", "iker", "ikerin", "ologe", "ologin"];
    w.chars().next().is_some_and(char::is_uppercase)
        && ROLE_SUFFIXES.iter().any(|s| {
            (w.len() > s.len() + 2 && w.ends_with(s) && w.is_char_boundary(w.len() - s.len()))
                || (s.chars().count() >= 4 && !BARE.contains(s) && eq_word(w, s))
        })
}

fn is_particle(w: &str) -> bool {
    PARTICLES.contains(&w)
}

/// A word that can be part of a name: capitalised, letters with inner hyphens or apostrophes,
/// not a possessive, not a word that is never a name.
fn is_name_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !w.ends_with("’s")
        && !w.ends_with("'s")
        && !w.ends_with('-')
        && !WORDS.not_names.contains(w)
        && !is_article(w)
        && !is_pronoun(w)
}

/// A single capital followed by a full stop.
fn is_initial(t: &Tok<'_>) -> bool {
    let mut cs = t.word.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.next().is_none() && t.post.starts_with('.')
}

/// Who a speaker tag names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Subject {
    Name(String),
    /// A role without a name, lower case ("bürgermeister").
    Role(String),
    Pronoun,
}

/// Reads a subject from the start of `ts`: a pronoun; or an optional article, titles, and a
/// name of one to three capitalised words (with particles); or an article or nothing and a
/// role. Returns it and how many tokens it took.
fn subject(ts: &[Tok<'_>]) -> Option<(Subject, usize)> {
    let first = ts.first()?;
    if !first.pre.is_empty() {
        return None;
    }
    // Italian "il" is an article before a title or name ("il professore Stefano Costa"),
    // French "il" a pronoun.
    let article_first = is_article(first.word)
        && first.post.is_empty()
        && ts
            .get(1)
            .is_some_and(|n| n.pre.is_empty() && (is_title(n) || is_name_word(n.word)));
    if is_pronoun(first.word) && !article_first {
        return Some((Subject::Pronoun, 1));
    }
    let article = is_article(first.word) && first.post.is_empty();
    let titles = titles(ts, usize::from(article));
    let (parts, caps, i) = if titles.ended {
        (Vec::new(), 0, titles.end)
    } else {
        name_words(ts, titles.end)?
    };
    if caps > 0 {
        // "the Guardian", "die Studie": not a person.
        return (!article || titles.titled).then(|| (Subject::Name(parts.join(" ")), i));
    }
    titles.role.map(|r| (Subject::Role(r.to_lowercase()), i))
}

/// The titles and roles before a name ("Bürgermeister", "Prof. Dr.", "Bäckermeisterin").
struct Titles<'a> {
    /// The token after them.
    end: usize,
    role: Option<&'a str>,
    titled: bool,
    /// A title that ends its clause ("der Bürgermeister.") has no name after it.
    ended: bool,
}

/// Reads titles and roles from token `i` on.
fn titles<'a>(ts: &[Tok<'a>], mut i: usize) -> Titles<'a> {
    let mut out = Titles {
        end: i,
        role: None,
        titled: false,
        ended: false,
    };
    while let Some(t) = ts.get(i) {
        if i > 4 || !t.pre.is_empty() {
            break;
        }
        // Only an abbreviation's full stop lets a name follow.
        let bare = t.post.is_empty() || (is_abbr(t) && t.post == ".");
        let next = ts.get(i + 1).filter(|n| bare && n.pre.is_empty());
        let name_follows = next.is_some_and(|n| is_name_word(n.word));
        let title_follows = next.is_some_and(|n| is_title(n) || role_like(n.word));
        if !(is_title(t) || (role_like(t.word) && name_follows)) {
            break;
        }
        out.titled = true;
        if is_role(t.word) {
            out.role = Some(t.word);
        }
        i += 1;
        out.ended = !bare;
        if !name_follows && !title_follows {
            break;
        }
    }
    out.end = i;
    out
}

/// The name from token `i` on: its words (particles inside, initials with their stop), how many
/// are capitalised, and the token after it. `None` when it has too many capitalised words.
fn name_words(ts: &[Tok<'_>], mut i: usize) -> Option<(Vec<String>, usize, usize)> {
    let mut parts: Vec<String> = Vec::new();
    let mut caps = 0usize;
    while let Some(t) = ts.get(i) {
        if !t.pre.is_empty() {
            break;
        }
        if is_name_word(t.word) {
            caps += 1;
            if caps > MAX_NAME_WORDS {
                return None;
            }
            i += 1;
            if is_initial(t) {
                parts.push(format!("{}.", t.word));
                if t.post == "." {
                    continue;
                }
                break;
            }
            parts.push(t.word.to_string());
            if !t.post.is_empty() {
                break;
            }
            continue;
        }
        // "der", "den" are name particles only after another one (von der Leyen, van den
        // Berg); after a name word they start its object ("sagte Lorenz den Reportern").
        let after_particle = parts.last().is_some_and(|p| is_particle(p));
        let particle = if parts.is_empty() {
            LEADING_PARTICLES.contains(&t.word)
        } else {
            is_particle(t.word) && (after_particle || !matches!(t.word, "der" | "den"))
        };
        let continues = ts
            .get(i + 1)
            .is_some_and(|n| n.pre.is_empty() && (is_name_word(n.word) || is_particle(n.word)));
        if particle && t.post.is_empty() && continues {
            parts.push(t.word.to_string());
            i += 1;
            continue;
        }
        break;
    }
    // A trailing particle is not part of the name.
    while parts.last().is_some_and(|p| is_particle(p)) {
        parts.pop();
        i = i.saturating_sub(1);
    }
    Some((parts, caps, i))
}

/// The subject spanning exactly `ts`.
fn exact_subject(ts: &[Tok<'_>]) -> Option<Subject> {
    match subject(ts) {
        Some((s, n)) if n == ts.len() => Some(s),
        _ => None,
    }
}

/// Words after which a clause (and so a subject) starts.
const CONJUNCTIONS: &[&str] = &[
    "and", "but", "then", "so", "yet", "und", "aber", "dann", "doch", "da", "et", "mais", "puis",
    "alors", "y", "pero", "e", "ma", "poi",
];

/// Words that join clauses without taking a place in them: the subject may follow
/// (`und Li Qiang versicherte Musk:`).
const COORDINATORS: &[&str] = &[
    "und", "oder", "aber", "sondern", "denn", "and", "or", "but", "et", "ou", "mais", "y", "o",
    "pero", "e", "ma",
];

/// Articles that never open a subject (German dative, accusative and genitive forms): a clause
/// that starts with one has its subject after the verb (`Dem Minister sagte Weber:`).
const OBJECT_ARTICLES: &[&str] = &["dem", "den", "einem", "einen", "des", "eines"];

/// Whether a clause starts after `t`: it ends in punctuation, is punctuation, a conjunction, or
/// a capitalised word that is never a name ("Then", "Heute").
fn clause_break(t: &Tok<'_>) -> bool {
    t.word.is_empty()
        || !t.post.is_empty()
        || CONJUNCTIONS.iter().any(|c| eq_word(t.word, c))
        || (WORDS.not_names.contains(t.word) && !is_article(t.word))
}

/// The longest subject that ends `ts` and starts a clause (so "Officials in Berlin said"
/// gives nothing, nor "Die Studie sagt" "Studie"). `clause_start` tells whether `ts` itself
/// starts at a clause boundary.
fn subject_ending(ts: &[Tok<'_>], clause_start: bool) -> Option<Subject> {
    if ts.last().is_some_and(|t| !t.post.is_empty()) {
        return None;
    }
    let low = ts.len().saturating_sub(6);
    for s in low..ts.len() {
        let Some(found) = ts.get(s..).and_then(exact_subject) else {
            continue;
        };
        let starts = match s.checked_sub(1).and_then(|p| ts.get(p)) {
            None => clause_start,
            Some(p) => clause_break(p),
        };
        return starts.then_some(found);
    }
    None
}

/// A subject that opens its sentence, set off from the verb by an aside between commas
/// (`Sophie Arnold, die das Projekt betreut,`, `Oliver Grant, who founded the charity,`):
/// `ts` ends with the aside's comma, and the aside starts with a relative pronoun or an
/// article. `clause_start` tells whether `ts` itself starts a sentence.
fn subject_aside(ts: &[Tok<'_>], clause_start: bool) -> Option<Subject> {
    const ASIDES: &[&str] = &[
        "der", "die", "das", "deren", "dessen", "who", "whose", "which", "qui", "que", "dont",
        "quien", "quienes", "che", "cui", "the", "a", "an", "le", "la", "el", "il", "un", "une",
        "una", "uno",
    ];
    let (last, _) = ts.split_last()?;
    if last.post != "," || ts.len() > 14 {
        return None;
    }
    // The sentence start: after the last full stop, else the start of `ts`.
    let start = match ts
        .iter()
        .rposition(|t| t.post.contains(['.', '!', '?', ':', ';']) || t.word.is_empty())
    {
        Some(k) => k + 1,
        None if clause_start => 0,
        None => return None,
    };
    let rest = ts.get(start..)?;
    let (subj, m) = subject(rest)?;
    let aside = rest.get(m..)?;
    let opens = rest.get(m - 1).is_some_and(|t| t.post == ",")
        && aside
            .first()
            .is_some_and(|t| t.pre.is_empty() && ASIDES.contains(&t.word));
    let plain = aside.len() >= 2
        && aside.len() <= 10
        && aside.iter().take(aside.len() - 1).all(|t| {
            !t.post
                .contains(['.', '!', '?', ':', ';', '“', '”', '"', '«', '»', '„'])
        });
    (opens && plain && !matches!(subj, Subject::Pronoun)).then_some(subj)
}

/// The number of tokens of a speech verb at the start of `ts` usable in the way `ok` allows.
/// Every token of the verb but the last must be bare; the last may carry punctuation only when
/// `last_post` allows it.
fn verb_at(ts: &[Tok<'_>], ok: impl Fn(Use) -> bool, last_post: bool) -> Option<(usize, Use)> {
    let candidates = WORDS.verbs.get(ts.first()?.word)?;
    candidates.iter().find_map(|(words, usage)| {
        if !ok(*usage) {
            return None;
        }
        let n = words.len();
        let toks = ts.get(..n)?;
        let fits = toks
            .iter()
            .zip(words.iter())
            .enumerate()
            .all(|(k, (t, w))| {
                eq_word(t.word, w)
                    && (k == 0 || t.pre.is_empty())
                    && (t.post.is_empty() || (k + 1 == n && last_post))
            });
        fits.then_some((n, *usage))
    })
}

/// A speaker tag right after a closing mark: `, said Li.`, `, Li said.`, `», dit-il.`,
/// `—dijo García—`. `full_stop` tells that the quotation ended in a full stop: then only a
/// tag set off by a comma or dash counts (`“I agree.” Li left.` starts a new sentence).
fn tag_after(text: &str, full_stop: bool) -> Option<Subject> {
    let rest = text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | '—' | '–' | '-')
    });
    if !rest.starts_with(char::is_alphabetic) {
        return None;
    }
    let separator = text.get(..text.len() - rest.len()).unwrap_or("");
    if full_stop && !separator.contains([',', '—', '–', '-']) {
        return None;
    }
    let mut ts = first_tokens(rest, 10);
    // The clause ends at the first sentence end.
    if let Some(end) = ts
        .iter()
        .position(|t| t.post.contains(['.', '!', '?', '…']) && !is_initial(t) && !is_abbr(t))
    {
        ts.truncate(end + 1);
    }
    let colon = |t: Option<&Tok<'_>>| t.is_some_and(|t| t.post.contains(':'));
    // "said Li", "sagte Müller", "so Weber", "according to Li". A name ends the clause or
    // is followed by a small word ("said Li on Tuesday"), not "said Paris officials".
    if let Some((n, _)) = verb_at(&ts, |u| u != Use::AfterSubject, false)
        && let Some((s, m)) = ts.get(n..).and_then(subject)
        && !colon(ts.get(n + m - 1))
    {
        // "a dit le maire, Jean Dupuis.": the role's name follows it.
        if matches!(s, Subject::Role(_))
            && ts.get(n + m - 1).is_some_and(|t| t.post == ",")
            && let Some(named @ Subject::Name(_)) = ts.get(n + m..).and_then(exact_subject)
        {
            return Some(named);
        }
        let last_bare = ts.get(n + m - 1).is_some_and(|t| t.post.is_empty());
        let ends = match ts.get(n + m) {
            _ if !last_bare => true,
            None => true,
            Some(t) => t.pre.is_empty() && AFTER_NAME.contains(&t.word),
        };
        if ends || !matches!(s, Subject::Name(_)) {
            return Some(s);
        }
    }
    // "dit-il", "dit-elle".
    if ts.first().is_some_and(verb_pronoun) {
        return Some(Subject::Pronoun);
    }
    // "Li said", "the mayor said", "she said".
    if let Some((s, m)) = subject(&ts)
        && ts.get(m - 1).is_some_and(|t| t.post.is_empty())
        && let Some((n, _)) = ts
            .get(m..)
            .and_then(|rest| verb_at(rest, |u| u != Use::BeforeSubject, true))
        && !colon(ts.get(m + n - 1))
    {
        return Some(s);
    }
    None
}

/// A French verb with its pronoun after it: "dit-il", "explique-t-elle" is not included.
fn verb_pronoun(t: &Tok<'_>) -> bool {
    t.pre.is_empty()
        && t.word.split_once('-').is_some_and(|(v, p)| {
            is_pronoun(p)
                && VERBS
                    .iter()
                    .any(|(w, u)| *u != Use::AfterSubject && w.len() == 1 && w.first() == Some(&v))
        })
}

fn is_abbr(t: &Tok<'_>) -> bool {
    t.post.starts_with('.') && TITLE_ABBREVIATIONS.contains(&t.word)
}

/// Where the text before a quotation starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// At the start of the block.
    Block,
    /// Right after another quotation's closing mark.
    Quote,
    /// Somewhere in running text (the window was cut).
    Cut,
}

/// A speaker tag right before an opening mark: `Li said: `, `sagte Müller: `,
/// `according to Li, `, or a tag ending the previous clause: `„…“, sagte Müller. `,
/// `…, betonte der Bürgermeister. `.
fn tag_before(text: &str, start: Start) -> Option<Subject> {
    let (all, sep, cut) = tag_tokens(text, start)?;
    let ts = all.as_slice();
    let last = ts.last()?;
    if last.word.is_empty() || !(last.post.is_empty() || last.post == sep.to_string()) {
        return None;
    }
    // An adverb after the subject: "sagt er dann."
    let adverb = TAG_ADVERBS.iter().any(|a| eq_word(last.word, a))
        && ts.len() >= 2
        && ts.get(ts.len() - 2).is_some_and(|t| t.post.is_empty());
    let body = ts.get(..ts.len() - usize::from(adverb))?;
    let tag = Tag {
        body,
        sep,
        start,
        cut,
    };
    if let Some(subj) = tag.verb_then_subject() {
        return Some(subj);
    }
    // "« … », dit-il. « … »"
    if sep == '.' && start == Start::Quote && !cut {
        let words: Vec<&Tok<'_>> = body.iter().filter(|t| !t.word.is_empty()).collect();
        if let [t] = words.as_slice()
            && verb_pronoun(t)
        {
            return Some(Subject::Pronoun);
        }
    }
    let dot = sep == '.';
    if adverb || (dot && (start != Start::Quote || cut)) {
        return None;
    }
    tag.subject_then_verb()
}

/// The last words before an opening mark (at most 13, in order), the separator that ends them
/// (`:`, `,` or `.`) and whether the window was cut.
fn tag_tokens(text: &str, start: Start) -> Option<(Vec<Tok<'_>>, char, bool)> {
    let text = text.trim_end();
    let sep = text.chars().next_back()?;
    if !matches!(sep, ':' | ',' | '.') {
        return None;
    }
    let mut all: Vec<Tok<'_>> = text.split_whitespace().rev().take(14).map(tok).collect();
    let cut = all.len() == 14 || start == Start::Cut;
    if cut {
        all.truncate(13);
    }
    all.reverse();
    // French puts a space before the colon: "a déclaré Dupont : «".
    if all
        .last()
        .is_some_and(|t| t.word.is_empty() && t.pre == ":")
    {
        all.pop();
    }
    Some((all, sep, cut))
}

/// A candidate speaker tag: its words (a trailing adverb removed) and where it stands.
struct Tag<'t, 'a> {
    body: &'t [Tok<'a>],
    sep: char,
    start: Start,
    cut: bool,
}

impl Tag<'_, '_> {
    /// Verb, then subject: "sagte Müller:", "…, betonte der Bürgermeister.", and after an
    /// initial element that is not the subject: "Zu Li Qiang sagte Musk:", "Dann sagte Müller:".
    /// When the clause opens with its subject ("Li Qiang versicherte Musk:"), the words after
    /// the verb are its object (the listener), not the speaker.
    fn verb_then_subject(&self) -> Option<Subject> {
        let body = self.body;
        for v in (body.len().saturating_sub(6)..body.len()).rev() {
            let Some((n, usage)) = body.get(v..).and_then(|r| verb_at(r, |_| true, false)) else {
                continue;
            };
            if usage == Use::AfterSubject {
                continue;
            }
            if usage == Use::Both && !self.inverted(body.get(..v).unwrap_or(&[])) {
                continue;
            }
            let Some(rest) = body.get(v + n..) else {
                continue;
            };
            let mut rest: Vec<Tok<'_>> = rest.to_vec();
            if let Some(t) = rest.last_mut() {
                t.post = "";
            }
            let Some(subj) = exact_subject(&rest).or_else(|| self.subject_then_listener(&rest))
            else {
                continue;
            };
            if self.verb_first_fits(body.get(..v).unwrap_or(&[]), usage) {
                return Some(subj);
            }
        }
        None
    }

    /// Before a colon, a subject followed by its listener, which starts with a small word:
    /// `sagte Müller den Reportern:`, `a dit Dupont aux journalistes :`.
    fn subject_then_listener(&self, rest: &[Tok<'_>]) -> Option<Subject> {
        if self.sep != ':' {
            return None;
        }
        let (subj, m) = subject(rest)?;
        let listener = rest.get(m..)?;
        let fits = rest.get(m - 1).is_some_and(|t| t.post.is_empty())
            && (1..=4).contains(&listener.len())
            && listener
                .first()
                .is_some_and(|t| t.word.starts_with(char::is_lowercase))
            && listener
                .iter()
                .all(|t| t.pre.is_empty() && !t.word.is_empty());
        fits.then_some(subj)
    }

    /// Whether the words of the verb's clause before it (`before`, from its start) leave the
    /// subject to follow the verb: nothing (`…, sagte Müller.`), or an element that cannot be
    /// the subject (an adverb, a phrase with a preposition, a dative or accusative article:
    /// `Dann`, `Zu Li Qiang`, `Dem Minister`). A subject there (`Li Qiang versicherte Musk:`,
    /// `Er sagte Weber:`, `Die Ministerin sagte Weber:`), or words whose start was cut off, do
    /// not.
    fn inverted(&self, before: &[Tok<'_>]) -> bool {
        let from = before
            .iter()
            .rposition(|t| t.word.is_empty() || !t.post.is_empty())
            .map_or(0, |k| k + 1);
        let mut front = before.get(from..).unwrap_or(&[]);
        while let Some((first, rest)) = front.split_first()
            && COORDINATORS.iter().any(|c| eq_word(first.word, c))
        {
            front = rest;
        }
        let Some(first) = front.first() else {
            return true;
        };
        if from == 0 && self.cut {
            // The clause may have started before the window: its front is unknown.
            return !front
                .iter()
                .any(|t| is_name_word(t.word) || is_pronoun(t.word));
        }
        if is_article(first.word) {
            return OBJECT_ARTICLES.iter().any(|a| eq_word(first.word, a));
        }
        if is_pronoun(first.word) || exact_subject(front).is_some() {
            return false;
        }
        // A capitalised word that may start a name ("Li Qiang Musk", "Qiang"): its clause
        // might open with the subject. Words that are never names do not.
        !is_name_word(first.word)
    }

    /// Whether a verb-first tag may stand after `before`.
    fn verb_first_fits(&self, before: &[Tok<'_>], usage: Use) -> bool {
        let boundary = match before.last() {
            None => !self.cut,
            Some(p) => p.word.is_empty() || p.post.contains([',', ';', '—', '–']),
        };
        match (self.sep, usage) {
            // "„…“, so Weber. „…“": only right after a quotation.
            ('.', Use::BeforeSubject) => {
                self.start == Start::Quote && !self.cut && before.iter().all(|t| t.word.is_empty())
            }
            ('.', _) => boundary,
            _ => true,
        }
    }

    /// Subject, then verb: "Li said:", "Li said in a statement:", "Müller sagte,", and right
    /// after a quotation "“…,” Li said. “…”".
    fn subject_then_verb(&self) -> Option<Subject> {
        let body = self.body;
        for v in (body.len().saturating_sub(7)..body.len()).rev() {
            let Some((n, usage)) = body.get(v..).and_then(|r| verb_at(r, |_| true, true)) else {
                continue;
            };
            if usage == Use::BeforeSubject {
                continue;
            }
            let between = body.get(v + n..).unwrap_or(&[]);
            let verb_bare = body.get(v + n - 1).is_some_and(|t| t.post.is_empty());
            if !self.between_ok(between, verb_bare) {
                continue;
            }
            let Some(before) = body.get(..v) else {
                continue;
            };
            let subj = if self.sep == '.' {
                // Nothing but the subject since the quotation before.
                let first = before
                    .iter()
                    .position(|t| !t.word.is_empty())
                    .unwrap_or(before.len());
                before.get(first..).and_then(exact_subject)
            } else {
                subject_ending(before, !self.cut).or_else(|| subject_aside(before, !self.cut))
            };
            if subj.is_some() {
                return subj;
            }
        }
        None
    }

    /// Words between the verb and the mark, only before a colon: at most five, with no
    /// punctuation but at the end. They are the listener or a circumstance (`told Musk`,
    /// `versicherte den Anwohnern`, `a assuré à Musk`, `said in a statement`): the subject
    /// before the verb must open its clause for them to be read so (see [`subject_ending`]).
    fn between_ok(&self, between: &[Tok<'_>], verb_bare: bool) -> bool {
        between.is_empty()
            || (self.sep == ':'
                && verb_bare
                && between.len() <= 5
                && between.iter().enumerate().all(|(k, t)| {
                    t.pre.is_empty()
                        && !t.word.is_empty()
                        && (t.post.is_empty() || k + 1 == between.len())
                }))
    }
}

/// Japanese tags: `」と田中さんは言った` after the quotation, or `田中さんは「…」と言った`.
fn tag_japanese(before: &str, after: &str) -> Option<String> {
    const VERBS_JA: &[&str] = &["言", "述", "話", "語", "説明", "答", "強調", "明か"];
    const HONORIFICS: &[&str] = &["さん", "氏", "様", "先生", "くん", "君", "ちゃん"];
    const NOT_NAMES_JA: &[&str] = &["彼", "彼女", "私", "僕", "俺", "誰"];
    fn name(s: &str) -> Option<String> {
        let mut s = s;
        for h in HONORIFICS {
            if let Some(stripped) = s.strip_suffix(h) {
                s = stripped;
                break;
            }
        }
        let n = s.chars().count();
        let kanji_or_kana = s
            .chars()
            .all(|c| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{30a0}'..='\u{30ff}' | '\u{3005}'));
        ((1..=8).contains(&n) && kanji_or_kana && !NOT_NAMES_JA.contains(&s)).then(|| s.to_string())
    }
    let rest = after.trim_start().strip_prefix('と')?;
    if VERBS_JA.iter().any(|v| rest.starts_with(v)) {
        // The subject came before the quotation: "田中さんは「".
        let b = before.trim_end();
        let b = b.strip_suffix('は').or_else(|| b.strip_suffix('が'))?;
        let start = b
            .char_indices()
            .rev()
            .take_while(|(_, c)| !matches!(c, '。' | '、' | '」' | '　' | ' ' | '！' | '？'))
            .last()
            .map_or(b.len(), |(i, _)| i);
        return name(b.get(start..)?);
    }
    let (subject, verb) = rest.split_once('は').or_else(|| rest.split_once('が'))?;
    if !VERBS_JA.iter().any(|v| verb.starts_with(v)) {
        return None;
    }
    name(subject)
}

/// The text after a dash that opens an attribution ("— Ambrose Trill, keeper of …").
fn attribution(text: &str) -> Option<String> {
    let t = text.trim();
    let rest = ["—", "–", "―", "--", "-"]
        .iter()
        .find_map(|d| t.strip_prefix(d))?
        .trim_start_matches(['-', '—', '–']);
    if !rest.starts_with(char::is_whitespace) && !rest.starts_with(char::is_uppercase) {
        return None;
    }
    if count_words(rest, ATTRIBUTION_MAX_WORDS + 1) > ATTRIBUTION_MAX_WORDS {
        return None;
    }
    match subject(&first_tokens(rest, 8)) {
        Some((Subject::Name(n), _)) => Some(n),
        _ => None,
    }
}

/// "With these words (had) Name …" at the start of a paragraph.
fn these_words(text: &str) -> Option<Subject> {
    let ts = first_tokens(text, 12);
    let phrase = THESE_WORDS.iter().find(|p| {
        p.iter().enumerate().all(|(k, w)| {
            ts.get(k).is_some_and(|t| {
                eq_word(t.word, w) && t.pre.is_empty() && (t.post.is_empty() || k + 1 == p.len())
            })
        })
    })?;
    let mut i = phrase.len();
    let comma = ts.get(i - 1).is_some_and(|t| !t.post.is_empty());
    if !comma
        && ts
            .get(i)
            .is_some_and(|t| t.post.is_empty() && AUXILIARIES.iter().any(|a| eq_word(t.word, a)))
    {
        i += 1;
    }
    match subject(ts.get(i..)?)? {
        (Subject::Pronoun, _) => None,
        (s, _) => Some(s),
    }
}

/// The person a paragraph opens with ("Rentner Gerold Schäufele, der …", "Dr. Ulrike
/// Pfäffle, die …", "Bäckermeisterin Jördis Köhler verfolgte …"), for pronouns.
fn opening_person(text: &str) -> Option<String> {
    let ts = first_tokens(text, 8);
    let mut i = 0;
    let mut titled = false;
    let mut words: Vec<&str> = Vec::new();
    let mut comma = false;
    while let Some(t) = ts.get(i) {
        if !t.pre.is_empty() || i > 4 {
            return None;
        }
        if words.is_empty() && (is_title(t) || role_like(t.word)) {
            titled = true;
            i += 1;
            continue;
        }
        if !is_name_word(t.word) {
            break;
        }
        words.push(t.word);
        i += 1;
        if !t.post.is_empty() {
            if t.post != "," {
                return None;
            }
            comma = true;
            break;
        }
    }
    if !comma
        && !ts
            .get(i)
            .is_some_and(|t| t.pre.is_empty() && t.word.starts_with(char::is_lowercase))
    {
        return None;
    }
    let chosen = match (titled, words.len()) {
        (true, 1..=3) | (false, 2) => words.as_slice(),
        (false, 3) => words.get(1..)?,
        _ => return None,
    };
    Some(chosen.join(" "))
}

// ---------------------------------------------------------------------------------------------
// The document pass
// ---------------------------------------------------------------------------------------------

/// What a block is for quotations.
#[derive(Debug)]
enum Class {
    /// Not looked at.
    Skip,
    /// The whole block is a quotation: the quoted range (absolute) and an attribution after
    /// its closing mark.
    Whole {
        range: Range<usize>,
        attributed: Option<String>,
    },
    /// Running text, with its outermost pairs.
    Text(Vec<Pair>),
    /// "— Name" after a quotation paragraph.
    Attribution(String),
}

struct Finder<'d> {
    doc: &'d Document,
    /// Role → names the document gives that role ("bürgermeister" → "Reinhold
    /// Aschenbrenner"), built when first needed.
    roles: Option<HashMap<String, Vec<String>>>,
}

impl<'d> Finder<'d> {
    fn new(doc: &'d Document) -> Self {
        Finder { doc, roles: None }
    }

    fn block_text(&self, i: usize) -> &'d str {
        self.doc
            .blocks
            .get(i)
            .map_or("", |b| self.doc.block_text(b))
    }

    fn run(mut self) -> Vec<Quote> {
        let n = self.doc.blocks.len();
        let mut classes: Vec<Class> = (0..n).map(|i| self.classify(i)).collect();
        self.mark_attributions(&mut classes);
        // For each whole-block quotation, the attribution after it (through consecutive
        // quotation paragraphs).
        let mut attributed: Vec<Option<String>> = vec![None; n];
        let mut carry: Option<String> = None;
        for i in (0..n).rev() {
            match classes.get(i) {
                Some(Class::Attribution(name)) => carry = Some(name.clone()),
                Some(Class::Whole { .. }) => {
                    if let Some(slot) = attributed.get_mut(i) {
                        slot.clone_from(&carry);
                    }
                }
                _ => carry = None,
            }
        }

        let mut out = Vec::new();
        // The speaker of a quotation that ends the previous block, if any.
        let mut ending_speaker: Option<String> = None;
        for i in 0..n {
            let mut ends_with = None;
            match classes.get(i) {
                Some(Class::Whole {
                    range,
                    attributed: own,
                }) => {
                    let speaker = own
                        .clone()
                        .or_else(|| attributed.get(i).cloned().flatten())
                        .or_else(|| self.previous_tag(i, &classes))
                        .or_else(|| ending_speaker.clone())
                        .or_else(|| self.next_opening(i));
                    ends_with.clone_from(&speaker);
                    out.push(Quote {
                        range: range.clone(),
                        speaker,
                        paragraph: true,
                    });
                }
                Some(Class::Text(pairs)) => {
                    let text = self.block_text(i);
                    let base = self.doc.blocks.get(i).map_or(0, |b| b.range.start);
                    let tail_free = |p: &Pair| {
                        text.get(p.close_end..)
                            .is_some_and(|r| !r.chars().any(char::is_alphanumeric))
                    };
                    for (j, p) in pairs.iter().enumerate() {
                        let inner = trim_range(text, p.inner.clone());
                        let long = text
                            .get(inner.clone())
                            .is_some_and(|s| count_words(s, MIN_WORDS) >= MIN_WORDS);
                        let last = j + 1 == pairs.len() && tail_free(p);
                        if !long && !last {
                            continue;
                        }
                        let speaker = self.inline_speaker(i, pairs, j);
                        if last {
                            ends_with.clone_from(&speaker);
                        }
                        if long && !inner.is_empty() {
                            out.push(Quote {
                                range: base + inner.start..base + inner.end,
                                speaker,
                                paragraph: false,
                            });
                        }
                    }
                }
                _ => {}
            }
            ending_speaker = ends_with;
        }
        out
    }

    fn classify(&self, i: usize) -> Class {
        let Some(block) = self.doc.blocks.get(i) else {
            return Class::Skip;
        };
        let text = self.doc.block_text(block);
        let base = block.range.start;
        let quoted = block.quote_depth > 0;
        let whole_kinds = match block.kind {
            BlockKind::Paragraph => true,
            BlockKind::Lines | BlockKind::Heading { .. } => quoted,
            _ => false,
        };
        let text_kinds = matches!(block.kind, BlockKind::Paragraph | BlockKind::Lines);
        if (!whole_kinds && !text_kinds) || text.trim().is_empty() {
            return Class::Skip;
        }
        let pairs = if text_kinds || whole_kinds {
            pairs(text)
        } else {
            Vec::new()
        };
        let lead = text.len() - text.trim_start().len();
        if whole_kinds && let Some(first) = pairs.first().filter(|p| p.open == lead) {
            let tail = text.get(first.close_end..).unwrap_or("").trim();
            let inner = trim_range(text, first.inner.clone());
            let punct_only = tail.chars().count() <= 3 && !tail.chars().any(char::is_alphanumeric);
            if !inner.is_empty() && punct_only {
                return Class::Whole {
                    range: base + inner.start..base + inner.end,
                    attributed: None,
                };
            }
            if !inner.is_empty()
                && let Some(name) = attribution(tail)
            {
                return Class::Whole {
                    range: base + inner.start..base + inner.end,
                    attributed: Some(name),
                };
            }
            // A pair that closes before the end: running text with inline quotations.
            return if text_kinds {
                Class::Text(pairs)
            } else {
                Class::Skip
            };
        }
        if quoted && whole_kinds {
            if attribution(text).is_some() {
                // Decided with its neighbours in `mark_attributions`.
                return Class::Text(pairs);
            }
            let range = trim_range(text, 0..text.len());
            return Class::Whole {
                range: base + range.start..base + range.end,
                attributed: None,
            };
        }
        if text_kinds {
            Class::Text(pairs)
        } else {
            Class::Skip
        }
    }

    /// Turns "— Name" blocks that follow a quotation paragraph (directly, or within the same
    /// block quote) into attributions; a quoted "— …" block that is not one is a quotation.
    fn mark_attributions(&self, classes: &mut [Class]) {
        for i in 0..classes.len() {
            if !matches!(classes.get(i), Some(Class::Text(_))) {
                continue;
            }
            let Some(block) = self.doc.blocks.get(i) else {
                continue;
            };
            let text = self.doc.block_text(block);
            let Some(name) = attribution(text) else {
                continue;
            };
            let prev = i
                .checked_sub(1)
                .and_then(|p| Some((classes.get(p)?, self.doc.blocks.get(p)?)));
            let follows = match prev {
                Some((Class::Whole { .. }, _)) => true,
                Some((Class::Attribution(_), b)) => b.quote_depth > 0 && block.quote_depth > 0,
                _ => false,
            };
            if let Some(slot) = classes.get_mut(i) {
                if follows {
                    *slot = Class::Attribution(name);
                } else if block.quote_depth > 0 {
                    let range = trim_range(text, 0..text.len());
                    *slot = Class::Whole {
                        range: block.range.start + range.start..block.range.start + range.end,
                        attributed: None,
                    };
                }
            }
        }
    }

    /// A speaker tag ending the block before a quotation paragraph ("Li said:",
    /// "…, betonte der Bürgermeister.").
    fn previous_tag(&mut self, i: usize, classes: &[Class]) -> Option<String> {
        let p = i.checked_sub(1)?;
        let Some(Class::Text(pairs)) = classes.get(p) else {
            return None;
        };
        let text = self.block_text(p);
        let from = pairs.last().map_or(0, |q| q.close_end);
        let window = window_before(text, from, text.len());
        let start = if window.len() < text.len() - from {
            Start::Cut
        } else if pairs.is_empty() {
            Start::Block
        } else {
            Start::Quote
        };
        let subject = tag_before(window, start)?;
        self.resolve(subject, p)
    }

    /// "With these words (had) Name …" opening the block after a quotation paragraph.
    fn next_opening(&mut self, i: usize) -> Option<String> {
        let block = self.doc.blocks.get(i + 1)?;
        if !matches!(block.kind, BlockKind::Paragraph) {
            return None;
        }
        let subject = these_words(self.doc.block_text(block))?;
        self.resolve(subject, i + 1)
    }

    /// The speaker of the `j`th pair of block `i`: the tag after it, else the tag before it.
    fn inline_speaker(&mut self, i: usize, pairs: &[Pair], j: usize) -> Option<String> {
        let text = self.block_text(i);
        let p = pairs.get(j)?;
        let prev_end = j
            .checked_sub(1)
            .and_then(|k| pairs.get(k))
            .map_or(0, |q| q.close_end);
        let next_open = pairs.get(j + 1).map_or(text.len(), |q| q.open);
        let before = window_before(text, prev_end, p.open);
        let after = window_after(text, p.close_end, next_open);
        let full_stop = text
            .get(p.inner.clone())
            .is_some_and(|q| q.trim_end().ends_with('.'));
        if let Some(subject) = tag_after(after, full_stop) {
            return self.resolve(subject, i);
        }
        if let Some(name) = tag_japanese(before, after) {
            return Some(name);
        }
        let start = if before.len() < p.open.saturating_sub(prev_end) {
            Start::Cut
        } else if j == 0 {
            Start::Block
        } else {
            Start::Quote
        };
        let subject = tag_before(before, start)?;
        self.resolve(subject, i)
    }

    /// A subject as a name: roles through the names the document gives them, pronouns through
    /// the person that block `i` opens with.
    fn resolve(&mut self, subject: Subject, i: usize) -> Option<String> {
        match subject {
            Subject::Name(n) => Some(n),
            Subject::Pronoun => opening_person(self.block_text(i)),
            Subject::Role(role) => {
                let doc = self.doc;
                let roles = self.roles.get_or_insert_with(|| role_names(doc));
                let names = roles.get(&role)?;
                let surname = |n: &String| n.rsplit(' ').next().map(str::to_string);
                let first = names.first().and_then(surname)?;
                if names
                    .iter()
                    .all(|n| surname(n).as_deref() == Some(first.as_str()))
                {
                    names.iter().max_by_key(|n| n.len()).cloned()
                } else {
                    None
                }
            }
        }
    }
}

/// At most [`WINDOW`] bytes of `text[from..to]`, the end of it, on a char boundary.
fn window_before(text: &str, from: usize, to: usize) -> &str {
    let mut start = from.max(to.saturating_sub(WINDOW));
    while start < to && !text.is_char_boundary(start) {
        start += 1;
    }
    text.get(start..to).unwrap_or("")
}

/// At most [`WINDOW`] bytes of `text[from..to]`, the start of it, on a char boundary.
fn window_after(text: &str, from: usize, to: usize) -> &str {
    let mut end = to.min(from.saturating_add(WINDOW));
    while end > from && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(from..end).unwrap_or("")
}

/// Every role the document names with a person ("Bürgermeister Reinhold Aschenbrenner",
/// "Mayor Li"), role (lower case) → the names, each once, at most eight.
///
/// A cheap scan: only capitalised words of a role's length are looked up, and only after a
/// role are tokens made.
fn role_names(doc: &Document) -> HashMap<String, Vec<String>> {
    static LENGTHS: LazyLock<u64> = LazyLock::new(|| {
        ROLE_TITLES.iter().fold(0u64, |m, r| {
            m | 1u64.checked_shl(r.len() as u32).unwrap_or(0)
        })
    });
    let lengths = *LENGTHS;
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for block in &doc.blocks {
        if matches!(
            block.kind,
            BlockKind::Code | BlockKind::Table | BlockKind::Rule
        ) {
            continue;
        }
        let mut words = doc.block_text(block).split_ascii_whitespace();
        while let Some(w) = words.next() {
            let capital = match w.as_bytes().first() {
                Some(b) if b.is_ascii_uppercase() => true,
                Some(b) if *b >= 0xC0 => w.starts_with(char::is_uppercase),
                _ => false,
            };
            if !capital
                || w.len() >= 64
                || lengths & (1u64 << w.len()) == 0
                || w.ends_with(|c: char| !c.is_alphabetic())
                || !is_role(w)
            {
                continue;
            }
            let ts: Vec<Tok<'_>> = std::iter::once(w)
                .chain(words.clone().take(6))
                .map(tok)
                .collect();
            let Some((Subject::Name(name), _)) = subject(&ts) else {
                continue;
            };
            let names = map.entry(w.to_lowercase()).or_default();
            if names.len() < 8 && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    map
}

#[cfg(test)]
mod tests;
