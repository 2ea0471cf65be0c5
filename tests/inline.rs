//! What the converters used to drop or mangle inside an article (issue 15): mathematics,
//! superscripts and subscripts, SVG text, `<object>` fallbacks, ruby, floated line numbers,
//! images without alt text and README badges; in web pages and in EPUB chapters alike. The
//! fixtures under `tests/fixtures/html/` and `tests/fixtures/markdown/` are written for these
//! tests (no real pages).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_kept, assert_left_out};

use std::sync::Arc;

use common::zip::one_chapter;
use folio::document::Document;
use folio::format::{epub, html, markdown};
use folio::textout;

fn fixture(path: &str) -> String {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    folio::decode::decode(&bytes).unwrap().text
}

fn piped(doc: Document) -> String {
    textout::to_string(Arc::new(doc), 72)
}

#[test]
fn golden_pages_at_72_columns() {
    for name in ["math", "scripts", "svg", "object", "ruby", "poem", "icons"] {
        let doc = html::parse(&fixture(&format!("html/{name}.html")));
        insta::assert_snapshot!(format!("inline_{name}_html_72"), piped(doc));
    }
}

#[test]
fn mathematics_leaves_no_holes() {
    let doc = html::parse(&fixture("html/math.html"));
    assert_kept(
        &doc,
        &[
            "on the xy-plane",
            "in common, (1, 2), which",
            "is x², and",
            "x₁, x_i and aₙ²",
            "(a+b)/2 is the mean, √x and √(x+1)",
            "∛y",
            "(1 2; 3 4)",
            "E = mc²",
            "\\sqrt{2} is the diagonal",
            "The parabola y = x² opens",
            "a^{2}+b^{2}=c^{2} is the theorem",
        ],
    );
    // Display math is a block of its own; the MediaWiki equation shows once.
    assert!(
        doc.blocks
            .iter()
            .any(|b| doc.block_text(b) == "∑_(i=1)ⁿ i = n(n + 1)/2")
    );
    assert_left_out(&doc, &["displaystyle", "y=x^{2}"]);
}

#[test]
fn superscripts_keep_their_meaning() {
    let doc = html::parse(&fixture("html/scripts.html"));
    assert_kept(
        &doc,
        &[
            "from −(2⁷) to 2⁷ − 1",
            "H₂O",
            "CO₂",
            "x_i",
            "2^k and 2ⁿ⁺¹",
            "πr²",
            "read.[1]",
            "The 1st of May was the 21st",
            "come.[2]",
        ],
    );
    // The footnote mark is still a link.
    let link = &doc.meta.links;
    assert!(link.iter().any(|l| l == "#fn1"), "{link:?}");
}

#[test]
fn svg_text_object_fallbacks_and_images_without_alt_are_read() {
    let svg = html::parse(&fixture("html/svg.html"));
    assert_kept(
        &svg,
        &[
            "The keeper climbed the hundred steps every evening at dusk.",
            "Ships passed in the night",
            "A map of the coast",
        ],
    );
    assert_left_out(&svg, &["Page 12"]);
    let object = html::parse(&fixture("html/object.html"));
    assert_kept(&object, &["Question 1: How many", "Caption: the harbour"]);
    assert_left_out(&object, &["does not support"]);
    let icons = html::parse(&fixture("html/icons.html"));
    assert_kept(
        &icons,
        &["[check.png] | [cross.png]", "[image]", "[harbour.jpg]"],
    );
    assert_left_out(&icons, &["flourish", "spacer.gif"]);
}

#[test]
fn ruby_readings_in_parentheses_and_line_numbers_set_apart() {
    let ruby = html::parse(&fixture("html/ruby.html"));
    assert_kept(
        &ruby,
        &[
            "山路(やまみち)を登りながら",
            "窮屈(きゅうくつ)だ",
            "漢字(かんじ)",
        ],
    );
    assert_left_out(&ruby, &["山路やまみち", "（", "かな(かな)"]);
    let poem = html::parse(&fixture("html/poem.html"));
    assert_kept(
        &poem,
        &[
            "sun,\u{2007}\u{2007}\u{2007}80\n",
            "slate,\u{2007}\u{2007}\u{2007}82\n",
            "the gate\u{2007}\u{2007}\u{2007}84",
        ],
    );
    assert_left_out(&poem, &["gate84", "82The"]);
}

#[test]
fn readme_badges_are_dropped_at_the_top_only() {
    let doc = markdown::parse(&fixture("markdown/readme_badges.md"));
    assert_left_out(&doc, &["PyPI version", "Downloads", "codecov", "License"]);
    assert_kept(
        &doc,
        &["Screenshot", "tidewatch predicts", "Build status is how"],
    );
    insta::assert_snapshot!("inline_readme_badges_md_72", piped(doc));
}

const BOOK_CHAPTER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xmlns:m="http://www.w3.org/1998/Math/MathML">
<head><title>Chapter</title></head>
<body>
<h1>Lines and Readings</h1>
<p>The line <m:math><m:mi>y</m:mi><m:mo>=</m:mo><m:mn>2</m:mn><m:mi>x</m:mi><m:mo>+</m:mo><m:mn>1</m:mn></m:math> meets the curve <math xmlns="http://www.w3.org/1998/Math/MathML"><msup><mi>x</mi><mn>2</mn></msup></math> twice.</p>
<p>Switched: <epub:switch><epub:case required-namespace="http://www.w3.org/1998/Math/MathML"><math><mfrac><mn>1</mn><mn>2</mn></mfrac></math></epub:case><epub:default><img src="half.png" alt="one half"/></epub:default></epub:switch> of the cake.</p>
<p>Copied from an encyclopedia: <span><span style="display:none"><math alttext="{\displaystyle z^{3}}"><msup><mi>z</mi><mn>3</mn></msup></math></span><img src="z3.svg" alt="{\displaystyle z^{3}}" aria-hidden="true"/></span> grows fast.</p>
<p>A byte holds 2<sup>8</sup> values; water is H<sub>2</sub>O.<a epub:type="noteref" href="notes.xhtml#n1"><sup>1</sup></a></p>
<svg xmlns="http://www.w3.org/2000/svg"><text x="10" y="20"><tspan x="10">The words of a</tspan><tspan x="10" dy="20">fixed page.</tspan></text></svg>
<object data="quiz.js"><p>Which tide comes first?</p></object>
<p><ruby>山路<rp>(</rp><rt>やまみち</rt><rp>)</rp></ruby>を登りながら</p>
<p>The last bees drowsing in the fading sun<span class="linenum">80</span><br/>The meadow quiet now</p>
<table><tr><td>Pages</td><td><img src="img/check.png"/></td></tr></table>
<video src="v.mp4">Your reading system cannot play this video.</video>
</body></html>"#;

#[test]
fn epub_chapters_read_inside_the_article_as_web_pages_do() {
    let bytes = one_chapter(
        "c1.xhtml",
        Some(("c1.xhtml", BOOK_CHAPTER.as_bytes(), None)),
    );
    let doc = epub::parse(&bytes).expect("small EPUB reads");
    assert_kept(
        &doc,
        &[
            "The line y = 2x + 1 meets the curve x² twice.",
            "Switched: 1/2 of the cake.",
            "encyclopedia: z³ grows fast.",
            "2⁸ values; water is H₂O.[1]",
            "The words of a fixed page.",
            "Which tide comes first?",
            "山路(やまみち)を登りながら",
            "fading sun\u{2007}\u{2007}\u{2007}80\nThe meadow",
            "[check.png]",
        ],
    );
    assert_left_out(&doc, &["one half", "z^{3}", "cannot play"]);
    insta::assert_snapshot!("inline_epub_chapter_72", piped(doc));
}
