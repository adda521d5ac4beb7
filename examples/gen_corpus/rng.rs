//! A small deterministic pseudo-random generator (SplitMix64), so the corpus depends only on
//! the seed and not on a crate's version or the platform.

/// SplitMix64: one 64-bit state, a fixed increment and a finalising mix. Fast, and good
/// enough for choosing phrases; not for anything cryptographic.
#[derive(Clone, Debug)]
pub struct Rng(u64);

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: spreads every input bit over the whole word.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The generator for one stream, identified by `seed` and a `stream` number (a document's
    /// index, say). Each document having its own stream makes document `k` the same whatever
    /// the output format or how many documents came before it.
    pub fn for_stream(seed: u64, stream: u64) -> Rng {
        Rng(mix(seed ^ mix(stream.wrapping_add(GOLDEN_GAMMA))))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix(self.0)
    }

    /// A uniform number in `0..n` (`n > 0`), by the multiply-high method (no modulo bias
    /// worth speaking of for the small `n` used here).
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Between `min_k` and `max_k` distinct indices of `0..n` (at most `n`), in random order.
    pub fn distinct(&mut self, n: usize, min_k: usize, max_k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = self.range(min_k, max_k).min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::for_stream(42, 7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::for_stream(42, 7).next_u64(),
            Rng::for_stream(42, 8).next_u64()
        );
        assert_ne!(
            Rng::for_stream(42, 7).next_u64(),
            Rng::for_stream(43, 7).next_u64()
        );
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut rng = Rng::for_stream(1, 1);
        for _ in 0..10_000 {
            let x = rng.range(3, 9);
            assert!((3..=9).contains(&x));
            assert!(rng.unit() < 1.0);
        }
        let d = rng.distinct(10, 4, 4);
        assert_eq!(d.len(), 4);
        let mut s = d.clone();
        s.sort();
        s.dedup();
        assert_eq!(s.len(), 4);
    }
}
