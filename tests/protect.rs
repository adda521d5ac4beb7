//! Lines that a `keep` rule protects are never removed by the line classifier: the built-in
//! `meta.fact-row` keeps spec and nutrition rows, whose pipes and figures look like page
//! chrome to the model.
//!
//! The model is hand-written: it removes every line with a pipe (feature `pipes`, the count
//! of `|` up to 3, over 3) and keeps every other line; its gate always opens.

mod common;

use common::{Case, P1, P2, assert_cases};

const PIPE_MODEL: &str = "version 1\nthreshold 0.5\ngate_threshold 0.5\nmax_removed_share 0.9\n\
                          line.bias 5\nline.feature pipes 0 1 -30 | |\ngate.bias 10\n";

const CASES: &[Case] = &[
    (
        "fact rows stay, a menu of pipes goes",
        &[
            "Bridge vote",
            P1,
            P2,
            "Home | News | Sport | Weather",
            "CPU: Intel Core i5-1335U | RAM: 8GB | Storage: 128GB | Screen: 14-inch",
            "Calories: 312kcal | Carbohydrates: 48g | Protein: 17g | Fat: 8g",
        ],
        &[
            "Bridge vote",
            P1,
            P2,
            "CPU: Intel Core i5-1335U | RAM: 8GB | Storage: 128GB | Screen: 14-inch",
            "Calories: 312kcal | Carbohydrates: 48g | Protein: 17g | Fat: 8g",
        ],
    ),
    (
        // Counters and a category row are not fact rows: each value must hold a figure and a
        // word or unit.
        "counter and category rows are not protected",
        &[
            "Bridge vote",
            P1,
            P2,
            "Views: 1,234 | Comments: 5 | Likes: 12",
            "Author: Jane Doe | Category: News | Section: City",
        ],
        &["Bridge vote", P1, P2],
    ),
];

#[test]
fn rows_a_keep_rule_protects_survive_the_classifier() {
    assert_cases(
        &common::cleaner_with_model("pipe-model.txt", PIPE_MODEL),
        CASES,
    );
}
