//! Per-line and per-document features of the line classifier.
//!
//! This is the Rust form of `tools/quality/features.py` (the executable specification) and
//! of sections 5 and 7 of `tools/quality/FINDINGS.md`: for every non-blank line of a document,
//! the 86 values named in [`LINE_FEATURES`]; for the document, the 12 gate values named in
//! [`GATE_FEATURES`]. The two implementations agree to 1e-9 on the development split except
//! where Python's Unicode general categories differ from Rust's `char` methods (letters are
//! `char::is_alphabetic`, digits `char::is_numeric`, upper case `char::is_uppercase`,
//! whitespace `char::is_whitespace`); the weights are trained on what this module computes, so
//! those rare differences are absorbed by training.
//!
//! The computation is a single pass over the lines that gathers per-line counts (tokens, word
//! cores looked up in every stopword list at once, title tokens, duplicate keys), then a few
//! passes over the per-line records for the document-level parts: language, the main prose
//! region, duplicate groups, windows (prefix sums, in the same order of additions as the
//! reference so the values match bit for bit), runs and their aggregates. All buffers live in
//! [`DocumentFeatures`] and are reused from one document to the next.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::normalize::{FastMap, hash64};

/// Names of the line features, in the column order of [`DocumentFeatures::values`].
pub const LINE_FEATURES: [&str; 86] = [
    "lw",
    "lc",
    "alpha",
    "digit",
    "other",
    "upper",
    "title",
    "stop",
    "terminal",
    "colon",
    "ends_alnum",
    "bullet",
    "numbered",
    "sub_bullet",
    "pipes",
    "sep_share",
    "url",
    "email",
    "copyright",
    "starts_upper",
    "prose",
    "dup",
    "dup_earlier",
    "dup_later",
    "toc_like",
    "digit_tok",
    "first_line",
    "title_overlap",
    "headline_found",
    "before_headline",
    "after_headline",
    "headline_dl",
    "pos",
    "prev_lw",
    "next_lw",
    "prev_stop",
    "next_stop",
    "prev_prose",
    "next_prose",
    "prev_marker",
    "next_marker",
    "short_run",
    "marker_run",
    "lw_w2",
    "lw_w5",
    "stop_w2",
    "stop_w5",
    "term_w2",
    "prose_w2",
    "prose_w5",
    "prose_w10",
    "marker_w2",
    "digit_w2",
    "title_w2",
    "mrun_lw",
    "mrun_stop",
    "mrun_title",
    "mrun_term",
    "mrun_digit",
    "mrun_sub",
    "mrun_prev_prose",
    "mrun_prev_colon",
    "mrun_next_prose",
    "srun_lw",
    "srun_stop",
    "srun_title",
    "srun_term",
    "srun_digit",
    "srun_sub",
    "srun_prev_prose",
    "srun_prev_colon",
    "srun_next_prose",
    "sub_w3",
    "rule_w3",
    "in_region",
    "before_region",
    "after_region",
    "region_dl",
    "region_dw",
    "region_rules",
    "prose_before",
    "prose_after",
    "doc_lines",
    "doc_prose_share",
    "region_share",
    "lang_known",
];

/// Names of the gate (document) features, in the order of [`DocumentFeatures::gate`].
pub const GATE_FEATURES: [&str; 12] = [
    "drop_share",
    "drop_ln",
    "marker_share",
    "sub_share",
    "max_marker_run",
    "headline_found",
    "copyright",
    "lines_ln",
    "dup_share",
    "short_share",
    "max_short_run",
    "region_share",
];

/// The languages of the stopword lists, in the order that breaks ties in language detection;
/// [`DocumentFeatures::lang`] indexes this array.
pub const LANGUAGES: [&str; 8] = ["en", "de", "fr", "es", "it", "pt", "nl", "ru"];

/// The column of a line feature in a row, by name (`None` for an unknown name).
pub fn line_feature_index(name: &str) -> Option<usize> {
    LINE_FEATURES.iter().position(|&n| n == name)
}

/// The column of `marker_share` in [`DocumentFeatures::gate`].
const MARKER_SHARE_GATE: usize = 2;
const _: () = assert!(matches!(
    GATE_FEATURES[MARKER_SHARE_GATE].as_bytes(),
    b"marker_share"
));

/// The position of a gate feature in [`DocumentFeatures::gate`], by name.
pub fn gate_feature_index(name: &str) -> Option<usize> {
    GATE_FEATURES.iter().position(|&n| n == name)
}

/// Number of line features (columns of a row).
const NF: usize = LINE_FEATURES.len();

/// Column of `name` at compile time; a misspelt name fails the build.
const fn col(name: &str) -> usize {
    let mut i = 0;
    while i < NF {
        if str_eq(LINE_FEATURES[i], name) {
            return i;
        }
        i += 1;
    }
    panic!("unknown line feature")
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const LW: usize = col("lw");
const LC: usize = col("lc");
const ALPHA: usize = col("alpha");
const DIGIT: usize = col("digit");
const OTHER: usize = col("other");
const UPPER: usize = col("upper");
const TITLE: usize = col("title");
const STOP: usize = col("stop");
const TERMINAL: usize = col("terminal");
const COLON: usize = col("colon");
const ENDS_ALNUM: usize = col("ends_alnum");
const BULLET: usize = col("bullet");
const NUMBERED: usize = col("numbered");
const SUB_BULLET: usize = col("sub_bullet");
const PIPES: usize = col("pipes");
const SEP_SHARE: usize = col("sep_share");
const URL: usize = col("url");
const EMAIL: usize = col("email");
const COPYRIGHT: usize = col("copyright");
const STARTS_UPPER: usize = col("starts_upper");
const PROSE: usize = col("prose");
const DUP: usize = col("dup");
const DUP_EARLIER: usize = col("dup_earlier");
const DUP_LATER: usize = col("dup_later");
const TOC_LIKE: usize = col("toc_like");
const DIGIT_TOK: usize = col("digit_tok");
const FIRST_LINE: usize = col("first_line");
const TITLE_OVERLAP: usize = col("title_overlap");
const HEADLINE_FOUND: usize = col("headline_found");
const BEFORE_HEADLINE: usize = col("before_headline");
const AFTER_HEADLINE: usize = col("after_headline");
const HEADLINE_DL: usize = col("headline_dl");
const POS: usize = col("pos");
const PREV_LW: usize = col("prev_lw");
const NEXT_LW: usize = col("next_lw");
const PREV_STOP: usize = col("prev_stop");
const NEXT_STOP: usize = col("next_stop");
const PREV_PROSE: usize = col("prev_prose");
const NEXT_PROSE: usize = col("next_prose");
const PREV_MARKER: usize = col("prev_marker");
const NEXT_MARKER: usize = col("next_marker");
const SHORT_RUN: usize = col("short_run");
const MARKER_RUN: usize = col("marker_run");
const LW_W2: usize = col("lw_w2");
const LW_W5: usize = col("lw_w5");
const STOP_W2: usize = col("stop_w2");
const STOP_W5: usize = col("stop_w5");
const TERM_W2: usize = col("term_w2");
const PROSE_W2: usize = col("prose_w2");
const PROSE_W5: usize = col("prose_w5");
const PROSE_W10: usize = col("prose_w10");
const MARKER_W2: usize = col("marker_w2");
const DIGIT_W2: usize = col("digit_w2");
const TITLE_W2: usize = col("title_w2");
/// First of the nine run-aggregate columns of marker runs (order: [`RUN_MEANS`], then
/// prev_prose, prev_colon, next_prose).
const MRUN: usize = col("mrun_lw");
/// First of the nine run-aggregate columns of short-line runs.
const SRUN: usize = col("srun_lw");
const SUB_W3: usize = col("sub_w3");
const RULE_W3: usize = col("rule_w3");
const IN_REGION: usize = col("in_region");
const BEFORE_REGION: usize = col("before_region");
const AFTER_REGION: usize = col("after_region");
const REGION_DL: usize = col("region_dl");
const REGION_DW: usize = col("region_dw");
const REGION_RULES: usize = col("region_rules");
const PROSE_BEFORE: usize = col("prose_before");
const PROSE_AFTER: usize = col("prose_after");
const DOC_LINES: usize = col("doc_lines");
const DOC_PROSE_SHARE: usize = col("doc_prose_share");
const REGION_SHARE: usize = col("region_share");
const LANG_KNOWN: usize = col("lang_known");

// The run aggregates are written as two blocks of nine consecutive columns.
const _: () = assert!(col("mrun_next_prose") == MRUN + 8 && col("srun_next_prose") == SRUN + 8);
const _: () = assert!(col("mrun_sub") == MRUN + 5 && col("srun_sub") == SRUN + 5);

/// A line of fewer words is "short".
const SHORT_WORDS: u32 = 5;
/// A prose line has at least this many words ...
const PROSE_WORDS: u32 = 10;
/// ... and at least this stopword density (when the language is known).
const PROSE_STOP: f64 = 0.20;

/// The per-line series that windows and run aggregates average, stored series-major in the
/// scratch buffers.
const S_LW: usize = 0;
const S_STOP: usize = 1;
const S_TERM: usize = 2;
const S_PROSE: usize = 3;
const S_MARKER: usize = 4;
const S_DIGIT: usize = 5;
const S_TITLE: usize = 6;
const S_SUB: usize = 7;
const S_REMOVED: usize = 8;
const SERIES: usize = 9;
/// The series whose mean over a run is a run feature, in column order.
const RUN_MEANS: [usize; 6] = [S_LW, S_STOP, S_TITLE, S_TERM, S_DIGIT, S_SUB];

/// The built-in stopword lists, one per entry of [`LANGUAGES`].
const BUILTIN_LISTS: [&str; 8] = [
    include_str!("../../model/stopwords/en.txt"),
    include_str!("../../model/stopwords/de.txt"),
    include_str!("../../model/stopwords/fr.txt"),
    include_str!("../../model/stopwords/es.txt"),
    include_str!("../../model/stopwords/it.txt"),
    include_str!("../../model/stopwords/pt.txt"),
    include_str!("../../model/stopwords/nl.txt"),
    include_str!("../../model/stopwords/ru.txt"),
];

/// Stopword lists of the [`LANGUAGES`], merged into one table: each word maps to the set of
/// languages (a bit mask) whose list holds it, so a word is looked up once for all languages.
#[derive(Debug, Clone)]
pub struct Stopwords {
    /// Words of up to 7 bytes, packed into one integer each ([`pack_short`]): most stopwords
    /// and most words of a text, looked up without hashing or comparing byte strings.
    short: ShortTable,
    /// The longer words.
    langs: FastMap<Box<[u8]>, u8>,
    /// The longest word in any list: longer words need no lookup.
    max_len: usize,
}

impl Stopwords {
    /// The lists embedded from `model/stopwords/*.txt`, parsed on first use.
    pub fn builtin() -> &'static Stopwords {
        static BUILTIN: OnceLock<Stopwords> = OnceLock::new();
        BUILTIN.get_or_init(|| Stopwords::from_lists(BUILTIN_LISTS))
    }

    /// Lists in the file format (one lowercase word per line; blank lines and lines starting
    /// with `#` ignored), one per entry of [`LANGUAGES`].
    pub fn from_lists(lists: [&str; 8]) -> Stopwords {
        let mut langs: FastMap<Box<[u8]>, u8> = FastMap::default();
        for (lang, text) in lists.iter().enumerate() {
            for line in text.lines() {
                let word = line.trim();
                if word.is_empty() || line.starts_with('#') {
                    continue;
                }
                *langs.entry(word.as_bytes().into()).or_insert(0) |= 1 << lang;
            }
        }
        let max_len = langs.keys().map(|w| w.len()).max().unwrap_or(0);
        let short = ShortTable::new(
            langs
                .iter()
                .filter_map(|(word, &mask)| pack_short(word).map(|key| (key, mask))),
        );
        langs.retain(|word, _| pack_short(word).is_none());
        Stopwords {
            short,
            langs,
            max_len,
        }
    }

    /// The languages (bit `i` for `LANGUAGES[i]`) whose list holds `word`.
    fn lookup(&self, word: &[u8]) -> u8 {
        if word.len() > self.max_len {
            return 0;
        }
        match pack_short(word) {
            Some(key) => self.short.get(key),
            None => self.langs.get(word).copied().unwrap_or(0),
        }
    }
}

/// A word of at most 7 bytes as one integer: its bytes, and its length in the top byte (so
/// that "a" and "a\0" differ).
#[inline]
fn pack_short(word: &[u8]) -> Option<u64> {
    if word.len() > 7 {
        return None;
    }
    // Shifts in registers: copying a variable length into a buffer and loading it back as
    // one word stalls the load.
    let mut packed = (word.len() as u64) << 56;
    for (i, &b) in word.iter().enumerate() {
        packed |= u64::from(b) << (8 * i);
    }
    Some(packed)
}

/// The hash of a title token (an alphanumeric run): most are short enough to pack into one
/// integer and mix with two multiplies; longer ones take [`hash64`]. Only compared with the
/// tokens of the same document.
#[inline]
fn token_hash(run: &[u8]) -> u64 {
    match pack_short(run) {
        Some(packed) => {
            let h = (packed ^ 0x51_7cc1_b727_220a).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            (h ^ (h >> 32)).wrapping_mul(0xd6e8_feb8_6659_fd93)
        }
        None => hash64(run),
    }
}

/// A table of packed words ([`pack_short`]) and their language masks, probed by one
/// multiply and four comparisons without a branch: every word sits in its home slot or one of
/// the three after it (the table is built large enough for that), so a lookup reads all four
/// and selects.
/// Whether a word of running text is a stopword is a coin toss the branch predictor cannot
/// learn, and this lookup is the hottest step of the line scan.
#[derive(Debug, Clone)]
struct ShortTable {
    /// Packed words; 0 marks an empty slot (no packed word is 0: its length byte is not).
    /// `WINDOW - 1` slots more than the hash range, so that the last home slot has its window.
    keys: Vec<u64>,
    masks: Vec<u8>,
    /// 64 minus the log2 of the hash range: the home slot is the top bits of the mixed key.
    shift: u32,
}

/// The slots a word may occupy, from its home slot on.
const WINDOW: usize = 4;

impl ShortTable {
    fn new(entries: impl Iterator<Item = (u64, u8)>) -> ShortTable {
        let mut entries: Vec<(u64, u8)> = entries.collect();
        // Sorted, so that the layout does not depend on the hash map's iteration order.
        entries.sort_unstable();
        // At least four slots per word; doubled until every word lies in its home window.
        let mut range = (entries.len() * 4).next_power_of_two().max(16);
        loop {
            if let Some(table) = Self::place(&entries, range) {
                return table;
            }
            range *= 2;
        }
    }

    /// The table with `range` home slots, or `None` when some word would land outside its
    /// home window.
    fn place(entries: &[(u64, u8)], range: usize) -> Option<ShortTable> {
        let mut table = ShortTable {
            keys: vec![0; range + WINDOW - 1],
            masks: vec![0; range + WINDOW - 1],
            shift: 64 - range.trailing_zeros(),
        };
        for &(key, mask) in entries {
            let home = table.home(key);
            let slot =
                (home..home + WINDOW).find(|&s| table.keys[s] == 0 || table.keys[s] == key)?;
            table.keys[slot] = key;
            table.masks[slot] |= mask;
        }
        Some(table)
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The mask of `key`, 0 when it is not in the table.
    #[inline]
    fn get(&self, key: u64) -> u8 {
        let home = self.home(key);
        let (Some(keys), Some(masks)) = (
            self.keys.get(home..home + WINDOW),
            self.masks.get(home..home + WINDOW),
        ) else {
            return 0;
        };
        // Every slot of the window is read and the answer selected: no branch on the outcome.
        // An empty slot holds 0, which no packed word equals, and a word is in one slot only.
        keys.iter().zip(masks).fold(0, |found, (&k, &m)| {
            found | (u8::from(k == key).wrapping_neg() & m)
        })
    }
}

/// What the expensive pass over a document's lines learns, line by line: counts, stopword
/// hits, duplicate keys and title tokens. A line's scan does not depend on the other lines,
/// so one scan serves every view of the document ([`compute_view`]): the cleaner's later
/// passes, which see fewer lines, only reassemble the features.
#[derive(Default)]
pub struct LineScans {
    /// Per line of the scanned slice: the index of its stats, or `u32::MAX` for a blank line.
    slot: Vec<u32>,
    stats: Vec<LineStats>,
    /// Every line's duplicate key, back to back.
    keys: Vec<u8>,
    /// Every line's title tokens (lowercased alphanumeric runs) as hashes, back to back.
    title_hashes: Vec<u64>,
    /// One lowercased word core, and one title token.
    word: Vec<u8>,
    token: Vec<u8>,
    /// The alphanumeric runs of the current token (byte ranges).
    runs: Vec<(usize, usize)>,
}

impl LineScans {
    /// Scans `lines` (each without its `\n`; trailing `\r`s are ignored, invalid UTF-8 is
    /// decoded lossily), replacing what was scanned before.
    pub fn scan(&mut self, lines: &[&[u8]], stop: &Stopwords) {
        self.slot.clear();
        self.stats.clear();
        self.keys.clear();
        self.title_hashes.clear();
        for raw in lines {
            let mut raw: &[u8] = raw;
            while let [rest @ .., b'\r'] = raw {
                raw = rest;
            }
            // Valid UTF-8 (nearly every line) is checked by the fast validator and borrowed;
            // only a broken line pays for the lossy decoding.
            let text: Cow<'_, str> = match std::str::from_utf8(raw) {
                Ok(valid) => Cow::Borrowed(valid),
                Err(_) => String::from_utf8_lossy(raw),
            };
            if is_blank(&text) {
                self.slot.push(u32::MAX);
                continue;
            }
            let st = scan_line(&text, stop, self);
            self.slot
                .push(u32::try_from(self.stats.len()).unwrap_or(u32::MAX - 1));
            self.stats.push(st);
        }
    }

    /// Lines scanned.
    pub fn len(&self) -> usize {
        self.slot.len()
    }

    /// True when no line was scanned.
    pub fn is_empty(&self) -> bool {
        self.slot.is_empty()
    }

    fn stats_of(&self, line: usize) -> Option<&LineStats> {
        let slot = *self.slot.get(line)?;
        self.stats.get(slot as usize)
    }

    fn key(&self, s: &LineStats) -> &[u8] {
        &self.keys[s.key_start..s.key_end]
    }

    fn tokens(&self, s: &LineStats) -> &[u64] {
        &self.title_hashes[s.tok_start as usize..s.tok_end as usize]
    }
}

impl std::fmt::Debug for LineScans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineScans")
            .field("lines", &self.slot.len())
            .field("non_blank", &self.stats.len())
            .finish_non_exhaustive()
    }
}

/// The features of one document, and the scratch space to compute them. Reuse one value for
/// many documents: once its buffers have grown, computing allocates almost nothing.
#[derive(Default)]
pub struct DocumentFeatures {
    /// For each non-blank line, its index in the `lines` slice given to [`compute`].
    pub rows: Vec<usize>,
    /// Row-major: `rows.len()` x `LINE_FEATURES.len()` values.
    pub values: Vec<f64>,
    /// The gate features, in the order of [`GATE_FEATURES`].
    pub gate: [f64; GATE_FEATURES.len()],
    /// Detected language (index into [`LANGUAGES`]: en, de, fr, es, it, pt, nl, ru) or None.
    pub lang: Option<usize>,
    /// The scans [`compute`] made (for [`compute_view`] callers, their own).
    scans: LineScans,
    scratch: Scratch,
}

impl DocumentFeatures {
    /// The features of non-blank line `r` (row `r`, line `rows[r]` of the document), in the
    /// order of [`LINE_FEATURES`].
    pub fn row(&self, r: usize) -> &[f64] {
        &self.values[r * NF..(r + 1) * NF]
    }

    /// The share of the non-blank lines (of the view, for [`compute_view`]) that start with a
    /// list marker: it tells a rendering that marks lists from one that does not.
    pub fn marker_share(&self) -> f64 {
        self.gate[MARKER_SHARE_GATE]
    }

    /// The value of feature `name` on row `r`, for tests and tools (`None` for an unknown
    /// name or row).
    pub fn get(&self, r: usize, name: &str) -> Option<f64> {
        let c = line_feature_index(name)?;
        self.values
            .get(r * NF + c)
            .copied()
            .filter(|_| r < self.rows.len())
    }
}

impl std::fmt::Debug for DocumentFeatures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentFeatures")
            .field("rows", &self.rows)
            .field("gate", &self.gate)
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

/// What one pass over a line learns about it (FINDINGS.md 5.1).
#[derive(Clone, Copy, Default)]
struct LineStats {
    n_tokens: u32,
    n_words: u32,
    /// Body tokens without any alphanumeric char.
    sep_tokens: u32,
    /// Non-whitespace chars, and their classes.
    n_chars: u32,
    letters: u32,
    digits: u32,
    others: u32,
    upper: u32,
    /// Words whose first alphanumeric char is a letter, and those among them where it is
    /// upper case.
    cap_candidates: u32,
    title_words: u32,
    digit_tokens: u32,
    pipes: u32,
    /// Word cores found in each language's list.
    stop_hits: [u32; 8],
    /// The line's title tokens, as hashes: a range of [`LineScans::title_hashes`].
    tok_start: u32,
    tok_end: u32,
    /// How many title tokens occur in the first line's set (filled per view).
    title_inside: u32,
    /// 0 none, 1 bullet, 2 number, 3 nested bullet (as features.py's `marker_kind`).
    marker_kind: u8,
    starts_upper: bool,
    terminal: bool,
    colon: bool,
    ends_alnum: bool,
    url: bool,
    email: bool,
    copyright: bool,
    /// The duplicate key: a byte range of [`LineScans::keys`], and its hash.
    key_start: usize,
    key_end: usize,
    key_hash: u64,
    /// Filled by the duplicate pass.
    dup_count: u32,
    dup_earlier: bool,
    dup_later: bool,
    toc_like: bool,
}

/// Buffers reused from one document to the next.
#[derive(Default)]
struct Scratch {
    /// The rows' stats, copied from the scans of the lines in view.
    stats: Vec<LineStats>,
    /// The first row's distinct title-token hashes, sorted.
    title_set: Vec<u64>,
    /// One row's distinct title-token hashes (headline test).
    distinct: Vec<u64>,
    /// Row numbers sorted by duplicate key.
    order: Vec<usize>,
    /// `SERIES` per-row series, series-major (`n` values each), and their prefix sums
    /// (`n + 1` values each).
    series: Vec<f64>,
    prefix: Vec<f64>,
    /// Prefix sums of words, prose words and rule removals.
    words_cum: Vec<u64>,
    prose_cum: Vec<u64>,
    removed_cum: Vec<u64>,
    prose: Vec<bool>,
}

/// Finders of the URL markers (`http://`, `https://`, `www.`) and the copyright markers
/// (`(c)`, `copyright`, `©`), searched in a line's lowercased key. Lowercasing is the same as
/// the reference's ASCII case folding here: no non-ASCII char lowercases to a byte of these
/// patterns except the Kelvin sign (to `k`), which none of them contains.
fn markers() -> &'static [memchr::memmem::Finder<'static>; 6] {
    static MARKERS: OnceLock<[memchr::memmem::Finder<'static>; 6]> = OnceLock::new();
    MARKERS.get_or_init(|| MARKER_PATTERNS.map(memchr::memmem::Finder::new))
}

const MARKER_PATTERNS: [&str; 6] = ["http://", "https://", "www.", "(c)", "copyright", "©"];

/// Chars skipped at the end of a line before its last char is taken.
const CLOSERS: &[char] = &['"', '\'', ')', ']', '}', '»', '”', '’', '」', '』', '›'];
/// Chars that end a sentence.
const TERMINALS: &[char] = &['.', '!', '?', '…', '。', '！', '？'];

fn ln1(x: f64) -> f64 {
    (1.0 + x).ln()
}

/// A boolean as a feature value.
fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// `x / d` as features.py divides counts (`d` > 0).
fn ratio(x: u32, d: u32) -> f64 {
    f64::from(x) / f64::from(d)
}

/// Letters of the Latin-1 supplement, Latin Extended-A and basic Cyrillic: most non-ASCII
/// letters of the eight languages, decided without the Unicode tables (a test checks every
/// char of these blocks against `char`'s own methods).
#[inline]
fn common_letter(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{17F}' | '\u{400}'..='\u{45F}')
}

#[inline]
fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        common_letter(c) || c.is_alphabetic()
    }
}

#[inline]
fn is_num(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        !common_letter(c) && c.is_numeric()
    }
}

#[inline]
fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_num(c)
}

#[inline]
fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        match c {
            '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' | '\u{400}'..='\u{42F}' => true,
            '\u{DF}'..='\u{F6}' | '\u{F8}'..='\u{FF}' | '\u{430}'..='\u{45F}' => false,
            _ => c.is_uppercase(),
        }
    }
}

/// The lowercase of `c` when it is one char that the common blocks give without the tables.
#[inline]
fn common_lower(c: char) -> Option<char> {
    let code = u32::from(c);
    let lower = match c {
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' | '\u{410}'..='\u{42F}' => code + 0x20,
        '\u{400}'..='\u{40F}' => code + 0x50,
        '\u{DF}'..='\u{F6}' | '\u{F8}'..='\u{FF}' | '\u{430}'..='\u{45F}' => code,
        _ => return None,
    };
    char::from_u32(lower)
}

/// Appends `s` lowercased as Python's `str.lower` and Rust's `str::to_lowercase` do (full case
/// mapping, final sigma), as UTF-8, without allocating unless `s` holds a capital sigma.
///
/// Returns true when the output is aligned with `s`: every char became chars of the same
/// length in bytes, without the context rule of the capital sigma, so the lowercase form of
/// any slice of `s` at char boundaries is the same slice of the output.
fn push_lower(s: &str, out: &mut Vec<u8>) -> bool {
    if s.is_ascii() {
        // The common case, as one loop the compiler can widen.
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
        return true;
    }
    let mut aligned = true;
    let start = out.len();
    let bytes = s.as_bytes();
    let mut utf8 = [0u8; 4];
    let mut at = 0;
    while at < bytes.len() {
        // Fast paths by bytes: ASCII, and the two-byte letters of Latin-1 and basic Cyrillic
        // (the common blocks of `common_lower`), whose lowercase is again two bytes.
        let lead = bytes[at];
        if lead < 0x80 {
            out.push(lead.to_ascii_lowercase());
            at += 1;
            continue;
        }
        if let Some(&next) = bytes.get(at + 1) {
            let pair = match (lead, next) {
                // U+00C0..U+00DE but U+00D7 (×): +0x20.
                (0xC3, 0x80..=0x96 | 0x98..=0x9E) => Some([0xC3, next + 0x20]),
                (0xC3, _) => Some([0xC3, next]),
                // U+0400..U+040F -> U+0450..U+045F.
                (0xD0, 0x80..=0x8F) => Some([0xD1, next + 0x10]),
                // U+0410..U+041F -> U+0430..U+043F.
                (0xD0, 0x90..=0x9F) => Some([0xD0, next + 0x20]),
                // U+0420..U+042F -> U+0440..U+044F.
                (0xD0, 0xA0..=0xAF) => Some([0xD1, next - 0x20]),
                // U+0430..U+045F are lowercase.
                (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x9F) => Some([lead, next]),
                _ => None,
            };
            if let Some(pair) = pair {
                out.extend_from_slice(&pair);
                at += 2;
                continue;
            }
        }
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase() as u8);
        } else if let Some(lower) = common_lower(c) {
            out.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
        } else if c == 'Σ' {
            // Only the capital sigma depends on its context: start again with the full
            // mapping (rare enough not to test for it before the loop).
            out.truncate(start);
            out.extend_from_slice(s.to_lowercase().as_bytes());
            return false;
        } else {
            let before = out.len();
            for lower in c.to_lowercase() {
                out.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
            }
            aligned &= out.len() - before == c.len_utf8();
        }
    }
    aligned
}

/// The list-marker kind of a first token (features.py `marker_kind`): 1 bullet, 2 number
/// (`12.`, `3)`), 3 nested bullet, 0 none.
fn marker_kind(tok: &str) -> u8 {
    match tok {
        "*" | "-" | "•" | "·" | "▪" | "■" | "–" | "—" | ">" | "»" | "›" | "→" | "#" => {
            1
        }
        "+" | "o" | "◦" | "‣" | "□" => 3,
        _ => {
            let b = tok.as_bytes();
            match b.split_last() {
                Some((b'.' | b')', digits))
                    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) =>
                {
                    2
                }
                _ => 0,
            }
        }
    }
}

/// True when the line holds only whitespace (`char::is_whitespace`, which unlike
/// `u8::is_ascii_whitespace` includes the vertical tab).
fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// The ASCII bytes `char::is_whitespace` holds: tab, line feed, vertical tab, form feed,
/// carriage return and space.
#[inline]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// The tokens of a line as `str::split_whitespace` gives them (whitespace as
/// `char::is_whitespace` says), each with whether it is all ASCII, found byte by byte: only
/// a non-ASCII byte costs a char decoding.
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    /// The whole line is ASCII (most are): every token is, and whitespace is a byte test.
    ascii_line: bool,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Tokens {
            text,
            pos: 0,
            ascii_line: text.is_ascii(),
        }
    }

    /// [`Iterator::next`] for an ASCII line.
    #[inline]
    fn next_ascii(&mut self) -> Option<(&'a str, bool)> {
        let bytes = self.text.as_bytes();
        let mut pos = self.pos;
        while pos < bytes.len() && is_ascii_space(bytes[pos]) {
            pos += 1;
        }
        if pos >= bytes.len() {
            self.pos = pos;
            return None;
        }
        let start = pos;
        while pos < bytes.len() && !is_ascii_space(bytes[pos]) {
            pos += 1;
        }
        self.pos = pos;
        // Both ends lie on ASCII bytes or the text's ends: char boundaries.
        self.text.get(start..pos).map(|tok| (tok, true))
    }

    /// Whether a whitespace char starts at `at`, and its length in bytes.
    #[inline]
    fn space_at(&self, at: usize) -> Option<usize> {
        let b = self.text.as_bytes()[at];
        if b < 0x80 {
            return matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ').then_some(1);
        }
        // Every non-ASCII whitespace char (U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028,
        // U+2029, U+202F, U+205F, U+3000) starts with one of these bytes; any other lead byte
        // (Latin letters, Cyrillic, most scripts) needs no decoding.
        if !matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            return None;
        }
        let c = self.text[at..].chars().next()?;
        c.is_whitespace().then_some(c.len_utf8())
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (&'a str, bool);

    fn next(&mut self) -> Option<(&'a str, bool)> {
        if self.ascii_line {
            return self.next_ascii();
        }
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            match self.space_at(self.pos) {
                Some(len) => self.pos += len,
                None => break,
            }
        }
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let mut ascii = true;
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            if b < 0x80 {
                if matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
                    break;
                }
                self.pos += 1;
            } else {
                if self.space_at(self.pos).is_some() {
                    break;
                }
                ascii = false;
                // Step over the whole char: `pos` stays on a char boundary.
                self.pos += self.text[self.pos..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
            }
        }
        Some((&self.text[start..self.pos], ascii))
    }
}

/// Classes of ASCII bytes for the line scan: letters, digits, capitals, `|` and `@`.
const CLASS_ALPHA: u8 = 1;
const CLASS_DIGIT: u8 = 2;
const CLASS_UPPER: u8 = 4;
const CLASS_PIPE: u8 = 8;
const CLASS_AT: u8 = 16;

const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_uppercase() {
            CLASS_ALPHA | CLASS_UPPER
        } else if byte.is_ascii_lowercase() {
            CLASS_ALPHA
        } else if byte.is_ascii_digit() {
            CLASS_DIGIT
        } else if byte == b'|' {
            CLASS_PIPE
        } else if byte == b'@' {
            CLASS_AT
        } else {
            0
        };
        b += 1;
    }
    table
};

/// One pass over a non-blank line: its [`LineStats`], with its duplicate key and title-token
/// hashes appended to `sc`.
fn scan_line(text: &str, stop: &Stopwords, sc: &mut LineScans) -> LineStats {
    let mut s = LineStats {
        key_start: sc.keys.len(),
        tok_start: u32::try_from(sc.title_hashes.len()).unwrap_or(u32::MAX),
        ..LineStats::default()
    };
    let mut body_tokens = 0u32;
    for (ti, (tok, ascii)) in Tokens::new(text).enumerate() {
        s.n_tokens += 1;
        let in_body = if ti == 0 {
            s.marker_kind = marker_kind(tok);
            s.marker_kind == 0
        } else {
            true
        };
        // Most tokens are ASCII: their classes are byte tests, and their lowercase form has
        // the same offsets, so the title tokens and the word core are slices of the key.
        let mut first_alnum: Option<(usize, char)> = None;
        let mut alnum_end = 0;
        let mut has_digit = false;
        let mut has_at = false;
        let mut run_start: Option<usize> = None;
        sc.runs.clear();
        if ascii {
            // Counts by table, branch-free; only the edges of alphanumeric runs branch.
            let bytes = tok.as_bytes();
            let (mut letters, mut digits, mut upper, mut pipes, mut at) =
                (0u32, 0u32, 0u32, 0u32, 0u8);
            let mut open: Option<usize> = None;
            for (i, &b) in bytes.iter().enumerate() {
                let class = ASCII_CLASS[usize::from(b & 0x7f)];
                letters += u32::from(class & CLASS_ALPHA);
                digits += u32::from((class & CLASS_DIGIT) >> 1);
                upper += u32::from((class & CLASS_UPPER) >> 2);
                pipes += u32::from((class & CLASS_PIPE) >> 3);
                at |= class & CLASS_AT;
                if class & (CLASS_ALPHA | CLASS_DIGIT) != 0 {
                    if open.is_none() {
                        open = Some(i);
                    }
                } else if let Some(a) = open.take() {
                    sc.runs.push((a, i));
                }
            }
            if let Some(a) = open {
                sc.runs.push((a, bytes.len()));
            }
            let n = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            s.n_chars += n;
            s.letters += letters;
            s.digits += digits;
            s.upper += upper;
            s.pipes += pipes;
            s.others += n - letters - digits;
            has_digit = digits > 0;
            has_at = at != 0;
            if let (Some(&(first, _)), Some(&(_, end))) = (sc.runs.first(), sc.runs.last()) {
                first_alnum = Some((first, char::from(bytes[first])));
                alnum_end = end;
            }
        } else {
            for (i, c) in tok.char_indices() {
                s.n_chars += 1;
                let alpha = is_alpha(c);
                let num = is_num(c);
                if is_upper(c) {
                    s.upper += 1;
                }
                if alpha || num {
                    s.letters += u32::from(alpha);
                    s.digits += u32::from(num);
                    has_digit |= num;
                    if first_alnum.is_none() {
                        first_alnum = Some((i, c));
                    }
                    alnum_end = i + c.len_utf8();
                    if run_start.is_none() {
                        run_start = Some(i);
                    }
                } else {
                    s.others += 1;
                    match c {
                        '|' => s.pipes += 1,
                        '@' => has_at = true,
                        _ => {}
                    }
                    if let Some(a) = run_start.take() {
                        sc.runs.push((a, i));
                    }
                }
            }
        }
        if let Some(a) = run_start {
            sc.runs.push((a, tok.len()));
        }
        if has_at {
            if let Some(at) = tok.rfind('@') {
                s.email |= tok[at + 1..].contains('.');
            }
        }
        if !in_body {
            for i in 0..sc.runs.len() {
                let (a, b) = sc.runs[i];
                push_title_token(&tok[a..b], sc);
            }
            continue;
        }
        // The duplicate key: body tokens joined by one space, lowercased. Lowercasing token
        // by token equals lowercasing the joined string: a space ends the final-sigma context.
        if body_tokens > 0 {
            sc.keys.push(b' ');
        }
        body_tokens += 1;
        let lower_at = sc.keys.len();
        let aligned;
        if ascii {
            aligned = true;
            sc.keys.extend(tok.bytes().map(|b| b.to_ascii_lowercase()));
            for &(a, b) in &sc.runs {
                let run = &sc.keys[lower_at + a..lower_at + b];
                sc.title_hashes.push(token_hash(run));
            }
        } else {
            aligned = push_lower(tok, &mut sc.keys);
            if aligned {
                // Each char lowered in place: the runs' lowercase forms are slices of the key.
                for &(a, b) in &sc.runs {
                    let run = &sc.keys[lower_at + a..lower_at + b];
                    sc.title_hashes.push(token_hash(run));
                }
            } else {
                for i in 0..sc.runs.len() {
                    let (a, b) = sc.runs[i];
                    push_title_token(&tok[a..b], sc);
                }
            }
        }
        let Some((first_at, first)) = first_alnum else {
            s.sep_tokens += 1;
            continue;
        };
        s.n_words += 1;
        s.digit_tokens += u32::from(has_digit);
        if is_alpha(first) {
            s.cap_candidates += 1;
            s.title_words += u32::from(is_upper(first));
        }
        if s.n_words == 1 {
            s.starts_upper = is_upper(first);
        }
        // Word core: the word without leading and trailing non-alphanumerics, lowercased,
        // typographic apostrophe made plain.
        let langs = if ascii {
            stop.lookup(&sc.keys[lower_at + first_at..lower_at + alnum_end])
        } else {
            sc.word.clear();
            if aligned {
                sc.word
                    .extend_from_slice(&sc.keys[lower_at + first_at..lower_at + alnum_end]);
            } else {
                push_lower(&tok[first_at..alnum_end], &mut sc.word);
            }
            replace_typographic_apostrophes(&mut sc.word);
            stop.lookup(&sc.word)
        };
        if langs != 0 {
            for (l, hits) in s.stop_hits.iter_mut().enumerate() {
                *hits += u32::from(langs >> l & 1);
            }
        }
    }
    s.key_end = sc.keys.len();
    let key = &sc.keys[s.key_start..s.key_end];
    s.key_hash = hash64(key);

    let last = text
        .chars()
        .rev()
        .find(|&c| !c.is_whitespace() && !CLOSERS.contains(&c));
    match last {
        Some(c) => {
            s.terminal = TERMINALS.contains(&c);
            s.colon = c == ':' || c == '：';
            s.ends_alnum = is_alnum(c);
        }
        // A line made only of closers (`}`, `])`, `›`) has no last char. features.py then
        // tests `"" in ":："`, which Python holds true, so such a line counts as ending with
        // a colon; kept for parity with the weights trained on it.
        None => s.colon = true,
    }
    // URL and copyright markers: no marker contains whitespace or a list marker, so they
    // lie inside the key's tokens, which are the line's lowercased.
    let [http, https, www, c_paren, copyright, c_sign] = markers();
    // A byte every marker of a kind holds rules most lines out with one fast scan.
    let slash = memchr::memchr(b'/', key).is_some();
    s.url = (slash && (http.find(key).is_some() || https.find(key).is_some()))
        || www.find(key).is_some();
    s.copyright = (memchr::memchr(0xc2, key).is_some() && c_sign.find(key).is_some())
        || copyright.find(key).is_some()
        || (memchr::memchr(b'(', key).is_some() && c_paren.find(key).is_some());

    s.tok_end = u32::try_from(sc.title_hashes.len()).unwrap_or(u32::MAX);
    s
}

/// Appends one title token (an alphanumeric run, lowercased) of the current line, as a hash.
fn push_title_token(run: &str, sc: &mut LineScans) {
    sc.token.clear();
    push_lower(run, &mut sc.token);
    sc.title_hashes.push(token_hash(&sc.token));
}

/// Replaces each typographic apostrophe (U+2019, 3 bytes) in a UTF-8 word with `'`, in place.
fn replace_typographic_apostrophes(word: &mut Vec<u8>) {
    const APOSTROPHE: &[u8] = "\u{2019}".as_bytes();
    if memchr::memmem::find(word, APOSTROPHE).is_none() {
        return;
    }
    let mut read = 0;
    let mut write = 0;
    while read < word.len() {
        if word[read..].starts_with(APOSTROPHE) {
            word[write] = b'\'';
            read += APOSTROPHE.len();
        } else {
            word[write] = word[read];
            read += 1;
        }
        write += 1;
    }
    word.truncate(write);
}

/// Computes the features of one document into `out`.
///
/// `lines`: every line of the document without its `\n` (trailing `\r`s are stripped here).
/// `removed[i]`: line `i` was dropped whole by a phrase or structure rule (missing entries
/// count as not removed). Lines may be invalid UTF-8; they are decoded lossily.
pub fn compute(lines: &[&[u8]], removed: &[bool], stop: &Stopwords, out: &mut DocumentFeatures) {
    let mut scans = std::mem::take(&mut out.scans);
    scans.scan(lines, stop);
    assemble(&scans, None, removed, out);
    out.scans = scans;
}

/// Computes the features of the document made of the scanned lines `view` (indices into
/// `scans`, in order), exactly as [`compute`] would on those lines alone. `removed[p]`: the
/// line at view position `p` was dropped by a rule. [`DocumentFeatures::rows`] then holds
/// view positions.
///
/// ```
/// use noisestrip::classify::features::{self, DocumentFeatures, LineScans, Stopwords};
/// let lines: [&[u8]; 4] = [b"Title", b"Menu", b"", b"The body of the page is here."];
/// let mut scans = LineScans::default();
/// scans.scan(&lines, Stopwords::builtin());
/// let (mut whole, mut part) = (DocumentFeatures::default(), DocumentFeatures::default());
/// features::compute(&[lines[0], lines[2], lines[3]], &[], Stopwords::builtin(), &mut whole);
/// features::compute_view(&scans, &[0, 2, 3], &[], &mut part);
/// assert_eq!(whole.rows, part.rows);
/// assert_eq!(whole.values, part.values);
/// ```
pub fn compute_view(
    scans: &LineScans,
    view: &[usize],
    removed: &[bool],
    out: &mut DocumentFeatures,
) {
    assemble(scans, Some(view), removed, out);
}

fn assemble(
    scans: &LineScans,
    view: Option<&[usize]>,
    removed: &[bool],
    out: &mut DocumentFeatures,
) {
    let DocumentFeatures {
        rows,
        values,
        gate,
        lang,
        scratch: sc,
        ..
    } = out;
    rows.clear();
    values.clear();
    sc.stats.clear();
    let view_len = view.map_or(scans.len(), <[usize]>::len);
    for pos in 0..view_len {
        let line = view.map_or(pos, |v| v[pos]);
        if let Some(st) = scans.stats_of(line) {
            rows.push(pos);
            sc.stats.push(*st);
        }
    }

    // Title tokens against the first row (the page title in WET-style text), and the
    // headline: the first later row made mostly of title tokens.
    let mut headline: Option<usize> = None;
    sc.title_set.clear();
    for (j, s) in sc.stats.iter_mut().enumerate() {
        let tokens = scans.tokens(s);
        if j == 0 {
            sc.title_set.extend_from_slice(tokens);
            sc.title_set.sort_unstable();
            sc.title_set.dedup();
            continue;
        }
        let inside = tokens
            .iter()
            .filter(|t| sc.title_set.binary_search(t).is_ok())
            .count();
        s.title_inside = inside as u32;
        let n = tokens.len();
        if headline.is_none()
            && !sc.title_set.is_empty()
            && n >= 2
            && inside as f64 >= 0.8 * n as f64
        {
            sc.distinct.clear();
            sc.distinct.extend_from_slice(tokens);
            sc.distinct.sort_unstable();
            sc.distinct.dedup();
            if sc.distinct.len() as f64 >= 0.5 * sc.title_set.len() as f64 {
                headline = Some(j);
            }
        }
    }
    let n = rows.len();
    let stats = &mut sc.stats;

    // Language: the list holding the most word cores of the document (first wins ties),
    // none when it holds fewer than 5% of the words.
    let total_words: u64 = stats.iter().map(|s| u64::from(s.n_words)).sum();
    let mut best: Option<usize> = None;
    let mut best_n = 0u64;
    for l in 0..LANGUAGES.len() {
        let hits: u64 = stats.iter().map(|s| u64::from(s.stop_hits[l])).sum();
        if hits > best_n {
            best = Some(l);
            best_n = hits;
        }
    }
    if total_words == 0 || (best_n as f64) < 0.05 * total_words as f64 {
        best = None;
    }
    *lang = best;

    // Per-row series.
    sc.series.clear();
    sc.series.resize(SERIES * n, 0.0);
    sc.prose.clear();
    for (j, s) in stats.iter().enumerate() {
        let stop_share = match best {
            Some(l) if s.n_words > 0 => ratio(s.stop_hits[l], s.n_words),
            _ => 0.0,
        };
        let prose = s.n_words >= PROSE_WORDS && (best.is_none() || stop_share >= PROSE_STOP);
        sc.prose.push(prose);
        let series = &mut sc.series;
        series[S_LW * n + j] = ln1(f64::from(s.n_words));
        series[S_STOP * n + j] = stop_share;
        series[S_TERM * n + j] = flag(s.terminal);
        series[S_PROSE * n + j] = flag(prose);
        series[S_MARKER * n + j] = flag(s.marker_kind != 0);
        series[S_DIGIT * n + j] = if s.n_words > 0 {
            ratio(s.digit_tokens, s.n_words)
        } else {
            0.0
        };
        series[S_TITLE * n + j] = if s.cap_candidates > 0 {
            ratio(s.title_words, s.cap_candidates)
        } else {
            0.0
        };
        series[S_SUB * n + j] = flag(s.marker_kind == 3);
        series[S_REMOVED * n + j] = flag(removed.get(rows[j]).copied().unwrap_or(false));
    }
    // Prefix sums, added in the reference's order so window means match bit for bit.
    sc.prefix.clear();
    sc.prefix.resize(SERIES * (n + 1), 0.0);
    for k in 0..SERIES {
        let (xs, pre) = (
            &sc.series[k * n..(k + 1) * n],
            &mut sc.prefix[k * (n + 1)..(k + 1) * (n + 1)],
        );
        for (j, &x) in xs.iter().enumerate() {
            pre[j + 1] = pre[j] + x;
        }
    }
    sc.words_cum.clear();
    sc.prose_cum.clear();
    sc.removed_cum.clear();
    sc.words_cum.push(0);
    sc.prose_cum.push(0);
    sc.removed_cum.push(0);
    for (j, s) in stats.iter().enumerate() {
        let w = u64::from(s.n_words);
        sc.words_cum.push(sc.words_cum[j] + w);
        sc.prose_cum
            .push(sc.prose_cum[j] + if sc.prose[j] { w } else { 0 });
        sc.removed_cum
            .push(sc.removed_cum[j] + u64::from(sc.series[S_REMOVED * n + j] > 0.0));
    }

    // Main region: the maximum-sum stretch where a prose line scores its words and any
    // other line -1 (Kadane, first maximum).
    let region = {
        let (mut best_sum, mut region) = (0i64, None);
        let (mut cur, mut cur_a) = (0i64, 0usize);
        for (j, s) in stats.iter().enumerate() {
            let v = if sc.prose[j] {
                i64::from(s.n_words)
            } else {
                -1
            };
            if cur <= 0 {
                cur = v;
                cur_a = j;
            } else {
                cur += v;
            }
            if cur > best_sum {
                best_sum = cur;
                region = Some((cur_a, j));
            }
        }
        region
    };

    // Duplicate groups: rows sorted by (key hash, key, row), so each group is contiguous and
    // ordered by position.
    sc.order.clear();
    sc.order.extend(0..n);
    {
        let key = |s: &LineStats| scans.key(s);
        sc.order.sort_unstable_by(|&a, &b| {
            let (sa, sb) = (&stats[a], &stats[b]);
            sa.key_hash
                .cmp(&sb.key_hash)
                .then_with(|| key(sa).cmp(key(sb)))
                .then(a.cmp(&b))
        });
        let mut g = 0;
        while g < n {
            let first = sc.order[g];
            let mut e = g + 1;
            while e < n && {
                let (sa, sb) = (&stats[first], &stats[sc.order[e]]);
                sa.key_hash == sb.key_hash && key(sa) == key(sb)
            } {
                e += 1;
            }
            let group = &sc.order[g..e];
            let last = group[group.len() - 1];
            // The last line of the group without a marker (a heading a TOC entry repeats).
            let last_plain = group
                .iter()
                .rev()
                .copied()
                .find(|&r| stats[r].marker_kind == 0);
            for &r in group {
                let s = &mut stats[r];
                s.dup_count = group.len() as u32;
                s.dup_earlier = first < r;
                s.dup_later = last > r;
                s.toc_like =
                    s.marker_kind != 0 && s.n_words > 0 && last_plain.is_some_and(|p| p > r);
            }
            g = e;
        }
    }

    let h = headline;
    let total_words_or_1 = total_words.max(1);
    let total_prose = sc.prose_cum[n];
    let region_words = region.map_or(0, |(a, b)| sc.words_cum[b + 1] - sc.words_cum[a]);
    let doc_prose_share = total_prose as f64 / total_words_or_1 as f64;
    let region_share = region_words as f64 / total_words_or_1 as f64;

    values.resize(n * NF, 0.0);
    let series = &sc.series;
    let prefix = &sc.prefix;
    let window = |k: usize, j: usize, radius: usize| -> f64 {
        let a = j.saturating_sub(radius);
        let b = n.min(j + radius + 1);
        let pre = &prefix[k * (n + 1)..(k + 1) * (n + 1)];
        (pre[b] - pre[a]) / (b - a) as f64
    };
    let x = |k: usize, j: usize| series[k * n + j];
    for (j, s) in stats.iter().enumerate() {
        let f = &mut values[j * NF..(j + 1) * NF];
        let nc = s.n_chars.max(1);
        f[LW] = x(S_LW, j);
        f[LC] = ln1(f64::from(s.n_chars));
        f[ALPHA] = ratio(s.letters, nc);
        f[DIGIT] = ratio(s.digits, nc);
        f[OTHER] = ratio(s.others, nc);
        f[UPPER] = ratio(s.upper, s.letters.max(1));
        f[TITLE] = x(S_TITLE, j);
        f[STOP] = x(S_STOP, j);
        f[TERMINAL] = flag(s.terminal);
        f[COLON] = flag(s.colon);
        f[ENDS_ALNUM] = flag(s.ends_alnum);
        f[BULLET] = flag(s.marker_kind == 1);
        f[NUMBERED] = flag(s.marker_kind == 2);
        f[SUB_BULLET] = flag(s.marker_kind == 3);
        f[PIPES] = f64::from(s.pipes.min(3)) / 3.0;
        f[SEP_SHARE] = ratio(s.sep_tokens, s.n_tokens.max(1));
        f[URL] = flag(s.url);
        f[EMAIL] = flag(s.email);
        f[COPYRIGHT] = flag(s.copyright);
        f[STARTS_UPPER] = flag(s.starts_upper);
        f[PROSE] = x(S_PROSE, j);
        f[DUP] = ln1(f64::from(s.dup_count - 1));
        f[DUP_EARLIER] = flag(s.dup_earlier);
        f[DUP_LATER] = flag(s.dup_later);
        f[TOC_LIKE] = flag(s.toc_like);
        f[DIGIT_TOK] = x(S_DIGIT, j);
        f[FIRST_LINE] = flag(j == 0);
        let title_tokens = s.tok_end - s.tok_start;
        f[TITLE_OVERLAP] = if j > 0 && title_tokens > 0 {
            ratio(s.title_inside, title_tokens)
        } else {
            0.0
        };
        f[HEADLINE_FOUND] = flag(h.is_some());
        f[BEFORE_HEADLINE] = flag(h.is_some_and(|h| j < h));
        f[AFTER_HEADLINE] = flag(h.is_some_and(|h| j > h));
        f[HEADLINE_DL] = h.map_or(0.0, |h| ln1(j.abs_diff(h) as f64));
        f[POS] = if n > 1 {
            j as f64 / (n - 1) as f64
        } else {
            0.0
        };
        let prev = |k: usize| if j > 0 { x(k, j - 1) } else { 0.0 };
        let next = |k: usize| if j + 1 < n { x(k, j + 1) } else { 0.0 };
        f[PREV_LW] = prev(S_LW);
        f[NEXT_LW] = next(S_LW);
        f[PREV_STOP] = prev(S_STOP);
        f[NEXT_STOP] = next(S_STOP);
        f[PREV_PROSE] = prev(S_PROSE);
        f[NEXT_PROSE] = next(S_PROSE);
        f[PREV_MARKER] = prev(S_MARKER);
        f[NEXT_MARKER] = next(S_MARKER);
        f[LW_W2] = window(S_LW, j, 2);
        f[LW_W5] = window(S_LW, j, 5);
        f[STOP_W2] = window(S_STOP, j, 2);
        f[STOP_W5] = window(S_STOP, j, 5);
        f[TERM_W2] = window(S_TERM, j, 2);
        f[PROSE_W2] = window(S_PROSE, j, 2);
        f[PROSE_W5] = window(S_PROSE, j, 5);
        f[PROSE_W10] = window(S_PROSE, j, 10);
        f[MARKER_W2] = window(S_MARKER, j, 2);
        f[DIGIT_W2] = window(S_DIGIT, j, 2);
        f[TITLE_W2] = window(S_TITLE, j, 2);
        f[SUB_W3] = window(S_SUB, j, 3);
        f[RULE_W3] = window(S_REMOVED, j, 3);
        match region {
            None => {
                f[REGION_DL] = ln1(n as f64);
                f[REGION_DW] = ln1(total_words_or_1 as f64);
            }
            Some((ra, rb)) => {
                f[IN_REGION] = flag(ra <= j && j <= rb);
                f[BEFORE_REGION] = flag(j < ra);
                f[AFTER_REGION] = flag(j > rb);
                // Lines, words and rule removals strictly between the line and the region.
                let (dl, dw, dr) = if j < ra {
                    (
                        ra - j,
                        sc.words_cum[ra] - sc.words_cum[j + 1],
                        sc.removed_cum[ra] - sc.removed_cum[j + 1],
                    )
                } else if j > rb {
                    (
                        j - rb,
                        sc.words_cum[j] - sc.words_cum[rb + 1],
                        sc.removed_cum[j] - sc.removed_cum[rb + 1],
                    )
                } else {
                    (0, 0, 0)
                };
                f[REGION_DL] = ln1(dl as f64);
                f[REGION_DW] = ln1(dw as f64);
                f[REGION_RULES] = ln1(dr as f64);
            }
        }
        if total_prose > 0 {
            f[PROSE_BEFORE] = sc.prose_cum[j] as f64 / total_prose as f64;
            f[PROSE_AFTER] = (total_prose - sc.prose_cum[j + 1]) as f64 / total_prose as f64;
        }
        f[DOC_LINES] = ln1(n as f64);
        f[DOC_PROSE_SHARE] = doc_prose_share;
        f[REGION_SHARE] = region_share;
        f[LANG_KNOWN] = flag(best.is_some());
    }

    // Runs of marker lines and of short lines, with their aggregates.
    let (mut max_marker_run, mut max_short_run) = (0usize, 0usize);
    for (base, run_col, is_marker_run) in [(MRUN, MARKER_RUN, true), (SRUN, SHORT_RUN, false)] {
        let member = |s: &LineStats| {
            if is_marker_run {
                s.marker_kind != 0
            } else {
                s.n_words < SHORT_WORDS
            }
        };
        let mut a = 0;
        while a < n {
            if !member(&stats[a]) {
                a += 1;
                continue;
            }
            let mut b = a + 1;
            while b < n && member(&stats[b]) {
                b += 1;
            }
            let len = b - a;
            if is_marker_run {
                max_marker_run = max_marker_run.max(len);
            } else {
                max_short_run = max_short_run.max(len);
            }
            let mut means = [0.0; RUN_MEANS.len()];
            for (m, &k) in means.iter_mut().zip(RUN_MEANS.iter()) {
                // Summed left to right from zero, as Python's sum() does.
                let mut sum = 0.0;
                for &v in &series[k * n + a..k * n + b] {
                    sum += v;
                }
                *m = sum / len as f64;
            }
            let prev_prose = a > 0 && sc.prose[a - 1];
            let prev_colon = a > 0 && stats[a - 1].colon;
            let next_prose = b < n && sc.prose[b];
            for j in a..b {
                let f = &mut values[j * NF..(j + 1) * NF];
                f[run_col] = ln1(len as f64);
                f[base..base + RUN_MEANS.len()].copy_from_slice(&means);
                f[base + 6] = flag(prev_prose);
                f[base + 7] = flag(prev_colon);
                f[base + 8] = flag(next_prose);
            }
            a = b;
        }
    }

    // Gate (FINDINGS.md section 7).
    let rows_or_1 = n.max(1) as f64;
    let removed_rows = sc.removed_cum[n];
    let marker_rows = stats.iter().filter(|s| s.marker_kind != 0).count();
    let sub_rows = stats.iter().filter(|s| s.marker_kind == 3).count();
    let dup_rows = stats.iter().filter(|s| s.dup_earlier).count();
    let short_rows = stats.iter().filter(|s| s.n_words < SHORT_WORDS).count();
    *gate = [
        removed_rows as f64 / view_len.max(1) as f64,
        (removed_rows as f64).ln_1p(),
        marker_rows as f64 / rows_or_1,
        sub_rows as f64 / rows_or_1,
        (max_marker_run as f64).ln_1p(),
        flag(n > 0 && h.is_some()),
        flag(stats.iter().any(|s| s.copyright)),
        (n as f64).ln_1p(),
        dup_rows as f64 / rows_or_1,
        // Menus and link lists without list markers (as WET text renders them): short lines,
        // in long runs, and words outside the main prose region (QUALITY.md section 17).
        short_rows as f64 / rows_or_1,
        (max_short_run as f64).ln_1p(),
        region_share,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths for common non-ASCII letters agree with `char`'s methods on every char
    /// of the blocks they cover, and a little around them.
    #[test]
    fn aligned_lowercase_slices_are_slices_of_the_lowercase() {
        let words = [
            "Straße",
            "ÉTÉ-Été",
            "Москва,Ёлка",
            "İstanbul",
            "ΟΔΟΣ.ΑΣ",
            "naïve’s",
            "ǅemal",
            "K-Kelvin\u{212A}",
            "plain",
        ];
        let mut lowered = Vec::new();
        let mut part = Vec::new();
        for word in words {
            lowered.clear();
            let aligned = push_lower(word, &mut lowered);
            let bounds: Vec<usize> = word
                .char_indices()
                .map(|(i, _)| i)
                .chain([word.len()])
                .collect();
            let all_slices_match = bounds.iter().all(|&a| {
                bounds.iter().filter(|&&b| b >= a).all(|&b| {
                    part.clear();
                    push_lower(&word[a..b], &mut part);
                    lowered.get(a..b) == Some(&part[..])
                })
            });
            if aligned {
                assert!(all_slices_match, "{word}: aligned, but a slice differs");
            }
        }
        // The cases that change length or depend on context are not aligned.
        for word in ["İstanbul", "ΟΔΟΣ.ΑΣ"] {
            assert!(!push_lower(word, &mut Vec::new()), "{word}");
        }
    }

    #[test]
    fn every_non_ascii_whitespace_char_has_a_checked_lead_byte() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut buf = [0u8; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3), "{c:?}");
            }
        }
    }

    #[test]
    fn tokens_split_as_split_whitespace() {
        let cases = [
            "",
            "   ",
            "one two  three",
            "\tlead and trail \r",
            "nbsp\u{a0}splits\u{2003}em space",
            "caf\u{e9} na\u{ef}ve \u{43f}\u{440}\u{438}\u{432}\u{435}\u{442}",
            "\u{85}next\u{3000}ideographic\u{1680}ogham",
            "a\u{200b}zero-width is not a space",
        ];
        for text in cases {
            let ours: Vec<(&str, bool)> = Tokens::new(text).collect();
            let std: Vec<(&str, bool)> =
                text.split_whitespace().map(|t| (t, t.is_ascii())).collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn common_letter_fast_paths_agree_with_char() {
        for code in 0x80u32..0x700 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?} alphabetic");
            assert_eq!(is_num(c), c.is_numeric(), "{c:?} numeric");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?} upper");
            if let Some(lower) = common_lower(c) {
                assert_eq!(
                    c.to_lowercase().collect::<String>(),
                    lower.to_string(),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn push_lower_agrees_with_to_lowercase_on_every_char_of_the_fast_blocks() {
        for code in 0u32..0x800 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("{c}x{c}");
            let mut out = Vec::new();
            push_lower(&text, &mut out);
            assert_eq!(out, text.to_lowercase().as_bytes(), "{c:?}");
        }
    }

    #[test]
    fn push_lower_agrees_with_to_lowercase() {
        let cases = [
            "",
            "plain",
            "MiXeD Case",
            "ÉTÉ Straße ÄÖÜ",
            "ПРИВЕТ Мир Ёж",
            "ΟΔΟΣ Σ σ",
            "İstanbul",
            "ǅ ẞ ℃ 日本",
        ];
        for text in cases {
            let mut out = Vec::new();
            push_lower(text, &mut out);
            assert_eq!(out, text.to_lowercase().as_bytes(), "{text:?}");
        }
    }

    #[test]
    fn typographic_apostrophes_become_plain() {
        let cases = [
            ("don\u{2019}t", "don't"),
            ("l\u{2019}\u{2019}a", "l''a"),
            ("\u{2019}", "'"),
            ("plain", "plain"),
            ("caf\u{e9}\u{2019}s", "caf\u{e9}'s"),
        ];
        for (word, expected) in cases {
            let mut bytes = word.as_bytes().to_vec();
            replace_typographic_apostrophes(&mut bytes);
            assert_eq!(bytes, expected.as_bytes(), "{word:?}");
        }
    }

    #[test]
    fn every_builtin_stopword_is_found_and_the_table_stays_small() {
        let stop = Stopwords::builtin();
        for (lang, text) in BUILTIN_LISTS.iter().enumerate() {
            for word in text.lines().map(str::trim) {
                if word.is_empty() || word.starts_with('#') {
                    continue;
                }
                let mask = stop.lookup(word.as_bytes());
                assert!(
                    mask & (1 << lang) != 0,
                    "{word:?} not found for {}",
                    LANGUAGES[lang]
                );
            }
        }
        // Keys and masks of the short words: kept within the first-level caches' reach.
        let bytes = stop.short.keys.len() * 9;
        assert!(bytes <= 80 * 1024, "short table grew to {bytes} bytes");
    }

    #[test]
    fn stopword_lookup_by_length() {
        let stop = Stopwords::from_lists([
            "the\nand\ninternationally\n",
            "",
            "",
            "",
            "",
            "",
            "",
            "die\nthe\n",
        ]);
        let cases: [(&[u8], u8); 7] = [
            (b"the", 0b1000_0001),
            (b"and", 0b1),
            (b"die", 0b1000_0000),
            (b"internationally", 0b1),
            (b"th", 0),
            (b"the\0", 0),
            (b"", 0),
        ];
        for (word, langs) in cases {
            assert_eq!(
                stop.lookup(word),
                langs,
                "{:?}",
                String::from_utf8_lossy(word)
            );
        }
    }
}
