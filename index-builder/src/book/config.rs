//! `book.toml`: the book's title and source folder, and the `[output.atlas]`
//! table that says where Async Atlas finds the FAQ, the two indexes, the
//! examples and the book's synonyms.
//!
//! Why `[output.atlas]`: mdBook 0.5 rejects any top-level table but `book`,
//! `build`, `rust`, `output` and `preprocessor`, so a book that is to build
//! with mdBook too keeps our settings where mdBook keeps a renderer's (with
//! `optional = true`, mdBook skips the renderer it does not have). A `[kb]`
//! table, as older books of ours have it, is still read.

use crate::error::BuildError;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The parts of `book.toml` the builder uses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BookConfig {
    /// The book folder (holding `book.toml`).
    pub root: PathBuf,
    /// `[book] title`, or the folder name.
    pub title: String,
    /// `[book] authors`.
    pub authors: Vec<String>,
    /// The chapter folder, `[book] src` (default `src`), resolved against `root`.
    pub src: PathBuf,
    /// FAQ pages, relative to `src`.
    pub faq: Vec<String>,
    /// Topic index page, relative to `src`.
    pub topics: String,
    /// Detailed index page, relative to `src`.
    pub index: String,
    /// The examples folder, resolved against `root`.
    pub examples: PathBuf,
    /// `[output.atlas] synonyms`: groups of terms the book treats as one.
    pub synonyms: Vec<Vec<String>>,
    /// The markdown extensions `[output.html]` turns on or off.
    pub dialect: Dialect,
}

/// mdBook 0.5's switchable markdown extensions, from `[output.html]`; each is
/// on unless the book turns it off, as in mdBook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub(crate) struct Dialect {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// `Term` / `: definition` lists.
    pub definition_lists: bool,
    /// `> [!NOTE]` blocks.
    pub admonitions: bool,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect {
            smart_punctuation: true,
            definition_lists: true,
            admonitions: true,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct KbTable {
    /// mdBook's own keys of a renderer table, which it reads and we ignore.
    #[serde(default, rename = "optional")]
    _optional: Option<bool>,
    #[serde(default, rename = "command")]
    _command: Option<String>,
    faq: Option<FaqField>,
    topics: Option<String>,
    index: Option<String>,
    examples: Option<String>,
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FaqField {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default)]
struct BookTable {
    title: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    src: Option<String>,
}

#[derive(Deserialize, Default)]
struct BookToml {
    #[serde(default)]
    book: BookTable,
    #[serde(default)]
    output: OutputTables,
    kb: Option<KbTable>,
}

/// `[output.*]`: ours, and the markdown switches of mdBook's own; the rest
/// (other renderers, the html renderer's other keys) is theirs.
#[derive(Deserialize, Default)]
struct OutputTables {
    atlas: Option<KbTable>,
    #[serde(default)]
    html: Dialect,
}

impl BookConfig {
    /// Reads `DIR/book.toml`. A book without one is allowed (mdBook allows it):
    /// everything takes its default.
    pub(crate) fn load(root: &Path) -> Result<BookConfig, BuildError> {
        let path = root.join("book.toml");
        let parsed: BookToml = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| BuildError::Config {
                path: path.clone(),
                message: describe_toml_error(&text, &e),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BookToml::default(),
            Err(e) => return Err(BuildError::io(&path, e)),
        };
        let kb = parsed.output.atlas.or(parsed.kb).unwrap_or_default();
        let title = parsed.book.title.unwrap_or_else(|| {
            root.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Book".into())
        });
        let faq = match kb.faq {
            Some(FaqField::One(p)) => vec![p],
            Some(FaqField::Many(v)) => v,
            None => vec!["navigation/faq.md".into()],
        };
        Ok(BookConfig {
            root: root.to_path_buf(),
            title,
            authors: parsed.book.authors,
            src: root.join(parsed.book.src.unwrap_or_else(|| "src".into())),
            faq,
            topics: kb.topics.unwrap_or_else(|| "navigation/topics.md".into()),
            index: kb.index.unwrap_or_else(|| "navigation/index.md".into()),
            examples: root.join(kb.examples.unwrap_or_else(|| "examples".into())),
            synonyms: kb.synonyms,
            dialect: parsed.output.html,
        })
    }
}

fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {}", e.message())
        }
        None => e.message().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) {
        std::fs::write(dir.join("book.toml"), text).unwrap();
    }

    #[test]
    fn defaults_fit_the_upstream_layout() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "[book]\ntitle = \"T\"\n");
        let c = BookConfig::load(dir.path()).unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.src, dir.path().join("src"));
        assert_eq!(c.topics, "navigation/topics.md");
        assert_eq!(c.index, "navigation/index.md");
        assert_eq!(c.examples, dir.path().join("examples"));
    }

    #[test]
    fn output_atlas_is_read_beside_mdbook_s_own_tables() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "[book]\ntitle = \"T\"\n[output.html]\ngit-repository-url = \"x\"\n\
             [output.atlas]\noptional = true\nfaq = \"q.md\"\nsynonyms = [[\"a\", \"b\"]]\n",
        );
        let c = BookConfig::load(dir.path()).unwrap();
        assert_eq!(c.faq, ["q.md"]);
        assert_eq!(c.synonyms, [["a", "b"]]);
        assert_eq!(c.dialect, Dialect::default());
        write(
            dir.path(),
            "[output.html]\nsmart-punctuation = false\n[output.html.search]\nlimit-results = 3\n",
        );
        let d = BookConfig::load(dir.path()).unwrap().dialect;
        assert!(!d.smart_punctuation && d.definition_lists && d.admonitions);
    }

    #[test]
    fn kb_table_and_errors_name_the_field() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "[book]\nsrc = \"text\"\n[kb]\nfaq = [\"a.md\", \"b.md\"]\nexamples = \"code\"\n\
             synonyms = [[\"abort\", \"cancel\"]]\n",
        );
        let c = BookConfig::load(dir.path()).unwrap();
        assert_eq!(c.faq, ["a.md", "b.md"]);
        assert_eq!(c.src, dir.path().join("text"));
        assert_eq!(c.examples, dir.path().join("code"));
        assert_eq!(c.synonyms, [["abort", "cancel"]]);

        write(dir.path(), "[book]\ntitle = \"x\"\n[kb]\nfaqs = \"a.md\"\n");
        let err = BookConfig::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("book.toml") && err.contains("line 4") && err.contains("faqs"),
            "{err}"
        );
    }
}
