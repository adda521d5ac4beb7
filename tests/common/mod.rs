//! What the tests of the full mode's post-classifier stages share: a hand-written model
//! that keeps them independent of the shipped weights (it removes every line of at most 3
//! words, feature `lw` = ln(1 + words) below 1.5, and its gate always judges the document a
//! raw page), three paragraphs of prose, and a helper that joins lines.

// Each test crate that includes this module uses only part of it.
#![allow(dead_code)]

use noisestrip::Cleaner;
use noisestrip::rules::RuleSource;

const MODEL: &str = "version 1\nthreshold 0.5\ngate_threshold 0.5\nmax_removed_share 0.8\n\
                     line.bias 0\nline.feature lw 0 1 0 | 1.5 | -10 10\ngate.bias 10\n";

pub const P1: &str = "The city council approved the new bridge over the river on Tuesday evening, ending a debate that had lasted more than three years and divided residents on both banks.";
pub const P2: &str = "Construction is expected to begin in the spring, and the mayor said the crossing would shorten the commute for about twelve thousand people who now drive around the bay.";
pub const P3: &str = "Engineers will publish the final design in March, and the council will vote on the budget in the autumn after a public consultation that runs for six weeks.";

/// A cleaner with the test model (named `name` in error messages).
pub fn cleaner_with_test_model(name: &str) -> Cleaner {
    Cleaner::builder()
        .classifier_model(RuleSource {
            name: name.into(),
            text: MODEL.into(),
        })
        .build()
        .expect("test model parses")
}

/// The lines, each ended by a newline.
pub fn join(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}
