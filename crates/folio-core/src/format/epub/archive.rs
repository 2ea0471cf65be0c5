//! A cheap safety check of a zip archive's central directory, done before any member is
//! decompressed: member names, entry count, declared sizes and compression ratios.
//!
//! Only the central directory is read (no decompression), so a zip bomb is refused in
//! microseconds. The zip reader used afterwards (through rbook) bounds each member's output to
//! the size declared in the central directory, which is what is checked here.

use super::EpubError;
use crate::decode::sanitize_line;
use std::collections::HashSet;

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

const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;

/// What the check learnt: the member names, for lookups before rbook is asked.
#[derive(Debug, Default)]
pub struct Listing {
    pub names: HashSet<String>,
    /// Sum of the declared uncompressed sizes.
    pub total: u64,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
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

/// Finds the end-of-central-directory record, searching back over the longest comment.
fn find_eocd(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(u16::MAX as usize);
    (first..=last)
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(EOCD_SIG))
}

/// Reads the central directory and refuses unsafe or oversized archives.
pub fn check(bytes: &[u8]) -> Result<Listing, EpubError> {
    let eocd = find_eocd(bytes).ok_or_else(|| invalid("it is not a zip archive"))?;
    let broken = || invalid("its zip directory is damaged");
    let mut count = u64::from(u16_at(bytes, eocd + 10).ok_or_else(broken)?);
    let mut cd_size = u64::from(u32_at(bytes, eocd + 12).ok_or_else(broken)?);
    let mut cd_offset = u64::from(u32_at(bytes, eocd + 16).ok_or_else(broken)?);
    if count == 0xffff || cd_size == 0xffff_ffff || cd_offset == 0xffff_ffff {
        // Zip64: the locator sits just before the classic record.
        let loc = eocd.checked_sub(20).ok_or_else(broken)?;
        if u32_at(bytes, loc) != Some(ZIP64_LOCATOR_SIG) {
            return Err(broken());
        }
        let at =
            usize::try_from(u64_at(bytes, loc + 8).ok_or_else(broken)?).map_err(|_| broken())?;
        if u32_at(bytes, at) != Some(ZIP64_EOCD_SIG) {
            return Err(broken());
        }
        count = u64_at(bytes, at + 32).ok_or_else(broken)?;
        cd_size = u64_at(bytes, at + 40).ok_or_else(broken)?;
        cd_offset = u64_at(bytes, at + 48).ok_or_else(broken)?;
    }
    if count > MAX_ENTRIES as u64 {
        return Err(EpubError::ZipBomb(format!(
            "it has {count} members (at most {MAX_ENTRIES} are read)"
        )));
    }
    let start = usize::try_from(cd_offset).map_err(|_| broken())?;
    let end = usize::try_from(cd_offset.saturating_add(cd_size)).map_err(|_| broken())?;
    let dir = bytes.get(start..end).ok_or_else(broken)?;

    let mut listing = Listing::default();
    let mut at = 0usize;
    for _ in 0..count {
        if u32_at(dir, at) != Some(CENTRAL_SIG) {
            return Err(broken());
        }
        let mut compressed = u64::from(u32_at(dir, at + 20).ok_or_else(broken)?);
        let mut size = u64::from(u32_at(dir, at + 24).ok_or_else(broken)?);
        let name_len = usize::from(u16_at(dir, at + 28).ok_or_else(broken)?);
        let extra_len = usize::from(u16_at(dir, at + 30).ok_or_else(broken)?);
        let comment_len = usize::from(u16_at(dir, at + 32).ok_or_else(broken)?);
        let name_at = at + 46;
        let raw_name = dir.get(name_at..name_at + name_len).ok_or_else(broken)?;
        let extra = dir
            .get(name_at + name_len..name_at + name_len + extra_len)
            .ok_or_else(broken)?;
        if size == 0xffff_ffff || compressed == 0xffff_ffff {
            (size, compressed) = zip64_sizes(extra, size, compressed).ok_or_else(broken)?;
        }
        let name = String::from_utf8_lossy(raw_name);
        let shown = sanitize_line(&name);
        if is_unsafe_name(&name) {
            return Err(EpubError::UnsafeName(shown));
        }
        if size > MAX_ENTRY_BYTES {
            return Err(EpubError::ZipBomb(format!(
                "member '{shown}' would unpack to {} (limit {})",
                human(size),
                human(MAX_ENTRY_BYTES)
            )));
        }
        if size > RATIO_MIN_BYTES && size / compressed.max(1) > MAX_RATIO {
            return Err(EpubError::ZipBomb(format!(
                "member '{shown}' is compressed {}:1 (limit {MAX_RATIO}:1)",
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
        listing.names.insert(name.into_owned());
        at = name_at + name_len + extra_len + comment_len;
    }
    Ok(listing)
}

/// The real sizes from a zip64 extra field (id 1): uncompressed first, then compressed, each
/// present only when its 32-bit field is saturated.
fn zip64_sizes(extra: &[u8], size: u64, compressed: u64) -> Option<(u64, u64)> {
    let mut at = 0;
    while at + 4 <= extra.len() {
        let id = u16_at(extra, at)?;
        let len = usize::from(u16_at(extra, at + 2)?);
        if id == 1 {
            let mut p = at + 4;
            let mut size = size;
            let mut compressed = compressed;
            if size == 0xffff_ffff {
                size = u64_at(extra, p)?;
                p += 8;
            }
            if compressed == 0xffff_ffff {
                compressed = u64_at(extra, p)?;
            }
            return Some((size, compressed));
        }
        at += 4 + len;
    }
    None
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
