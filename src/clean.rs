//! The front door: [`Cleaner`] (built once from rules and options, shared across threads),
//! [`Worker`] (one thread's reusable buffers) and the function that writes clean bytes from an
//! [`Analysis`].

use std::sync::Arc;

use crate::classify::features::{self, DocumentFeatures};
use crate::classify::model::{BUILTIN_MODEL, Model};
use crate::decide::{self, Analysis, LineAction, Options, Reason, STRUCTURAL_REASONS, Scratch};
use crate::error::Error;
use crate::rules::{self, RuleSource, RuleSpec};
use crate::ruleset::{RuleInfo, RuleSet};

/// Builds a [`Cleaner`] from the built-in rule packs, user rule files and options.
///
/// ```
/// use noisestrip::{CleanerBuilder, rules::RuleSource};
/// let cleaner = CleanerBuilder::new()
///     .add_rules(RuleSource {
///         name: "mysite.rules".into(),
///         text: "[mysite.promo]\naction: drop\nmatch: prefix\n- Get 20% off\n".into(),
///     })
///     .build()
///     .unwrap();
/// let out = cleaner.clean(b"Get 20% off today only\nThe real sentence stays.\n");
/// assert_eq!(out, b"The real sentence stays.\n");
/// ```
#[derive(Clone, Debug)]
pub struct CleanerBuilder {
    builtin: bool,
    sources: Vec<RuleSource>,
    disabled: Vec<String>,
    options: Options,
    model: ModelChoice,
    gate_threshold: Option<f64>,
}

/// Which line-classifier weights a cleaner uses in the full mode.
#[derive(Clone, Debug, Default)]
enum ModelChoice {
    /// The weights built into the binary (`model/line-model.txt`).
    #[default]
    Builtin,
    /// No classifier: the full mode then runs the rules only.
    None,
    /// A weights file of the user's.
    Custom(RuleSource),
}

impl Default for CleanerBuilder {
    fn default() -> CleanerBuilder {
        CleanerBuilder::new()
    }
}

impl CleanerBuilder {
    /// A builder with the built-in rules and default options.
    pub fn new() -> CleanerBuilder {
        CleanerBuilder {
            builtin: true,
            sources: Vec::new(),
            disabled: Vec::new(),
            options: Options::default(),
            model: ModelChoice::Builtin,
            gate_threshold: None,
        }
    }

    /// Whether to load the built-in rule packs (default: yes).
    pub fn builtin_rules(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.builtin = yes;
        self
    }

    /// Adds rules from a source, after the built-in ones.
    pub fn add_rules(&mut self, source: RuleSource) -> &mut CleanerBuilder {
        self.sources.push(source);
        self
    }

    /// Reads and adds a rule file.
    ///
    /// # Errors
    /// An I/O error naming the path.
    pub fn add_rules_file(
        &mut self,
        path: impl AsRef<std::path::Path>,
    ) -> Result<&mut CleanerBuilder, Error> {
        self.sources.push(RuleSource::from_path(path.as_ref())?);
        Ok(self)
    }

    /// Disables rules by name: an exact name (`ads.label`) or a prefix ending in `*`
    /// (`ads.*`, `share*`). Naming no rule is an error at [`build`](Self::build) time.
    pub fn disable(&mut self, name: impl Into<String>) -> &mut CleanerBuilder {
        self.disabled.push(name.into());
        self
    }

    /// Uses the line-classifier weights in `source` (the format of `model/line-model.txt`,
    /// written by `tools/quality/train.py`) instead of the built-in ones.
    pub fn classifier_model(&mut self, source: RuleSource) -> &mut CleanerBuilder {
        self.model = ModelChoice::Custom(source);
        self
    }

    /// Turns the line classifier off: the full mode then applies the rules only.
    pub fn no_classifier(&mut self) -> &mut CleanerBuilder {
        self.model = ModelChoice::None;
        self
    }

    /// Overrides the thresholds of the model's gates (see [`Model::set_gate_threshold`]): the
    /// line classifier runs on a document only when the gate's probability that it is a
    /// scraped page (not already clean text) reaches `threshold`; 0 runs it on every
    /// document. The built-in model has one gate for text whose lists carry markers (default
    /// 0.9) and one for text without them (0.97), as Common Crawl WET renders it; such text
    /// can still look clean to it. A lower restore threshold in the model file is kept.
    ///
    /// [`Model::set_gate_threshold`]: crate::classify::model::Model::set_gate_threshold
    ///
    /// ```
    /// let page = "Home\nAbout Us\nContact\nDonate\nBlog\nEvents\nResources\nNews\n\
    ///             The council met on Tuesday and voted to repair the old harbour wall before the winter storms.\n\
    ///             Work starts next month and should take about twelve weeks, the council said.\n\
    ///             Privacy\nTerms\nCareers\nPress\nSitemap\nHelp\n";
    /// let gated = noisestrip::Cleaner::new().clean_str(page);
    /// let every = noisestrip::CleanerBuilder::new().gate_threshold(0.0).build().unwrap().clean_str(page);
    /// assert!(every.len() < gated.len());
    /// assert!(every.contains("The council met on Tuesday"));
    /// ```
    pub fn gate_threshold(&mut self, threshold: f64) -> &mut CleanerBuilder {
        self.gate_threshold = Some(threshold);
        self
    }

    /// Replaces the per-document policy options.
    pub fn options(&mut self, options: Options) -> &mut CleanerBuilder {
        self.options = options;
        self
    }

    /// Parses and compiles every rule.
    ///
    /// # Errors
    /// A rule-syntax error with file and line, or a configuration error for a `disable` that
    /// names no rule or an option out of range.
    pub fn build(&self) -> Result<Cleaner, Error> {
        let mut specs: Vec<RuleSpec> = Vec::new();
        let builtin = if self.builtin {
            rules::builtin_sources()
        } else {
            Vec::new()
        };
        for source in builtin.iter().chain(&self.sources) {
            for spec in rules::parse(source)? {
                if let Some(old) = specs.iter().find(|s| s.name == spec.name) {
                    return Err(Error::new(crate::error::ErrorKind::RuleSyntax {
                        file: spec.origin.file.clone(),
                        line: spec.origin.line,
                        message: format!(
                            "rule `{}` is already defined at {}",
                            spec.name, old.origin
                        ),
                    }));
                }
                specs.push(spec);
            }
        }
        for pattern in &self.disabled {
            let matches = |name: &str| match pattern.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => name == pattern,
            };
            let before = specs.len();
            specs.retain(|s| !matches(&s.name));
            if specs.len() == before {
                return Err(Error::config(format!(
                    "--disable {pattern}: no rule has that name"
                )));
            }
        }
        let o = &self.options;
        if !(0.0..=1.0).contains(&o.max_removed_share) || o.footer_min_ratio < 0.0 {
            return Err(Error::config(
                "max_removed_share must lie in 0..=1 and footer_min_ratio must not be negative",
            ));
        }
        let parse_model = |text: &str, origin: &str| {
            Model::parse(
                text,
                origin,
                &features::LINE_FEATURES,
                &features::GATE_FEATURES,
            )
        };
        let mut model = match &self.model {
            ModelChoice::Builtin => Some(parse_model(BUILTIN_MODEL, "model/line-model.txt")?),
            ModelChoice::None => None,
            ModelChoice::Custom(source) => Some(parse_model(&source.text, &source.name)?),
        };
        if let Some(t) = self.gate_threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(Error::config("the gate threshold must lie in 0..=1"));
            }
            if let Some(m) = &mut model {
                m.set_gate_threshold(t);
            }
        }
        Ok(Cleaner {
            inner: Arc::new(Inner {
                rules: RuleSet::compile(&specs)?,
                model,
                options: self.options.clone(),
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    rules: RuleSet,
    model: Option<Model>,
    options: Options,
}

/// A compiled cleaner: immutable, cheap to clone, `Send + Sync`. Build it once and share it.
///
/// ```
/// let cleaner = noisestrip::Cleaner::new();
/// let page = "Storm hits coast\nAdvertisement\nThe storm reached the coast at dawn.\n\
///             Share this:\nLeave a Reply\nYour email address will not be published.\n";
/// assert_eq!(
///     cleaner.clean_str(page),
///     "Storm hits coast\nThe storm reached the coast at dawn.\n"
/// );
/// ```
#[derive(Clone, Debug)]
pub struct Cleaner {
    inner: Arc<Inner>,
}

impl Default for Cleaner {
    fn default() -> Cleaner {
        Cleaner::new()
    }
}

impl Cleaner {
    /// A cleaner with the built-in rules and default options.
    ///
    /// The built-in rules are compiled into the binary and checked by the test suite, so
    /// building them cannot fail on any input.
    pub fn new() -> Cleaner {
        match CleanerBuilder::new().build() {
            Ok(cleaner) => cleaner,
            Err(e) => panic!("built-in rules are broken (a bug in noisestrip): {e}"),
        }
    }

    /// A builder, to add rules or change options.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::new()
    }

    /// The compiled rules.
    pub fn rule_set(&self) -> &RuleSet {
        &self.inner.rules
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> &[RuleInfo] {
        self.inner.rules.rules()
    }

    /// The line classifier's weights, if the cleaner has any (used in the full mode).
    pub fn model(&self) -> Option<&Model> {
        self.inner.model.as_ref()
    }

    /// The per-document policy options.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// A worker with its own reusable buffers, for one thread.
    pub fn worker(&self) -> Worker {
        self.worker_among(1)
    }

    /// A worker for one of `workers` threads that clean at once. Each worker remembers what
    /// the rules said about its recent short lines; with many workers each remembers fewer,
    /// so that all of them together stay within a few megabytes. Output is the same whatever
    /// the count: only speed depends on it.
    ///
    /// ```
    /// let cleaner = noisestrip::Cleaner::new();
    /// let (mut one, mut many) = (cleaner.worker(), cleaner.worker_among(64));
    /// let doc = b"Advertisement\nThe river rose again.\n";
    /// let (mut a, mut b) = (Vec::new(), Vec::new());
    /// one.clean_into(doc, &mut a);
    /// many.clean_into(doc, &mut b);
    /// assert_eq!(a, b"The river rose again.\n");
    /// assert_eq!(a, b);
    /// ```
    pub fn worker_among(&self, workers: usize) -> Worker {
        Worker {
            cleaner: self.clone(),
            scratch: Scratch::for_workers(workers),
            analysis: Analysis::default(),
        }
    }

    /// Cleans one document and returns the clean bytes.
    ///
    /// ```
    /// let out = noisestrip::Cleaner::new().clean(b"Advertisement\r\nKept line.\r\n");
    /// assert_eq!(out, b"Kept line.\r\n");
    /// ```
    pub fn clean(&self, doc: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(doc.len());
        self.worker().clean_into(doc, &mut out);
        out
    }

    /// Cleans a string. Cuts fall on character boundaries, so the result is the clean text.
    pub fn clean_str(&self, doc: &str) -> String {
        let out = self.clean(doc.as_bytes());
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Analyses one document: the decision for every line.
    ///
    /// ```
    /// use noisestrip::{LineAction, Reason};
    /// let cleaner = noisestrip::Cleaner::new();
    /// let analysis = cleaner.analyze(b"Intro line here.\nAdvertisement\n");
    /// let LineAction::Drop(Reason::Rule(id)) = analysis.lines[1].action else { panic!() };
    /// assert_eq!(cleaner.rule_set().rule(id).name, "ads.label");
    /// ```
    pub fn analyze(&self, doc: &[u8]) -> Analysis {
        let mut worker = self.worker();
        worker.analyze(doc);
        worker.analysis
    }

    /// The name `--explain` and stats give a reason: the rule name, or `structure.*`.
    pub fn reason_name(&self, reason: Reason) -> &str {
        match reason {
            Reason::Rule(id) => &self.inner.rules.rule(id).name,
            other => STRUCTURAL_REASONS[other.slot(0)],
        }
    }

    /// How many counters a [`crate::Stats`] needs: one per rule plus the structural reasons.
    pub fn reason_slots(&self) -> usize {
        self.rules().len() + STRUCTURAL_REASONS.len()
    }

    /// The name of a counter slot (see [`Reason::slot`]).
    pub fn slot_name(&self, slot: usize) -> &str {
        let n = self.rules().len();
        if slot < n {
            &self.rules()[slot].name
        } else {
            STRUCTURAL_REASONS[slot - n]
        }
    }
}

/// One thread's cleaning state: a shared [`Cleaner`] plus reusable buffers.
///
/// ```
/// let cleaner = noisestrip::Cleaner::new();
/// let mut worker = cleaner.worker();
/// let mut out = Vec::new();
/// for doc in [&b"Advertisement\nOne.\n"[..], b"Two.\n"] {
///     worker.clean_into(doc, &mut out);
/// }
/// assert_eq!(out, b"One.\nTwo.\n");
/// ```
#[derive(Debug)]
pub struct Worker {
    cleaner: Cleaner,
    scratch: Scratch,
    analysis: Analysis,
}

impl Worker {
    /// The cleaner this worker uses.
    pub fn cleaner(&self) -> &Cleaner {
        &self.cleaner
    }

    /// Analyses a document; the result stays available until the next call.
    pub fn analyze(&mut self, doc: &[u8]) -> &Analysis {
        decide::analyze(
            doc,
            &self.cleaner.inner.rules,
            self.cleaner.inner.model.as_ref(),
            &self.cleaner.inner.options,
            &mut self.scratch,
            &mut self.analysis,
        );
        &self.analysis
    }

    /// The line classifier's view of a document: the features of every non-blank line after
    /// the rules (no classifier), and per line whether a rule removed it whole. This is what
    /// `--dump-features` writes for training the model.
    pub fn line_features(&mut self, doc: &[u8]) -> (&DocumentFeatures, &[bool]) {
        decide::line_features(
            doc,
            &self.cleaner.inner.rules,
            &self.cleaner.inner.options,
            &mut self.scratch,
            &mut self.analysis,
        )
    }

    /// Cleans a document, appending the clean bytes to `out`, and returns its analysis.
    pub fn clean_into(&mut self, doc: &[u8], out: &mut Vec<u8>) -> &Analysis {
        self.analyze(doc);
        write_clean(doc, &self.analysis, out);
        &self.analysis
    }

    /// The analysis of the last document.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }
}

/// Appends the clean form of `doc` described by `analysis` to `out`: kept lines byte for
/// byte with their terminators, cut lines up to the cut plus their terminator. Applies the
/// over-deletion policy.
pub fn write_clean(doc: &[u8], analysis: &Analysis, out: &mut Vec<u8>) {
    if analysis.drops_document() {
        return;
    }
    if analysis.keeps_original() {
        out.extend_from_slice(doc);
        return;
    }
    // Copy runs of consecutive kept lines in one go.
    let mut run_start: Option<usize> = None;
    let mut run_end = 0;
    for decision in &analysis.lines {
        let line = decision.line;
        match decision.action {
            LineAction::Keep => {
                if run_start.is_none() {
                    run_start = Some(line.start);
                }
                run_end = line.next;
            }
            LineAction::Drop(_) => {
                if let Some(start) = run_start.take() {
                    out.extend_from_slice(&doc[start..run_end]);
                }
            }
            LineAction::Cut { at, .. } => {
                if let Some(start) = run_start.take() {
                    out.extend_from_slice(&doc[start..run_end]);
                }
                out.extend_from_slice(&doc[line.start..line.start + at]);
                out.extend_from_slice(&doc[line.end..line.next]);
            }
        }
    }
    if let Some(start) = run_start {
        out.extend_from_slice(&doc[start..run_end]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaner_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Cleaner>();
        let a = Cleaner::new();
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.inner, &b.inner));
    }

    #[test]
    fn disable_names_must_exist() {
        let e = CleanerBuilder::new()
            .disable("no.such.rule")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("no.such.rule"));
        let c = CleanerBuilder::new().disable("ads.*").build().unwrap();
        assert!(c.rules().iter().all(|r| !r.name.starts_with("ads.")));
    }

    #[test]
    fn user_rule_cannot_redefine_builtin() {
        let e = CleanerBuilder::new()
            .add_rules(RuleSource {
                name: "u.rules".into(),
                text: "[ads.label]\naction: drop\n- x\n".into(),
            })
            .build()
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("u.rules:1:"), "{e}");
    }
}
