//! Compiling parsed rules into matching engines, and matching one line against all of them.
//!
//! Like ripgrep's `globset`, many rules become a few engines plus maps from an engine's
//! pattern index back to the rule:
//!
//! - whole-line rules: one hash map keyed by the normalised line;
//! - prefix rules: the same kind of map, probed at word boundaries of the line's start, only
//!   when the line's first word starts some prefix pattern;
//! - contains and cut rules: one Aho-Corasick DFA over the normalised line; a cut found there
//!   is mapped back to a byte offset of the raw line;
//! - regex rules: one `RegexSet` over the raw line; the cut rules' regexes, which may search
//!   a long tail, are grouped by the bytes a match needs (`crate::required`), so that a tail
//!   without them skips the group.
//!
//! Every engine but the cut rules has a word limit, so a long prose line costs one
//! normalisation (which duplicate detection needs anyway) and one automaton pass.

use aho_corasick::MatchKind as AcMatchKind;
use regex::bytes::Regex;
use regex_automata::meta::BuildError;

use crate::automaton::Automaton;
use crate::error::{Error, ErrorKind};
use crate::normalize::{FastMap, Normalized, count_words_raw, normalize_into};
use crate::required::GatedSet;
use crate::rules::{Action, MatchKind, Origin, RuleSpec};
use crate::shared_regex::SharedRegex;

/// Index of a rule in its [`RuleSet`] (the order rules were loaded in).
pub type RuleId = u32;

/// Default `max-words` for `prefix` rules: a line that merely starts like "Posted on" but
/// runs on for a paragraph is prose, not metadata.
const DEFAULT_PREFIX_MAX_WORDS: usize = 15;
/// Default `max-words` for `contains` rules.
const DEFAULT_CONTAINS_MAX_WORDS: usize = 30;
/// The compiled-size and lazy-DFA cache limits of each regex set.
const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// Default `max-words` for `regex` rules (drop, keep, truncate, toc).
const DEFAULT_REGEX_MAX_WORDS: usize = 40;

/// What `--list-rules` shows of a compiled rule.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    /// The rule's unique name.
    pub name: String,
    /// What it does.
    pub action: Action,
    /// How it matches.
    pub kind: MatchKind,
    /// Where it was written.
    pub origin: Origin,
    /// How many patterns it has.
    pub patterns: usize,
    /// Languages it declares.
    pub langs: Vec<String>,
    /// Its patterns as written, when they are literal text (every kind but `regex`): what
    /// `--list-phrases` exports for other tools to search for.
    pub phrases: Vec<String>,
}

#[derive(Clone, Debug)]
struct Params {
    action: Action,
    max_words: Option<usize>,
    tail_max_words: Option<usize>,
    min_words_before: usize,
    low_certainty: bool,
}

/// Every phrase rule compiled into its engines. Immutable and `Send + Sync`; build once and
/// share.
#[derive(Clone, Debug)]
pub struct RuleSet {
    info: Vec<RuleInfo>,
    params: Vec<Params>,
    exact: FastMap<Box<[u8]>, Vec<RuleId>>,
    prefix: FastMap<Box<[u8]>, Vec<RuleId>>,
    /// First words of prefix patterns: a line whose first word is not here skips the probes.
    prefix_first_words: FastMap<Box<[u8]>, ()>,
    prefix_max_words: usize,
    /// The longest whole-line key: longer lines skip the lookup.
    exact_max_len: usize,
    /// Contains patterns, normalised (the rule of each in `contains_ids`), followed by the
    /// cut markers: one search of a normalised line says whether any of either occurs. Most
    /// lines hold none, and then neither the contains hits nor the cut markers (whose
    /// leftmost-longest search is `cut`'s) are looked for. Contains hits are only looked for
    /// on lines within `contains_max_words`.
    contains: Option<Automaton>,
    contains_ids: Vec<RuleId>,
    contains_max_words: usize,
    /// Cut markers, lowercase, searched in every line's normalised text (full or light): a
    /// small case-sensitive automaton keeps its fast prefilter. Matches are mapped back to
    /// byte offsets of the raw line.
    cut: Option<Automaton>,
    cut_ids: Vec<RuleId>,
    /// Contains patterns in light-normalised forms (ASCII case folded; lower, upper and title
    /// case of other letters), for long lines that skip the full normalisation: the patterns
    /// of every rule that accepts a line longer than the full path takes, in one automaton.
    /// A match whose rule does not accept the line's length is dropped when it is recorded.
    /// One automaton per word limit, each with only the rules that accept lines that long,
    /// was no faster (a DFA's speed hardly depends on its size, and prose rarely holds a
    /// notice's words) and held twice the memory: 15 MB of DFAs against 7.8 MB.
    contains_light: Option<LightContains>,
    /// The most words a line can have and still match a whole-line, prefix or (non-cut)
    /// regex rule: the rules only the full normalisation can check.
    full_path_max_words: usize,
    /// Regex cut rules, run on the raw bytes of every line (of a long line's tail only),
    /// when `regex_cut_set` says one of them matches.
    regex_cut: Vec<(SharedRegex, RuleId)>,
    regex_cut_set: Option<GatedSet>,
    /// The most words any regex cut rule lets follow its match (`tail-max-words`), or `None`
    /// when one sets no limit: a long line is searched in that many last words only.
    regex_cut_tail_words: Option<usize>,
    /// The same bound over the cut rules with markers. Each engine looks only as far back
    /// as its own rules can reach: the markers, mostly engagement bait that may end a line
    /// within 20 words, need a far shorter tail than a keyword list of 60 words.
    marker_cut_tail_words: Option<usize>,
    /// Whole-line regex rules. One set, not gated like the cut rules: on short lines the
    /// gates' `memchr` calls cost more than the set's pass (measured).
    regex: Option<SharedRegex>,
    regex_ids: Vec<RuleId>,
    /// Whole-line regex rules not anchored at the line start (the set above holds those that
    /// are): grouped by required bytes (see [`GatedSet`]), so that such a rule, which would
    /// keep the set's automaton running to the end of every line, costs a `memchr` on lines
    /// without its bytes. An end-anchored one runs backwards from the line end.
    regex_floating: Option<GatedSet>,
    regex_floating_ids: Vec<RuleId>,
    /// The most words any regex rule accepts (cut rules: unlimited).
    regex_max_words: usize,
}

/// The light-normalised contains patterns of the rules that accept lines longer than the
/// full path takes (see [`RuleSet`]).
#[derive(Clone, Debug)]
struct LightContains {
    ac: Automaton,
    ids: Vec<RuleId>,
}

/// Which normalisation produced the text given to [`RuleSet::match_cut`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutText {
    /// [`crate::normalize::normalize_into`].
    Full,
    /// [`crate::normalize::light_normalize_into`].
    Light,
}

/// What the rules say about one line: the first (lowest-id) rule of each action that matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineHits {
    /// A `keep` rule matched.
    pub keep: Option<RuleId>,
    /// A `drop` rule matched.
    pub drop: Option<RuleId>,
    /// A `truncate` rule (a footer anchor) matched.
    pub truncate: Option<RuleId>,
    /// A `toc` rule (a table-of-contents heading) matched.
    pub toc: Option<RuleId>,
    /// A `block` rule (the heading of a block of links) matched.
    pub block: Option<RuleId>,
    /// A `cut` rule matched: cut the line's text at this byte offset.
    pub cut: Option<(usize, RuleId)>,
}

impl LineHits {
    /// True when no rule matched.
    pub fn is_empty(&self) -> bool {
        *self == LineHits::default()
    }
}

fn set_min(slot: &mut Option<RuleId>, id: RuleId) {
    if slot.is_none_or(|old| id < old) {
        *slot = Some(id);
    }
}

impl RuleSet {
    /// Compiles rule specs into engines.
    ///
    /// ```
    /// use noisestrip::rules::{parse, RuleSource};
    /// use noisestrip::ruleset::RuleSet;
    /// let specs = parse(&RuleSource {
    ///     name: "x.rules".into(),
    ///     text: "[ads.label]\naction: drop\n- Advertisement\n".into(),
    /// }).unwrap();
    /// let set = RuleSet::compile(&specs).unwrap();
    /// let mut norm = noisestrip::normalize::Normalized::default();
    /// let hits = set.match_line(b"ADVERTISEMENT:", &mut norm);
    /// assert_eq!(hits.drop, Some(0));
    /// ```
    ///
    /// # Errors
    /// A rule-syntax error naming the file and line of a pattern that cannot be compiled (a
    /// bad regex, or a pattern with no text left after normalisation).
    pub fn compile(specs: &[RuleSpec]) -> Result<RuleSet, Error> {
        let mut set = RuleSet {
            info: Vec::with_capacity(specs.len()),
            params: Vec::with_capacity(specs.len()),
            exact: FastMap::default(),
            prefix: FastMap::default(),
            prefix_first_words: FastMap::default(),
            prefix_max_words: 0,
            exact_max_len: 0,
            contains: None,
            contains_ids: Vec::new(),
            contains_max_words: 0,
            cut: None,
            cut_ids: Vec::new(),
            contains_light: None,
            full_path_max_words: 0,
            regex_cut: Vec::new(),
            regex_cut_set: None,
            regex_cut_tail_words: Some(0),
            marker_cut_tail_words: Some(0),
            regex: None,
            regex_ids: Vec::new(),
            regex_floating: None,
            regex_floating_ids: Vec::new(),
            regex_max_words: 0,
        };
        let mut contains_patterns: Vec<Vec<u8>> = Vec::new();
        let mut cut_patterns: Vec<Vec<u8>> = Vec::new();
        // (pattern, rule, the rule's word limit)
        let mut contains_light_patterns: Vec<(Vec<u8>, RuleId, usize)> = Vec::new();
        // Where each regex of the set was written, to name it if the set does not compile.
        let mut regex_lines: Vec<(String, usize)> = Vec::new();
        let mut regex_sources: Vec<String> = Vec::new();
        let mut floating_sources: Vec<(String, (String, usize))> = Vec::new();
        let mut norm = Normalized::default();

        for (index, spec) in specs.iter().enumerate() {
            let id = RuleId::try_from(index)
                .map_err(|_| Error::config("too many rules (more than 4 billion)"))?;
            let bad = |line: usize, message: String| {
                Error::new(ErrorKind::RuleSyntax {
                    file: spec.origin.file.clone(),
                    line,
                    message,
                })
            };
            set.info.push(RuleInfo {
                name: spec.name.clone(),
                action: spec.action,
                kind: spec.kind,
                origin: spec.origin.clone(),
                patterns: spec.patterns.len(),
                langs: spec.langs.clone(),
                phrases: match spec.kind {
                    MatchKind::Regex => Vec::new(),
                    _ => spec.patterns.iter().map(|p| p.text.clone()).collect(),
                },
            });
            let default_max = match spec.kind {
                MatchKind::Prefix => Some(DEFAULT_PREFIX_MAX_WORDS),
                MatchKind::Contains if spec.action != Action::Cut => {
                    Some(DEFAULT_CONTAINS_MAX_WORDS)
                }
                MatchKind::Regex if spec.action != Action::Cut => Some(DEFAULT_REGEX_MAX_WORDS),
                _ => None,
            };
            let max_words = spec.max_words.or(default_max);
            let limit = max_words.unwrap_or(usize::MAX);
            let reach = match (spec.kind, spec.action) {
                (_, Action::Cut) | (MatchKind::Contains, _) => 0,
                (MatchKind::Line, _) => spec
                    .patterns
                    .iter()
                    .map(|p| crate::normalize::count_words(p.text.as_bytes()))
                    .max()
                    .unwrap_or(0),
                _ => limit,
            };
            set.full_path_max_words = set.full_path_max_words.max(reach);
            match (spec.kind, spec.action) {
                (MatchKind::Regex, action) if action != Action::Cut => {
                    set.regex_max_words = set.regex_max_words.max(limit);
                }
                (MatchKind::Contains, action) if action != Action::Cut => {
                    set.contains_max_words = set.contains_max_words.max(limit);
                }
                _ => {}
            }
            if spec.action == Action::Cut {
                let widen = |bound: Option<usize>| match (bound, spec.tail_max_words) {
                    (Some(most), Some(this)) => Some(most.max(this)),
                    _ => None,
                };
                if spec.kind == MatchKind::Regex {
                    set.regex_cut_tail_words = widen(set.regex_cut_tail_words);
                } else {
                    set.marker_cut_tail_words = widen(set.marker_cut_tail_words);
                }
            }
            set.params.push(Params {
                action: spec.action,
                max_words,
                tail_max_words: spec.tail_max_words,
                min_words_before: spec.min_words_before,
                low_certainty: spec.low_certainty,
            });

            for pattern in &spec.patterns {
                match (spec.kind, spec.action) {
                    (MatchKind::Regex, Action::Cut) => {
                        let re = SharedRegex::single(&pattern.text).map_err(|e| {
                            // The `regex` crate's error names the fault in the pattern; it is
                            // asked only once the pattern has failed.
                            let message = Regex::new(&pattern.text)
                                .err()
                                .map_or_else(|| e.to_string(), |plain| plain.to_string());
                            bad(pattern.line, format!("bad regex: {message}"))
                        })?;
                        set.regex_cut.push((re, id));
                    }
                    (MatchKind::Regex, _) => {
                        let at = (spec.origin.file.clone(), pattern.line);
                        if crate::required::is_start_anchored(&pattern.text) {
                            regex_sources.push(pattern.text.clone());
                            regex_lines.push(at);
                            set.regex_ids.push(id);
                        } else {
                            floating_sources.push((pattern.text.clone(), at));
                            set.regex_floating_ids.push(id);
                        }
                    }
                    (MatchKind::Contains, Action::Cut) => {
                        for variant in cut_variants(&pattern.text) {
                            if variant.is_empty() {
                                return Err(bad(pattern.line, "empty cut marker".into()));
                            }
                            if !cut_patterns.contains(&variant) {
                                cut_patterns.push(variant);
                                set.cut_ids.push(id);
                            }
                        }
                    }
                    (kind, _) => {
                        normalize_into(pattern.text.as_bytes(), &mut norm);
                        // Only whole-line patterns lose their trailing punctuation; prefix and
                        // contains patterns keep it ("Photo:"), and the line must have it.
                        let key = match kind {
                            MatchKind::Line => norm.key(),
                            _ => norm.as_bytes(),
                        };
                        if key.is_empty() {
                            return Err(bad(
                                pattern.line,
                                format!(
                                    "pattern `{}` has no text left after normalisation",
                                    pattern.text
                                ),
                            ));
                        }
                        match kind {
                            MatchKind::Line => {
                                set.exact_max_len = set.exact_max_len.max(key.len());
                                push_id(&mut set.exact, key, id);
                            }
                            MatchKind::Prefix => {
                                let words = key.split(|&b| b == b' ').count();
                                set.prefix_max_words = set.prefix_max_words.max(words);
                                let first = first_word(key);
                                set.prefix_first_words.insert(first.into(), ());
                                let trimmed = crate::normalize::trim_end_decoration_bytes(first);
                                set.prefix_first_words.insert(trimmed.into(), ());
                                push_id(&mut set.prefix, key, id);
                            }
                            _ => {
                                contains_patterns.push(key.to_vec());
                                set.contains_ids.push(id);
                                for variant in cut_variants(&pattern.text) {
                                    if !variant.is_empty() {
                                        contains_light_patterns.push((variant, id, limit));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        let build_err = |what: &str, e: String| Error::config(format!("building {what}: {e}"));
        // The regex set takes longest to build: it is built on a second thread while this one
        // builds the automata (inline when no thread can be started).
        let build_regex_set =
            || SharedRegex::set(&regex_sources, REGEX_SIZE_LIMIT, REGEX_SIZE_LIMIT);
        std::thread::scope(|scope| {
            let regex_job = (!regex_sources.is_empty()).then(|| {
                match std::thread::Builder::new()
                    .name("noisestrip-regex".into())
                    .spawn_scoped(scope, build_regex_set)
                {
                    Ok(handle) => RegexJob::Thread(handle),
                    Err(_) => RegexJob::Inline,
                }
            });
            if !contains_patterns.is_empty() || !cut_patterns.is_empty() {
                // The cut markers after the contains patterns: see `RuleSet::contains`.
                let mut all = contains_patterns;
                all.extend(cut_patterns.iter().cloned());
                set.contains = Some(
                    Automaton::new(all, AcMatchKind::Standard)
                        .map_err(|e| build_err("contains rules", e.to_string()))?,
                );
            }
            // Only lines of more words than the full path takes come to the light automaton,
            // so it holds only the patterns of rules that accept such lines.
            let (patterns, ids): (Vec<Vec<u8>>, Vec<RuleId>) = contains_light_patterns
                .iter()
                .filter(|&&(_, _, limit)| limit > set.full_path_max_words)
                .map(|(pattern, id, _)| (pattern.clone(), *id))
                .unzip();
            if !patterns.is_empty() {
                let ac = Automaton::new(patterns, AcMatchKind::Standard)
                    .map_err(|e| build_err("contains rules", e.to_string()))?;
                set.contains_light = Some(LightContains { ac, ids });
            }
            if !cut_patterns.is_empty() {
                set.cut = Some(
                    Automaton::new(cut_patterns, AcMatchKind::LeftmostLongest)
                        .map_err(|e| build_err("cut rules", e.to_string()))?,
                );
            }
            if !set.regex_cut.is_empty() {
                let sources: Vec<&str> = set.regex_cut.iter().map(|(re, _)| re.as_str()).collect();
                set.regex_cut_set = Some(
                    GatedSet::build(&sources, REGEX_SIZE_LIMIT)
                        .map_err(|e| build_err("regex cut rules", e.to_string()))?,
                );
            }

            if !floating_sources.is_empty() {
                let sources: Vec<&str> = floating_sources.iter().map(|(p, _)| p.as_str()).collect();
                match GatedSet::build(&sources, REGEX_SIZE_LIMIT) {
                    Ok(gated) => set.regex_floating = Some(gated),
                    Err(e) => {
                        let lines = floating_sources.iter().map(|(p, at)| (p, at));
                        return Err(blame_regex(lines)
                            .unwrap_or_else(|| build_err("regex rules", e.to_string())));
                    }
                }
            }
            if let Some(job) = regex_job {
                let built = match job {
                    RegexJob::Thread(handle) => handle.join().unwrap_or_else(|_| build_regex_set()),
                    RegexJob::Inline => build_regex_set(),
                };
                match built {
                    Ok(regex_set) => set.regex = Some(regex_set),
                    Err(e) => {
                        return Err(blame_regex(regex_sources.iter().zip(&regex_lines))
                            .unwrap_or_else(|| build_err("regex rules", e.to_string())));
                    }
                }
            }
            Ok(set)
        })
    }

    /// Builds the fast form of every matching automaton now, instead of once enough text
    /// has been searched to repay it (the automata start as NFAs and become DFAs after a
    /// mebibyte of text): for benchmarks, and for long runs that want full speed from the
    /// first byte. Matches are the same either way.
    pub fn warm_up(&self) {
        let light = self.contains_light.iter().map(|l| &l.ac);
        for ac in self.contains.iter().chain(&self.cut).chain(light) {
            ac.warm();
        }
    }

    /// An empty rule set: only structural rules apply.
    pub fn empty() -> RuleSet {
        RuleSet::compile(&[]).unwrap_or_else(|_| unreachable!("no rules cannot fail"))
    }

    /// Information about every rule, indexed by [`RuleId`].
    pub fn rules(&self) -> &[RuleInfo] {
        &self.info
    }

    /// True when the rule is marked `certainty: low` (see [`RuleSpec::low_certainty`]).
    pub fn is_low_certainty(&self, id: RuleId) -> bool {
        self.params
            .get(id as usize)
            .is_some_and(|p| p.low_certainty)
    }

    /// The rule with this id.
    pub fn rule(&self, id: RuleId) -> &RuleInfo {
        &self.info[id as usize]
    }

    /// Matches one line (without terminator) against every rule. `norm` is scratch space; on
    /// return it holds the normalised line.
    pub fn match_line(&self, text: &[u8], norm: &mut Normalized) -> LineHits {
        normalize_into(text, norm);
        self.match_full(text, norm)
    }

    /// Matches a line whose normalised form (`norm`, made from `text` by
    /// [`normalize_into`]) the caller already has against every rule: the same as
    /// [`match_normalised`](Self::match_normalised) followed by [`match_cut`](Self::match_cut)
    /// with [`CutText::Full`], with one search for any contains pattern or cut marker first.
    pub fn match_full(&self, text: &[u8], norm: &Normalized) -> LineHits {
        let bytes = norm.as_bytes();
        let literals = self
            .contains
            .as_ref()
            .is_some_and(|ac| ac.get(bytes.len()).is_match(bytes));
        let mut hits = self.match_normalised_gated(text, norm, literals);
        self.match_regex_cuts(text, 0, &mut hits);
        if literals {
            self.match_cut_markers(text, 0, bytes, CutText::Full, &mut hits);
        }
        hits
    }

    /// The most words a line can have and still match a whole-line, prefix or regex rule:
    /// longer lines need only [`match_light`](Self::match_light) and
    /// [`match_cut`](Self::match_cut), which work on the cheaper light normalisation.
    pub fn full_path_max_words(&self) -> usize {
        self.full_path_max_words
    }

    /// Matches the contains rules against a long line's light normalisation (`light`, with
    /// `words` tokens; see [`crate::normalize::light_normalize_into`]).
    pub fn match_light(&self, light: &[u8], words: usize) -> LineHits {
        let mut hits = LineHits::default();
        if words > self.contains_max_words {
            return hits;
        }
        // `record` drops the matches of rules that do not accept a line this long.
        if let Some(light_set) = &self.contains_light {
            let ac = light_set.ac.get(light.len());
            // Most lines match nothing: the plain search (with its fast loop) says so, and
            // only a line with a match pays for the overlapping one.
            if !ac.is_match(light) {
                return hits;
            }
            for m in ac.find_overlapping_iter(light) {
                if is_word_boundary(light, m.start(), m.end()) {
                    self.record(light_set.ids[m.pattern().as_usize()], words, &mut hits);
                }
            }
        }
        hits
    }

    /// Matches the cut rules against a line's normalised text (`norm`, made from `text` as
    /// `kind` says), recording the earliest valid cut as an offset into `text`.
    pub fn match_cut(&self, text: &[u8], norm: &[u8], kind: CutText, hits: &mut LineHits) {
        self.match_regex_cuts(text, 0, hits);
        self.match_cut_markers(text, 0, norm, kind, hits);
    }

    /// Matches the cut rules against a long line by its tail only: every cut rule bounds
    /// the words that may follow its marker (`tail-max-words`), so a marker further from
    /// the end could never cut. `light` is the line's light normalisation
    /// ([`crate::normalize::light_normalize_into`]), which the caller has already made for
    /// [`match_light`](Self::match_light): the tail's own light form is a suffix of it, so
    /// the markers search that suffix instead of normalising the tail again. Without such a
    /// bound (a cut rule that sets none) the whole line is searched.
    ///
    /// ```
    /// use noisestrip::rules::{parse, RuleSource};
    /// use noisestrip::ruleset::{LineHits, RuleSet};
    /// let specs = parse(&RuleSource {
    ///     name: "x.rules".into(),
    ///     text: "[bait]\naction: cut\nmatch: contains\ntail-max-words: 8\n- Let us know\n".into(),
    /// }).unwrap();
    /// let set = RuleSet::compile(&specs).unwrap();
    /// let line = format!("{} Let us know below!", "The river rose again. ".repeat(20));
    /// let mut light = Vec::new();
    /// noisestrip::normalize::light_normalize_into(line.as_bytes(), &mut light);
    /// let mut hits = LineHits::default();
    /// set.match_cut_tail(line.as_bytes(), &light, &mut hits);
    /// assert_eq!(hits.cut.map(|(at, _)| &line[..at]), Some(line[..440].trim_end()));
    /// ```
    pub fn match_cut_tail(&self, text: &[u8], light: &[u8], hits: &mut LineHits) {
        if self.regex_cut.is_empty() && self.cut.is_none() {
            return;
        }
        // Two words to spare: a marker may begin inside a token ("end.Keywords:").
        let start_for = |bound: Option<usize>| bound.map_or(0, |words| tail_start(text, words + 2));
        if !self.regex_cut.is_empty() {
            self.match_regex_cuts(text, start_for(self.regex_cut_tail_words), hits);
        }
        if self.cut.is_some() {
            let start = start_for(self.marker_cut_tail_words);
            // Light normalisation maps each byte on its own and `start` lies on whitespace
            // (or is 0), so the tail's light form is the last `len` bytes of the line's.
            let len = crate::normalize::light_len(&text[start..]);
            let tail = light
                .get(light.len().saturating_sub(len)..)
                .unwrap_or(light);
            self.match_cut_markers(text, start, tail, CutText::Light, hits);
        }
    }

    /// The regex cut rules on `text[from..]` (positions reported in `text`).
    fn match_regex_cuts(&self, text: &[u8], from: usize, hits: &mut LineHits) {
        let part = &text[from..];
        // The set's groups rule most lines out: the rules are anchored at the line end, so
        // they run in reverse from there and most fail within a few bytes, and a rule that
        // could scan further (a keyword tail, which stops only at a colon) runs only on text
        // holding the bytes it requires. Only a line that some rule matches pays for that
        // rule's captures, in rule order (ties between cuts go to the first rule).
        let Some(set) = &self.regex_cut_set else {
            return;
        };
        let mut candidates: Vec<usize> = Vec::new();
        set.for_each_match(part, |index| candidates.push(index));
        candidates.sort_unstable();
        for index in candidates {
            let (re, id) = &self.regex_cut[index];
            // A group named `cut` says where the cut goes; otherwise the match start.
            if let Some(at) = re.group_or_match_start(part, "cut") {
                self.consider_cut(text, from + at, *id, hits);
            }
        }
    }

    /// The cut markers in `norm`, the normalisation (`kind`) of `text[from..]`.
    fn match_cut_markers(
        &self,
        text: &[u8],
        from: usize,
        norm: &[u8],
        kind: CutText,
        hits: &mut LineHits,
    ) {
        let Some(ac) = &self.cut else { return };
        let part = &text[from..];
        for m in ac.get(norm.len()).find_iter(norm) {
            // The marker must start a word: "Keywords:" but not "SEOkeywords:".
            if m.start() > 0 && is_word_byte(norm[m.start() - 1]) {
                continue;
            }
            let at = match kind {
                CutText::Full => crate::normalize::raw_offset(part, m.start()),
                CutText::Light => crate::normalize::light_raw_offset(part, m.start()),
            };
            if self.consider_cut(text, from + at, self.cut_ids[m.pattern().as_usize()], hits) {
                break;
            }
        }
    }

    /// Matches a line whose normalised form the caller already has against every rule but
    /// the cut rules (see [`match_cut`](Self::match_cut)).
    pub fn match_normalised(&self, text: &[u8], norm: &Normalized) -> LineHits {
        self.match_normalised_gated(text, norm, true)
    }

    /// [`match_normalised`](Self::match_normalised), searching for contains hits only when
    /// `literals` says some contains pattern or cut marker occurs.
    fn match_normalised_gated(&self, text: &[u8], norm: &Normalized, literals: bool) -> LineHits {
        let mut hits = LineHits::default();
        if norm.is_empty() {
            return hits;
        }
        let words = norm.words();
        let bytes = norm.as_bytes();
        let key = norm.key();
        if key.len() <= self.exact_max_len {
            if let Some(ids) = self.exact.get(key) {
                for &id in ids {
                    self.record(id, words, &mut hits);
                }
            }
        }
        if !self.prefix.is_empty() {
            let first = first_word(bytes);
            if self.prefix_first_words.contains_key(first)
                || self
                    .prefix_first_words
                    .contains_key(crate::normalize::trim_end_decoration_bytes(first))
            {
                self.match_prefixes(bytes, words, &mut hits);
            }
        }
        if let Some(ac) = self
            .contains
            .as_ref()
            .filter(|_| literals && words <= self.contains_max_words)
        {
            let ac = ac.get(bytes.len());
            for m in ac
                .is_match(bytes)
                .then(|| ac.find_overlapping_iter(bytes))
                .into_iter()
                .flatten()
            {
                // Past the contains patterns lie the cut markers: no contains hit.
                let Some(&id) = self.contains_ids.get(m.pattern().as_usize()) else {
                    continue;
                };
                if is_word_boundary(bytes, m.start(), m.end()) {
                    self.record(id, words, &mut hits);
                }
            }
        }
        if let Some(set) = self
            .regex
            .as_ref()
            .filter(|_| words <= self.regex_max_words)
        {
            // The set's first search runs a fast DFA; most lines stop there.
            set.for_each_match(text, |index| {
                self.record(self.regex_ids[index], words, &mut hits);
            });
        }
        if let Some(gated) = self
            .regex_floating
            .as_ref()
            .filter(|_| words <= self.regex_max_words)
        {
            gated.for_each_match(text, |index| {
                self.record(self.regex_floating_ids[index], words, &mut hits);
            });
        }
        hits
    }

    fn record(&self, id: RuleId, words: usize, hits: &mut LineHits) {
        let p = &self.params[id as usize];
        if p.max_words.is_some_and(|max| words > max) {
            return;
        }
        match p.action {
            Action::Drop => set_min(&mut hits.drop, id),
            Action::Keep => set_min(&mut hits.keep, id),
            Action::Truncate => set_min(&mut hits.truncate, id),
            Action::Toc => set_min(&mut hits.toc, id),
            Action::Block => set_min(&mut hits.block, id),
            // Cut rules are matched on raw bytes in `match_cut`, except regex ones, which
            // `match_normalised` handles with their own positions.
            Action::Cut => {}
        }
    }

    fn match_prefixes(&self, bytes: &[u8], words: usize, hits: &mut LineHits) {
        let mut probe = |candidate: &[u8]| {
            if let Some(ids) = self.prefix.get(candidate) {
                for &id in ids {
                    self.record(id, words, hits);
                }
            }
            let trimmed = crate::normalize::trim_end_decoration_bytes(candidate);
            if trimmed.len() != candidate.len() {
                if let Some(ids) = self.prefix.get(trimmed) {
                    for &id in ids {
                        self.record(id, words, hits);
                    }
                }
            }
        };
        let mut seen_words = 0;
        for (pos, &b) in bytes.iter().enumerate() {
            if b == b' ' {
                probe(&bytes[..pos]);
                seen_words += 1;
                if seen_words >= self.prefix_max_words {
                    return;
                }
            }
        }
        probe(bytes);
    }

    /// Applies a cut rule's guards to a match at `at`; returns true when it was recorded.
    fn consider_cut(&self, text: &[u8], at: usize, id: RuleId, hits: &mut LineHits) -> bool {
        let p = &self.params[id as usize];
        if p.max_words.is_some_and(|max| count_words_raw(text) > max) {
            return false;
        }
        if p.tail_max_words
            .is_some_and(|max| count_words_raw(&text[at..]) > max)
        {
            return false;
        }
        let keep_to = trim_cut_point(text, at);
        if count_words_raw(&text[..keep_to]) < p.min_words_before.max(1) {
            // Nothing worth keeping before the marker: the line is all tail.
            set_min(&mut hits.drop, id);
        } else if hits.cut.is_none_or(|(old, _)| keep_to < old) {
            hits.cut = Some((keep_to, id));
        }
        true
    }
}

/// Where the last `words` words of `text` begin (words as [`count_words_raw`] counts them:
/// whitespace-separated tokens holding a letter, a digit or a non-ASCII byte), backed up over
/// the whitespace before them; 0 when the text has no more words than that.
fn tail_start(text: &[u8], words: usize) -> usize {
    let mut seen = 0;
    let mut end = text.len();
    loop {
        while end > 0 && text[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        if end == 0 {
            return 0;
        }
        let mut start = end;
        while start > 0 && !text[start - 1].is_ascii_whitespace() {
            start -= 1;
        }
        if text[start..end]
            .iter()
            .any(|&b| b.is_ascii_alphanumeric() || b >= 0x80)
        {
            seen += 1;
            if seen == words {
                let mut from = start;
                while from > 0 && text[from - 1].is_ascii_whitespace() {
                    from -= 1;
                }
                return from;
            }
        }
        end = start;
    }
}

/// Where the regex set is being built.
/// The error of the first regex that does not compile on its own, naming its file and line
/// (a set's build error does not say which pattern failed).
fn blame_regex<'a>(
    sources: impl Iterator<Item = (&'a String, &'a (String, usize))>,
) -> Option<Error> {
    sources.into_iter().find_map(|(source, (file, line))| {
        Regex::new(source).err().map(|e| {
            Error::new(ErrorKind::RuleSyntax {
                file: file.clone(),
                line: *line,
                message: format!("bad regex: {e}"),
            })
        })
    })
}

enum RegexJob<'scope> {
    Thread(std::thread::ScopedJoinHandle<'scope, Result<SharedRegex, Box<BuildError>>>),
    Inline,
}

fn push_id(map: &mut FastMap<Box<[u8]>, Vec<RuleId>>, key: &[u8], id: RuleId) {
    let ids = map.entry(key.into()).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// The first space-separated word of normalised text.
fn first_word(s: &[u8]) -> &[u8] {
    match memchr::memchr(b' ', s) {
        Some(p) => &s[..p],
        None => s,
    }
}

/// True when a match at `start..end` of normalised text is whole words: a pattern edge that
/// is a letter or digit must not continue a word of the line. Non-ASCII bytes count as
/// letters, as they nearly always are once punctuation has been mapped to ASCII.
fn is_word_boundary(s: &[u8], start: usize, end: usize) -> bool {
    let ok_before = start == 0 || !is_word_byte(s[start]) || !is_word_byte(s[start - 1]);
    let ok_after = end == s.len() || !is_word_byte(s[end - 1]) || !is_word_byte(s[end]);
    ok_before && ok_after
}

/// Where to end the kept part of a line cut at `at`: before the whitespace and separator
/// characters (`|`, `-`, `•`, ...) that lead up to the marker.
fn trim_cut_point(text: &[u8], at: usize) -> usize {
    let mut end = at;
    loop {
        let before = &text[..end];
        if let Some(&b) = before.last() {
            if b.is_ascii_whitespace() || matches!(b, b'|' | b'-' | b'/' | b'~') {
                end -= 1;
                continue;
            }
        }
        let seps: [&[u8]; 6] = [
            "\u{2022}".as_bytes(),
            "\u{00B7}".as_bytes(),
            "\u{2013}".as_bytes(),
            "\u{2014}".as_bytes(),
            "\u{00A0}".as_bytes(),
            "\u{00BB}".as_bytes(),
        ];
        if let Some(sep) = seps.iter().find(|s| before.ends_with(s)) {
            end -= sep.len();
            continue;
        }
        return end;
    }
}

/// The forms of a cut marker to search for: its full normalisation (for lines normalised
/// fully) and its light normalisation in lower, upper and title case (for long lines, where
/// only ASCII case is folded), each also with a typographic apostrophe.
fn cut_variants(pattern: &str) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut add = |v: Vec<u8>| {
        if !out.contains(&v) {
            out.push(v);
        }
    };
    let mut full = Normalized::default();
    normalize_into(pattern.as_bytes(), &mut full);
    add(full.as_bytes().to_vec());
    let mut title = String::new();
    let mut chars = pattern.chars();
    if let Some(first) = chars.next() {
        title.extend(first.to_uppercase());
        title.push_str(&chars.as_str().to_lowercase());
    }
    let mut light = Vec::new();
    for base in [pattern.to_lowercase(), pattern.to_uppercase(), title] {
        for form in [
            base.replace('\u{2019}', "'"),
            base.replace('\'', "\u{2019}"),
        ] {
            crate::normalize::light_normalize_into(form.as_bytes(), &mut light);
            add(light.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSource, parse};

    fn set(text: &str) -> RuleSet {
        let specs = parse(&RuleSource {
            name: "t.rules".into(),
            text: text.into(),
        })
        .unwrap();
        RuleSet::compile(&specs).unwrap()
    }

    #[test]
    fn engines_table() {
        let rules = set(concat!(
            "[a.line]\naction: drop\n- Advertisement\n",
            "[a.prefix]\naction: drop\nmatch: prefix\n- Posted on\n- Photo:\n",
            "[a.contains]\naction: drop\nmatch: contains\nmax-words: 12\n- uses Akismet to reduce spam\n",
            "[a.regex]\naction: drop\nmatch: regex\n- ^\\d+ min read$\n",
            "[a.cut]\naction: cut\nmatch: contains\n- Keywords:\n",
            "[a.bait]\naction: cut\nmatch: contains\ntail-max-words: 8\n- What do you think?\n",
            "[a.keep]\naction: keep\nmatch: prefix\n- Advertisement standards\n",
            "[a.foot]\naction: truncate\n- Leave a Reply\n",
        ));
        let none = LineHits::default();
        let cases: &[(&[u8], LineHits)] = &[
            (b"Advertisement", LineHits { drop: Some(0), ..none }),
            (b"  ADVERTISEMENT \xc2\xbb", LineHits { drop: Some(0), ..none }),
            (b"Advertisements everywhere", none),
            (b"Posted on May 19, 2025", LineHits { drop: Some(1), ..none }),
            (b"Posted on: May 19, 2025", LineHits { drop: Some(1), ..none }),
            (b"Posted online today", none),
            (b"Photo: Reuters", LineHits { drop: Some(1), ..none }),
            (b"Photo shoots are fun", none),
            (b"This site uses Akismet to reduce spam. Learn how.", LineHits { drop: Some(2), ..none }),
            (b"5 min read", LineHits { drop: Some(3), ..none }),
            (b"It ended. Keywords: a, b, c", LineHits { cut: Some((9, 4)), ..none }),
            (b"Keywords: a, b, c", LineHits { drop: Some(4), ..none }),
            (b"Our SEOkeywords: x", none),
            (b"Great game. What do you think? Tell us below.", LineHits { cut: Some((11, 5)), ..none }),
            (b"What do you think? We asked ten economists, and their answers ranged widely across every topic imaginable.", none),
            (b"Advertisement standards apply here", LineHits { keep: Some(6), ..none }),
            (b"Leave a Reply", LineHits { truncate: Some(7), ..none }),
        ];
        let mut norm = Normalized::default();
        for (line, expected) in cases {
            assert_eq!(
                &rules.match_line(line, &mut norm),
                expected,
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }

    /// Long lines go to the one light automaton, which holds the patterns of every rule that
    /// accepts some long line: each rule's own `max-words` must still decide.
    #[test]
    fn light_matches_respect_each_rules_word_limit() {
        let rules = set(concat!(
            "[a.fifty]\naction: drop\nmatch: contains\nmax-words: 50\n- sign up for our newsletter\n",
            "[a.ninety]\naction: drop\nmatch: contains\nmax-words: 90\n- this site uses akismet\n",
            "[a.many]\naction: drop\nmatch: contains\nmax-words: 1000\n- adblock detected\n",
            // Without `max-words`, a contains rule takes lines of up to 30 words.
            "[a.default]\naction: drop\nmatch: contains\n- cookie settings\n",
            "[a.short]\naction: drop\nmatch: contains\nmax-words: 5\n- read more\n",
        ));
        assert!(rules.full_path_max_words() < 45);
        let line = |words: usize, phrase: &str| {
            let filler = "word ".repeat(words - phrase.split(' ').count());
            format!("{filler}{phrase}")
        };
        let cases: &[(usize, &str, Option<RuleId>)] = &[
            (45, "sign up for our newsletter", Some(0)),
            (50, "sign up for our newsletter", Some(0)),
            (51, "sign up for our newsletter", None),
            (80, "this site uses akismet", Some(1)),
            (91, "this site uses akismet", None),
            (400, "adblock detected", Some(2)),
            (1001, "adblock detected", None),
            (45, "cookie settings", None),
            (60, "read more", None),
        ];
        for &(words, phrase, expected) in cases {
            let text = line(words, phrase);
            let mut light = Vec::new();
            crate::normalize::light_normalize_into(text.as_bytes(), &mut light);
            let hits = rules.match_light(&light, words);
            assert_eq!(hits.drop, expected, "{words} words, {phrase:?}");
        }
    }

    #[test]
    fn tail_start_table() {
        let cases: &[(&str, usize, &str)] = &[
            ("one two three four", 2, " three four"),
            ("one two three four", 4, "one two three four"),
            ("one two three four", 9, "one two three four"),
            ("one two | three", 2, " two | three"),
            ("one   two  \t", 1, "   two  \t"),
            ("", 3, ""),
            ("end.Keywords: a, b", 1, " b"),
        ];
        for &(text, words, tail) in cases {
            let at = tail_start(text.as_bytes(), words);
            assert_eq!(&text[at..], tail, "{text:?} last {words}");
            assert!(
                count_words_raw(&text.as_bytes()[at..])
                    <= words.max(count_words_raw(text.as_bytes()))
            );
        }
    }

    #[test]
    fn the_literal_gate_changes_no_hit() {
        // The built-in rules: match_full (gate first) against the two searches it gates.
        let specs: Vec<RuleSpec> = crate::rules::builtin_sources()
            .iter()
            .flat_map(|source| parse(source).unwrap())
            .collect();
        let rules = RuleSet::compile(&specs).unwrap();
        let lines = [
            "Share this article on Facebook",
            "We use cookies to improve your experience.",
            "The harbour reopened on Monday. Let us know what you think in the comments!",
            "Great recipe. Share your thoughts below",
            "This site uses Akismet to reduce spam.",
            "The council approved the budget on Tuesday.",
            "Home",
            "",
            "   ",
            "Подпишитесь на нашу рассылку",
            "Leave a Reply Cancel reply",
        ];
        let mut norm = Normalized::default();
        let mut matched = 0;
        for line in lines {
            normalize_into(line.as_bytes(), &mut norm);
            let gated = rules.match_full(line.as_bytes(), &norm);
            let mut plain = rules.match_normalised(line.as_bytes(), &norm);
            rules.match_cut(line.as_bytes(), norm.as_bytes(), CutText::Full, &mut plain);
            assert_eq!(gated, plain, "{line:?}");
            matched += usize::from(!gated.is_empty());
        }
        // Both sides of the gate are exercised: lines with hits and lines without.
        assert!(
            (4..=lines.len() - 3).contains(&matched),
            "{matched} lines matched"
        );
    }

    #[test]
    fn long_line_tail_cuts_match_whole_line_cuts() {
        let rules = set(concat!(
            "[a.bait]\naction: cut\nmatch: contains\ntail-max-words: 8\n- What do you think?\n",
            "[a.caption]\naction: cut\nmatch: regex\ntail-max-words: 6\n- \\s*\\(Photo: [^()]+\\)\\s*$\n",
        ));
        let prose =
            "The council met on Tuesday and agreed the budget after a long debate. ".repeat(8);
        let cases = [
            format!("{prose}What do you think? Tell us below."),
            format!("{prose}(Photo: Jane Doe)"),
            format!("{prose}WHAT DO YOU THINK? Tell us."),
            format!("What do you think? {prose}"),
            prose.clone(),
        ];
        let mut norm = Normalized::default();
        for line in &cases {
            let whole = rules.match_line(line.as_bytes(), &mut norm).cut;
            let mut light = Vec::new();
            crate::normalize::light_normalize_into(line.as_bytes(), &mut light);
            let mut hits = LineHits::default();
            rules.match_cut_tail(line.as_bytes(), &light, &mut hits);
            assert_eq!(hits.cut, whole, "{line}");
        }
        assert!(
            rules
                .match_line(cases[0].as_bytes(), &mut norm)
                .cut
                .is_some()
        );
    }

    #[test]
    fn each_cut_engine_searches_its_own_tail() {
        // The regex rule reaches 20 words back, the marker rule 4: a long line's tail is cut
        // to each engine's reach, and the cuts equal those of the whole-line search.
        let rules = set(concat!(
            "[a.bait]\naction: cut\nmatch: contains\ntail-max-words: 4\n- Let us know\n",
            "[a.keywords]\naction: cut\nmatch: regex\ntail-max-words: 20\n- Keywords:[^:]*$\n",
        ));
        let prose = "Rain fell on the hills and the river rose through the night again. ".repeat(8);
        let cases = [
            (
                format!(
                    "{prose}Keywords: flood, river, rain, storm, valley, town, bridge, road, farm, field, weather"
                ),
                true,
            ),
            (format!("{prose}Let us know below."), true),
            // Too many words after the marker for its rule: kept whole by both searches.
            (
                format!("{prose}Let us know what you think about the river in the comments."),
                false,
            ),
            (prose.clone(), false),
        ];
        let mut norm = Normalized::default();
        for (line, cut) in &cases {
            let whole = rules.match_line(line.as_bytes(), &mut norm).cut;
            let mut light = Vec::new();
            crate::normalize::light_normalize_into(line.as_bytes(), &mut light);
            let mut hits = LineHits::default();
            rules.match_cut_tail(line.as_bytes(), &light, &mut hits);
            assert_eq!(hits.cut, whole, "{line}");
            assert_eq!(hits.cut.is_some(), *cut, "{line}");
        }
    }

    #[test]
    fn cut_variants_cover_case_and_apostrophes() {
        let v = cut_variants("Don't miss");
        assert!(v.contains(&"don\u{2019}t miss".as_bytes().to_vec()));
        assert!(v.contains(&b"don't miss".to_vec()));
        let v = cut_variants("Schlagwörter:");
        assert!(v.contains(&"schlagwÖrter:".as_bytes().to_vec()));
        assert!(v.contains(&"schlagwörter:".as_bytes().to_vec()));
    }

    /// A bad regex is reported with its file and line; a cut rule's error also names the
    /// fault in the pattern.
    #[test]
    fn bad_regex_names_the_line() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "[r]\naction: drop\nmatch: regex\n- ok\n- (unclosed\n",
                "t.rules:5: bad regex",
                None,
            ),
            (
                "[c]\naction: cut\nmatch: regex\n- (unclosed\n",
                "t.rules:4: bad regex",
                Some("unclosed group"),
            ),
        ];
        for &(text, prefix, fault) in cases {
            let specs = parse(&RuleSource {
                name: "t.rules".into(),
                text: text.into(),
            })
            .unwrap();
            let e = RuleSet::compile(&specs).unwrap_err().to_string();
            assert!(e.starts_with(prefix), "{e}");
            if let Some(fault) = fault {
                assert!(e.contains(fault), "{e}");
            }
        }
    }

    #[test]
    fn ruleset_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<RuleSet>();
    }
}
