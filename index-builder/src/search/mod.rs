//! The search engine: the code-aware [`tokenizer`], the tantivy [`schema`],
//! a query's [`plan`] (its words and their alternatives, [`synonyms`] among
//! them), recall and one-slot merging in [`query`], the ordered ranking rules
//! in [`rank`] (every number in [`knobs`]), the fusion with the semantic
//! ranking in [`fuse`], the [`vocab`]ulary for typos and
//! completions, and [`snippet`]s.
//!
//! Not for: reading books or the folder format; it sees only search documents.

pub(crate) mod fuse;
pub(crate) mod knobs;
pub(crate) mod plan;
pub(crate) mod query;
pub(crate) mod rank;
pub(crate) mod schema;
pub(crate) mod snippet;
pub(crate) mod synonyms;
pub(crate) mod tokenizer;
pub(crate) mod vocab;
