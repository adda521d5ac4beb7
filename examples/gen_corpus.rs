//! Writes a deterministic synthetic scraped-web corpus of a given size, with a ground-truth
//! side file that labels every line as content or noise, for noisestrip's benchmarks and as
//! an accuracy check (score a cleaning run with `benches/synth_accuracy.py`).
//!
//! ```text
//! cargo run --release --example gen_corpus -- --size 100MB --seed 42 --format text \
//!     --out corpus.txt --truth corpus.truth.jsonl
//! ```
//!
//! - `--size SIZE`: stop after the document that reaches SIZE bytes of output: `500KB`, `100MB`,
//!   `1GB`, `1.5GB` (powers of 1000), `64MiB` (powers of 1024), or a plain byte count.
//! - `--seed N` (default 42): the same seed and arguments give byte-identical output.
//!   Document `k` is the same in every format and at every size.
//! - `--format text|jsonl|wet` (default text):
//!   - `text`: each document ends with a form feed (`\x0c`); clean it with
//!     `noisestrip --doc-sep formfeed`.
//!   - `jsonl`: one `{"id": ..., "url": ..., "text": ...}` object per line (the text has no
//!     trailing newline); `noisestrip --format jsonl`, or a `.jsonl` file name.
//!   - `wet`: a Common Crawl style WET file: a `warcinfo` record, then one
//!     `WARC-Type: conversion` record per document with exact `Content-Length` and SHA-1
//!     block digests; noisestrip detects it. Uncompressed: gzip it yourself if needed.
//! - `--out PATH` (`-` for stdout) and `--truth PATH`: the truth file has one JSON object per
//!   document, in corpus order: `{"id", "lang", "labels", "classes"}` (plus `"record_id"` in
//!   WET). `labels` has one character per line of the document text (split at `\n`; the
//!   newline ending the last line does not start another): `C` content, `N` noise, `B`
//!   blank. `classes` is parallel to it: a lower-case letter for a kind of content, an upper-
//!   case letter for a class of noise, `_` for a blank line (the table is `page::class`).
//!
//! Scoring a run (the scorer takes the cleaned output in the input's format):
//!
//! ```text
//! noisestrip --doc-sep formfeed -o clean.txt corpus.txt
//! python3 benches/synth_accuracy.py corpus.truth.jsonl corpus.txt clean.txt
//! ```
//!
//! A summary goes to stderr: documents, bytes, speed, and the shares of content and noise
//! (about 78% of the text bytes are content, while about three lines in four that are not
//! blank are noise, as on real article pages).
//!
//! Memory stays bounded: one document is built at a time and streamed out. The phrase
//! inventory is the generator's own (`examples/gen_corpus/inventory/`), written apart from
//! noisestrip's rule files so that the corpus measures the rules rather than echoing them.

// The modules live in `examples/gen_corpus/`; a crate root's `mod` looks beside the root
// file, hence the paths.
#[path = "gen_corpus/inventory.rs"]
mod inventory;
#[path = "gen_corpus/page.rs"]
mod page;
#[path = "gen_corpus/prose.rs"]
mod prose;
#[path = "gen_corpus/rng.rs"]
mod rng;
#[path = "gen_corpus/sha1.rs"]
mod sha1;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use inventory::{Inventory, LANGS, LANGS_ISO3};
use page::{Page, class};
use rng::Rng;

const USAGE: &str =
    "usage: gen_corpus --size SIZE --out PATH [--seed N] [--format text|jsonl|wet] [--truth PATH]";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
    Wet,
}

#[derive(Debug)]
struct Args {
    size: u64,
    seed: u64,
    format: Format,
    out: String,
    truth: Option<String>,
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("gen_corpus: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        // `| head` closing the pipe is not a failure.
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut size, mut seed, mut format, mut out, mut truth) = (None, 42, Format::Text, None, None);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--size" => size = Some(parse_size(&value("--size")?)?),
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v:?}"))?;
            }
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" | "txt" => Format::Text,
                    "jsonl" => Format::Jsonl,
                    "wet" | "warc" => Format::Wet,
                    other => return Err(format!("--format: unknown format {other:?}")),
                }
            }
            "--out" | "-o" => out = Some(value("--out")?),
            "--truth" => truth = Some(value("--truth")?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(Args {
        size: size.ok_or("--size is required")?,
        seed,
        format,
        out: out.ok_or("--out is required")?,
        truth,
    }))
}

/// `100MB`, `1.5GB`, `64MiB`, `4096`: bytes. K/M/G are powers of 1000, Ki/Mi/Gi of 1024.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("--size: not a size: {s:?}"))?;
    let multiplier: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("--size: unknown unit in {s:?}")),
    };
    let bytes = number * multiplier;
    if !(bytes >= 1.0 && bytes.is_finite()) {
        return Err(format!("--size: must be at least one byte: {s:?}"));
    }
    Ok(bytes as u64)
}

enum Failure {
    BrokenPipe,
    Message(String),
}

/// An I/O error with the path it happened on.
fn io_failure(action: &str, path: &str, e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::BrokenPipe
    } else {
        Failure::Message(format!("cannot {action} {path}: {e}"))
    }
}

/// A buffered output that counts what it wrote and names its path in errors.
struct Output {
    path: String,
    inner: BufWriter<Box<dyn Write>>,
    written: u64,
}

impl Output {
    fn create(path: &str) -> Result<Output, Failure> {
        let sink: Box<dyn Write> = if path == "-" {
            Box::new(io::stdout().lock())
        } else {
            Box::new(File::create(path).map_err(|e| io_failure("create", path, e))?)
        };
        Ok(Output {
            path: if path == "-" {
                "<stdout>".into()
            } else {
                path.into()
            },
            inner: BufWriter::with_capacity(1 << 20, sink),
            written: 0,
        })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.inner
            .write_all(bytes)
            .map_err(|e| io_failure("write", &self.path, e))?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn finish(mut self) -> Result<(), Failure> {
        self.inner
            .flush()
            .map_err(|e| io_failure("write", &self.path, e))
    }
}

/// Line and byte counts of what was generated, for the summary on stderr.
#[derive(Default)]
struct Totals {
    docs: u64,
    lines: [u64; 3],
    bytes: [u64; 3],
    langs: [u64; 8],
}

impl Totals {
    fn add(&mut self, page: &Page) {
        self.docs += 1;
        self.langs[page.lang] += 1;
        for (line, &code) in page.text.split_terminator('\n').zip(&page.classes) {
            let k = match class::label(code) {
                b'C' => 0,
                b'N' => 1,
                _ => 2,
            };
            self.lines[k] += 1;
            self.bytes[k] += line.len() as u64 + 1;
        }
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    let started = Instant::now();
    let inv = Inventory::load().map_err(Failure::Message)?;
    let mut out = Output::create(&args.out)?;
    let mut truth = args.truth.as_deref().map(Output::create).transpose()?;
    if args.format == Format::Wet {
        out.write(&warcinfo_record(args.seed))?;
    }

    let mut page = Page::default();
    let mut record = Vec::with_capacity(64 << 10);
    let mut row = Vec::with_capacity(4 << 10);
    let mut totals = Totals::default();
    let mut index = 0u64;
    loop {
        page::generate(&inv, args.seed, index, &mut page);
        let id = format!("synth-{}-{:07}", args.seed, index + 1);
        // Container metadata (WARC ids and dates) come from their own stream, so a document
        // is the same in every format.
        let mut meta_rng = Rng::for_stream(args.seed ^ 0x5745_5420_4d45_5441, index);
        record.clear();
        let record_id = match args.format {
            Format::Text => {
                record.extend_from_slice(page.text.as_bytes());
                record.push(0x0c);
                None
            }
            Format::Jsonl => {
                jsonl_record(&id, &page, &mut record);
                None
            }
            Format::Wet => Some(wet_record(&page, &mut meta_rng, &mut record)),
        };
        out.write(&record)?;
        if let Some(truth) = truth.as_mut() {
            row.clear();
            truth_row(&id, record_id.as_deref(), &page, &mut row);
            truth.write(&row)?;
        }
        totals.add(&page);
        index += 1;
        if out.written >= args.size {
            break;
        }
    }
    let written = out.written;
    out.finish()?;
    if let Some(truth) = truth {
        truth.finish()?;
    }
    summary(&totals, written, started.elapsed().as_secs_f64());
    Ok(())
}

fn summary(t: &Totals, written: u64, seconds: f64) {
    let lines: u64 = t.lines.iter().sum();
    let bytes: u64 = t.bytes.iter().sum();
    let share = |part: u64, whole: u64| 100.0 * part as f64 / whole.max(1) as f64;
    let langs: Vec<String> = LANGS
        .iter()
        .zip(t.langs)
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    eprintln!(
        "gen_corpus: {} documents, {written} bytes in {seconds:.2} s ({:.0} MB/s); \
         {lines} lines: {:.1}% content, {:.1}% noise, {:.1}% blank; \
         text bytes: {:.1}% content, {:.1}% noise; languages: {}",
        t.docs,
        written as f64 / 1e6 / seconds.max(1e-9),
        share(t.lines[0], lines),
        share(t.lines[1], lines),
        share(t.lines[2], lines),
        share(t.bytes[0], bytes),
        share(t.bytes[1], bytes),
        langs.join(", ")
    );
}

/// Appends `s` as a JSON string (quotes included); non-ASCII stays UTF-8.
fn json_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn jsonl_record(id: &str, page: &Page, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\": ");
    json_string(id, out);
    out.extend_from_slice(b", \"url\": ");
    json_string(&page.url, out);
    out.extend_from_slice(b", \"text\": ");
    json_string(page.text.strip_suffix('\n').unwrap_or(&page.text), out);
    out.extend_from_slice(b"}\n");
}

fn truth_row(id: &str, record_id: Option<&str>, page: &Page, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\": ");
    json_string(id, out);
    if let Some(record_id) = record_id {
        out.extend_from_slice(b", \"record_id\": ");
        json_string(record_id, out);
    }
    out.extend_from_slice(b", \"lang\": ");
    json_string(LANGS[page.lang], out);
    out.extend_from_slice(b", \"labels\": \"");
    out.extend(page.classes.iter().map(|&c| class::label(c)));
    out.extend_from_slice(b"\", \"classes\": \"");
    out.extend_from_slice(&page.classes);
    out.extend_from_slice(b"\"}\n");
}

/// A random (version 4 shaped) UUID.
fn uuid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    let a = (a & !0xF000) | 0x4000; // version 4
    let b = (b & !(0b11 << 62)) | (0b10 << 62); // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// Appends one WARC record: version line, headers, empty line, block, CRLF CRLF.
fn warc_record(headers: &[(&str, &str)], block: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(b"WARC/1.0\r\n");
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
}

fn warcinfo_record(seed: u64) -> Vec<u8> {
    let block = format!(
        "Software-Info: noisestrip examples/gen_corpus\r\n\
         Extracted-Date: Fri, 31 May 2024 00:00:00 GMT\r\n\
         isPartOf: SYNTHETIC-seed-{seed}\r\n\
         operator: noisestrip gen_corpus\r\n\
         description: Synthetic scraped pages (seed {seed}); line labels are in the truth file\r\n\
         publisher: none\r\n\r\n"
    );
    let mut rng = Rng::for_stream(seed, u64::MAX);
    let record_id = format!("<urn:uuid:{}>", uuid(&mut rng));
    let filename = format!("synthetic-seed-{seed}.warc.wet");
    let length = block.len().to_string();
    let digest = format!("sha1:{}", sha1::base32(&sha1::sha1(block.as_bytes())));
    let mut out = Vec::new();
    warc_record(
        &[
            ("WARC-Type", "warcinfo"),
            ("WARC-Date", "2024-05-31T00:00:00Z"),
            ("WARC-Filename", &filename),
            ("WARC-Record-ID", &record_id),
            ("Content-Type", "application/warc-fields"),
            ("Content-Length", &length),
            ("WARC-Block-Digest", &digest),
        ],
        block.as_bytes(),
        &mut out,
    );
    out
}

/// Appends the `conversion` record of `page`; returns its record id.
fn wet_record(page: &Page, rng: &mut Rng, out: &mut Vec<u8>) -> String {
    let record_id = format!("<urn:uuid:{}>", uuid(rng));
    let refers_to = format!("<urn:uuid:{}>", uuid(rng));
    let date = format!(
        "2024-05-{:02}T{:02}:{:02}:{:02}Z",
        rng.range(17, 30),
        rng.range(0, 23),
        rng.range(0, 59),
        rng.range(0, 59)
    );
    let block = page.text.as_bytes();
    let digest = format!("sha1:{}", sha1::base32(&sha1::sha1(block)));
    let length = block.len().to_string();
    warc_record(
        &[
            ("WARC-Type", "conversion"),
            ("WARC-Target-URI", &page.url),
            ("WARC-Date", &date),
            ("WARC-Record-ID", &record_id),
            ("WARC-Refers-To", &refers_to),
            ("WARC-Block-Digest", &digest),
            ("WARC-Identified-Content-Language", LANGS_ISO3[page.lang]),
            ("Content-Type", "text/plain"),
            ("Content-Length", &length),
            ("WARC-Payload-Digest", &digest),
        ],
        block,
        out,
    );
    record_id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("100MB"), Ok(100_000_000));
        assert_eq!(parse_size("1GB"), Ok(1_000_000_000));
        assert_eq!(parse_size("1.5gb"), Ok(1_500_000_000));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("10 parsecs").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn json_strings_escape_controls_and_keep_utf8() {
        let mut out = Vec::new();
        json_string("a\"b\\c\nd\u{1}é\u{c}", &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\nd\\u0001é\\f\""
        );
    }

    #[test]
    fn wet_records_have_exact_lengths() {
        let inv = Inventory::load().expect("inventory parses");
        let mut page = Page::default();
        page::generate(&inv, 1, 0, &mut page);
        let mut out = Vec::new();
        let mut rng = Rng::for_stream(1, 0);
        wet_record(&page, &mut rng, &mut out);
        let text = String::from_utf8(out).unwrap();
        let (head, rest) = text.split_once("\r\n\r\n").unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(&rest[..length], page.text);
        assert_eq!(&rest[length..], "\r\n\r\n");
    }
}
