//! The line classifier of the full mode spares a line that lies inside kept text: a single
//! line it would remove between two non-blank lines it keeps stays (a short list item, a
//! subheading, a table row of an article). Runs of two or more such lines still go.
//!
//! The model is the hand-written one of `tests/common`, independent of the shipped weights.

mod common;

use common::{Case, P1, P2, P3, assert_cases};

fn cleaner() -> noisestrip::Cleaner {
    common::cleaner_with_test_model("enclosed-test-model.txt")
}

const CASES: &[Case] = &[
    (
        "a subheading between two paragraphs stays",
        &["Bridge vote", P1, "Next steps", P2, P3],
        &["Bridge vote", P1, "Next steps", P2, P3],
    ),
    (
        "blank lines do not part a line from its neighbours",
        &["Bridge vote", P1, "", "Next steps", "", P2, P3],
        &["Bridge vote", P1, "", "Next steps", "", P2, P3],
    ),
    (
        "two short lines in a row go",
        &["Bridge vote", P1, "Ferry times", "Bakery opens", P2, P3],
        &["Bridge vote", P1, P2, P3],
    ),
    (
        "a short line at the end goes",
        &["Bridge vote", P1, P2, P3, "Share this"],
        &["Bridge vote", P1, P2, P3],
    ),
    (
        // The rule-removed "Advertisement" is not kept text: the line beside it goes.
        "a short line next to a rule removal goes",
        &["Bridge vote", P1, "Advertisement", "Ferry times", P2, P3],
        &["Bridge vote", P1, P2, P3],
    ),
];

#[test]
fn enclosed_lines_stay() {
    assert_cases(&cleaner(), CASES);
}
