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

/// The sentence-embedding model (`models/all-minilm-l6-v2`, or
/// `ATLAS_MODEL_DIR`), loaded once per test binary; `None` when it is not
/// there. Under `ATLAS_STRICT=1` a missing or damaged model fails the test.
pub(crate) fn model() -> Option<std::sync::Arc<index_builder::Embedder>> {
    use std::sync::{Arc, OnceLock};
    static MODEL: OnceLock<Result<Arc<index_builder::Embedder>, String>> = OnceLock::new();
    let loaded = MODEL.get_or_init(|| {
        let dir = std::env::var_os("ATLAS_MODEL_DIR").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/all-minilm-l6-v2"),
            PathBuf::from,
        );
        index_builder::Embedder::load(&dir)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    });
    match loaded {
        Ok(m) => Some(m.clone()),
        Err(e) => {
            let strict = std::env::var_os("ATLAS_STRICT").is_some_and(|v| v == "1");
            assert!(
                !strict,
                "{e} (ATLAS_STRICT=1; scripts/fetch-model.sh fetches it)"
            );
            eprintln!("skipped: {e}");
            None
        }
    }
}

/// Copies a folder tree (a book to edit in a test).
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
