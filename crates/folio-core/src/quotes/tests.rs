#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::document::{DocumentBuilder, Meta};
use crate::format::Format;

/// The quoted words of every outermost pair.
fn inner(text: &str) -> Vec<&str> {
    pairs(text)
        .into_iter()
        .map(|p| text[trim_range(text, p.inner)].trim())
        .collect()
}

#[test]
fn pairs_of_every_style() {
    let rows: &[(&str, &[&str])] = &[
        ("a \"b c\" d", &["b c"]),
        ("(\"b c\")", &["b c"]),
        ("—\"b c\"—", &["b c"]),
        ("a “b c” d", &["b c"]),
        ("a „b c“ d", &["b c"]),
        ("a „b c” d", &["b c"]),
        ("a ‚b c‘ d", &["b c"]),
        ("a ‚b c’ d", &["b c"]),
        ("a ‘b c’ d", &["b c"]),
        ("a « b c » d", &["b c"]),
        ("a «\u{a0}b c\u{a0}» d", &["b c"]),
        ("a »b c« d", &["b c"]),
        ("a ‹b c› d", &["b c"]),
        ("a ›b c‹ d", &["b c"]),
        ("あ「いう」え", &["いう"]),
        ("あ『いう』え", &["いう"]),
        // Several in a row, mixed.
        ("„a“, b. „c“ »d« “e” «f»", &["a", "c", "d", "e", "f"]),
    ];
    for (text, want) in rows {
        assert_eq!(inner(text), *want, "{text:?}");
    }
}

#[test]
fn pairs_keep_the_outer_one() {
    let rows: &[(&str, &[&str])] = &[
        ("„a ‚b‘ c“", &["a ‚b‘ c"]),
        ("“a ‘b’ c”", &["a ‘b’ c"]),
        ("\"a \"b\" c\"", &["a \"b\" c"]),
        ("«a ‹b› c»", &["a ‹b› c"]),
        ("「a『b』c」", &["a『b』c"]),
        // The outer never closes: the inner one is outermost.
        ("„a ‚b‘ c", &["b"]),
        // An opener skipped by a later close is dropped.
        ("“a ‘b c” d’", &["a ‘b c"]),
    ];
    for (text, want) in rows {
        assert_eq!(inner(text), *want, "{text:?}");
    }
}

#[test]
fn apostrophes_and_stray_marks_pair_nothing() {
    for text in [
        "don’t won’t l’eau",
        "the Smiths’ house",
        "rock ’n’ roll",
        "the ’90s",
        "a 12\" pipe and a 6\" pipe",
        "word“ and ”word",
        "\" a \" b",
        "„never closed",
        "closed only“",
        "« ",
        "」「",
        "‚ x",
    ] {
        assert_eq!(inner(text), Vec::<&str>::new(), "{text:?}");
    }
    // In a quotation, apostrophes do not close it early.
    assert_eq!(
        inner("‘the Smiths’ house, rock ’n’ roll, don’t’ x"),
        ["the Smiths’ house, rock ’n’ roll, don’t"]
    );
    // A possessive before punctuation does close.
    assert_eq!(inner("‘about the Smiths’, he said"), ["about the Smiths"]);
}

#[test]
fn pairs_are_capped() {
    let at_cap = format!("\"{}\"", "w ".repeat(MAX_WORDS - 2).trim_end());
    assert_eq!(pairs(&at_cap).len(), 1);
    let over = format!("\"{}\"", "w ".repeat(MAX_WORDS + 1).trim_end());
    assert!(pairs(&over).is_empty());
    // Inside an over-long pair, a short one still counts.
    let inside = format!("„{} ‚x y‘ {}“", "w ".repeat(MAX_WORDS), "w");
    assert_eq!(inner(&inside), ["x y"]);
}

#[test]
fn words_are_counted() {
    let rows: &[(&str, usize)] = &[
        ("", 0),
        ("one", 1),
        ("one two", 2),
        ("one — two", 2),
        ("don’t stop", 2),
        ("2024 was", 2),
        ("あい", 1),
        ("あいう", 2),
        ("今日は本当にいい天気", 5),
        ("東京2020", 2),
        ("a\u{a0}b", 2),
    ];
    for (text, want) in rows {
        assert_eq!(count_words(text, 100), *want, "{text:?}");
    }
    assert_eq!(count_words("a b c d e f g h i j", 8), 8);
}

fn name(s: &str) -> Option<Subject> {
    Some(Subject::Name(s.to_string()))
}

fn role(s: &str) -> Option<Subject> {
    Some(Subject::Role(s.to_string()))
}

#[test]
fn subjects() {
    let rows: &[(&str, Option<Subject>)] = &[
        ("Li", name("Li")),
        ("Li Wei", name("Li Wei")),
        ("Li Wei Chen", name("Li Wei Chen")),
        ("Li Wei Chen Fu", None),
        ("Müller.", name("Müller")),
        ("Hans-Peter Müller", name("Hans-Peter Müller")),
        ("O’Brien", name("O’Brien")),
        ("Ursula von der Leyen", name("Ursula von der Leyen")),
        ("von der Leyen", name("von der Leyen")),
        ("J. R. Hartley", name("J. R. Hartley")),
        ("Bürgermeister Weber", name("Weber")),
        ("Dr. Ulrike Pfäffle", name("Ulrike Pfäffle")),
        ("Prof. Dr. Anna Schmidt", name("Anna Schmidt")),
        ("Bäckermeisterin Jördis Köhler", name("Jördis Köhler")),
        ("Mayor Li", name("Li")),
        ("der Bürgermeister", role("bürgermeister")),
        ("der Bürgermeister.", role("bürgermeister")),
        ("the mayor", role("mayor")),
        ("the Mayor", role("mayor")),
        ("der Bürgermeister. Weber", role("bürgermeister")),
        ("she", Some(Subject::Pronoun)),
        ("Er", Some(Subject::Pronoun)),
        // Not people.
        ("the Guardian", None),
        ("die Studie", None),
        ("Critics", None),
        ("Monday", None),
        ("Marr’s", None),
        ("Lorenz den Reportern", name("Lorenz")),
        ("van den Berg", name("van den Berg")),
        ("il professore Stefano Costa", name("Stefano Costa")),
        ("il", Some(Subject::Pronoun)),
        ("reporters", None),
        ("Frau", None),
        ("(Li", None),
    ];
    for (text, want) in rows {
        let ts = first_tokens(text, 8);
        assert_eq!(subject(&ts).map(|s| s.0), *want, "{text:?}");
    }
}

#[test]
fn tags_after_a_quotation() {
    let rows: &[(&str, bool, Option<Subject>)] = &[
        (", said Li.", false, name("Li")),
        (" said Li.", false, name("Li")),
        (", Li said.", false, name("Li")),
        (", Li told reporters.", false, name("Li")),
        (", according to Li.", false, name("Li")),
        (", said the mayor.", false, role("mayor")),
        (", the mayor said.", false, role("mayor")),
        (", she said.", false, Some(Subject::Pronoun)),
        (", sagte Müller.", false, name("Müller")),
        (", so Bürgermeister Weber.", false, name("Weber")),
        (", betonte der Bürgermeister.", false, role("bürgermeister")),
        (", a dit Dupont.", false, name("Dupont")),
        (", dit-il.", false, Some(Subject::Pronoun)),
        (", déclare Dupont.", false, name("Dupont")),
        (" —dijo García—.", false, name("García")),
        (", ha detto Rossi.", false, name("Rossi")),
        (", said Li on Tuesday.", false, name("Li")),
        (", sagte Müller am Abend.", false, name("Müller")),
        (", said Li Wei, the mayor.", false, name("Li Wei")),
        (", said the mayor of Paris.", false, role("mayor")),
        (" said Li", false, name("Li")),
        (", said Paris officials.", false, None),
        // Set off by a comma after a full stop inside the marks: still a tag.
        (", sagte Müller.", true, name("Müller")),
        // A new sentence.
        (" Li said nothing.", true, None),
        (". Li said.", false, None),
        // A tag that introduces the next quotation.
        (" Weber sagte:", false, None),
        (", said Li:", false, None),
        (", a dit le maire, Jean Dupuis.", false, name("Jean Dupuis")),
        (", Li Qiang told Musk.", false, name("Li Qiang")),
        (
            ", ha detto Giorgio Rinaldi dopo la partita.",
            false,
            name("Giorgio Rinaldi"),
        ),
        (
            " —explicó Jorge Salinas, agricultor de Jaén—.",
            false,
            name("Jorge Salinas"),
        ),
        (
            ", so Ökonomin Clara Reinholz.",
            false,
            name("Clara Reinholz"),
        ),
        (
            ", sagte Försterin Lena Hofstetter.",
            false,
            name("Lena Hofstetter"),
        ),
        // The listener, not the speaker.
        (", told Li.", false, None),
        (" and Li said.", false, None),
        (", so Experten.", false, None),
        ("", false, None),
    ];
    for (text, full_stop, want) in rows {
        assert_eq!(tag_after(text, *full_stop), *want, "{text:?}");
    }
}

#[test]
fn tags_before_a_quotation() {
    use Start::{Block, Cut, Quote};
    let rows: &[(&str, Start, Option<Subject>)] = &[
        ("Li said: ", Block, name("Li")),
        ("Li said, ", Block, name("Li")),
        ("Then Li said: ", Block, name("Li")),
        ("At the meeting, Li said: ", Block, name("Li")),
        ("Li said in a statement: ", Block, name("Li")),
        ("Li told the BBC: ", Block, name("Li")),
        ("said Li: ", Block, name("Li")),
        ("Müller sagte: ", Block, name("Müller")),
        ("Dann sagte Müller: ", Block, name("Müller")),
        ("Am Abend sagte Bürgermeister Weber: ", Block, name("Weber")),
        ("According to Li, ", Block, name("Li")),
        ("Laut Müller: ", Block, name("Müller")),
        ("Selon Dupont, ", Block, name("Dupont")),
        ("Dupont a déclaré : ", Block, name("Dupont")),
        ("García dijo: ", Block, name("García")),
        ("Rossi ha detto: ", Block, name("Rossi")),
        ("The mayor said: ", Block, role("mayor")),
        // German V2: the subject before the verb, the listener (dative) after it.
        ("Li Qiang versicherte Musk: ", Block, name("Li Qiang")),
        ("und Li Qiang versicherte Musk: ", Block, name("Li Qiang")),
        (
            "Olaf Brandt versicherte den Anwohnern: ",
            Block,
            name("Olaf Brandt"),
        ),
        ("Er versicherte Musk: ", Block, Some(Subject::Pronoun)),
        ("Die Ministerin sagte Weber: ", Block, role("ministerin")),
        // Another element first: the subject follows the verb.
        ("Zu Li Qiang sagte Musk: ", Block, name("Musk")),
        (
            "Dem Landrat versicherte Thomas Berger: ",
            Block,
            name("Thomas Berger"),
        ),
        (
            "Gegenüber dem Sender erklärte Innenministerin Petra Vogt: ",
            Block,
            name("Petra Vogt"),
        ),
        (
            "Nach der Abstimmung sagte Lorenz den Reportern: ",
            Block,
            name("Lorenz"),
        ),
        (
            "Zum Abschied sagte Walter Stein: ",
            Block,
            name("Walter Stein"),
        ),
        // A subject with an aside.
        (
            "Sophie Arnold, die das Projekt betreut, sagte: ",
            Block,
            name("Sophie Arnold"),
        ),
        (
            "Oliver Grant, who founded the charity in 2009, said: ",
            Block,
            name("Oliver Grant"),
        ),
        // English, French, Spanish, Italian listeners.
        ("Li Qiang told Musk: ", Block, name("Li Qiang")),
        ("Grace Kim told her staff: ", Block, name("Grace Kim")),
        ("Li Qiang a assuré à Musk : ", Block, name("Li Qiang")),
        (
            "Isabelle Moreau a assuré au conseil municipal : ",
            Block,
            name("Isabelle Moreau"),
        ),
        ("Li Qiang aseguró a Musk: ", Block, name("Li Qiang")),
        (
            "Marta Iglesias dijo a la comisión: ",
            Block,
            name("Marta Iglesias"),
        ),
        ("Li Qiang ha assicurato a Musk: ", Block, name("Li Qiang")),
        (
            "Poi Matteo Lombardi ha detto: ",
            Block,
            name("Matteo Lombardi"),
        ),
        (
            "Secondo il professore Stefano Costa, ",
            Block,
            name("Stefano Costa"),
        ),
        (
            "Según el entrenador Raúl Giménez, ",
            Block,
            name("Raúl Giménez"),
        ),
        (", dit-il. ", Quote, Some(Subject::Pronoun)),
        ("She said: ", Block, Some(Subject::Pronoun)),
        // A tag closing the clause before.
        (", sagte Müller. ", Quote, name("Müller")),
        (", sagt er dann. ", Quote, Some(Subject::Pronoun)),
        (
            "Es sei nicht vorgesehen, betonte der Bürgermeister. ",
            Block,
            role("bürgermeister"),
        ),
        (", so Weber. ", Quote, name("Weber")),
        (", Li said. ", Quote, name("Li")),
        // Not tags.
        ("Li said ", Block, None),
        // Nothing certain: a clause that may open with its subject or its object.
        ("Der schwedischen Ministerin sagte Lindqvist: ", Block, None),
        ("Die Gewerkschaft sagte: ", Block, None),
        ("Residents told the inspector: ", Block, None),
        ("Li said the river was high. ", Block, None),
        ("Officials in Berlin said: ", Block, None),
        ("Die Studie sagt: ", Block, None),
        ("Er sagte es so, ", Block, None),
        ("Dann so Weber. ", Block, None),
        ("Li said. ", Block, None),
        ("Li said. ", Cut, None),
        ("betonte Weber. ", Cut, None),
        ("", Block, None),
    ];
    for (text, start, want) in rows {
        assert_eq!(tag_before(text, *start), *want, "{text:?} {start:?}");
    }
}

#[test]
fn japanese_tags() {
    let rows: &[(&str, &str, Option<&str>)] = &[
        ("", "と田中さんは言った。", Some("田中")),
        ("", "と田中氏が述べた。", Some("田中")),
        ("", "とスミスさんは話した。", Some("スミス")),
        ("田中さんは", "と言った。", Some("田中")),
        ("船が来た。山田先生は", "と語った。", Some("山田")),
        ("", "と彼は言った。", None),
        ("", "と思った。", None),
        ("", "、と田中さんは言った。", None),
        ("", "と田中さんは笑った。", None),
    ];
    for (before, after, want) in rows {
        assert_eq!(
            tag_japanese(before, after).as_deref(),
            *want,
            "{before:?} {after:?}"
        );
    }
}

#[test]
fn attributions() {
    let rows: &[(&str, Option<&str>)] = &[
        (
            "— Ambrose Trill, keeper of the Saltmere tide clocks",
            Some("Ambrose Trill"),
        ),
        ("—Ambrose Trill", Some("Ambrose Trill")),
        ("– Anna Schmidt, Fährfrau", Some("Anna Schmidt")),
        ("-- Li Wei", Some("Li Wei")),
        ("- Li Wei", Some("Li Wei")),
        ("— Dr. Jane Roe", Some("Jane Roe")),
        ("— and so do we", None),
        ("—", None),
        ("Ambrose Trill", None),
        ("-Ambrose", Some("Ambrose")),
        ("-x Li", None),
    ];
    for (text, want) in rows {
        assert_eq!(attribution(text).as_deref(), *want, "{text:?}");
    }
    let long = format!("— Li Wei, {}", "word ".repeat(ATTRIBUTION_MAX_WORDS));
    assert_eq!(attribution(&long), None);
}

#[test]
fn with_these_words() {
    let rows: &[(&str, Option<Subject>)] = &[
        (
            "Mit diesen Worten hatte Bürgermeister Aschenbrenner die Debatte eröffnet.",
            name("Aschenbrenner"),
        ),
        ("With these words, Li opened the meeting.", name("Li")),
        ("With those words the mayor left.", role("mayor")),
        ("Avec ces mots, Dupont est parti.", name("Dupont")),
        ("Mit diesen Worten hatte er die Debatte eröffnet.", None),
        ("Mit diesen Worten ist alles gesagt.", None),
        ("Diesen Worten folgte Applaus.", None),
    ];
    for (text, want) in rows {
        assert_eq!(these_words(text), *want, "{text:?}");
    }
}

#[test]
fn opening_persons() {
    let rows: &[(&str, Option<&str>)] = &[
        (
            "Rentner Gerold Schäufele, der seit Jahren hier lebt",
            Some("Gerold Schäufele"),
        ),
        (
            "Bäckermeisterin Jördis Köhler verfolgte die Sitzung",
            Some("Jördis Köhler"),
        ),
        (
            "Dr. Ulrike Pfäffle, die das Projekt leitet",
            Some("Ulrike Pfäffle"),
        ),
        (
            "Margarete Söllner, die Vorsitzende",
            Some("Margarete Söllner"),
        ),
        (
            "Bürgermeister Aschenbrenner wies den Vorwurf zurück",
            Some("Aschenbrenner"),
        ),
        ("Jean Dupont, le maire, sourit.", Some("Jean Dupont")),
        ("Görtz gehört zu den Gründern", None),
        ("Die Fraktion der Freien Wähler", None),
        ("Für Friedhelm Görtz ist", None),
        ("The person chiefly responsible", None),
        ("„Wir haben“, sagte er", None),
        ("Anna Schmidt.", None),
        ("", None),
    ];
    for (text, want) in rows {
        assert_eq!(opening_person(text).as_deref(), *want, "{text:?}");
    }
}

#[test]
fn windows_stay_on_char_boundaries() {
    let text = "ä".repeat(WINDOW);
    let before = window_before(&text, 0, text.len() - 1);
    assert!(before.len() <= WINDOW && before.chars().all(|c| c == 'ä'));
    let after = window_after(&text, 1, text.len());
    assert!(after.len() <= WINDOW && after.chars().all(|c| c == 'ä'));
    assert_eq!(window_before(&text, 5, 3), "");
    assert_eq!(window_after(&text, 5, 3), "");
}

#[test]
fn roles_resolve_to_the_one_person_holding_them() {
    let doc = Format::Plain.parse(
        "Mayor Anna Weber came first, and later Mayor Weber spoke again.\n\n\
         “The river keeps its own time and never asks us first,” said the mayor.\n\n\
         “The river keeps its own time and never asks us first,” the governor said.",
    );
    let speakers: Vec<Option<String>> = find(&doc).into_iter().map(|q| q.speaker).collect();
    assert_eq!(speakers, [Some("Anna Weber".to_string()), None]);
    let map = role_names(&doc);
    assert_eq!(map.get("mayor").unwrap(), &["Anna Weber", "Weber"]);
    // Two surnames for one role (or a surname-first name given two ways): nobody.
    let doc = Format::Plain.parse(
        "Mayor Li Wei came first, and later Mayor Li spoke again.\n\n\
         “The river keeps its own time and never asks us first,” said the mayor.",
    );
    assert_eq!(find(&doc)[0].speaker, None);
}

/// Blocks: kind, text, quote depth.
type Blocks<'a> = &'a [(BlockKind, &'a str, u8)];

/// A document of blocks with the given kinds and quote depths, for the block rules.
fn doc_of(blocks: Blocks<'_>) -> Document {
    let mut b = DocumentBuilder::new(Meta::default());
    for (kind, text, depth) in blocks {
        b.push(kind.clone(), text, vec![], *depth, None);
    }
    b.finish()
}

#[test]
fn block_rules() {
    use BlockKind::{Code, Heading, Lines, Paragraph, Title};
    let long = "“The river keeps its own time and never asks us first.”";
    let rows: &[(Blocks<'_>, &[(&str, bool)])] = &[
        (
            &[(Paragraph, long, 0)],
            &[(
                "The river keeps its own time and never asks us first.",
                true,
            )],
        ),
        (&[(Title, long, 0)], &[]),
        (&[(Heading { level: 2 }, long, 0)], &[]),
        (&[(Code, long, 0)], &[]),
        (&[(Code, long, 1)], &[]),
        // Quoted lines keep their quote; inline pairs are found in lines too.
        (
            &[(Lines, "roses are red\nviolets are blue", 1)],
            &[("roses are red\nviolets are blue", true)],
        ),
        (
            &[(
                Lines,
                "She sang “the river keeps its own\ntime and never asks us” once",
                0,
            )],
            &[("the river keeps its own\ntime and never asks us", false)],
        ),
        (
            &[(Heading { level: 2 }, "Quoted heading", 1)],
            &[("Quoted heading", true)],
        ),
        // An e-mail quote without marks, short.
        (&[(Paragraph, "ok", 1)], &[("ok", true)]),
        // A quoted block that starts with a mark it does not close at the end.
        (&[(Paragraph, "„Ja“, sagte er, „nein.“", 1)], &[]),
        // Trailing punctuation after the close; more than that is no paragraph quotation.
        (
            &[(Paragraph, "„Nie wieder.“.", 0)],
            &[("Nie wieder.", true)],
        ),
        (&[(Paragraph, "„Nie wieder.“ Ende.", 0)], &[]),
        // Attributions: within the quote, or right after it.
        (
            &[
                (Paragraph, "q1", 1),
                (Paragraph, "q2", 1),
                (Paragraph, "— Li Wei", 1),
            ],
            &[("q1", true), ("q2", true)],
        ),
        (&[(Paragraph, "— Li Wei", 1)], &[("— Li Wei", true)]),
        (
            &[(Paragraph, "„Ja.“", 0), (Paragraph, "— Li Wei", 0)],
            &[("Ja.", true)],
        ),
        (&[(Paragraph, "Prose.", 0), (Paragraph, "— Li Wei", 0)], &[]),
    ];
    for (blocks, want) in rows {
        let doc = doc_of(blocks);
        let got: Vec<(&str, bool)> = find(&doc)
            .into_iter()
            .map(|q| (&doc.text[q.range], q.paragraph))
            .collect();
        assert_eq!(got, *want, "{blocks:?}");
    }
    // The attribution's name goes to every quotation paragraph before it.
    let doc = doc_of(&[
        (Paragraph, "q1", 1),
        (Paragraph, "q2", 1),
        (Paragraph, "— Li Wei", 1),
    ]);
    assert!(
        find(&doc)
            .iter()
            .all(|q| q.speaker.as_deref() == Some("Li Wei"))
    );
}

proptest::proptest! {
    #[test]
    fn pairs_are_sorted_apart_and_on_boundaries(
        text in "[a-z ’‘“”„‚\"«»‹›「」『』\n]{0,60}",
    ) {
        let mut end = 0;
        for p in pairs(&text) {
            proptest::prop_assert!(p.open >= end && p.open < p.inner.start);
            proptest::prop_assert!(p.inner.start <= p.inner.end && p.inner.end < p.close_end);
            proptest::prop_assert!(p.close_end <= text.len());
            for at in [p.open, p.inner.start, p.inner.end, p.close_end] {
                proptest::prop_assert!(text.is_char_boundary(at));
            }
            end = p.close_end;
        }
    }

    #[test]
    fn find_is_safe_on_any_blocks(
        blocks in proptest::collection::vec(
            (0u8..5, "[a-zA-ZäÜ .,:—\\-’‘“”„\"«»「」と田中は言った]{0,50}", 0u8..3),
            0..6,
        ),
    ) {
        let kinds = [
            BlockKind::Paragraph,
            BlockKind::Lines,
            BlockKind::Heading { level: 2 },
            BlockKind::Code,
            BlockKind::Title,
        ];
        let blocks: Vec<(BlockKind, &str, u8)> = blocks
            .iter()
            .map(|(k, t, d)| (kinds[usize::from(*k)].clone(), t.as_str(), *d))
            .collect();
        let doc = doc_of(&blocks);
        let mut end = 0;
        for q in find(&doc) {
            proptest::prop_assert!(q.range.start >= end && q.range.start < q.range.end);
            proptest::prop_assert!(doc.text.is_char_boundary(q.range.start));
            proptest::prop_assert!(doc.text.is_char_boundary(q.range.end));
            proptest::prop_assert!(doc
                .blocks
                .iter()
                .any(|b| b.range.start <= q.range.start && q.range.end <= b.range.end));
            end = q.range.end;
        }
    }
}

/// Where the time goes on 4 MB (run with `--release --ignored --nocapture`).
#[test]
#[ignore]
fn profile_pieces() {
    let path = format!("{}/../../assets/zeitung.txt", env!("CARGO_MANIFEST_DIR"));
    let z = std::fs::read_to_string(path).unwrap();
    let mut text = String::new();
    while text.len() < 4_000_000 {
        text.push_str(&z);
        text.push_str("\n\n");
    }
    let doc = Format::Plain.parse(&text);
    let min = |f: &mut dyn FnMut() -> usize| {
        let mut best = std::time::Duration::MAX;
        let mut n = 0;
        for _ in 0..7 {
            let t = std::time::Instant::now();
            n = f();
            best = best.min(t.elapsed());
        }
        (n, best)
    };
    let blocks = &doc.blocks;
    println!(
        "pairs {:?}",
        min(&mut || blocks.iter().map(|b| pairs(doc.block_text(b)).len()).sum())
    );
    println!("roles {:?}", min(&mut || role_names(&doc).len()));
    println!("find {:?}", min(&mut || find(&doc).len()));
}
