//! Regexes whose search scratch space comes from a small shared pool, so that the memory the
//! regexes use does not grow with the number of threads.
//!
//! A `regex` crate regex keeps one cache (its lazy DFA's states and transitions) for each
//! thread that uses it, and each cache grows until it holds every state that thread's lines
//! have needed. For the whole-line rule set that is 8 to 10 MB (measured on the synthetic
//! corpus; 179 byte classes make each state's row 716 bytes), so sixteen threads held about
//! 150 MB of caches that had all learnt the same states, and peak memory grew by some 20 MB
//! per thread. A smaller cache is no way out: at 2 MB the set's DFA clears itself hundreds of
//! times per 100 MB and the run is 60% slower.
//!
//! Here a regex owns at most [`MAX_CACHES`] caches; a thread takes one for a search and gives
//! it back, and waits when all are out. Threads seldom wait: the regexes run only on lines
//! that no memo answers and that are short enough for their rules, and a search takes a
//! microsecond or so, a few per cent of the cleaning time, so even sixteen threads have
//! fewer than one search running at a time on average. The matches are the same as the
//! `regex` crate's (same engine, same configuration as its bytes API).

use std::sync::{Condvar, Mutex, MutexGuard};

use regex_automata::meta::{self, BuildError, Cache, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternSet};

/// The most caches one regex keeps, which bounds its memory to twice its working set
/// whatever the thread count. The regexes take 3% of the cleaning time (callgrind, 20 MB of
/// the synthetic corpus), so of sixteen threads a third wants one at the same moment about
/// 1% of the time.
pub(crate) const MAX_CACHES: usize = 2;

/// A compiled regex (or set of regexes) with a bounded pool of search caches.
pub(crate) struct SharedRegex {
    regex: Regex,
    /// The source of each pattern, as given.
    sources: Vec<String>,
    pool: Mutex<Pool>,
    returned: Condvar,
}

#[derive(Default)]
struct Pool {
    /// Boxed: a cache is a large value, and the pool moves it out and back on every search
    /// (unboxed, those copies cost 1.8% of all instructions under callgrind).
    #[allow(clippy::vec_box)]
    free: Vec<Box<Cache>>,
    /// Caches made so far (free or lent out).
    made: usize,
    /// Threads waiting for a cache: only then does giving one back wake a thread (a wake-up
    /// is a system call, too dear to make on every search).
    waiting: usize,
}

impl SharedRegex {
    /// A set of `patterns` that reports which of them match anywhere in a text (the `regex`
    /// crate's `bytes::RegexSet`), compiled within `size_limit` bytes and with a lazy-DFA
    /// cache of `cache_capacity` bytes.
    pub(crate) fn set<S: AsRef<str>>(
        patterns: &[S],
        size_limit: usize,
        cache_capacity: usize,
    ) -> Result<Self, Box<BuildError>> {
        // The implicit group (the whole match) only: the searches with a cache report a
        // match's position, and refuse to search a regex compiled without any group.
        let config = meta::Config::new()
            .match_kind(MatchKind::All)
            .which_captures(WhichCaptures::Implicit);
        Self::build(patterns, config, size_limit, cache_capacity)
    }

    /// One regex with leftmost-first semantics and capture groups (the `regex` crate's
    /// `bytes::Regex`, with its default limits).
    pub(crate) fn single(pattern: &str) -> Result<Self, Box<BuildError>> {
        let config = meta::Config::new().match_kind(MatchKind::LeftmostFirst);
        Self::build(&[pattern], config, 10 << 20, 2 << 20)
    }

    fn build<S: AsRef<str>>(
        patterns: &[S],
        config: meta::Config,
        size_limit: usize,
        cache_capacity: usize,
    ) -> Result<Self, Box<BuildError>> {
        // As the `regex` crate builds its bytes API: a match may split a UTF-8 sequence,
        // and an empty match may fall inside one.
        let config = config
            .utf8_empty(false)
            .nfa_size_limit(Some(size_limit))
            .hybrid_cache_capacity(cache_capacity);
        let sources: Vec<String> = patterns.iter().map(|p| p.as_ref().to_owned()).collect();
        let regex = meta::Builder::new()
            .configure(config)
            .syntax(syntax::Config::new().utf8(false))
            .build_many(&sources)
            .map_err(Box::new)?;
        Ok(SharedRegex {
            regex,
            sources,
            pool: Mutex::new(Pool::default()),
            returned: Condvar::new(),
        })
    }

    /// The source of the first pattern (of the only one, for [`single`](Self::single)).
    pub(crate) fn as_str(&self) -> &str {
        self.sources.first().map_or("", String::as_str)
    }

    /// Calls `found` with the index of every pattern that matches somewhere in `text`, in
    /// increasing order; a text that no pattern matches costs one quick search.
    pub(crate) fn for_each_match(&self, text: &[u8], mut found: impl FnMut(usize)) {
        let mut matched: Option<PatternSet> = None;
        self.with_cache(|regex, cache| {
            if regex
                .search_half_with(cache, &Input::new(text).earliest(true))
                .is_none()
            {
                return;
            }
            let mut set = PatternSet::new(regex.pattern_len());
            regex.which_overlapping_matches_with(cache, &Input::new(text), &mut set);
            matched = Some(set);
        });
        for pattern in matched.iter().flat_map(|set| set.iter()) {
            found(pattern.as_usize());
        }
    }

    /// Where the leftmost-first match in `text` puts the group named `group`, or where the
    /// match starts when that group took no part (or does not exist); `None` without a match.
    pub(crate) fn group_or_match_start(&self, text: &[u8], group: &str) -> Option<usize> {
        let mut caps: Captures = self.regex.create_captures();
        self.with_cache(|regex, cache| {
            regex.search_captures_with(cache, &Input::new(text), &mut caps);
        });
        let span = caps
            .get_group_by_name(group)
            .or_else(|| caps.get_match().map(|m| m.span()));
        span.map(|span| span.start)
    }

    /// Runs `search` with a cache from the pool (made when fewer than [`MAX_CACHES`] exist,
    /// waited for otherwise), and puts the cache back afterwards, also when `search` panics.
    fn with_cache<R>(&self, search: impl FnOnce(&Regex, &mut Cache) -> R) -> R {
        let mut lent = Lent {
            owner: self,
            cache: Some(self.take()),
        };
        let cache = lent
            .cache
            .get_or_insert_with(|| Box::new(self.regex.create_cache()));
        search(&self.regex, cache)
    }

    fn take(&self) -> Box<Cache> {
        let mut pool = self.lock();
        loop {
            if let Some(cache) = pool.free.pop() {
                return cache;
            }
            if pool.made < MAX_CACHES {
                pool.made += 1;
                drop(pool);
                return Box::new(self.regex.create_cache());
            }
            pool.waiting += 1;
            pool = self
                .returned
                .wait(pool)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            pool.waiting -= 1;
        }
    }

    fn lock(&self) -> MutexGuard<'_, Pool> {
        // The pool is a list of caches: a thread that panicked holding the lock left it whole.
        self.pool
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A cache lent out of a pool; dropping it gives it back.
struct Lent<'a> {
    owner: &'a SharedRegex,
    cache: Option<Box<Cache>>,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            let mut pool = self.owner.lock();
            pool.free.push(cache);
            let wake = pool.waiting > 0;
            drop(pool);
            if wake {
                self.owner.returned.notify_one();
            }
        }
    }
}

impl Clone for SharedRegex {
    /// The same regex with a pool of its own (the regex itself is shared).
    fn clone(&self) -> Self {
        SharedRegex {
            regex: self.regex.clone(),
            sources: self.sources.clone(),
            pool: Mutex::new(Pool::default()),
            returned: Condvar::new(),
        }
    }
}

impl std::fmt::Debug for SharedRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedRegex")
            .field("patterns", &self.sources)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: patterns, text, and the indices the `regex` crate's set reports.
    #[test]
    fn sets_match_like_the_regex_crate() {
        let cases: &[(&[&str], &[u8])] = &[
            (
                &[r"^\d+ comments$", r"(?i)share", r"^by [A-Z]\w+$"],
                b"12 comments",
            ),
            (
                &[r"^\d+ comments$", r"(?i)share", r"^by [A-Z]\w+$"],
                b"SHARE this",
            ),
            (
                &[r"^\d+ comments$", r"(?i)share", r"^by [A-Z]\w+$"],
                b"by Anna",
            ),
            (
                &[r"^\d+ comments$", r"(?i)share", r"^by [A-Z]\w+$"],
                b"nothing",
            ),
            (&[r"^[^a-zA-Z]*é", r"(?i:ÉTÉ)$"], "l'été".as_bytes()),
            (&[r"^[^a-zA-Z]*é", r"(?i:ÉTÉ)$"], b"\xff\xfe invalid \xc3"),
            (&[r"a|", r"^$"], b""),
        ];
        for &(patterns, text) in cases {
            let ours = SharedRegex::set(patterns, 1 << 20, 1 << 20).unwrap();
            let theirs = regex::bytes::RegexSet::new(patterns).unwrap();
            let mut found = Vec::new();
            ours.for_each_match(text, |i| found.push(i));
            let expected: Vec<usize> = theirs.matches(text).iter().collect();
            assert_eq!(found, expected, "{patterns:?} on {text:?}");
            assert_eq!(
                !found.is_empty(),
                theirs.is_match(text),
                "{patterns:?} on {text:?}"
            );
        }
    }

    #[test]
    fn single_finds_the_named_group_or_the_match_start() {
        let re = SharedRegex::single(r"[.!]\s+(?P<cut>Read more)\s*$").unwrap();
        assert_eq!(
            re.group_or_match_start(b"It ended. Read more", "cut"),
            Some(10)
        );
        assert_eq!(
            re.group_or_match_start(b"It ended. Read more", "none"),
            Some(8)
        );
        assert_eq!(re.group_or_match_start(b"Read more", "cut"), None);
        assert_eq!(re.as_str(), r"[.!]\s+(?P<cut>Read more)\s*$");
    }

    /// Many threads share at most `MAX_CACHES` caches and all get the right answer.
    #[test]
    fn threads_share_a_bounded_pool() {
        let re =
            SharedRegex::set(&[r"^\d+ comments$", r"^by [A-Z]\w+$"], 1 << 20, 1 << 20).unwrap();
        std::thread::scope(|scope| {
            for t in 0..16 {
                let re = &re;
                scope.spawn(move || {
                    for i in 0..500 {
                        let line = format!("{} comments", t * 1000 + i);
                        let mut found = Vec::new();
                        re.for_each_match(line.as_bytes(), |k| found.push(k));
                        re.for_each_match(b"no match here", |k| found.push(k));
                        assert_eq!(found, [0]);
                    }
                });
            }
        });
        let pool = re.lock();
        assert!(
            (1..=MAX_CACHES).contains(&pool.made),
            "{} caches",
            pool.made
        );
        assert_eq!(pool.free.len(), pool.made);
    }

    #[test]
    fn bad_patterns_are_errors() {
        assert!(SharedRegex::set(&["(unclosed"], 1 << 20, 1 << 20).is_err());
        assert!(SharedRegex::single("[z-a]").is_err());
    }
}
