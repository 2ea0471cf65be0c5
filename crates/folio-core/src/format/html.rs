//! Saved web pages (HTML) -> [`Document`]: the article as Firefox's Reader View shows it.
//!
//! This module owns article extraction and the mapping from the extracted HTML to blocks and
//! spans, plus two cheap helpers the CLI uses before decoding: [`charset`] (the `<meta charset>`
//! label) and [`looks_like_html`] (content sniffing).
//!
//! - Extraction is dom_smoothie (a port of Mozilla Readability): navigation, headers, footers,
//!   ads, cookie banners, "most read" boxes, scripts and styles are dropped. Title, byline, site
//!   name, published date and language come from the page's metadata (`<title>`, `og:` and
//!   `article:` meta, JSON-LD, `<html lang>`), as Readability reads them. Before Readability
//!   runs, `nav`, `[role=navigation]` and ad / cookie-banner elements (by class or id, see
//!   below) are removed: Readability keeps a short ad box next to the article otherwise. A
//!   paragraph near the top that repeats the byline is dropped (the byline block has it).
//! - A filter by name never removes the article: an element that is or holds the page's
//!   `main` (or `role="main"`), more than half of the body's text or more than half of its
//!   paragraphs is kept whatever its id or class says (a `<div id="ad-portal">` around the
//!   whole page), before Readability and in the fallback alike.
//! - CJK pages: Readability weighs text by commas and length, and CJK says in a few characters
//!   what Latin script says in many, with `，`/`、` for commas. Before Readability runs, the
//!   copy it scores is padded (`html/cjk.rs`: noncharacters after each CJK character, an
//!   ASCII comma after each CJK comma); every text the converter reads is unpadded, so the
//!   reader sees the page's own characters.
//! - Titles lose the site's name (`html/title.rs`): a part after the last (or before the first) of
//!   ` — `, ` – `, ` - `, ` | `, ` · `, ` :: ` goes when it is the `og:site_name` or the text
//!   of a link to the home page, or when the rest is the page's `h1`; otherwise the title
//!   stays whole.
//! - When the page is not probably readable (Readability's own quick test), extraction fails or
//!   the article is empty, the whole `<body>` is converted with boilerplate removed (`nav`,
//!   `header`, `footer`, `aside`, `script`, `style`, `form`, `[role=navigation]`, classes and
//!   ids starting with `cookie`, `ad`/`ads`/`ad-`/`ad_`/`advert`), and the notice
//!   [`NO_ARTICLE_NOTICE`] is added.
//! - Mapping: `h1`–`h6` are headings (an opening `h1` equal to the title is the title; without
//!   one, a title block with the metadata title is set first), then a byline block (byline ·
//!   site name · date) when the page has a byline or a date. `p`, `figcaption` and loose text are
//!   paragraphs; a paragraph with `<br>` keeps its lines ([`BlockKind::Lines`]). `em`/`i`,
//!   `strong`/`b`, `code`/`kbd`, `a href` become spans (links go to [`Meta::links`]).
//!   `blockquote` raises the quote depth, `ul`/`ol`/`li` give list marks ("•", "◦", "▪" by
//!   depth, or "n." from the list's `start`), `pre` is code, `hr` a rule, `img` its alt text
//!   (emphasised), tables become [`BlockKind::Table`] with padded cells joined by " | ".
//!   A heading's permalink (a link whose whole text is `¶`, `#`, `§` or `🔗`, in a heading or
//!   pointing into the page) is dropped. Definition lists whose terms and definitions are all
//!   short (at most 80 characters, one paragraph, no other block) are one
//!   [`BlockKind::Lines`] block of `term: definition` lines (docutils field lists:
//!   `Author: A. M. Kuchling`); otherwise each term is a strong paragraph and its definition
//!   is indented under it as a list item's continuation. A two-column table whose first cells
//!   all end with a colon (docutils `docinfo`) is `name: value` lines too.
//! - Inside the article (issue 15), through [`crate::format::inline`] as in EPUB chapters:
//!   MathML linearised, `sup`/`sub`, SVG text, ruby, images without alt (`[check.png]`),
//!   floated line numbers; `<object>` fallback content is read. What Readability would
//!   remove or strip first (hidden MathML, objects, classes and styles) is handled by a pass
//!   before extraction (`inline_dom::prepare`).
//! - All text from the DOM (after entity decoding) goes through [`crate::decode::sanitize`]
//!   (one-line strings through [`crate::decode::sanitize_line`]).
//! - Deep nesting: before parsing, tags nested deeper than [`MAX_TAG_DEPTH`] are removed by a
//!   linear byte scan ([`scan::cap_nesting`]), so html5ever (whose scope checks are linear in
//!   the depth) and Readability (which recurses) only see bounded trees. The conversion walks
//!   the DOM with an explicit stack; below [`MAX_WALK_DEPTH`] elements only separate blocks.
//!
//! This module must not depend on ratatui or crossterm.

mod cjk;
mod inline_dom;
mod scan;
#[cfg(test)]
mod tests;
mod title;

use std::collections::HashMap;

use dom_query::NodeRef;

use super::plain::{EMPTY_NOTICE, bullet, byline_author};
use crate::decode::{sanitize, sanitize_line};
use crate::document::{BlockKind, Document, DocumentBuilder, ListMark, Meta, Span, Style};
use crate::format::Collapser;
use crate::format::inline::{self, ImageLabel, Script, math};

pub use scan::{CHARSET_SCAN, charset, looks_like_html};

/// The notice added when no article was found and the whole page is shown.
pub const NO_ARTICLE_NOTICE: &str = "No article found on this page: showing the whole page";
/// Tags nested deeper than this are removed before parsing.
pub const MAX_TAG_DEPTH: usize = 256;
/// Below this DOM depth, elements only separate blocks (no quotes, lists or tables).
pub const MAX_WALK_DEPTH: usize = 200;
/// Quote depth shown at most.
const MAX_QUOTE_DEPTH: u8 = 8;
/// List depth shown at most.
const MAX_LIST_DEPTH: usize = 8;
/// A byline longer than this is not taken for the author.
const MAX_BYLINE_CHARS: usize = 120;

/// Parses an HTML page (already decoded and sanitised) into a [`Document`].
pub fn parse(text: &str) -> Document {
    parse_with(text, inline::ParseOptions::default())
}

/// [`parse`] with the reader's options (how ruby readings show).
pub fn parse_with(text: &str, options: inline::ParseOptions) -> Document {
    let html = scan::cap_nesting(text, MAX_TAG_DEPTH);
    let html: &str = &html;
    let weigh_cjk = cjk::needs_padding(html);
    let dom = dom_query::Document::from(html);
    let labels = title::Labels::of(&dom);
    inline_dom::prepare(&dom);
    remove_ads_and_banners(&dom);
    if weigh_cjk {
        cjk::pad(&dom);
    }
    if !dom_smoothie::is_probably_readable(&dom, None, None) {
        return whole_page(&dom, html.len(), &labels, options);
    }
    if let Some(doc) = extract(dom, html.len(), &labels, options) {
        return doc;
    }
    // Readability changed the tree as it worked: start again from the source.
    let dom = dom_query::Document::from(html);
    inline_dom::prepare(&dom);
    remove_ads_and_banners(&dom);
    whole_page(&dom, html.len(), &labels, options)
}

/// The article through Readability; `None` when it fails or finds nothing.
fn extract(
    dom: dom_query::Document,
    len: usize,
    labels: &title::Labels,
    options: inline::ParseOptions,
) -> Option<Document> {
    let mut readability = dom_smoothie::Readability::with_document(dom, None, None).ok()?;
    let article = readability.parse().ok()?;
    if article.text_content.trim().is_empty() {
        return None;
    }
    let site = clean_line(article.site_name.as_deref());
    let info = PageInfo {
        title: clean_line(Some(article.title.as_str()))
            .map(|t| title::without_site(&t, site.as_deref(), labels)),
        byline: clean_line(article.byline.as_deref())
            .filter(|b| b.chars().count() <= MAX_BYLINE_CHARS),
        site,
        date: clean_line(article.published_time.as_deref()).map(|d| short_date(&d)),
        lang: clean_line(article.lang.as_deref()),
    };
    let content = dom_query::Document::from(article.content.as_ref());
    let mut conv = Converter::new(info, false);
    conv.options = options;
    conv.b.reserve(len / 2);
    conv.walk(content.root());
    let doc = conv.finish();
    doc.blocks
        .iter()
        .any(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Byline))
        .then_some(doc)
}

/// The whole body with boilerplate removed, and a notice.
fn whole_page(
    dom: &dom_query::Document,
    len: usize,
    labels: &title::Labels,
    options: inline::ParseOptions,
) -> Document {
    let title = dom
        .try_select("head title")
        .map(|s| s.text().to_string())
        .or_else(|| {
            dom.try_select("meta[property='og:title']")?
                .attr("content")
                .map(|c| c.to_string())
        });
    // Not `html_root()`: it panics when the tree has no `html` element.
    let lang = dom
        .try_select("html")
        .and_then(|html| html.attr("lang"))
        .map(|l| l.to_string());
    let info = PageInfo {
        title: clean_line(title.as_deref()).map(|t| title::without_site(&t, None, labels)),
        byline: None,
        site: None,
        date: None,
        lang: clean_line(lang.as_deref()),
    };
    let mut conv = Converter::new(info, true);
    conv.options = options;
    conv.share = PageShare::of(dom);
    conv.b.reserve(len / 4);
    conv.b
        .meta_mut()
        .notices
        .push(NO_ARTICLE_NOTICE.to_string());
    match dom.body() {
        Some(body) => conv.walk(body),
        None => conv.walk(dom.root()),
    }
    conv.finish()
}

/// A one-line metadata string, sanitised and trimmed; `None` when empty.
fn clean_line(s: Option<&str>) -> Option<String> {
    let s = sanitize_line(&cjk::unpad(s?));
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// "2024-03-05T08:00:00Z" -> "2024-03-05"; other dates as they are.
fn short_date(date: &str) -> String {
    let b = date.as_bytes();
    let iso = b.len() >= 10
        && b.iter().take(10).enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    match date.get(..10) {
        Some(d) if iso => d.to_string(),
        _ => date.to_string(),
    }
}

/// What the page says about itself.
#[derive(Debug, Default)]
struct PageInfo {
    title: Option<String>,
    byline: Option<String>,
    site: Option<String>,
    date: Option<String>,
    lang: Option<String>,
}

/// What to do when the walk leaves an element.
#[derive(Debug, Clone, Copy)]
enum Exit {
    /// A block container: end the current block.
    Break,
    /// A paragraph/heading/code block whose kind was pushed on the kind stack.
    Kind,
    Quote,
    List,
    Item,
    Pre,
    Emphasis,
    Strong,
    Code,
    Link(bool),
    Table,
    /// A compact definition list (`term: definition` lines) ends.
    Fields,
    /// A term of a compact definition list ends: its colon.
    FieldName,
    /// A term of a long definition list (a strong paragraph) ends.
    Term,
    /// A long definition (indented as a list item's continuation) ends.
    Definition,
    /// Text to add after the element's content (a footnote mark's closing bracket).
    Suffix(&'static str),
    Nothing,
}

enum Step<'a> {
    Enter(NodeRef<'a>, usize),
    Leave(Exit),
}

#[derive(Debug)]
struct ListState {
    ordered: bool,
    next: u64,
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<String>>,
}

/// Element names and what they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Skip,
    Container,
    Paragraph,
    Heading(u8),
    Quote,
    List {
        ordered: bool,
    },
    Item,
    Pre,
    Rule,
    Break,
    Image,
    Emphasis,
    Strong,
    Code,
    Link,
    Table,
    Row,
    Cell,
    /// `<sup>`, `<sub>`, `<math>`, `<svg>`, `<ruby>`: read through [`inline`].
    Script(Script),
    Math,
    Svg,
    Ruby,
    Inline,
}

fn role(name: &str) -> Role {
    match name {
        "script" | "style" | "noscript" | "template" | "head" | "title" | "meta" | "link"
        | "iframe" | "embed" | "param" | "canvas" | "video" | "audio" | "select" | "option"
        | "button" | "input" | "textarea" | "dialog" | "rt" | "rp" => Role::Skip,
        "sup" => Role::Script(Script::Super),
        "sub" => Role::Script(Script::Sub),
        "math" => Role::Math,
        "svg" => Role::Svg,
        "ruby" => Role::Ruby,
        "p" | "figcaption" => Role::Paragraph,
        "h1" => Role::Heading(1),
        "h2" => Role::Heading(2),
        "h3" => Role::Heading(3),
        "h4" => Role::Heading(4),
        "h5" => Role::Heading(5),
        "h6" => Role::Heading(6),
        "blockquote" => Role::Quote,
        "ul" | "menu" => Role::List { ordered: false },
        "ol" => Role::List { ordered: true },
        "li" => Role::Item,
        "pre" | "listing" | "xmp" | "plaintext" => Role::Pre,
        "hr" => Role::Rule,
        "br" => Role::Break,
        "img" => Role::Image,
        "em" | "i" | "cite" | "dfn" | "var" => Role::Emphasis,
        "strong" | "b" => Role::Strong,
        "code" | "kbd" | "samp" | "tt" => Role::Code,
        "a" => Role::Link,
        "table" => Role::Table,
        "tr" => Role::Row,
        "td" | "th" | "caption" => Role::Cell,
        "div" | "section" | "article" | "main" | "figure" | "header" | "footer" | "nav"
        | "aside" | "address" | "details" | "summary" | "dl" | "dt" | "dd" | "center" | "form"
        | "fieldset" | "legend" | "body" | "html" | "hgroup" | "picture" | "thead" | "tbody"
        | "tfoot" => Role::Container,
        _ => Role::Inline,
    }
}

/// Removes navigation, ad boxes and cookie banners before Readability looks at the page:
/// Readability keeps a short ad box that sits next to the article, and its cleaning drops
/// classes, so they could not be recognised afterwards. An element that holds the article
/// ([`PageShare::holds_article`]) is kept whatever its name says.
fn remove_ads_and_banners(dom: &dom_query::Document) {
    let Some(found) = dom.try_select("nav, [role], [class], [id]") else {
        return;
    };
    let share = PageShare::of(dom);
    let doomed: Vec<NodeRef<'_>> = found
        .nodes()
        .iter()
        .filter(|n| !is_page_frame(n))
        .filter(|n| n.has_name("nav") || is_navigation(n) || is_ad_or_banner(n))
        .filter(|n| !share.holds_article(n))
        .cloned()
        .collect();
    for node in doomed {
        node.remove_from_parent();
    }
}

/// How much text and how many paragraphs the page's body holds, to tell the article's wrapper
/// from boilerplate: a filter by name (`id="ad-portal"`, `class="site-header"`) must never
/// take the article with it.
#[derive(Debug, Clone, Copy, Default)]
struct PageShare {
    chars: usize,
    paragraphs: usize,
}

impl PageShare {
    fn of(dom: &dom_query::Document) -> PageShare {
        dom.body()
            .map_or_else(PageShare::default, |body| PageShare {
                chars: body.normalized_char_count(),
                paragraphs: count_paragraphs(&body),
            })
    }

    /// Whether `node` holds the article: it is or contains the page's `main` (or
    /// `role="main"`) element, or holds more than half of the body's text, or more than half of
    /// its paragraphs (when the body has at least three). Not any `article` element: an ad box
    /// of "sponsored" teasers is often made of them.
    fn holds_article(&self, node: &NodeRef<'_>) -> bool {
        let is_main = |n: &NodeRef<'_>| {
            n.has_name("main")
                || n.attr("role")
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
        };
        if is_main(node) || node.descendants_it().any(|n| is_main(&n)) {
            return true;
        }
        if self.chars > 0 && node.normalized_char_count() * 2 > self.chars {
            return true;
        }
        self.paragraphs >= 3 && count_paragraphs(node) * 2 > self.paragraphs
    }
}

fn count_paragraphs(node: &NodeRef<'_>) -> usize {
    node.descendants_it().filter(|n| n.has_name("p")).count()
}

fn is_navigation(node: &NodeRef<'_>) -> bool {
    node.attr("role")
        .is_some_and(|r| r.trim().eq_ignore_ascii_case("navigation"))
}

/// `html`, `head` and `body`: never removed, whatever their class or role says
/// (`<html class="cookie-consent">` and `<body class="ads-on">` are common, and removing them
/// would remove the page).
fn is_page_frame(node: &NodeRef<'_>) -> bool {
    node.has_name("html") || node.has_name("head") || node.has_name("body")
}

/// Boilerplate removed from a whole page (the fallback).
fn is_boilerplate(node: &NodeRef<'_>, name: &str) -> bool {
    matches!(name, "nav" | "header" | "footer" | "aside" | "form")
        || (!is_page_frame(node) && (is_navigation(node) || is_ad_or_banner(node)))
}

/// Classes and ids starting with `cookie`, or `ad`, `ads`, `ad-`, `ad_`, `advert`.
fn is_ad_or_banner(node: &NodeRef<'_>) -> bool {
    let word = |w: &str| {
        let w = w.to_ascii_lowercase();
        w.starts_with("cookie")
            || w == "ad"
            || w == "ads"
            || w.starts_with("ad-")
            || w.starts_with("ad_")
            || w.starts_with("ads-")
            || w.starts_with("ads_")
            || w.starts_with("advert")
    };
    node.class().is_some_and(|c| c.split_whitespace().any(word))
        || node.id_attr().is_some_and(|id| word(id.trim()))
}

/// Turns a walk over the DOM into blocks.
struct Converter {
    b: DocumentBuilder,
    fallback: bool,
    info: PageInfo,
    /// The page's size, for the fallback's boilerplate test ([`PageShare::holds_article`]).
    share: PageShare,
    title_done: bool,
    /// Blocks of the page pushed so far (title and byline aside).
    pushed: usize,
    /// Text of the block being gathered, its spans, whether it holds a `<br>`.
    buf: String,
    /// Whitespace of `buf` not yet written (it may end before a tag).
    ws: Collapser,
    spans: Vec<Span>,
    has_break: bool,
    kinds: Vec<BlockKind>,
    quote_depth: u8,
    lists: Vec<ListState>,
    /// How many `li` are open, and the marker for the next block of the innermost one.
    items: usize,
    marker: Option<String>,
    pre: usize,
    emphasis: usize,
    strong: usize,
    code: usize,
    links: Vec<u32>,
    link_ids: HashMap<String, u32>,
    table_depth: usize,
    table: Option<Table>,
    /// How many compact definition lists (see [`definitions_are_short`]) are open.
    fields: usize,
    /// A floated line number, set at the end of its line.
    line_number: Option<String>,
    options: inline::ParseOptions,
}

impl Converter {
    fn new(info: PageInfo, fallback: bool) -> Self {
        let meta = Meta {
            title: info.title.clone(),
            author: info
                .byline
                .as_deref()
                .map(|b| byline_author(b).unwrap_or_else(|| b.to_string())),
            language: info.lang.clone(),
            ..Meta::default()
        };
        Converter {
            b: DocumentBuilder::new(meta),
            fallback,
            info,
            share: PageShare::default(),
            title_done: false,
            pushed: 0,
            buf: String::new(),
            ws: Collapser::default(),
            spans: Vec::new(),
            has_break: false,
            kinds: Vec::new(),
            quote_depth: 0,
            lists: Vec::new(),
            items: 0,
            marker: None,
            pre: 0,
            emphasis: 0,
            strong: 0,
            code: 0,
            links: Vec::new(),
            link_ids: HashMap::new(),
            table_depth: 0,
            table: None,
            fields: 0,
            line_number: None,
            options: inline::ParseOptions::default(),
        }
    }

    /// Walks `root`'s subtree in document order with an explicit stack.
    fn walk(&mut self, root: NodeRef<'_>) {
        let mut stack: Vec<Step<'_>> = vec![Step::Enter(root, 0)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Leave(exit) => self.leave(exit),
                Step::Enter(node, depth) => {
                    if node.is_text() {
                        self.text(&node.text());
                        continue;
                    }
                    if !node.is_element() {
                        if node.is_document() {
                            push_children(&mut stack, &node, depth);
                        }
                        continue;
                    }
                    let name = node.node_name().map(|n| n.to_ascii_lowercase());
                    let name = name.as_deref().unwrap_or("");
                    let exit = self.enter(&node, name, depth);
                    if let Some(exit) = exit {
                        stack.push(Step::Leave(exit));
                        push_children(&mut stack, &node, depth);
                    }
                }
            }
        }
        self.flush();
    }

    /// Handles an element's start; `None` skips it with its content.
    fn enter(&mut self, node: &NodeRef<'_>, name: &str, depth: usize) -> Option<Exit> {
        let mut role = role(name);
        if role == Role::Skip
            || (self.fallback && is_boilerplate(node, name) && !self.share.holds_article(node))
        {
            return None;
        }
        if node.attr("hidden").is_some()
            || node.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        {
            return None;
        }
        if depth > MAX_WALK_DEPTH
            && !matches!(
                role,
                Role::Break | Role::Image | Role::Emphasis | Role::Strong | Role::Code | Role::Link
            )
        {
            role = Role::Container;
        }
        if node.has_attr(inline_dom::LINE_NUMBER_ATTR) {
            self.line_number = Some(node.text().to_string());
            return None;
        }
        if let Some(exit) = self.enter_inline(node, role) {
            return exit;
        }
        if self.table_depth > 0 {
            return Some(self.enter_in_table(role));
        }
        if let Some(exit) = self.enter_definitions(node, name) {
            return Some(exit);
        }
        if self.fields > 0 && matches!(role, Role::Container | Role::Paragraph) {
            return Some(Exit::Nothing);
        }
        Some(match role {
            Role::Skip => return None,
            Role::Container => {
                self.flush();
                Exit::Break
            }
            Role::Paragraph => self.start_kind(BlockKind::Paragraph),
            Role::Heading(level) => self.start_kind(BlockKind::Heading { level }),
            Role::Quote => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_add(1);
                Exit::Quote
            }
            Role::List { ordered } => {
                self.flush();
                let next = node
                    .attr("start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(1);
                self.lists.push(ListState { ordered, next });
                Exit::List
            }
            Role::Item => {
                self.flush();
                let depth = self.lists.len().clamp(1, MAX_LIST_DEPTH);
                let marker = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        let n = node
                            .attr("value")
                            .and_then(|v| v.trim().parse::<u64>().ok())
                            .unwrap_or(list.next);
                        list.next = n.saturating_add(1);
                        format!("{n}.")
                    }
                    _ => bullet(depth).to_string(),
                };
                self.items += 1;
                self.marker = Some(marker);
                Exit::Item
            }
            Role::Pre => {
                self.start_kind(BlockKind::Code);
                self.pre += 1;
                Exit::Pre
            }
            Role::Rule => {
                self.flush();
                self.push_block(BlockKind::Rule, String::new(), Vec::new());
                Exit::Nothing
            }
            Role::Break => {
                self.line_break();
                Exit::Nothing
            }
            Role::Emphasis => {
                self.emphasis += 1;
                Exit::Emphasis
            }
            Role::Strong => {
                self.strong += 1;
                Exit::Strong
            }
            Role::Code => {
                self.code += 1;
                Exit::Code
            }
            Role::Link if self.is_permalink(node) => return None,
            Role::Link => match node.attr("href").map(|h| sanitize_line(h.trim())) {
                Some(href) if !href.is_empty() && !href.starts_with("javascript:") => {
                    let next = u32::try_from(self.link_ids.len()).unwrap_or(u32::MAX);
                    let id = *self.link_ids.entry(href.clone()).or_insert_with(|| {
                        self.b.meta_mut().links.push(href);
                        next
                    });
                    self.links.push(id);
                    Exit::Link(true)
                }
                _ => Exit::Link(false),
            },
            Role::Table => {
                self.flush();
                self.table_depth = 1;
                self.table = Some(Table::default());
                Exit::Table
            }
            Role::Row | Role::Cell => {
                self.flush();
                Exit::Break
            }
            Role::Inline | Role::Image | Role::Script(_) | Role::Math | Role::Svg | Role::Ruby => {
                Exit::Nothing
            }
        })
    }

    /// Definition lists. When every definition is short and on one line (field lists:
    /// `Author: A. M. Kuchling`), the list is one block of `term: definition` lines; otherwise
    /// each term is a strong paragraph and its definition is indented under it, as a list
    /// item's continuation is.
    fn enter_definitions(&mut self, node: &NodeRef<'_>, name: &str) -> Option<Exit> {
        Some(match name {
            "dl" if self.fields > 0 || definitions_are_short(node) => {
                if self.fields == 0 {
                    self.start_kind(BlockKind::Paragraph);
                }
                self.fields += 1;
                Exit::Fields
            }
            "dt" if self.fields > 0 => {
                self.line_break();
                Exit::FieldName
            }
            "dd" if self.fields > 0 => Exit::Nothing,
            "dt" => {
                self.start_kind(BlockKind::Paragraph);
                self.strong += 1;
                Exit::Term
            }
            "dd" => {
                self.flush();
                self.lists.push(ListState {
                    ordered: false,
                    next: 1,
                });
                self.items += 1;
                self.marker = None;
                Exit::Definition
            }
            _ => return None,
        })
    }

    /// Inside a table, only rows, cells and text matter.
    fn enter_in_table(&mut self, role: Role) -> Exit {
        let table = self.table.get_or_insert_with(Table::default);
        match role {
            Role::Table => {
                self.table_depth += 1;
                Exit::Table
            }
            Role::Row if self.table_depth == 1 => {
                table.rows.push(Vec::new());
                Exit::Nothing
            }
            Role::Cell if self.table_depth == 1 => {
                if table.rows.is_empty() {
                    table.rows.push(Vec::new());
                }
                if let Some(row) = table.rows.last_mut() {
                    row.push(String::new());
                }
                Exit::Nothing
            }
            Role::Break | Role::Paragraph | Role::Container | Role::Item => {
                self.text(" ");
                Exit::Nothing
            }
            _ => Exit::Nothing,
        }
    }

    fn leave(&mut self, exit: Exit) {
        match exit {
            Exit::Break => self.flush(),
            Exit::Kind => {
                self.flush();
                self.kinds.pop();
            }
            Exit::Quote => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            Exit::List => {
                self.flush();
                self.lists.pop();
            }
            Exit::Item => {
                self.flush();
                self.items = self.items.saturating_sub(1);
                self.marker = None;
            }
            Exit::Pre => {
                self.flush();
                self.kinds.pop();
                self.pre = self.pre.saturating_sub(1);
            }
            Exit::Suffix(s) => self.text(s),
            Exit::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            Exit::Strong => self.strong = self.strong.saturating_sub(1),
            Exit::Code => self.code = self.code.saturating_sub(1),
            Exit::Link(pushed) => {
                if pushed {
                    self.links.pop();
                }
            }
            Exit::Table => {
                self.table_depth = self.table_depth.saturating_sub(1);
                if self.table_depth == 0
                    && let Some(table) = self.table.take()
                {
                    self.push_table(table);
                }
            }
            Exit::Fields => {
                self.fields = self.fields.saturating_sub(1);
                if self.fields == 0 {
                    self.flush();
                    self.kinds.pop();
                }
            }
            Exit::FieldName => {
                self.ws.reset();
                let trimmed = self.buf.trim_end_matches(' ').len();
                self.buf.truncate(trimmed);
                if !self.buf.is_empty() && !self.buf.ends_with([':', '：']) {
                    self.buf.push(':');
                }
                self.text(" ");
            }
            Exit::Term => {
                self.flush();
                self.kinds.pop();
                self.strong = self.strong.saturating_sub(1);
            }
            Exit::Definition => {
                self.flush();
                self.lists.pop();
                self.items = self.items.saturating_sub(1);
            }
            Exit::Nothing => {}
        }
    }

    /// A heading's permalink (`<a class="headerlink" href="#intro">¶</a>`): a link whose whole
    /// text is `¶`, `#`, `§` or `🔗`, inside a heading or pointing into the page. Dropped from
    /// the text and so from the outline.
    fn is_permalink(&self, node: &NodeRef<'_>) -> bool {
        let in_heading = matches!(self.kinds.last(), Some(BlockKind::Heading { .. }));
        let local = node.attr("href").is_some_and(|h| h.trim().starts_with('#'));
        (in_heading || local)
            && matches!(
                node.text().trim().trim_end_matches('\u{fe0f}'),
                "¶" | "#" | "§" | "🔗"
            )
    }

    fn start_kind(&mut self, kind: BlockKind) -> Exit {
        self.flush();
        self.kinds.push(kind);
        Exit::Kind
    }

    fn style(&self) -> Style {
        Style {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            code: self.code > 0,
            link: self.links.last().copied(),
        }
    }

    /// Adds a text node's text (sanitised) to the current block or table cell.
    fn text(&mut self, raw: &str) {
        let clean = sanitize(&cjk::unpad(raw));
        if self.table_depth > 0 {
            if let Some(table) = self.table.as_mut() {
                if table.rows.is_empty() {
                    table.rows.push(Vec::new());
                }
                if let Some(row) = table.rows.last_mut() {
                    if row.is_empty() {
                        row.push(String::new());
                    }
                    if let Some(cell) = row.last_mut() {
                        collapse_onto(cell, &clean);
                    }
                }
            }
            return;
        }
        let start = self.buf.len();
        if self.pre > 0 {
            self.buf.push_str(&clean);
            return;
        }
        self.ws.push(&mut self.buf, &clean);
        let style = self.style();
        if !style.is_plain() && self.buf.len() > start {
            let from = if self.buf.as_bytes().get(start) == Some(&b' ') {
                start + 1
            } else {
                start
            };
            let end = self.buf.trim_end_matches(' ').len().max(from);
            self.spans.push(Span {
                range: from..end,
                style,
            });
        }
    }

    fn line_break(&mut self) {
        self.put_line_number();
        if self.pre > 0 {
            self.buf.push('\n');
            return;
        }
        if self.table_depth > 0 {
            self.text(" ");
            return;
        }
        self.ws.reset();
        let trimmed = self.buf.trim_end_matches(' ').len();
        self.buf.truncate(trimmed);
        if !self.buf.is_empty() {
            self.buf.push('\n');
            self.has_break = true;
        }
    }

    fn image(&mut self, node: &NodeRef<'_>) {
        let label = inline::image_label(
            node.attr("alt").as_deref(),
            node.attr("src").as_deref(),
            node.attr("role").as_deref(),
        );
        self.image_label(label);
    }

    fn image_label(&mut self, label: Option<ImageLabel>) {
        match label {
            Some(ImageLabel::Alt(alt)) => {
                self.text(" ");
                self.emphasis += 1;
                self.text(&alt);
                self.emphasis -= 1;
                self.text(" ");
            }
            Some(ImageLabel::Tex(tex)) => self.text(&tex),
            Some(ImageLabel::Name(name)) => {
                self.text(" ");
                self.text(&name);
                self.text(" ");
            }
            None => {}
        }
    }

    /// Elements read through [`inline`] (in running text and in tables alike):
    /// `Some(exit)` when handled here.
    fn enter_inline(&mut self, node: &NodeRef<'_>, role: Role) -> Option<Option<Exit>> {
        match role {
            Role::Image => self.image(node),
            Role::Script(kind) => return Some(self.script(node, kind)),
            Role::Ruby => {
                let el = inline_dom::element(node);
                self.text(&inline::ruby(&el, self.options.ruby));
            }
            Role::Math => {
                if let Some(m) = math::linearise(&inline_dom::element(node)) {
                    self.block_or_text(&[m.text], m.display);
                }
            }
            Role::Svg => {
                let svg = inline::svg_text(&inline_dom::element(node));
                self.block_or_text(&svg.paragraphs, true);
                self.image_label(svg.label.map(ImageLabel::Alt));
            }
            _ => return None,
        }
        Some(None)
    }

    /// A superscript or subscript; a footnote reference keeps its link (`[1]`).
    fn script(&mut self, node: &NodeRef<'_>, kind: Script) -> Option<Exit> {
        let text = cjk::unpad(&node.text()).into_owned();
        let inner = node
            .descendants_it()
            .find(|d| d.has_name("a") && d.has_attr("href"))
            .and_then(|a| a.attr("href"));
        let outer = self
            .links
            .last()
            .and_then(|&id| self.b.meta().links.get(id as usize).cloned());
        let href = inner.as_deref().or(outer.as_deref());
        let class = node.attr("class");
        if kind == Script::Super && inline::is_footnote(class.as_deref(), href, &text) {
            if text.trim_start().starts_with('[') {
                return Some(Exit::Nothing);
            }
            self.text("[");
            return Some(Exit::Suffix("]"));
        }
        if let Some(s) = inline::script_in_text(&text, kind) {
            self.text(&s);
        }
        None
    }

    /// Paragraphs of their own (display math, SVG text) or, in a table, text in the cell.
    fn block_or_text(&mut self, paragraphs: &[String], display: bool) {
        if paragraphs.is_empty() {
            return;
        }
        if !display || self.table_depth > 0 {
            for p in paragraphs {
                self.text(" ");
                self.text(p);
            }
            self.text(" ");
            return;
        }
        self.flush();
        for p in paragraphs {
            self.text(p);
            self.flush();
        }
    }

    /// Sets a floated line number apart at the end of its line (see
    /// [`inline::line_number_suffix`]).
    fn put_line_number(&mut self) {
        let Some(number) = self.line_number.take() else {
            return;
        };
        if self.table_depth > 0 || self.pre > 0 {
            self.text(&format!(" {number} "));
            return;
        }
        let clean = sanitize_line(&number);
        let trimmed = self.buf.trim_end_matches(' ').len();
        self.buf.truncate(trimmed);
        self.ws.reset();
        if self.buf.is_empty() || self.buf.ends_with('\n') {
            self.buf.push_str(inline::squash(&clean).as_str());
        } else {
            self.buf.push_str(&inline::line_number_suffix(&clean));
        }
    }

    /// Ends the block being gathered.
    fn flush(&mut self) {
        self.put_line_number();
        self.ws.reset();
        if self.buf.trim().is_empty() {
            self.buf.clear();
            self.spans.clear();
            self.has_break = false;
            return;
        }
        let text = std::mem::take(&mut self.buf);
        let spans = std::mem::take(&mut self.spans);
        let mut kind = self.kinds.last().cloned().unwrap_or(BlockKind::Paragraph);
        if self.has_break && kind == BlockKind::Paragraph {
            kind = BlockKind::Lines;
        }
        self.has_break = false;
        self.push_block(kind, text, spans);
    }

    /// Pushes a block, setting the title (and byline) first.
    fn push_block(&mut self, kind: BlockKind, text: String, spans: Vec<Span>) {
        let list = (self.items > 0 && !self.lists.is_empty()).then(|| ListMark {
            depth: u8::try_from(self.lists.len().min(MAX_LIST_DEPTH)).unwrap_or(1),
            marker: self.marker.take(),
        });
        let quote = self.quote_depth.min(MAX_QUOTE_DEPTH);
        if kind == BlockKind::Paragraph && self.repeats_byline(&text) {
            return;
        }
        self.pushed += 1;
        if !self.title_done {
            self.title_done = true;
            let is_title = kind == BlockKind::Heading { level: 1 }
                && quote == 0
                && list.is_none()
                && self
                    .info
                    .title
                    .as_deref()
                    .is_none_or(|t| same_text(t, &text));
            if is_title {
                if self.b.meta().title.is_none() {
                    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.b.meta_mut().title = Some(t);
                }
                self.b.push(BlockKind::Title, &text, spans, 0, None);
                self.push_byline();
                return;
            }
            self.push_head();
        }
        self.b.push(kind, &text, spans, quote, list);
    }

    /// Whether `text`, near the top, is the byline again (Readability keeps the page's
    /// byline element when the metadata named the author).
    fn repeats_byline(&self, text: &str) -> bool {
        const NEAR_TOP: usize = 4;
        if self.b.meta().author.is_none() || self.pushed > NEAR_TOP {
            return false;
        }
        let author = self.b.meta().author.as_deref().unwrap_or("");
        let byline = self.info.byline.as_deref().unwrap_or("");
        same_text(text, byline)
            || same_text(text, author)
            || byline_author(text).is_some_and(|a| same_text(&a, author))
    }

    /// The title block from the metadata, then the byline.
    fn push_head(&mut self) {
        if let Some(title) = self.info.title.clone() {
            self.b.push(BlockKind::Title, &title, Vec::new(), 0, None);
        }
        self.push_byline();
    }

    fn push_byline(&mut self) {
        let parts: Vec<&str> = [&self.info.byline, &self.info.site, &self.info.date]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        // The site name alone (or a date alone) would say little; a byline needs a name.
        if parts.is_empty() || (self.info.byline.is_none() && self.info.date.is_none()) {
            return;
        }
        let mut seen: Vec<&str> = Vec::new();
        for p in parts {
            if !seen.iter().any(|s| s.eq_ignore_ascii_case(p)) {
                seen.push(p);
            }
        }
        self.b
            .push(BlockKind::Byline, &seen.join(" · "), Vec::new(), 0, None);
    }

    fn push_table(&mut self, table: Table) {
        let rows: Vec<Vec<String>> = table
            .rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .collect();
        if let Some(lines) = field_lines(&rows) {
            self.push_block(BlockKind::Lines, lines, Vec::new());
            return;
        }
        let lines = crate::format::table_lines(rows);
        if !lines.is_empty() {
            self.push_block(BlockKind::Table, lines.join("\n"), Vec::new());
        }
    }

    fn finish(mut self) -> Document {
        self.flush();
        if !self.title_done {
            self.title_done = true;
            self.push_head();
        }
        if self.b.is_empty() {
            self.b.meta_mut().notices.push(EMPTY_NOTICE.to_string());
        }
        self.b.finish()
    }
}

fn push_children<'a>(stack: &mut Vec<Step<'a>>, node: &NodeRef<'a>, depth: usize) {
    let children = node.children();
    stack.extend(
        children
            .into_iter()
            .rev()
            .map(|child| Step::Enter(child, depth + 1)),
    );
}

/// Appends a table cell's `text` to `out` with whitespace runs as one space, never starting a
/// line with one; a line break between two CJK characters is dropped (see
/// [`crate::format::collapse_whitespace_onto`]; a cell's edges are trimmed when it is laid out).
fn collapse_onto(out: &mut String, text: &str) {
    crate::format::collapse_whitespace_onto(out, text);
}

/// A table of fields (docutils' `docinfo`: `Author:` | `A. M. Kuchling` on each row) as
/// `Author: A. M. Kuchling` lines; `None` for any other table.
fn field_lines(rows: &[Vec<String>]) -> Option<String> {
    let fields = !rows.is_empty()
        && rows.iter().all(|r| match r.as_slice() {
            [name, value] => name.ends_with([':', '：']) && !value.is_empty(),
            _ => false,
        });
    fields.then(|| {
        rows.iter()
            .map(|r| r.join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Longest definition (and term) a compact definition list holds, in characters.
const MAX_FIELD_CHARS: usize = 80;

/// Whether every term and definition of the list `dl` is short and one line: no block inside
/// but one paragraph, no line break, at most [`MAX_FIELD_CHARS`] characters.
fn definitions_are_short(dl: &NodeRef<'_>) -> bool {
    let mut any = false;
    for child in dl.element_children() {
        if !(child.has_name("dt") || child.has_name("dd")) {
            continue;
        }
        any = true;
        let mut paragraphs = 0;
        for n in child.descendants_it().filter(NodeRef::is_element) {
            let name = n
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            match role(&name) {
                Role::Paragraph => paragraphs += 1,
                Role::Inline | Role::Emphasis | Role::Strong | Role::Code | Role::Link => {}
                Role::Container if !matches!(name.as_str(), "dl" | "div" | "section") => {}
                _ => return false,
            }
        }
        if paragraphs > 1 || child.normalized_char_count() > MAX_FIELD_CHARS {
            return false;
        }
    }
    any
}

/// Whether two strings are the same text, whitespace and case aside.
fn same_text(a: &str, b: &str) -> bool {
    let a = a.split_whitespace().map(str::to_lowercase);
    let b = b.split_whitespace().map(str::to_lowercase);
    a.eq(b)
}
