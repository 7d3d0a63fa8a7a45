//! What the app ships with, and where it is: the bundled book, its prebuilt
//! index, the sentence model and the runs' guard program.
//!
//! An installed app finds them in Tauri's resource dir (`/usr/lib/async-atlas/`
//! for the .deb and .rpm: `book/`, `index/`, `model/`, `atlas-run-guard`), read in
//! place and never written. A debug build run from the source tree, which has no resource dir of
//! that shape, falls back to the checkout (`content/`, no prebuilt index,
//! `models/`); a release build never does, so a package cannot lean on the
//! machine it was built on.

use std::path::{Path, PathBuf};

/// Where the shipped parts are.
#[derive(Debug, Clone)]
pub(crate) struct Resources {
    /// The bundled book (book.toml, src/, examples/).
    pub book_dir: PathBuf,
    /// Its index, built while packaging; `None` from the source tree.
    pub prebuilt_index: Option<PathBuf>,
    /// The sentence model's folder (it may be missing: search is then lexical).
    pub model_dir: PathBuf,
    /// The program every run starts under (limits; no run outlives the app). From
    /// the source tree, `None`: the runner finds the one cargo built beside the app.
    pub guard: Option<PathBuf>,
}

impl Resources {
    /// Finds the parts from Tauri's resource dir. `ATLAS_MODEL_DIR` overrides the
    /// model's folder (tests use it to run without the model).
    pub(crate) fn locate(resource_dir: Option<&Path>) -> Resources {
        let shipped = resource_dir.filter(|dir| dir.join("book/book.toml").is_file());
        let mut found = match shipped {
            Some(dir) => Resources {
                book_dir: dir.join("book"),
                prebuilt_index: Some(dir.join("index")).filter(|i| i.is_dir()),
                model_dir: dir.join("model"),
                guard: Some(dir.join(atlas_runner::GUARD_PROGRAM)).filter(|g| g.is_file()),
            },
            None => Self::source_tree(),
        };
        if let Some(dir) = std::env::var_os("ATLAS_MODEL_DIR") {
            found.model_dir = PathBuf::from(dir);
        }
        found
    }

    #[cfg(debug_assertions)]
    fn source_tree() -> Resources {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        Resources {
            book_dir: root.join("content"),
            prebuilt_index: None,
            model_dir: root.join("models/all-minilm-l6-v2"),
            guard: None,
        }
    }

    /// A release build without its resources is broken; the window opens and says
    /// so (the book does not open) instead of reading a build machine's paths.
    #[cfg(not(debug_assertions))]
    fn source_tree() -> Resources {
        let missing = PathBuf::from("/nonexistent/async-atlas-resources");
        Resources {
            book_dir: missing.join("book"),
            prebuilt_index: None,
            model_dir: missing.join("model"),
            guard: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_layout_wins_over_the_source_tree() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("book")).unwrap();
        std::fs::write(dir.path().join("book/book.toml"), "[book]\n").unwrap();
        std::fs::create_dir_all(dir.path().join("index")).unwrap();
        let r = Resources::locate(Some(dir.path()));
        assert_eq!(r.book_dir, dir.path().join("book"));
        assert_eq!(r.prebuilt_index, Some(dir.path().join("index")));
        if std::env::var_os("ATLAS_MODEL_DIR").is_none() {
            assert_eq!(r.model_dir, dir.path().join("model"));
        }
        // A resource dir without the book (a plain `cargo run`): the checkout.
        let empty = tempfile::tempdir().unwrap();
        let r = Resources::locate(Some(empty.path()));
        assert!(r.book_dir.ends_with("content"), "{r:?}");
        assert!(r.prebuilt_index.is_none());
    }
}
