//! Cutting a stream into [`Batch`]es of whole records, with bounded memory.
//!
//! The reader is the only sequential step of a run besides writing, so it does as little as
//! it can: it reads large blocks, finds the first record boundary after the target batch size
//! (one `memchr` for JSONL), counts newlines for line numbers, and hands the bytes over
//! without parsing records. Batch boundaries depend only on the bytes of the stream, never on
//! how reads happened to return or on the thread count, so the output is the same for any
//! `-j`.

use std::io::{self, Read};

use super::warc::{self, Span, Step};
use super::{Batch, DocSep, Format, StreamSpec};

/// How much to read at a time.
const READ_CHUNK: usize = 1 << 20;

/// A read error that ended a stream early: what was read before it was still returned.
#[derive(Debug)]
pub struct ReadError {
    /// The underlying error.
    pub error: io::Error,
    /// Bytes (decompressed) read before the error.
    pub bytes: u64,
    /// Lines (JSONL, text) or records (WARC) read before the error.
    pub units: u64,
    /// `"lines"` or `"records"`.
    pub unit_name: &'static str,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "input is truncated or corrupt after {} bytes ({} {} read; those were cleaned and written): {}",
            self.bytes, self.units, self.unit_name, self.error
        )
    }
}

#[derive(Debug)]
enum Mode {
    Jsonl,
    TextWhole,
    TextSep(DocSep),
    Warc,
}

/// Reads a stream and yields batches of whole records; see the module documentation.
pub struct BatchReader {
    input: Box<dyn Read + Send>,
    mode: Mode,
    target: usize,
    max_doc: usize,
    max_record: usize,
    buf: Vec<u8>,
    /// Bytes of `buf` already searched for a boundary without success.
    scanned: usize,
    /// WARC: end of the records parsed so far in `buf`, and their spans.
    parsed: usize,
    spans: Vec<Span>,
    eof: bool,
    error: Option<io::Error>,
    offset: u64,
    lines: u64,
    docs: u64,
    records: u64,
    batches: u64,
    /// The single document of a text stream is being cleaned in pieces.
    in_pieces: bool,
    /// The next batch continues the document the last one ended in.
    pending_continuation: bool,
    warned_pieces: bool,
    done: bool,
    name: String,
}

impl std::fmt::Debug for BatchReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchReader")
            .field("mode", &self.mode)
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

impl BatchReader {
    /// A reader of a decompressed stream in the format of `spec`.
    pub fn new(input: Box<dyn Read + Send>, spec: &StreamSpec) -> BatchReader {
        let mode = match (spec.format, &spec.doc_sep) {
            (Format::Jsonl, _) => Mode::Jsonl,
            (Format::Warc, _) => Mode::Warc,
            (Format::Text, Some(sep)) => Mode::TextSep(sep.clone()),
            (Format::Text, None) => Mode::TextWhole,
        };
        BatchReader {
            input,
            mode,
            target: spec.batch_bytes.max(1),
            max_doc: spec.max_document_bytes.max(1),
            max_record: spec.max_record_bytes.max(1),
            buf: Vec::new(),
            scanned: 0,
            parsed: 0,
            spans: Vec::new(),
            eof: false,
            error: None,
            offset: 0,
            lines: 0,
            docs: 0,
            records: 0,
            batches: 0,
            in_pieces: false,
            pending_continuation: false,
            warned_pieces: false,
            done: false,
            name: spec.name.clone(),
        }
    }

    fn read_more(&mut self) {
        let len = self.buf.len();
        let want = READ_CHUNK.max(self.target.min(16 << 20) / 4);
        self.buf.resize(len + want, 0);
        loop {
            match self.input.read(&mut self.buf[len..]) {
                Ok(0) => {
                    self.eof = true;
                    self.buf.truncate(len);
                    return;
                }
                Ok(n) => {
                    self.buf.truncate(len + n);
                    return;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                    self.buf.truncate(len);
                    return;
                }
            }
        }
    }

    /// Where the current batch ends, if that is known yet.
    fn find_cut(&mut self) -> Option<usize> {
        let target = self.target;
        match &self.mode {
            Mode::Jsonl => {
                if self.buf.len() < target {
                    return None;
                }
                let from = self.scanned.max(target - 1);
                match memchr::memchr(b'\n', &self.buf[from..]) {
                    Some(p) => Some(from + p + 1),
                    None => {
                        self.scanned = self.buf.len();
                        None
                    }
                }
            }
            Mode::TextWhole => (self.buf.len() > self.max_doc).then(|| self.piece_cut()),
            Mode::TextSep(sep) => {
                if self.buf.len() >= target {
                    let from = self.scanned.max(target - 1);
                    match sep.find(&self.buf, from, false) {
                        Ok(Some((_, end))) => return Some(end),
                        Ok(None) => self.scanned = self.buf.len().saturating_sub(sep_len(sep)),
                        Err(at) => self.scanned = at,
                    }
                }
                (self.buf.len() > self.max_doc.max(target)).then(|| self.piece_cut())
            }
            Mode::Warc => self.warc_cut(),
        }
    }

    /// A cut inside one over-long document: after the last newline within the limit, or at
    /// the limit when one line is longer.
    fn piece_cut(&mut self) -> usize {
        let limit = self.max_doc.min(self.buf.len());
        let cut = match memchr::memrchr(b'\n', &self.buf[..limit]) {
            Some(p) => p + 1,
            None => limit,
        };
        self.in_pieces = true;
        cut
    }

    fn warc_cut(&mut self) -> Option<usize> {
        loop {
            if self.parsed >= self.target {
                return Some(self.parsed);
            }
            match warc::parse_at(&self.buf, self.parsed, self.eof, self.max_record) {
                Step::Span(span) => {
                    if span.is_record() {
                        self.records += 1;
                    }
                    self.parsed = span.end;
                    self.spans.push(span);
                }
                Step::End => return (self.parsed > 0).then_some(self.parsed),
                Step::NeedMore => return None,
            }
        }
    }

    fn take(&mut self, cut: usize) -> Batch {
        let rest = self.buf[cut..].to_vec();
        let mut data = std::mem::replace(&mut self.buf, rest);
        data.truncate(cut);
        self.scanned = 0;
        // A piece cut means the batch after this one continues the same document.
        let next_continues = std::mem::take(&mut self.in_pieces);
        let mut warnings = Vec::new();
        if next_continues && !self.warned_pieces {
            self.warned_pieces = true;
            warnings.push(format!(
                "{}: warning: a document is larger than {} bytes; cleaned in pieces (repeated \
                 lines are only found within a piece)",
                self.name, self.max_doc
            ));
        }
        let newlines = memchr::memchr_iter(b'\n', &data).count() as u64;
        let docs = match &self.mode {
            Mode::TextSep(sep) => count_seps(sep, &data),
            _ => 0,
        };
        let spans = std::mem::take(&mut self.spans);
        self.parsed = 0;
        let batch = Batch {
            offset: self.offset,
            first_line: self.lines,
            first_doc: self.docs,
            continues_document: self.pending_continuation,
            records: spans,
            warnings,
            data,
        };
        self.pending_continuation = next_continues;
        self.offset += batch.data.len() as u64;
        self.lines += newlines;
        self.docs += docs;
        self.batches += 1;
        batch
    }

    fn read_error(&mut self) -> Option<ReadError> {
        let error = self.error.take()?;
        let (units, unit_name) = match self.mode {
            Mode::Warc => (self.records, "records"),
            _ => (self.lines, "lines"),
        };
        Some(ReadError {
            error,
            bytes: self.offset,
            units,
            unit_name,
        })
    }
}

fn sep_len(sep: &DocSep) -> usize {
    match sep {
        DocSep::Byte(_) => 1,
        DocSep::Line(s) => s.len() + 2,
    }
}

fn count_seps(sep: &DocSep, data: &[u8]) -> u64 {
    match sep {
        DocSep::Byte(b) => memchr::memchr_iter(*b, data).count() as u64,
        DocSep::Line(_) => {
            let mut n = 0;
            let mut at = 0;
            while let Ok(Some((_, end))) = sep.find(data, at, true) {
                n += 1;
                at = end;
            }
            n
        }
    }
}

impl Iterator for BatchReader {
    type Item = Result<Batch, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            if let Some(cut) = self.find_cut() {
                return Some(Ok(self.take(cut)));
            }
            if self.eof {
                let whole_empty = matches!(self.mode, Mode::TextWhole) && self.batches == 0;
                if !self.buf.is_empty() || whole_empty {
                    let cut = self.buf.len();
                    if matches!(self.mode, Mode::Warc) {
                        // parse_at at end of input turns any leftover into spans.
                        while let Step::Span(span) =
                            warc::parse_at(&self.buf, self.parsed, true, self.max_record)
                        {
                            if span.is_record() {
                                self.records += 1;
                            }
                            self.parsed = span.end;
                            self.spans.push(span);
                        }
                    }
                    return Some(Ok(self.take(cut)));
                }
                self.done = true;
                return self.read_error().map(Err);
            }
            self.read_more();
        }
    }
}
