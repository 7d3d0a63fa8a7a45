//! The search engine: the code-aware [`tokenizer`], the tantivy [`schema`],
//! [`query`] building and ranking (its numbers all in [`knobs`]), and
//! [`snippet`]s.
//!
//! Not for: reading books or the folder format; it sees only search documents.

pub(crate) mod knobs;
pub(crate) mod query;
pub(crate) mod schema;
pub(crate) mod snippet;
pub(crate) mod tokenizer;
