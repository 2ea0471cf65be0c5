//! The reader's own reading pace, learned from page turns.
//!
//! Each turn to the next page is one observation: the words on the page left behind over the
//! time it was on screen. Skims (a page turned within seconds, or far faster than the pace so
//! far) and pauses (a page left open for minutes, or far slower) are ignored; the rest are
//! averaged, the first few evenly and later ones with more weight on the recent ones, so the
//! pace follows the reader without jumping with each page.

use serde::{Deserialize, Serialize};

/// Pace until the reader's own is known: a common figure for reading prose on a screen.
pub const DEFAULT_WPM: u32 = 230;

/// Observations before the learned pace replaces the default.
pub const TRUSTED_AFTER: u32 = 3;

/// A page with fewer words says little about a pace (a heading, the end of a chapter).
const MIN_WORDS: usize = 20;
/// Below this a page was skimmed, not read.
const MIN_SECONDS: f64 = 3.0;
/// Above this the reader was away.
const MAX_SECONDS: f64 = 600.0;
/// Paces no one reads prose at.
const PLAUSIBLE_WPM: std::ops::RangeInclusive<f64> = 50.0..=1500.0;
/// Once trusted, a page read this many times faster or slower than the pace is an outlier.
const OUTLIER: f64 = 2.5;
/// Weight of a new observation once the first few are averaged.
const SMOOTHING: f64 = 0.2;

/// The learned pace: words per minute and how many page turns it was learned from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pace {
    pub wpm: u32,
    pub samples: u32,
}

impl Pace {
    /// The pace to estimate with: the learned one once trusted, else `default`.
    pub fn wpm_or(&self, default: u32) -> u32 {
        if self.samples >= TRUSTED_AFTER && self.wpm > 0 {
            self.wpm
        } else {
            default.max(1)
        }
    }

    /// Learns from a page of `words` read in `seconds`; false when the turn was a skim or a
    /// pause and was ignored.
    pub fn observe(&mut self, words: usize, seconds: f64) -> bool {
        if words < MIN_WORDS || !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
            return false;
        }
        let rate = words as f64 * 60.0 / seconds;
        if !PLAUSIBLE_WPM.contains(&rate) {
            return false;
        }
        if self.samples >= TRUSTED_AFTER {
            let pace = f64::from(self.wpm.max(1));
            if rate > pace * OUTLIER || rate < pace / OUTLIER {
                return false;
            }
        }
        let weight = (1.0 / f64::from(self.samples + 1)).max(SMOOTHING);
        let next = f64::from(self.wpm) * (1.0 - weight) + rate * weight;
        self.wpm = next.round() as u32;
        self.samples = self.samples.saturating_add(1);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_holds_until_the_pace_is_trusted() {
        let mut pace = Pace::default();
        assert_eq!(pace.wpm_or(DEFAULT_WPM), DEFAULT_WPM);
        // 300 words in 60 s: 300 wpm.
        assert!(pace.observe(300, 60.0));
        assert!(pace.observe(300, 60.0));
        assert_eq!(pace.wpm_or(DEFAULT_WPM), DEFAULT_WPM);
        assert!(pace.observe(300, 60.0));
        assert_eq!(pace.wpm_or(DEFAULT_WPM), 300);
    }

    #[test]
    fn the_first_pages_are_averaged_evenly() {
        let mut pace = Pace::default();
        pace.observe(200, 60.0);
        pace.observe(400, 60.0);
        assert_eq!(pace.wpm, 300);
        pace.observe(300, 60.0);
        assert_eq!(
            pace,
            Pace {
                wpm: 300,
                samples: 3
            }
        );
    }

    #[test]
    fn skims_and_pauses_are_ignored() {
        let mut pace = Pace {
            wpm: 250,
            samples: 10,
        };
        // Turned within a second: a skim.
        assert!(!pace.observe(250, 1.0));
        // Far faster than the pace (1000 wpm): skimming.
        assert!(!pace.observe(500, 30.0));
        // Twenty minutes on one page: away.
        assert!(!pace.observe(250, 1200.0));
        // Far slower than the pace (60 wpm): a pause.
        assert!(!pace.observe(60, 60.0));
        // A nearly empty page.
        assert!(!pace.observe(5, 10.0));
        assert_eq!(
            pace,
            Pace {
                wpm: 250,
                samples: 10
            }
        );
    }

    #[test]
    fn a_trusted_pace_follows_the_reader_smoothly() {
        let mut pace = Pace {
            wpm: 200,
            samples: 10,
        };
        // The reader speeds up to 300 wpm: each page moves the pace a fifth of the way.
        assert!(pace.observe(300, 60.0));
        assert_eq!(pace.wpm, 220);
        for _ in 0..30 {
            pace.observe(300, 60.0);
        }
        assert!((295..=300).contains(&pace.wpm), "{}", pace.wpm);
    }

    #[test]
    fn slow_readers_are_learned_too() {
        // 100 wpm is far below the default, but nothing is known yet: it is accepted.
        let mut pace = Pace::default();
        for _ in 0..5 {
            assert!(pace.observe(100, 60.0));
        }
        assert_eq!(pace.wpm_or(DEFAULT_WPM), 100);
    }
}
