//! The library's error types. Every error names the file, and the line or the
//! field, that caused it.

use std::path::PathBuf;

/// Building an index failed as a whole. (Problems in single chapters are
/// warnings in the report, not errors.)
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// `book.toml` is not valid.
    #[error("{path}: {message}")]
    Config {
        /// The `book.toml` file.
        path: PathBuf,
        /// What is wrong, naming the field.
        message: String,
    },
    /// `SUMMARY.md` could not be parsed.
    #[error("{path}:{line}: {message}")]
    Summary {
        /// The `SUMMARY.md` file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The search index could not be written.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The sentence-embedding model failed while embedding the book.
    #[error("semantic vectors: {0}")]
    Model(crate::semantic::ModelError),
}

impl BuildError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        BuildError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Opening an index folder failed.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// There is no index at that folder.
    #[error("no index at {0}: build it with `index-builder build`")]
    Missing(PathBuf),
    /// The index was written by a builder with another schema.
    #[error(
        "the index at {dir} has schema version {found}, this program reads version {expected}: rebuild it"
    )]
    SchemaMismatch {
        /// The index folder.
        dir: PathBuf,
        /// Version found in its manifest.
        found: u32,
        /// Version this library reads.
        expected: u32,
    },
    /// The folder holds something that cannot be read as an index.
    #[error("the index at {dir} is damaged ({reason}): rebuild it")]
    Corrupt {
        /// The index folder.
        dir: PathBuf,
        /// What failed.
        reason: String,
    },
}
