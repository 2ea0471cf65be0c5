//! Markdown export: one note per article that reads well in Obsidian and Logseq as pasted.
//!
//! ```text
//! # Title
//!
//! Author: …\
//! Source: `/path/to/article.md`\
//! Read: 56%\                     (how far the reader got, as the status line said)
//! Exported: 2024-05-01 12:00 UTC
//!
//! ## Highlights
//!
//! ### Section heading            (when the article has sections; orphans get their own)
//!
//! > quote, one "> " line per line of the text, line breaks kept as hard breaks (\)
//! >
//! > — Speaker                    (a highlight made from a quotation whose speaker is known)
//!
//! **Note:** the note
//!
//! — 12% · Section heading        (or "(not found in the current text)", "(location unknown)")
//!
//! ## Bookmarks
//!
//! - **Label** · 34% · Section · “first words of the page…”
//! ```
//!
//! Escaping, so that text renders literally and never makes structure: every line of a quote or
//! note starts with `> ` (quotes) or is plain paragraph text (notes); the characters
//! ``\ ` * _ [ ] < > # | ~ $ & = ^ { }`` are backslash-escaped wherever they are (emphasis,
//! code, links, HTML, entities, headings, tables, strikethrough, math, Obsidian `==`/`^`/`#tag`,
//! fences of backticks or tildes, setext underlines); `-`, `+` and `:` at the start of a line
//! and the `.`/`)` after a leading number (list items, thematic breaks, definitions); `:`, `%`
//! `(` and `)` when doubled (Logseq `key:: value` and `((refs))`, Obsidian `%%comments%%`). A
//! leading space and a trailing space of a line are written `&#32;`, so indentation never makes
//! a code block and no space is lost. Paths are code spans (literal by nature).

use super::{Item, ORPHANED, Place, Prepared, dates};
use crate::record::Timestamp;

pub(crate) fn write(articles: &[Prepared], now: Timestamp) -> String {
    let mut out = String::new();
    for (i, a) in articles.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        article(&mut out, a, now);
    }
    out
}

fn article(out: &mut String, a: &Prepared, now: Timestamp) {
    out.push_str("# ");
    out.push_str(&escape_line(&a.title));
    out.push_str("\n\n");
    let mut meta = Vec::new();
    if let Some(author) = &a.author {
        meta.push(format!("Author: {}", escape_line(author)));
    }
    if let Some(path) = &a.path {
        meta.push(format!("Source: {}", code_span(path)));
    }
    if let Some(p) = a.progress {
        meta.push(format!("Read: {p}%"));
    }
    let date = dates::human(now);
    meta.push(format!("Exported: {}", escape_line(&date)));
    out.push_str(&meta.join("\\\n"));
    out.push('\n');

    if !a.highlights.is_empty() {
        out.push_str("\n## Highlights\n");
        let mut section: Option<&str> = None;
        let mut orphans = false;
        for h in &a.highlights {
            match &h.place {
                Place::Found {
                    section: Some(s), ..
                } if section != Some(s.as_str()) => {
                    out.push_str(&format!("\n### {}\n", escape_line(s)));
                    section = Some(s);
                }
                Place::Orphan if !orphans => {
                    out.push_str("\n### Not found in the current text\n");
                    orphans = true;
                }
                _ => {}
            }
            out.push('\n');
            lines(out, &h.text, "> ", "");
            if let Some(speaker) = &h.attribution {
                out.push_str(">\n");
                out.push_str(&format!("> — {}\n", escape_line(speaker)));
            }
            if !h.note.is_empty() {
                out.push('\n');
                lines(out, &h.note, "", "**Note:** ");
            }
            out.push_str(&format!("\n— {}\n", location(h)));
        }
    }

    if !a.bookmarks.is_empty() {
        out.push_str("\n## Bookmarks\n\n");
        for b in &a.bookmarks {
            let mut parts = Vec::new();
            if !b.note.is_empty() {
                parts.push(format!("**{}**", escape_line(&b.note)));
            }
            parts.push(location(b));
            if !b.lead.is_empty() {
                parts.push(format!("“{}”", escape_line(&b.lead)));
            }
            out.push_str(&format!("- {}\n", parts.join(" · ")));
        }
    }
}

/// "12% · Section", "(not found in the current text)" or "(location unknown)", escaped.
fn location(item: &Item) -> String {
    match &item.place {
        Place::Found {
            percent,
            section: Some(s),
        } => format!("{percent}% · {}", escape_line(s)),
        Place::Found { percent, .. } => format!("{percent}%"),
        Place::Orphan => format!("({ORPHANED})"),
        Place::Unknown => "(location unknown)".to_string(),
    }
}

/// Writes `text` line by line, each line after `prefix` (`"> "` for a quote; a blank line
/// gets the prefix without its space), the first after `lead` too. Consecutive lines are joined
/// by a hard break (a trailing backslash); blank lines separate paragraphs.
fn lines(out: &mut String, text: &str, prefix: &str, lead: &str) {
    let text = text.trim_matches('\n');
    let all: Vec<&str> = text.split('\n').collect();
    for (i, line) in all.iter().enumerate() {
        if line.is_empty() && (i > 0 || lead.is_empty()) {
            out.push_str(prefix.trim_end());
            out.push('\n');
            continue;
        }
        out.push_str(prefix);
        if i == 0 {
            out.push_str(lead);
        }
        out.push_str(&escape_line(line));
        if all.get(i + 1).is_some_and(|next| !next.is_empty()) {
            out.push('\\');
        }
        out.push('\n');
    }
}

/// Characters escaped wherever they are.
fn always(c: char) -> bool {
    matches!(
        c,
        '\\' | '`'
            | '*'
            | '_'
            | '['
            | ']'
            | '<'
            | '>'
            | '#'
            | '|'
            | '~'
            | '$'
            | '&'
            | '='
            | '^'
            | '{'
            | '}'
    )
}

/// Escapes one line (no `\n`) so that, at the start of a Markdown line or after other inline
/// text, it renders as exactly these characters and starts no block structure.
pub(crate) fn escape_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let n = chars.len();
    let indent = chars.iter().take_while(|&&c| c == ' ').count();
    let digits = chars
        .iter()
        .skip(indent)
        .take_while(|c| c.is_ascii_digit())
        .count();
    let number_mark = (digits > 0 && matches!(chars.get(indent + digits), Some('.' | ')')))
        .then_some(indent + digits);
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j));
        let next = chars.get(i + 1);
        if c == ' ' && (i == 0 || i + 1 == n) {
            out.push_str("&#32;");
            continue;
        }
        let doubled = matches!(c, ':' | '%' | '(' | ')') && (prev == Some(&c) || next == Some(&c));
        let starts = i == indent && matches!(c, '-' | '+' | ':');
        if always(c) || doubled || starts || number_mark == Some(i) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span holding `s` literally: a fence longer than any run of backticks inside, padded
/// with a space where the content would otherwise lose or merge one.
fn code_span(s: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && !s.trim().is_empty());
    if pad {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}
