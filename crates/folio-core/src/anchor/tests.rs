use super::*;
use crate::document::{BlockKind, DocumentBuilder, Meta};

fn doc(paragraphs: &[&str]) -> Document {
    let mut b = DocumentBuilder::new(Meta::default());
    for p in paragraphs {
        b.push(BlockKind::Paragraph, p, vec![], 0, None);
    }
    b.finish()
}

/// The byte range of the `n`-th (0-based) occurrence of `needle`.
fn find(d: &Document, needle: &str, n: usize) -> Range<TextPos> {
    let Some((at, _)) = d.text.match_indices(needle).nth(n) else {
        panic!("{needle:?} #{n} not in the text");
    };
    TextPos(at)..TextPos(at + needle.len())
}

/// Anchors the first `quote` in a document of `before`'s paragraphs, then resolves the anchor
/// in one of `after`'s: the edited document and where the quote is now.
fn edited(before: &[&str], quote: &str, after: &[&str]) -> (Document, Placement) {
    let d = doc(before);
    let a = anchor(&d, &Index::new(&d), find(&d, quote, 0));
    let e = doc(after);
    let p = resolve(&e, &Index::new(&e), &a);
    (e, p)
}

fn text_of<'a>(d: &'a Document, p: &Placement) -> &'a str {
    p.range()
        .and_then(|r| d.text.get(r.start.0..r.end.0))
        .unwrap_or("<orphan>")
}

fn on_boundaries(d: &Document, p: &Placement) -> bool {
    p.range().is_none_or(|r| {
        r.start <= r.end && d.text.is_char_boundary(r.start.0) && d.text.is_char_boundary(r.end.0)
    })
}

const UNICODE: &[&str] = &[
    "Die Fähre über den Fluß legte um sieben Uhr ab; Müller wartete am Kai.",
    "東京の朝は静かだった。川沿いの道を歩くと、古い橋が見えた。",
    "Then the lights 🙂 went out, one 🚢 after another, until only the lighthouse remained.",
    "Combining marks: e\u{301}te\u{301} and naïve café, with a zero\u{200d}width joiner.",
];

// ---------------------------------------------------------------- the offset index

#[test]
fn index_maps_every_boundary_both_ways() {
    let long = UNICODE.join(" ").repeat(40); // several checkpoints
    for text in [
        "plain ascii text",
        "",
        UNICODE[0],
        UNICODE[1],
        UNICODE[2],
        long.as_str(),
    ] {
        let d = doc(&[text]);
        let ix = Index::new(&d);
        assert_eq!(ix.chars(), d.text.chars().count() as u64);
        for (n, (i, _)) in d
            .text
            .char_indices()
            .chain(std::iter::once((d.text.len(), ' ')))
            .enumerate()
        {
            assert_eq!(ix.to_chars(&d, TextPos(i)), n as u64, "{text:?} at {i}");
            assert_eq!(
                ix.to_pos(&d, n as u64),
                Some(TextPos(i)),
                "{text:?} char {n}"
            );
        }
        assert_eq!(ix.to_pos(&d, ix.chars() + 1), None);
        assert_eq!(ix.to_pos(&d, u64::MAX), None);
        assert_eq!(ix.to_chars(&d, TextPos(usize::MAX)), ix.chars());
    }
}

#[test]
fn index_snaps_positions_inside_a_character_back() {
    let d = doc(&["aé東🙂b"]);
    let ix = Index::new(&d);
    // "é" is bytes 1..3, "東" 3..6, "🙂" 6..10.
    assert_eq!(ix.to_chars(&d, TextPos(2)), 1);
    assert_eq!(ix.to_chars(&d, TextPos(5)), 2);
    assert_eq!(ix.to_chars(&d, TextPos(9)), 3);
    assert_eq!(ix.to_pos(&d, 4), Some(TextPos(10)));
}

#[test]
fn index_given_another_document_still_answers_correctly() {
    let a = doc(&["Fähre über den Fluß"]);
    let b = doc(&["東京の朝は静かだった。 Fähre"]);
    let ix = Index::new(&a);
    assert_eq!(ix.to_chars(&b, TextPos(b.text.len())), 17);
    assert_eq!(ix.to_pos(&b, 11), Some(TextPos(33)));
    let anchor = anchor(&b, &ix, find(&b, "Fähre", 0));
    assert_eq!(anchor.start, 12);
    assert_eq!(
        resolve(&b, &ix, &anchor),
        Placement::Exact(find(&b, "Fähre", 0))
    );
    assert_eq!(Index::default().to_pos(&b, 0), Some(TextPos(0)));
}

// ---------------------------------------------------------------- making anchors

#[test]
fn an_anchor_counts_code_points_and_keeps_32_characters_of_context() {
    let d = doc(&[UNICODE[1], UNICODE[0]]);
    let ix = Index::new(&d);
    let r = find(&d, "Müller wartete", 0);
    let a = anchor(&d, &ix, r.clone());
    assert_eq!(a.exact, "Müller wartete");
    let start = d.text[..r.start.0].chars().count() as u64;
    assert_eq!((a.start, a.end), (start, start + 14));
    assert_eq!(a.prefix.chars().count(), CONTEXT);
    assert!(d.text[..r.start.0].ends_with(&a.prefix));
    assert_eq!(a.suffix, " am Kai.");
    // At the very start: no prefix.
    let a = anchor(&d, &ix, TextPos(0)..TextPos(6));
    assert_eq!((a.prefix.as_str(), a.exact.as_str()), ("", "東京"));
}

#[test]
fn bad_ranges_are_ordered_clamped_and_snapped() {
    let d = doc(&["aé東🙂b"]);
    let ix = Index::new(&d);
    let a = anchor(&d, &ix, TextPos(9)..TextPos(2));
    assert_eq!((a.exact.as_str(), a.start, a.end), ("é東🙂", 1, 4));
    let a = anchor(&d, &ix, TextPos(4)..TextPos(1000));
    assert_eq!((a.exact.as_str(), a.start, a.end), ("東🙂b", 2, 5));
    let a = anchor(&d, &ix, TextPos(500)..TextPos(900));
    assert_eq!((a.exact.as_str(), a.start, a.end), ("", 5, 5));
    assert_eq!(a.prefix, "aé東🙂b");
    let empty = Document::default();
    let a = anchor(&empty, &Index::new(&empty), TextPos(3)..TextPos(1));
    assert_eq!(a, Anchor::default());
}

#[test]
fn a_position_quotes_to_the_end_of_the_sentence() {
    let d = doc(&[
        "Short. Then a longer sentence follows here, and it ends. Another one.",
        "Next paragraph.",
    ]);
    let ix = Index::new(&d);
    let a = position(&d, &ix, TextPos(0));
    assert_eq!(
        a.exact,
        "Short. Then a longer sentence follows here, and it ends."
    );
    assert_eq!(a.start, 0);
    assert_eq!(a.end, a.exact.chars().count() as u64);
    // Near the end of a paragraph: stops at the paragraph break once long enough.
    let p = find(&d, "and it ends", 0).start;
    let a = position(&d, &ix, p);
    assert_eq!(a.exact, "and it ends. Another one.");
    let p = find(&d, "Another", 0).start;
    assert_eq!(
        position(&d, &ix, p).exact,
        "Another one.\n\nNext paragraph."
    );
    // At the end: empty, resolved by position.
    let a = position(&d, &ix, TextPos(d.text.len()));
    assert_eq!(a.exact, "");
    assert_eq!(
        resolve(&d, &ix, &a).range(),
        Some(TextPos(d.text.len())..TextPos(d.text.len()))
    );
}

#[test]
fn a_position_is_at_most_64_characters_cut_at_a_space() {
    let words = "word ".repeat(40);
    let d = doc(&[&words, UNICODE[1]]);
    let ix = Index::new(&d);
    let a = position(&d, &ix, TextPos(0));
    assert!(a.exact.chars().count() <= POSITION_MAX_CHARS);
    assert!(a.exact.ends_with("word"), "{:?}", a.exact);
    // CJK: sentence ends at 。 without a following space.
    let p = find(&d, "東京", 0).start;
    let a = position(&d, &ix, p);
    assert_eq!(
        a.exact,
        "東京の朝は静かだった。川沿いの道を歩くと、古い橋が見えた。"
    );
    // Inside a character: snapped to its start.
    let a = position(&d, &ix, TextPos(p.0 + 1));
    assert!(a.exact.starts_with("東京"));
}

// ---------------------------------------------------------------- stage 1: exact

#[test]
fn unchanged_text_resolves_exactly_in_every_script() {
    let d = doc(UNICODE);
    let ix = Index::new(&d);
    for q in [
        "Fähre über",
        "川沿いの道",
        "🙂 went out, one 🚢",
        "naïve café",
        "e\u{301}te\u{301}",
    ] {
        let r = find(&d, q, 0);
        let a = anchor(&d, &ix, r.clone());
        assert_eq!(resolve(&d, &ix, &a), Placement::Exact(r), "{q}");
    }
    for p in [0, 5, 80, d.text.len() / 2] {
        let p = TextPos(floor_boundary(&d.text, p));
        let a = position(&d, &ix, p);
        assert_eq!(resolve(&d, &ix, &a).range().map(|r| r.start), Some(p));
    }
}

#[test]
fn an_edited_context_still_resolves_exactly_at_the_stored_place() {
    let (e, p) = edited(
        &["The quick brown fox jumps over the lazy dog near the river bank."],
        "jumps over the lazy dog",
        &["The quick brown cat jumps over the lazy dog near the old river bank."],
    );
    // Same length edit before: still at the stored offsets.
    assert_eq!(p, Placement::Exact(find(&e, "jumps over the lazy dog", 0)));
}

// ---------------------------------------------------------------- stage 2: moved

#[test]
fn text_inserted_before_moves_the_quote() {
    let d = doc(&[UNICODE[0], UNICODE[1], UNICODE[2]]);
    let ix = Index::new(&d);
    let anchors: Vec<Anchor> = ["legte um sieben", "古い橋", "🙂 went out"]
        .iter()
        .map(|q| anchor(&d, &ix, find(&d, q, 0)))
        .collect();
    let e = doc(&[
        "A new first paragraph, with ümlauts and 漢字.",
        UNICODE[0],
        UNICODE[1],
        UNICODE[2],
    ]);
    let ix = Index::new(&e);
    for a in &anchors {
        let p = resolve(&e, &ix, a);
        assert!(matches!(p, Placement::Moved(_)), "{p:?}");
        assert_eq!(text_of(&e, &p), a.exact);
    }
}

fn five_copies(extra_before: &str) -> Document {
    let s = "The committee will meet again next week to decide.";
    doc(&[
        extra_before,
        &format!("First the budget was read out. {s} Nobody objected to that."),
        &format!("Then came the roads and bridges. {s} The mayor left early."),
        &format!("After lunch the schools were discussed. {s} Teachers applauded."),
        &format!("Later the harbour fees rose sharply. {s} Fishermen protested loudly."),
        &format!("Finally the library hours were set. {s} Everyone went home."),
    ])
}

#[test]
fn a_repeated_sentence_resolves_to_the_copy_with_its_context() {
    let s = "The committee will meet again next week to decide.";
    let d = five_copies("Minutes.");
    let ix = Index::new(&d);
    let a = anchor(&d, &ix, find(&d, s, 2));
    assert_eq!(resolve(&d, &ix, &a), Placement::Exact(find(&d, s, 2)));
    // Text inserted before shifts everything by about one paragraph: the stored offset now
    // falls near (or exactly on) another copy; the context picks the right one.
    let shift = "After lunch the schools were discussed. Teachers applauded. Minutes.";
    for before in [shift, "Minutes of the long meeting.", "x"] {
        let e = five_copies(before);
        let p = resolve(&e, &Index::new(&e), &a);
        assert_eq!(p.range(), Some(find(&e, s, 2)), "{before:?}");
    }
    // The copy was deleted: the other four do not have its context, so it is an orphan.
    let e = doc(&[
        "Minutes.",
        &format!("First the budget was read out. {s} Nobody objected to that."),
        &format!("Then came the roads and bridges. {s} The mayor left early."),
        "After lunch the schools were discussed. Teachers applauded.",
        &format!("Later the harbour fees rose sharply. {s} Fishermen protested loudly."),
        &format!("Finally the library hours were set. {s} Everyone went home."),
    ]);
    assert_eq!(resolve(&e, &Index::new(&e), &a), Placement::Orphan);
}

#[test]
fn among_copies_with_the_same_context_the_nearest_wins() {
    let unit = "Subscribe to our newsletter for more stories like this one.";
    let paras: Vec<&str> = std::iter::repeat_n(unit, 5).collect();
    let d = doc(&paras);
    let ix = Index::new(&d);
    for n in 0..5 {
        let a = anchor(&d, &ix, find(&d, "newsletter for more", n));
        // The middle copies have identical context on both sides.
        let mut more = vec!["Intro."];
        more.extend(paras.iter());
        let e = doc(&more);
        let p = resolve(&e, &Index::new(&e), &a);
        assert_eq!(
            p.range(),
            Some(find(&e, "newsletter for more", n)),
            "copy {n}"
        );
    }
}

#[test]
fn a_unique_long_quote_moves_even_when_its_context_changed() {
    let d = doc(&[
        "Alpha beta.",
        "The lighthouse keeper counted the ships every night.",
        "Gamma.",
    ]);
    let ix = Index::new(&d);
    let a = anchor(
        &d,
        &ix,
        find(
            &d,
            "The lighthouse keeper counted the ships every night.",
            0,
        ),
    );
    let e = doc(&[
        "Completely new opening text here.",
        "Something else entirely.",
        "The lighthouse keeper counted the ships every night.",
        "A different ending.",
    ]);
    let p = resolve(&e, &Index::new(&e), &a);
    assert!(matches!(p, Placement::Moved(_)), "{p:?}");
    // A short quote with a changed context is not trusted.
    let a = anchor(&d, &ix, find(&d, "the ships", 0));
    let e = doc(&["Unrelated words. We saw the ships leave. More unrelated words here."]);
    assert_eq!(resolve(&e, &Index::new(&e), &a), Placement::Orphan);
}

// ---------------------------------------------------------------- stage 3: fuzzy

#[test]
fn a_typo_fix_inside_the_quote_is_found_fuzzily() {
    let cases = [
        (
            UNICODE[0],
            "Fähre über den Fluß legte",
            "Fähre über den Fluss legte",
        ),
        (
            UNICODE[1],
            "川沿いの道を歩くと、古い橋",
            "川沿いの道を歩いて、古い橋",
        ),
        (
            UNICODE[2],
            "went out, one 🚢 after another",
            "went out, one 🛳 after another",
        ),
        (
            UNICODE[2],
            "until only the lighthouse remained",
            "until only the light-house remained",
        ),
        (UNICODE[3], "naïve café, with", "naive cafe, with"),
    ];
    for (para, quote, fixed) in cases {
        let d = doc(&[
            "Some opening words for context.",
            para,
            "And a closing paragraph.",
        ]);
        let ix = Index::new(&d);
        let a = anchor(&d, &ix, find(&d, quote, 0));
        let e_para = para.replace(quote, fixed);
        let e = doc(&[
            "Some opening words for context.",
            &e_para,
            "And a closing paragraph.",
        ]);
        let p = resolve(&e, &Index::new(&e), &a);
        let Placement::Fuzzy(r, score) = &p else {
            panic!("{quote:?}: {p:?}");
        };
        let want = find(&e, fixed, 0);
        assert!(
            r.start < want.end && want.start < r.end,
            "{quote:?} -> {:?}",
            text_of(&e, &p)
        );
        assert!(*score >= 80, "{quote:?}: score {score}");
        assert!(on_boundaries(&e, &p));
    }
}

#[test]
fn whitespace_changes_inside_the_quote_cost_nothing() {
    // Split into two paragraphs at the quote's space.
    let (e, p) = edited(
        &[
            "The first part of the story ends here. The second part begins with a storm.",
            "Then calm.",
        ],
        "ends here. The second part",
        &[
            "The first part of the story ends here.",
            "The second part begins with a storm.",
            "Then calm.",
        ],
    );
    assert_eq!(text_of(&e, &p), "ends here.\n\nThe second part");
    assert!(matches!(p, Placement::Fuzzy(_, s) if s >= 95), "{p:?}");
    // Merge back: the quote spanning a paragraph break is found in the merged paragraph.
    let a = anchor(&e, &Index::new(&e), find(&e, "storm.\n\nThen", 0));
    let f = doc(&[
        "The first part of the story ends here.",
        "The second part begins with a storm. Then calm.",
    ]);
    let p = resolve(&f, &Index::new(&f), &a);
    assert_eq!(text_of(&f, &p), "storm. Then");
}

#[test]
fn a_quote_in_a_long_text_is_found_far_from_its_old_place() {
    // The passage moved by ~200 kB and had a typo fixed: found through the gram index.
    let filler: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                "Paragraph {i} says something about item {} and {}.",
                i * 7,
                i * 13
            )
        })
        .collect();
    let quote = "The unmistakable sentence about the silver heron on the quay.";
    let mut paras: Vec<&str> = filler.iter().map(String::as_str).collect();
    paras.insert(10, quote);
    let d = doc(&paras);
    let ix = Index::new(&d);
    let a = anchor(&d, &ix, find(&d, "silver heron on the quay", 0));
    paras.remove(10);
    let fixed = quote.replace("heron", "herron");
    paras.insert(2900, &fixed);
    let e = doc(&paras);
    let p = resolve(&e, &Index::new(&e), &a);
    assert_eq!(text_of(&e, &p), "silver herron on the quay", "{p:?}");
}

// ---------------------------------------------------------------- orphans

#[test]
fn a_deleted_or_replaced_quote_becomes_an_orphan() {
    let d = doc(&[UNICODE[0], UNICODE[2], UNICODE[1]]);
    let ix = Index::new(&d);
    for q in [
        "Then the lights 🙂 went out, one 🚢 after another",
        "until only the lighthouse",
    ] {
        let a = anchor(&d, &ix, find(&d, q, 0));
        let deleted = UNICODE[2].replace(q, "");
        let replaced = UNICODE[2].replace(q, "the harbour master wrote a letter");
        for para in [deleted.as_str(), replaced.as_str()] {
            let e = doc(&[UNICODE[0], para, UNICODE[1]]);
            assert_eq!(
                resolve(&e, &Index::new(&e), &a),
                Placement::Orphan,
                "{q:?} in {para:?}"
            );
        }
    }
}

// ---------------------------------------------------------------- garbage

#[test]
fn garbage_anchors_never_panic() {
    let d = doc(UNICODE);
    let ix = Index::new(&d);
    let n = ix.chars();
    let huge = "x".repeat(10 << 20);
    let good = anchor(&d, &ix, find(&d, "Müller wartete am Kai.", 0));
    let cases = [
        Anchor::default(),
        Anchor {
            start: n + 5,
            end: n + 9,
            ..Anchor::default()
        },
        Anchor {
            start: u64::MAX,
            end: 0,
            exact: "Fähre".into(),
            ..Anchor::default()
        },
        Anchor {
            start: 30,
            end: 2,
            exact: " \n ".into(),
            ..Anchor::default()
        },
        Anchor {
            start: 3,
            end: u64::MAX,
            exact: "".into(),
            ..Anchor::default()
        },
        Anchor {
            start: 0,
            end: 5,
            exact: huge.clone(),
            ..Anchor::default()
        },
        Anchor {
            prefix: huge.clone(),
            suffix: huge.clone(),
            ..good.clone()
        },
        Anchor {
            start: good.start + 1,
            end: good.start,
            ..good.clone()
        },
        Anchor {
            start: 2,
            end: 3,
            exact: "\u{0}\u{ffff}🙂".into(),
            ..Anchor::default()
        },
        Anchor {
            start: 1,
            end: 2,
            exact: "é".into(),
            prefix: "東".repeat(5000),
            ..Anchor::default()
        },
    ];
    for a in &cases {
        let p = resolve(&d, &ix, a);
        assert!(on_boundaries(&d, &p), "{p:?}");
        let empty = Document::default();
        let _ = resolve(&empty, &Index::new(&empty), a);
        let _ = resolve(&empty, &ix, a);
    }
    // Empty exact: placed by offsets when inside the text, else an orphan.
    assert_eq!(resolve(&d, &ix, &cases[1]), Placement::Orphan);
    assert_eq!(
        resolve(&d, &ix, &cases[4]).range(),
        Some(TextPos(3)..TextPos(d.text.len()))
    );
    let at = ix.to_pos(&d, 30);
    assert_eq!(resolve(&d, &ix, &cases[3]).range(), at.map(|p| p..p));
    // A wrong offset does not stop the quote from being found; huge strings are orphans.
    assert_eq!(text_of(&d, &resolve(&d, &ix, &cases[2])), "Fähre");
    assert_eq!(resolve(&d, &ix, &cases[5]), Placement::Orphan);
    assert_eq!(
        text_of(&d, &resolve(&d, &ix, &cases[6])),
        "Müller wartete am Kai."
    );
    assert_eq!(
        text_of(&d, &resolve(&d, &ix, &cases[7])),
        "Müller wartete am Kai."
    );
    // A short quote whose context disagrees entirely is not trusted, even at its offset.
    let short = anchor(&d, &ix, find(&d, "Müller", 0));
    let garbled = Anchor {
        prefix: "zzzz".repeat(8),
        suffix: "qqqq".repeat(8),
        ..short
    };
    assert_eq!(resolve(&d, &ix, &garbled), Placement::Orphan);
}

proptest::proptest! {
    #[test]
    fn any_anchor_resolves_without_panicking_onto_char_boundaries(
        start in proptest::num::u64::ANY,
        len in 0u64..200,
        exact in "[a-zé東🙂 .\n]{0,40}",
        prefix in "[a-zé東 .]{0,40}",
        suffix in "[a-zé東 .]{0,40}",
        cut in 0usize..400,
    ) {
        let d = doc(&[UNICODE[0], UNICODE[1], "aé東 🙂. é東a"]);
        let ix = Index::new(&d);
        let start = start % (ix.chars() + 20);
        let a = Anchor { start, end: start + len, exact, prefix, suffix, original: None };
        let p = resolve(&d, &ix, &a);
        proptest::prop_assert!(on_boundaries(&d, &p));
        // A real passage always resolves onto itself.
        let cut = floor_boundary(&d.text, cut);
        let end = ceil_boundary(&d.text, cut + len as usize);
        let real = anchor(&d, &ix, TextPos(cut)..TextPos(end));
        let p = resolve(&d, &ix, &real);
        proptest::prop_assert_eq!(p.range(), Some(TextPos(cut)..TextPos(end)));
    }
}

// ---------------------------------------------------------------- boilerplate and bounds

const NOTICE: &str = "Subscribe to our newsletter for more stories like this one.";

#[test]
fn a_repeated_paragraph_keeps_its_place_when_both_neighbours_go() {
    let paras = [
        "Opening words of the piece, about rivers.",
        NOTICE,
        "The ferry crossed twice a day in summer.",
        NOTICE,
        "In winter the ice closed the harbour for weeks.",
        NOTICE,
        "Closing words about the town and its people.",
    ];
    let d = doc(&paras);
    let ix = Index::new(&d);
    let a = anchor(&d, &ix, find(&d, NOTICE, 1));
    // Both neighbours of the second copy deleted: no context left and its old place is gone
    // too, so the copy nearest to the old offset is taken (the only evidence left).
    let e = doc(&[paras[0], paras[1], paras[3], paras[5], paras[6]]);
    let p = resolve(&e, &Index::new(&e), &a);
    let old = ix.to_pos(&d, a.start).map_or(0, |p| p.0);
    let nearest = (0..3)
        .map(|n| find(&e, NOTICE, n))
        .min_by_key(|r| r.start.0.abs_diff(old));
    assert!(matches!(p, Placement::Moved(_)), "{p:?}");
    assert_eq!(p.range(), nearest);
    // The copy itself deleted: its neighbours meet where it was; the others are not it.
    let e = doc(&[paras[0], paras[1], paras[2], paras[4], paras[5], paras[6]]);
    assert_eq!(resolve(&e, &Index::new(&e), &a), Placement::Orphan);
    // Even when only one other copy is left.
    let e = doc(&[paras[0], paras[1], paras[2], paras[4], paras[6]]);
    assert_eq!(resolve(&e, &Index::new(&e), &a), Placement::Orphan);
}

#[test]
fn a_near_duplicate_elsewhere_is_not_taken_for_a_deleted_passage() {
    let quote = "the old mill by the river burned down in the spring of that year";
    let d = doc(&[
        &format!("Everyone in the valley remembers how {quote}, and nobody rebuilt it."),
        "Other things happened later, at the market and in the school.",
        "Travellers still say the old mill by the river burned down in the spring of this year.",
    ]);
    let ix = Index::new(&d);
    let a = anchor(&d, &ix, find(&d, quote, 0));
    let e = doc(&[
        "Everyone in the valley remembers, and nobody rebuilt it.",
        "Other things happened later, at the market and in the school.",
        "Travellers still say the old mill by the river burned down in the spring of this year.",
    ]);
    assert_eq!(resolve(&e, &Index::new(&e), &a), Placement::Orphan);
}

#[test]
fn a_fuzzy_match_stays_within_a_fifth_of_the_quote() {
    let d = doc(&["Before it. The lantern glowed softly. After it."]);
    let ix = Index::new(&d);
    let a = anchor(&d, &ix, find(&d, "lantern glowed", 0)); // 14 chars: at most 2 edits
    for (edited, found) in [
        ("Before it. The lanterns glowed softly. After it.", true),
        ("Before it. The lantern glowd softly. After it.", true),
        // A transposition is two edits.
        ("Before it. The lantren glowed softly. After it.", true),
        ("Before it. The lantren glowd softly. After it.", false),
        ("Before it. The lamp glowed softly. After it.", false),
    ] {
        let e = doc(&[edited]);
        let p = resolve(&e, &Index::new(&e), &a);
        assert_eq!(!p.is_orphan(), found, "{edited:?}: {p:?}");
        if let Placement::Fuzzy(r, _) = &p {
            let t: Vec<char> = e.text[r.start.0..r.end.0].chars().collect();
            let q: Vec<char> = "lantern glowed".chars().collect();
            assert!(myers::Pattern::new(&q).distance(&t) <= 2, "{t:?}");
        }
    }
}

#[test]
fn verse_keeps_its_lines_and_a_changed_indent_is_whitespace() {
    let mut b = DocumentBuilder::new(Meta::default());
    b.push(
        BlockKind::Lines,
        "The woods are lovely,\n  dark and deep,\nbut I have promises",
        vec![],
        0,
        None,
    );
    let d = b.finish();
    let ix = Index::new(&d);
    let a = anchor(&d, &ix, find(&d, "lovely,\n  dark and deep", 0));
    let mut b = DocumentBuilder::new(Meta::default());
    b.push(
        BlockKind::Lines,
        "The woods are lovely,\n    dark and deep,\nbut I have promises",
        vec![],
        0,
        None,
    );
    let e = b.finish();
    let p = resolve(&e, &Index::new(&e), &a);
    assert_eq!(text_of(&e, &p), "lovely,\n    dark and deep");
    assert!(matches!(p, Placement::Fuzzy(_, s) if s >= 95), "{p:?}");
}

#[test]
fn a_look_alike_in_the_context_does_not_inherit_a_deleted_quote() {
    // The quote's own prefix holds a near-copy of it ("zel lo that" vs "zel ul that"): once
    // the quote is deleted, the near-copy sits next to the old suffix, shifted by two words.
    let d = doc(&[
        "Vinmos nurzel lo that ö zel ul that kemmüul nurtencu tor.",
        "At a, öhol el.",
    ]);
    let ix = Index::new(&d);
    let a = anchor(&d, &ix, find(&d, "zel ul that", 0));
    let e = doc(&[
        "Vinmos nurzel lo that ö kemmüul nurtencu tor.",
        "At a, öhol el.",
    ]);
    assert_eq!(resolve(&e, &Index::new(&e), &a), Placement::Orphan);
    // The same quote with a typo fixed is still found.
    let e = doc(&[
        "Vinmos nurzel lo that ö zel ül that kemmüul nurtencu tor.",
        "At a, öhol el.",
    ]);
    assert_eq!(
        text_of(&e, &resolve(&e, &Index::new(&e), &a)),
        "zel ül that"
    );
}
