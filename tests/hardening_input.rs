//! Hardening against bad input (issue 9): random bytes and real binaries, a UTF-8 stress test
//! (the categories of Markus Kuhn's, generated here), legacy encodings, pathological nesting in
//! Markdown and HTML, a flood of combining marks, and every input kept from fuzzing.
//!
//! Each test prints its figure (`cargo test --test hardening_input -- --nocapture`); the numbers
//! are kept in `docs/reliability.md`. The 100 MB and 50 MB inputs are `scripts/big-input.sh`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../fuzz/checks.rs"]
mod checks;
mod common;

use common::app::{key, terminal};
use common::pathological::{
    HTML_NESTING, MARKDOWN_NESTING, Maker, combining_marks_flood, html_share,
};
use common::rng::XorShift;
use folio::decode::{self, DecodeError, MAX_MARKS, is_forbidden};
use folio::format::Format;
use std::path::Path;
use std::time::{Duration, Instant};

fn clean(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| is_forbidden(c)) {
        panic!("{what}: forbidden U+{:04X} in the output", u32::from(c));
    }
}

// ---------------------------------------------------------------------------------------------
// Random bytes and real binaries

#[test]
fn random_bytes_and_real_binaries_are_refused() {
    let mut rng = XorShift(0xB1_0B);
    let mut random = 0;
    for n in 0..300 {
        let len = 1024 + (n * 97) % 8192;
        let bytes = rng.bytes(len);
        assert_eq!(
            decode::decode(&bytes),
            Err(DecodeError::Binary),
            "{len} random bytes"
        );
        random += 1;
    }
    // Real binaries: this test program, and whatever of these the system has.
    let mut files = vec![std::env::current_exe().unwrap()];
    for f in [
        "/bin/sh",
        "/bin/ls",
        "/usr/bin/env",
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/share/pixmaps/debian-logo.png",
    ] {
        if Path::new(f).is_file() {
            files.push(f.into());
        }
    }
    let mut refused = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let result = folio::open::open_bytes(&bytes, Format::Plain, None);
        assert!(
            matches!(
                result,
                Err(folio::open::BytesError::Decode(DecodeError::Binary))
            ),
            "{} was not refused",
            f.display()
        );
        refused += 1;
    }
    // Compressed data (high entropy, like random bytes): a gzip stream, a zip that is no EPUB.
    let mut gzip = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    gzip.extend(rng.bytes(4000));
    assert_eq!(decode::decode(&gzip), Err(DecodeError::Binary));
    println!(
        "binary input: {random} random buffers (1-9 KB) refused {random}, {} real binaries \
         refused {refused} ({}), a gzip stream refused",
        files.len(),
        files
            .iter()
            .map(|f| f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

// ---------------------------------------------------------------------------------------------
// UTF-8 stress test

/// The cases of a UTF-8 decoder stress test, by category (after Markus Kuhn's
/// `UTF-8-test.txt`, generated here): a label and the bytes.
fn utf8_stress_cases() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut cases: Vec<(&'static str, String, Vec<u8>)> = Vec::new();
    let mut add = |cat: &'static str, name: String, bytes: Vec<u8>| cases.push((cat, name, bytes));
    // 1-2. Correct text; the first and the last possible sequence of each length.
    add("correct", "κόσμε".into(), "κόσμε".as_bytes().to_vec());
    for cp in [
        0x80u32, 0x800, 0x10000, 0x7F, 0x7FF, 0xFFFF, 0x1F_FFFF, 0xD7FF, 0xE000, 0xFFFD, 0x10_FFFF,
        0x11_0000,
    ] {
        add("boundary", format!("U+{cp:04X}"), encode_any(cp));
    }
    // Five- and six-byte forms of the first code points that need them (never valid UTF-8).
    for (name, bytes) in [
        ("5-byte first", &[0xF8, 0x88, 0x80, 0x80, 0x80][..]),
        ("6-byte first", &[0xFC, 0x84, 0x80, 0x80, 0x80, 0x80]),
        ("5-byte last", &[0xFB, 0xBF, 0xBF, 0xBF, 0xBF]),
        ("6-byte last", &[0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF]),
    ] {
        add("boundary", name.into(), bytes.to_vec());
    }
    // 3.1 Unexpected continuation bytes, alone and in runs; all 64 of them in a row.
    for n in 1..=7 {
        add(
            "continuation",
            format!("{n} continuation bytes"),
            (0..n).map(|i| 0x80 | (i as u8 * 9 % 64)).collect(),
        );
    }
    add("continuation", "all 64".into(), (0x80..=0xBF).collect());
    // 3.2 Lonely start bytes, each followed by a space.
    for range in [
        0xC0..=0xDFu8,
        0xE0..=0xEF,
        0xF0..=0xF7,
        0xF8..=0xFB,
        0xFC..=0xFD,
    ] {
        let (lo, hi) = (*range.start(), *range.end());
        add(
            "lonely start",
            format!("{lo:02X}-{hi:02X} + space"),
            range.flat_map(|b| [b, b' ']).collect(),
        );
    }
    // 3.3-3.4 Sequences with the last continuation byte missing, alone and concatenated.
    let truncated: Vec<Vec<u8>> = vec![
        vec![0xC0],
        vec![0xE0, 0x80],
        vec![0xF0, 0x80, 0x80],
        vec![0xF8, 0x80, 0x80, 0x80],
        vec![0xFC, 0x80, 0x80, 0x80, 0x80],
        vec![0xDF],
        vec![0xEF, 0xBF],
        vec![0xF7, 0xBF, 0xBF],
        vec![0xFB, 0xBF, 0xBF, 0xBF],
        vec![0xFD, 0xBF, 0xBF, 0xBF, 0xBF],
    ];
    for t in &truncated {
        add("truncated", format!("{t:02X?}"), t.clone());
    }
    add("truncated", "all concatenated".into(), truncated.concat());
    // 3.5 Impossible bytes.
    for b in [vec![0xFE], vec![0xFF], vec![0xFE, 0xFE, 0xFF, 0xFF]] {
        add("impossible", format!("{b:02X?}"), b);
    }
    // 4. Overlong forms: '/' in 2-6 bytes, the largest overlongs, overlong NUL.
    for b in [
        vec![0xC0, 0xAF],
        vec![0xE0, 0x80, 0xAF],
        vec![0xF0, 0x80, 0x80, 0xAF],
        vec![0xF8, 0x80, 0x80, 0x80, 0xAF],
        vec![0xFC, 0x80, 0x80, 0x80, 0x80, 0xAF],
        vec![0xC1, 0xBF],
        vec![0xE0, 0x9F, 0xBF],
        vec![0xF0, 0x8F, 0xBF, 0xBF],
        vec![0xC0, 0x80],
        vec![0xE0, 0x80, 0x80],
        vec![0xF0, 0x80, 0x80, 0x80],
    ] {
        add("overlong", format!("{b:02X?}"), b);
    }
    // 5. Surrogates, single and paired, and noncharacters (valid: kept).
    for s in [0xD800u32, 0xDB7F, 0xDB80, 0xDBFF, 0xDC00, 0xDF80, 0xDFFF] {
        add("surrogate", format!("U+{s:04X}"), encode_any(s));
    }
    for (a, b) in [(0xD800u32, 0xDC00u32), (0xDB7F, 0xDFFF), (0xDBFF, 0xDFFF)] {
        add(
            "surrogate pair",
            format!("U+{a:04X} U+{b:04X}"),
            [encode_any(a), encode_any(b)].concat(),
        );
    }
    for n in [0xFFFEu32, 0xFFFF, 0xFDD0, 0x1FFFE] {
        add("noncharacter", format!("U+{n:04X}"), encode_any(n));
    }
    cases
}

/// The UTF-8 bit pattern for any value up to 31 bits (surrogates and too-large values
/// included: that is the point).
fn encode_any(cp: u32) -> Vec<u8> {
    match cp {
        0..=0x7F => vec![cp as u8],
        0x80..=0x7FF => vec![0xC0 | (cp >> 6) as u8, 0x80 | (cp & 63) as u8],
        0x800..=0xFFFF => vec![
            0xE0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 63) as u8,
            0x80 | (cp & 63) as u8,
        ],
        0x1_0000..=0x1F_FFFF => vec![
            0xF0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 63) as u8,
            0x80 | ((cp >> 6) & 63) as u8,
            0x80 | (cp & 63) as u8,
        ],
        _ => vec![
            0xF8 | (cp >> 24) as u8,
            0x80 | ((cp >> 18) & 63) as u8,
            0x80 | ((cp >> 12) & 63) as u8,
            0x80 | ((cp >> 6) & 63) as u8,
            0x80 | (cp & 63) as u8,
        ],
    }
}

#[test]
fn utf8_stress_test_decodes_without_panic_and_clean() {
    let cases = utf8_stress_cases();
    let mut as_utf8 = 0;
    let mut whole = Vec::new();
    for (cat, name, bytes) in &cases {
        // Each case inside a line of ordinary text, as in the stress-test file.
        let mut file = format!("{cat} {name}: \"").into_bytes();
        file.extend(bytes);
        file.extend(b"\" |\nThe next line is intact.\n");
        whole.extend(&file);
        let d = decode::decode(&file).unwrap_or_else(|e| panic!("{cat} {name}: {e}"));
        clean(name, &d.text);
        assert!(
            d.text.contains("The next line is intact."),
            "{cat} {name}: {:?}",
            d.text
        );
        if d.encoding == "UTF-8" {
            as_utf8 += 1;
            // Nothing after the case on its line is lost.
            assert!(
                d.text.ends_with("\" |\nThe next line is intact.\n"),
                "{cat} {name}: {:?}",
                d.text
            );
            // Valid sequences come through; a malformed one becomes U+FFFD, never a guess.
            match std::str::from_utf8(bytes) {
                Ok(s) if !s.chars().any(is_forbidden) => {
                    assert!(d.text.contains(s), "{cat} {name}: {:?}", d.text)
                }
                Ok(_) => {}
                Err(_) => assert!(d.text.contains('\u{FFFD}'), "{cat} {name}: {:?}", d.text),
            }
        }
        for f in [Format::Plain, Format::Markdown, Format::Html] {
            checks::document(name, &f.parse(&d.text));
        }
    }
    // All the cases in one file: so many bad bytes that it reads as a legacy encoding.
    let d = decode::decode(&whole).unwrap();
    clean("the whole test", &d.text);
    let lines = d.text.matches("The next line is intact.").count();
    assert_eq!(lines, cases.len());
    let categories: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.0).collect();
    println!(
        "UTF-8 stress: {} cases in {} categories ({}), 0 panics, {as_utf8} read as UTF-8 with \
         U+FFFD for each malformed sequence, 0 forbidden characters out; the whole file \
         ({} bytes) read as {}",
        cases.len(),
        categories.len(),
        categories.into_iter().collect::<Vec<_>>().join(", "),
        whole.len(),
        d.encoding
    );
}

/// Found by the stress test: 64 stray continuation bytes in an ASCII line made the file read as
/// windows-1252, where 0x9D is undefined and became U+009D, which the sanitiser took for an
/// 8-bit OSC and removed with the rest of the line. Now a C1 control from a legacy encoding is
/// removed alone.
#[test]
fn an_undefined_windows_1252_byte_does_not_swallow_its_line() {
    let mut bytes = b"caf\xe9 \x9d and the rest of the line \x81 stays; ".to_vec();
    bytes.extend(0x80..=0xBFu8);
    bytes.extend(b" | the end of the line\nnext\n");
    let d = decode::decode(&bytes).unwrap();
    assert_eq!(d.encoding, "windows-1252");
    clean("1252", &d.text);
    assert!(
        d.text
            .starts_with("café  and the rest of the line  stays; €"),
        "{:?}",
        d.text
    );
    assert!(
        d.text.ends_with(" | the end of the line\nnext\n"),
        "{:?}",
        d.text
    );
    // The same byte forced by a label, as a web page's charset does.
    let d = decode::decode_with(b"a \x9d[31m b\n", "windows-1252").unwrap();
    assert_eq!(d.text, "a [31m b\n");
}

/// Found by `scripts/big-input.sh`: a 100 MB file was held twice while it opened (the bytes
/// read, and the text decoded from them), 2.05x its size at the first page. Clean UTF-8 now
/// becomes the text in the same buffer; everything else decodes exactly as before.
#[test]
fn a_file_was_held_twice_while_opening() {
    let clean = "Plain prose, clean UTF-8: «ça va», 世界.\n\nA second paragraph.\n".repeat(50);
    let bytes = clean.clone().into_bytes();
    let at = bytes.as_ptr();
    let d = decode::decode_vec(bytes).unwrap();
    assert_eq!(d.text, clean);
    assert_eq!(d.text.as_ptr(), at, "the buffer was copied");
    let mut inputs: Vec<Vec<u8>> = utf8_stress_cases().into_iter().map(|c| c.2).collect();
    inputs.extend([
        b"\xef\xbb\xbfBOM and text".to_vec(),
        b"a\x00b\x00c\x00d\x00e\x00f\x00g\x00h\x00".to_vec(),
        b"tabs\tand\r\ncontrols \x1b[31mred\x1b[0m".to_vec(),
        b"caf\xe9 cr\xe8me br\xfbl\xe9e".to_vec(),
        XorShift(7).bytes(2000),
        Vec::new(),
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/zeitung.txt")).unwrap(),
    ]);
    for bytes in inputs {
        assert_eq!(
            decode::decode_vec(bytes.clone()),
            decode::decode(&bytes),
            "{bytes:02x?}"
        );
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/essay.md");
    let via_path = folio::open::open_path(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let via_bytes = folio::open::open_bytes(&bytes, Format::Markdown, Some(&path)).unwrap();
    assert_eq!(via_path, via_bytes);
}

/// Found by fuzzing (`html`, kept in `tests/fixtures/fuzz-regressions/html/`): the ad and
/// cookie-banner filter removed `<html class="cookie-…">` itself, the whole page with it, and
/// then `dom_query`'s `html_root()` panicked. `<body class="ads-on">` lost the page the same way.
#[test]
fn a_cookie_class_on_html_or_body_removed_the_page() {
    let kept = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz-regressions/html/cookie-class-on-html-removed-the-page");
    let doc = Format::Html.parse(&decode::decode(&std::fs::read(kept).unwrap()).unwrap().text);
    checks::document("kept input", &doc);
    assert!(doc.text.contains("Search"), "{:?}", doc.text);
    let article = "<h1>A Title</h1><p>The first paragraph of the article, long enough to read as \
                   prose, with more words.</p><div class=\"ad-box\">BUY NOW</div>";
    for page in [
        format!("<html class=\"cookie-consent\" lang=\"en\"><body>{article}</body></html>"),
        format!("<html lang=\"en\"><body class=\"ads-on cookie-banner\">{article}</body></html>"),
        format!("<html role=\"navigation\"><body>{article}</body></html>"),
    ] {
        let doc = Format::Html.parse(&page);
        assert!(
            doc.text.contains("The first paragraph"),
            "{page}: {:?}",
            doc.text
        );
        assert!(!doc.text.contains("BUY NOW"), "{page}: the ad stays out");
    }
}

// ---------------------------------------------------------------------------------------------
// Legacy encodings

/// (encoding label, sample text written in a language that encoding is for).
const LEGACY: &[(&str, &str)] = &[
    (
        "windows-1252",
        "Le cœur a ses raisons que la raison ne connaît point. L'été dernier, nous étions à la \
         fenêtre du château, où l'on voyait la forêt s'étendre jusqu'à la rivière. « Déjà ? » \
         demanda-t-elle, étonnée, en fermant le cahier où elle notait ses pensées naïves.",
    ),
    (
        "windows-1252",
        "Über die Brücke gingen die Mädchen, während die Jungen am Ufer Steine warfen. Größere \
         Städte haben schönere Straßen, aber hier im Dorf ist die Luft frischer und die Bäume \
         älter. Der Bäcker öffnet früh, und der Geruch füllt die Gassen.",
    ),
    (
        "ISO-8859-2",
        "Zażółć gęślą jaźń. W Łodzi i w Gdańsku ludzie mówią, że jesień jest najpiękniejszą porą \
         roku, kiedy liście spadają z drzew, a słońce świeci nisko nad polami. Dziś wieczorem \
         pójdziemy na spacer wzdłuż rzeki i porozmawiamy o książkach.",
    ),
    (
        "windows-1250",
        "Příliš žluťoučký kůň úpěl ďábelské ódy. V Praze se večer rozsvítila světla a lidé \
         spěchali domů přes mosty nad řekou. Ráno jsme šli do obchodu koupit chléb, máslo a \
         čerstvé ovoce, protože přijedou hosté z Brna.",
    ),
    (
        "KOI8-R",
        "В чащах юга жил бы цитрус? Да, но фальшивый экземпляр! Вечером мы долго сидели на \
         веранде и говорили о книгах, которые прочитали этим летом. Над рекой поднимался туман, \
         и где-то далеко лаяла собака.",
    ),
    (
        "windows-1251",
        "Съешь же ещё этих мягких французских булок, да выпей чаю. Город просыпался медленно: \
         открывались магазины, по улицам ехали трамваи, а на площади продавали цветы и свежий \
         хлеб. Мы договорились встретиться у старого моста.",
    ),
    (
        "windows-1253",
        "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. Το καλοκαίρι πηγαίναμε στο νησί, όπου η θάλασσα ήταν \
         γαλάζια και τα σπίτια άσπρα. Τα βράδια καθόμασταν στην αυλή και ακούγαμε τους παππούδες \
         να λένε ιστορίες από τα παλιά χρόνια.",
    ),
    (
        "windows-1254",
        "Pijamalı hasta yağız şoföre çabucak güvendi. İstanbul'da sabahları vapurla karşıya \
         geçmek, simit ve çay eşliğinde denizi seyretmek en güzel alışkanlıklarımdan biridir. \
         Akşam üstü martılar kıyıya doğru uçar, şehir ışıklarla dolar.",
    ),
    (
        "windows-1255",
        "דג סקרן שט בים מאוכזב ולפתע מצא חברה. בערב ישבנו במרפסת ודיברנו על הספרים שקראנו בקיץ \
         האחרון. העיר הייתה שקטה, ורק הרוח נשבה בין העצים הגבוהים שליד הבית הישן.",
    ),
    (
        "windows-1256",
        "نص حكيم له سر قاطع وذو شأن عظيم مكتوب على ثوب أخضر ومغلف بجلد أزرق. في المساء جلسنا في \
         الحديقة وتحدثنا عن الكتب التي قرأناها في الصيف الماضي، وكانت المدينة هادئة والنجوم \
         تلمع في السماء.",
    ),
    (
        "windows-1257",
        "Įlinkdama fechtuotojo špaga sublykčiojusi pragręžė apvalų arbūzą. Vakare mes sėdėjome \
         sode ir kalbėjomės apie knygas, kurias perskaitėme šią vasarą. Miestas buvo tylus, o \
         žvaigždės švietė danguje virš senųjų namų stogų.",
    ),
    (
        "windows-874",
        "เป็นมนุษย์สุดประเสริฐเลิศคุณค่า กว่าบรรดาฝูงสัตว์เดรัจฉาน ในตอนเย็นเรานั่งคุยกันที่ระเบียงเรื่องหนังสือที่อ่านในฤดูร้อน \
         เมืองเงียบสงบและดวงดาวส่องแสงบนท้องฟ้า",
    ),
    (
        "Shift_JIS",
        "いろはにほへと ちりぬるを わかよたれそ つねならむ。昨日の夕方、私たちは川沿いを散歩しながら、\
         夏に読んだ本について長い間話しました。町は静かで、空には星が輝いていました。",
    ),
    (
        "EUC-JP",
        "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした\
         所でニャーニャー泣いていた事だけは記憶している。吾輩はここで始めて人間というものを見た。",
    ),
    (
        "EUC-KR",
        "키스의 고유조건은 입술끼리 만나야 하고 특별한 기술은 필요치 않다. 어제 저녁에 우리는 강가를 \
         산책하면서 여름에 읽은 책에 대해 오랫동안 이야기했습니다. 도시는 조용했고 하늘에는 별이 \
         빛나고 있었습니다.",
    ),
    (
        "GBK",
        "我们昨天晚上沿着河边散步，谈论了夏天读过的书。城市很安静，天上的星星闪闪发光。\
         今天早上我们去市场买了面包、水果和蔬菜，因为下午会有朋友从北京来看我们。",
    ),
    (
        "gb18030",
        "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。这首诗描写了春天早晨的景色，\
         诗人醒来时听到鸟儿在歌唱，想起昨夜的风雨，不知道有多少花朵被打落了。",
    ),
    (
        "Big5",
        "我們昨天晚上沿著河邊散步，談論了夏天讀過的書。城市很安靜，天上的星星閃閃發光。\
         今天早上我們去市場買了麵包、水果和蔬菜，因為下午會有朋友從台北來看我們。",
    ),
];

#[test]
fn legacy_encodings_decode_without_panic_and_mostly_right() {
    let mut hits = Vec::new();
    let mut misses = Vec::new();
    for (label, sample) in LEGACY {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let text = format!("{sample}\n\n{sample}\n");
        let (bytes, used, unmappable) = enc.encode(&text);
        assert_eq!(used, enc, "{label}");
        assert!(!unmappable, "{label}: the sample does not fit the encoding");
        let d = decode::decode(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        clean(label, &d.text);
        assert!(d.guessed, "{label}");
        if d.text == text {
            hits.push(format!("{label} ({})", d.encoding));
        } else {
            misses.push(format!("{label} as {}", d.encoding));
        }
    }
    // These are the encodings chardetng is expected to tell apart from a paragraph; the rest
    // (single-byte code pages of small alphabets) may be read as a neighbour.
    for must in [
        "windows-1252",
        "KOI8-R",
        "windows-1251",
        "Shift_JIS",
        "EUC-KR",
        "GBK",
        "Big5",
        "windows-1256",
        "windows-1253",
        "windows-1255",
    ] {
        assert!(
            hits.iter().any(|h| h.starts_with(&format!("{must} "))),
            "{must} was not read right: misses {misses:?}"
        );
    }
    println!(
        "legacy encodings: {} labelled samples, 0 panics, {} decoded exactly ({:.0}%); \
         misses: {}",
        LEGACY.len(),
        hits.len(),
        100.0 * hits.len() as f64 / LEGACY.len() as f64,
        if misses.is_empty() {
            "none".to_string()
        } else {
            misses.join(", ")
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Pathological nesting

/// The stack of the thread that parses a long article in the background (`std::thread`'s
/// default); a short one is parsed on the main thread, which has more.
const PARSE_STACK: usize = 2 * 1024 * 1024;

/// Parses `text` on a thread with [`PARSE_STACK`]; the median time of `runs` parses.
fn timed_parse(format: Format, text: String, runs: usize) -> Duration {
    std::thread::Builder::new()
        .stack_size(PARSE_STACK)
        .spawn(move || {
            let mut times: Vec<Duration> = (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    let doc = format.parse(&text);
                    let took = t.elapsed();
                    checks::document("nested", &doc);
                    drop(doc);
                    took
                })
                .collect();
            times.sort();
            times[runs / 2]
        })
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("{format:?} parse panicked"))
}

/// A number from the environment, else `default`.
fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// How deep the no-overflow parse goes (`FOLIO_NESTING_DEEP`, default 100,000).
fn deep() -> usize {
    env_number("FOLIO_NESTING_DEEP", 100_000)
}

/// The input size whose parse time is compared with half of it, when `FOLIO_NESTING_RATIO`
/// asks for the comparison (`scripts/nesting.sh` does: 100,000 in a release build). A plain
/// `cargo test`, a debug build on a shared machine, asserts no times: the bench `nesting` in
/// `benches/engine.rs` measures them.
fn ratio_size() -> Option<usize> {
    std::env::var("FOLIO_NESTING_RATIO")
        .ok()
        .and_then(|v| v.parse().ok())
}

/// One case: `make(deep)` must parse on a 2 MB stack, and with `FOLIO_NESTING_RATIO` set the
/// time ratio of parsing `make(n)` and `make(n / 2)` (median of 5, up to two retries on a busy
/// machine) must be at most 2.5. `n` is the ratio size (10,000 when not set) times `scale` (the
/// ratio size itself with `FOLIO_NESTING_SLOW`, as in `scripts/nesting.sh`). A `scale` below 1
/// marks a case that takes seconds per parse in a debug build: unless `FOLIO_NESTING_SLOW` is
/// set its ratio is a median of 3 and its deep parse is at `n`.
fn nesting(format: Format, name: &str, make: Maker, scale: f64) -> String {
    let full_size = std::env::var_os("FOLIO_NESTING_SLOW").is_some();
    let fast = scale < 1.0 && !full_size;
    let scale = if full_size { 1.0 } else { scale };
    let n = (ratio_size().unwrap_or(10_000) as f64 * scale) as usize;
    let mut figure = String::new();
    if ratio_size().is_some() {
        let runs = if fast { 3 } else { 5 };
        // Tiny times are noise on a busy machine: compare from 10 ms up.
        let floor = Duration::from_millis(10);
        let measure = || {
            let half = timed_parse(format, make(n / 2), runs);
            let full = timed_parse(format, make(n), runs);
            let ratio = full.max(floor).as_secs_f64() / half.max(floor).as_secs_f64();
            (half, full, ratio)
        };
        let (mut half, mut full, mut ratio) = measure();
        for _ in 0..2 {
            if ratio <= 2.5 {
                break;
            }
            (half, full, ratio) = measure();
        }
        assert!(
            ratio <= 2.5,
            "{name}: {n} deep took {full:?}, {} deep {half:?}: x{ratio:.2}",
            n / 2
        );
        figure = format!("{} {half:.0?} -> {n} {full:.0?} (x{ratio:.2}), ", n / 2);
    }
    let deep = if fast { n } else { deep() };
    let took = timed_parse(format, make(deep), 1);
    format!("{name}: {figure}{deep} deep {took:.0?}")
}

#[test]
fn pathological_markdown_parses_in_bounded_time_without_overflow() {
    let lines: Vec<String> = MARKDOWN_NESTING
        .into_iter()
        .map(|(name, make)| nesting(Format::Markdown, name, make, 4.0))
        .collect();
    println!(
        "pathological Markdown (2 MB stack; no overflow): {}",
        lines.join("; ")
    );
}

#[test]
fn pathological_html_parses_in_bounded_time_without_overflow() {
    let lines: Vec<String> = HTML_NESTING
        .into_iter()
        .map(|(name, make)| nesting(Format::Html, name, make, html_share(name)))
        .collect();
    println!(
        "pathological HTML (2 MB stack; no overflow): {}",
        lines.join("; ")
    );
}

// ---------------------------------------------------------------------------------------------
// Combining marks

#[test]
fn a_flood_of_combining_marks_renders_fast_and_within_its_cell() {
    use folio::app::App;
    use unicode_width::UnicodeWidthStr;

    // How long the first page and a page turn take is the bench `combining_marks` in
    // benches/engine.rs.
    let text = combining_marks_flood();
    let bytes = text.len();
    let d = decode::decode(text.as_bytes()).unwrap();
    let doc = std::sync::Arc::new(Format::Plain.parse(&d.text));
    let mut app = App::with_document(doc, (80, 24), 72);
    let mut terminal = terminal(80, 24);
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    for _ in 0..5 {
        folio::app::update(&mut app, key("Space"));
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    }
    let buffer = terminal.backend().buffer();
    let mut letters = 0;
    let mut widest_stack = 0;
    for cell in buffer.content() {
        let symbol = cell.symbol();
        let mut chars = symbol.chars();
        if let Some(base @ ('a' | 'Z')) = chars.next() {
            letters += 1;
            let stacked = chars.count();
            widest_stack = widest_stack.max(stacked);
            assert!(stacked <= MAX_MARKS, "{base} carries {stacked} marks");
            assert_eq!(symbol.width(), 1, "{symbol:?} is wider than its cell");
        }
    }
    assert!(letters > 100, "the page shows the letters ({letters})");
    for y in 0..buffer.area.height {
        let row: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        assert!(
            row.width() <= usize::from(buffer.area.width),
            "row {y} is too wide"
        );
    }
    println!(
        "combining flood: {bytes} bytes ({} marks on 2,000 letters), decoded to {} bytes, \
         first page and 5 page turns drawn, at most {widest_stack} marks in a cell, every \
         letter 1 cell wide",
        2000 * 500,
        d.text.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Fuzzing: kept inputs, and a short run of every check in `cargo test`

/// A fuzz target's check.
type Check = fn(&[u8]);

/// Every input under `tests/fixtures/fuzz-regressions/<target>/` through its target's check.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions");
    let targets: [(&str, Check); 7] = [
        ("decode", checks::decode),
        ("plain", checks::plain),
        ("markdown", checks::markdown),
        ("html", checks::html),
        ("epub", checks::epub),
        ("store", |d| {
            let tmp = common::tempdir();
            checks::store_in(tmp.path(), d);
        }),
        ("export", checks::export),
    ];
    let mut ran = Vec::new();
    for (target, check) in targets {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut n = 0;
        for entry in entries.flatten() {
            let data = std::fs::read(entry.path()).unwrap();
            let result = std::panic::catch_unwind(|| check(&data));
            assert!(result.is_ok(), "{} fails again", entry.path().display());
            n += 1;
        }
        ran.push(format!("{target} {n}"));
    }
    assert!(root.is_dir(), "no regressions folder at {}", root.display());
    let total: usize = ran
        .iter()
        .filter_map(|r| r.rsplit(' ').next()?.parse::<usize>().ok())
        .sum();
    assert!(total > 0, "the regressions folder is empty");
    println!("fuzz regressions: {} inputs still pass", ran.join(", "));
}

/// A few hundred mutated inputs through every fuzz check, so the checks themselves run in
/// `cargo test` (the fuzzing proper is `scripts/fuzz.sh`).
#[test]
fn fuzz_checks_hold_on_mutated_samples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds: Vec<Vec<u8>> = [
        "assets/essay.md",
        "assets/zeitung.txt",
        "assets/hardwrapped.txt",
    ]
    .iter()
    .map(|p| std::fs::read(root.join(p)).unwrap())
    .chain([
        b"<html><head><title>T</title></head><body><article><h1>H</h1><p>Some <b>bold</b> \
               &#27;[31m text &#x202E; here.</p><blockquote>q</blockquote></article></body></html>"
            .to_vec(),
    ])
    .collect();
    let mut rng = XorShift(0xF022);
    let mut mutate = |seed: &[u8], max: usize| {
        let mut v: Vec<u8> = seed[..seed.len().min(max)].to_vec();
        for _ in 0..1 + rng.next() % 8 {
            let at = (rng.next() as usize) % v.len().max(1);
            match rng.next() % 4 {
                0 if !v.is_empty() => v[at] ^= 1 << (rng.next() % 8),
                1 => v.insert(at.min(v.len()), (rng.next() >> 24) as u8),
                2 if !v.is_empty() => {
                    v.remove(at);
                }
                _ => {
                    let from = (rng.next() as usize) % v.len().max(1);
                    let chunk: Vec<u8> = v[from..(from + 16).min(v.len())].to_vec();
                    v.splice(at..at, chunk);
                }
            }
        }
        v
    };
    let tmp = common::tempdir();
    let started = Instant::now();
    let mut runs = 0;
    for i in 0..60 {
        let seed = &seeds[i % seeds.len()];
        let input = mutate(seed, 4096);
        checks::decode(&input);
        checks::plain(&input);
        checks::markdown(&input);
        checks::html(&input);
        checks::epub(&input);
        checks::export(&input);
        runs += 6;
        if i % 4 == 0 {
            let record = br#"{"version":1,"fingerprint":"f","highlights":[{"id":"a","anchor":{"start":1,"end":2,"exact":"x"},"created":"c","modified":"m"}]}"#;
            checks::store_in(tmp.path(), &mutate(record, 4096));
            runs += 1;
        }
    }
    println!(
        "fuzz checks on mutated samples: {runs} runs of 7 checks, 0 failures ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
}
