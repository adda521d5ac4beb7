//! The lexical-cohesion features of the line classifier (`coh`, `topic` and their 5-line
//! windows): the share of a line's distinct content words (word cores of at least three chars
//! with a letter, not stopwords of the document's language) that other prose lines of the
//! main region hold (`coh`), or that at least two of them hold (`topic`).

use noisestrip::classify::features::{self, DocumentFeatures, Stopwords};

const P1: &str = "The harbour council voted on Tuesday to rebuild the old stone bridge over the river before the winter storms arrive.";
const P2: &str = "Engineers told the council that the bridge has been closed to heavy traffic since a flood damaged its piers last spring.";
const P3: &str = "The work on the bridge will start in March and the council expects the river crossing to reopen by the end of the year.";

/// `(coh, topic)` of every non-blank line of `lines`.
fn cohesion(lines: &[&str]) -> Vec<(f64, f64)> {
    let bytes: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    let mut out = DocumentFeatures::default();
    features::compute(&bytes, &[], Stopwords::builtin(), &mut out);
    (0..out.rows.len())
        .map(|r| (out.get(r, "coh").unwrap(), out.get(r, "topic").unwrap()))
        .collect()
}

#[test]
fn cohesion_table() {
    // (line under test, expected coh, expected topic), each placed after the title and the
    // three prose lines of the body.
    let cases: [(&str, f64, f64); 7] = [
        // Every content word is in the body, "bridge" and "council" in all three lines.
        ("Bridge council", 1.0, 1.0),
        // "river" is in two body lines, "crossing" in one, "times" in none.
        ("River crossing times", 2.0 / 3.0, 1.0 / 3.0),
        // A menu shares nothing with the body.
        ("Subscribe to our newsletter", 0.0, 0.0),
        ("* Contact Us", 0.0, 0.0),
        // Stopwords, words of fewer than three chars and numbers are not content words: no
        // content word at all gives 0.
        ("To be or not to be", 0.0, 0.0),
        ("42 17 2025", 0.0, 0.0),
        // Case and edge punctuation do not matter; "flood" is in one body line.
        ("(FLOOD) Damaged piers!", 1.0, 0.0),
    ];
    for (line, coh, topic) in cases {
        let got = cohesion(&["Harbour news", P1, P2, P3, line]);
        let (c, t) = got[4];
        assert!(
            (c - coh).abs() < 1e-12 && (t - topic).abs() < 1e-12,
            "{line:?}: got coh {c}, topic {t}; expected {coh}, {topic}"
        );
    }
}

#[test]
fn a_body_line_does_not_count_its_own_words() {
    let got = cohesion(&["Harbour news", P1, P2, P3]);
    // P2's "engineers", "told", "heavy", ... appear in no other body line; its "bridge" and
    // "council" appear in both others. The share is below 1 although every word of P2 is in
    // the region.
    let (coh, topic) = got[2];
    assert!(coh > 0.0 && coh < 0.5, "coh {coh}");
    assert_eq!(topic, coh, "both shared words are in the two other lines");
    // A page without prose has no region: nothing is cohesive.
    let got = cohesion(&["Menu", "Home", "About us", "Contact"]);
    assert!(got.iter().all(|&(c, t)| c == 0.0 && t == 0.0), "{got:?}");
}

#[test]
fn the_window_averages_five_lines_each_side() {
    let bytes: Vec<&[u8]> = ["Harbour news", P1, P2, P3, "Bridge council", "Contact"]
        .iter()
        .map(|l| l.as_bytes())
        .collect();
    let mut out = DocumentFeatures::default();
    features::compute(&bytes, &[], Stopwords::builtin(), &mut out);
    let mean: f64 = (0..6).map(|r| out.get(r, "coh").unwrap()).sum::<f64>() / 6.0;
    // Six lines: every window covers the whole document.
    for r in 0..6 {
        assert!((out.get(r, "coh_w5").unwrap() - mean).abs() < 1e-12);
    }
}
