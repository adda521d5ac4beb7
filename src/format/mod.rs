//! Corpus formats: how bytes of a stream become documents and how clean documents become
//! bytes again.
//!
//! - [`Format::Text`]: a file is one document, or, with a [`DocSep`], a stream of documents.
//! - [`Format::Jsonl`]: one JSON object per line; the text member is cleaned and spliced back
//!   so every other byte of the record stays as it was ([`jsonl`]).
//! - [`Format::Warc`]: WARC/WET records; `conversion` blocks are cleaned, headers fixed,
//!   other records passed through ([`warc`]).
//!
//! A [`reader::BatchReader`] cuts a (decompressed, [`compress`]) stream into [`Batch`]es of
//! whole records; a [`BatchCleaner`] turns one batch into a [`BatchOut`] (clean bytes,
//! explain rows, attribute rows, rejects, statistics) on any thread. The driver runs batches
//! in parallel and writes their outputs in input order.

pub mod compress;
pub mod json;
pub mod jsonl;
pub mod reader;
pub mod text;
pub mod warc;

use std::path::Path;

use crate::clean::{Cleaner, Worker};
use crate::decide::Analysis;
use crate::explain::{self, DocRef, ExplainFormat};
use crate::stats::Stats;
use compress::{Compression, Compressor};

/// A corpus format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Plain text: one document per file, or documents separated by a [`DocSep`].
    Text,
    /// JSON Lines: one object per line with the document in a string member.
    Jsonl,
    /// WARC records (WET files hold the page text in `conversion` records).
    Warc,
}

impl Format {
    /// The format a path's extension names, ignoring a compression extension:
    /// `.jsonl`, `.ndjson`, `.json` → JSONL; `.warc`, `.wet` → WARC; `.txt`, `.text` → text.
    ///
    /// ```
    /// use noisestrip::format::Format;
    /// assert_eq!(Format::from_path("x.warc.wet.gz".as_ref()), Some(Format::Warc));
    /// assert_eq!(Format::from_path("x.jsonl.zst".as_ref()), Some(Format::Jsonl));
    /// assert_eq!(Format::from_path("x.html".as_ref()), None);
    /// ```
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = strip_compression_ext(&name);
        let ext = name.rsplit_once('.')?.1;
        match ext {
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "warc" | "wet" => Some(Format::Warc),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of a (decompressed) stream: `WARC/1.` starts a
    /// WARC file; a first line that is a JSON object with a string member `text_field` starts
    /// JSONL; anything else is text.
    ///
    /// ```
    /// use noisestrip::format::Format;
    /// assert_eq!(Format::sniff(b"WARC/1.0\r\n", "text"), Format::Warc);
    /// assert_eq!(Format::sniff(b"{\"text\": \"x\"}\n{", "text"), Format::Jsonl);
    /// assert_eq!(Format::sniff(b"{not json}\n", "text"), Format::Text);
    /// ```
    pub fn sniff(prefix: &[u8], text_field: &str) -> Format {
        if prefix.starts_with(b"WARC/1.") {
            return Format::Warc;
        }
        let body = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
        if body.first() == Some(&b'{') {
            let line = match memchr::memchr(b'\n', body) {
                Some(p) => &body[..p],
                None => body,
            };
            match json::scan(line, text_field.as_bytes(), b"") {
                Ok(f) if matches!(f.text, Some(json::Value::Str(_))) => return Format::Jsonl,
                // A first record longer than the sniffed prefix: its start decides.
                Err(e) if e.at >= line.len() && line.len() == body.len() => {
                    let key = format!("\"{text_field}\"");
                    if memchr::memmem::find(line, key.as_bytes()).is_some() {
                        return Format::Jsonl;
                    }
                }
                _ => {}
            }
        }
        Format::Text
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Jsonl => "jsonl",
            Format::Warc => "warc",
        }
    }
}

/// `name` without a trailing `.gz`/`.zst`-style extension.
pub(crate) fn strip_compression_ext(name: &str) -> &str {
    for ext in [".gz", ".gzip", ".zst", ".zstd"] {
        if name.len() > ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext) {
            return &name[..name.len() - ext.len()];
        }
    }
    name
}

/// What separates documents in a text stream.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocSep {
    /// A single byte (NUL or form feed) ends each document.
    Byte(u8),
    /// A line whose content is exactly this (before its `\n` or `\r\n`) separates documents.
    Line(Vec<u8>),
}

impl DocSep {
    /// Parses `nul`, `formfeed` (or `ff`), or takes any other text as a literal separator line.
    ///
    /// ```
    /// use noisestrip::format::DocSep;
    /// assert_eq!(DocSep::parse("nul"), DocSep::Byte(0));
    /// assert_eq!(DocSep::parse("---"), DocSep::Line(b"---".to_vec()));
    /// ```
    pub fn parse(s: &str) -> DocSep {
        match s {
            "nul" | "NUL" | "\\0" => DocSep::Byte(0),
            "formfeed" | "ff" | "FF" | "\\f" => DocSep::Byte(0x0c),
            other => DocSep::Line(other.as_bytes().to_vec()),
        }
    }

    /// The first separator starting at or after `from`: its start and the end of it (with its
    /// line terminator). `data` must start at a document start. `Ok(None)` when there is none;
    /// `Err(at)` when a separator line may start at `at` but its end has not been read yet
    /// (only when `complete` is false).
    pub fn find(
        &self,
        data: &[u8],
        from: usize,
        complete: bool,
    ) -> Result<Option<(usize, usize)>, usize> {
        match self {
            DocSep::Byte(b) => Ok(memchr::memchr(*b, data.get(from..).unwrap_or(&[]))
                .map(|p| (from + p, from + p + 1))),
            DocSep::Line(sep) => {
                let mut at = from;
                let finder = memchr::memmem::Finder::new(sep);
                while let Some(p) = finder.find(data.get(at..).unwrap_or(&[])) {
                    let start = at + p;
                    let end = start + sep.len();
                    at = start + 1;
                    if start > 0 && data[start - 1] != b'\n' {
                        continue;
                    }
                    match &data[end..] {
                        [] if complete => return Ok(Some((start, end))),
                        [] | [b'\r'] if !complete => return Err(start),
                        [b'\n', ..] => return Ok(Some((start, end + 1))),
                        [b'\r', b'\n', ..] => return Ok(Some((start, end + 2))),
                        _ => {}
                    }
                }
                Ok(None)
            }
        }
    }

    /// The bytes written after a document when the output is text made from another format.
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            DocSep::Byte(b) => vec![*b],
            DocSep::Line(sep) => {
                let mut v = sep.clone();
                v.push(b'\n');
                v
            }
        }
    }
}

/// How one input stream is read and written: plain data, built by the driver.
#[derive(Clone, Debug)]
pub struct StreamSpec {
    /// The input's name, for messages and document ids.
    pub name: String,
    /// The input format.
    pub format: Format,
    /// The output format (the input format unless converting).
    pub output_format: Format,
    /// The JSON member holding the document text.
    pub text_field: String,
    /// The JSON member holding the document id.
    pub id_field: String,
    /// Separator of documents in a text stream; `None`: the stream is one document.
    pub doc_sep: Option<DocSep>,
    /// Drop documents that are empty after cleaning (and write them to the rejects).
    pub drop_empty: bool,
    /// Explain view to produce.
    pub explain: Option<ExplainFormat>,
    /// Produce attribute rows.
    pub attributes: bool,
    /// Collect rejected records' raw bytes.
    pub rejects: bool,
    /// Compression of the clean output.
    pub compression: Compression,
    /// Compression of the attributes output.
    pub attributes_compression: Compression,
    /// Compression of the rejects output.
    pub rejects_compression: Compression,
    /// Target size of a batch of records.
    pub batch_bytes: usize,
    /// Largest document cleaned at once; larger ones are cleaned in pieces.
    pub max_document_bytes: usize,
    /// Largest WARC record accepted; a larger `Content-Length` is treated as corrupt.
    pub max_record_bytes: usize,
}

impl StreamSpec {
    /// A stream named `name` in `format`, written in the same format, with the defaults of
    /// [`crate::driver::RunConfig`]: fields `text` and `id`, no document separator, no explain
    /// view, attributes or rejects, no compression, 1 MiB batches. Change fields as needed.
    ///
    /// ```
    /// use noisestrip::driver::Format;
    /// use noisestrip::format::StreamSpec;
    /// let spec = StreamSpec { batch_bytes: 64 << 10, ..StreamSpec::new("dump.jsonl", Format::Jsonl) };
    /// assert_eq!((spec.text_field.as_str(), spec.output_format), ("text", Format::Jsonl));
    /// ```
    pub fn new(name: impl Into<String>, format: Format) -> StreamSpec {
        let defaults = crate::driver::RunConfig::default();
        StreamSpec {
            name: name.into(),
            format,
            output_format: format,
            text_field: defaults.text_field,
            id_field: defaults.id_field,
            doc_sep: defaults.doc_sep,
            drop_empty: defaults.drop_empty,
            explain: defaults.explain,
            attributes: false,
            rejects: false,
            compression: Compression::None,
            attributes_compression: Compression::None,
            rejects_compression: Compression::None,
            batch_bytes: defaults.batch_bytes,
            max_document_bytes: defaults.max_document_bytes,
            max_record_bytes: defaults.max_record_bytes,
        }
    }
}

/// A run of whole records from one stream, ready to be cleaned on any thread.
#[derive(Debug, Default)]
pub struct Batch {
    /// The records' bytes (decompressed).
    pub data: reader::BatchBytes,
    /// Offset of `data[0]` in the decompressed stream.
    pub offset: u64,
    /// Newlines in the stream before `data[0]` (so the 1-based line of `data[0]` is this + 1).
    pub first_line: u64,
    /// Documents in the stream before this batch (text streams with separators).
    pub first_doc: u64,
    /// The stream's single document continues from the previous batch (cleaned in pieces).
    pub continues_document: bool,
    /// WARC: the records found by the reader.
    pub records: Vec<warc::Span>,
    /// Warnings the reader raised for this batch.
    pub warnings: Vec<String>,
}

/// What cleaning one batch produced, written in input order by the driver.
#[derive(Debug, Default)]
pub struct BatchOut {
    /// Clean output bytes, compressed as configured.
    pub clean: Vec<u8>,
    /// The last byte of the clean output before compression, if any was written.
    pub clean_last_byte: Option<u8>,
    /// Explain rows.
    pub explain: Vec<u8>,
    /// Attribute rows (compressed as configured).
    pub attributes: Vec<u8>,
    /// Raw bytes of rejected records (compressed as configured).
    pub rejects: Vec<u8>,
    /// One JSON row per rejected record: input, place, reason.
    pub reasons: Vec<u8>,
    /// Statistics of this batch.
    pub stats: Stats,
    /// Malformed-record reports (`name:line: problem`), capped by the driver.
    pub record_errors: Vec<String>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Bytes of input this batch covered.
    pub input_bytes: u64,
}

/// Where a rejected record was found.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Place {
    /// 1-based line.
    Line(u64),
    /// Byte offset in the decompressed stream.
    Offset(u64),
}

/// One document's identity for explain rows and attributes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DocMeta<'a> {
    /// The id as text (explain rows).
    pub id: &'a str,
    /// The id as a JSON value (attribute rows); `None`: write `id` as a JSON string.
    pub id_json: Option<&'a [u8]>,
    /// Lines before this piece of the document (a document cleaned in pieces).
    pub line_base: usize,
    /// Bytes before this piece of the document.
    pub byte_base: usize,
}

/// One thread's state for cleaning batches: a [`Worker`], a [`Compressor`] and buffers.
#[derive(Debug)]
pub struct BatchCleaner {
    pub(crate) worker: Worker,
    pub(crate) compressor: Compressor,
    /// Decoded document text.
    pub(crate) text: Vec<u8>,
    /// Clean text of one document.
    pub(crate) clean: Vec<u8>,
    /// One record's output before compression.
    pub(crate) stage: Vec<u8>,
}

impl BatchCleaner {
    /// A batch cleaner for one thread.
    pub fn new(cleaner: &Cleaner) -> BatchCleaner {
        BatchCleaner::among(cleaner, 1)
    }

    /// A batch cleaner for one of `workers` threads cleaning at once (see
    /// [`Cleaner::worker_among`]).
    pub fn among(cleaner: &Cleaner, workers: usize) -> BatchCleaner {
        BatchCleaner {
            worker: cleaner.worker_among(workers),
            compressor: Compressor::default(),
            text: Vec::new(),
            clean: Vec::new(),
            stage: Vec::new(),
        }
    }

    /// Cleans one batch of a stream described by `spec`.
    pub fn clean_batch(&mut self, spec: &StreamSpec, batch: &Batch) -> BatchOut {
        let mut out = BatchOut {
            stats: Stats::new(self.worker.cleaner()),
            warnings: batch.warnings.clone(),
            input_bytes: batch.data.len() as u64,
            ..BatchOut::default()
        };
        let mut plain = Vec::with_capacity(batch.data.len() + batch.data.len() / 8);
        match spec.format {
            Format::Jsonl => jsonl::clean_batch(self, spec, batch, &mut plain, &mut out),
            Format::Text => text::clean_batch(self, spec, batch, &mut plain, &mut out),
            Format::Warc => warc::clean_batch(self, spec, batch, &mut plain, &mut out),
        }
        out.stats.input_bytes += batch.data.len() as u64;
        out.stats.output_bytes += plain.len() as u64;
        if out.clean_last_byte.is_none() {
            out.clean_last_byte = plain.last().copied();
        }
        // WARC output compresses each record itself; everything else one member per batch.
        if spec.compression == Compression::None && out.clean.is_empty() {
            out.clean = plain;
        } else if !plain.is_empty() {
            self.compress(spec.compression, &plain, &mut out.clean);
        }
        if !out.attributes.is_empty() && spec.attributes_compression != Compression::None {
            let rows = std::mem::take(&mut out.attributes);
            self.compress(spec.attributes_compression, &rows, &mut out.attributes);
        }
        if !out.rejects.is_empty() && spec.rejects_compression != Compression::None {
            let raw = std::mem::take(&mut out.rejects);
            self.compress(spec.rejects_compression, &raw, &mut out.rejects);
        }
        out
    }

    fn compress(&mut self, kind: Compression, data: &[u8], out: &mut Vec<u8>) {
        if let Err(e) = self.compressor.compress_member(kind, data, out) {
            // Compressing bytes in memory does not fail in practice; keep the data readable
            // rather than lose it.
            out.extend_from_slice(data);
            let _ = e;
        }
    }
}

/// Bytes of the clean form of `doc` that [`crate::write_clean`] would write.
pub(crate) fn clean_len(doc: &[u8], analysis: &Analysis) -> usize {
    use crate::decide::LineAction;
    if analysis.drops_document() {
        return 0;
    }
    if analysis.keeps_original() {
        return doc.len();
    }
    analysis
        .lines
        .iter()
        .map(|d| match d.action {
            LineAction::Keep => d.line.next - d.line.start,
            LineAction::Drop(_) => 0,
            LineAction::Cut { at, .. } => at + (d.line.next - d.line.end),
        })
        .sum()
}

/// Why a cleaned document is dropped from the output, if it is: the over-deletion policy
/// says so, or it is empty and empty documents are dropped.
pub(crate) fn drop_reason(
    spec: &StreamSpec,
    analysis: &Analysis,
    clean_len: usize,
) -> Option<String> {
    if analysis.drops_document() {
        return Some(format!(
            "over-deletion: cleaning would remove {:.1}% of the words",
            100.0 * analysis.removed_share()
        ));
    }
    if spec.drop_empty && clean_len == 0 {
        return Some("empty after cleaning".to_string());
    }
    None
}

impl BatchOut {
    /// Records a rejected (malformed) record or a dropped document: its raw bytes to the
    /// rejects, a reason row, and for malformed records a report and a count.
    pub(crate) fn reject(
        &mut self,
        spec: &StreamSpec,
        raw: &[u8],
        place: Place,
        reason: &str,
        malformed: bool,
    ) {
        if spec.rejects {
            self.rejects.extend_from_slice(raw);
            let mut row = Vec::with_capacity(80 + reason.len());
            row.extend_from_slice(b"{\"input\":\"");
            json::escape_into(spec.name.as_bytes(), &mut row);
            let (key, n) = match place {
                Place::Line(n) => ("line", n),
                Place::Offset(n) => ("offset", n),
            };
            row.extend_from_slice(
                format!("\",\"{key}\":{n},\"bytes\":{},\"reason\":\"", raw.len()).as_bytes(),
            );
            json::escape_into(reason.as_bytes(), &mut row);
            row.extend_from_slice(b"\"}\n");
            self.reasons.extend_from_slice(&row);
        }
        if malformed {
            self.stats.records_rejected += 1;
            // `file:line: problem`, the form editors and grep use; offsets for WARC.
            let report = match place {
                Place::Line(n) => format!("{}:{n}: {reason}", spec.name),
                Place::Offset(n) => format!("{}: offset {n}: {reason}", spec.name),
            };
            self.record_errors.push(report);
        }
    }

    /// Writes the explain rows and the attribute row of one cleaned document.
    pub(crate) fn views(
        &mut self,
        cleaner: &Cleaner,
        spec: &StreamSpec,
        meta: DocMeta<'_>,
        doc: &[u8],
        analysis: &Analysis,
    ) {
        let doc_ref = DocRef {
            id: meta.id,
            line_base: meta.line_base,
            byte_base: meta.byte_base,
        };
        // Writing into a Vec cannot fail.
        let _ = match spec.explain {
            Some(ExplainFormat::Text) => {
                explain::write_text(&mut self.explain, cleaner, doc_ref, doc, analysis)
            }
            Some(ExplainFormat::Jsonl) => {
                explain::write_jsonl(&mut self.explain, cleaner, doc_ref, analysis)
            }
            None => Ok(()),
        };
        if spec.attributes {
            explain::write_attributes(
                &mut self.attributes,
                cleaner,
                meta.id,
                meta.id_json,
                doc,
                analysis,
            );
        }
    }

    /// An attribute row for a record that has no cleaned document (rejected), so the rows
    /// stay aligned one-to-one with the input records.
    pub(crate) fn empty_attributes(&mut self, spec: &StreamSpec, id: &str, id_json: Option<&[u8]>) {
        if spec.attributes {
            explain::write_attributes_row_start(&mut self.attributes, id, id_json);
            self.attributes.extend_from_slice(b"}}\n");
        }
    }
}
