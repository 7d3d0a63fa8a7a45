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
    /// `book.toml` or `SUMMARY.md` was refused: outside the book, not a
    /// regular file, too large, or unreadable.
    #[error(transparent)]
    Read(#[from] ReadError),
}

impl BuildError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        BuildError::Io {
            path: path.into(),
            source,
        }
    }
}

/// A file of a book that was not read: books are untrusted, so a read stays
/// inside the book and is bounded (see `book::files`). Each names the file as
/// the book asked for it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// There is no such file.
    #[error("{path}: file not found")]
    NotFound {
        /// The file as asked for.
        path: PathBuf,
    },
    /// The file resolves (through `..`, an absolute path or a symlink) to a
    /// place outside the book's folders.
    #[error("{path}: outside the book (it resolves to {resolved})")]
    Outside {
        /// The file as asked for.
        path: PathBuf,
        /// Where it resolves to.
        resolved: PathBuf,
    },
    /// A folder, FIFO, socket or device: nothing a book's text can come from.
    #[error("{path}: not a regular file")]
    NotRegular {
        /// The file as asked for.
        path: PathBuf,
    },
    /// The file is larger than the limit of that read.
    #[error("{path}: over the {cap} limit", cap = size(*.limit))]
    TooLarge {
        /// The file as asked for.
        path: PathBuf,
        /// Its size as far as it was read: at least `limit + 1`.
        len: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The OS refused the read.
    #[error("{path}: {source}")]
    Io {
        /// The file as asked for.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

impl ReadError {
    /// Why the file was not read, without its name: for warnings that name
    /// the file their own way (`cannot include `x`: WHY`).
    pub fn why(&self) -> String {
        match self {
            ReadError::NotFound { .. } => "file not found".into(),
            ReadError::Outside { .. } => "outside the book".into(),
            ReadError::NotRegular { .. } => "not a regular file".into(),
            ReadError::TooLarge { limit, .. } => format!("over the {} limit", size(*limit)),
            ReadError::Io { source, .. } => source.to_string(),
        }
    }
}

/// A limit in bytes as a person reads it: `16 MiB`, `256 KiB`.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
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
