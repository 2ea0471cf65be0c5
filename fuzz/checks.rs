//! What each fuzz target checks, one function per target: any input is fine, a panic is a bug.
//!
//! Shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`) and by
//! `tests/hardening_input.rs`, which runs every input kept in
//! `tests/fixtures/fuzz-regressions/<target>/` through the same function, so a crash found by
//! fuzzing stays fixed. Needs only `folio`, `serde_json` and `csv`.
//!
//! | target | input | checks |
//! |---|---|---|
//! | `decode` | file bytes | no panic; decoded text free of control, escape and bidi characters and of `\r`; decoding is idempotent; `decode_with` under any label likewise; `sanitize_line` has no line break |
//! | `plain`, `markdown`, `html` | text (bytes read as lossy UTF-8, then sanitised as `decode` would) | the document's invariants (below); the quick beginning (`parse_prefix`) is a prefix of the full parse, block for block |
//! | `epub` | file bytes | no panic; a book that opens keeps the document's invariants |
//! | `store` | the bytes of `<id>.json` (and of `<id>.json.bak`) | `Store::load` never panics; a record that parses loads as it is; one that does not is kept aside byte for byte and the backup is used when it parses; a loaded record saves and reloads with the same highlights |
//! | `export` | a record, a document and a path built from the bytes | every format: no control character (but `\n`, and `\r\n` in CSV); JSON and W3C parse; the JSON imports back and re-exports identically; the CSV has 7 columns in every row and a row per highlight; structure lines (`# ` headings, Org headings and quote blocks, Kindle separators) only where the exporter puts them |
//!
//! Document invariants: every block's range lies in the text on character boundaries, blocks
//! are in order without overlap, spans lie inside their block on character boundaries in order
//! without overlap, and the text, title and author contain no forbidden character (see
//! [`folio::decode::is_forbidden`]).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use folio::decode::{self, is_forbidden};
use folio::document::Document;
use folio::export::{self, Article};
use folio::format::{Format, epub};
use folio::record::{Anchor, Bookmark, Highlight, Position, Record};
use folio::store::{Paths, Store, file_id, fingerprint};
use std::path::{Path, PathBuf};

/// Labels `decode_with` is tried with (the first input byte picks one).
const LABELS: [&str; 12] = [
    "utf-8",
    "windows-1252",
    "iso-8859-2",
    "koi8-r",
    "shift_jis",
    "euc-kr",
    "gbk",
    "big5",
    "utf-16le",
    "x-user-defined",
    "replacement",
    "no-such-label",
];

fn clean(what: &str, s: &str) {
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| is_forbidden(c)) {
        panic!("{what}: forbidden U+{:04X} at byte {i}", u32::from(c));
    }
}

pub fn decode(data: &[u8]) {
    if let Ok(d) = decode::decode(data) {
        clean("decode", &d.text);
        assert!(!d.text.contains('\r'), "decode: a CR survived");
        assert_eq!(decode::sanitize(&d.text), d.text, "decode: not idempotent");
    }
    let label = LABELS[usize::from(data.first().copied().unwrap_or(0)) % LABELS.len()];
    if let Ok(d) = decode::decode_with(data, label) {
        clean("decode_with", &d.text);
    }
    let lossy = String::from_utf8_lossy(data);
    let line = decode::sanitize_line(&lossy);
    clean("sanitize_line", &line);
    assert!(!line.contains('\n'), "sanitize_line: a line break survived");
}

/// The document's invariants (see the module documentation).
pub fn document(what: &str, doc: &Document) {
    let text = &doc.text;
    clean(what, text);
    for s in [&doc.meta.title, &doc.meta.author].into_iter().flatten() {
        clean(what, s);
    }
    let mut prev_end = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        let r = &b.range;
        in_order(
            text,
            r,
            prev_end,
            || format!("{what}: block {i}"),
            "the text",
        );
        prev_end = r.end;
        let body = &text[r.clone()];
        let mut span_end = 0;
        for s in &b.spans {
            let sr = &s.range;
            in_order(
                body,
                sr,
                span_end,
                || format!("{what}: block {i} span"),
                "the block",
            );
            span_end = sr.end;
        }
    }
}

/// `r` lies in `within` on character boundaries, after `prev_end` (where the one before ended).
#[track_caller]
fn in_order(
    within: &str,
    r: &std::ops::Range<usize>,
    prev_end: usize,
    what: impl Fn() -> String,
    whole: &str,
) {
    assert!(
        r.start <= r.end && r.end <= within.len(),
        "{} {r:?} outside {whole} ({})",
        what(),
        within.len()
    );
    assert!(
        within.is_char_boundary(r.start) && within.is_char_boundary(r.end),
        "{} {r:?} splits a character",
        what()
    );
    assert!(r.start >= prev_end, "{} {r:?} overlaps", what());
}

/// Bytes to the text a format parser gets: lossy UTF-8, sanitised as `decode` would.
fn text_of(data: &[u8]) -> String {
    decode::sanitize(&String::from_utf8_lossy(data))
}

fn format(format: Format, data: &[u8]) {
    let min_bytes = 16 + usize::from(data.first().copied().unwrap_or(0));
    let text = text_of(data);
    let full = format.parse(&text);
    document("parse", &full);
    if let Some(prefix) = format.parse_prefix(&text, min_bytes) {
        document("parse_prefix", &prefix);
        assert!(
            full.text.starts_with(&prefix.text),
            "parse_prefix: its text is not a prefix of the full parse's"
        );
        assert!(
            prefix.blocks.len() <= full.blocks.len(),
            "parse_prefix: more blocks than the full parse"
        );
        for (i, (p, f)) in prefix.blocks.iter().zip(&full.blocks).enumerate() {
            assert_eq!(
                p, f,
                "parse_prefix: block {i} differs from the full parse's"
            );
        }
        assert_eq!(prefix.meta.title, full.meta.title, "parse_prefix: title");
        assert_eq!(
            prefix.meta.language, full.meta.language,
            "parse_prefix: language"
        );
    }
}

pub fn plain(data: &[u8]) {
    format(Format::Plain, data);
}

pub fn markdown(data: &[u8]) {
    format(Format::Markdown, data);
}

pub fn html(data: &[u8]) {
    format(Format::Html, data);
    // The way a saved page is opened: its own charset label, then Readability.
    if let Ok(doc) = folio::open::open_bytes(data, Format::Html, None) {
        document("open html", &doc);
    }
}

pub fn epub(data: &[u8]) {
    if let Ok(doc) = epub::parse(data) {
        document("epub", &doc);
    }
}

/// A folder of its own for this process's store runs.
fn scratch() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("folio-fuzz-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

pub fn store(data: &[u8]) {
    store_in(scratch(), data);
}

/// [`store`] with the config folder given (emptied first).
pub fn store_in(root: &Path, data: &[u8]) {
    let paths = Paths {
        root: root.to_path_buf(),
    };
    let dir = paths.articles();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fp = fingerprint("fuzzed");
    let id = file_id(&fp);
    let main = dir.join(format!("{id}.json"));
    let bak = dir.join(format!("{id}.json.bak"));
    // An odd first byte: the second half of the input is the backup.
    let (main_bytes, bak_bytes) = match data.first() {
        Some(b) if b % 2 == 1 => data.split_at(data.len() / 2),
        _ => (data, &[][..]),
    };
    std::fs::write(&main, main_bytes).unwrap();
    if !bak_bytes.is_empty() {
        std::fs::write(&bak, bak_bytes).unwrap();
    }
    let parsed = |b: &[u8]| serde_json::from_slice::<Record>(b).ok();
    // Ids of live highlights (a highlight listed in `deleted` goes at the first merge).
    let ids = |r: &Record| {
        let mut v: Vec<String> = r
            .highlights
            .iter()
            .filter(|h| !r.deleted.contains(&h.id))
            .map(|h| h.id.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };

    let store = Store::new(Some(paths.clone())).with_lock_timeout(std::time::Duration::ZERO);
    let loaded = store.load(&fp, None);
    match parsed(main_bytes) {
        Some(r) if r.version <= folio::record::VERSION => {
            assert!(
                loaded.notices.is_empty(),
                "a good record: {:?}",
                loaded.notices
            );
            assert_eq!(
                loaded.record.highlights, r.highlights,
                "a good record changed"
            );
        }
        Some(_) => assert!(loaded.read_only, "a newer record must open read-only"),
        None if loaded.read_only => {} // newer by its version field, or not movable
        None => {
            assert!(!main.exists(), "a damaged record was left in place");
            let kept: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().contains(".json.corrupt-"))
                .collect();
            assert_eq!(kept.len(), 1, "one damaged copy kept aside");
            assert_eq!(
                std::fs::read(&kept[0]).unwrap(),
                main_bytes,
                "kept as it was"
            );
            match parsed(bak_bytes) {
                Some(b) if b.version <= folio::record::VERSION => {
                    assert_eq!(loaded.record.highlights, b.highlights, "backup not used")
                }
                _ => {}
            }
        }
    }
    if !loaded.read_only {
        let saved = store.save(&loaded.record).expect("a loaded record saves");
        assert_eq!(
            ids(&saved),
            ids(&loaded.record),
            "the save lost or added highlights"
        );
        let again = store.load(&fp, None);
        assert!(
            again.notices.is_empty(),
            "after a save: {:?}",
            again.notices
        );
        assert_eq!(ids(&again.record), ids(&saved), "the reload differs");
    }
}

/// Reads the fuzz input as a sequence of small values.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn number(&mut self, text_len: u64) -> u64 {
        match self.byte() % 4 {
            0 => u64::from(self.byte()),
            1 => u64::from(u16::from_le_bytes([self.byte(), self.byte()])) % (text_len + 2),
            2 => u64::MAX - u64::from(self.byte()),
            _ => u64::from_le_bytes(std::array::from_fn(|_| self.byte())),
        }
    }

    fn string(&mut self) -> String {
        let len = usize::from(self.byte() % 64);
        let (head, rest) = self.0.split_at(len.min(self.0.len()));
        self.0 = rest;
        String::from_utf8_lossy(head).into_owned()
    }

    /// A stored time; junk text reads as the epoch, as it does from a record file.
    fn date(&mut self) -> folio::record::Timestamp {
        match self.byte() % 3 {
            0 => folio::record::from_unix(1_709_251_199),
            1 => folio::record::from_unix(i64::from(i32::from_le_bytes([
                self.byte(),
                self.byte(),
                self.byte(),
                self.byte(),
            ]))),
            _ => folio::record::parse_time(&self.string()).unwrap_or_default(),
        }
    }

    fn anchor(&mut self, text_len: u64) -> Anchor {
        Anchor {
            start: self.number(text_len),
            end: self.number(text_len),
            exact: self.string(),
            prefix: self.string(),
            suffix: self.string(),
            original: None,
        }
    }
}

pub fn export(data: &[u8]) {
    let mut b = Bytes(data);
    let flags = b.byte();
    let text = b.string() + &b.string() + &b.string();
    let doc_format = if flags & 1 == 0 {
        Format::Plain
    } else {
        Format::Markdown
    };
    let doc = doc_format.parse(&decode::sanitize(&text));
    let len = doc.text.chars().count() as u64;
    let opt = |b: &mut Bytes<'_>| (b.byte() % 2 == 1).then(|| b.string());
    let mut record = Record::new(b.string());
    record.title = opt(&mut b);
    record.author = opt(&mut b);
    record.paths = (0..b.byte() % 3).map(|_| b.string()).collect();
    if b.byte() % 2 == 1 {
        record.position = Some(Position {
            anchor: b.anchor(len),
            updated: b.date(),
        });
    }
    for _ in 0..b.byte() % 6 {
        let id = b.string();
        record.highlights.push(Highlight {
            attribution: None,
            id,
            anchor: b.anchor(len),
            note: b.string(),
            created: b.date(),
            modified: b.date(),
        });
    }
    for _ in 0..b.byte() % 4 {
        record.bookmarks.push(Bookmark {
            id: b.string(),
            label: b.string(),
            anchor: b.anchor(len),
            created: b.date(),
        });
    }
    record.deleted = (0..b.byte() % 2).map(|_| b.string()).collect();
    let path = opt(&mut b);
    let now = b.date();
    let articles = [Article {
        record: &record,
        doc: (flags & 2 == 0).then_some(&doc),
        path,
    }];
    for format in export::Format::ALL {
        let out = export::export(format, &articles, &now);
        check_export(format, &out, &record);
    }
}

fn check_export(format: export::Format, out: &str, record: &Record) {
    let name = format.name();
    let csv = format == export::Format::Readwise;
    for (i, c) in out.char_indices() {
        let crlf = csv && c == '\r' && out[i + 1..].starts_with('\n');
        assert!(
            !is_forbidden(c) || crlf,
            "{name}: forbidden U+{:04X} at byte {i}",
            u32::from(c)
        );
    }
    let count = |pred: &dyn Fn(&str) -> bool| out.lines().filter(|l| pred(l)).count();
    let n = record.highlights.len();
    match format {
        export::Format::Json => {
            let back = export::import_json(out).expect("the JSON export imports");
            assert_eq!(back.len(), 1, "{name}: one article");
            let again = export::export(
                format,
                &[Article {
                    record: &back[0],
                    doc: None,
                    path: None,
                }],
                &folio::record::Timestamp::UNIX_EPOCH,
            );
            let strip = |s: &str| {
                let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
                v["exported"] = serde_json::Value::Null;
                v
            };
            assert_eq!(strip(out), strip(&again), "{name}: re-export differs");
        }
        export::Format::W3c => {
            let v: serde_json::Value = serde_json::from_str(out).expect("W3C is JSON");
            assert_eq!(v["type"], "AnnotationCollection", "{name}");
        }
        export::Format::Readwise => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(out.as_bytes());
            let rows: Vec<csv::StringRecord> = reader
                .records()
                .collect::<Result<_, _>>()
                .expect("the CSV parses");
            assert_eq!(
                rows.len(),
                n + 1,
                "{name}: a header and a row per highlight"
            );
            assert!(rows.iter().all(|r| r.len() == 7), "{name}: 7 columns");
        }
        export::Format::Markdown => {
            assert_eq!(
                count(&|l| l.starts_with("# ")),
                1,
                "{name}: one title\n{out}"
            );
            assert_eq!(
                count(&|l| l.starts_with("```") || l.starts_with("~~~")),
                0,
                "{name}: a code fence\n{out}"
            );
        }
        export::Format::Org => {
            assert_eq!(
                count(&|l| l.starts_with("* ")),
                1,
                "{name}: one title\n{out}"
            );
            let begin = count(&|l| l.eq_ignore_ascii_case("#+BEGIN_QUOTE"));
            let end = count(&|l| l.trim().to_ascii_uppercase().starts_with("#+END_"));
            assert_eq!((begin, end), (n, n), "{name}: quote blocks\n{out}");
        }
        export::Format::Clippings => {
            let seps = count(&|l| l == "==========");
            assert!(seps >= n + record.bookmarks.len(), "{name}: entries\n{out}");
            assert!(
                out.lines()
                    .all(|l| l == "==========" || !l.contains("==========")),
                "{name}: a separator inside an entry\n{out}"
            );
        }
    }
}
