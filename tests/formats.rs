//! End-to-end tests of the plain-text and Markdown parsers: realistic small articles in,
//! blocks, metadata and spans out; and properties that must hold for any input.

use folio::document::{BlockKind, Document, ListMark, Style};
use folio::format::{Format, markdown, plain};
use proptest::prelude::*;

fn kinds(doc: &Document) -> Vec<BlockKind> {
    doc.blocks.iter().map(|b| b.kind.clone()).collect()
}

fn texts(doc: &Document) -> Vec<&str> {
    doc.blocks.iter().map(|b| doc.block_text(b)).collect()
}

/// Checks the document invariants every later stage relies on.
fn check_invariants(doc: &Document) {
    let mut prev_end = 0;
    for b in &doc.blocks {
        assert!(b.range.start <= b.range.end, "{b:?}");
        assert!(b.range.end <= doc.text.len(), "{b:?}");
        assert!(b.range.start >= prev_end, "blocks overlap: {b:?}");
        assert!(doc.text.is_char_boundary(b.range.start), "{b:?}");
        assert!(doc.text.is_char_boundary(b.range.end), "{b:?}");
        prev_end = b.range.end;
        let text = doc.block_text(b);
        assert_eq!(text.is_empty(), b.kind == BlockKind::Rule, "{b:?}");
        assert!(b.quote_depth <= 8, "{b:?}");
        if let Some(list) = &b.list {
            assert!((1..=8).contains(&list.depth), "{b:?}");
        }
        let mut span_end = 0;
        for s in &b.spans {
            assert!(s.range.start < s.range.end, "{b:?}");
            assert!(s.range.start >= span_end, "spans overlap: {b:?}");
            assert!(s.range.end <= text.len(), "span outside block: {b:?}");
            assert!(text.is_char_boundary(s.range.start), "{b:?}");
            assert!(text.is_char_boundary(s.range.end), "{b:?}");
            assert!(!s.style.is_plain());
            if let Some(link) = s.style.link {
                assert!((link as usize) < doc.meta.links.len(), "{b:?}");
            }
            span_end = s.range.end;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Plain text

const ZEITUNG: &str = "\
Ebersmühl baut gegen das Hochwasser

Drei Jahre nach der Überschwemmung hat der Gemeinderat den Bau eines Rückhaltebeckens beschlossen. Doch nicht alle sind mit den Plänen einverstanden.

Von Jana Weber, Lindau

Es war eine lange Sitzung im Großen Saal des Rathauses, und als der Bürgermeister kurz nach halb elf das Ergebnis verkündete, war im Publikum kaum ein Laut zu hören.

„Wir haben in dieser Nacht erlebt, wie schnell aus einem friedlichen Bach eine reißende Gefahr werden kann. Wer heute dagegen stimmt, muss das den Leuten erklären.“

Mit diesen Worten hatte der Bürgermeister die Debatte eröffnet. Der 58-Jährige hat das Projekt zu seinem wichtigsten Anliegen gemacht.
";

#[test]
fn german_news_article() {
    let doc = plain::parse(ZEITUNG);
    check_invariants(&doc);
    assert_eq!(
        kinds(&doc),
        [
            BlockKind::Title,
            BlockKind::Paragraph,
            BlockKind::Byline,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
        ]
    );
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Ebersmühl baut gegen das Hochwasser")
    );
    assert_eq!(doc.meta.author.as_deref(), Some("Jana Weber"));
    assert_eq!(doc.meta.language, None);
    let depths: Vec<u8> = doc.blocks.iter().map(|b| b.quote_depth).collect();
    assert_eq!(depths, [0, 0, 0, 0, 1, 0]);
    assert_eq!(texts(&doc)[2], "Von Jana Weber, Lindau");
    assert!(texts(&doc)[4].starts_with("„Wir haben"));
    assert!(doc.meta.notices.is_empty());
}

/// A letter hard-wrapped at 72 columns, with a poem of two stanzas and a table indented by
/// four spaces.
const HARDWRAPPED: &str = "\
Winter Letter from the Beekeepers

By Edmund Carrow

Dear friends and fellow keepers, this is the winter letter, which means
it comes to you late, as it does every year, and for the usual reasons.
The secretary's typewriter has once again developed a fondness for the
letter e that it does not extend to any other letter, and a well-
known remedy did not help.

For the benefit of newer members, here in brief are the figures for the
year. The honey weights are approximate, since not everyone weighs
carefully, and one member reported his crop as a good few jars.

    Colonies into winter .....................   41
    Colonies alive in spring .................   34
    Summer honey, all members ................  612 lb

Bream also wrote verses, which not many people know. He showed very few
of them to anyone, and after he died his daughter found a small notebook
of them in the drawer of his workbench. It goes like this:

Under the snow the hive is still,
A held breath in the frost.
Somewhere inside, a cluster slowly turns
Its small sun, nothing lost.

Wait for the willow,
Wait for the first warm stone,
And the door will open on a morning
You did not know was coming home.

I will not pretend it is great poetry, and I do not think Nathaniel
would have pretended so either. But I have read it many times since his
daughter sent it, and I find that it says something about the winter.
";

#[test]
fn hard_wrapped_letter_with_poem_and_table() {
    let doc = plain::parse(HARDWRAPPED);
    check_invariants(&doc);
    assert_eq!(
        kinds(&doc),
        [
            BlockKind::Title,
            BlockKind::Byline,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Lines,
            BlockKind::Paragraph,
            BlockKind::Lines,
            BlockKind::Lines,
            BlockKind::Paragraph,
        ]
    );
    assert_eq!(doc.meta.author.as_deref(), Some("Edmund Carrow"));
    let t = texts(&doc);
    // Prose is unwrapped into one line; the line-final hyphen is kept without a space.
    for i in [2, 3, 5, 8] {
        assert!(!t[i].contains('\n'), "{}", t[i]);
    }
    assert!(t[2].contains("which means it comes to you late"));
    assert!(t[2].ends_with("a well-known remedy did not help."));
    // The table keeps its lines, without the common indentation.
    assert_eq!(
        t[4],
        "Colonies into winter .....................   41\n\
         Colonies alive in spring .................   34\n\
         Summer honey, all members ................  612 lb"
    );
    // Each stanza keeps its line breaks.
    assert_eq!(
        t[6],
        "Under the snow the hive is still,\nA held breath in the frost.\n\
         Somewhere inside, a cluster slowly turns\nIts small sun, nothing lost."
    );
    assert_eq!(t[7].lines().count(), 4);
}

#[test]
fn text_with_one_line_per_paragraph() {
    let text = "The Long Line\n\n\
        This file was written in an editor that does not wrap, so every paragraph is a single long line of text, as most text files written today are.\n\n\
        The second paragraph is another long line. It says little, but it says it at length, to be sure that the reader sees it as prose and nothing else.\n\n\
        A short one.\n\n\
        And a third long paragraph that closes the article, again on one line, with no hard wrapping anywhere in it at all.";
    let doc = plain::parse(text);
    check_invariants(&doc);
    assert_eq!(
        kinds(&doc),
        [
            BlockKind::Title,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
        ]
    );
    assert_eq!(texts(&doc)[3], "A short one.");
}

#[test]
fn plain_empty_text() {
    let doc = Format::Plain.parse("  \n\n ");
    assert!(doc.blocks.is_empty());
    assert_eq!(doc.meta.notices, ["This article is empty."]);
}

// ---------------------------------------------------------------------------------------------
// Markdown

const ESSAY: &str = r#"---
title: "The Tide Clocks"
author: Honora Vell
lang: en
---

# The Tide Clocks

On the north wall there is a clock with *one hand*, painted **High** at the top,
with `set by eye` in the log and a [table of tides](https://example.org/tides).
Nested: **strong *and em [link](https://example.org/n)***.

## The makers

![A brass tide clock](clock.png) A ledger says <em>four pound</em> and a <span>barrel</span>.

<div class="aside">
  <p>Aside &amp; more</p>
</div>

> "A timetable tells you what is supposed to happen."
>
> - the clock
> - the water
>   1. rising
>   2. falling
>
> > A nested quote.

---

### Steps

1. Find the hand.

   Then look again.
2. Check the date.
   - new moon
   - full moon

```
+6 min, wind SW
-11, storm surge
```

## After the keeper

Last words.
"#;

#[test]
fn markdown_essay() {
    let doc = markdown::parse(ESSAY);
    check_invariants(&doc);
    assert_eq!(doc.meta.title.as_deref(), Some("The Tide Clocks"));
    assert_eq!(doc.meta.author.as_deref(), Some("Honora Vell"));
    assert_eq!(doc.meta.language.as_deref(), Some("en"));
    assert!(!doc.text.contains("title:"), "front matter is not shown");
    assert!(!doc.text.contains('<'), "raw HTML is not shown");
    assert!(!doc.text.contains("clock.png"), "image URLs are not shown");

    let h = |level| BlockKind::Heading { level };
    let kinds = kinds(&doc);
    assert_eq!(kinds[0], BlockKind::Title);
    assert_eq!(
        kinds
            .iter()
            .filter(|k| matches!(k, BlockKind::Title))
            .count(),
        1
    );
    let headings: Vec<(&BlockKind, &str)> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .map(|b| (&b.kind, doc.block_text(b)))
        .collect();
    assert_eq!(
        headings,
        [
            (&h(2), "The makers"),
            (&h(3), "Steps"),
            (&h(2), "After the keeper")
        ]
    );

    // Spans in the first paragraph, checked through their text.
    let p = &doc.blocks[1];
    let pt = doc.block_text(p);
    assert!(pt.starts_with("On the north wall there is a clock with one hand, painted High"));
    let styled: Vec<(&str, Style)> = p
        .spans
        .iter()
        .map(|s| (&pt[s.range.clone()], s.style))
        .collect();
    let em = Style {
        emphasis: true,
        ..Style::default()
    };
    let strong = Style {
        strong: true,
        ..Style::default()
    };
    let code = Style {
        code: true,
        ..Style::default()
    };
    let link = |i| Style {
        link: Some(i),
        ..Style::default()
    };
    assert_eq!(
        styled,
        [
            ("one hand", em),
            ("High", strong),
            ("set by eye", code),
            ("table of tides", link(0)),
            ("strong", strong),
            (
                "and em",
                Style {
                    emphasis: true,
                    ..strong
                }
            ),
            (
                "link",
                Style {
                    emphasis: true,
                    strong: true,
                    link: Some(1),
                    ..Style::default()
                }
            ),
        ]
    );
    assert_eq!(
        doc.meta.links,
        ["https://example.org/tides", "https://example.org/n"]
    );

    // Image alt text and inline HTML text are kept; the HTML block keeps its text.
    let t = texts(&doc);
    assert!(t.contains(&"A brass tide clock A ledger says four pound and a barrel."));
    assert!(t.contains(&"Aside & more"));

    // The block quote: a paragraph, a list, a nested list and a nested quote.
    let quoted: Vec<(&str, u8, Option<ListMark>)> = doc
        .blocks
        .iter()
        .filter(|b| b.quote_depth > 0)
        .map(|b| (doc.block_text(b), b.quote_depth, b.list.clone()))
        .collect();
    let mark = |depth, marker: &str| {
        Some(ListMark {
            depth,
            marker: Some(marker.to_string()),
        })
    };
    assert_eq!(
        quoted,
        [
            (
                "\"A timetable tells you what is supposed to happen.\"",
                1,
                None
            ),
            ("the clock", 1, mark(1, "•")),
            ("the water", 1, mark(1, "•")),
            ("rising", 1, mark(2, "1.")),
            ("falling", 1, mark(2, "2.")),
            ("A nested quote.", 2, None),
        ]
    );

    // The ordered list outside the quote: a loose item with two paragraphs, a nested list.
    let listed: Vec<(&str, Option<ListMark>)> = doc
        .blocks
        .iter()
        .filter(|b| b.quote_depth == 0 && b.list.is_some())
        .map(|b| (doc.block_text(b), b.list.clone()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Find the hand.", mark(1, "1.")),
            (
                "Then look again.",
                Some(ListMark {
                    depth: 1,
                    marker: None
                })
            ),
            ("Check the date.", mark(1, "2.")),
            ("new moon", mark(2, "◦")),
            ("full moon", mark(2, "◦")),
        ]
    );

    // The rule and the code block.
    assert!(kinds.contains(&BlockKind::Rule));
    let code_block = doc
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Code)
        .map(|b| doc.block_text(b));
    assert_eq!(code_block, Some("+6 min, wind SW\n-11, storm surge"));
    assert_eq!(t[t.len() - 1], "Last words.");
}

#[test]
fn markdown_empty_text() {
    let doc = Format::Markdown.parse("\n\n");
    assert!(doc.blocks.is_empty());
    assert_eq!(doc.meta.notices, ["This article is empty."]);
}

#[test]
fn pathological_nesting_does_not_overflow() {
    let n = 100_000;
    let inputs = [
        ">".repeat(n) + " deep",
        "> ".repeat(n) + "deep",
        "[".repeat(n) + "x" + &"]".repeat(n),
        "*".repeat(n) + "x" + &"*".repeat(n),
        "- ".repeat(n) + "x",
        "> - ".repeat(n / 2) + "x",
        "_a ".repeat(n),
    ];
    for text in &inputs {
        let doc = markdown::parse(text);
        check_invariants(&doc);
        let doc = plain::parse(text);
        check_invariants(&doc);
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Strings made of characters that mean something to Markdown or to the plain-text rules.
fn significant() -> impl Strategy<Value = String> {
    let chars = vec![
        '>', '[', ']', '(', ')', '*', '_', '`', '~', '#', '-', '+', '=', '|', '!', '<', '/', '\\',
        ':', '.', '1', 'a', 'B', ' ', ' ', '\n', '\n', '„', '“', '"', '\'', '\u{a0}', '\u{3000}',
        'é', '日', '\u{ad}', '&', ';', '^', 'x',
    ];
    prop::collection::vec(prop::sample::select(chars), 0..300).prop_map(String::from_iter)
}

/// Line-shaped text: short and long lines, indentation, blank lines.
fn line_soup() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just(String::new()),
        "[ ]{0,6}[A-Za-zäö„“\"\\-*.,;:!? ]{0,90}",
        "[ ]{0,4}(By|Von|Par|Por|Di) [A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?(, [A-Z][a-z]+)?",
        "[ ]{0,4}([-*•] |[0-9]{1,3}[.)] )[a-z ]{0,40}",
        "[-=*_~ ]{0,12}",
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    // 256 cases each by default; set PROPTEST_CASES for a longer run.
    #[test]
    fn plain_never_panics_on_any_string(text in any::<String>()) {
        check_invariants(&plain::parse(&text));
    }

    #[test]
    fn markdown_never_panics_on_any_string(text in any::<String>()) {
        check_invariants(&markdown::parse(&text));
    }

    #[test]
    fn parsers_never_panic_on_significant_chars(text in significant()) {
        check_invariants(&markdown::parse(&text));
        check_invariants(&plain::parse(&text));
    }

    #[test]
    fn parsers_never_panic_on_line_soup(text in line_soup()) {
        check_invariants(&plain::parse(&text));
        check_invariants(&markdown::parse(&text));
    }

    #[test]
    fn front_matter_never_panics(body in "[a-z: \"'\\[\\]=,\\-\n#|>]{0,120}") {
        for fence in ["---", "+++"] {
            let text = format!("{fence}\n{body}\n{fence}\nText.");
            check_invariants(&markdown::parse(&text));
        }
    }
}
