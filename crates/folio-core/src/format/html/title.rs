//! The site's name taken out of a page's title: `Functional Programming HOWTO — Python 3.11.2
//! documentation` is `Functional Programming HOWTO` when the page says elsewhere that the
//! second part is its site.
//!
//! A title is split only at a separator with a space on each side ([`SEPARATORS`]), so
//! `Spider-Man` and `2024–25` never are. The part after the last separator (or before the
//! first) is dropped when it is the site's name (`og:site_name`), the text of a link to the
//! site's home page, or when the rest is the page's `h1`; nothing is dropped otherwise, so a
//! real title with a dash stays whole. Must not depend on ratatui or crossterm.

use dom_query::NodeRef;

use super::same_text;

/// Separators between a page's title and its site's name.
pub(super) const SEPARATORS: [&str; 6] = [" — ", " – ", " - ", " | ", " · ", " :: "];

/// Names the page gives itself besides the title: its `h1`s and the texts of links to its
/// home page. Gathered before boilerplate (where the home link lives) is removed.
#[derive(Debug, Default)]
pub(super) struct Labels {
    /// Texts of links to the home page: names of the site.
    home: Vec<String>,
    /// Texts of `h1`s: names of the page.
    headings: Vec<String>,
}

/// At most this many labels are kept (a page of a thousand home links needs one).
const MAX_LABELS: usize = 64;
/// A label longer than this is not a name.
const MAX_LABEL_CHARS: usize = 200;

impl Labels {
    /// The labels of `dom`, gathered only when its `<title>` has a separator to cut at.
    pub(super) fn of(dom: &dom_query::Document) -> Labels {
        let mut labels = Labels::default();
        let title = dom.try_select("head title").map(|t| t.text());
        if !title.is_some_and(|t| SEPARATORS.iter().any(|s| t.contains(s))) {
            return labels;
        }
        let Some(found) = dom.try_select("h1, a[href]") else {
            return labels;
        };
        for node in found.nodes() {
            let list = if node.has_name("h1") {
                &mut labels.headings
            } else if is_home_link(node) {
                &mut labels.home
            } else {
                continue;
            };
            let text = label_text(&node.text());
            if list.len() < MAX_LABELS
                && !text.is_empty()
                && text.chars().count() <= MAX_LABEL_CHARS
            {
                list.push(text);
            }
        }
        labels
    }

    fn names_site(&self, text: &str) -> bool {
        self.home.iter().any(|n| same_text(n, text))
    }

    fn names_page(&self, text: &str) -> bool {
        self.headings.iter().any(|n| same_text(n, text))
    }
}

/// A heading's or link's text without a trailing permalink mark (`Intro¶`).
fn label_text(text: &str) -> String {
    let text = text.trim().trim_end_matches(['¶', '§', '#', '🔗']);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A link to the site's home: `/`, `./`, `index.html`, `../index.html`, `https://host/`.
fn is_home_link(node: &NodeRef<'_>) -> bool {
    let Some(href) = node.attr("href") else {
        return false;
    };
    let href = href.trim();
    let path = match href.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => href,
    };
    let path = path.trim_start_matches("../").trim_start_matches("./");
    matches!(
        path,
        "" | "/" | "index.html" | "index.htm" | "/index.html" | "/index.htm"
    ) && !href.is_empty()
}

/// `title` without the site's name, when the page shows which part that is (see the module
/// docs); `title` as it is otherwise.
pub(super) fn without_site(title: &str, site: Option<&str>, labels: &Labels) -> String {
    let is_site = |part: &str| site.is_some_and(|s| same_text(s, part)) || labels.names_site(part);
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && !head.trim().is_empty()
            && (is_site(tail) || labels.names_page(head))
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(sep)
            && !tail.trim().is_empty()
            && (is_site(head) || labels.names_page(tail))
        {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(html: &str) -> Labels {
        Labels::of(&dom_query::Document::from(html))
    }

    #[test]
    fn the_site_part_goes_when_the_page_names_it() {
        let none = Labels::default();
        let title = "Functional Programming HOWTO — Python 3.11.2 documentation";
        let site = Some("Python 3.11.2 documentation");
        assert_eq!(
            without_site(title, site, &none),
            "Functional Programming HOWTO"
        );
        // The home link says it, or the h1 does.
        let page = format!(
            "<title>{title}</title><a href=\"../index.html\">Python 3.11.2 documentation</a>"
        );
        assert_eq!(
            without_site(title, None, &labels(&page)),
            "Functional Programming HOWTO"
        );
        let page = format!("<title>{title}</title><h1>Functional Programming HOWTO¶</h1>");
        assert_eq!(
            without_site(title, None, &labels(&page)),
            "Functional Programming HOWTO"
        );
        // The site first.
        assert_eq!(
            without_site(
                "The Coastal Ledger | Tide mill rebuilt",
                Some("The Coastal Ledger"),
                &none
            ),
            "Tide mill rebuilt"
        );
    }

    #[test]
    fn a_title_with_a_dash_stays_whole_when_nothing_matches() {
        let none = Labels::default();
        for title in [
            "Spider-Man - a review of the first film",
            "Rust 2024 – what changed",
            "Paris — London by train",
            "2024–25 season",
        ] {
            assert_eq!(without_site(title, Some("Film Notes"), &none), title);
        }
        // The h1 is the page's name, not the site's.
        let page = "<title>Tide Notes — Spring tides</title><h1>Spring tides</h1>";
        assert_eq!(
            without_site("Tide Notes — Spring tides", None, &labels(page)),
            "Spring tides"
        );
        // A link to another page with the same words is not the home page.
        let page = "<title>Paris — London by train</title><a href=\"/trains\">London by train</a>";
        assert_eq!(
            without_site("Paris — London by train", None, &labels(page)),
            "Paris — London by train"
        );
    }
}
