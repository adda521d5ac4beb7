//! The stray-stretch stage of the full mode: after the classifier, a small stretch of kept
//! lines that removed lines part from the document's main stretch goes too.
//!
//! The model is the hand-written one of `tests/common`, independent of the shipped weights.

mod common;

use common::{P1, P2, P3, join};

fn cleaner() -> noisestrip::Cleaner {
    common::cleaner_with_test_model("stray-test-model.txt")
}

#[test]
fn a_small_stretch_parted_from_the_body_goes() {
    let cleaner = cleaner();
    let input = join(&[
        "Bridge vote",
        P1,
        P2,
        P3,
        "Ferry times",
        "Bakery opens",
        "Quay works",
        "Harbour festival moves to August",
    ]);
    let got = cleaner.clean_str(&input);
    assert_eq!(got, join(&["Bridge vote", P1, P2, P3]));
    assert_eq!(cleaner.clean_str(&got), got, "idempotent");
}

#[test]
fn a_line_next_to_the_body_stays() {
    let cleaner = cleaner();
    // Fewer than three removed lines in between: the line is part of the body's stretch.
    let input = join(&[
        "Bridge vote",
        P1,
        P2,
        "Ferry times",
        "Bakery opens",
        "Harbour festival moves to August",
        P3,
    ]);
    let got = cleaner.clean_str(&input);
    assert_eq!(
        got,
        join(&[
            "Bridge vote",
            P1,
            P2,
            "Harbour festival moves to August",
            P3
        ])
    );
}

#[test]
fn stretches_of_similar_size_stay() {
    let cleaner = cleaner();
    // No stretch holds 70% of the kept words: a page of several parts, left as it is.
    let input = join(&[
        "Bridge vote",
        P1,
        "Ferry times",
        "Bakery opens",
        "Quay works",
        P2,
    ]);
    let got = cleaner.clean_str(&input);
    assert_eq!(got, join(&["Bridge vote", P1, P2]));
}

const P4: &str = "The harbour office said the ferry timetable would not change during the works, although the landing stage will move fifty metres to the east.";

/// (name, input lines, expected output lines)
type Case = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// A stretch after the main one is also judged by its prose (lines of at least 15 words): one
/// with less than a fifth of the main stretch's prose goes, however many short words it has.
const AFTER_THE_BODY: &[Case] = &[
    (
        // 12 words (more than a tenth of the body's) but no line of prose.
        "short lines after the body go",
        &[
            "Bridge vote",
            P1,
            P2,
            P3,
            "Ferry times",
            "Bakery opens",
            "Quay works",
            "Contact the harbour office on weekdays",
            "Opening hours nine to five daily",
        ],
        &["Bridge vote", P1, P2, P3],
    ),
    (
        // The same lines before the body are judged by their words only: they stay.
        "short lines before the body stay",
        &[
            "Bridge vote",
            "Contact the harbour office on weekdays",
            "Opening hours nine to five daily",
            "Ferry times",
            "Bakery opens",
            "Quay works",
            P1,
            P2,
            P3,
        ],
        &[
            "Bridge vote",
            "Contact the harbour office on weekdays",
            "Opening hours nine to five daily",
            P1,
            P2,
            P3,
        ],
    ),
    (
        // A paragraph after the body holds more than a fifth of its prose: it stays.
        "a paragraph after the body stays",
        &[
            "Bridge vote",
            P1,
            P2,
            P3,
            "Ferry times",
            "Bakery opens",
            "Quay works",
            P4,
        ],
        &["Bridge vote", P1, P2, P3, P4],
    ),
];

#[test]
fn stretches_after_the_body_are_weighed_by_their_prose() {
    let cleaner = cleaner();
    for (name, input, expected) in AFTER_THE_BODY {
        let input = join(input);
        let got = cleaner.clean_str(&input);
        assert_eq!(got, join(expected), "{name}");
        assert_eq!(cleaner.clean_str(&got), got, "{name}: idempotent");
    }
}

#[test]
fn the_explain_view_names_the_stage_and_the_main_stretch() {
    let cleaner = cleaner();
    let input = join(&[
        "Bridge vote",
        P1,
        P2,
        P3,
        "Ferry times",
        "Bakery opens",
        "Quay works",
        "Harbour festival moves to August",
    ]);
    let analysis = cleaner.analyze(input.as_bytes());
    let mut view = Vec::new();
    noisestrip::explain::write_text(
        &mut view,
        &cleaner,
        noisestrip::explain::DocRef::new("doc"),
        input.as_bytes(),
        &analysis,
    )
    .expect("writing to a Vec cannot fail");
    let view = String::from_utf8(view).expect("the view is UTF-8");
    let stray_line = view
        .lines()
        .find(|l| l.contains("Harbour festival"))
        .expect("the stray line is listed");
    assert!(
        stray_line.contains("structure.stray"),
        "names the stage: {stray_line}"
    );
    assert!(
        stray_line.contains("[apart from the main text from line 1]"),
        "points at the main stretch: {stray_line}"
    );
}

/// A model with three verdicts by length: at most 3 words p = 0.00005 (removed), 4 to 11
/// words p = 0.27 (kept at threshold 0.2, on weak evidence: log-odds -1), 12 words or more
/// p = 0.99995 (log-odds +10).
const WEAK_MODEL: &str = "version 1\nthreshold 0.2\ngate_threshold 0.5\nmax_removed_share 0.8\n\
                          line.bias 0\nline.feature lw 0 1 0 | 1.5 2.5 | -10 -1 10\ngate.bias 10\n";

fn weak_cleaner() -> noisestrip::Cleaner {
    noisestrip::Cleaner::builder()
        .classifier_model(noisestrip::rules::RuleSource {
            name: "weak-test-model.txt".into(),
            text: WEAK_MODEL.into(),
        })
        .build()
        .expect("test model parses")
}

const M1: &str = "Harbour festival moves to August this year";
const M2: &str = "Ferry timetable stays the same during the works";
const M3: &str = "Bakery on the quay opens again on Monday";

/// A stretch apart from the main one goes when the classifier kept it on weak evidence
/// (word-weighted mean log-odds below -0.5), even when it is too large for the other tests
/// and no stretch holds 70% of the words.
const WEAK: &[Case] = &[
    (
        // 21 words before the body (more than a tenth of its 90): only the evidence decides.
        "a weakly kept stretch apart from the body goes",
        &[
            "Bridge vote",
            M1,
            M2,
            M3,
            "Ferry times",
            "Bakery opens",
            "Quay works",
            P1,
            P2,
            P3,
        ],
        &["Bridge vote", P1, P2, P3],
    ),
    (
        // A paragraph among the medium lines: the stretch's evidence is strong, and the body
        // holds under 70% of the words: everything kept stays.
        "a stretch with strong evidence stays",
        &[
            "Bridge vote",
            M1,
            P4,
            M2,
            "Ferry times",
            "Bakery opens",
            "Quay works",
            P1,
            P2,
            P3,
        ],
        &["Bridge vote", M1, P4, M2, P1, P2, P3],
    ),
    (
        // The same lines inside the body's stretch are part of it.
        "weakly kept lines inside the main stretch stay",
        &["Bridge vote", P1, M1, M2, P2, P3],
        &["Bridge vote", P1, M1, M2, P2, P3],
    ),
];

#[test]
fn stretches_kept_on_weak_evidence_go() {
    let cleaner = weak_cleaner();
    for (name, input, expected) in WEAK {
        let input = join(input);
        let got = cleaner.clean_str(&input);
        assert_eq!(got, join(expected), "{name}");
        assert_eq!(cleaner.clean_str(&got), got, "{name}: idempotent");
    }
}

#[test]
fn the_explain_view_names_the_weak_evidence() {
    let cleaner = weak_cleaner();
    let input = join(WEAK[0].1);
    let analysis = cleaner.analyze(input.as_bytes());
    let mut view = Vec::new();
    noisestrip::explain::write_text(
        &mut view,
        &cleaner,
        noisestrip::explain::DocRef::new("doc"),
        input.as_bytes(),
        &analysis,
    )
    .expect("writing to a Vec cannot fail");
    let view = String::from_utf8(view).expect("the view is UTF-8");
    let line = view
        .lines()
        .find(|l| l.contains("Harbour festival"))
        .expect("the weak line is listed");
    assert!(line.contains("structure.stray"), "names the stage: {line}");
    assert!(
        line.contains(
            "[apart from the main text from line 8, kept on weak evidence (mean p=0.269)]"
        ),
        "names the main stretch and the evidence: {line}"
    );
}
