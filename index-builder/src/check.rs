//! `index-builder check`: every SUMMARY link, internal link and anchor,
//! include and example of a book, reported as `file:line: message`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use atlas_model::Diagnostic;
use comrak::nodes::NodeValue;
use comrak::{Arena, parse_document};

use crate::book::config::Dialect;
use crate::book::render::links::{LinkTarget, resolve};
use crate::book::render::{options, render_page};
use crate::book::{BookConfig, examples, include, summary};
use crate::error::{BuildError, ReadError};

/// A chapter as `check` reads it: its file and its text before includes.
struct Chapter {
    path: String,
    text: String,
}

/// Checks the book at `book_dir`. An unreadable book.toml or SUMMARY.md is an
/// error; everything else is a problem in the list, sorted by file and line.
pub fn check(book_dir: &Path) -> Result<Vec<Diagnostic>, BuildError> {
    let book = BookConfig::load(book_dir)?;
    let summary_path = book.src.join("SUMMARY.md");
    let summary_text = book.files.text(&summary_path)?;
    let summary = summary::parse(&summary_text.text, &summary_path, &book.title)?;
    let mut problems: Vec<Diagnostic> = summary_text.warning(&summary_path).into_iter().collect();
    let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
    let mut chapters = Vec::new();
    for (chapter, _, _) in summary::chapters_in_order(&summary.toc) {
        let Some(path) = &chapter.path else { continue };
        if anchors.contains_key(path) {
            continue;
        }
        let file = book.src.join(path);
        let text = match book.files.text(&file) {
            Ok(text) => text,
            Err(e) => {
                let line = summary.line_of(path).unwrap_or(1);
                problems.push(Diagnostic::at(
                    &summary_path,
                    line,
                    unreadable_chapter(path, &e),
                ));
                continue;
            }
        };
        problems.extend(text.warning(&file));
        let text = text.text;
        let expanded = include::expand(&book.files, &text, &file, path);
        // Include problems name the chapter as `src/`-relative; here, the file.
        problems.extend(expanded.warnings.into_iter().map(|w| Diagnostic {
            file: file.clone(),
            ..w
        }));
        let rendered = render_page(&expanded.text, path, &chapter.title, &book.dialect);
        let ids = rendered.headings.into_iter().map(|h| h.anchor).collect();
        anchors.insert(path.clone(), ids);
        chapters.push(Chapter {
            path: path.clone(),
            text,
        });
    }
    for chapter in &chapters {
        problems.extend(broken_links(&book, chapter, &anchors));
    }
    let (_, example_warnings) = examples::discover(&book.files, &book.examples);
    problems.extend(example_warnings);
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(problems)
}

/// The chapter's links (and images) that lead nowhere in the book.
fn broken_links(
    book: &BookConfig,
    chapter: &Chapter,
    anchors: &HashMap<String, HashSet<String>>,
) -> Vec<Diagnostic> {
    let file = book.src.join(&chapter.path);
    let mut out = Vec::new();
    for (line, url) in links_in(&chapter.text) {
        let problem = match resolve(&chapter.path, &url) {
            LinkTarget::Internal {
                path: target,
                anchor,
            } => match anchors.get(&target) {
                None if book.src.join(&target).is_file() => {
                    Some(format!("link to `{target}`, which is not in SUMMARY.md"))
                }
                None => Some(format!("broken link `{url}`: no page `{target}`")),
                Some(ids) if !anchor.is_empty() && !ids.contains(&anchor) => Some(format!(
                    "broken link `{url}`: `{target}` has no heading `#{anchor}`"
                )),
                Some(_) => None,
            },
            LinkTarget::Asset(target) if !book.src.join(&target).exists() => {
                Some(format!("broken link `{url}`: no file `{target}`"))
            }
            LinkTarget::Asset(_) | LinkTarget::External(_) | LinkTarget::Other(_) => None,
        };
        out.extend(problem.map(|message| Diagnostic::at(&file, line, message)));
    }
    out
}

/// Why a chapter that SUMMARY.md lists was not read.
fn unreadable_chapter(path: &str, e: &ReadError) -> String {
    match e {
        ReadError::NotFound { .. } => format!("chapter file `{path}` does not exist"),
        _ => format!("chapter file `{path}` cannot be read: {}", e.why()),
    }
}

/// Link and image targets as mdBook's markdown reads them (inline, reference
/// and autolinks; never inside code), with the line each stands on.
fn links_in(text: &str) -> Vec<(usize, String)> {
    let arena = Arena::new();
    // Links read the same under every dialect.
    let root = parse_document(&arena, text, &options(&Dialect::default()));
    root.descendants()
        .filter_map(|node| {
            let data = node.data();
            let url = match &data.value {
                NodeValue::Link(link) | NodeValue::Image(link) => link.url.clone(),
                _ => return None,
            };
            (!url.is_empty()).then_some((data.sourcepos.start.line, url))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_outside_code() {
        let text = "See [a](x.md#y) and `[b](no.md)` and ``[b2](`no.md`)``.\n```\n[c](no.md)\n```\n\
                    A [reference][ref], split\nover [two\nlines](two.md).\n\n    [indented](no.md)\n\n\
                    [ref]: other.md#z\n[^note]: A footnote, not a link.\n\n\
                    [d](<with space.md> \"title\") [e](f(1).md) ![pic](img/a.png)";
        let links = links_in(text);
        let found: Vec<(usize, &str)> = links.iter().map(|(l, u)| (*l, u.as_str())).collect();
        assert_eq!(
            found,
            [
                (1, "x.md#y"),
                (5, "other.md#z"),
                (6, "two.md"),
                (14, "with space.md"),
                (14, "f(1).md"),
                (14, "img/a.png"),
            ]
        );
    }

    #[test]
    fn reports_broken_links_anchors_includes_and_missing_chapters() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("src")).unwrap();
        std::fs::write(d.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::write(
            d.join("src/SUMMARY.md"),
            "# S\n\n- [A](a.md)\n- [Gone](gone.md)\n- [Draft]()\n",
        )
        .unwrap();
        std::fs::write(d.join("src/a.md"), "# A\n\n## Here\n\n[ok](#here) [bad](#there) [page](gone.md) [orphan](orphan.md)\n\n```rust\n{{#include ../examples/x/src/main.rs}}\n```\n").unwrap();
        std::fs::write(d.join("src/orphan.md"), "# O\n").unwrap();
        let problems: Vec<String> = check(d).unwrap().iter().map(|p| p.to_string()).collect();
        let src = d.join("src");
        let expected = [
            format!(
                "{}:4: chapter file `gone.md` does not exist",
                src.join("SUMMARY.md").display()
            ),
            format!(
                "{}:5: broken link `#there`: `a.md` has no heading `#there`",
                src.join("a.md").display()
            ),
            format!(
                "{}:5: broken link `gone.md`: no page `gone.md`",
                src.join("a.md").display()
            ),
            format!(
                "{}:5: link to `orphan.md`, which is not in SUMMARY.md",
                src.join("a.md").display()
            ),
            format!(
                "{}:8: cannot include `../examples/x/src/main.rs`: file not found",
                src.join("a.md").display()
            ),
        ];
        assert_eq!(problems, expected);
    }
}
