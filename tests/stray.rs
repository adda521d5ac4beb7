//! The stray-stretch stage of the full mode: after the classifier, a small stretch of kept
//! lines that removed lines part from the document's main stretch goes too.
//!
//! The model is the hand-written one of `tests/common`, independent of the shipped weights.

mod common;

use common::{Case, P1, P2, P3, assert_cases, explain_line, join};

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
    assert_cases(&cleaner(), AFTER_THE_BODY);
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
    let stray_line = explain_line(&cleaner, &input, "Harbour festival");
    assert!(
        stray_line.contains("structure.stray"),
        "names the stage: {stray_line}"
    );
    assert!(
        stray_line.contains("[apart from the main text from line 1]"),
        "points at the main stretch: {stray_line}"
    );
}

/// A cleaner whose model has three verdicts by length: at most 3 words log-odds -10
/// (removed), 4 to 11 words log-odds `medium`, 12 words or more log-odds +10; threshold 0.2.
fn three_verdict_cleaner(name: &str, medium: f64) -> noisestrip::Cleaner {
    let model = format!(
        "version 1\nthreshold 0.2\ngate_threshold 0.5\nmax_removed_share 0.8\n\
         line.bias 0\nline.feature lw 0 1 0 | 1.5 2.5 | -10 {medium} 10\ngate.bias 10\n"
    );
    common::cleaner_with_model(name, &model)
}

/// Medium lines at p = 0.27 (kept at threshold 0.2, on weak evidence: log-odds -1).
fn weak_cleaner() -> noisestrip::Cleaner {
    three_verdict_cleaner("weak-test-model.txt", -1.0)
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
    assert_cases(&weak_cleaner(), WEAK);
}

#[test]
fn the_explain_view_names_the_weak_evidence() {
    let cleaner = weak_cleaner();
    let input = join(WEAK[0].1);
    let line = explain_line(&cleaner, &input, "Harbour festival");
    assert!(line.contains("structure.stray"), "names the stage: {line}");
    assert!(
        line.contains(
            "[apart from the main text from line 8, kept on weak evidence (mean p=0.269)]"
        ),
        "names the main stretch and the evidence: {line}"
    );
}

/// Medium lines at log-odds -0.3 (p = 0.43): kept by the threshold and by the weak-evidence
/// bar of -0.5, but not by the bar of 0 that a stretch after an end-of-article marker must
/// pass.
fn after_end_cleaner() -> noisestrip::Cleaner {
    three_verdict_cleaner("after-end-test-model.txt", -0.3)
}

const N1: &str = "Great article, thanks for writing it up";
const N2: &str = "I drove across the old bridge yesterday";
const N3: &str = "The consultation should have been much longer";
const N4: &str = "Will the ferry keep running after this";
const N5: &str = "My street floods every spring already";
const N6: &str = "Looking forward to the spring works";

/// A stretch after the main one, parted from it by a line that a rule of an end family
/// removed ("Share this:", `share.prompt`), goes unless the classifier kept it with a mean
/// probability of at least 0.5; without the marker, or before the body, the bar stays -0.5.
/// The stretch is too large for the size tests (the body holds under 70% of the words).
const AFTER_END: &[Case] = &[
    (
        "a weakly kept stretch after an end marker goes",
        &[
            "Bridge vote",
            P1,
            P2,
            P3,
            "Share this:",
            "Ferry times",
            "Bakery opens",
            N1,
            N2,
            N3,
            N4,
            N5,
            N6,
        ],
        &["Bridge vote", P1, P2, P3],
    ),
    (
        "the same stretch without the marker stays",
        &[
            "Bridge vote",
            P1,
            P2,
            P3,
            "Quay works",
            "Ferry times",
            "Bakery opens",
            N1,
            N2,
            N3,
            N4,
            N5,
            N6,
        ],
        &["Bridge vote", P1, P2, P3, N1, N2, N3, N4, N5, N6],
    ),
    (
        "a marker before the body does not raise the bar",
        &[
            "Bridge vote",
            N1,
            N2,
            N3,
            N4,
            N5,
            N6,
            "Share this:",
            "Ferry times",
            "Bakery opens",
            P1,
            P2,
            P3,
        ],
        &["Bridge vote", N1, N2, N3, N4, N5, N6, P1, P2, P3],
    ),
];

#[test]
fn stretches_after_an_end_marker_need_more_evidence() {
    assert_cases(&after_end_cleaner(), AFTER_END);
}

#[test]
fn the_explain_view_names_the_end_marker() {
    let cleaner = after_end_cleaner();
    let input = join(AFTER_END[0].1);
    let line = explain_line(&cleaner, &input, N1);
    assert!(line.contains("structure.stray"), "names the stage: {line}");
    assert!(
        line.contains("after the end marker on line 5, kept on weak evidence (mean p=0.426)"),
        "names the marker and the evidence: {line}"
    );
}

/// A cleaner whose model keeps paragraphs of 26 words or more on strong evidence (log-odds
/// +10), lines of 12 to 25 words on weak evidence (log-odds -1, p = 0.27) and removes shorter
/// lines; threshold 0.2.
fn reply_cleaner() -> noisestrip::Cleaner {
    let model = "version 1\nthreshold 0.2\ngate_threshold 0.5\nmax_removed_share 0.8\n\
                 line.bias 0\nline.feature lw 0 1 0 | 1.5 2.5 3.3 | -10 -10 -1 10\ngate.bias 10\n";
    common::cleaner_with_model("reply-test-model.txt", model)
}

/// 18 words each: weakly kept lines of prose.
const R1: &str = "We had the same drops last winter and it turned out to be the lights on a timer.";
const R2: &str =
    "Check the lights on the box during a drop, because a red light means the fault is outside.";
const R3: &str = "Thanks, I will try swapping the power adapter first and then report back in this thread next week.";

/// A stretch with prose words of at least 30% of the main stretch's is a peer of the body (the
/// next post of a thread): weak evidence alone does not remove it. A smaller one still goes.
const PEERS: &[Case] = &[
    (
        // 36 prose words against the body's 86.
        "a reply with prose of its own stays",
        &[
            "Bridge vote",
            P1,
            P2,
            P3,
            "Reply",
            "Ferry times",
            "Quay works",
            R1,
            R2,
        ],
        &["Bridge vote", P1, P2, P3, R1, R2],
    ),
    (
        // 18 prose words: more than a fifth of the body's (so not too small), under 30%.
        "a shorter reply on weak evidence goes",
        &[
            "Bridge vote",
            P1,
            P2,
            P3,
            "Reply",
            "Ferry times",
            "Quay works",
            R3,
        ],
        &["Bridge vote", P1, P2, P3],
    ),
];

#[test]
fn a_stretch_with_prose_like_the_body_is_a_peer() {
    assert_cases(&reply_cleaner(), PEERS);
}
