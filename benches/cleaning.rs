//! Criterion benchmarks of noisestrip's library: rule-set compilation, cleaning one document,
//! per-line matching, and a JSONL batch end to end (parse, clean, serialise).
//!
//! Every benchmark first checks that it computes the right answer (the golden output of the
//! sample corpus, or the rule hits a line must have) and panics otherwise, so a speed-up that
//! breaks cleaning never reports a time. Throughput is in bytes of input.
//!
//! ```sh
//! cargo bench --bench cleaning              # everything
//! cargo bench --bench cleaning -- compile   # one group
//! ```

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use noisestrip::format::{Batch, BatchCleaner, Format, StreamSpec};
use noisestrip::normalize::Normalized;
use noisestrip::rules::RuleSource;
use noisestrip::{Cleaner, CleanerBuilder};

/// A sample-corpus page and its golden clean text (the corpus test checks the same pair).
fn corpus_pair(name: &str) -> (Vec<u8>, Vec<u8>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let read = |dir: &str| {
        let path = root.join(dir).join(format!("{name}.txt"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    (read("input"), read("expected"))
}

/// A long article: the content paragraphs of several golden pages under one title, with a
/// scraped page's header and footer around them. The expected output is the title and the
/// paragraphs, which the page was built from, not what the cleaner happens to give.
fn long_article() -> (Vec<u8>, Vec<u8>) {
    article(
        &[
            "en-news-library-repairs",
            "en-essay-walking-to-work",
            "en-recipe-red-lentil-soup",
        ],
        2,
    )
}

/// A short news article built the same way from one golden page's paragraphs.
fn short_news() -> (Vec<u8>, Vec<u8>) {
    article(&["en-news-library-repairs"], 1)
}

/// The prose paragraphs of the named golden pages, `rounds` times over, between a scraped
/// page's header and footer; the expected output is the title and the paragraphs.
fn article(names: &[&str], rounds: usize) -> (Vec<u8>, Vec<u8>) {
    let mut body = Vec::new();
    for &name in names {
        let (_, expected) = corpus_pair(name);
        for line in expected.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            // Only the prose paragraphs, so that the page has one voice and no headings.
            if line.len() >= 120 {
                body.push(line.to_vec());
            }
        }
    }
    let title = b"What three small councils learned about fixing old buildings".to_vec();
    // The blank line after the header stays, collapsed to one.
    let mut expected = title.clone();
    expected.extend_from_slice(b"\n\n");
    let mut input = title.clone();
    input.extend_from_slice(
        b"\nSkip to main content\nHome \xc2\xbb News \xc2\xbb Local\nBy Staff Writer\n5 min read\n\
          Share this:\nAdvertisement\n\n",
    );
    // A second round's lines repeat the first round's, which a long article with recurring
    // paragraphs keeps (they lie inside the body).
    for _ in 0..rounds {
        for line in &body {
            input.extend_from_slice(line);
            input.extend_from_slice(b"\n\n");
            expected.extend_from_slice(line);
            expected.extend_from_slice(b"\n\n");
        }
    }
    expected.truncate(expected.len() - 1);
    input.extend_from_slice(
        b"Share this article\nLeave a Comment\nYour email address will not be published. \
          Required fields are marked *\nThis site uses Akismet to reduce spam. Learn how your \
          comment data is processed.\n",
    );
    (input, expected)
}

fn check_clean(cleaner: &Cleaner, what: &str, input: &[u8], expected: &[u8]) {
    let got = cleaner.clean(input);
    assert!(
        got == expected,
        "{what}: clean output differs from the expected text\n--- expected\n{}\n--- got\n{}",
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(&got)
    );
}

fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    group.sample_size(20);
    group.bench_function("builtin", |b| {
        b.iter(|| {
            let cleaner = CleanerBuilder::new()
                .build()
                .expect("built-in rules compile");
            black_box(cleaner.rules().len())
        })
    });
    // Ten thousand phrases of one's own, the way a site-specific blocklist looks.
    let mut user = String::from("[user.blocklist]\naction: drop\n");
    for i in 0..10_000 {
        user.push_str(&format!("- promo banner number {i} for the spring sale\n"));
    }
    let source = RuleSource {
        name: "blocklist.rules".into(),
        text: user,
    };
    let mut builder = CleanerBuilder::new();
    builder.add_rules(source);
    let cleaner = builder.build().expect("user rules compile");
    let probe = b"The harbour reopened on Monday.\nPromo banner number 7321 for the spring sale\n";
    assert_eq!(cleaner.clean(probe), b"The harbour reopened on Monday.\n");
    group.bench_function("builtin+10k-phrases", |b| {
        b.iter(|| black_box(builder.build().expect("compiles").rules().len()))
    });
    group.finish();
}

fn documents(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let cases = [
        ("short-news", short_news()),
        ("recipe", corpus_pair("en-recipe-red-lentil-soup")),
        ("long-article", long_article()),
        ("mostly-noise", corpus_pair("en-notice-nearly-empty")),
        ("already-clean", corpus_pair("en-essay-walking-to-work")),
    ];
    let mut group = c.benchmark_group("document");
    group.measurement_time(Duration::from_secs(3));
    for (name, (input, expected)) in &cases {
        check_clean(&cleaner, name, input, expected);
        group.throughput(Throughput::Bytes(input.len() as u64));
        let mut worker = cleaner.worker();
        let mut out = Vec::with_capacity(input.len());
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| {
                out.clear();
                worker.clean_into(black_box(input), &mut out);
                black_box(out.len())
            })
        });
    }
    group.finish();
}

fn lines(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let rules = cleaner.rule_set();
    // Long content lines: the prose paragraphs of the golden pages; no rule may fire.
    let (_, long) = long_article();
    let prose: Vec<&[u8]> = long
        .split(|&b| b == b'\n')
        .filter(|l| l.len() >= 120)
        .collect();
    // Short noise lines: each must be dropped (or start a footer) by some rule.
    let noise: Vec<&[u8]> = [
        "Advertisement",
        "Adblock Detected",
        "Share this:",
        "Leave a Comment",
        "Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "5 min read",
        "You may also like",
        "Related posts",
        "Sign up for our newsletter",
        "We use cookies to improve your experience.",
        "Accept all",
        "Skip to content",
        "Toggle navigation",
        "Back to top",
        "Tags: politics, economy, budget",
        "Kommentar hinterlassen",
        "Laisser un commentaire",
        "Deja un comentario",
        "Table of Contents",
    ]
    .iter()
    .map(|s| s.as_bytes())
    .collect();
    let mut norm = Normalized::default();
    for line in &prose {
        let hits = rules.match_line(line, &mut norm);
        assert!(
            hits.is_empty(),
            "a rule fired on prose: {}",
            String::from_utf8_lossy(line)
        );
    }
    for line in &noise {
        let hits = rules.match_line(line, &mut norm);
        assert!(
            hits.drop.is_some() || hits.truncate.is_some() || hits.toc.is_some(),
            "no rule removes {:?}",
            String::from_utf8_lossy(line)
        );
    }
    let mut group = c.benchmark_group("match-line");
    group.measurement_time(Duration::from_secs(3));
    for (name, set) in [("long-content", &prose), ("short-noise", &noise)] {
        let bytes: usize = set.iter().map(|l| l.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut fired = 0usize;
                for line in set.iter() {
                    fired += usize::from(!rules.match_line(black_box(line), &mut norm).is_empty());
                }
                black_box(fired)
            })
        });
    }
    group.finish();
}

fn jsonl(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let pairs = [
        short_news(),
        corpus_pair("en-recipe-red-lentil-soup"),
        corpus_pair("en-essay-walking-to-work"),
        long_article(),
    ];
    // The records carry the fields a FineWeb-style dump has; only `text` changes.
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for round in 0..50 {
        for (i, (page, clean)) in pairs.iter().enumerate() {
            let id = round * pairs.len() + i;
            for (text, out) in [(page, &mut input), (clean, &mut expected)] {
                let text = serde_json::to_string(&String::from_utf8_lossy(text)).expect("json");
                out.extend_from_slice(
                    format!(
                        "{{\"id\":\"doc-{id}\",\"text\":{text},\"url\":\"https://example.org/{id}\",\"language_score\":0.97}}\n"
                    )
                    .as_bytes(),
                );
            }
        }
    }
    let spec = StreamSpec::new("bench.jsonl", Format::Jsonl);
    let mut batch_cleaner = BatchCleaner::new(&cleaner);
    let batch = Batch {
        data: input.clone().into(),
        ..Batch::default()
    };
    let out = batch_cleaner.clean_batch(&spec, &batch);
    assert!(
        out.clean == expected,
        "JSONL batch output differs from the expected records"
    );
    let mut group = c.benchmark_group("jsonl");
    group.measurement_time(Duration::from_secs(4));
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("parse-clean-serialise", |b| {
        b.iter(|| black_box(batch_cleaner.clean_batch(&spec, &batch).clean.len()))
    });
    group.finish();
}

criterion_group!(benches, compile, documents, lines, jsonl);
criterion_main!(benches);
