//! The line classifier of the full cleaning mode: what a line and its neighbourhood look like,
//! as numbers a small learned model can weigh.
//!
//! [`features`] computes, for one document, the per-line features and the document-level
//! gate features specified in `tools/quality/FINDINGS.md` (sections 5 and 7), whose executable
//! reference is `tools/quality/features.py`. [`model`] holds the weights that turn them into
//! a probability per line (and a gate per document), and [`dump`] writes them as a table for
//! retraining the model with `tools/quality/train.py`.

pub mod dump;
pub mod features;
pub mod model;
