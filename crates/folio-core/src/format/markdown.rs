//! Markdown -> [`Document`], through pulldown-cmark's event stream.
//!
//! This module owns the mapping from CommonMark (plus tables, strikethrough, footnotes and
//! task lists) to blocks and styled spans, and a tiny line-based reader for YAML (`---`) and
//! TOML (`+++`) front matter (title, author, language). The choices:
//!
//! - The first block, when it is a level-1 heading outside quotes and lists, is the title
//!   ([`BlockKind::Title`]). Front matter `title:` wins for [`Meta::title`]; when the document
//!   does not open with an H1 of the same text, a title block with the front-matter title is
//!   set first (a different opening H1 then stays a heading). A one-line "By …" paragraph
//!   right after the title is a byline (and sets the author when the front matter did not).
//! - Emphasis, strong, inline code and links become spans; styles nest. Strikethrough keeps
//!   its text unstyled (the model has no strike style). Images show their alt text, emphasised,
//!   never the URL. Footnote references show as `[n]`, definitions as paragraphs starting
//!   with `[n] `, numbered in order of first appearance.
//! - Soft breaks are spaces. A paragraph with a hard break (two trailing spaces, `\`, or
//!   `<br>`) keeps its lines: it becomes [`BlockKind::Lines`] (verse and addresses are written
//!   this way in Markdown).
//! - Raw HTML never shows as markup: inline tags are dropped (`<em>`/`<i>`, `<strong>`/`<b>`,
//!   `<code>`/`<kbd>` still style the text between them); HTML blocks are reduced to their
//!   text (tags, comments, `<script>` and `<style>` contents removed, character references decoded)
//!   and kept as a paragraph when any text remains.
//! - Lists: each item's first block carries the marker ("•", "◦", "▪" by depth, or "n." from
//!   the list's start number), later blocks of the item carry none. Task items start with
//!   "☐ " / "☑ ". Tables become [`BlockKind::Table`] with columns padded and joined by " | "
//!   and a rule under the header row.
//! - README badges (issue 15): a paragraph at the top, before any prose, made only of
//!   images (perhaps links) of which every one is a badge (its image or link address names a
//!   badge or CI service: shields.io, badge.fury.io, travis-ci, codecov, coveralls, circleci,
//!   appveyor, GitHub workflow badges, or any address with `badge` in it) is dropped: its alt
//!   texts (`PyPI version Downloads codecov`) are not the article.
//! - Quote and list depth are capped at 8 for display. The conversion is a loop over events
//!   with counters and small stacks, so deeply nested input cannot overflow the stack.
//!
//! This module must not depend on ratatui or crossterm.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthStr;

use super::plain::{EMPTY_NOTICE, bullet, byline_author};
use crate::document::{
    BlockKind, Document, DocumentBuilder, ListMark, Meta, Span, Style, is_collapsed, lines_are_tidy,
};

/// Quote depth shown at most.
const MAX_QUOTE_DEPTH: usize = 8;
/// List depth shown at most.
const MAX_LIST_DEPTH: usize = 8;

/// Parses Markdown into a [`Document`].
pub fn parse(text: &str) -> Document {
    let (front, body) = split_front_matter(text);
    let mut meta = Meta::default();
    if let Some((kind, block)) = front {
        read_front_matter(kind, block, &mut meta);
    }
    let mut conv = Converter::new(meta);
    conv.b.reserve(body.len());
    for event in Parser::new_ext(body, options()) {
        conv.event(event);
    }
    conv.finish()
}

/// The beginning of [`parse`]'s document: its first blocks, for a text longer than
/// `2 * min_bytes`, covering roughly the first `min_bytes`. `None` when the text should be
/// parsed whole instead.
///
/// The cut is at a line that starts at column 0 with a letter right after a blank line, at
/// or after `min_bytes` and before `2 * min_bytes` (front matter counted): such a line can
/// only continue a fenced code block or an HTML block; lists, block quotes and paragraphs
/// end before it. To be sure, the text up to the end of that line is parsed and the cut
/// taken only when pulldown-cmark starts a new top-level block exactly there; the events
/// before it are converted as the whole parse converts them (front matter and title rules
/// included), since a closed block does not change with what follows. A few candidate lines
/// are tried, each with its own parse of the beginning.
///
/// What follows the cut can change earlier text only through definitions: reference links
/// (`[label]: url`) and footnotes (`[^1]: …`). A quick scan for `]:` at the start of a line
/// (after quote and list markers) anywhere in the text finds every possible one; when there
/// is one, the answer is `None`. It is also `None` when the beginning ends with the title
/// (a byline may follow it).
pub fn parse_prefix(text: &str, min_bytes: usize) -> Option<Document> {
    if text.len() <= min_bytes.saturating_mul(2) || may_define_references(text) {
        return None;
    }
    let (front, body) = split_front_matter(text);
    let skipped = text.len() - body.len();
    let mut meta = Meta::default();
    if let Some((kind, block)) = front {
        read_front_matter(kind, block, &mut meta);
    }
    let mut from = min_bytes.saturating_sub(skipped);
    let limit = min_bytes.saturating_mul(2).saturating_sub(skipped);
    for _ in 0..PREFIX_TRIES {
        let cut = candidate_cut(body, from, limit)?;
        // The parse goes to the end of the cut's line (not too far: no huge line is read).
        let mut far = limit.saturating_mul(2).min(body.len());
        while !body.is_char_boundary(far) {
            far -= 1;
        }
        let line_end = match body.get(cut..far)?.find('\n') {
            Some(i) => cut + i + 1,
            None if far == body.len() => far,
            None => return None,
        };
        if let Some(doc) = convert_before(body.get(..line_end)?, cut, meta.clone()) {
            return Some(doc);
        }
        from = line_end;
    }
    None
}

/// How many cut lines [`parse_prefix`] tries before giving up.
const PREFIX_TRIES: usize = 4;

/// Converts the blocks of `window` that come before a top-level block starting at byte `cut`;
/// `None` when no top-level block starts there (the line continues a block), when nothing
/// comes before it, or when the last block is the title (its byline could follow).
fn convert_before(window: &str, cut: usize, meta: Meta) -> Option<Document> {
    let mut conv = Converter::new(meta);
    conv.b.reserve(cut);
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(window, options()).into_offset_iter() {
        if depth == 0 && range.start >= cut {
            if range.start != cut {
                return None;
            }
            if !conv.started || conv.after_title {
                return None;
            }
            conv.flush();
            return Some(conv.b.finish());
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        conv.event(event);
    }
    None
}

/// The start of the first line at or after byte `from` (and before `limit`) that starts
/// with a letter right after a blank line.
fn candidate_cut(body: &str, from: usize, limit: usize) -> Option<usize> {
    let mut limit = limit.min(body.len());
    while !body.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = body.get(..limit)?;
    let mut start = if from == 0 {
        0
    } else {
        let mut from = from.min(limit) - 1;
        while !body.is_char_boundary(from) {
            from += 1;
        }
        from + window.get(from..)?.find('\n')? + 1
    };
    let mut prev_blank = match start.checked_sub(1) {
        None => false,
        Some(end) => {
            let before = body.get(..end)?;
            let prev = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
            prev.trim().is_empty()
        }
    };
    while start < limit {
        let rest = window.get(start..)?;
        if prev_blank && rest.starts_with(char::is_alphabetic) {
            return Some(start);
        }
        let end = rest.find('\n')?;
        prev_blank = rest.get(..end)?.trim().is_empty();
        start += end + 1;
    }
    None
}

/// Whether `text` may hold a link reference or footnote definition: a `]:` whose line starts
/// with `[` after nothing but spaces and quote or list markers (or that has no `[` before it
/// on its line: a label can span lines). Looks 64 KB at a time, so that the usual answer,
/// "no `]:` at all", costs one fast substring search.
fn may_define_references(text: &str) -> bool {
    const BLOCK: usize = 64 * 1024;
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + BLOCK).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // One byte of overlap, so a `]:` across the boundary is seen.
        let mut from = start.saturating_sub(1);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let block = text.get(from..end).unwrap_or("");
        if block.contains("]:") {
            for (i, _) in block.match_indices("]:") {
                if definition_like(text, from + i) {
                    return true;
                }
            }
        }
        start = end;
    }
    false
}

/// Whether the `]:` at byte `at` may end a definition's label (see [`may_define_references`]).
fn definition_like(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    match line.find('[') {
        None => true,
        Some(k) => line[..k]
            .chars()
            .all(|c| c.is_whitespace() || c.is_ascii_digit() || ">-+*.)".contains(c)),
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

// ---------------------------------------------------------------------------------------------
// Front matter

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrontKind {
    Yaml,
    Toml,
}

/// Splits a leading `---`/`+++` front-matter block off the text. The block must close
/// (`---` or `...` for YAML, `+++` for TOML) and hold at least one `key:` / `key =` line;
/// otherwise the text is left alone (a leading `---` is then a rule, as in CommonMark).
///
/// Front matter is read here rather than through pulldown-cmark's metadata-block option
/// because that option also swallows later `---` … `---` passages anywhere in a document.
fn split_front_matter(text: &str) -> (Option<(FrontKind, &str)>, &str) {
    let Some(first_end) = text.find('\n') else {
        return (None, text);
    };
    let kind = match text[..first_end].trim_end() {
        "---" => FrontKind::Yaml,
        "+++" => FrontKind::Toml,
        _ => return (None, text),
    };
    let start = first_end + 1;
    let mut pos = start;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        let closes = match kind {
            FrontKind::Yaml => line == "---" || line == "...",
            FrontKind::Toml => line == "+++",
        };
        if closes {
            let block = &text[start..pos];
            let sep = if kind == FrontKind::Yaml { ':' } else { '=' };
            let has_key = block.lines().any(|l| {
                l.split_once(sep).is_some_and(|(k, _)| {
                    let k = k.trim();
                    !k.is_empty()
                        && !l.starts_with(' ')
                        && k.chars()
                            .all(|c| c.is_alphanumeric() || "_-\"'".contains(c))
                })
            });
            if !has_key {
                return (None, text);
            }
            let rest = text.get(end + 1..).unwrap_or("");
            return (Some((kind, block)), rest);
        }
        pos = end + 1;
    }
    (None, text)
}

fn read_front_matter(kind: FrontKind, block: &str, meta: &mut Meta) {
    let fields = match kind {
        FrontKind::Yaml => yaml_fields(block),
        FrontKind::Toml => toml_fields(block),
    };
    for (key, value) in fields {
        let value = clean_meta(&value);
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "title" if meta.title.is_none() => meta.title = Some(value),
            "author" | "authors" if meta.author.is_none() => meta.author = Some(value),
            "lang" | "language" if meta.language.is_none() => {
                let tag = value.replace('_', "-");
                let ok =
                    tag.len() <= 35 && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if ok {
                    meta.language = Some(tag);
                }
            }
            _ => {}
        }
    }
}

/// Collapses whitespace and drops control characters in a metadata value.
fn clean_meta(value: &str) -> String {
    let value: String = value.chars().filter(|c| !c.is_control()).collect();
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Top-level `key: value` pairs; a list or map under a key gives its first entry (or `name:`).
fn yaml_fields(block: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = block.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i += 1;
        if line.starts_with([' ', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = unquote(key.trim()).to_ascii_lowercase();
        let value = value.trim();
        // Lines under the key: indented, or a sequence at the same level.
        let mut nested = Vec::new();
        while let Some(next) = lines.get(i) {
            if next.starts_with([' ', '-']) || next.trim().is_empty() {
                nested.push(next.trim());
                i += 1;
            } else {
                break;
            }
        }
        let value = if value.is_empty() {
            nested
                .iter()
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| {
                    let l = l.strip_prefix('-').unwrap_or(l).trim();
                    let l = l.strip_prefix("name:").unwrap_or(l).trim();
                    unquote(l)
                })
                .unwrap_or_default()
        } else if matches!(value, "|" | ">" | "|-" | ">-" | "|+" | ">+") {
            nested.join(" ")
        } else if let Some(inner) = value.strip_prefix('[') {
            let inner = inner.trim_end().trim_end_matches(']');
            unquote(inner.split(',').next().unwrap_or("").trim())
        } else {
            unquote(value)
        };
        out.push((key, value));
    }
    out
}

/// Top-level `key = value` pairs before the first `[table]`; an array gives its first entry.
fn toml_fields(block: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in block.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            break;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = unquote(key.trim()).to_ascii_lowercase();
        let value = value.trim();
        let value = if let Some(inner) = value.strip_prefix('[') {
            let inner = inner.trim_end().trim_end_matches(']');
            unquote(inner.split(',').next().unwrap_or("").trim())
        } else {
            unquote(value)
        };
        out.push((key, value));
    }
    out
}

/// Strips one pair of surrounding quotes (undoing simple escapes), or a trailing ` # comment`
/// from an unquoted value.
fn unquote(s: &str) -> String {
    let s = s.trim();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        let inner = &s[1..s.len() - 1];
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 't') => out.push(' '),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    } else if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
        s[1..s.len() - 1].replace("''", "'")
    } else {
        s.split(" #").next().unwrap_or(s).trim().to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Events -> blocks

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpenKind {
    Paragraph,
    Heading(u8),
    Code,
}

/// The block being collected: its text and styled runs (relative to `text`).
#[derive(Debug)]
struct Open {
    kind: OpenKind,
    text: String,
    spans: Vec<Span>,
    hard_break: bool,
    /// The end of `text` just after the space a soft break put there: the next text takes it
    /// back when it starts with a CJK character and the break followed one.
    soft_break: Option<usize>,
}

#[derive(Debug, Default)]
struct Cell {
    text: String,
    spans: Vec<Span>,
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    header_rows: usize,
}

#[derive(Debug)]
struct List {
    /// The next item's number for ordered lists.
    next: Option<u64>,
}

/// Inline style counters. Markdown's own tags are balanced; inline HTML tags may not be, so
/// they have their own counters, reset at each block end.
#[derive(Debug, Default)]
struct Inline {
    emphasis: usize,
    strong: usize,
    code: usize,
    image: usize,
    links: Vec<u32>,
    html_emphasis: usize,
    html_strong: usize,
    html_code: usize,
}

impl Inline {
    fn style(&self) -> Style {
        Style {
            emphasis: self.emphasis + self.html_emphasis + self.image > 0,
            strong: self.strong + self.html_strong > 0,
            code: self.code + self.html_code > 0,
            link: self.links.last().copied(),
        }
    }
}

struct Converter {
    b: DocumentBuilder,
    /// Front-matter title still to be placed before the first block.
    front_title: Option<String>,
    /// Whether the first (non-empty) block has been pushed.
    started: bool,
    /// Whether the last block pushed was the title (for the byline rule).
    after_title: bool,
    open: Option<Open>,
    inline: Inline,
    quote: usize,
    lists: Vec<List>,
    /// The marker for the current item's first block.
    marker: Option<String>,
    /// "[n] " for the first block of a footnote definition.
    footnote_prefix: Option<String>,
    footnotes: HashMap<String, usize>,
    /// Link targets seen, by their hash (see [`Converter::link`]).
    link_index: HashMap<u64, u32, BuildHasherDefault<HashedKey>>,
    /// Hashes link targets for `link_index`, with the standard library's keyed hash.
    url_hasher: RandomState,
    table: Option<Table>,
    html: Option<String>,
    /// An emptied block text buffer, to be used again.
    spare: String,
    /// Until the first prose, a top-level paragraph's events are held until it ends, to
    /// drop it when it is a row of badges.
    badges: Option<Badges>,
}

/// A top-level paragraph held while it may be a row of badges.
#[derive(Default)]
struct Badges {
    held: Option<Vec<Event<'static>>>,
    /// Whether all its inline content so far is badge images (or links around them).
    only_badges: bool,
    images: usize,
    /// Inside an image: its alt text is not prose.
    in_image: usize,
    /// Whether the link around the current image points at a badge service.
    link_badge: Vec<bool>,
}

/// Whether an image or link address is a badge or CI status service's.
fn is_badge_url(url: &str) -> bool {
    const HOSTS: &[&str] = &[
        "shields.io",
        "badge.fury.io",
        "travis-ci.",
        "codecov.io",
        "coveralls.io",
        "circleci.com",
        "appveyor.com",
        "badgen.net",
        "pepy.tech",
        "codacy.com",
        "codeclimate.com",
        "snyk.io",
        "deps.rs",
        "gitter.im",
        "bestpractices.",
    ];
    let u = url.to_ascii_lowercase();
    HOSTS.iter().any(|h| u.contains(h))
        || u.contains("badge")
        || (u.contains("github.com") && u.contains("/workflows/"))
}

impl Converter {
    fn new(meta: Meta) -> Self {
        let front_title = meta.title.clone();
        Converter {
            b: DocumentBuilder::new(meta),
            front_title,
            started: false,
            after_title: false,
            open: None,
            inline: Inline::default(),
            quote: 0,
            lists: Vec::new(),
            marker: None,
            footnote_prefix: None,
            footnotes: HashMap::new(),
            link_index: HashMap::default(),
            url_hasher: RandomState::new(),
            table: None,
            html: None,
            spare: String::new(),
            badges: Some(Badges::default()),
        }
    }

    /// Holds the events of a paragraph at the top until it is known not to be a row of
    /// badges (see the module doc); whether `event` was taken.
    fn hold_badges(&mut self, event: &Event<'_>) -> bool {
        let top = self.quote == 0 && self.lists.is_empty() && self.table.is_none();
        let Some(badges) = self.badges.as_mut() else {
            return false;
        };
        let Some(held) = badges.held.as_mut() else {
            match event {
                Event::Start(Tag::Paragraph) if top && self.html.is_none() => {
                    badges.held = Some(vec![event.clone().into_static()]);
                    badges.only_badges = true;
                    badges.images = 0;
                    return true;
                }
                // Any other block (a list, a quote, code, a table) is the article starting.
                Event::Start(
                    Tag::Paragraph
                    | Tag::List(_)
                    | Tag::Item
                    | Tag::BlockQuote(_)
                    | Tag::CodeBlock(_)
                    | Tag::Table(_)
                    | Tag::FootnoteDefinition(_),
                ) => self.badges = None,
                _ => {}
            }
            return false;
        };
        held.push(event.clone().into_static());
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                badges.in_image += 1;
                badges.images += 1;
                let by_link = badges.link_badge.last().copied().unwrap_or(false);
                badges.only_badges &= by_link || is_badge_url(dest_url);
            }
            Event::End(TagEnd::Image) => badges.in_image = badges.in_image.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                badges.link_badge.push(is_badge_url(dest_url))
            }
            Event::End(TagEnd::Link) => {
                badges.link_badge.pop();
            }
            Event::Text(t) if badges.in_image == 0 && !t.trim().is_empty() => {
                badges.only_badges = false;
            }
            Event::SoftBreak | Event::HardBreak | Event::Text(_) => {}
            Event::End(TagEnd::Paragraph) => return self.release_badges(),
            _ if badges.in_image == 0 => badges.only_badges = false,
            _ => {}
        }
        true
    }

    /// The held paragraph ends: dropped when it is a row of badges; otherwise converted, and
    /// the top of the README is over.
    fn release_badges(&mut self) -> bool {
        let Some(mut badges) = self.badges.take() else {
            return true;
        };
        if badges.only_badges && badges.images > 0 {
            self.badges = Some(Badges::default());
            return true;
        }
        for e in badges.held.take().unwrap_or_default() {
            self.event(e);
        }
        true
    }

    fn event(&mut self, event: Event<'_>) {
        let event = resanitize(event);
        if self.badges.is_some() && self.hold_badges(&event) {
            return;
        }
        if let Some(html) = self.html.as_mut() {
            match event {
                Event::Html(s) | Event::Text(s) | Event::InlineHtml(s) => {
                    html.push_str(&s);
                    return;
                }
                Event::End(TagEnd::HtmlBlock) => {}
                _ => return,
            }
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(s) => self.text(&s),
            Event::Code(s) | Event::InlineMath(s) | Event::DisplayMath(s) => {
                self.inline.code += 1;
                self.text(&s);
                self.inline.code -= 1;
            }
            Event::Html(s) | Event::InlineHtml(s) => self.inline_html(&s),
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                self.text(&format!("[{n}]"));
            }
            Event::SoftBreak => self.soft_break(),
            Event::HardBreak => self.hard_break(),
            Event::Rule => {
                self.flush();
                self.push_block(BlockKind::Rule, "", Vec::new());
            }
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.begin(OpenKind::Paragraph),
            Tag::Heading { level, .. } => self.begin(OpenKind::Heading(heading_level(level))),
            Tag::CodeBlock(_) => self.begin(OpenKind::Code),
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(String::new());
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_add(1);
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(List { next: start });
            }
            Tag::Item => {
                self.flush();
                let depth = self.lists.len();
                self.marker = match self.lists.last_mut() {
                    Some(List { next: Some(n) }) => {
                        let marker = format!("{n}.");
                        *n = n.saturating_add(1);
                        Some(marker)
                    }
                    _ => Some(bullet(depth.min(MAX_LIST_DEPTH)).to_string()),
                };
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                let n = self.footnote_number(&label);
                self.footnote_prefix = Some(format!("[{n}] "));
            }
            Tag::Table(_) => {
                self.flush();
                self.table = Some(Table::default());
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                    t.header_rows = t.rows.len();
                }
            }
            Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    if let Some(row) = t.rows.last_mut() {
                        row.push(Cell::default());
                    }
                }
            }
            Tag::Emphasis => self.inline.emphasis += 1,
            Tag::Strong => self.inline.strong += 1,
            Tag::Image { .. } => self.inline.image += 1,
            Tag::Link { dest_url, .. } => {
                let index = self.link(&dest_url);
                self.inline.links.push(index);
            }
            // Strikethrough and the rest keep their text, unstyled.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock => self.flush(),
            TagEnd::HtmlBlock => {
                let html = self.html.take().unwrap_or_default();
                let text = html_text(&html);
                self.flush();
                self.open = Some(self.new_open(OpenKind::Paragraph));
                self.text(&text);
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.marker = None;
            }
            TagEnd::FootnoteDefinition => {
                self.flush();
                self.footnote_prefix = None;
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    let (text, spans) = render_table(table);
                    self.push_block(BlockKind::Table, &text, spans);
                }
            }
            TagEnd::Emphasis => self.inline.emphasis = self.inline.emphasis.saturating_sub(1),
            TagEnd::Strong => self.inline.strong = self.inline.strong.saturating_sub(1),
            TagEnd::Image => self.inline.image = self.inline.image.saturating_sub(1),
            TagEnd::Link => {
                self.inline.links.pop();
            }
            _ => {}
        }
    }

    fn new_open(&mut self, kind: OpenKind) -> Open {
        let mut open = Open {
            kind,
            text: std::mem::take(&mut self.spare),
            spans: Vec::new(),
            hard_break: false,
            soft_break: None,
        };
        if let Some(prefix) = self.footnote_prefix.take() {
            open.text.push_str(&prefix);
        }
        open
    }

    fn begin(&mut self, kind: OpenKind) {
        self.flush();
        self.open = Some(self.new_open(kind));
    }

    /// Appends text in the current style to the open block (or table cell); text outside any
    /// block (tight list items) opens a paragraph.
    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let style = self.inline.style();
        let (buf, spans) = if let Some(table) = self.table.as_mut() {
            match table.rows.last_mut().and_then(|row| row.last_mut()) {
                Some(cell) => (&mut cell.text, &mut cell.spans),
                None => return,
            }
        } else {
            if self.open.is_none() {
                self.open = Some(self.new_open(OpenKind::Paragraph));
            }
            match self.open.as_mut() {
                Some(open) => {
                    if let Some(at) = open.soft_break.take() {
                        take_back_soft_break(&mut open.text, &mut open.spans, at, s);
                    }
                    (&mut open.text, &mut open.spans)
                }
                None => return,
            }
        };
        let start = buf.len();
        buf.push_str(s);
        let end = buf.len();
        if style.is_plain() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.style == style && last.range.end == start => last.range.end = end,
            _ => spans.push(Span {
                range: start..end,
                style,
            }),
        }
    }

    /// A soft break is a space, unless it joins two CJK characters (see
    /// [`crate::format::joins_without_space`]): the space is taken back by the next text.
    fn soft_break(&mut self) {
        self.text(" ");
        if self.table.is_none()
            && let Some(open) = self.open.as_mut()
        {
            open.soft_break = Some(open.text.len());
        }
    }

    fn hard_break(&mut self) {
        match self.open.as_mut() {
            Some(open) if open.kind == OpenKind::Paragraph && self.table.is_none() => {
                open.hard_break = true;
                open.text.push('\n');
            }
            _ => self.text(" "),
        }
    }

    fn inline_html(&mut self, tag: &str) {
        let Some((name, closing)) = tag_name(tag) else {
            return;
        };
        let counter = match name.as_str() {
            "em" | "i" | "cite" | "dfn" | "var" => &mut self.inline.html_emphasis,
            "strong" | "b" => &mut self.inline.html_strong,
            "code" | "kbd" | "tt" | "samp" => &mut self.inline.html_code,
            "br" => return self.hard_break(),
            _ => return,
        };
        *counter = if closing {
            counter.saturating_sub(1)
        } else {
            counter.saturating_add(1)
        };
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// The index of a link target in [`Meta::links`], added when new. Targets are found by
    /// their keyed 64-bit hash, computed once (long documents have thousands of links); should
    /// two targets ever share a hash, the second is added again rather than mistaken for the
    /// first.
    fn link(&mut self, url: &str) -> u32 {
        let hash = self.url_hasher.hash_one(url);
        let links = &mut self.b.meta_mut().links;
        if let Some(&i) = self.link_index.get(&hash)
            && links.get(i as usize).is_some_and(|known| known == url)
        {
            return i;
        }
        let i = u32::try_from(links.len()).unwrap_or(u32::MAX);
        links.push(url.to_string());
        self.link_index.entry(hash).or_insert(i);
        i
    }

    /// Pushes the open block, if any.
    fn flush(&mut self) {
        self.inline.html_emphasis = 0;
        self.inline.html_strong = 0;
        self.inline.html_code = 0;
        let Some(open) = self.open.take() else {
            return;
        };
        let kind = match open.kind {
            OpenKind::Paragraph if open.hard_break => BlockKind::Lines,
            OpenKind::Paragraph => BlockKind::Paragraph,
            OpenKind::Heading(level) => BlockKind::Heading { level },
            OpenKind::Code => BlockKind::Code,
        };
        self.push_block(kind, &open.text, open.spans);
        let mut text = open.text;
        text.clear();
        self.spare = text;
    }

    fn list_mark(&mut self, take_marker: bool) -> Option<ListMark> {
        if self.lists.is_empty() {
            return None;
        }
        Some(ListMark {
            depth: self.lists.len().min(MAX_LIST_DEPTH) as u8,
            marker: if take_marker {
                self.marker.take()
            } else {
                None
            },
        })
    }

    /// Pushes one block, applying the title, byline, quote and list rules.
    fn push_block(&mut self, mut kind: BlockKind, text: &str, spans: Vec<Span>) {
        let (text, spans) = normalise(&kind, text, spans);
        if kind != BlockKind::Rule && text.is_empty() {
            return;
        }
        let quote = self.quote.min(MAX_QUOTE_DEPTH) as u8;
        let top_level = self.quote == 0 && self.lists.is_empty();
        let after_title = std::mem::take(&mut self.after_title);
        if !self.started && kind == BlockKind::Rule && self.front_title.is_none() {
            // A leading rule does not take the title's place.
            self.b.push(kind, "", Vec::new(), quote, None);
            return;
        }
        if !self.started {
            self.started = true;
            let heading = collapse(&text);
            let is_h1 = kind == (BlockKind::Heading { level: 1 }) && top_level;
            match self.front_title.take() {
                None if is_h1 => {
                    self.b.meta_mut().title = Some(heading);
                    kind = BlockKind::Title;
                }
                Some(title) if is_h1 && title.to_lowercase() == heading.to_lowercase() => {
                    kind = BlockKind::Title;
                }
                Some(title) => {
                    self.b.push(BlockKind::Title, &title, Vec::new(), 0, None);
                    return self.push_after_title(kind, &text, spans, quote);
                }
                None => {}
            }
            self.after_title = kind == BlockKind::Title;
        } else if after_title {
            return self.push_after_title(kind, &text, spans, quote);
        }
        let list = self.list_mark(kind != BlockKind::Rule);
        self.b.push(kind, &text, spans, quote, list);
    }

    /// The block right after the title: a one-line "By …" paragraph is the byline.
    fn push_after_title(&mut self, mut kind: BlockKind, text: &str, spans: Vec<Span>, quote: u8) {
        self.after_title = false;
        if kind == BlockKind::Paragraph
            && quote == 0
            && self.lists.is_empty()
            && let Some(author) = byline_author(&collapse(text))
        {
            kind = BlockKind::Byline;
            let meta = self.b.meta_mut();
            if meta.author.is_none() {
                meta.author = Some(author);
            }
        }
        let list = self.list_mark(kind != BlockKind::Rule);
        self.b.push(kind, text, spans, quote, list);
    }

    fn finish(mut self) -> Document {
        self.flush();
        if let Some(table) = self.table.take() {
            let (text, spans) = render_table(table);
            self.push_block(BlockKind::Table, &text, spans);
        }
        if let Some(title) = self.front_title.take() {
            self.b.push(BlockKind::Title, &title, Vec::new(), 0, None);
        }
        if self.b.is_empty() {
            self.b.meta_mut().notices.push(EMPTY_NOTICE.to_string());
        }
        self.b.finish()
    }
}

/// A hasher for keys that are already keyed hashes (see [`Converter::link`]): it passes them
/// through.
#[derive(Debug, Default)]
struct HashedKey(u64);

/// Removes the space a soft break put at the end of `text` (which ended at `at` then) when
/// nothing came after it and it joins two CJK characters, the one before it and the first of
/// `next`; a span that ended with the space ends before it.
fn take_back_soft_break(text: &mut String, spans: &mut Vec<Span>, at: usize, next: &str) {
    if text.len() != at || !text.ends_with(' ') {
        return;
    }
    let before = text.strip_suffix(' ').and_then(|t| t.chars().next_back());
    let joins = before
        .zip(next.chars().next())
        .is_some_and(|(a, b)| crate::format::joins_without_space(a, b));
    if !joins {
        return;
    }
    text.pop();
    if let Some(last) = spans.last_mut()
        && last.range.end == at
    {
        last.range.end -= 1;
        if last.range.is_empty() {
            spans.pop();
        }
    }
}

impl Hasher for HashedKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace as the document builder collapses it: not the non-breaking spaces.
fn collapsible(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}'
}

/// Puts a block's text in the shape the builder stores (whitespace collapsed for reflowed
/// kinds; line ends and blank edge lines trimmed for `Lines` and `Code`), moving the spans
/// with their characters, so that the builder's own pass changes nothing. Doing it here keeps
/// span edges exact when a span starts or ends inside a run of whitespace.
fn normalise<'t>(kind: &BlockKind, text: &'t str, spans: Vec<Span>) -> (Cow<'t, str>, Vec<Span>) {
    match kind {
        BlockKind::Rule => (Cow::Borrowed(""), Vec::new()),
        // Already in shape (the common case): nothing to move.
        BlockKind::Lines | BlockKind::Code | BlockKind::Table
            if spans.is_empty() && lines_are_tidy(text) =>
        {
            (Cow::Borrowed(text), spans)
        }
        BlockKind::Lines | BlockKind::Code | BlockKind::Table => {
            let (text, spans) = tidy_lines(text, &spans);
            (Cow::Owned(text), spans)
        }
        _ if is_collapsed(text) && spans_in_order(&spans, text.len()) => {
            let spans = spans.into_iter().filter(|s| !s.range.is_empty()).collect();
            (Cow::Borrowed(text), spans)
        }
        _ => {
            let (text, spans) = collapse_with_spans(text, &spans);
            (Cow::Owned(text), spans)
        }
    }
}

/// Spans as [`Converter::text`] makes them: sorted, apart, inside the text. For such spans
/// over text that needs no collapsing, [`collapse_with_spans`] changes nothing but dropping
/// the empty ones.
fn spans_in_order(spans: &[Span], len: usize) -> bool {
    let mut end = 0;
    spans.iter().all(|s| {
        let ok = end <= s.range.start && s.range.start <= s.range.end && s.range.end <= len;
        end = s.range.end;
        ok
    })
}

/// Collapses whitespace runs to one space and trims both ends. A run's space belongs to the
/// piece of text (styled or not) where the run starts.
fn collapse_with_spans(text: &str, spans: &[Span]) -> (String, Vec<Span>) {
    // Pieces of the text: (old range, index of the span or None for unstyled text).
    let mut pieces: Vec<(Range<usize>, Option<usize>)> = Vec::new();
    let mut pos = 0;
    for (i, s) in spans.iter().enumerate() {
        let start = s.range.start.clamp(pos, text.len());
        let end = s.range.end.clamp(start, text.len());
        if start > pos {
            pieces.push((pos..start, None));
        }
        pieces.push((start..end, Some(i)));
        pos = end;
    }
    if pos < text.len() {
        pieces.push((pos..text.len(), None));
    }
    let mut out = String::with_capacity(text.len());
    let mut emitted: Vec<Option<Range<usize>>> = vec![None; pieces.len()];
    let mut pending: Option<usize> = None;
    for (p, (range, _)) in pieces.iter().enumerate() {
        let Some(piece) = text.get(range.clone()) else {
            continue;
        };
        for c in piece.chars() {
            if collapsible(c) {
                pending = pending.or(Some(p));
                continue;
            }
            if let Some(owner) = pending.take()
                && !out.is_empty()
            {
                let at = out.len();
                out.push(' ');
                extend(&mut emitted, owner, at..at + 1);
            }
            let at = out.len();
            out.push(c);
            extend(&mut emitted, p, at..out.len());
        }
    }
    let new_spans = pieces
        .iter()
        .zip(emitted)
        .filter_map(|((_, span), range)| {
            let style = spans.get((*span)?)?.style;
            Some(Span {
                range: range?,
                style,
            })
        })
        .collect();
    (out, new_spans)
}

/// Grows the output range recorded for one piece of text.
fn extend(emitted: &mut [Option<Range<usize>>], piece: usize, range: Range<usize>) {
    if let Some(slot) = emitted.get_mut(piece) {
        let start = slot.as_ref().map_or(range.start, |r| r.start);
        *slot = Some(start..range.end);
    }
}

/// Trims trailing whitespace on every line and blank lines at both ends; spans are clipped
/// to the kept text of each line.
fn tidy_lines(text: &str, spans: &[Span]) -> (String, Vec<Span>) {
    let lines = crate::document::kept_lines(text);
    let mut out = String::with_capacity(text.len());
    let mut out_spans = Vec::new();
    let mut next_span = 0;
    for (i, &(old, line)) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let new = out.len();
        out.push_str(line);
        let end = old + line.len();
        while spans.get(next_span).is_some_and(|s| s.range.end <= old) {
            next_span += 1;
        }
        for s in spans.iter().skip(next_span) {
            if s.range.start >= end {
                break;
            }
            let (a, b) = (s.range.start.max(old), s.range.end.min(end));
            if a < b {
                out_spans.push(Span {
                    range: a - old + new..b - old + new,
                    style: s.style,
                });
            }
        }
    }
    (out, out_spans)
}

/// Rows of cells padded to their column's width and joined by " | ", with a rule of `─`
/// (joined by `─┼─`) under the header row. Spans are moved to where their cell lands.
fn render_table(table: Table) -> (String, Vec<Span>) {
    let rows: Vec<Vec<Cell>> = table
        .rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| {
                    // Cells are one line: collapse any whitespace run, keeping spans aligned
                    // by only replacing whitespace characters one-for-one.
                    let text = cell
                        .text
                        .chars()
                        .map(|c| if c.is_whitespace() { ' ' } else { c })
                        .collect::<String>();
                    Cell {
                        text,
                        spans: cell.spans,
                    }
                })
                .collect()
        })
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.text.width());
        }
    }
    let mut text = String::new();
    let mut spans = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            text.push('\n');
        }
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            let offset = text.len();
            text.push_str(&cell.text);
            spans.extend(cell.spans.iter().map(|s| Span {
                range: s.range.start + offset..s.range.end + offset,
                style: s.style,
            }));
            if i + 1 < row.len() {
                let pad = widths[i].saturating_sub(cell.text.width());
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if r + 1 == table.header_rows && rows.len() > r + 1 {
            text.push('\n');
            let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w.max(1))).collect();
            text.push_str(&rule.join("─┼─"));
        }
    }
    (text, spans)
}

/// The lower-case name of an HTML tag and whether it closes (`</em>` -> ("em", true)).
/// Comments, declarations and non-tags give `None`.
fn tag_name(tag: &str) -> Option<(String, bool)> {
    let inner = tag.trim().strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (!name.is_empty()).then_some((name, closing))
}

/// The text of an HTML block: tags and comments removed, `<script>`/`<style>` contents
/// dropped, character references decoded. Block-level tags separate words.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&crate::format::unescape(&rest[..lt]));
        let after = &rest[lt..];
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |i| &comment[i + 3..]);
            continue;
        }
        let is_tag = after[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        if !is_tag {
            out.push('<');
            rest = &after[1..];
            continue;
        }
        let Some(gt) = after.find('>') else {
            // An unclosed tag: drop the rest.
            rest = "";
            break;
        };
        let tag = &after[..=gt];
        rest = &after[gt + 1..];
        if let Some((name, closing)) = tag_name(tag) {
            if !closing && (name == "script" || name == "style") {
                let close = format!("</{name}");
                rest = crate::format::find_ascii_ci(rest, &close)
                    .and_then(|i| rest[i..].find('>').map(|j| &rest[i + j + 1..]))
                    .unwrap_or("");
            }
            out.push(' ');
        }
    }
    out.push_str(&crate::format::unescape(rest));
    collapse(&out)
}

/// Sanitises again the text pulldown-cmark made itself: it decodes character references
/// (`&#27;`, `&#x9b;`, `&#x202e;`) after [`crate::decode`] cleaned the file, so a reference
/// could otherwise put an escape sequence or a bidi override into the document. Text that is a
/// slice of the (already clean) source is passed through without a look.
fn resanitize(event: Event<'_>) -> Event<'_> {
    let dirty = |s: &CowStr<'_>| {
        !matches!(s, CowStr::Borrowed(_)) && s.chars().any(crate::decode::is_forbidden)
    };
    match event {
        Event::Text(s) if dirty(&s) => Event::Text(crate::decode::sanitize(&s).into()),
        Event::Code(s) if dirty(&s) => Event::Code(crate::decode::sanitize(&s).into()),
        Event::InlineMath(s) if dirty(&s) => Event::InlineMath(crate::decode::sanitize(&s).into()),
        Event::DisplayMath(s) if dirty(&s) => {
            Event::DisplayMath(crate::decode::sanitize(&s).into())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;
    use crate::format::testing::{kinds, texts};

    /// (span text, style) of a block's spans.
    fn spans<'a>(doc: &'a Document, b: &Block) -> Vec<(&'a str, Style)> {
        let t = doc.block_text(b);
        b.spans
            .iter()
            .map(|s| (&t[s.range.clone()], s.style))
            .collect()
    }

    fn style(emphasis: bool, strong: bool, code: bool, link: Option<u32>) -> Style {
        Style {
            emphasis,
            strong,
            code,
            link,
        }
    }

    #[test]
    fn soft_breaks_between_cjk_join_without_a_space() {
        let doc = parse("# 说明\n\n这份手册介绍系统的安\n装过程和常见的几项\n任务。\n");
        assert_eq!(
            texts(&doc)[1],
            "这份手册介绍系统的安装过程和常见的几项任务。"
        );
        let doc = parse("初めてのかたは、まず設定\nの方法を読んでください。\n");
        assert_eq!(
            texts(&doc),
            ["初めてのかたは、まず設定の方法を読んでください。"]
        );
        // In a list item and a quote alike; a span that ended with the break ends before it.
        let doc = parse("- 安装过程\n  很简单\n\n> 引用的\n> 文字\n");
        assert_eq!(texts(&doc), ["安装过程很简单", "引用的文字"]);
        let doc = parse("先读*第一\n章*再说\n");
        assert_eq!(texts(&doc), ["先读第一章再说"]);
        assert_eq!(
            spans(&doc, &doc.blocks[0]),
            [("第一章", style(true, false, false, None))]
        );
        let doc = parse("先读*第一*\n第二章\n");
        assert_eq!(texts(&doc), ["先读第一第二章"]);
        assert_eq!(
            spans(&doc, &doc.blocks[0]),
            [("第一", style(true, false, false, None))]
        );
    }

    #[test]
    fn soft_breaks_in_korean_and_next_to_latin_keep_the_space() {
        let doc = parse("처음 사용하는 사람을\n위한 안내서입니다.\n");
        assert_eq!(texts(&doc), ["처음 사용하는 사람을 위한 안내서입니다."]);
        let doc = parse("我们使用\nRust 编写程序，written in\n中文。\n");
        assert_eq!(texts(&doc), ["我们使用 Rust 编写程序，written in 中文。"]);
        let doc = parse("第一行  \n第二行\n");
        assert_eq!(texts(&doc), ["第一行\n第二行"]);
    }

    #[test]
    fn empty_markdown_gives_a_notice() {
        let doc = parse("");
        assert!(doc.blocks.is_empty());
        assert_eq!(doc.meta.notices, vec![EMPTY_NOTICE.to_string()]);
        let doc = parse("<!-- nothing -->\n");
        assert!(doc.blocks.is_empty());
    }

    #[test]
    fn yaml_front_matter() {
        let doc = parse(
            "---\ntitle: \"A Title: With Colon\"\nauthor: 'O''Brien'\nlang: de_DE\nother: x\n---\n\nText.",
        );
        assert_eq!(doc.meta.title.as_deref(), Some("A Title: With Colon"));
        assert_eq!(doc.meta.author.as_deref(), Some("O'Brien"));
        assert_eq!(doc.meta.language.as_deref(), Some("de-DE"));
        assert_eq!(kinds(&doc), [BlockKind::Title, BlockKind::Paragraph]);
        assert_eq!(texts(&doc), ["A Title: With Colon", "Text."]);
    }

    #[test]
    fn yaml_author_lists() {
        for fm in [
            "authors:\n  - Ann Lee\n  - Tom Wu",
            "authors:\n- Ann Lee\n- Tom Wu",
            "authors: [\"Ann Lee\", \"Tom Wu\"]",
            "author:\n  name: Ann Lee\n  url: x",
            "authors:\n  - name: Ann Lee",
        ] {
            let doc = parse(&format!("---\n{fm}\n---\nText."));
            assert_eq!(doc.meta.author.as_deref(), Some("Ann Lee"), "{fm}");
        }
    }

    #[test]
    fn toml_front_matter() {
        let doc = parse(
            "+++\ntitle = \"Hello\"\nauthors = [\"Ann Lee\", \"Tom\"]\nlanguage = \"en\"\n[extra]\ntitle = \"no\"\n+++\n# Hello\n\nText.",
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Hello"));
        assert_eq!(doc.meta.author.as_deref(), Some("Ann Lee"));
        assert_eq!(doc.meta.language.as_deref(), Some("en"));
        assert_eq!(kinds(&doc), [BlockKind::Title, BlockKind::Paragraph]);
    }

    #[test]
    fn leading_rule_without_keys_is_not_front_matter() {
        let doc = parse("---\nJust a paragraph between rules.\n---\n");
        assert_eq!(doc.meta.title, None);
        assert!(texts(&doc).contains(&"Just a paragraph between rules."));
    }

    #[test]
    fn later_dashes_are_not_metadata() {
        let doc = parse("Intro.\n\n---\nname: value\n---\n\nEnd.");
        assert!(doc.text.contains("name: value"));
    }

    #[test]
    fn leading_h1_is_the_title() {
        let doc = parse("# The *Title*\n\nText.\n\n# Part Two\n");
        assert_eq!(
            kinds(&doc),
            [
                BlockKind::Title,
                BlockKind::Paragraph,
                BlockKind::Heading { level: 1 }
            ]
        );
        assert_eq!(doc.meta.title.as_deref(), Some("The Title"));
        assert_eq!(
            spans(&doc, &doc.blocks[0]),
            [("Title", style(true, false, false, None))]
        );
    }

    #[test]
    fn front_matter_title_and_other_h1() {
        let doc = parse("---\ntitle: Front\n---\n# Different\n\nText.");
        assert_eq!(
            kinds(&doc),
            [
                BlockKind::Title,
                BlockKind::Heading { level: 1 },
                BlockKind::Paragraph
            ]
        );
        assert_eq!(texts(&doc)[0], "Front");
        assert_eq!(doc.meta.title.as_deref(), Some("Front"));
        let doc = parse("---\ntitle: Front\n---\nText only.");
        assert_eq!(kinds(&doc), [BlockKind::Title, BlockKind::Paragraph]);
        let doc = parse("---\ntitle: Front\n---\n");
        assert_eq!(kinds(&doc), [BlockKind::Title]);
    }

    #[test]
    fn no_title_without_leading_h1() {
        let doc = parse("Text first.\n\n# Heading\n");
        assert_eq!(doc.meta.title, None);
        assert_eq!(kinds(&doc)[1], BlockKind::Heading { level: 1 });
        let doc = parse("## Level two\n\nText.");
        assert_eq!(doc.meta.title, None);
        assert_eq!(kinds(&doc)[0], BlockKind::Heading { level: 2 });
    }

    #[test]
    fn byline_after_title() {
        let doc = parse("# Title\n\n*By Ann Lee*\n\nText.");
        assert_eq!(
            kinds(&doc),
            [BlockKind::Title, BlockKind::Byline, BlockKind::Paragraph]
        );
        assert_eq!(doc.meta.author.as_deref(), Some("Ann Lee"));
        let doc = parse("# Title\n\nText.\n\nBy Ann Lee");
        assert_eq!(doc.meta.author, None);
    }

    #[test]
    fn inline_styles_nest_and_do_not_overlap() {
        let doc = parse("a *em **both** em* `code` [link *x*](https://e.org) ~~gone~~ z");
        let b = &doc.blocks[0];
        assert_eq!(doc.block_text(b), "a em both em code link x gone z");
        assert_eq!(
            spans(&doc, b),
            [
                ("em", style(true, false, false, None)),
                ("both", style(true, true, false, None)),
                ("em", style(true, false, false, None)),
                ("code", style(false, false, true, None)),
                ("link", style(false, false, false, Some(0))),
                ("x", style(true, false, false, Some(0))),
            ]
        );
        assert_eq!(doc.meta.links, ["https://e.org"]);
        for w in b.spans.windows(2) {
            assert!(w[0].range.end <= w[1].range.start);
        }
    }

    #[test]
    fn links_are_deduplicated() {
        let doc = parse("[a](u1) [b](u2) [c](u1) <https://auto.link>");
        assert_eq!(doc.meta.links, ["u1", "u2", "https://auto.link"]);
        let links: Vec<Option<u32>> = doc.blocks[0].spans.iter().map(|s| s.style.link).collect();
        assert_eq!(links, [Some(0), Some(1), Some(0), Some(2)]);
    }

    #[test]
    fn images_show_alt_text_only() {
        let doc = parse("See ![a *red* kite](kite.png \"t\") here.");
        assert_eq!(texts(&doc), ["See a red kite here."]);
        assert!(!doc.text.contains("kite.png"));
        assert!(doc.blocks[0].spans.iter().all(|s| s.style.emphasis));
    }

    #[test]
    fn breaks() {
        let doc = parse("one\ntwo");
        assert_eq!(texts(&doc), ["one two"]);
        assert_eq!(kinds(&doc), [BlockKind::Paragraph]);
        let doc = parse("Roses are red,  \nviolets *are*\\\nblue.");
        assert_eq!(kinds(&doc), [BlockKind::Lines]);
        assert_eq!(texts(&doc), ["Roses are red,\nviolets are\nblue."]);
        assert_eq!(
            spans(&doc, &doc.blocks[0]),
            [("are", style(true, false, false, None))]
        );
    }

    #[test]
    fn html_is_never_shown() {
        let doc = parse(
            "Some <b>bold</b> and <span class=\"x\">plain</span> text<br>next.\n\n<div align=\"center\">\n<img src=\"x.png\">\n<p>Block &amp; text</p>\n<!-- hidden -->\n<script>alert(1)</script>\n</div>\n\nAfter.",
        );
        assert!(!doc.text.contains('<'), "{}", doc.text);
        assert!(!doc.text.contains("alert"));
        assert!(!doc.text.contains("hidden"));
        assert_eq!(
            texts(&doc),
            ["Some bold and plain text\nnext.", "Block & text", "After."]
        );
        assert_eq!(
            spans(&doc, &doc.blocks[0]),
            [("bold", style(false, true, false, None))]
        );
    }

    #[test]
    fn unbalanced_inline_html_does_not_leak() {
        let doc = parse("a <em>b\n\nc </i> d");
        assert_eq!(doc.blocks[1].spans, []);
    }

    #[test]
    fn block_quotes_nest() {
        let doc = parse("> one\n>\n> > two\n>\n> three\n\nfour");
        let depths: Vec<u8> = doc.blocks.iter().map(|b| b.quote_depth).collect();
        assert_eq!(depths, [1, 2, 1, 0]);
    }

    #[test]
    fn deep_quotes_are_capped() {
        let doc = parse(&format!("{}deep", "> ".repeat(50)));
        assert_eq!(doc.blocks[0].quote_depth, MAX_QUOTE_DEPTH as u8);
    }

    #[test]
    fn lists_with_markers_and_depths() {
        let doc = parse("- a\n- b\n  - c\n    - d\n\n3. x\n4. y\n\n- [ ] todo\n- [x] done\n");
        let items: Vec<(&str, u8, Option<&str>)> = doc
            .blocks
            .iter()
            .map(|b| {
                let (depth, marker) = b
                    .list
                    .as_ref()
                    .map_or((0, None), |l| (l.depth, l.marker.as_deref()));
                (doc.block_text(b), depth, marker)
            })
            .collect();
        assert_eq!(
            items,
            [
                ("a", 1, Some("•")),
                ("b", 1, Some("•")),
                ("c", 2, Some("◦")),
                ("d", 3, Some("▪")),
                ("x", 1, Some("3.")),
                ("y", 1, Some("4.")),
                ("☐ todo", 1, Some("•")),
                ("☑ done", 1, Some("•")),
            ]
        );
    }

    #[test]
    fn loose_items_with_several_blocks() {
        let doc = parse("1. First para.\n\n   Second para.\n\n       code\n\n2. Next.\n");
        let marks: Vec<Option<&str>> = doc
            .blocks
            .iter()
            .map(|b| b.list.as_ref().and_then(|l| l.marker.as_deref()))
            .collect();
        assert_eq!(marks, [Some("1."), None, None, Some("2.")]);
        assert_eq!(
            kinds(&doc),
            [
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Code,
                BlockKind::Paragraph
            ]
        );
        // The item's text after a nested list is a continuation.
        let doc = parse("- outer\n  - inner\n\n  more outer\n");
        let last = &doc.blocks[doc.blocks.len() - 1];
        assert_eq!(doc.block_text(last), "more outer");
        assert_eq!(
            last.list,
            Some(ListMark {
                depth: 1,
                marker: None
            })
        );
    }

    #[test]
    fn code_blocks_keep_text() {
        let doc = parse("```rust\nfn main() {\n    x  =  1;\n}\n```\n\n    indented\n      more\n");
        assert_eq!(kinds(&doc), [BlockKind::Code, BlockKind::Code]);
        assert_eq!(
            texts(&doc),
            ["fn main() {\n    x  =  1;\n}", "indented\n  more"]
        );
    }

    #[test]
    fn tables_become_table_blocks() {
        let doc = parse("| Name | Age |\n|---|--:|\n| **Ann** | 33 |\n| Tom | 4 |\n");
        assert_eq!(kinds(&doc), [BlockKind::Table]);
        assert_eq!(texts(&doc), ["Name | Age\n─────┼────\nAnn  | 33\nTom  | 4"]);
        assert_eq!(
            spans(&doc, &doc.blocks[0]),
            [("Ann", style(false, true, false, None))]
        );
    }

    #[test]
    fn rules_and_footnotes() {
        let doc = parse("Text[^n] and more[^m].\n\n***\n\n[^m]: Em note.\n[^n]: En note.\n");
        assert_eq!(
            texts(&doc),
            ["Text[1] and more[2].", "", "[2] Em note.", "[1] En note."]
        );
        assert_eq!(doc.blocks[1].kind, BlockKind::Rule);
    }

    #[test]
    fn spans_survive_whitespace_runs() {
        // A code span that starts inside a run of spaces.
        let doc = parse("é  `\u{3000}éé` x");
        assert_eq!(texts(&doc), ["é éé x"]);
        assert_eq!(
            spans(&doc, &doc.blocks[0]),
            [("éé", style(false, false, true, None))]
        );
        // A styled run across a hard break with a trailing no-break space.
        let doc = parse("_`\u{a0}\\\n[_~");
        assert_eq!(texts(&doc), ["`\n[~"]);
        let b = &doc.blocks[0];
        assert_eq!(
            spans(&doc, b),
            [
                ("`", style(true, false, false, None)),
                ("[", style(true, false, false, None))
            ]
        );
    }

    #[test]
    fn collapse_matches_the_builder() {
        let em = Style {
            emphasis: true,
            ..Style::default()
        };
        let span = |r: Range<usize>| Span {
            range: r,
            style: em,
        };
        let (text, spans) = collapse_with_spans("  a \n b\u{a0} c  ", &[span(3..6), span(6..9)]);
        assert_eq!(text, "a b\u{a0} c");
        assert_eq!(spans, [span(1..2), span(2..5)]);
        let (text, spans) = tidy_lines("\n  x  \n\ny \n\n", &[span(0..5), span(7..10)]);
        assert_eq!(text, "  x\n\ny");
        assert_eq!(spans, [span(0..3), span(5..6)]);
    }

    /// Regression (issue 9): pulldown-cmark decodes numeric character references after
    /// `decode` sanitised the file, so `&#27;[31m` put a live ESC sequence (and `&#x202e;` a
    /// bidi override) into the document: `folio article.md | cat` wrote them to the terminal.
    #[test]
    fn character_references_cannot_smuggle_controls_or_bidi() {
        let md = "# Head &#27;[31mred &#x9b;2J\n\n\
                  Body &#x1b;]0;title&#7; &#x202e;rev&#x202c; &#x2066;iso&#x2069; &#xfeff;bom \
                  &#x85;nel &#x7f;del [link &#27;[5m](http://x) *&#x9d;0;t&#x9c;*\n\n\
                  | a &#27;[1m | b |\n|---|---|\n| &#x202e; | c |\n\n\
                  <div>block &#27;[31m &#x202e; &#xfeff; &#x9b;</div>\n";
        let doc = parse(md);
        let bad: Vec<char> = doc
            .text
            .chars()
            .filter(|&c| crate::decode::is_forbidden(c))
            .collect();
        assert!(bad.is_empty(), "{bad:?} in {:?}", doc.text);
        // The printable rest of each reference stays (it is text), the visible words too.
        for word in ["Head", "red", "Body", "rev", "iso", "bom", "link", "block"] {
            assert!(
                doc.text.contains(word),
                "{word} missing from {:?}",
                doc.text
            );
        }
    }

    /// Issue 13: an HTML block in Markdown is decoded with the full entity table.
    #[test]
    fn named_entities_in_an_html_block_read_as_their_characters() {
        let doc = parse(
            "<div>\n<p>Cr&egrave;me, &Eacute;tienne&rsquo;s &hellip; &#x202e;&#27;x</p>\n</div>\n",
        );
        assert!(doc.text.contains("Crème, Étienne’s … x"), "{:?}", doc.text);
    }

    #[test]
    fn entities() {
        assert_eq!(
            crate::format::unescape("a &amp; b &#233; &#x41; &bogus; &"),
            "a & b é A &bogus; &"
        );
        assert_eq!(
            html_text("<p>x</p><STYLE>p{}</style>y<SCRIPT>z</SCRIPT>"),
            "x y"
        );
        assert_eq!(html_text("a < b <!-- c"), "a < b");
    }

    #[test]
    fn normalising_in_place_matches_the_long_way() {
        let em = Style {
            emphasis: true,
            ..Style::default()
        };
        let span = |r: Range<usize>| Span {
            range: r,
            style: em,
        };
        for (text, spans) in [
            ("a b c", vec![span(0..1), span(2..2), span(2..5)]),
            ("a b c", vec![span(1..3)]),
            ("ab", vec![]),
        ] {
            let fast = normalise(&BlockKind::Paragraph, text, spans.clone());
            let slow = collapse_with_spans(text, &spans);
            assert_eq!((fast.0.into_owned(), fast.1), slow, "{text:?}");
        }
        let fast = normalise(&BlockKind::Code, "x\n\n  y", Vec::new());
        assert_eq!(fast.0, tidy_lines("x\n\n  y", &[]).0);
    }

    #[test]
    fn definitions_are_found_anywhere() {
        for text in [
            "Text.\n\n[a]: https://example.org",
            "Text.\n\n   [a]: <x>",
            "> [a]: x",
            "- [^1]: A note.",
            "1. > [a]: x",
            "[a\nb]: x",
        ] {
            assert!(may_define_references(text), "{text:?}");
        }
        for text in [
            "No brackets at all.",
            "    for k in d[key]: pass",
            "See [this]: it is a link, not a definition.",
            "[a] : x",
        ] {
            assert!(!may_define_references(text), "{text:?}");
        }
        // Across the scan's 64 KB blocks.
        let mut text = "x".repeat(64 * 1024 - 3);
        text.push_str("\n[a]: x");
        assert!(may_define_references(&text));
    }

    fn body_of(text: &str) -> &str {
        split_front_matter(text).1
    }

    /// A long Markdown article: front matter, a title, a byline, sections of paragraphs,
    /// lists, quotes and fenced code with blank lines and lines that look like paragraphs.
    fn long_markdown(sections: usize) -> String {
        let mut text =
            String::from("---\ntitle: The Keeper\nlang: en\n---\n\n# The Keeper\n\nBy Ann Lee\n\n");
        for i in 0..sections {
            text.push_str(&format!("## Section {i}\n\nSome *emphasis* and a [link](https://example.org/{i}), then\n**strong** text and `code` go on for a while in this paragraph.\n\n"));
            text.push_str("- one item\n\n  continued here\n- two\n\n> A quote\n>\n> goes on\n\n");
            text.push_str("```\nfn main() {\n\nLooks like a paragraph\n}\n```\n\n");
            text.push_str("<script>\n\nNot text\n</script>\n\nAfter the script.\n\n");
        }
        text
    }

    #[test]
    fn the_beginning_is_the_start_of_the_whole() {
        let text = long_markdown(200);
        let full = parse(&text);
        let mut seen = 0;
        for min in (100..20_000).step_by(373) {
            let Some(prefix) = parse_prefix(&text, min) else {
                continue;
            };
            seen += 1;
            let n = prefix.blocks.len();
            assert!(n > 0 && n < full.blocks.len());
            assert_eq!(prefix.blocks[..], full.blocks[..n], "{min}");
            assert!(full.text.starts_with(&prefix.text), "{min}");
            assert_eq!(prefix.meta.title, full.meta.title);
            assert_eq!(prefix.meta.author, full.meta.author);
            assert_eq!(prefix.meta.language, full.meta.language);
            assert_eq!(
                prefix.meta.links[..],
                full.meta.links[..prefix.meta.links.len()]
            );
        }
        assert!(seen > 40, "{seen}");
    }

    #[test]
    fn no_beginning_with_definitions_or_without_a_cut() {
        let text = long_markdown(50);
        assert!(parse_prefix(&text, 2000).is_some());
        assert!(parse_prefix(&format!("{text}\n[x]: https://example.org\n"), 2000).is_none());
        // All in one fenced code block: no top-level block starts after a blank line.
        let fenced = format!("```\n{}```\n", "line\n\nText\n".repeat(2000));
        assert!(parse_prefix(&fenced, 2000).is_none());
        // Only a title, then the cut: the byline might follow.
        let text = format!("# T\n\nBy Ann Lee\n\n{}", "Text. ".repeat(100));
        assert_eq!(candidate_cut(body_of(&text), 5, 10), Some(5));
        assert!(parse_prefix(&text, 5).is_none());
        let text = format!("# T\n\nBy Ann Lee\n\nText.\n\n{}", "Text. ".repeat(100));
        assert_eq!(parse_prefix(&text, 17).map(|d| d.blocks.len()), Some(2));
        assert!(parse_prefix("# Short", 10).is_none());
    }
}
