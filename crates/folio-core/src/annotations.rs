//! An open article's record, placed in its current text: where each highlight and bookmark is
//! now, and the changes the reader makes. Pure: the terminal layer saves the record.
//!
//! Placements are computed once when the record arrives (open, or a merged save that brought
//! another process's changes) and kept beside the record; drawing only reads them.
//!
//! The model reads no clock and draws no random number: the time and the seed for new ids
//! come in through [`Stamps`], which the caller keeps and sets.
//!
//! Must not depend on ratatui or crossterm.

use crate::anchor::{self, Index, Placement};
use crate::document::{Document, TextPos};
use crate::record::{Bookmark, Highlight, Position, Record, Timestamp};
use std::ops::Range;

/// The time and new ids the annotation model stamps its changes with: data the caller sets
/// (the terminal layer sends the time with each batch of input, and a random seed once), so
/// the model stays a function of its inputs and tests can pin both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamps {
    /// The time of the latest input.
    now: Timestamp,
    seed: u64,
    issued: u64,
}

impl Default for Stamps {
    fn default() -> Stamps {
        Stamps::new(0)
    }
}

impl Stamps {
    /// Ids drawn from `seed`: a random one in a real session, so copies of a record made by
    /// two sessions merge by id without collisions.
    pub fn new(seed: u64) -> Stamps {
        Stamps {
            now: Timestamp::UNIX_EPOCH,
            seed,
            issued: 0,
        }
    }

    /// The time changes are stamped with from now on.
    pub fn set_now(&mut self, now: Timestamp) {
        self.now = now;
    }

    /// The time changes are stamped with.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// A new id: a UUID v4 made from the seed and a counter (splitmix64), unique within the
    /// seed and as spread out as a random one.
    pub fn new_id(&mut self) -> String {
        self.issued += 1;
        let hi = splitmix64(self.seed ^ splitmix64(self.issued));
        let lo = splitmix64(hi ^ self.issued.rotate_left(32));
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&hi.to_be_bytes());
        bytes[8..].copy_from_slice(&lo.to_be_bytes());
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A record and where its items are in the text.
#[derive(Debug, Clone)]
pub struct Annotations {
    pub record: Record,
    /// Never written back (newer-version record, or no store).
    pub read_only: bool,
    index: Index,
    /// Placement of each highlight, in the order of `record.highlights`.
    highlights: Vec<Placement>,
    /// Placement of each bookmark, in the order of `record.bookmarks`.
    bookmarks: Vec<Placement>,
}

impl Annotations {
    pub fn new(doc: &Document, record: Record, read_only: bool) -> Annotations {
        let mut a = Annotations {
            record,
            read_only,
            index: Index::new(doc),
            highlights: Vec::new(),
            bookmarks: Vec::new(),
        };
        a.place(doc);
        a
    }

    /// An empty record kept in memory only (no store, or a document without one).
    pub fn in_memory(doc: &Document) -> Annotations {
        Annotations::new(doc, Record::new(String::new()), false)
    }

    /// Places every item in `doc` (after open, or after a merge brought new items).
    pub fn place(&mut self, doc: &Document) {
        self.highlights = self
            .record
            .highlights
            .iter()
            .map(|h| anchor::resolve(doc, &self.index, &h.anchor))
            .collect();
        self.bookmarks = self
            .record
            .bookmarks
            .iter()
            .map(|b| anchor::resolve(doc, &self.index, &b.anchor))
            .collect();
    }

    /// Makes the record describe `doc`, the text it was just resolved against: every highlight,
    /// bookmark and the reading position found in it (moved, edited, or with new context) gets
    /// the anchor of the passage it was found at, fresh offsets and context. A highlight's or
    /// bookmark's quote as first stored stays in the anchor's `original`, once the quote itself
    /// changed. Orphans keep their stored anchor, to be tried again. Nothing changes in a
    /// read-only record. Returns whether anything changed (the record is then due a save).
    pub fn refresh(&mut self, doc: &Document) -> bool {
        if self.read_only {
            return false;
        }
        let index = &self.index;
        let mut changed = false;
        for (h, placed) in self.record.highlights.iter_mut().zip(&mut self.highlights) {
            changed |= refresh_anchor(doc, index, &mut h.anchor, placed, true);
        }
        for (b, placed) in self.record.bookmarks.iter_mut().zip(&mut self.bookmarks) {
            changed |= refresh_anchor(doc, index, &mut b.anchor, placed, true);
        }
        if let Some(p) = self.record.position.as_mut() {
            let mut placed = anchor::resolve(doc, index, &p.anchor);
            changed |= refresh_anchor(doc, index, &mut p.anchor, &mut placed, false);
        }
        changed
    }

    /// A new document (the whole article after its beginning): new index, new placements.
    pub fn rebase(&mut self, doc: &Document) {
        self.index = Index::new(doc);
        self.place(doc);
    }

    /// Replaces the record with the merged one a save returned.
    pub fn merged(&mut self, doc: &Document, record: Record) {
        let changed = record.highlights != self.record.highlights
            || record.bookmarks != self.record.bookmarks;
        self.record = record;
        if changed {
            self.place(doc);
        }
    }

    /// The stored reading position, placed in the text.
    pub fn position(&self, doc: &Document) -> Option<TextPos> {
        let p = self.record.position.as_ref()?;
        anchor::resolve(doc, &self.index, &p.anchor)
            .range()
            .map(|r| r.start)
    }

    /// Records the reading position. Returns false when it did not change.
    pub fn set_position(&mut self, doc: &Document, pos: TextPos, stamps: &Stamps) -> bool {
        let a = anchor::position(doc, &self.index, pos);
        if self.record.position.as_ref().is_some_and(|p| p.anchor == a) {
            return false;
        }
        self.record.position = Some(Position {
            anchor: a,
            updated: stamps.now(),
        });
        true
    }

    /// Highlights placed in the text, with their ids, in reading order.
    pub fn highlight_ranges(&self) -> Vec<(&Highlight, Range<TextPos>)> {
        let mut v: Vec<_> = self
            .record
            .highlights
            .iter()
            .zip(&self.highlights)
            .filter_map(|(h, p)| p.range().map(|r| (h, r)))
            .collect();
        v.sort_by_key(|(_, r)| r.start);
        v
    }

    /// Highlights whose text is gone: kept, listed, retried on every open.
    pub fn orphans(&self) -> impl Iterator<Item = &Highlight> {
        self.record
            .highlights
            .iter()
            .zip(&self.highlights)
            .filter(|(_, p)| **p == Placement::Orphan)
            .map(|(h, _)| h)
    }

    /// Bookmarks placed in the text: (bookmark, position).
    pub fn bookmark_positions(&self) -> Vec<(&Bookmark, TextPos)> {
        let mut v: Vec<_> = self
            .record
            .bookmarks
            .iter()
            .zip(&self.bookmarks)
            .filter_map(|(b, p)| p.range().map(|r| (b, r.start)))
            .collect();
        v.sort_by_key(|(_, p)| *p);
        v
    }

    /// The first bookmark placed within `range` (a page), if any.
    pub fn bookmark_in(&self, range: &Range<usize>) -> Option<&Bookmark> {
        self.bookmark_positions()
            .into_iter()
            .find(|(_, p)| range.contains(&p.0))
            .map(|(b, _)| b)
    }

    /// Adds a highlight over `range` with an optional note; returns its id. A highlight that
    /// overlaps (or touches) existing ones merges with them: one highlight over the union,
    /// their notes kept, the old ones deleted.
    pub fn add_highlight(
        &mut self,
        doc: &Document,
        range: Range<TextPos>,
        note: &str,
        stamps: &mut Stamps,
    ) -> String {
        self.add_attributed_highlight(doc, range, note, None, stamps)
    }

    /// [`Annotations::add_highlight`] for a quotation whose speaker is known (`h` in the
    /// Quotes tab). A merged highlight keeps an attribution when all the attributed ones it
    /// joins name the same person, and has none when they disagree (better none than wrong).
    pub fn add_attributed_highlight(
        &mut self,
        doc: &Document,
        range: Range<TextPos>,
        note: &str,
        attribution: Option<&str>,
        stamps: &mut Stamps,
    ) -> String {
        let mut range = range;
        let mut notes: Vec<String> = Vec::new();
        let mut speakers: Vec<String> = attribution
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .into_iter()
            .collect();
        let overlapping: Vec<(String, Range<TextPos>, String, Option<String>)> = self
            .highlight_ranges()
            .into_iter()
            .filter(|(_, r)| r.start <= range.end && range.start <= r.end)
            .map(|(h, r)| (h.id.clone(), r, h.note.clone(), h.attribution.clone()))
            .collect();
        for (id, r, old_note, old_speaker) in overlapping {
            range = range.start.min(r.start)..range.end.max(r.end);
            if !old_note.is_empty() {
                notes.push(old_note);
            }
            speakers.extend(old_speaker);
            self.delete(&id);
        }
        speakers.sort();
        speakers.dedup();
        let attribution = match speakers.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        };
        if !note.is_empty() {
            notes.push(note.to_string());
        }
        let note = notes.join(" · ");
        let now = stamps.now();
        let id = stamps.new_id();
        let a = anchor::anchor(doc, &self.index, range.clone());
        self.record.highlights.push(Highlight {
            id: id.clone(),
            anchor: a,
            note,
            attribution,
            created: now,
            modified: now,
        });
        self.highlights.push(Placement::Exact(range));
        id
    }

    /// Bookmarks a position; returns its id.
    pub fn add_bookmark(
        &mut self,
        doc: &Document,
        pos: TextPos,
        label: &str,
        stamps: &mut Stamps,
    ) -> String {
        let id = stamps.new_id();
        let a = anchor::position(doc, &self.index, pos);
        self.record.bookmarks.push(Bookmark {
            id: id.clone(),
            label: label.to_string(),
            anchor: a,
            created: stamps.now(),
        });
        self.bookmarks.push(Placement::Exact(pos..pos));
        id
    }

    /// The note of a highlight ("" when it has none or does not exist).
    pub fn note(&self, id: &str) -> &str {
        self.record
            .highlights
            .iter()
            .find(|h| h.id == id)
            .map_or("", |h| h.note.as_str())
    }

    /// Sets the note of a highlight. Returns false when there is no such highlight.
    pub fn set_note(&mut self, id: &str, note: &str, stamps: &Stamps) -> bool {
        match self.record.highlights.iter_mut().find(|h| h.id == id) {
            Some(h) => {
                h.note = note.to_string();
                h.modified = stamps.now();
                true
            }
            None => false,
        }
    }

    /// Sets the label of a bookmark.
    pub fn set_label(&mut self, id: &str, label: &str) -> bool {
        match self.record.bookmarks.iter_mut().find(|b| b.id == id) {
            Some(b) => {
                b.label = label.to_string();
                true
            }
            None => false,
        }
    }

    /// Brings back a deleted highlight under a new id (deleted ids stay deleted).
    pub fn restore_highlight(&mut self, doc: &Document, mut h: Highlight, stamps: &mut Stamps) {
        h.id = stamps.new_id();
        h.modified = stamps.now();
        let placed = anchor::resolve(doc, &self.index, &h.anchor);
        self.record.highlights.push(h);
        self.highlights.push(placed);
    }

    /// Brings back a deleted bookmark under a new id.
    pub fn restore_bookmark(&mut self, doc: &Document, mut b: Bookmark, stamps: &mut Stamps) {
        b.id = stamps.new_id();
        let placed = anchor::resolve(doc, &self.index, &b.anchor);
        self.record.bookmarks.push(b);
        self.bookmarks.push(placed);
    }

    /// Deletes a bookmark or highlight by id; the id is remembered so merges do not revive it.
    pub fn delete(&mut self, id: &str) -> bool {
        let before = self.record.bookmarks.len() + self.record.highlights.len();
        let keep_b: Vec<bool> = self.record.bookmarks.iter().map(|b| b.id != id).collect();
        let keep_h: Vec<bool> = self.record.highlights.iter().map(|h| h.id != id).collect();
        retain_by(&mut self.record.bookmarks, &keep_b);
        retain_by(&mut self.bookmarks, &keep_b);
        retain_by(&mut self.record.highlights, &keep_h);
        retain_by(&mut self.highlights, &keep_h);
        let removed = before != self.record.bookmarks.len() + self.record.highlights.len();
        if removed && !self.record.deleted.iter().any(|d| d == id) {
            self.record.deleted.push(id.to_string());
        }
        removed
    }
}

/// [`Annotations::refresh`] for one anchor: replaced by the anchor of the passage it was found
/// at (which is then its exact place); `audit` keeps the first quote in `original`. Whether it
/// changed.
fn refresh_anchor(
    doc: &Document,
    index: &Index,
    stored: &mut crate::record::Anchor,
    placed: &mut Placement,
    audit: bool,
) -> bool {
    let Some(range) = placed.range() else {
        return false;
    };
    let mut fresh = anchor::anchor(doc, index, range.clone());
    if audit {
        fresh.original = stored
            .original
            .clone()
            .or_else(|| (fresh.exact != stored.exact).then(|| stored.exact.clone()));
    }
    *placed = Placement::Exact(range);
    if fresh == *stored {
        return false;
    }
    *stored = fresh;
    true
}

fn retain_by<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(true);
        i += 1;
        k
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_give_distinct_v4_ids_that_depend_on_the_seed() {
        let mut a = Stamps::new(7);
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| a.new_id()).collect();
        assert_eq!(ids.len(), 1000);
        let one = ids.iter().next().map(String::as_str).unwrap_or("");
        assert_eq!(one.len(), 36);
        assert_eq!(one.as_bytes()[14], b'4');
        assert_ne!(Stamps::new(7).new_id(), Stamps::new(8).new_id());
        assert_eq!(Stamps::new(7).new_id(), Stamps::new(7).new_id());
    }

    /// An article, then the same with a paragraph put before it and one highlighted sentence
    /// reworded.
    const BEFORE: &str = "Notes from the pier.\n\nThe harbour lights came on at dusk, one by one, \
        all along the wall.\n\nNobody counted them.\n";
    const AFTER: &str = "A word first, added later.\n\nNotes from the pier.\n\nThe harbour lights \
        came on at dusk, one after another, all along the wall.\n\nNobody counted them.\n";

    #[test]
    fn refreshing_makes_the_record_describe_the_text_it_was_found_in() {
        let parse = |t| crate::format::Format::Plain.parse(t);
        let (before, after) = (parse(BEFORE), parse(AFTER));
        let mut stamps = Stamps::new(3);
        let mut notes = Annotations::in_memory(&before);
        let find = |d: &Document, s: &str| {
            let at = d.text.find(s).unwrap_or(0);
            TextPos(at)..TextPos(at + s.len())
        };
        let quote = "The harbour lights came on at dusk, one by one, all along the wall.";
        let id = notes.add_highlight(&before, find(&before, quote), "", &mut stamps);
        let gone = notes.add_highlight(&before, find(&before, "Notes from"), "", &mut stamps);
        notes.set_position(&before, find(&before, "Nobody").start, &stamps);
        let mut record = notes.record.clone();
        // The quote of a highlight no longer in the text: kept as it is.
        if let Some(h) = record.highlights.iter_mut().find(|h| h.id == gone) {
            h.anchor.exact = "Words that are nowhere in the article at all.".into();
            h.anchor.prefix = "nothing like".into();
            h.anchor.suffix = "this anywhere".into();
        }
        let orphan = record.highlights.iter().find(|h| h.id == gone).cloned();

        let mut read_only = Annotations::new(&after, record.clone(), true);
        assert!(!read_only.refresh(&after));
        assert_eq!(read_only.record, record);

        let mut notes = Annotations::new(&after, record, false);
        let shown = notes.highlight_ranges()[0].1.clone();
        assert!(notes.refresh(&after));
        let index = Index::new(&after);
        let h = notes.record.highlights.iter().find(|h| h.id == id);
        let a = h.map(|h| h.anchor.clone()).unwrap_or_default();
        // The offsets the reader shows, the current words and context, the first words kept.
        assert_eq!(a.start, index.to_chars(&after, shown.start));
        assert_eq!(a.end, index.to_chars(&after, shown.end));
        assert_eq!(&after.text[shown.start.0..shown.end.0], a.exact);
        assert!(a.exact.contains("one after another"), "{a:?}");
        assert_eq!(a.original.as_deref(), Some(quote));
        assert!(
            a.prefix.ends_with("pier.\n\n") || a.prefix.ends_with("pier. "),
            "{a:?}"
        );
        assert_eq!(
            notes.record.highlights.iter().find(|h| h.id == gone),
            orphan.as_ref()
        );
        // The reading position follows the text too, with no audit copy.
        let p = notes
            .record
            .position
            .clone()
            .map(|p| p.anchor)
            .unwrap_or_default();
        assert_eq!(
            Some(TextPos(after.text.find("Nobody").unwrap_or(0))),
            notes.position(&after)
        );
        assert_eq!(
            p.start,
            index.to_chars(&after, notes.position(&after).unwrap_or_default())
        );
        assert_eq!(p.original, None);
        // Now the record describes this text: nothing more to change, placements exact.
        assert!(!notes.refresh(&after));
        assert_eq!(notes.highlight_ranges()[0].1, shown);
        let again = Annotations::new(&after, notes.record.clone(), false);
        assert!(
            again
                .highlights
                .iter()
                .any(|p| *p == Placement::Exact(shown.clone()))
        );
    }

    #[test]
    fn an_unedited_quote_that_moved_gets_new_offsets_and_no_original() {
        let parse = |t| crate::format::Format::Plain.parse(t);
        let before = parse("One line.\n\nThe quiet part.\n");
        let after = parse("A new first line.\n\nOne line.\n\nThe quiet part.\n");
        let mut stamps = Stamps::new(4);
        let mut notes = Annotations::in_memory(&before);
        let at = before.text.find("quiet part").unwrap_or(0);
        notes.add_highlight(&before, TextPos(at)..TextPos(at + 10), "", &mut stamps);
        let mut notes = Annotations::new(&after, notes.record, false);
        assert!(notes.refresh(&after));
        let a = &notes.record.highlights[0].anchor;
        assert_eq!(a.exact, "quiet part");
        assert_eq!(a.original, None);
        let moved = after.text.find("quiet part").unwrap_or(0);
        assert_eq!(a.start, Index::new(&after).to_chars(&after, TextPos(moved)));
    }

    #[test]
    fn changes_carry_the_time_they_were_given() {
        let doc = crate::format::Format::Plain.parse("One sentence here. Another one there.");
        let mut notes = Annotations::in_memory(&doc);
        let mut stamps = Stamps::new(1);
        let time = |s| crate::record::parse_time(s).unwrap_or_default();
        stamps.set_now(time("2026-12-03T09:21:00Z"));
        let id = notes.add_highlight(&doc, TextPos(0)..TextPos(3), "", &mut stamps);
        stamps.set_now(time("2026-12-04T10:00:00Z"));
        assert!(notes.set_note(&id, "later", &stamps));
        let h = &notes.record.highlights[0];
        assert_eq!(
            crate::record::format_time(h.created),
            "2026-12-03T09:21:00Z"
        );
        assert_eq!(
            crate::record::format_time(h.modified),
            "2026-12-04T10:00:00Z"
        );
    }
}
