//! End-to-end tests of the plain-text and Markdown parsers: realistic small articles in,
//! blocks, metadata and spans out; and properties that must hold for any input.

mod common;

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

// ---------------------------------------------------------------------------------------------
// The beginning of a long text (`Format::parse_prefix`)

/// Checks the `parse_prefix` contract for `text`; true when there was a beginning.
fn check_prefix(format: Format, text: &str, min_bytes: usize) -> Result<bool, TestCaseError> {
    let prefix = format.parse_prefix(text, min_bytes);
    if text.len() <= 2 * min_bytes {
        prop_assert!(prefix.is_none());
        return Ok(false);
    }
    let Some(prefix) = prefix else {
        return Ok(false);
    };
    let full = format.parse(text);
    check_invariants(&prefix);
    prop_assert!(full.text.starts_with(&prefix.text));
    let n = prefix.blocks.len();
    prop_assert!(n >= 1 && n <= full.blocks.len());
    prop_assert_eq!(&prefix.blocks[..], &full.blocks[..n]);
    prop_assert_eq!(&prefix.meta.title, &full.meta.title);
    prop_assert_eq!(&prefix.meta.author, &full.meta.author);
    prop_assert_eq!(&prefix.meta.language, &full.meta.language);
    // About the first `min_bytes`: cut before `2 * min_bytes` (plain text never grows when
    // parsed; Markdown tables may).
    if format == Format::Plain {
        prop_assert!(prefix.text.len() <= 2 * min_bytes);
    }
    Ok(true)
}

/// The words of the generated texts: common ones, long ones to hyphenate, and a few that need
/// care (accents, quotation marks, a dash, a word ending in a hyphen).
fn vocabulary() -> Vec<&'static str> {
    common::words::words(
        "the of and a to in was that it for on with harbour clock morning winter keeper river \
         Über straße café well- known „so“ “quote” — naïve extraordinary responsibility",
    )
}

/// Words from the vocabulary, a sentence or a few.
fn words(range: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vocabulary()), range).prop_map(|words| {
        let mut text = words.join(" ");
        if let Some(first) = text.get(..1) {
            text.replace_range(..1, &first.to_uppercase());
        }
        text
    })
}

/// Greedy hard wrapping at `width` columns.
fn hard_wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > width {
            out.push('\n');
            len = 0;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += n;
    }
    out
}

/// One paragraph of a plain text, of every kind the parser tells apart. `width` is the wrap
/// width of prose (0: one line per paragraph).
fn plain_block(width: usize) -> impl Strategy<Value = String> {
    let prose = move || {
        words(8..90).prop_map(move |w| {
            let w = format!("{w}.");
            if width > 0 { hard_wrap(&w, width) } else { w }
        })
    };
    prop_oneof![
        6 => prose(),
        1 => prose().prop_map(|p| format!("„{p}“")),
        1 => words(2..8).prop_map(|w| w.to_uppercase()),
        1 => words(1..6).prop_map(|w| format!("{w}\n{}", "=".repeat(w.chars().count()))),
        1 => words(1..6).prop_map(|w| format!("{w}\n---")),
        2 => words(1..6),
        1 => prop::collection::vec(words(2..7), 2..6).prop_map(|lines| lines.join("\n")),
        1 => prop::collection::vec(words(1..8), 1..5)
            .prop_map(|lines| lines.iter().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n")),
        1 => prop::collection::vec(words(1..8), 2..5)
            .prop_map(|items| items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")),
        1 => Just("* * *".to_string()),
        1 => Just("Name    Age\n----    ---\nAnn     33".to_string()),
        1 => Just("By Ann Lee and Tom Wu".to_string()),
        1 => prop::collection::vec(words(1..6), 2..4)
            .prop_map(|lines| lines.iter().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")),
    ]
}

/// A long plain text: maybe a title and a byline, then paragraphs of all kinds, hard-wrapped
/// or not, sometimes with a common indentation.
fn long_plain() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![0usize, 0, 50, 64, 70, 72]),
        prop::option::of(words(1..7)),
        prop::bool::ANY,
        prop::sample::select(vec!["", "", "   "]),
    )
        .prop_flat_map(|(width, title, byline, indent)| {
            prop::collection::vec(plain_block(width), 20..120).prop_map(move |blocks| {
                let mut parts: Vec<String> = Vec::new();
                parts.extend(title.clone());
                if byline {
                    parts.push("Von Jana Weber, Lindau".to_string());
                }
                parts.extend(blocks);
                let text = parts.join("\n\n");
                text.lines()
                    .map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!("{indent}{l}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        })
}

/// Inline Markdown: words with emphasis, strong text, code, links, images, footnote
/// references, entities, hard breaks.
fn markdown_inline() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(vocabulary()).prop_map(str::to_string),
        1 => words(1..3).prop_map(|w| format!("*{w}*")),
        1 => words(1..3).prop_map(|w| format!("**{w}**")),
        1 => words(1..2).prop_map(|w| format!("`{w}`")),
        1 => words(1..3).prop_map(|w| format!("[{w}](https://example.org/{})", w.len())),
        1 => Just("![alt](a.png)".to_string()),
        1 => Just("[^1]".to_string()),
        1 => Just("&amp;".to_string()),
        1 => Just("<em>x</em>".to_string()),
        1 => Just("  \n".to_string()),
        1 => Just("\n".to_string()),
    ];
    prop::collection::vec(piece, 3..60).prop_map(|p| p.join(" "))
}

/// One Markdown block of every common kind.
fn markdown_block() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => markdown_inline(),
        2 => (1usize..4, words(1..6)).prop_map(|(n, w)| format!("{} {w}", "#".repeat(n))),
        1 => words(1..5).prop_map(|w| format!("{w}\n===")),
        2 => prop::collection::vec((prop::bool::ANY, markdown_inline()), 1..5).prop_map(|items| {
            items
                .iter()
                .map(|(nested, i)| format!("{}- {}", if *nested { "  " } else { "" }, i.replace('\n', " ")))
                .collect::<Vec<_>>()
                .join("\n")
        }),
        1 => prop::collection::vec(words(1..6), 1..4)
            .prop_map(|items| items.iter().enumerate().map(|(n, i)| format!("{}. {i}\n", n + 1)).collect::<Vec<_>>().join("\n")),
        2 => prop::collection::vec(markdown_inline(), 1..3)
            .prop_map(|q| q.iter().map(|l| format!("> {}", l.replace('\n', "\n> "))).collect::<Vec<_>>().join("\n>\n")),
        1 => words(1..5).prop_map(|w| format!("```\ncode\n\n{w}\n\n```")),
        1 => words(1..5).prop_map(|w| format!("<div>\n{w}\n\n</div>")),
        1 => words(1..5).prop_map(|w| format!("<script>\n\n{w}\n</script>")),
        1 => Just("| a | b |\n|---|---|\n| *x* | y |".to_string()),
        1 => Just("---".to_string()),
        1 => Just("    indented code\n\n    more".to_string()),
    ]
}

/// A long Markdown article: maybe front matter, a title and a byline, then blocks.
fn long_markdown() -> impl Strategy<Value = String> {
    (
        prop::bool::ANY,
        prop::bool::ANY,
        prop::bool::ANY,
        prop::collection::vec(markdown_block(), 20..70),
    )
        .prop_map(|(front, title, byline, blocks)| {
            let mut parts = Vec::new();
            if front {
                parts.push("---\ntitle: The Keeper\nauthor: Ann Lee\nlang: en\n---".to_string());
            }
            if title {
                parts.push("# The Keeper".to_string());
            }
            if byline {
                parts.push("By Tom Wu".to_string());
            }
            parts.extend(blocks);
            parts.join("\n\n") + "\n"
        })
}

proptest! {
    // Fewer cases than the default: each parses a long text several times.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn plain_beginnings_are_beginnings_of_the_whole(text in long_plain(), share in 2usize..45) {
        for min in [text.len() * share / 100, 2000] {
            check_prefix(Format::Plain, &text, min)?;
        }
    }

    #[test]
    fn markdown_beginnings_are_beginnings_of_the_whole(text in long_markdown(), share in 2usize..45) {
        for min in [text.len() * share / 100, 2000] {
            check_prefix(Format::Markdown, &text, min)?;
        }
    }

    #[test]
    fn short_texts_have_no_beginning(text in any::<String>(), extra in 0usize..10) {
        let min = text.len().div_ceil(2) + extra;
        prop_assert!(Format::Plain.parse_prefix(&text, min).is_none());
        prop_assert!(Format::Markdown.parse_prefix(&text, min).is_none());
    }

    #[test]
    fn beginnings_of_any_text_keep_the_contract(text in line_soup(), min in 0usize..200) {
        check_prefix(Format::Plain, &text, min)?;
        check_prefix(Format::Markdown, &text, min)?;
    }
}

/// How often the generated long texts give a beginning: the properties above must not hold
/// only because the answer is `None`.
#[test]
fn generated_long_texts_usually_have_a_beginning() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut plain_some, mut markdown_some) = (0, 0);
    for _ in 0..40 {
        let text = long_plain().new_tree(&mut runner).map(|t| t.current());
        let text = text.unwrap_or_default();
        if check_prefix(Format::Plain, &text, text.len() / 5).unwrap_or(false) {
            plain_some += 1;
        }
        let text = long_markdown().new_tree(&mut runner).map(|t| t.current());
        let text = text.unwrap_or_default();
        if check_prefix(Format::Markdown, &text, text.len() / 5).unwrap_or(false) {
            markdown_some += 1;
        }
    }
    assert!(plain_some >= 30, "{plain_some} of 40");
    assert!(markdown_some >= 20, "{markdown_some} of 40");
}

/// Each sample article, repeated until it is long, has a beginning that keeps the contract;
/// with a long first part (more than the plain-text sample of 256 KB) too.
#[test]
fn beginnings_of_the_sample_articles() {
    for (name, format) in [
        ("essay.md", Format::Markdown),
        ("hardwrapped.txt", Format::Plain),
        ("zeitung.txt", Format::Plain),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The essay's front matter only once: it opens the article.
        let (head, body) = match format {
            Format::Markdown => text.split_at(text.find("\n# ").map_or(0, |i| i + 1)),
            _ => ("", text.as_str()),
        };
        for (repeats, min) in [(4, 2000), (3, 7000), (40, 64 * 1024)] {
            let long = format!("{head}{}", format!("{body}\n\n").repeat(repeats));
            let some = check_prefix(format, &long, min).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(some, "{name}: no beginning for {min} of {}", long.len());
        }
    }
}
