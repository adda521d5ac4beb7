//! Aho-Corasick automata that are quick to build and fast once there is much to search.
//!
//! A DFA searches several times faster than an NFA, but building one for a thousand phrases
//! takes tens of milliseconds: more than cleaning a page takes, which a shell loop that runs
//! noisestrip once per file would pay every time. So a rule set starts with NFAs (built in a
//! millisecond or two) and builds an automaton's DFA once that automaton has searched enough
//! text to repay it. Both kinds report exactly the same matches, so the output never depends
//! on which one searched a line, nor on the thread that happened to build the DFA.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, BuildError, MatchKind};

/// Bytes an automaton searches with its NFA before it builds its DFA: about where the time
/// the DFA saves has paid for building it.
const DFA_AFTER_BYTES: u64 = 1 << 20;

/// An automaton over fixed patterns that upgrades itself from NFA to DFA (see the module
/// documentation). Shared by every thread of a cleaner.
#[derive(Debug)]
pub(crate) struct Automaton {
    nfa: AhoCorasick,
    /// The DFA once built; `None` inside when it could not be built (too large), in which
    /// case the NFA stays.
    dfa: OnceLock<Option<AhoCorasick>>,
    patterns: Vec<Vec<u8>>,
    match_kind: MatchKind,
    searched: AtomicU64,
}

impl Automaton {
    /// An automaton over `patterns` with the given match semantics.
    pub(crate) fn new(patterns: Vec<Vec<u8>>, match_kind: MatchKind) -> Result<Self, BuildError> {
        let nfa = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(match_kind)
            .build(&patterns)?;
        Ok(Automaton {
            nfa,
            dfa: OnceLock::new(),
            patterns,
            match_kind,
            searched: AtomicU64::new(0),
        })
    }

    /// The automaton to search a haystack of `len` bytes with.
    #[inline]
    pub(crate) fn get(&self, len: usize) -> &AhoCorasick {
        if let Some(built) = self.dfa.get() {
            return built.as_ref().unwrap_or(&self.nfa);
        }
        let searched = self.searched.fetch_add(len as u64, Ordering::Relaxed) + len as u64;
        if searched < DFA_AFTER_BYTES {
            return &self.nfa;
        }
        self.dfa
            .get_or_init(|| {
                AhoCorasickBuilder::new()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(self.match_kind)
                    .build(&self.patterns)
                    .ok()
            })
            .as_ref()
            .unwrap_or(&self.nfa)
    }

    /// Builds the DFA now (for benchmarks and long runs that want it from the start).
    pub(crate) fn warm(&self) {
        self.searched.store(DFA_AFTER_BYTES, Ordering::Relaxed);
        let _ = self.get(0);
    }
}

impl Clone for Automaton {
    fn clone(&self) -> Self {
        Automaton {
            nfa: self.nfa.clone(),
            dfa: self.dfa.clone(),
            patterns: self.patterns.clone(),
            match_kind: self.match_kind,
            searched: AtomicU64::new(self.searched.load(Ordering::Relaxed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The NFA and the DFA find the same matches, so upgrading never changes a result.
    #[test]
    fn nfa_and_dfa_agree() {
        let patterns: Vec<Vec<u8>> = ["share this", "leave a reply", "reply", "cookie", "cookies"]
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect();
        let haystacks: [&[u8]; 4] = [
            b"please leave a reply below",
            b"we use cookies and cookie settings",
            b"share this: share this",
            b"nothing here at all",
        ];
        for kind in [MatchKind::Standard, MatchKind::LeftmostLongest] {
            let ac = Automaton::new(patterns.clone(), kind).unwrap();
            let find = |a: &AhoCorasick, h: &[u8]| -> Vec<(usize, usize, usize)> {
                if kind == MatchKind::Standard {
                    a.find_overlapping_iter(h)
                        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                        .collect()
                } else {
                    a.find_iter(h)
                        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                        .collect()
                }
            };
            let before: Vec<_> = haystacks.iter().map(|h| find(ac.get(h.len()), h)).collect();
            assert_eq!(ac.get(0).kind(), AhoCorasickKind::ContiguousNFA);
            ac.warm();
            assert_eq!(ac.get(0).kind(), AhoCorasickKind::DFA);
            let after: Vec<_> = haystacks.iter().map(|h| find(ac.get(h.len()), h)).collect();
            assert_eq!(before, after);
            assert!(!before[0].is_empty() && before[3].is_empty());
        }
    }

    #[test]
    fn upgrades_after_enough_text() {
        let ac = Automaton::new(vec![b"needle".to_vec()], MatchKind::Standard).unwrap();
        assert_eq!(ac.get(1000).kind(), AhoCorasickKind::ContiguousNFA);
        assert_eq!(
            ac.get(DFA_AFTER_BYTES as usize).kind(),
            AhoCorasickKind::DFA
        );
        assert_eq!(ac.clone().get(0).kind(), AhoCorasickKind::DFA);
    }
}
