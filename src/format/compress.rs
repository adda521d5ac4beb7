//! Compression: gzip (including multi-member gzip, one member per WARC record as Common Crawl
//! writes it) and zstd, detected by magic bytes on input and chosen by file extension on
//! output.
//!
//! Output is always written as independent members (gzip) or frames (zstd), each compressed
//! by a worker thread from one batch or one record. Concatenated members are a valid stream
//! for every decompressor, so compression runs on all cores and the bytes written do not
//! depend on the thread count.

use std::io::{self, Read};
use std::path::Path;

/// A compression format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Compression {
    /// Not compressed.
    #[default]
    None,
    /// gzip (RFC 1952), possibly many members.
    Gzip,
    /// Zstandard, possibly many frames.
    Zstd,
}

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

impl Compression {
    /// The compression a path's extension names (`.gz`, `.gzip`, `.zst`, `.zstd`).
    ///
    /// ```
    /// use noisestrip::format::compress::Compression;
    /// assert_eq!(Compression::from_path("clean.jsonl.zst".as_ref()), Compression::Zstd);
    /// assert_eq!(Compression::from_path("a.warc.wet.gz".as_ref()), Compression::Gzip);
    /// assert_eq!(Compression::from_path("a.txt".as_ref()), Compression::None);
    /// ```
    pub fn from_path(path: &Path) -> Compression {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("gz") || e.eq_ignore_ascii_case("gzip") => {
                Compression::Gzip
            }
            Some(e) if e.eq_ignore_ascii_case("zst") || e.eq_ignore_ascii_case("zstd") => {
                Compression::Zstd
            }
            _ => Compression::None,
        }
    }

    /// The compression whose magic bytes start `prefix`.
    pub fn from_magic(prefix: &[u8]) -> Compression {
        if prefix.starts_with(GZIP_MAGIC) {
            Compression::Gzip
        } else if prefix.starts_with(ZSTD_MAGIC) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "plain",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// Reads up to `n` bytes (fewer only at end of input) without losing them: returns them and
/// a reader that yields them again followed by the rest.
pub fn peek(
    mut reader: Box<dyn Read + Send>,
    n: usize,
) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut prefix = Vec::with_capacity(n);
    (&mut reader).take(n as u64).read_to_end(&mut prefix)?;
    let again = io::Cursor::new(prefix.clone()).chain(reader);
    Ok((prefix, Box::new(again)))
}

/// Detects the compression of a stream by its magic bytes and returns a reader of the
/// decompressed bytes.
///
/// ```
/// use noisestrip::format::compress::{open, compress_member, Compression, Compressor};
/// let mut gz = Vec::new();
/// let mut c = Compressor::default();
/// c.compress_member(Compression::Gzip, b"one ", &mut gz).unwrap();
/// c.compress_member(Compression::Gzip, b"two", &mut gz).unwrap();
/// let (kind, mut reader) = open(Box::new(std::io::Cursor::new(gz))).unwrap();
/// let mut text = String::new();
/// reader.read_to_string(&mut text).unwrap();
/// assert_eq!((kind, text.as_str()), (Compression::Gzip, "one two"));
/// # let _ = compress_member;
/// ```
///
/// # Errors
/// Errors of the underlying reader.
pub fn open(reader: Box<dyn Read + Send>) -> io::Result<(Compression, Box<dyn Read + Send>)> {
    let (prefix, reader) = peek(reader, 4)?;
    let kind = Compression::from_magic(&prefix);
    let reader: Box<dyn Read + Send> = match kind {
        Compression::None => reader,
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(
            io::BufReader::with_capacity(256 << 10, reader),
        )),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(reader)?),
    };
    Ok((kind, reader))
}

/// Compresses `data` as one independent gzip member or zstd frame with a single-use
/// compressor. See [`Compressor`] to reuse state across many members.
///
/// # Errors
/// Only from the compression library (not expected in practice).
pub fn compress_member(kind: Compression, data: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
    Compressor::default().compress_member(kind, data, out)
}

/// Reusable compression state for one thread: compressing many small members (one per WARC
/// record) reuses one deflate and one zstd context instead of allocating them each time.
#[derive(Default)]
pub struct Compressor {
    deflate: Option<flate2::Compress>,
    zstd: Option<zstd::bulk::Compressor<'static>>,
}

impl std::fmt::Debug for Compressor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compressor").finish_non_exhaustive()
    }
}

/// gzip member header: magic, deflate, no flags, no mtime, no extra flags, unknown OS.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// Default levels: gzip 6 (zlib's default) and zstd 3 (zstd's default).
const GZIP_LEVEL: u32 = 6;
const ZSTD_LEVEL: i32 = 3;

impl Compressor {
    /// Appends `data` to `out` as one gzip member or zstd frame (or unchanged for
    /// [`Compression::None`]). An empty `data` still makes a valid (empty) member.
    ///
    /// # Errors
    /// Only from the compression library (not expected in practice).
    pub fn compress_member(
        &mut self,
        kind: Compression,
        data: &[u8],
        out: &mut Vec<u8>,
    ) -> io::Result<()> {
        match kind {
            Compression::None => out.extend_from_slice(data),
            Compression::Gzip => self.gzip(data, out)?,
            Compression::Zstd => {
                let z = match &mut self.zstd {
                    Some(z) => z,
                    None => self.zstd.insert(zstd::bulk::Compressor::new(ZSTD_LEVEL)?),
                };
                out.extend_from_slice(&z.compress(data)?);
            }
        }
        Ok(())
    }

    fn gzip(&mut self, data: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
        let deflate = self.deflate.get_or_insert_with(|| {
            flate2::Compress::new(flate2::Compression::new(GZIP_LEVEL), false)
        });
        deflate.reset();
        out.extend_from_slice(&GZIP_HEADER);
        out.reserve(data.len() / 2 + 64);
        let mut input = data;
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(4096));
            }
            let before_in = deflate.total_in();
            let status = deflate
                .compress_vec(input, out, flate2::FlushCompress::Finish)
                .map_err(io::Error::other)?;
            input = &input[(deflate.total_in() - before_in) as usize..];
            if status == flate2::Status::StreamEnd {
                break;
            }
        }
        let mut crc = flate2::Crc::new();
        crc.update(data);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decompress(bytes: &[u8]) -> Vec<u8> {
        let (_, mut r) = open(Box::new(io::Cursor::new(bytes.to_vec()))).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn members_concatenate_into_one_stream() {
        for kind in [Compression::None, Compression::Gzip, Compression::Zstd] {
            let mut c = Compressor::default();
            let mut out = Vec::new();
            let big: Vec<u8> = (0..300_000u32).flat_map(|i| i.to_le_bytes()).collect();
            for part in [&b"alpha "[..], b"", &big, b"omega"] {
                c.compress_member(kind, part, &mut out).unwrap();
            }
            let mut want = b"alpha ".to_vec();
            want.extend_from_slice(&big);
            want.extend_from_slice(b"omega");
            assert_eq!(decompress(&out), want, "{kind:?}");
            assert_eq!(Compression::from_magic(&out), kind);
        }
    }

    #[test]
    fn gzip_members_are_standard() {
        // Checked against flate2's own decoder of a single member.
        let mut out = Vec::new();
        compress_member(Compression::Gzip, b"hello gzip", &mut out).unwrap();
        let mut d = flate2::read::GzDecoder::new(&out[..]);
        let mut s = String::new();
        d.read_to_string(&mut s).unwrap();
        assert_eq!(s, "hello gzip");
    }

    #[test]
    fn extensions() {
        let cases = [
            ("a.jsonl.gz", Compression::Gzip),
            ("a.JSONL.GZ", Compression::Gzip),
            ("a.zst", Compression::Zstd),
            ("a.zstd", Compression::Zstd),
            ("a.warc", Compression::None),
            ("gz", Compression::None),
        ];
        for (p, want) in cases {
            assert_eq!(Compression::from_path(Path::new(p)), want, "{p}");
        }
    }
}
