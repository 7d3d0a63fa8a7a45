//! Reading a book's files, the only way the builder reads one. Books are
//! untrusted: a chapter, an include, `SUMMARY.md`, `book.toml` or an example's
//! source may name any path, so every read here
//!
//! - resolves the path (`..`, absolute paths, symlinks) and refuses anything
//!   outside the book's folders (the folder of `book.toml`, and the configured
//!   examples workspace when it lies elsewhere: see `config::allow_examples`);
//! - refuses anything but a regular file (a FIFO, `/dev/zero`, a folder),
//!   checked before opening and again on the opened file, which is opened
//!   non-blocking so a FIFO swapped in between cannot hang the build;
//! - reads at most a cap, through `Read::take`, so even a file that never
//!   ends stops.
//!
//! Text that is not UTF-8 is decoded lossily (U+FFFD for the bad bytes) and
//! reported, not refused: one stray Latin-1 byte in a listing should not cost
//! the reader the whole listing, and the mark shows where it was.
//!
//! Not for: the index folder, the model, or query files, which are ours.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::ReadError;

/// The most a single file of a book may hold. The largest real chapter or
/// listing in the corpora is a few hundred KiB; 16 MiB is far above any text a
/// reader pages through, yet small enough that a build holding many such
/// files in memory stays well inside a desktop's RAM.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The folders a book's reads may reach, canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BookFiles {
    /// The book folder first, then any examples folder that lies outside it.
    roots: Vec<PathBuf>,
}

/// A file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Text {
    /// The text, with U+FFFD where the file was not UTF-8.
    pub(crate) text: String,
    /// The 1-based line of the first byte that was not UTF-8, if any.
    pub(crate) bad_line: Option<usize>,
}

impl BookFiles {
    /// Reads may reach the book folder `root` (which must exist).
    pub(crate) fn new(root: &Path) -> std::io::Result<BookFiles> {
        Ok(BookFiles {
            roots: vec![std::fs::canonicalize(root)?],
        })
    }

    /// The book folder, canonical.
    pub(crate) fn root(&self) -> &Path {
        &self.roots[0]
    }

    /// Lets reads also reach `dir` (canonical): the examples workspace, when it
    /// lies outside the book.
    pub(crate) fn allow(&mut self, dir: PathBuf) {
        self.roots.push(dir);
    }

    /// `path` resolved, if it is inside the book's folders.
    pub(crate) fn resolve(&self, path: &Path) -> Result<PathBuf, ReadError> {
        let resolved = std::fs::canonicalize(path).map_err(|e| io_error(path, e))?;
        if self.roots.iter().any(|root| resolved.starts_with(root)) {
            Ok(resolved)
        } else {
            Err(ReadError::Outside {
                path: path.to_path_buf(),
                resolved,
            })
        }
    }

    /// Whether `path` is a regular file inside the book (what a read would accept).
    pub(crate) fn is_file(&self, path: &Path) -> bool {
        self.resolve(path)
            .is_ok_and(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()))
    }

    /// The bytes of `path`, at most `cap` of them (more is refused).
    pub(crate) fn bytes(&self, path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
        let resolved = self.resolve(path)?;
        let meta = std::fs::metadata(&resolved).map_err(|e| io_error(path, e))?;
        let refuse_large = |len| ReadError::TooLarge {
            path: path.to_path_buf(),
            len,
            limit: cap,
        };
        if !meta.is_file() {
            return Err(not_regular(path));
        }
        if meta.len() > cap {
            return Err(refuse_large(meta.len()));
        }
        let file = open_nonblocking(&resolved).map_err(|e| io_error(path, e))?;
        // The file may have been swapped since the check above.
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err(not_regular(path));
        }
        read_capped(file, cap)
            .map_err(|e| io_error(path, e))?
            .ok_or_else(|| refuse_large(cap + 1))
    }

    /// The text of `path`, at most [`MAX_FILE_BYTES`].
    pub(crate) fn text(&self, path: &Path) -> Result<Text, ReadError> {
        self.text_within(path, MAX_FILE_BYTES)
    }

    /// The text of `path`, at most `cap` bytes.
    pub(crate) fn text_within(&self, path: &Path, cap: u64) -> Result<Text, ReadError> {
        self.bytes(path, cap).map(decode)
    }
}

/// Reads `from` to its end if that is at most `cap` bytes; `None` if it is
/// longer. Never reads more than `cap + 1` bytes, so an endless stream stops.
fn read_capped(from: impl Read, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    from.take(cap + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

/// Opens for reading without blocking: opening a FIFO blocks until a writer
/// comes, unless `O_NONBLOCK` is set (it changes nothing for regular files).
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    options.open(path)
}

fn decode(bytes: Vec<u8>) -> Text {
    match String::from_utf8(bytes) {
        Ok(text) => Text {
            text,
            bad_line: None,
        },
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
            Text {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                bad_line: Some(line),
            }
        }
    }
}

impl Text {
    /// The warning for text that was not UTF-8, where `file` names it.
    pub(crate) fn warning(&self, file: impl Into<PathBuf>) -> Option<atlas_model::Diagnostic> {
        self.bad_line
            .map(|line| atlas_model::Diagnostic::at(file, line, not_utf8()))
    }
}

/// What a warning says about text that was not UTF-8.
pub(crate) fn not_utf8() -> &'static str {
    "not valid UTF-8: the bad bytes are shown as \u{FFFD}"
}

fn not_regular(path: &Path) -> ReadError {
    ReadError::NotRegular {
        path: path.to_path_buf(),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> ReadError {
    match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ReadError::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_stream_stops_after_the_cap() {
        assert_eq!(read_capped(std::io::repeat(b'a'), 8).unwrap(), None);
        let exact = read_capped(&b"12345678"[..], 8).unwrap();
        assert_eq!(exact.as_deref(), Some(&b"12345678"[..]));
    }

    #[test]
    fn bad_utf8_is_replaced_and_its_line_named() {
        let t = decode(b"ok\nstill ok\ncaf\xe9\n".to_vec());
        assert_eq!(t.text, "ok\nstill ok\ncaf\u{FFFD}\n");
        assert_eq!(t.bad_line, Some(3));
        assert_eq!(decode(b"fine".to_vec()).bad_line, None);
    }

    #[test]
    fn reads_stay_inside_the_book() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        std::fs::create_dir_all(book.join("src")).unwrap();
        std::fs::write(book.join("src/a.md"), "A").unwrap();
        std::fs::write(dir.path().join("secret"), "S").unwrap();
        let files = BookFiles::new(&book).unwrap();
        assert_eq!(files.text(&book.join("src/a.md")).unwrap().text, "A");
        assert_eq!(files.text(&book.join("src/../src/a.md")).unwrap().text, "A");
        let out = files.text(&book.join("src/../../secret")).unwrap_err();
        assert!(matches!(out, ReadError::Outside { .. }), "{out}");
        let folder = files.text(&book.join("src")).unwrap_err();
        assert!(matches!(folder, ReadError::NotRegular { .. }), "{folder}");
        let big = files.text_within(&book.join("src/a.md"), 0).unwrap_err();
        assert_eq!(big.why(), "over the 0 bytes limit");
        assert!(!files.is_file(&dir.path().join("secret")));
        let mut wider = files.clone();
        wider.allow(std::fs::canonicalize(dir.path()).unwrap());
        assert_eq!(wider.text(&dir.path().join("secret")).unwrap().text, "S");
    }
}
