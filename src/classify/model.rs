//! The line model and the document gate: logistic regressions whose weights live in a
//! readable text file (`model/line-model.txt`, written by `tools/quality/train.py`).
//!
//! A feature contributes `w * (x - mean) / std` plus the weight of the quantile bin `x` falls
//! in, so that a feature can act piecewise where a straight line is wrong (a line of 1 word and
//! a line of 40 words are both unlike a menu item of 3). Contributions are kept apart so that
//! `--explain` can name the features that pushed a line out.
//!
//! File format (`#` starts a comment line):
//!
//! ```text
//! version 1
//! threshold 0.15
//! gate_threshold 0.9
//! max_removed_share 0.8
//! line.bias -0.05
//! line.feature lw 1.67 0.98 -0.08 | 0.69 1.09 | -0.40 0.28 0.03
//! gate.bias 1.28
//! gate.feature drop_share 0.05 0.12 -0.93 | |
//! unmarked_gate_threshold 0.9
//! unmarked_gate_max_marker_share 0.05
//! unmarked_gate.bias 0.4
//! unmarked_gate.feature short_share 0.3 0.2 1.1 | |
//! ```
//!
//! The `unmarked_gate` is optional. It judges the documents in which (almost) no line starts
//! with a list marker. A scraper that renders HTML lists as "* item" (as the development
//! pages were) marks its menus, while Common Crawl's WET text renders every list bare, so a
//! gate that leans on markers takes most WET pages for clean text (QUALITY.md sections 17
//! and 18). A gate trained on text rendered without markers decides those documents instead.
//!
//! A `feature` line is `NAME MEAN STD WEIGHT | EDGES... | BIN WEIGHTS...` with one more bin
//! weight than edges (or no edges and no bins).

use crate::error::{Error, ErrorKind};

/// The weights file built into the binary.
pub const BUILTIN_MODEL: &str = include_str!("../../model/line-model.txt");

/// One feature's part of a linear model.
#[derive(Clone, Debug, PartialEq)]
struct Term {
    /// Column of the feature in the input vector.
    column: usize,
    mean: f64,
    /// Never zero (a constant feature is given 1 so that it contributes nothing).
    std: f64,
    weight: f64,
    /// Ascending bin edges; bin `k` holds values with exactly `k` edges `<=` them.
    edges: Vec<f64>,
    /// One weight per bin: `edges.len() + 1` of them, or none.
    bins: Vec<f64>,
}

impl Term {
    fn contribution(&self, x: f64) -> f64 {
        self.weight * (x - self.mean) / self.std + self.bin_weight(x)
    }

    #[inline]
    fn bin_weight(&self, x: f64) -> f64 {
        if self.bins.is_empty() {
            return 0.0;
        }
        // A handful of edges: counting them is cheaper than a binary search's branches.
        let bin = self.edges.iter().filter(|&&e| e <= x).count();
        self.bins[bin]
    }
}

/// A logistic regression over named features, with per-feature bins.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Logistic {
    bias: f64,
    terms: Vec<Term>,
    /// The linear parts folded for scoring: `bias - sum(weight * mean / std)`, and per term
    /// `weight / std`, so that a score is one multiply-add and a bin lookup per feature.
    folded_bias: f64,
    scales: Vec<f64>,
    /// The terms laid out for scoring (see [`PackedTerm`]); empty when some term has more
    /// edges than a packed term holds, and scoring then takes the terms one by one.
    packed: Vec<PackedTerm>,
}

/// The most bin edges a [`PackedTerm`] holds (the trainer makes at most 7).
const PACKED_EDGES: usize = 8;

/// A term as scoring reads it: its column, its folded scale, and its edges padded with NaN
/// (no value is `>=` NaN, not even infinity) to a fixed count, so that finding the bin is a fixed run of comparisons the
/// compiler unrolls instead of a loop over a separate allocation per term.
#[derive(Clone, Debug, PartialEq)]
struct PackedTerm {
    column: usize,
    scale: f64,
    edges: [f64; PACKED_EDGES],
    /// `bins[k]`: the weight of bin `k`; 0 for the bins padding can never select.
    bins: [f64; PACKED_EDGES + 1],
}

impl PackedTerm {
    #[inline]
    fn contribution(&self, x: f64) -> f64 {
        let bin = self
            .edges
            .iter()
            .map(|&e| usize::from(e <= x))
            .sum::<usize>();
        self.scale * x + self.bins[bin]
    }
}

impl Logistic {
    /// The probability for a feature vector (in the column order the model was bound to).
    pub fn probability(&self, x: &[f64]) -> f64 {
        sigmoid(self.score(x))
    }

    /// The log-odds for a feature vector: `probability` is its [`sigmoid`].
    pub fn log_odds(&self, x: &[f64]) -> f64 {
        self.score(x)
    }

    fn score(&self, x: &[f64]) -> f64 {
        let mut z = self.folded_bias;
        if self.packed.len() == self.terms.len() {
            // Four running sums, not one: a single chain of additions waits on each add's
            // latency (86 of them a line, twice a document). The sum differs from the
            // term-by-term order only in the last bits of the score.
            let mut sums = [0.0f64; 4];
            let mut chunks = self.packed.chunks_exact(4);
            for chunk in &mut chunks {
                for (sum, t) in sums.iter_mut().zip(chunk) {
                    *sum += t.contribution(x.get(t.column).copied().unwrap_or(0.0));
                }
            }
            for t in chunks.remainder() {
                sums[0] += t.contribution(x.get(t.column).copied().unwrap_or(0.0));
            }
            return z + ((sums[0] + sums[1]) + (sums[2] + sums[3]));
        }
        for (t, &scale) in self.terms.iter().zip(&self.scales) {
            let v = x.get(t.column).copied().unwrap_or(0.0);
            z += scale * v + t.bin_weight(v);
        }
        z
    }

    /// Folds each term's standardisation into its weight (after parsing).
    fn fold(&mut self) {
        self.scales = self.terms.iter().map(|t| t.weight / t.std).collect();
        self.packed = self
            .terms
            .iter()
            .zip(&self.scales)
            .map_while(|(t, &scale)| {
                if t.edges.len() > PACKED_EDGES {
                    return None;
                }
                let mut edges = [f64::NAN; PACKED_EDGES];
                edges[..t.edges.len()].copy_from_slice(&t.edges);
                let mut bins = [0.0; PACKED_EDGES + 1];
                bins[..t.bins.len()].copy_from_slice(&t.bins);
                Some(PackedTerm {
                    column: t.column,
                    scale,
                    edges,
                    bins,
                })
            })
            .collect();
        if self.packed.len() != self.terms.len() {
            self.packed.clear();
        }
        self.folded_bias = self.bias
            - self
                .terms
                .iter()
                .map(|t| t.weight * t.mean / t.std)
                .sum::<f64>();
    }

    /// The probability and the columns of the `N` most negative contributions (the features
    /// that argued most for removal), most negative first.
    pub fn explain<const N: usize>(&self, x: &[f64]) -> (f64, [Option<usize>; N]) {
        let mut worst = [(f64::INFINITY, None); N];
        let mut z = self.bias;
        for t in &self.terms {
            let c = t.contribution(x.get(t.column).copied().unwrap_or(0.0));
            z += c;
            // Insertion into a tiny sorted array (N is about 3).
            if N > 0 && c < worst[N - 1].0 {
                worst[N - 1] = (c, Some(t.column));
                let mut k = N - 1;
                while k > 0 && worst[k].0 < worst[k - 1].0 {
                    worst.swap(k, k - 1);
                    k -= 1;
                }
            }
        }
        (sigmoid(z), worst.map(|(_, col)| col))
    }
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The classifier's numbers: the line model, the document gate and the thresholds.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Probability that a line is content.
    pub line: Logistic,
    /// Probability that a document is a raw page (not already clean text).
    pub gate: Logistic,
    /// The gate for documents in which (almost) no line starts with a list marker, with its
    /// own thresholds (see the module doc); `None` when the file has none, and `gate` then
    /// judges every document.
    pub unmarked_gate: Option<UnmarkedGate>,
    /// A line is removed when its probability is below this.
    pub threshold: f64,
    /// The classifier runs on a document only when the gate's probability reaches this.
    pub gate_threshold: f64,
    /// The classifier leaves a document alone when it would remove more than this share of
    /// the words the rules keep.
    pub max_removed_share: f64,
    /// Below this gate probability a document is taken for clean text outright: what the
    /// structural stages and the `certainty: low` rules removed from it is restored
    /// (optional key `restore_threshold`; by default the gate threshold: every document the
    /// gate judges clean).
    pub restore_threshold: f64,
}

/// The gate for documents without list markers, and its thresholds (the counterparts of
/// [`Model::gate_threshold`] and [`Model::restore_threshold`]).
#[derive(Clone, Debug, PartialEq)]
pub struct UnmarkedGate {
    /// Probability that a document rendered without list markers is a raw page.
    pub gate: Logistic,
    /// The classifier runs on such a document only when `gate` reaches this.
    pub threshold: f64,
    /// Below this, such a document is taken for clean text outright.
    pub restore_threshold: f64,
    /// The gate judges the documents fewer of whose non-blank lines than this share start
    /// with a list marker (optional key `unmarked_gate_max_marker_share`, by default
    /// [`UNMARKED_MAX_MARKER_SHARE`]): a few numbered steps or dashed lines in WET text do not
    /// make a rendering that marks its lists.
    pub max_marker_share: f64,
}

/// The default of [`UnmarkedGate::max_marker_share`]: one line in twenty. The development
/// pages, whose scraper marks lists, have a marker on 39% of their non-blank lines (median
/// page, as the gate counts markers); the Common Crawl sample on 1.8% of its lines.
pub const UNMARKED_MAX_MARKER_SHARE: f64 = 0.05;

/// Which of a model's gates judged a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateKind {
    /// The main gate (the document has list markers, or the model has one gate only).
    Main,
    /// The gate for documents in which (almost) no line starts with a list marker.
    Unmarked,
}

/// A gate's verdict on one document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GateVerdict {
    /// The gate's probability that the document is a raw page.
    pub probability: f64,
    /// The classifier runs when `probability` reaches this.
    pub threshold: f64,
    /// Below this the document is clean text outright.
    pub restore_threshold: f64,
    /// The gate that judged.
    pub kind: GateKind,
}

impl Model {
    /// The gate's verdict on a document with gate features `x` (in the order the model was
    /// bound to), of whose non-blank lines the share `marker_share` starts with a list marker.
    ///
    /// ```
    /// use noisestrip::classify::model::{GateKind, Model};
    /// let text = "version 1\nthreshold 0.5\ngate_threshold 0.5\nmax_removed_share 0.8\n\
    ///             line.bias 0\ngate.bias 3\nunmarked_gate_threshold 0.6\nunmarked_gate.bias -3\n";
    /// let model = Model::parse(text, "demo.txt", &[], &[]).unwrap();
    /// assert_eq!(model.gate_verdict(&[], 0.3).kind, GateKind::Main);
    /// let bare = model.gate_verdict(&[], 0.0);
    /// assert_eq!((bare.kind, bare.threshold), (GateKind::Unmarked, 0.6));
    /// assert!(bare.probability < 0.5);
    /// ```
    pub fn gate_verdict(&self, x: &[f64], marker_share: f64) -> GateVerdict {
        match &self.unmarked_gate {
            Some(unmarked) if marker_share < unmarked.max_marker_share => GateVerdict {
                probability: unmarked.gate.probability(x),
                threshold: unmarked.threshold,
                restore_threshold: unmarked.restore_threshold,
                kind: GateKind::Unmarked,
            },
            _ => GateVerdict {
                probability: self.gate.probability(x),
                threshold: self.gate_threshold,
                restore_threshold: self.restore_threshold,
                kind: GateKind::Main,
            },
        }
    }

    /// Sets the threshold of every gate (and lowers their restoration thresholds to it when
    /// they are higher): what `--gate-threshold` means to a user.
    pub fn set_gate_threshold(&mut self, threshold: f64) {
        self.gate_threshold = threshold;
        self.restore_threshold = self.restore_threshold.min(threshold);
        if let Some(unmarked) = &mut self.unmarked_gate {
            unmarked.threshold = threshold;
            unmarked.restore_threshold = unmarked.restore_threshold.min(threshold);
        }
    }

    /// Parses a weights file, binding feature names to columns of `line_names` and
    /// `gate_names`. `origin` names the file in errors.
    ///
    /// # Errors
    /// A [`ErrorKind::RuleSyntax`] error naming `origin` and the line for a malformed line or
    /// an unknown feature name; a [`ErrorKind::Config`] error for a missing threshold.
    ///
    /// ```
    /// use noisestrip::classify::model::Model;
    /// let text = "version 1\nthreshold 0.5\ngate_threshold 0.5\nmax_removed_share 0.8\n\
    ///             line.bias 0\nline.feature lw 0 1 2 | 1 | -1 1\ngate.bias 3\n";
    /// let model = Model::parse(text, "demo.txt", &["lw"], &[]).unwrap();
    /// // lw = 2: 2 * 2 (linear) + 1 (second bin) = 5.
    /// assert!((model.line.probability(&[2.0]) - 1.0 / (1.0 + (-5f64).exp())).abs() < 1e-12);
    /// ```
    pub fn parse(
        text: &str,
        origin: &str,
        line_names: &[&str],
        gate_names: &[&str],
    ) -> Result<Model, Error> {
        let mut line = Logistic::default();
        let mut gate = Logistic::default();
        let mut unmarked_gate: Option<Logistic> = None;
        let mut unmarked_threshold = None;
        let mut unmarked_restore = None;
        let mut unmarked_max_marker_share = None;
        let mut threshold = None;
        let mut gate_threshold = None;
        let mut max_removed_share = None;
        let mut restore_threshold = None;
        for (n, raw) in text.lines().enumerate() {
            let at = n + 1;
            let bad = |what: &str| {
                Error::new(ErrorKind::RuleSyntax {
                    file: origin.to_string(),
                    line: at,
                    message: format!("{what}: {raw}"),
                })
            };
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let (key, rest) = content.split_once(' ').unwrap_or((content, ""));
            let number = |s: &str| -> Result<f64, Error> {
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad("expected a number"))
            };
            match key {
                "version" if rest.trim() == "1" => {}
                "version" => return Err(bad("unsupported version")),
                "threshold" => threshold = Some(number(rest)?),
                "gate_threshold" => gate_threshold = Some(number(rest)?),
                "max_removed_share" => max_removed_share = Some(number(rest)?),
                "restore_threshold" => restore_threshold = Some(number(rest)?),
                "unmarked_gate_threshold" => unmarked_threshold = Some(number(rest)?),
                "unmarked_restore_threshold" => unmarked_restore = Some(number(rest)?),
                "unmarked_gate_max_marker_share" => {
                    unmarked_max_marker_share = Some(number(rest)?);
                }
                "line.bias" => line.bias = number(rest)?,
                "gate.bias" => gate.bias = number(rest)?,
                "unmarked_gate.bias" => unmarked_gate.get_or_insert_default().bias = number(rest)?,
                "line.feature" | "gate.feature" | "unmarked_gate.feature" => {
                    let (model, names) = match key {
                        "line.feature" => (&mut line, line_names),
                        "gate.feature" => (&mut gate, gate_names),
                        _ => (unmarked_gate.get_or_insert_default(), gate_names),
                    };
                    let mut parts = rest.split('|');
                    let head: Vec<&str> = parts.next().unwrap_or("").split_whitespace().collect();
                    let [name, mean, std, weight] = head[..] else {
                        return Err(bad("expected NAME MEAN STD WEIGHT"));
                    };
                    let column = names
                        .iter()
                        .position(|&known| known == name)
                        .ok_or_else(|| bad("unknown feature"))?;
                    let list = |s: Option<&str>| -> Result<Vec<f64>, Error> {
                        s.unwrap_or("").split_whitespace().map(number).collect()
                    };
                    let edges = list(parts.next())?;
                    let bins = list(parts.next())?;
                    if !(bins.is_empty() && edges.is_empty() || bins.len() == edges.len() + 1) {
                        return Err(bad("expected one more bin weight than edges"));
                    }
                    if edges.windows(2).any(|w| w[0] > w[1]) {
                        return Err(bad("edges must ascend"));
                    }
                    let std = number(std)?;
                    model.terms.push(Term {
                        column,
                        mean: number(mean)?,
                        std: if std == 0.0 { 1.0 } else { std },
                        weight: number(weight)?,
                        edges,
                        bins,
                    });
                }
                _ => return Err(bad("unknown key")),
            }
        }
        line.fold();
        gate.fold();
        let missing = |what: &str| Error::config(format!("{origin}: missing {what}"));
        let gate_threshold = gate_threshold.ok_or_else(|| missing("gate_threshold"))?;
        let unmarked_gate = match (unmarked_gate, unmarked_threshold) {
            (Some(mut gate), Some(threshold)) => {
                gate.fold();
                Some(UnmarkedGate {
                    gate,
                    threshold,
                    restore_threshold: unmarked_restore.unwrap_or(threshold),
                    max_marker_share: unmarked_max_marker_share
                        .unwrap_or(UNMARKED_MAX_MARKER_SHARE),
                })
            }
            (None, None) if unmarked_restore.is_none() && unmarked_max_marker_share.is_none() => {
                None
            }
            (Some(_), None) => return Err(missing("unmarked_gate_threshold")),
            _ => return Err(missing("unmarked_gate.bias")),
        };
        Ok(Model {
            line,
            gate,
            unmarked_gate,
            threshold: threshold.ok_or_else(|| missing("threshold"))?,
            gate_threshold,
            max_removed_share: max_removed_share.ok_or_else(|| missing("max_removed_share"))?,
            restore_threshold: restore_threshold.unwrap_or(gate_threshold),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The score term by term, as the model file defines it (no packing).
    fn unpacked_score(model: &Logistic, x: &[f64]) -> f64 {
        let mut unpacked = model.clone();
        unpacked.packed.clear();
        unpacked.score(x)
    }

    #[test]
    fn packed_scoring_equals_term_by_term() {
        // One term with no bins, one with 7 edges (the trainer's most), one with a single
        // edge; values on, between, below and above the edges, and the non-finite ones.
        let text = "version 1\nthreshold 0.5\ngate_threshold 0.5\nmax_removed_share 0.8\n\
                    line.bias 0.3\n\
                    line.feature a 0.5 2 1.5 | |\n\
                    line.feature b 1 0.5 -0.7 | 0 1 2 3 4 5 6 | -3 -2 -1 0 1 2 3 4\n\
                    line.feature c 0 1 0.25 | 0.5 | -1 1\n";
        let model = Model::parse(text, "t.txt", &["a", "b", "c"], &[]).unwrap();
        assert_eq!(model.line.packed.len(), 3, "every term packs");
        let values = [
            -1.0,
            0.0,
            0.5,
            0.75,
            3.0,
            6.0,
            6.5,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for &a in &values {
            for &b in &values {
                for &c in &values {
                    let x = [a, b, c];
                    let packed = model.line.score(&x);
                    let plain = unpacked_score(&model.line, &x);
                    // Equal up to the rounding of a different order of additions.
                    let close = packed == plain
                        || (packed - plain).abs() <= 1e-12 * plain.abs().max(1.0)
                        || packed.is_nan() && plain.is_nan();
                    assert!(close, "x = {x:?}: packed {packed} != {plain}");
                }
            }
        }
    }

    #[test]
    fn the_shipped_model_scores_as_term_by_term() {
        use crate::classify::features::{GATE_FEATURES, LINE_FEATURES};
        let model = Model::parse(BUILTIN_MODEL, "model", &LINE_FEATURES, &GATE_FEATURES).unwrap();
        assert_eq!(model.line.packed.len(), model.line.terms.len());
        for step in [0.0, 0.013, 0.5, 1.0, 2.7] {
            let x: Vec<f64> = (0..LINE_FEATURES.len())
                .map(|i| step * (i % 7) as f64)
                .collect();
            let packed = model.line.score(&x);
            let plain = unpacked_score(&model.line, &x);
            assert!(
                (packed - plain).abs() <= 1e-12 * plain.abs().max(1.0),
                "{packed} {plain}"
            );
        }
    }

    /// A model whose main gate always says "raw page" (p = 0.95) and whose gate for unmarked
    /// text reads one feature, `short`.
    const TWO_GATES: &str = "version 1\nthreshold 0.5\ngate_threshold 0.9\nmax_removed_share 0.8\n\
                             line.bias 0\ngate.bias 2.944439\n\
                             unmarked_gate_threshold 0.8\n\
                             unmarked_gate.bias 0\nunmarked_gate.feature short 0 1 1 | |\n";

    #[test]
    fn the_unmarked_gate_judges_documents_with_few_marker_lines() {
        let model = Model::parse(TWO_GATES, "t.txt", &[], &["short"]).unwrap();
        let unmarked = model.unmarked_gate.as_ref().unwrap();
        assert_eq!(unmarked.max_marker_share, UNMARKED_MAX_MARKER_SHARE);
        assert_eq!(unmarked.restore_threshold, 0.8, "defaults to its threshold");
        // (short feature, marker share) -> (gate, probability rounded to 0.01)
        let cases = [
            ((0.0, 0.0), (GateKind::Unmarked, 0.5)),
            ((2.0, 0.0), (GateKind::Unmarked, 0.88)),
            ((-2.0, 0.049), (GateKind::Unmarked, 0.12)),
            ((2.0, 0.05), (GateKind::Main, 0.95)),
            ((-2.0, 0.4), (GateKind::Main, 0.95)),
        ];
        for ((short, share), (kind, p)) in cases {
            let verdict = model.gate_verdict(&[short], share);
            assert_eq!(verdict.kind, kind, "short {short}, marker share {share}");
            assert!((verdict.probability - p).abs() < 0.005, "{verdict:?}");
            let threshold = if kind == GateKind::Main { 0.9 } else { 0.8 };
            assert_eq!(verdict.threshold, threshold);
        }
        // Without the section, the main gate judges every document.
        let one = Model::parse(
            TWO_GATES.split("unmarked_gate_threshold").next().unwrap(),
            "t.txt",
            &[],
            &["short"],
        )
        .unwrap();
        assert_eq!(one.unmarked_gate, None);
        assert_eq!(one.gate_verdict(&[2.0], 0.0).kind, GateKind::Main);
    }

    #[test]
    fn the_unmarked_gate_section_is_complete_or_an_error() {
        let with = |extra: &str| format!("{TWO_GATES}{extra}");
        let custom = Model::parse(
            &with("unmarked_gate_max_marker_share 0.2\nunmarked_restore_threshold 0.3\n"),
            "t.txt",
            &[],
            &["short"],
        )
        .unwrap();
        let unmarked = custom.unmarked_gate.unwrap();
        assert_eq!(
            (unmarked.max_marker_share, unmarked.restore_threshold),
            (0.2, 0.3)
        );
        let head = "version 1\nthreshold 0.5\ngate_threshold 0.9\nmax_removed_share 0.8\n";
        // (text, what the error names)
        let cases = [
            (
                format!("{head}unmarked_gate.bias 1\n"),
                "unmarked_gate_threshold",
            ),
            (
                format!("{head}unmarked_gate_threshold 0.5\n"),
                "unmarked_gate.bias",
            ),
            (
                format!("{head}unmarked_gate_max_marker_share 0.1\n"),
                "unmarked_gate.bias",
            ),
            (
                with("unmarked_gate.feature nope 0 1 1 | |\n"),
                "unknown feature",
            ),
        ];
        for (text, names) in cases {
            let err = Model::parse(&text, "t.txt", &[], &["short"]).unwrap_err();
            assert!(err.to_string().contains(names), "{err} should name {names}");
            assert!(err.to_string().contains("t.txt"), "{err}");
        }
    }

    #[test]
    fn a_gate_threshold_set_by_the_user_applies_to_both_gates() {
        let mut model = Model::parse(TWO_GATES, "t.txt", &[], &["short"]).unwrap();
        model.set_gate_threshold(0.05);
        let unmarked = model.unmarked_gate.as_ref().unwrap();
        assert_eq!(
            (model.gate_threshold, model.restore_threshold),
            (0.05, 0.05)
        );
        assert_eq!(
            (unmarked.threshold, unmarked.restore_threshold),
            (0.05, 0.05)
        );
        model.set_gate_threshold(0.99);
        let unmarked = model.unmarked_gate.as_ref().unwrap();
        assert_eq!(model.gate_threshold, 0.99);
        assert_eq!(unmarked.threshold, 0.99);
        // Restoration stays below the lowest threshold set: raising the bar does not make a
        // document that was clean text beyond doubt any more doubtful.
        assert_eq!(
            (model.restore_threshold, unmarked.restore_threshold),
            (0.05, 0.05)
        );
    }

    #[test]
    fn a_term_with_more_edges_than_a_pack_scores_term_by_term() {
        let edges: Vec<String> = (0..9).map(|e| e.to_string()).collect();
        let bins: Vec<String> = (0..10)
            .map(|b| format!("{}", f64::from(b) / 10.0))
            .collect();
        let text = format!(
            "version 1\nthreshold 0.5\ngate_threshold 0.5\nmax_removed_share 0.8\n\
             line.bias 0\nline.feature a 0 1 1 | {} | {}\n",
            edges.join(" "),
            bins.join(" ")
        );
        let model = Model::parse(&text, "t.txt", &["a"], &[]).unwrap();
        assert!(model.line.packed.is_empty());
        // 8.5: 9 edges are <= it, so bin 9 (weight 0.9), plus 8.5 linear.
        assert_eq!(model.line.score(&[8.5]), 8.5 + 0.9);
    }
}
