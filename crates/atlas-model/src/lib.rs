//! The plain data types that cross Async Atlas's boundaries, and nothing else:
//!
//! - [`book`]: what an index folder stores and the reader shows (TOC, pages,
//!   navigation pages, examples, code blocks);
//! - [`search`]: search requests, stored search documents and hits;
//! - [`run`]: run requests and the events a run streams;
//! - [`library`] and [`settings`]: what the app reports and remembers;
//! - [`Diagnostic`]: a located problem in a book;
//! - [`Catalog`]: the runner's view of a book.
//!
//! Every type is serde data; the UI's TypeScript types are generated from them
//! (see `tests/contract.rs`), so the two sides cannot drift apart.

pub mod book;
mod catalog;
mod diagnostic;
pub mod library;
pub mod run;
pub mod search;
pub mod settings;

pub use book::*;
pub use catalog::Catalog;
pub use diagnostic::Diagnostic;
pub use library::{BookInfo, BuildProgress, Handover};
pub use run::{ExamplesState, Outcome, Phase, RunEvent, RunId, RunRequest, Stream};
pub use search::{DocCard, Hit, SearchDoc, SearchRequest, SearchResults};
pub use settings::{InvalidSettings, Settings, Theme};
