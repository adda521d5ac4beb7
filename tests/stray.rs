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
