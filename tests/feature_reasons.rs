//! `Options::feature_reasons` only decides whether a classifier removal names its features:
//! with it off, every page of the sample corpus gets the same decisions, and the classifier's
//! removals carry no feature names.

use noisestrip::{CleanerBuilder, LineAction, Options, Reason};

fn cleaner(feature_reasons: bool) -> noisestrip::Cleaner {
    let mut options = Options::default();
    options.feature_reasons = feature_reasons;
    CleanerBuilder::new()
        .options(options)
        .build()
        .expect("the built-in rules compile")
}

#[test]
fn decisions_do_not_depend_on_feature_reasons() {
    let (with, without) = (cleaner(true), cleaner(false));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/input");
    let mut pages = 0;
    let mut classifier_removals = 0;
    for entry in std::fs::read_dir(dir).expect("corpus/input exists") {
        let path = entry.expect("a directory entry").path();
        let page = std::fs::read(&path).expect("a readable page");
        let (a, b) = (with.analyze(&page), without.analyze(&page));
        assert_eq!(a.lines.len(), b.lines.len(), "{}", path.display());
        for (x, y) in a.lines.iter().zip(&b.lines) {
            match (x.action, y.action) {
                (
                    LineAction::Drop(Reason::Classifier {
                        permille: p,
                        features: named,
                    }),
                    LineAction::Drop(Reason::Classifier {
                        permille: q,
                        features: unnamed,
                    }),
                ) => {
                    assert_eq!(p, q, "{}", path.display());
                    assert!(named.iter().any(|&f| f != u8::MAX), "{}", path.display());
                    assert_eq!(unnamed, [u8::MAX; 3], "{}", path.display());
                    classifier_removals += 1;
                }
                (x, y) => assert_eq!(x, y, "{}", path.display()),
            }
        }
        assert_eq!(
            with.clean(&page),
            without.clean(&page),
            "{}",
            path.display()
        );
        pages += 1;
    }
    // The check means something only if the classifier removed lines somewhere.
    assert!(
        pages >= 10 && classifier_removals > 0,
        "{pages} pages, {classifier_removals} removals"
    );
}
