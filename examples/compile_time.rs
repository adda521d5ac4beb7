//! Prints how long compiling the built-in rules takes, in total and without the regex rules
//! (a quick check; the criterion bench is the measurement).
fn main() {
    let time = |builder: &noisestrip::CleanerBuilder| {
        let start = std::time::Instant::now();
        for _ in 0..10 {
            let _ = builder.build();
        }
        start.elapsed().as_secs_f64() * 100.0
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
        time(&all),
        time(&no_regex)
    );
}
