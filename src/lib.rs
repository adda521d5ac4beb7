//! noisestrip removes boilerplate and spam noise from scraped web text and writes clean text,
//! keeping every content line byte for byte.
//!
//! The crate is layered the way ripgrep is: [`rules`] parses human-readable rule files,
//! [`ruleset`] compiles them into a few matching engines, [`segment`] cuts bytes into lines,
//! [`decide`] applies the per-document policy, and [`clean`] is the front door that writes
//! clean bytes. [`explain`] and [`stats`] write the other views of the same [`Analysis`];
//! [`driver`] runs files and streams in parallel with ordered output, which is all the
//! `noisestrip` binary does after parsing its flags.
//!
//! ```
//! let cleaner = noisestrip::Cleaner::new();
//! let page = b"Adblock Detected\nThe council approved the budget on Tuesday.\n5 min read\n";
//! assert_eq!(cleaner.clean(page), b"The council approved the budget on Tuesday.\n");
//! ```

#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

mod automaton;
pub mod classify;
pub mod clean;
pub mod decide;
pub mod driver;
pub mod error;
pub mod explain;
pub mod format;
mod memo;
pub mod normalize;
mod required;
pub mod rules;
pub mod ruleset;
pub mod segment;
mod shared_regex;
pub mod stats;

pub use clean::{Cleaner, CleanerBuilder, Worker, write_clean};

/// The README's code examples, run as doc tests so that they stay true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
pub use decide::{
    Analysis, ClassifierOutcome, LineAction, LineDecision, Mode, Options, OverDeletion, Reason,
};
pub use error::{Error, ErrorKind};
pub use stats::Stats;
