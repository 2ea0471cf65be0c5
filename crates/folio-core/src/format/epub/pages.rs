//! One spine item -> what the book shows for it.
//!
//! A spine item in a format folio reads (XHTML, HTML, SVG) is read as it is. Any other (an
//! image, JSON, a script) is replaced by the first item of its manifest `fallback` chain that
//! folio reads; the chain ends at a cycle or after [`MAX_FALLBACKS`] steps. With none, an
//! image is a picture page (its file name), a document whose content is markup after all (a
//! wrong media type) is read as markup, and anything else is skipped, never printed raw.
//!
//! An item that cannot be read (not in the manifest, missing from the archive, damaged in
//! it, not text) is skipped and said why, so the book opens with the rest. Only an archive
//! that looks like a bomb stops the whole book.

use super::pictures::{self, Picture};
use super::{EpubError, archive, member_name, xhtml};
use crate::decode::{decode, sanitize_line};
use crate::document::Document;
use crate::format::find_ascii_ci;
use crate::format::inline::ParseOptions;
use rbook::epub::manifest::EpubManifestEntry;
use rbook::epub::spine::EpubSpineEntry;
use std::io::Write;

/// At most this many steps along a fallback chain.
pub const MAX_FALLBACKS: usize = 8;

/// A spine item that could be read.
pub struct Page {
    /// The zip member read (a fallback's when the item has one).
    pub name: String,
    /// The chapter as the converter reads it (empty for an image).
    pub chapter: Document,
    /// The pictures of a page that has pictures and no text of its own.
    pub pictures: Option<Vec<Picture>>,
}

/// A spine item that was skipped: the member (or manifest id) it named, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub name: String,
    pub why: Why,
}

/// A spine item read, or skipped.
pub type Outcome = Result<Page, Skipped>;

fn skipped(name: &str, why: Why) -> Skipped {
    Skipped {
        name: sanitize_line(name),
        why,
    }
}

/// Why a spine item was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    NotInManifest,
    Missing,
    Damaged,
    NotText,
    /// A media type folio does not read, with no fallback it reads.
    Foreign(String),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::NotInManifest => f.write_str("not in the manifest"),
            Why::Missing => f.write_str("missing"),
            Why::Damaged => f.write_str("damaged"),
            Why::NotText => f.write_str("not text"),
            Why::Foreign(media) => write!(f, "{media}, with no fallback folio reads"),
        }
    }
}

/// What a media type is to folio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Read by the chapter converter.
    Markup,
    Image,
    Other,
}

fn kind(media_type: &str) -> Kind {
    let m = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match m.as_str() {
        "application/xhtml+xml"
        | "text/html"
        | "image/svg+xml"
        | "text/x-oeb1-document"
        | "application/x-dtbook+xml"
        | "application/xml"
        | "text/xml" => Kind::Markup,
        _ if m.starts_with("image/") => Kind::Image,
        _ => Kind::Other,
    }
}

/// Media types that are never markup, whatever their bytes: not worth unpacking to look.
fn never_markup(media_type: &str) -> bool {
    [
        "audio/",
        "video/",
        "font/",
        "application/font",
        "application/vnd.ms-opentype",
    ]
    .iter()
    .any(|p| media_type.starts_with(p))
}

/// The item itself when folio reads it, else the first fallback it reads.
fn readable<'e>(entry: EpubManifestEntry<'e>, want: Kind) -> Option<EpubManifestEntry<'e>> {
    if kind(entry.media_type()) == want {
        return Some(entry);
    }
    entry
        .fallbacks()
        .take(MAX_FALLBACKS)
        .find(|e| kind(e.media_type()) == want)
}

/// Reads spine items, within what the whole book may unpack to.
pub struct Reader<'a> {
    listing: &'a archive::Listing,
    budget: usize,
    options: ParseOptions,
}

impl<'a> Reader<'a> {
    pub fn new(listing: &'a archive::Listing, options: ParseOptions) -> Reader<'a> {
        Reader {
            listing,
            options,
            budget: usize::try_from(archive::MAX_TOTAL_BYTES).unwrap_or(usize::MAX),
        }
    }

    /// The page for one spine item, or why it was skipped (its name and the reason); an
    /// error only for an archive that must not be read further.
    pub fn page(&mut self, item: &EpubSpineEntry<'_>) -> Result<Outcome, EpubError> {
        let Some(entry) = item.manifest_entry() else {
            return Ok(Err(skipped(item.idref(), Why::NotInManifest)));
        };
        if let Some(chosen) = readable(entry, Kind::Markup) {
            return self.markup(&chosen);
        }
        if let Some(image) = readable(entry, Kind::Image) {
            let name = member_name(&image.href());
            if !self.listing.names.contains(&name) {
                return Ok(Err(skipped(&name, Why::Missing)));
            }
            let file = pictures::file_name(&name);
            return Ok(Ok(Page {
                name,
                chapter: Document::default(),
                pictures: Some(vec![Picture { alt: None, file }]),
            }));
        }
        let media = sanitize_line(entry.media_type());
        let name = member_name(&entry.href());
        if never_markup(&media) {
            return Ok(Err(skipped(&name, Why::Foreign(media))));
        }
        // Perhaps markup under a wrong media type: read as such only if it shows itself so.
        Ok(match self.text(&entry, &name)? {
            Ok(text) if looks_like_markup(&text) => Ok(page(name, &text, false, self.options)),
            Ok(_) => Err(skipped(&name, Why::Foreign(media))),
            Err(why) => Err(skipped(&name, why)),
        })
    }

    /// A content document read through the chapter converter.
    fn markup(&mut self, entry: &EpubManifestEntry<'_>) -> Result<Outcome, EpubError> {
        let name = member_name(&entry.href());
        let svg = entry.media_type().contains("svg");
        Ok(match self.text(entry, &name)? {
            Ok(text) => Ok(page(name, &text, svg, self.options)),
            Err(why) => Err(skipped(&name, why)),
        })
    }

    /// A member's decoded text, or why it cannot be read.
    fn text(
        &mut self,
        entry: &EpubManifestEntry<'_>,
        name: &str,
    ) -> Result<Result<String, Why>, EpubError> {
        if !self.listing.names.contains(name) {
            return Ok(Err(Why::Missing));
        }
        let bytes = match self.bytes(entry, name) {
            Ok(bytes) => bytes,
            Err(EpubError::ZipBomb(why)) => return Err(EpubError::ZipBomb(why)),
            Err(_) => return Ok(Err(Why::Damaged)),
        };
        Ok(decode(&bytes).map(|d| d.text).map_err(|_| Why::NotText))
    }

    /// A member's bytes, unpacked to at most what is left of the budget (and the per-member
    /// limit).
    fn bytes(&mut self, entry: &EpubManifestEntry<'_>, name: &str) -> Result<Vec<u8>, EpubError> {
        let mut out = Capped {
            buf: Vec::new(),
            limit: self
                .budget
                .min(usize::try_from(archive::MAX_ENTRY_BYTES).unwrap_or(usize::MAX)),
            over: false,
        };
        match entry.copy_bytes(&mut out) {
            Ok(_) => {
                self.budget = self.budget.saturating_sub(out.buf.len());
                Ok(out.buf)
            }
            Err(_) if out.over => Err(EpubError::ZipBomb(format!(
                "chapter '{}' unpacks to more than {}",
                sanitize_line(name),
                archive::human(out.limit as u64)
            ))),
            Err(e) => Err(EpubError::Invalid(format!(
                "chapter '{}' cannot be read: {}",
                sanitize_line(name),
                super::rbook_message(e)
            ))),
        }
    }
}

/// The page of a content document: the converter's chapter, and the pictures when the page
/// has no text of its own (an SVG drawing with neither is a picture of itself).
fn page(name: String, text: &str, svg: bool, options: ParseOptions) -> Page {
    let scan = pictures::scan(text);
    let pictures = if scan.has_text {
        None
    } else if !scan.pictures.is_empty() {
        Some(scan.pictures)
    } else if svg {
        Some(vec![Picture {
            alt: None,
            file: pictures::file_name(&name),
        }])
    } else {
        None
    };
    Page {
        chapter: xhtml::parse_with(text, options),
        name,
        pictures,
    }
}

/// Text under a media type folio does not read that shows it is (X)HTML after all.
fn looks_like_markup(text: &str) -> bool {
    let head = match text.char_indices().nth(4096) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    find_ascii_ci(head, "<html").is_some() || find_ascii_ci(head, "<body").is_some()
}

/// A writer that refuses to grow past `limit` bytes.
struct Capped {
    buf: Vec<u8>,
    limit: usize,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len().saturating_add(data.len()) > self.limit {
            self.over = true;
            return Err(std::io::Error::other("member larger than allowed"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
