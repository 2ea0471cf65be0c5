//! Books as publishers make them (issue 15): spine items in foreign formats with manifest
//! fallbacks, missing and unreadable chapters, books of pictures, books with no text. Every
//! book is built here with the stored-zip writer; the notices are checked as the reader gets
//! them (the document's notices, stderr of the real binary, the status line).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::zip::{Item, book, xhtml};
use folio::document::{BlockKind, Document};
use folio::format::Format;
use folio::format::epub::{self, EpubError};
use std::sync::Arc;

const XHTML: &str = "application/xhtml+xml";

fn chapter(n: u32) -> Vec<u8> {
    xhtml(
        &format!("Chapter {n}"),
        &format!("<h1>Part {n}</h1><p>The words of part {n} are here.</p>"),
    )
}

/// Three chapters, the second replaced by `second` (its manifest items, its spine id and
/// its members).
fn three_parts(items: &[Item<'_>], second: &str, files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut all: Vec<Item<'_>> = vec![("c1", "c1.xhtml", XHTML, None)];
    all.extend_from_slice(items);
    all.push(("c3", "c3.xhtml", XHTML, None));
    let (c1, c3) = (chapter(1), chapter(3));
    let mut members: Vec<(&str, &[u8])> = vec![("OEBPS/c1.xhtml", &c1), ("OEBPS/c3.xhtml", &c3)];
    members.extend(files.iter().map(|(n, c)| (*n, c.as_slice())));
    book("Parts", &all, &["c1", second, "c3"], &members)
}

fn read(bytes: &[u8]) -> Document {
    epub::parse(bytes).unwrap_or_else(|e| panic!("the book opens: {e}"))
}

fn texts(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind.clone(), doc.block_text(b)))
        .collect()
}

/// What `folio --width 72 BOOK 2>&1` shows: the notices on stderr, then the text.
fn piped(doc: Document) -> String {
    let notices: String = doc
        .meta
        .notices
        .iter()
        .map(|n| format!("folio: {n}\n"))
        .collect();
    format!("{notices}{}", folio::textout::to_string(Arc::new(doc), 72))
}

const JSON: &[u8] = br#"{"quiz": [{"q": "What is raw?", "a": 42}]}"#;

#[test]
fn a_foreign_spine_item_reads_as_its_xhtml_fallback() {
    let bytes = three_parts(
        &[
            ("quiz", "quiz.json", "application/json", Some("quiz-x")),
            ("quiz-x", "quiz.xhtml", XHTML, None),
        ],
        "quiz",
        &[
            ("OEBPS/quiz.json", JSON.to_vec()),
            (
                "OEBPS/quiz.xhtml",
                xhtml("Quiz", "<h1>Quiz</h1><p>What is raw? 42.</p>"),
            ),
        ],
    );
    let doc = read(&bytes);
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
    assert!(!doc.text.contains('{'), "{}", doc.text);
    let headings: Vec<&str> = texts(&doc)
        .into_iter()
        .filter(|(k, _)| *k == BlockKind::Heading { level: 1 })
        .map(|(_, t)| t)
        .collect();
    assert_eq!(headings, ["Part 1", "Quiz", "Part 3"]);
    assert!(doc.text.contains("What is raw? 42."));
    insta::assert_snapshot!("fallback_72", piped(doc));
}

#[test]
fn a_fallback_chain_of_two_is_followed_to_the_first_document_folio_reads() {
    let bytes = three_parts(
        &[
            ("quiz", "quiz.json", "application/json", Some("quiz-bin")),
            ("quiz-bin", "quiz.bin", "application/x-quiz", Some("quiz-x")),
            ("quiz-x", "quiz.xhtml", XHTML, None),
        ],
        "quiz",
        &[
            ("OEBPS/quiz.json", JSON.to_vec()),
            ("OEBPS/quiz.bin", b"\x00\x01\x02".to_vec()),
            (
                "OEBPS/quiz.xhtml",
                xhtml("Quiz", "<p>The quiz, as text.</p>"),
            ),
        ],
    );
    let doc = read(&bytes);
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
    assert!(doc.text.contains("The quiz, as text."), "{}", doc.text);
    assert!(!doc.text.contains("quiz\":"), "{}", doc.text);
}

#[test]
fn a_fallback_cycle_or_a_chain_too_long_ends_and_the_item_is_skipped_with_a_notice() {
    // quiz -> other -> quiz: no document folio reads.
    let cycle = three_parts(
        &[
            ("quiz", "quiz.json", "application/json", Some("other")),
            ("other", "other.json", "application/json", Some("quiz")),
        ],
        "quiz",
        &[
            ("OEBPS/quiz.json", JSON.to_vec()),
            ("OEBPS/other.json", JSON.to_vec()),
        ],
    );
    let doc = read(&cycle);
    assert_eq!(
        doc.meta.notices,
        [
            "Skipped 1 chapter that could not be read: OEBPS/quiz.json (application/json, with no fallback folio reads)."
        ]
    );
    assert!(!doc.text.contains("What is raw"), "{}", doc.text);
    assert!(doc.text.contains("part 1") && doc.text.contains("part 3"));

    // A chain of ten foreign items before the XHTML: past the bound, so not followed.
    let ids: Vec<String> = (0..11).map(|i| format!("f{i}")).collect();
    let hrefs: Vec<String> = (0..11).map(|i| format!("f{i}.json")).collect();
    let mut items: Vec<Item<'_>> = (0..10)
        .map(|i| {
            (
                ids[i].as_str(),
                hrefs[i].as_str(),
                "application/json",
                Some(ids[i + 1].as_str()),
            )
        })
        .collect();
    items.push(("f10", "far.xhtml", XHTML, None));
    let members: Vec<(String, Vec<u8>)> = (0..10)
        .map(|i| (format!("OEBPS/f{i}.json"), JSON.to_vec()))
        .chain([("OEBPS/far.xhtml".to_string(), chapter(9))])
        .collect();
    let members: Vec<(&str, Vec<u8>)> = members
        .iter()
        .map(|(n, c)| (n.as_str(), c.clone()))
        .collect();
    let doc = read(&three_parts(&items, "f0", &members));
    assert!(!doc.text.contains("part 9"), "{}", doc.text);
    assert_eq!(doc.meta.notices.len(), 1, "{:?}", doc.meta.notices);
    assert!(doc.meta.notices[0].contains("OEBPS/f0.json"));
}

#[test]
fn a_foreign_item_with_markup_inside_is_read_and_one_without_is_never_printed_raw() {
    // A chapter published under a wrong media type is still a chapter.
    let bytes = three_parts(
        &[("c2", "c2.xhtml", "text/plain", None)],
        "c2",
        &[("OEBPS/c2.xhtml", chapter(2))],
    );
    let doc = read(&bytes);
    assert!(doc.text.contains("part 2"), "{}", doc.text);
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
    // Audio is not even unpacked; JSON is not shown.
    for (media, content) in [("audio/mpeg", &b"ID3\x03"[..]), ("application/json", JSON)] {
        let bytes = three_parts(
            &[("c2", "c2.dat", media, None)],
            "c2",
            &[("OEBPS/c2.dat", content.to_vec())],
        );
        let doc = read(&bytes);
        assert!(
            !doc.text.contains("raw") && !doc.text.contains("ID3"),
            "{}",
            doc.text
        );
        assert_eq!(
            doc.meta.notices,
            [format!(
                "Skipped 1 chapter that could not be read: OEBPS/c2.dat ({media}, with no fallback folio reads)."
            )]
        );
    }
}

#[test]
fn a_missing_spine_file_is_skipped_and_the_rest_opens() {
    let bytes = three_parts(&[("c2", "ch2.xhtml", XHTML, None)], "c2", &[]);
    let doc = read(&bytes);
    assert_eq!(
        doc.meta.notices,
        ["Skipped 1 chapter that could not be read: OEBPS/ch2.xhtml (missing)."]
    );
    assert_eq!(
        texts(&doc),
        [
            (BlockKind::Title, "Parts"),
            (BlockKind::Heading { level: 1 }, "Part 1"),
            (BlockKind::Paragraph, "The words of part 1 are here."),
            (BlockKind::Heading { level: 1 }, "Part 3"),
            (BlockKind::Paragraph, "The words of part 3 are here."),
        ]
    );
    insta::assert_snapshot!("missing_chapter_72", piped(doc));
}

#[test]
fn many_skipped_items_are_named_up_to_three_then_counted() {
    let names: Vec<String> = (1..=5).map(|i| format!("gone{i}.xhtml")).collect();
    let ids: Vec<String> = (1..=5).map(|i| format!("g{i}")).collect();
    let mut items: Vec<Item<'_>> = (0..5)
        .map(|i| (ids[i].as_str(), names[i].as_str(), XHTML, None))
        .collect();
    items.push(("ok", "ok.xhtml", XHTML, None));
    // A spine item that names no manifest item at all.
    let mut spine: Vec<&str> = vec!["nowhere"];
    spine.extend(ids.iter().map(String::as_str));
    spine.push("ok");
    let ok = chapter(1);
    let doc = read(&book("Gaps", &items, &spine, &[("OEBPS/ok.xhtml", &ok)]));
    assert_eq!(
        doc.meta.notices,
        [
            "Skipped 6 chapters that could not be read: nowhere (not in the manifest), \
          OEBPS/gone1.xhtml (missing), OEBPS/gone2.xhtml (missing), and 3 more."
        ]
    );
    assert!(doc.text.contains("part 1"));
}

#[test]
fn an_unreadable_item_is_skipped_and_the_rest_opens() {
    // Binary bytes where a chapter should be.
    let binary = vec![0u8; 600];
    let bytes = three_parts(
        &[("c2", "c2.xhtml", XHTML, None)],
        "c2",
        &[("OEBPS/c2.xhtml", binary)],
    );
    let doc = read(&bytes);
    assert_eq!(
        doc.meta.notices,
        ["Skipped 1 chapter that could not be read: OEBPS/c2.xhtml (not text)."]
    );
    assert!(doc.text.contains("part 1") && doc.text.contains("part 3"));

    // A member whose local header is damaged (its directory entry is fine).
    let mut bytes = three_parts(
        &[("c2", "c2.xhtml", XHTML, None)],
        "c2",
        &[("OEBPS/c2.xhtml", chapter(2))],
    );
    let name = b"OEBPS/c2.xhtml";
    let at = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("the local header comes first");
    // The local header's signature, 30 bytes before its name.
    bytes[at - 30] = b'X';
    let doc = read(&bytes);
    assert_eq!(
        doc.meta.notices,
        ["Skipped 1 chapter that could not be read: OEBPS/c2.xhtml (damaged)."]
    );
    assert!(!doc.text.contains("part 2"));
    assert!(doc.text.contains("part 1") && doc.text.contains("part 3"));
}

#[test]
fn a_book_with_no_readable_chapter_is_refused_with_each_named() {
    let items: Vec<Item<'_>> = vec![
        ("c1", "c1.xhtml", XHTML, None),
        ("data", "data.json", "application/json", None),
    ];
    let bytes = book(
        "Nothing",
        &items,
        &["c1", "data"],
        &[("OEBPS/data.json", JSON)],
    );
    let err = epub::parse(&bytes).unwrap_err();
    assert!(matches!(err, EpubError::Unreadable(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "is damaged: none of its chapters could be read: OEBPS/c1.xhtml (missing), \
         OEBPS/data.json (application/json, with no fallback folio reads)"
    );
    // An empty spine is a book with no chapters.
    let err = epub::parse(&book("Empty", &items, &[], &[])).unwrap_err();
    assert_eq!(err, EpubError::Empty);
}

/// Comic pages: each spine item is an image.
fn image_spine() -> Vec<u8> {
    let items: Vec<Item<'_>> = vec![
        ("p1", "images/page-001.jpg", "image/jpeg", None),
        ("p2", "images/page-002.png", "image/png", None),
        ("p3", "images/page-003.jpg", "image/jpeg", None),
    ];
    book(
        "Comic",
        &items,
        &["p1", "p2", "p3"],
        &[
            ("OEBPS/images/page-001.jpg", b"\xff\xd8\xff\xe0JFIF"),
            ("OEBPS/images/page-002.png", b"\x89PNG\r\n\x1a\n"),
            ("OEBPS/images/page-003.jpg", b"\xff\xd8\xff\xe0JFIF"),
        ],
    )
}

#[test]
fn an_image_only_spine_opens_and_shows_each_page_by_its_file_name() {
    let doc = read(&image_spine());
    assert_eq!(
        doc.meta.notices,
        ["This book has only pictures: showing their file names."]
    );
    assert_eq!(
        texts(&doc),
        [
            (BlockKind::Title, "Comic"),
            (BlockKind::Paragraph, "[page-001.jpg]"),
            (BlockKind::Paragraph, "[page-002.png]"),
            (BlockKind::Paragraph, "[page-003.jpg]"),
        ]
    );
    // An image with an XHTML fallback is read as its fallback.
    let items: Vec<Item<'_>> = vec![
        ("p1", "p1.jpg", "image/jpeg", Some("p1x")),
        ("p1x", "p1.xhtml", XHTML, None),
    ];
    let text = chapter(1);
    let doc = read(&book(
        "Fallback",
        &items,
        &["p1"],
        &[("OEBPS/p1.jpg", b"\xff\xd8"), ("OEBPS/p1.xhtml", &text)],
    ));
    assert!(doc.text.contains("part 1"), "{}", doc.text);
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
}

/// Picture-book pages: XHTML holding only `<img>`s (with alt text when `alts`).
fn picture_pages(alts: [Option<&str>; 3]) -> Vec<u8> {
    let items: Vec<Item<'_>> = vec![
        ("p1", "p1.xhtml", XHTML, None),
        ("p2", "p2.xhtml", XHTML, None),
        ("p3", "p3.xhtml", XHTML, None),
    ];
    let pages: Vec<Vec<u8>> = alts
        .iter()
        .enumerate()
        .map(|(i, alt)| {
            let alt = alt.map_or(String::new(), |a| format!(" alt=\"{a}\""));
            xhtml(
                &format!("Page {}", i + 1),
                &format!(
                    "<div class=\"page\">&#160;<img src=\"../images/p{}.jpg\"{alt}/></div>",
                    i + 1
                ),
            )
        })
        .collect();
    book(
        "The Fox at Night",
        &items,
        &["p1", "p2", "p3"],
        &[
            ("OEBPS/p1.xhtml", &pages[0]),
            ("OEBPS/p2.xhtml", &pages[1]),
            ("OEBPS/p3.xhtml", &pages[2]),
        ],
    )
}

#[test]
fn pages_holding_only_images_show_their_alt_texts() {
    let doc = read(&picture_pages([
        Some("A fox looks at the moon."),
        Some("The fox runs through the snow."),
        Some("The fox sleeps."),
    ]));
    assert_eq!(
        doc.meta.notices,
        ["This book has only pictures: showing their descriptions."]
    );
    let paragraphs: Vec<&str> = texts(&doc)
        .into_iter()
        .filter(|(k, _)| *k == BlockKind::Paragraph)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(
        paragraphs,
        [
            "A fox looks at the moon.",
            "The fox runs through the snow.",
            "The fox sleeps."
        ]
    );
    insta::assert_snapshot!("picture_book_72", piped(doc));
}

#[test]
fn pages_of_images_without_alt_show_their_file_names() {
    let doc = read(&picture_pages([None, None, None]));
    assert_eq!(
        doc.meta.notices,
        ["This book has only pictures: showing their file names."]
    );
    assert!(
        doc.text.ends_with("[p1.jpg]\n\n[p2.jpg]\n\n[p3.jpg]"),
        "{}",
        doc.text
    );
    let doc = read(&picture_pages([Some("A fox."), None, Some("")]));
    assert_eq!(
        doc.meta.notices,
        ["This book has only pictures: showing their descriptions or file names."]
    );
    assert!(
        doc.text.ends_with("A fox.\n\n[p2.jpg]\n\n[p3.jpg]"),
        "{}",
        doc.text
    );
}

#[test]
fn a_comic_with_a_copyright_page_is_mostly_pictures_and_a_novel_with_a_cover_is_text() {
    let cover = xhtml("Cover", "<img src=\"cover.jpg\" alt=\"The cover\"/>");
    let copyright = xhtml("Rights", "<p>Copyright 2024.</p>");
    let (c1, c2) = (chapter(1), chapter(2));
    let items: Vec<Item<'_>> = vec![
        ("cover", "cover.xhtml", XHTML, None),
        ("rights", "rights.xhtml", XHTML, None),
        ("c1", "c1.xhtml", XHTML, None),
        ("c2", "c2.xhtml", XHTML, None),
    ];
    let files: [(&str, &[u8]); 4] = [
        ("OEBPS/cover.xhtml", &cover),
        ("OEBPS/rights.xhtml", &copyright),
        ("OEBPS/c1.xhtml", &c1),
        ("OEBPS/c2.xhtml", &c2),
    ];
    // A novel: the cover is not shown as text, and nothing is said.
    let novel = read(&book("Novel", &items, &["cover", "c1", "c2"], &files));
    assert!(novel.meta.notices.is_empty(), "{:?}", novel.meta.notices);
    assert!(!novel.text.contains("The cover"), "{}", novel.text);
    // A comic: pages of pictures and one page of text.
    let page = |alt: &str| xhtml("p", &format!("<img src=\"p.jpg\" alt=\"{alt}\"/>"));
    let (p1, p2) = (page("Panel one."), page("Panel two."));
    let items: Vec<Item<'_>> = vec![
        ("cover", "cover.xhtml", XHTML, None),
        ("rights", "rights.xhtml", XHTML, None),
        ("p1", "p1.xhtml", XHTML, None),
        ("p2", "p2.xhtml", XHTML, None),
    ];
    let files: [(&str, &[u8]); 4] = [
        ("OEBPS/cover.xhtml", &cover),
        ("OEBPS/rights.xhtml", &copyright),
        ("OEBPS/p1.xhtml", &p1),
        ("OEBPS/p2.xhtml", &p2),
    ];
    let comic = read(&book(
        "Comic",
        &items,
        &["cover", "rights", "p1", "p2"],
        &files,
    ));
    assert_eq!(
        comic.meta.notices,
        ["This book has mostly pictures: showing their descriptions."]
    );
    assert!(
        comic
            .text
            .contains("The cover\n\nChapter 2\n\nCopyright 2024.\n\nPanel one.\n\nPanel two."),
        "{}",
        comic.text
    );
}

/// Pages drawn in SVG: a drawing, and a page that is a picture inside an SVG frame.
fn svg_book() -> Vec<u8> {
    let drawing = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>x</title><rect width="10" height="10"/></svg>"#;
    let framed = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image width="600" height="800" xlink:href="images/scan-01.jpg"/></svg>"#;
    let items: Vec<Item<'_>> = vec![
        ("d", "drawing.svg", "image/svg+xml", None),
        ("f", "framed.svg", "image/svg+xml", None),
    ];
    book(
        "Drawings",
        &items,
        &["d", "f"],
        &[("OEBPS/drawing.svg", drawing), ("OEBPS/framed.svg", framed)],
    )
}

#[test]
fn an_svg_only_book_opens_and_says_it_is_pictures() {
    let doc = read(&svg_book());
    assert_eq!(
        doc.meta.notices,
        ["This book has only pictures: showing their file names."]
    );
    assert_eq!(
        texts(&doc),
        [
            (BlockKind::Title, "Drawings"),
            (BlockKind::Paragraph, "[drawing.svg]"),
            (BlockKind::Paragraph, "[scan-01.jpg]"),
        ]
    );
}

#[test]
fn a_book_with_no_text_at_all_says_so() {
    let blank = xhtml("Blank", "<div>&#160;</div><hr/>");
    let items: Vec<Item<'_>> = vec![
        ("b1", "b1.xhtml", XHTML, None),
        ("b2", "b2.xhtml", XHTML, None),
    ];
    let bytes = book(
        "Blank Pages",
        &items,
        &["b1", "b2"],
        &[("OEBPS/b1.xhtml", &blank), ("OEBPS/b2.xhtml", &blank)],
    );
    let doc = read(&bytes);
    assert_eq!(doc.meta.notices, [epub::NO_TEXT]);
    assert_eq!(texts(&doc), [(BlockKind::Title, "Blank Pages")]);
    // Without even a title: one notice, not "This article is empty." as well.
    let package =
        common::zip::package("", &items, &["b1", "b2"]).replace("<dc:title></dc:title>", "");
    let mut z = common::zip::Zip::new();
    z.add("mimetype", b"application/epub+zip", None)
        .add(
            "META-INF/container.xml",
            common::zip::OEBPS_CONTAINER.as_bytes(),
            None,
        )
        .add("OEBPS/content.opf", package.as_bytes(), None)
        .add("OEBPS/b1.xhtml", &blank, None)
        .add("OEBPS/b2.xhtml", &blank, None);
    let doc = folio::open::open_bytes(
        &z.finish(),
        Format::Epub,
        Some(std::path::Path::new("blank.epub")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.meta.notices, [epub::NO_TEXT]);
    assert_eq!(doc.meta.title.as_deref(), Some("blank"));
}

/// The real binary on a book with a missing chapter: the text on stdout, the notice on
/// stderr, exit 0; a book of which nothing can be read is refused, exit 1.
#[test]
fn the_binary_prints_the_rest_of_a_damaged_book_and_tells_what_was_skipped() {
    let dir = common::tempdir();
    let path = dir.path().join("parts.epub");
    std::fs::write(
        &path,
        three_parts(&[("c2", "ch2.xhtml", XHTML, None)], "c2", &[]),
    )
    .unwrap();
    let out = common::cli::folio(dir.path())
        .arg("--width")
        .arg("72")
        .arg(&path)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "folio: Skipped 1 chapter that could not be read: OEBPS/ch2.xhtml (missing).\n"
    );
    assert!(stdout.contains("The words of part 1 are here."), "{stdout}");
    assert!(stdout.contains("The words of part 3 are here."), "{stdout}");
    assert!(!stdout.contains("Skipped"), "{stdout}");

    let nothing = dir.path().join("nothing.epub");
    let items: Vec<Item<'_>> = vec![("c1", "c1.xhtml", XHTML, None)];
    std::fs::write(&nothing, book("Nothing", &items, &["c1"], &[])).unwrap();
    let out = common::cli::folio(dir.path())
        .arg(&nothing)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "nothing.epub' is damaged: none of its chapters could be read: OEBPS/c1.xhtml (missing)"
        ),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

/// In the reader, every notice of the book is on the status line when it opens, whether it
/// is opened from the command line or from the library.
#[test]
fn the_reader_shows_the_book_notices_on_the_status_line() {
    use common::app::{draw, rows};
    use folio::app::{App, Msg, update};
    // Two notices: a chapter skipped, and pictures shown by their descriptions.
    let items: Vec<Item<'_>> = vec![
        ("p1", "images/page-001.jpg", "image/jpeg", None),
        ("p2", "images/page-002.jpg", "image/jpeg", None),
    ];
    let bytes = book(
        "Comic",
        &items,
        &["p1", "p2"],
        &[("OEBPS/images/page-001.jpg", b"\xff\xd8")],
    );
    let doc = Arc::new(
        folio::open::open_bytes(&bytes, Format::Epub, None).unwrap_or_else(|e| panic!("{e}")),
    );
    let told = "Skipped 1 chapter that could not be read: OEBPS/images/page-002.jpg (missing). \
                · This book has only pictures: showing their file names.";
    let app = App::with_document(doc.clone(), (80, 24), 72);
    assert_eq!(app.status.message.as_deref(), Some(told));
    let screen = rows(&draw(&app, 80, 24));
    assert!(
        screen[23].starts_with(" Skipped 1 chapter that could not be read"),
        "{screen:#?}"
    );
    assert!(
        screen.iter().any(|r| r.contains("[page-001.jpg]")),
        "{screen:#?}"
    );

    // From the library: the book's notices, then the store's.
    let mut app = App::with_library(Vec::new(), "Library", (80, 24));
    update(
        &mut app,
        Msg::Opened {
            doc,
            record: Box::new(folio::record::Record::new("book".into())),
            read_only: false,
            notices: vec!["Changes are kept in memory only.".into()],
        },
    );
    assert_eq!(
        app.status.message.as_deref(),
        Some(format!("{told} · Changes are kept in memory only.").as_str())
    );
}
