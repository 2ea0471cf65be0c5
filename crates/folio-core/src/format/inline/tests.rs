use super::math::linearise;
use super::*;

/// A tree from markup, through the EPUB scanner's builder (a tiny tag reader for tests).
fn tree(markup: &str) -> Element {
    let mut builder: Option<TreeBuilder> = None;
    let mut rest = markup;
    while let Some(lt) = rest.find('<') {
        if lt > 0
            && let Some(b) = builder.as_mut()
        {
            b.text(&rest[..lt]);
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g);
        let tag = &rest[lt + 1..gt];
        rest = rest.get(gt + 1..).unwrap_or("");
        if let Some(name) = tag.strip_prefix('/') {
            if let Some(done) = builder.as_mut().and_then(|b| b.close(name)) {
                return done;
            }
            continue;
        }
        let empty = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let mut parts = tag.split_whitespace();
        let name = parts.next().unwrap_or("");
        let attrs = parts
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string()))
            .collect();
        let el = Element::new(name, attrs);
        match builder.as_mut() {
            None => builder = Some(TreeBuilder::new(el)),
            Some(b) => {
                b.open(el);
                if empty {
                    b.close(name);
                }
            }
        }
    }
    builder.and_then(TreeBuilder::finish).unwrap_or_default()
}

fn lin(markup: &str) -> String {
    linearise(&tree(markup)).map(|m| m.text).unwrap_or_default()
}

#[test]
fn superscripts_are_unicode_when_every_character_has_one() {
    assert_eq!(lin("<math><msup><mi>x</mi><mn>2</mn></msup></math>"), "x²");
    assert_eq!(
        lin("<math><msup><mi>x</mi><mrow><mi>n</mi><mo>+</mo><mn>1</mn></mrow></msup></math>"),
        "xⁿ⁺¹"
    );
    assert_eq!(
        lin("<math><msup><mi>x</mi><mrow><mi>k</mi><mo>+</mo><mn>1</mn></mrow></msup></math>"),
        "x^(k+1)"
    );
    assert_eq!(lin("<math><msup><mi>e</mi><mi>k</mi></msup></math>"), "e^k");
    assert_eq!(
        lin(
            "<math><msup><mrow><mo>(</mo><mi>a</mi><mo>+</mo><mi>b</mi><mo>)</mo></mrow><mn>2</mn></msup></math>"
        ),
        "(a + b)²"
    );
}

#[test]
fn subscripts_fractions_and_roots() {
    assert_eq!(lin("<math><msub><mi>x</mi><mn>1</mn></msub></math>"), "x₁");
    assert_eq!(lin("<math><msub><mi>x</mi><mi>i</mi></msub></math>"), "x_i");
    assert_eq!(
        lin("<math><msubsup><mi>a</mi><mi>n</mi><mn>2</mn></msubsup></math>"),
        "aₙ²"
    );
    assert_eq!(
        lin("<math><mfrac><mi>a</mi><mi>b</mi></mfrac></math>"),
        "a/b"
    );
    assert_eq!(
        lin("<math><mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></mfrac></math>"),
        "(a+b)/2"
    );
    assert_eq!(lin("<math><msqrt><mi>x</mi></msqrt></math>"), "√x");
    assert_eq!(
        lin("<math><msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt></math>"),
        "√(x+1)"
    );
    assert_eq!(
        lin("<math><mroot><mi>y</mi><mn>3</mn></mroot></math>"),
        "∛y"
    );
    assert_eq!(
        lin("<math><mroot><mi>y</mi><mn>5</mn></mroot></math>"),
        "⁵√y"
    );
}

#[test]
fn limits_matrices_fences_and_signs() {
    assert_eq!(
        lin(
            "<math><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>i</mi></math>"
        ),
        "∑_(i=1)ⁿ i"
    );
    assert_eq!(
        lin(
            "<math><mrow><mo>[</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr><mtr><mtd><mn>3</mn></mtd><mtd><mn>4</mn></mtd></mtr></mtable><mo>]</mo></mrow></math>"
        ),
        "[1 2; 3 4]"
    );
    assert_eq!(
        lin("<math><mfenced><mi>a</mi><mi>b</mi></mfenced></math>"),
        "(a, b)"
    );
    assert_eq!(
        lin("<math><mo>−</mo><mi>x</mi><mo>-</mo><mn>1</mn></math>"),
        "−x − 1"
    );
    assert_eq!(
        lin("<math><mover><mi>x</mi><mo>¯</mo></mover></math>"),
        "x\u{304}"
    );
    assert_eq!(
        lin("<math><mi>f</mi><mo>\u{2061}</mo><mo>(</mo><mi>x</mi><mo>)</mo></math>"),
        "f(x)"
    );
    assert_eq!(
        lin("<math><mphantom><mi>x</mi></mphantom><mi>y</mi></math>"),
        "y"
    );
}

#[test]
fn semantics_alttext_and_display() {
    assert_eq!(
        lin(
            "<math><semantics><mi>x</mi><annotation encoding=\"application/x-tex\">x</annotation></semantics></math>"
        ),
        "x"
    );
    assert_eq!(
        lin(
            "<math><semantics><mrow></mrow><annotation encoding=\"application/x-tex\">{\\displaystyle \\frac{1}{2}}</annotation></semantics></math>"
        ),
        "\\frac{1}{2}"
    );
    assert_eq!(lin("<math alttext=\"\\sqrt{2}\"></math>"), "\\sqrt{2}");
    let block = linearise(&tree("<math display=\"block\"><mi>x</mi></math>"));
    assert!(block.is_some_and(|m| m.display));
    assert_eq!(linearise(&tree("<math></math>")), None);
}

#[test]
fn deep_math_neither_overflows_nor_loses_its_text() {
    let depth = 5000;
    let markup = format!(
        "<math>{}<mi>z</mi>{}</math>",
        "<mrow>".repeat(depth),
        "</mrow>".repeat(depth)
    );
    assert_eq!(lin(&markup), "z");
}

#[test]
fn scripts_in_text() {
    assert_eq!(script("7", Script::Super).as_deref(), Some("⁷"));
    assert_eq!(script("k", Script::Super).as_deref(), Some("^k"));
    assert_eq!(script("n + 1", Script::Super).as_deref(), Some("ⁿ⁺¹"));
    assert_eq!(script("k+1", Script::Super).as_deref(), Some("^(k+1)"));
    assert_eq!(script("2", Script::Sub).as_deref(), Some("₂"));
    assert_eq!(script("i", Script::Sub).as_deref(), Some("_i"));
    assert_eq!(script(" ", Script::Sub), None);
    assert_eq!(script_in_text("st", Script::Super).as_deref(), Some("st"));
    assert_eq!(script_in_text("e", Script::Super).as_deref(), Some("^e"));
    assert_eq!(footnote_mark("1"), "[1]");
    assert_eq!(footnote_mark("[2]"), "[2]");
    assert!(is_footnote(None, Some("#fn1"), "1"));
    assert!(is_footnote(Some("reference"), None, "12"));
    assert!(!is_footnote(None, Some("https://example.org/square"), "2"));
}

#[test]
fn ruby_reading_follows_a_base_that_is_not_kana() {
    let r = |m: &str, mode| ruby(&tree(m), mode);
    assert_eq!(
        r(
            "<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>",
            Ruby::Shown
        ),
        "漢字(かんじ)"
    );
    assert_eq!(
        r("<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>", Ruby::Shown),
        "漢字(かんじ)"
    );
    assert_eq!(r("<ruby>かな<rt>かな</rt></ruby>", Ruby::Shown), "かな");
    assert_eq!(r("<ruby>漢字<rt>かんじ</rt></ruby>", Ruby::Hidden), "漢字");
    assert!(is_kana("ゅうくつ") && is_kana("ｶﾀｶﾅ") && !is_kana("窮屈"));
}

#[test]
fn svg_text_is_paragraphs_and_the_title_only_without_text() {
    let svg = svg_text(&tree(
        "<svg><title>Page</title><text x=\"1\"><tspan x=\"1\">one</tspan><tspan x=\"1\" y=\"2\">line</tspan></text><g><text>two</text></g></svg>",
    ));
    assert_eq!(svg.paragraphs, ["one line", "two"]);
    assert_eq!(svg.label, None);
    let icon = svg_text(&tree("<svg><title>A map</title><path/></svg>"));
    assert!(icon.paragraphs.is_empty());
    assert_eq!(icon.label.as_deref(), Some("A map"));
}

#[test]
fn images_alt_tex_names_and_decoration() {
    use ImageLabel::*;
    assert_eq!(
        image_label(Some("A cat"), None, None),
        Some(Alt("A cat".into()))
    );
    assert_eq!(image_label(Some(""), Some("x.png"), None), None);
    assert_eq!(image_label(None, Some("x.png"), Some("presentation")), None);
    assert_eq!(
        image_label(None, Some("/img/check.png?v=2"), None),
        Some(Name("[check.png]".into()))
    );
    assert_eq!(
        image_label(None, Some("data:image/png;base64,AAAA"), None),
        Some(Name("[image]".into()))
    );
    assert_eq!(
        image_label(Some("{\\displaystyle x^{2}}"), None, None),
        Some(Tex("x^{2}".into()))
    );
    assert_eq!(tex_alt("$a+b$").as_deref(), Some("a+b"));
    assert_eq!(tex_alt("\\(a\\)").as_deref(), Some("a"));
    assert_eq!(tex_alt("A $5 bill"), None);
}

#[test]
fn line_numbers_by_class_or_float_and_only_numbers() {
    assert!(is_line_number(Some("linenum"), None, "80"));
    assert!(is_line_number(Some("x line-number"), None, " 12 "));
    assert!(is_line_number(None, Some("float: right"), "xv"));
    assert!(!is_line_number(Some("linenum"), None, "Chorus"));
    assert!(!is_line_number(Some("note"), None, "80"));
    assert!(!is_line_number(
        None,
        Some("float:right"),
        "A picture caption"
    ));
}

mod props {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        /// A mapped script maps back character for character, and scripting never panics.
        #[test]
        fn scripts_round_trip(s in "[0-9+=()n-]{1,8}|\\PC{0,12}") {
            for kind in [Script::Super, Script::Sub] {
                let map = if kind == Script::Super { superscript } else { subscript };
                let Some(out) = script(&s, kind) else { continue };
                if !out.starts_with('^') && !out.starts_with('_') {
                    let back: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
                    prop_assert_eq!(out.chars().count(), back.len());
                    for (a, b) in back.iter().zip(out.chars()) {
                        prop_assert_eq!(map(*a), Some(b));
                    }
                }
            }
        }
    }
}
