//! A bounded, exact memo of per-line results, keyed by the line's bytes.
//!
//! Scraped text repeats itself: menus, share prompts, cookie notices, "Home", "Reply",
//! "Leave a Comment" come back page after page, and a worker that has matched a line against
//! every rule once would match it again to the same result (the rules are immutable and the
//! per-line work depends on nothing but the line). [`LineMemo`] remembers the results of
//! recent short lines so that a repeat costs a hash and a comparison instead of a
//! normalisation and several automaton passes.
//!
//! - **Exact**: a hit compares the whole line, not only its hash, so the memo never changes
//!   a result; the output is the same with or without it.
//! - **Bounded**: a fixed number of slots, each overwritten by the next line that maps to it;
//!   lines longer than the memo's limit are never stored (long prose lines rarely repeat, and
//!   they would evict many short ones).
//! - **Per worker**: no locks, and a worker's memo only makes it faster, so the output does
//!   not depend on the thread count.
//! - Cheap to start: a new memo has a few slots and grows (dropping what it held) as the
//!   lines it sees outnumber them, up to its limit; a worker made for one short document
//!   never pays for the full table. No allocation once grown: keys live in one arena of
//!   fixed-size cells, and values are overwritten in place.

use crate::normalize::hash64;

/// The slots of a new memo.
const FIRST_SLOTS: usize = 64;

/// A memo of `V` per line (see the module documentation).
#[derive(Debug)]
pub(crate) struct LineMemo<V> {
    /// Lines longer than this are not memoised.
    max_len: usize,
    /// The slots now, and the most it grows to (powers of two).
    slots: usize,
    max_slots: usize,
    /// Misses since the table last grew: once they are several times the slots, the lines
    /// in use do not fit, and the table grows.
    misses: usize,
    /// Per slot: the line's hash (0: empty; no stored hash is 0), its length, its value.
    hashes: Vec<u64>,
    lens: Vec<u32>,
    values: Vec<V>,
    /// Slot `i`'s line at `i * max_len ..`.
    keys: Vec<u8>,
}

/// What [`LineMemo::probe`] found.
pub(crate) enum Probe<'m, V> {
    /// The line was seen: its value.
    Hit(&'m V),
    /// The line is not in the memo and has been given a slot: fill in its value (the slot's
    /// previous value is still there, to be overwritten in place).
    Miss(&'m mut V),
    /// The line is too long to be memoised.
    TooLong,
}

impl<V: Default> LineMemo<V> {
    /// A memo of up to `slots` slots (rounded up to a power of two) for lines of at most
    /// `max_len` bytes. Nothing is allocated until the first probe.
    pub(crate) fn new(slots: usize, max_len: usize) -> Self {
        let max_slots = slots.next_power_of_two().max(1);
        LineMemo {
            max_len,
            slots: FIRST_SLOTS.min(max_slots),
            max_slots,
            misses: 0,
            hashes: Vec::new(),
            lens: Vec::new(),
            values: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Looks `line` up. On a miss the line takes its slot, evicting what was there, and the
    /// caller must store the line's value through [`Probe::Miss`].
    pub(crate) fn probe(&mut self, line: &[u8]) -> Probe<'_, V> {
        if line.len() > self.max_len {
            return Probe::TooLong;
        }
        if self.misses > 4 * self.slots && self.slots < self.max_slots {
            self.slots = (self.slots * 4).min(self.max_slots);
            self.hashes.clear();
            self.misses = 0;
        }
        if self.hashes.is_empty() {
            self.hashes = vec![0; self.slots];
            self.lens = vec![0; self.slots];
            self.values = std::iter::repeat_with(V::default)
                .take(self.slots)
                .collect();
            self.keys = vec![0; self.slots * self.max_len];
        }
        let hash = hash64(line) | 1;
        let slot = (hash >> 1) as usize & (self.slots - 1);
        let cell = slot * self.max_len..slot * self.max_len + line.len();
        if self.hashes[slot] == hash
            && self.lens[slot] as usize == line.len()
            && self.keys[cell.clone()] == *line
        {
            return Probe::Hit(&self.values[slot]);
        }
        self.misses += 1;
        self.hashes[slot] = hash;
        self.lens[slot] = u32::try_from(line.len()).unwrap_or(u32::MAX);
        self.keys[cell].copy_from_slice(line);
        Probe::Miss(&mut self.values[slot])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `lines` through a memo, computing each value as the line's length times 10 on a
    /// miss; returns what each probe said (`h` hit, `m` miss, `l` too long).
    fn trace(memo: &mut LineMemo<usize>, lines: &[&str]) -> String {
        lines
            .iter()
            .map(|line| match memo.probe(line.as_bytes()) {
                Probe::Hit(&v) => {
                    assert_eq!(v, line.len() * 10, "stale value for {line:?}");
                    'h'
                }
                Probe::Miss(v) => {
                    *v = line.len() * 10;
                    'm'
                }
                Probe::TooLong => 'l',
            })
            .collect()
    }

    #[test]
    fn hits_only_exact_repeats() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("a repeat hits", &["Home", "Share", "Home"], "mmh"),
            ("case differs", &["Home", "home", "Home"], "mm?"),
            ("prefix is not a hit", &["Reply", "Rep", "Reply"], "mm?"),
            ("empty line", &["", ""], "mh"),
            (
                "too long",
                &["x".repeat(17).leak(), "x".repeat(17).leak()],
                "ll",
            ),
            (
                "at the limit",
                &["y".repeat(16).leak(), "y".repeat(16).leak()],
                "mh",
            ),
        ];
        for (name, lines, expected) in cases {
            let mut memo = LineMemo::new(64, 16);
            let got = trace(&mut memo, lines);
            // '?': hit or miss, depending on whether the lines in between took the slot.
            let matches = got.len() == expected.len()
                && got
                    .chars()
                    .zip(expected.chars())
                    .all(|(g, e)| e == '?' || g == e);
            assert!(matches, "{name}: got {got}, expected {expected}");
        }
    }

    #[test]
    fn a_memo_grows_to_its_limit_with_the_lines_it_sees() {
        let mut memo = LineMemo::new(1024, 16);
        assert!(
            memo.hashes.is_empty(),
            "nothing allocated before the first probe"
        );
        trace(&mut memo, &["first"]);
        assert_eq!(memo.hashes.len(), FIRST_SLOTS);
        let lines: Vec<String> = (0..20_000).map(|i| format!("l{i}")).collect();
        for line in &lines {
            trace(&mut memo, &[line.as_str()]);
        }
        assert_eq!(
            memo.hashes.len(),
            1024,
            "grown to the limit, and no further"
        );
        // Still exact after growing: a line just seen is a hit.
        assert_eq!(trace(&mut memo, &["l19999"]), "h");
    }

    #[test]
    fn a_full_memo_evicts_but_never_answers_wrong() {
        // Two slots, many lines: most probes collide; every hit must carry its own value
        // (trace checks it) and the last line probed is always a hit when probed again.
        let mut memo = LineMemo::new(2, 32);
        let lines: Vec<String> = (0..200).map(|i| format!("line {i}")).collect();
        for round in 0..3 {
            for line in &lines {
                trace(&mut memo, &[line.as_str()]);
                assert_eq!(
                    trace(&mut memo, &[line.as_str()]),
                    "h",
                    "round {round}: {line}"
                );
            }
        }
    }
}
