//! Decoding real files: the fixtures in tests/fixtures/decode/ (regenerate them with
//! `python3 tests/fixtures/decode/make.py`; the expectations below mirror that script).

use std::path::PathBuf;
use std::time::Instant;

use folio::decode::{DecodeError, Decoded, MAX_MARKS, decode, is_forbidden};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "decode",
        name,
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn decoded(name: &str) -> Decoded {
    decode(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn binary_is_refused() {
    assert_eq!(decode(&fixture("binary.bin")), Err(DecodeError::Binary));
    assert_eq!(
        DecodeError::Binary.to_string(),
        "looks like a binary file, not an article"
    );
}

#[test]
fn windows_1252_with_crlf_is_guessed() {
    let d = decoded("latin1-crlf.txt");
    assert_eq!(
        d.text,
        "Grüße aus Köln, schöne Straße!\n\
         Die Bäume blühen im Frühling, und über den Dächern ziehen die Möwen ihre Kreise.\n\
         „Wir müssen uns beeilen“, sagte die Großmutter – der Zug nach Düsseldorf fährt um fünf.\n\
         Ein Stück Käse kostet 3,50 € auf dem Wochenmarkt.\n"
    );
    assert_eq!(d.encoding, "windows-1252");
    assert!(d.guessed);
}

#[test]
fn utf16_both_byte_orders_decode_to_the_same_text() {
    let le = decoded("utf16le-bom.txt");
    let be = decoded("utf16be-bom.txt");
    let expected = "Grüße aus Köln — 日本語のテキスト — 🦀 Ferris\n\
                    A second line, with a tab       here.\n";
    assert_eq!(le.text, expected);
    assert_eq!(be.text, expected);
    assert_eq!((le.encoding, be.encoding), ("UTF-16LE", "UTF-16BE"));
    assert!(!le.guessed && !be.guessed);
}

/// The sequence names in make.py, in file order.
const SEQUENCES: &[&str] = &[
    "csi",
    "csi-reset",
    "csi-private",
    "csi-intermediate",
    "csi-colon",
    "csi8",
    "csi8-clear",
    "osc0-bel",
    "osc2-st",
    "osc8",
    "osc52",
    "osc8bit-st",
    "osc8bit-bel",
    "osc8bit-link",
    "dcs",
    "dcs-sixel",
    "dcs8",
    "sos",
    "sos8",
    "pm",
    "pm8",
    "apc",
    "apc8",
    "ris",
    "decsc",
    "decrc",
    "keypad",
    "ri",
    "charset-g0",
    "charset-g1",
    "decaln",
    "utf8-mode",
    "ss3",
    "ss3-8bit",
    "ss2-8bit",
    "stray-st",
];

#[test]
fn controls_and_escape_sequences_leave_only_the_words() {
    let d = decoded("controls.txt");
    assert_eq!((d.encoding, d.guessed), ("UTF-8", false));
    let bad: Vec<char> = d.text.chars().filter(|&c| is_forbidden(c)).collect();
    assert!(bad.is_empty(), "survivors: {bad:?}");
    assert!(!d.text.contains(['\t', '\r']));

    let mut expected: Vec<String> = "This file is an article that tries to attack the terminal it \
        is read in. Every control character sits between two words, then every escape sequence."
        .split(' ')
        .map(String::from)
        .collect();
    let codes = (0x00..0x20).chain([0x7f]).chain(0x80..0xa0);
    for cp in codes {
        expected.push(format!("pre{cp:02x}"));
        expected.push(format!("post{cp:02x}"));
    }
    for name in SEQUENCES {
        expected.push(format!("{name}-before"));
        match *name {
            "osc8" => expected.push("osc8-link".into()),
            "osc8bit-link" => expected.push("osc8bit-text".into()),
            _ => {}
        }
        expected.push(format!("{name}-after"));
    }
    let tail = "unterminated-osc unterminated-dcs unterminated-osc8bit unterminated-apc8bit \
        bidi-before desrever isolated rtl fsi lre rle lro lrm rlm alm bom bidi-after The end.";
    expected.extend(tail.split(' ').map(String::from));

    let words: Vec<&str> = d.text.split_whitespace().collect();
    assert_eq!(words, expected);
}

#[test]
fn combining_flood_is_capped() {
    let d = decoded("combining-flood.txt");
    assert!(d.text.len() < 500, "{} bytes left", d.text.len());
    for g in d.text.graphemes(true) {
        let marks = g
            .chars()
            .filter(|&c| {
                c.width() == Some(0) && c != '\u{200d}' && !('\u{e0000}'..='\u{e007f}').contains(&c)
            })
            .count();
        assert!(marks <= MAX_MARKS, "{g:?} has {marks} marks");
    }
    let lines: Vec<&str> = d.text.lines().collect();
    assert_eq!(lines.len(), 3);
    let zalgo: String = lines[0].chars().filter(|c| c.is_ascii()).collect();
    assert_eq!(zalgo, "Zalgo: hello world");
    assert_eq!(
        lines[0].chars().count(),
        "Zalgo: hello world".len() + 2 * MAX_MARKS
    );
    assert!(lines[0].starts_with("Zalgo: h\u{300}\u{301}\u{302}\u{303}e"));
    assert_eq!(lines[1], "\u{307}\u{308}\u{309}\u{30a}start of a line");
    // Real text with marks, emoji ZWJ sequences, a subdivision flag and a keycap is untouched.
    assert_eq!(
        lines[2],
        "Vie\u{323}\u{302}t e\u{301} 👨\u{200d}👩\u{200d}👧\u{200d}👦 \
         🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} 1\u{fe0f}\u{20e3} स्त्री"
    );
}

#[test]
fn empty_file_is_empty_text() {
    let d = decoded("empty.txt");
    assert_eq!(
        (d.text.as_str(), d.encoding, d.guessed),
        ("", "UTF-8", false)
    );
}

fn ascii_text(len: usize) -> String {
    let words = "the quick brown fox jumps over the lazy dog and reads on ";
    words.chars().cycle().take(len).collect()
}

#[test]
fn four_megabytes_without_newlines_keep_their_length() {
    let text = ascii_text(4 << 20);
    let d = decode(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.text.len(), text.len());
    assert!(d.text == text);
}

/// Rough timings; run with
/// `cargo test --release --test decode -- --ignored --nocapture timings`.
#[test]
#[ignore]
fn timings() {
    let ascii = ascii_text(4 << 20);
    let german = |sentence: &str| -> String { sentence.chars().cycle().take(4 << 20).collect() };
    let some = german("Der Fluss zieht sich durch die Stadt, und über der Brücke liegt Nebel. ");
    let dense = german("Über die Brücke gehen Grüße nach Köln, schöne Straße. ");
    let cp1252 = encoding_rs::WINDOWS_1252.encode(&some).0.into_owned();
    let windows = some.replace(". ", ".\r\n\t");
    let cases: [(&str, &[u8]); 5] = [
        ("ASCII UTF-8", ascii.as_bytes()),
        ("UTF-8, some umlauts", some.as_bytes()),
        ("UTF-8, dense umlauts", dense.as_bytes()),
        ("windows-1252 (guessed), some umlauts", &cp1252),
        ("UTF-8, CRLF + tabs (slow path)", windows.as_bytes()),
    ];
    for (name, bytes) in cases {
        let runs = 10;
        let start = Instant::now();
        let mut len = 0;
        for _ in 0..runs {
            len += decode(bytes).map(|d| d.text.len()).unwrap_or(0);
        }
        let per = start.elapsed() / runs;
        println!(
            "{name}: {} bytes -> {} bytes in {per:?}",
            bytes.len(),
            len / runs as usize
        );
    }
}
