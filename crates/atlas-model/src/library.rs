//! What the app tells the UI about the open book and about an index being built.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The open book, once its index is usable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BookInfo {
    /// Stable per book folder; remembered settings (last page) are tied to it.
    pub key: String,
    /// The book's title.
    pub title: String,
    /// Shown to the reader only (window title, about); never sent back.
    pub book_dir: String,
    /// The first page in reading order.
    pub first_page: Option<String>,
    /// Problems the build reported (`file:line: message`).
    pub warnings: Vec<String>,
    /// Whether the index had to be (re)built at this opening.
    pub rebuilt: bool,
    /// Why search is by words only (no sentence model, or a damaged one); shown once.
    pub search_notice: Option<String>,
}

/// A step of a running build, for progress bars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BuildProgress {
    /// Steps done.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
    /// What is being done.
    pub message: String,
}
