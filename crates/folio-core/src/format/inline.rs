//! What both markup converters ([`super::html`], which walks a DOM, and
//! [`super::epub::xhtml`], a tag scanner) do inside the article's text, in one place so web
//! pages and books read alike (issue 15):
//!
//! - Mathematics ([`math`]): MathML linearised to one line of text (`x² + 1`, `(a+b)/2`,
//!   `√(x+1)`, `∑_(i=1)ⁿ i`, matrices `(1 2; 3 4)`); TeX shown only when nothing better
//!   exists (an empty `<math>`'s `alttext` or annotation, an equation image's `alt`).
//! - Superscripts and subscripts ([`script`]): Unicode super/subscript characters when every
//!   character has one, else `^`/`_` forms; footnote references as `[1]`.
//! - SVG text ([`svg_text`]): one paragraph per `<text>`, its title only when it has no text.
//! - Ruby ([`ruby`]): the base, and its reading in parentheses when the base is not kana.
//! - Images ([`image_label`]): alt text; TeX alt as TeX; no alt: the file name in brackets;
//!   decorative images (`alt=""`, `role="presentation"`) nothing.
//! - Floated line numbers ([`is_line_number`]): recognised here, set apart by the converters.
//!
//! The converters hand over a small owned tree ([`Element`]) of the element in question
//! (built from the DOM, or by [`TreeBuilder`] from scanned tags); its depth is bounded, so
//! hostile nesting cannot overflow the stack. Text out of here is not yet sanitised: the
//! converters pass it through their text path (`decode::sanitize`). No terminal dependency.

pub mod math;
#[cfg(test)]
mod tests;

/// Deeper elements than this are flattened into their parent's text.
pub const MAX_TREE_DEPTH: usize = 48;
/// Elements kept in one tree at most; the rest is flattened into text.
const MAX_TREE_NODES: usize = 20_000;

/// Options of the markup parsers (HTML and EPUB chapters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    pub ruby: Ruby,
}

/// How ruby readings are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ruby {
    /// `漢字(かんじ)`; no reading over a base that is all kana.
    #[default]
    Shown,
    /// The base text only.
    Hidden,
}

/// One element with its attributes (names lower-cased, namespace prefixes dropped).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn new(name: &str, attrs: Vec<(String, String)>) -> Element {
        Element {
            name: local_name(name),
            attrs,
            children: Vec::new(),
        }
    }

    /// The value of attribute `name` (ASCII case ignored).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name) || local_name(k) == name)
            .map(|(_, v)| v.as_str())
    }

    /// The element children, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// All text inside, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.text_onto(&mut out);
        out
    }

    fn text_onto(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.text_onto(out),
            }
        }
    }

    /// Whether an element called `name` is inside.
    pub fn contains(&self, name: &str) -> bool {
        self.elements().any(|e| e.name == name || e.contains(name))
    }

    /// The first element called `name` inside (depth first).
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find_map(|e| {
            if e.name == name {
                Some(e)
            } else {
                e.find(name)
            }
        })
    }
}

/// `m:mi` -> `mi`, lower-cased.
fn local_name(name: &str) -> String {
    name.rsplit(':').next().unwrap_or("").to_ascii_lowercase()
}

/// Builds an [`Element`] from a stream of tags (the EPUB scanner's): feed it the opening tag
/// of the root, then everything up to its end; [`TreeBuilder::close`] hands back the tree when
/// the root closes. Unclosed elements are closed by the close of an ancestor.
#[derive(Debug)]
pub struct TreeBuilder {
    stack: Vec<Element>,
    /// Opened beyond the depth limit and not yet closed (their text goes to the deepest kept).
    flattened: usize,
    nodes: usize,
}

impl TreeBuilder {
    pub fn new(root: Element) -> TreeBuilder {
        TreeBuilder {
            stack: vec![root],
            flattened: 0,
            nodes: 1,
        }
    }

    pub fn open(&mut self, el: Element) {
        if self.stack.len() >= MAX_TREE_DEPTH || self.nodes >= MAX_TREE_NODES {
            self.flattened += 1;
        } else {
            self.nodes += 1;
            self.stack.push(el);
        }
    }

    pub fn text(&mut self, text: &str) {
        if let Some(top) = self.stack.last_mut() {
            match top.children.last_mut() {
                Some(Node::Text(t)) => t.push_str(text),
                _ => top.children.push(Node::Text(text.to_string())),
            }
        }
    }

    /// Closes `name`; the whole tree when it closes the root.
    pub fn close(&mut self, name: &str) -> Option<Element> {
        let name = local_name(name);
        if self.flattened > 0 {
            self.flattened -= 1;
            return None;
        }
        let at = self.stack.iter().rposition(|e| e.name == name)?;
        while self.stack.len() > at + 1 {
            self.pop_into_parent();
        }
        if at == 0 {
            return self.stack.pop();
        }
        self.pop_into_parent();
        None
    }

    fn pop_into_parent(&mut self) {
        if let Some(done) = self.stack.pop()
            && let Some(parent) = self.stack.last_mut()
        {
            parent.children.push(Node::Element(done));
        }
    }

    /// The tree so far, every open element closed (the chapter ended inside it).
    pub fn finish(mut self) -> Option<Element> {
        while self.stack.len() > 1 {
            self.pop_into_parent();
        }
        self.stack.pop()
    }
}

/// Whitespace runs as one space, trimmed.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Superscript or subscript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Super,
    Sub,
}

/// The superscript form of `c`: digits, signs, parentheses, and `i` `n` (the letters of the
/// Superscripts and Subscripts block and Latin-1, which every terminal font has).
pub fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4'..='9' => char::from_u32(0x2070 + (c as u32 - '0' as u32))?,
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'i' => 'ⁱ',
        'n' => 'ⁿ',
        _ => return None,
    })
}

/// The subscript form of `c`: digits, signs, parentheses, and the letters of the Superscripts
/// and Subscripts block (`a e o x h k l m n p s t`).
pub fn subscript(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => char::from_u32(0x2080 + (c as u32 - '0' as u32))?,
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'a' => 'ₐ',
        'e' => 'ₑ',
        'o' => 'ₒ',
        'x' => 'ₓ',
        'h' => 'ₕ',
        'k' => 'ₖ',
        'l' => 'ₗ',
        'm' => 'ₘ',
        'n' => 'ₙ',
        'p' => 'ₚ',
        's' => 'ₛ',
        't' => 'ₜ',
        _ => return None,
    })
}

/// `text` raised or lowered: every character mapped ([`superscript`], [`subscript`]; spaces
/// dropped) or, when one has no form, `^t` / `_t`, parenthesised unless `t` is one token
/// (`2^k`, `x^(n+1)`, `H_(aq)`). `None` for empty text.
pub fn script(text: &str, kind: Script) -> Option<String> {
    let t = squash(text);
    if t.is_empty() {
        return None;
    }
    let map = match kind {
        Script::Super => superscript,
        Script::Sub => subscript,
    };
    let mapped: Option<String> = t.chars().filter(|c| *c != ' ').map(map).collect();
    if let Some(m) = mapped {
        return Some(m);
    }
    let mark = if kind == Script::Super { '^' } else { '_' };
    Some(if is_atom(&t) {
        format!("{mark}{t}")
    } else {
        format!("{mark}({t})")
    })
}

/// A `<sup>`/`<sub>` in running text: [`script`], except that a superscript of two letters or
/// more that cannot be raised is an abbreviation or ordinal (`1st`, `Mme`), kept as it is.
pub fn script_in_text(text: &str, kind: Script) -> Option<String> {
    let t = squash(text);
    let letters = t.chars().count() >= 2 && t.chars().all(char::is_alphabetic);
    if kind == Script::Super && letters && t.chars().any(|c| superscript(c).is_none()) {
        return Some(t);
    }
    script(&t, kind)
}

/// A footnote reference's text: `[1]` (kept as it is when it has its brackets already).
pub fn footnote_mark(text: &str) -> String {
    let t = squash(text);
    if t.starts_with('[') || t.starts_with('(') {
        t
    } else {
        format!("[{t}]")
    }
}

/// Whether a `<sup>` is a footnote reference: its class says so, or it holds (or sits in) a
/// link to a place in a page (`#fn1`) and its text is short.
pub fn is_footnote(class: Option<&str>, href: Option<&str>, text: &str) -> bool {
    let by_class = class.is_some_and(|c| {
        c.split_whitespace().any(|w| {
            let w = w.to_ascii_lowercase();
            w.contains("reference") || w.contains("footnote") || w.contains("noteref")
        })
    });
    let short = squash(text).chars().count() <= 6;
    by_class || (short && href.is_some_and(|h| h.contains('#')))
}

/// Whether `s` reads as one token: nothing but letters, digits and marks outside brackets
/// (so `x²`, `f(x)`, `x_i`, `(a + b)` are atoms; `a + b`, `−x`, `a/b` are not).
pub fn is_atom(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ if depth > 0 => {}
            _ if c.is_whitespace() || OPERATORS.contains(c) => return false,
            _ => {}
        }
    }
    true
}

/// `s` as a factor: parenthesised unless it is an atom, without spaces around its operators
/// (`(a+b)`, so a line never breaks inside it); spaces between words stay.
pub fn group(s: &str) -> String {
    if is_atom(s) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let op = |c: Option<&char>| c.is_some_and(|c| OPERATORS.contains(*c));
    let mut out = String::from("(");
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' && (op(chars.get(i.wrapping_sub(1))) || op(chars.get(i + 1))) {
            continue;
        }
        out.push(*c);
    }
    out.push(')');
    out
}

/// Operators that end an atom ([`is_atom`]) and lose their spaces in a group ([`group`]).
const OPERATORS: &str = "+-−±∓=<>≤≥≠≈≡/·×÷,;:|∣";

/// Whether every character is kana (hiragana, katakana, their small and halfwidth forms, the
/// prolonged sound mark).
pub fn is_kana(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            matches!(c as u32, 0x3041..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
        })
}

/// A `<ruby>` as text: the base; with [`Ruby::Shown`] the readings of bases that are not all
/// kana follow in parentheses (`漢字(かんじ)`; per-character readings are joined:
/// `<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>` reads `漢字(かんじ)`). `<rp>` is ignored.
pub fn ruby(el: &Element, mode: Ruby) -> String {
    let mut base = String::new();
    let mut pending = String::new();
    let mut readings = String::new();
    for child in &el.children {
        match child {
            Node::Text(t) => pending.push_str(t),
            Node::Element(e) if e.name == "rt" || e.name == "rtc" => {
                let reading = squash(&e.text());
                if !is_kana(pending.trim()) {
                    readings.push_str(&reading);
                }
                base.push_str(&pending);
                pending.clear();
            }
            Node::Element(e) if e.name == "rp" => {}
            Node::Element(e) if e.name == "rb" => pending.push_str(&e.text()),
            Node::Element(e) => pending.push_str(&ruby(e, mode)),
        }
    }
    base.push_str(&pending);
    let base = squash(&base);
    if mode == Ruby::Hidden || readings.is_empty() {
        return base;
    }
    format!("{base}({readings})")
}

/// What an SVG holds in words.
#[derive(Debug, Default, PartialEq)]
pub struct SvgText {
    /// One per `<text>` element.
    pub paragraphs: Vec<String>,
    /// The `<title>` (or `<desc>`), when there is no text: shown as an image's alt text.
    pub label: Option<String>,
}

/// The words of an `<svg>`: each `<text>` a paragraph, its `<tspan>`s joined (with a space
/// when a span is positioned on its own, `x`/`y`/`dy`); `<title>`/`<desc>` only when there is
/// no text.
pub fn svg_text(svg: &Element) -> SvgText {
    let mut out = SvgText::default();
    collect_svg(svg, &mut out.paragraphs);
    out.paragraphs.retain(|p| !p.is_empty());
    if out.paragraphs.is_empty() {
        out.label = ["title", "desc"]
            .iter()
            .filter_map(|n| svg.elements().find(|e| e.name == *n))
            .map(|e| squash(&e.text()))
            .find(|t| !t.is_empty());
    }
    out
}

fn collect_svg(el: &Element, out: &mut Vec<String>) {
    for e in el.elements() {
        match e.name.as_str() {
            "text" => {
                let mut s = String::new();
                svg_spans(e, &mut s);
                out.push(squash(&s));
            }
            "title" | "desc" | "style" | "script" | "metadata" | "defs" => {}
            _ => collect_svg(e, out),
        }
    }
}

fn svg_spans(el: &Element, out: &mut String) {
    for child in &el.children {
        match child {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name == "title" || e.name == "desc" => {}
            Node::Element(e) => {
                let placed = ["x", "y", "dy"].iter().any(|a| e.attr(a).is_some());
                if placed && !out.ends_with('-') {
                    out.push(' ');
                }
                svg_spans(e, out);
            }
        }
    }
}

/// What an image shows in the text.
#[derive(Debug, PartialEq, Eq)]
pub enum ImageLabel {
    /// The alt text (shown emphasised).
    Alt(String),
    /// TeX from an equation image's alt (shown as text).
    Tex(String),
    /// No alt: `[check.png]` or `[image]`.
    Name(String),
}

/// An image in the text: its alt text; TeX alt as TeX ([`tex_alt`]); without `alt` its file
/// name (`[check.png]`, no folder or query; `[image]` when the name is long or missing).
/// Decorative images (`alt=""`, `role="presentation"`/`"none"`) show nothing.
pub fn image_label(alt: Option<&str>, src: Option<&str>, role: Option<&str>) -> Option<ImageLabel> {
    if role.is_some_and(|r| matches!(r.trim(), "presentation" | "none")) {
        return None;
    }
    match alt {
        Some(alt) => {
            if let Some(tex) = tex_alt(alt) {
                return Some(ImageLabel::Tex(tex));
            }
            let alt = squash(alt);
            (!alt.is_empty()).then_some(ImageLabel::Alt(alt))
        }
        None => Some(ImageLabel::Name(format!(
            "[{}]",
            file_name(src.unwrap_or("")).unwrap_or("image")
        ))),
    }
}

/// The last segment of an image address, when it is a short file name.
fn file_name(src: &str) -> Option<&str> {
    const MAX_NAME: usize = 40;
    let src = src.trim();
    if src.starts_with("data:") {
        return None;
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    let name = path.rsplit(['/', '\\']).next().unwrap_or("");
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME
        && name.contains('.')
        && name
            .chars()
            .all(|c| !c.is_control() && c != '[' && c != ']');
    ok.then_some(name)
}

/// TeX from an alt text that is TeX (`{\displaystyle x^{2}}`, `\(x^2\)`, `$x^2$`), without its
/// wrapper; `None` for other alt texts.
pub fn tex_alt(alt: &str) -> Option<String> {
    let a = alt.trim();
    let inner = if let Some(rest) = a.strip_prefix("{\\displaystyle") {
        rest.strip_suffix('}').unwrap_or(rest)
    } else if let Some(rest) = a.strip_prefix("{\\textstyle") {
        rest.strip_suffix('}').unwrap_or(rest)
    } else if let Some(rest) = a.strip_prefix("\\(") {
        rest.strip_suffix("\\)").unwrap_or(rest)
    } else if let Some(rest) = a.strip_prefix("\\[") {
        rest.strip_suffix("\\]").unwrap_or(rest)
    } else if let Some(rest) = a.strip_prefix("$$") {
        rest.strip_suffix("$$").unwrap_or(rest)
    } else if a.len() > 2 && a.starts_with('$') && a.ends_with('$') {
        &a[1..a.len() - 1]
    } else {
        return None;
    };
    let t = squash(inner);
    (!t.is_empty()).then_some(t)
}

/// Whether an element is a line number set in the margin of verse: a class naming it
/// (`linenum`, `lineno`, `line-number`, `linenumber`, `line_num`), or a float or an absolute
/// position; and its text a short number (digits or a Roman numeral).
pub fn is_line_number(class: Option<&str>, style: Option<&str>, text: &str) -> bool {
    let t = squash(text);
    let number = !t.is_empty()
        && t.chars().count() <= 6
        && (t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(|c| "ivxlcIVXLC".contains(c)));
    if !number {
        return false;
    }
    let by_class = class.is_some_and(|c| {
        c.split_whitespace().any(|w| {
            let w: String = w
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            w.starts_with("linenum") || w == "lineno" || w == "linenr" || w == "lnum"
        })
    });
    let by_style = style.is_some_and(|s| {
        let s: String = s
            .split_whitespace()
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("float:right") || s.contains("float:left") || s.contains("position:absolute")
    });
    by_class || by_style
}

/// How a line number is set apart at the end of its line: after a gap of figure spaces
/// (no-break, so the number never starts a line of its own when the line wraps).
pub fn line_number_suffix(number: &str) -> String {
    format!("\u{2007}\u{2007}\u{2007}{}", squash(number))
}
