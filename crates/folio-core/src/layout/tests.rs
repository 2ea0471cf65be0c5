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
        justify: false,
        link_marks: false,
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

/// A German paragraph with one very long compound, not yet finished.
fn german_compound() -> DocumentBuilder {
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
    b
}

#[test]
fn german_compounds_break_at_syllables_at_narrow_widths() {
    let b = german_compound();
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

/// Regression (issue 15): a line broke before a small kana (`窮屈き` / `ゅうくつだ`) and
/// between a word and its ruby reading (`用意` / `(ようい)`).
#[test]
fn cjk_never_breaks_before_small_kana_or_a_reading() {
    for width in 8..=16 {
        let text =
            "巣箱の中が少し窮屈きゅうくつだ。ちょっとシャッター、ｼｬｯﾀｰ。箱を用意(ようい)すれば";
        let lines = all_lines(doc_of(&[(BlockKind::Paragraph, text)]), opts(width, 40));
        let shown = texts(&lines);
        assert_eq!(shown.concat(), text);
        for line in &shown {
            let first = line.chars().next().unwrap_or(' ');
            assert!(
                !"ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶーｧｨｩｪｫｬｭｮｯｰ(".contains(first),
                "width {width}: {shown:?}"
            );
        }
    }
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

/// A wide table as a manual might print it, and a line of code of 120 columns.
const WIDE_TABLE: &str = "+------+--------------------+--------------------------------+\n\
                          | I:0  | mountfähige Medien | Disketten, Wechselplatten, USB |\n\
                          +------+--------------------+--------------------------------+";

#[test]
fn a_wide_table_line_is_one_display_line_never_wrapped() {
    let doc = doc_of(&[(BlockKind::Table, WIDE_TABLE)]);
    let lines = all_lines(doc.clone(), opts(40, 12));
    assert_eq!(texts(&lines), WIDE_TABLE.lines().collect::<Vec<_>>());
    for (line, source) in lines.iter().zip(WIDE_TABLE.lines()) {
        assert!(line.cut);
        assert_eq!(line.width(), width(source));
        assert_eq!(line.overflow(40), width(source) - 40);
        assert_eq!(
            line.text_start, line.src.start,
            "leading spaces stay in the text"
        );
    }
    // Every byte of the block is on exactly one line.
    assert_eq!(lines[0].src.start, 0);
    assert_eq!(lines[1].src.start, lines[0].src.end);
    assert_eq!(lines[2].src.end, doc.text.len());
}

#[test]
fn code_is_never_wrapped_either() {
    let long = format!("    let wide = \"{}\";", "x".repeat(102));
    let code = format!("fn main() {{\n{long}\n}}");
    let lines = all_lines(doc_of(&[(BlockKind::Code, &code)]), opts(40, 12));
    assert_eq!(
        texts(&lines),
        vec![
            "  fn main() {".to_string(),
            format!("  {long}"),
            "  }".into()
        ]
    );
    assert!(lines.iter().all(|l| l.cut));
    assert_eq!(lines[1].width(), 2 + 120);
}

#[test]
fn only_a_line_longer_than_a_chunk_goes_on_in_a_second_display_line() {
    let long = "ä".repeat(CHUNK); // two bytes each: twice a chunk
    let lines = all_lines(doc_of(&[(BlockKind::Table, &long)]), opts(40, 12));
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines.iter().map(|l| l.text.len()).sum::<usize>(),
        long.len()
    );
    assert_eq!(lines[0].src.end, lines[1].src.start);
}

#[test]
fn the_visible_part_of_a_cut_line() {
    let text = "| I:0 | mountfähige Medien |";
    assert_eq!(visible(text, 0, 10), (0..10, 0));
    let (r, lead) = visible(text, 8, 10);
    assert_eq!((&text[r], lead), ("mountfähig", 0));
    assert_eq!(visible(text, 100, 10), (text.len()..text.len(), 0));
    // A wide character cut by the left edge leaves its cell blank.
    let (r, lead) = visible("日本語です", 1, 4);
    assert_eq!((&"日本語です"[r], lead), ("本", 1));
    let (r, lead) = visible("日本語です", 0, 5);
    assert_eq!((&"日本語です"[r], lead), ("日本", 0));
}

#[test]
fn verse_still_wraps_with_a_hanging_indent_at_40_columns() {
    let verse =
        "Under the snow the hive is still, a held breath in the frost of the year\nIts small sun";
    let lines = all_lines(doc_of(&[(BlockKind::Lines, verse)]), opts(40, 12));
    assert_eq!(
        texts(&lines),
        vec![
            "Under the snow the hive is still, a held",
            "  breath in the frost of the year",
            "Its small sun",
        ]
    );
    assert!(lines.iter().all(|l| !l.cut && l.width() <= 40));
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
fn half_a_page_on_runs_into_the_next_page_and_back() {
    let mut l = Layout::new(numbered(&[60; 12]), opts(40, 10));
    let page0: Vec<Line> = l.page(0).map(<[Line]>::to_vec).unwrap_or_default();
    // From the top, the lines are the page's.
    assert_eq!(texts(&l.lines_from(TextPos(0))), texts(&page0));
    // Five lines on: the page's last five lines, then the next page's first lines.
    let mid = l.position_by_lines(TextPos(0), 5);
    let mid = mid.unwrap_or_else(|| panic!("no line five lines on"));
    let shown = l.lines_from(mid);
    assert_eq!(shown.len(), 10);
    assert_eq!(texts(&shown[..5]), texts(&page0[5..]));
    let page1: Vec<Line> = l.page(1).map(<[Line]>::to_vec).unwrap_or_default();
    assert!(
        shown[5..]
            .iter()
            .filter(|x| !x.is_blank())
            .all(|x| page1.contains(x))
    );
    // Back five lines is the top again; there is nothing before the first line.
    assert_eq!(l.position_by_lines(mid, -5), Some(TextPos(0)));
    assert_eq!(l.position_by_lines(TextPos(0), -5), None);
    let end = l.doc.text.len();
    assert_eq!(l.position_by_lines(TextPos(end), 5), None);
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
    assert!(layout.line_count() < 100, "{}", layout.line_count());
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
    let whole: Vec<String> = fit(&text, 61, &mut hyphenate::Breaks::new(None), false, &[])
        .iter()
        .map(|b| text[b.start..b.end].to_string())
        .collect();
    assert_eq!(chunked, whole);
    // And the first page needs only the first chunk.
    let mut layout = Layout::new(doc_of(&[(BlockKind::Paragraph, &text)]), o);
    layout.page(0);
    assert!(layout.line_count() < CHUNK / 40);
}

#[test]
fn a_height_change_keeps_the_lines_and_matches_a_fresh_layout() {
    let doc = numbered(&vec![30; 200]);
    let mut layout = Layout::new(doc.clone(), opts(40, 20));
    let pages = layout.page_count();
    let lines = layout.line_count();
    // Taller window, same column: lines are kept, pages are cut again.
    layout.reconfigure(LayoutOptions {
        width: 40,
        ..opts(40, 31)
    });
    assert_eq!(layout.line_count(), lines);
    let mut fresh = Layout::new(doc.clone(), opts(40, 31));
    assert_eq!(layout.page_count(), fresh.page_count());
    assert!(layout.page_count() < pages);
    for p in [0, 5, 17] {
        assert_eq!(layout.page(p).map(texts), fresh.page(p).map(texts));
    }
    // A different column lays out again.
    layout.reconfigure(opts(30, 31));
    assert_eq!(layout.line_count(), 0);
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

fn block() -> impl Strategy<Value = (u8, String, Vec<(u16, u16)>)> {
    (
        0u8..8,
        prop::collection::vec(word(), 1..60),
        prop::collection::vec((0u16..1000, 0u16..300), 0..4),
    )
        .prop_map(|(k, words, spans)| (k, words.join(" "), spans))
}

/// Spans from (start, length) in thousandths of the text, snapped to character boundaries.
fn spans_of(text: &str, spans: &[(u16, u16)], style: Style) -> Vec<Span> {
    let at = |f: u16| {
        let mut i = (text.len() * usize::from(f) / 1000).min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    spans
        .iter()
        .map(|&(start, len)| Span {
            range: at(start)..at(start.saturating_add(len).min(1000)),
            style,
        })
        .collect()
}

fn arb_doc() -> impl Strategy<Value = Arc<Document>> {
    prop::collection::vec(block(), 0..12).prop_map(|blocks| {
        let mut b = DocumentBuilder::new(Meta {
            language: Some("de".into()),
            links: vec!["#a".into(), "#b".into(), "#c".into()],
            ..Meta::default()
        });
        let strong = Style {
            strong: true,
            ..Style::default()
        };
        for (k, text, spans) in blocks {
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
                4 => (BlockKind::Title, 0, None),
                5 => (BlockKind::Code, 0, None),
                6 => (BlockKind::Table, 1, None),
                _ => (BlockKind::Paragraph, 0, None),
            };
            let text = if matches!(kind, BlockKind::Lines | BlockKind::Code | BlockKind::Table) {
                text.replacen(' ', "\n", 3)
            } else {
                text
            };
            // Every other span is a link as well (link_marks_only_add_numbers).
            let mut spans = spans_of(&text, &spans, strong);
            for (i, span) in spans.iter_mut().enumerate().filter(|(i, _)| i % 2 == 1) {
                span.style.link = u32::try_from(i % 3).ok();
            }
            b.push(kind, &text, spans, quote, list);
        }
        Arc::new(b.finish())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_line_is_wider_than_the_column(doc in arb_doc(), w in 4u16..100, h in 1u16..40) {
        let o = opts(w, h);
        for line in LineBreaker::new(doc.clone(), &o) {
            if line.cut {
                // Code and tables: the whole source line, never wrapped; only the prefix
                // has to fit.
                prop_assert!(width(&line.prefix) <= o.column() / 2, "{:?}", line);
                let source = doc.text.get(line.src.clone()).unwrap_or("");
                let shown = source.trim_end_matches('\n').replace('\u{ad}', "");
                prop_assert_eq!(shown, line.text.as_str());
                continue;
            }
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
    fn link_marks_only_add_numbers(doc in arb_doc(), w in 8u16..100, h in 1u16..40) {
        let o = LayoutOptions { link_marks: true, ..opts(w, h) };
        for line in LineBreaker::new(doc.clone(), &o) {
            // Without its inserts, a line shows its source; the inserts are link numbers, each
            // right after a character of the line; and no line is wider than the column.
            let mut bare = line.text.clone();
            for r in line.inserts.iter().rev() {
                let mark = bare.get(r.clone()).unwrap_or("");
                prop_assert!(mark.starts_with('[') && mark.ends_with(']'), "{:?}", line);
                prop_assert!(r.start > 0, "{:?}", line);
                bare.replace_range(r.clone(), "");
            }
            if line.is_blank() || line.src.is_empty() || line.cut { continue; }
            // Only a column too narrow for one character and its number lets a line overflow.
            let alone = bare.trim_end_matches('-').graphemes(true).count() <= 1;
            prop_assert!(line.width() <= o.column() || alone, "{:?} wider than {}", line, o.column());
            let src = &doc.text[line.src.clone()];
            let shown = bare.strip_suffix('-').filter(|_| !src.trim_end().ends_with('-')).unwrap_or(&bare);
            let squeezed: String = src.chars().filter(|&c| c != '\u{ad}' && c != '\n').collect();
            prop_assert_eq!(squeezed.trim(), shown.trim());
        }
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
    // Nor does a range that starts after the break: "ee" is all on the next line.
    let ee = text.find("ee").unwrap_or(0)..text.find(" ff").unwrap_or(0);
    assert_eq!(lines[0].shown(&doc.text, &ee), None);
    assert_eq!(shown(&lines[1]).as_deref(), Some("ee"));
    // Verse keeps its indentation in the prefix: the range maps into the text after it.
    let doc = doc_of(&[(BlockKind::Lines, "one\n    two three")]);
    let lines = all_lines(doc.clone(), opts(30, 10));
    let two = doc.text.find("two").unwrap_or(0);
    let r = lines[1].shown(&doc.text, &(two..two + 3));
    assert_eq!(r.map(|r| &lines[1].text[r]), Some("two"));
}

#[test]
fn link_numbers_wrap_with_their_word_and_ranges_step_over_them() {
    let text = "Read the hive notes before you open the map, then go.";
    let link = |range: Range<usize>, n: u32| Span {
        range,
        style: Style {
            link: Some(n),
            ..Style::default()
        },
    };
    let mut b = DocumentBuilder::new(Meta {
        language: Some("en".into()),
        links: vec!["#notes".into(), "#map".into()],
        ..Meta::default()
    });
    b.push(
        BlockKind::Paragraph,
        text,
        vec![link(9..19, 0), link(40..43, 1)],
        0,
        None,
    );
    let doc = Arc::new(b.finish());
    let marked = LayoutOptions {
        link_marks: true,
        ..opts(22, 10)
    };
    let lines = all_lines(doc.clone(), marked);
    assert_eq!(
        texts(&lines),
        vec![
            "Read the hive notes[1]",
            "before you open the",
            "map[2], then go."
        ]
    );
    assert!(lines.iter().all(|l| l.width() <= 22));
    let shown = |l: &Line, r: Range<usize>| l.shown(&doc.text, &r).map(|r| l.text[r].to_string());
    // The link's text without its number; what follows the link starts after it; a range over
    // the link and on takes the number in.
    assert_eq!(shown(&lines[0], 9..19).as_deref(), Some("hive notes"));
    assert_eq!(shown(&lines[2], 43..49).as_deref(), Some(", then"));
    assert_eq!(shown(&lines[2], 40..44).as_deref(), Some("map[2],"));
    // The run of the link stays on its text.
    let runs: Vec<&str> = lines[2]
        .runs
        .iter()
        .map(|r| &lines[2].text[r.range.clone()])
        .collect();
    assert_eq!(runs, ["map"]);
    // Justified, the numbers stay where they are and ranges still map past the new spaces.
    let justified = all_lines(
        doc.clone(),
        LayoutOptions {
            justify: true,
            ..marked
        },
    );
    assert_eq!(justified[1].text, "before  you  open  the");
    assert_eq!(shown(&justified[2], 43..49).as_deref(), Some(", then"));
    // Off, the lines are the text alone.
    let plain = all_lines(doc.clone(), opts(22, 10));
    assert!(
        plain
            .iter()
            .all(|l| l.inserts.is_empty() && !l.text.contains('['))
    );
}

// ---- justification ----

fn justified(width: u16, height: u16) -> LayoutOptions {
    LayoutOptions {
        justify: true,
        ..opts(width, height)
    }
}

fn english(blocks: &[(BlockKind, &str, u8, Option<ListMark>)]) -> Arc<Document> {
    let mut b = DocumentBuilder::new(Meta {
        language: Some("en".into()),
        ..Meta::default()
    });
    for (kind, text, quote, list) in blocks {
        b.push(kind.clone(), text, vec![], *quote, list.clone());
    }
    Arc::new(b.finish())
}

const KEEPER: &str = "Each night the keeper climbed up to the lamp room, trimmed the wicks and \
                      wound a clockwork that turned the great lens until the dawn came.";

#[test]
fn a_justified_paragraph_fills_the_column_except_its_last_line() {
    let doc = english(&[(BlockKind::Paragraph, KEEPER, 0, None)]);
    let lines = all_lines(doc.clone(), justified(30, 10));
    assert_eq!(
        texts(&lines),
        vec![
            // 29 cells, 4 gaps: the one extra space goes to the first gap (even line: from
            // the left).
            "Each  night the keeper climbed",
            // 28 cells, 5 gaps: two extra spaces, from the right on an odd line.
            "up to the lamp  room,  trimmed",
            // Hyphenated: 28 cells with the hyphen, which stays at the right edge.
            "the  wicks  and wound a clock-",
            // 26 cells, 4 gaps: every gap doubled, the loosest a line may get.
            "work  that  turned  the  great",
            // The last line is ragged.
            "lens until the dawn came.",
        ]
    );
    assert!(lines[2].hyphen);
    // The same words on the same lines as without justification, from the same source.
    let ragged = all_lines(doc, opts(30, 10));
    assert_eq!(
        texts(&ragged),
        vec![
            "Each night the keeper climbed",
            "up to the lamp room, trimmed",
            "the wicks and wound a clock-",
            "work that turned the great",
            "lens until the dawn came.",
        ]
    );
    for (j, r) in lines.iter().zip(&ragged) {
        assert_eq!(
            (&j.src, j.text_start, j.hyphen),
            (&r.src, r.text_start, r.hyphen)
        );
    }
}

#[test]
fn a_line_that_would_more_than_double_its_gaps_stays_ragged() {
    let doc = english(&[(
        BlockKind::Paragraph,
        "The keeper climbed to the lamp room each night, trimmed the wicks, wound the \
         clockwork that turned the lens and wrote the hour in his logbook.",
        0,
        None,
    )]);
    assert_eq!(
        texts(&all_lines(doc, justified(30, 10))),
        vec![
            "The keeper climbed to the lamp",
            "room each night,  trimmed  the",
            // 26 cells, 3 gaps: 4 more spaces would make a gap three wide.
            "wicks, wound the clockwork",
            "that turned the lens and wrote",
            "the hour in his logbook.",
        ]
    );
}

#[test]
fn only_running_text_is_justified_quotes_and_lists_within_their_indent() {
    let calm = "The sea was quite calm that night, and the keeper slept soundly until the bell \
                in the harbour rang twice.";
    let item = Some(ListMark {
        depth: 1,
        marker: Some("12.".into()),
    });
    let doc = english(&[
        (
            BlockKind::Title,
            "The Keeper of the Harbour Clock at Night",
            0,
            None,
        ),
        (
            BlockKind::Heading { level: 2 },
            "A heading long enough to wrap onto two lines",
            0,
            None,
        ),
        (BlockKind::Paragraph, calm, 1, None),
        (BlockKind::Paragraph, calm, 0, item),
        (
            BlockKind::Lines,
            "The tide comes in, the tide goes out\nand the bell rings",
            0,
            None,
        ),
        (
            BlockKind::Code,
            "fn main() { let keeper = lamp.wind(); }",
            0,
            None,
        ),
    ]);
    let lines = all_lines(doc, justified(30, 40));
    assert_eq!(
        texts(&lines),
        vec![
            "The Keeper of the Harbour",
            "Clock at Night",
            "",
            "A heading long enough to wrap",
            "onto two lines",
            "",
            "    The  sea  was  quite  calm",
            "    that night, and the keeper",
            "    slept  soundly  until  the",
            "    bell in the  harbour  rang",
            "    twice.",
            "",
            "12. The  sea  was  quite  calm",
            "    that night, and the keeper",
            "    slept  soundly  until  the",
            "    bell in the  harbour  rang",
            "    twice.",
            "",
            "The tide comes in, the tide",
            "  goes out",
            "and the bell rings",
            "",
            "  fn main() { let keeper = lamp.wind(); }",
        ]
    );
    assert!(lines[0].center && lines[1].center);
}

#[test]
fn cjk_lines_without_spaces_and_single_words_are_left_alone() {
    let text = "日本語の文章は単語の間に空白がありません。それでも正しく折り返す必要があります。";
    let doc = doc_of(&[
        (BlockKind::Paragraph, text),
        (BlockKind::Paragraph, &"x".repeat(50)),
    ]);
    let o = justified(11, 10);
    assert_eq!(
        texts(&all_lines(doc.clone(), o)),
        texts(&all_lines(doc, opts(11, 10)))
    );
}

#[test]
fn spans_and_ranges_follow_their_words_onto_stretched_lines() {
    let mut b = DocumentBuilder::new(Meta {
        language: Some("en".into()),
        ..Meta::default()
    });
    let strong = Style {
        strong: true,
        ..Style::default()
    };
    let link = Style {
        link: Some(0),
        ..Style::default()
    };
    let keeper = |w: &str| KEEPER.find(w).map_or(0..0, |s| s..s + w.len());
    let (room, lamp_room, clockwork) = (keeper("room"), keeper("lamp room"), keeper("clockwork"));
    b.push(
        BlockKind::Paragraph,
        KEEPER,
        vec![
            Span {
                range: lamp_room.clone(),
                style: link,
            },
            Span {
                range: clockwork.clone(),
                style: strong,
            },
        ],
        0,
        None,
    );
    let doc = Arc::new(b.finish());
    let lines = all_lines(doc.clone(), justified(30, 10));
    assert_eq!(lines[1].text, "up to the lamp  room,  trimmed");
    // The link covers both words and the widened gap between them.
    let styled = |l: &Line| -> Vec<String> {
        l.runs
            .iter()
            .map(|r| l.text[r.range.clone()].to_string())
            .collect()
    };
    assert_eq!(styled(&lines[1]), vec!["lamp  room"]);
    // The strong word is split: its first half and the hyphen, then the rest.
    assert_eq!(styled(&lines[2]), vec!["clock-"]);
    assert_eq!(styled(&lines[3]), vec!["work"]);
    // Document ranges map onto the stretched text.
    let shown = |l: &Line, r: Range<usize>| l.shown(&doc.text, &r).map(|r| l.text[r].to_string());
    assert_eq!(shown(&lines[1], room.clone()).as_deref(), Some("room"));
    assert_eq!(shown(&lines[1], lamp_room).as_deref(), Some("lamp  room"));
    // From the space before "room" (a gap) to the end of the line: the whole gap.
    assert_eq!(
        shown(&lines[1], room.start - 1..lines[1].src.end).as_deref(),
        Some("  room,  trimmed")
    );
    assert_eq!(
        shown(&lines[2], clockwork.clone()).as_deref(),
        Some("clock-")
    );
    assert_eq!(shown(&lines[3], clockwork).as_deref(), Some("work"));
    let great = keeper("great");
    assert_eq!(shown(&lines[3], great.clone()).as_deref(), Some("great"));
    assert_eq!(shown(&lines[2], great), None);
}

#[test]
fn turning_justification_on_or_off_lays_out_again() {
    let doc = english(&[(BlockKind::Paragraph, KEEPER, 0, None)]);
    let mut layout = Layout::new(doc.clone(), opts(30, 10));
    let ragged = layout.page(0).map(texts);
    layout.reconfigure(justified(30, 10));
    assert_eq!(layout.line_count(), 0);
    let stretched = layout.page(0).map(texts);
    assert_eq!(
        stretched,
        Layout::new(doc, justified(30, 10)).page(0).map(texts)
    );
    assert_ne!(stretched, ragged);
    layout.reconfigure(opts(30, 10));
    assert_eq!(layout.page(0).map(texts), ragged);
}

#[test]
fn without_hyphenation_no_word_is_broken_with_a_hyphen() {
    let b = german_compound();
    let off = LayoutOptions {
        hyphenate: false,
        ..opts(18, 10)
    };
    let lines = all_lines(Arc::new(b.finish()), off);
    // The compound does not fit: it is cut where the line is full (18 cells), with no hyphen.
    assert_eq!(
        texts(&lines),
        vec![
            "Die",
            "Donaudampfschifffa",
            "hrtsgesellschaftsk",
            "apitäne tagten."
        ]
    );
    assert!(lines.iter().all(|l| !l.hyphen));
    // Soft hyphens stay invisible and break nothing; a word's own hyphen is still a break.
    let doc = doc_of(&[(
        BlockKind::Paragraph,
        "aaaa bbbb cc\u{ad}dd\u{ad}ee ff well-known",
    )]);
    let off = LayoutOptions {
        hyphenate: false,
        ..opts(15, 10)
    };
    let lines = all_lines(doc.clone(), off);
    assert_eq!(texts(&lines), vec!["aaaa bbbb", "ccddee ff well-", "known"]);
    assert!(lines.iter().all(|l| !l.hyphen));
    let on = all_lines(doc, opts(15, 10));
    assert_eq!(texts(&on), vec!["aaaa bbbb ccdd-", "ee ff well-", "known"]);
}

/// `Line::shown` as it was before justification (it walked text and document side by side
/// knowing only soft hyphens and an inserted hyphen), with the fix that a range starting at or
/// after the break does not take the hyphen. Ragged lines must map exactly as it does.
fn shown_before_justification(
    line: &Line,
    doc: &str,
    range: &Range<usize>,
) -> Option<Range<usize>> {
    if line.is_blank() {
        return None;
    }
    let visible = line.text.len() - usize::from(line.hyphen);
    let source = doc.get(line.text_start..line.src.end.max(line.text_start))?;
    let mut map_end = line.text_start;
    let mut to_text = |off: usize| -> usize {
        let mut shown = 0;
        for (i, c) in source.char_indices() {
            if line.text_start + i >= off || shown >= visible {
                break;
            }
            if c != '\u{ad}' {
                shown += c.len_utf8();
            }
            map_end = line.text_start + i + c.len_utf8();
        }
        shown.min(visible)
    };
    let a = to_text(range.start.max(line.text_start));
    let mut b = to_text(range.end.min(line.src.end));
    if line.hyphen && b == visible && range.end > map_end && a < visible {
        b = line.text.len();
    }
    (a < b).then_some(a..b)
}

/// Runs of spaces as one: justified text against ragged text.
fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

/// Document ranges of the words (runs of non-spaces) of a block's text.
fn word_ranges(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        let text = doc.block_text(b);
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (c == ' ' || c == '\n', start) {
                (true, Some(s)) => {
                    out.push(b.range.start + s..b.range.start + i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
    }
    out
}

/// Whether a ragged line is one justification must stretch: running text, not a block's last
/// line, short of the room after its prefix by no more than its gaps are wide.
fn must_stretch(doc: &Document, line: &Line, column: usize) -> bool {
    let paragraph = line
        .block
        .and_then(|b| doc.blocks.get(b))
        .is_some_and(|b| b.kind == BlockKind::Paragraph);
    let target = column.saturating_sub(width(&line.prefix));
    let gaps = line.text.trim_matches(' ').matches(' ').count();
    let short = target.saturating_sub(width(&line.text));
    paragraph && !line.last && gaps > 0 && short > 0 && short <= gaps
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn justified_lines_are_the_ragged_lines_stretched(doc in arb_doc(), w in 4u16..100, h in 1u16..40) {
        let column = opts(w, h).column();
        let ragged = all_lines(doc.clone(), opts(w, h));
        let stretched = all_lines(doc.clone(), justified(w, h));
        prop_assert_eq!(ragged.len(), stretched.len());
        for (r, j) in ragged.iter().zip(&stretched) {
            // Same source, same words, same everything but the spaces between them.
            prop_assert_eq!(
                (&r.prefix, &r.src, r.text_start, r.hyphen, r.block, r.center, r.first, r.last),
                (&j.prefix, &j.src, j.text_start, j.hyphen, j.block, j.center, j.first, j.last)
            );
            prop_assert_eq!(squeeze(&j.text), squeeze(&r.text));
            prop_assert!(j.cut || j.width() <= column, "{:?} wider than {}", j, column);
            if must_stretch(&doc, r, column) {
                prop_assert_eq!(j.width(), column, "{:?} not stretched from {:?}", j, r);
            } else {
                prop_assert_eq!(&j.text, &r.text, "{:?} should not be stretched", r);
            }
            // Runs cover the same text, the stretched gaps inside them included.
            prop_assert_eq!(r.runs.len(), j.runs.len());
            for (rr, jr) in r.runs.iter().zip(&j.runs) {
                prop_assert_eq!(rr.style, jr.style);
                let shown = j.text.get(jr.range.clone());
                prop_assert!(shown.is_some(), "{:?} outside {:?}", jr, j.text);
                prop_assert_eq!(squeeze(shown.unwrap_or("")), r.text[rr.range.clone()].to_string());
            }
        }
        // Pages are cut at the same lines.
        let mut a = Layout::new(doc.clone(), opts(w, h));
        let mut b = Layout::new(doc, justified(w, h));
        let pages = a.page_count();
        prop_assert_eq!(pages, b.page_count());
        for p in 0..pages {
            prop_assert_eq!(a.page(p).map(<[Line]>::len), b.page(p).map(<[Line]>::len));
            prop_assert_eq!(a.position_of_page(p), b.position_of_page(p));
        }
    }

    #[test]
    fn shown_maps_words_onto_the_stretched_text(
        doc in arb_doc(),
        w in 4u16..100,
        probes in prop::collection::vec((0usize..100_000, 0usize..100), 0..20),
    ) {
        let ragged = all_lines(doc.clone(), opts(w, 10));
        let stretched = all_lines(doc.clone(), justified(w, 10));
        let words = word_ranges(&doc);
        let text = doc.text.as_str();
        for (r, j) in ragged.iter().zip(&stretched) {
            if r.is_blank() || r.src.is_empty() {
                continue;
            }
            let overlapping = words.iter().filter(|wr| wr.start < r.src.end && wr.end > r.src.start);
            for word in overlapping {
                // On ragged lines, exactly as before.
                prop_assert_eq!(r.shown(text, word), shown_before_justification(r, text, word));
                // On stretched lines, the same word (the part of it on this line, with the
                // hyphen of a break).
                let rs = r.shown(text, word).map(|x| r.text[x].to_string());
                let js = j.shown(text, word).map(|x| j.text[x].to_string());
                prop_assert_eq!(&js, &rs, "{:?} in {:?}", &text[word.clone()], j.text);
                // A word wholly on the line shows as itself.
                let visible_end = r.text_start + r.text.len();
                if word.start >= r.text_start && word.end <= r.src.end.min(visible_end) && !r.hyphen {
                    let plain: String = text[word.clone()].chars().filter(|&c| c != '\u{ad}').collect();
                    prop_assert_eq!(js, Some(plain));
                }
            }
            // Any range: the same text but for the width of the gaps.
            for &(start, len) in &probes {
                let mut a = r.src.start + start % (r.src.len() + 1);
                while !text.is_char_boundary(a) { a -= 1; }
                let mut b = (a + len).min(text.len());
                while !text.is_char_boundary(b) { b -= 1; }
                let range = a..b;
                prop_assert_eq!(r.shown(text, &range), shown_before_justification(r, text, &range));
                let rs = r.shown(text, &range).map(|x| r.text[x].to_string());
                let js = j.shown(text, &range).map(|x| squeeze(&j.text[x]));
                prop_assert_eq!(js, rs, "{:?} on {:?}", &text[range.clone()], j.text);
            }
        }
    }

    #[test]
    fn without_hyphenation_lines_show_their_source_unbroken(doc in arb_doc(), w in 4u16..100, justify: bool) {
        let o = LayoutOptions { hyphenate: false, justify, ..opts(w, 10) };
        for line in all_lines(doc.clone(), o) {
            prop_assert!(!line.hyphen, "{:?}", line);
            if line.is_blank() || line.src.is_empty() {
                continue;
            }
            let src: String = doc.text[line.src.clone()].chars().filter(|&c| c != '\u{ad}' && c != '\n').collect();
            prop_assert_eq!(squeeze(src.trim()), squeeze(line.text.trim()));
        }
    }
}

// ---- whole lines let go and wrapped again ----

/// Lets go of every whole line `layout` keeps, so the next page asked for is wrapped again.
fn forget(layout: &mut Layout) {
    layout.tail = Window {
        start: layout.spans.len(),
        lines: Vec::new(),
    };
    layout.near = Window::default();
}

/// Whole lines `layout` keeps.
fn kept(layout: &Layout) -> usize {
    layout.tail.lines.len() + layout.near.lines.len()
}

/// The pages as they were cut when every line was kept: all lines first, then page by page.
fn reference_pages(spans: &[LineSpan], height: usize) -> Vec<Range<usize>> {
    let mut pages: Vec<Range<usize>> = Vec::new();
    loop {
        let mut start = pages.last().map_or(0, |p| p.end);
        while spans.get(start).is_some_and(LineSpan::is_blank) {
            start += 1;
        }
        if start >= spans.len() {
            break;
        }
        pages.push(start..page_end(spans, start, height));
    }
    if pages.is_empty() {
        pages.push(0..0);
    }
    pages
}

/// Every line and page of `doc`, the way they were made with every line kept, and page
/// requests in some order (each maybe after letting go of all lines): each page has exactly
/// the lines it had, and positions map to the same pages.
fn check_against_every_line_kept(
    doc: &Arc<Document>,
    o: LayoutOptions,
    mark_every: usize,
    visits: &[(usize, bool, usize)],
) -> Result<(), TestCaseError> {
    let lines = all_lines(doc.clone(), o);
    let spans: Vec<LineSpan> = lines.iter().map(|l| LineSpan::of(l, doc)).collect();
    let pages = reference_pages(&spans, usize::from(o.height.max(1)));
    let mut layout = Layout::new(doc.clone(), o);
    layout.mark_every = mark_every;
    for &(v, drop, probe) in visits {
        let p = v % (pages.len() + 1);
        if drop {
            forget(&mut layout);
        }
        let expected = pages.get(p).map(|r| &lines[r.clone()]);
        prop_assert_eq!(layout.page(p), expected, "page {} of {}", p, pages.len());
        let top = pages.get(p.min(pages.len() - 1)).map_or(0, |r| {
            let on = &spans[r.clone()];
            on.iter()
                .find(|l| !l.src.is_empty())
                .or(on.first())
                .map_or(0, |l| l.src.start)
        });
        prop_assert_eq!(layout.position_of_page(p), TextPos(top));
        if !doc.text.is_empty() {
            let pos = probe % doc.text.len();
            let line = spans.partition_point(|l| l.src.end <= pos);
            let page = pages
                .partition_point(|r| r.end <= line)
                .min(pages.len() - 1);
            prop_assert_eq!(layout.page_of(TextPos(pos)), page, "position {}", pos);
        }
    }
    prop_assert_eq!(layout.page_count(), pages.len());
    prop_assert_eq!(layout.line_spans(), &spans[..]);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_page_wrapped_again_has_exactly_the_lines_it_had(
        doc in arb_doc(),
        w in 4u16..100,
        h in 1u16..40,
        hyphenate: bool,
        justify: bool,
        mark_every in 1usize..100,
        visits in prop::collection::vec((0usize..1000, any::<bool>(), 0usize..100_000), 1..30),
    ) {
        let o = LayoutOptions { hyphenate, justify, ..opts(w, h) };
        check_against_every_line_kept(&doc, o, mark_every, &visits)?;
    }
}

#[test]
fn a_huge_single_line_is_wrapped_again_piece_by_piece() {
    let words: Vec<String> = (0..40_000)
        .map(|i| format!("harbour{} keeper", i % 997))
        .collect();
    let text = words.join(" ");
    assert!(text.len() > 20 * CHUNK);
    let doc = english(&[(BlockKind::Paragraph, &text, 0, None)]);
    // Pages in a scattered order, each after letting go of every line, then some without.
    let mut visits: Vec<(usize, bool, usize)> = (0..40)
        .map(|i| ((i * 7919) % 1000, i % 3 != 0, i * 104_729))
        .collect();
    visits.extend((0..10).map(|i| (i + 500, false, 0)));
    for o in [justified(61, 20), opts(33, 7)] {
        if let Err(e) = check_against_every_line_kept(&doc, o, MARK_EVERY, &visits) {
            panic!("{o:?}: {e}");
        }
    }
}

#[test]
fn a_whole_layout_keeps_few_whole_lines() {
    let doc = numbered(&vec![60; 2000]);
    let mut layout = Layout::new(doc, opts(72, 24));
    let pages = layout.page_count();
    assert!(layout.line_count() > 10_000);
    assert!(kept(&layout) < 200, "{} whole lines kept", kept(&layout));
    // Paging about keeps a few pages' worth, wherever it goes.
    for p in [0, pages / 2, pages / 2 + 1, pages / 2 - 1, pages - 1, 3] {
        assert!(layout.page(p).is_some_and(|l| !l.is_empty()));
        assert!(kept(&layout) < 400, "{} whole lines kept", kept(&layout));
    }
    // The marks are a small share of the lines.
    assert!(layout.marks.len() <= layout.line_count() / MARK_EVERY + 1);
}

#[test]
fn a_height_change_after_lines_were_let_go_cuts_the_same_pages() {
    let doc = numbered(&vec![30; 200]);
    let mut layout = Layout::new(doc.clone(), opts(40, 20));
    layout.page_count();
    forget(&mut layout);
    layout.reconfigure(opts(40, 31));
    let mut fresh = Layout::new(doc, opts(40, 31));
    assert_eq!(layout.page_count(), fresh.page_count());
    for p in [17, 0, 5, 6, 4, fresh.page_count() - 1] {
        assert_eq!(layout.page(p).map(texts), fresh.page(p).map(texts));
    }
}

#[test]
fn inline_code_and_urls_are_never_hyphenated() {
    let text = "Lies die Eigenschaft statusTextVerwaltung und https://beispiel.de/versicherungsbedingungen heute.";
    let code = text.find("statusText").unwrap_or(0);
    let mut b = DocumentBuilder::new(Meta {
        language: Some("de".into()),
        ..Meta::default()
    });
    let style = Style {
        code: true,
        ..Style::default()
    };
    let spans = vec![Span {
        range: code..code + "statusTextVerwaltung".len(),
        style,
    }];
    b.push(BlockKind::Paragraph, text, spans, 0, None);
    let doc = Arc::new(b.finish());
    for w in [24u16, 30, 36] {
        let shown = texts(&all_lines(doc.clone(), opts(w, 10)));
        assert!(
            shown.iter().any(|l| l.contains("statusTextVerwaltung")),
            "{shown:?}"
        );
        // The URL is wider than the column: cut between graphemes, never with a hyphen.
        assert!(shown.iter().all(|l| !l.ends_with('-')), "{shown:?}");
    }
}

#[test]
fn without_hyphenation_a_soft_hyphen_shows_no_hyphen() {
    let doc = doc_of(&[(BlockKind::Paragraph, "aaaa bbbb cc\u{ad}dd\u{ad}ee ff")]);
    let o = LayoutOptions {
        hyphenate: false,
        ..opts(15, 10)
    };
    assert_eq!(texts(&all_lines(doc, o)), vec!["aaaa bbbb", "ccddee ff"]);
}
