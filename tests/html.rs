//! HTML pages -> Document: article extraction (dom_smoothie), the fallback for pages without
//! an article, charsets, deep nesting and golden plain text. The fixtures under
//! `tests/fixtures/html/` are written for these tests (no real pages).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_kept, assert_left_out};

use common::pathological::{nested_divs, unclosed_quoted_lists};
use std::sync::Arc;
use std::time::Instant;

use folio::document::{BlockKind, Document};
use folio::format::html;
use folio::textout;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    folio::decode::decode(&bytes).unwrap().text
}

fn texts(doc: &Document, kind: BlockKind) -> Vec<&str> {
    doc.blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| doc.block_text(b))
        .collect()
}

#[test]
fn news_article_is_extracted_without_boilerplate() {
    let src = fixture("news.html");
    assert!(html::looks_like_html(&src));
    let doc = html::parse(&src);
    let paragraphs = [
        "For the first time in ninety years, the wheel of the old tide mill",
        "The mill was built in 1794 to grind grain",
        "“We were told it could not be done,” said Tomas Brennick",
        "Carpenters shaped new gear teeth from apple wood",
        "The restored mill will open to visitors in June.",
        "Engineers from the regional university have fitted sensors",
        "invites anyone with old photographs of the site to get in touch.",
        "A tide mill is a clock as much as a machine",
        "the sluice gate and its original iron hinges,",
        "the wheel, now four metres across,",
        "a small exhibition on the millers who worked there.",
    ];
    assert_kept(&doc, &paragraphs);
    assert_left_out(
        &doc,
        &[
            "TRACKING-SCRIPT-TEXT",
            "COOKIE-BANNER-TEXT",
            "Accept all",
            "NAV-NEWS-LINK",
            "NAV-SPORT-LINK",
            "NAV-WEATHER-LINK",
            "NAV-SUBSCRIBE-LINK",
            "ADVERTISEMENT-BOX-TEXT",
            "Most read",
            "MOST-READ-ONE",
            "MOST-READ-TWO",
            "MOST-READ-THREE",
            "FOOTER-COPYRIGHT-TEXT",
            "height:250px",
        ],
    );
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Harbour town rebuilds its tide mill")
    );
    assert_eq!(doc.meta.author.as_deref(), Some("Mira Castellane"));
    assert_eq!(doc.meta.language.as_deref(), Some("en-GB"));
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
    // Title first, then the byline; the headline is not repeated.
    assert_eq!(doc.blocks[0].kind, BlockKind::Title);
    assert_eq!(doc.blocks[1].kind, BlockKind::Byline);
    assert_eq!(texts(&doc, BlockKind::Title).len(), 1);
    assert!(
        !texts(&doc, BlockKind::Paragraph)
            .iter()
            .any(|p| p.contains("Harbour town rebuilds"))
    );
    // Structure: a quote, a three-item list, emphasis, strong and a link.
    assert!(doc.blocks.iter().any(|b| b.quote_depth == 1));
    let items: Vec<_> = doc.blocks.iter().filter_map(|b| b.list.as_ref()).collect();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|m| m.marker.as_deref() == Some("•")));
    let styles: Vec<_> = doc.blocks.iter().flat_map(|b| &b.spans).collect();
    assert!(styles.iter().any(|s| s.style.emphasis));
    assert!(styles.iter().any(|s| s.style.strong));
    assert!(styles.iter().any(|s| s.style.link.is_some()));
    assert!(
        doc.meta
            .links
            .iter()
            .any(|l| l == "https://example.org/saltmere-trust")
    );
    assert!(!doc.text.chars().any(folio::decode::is_forbidden));
}

#[test]
fn blog_keeps_its_headings_and_quote() {
    let doc = html::parse(&fixture("blog.html"));
    assert_eq!(
        texts(&doc, BlockKind::Heading { level: 2 }),
        [
            "Langsamer denken",
            "Papier vergisst nichts",
            "Was man braucht"
        ]
    );
    let quote: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| b.quote_depth == 1)
        .map(|b| doc.block_text(b))
        .collect();
    assert_eq!(
        quote,
        [
            "Schreiben ist Denken mit der Hand – wer die Hand beschleunigt, überholt leicht den Gedanken."
        ]
    );
    assert_eq!(doc.meta.language.as_deref(), Some("de"));
    assert_eq!(doc.meta.author.as_deref(), Some("Jonas Feldhaus"));
    assert_eq!(doc.blocks[0].kind, BlockKind::Title);
    assert_left_out(&doc, &["BLOG-FOOTER-TEXT", "Archiv", "Über mich"]);
    assert!(doc.text.contains("Papier, das nicht durchschlägt."));
}

#[test]
fn windows_1252_page_declared_by_meta_charset() {
    let page = "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"windows-1252\">\
        <title>Grüße aus Köln</title></head><body><article><h1>Grüße aus Köln</h1>\
        <p>Die Straßenbahn fährt über die Brücke, während die Möwen über dem Fluss kreisen \
        und die Händler am Ufer ihre Stände für den Markt öffnen. Es ist früh, die Luft ist \
        kühl, und aus der Bäckerei an der Ecke duftet es nach frischen Brötchen.</p>\
        <p>Später füllt sich der Platz vor dem Dom mit Besuchern aus aller Welt, die Fotos \
        machen, Postkarten schreiben und auf die Glocken warten, die zur vollen Stunde \
        läuten und über die ganze Altstadt hinweg zu hören sind.</p></article></body></html>";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(page);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the bytes must not be UTF-8"
    );
    let label = html::charset(&bytes);
    assert_eq!(label.as_deref(), Some("windows-1252"));
    let decoded = folio::decode::decode_with(&bytes, &label.unwrap_or_default()).unwrap();
    assert_eq!(decoded.encoding, "windows-1252");
    let doc = html::parse(&decoded.text);
    assert_eq!(doc.meta.title.as_deref(), Some("Grüße aus Köln"));
    assert!(doc.text.contains("Die Straßenbahn fährt über die Brücke"));
    assert!(doc.text.contains("Möwen"));
}

#[test]
fn page_without_article_shows_the_page_with_a_notice() {
    let doc = html::parse(&fixture("links.html"));
    assert_eq!(doc.meta.notices, [html::NO_ARTICLE_NOTICE]);
    assert_kept(
        &doc,
        &["Tide tables", "Ferry times", "Museum opening hours"],
    );
    assert_left_out(
        &doc,
        &[
            "HOME-NAV-LINK",
            "COOKIE-NOTE-TEXT",
            "FORM-TEXT",
            "ADS-TEXT",
            "FOOTER-TEXT",
        ],
    );
    assert_eq!(doc.meta.title.as_deref(), Some("Useful links"));
    assert_eq!(doc.meta.links.len(), 3);
}

#[test]
fn hundred_thousand_nested_divs_do_not_overflow() {
    let n = 100_000;
    let page = nested_divs(n);
    // On a thread with the default test stack (2 MB): no big stack is needed. (How long the
    // two pages take is the bench `html_deep_nesting` in benches/engine.rs.)
    let doc = std::thread::spawn(move || html::parse(&page))
        .join()
        .unwrap();
    assert!(
        doc.text
            .contains("Deep inside the nest there is one sentence.")
    );
    // Unclosed deep nesting too, with blockquotes and lists.
    // (html5ever's list-item handling is linear in the open elements: about 2 s in debug.)
    let page = unclosed_quoted_lists(30_000);
    let doc = std::thread::spawn(move || html::parse(&page))
        .join()
        .unwrap();
    assert!(doc.text.contains("end"));
    assert!(doc.blocks.iter().all(|b| b.quote_depth <= 8));
}

#[test]
fn golden_plain_text_at_72_columns() {
    for name in ["news.html", "blog.html"] {
        let doc = Arc::new(html::parse(&fixture(name)));
        let out = textout::to_string(doc, 72);
        insta::assert_snapshot!(format!("html_{}_72", name.replace('.', "_")), out);
    }
}

/// A generated ~1 MB article page: run with
/// `cargo test --release --test html -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_one_megabyte_page() {
    let mut page = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Long read</title></head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>Long read</h1>",
    );
    let mut i = 0;
    while page.len() < 1_000_000 {
        i += 1;
        if i % 20 == 0 {
            page.push_str(&format!("<h2>Section {i}</h2>"));
        }
        page.push_str(&format!(
            "<p>Paragraph {i}: the tide came in over the flats, <em>slowly</em> at first and \
             then all at once, filling the channels and lifting the moored boats until they \
             swung on their ropes. <a href=\"/p/{i}\">More</a> about the harbour and the \
             <strong>mill</strong> that stood beside it for two hundred years.</p>"
        ));
    }
    page.push_str("</article><footer>Footer</footer></body></html>");
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let doc = html::parse(&page);
        times.push(started.elapsed());
        assert!(doc.text.len() > 500_000);
    }
    times.sort();
    println!(
        "1 MB page ({} bytes): median {:?}, all {times:?}",
        page.len(),
        times[times.len() / 2]
    );
}
