//! `index-builder check`: every SUMMARY link, internal link and anchor,
//! include and example of a book, reported as `file:line: message`.

use crate::book::BookConfig;
use crate::error::BuildError;
use crate::include;
use crate::links::{LinkTarget, resolve};
use crate::render::render_page;
use crate::summary;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found by [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file that has it.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Checks the book at `book_dir`. An unreadable book.toml or SUMMARY.md is an
/// error; everything else is a problem in the list.
pub fn check(book_dir: &Path) -> Result<Vec<Problem>, BuildError> {
    let book = BookConfig::load(book_dir)?;
    let summary_path = book.src.join("SUMMARY.md");
    let summary_text =
        std::fs::read_to_string(&summary_path).map_err(|e| BuildError::io(&summary_path, e))?;
    let toc = summary::parse(&summary_text, &summary_path, &book.title)?;
    let mut problems = Vec::new();

    // Pages and the anchors each one has.
    let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
    let mut raw: Vec<(String, String)> = Vec::new();
    for (chapter, _, _) in summary::chapters_in_order(&toc) {
        let Some(path) = &chapter.path else { continue };
        if anchors.contains_key(path) {
            continue;
        }
        let file = book.src.join(path);
        let Ok(text) = std::fs::read_to_string(&file) else {
            let line = line_of(&summary_text, &format!("]({path})"));
            problems.push(Problem {
                file: summary_path.clone(),
                line,
                message: format!("chapter file `{path}` does not exist"),
            });
            continue;
        };
        let expanded = include::expand(&text, &file, path);
        for w in expanded.warnings {
            // include warnings are `page:line: message`
            let (loc, message) = w.split_once(": ").unwrap_or((&w, ""));
            let line = loc
                .rsplit(':')
                .next()
                .and_then(|l| l.parse().ok())
                .unwrap_or(1);
            problems.push(Problem {
                file: file.clone(),
                line,
                message: message.to_string(),
            });
        }
        let rendered = render_page(&expanded.text, path, &chapter.title);
        anchors.insert(
            path.clone(),
            rendered.headings.into_iter().map(|h| h.anchor).collect(),
        );
        raw.push((path.clone(), text));
    }

    for (path, text) in &raw {
        let file = book.src.join(path);
        for (line, url) in links_in(text) {
            match resolve(path, &url) {
                LinkTarget::Internal {
                    path: target,
                    anchor,
                } => match anchors.get(&target) {
                    None if book.src.join(&target).is_file() => problems.push(Problem {
                        file: file.clone(),
                        line,
                        message: format!("link to `{target}`, which is not in SUMMARY.md"),
                    }),
                    None => problems.push(Problem {
                        file: file.clone(),
                        line,
                        message: format!("broken link `{url}`: no page `{target}`"),
                    }),
                    Some(ids) if !anchor.is_empty() && !ids.contains(&anchor) => {
                        problems.push(Problem {
                            file: file.clone(),
                            line,
                            message: format!(
                                "broken link `{url}`: `{target}` has no heading `#{anchor}`"
                            ),
                        })
                    }
                    Some(_) => {}
                },
                LinkTarget::Asset(target) => {
                    if !book.src.join(&target).exists() {
                        problems.push(Problem {
                            file: file.clone(),
                            line,
                            message: format!("broken link `{url}`: no file `{target}`"),
                        });
                    }
                }
                LinkTarget::External(_) | LinkTarget::Other(_) => {}
            }
        }
    }

    let (_, example_warnings) = crate::examples::discover(&book.examples);
    for w in example_warnings {
        problems.push(Problem {
            file: book.examples.clone(),
            line: 1,
            message: w,
        });
    }
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(problems)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// Link targets written in markdown, with their lines, outside code.
pub fn links_in(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(f) = &fence {
            if t.starts_with(f.as_str()) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(t.chars().take_while(|c| *c == '`' || *c == '~').collect());
            continue;
        }
        let line_no = i + 1;
        let code_free = strip_code_spans(line);
        // Reference definitions: `[label]: url`.
        if let Some(rest) = code_free
            .trim_start()
            .strip_prefix('[')
            .filter(|r| !r.starts_with('^'))
        {
            if let Some((_, url)) = rest.split_once("]:") {
                if let Some(u) = url.split_whitespace().next() {
                    out.push((line_no, u.trim_matches(['<', '>']).to_string()));
                }
                continue;
            }
        }
        let mut rest = code_free.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let mut depth = 0;
            let mut end = after.len();
            for (k, c) in after.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 0 => {
                        end = k;
                        break;
                    }
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            let inner = after[..end].trim();
            let url = match inner.strip_prefix('<') {
                Some(bracketed) => bracketed.split('>').next().unwrap_or(""),
                None => inner.split_whitespace().next().unwrap_or(""),
            };
            if !url.is_empty() {
                out.push((line_no, url.to_string()));
            }
            rest = &after[end.min(after.len())..];
        }
    }
    out
}

fn strip_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_outside_code() {
        let text = "See [a](x.md#y) and `[b](no.md)`.\n```\n[c](no.md)\n```\n[ref]: other.md#z\n[^note]: A footnote, not a link.\n[d](<with space.md> \"title\") [e](f(1).md)";
        let links = links_in(text);
        let urls: Vec<&str> = links.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(urls, ["x.md#y", "other.md#z", "with space.md", "f(1).md"]);
        assert_eq!(links[1].0, 5);
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
