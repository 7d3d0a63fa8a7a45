//! Semantic search: a second way to find sections, by meaning rather than by
//! words. A small sentence-embedding model ([`Embedder`], all-MiniLM-L6-v2 on
//! the CPU) turns every search document into passage vectors at build time
//! ([`embed_docs`], stored as [`Vectors`]), and the query into one vector at
//! search time; the nearest passages are fused with the lexical ranking by
//! `search::fuse`.
//!
//! The model is optional: without its folder a book builds and searches
//! lexically, and says so once.
//!
//! **Not for:** ranking rules or tokens of the lexical path (`search/`).

mod model;
mod vectors;

use sha2::{Digest, Sha256};

pub use model::{DIMS, Embedder, MODEL_FILES, ModelError};
pub(crate) use vectors::{Key, Vectors};

/// Which ways a search finds its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchMode {
    /// Words only (BM25 and the ranking rules).
    Lexical,
    /// Meaning only (nearest passages).
    Semantic,
    /// Both, fused; words keep priority for code symbols.
    #[default]
    Hybrid,
}

/// The text of one search document as it is embedded: `head` (heading and
/// place) starts every passage, `body` is cut into passages.
pub(crate) struct DocText {
    pub(crate) head: String,
    pub(crate) body: String,
}

impl DocText {
    /// The key a rebuild reuses vectors by.
    pub(crate) fn key(&self) -> Key {
        let mut h = Sha256::new();
        h.update(self.head.as_bytes());
        h.update([0]);
        h.update(self.body.as_bytes());
        h.finalize()[..16].try_into().expect("16 bytes")
    }
}

/// Embeds every document, reusing the passages of `previous` (the index
/// being replaced) whose text is unchanged. `progress(done, total)` counts
/// documents.
pub(crate) fn embed_docs(
    embedder: &Embedder,
    docs: &[DocText],
    previous: Option<&Vectors>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vectors, usize), ModelError> {
    let empty = Vectors::new(embedder.id());
    let previous = previous
        .filter(|p| p.model == embedder.id())
        .unwrap_or(&empty);
    let old = previous.by_key();
    let mut out = Vectors::new(embedder.id());
    let mut reused = 0;
    // Documents are embedded in groups, so that batches are full.
    const GROUP: usize = 64;
    let mut pending: Vec<(usize, Key, String)> = Vec::new();
    for (ord, doc) in docs.iter().enumerate() {
        let key = doc.key();
        if out.reuse(&old, &key, ord) {
            reused += 1;
        } else {
            for p in embedder.passages(&doc.head, &doc.body)? {
                pending.push((ord, key, p));
            }
        }
        if pending.len() >= GROUP || ord + 1 == docs.len() {
            let texts: Vec<&str> = pending.iter().map(|(_, _, t)| t.as_str()).collect();
            for ((doc, key, _), v) in pending.iter().zip(embedder.embed(&texts)?) {
                out.push(*doc, *key, &v);
            }
            pending.clear();
            progress(ord, docs.len());
        }
    }
    Ok((out, reused))
}
