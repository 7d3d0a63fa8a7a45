//! [`Diagnostic`]: a problem found in a book, located by file and line.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A problem in a book that does not stop a build: a missing include, a broken
/// link, an unreadable example. Shown as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct Diagnostic {
    /// The file: relative to the book's `src/` for chapters (as `include`
    /// reports them), absolute where `check` reports them.
    #[ts(type = "string")]
    pub file: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Diagnostic {
    /// A problem at `file:line`.
    pub fn at(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: Some(line),
            message: message.into(),
        }
    }

    /// A problem with a whole file.
    pub fn in_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}
