//! A chapter's XHTML body -> [`Document`], without Readability extraction (a chapter is all
//! content: nothing to extract).
//!
//! A small, forgiving tag scanner: block elements become blocks (`h1`–`h6` headings, `p`,
//! `li` with markers, `blockquote` depth, `pre` as code, `<br>` turning a paragraph into kept
//! lines, `hr` rules), `em`/`i`, `strong`/`b`, `code` and `a href` become spans. `head`,
//! `script`, `style` and similar are skipped. Malformed markup never fails: it is read as
//! well as it can be.

use crate::document::{BlockKind, Document, DocumentBuilder, ListMark, Meta, Span, Style};
use crate::format::{Collapser, unescape};

/// Elements whose content is never shown.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "title", "svg", "math", "template", "noscript", "object",
];

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
            self.ws.reset();
            if self.text.ends_with(' ') {
                self.text.pop();
            }
            self.text.push('\n');
            self.has_break = true;
        }
    }

    fn flush(&mut self) {
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

/// Converts one chapter's XHTML (already decoded and sanitised) into a [`Document`].
pub fn parse(xhtml: &str) -> Document {
    let mut c = Conv {
        b: DocumentBuilder::new(Meta {
            encoding: "UTF-8".into(),
            ..Meta::default()
        }),
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
    c.flush();
    c.b.finish()
}

/// The index of the `>` closing the tag at the start of `s` (quotes respected), or the end.
fn tag_end(s: &str) -> usize {
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
    if closing {
        c.close(name);
        return;
    }
    let href = (name == "a")
        .then(|| attribute(&body[name_end..], "href"))
        .flatten();
    c.open(name, href);
    let void = matches!(
        name,
        "br" | "hr" | "img" | "meta" | "link" | "input" | "wbr" | "col" | "area" | "source"
    );
    if self_closing && !void {
        c.close(name);
    }
}

/// The value of attribute `want` in a tag's attribute text.
fn attribute(attrs: &str, want: &str) -> Option<String> {
    let mut s = attrs;
    while let Some(eq) = s.find('=') {
        let key = s[..eq]
            .trim()
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or("");
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
        if key.eq_ignore_ascii_case(want) {
            return Some(unescape(value).into_owned());
        }
        s = next;
    }
    None
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
