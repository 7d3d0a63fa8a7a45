//! The one error type the UI sees. It reaches the page as `{ kind, message }`: a stable
//! machine-readable kind and a sentence for the reader, never Rust debug output.

use serde::ser::{Serialize, SerializeStruct, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AppError {
    #[error("The book is still being indexed.")]
    NotReady,
    #[error("There is no page “{0}” in this book.")]
    UnknownPage(String),
    #[error("There is no example “{0}” in this book.")]
    UnknownExample(String),
    #[error("There is no code block “{0}” in this book.")]
    UnknownBlock(String),
    #[error("“{0}” is not an mdBook folder (it has no book.toml).")]
    NotABook(String),
    #[error("The book's index could not be built: {0}")]
    Build(String),
    #[error("The book's index could not be opened: {0}")]
    Open(String),
    #[error("The settings could not be saved: {0}")]
    Settings(String),
    /// A run was refused; `kind` is the runner's own (`already_running`, ...).
    #[error("{message}")]
    Run {
        /// The runner's machine-readable reason.
        kind: &'static str,
        /// The sentence for the reader.
        message: String,
    },
    #[error("Invalid request: {0}")]
    Invalid(String),
}

impl AppError {
    /// The kind the UI may branch on.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            AppError::NotReady => "not_ready",
            AppError::UnknownPage(_) => "unknown_page",
            AppError::UnknownExample(_) => "unknown_example",
            AppError::UnknownBlock(_) => "unknown_block",
            AppError::NotABook(_) => "not_a_book",
            AppError::Build(_) => "build",
            AppError::Open(_) => "open",
            AppError::Settings(_) => "settings",
            AppError::Run { kind, .. } => kind,
            AppError::Invalid(_) => "invalid",
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("AppError", 2)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

impl From<atlas_runner::RunError> for AppError {
    fn from(e: atlas_runner::RunError) -> Self {
        AppError::Run {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_and_message() {
        let json = serde_json::to_value(AppError::UnknownPage("nope.md".into())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "kind": "unknown_page", "message": "There is no page “nope.md” in this book." })
        );
        let json = serde_json::to_value(AppError::NotReady).unwrap();
        assert_eq!(json["kind"], "not_ready");
        let refused = AppError::from(atlas_runner::RunError::AlreadyRunning("hello".into()));
        let json = serde_json::to_value(refused).unwrap();
        assert_eq!(json["kind"], "already_running");
    }
}
