//! The one small non-cryptographic hash folio-core uses (FNV-1a), for in-memory tables keyed
//! by short strings and for cheap text signatures. Content fingerprints that identify records
//! are SHA-256 (`store::fingerprint`), not this.
//!
//! Values are stable across builds and platforms (fixed constants, bytes fed as they are), so
//! nothing changes if one is ever kept; today none is written to disk.

use std::hash::{BuildHasherDefault, Hasher};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a: hashed many times with short words, where SipHash's set-up dominates. For keys that
/// are not attacker-chosen (fixed word lists, the text's own samples): no flooding defence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(OFFSET)
    }
}

impl Fnv {
    /// The hasher with `seed` mixed into its starting state.
    pub(crate) fn seeded(seed: u64) -> Self {
        Fnv(OFFSET ^ seed)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }
}

/// For `HashMap`/`HashSet` with [`Fnv`].
pub(crate) type FnvBuild = BuildHasherDefault<Fnv>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_fnv1a_values() {
        let hash = |s: &str| {
            let mut h = Fnv::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }
}
