//! Cutting a stream into [`Batch`]es of whole records, with bounded memory.
//!
//! The reader is the only sequential step of a run besides writing, so it does as little as
//! it can: it reads large blocks, finds the first record boundary after the target batch size
//! (one `memchr` for JSONL), counts newlines for line numbers, and hands the bytes over
//! without parsing records. Batch boundaries depend only on the bytes of the stream, never on
//! how reads happened to return or on the thread count, so the output is the same for any
//! `-j`.

use std::io::{self, Read};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::warc::{self, Span, Step};
use super::{Batch, DocSep, Format, StreamSpec};

/// How much to read at a time.
const READ_CHUNK: usize = 1 << 20;

/// A stream batch at least this large is handed out in the read buffer itself rather than
/// copied (see `BatchReader::take`).
const HAND_OVER_BYTES: usize = 4 << 20;

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

/// The bytes of a batch: read into memory, or a range of a memory-mapped file (no copy).
#[derive(Clone)]
pub enum BatchBytes {
    /// Bytes read from a stream.
    Owned(Vec<u8>),
    /// A range of a mapped file.
    Mapped(Arc<memmap2::Mmap>, Range<usize>),
}

impl Default for BatchBytes {
    fn default() -> BatchBytes {
        BatchBytes::Owned(Vec::new())
    }
}

impl std::ops::Deref for BatchBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            BatchBytes::Owned(v) => v,
            BatchBytes::Mapped(m, r) => &m[r.clone()],
        }
    }
}

impl std::fmt::Debug for BatchBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BatchBytes({} bytes)", self.len())
    }
}

impl From<Vec<u8>> for BatchBytes {
    fn from(v: Vec<u8>) -> BatchBytes {
        BatchBytes::Owned(v)
    }
}

/// Where a [`BatchReader`] gets its bytes.
pub enum Source {
    /// A (decompressed) stream, read in large blocks.
    Stream(Box<dyn Read + Send>),
    /// A memory-mapped regular file: batches are ranges of the map, with no copy.
    Mapped(Arc<memmap2::Mmap>),
}

/// Finds batch boundaries; separate from the bytes so it can look at either source.
#[derive(Debug)]
struct Cutter {
    mode: Mode,
    target: usize,
    max_doc: usize,
    max_record: usize,
    /// Bytes already searched for a boundary without success.
    scanned: usize,
    /// WARC: end of the records parsed so far, and their spans.
    parsed: usize,
    spans: Vec<Span>,
    records: u64,
    /// The single document of a text stream is being cut into pieces.
    in_pieces: bool,
}

impl Cutter {
    /// Where the current batch ends in `data`, if that is known yet. With `eof`, `data` is
    /// the whole rest of the stream.
    fn find_cut(&mut self, data: &[u8], eof: bool) -> Option<usize> {
        let target = self.target;
        match &self.mode {
            Mode::Jsonl => {
                if data.len() < target {
                    return None;
                }
                let from = self.scanned.max(target - 1);
                match memchr::memchr(b'\n', &data[from..]) {
                    Some(p) => Some(from + p + 1),
                    None => {
                        self.scanned = data.len();
                        None
                    }
                }
            }
            Mode::TextWhole => (data.len() > self.max_doc).then(|| self.piece_cut(data)),
            Mode::TextSep(sep) => {
                if data.len() >= target {
                    let from = self.scanned.max(target - 1);
                    match sep.find(data, from, eof) {
                        Ok(Some((_, end))) => return Some(end),
                        Ok(None) => self.scanned = data.len().saturating_sub(sep_len(sep)),
                        Err(at) => self.scanned = at,
                    }
                }
                (data.len() > self.max_doc.max(target)).then(|| self.piece_cut(data))
            }
            Mode::Warc => self.warc_cut(data, eof),
        }
    }

    /// A cut inside one over-long document: after the last newline within the limit, or at
    /// the limit when one line is longer.
    fn piece_cut(&mut self, data: &[u8]) -> usize {
        let limit = self.max_doc.min(data.len());
        self.in_pieces = true;
        match memchr::memrchr(b'\n', &data[..limit]) {
            Some(p) => p + 1,
            None => limit,
        }
    }

    fn warc_cut(&mut self, data: &[u8], eof: bool) -> Option<usize> {
        loop {
            if self.parsed >= self.target {
                return Some(self.parsed);
            }
            match warc::parse_at(data, self.parsed, eof, self.max_record) {
                Step::Span(span) => {
                    self.records += u64::from(span.is_record());
                    self.parsed = span.end;
                    self.spans.push(span);
                }
                Step::End => return (self.parsed > 0).then_some(self.parsed),
                Step::NeedMore => return None,
            }
        }
    }
}

/// Reads a stream and yields batches of whole records; see the module documentation.
pub struct BatchReader {
    source: Source,
    /// Stream: bytes read; those from `pos` on are not yet handed out. One buffer for the
    /// whole stream: its capacity is reused from one read to the next.
    buf: Vec<u8>,
    /// Start of the next batch: in the map, or in `buf`.
    pos: usize,
    cutter: Cutter,
    eof: bool,
    error: Option<io::Error>,
    offset: u64,
    lines: u64,
    docs: u64,
    batches: u64,
    /// The next batch continues the document the last one ended in.
    pending_continuation: bool,
    warned_pieces: bool,
    done: bool,
    name: String,
    /// Mapped: bytes handed out so far are added here (for a progress display).
    consumed: Option<Arc<AtomicU64>>,
}

impl std::fmt::Debug for BatchReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchReader")
            .field("cutter", &self.cutter)
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

impl BatchReader {
    /// A reader of a decompressed stream in the format of `spec`.
    pub fn new(input: Box<dyn Read + Send>, spec: &StreamSpec) -> BatchReader {
        BatchReader::with_source(Source::Stream(input), spec, None)
    }

    /// A reader of any source. For a mapped source, `consumed` receives the bytes handed
    /// out (a stream source is counted by its reader instead).
    pub fn with_source(
        source: Source,
        spec: &StreamSpec,
        consumed: Option<Arc<AtomicU64>>,
    ) -> BatchReader {
        let mode = match (spec.format, &spec.doc_sep) {
            (Format::Jsonl, _) => Mode::Jsonl,
            (Format::Warc, _) => Mode::Warc,
            (Format::Text, Some(sep)) => Mode::TextSep(sep.clone()),
            (Format::Text, None) => Mode::TextWhole,
        };
        BatchReader {
            eof: matches!(source, Source::Mapped(_)),
            source,
            buf: Vec::new(),
            pos: 0,
            cutter: Cutter {
                mode,
                target: spec.batch_bytes.max(1),
                max_doc: spec.max_document_bytes.max(1),
                max_record: spec.max_record_bytes.max(1),
                scanned: 0,
                parsed: 0,
                spans: Vec::new(),
                records: 0,
                in_pieces: false,
            },
            error: None,
            offset: 0,
            lines: 0,
            docs: 0,
            batches: 0,
            pending_continuation: false,
            warned_pieces: false,
            done: false,
            name: spec.name.clone(),
            consumed,
        }
    }

    fn read_more(&mut self) {
        let Source::Stream(input) = &mut self.source else {
            self.eof = true;
            return;
        };
        let want = READ_CHUNK.max(self.cutter.target.min(16 << 20) / 4);
        // What the batches took goes; the rest (less than a batch, as a rule) moves to the
        // front, so the buffer's capacity settles and no read reallocates it.
        self.buf.drain(..self.pos);
        self.pos = 0;
        self.buf.reserve(want);
        // `read_to_end` fills spare capacity without zeroing it first when the reader allows
        // (files, stdin), and keeps what was read before an error.
        match input.take(want as u64).read_to_end(&mut self.buf) {
            Ok(n) if n < want => self.eof = true,
            Ok(_) => {}
            Err(e) => {
                self.error = Some(e);
                self.eof = true;
            }
        }
    }

    fn take(&mut self, cut: usize) -> Batch {
        let data = match &self.source {
            Source::Mapped(map) => {
                let range = self.pos..self.pos + cut;
                self.pos += cut;
                if let Some(c) = &self.consumed {
                    c.fetch_add(cut as u64, Ordering::Relaxed);
                }
                BatchBytes::Mapped(map.clone(), range)
            }
            Source::Stream(_) if self.pos == 0 && cut >= HAND_OVER_BYTES => {
                // A batch this large is a piece of one huge document (or the caller asked for
                // huge batches): a copy would hold it twice at the peak (64 MB more for a
                // 100 MB line), so the buffer itself goes, shrunk to the batch, and the rest
                // starts a new one. It happens once per several mebibytes, too seldom to
                // scatter the allocator's arena as the ordinary batches did (below).
                let rest = self.buf[cut..].to_vec();
                let mut data = std::mem::replace(&mut self.buf, rest);
                data.truncate(cut);
                data.shrink_to_fit();
                BatchBytes::Owned(data)
            }
            Source::Stream(_) => {
                // An ordinary batch is a copy of exactly its bytes: it waits in a queue until
                // its turn to be cleaned and written, and handing out the read buffer itself
                // (as before) made every batch hold that buffer's read-ahead capacity, then
                // made a new buffer for each read. Those buffers of a mebibyte or so, allocated
                // by this thread and freed by the cleaning threads in another order, left most
                // of this thread's malloc arena free but resident: 10 MB at -j16.
                let range = self.pos..self.pos + cut;
                self.pos += cut;
                BatchBytes::Owned(self.buf[range].to_vec())
            }
        };
        self.cutter.scanned = 0;
        self.cutter.parsed = 0;
        // A piece cut means the batch after this one continues the same document.
        let next_continues = std::mem::take(&mut self.cutter.in_pieces);
        let mut warnings = Vec::new();
        if next_continues && !self.warned_pieces {
            self.warned_pieces = true;
            warnings.push(format!(
                "{}: warning: a document is larger than {} bytes; cleaned in pieces (repeated \
                 lines are only found within a piece)",
                self.name, self.cutter.max_doc
            ));
        }
        let newlines = memchr::memchr_iter(b'\n', &data).count() as u64;
        let docs = match &self.cutter.mode {
            Mode::TextSep(sep) => count_seps(sep, &data),
            _ => 0,
        };
        let batch = Batch {
            offset: self.offset,
            first_line: self.lines,
            first_doc: self.docs,
            continues_document: self.pending_continuation,
            records: std::mem::take(&mut self.cutter.spans),
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
        let (units, unit_name) = match self.cutter.mode {
            Mode::Warc => (self.cutter.records, "records"),
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
            let eof = self.eof;
            let data: &[u8] = match &self.source {
                Source::Mapped(map) => &map[self.pos..],
                Source::Stream(_) => &self.buf[self.pos..],
            };
            if let Some(cut) = self.cutter.find_cut(data, eof) {
                return Some(Ok(self.take(cut)));
            }
            if eof {
                let whole_empty = matches!(self.cutter.mode, Mode::TextWhole) && self.batches == 0;
                if !data.is_empty() || whole_empty {
                    if matches!(self.cutter.mode, Mode::Warc) {
                        // At the end of input every leftover byte becomes a span.
                        while let Step::Span(span) =
                            warc::parse_at(data, self.cutter.parsed, true, self.cutter.max_record)
                        {
                            self.cutter.records += u64::from(span.is_record());
                            self.cutter.parsed = span.end;
                            self.cutter.spans.push(span);
                        }
                    }
                    let cut = data.len();
                    return Some(Ok(self.take(cut)));
                }
                self.done = true;
                return self.read_error().map(Err);
            }
            self.read_more();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl_records(n: usize) -> Vec<u8> {
        (0..n)
            .flat_map(|i| {
                format!("{{\"id\":{i},\"text\":\"line {i} of a record\"}}\n").into_bytes()
            })
            .collect()
    }

    /// Reads `input` in batches of `batch_bytes`; returns the bytes of the batches joined,
    /// the number of batches, and how many read buffers the reader went through. Each batch
    /// must hold its own bytes, not a read-ahead buffer's capacity.
    fn read_all(input: &[u8], batch_bytes: usize) -> (Vec<u8>, usize, usize) {
        let spec = StreamSpec {
            batch_bytes,
            ..StreamSpec::new("reuse", Format::Jsonl)
        };
        let mut reader = BatchReader::new(Box::new(io::Cursor::new(input.to_vec())), &spec);
        let (mut out, mut batches, mut buffers) = (Vec::new(), 0, 0);
        let mut last: Option<(*const u8, usize)> = None;
        while let Some(batch) = reader.next() {
            let batch = batch.expect("reading memory cannot fail");
            let BatchBytes::Owned(data) = &batch.data else {
                panic!("a stream's batch owns its bytes");
            };
            assert!(
                data.capacity() <= data.len() + data.len() / 4,
                "{batch_bytes}-byte batches: {} bytes in a buffer of {}",
                data.len(),
                data.capacity()
            );
            out.extend_from_slice(data);
            batches += 1;
            let now = (reader.buf.as_ptr(), reader.buf.capacity());
            if last != Some(now) {
                buffers += 1;
                last = Some(now);
            }
        }
        (out, batches, buffers)
    }

    /// The read buffer is one allocation for the whole stream: it grows to its size over the
    /// first reads and is not made again for each batch (which left freed buffers of a
    /// mebibyte or so scattered over the reading thread's malloc arena). Every byte still
    /// comes out once, in order.
    #[test]
    fn stream_reuses_one_read_buffer() {
        let input = jsonl_records(40_000);
        let (out, batches, buffers) = read_all(&input, 16 << 10);
        assert_eq!(out, input);
        assert!(batches > 50, "{batches} batches");
        assert!(buffers <= 3, "{buffers} read buffers for {batches} batches");
    }

    /// Batches of [`HAND_OVER_BYTES`] or more take the read buffer with them instead of a
    /// copy; both ways, every byte comes out once, in order, whatever the batch size.
    #[test]
    fn batches_of_every_size_keep_every_byte() {
        let input = jsonl_records(400_000);
        assert!(input.len() > 3 * HAND_OVER_BYTES);
        for batch_bytes in [
            1,
            4 << 10,
            1 << 20,
            HAND_OVER_BYTES,
            2 * HAND_OVER_BYTES,
            1 << 30,
        ] {
            let (out, batches, _) = read_all(&input, batch_bytes);
            assert!(
                out == input,
                "{batch_bytes}-byte batches lost or reordered bytes"
            );
            if batch_bytes <= input.len() / 2 {
                assert!(batches >= 2, "{batch_bytes}-byte batches: {batches} batch");
            }
        }
    }
}
