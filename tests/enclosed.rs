//! The line classifier of the full mode spares a line that lies inside kept text: a single
//! line it would remove between two non-blank lines it keeps stays (a short list item, a
//! subheading, a table row of an article). Runs of two or more such lines still go.
//!
//! A hand-written model keeps the test independent of the shipped weights: it removes every
//! line of at most 3 words (feature `lw` = ln(1 + words) below 1.5) and its gate always
//! judges the document a raw page.

use noisestrip::Cleaner;
use noisestrip::rules::RuleSource;

const MODEL: &str = "version 1\nthreshold 0.5\ngate_threshold 0.5\nmax_removed_share 0.8\n\
                     line.bias 0\nline.feature lw 0 1 0 | 1.5 | -10 10\ngate.bias 10\n";

const P1: &str = "The city council approved the new bridge over the river on Tuesday evening, ending a debate that had lasted more than three years and divided residents on both banks.";
const P2: &str = "Construction is expected to begin in the spring, and the mayor said the crossing would shorten the commute for about twelve thousand people who now drive around the bay.";
const P3: &str = "Engineers will publish the final design in March, and the council will vote on the budget in the autumn after a public consultation that runs for six weeks.";

fn cleaner() -> Cleaner {
    Cleaner::builder()
        .classifier_model(RuleSource {
            name: "enclosed-test-model.txt".into(),
            text: MODEL.into(),
        })
        .build()
        .expect("test model parses")
}

fn join(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// (name, input lines, expected output lines)
type Case = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

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
    let cleaner = cleaner();
    for (name, input, expected) in CASES {
        let input = join(input);
        let got = cleaner.clean_str(&input);
        assert_eq!(got, join(expected), "{name}");
        assert_eq!(cleaner.clean_str(&got), got, "{name}: idempotent");
    }
}
