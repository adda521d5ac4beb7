//! JSON Lines: one object per line, the document in a string member (`text` by default).
//!
//! Each record is checked by the validating scanner of [`super::json`], which finds the text
//! and id members without building a tree. The text is decoded into a reused buffer and
//! cleaned; the clean text is written back between the untouched bytes before and after the
//! original value, each kept character in its original escaped form. So every other member,
//! their order, spacing and escapes stay byte-identical, and a record whose text is unchanged
//! is written verbatim. Malformed records (broken JSON, no string text member, invalid UTF-8,
//! lone surrogate escapes) go to the rejects with their line number.

use super::json::{self, Value};
use super::{Batch, BatchCleaner, BatchOut, DocMeta, Format, Place, StreamSpec};
use crate::clean::write_clean;

/// Cleans the records (lines) of one batch.
pub(crate) fn clean_batch(
    bc: &mut BatchCleaner,
    spec: &StreamSpec,
    batch: &Batch,
    plain: &mut Vec<u8>,
    out: &mut BatchOut,
) {
    let data = &batch.data[..];
    let mut start = 0;
    let mut line_no = batch.first_line;
    while start < data.len() {
        let end = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |p| start + p + 1);
        line_no += 1;
        clean_record(bc, spec, &data[start..end], line_no, plain, out);
        start = end;
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Cleans one record; `line` includes its `\n` (absent only on a last line without one).
fn clean_record(
    bc: &mut BatchCleaner,
    spec: &StreamSpec,
    line: &[u8],
    line_no: u64,
    plain: &mut Vec<u8>,
    out: &mut BatchOut,
) {
    // A byte-order mark before the first record (files exported on Windows) belongs to the
    // file, not to the record: the record is parsed without it, and JSONL output keeps it.
    let (bom, line) = match line.strip_prefix(UTF8_BOM) {
        Some(rest) if line_no == 1 => (UTF8_BOM, rest),
        _ => (&b""[..], line),
    };
    if spec.output_format == Format::Jsonl {
        plain.extend_from_slice(bom);
    }
    let rec = line.strip_suffix(b"\n").unwrap_or(line);
    if rec.trim_ascii().is_empty() {
        // Blank lines are not records; JSONL output keeps them so nothing shifts.
        if spec.output_format == Format::Jsonl {
            plain.extend_from_slice(line);
        }
        return;
    }
    let place = Place::Line(line_no);
    if let Err(e) = std::str::from_utf8(rec) {
        let reason = format!("invalid UTF-8 at column {}", e.valid_up_to() + 1);
        out.reject(spec, line, place, &reason, true);
        out.empty_attributes(spec, "", Some(b"null"));
        return;
    }
    let fields = match json::scan(rec, spec.text_field.as_bytes(), spec.id_field.as_bytes()) {
        Ok(f) => f,
        Err(e) => {
            let reason = format!("invalid JSON at column {}: {}", e.at + 1, e.message);
            out.reject(spec, line, place, &reason, true);
            out.empty_attributes(spec, "", Some(b"null"));
            return;
        }
    };
    let fallback_id;
    let unescaped_id;
    let (id, id_json): (&str, Option<&[u8]>) = match fields.id {
        Some(Value::Str(s)) => {
            let raw = &rec[s.start - 1..s.end + 1];
            let text = &rec[s.start..s.end];
            if s.escaped {
                let mut buf = Vec::new();
                let _ = json::unescape(text, &mut buf);
                unescaped_id = String::from_utf8_lossy(&buf).into_owned();
                (&unescaped_id, Some(raw))
            } else {
                // The record is valid UTF-8, so this cannot fail.
                (std::str::from_utf8(text).unwrap_or_default(), Some(raw))
            }
        }
        Some(Value::Other { start, end }) => {
            let raw = &rec[start..end];
            (std::str::from_utf8(raw).unwrap_or_default(), Some(raw))
        }
        None => {
            fallback_id = format!("{}:{line_no}", spec.name);
            (&fallback_id, None)
        }
    };
    let text = match fields.text {
        Some(Value::Str(s)) => s,
        Some(Value::Other { .. }) => {
            let reason = format!("member \"{}\" is not a string", spec.text_field);
            out.reject(spec, line, place, &reason, true);
            out.empty_attributes(spec, id, id_json);
            return;
        }
        None => {
            let reason = format!("no member \"{}\"", spec.text_field);
            out.reject(spec, line, place, &reason, true);
            out.empty_attributes(spec, id, id_json);
            return;
        }
    };
    let BatchCleaner {
        worker,
        text: decoded,
        clean,
        ..
    } = bc;
    let esc = &rec[text.start..text.end];
    let doc: &[u8] = if text.escaped {
        decoded.clear();
        if let Err(e) = json::unescape(esc, decoded) {
            let reason = format!("{} at column {}", e.message, text.start + e.at + 1);
            out.reject(spec, line, place, &reason, true);
            out.empty_attributes(spec, id, id_json);
            return;
        }
        decoded
    } else {
        esc
    };
    worker.analyze(doc);
    let analysis = worker.analysis();
    let cleaner = worker.cleaner();
    out.views(
        cleaner,
        spec,
        DocMeta {
            id,
            id_json,
            line_base: 0,
            byte_base: 0,
        },
        doc,
        analysis,
    );
    let clean_len = super::clean_len(doc, analysis);
    let drop_reason = super::drop_reason(spec, analysis, clean_len);
    out.stats.record(
        doc.len(),
        analysis,
        if drop_reason.is_some() { 0 } else { clean_len },
    );
    if let Some(reason) = drop_reason {
        if !analysis.drops_document() {
            out.stats.mark_dropped();
        }
        out.reject(spec, line, place, &reason, false);
        return;
    }
    match spec.output_format {
        Format::Jsonl if analysis.keeps_original() => plain.extend_from_slice(line),
        Format::Jsonl => {
            plain.extend_from_slice(&line[..text.start]);
            json::write_escaped_clean(esc, doc, analysis, plain);
            plain.extend_from_slice(&line[text.end..]);
        }
        Format::Text | Format::Warc => {
            clean.clear();
            write_clean(doc, analysis, clean);
            super::text::write_text_doc(spec, clean, plain);
        }
    }
}
