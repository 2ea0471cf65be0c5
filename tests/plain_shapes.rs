//! Plain text as people really write it (issue 14): verses, licences, manuals, Chinese and
//! Korean, on fixtures of each shape in `tests/fixtures/plain/` (ours, made up for these
//! tests). What a reader sees is checked on the document's blocks and on the piped output.

use folio::document::{BlockKind, Document};
use folio::format::Format;
use folio::layout::width;
use folio::textout;
use std::sync::Arc;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/plain/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(name: &str) -> Document {
    Format::Plain.parse(&fixture(name))
}

/// (level, text) of every heading.
fn headings(doc: &Document) -> Vec<(u8, &str)> {
    doc.blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading { level } => Some((level, doc.block_text(b))),
            _ => None,
        })
        .collect()
}

/// (depth, marker, text) of every list block.
fn list_items(doc: &Document) -> Vec<(u8, Option<&str>, &str)> {
    doc.blocks
        .iter()
        .filter_map(|b| {
            let l = b.list.as_ref()?;
            Some((l.depth, l.marker.as_deref(), doc.block_text(b)))
        })
        .collect()
}

fn piped(doc: Document, columns: u16) -> String {
    textout::to_string(Arc::new(doc), columns)
}

#[test]
fn verses_are_one_per_line_in_every_chapter_under_consistent_headings() {
    let doc = parse("verses.txt");
    assert_eq!(doc.meta.title.as_deref(), Some("THE BOOK OF THE KEEPERS"));
    assert_eq!(
        headings(&doc),
        [
            (1, "The Book of Hives"),
            (2, "Hives 1"),
            (2, "Hives 2"),
            (2, "Hives 3"),
            (1, "The Book of Meadows"),
            (2, "Meadows 1"),
            (2, "Meadows 2"),
        ]
    );
    // Every block after the first heading is a heading or verses, one verse a line.
    let first = doc
        .blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .unwrap_or(0);
    let mut verses = 0;
    for b in &doc.blocks[first..] {
        match b.kind {
            BlockKind::Heading { .. } => {}
            BlockKind::Lines => {
                for line in doc.block_text(b).lines() {
                    let number = line.split(' ').next().unwrap_or("");
                    assert!(number.parse::<u32>().is_ok(), "not a verse: {line:?}");
                    verses += 1;
                }
            }
            ref other => panic!("{other:?} in the verses: {:?}", doc.block_text(b)),
        }
    }
    assert_eq!(verses, 11 + 6 + 6 + 8 + 5);
    // A wrapped line that starts with a number that does not follow is not a verse.
    assert!(doc.text.contains("5 Thus the hive grew tall, and the neighbours came to see it, and the miller's boy counted them as they landed and said there were 930 bees in one minute"));
}

#[test]
fn a_wrapped_verse_hangs_under_its_text_at_every_width() {
    for columns in [40u16, 60, 72, 120] {
        let out = piped(parse("verses.txt"), columns);
        let lines: Vec<&str> = out.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with("11 She sat by the window"))
            .unwrap_or_else(|| panic!("verse 11 at {columns}:\n{out}"));
        // The verse's wrapped lines hang three columns in, under "She".
        let rest: Vec<&&str> = lines[start + 1..]
            .iter()
            .take_while(|l| !l.is_empty())
            .collect();
        if columns < 120 {
            assert!(!rest.is_empty(), "verse 11 fits in {columns}?");
        }
        for l in rest {
            assert!(
                l.starts_with("   ") && !l.starts_with("    "),
                "{l:?} at {columns}"
            );
        }
    }
}

#[test]
fn references_with_book_names_and_a_title_field() {
    let doc = parse("verse-references.txt");
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("The Chronicle of the Keepers")
    );
    assert_eq!(doc.meta.author.as_deref(), Some("The folio authors"));
    // The books' titles are headings; the chapters are only in the references.
    assert_eq!(
        headings(&doc),
        [
            (1, "The Book of Hives: Called the First Book"),
            (1, "The Book of Meadows: Called the Second Book")
        ]
    );
    let verses = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Lines)
        .filter(|b| {
            let t = doc.block_text(b);
            t.starts_with("Hives ") || t.starts_with("Meadows ")
        })
        .count();
    assert_eq!(verses, 11 + 6 + 6 + 8 + 5);
    let out = piped(doc, 40);
    // "Hives 1:3 " is ten columns: the verse's other lines hang under its text.
    let i = out.find("Hives 1:3 She counted").unwrap_or(0);
    let next = out[i..].lines().nth(1).unwrap_or("");
    assert!(
        next.starts_with(&" ".repeat(10)) && !next.starts_with(&" ".repeat(11)),
        "{next:?}"
    );
}

#[test]
fn a_licence_has_its_title_sections_and_reflowed_nested_items() {
    let doc = parse("licence.txt");
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("THE ORCHARD PUBLIC LICENCE")
    );
    assert_eq!(
        headings(&doc),
        [
            (2, "Preamble"),
            (2, "TERMS AND CONDITIONS"),
            (2, "0. Definitions."),
            (2, "1. Picking."),
            (2, "2. Grafting."),
            (2, "3. Seeds."),
            (2, "4. No Warranty."),
            (2, "END OF TERMS AND CONDITIONS"),
        ]
    );
    let items = list_items(&doc);
    let shape: Vec<(u8, Option<&str>)> = items.iter().map(|(d, m, _)| (*d, *m)).collect();
    assert_eq!(
        shape,
        [
            (1, Some("a)")),
            (1, Some("b)")),
            (1, Some("c)")),
            (2, Some("1)")),
            (2, Some("2)")),
            (1, Some("d)")),
        ]
    );
    assert!(items.iter().all(|(_, _, t)| !t.contains('\n')));
    // Reflowed at every width: at 200 columns item b) is one line, at 40 several, each
    // continuation line hanging under the text.
    let wide = piped(parse("licence.txt"), 200);
    assert!(
        wide.lines()
            .any(|l| l.starts_with("b) You must tell") && l.ends_with("fruit sold."))
    );
    let narrow = piped(parse("licence.txt"), 40);
    let b: Vec<&str> = narrow
        .lines()
        .skip_while(|l| !l.starts_with("b) "))
        .take_while(|l| !l.starts_with("c) "))
        .collect();
    assert!(
        b.len() > 3 && b[1..].iter().all(|l| l.starts_with("   ")),
        "{b:?}"
    );
}

#[test]
fn a_manual_keeps_one_contents_entry_per_line_and_nests_its_lists() {
    let doc = parse("manual.txt");
    assert_eq!(doc.meta.title.as_deref(), Some("The Hive Logger Manual"));
    let items = list_items(&doc);
    let contents: Vec<(u8, Option<&str>, &str)> = items.iter().take(8).copied().collect();
    assert_eq!(
        contents,
        [
            (1, Some("1."), "Introduction"),
            (1, Some("2."), "Installation"),
            (2, Some("2.1."), "Requirements"),
            (2, Some("2.2."), "Building from source"),
            (1, Some("3."), "Daily use"),
            (2, Some("3.1."), "Recording a visit"),
            (2, Some("3.2."), "Reading the log"),
            (1, None, "Appendix: Files"),
        ]
    );
    let bullets: Vec<(u8, Option<&str>)> = items[8..].iter().map(|(d, m, _)| (*d, *m)).collect();
    assert_eq!(
        bullets,
        [
            (1, Some("•")),
            (1, Some("•")),
            (2, Some("◦")),
            (2, Some("◦")),
            (1, Some("•")),
            (1, Some("•")),
            (1, Some("•")),
            (1, Some("•")),
        ]
    );
    assert!(
        items[8].2.starts_with(
            "A computer with a terminal and about ten megabytes of free disk space for"
        )
    );
}

#[test]
fn chinese_joins_without_spaces_and_korean_keeps_them() {
    let zh = parse("chinese.txt");
    assert_eq!(zh.meta.title.as_deref(), Some("养蜂日志程序使用手册"));
    assert_eq!(zh.blocks.len(), 5);
    assert!(
        zh.blocks[1..]
            .iter()
            .all(|b| b.kind == BlockKind::Paragraph)
    );
    assert!(!zh.text.contains(' '), "{}", zh.text);
    assert!(
        zh.text
            .contains("旨在作为一份简单而可靠的工具，提供广泛的概览")
    );
    let ko = parse("korean.txt");
    assert_eq!(ko.blocks.len(), 4);
    assert!(
        ko.blocks[1..]
            .iter()
            .all(|b| b.kind == BlockKind::Paragraph)
    );
    // The source's line breaks became the spaces between words they were.
    assert!(ko.text.contains("가상의 벌통 일지 프로그램을"));
    assert!(ko.text.contains("상태, 그리고"));
    for columns in [40u16, 72] {
        for name in ["chinese.txt", "korean.txt"] {
            let out = piped(parse(name), columns);
            assert!(out.lines().all(|l| width(l) <= usize::from(columns)));
        }
    }
}

mod unwrapping {
    use super::*;
    use proptest::prelude::*;

    /// A word of prose, sometimes with a comma or a full stop.
    fn word() -> impl Strategy<Value = String> {
        ("[a-z]{1,10}", prop_oneof![Just(""), Just(","), Just(".")])
            .prop_map(|(w, p)| format!("{w}{p}"))
    }

    /// One paragraph's source: prose, numbered items or numbered verses.
    fn paragraph() -> impl Strategy<Value = (u8, Vec<Vec<String>>)> {
        (
            0u8..3,
            prop::collection::vec(prop::collection::vec(word(), 3..30), 1..5),
        )
    }

    fn wrap(words: &[String], first: &str, width: usize) -> Vec<String> {
        let mut lines = vec![first.to_string()];
        for w in words {
            let last = lines.last_mut().map(|l| (l.len(), l));
            match last {
                Some((len, l)) if len == 0 || len + 1 + w.len() <= width => {
                    if len > 0 {
                        l.push(' ');
                    }
                    l.push_str(w);
                }
                _ => lines.push(w.clone()),
            }
        }
        lines
    }

    fn non_space(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Hard-wrapped prose, numbered lists and verses, unwrapped and wrapped again at any
        /// width, keep every non-space character in order.
        #[test]
        fn unwrapping_and_rewrapping_keeps_every_character(
            paras in prop::collection::vec(paragraph(), 1..8),
            source_width in 45usize..80,
            columns in 20u16..140,
        ) {
            let mut source = String::from("A Title\n\n");
            let mut verse = 0;
            for (kind, units) in &paras {
                let mut lines = Vec::new();
                for (i, words) in units.iter().enumerate() {
                    let first = match kind {
                        0 => String::new(),
                        1 => format!("{}.", i + 1),
                        _ => {
                            verse += 1;
                            format!("{verse}")
                        }
                    };
                    lines.extend(wrap(words, &first, source_width));
                    if *kind == 0 {
                        // Prose: one unit a paragraph.
                        lines.push(String::new());
                    }
                }
                source.push_str(&lines.join("\n"));
                source.push_str("\n\n");
            }
            let doc = Format::Plain.parse(&source);
            let out = piped(doc, columns);
            prop_assert_eq!(non_space(&out), non_space(&source));
        }
    }
}
