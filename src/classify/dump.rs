//! The feature table for training the line classifier: one TSV row per non-blank line with
//! the document id, the 1-based line number, whether a rule removed the line whole, and every
//! feature of [`LINE_FEATURES`] (the format `tools/quality/train.py` reads).

use std::io::{self, Write};

use super::features::LINE_FEATURES;
use crate::clean::Worker;

/// Writes the header row: `doc`, `line`, `removed`, then the feature names.
///
/// # Errors
/// Errors of the writer.
pub fn write_header(w: &mut dyn Write) -> io::Result<()> {
    write!(w, "doc\tline\tremoved")?;
    for name in LINE_FEATURES {
        write!(w, "\t{name}")?;
    }
    writeln!(w)
}

/// Writes the rows of one document. The id must not contain tabs or newlines (they are
/// replaced by spaces).
///
/// ```
/// let cleaner = noisestrip::Cleaner::new();
/// let mut worker = cleaner.worker();
/// let mut out = Vec::new();
/// noisestrip::classify::dump::write_rows(&mut out, &mut worker, "d1", b"Advertisement\n\nA line of text.\n").unwrap();
/// let rows = String::from_utf8(out).unwrap();
/// let rows: Vec<&str> = rows.lines().collect();
/// assert_eq!(rows.len(), 2); // the blank line has no row
/// assert!(rows[0].starts_with("d1\t1\t1\t")); // the ad label is removed by a rule
/// assert!(rows[1].starts_with("d1\t3\t0\t"));
/// ```
///
/// # Errors
/// Errors of the writer.
pub fn write_rows(w: &mut dyn Write, worker: &mut Worker, id: &str, doc: &[u8]) -> io::Result<()> {
    let id = id.replace(['\t', '\n', '\r'], " ");
    let (features, removed) = worker.line_features(doc);
    for (r, &line) in features.rows.iter().enumerate() {
        write!(
            w,
            "{id}\t{}\t{}",
            line + 1,
            u8::from(removed.get(line).copied().unwrap_or(false))
        )?;
        for value in features.row(r) {
            write!(w, "\t{value}")?;
        }
        writeln!(w)?;
    }
    Ok(())
}
