//! Weighing CJK text as Readability weighs Latin text: a reversible padding of the page that
//! extraction reads, taken out again from every text the converter sees.
//!
//! Readability scores an element by its commas and its length in characters, and drops a
//! section with fewer than ten ASCII commas when it holds a few links. A Chinese or Japanese
//! sentence says in 30 characters what an English one says in 100, and its commas are `，` and
//! `、`; so CJK articles scored too low and lost sections (or all of it) to a sidebar. Before
//! Readability runs, every text node of the page's copy gets, after each CJK character, two
//! [`PAD`]s (one after a Hangul syllable, written with spaces between words), and after each
//! CJK comma a [`COMMA_MARK`] and an ASCII comma. Both are Unicode noncharacters, never in
//! text a person writes; a page that holds either is not padded. [`unpad`] removes them all.
//!
//! This module must not depend on ratatui or crossterm.

use std::borrow::Cow;

use dom_query::NodeData;

use crate::format::is_cjk;

/// Weight added after CJK characters: deleted alone by [`unpad`].
pub(super) const PAD: char = '\u{FDD0}';
/// Marks the ASCII comma after it as added: both are deleted by [`unpad`].
pub(super) const COMMA_MARK: char = '\u{FDD1}';

/// Whether a page (as text, before parsing) is worth padding: it holds CJK text and none of
/// the padding characters.
pub(super) fn needs_padding(html: &str) -> bool {
    !html.contains([PAD, COMMA_MARK]) && html.chars().any(|c| is_cjk(c) || is_hangul(c))
}

/// Pads every text node under `<body>` of `dom` (see the module docs).
pub(super) fn pad(dom: &dom_query::Document) {
    let Some(body) = dom.body() else { return };
    // Collected first: the iterator borrows the tree that `update` changes.
    for node in body.descendants() {
        if !node.is_text() {
            continue;
        }
        node.update(|n| {
            if let NodeData::Text { contents } = &mut n.data
                && let Cow::Owned(padded) = padded(contents)
            {
                *contents = padded.into();
            }
        });
    }
}

/// `text` with the padding added; borrowed when it holds no CJK.
fn padded(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_cjk(c) || is_hangul(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        out.push(c);
        if is_cjk_comma(c) {
            out.push(COMMA_MARK);
            out.push(',');
        } else if is_cjk(c) {
            out.push(PAD);
            out.push(PAD);
        } else if is_hangul(c) {
            out.push(PAD);
        }
    }
    Cow::Owned(out)
}

/// `text` without the padding [`pad`] added; borrowed (no copy) when there is none.
pub(super) fn unpad(text: &str) -> Cow<'_, str> {
    if !text.contains([PAD, COMMA_MARK]) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            PAD => {}
            COMMA_MARK => {
                chars.next_if_eq(&',');
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_cjk_comma(c: char) -> bool {
    matches!(c, '，' | '、' | '﹐' | '﹑' | '､')
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_comes_out_whole() {
        let text = "灯塔把一次运行分成三个阶段：读取、整理，和发送, then ASCII, 한국어 텍스트.";
        let weighed = padded(text);
        assert!(weighed.chars().count() > 2 * text.chars().count());
        assert_eq!(weighed.matches(',').count(), 2 + 2);
        assert_eq!(unpad(&weighed), text);
        assert!(matches!(padded("plain, text"), Cow::Borrowed(_)));
        assert!(matches!(unpad("plain, text"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_page_with_padding_characters_is_not_padded() {
        assert!(needs_padding("<p>中文</p>"));
        assert!(!needs_padding("<p>中文\u{FDD0}</p>"));
        assert!(!needs_padding("<p>Latin only, commas and all.</p>"));
    }

    #[test]
    fn pad_touches_only_the_body() {
        let dom = dom_query::Document::from(
            "<html><head><title>标题</title></head><body><p>正文，内容</p></body></html>",
        );
        pad(&dom);
        assert_eq!(dom.select("title").text().as_ref(), "标题");
        let body = dom.select("p").text();
        assert!(body.contains(PAD) && body.contains(COMMA_MARK));
        assert_eq!(unpad(&body), "正文，内容");
    }
}
