//! Shared by the integration tests: finding the shared corpora and building indexes.

// Each test file uses part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use index_builder::{BuildOptions, BuildReport, Index, build};

/// A corpus of `../shared/corpora` (beside the repository), or `None` when it is
/// not there. Under `ATLAS_STRICT=1` (set by `scripts/test.sh`, so in CI) a
/// missing corpus fails the test instead: its absence must never pass silently.
pub(crate) fn corpus(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpora")
        .join(name);
    if dir.join("book.toml").is_file() {
        return Some(dir);
    }
    let strict = std::env::var_os("ATLAS_STRICT").is_some_and(|v| v == "1");
    assert!(
        !strict,
        "the corpus `{name}` is missing at {} (ATLAS_STRICT=1)",
        dir.display()
    );
    eprintln!("skipped: the corpus `{name}` is not at {}", dir.display());
    None
}

/// Builds `book` into `out` and opens the result.
pub(crate) fn build_and_open(book: &Path, out: &Path) -> (BuildReport, Index) {
    let report = build(&BuildOptions::new(book, out), &mut |_| {}).expect("the book builds");
    (report, Index::open(out).expect("the index opens"))
}
