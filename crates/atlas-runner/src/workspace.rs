//! Where a book's examples are built: never in the book's own folder, which may be
//! read-only (a package's resources, a shared copy).
//!
//! Each examples folder gets a writable copy under the runner's work dir, keyed by
//! its path (`books/KEY/examples`), synced before every build: only changed files are
//! rewritten, because cargo judges freshness by mtime. The cargo target dir is keyed
//! by the examples' manifests instead (`targets/KEY`): two copies of one book (the
//! source tree's and an installed package's) share their built dependencies, and
//! the `prepared` stamp in it says the crates were downloaded and built.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file larger than this is not copied: examples are source code, and a huge
/// file in a book must not fill the cache dir.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The build places of one examples folder.
#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    /// The book's examples folder (read only).
    source: PathBuf,
    /// The writable copy cargo builds.
    copy: PathBuf,
    /// The cargo target dir.
    target: PathBuf,
}

impl Workspace {
    /// The places for `examples_dir` under `work_dir`.
    pub(crate) fn new(work_dir: &Path, examples_dir: &Path) -> Workspace {
        let source = examples_dir
            .canonicalize()
            .unwrap_or_else(|_| examples_dir.to_path_buf());
        let path_key = fnv(source.to_string_lossy().as_bytes());
        let deps_key = fnv(&manifests(&source));
        Workspace {
            copy: work_dir.join(format!("books/{path_key:016x}/examples")),
            target: work_dir.join(format!("targets/{deps_key:016x}")),
            source,
        }
    }

    /// The copy's folder: the cargo workspace the runner builds.
    pub(crate) fn dir(&self) -> &Path {
        &self.copy
    }

    /// The copy's `Cargo.toml`.
    pub(crate) fn manifest(&self) -> PathBuf {
        self.copy.join("Cargo.toml")
    }

    /// The cargo target dir.
    pub(crate) fn target_dir(&self) -> &Path {
        &self.target
    }

    /// Scratch crates of code blocks for this book.
    pub(crate) fn scratch_dir(&self) -> PathBuf {
        self.copy.with_file_name("scratch")
    }

    /// Whether Prepare has succeeded for these manifests.
    pub(crate) fn is_prepared(&self) -> bool {
        self.target.join("prepared").is_file()
    }

    /// Records a successful Prepare.
    pub(crate) fn mark_prepared(&self) -> io::Result<()> {
        fs::create_dir_all(&self.target)?;
        fs::write(
            self.target.join("prepared"),
            b"crates downloaded and built\n",
        )
    }

    /// Makes the copy match the book's folder. Skips `target/`, hidden entries and
    /// symlinks (they may point out of the book); keeps the copy's own `Cargo.lock`
    /// when the book has none (cargo wrote it at Prepare).
    pub(crate) fn sync(&self) -> io::Result<()> {
        // Runs of one book may start together; one sync at a time keeps a run from
        // reading a file another is rewriting.
        static SYNC: Mutex<()> = Mutex::new(());
        let _one = SYNC.lock().unwrap_or_else(|e| e.into_inner());
        fs::create_dir_all(&self.copy)?;
        let mut kept = HashSet::new();
        copy_tree(&self.source, &self.copy, &mut kept)?;
        kept.insert(self.copy.join("Cargo.lock"));
        remove_others(&self.copy, &kept)
    }
}

fn skipped(entry: &fs::DirEntry) -> bool {
    let name = entry.file_name();
    let name = name.to_string_lossy();
    name.starts_with('.') || name == "target" || entry.file_type().is_ok_and(|t| t.is_symlink())
}

fn copy_tree(from: &Path, to: &Path, kept: &mut HashSet<PathBuf>) -> io::Result<()> {
    fs::create_dir_all(to)?;
    kept.insert(to.to_path_buf());
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        if skipped(&entry) {
            continue;
        }
        let dest = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &dest, kept)?;
        } else if kind.is_file() && entry.metadata()?.len() <= MAX_FILE_BYTES {
            let bytes = fs::read(entry.path())?;
            if fs::read(&dest).ok().as_deref() != Some(&bytes[..]) {
                fs::write(&dest, &bytes)?;
            }
            kept.insert(dest);
        }
    }
    Ok(())
}

/// Removes what the book no longer has (a deleted example must not stay a member).
fn remove_others(dir: &Path, kept: &HashSet<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if kept.contains(&path) {
            if entry.file_type()?.is_dir() {
                remove_others(&path, kept)?;
            }
        } else if entry.file_type()?.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// The bytes that decide which crates the examples need: every `Cargo.toml` and the
/// book's `Cargo.lock`, in path order.
fn manifests(dir: &Path) -> Vec<u8> {
    let mut files = Vec::new();
    collect_manifests(dir, dir, 0, &mut files);
    files.sort();
    let mut bytes = Vec::new();
    for (rel, text) in files {
        bytes.extend_from_slice(rel.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(&text);
        bytes.push(0);
    }
    bytes
}

fn collect_manifests(root: &Path, dir: &Path, depth: usize, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name();
        if skipped(&entry) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            // Packages sit one or two levels down; deeper folders are sources.
            if depth < 2 {
                collect_manifests(root, &path, depth + 1, out);
            }
        } else if (name == "Cargo.toml" || name == "Cargo.lock")
            && let Ok(text) = fs::read(&path)
        {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push((rel.to_string_lossy().into_owned(), text));
        }
    }
}

/// FNV-1a: stable across runs and builds, unlike the std hasher.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn the_copy_follows_the_book_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book/examples");
        write(&book.join("Cargo.toml"), "[workspace]\nmembers = [\"a\"]\n");
        write(&book.join("a/Cargo.toml"), "[package]\nname = \"a\"\n");
        write(&book.join("a/src/main.rs"), "fn main() {}\n");
        write(&book.join("target/debug/junk"), "x");
        std::os::unix::fs::symlink("/etc/passwd", book.join("a/src/leak.rs")).unwrap();
        let ws = Workspace::new(&dir.path().join("work"), &book);
        ws.sync().unwrap();
        assert!(ws.dir().join("a/src/main.rs").is_file());
        assert!(!ws.dir().join("target").exists(), "build output not copied");
        assert!(
            !ws.dir().join("a/src/leak.rs").exists(),
            "symlinks not followed"
        );

        // Cargo's lock in the copy stays; a file the book dropped goes.
        write(&ws.dir().join("Cargo.lock"), "# lock\n");
        write(&ws.dir().join("a/src/old.rs"), "");
        let before = fs::metadata(ws.dir().join("a/src/main.rs"))
            .unwrap()
            .modified()
            .unwrap();
        ws.sync().unwrap();
        assert!(ws.dir().join("Cargo.lock").is_file());
        assert!(!ws.dir().join("a/src/old.rs").exists());
        let after = fs::metadata(ws.dir().join("a/src/main.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after, "unchanged files are not rewritten");
        assert!(
            !book.join("Cargo.lock").exists(),
            "nothing written into the book"
        );
    }

    #[test]
    fn copies_of_one_book_share_a_target_dir_and_other_deps_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (dir.path().join("one"), dir.path().join("two"));
        for b in [&one, &two] {
            write(&b.join("Cargo.toml"), "[workspace]\nmembers = [\"a\"]\n");
            write(&b.join("a/Cargo.toml"), "[package]\nname = \"a\"\n");
        }
        let work = dir.path().join("work");
        let (w1, w2) = (Workspace::new(&work, &one), Workspace::new(&work, &two));
        assert_ne!(w1.dir(), w2.dir());
        assert_eq!(w1.target_dir(), w2.target_dir());
        write(
            &two.join("a/Cargo.toml"),
            "[package]\nname = \"a\"\n[dependencies]\ntokio = \"1\"\n",
        );
        assert_ne!(
            Workspace::new(&work, &two).target_dir(),
            w1.target_dir(),
            "other crates, another target dir"
        );
        assert!(!w1.is_prepared());
        w1.mark_prepared().unwrap();
        assert!(w1.is_prepared() && w2.is_prepared());
    }
}
