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

/// Times in records (and everywhere folio keeps one): re-exported so callers need no jiff.
pub use jiff::Timestamp;
pub use jiff::civil::Date;
pub use jiff::tz::TimeZone;

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
    /// The quote as it was first stored, kept for audit once the anchor was moved onto edited
    /// text (the record's anchors always describe the text it was last resolved against).
    /// Absent from older records and while the quote is unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// UUID v4.
    pub id: String,
    #[serde(default)]
    pub label: String,
    pub anchor: Anchor,
    /// Stored as RFC 3339 UTC ("2026-11-27T18:48:12Z").
    #[serde(with = "stamp")]
    pub created: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// UUID v4.
    pub id: String,
    pub anchor: Anchor,
    #[serde(default)]
    pub note: String,
    /// Who said the quotation the highlight was made from (`h` on a quotation): the speaker
    /// the Quotes tab shows. An addition to DESIGN.md's fields: absent from older records and
    /// left out when there is none, so records without it read and write as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    #[serde(with = "stamp")]
    pub created: Timestamp,
    #[serde(with = "stamp")]
    pub modified: Timestamp,
}

/// The reading position and when it was set (the newer wins when records merge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub anchor: Anchor,
    #[serde(with = "stamp")]
    pub updated: Timestamp,
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
    #[serde(default, with = "opt_stamp")]
    pub last_opened: Option<Timestamp>,
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

/// The current time, to the second (records keep no fractions).
pub fn now() -> Timestamp {
    to_second(Timestamp::now())
}

/// Today's date in UTC (the zone record times are kept in), for "today" and "3 days ago".
pub fn today() -> Date {
    date_of(Timestamp::now())
}

/// The UTC date of a time.
pub fn date_of(time: Timestamp) -> Date {
    jiff::tz::TimeZone::UTC.to_datetime(time).date()
}

/// The time `secs` seconds after 1970-01-01T00:00:00Z (clamped to the supported range).
pub fn from_unix(secs: i64) -> Timestamp {
    let secs = secs.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn to_second(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second()).unwrap_or(t)
}

/// A time as records store it: RFC 3339 UTC to the second, "2026-11-27T18:48:12Z".
pub fn format_time(t: Timestamp) -> String {
    // The shape formats every timestamp; an error would leave the time empty.
    jiff::fmt::strtime::format("%Y-%m-%dT%H:%M:%SZ", t).unwrap_or_default()
}

/// Reads a stored time leniently, to the second: RFC 3339 with any offset or fraction, else
/// its "YYYY-MM-DDTHH:MM:SS" prefix taken as UTC (what older or hand-edited records may hold).
/// `None` for anything else.
pub fn parse_time(s: &str) -> Option<Timestamp> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(to_second(t));
    }
    let civil = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%S", s.get(..19)?).ok()?;
    jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()
}

/// Serde for a stored time: written as [`format_time`], read with [`parse_time`]. A value that
/// does not parse reads as the Unix epoch (older than anything, as an unreadable time compared
/// before), so the record still loads with all its items.
pub mod stamp {
    use super::{Timestamp, format_time, parse_time};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_time(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let s = String::deserialize(d)?;
        Ok(parse_time(&s).unwrap_or(Timestamp::UNIX_EPOCH))
    }
}

/// [`stamp`] for an optional time: a value that does not parse reads as `None` (unknown).
pub mod opt_stamp {
    use super::{Timestamp, format_time, parse_time};
    use serde::{Deserialize, Deserializer, Serializer};

    #[allow(clippy::ref_option)] // serde's `serialize_with` hands us `&Option<_>`
    pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_some(&format_time(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        Ok(s.as_deref().and_then(parse_time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_format_and_parse() {
        let text = |secs| format_time(from_unix(secs));
        assert_eq!(text(0), "1970-01-01T00:00:00Z");
        assert_eq!(text(1_704_103_200), "2024-01-01T10:00:00Z");
        assert_eq!(text(951_782_400), "2000-02-29T00:00:00Z");
        for t in [0, 1_704_103_200, 951_782_400, 4_102_444_799, -86_400] {
            assert_eq!(parse_time(&text(t)), Some(from_unix(t)));
        }
        assert_eq!(parse_time("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse_time("yesterday"), None);
        // Lenient: fractions are dropped, offsets applied, a bare date-time is UTC.
        let ten = Some(from_unix(1_704_103_200));
        assert_eq!(parse_time("2024-01-01T10:00:00.750Z"), ten);
        assert_eq!(parse_time("2024-01-01T12:00:00+02:00"), ten);
        assert_eq!(parse_time("2024-01-01T10:00:00"), ten);
    }

    #[test]
    fn stored_times_read_and_write_byte_identically_and_junk_still_loads() {
        let json = r#"{"anchor":{"start":0,"end":0,"exact":"","prefix":"","suffix":""},"updated":"2026-11-27T18:48:12Z"}"#;
        let p: Result<Position, _> = serde_json::from_str(json);
        let back = p
            .as_ref()
            .map(|p| serde_json::to_string(p).unwrap_or_default());
        assert_eq!(back.ok().as_deref(), Some(json));
        let junk = json.replace("2026-11-27T18:48:12Z", "\\u001b[2Jlast week");
        let p: Result<Position, _> = serde_json::from_str(&junk);
        assert_eq!(p.ok().map(|p| p.updated), Some(Timestamp::UNIX_EPOCH));
        let r: Result<Record, _> =
            serde_json::from_str(r#"{"version":1,"fingerprint":"x","last_opened":"soon"}"#);
        assert_eq!(r.ok().map(|r| r.last_opened), Some(None));
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
            attribution: None,
            id: new_id(),
            anchor: Anchor {
                start: 4,
                end: 9,
                exact: "quote".into(),
                prefix: "a ".into(),
                suffix: " b".into(),
                original: None,
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

    #[test]
    fn an_anchors_original_is_optional_both_ways() {
        // A record from before `original` reads, and writes without the field.
        let old = r#"{"start":3,"end":8,"exact":"quote","prefix":"a ","suffix":" b"}"#;
        let a: Anchor = serde_json::from_str(old).unwrap_or_default();
        assert_eq!((a.start, a.original.as_deref()), (3, None));
        assert_eq!(serde_json::to_string(&a).unwrap_or_default(), old);
        // With it, it round-trips.
        let edited = Anchor {
            original: Some("the first words".into()),
            ..a
        };
        let json = serde_json::to_string(&edited).unwrap_or_default();
        assert!(
            json.ends_with(r#","original":"the first words"}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Anchor>(&json).ok(), Some(edited));
    }
}
