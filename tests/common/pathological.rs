//! Pathological inputs shared by the hardening tests (which check that they parse, draw and
//! stay clean) and `benches/engine.rs` (which times them): deep nesting, a flood of combining
//! marks, quotation marks everywhere.

/// Makes an input nested `n` deep.
pub type Maker = fn(usize) -> String;

/// Markdown nested `n` deep, by name.
pub const MARKDOWN_NESTING: [(&str, Maker); 6] = [
    ("'>' x N", |n| format!("{} quoted\n", ">".repeat(n))),
    ("N/100 lines of 100 '>'", |n| {
        format!("{} a line\n", ">".repeat(100)).repeat(n / 100)
    }),
    ("'[' x N", |n| {
        format!("{}x{}", "[".repeat(n), "](u)".repeat(n / 2))
    }),
    ("'*' x N", |n| {
        format!("{}word{}", "*".repeat(n), "*".repeat(n))
    }),
    ("'- ' x N (lists)", |n| format!("{}item\n", "- ".repeat(n))),
    ("'<a>' x N (inline HTML)", |n| "<a>".repeat(n) + "text"),
];

/// HTML nested `n` deep, by name.
pub const HTML_NESTING: [(&str, Maker); 5] = [
    ("<div> x N", |n| {
        format!("<html><body>{}text</body></html>", "<div>".repeat(n))
    }),
    ("<b><i> x N/2", |n| {
        format!("<p>{}text</p>", "<b><i>".repeat(n / 2))
    }),
    ("<blockquote> x N", |n| {
        format!("<body>{}quoted", "<blockquote>".repeat(n))
    }),
    ("<span> x N (unclosed)", |n| {
        format!("<body><p>{}", "<span>a".repeat(n))
    }),
    (SLOW_HTML, |n| {
        format!("<body>{}item", "<ul><li>".repeat(n / 2))
    }),
];

/// The HTML case that takes seconds per parse in a debug build: the tests try it at a quarter
/// of the others' size.
pub const SLOW_HTML: &str = "<ul><li> x N/2";

/// The share of the tests' size that the case `name` is tried at.
pub fn html_share(name: &str) -> f64 {
    if name == SLOW_HTML { 0.25 } else { 1.0 }
}

/// A page of `n` nested, closed `<div>`s around one sentence.
pub fn nested_divs(n: usize) -> String {
    format!(
        "<html><body>{}<p>Deep inside the nest there is one sentence.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    )
}

/// A page of `n` unclosed block quotes, each holding a list.
pub fn unclosed_quoted_lists(n: usize) -> String {
    format!("<body>{}<p>end</p>", "<blockquote><ul><li>x".repeat(n))
}

/// 2,000 letters each carrying 500 combining marks (about 2 MB), in paragraphs.
pub fn combining_marks_flood() -> String {
    let marks: String = ['\u{301}', '\u{316}', '\u{35C}', '\u{489}', '\u{20DD}']
        .iter()
        .cycle()
        .take(500)
        .collect();
    let mut text = String::new();
    for i in 0..2000 {
        text.push(if i % 7 == 0 { 'Z' } else { 'a' });
        text.push_str(&marks);
        text.push(if i % 9 == 8 { '\n' } else { ' ' });
        if i % 90 == 89 {
            text.push('\n');
        }
    }
    text
}

/// Texts of 2 to 4 MB that once made quotation finding slow, by name: the German sample
/// repeated to 4 MB, then quotation marks and reporting clauses in every arrangement.
pub fn quote_floods() -> Vec<(&'static str, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/zeitung.txt");
    let zeitung = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut text = String::new();
    while text.len() < 4_000_000 {
        text.push_str(&zeitung);
        text.push_str("\n\n");
    }
    vec![
        ("zeitung x 4 MB", text),
        ("'\"' x 4M", "\"".repeat(4_000_000)),
        ("'„a ' x 1.4M", "„a ".repeat(1_400_000)),
        (
            "one '“' before 800k words",
            format!("“{}", "word ".repeat(800_000)),
        ),
        (
            "German quote and speaker x 120k",
            "„Wort“, sagte der Bürgermeister. ".repeat(120_000),
        ),
        (
            "straight quote and speaker x 80k",
            "\"one two three four five six seven eight,\" said Li. ".repeat(80_000),
        ),
        (
            "a named speaker, then 65k quotes",
            format!(
                "Mayor Li Wei spoke. {}",
                "“one two three four five six seven eight,” the mayor said. ".repeat(65_000)
            ),
        ),
        (
            "German paragraphs x 45k",
            "Rentner Gerold Schäufele kam. „eins zwei drei vier fünf sechs sieben acht“, sagte \
             er.\n\n"
                .repeat(45_000),
        ),
    ]
}
