//! Async Atlas's index builder: turns an mdBook into an index folder, and
//! reads it back.
//!
//! ```text
//! book on disk ──build()──▶ index folder ──Index::open()──▶ Index (search, pages, toc, ...)
//! ```
//!
//! Markdown is parsed once, here, at build time: pages are stored as
//! sanitized HTML, so nothing downstream handles markdown. The folder holds
//! `manifest.json` (schema version, content hash, counts, warnings),
//! `book.json.gz` (table of contents, pages, indexes, FAQ, examples, code
//! blocks), `docs.json.gz` and `vocab.json.gz` (what search hits show and
//! suggest from; gzip-compressed JSON) and `tantivy/` (the search index).
//! [`Index`] is the only reader.
//!
//! Reading order for newcomers: [`build()`] (the pipeline), then
//! [`summary`], [`include`], [`render`], [`special`]; for search,
//! [`tokenizer`], then [`query`] and [`snippet`].

pub mod book;
pub mod build;
pub mod check;
pub mod codeblock;
pub mod error;
pub mod examples;
pub mod highlight;
pub mod ids;
pub mod include;
pub mod index;
pub mod links;
pub mod manifest;
pub mod model;
pub mod query;
pub mod render;
pub mod schema;
pub mod sections;
pub mod snippet;
pub mod special;
pub mod summary;
pub mod tokenizer;

pub use build::{BuildOptions, BuildProgress, BuildReport, build};
pub use error::{BuildError, OpenError};
pub use index::{Freshness, Index, freshness};
pub use manifest::{Counts, Manifest, SCHEMA_VERSION};
pub use model::*;
pub use query::{Hit, SearchRequest, SearchResults};
