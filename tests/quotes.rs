//! Quote detection through the formats: each table row is an article (plain text or Markdown)
//! and the quotations `folio::quotes::find` must give for it, in order.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use folio::document::Document;
use folio::format::Format;
use folio::quotes::{self, Quote};
use proptest::prelude::*;

use Format::{Markdown, Plain};

/// What a quotation must be: its words, its speaker, whether it is the whole paragraph.
type Want<'a> = (&'a str, Option<&'a str>, bool);

fn got(doc: &Document) -> Vec<(String, Option<String>, bool)> {
    quotes::find(doc)
        .into_iter()
        .map(|q| (doc.text[q.range].to_string(), q.speaker, q.paragraph))
        .collect()
}

fn check(rows: &[(Format, &str, &[Want<'_>])]) {
    let mut failures = Vec::new();
    for (n, (format, text, want)) in rows.iter().enumerate() {
        let doc = format.parse(text);
        let found = got(&doc);
        let want: Vec<(String, Option<String>, bool)> = want
            .iter()
            .map(|(q, s, p)| (q.to_string(), s.map(str::to_string), *p))
            .collect();
        if found != want {
            failures.push(format!(
                "row {n} ({format:?}): {text:?}\n  want {want:?}\n  got  {found:?}"
            ));
        }
        invariants(&doc, &quotes::find(&doc)).unwrap_or_else(|e| failures.push(e));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The guarantees of `find`: ranges within the text, on char boundaries, inside one block,
/// non-empty, sorted and apart; speakers non-empty.
fn invariants(doc: &Document, found: &[Quote]) -> Result<(), String> {
    let mut end = 0;
    for q in found {
        let r = &q.range;
        if r.start < end || r.start >= r.end || r.end > doc.text.len() {
            return Err(format!("bad range {r:?} after {end} in {:?}", doc.text));
        }
        if !doc.text.is_char_boundary(r.start) || !doc.text.is_char_boundary(r.end) {
            return Err(format!("range {r:?} off a char boundary in {:?}", doc.text));
        }
        if !doc
            .blocks
            .iter()
            .any(|b| b.range.start <= r.start && r.end <= b.range.end)
        {
            return Err(format!("range {r:?} crosses blocks in {:?}", doc.text));
        }
        if q.speaker.as_ref().is_some_and(|s| s.trim().is_empty()) {
            return Err(format!("empty speaker in {:?}", doc.text));
        }
        end = r.end;
    }
    Ok(())
}

const LONG_EN: &str = "The river keeps its own time and never asks us first.";

#[test]
fn every_quote_style() {
    check(&[
        (
            Plain,
            "Li looked at the water for a while. Li said: \"The river keeps its own time and never asks us first.\"",
            &[(LONG_EN, Some("Li"), false)],
        ),
        (
            Plain,
            "The ferry was late again. “The river keeps its own time and never asks us first,” said Li.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("Li"),
                false,
            )],
        ),
        (
            Plain,
            "Die Fähre kam wieder zu spät. „Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“, sagte Müller.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "Die Fähre kam wieder zu spät. „Der Fluss hat seine eigene Zeit und fragt uns nie zuerst”, sagte Müller.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "Le bac était encore en retard. « Le fleuve garde son propre temps et ne nous demande jamais rien », a dit Dupont.",
            &[(
                "Le fleuve garde son propre temps et ne nous demande jamais rien",
                Some("Dupont"),
                false,
            )],
        ),
        (
            Plain,
            "Le bac était encore en retard. «\u{a0}Le fleuve garde son propre temps et ne nous demande jamais rien\u{a0}», dit Dupont.",
            &[(
                "Le fleuve garde son propre temps et ne nous demande jamais rien",
                Some("Dupont"),
                false,
            )],
        ),
        (
            Plain,
            "Die Fähre kam wieder zu spät. »Der Fluss hat seine eigene Zeit und fragt uns nie zuerst«, sagte Müller.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "Er nannte es ‚eine Frage von Zeit, Geduld und sehr viel gutem Willen‘ und ging nach Hause.",
            &[(
                "eine Frage von Zeit, Geduld und sehr viel gutem Willen",
                None,
                false,
            )],
        ),
        (
            Plain,
            "Die Fähre kam zu spät. ‹Der Fluss hat seine eigene Zeit und fragt uns nie zuerst›, sagte Müller.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "Die Fähre kam zu spät. ›Der Fluss hat seine eigene Zeit und fragt uns nie zuerst‹, sagte Müller.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "The ferry was late. ‘The river keeps its own time and never asks us first,’ said Li.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("Li"),
                false,
            )],
        ),
        (
            Plain,
            "船が来た。\n\n船はまた遅れた。「今日は本当にいい天気ですね、みんなで川まで散歩に行きましょう」と田中さんは言った。",
            &[(
                "今日は本当にいい天気ですね、みんなで川まで散歩に行きましょう",
                Some("田中"),
                false,
            )],
        ),
        (
            Plain,
            "船が来た。\n\n船はまた遅れた。田中氏は『川には川の時間があり、私たちに先に尋ねることはない』と述べた。",
            &[(
                "川には川の時間があり、私たちに先に尋ねることはない",
                Some("田中"),
                false,
            )],
        ),
        (
            Markdown,
            "The ferry was late. “The river keeps its own time and *never* asks us first,” Li said.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("Li"),
                false,
            )],
        ),
    ]);
}

#[test]
fn at_least_eight_words_inline() {
    check(&[
        // Seven words: ignored; eight: found.
        (
            Plain,
            "He said \"one two three four five six seven\" and left.",
            &[],
        ),
        (
            Plain,
            "He said \"one two three four five six seven eight\" and left.",
            &[("one two three four five six seven eight", None, false)],
        ),
        // Punctuation is not a word.
        (
            Plain,
            "He said \"one two three — four five six seven\" and left.",
            &[],
        ),
        // Japanese: two characters a word. 14 characters are seven words, 16 are eight.
        (
            Plain,
            "船が来た。\n\n彼は「あいうえおかきくけこさしすせ」と言った。",
            &[],
        ),
        (
            Plain,
            "船が来た。\n\n彼は「あいうえおかきくけこさしすせそた」と言った。",
            &[("あいうえおかきくけこさしすせそた", None, false)],
        ),
        // Short ones between long ones bound the windows but are not reported.
        (
            Plain,
            "„Wir haben jeden Stein umgedreht“, sagte Aschenbrenner. „Aber am Ende muss das Wasser irgendwohin, sagen alle hier.“",
            &[(
                "Aber am Ende muss das Wasser irgendwohin, sagen alle hier.",
                Some("Aschenbrenner"),
                false,
            )],
        ),
    ]);
}

#[test]
fn paragraph_quotations() {
    check(&[
        // A Markdown block quote without marks, even short, with its attribution.
        (
            Markdown,
            "Intro paragraph with enough words in it to be prose.\n\n> The river keeps its own time.\n>\n> — Li Wei, ferryman of the lower crossing\n\nAfter.",
            &[("The river keeps its own time.", Some("Li Wei"), true)],
        ),
        // Marks inside a block quote are left out; the attribution may share the paragraph.
        (
            Markdown,
            "Intro.\n\n> \"The river keeps its own time.\"\n> — Li Wei\n\nAfter.",
            &[("The river keeps its own time.", Some("Li Wei"), true)],
        ),
        // Two paragraphs in one block quote share the attribution that ends it.
        (
            Markdown,
            "Intro.\n\n> First quoted paragraph.\n>\n> Second quoted paragraph.\n>\n> -- Ambrose Trill\n\nAfter.",
            &[
                ("First quoted paragraph.", Some("Ambrose Trill"), true),
                ("Second quoted paragraph.", Some("Ambrose Trill"), true),
            ],
        ),
        // A block quote whose "— …" line is no name is quoted text, not an attribution.
        (
            Markdown,
            "Intro.\n\n> The river keeps its own time.\n>\n> — and so do we\n\nAfter.",
            &[
                ("The river keeps its own time.", None, true),
                ("— and so do we", None, true),
            ],
        ),
        // A Markdown paragraph wholly in quotation marks, short.
        (
            Markdown,
            "Some prose before the quotation, long enough.\n\n“Never again.”\n\nMore prose.",
            &[("Never again.", None, true)],
        ),
        // Plain text: the paragraph in „…“ between two prose paragraphs; speaker named after.
        (
            Plain,
            "Der Gemeinderat hat lange beraten und am Ende mit knapper Mehrheit entschieden.\n\n„Nie wieder.“\n\nMit diesen Worten hatte Bürgermeister Weber die Sitzung eröffnet.",
            &[("Nie wieder.", Some("Weber"), true)],
        ),
        // The attribution after the closing mark, and in the next paragraph.
        (
            Plain,
            "Some prose before it.\n\n\"The river keeps its own time.\" — Li Wei\n\nMore prose.",
            &[("The river keeps its own time.", Some("Li Wei"), true)],
        ),
        (
            Plain,
            "Some prose before it.\n\n„Der Fluss hat seine eigene Zeit.“\n\n– Anna Schmidt, Fährfrau\n\nMehr Text.",
            &[(
                "Der Fluss hat seine eigene Zeit.",
                Some("Anna Schmidt"),
                true,
            )],
        ),
        // The speaker named at the end of the paragraph before.
        (
            Plain,
            "After a long silence at the meeting, Li said:\n\n“The river keeps its own time and never asks us first.”\n\nNobody answered.",
            &[(LONG_EN, Some("Li"), true)],
        ),
        (
            Plain,
            "Eine Enteignung sei nicht vorgesehen, betonte Müller.\n\n„Wir reden mit allen.“\n\nDanach war Schluss.",
            &[("Wir reden mit allen.", Some("Müller"), true)],
        ),
        // A quotation continued from the paragraph before takes its speaker.
        (
            Plain,
            "„Das war knapp“, sagte Müller. „Aber es hat gereicht, und darauf kommt es an, am Ende.“\n\n„Wir machen weiter.“\n\nEnde.",
            &[
                (
                    "Aber es hat gereicht, und darauf kommt es an, am Ende.",
                    Some("Müller"),
                    false,
                ),
                ("Wir machen weiter.", Some("Müller"), true),
            ],
        ),
        // Starts and ends with marks, but two quotations: inline, not the paragraph.
        (
            Plain,
            "Prose first.\n\n\"Yes,\" she said, \"and no, and maybe, and all of that at once.\"\n\nProse after.",
            &[("and no, and maybe, and all of that at once.", None, false)],
        ),
        // Headings and code are never quotations.
        (
            Markdown,
            "# “The river keeps its own time and never asks us first”\n\n```\nprint(\"The river keeps its own time and never asks us first\")\n```\n",
            &[],
        ),
        // A list item wholly in quotation marks is a quotation paragraph.
        (
            Markdown,
            "Things people said:\n\n- “The river keeps its own time.”\n- plain item\n",
            &[("The river keeps its own time.", None, true)],
        ),
    ]);
}

#[test]
fn nested_quotations_give_the_outer_one() {
    check(&[
        (
            Plain,
            "„Er sagte ‚das geht so nicht‘ und ging dann ohne ein weiteres Wort nach Hause“, erzählte Müller.",
            &[(
                "Er sagte ‚das geht so nicht‘ und ging dann ohne ein weiteres Wort nach Hause",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "“She told me ‘never again, not in a thousand years’ and then she left,” said Li.",
            &[(
                "She told me ‘never again, not in a thousand years’ and then she left,",
                Some("Li"),
                false,
            )],
        ),
        (
            Plain,
            "\"He said \"no\" and then he left the room without another word,\" said Li.",
            &[(
                "He said \"no\" and then he left the room without another word,",
                Some("Li"),
                false,
            )],
        ),
        // Both long: still only the outer one.
        (
            Plain,
            "„Er rief ‚wir bleiben hier, bis das Wasser wieder gefallen ist‘ und blieb dann tatsächlich bis zum Morgen“, sagte Weber.",
            &[(
                "Er rief ‚wir bleiben hier, bis das Wasser wieder gefallen ist‘ und blieb dann tatsächlich bis zum Morgen",
                Some("Weber"),
                false,
            )],
        ),
        // The outer mark never closes: the inner quotation counts.
        (
            Plain,
            "„Er sagte ‚das geht so nicht und wird auch nie wieder so gehen‘ und ging dann.",
            &[(
                "das geht so nicht und wird auch nie wieder so gehen",
                None,
                false,
            )],
        ),
    ]);
}

#[test]
fn apostrophes_are_not_quotes() {
    check(&[
        (
            Plain,
            "Don’t tell me the Smiths’ house was sold for rock ’n’ roll money in the ’90s, it isn’t true.",
            &[],
        ),
        (
            Plain,
            "‘Don’t tell me the Smiths’ house was sold, it isn’t true at all,’ said Li.",
            &[(
                "Don’t tell me the Smiths’ house was sold, it isn’t true at all,",
                Some("Li"),
                false,
            )],
        ),
        (
            Plain,
            "‘We played rock ’n’ roll all night long and nobody ever complained,’ said Li.",
            &[(
                "We played rock ’n’ roll all night long and nobody ever complained,",
                Some("Li"),
                false,
            )],
        ),
        (
            Plain,
            "Il a bu l’eau de la fontaine et l’a trouvée bonne, c’est tout ce qu’il a dit.",
            &[],
        ),
        // Inches are not quotes either.
        (
            Plain,
            "We fitted a 12\" pipe and a 6\" pipe and the water ran through both of them at once.",
            &[],
        ),
    ]);
}

#[test]
fn unbalanced_marks_never_run_away() {
    let text = "„Das ist der Anfang eines Satzes, der nie endet und immer weiter geht und geht\n\n\
                Zweiter Absatz mit vielen Wörtern, die nichts mit einem Zitat zu tun haben.\n\n\
                Dritter Absatz. „Ein richtiges Zitat mit vielen Wörtern hier drin und so weiter“, sagte Müller.\n\n\
                Vierter Absatz ohne Zitat, aber mit einem schließenden Zeichen“ am Ende.";
    check(&[
        (
            Plain,
            text,
            &[(
                "Ein richtiges Zitat mit vielen Wörtern hier drin und so weiter",
                Some("Müller"),
                false,
            )],
        ),
        (
            Markdown,
            text,
            &[(
                "Ein richtiges Zitat mit vielen Wörtern hier drin und so weiter",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "He said \"this will never end and goes on and on and on\n\nNext paragraph with a stray close\" and more words here to read.",
            &[],
        ),
    ]);
    // A pair spanning more than the cap is not a quotation.
    let long = format!(
        "Prose. \"{}\" said Li.",
        "word ".repeat(quotes::MAX_WORDS + 10)
    );
    check(&[(Plain, &long, &[])]);
}

#[test]
fn speakers_before_the_quotation() {
    check(&[
        (
            Plain,
            "At the meeting, Li said, “The river keeps its own time and never asks us first.”",
            &[(LONG_EN, Some("Li"), false)],
        ),
        (
            Plain,
            "Then Li Wei told reporters: “The river keeps its own time and never asks us first.”",
            &[(LONG_EN, Some("Li Wei"), false)],
        ),
        (
            Plain,
            "According to Li, “the river keeps its own time and never asks us first.”",
            &[(
                "the river keeps its own time and never asks us first.",
                Some("Li"),
                false,
            )],
        ),
        (
            Plain,
            "Am Abend sagte Müller: „Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.“",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "Bürgermeister Weber sagte: „Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.“",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.",
                Some("Weber"),
                false,
            )],
        ),
        (
            Plain,
            "Laut Müller: „Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.“",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.",
                Some("Müller"),
                false,
            )],
        ),
        (
            Plain,
            "Devant le conseil, Dupont a déclaré : « Le fleuve garde son propre temps et ne demande rien. »",
            &[(
                "Le fleuve garde son propre temps et ne demande rien.",
                Some("Dupont"),
                false,
            )],
        ),
        (
            Plain,
            "Selon Marie Dupont, « le fleuve garde son propre temps et ne demande jamais rien ».",
            &[(
                "le fleuve garde son propre temps et ne demande jamais rien",
                Some("Marie Dupont"),
                false,
            )],
        ),
        (
            Plain,
            "Ante el consejo, García dijo: «El río tiene su propio tiempo y nunca nos pregunta nada».",
            &[(
                "El río tiene su propio tiempo y nunca nos pregunta nada",
                Some("García"),
                false,
            )],
        ),
        (
            Plain,
            "Davanti al consiglio, Rossi ha detto: «Il fiume ha il suo tempo e non ci chiede mai niente».",
            &[(
                "Il fiume ha il suo tempo e non ci chiede mai niente",
                Some("Rossi"),
                false,
            )],
        ),
        // The tag closing the previous quotation names the next one's speaker too.
        (
            Plain,
            "„Das heißt aber nicht, dass so etwas nur alle hundert Jahre passiert“, sagte Pfäffle. „Es kann auch zweimal in einem Jahrzehnt vorkommen.“",
            &[
                (
                    "Das heißt aber nicht, dass so etwas nur alle hundert Jahre passiert",
                    Some("Pfäffle"),
                    false,
                ),
                (
                    "Es kann auch zweimal in einem Jahrzehnt vorkommen.",
                    Some("Pfäffle"),
                    false,
                ),
            ],
        ),
        (
            Plain,
            "“The river keeps its own time,” Li said. “And it never asks us first, not once in all these years.”",
            &[(
                "And it never asks us first, not once in all these years.",
                Some("Li"),
                false,
            )],
        ),
    ]);
}

#[test]
fn speakers_after_the_quotation() {
    check(&[
        (
            Plain,
            "“The river keeps its own time and never asks us first,” Li told reporters.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("Li"),
                false,
            )],
        ),
        (
            Plain,
            "“The river keeps its own time and never asks us first,” according to Li.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("Li"),
                false,
            )],
        ),
        (
            Plain,
            "“The river keeps its own time and never asks us first,” said Mayor Li Wei on Tuesday.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("Li Wei"),
                false,
            )],
        ),
        (
            Plain,
            "“The river keeps its own time and never asks us first,” said Ursula von der Leyen.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("Ursula von der Leyen"),
                false,
            )],
        ),
        (
            Plain,
            "“The river keeps its own time and never asks us first,” said J. R. Hartley.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("J. R. Hartley"),
                false,
            )],
        ),
        (
            Plain,
            "„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“, so Bürgermeister Weber.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                Some("Weber"),
                false,
            )],
        ),
        (
            Plain,
            "„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“, sagte Dr. Ulrike Pfäffle.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                Some("Ulrike Pfäffle"),
                false,
            )],
        ),
        (
            Plain,
            "„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“, erklärte Hans-Peter Müller-Lüdenscheidt.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                Some("Hans-Peter Müller-Lüdenscheidt"),
                false,
            )],
        ),
        (
            Plain,
            "«El río tiene su propio tiempo y nunca nos pregunta nada» —dijo García—.",
            &[(
                "El río tiene su propio tiempo y nunca nos pregunta nada",
                Some("García"),
                false,
            )],
        ),
        (
            Plain,
            "«Il fiume ha il suo tempo e non ci chiede mai niente», ha detto Rossi.",
            &[(
                "Il fiume ha il suo tempo e non ci chiede mai niente",
                Some("Rossi"),
                false,
            )],
        ),
        (
            Plain,
            "« Le fleuve garde son propre temps et ne nous demande jamais rien », déclare Dupont.",
            &[(
                "Le fleuve garde son propre temps et ne nous demande jamais rien",
                Some("Dupont"),
                false,
            )],
        ),
        // A pronoun is the person the paragraph opens with.
        (
            Plain,
            "Jean Dupont, le maire, sourit. « Le fleuve garde son propre temps et ne nous demande rien », dit-il.",
            &[(
                "Le fleuve garde son propre temps et ne nous demande rien",
                Some("Jean Dupont"),
                false,
            )],
        ),
        (
            Plain,
            "Rentner Gerold Schäufele bleibt stehen. „Das Wasser hat seinen eigenen Kopf, das hat es immer gehabt“, sagt er.",
            &[(
                "Das Wasser hat seinen eigenen Kopf, das hat es immer gehabt",
                Some("Gerold Schäufele"),
                false,
            )],
        ),
        // A role is the person the article gives that role.
        (
            Plain,
            "Mayor Li Wei opened the meeting at six.\n\n“The river keeps its own time and never asks us first,” the mayor said.",
            &[(
                "The river keeps its own time and never asks us first,",
                Some("Li Wei"),
                false,
            )],
        ),
    ]);
}

#[test]
fn no_speaker_rather_than_a_wrong_one() {
    check(&[
        // Not names.
        (
            Plain,
            "“The river keeps its own time and never asks us first,” Critics said.",
            &[(
                "The river keeps its own time and never asks us first,",
                None,
                false,
            )],
        ),
        (
            Plain,
            "Officials in Berlin said: “The river keeps its own time and never asks us first.”",
            &[(LONG_EN, None, false)],
        ),
        (
            Plain,
            "Die Studie sagt: „Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.“",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.",
                None,
                false,
            )],
        ),
        (
            Plain,
            "„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“, so Experten.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                None,
                false,
            )],
        ),
        // The listener is not the speaker.
        (
            Plain,
            "“The river keeps its own time and never asks us first,” he told Li.",
            &[(
                "The river keeps its own time and never asks us first,",
                None,
                false,
            )],
        ),
        // A pronoun with nobody to stand for.
        (
            Plain,
            "„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“, sagte sie.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                None,
                false,
            )],
        ),
        // A role the article never names.
        (
            Plain,
            "„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“, sagte der Bürgermeister.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                None,
                false,
            )],
        ),
        // A role two people hold.
        (
            Plain,
            "Bürgermeister Weber und Bürgermeister Huber kamen.\n\n„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“, sagte der Bürgermeister.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                None,
                false,
            )],
        ),
        // A new sentence after the quotation is no tag, nor a tag ending in a colon.
        (
            Plain,
            "„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.“ Müller sagte später nichts mehr dazu.",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst.",
                None,
                false,
            )],
        ),
        (
            Plain,
            "„Der Fluss hat seine eigene Zeit und fragt uns nie zuerst“ Weber sagte: „Nein.“",
            &[(
                "Der Fluss hat seine eigene Zeit und fragt uns nie zuerst",
                None,
                false,
            )],
        ),
        // A verb far from the quotation.
        (
            Plain,
            "Li said the river was high. “The river keeps its own time and never asks us first.”",
            &[(LONG_EN, None, false)],
        ),
    ]);
}

fn asset(name: &str) -> String {
    let path = format!("{}/assets/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

/// The start of each quotation, its speaker and whether it is a paragraph.
fn starts(doc: &Document) -> Vec<(String, Option<String>, bool)> {
    got(doc)
        .into_iter()
        .map(|(q, s, p)| (q.chars().take(24).collect(), s, p))
        .collect()
}

fn want_starts(rows: &[(&str, Option<&str>, bool)]) -> Vec<(String, Option<String>, bool)> {
    rows.iter()
        .map(|(q, s, p)| (q.to_string(), s.map(str::to_string), *p))
        .collect()
}

#[test]
fn zeitung_sample() {
    let doc = Plain.parse(&asset("zeitung.txt"));
    let found = quotes::find(&doc);
    invariants(&doc, &found).unwrap();
    assert_eq!(
        starts(&doc),
        want_starts(&[
            ("Wir haben in dieser Nach", Some("Aschenbrenner"), true),
            ("Das heißt aber nicht, da", Some("Pfäffle"), false),
            ("Es kann auch zweimal in ", Some("Pfäffle"), false),
            ("Niemand hier oben will, ", None, true),
            ("Aber am Ende muss das Wa", Some("Aschenbrenner"), false),
            ("Man kann einen Damm auch", Some("Söllner"), false),
            ("Das kostet etwas mehr Ge", Some("Söllner"), false),
            ("Wir wollen niemandem die", Some("Söllner"), true),
            ("Ich habe nach der Flut d", Some("Jördis Köhler"), false),
            ("Meine Versicherung hat e", Some("Jördis Köhler"), false),
            ("Ich verstehe die Landwir", Some("Jördis Köhler"), true),
            ("Das Papier lag dreißig J", Some("Weißhaupt"), false),
            ("Jetzt sollten wir nicht ", Some("Weißhaupt"), false),
            ("Wir haben bei der Ortsum", Some("Fröhlich"), false),
            ("Ich möchte nicht, dass w", Some("Fröhlich"), false),
            (
                "Ich habe vom ersten Tag ",
                Some("Reinhold Aschenbrenner"),
                true
            ),
            ("Sicher nicht. Das Wasser", Some("Gerold Schäufele"), false),
        ])
    );
    // The five paragraph quotations are whole paragraphs without their marks.
    let paragraphs: Vec<&Quote> = found.iter().filter(|q| q.paragraph).collect();
    assert_eq!(paragraphs.len(), 5);
    for q in paragraphs {
        let block = &doc.blocks[doc.block_at(folio::document::TextPos(q.range.start))];
        assert_eq!(block.range.start + "„".len(), q.range.start);
        assert_eq!(block.range.end - "“".len(), q.range.end);
    }
    // Short quotations ("Wir haben jeden Stein umgedreht", "Sicherer vielleicht") are left out.
    assert!(
        !got(&doc)
            .iter()
            .any(|(q, _, _)| q.starts_with("Wir haben jeden Stein"))
    );
}

#[test]
fn essay_sample() {
    let doc = Markdown.parse(&asset("essay.md"));
    invariants(&doc, &quotes::find(&doc)).unwrap();
    assert_eq!(
        starts(&doc),
        want_starts(&[
            ("Would not take full paym", None, false),
            ("A timetable tells you wh", Some("Ambrose Trill"), true),
            ("slightly worse than the ", None, false),
            ("easier to ask than the c", None, false),
        ])
    );
    let quote = got(&doc).into_iter().find(|q| q.2).unwrap().0;
    assert!(quote.starts_with("A timetable") && quote.ends_with("never look at."));
}

#[test]
fn hardwrapped_sample() {
    let doc = Plain.parse(&asset("hardwrapped.txt"));
    invariants(&doc, &quotes::find(&doc)).unwrap();
    assert_eq!(
        got(&doc),
        vec![
            (
                "They have been doing winter for a good deal longer than we have,".to_string(),
                None,
                false
            ),
            (
                "and they do not need us to help them with it.".to_string(),
                None,
                false
            ),
        ]
    );
}

/// Text made of the pieces quote detection looks at.
fn article() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("„".to_string()),
        Just("‚".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("‹".to_string()),
        Just("›".to_string()),
        Just("「".to_string()),
        Just("」".to_string()),
        Just("『".to_string()),
        Just("』".to_string()),
        Just(" ".to_string()),
        Just("\u{a0}".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("> ".to_string()),
        Just("— ".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just(": ".to_string()),
        Just("said".to_string()),
        Just("sagte".to_string()),
        Just("a dit".to_string()),
        Just("according to".to_string()),
        Just("so".to_string()),
        Just("der".to_string()),
        Just("the".to_string()),
        Just("she".to_string()),
        Just("Bürgermeister".to_string()),
        Just("Mayor".to_string()),
        Just("Dr.".to_string()),
        Just("von".to_string()),
        Just("Li".to_string()),
        Just("Müller".to_string()),
        Just("と".to_string()),
        Just("は".to_string()),
        Just("言った".to_string()),
        Just("田中さん".to_string()),
        "[a-zA-Zé]{1,8}",
        "\\PC{1,4}",
        "[ -~]{1,6}",
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn find_is_safe_on_anything(text in article(), markdown in any::<bool>()) {
        let doc = if markdown { Markdown.parse(&text) } else { Plain.parse(&text) };
        let found = quotes::find(&doc);
        prop_assert!(invariants(&doc, &found).is_ok(), "{:?}", invariants(&doc, &found));
    }

    #[test]
    fn find_is_safe_on_arbitrary_strings(text in "\\PC{0,300}") {
        let doc = Plain.parse(&text);
        let found = quotes::find(&doc);
        prop_assert!(invariants(&doc, &found).is_ok(), "{:?}", invariants(&doc, &found));
    }
}
