//! EPUB reading: fixtures are built here (rbook's writer for real books, a tiny stored-zip
//! writer for hostile ones), never committed as binaries.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::zip::{CHAPTER, declared_zip_bomb, hand_made, one_chapter, opf};
use folio::document::{BlockKind, Document};
use folio::format::epub::{self, EpubError};
use rbook::Epub;
use rbook::epub::EpubChapter;
use std::sync::Arc;
use std::time::Instant;

const ESSAY: &str = include_str!("../assets/essay.md");

/// The essay's body (front matter and title left out) cut into three chapters at these
/// headings, with their table-of-contents labels.
const CHAPTERS: [(&str, &str); 3] = [
    ("On the north wall", "Saltmere"),
    ("## The makers", "The makers"),
    ("## Learning to read the dial", "Reading the dial"),
];

fn chapter_sources() -> Vec<String> {
    let body = ESSAY
        .split_once("# The Tide Clocks of Saltmere\n")
        .map_or(ESSAY, |(_, rest)| rest);
    let starts: Vec<usize> = CHAPTERS
        .iter()
        .map(|(at, _)| body.find(at).expect("chapter start in essay"))
        .collect();
    (0..3)
        .map(|i| body[starts[i]..starts.get(i + 1).copied().unwrap_or(body.len())].to_string())
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A block's text with its spans as inline XHTML.
fn inline(doc: &Document, i: usize) -> String {
    let block = &doc.blocks[i];
    let text = doc.block_text(block);
    let mut out = String::new();
    let mut at = 0;
    for s in &block.spans {
        out += &esc(&text[at..s.range.start]);
        let mut inner = esc(&text[s.range.clone()]);
        if s.style.code {
            inner = format!("<code>{inner}</code>");
        }
        if s.style.emphasis {
            inner = format!("<em>{inner}</em>");
        }
        if s.style.strong {
            inner = format!("<strong>{inner}</strong>");
        }
        if let Some(l) = s.style.link {
            inner = format!(
                "<a href=\"{}\">{inner}</a>",
                esc(&doc.meta.links[l as usize])
            );
        }
        out += &inner;
        at = s.range.end;
    }
    out += &esc(&text[at..]);
    out
}

/// Markdown -> our Document -> simple XHTML, as a chapter file of a book would be.
fn to_xhtml(md: &str, title: &str) -> String {
    let doc = folio::format::markdown::parse(md);
    let mut body = String::new();
    let mut lists: Vec<(&str, bool)> = Vec::new();
    let mut quote = 0u8;
    for (i, block) in doc.blocks.iter().enumerate() {
        let depth = block.list.as_ref().map_or(0, |l| usize::from(l.depth));
        while lists.len() > depth {
            let (tag, open) = lists.pop().unwrap();
            body += if open { "</li>" } else { "" };
            body += &format!("</{tag}>\n");
        }
        while quote > block.quote_depth {
            body += "</blockquote>\n";
            quote -= 1;
        }
        while quote < block.quote_depth {
            body += "<blockquote>\n";
            quote += 1;
        }
        if let Some(mark) = &block.list {
            if lists.len() < depth {
                let ordered = mark.marker.as_deref().is_some_and(|m| m.ends_with('.'));
                lists.push((if ordered { "ol" } else { "ul" }, false));
                body += if ordered { "<ol>\n" } else { "<ul>\n" };
            }
            if mark.marker.is_some() {
                let top = lists.last_mut().unwrap();
                if top.1 {
                    body += "</li>\n";
                }
                top.1 = true;
                body += "<li>";
            }
        }
        let text = inline(&doc, i);
        body += &match block.kind {
            BlockKind::Heading { level } => format!("<h{level}>{text}</h{level}>\n"),
            BlockKind::Rule => "<hr/>\n".to_string(),
            BlockKind::Code => format!("<pre>{text}</pre>\n"),
            BlockKind::Lines => format!("<p>{}</p>\n", text.replace('\n', "<br/>")),
            _ => format!("<p>{text}</p>\n"),
        };
    }
    while let Some((tag, open)) = lists.pop() {
        body += if open { "</li>" } else { "" };
        body += &format!("</{tag}>\n");
    }
    while quote > 0 {
        body += "</blockquote>\n";
        quote -= 1;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{}</title>\
         <style>p {{ margin: 0 }}</style></head>\n<body>\n{body}</body></html>\n",
        esc(title)
    )
}

/// The essay as an EPUB of the given version (2: NCX table of contents; 3: nav.xhtml).
fn essay_epub(version: u16) -> Vec<u8> {
    let chapters: Vec<EpubChapter> = chapter_sources()
        .iter()
        .zip(CHAPTERS)
        .enumerate()
        .map(|(i, (md, (_, label)))| {
            EpubChapter::new(label)
                .href(format!("text/c{}.xhtml", i + 1))
                .xhtml(to_xhtml(md, label).into_bytes())
        })
        .collect();
    Epub::builder()
        .version(version)
        .identifier("urn:folio:test:saltmere")
        .title("The Tide Clocks of Saltmere")
        .author("Honora Vell")
        .language("en-GB")
        .chapter(chapters)
        .write()
        .compression(6)
        .to_vec()
        .expect("rbook writes the fixture")
}

fn outline(doc: &Document) -> String {
    doc.blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading { level } => Some(format!(
                "{}{}",
                "  ".repeat(usize::from(level) - 1),
                doc.block_text(b)
            )),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_essay(doc: &Document) {
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("The Tide Clocks of Saltmere")
    );
    assert_eq!(doc.meta.author.as_deref(), Some("Honora Vell"));
    assert_eq!(doc.meta.language.as_deref(), Some("en-GB"));
    assert_eq!(doc.blocks[0].kind, BlockKind::Title);
    let chapters: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading { level: 1 })
        .map(|b| doc.block_text(b))
        .collect();
    assert_eq!(chapters, ["Saltmere", "The makers", "Reading the dial"]);
    // Every paragraph of every chapter is there, in order.
    let mut at = 0;
    for md in chapter_sources() {
        let source = folio::format::markdown::parse(&md);
        for b in source
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
        {
            let text = source.block_text(b);
            let found = doc.text[at..]
                .find(text)
                .unwrap_or_else(|| panic!("missing: {text}"));
            at += found;
        }
    }
    // "The makers" is the chapter heading once, not twice; "Learning to read the dial" stays
    // as a section under "Reading the dial".
    assert_eq!(doc.text.matches("The makers").count(), 1);
    assert!(outline(doc).contains("Reading the dial\n  Learning to read the dial"));
}

#[test]
fn epub3_reads_as_one_document() {
    let bytes = essay_epub(3);
    let started = Instant::now();
    let doc = epub::parse(&bytes).expect("the EPUB 3 fixture reads");
    eprintln!(
        "EPUB 3 ({} bytes) parsed in {:?}",
        bytes.len(),
        started.elapsed()
    );
    check_essay(&doc);
    // Links survive with their targets.
    assert!(
        doc.meta
            .links
            .iter()
            .any(|l| l == "https://example.org/saltmere/history/tide-clocks")
    );
}

#[test]
fn epub2_reads_the_same() {
    let doc = epub::parse(&essay_epub(2)).expect("the EPUB 2 fixture reads");
    check_essay(&doc);
    let three = epub::parse(&essay_epub(3)).expect("EPUB 3");
    assert_eq!(doc.text, three.text);
}

#[test]
fn golden_text_and_outline() {
    let doc = epub::parse(&essay_epub(3)).expect("the EPUB 3 fixture reads");
    insta::assert_snapshot!("epub3_outline", outline(&doc));
    insta::assert_snapshot!(
        "epub3_text_72",
        folio::textout::to_string(Arc::new(doc), 72)
    );
}

#[test]
fn declared_zip_bomb_is_refused_at_once() {
    // A member that says it unpacks to 3 GB, in a ~1 KB file.
    let bytes = declared_zip_bomb();
    // Refused from the directory, before anything is unpacked (its time is the bench
    // `epub_zip_bomb_refused` in benches/engine.rs).
    let err = epub::parse(&bytes).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, EpubError::ZipBomb(_)), "{msg}");
    assert!(
        msg.starts_with("looks like a zip bomb: member 'c1.xhtml' would unpack to 2.8 GB"),
        "{msg}"
    );
}

#[test]
fn many_small_members_add_up_to_a_bomb() {
    let mut files: Vec<(String, u32)> = Vec::new();
    for i in 0..10 {
        files.push((format!("f{i}.xhtml"), 60 << 20));
    }
    let list: Vec<(&str, &[u8], Option<u32>)> = files
        .iter()
        .map(|(n, d)| (n.as_str(), &b"x"[..], Some(*d)))
        .collect();
    let err = epub::parse(&hand_made(&list)).unwrap_err();
    // 60 MB from 1 byte is also an absurd ratio; whichever cap speaks first, it is a bomb.
    assert!(matches!(err, EpubError::ZipBomb(_)), "{err}");
}

#[test]
fn too_many_members_are_refused() {
    let names: Vec<String> = (0..10_001).map(|i| format!("f{i}")).collect();
    let list: Vec<(&str, &[u8], Option<u32>)> =
        names.iter().map(|n| (n.as_str(), &b""[..], None)).collect();
    let err = epub::parse(&hand_made(&list)).unwrap_err();
    assert!(err.to_string().contains("10001 members"), "{err}");
}

/// The cut is made at the declared size: the chapter cannot be read, and the book opens with
/// the rest (issue 15), naming it.
#[test]
fn member_lying_about_its_size_is_stopped() {
    // A real deflated chapter whose directory entry claims 100 bytes: the reader stops at the
    // declared size instead of inflating whatever follows.
    let mut bytes = essay_epub(3);
    let cd = central_entry(&bytes, b"c2.xhtml");
    bytes[cd + 24..cd + 28].copy_from_slice(&100u32.to_le_bytes());
    let doc = epub::parse(&bytes).expect("the other chapters open");
    assert_eq!(
        doc.meta.notices,
        ["Skipped 1 chapter that could not be read: OEBPS/text/c2.xhtml (damaged)."]
    );
    assert!(!doc.text.contains("The makers"), "{}", doc.text);
    assert!(doc.text.contains("Reading the dial"));
}

/// The offset of `name`'s entry in the central directory.
fn central_entry(bytes: &[u8], name: &[u8]) -> usize {
    let sig = 0x0201_4b50u32.to_le_bytes();
    (0..bytes.len() - 46)
        .find(|&i| {
            bytes[i..i + 4] == sig && {
                let len = usize::from(u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]));
                bytes[i + 46..i + 46 + len].ends_with(name)
            }
        })
        .expect("the member is in the central directory")
}

/// Issue 15: a chapter whose compressed bytes are damaged is skipped with a notice; the
/// book opens with the others.
#[test]
fn a_corrupted_compressed_chapter_is_skipped_and_the_rest_opens() {
    let mut bytes = essay_epub(3);
    let cd = central_entry(&bytes, b"c2.xhtml");
    let compressed = u32::from_le_bytes([
        bytes[cd + 20],
        bytes[cd + 21],
        bytes[cd + 22],
        bytes[cd + 23],
    ]);
    let local = u32::from_le_bytes([
        bytes[cd + 42],
        bytes[cd + 43],
        bytes[cd + 44],
        bytes[cd + 45],
    ]);
    let (local, compressed) = (local as usize, compressed as usize);
    let name_len = usize::from(u16::from_le_bytes([bytes[local + 26], bytes[local + 27]]));
    let extra_len = usize::from(u16::from_le_bytes([bytes[local + 28], bytes[local + 29]]));
    let data = local + 30 + name_len + extra_len;
    for b in &mut bytes[data + compressed / 3..data + compressed / 2] {
        *b = !*b;
    }
    let doc = epub::parse(&bytes).expect("the other chapters open");
    assert_eq!(
        doc.meta.notices,
        ["Skipped 1 chapter that could not be read: OEBPS/text/c2.xhtml (damaged)."]
    );
    assert!(doc.text.contains("Saltmere") && doc.text.contains("Reading the dial"));
}

#[test]
fn path_traversal_is_refused() {
    let bytes = one_chapter("../evil.xhtml", Some(("../evil.xhtml", CHAPTER, None)));
    let err = epub::parse(&bytes).unwrap_err();
    assert_eq!(err, EpubError::UnsafeName("../evil.xhtml".into()));
    assert_eq!(
        err.to_string(),
        "has an unsafe member name '../evil.xhtml' and was refused"
    );
    for name in ["/etc/passwd", "C:/x.xhtml", "a/../../b"] {
        let bytes = hand_made(&[(name, b"x", None)]);
        assert!(
            matches!(epub::parse(&bytes), Err(EpubError::UnsafeName(_))),
            "{name}"
        );
    }
}

#[test]
fn missing_container_is_explained() {
    let bytes = hand_made(&[
        ("mimetype", b"application/epub+zip", None),
        ("content.opf", opf("c1.xhtml").as_bytes(), None),
        ("c1.xhtml", CHAPTER, None),
    ]);
    let err = epub::parse(&bytes).unwrap_err();
    assert_eq!(err, EpubError::NoContainer);
    assert!(err.to_string().contains("has no META-INF/container.xml"));
}

#[test]
fn missing_spine_item_is_explained() {
    // The only chapter is missing: nothing to open.
    let bytes = one_chapter("gone.xhtml", None);
    let err = epub::parse(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "is damaged: none of its chapters could be read: gone.xhtml (missing)"
    );
}

#[test]
fn hand_made_epub_without_toc_uses_the_chapter_heading() {
    let bytes = one_chapter("c1.xhtml", Some(("c1.xhtml", CHAPTER, None)));
    let doc = epub::parse(&bytes).expect("small EPUB reads");
    assert_eq!(outline(&doc), "Only");
    assert!(doc.text.ends_with("Only\n\nJust one chapter."));
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    for bytes in [&b""[..], b"PK", b"not a zip at all", &[0xff; 4096]] {
        assert!(epub::parse(bytes).is_err());
    }
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let bytes = essay_epub(3);
    let started = Instant::now();
    let step = (bytes.len() / 300).max(1);
    for cut in (0..bytes.len()).step_by(step) {
        assert!(epub::parse(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    eprintln!(
        "{} truncations in {:?}",
        bytes.len() / step,
        started.elapsed()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    #[test]
    fn corrupted_bytes_never_panic(at in 0usize..100_000, value in 0u8..=255, cut in 0usize..100_000) {
        static BOOK: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        let mut bytes = BOOK.get_or_init(|| essay_epub(3)).clone();
        let n = bytes.len();
        bytes[at % n] = value;
        bytes.truncate(n - cut % (n / 4));
        let _ = epub::parse(&bytes);
    }
}

/// The binary opens a book like any article: `folio book.epub | cat` prints its chapters, and
/// a hostile archive is refused with the file named, exit 1.
#[test]
fn the_binary_reads_a_book_and_refuses_a_bomb() {
    let dir = common::tempdir();
    let book = dir.path().join("tide-clocks.epub");
    std::fs::write(&book, essay_epub(3)).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--width")
        .arg("60")
        .arg(&book)
        .env("FOLIO_CONFIG_DIR", dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("The Tide Clocks of Saltmere"), "{text}");
    assert!(text.contains("tide clock"), "{text}");
    assert!(!text.contains('<'), "{text}");
    // The same bytes under another name are still recognised as a book.
    let renamed = dir.path().join("book.bin");
    std::fs::copy(&book, &renamed).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg(&renamed)
        .env("FOLIO_CONFIG_DIR", dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("The Tide Clocks of Saltmere"));
    let evil = dir.path().join("evil.epub");
    std::fs::write(
        &evil,
        hand_made(&[
            ("mimetype", b"application/epub+zip", None),
            ("../evil.xhtml", b"<html/>", None),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg(&evil)
        .env("FOLIO_CONFIG_DIR", dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("evil.epub") && err.contains("unsafe member name"),
        "{err}"
    );
}
