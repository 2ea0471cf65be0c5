//! Every byte a program wrote, run through a real VT parser (`vte`, the one alacritty uses), with
//! each sequence it recognises classified as folio's own or foreign.
//!
//! folio's own set is what ratatui and crossterm write for it, found by running clean articles
//! through every screen (see `tests/hardening_terminal.rs`), then fixed here:
//!
//! | Sequence | What for |
//! |---|---|
//! | `CSI row;col H` | cursor position (ratatui moves before each run of changed cells) |
//! | `CSI … m` | SGR as crossterm writes it: one attribute (`0`–`9`, `21`–`29`, `59`), one colour (`30`–`37`, `39`, `40`–`47`, `49`, `90`–`97`, `100`–`107`, `38;5;n`, `48;5;n`, `38;2;r;g;b`, `48;2;r;g;b`), or a foreground then a background colour (`38;5;4;49`, `39;49`) |
//! | `CSI 2J`, `CSI J`, `CSI K` | erase (a resize or Ctrl-L clears) |
//! | `CSI ?1049h` / `l` | alternate screen |
//! | `CSI ?25h` / `l` | cursor shown / hidden |
//! | `CSI ?1000h` `?1002h` `?1003h` `?1006h` `?1015h` and their `l` | mouse capture (not with `--no-mouse`) |
//! | `CSI ?2026h` / `l` | synchronised output |
//! | `CSI ?2004h` / `l` | bracketed paste |
//! | `OSC 52 ; c ; base64 BEL` | the clipboard, only where a test pressed `y` in select mode |
//! | `CR`, `LF` | line ends (messages on the main screen) |
//!
//! Anything else is foreign: other CSIs (or these with other parameters), every ESC dispatch,
//! every OSC but that one OSC 52, DCS, SOS, PM and APC strings (7-bit, and 8-bit as UTF-8 C1
//! characters or raw bytes), every other C0 and C1 control, and output that ends inside a
//! sequence. Printable characters that must never reach a terminal either (bidi controls,
//! BOM, DEL, line and paragraph separators) are counted apart as "bad characters".
//!
//! For plain-text surfaces (piped output, stderr, exports) nothing is allowed but LF, and TAB
//! where the format has tabs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use vte::{Params, Parser, Perform};

/// Where the bytes were going, which decides what is folio's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// A full-screen session. `osc52`: the test pressed `y` in select mode, so clipboard
    /// writes are expected.
    Tui { osc52: bool },
    /// Text: piped output, an error message, an export. `tab`: the format may hold tabs.
    Text { tab: bool },
}

/// What the parser saw.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// folio's own sequences and controls, by kind.
    pub own: BTreeMap<String, usize>,
    /// Everything else, by what it was (parameters included, cut to a readable length).
    pub foreign: BTreeMap<String, usize>,
    /// Printable characters that must not reach a terminal, by character.
    pub bad_chars: BTreeMap<char, usize>,
    /// Characters printed.
    pub printed: usize,
    /// The text of each clipboard write (OSC 52), decoded.
    pub clipboard: Vec<String>,
    /// The output ended outside any sequence.
    pub ended_in_ground: bool,
}

impl Scan {
    /// An empty sum, for [`Scan::add`]-ing the scans of several outputs to.
    pub fn sum() -> Scan {
        Scan {
            ended_in_ground: true,
            ..Scan::default()
        }
    }

    /// Sequences and controls seen, own and foreign.
    pub fn total(&self) -> usize {
        self.own.values().sum::<usize>() + self.foreign_count()
    }

    /// Foreign sequences and controls seen.
    pub fn foreign_count(&self) -> usize {
        self.foreign.values().sum::<usize>() + usize::from(!self.ended_in_ground)
    }

    /// Bad characters printed.
    pub fn bad_count(&self) -> usize {
        self.bad_chars.values().sum()
    }

    /// The figure a test prints: `WHAT: foreign sequences: 0 of 1234 sequences seen; bad
    /// characters: 0 of 5678 printed`.
    pub fn figure(&self, what: &str) -> String {
        format!(
            "{what}: foreign sequences: {} of {} sequences seen; bad characters: {} of {} printed",
            self.foreign_count(),
            self.total(),
            self.bad_count(),
            self.printed
        )
    }

    /// A full account for a failure message.
    pub fn details(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "own: {:?}", self.own);
        let _ = writeln!(out, "foreign: {:?}", self.foreign);
        let _ = writeln!(out, "bad characters: {:?}", self.bad_chars);
        let _ = write!(out, "ended in ground state: {}", self.ended_in_ground);
        out
    }

    /// Adds another scan's counts to this one (several surfaces in one figure).
    pub fn add(&mut self, other: &Scan) {
        for (k, v) in &other.own {
            *self.own.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.foreign {
            *self.foreign.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.bad_chars {
            *self.bad_chars.entry(*k).or_default() += v;
        }
        self.printed += other.printed;
        self.clipboard.extend(other.clipboard.iter().cloned());
        self.ended_in_ground &= other.ended_in_ground;
    }

    /// Prints the figure and fails the test if anything foreign or bad was seen.
    #[track_caller]
    pub fn assert_clean(&self, what: &str) {
        println!("{}", self.figure(what));
        self.assert_none(what);
    }

    /// Nothing foreign and no bad character was seen in `what`.
    #[track_caller]
    pub fn assert_none(&self, what: &str) {
        assert!(
            self.foreign_count() == 0 && self.bad_count() == 0,
            "{}\n{}",
            self.figure(what),
            self.details()
        );
    }
}

/// Printable characters that must never reach a terminal: they reorder text (bidi controls),
/// hide in it (BOM), or are controls a parser prints (DEL).
pub fn is_bad_char(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// Parses `bytes` and classifies every sequence.
pub fn scan(bytes: &[u8], surface: Surface) -> Scan {
    scan_chunked(bytes, surface, bytes.len().max(1))
}

/// [`scan`], feeding the parser `chunk` bytes at a time: the classification must not depend
/// on where reads split the stream.
pub fn scan_chunked(bytes: &[u8], surface: Surface, chunk: usize) -> Scan {
    let mut p = Classifier {
        surface,
        scan: Scan::default(),
        probe: None,
    };
    // vte enters SOS, PM and APC strings without a callback: find their 7-bit introducers here
    // (ESC only ever starts a sequence, so `ESC X` is always one). Their 8-bit forms arrive as
    // C1 executes.
    for w in bytes.windows(2) {
        let kind = match w {
            [0x1b, b'X'] => "SOS",
            [0x1b, b'^'] => "PM",
            [0x1b, b'_'] => "APC",
            [0x1b, b'P'] => "DCS",
            _ => continue,
        };
        *p.scan.foreign.entry(kind.to_string()).or_default() += 1;
    }
    let mut parser = Parser::new();
    for piece in bytes.chunks(chunk.max(1)) {
        parser.advance(&mut p, piece);
    }
    // A probe: a printable character prints only in the ground state. Inside a CSI it would be
    // a final byte, inside a string part of the string.
    p.probe = Some(Vec::new());
    parser.advance(&mut p, b"Z");
    let seen = p.probe.take().unwrap_or_default();
    p.scan.ended_in_ground = seen == ["print Z"];
    p.scan
}

struct Classifier {
    surface: Surface,
    scan: Scan,
    /// While probing the end state: the callbacks the probe caused.
    probe: Option<Vec<String>>,
}

impl Classifier {
    fn own(&mut self, kind: impl Into<String>) {
        let kind = kind.into();
        if let Some(probe) = self.probe.as_mut() {
            probe.push(kind);
            return;
        }
        *self.scan.own.entry(kind).or_default() += 1;
    }

    fn foreign(&mut self, kind: impl Into<String>) {
        let mut kind: String = kind.into();
        if let Some(probe) = self.probe.as_mut() {
            probe.push(kind);
            return;
        }
        if kind.chars().count() > 60 {
            kind = kind.chars().take(60).collect::<String>() + "…";
        }
        *self.scan.foreign.entry(kind).or_default() += 1;
    }

    fn tui(&self) -> bool {
        matches!(self.surface, Surface::Tui { .. })
    }
}

/// Parameters as written: `1;2:3`.
fn params_text(params: &Params) -> String {
    params
        .iter()
        .map(|p| p.iter().map(u16::to_string).collect::<Vec<_>>().join(":"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Plain numbers, or `None` when a parameter has sub-parameters (`38:2:…`), which crossterm
/// never writes.
fn numbers(params: &Params) -> Option<Vec<u16>> {
    params
        .iter()
        .map(|p| match p {
            [n] => Some(*n),
            _ => None,
        })
        .collect()
}

/// One SGR item at the start of `n`: its length and what it sets, or `None`.
fn sgr_item(n: &[u16]) -> Option<(usize, SgrItem)> {
    match n {
        [0..=9 | 21..=29 | 59, ..] => Some((1, SgrItem::Attribute)),
        [30..=37 | 39 | 90..=97, ..] => Some((1, SgrItem::Foreground)),
        [40..=47 | 49 | 100..=107, ..] => Some((1, SgrItem::Background)),
        [c @ (38 | 48 | 58), 5, i, ..] if *i <= 255 => Some((3, SgrItem::extended(*c))),
        [c @ (38 | 48 | 58), 2, r, g, b, ..] if *r <= 255 && *g <= 255 && *b <= 255 => {
            Some((5, SgrItem::extended(*c)))
        }
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SgrItem {
    Attribute,
    Foreground,
    Background,
}

impl SgrItem {
    fn extended(code: u16) -> SgrItem {
        match code {
            38 => SgrItem::Foreground,
            48 => SgrItem::Background,
            _ => SgrItem::Attribute,
        }
    }
}

/// An SGR as crossterm writes it: one attribute, one colour, or a foreground colour followed
/// by a background colour (`38;5;4;49`, `39;49`). An attribute with a colour (`1;31`) or
/// sub-parameters (`38:2::255:0:0`) is not crossterm's.
fn own_sgr(params: &Params) -> bool {
    let Some(n) = numbers(params) else {
        return false;
    };
    let mut items = Vec::new();
    let mut rest = n.as_slice();
    while !rest.is_empty() {
        let Some((len, item)) = sgr_item(rest) else {
            return false;
        };
        items.push(item);
        rest = &rest[len..];
    }
    matches!(
        items.as_slice(),
        [] | [_] | [SgrItem::Foreground, SgrItem::Background]
    )
}

/// Private modes folio's terminal layer sets and resets.
const OWN_MODES: &[u16] = &[25, 1000, 1002, 1003, 1006, 1015, 1049, 2004, 2026];

impl Perform for Classifier {
    fn print(&mut self, c: char) {
        // vte prints a UTF-8 character completed across two reads even when it is a C1
        // control (U+009B): the same byte as an execute.
        if let Some(byte) = u8::try_from(u32::from(c)).ok().filter(|_| c.is_control()) {
            return self.execute(byte);
        }
        if let Some(probe) = self.probe.as_mut() {
            probe.push(format!("print {c}"));
            return;
        }
        self.scan.printed += 1;
        if is_bad_char(c) {
            *self.scan.bad_chars.entry(c).or_default() += 1;
        }
    }

    fn execute(&mut self, byte: u8) {
        let own = match byte {
            b'\n' => true,
            b'\r' => self.tui(),
            b'\t' => matches!(self.surface, Surface::Text { tab: true }),
            _ => false,
        };
        let name = format!("control 0x{byte:02x}");
        if own {
            self.own(name);
        } else {
            self.foreign(name);
        }
    }

    fn hook(&mut self, _params: &Params, _intermediates: &[u8], _ignore: bool, _action: char) {
        // Counted with the prescan of `ESC P` (a DCS can also end up ignored without a hook).
    }

    fn osc_dispatch(&mut self, params: &[&[u8]], bell_terminated: bool) {
        let text = params
            .iter()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect::<Vec<_>>()
            .join(";");
        let clipboard = matches!(self.surface, Surface::Tui { osc52: true })
            && bell_terminated
            && matches!(params, [b"52", b"c", _]);
        let decoded = params.get(2).and_then(|b| base64_decode(b));
        match decoded {
            Some(data) if clipboard => {
                let data = String::from_utf8_lossy(&data).into_owned();
                // The clipboard text itself must be as clean as what is drawn.
                if data
                    .chars()
                    .any(|c| is_bad_char(c) || (c.is_control() && c != '\n'))
                {
                    self.foreign(format!("OSC 52 with controls in its text: {data:?}"));
                } else {
                    self.own("OSC 52 (clipboard)");
                    if self.probe.is_none() {
                        self.scan.clipboard.push(data);
                    }
                }
            }
            _ => self.foreign(format!("OSC {text:?}")),
        }
    }

    fn csi_dispatch(&mut self, params: &Params, intermediates: &[u8], ignore: bool, action: char) {
        let shown = format!(
            "CSI {}{}{}",
            String::from_utf8_lossy(intermediates),
            params_text(params),
            action
        );
        if ignore || !self.tui() {
            return self.foreign(shown);
        }
        let nums = numbers(params);
        let own = match (intermediates, action) {
            (b"", 'H') => nums.is_some_and(|n| n.len() <= 2),
            (b"", 'm') => own_sgr(params),
            (b"", 'J') => nums.is_some_and(|n| matches!(n.as_slice(), [] | [0] | [2])),
            (b"", 'K') => nums.is_some_and(|n| matches!(n.as_slice(), [] | [0])),
            (b"?", 'h' | 'l') => {
                nums.is_some_and(|n| matches!(n.as_slice(), [m] if OWN_MODES.contains(m)))
            }
            _ => false,
        };
        if !own {
            return self.foreign(shown);
        }
        let kind = match (intermediates, action) {
            (b"", 'H') => "CSI H (cursor position)".to_string(),
            (b"", 'm') => "CSI m (SGR)".to_string(),
            _ => shown,
        };
        self.own(kind);
    }

    fn esc_dispatch(&mut self, intermediates: &[u8], _ignore: bool, byte: u8) {
        self.foreign(format!(
            "ESC {}{}",
            String::from_utf8_lossy(intermediates),
            char::from(byte)
        ));
    }
}

/// Standard base64 (RFC 4648, padded); `None` when `b` is not base64.
pub fn base64_decode(b: &[u8]) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if !b.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    for quad in b.chunks(4) {
        let mut n = 0u32;
        let mut pad = 0;
        for &c in quad {
            let v = if c == b'=' {
                pad += 1;
                0
            } else if pad > 0 {
                return None;
            } else {
                u32::try_from(ALPHABET.iter().position(|&a| a == c)?).ok()?
            };
            n = (n << 6) | v;
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - pad.min(2)]);
    }
    Some(out)
}
