//! [`Catalog`]: what the runner needs to know about a book, and nothing more.

use std::path::Path;

use crate::book::{CodeBlock, Example};

/// The runnable things of one book, looked up by the ids the UI sends.
///
/// The index reader implements it; the runner depends on this trait only, so it
/// never compiles the search engine or the markdown pipeline.
pub trait Catalog: Send + Sync {
    /// The example package with this id (its cargo package name).
    fn example(&self, id: &str) -> Option<&Example>;
    /// Every example package, in id order.
    fn examples(&self) -> &[Example];
    /// The code block with this id (`PATH:N`).
    fn code_block(&self, id: &str) -> Option<&CodeBlock>;
    /// The book's examples workspace, if it has one.
    fn examples_dir(&self) -> Option<&Path>;
}
