//! The index folder, "the only contract" between builder and app: its layout,
//! and the only code that writes or reads its files.
//!
//! ```text
//! manifest.json   what the folder is (schema version, content hash, counts); written last
//! book.json.gz    BookData: TOC, pages, navigation pages, examples, code blocks
//! docs.json.gz    one SearchDoc per search document, in tantivy `ord` order
//! vocab.json.gz   indexed words and their document frequency
//! vectors.bin     passage vectors for semantic search (only with the model; semantic::Vectors)
//! tantivy/        the search index (written by `search::schema`, not here)
//! ```
//!
//! Not for: deciding what goes in the files (that is `build`) or searching them.

pub(crate) mod manifest;
mod swap;

use std::io::{Read, Write};
use std::path::Path;

use atlas_model::{BookData, SearchDoc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{BuildError, OpenError};
use crate::semantic::Vectors;
pub(crate) use manifest::Manifest;
pub(crate) use swap::replace_atomically;

const MANIFEST: &str = "manifest.json";
const BOOK: &str = "book.json.gz";
const DOCS: &str = "docs.json.gz";
const VOCAB: &str = "vocab.json.gz";
const VECTORS: &str = "vectors.bin";
/// The search index's folder inside an index folder.
pub(crate) const TANTIVY: &str = "tantivy";

/// Everything an index folder holds besides the search index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Contents {
    pub(crate) manifest: Manifest,
    pub(crate) book: BookData,
    pub(crate) docs: Vec<SearchDoc>,
    pub(crate) vocab: Vec<(String, u32)>,
    /// Present exactly when the manifest lists them.
    pub(crate) vectors: Option<Vectors>,
}

/// Writes the files of `contents` into `dir`, the manifest last: a folder with
/// a manifest is complete.
pub(crate) fn write(dir: &Path, mut contents: Contents) -> Result<(), BuildError> {
    // Most blocks have no hidden lines: store their text once (`read` fills it back in).
    for b in &mut contents.book.code_blocks {
        if b.display == b.source {
            b.display.clear();
        }
    }
    write_json(&dir.join(DOCS), &contents.docs)?;
    write_json(&dir.join(BOOK), &contents.book)?;
    write_json(&dir.join(VOCAB), &contents.vocab)?;
    if let Some(v) = &contents.vectors {
        let path = dir.join(VECTORS);
        v.write(&path).map_err(|e| BuildError::io(&path, e))?;
    }
    write_json(&dir.join(MANIFEST), &contents.manifest)
}

/// Reads what [`write`] wrote. The manifest's schema version is checked first,
/// so an index of another layout reads as "rebuild", not as damage.
pub(crate) fn read(dir: &Path) -> Result<Contents, OpenError> {
    let manifest = read_manifest(dir)?;
    let mut book: BookData = read_json(dir, BOOK)?;
    for b in &mut book.code_blocks {
        if b.display.is_empty() {
            b.display = b.source.clone();
        }
    }
    let docs: Vec<SearchDoc> = read_json(dir, DOCS)?;
    let vectors = match &manifest.semantic {
        None => None,
        Some(info) => {
            let v = Vectors::read(&dir.join(VECTORS), docs.len())
                .map_err(|e| corrupt(dir, format!("{VECTORS}: {e}")))?;
            if v.model != info.model || v.len() != info.passages {
                return Err(corrupt(
                    dir,
                    format!("{VECTORS} does not match the manifest"),
                ));
            }
            Some(v)
        }
    };
    Ok(Contents {
        manifest,
        book,
        docs,
        vocab: read_json(dir, VOCAB)?,
        vectors,
    })
}

/// The vectors of the index at `dir`, if it has readable ones: a rebuild
/// reuses those whose text did not change. Anything amiss reads as none.
pub(crate) fn previous_vectors(dir: &Path) -> Option<Vectors> {
    let info = read_manifest(dir).ok()?.semantic?;
    let v = Vectors::read(&dir.join(VECTORS), usize::MAX).ok()?;
    (v.model == info.model && v.len() == info.passages).then_some(v)
}

/// The manifest alone, for freshness checks.
pub(crate) fn read_manifest(dir: &Path) -> Result<Manifest, OpenError> {
    let text = match std::fs::read_to_string(dir.join(MANIFEST)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(OpenError::Missing(dir.to_path_buf()));
        }
        Err(e) => return Err(corrupt(dir, e)),
    };
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: u32,
    }
    let v: Version =
        serde_json::from_str(&text).map_err(|e| corrupt(dir, format!("{MANIFEST}: {e}")))?;
    if v.schema_version != manifest::SCHEMA_VERSION {
        return Err(OpenError::SchemaMismatch {
            dir: dir.to_path_buf(),
            found: v.schema_version,
            expected: manifest::SCHEMA_VERSION,
        });
    }
    serde_json::from_str(&text).map_err(|e| corrupt(dir, format!("{MANIFEST}: {e}")))
}

/// An "index is damaged" error for `dir`.
pub(crate) fn corrupt(dir: &Path, reason: impl std::fmt::Display) -> OpenError {
    OpenError::Corrupt {
        dir: dir.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Writes JSON; files named `*.gz` are gzip-compressed (rendered HTML is
/// bulky and compresses about fivefold).
fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<(), BuildError> {
    let io = |e| BuildError::io(path, e);
    let bytes = serde_json::to_vec(value).map_err(|e| io(std::io::Error::other(e)))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes).map_err(io)?;
        gz.finish().map_err(io)?
    } else {
        bytes
    };
    std::fs::write(path, bytes).map_err(io)
}

fn read_json<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<T, OpenError> {
    let bytes = std::fs::read(dir.join(name)).map_err(|e| corrupt(dir, format!("{name}: {e}")))?;
    let bytes = if name.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .map_err(|e| corrupt(dir, format!("{name}: {e}")))?;
        out
    } else {
        bytes
    };
    serde_json::from_slice(&bytes).map_err(|e| corrupt(dir, format!("{name}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_model::{CodeBlock, DocCard, Kind, RunMode};

    fn sample() -> Contents {
        let block = |source: &str, display: &str| CodeBlock {
            id: format!("a.md:{}", source.len()),
            path: "a.md".into(),
            anchor: String::new(),
            lang: "rust".into(),
            flags: vec![],
            source: source.into(),
            display: display.into(),
            run: RunMode::Run,
        };
        Contents {
            manifest: Manifest::for_test("Book"),
            book: BookData {
                code_blocks: vec![
                    block("fn main() {}", "fn main() {}"),
                    block("use x;\nfn main() {}", "fn main() {}"),
                ],
                ..BookData::default()
            },
            docs: vec![SearchDoc {
                card: DocCard {
                    kind: Kind::Chapter,
                    title: "Tasks".into(),
                    breadcrumbs: vec!["Guide".into()],
                    path: "a.md".into(),
                    anchor: "tasks".into(),
                    answer_html: None,
                    example: None,
                    targets: vec![],
                },
                text: "Spawn one.".into(),
            }],
            vocab: vec![("spawn".into(), 1)],
            vectors: None,
        }
    }

    #[test]
    fn read_gives_back_what_write_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let contents = sample();
        write(dir.path(), contents.clone()).unwrap();
        assert_eq!(read(dir.path()).unwrap(), contents);
    }

    #[test]
    fn a_folder_without_manifest_is_missing_and_another_schema_is_not_damage() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read(dir.path()), Err(OpenError::Missing(_))));
        std::fs::write(dir.path().join(MANIFEST), r#"{"schema_version": 999}"#).unwrap();
        assert!(matches!(
            read(dir.path()),
            Err(OpenError::SchemaMismatch { found: 999, .. })
        ));
    }
}
