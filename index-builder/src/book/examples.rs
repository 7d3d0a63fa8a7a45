//! The examples folder: every cargo package in it, with the one-line
//! description the app lists and the files the runner may build.

use atlas_model::{Diagnostic, Example, SourceFile};
use std::path::Path;

use crate::book::files::BookFiles;
use crate::book::render::highlight;
use crate::error::ReadError;

/// A source file larger than this is listed but not shown: examples are short
/// programs, and a huge file would bloat the index and the page.
const MAX_SHOWN_BYTES: u64 = 256 * 1024;

/// Finds the example packages directly under `dir` (a cargo workspace or a
/// plain folder of packages), reading them through `files`. A missing folder
/// means no examples.
pub(crate) fn discover(files: &BookFiles, dir: &Path) -> (Vec<Example>, Vec<Diagnostic>) {
    let mut examples = Vec::new();
    let mut warnings = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (examples, warnings);
    };
    let mut dirs: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for pkg in dirs {
        let name = pkg
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "target" || name.starts_with('.') {
            continue;
        }
        let manifest = pkg.join("Cargo.toml");
        let text = match files.text(&manifest) {
            Ok(text) => text.text,
            Err(ReadError::NotFound { .. }) => continue, // not a package
            Err(e) => {
                warnings.push(Diagnostic::in_file(&manifest, e.why()));
                continue;
            }
        };
        match read_package(files, &pkg, &name, &text) {
            Ok(Some(ex)) => examples.push(ex),
            Ok(None) => {}
            Err(e) => warnings.push(Diagnostic::in_file(&manifest, e)),
        }
    }
    examples.sort_by(|a, b| a.id.cmp(&b.id));
    (examples, warnings)
}

fn read_package(
    files: &BookFiles,
    pkg: &Path,
    dir_name: &str,
    manifest: &str,
) -> Result<Option<Example>, String> {
    let value: toml::Table = toml::from_str(manifest).map_err(|e| e.message().to_string())?;
    let Some(package) = value.get("package").and_then(|p| p.as_table()) else {
        return Ok(None); // a nested workspace, not a package
    };
    let id = package
        .get("name")
        .and_then(|n| n.as_str())
        .ok_or("[package] has no `name`")?
        .to_string();
    let mut paths = vec!["Cargo.toml".to_string()];
    collect_rs(pkg, pkg, &mut paths);
    let shown = paths
        .into_iter()
        .map(|p| source_file(files, pkg, p))
        .collect();
    let has_bin = files.is_file(&pkg.join("src/main.rs"))
        || value.get("bin").is_some()
        || pkg.join("src/bin").is_dir();
    let doc_source = ["src/main.rs", "src/lib.rs"]
        .iter()
        .find_map(|f| files.text(&pkg.join(f)).ok())
        .map(|t| t.text)
        .unwrap_or_default();
    let description = package
        .get("description")
        .and_then(|d| d.as_str())
        .map(str::to_string)
        .or_else(|| first_doc_line(&doc_source))
        .unwrap_or_default();
    Ok(Some(Example {
        id,
        description,
        dir: dir_name.to_string(),
        files: shown,
        has_bin,
        used_by: Vec::new(),
    }))
}

/// A file of the package with its code highlighted for the example's page.
fn source_file(files: &BookFiles, pkg: &Path, path: String) -> SourceFile {
    let lang = if path.ends_with(".toml") {
        "toml"
    } else {
        "rust"
    };
    match files.text_within(&pkg.join(&path), MAX_SHOWN_BYTES) {
        Ok(code) => SourceFile {
            html: highlight::highlight(&code.text, lang),
            path,
            note: String::new(),
        },
        Err(e) => SourceFile {
            path,
            html: String::new(),
            note: not_shown(&e),
        },
    }
}

/// The note an example's page shows for a file it cannot show.
fn not_shown(e: &ReadError) -> String {
    match e {
        ReadError::TooLarge { len, .. } => format!(
            "Not shown: {} KiB is more than this page shows ({} KiB).",
            len / 1024,
            MAX_SHOWN_BYTES / 1024
        ),
        e => format!("Not shown: {}.", e.why()),
    }
}

/// The first non-empty line of a crate's `//!` doc comment.
pub(crate) fn first_doc_line(source: &str) -> Option<String> {
    source
        .lines()
        .map(str::trim)
        .take_while(|l| l.starts_with("//!") || l.is_empty() || l.starts_with("#!["))
        .filter_map(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

/// The whole `//!` doc comment of a crate as plain text (code marks
/// removed), for search and snippets.
pub(crate) fn doc_comment(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.trim().replace('`', ""))
        .collect::<Vec<_>>()
        .join(" ")
}

fn collect_rs(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // Symlinks are skipped, not followed: they may point out of the book.
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_symlink()))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if p.is_dir() {
            if name != "target" && !name.starts_with('.') {
                collect_rs(root, &p, out);
            }
        } else if name.ends_with(".rs")
            && let Ok(rel) = p.strip_prefix(root)
        {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_descriptions_and_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("Cargo.toml"), "[workspace]\nmembers = [\"*\"]\n").unwrap();
        std::fs::create_dir_all(d.join("bin-one/src")).unwrap();
        std::fs::write(
            d.join("bin-one/Cargo.toml"),
            "[package]\nname = \"bin-one\"\ndescription = \"From Cargo.\"\n",
        )
        .unwrap();
        std::fs::write(
            d.join("bin-one/src/main.rs"),
            "//! From docs.\nfn main() {}\n",
        )
        .unwrap();
        std::fs::create_dir_all(d.join("lib-two/src")).unwrap();
        std::fs::write(
            d.join("lib-two/Cargo.toml"),
            "[package]\nname = \"lib_two\"\n",
        )
        .unwrap();
        std::fs::write(
            d.join("lib-two/src/lib.rs"),
            "#![allow(dead_code)]\n//!\n//! Runs as tests.\n//! More.\npub fn f() {}\n",
        )
        .unwrap();
        std::fs::create_dir_all(d.join("broken")).unwrap();
        std::fs::write(d.join("broken/Cargo.toml"), "[package\n").unwrap();
        std::fs::create_dir_all(d.join("target/debug")).unwrap();
        let files = BookFiles::new(d).unwrap();
        let (ex, warnings) = discover(&files, d);
        assert_eq!(ex.len(), 2);
        assert_eq!(
            (ex[0].id.as_str(), ex[0].description.as_str(), ex[0].has_bin),
            ("bin-one", "From Cargo.", true)
        );
        assert_eq!(
            (ex[1].id.as_str(), ex[1].description.as_str(), ex[1].has_bin),
            ("lib_two", "Runs as tests.", false)
        );
        let paths: Vec<_> = ex[1].files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["Cargo.toml", "src/lib.rs"]);
        let lib = &ex[1].files[1];
        assert!(
            lib.html.contains("hl-kw") && lib.html.contains("Runs as tests."),
            "highlighted code: {}",
            lib.html
        );
        let toml = &ex[1].files[0];
        assert!(toml.html.contains("lib_two") && toml.note.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].file.ends_with("broken/Cargo.toml"),
            "{warnings:?}"
        );
        assert_eq!(discover(&files, &d.join("none")).0.len(), 0);
    }
}
