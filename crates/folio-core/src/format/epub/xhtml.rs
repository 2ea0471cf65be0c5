//! A chapter's XHTML body -> [`Document`], without Readability extraction (a chapter is all
//! content: nothing to extract).
//!
//! A small, forgiving tag scanner: block elements become blocks (`h1`–`h6` headings, `p`,
//! `li` with markers, `blockquote` depth, `pre` as code, `<br>` turning a paragraph into kept
//! lines, `hr` rules), `em`/`i`, `strong`/`b`, `code` and `a href` become spans. `head`,
//! `script`, `style` and similar are skipped. Malformed markup never fails: it is read as
//! well as it can be.
//!
//! Mathematics, `<sup>`/`<sub>`, SVG text, ruby, images and floated line numbers are read as
//! in web pages, through [`crate::format::inline`]: the scanner gathers such an element's tags
//! into a small tree ([`TreeBuilder`]) and hands it over when it closes. `<object>` fallback
//! content is read; `<video>`/`<audio>` fallback text ("your reader cannot play this") is
//! not. In `<epub:switch>` the first case for MathML or SVG is read and `<epub:default>` then
//! skipped; other cases are skipped.

use crate::document::{BlockKind, Document, DocumentBuilder, ListMark, Meta, Span, Style};
use crate::format::inline::{self, Element, ImageLabel, ParseOptions, Script, TreeBuilder, math};
use crate::format::{Collapser, unescape};

/// Elements whose content is never shown.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "title", "template", "noscript", "video", "audio", "rp",
];

/// Elements gathered whole and read through [`inline`] when they close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gather {
    Math,
    Svg,
    Ruby,
    Script(Script),
    /// A floated element or one with a line-number class: a line number if its text is one.
    Float,
}

/// Elements that end the current block when they open or close.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "body",
    "html",
    "hr",
    "address",
];

#[derive(Default)]
struct Conv {
    b: DocumentBuilder,
    text: String,
    /// Whitespace of `text` not yet written (it may end before a tag).
    ws: Collapser,
    spans: Vec<Span>,
    kind: Option<BlockKind>,
    has_break: bool,
    skip: usize,
    pre: usize,
    quote: u8,
    emphasis: usize,
    strong: usize,
    code: usize,
    links: Vec<Option<u32>>,
    /// Open lists: ordered?, next number.
    lists: Vec<(bool, u32)>,
    /// The marker for the next block, set by `<li>`.
    marker: Option<String>,
    in_item: bool,
    /// Rows of the table being read (its cells' text) and how deep in tables we are: a
    /// table inside a cell is read as that cell's text.
    table: Option<Vec<Vec<String>>>,
    table_depth: usize,
    options: ParseOptions,
    gather: Option<(Gather, TreeBuilder)>,
    /// A floated line number, set at the end of its line.
    line_number: Option<String>,
    /// Where the text ended after the last equation: a TeX image right there is its fallback.
    after_math: Option<usize>,
    /// Open `epub:switch`es (whether a case was read), and open cases (whether skipped).
    switches: Vec<bool>,
    cases: Vec<bool>,
}

impl Conv {
    fn style(&self) -> Style {
        Style {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            code: self.code > 0,
            link: self.links.iter().rev().find_map(|l| *l),
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.skip > 0 || s.is_empty() {
            return;
        }
        if let Some((_, tree)) = self.gather.as_mut() {
            tree.text(s);
            return;
        }
        let mut start = self.text.len();
        if self.pre > 0 {
            self.text.push_str(s);
        } else {
            self.ws.push(&mut self.text, s);
            // A space for whitespace held from before the tag is not part of this text's style.
            if self.text.as_bytes().get(start) == Some(&b' ') {
                start += 1;
            }
        }
        let style = self.style();
        let end = self.text.len();
        if style.is_plain() || start == end {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.style == style && last.range.end == start => last.range.end = end,
            _ => self.spans.push(Span {
                range: start..end,
                style,
            }),
        }
    }

    fn line_break(&mut self) {
        if self.skip == 0 {
            self.put_line_number();
            self.ws.reset();
            if self.text.ends_with(' ') {
                self.text.pop();
            }
            self.text.push('\n');
            self.has_break = true;
        }
    }

    fn flush(&mut self) {
        self.put_line_number();
        let kind = match self.kind.take() {
            Some(k) => k,
            None if self.pre > 0 => BlockKind::Code,
            None if self.has_break => BlockKind::Lines,
            None => BlockKind::Paragraph,
        };
        let text = std::mem::take(&mut self.text);
        let spans = std::mem::take(&mut self.spans);
        self.ws.reset();
        self.has_break = false;
        if text.trim().is_empty() {
            return;
        }
        let list = if self.in_item && !self.lists.is_empty() {
            Some(ListMark {
                depth: u8::try_from(self.lists.len()).unwrap_or(u8::MAX),
                marker: self.marker.take(),
            })
        } else {
            None
        };
        self.b.push(kind, &text, spans, self.quote, list);
    }

    fn open(&mut self, name: &str, href: Option<String>) {
        if SKIPPED.contains(&name) {
            self.skip += 1;
            return;
        }
        if self.table.is_some() {
            self.table_open(name);
            return;
        }
        if name == "table" {
            self.flush();
            self.table = Some(Vec::new());
            self.table_depth = 1;
            return;
        }
        if BLOCKS.contains(&name) {
            self.flush();
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<u8>().unwrap_or(1);
                self.kind = Some(BlockKind::Heading { level });
            }
            "pre" => self.pre += 1,
            "blockquote" => self.quote = self.quote.saturating_add(1),
            "ul" | "ol" => self.lists.push((name == "ol", 1)),
            "li" => {
                self.in_item = true;
                self.marker = Some(match self.lists.last_mut() {
                    Some((true, n)) => {
                        let m = format!("{n}.");
                        *n = n.saturating_add(1);
                        m
                    }
                    _ => "•".to_string(),
                });
            }
            "hr" => self
                .b
                .push(BlockKind::Rule, "", Vec::new(), self.quote, None),
            "br" => self.line_break(),
            "em" | "i" | "cite" | "dfn" => self.emphasis += 1,
            "strong" | "b" => self.strong += 1,
            "code" | "kbd" | "samp" | "tt" => self.code += 1,
            "a" => {
                let link = href.filter(|h| !h.is_empty()).map(|h| {
                    let links = &mut self.b.meta_mut().links;
                    links.push(h);
                    u32::try_from(links.len() - 1).unwrap_or(u32::MAX)
                });
                self.links.push(link);
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if SKIPPED.contains(&name) {
            self.skip = self.skip.saturating_sub(1);
            return;
        }
        if self.table.is_some() {
            self.table_close(name);
            return;
        }
        if BLOCKS.contains(&name) {
            self.flush();
        }
        match name {
            "pre" => self.pre = self.pre.saturating_sub(1),
            "blockquote" => self.quote = self.quote.saturating_sub(1),
            "ul" | "ol" => {
                self.lists.pop();
                self.in_item = false;
            }
            "li" => {
                self.in_item = false;
                self.marker = None;
            }
            "em" | "i" | "cite" | "dfn" => self.emphasis = self.emphasis.saturating_sub(1),
            "strong" | "b" => self.strong = self.strong.saturating_sub(1),
            "code" | "kbd" | "samp" | "tt" => self.code = self.code.saturating_sub(1),
            "a" => {
                self.links.pop();
            }
            _ => {}
        }
    }
}

impl Conv {
    /// A tag opening inside a table: rows and cells start; other blocks are a space in the cell.
    fn table_open(&mut self, name: &str) {
        let outer = self.table_depth == 1;
        match name {
            "table" => {
                self.table_depth += 1;
                self.push_text(" ");
            }
            "tr" if outer => {
                if let Some(rows) = self.table.as_mut() {
                    rows.push(Vec::new());
                }
                self.clear_cell();
            }
            "td" | "th" if outer => self.clear_cell(),
            _ if name == "br" || BLOCKS.contains(&name) => self.push_text(" "),
            _ => {}
        }
    }

    /// A tag closing inside a table: a cell's text goes to its row; the table, once closed,
    /// becomes one [`BlockKind::Table`] block.
    fn table_close(&mut self, name: &str) {
        let outer = self.table_depth == 1;
        match name {
            "table" if outer => self.finish_table(),
            "table" => {
                self.table_depth -= 1;
                self.push_text(" ");
            }
            "td" | "th" if outer => {
                let cell = std::mem::take(&mut self.text);
                self.clear_cell();
                if let Some(rows) = self.table.as_mut() {
                    if rows.is_empty() {
                        rows.push(Vec::new());
                    }
                    if let Some(row) = rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            _ if BLOCKS.contains(&name) => self.push_text(" "),
            _ => {}
        }
    }

    fn clear_cell(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.has_break = false;
    }

    /// Sets the table read so far (also when the chapter ends inside it).
    fn finish_table(&mut self) {
        let Some(rows) = self.table.take() else {
            return;
        };
        self.clear_cell();
        self.table_depth = 0;
        let lines = crate::format::table_lines(rows);
        if !lines.is_empty() {
            self.b.push(
                BlockKind::Table,
                &lines.join("\n"),
                Vec::new(),
                self.quote,
                None,
            );
        }
    }
}

/// What [`inline`] reads: gathering, handing over, replaying.
impl Conv {
    /// Starts gathering `el` when it is one [`inline`] reads; whether it did.
    fn start_gather(&mut self, el: &Element) -> bool {
        let kind = match el.name.as_str() {
            "math" => Gather::Math,
            "svg" => Gather::Svg,
            "ruby" => Gather::Ruby,
            "sup" => Gather::Script(Script::Super),
            "sub" => Gather::Script(Script::Sub),
            "span" | "a" | "div" | "p" | "small"
                if inline::is_line_number(el.attr("class"), el.attr("style"), "1") =>
            {
                Gather::Float
            }
            _ => return false,
        };
        self.gather = Some((kind, TreeBuilder::new(el.clone())));
        true
    }

    /// Reads a gathered element.
    fn finish_gather(&mut self, kind: Gather, el: &Element) {
        match kind {
            Gather::Math => {
                if let Some(m) = math::linearise(el) {
                    self.paragraphs(&[m.text], m.display);
                    self.after_math = Some(self.text.len());
                }
            }
            Gather::Svg => {
                let svg = inline::svg_text(el);
                self.paragraphs(&svg.paragraphs, true);
                self.image(svg.label.map(ImageLabel::Alt));
            }
            Gather::Ruby => self.push_text(&inline::ruby(el, self.options.ruby)),
            Gather::Script(kind) => self.script(el, kind),
            Gather::Float => {
                let text = el.text();
                if inline::is_line_number(el.attr("class"), el.attr("style"), &text) {
                    self.line_number = Some(inline::squash(&text));
                } else {
                    self.replay(el, 0);
                }
            }
        }
    }

    fn script(&mut self, el: &Element, kind: Script) {
        let text = el.text();
        let inner = el
            .find("a")
            .and_then(|a| a.attr("href"))
            .map(str::to_string);
        let outer = self
            .links
            .iter()
            .rev()
            .find_map(|l| *l)
            .and_then(|id| self.b.meta().links.get(id as usize).cloned());
        let href = inner.as_deref().or(outer.as_deref());
        if kind == Script::Super && inline::is_footnote(el.attr("class"), href, &text) {
            let bracketed = text.trim_start().starts_with('[');
            if !bracketed {
                self.push_text("[");
            }
            for child in &el.children {
                self.replay_node(child, 1);
            }
            if !bracketed {
                self.push_text("]");
            }
        } else if let Some(s) = inline::script_in_text(&text, kind) {
            self.push_text(&s);
        }
    }

    /// A gathered element that turned out to be ordinary, read as if it had not been.
    fn replay(&mut self, el: &Element, depth: usize) {
        let href = (el.name == "a").then(|| el.attr("href").map(str::to_string));
        self.open(&el.name, href.flatten());
        for child in &el.children {
            self.replay_node(child, depth + 1);
        }
        self.close(&el.name);
    }

    fn replay_node(&mut self, node: &inline::Node, depth: usize) {
        match node {
            inline::Node::Text(t) => self.push_text(t),
            inline::Node::Element(e) if depth < inline::MAX_TREE_DEPTH => self.replay(e, depth),
            inline::Node::Element(e) => self.push_text(&e.text()),
        }
    }

    /// Paragraphs of their own (display math, SVG text) or text in the paragraph.
    fn paragraphs(&mut self, paragraphs: &[String], display: bool) {
        if !display {
            for p in paragraphs {
                self.push_text(p);
            }
            return;
        }
        if !paragraphs.is_empty() {
            self.flush();
        }
        for p in paragraphs {
            self.push_text(p);
            self.flush();
        }
    }

    fn image(&mut self, label: Option<ImageLabel>) {
        match label {
            Some(ImageLabel::Alt(alt)) => {
                self.push_text(" ");
                self.emphasis += 1;
                self.push_text(&alt);
                self.emphasis -= 1;
                self.push_text(" ");
            }
            // The fallback image of the equation just read shows it a second time.
            Some(ImageLabel::Tex(_)) if self.after_math == Some(self.text.len()) => {}
            Some(ImageLabel::Tex(tex)) => self.push_text(&tex),
            Some(ImageLabel::Name(name)) => self.push_text(&format!(" {name} ")),
            None => {}
        }
    }

    /// Sets a floated line number apart at the end of its line.
    fn put_line_number(&mut self) {
        let Some(number) = self.line_number.take() else {
            return;
        };
        if self.pre > 0 {
            self.push_text(&format!(" {number} "));
            return;
        }
        let trimmed = self.text.trim_end_matches(' ').len();
        self.text.truncate(trimmed);
        self.ws.reset();
        if self.text.is_empty() || self.text.ends_with('\n') {
            self.text.push_str(&number);
        } else {
            self.text.push_str(&inline::line_number_suffix(&number));
        }
    }

    /// `epub:switch`, `epub:case`, `epub:default` (see the module doc).
    fn switch(&mut self, name: &str, closing: bool, attrs: &str) {
        match (name, closing) {
            ("switch", false) => self.switches.push(false),
            ("switch", true) => {
                self.switches.pop();
            }
            ("case" | "default", false) => {
                let read = self.switches.last().copied().unwrap_or(false);
                let wanted = name == "case"
                    && attribute(attrs, "required-namespace").is_some_and(|ns| {
                        let ns = ns.to_ascii_lowercase();
                        ns.contains("mathml") || ns.contains("svg")
                    });
                let skip = read || (name == "case" && !wanted);
                if !skip && let Some(last) = self.switches.last_mut() {
                    *last = name == "case";
                }
                if skip {
                    self.skip += 1;
                }
                self.cases.push(skip);
            }
            (_, true) => {
                let skipped = self.cases.pop() == Some(true);
                self.skip = self.skip.saturating_sub(usize::from(skipped));
            }
            _ => {}
        }
    }
}

/// Converts one chapter's XHTML (already decoded and sanitised) into a [`Document`], with the
/// default options (the tests' shorthand).
#[cfg(test)]
pub fn parse(xhtml: &str) -> Document {
    parse_with(xhtml, ParseOptions::default())
}

/// Converts one chapter's XHTML (already decoded and sanitised) into a [`Document`], ruby
/// shown as `options` say.
pub fn parse_with(xhtml: &str, options: ParseOptions) -> Document {
    let mut c = Conv {
        b: DocumentBuilder::new(Meta {
            encoding: "UTF-8".into(),
            ..Meta::default()
        }),
        options,
        ..Conv::default()
    };
    // Content before <body> (if there is a body) is the head: skip it.
    let mut rest = match crate::format::find_ascii_ci(xhtml, "<body") {
        Some(i) => &xhtml[i..],
        None => xhtml,
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            c.push_text(&unescape(rest));
            break;
        };
        if lt > 0 {
            c.push_text(&unescape(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
        } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            c.push_text(&after[..end]);
            rest = after.get(end + 3..).unwrap_or("");
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
        } else {
            let end = tag_end(rest);
            let tag = &rest[1..end];
            rest = rest.get(end + 1..).unwrap_or("");
            handle_tag(&mut c, tag);
        }
    }
    c.finish_table();
    if let Some((kind, tree)) = c.gather.take()
        && let Some(el) = tree.finish()
    {
        c.finish_gather(kind, &el);
    }
    c.flush();
    c.b.finish()
}

/// The index of the `>` closing the tag at the start of `s` (quotes respected), or the end.
pub(super) fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, ch) in s.char_indices().skip(1) {
        match (quote, ch) {
            (Some(q), _) if ch == q => quote = None,
            (None, '"' | '\'') => quote = Some(ch),
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

fn handle_tag(c: &mut Conv, tag: &str) {
    let (closing, body) = match tag.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, tag),
    };
    let self_closing = body.trim_end().ends_with('/');
    let name_end = body
        .find(|ch: char| ch.is_whitespace() || ch == '/' || ch == '>')
        .unwrap_or(body.len());
    let full = body[..name_end].to_ascii_lowercase();
    // Namespaced names (`xhtml:p`) read as their local name.
    let name = full.rsplit(':').next().unwrap_or("");
    if name.is_empty() {
        // A stray '<': keep it as text.
        c.push_text("<");
        c.push_text(&unescape(tag));
        return;
    }
    let attrs = body[name_end..].trim_end_matches('/');
    let void = matches!(
        name,
        "br" | "hr" | "img" | "meta" | "link" | "input" | "wbr" | "col" | "area" | "source"
    );
    if c.skip == 0 && gathered(c, name, closing, self_closing || void, attrs) {
        return;
    }
    if matches!(name, "switch" | "case" | "default") {
        c.switch(name, closing, attrs);
        return;
    }
    if closing {
        c.close(name);
        return;
    }
    if name == "img" && c.skip == 0 {
        let label = inline::image_label(
            attribute(attrs, "alt").as_deref(),
            attribute(attrs, "src").as_deref(),
            attribute(attrs, "role").as_deref(),
        );
        c.image(label);
        return;
    }
    let href = (name == "a").then(|| attribute(attrs, "href")).flatten();
    c.open(name, href);
    if self_closing && !void {
        c.close(name);
    }
}

/// Feeds a tag to the element being gathered, or starts gathering; whether it was taken.
fn gathered(c: &mut Conv, name: &str, closing: bool, empty: bool, attrs: &str) -> bool {
    if let Some((_, tree)) = c.gather.as_mut() {
        let done = if closing {
            tree.close(name)
        } else {
            tree.open(Element::new(name, attributes(attrs)));
            if empty { tree.close(name) } else { None }
        };
        if let Some(el) = done
            && let Some((kind, _)) = c.gather.take()
        {
            c.finish_gather(kind, &el);
        }
        return true;
    }
    if closing || !c.start_gather(&Element::new(name, attributes(attrs))) {
        return false;
    }
    if empty
        && let Some((kind, tree)) = c.gather.take()
        && let Some(el) = tree.finish()
    {
        c.finish_gather(kind, &el);
    }
    true
}

/// Every attribute of a tag's attribute text (values unescaped).
fn attributes(attrs: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut s = attrs;
    while let Some(eq) = s.find('=') {
        let key = s[..eq]
            .trim()
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let after = s[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &after[1..];
                let end = inner.find(q).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        out.push((key, unescape(value).into_owned()));
        s = next;
    }
    out
}

/// The value of attribute `want` in a tag's attribute text (its full name, prefix included;
/// names compare without case).
pub(super) fn attribute(attrs: &str, want: &str) -> Option<String> {
    attributes(attrs)
        .into_iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(want))
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_text(doc: &Document) -> Vec<(BlockKind, String)> {
        doc.blocks
            .iter()
            .map(|b| (b.kind.clone(), doc.block_text(b).to_string()))
            .collect()
    }

    #[test]
    fn blocks_and_spans() {
        let doc = parse(
            "<?xml version='1.0'?><html><head><title>T</title></head><body>\
             <h2>Waves</h2><p>A <em>calm</em> &amp; <a href='x.html'>sea</a>.</p>\
             <ol><li>one</li><li>two</li></ol><p>line<br/>next</p><hr/><pre>a\n  b</pre>\
             </body></html>",
        );
        let got = kinds_and_text(&doc);
        assert_eq!(got[0], (BlockKind::Heading { level: 2 }, "Waves".into()));
        assert_eq!(got[1], (BlockKind::Paragraph, "A calm & sea.".into()));
        assert_eq!(got[2].1, "one");
        assert_eq!(
            doc.blocks[2].list.as_ref().and_then(|l| l.marker.clone()),
            Some("1.".into())
        );
        assert_eq!(
            doc.blocks[3].list.as_ref().and_then(|l| l.marker.clone()),
            Some("2.".into())
        );
        assert_eq!(got[4], (BlockKind::Lines, "line\nnext".into()));
        assert_eq!(got[5].0, BlockKind::Rule);
        assert_eq!(got[6], (BlockKind::Code, "a\n  b".into()));
        let p = &doc.blocks[1];
        assert_eq!(p.spans.len(), 2);
        assert_eq!(doc.meta.links, vec!["x.html".to_string()]);
    }

    #[test]
    fn a_table_is_one_table_block_with_padded_cells() {
        let doc = parse(
            "<html><body><p>Before</p><table>\
             <tr><th>Gerät</th><th>Art</th></tr>\
             <tr><td><p>I:0</p></td><td>mountfähige <em>Medien</em></td></tr>\
             <tr><td></td><td>leer<br/>links</td></tr>\
             </table><p>After</p></body></html>",
        );
        let got = kinds_and_text(&doc);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(
            got[1],
            (
                BlockKind::Table,
                "Gerät | Art\nI:0   | mountfähige Medien\n      | leer links".into()
            )
        );
        assert_eq!(got[2], (BlockKind::Paragraph, "After".into()));
        // A chapter that ends inside a table keeps what it read.
        let open = parse("<body><table><tr><td>a</td><td>b</td></tr>");
        assert_eq!(kinds_and_text(&open), [(BlockKind::Table, "a | b".into())]);
    }

    #[test]
    fn a_line_break_between_cjk_characters_joins_them_without_a_space() {
        let doc = parse(
            "<?xml version='1.0'?><html><body>\
             <p>这份手册介绍系统的安\n  装过程，<em>第一\n章</em>\n先读。</p>\
             <p>まず設定\nの方法を読んでください。</p>\
             <p>처음 사용하는\n사람을 위한 안내서</p>\
             <p>我们使用\nRust 编写，written in\n中文。</p></body></html>",
        );
        let got = kinds_and_text(&doc);
        assert_eq!(got[0].1, "这份手册介绍系统的安装过程，第一章先读。");
        let p = &doc.blocks[0];
        let text = doc.block_text(p);
        let styled: Vec<&str> = p.spans.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(styled, ["第一章"]);
        assert_eq!(got[1].1, "まず設定の方法を読んでください。");
        assert_eq!(got[2].1, "처음 사용하는 사람을 위한 안내서");
        assert_eq!(got[3].1, "我们使用 Rust 编写，written in 中文。");
    }

    /// Regression (issue 14): a line break right before a tag between two CJK characters
    /// (`一\n<a>份</a>`) left a space; Hangul, Latin and a real space keep theirs.
    #[test]
    fn a_line_break_before_a_tag_between_cjk_characters_joins_them() {
        let doc = parse(
            "<html><body>\
             <p>中文句子\n<b>继续</b>写。这是一\n  <a href='x.html'>份</a>手册。</p>\
             <p>처음 사용하는\n<b>사람을</b> 위한</p>\
             <p>Written in\n<b>bold</b> and 中\n<i>Latin</i>.</p>\
             <p>两个 <b>空格</b> 留着。</p></body></html>",
        );
        let got = kinds_and_text(&doc);
        let styled = |i: usize| -> Vec<String> {
            let text = doc.block_text(&doc.blocks[i]);
            let spans = &doc.blocks[i].spans;
            spans
                .iter()
                .map(|s| text[s.range.clone()].to_string())
                .collect()
        };
        assert_eq!(got[0].1, "中文句子继续写。这是一份手册。");
        assert_eq!(styled(0), ["继续", "份"]);
        assert_eq!(got[1].1, "처음 사용하는 사람을 위한");
        assert_eq!(styled(1), ["사람을"]);
        assert_eq!(got[2].1, "Written in bold and 中 Latin.");
        assert_eq!(styled(2), ["bold", "Latin"]);
        assert_eq!(got[3].1, "两个 空格 留着。");
        assert_eq!(styled(3), ["空格"]);
    }

    #[test]
    fn malformed_markup_does_not_fail() {
        for s in [
            "<",
            "<p",
            "</",
            "<!--",
            "<![CDATA[x",
            "&#xffffffff;",
            "a < b",
            "<a href='",
            "&",
        ] {
            let _ = parse(s);
        }
        assert_eq!(parse("a &bogus; b &#27;c").text, "a &bogus; b c");
    }
}
