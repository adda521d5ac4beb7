//! Deciding: the per-document policy that turns rule hits into one decision per line.
//!
//! Phrase rules say what each line *looks like*; this module decides what happens to it,
//! using the whole document: repeated lines, footer truncation with its guard, table-of-
//! contents blocks, blank-line collapsing and the over-deletion guard. Its output, an
//! [`Analysis`], feeds clean output, `--explain`, statistics and tests alike.

use crate::classify::features::{self, DocumentFeatures, LINE_FEATURES, LineScans, Stopwords};
use crate::classify::model::{GateKind, Model, sigmoid};
use crate::memo::{LineMemo, Probe};
use crate::normalize::{
    FastMap, Normalized, count_words_raw, hash64, light_normalize_into, normalize_into,
};
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
    /// The line is one of the short lines of a block of links under a `block` heading.
    LinkBlock {
        /// Index of the heading line.
        heading: usize,
    },
    /// The line lies in a short stretch of kept lines that removed lines part from the
    /// document's main stretch (a teaser, a comment or a widget beside the article), or in
    /// one the classifier kept on weak evidence.
    Stray {
        /// Index of the first line of the main stretch.
        main: usize,
        /// For a stretch dropped for weak evidence: the classifier's mean probability of
        /// content over its lines (from their word-weighted mean log-odds), in thousandths.
        weak: Option<u16>,
        /// For a stretch judged by the stricter bar after an end-of-article marker: the index
        /// of the last such marker line before it (a comment heading, a share bar).
        after_end: Option<usize>,
    },
    /// The line classifier judged the line boilerplate from its shape and context.
    Classifier {
        /// The model's probability that the line is content, in thousandths.
        permille: u16,
        /// The features that argued most for removal, as indices into
        /// [`LINE_FEATURES`], strongest first
        /// (`u8::MAX` for none).
        features: [u8; 3],
    },
}

/// The structural reasons, in the order their counters follow the rule counters in
/// [`crate::Stats`].
pub const STRUCTURAL_REASONS: &[&str] = &[
    "structure.duplicate",
    "structure.footer",
    "structure.toc-entry",
    "structure.blank",
    "structure.link-block",
    "classifier.line",
    "structure.stray",
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
            Reason::LinkBlock { .. } => rule_count + 4,
            Reason::Classifier { .. } => rule_count + 5,
            Reason::Stray { .. } => rule_count + 6,
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

/// How much the cleaner removes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// Phrase rules and structural rules only, each certain on its own; nothing is removed
    /// for its shape or context. Repeats of the page header (the title again in the footer)
    /// go; a repeat inside the article body (a recurring interview question, a second
    /// "Ingredients" heading, a price in a product grid) is kept.
    Conservative,
    /// Everything: phrase and structural rules, plus decisions from the shape and context of
    /// lines (menus, link lists, headline grids and other boilerplate no phrase names). The
    /// same duplicate policy as [`Mode::Conservative`]; the classifier weighs repeats inside
    /// the body with the rest of a line's context.
    #[default]
    Full,
}

/// Settings of the per-document policy.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// Conservative or full cleaning.
    pub mode: Mode,
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
    /// For each line the classifier removes, name the three features that argued most for
    /// its removal (what `--explain` prints after the probability). Finding them is a second
    /// pass over the model's terms, about 2% of the full mode's time, so a caller that never
    /// shows reasons can turn it off; the lines kept and removed are the same either way.
    pub feature_reasons: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            mode: Mode::Full,
            dedupe: true,
            footer_truncation: true,
            footer_min_words_before: 50,
            footer_min_ratio: 0.5,
            toc_blocks: true,
            collapse_blank_lines: true,
            max_removed_share: 0.9,
            over_deletion: OverDeletion::Flag,
            feature_reasons: true,
        }
    }
}

/// What the line classifier did with a document (full mode).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum ClassifierOutcome {
    /// The classifier did not run (conservative mode, or no model).
    #[default]
    NotRun,
    /// The document gate judged the document already clean text, so no line was classified.
    Gated {
        /// The gate's probability that the document is a raw page.
        gate: f32,
        /// The gate that judged (the document's lines carry list markers or not).
        kind: GateKind,
    },
    /// The classifier would have removed more than the allowed share of the words the rules
    /// keep, so it left the document alone (a page whose content is a list or a grid).
    Guarded {
        /// The share of kept words it would have removed.
        share: f32,
        /// The gate that judged (the document's lines carry list markers or not).
        kind: GateKind,
    },
    /// The classifier removed lines.
    Applied {
        /// The gate's probability that the document is a raw page.
        gate: f32,
        /// The gate that judged (the document's lines carry list markers or not).
        kind: GateKind,
        /// Lines it removed.
        lines: usize,
    },
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
    /// What the line classifier did.
    pub classifier: ClassifierOutcome,
}

impl ClassifierOutcome {
    /// The gate that judged the document, when the classifier got as far as asking one.
    pub fn gate_kind(&self) -> Option<GateKind> {
        match *self {
            ClassifierOutcome::NotRun => None,
            ClassifierOutcome::Gated { kind, .. }
            | ClassifierOutcome::Guarded { kind, .. }
            | ClassifierOutcome::Applied { kind, .. } => Some(kind),
        }
    }
}

impl Analysis {
    /// False once the classifier's gate has judged the document already clean text.
    fn classifier_outcome_is_not_gated(&self) -> bool {
        !matches!(self.classifier, ClassifierOutcome::Gated { .. })
    }

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
    light: Vec<u8>,
    first_seen: FastMap<u64, usize>,
    last_at: FastMap<u64, usize>,
    /// Indices of the lines the current pass considers, in order.
    view: Vec<usize>,
    features: DocumentFeatures,
    /// The classifier's scan of every line of the current document, once made.
    scans: LineScans,
    scans_ready: bool,
    removed: Vec<bool>,
    /// Per view position: the classifier's verdict for lines it would remove.
    verdicts: Vec<Option<Reason>>,
    /// Per view position: the classifier's log-odds of content for the lines it judged
    /// (NaN for the others: removed before, the title, protected lines).
    log_odds: Vec<f32>,
    /// Each line's action from the phrase rules alone, before the document stages.
    rule_actions: Vec<LineAction>,
    /// The stretches of kept lines of the stray-stretch stage.
    stretches: Vec<Stretch>,
    /// What the rules said about recently seen lines.
    rule_memo: RuleMemo,
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
    /// Words of the part kept when the line is cut.
    words_before_cut: usize,
}

impl LineInfo {
    /// Words this line contributes to the output under `action`.
    fn kept_words(&self, action: LineAction) -> usize {
        match action {
            LineAction::Keep => self.words,
            LineAction::Cut { .. } => self.words_before_cut,
            LineAction::Drop(_) => 0,
        }
    }
}

/// Document-level passes before giving up on reaching a fixed point (each pass but the last
/// removes something, so this bounds pathological inputs only).
const MAX_PASSES: usize = 8;

/// A line of at least this many words is prose: the first one starts the article body.
const PROSE_MIN_WORDS: usize = 15;

/// The clean-text restoration (see `classify_lines`) is for documents from which the
/// certain phrase rules removed at most this share of the non-blank lines.
const RESTORE_MAX_CERTAIN_SHARE: f64 = 0.1;

/// Table-of-contents entries are short: a heading, not a paragraph.
const TOC_ENTRY_MAX_WORDS: usize = 15;

/// Analyses one document into `out` (reusing its allocation). The line classifier runs when
/// `model` is given and the mode is [`Mode::Full`].
pub fn analyze(
    doc: &[u8],
    rules: &RuleSet,
    model: Option<&Model>,
    options: &Options,
    scratch: &mut Scratch,
    out: &mut Analysis,
) {
    out.lines.clear();
    out.words_in = 0;
    out.words_removed = 0;
    out.over_deleted = false;
    out.over_deletion = options.over_deletion;
    out.classifier = ClassifierOutcome::NotRun;
    let model = model.filter(|_| options.mode == Mode::Full);

    scratch.scans_ready = false;
    split_lines(doc, &mut scratch.lines);
    scratch.info.clear();
    scratch.rule_actions.clear();
    for line in &scratch.lines {
        let text = line.text(doc);
        let mut info = LineInfo {
            blank: is_blank(text),
            ..LineInfo::default()
        };
        if !info.blank {
            let found = match scratch.rule_memo.0.probe(text) {
                Probe::Hit(found) => *found,
                Probe::Miss(slot) => {
                    *slot = line_rules(text, rules, &mut scratch.norm, &mut scratch.light);
                    *slot
                }
                Probe::TooLong => line_rules(text, rules, &mut scratch.norm, &mut scratch.light),
            };
            info.hits = found.hits;
            info.words = found.words;
            info.key = found.key;
            info.toc_key = found.toc_key;
            info.protected = info.hits.keep.is_some();
        }
        let mut action = initial_action(&info);
        // What a cut leaves is a line too: it must pass the rules, so that cleaning the output
        // again finds nothing more to remove from it.
        for _ in 0..MAX_PASSES {
            let LineAction::Cut { at, .. } = action else {
                break;
            };
            let (_, hits) = match_text(&text[..at], rules, &mut scratch.norm, &mut scratch.light);
            let rest = LineInfo {
                hits,
                ..LineInfo::default()
            };
            match initial_action(&rest) {
                LineAction::Drop(reason) => action = LineAction::Drop(reason),
                shorter @ LineAction::Cut { at: next, .. } if next < at => action = shorter,
                _ => break,
            }
        }
        if let LineAction::Cut { at, .. } = action {
            info.words_before_cut = count_words_raw(&text[..at]);
        }
        out.words_in += info.words;
        scratch.info.push(info);
        scratch.rule_actions.push(action);
        out.lines.push(LineDecision {
            line: *line,
            action,
        });
    }

    // The document-level stages run until they remove nothing more. Each pass sees only the
    // lines still kept, so the final pass saw exactly the output: cleaning the output again
    // finds nothing to remove. The first pass also sees rule-dropped lines, because footer
    // anchors and contents headings are among them.
    scratch.view.clear();
    scratch.view.extend(0..scratch.info.len());
    for pass in 0..MAX_PASSES {
        let mut changed = false;
        // Once the classifier's gate has judged the document already clean text, the
        // structural stages are off for it (see `classify_lines`).
        let structural = out.classifier_outcome_is_not_gated();
        if options.toc_blocks && structural {
            changed |= remove_toc_blocks(scratch, out);
        }
        if structural {
            changed |= remove_link_blocks(scratch, out);
        }
        if options.footer_truncation && structural {
            changed |= truncate_footer(options, scratch, out);
        }
        if options.dedupe && structural {
            changed |= drop_duplicates(doc, rules, scratch, out);
        }
        if let Some(model) = model {
            changed |= classify_lines(doc, rules, model, options.feature_reasons, scratch, out);
            if matches!(out.classifier, ClassifierOutcome::Applied { .. }) {
                changed |= drop_minor_stretches(rules, scratch, out);
            }
        }
        if options.collapse_blank_lines {
            changed |= collapse_blank_lines(scratch, out);
        }
        if !changed && pass > 0 {
            break;
        }
        let lines = &out.lines;
        scratch.view.retain(|&n| is_kept(lines[n].action));
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

/// What the phrase rules and the normalisation say about one line: all that the document
/// stages need of it, and a function of its bytes alone (so it can be memoised).
#[derive(Clone, Copy, Debug, Default)]
struct LineRules {
    hits: LineHits,
    words: usize,
    key: u64,
    toc_key: u64,
}

/// Matches one line against every rule (see [`match_text`]) and keys it for the duplicate
/// and table-of-contents stages.
fn line_rules(
    text: &[u8],
    rules: &RuleSet,
    norm: &mut Normalized,
    light: &mut Vec<u8>,
) -> LineRules {
    let (shape, hits) = match_text(text, rules, norm, light);
    let toc_key = if !shape.light && shape.words <= TOC_ENTRY_MAX_WORDS {
        toc_key(norm.as_bytes())
    } else {
        0
    };
    LineRules {
        hits,
        words: shape.words,
        key: shape.key,
        toc_key,
    }
}

/// The memo of [`LineRules`] by line: scraped pages repeat their menus and notices, and a
/// repeat then costs a hash and a comparison instead of the normalisation and the automaton
/// passes. Lines up to 64 bytes (96% of the repeated lines of up to 128 bytes in the
/// synthetic corpus, 98% on the dev pages), 8,192 slots: about 1.3 MB per worker.
#[derive(Debug)]
struct RuleMemo(LineMemo<LineRules>);

/// The most slots a worker's rule memo grows to, and the fewest it is given however many
/// workers share the memory budget.
const MEMO_MAX_SLOTS: usize = 8192;
const MEMO_MIN_SLOTS: usize = 1024;
/// Longest line the rule memo holds.
const MEMO_LINE_BYTES: usize = 64;
/// The memory all workers' memos may hold together: with many threads a fixed 1.3 MB per
/// worker was the largest per-thread cost after the batches (21 MB at 16 threads).
const MEMO_MEMORY: usize = 8 << 20;

/// The rule memo's slots for one of `workers` workers running at once: the largest power of
/// two that keeps all of them within [`MEMO_MEMORY`], between [`MEMO_MIN_SLOTS`] and
/// [`MEMO_MAX_SLOTS`]. The memo is exact, so its size changes speed, never output.
pub(crate) fn memo_slots_for(workers: usize) -> usize {
    let fit = MEMO_MEMORY / (workers.max(1) * memo_slot_bytes());
    let slots = if fit == 0 { 0 } else { 1 << fit.ilog2() };
    slots.clamp(MEMO_MIN_SLOTS, MEMO_MAX_SLOTS)
}

/// Bytes one slot of the rule memo holds: its line and its entry.
const fn memo_slot_bytes() -> usize {
    MEMO_LINE_BYTES + std::mem::size_of::<(u64, u32, LineRules)>()
}

impl Default for RuleMemo {
    fn default() -> Self {
        RuleMemo(LineMemo::new(MEMO_MAX_SLOTS, MEMO_LINE_BYTES))
    }
}

impl Scratch {
    /// Buffers for one of `workers` workers running at once (see [`memo_slots_for`]).
    pub(crate) fn for_workers(workers: usize) -> Scratch {
        Scratch {
            rule_memo: RuleMemo(LineMemo::new(memo_slots_for(workers), MEMO_LINE_BYTES)),
            ..Scratch::default()
        }
    }
}

/// Lines at least this long are first given the light normalisation; those with more words
/// than any line rule can match stop there.
const LIGHT_MIN_BYTES: usize = 256;

/// Word count and duplicate key of a line, by the light path for long prose lines or the
/// full normalisation otherwise (which then sits in `norm`).
struct Shape {
    words: usize,
    key: u64,
    light: bool,
}

fn line_shape(text: &[u8], rules: &RuleSet, norm: &mut Normalized, light: &mut Vec<u8>) -> Shape {
    if text.len() >= LIGHT_MIN_BYTES {
        let words = light_normalize_into(text, light);
        if words > rules.full_path_max_words() {
            // A distinct tag keeps light keys apart from fully normalised ones.
            return Shape {
                words,
                key: hash64(light) ^ 0x6c69_6768_745f_6b65 | 1,
                light: true,
            };
        }
    }
    normalize_into(text, norm);
    Shape {
        words: norm.words(),
        key: line_key(norm.key()),
        light: false,
    }
}

/// Matches a line against every rule, by the light or the full path (see [`line_shape`]).
fn match_text(
    text: &[u8],
    rules: &RuleSet,
    norm: &mut Normalized,
    light: &mut Vec<u8>,
) -> (Shape, LineHits) {
    let shape = line_shape(text, rules, norm, light);
    let mut hits;
    if shape.light {
        hits = rules.match_light(light, shape.words);
        rules.match_cut_tail(text, light, &mut hits);
    } else {
        hits = rules.match_full(text, norm);
    }
    (shape, hits)
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
    if let Some(id) = hits.truncate.or(hits.toc).or(hits.block).or(hits.drop) {
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
fn remove_toc_blocks(scratch: &mut Scratch, out: &mut Analysis) -> bool {
    let Scratch {
        info,
        view,
        last_at,
        ..
    } = scratch;
    if !view
        .iter()
        .any(|&n| info[n].hits.toc.is_some() && !info[n].protected)
    {
        return false;
    }
    // Position in the view of each key's last occurrence.
    last_at.clear();
    for (pos, &n) in view.iter().enumerate() {
        if info[n].toc_key != 0 {
            last_at.insert(info[n].toc_key, pos);
        }
    }
    let mut changed = false;
    for (heading_pos, &heading) in view.iter().enumerate() {
        if info[heading].hits.toc.is_none() || info[heading].protected {
            continue;
        }
        let mut pos = heading_pos + 1;
        let mut entries = Vec::new();
        while let Some(&n) = view.get(pos) {
            let line = &info[n];
            if line.blank {
                pos += 1;
                continue;
            }
            let repeats_later = line.toc_key != 0
                && !line.protected
                && last_at.get(&line.toc_key).is_some_and(|&k| k > pos);
            if !repeats_later {
                break;
            }
            entries.push(n);
            pos += 1;
        }
        // The later occurrence must lie after the block, or the block is repeating itself.
        let block_end = pos;
        for n in entries {
            if last_at
                .get(&info[n].toc_key)
                .is_some_and(|&k| k >= block_end)
                && out.lines[n].action == LineAction::Keep
            {
                out.lines[n].action = LineAction::Drop(Reason::TocEntry { heading });
                changed = true;
            }
        }
    }
    changed
}

/// Lines of a block of links are short: headlines, not paragraphs.
const LINK_BLOCK_ENTRY_MAX_WORDS: usize = 15;

/// A block of links is removed only while its lines hold at most this share of the words
/// still kept in the document.
const LINK_BLOCK_MAX_SHARE: f64 = 0.5;

/// Drops the short lines right after each `block` heading, up to the first longer line,
/// unless they are most of the document.
fn remove_link_blocks(scratch: &Scratch, out: &mut Analysis) -> bool {
    let Scratch { info, view, .. } = scratch;
    if !view
        .iter()
        .any(|&n| info[n].hits.block.is_some() && !info[n].protected)
    {
        return false;
    }
    let total: usize = view
        .iter()
        .map(|&n| info[n].kept_words(out.lines[n].action))
        .sum();
    let mut changed = false;
    let mut pos = 0;
    while pos < view.len() {
        let heading = view[pos];
        pos += 1;
        if info[heading].hits.block.is_none() || info[heading].protected {
            continue;
        }
        let start = pos;
        let mut words = 0;
        while let Some(&n) = view.get(pos) {
            let line = &info[n];
            if line.hits.block.is_some() || line.protected {
                break;
            }
            if !line.blank {
                if line.words > LINK_BLOCK_ENTRY_MAX_WORDS {
                    break;
                }
                words += line.kept_words(out.lines[n].action);
            }
            pos += 1;
        }
        // A block that holds most of what is still kept is the page itself (a listing whose
        // content is its headlines), not a widget beside it.
        if words as f64 > LINK_BLOCK_MAX_SHARE * total as f64 {
            continue;
        }
        for &n in &view[start..pos] {
            if !info[n].blank && is_kept(out.lines[n].action) {
                out.lines[n].action = LineAction::Drop(Reason::LinkBlock { heading });
                changed = true;
            }
        }
    }
    changed
}

/// Removes everything from the first footer anchor whose guard holds.
fn truncate_footer(options: &Options, scratch: &Scratch, out: &mut Analysis) -> bool {
    let Scratch { info, view, .. } = scratch;
    if !view.iter().any(|&n| info[n].hits.truncate.is_some()) {
        return false;
    }
    let total: usize = view
        .iter()
        .map(|&n| info[n].kept_words(out.lines[n].action))
        .sum();
    // Kept words before the current position, accumulated as we go: one pass, however many
    // anchors a long document holds.
    let mut before = 0;
    for (pos, &anchor) in view.iter().enumerate() {
        let own = info[anchor].kept_words(out.lines[anchor].action);
        let Some(rule) = info[anchor]
            .hits
            .truncate
            .filter(|_| !info[anchor].protected)
        else {
            before += own;
            continue;
        };
        let after = total - before - own;
        if before < options.footer_min_words_before
            || (before as f64) < options.footer_min_ratio * after as f64
        {
            before += own;
            continue;
        }
        let mut changed = false;
        for &n in &view[pos + 1..] {
            if is_kept(out.lines[n].action) {
                out.lines[n].action = LineAction::Drop(Reason::Footer { anchor, rule });
                changed = true;
            }
        }
        return changed;
    }
    false
}

/// Drops kept lines that repeat an earlier kept line of the page header (before the first
/// kept line of prose), where they lie outside the body, and repeats of the title anywhere.
fn drop_duplicates(doc: &[u8], rules: &RuleSet, scratch: &mut Scratch, out: &mut Analysis) -> bool {
    let Scratch {
        info,
        view,
        first_seen,
        norm,
        light,
        ..
    } = scratch;
    first_seen.clear();
    // The body runs from the first to the last kept line of prose. A repeat is dropped only
    // when it repeats a line of the page header and lies outside the body (the title again
    // under itself, or again in the footer); repeats inside the body are the article's own (a
    // recurring question, a product name in a list). In full mode the classifier weighs them
    // with the rest of a line's context. (The conservative mode once dropped every repeat:
    // on clean text that lost 7.9% of the lines, 2,921 of 46,842, QUALITY.md section 5.)
    let is_prose = |n: usize| info[n].kept_words(out.lines[n].action) >= PROSE_MIN_WORDS;
    let (body_start, body_end) = (
        view.iter()
            .position(|&n| is_prose(n))
            .map_or(usize::MAX, |pos| view[pos]),
        view.iter()
            .rposition(|&n| is_prose(n))
            .map_or(usize::MAX, |pos| view[pos]),
    );
    // The page title (the first kept line) repeated anywhere is the title again: a recipe
    // card's heading, a related-links entry pointing at the page itself.
    let title = view
        .iter()
        .copied()
        .find(|&n| !info[n].blank && is_kept(out.lines[n].action));
    // With no prose there is no header to tell apart from content: a list or a grid repeats
    // itself legitimately, and the classifier judges such pages; only the title's repeats go.
    let header_repeats = body_start != usize::MAX;
    let mut changed = false;
    for &n in view.iter() {
        let decision = &mut out.lines[n];
        let key = match decision.action {
            LineAction::Drop(_) => continue,
            LineAction::Keep => info[n].key,
            LineAction::Cut { at, .. } => {
                // The key of what is written, so that cleaning twice gives the same result.
                let kept = &doc[decision.line.start..decision.line.start + at];
                line_shape(kept, rules, norm, light).key
            }
        };
        if key == 0 {
            continue;
        }
        match first_seen.get(&key) {
            Some(&first)
                if !info[n].protected
                    && (Some(first) == title
                        || (header_repeats
                            && first < body_start
                            && (n < body_start || n > body_end))) =>
            {
                decision.action = LineAction::Drop(Reason::Duplicate { first });
                changed = true;
            }
            Some(_) => {}
            None => {
                first_seen.insert(key, n);
            }
        }
    }
    changed
}

/// Collapses runs of blank lines to one and removes leading and trailing blank lines.
fn collapse_blank_lines(scratch: &Scratch, out: &mut Analysis) -> bool {
    let Scratch { info, view, .. } = scratch;
    let mut changed = false;
    let mut previous_written_blank = true; // the document start counts as blank
    for &n in view.iter() {
        let decision = &mut out.lines[n];
        if !is_kept(decision.action) {
            continue;
        }
        if info[n].blank {
            if previous_written_blank {
                decision.action = LineAction::Drop(Reason::Blank);
                changed = true;
            }
            previous_written_blank = true;
        } else {
            previous_written_blank = false;
        }
    }
    for &n in view.iter().rev() {
        let decision = &mut out.lines[n];
        if !is_kept(decision.action) {
            continue;
        }
        if info[n].blank {
            decision.action = LineAction::Drop(Reason::Blank);
            changed = true;
        } else {
            break;
        }
    }
    changed
}

/// The text a line contributes to the output under its current action: all of it, or the
/// part before a cut.
fn written_text<'d>(doc: &'d [u8], decision: &LineDecision) -> &'d [u8] {
    let text = decision.line.text(doc);
    match decision.action {
        LineAction::Cut { at, .. } => text.get(..at).unwrap_or(text),
        _ => text,
    }
}

/// Computes the classifier's features over the lines of the current view, with the lines
/// already dropped marked as removed (they are context: a menu the rules removed makes its
/// neighbours suspect).
///
/// Every line of the document is scanned once, on the first call for a document: what a line
/// writes does not change between passes (cuts are decided before them), and the scan of a
/// line does not depend on the others, so the later passes only reassemble the features of
/// the lines still in view.
fn compute_features(doc: &[u8], scratch: &mut Scratch, out: &Analysis) {
    let Scratch {
        view,
        removed,
        features,
        scans,
        scans_ready,
        ..
    } = scratch;
    if !*scans_ready {
        let lines: Vec<&[u8]> = out
            .lines
            .iter()
            .map(|decision| written_text(doc, decision))
            .collect();
        scans.scan(&lines, Stopwords::builtin());
        *scans_ready = true;
    }
    removed.clear();
    removed.extend(view.iter().map(|&n| !is_kept(out.lines[n].action)));
    features::compute_view(scans, view, removed, features);
}

/// The line classifier's stage: drops the kept lines whose probability of being content is
/// below the model's threshold, unless the document gate says the document is already clean
/// or the removals would take more than the allowed share of the kept words.
///
/// On the first pass the view holds every line, and the rules' removals are features; later
/// passes see only the kept lines, exactly as cleaning the output again would, so the pass that
/// removes nothing proves the output is a fixed point.
fn classify_lines(
    doc: &[u8],
    rules: &RuleSet,
    model: &Model,
    feature_reasons: bool,
    scratch: &mut Scratch,
    out: &mut Analysis,
) -> bool {
    if matches!(out.classifier, ClassifierOutcome::Gated { .. }) {
        return false;
    }
    compute_features(doc, scratch, out);
    let Scratch {
        info,
        view,
        features,
        removed,
        verdicts,
        log_odds,
        ..
    } = scratch;
    // The gate is chosen on the view, as the first pass over the output would choose it when
    // cleaning it again: a page whose only marked lines were a menu is judged, once they are
    // gone, by the gate for unmarked text.
    let verdict = model.gate_verdict(&features.gate, features.marker_share());
    let gate = verdict.probability;
    let undecided = out.classifier == ClassifierOutcome::NotRun;
    if gate < verdict.threshold {
        if !undecided {
            return false;
        }
        out.classifier = ClassifierOutcome::Gated {
            gate: gate as f32,
            kind: verdict.kind,
        };
        if gate >= verdict.restore_threshold {
            return false;
        }
        // A page the certain rules took much from (menus, share bars, cookie buttons) is a
        // scraped page whatever its shape says: a short one can fool the gate.
        let (mut lines, mut certain) = (0usize, 0usize);
        for (decision, info) in out.lines.iter().zip(info.iter()) {
            if info.blank {
                continue;
            }
            lines += 1;
            if let LineAction::Drop(Reason::Rule(id)) = decision.action {
                certain += usize::from(!rules.is_low_certainty(id));
            }
        }
        if certain as f64 > RESTORE_MAX_CERTAIN_SHARE * lines as f64 {
            return false;
        }
        // Clean text beyond doubt: what the structural stages and the rules marked `certainty: low`
        // removed was most likely content (a repeated heading, a date line, a rating), so it
        // comes back. The gate is decided on the first pass, which sees every line, so every
        // line to restore is still in view.
        // A line a stage dropped gets back its action from the rules (a cut stays a cut).
        let mut restored = false;
        // Entries under a contents heading that a certain rule named stay a table of
        // contents: they repeat the document's headings, so nothing is lost.
        let certain_heading = |heading: usize| {
            matches!(
                out.lines.get(heading).map(|d| d.action),
                Some(LineAction::Drop(Reason::Rule(id))) if !rules.is_low_certainty(id)
            )
        };
        let keep_entries: Vec<bool> = out
            .lines
            .iter()
            .map(|d| matches!(d.action, LineAction::Drop(Reason::TocEntry { heading }) if certain_heading(heading)))
            .collect();
        for ((decision, &by_rules), keep_entry) in out
            .lines
            .iter_mut()
            .zip(&scratch.rule_actions)
            .zip(keep_entries)
        {
            if keep_entry {
                continue;
            }
            let back = match decision.action {
                LineAction::Drop(Reason::Rule(id)) if rules.is_low_certainty(id) => {
                    LineAction::Keep
                }
                LineAction::Drop(
                    Reason::Duplicate { .. }
                    | Reason::Footer { .. }
                    | Reason::TocEntry { .. }
                    | Reason::LinkBlock { .. },
                ) => match by_rules {
                    LineAction::Drop(Reason::Rule(id)) if rules.is_low_certainty(id) => {
                        LineAction::Keep
                    }
                    other => other,
                },
                _ => continue,
            };
            if back != decision.action {
                decision.action = back;
                restored = true;
            }
        }
        return restored;
    }
    verdicts.clear();
    verdicts.resize(view.len(), None);
    log_odds.clear();
    log_odds.resize(view.len(), f32::NAN);
    let (mut kept_words, mut doomed_words, mut doomed) = (0, 0, 0);
    // The first kept line is the page title (in WET text, the page's <title>): the cleaned
    // document keeps it as its heading, whatever its shape.
    let mut title_seen = false;
    for (row, &pos) in features.rows.iter().enumerate() {
        let n = view[pos];
        if removed[pos] {
            continue;
        }
        let words = info[n].kept_words(out.lines[n].action);
        kept_words += words;
        let is_title = !title_seen;
        title_seen = true;
        if info[n].protected || is_title {
            continue;
        }
        let z = model.line.log_odds(features.row(row));
        log_odds[pos] = z as f32;
        let p = sigmoid(z);
        if p < model.threshold {
            // Only a removed line needs the features that argued for its removal, and only
            // when someone will read them.
            let why = if feature_reasons {
                model.line.explain::<3>(features.row(row)).1
            } else {
                [None; 3]
            };
            doomed_words += words;
            doomed += 1;
            verdicts[pos] = Some(Reason::Classifier {
                permille: (p * 1000.0).round() as u16,
                features: why.map(|c| c.and_then(|c| u8::try_from(c).ok()).unwrap_or(u8::MAX)),
            });
        }
    }
    // A single line between two non-blank lines the classifier keeps lies inside kept text:
    // it stays (a short line of an article's list, a subheading, a table row).
    let (back, back_words) = spare_enclosed_lines(&features.rows, removed, verdicts, |pos| {
        info[view[pos]].kept_words(out.lines[view[pos]].action)
    });
    doomed -= back;
    doomed_words -= back_words;
    if doomed > 0 && doomed_words as f64 > model.max_removed_share * kept_words as f64 {
        if undecided {
            out.classifier = ClassifierOutcome::Guarded {
                share: doomed_words as f32 / kept_words.max(1) as f32,
                kind: verdict.kind,
            };
        }
        return false;
    }
    for (pos, verdict) in verdicts.iter().enumerate() {
        if let Some(reason) = verdict {
            out.lines[view[pos]].action = LineAction::Drop(*reason);
        }
    }
    match &mut out.classifier {
        ClassifierOutcome::Applied { lines, .. } => *lines += doomed,
        _ => {
            out.classifier = ClassifierOutcome::Applied {
                gate: gate as f32,
                kind: verdict.kind,
                lines: doomed,
            }
        }
    }
    doomed > 0
}

/// Withdraws the classifier's verdict on every non-blank line whose neighbours (the non-blank
/// lines of the view just before and after it, `rows` being their view positions) are both
/// kept: not removed before and not doomed. Decided on the verdicts as they were, so a run of
/// doomed lines stays doomed. Returns how many verdicts it withdrew and their lines' words.
fn spare_enclosed_lines(
    rows: &[usize],
    removed: &[bool],
    verdicts: &mut [Option<Reason>],
    words: impl Fn(usize) -> usize,
) -> (usize, usize) {
    let keeps = |pos: usize, verdicts: &[Option<Reason>]| !removed[pos] && verdicts[pos].is_none();
    let (mut count, mut total) = (0, 0);
    let mut previous_kept = false;
    for k in 1..rows.len().saturating_sub(1) {
        let (before, line, after) = (rows[k - 1], rows[k], rows[k + 1]);
        // `before` may have been spared just now: judge it by its verdict as it was.
        let before_kept = if k == 1 {
            keeps(before, verdicts)
        } else {
            previous_kept
        };
        previous_kept = keeps(line, verdicts);
        if verdicts[line].is_some() && before_kept && keeps(after, verdicts) {
            verdicts[line] = None;
            count += 1;
            total += words(line);
        }
    }
    (count, total)
}

/// True when a phrase rule of the families that close an article body ([`END_FAMILIES`])
/// dropped or cut the line.
fn is_end_marker(rules: &RuleSet, action: LineAction) -> bool {
    let (LineAction::Drop(Reason::Rule(id))
    | LineAction::Cut {
        reason: Reason::Rule(id),
        ..
    }) = action
    else {
        return false;
    };
    let name = rules.rule(id).name.as_str();
    END_FAMILIES.iter().any(|family| name.starts_with(family))
}

/// Stretches of kept lines are parted by at least this many removed non-blank lines.
const STRAY_GAP: usize = 3;

/// The main stretch (the one with the most kept words) must hold at least this share of the
/// kept words for the others to be judged against it ...
const STRAY_MAIN_MIN_SHARE: f64 = 0.7;

/// ... and a stretch with fewer words than this share of the main stretch's is dropped.
const STRAY_MAX_RATIO: f64 = 0.1;

/// A stretch after the main stretch whose prose words are fewer than this share of
/// the main stretch's prose words is dropped too: short lines with little prose after the
/// body (footer columns, teaser headlines, contact blocks) are not the body's continuation.
const STRAY_AFTER_PROSE_RATIO: f64 = 0.2;

/// Any stretch other than the main one, whatever the main stretch's share, is dropped when
/// the classifier kept it on weak evidence: the mean of its lines' log-odds of content,
/// weighted by their words, is below this (a mean probability of about 0.38). A line kept
/// next to the body needs only the model's threshold; a block of lines apart from it needs
/// more. Chosen by the grouped cross-validation of QUALITY.md section 14 (-0.25, -0.5,
/// -0.75, -1.0 with the threshold re-chosen for each): -0.5 with threshold 0.175 gives the
/// best F1 at the recall of before.
const STRAY_WEAK_LOG_ODDS: f64 = -0.5;

/// A stretch after the main one that an end-of-article marker parts from it (a line that a
/// rule of [`END_FAMILIES`] dropped or cut, between the main stretch's last line and the
/// stretch's first: a comment heading, a related-posts block, a share bar, tags, a
/// newsletter box) needs more: a mean log-odds of content of at least 0 (a mean probability
/// of 0.5). What follows such a marker is comments, teasers and footers more often than the
/// body. Chosen on first-pass out-of-sample probabilities of two partitions, 5 and 10 folds
/// (QUALITY.md section 15): -0.5 (no change), 0, 0.5, 1.0; 0 is the highest that costs no
/// clean text.
const STRAY_AFTER_END_LOG_ODDS: f64 = 0.0;

/// A stretch whose prose words reach this share of the main stretch's is not dropped on weak
/// evidence (either bar above): in a forum thread each reply is a stretch of its own after a
/// "Reply" marker, with prose like the first post's, and on forums the replies are content.
/// Dev F1 is 0.781 with and without the guard at every ratio tried (0.2, 0.3, 0.5, 1.0;
/// QUALITY.md section 18); 0.3 is the highest that keeps the replies of the bundled corpus's
/// forum thread, whose posts are two to four lines long.
const STRAY_PEER_PROSE_RATIO: f64 = 0.3;

/// The rule packs whose hits mark the end of an article body, as rule-name prefixes.
const END_FAMILIES: [&str; 5] = ["comments.", "related.", "share.", "tags.", "newsletter."];

/// A stretch of kept lines (view positions `first..end`), its kept words and its prose words,
/// and the sum of its judged lines' log-odds weighted by their words (with those words).
#[derive(Clone, Copy, Debug, Default)]
struct Stretch {
    first: usize,
    end: usize,
    words: usize,
    prose: usize,
    evidence: f64,
    judged_words: usize,
    /// End markers (see [`STRAY_AFTER_END_LOG_ODDS`]) in the view before the stretch's first
    /// line, and up to its last line; the line of the last one before its first line.
    ends_before: usize,
    ends_through: usize,
    last_end_before: Option<usize>,
}

/// After the classifier has removed lines: when one stretch of kept lines holds most of the
/// kept words (an article body), the small stretches that at least [`STRAY_GAP`] removed lines
/// part from it are dropped too. They are what the classifier left of the page around the body:
/// a teaser or two of a related block, a comment, a caption among removed widgets. A stretch
/// after the body also goes when it holds little prose next to the body's (a footer's columns,
/// a contact block, a list of headlines). Whatever the main stretch's share, a stretch apart
/// from it also goes when the classifier kept its lines on weak evidence
/// ([`STRAY_WEAK_LOG_ODDS`]): lines outside the body need more evidence than the threshold;
/// unless it is a peer of the body, with prose of its own ([`STRAY_PEER_PROSE_RATIO`]).
/// The page title (the first kept line) and protected lines stay.
///
/// Runs in every pass over that pass's view, so the pass that removes nothing sees one stretch
/// and the output is a fixed point.
fn drop_minor_stretches(rules: &RuleSet, scratch: &mut Scratch, out: &mut Analysis) -> bool {
    let Scratch {
        info,
        view,
        stretches,
        log_odds,
        ..
    } = scratch;
    stretches.clear();
    let mut run = 0usize;
    let mut title = None;
    // End markers seen so far in the view, and the line of the last one.
    let (mut ends, mut last_end) = (0usize, None);
    for (pos, &n) in view.iter().enumerate() {
        if info[n].blank {
            continue;
        }
        let (ends_before, end_before_line) = (ends, last_end);
        if is_end_marker(rules, out.lines[n].action) {
            ends += 1;
            last_end = Some(n);
        }
        if !is_kept(out.lines[n].action) {
            run += 1;
            continue;
        }
        title.get_or_insert(n);
        let words = info[n].kept_words(out.lines[n].action);
        // Prose: lines of at least PROSE_MIN_WORDS words, as the other stages count it.
        let prose = if words >= PROSE_MIN_WORDS { words } else { 0 };
        let z = log_odds.get(pos).copied().unwrap_or(f32::NAN);
        let (evidence, judged) = if z.is_nan() {
            (0.0, 0)
        } else {
            (f64::from(z) * words as f64, words)
        };
        match stretches.last_mut() {
            Some(s) if run < STRAY_GAP => {
                s.end = pos + 1;
                s.words += words;
                s.prose += prose;
                s.evidence += evidence;
                s.judged_words += judged;
                s.ends_through = ends;
            }
            _ => stretches.push(Stretch {
                first: pos,
                end: pos + 1,
                words,
                prose,
                evidence,
                judged_words: judged,
                ends_before,
                ends_through: ends,
                last_end_before: end_before_line,
            }),
        }
        run = 0;
    }
    if stretches.len() < 2 {
        return false;
    }
    let total: usize = stretches.iter().map(|s| s.words).sum();
    // The main stretch: the first of those with the most kept words.
    let mut main_index = 0;
    for (i, s) in stretches.iter().enumerate() {
        if s.words > stretches[main_index].words {
            main_index = i;
        }
    }
    let main = stretches[main_index];
    let dominant = (main.words as f64) >= STRAY_MAIN_MIN_SHARE * total as f64;
    let main_line = view[main.first];
    let mut changed = false;
    for (i, s) in stretches.iter().enumerate() {
        if i == main_index {
            continue;
        }
        let small = dominant
            && ((s.words as f64) < STRAY_MAX_RATIO * main.words as f64
                || (i > main_index
                    && (s.prose as f64) < STRAY_AFTER_PROSE_RATIO * main.prose as f64));
        let mean_log_odds = s.evidence / s.judged_words.max(1) as f64;
        // After the main stretch with an end marker in between, the bar is higher.
        let after_end = (i > main_index && s.ends_before > main.ends_through)
            .then_some(s.last_end_before)
            .flatten();
        let bar = if after_end.is_some() {
            STRAY_AFTER_END_LOG_ODDS
        } else {
            STRAY_WEAK_LOG_ODDS
        };
        // A stretch with prose of its own, next to the body's, is a peer (the next post of a
        // thread, a second section): weak evidence alone does not make it a scrap.
        let peer = s.prose > 0 && (s.prose as f64) >= STRAY_PEER_PROSE_RATIO * main.prose as f64;
        let weak = s.judged_words > 0 && mean_log_odds < bar && !peer;
        if !small && !weak {
            continue;
        }
        let weak = (weak && !small).then(|| (sigmoid(mean_log_odds) * 1000.0).round() as u16);
        let after_end = after_end.filter(|_| weak.is_some());
        for &n in &view[s.first..s.end] {
            if Some(n) != title
                && !info[n].blank
                && !info[n].protected
                && is_kept(out.lines[n].action)
            {
                out.lines[n].action = LineAction::Drop(Reason::Stray {
                    main: main_line,
                    weak,
                    after_end,
                });
                changed = true;
            }
        }
    }
    changed
}

/// The classifier's view of a document, for training and inspection: the rules' decisions
/// (no classifier), then the features of every non-blank line with the rules' removals marked.
/// Returns the features and, per line of the document, whether a rule removed it whole.
pub fn line_features<'s>(
    doc: &[u8],
    rules: &RuleSet,
    options: &Options,
    scratch: &'s mut Scratch,
    out: &mut Analysis,
) -> (&'s DocumentFeatures, &'s [bool]) {
    analyze(doc, rules, None, options, scratch, out);
    scratch.view.clear();
    scratch.view.extend(0..out.lines.len());
    compute_features(doc, scratch, out);
    (&scratch.features, &scratch.removed)
}

/// The name of a feature in a [`Reason::Classifier`] (empty for `u8::MAX`).
pub fn feature_name(index: u8) -> &'static str {
    LINE_FEATURES.get(usize::from(index)).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_slots_shrink_with_the_worker_count_within_bounds() {
        let per_slot = memo_slot_bytes();
        // (workers, slots): full size while all fit the budget, then halving, then the floor.
        let cases: &[(usize, usize)] = &[
            (0, MEMO_MAX_SLOTS),
            (1, MEMO_MAX_SLOTS),
            (2, MEMO_MAX_SLOTS),
            (4, MEMO_MAX_SLOTS),
            (8, 4096),
            (16, 2048),
            (32, 1024),
            (10_000, MEMO_MIN_SLOTS),
        ];
        for &(workers, slots) in cases {
            assert_eq!(memo_slots_for(workers), slots, "{workers} workers");
        }
        let mut previous = usize::MAX;
        for workers in 1..200 {
            let slots = memo_slots_for(workers);
            assert!(
                slots.is_power_of_two() && slots <= previous,
                "{workers} workers"
            );
            if slots > MEMO_MIN_SLOTS {
                assert!(
                    workers * slots * per_slot <= MEMO_MEMORY,
                    "{workers} workers"
                );
            }
            previous = slots;
        }
    }
}
