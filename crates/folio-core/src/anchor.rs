//! Text positions <-> stored anchors, and finding an anchor again after the text changed.
//!
//! This module owns the conversion between folio's positions ([`TextPos`], byte offsets into
//! [`Document::text`]) and stored [`Anchor`]s (W3C-shaped: Unicode code-point offsets plus the
//! quote and [`CONTEXT`] characters of prefix and suffix), and re-anchoring: [`resolve`] finds a
//! stored anchor in the current text. It must not depend on ratatui or crossterm.
//!
//! # Re-anchoring
//!
//! [`resolve`] tries, in order:
//!
//! 1. **Exact**: the quote is still at its stored offsets. Accepted at once when the stored
//!    prefix and suffix agree character for character; otherwise the stored place competes with
//!    the other occurrences in step 2 (so a shift onto another copy of a repeated sentence is
//!    not taken for "unchanged").
//! 2. **Moved**: every occurrence of the quote in the text. The winner is, in order: one whose
//!    context *supports* it (the stored prefix or the stored suffix is at least
//!    [`CONTEXT_SUPPORT`] similar to the text beside the occurrence, by edit distance over the
//!    whitespace-collapsed context), then the most similar context (prefix plus suffix), then
//!    the nearest to the old start. When no occurrence has supporting context, the quote alone
//!    is trusted only if it is at least [`SELF_EVIDENT_CHARS`] long (or the anchor has no stored
//!    context at all) and its old place is gone (nowhere in the text are the stored prefix and
//!    suffix found together, at most about twice the quote's length apart); then the occurrence
//!    at the stored offset, else the nearest, is taken. So a short quote is not moved onto the
//!    same words in another passage, and a deleted copy of repeated boilerplate is not moved
//!    onto another copy (its prefix and suffix still meet where it was): such anchors go on to
//!    step 3 and usually become orphans.
//! 3. **Fuzzy**: the quote was edited. Whitespace runs are collapsed to one space on both sides
//!    (so a reflowed, split or merged paragraph costs nothing), then the quote is matched
//!    approximately (Levenshtein distance, bit-parallel after Myers) around candidate places. A
//!    match is accepted only when it differs from the quote in at most one character in
//!    [`FUZZY_EDIT_SHARE`] (20%; a match never begins or ends with whitespace) *and* its
//!    context supports it as in step 2, so a fuzzy match never lands on unrelated text. Among
//!    accepted matches the score decides, `60 * quote similarity + 30 * context similarity +
//!    10 * proximity` (0..=100; proximity `1 / (1 + distance / 4096 bytes)`; ties: nearest).
//! 4. Otherwise an **orphan**: the caller keeps it with its saved quote and lists it.
//!
//! An empty or whitespace-only quote is placed by its stored offsets alone (an orphan when they
//! lie beyond the text).
//!
//! # Cost
//!
//! [`Index::new`] is O(n) and keeps one checkpoint per 1024 code points (none for ASCII text);
//! conversions cost O(1024) at most. Steps 2 and 3 need to know where pieces of the quote occur:
//! on first need the index builds a sparse gram index of the text (minimizers of 8-byte grams
//! over windows of 12, about 0.6 bytes per text byte, O(n): ~40 ms for 4 MB) and looks pieces
//! up there instead of scanning the text once per anchor:
//! - an exact quote of 19 bytes or more: all its occurrences come from the postings of its
//!   rarest piece; a shorter one is searched for in 64 KiB around the old place and near the
//!   places its context points to;
//! - fuzzy candidates: up to 16 pieces spread over prefix, quote and suffix each point at
//!   places (64 nearest postings each); a place is searched when at least two distinct pieces
//!   point at it, and always around the old place.
//!
//! Fuzzy matching is tried for quotes up to [`FUZZY_MAX_CHARS`]; a longer quote that is not
//! found exactly becomes an orphan. Measured (release, 4 MB text, 500 anchors, index included):
//! about 10 ms unchanged, 60-110 ms when every anchor moved, was edited or is gone.

mod grams;
mod myers;
#[cfg(test)]
mod tests;

use crate::document::{Document, TextPos};
use crate::record::{Anchor, CONTEXT};
use grams::{Grams, SPAN};
use myers::Pattern;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::OnceLock;

/// Code points between two checkpoints of the offset index.
const STEP: usize = 1024;

/// A fuzzy match may differ from the quote in at most `len / FUZZY_EDIT_SHARE` characters
/// (edits counted after collapsing whitespace).
pub const FUZZY_EDIT_SHARE: usize = 5;

/// Similarity (1 - edit distance / length) the stored prefix or suffix must reach beside a
/// match for the context to support it. Unrelated prose scores about 0.4 to 0.5.
pub const CONTEXT_SUPPORT: f64 = 0.75;

/// A quote at least this many characters long may be placed without supporting context, when
/// its old place (prefix and suffix together) is gone from the text.
pub const SELF_EVIDENT_CHARS: usize = 20;

/// The longest quote (in characters) that is matched approximately.
pub const FUZZY_MAX_CHARS: usize = 8192;

/// Characters of stored context compared on each side (the stored context is [`CONTEXT`]).
const CONTEXT_CAP: usize = 2 * CONTEXT;

/// Occurrences (or index postings) of a quote considered, nearest to the old place first.
const MAX_OCCURRENCES: usize = 4096;

/// Bytes scanned on each side of the old place for a quote too short for the gram index.
const LOCAL_SCAN: usize = 64 * 1024;

/// Index postings followed per piece of quote or context, nearest to the old place first.
const POSTINGS_PER_SEED: usize = 64;

/// Pieces of the quote (and context) looked up in the gram index.
const MAX_SEEDS: usize = 16;

/// Candidate places verified by the approximate matcher, nearest first.
const MAX_REGIONS: usize = 256;

/// Distinct pieces of quote and context that must point at a place before it is searched (one
/// piece alone is mostly chance).
const MIN_VOTES: usize = 2;

/// Candidate starts closer than this (bytes) are verified as one region.
const REGION_GAP: usize = 64;

/// A reading position's quote: at least this many characters where the text allows, ...
const POSITION_MIN_CHARS: usize = 24;
/// ... at most this many.
const POSITION_MAX_CHARS: usize = 64;

/// Distance (bytes) at which proximity counts half.
const PROXIMITY_SCALE: f64 = 4096.0;

/// Byte offsets <-> code-point offsets for one document, built once (O(n)), queried fast.
///
/// Queries take the document again (the index does not borrow it). Given a different document
/// than the one it was built for (detected by length and a sample of the text), the methods
/// still answer correctly, in O(n).
#[derive(Debug, Clone, Default)]
pub struct Index {
    len: usize,
    chars: u64,
    sig: u64,
    ascii: bool,
    /// Byte offset of every `STEP`-th code point (empty for ASCII text).
    checkpoints: Vec<usize>,
    /// Built on first need by [`resolve`].
    grams: OnceLock<Grams>,
}

impl Index {
    /// Indexes `doc`'s text: one pass, a checkpoint per 1024 code points (none when ASCII).
    pub fn new(doc: &Document) -> Index {
        let text = doc.text.as_str();
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        let chars = if ascii {
            text.len()
        } else {
            let mut n = 0usize;
            for (i, &b) in text.as_bytes().iter().enumerate() {
                // Not a UTF-8 continuation byte: a code point starts here.
                if (b as i8) >= -0x40 {
                    if n.is_multiple_of(STEP) {
                        checkpoints.push(i);
                    }
                    n += 1;
                }
            }
            n
        };
        Index {
            len: text.len(),
            chars: chars as u64,
            sig: signature(text),
            ascii,
            checkpoints,
            grams: OnceLock::new(),
        }
    }

    /// Code points in the text the index was built for.
    pub fn chars(&self) -> u64 {
        self.chars
    }

    fn matches(&self, doc: &Document) -> bool {
        doc.text.len() == self.len && signature(&doc.text) == self.sig
    }

    /// The code-point offset of a byte position. A position past the end counts as the end;
    /// one inside a character as that character's start.
    pub fn to_chars(&self, doc: &Document, pos: TextPos) -> u64 {
        let text = doc.text.as_str();
        let p = floor_boundary(text, pos.0);
        if !self.matches(doc) {
            return text.get(..p).map_or(0, |s| s.chars().count() as u64);
        }
        if self.ascii {
            return p as u64;
        }
        let i = self
            .checkpoints
            .partition_point(|&b| b <= p)
            .saturating_sub(1);
        let base = self.checkpoints.get(i).copied().unwrap_or(0);
        (i * STEP) as u64 + text.get(base..p).map_or(0, |s| s.chars().count() as u64)
    }

    /// The byte position of a code-point offset; `None` past the end of the text.
    pub fn to_pos(&self, doc: &Document, chars: u64) -> Option<TextPos> {
        let text = doc.text.as_str();
        let c = usize::try_from(chars).ok()?;
        if !self.matches(doc) {
            return nth_boundary(text, 0, c).map(TextPos);
        }
        if chars > self.chars {
            return None;
        }
        if self.ascii || chars == self.chars {
            return Some(TextPos(if self.ascii { c } else { text.len() }));
        }
        let base = *self.checkpoints.get(c / STEP)?;
        nth_boundary(text, base, c % STEP).map(TextPos)
    }

    fn grams(&self, text: &str) -> &Grams {
        self.grams.get_or_init(|| Grams::build(text))
    }
}

/// A cheap fingerprint of a text (its length and three samples), to catch an index used with
/// another document.
fn signature(text: &str) -> u64 {
    use std::hash::Hasher;
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut h = crate::hash::Fnv::seeded(n as u64);
    let mid = n / 2;
    for range in [
        0..64.min(n),
        mid..(mid + 64).min(n),
        n.saturating_sub(64)..n,
    ] {
        h.write(bytes.get(range).unwrap_or(&[]));
    }
    h.finish()
}

/// The byte offset of the `n`-th code point after byte `base` (the end of the text counts as
/// one more boundary); `None` when the text is shorter.
fn nth_boundary(text: &str, base: usize, n: usize) -> Option<usize> {
    let rest = text.get(base..)?;
    rest.char_indices()
        .map(|(i, _)| base + i)
        .chain(std::iter::once(text.len()))
        .nth(n)
}

/// How an anchor was found in the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// At its stored position, quote unchanged.
    Exact(Range<TextPos>),
    /// The same quote, found elsewhere (text was inserted or removed before it).
    Moved(Range<TextPos>),
    /// An approximate match (the quote itself was edited); score 0..=100.
    Fuzzy(Range<TextPos>, u8),
    /// Not found: kept with its saved quote, retried on every open.
    Orphan,
}

impl Placement {
    pub fn range(&self) -> Option<Range<TextPos>> {
        match self {
            Placement::Exact(r) | Placement::Moved(r) | Placement::Fuzzy(r, _) => Some(r.clone()),
            Placement::Orphan => None,
        }
    }

    pub fn is_orphan(&self) -> bool {
        *self == Placement::Orphan
    }
}

/// The anchor for a passage: code-point offsets, the exact text and its context.
///
/// The range may be reversed or out of bounds: its ends are ordered, clamped to the text and
/// widened to character boundaries.
pub fn anchor(doc: &Document, index: &Index, range: Range<TextPos>) -> Anchor {
    let text = doc.text.as_str();
    let (a, b) = (
        range.start.0.min(range.end.0),
        range.start.0.max(range.end.0),
    );
    make_anchor(doc, index, floor_boundary(text, a), ceil_boundary(text, b))
}

/// The anchor for a reading position: the text that follows it (a sentence or so) and its
/// context, so the position survives edits before it.
///
/// The quote runs from `pos` to the end of the sentence once it has 24 characters, never past
/// a paragraph break after that, and has at most 64 characters (cut at a space when there is
/// one). At the end of the text the quote is empty and the anchor is resolved by its offset
/// alone.
pub fn position(doc: &Document, index: &Index, pos: TextPos) -> Anchor {
    let text = doc.text.as_str();
    let p = floor_boundary(text, pos.0);
    make_anchor(doc, index, p, reading_span_end(text, p))
}

fn make_anchor(doc: &Document, index: &Index, a: usize, b: usize) -> Anchor {
    let text = doc.text.as_str();
    let exact = text.get(a..b).unwrap_or("");
    let start = index.to_chars(doc, TextPos(a));
    let before = text.get(..a).unwrap_or("");
    let after = text.get(b..).unwrap_or("");
    Anchor {
        start,
        end: start + exact.chars().count() as u64,
        exact: exact.to_string(),
        prefix: last_chars(before, CONTEXT).to_string(),
        suffix: first_chars(after, CONTEXT).to_string(),
        original: None,
    }
}

/// The last `n` characters of `s` (all of it when shorter).
fn last_chars(s: &str, n: usize) -> &str {
    let from = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    s.get(from..).unwrap_or("")
}

/// The first `n` characters of `s` (all of it when shorter).
fn first_chars(s: &str, n: usize) -> &str {
    let to = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.get(..to).unwrap_or("")
}

/// Where a reading position's quote ends (see [`position`]).
fn reading_span_end(text: &str, p: usize) -> usize {
    let rest = text.get(p..).unwrap_or("");
    let mut count = 0;
    let mut last_space = None;
    let mut chars = rest.char_indices().peekable();
    let mut end = rest.len();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if count >= POSITION_MIN_CHARS && c == '\n' && next == Some('\n') {
            end = i;
            break;
        }
        if count >= POSITION_MAX_CHARS {
            end = last_space.unwrap_or(i);
            break;
        }
        if c.is_whitespace() && count >= POSITION_MIN_CHARS {
            last_space = Some(i);
        }
        count += 1;
        if count >= POSITION_MIN_CHARS {
            let after = i + c.len_utf8();
            if matches!(c, '。' | '！' | '？') {
                end = after;
                break;
            }
            if matches!(c, '.' | '!' | '?' | '…') {
                match next {
                    None => {
                        end = after;
                        break;
                    }
                    Some(n) if n.is_whitespace() => {
                        end = after;
                        break;
                    }
                    Some(n @ ('"' | '\'' | '”' | '’' | '»' | ')')) => {
                        end = after + n.len_utf8();
                        break;
                    }
                    Some(_) => {}
                }
            }
        }
    }
    p + rest.get(..end).unwrap_or("").trim_end().len()
}

/// Finds an anchor in the current text (see the module docs for the stages and thresholds).
/// Never panics, whatever the anchor holds.
pub fn resolve(doc: &Document, index: &Index, anchor: &Anchor) -> Placement {
    let own;
    let index = if index.matches(doc) {
        index
    } else {
        own = Index::new(doc);
        &own
    };
    let text = doc.text.as_str();
    let stored = index.to_pos(doc, anchor.start).map(|p| p.0);
    let exact = anchor.exact.as_str();
    if exact.trim().is_empty() {
        let Some(s) = stored else {
            return Placement::Orphan;
        };
        let end = anchor.end.max(anchor.start).min(index.chars());
        let e = index.to_pos(doc, end).map_or(s, |p| p.0.max(s));
        return Placement::Exact(TextPos(s)..TextPos(e));
    }
    let query = Query {
        text,
        index,
        exact,
        ctx: Context::new(&anchor.prefix, &anchor.suffix),
        prefix: &anchor.prefix,
        suffix: &anchor.suffix,
        p0: stored.unwrap_or(text.len()),
        stored: stored.and_then(|s| {
            let e = s.checked_add(exact.len())?;
            (text.get(s..e) == Some(exact)).then_some(s..e)
        }),
        regions: OnceCell::new(),
    };
    if let Some(r) = &query.stored
        && query.ctx.sims(text, r.clone()) == (1.0, 1.0)
    {
        return Placement::Exact(pos_range(r.clone()));
    }
    if let Some(found) = query.moved() {
        return found;
    }
    match query.fuzzy() {
        Some((r, score)) => Placement::Fuzzy(pos_range(r), score),
        None => Placement::Orphan,
    }
}

fn pos_range(r: Range<usize>) -> Range<TextPos> {
    TextPos(r.start)..TextPos(r.end)
}

/// One anchor being resolved.
struct Query<'a> {
    text: &'a str,
    index: &'a Index,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    ctx: Context,
    /// The old start as a byte offset in the current text (the end when out of range).
    p0: usize,
    /// The stored range, when the quote is still there.
    stored: Option<Range<usize>>,
    regions: OnceCell<Vec<Region>>,
}

/// Candidate starts of the quote close together, and how many distinct pieces of the quote and
/// its context point there.
#[derive(Debug, Clone)]
struct Region {
    lo: usize,
    hi: usize,
    votes: usize,
}

/// A place considered for the anchor, with how well the stored context agrees there.
#[derive(Debug, Clone)]
struct Candidate {
    range: Range<usize>,
    prefix_sim: f64,
    suffix_sim: f64,
    dist: usize,
}

impl Candidate {
    fn supported(&self) -> bool {
        self.prefix_sim.max(self.suffix_sim) >= CONTEXT_SUPPORT
    }

    fn context(&self) -> f64 {
        (self.prefix_sim + self.suffix_sim) / 2.0
    }
}

impl Query<'_> {
    fn candidate(&self, range: Range<usize>) -> Candidate {
        let (prefix_sim, suffix_sim) = self.ctx.sims(self.text, range.clone());
        Candidate {
            dist: range.start.abs_diff(self.p0),
            range,
            prefix_sim,
            suffix_sim,
        }
    }

    fn grams(&self) -> &Grams {
        self.index.grams(self.text)
    }

    /// Step 2 (and step 1 when the context was edited): the best exact occurrence, if it is
    /// acceptable.
    fn moved(&self) -> Option<Placement> {
        let len = self.exact.len();
        if len > self.text.len() {
            return None;
        }
        let mut starts = if len >= SPAN {
            self.occurrences_indexed()
        } else {
            self.occurrences_scanned()
        };
        if let Some(r) = &self.stored {
            starts.push(r.start);
        }
        starts.sort_unstable();
        starts.dedup();
        let candidates: Vec<Candidate> =
            starts.iter().map(|&s| self.candidate(s..s + len)).collect();
        let best = candidates.iter().max_by(|a, b| {
            (a.supported(), a.context())
                .partial_cmp(&(b.supported(), b.context()))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.dist.cmp(&a.dist))
        })?;
        let best = if best.supported() {
            best
        } else {
            // No occurrence has the stored context. Trust the quote itself only when it is long
            // (or there is no stored context to go by) and its old surroundings are gone too:
            // then the one at the stored offset, else the nearest.
            let no_context = self.ctx.prefix.len() == 0 && self.ctx.suffix.len() == 0;
            let evident = no_context || self.exact.trim().chars().count() >= SELF_EVIDENT_CHARS;
            if !evident || self.old_place_remains() {
                return None;
            }
            candidates.iter().min_by_key(|c| c.dist)?
        };
        let r = pos_range(best.range.clone());
        Some(if self.stored.as_ref() == Some(&best.range) {
            Placement::Exact(r)
        } else {
            Placement::Moved(r)
        })
    }

    /// All occurrences of a quote of at least [`SPAN`] bytes, through the gram index: every
    /// occurrence contains the minimizer of each of its pieces, so the rarest piece's postings
    /// find them all (the [`MAX_OCCURRENCES`] nearest to the old place).
    fn occurrences_indexed(&self) -> Vec<usize> {
        let bytes = self.exact.as_bytes();
        let room = bytes.len() - SPAN;
        let count = (room / SPAN + 1).min(MAX_SEEDS / 2);
        let grams = self.grams();
        let step = room / count.saturating_sub(1).max(1);
        let seeds = (0..count).filter_map(|i| {
            let at = step * i;
            let (off, hash) = grams::minimizer(bytes.get(at..at + SPAN)?)?;
            Some((at + off, grams.postings(self.text, hash)))
        });
        let Some((rel, postings)) = seeds.min_by_key(|(_, p)| p.len()) else {
            return Vec::new();
        };
        grams::nearest(postings, self.p0 + rel, MAX_OCCURRENCES)
            .into_iter()
            .filter_map(|t| t.checked_sub(rel))
            .filter(|&s| self.text.get(s..s + bytes.len()) == Some(self.exact))
            .collect()
    }

    /// Occurrences of a quote too short for the gram index: a scan of [`LOCAL_SCAN`] bytes
    /// around the old place, and near every place where its context is found.
    fn occurrences_scanned(&self) -> Vec<usize> {
        let text = self.text;
        let len = self.exact.len();
        let lo = floor_boundary(text, self.p0.saturating_sub(LOCAL_SCAN));
        let hi = ceil_boundary(text, self.p0.saturating_add(LOCAL_SCAN + len));
        let mut starts = find_all(text, lo..hi, self.exact);
        if lo > 0 || hi < text.len() {
            for r in self.regions() {
                let a = floor_boundary(text, r.lo.saturating_sub(REGION_GAP));
                let b = ceil_boundary(text, r.hi.saturating_add(len + REGION_GAP));
                starts.extend(find_all(text, a..b, self.exact));
            }
        }
        starts
    }

    /// Where the quote may start now, judging by where pieces of the stored prefix, quote and
    /// suffix are found in the gram index: candidate starts grouped into regions that at least
    /// [`MIN_VOTES`] distinct pieces point at (all regions when the quote and context make
    /// fewer pieces than that). Computed once per anchor.
    fn regions(&self) -> &[Region] {
        self.regions.get_or_init(|| {
            let (mut regions, seeds) = self.find_regions();
            if seeds >= MIN_VOTES {
                regions.retain(|r| r.votes >= MIN_VOTES);
            }
            regions
        })
    }

    /// All regions with their votes, and the number of distinct pieces looked up.
    fn find_regions(&self) -> (Vec<Region>, usize) {
        let tail = tail_bytes(self.prefix.as_bytes(), CONTEXT_CAP);
        let head = self
            .suffix
            .as_bytes()
            .get(..self.suffix.len().min(CONTEXT_CAP))
            .unwrap_or(&[]);
        let mut joint = Vec::with_capacity(tail.len() + self.exact.len() + head.len());
        joint.extend_from_slice(tail);
        joint.extend_from_slice(self.exact.as_bytes());
        joint.extend_from_slice(head);
        let Some(room) = joint.len().checked_sub(SPAN) else {
            return (Vec::new(), 0);
        };
        // Pieces spread evenly over prefix + quote + suffix; overlapping pieces often share
        // their minimizer, which then counts once.
        let count = (room / (SPAN / 2) + 1).min(MAX_SEEDS);
        let mut seeds: Vec<(i64, u32)> = (0..count)
            .filter_map(|i| {
                let at = if count > 1 { i * room / (count - 1) } else { 0 };
                let (off, hash) = joint.get(at..at + SPAN).and_then(grams::minimizer)?;
                // Offset of the gram relative to the start of the quote (may be negative).
                Some(((at + off) as i64 - tail.len() as i64, hash))
            })
            .collect();
        seeds.dedup();
        let grams = self.grams();
        let mut hits: Vec<(usize, u32)> = Vec::new();
        for (n, &(rel, hash)) in seeds.iter().enumerate() {
            let target = (self.p0 as i64 + rel).max(0) as usize;
            let postings = grams.postings(self.text, hash);
            for t in grams::nearest(postings, target, POSTINGS_PER_SEED) {
                let est = t as i64 - rel;
                if (0..=self.text.len() as i64).contains(&est) {
                    hits.push((est as usize, 1 << (n % 32)));
                }
            }
        }
        hits.sort_unstable();
        let mut regions: Vec<Region> = Vec::new();
        let mut masks: Vec<u32> = Vec::new();
        for (est, bit) in hits {
            match (regions.last_mut(), masks.last_mut()) {
                (Some(r), Some(m)) if est - r.lo <= REGION_GAP => {
                    r.hi = est;
                    *m |= bit;
                }
                _ => {
                    regions.push(Region {
                        lo: est,
                        hi: est,
                        votes: 0,
                    });
                    masks.push(bit);
                }
            }
        }
        for (r, m) in regions.iter_mut().zip(masks) {
            r.votes = m.count_ones() as usize;
        }
        (regions, seeds.len())
    }

    /// Whether the passage's old surroundings are still in the text, together: the stored
    /// prefix and suffix (support-level similar) with at most about twice the quote's length
    /// between them. Then the passage was deleted or replaced there, and a copy of the quote found
    /// elsewhere without its context is another passage (a deleted paragraph of repeated
    /// boilerplate). Sides too short to look up (under 19 bytes) cannot tell.
    fn old_place_remains(&self) -> bool {
        let starts = self.context_edges(true);
        let ends = self.context_edges(false);
        // The sides may overlap a little where the passage went: a deleted paragraph leaves
        // one paragraph break where its prefix ended and its suffix began with one.
        let gap = self
            .exact
            .len()
            .saturating_mul(2)
            .saturating_add(2 * REGION_GAP);
        starts.iter().any(|&x| {
            let i = ends.partition_point(|&y| y.saturating_add(REGION_GAP) < x);
            ends.get(i).is_some_and(|&y| y <= x.saturating_add(gap))
        })
    }

    /// Where the stored prefix ends (`before`) or the stored suffix starts in the text with
    /// support-level similarity, sorted. An empty stored side is at the edge of the text.
    fn context_edges(&self, before: bool) -> Vec<usize> {
        let text = self.text;
        let (bytes, empty) = if before {
            let tail = tail_bytes(self.prefix.as_bytes(), CONTEXT_CAP);
            (tail, self.ctx.prefix.len() == 0)
        } else {
            let head = self.suffix.as_bytes();
            (
                head.get(..head.len().min(CONTEXT_CAP)).unwrap_or(&[]),
                self.ctx.suffix.len() == 0,
            )
        };
        if empty {
            return vec![if before { 0 } else { text.len() }];
        }
        let grams = self.grams();
        let mut out = Vec::new();
        let Some(room) = bytes.len().checked_sub(SPAN) else {
            return out;
        };
        for at in [0, room / 2, room] {
            let Some((off, hash)) = bytes.get(at..at + SPAN).and_then(grams::minimizer) else {
                continue;
            };
            let rel = at + off;
            // The quote's start (after the prefix) or end (before the suffix) there.
            let shift = if before { bytes.len() } else { 0 };
            let target = (self.p0 + shift).saturating_sub(rel);
            for t in grams::nearest(grams.postings(text, hash), target, POSTINGS_PER_SEED) {
                let Some(edge) = (t + shift).checked_sub(rel) else {
                    continue;
                };
                let edge = floor_boundary(text, edge);
                let sim = if before {
                    self.ctx.prefix_sim(text, edge)
                } else {
                    self.ctx.suffix_sim(text, edge)
                };
                if sim >= CONTEXT_SUPPORT {
                    out.push(edge);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// For a fuzzy candidate that only one side of the context supports: whether the stored
    /// prefix and suffix meet next to it, outside it (an empty or short stretch between them).
    /// Then the passage was deleted or replaced there and the candidate is a look-alike that
    /// inherited one side of its context (a near-copy of the quote inside that context).
    fn old_place_beside(&self, c: &Candidate, quote_chars: usize) -> bool {
        let (pre, suf) = (&self.ctx.prefix, &self.ctx.suffix);
        if c.prefix_sim.min(c.suffix_sim) >= CONTEXT_SUPPORT || pre.len() == 0 || suf.len() == 0 {
            return false;
        }
        let text = self.text;
        let reach = quote_chars + CONTEXT_CAP + 16;
        let lo = walk_back(text, c.range.start, reach);
        let hi = walk_forward(text, c.range.end, reach);
        let units = Units::collapse(text, lo..hi);
        let mut row = Vec::new();
        // Where the prefix ends: units j with the prefix matching up to j.
        pre.last_row(&units.chars, false, &mut row);
        let limit = |len: usize| ((1.0 - CONTEXT_SUPPORT) * len as f64) as u32;
        let ends: Vec<usize> = (0..row.len())
            .filter(|&j| row.get(j).is_some_and(|&d| d <= limit(pre.len())))
            .filter_map(|j| units.end.get(j).copied())
            .collect();
        if ends.is_empty() {
            return false;
        }
        // Where the suffix starts: the reversed suffix over the reversed units.
        let reversed: Vec<char> = units.chars.iter().rev().copied().collect();
        let back: Vec<char> = suf.chars().iter().rev().copied().collect();
        Pattern::new(&back).last_row(&reversed, false, &mut row);
        let n = units.chars.len();
        let starts: Vec<usize> = (0..row.len())
            .filter(|&j| row.get(j).is_some_and(|&d| d <= limit(suf.len())))
            .filter_map(|j| units.start.get(n - 1 - j).copied())
            .collect();
        // A pair with at most about twice the quote between (they may overlap by the one
        // whitespace unit both sides kept), not around the candidate.
        let gap = self.exact.len().saturating_mul(2) + 8;
        ends.iter().any(|&x| {
            starts.iter().any(|&y| {
                y + 8 >= x && y <= x + gap && (y.max(x) <= c.range.start || x.min(y) >= c.range.end)
            })
        })
    }

    /// Step 3: the best acceptable approximate match, with its score.
    fn fuzzy(&self) -> Option<(Range<usize>, u8)> {
        if self.exact.len() > FUZZY_MAX_CHARS * 4 {
            return None;
        }
        let quote = collapse(self.exact.trim());
        let m = quote.len();
        if m == 0 || m > FUZZY_MAX_CHARS {
            return None;
        }
        let matcher = Matcher::new(&quote);
        // Candidate places: the old place, and where pieces of the quote and its context point.
        let mut regions: Vec<(usize, usize)> =
            self.regions().iter().map(|r| (r.lo, r.hi)).collect();
        regions.push((self.p0, self.p0));
        regions.sort_by_key(|&(lo, _)| lo.abs_diff(self.p0));
        regions.truncate(MAX_REGIONS);
        let mut best: Option<(f64, Candidate)> = None;
        let mut seen: Vec<Range<usize>> = Vec::new();
        for (lo, hi) in regions {
            for (range, d) in matcher.find(self.text, lo, hi + self.exact.len()) {
                if seen.contains(&range) {
                    continue;
                }
                seen.push(range.clone());
                let c = self.candidate(range);
                if !c.supported() || self.old_place_beside(&c, m) {
                    continue;
                }
                let quote_sim = 1.0 - d as f64 / m as f64;
                let proximity = 1.0 / (1.0 + c.dist as f64 / PROXIMITY_SCALE);
                let score = 0.6 * quote_sim + 0.3 * c.context() + 0.1 * proximity;
                let better = match &best {
                    None => true,
                    Some((s, b)) => score > *s || (score == *s && c.dist < b.dist),
                };
                if better {
                    best = Some((score, c));
                }
            }
        }
        let (score, c) = best?;
        let score = (score * 100.0).round().clamp(0.0, 100.0) as u8;
        Some((c.range, score))
    }
}

/// The approximate matcher for one (whitespace-collapsed) quote.
struct Matcher {
    forward: Pattern,
    backward: Pattern,
    max_edits: usize,
}

impl Matcher {
    fn new(quote: &[char]) -> Matcher {
        let reversed: Vec<char> = quote.iter().rev().copied().collect();
        Matcher {
            forward: Pattern::new(quote),
            backward: Pattern::new(&reversed),
            max_edits: quote.len() / FUZZY_EDIT_SHARE,
        }
    }

    /// Matches within the allowed edits of a quote starting between bytes `lo` and `hi` (about),
    /// as byte ranges with their edit distance. Only the smallest distance in the window is
    /// reported, with up to a few alignments that reach it.
    fn find(&self, text: &str, lo: usize, hi: usize) -> Vec<(Range<usize>, usize)> {
        let m = self.forward.len();
        let slack = self.max_edits + 16;
        let a = walk_back(text, floor_boundary(text, lo), slack);
        let b = walk_forward(text, ceil_boundary(text, hi), slack);
        let units = Units::collapse(text, a..b);
        let mut row = Vec::new();
        self.forward.last_row(&units.chars, false, &mut row);
        let Some(&d) = row.iter().min() else {
            return Vec::new();
        };
        let d = d as usize;
        if d > self.max_edits {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut back = Vec::new();
        let ends = row.iter().enumerate().filter(|&(_, &x)| x as usize == d);
        for (j, _) in ends.take(4) {
            // Units j' ..= j hold the match; find j' with the reversed quote, anchored at j.
            let span = (m + self.max_edits + 1).min(j + 1);
            let Some(window) = units.chars.get(j + 1 - span..=j) else {
                continue;
            };
            let reversed: Vec<char> = window.iter().rev().copied().collect();
            self.backward.last_row(&reversed, true, &mut back);
            let mut lens: Vec<usize> = (1..=back.len())
                .filter(|&l| back.get(l - 1).is_some_and(|&x| x as usize == d))
                .collect();
            lens.sort_by_key(|&l| l.abs_diff(m));
            for l in lens.into_iter().take(2) {
                // The quote is trimmed, so is the match: a space at either end would be a
                // substitution hiding a deletion; the distance is checked again without it.
                let (mut first, mut last) = (j + 1 - l, j);
                while first < last && units.chars.get(first) == Some(&' ') {
                    first += 1;
                }
                while last > first && units.chars.get(last) == Some(&' ') {
                    last -= 1;
                }
                let d = if (first, last) == (j + 1 - l, j) {
                    d
                } else {
                    match units.chars.get(first..=last) {
                        Some(trimmed) => self.forward.distance(trimmed),
                        None => continue,
                    }
                };
                if d > self.max_edits {
                    continue;
                }
                if let (Some(&s), Some(&e)) = (units.start.get(first), units.end.get(last)) {
                    out.push((s..e, d));
                }
            }
        }
        out
    }
}

/// A stretch of text with each whitespace run collapsed to one space, and the byte range each
/// resulting character covers.
struct Units {
    chars: Vec<char>,
    start: Vec<usize>,
    end: Vec<usize>,
}

impl Units {
    fn collapse(text: &str, range: Range<usize>) -> Units {
        let mut units = Units {
            chars: Vec::new(),
            start: Vec::new(),
            end: Vec::new(),
        };
        let base = range.start;
        for (i, c) in text.get(range).unwrap_or("").char_indices() {
            let (s, e) = (base + i, base + i + c.len_utf8());
            if c.is_whitespace() {
                if units.chars.last() == Some(&' ') {
                    if let Some(last) = units.end.last_mut() {
                        *last = e;
                    }
                    continue;
                }
                units.chars.push(' ');
            } else {
                units.chars.push(c);
            }
            units.start.push(s);
            units.end.push(e);
        }
        units
    }
}

/// The stored prefix and suffix, whitespace-collapsed and prepared for comparison.
struct Context {
    prefix: Pattern,
    suffix: Pattern,
}

impl Context {
    fn new(prefix: &str, suffix: &str) -> Context {
        Context {
            prefix: Pattern::new(&collapse(last_chars(prefix, CONTEXT_CAP))),
            suffix: Pattern::new(&collapse(first_chars(suffix, CONTEXT_CAP))),
        }
    }

    /// How similar (0..=1) the stored prefix and suffix are to the text just before and after
    /// `range`. An empty stored side agrees only with the edge of the text.
    fn sims(&self, text: &str, range: Range<usize>) -> (f64, f64) {
        (
            self.prefix_sim(text, range.start),
            self.suffix_sim(text, range.end),
        )
    }

    fn prefix_sim(&self, text: &str, start: usize) -> f64 {
        let before = text.get(..start).unwrap_or("");
        let actual = collapsed_before(before, self.prefix.len());
        similarity(&self.prefix, &actual, before.trim_end().is_empty())
    }

    fn suffix_sim(&self, text: &str, end: usize) -> f64 {
        let after = text.get(end..).unwrap_or("");
        let actual = collapsed_after(after, self.suffix.len());
        similarity(&self.suffix, &actual, after.trim_start().is_empty())
    }
}

/// 1 - edit distance / length of the stored side; an empty stored side agrees (1) only at the
/// edge of the text, else not at all (0).
fn similarity(stored: &Pattern, actual: &[char], at_edge: bool) -> f64 {
    if stored.len() == 0 {
        return if at_edge { 1.0 } else { 0.0 };
    }
    1.0 - (stored.distance(actual) as f64 / stored.len() as f64).min(1.0)
}

/// Collapses each whitespace run to one space.
fn collapse(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            if out.last() != Some(&' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The last `n` characters of `s` after collapsing whitespace.
fn collapsed_before(s: &str, n: usize) -> Vec<char> {
    let mut out = collapsed(s.chars().rev(), n);
    out.reverse();
    out
}

/// The first `n` characters of `s` after collapsing whitespace.
fn collapsed_after(s: &str, n: usize) -> Vec<char> {
    collapsed(s.chars(), n)
}

/// The first `n` of `chars` with every run of white space as one space.
fn collapsed(chars: impl Iterator<Item = char>, n: usize) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(n);
    for c in chars {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && out.last() == Some(&' ') {
            continue;
        }
        if out.len() == n {
            break;
        }
        out.push(c);
    }
    out
}

/// The last `n` bytes of `bytes` (all of them when shorter).
fn tail_bytes(bytes: &[u8], n: usize) -> &[u8] {
    bytes.get(bytes.len().saturating_sub(n)..).unwrap_or(&[])
}

/// Start offsets of `needle` in `text[range]` (char-boundary range).
fn find_all(text: &str, range: Range<usize>, needle: &str) -> Vec<usize> {
    let base = range.start;
    text.get(range)
        .map(|hay| hay.match_indices(needle).map(|(i, _)| base + i).collect())
        .unwrap_or_default()
}

/// The largest char boundary at or before `i` (clamped to the text).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or after `i` (clamped to the text).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The boundary `n` characters before the boundary `at` (or 0).
fn walk_back(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    text.get(..at)
        .and_then(|s| s.char_indices().rev().nth(n - 1))
        .map_or(0, |(i, _)| i)
}

/// The boundary `n` characters after the boundary `at` (or the end).
fn walk_forward(text: &str, at: usize, n: usize) -> usize {
    text.get(at..)
        .and_then(|s| s.char_indices().nth(n))
        .map_or(text.len(), |(i, _)| at + i)
}
