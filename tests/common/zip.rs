//! Hand-made EPUBs: a minimal zip writer (stored members) for archives rbook would never
//! write, with sizes declared as the test likes. (`benches/engine.rs` uses this file too.)

/// A minimal zip writer (stored members) for archives rbook would never write.
pub struct Zip {
    data: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

impl Zip {
    pub fn new() -> Self {
        Zip {
            data: Vec::new(),
            central: Vec::new(),
            count: 0,
        }
    }

    /// Adds a stored member; `declared` overrides the uncompressed size in the directory.
    pub fn add(&mut self, name: &str, content: &[u8], declared: Option<u32>) -> &mut Self {
        let offset = self.data.len() as u32;
        let size = content.len() as u32;
        let crc = crc32(content);
        let mut local = Vec::new();
        local.extend(0x0403_4b50u32.to_le_bytes());
        local.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        local.extend(crc.to_le_bytes());
        local.extend(size.to_le_bytes());
        local.extend(size.to_le_bytes());
        local.extend((name.len() as u16).to_le_bytes());
        local.extend(0u16.to_le_bytes());
        local.extend(name.as_bytes());
        self.data.extend(local);
        self.data.extend(content);
        let c = &mut self.central;
        c.extend(0x0201_4b50u32.to_le_bytes());
        c.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        c.extend(crc.to_le_bytes());
        c.extend(size.to_le_bytes());
        c.extend(declared.unwrap_or(size).to_le_bytes());
        c.extend((name.len() as u16).to_le_bytes());
        c.extend([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        c.extend(offset.to_le_bytes());
        c.extend(name.as_bytes());
        self.count += 1;
        self
    }

    pub fn finish(&self) -> Vec<u8> {
        let mut out = self.data.clone();
        let cd_offset = out.len() as u32;
        out.extend(&self.central);
        out.extend(0x0605_4b50u32.to_le_bytes());
        out.extend([0, 0, 0, 0]);
        out.extend(self.count.to_le_bytes());
        out.extend(self.count.to_le_bytes());
        out.extend((self.central.len() as u32).to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend([0, 0]);
        out
    }
}

pub const CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

pub fn opf(spine_href: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier><dc:title>Small</dc:title><dc:language>en</dc:language></metadata><manifest><item id="c1" href="{spine_href}" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>"#
    )
}

pub const CHAPTER: &[u8] = b"<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title></head><body><h1>Only</h1><p>Just one chapter.</p></body></html>";

pub fn hand_made(files: &[(&str, &[u8], Option<u32>)]) -> Vec<u8> {
    let mut z = Zip::new();
    for (name, content, declared) in files {
        z.add(name, content, *declared);
    }
    z.finish()
}

/// A one-chapter EPUB whose spine names `spine`, holding the `chapter` member if any (name,
/// content, the size its directory entry declares if not its own).
pub fn one_chapter(spine: &str, chapter: Option<(&str, &[u8], Option<u32>)>) -> Vec<u8> {
    let opf = opf(spine);
    let mut files = vec![
        ("mimetype", &b"application/epub+zip"[..], None),
        ("META-INF/container.xml", CONTAINER.as_bytes(), None),
        ("content.opf", opf.as_bytes(), None),
    ];
    files.extend(chapter);
    hand_made(&files)
}

/// A ~1 KB EPUB whose one chapter says it unpacks to 3 GB.
pub fn declared_zip_bomb() -> Vec<u8> {
    one_chapter(
        "c1.xhtml",
        Some(("c1.xhtml", &[b' '; 1000], Some(3_000_000_000))),
    )
}

/// A container naming the package at `OEBPS/content.opf`.
pub const OEBPS_CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

/// A manifest item of a hand-made book: id, href (from `OEBPS/`), media type, fallback id.
pub type Item<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);

/// An EPUB 2 package document with these manifest items and this spine (item ids).
pub fn package(title: &str, items: &[Item<'_>], spine: &[&str]) -> String {
    let manifest: String = items
        .iter()
        .map(|(id, href, media, fallback)| {
            let fallback = fallback.map_or(String::new(), |f| format!(r#" fallback="{f}""#));
            format!(r#"<item id="{id}" href="{href}" media-type="{media}"{fallback}/>"#)
        })
        .collect();
    let spine: String = spine
        .iter()
        .map(|id| format!(r#"<itemref idref="{id}"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:folio:test</dc:identifier><dc:title>{title}</dc:title><dc:language>en</dc:language></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
    )
}

/// A book of stored members: the package at `OEBPS/content.opf`, then `files` (names from the
/// archive's root, so `OEBPS/c1.xhtml`).
pub fn book(title: &str, items: &[Item<'_>], spine: &[&str], files: &[(&str, &[u8])]) -> Vec<u8> {
    let opf = package(title, items, spine);
    let mut z = Zip::new();
    z.add("mimetype", b"application/epub+zip", None)
        .add("META-INF/container.xml", OEBPS_CONTAINER.as_bytes(), None)
        .add("OEBPS/content.opf", opf.as_bytes(), None);
    for (name, content) in files {
        z.add(name, content, None);
    }
    z.finish()
}

/// A content document with this body.
pub fn xhtml(title: &str, body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{title}</title></head><body>{body}</body></html>"
    )
    .into_bytes()
}
