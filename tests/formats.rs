//! Corpus formats end to end through the library driver: round trips with a cleaner that
//! removes nothing (output equals input byte for byte, compression aside), the real Common
//! Crawl WET sample, a battery of corrupted inputs, and parallel output equal to sequential
//! output on a large generated corpus.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use noisestrip::driver::{self, DocSep, Format, RunConfig, RunReport};
use noisestrip::format::compress::{self, Compression};
use noisestrip::{Cleaner, CleanerBuilder, Options};

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("noisestrip-formats-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A cleaner with no rules and no structural policy: it removes nothing.
fn noop_cleaner() -> Cleaner {
    let mut options = Options::default();
    options.dedupe = false;
    options.footer_truncation = false;
    options.toc_blocks = false;
    options.collapse_blank_lines = false;
    CleanerBuilder::new()
        .builtin_rules(false)
        .options(options)
        .build()
        .unwrap()
}

struct Ran {
    out: Vec<u8>,
    diag: String,
    report: RunReport,
}

fn run(cleaner: &Cleaner, config: &RunConfig) -> Ran {
    let (mut out, mut diag) = (Vec::new(), Vec::new());
    let report = driver::run(cleaner, config, &mut out, &mut diag);
    Ran {
        out,
        diag: String::from_utf8_lossy(&diag).into_owned(),
        report,
    }
}

fn config(inputs: &[&Path]) -> RunConfig {
    let mut c = RunConfig::default();
    c.inputs = inputs.iter().map(|p| p.to_path_buf()).collect();
    c.threads = 2;
    c
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).unwrap()
}

fn decompress(data: &[u8]) -> Vec<u8> {
    let (_, mut r) = compress::open(Box::new(std::io::Cursor::new(data.to_vec()))).unwrap();
    let mut out = Vec::new();
    r.read_to_end(&mut out).unwrap();
    out
}

/// Asserts byte equality, showing the first differing line of each side.
fn assert_bytes_eq(label: &str, got: &[u8], want: &[u8]) {
    if got == want {
        return;
    }
    let at = got.iter().zip(want).take_while(|(a, b)| a == b).count();
    let line = want[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let show = |b: &[u8]| {
        let start = b[..at.min(b.len())]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let end = (at + 80).min(b.len());
        String::from_utf8_lossy(&b[start..end]).into_owned()
    };
    panic!(
        "{label}: outputs differ at byte {at} (line {line}); lengths got {} want {}\n  got:  {:?}\n  want: {:?}",
        got.len(),
        want.len(),
        show(got),
        show(want)
    );
}

fn warc_record(kind: &str, id: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://example.org/{id}\r\nWARC-Date: 2024-05-18T01:58:10Z\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nWARC-Block-Digest: {}\r\n\r\n",
        block.len(),
        noisestrip::format::warc::sha1_digest(block)
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A deterministic pseudo-random document with content and typical noise lines.
fn generated_doc(i: usize) -> String {
    let mut x = (i as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51afd7ed558ccd);
        x ^= x >> 29;
        x
    };
    let noise = [
        "Advertisement",
        "5 min read",
        "Share this:",
        "Leave a Reply",
        "Subscribe to our newsletter",
        "We use cookies to improve your experience.",
        "Skip to content",
    ];
    let words = [
        "council",
        "budget",
        "river",
        "harvest",
        "museum",
        "engineers",
        "reported",
        "quietly",
        "the",
        "of",
        "and",
        "new",
        "bridge",
        "winter",
        "café",
        "naïve",
        "résumé",
        "Straße",
    ];
    let mut s = format!("Headline number {i}\n");
    for _ in 0..(3 + next() % 12) {
        if next() % 4 == 0 {
            s.push_str(noise[(next() % noise.len() as u64) as usize]);
        } else {
            for w in 0..(5 + next() % 25) {
                if w > 0 {
                    s.push(' ');
                }
                s.push_str(words[(next() % words.len() as u64) as usize]);
            }
            s.push('.');
        }
        s.push(if next() % 7 == 0 { '\t' } else { ' ' });
        s.pop();
        s.push('\n');
    }
    s
}

fn jsonl_line(i: usize, text: &str) -> String {
    // Alternate escaping styles, as different producers write them.
    let escaped = if i % 2 == 0 {
        serde_json::to_string(text).unwrap()
    } else {
        let mut e = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => e.push_str("\\\""),
                '\\' => e.push_str("\\\\"),
                '\n' => e.push_str("\\n"),
                '\t' => e.push_str("\\t"),
                '/' => e.push_str("\\/"),
                c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                    let mut buf = [0u16; 2];
                    for u in c.encode_utf16(&mut buf) {
                        e.push_str(&format!("\\u{u:04x}"));
                    }
                }
                c => e.push(c),
            }
        }
        e.push('"');
        e
    };
    format!(
        "{{\"id\": \"doc-{i}\", \"text\": {escaped}, \"meta\": {{\"n\": {i}, \"tags\": [\"a\", null, 1.5e3]}}}}\n"
    )
}

// ---------------------------------------------------------------------------------------
// Round trips: a cleaner that removes nothing writes its input back byte for byte.

#[test]
fn text_round_trips_byte_for_byte() {
    let dir = TempDir::new("text-rt");
    let cases: &[(&str, &[u8])] = &[
        ("plain.txt", b"Line one.\nLine two.\n"),
        ("no-final-newline.txt", b"Line one.\nLine two."),
        ("crlf.txt", b"Line one.\r\nLine two.\r\n\r\n"),
        ("nul.txt", b"A \0 nul byte.\n\0\n"),
        ("invalid-utf8.txt", b"Caf\xe9 latin-1 \xff\xfe bytes.\n"),
        ("empty.txt", b""),
        ("blank-lines.txt", b"\n\n\nA\n\n\n\nB\n\n"),
    ];
    let cleaner = noop_cleaner();
    for (name, bytes) in cases {
        let p = dir.write(name, bytes);
        let ran = run(&cleaner, &config(&[&p]));
        assert_bytes_eq(name, &ran.out, bytes);
        assert_eq!(ran.report.errors, 0, "{name}: {}", ran.diag);
    }
}

#[test]
fn jsonl_round_trips_byte_for_byte() {
    let mut corpus = String::new();
    for i in 0..200 {
        corpus.push_str(&jsonl_line(i, &generated_doc(i)));
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("generated.jsonl", corpus.clone().into_bytes()),
        (
            "odd-spacing.jsonl",
            b"  {\"text\" :\"a\\nb\" , \"id\":1 }  \n{\"id\":\"x\",\"text\":\"\\u00e9\\ud83d\\ude00\\/\"}\n".to_vec(),
        ),
        ("crlf.jsonl", b"{\"text\":\"a\"}\r\n{\"text\":\"b\\r\\nc\"}\r\n".to_vec()),
        ("blank-lines.jsonl", b"\n{\"text\":\"a\"}\n\n  \n{\"text\":\"b\"}".to_vec()),
        ("nul.jsonl", b"{\"text\":\"nul \\u0000 here\"}\n".to_vec()),
        ("bom.jsonl", b"\xEF\xBB\xBF{\"text\":\"a\"}\n{\"text\":\"b\"}\n".to_vec()),
        ("empty.jsonl", Vec::new()),
    ];
    let dir = TempDir::new("jsonl-rt");
    let cleaner = noop_cleaner();
    for (name, bytes) in &cases {
        let p = dir.write(name, bytes);
        let ran = run(&cleaner, &config(&[&p]));
        assert_bytes_eq(name, &ran.out, bytes);
        assert_eq!(ran.report.errors, 0, "{name}: {}", ran.diag);
        assert_eq!(ran.report.rejected(), 0, "{name}: {}", ran.diag);
    }
}

#[test]
fn warc_round_trips_byte_for_byte() {
    let mut warc = warc_record("warcinfo", "info", b"software: test\r\nformat: WARC\r\n");
    for i in 0..50 {
        warc.extend(warc_record(
            "conversion",
            &format!("c{i}"),
            generated_doc(i).as_bytes(),
        ));
    }
    warc.extend(warc_record(
        "response",
        "r",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>",
    ));
    warc.extend(warc_record("conversion", "empty", b""));
    // Extra line breaks between records are kept too.
    warc.extend_from_slice(b"\r\n");
    warc.extend(warc_record("metadata", "m", b"fetchTimeMs: 12\r\n"));
    let dir = TempDir::new("warc-rt");
    let cleaner = noop_cleaner();
    let plain = dir.write("a.warc", &warc);
    let ran = run(&cleaner, &config(&[&plain]));
    assert_bytes_eq("a.warc", &ran.out, &warc);
    assert_eq!(
        (ran.report.errors, ran.report.rejected()),
        (0, 0),
        "{}",
        ran.diag
    );
    assert_eq!(ran.report.stats.documents, 51);
    assert_eq!(ran.report.stats.records_passed, 3);
}

#[test]
fn doc_separated_text_round_trips_byte_for_byte() {
    let docs: Vec<String> = (0..100).map(generated_doc).collect();
    let cases: Vec<(&str, DocSep, Vec<u8>)> = vec![
        ("nul", DocSep::parse("nul"), docs.join("\0").into_bytes()),
        (
            "nul-trailing",
            DocSep::parse("nul"),
            format!("{}\0", docs.join("\0")).into_bytes(),
        ),
        (
            "formfeed",
            DocSep::parse("formfeed"),
            docs.join("\x0c").into_bytes(),
        ),
        (
            "line",
            DocSep::parse("---"),
            docs.join("---\n").into_bytes(),
        ),
        (
            "line-crlf",
            DocSep::parse("<doc>"),
            format!("<doc>\r\n{}", docs.join("<doc>\r\n")).into_bytes(),
        ),
    ];
    let dir = TempDir::new("docsep-rt");
    let cleaner = noop_cleaner();
    for (name, sep, bytes) in cases {
        let p = dir.write(&format!("{name}.txt"), &bytes);
        let mut c = config(&[&p]);
        c.doc_sep = Some(sep);
        c.batch_bytes = 4096;
        let ran = run(&cleaner, &c);
        assert_bytes_eq(name, &ran.out, &bytes);
        assert_eq!(ran.report.errors, 0, "{name}: {}", ran.diag);
    }
}

#[test]
fn compressed_inputs_and_outputs_round_trip() {
    let mut corpus = String::new();
    for i in 0..300 {
        corpus.push_str(&jsonl_line(i, &generated_doc(i)));
    }
    let plain = corpus.into_bytes();
    let dir = TempDir::new("compress-rt");
    let cleaner = noop_cleaner();
    for (name, bytes) in [
        ("in.jsonl.gz", gzip(&plain)),
        ("in.jsonl.zst", zstd(&plain)),
        // Detected by magic bytes, whatever the name says.
        ("in-gzip-without-extension.jsonl", gzip(&plain)),
        // Multi-member gzip, as Common Crawl writes it.
        ("multi.jsonl.gz", {
            let mut v = gzip(&plain[..1000]);
            v.extend(gzip(&plain[1000..]));
            v
        }),
    ] {
        let p = dir.write(name, &bytes);
        let ran = run(&cleaner, &config(&[&p]));
        assert_bytes_eq(name, &ran.out, &plain);
        for out_name in ["out.jsonl.gz", "out.jsonl.zst", "out.jsonl"] {
            let out = dir.path(out_name);
            let mut c = config(&[&p]);
            c.output = Some(out.clone());
            c.batch_bytes = 8192;
            let ran = run(&cleaner, &c);
            assert_eq!(ran.report.errors, 0, "{}", ran.diag);
            let written = std::fs::read(&out).unwrap();
            assert_eq!(
                Compression::from_magic(&written),
                Compression::from_path(&out),
                "{out_name}"
            );
            assert_bytes_eq(out_name, &decompress(&written), &plain);
        }
    }
}

#[test]
fn directory_output_keeps_each_files_format_and_compression() {
    let dir = TempDir::new("mirror");
    let jsonl = jsonl_line(1, "Advertisement\nKept sentence here.\n");
    let warc = warc_record("conversion", "c", b"Advertisement\nKept sentence here.\n");
    dir.write("in/a.jsonl.gz", &gzip(jsonl.as_bytes()));
    dir.write("in/sub/b.warc.wet.zst", &zstd(&warc));
    dir.write("in/sub/c.txt", b"Advertisement\nKept sentence here.\n");
    let mut c = config(&[&dir.path("in")]);
    c.output = Some(dir.path("out/"));
    let ran = run(&Cleaner::new(), &c);
    assert_eq!(ran.report.errors, 0, "{}", ran.diag);
    assert!(ran.out.is_empty());
    let a = std::fs::read(dir.path("out/a.jsonl.gz")).unwrap();
    assert_eq!(Compression::from_magic(&a), Compression::Gzip);
    assert_eq!(
        String::from_utf8(decompress(&a)).unwrap(),
        jsonl_line(1, "Kept sentence here.\n")
    );
    let b = std::fs::read(dir.path("out/sub/b.warc.wet.zst")).unwrap();
    assert_eq!(Compression::from_magic(&b), Compression::Zstd);
    let b = decompress(&b);
    let want_block = b"Kept sentence here.\n";
    assert!(
        b.ends_with(&[&want_block[..], b"\r\n\r\n"].concat()),
        "{}",
        String::from_utf8_lossy(&b)
    );
    assert!(
        String::from_utf8_lossy(&b).contains(&format!("Content-Length: {}\r\n", want_block.len()))
    );
    assert_eq!(
        std::fs::read(dir.path("out/sub/c.txt")).unwrap(),
        b"Kept sentence here.\n"
    );
}

// ---------------------------------------------------------------------------------------
// The real Common Crawl WET sample.

fn wet_sample() -> Option<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/commoncrawl-1record.warc.wet.gz");
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(_) => {
            println!("note: {} is absent; skipping", path.display());
            None
        }
    }
}

/// (headers, block) of each record of a WARC stream, checked for exact framing.
fn parse_warc(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut records = Vec::new();
    let mut p = 0;
    while p < data.len() {
        let he = p
            + data[p..]
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .expect("header end")
            + 4;
        let head = String::from_utf8(data[p..he].to_vec()).unwrap();
        assert!(head.starts_with("WARC/1."), "{head}");
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .expect("Content-Length")
            .trim()
            .parse()
            .unwrap();
        let block = data[he..he + len].to_vec();
        assert_eq!(&data[he + len..he + len + 4], b"\r\n\r\n", "record framing");
        records.push((head, block));
        p = he + len + 4;
    }
    records
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
}

#[test]
fn real_wet_sample_is_cleaned_with_valid_records() {
    let Some(gz) = wet_sample() else { return };
    let original = decompress(&gz);
    let dir = TempDir::new("wet");
    let input = dir.write("sample.warc.wet.gz", &gz);

    // The sample's own digests are what our SHA-1/base32 computes.
    for (head, block) in parse_warc(&original) {
        assert_eq!(
            header(&head, "WARC-Block-Digest"),
            Some(noisestrip::format::warc::sha1_digest(&block).as_str())
        );
    }

    // Nothing removed: byte for byte.
    let ran = run(&noop_cleaner(), &config(&[&input]));
    assert_bytes_eq("noop", &ran.out, &original);

    // Built-in rules: the conversion block shrinks, its headers are fixed, warcinfo is kept.
    let out = dir.path("clean.warc.wet.gz");
    let mut c = config(&[&input]);
    c.output = Some(out.clone());
    let ran = run(&Cleaner::new(), &c);
    assert_eq!(
        (ran.report.errors, ran.report.rejected()),
        (0, 0),
        "{}",
        ran.diag
    );
    let written = std::fs::read(&out).unwrap();
    // One gzip member per record, as Common Crawl writes them.
    let members = {
        let mut n = 0;
        let mut rest = &written[..];
        while !rest.is_empty() {
            // The bufread decoder stops exactly at the end of one member.
            let mut d = flate2::bufread::GzDecoder::new(rest);
            std::io::copy(&mut d, &mut std::io::sink()).unwrap();
            rest = d.into_inner();
            n += 1;
        }
        n
    };
    let before = parse_warc(&original);
    let after = parse_warc(&decompress(&written));
    assert_eq!(members, after.len());
    assert_eq!(after.len(), before.len());
    assert_eq!(after[0], before[0], "warcinfo passes through untouched");
    let (head, block) = &after[1];
    assert!(block.len() < before[1].1.len(), "something was cleaned");
    assert_eq!(
        header(head, "WARC-Block-Digest"),
        Some(noisestrip::format::warc::sha1_digest(block).as_str())
    );
    assert_eq!(
        header(head, "WARC-Payload-Digest"),
        header(head, "WARC-Block-Digest")
    );
    for name in [
        "WARC-Target-URI",
        "WARC-Record-ID",
        "WARC-Date",
        "WARC-Refers-To",
        "Content-Type",
    ] {
        assert_eq!(
            header(head, name),
            header(&before[1].0, name),
            "{name} kept"
        );
    }
    // Kept lines are lines of the original block, in order.
    let original_lines: Vec<&[u8]> = before[1].1.split(|&b| b == b'\n').collect();
    let mut at = 0;
    for line in block.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let found = original_lines[at..]
            .iter()
            .position(|l| l.starts_with(line));
        at += found
            .unwrap_or_else(|| panic!("line not in order: {}", String::from_utf8_lossy(line)))
            + 1;
    }
}

#[test]
fn real_wet_sample_converts_to_jsonl() {
    let Some(gz) = wet_sample() else { return };
    let dir = TempDir::new("wet-jsonl");
    let input = dir.write("sample.warc.wet.gz", &gz);
    let mut c = config(&[&input]);
    c.output_format = Some(Format::Jsonl);
    let ran = run(&noop_cleaner(), &c);
    assert_eq!(ran.report.errors, 0, "{}", ran.diag);
    let text = String::from_utf8(ran.out).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "only the conversion record becomes a row");
    let original = parse_warc(&decompress(&gz));
    let row = &rows[0];
    assert_eq!(row["id"], "<urn:uuid:ba729a40-ff84-4085-8d48-0a5b2ee0c42d>");
    assert_eq!(row["url"], "https://an.wikipedia.org/wiki/Escopete");
    assert_eq!(row["date"], "2024-05-18T01:58:10Z");
    assert_eq!(row["text"].as_str().unwrap().as_bytes(), &original[1].1[..]);
    let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4);
}

// ---------------------------------------------------------------------------------------
// Corrupted inputs: reported, counted, and what can be read is still cleaned and written.

#[test]
fn truncated_and_corrupt_compressed_inputs_keep_what_was_read() {
    let mut corpus = String::new();
    for i in 0..400 {
        corpus.push_str(&jsonl_line(i, &generated_doc(i)));
    }
    let plain = corpus.as_bytes();
    let gz = gzip(plain);
    let mut multi = Vec::new();
    for chunk in plain.chunks(20_000) {
        multi.extend(gzip(chunk));
    }
    let zst = zstd(plain);
    let mut corrupt = gz.clone();
    let mid = corrupt.len() / 2;
    for b in &mut corrupt[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let dir = TempDir::new("corrupt");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.jsonl.gz", gz[..gz.len() / 2].to_vec()),
        (
            "truncated-multi.jsonl.gz",
            multi[..multi.len() * 3 / 4].to_vec(),
        ),
        ("truncated.jsonl.zst", zst[..zst.len() * 3 / 4].to_vec()),
        ("corrupt.jsonl.gz", corrupt),
        ("gzip-header-only.jsonl.gz", gz[..12].to_vec()),
    ];
    for (name, bytes) in cases {
        let p = dir.write(name, &bytes);
        let rejects = dir.path(&format!("{name}.rejects"));
        let mut c = config(&[&p]);
        c.rejects = Some(rejects.clone());
        let ran = run(&noop_cleaner(), &c);
        assert_eq!(ran.report.errors, 1, "{name}: {}", ran.diag);
        assert!(
            ran.diag.contains(&format!(
                "{}: input is truncated or corrupt after ",
                p.display()
            )),
            "{name}: {}",
            ran.diag
        );
        // Every record written is a whole, valid record of the input, in order.
        let mut at = 0;
        for line in ran.out.split_inclusive(|&b| b == b'\n') {
            let found = memchr::memmem::find(&plain[at..], line).unwrap_or_else(|| {
                panic!(
                    "{name}: a written record is not in the input: {}",
                    String::from_utf8_lossy(line)
                )
            });
            at += found + line.len();
        }
        // What was read before the damage was written: all of it for the multi-member file
        // (whole members decompress), something for the others where a block was complete.
        if name == "truncated-multi.jsonl.gz" {
            assert!(
                ran.out.len() >= plain.len() / 2,
                "{name}: only {} bytes",
                ran.out.len()
            );
        }
        // A torn last record is rejected, not written.
        let rejected = std::fs::read(&rejects).unwrap();
        assert!(
            !rejected.is_empty() || ran.out.ends_with(b"\n") || ran.out.is_empty(),
            "{name}"
        );
    }
}

#[test]
fn malformed_jsonl_records_are_rejected_with_line_numbers() {
    let good = |i: usize| {
        format!("{{\"id\":\"g{i}\",\"text\":\"Advertisement\\nKept sentence {i}.\\n\"}}\n")
    };
    // (bad line, reason in the report)
    let bad: &[(&[u8], &str)] = &[
        (
            b"{\"id\":\"b\",\"text\":\"unterminated}\n",
            "invalid JSON at column 18: unterminated string",
        ),
        (
            b"not json at all\n",
            "invalid JSON at column 1: a record must be a JSON object",
        ),
        (b"{\"id\":\"b\"}\n", "no member \"text\""),
        (b"{\"text\":42}\n", "member \"text\" is not a string"),
        (b"{\"text\":null}\n", "member \"text\" is not a string"),
        (b"{\"text\":\"caf\xe9\"}\n", "invalid UTF-8 at column 13"),
        (
            b"{\"text\":\"lone \\ud800 surrogate\"}\n",
            "lone surrogate escape in a string at column 15",
        ),
        (
            b"{\"text\":\"a\"} trailing\n",
            "invalid JSON at column 14: unexpected bytes after the object",
        ),
        (
            b"[\"text\",\"a\"]\n",
            "invalid JSON at column 1: a record must be a JSON object",
        ),
        (
            b"{\"text\":\"raw\ttab\"}\n",
            "invalid JSON at column 13: control character in a string (must be escaped)",
        ),
    ];
    let mut input = Vec::new();
    let mut want_out = String::new();
    let mut want_rejects = Vec::new();
    let mut want_messages = Vec::new();
    let mut want_reasons = String::new();
    let mut line = 0;
    for (i, (b, reason)) in bad.iter().enumerate() {
        input.extend_from_slice(good(i).as_bytes());
        want_out.push_str(&format!(
            "{{\"id\":\"g{i}\",\"text\":\"Kept sentence {i}.\\n\"}}\n"
        ));
        line += 1;
        input.extend_from_slice(b);
        line += 1;
        want_rejects.extend_from_slice(b);
        want_messages.push((line, reason));
    }
    let dir = TempDir::new("bad-jsonl");
    let p = dir.write("bad.jsonl", &input);
    let rejects = dir.path("rejects.jsonl");
    let mut c = config(&[&p]);
    c.rejects = Some(rejects.clone());
    c.max_reported_records = 100;
    let ran = run(&Cleaner::new(), &c);
    assert_eq!(String::from_utf8(ran.out).unwrap(), want_out);
    assert_eq!(ran.report.rejected(), bad.len() as u64);
    assert_eq!(ran.report.errors, 0);
    let name = p.display().to_string();
    let messages: Vec<&str> = ran.diag.lines().collect();
    let want: Vec<String> = want_messages
        .iter()
        .map(|(line, reason)| format!("noisestrip: {name}:{line}: {reason}"))
        .collect();
    assert_eq!(messages, want);
    for (line, reason) in &want_messages {
        let row = format!(
            "{{\"input\":{},\"line\":{line},\"bytes\":{},\"reason\":{}}}\n",
            serde_json::to_string(&name).unwrap(),
            bad[*line / 2 - 1].0.len(),
            serde_json::to_string(reason).unwrap()
        );
        want_reasons.push_str(&row);
    }
    assert_bytes_eq("rejects", &std::fs::read(&rejects).unwrap(), &want_rejects);
    assert_eq!(
        std::fs::read_to_string(dir.path("rejects.jsonl.reasons.jsonl")).unwrap(),
        want_reasons
    );
}

#[test]
fn wrong_content_length_is_rejected_and_reading_resumes() {
    let doc = b"Storm hits coast\nAdvertisement\nThe storm reached the coast at dawn.\n";
    let a = warc_record("conversion", "a", doc);
    let b = {
        let r = warc_record("conversion", "b", doc);
        let s = String::from_utf8(r).unwrap();
        s.replace(
            &format!("Content-Length: {}", doc.len()),
            &format!("Content-Length: {}", doc.len() - 5),
        )
        .into_bytes()
    };
    let c = warc_record("conversion", "c", doc);
    let too_long = {
        let r = warc_record("conversion", "d", doc);
        let s = String::from_utf8(r).unwrap();
        s.replace(
            &format!("Content-Length: {}", doc.len()),
            &format!("Content-Length: {}", doc.len() + 500),
        )
        .into_bytes()
    };
    let mut input = [a.clone(), b.clone(), c.clone()].concat();
    let truncated_at = input.len();
    input.extend_from_slice(&too_long);
    let dir = TempDir::new("bad-warc");
    let p = dir.write("bad.warc", &input);
    let rejects = dir.path("rejects.warc");
    let mut cfg = config(&[&p]);
    cfg.rejects = Some(rejects.clone());
    let ran = run(&Cleaner::new(), &cfg);
    let out = parse_warc(&ran.out);
    assert_eq!(out.len(), 2, "records a and c");
    assert_eq!(
        out[0].1,
        b"Storm hits coast\nThe storm reached the coast at dawn.\n"
    );
    assert_eq!(out[1].1, out[0].1);
    assert_eq!(ran.report.rejected(), 2);
    let name = p.display().to_string();
    assert_eq!(
        ran.diag,
        format!(
            "noisestrip: {name}: offset {}: wrong Content-Length {}: the block is not followed by CRLF CRLF\n\
             noisestrip: {name}: offset {truncated_at}: truncated record: Content-Length {} but only {} bytes follow the header\n",
            a.len(),
            doc.len() - 5,
            doc.len() + 500,
            doc.len() + 4
        )
    );
    assert_bytes_eq(
        "rejects",
        &std::fs::read(&rejects).unwrap(),
        &[b, too_long].concat(),
    );
}

#[test]
fn empty_inputs_give_empty_outputs() {
    let dir = TempDir::new("empty");
    for name in ["e.jsonl", "e.warc", "e.txt", "e.jsonl.gz", "e.bin"] {
        let p = dir.write(name, b"");
        let ran = run(&Cleaner::new(), &config(&[&p]));
        assert_eq!(ran.out, b"", "{name}");
        assert_eq!(
            (ran.report.errors, ran.report.rejected()),
            (0, 0),
            "{name}: {}",
            ran.diag
        );
    }
    // A gzip file holding an empty member is empty too.
    let p = dir.write("member.jsonl.gz", &gzip(b""));
    let ran = run(&Cleaner::new(), &config(&[&p]));
    assert_eq!((ran.out.len(), ran.report.errors), (0, 0), "{}", ran.diag);
}

#[test]
fn nul_bytes_and_crlf_survive_cleaning() {
    // (input, format, expected output)
    let cases: &[(&[u8], Format, &[u8])] = &[
        (
            b"Advertisement\r\nA line with \0 a NUL.\r\n",
            Format::Text,
            b"A line with \0 a NUL.\r\n",
        ),
        (
            b"{\"text\":\"Advertisement\\r\\nNUL \\u0000 kept.\\r\\n\"}\r\n",
            Format::Jsonl,
            b"{\"text\":\"NUL \\u0000 kept.\\r\\n\"}\r\n",
        ),
    ];
    let dir = TempDir::new("nul-crlf");
    for (i, (input, format, want)) in cases.iter().enumerate() {
        let p = dir.write(&format!("in{i}"), input);
        let mut c = config(&[&p]);
        c.format = Some(*format);
        let ran = run(&Cleaner::new(), &c);
        assert_bytes_eq(&format!("case {i}"), &ran.out, want);
    }
}

#[test]
fn a_100_mb_single_line_is_handled_in_text_and_jsonl() {
    let dir = TempDir::new("huge");
    let mut line = Vec::with_capacity(100 << 20);
    let words = b"lorem ipsum dolor sit amet consectetur ";
    while line.len() < 100 << 20 {
        line.extend_from_slice(words);
    }
    let text = dir.write("huge.txt", &line);
    let mut c = config(&[&text]);
    c.output = Some(dir.path("huge.out.txt"));
    let ran = run(&noop_cleaner(), &c);
    assert_eq!(ran.report.errors, 0, "{}", ran.diag);
    assert!(ran.diag.contains("cleaned in pieces"), "{}", ran.diag);
    assert!(
        std::fs::read(dir.path("huge.out.txt")).unwrap() == line,
        "text round trip"
    );

    let mut rec = b"{\"id\":1,\"text\":\"".to_vec();
    rec.extend_from_slice(&line);
    rec.extend_from_slice(b"\"}\n");
    drop(line);
    let jsonl = dir.write("huge.jsonl", &rec);
    let mut c = config(&[&jsonl]);
    c.output = Some(dir.path("huge.out.jsonl"));
    let ran = run(&noop_cleaner(), &c);
    assert_eq!(
        (ran.report.errors, ran.report.rejected()),
        (0, 0),
        "{}",
        ran.diag
    );
    assert!(
        std::fs::read(dir.path("huge.out.jsonl")).unwrap() == rec,
        "jsonl round trip"
    );
}

// ---------------------------------------------------------------------------------------
// Parallel output equals sequential output.

#[test]
fn parallel_output_equals_sequential_output_on_a_large_corpus() {
    let dir = TempDir::new("parallel");
    let mut jsonl = String::new();
    let mut warc = warc_record("warcinfo", "info", b"software: test\r\n");
    let mut text = String::new();
    for i in 0..3000 {
        let doc = generated_doc(i);
        jsonl.push_str(&jsonl_line(i, &doc));
        if i % 500 == 7 {
            jsonl.push_str("{\"broken\": \n");
        }
        if i < 1000 {
            warc.extend(warc_record("conversion", &format!("c{i}"), doc.as_bytes()));
            text.push_str(&doc);
            text.push('\0');
        }
    }
    let inputs = [
        ("corpus.jsonl", jsonl.into_bytes(), None),
        ("corpus.warc.gz", gzip(&warc), None),
        ("corpus.txt", text.into_bytes(), Some(DocSep::Byte(0))),
    ];
    let cleaner = Cleaner::new();
    for (name, bytes, sep) in inputs {
        let p = dir.write(name, &bytes);
        let mut results = Vec::new();
        for threads in [1, 2, 3] {
            let mut c = config(&[&p]);
            c.threads = threads;
            c.batch_bytes = 32 << 10;
            // -j3 reads through a memory map, the others through read(): same bytes out.
            c.mmap_min_bytes = if threads == 3 { 1 } else { u64::MAX };
            c.doc_sep = sep.clone();
            let out = dir.path(&format!("out-{threads}-{name}"));
            let attributes = dir.path(&format!("attr-{threads}-{name}.jsonl"));
            let rejects = dir.path(&format!("rej-{threads}-{name}"));
            c.output = Some(out.clone());
            c.attributes = Some(attributes.clone());
            c.rejects = Some(rejects.clone());
            let ran = run(&cleaner, &c);
            assert_eq!(ran.report.errors, 0, "{name}: {}", ran.diag);
            let stats = ran.report.stats.clone();
            results.push((
                threads,
                std::fs::read(&out).unwrap(),
                std::fs::read(&attributes).unwrap(),
                std::fs::read(&rejects).unwrap(),
                ran.diag,
                stats,
            ));
        }
        let first = &results[0];
        assert!(
            first.5.lines_dropped > 0,
            "{name}: the corpus has noise to remove"
        );
        for r in &results[1..] {
            assert_bytes_eq(&format!("{name} -j{} output", r.0), &r.1, &first.1);
            assert_bytes_eq(&format!("{name} -j{} attributes", r.0), &r.2, &first.2);
            assert_bytes_eq(&format!("{name} -j{} rejects", r.0), &r.3, &first.3);
            assert_eq!(r.4, first.4, "{name} -j{} messages", r.0);
            assert_eq!(r.5, first.5, "{name} -j{} stats", r.0);
        }
    }
}

#[test]
fn many_small_files_in_parallel_are_written_in_order() {
    let dir = TempDir::new("small-files");
    let cleaner = Cleaner::new();
    let mut want = Vec::new();
    for i in 0..120 {
        let doc = generated_doc(i);
        // Some files end without a newline: a newline then separates them from the next.
        let doc = if i % 5 == 0 {
            doc.trim_end().to_string()
        } else {
            doc
        };
        dir.write(&format!("in/{i:03}.txt"), doc.as_bytes());
        let mut clean = cleaner.clean(doc.as_bytes());
        if i < 119 && clean.last().is_some_and(|&b| b != b'\n') {
            clean.push(b'\n');
        }
        want.extend(clean);
    }
    for threads in [1, 2, 4] {
        let mut c = config(&[&dir.path("in")]);
        c.threads = threads;
        let ran = run(&cleaner, &c);
        assert_eq!(ran.report.errors, 0, "{}", ran.diag);
        assert_eq!(ran.report.stats.documents, 120);
        assert_bytes_eq(&format!("-j{threads}"), &ran.out, &want);
    }
}

// ---------------------------------------------------------------------------------------
// Nothing lost, no panic: arbitrary bytes through every format's reader and cleaner.

mod arbitrary_input {
    use super::*;
    use noisestrip::format::reader::BatchReader;
    use noisestrip::format::{BatchCleaner, StreamSpec};
    use proptest::prelude::*;

    fn spec(format: Format, doc_sep: Option<DocSep>) -> StreamSpec {
        StreamSpec {
            doc_sep,
            explain: Some(noisestrip::explain::ExplainFormat::Jsonl),
            attributes: true,
            rejects: true,
            batch_bytes: 37,
            max_document_bytes: 101,
            max_record_bytes: 300,
            ..StreamSpec::new("fuzz", format)
        }
    }

    /// Input made of fragments that matter to the parsers, plus arbitrary bytes.
    fn fragments() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"{\"text\":\"".to_vec()),
            Just(b"\",\"id\":1}\n".to_vec()),
            Just(b"\\u00e9\\ud83d\\ude00\\n".to_vec()),
            Just(b"\\ud800".to_vec()),
            Just(b"WARC/1.0\r\nWARC-Type: conversion\r\n".to_vec()),
            Just(b"Content-Length: 12\r\n\r\n".to_vec()),
            Just(b"\r\n\r\n".to_vec()),
            Just(b"Advertisement\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\0".to_vec()),
            Just(b"---\n".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..20),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    /// Runs one stream; returns (clean output, rejected bytes).
    fn clean_all(cleaner: &Cleaner, spec: &StreamSpec, input: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let reader = BatchReader::new(Box::new(std::io::Cursor::new(input.to_vec())), spec);
        let mut bc = BatchCleaner::new(cleaner);
        let (mut out, mut rejects) = (Vec::new(), Vec::new());
        for batch in reader {
            let done = bc.clean_batch(spec, &batch.expect("reading memory cannot fail"));
            out.extend(done.clean);
            rejects.extend(done.rejects);
        }
        (out, rejects)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn every_byte_is_written_or_rejected(input in fragments()) {
            // Rule compilation is slow in debug builds: build the cleaners once.
            static CLEANERS: std::sync::OnceLock<(Cleaner, Cleaner)> = std::sync::OnceLock::new();
            let (noop, full) = CLEANERS.get_or_init(|| (noop_cleaner(), Cleaner::new()));
            for (format, sep) in [
                (Format::Jsonl, None),
                (Format::Warc, None),
                (Format::Text, None),
                (Format::Text, Some(DocSep::Byte(0))),
                (Format::Text, Some(DocSep::parse("---"))),
            ] {
                let spec = spec(format, sep);
                let (out, rejects) = clean_all(noop, &spec, &input);
                // A cleaner that removes nothing loses nothing: every byte is in the output
                // or, for a malformed record, in the rejects; text has no malformed records.
                prop_assert_eq!(out.len() + rejects.len(), input.len(), "{:?}", format);
                if format == Format::Text {
                    prop_assert!(out == input);
                }
                // The real cleaner must not panic either.
                let _ = clean_all(full, &spec, &input);
            }
        }
    }
}
