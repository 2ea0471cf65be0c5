//! Extraction as publishers make pages (issue 15): CJK articles come out whole, a wrapper
//! named like an ad never takes the article with it, a wrong charset declaration does not win
//! over valid UTF-8, and docs pages lose their clutter (permalink marks, site names in titles)
//! and keep field lists as lines. The fixtures under `tests/fixtures/html/` are written for
//! these tests (no real pages).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_kept, assert_left_out};
use std::sync::Arc;

use folio::document::{BlockKind, Document};
use folio::format::Format;
use folio::format::html;
use folio::textout;

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap()
}

/// Opens a fixture as the reader does (charset, decoding, parsing).
fn open(name: &str) -> Document {
    folio::open::open_bytes(&fixture_bytes(name), Format::Html, None).unwrap()
}

/// The text of every paragraph of a fixture's article (one `<p>` a line, before the sidebar),
/// tags stripped.
fn paragraphs(name: &str) -> Vec<String> {
    let src = String::from_utf8(fixture_bytes(name)).unwrap();
    let article = src.split("sphinxsidebar").next().unwrap();
    article
        .lines()
        .filter(|l| l.starts_with("<p>"))
        .map(|l| {
            let mut out = String::new();
            let mut in_tag = false;
            for c in l.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => out.push(c),
                    _ => {}
                }
            }
            out
        })
        .collect()
}

const DOCS_JUNK: &[&str] = &[
    "SIDEBAR-SOURCE-LINK",
    "FOOTER-COPYRIGHT-TEXT",
    "Quick search",
    "快速搜索",
    "上一个主题",
    "Previous topic",
];

#[test]
fn chinese_docs_chapter_comes_out_whole_without_its_sidebar() {
    let doc = open("cjk_docs.html");
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
    let paras = paragraphs("cjk_docs.html");
    assert_eq!(paras.len(), 14);
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    assert_kept(&doc, &refs);
    assert_left_out(&doc, DOCS_JUNK);
    // The padding that weighs CJK text for Readability never reaches the reader.
    assert!(!doc.text.contains(['\u{FDD0}', '\u{FDD1}']));
    assert!(doc.text.contains("读取、整理和发送。"));
    assert!(doc.text.contains("# beacon.conf 示例"));
}

#[test]
fn the_same_chapter_in_english_comes_out_whole_too() {
    let doc = open("cjk_docs_en.html");
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
    let paras = paragraphs("cjk_docs_en.html");
    assert_eq!(paras.len(), 14);
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    assert_kept(&doc, &refs);
    assert_left_out(&doc, DOCS_JUNK);
}

#[test]
fn a_wrapper_named_ad_portal_keeps_the_article() {
    let doc = open("ad_portal.html");
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
    assert_kept(
        &doc,
        &[
            "When the light on Gannet Point was automated",
            "What I miss is having a job that mattered",
            "the eggs of a very patient hen.",
        ],
    );
    // The ad boxes inside the wrapper still go, and so do the menu and the footer.
    assert_left_out(
        &doc,
        &[
            "AD-BANNER-TEXT",
            "AD-INLINE-TEXT",
            "MENU-LOCAL",
            "MENU-ABOUT",
            "FOOTER-TEXT",
        ],
    );
}

#[test]
fn golden_piped_output_at_72_columns() {
    for name in [
        "cjk_docs.html",
        "cjk_docs_en.html",
        "ad_portal.html",
        "utf8_declared_gb2312.html",
        "docs_howto.html",
    ] {
        let out = textout::to_string(Arc::new(open(name)), 72);
        insta::assert_snapshot!(format!("extract_{}_72", name.replace('.', "_")), out);
    }
}

#[test]
fn bodies_are_parsed_by_the_library_directly_too() {
    let text = String::from_utf8(fixture_bytes("cjk_docs.html")).unwrap();
    let doc = html::parse(&text);
    assert!(texts(&doc, BlockKind::Heading { level: 2 }).len() >= 4);
}

fn texts(doc: &Document, kind: BlockKind) -> Vec<&str> {
    doc.blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| doc.block_text(b))
        .collect()
}

#[test]
fn utf8_bytes_declared_gb2312_are_read_as_utf8() {
    let bytes = fixture_bytes("utf8_declared_gb2312.html");
    assert_eq!(html::charset(&bytes).as_deref(), Some("gb2312"));
    let doc = open("utf8_declared_gb2312.html");
    assert_eq!(doc.meta.encoding, "UTF-8");
    assert_eq!(doc.meta.title.as_deref(), Some("老码头的钟楼重新敲响"));
    assert_kept(
        &doc,
        &[
            "停了整整十二年之后，老码头边上的钟楼在上周六的傍晚重新敲响了。",
            "最后是在一本旧账簿的夹页里找到的。”",
            "参观者可以看到正在运转的机芯。",
        ],
    );
    assert_left_out(&doc, &["FOOTER-TEXT"]);
    assert!(!doc.meta.notices.iter().any(|n| n.contains("guessed")));
}

#[test]
fn gb2312_bytes_declared_gb2312_still_read_right() {
    let text = String::from_utf8(fixture_bytes("utf8_declared_gb2312.html")).unwrap();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let doc = folio::open::open_bytes(&bytes, Format::Html, None).unwrap();
    assert_eq!(doc.meta.encoding, "GBK");
    assert_kept(
        &doc,
        &["钟楼建于上个世纪初，原本是为了给进出港口的船只报时。"],
    );
}

#[test]
fn docs_page_loses_permalinks_and_site_name_and_keeps_fields_as_lines() {
    let doc = open("docs_howto.html");
    assert!(doc.meta.notices.is_empty(), "{:?}", doc.meta.notices);
    assert_eq!(doc.meta.title.as_deref(), Some("Tide Tables HOWTO"));
    assert!(!doc.text.contains(['¶', '#']), "{}", doc.text);
    let headings: Vec<_> = (2..=3)
        .flat_map(|level| texts(&doc, BlockKind::Heading { level }))
        .collect();
    assert_eq!(headings, ["Introduction", "Reading tables", "Terms"]);
    let lines = texts(&doc, BlockKind::Lines);
    assert_eq!(
        lines,
        [
            "Author: R. T. Penhallow\nRelease: 0.7",
            "Place: Saltmere Quay\nDatum: Chart datum, lowest astronomical tide",
        ]
    );
    // Long definitions: the term a paragraph of its own, the definition indented under it.
    let term = doc
        .blocks
        .iter()
        .find(|b| doc.block_text(b) == "Spring tide")
        .unwrap();
    assert!(term.spans.iter().any(|s| s.style.strong));
    let definition = doc
        .blocks
        .iter()
        .find(|b| doc.block_text(b).starts_with("The larger tides"))
        .unwrap();
    assert_eq!(definition.list.as_ref().map(|l| l.depth), Some(1));
    assert_left_out(&doc, &["NAV-INDEX", "SIDEBAR-CONTENTS-LINK", "FOOTER-TEXT"]);
}

#[test]
fn chinese_docs_title_loses_the_site_named_by_the_home_link() {
    let doc = open("cjk_docs.html");
    assert_eq!(doc.meta.title.as_deref(), Some("配置与数据流"));
    assert!(!doc.text.contains('¶'));
    let doc = open("cjk_docs_en.html");
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Configuration and data flow")
    );
}

/// A long Chinese chapter of nested sections (as documentation generators write them), with
/// a link in every paragraph and a sidebar of links: every paragraph comes out, in order.
#[test]
fn long_chinese_chapter_of_nested_sections_comes_out_whole() {
    let mut body = String::new();
    for s in 1..=12 {
        body.push_str(&format!("<section id=\"s{s}\"><h2>第{s}节</h2>"));
        for p in 1..=8 {
            body.push_str(&format!(
                "<p>第{s}节第{p}段：灯塔把记录交给<a href=\"/x/{p}\">输出端</a>之前，先按照规则\
                 过滤、合并和改写；队列的长度决定了内存占用的上限，也决定了等待多久。</p>"
            ));
            if p == 4 {
                body.push_str(&format!(
                    "<section id=\"s{s}-sub\"><h3>小节</h3><p>第{s}节的小节说明磁盘缓冲。</p></section>"
                ));
            }
        }
        body.push_str("</section>");
    }
    let page = format!(
        "<html lang=\"zh\"><head><title>长文</title></head><body>\
         <div role=\"navigation\"><a href=\"/\">首页</a></div>\
         <div class=\"body\" role=\"main\"><section id=\"top\"><h1>长文</h1>{body}</section></div>\
         <div class=\"sphinxsidebar\"><ul><li><a href=\"#a\">SIDEBAR-一</a></li>\
         <li><a href=\"#b\">SIDEBAR-二</a></li></ul></div>\
         <div class=\"footer\">FOOTER-版权</div></body></html>"
    );
    let doc = html::parse(&page);
    let mut at = 0;
    for s in 1..=12 {
        for p in 1..=8 {
            let needle = format!("第{s}节第{p}段：");
            let found = doc.text[at..].find(&needle);
            assert!(found.is_some(), "missing or out of order: {needle}");
            at += found.unwrap_or(0);
        }
    }
    assert_left_out(&doc, &["SIDEBAR-", "FOOTER-"]);
}
