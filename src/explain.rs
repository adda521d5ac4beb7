//! The explain view: what was removed, by which rule, and where. A human-readable table, a
//! machine-readable JSONL form, and Dolma-style attribute rows (one per document, for
//! corpora), all written from an [`Analysis`].
//!
//! # Attribute rows
//! [`write_attributes`] writes one JSON object per document, in input order, in the shape of
//! Dolma's attribute files, so the spans can be joined back to the documents by line or id:
//!
//! ```text
//! {"id":"doc-1","attributes":{"noisestrip__ads_label":[[0,14,1.0]],"noisestrip__structure_footer":[[220,480,1.0]]}}
//! ```
//!
//! - `id` is the document's id as it appears in the input (the JSON value of the id member
//!   for JSONL, the `WARC-Record-ID` for WARC, the file name or `name#N` for text), or `null`
//!   for a record too malformed to have one.
//! - Each attribute is `noisestrip__` plus the rule name with every character other than
//!   `a-z`, `0-9` and `_` replaced by `_` (`ads.label` → `noisestrip__ads_label`), so the
//!   names are safe in JSONPath filters.
//! - Each span is `[start, end, 1.0]`: the removed text as a half-open range of Unicode code
//!   point offsets into the decoded document text (what Python's `text[start:end]` selects),
//!   so Dolma's mixer can remove it. For text that is not valid UTF-8, offsets count bytes
//!   that start a character.
//! - A document flagged by the over-deletion guard also gets
//!   `"noisestrip__over_deletion":[[0,<length>,<share of words removed>]]`.

use std::io::{self, Write};

use serde_json::json;

use crate::classify::model::GateKind;
use crate::clean::Cleaner;
use crate::decide::{Analysis, ClassifierOutcome, LineAction, Reason};

/// Which explain view to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExplainFormat {
    /// A readable table: line, action, rule, text.
    Text,
    /// One JSON object per removal.
    Jsonl,
}

/// Which document an explain row belongs to, and where it starts in its input (a document
/// too large to hold at once is cleaned in pieces; rows then count from the input's start).
#[derive(Clone, Copy, Debug)]
pub struct DocRef<'a> {
    /// The document's name or id.
    pub id: &'a str,
    /// Lines of the input before this piece.
    pub line_base: usize,
    /// Bytes of the input before this piece.
    pub byte_base: usize,
}

impl<'a> DocRef<'a> {
    /// A whole document.
    pub fn new(id: &'a str) -> DocRef<'a> {
        DocRef {
            id,
            line_base: 0,
            byte_base: 0,
        }
    }
}

/// One removal: a dropped line or a cut tail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Removal {
    /// 0-based line index.
    pub line: usize,
    /// First removed byte (offset into the document).
    pub start: usize,
    /// One past the last removed byte. A dropped line's span includes its terminator; a cut
    /// span ends before the terminator, which is kept.
    pub end: usize,
    /// Why.
    pub reason: Reason,
    /// `"drop"` or `"cut"`.
    pub action: &'static str,
}

/// The removals of an analysis, in line order. Empty when the over-deletion policy keeps the
/// original document.
///
/// ```
/// let cleaner = noisestrip::Cleaner::new();
/// let analysis = cleaner.analyze(b"Text.\nAdvertisement\n");
/// let removals: Vec<_> = noisestrip::explain::removals(&analysis).collect();
/// assert_eq!((removals[0].line, removals[0].start, removals[0].end), (1, 6, 20));
/// ```
pub fn removals(analysis: &Analysis) -> impl Iterator<Item = Removal> + '_ {
    let keep_all = analysis.keeps_original() && !analysis.lines.is_empty();
    analysis
        .lines
        .iter()
        .enumerate()
        .filter(move |_| !keep_all)
        .filter_map(|(n, d)| match d.action {
            LineAction::Keep => None,
            LineAction::Drop(reason) => Some(Removal {
                line: n,
                start: d.line.start,
                end: d.line.next,
                reason,
                action: "drop",
            }),
            LineAction::Cut { at, reason } => Some(Removal {
                line: n,
                start: d.line.start + at,
                end: d.line.end,
                reason,
                action: "cut",
            }),
        })
}

/// The particulars of a reason: which line it points at (counted like the removal's own line,
/// from the input's start) or, for the classifier, the probability and the features that
/// argued most for removal.
fn detail(cleaner: &Cleaner, reason: Reason, line_base: usize) -> String {
    let line = |n: usize| line_base + n + 1;
    match reason {
        Reason::Duplicate { first } => format!("repeats line {}", line(first)),
        Reason::Footer { anchor, rule } => format!(
            "after footer line {} ({})",
            line(anchor),
            cleaner.rule_set().rule(rule).name
        ),
        Reason::TocEntry { heading } => format!("contents entry under line {}", line(heading)),
        Reason::LinkBlock { heading } => format!("link under line {}", line(heading)),
        Reason::Stray {
            main, weak: None, ..
        } => {
            format!("apart from the main text from line {}", line(main))
        }
        Reason::Stray {
            main,
            weak: Some(permille),
            after_end: None,
        } => format!(
            "apart from the main text from line {}, kept on weak evidence (mean p={}.{:03})",
            line(main),
            permille / 1000,
            permille % 1000
        ),
        Reason::Stray {
            main,
            weak: Some(permille),
            after_end: Some(end),
        } => format!(
            "apart from the main text from line {}, after the end marker on line {}, \
             kept on weak evidence (mean p={}.{:03})",
            line(main),
            line(end),
            permille / 1000,
            permille % 1000
        ),
        Reason::Classifier { permille, features } => {
            let names: Vec<&str> = features
                .iter()
                .map(|&f| crate::decide::feature_name(f))
                .filter(|name| !name.is_empty())
                .collect();
            format!(
                "p={}.{:03} < {:.3}: {}",
                permille / 1000,
                permille % 1000,
                cleaner.model().map_or(0.0, |m| m.threshold),
                names.join(", ")
            )
        }
        _ => String::new(),
    }
}

/// One line on what the classifier did with the document, or nothing when it did not run.
fn classifier_summary(analysis: &Analysis) -> Option<String> {
    match analysis.classifier {
        ClassifierOutcome::NotRun => None,
        ClassifierOutcome::Gated { gate, kind } => Some(format!(
            "classifier: not applied, the document looks like clean text (gate p={gate:.3}{})",
            gate_note(kind)
        )),
        ClassifierOutcome::Guarded { share, .. } => Some(format!(
            "classifier: not applied, it would remove {:.1}% of the kept words",
            100.0 * share
        )),
        ClassifierOutcome::Applied { gate, kind, lines } => Some(format!(
            "classifier: removed {lines} lines (gate p={gate:.3}{})",
            gate_note(kind)
        )),
    }
}

/// Names the gate for text without list markers, the one a reader would not expect.
fn gate_note(kind: GateKind) -> &'static str {
    match kind {
        GateKind::Main => "",
        GateKind::Unmarked => ", no list markers",
    }
}

/// Writes the human-readable explain view of one document.
///
/// # Errors
/// Errors of the writer.
pub fn write_text(
    w: &mut dyn Write,
    cleaner: &Cleaner,
    doc_ref: DocRef<'_>,
    doc: &[u8],
    analysis: &Analysis,
) -> io::Result<()> {
    let removed = analysis
        .lines
        .iter()
        .filter(|d| matches!(d.action, LineAction::Drop(_)))
        .count();
    let cut = analysis
        .lines
        .iter()
        .filter(|d| matches!(d.action, LineAction::Cut { .. }))
        .count();
    writeln!(
        w,
        "== {}: {} lines, {removed} dropped, {cut} cut, {:.1}% of words removed",
        doc_ref.id,
        analysis.lines.len(),
        100.0 * analysis.removed_share()
    )?;
    if analysis.over_deleted {
        writeln!(
            w,
            "!! flagged: over-deletion guard ({:.1}% > {:.1}% of words); policy: {}",
            100.0 * analysis.removed_share(),
            100.0 * cleaner.options().max_removed_share,
            match analysis.over_deletion {
                crate::decide::OverDeletion::Flag => "write cleaned text",
                crate::decide::OverDeletion::KeepOriginal => "keep the document unchanged",
                crate::decide::OverDeletion::Drop => "drop the document",
            }
        )?;
    }
    if let Some(summary) = classifier_summary(analysis) {
        writeln!(w, "   {summary}")?;
    }
    for r in removals(analysis) {
        let text = String::from_utf8_lossy(&doc[r.start..r.end]);
        let text = text.trim_end_matches(['\n', '\r']);
        let mut shown: String = text.chars().take(100).collect();
        if shown.len() < text.len() {
            shown.push('…');
        }
        let action = match analysis.lines[r.line].action {
            LineAction::Cut { at, .. } => format!("cut@{at}"),
            _ => "drop".to_string(),
        };
        let extra = detail(cleaner, r.reason, doc_ref.line_base);
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(" [{extra}]")
        };
        writeln!(
            w,
            "{:>6}  {:<8} {:<28} {}{}",
            doc_ref.line_base + r.line + 1,
            action,
            cleaner.reason_name(r.reason),
            shown,
            extra
        )?;
    }
    Ok(())
}

/// Writes one JSON object per removal: document id, line (1-based), byte span, rule and
/// action; and one `"flag"` object for a flagged document.
///
/// # Errors
/// Errors of the writer.
pub fn write_jsonl(
    w: &mut dyn Write,
    cleaner: &Cleaner,
    doc_ref: DocRef<'_>,
    analysis: &Analysis,
) -> io::Result<()> {
    if analysis.over_deleted {
        let row = json!({
            "doc": doc_ref.id,
            "flag": "over-deletion",
            "removed_share": (analysis.removed_share() * 1e4).round() / 1e4,
        });
        writeln!(w, "{row}")?;
    }
    for r in removals(analysis) {
        let mut row = json!({
            "doc": doc_ref.id,
            "line": doc_ref.line_base + r.line + 1,
            "start": doc_ref.byte_base + r.start,
            "end": doc_ref.byte_base + r.end,
            "rule": cleaner.reason_name(r.reason),
            "action": r.action,
        });
        let extra = detail(cleaner, r.reason, doc_ref.line_base);
        if !extra.is_empty() {
            row["detail"] = extra.into();
        }
        writeln!(w, "{row}")?;
    }
    Ok(())
}

/// The attribute name of a reason: `noisestrip__` and the name with anything but
/// `[a-z0-9_]` replaced by `_`.
///
/// ```
/// assert_eq!(noisestrip::explain::attribute_name("ads.label"), "noisestrip__ads_label");
/// assert_eq!(noisestrip::explain::attribute_name("structure.toc-entry"), "noisestrip__structure_toc_entry");
/// ```
pub fn attribute_name(reason_name: &str) -> String {
    let mut s = String::with_capacity(12 + reason_name.len());
    s.push_str("noisestrip__");
    s.extend(reason_name.chars().map(|c| match c {
        'a'..='z' | '0'..='9' | '_' => c,
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => '_',
    }));
    s
}

/// Writes `{"id":<id>,"attributes":{` (the caller closes it). `id_json`, when given, is the
/// id as a JSON value, copied as it is; otherwise `id` is written as a JSON string.
pub fn write_attributes_row_start(out: &mut Vec<u8>, id: &str, id_json: Option<&[u8]>) {
    out.extend_from_slice(b"{\"id\":");
    match id_json {
        Some(raw) => out.extend_from_slice(raw),
        None => {
            out.push(b'"');
            crate::format::json::escape_into(id.as_bytes(), out);
            out.push(b'"');
        }
    }
    out.extend_from_slice(b",\"attributes\":{");
}

/// Counts characters (bytes that start one) of `doc` between increasing byte offsets.
struct CharCursor<'a> {
    doc: &'a [u8],
    byte: usize,
    chars: usize,
}

impl CharCursor<'_> {
    fn at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.doc.len());
        if byte < self.byte {
            // Not expected (offsets come in order); count again from the start.
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.doc[self.byte..byte]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        self.byte = byte;
        self.chars
    }
}

/// Writes one Dolma-style attribute row for a document (see the module documentation).
///
/// ```
/// let cleaner = noisestrip::Cleaner::new();
/// let doc = "Café news.\nAdvertisement\nMore text.\n";
/// let analysis = cleaner.analyze(doc.as_bytes());
/// let mut row = Vec::new();
/// noisestrip::explain::write_attributes(&mut row, &cleaner, "d1", None, doc.as_bytes(), &analysis);
/// assert_eq!(
///     String::from_utf8(row).unwrap(),
///     "{\"id\":\"d1\",\"attributes\":{\"noisestrip__ads_label\":[[11,25,1.0]]}}\n"
/// );
/// ```
pub fn write_attributes(
    out: &mut Vec<u8>,
    cleaner: &Cleaner,
    id: &str,
    id_json: Option<&[u8]>,
    doc: &[u8],
    analysis: &Analysis,
) {
    use std::fmt::Write as _;
    write_attributes_row_start(out, id, id_json);
    let mut cursor = CharCursor {
        doc,
        byte: 0,
        chars: 0,
    };
    // Spans grouped by reason, reasons in order of first appearance.
    let mut groups: Vec<(usize, String)> = Vec::new();
    let rules = cleaner.rules().len();
    for r in removals(analysis) {
        let slot = r.reason.slot(rules);
        let (start, end) = (cursor.at(r.start), cursor.at(r.end));
        let spans = match groups.iter_mut().find(|(s, _)| *s == slot) {
            Some((_, spans)) => spans,
            None => {
                groups.push((slot, String::new()));
                &mut groups.last_mut().expect("just pushed").1
            }
        };
        if !spans.is_empty() {
            spans.push(',');
        }
        let _ = write!(spans, "[{start},{end},1.0]");
    }
    let mut first = true;
    for (slot, spans) in &groups {
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(
            format!("\"{}\":[{spans}]", attribute_name(cleaner.slot_name(*slot))).as_bytes(),
        );
    }
    if analysis.over_deleted {
        if !first {
            out.push(b',');
        }
        let len = cursor.at(doc.len());
        let share = (analysis.removed_share() * 1e4).round() / 1e4;
        out.extend_from_slice(
            format!("\"noisestrip__over_deletion\":[[0,{len},{share}]]").as_bytes(),
        );
    }
    out.extend_from_slice(b"}}\n");
}
