//! The explain view: what was removed, by which rule, and where. A human-readable table and
//! a machine-readable JSONL form, both written from an [`Analysis`].

use std::io::{self, Write};

use serde_json::json;

use crate::clean::Cleaner;
use crate::decide::{Analysis, LineAction, Reason};

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

fn detail(cleaner: &Cleaner, reason: Reason) -> String {
    match reason {
        Reason::Duplicate { first } => format!("repeats line {}", first + 1),
        Reason::Footer { anchor, rule } => format!(
            "after footer line {} ({})",
            anchor + 1,
            cleaner.rule_set().rule(rule).name
        ),
        Reason::TocEntry { heading } => format!("contents entry under line {}", heading + 1),
        Reason::Rule(_) | Reason::Blank => String::new(),
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
        let extra = detail(cleaner, r.reason);
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
        let extra = detail(cleaner, r.reason);
        if !extra.is_empty() {
            row["detail"] = extra.into();
        }
        writeln!(w, "{row}")?;
    }
    Ok(())
}
