//! The library's error type: an opaque [`Error`] with a [`kind`](Error::kind).
//!
//! Errors come only from building rules and from I/O; cleaning bytes in memory never fails.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A rule file could not be parsed or compiled.
    RuleSyntax {
        /// The rule file's name.
        file: String,
        /// The 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Reading or writing a path failed.
    Io {
        /// The path involved (`-` for stdin/stdout).
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Input could not be understood (a malformed record or stream); the message names the
    /// place.
    Input {
        /// The input's name.
        path: PathBuf,
        /// What is wrong and where.
        message: String,
    },
    /// A setting is out of range or inconsistent.
    Config(String),
}

/// An error from building a [`Cleaner`](crate::Cleaner) or from reading and writing inputs.
#[derive(Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error {
            kind: Box::new(kind),
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config(message.into()))
    }

    /// What kind of error this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// True when the error is a closed output pipe (`noisestrip ... | head`), which a
    /// command-line tool should treat as a quiet end rather than a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(&*self.kind, ErrorKind::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::RuleSyntax {
                file,
                line,
                message,
            } => write!(f, "{file}:{line}: {message}"),
            ErrorKind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ErrorKind::Input { path, message } => write!(f, "{}: {message}", path.display()),
            ErrorKind::Config(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
