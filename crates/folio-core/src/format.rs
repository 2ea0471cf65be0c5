//! Input formats: each turns clean UTF-8 text (from [`crate::decode`]) into a [`Document`].
//!
//! One file per format under `format/`. Nothing here touches the terminal.

pub mod epub;
pub mod html;
pub mod inline;
pub mod markdown;
pub mod plain;

use crate::document::Document;
use std::borrow::Cow;
use std::path::Path;

/// Replaces HTML character references (`&amp;`, `&egrave;`, `&#233;`, `&#xE9;`: the full HTML5
/// table, from html-escape) in text that markup parsers of our own hand us (EPUB chapters, HTML
/// blocks in Markdown). Unknown references stay as written. A reference to a character that
/// decoding removes (controls, bidi controls, the BOM) is dropped, so a reference cannot
/// smuggle in what [`crate::decode`] cleaned out; the text around it is left as it is.
pub(crate) fn unescape(s: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', s.as_bytes()) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // The longest name in the table has 31 characters; look for the `;` no further.
        let end = rest.bytes().take(40).position(|b| b == b';');
        let decoded = end.and_then(|e| reference(&rest[..=e]).map(|d| (d, e)));
        match decoded {
            Some((d, e)) => {
                out.extend(d.chars().filter(|&c| !crate::decode::is_forbidden(c)));
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether a line break between `prev` and `next` joins them with no space: both are CJK
/// characters of scripts written without spaces between words (Han, Hiragana, Katakana,
/// Bopomofo, CJK punctuation, fullwidth forms, CJK compatibility characters). Korean Hangul
/// is written with spaces and keeps them; a break between CJK and Latin keeps its space.
/// Plain-text unwrapping, Markdown soft breaks and HTML/XHTML whitespace collapsing share it.
pub fn joins_without_space(prev: char, next: char) -> bool {
    is_cjk(prev) && is_cjk(next)
}

/// A character of a CJK script written without spaces between words (see
/// [`joins_without_space`]); not Hangul, and not whitespace (U+3000 is the ideographic space).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF // CJK radicals supplement, Kangxi radicals
        | 0x2FF0..=0x2FFF // ideographic description characters
        | 0x3001..=0x303F // CJK symbols and punctuation (not U+3000, a space)
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3100..=0x312F // Bopomofo
        | 0x3190..=0x31FF // Kanbun, Bopomofo extended, CJK strokes, Katakana extension
        | 0x3220..=0x325F // enclosed CJK (the parenthesised Hangul before it left out)
        | 0x3280..=0x33FF // enclosed CJK (circled Hangul before it left out), CJK compatibility
        | 0x3400..=0x4DBF // CJK unified ideographs extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFE30..=0xFE4F // CJK compatibility forms
        | 0xFF00..=0xFF9F // fullwidth forms, halfwidth Katakana
        | 0xFFE0..=0xFFEF // fullwidth signs (halfwidth Hangul FFA0-FFDF left out)
        | 0x1AFF0..=0x1B16F // Kana extended and supplement, small kana
        | 0x20000..=0x323AF // CJK unified ideographs extensions B-H, compatibility supplement
    )
}

/// Appends markup text to `out` with each run of whitespace as one space (no-break spaces are
/// text), never starting a line with one. A run that holds a line break between two CJK
/// characters ([`joins_without_space`]) becomes nothing, as CSS does with a segment break
/// between East Asian wide characters. One piece of text on its own: a run at its very end is
/// written as a space; text split by tags goes through a [`Collapser`] instead.
pub(crate) fn collapse_whitespace_onto(out: &mut String, text: &str) {
    let mut collapser = Collapser::default();
    collapser.push(out, text);
    if collapser.run.is_some() {
        push_collapsed_space(out);
    }
}

/// Whitespace collapsing over the pieces of text of one block, which tags split
/// (`一\n<a>份</a>`). A run of whitespace at the end of a piece is held back until the next
/// character that is not whitespace arrives, maybe in a later piece, and only then becomes one
/// space or, for a line break between two CJK characters, nothing. A run still held when the
/// block ends is dropped (a block never ends with a space). Owned by the converter, beside the
/// text it writes to; [`Collapser::reset`] when that text is taken or ends a line.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Collapser {
    /// A run of whitespace not yet written: whether it holds a line break.
    run: Option<bool>,
}

impl Collapser {
    /// Appends `text` to `out`, collapsing its whitespace (see [`collapse_whitespace_onto`]);
    /// a space for a run held from before is written just before this text's first character.
    pub(crate) fn push(&mut self, out: &mut String, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                self.run = Some(self.run.is_some_and(|b| b) || matches!(c, '\n' | '\r'));
                continue;
            }
            if let Some(line_break) = self.run.take() {
                let joins = line_break
                    && out
                        .chars()
                        .next_back()
                        .is_some_and(|p| joins_without_space(p, c));
                if !joins {
                    push_collapsed_space(out);
                }
            }
            out.push(c);
        }
    }

    /// Forgets a run held back: the block ended, or a line break (`<br>`) took its place.
    pub(crate) fn reset(&mut self) {
        self.run = None;
    }
}

/// One collapsed space, unless `out` is empty or ends with a space or a line break.
/// The rows of an HTML or XHTML table as lines: cells trimmed, empty rows dropped, each
/// column padded to its widest cell and cells joined by " | " (a table is a
/// [`crate::document::BlockKind::Table`]: its lines are never wrapped).
pub(crate) fn table_lines(rows: Vec<Vec<String>>) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.trim().to_string()).collect())
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()))
        .collect();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str(" | ");
                }
                line.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths.get(i).copied().unwrap_or(0);
                    line.extend(std::iter::repeat_n(' ', pad.saturating_sub(cell.width())));
                }
            }
            line
        })
        .collect()
}

fn push_collapsed_space(out: &mut String) {
    if !(out.is_empty() || out.ends_with(' ') || out.ends_with('\n')) {
        out.push(' ');
    }
}

/// Byte index of `needle` (ASCII, not empty) in `hay`, ignoring ASCII case: memchr finds the
/// candidates by the first byte in either case, then the rest is compared.
pub(crate) fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).find(|&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// One reference (`&name;`, `&#n;`, `&#xh;`) decoded, or `None` when html-escape does not know
/// it (or it names no character).
fn reference(r: &str) -> Option<String> {
    match html_escape::decode_html_entities(r) {
        Cow::Owned(d) if d != r && !d.contains('\u{fffd}') => Some(d),
        // html-escape leaves a reference to a control as written (HTML forbids them): it is
        // dropped like the character itself would be.
        _ => code_point(r)
            .filter(|&c| crate::decode::is_forbidden(c))
            .map(|_| String::new()),
    }
}

/// The character a numeric reference names.
fn code_point(r: &str) -> Option<char> {
    let num = r.strip_prefix("&#")?.strip_suffix(';')?;
    let code = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => num.parse().ok()?,
    };
    char::from_u32(code)
}

/// The formats folio reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Markdown,
    Html,
    /// Read from the bytes (a zip), not from decoded text: see [`epub::parse`].
    Epub,
}

impl Format {
    /// Picks the format from the file extension.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd" | "mkdn") => Format::Markdown,
            Some("html" | "htm" | "xhtml" | "shtml") => Format::Html,
            Some("epub") => Format::Epub,
            _ => Format::Plain,
        }
    }

    /// The format a reader names with `--format`.
    pub fn from_name(name: &str) -> Result<Format, String> {
        match name.to_ascii_lowercase().as_str() {
            "plain" | "text" | "txt" => Ok(Format::Plain),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "epub" => Ok(Format::Epub),
            other => Err(format!(
                "unknown article format '{}': use plain, markdown, html or epub",
                crate::decode::sanitize_line(other)
            )),
        }
    }

    /// The format the content shows, where the name says little: an EPUB by its zip
    /// signature, a web page by its tags (when the name says plain text).
    pub fn sniff(self, bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04")
            && bytes.get(30..58) == Some(b"mimetypeapplication/epub+zip".as_slice())
        {
            return Format::Epub;
        }
        if self == Format::Plain {
            let head = &bytes[..bytes.len().min(4096)];
            if html::looks_like_html(&String::from_utf8_lossy(head)) {
                return Format::Html;
            }
        }
        self
    }

    /// Parses decoded, sanitised text. (An EPUB is read from its bytes by [`epub::parse`];
    /// as text it can only be shown plain.)
    pub fn parse(self, text: &str) -> Document {
        self.parse_with(text, inline::ParseOptions::default())
    }

    /// [`Format::parse`] with the reader's options (web pages read them).
    pub fn parse_with(self, text: &str, options: inline::ParseOptions) -> Document {
        match self {
            Format::Plain | Format::Epub => plain::parse(text),
            Format::Markdown => markdown::parse(text),
            Format::Html => html::parse_with(text, options),
        }
    }

    /// A quick document of the first part of a long text, for showing the first page while the
    /// whole is parsed. `None` when the text is short enough to parse whole at once (at most
    /// `2 * min_bytes`), or when no beginning can be had cheaply and safely.
    ///
    /// Contract: the result's `text` is a prefix of `self.parse(text).text`, its blocks are
    /// exactly the first blocks of the full parse (kinds, ranges, spans, quote depth, list
    /// marks), and its title, author and language are the full parse's, so text positions in
    /// it are valid in the full document. It covers roughly the first `min_bytes` of the text
    /// (it is cut at a paragraph break at or after `min_bytes` and before `2 * min_bytes`;
    /// plain text then leaves out the last paragraph before the cut) and costs about as much
    /// as parsing that much, whatever the text's length, apart from a fast scan of the whole
    /// for Markdown definitions.
    ///
    /// How each format keeps the contract is in [`plain::parse_prefix`] and
    /// [`markdown::parse_prefix`]. In short: plain text takes its document-wide statistics
    /// from a bounded sample of the beginning ([`plain::SAMPLE_BYTES`]) in both parses, cuts
    /// at a blank line and leaves out the last paragraph (whose subheading decision needs the
    /// next one); Markdown cuts where pulldown-cmark starts a new top-level block after a
    /// blank line, and gives `None` when the text holds any reference or footnote definition
    /// (they could change earlier text).
    pub fn parse_prefix(self, text: &str, min_bytes: usize) -> Option<Document> {
        if text.len() <= min_bytes.saturating_mul(2) {
            return None;
        }
        match self {
            Format::Plain => plain::parse_prefix(text, min_bytes),
            Format::Markdown => markdown::parse_prefix(text, min_bytes),
            // Readability needs the whole page; an EPUB is parsed from its bytes.
            Format::Html | Format::Epub => None,
        }
    }
}

/// Helpers the format tests share.
#[cfg(test)]
pub(crate) mod testing {
    use crate::document::{BlockKind, Document};

    pub(crate) fn kinds(doc: &Document) -> Vec<BlockKind> {
        doc.blocks.iter().map(|b| b.kind.clone()).collect()
    }

    pub(crate) fn texts(doc: &Document) -> Vec<&str> {
        doc.blocks.iter().map(|b| doc.block_text(b)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_joins_without_space_but_hangul_and_latin_keep_it() {
        for (a, b) in [
            ('中', '文'),
            ('の', 'カ'),
            ('。', '日'),
            ('ㄅ', '字'),
            ('１', 'ｶ'),
        ] {
            assert!(joins_without_space(a, b), "{a}{b}");
        }
        for (a, b) in [
            ('한', '국'),
            ('中', 'a'),
            ('a', '中'),
            ('中', '\u{3000}'),
            ('ᄀ', '中'),
        ] {
            assert!(!joins_without_space(a, b), "{a}{b}");
        }
        assert!(is_cjk('\u{20000}') && !is_cjk('ﾠ') && !is_cjk('㉠'));
    }

    #[test]
    fn collapsing_drops_a_line_break_between_cjk_only() {
        let collapse = |before: &str, text: &str| {
            let mut out = before.to_string();
            collapse_whitespace_onto(&mut out, text);
            out
        };
        assert_eq!(
            collapse("", "  中文\n  中文 \t 中\r\n文 "),
            "中文中文 中文 "
        );
        assert_eq!(collapse("安装", "\n过程"), "安装过程");
        assert_eq!(collapse("안내", "\n서"), "안내 서");
        assert_eq!(collapse("Rust", "\n编写\nin\n中文"), "Rust 编写 in 中文");
        assert_eq!(collapse("a\n", " b\u{a0} c"), "a\nb\u{a0} c");
        assert_eq!(collapse("中", "\n"), "中 ");
    }

    /// `text` collapsed as CSS says, written plainly: each inner whitespace run is one space,
    /// or nothing when it holds a line break between two CJK characters; edges dropped.
    fn collapsed_by_the_rule(text: &str) -> String {
        let collapsible = |c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}';
        let (mut out, mut run) = (String::new(), String::new());
        for c in text.chars() {
            if collapsible(c) {
                run.push(c);
                continue;
            }
            if !run.is_empty() && !out.is_empty() {
                let line_break = run.contains(['\n', '\r']);
                let prev = out.chars().next_back();
                if !(line_break && prev.is_some_and(|p| joins_without_space(p, c))) {
                    out.push(' ');
                }
            }
            run.clear();
            out.push(c);
        }
        out
    }

    proptest::proptest! {
        /// Tags split a paragraph's text anywhere (`一\n<a>份</a>`): the pieces collapse to
        /// what the whole collapses to, and that is the rule, whatever the cuts (issue 14).
        #[test]
        fn text_cut_into_pieces_collapses_as_the_whole(
            text in "[中文の、ab 한\n\r\t\u{a0}]{0,40}",
            cuts in proptest::collection::vec(0usize..=40, 0..6),
        ) {
            let chars: Vec<char> = text.chars().collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(chars.len())).collect();
            cuts.sort_unstable();
            cuts.push(chars.len());
            let (mut out, mut collapser, mut from) = (String::new(), Collapser::default(), 0);
            for cut in cuts {
                let piece: String = chars[from..cut].iter().collect();
                collapser.push(&mut out, &piece);
                from = cut;
            }
            proptest::prop_assert_eq!(out, collapsed_by_the_rule(&text));
        }
    }

    #[test]
    fn ascii_search_ignores_case() {
        assert_eq!(find_ascii_ci("x <BODY>", "<body"), Some(2));
        assert_eq!(find_ascii_ci("<bod", "<body"), None);
        assert_eq!(find_ascii_ci("é<Body", "<body"), Some(2));
        assert_eq!(find_ascii_ci("abc", ""), None);
    }

    #[test]
    fn references_decode_with_the_full_table_and_drop_controls() {
        assert_eq!(
            unescape("&egrave;&Eacute;&rsquo;&amp;&#233;&#xE9;"),
            "èÉ’&éé"
        );
        assert_eq!(unescape("&bogus; & &;"), "&bogus; & &;");
        assert_eq!(unescape("a&#27;b&#x202e;c&#xfeff;d&#9;e"), "abcde");
        assert_eq!(unescape("&#xffffffff;"), "&#xffffffff;");
    }
}
