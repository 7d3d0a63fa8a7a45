//! `book.toml`: the book's title and source folder, and the `[output.atlas]`
//! table that says where Async Atlas finds the FAQ, the two indexes, the
//! examples and the book's synonyms.
//!
//! Why `[output.atlas]`: mdBook 0.5 rejects any top-level table but `book`,
//! `build`, `rust`, `output` and `preprocessor`, so a book that is to build
//! with mdBook too keeps our settings where mdBook keeps a renderer's (with
//! `optional = true`, mdBook skips the renderer it does not have). A `[kb]`
//! table, as older books of ours have it, is still read.

use crate::book::files::BookFiles;
use crate::error::{BuildError, ReadError};
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};

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
    /// The only way to read the book's files.
    pub files: BookFiles,
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
    /// everything takes its default. A path in it that leaves the book folder
    /// is an error naming the field.
    pub(crate) fn load(root: &Path) -> Result<BookConfig, BuildError> {
        let mut files = BookFiles::new(root).map_err(|e| BuildError::io(root, e))?;
        let path = root.join("book.toml");
        let parsed = read_toml(&files, &path)?;
        // Errors name the table the book uses; ours by default.
        let table = if parsed.output.atlas.is_none() && parsed.kb.is_some() {
            "[kb]"
        } else {
            "[output.atlas]"
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
        let src = parsed.book.src.unwrap_or_else(|| "src".into());
        let topics = kb.topics.unwrap_or_else(|| "navigation/topics.md".into());
        let index = kb.index.unwrap_or_else(|| "navigation/index.md".into());
        let examples = kb.examples.unwrap_or_else(|| "examples".into());
        let config_error = |message| BuildError::Config {
            path: path.clone(),
            message,
        };
        let mut fields = vec![
            ("[book] src".to_string(), vec![src.as_str()]),
            (
                format!("{table} topics"),
                vec![src.as_str(), topics.as_str()],
            ),
            (format!("{table} index"), vec![src.as_str(), index.as_str()]),
        ];
        fields.extend(
            faq.iter()
                .map(|f| (format!("{table} faq"), vec![src.as_str(), f.as_str()])),
        );
        stays_inside(&fields).map_err(config_error)?;
        if Path::new(&examples).has_root() {
            return Err(config_error(format!(
                "`{table} examples = {examples:?}` is an absolute path: give it relative to the book folder"
            )));
        }
        let examples = root.join(examples);
        allow_examples(&mut files, &examples, &format!("{table} examples"))
            .map_err(config_error)?;
        Ok(BookConfig {
            root: root.to_path_buf(),
            title,
            authors: parsed.book.authors,
            src: root.join(src),
            faq,
            topics,
            index,
            examples,
            synonyms: kb.synonyms,
            dialect: parsed.output.html,
            files,
        })
    }
}

/// `book.toml`, or every default when there is none.
fn read_toml(files: &BookFiles, path: &Path) -> Result<BookToml, BuildError> {
    let text = match files.text(path) {
        Ok(text) => text,
        Err(ReadError::NotFound { .. }) => return Ok(BookToml::default()),
        Err(e) => return Err(e.into()),
    };
    let config_error = |message| BuildError::Config {
        path: path.to_path_buf(),
        message,
    };
    if let Some(line) = text.bad_line {
        // TOML must be UTF-8; a replaced byte would silently change a value.
        return Err(config_error(format!("line {line}: not valid UTF-8")));
    }
    toml::from_str(&text.text).map_err(|e| config_error(describe_toml_error(&text.text, &e)))
}

/// Checks that each field's path, its parts joined (the special pages are
/// relative to `src`), stays inside the book folder. This is by the text: a
/// symlink that leads out is refused when the file is read.
fn stays_inside(fields: &[(String, Vec<&str>)]) -> Result<(), String> {
    for (field, parts) in fields {
        let mut depth = 0usize;
        let inside = parts
            .iter()
            .flat_map(|p| Path::new(p).components())
            .all(|c| {
                match c {
                    Component::Normal(_) => depth += 1,
                    Component::CurDir => {}
                    Component::ParentDir if depth > 0 => depth -= 1,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                        return false;
                    }
                }
                true
            });
        if !inside {
            let value = parts.last().copied().unwrap_or_default();
            return Err(format!(
                "`{field} = {value:?}` leaves the book folder: paths in book.toml must stay inside it"
            ));
        }
    }
    Ok(())
}

/// The configured examples folder may lie outside the book (a repository with
/// `book/` beside `examples/`), given relative to it or through a symlink. It is
/// then readable too, but only if it is an examples workspace (a `Cargo.toml` at
/// its top, which the runner needs anyway), and never if it holds the book itself
/// (that would open everything around it).
fn allow_examples(files: &mut BookFiles, examples: &Path, field: &str) -> Result<(), String> {
    let Ok(dir) = std::fs::canonicalize(examples) else {
        return Ok(()); // no examples
    };
    if dir.starts_with(files.root()) {
        return Ok(());
    }
    if files.root().starts_with(&dir) {
        return Err(format!(
            "`{field}` resolves to {}, a folder that holds the book: the examples folder must be a folder of its own",
            dir.display()
        ));
    }
    if dir.join("Cargo.toml").is_file() {
        files.allow(dir);
    }
    Ok(())
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
