//! Plain text -> [`Document`]: recovers an article's structure from bare text.
//!
//! This module owns the heuristics that turn a `.txt` file into blocks:
//!
//! - paragraphs are separated by blank (empty or whitespace-only) lines;
//! - a title (first paragraph, one short line without a final `.` `,` `;` `:`), a byline
//!   ("By …", "Von …", "Par …", "Por …", "Di …" within the first five blocks, which also sets
//!   [`Meta::author`]), ALL-CAPS and underlined (`===` / `---`) headings, and short
//!   subheadings that stand between two prose paragraphs;
//! - hard-wrapped paragraphs are unwrapped; verse, indented blocks, tables, code and lists keep
//!   their lines (see [`parse`] for the thresholds);
//! - a paragraph wholly inside quotation marks („…“, “…”, «…», "…") is a block quote, and so
//!   is e-mail quoting with `>`;
//! - `* * *`, `---` and similar lines are rules.
//!
//! Input is already decoded and sanitised (only `\n` line ends, no tabs, no control
//! characters). Nothing here panics on any input, and nothing recurses. This module must not
//! depend on ratatui or crossterm.
//!
//! Speed: a 4 MB text is read in one pass, paragraph by paragraph, each line's end and width
//! found eight bytes at a time; the blocks go to the builder as they are classified (only
//! the last two wait, for the subheading rule). Whole-document statistics come from a
//! bounded sample of the beginning, so that [`parse_prefix`] can parse just the beginning
//! and get the same blocks.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::document::{BlockKind, Document, DocumentBuilder, ListMark, Meta};

mod headings;
mod lists;
mod verse;

pub use verse::hang as verse_hang;

/// Told to the reader when a file holds no text at all.
pub const EMPTY_NOTICE: &str = "This article is empty.";

/// A file header's fields ("Title: …") are looked for in so many first paragraphs.
const FIELD_WINDOW: usize = 10;
/// A first line indented by this many columns or more is taken to be centred.
const CENTRED_INDENT: usize = 4;
/// A centred line's margins differ by at most this many columns.
const CENTRED_SLACK: usize = 6;
/// A title is one line of at most this many characters …
const TITLE_MAX_CHARS: usize = 100;
/// … and at most this many words.
const TITLE_MAX_WORDS: usize = 15;
/// A byline is one line of at most this many characters.
const BYLINE_MAX_CHARS: usize = 80;
/// Each name in a byline has at most this many words.
const BYLINE_MAX_NAME_WORDS: usize = 6;
/// A byline must be among the first this many blocks.
const BYLINE_WINDOW: usize = 5;
/// First words that open a byline (case-sensitive).
const BYLINE_PREFIXES: &[&str] = &[
    "By", "Von", "Par", "Por", "Di", "BY", "VON", "PAR", "POR", "DI",
];
/// Words that join names in a byline ("Ann Lee and Tom Wu").
const NAME_CONNECTORS: &[&str] = &["and", "und", "et", "y", "e", "&"];
/// Lower-case words allowed inside a name ("Ursula von der Leyen").
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "des", "la", "le", "zu",
    "ten", "ter", "bin", "ibn", "al", "el", "dos", "das",
];
/// Headings (ALL CAPS, underlined, subheadings) are at most this many characters.
const HEADING_MAX_CHARS: usize = 60;
/// A subheading between two prose paragraphs has at most this many words.
const SUBHEADING_MAX_WORDS: usize = 8;
/// A paragraph counts as prose (for the subheading rule) from this many words.
const PROSE_MIN_WORDS: usize = 10;
/// Below this estimated wrap width the text is not treated as hard-wrapped prose.
const MIN_WRAP_WIDTH: usize = 45;
/// A line is "full" when it reaches this fraction (num, den) of the wrap width.
const FULL_LINE: (usize, usize) = (3, 4);
/// A multi-line paragraph is prose when at least this fraction (num, den) of its lines
/// (all but the last) are full.
const PROSE_FULL_LINES: (usize, usize) = (2, 3);
/// Deeper list nesting is shown at this depth.
const MAX_LIST_DEPTH: usize = 8;
/// Deeper e-mail quoting is shown at this depth.
const MAX_QUOTE_DEPTH: u8 = 8;

/// Characters that may open a quotation paragraph.
const OPENING_QUOTES: &[char] = &[
    '"', '\'', '“', '”', '„', '«', '»', '‚', '‘', '’', '‹', '›', '「', '『',
];
/// Characters that may close a quotation paragraph.
const CLOSING_QUOTES: &[char] = &[
    '"', '\'', '“', '”', '«', '»', '‘', '’', '‹', '›', '」', '』',
];

/// The document-wide statistics (common indent, wrap width, whether the text is hard-wrapped)
/// are taken from about this much of the beginning of a text, so that a quick parse of the
/// beginning ([`parse_prefix`]) decides every paragraph as the whole parse does. 256 KiB is
/// some 3,500 lines of a hard-wrapped book: plenty for a 90th percentile, and cheap to look at.
pub const SAMPLE_BYTES: usize = 256 * 1024;

/// Parses plain text into a [`Document`].
///
/// The heuristics and their thresholds:
///
/// - **Sample.** The document-wide statistics below (common indent, wrap width) come from the
///   *sample*: the text up to the last paragraph break (a blank line after text) that starts
///   within the first [`SAMPLE_BYTES`], or, when there is none, up to the first paragraph
///   break after that (the whole text when there is none at all). A text of at most
///   [`SAMPLE_BYTES`] is its own sample. Every other decision is local to a paragraph and
///   the paragraphs around it.
/// - **Common indent.** When one indentation (more than zero columns) covers at least half of
///   the non-blank lines of the sample (RFCs, some e-mail), it is the baseline and is
///   stripped first.
/// - **Wrap width.** Widths are terminal columns (a CJK character takes two, so Chinese
///   wrapped at 35 characters is wrapped at 70 columns). The 90th percentile of the widths of all lines but the last of every
///   multi-line paragraph of the sample that is not a list, table or indented block (e-mail
///   quoting included). The text counts as hard-wrapped when that width is at least 45
///   columns and fewer than one in three multi-line paragraphs of the sample is matched by an
///   over-long prose line of the sample (wider than 1.5 × the wrap width and wider than the
///   wrap width + 20, with at least 8 words). Otherwise every multi-line paragraph keeps its
///   line breaks (they were deliberate).
/// - **Prose or verse.** In a hard-wrapped text a line is *full* when it reaches 3/4 of the
///   wrap width or when the next line's first word would not have fitted after it. A
///   multi-line paragraph is prose (unwrapped into one [`BlockKind::Paragraph`]) when at least
///   2/3 of its lines but the last are full; otherwise it is verse ([`BlockKind::Lines`]).
/// - **Unwrapping.** Lines are joined with a space, except after a line that ends in a hyphen
///   or dash (`-`, `‐`, `—`) right after a letter or digit when the next line starts with a
///   lower-case letter: then the hyphen is kept and no space is inserted ("well-" + "known" ->
///   "well-known"; "Eltern-" + "und" becomes "Eltern-und", an accepted loss). A line ending
///   in a soft hyphen is joined without a space, and so are two CJK characters (Han, kana,
///   CJK punctuation, fullwidth forms; not Hangul: see [`super::joins_without_space`]).
/// - **Kept lines.** A multi-line paragraph keeps its lines ([`BlockKind::Lines`], indentation
///   kept relative to its least-indented line) when every line is indented by 2+ columns, or
///   when it looks like a table or code: at least half its lines contain `|`; a separator line
///   made of `-=+|_:*~#` or box-drawing characters; at least half the lines look like code
///   (end in `{` `}` `;`, start with `}` `//` `$ ` `#!`); or gaps of 2+ spaces (not after
///   sentence punctuation) that line up in one column on at least 60% of the lines (or
///   occur on at least 60% of 3+ lines); or gaps of 4+ spaces on at least half the lines
///   (2+). A single line is never kept as lines.
/// - **Lists.** A multi-line paragraph whose first line starts with a bullet (`-` `*` `+`
///   `•` `·` `–`) or a number (`1.`, `2)`, up to three digits) and that has at least two such
///   lines becomes list items ([`ListMark`]); other lines continue the item above. Depth
///   follows indentation.
/// - **Title.** The first paragraph, if it is one line of at most 100 characters and 15 words
///   that does not end in `.` `,` `;` `:` (quotes around it are looked through), or if it is
///   underlined. A first paragraph of two lines, a title line and a byline, gives both.
/// - **Byline.** A one-line paragraph among the first five blocks: "By", "Von", "Par", "Por"
///   or "Di" (or in capitals), then one or more names of 1–6 words each (capitalised words,
///   initials, particles like "von"/"de"), joined by ", ", "and", "und", "et", "y", "e", "&",
///   optionally followed by ", Place" or " | …"; at most 80 characters. [`Meta::author`] is
///   the names.
/// - **Headings.** A one-line paragraph of at most 60 characters in capitals (no final `,`
///   `;` `:`, and `.` only with at most three words, as in "CHAPTER I.") is level 2. A line
///   underlined with `===` is level 1, with `---` level 2 (the underline at least 3
///   characters and half the line's length). A one-line paragraph of at most 60 characters and
///   8 words that starts with a capital or a section number, ends in a letter or digit, and
///   stands between two prose paragraphs (10+ words each) is a level-2 subheading.
/// - **Quotes.** A paragraph whose first character is an opening quote and whose last is a
///   closing one gets `quote_depth` 1. A paragraph whose every line starts with `>` (e-mail
///   quoting; `>>` or `> >` nest, up to 8) is quoted text: the markers are stripped, a line of
///   `>` alone separates paragraphs, and each run is unwrapped when it is prose.
/// - **Rules.** A one-line paragraph of 3+ of `* - _ = ~ # · • ∗ — – .` (spaces allowed), or
///   one of `⁂ ❧ ※ ❦ ✻ ◆ ◇ ⸙`.
pub fn parse(text: &str) -> Document {
    // Without a limit there is always a sample.
    let Sample { mut lines, end } = read_sample(text, usize::MAX).unwrap_or_default();
    let stats = sample_stats(&mut lines);
    // The sample's lines are read already; the rest of the text follows them.
    let rest = text.get(end..).filter(|_| end < text.len()).unwrap_or("");
    let rest = (!rest.is_empty()).then(|| self::lines(rest, stats.baseline));
    let all = lines.into_iter().chain(rest.into_iter().flatten());
    let (b, _) = assemble(all, stats, text.len(), true);
    b.finish()
}

/// The beginning of [`parse`]'s document: its first blocks, for a text longer than
/// `2 * min_bytes`, covering roughly the first `min_bytes` of the text. `None` when there is
/// no such beginning to be had cheaply (the text must then be parsed whole).
///
/// The beginning is parsed as the whole is, with the same sample statistics (see [`parse`]),
/// up to the first paragraph break at or after `min_bytes`; that break must come before
/// `2 * min_bytes` (a text without one, such as a single 4 MB line, gives `None`). The last
/// classified paragraph is then left out, because whether a short line is a subheading
/// depends on the paragraph after it. Every block kept has therefore seen the same
/// paragraphs, statistics and neighbours as in the whole parse, so the blocks are equal to
/// the whole parse's first blocks and the text is a prefix of its text. `None` also when the
/// sample itself does not end within `2 * SAMPLE_BYTES` (a huge first paragraph), when fewer
/// than five blocks' worth of paragraphs were seen and no byline was found (a byline could
/// still follow; the author must come out the same), or when nothing is left.
///
/// The cost is that of reading the sample and parsing `min_bytes` or so: bounded, whatever
/// the length of the text.
pub fn parse_prefix(text: &str, min_bytes: usize) -> Option<Document> {
    if text.len() <= min_bytes.saturating_mul(2) {
        return None;
    }
    let cut = paragraph_break(text, min_bytes, min_bytes.saturating_mul(2))?;
    let Sample { mut lines, end } = read_sample(text, 2 * SAMPLE_BYTES)?;
    let stats = sample_stats(&mut lines);
    // The lines before the cut: those of the sample, and more when the cut is after it.
    let (b, items) = if cut <= end {
        let before = text.get(..cut)?.bytes().filter(|&b| b == b'\n').count();
        lines.truncate(before);
        assemble(lines.into_iter(), stats, cut, false)
    } else {
        let more = self::lines(text.get(end..cut)?, stats.baseline);
        assemble(lines.into_iter().chain(more), stats, cut, false)
    };
    if items < BYLINE_WINDOW && b.meta().author.is_none() {
        return None;
    }
    let doc = b.finish();
    (!doc.blocks.is_empty()).then_some(doc)
}

/// The lines of a text's sample (see [`parse`]), indentation not yet relative to the
/// baseline, and the byte offset where the sample ends (the start of the line after its
/// lines, or the end of the text).
#[derive(Debug, Default)]
struct Sample<'a> {
    lines: Vec<Line<'a>>,
    end: usize,
}

/// Reads the sample of `text`; `None` when its end is not found within the first `limit`
/// bytes.
fn read_sample(text: &str, limit: usize) -> Option<Sample<'_>> {
    let whole = text.len() <= SAMPLE_BYTES;
    let mut lines = Vec::new();
    // The index of the last blank line after some text that starts within the sample size
    // (or of the first one after it).
    let mut end = None;
    let mut end_byte = text.len();
    let mut seen_text = false;
    let mut start = 0;
    loop {
        if !whole && start >= SAMPLE_BYTES && end.is_some() {
            break;
        }
        if !whole && start > limit {
            return None;
        }
        let scan = scan_line(text.as_bytes(), start);
        let line = line_at(text.get(start..scan.end)?, &scan, 0);
        if line.body.is_empty() {
            if seen_text {
                end = Some(lines.len());
                if !whole {
                    end_byte = start;
                }
            }
        } else {
            seen_text = true;
        }
        lines.push(line);
        if scan.end >= text.len() {
            break;
        }
        start = scan.end + 1;
    }
    if let Some(end) = end.filter(|_| !whole) {
        lines.truncate(end);
    }
    Some(Sample {
        lines,
        end: end_byte,
    })
}

/// The start of the first blank line that starts at or after byte `from`, if one starts
/// before `limit`.
fn paragraph_break(text: &str, from: usize, limit: usize) -> Option<usize> {
    let mut limit = limit.min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = text.get(..limit)?;
    let mut start = if from == 0 {
        0
    } else {
        let mut from = from - 1;
        while !text.is_char_boundary(from) {
            from += 1;
        }
        from + window.get(from..)?.find('\n')? + 1
    };
    while start < limit {
        let rest = text.get(start..)?;
        let after_space = rest.trim_start_matches(|c: char| c.is_whitespace() && c != '\n');
        if after_space.is_empty() || after_space.starts_with('\n') {
            return Some(start);
        }
        start += window.get(start..)?.find('\n')? + 1;
    }
    None
}

/// The lines of `text` as `str::split('\n')` gives them, read in one pass over their bytes
/// each (see [`scan_line`]), indentation relative to `baseline`.
fn lines(text: &str, baseline: usize) -> impl Iterator<Item = Line<'_>> {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let scan = scan_line(text.as_bytes(), from);
        start = (scan.end < text.len()).then_some(scan.end + 1);
        Some(line_at(text.get(from..scan.end)?, &scan, baseline))
    })
}

/// One source line, its indentation relative to `baseline`.
fn line_at<'a>(raw: &'a str, scan: &LineScan, baseline: usize) -> Line<'a> {
    // Most lines start and end with a printable ASCII character: nothing to trim.
    let printable = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    let bytes = raw.as_bytes();
    let (lead, body, cols) = if printable(bytes.first()) && printable(bytes.last()) {
        (0, raw, scan.cols)
    } else {
        let lead = leading_ws(raw);
        let body = raw.trim();
        (lead, body, columns(body))
    };
    let indent = lead.saturating_sub(baseline);
    Line {
        indent,
        body,
        width: indent + cols,
        quoted: body.starts_with('>') && strip_quote(body).0 > 0,
    }
}

/// What one pass over a line's bytes tells: where it ends (at its `'\n'` or the end of the
/// text) and its width in terminal columns (a CJK character takes two).
struct LineScan {
    end: usize,
    cols: usize,
}

/// The width of `s` in terminal columns: its length when it is ASCII.
fn columns(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        unicode_width::UnicodeWidthStr::width(s)
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `i` as a little-endian word, if there are eight.
fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk = bytes.get(i..i + 8)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    Some(u64::from_le_bytes(word))
}

/// The high bit of every byte of `x` that is zero, and maybe of some bytes above the lowest
/// zero byte: exact for "is there one" and for "which is the first".
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// Scans the line that starts at byte `start` for its end, eight bytes at a time. Its
/// width is its length when it is all ASCII (the usual case), else measured after.
fn scan_line(bytes: &[u8], start: usize) -> LineScan {
    let mut high = 0u64;
    let mut i = start;
    let end = loop {
        let Some(x) = word_at(bytes, i) else {
            let tail = bytes.get(i..).unwrap_or(&[]);
            let end = tail
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |n| i + n);
            let rest = tail.get(..end - i).unwrap_or(&[]);
            high |= u64::from(rest.iter().fold(0, |h, &b| h | b));
            break end;
        };
        let newline = zero_bytes(x ^ (LO * u64::from(b'\n')));
        if newline != 0 {
            let n = newline.trailing_zeros() / 8;
            high |= x & ((1u64 << (8 * n)).wrapping_sub(1));
            break i + n as usize;
        }
        high |= x;
        i += 8;
    };
    let line = bytes.get(start..end).unwrap_or(&[]);
    let cols = if high & HI == 0 {
        line.len()
    } else {
        std::str::from_utf8(line).map_or(line.len(), columns)
    };
    LineScan { end, cols }
}

/// Whether a line holds a `|`, and whether it holds two spaces in a row: one pass over its
/// bytes, eight at a time (the last eight overlapping the ones before when the length is not
/// a multiple of eight).
fn pipe_and_gap(body: &str) -> (bool, bool) {
    let bytes = body.as_bytes();
    if bytes.len() < 8 {
        let pipe = bytes.contains(&b'|');
        let gap = bytes.windows(2).any(|w| w == b"  ");
        return (pipe, gap);
    }
    let (mut pipes, mut pairs) = (0u64, 0u64);
    // The byte before the word, as compared with a space (not one, at first).
    let mut before = 0xff;
    let mut i = 0;
    loop {
        let at = i.min(bytes.len() - 8);
        let Some(x) = word_at(bytes, at) else {
            break;
        };
        pipes |= zero_bytes(x ^ (LO * u64::from(b'|')));
        let y = x ^ (LO * u64::from(b' '));
        // Each byte with the one before it (an overlapping last word has it already): zero
        // where both are spaces.
        let before_word = if at == i { before } else { 0xff };
        pairs |= zero_bytes(y | (y << 8) | before_word);
        before = y >> 56;
        if i + 8 >= bytes.len() {
            break;
        }
        i += 8;
    }
    (pipes != 0, pairs != 0)
}

/// The document-wide statistics from the lines of the sample (see [`parse`]): the baseline
/// indentation and the wrap width.
fn sample_stats<'a>(lines: &mut [Line<'a>]) -> Stats {
    // How many non-blank lines have each indentation: small ones counted in place.
    let mut small = [0usize; 32];
    let mut large: HashMap<usize, usize> = HashMap::new();
    let mut nonblank = 0usize;
    for line in lines.iter().filter(|l| !l.body.is_empty()) {
        nonblank += 1;
        match small.get_mut(line.indent) {
            Some(n) => *n += 1,
            None => *large.entry(line.indent).or_insert(0) += 1,
        }
    }
    // The most common indentation (smallest on ties) is the baseline when it covers half the
    // non-blank lines.
    let baseline = small
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .chain(large.iter().map(|(&indent, n)| (indent, n)))
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .filter(|&(_, &n)| n * 2 >= nonblank)
        .map_or(0, |(indent, _)| indent);
    for line in lines.iter_mut() {
        let indent = line.indent.saturating_sub(baseline);
        line.width -= line.indent - indent;
        line.indent = indent;
    }
    // Widths of all lines but the last of each paragraph that flows.
    let mut widths = Vec::new();
    let mut prose_lines = Vec::new();
    let mut multi = 0usize;
    // Numbered headings alone in their paragraphs, by label.
    let mut labels: HashMap<&'a str, usize> = HashMap::new();
    // Section lines followed by a paragraph that is not one.
    let (mut sections, mut after_section) = (0usize, false);
    let mut splitter = Splitter::default();
    let mut on_para = |para: &Para<'_, 'a>| {
        let section = matches!(para.lines, [line] if headings::section(line.body).is_some());
        sections += usize::from(after_section && !section);
        after_section = section;
        if let [line] = para.lines
            && let Some(label) = headings::numbered(line.body)
        {
            *labels.entry(label).or_insert(0) += 1;
        }
        let flowing = flows(para);
        if flowing && let Some((_, init)) = para.lines.split_last() {
            multi += 1;
            widths.extend(init.iter().map(|l| l.width));
        }
        // Lines of prose (not of tables, code or indented blocks) long enough to tell a text
        // that is not hard-wrapped.
        if flowing || para.lines.len() == 1 {
            prose_lines.extend(
                para.lines
                    .iter()
                    .filter(|l| words_upto(l.body, 8) >= 8)
                    .map(|l| l.width),
            );
        }
    };
    for line in lines.iter() {
        splitter.push(*line, &mut on_para);
    }
    splitter.finish(&mut on_para);
    Stats {
        baseline,
        wrap: wrap_width(widths, multi, &prose_lines),
        versed: verse::is_versed(lines.iter().map(|l| l.body)),
        series: labels.values().any(|&n| n >= headings::MIN_SERIES),
        sections: sections >= headings::MIN_SERIES,
    }
}

/// The document-wide statistics (see [`parse`]).
#[derive(Debug, Clone, Copy)]
struct Stats {
    /// The common indentation, stripped from every line.
    baseline: usize,
    /// The hard-wrap width, when the text is hard-wrapped.
    wrap: Option<usize>,
    /// The text is cut into numbered verses (see [`verse`]).
    versed: bool,
    /// Numbered headings ("Chapter 3") are headings wherever they stand (see [`headings`]).
    series: bool,
    /// Section lines are headings (see [`headings::section`]).
    sections: bool,
}

/// The hard-wrap width from the widths of the lines of flowing paragraphs (all but their
/// last lines) in `multi` paragraphs, or `None` when the text is not hard-wrapped.
/// `prose_lines` are the widths of the sample's lines of 8 words or more in paragraphs of
/// prose (not tables, code or indented blocks), for the over-long ones.
fn wrap_width(mut widths: Vec<usize>, multi: usize, prose_lines: &[usize]) -> Option<usize> {
    if widths.is_empty() {
        return None;
    }
    widths.sort_unstable();
    let w = *widths.get((widths.len() - 1) * 9 / 10)?;
    let long_limit = (w * 3 / 2).max(w + 20);
    let long = prose_lines.iter().filter(|&&w| w > long_limit).count();
    (w >= MIN_WRAP_WIDTH && long * 3 < multi).then_some(w)
}

/// Classifies the paragraphs of `lines` (of the whole text, or of a beginning of it that
/// ends at a paragraph break; `len` bytes) with the sample's statistics, into a builder.
/// With `keep_last` unset, the last item is left out (its subheading decision is not
/// final). Also gives the number of items classified.
fn assemble<'a>(
    lines: impl Iterator<Item = Line<'a>>,
    stats: Stats,
    len: usize,
    keep_last: bool,
) -> (DocumentBuilder, usize) {
    let mut b = DocumentBuilder::new(Meta::default());
    b.reserve(len);
    let mut asm = Assembler {
        b,
        wrap: stats.wrap,
        count: 0,
        prev: None,
        cur: None,
        buf: Vec::new(),
        nesting: lists::Nesting::default(),
        versed: stats.versed,
        sections: stats.sections,
        last_verse: None,
        numbered_headings: stats.series,
    };
    let mut splitter = Splitter::default();
    let mut on_para = |para: &Para<'_, 'a>| asm.para(para);
    for line in lines {
        splitter.push(line, &mut on_para);
    }
    splitter.finish(&mut on_para);
    asm.finish(keep_last)
}

/// Classifies paragraphs one after another and hands their blocks to the builder, holding
/// back the last two items for the subheading rule (which looks at both neighbours).
struct Assembler<'a> {
    b: DocumentBuilder,
    wrap: Option<usize>,
    /// Items classified so far.
    count: usize,
    /// The item before `cur`, final.
    prev: Option<Item<'a>>,
    /// The last item, which may still become a subheading.
    cur: Option<Item<'a>>,
    /// The items of the paragraph being classified.
    buf: Vec<Item<'a>>,
    /// The list being read, whose nesting carries over blank lines.
    nesting: lists::Nesting,
    versed: bool,
    /// Section lines ("2. Grafting.") are headings (see [`headings::section`]).
    sections: bool,
    /// The last verse read, in a versed text.
    last_verse: Option<verse::Ref>,
    /// Numbered headings are headings: the sample has a series of them, or one was taken for
    /// a heading already.
    numbered_headings: bool,
}

impl<'a> Assembler<'a> {
    fn para(&mut self, para: &Para<'_, 'a>) {
        if self.count < FIELD_WINDOW {
            fields(para.lines, self.b.meta_mut());
        }
        if let Some(item) = self.by_context(para) {
            self.add(item);
            return;
        }
        let shape = shape_of(para, self.wrap);
        let mut items = std::mem::take(&mut self.buf);
        classify(
            para,
            shape,
            self.wrap,
            self.count,
            self.b.meta_mut(),
            &mut items,
        );
        for item in items.drain(..) {
            self.add(item);
        }
        self.buf = items;
    }

    /// What a paragraph is by the paragraphs before it or the whole text, before its shape is
    /// looked at: a one-line item that goes on with the list above; a section line
    /// ("2. Grafting.") or a numbered heading ("Genesis 2") when the text uses them as
    /// headings; a centred line; in a versed text, a title-like line (a book's heading) and a
    /// paragraph that holds verses, one line per verse. `None` for anything else.
    fn by_context(&mut self, para: &Para<'_, 'a>) -> Option<Item<'a>> {
        let lines = para.lines;
        if para.underline.is_some() || lines.iter().all(|l| l.quoted) {
            return None;
        }
        if let [line] = lines {
            if let Some(m) = lists::marker(line.body)
                && self.nesting.continues(line.indent, m.class)
            {
                let entry = lists::Entry {
                    indent: line.indent,
                    marker: Some((m.class, m.level, m.text.to_string())),
                    text: m.rest.to_string(),
                };
                return Some(Item::Entries(vec![entry]));
            }
            let heading = |level| Some(Item::Heading(level, Cow::Borrowed(line.body)));
            if let Some(level) = headings::section(line.body).filter(|_| self.sections) {
                return heading(level);
            }
            if headings::numbered(line.body).is_some() {
                return if self.numbered_headings {
                    heading(2)
                } else {
                    None
                };
            }
            if self.count > 0 && centred(line, self.wrap) && title_like(line.body) {
                return heading(2);
            }
            // In a versed text, a title-like line that is not a verse names a book
            // ("The First Book of Moses: Called Genesis" over "1:1 In the beginning").
            if self.versed
                && self.count > 0
                && title_like(line.body)
                && verse::reference(line.body).is_none()
                && byline_author(line.body).is_none()
                && !is_rule_line(line.body)
            {
                return heading(1);
            }
        }
        if !self.versed {
            return None;
        }
        let bodies: Vec<&str> = lines.iter().map(|l| l.body).collect();
        let units = verse::units(&bodies, &mut self.last_verse)?;
        let text: Vec<String> = units
            .iter()
            .map(|unit| join_lines(unit.iter().copied()))
            .collect();
        Some(Item::Lines(text.join("\n"), 0))
    }

    /// Short one-line paragraphs between two prose paragraphs become level-2 headings: `cur`
    /// is decided when the item after it arrives.
    fn add(&mut self, next: Item<'a>) {
        self.count += 1;
        let next = self.nest(next);
        let prose = |item: &Item<'_>| matches!(item, Item::Para { prose: true, .. });
        let promote = matches!(
            &self.cur,
            Some(Item::Para {
                text,
                quote: 0,
                single: true,
                ..
            }) if subheading_like(text)
        ) && self.prev.as_ref().is_some_and(prose)
            && prose(&next);
        if promote && let Some(Item::Para { text, .. }) = self.cur.take() {
            self.numbered_headings |= headings::numbered(&text).is_some();
            self.cur = Some(Item::Heading(2, text));
        }
        if let Item::Heading(_, text) = &next {
            let numbered = headings::numbered(text).is_some();
            self.numbered_headings |= numbered;
            // A short line right over a chapter's heading is the heading of a part or book.
            if numbered
                && let Some(Item::Para {
                    text,
                    quote: 0,
                    single: true,
                    ..
                }) = &self.cur
                && subheading_like(text)
                && headings::numbered(text).is_none()
                && let Some(Item::Para { text, .. }) = self.cur.take()
            {
                self.cur = Some(Item::Heading(1, text));
            }
        }
        if let Some(prev) = self.prev.take() {
            emit(&mut self.b, prev);
        }
        self.prev = self.cur.replace(next);
    }

    /// Settles list nesting: list entries get their depth from the list before them (over
    /// blank lines), an indented prose paragraph after a list item continues it (else it is a
    /// block quote), and a one-line paragraph with a marker right after a list is its next
    /// item. Anything else ends the list.
    fn nest(&mut self, item: Item<'a>) -> Item<'a> {
        let entry = |depth: usize, marker: Option<String>, text: String| ListEntry {
            depth: depth as u8,
            marker,
            text,
        };
        match item {
            Item::Entries(raw) => {
                // A list after a blank line goes on with the list above when its first item is
                // indented deeper or has a kind of marker open at its indentation.
                let first = raw
                    .first()
                    .and_then(|e| Some((e.indent, e.marker.as_ref()?.0)));
                if first.is_none_or(|(indent, class)| !self.nesting.continues(indent, class)) {
                    self.nesting.close();
                }
                Item::List(
                    raw.into_iter()
                        .map(|e| match e.marker {
                            Some((class, level, text)) => {
                                let depth = self.nesting.depth(e.indent, class, level);
                                entry(depth, Some(lists::shown(class, &text, depth)), e.text)
                            }
                            None => entry(self.nesting.unmarked(e.indent), None, e.text),
                        })
                        .collect(),
                )
            }
            Item::Indented(text) if self.nesting.is_open() => {
                Item::List(vec![entry(self.nesting.current(), None, text)])
            }
            Item::Indented(text) => Item::Para {
                quote: 1,
                prose: is_prose_length(&text),
                text: Cow::Owned(text),
                single: false,
            },
            other => {
                self.nesting.close();
                other
            }
        }
    }

    fn finish(mut self, keep_last: bool) -> (DocumentBuilder, usize) {
        if let Some(prev) = self.prev.take() {
            emit(&mut self.b, prev);
        }
        if keep_last && let Some(cur) = self.cur.take() {
            emit(&mut self.b, cur);
        }
        if keep_last && self.b.is_empty() {
            self.b.meta_mut().notices.push(EMPTY_NOTICE.to_string());
        }
        (self.b, self.count)
    }
}

/// Pushes the blocks of one item.
fn emit(b: &mut DocumentBuilder, item: Item<'_>) {
    match item {
        Item::Title(t) => b.push(BlockKind::Title, t, Vec::new(), 0, None),
        Item::Byline(t) => b.push(BlockKind::Byline, t, Vec::new(), 0, None),
        Item::Heading(level, t) => b.push(BlockKind::Heading { level }, &t, Vec::new(), 0, None),
        Item::Para { text, quote, .. } => {
            b.push(BlockKind::Paragraph, &text, Vec::new(), quote, None)
        }
        Item::Lines(t, quote) => b.push(BlockKind::Lines, &t, Vec::new(), quote, None),
        Item::Table(t) => b.push(BlockKind::Table, &t, Vec::new(), 0, None),
        Item::List(entries) => {
            for e in entries {
                let mark = ListMark {
                    depth: e.depth,
                    marker: e.marker,
                };
                b.push(BlockKind::Paragraph, &e.text, Vec::new(), 0, Some(mark));
            }
        }
        // Both are settled by the assembler (see `Assembler::nest`); as a fallback, plain.
        Item::Entries(entries) => {
            for e in entries {
                b.push(BlockKind::Paragraph, &e.text, Vec::new(), 0, None);
            }
        }
        Item::Indented(text) => b.push(BlockKind::Paragraph, &text, Vec::new(), 1, None),
        Item::Rule => b.push(BlockKind::Rule, "", Vec::new(), 0, None),
    }
}

/// One source line: its indentation (relative to the document's baseline), its text without
/// surrounding whitespace, its width in terminal columns (indent + text), and whether it starts
/// with an e-mail quote marker.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    body: &'a str,
    width: usize,
    quoted: bool,
}

/// Consecutive non-blank lines; `underline` is the heading level of a setext-style heading
/// (the underline itself is not in `lines`).
#[derive(Debug)]
struct Para<'l, 'a> {
    lines: &'l [Line<'a>],
    underline: Option<u8>,
}

/// What a paragraph looks like before the document-wide wrap width is known.
#[derive(Debug)]
enum Shape {
    Single,
    Underlined(u8),
    /// Three lines: an over- and underline around a heading.
    Framed(u8),
    List(Vec<lists::Entry>),
    /// Indented block, table or code: keeps its lines.
    Kept,
    /// Prose or verse, decided with the wrap width.
    Flow,
    /// Every line starts with an e-mail quote marker (`>`).
    Quoted,
}

/// A list item as it is shown: its depth, its marker (`None` on a block that continues the
/// item above) and its text.
#[derive(Debug)]
struct ListEntry {
    depth: u8,
    marker: Option<String>,
    text: String,
}

/// A classified paragraph. Text taken from one line borrows it.
#[derive(Debug)]
enum Item<'a> {
    Title(&'a str),
    Byline(&'a str),
    Heading(u8, Cow<'a, str>),
    Para {
        text: Cow<'a, str>,
        /// Quote depth.
        quote: u8,
        /// Has at least [`PROSE_MIN_WORDS`] words.
        prose: bool,
        single: bool,
    },
    /// Kept lines and their quote depth.
    Lines(String, u8),
    /// List entries before their nesting is known (it carries over from the list before).
    Entries(Vec<lists::Entry>),
    /// Kept lines that look tabular (see `looks_tabular`): never wrapped.
    Table(String),
    List(Vec<ListEntry>),
    /// A prose paragraph indented as a whole: a block quote, or more of the list item above.
    Indented(String),
    Rule,
}

fn leading_ws(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
}

/// Groups lines into paragraphs as they come, recognising setext underlines and rule lines
/// that follow a paragraph without a blank line.
#[derive(Default)]
struct Splitter<'a> {
    /// The paragraph being read.
    cur: Vec<Line<'a>>,
}

impl<'a> Splitter<'a> {
    fn push(&mut self, line: Line<'a>, emit: &mut impl FnMut(&Para<'_, 'a>)) {
        if line.body.is_empty() {
            self.flush(emit);
            return;
        }
        if let (Some(level), [heading]) = (underline_level(line.body), self.cur.as_slice())
            && underline_fits(heading, &line)
        {
            emit(&Para {
                lines: &self.cur,
                underline: Some(level),
            });
            self.cur.clear();
            return;
        }
        // E-mail quoting starts or ends: a new paragraph ("On Tuesday, Ann wrote:").
        if let Some(last) = self.cur.last()
            && last.quoted != line.quoted
        {
            self.flush(emit);
        }
        if self.cur.len() >= 2 && is_pure_rule(line.body) && !any_framed_start(&self.cur) {
            self.flush(emit);
            emit(&Para {
                lines: std::slice::from_ref(&line),
                underline: None,
            });
            return;
        }
        self.cur.push(line);
    }

    fn flush(&mut self, emit: &mut impl FnMut(&Para<'_, 'a>)) {
        if !self.cur.is_empty() {
            emit(&Para {
                lines: &self.cur,
                underline: None,
            });
            self.cur.clear();
        }
    }

    fn finish(&mut self, emit: &mut impl FnMut(&Para<'_, 'a>)) {
        self.flush(emit);
    }
}

/// True when a paragraph so far is "====" + heading (the closing overline follows).
fn any_framed_start(cur: &[Line<'_>]) -> bool {
    cur.len() == 2 && underline_level(cur[0].body).is_some()
}

/// `===` -> 1, `---` -> 2 (3+ characters, nothing else).
fn underline_level(body: &str) -> Option<u8> {
    let bytes = body.as_bytes();
    let first = *bytes.first()?;
    if bytes.len() < 3 || !bytes.iter().all(|&b| b == first) {
        return None;
    }
    match first {
        b'=' => Some(1),
        b'-' => Some(2),
        _ => None,
    }
}

/// An underline belongs to a heading line that is short, has letters, is not a table header
/// and is at least half as long as the underline covers.
fn underline_fits(heading: &Line<'_>, underline: &Line<'_>) -> bool {
    if more_chars_than(heading.body, HEADING_MAX_CHARS) {
        return false;
    }
    let len = heading.body.chars().count();
    heading.body.chars().any(char::is_alphabetic)
        && !heading.body.contains("  ")
        && underline.body.chars().count() * 2 >= len
}

/// A line that is only a repeated rule character ("-----", "* * *"), for splitting it off the
/// paragraph it follows.
fn is_pure_rule(body: &str) -> bool {
    let mut chars = body.chars().filter(|c| *c != ' ');
    let Some(first) = chars.next() else {
        return false;
    };
    if !"-=*_~".contains(first) {
        return false;
    }
    let mut count = 1;
    for c in chars {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= 3 && !body.contains("  ")
}

/// Characters a rule line is drawn with.
const RULE_MARKS: &str = "*-_=~#·•∗—–.";
/// Characters that are a rule on their own.
const RULE_SIGNS: &str = "⁂❧※❦✻◆◇⸙";

/// A one-line thematic break.
fn is_rule_line(body: &str) -> bool {
    let mut marks = body.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next() else {
        return false;
    };
    if !RULE_MARKS.contains(first) {
        return marks.next().is_none() && RULE_SIGNS.contains(first);
    }
    let mut count = 1;
    for c in marks {
        if !RULE_MARKS.contains(c) {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// The number of words in `s` (as `split_whitespace` sees them), counting no further than
/// `cap`. Byte by byte; only the few non-ASCII white-space characters' lead bytes are decoded.
fn words_upto(s: &str, cap: usize) -> usize {
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while words < cap && i < bytes.len() {
        let b = bytes[i];
        let space = match b {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => 1,
            0xc2 | 0xe1 | 0xe2 | 0xe3 => s
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if space > 0 {
            in_word = false;
            i += space;
        } else {
            words += usize::from(!in_word);
            in_word = true;
            i += 1;
        }
    }
    words
}

/// Whether `s` has more than `n` characters, without counting them all.
fn more_chars_than(s: &str, n: usize) -> bool {
    s.len() > n && (s.len() / 4 > n || s.chars().nth(n).is_some())
}

fn shape_of(para: &Para<'_, '_>, wrap: Option<usize>) -> Shape {
    if let Some(level) = para.underline {
        return Shape::Underlined(level);
    }
    let lines = para.lines;
    if lines.iter().all(|l| l.quoted) {
        return Shape::Quoted;
    }
    if lines.len() == 1 {
        return Shape::Single;
    }
    if let Some(level) = framed(lines) {
        return Shape::Framed(level);
    }
    if let Some(entries) = lists::entries(lines, |i| is_full(lines, i, wrap)) {
        return Shape::List(entries);
    }
    if lines.iter().all(|l| l.indent >= 2) || looks_tabular(lines) {
        return Shape::Kept;
    }
    Shape::Flow
}

/// `shape_of(para).flows()` without building list entries.
fn flows(para: &Para<'_, '_>) -> bool {
    let lines = para.lines;
    if para.underline.is_some() {
        return false;
    }
    if lines.iter().all(|l| l.quoted) {
        return true;
    }
    !(lines.len() == 1
        || framed(lines).is_some()
        || lists::is_list(lines)
        || lines.iter().all(|l| l.indent >= 2)
        || looks_tabular(lines))
}

/// The heading level of a three-line paragraph that is a heading between an over- and an
/// underline.
fn framed(lines: &[Line<'_>]) -> Option<u8> {
    if let [over, mid, under] = lines
        && let (Some(a), Some(b)) = (underline_level(over.body), underline_level(under.body))
        && a == b
        && underline_fits(mid, under)
    {
        return Some(a);
    }
    None
}

/// Is this multi-line paragraph wrapped prose (rather than verse)?
fn is_prose(lines: &[Line<'_>], wrap: Option<usize>) -> bool {
    let Some(w) = wrap else {
        return false;
    };
    let Some((_, init)) = lines.split_last() else {
        return false;
    };
    let full = (0..init.len())
        .filter(|&i| is_full(lines, i, Some(w)))
        .count();
    full * PROSE_FULL_LINES.1 >= init.len() * PROSE_FULL_LINES.0
}

/// Whether line `i` of a paragraph of a hard-wrapped text is full: it reaches 3/4 of the wrap
/// width, or the next line's first word would not have fitted after it. The last line is not
/// full, nor is any line of a text that is not hard-wrapped.
fn is_full(lines: &[Line<'_>], i: usize, wrap: Option<usize>) -> bool {
    let (Some(w), Some(line), Some(next)) = (wrap, lines.get(i), lines.get(i + 1)) else {
        return false;
    };
    let next_word = || next.body.split_whitespace().next().map_or(0, columns);
    line.width * FULL_LINE.1 >= w * FULL_LINE.0 || line.width + 1 + next_word() > w
}

/// Joins hard-wrapped lines into one paragraph (see [`parse`] for the hyphen rule).
fn join_lines<'a>(parts: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let len: usize = parts.clone().into_iter().map(|p| p.len() + 1).sum();
    let mut out = String::with_capacity(len);
    for part in parts {
        if !out.is_empty() {
            let next_lower = part.chars().next().is_some_and(char::is_lowercase);
            let glue = out.ends_with('\u{ad}') || (ends_with_word_hyphen(&out) && next_lower);
            let cjk = out
                .chars()
                .next_back()
                .zip(part.chars().next())
                .is_some_and(|(a, b)| super::joins_without_space(a, b));
            if !(glue || cjk) {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out
}

fn ends_with_word_hyphen(s: &str) -> bool {
    let mut rev = s.chars().rev();
    matches!(rev.next(), Some('-' | '‐' | '—')) && rev.next().is_some_and(char::is_alphanumeric)
}

/// Strips e-mail quote markers (`>`, `> >`, `>>`; each followed by a space, another marker
/// or the line end) from a line: (depth, rest).
fn strip_quote(body: &str) -> (u8, &str) {
    let mut depth = 0u8;
    let mut rest = body;
    while let Some(after) = rest.trim_start().strip_prefix('>') {
        if !(after.is_empty() || after.starts_with([' ', '>'])) {
            break;
        }
        depth = depth.saturating_add(1);
        rest = after;
    }
    (depth.min(MAX_QUOTE_DEPTH), rest.trim())
}

/// An e-mail-quoted paragraph split into runs of lines at one depth; an empty quoted line
/// (`>` alone) separates paragraphs inside the quote.
fn quoted_groups<'a>(lines: &[Line<'a>]) -> Vec<(u8, Vec<Line<'a>>)> {
    let mut groups: Vec<(u8, Vec<Line<'a>>)> = Vec::new();
    let mut open = false;
    for line in lines {
        let (depth, body) = strip_quote(line.body);
        if body.is_empty() {
            open = false;
            continue;
        }
        let stripped = Line {
            indent: 0,
            body,
            ..*line
        };
        match groups.last_mut() {
            Some((d, group)) if open && *d == depth => group.push(stripped),
            _ => groups.push((depth, vec![stripped])),
        }
        open = true;
    }
    groups
}

/// Kept lines (see [`dedent`]), except that a line the source must have wrapped (its next
/// line's first word would not have fitted after it) is joined with the next: a sentence
/// wrapped inside a block of short lines ("Copyright (C) 2026 …" over a long notice) reads as
/// one line. Verse lines are short of the wrap width, so they are kept.
fn dedent_rewrapped(lines: &[Line<'_>], wrap: Option<usize>) -> String {
    let Some(w) = wrap else {
        return dedent(lines);
    };
    let wrapped = |i: usize| {
        let (Some(line), Some(next)) = (lines.get(i), lines.get(i + 1)) else {
            return false;
        };
        let next_word = next.body.split_whitespace().next().map_or(0, columns);
        line.width + 1 + next_word > w
    };
    if !(0..lines.len()).any(wrapped) {
        return dedent(lines);
    }
    let min = lines.iter().map(|l| l.indent).min().unwrap_or(0);
    let mut out = String::new();
    let mut start = 0;
    for i in 0..lines.len() {
        if wrapped(i) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let group = lines.get(start..=i).unwrap_or_default();
        out.extend(std::iter::repeat_n(
            ' ',
            group.first().map_or(0, |l| l.indent - min),
        ));
        out.push_str(&join_lines(group.iter().map(|l| l.body)));
        start = i + 1;
    }
    out
}

/// Lines kept as they are, indentation relative to the least-indented line.
fn dedent(lines: &[Line<'_>]) -> String {
    let min = lines.iter().map(|l| l.indent).min().unwrap_or(0);
    let len: usize = lines
        .iter()
        .map(|l| l.indent - min + l.body.len() + 1)
        .sum();
    let mut out = String::with_capacity(len);
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(' ', l.indent - min));
        out.push_str(l.body);
    }
    out
}

/// The bullet shown for an unordered list item at `depth` (shared with Markdown).
pub(crate) fn bullet(depth: usize) -> &'static str {
    match depth {
        0 | 1 => "•",
        2 => "◦",
        _ => "▪",
    }
}

/// Does this multi-line paragraph look like a table, code or character art?
fn looks_tabular(lines: &[Line<'_>]) -> bool {
    let n = lines.len();
    if n < 2 {
        return false;
    }
    let (mut pipes, mut separator, mut code) = (0usize, false, 0usize);
    let (mut gappy, mut wide) = (0usize, 0usize);
    // Made only when a line has gaps (a hash map's keys cost a little to set up).
    let mut columns: Option<HashMap<usize, usize>> = None;
    for line in lines {
        let (pipe, gap) = pipe_and_gap(line.body);
        pipes += usize::from(pipe);
        separator = separator || is_separator_line(line.body);
        code += usize::from(looks_like_code(line.body));
        // Gaps and wide gaps need two spaces in a row: most lines of prose have none.
        if gap {
            let cols = gap_columns(line);
            if !cols.is_empty() {
                gappy += 1;
            }
            let columns = columns.get_or_insert_with(HashMap::new);
            for c in cols {
                *columns.entry(c).or_insert(0) += 1;
            }
            // Wide gaps (4+ spaces) inside lines: right-aligned columns, page headers.
            wide += usize::from(line.body.contains("    "));
        }
    }
    let aligned = columns
        .iter()
        .flat_map(HashMap::values)
        .any(|&k| k >= 2 && k * 5 >= n * 3);
    (pipes >= 2 && pipes * 2 >= n)
        || separator
        || (code >= 2 && code * 2 >= n)
        || aligned
        || (gappy >= 3 && gappy * 5 >= n * 3)
        || (wide >= 2 && wide * 2 >= n)
}

/// A line drawn with rule or box characters ("+----+----+", "-----  ----").
fn is_separator_line(body: &str) -> bool {
    let mut marks = 0usize;
    let mut drawn = 0usize;
    for c in body.chars().filter(|c| !c.is_whitespace()) {
        if c.is_alphanumeric() {
            return false;
        }
        marks += 1;
        if "-=+|_:*~#".contains(c) || ('\u{2500}'..='\u{259f}').contains(&c) {
            drawn += 1;
        }
    }
    marks >= 3 && drawn * 5 >= marks * 3
}

fn looks_like_code(body: &str) -> bool {
    body.ends_with('{')
        || body.ends_with('}')
        || body.ends_with(';')
        || body.starts_with('}')
        || body.starts_with("//")
        || body.starts_with("$ ")
        || body.starts_with("#!")
}

/// Columns where text resumes after a gap of two or more spaces inside a line, ignoring gaps
/// after sentence punctuation (two spaces after a full stop is a typing habit, not a table).
fn gap_columns(line: &Line<'_>) -> Vec<usize> {
    let mut cols = Vec::new();
    let mut spaces = 0usize;
    let mut prev = ' ';
    for (i, c) in line.body.chars().enumerate() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces >= 2 && !".?!:;".contains(prev) {
            cols.push(line.indent + i);
        }
        spaces = 0;
        prev = c;
    }
    cols
}

/// Strips closing quotes and spaces from the end, to look at the punctuation inside them.
fn strip_closing(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_whitespace() || CLOSING_QUOTES.contains(&c))
}

fn title_like(s: &str) -> bool {
    let inner = strip_closing(s);
    !more_chars_than(s, TITLE_MAX_CHARS)
        && words_upto(s, TITLE_MAX_WORDS + 1) <= TITLE_MAX_WORDS
        && s.chars().any(char::is_alphabetic)
        && !inner.ends_with(['.', ',', ';', ':'])
}

fn is_quoted(s: &str) -> bool {
    let s = s.trim();
    let mut chars = s.chars();
    match (chars.next(), chars.next_back()) {
        (Some(first), Some(last)) => {
            OPENING_QUOTES.contains(&first) && CLOSING_QUOTES.contains(&last)
        }
        _ => false,
    }
}

fn caps_heading(s: &str) -> bool {
    if more_chars_than(s, HEADING_MAX_CHARS) || s.chars().any(char::is_lowercase) {
        return false;
    }
    if s.chars().filter(|c| c.is_uppercase()).count() < 2 {
        return false;
    }
    let inner = strip_closing(s);
    if inner.ends_with([',', ';', ':']) {
        return false;
    }
    !inner.ends_with('.') || words_upto(s, 4) <= 3
}

/// A short line that is not a sentence: a subheading candidate.
fn subheading_like(s: &str) -> bool {
    if more_chars_than(s, HEADING_MAX_CHARS)
        || words_upto(s, SUBHEADING_MAX_WORDS + 1) > SUBHEADING_MAX_WORDS
    {
        return false;
    }
    let Some(first) = s.chars().next() else {
        return false;
    };
    let starts =
        first.is_uppercase() || (first.is_ascii_digit() && s.chars().any(char::is_alphabetic));
    let ends = s.chars().next_back().is_some_and(char::is_alphanumeric);
    starts
        && ends
        && lists::marker(s).is_none_or(|m| !matches!(m.class, lists::Class::Bullet(_)))
        && byline_author(s).is_none()
}

/// If `line` is a byline ("By Ann Lee and Tom Wu", "Von Jana Weber, Lindau"), the names.
pub(crate) fn byline_author(line: &str) -> Option<String> {
    let line = line.trim();
    if more_chars_than(line, BYLINE_MAX_CHARS) {
        return None;
    }
    let (prefix, rest) = line.split_once(' ')?;
    if !BYLINE_PREFIXES.contains(&prefix) {
        return None;
    }
    // Drop what follows a separator ("| 3 March", "(dpa)", "— London").
    let mut rest = rest.trim();
    for sep in [" | ", " · ", " — ", " – ", " - ", " / ", " ("] {
        if let Some((before, _)) = rest.split_once(sep) {
            rest = before;
        }
    }
    // Comma-separated segments: names up to the last segment that holds a connector; the
    // segment after the names (if any) is a place.
    let segments: Vec<&str> = rest.split(',').map(str::trim).collect();
    let names_end = segments
        .iter()
        .rposition(|seg| seg.split_whitespace().any(|w| NAME_CONNECTORS.contains(&w)))
        .map_or(1, |i| i + 1);
    let names = segments.get(..names_end)?;
    let mut name_words = 0usize;
    let mut names_seen = 0usize;
    for seg in names {
        for word in seg.split_whitespace() {
            if NAME_CONNECTORS.contains(&word) {
                if name_words == 0 {
                    return None;
                }
                name_words = 0;
                continue;
            }
            if name_words == 0 {
                names_seen += 1;
            }
            name_words += 1;
            if name_words > BYLINE_MAX_NAME_WORDS || !name_word(word, name_words == 1) {
                return None;
            }
        }
        if name_words == 0 {
            return None;
        }
        name_words = 0;
    }
    if names_seen == 0 {
        return None;
    }
    let joined: Vec<String> = names
        .iter()
        .map(|seg| seg.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    Some(joined.join(", "))
}

/// A word of a person's name: capitalised ("Weber", "O'Neil", "J."), or a particle ("von")
/// when it is not the first word.
fn name_word(word: &str, first: bool) -> bool {
    let Some(c) = word.chars().next() else {
        return false;
    };
    let shape_ok = word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'));
    shape_ok && (c.is_uppercase() || (!first && NAME_PARTICLES.contains(&word)))
}

fn classify<'a>(
    para: &Para<'_, 'a>,
    shape: Shape,
    wrap: Option<usize>,
    count: usize,
    meta: &mut Meta,
    items: &mut Vec<Item<'a>>,
) {
    let first = count == 0;
    let byline_open = count < BYLINE_WINDOW && meta.author.is_none();
    let lines = para.lines;
    let body = |i: usize| lines.get(i).map_or("", |l| l.body);
    match shape {
        Shape::Underlined(level) | Shape::Framed(level) => {
            let text = if matches!(shape, Shape::Framed(_)) {
                body(1)
            } else {
                body(0)
            };
            // "2.1. Requirements" underlined like "2. Installation" is a level below it.
            let level = headings::section(text).map_or(level, |l| l.max(level));
            push_heading(items, meta, first, level, text);
        }
        Shape::Single => classify_single(body(0), first, byline_open, meta, items),
        _ if first
            && lines.len() == 2
            && title_like(body(0))
            && byline_author(body(1)).is_some() =>
        {
            push_heading(items, meta, true, 1, body(0));
            meta.author = byline_author(body(1));
            items.push(Item::Byline(body(1)));
        }
        _ if first
            && (2..=4).contains(&lines.len())
            && title_like(body(0))
            && (caps_heading(body(0)) || lines[0].indent >= CENTRED_INDENT) =>
        {
            // A centred or capitals title over a line or two (a version, a date).
            push_heading(items, meta, true, 1, body(0));
            items.push(Item::Lines(dedent(&lines[1..]), 0));
        }
        Shape::List(entries) => items.push(Item::Entries(entries)),
        Shape::Kept if looks_tabular(lines) => items.push(Item::Table(dedent(lines))),
        Shape::Kept if is_prose(lines, wrap) => {
            items.push(Item::Indented(join_lines(lines.iter().map(|l| l.body))));
        }
        Shape::Kept => items.push(Item::Lines(dedent(lines), 0)),
        Shape::Quoted => {
            for (depth, group) in quoted_groups(lines) {
                let prose = group.len() == 1 || is_prose(&group, wrap);
                items.push(flowed(&group, prose, Some(depth), wrap));
            }
        }
        Shape::Flow => items.push(flowed(lines, is_prose(lines, wrap), None, wrap)),
    }
}

/// A one-line paragraph: a rule, a byline, the title, a capitals heading or a paragraph.
fn classify_single<'a>(
    s: &'a str,
    first: bool,
    byline_open: bool,
    meta: &mut Meta,
    items: &mut Vec<Item<'a>>,
) {
    if is_rule_line(s) {
        items.push(Item::Rule);
    } else if let Some(author) = byline_open.then(|| byline_author(s)).flatten() {
        meta.author = Some(author);
        items.push(Item::Byline(s));
    } else if first && title_like(s) {
        push_heading(items, meta, true, 1, s);
    } else if caps_heading(s) {
        items.push(Item::Heading(2, Cow::Borrowed(s)));
    } else {
        items.push(Item::Para {
            text: Cow::Borrowed(s),
            quote: u8::from(is_quoted(s)),
            prose: is_prose_length(s),
            single: true,
        });
    }
}

/// Lines as one paragraph when they are prose (joined), else kept as they are. `quote`: the
/// depth of a quoted group; `None` for ordinary text (quoted when the text looks quoted).
fn flowed<'a>(lines: &[Line<'a>], prose: bool, quote: Option<u8>, wrap: Option<usize>) -> Item<'a> {
    if !prose {
        return Item::Lines(dedent_rewrapped(lines, wrap), quote.unwrap_or(0));
    }
    let text = join_lines(lines.iter().map(|l| l.body));
    Item::Para {
        quote: quote.unwrap_or_else(|| u8::from(is_quoted(&text))),
        prose: is_prose_length(&text),
        text: Cow::Owned(text),
        single: false,
    }
}

/// A line set in the middle of the wrap width: indented by [`CENTRED_INDENT`] or more, its
/// margins within a few columns of each other.
fn centred(line: &Line<'_>, wrap: Option<usize>) -> bool {
    let Some(w) = wrap else {
        return false;
    };
    let right = w.saturating_sub(line.width);
    line.indent >= CENTRED_INDENT
        && right + CENTRED_SLACK >= line.indent
        && line.indent + CENTRED_SLACK >= right
}

/// Fields of a file header ("Title: …", "Author: …") within the first [`FIELD_WINDOW`]
/// paragraphs: the title field is the document's title (over a first line taken for one), the
/// author field its author when no byline gave one.
fn fields(lines: &[Line<'_>], meta: &mut Meta) {
    for line in lines {
        let field = |name: &str| {
            let value = line.body.strip_prefix(name)?.trim();
            (!value.is_empty() && !more_chars_than(value, TITLE_MAX_CHARS)).then_some(value)
        };
        if let Some(title) = field("Title:") {
            meta.title = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
        } else if let Some(author) = field("Author:").filter(|_| meta.author.is_none()) {
            meta.author = Some(author.to_string());
        }
    }
}

/// Whether a paragraph is long enough to count as prose for the subheading rule.
fn is_prose_length(text: &str) -> bool {
    words_upto(text, PROSE_MIN_WORDS) >= PROSE_MIN_WORDS
}

/// The first heading-like paragraph is the title; later ones are headings.
fn push_heading<'a>(
    items: &mut Vec<Item<'a>>,
    meta: &mut Meta,
    first: bool,
    level: u8,
    text: &'a str,
) {
    if first {
        meta.title = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
        items.push(Item::Title(text));
    } else {
        items.push(Item::Heading(level, Cow::Borrowed(text)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;
    use crate::format::testing::{kinds, texts};

    fn block(doc: &Document, i: usize) -> (&Block, &str) {
        let b = &doc.blocks[i];
        (b, doc.block_text(b))
    }

    /// A prose paragraph hard-wrapped at about 70 columns.
    const WRAPPED: &str = "It was the best of times and it was the worst of times, it was the age\n\
        of wisdom and it was the age of foolishness, it was the epoch of belief\n\
        and it was the epoch of incredulity, it was the season of Light, it was\n\
        the season of Darkness.";

    #[test]
    fn empty_text_gives_a_notice() {
        for text in ["", "   ", "\n\n  \n"] {
            let doc = parse(text);
            assert!(doc.blocks.is_empty());
            assert_eq!(doc.meta.notices, vec![EMPTY_NOTICE.to_string()]);
            assert_eq!(doc.meta.title, None);
        }
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let doc = parse("One sentence here.\n\n   \nAnother one here.\n");
        assert_eq!(texts(&doc), ["One sentence here.", "Another one here."]);
        assert_eq!(kinds(&doc), [BlockKind::Paragraph, BlockKind::Paragraph]);
    }

    #[test]
    fn short_first_line_is_the_title() {
        let doc = parse("A Night at the Opera\n\nIt began, as these things do, with a phone call.");
        assert_eq!(kinds(&doc), [BlockKind::Title, BlockKind::Paragraph]);
        assert_eq!(doc.meta.title.as_deref(), Some("A Night at the Opera"));
        let doc = parse("Who Killed the Electric Car?\n\nText.");
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Who Killed the Electric Car?")
        );
    }

    #[test]
    fn sentences_and_long_lines_are_not_titles() {
        for first in [
            "This is a sentence.",
            "Dear all,",
            "„Wir schaffen das.“",
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen",
        ] {
            let doc = parse(&format!("{first}\n\nMore text follows here."));
            assert_eq!(doc.meta.title, None, "{first}");
            assert_ne!(doc.blocks[0].kind, BlockKind::Title, "{first}");
        }
    }

    #[test]
    fn bylines_set_the_author() {
        let cases = [
            ("Von Jana Weber, Lindau", "Jana Weber"),
            ("By Ann Lee and Tom Wu", "Ann Lee and Tom Wu"),
            (
                "By Ann Lee, Tom Wu and Kim Ho, London",
                "Ann Lee, Tom Wu and Kim Ho",
            ),
            ("Par Jean-Luc Dupont", "Jean-Luc Dupont"),
            ("Por Ana María de la Cruz", "Ana María de la Cruz"),
            ("Di Giulia Rossi | 3 marzo 2024", "Giulia Rossi"),
            ("By J. R. Hartley", "J. R. Hartley"),
        ];
        for (line, author) in cases {
            let doc = parse(&format!("Title\n\n{line}\n\nBody text here."));
            assert_eq!(kinds(&doc)[1], BlockKind::Byline, "{line}");
            assert_eq!(doc.meta.author.as_deref(), Some(author), "{line}");
            assert_eq!(block(&doc, 1).1, line);
        }
    }

    #[test]
    fn sentences_starting_with_by_are_not_bylines() {
        for line in [
            "By the way, this is not a byline.",
            "By 2030 emissions must fall",
            "Von Anfang an war klar, dass",
            "by Ann Lee",
            "Par exemple",
            "By Ann Lee and",
        ] {
            assert_eq!(byline_author(line), None, "{line}");
        }
    }

    #[test]
    fn byline_only_near_the_start() {
        let mut text = String::from("Title");
        for i in 0..6 {
            text.push_str(&format!("\n\nParagraph number {i} of the text."));
        }
        text.push_str("\n\nBy Ann Lee");
        let doc = parse(&text);
        assert_eq!(doc.meta.author, None);
        assert!(!kinds(&doc).contains(&BlockKind::Byline));
    }

    #[test]
    fn title_and_byline_in_one_paragraph() {
        let doc = parse("Winter Letter\nBy Edmund Carrow\n\nDear friends.");
        assert_eq!(
            kinds(&doc),
            [BlockKind::Title, BlockKind::Byline, BlockKind::Paragraph]
        );
        assert_eq!(doc.meta.author.as_deref(), Some("Edmund Carrow"));
    }

    #[test]
    fn hard_wrapped_prose_is_unwrapped() {
        let text = format!("Title\n\n{WRAPPED}\n\n{WRAPPED}");
        let doc = parse(&text);
        assert_eq!(
            kinds(&doc),
            [BlockKind::Title, BlockKind::Paragraph, BlockKind::Paragraph]
        );
        let (_, p) = block(&doc, 1);
        assert!(!p.contains('\n'));
        assert!(p.starts_with("It was the best of times"));
        assert!(p.contains("age of wisdom"));
        assert!(p.ends_with("season of Darkness."));
    }

    #[test]
    fn hyphen_at_line_end_is_kept_without_space() {
        assert_eq!(join_lines(["a well-", "known fact"]), "a well-known fact");
        assert_eq!(join_lines(["Nord-", "Süd"]), "Nord- Süd");
        assert_eq!(join_lines(["pause -", "then"]), "pause - then");
        assert_eq!(join_lines(["he said—", "and left"]), "he said—and left");
        assert_eq!(join_lines(["infor\u{ad}", "mation"]), "infor\u{ad}mation");
        assert_eq!(join_lines(["one", "two"]), "one two");
    }

    // -----------------------------------------------------------------------------------------
    // CJK line joins

    const ZH: &str = "这份手册旨在帮助新用户了解系统的安装过程，并介绍日常使用中最常见的几项任务。读者不需要具备专业知识，只要按照每一章的步骤操作，就能完成基本的配置。我们建议先通读第一章，再根据自己的需要选择后面的章节。";
    const JA: &str = "この文書では、初めてシステムを使う人のために、インストールの手順と基本的な設定の方法を説明します。各章の終わりには練習問題があり、内容を確かめながら読み進めることができます。わからない言葉があれば、巻末の用語集を参照してください。";
    const KO: &str = "이 안내서는 처음 사용하는 사람을 위해 설치 과정과 기본 설정 방법을 차례대로 설명합니다. 각 장의 끝에는 간단한 연습 문제가 있어서 배운 내용을 직접 확인할 수 있습니다. 모르는 낱말이 나오면 책 뒤쪽의 용어 목록을 찾아보십시오.";

    /// Hard-wraps `text` at `width` characters the way a source would: at a space, or between
    /// two CJK characters (which have none); a word longer than the width stands alone.
    fn hard_wrap(text: &str, width: usize) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' {
                continue;
            }
            // One unit: a lone CJK character, or a run of other characters up to a space.
            let mut unit = c.to_string();
            if !crate::format::is_cjk(c) {
                while let Some(&n) = chars.peek() {
                    if n == ' ' || crate::format::is_cjk(n) {
                        break;
                    }
                    unit.push(n);
                    chars.next();
                }
            }
            let joins = line
                .chars()
                .next_back()
                .is_some_and(|p| crate::format::joins_without_space(p, c));
            let sep = usize::from(!line.is_empty() && !joins);
            if !line.is_empty() && line.chars().count() + sep + unit.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            } else if sep == 1 {
                line.push(' ');
            }
            line.push_str(&unit);
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Three hard-wrapped paragraphs of `text` and the unwrapped paragraphs parse gives.
    fn unwrapped(text: &str, width: usize) -> Vec<String> {
        let para = hard_wrap(text, width).join("\n");
        let doc = parse(&format!("{para}\n\n{para}\n\n{para}\n"));
        assert!(
            kinds(&doc).iter().all(|k| *k == BlockKind::Paragraph),
            "{:?}",
            kinds(&doc)
        );
        texts(&doc).into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn chinese_hard_wrapped_mid_phrase_joins_without_spaces() {
        let lines = hard_wrap(ZH, 48);
        assert!(lines.len() >= 3 && lines.iter().all(|l| !l.contains(' ')));
        assert_eq!(unwrapped(ZH, 48), [ZH; 3]);
        assert_eq!(join_lines(["旨在作为一", "份概览"]), "旨在作为一份概览");
    }

    #[test]
    fn chinese_wrapped_at_seventy_columns_is_hard_wrapped() {
        // 35 characters a line: 70 columns, as a source wrapped for an 80-column terminal.
        let lines = hard_wrap(ZH, 35);
        assert!(lines.len() >= 3 && lines.iter().all(|l| l.chars().count() <= 35));
        assert_eq!(unwrapped(ZH, 35), [ZH; 3]);
    }

    #[test]
    fn japanese_with_kana_joins_without_spaces() {
        assert_eq!(unwrapped(JA, 46), [JA; 3]);
        assert_eq!(
            join_lines(["インストールの手", "順を説明します"]),
            "インストールの手順を説明します"
        );
        assert_eq!(join_lines(["ｶﾀｶﾅ、", "「かな」"]), "ｶﾀｶﾅ、「かな」");
    }

    #[test]
    fn korean_keeps_the_space() {
        assert_eq!(unwrapped(KO, 46), [KO; 3]);
        assert_eq!(
            join_lines(["설치 과정과", "기본 설정"]),
            "설치 과정과 기본 설정"
        );
    }

    #[test]
    fn cjk_next_to_latin_keeps_the_space() {
        assert_eq!(
            join_lines(["我们使用", "Rust 编写程序"]),
            "我们使用 Rust 编写程序"
        );
        assert_eq!(join_lines(["written in", "中文"]), "written in 中文");
        assert_eq!(join_lines(["日本語", "한국어"]), "日本語 한국어");
    }

    proptest::proptest! {
        #[test]
        fn unwrapping_cjk_and_latin_loses_nothing_and_adds_no_space_between_cjk(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-z]{1,9}",
                    "[\u{4e00}-\u{4e80}\u{3041}-\u{3096}\u{30a1}-\u{30fa}、。]{1,6}",
                ],
                1..40,
            ),
            width in 4usize..60,
        ) {
            // The source: CJK words run together, a space wherever a Latin word meets anything.
            let mut source = String::new();
            for w in &words {
                let joins = source
                    .chars()
                    .next_back()
                    .zip(w.chars().next())
                    .is_some_and(|(a, b)| crate::format::joins_without_space(a, b));
                if !source.is_empty() && !joins {
                    source.push(' ');
                }
                source.push_str(w);
            }
            let lines = hard_wrap(&source, width);
            let joined = join_lines(lines.iter().map(String::as_str));
            let non_space = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
            proptest::prop_assert_eq!(non_space(&joined), non_space(&source));
            let chars: Vec<char> = joined.chars().collect();
            for w in chars.windows(3) {
                proptest::prop_assert!(
                    !(w[1] == ' ' && crate::format::is_cjk(w[0]) && crate::format::is_cjk(w[2])),
                    "space between CJK in {:?}", joined
                );
            }
            proptest::prop_assert_eq!(joined, source);
        }
    }

    #[test]
    fn verse_keeps_its_lines() {
        let text = format!(
            "Title\n\n{WRAPPED}\n\nUnder the snow the hive is still,\nA held breath in the frost.\n\
             Somewhere inside, a cluster turns\nIts small sun, nothing lost.\n\n{WRAPPED}"
        );
        let doc = parse(&text);
        assert_eq!(
            kinds(&doc),
            [
                BlockKind::Title,
                BlockKind::Paragraph,
                BlockKind::Lines,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(block(&doc, 2).1.lines().count(), 4);
    }

    #[test]
    fn text_that_is_not_wrapped_keeps_deliberate_breaks() {
        let long = "This paragraph is one long line, as editors write them when they do not wrap, and it goes on for quite a while longer than any terminal.";
        let text = format!(
            "{long}\n\nRoses are red,\nViolets are blue,\nSugar is sweet.\n\n{long}\n\n{long}"
        );
        let doc = parse(&text);
        assert_eq!(
            kinds(&doc),
            [
                BlockKind::Paragraph,
                BlockKind::Lines,
                BlockKind::Paragraph,
                BlockKind::Paragraph
            ]
        );
    }

    #[test]
    fn indented_blocks_keep_relative_indentation() {
        let text = format!(
            "{WRAPPED}\n\n    Name      Age\n      Ann      33\n    Tom       41\n\n{WRAPPED}"
        );
        let doc = parse(&text);
        assert_eq!(kinds(&doc)[1], BlockKind::Table);
        assert_eq!(
            block(&doc, 1).1,
            "Name      Age\n  Ann      33\nTom       41"
        );
    }

    #[test]
    fn tables_and_code_keep_their_lines() {
        for table in [
            "| a | b |\n| c | d |",
            "Name    Age\n-----   ---\nAnn     33",
            "Name   Age   City\nAnn    33    Rome\nTom    41    Oslo",
            "fn main() {\nprintln!(\"hi\");\n}",
            "+----+----+\n| a  | b  |\n+----+----+",
            "Network Working Group                     J. Postel\nRequest for Comments: 793                       ISI",
        ] {
            let doc = parse(&format!("{WRAPPED}\n\n{table}\n\n{WRAPPED}"));
            assert_eq!(kinds(&doc)[1], BlockKind::Table, "{table}");
            assert_eq!(block(&doc, 1).1, table);
        }
    }

    #[test]
    fn two_spaces_after_full_stops_is_not_a_table() {
        let text = "Sentences here end.  And then the typist adds two spaces, as they\n\
                    were taught.  This happens on many lines of an old text file and\n\
                    must not make a table.  Nor should it keep lines in this paragraph.";
        let doc = parse(text);
        assert_eq!(kinds(&doc), [BlockKind::Paragraph]);
    }

    #[test]
    fn uniformly_indented_text_still_unwraps() {
        let wrapped: String = WRAPPED.lines().map(|l| format!("   {l}\n")).collect();
        let text = format!(
            "1.  Introduction\n\n{wrapped}\n{wrapped}\n      +-----+\n      | box |\n      +-----+\n"
        );
        let doc = parse(&text);
        assert_eq!(
            kinds(&doc),
            [
                BlockKind::Title,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Table
            ]
        );
        assert_eq!(block(&doc, 3).1, "+-----+\n| box |\n+-----+");
    }

    #[test]
    fn quotation_paragraphs_are_quotes() {
        for q in [
            "„Wir haben es geschafft“, sagte sie. „Endlich.“",
            "“We did it.”",
            "\"We did it.\"",
            "« Nous l'avons fait. »",
            "‘Single quotes.’",
            "「引用」",
        ] {
            let doc = parse(&format!("Title\n\nSome prose text first.\n\n{q}"));
            let (b, t) = block(&doc, 2);
            assert_eq!(b.quote_depth, 1, "{q}");
            assert_eq!(b.kind, BlockKind::Paragraph);
            assert_eq!(t, q);
        }
        let doc = parse("Title\n\nHe said „yes“ and left.");
        assert_eq!(doc.blocks[1].quote_depth, 0);
    }

    #[test]
    fn wrapped_quote_is_unwrapped_and_quoted() {
        let q = WRAPPED
            .replacen("It", "“It", 1)
            .replace("Darkness.", "Darkness.”");
        let doc = parse(&format!("{WRAPPED}\n\n{q}"));
        assert_eq!(doc.blocks[1].kind, BlockKind::Paragraph);
        assert_eq!(doc.blocks[1].quote_depth, 1);
    }

    #[test]
    fn email_quotes() {
        let quoted: String = WRAPPED.lines().map(|l| format!("> {l}\n")).collect();
        let text = format!("{WRAPPED}\n\n{quoted}>\n> > nested reply\n> > goes on\n\n> one line");
        let doc = parse(&text);
        let got: Vec<(BlockKind, u8)> = doc
            .blocks
            .iter()
            .map(|b| (b.kind.clone(), b.quote_depth))
            .collect();
        assert_eq!(
            got,
            [
                (BlockKind::Paragraph, 0),
                (BlockKind::Paragraph, 1),
                (BlockKind::Lines, 2),
                (BlockKind::Paragraph, 1),
            ]
        );
        assert_eq!(block(&doc, 1).1, texts(&doc)[0]);
        assert_eq!(block(&doc, 2).1, "nested reply\ngoes on");
        assert_eq!(block(&doc, 3).1, "one line");
        // An attribution line before the quote is a paragraph of its own.
        let doc = parse("On Tuesday, Ann wrote:\n> Can we cut it?\nYes, we can.");
        let got: Vec<(&str, u8)> = doc
            .blocks
            .iter()
            .map(|b| (doc.block_text(b), b.quote_depth))
            .collect();
        assert_eq!(
            got,
            [
                ("On Tuesday, Ann wrote:", 0),
                ("Can we cut it?", 1),
                ("Yes, we can.", 0)
            ]
        );
        // Not quote markers.
        let doc = parse("Title\n\n>= 5 items\n\n->arrow");
        assert!(doc.blocks.iter().all(|b| b.quote_depth == 0));
    }

    #[test]
    fn caps_and_underlined_headings() {
        let text = format!(
            "My Title\n\n{WRAPPED}\n\nTHE WINTER ACCOUNTS\n\n{WRAPPED}\n\nPart One\n========\n\n{WRAPPED}\n\nA Section\n---------\n{WRAPPED}\n\nCHAPTER II.\n\n{WRAPPED}"
        );
        let doc = parse(&text);
        let h = |level| BlockKind::Heading { level };
        assert_eq!(
            kinds(&doc),
            [
                BlockKind::Title,
                BlockKind::Paragraph,
                h(2),
                BlockKind::Paragraph,
                h(1),
                BlockKind::Paragraph,
                h(2),
                BlockKind::Paragraph,
                h(2),
                BlockKind::Paragraph,
            ]
        );
        assert_eq!(texts(&doc)[4], "Part One");
        assert_eq!(texts(&doc)[6], "A Section");
    }

    #[test]
    fn underlined_first_line_is_the_title() {
        let doc = parse("The Title\n=========\n\nText here.");
        assert_eq!(kinds(&doc), [BlockKind::Title, BlockKind::Paragraph]);
        assert_eq!(doc.meta.title.as_deref(), Some("The Title"));
        let doc = parse("=========\nThe Title\n=========\n\nText here.");
        assert_eq!(kinds(&doc), [BlockKind::Title, BlockKind::Paragraph]);
    }

    #[test]
    fn subheadings_between_prose() {
        let text = format!(
            "{WRAPPED}\n\nWas genau geplant ist\n\n{WRAPPED}\n\n2.1 Results\n\n{WRAPPED}\n\nNot a heading.\n\n{WRAPPED}\n\nAre you sure?\n\n{WRAPPED}"
        );
        let doc = parse(&text);
        let h2 = BlockKind::Heading { level: 2 };
        assert_eq!(doc.blocks[1].kind, h2);
        assert_eq!(doc.blocks[3].kind, h2);
        assert_eq!(doc.blocks[5].kind, BlockKind::Paragraph);
        assert_eq!(doc.blocks[7].kind, BlockKind::Paragraph);
    }

    #[test]
    fn short_line_next_to_non_prose_is_not_a_heading() {
        let doc = parse(
            "Title\n\nA standfirst line\n\nThe text begins here and goes on for a while longer.",
        );
        assert_eq!(doc.blocks[1].kind, BlockKind::Paragraph);
    }

    #[test]
    fn rules() {
        for rule in [
            "* * *",
            "---",
            "***",
            "⁂",
            "~~~~~",
            "        *       *       *",
        ] {
            let doc = parse(&format!("Some text here.\n\n{rule}\n\nMore text here."));
            assert_eq!(doc.blocks[1].kind, BlockKind::Rule, "{rule}");
            assert_eq!(block(&doc, 1).1, "");
        }
        // A rule right under a paragraph of several lines is split off.
        let doc = parse(&format!("{WRAPPED}\n-----\nMore text here."));
        assert_eq!(doc.blocks[1].kind, BlockKind::Rule);
    }

    #[test]
    fn lists_become_list_items() {
        let text = format!(
            "{WRAPPED}\n\n- first item that is long enough to wrap onto\n  a second line\n- second item\n  - nested item\n- third\n\n1. one\n2. two\n\n{WRAPPED}"
        );
        let doc = parse(&text);
        let items: Vec<(&str, u8, Option<&str>)> = doc
            .blocks
            .iter()
            .filter_map(|b| {
                let l = b.list.as_ref()?;
                Some((doc.block_text(b), l.depth, l.marker.as_deref()))
            })
            .collect();
        assert_eq!(
            items,
            [
                (
                    "first item that is long enough to wrap onto a second line",
                    1,
                    Some("•")
                ),
                ("second item", 1, Some("•")),
                ("nested item", 2, Some("◦")),
                ("third", 1, Some("•")),
                ("one", 1, Some("1.")),
                ("two", 1, Some("2.")),
            ]
        );
    }

    #[test]
    fn wide_tables_and_code_do_not_make_wrapped_prose_look_unwrapped() {
        let row = format!(
            "| {} | {} |",
            "cell ".repeat(12),
            "more words here ".repeat(4)
        );
        let table = format!("{row}\n{row}\n{row}\n{row}");
        let code = format!(
            "$ tool {}\n$ tool {}",
            "--flag value ".repeat(9),
            "--other x ".repeat(11)
        );
        let doc = parse(&format!(
            "Title\n\n{WRAPPED}\n\n{table}\n\n{code}\n\n{WRAPPED}"
        ));
        assert_eq!(
            kinds(&doc),
            [
                BlockKind::Title,
                BlockKind::Paragraph,
                BlockKind::Table,
                BlockKind::Table,
                BlockKind::Paragraph
            ]
        );
    }

    #[test]
    fn a_sentence_wrapped_inside_kept_lines_is_joined() {
        let notice = "Copyright (C) 2026 The folio authors\nEveryone may copy and share this \
                      notice word for word, but may not\nchange it.";
        let poem = "Under the snow the hive is still,\nA held breath in the frost.";
        let doc = parse(&format!("{WRAPPED}\n\n{notice}\n\n{poem}\n\n{WRAPPED}"));
        assert_eq!(
            block(&doc, 1).1,
            "Copyright (C) 2026 The folio authors\nEveryone may copy and share this notice \
             word for word, but may not change it."
        );
        assert_eq!(block(&doc, 2).1, poem);
    }

    #[test]
    fn signature_lines_are_kept() {
        let text =
            format!("{WRAPPED}\n\n{WRAPPED}\n\nE. C.\nHon. Secretary, Hollin Moor Beekeepers");
        let doc = parse(&text);
        assert_eq!(doc.blocks[2].kind, BlockKind::Lines);
    }

    #[test]
    fn wide_and_odd_characters_do_not_panic() {
        for text in [
            "\u{3000}\u{3000}日本語の段落。\n\n次の段落。",
            "-\n-\n-",
            "1.\n2)",
            "‐\n‐x",
            "- \n* ",
            "==\n==",
        ] {
            let doc = parse(text);
            for b in &doc.blocks {
                assert!(doc.text.get(b.range.clone()).is_some());
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Fast paths against the obvious way

    proptest::proptest! {
        #[test]
        fn byte_scans_agree_with_char_methods(
            text in "[a-z |é中\u{3000}\u{a0}\n.]{0,60}",
            cap in 0usize..12,
            n in 0usize..30,
        ) {
            // Lines as split gives them, with their widths.
            let lines: Vec<Line<'_>> = lines(&text, 0).collect();
            let expected: Vec<&str> = text.split('\n').collect();
            proptest::prop_assert_eq!(lines.len(), expected.len());
            for (line, raw) in lines.iter().zip(&expected) {
                proptest::prop_assert_eq!(line.body, raw.trim());
                proptest::prop_assert_eq!(line.indent, leading_ws(raw));
                // Terminal columns: two for a CJK character (the ideographic space too).
                let cols: usize = raw
                    .trim()
                    .chars()
                    .map(|c| if c == '中' || c == '\u{3000}' { 2 } else { 1 })
                    .sum();
                proptest::prop_assert_eq!(line.width, leading_ws(raw) + cols);
                proptest::prop_assert_eq!(
                    pipe_and_gap(raw),
                    (raw.contains('|'), raw.contains("  "))
                );
            }
            proptest::prop_assert_eq!(words_upto(&text, cap), text.split_whitespace().take(cap).count());
            proptest::prop_assert_eq!(more_chars_than(&text, n), text.chars().count() > n);
        }
    }

    #[test]
    fn byte_scans_on_long_lines() {
        let line = "word |  ".repeat(40) + "é";
        let text = format!("{line}\n  {line}  \n\n{}", "x".repeat(17));
        let lines: Vec<Line<'_>> = lines(&text, 0).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].width, line.chars().count());
        assert_eq!(lines[1].width, 2 + line.trim_end().chars().count());
        assert_eq!(lines[3].width, 17);
        assert_eq!(pipe_and_gap(&line), (true, true));
        assert_eq!(pipe_and_gap("abcdefgh ijklmno p"), (false, false));
        assert_eq!(pipe_and_gap("abcdefg  hijklmnop"), (false, true));
        assert_eq!(pipe_and_gap("abcdefghijklmnop|"), (true, false));
        assert_eq!(pipe_and_gap("abcdefghijklmn  "), (false, true));
    }

    #[test]
    fn rule_lines() {
        for rule in ["* * *", "---", "⁂", "— — —", "...", "~ ~ ~ ~"] {
            assert!(is_rule_line(rule), "{rule}");
        }
        for text in ["", "--", "* * x", "⁂⁂", "a", "-- -a"] {
            assert!(!is_rule_line(text), "{text}");
        }
        assert!(is_pure_rule("-----") && is_pure_rule("* * *"));
        assert!(!is_pure_rule("-- --x") && !is_pure_rule("*  *  *") && !is_pure_rule("=="));
        assert_eq!(underline_level("==="), Some(1));
        assert_eq!(underline_level("---"), Some(2));
        assert_eq!(underline_level("--"), None);
        assert_eq!(underline_level("-=-"), None);
    }

    // -----------------------------------------------------------------------------------------
    // The sample and the beginning

    /// A long hard-wrapped text: paragraphs of `WRAPPED`, subheadings between some.
    fn long_text(paragraphs: usize) -> String {
        let mut text = String::from("A Long Title\n\nBy Ann Lee\n\n");
        for i in 0..paragraphs {
            if i % 7 == 3 {
                text.push_str(&format!("Part {i} begins\n\n"));
            }
            text.push_str(WRAPPED);
            text.push_str("\n\n");
        }
        text
    }

    #[test]
    fn the_sample_ends_at_a_paragraph_break() {
        let short = long_text(3);
        let sample = read_sample(&short, usize::MAX).unwrap_or_default();
        assert_eq!(sample.end, short.len());
        let long = long_text(3000);
        assert!(long.len() > 2 * SAMPLE_BYTES);
        let sample = read_sample(&long, usize::MAX).unwrap_or_default();
        assert!(sample.end <= SAMPLE_BYTES && sample.end > SAMPLE_BYTES - 1000);
        assert!(long[..sample.end].ends_with("\n"));
        assert!(long[sample.end..].starts_with("\n"));
        assert_eq!(sample.lines.len(), long[..sample.end].matches('\n').count());
        // Without a break in the first 2 * SAMPLE_BYTES, a beginning cannot be had.
        let one_line = "word ".repeat(2 * SAMPLE_BYTES / 5 + 10) + "\n\nend";
        assert!(read_sample(&one_line, 2 * SAMPLE_BYTES).is_none());
        assert!(read_sample(&one_line, usize::MAX).is_some());
    }

    #[test]
    fn paragraph_breaks() {
        let text = "aaaa\nbbbb\n\ncccc\n  \ndddd";
        assert_eq!(paragraph_break(text, 0, 100), Some(10));
        assert_eq!(paragraph_break(text, 10, 100), Some(10));
        assert_eq!(paragraph_break(text, 11, 100), Some(16));
        assert_eq!(paragraph_break(text, 11, 16), None);
        assert_eq!(paragraph_break(text, 19, 100), None);
        // Never inside a character.
        assert_eq!(paragraph_break("éé\n\néé", 1, 100), Some(5));
    }

    #[test]
    fn the_beginning_is_the_start_of_the_whole() {
        for text in [long_text(60), long_text(3000)] {
            let full = parse(&text);
            for min in [1000, 5000, 64 * 1024] {
                if text.len() <= 2 * min {
                    assert!(parse_prefix(&text, min).is_none());
                    continue;
                }
                let Some(prefix) = parse_prefix(&text, min) else {
                    panic!("no beginning for {min}");
                };
                let n = prefix.blocks.len();
                assert!(n >= 3 && n < full.blocks.len());
                assert_eq!(prefix.blocks[..], full.blocks[..n]);
                assert!(full.text.starts_with(&prefix.text));
                assert!(prefix.text.len() >= min / 2 && prefix.text.len() <= 2 * min);
                assert_eq!(prefix.meta, full.meta);
            }
        }
    }

    #[test]
    fn no_beginning_without_a_paragraph_break() {
        let text = "word ".repeat(4000);
        assert!(parse_prefix(&text, 2000).is_none());
        assert!(parse_prefix(&long_text(3), 2000).is_none());
        // Fewer than five blocks seen and no byline yet: one could follow.
        let text = format!("{}\n\n{}", "word ".repeat(1000), "word ".repeat(1000));
        assert!(parse_prefix(&text, 2000).is_none());
    }

    #[test]
    fn a_subheading_right_after_the_cut_is_decided_with_its_neighbours() {
        // Whichever paragraph the cut follows, the blocks kept are those of the whole.
        let mut text = String::from("Title\n\n");
        for i in 0..40 {
            text.push_str(&format!("Heading {i}\n\n{WRAPPED}\n\n"));
        }
        let full = parse(&text);
        for min in (200..4000).step_by(97) {
            if let Some(prefix) = parse_prefix(&text, min) {
                assert_eq!(
                    prefix.blocks[..],
                    full.blocks[..prefix.blocks.len()],
                    "{min}"
                );
            }
        }
    }
}
