//! What folio remembers about an article: position, bookmarks, highlights. The on-disk shape
//! (`articles/<doc-id>.json`, `version` 1) is defined here, once, for the store, the anchoring,
//! the reader and the exports.
//!
//! Offsets in an [`Anchor`] are Unicode code points over the document's normalised plain text
//! (W3C TextPositionSelector), with up to [`CONTEXT`] characters of prefix and suffix
//! (TextQuoteSelector), so a record stays meaningful to other tools and survives edits.
//!
//! Must not depend on ratatui or crossterm.

use serde::{Deserialize, Serialize};

/// The record format this build writes. A record with a larger number opens read-only.
pub const VERSION: u32 = 1;

/// Characters of context kept before and after a quote.
pub const CONTEXT: usize = 32;

/// A place or passage in the text, W3C-shaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Anchor {
    /// Code-point offsets into the normalised text, end exclusive.
    pub start: u64,
    pub end: u64,
    /// The quoted text itself (for a position: the text that follows it).
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// UUID v4.
    pub id: String,
    #[serde(default)]
    pub label: String,
    pub anchor: Anchor,
    /// RFC 3339 UTC ("2026-11-27T18:48:12Z").
    pub created: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// UUID v4.
    pub id: String,
    pub anchor: Anchor,
    #[serde(default)]
    pub note: String,
    pub created: String,
    pub modified: String,
}

/// The reading position and when it was set (the newer wins when records merge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub anchor: Anchor,
    pub updated: String,
}

/// Everything folio keeps about one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    /// Content fingerprint of the normalised text (see `store::fingerprint`): the record's id.
    pub fingerprint: String,
    /// Paths the article was opened from, most recent last.
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub position: Option<Position>,
    /// Words in the article (for progress in lists).
    #[serde(default)]
    pub words: u64,
    #[serde(default)]
    pub last_opened: Option<String>,
    /// How far the reader got, in percent of the text (for `folio list`; an addition to
    /// DESIGN.md's fields, absent from older records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<u8>,
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    #[serde(default)]
    pub highlights: Vec<Highlight>,
    /// Ids of deleted bookmarks and highlights, so a merge does not bring them back.
    #[serde(default)]
    pub deleted: Vec<String>,
}

impl Record {
    /// An empty record for an article with this fingerprint.
    pub fn new(fingerprint: String) -> Record {
        Record {
            version: VERSION,
            fingerprint,
            paths: Vec::new(),
            title: None,
            author: None,
            language: None,
            position: None,
            words: 0,
            last_opened: None,
            progress: None,
            bookmarks: Vec::new(),
            highlights: Vec::new(),
            deleted: Vec::new(),
        }
    }
}

/// A fresh random id (UUID v4), so copies of a record merge by id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A random number to seed new ids with ([`crate::annotations::Stamps`]): one per session.
pub fn random_seed() -> u64 {
    uuid::Uuid::new_v4().as_u64_pair().0
}

/// The current time as RFC 3339 UTC, to the second.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Formats seconds since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ".
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses what [`rfc3339`] writes (and any "YYYY-MM-DDTHH:MM:SS" prefix); `None` otherwise.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The inverse of [`civil_from_days`].
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_format_and_parse() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_704_103_200), "2024-01-01T10:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        for t in [0, 1_704_103_200, 951_782_400, 4_102_444_799, -86_400] {
            assert_eq!(parse_rfc3339(&rfc3339(t)), Some(t));
        }
        assert_eq!(parse_rfc3339("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn ids_are_uuid_v4_and_differ() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
    }

    #[test]
    fn a_record_round_trips_through_json_and_tolerates_missing_fields() {
        let mut r = Record::new("sha256:v1:abc".into());
        r.highlights.push(Highlight {
            id: new_id(),
            anchor: Anchor {
                start: 4,
                end: 9,
                exact: "quote".into(),
                prefix: "a ".into(),
                suffix: " b".into(),
            },
            note: "a note".into(),
            created: now(),
            modified: now(),
        });
        let json = serde_json::to_string(&r).unwrap_or_default();
        let back: Result<Record, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(r));
        let minimal: Result<Record, _> = serde_json::from_str(r#"{"version":1,"fingerprint":"x"}"#);
        assert!(minimal.is_ok());
    }
}
