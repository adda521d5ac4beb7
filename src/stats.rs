//! Run statistics: totals and per-rule counts, mergeable across threads, printed as JSON.

use serde_json::{Map, Value, json};

use crate::classify::model::GateKind;
use crate::clean::Cleaner;
use crate::decide::{Analysis, ClassifierOutcome, LineAction};

/// Lines and bytes removed under one reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReasonCount {
    /// Lines dropped.
    pub lines_dropped: u64,
    /// Lines cut.
    pub lines_cut: u64,
    /// Bytes removed (dropped lines with terminators, cut tails).
    pub bytes: u64,
}

/// Totals for a run. Merge per-thread values with [`Stats::merge`].
///
/// ```
/// let cleaner = noisestrip::Cleaner::new();
/// let mut stats = noisestrip::Stats::new(&cleaner);
/// let doc = b"Advertisement\nA sentence.\n";
/// let mut worker = cleaner.worker();
/// let mut out = Vec::new();
/// let analysis = worker.clean_into(doc, &mut out);
/// stats.record(doc.len(), analysis, out.len());
/// assert_eq!(stats.lines_dropped, 1);
/// assert_eq!(stats.by_reason[stats_slot(&cleaner, "ads.label")].lines_dropped, 1);
/// # fn stats_slot(c: &noisestrip::Cleaner, name: &str) -> usize {
/// #     (0..c.reason_slots()).find(|&s| c.slot_name(s) == name).unwrap()
/// # }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Documents read.
    pub documents: u64,
    /// Documents written (not dropped).
    pub documents_out: u64,
    /// Documents the over-deletion guard flagged.
    pub documents_flagged: u64,
    /// Documents dropped by the over-deletion policy or because cleaning emptied them.
    pub documents_dropped: u64,
    /// Documents that cleaning emptied entirely.
    pub documents_emptied: u64,
    /// Malformed records that were passed to the rejects output instead of being cleaned.
    pub records_rejected: u64,
    /// Records passed through untouched because they hold no text to clean (WARC records
    /// other than `conversion`).
    pub records_passed: u64,
    /// Bytes of input streams read (after decompression; JSON syntax and WARC headers
    /// included).
    pub input_bytes: u64,
    /// Bytes of output written (before compression).
    pub output_bytes: u64,
    /// Bytes read (of document text).
    pub bytes_in: u64,
    /// Bytes written (of document text).
    pub bytes_out: u64,
    /// Lines read.
    pub lines_in: u64,
    /// Lines dropped.
    pub lines_dropped: u64,
    /// Lines cut.
    pub lines_cut: u64,
    /// Words read.
    pub words_in: u64,
    /// Words removed.
    pub words_removed: u64,
    /// Documents on which the line classifier removed lines.
    pub classifier_applied: u64,
    /// Documents the classifier's gate judged already clean (no line classified).
    pub classifier_gated: u64,
    /// Documents the classifier left alone because it would have removed too much.
    pub classifier_guarded: u64,
    /// Documents judged by the gate for text without list markers (as Common Crawl's WET
    /// text renders lists), whatever the classifier then did: this counts the documents on
    /// which it ran and removed nothing too, which `classifier_applied` leaves out.
    pub classifier_unmarked_gate: u64,
    /// Counts by reason slot (see [`Cleaner::slot_name`]).
    pub by_reason: Vec<ReasonCount>,
}

impl Stats {
    /// Empty statistics with a counter for every rule of `cleaner`.
    pub fn new(cleaner: &Cleaner) -> Stats {
        Stats {
            by_reason: vec![ReasonCount::default(); cleaner.reason_slots()],
            ..Stats::default()
        }
    }

    /// Adds one document's analysis. `bytes_out` is what was written for it.
    pub fn record(&mut self, bytes_in: usize, analysis: &Analysis, bytes_out: usize) {
        self.documents += 1;
        self.bytes_in += bytes_in as u64;
        self.bytes_out += bytes_out as u64;
        self.lines_in += analysis.lines.len() as u64;
        self.words_in += analysis.words_in as u64;
        self.documents_flagged += u64::from(analysis.over_deleted);
        match analysis.classifier {
            ClassifierOutcome::Applied { lines, .. } if lines > 0 => self.classifier_applied += 1,
            ClassifierOutcome::Gated { .. } => self.classifier_gated += 1,
            ClassifierOutcome::Guarded { .. } => self.classifier_guarded += 1,
            _ => {}
        }
        self.classifier_unmarked_gate +=
            u64::from(analysis.classifier.gate_kind() == Some(GateKind::Unmarked));
        if analysis.drops_document() {
            self.documents_dropped += 1;
        } else {
            self.documents_out += 1;
        }
        if bytes_in > 0 && bytes_out == 0 && !analysis.drops_document() {
            self.documents_emptied += 1;
        }
        if analysis.keeps_original() {
            return;
        }
        self.words_removed += analysis.words_removed as u64;
        let rules = self
            .by_reason
            .len()
            .saturating_sub(crate::decide::STRUCTURAL_REASONS.len());
        for decision in &analysis.lines {
            let line = decision.line;
            let (reason, bytes, cut) = match decision.action {
                LineAction::Keep => continue,
                LineAction::Drop(reason) => (reason, line.next - line.start, false),
                LineAction::Cut { at, reason } => (reason, line.end - line.start - at, true),
            };
            if cut {
                self.lines_cut += 1;
            } else {
                self.lines_dropped += 1;
            }
            if let Some(count) = self.by_reason.get_mut(reason.slot(rules)) {
                if cut {
                    count.lines_cut += 1;
                } else {
                    count.lines_dropped += 1;
                }
                count.bytes += bytes as u64;
            }
        }
    }

    /// Moves the last recorded document from written to dropped (a document dropped because
    /// cleaning emptied it, which [`record`](Self::record) alone cannot know).
    pub fn mark_dropped(&mut self) {
        self.documents_out = self.documents_out.saturating_sub(1);
        self.documents_dropped += 1;
    }

    /// Uncounts the last recorded document as a document of its own: it was a later piece of
    /// a document too large to clean at once. `dropped` says how it was recorded.
    pub fn unmark_document(&mut self, dropped: bool) {
        self.documents = self.documents.saturating_sub(1);
        if dropped {
            self.documents_dropped = self.documents_dropped.saturating_sub(1);
        } else {
            self.documents_out = self.documents_out.saturating_sub(1);
        }
    }

    /// Adds another thread's totals.
    pub fn merge(&mut self, other: &Stats) {
        self.documents += other.documents;
        self.documents_out += other.documents_out;
        self.documents_flagged += other.documents_flagged;
        self.documents_dropped += other.documents_dropped;
        self.documents_emptied += other.documents_emptied;
        self.records_rejected += other.records_rejected;
        self.records_passed += other.records_passed;
        self.input_bytes += other.input_bytes;
        self.output_bytes += other.output_bytes;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        self.lines_in += other.lines_in;
        self.lines_dropped += other.lines_dropped;
        self.lines_cut += other.lines_cut;
        self.words_in += other.words_in;
        self.words_removed += other.words_removed;
        self.classifier_applied += other.classifier_applied;
        self.classifier_gated += other.classifier_gated;
        self.classifier_guarded += other.classifier_guarded;
        self.classifier_unmarked_gate += other.classifier_unmarked_gate;
        if self.by_reason.len() < other.by_reason.len() {
            self.by_reason
                .resize(other.by_reason.len(), ReasonCount::default());
        }
        for (mine, theirs) in self.by_reason.iter_mut().zip(&other.by_reason) {
            mine.lines_dropped += theirs.lines_dropped;
            mine.lines_cut += theirs.lines_cut;
            mine.bytes += theirs.bytes;
        }
    }

    /// The statistics as JSON, with rule names and throughput over `elapsed_secs`.
    pub fn to_json(&self, cleaner: &Cleaner, elapsed_secs: f64) -> Value {
        let mut rules = Map::new();
        for (slot, count) in self.by_reason.iter().enumerate() {
            if count.lines_dropped + count.lines_cut == 0 {
                continue;
            }
            rules.insert(
                cleaner.slot_name(slot).to_string(),
                json!({
                    "lines_dropped": count.lines_dropped,
                    "lines_cut": count.lines_cut,
                    "bytes": count.bytes,
                }),
            );
        }
        let secs = elapsed_secs.max(1e-9);
        json!({
            "documents": self.documents,
            "documents_out": self.documents_out,
            "documents_flagged": self.documents_flagged,
            "documents_dropped": self.documents_dropped,
            "documents_emptied": self.documents_emptied,
            "records_rejected": self.records_rejected,
            "records_passed": self.records_passed,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "input_bytes": self.input_bytes,
            "output_bytes": self.output_bytes,
            "lines_in": self.lines_in,
            "lines_dropped": self.lines_dropped,
            "lines_cut": self.lines_cut,
            "words_in": self.words_in,
            "words_removed": self.words_removed,
            "classifier": {
                "documents_applied": self.classifier_applied,
                "documents_gated": self.classifier_gated,
                "documents_guarded": self.classifier_guarded,
                "documents_unmarked_gate": self.classifier_unmarked_gate,
            },
            "rules": rules,
            "elapsed_seconds": (elapsed_secs * 1e6).round() / 1e6,
            "mb_per_second": ((self.input_bytes.max(self.bytes_in) as f64 / 1e6 / secs) * 100.0).round() / 100.0,
            "documents_per_second": ((self.documents as f64 / secs) * 10.0).round() / 10.0,
        })
    }
}
