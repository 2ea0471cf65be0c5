//! Bytes -> clean UTF-8 text: the one gate every file's text passes before anything else sees it.
//!
//! This module owns encoding detection (BOMs, UTF-8, UTF-16, legacy encodings guessed with
//! chardetng), refusing binary files, and sanitising: line ends, tabs, control characters,
//! terminal escape sequences (7-bit and 8-bit), bidi controls and combining-mark floods. Layout
//! and rendering trust its output, so a file can never move the cursor, retitle the window, write
//! the clipboard or reorder what the reader sees.
//!
//! It is part of the core: it must not depend on ratatui or crossterm.
//!
//! Choices worth knowing (they are also tested):
//! - An unterminated string sequence (OSC, DCS, SOS, PM, APC) is removed up to the end of its
//!   line, but never more than [`MAX_UNTERMINATED`] characters: a stray `ESC ]` costs at most
//!   that much of a long unwrapped paragraph. A string that does end (BEL, ST, or an ESC / C1
//!   control that aborts it, as terminals do) is removed whole, however long.
//! - An 8-bit introducer (U+009B, U+009D, …) right after a character in U+0080–U+00FF is taken
//!   for mojibake (UTF-8 read as Latin-1 and re-encoded) and removed alone, so a doubly-encoded
//!   text does not lose the rest of its lines. In text decoded from a legacy encoding, every C1
//!   control is removed alone: it can only be a byte the code page leaves undefined.
//! - Combining marks: at most [`MAX_MARKS`] zero-width characters stack on one base character
//!   (zero width as unicode-width, the layout's width function, sees it), plus at most
//!   [`MAX_JOINERS`] ZWJs and tag characters, which emoji sequences and subdivision flags need.
//! - All Unicode `Bidi_Control` characters are removed, including LRM, RLM and ALM: the terminal
//!   shows text in logical order and their only effect there would be zero-width clutter.
//! - Form feed and U+2029 become a paragraph break (`\n\n`), U+2028 a line break.
//! - Binary: more than one NUL per KB (one stray NUL is forgiven), two NULs in a row, or more than
//!   10% other C0 controls in the first [`SNIFF_LEN`] bytes. NULs later in the file are removed.

use std::borrow::Cow;

use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How much of the start of a file the binary and UTF-16 sniffers look at.
pub const SNIFF_LEN: usize = 8192;
/// Zero-width characters (combining marks and the like) kept on one base character.
pub const MAX_MARKS: usize = 4;
/// ZWJs and tag characters kept on one base character (the longest flag tag sequence has 7).
pub const MAX_JOINERS: usize = 8;
/// Characters an unterminated OSC/DCS/SOS/PM/APC string may swallow before its line ends.
pub const MAX_UNTERMINATED: usize = 4096;
/// Tab stops, in display columns.
pub const TAB_STOP: usize = 8;

/// Why bytes could not be turned into an article's text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("looks like a binary file, not an article")]
    Binary,
}

/// Decoded text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding the bytes were read as.
    pub encoding: &'static str,
    /// True when the encoding was guessed (no BOM, not valid UTF-8).
    pub guessed: bool,
}

/// Decodes a file's bytes, detecting the encoding, and sanitises the text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_impl(bytes, None)
}

/// [`decode`] for bytes the caller gives up: valid, clean UTF-8 (the common case) becomes the
/// text in the same buffer, without a copy, so a 100 MB file does not take 200 MB while it
/// opens. Anything else is decoded as [`decode`] does it, with the same result.
pub fn decode_vec(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if Encoding::for_bom(&bytes).is_some()
        || sniff_utf16(&bytes).is_some()
        || looks_binary(bytes.iter().map(|&b| u32::from(b)))
    {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: clean_owned(&text, Mode::Text).unwrap_or(text),
            encoding: UTF_8.name(),
            guessed: false,
        }),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Like [`decode`], but reads the bytes in the encoding named by `label` (a WHATWG label, as in
/// `<meta charset>`), unless the file starts with a BOM, which wins as it does in browsers, or
/// its bytes are valid UTF-8 and not all ASCII: such bytes are UTF-8 whatever the label says
/// (pages re-saved as UTF-8 keep their old `gb2312` or `iso-8859-1` declaration; text in a
/// legacy encoding is practically never valid UTF-8 once it holds a non-ASCII character). An
/// ASCII-only file follows the label (ISO-2022-JP is written in ASCII bytes).
///
/// Unknown labels fall back to detection. As in HTML, UTF-16 labels mean UTF-8 (a label that
/// could be read as ASCII cannot be in UTF-16) and `x-user-defined` means windows-1252.
pub fn decode_with(bytes: &[u8], label: &str) -> Result<Decoded, DecodeError> {
    let forced = Encoding::for_label(label.as_bytes()).and_then(|enc| {
        if enc == UTF_16LE || enc == UTF_16BE {
            Some(UTF_8)
        } else if enc == X_USER_DEFINED {
            Some(WINDOWS_1252)
        } else if enc == REPLACEMENT {
            // It would turn the whole file into one U+FFFD; guessing serves a reader better.
            None
        } else {
            Some(enc)
        }
    });
    // Valid UTF-8 with a non-ASCII byte is UTF-8; detection then reads it as such.
    let utf8 = forced.is_some_and(|enc| enc != UTF_8)
        && !bytes.is_ascii()
        && Encoding::utf8_valid_up_to(bytes) == bytes.len();
    decode_impl(bytes, if utf8 { None } else { forced })
}

/// Sanitises an already-decoded text the way [`decode`] does: line ends to `\n`, tabs expanded,
/// controls, escape sequences and bidi controls removed, combining floods capped.
pub fn sanitize(text: &str) -> String {
    clean(text, Mode::Text).into_owned()
}

/// Sanitises a one-line string (a title, an author, a file name): as [`sanitize`], but every line
/// break and tab becomes one space, so the string cannot take more than one row.
pub fn sanitize_line(text: &str) -> String {
    clean(text, Mode::Line).into_owned()
}

/// Characters that never survive [`decode`] or [`sanitize`] (the newline aside, which
/// [`sanitize_line`] also removes). Handy for tests elsewhere.
pub fn is_forbidden(c: char) -> bool {
    (c < ' ' && c != '\n')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || is_bidi_control(c)
        || c == '\u{feff}'
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

fn decode_impl(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return decode_as(body, enc, false);
    }
    if let Some(enc) = forced {
        return decode_as(bytes, enc, false);
    }
    if let Some(enc) = sniff_utf16(bytes) {
        return decode_as(bytes, enc, true);
    }
    if looks_binary(bytes.iter().map(|&b| u32::from(b))) {
        return Err(DecodeError::Binary);
    }
    // encoding_rs validates several times faster than `std::str::from_utf8` on non-ASCII text.
    if let Some(text) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(Decoded {
            text: finish(text),
            encoding: UTF_8.name(),
            guessed: false,
        });
    }
    let valid_up_to = Encoding::utf8_valid_up_to(bytes);
    let cut_off = bytes
        .get(valid_up_to..)
        .is_some_and(|rest| matches!(std::str::from_utf8(rest), Err(e) if e.error_len().is_none()));
    if cut_off || mostly_utf8(bytes) {
        // A file cut off mid-character, or UTF-8 with a few stray bytes: reading it all as
        // windows-1252 would garble every non-ASCII letter to save a few.
        let (text, _) = UTF_8.decode_without_bom_handling(bytes);
        return Ok(Decoded {
            text: finish(text),
            encoding: UTF_8.name(),
            guessed: true,
        });
    }
    decode_as(bytes, guess_encoding(bytes), true)
}

/// How much chardetng reads, from the first non-ASCII byte: it runs at a few MB/s, and 64 KB of
/// non-ASCII-bearing text is far more than it needs to be sure.
const GUESS_LEN: usize = 64 * 1024;

fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let start = bytes.iter().position(|&b| b >= 0x80).unwrap_or(0);
    // Keep a little context before the first non-ASCII byte; chardetng looks at neighbours.
    let start = start.saturating_sub(64);
    let end = start.saturating_add(GUESS_LEN).min(bytes.len());
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes.get(start..end).unwrap_or(bytes), end == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Decodes with a known encoding; binary checks apply to the decoded text for UTF-16 and to the
/// bytes otherwise (every other encoding we get here keeps C0 bytes as C0 characters).
fn decode_as(bytes: &[u8], enc: &'static Encoding, guessed: bool) -> Result<Decoded, DecodeError> {
    let utf16 = enc == UTF_16LE || enc == UTF_16BE;
    if !utf16 && looks_binary(bytes.iter().map(|&b| u32::from(b))) {
        return Err(DecodeError::Binary);
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    if utf16 && looks_binary(text.chars().map(u32::from)) {
        return Err(DecodeError::Binary);
    }
    // In a legacy encoding a C1 control comes from a byte the code page leaves undefined
    // (windows-1252's 0x81, 0x8D, 0x8F, 0x90, 0x9D) or an ISO-8859 page's C1 range: a stray
    // byte, not an 8-bit escape sequence. It is removed alone, so that it cannot start an
    // "unterminated string" that swallows the rest of its line.
    let text = if enc != UTF_8 && !utf16 && text.chars().any(is_c1) {
        Cow::Owned(text.chars().filter(|&c| !is_c1(c)).collect())
    } else {
        text
    };
    Ok(Decoded {
        text: finish(text),
        encoding: enc.name(),
        guessed,
    })
}

/// Sanitises without copying a text that is already clean.
fn finish(text: Cow<'_, str>) -> String {
    match clean_owned(&text, Mode::Text) {
        Some(cleaned) => cleaned,
        None => text.into_owned(),
    }
}

/// Binary formats are full of NULs, mostly in runs (padding, small little-endian integers);
/// a text may have a stray one, which sanitising removes.
fn looks_binary(units: impl Iterator<Item = u32>) -> bool {
    let (mut n, mut nuls, mut controls, mut prev_nul) = (0usize, 0usize, 0usize, false);
    for u in units.take(SNIFF_LEN) {
        n += 1;
        if u == 0 {
            if prev_nul {
                return true;
            }
            nuls += 1;
        }
        prev_nul = u == 0;
        if u < 0x20 && !matches!(u, 0x09 | 0x0a | 0x0c | 0x0d | 0x1b) {
            controls += 1;
        }
    }
    nuls > (n / 1024).max(1) || controls * 10 > n
}

/// UTF-16 without a BOM, recognised by its NULs: in mostly-ASCII text every other byte is zero.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..SNIFF_LEN).unwrap_or(bytes);
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [a, b] = pair {
            even += usize::from(*a == 0);
            odd += usize::from(*b == 0);
        }
    }
    if odd * 2 > pairs && even * 20 < pairs {
        Some(UTF_16LE)
    } else if even * 2 > pairs && odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when invalid UTF-8 is rare among valid multi-byte characters: legacy 8-bit text almost
/// never forms valid UTF-8 sequences, so ten of them per error means UTF-8 with damage.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().bytes().filter(|&b| b >= 0xc0).count();
        bad += usize::from(!chunk.invalid().is_empty());
        // Legacy text fails fast (every accented letter is an error); no need to read on.
        if bad >= 16 && bad * 10 > good {
            return false;
        }
    }
    good >= 10 * bad
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// An article's text: line breaks kept, tabs expanded.
    Text,
    /// One line: every line break and tab becomes a space.
    Line,
}

/// How many zero-width characters sit on the current base character.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    marks: usize,
    joiners: usize,
}

/// What the scanner needs to know about a non-ASCII character.
enum Class {
    /// Removed or rewritten: C1 controls, bidi controls, U+FEFF, U+2028/U+2029.
    Special,
    /// ZWJ or a tag character.
    Joiner,
    /// Any other zero-width character (combining marks, variation selectors, …).
    Mark,
    /// Takes a column or more.
    Base,
}

fn classify(c: char) -> Class {
    match c {
        '\u{80}'..='\u{9f}' | '\u{feff}' | '\u{2028}' | '\u{2029}' => Class::Special,
        c if is_bidi_control(c) => Class::Special,
        '\u{200d}' | '\u{e0020}'..='\u{e007f}' => Class::Joiner,
        // Cheap answers for the common scripts before the table lookup.
        '\u{a0}'..='\u{2ff}' => {
            if c == '\u{ad}' {
                Class::Mark
            } else {
                Class::Base
            }
        }
        '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}' => Class::Base,
        c if c.width() == Some(0) => Class::Mark,
        _ => Class::Base,
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// True when all eight bytes are printable ASCII (0x20..=0x7E), or `\n` when `newline_ok`.
fn plain_ascii8(w: u64, newline_ok: bool) -> bool {
    if w & HIGH != 0 {
        return false;
    }
    // With no high bit set no byte can carry into the next one, so adding 0x60 sets a byte's
    // high bit exactly when it is >= 0x20, adding 0x01 exactly when it is 0x7F, and adding 0x7F
    // to a byte xor 0x0A exactly when it is not a newline.
    let mut printable = w.wrapping_add(0x6060_6060_6060_6060) & HIGH;
    if newline_ok {
        let not_newline = (w ^ 0x0a0a_0a0a_0a0a_0a0a).wrapping_add(0x7f7f_7f7f_7f7f_7f7f) & HIGH;
        printable |= !not_newline & HIGH;
    }
    printable == HIGH && w.wrapping_add(0x0101_0101_0101_0101) & HIGH == 0
}

/// Finds the first character from `i` that cannot be copied as is, and the run state there.
/// This is the fast path: clean text is scanned once and never rebuilt. The byte shortcuts rely
/// on `s` being valid UTF-8 and on the blocks they skip having no zero-width or special
/// characters.
fn scan(s: &str, mut i: usize, mode: Mode, mut run: Run) -> (usize, Run) {
    let bytes = s.as_bytes();
    let newline_ok = mode == Mode::Text;
    loop {
        let start = i;
        while let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            if !plain_ascii8(u64::from_le_bytes(word), newline_ok) {
                break;
            }
            i += 8;
        }
        if i != start {
            run = Run::default();
        }
        let Some(&b) = bytes.get(i) else {
            return (bytes.len(), run);
        };
        let (class, len) = match b {
            0x20..=0x7e => (Class::Base, 1),
            b'\n' if newline_ok => (Class::Base, 1),
            0x00..=0x7f => return (i, run),
            // U+0080–U+00BF: C1 controls, the soft hyphen, Latin-1 symbols.
            0xc2 => match bytes.get(i + 1) {
                Some(0x80..=0x9f) => return (i, run),
                Some(0xad) => (Class::Mark, 2),
                _ => (Class::Base, 2),
            },
            // U+00C0–U+02FF Latin letters, U+0380–U+047F Greek and Cyrillic.
            0xc3..=0xcb | 0xce..=0xd1 => (Class::Base, 2),
            // U+4000–U+9FFF: CJK ideographs and Yijing hexagrams.
            0xe4..=0xe9 => (Class::Base, 3),
            _ => match s.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => (classify(c), c.len_utf8()),
                None => return (i, run),
            },
        };
        match class {
            Class::Special => return (i, run),
            Class::Joiner if run.joiners >= MAX_JOINERS => return (i, run),
            Class::Joiner => run.joiners += 1,
            Class::Mark if run.marks >= MAX_MARKS => return (i, run),
            Class::Mark => run.marks += 1,
            Class::Base => run = Run::default(),
        }
        i += len;
    }
}

fn clean(text: &str, mode: Mode) -> Cow<'_, str> {
    match clean_owned(text, mode) {
        Some(cleaned) => Cow::Owned(cleaned),
        None => Cow::Borrowed(text),
    }
}

/// The slow path, taken from the first character that needs work; `None` when there is none.
fn clean_owned(s: &str, mode: Mode) -> Option<String> {
    let (first, run) = scan(s, 0, mode, Run::default());
    if first >= s.len() {
        return None;
    }
    let mut out = Out {
        text: String::with_capacity(s.len()),
        mode,
        run,
        tab_at: 0,
        tab_col: 0,
    };
    out.text.push_str(s.get(..first).unwrap_or_default());
    let mut i = first;
    while let Some(c) = s.get(i..).and_then(|t| t.chars().next()) {
        i = out.special(s, i, c);
        let (next, run) = scan(s, i, mode, out.run);
        out.text.push_str(s.get(i..next).unwrap_or_default());
        out.run = run;
        i = next;
    }
    Some(out.text)
}

struct Out {
    text: String,
    mode: Mode,
    run: Run,
    /// Where the last tab's spaces ended in `text`, and the column there: tab expansion measures
    /// only what came after, so many tabs on one long line stay linear.
    tab_at: usize,
    tab_col: usize,
}

impl Out {
    /// Handles the character `c` at `i` that [`scan`] stopped at; returns where to go on.
    fn special(&mut self, s: &str, i: usize, c: char) -> usize {
        let next = i + c.len_utf8();
        match c {
            '\n' | '\u{2028}' => self.line_break(1),
            '\r' => {
                self.line_break(1);
                if s.as_bytes().get(next) == Some(&b'\n') {
                    return next + 1;
                }
            }
            '\x0c' | '\u{2029}' => self.line_break(2),
            '\t' => self.tab(),
            '\x1b' => return skip_esc(s, i),
            '\u{9b}' | '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' | '\u{8e}'
            | '\u{8f}'
                if follows_latin1(s, i) => {}
            '\u{9b}' => return skip_csi(s, next),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => return skip_string(s, next),
            '\u{8e}' | '\u{8f}' => return skip_single_shift(s, next),
            c if is_forbidden(c) => {}
            c => self.push_char(c),
        }
        next
    }

    fn line_break(&mut self, n: usize) {
        match self.mode {
            Mode::Text => self.text.extend(std::iter::repeat_n('\n', n)),
            Mode::Line => self.text.push(' '),
        }
        self.run = Run::default();
    }

    fn tab(&mut self) {
        self.run = Run::default();
        if self.mode == Mode::Line {
            self.text.push(' ');
            return;
        }
        let since = self.text.get(self.tab_at..).unwrap_or_default();
        let col = match since.rfind('\n') {
            Some(nl) => since.get(nl + 1..).unwrap_or_default().width(),
            None => self.tab_col + since.width(),
        };
        let spaces = TAB_STOP - col % TAB_STOP;
        self.text.extend(std::iter::repeat_n(' ', spaces));
        self.tab_at = self.text.len();
        self.tab_col = col + spaces;
    }

    /// Keeps a character [`scan`] stopped at, within the caps on zero-width characters.
    fn push_char(&mut self, c: char) {
        match classify(c) {
            Class::Special => return,
            Class::Joiner if self.run.joiners >= MAX_JOINERS => return,
            Class::Joiner => self.run.joiners += 1,
            Class::Mark if self.run.marks >= MAX_MARKS => return,
            Class::Mark => self.run.marks += 1,
            Class::Base => self.run = Run::default(),
        }
        self.text.push(c);
    }
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// True when the character before `i` is in U+0080–U+00FF: a C1 control there is most likely a
/// UTF-8 continuation byte of doubly-encoded text, not a terminal sequence.
fn follows_latin1(s: &str, i: usize) -> bool {
    s.get(..i)
        .and_then(|t| t.chars().next_back())
        .is_some_and(|p| ('\u{80}'..='\u{ff}').contains(&p))
}

/// Skips the escape sequence whose ESC is at `i`; returns the index after it.
fn skip_esc(s: &str, i: usize) -> usize {
    let j = i + 1;
    match char_at(s, j) {
        Some('[') => skip_csi(s, j + 1),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(s, j + 1),
        Some('N' | 'O') => skip_single_shift(s, j + 1),
        // nF: intermediates, then one final byte (ESC ( B, ESC # 8, ESC % G, ESC SP F).
        Some(' '..='/') => {
            let mut k = j + 1;
            while let Some(' '..='/') = char_at(s, k) {
                k += 1;
            }
            match char_at(s, k) {
                Some('0'..='~') => k + 1,
                _ => k,
            }
        }
        // Two-character escapes: ESC c, ESC 7, ESC =, ESC \ (a stray ST), …
        Some('0'..='~') => j + 1,
        // A lone ESC: whatever follows is read normally.
        _ => j,
    }
}

/// Skips a CSI's parameters, intermediates and final byte, starting after the introducer.
/// A malformed sequence ends at the first character that does not fit; that character is kept.
fn skip_csi(s: &str, mut k: usize) -> usize {
    while let Some('0'..='?') = char_at(s, k) {
        k += 1;
    }
    while let Some(' '..='/') = char_at(s, k) {
        k += 1;
    }
    match char_at(s, k) {
        Some('@'..='~') => k + 1,
        _ => k,
    }
}

/// SS2/SS3 select the character that follows (ESC O A is also an arrow key in keypad mode).
fn skip_single_shift(s: &str, k: usize) -> usize {
    match char_at(s, k) {
        Some('!'..='~') => k + 1,
        _ => k,
    }
}

/// Skips an OSC/DCS/SOS/PM/APC string, starting after the introducer.
///
/// It ends at BEL or ST (removed with it); at an ESC that does not start ST or at another C1
/// control, which abort it as in terminals and are read next; or, unterminated, at a line break
/// or the end of the text, in which case at most [`MAX_UNTERMINATED`] characters are removed.
fn skip_string(s: &str, k: usize) -> usize {
    let mut j = k;
    let mut count = 0usize;
    let mut bound = None;
    while let Some(c) = char_at(s, j) {
        match c {
            '\x07' | '\u{9c}' => return j + c.len_utf8(),
            '\x1b' if char_at(s, j + 1) == Some('\\') => return j + 2,
            '\x1b' | '\u{80}'..='\u{9f}' => return j,
            '\n' | '\r' | '\x0c' | '\u{2028}' | '\u{2029}' => break,
            _ => {}
        }
        j += c.len_utf8();
        count += 1;
        if count == MAX_UNTERMINATED {
            bound = Some(j);
        }
    }
    bound.unwrap_or(j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(result: Result<Decoded, DecodeError>) -> Decoded {
        match result {
            Ok(d) => d,
            Err(e) => panic!("decode failed: {e}"),
        }
    }

    fn text(bytes: &[u8]) -> String {
        match decode(bytes) {
            Ok(d) => d.text,
            Err(e) => panic!("decode failed: {e} on {bytes:?}"),
        }
    }

    fn clean_text(s: &str) -> String {
        sanitize(s)
    }

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = enc.encode(s);
        assert!(!had_errors, "test text not representable in {}", enc.name());
        bytes.into_owned()
    }

    // --- encodings ---

    #[test]
    fn empty_input_is_empty_text() {
        let d = ok(decode(b""));
        assert_eq!(
            d,
            Decoded {
                text: String::new(),
                encoding: "UTF-8",
                guessed: false
            }
        );
    }

    #[test]
    fn plain_utf8_passes_through_without_copying() {
        let s = "Grüße aus Köln.\nZweite Zeile — mit «Zeichen» und 日本語.\n";
        assert!(matches!(clean(s, Mode::Text), Cow::Borrowed(_)));
        let d = ok(decode(s.as_bytes()));
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            (s, "UTF-8", false)
        );
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = ok(decode(b"\xef\xbb\xbfHello \xc3\xa4"));
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            ("Hello ä", "UTF-8", false)
        );
        assert_eq!(text(b"\xef\xbb\xbf"), "");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let s = "Grüße 日本 🦀\r\nline two";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let dle = ok(decode(&le));
        let dbe = ok(decode(&be));
        assert_eq!(
            (dle.text.as_str(), dle.encoding, dle.guessed),
            ("Grüße 日本 🦀\nline two", "UTF-16LE", false)
        );
        assert_eq!(
            (dbe.text.as_str(), dbe.encoding),
            (dle.text.as_str(), "UTF-16BE")
        );
    }

    #[test]
    fn utf16_without_bom_is_sniffed() {
        let s = "A plain English sentence, in UTF-16 without a byte order mark.";
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let dle = ok(decode(&le));
        let dbe = ok(decode(&be));
        assert_eq!(
            (dle.text.as_str(), dle.encoding, dle.guessed),
            (s, "UTF-16LE", true)
        );
        assert_eq!(
            (dbe.text.as_str(), dbe.encoding, dbe.guessed),
            (s, "UTF-16BE", true)
        );
    }

    #[test]
    fn utf16_full_of_nul_characters_is_binary() {
        let bytes: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(std::iter::repeat_n(0u8, 200))
            .collect();
        assert_eq!(decode(&bytes), Err(DecodeError::Binary));
    }

    #[test]
    fn windows_1252_german_is_guessed() {
        let s = "Grüße aus Köln, schöne Straße";
        let d = ok(decode(&encode(WINDOWS_1252, s)));
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            (s, "windows-1252", true)
        );
    }

    #[test]
    fn windows_1252_typographic_bytes_are_printable() {
        // 0x80–0x9F are € „ “ – … in windows-1252, not C1 controls.
        let s = "„Anführungszeichen“ kosten 5 € – wirklich…";
        let d = ok(decode(&encode(WINDOWS_1252, s)));
        assert_eq!((d.text.as_str(), d.encoding), (s, "windows-1252"));
    }

    #[test]
    fn shift_jis_japanese_is_guessed() {
        let s = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。";
        let d = ok(decode(&encode(encoding_rs::SHIFT_JIS, s)));
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            (s, "Shift_JIS", true)
        );
    }

    #[test]
    fn other_legacy_encodings_are_guessed() {
        let cases = [
            (
                encoding_rs::GBK,
                "中华人民共和国是世界上人口最多的国家之一，首都是北京。",
            ),
            (
                encoding_rs::EUC_KR,
                "대한민국은 동아시아의 한반도 남부에 위치한 민주공화국이다.",
            ),
            (
                encoding_rs::KOI8_R,
                "Москва - столица России, крупнейший по численности населения город страны.",
            ),
            (
                encoding_rs::WINDOWS_1251,
                "Москва — столица России, крупнейший по численности населения город страны.",
            ),
        ];
        for (enc, s) in cases {
            let d = ok(decode(&encode(enc, s)));
            assert_eq!(d.text, s, "{}", enc.name());
            assert!(d.guessed);
        }
    }

    #[test]
    fn utf8_cut_off_mid_character_stays_utf8() {
        let d = ok(decode(b"Stra\xc3\x9fe und K\xc3"));
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            ("Straße und K\u{fffd}", "UTF-8", true)
        );
    }

    #[test]
    fn utf8_with_one_stray_byte_stays_utf8() {
        let mut bytes = "Grüße aus Köln, schöne Straße, Übermut tut selten gut. "
            .repeat(3)
            .into_bytes();
        bytes.push(0xe9); // a lone windows-1252 'é'
        bytes.extend_from_slice(" Ende.".as_bytes());
        let d = ok(decode(&bytes));
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("Grüße aus Köln") && d.text.ends_with("\u{fffd} Ende."));
    }

    #[test]
    fn decode_with_forces_the_label() {
        let bytes = encode(WINDOWS_1252, "café");
        let d = ok(decode_with(&bytes, " ISO-8859-1 "));
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            ("café", "windows-1252", false)
        );
        // ISO-8859-2 reads 0xE9 as é too, but 0xB9 as š.
        let d = ok(decode_with(b"\xb9\xe9", "iso-8859-2"));
        assert_eq!((d.text.as_str(), d.encoding), ("šé", "ISO-8859-2"));
        // A BOM wins over the label; UTF-16 labels mean UTF-8; unknown labels mean detection.
        assert_eq!(
            ok(decode_with(b"\xef\xbb\xbfcaf\xc3\xa9", "windows-1252")).text,
            "café"
        );
        assert_eq!(
            ok(decode_with("café".as_bytes(), "utf-16")).encoding,
            "UTF-8"
        );
        let d = ok(decode_with("café".as_bytes(), "no-such-charset"));
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            ("café", "UTF-8", false)
        );
        assert_eq!(
            decode_with(b"\x7fELF\x00\x00\x00", "utf-8"),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn valid_utf8_wins_over_a_wrong_declaration() {
        // Issue 15: a page saved as UTF-8 that still says gb2312.
        let text = "灯塔把一次运行分成三个阶段：读取、整理和发送。";
        for label in [
            "gb2312",
            "shift_jis",
            "windows-1252",
            "iso-8859-1",
            "euc-kr",
        ] {
            let d = ok(decode_with(text.as_bytes(), label));
            assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-8"), "{label}");
        }
        assert_eq!(ok(decode_with("Grüße".as_bytes(), "latin1")).text, "Grüße");
    }

    #[test]
    fn legacy_bytes_declared_rightly_still_follow_the_declaration() {
        for (enc, label, text) in [
            (
                encoding_rs::GBK,
                "gb2312",
                "灯塔把一次运行分成三个阶段：读取、整理和发送。",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "shift_jis",
                "山路を登りながら、巣箱の数を数えた。",
            ),
            (WINDOWS_1252, "windows-1252", "Grüße aus Köln, café crème."),
        ] {
            let bytes = encode(enc, text);
            assert!(std::str::from_utf8(&bytes).is_err(), "{label}");
            let d = ok(decode_with(&bytes, label));
            assert_eq!((d.text.as_str(), d.guessed), (text, false), "{label}");
        }
    }

    #[test]
    fn ascii_only_bytes_follow_the_declaration() {
        // ISO-2022-JP is 7-bit: ASCII bytes, Japanese text.
        let (bytes, _, _) = encoding_rs::ISO_2022_JP.encode("こんにちは");
        assert!(bytes.is_ascii());
        let d = ok(decode_with(&bytes, "iso-2022-jp"));
        assert_eq!((d.text.as_str(), d.encoding), ("こんにちは", "ISO-2022-JP"));
        let d = ok(decode_with(b"plain words", "windows-1252"));
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("plain words", "windows-1252")
        );
    }

    // --- binary refusal ---

    #[test]
    fn elf_header_is_binary() {
        let mut bytes =
            b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00".to_vec();
        bytes.extend(std::iter::repeat_n(0u8, 64));
        assert_eq!(decode(&bytes), Err(DecodeError::Binary));
    }

    #[test]
    fn pseudo_random_bytes_are_binary() {
        let mut x: u32 = 12345;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        assert_eq!(decode(&bytes), Err(DecodeError::Binary));
    }

    #[test]
    fn nul_rules() {
        // One stray NUL is forgiven and removed; two in a row or several per KB are binary.
        assert_eq!(
            text(b"one stray\x00 NUL in a line"),
            "one stray NUL in a line"
        );
        assert_eq!(decode(b"two\x00\x00nuls"), Err(DecodeError::Binary));
        assert_eq!(decode(b"a\x00b\x00c"), Err(DecodeError::Binary));
        let mut long = "x".repeat(3000).into_bytes();
        long[100] = 0;
        long[2000] = 0;
        assert_eq!(text(&long).len(), 2998);
        long[2900] = 0;
        long[2950] = 0;
        assert_eq!(decode(&long), Err(DecodeError::Binary));
    }

    #[test]
    fn control_share_rule() {
        // 10 controls in 100 bytes is allowed, 11 is not; tab, LF, CR, FF and ESC do not count.
        let mut bytes = vec![b'a'; 100];
        bytes[..10].fill(0x01);
        assert!(decode(&bytes).is_ok());
        bytes[10] = 0x02;
        assert_eq!(decode(&bytes), Err(DecodeError::Binary));
        let ok = b"\t\n\r\x0c\x1b\t\n\r\x0c\x1b";
        assert!(decode(ok).is_ok());
    }

    // --- line ends and tabs ---

    #[test]
    fn line_ends_become_lf() {
        assert_eq!(clean_text("a\r\nb\rc\nd\r\r\ne\r"), "a\nb\nc\nd\n\ne\n");
        assert_eq!(clean_text("page one\x0cpage two"), "page one\n\npage two");
        assert_eq!(
            clean_text("line\u{2028}sep\u{2029}para"),
            "line\nsep\n\npara"
        );
    }

    #[test]
    fn tabs_expand_to_8_column_stops() {
        assert_eq!(clean_text("\tx"), "        x");
        assert_eq!(clean_text("a\tb"), "a       b");
        assert_eq!(clean_text("abcdefgh\tx"), "abcdefgh        x");
        assert_eq!(clean_text("ab\tcd\tef"), "ab      cd      ef");
        assert_eq!(clean_text("x\n\ty\nabc\tz"), "x\n        y\nabc     z");
        // Columns are display columns: wide characters take two, combining marks none.
        assert_eq!(clean_text("日本\tx"), "日本    x");
        assert_eq!(clean_text("e\u{301}\tx"), "e\u{301}       x");
        // Removed controls take no column.
        assert_eq!(clean_text("\x1b[1mab\x1b[0m\tx"), "ab      x");
    }

    // --- controls ---

    #[test]
    fn c0_del_and_c1_controls_are_removed() {
        let all: String = (0u32..0x20)
            .chain([0x7f])
            .chain(0x80..0xa0)
            .filter_map(char::from_u32)
            .collect();
        let s = format!("start {all} end");
        let out = clean_text(&s);
        assert!(out.chars().all(|c| !is_forbidden(c)), "{out:?}");
        assert!(
            out.starts_with("start ") && out.ends_with(" end"),
            "{out:?}"
        );
        assert_eq!(clean_text("a\x01b\x7fc\u{85}d\u{9c}e\x07f"), "abcdef");
    }

    #[test]
    fn csi_sequences_are_removed_whole() {
        assert_eq!(clean_text("\x1b[1;31mred\x1b[0m text"), "red text");
        assert_eq!(clean_text("\x1b[?1049h\x1b[2J\x1b[Hscreen"), "screen");
        assert_eq!(clean_text("cursor\x1b[2 q shape"), "cursor shape");
        assert_eq!(clean_text("x\x1b[38:2::255:0:0my"), "xy");
        assert_eq!(clean_text("8-bit \u{9b}1;31mred\u{9b}0m"), "8-bit red");
        // Malformed: the sequence ends at the first character that cannot belong to it.
        assert_eq!(clean_text("\x1b[12é"), "é");
        assert_eq!(clean_text("\x1b[12\nx"), "\nx");
    }

    #[test]
    fn osc_sequences_are_removed_whole() {
        assert_eq!(clean_text("a\x1b]0;evil title\x07b"), "ab");
        assert_eq!(clean_text("a\x1b]2;evil title\x1b\\b"), "ab");
        assert_eq!(clean_text("a\x1b]2;evil title\u{9c}b"), "ab");
        assert_eq!(
            clean_text("see \x1b]8;;https://evil.example/\x1b\\the link\x1b]8;;\x1b\\ here"),
            "see the link here"
        );
        assert_eq!(
            clean_text("copy\x1b]52;c;ZWNobyBwd25lZA==\x07 done"),
            "copy done"
        );
        assert_eq!(
            clean_text("a \u{9d}0;title\u{9c}b \u{9d}52;c;Zm9v\x07c"),
            "a b c"
        );
        // A long but terminated OSC goes whole.
        let long = format!("a\x1b]52;c;{}\x07b", "Q".repeat(3 * MAX_UNTERMINATED));
        assert_eq!(clean_text(&long), "ab");
    }

    #[test]
    fn dcs_sos_pm_apc_strings_are_removed_whole() {
        for intro in [
            "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\u{90}", "\u{98}", "\u{9e}", "\u{9f}",
        ] {
            for st in ["\x1b\\", "\u{9c}", "\x07"] {
                let s = format!("a {intro}1$r0;q#0~~@@-{st}b");
                assert_eq!(clean_text(&s), "a b", "{s:?}");
            }
        }
        assert_eq!(
            clean_text("img\x1b_Gf=100,a=T;iVBORw0KGgo=\x1b\\ done"),
            "img done"
        );
    }

    #[test]
    fn short_escapes_are_removed_whole() {
        for seq in [
            "\x1bc", "\x1b7", "\x1b8", "\x1b=", "\x1b>", "\x1bM", "\x1bD", "\x1bE", "\x1bH",
            "\x1b\\",
        ] {
            assert_eq!(clean_text(&format!("a{seq}b")), "ab", "{seq:?}");
        }
        for seq in ["\x1b(B", "\x1b)0", "\x1b#8", "\x1b%G", "\x1b(%5", "\x1b F"] {
            assert_eq!(clean_text(&format!("a{seq}b")), "ab", "{seq:?}");
        }
        assert_eq!(clean_text("up\x1bOA down\u{8f}B"), "up down");
    }

    #[test]
    fn split_and_unterminated_sequences() {
        // Unterminated strings go to the end of the line; the next line survives.
        assert_eq!(clean_text("keep \x1b]0;no end here\nnext"), "keep \nnext");
        assert_eq!(clean_text("keep \x1bPno end\r\nnext"), "keep \nnext");
        assert_eq!(clean_text("keep \u{9d}8;;no end"), "keep ");
        // ... but never more than MAX_UNTERMINATED characters of it.
        let rest = "r".repeat(100);
        let s = format!("a\x1b]{}{rest}\nb", "x".repeat(MAX_UNTERMINATED));
        assert_eq!(clean_text(&s), format!("a{rest}\nb"));
        // An ESC that is not ST aborts the string and starts the next sequence.
        assert_eq!(clean_text("a\x1b]0;title\x1b[31mb"), "ab");
        assert_eq!(clean_text("a\u{9d}0;title\u{9b}1mb"), "ab");
        // Sequences cut off at the end of the text or by a line break.
        assert_eq!(clean_text("a\x1b"), "a");
        assert_eq!(clean_text("a\x1b["), "a");
        assert_eq!(clean_text("a\x1b[1;3"), "a");
        assert_eq!(clean_text("a\x1b\n[31m"), "a\n[31m");
        assert_eq!(clean_text("a\x1b\x1b[0mb"), "ab");
        assert_eq!(clean_text("a\x1bé"), "aé");
    }

    #[test]
    fn mojibake_c1_does_not_swallow_text() {
        // "”" (E2 80 9D) read as Latin-1: â, U+0080, U+009D. The U+009D is no OSC.
        assert_eq!(
            clean_text("â\u{80}\u{9d}quoted text and more"),
            "âquoted text and more"
        );
        // "ě" (C4 9B) read as Latin-1: Ä, U+009B. The U+009B is no CSI.
        assert_eq!(clean_text("dÄ\u{9b}kuji"), "dÄkuji");
    }

    #[test]
    fn bidi_controls_and_bom_are_removed() {
        let bidi = "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{61c}";
        assert_eq!(clean_text(&format!("a{bidi}b")), "ab");
        assert_eq!(clean_text("file\u{202e}txt.exe"), "filetxt.exe");
        assert_eq!(clean_text("\u{feff}zero\u{feff}width"), "zerowidth");
    }

    #[test]
    fn useful_format_characters_are_kept() {
        let s = "Sil\u{ad}ben\u{200b}trenn\u{200c}ung 👩\u{200d}💻";
        assert_eq!(clean_text(s), s);
    }

    #[test]
    fn combining_floods_are_capped() {
        let flood = format!("Z{}algo", "\u{301}\u{316}\u{334}".repeat(100));
        assert_eq!(clean_text(&flood), "Z\u{301}\u{316}\u{334}\u{301}algo");
        // Removed characters in between do not reset the count.
        assert_eq!(
            clean_text("a\u{300}\u{300}\x01\u{300}\u{300}\x1b[1m\u{300}b"),
            "a\u{300}\u{300}\u{300}\u{300}b"
        );
        // Marks at the start of a line count against the line break.
        assert_eq!(
            clean_text(&"\u{300}".repeat(9)),
            "\u{300}".repeat(MAX_MARKS)
        );
        // Joiners have their own cap.
        let zwj = format!("x{}y", "\u{200d}".repeat(50));
        assert_eq!(
            clean_text(&zwj),
            format!("x{}y", "\u{200d}".repeat(MAX_JOINERS))
        );
    }

    #[test]
    fn real_combining_text_is_untouched() {
        let s = concat!(
            "Vie\u{323}\u{302}t e\u{301} ",
            "👨\u{200d}👩\u{200d}👧\u{200d}👦 ",
            "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} ",
            "1\u{fe0f}\u{20e3} ",
            "स्त्री ",
            "בְּרֵאשִׁ֖ית"
        );
        assert!(matches!(clean(s, Mode::Text), Cow::Borrowed(_)));
    }

    #[test]
    fn sanitize_line_makes_one_line() {
        assert_eq!(
            sanitize_line("A\r\nTitle\twith\nbreaks\x0c\u{2028}"),
            "A Title with breaks  "
        );
        assert_eq!(
            sanitize_line("evil\x1b]0;x\x07 name\u{202e}.txt"),
            "evil name.txt"
        );
        assert_eq!(sanitize_line("plain"), "plain");
    }

    #[test]
    fn plain_ascii8_is_exact() {
        for b in 0u8..=255 {
            for pos in 0..8 {
                let mut word = *b"abcdefgh";
                word[pos] = b;
                let w = u64::from_le_bytes(word);
                assert_eq!(plain_ascii8(w, false), (0x20..=0x7e).contains(&b), "{b:#x}");
                assert_eq!(
                    plain_ascii8(w, true),
                    (0x20..=0x7e).contains(&b) || b == b'\n',
                    "{b:#x}"
                );
            }
        }
        assert!(plain_ascii8(u64::from_le_bytes(*b"\n\n\n\n\n\n\n\n"), true));
    }

    #[test]
    fn scan_shortcuts_agree_with_classify() {
        let ranges = [0x80..0x500, 0x3000..0xa000];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let s = c.to_string();
            let full = Run {
                marks: MAX_MARKS,
                joiners: MAX_JOINERS,
            };
            let passes = scan(&s, 0, Mode::Text, full).0 == s.len();
            assert_eq!(passes, matches!(classify(c), Class::Base), "{c:?}");
        }
    }

    // --- properties ---

    fn interesting_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => proptest::char::range(' ', '~'),
            2 => proptest::sample::select(vec![
                '\x1b', '[', ']', 'P', 'X', '^', '_', '\\', '(', 'O', ';', '0', '1', 'm', '\x07',
                '\n', '\r', '\t', '\x0c', '\0', '\x7f', '\u{9b}', '\u{9c}', '\u{9d}', '\u{90}',
                '\u{8f}', '\u{85}', '\u{e2}', '\u{202e}', '\u{2066}', '\u{200f}', '\u{feff}',
                '\u{2028}', '\u{2029}', '\u{300}', '\u{20dd}', '\u{200d}', '\u{e0067}', '\u{ad}',
                'é', '日', '🦀',
            ]),
            1 => any::<char>(),
        ]
    }

    fn interesting_string() -> impl Strategy<Value = String> {
        proptest::collection::vec(interesting_char(), 0..200).prop_map(|v| v.into_iter().collect())
    }

    fn assert_clean(s: &str) -> Result<(), TestCaseError> {
        prop_assert!(
            s.chars().all(|c| !is_forbidden(c)),
            "forbidden char in {:?}",
            s
        );
        let mut marks = 0;
        for c in s.chars() {
            match classify(c) {
                Class::Mark => marks += 1,
                Class::Base | Class::Special => marks = 0,
                Class::Joiner => {}
            }
            prop_assert!(marks <= MAX_MARKS, "mark run too long in {:?}", s);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn decode_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            if let Ok(d) = decode(&bytes) {
                assert_clean(&d.text)?;
                prop_assert_eq!(sanitize(&d.text), d.text);
            }
        }

        #[test]
        fn decode_interesting_bytes(s in interesting_string(), tail in proptest::collection::vec(any::<u8>(), 0..4)) {
            let mut bytes = s.into_bytes();
            bytes.extend(tail);
            if let Ok(d) = decode(&bytes) {
                assert_clean(&d.text)?;
                prop_assert_eq!(sanitize(&d.text), d.text);
            }
            let _ = decode_with(&bytes, "shift_jis");
        }

        #[test]
        fn sanitize_is_clean_and_idempotent(s in interesting_string()) {
            let once = sanitize(&s);
            assert_clean(&once)?;
            prop_assert!(!once.contains(['\r', '\t']));
            prop_assert_eq!(sanitize(&once), once.clone());
            let line = sanitize_line(&s);
            assert_clean(&line)?;
            prop_assert!(!line.contains('\n'));
            prop_assert_eq!(sanitize_line(&line), line.clone());
        }

        #[test]
        fn clean_text_is_unchanged(s in "[ -~\u{a0}-\u{24f}\u{3040}-\u{30ff}\n]{0,200}") {
            prop_assert_eq!(sanitize(&s), s);
        }
    }
}
