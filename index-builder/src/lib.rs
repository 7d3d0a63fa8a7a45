//! Async Atlas's library: turns an mdBook into an index folder, and reads it back.
//!
//! ```text
//! book on disk ──build()──▶ index folder ──Index::open()──▶ Index (search, pages, toc, ...)
//!     book/                    store/                          search/
//! ```
//!
//! - [`build()`] reads a book (`book/`: config, SUMMARY, includes, rendering,
//!   navigation pages, examples), indexes it (`search/`) and writes the folder
//!   atomically (`store/`).
//! - [`Index`] is the folder's only reader: pages, TOC, indexes, FAQ,
//!   examples, code blocks, and search.
//! - [`check()`] reports a book's broken links, anchors, includes and examples.
//! - [`eval`] scores ranked answers against graded queries.
//!
//! Markdown is parsed once, here, at build time: pages are stored as sanitized
//! HTML, so nothing downstream handles markdown. The plain data types live in
//! [`atlas_model`], re-exported here as [`model`].

mod book;
mod build;
mod check;
mod error;
pub mod eval;
mod index;
mod search;
mod semantic;
mod store;

pub use atlas_model as model;
pub use build::{BuildOptions, BuildReport, VectorsReport, build};
pub use check::check;
pub use error::{BuildError, OpenError, ReadError};
pub use index::{Freshness, Index, freshness};
pub use semantic::{DIMS, Embedder, MODEL_FILES, ModelError, SearchMode};
pub use store::manifest::{Counts, Manifest, SCHEMA_VERSION, VectorsInfo};
