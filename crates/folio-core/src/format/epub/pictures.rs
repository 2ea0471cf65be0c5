//! Which pages of a book are pictures: a quick look at a content document's raw markup for
//! text outside its images, and for the images themselves (`<img>`, SVG `<image>`) with their
//! alt text and file name.
//!
//! Kept apart from the chapter converter ([`super::xhtml`]) on purpose: whatever the converter
//! makes of an image (nothing, its alt text, a placeholder), a page is a picture page when its
//! markup has pictures and no text of its own, so a comic or a scanned book is recognised the
//! same way. Text inside SVG (`<text>`) is text: such a page is not a picture. Nothing here
//! fails: malformed markup is read as well as it can be.

use super::xhtml::tag_end;
use crate::decode::sanitize_line;
use crate::format::{find_ascii_ci, unescape};

/// Elements whose content is not text on the page.
const HIDDEN: &[&str] = &["head", "title", "script", "style", "template", "noscript"];

/// What the markup holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Some visible text outside the images (not only whitespace).
    pub has_text: bool,
    pub pictures: Vec<Picture>,
}

/// One image: its alt text when it has one, and its file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub alt: Option<String>,
    pub file: String,
}

impl Picture {
    /// The picture as a line of the book: its alt text, else its file name in brackets.
    pub fn description(&self) -> String {
        match &self.alt {
            Some(alt) => alt.clone(),
            None => format!("[{}]", self.file),
        }
    }
}

/// The last path segment of a reference (`../images/p01.jpg?x#y` -> `p01.jpg`), sanitised.
pub fn file_name(reference: &str) -> String {
    let path = reference.split(['#', '?']).next().unwrap_or("");
    let name = path.rsplit(['/', '\\']).next().unwrap_or("");
    let name = if name.is_empty() { "image" } else { name };
    sanitize_line(name)
}

/// Looks at a content document's markup (from its `<body>` when it has one).
pub fn scan(markup: &str) -> Scan {
    let mut out = Scan::default();
    let mut hidden = 0usize;
    let mut rest = find_ascii_ci(markup, "<body").map_or(markup, |i| &markup[i..]);
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        if hidden == 0 && !out.has_text {
            out.has_text = is_text(&rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
        } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            out.has_text |= hidden == 0 && !after[..end].trim().is_empty();
            rest = after.get(end + 3..).unwrap_or("");
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
        } else if !rest.is_empty() {
            let end = tag_end(rest);
            let tag = &rest[1..end];
            rest = rest.get(end + 1..).unwrap_or("");
            tag_seen(tag, &mut hidden, &mut out);
        }
    }
    out
}

/// Text that is more than whitespace once its references are read (`&#160;` is a space).
fn is_text(s: &str) -> bool {
    !s.trim().is_empty() && unescape(s).chars().any(|c| !c.is_whitespace())
}

/// Follows hidden elements, and takes images.
fn tag_seen(tag: &str, hidden: &mut usize, out: &mut Scan) {
    let (closing, body) = match tag.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, tag),
    };
    let name_end = body
        .find(|ch: char| ch.is_whitespace() || ch == '/' || ch == '>')
        .unwrap_or(body.len());
    let full = body[..name_end].to_ascii_lowercase();
    let name = full.rsplit(':').next().unwrap_or("");
    if HIDDEN.contains(&name) {
        let self_closing = body.trim_end().ends_with('/');
        if closing {
            *hidden = hidden.saturating_sub(1);
        } else if !self_closing {
            *hidden += 1;
        }
        return;
    }
    if closing || *hidden > 0 || !matches!(name, "img" | "image") {
        return;
    }
    let attrs = &body[name_end..];
    let source = attribute(attrs, "src")
        .or_else(|| attribute(attrs, "xlink:href"))
        .or_else(|| attribute(attrs, "href"))
        .unwrap_or_default();
    let alt = attribute(attrs, "alt")
        .map(|a| sanitize_line(a.split_whitespace().collect::<Vec<_>>().join(" ").as_str()))
        .filter(|a| !a.is_empty());
    out.pictures.push(Picture {
        alt,
        file: file_name(&source),
    });
}

/// The value of attribute `want` (its full name, prefix included) in a tag's attribute text:
/// the converter's reading.
fn attribute(attrs: &str, want: &str) -> Option<String> {
    super::xhtml::attribute(attrs, want)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_images_is_pictures_and_their_alts_and_names_are_taken() {
        let s = scan(
            "<html><head><title>Page 1</title><style>p{}</style></head><body>\
             <div><img src='../images/p01.jpg' alt='  Two   cats\nwave '/></div>\
             <p>&#160; <img src=\"p02.png?v=2\" alt=\"\"/></p>\
             <svg><image width='10' xlink:href='img/p03.jpg'/></svg></body></html>",
        );
        assert!(!s.has_text, "{s:?}");
        let got: Vec<String> = s.pictures.iter().map(Picture::description).collect();
        assert_eq!(got, ["Two cats wave", "[p02.png]", "[p03.jpg]"]);
    }

    #[test]
    fn text_anywhere_in_the_body_is_text() {
        for page in [
            "<body><p>Once upon a time</p><img src='a.jpg'/></body>",
            "<body><svg><text x='1'>Hello</text></svg></body>",
            "<body><p>&amp;</p></body>",
            "<body><![CDATA[x]]></body>",
            "plain words",
        ] {
            assert!(scan(page).has_text, "{page}");
        }
        for page in [
            "<body><!-- a comment --><script>var x = 1;</script></body>",
            "<html><head><title>Only a title</title></head><body/></html>",
            "<svg xmlns='http://www.w3.org/2000/svg'><title>t</title><rect/></svg>",
            "",
            "<",
            "<img src='",
        ] {
            assert!(!scan(page).has_text, "{page}");
        }
    }

    #[test]
    fn file_names_are_the_last_segment() {
        assert_eq!(file_name("../images/p01.jpg#x"), "p01.jpg");
        assert_eq!(file_name("a\\b.png"), "b.png");
        assert_eq!(file_name(""), "image");
        assert_eq!(file_name("dir/"), "image");
    }
}
