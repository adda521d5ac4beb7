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
//! ```
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
        for (t, &scale) in self.terms.iter().zip(&self.scales) {
            let v = x.get(t.column).copied().unwrap_or(0.0);
            z += scale * v + t.bin_weight(v);
        }
        z
    }

    /// Folds each term's standardisation into its weight (after parsing).
    fn fold(&mut self) {
        self.scales = self.terms.iter().map(|t| t.weight / t.std).collect();
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

impl Model {
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
                "line.bias" => line.bias = number(rest)?,
                "gate.bias" => gate.bias = number(rest)?,
                "line.feature" | "gate.feature" => {
                    let (model, names) = if key == "line.feature" {
                        (&mut line, line_names)
                    } else {
                        (&mut gate, gate_names)
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
        Ok(Model {
            line,
            gate,
            threshold: threshold.ok_or_else(|| missing("threshold"))?,
            gate_threshold,
            max_removed_share: max_removed_share.ok_or_else(|| missing("max_removed_share"))?,
            restore_threshold: restore_threshold.unwrap_or(gate_threshold),
        })
    }
}
