//! Bit-parallel edit distance over `char`s (Myers 1999, the block-based variant), used to
//! verify fuzzy candidates and to compare stored context with the text.
//!
//! One pass over `n` text characters costs `n * ceil(m / 64)` word operations for a pattern of
//! `m` characters. Both modes report the last row of the dynamic-programming matrix, `D[m][j]`
//! for every `j`:
//! - search (`anchored == false`): the pattern may start anywhere, so `D[m][j]` is the smallest
//!   distance of the pattern to a text substring ending at `j`;
//! - anchored: the alignment starts at text position 0, so `D[m][j]` is the edit distance of the
//!   pattern to `text[..j]`.

/// A pattern prepared for matching: one bit mask per distinct character and 64-row block.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    chars: Vec<char>,
    len: usize,
    blocks: usize,
    /// `blocks` masks per ASCII character.
    ascii: Vec<u64>,
    /// Non-ASCII characters of the pattern, sorted, with the offset of their masks in `other`.
    others: Vec<(char, usize)>,
    other: Vec<u64>,
    zero: Vec<u64>,
}

impl Pattern {
    pub(super) fn new(chars: &[char]) -> Pattern {
        let len = chars.len();
        let blocks = len.div_ceil(64).max(1);
        let mut ascii = vec![0u64; 128 * blocks];
        let mut distinct: Vec<char> = chars.iter().copied().filter(|c| !c.is_ascii()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let others: Vec<(char, usize)> = distinct
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i * blocks))
            .collect();
        let mut other = vec![0u64; others.len() * blocks];
        for (i, &c) in chars.iter().enumerate() {
            let (block, bit) = (i / 64, 1u64 << (i % 64));
            let slot = if c.is_ascii() {
                Some(c as usize * blocks + block)
            } else {
                others
                    .binary_search_by_key(&c, |&(k, _)| k)
                    .ok()
                    .and_then(|j| others.get(j))
                    .map(|&(_, at)| at + block)
            };
            let mask = match slot {
                Some(s) if c.is_ascii() => ascii.get_mut(s),
                Some(s) => other.get_mut(s),
                None => None,
            };
            if let Some(m) = mask {
                *m |= bit;
            }
        }
        Pattern {
            chars: chars.to_vec(),
            len,
            blocks,
            ascii,
            others,
            other,
            zero: vec![0; blocks],
        }
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The pattern's characters.
    pub(super) fn chars(&self) -> &[char] {
        &self.chars
    }

    fn masks(&self, c: char) -> &[u64] {
        let found = if c.is_ascii() {
            let at = c as usize * self.blocks;
            self.ascii.get(at..at + self.blocks)
        } else {
            self.others
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .and_then(|j| self.others.get(j))
                .and_then(|&(_, at)| self.other.get(at..at + self.blocks))
        };
        found.unwrap_or(&self.zero)
    }

    /// Fills `out` with `D[m][j]` for `j = 1..=text.len()` (see the module docs); `D[m][0]` is
    /// always `m`.
    pub(super) fn last_row(&self, text: &[char], anchored: bool, out: &mut Vec<u32>) {
        out.clear();
        out.reserve(text.len());
        let m = self.len;
        if m == 0 {
            out.extend((1..=text.len()).map(|j| if anchored { j as u32 } else { 0 }));
            return;
        }
        let mut pv = vec![!0u64; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        let last_bit = 1u64 << ((m - 1) % 64);
        let last = self.blocks - 1;
        let mut score = m as i64;
        for &c in text {
            let eqs = self.masks(c);
            let mut hin: i8 = i8::from(anchored);
            for (b, ((p, v), &eq)) in pv.iter_mut().zip(mv.iter_mut()).zip(eqs).enumerate() {
                let (pvb, mvb) = (*p, *v);
                let mut eq = eq;
                let xv = eq | mvb;
                if hin < 0 {
                    eq |= 1;
                }
                let xh = ((eq & pvb).wrapping_add(pvb) ^ pvb) | eq;
                let mut ph = mvb | !(xh | pvb);
                let mut mh = pvb & xh;
                let high = if b == last { last_bit } else { 1u64 << 63 };
                let hout: i8 = if ph & high != 0 {
                    1
                } else if mh & high != 0 {
                    -1
                } else {
                    0
                };
                ph <<= 1;
                mh <<= 1;
                if hin < 0 {
                    mh |= 1;
                } else if hin > 0 {
                    ph |= 1;
                }
                *p = mh | !(xv | ph);
                *v = ph & xv;
                hin = hout;
            }
            score += i64::from(hin);
            out.push(u32::try_from(score.max(0)).unwrap_or(u32::MAX));
        }
    }

    /// The edit distance (Levenshtein, unit costs) between the pattern and `text`.
    pub(super) fn distance(&self, text: &[char]) -> usize {
        if text.is_empty() {
            return self.len;
        }
        let mut row = Vec::new();
        self.last_row(text, true, &mut row);
        row.last().map_or(self.len, |&d| d as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook dynamic programme, for comparison.
    fn naive_row(p: &[char], t: &[char], anchored: bool) -> Vec<u32> {
        let mut prev: Vec<u32> = (0..=t.len())
            .map(|j| if anchored { j as u32 } else { 0 })
            .collect();
        for (i, &pc) in p.iter().enumerate() {
            let mut cur = vec![i as u32 + 1; t.len() + 1];
            for (j, &tc) in t.iter().enumerate() {
                let sub = prev[j] + u32::from(pc != tc);
                cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[1..].to_vec()
    }

    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed >> 33
    }

    #[test]
    fn matches_the_textbook_algorithm_across_block_sizes() {
        let alphabet: Vec<char> = "abcé東 ".chars().collect();
        let mut seed = 7;
        for round in 0..300 {
            let m = (lcg(&mut seed) % 200) as usize;
            let n = (lcg(&mut seed) % 260) as usize;
            let pick = |s: &mut u64| alphabet[(lcg(s) % alphabet.len() as u64) as usize];
            let p: Vec<char> = (0..m).map(|_| pick(&mut seed)).collect();
            let t: Vec<char> = (0..n).map(|_| pick(&mut seed)).collect();
            let pat = Pattern::new(&p);
            for anchored in [false, true] {
                let mut row = Vec::new();
                pat.last_row(&t, anchored, &mut row);
                assert_eq!(
                    row,
                    naive_row(&p, &t, anchored),
                    "round {round} m {m} n {n} anchored {anchored}"
                );
            }
        }
    }

    #[test]
    fn distances_of_known_pairs() {
        let d = |a: &str, b: &str| {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            Pattern::new(&a).distance(&b)
        };
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("Fähre", "Fahre"), 1);
        assert_eq!(d("東京🙂", "東京🙂"), 0);
        let long: String = "lorem ipsum ".repeat(40);
        let edited = long.replacen("ipsum", "ipsun", 3);
        assert_eq!(d(&long, &edited), 3);
    }

    #[test]
    fn search_finds_the_pattern_anywhere() {
        let p: Vec<char> = "river".chars().collect();
        let t: Vec<char> = "by the rivr bank".chars().collect();
        let mut row = Vec::new();
        Pattern::new(&p).last_row(&t, false, &mut row);
        assert_eq!(row.iter().min(), Some(&1));
        assert_eq!(row.iter().position(|&d| d == 1), Some(10));
    }
}
