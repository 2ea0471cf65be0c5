//! EPUB reading: fixtures are built here (rbook's writer for real books, a tiny stored-zip
//! writer for hostile ones), never committed as binaries.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use folio::document::{BlockKind, Document};
use folio::format::epub::{self, EpubError};
use rbook::Epub;
use rbook::epub::EpubChapter;
use std::sync::Arc;
use std::time::{Duration, Instant};

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

/// A minimal zip writer (stored members) for archives rbook would never write.
struct Zip {
    data: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

impl Zip {
    fn new() -> Self {
        Zip {
            data: Vec::new(),
            central: Vec::new(),
            count: 0,
        }
    }

    /// Adds a stored member; `declared` overrides the uncompressed size in the directory.
    fn add(&mut self, name: &str, content: &[u8], declared: Option<u32>) -> &mut Self {
        let offset = self.data.len() as u32;
        let size = content.len() as u32;
        let crc = crc32(content);
        let mut local = Vec::new();
        local.extend(0x0403_4b50u32.to_le_bytes());
        local.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        local.extend(crc.to_le_bytes());
        local.extend(size.to_le_bytes());
        local.extend(size.to_le_bytes());
        local.extend((name.len() as u16).to_le_bytes());
        local.extend(0u16.to_le_bytes());
        local.extend(name.as_bytes());
        self.data.extend(local);
        self.data.extend(content);
        let c = &mut self.central;
        c.extend(0x0201_4b50u32.to_le_bytes());
        c.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        c.extend(crc.to_le_bytes());
        c.extend(size.to_le_bytes());
        c.extend(declared.unwrap_or(size).to_le_bytes());
        c.extend((name.len() as u16).to_le_bytes());
        c.extend([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        c.extend(offset.to_le_bytes());
        c.extend(name.as_bytes());
        self.count += 1;
        self
    }

    fn finish(&self) -> Vec<u8> {
        let mut out = self.data.clone();
        let cd_offset = out.len() as u32;
        out.extend(&self.central);
        out.extend(0x0605_4b50u32.to_le_bytes());
        out.extend([0, 0, 0, 0]);
        out.extend(self.count.to_le_bytes());
        out.extend(self.count.to_le_bytes());
        out.extend((self.central.len() as u32).to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend([0, 0]);
        out
    }
}

const CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

fn opf(spine_href: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier><dc:title>Small</dc:title><dc:language>en</dc:language></metadata><manifest><item id="c1" href="{spine_href}" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>"#
    )
}

const CHAPTER: &[u8] = b"<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title></head><body><h1>Only</h1><p>Just one chapter.</p></body></html>";

fn hand_made(files: &[(&str, &[u8], Option<u32>)]) -> Vec<u8> {
    let mut z = Zip::new();
    for (name, content, declared) in files {
        z.add(name, content, *declared);
    }
    z.finish()
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
    let bytes = hand_made(&[
        ("mimetype", b"application/epub+zip", None),
        ("META-INF/container.xml", CONTAINER.as_bytes(), None),
        ("content.opf", opf("c1.xhtml").as_bytes(), None),
        ("c1.xhtml", &[b' '; 1000], Some(3_000_000_000)),
    ]);
    let started = Instant::now();
    let err = epub::parse(&bytes).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
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

#[test]
fn member_lying_about_its_size_is_stopped() {
    // A real deflated chapter whose directory entry claims 100 bytes: the reader stops at the
    // declared size instead of inflating whatever follows.
    let mut bytes = essay_epub(3);
    let sig = 0x0201_4b50u32.to_le_bytes();
    let cd = (0..bytes.len() - 46)
        .find(|&i| {
            bytes[i..i + 4] == sig && {
                let len = usize::from(u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]));
                bytes[i + 46..i + 46 + len].ends_with(b"c2.xhtml")
            }
        })
        .expect("c2.xhtml in the central directory");
    bytes[cd + 24..cd + 28].copy_from_slice(&100u32.to_le_bytes());
    let err = epub::parse(&bytes).unwrap_err();
    assert!(
        matches!(&err, EpubError::Invalid(m) if m.contains("c2.xhtml")),
        "{err}"
    );
}

#[test]
fn path_traversal_is_refused() {
    let bytes = hand_made(&[
        ("mimetype", b"application/epub+zip", None),
        ("META-INF/container.xml", CONTAINER.as_bytes(), None),
        ("content.opf", opf("../evil.xhtml").as_bytes(), None),
        ("../evil.xhtml", CHAPTER, None),
    ]);
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
    let bytes = hand_made(&[
        ("mimetype", b"application/epub+zip", None),
        ("META-INF/container.xml", CONTAINER.as_bytes(), None),
        ("content.opf", opf("gone.xhtml").as_bytes(), None),
    ]);
    let err = epub::parse(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "is damaged: chapter 'gone.xhtml' named in the spine is missing"
    );
}

#[test]
fn hand_made_epub_without_toc_uses_the_chapter_heading() {
    let bytes = hand_made(&[
        ("mimetype", b"application/epub+zip", None),
        ("META-INF/container.xml", CONTAINER.as_bytes(), None),
        ("content.opf", opf("c1.xhtml").as_bytes(), None),
        ("c1.xhtml", CHAPTER, None),
    ]);
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
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
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
