//! What the tests of the full mode's post-classifier stages share: a hand-written model
//! that keeps them independent of the shipped weights (it removes every line of at most 3
//! words, feature `lw` = ln(1 + words) below 1.5, and its gate always judges the document a
//! raw page), three paragraphs of prose, and helpers to join lines, run a table of cases and
//! read a line of the explain view.

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
    cleaner_with_model(name, MODEL)
}

/// A cleaner with the model `text` (named `name` in error messages).
pub fn cleaner_with_model(name: &str, text: &str) -> Cleaner {
    Cleaner::builder()
        .classifier_model(RuleSource {
            name: name.into(),
            text: text.into(),
        })
        .build()
        .expect("test model parses")
}

/// The lines, each ended by a newline.
pub fn join(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// (name, input lines, expected output lines)
pub type Case = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// Cleans each case's input, checks the output, and checks that cleaning it again changes
/// nothing.
pub fn assert_cases(cleaner: &Cleaner, cases: &[Case]) {
    for (name, input, expected) in cases {
        let input = join(input);
        let got = cleaner.clean_str(&input);
        assert_eq!(got, join(expected), "{name}");
        assert_eq!(cleaner.clean_str(&got), got, "{name}: idempotent");
    }
}

/// The line of the text explain view of `input` that contains `needle`.
pub fn explain_line(cleaner: &Cleaner, input: &str, needle: &str) -> String {
    let analysis = cleaner.analyze(input.as_bytes());
    let mut view = Vec::new();
    noisestrip::explain::write_text(
        &mut view,
        cleaner,
        noisestrip::explain::DocRef::new("doc"),
        input.as_bytes(),
        &analysis,
    )
    .expect("writing to a Vec cannot fail");
    let view = String::from_utf8(view).expect("the view is UTF-8");
    view.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line of the explain view holds {needle:?}:\n{view}"))
        .to_string()
}
