//! EPUB books (EPUB 2 and 3) -> one [`Document`].
//!
//! The archive is read in memory; nothing is extracted to disk. Before any member is
//! decompressed, [`archive::check`] reads the zip's central directory and refuses unsafe
//! member names (`..`, absolute paths, drive letters), more than [`archive::MAX_ENTRIES`]
//! members, a member that would unpack to more than [`archive::MAX_ENTRY_BYTES`], more than
//! [`archive::MAX_TOTAL_BYTES`] in all, or a big member compressed more than
//! [`archive::MAX_RATIO`]:1. The zip reader (through rbook) bounds every member's output to its
//! declared size, and chapters are additionally read through a size-capped writer.
//!
//! The document: the title block and the creator as byline, then for each spine item in
//! order a level-1 heading (the table of contents' label for that file, else the chapter's
//! first heading, else "Chapter N") followed by the chapter's blocks, its own headings
//! below it (its highest level becomes 2). The outline built from headings is therefore the table of contents.
//! Metadata: `dc:title`, the first `dc:creator`, `dc:language`.
//!
//! Books as publishers make them (issue 15; `pages` reads each spine item): a spine item in
//! a foreign format (JSON, an image, anything but XHTML, HTML or SVG) is read as the first
//! item of its manifest `fallback` chain that folio reads (a cycle, or more than
//! `pages::MAX_FALLBACKS` (8) steps, ends the chain), and is never printed raw. An item that
//! cannot be read (not in the manifest, missing from the archive, damaged, not text, a
//! foreign format with no fallback) is skipped and the book opens with the rest, with one
//! notice naming the first three (`NAMED`) skipped and counting the others; only a book of which
//! nothing can be read is refused ([`EpubError::Unreadable`]).
//!
//! A page whose markup has pictures and no text of its own (`pictures`) is a picture page;
//! an image in the spine is one, and so is an SVG drawing with no text. When picture pages are
//! at least as many as pages of text (a comic, a picture book, scanned pages, perhaps with a
//! title or copyright page) each shows its pictures' alt texts, or their file names in
//! brackets, one paragraph each, under its table-of-contents label if it has one, and a notice
//! says the book has only (or mostly) pictures. In a book of text a picture page is left to
//! the chapter converter (a novel's cover is not a chapter). A book with no text and no
//! pictures opens with the notice [`NO_TEXT`].

mod archive;
mod pages;
mod pictures;
mod xhtml;

pub use archive::{MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_RATIO, MAX_TOTAL_BYTES};

use crate::decode::sanitize_line;
use crate::document::{BlockKind, Document, DocumentBuilder, Meta, Span};
use crate::format::inline::ParseOptions;
use pictures::Picture;
use rbook::Epub;
use std::collections::HashMap;
use std::io::Cursor;

/// Why an EPUB could not be read. Messages are for the reader and follow the file name:
/// `folio: 'book.epub' <message>`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EpubError {
    /// Damaged or not an EPUB at all.
    #[error("is not a readable EPUB: {0}")]
    Invalid(String),
    /// Declared or actual sizes beyond the caps.
    #[error("looks like a zip bomb: {0}")]
    ZipBomb(String),
    /// A member name that could escape a folder (`../x`, `/etc/x`, `C:x`).
    #[error("has an unsafe member name '{0}' and was refused")]
    UnsafeName(String),
    #[error("has no META-INF/container.xml (is it an EPUB?)")]
    NoContainer,
    /// Not one spine item could be read: each named with why (as in the notice when some
    /// are skipped).
    #[error("is damaged: none of its chapters could be read: {0}")]
    Unreadable(String),
    #[error("has no chapters (its spine is empty)")]
    Empty,
}

/// rbook's message, made one short sanitised line.
fn rbook_message(e: impl std::fmt::Display) -> String {
    let s = sanitize_line(&e.to_string());
    match s.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// `/OEBPS/c1.xhtml#x` -> `OEBPS/c1.xhtml`, percent-decoded: the zip member name.
fn member_name(href: &rbook::ebook::element::Href<'_>) -> String {
    let decoded = href.decode();
    let path = decoded.split('#').next().unwrap_or("");
    path.trim_start_matches('/').to_string()
}

/// Reads an EPUB from its bytes (in memory, nothing extracted to disk).
pub fn parse(bytes: &[u8]) -> Result<Document, EpubError> {
    parse_with(bytes, ParseOptions::default())
}

/// [`parse`] with the reader's options (how ruby readings show).
pub fn parse_with(bytes: &[u8], options: ParseOptions) -> Result<Document, EpubError> {
    let listing = archive::check(bytes)?;
    if !listing.names.contains("META-INF/container.xml") {
        return Err(EpubError::NoContainer);
    }
    let epub = Epub::options()
        .read(Cursor::new(bytes.to_vec()))
        .map_err(|e| EpubError::Invalid(rbook_message(e)))?;
    if epub.spine().is_empty() {
        return Err(EpubError::Empty);
    }
    let mut reader = pages::Reader::new(&listing, options);
    let mut read = Vec::new();
    let mut skipped = Vec::new();
    for (n, item) in epub.spine().iter().enumerate() {
        match reader.page(&item)? {
            Ok(page) => read.push((n + 1, page)),
            Err(s) => skipped.push(s),
        }
    }
    if read.is_empty() {
        return Err(EpubError::Unreadable(skipped_list(&skipped)));
    }
    let meta = book_meta(&epub);
    let mut b = DocumentBuilder::new(meta.clone());
    b.reserve(usize::try_from(listing.total).unwrap_or(0).min(64 << 20));
    if let Some(title) = &meta.title {
        b.push(BlockKind::Title, title, Vec::new(), 0, None);
    }
    if let Some(author) = &meta.author {
        b.push(BlockKind::Byline, author, Vec::new(), 0, None);
    }
    let labels = toc_labels(&epub);
    let notices = append_pages(&mut b, &read, &labels);
    let mut doc = b.finish();
    if !skipped.is_empty() {
        doc.meta.notices.push(skipped_notice(&skipped));
    }
    doc.meta.notices.extend(notices);
    Ok(doc)
}

/// Appends every page read, as text or as the descriptions of its pictures; returns what the
/// reader should be told about the book as a whole.
fn append_pages(
    b: &mut DocumentBuilder,
    read: &[(usize, pages::Page)],
    labels: &HashMap<String, String>,
) -> Vec<String> {
    // Pages of text: not picture pages, though the converter gives a picture its alt text
    // or file name.
    let text_pages = read
        .iter()
        .filter(|(_, p)| p.pictures.is_none() && has_text(&p.chapter))
        .count();
    let picture_pages: Vec<&[Picture]> = read
        .iter()
        .filter_map(|(_, p)| p.pictures.as_deref())
        .collect();
    // A book of pictures (a comic, a picture book, scanned pages), perhaps with a title or
    // copyright page: its pictures' descriptions stand in for the text it does not have.
    let pictures_shown = !picture_pages.is_empty() && picture_pages.len() >= text_pages;
    for (n, page) in read {
        let label = labels.get(&page.name).map(String::as_str);
        match &page.pictures {
            Some(pictures) if pictures_shown => append_pictures(b, pictures, label),
            // In a book of text, a page of pictures the table of contents does not name (a
            // cover) is left out.
            Some(_) if label.is_none() => {}
            _ => append_chapter(b, &page.chapter, label, *n),
        }
    }
    if pictures_shown {
        vec![pictures_notice(&picture_pages, text_pages)]
    } else if text_pages == 0 {
        vec![NO_TEXT.to_string()]
    } else {
        Vec::new()
    }
}

/// The notice of a book with no text of its own, and no pictures either.
pub const NO_TEXT: &str = "This book has no text.";

/// How many skipped items a notice names before "and N more".
const NAMED: usize = 3;

/// `a.xhtml (missing), b.json (application/json, with no fallback folio reads) and 2 more`.
fn skipped_list(skipped: &[pages::Skipped]) -> String {
    let mut named: Vec<String> = skipped
        .iter()
        .take(NAMED)
        .map(|s| format!("{} ({})", s.name, s.why))
        .collect();
    if skipped.len() > NAMED {
        named.push(format!("and {} more", skipped.len() - NAMED));
    }
    named.join(", ")
}

/// `Skipped 1 chapter that could not be read: OEBPS/ch3.xhtml (missing).`
fn skipped_notice(skipped: &[pages::Skipped]) -> String {
    let n = skipped.len();
    let what = if n == 1 { "chapter" } else { "chapters" };
    format!(
        "Skipped {n} {what} that could not be read: {}.",
        skipped_list(skipped)
    )
}

/// What a picture book shows instead of text, said once.
fn pictures_notice(pages: &[&[Picture]], text_pages: usize) -> String {
    let all = pages.iter().flat_map(|p| p.iter());
    let described = all.clone().filter(|p| p.alt.is_some()).count();
    let total = all.count();
    let shown = if described == total {
        "showing their descriptions"
    } else if described == 0 {
        "showing their file names"
    } else {
        "showing their descriptions or file names"
    };
    let only = if text_pages == 0 { "only" } else { "mostly" };
    format!("This book has {only} pictures: {shown}.")
}

/// Whether a chapter has any text (a rule or an empty block is not text).
fn has_text(chapter: &Document) -> bool {
    chapter
        .blocks
        .iter()
        .any(|bl| !chapter.block_text(bl).trim().is_empty())
}

/// Appends a page of pictures: its table-of-contents label as a chapter heading, if any, then
/// each picture's description (alt text, else file name) as a paragraph.
fn append_pictures(b: &mut DocumentBuilder, pictures: &[Picture], label: Option<&str>) {
    if let Some(label) = label {
        b.push(BlockKind::Heading { level: 1 }, label, Vec::new(), 0, None);
    }
    for picture in pictures {
        b.push(
            BlockKind::Paragraph,
            &picture.description(),
            Vec::new(),
            0,
            None,
        );
    }
}

/// Title, author and language from the package metadata, sanitised.
fn book_meta(epub: &Epub) -> Meta {
    let metadata = epub.metadata();
    let clean = |s: &str| Some(sanitize_line(s.trim())).filter(|s| !s.is_empty());
    Meta {
        title: metadata.title().and_then(|t| clean(t.value())),
        author: metadata.creators().next().and_then(|c| clean(c.value())),
        language: metadata.language().and_then(|l| clean(l.value())),
        encoding: "UTF-8".into(),
        ..Meta::default()
    }
}

/// The first table-of-contents label naming each file.
fn toc_labels(epub: &Epub) -> HashMap<String, String> {
    let mut labels: HashMap<String, String> = HashMap::new();
    if let Some(contents) = epub.toc().contents() {
        for entry in contents.flatten() {
            let Some(href) = entry.href() else { continue };
            let label = sanitize_line(entry.label().trim());
            if !label.is_empty() {
                labels.entry(member_name(&href)).or_insert(label);
            }
        }
    }
    labels
}

/// Appends a chapter: its level-1 heading, then its blocks (its highest headings at level 2,
/// the others below, a first heading equal to the chapter heading left out, links
/// renumbered).
fn append_chapter(b: &mut DocumentBuilder, chapter: &Document, label: Option<&str>, n: usize) {
    let first_heading = chapter
        .blocks
        .first()
        .filter(|bl| matches!(bl.kind, BlockKind::Heading { .. }))
        .map(|bl| chapter.block_text(bl));
    if label.is_none() && !has_text(chapter) {
        // A cover or blank page that the table of contents does not name.
        return;
    }
    let heading = label
        .map(str::to_string)
        .or_else(|| first_heading.map(str::to_string))
        .unwrap_or_else(|| format!("Chapter {n}"));
    b.push(
        BlockKind::Heading { level: 1 },
        &heading,
        Vec::new(),
        0,
        None,
    );
    let skip_first = first_heading.is_some_and(|h| same_heading(h, &heading));
    let link_base = u32::try_from(b.meta().links.len()).unwrap_or(u32::MAX);
    b.meta_mut()
        .links
        .extend(chapter.meta.links.iter().cloned());
    // The chapter's own top heading level becomes 2, under the chapter heading.
    let top = chapter
        .blocks
        .iter()
        .skip(usize::from(skip_first))
        .filter_map(|bl| match bl.kind {
            BlockKind::Heading { level } => Some(level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    for (i, block) in chapter.blocks.iter().enumerate() {
        if i == 0 && skip_first {
            continue;
        }
        let kind = match block.kind {
            BlockKind::Heading { level } => BlockKind::Heading {
                level: level.saturating_sub(top).saturating_add(2).min(6),
            },
            // A chapter's title is a section heading here; the book has one title.
            BlockKind::Title => BlockKind::Heading { level: 2 },
            ref k => k.clone(),
        };
        let spans: Vec<Span> = block
            .spans
            .iter()
            .map(|s| {
                let mut s = s.clone();
                s.style.link = s.style.link.map(|l| l.saturating_add(link_base));
                s
            })
            .collect();
        b.push(
            kind,
            chapter.block_text(block),
            spans,
            block.quote_depth,
            block.list.clone(),
        );
    }
}

/// Headings that differ only in case, spacing or a trailing period are the same.
fn same_heading(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches('.')
            .to_lowercase()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rbook::Epub;
    use rbook::epub::EpubChapter;

    /// Issue 13: EPUB 2 chapters use HTML's named entities, not only XML's five.
    #[test]
    fn named_entities_in_an_epub2_chapter_read_as_their_characters() {
        let xhtml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
            <html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>One</title></head>\
            <body><h1>One</h1><p>Cr&egrave;me br&ucirc;l&eacute;e, &Eacute;tienne&rsquo;s \
            &mdash; caf&eacute; &amp; &lt;tea&gt; &#233;t&#xE9;; &bogus; &#27;[31m &#x202e;end.</p>\
            </body></html>";
        let bytes = Epub::builder()
            .version(2)
            .identifier("urn:folio:test:entities")
            .title("Entities")
            .language("fr")
            .chapter(
                EpubChapter::new("One")
                    .href("c1.xhtml")
                    .xhtml(xhtml.as_bytes().to_vec()),
            )
            .write()
            .to_vec();
        let doc = bytes
            .map_err(|e| e.to_string())
            .and_then(|b| parse(&b).map_err(|e| e.to_string()));
        let text = doc.map(|d| d.text).unwrap_or_else(|e| e);
        assert!(
            text.contains("Crème brûlée, Étienne’s — café & <tea> été; &bogus; [31m end."),
            "{text:?}"
        );
    }
}
