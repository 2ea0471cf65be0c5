//! How far the reader is, as one number: the status line, the side panel, the library,
//! `folio list` and every export show what [`percent`] computes, so they never disagree.
//!
//! Progress is the share of the text before the end of the page on screen, in whole percent
//! rounded down, and 100 only once the text's end is on screen. The reading view computes it
//! from its page and keeps it in the record (`progress`), so the library, `folio list` and the
//! exports read the same number without a layout. Places of highlights and bookmarks are told
//! with the same function over their start.
//!
//! Must not depend on ratatui or crossterm.

/// The share of a text `len` bytes long that lies before byte `end`, in whole percent: 100
/// when `end` is at (or past) the end or the text is empty, otherwise at most 99.
pub fn percent(end: usize, len: usize) -> u8 {
    if len == 0 || end >= len {
        return 100;
    }
    let share = u128::try_from(end).unwrap_or(u128::MAX).saturating_mul(100)
        / u128::try_from(len).unwrap_or(u128::MAX);
    u8::try_from(share).unwrap_or(99).min(99)
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn the_share_before_the_end_rounded_down_and_100_only_at_the_end() {
        assert_eq!(percent(0, 1000), 0);
        assert_eq!(percent(289, 1000), 28);
        assert_eq!(percent(999, 1000), 99);
        assert_eq!(percent(1000, 1000), 100);
        assert_eq!(percent(1200, 1000), 100);
        assert_eq!(percent(0, 0), 100);
        // No overflow on huge offsets.
        assert_eq!(percent(usize::MAX - 1, usize::MAX), 99);
    }
}
