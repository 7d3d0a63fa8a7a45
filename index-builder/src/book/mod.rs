//! Reading an mdBook, in pipeline order: [`config`] (`book.toml`), [`summary`]
//! (`SUMMARY.md`), [`include`] (`{{#include}}` and friends), [`render`]
//! (markdown to sanitized HTML), [`sections`] (a page cut at h1–h3),
//! [`nav_pages`] (FAQ, topic index, detailed index) and [`examples`]. Every
//! file of the book is read through [`files`], which keeps reads inside the
//! book and bounded: books are untrusted.
//!
//! Not for: anything about search or the index folder. Everything here follows
//! mdBook 0.5's rules, so a book reads here as `mdbook build` reads it.

pub(crate) mod config;
pub(crate) mod examples;
pub(crate) mod files;
pub(crate) mod include;
pub(crate) mod nav_pages;
pub(crate) mod render;
pub(crate) mod sections;
pub(crate) mod summary;

pub(crate) use config::BookConfig;
