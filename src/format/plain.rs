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

use std::collections::HashMap;

use crate::document::{BlockKind, Document, DocumentBuilder, ListMark, Meta};

/// Told to the reader when a file holds no text at all.
pub const EMPTY_NOTICE: &str = "This article is empty.";

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

/// Parses plain text into a [`Document`].
///
/// The heuristics and their thresholds:
///
/// - **Common indent.** When one indentation (more than zero columns) covers at least half of
///   the non-blank lines (RFCs, some e-mail), it is the baseline and is stripped first.
/// - **Wrap width.** The 90th percentile of the widths of all lines but the last of every
///   multi-line paragraph that is not a list, table or indented block (e-mail quoting
///   included). The text counts as
///   hard-wrapped when that width is at least 45 columns and fewer than one in three
///   multi-line paragraphs is matched by an over-long prose line (wider than 1.5 × the wrap
///   width and wider than the wrap width + 20, with at least 8 words). Otherwise every
///   multi-line paragraph keeps its line breaks (they were deliberate).
/// - **Prose or verse.** In a hard-wrapped text a line is *full* when it reaches 3/4 of the
///   wrap width or when the next line's first word would not have fitted after it. A
///   multi-line paragraph is prose (unwrapped into one [`BlockKind::Paragraph`]) when at least
///   2/3 of its lines but the last are full; otherwise it is verse ([`BlockKind::Lines`]).
/// - **Unwrapping.** Lines are joined with a space, except after a line that ends in a hyphen
///   or dash (`-`, `‐`, `—`) right after a letter or digit when the next line starts with a
///   lower-case letter: then the hyphen is kept and no space is inserted ("well-" + "known" ->
///   "well-known"; "Eltern-" + "und" becomes "Eltern-und", an accepted loss). A line ending
///   in a soft hyphen is joined without a space.
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
    let mut meta = Meta::default();
    let lines = read_lines(text);
    let paras = split_paragraphs(&lines);
    if paras.is_empty() {
        meta.notices.push(EMPTY_NOTICE.to_string());
        return DocumentBuilder::new(meta).finish();
    }
    let shapes: Vec<Shape> = paras.iter().map(shape_of).collect();
    let wrap = wrap_width(&paras, &shapes);
    let mut items: Vec<Item> = Vec::new();
    for (para, shape) in paras.iter().zip(shapes) {
        classify(para, shape, wrap, &mut items, &mut meta);
    }
    promote_subheadings(&mut items);

    let mut b = DocumentBuilder::new(meta);
    for item in items {
        match item {
            Item::Title(t) => b.push(BlockKind::Title, &t, Vec::new(), 0, None),
            Item::Byline(t) => b.push(BlockKind::Byline, &t, Vec::new(), 0, None),
            Item::Heading(level, t) => {
                b.push(BlockKind::Heading { level }, &t, Vec::new(), 0, None)
            }
            Item::Para { text, quote, .. } => {
                b.push(BlockKind::Paragraph, &text, Vec::new(), quote, None)
            }
            Item::Lines(t, quote) => b.push(BlockKind::Lines, &t, Vec::new(), quote, None),
            Item::List(entries) => {
                for e in entries {
                    let mark = ListMark {
                        depth: e.depth,
                        marker: Some(e.marker),
                    };
                    b.push(BlockKind::Paragraph, &e.text, Vec::new(), 0, Some(mark));
                }
            }
            Item::Rule => b.push(BlockKind::Rule, "", Vec::new(), 0, None),
        }
    }
    if b.is_empty() {
        b.meta_mut().notices.push(EMPTY_NOTICE.to_string());
    }
    b.finish()
}

/// One source line: its indentation (relative to the document's baseline), its text without
/// surrounding whitespace, and its width in characters (indent + text).
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    body: &'a str,
    width: usize,
}

/// Consecutive non-blank lines; `underline` is the heading level of a setext-style heading
/// (the underline itself is not in `lines`).
#[derive(Debug)]
struct Para<'a> {
    lines: Vec<Line<'a>>,
    underline: Option<u8>,
}

/// What a paragraph looks like before the document-wide wrap width is known.
#[derive(Debug)]
enum Shape {
    Single,
    Underlined(u8),
    /// Three lines: an over- and underline around a heading.
    Framed(u8),
    List(Vec<ListEntry>),
    /// Indented block, table or code: keeps its lines.
    Kept,
    /// Prose or verse, decided with the wrap width.
    Flow,
    /// Every line starts with an e-mail quote marker (`>`).
    Quoted,
}

#[derive(Debug)]
struct ListEntry {
    depth: u8,
    marker: String,
    text: String,
}

/// A classified paragraph.
#[derive(Debug)]
enum Item {
    Title(String),
    Byline(String),
    Heading(u8, String),
    Para {
        text: String,
        /// Quote depth.
        quote: u8,
        words: usize,
        single: bool,
    },
    /// Kept lines and their quote depth.
    Lines(String, u8),
    List(Vec<ListEntry>),
    Rule,
}

fn leading_ws(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
}

/// Splits the text into lines and strips the document's common (baseline) indentation.
fn read_lines(text: &str) -> Vec<Line<'_>> {
    let raw: Vec<(usize, &str)> = text
        .split('\n')
        .map(|l| (leading_ws(l), l.trim()))
        .collect();
    let mut counts: HashMap<usize, usize> = HashMap::new();
    let mut nonblank = 0usize;
    for (indent, body) in &raw {
        if !body.is_empty() {
            nonblank += 1;
            *counts.entry(*indent).or_insert(0) += 1;
        }
    }
    // The most common indentation (smallest on ties) is the baseline when it covers half the
    // non-blank lines.
    let baseline = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .filter(|&(_, &n)| n * 2 >= nonblank)
        .map_or(0, |(&indent, _)| indent);
    raw.into_iter()
        .map(|(indent, body)| {
            let indent = indent.saturating_sub(baseline);
            Line {
                indent,
                body,
                width: indent + body.chars().count(),
            }
        })
        .collect()
}

/// Groups lines into paragraphs, recognising setext underlines and rule lines that follow a
/// paragraph without a blank line.
fn split_paragraphs<'a>(lines: &[Line<'a>]) -> Vec<Para<'a>> {
    let mut paras = Vec::new();
    let mut cur: Vec<Line<'a>> = Vec::new();
    for line in lines {
        if line.body.is_empty() {
            if !cur.is_empty() {
                paras.push(Para {
                    lines: std::mem::take(&mut cur),
                    underline: None,
                });
            }
            continue;
        }
        if let (Some(level), [heading]) = (underline_level(line.body), cur.as_slice())
            && underline_fits(heading, line)
        {
            paras.push(Para {
                lines: std::mem::take(&mut cur),
                underline: Some(level),
            });
            continue;
        }
        // E-mail quoting starts or ends: a new paragraph ("On Tuesday, Ann wrote:").
        if let Some(last) = cur.last()
            && (strip_quote(last.body).0 > 0) != (strip_quote(line.body).0 > 0)
        {
            paras.push(Para {
                lines: std::mem::take(&mut cur),
                underline: None,
            });
        }
        if cur.len() >= 2 && is_pure_rule(line.body) && !any_framed_start(&cur) {
            paras.push(Para {
                lines: std::mem::take(&mut cur),
                underline: None,
            });
            paras.push(Para {
                lines: vec![*line],
                underline: None,
            });
            continue;
        }
        cur.push(*line);
    }
    if !cur.is_empty() {
        paras.push(Para {
            lines: cur,
            underline: None,
        });
    }
    paras
}

/// True when a paragraph so far is "====" + heading (the closing overline follows).
fn any_framed_start(cur: &[Line<'_>]) -> bool {
    cur.len() == 2 && underline_level(cur[0].body).is_some()
}

/// `===` -> 1, `---` -> 2 (3+ characters, nothing else).
fn underline_level(body: &str) -> Option<u8> {
    if body.chars().count() < 3 {
        return None;
    }
    if body.chars().all(|c| c == '=') {
        Some(1)
    } else if body.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// An underline belongs to a heading line that is short, has letters, is not a table header
/// and is at least half as long as the underline covers.
fn underline_fits(heading: &Line<'_>, underline: &Line<'_>) -> bool {
    let len = heading.body.chars().count();
    len <= HEADING_MAX_CHARS
        && heading.body.chars().any(char::is_alphabetic)
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
    let same = chars.clone().all(|c| c == first);
    let count = 1 + chars.count();
    same && count >= 3 && "-=*_~".contains(first) && !body.contains("  ")
}

/// A one-line thematic break.
fn is_rule_line(body: &str) -> bool {
    let marks: Vec<char> = body.chars().filter(|c| !c.is_whitespace()).collect();
    match marks.as_slice() {
        [] => false,
        [c] => "⁂❧※❦✻◆◇⸙".contains(*c),
        _ => marks.len() >= 3 && marks.iter().all(|c| "*-_=~#·•∗—–.".contains(*c)),
    }
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn shape_of(para: &Para<'_>) -> Shape {
    if let Some(level) = para.underline {
        return Shape::Underlined(level);
    }
    let lines = &para.lines;
    if lines.iter().all(|l| strip_quote(l.body).0 > 0) {
        return Shape::Quoted;
    }
    if lines.len() == 1 {
        return Shape::Single;
    }
    if let [over, mid, under] = lines.as_slice()
        && let (Some(a), Some(b)) = (underline_level(over.body), underline_level(under.body))
        && a == b
        && underline_fits(mid, under)
    {
        return Shape::Framed(a);
    }
    if let Some(entries) = list_entries(lines) {
        return Shape::List(entries);
    }
    if lines.iter().all(|l| l.indent >= 2) || looks_tabular(lines) {
        return Shape::Kept;
    }
    Shape::Flow
}

/// The document's hard-wrap width, or `None` when the text is not hard-wrapped.
fn wrap_width(paras: &[Para<'_>], shapes: &[Shape]) -> Option<usize> {
    let mut widths = Vec::new();
    let mut multi = 0usize;
    for (para, shape) in paras.iter().zip(shapes) {
        if matches!(shape, Shape::Flow | Shape::Quoted)
            && let Some((_, init)) = para.lines.split_last()
        {
            multi += 1;
            widths.extend(init.iter().map(|l| l.width));
        }
    }
    if widths.is_empty() {
        return None;
    }
    widths.sort_unstable();
    let w = *widths.get((widths.len() - 1) * 9 / 10)?;
    let long_limit = (w * 3 / 2).max(w + 20);
    let long = paras
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter(|l| l.width > long_limit && word_count(l.body) >= 8)
        .count();
    (w >= MIN_WRAP_WIDTH && long * 3 < multi).then_some(w)
}

/// Is this multi-line paragraph wrapped prose (rather than verse)?
fn is_prose(lines: &[Line<'_>], wrap: Option<usize>) -> bool {
    let Some(w) = wrap else {
        return false;
    };
    let Some((_, init)) = lines.split_last() else {
        return false;
    };
    let full = init
        .iter()
        .zip(lines.iter().skip(1))
        .filter(|(line, next)| {
            let next_word = next
                .body
                .split_whitespace()
                .next()
                .map_or(0, |word| word.chars().count());
            line.width * FULL_LINE.1 >= w * FULL_LINE.0 || line.width + 1 + next_word > w
        })
        .count();
    full * PROSE_FULL_LINES.1 >= init.len() * PROSE_FULL_LINES.0
}

/// Joins hard-wrapped lines into one paragraph (see [`parse`] for the hyphen rule).
fn join_lines<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            let next_lower = part.chars().next().is_some_and(char::is_lowercase);
            let glue = out.ends_with('\u{ad}') || (ends_with_word_hyphen(&out) && next_lower);
            if !glue {
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
            width: line.width,
        };
        match groups.last_mut() {
            Some((d, group)) if open && *d == depth => group.push(stripped),
            _ => groups.push((depth, vec![stripped])),
        }
        open = true;
    }
    groups
}

/// Lines kept as they are, indentation relative to the least-indented line.
fn dedent(lines: &[Line<'_>]) -> String {
    let min = lines.iter().map(|l| l.indent).min().unwrap_or(0);
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(' ', l.indent - min));
        out.push_str(l.body);
    }
    out
}

/// A list marker at the start of a line: ("•" or "1.", rest of the line).
fn list_marker(body: &str) -> Option<(Option<String>, &str)> {
    let mut chars = body.char_indices();
    let (_, first) = chars.next()?;
    if "-*+•·–".contains(first) {
        let rest = body.get(first.len_utf8()..)?;
        let text = rest.strip_prefix(' ')?.trim_start();
        return (!text.is_empty()).then_some((None, text));
    }
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let after = body.get(digits..)?;
        let punct = after.chars().next().filter(|c| *c == '.' || *c == ')')?;
        let text = after.get(1..)?.strip_prefix(' ')?.trim_start();
        let marker = format!("{}{punct}", body.get(..digits)?);
        return (!text.is_empty()).then_some((Some(marker), text));
    }
    None
}

/// A paragraph of list items, or `None`.
fn list_entries(lines: &[Line<'_>]) -> Option<Vec<ListEntry>> {
    list_marker(lines.first()?.body)?;
    let markers = lines
        .iter()
        .filter(|l| list_marker(l.body).is_some())
        .count();
    if markers < 2 {
        return None;
    }
    // (indent, depth, marker, text lines)
    let mut items: Vec<(u8, String, Vec<&str>)> = Vec::new();
    let mut indents: Vec<usize> = Vec::new();
    for line in lines {
        match list_marker(line.body) {
            Some((number, text)) => {
                while indents.last().is_some_and(|&i| i > line.indent) {
                    indents.pop();
                }
                if indents.last().is_none_or(|&i| i < line.indent) {
                    indents.push(line.indent);
                }
                let depth = indents.len().clamp(1, MAX_LIST_DEPTH);
                let marker = number.unwrap_or_else(|| bullet(depth).to_string());
                items.push((depth as u8, marker, vec![text]));
            }
            None => {
                if let Some(last) = items.last_mut() {
                    last.2.push(line.body);
                }
            }
        }
    }
    Some(
        items
            .into_iter()
            .map(|(depth, marker, parts)| ListEntry {
                depth,
                marker,
                text: join_lines(parts),
            })
            .collect(),
    )
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
    let pipes = lines.iter().filter(|l| l.body.contains('|')).count();
    if pipes >= 2 && pipes * 2 >= n {
        return true;
    }
    if lines.iter().any(|l| is_separator_line(l.body)) {
        return true;
    }
    let code = lines.iter().filter(|l| looks_like_code(l.body)).count();
    if code >= 2 && code * 2 >= n {
        return true;
    }
    let mut columns: HashMap<usize, usize> = HashMap::new();
    let mut gappy = 0usize;
    for line in lines {
        let cols = gap_columns(line);
        if !cols.is_empty() {
            gappy += 1;
        }
        for c in cols {
            *columns.entry(c).or_insert(0) += 1;
        }
    }
    let aligned = columns.values().any(|&k| k >= 2 && k * 5 >= n * 3);
    // Wide gaps (4+ spaces) inside lines: right-aligned columns, page headers.
    let wide = lines.iter().filter(|l| l.body.contains("    ")).count();
    aligned || (gappy >= 3 && gappy * 5 >= n * 3) || (wide >= 2 && wide * 2 >= n)
}

/// A line drawn with rule or box characters ("+----+----+", "-----  ----").
fn is_separator_line(body: &str) -> bool {
    let marks: Vec<char> = body.chars().filter(|c| !c.is_whitespace()).collect();
    if marks.len() < 3 || marks.iter().any(|c| c.is_alphanumeric()) {
        return false;
    }
    let drawn = marks
        .iter()
        .filter(|&&c| "-=+|_:*~#".contains(c) || ('\u{2500}'..='\u{259f}').contains(&c))
        .count();
    drawn * 5 >= marks.len() * 3
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
    s.chars().count() <= TITLE_MAX_CHARS
        && word_count(s) <= TITLE_MAX_WORDS
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
    if s.chars().count() > HEADING_MAX_CHARS || s.chars().any(char::is_lowercase) {
        return false;
    }
    if s.chars().filter(|c| c.is_uppercase()).count() < 2 {
        return false;
    }
    let inner = strip_closing(s);
    if inner.ends_with([',', ';', ':']) {
        return false;
    }
    !inner.ends_with('.') || word_count(s) <= 3
}

/// A short line that is not a sentence: a subheading candidate.
fn subheading_like(s: &str) -> bool {
    if s.chars().count() > HEADING_MAX_CHARS || word_count(s) > SUBHEADING_MAX_WORDS {
        return false;
    }
    let Some(first) = s.chars().next() else {
        return false;
    };
    let starts =
        first.is_uppercase() || (first.is_ascii_digit() && s.chars().any(char::is_alphabetic));
    let ends = s.chars().next_back().is_some_and(char::is_alphanumeric);
    starts && ends && list_marker(s).is_none_or(|(n, _)| n.is_some()) && byline_author(s).is_none()
}

/// If `line` is a byline ("By Ann Lee and Tom Wu", "Von Jana Weber, Lindau"), the names.
pub(crate) fn byline_author(line: &str) -> Option<String> {
    let line = line.trim();
    if line.chars().count() > BYLINE_MAX_CHARS {
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

fn classify(
    para: &Para<'_>,
    shape: Shape,
    wrap: Option<usize>,
    items: &mut Vec<Item>,
    meta: &mut Meta,
) {
    let first = items.is_empty();
    let byline_open = items.len() < BYLINE_WINDOW && meta.author.is_none();
    let lines = &para.lines;
    let body = |i: usize| lines.get(i).map_or("", |l| l.body);
    match shape {
        Shape::Underlined(level) | Shape::Framed(level) => {
            let text = if matches!(shape, Shape::Framed(_)) {
                body(1)
            } else {
                body(0)
            };
            push_heading(items, meta, first, level, text);
        }
        Shape::Single => {
            let s = body(0);
            if is_rule_line(s) {
                items.push(Item::Rule);
            } else if let Some(author) = byline_open.then(|| byline_author(s)).flatten() {
                meta.author = Some(author);
                items.push(Item::Byline(s.to_string()));
            } else if first && title_like(s) {
                push_heading(items, meta, true, 1, s);
            } else if caps_heading(s) {
                items.push(Item::Heading(2, s.to_string()));
            } else {
                items.push(Item::Para {
                    text: s.to_string(),
                    quote: u8::from(is_quoted(s)),
                    words: word_count(s),
                    single: true,
                });
            }
        }
        _ if first
            && lines.len() == 2
            && title_like(body(0))
            && byline_author(body(1)).is_some() =>
        {
            push_heading(items, meta, true, 1, body(0));
            meta.author = byline_author(body(1));
            items.push(Item::Byline(body(1).to_string()));
        }
        Shape::List(entries) => items.push(Item::List(entries)),
        Shape::Kept => items.push(Item::Lines(dedent(lines), 0)),
        Shape::Quoted => {
            for (depth, group) in quoted_groups(lines) {
                if group.len() == 1 || is_prose(&group, wrap) {
                    let text = join_lines(group.iter().map(|l| l.body));
                    items.push(Item::Para {
                        words: word_count(&text),
                        text,
                        quote: depth,
                        single: false,
                    });
                } else {
                    items.push(Item::Lines(dedent(&group), depth));
                }
            }
        }
        Shape::Flow => {
            if is_prose(lines, wrap) {
                let text = join_lines(lines.iter().map(|l| l.body));
                items.push(Item::Para {
                    quote: u8::from(is_quoted(&text)),
                    words: word_count(&text),
                    text,
                    single: false,
                });
            } else {
                items.push(Item::Lines(dedent(lines), 0));
            }
        }
    }
}

/// The first heading-like paragraph is the title; later ones are headings.
fn push_heading(items: &mut Vec<Item>, meta: &mut Meta, first: bool, level: u8, text: &str) {
    if first {
        meta.title = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
        items.push(Item::Title(text.to_string()));
    } else {
        items.push(Item::Heading(level, text.to_string()));
    }
}

/// Short one-line paragraphs between two prose paragraphs become level-2 headings.
fn promote_subheadings(items: &mut [Item]) {
    let prose = |item: &Item| matches!(item, Item::Para { words, .. } if *words >= PROSE_MIN_WORDS);
    for i in 1..items.len().saturating_sub(1) {
        let candidate = match &items[i] {
            Item::Para {
                text,
                quote: 0,
                single: true,
                ..
            } if subheading_like(text) => text.clone(),
            _ => continue,
        };
        if prose(&items[i - 1]) && prose(&items[i + 1]) {
            items[i] = Item::Heading(2, candidate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;

    fn kinds(doc: &Document) -> Vec<BlockKind> {
        doc.blocks.iter().map(|b| b.kind.clone()).collect()
    }

    fn texts(doc: &Document) -> Vec<&str> {
        doc.blocks.iter().map(|b| doc.block_text(b)).collect()
    }

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
        assert_eq!(kinds(&doc)[1], BlockKind::Lines);
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
            assert_eq!(kinds(&doc)[1], BlockKind::Lines, "{table}");
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
                BlockKind::Lines
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
}
