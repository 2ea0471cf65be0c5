//! A cheap safety check of a zip archive's central directory, done before any member is
//! decompressed: member names, entry count, declared sizes and compression ratios. The zip
//! crate reads the directory (the same parser that later extracts, so the check and the
//! extraction cannot disagree about what the archive holds); the limits are folio's policy.
//!
//! Only the central directory is read (no decompression), so a zip bomb is refused in
//! microseconds. The zip reader used afterwards (through rbook) bounds each member's output to
//! the size declared in the central directory, which is what is checked here.

use super::EpubError;
use crate::decode::sanitize_line;
use std::collections::HashSet;
use std::io::Cursor;
use zip::ZipArchive;
use zip::result::ZipError;

/// At most this many members (real books have a few hundred).
pub const MAX_ENTRIES: usize = 10_000;
/// No member may unpack to more than this (64 MiB).
pub const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// All members together may unpack to at most this (512 MiB).
pub const MAX_TOTAL_BYTES: u64 = 512 << 20;
/// Members that unpack to more than [`RATIO_MIN_BYTES`] may not be compressed more than this.
pub const MAX_RATIO: u64 = 1000;
/// Below this size (1 MiB) the compression ratio is not checked: small runs of spaces do
/// compress extremely well.
pub const RATIO_MIN_BYTES: u64 = 1 << 20;

/// What the check learnt: the member names, for lookups before rbook is asked.
#[derive(Debug, Default)]
pub struct Listing {
    pub names: HashSet<String>,
    /// Sum of the declared uncompressed sizes.
    pub total: u64,
}

fn invalid(why: &str) -> EpubError {
    EpubError::Invalid(why.to_string())
}

/// Sizes for messages: "1.0 GB", "64 MB", "900 KB".
pub fn human(bytes: u64) -> String {
    const MB: u64 = 1 << 20;
    if bytes >= 1 << 30 {
        format!("{:.1} GB", bytes as f64 / (1u64 << 30) as f64)
    } else if bytes >= MB {
        format!("{} MB", bytes / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Whether a member name could escape the folder it is unpacked to: `..` components,
/// absolute paths, drive letters, NUL bytes.
pub fn is_unsafe_name(name: &str) -> bool {
    let b = name.as_bytes();
    name.starts_with('/')
        || name.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        || name.contains('\0')
        || name.split(['/', '\\']).any(|part| part == "..")
}

/// Reads the central directory (with the zip crate, the parser rbook extracts with) and
/// refuses unsafe or oversized archives. Nothing is decompressed.
pub fn check(bytes: &[u8]) -> Result<Listing, EpubError> {
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
        ZipError::InvalidArchive(m) if m.contains("Could not find EOCD") => {
            invalid("it is not a zip archive")
        }
        _ => invalid("its zip directory is damaged"),
    })?;
    let count = zip.len();
    if count > MAX_ENTRIES {
        return Err(EpubError::ZipBomb(format!(
            "it has {count} members (at most {MAX_ENTRIES} are read)"
        )));
    }
    let mut listing = Listing::default();
    for i in 0..count {
        // The directory's entry alone: a member whose own (local) header is damaged is
        // listed, and only that member fails when it is read.
        let member = zip
            .by_index_data(i)
            .map_err(|_| invalid("its zip directory is damaged"))?;
        let name = String::from_utf8_lossy(member.name_raw()).into_owned();
        if member.enclosed_name().is_none() || is_unsafe_name(&name) {
            return Err(EpubError::UnsafeName(sanitize_line(&name)));
        }
        admit(&name, member.size(), member.compressed_size(), &mut listing)?;
        listing.names.insert(name);
    }
    Ok(listing)
}

/// folio's limits on one member's declared sizes, and on the running total.
fn admit(name: &str, size: u64, compressed: u64, listing: &mut Listing) -> Result<(), EpubError> {
    let shown = || sanitize_line(name);
    if size > MAX_ENTRY_BYTES {
        return Err(EpubError::ZipBomb(format!(
            "member '{}' would unpack to {} (limit {})",
            shown(),
            human(size),
            human(MAX_ENTRY_BYTES)
        )));
    }
    if size > RATIO_MIN_BYTES && size / compressed.max(1) > MAX_RATIO {
        return Err(EpubError::ZipBomb(format!(
            "member '{}' is compressed {}:1 (limit {MAX_RATIO}:1)",
            shown(),
            size / compressed.max(1)
        )));
    }
    listing.total = listing.total.saturating_add(size);
    if listing.total > MAX_TOTAL_BYTES {
        return Err(EpubError::ZipBomb(format!(
            "its members would unpack to more than {}",
            human(MAX_TOTAL_BYTES)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names() {
        for n in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "\\x",
            "C:x",
            "a\\..\\b",
            "x\0",
        ] {
            assert!(is_unsafe_name(n), "{n}");
        }
        for n in ["OEBPS/c1.xhtml", "a..b/c", "mimetype", "..a"] {
            assert!(!is_unsafe_name(n), "{n}");
        }
    }

    #[test]
    fn garbage_is_not_a_zip() {
        assert!(matches!(check(b"hello"), Err(EpubError::Invalid(_))));
        assert!(matches!(check(&[0u8; 100]), Err(EpubError::Invalid(_))));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human(64 << 20), "64 MB");
        assert_eq!(human(3 << 30), "3.0 GB");
        assert_eq!(human(1000), "1 KB");
    }
}
