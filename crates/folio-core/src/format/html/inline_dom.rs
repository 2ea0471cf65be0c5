//! The DOM side of [`crate::format::inline`] for web pages: turning a DOM element into the
//! shared [`Element`] tree, and a pass over the page before Readability runs.
//!
//! Readability removes what the reader needs here: hidden elements (MediaWiki hides its
//! MathML and shows an image whose `alt` is TeX), `<object>`s (with their fallback content),
//! classes and styles (so a floated line number could no longer be told from the verse). So
//! before extraction: each `<math>` becomes its linearised text (a `<div>` for display math)
//! and its fallback image goes (the equation shows once); a TeX image loses `aria-hidden`; an
//! `<object>` with content is replaced by its content; a line number gets
//! [`LINE_NUMBER_ATTR`], which Readability keeps. Must not depend on ratatui or crossterm.

use dom_query::NodeRef;

use crate::format::inline::{self, Element, MAX_TREE_DEPTH, Node, math};

/// Marks an element holding a floated line number (set before extraction).
pub(super) const LINE_NUMBER_ATTR: &str = "data-folio-line-number";

/// The pass before Readability (see the module doc).
pub(super) fn prepare(dom: &dom_query::Document) {
    if let Some(found) = dom.try_select("math") {
        for m in found.nodes() {
            if !m.ancestors_it(None).any(|a| a.has_name("math")) {
                replace_math(m);
            }
        }
    }
    if let Some(found) = dom.try_select("img[alt]") {
        for img in found.nodes() {
            if img
                .attr("alt")
                .is_some_and(|a| inline::tex_alt(&a).is_some())
            {
                img.remove_attr("aria-hidden");
            }
        }
    }
    if let Some(found) = dom.try_select("object") {
        for obj in found.nodes().iter().rev() {
            unwrap_object(obj);
        }
    }
    if let Some(found) = dom.try_select("[class], [style]") {
        for n in found.nodes() {
            let class = n.attr("class");
            let style = n.attr("style");
            if inline::is_line_number(class.as_deref(), style.as_deref(), &n.text()) {
                n.set_attr(LINE_NUMBER_ATTR, "");
            }
        }
    }
}

/// `node` and its subtree as an [`Element`]; below [`MAX_TREE_DEPTH`] elements are their text.
pub(super) fn element(node: &NodeRef<'_>) -> Element {
    build(node, 0)
}

fn build(node: &NodeRef<'_>, depth: usize) -> Element {
    let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
    let attrs = node
        .attrs()
        .iter()
        .map(|a| (a.name.local.to_string(), a.value.to_string()))
        .collect();
    let mut el = Element::new(&name, attrs);
    // Text as the page has it: without the padding that weighs CJK text for extraction.
    let text = |n: &NodeRef<'_>| super::cjk::unpad(&n.text()).into_owned();
    for child in node.children() {
        if child.is_text() {
            el.children.push(Node::Text(text(&child)));
        } else if child.is_element() {
            if depth + 1 >= MAX_TREE_DEPTH {
                el.children.push(Node::Text(text(&child)));
            } else {
                el.children.push(Node::Element(build(&child, depth + 1)));
            }
        }
    }
    el
}

/// A `<math>` replaced by its text; its fallback image removed and the wrappers that hid it
/// shown. Left alone when it holds nothing readable (the fallback image then speaks).
fn replace_math(m: &NodeRef<'_>) {
    let Some(lin) = math::linearise(&element(m)) else {
        return;
    };
    // Climb the wrappers that hold only this equation (at most three), removing an equation
    // image beside each and showing what hid it.
    let own_text = m.text().trim().to_string();
    let mut cur = *m;
    let mut removed = false;
    for _ in 0..3 {
        removed = removed || remove_fallback_images(&cur);
        unhide(&cur);
        match cur.parent() {
            Some(p) if p.is_element() && p.text().trim() == own_text && !is_block_frame(&p) => {
                cur = p;
            }
            _ => break,
        }
    }
    let text = html_escape::encode_text(&lin.text).to_string();
    if lin.display {
        m.before_html(format!("<div>{text}</div>"));
    } else {
        m.before_html(format!("<span>{text}</span>"));
    }
    m.remove_from_parent();
}

fn is_block_frame(n: &NodeRef<'_>) -> bool {
    [
        "p", "div", "body", "html", "td", "li", "dd", "section", "article",
    ]
    .iter()
    .any(|t| n.has_name(t))
}

/// Removes equation images next to `n` (an image with TeX alt text or a class naming math);
/// whether there was one.
fn remove_fallback_images(n: &NodeRef<'_>) -> bool {
    let mut removed = false;
    let is_fallback = |s: &NodeRef<'_>| {
        s.has_name("img")
            && (s.attr("alt").is_some_and(|a| inline::tex_alt(&a).is_some())
                || s.class()
                    .is_some_and(|c| c.to_ascii_lowercase().contains("math")))
    };
    for sibling in [n.next_element_sibling(), n.prev_element_sibling()]
        .into_iter()
        .flatten()
    {
        if is_fallback(&sibling) {
            sibling.remove_from_parent();
            removed = true;
        }
    }
    removed
}

fn unhide(n: &NodeRef<'_>) {
    n.remove_attr("hidden");
    n.remove_attr("aria-hidden");
    if n.attr("style").is_some_and(|s| {
        let s: String = s
            .split_whitespace()
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none")
    }) {
        n.remove_attr("style");
    }
}

/// An `<object>` with fallback content is replaced by that content (its `<param>`s dropped).
fn unwrap_object(obj: &NodeRef<'_>) {
    for child in obj.element_children() {
        if child.has_name("param") {
            child.remove_from_parent();
        }
    }
    let has_content = obj
        .children()
        .iter()
        .any(|c| c.is_element() || (c.is_text() && !c.text().trim().is_empty()));
    if has_content {
        obj.unwrap_node();
    }
}
