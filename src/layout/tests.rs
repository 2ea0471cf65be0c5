use super::*;
use crate::document::{DocumentBuilder, ListMark, Meta, Span};
use proptest::prelude::*;

fn doc_of(blocks: &[(BlockKind, &str)]) -> Arc<Document> {
    let mut b = DocumentBuilder::new(Meta::default());
    for (kind, text) in blocks {
        b.push(kind.clone(), text, vec![], 0, None);
    }
    Arc::new(b.finish())
}

fn opts(width: u16, height: u16) -> LayoutOptions {
    LayoutOptions {
        width,
        height,
        measure: width,
        hyphenate: true,
    }
}

fn texts(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(|l| format!("{}{}", l.prefix, l.text))
        .collect()
}

fn all_lines(doc: Arc<Document>, o: LayoutOptions) -> Vec<Line> {
    LineBreaker::new(doc, &o).collect()
}

#[test]
fn width_counts_cells_like_the_terminal() {
    assert_eq!(width("abc"), 3);
    assert_eq!(width("日本語"), 6);
    assert_eq!(width("e\u{301}"), 1);
    assert_eq!(width("Zeit\u{ad}ung"), 7);
    assert_eq!(width("👩‍🔬"), 2);
}

#[test]
fn german_compounds_break_at_syllables_at_narrow_widths() {
    let mut b = DocumentBuilder::new(Meta {
        language: Some("de".into()),
        ..Meta::default()
    });
    b.push(
        BlockKind::Paragraph,
        "Die Donaudampfschifffahrtsgesellschaftskapitäne tagten.",
        vec![],
        0,
        None,
    );
    let lines = all_lines(Arc::new(b.finish()), opts(18, 10));
    let shown = texts(&lines);
    assert!(shown.iter().all(|l| width(l) <= 18), "{shown:?}");
    assert_eq!(shown[0], "Die Donaudampf-");
    // Every break inside the compound is at a syllable boundary the dictionary allows.
    let joined: String = shown.iter().map(|l| l.trim_end_matches('-')).collect();
    assert_eq!(
        joined,
        "Die Donaudampfschifffahrtsgesellschaftskapitäne tagten."
    );
    for l in &shown[..shown.len() - 1] {
        assert!(l.ends_with('-'), "{shown:?}");
    }
}

#[test]
fn english_is_hyphenated_only_when_a_line_would_end_short() {
    let doc = doc_of(&[(
        BlockKind::Paragraph,
        "The lighthouse keepers maintained extraordinarily complicated clockwork \
         mechanisms throughout the interminable winters of the northern coast.",
    )]);
    let lines = all_lines(doc, opts(30, 10));
    let shown = texts(&lines);
    assert!(shown.iter().all(|l| width(l) <= 30), "{shown:?}");
    assert!(shown.iter().any(|l| l.ends_with('-')), "{shown:?}");
    // No hyphenated line leaves more than a few cells unused for nothing.
    for l in &shown {
        if l.ends_with('-') {
            assert!(width(l) >= 24, "{shown:?}");
        }
    }
}

#[test]
fn soft_hyphens_are_invisible_unless_a_line_breaks_there() {
    let doc = doc_of(&[(BlockKind::Paragraph, "aaaa bbbb cc\u{ad}dd\u{ad}ee ff")]);
    let wide = all_lines(doc.clone(), opts(40, 10));
    assert_eq!(texts(&wide), vec!["aaaa bbbb ccddee ff"]);
    let narrow = all_lines(doc, opts(15, 10));
    assert_eq!(texts(&narrow), vec!["aaaa bbbb ccdd-", "ee ff"]);
}

#[test]
fn cjk_breaks_between_characters_and_keeps_punctuation_attached() {
    let text = "日本語の文章は単語の間に空白がありません。それでも正しく折り返す必要があります。";
    let lines = all_lines(doc_of(&[(BlockKind::Paragraph, text)]), opts(10, 10));
    let shown = texts(&lines);
    assert!(shown.iter().all(|l| width(l) <= 10), "{shown:?}");
    assert_eq!(shown.concat(), text);
    assert!(shown.iter().all(|l| !l.starts_with('。')), "{shown:?}");
}

#[test]
fn a_word_wider_than_the_column_is_cut_not_overflowed() {
    let long = "x".repeat(50);
    let lines = all_lines(doc_of(&[(BlockKind::Paragraph, &long)]), opts(20, 10));
    assert_eq!(
        texts(&lines),
        vec!["x".repeat(20), "x".repeat(20), "x".repeat(10)]
    );
}

#[test]
fn code_and_verse_keep_their_lines() {
    let doc = doc_of(&[
        (BlockKind::Lines, "The tide comes in\n  and goes\nThe bell"),
        (BlockKind::Code, "fn main() {\n    println!(\"hi\");\n}"),
    ]);
    let shown = texts(&all_lines(doc, opts(40, 20)));
    assert_eq!(
        shown,
        vec![
            "The tide comes in",
            "  and goes",
            "The bell",
            "",
            "  fn main() {",
            "      println!(\"hi\");",
            "  }",
        ]
    );
}

#[test]
fn long_verse_lines_wrap_with_a_hanging_indent() {
    let doc = doc_of(&[(BlockKind::Lines, "one two three four five six\nseven")]);
    let shown = texts(&all_lines(doc, opts(14, 20)));
    assert_eq!(
        shown,
        vec!["one two three", "  four five", "  six", "seven"]
    );
}

#[test]
fn lists_and_quotes_are_indented() {
    let mut b = DocumentBuilder::new(Meta::default());
    let item = |m: &str| {
        Some(ListMark {
            depth: 1,
            marker: Some(m.to_string()),
        })
    };
    b.push(
        BlockKind::Paragraph,
        "first item that wraps onto a second line",
        vec![],
        0,
        item("•"),
    );
    b.push(BlockKind::Paragraph, "second", vec![], 0, item("•"));
    b.push(
        BlockKind::Paragraph,
        "a quoted paragraph here",
        vec![],
        1,
        None,
    );
    let shown = texts(&all_lines(Arc::new(b.finish()), opts(24, 20)));
    assert_eq!(
        shown,
        vec![
            "• first item that wraps",
            "  onto a second line",
            "• second",
            "",
            "    a quoted paragraph",
            "    here",
        ]
    );
}

#[test]
fn spans_follow_their_words_onto_lines() {
    let mut b = DocumentBuilder::new(Meta::default());
    let strong = Style {
        strong: true,
        ..Style::default()
    };
    b.push(
        BlockKind::Paragraph,
        "plain words then bold words here",
        vec![Span {
            range: 17..27,
            style: strong,
        }],
        0,
        None,
    );
    let lines = all_lines(Arc::new(b.finish()), opts(21, 10));
    assert_eq!(texts(&lines), vec!["plain words then bold", "words here"]);
    assert_eq!(&lines[0].text[lines[0].runs[0].range.clone()], "bold");
    assert_eq!(&lines[1].text[lines[1].runs[0].range.clone()], "words");
}

/// Paragraphs of n numbered words, each a different length, for paging tests.
fn numbered(paragraphs: &[usize]) -> Arc<Document> {
    let mut b = DocumentBuilder::new(Meta::default());
    let mut k = 0;
    for &n in paragraphs {
        let words: Vec<String> = (0..n)
            .map(|_| {
                k += 1;
                format!("w{k}")
            })
            .collect();
        b.push(BlockKind::Paragraph, &words.join(" "), vec![], 0, None);
    }
    Arc::new(b.finish())
}

#[test]
fn a_heading_is_never_the_last_line_of_a_page() {
    let mut b = DocumentBuilder::new(Meta::default());
    b.push(
        BlockKind::Paragraph,
        "a b c d e f g h i j k l",
        vec![],
        0,
        None,
    );
    b.push(BlockKind::Heading { level: 2 }, "Sec", vec![], 0, None);
    b.push(BlockKind::Paragraph, "m n o p q r", vec![], 0, None);
    // Width 5 puts two letters on a line: 6 lines, blank, heading, blank, ...
    let mut layout = Layout::new(Arc::new(b.finish()), opts(5, 8));
    let first = texts(layout.page(0).unwrap_or(&[]));
    assert!(!first.contains(&"Sec".to_string()), "{first:?}");
    let second = texts(layout.page(1).unwrap_or(&[]));
    assert_eq!(second.first().map(String::as_str), Some("Sec"));
}

#[test]
fn paragraphs_leave_no_single_line_at_a_page_edge() {
    // 3 lines, then a 4-line paragraph; page height 6: a plain cut would leave 2|2, fine; with
    // height 5 the cut would leave one line (orphan) at the bottom.
    let doc = numbered(&[6, 8]);
    let mut layout = Layout::new(doc, opts(5, 5));
    let first = texts(layout.page(0).unwrap_or(&[]));
    assert_eq!(first, vec!["w1 w2", "w3 w4", "w5 w6"]);
    // Widow: a 4-line paragraph on a 3-line page ends 2 | 2, not 3 | 1.
    let mut layout = Layout::new(numbered(&[8]), opts(5, 3));
    assert_eq!(texts(layout.page(0).unwrap_or(&[])).len(), 2);
    assert_eq!(texts(layout.page(1).unwrap_or(&[])).len(), 2);
}

#[test]
fn the_first_page_does_not_lay_out_the_whole_document() {
    let doc = numbered(&vec![60; 2000]);
    let mut layout = Layout::new(doc, opts(72, 24));
    assert!(layout.page(0).is_some());
    assert!(layout.lines().len() < 100, "{}", layout.lines().len());
    assert!(!layout.is_complete());
    assert!(layout.page_count() > 500);
    assert!(layout.is_complete());
}

#[test]
fn a_huge_single_line_is_wrapped_in_chunks_like_the_whole() {
    let words: Vec<String> = (0..40_000).map(|i| format!("word{}", i % 997)).collect();
    let text = words.join(" ");
    assert!(text.len() > 4 * CHUNK);
    let doc = doc_of(&[(BlockKind::Paragraph, &text)]);
    let o = LayoutOptions {
        hyphenate: false,
        ..opts(61, 20)
    };
    let chunked = texts(&all_lines(doc, o));
    let whole: Vec<String> = fit(&text, 61, &mut hyphenate::Breaks::new(None), false)
        .iter()
        .map(|b| text[b.start..b.end].to_string())
        .collect();
    assert_eq!(chunked, whole);
    // And the first page needs only the first chunk.
    let mut layout = Layout::new(doc_of(&[(BlockKind::Paragraph, &text)]), o);
    layout.page(0);
    assert!(layout.lines().len() < CHUNK / 40);
}

#[test]
fn a_height_change_keeps_the_lines_and_matches_a_fresh_layout() {
    let doc = numbered(&vec![30; 200]);
    let mut layout = Layout::new(doc.clone(), opts(40, 20));
    let pages = layout.page_count();
    let lines = layout.lines().len();
    // Taller window, same column: lines are kept, pages are cut again.
    layout.reconfigure(LayoutOptions {
        width: 40,
        ..opts(40, 31)
    });
    assert_eq!(layout.lines().len(), lines);
    let mut fresh = Layout::new(doc.clone(), opts(40, 31));
    assert_eq!(layout.page_count(), fresh.page_count());
    assert!(layout.page_count() < pages);
    for p in [0, 5, 17] {
        assert_eq!(layout.page(p).map(texts), fresh.page(p).map(texts));
    }
    // A different column lays out again.
    layout.reconfigure(opts(30, 31));
    assert_eq!(layout.lines().len(), 0);
    assert_eq!(
        layout.page_count(),
        Layout::new(doc, opts(30, 31)).page_count()
    );
}

#[test]
fn an_empty_document_has_one_empty_page() {
    let mut layout = Layout::new(Arc::new(Document::default()), opts(40, 10));
    assert_eq!(layout.page_count(), 1);
    assert_eq!(layout.page(0).map(<[Line]>::len), Some(0));
    assert_eq!(layout.position_of_page(3), TextPos(0));
    assert_eq!(layout.page_of(TextPos(10)), 0);
}

#[test]
fn zero_sizes_do_not_panic() {
    let doc = numbered(&[30, 30]);
    for (w, h) in [(0, 0), (0, 5), (5, 0), (1, 1), (2, 1)] {
        let mut layout = Layout::new(doc.clone(), opts(w, h));
        let n = layout.page_count();
        assert!(n >= 1);
    }
}

// ---- properties ----

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zäöüß]{1,12}",
        1 => "[A-Z][a-z]{2,30}",
        1 => "[a-z]{2,6}-[a-z]{2,6}",
        1 => "[a-z]{2,5}\u{ad}[a-z]{2,5}",
        1 => "[日本語文章折返]{1,8}",
        1 => "e\u{301}[a-z]{0,3}",
        1 => "[a-z]{30,90}",
    ]
}

fn block() -> impl Strategy<Value = (u8, String)> {
    (0u8..6, prop::collection::vec(word(), 1..60)).prop_map(|(k, words)| (k, words.join(" ")))
}

fn arb_doc() -> impl Strategy<Value = Arc<Document>> {
    prop::collection::vec(block(), 0..12).prop_map(|blocks| {
        let mut b = DocumentBuilder::new(Meta {
            language: Some("de".into()),
            ..Meta::default()
        });
        for (k, text) in blocks {
            let (kind, quote, list) = match k {
                0 => (BlockKind::Heading { level: 2 }, 0, None),
                1 => (BlockKind::Paragraph, 1, None),
                2 => (
                    BlockKind::Paragraph,
                    0,
                    Some(ListMark {
                        depth: 2,
                        marker: Some("12.".into()),
                    }),
                ),
                3 => (BlockKind::Lines, 0, None),
                _ => (BlockKind::Paragraph, 0, None),
            };
            let text = if kind == BlockKind::Lines {
                text.replacen(' ', "\n", 3)
            } else {
                text
            };
            b.push(kind, &text, vec![], quote, list);
        }
        Arc::new(b.finish())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_line_is_wider_than_the_column(doc in arb_doc(), w in 4u16..100, h in 1u16..40) {
        let o = opts(w, h);
        for line in LineBreaker::new(doc, &o) {
            prop_assert!(line.width() <= o.column(), "{:?} wider than {}", line, o.column());
        }
    }

    #[test]
    fn every_word_lands_on_exactly_one_page(doc in arb_doc(), w in 4u16..100, h in 1u16..40) {
        let mut layout = Layout::new(doc.clone(), opts(w, h));
        let pages = layout.page_count();
        // Concatenating the source ranges of every line on every page covers each block once,
        // in order; and each line shows exactly its source (less soft hyphens and spacing).
        let mut covered: Vec<Range<usize>> = Vec::new();
        for p in 0..pages {
            for line in layout.page(p).unwrap_or(&[]) {
                if line.is_blank() || line.src.is_empty() { continue; }
                let src = &doc.text[line.src.clone()];
                let shown = line.text.strip_suffix('-').filter(|_| !src.trim_end().ends_with('-')).unwrap_or(&line.text);
                let squeezed: String = src.chars().filter(|&c| c != '\u{ad}' && c != '\n').collect();
                prop_assert_eq!(squeezed.trim(), shown.trim());
                covered.push(line.src.clone());
            }
        }
        let mut expected: Vec<Range<usize>> = Vec::new();
        for b in &doc.blocks {
            if !b.range.is_empty() { expected.push(b.range.clone()); }
        }
        // Merge adjacent line ranges into block ranges.
        let mut merged: Vec<Range<usize>> = Vec::new();
        for r in covered {
            match merged.last_mut() {
                Some(m) if m.end == r.start => m.end = r.end,
                Some(m) => { prop_assert!(m.end < r.start, "overlap {:?} {:?}", m, r); merged.push(r) }
                None => merged.push(r),
            }
        }
        prop_assert_eq!(merged, expected);
    }

    #[test]
    fn pages_and_positions_round_trip(doc in arb_doc(), w in 4u16..100, h in 1u16..40, probe in 0usize..100_000) {
        let mut layout = Layout::new(doc.clone(), opts(w, h));
        let pages = layout.page_count();
        for p in 0..pages {
            let pos = layout.position_of_page(p);
            prop_assert_eq!(layout.page_of(pos), p);
        }
        // Any position lies on the page whose top is at or before it.
        if !doc.text.is_empty() {
            let mut pos = probe % doc.text.len();
            while !doc.text.is_char_boundary(pos) { pos -= 1; }
            let mut fresh = Layout::new(doc.clone(), opts(w, h));
            let p = fresh.page_of(TextPos(pos));
            prop_assert!(p < pages);
            prop_assert_eq!(p, layout.page_of(TextPos(pos)));
            // A position between blocks belongs with the block after it.
            let snapped = doc
                .blocks
                .iter()
                .find(|b| b.range.end > pos)
                .map_or(pos, |b| b.range.start.max(pos));
            prop_assert!(layout.position_of_page(p).0 <= snapped.max(layout.position_of_page(0).0));
        }
    }
}

#[test]
fn a_document_range_maps_to_the_text_that_shows_it() {
    let text = "aaaa bbbb cc\u{ad}dd\u{ad}ee ff";
    let doc = doc_of(&[(BlockKind::Paragraph, text)]);
    let lines = all_lines(doc.clone(), opts(15, 10));
    assert_eq!(texts(&lines), vec!["aaaa bbbb ccdd-", "ee ff"]);
    let word = text.find("cc").unwrap_or(0)..text.find(" ff").unwrap_or(0);
    let shown = |l: &Line| l.shown(&doc.text, &word).map(|r| l.text[r].to_string());
    assert_eq!(shown(&lines[0]).as_deref(), Some("ccdd-"));
    assert_eq!(shown(&lines[1]).as_deref(), Some("ee"));
    // A range that ends before the break does not take the hyphen.
    let bbbb = 5..9;
    assert_eq!(
        lines[0].shown(&doc.text, &bbbb).map(|r| &lines[0].text[r]),
        Some("bbbb")
    );
    assert_eq!(lines[1].shown(&doc.text, &bbbb), None);
    // Verse keeps its indentation in the prefix: the range maps into the text after it.
    let doc = doc_of(&[(BlockKind::Lines, "one\n    two three")]);
    let lines = all_lines(doc.clone(), opts(30, 10));
    let two = doc.text.find("two").unwrap_or(0);
    let r = lines[1].shown(&doc.text, &(two..two + 3));
    assert_eq!(r.map(|r| &lines[1].text[r]), Some("two"));
}
