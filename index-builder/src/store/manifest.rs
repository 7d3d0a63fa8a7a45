//! `manifest.json`: what an index folder is, so the app can tell whether to
//! trust it or rebuild it.

use crate::book::BookConfig;
use crate::book::files::MAX_FILE_BYTES;
use atlas_model::Diagnostic;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Bumped whenever the folder's layout or the meaning of a field changes; an
/// index of another version is rebuilt, never half-read.
pub const SCHEMA_VERSION: u32 = 8;

/// The manifest of an index folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`SCHEMA_VERSION`] of the builder that wrote it.
    pub schema_version: u32,
    /// The builder's crate version.
    pub builder_version: String,
    /// The book's title.
    pub title: String,
    /// The book folder it was built from (absolute).
    pub book_dir: PathBuf,
    /// The examples folder (absolute), when it exists.
    pub examples_dir: Option<PathBuf>,
    /// Hash of every input file; see [`content_hash`].
    pub content_hash: String,
    /// Seconds since the Unix epoch when it was built.
    pub built_at: u64,
    /// How much of each kind the book holds.
    pub counts: Counts,
    /// Problems found while building.
    pub warnings: Vec<Diagnostic>,
    /// The passage vectors, when the book was built with the model.
    pub semantic: Option<VectorsInfo>,
}

/// What `vectors.bin` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VectorsInfo {
    /// SHA-256 of the model's weights ([`Embedder::id`](crate::Embedder::id)).
    pub model: String,
    /// How many passages.
    pub passages: usize,
}

/// Counts reported after a build and kept in the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Chapters with a page.
    pub pages: usize,
    /// Chapter sections (search documents of kind `chapter`).
    pub sections: usize,
    /// FAQ questions.
    pub faqs: usize,
    /// Topic index entries, nested ones included.
    pub topics: usize,
    /// Detailed index entries, sub-terms included.
    pub index_entries: usize,
    /// Example packages.
    pub examples: usize,
    /// Fenced code blocks.
    pub code_blocks: usize,
    /// Warnings.
    pub warnings: usize,
}

/// A hash of everything a build reads: `book.toml`, the source folder and the
/// examples (build output and hidden folders excepted). Equal hashes mean an
/// index is current.
pub(crate) fn content_hash(book: &BookConfig) -> std::io::Result<String> {
    let mut files = Vec::new();
    let toml = book.root.join("book.toml");
    if toml.is_file() {
        files.push(toml);
    }
    walk(&book.src, &mut files)?;
    if book.examples.is_dir() {
        walk(&book.examples, &mut files)?;
    }
    files.sort();
    files.dedup();
    let mut hasher = Sha256::new();
    hasher.update(SCHEMA_VERSION.to_le_bytes());
    for f in files {
        let rel = f.strip_prefix(&book.root).unwrap_or(&f);
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update([0]);
        match book.files.bytes(&f, MAX_FILE_BYTES) {
            Ok(bytes) => {
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(&bytes);
            }
            // A file the build refuses (a symlink out of the book, a FIFO, one
            // over the cap) is not read for the hash either: its refusal is
            // what the build depends on.
            Err(refused) => {
                hasher.update(u64::MAX.to_le_bytes());
                hasher.update(refused.why().as_bytes());
            }
        }
    }
    Ok(hex(&hasher.finalize()))
}

/// Lowercase hexadecimal, as hashes are written.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" || name == "Cargo.lock" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
impl Manifest {
    /// A manifest with made-up values, for tests of the folder format.
    pub(crate) fn for_test(title: &str) -> Manifest {
        Manifest {
            schema_version: SCHEMA_VERSION,
            builder_version: "0.0.0".into(),
            title: title.into(),
            book_dir: PathBuf::from("/books/b"),
            examples_dir: None,
            content_hash: "00".into(),
            built_at: 0,
            counts: Counts::default(),
            warnings: vec![Diagnostic::at(
                "a.md",
                3,
                "cannot include `x.rs`: file not found",
            )],
            semantic: None,
        }
    }
}
