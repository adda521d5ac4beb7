//! Deciding: the per-document policy that turns rule hits into one decision per line.
//!
//! Phrase rules say what each line *looks like*; this module decides what happens to it,
//! using the whole document: repeated lines, footer truncation with its guard, table-of-
//! contents blocks, blank-line collapsing and the over-deletion guard. Its output, an
//! [`Analysis`], feeds clean output, `--explain`, statistics and tests alike.

use crate::normalize::{FastMap, Normalized, count_words_raw, hash64, normalize_into};
use crate::ruleset::{LineHits, RuleId, RuleSet};
use crate::segment::{Line, is_blank, split_lines};

/// Why a line was removed or cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// A phrase rule matched the line.
    Rule(RuleId),
    /// The line repeats an earlier kept line (0-based index of that line).
    Duplicate {
        /// Index of the first occurrence.
        first: usize,
    },
    /// The line lies after a footer anchor that starts the document's tail.
    Footer {
        /// Index of the anchor line.
        anchor: usize,
        /// The truncate rule that matched the anchor.
        rule: RuleId,
    },
    /// The line is an entry of a table of contents that repeats a later heading.
    TocEntry {
        /// Index of the table-of-contents heading.
        heading: usize,
    },
    /// A blank line in a run of blank lines, or at the start or end of the document.
    Blank,
}

/// The structural reasons, in the order their counters follow the rule counters in
/// [`crate::Stats`].
pub const STRUCTURAL_REASONS: &[&str] = &[
    "structure.duplicate",
    "structure.footer",
    "structure.toc-entry",
    "structure.blank",
];

impl Reason {
    /// A dense index for counters: rule ids first, then [`STRUCTURAL_REASONS`].
    pub fn slot(self, rule_count: usize) -> usize {
        match self {
            Reason::Rule(id) => id as usize,
            Reason::Duplicate { .. } => rule_count,
            Reason::Footer { .. } => rule_count + 1,
            Reason::TocEntry { .. } => rule_count + 2,
            Reason::Blank => rule_count + 3,
        }
    }
}

/// What happens to one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineAction {
    /// The line is written unchanged.
    Keep,
    /// The line is removed.
    Drop(Reason),
    /// The line's text is written up to byte offset `at` (relative to the line's start),
    /// followed by its original terminator.
    Cut {
        /// Bytes of the line's text that are kept.
        at: usize,
        /// Why the rest was removed.
        reason: Reason,
    },
}

/// The decision for one line, with where the line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineDecision {
    /// Where the line lies in the document.
    pub line: Line,
    /// What happens to it.
    pub action: LineAction,
}

/// What to do with a document whose cleaning would remove more than the allowed share of its
/// words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OverDeletion {
    /// Write the cleaned text and flag the document in stats and `--explain` (default).
    #[default]
    Flag,
    /// Write the document unchanged.
    KeepOriginal,
    /// Write nothing for the document.
    Drop,
}

/// Settings of the per-document policy.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// Drop non-blank lines that repeat an earlier kept line.
    pub dedupe: bool,
    /// Remove the tail of a document from a footer anchor.
    pub footer_truncation: bool,
    /// A footer anchor truncates only when at least this many words are kept before it.
    pub footer_min_words_before: usize,
    /// ... and when the words kept before it are at least this share of the words after it.
    pub footer_min_ratio: f64,
    /// Remove table-of-contents blocks.
    pub toc_blocks: bool,
    /// Collapse runs of blank lines and remove leading and trailing blank lines.
    pub collapse_blank_lines: bool,
    /// Flag a document when more than this share of its words would be removed.
    pub max_removed_share: f64,
    /// What to do with a flagged document.
    pub over_deletion: OverDeletion,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            dedupe: true,
            footer_truncation: true,
            footer_min_words_before: 50,
            footer_min_ratio: 0.5,
            toc_blocks: true,
            collapse_blank_lines: true,
            max_removed_share: 0.9,
            over_deletion: OverDeletion::Flag,
        }
    }
}

/// The decisions for one document: what `--explain` prints and what clean output writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// One decision per line, in order.
    pub lines: Vec<LineDecision>,
    /// Words in the document.
    pub words_in: usize,
    /// Words removed by dropped lines and cut tails.
    pub words_removed: usize,
    /// True when the over-deletion guard tripped.
    pub over_deleted: bool,
    /// The policy that applies to this document's output (copied from the options).
    pub over_deletion: OverDeletion,
}

impl Analysis {
    /// Share of the document's words that cleaning removes (0 for an empty document).
    pub fn removed_share(&self) -> f64 {
        if self.words_in == 0 {
            0.0
        } else {
            self.words_removed as f64 / self.words_in as f64
        }
    }

    /// True when the output is the input unchanged (nothing removed, or the over-deletion
    /// policy keeps the original).
    pub fn keeps_original(&self) -> bool {
        (self.over_deleted && self.over_deletion == OverDeletion::KeepOriginal)
            || self.lines.iter().all(|d| d.action == LineAction::Keep)
    }

    /// True when the document is written as nothing at all.
    pub fn drops_document(&self) -> bool {
        self.over_deleted && self.over_deletion == OverDeletion::Drop
    }
}

/// Reusable per-thread buffers, so that cleaning allocates nothing per line.
#[derive(Debug, Default)]
pub struct Scratch {
    lines: Vec<Line>,
    info: Vec<LineInfo>,
    norm: Normalized,
    first_seen: FastMap<u64, usize>,
    last_at: FastMap<u64, usize>,
}

#[derive(Clone, Copy, Debug, Default)]
struct LineInfo {
    blank: bool,
    protected: bool,
    hits: LineHits,
    /// Hash of the normalised line without trailing decoration; 0 when the line has no
    /// letter or digit (such lines are never duplicates).
    key: u64,
    /// Hash of the line as a table-of-contents entry (numbering stripped); 0 if not short.
    toc_key: u64,
    words: usize,
}

/// Table-of-contents entries are short: a heading, not a paragraph.
const TOC_ENTRY_MAX_WORDS: usize = 15;

/// Analyses one document into `out` (reusing its allocation).
pub fn analyze(
    doc: &[u8],
    rules: &RuleSet,
    options: &Options,
    scratch: &mut Scratch,
    out: &mut Analysis,
) {
    out.lines.clear();
    out.words_in = 0;
    out.words_removed = 0;
    out.over_deleted = false;
    out.over_deletion = options.over_deletion;

    split_lines(doc, &mut scratch.lines);
    scratch.info.clear();
    for line in &scratch.lines {
        let text = line.text(doc);
        let mut info = LineInfo {
            blank: is_blank(text),
            ..LineInfo::default()
        };
        if !info.blank {
            info.hits = rules.match_line(text, &mut scratch.norm);
            info.protected = info.hits.keep.is_some();
            info.words = scratch.norm.words();
            info.key = line_key(scratch.norm.key());
            if info.words <= TOC_ENTRY_MAX_WORDS {
                info.toc_key = toc_key(scratch.norm.as_bytes());
            }
        }
        out.words_in += info.words;
        scratch.info.push(info);
        out.lines.push(LineDecision {
            line: *line,
            action: initial_action(&info),
        });
    }

    if options.toc_blocks {
        remove_toc_blocks(scratch, out);
    }
    if options.footer_truncation {
        truncate_footer(options, scratch, out);
    }
    if options.dedupe {
        drop_duplicates(doc, scratch, out);
    }
    if options.collapse_blank_lines {
        collapse_blank_lines(scratch, out);
    }

    for (decision, info) in out.lines.iter().zip(&scratch.info) {
        match decision.action {
            LineAction::Keep => {}
            LineAction::Drop(_) => out.words_removed += info.words,
            LineAction::Cut { at, .. } => {
                let line = decision.line;
                out.words_removed += count_words_raw(&doc[line.start + at..line.end]);
            }
        }
    }
    out.over_deleted = out.words_in > 0 && out.removed_share() > options.max_removed_share;
}

/// The duplicate key of a normalised line (trailing decoration already trimmed): its hash,
/// or 0 when it holds no letter or digit (such lines are never duplicates).
fn line_key(key: &[u8]) -> u64 {
    if key.iter().any(|&b| b.is_ascii_alphanumeric() || b >= 0x80) {
        hash64(key) | 1
    } else {
        0
    }
}

/// The key of a heading as a table-of-contents entry: without numbering such as `1.`,
/// `2.3`, `iv.` or `a)` in front, or dot leaders and a page number behind.
fn toc_key(norm: &[u8]) -> u64 {
    let mut s = norm;
    if let Some(space) = memchr::memchr(b' ', s) {
        let head = &s[..space];
        let core_len = head
            .iter()
            .rposition(|b| !matches!(b, b'.' | b')' | b':'))
            .map_or(0, |p| p + 1);
        let core = &head[..core_len];
        let marked = core_len < head.len();
        let numbering = !core.is_empty()
            && (core.iter().all(|b| b.is_ascii_digit() || *b == b'.')
                || (marked && core.len() <= 4 && core.iter().all(|b| b"ivxlc".contains(b)))
                || (marked && core.len() == 1 && core[0].is_ascii_lowercase()));
        if numbering {
            s = &s[space + 1..];
        }
    }
    // Trailing dot leaders and a page number: "introduction ........ 5".
    let mut end = s.len();
    while end > 0 && matches!(s[end - 1], b'0'..=b'9' | b'.' | b' ') {
        end -= 1;
    }
    line_key(crate::normalize::trim_end_decoration_bytes(&s[..end]))
}

fn initial_action(info: &LineInfo) -> LineAction {
    let hits = &info.hits;
    if info.blank || info.protected {
        return LineAction::Keep;
    }
    if let Some(id) = hits.truncate.or(hits.toc).or(hits.drop) {
        return LineAction::Drop(Reason::Rule(id));
    }
    if let Some((at, id)) = hits.cut {
        return LineAction::Cut {
            at,
            reason: Reason::Rule(id),
        };
    }
    LineAction::Keep
}

fn is_kept(action: LineAction) -> bool {
    !matches!(action, LineAction::Drop(_))
}

/// Drops each table-of-contents heading's block of entries that repeat later headings.
fn remove_toc_blocks(scratch: &mut Scratch, out: &mut Analysis) {
    let headings: Vec<usize> = scratch
        .info
        .iter()
        .enumerate()
        .filter(|(_, i)| i.hits.toc.is_some() && !i.protected)
        .map(|(n, _)| n)
        .collect();
    if headings.is_empty() {
        return;
    }
    scratch.last_at.clear();
    for (n, info) in scratch.info.iter().enumerate() {
        if info.toc_key != 0 {
            scratch.last_at.insert(info.toc_key, n);
        }
    }
    for heading in headings {
        let mut entries = Vec::new();
        let mut j = heading + 1;
        while j < scratch.info.len() {
            let info = &scratch.info[j];
            if info.blank {
                j += 1;
                continue;
            }
            let repeats_later = info.toc_key != 0
                && !info.protected
                && scratch.last_at.get(&info.toc_key).is_some_and(|&k| k > j);
            if !repeats_later {
                break;
            }
            entries.push(j);
            j += 1;
        }
        // The later occurrence must lie after the block, or the block is repeating itself.
        let block_end = j;
        for entry in entries {
            let key = scratch.info[entry].toc_key;
            if scratch.last_at.get(&key).is_some_and(|&k| k >= block_end)
                && out.lines[entry].action == LineAction::Keep
            {
                out.lines[entry].action = LineAction::Drop(Reason::TocEntry { heading });
            }
        }
    }
}

/// Removes everything from the first footer anchor whose guard holds.
fn truncate_footer(options: &Options, scratch: &Scratch, out: &mut Analysis) {
    let anchors = scratch
        .info
        .iter()
        .enumerate()
        .filter_map(|(n, i)| i.hits.truncate.filter(|_| !i.protected).map(|id| (n, id)));
    let kept_words = |range: std::ops::Range<usize>, out: &Analysis| -> usize {
        range
            .filter(|&n| is_kept(out.lines[n].action))
            .map(|n| scratch.info[n].words)
            .sum()
    };
    let total = scratch.info.len();
    for (anchor, rule) in anchors {
        let before = kept_words(0..anchor, out);
        if before < options.footer_min_words_before {
            continue;
        }
        let after = kept_words(anchor + 1..total, out);
        if (before as f64) < options.footer_min_ratio * after as f64 {
            continue;
        }
        for decision in &mut out.lines[anchor + 1..] {
            if is_kept(decision.action) {
                decision.action = LineAction::Drop(Reason::Footer { anchor, rule });
            }
        }
        return;
    }
}

/// Drops kept lines that repeat an earlier kept line.
fn drop_duplicates(doc: &[u8], scratch: &mut Scratch, out: &mut Analysis) {
    scratch.first_seen.clear();
    for (n, decision) in out.lines.iter_mut().enumerate() {
        let info = &scratch.info[n];
        let key = match decision.action {
            LineAction::Drop(_) => continue,
            LineAction::Keep => info.key,
            LineAction::Cut { at, .. } => {
                // The key of what is written, so that cleaning twice gives the same result.
                normalize_into(
                    &doc[decision.line.start..decision.line.start + at],
                    &mut scratch.norm,
                );
                line_key(scratch.norm.key())
            }
        };
        if key == 0 {
            continue;
        }
        match scratch.first_seen.get(&key) {
            Some(&first) if !info.protected => {
                decision.action = LineAction::Drop(Reason::Duplicate { first });
            }
            Some(_) => {}
            None => {
                scratch.first_seen.insert(key, n);
            }
        }
    }
}

/// Collapses runs of blank lines to one and removes leading and trailing blank lines.
fn collapse_blank_lines(scratch: &Scratch, out: &mut Analysis) {
    let mut previous_written_blank = true; // the document start counts as blank
    for (n, decision) in out.lines.iter_mut().enumerate() {
        if !is_kept(decision.action) {
            continue;
        }
        if scratch.info[n].blank {
            if previous_written_blank {
                decision.action = LineAction::Drop(Reason::Blank);
            }
            previous_written_blank = true;
        } else {
            previous_written_blank = false;
        }
    }
    for (n, decision) in out.lines.iter_mut().enumerate().rev() {
        if !is_kept(decision.action) {
            continue;
        }
        if scratch.info[n].blank {
            decision.action = LineAction::Drop(Reason::Blank);
        } else {
            break;
        }
    }
}
