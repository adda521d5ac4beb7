//! Plain text: a stream is one document, or many documents separated by a [`super::DocSep`] (a NUL
//! byte, a form feed, or a separator line). Separators are written back exactly as they were
//! read, so a stream that loses nothing comes out byte for byte.

use super::{Batch, BatchCleaner, BatchOut, DocMeta, Format, Place, StreamSpec, json};
use crate::clean::write_clean;

/// Cleans the documents of one batch.
pub(crate) fn clean_batch(
    bc: &mut BatchCleaner,
    spec: &StreamSpec,
    batch: &Batch,
    plain: &mut Vec<u8>,
    out: &mut BatchOut,
) {
    let data = &batch.data[..];
    let Some(sep) = &spec.doc_sep else {
        // The whole stream is one document; a batch is the document or one piece of it.
        let doc = Doc {
            bytes: data,
            sep: b"",
            id: &spec.name,
            line_base: batch.first_line,
            byte_base: batch.offset,
            offset: batch.offset,
            continues: batch.continues_document,
        };
        clean_doc(bc, spec, doc, plain, out);
        return;
    };
    let mut start = 0;
    let mut k = batch.first_doc;
    let mut continues = batch.continues_document;
    loop {
        let (end, next) = match sep.find(data, start, true) {
            Ok(Some((s, e))) => (s, e),
            _ if start < data.len() => (data.len(), data.len()),
            _ => break,
        };
        let id = format!("{}#{}", spec.name, k + 1);
        let doc = Doc {
            bytes: &data[start..end],
            sep: &data[end..next],
            id: &id,
            line_base: 0,
            byte_base: 0,
            offset: batch.offset + start as u64,
            continues,
        };
        clean_doc(bc, spec, doc, plain, out);
        continues = false;
        k += 1;
        start = next;
        if next == data.len() {
            break;
        }
    }
}

struct Doc<'a> {
    bytes: &'a [u8],
    /// The separator after the document, as read (empty after the last one).
    sep: &'a [u8],
    id: &'a str,
    line_base: u64,
    byte_base: u64,
    /// Offset of the document in the stream.
    offset: u64,
    /// This piece continues a document begun in the previous batch.
    continues: bool,
}

fn clean_doc(
    bc: &mut BatchCleaner,
    spec: &StreamSpec,
    doc: Doc<'_>,
    plain: &mut Vec<u8>,
    out: &mut BatchOut,
) {
    let BatchCleaner { worker, clean, .. } = bc;
    worker.analyze(doc.bytes);
    let analysis = worker.analysis();
    out.views(
        worker.cleaner(),
        spec,
        DocMeta {
            id: doc.id,
            id_json: None,
            line_base: doc.line_base as usize,
            byte_base: doc.byte_base as usize,
        },
        doc.bytes,
        analysis,
    );
    clean.clear();
    write_clean(doc.bytes, analysis, clean);
    let drop_reason = super::drop_reason(spec, analysis, clean.len());
    out.stats.record(
        doc.bytes.len(),
        analysis,
        if drop_reason.is_some() {
            0
        } else {
            clean.len()
        },
    );
    if doc.continues {
        out.stats
            .unmark_document(drop_reason.is_some() || analysis.drops_document());
    }
    if let Some(reason) = drop_reason {
        if !analysis.drops_document() {
            out.stats.mark_dropped();
        }
        let mut raw = doc.bytes.to_vec();
        raw.extend_from_slice(doc.sep);
        out.reject(spec, &raw, Place::Offset(doc.offset), &reason, false);
        return;
    }
    match spec.output_format {
        Format::Text | Format::Warc => {
            plain.extend_from_slice(clean);
            plain.extend_from_slice(doc.sep);
        }
        Format::Jsonl => {
            plain.extend_from_slice(b"{\"id\":\"");
            json::escape_into(doc.id.as_bytes(), plain);
            plain.extend_from_slice(b"\",\"text\":\"");
            json::escape_into(clean, plain);
            plain.extend_from_slice(b"\"}\n");
        }
    }
}

/// Writes a clean document as text when converting from another format: the text, then the
/// document separator if one is set, else a newline if the text does not end with one.
pub(crate) fn write_text_doc(spec: &StreamSpec, clean: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(clean);
    match &spec.doc_sep {
        Some(sep) => out.extend_from_slice(&sep.bytes()),
        None if !clean.is_empty() && !clean.ends_with(b"\n") => out.push(b'\n'),
        None => {}
    }
}
