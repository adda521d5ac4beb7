//! Prints how long building a cleaner with the built-in rules takes (the fastest of 20
//! builds, in total and without the regex rules): a quick check; the criterion bench
//! `compile` is the measurement.
fn main() {
    let fastest = |builder: &noisestrip::CleanerBuilder| {
        (0..20)
            .map(|_| {
                let start = std::time::Instant::now();
                let built = builder.build();
                let ms = start.elapsed().as_secs_f64() * 1e3;
                assert!(built.is_ok(), "the built-in rules compile");
                ms
            })
            .fold(f64::INFINITY, f64::min)
    };
    let all = noisestrip::CleanerBuilder::new();
    let cleaner = noisestrip::Cleaner::new();
    let mut no_regex = noisestrip::CleanerBuilder::new();
    for r in cleaner.rules() {
        if r.kind == noisestrip::rules::MatchKind::Regex {
            no_regex.disable(r.name.clone());
        }
    }
    println!(
        "all rules: {:.1} ms; without regex rules: {:.1} ms",
        fastest(&all),
        fastest(&no_regex)
    );
}
