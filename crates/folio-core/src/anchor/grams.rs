//! A sparse index of the text for finding where a quote (or its context) may be now, without
//! scanning the whole text once per anchor.
//!
//! The text is cut into overlapping 8-byte grams; of every 12 consecutive grams, the one with the
//! smallest hash (the leftmost on ties) is its window's *minimizer*, and the index keeps the
//! positions of all minimizers, sorted by hash. Two texts that share a run of [`SPAN`] bytes
//! share that run's minimizer at the same relative place, so looking up the minimizer of any
//! [`SPAN`]-byte piece of a quote finds every place where that piece occurs (and a few more, by
//! hash collision: callers verify). About 2 of 13 byte positions are kept: 4 bytes each, so
//! roughly 0.6 bytes per text byte; built in O(n log n) on first use.

/// Bytes per gram.
pub(super) const GRAM: usize = 8;
/// Grams per window.
pub(super) const WINDOW: usize = 12;
/// A run of this many bytes is guaranteed to contain a minimizer of the text at the same place.
pub(super) const SPAN: usize = GRAM + WINDOW - 1;

/// The hash of the gram starting at byte `i`; 0 when fewer than [`GRAM`] bytes remain.
fn gram_hash(bytes: &[u8], i: usize) -> u32 {
    let Some(chunk) = bytes.get(i..i + GRAM) else {
        return 0;
    };
    let mut word = [0u8; GRAM];
    word.copy_from_slice(chunk);
    let x = u64::from_le_bytes(word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let x = (x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (x >> 32) as u32
}

/// The minimizer of `piece` (which should be [`SPAN`] bytes long): its offset in `piece` and its
/// hash. `None` when the piece is shorter than one gram.
pub(super) fn minimizer(piece: &[u8]) -> Option<(usize, u32)> {
    let grams = piece.len().checked_sub(GRAM)? + 1;
    (0..grams)
        .map(|i| (i, gram_hash(piece, i)))
        .min_by_key(|&(i, h)| (h, i))
}

/// Minimizer positions of a text, sorted by (hash, position).
#[derive(Debug, Clone, Default)]
pub(super) struct Grams {
    pos: Vec<u32>,
}

impl Grams {
    /// Indexes `text`. A text of 4 GiB or more is not indexed (no candidates are found).
    pub(super) fn build(text: &str) -> Grams {
        let bytes = text.as_bytes();
        if bytes.len() < SPAN || u32::try_from(bytes.len()).is_err() {
            return Grams::default();
        }
        let grams = bytes.len() - GRAM + 1;
        let mut keys: Vec<(u32, u32)> = Vec::with_capacity(grams * 2 / (WINDOW + 1) + 16);
        // The current window's minimizer (smallest hash, leftmost among equals). A new gram
        // replaces it only when strictly smaller; when it leaves the window, the window is
        // scanned again (every few grams on average).
        let mut min = (u32::MAX, 0usize);
        // The last WINDOW hashes, by position modulo WINDOW.
        let mut ring = [0u32; WINDOW];
        for i in 0..grams {
            let h = gram_hash(bytes, i);
            ring[i % WINDOW] = h;
            let window_start = (i + 1).saturating_sub(WINDOW);
            if h < min.0 {
                min = (h, i);
            } else if min.1 < window_start {
                min = (h, i);
                for j in (window_start..i).rev() {
                    let hj = ring[j % WINDOW];
                    if hj <= min.0 {
                        min = (hj, j);
                    }
                }
            }
            if i + 1 >= WINDOW && keys.last().map(|k| k.1) != Some(min.1 as u32) {
                keys.push((min.0, min.1 as u32));
            }
        }
        Grams {
            pos: sort_by_hash(keys),
        }
    }

    /// Positions (ascending) of the minimizers with this hash in `text` (the indexed text).
    pub(super) fn postings(&self, text: &str, hash: u32) -> &[u32] {
        let bytes = text.as_bytes();
        let key = |p: &u32| gram_hash(bytes, *p as usize);
        let lo = self.pos.partition_point(|p| key(p) < hash);
        let hi = lo + self.pos[lo..].partition_point(|p| key(p) <= hash);
        self.pos.get(lo..hi).unwrap_or(&[])
    }

    /// Number of kept positions (for tests and memory estimates).
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.pos.len()
    }
}

/// The positions of `(hash, position)` keys (in ascending position order) sorted by hash,
/// stably: an LSD radix sort on the hash bytes, so positions stay ascending within one hash.
fn sort_by_hash(mut keys: Vec<(u32, u32)>) -> Vec<u32> {
    let mut scratch = keys.clone();
    for shift in [0, 8, 16, 24] {
        let mut counts = [0usize; 257];
        for &(h, _) in &keys {
            counts[((h >> shift) & 0xff) as usize + 1] += 1;
        }
        for b in 0..256 {
            counts[b + 1] += counts[b];
        }
        for &k in &keys {
            let slot = &mut counts[((k.0 >> shift) & 0xff) as usize];
            if let Some(dst) = scratch.get_mut(*slot) {
                *dst = k;
            }
            *slot += 1;
        }
        std::mem::swap(&mut keys, &mut scratch);
    }
    keys.into_iter().map(|(_, p)| p).collect()
}

/// Up to `cap` entries of the ascending `postings`, nearest to `target` first.
pub(super) fn nearest(postings: &[u32], target: usize, cap: usize) -> Vec<usize> {
    let mid = postings.partition_point(|&p| (p as usize) < target);
    let (mut lo, mut hi) = (mid, mid);
    let mut out = Vec::with_capacity(cap.min(postings.len()));
    while out.len() < cap {
        let left = lo.checked_sub(1).and_then(|i| postings.get(i)).copied();
        let right = postings.get(hi).copied();
        match (left, right) {
            (Some(l), Some(r)) if target - l as usize <= r as usize - target => {
                out.push(l as usize);
                lo -= 1;
            }
            (_, Some(r)) => {
                out.push(r as usize);
                hi += 1;
            }
            (Some(l), None) => {
                out.push(l as usize);
                lo -= 1;
            }
            (None, None) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shared_span_is_found() {
        let text = "The ferry (die Fähre) left at dawn; 東京 was far. ".repeat(3)
            + "Nothing else is here, only the quiet harbour and the lanterns.";
        let grams = Grams::build(&text);
        assert!(grams.len() > 0 && grams.len() < text.len() / 2);
        let bytes = text.as_bytes();
        for start in 0..=bytes.len() - SPAN {
            let piece = &bytes[start..start + SPAN];
            let Some((off, h)) = minimizer(piece) else {
                panic!("no minimizer")
            };
            assert!(
                grams.postings(&text, h).contains(&((start + off) as u32)),
                "span at {start} not found"
            );
        }
    }

    #[test]
    fn minimizers_match_a_naive_computation() {
        let text = "abababab abababab the quick brown fox, der Fluß, 東京の朝 ".repeat(20);
        let bytes = text.as_bytes();
        let hashes: Vec<u32> = (0..=bytes.len() - GRAM)
            .map(|i| gram_hash(bytes, i))
            .collect();
        let mut want: Vec<(u32, u32)> = Vec::new();
        for w in hashes.windows(WINDOW).enumerate() {
            let (i, win) = w;
            let (off, h) = win
                .iter()
                .enumerate()
                .min_by_key(|&(j, &h)| (h, j))
                .map(|(j, &h)| (j, h))
                .unwrap_or_default();
            let entry = (h, (i + off) as u32);
            if want.last() != Some(&entry) {
                want.push(entry);
            }
        }
        want.sort_unstable();
        want.dedup();
        let got: Vec<(u32, u32)> = Grams::build(&text)
            .pos
            .iter()
            .map(|&p| (gram_hash(bytes, p as usize), p))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn tiny_and_empty_texts_have_no_grams() {
        assert_eq!(Grams::build("").len(), 0);
        assert_eq!(Grams::build("short").len(), 0);
        assert!(Grams::build("").postings("", 7).is_empty());
        assert_eq!(minimizer(b"abc"), None);
    }

    #[test]
    fn nearest_alternates_around_the_target() {
        let p = [1u32, 5, 9, 20, 100];
        assert_eq!(nearest(&p, 10, 3), vec![9, 5, 1]);
        assert_eq!(nearest(&p, 18, 2), vec![20, 9]);
        assert_eq!(nearest(&p, 1000, 2), vec![100, 20]);
        assert_eq!(nearest(&p, 0, 9), vec![1, 5, 9, 20, 100]);
        assert!(nearest(&[], 3, 4).is_empty());
    }
}
