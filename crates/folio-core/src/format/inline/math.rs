//! MathML -> one line of readable text.
//!
//! The rules: `msup` raises the exponent with Unicode superscripts when every character has
//! one (`x²`), else `x^n` / `x^(n+1)`; `msub` likewise (`x₁`, `x_i`); `mfrac` is `a/b` with
//! each part parenthesised unless it is one token (`(a+b)/2`: no spaces inside a group, so no
//! line breaks there either); `msqrt` `√x`, `√(x+1)`;
//! `mroot` `∛x`, `∜x`, else the index raised (`ⁿ√x`); `munderover` and friends put limits as
//! scripts (`∑_(i=1)ⁿ i`), except accents (`x̄`, `x⃗`); `mfenced` its fences and separators;
//! `mtable` its rows separated by `; ` and cells by a space (so a matrix in parentheses reads
//! `(1 2; 3 4)`, an alignment `x = 1; y = 2`); `mphantom` nothing; `semantics` its first
//! (presentation) child, or the TeX annotation when that is empty; an empty `<math>` its
//! `alttext`. Binary operators and relations get a space on each side, commas one after.

use super::{Element, Node, Script, group, is_atom, script, squash, tex_alt};

/// Below this depth, elements read as their text.
const MAX_DEPTH: usize = 40;

/// A linearised `<math>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Math {
    pub text: String,
    /// `display="block"`: its own line.
    pub display: bool,
}

/// Linearises a `<math>` element; `None` when it holds nothing readable.
pub fn linearise(math: &Element) -> Option<Math> {
    let display = math
        .attr("display")
        .is_some_and(|d| d.trim().eq_ignore_ascii_case("block"))
        || math
            .attr("mode")
            .is_some_and(|d| d.trim().eq_ignore_ascii_case("display"));
    let mut text = tidy(&row(&math.children, 0));
    if text.is_empty() {
        text = math
            .find("annotation")
            .map(Element::text)
            .or_else(|| math.attr("alttext").map(str::to_string))
            .map(|t| tex_alt(&t).unwrap_or_else(|| squash(&t)))
            .unwrap_or_default();
    }
    (!text.is_empty()).then_some(Math { text, display })
}

/// Spaces tidied: runs as one, none inside brackets' edges.
fn tidy(s: &str) -> String {
    let s = squash(s);
    s.replace("( ", "(")
        .replace(" )", ")")
        .replace("[ ", "[")
        .replace(" ]", "]")
}

/// The children of a row, one after another.
fn row(children: &[Node], depth: usize) -> String {
    let mut out = String::new();
    let mut prev_operand = false;
    for child in children {
        match child {
            Node::Text(t) => out.push_str(t.trim()),
            Node::Element(e) if e.name == "mo" => {
                let op = squash(&e.text());
                out.push_str(&operator(&op, prev_operand));
                prev_operand = op.chars().all(|c| ")]}|⌋⌉⟩".contains(c)) && !op.is_empty();
            }
            Node::Element(e) => {
                let s = node(e, depth + 1);
                if s.is_empty() {
                    continue;
                }
                out.push_str(&s);
                prev_operand = true;
            }
        }
    }
    out
}

/// An operator with its spacing: binary operators and relations after an operand get a space
/// on each side; a sign opening a row gets none; commas one after; invisible operators vanish.
fn operator(op: &str, after_operand: bool) -> String {
    match op {
        "" | "\u{2061}" | "\u{2062}" | "\u{2063}" | "\u{2064}" => String::new(),
        "," | ";" => format!("{op} "),
        "-" => operator("−", after_operand),
        _ if is_binary(op) => {
            if after_operand {
                format!(" {op} ")
            } else {
                op.to_string()
            }
        }
        _ => op.to_string(),
    }
}

fn is_binary(op: &str) -> bool {
    const BINARY: &str = "+−±∓=<>≤≥≠≈≡∼≃≅∝×÷·∘∗⋅∈∉∋⊂⊃⊆⊇∪∩∧∨→←↔⇒⇐⇔↦≪≫⊕⊗∣∖";
    let mut chars = op.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if BINARY.contains(c))
        || matches!(op, ":=" | "<=" | ">=" | "!=" | "==")
}

/// One element as text.
fn node(e: &Element, depth: usize) -> String {
    if depth > MAX_DEPTH {
        return squash(&e.text());
    }
    let kids: Vec<&Element> = e.elements().collect();
    let part = |i: usize| {
        kids.get(i)
            .map_or(String::new(), |k| tidy(&node(k, depth + 1)))
    };
    match e.name.as_str() {
        "mi" | "mn" | "mtext" | "mglyph" => squash(&e.text()),
        "ms" => format!("\"{}\"", squash(&e.text())),
        "mspace" => " ".to_string(),
        "mphantom" | "none" | "mprescripts" | "annotation" | "annotation-xml" => String::new(),
        "mo" => operator(&squash(&e.text()), true),
        "msup" => scripted(&part(0), None, Some(&part(1))),
        "msub" => scripted(&part(0), Some(&part(1)), None),
        "msubsup" => scripted(&part(0), Some(&part(1)), Some(&part(2))),
        "munder" | "mover" | "munderover" => under_over(e, &kids, depth),
        "mfrac" => {
            let (a, b) = (part(0), part(1));
            format!("{}/{}", group(&a), group(&b))
        }
        "msqrt" => format!("√{}", group(&tidy(&row(&e.children, depth)))),
        "mroot" => root(&part(0), &part(1)),
        "mfenced" => fenced(e, &kids, depth),
        "mtable" => table(&kids, depth),
        "mtr" | "mlabeledtr" => kids
            .iter()
            .map(|k| tidy(&node(k, depth + 1)))
            .collect::<Vec<_>>()
            .join(" "),
        "semantics" => {
            let first = kids.first().map(|k| tidy(&node(k, depth + 1)));
            match first {
                Some(f) if !f.is_empty() => f,
                _ => kids
                    .iter()
                    .filter(|k| k.name == "annotation")
                    .map(|k| k.text())
                    .map(|t| tex_alt(&t).unwrap_or_else(|| squash(&t)))
                    .next()
                    .unwrap_or_default(),
            }
        }
        "maction" => part(0),
        "mmultiscripts" => multiscripts(&kids, depth),
        _ => row(&e.children, depth),
    }
}

/// A base with a subscript and a superscript.
fn scripted(base: &str, sub: Option<&str>, sup: Option<&str>) -> String {
    // One character (`∑`, `x`) or nothing (a pre-script) needs no brackets.
    let mut out = if base.chars().count() <= 1 {
        base.to_string()
    } else {
        group(base)
    };
    // Scripts are set tight: `∑_(i=1)`, `x^(k+1)`.
    let tight = |s: &str| {
        let g = group(s);
        let inner = g.strip_prefix('(').and_then(|g| g.strip_suffix(')'));
        inner.map_or(g.clone(), str::to_string)
    };
    let sub = sub.map(|s| if is_atom(s) { s.to_string() } else { tight(s) });
    let sup = sup.map(|s| if is_atom(s) { s.to_string() } else { tight(s) });
    let (sub, sup) = (sub.as_deref(), sup.as_deref());
    if let Some(s) = sub.and_then(|s| script(s, Script::Sub)) {
        out.push_str(&s);
    }
    if let Some(s) = sup {
        if !s.is_empty() && s.chars().all(|c| "′″‴'*".contains(c)) {
            out.push_str(s);
        } else if let Some(s) = script(s, Script::Super) {
            out.push_str(&s);
        }
    }
    out
}

/// `munder`, `mover`, `munderover`: limits as scripts, an accent combined with its base.
fn under_over(e: &Element, kids: &[&Element], depth: usize) -> String {
    let part = |i: usize| {
        kids.get(i)
            .map_or(String::new(), |k| tidy(&node(k, depth + 1)))
    };
    let base = part(0);
    let (under, over) = match e.name.as_str() {
        "munder" => (Some(part(1)), None),
        "mover" => (None, Some(part(1))),
        _ => (Some(part(1)), Some(part(2))),
    };
    if let Some(over) = &over
        && let Some(mark) = accent(over)
    {
        if base.chars().count() == 1 {
            return format!("{base}{mark}");
        }
        return format!("{}{mark}", group(&base));
    }
    // An underline or brace under the base says nothing in text.
    let under = under.filter(|u| !matches!(u.as_str(), "_" | "‾" | "¯" | "⏟" | "︸"));
    let mut out = scripted(&base, under.as_deref(), over.as_deref());
    // A large operator's limits are followed by a space: `∑_(i=1)ⁿ i`.
    if base.chars().count() == 1 && base.chars().all(|c| "∑∏∐∫∮⋃⋂⋁⋀⨁⨂".contains(c))
    {
        out.push(' ');
    }
    out
}

/// The combining mark for an accent drawn over a base.
fn accent(over: &str) -> Option<char> {
    Some(match over {
        "¯" | "‾" | "_" | "ˉ" => '\u{304}',
        "^" | "ˆ" => '\u{302}',
        "~" | "˜" => '\u{303}',
        "˙" | "." => '\u{307}',
        "¨" => '\u{308}',
        "→" | "⃗" => '\u{20d7}',
        "ˇ" => '\u{30c}',
        _ => return None,
    })
}

fn root(base: &str, index: &str) -> String {
    let sign = match index {
        "3" => "∛".to_string(),
        "4" => "∜".to_string(),
        _ => match script(index, Script::Super) {
            Some(s) if !s.starts_with('^') => format!("{s}√"),
            _ => format!("({index})√"),
        },
    };
    format!("{sign}{}", group(base))
}

fn fenced(e: &Element, kids: &[&Element], depth: usize) -> String {
    let open = e.attr("open").unwrap_or("(");
    let close = e.attr("close").unwrap_or(")");
    let seps: Vec<char> = e
        .attr("separators")
        .unwrap_or(",")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut out = open.trim().to_string();
    for (i, k) in kids.iter().enumerate() {
        if i > 0 {
            let sep = seps.get(i - 1).or(seps.last()).copied();
            if let Some(sep) = sep {
                out.push(sep);
            }
            out.push(' ');
        }
        out.push_str(&tidy(&node(k, depth + 1)));
    }
    out.push_str(close.trim());
    out
}

/// Rows separated by `; `, cells by a space (a multi-token cell that opens with an operator,
/// as in an alignment, simply continues the row).
fn table(rows: &[&Element], depth: usize) -> String {
    rows.iter()
        .map(|r| tidy(&node(r, depth + 1)))
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// `mmultiscripts`: the base, then its post-scripts; pre-scripts before the base.
fn multiscripts(kids: &[&Element], depth: usize) -> String {
    let text = |k: &&Element| tidy(&node(k, depth + 1));
    let mut parts = kids.iter();
    let base = parts.next().map(text).unwrap_or_default();
    let mut post = String::new();
    let mut pre = String::new();
    let mut in_pre = false;
    let rest: Vec<&&Element> = parts.collect();
    let mut i = 0;
    while i < rest.len() {
        if rest[i].name == "mprescripts" {
            in_pre = true;
            i += 1;
            continue;
        }
        let sub = text(rest[i]);
        let sup = rest.get(i + 1).map(|k| text(k)).unwrap_or_default();
        let s = scripted("", Some(&sub), Some(&sup));
        if in_pre {
            pre.push_str(&s)
        } else {
            post.push_str(&s)
        }
        i += 2;
    }
    let base = if is_atom(&base) { base } else { group(&base) };
    format!("{pre}{base}{post}")
}
