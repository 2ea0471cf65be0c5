//! Cheap byte-level looks at HTML source, before (or instead of) a real parse: the declared
//! charset, content sniffing, and capping tag nesting so that the HTML parser and Readability
//! never see absurdly deep trees.

use std::borrow::Cow;
use std::collections::HashMap;

/// How much of the start of the bytes [`charset`] looks at.
pub const CHARSET_SCAN: usize = 2048;
/// How much of the start of the text [`looks_like_html`] looks at.
const SNIFF: usize = 1024;

/// The label of the `<meta charset>` (or `http-equiv="content-type"` `content="…;charset=…"`)
/// in the first [`CHARSET_SCAN`] bytes, as written (trimmed of quotes and spaces).
pub fn charset(bytes: &[u8]) -> Option<String> {
    let head = bytes
        .get(..bytes.len().min(CHARSET_SCAN))
        .unwrap_or_default();
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower, b"<meta", from) {
        let Some(tag) = tag_at(&lower, i) else { break };
        from = tag.end;
        let attrs = attributes(head, tag.attrs.clone());
        if let Some(label) = attrs.iter().find(|(n, _)| n == "charset").map(|(_, v)| v) {
            let label = label.trim();
            if !label.is_empty() {
                return Some(label.to_string());
            }
        }
        let http_equiv = attrs
            .iter()
            .any(|(n, v)| n == "http-equiv" && v.trim().eq_ignore_ascii_case("content-type"));
        if http_equiv {
            let content = attrs.iter().find(|(n, _)| n == "content").map(|(_, v)| v);
            if let Some(label) = content.and_then(|c| charset_in_content(c)) {
                return Some(label);
            }
        }
    }
    None
}

/// The `charset=` parameter of a content-type value.
fn charset_in_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content.get(at + "charset".len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '"' | '\''))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// Content sniffing: the text (after a BOM, white space and comments) starts with markup, and
/// one of `<!doctype html`, `<html`, `<head`, `<body`, `<article`, `<p>` appears in its first KB.
pub fn looks_like_html(text: &str) -> bool {
    let mut end = text.len().min(SNIFF);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text.get(..end).unwrap_or("").to_ascii_lowercase();
    let mut rest = head.trim_start_matches('\u{feff}').trim_start();
    while let Some(after) = rest.strip_prefix("<!--") {
        rest = match after.find("-->") {
            Some(i) => after.get(i + 3..).unwrap_or("").trim_start(),
            None => "",
        };
    }
    if !rest.starts_with('<') {
        return false;
    }
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<article",
        "<p>",
    ]
    .iter()
    .any(|t| rest.contains(t))
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| i + from)
}

/// A tag found by [`tag_at`]: its name (lower case), where its attributes are and where it ends.
struct Tag {
    name: Vec<u8>,
    attrs: std::ops::Range<usize>,
    end: usize,
    self_closing: bool,
}

/// The start or end tag that begins at `at` (`<name …>` or `</name …>`), if there is one.
/// Quoted attribute values may hold `>`. An unclosed tag runs to the end.
fn tag_at(bytes: &[u8], at: usize) -> Option<Tag> {
    let mut i = at + 1;
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_whitespace() || b == b'/' || b == b'>' {
            break;
        }
        i += 1;
    }
    let name = bytes.get(name_start..i)?.to_ascii_lowercase();
    let attrs_start = i;
    let mut quote: Option<u8> = None;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => {
                // Only a quote right after `=` (and spaces) opens a value.
                let before = bytes.get(attrs_start..i).unwrap_or_default();
                if before.trim_ascii_end().ends_with(b"=") {
                    quote = Some(b);
                }
            }
            None if b == b'>' => {
                let self_closing = i > attrs_start && bytes.get(i - 1) == Some(&b'/');
                return Some(Tag {
                    name,
                    attrs: attrs_start..i,
                    end: i + 1,
                    self_closing,
                });
            }
            None => {}
        }
        i += 1;
    }
    Some(Tag {
        name,
        attrs: attrs_start..bytes.len(),
        end: bytes.len(),
        self_closing: false,
    })
}

/// The attributes in `bytes[range]`: lower-case names and values (quotes removed).
fn attributes(bytes: &[u8], range: std::ops::Range<usize>) -> Vec<(String, String)> {
    let s = String::from_utf8_lossy(bytes.get(range).unwrap_or_default()).into_owned();
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    loop {
        while chars
            .peek()
            .is_some_and(|(_, c)| c.is_whitespace() || *c == '/')
        {
            chars.next();
        }
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let mut end = s.len();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '/' {
                end = i;
                break;
            }
            chars.next();
        }
        let name = s.get(start..end).unwrap_or("").to_ascii_lowercase();
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek().is_some_and(|(_, c)| *c == '=') {
            chars.next();
            while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                chars.next();
            }
            match chars.peek().map(|&(_, c)| c) {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for (_, c) in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// Elements that never have children.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];
/// Elements whose end tag may be left out (the parser closes them itself): not counted, so
/// that a page of unclosed `<p>`s or `<li>`s does not look deep.
const OPTIONAL_END: &[&[u8]] = &[
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"option",
    b"optgroup",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"caption",
    b"rb",
    b"rt",
    b"rtc",
    b"rp",
    b"html",
    b"head",
    b"body",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
];

/// The text with tags nested deeper than `max` removed (their content stays, so it ends up in
/// the element at depth `max`). Borrowed when nothing is that deep, which is the usual case.
///
/// Depth is counted the way a parser would roughly see it: void elements and elements with
/// optional end tags do not count, an end tag closes the innermost open element of its name
/// (and whatever is open inside it), a stray end tag is ignored, comments and raw-text
/// elements (`<script>`, `<style>`, …) are skipped. Dropped start tags are remembered by name
/// so their end tags are dropped too. Linear in the text (times `max` at worst per tag).
pub fn cap_nesting(text: &str, max: usize) -> Cow<'_, str> {
    if !too_deep(text, max) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    walk_tags(text, max, |range, keep| {
        if keep {
            out.push_str(text.get(range).unwrap_or(""));
        }
    });
    Cow::Owned(out)
}

fn too_deep(text: &str, max: usize) -> bool {
    let mut deep = false;
    walk_tags(text, max, |_, keep| deep |= !keep);
    deep
}

/// Calls `emit(range, keep)` for consecutive ranges of `text` that cover it; `keep` is false
/// for tags that would nest deeper than `max`.
fn walk_tags(text: &str, max: usize, mut emit: impl FnMut(std::ops::Range<usize>, bool)) {
    let bytes = text.as_bytes();
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut dropped: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut dropped_total = 0usize;
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        let at = i + lt;
        let rest = bytes.get(at..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            i = find(bytes, b"-->", at + 4).map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(bytes, b">", at).map_or(bytes.len(), |e| e + 1);
            continue;
        }
        let Some(tag) = tag_at(bytes, at) else {
            i = at + 1;
            continue;
        };
        let is_end = rest.get(1) == Some(&b'/');
        let name = tag.name.as_slice();
        let mut keep = true;
        if is_end {
            if dropped_total > 0
                && let Some(n) = dropped.get_mut(name)
                && *n > 0
            {
                *n -= 1;
                dropped_total -= 1;
                keep = false;
            } else if let Some(pos) = open.iter().rposition(|n| n == name) {
                open.truncate(pos);
            }
        } else if VOID.contains(&name) || OPTIONAL_END.contains(&name) || tag.self_closing {
            // Not counted.
        } else if open.len() >= max {
            *dropped.entry(name.to_vec()).or_insert(0) += 1;
            dropped_total += 1;
            keep = false;
        } else {
            open.push(name.to_vec());
        }
        if !keep {
            emit(copied..at, true);
            emit(at..tag.end, false);
            copied = tag.end;
        }
        i = tag.end;
        if !is_end && RAW_TEXT.contains(&name) {
            // Skip to this element's end tag (kept as it is; not counted).
            i = raw_text_end(bytes, i, name);
            if let Some(pos) = open.iter().rposition(|n| n == name) {
                open.truncate(pos);
            }
        }
    }
    emit(copied..bytes.len(), true);
}

/// Where the raw text that starts at `from` ends: after `</name…>`, or the end of the text.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(at) = find(bytes, b"</", i) {
        let candidate = bytes.get(at + 2..at + 2 + name.len()).unwrap_or_default();
        if candidate.eq_ignore_ascii_case(name) {
            return find(bytes, b">", at).map_or(bytes.len(), |e| e + 1);
        }
        i = at + 2;
    }
    bytes.len()
}
