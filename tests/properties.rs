//! Property tests for the cleaner's contract: output lines are a subsequence of input lines
//! (cut lines are prefixes of theirs), cleaning is idempotent, any bytes are accepted without
//! panic, and cleaning documents in parallel gives the sequential result.

use std::sync::OnceLock;

use noisestrip::Cleaner;
use proptest::prelude::*;
use rayon::prelude::*;

/// One cleaner for every case: compiling the built-in rules per case would dominate the run.
fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(Cleaner::new)
}

/// Lines of the kinds real scraped pages mix: content, noise of every class, near-misses,
/// blank and odd lines.
const LINE_POOL: &[&str] = &[
    "The council approved the new budget on Tuesday after a long debate.",
    "Residents said the changes would make the park safer for children.",
    "Prices rose by 3.2% in the year to March, the statistics office said.",
    "Die Regierung hat am Montag neue Pläne für den Wohnungsbau vorgestellt.",
    "Le maire a annoncé la fermeture de deux écoles à la rentrée.",
    "Introduction",
    "How it works",
    "Conclusion",
    "Advertisement",
    "ADVERTISEMENT",
    "Sponsored",
    "Adblock Detected",
    "Please support us by disabling your AdBlocker.",
    "Leave a Comment",
    "Leave a Reply",
    "Comments",
    "3 Comments",
    "Your email address will not be published. Required fields are marked *",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "You may also like",
    "Related posts",
    "Read more",
    "Share this:",
    "Click to share on Twitter (Opens in new window)",
    "Facebook Twitter Pinterest",
    "Sign up for our newsletter",
    "We use cookies to improve your experience on our site.",
    "Accept all",
    "Home » World » Europe",
    "Skip to content",
    "Menu",
    "5 min read",
    "Posted on May 19, 2025",
    "By Staff Writer",
    "Tags: politics, budget, council",
    "The vote ended the dispute. Keywords: budget, council, city hall",
    "Tell us what you think. What do you think? Let us know in the comments!",
    "Table of Contents",
    "Contents",
    "Photo: Reuters",
    "",
    "   ",
    "\t",
    "* * *",
    "*",
    "o Cricket",
    "Advertisement revenue fell sharply, the company said in its annual report.",
    "We use cookies? No: in this recipe we use butter and two eggs instead.",
];

fn line_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => prop::sample::select(LINE_POOL).prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..40)
            .prop_map(|mut v| { v.retain(|&b| b != b'\n'); v }),
    ]
}

fn doc_strategy() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec((line_strategy(), any::<bool>()), 0..60),
        any::<bool>(),
    )
        .prop_map(|(lines, final_newline)| {
            let mut doc = Vec::new();
            let n = lines.len();
            for (i, (line, crlf)) in lines.into_iter().enumerate() {
                doc.extend_from_slice(&line);
                if i + 1 < n || final_newline {
                    doc.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
                }
            }
            doc
        })
}

/// Lines with their terminators, as written.
fn split_keep_ends(doc: &[u8]) -> Vec<&[u8]> {
    doc.split_inclusive(|&b| b == b'\n').collect()
}

fn strip_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Checks that each output line is an input line (or a prefix of one, for cut lines), in
/// order. Returns a description of the first violation.
fn check_subsequence(input: &[u8], output: &[u8]) -> Result<(), String> {
    let inputs = split_keep_ends(input);
    let mut next = 0;
    'outer: for out_line in split_keep_ends(output) {
        while next < inputs.len() {
            let in_line = inputs[next];
            next += 1;
            let exact = in_line == out_line;
            // A cut line keeps a prefix of the text and the original terminator; the last
            // line of a stream may gain a newline only when written by the driver, not here.
            let cut = strip_end(in_line).starts_with(strip_end(out_line))
                && in_line[strip_end(in_line).len()..] == out_line[strip_end(out_line).len()..];
            if exact || cut {
                continue 'outer;
            }
        }
        return Err(format!(
            "output line {:?} is not an input line in order",
            String::from_utf8_lossy(out_line)
        ));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn output_is_a_subsequence_of_input(doc in doc_strategy()) {
        let cleaner = cleaner();
        let out = cleaner.clean(&doc);
        prop_assert_eq!(check_subsequence(&doc, &out), Ok(()));
    }

    #[test]
    fn cleaning_is_idempotent(doc in doc_strategy()) {
        let cleaner = cleaner();
        let once = cleaner.clean(&doc);
        let twice = cleaner.clean(&once);
        prop_assert_eq!(
            String::from_utf8_lossy(&twice),
            String::from_utf8_lossy(&once),
            "input was {:?}", String::from_utf8_lossy(&doc)
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic(doc in prop::collection::vec(any::<u8>(), 0..2000)) {
        let cleaner = cleaner();
        let out = cleaner.clean(&doc);
        let analysis = cleaner.analyze(&doc);
        prop_assert!(out.len() <= doc.len());
        prop_assert_eq!(check_subsequence(&doc, &out), Ok(()));
        // The explain views accept anything too.
        let mut sink = Vec::new();
        let doc_ref = noisestrip::explain::DocRef::new("x");
        noisestrip::explain::write_text(&mut sink, cleaner, doc_ref, &doc, &analysis).unwrap();
        noisestrip::explain::write_jsonl(&mut sink, cleaner, doc_ref, &analysis).unwrap();
    }

    #[test]
    fn parallel_equals_sequential(docs in prop::collection::vec(doc_strategy(), 1..24)) {
        let cleaner = cleaner();
        let mut worker = cleaner.worker();
        let sequential: Vec<Vec<u8>> = docs
            .iter()
            .map(|d| {
                let mut out = Vec::new();
                worker.clean_into(d, &mut out);
                out
            })
            .collect();
        let parallel: Vec<Vec<u8>> = docs
            .par_iter()
            .map_init(|| cleaner.worker(), |w, d| {
                let mut out = Vec::new();
                w.clean_into(d, &mut out);
                out
            })
            .collect();
        prop_assert_eq!(sequential, parallel);
    }
}

#[test]
fn subsequence_checker_catches_violations() {
    assert!(check_subsequence(b"a\nb\n", b"b\na\n").is_err());
    assert!(check_subsequence(b"a\nb\n", b"c\n").is_err());
    assert!(check_subsequence(b"abc\r\nb\n", b"ab\r\nb\n").is_ok());
    assert!(check_subsequence(b"abc\r\n", b"ab\n").is_err());
}

#[test]
fn large_and_odd_inputs() {
    let cleaner = cleaner();
    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        ("empty", Vec::new(), Vec::new()),
        ("only blank lines", b"\n\n \n\r\n".to_vec(), Vec::new()),
        (
            "nul bytes kept",
            b"a\0b is a line.\n".to_vec(),
            b"a\0b is a line.\n".to_vec(),
        ),
        (
            "invalid utf-8 kept byte for byte",
            b"caf\xe9 au lait is good.\nAdvertisement\n".to_vec(),
            b"caf\xe9 au lait is good.\n".to_vec(),
        ),
        (
            "no final newline",
            b"Last line".to_vec(),
            b"Last line".to_vec(),
        ),
        (
            "crlf kept",
            b"First.\r\nAdvertisement\r\nSecond.\r\n".to_vec(),
            b"First.\r\nSecond.\r\n".to_vec(),
        ),
    ];
    for (name, input, expected) in cases {
        assert_eq!(
            String::from_utf8_lossy(&cleaner.clean(&input)),
            String::from_utf8_lossy(&expected),
            "{name}"
        );
    }
    // A 5 MB single line is kept whole.
    let mut long = b"word ".repeat(1 << 20);
    long.extend_from_slice(b"end.\n");
    assert_eq!(cleaner.clean(&long), long);
}
