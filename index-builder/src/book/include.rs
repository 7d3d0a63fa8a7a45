//! mdBook's `{{#include}}` family: `{{#include file}}`, `{{#include file:anchor}}`,
//! `{{#include file:START:END}}`, `{{#rustdoc_include ...}}` and
//! `{{#playground file}}`, resolved relative to the chapter.
//!
//! A missing file or anchor never stops the build: it becomes a warning with
//! the chapter's file and line, and a visible note where the text would be.

use std::path::{Path, PathBuf};

use atlas_model::Diagnostic;

/// Where a directive stands: the chapter as warnings name it, and its line.
struct At<'a> {
    shown: &'a str,
    line: usize,
}

impl At<'_> {
    fn diagnostic(&self, message: String) -> Diagnostic {
        Diagnostic::at(self.shown, self.line, message)
    }
}

/// How deep included markdown may include more markdown (mdBook's limit).
const MAX_DEPTH: usize = 10;

/// A chapter with its directives replaced.
#[derive(Debug, Default)]
pub(crate) struct Expanded {
    /// The markdown after expansion.
    pub text: String,
    /// `file:line: message` for every directive that could not be resolved.
    pub warnings: Vec<Diagnostic>,
    /// Every file that was included.
    pub files: Vec<PathBuf>,
    /// Files included directly by the chapter, with the 1-based line of the
    /// expanded text where their content starts (to find the section).
    pub placed: Vec<(PathBuf, usize)>,
}

/// Expands the directives in `text`, the contents of `file` (whose name is
/// shown as `shown` in warnings).
pub(crate) fn expand(text: &str, file: &Path, shown: &str) -> Expanded {
    let mut out = Expanded::default();
    let mut placed = Vec::new();
    out.text = expand_at(
        text,
        file,
        shown,
        0,
        &mut out.warnings,
        &mut out.files,
        Some(&mut placed),
    );
    out.placed = placed;
    out
}

fn expand_at(
    text: &str,
    file: &Path,
    shown: &str,
    depth: usize,
    warnings: &mut Vec<Diagnostic>,
    files: &mut Vec<PathBuf>,
    mut placed: Option<&mut Vec<(PathBuf, usize)>>,
) -> String {
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    let mut consumed = 0; // bytes of `text` before `rest`, for line numbers
    while let Some(start) = rest.find("{{#") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let directive = &rest[start + 3..start + len];
        let line = text[..consumed + start].matches('\n').count() + 1;
        // `\{{#include}}` is the escape mdBook documents: keep it literally.
        if start > 0 && rest.as_bytes()[start - 1] == b'\\' {
            result.push_str(&rest[..start - 1]);
            result.push_str(&rest[start..start + len + 2]);
        } else {
            result.push_str(&rest[..start]);
            let at = At { shown, line };
            let before = files.len();
            let expanded_line = result.matches('\n').count() + 1;
            result.push_str(&run_directive(
                directive.trim(),
                dir,
                &at,
                depth,
                warnings,
                files,
            ));
            if let (Some(placed), Some(first)) = (placed.as_deref_mut(), files.get(before)) {
                placed.push((first.clone(), expanded_line));
            }
        }
        consumed += start + len + 2;
        rest = &rest[start + len + 2..];
    }
    result.push_str(rest);
    result
}

fn run_directive(
    directive: &str,
    dir: &Path,
    at: &At<'_>,
    depth: usize,
    warnings: &mut Vec<Diagnostic>,
    files: &mut Vec<PathBuf>,
) -> String {
    let (name, arg) = directive
        .split_once(char::is_whitespace)
        .unwrap_or((directive, ""));
    let arg = arg.trim();
    match name {
        "include" | "rustdoc_include" | "playground" => {}
        // Directives that only affect mdBook's HTML output.
        "title" | "template" => return String::new(),
        _ => return format!("{{{{#{directive}}}}}"),
    }
    let (path_str, selector) = split_selector(arg);
    let path = dir.join(path_str);
    let content = match std::fs::read_to_string(&path) {
        Ok(c) => c,
        Err(e) => {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "file not found".to_string()
            } else {
                e.to_string()
            };
            warnings.push(at.diagnostic(format!("cannot include `{path_str}`: {why}")));
            return missing_note(path_str, &why);
        }
    };
    files.push(path.clone());
    let selected = match select(&content, selector, name == "rustdoc_include") {
        Ok(s) => s,
        Err(why) => {
            warnings.push(at.diagnostic(format!("cannot include `{arg}`: {why}")));
            return missing_note(arg, &why);
        }
    };
    let selected = if path_str.ends_with(".md") && depth < MAX_DEPTH {
        expand_at(&selected, &path, path_str, depth + 1, warnings, files, None)
    } else {
        selected
    };
    if name == "playground" {
        format!("```rust\n{}\n```", selected.trim_end())
    } else {
        selected.trim_end_matches('\n').to_string()
    }
}

/// The note that stands where an include failed, visible in a code block too.
fn missing_note(what: &str, why: &str) -> String {
    format!("[Async Atlas: could not include {what}: {why}]")
}

/// Splits `file.rs:anchor` / `file.rs:2:10` into the path and the selector.
fn split_selector(arg: &str) -> (&str, Option<&str>) {
    match arg.split_once(':') {
        Some((p, sel)) => (p.trim(), Some(sel.trim())),
        None => (arg, None),
    }
}

fn select(content: &str, selector: Option<&str>, rustdoc: bool) -> Result<String, String> {
    let lines: Vec<&str> = content.lines().collect();
    let Some(sel) = selector.filter(|s| !s.is_empty()) else {
        return Ok(strip_anchor_lines(&lines).join("\n"));
    };
    let range = parse_range(sel, lines.len());
    let (from, to) = match range {
        Some(r) => r,
        None => anchor_range(&lines, sel).ok_or_else(|| format!("anchor `{sel}` not found"))?,
    };
    if from > to || from > lines.len() {
        return Err(format!(
            "line range `{sel}` is outside the file ({} lines)",
            lines.len()
        ));
    }
    if rustdoc {
        // rustdoc_include keeps the whole file runnable: lines outside the
        // selection are hidden (`# `), not dropped.
        let out: Vec<String> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !is_anchor_line(l))
            .map(|(i, l)| {
                if i >= from && i < to {
                    l.to_string()
                } else {
                    format!("# {l}")
                }
            })
            .collect();
        return Ok(out.join("\n"));
    }
    Ok(dedent(&strip_anchor_lines(&lines[from..to])).join("\n"))
}

/// `2:10`, `2:`, `:10`, `2` as a half-open 0-based range, or `None` for an anchor name.
fn parse_range(sel: &str, n: usize) -> Option<(usize, usize)> {
    let num = |s: &str| -> Option<Option<usize>> {
        if s.is_empty() {
            Some(None)
        } else {
            s.parse::<usize>().ok().map(Some)
        }
    };
    match sel.split_once(':') {
        Some((a, b)) => {
            let (a, b) = (num(a.trim())?, num(b.trim())?);
            let from = a.unwrap_or(1).saturating_sub(1);
            let to = b.unwrap_or(n).min(n);
            Some((from, to))
        }
        None => {
            let a = sel.parse::<usize>().ok()?;
            Some((a.saturating_sub(1), a.min(n)))
        }
    }
}

fn is_anchor_line(line: &str) -> bool {
    line.contains("ANCHOR:") || line.contains("ANCHOR_END:")
}

fn anchor_range(lines: &[&str], name: &str) -> Option<(usize, usize)> {
    let is_marker = |line: &str, marker: &str| {
        line.find(marker).is_some_and(|i| {
            let rest = line[i + marker.len()..].trim_start();
            rest.strip_prefix(name).is_some_and(|r| {
                r.is_empty()
                    || !r.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
            })
        })
    };
    let start = lines.iter().position(|l| is_marker(l, "ANCHOR:"))?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| is_marker(l, "ANCHOR_END:"))
        .map(|e| start + 1 + e)
        .unwrap_or(lines.len());
    Some((start + 1, end))
}

fn strip_anchor_lines<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines
        .iter()
        .copied()
        .filter(|l| !is_anchor_line(l))
        .collect()
}

/// Removes the indentation all non-blank lines share, so an anchored piece
/// from inside a function reads as if it stood alone.
fn dedent<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.len() >= common {
                &l[common..]
            } else {
                l.trim_start()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src/ch")).unwrap();
        std::fs::create_dir_all(dir.path().join("examples/a/src")).unwrap();
        std::fs::write(
            dir.path().join("examples/a/src/main.rs"),
            "use std::fmt;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: body\n    println!(\"hi\");\n    // ANCHOR_END: body\n}\n// ANCHOR_END: main\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("src/ch/part.md"),
            "Included **markdown** with {{#include ../../examples/a/src/main.rs:body}}\n",
        )
        .unwrap();
        dir
    }

    fn run(dir: &Path, text: &str) -> Expanded {
        expand(text, &dir.join("src/ch/page.md"), "ch/page.md")
    }

    #[test]
    fn whole_file_anchor_and_ranges() {
        let dir = fixture();
        let d = dir.path();
        let e = run(d, "{{#include ../../examples/a/src/main.rs}}");
        assert!(!e.text.contains("ANCHOR"), "{}", e.text);
        assert!(
            e.text.starts_with("use std::fmt;\nfn main() {"),
            "{}",
            e.text
        );
        assert_eq!(
            run(d, "{{#include ../../examples/a/src/main.rs:body}}").text,
            "println!(\"hi\");"
        );
        assert_eq!(
            run(d, "{{#include ../../examples/a/src/main.rs:main}}").text,
            "fn main() {\n    println!(\"hi\");\n}"
        );
        assert_eq!(
            run(d, "{{#include ../../examples/a/src/main.rs:1:1}}").text,
            "use std::fmt;"
        );
        assert_eq!(
            run(d, "{{#include ../../examples/a/src/main.rs:1}}").text,
            "use std::fmt;"
        );
        assert_eq!(
            run(d, "{{#include ../../examples/a/src/main.rs::1}}").text,
            "use std::fmt;"
        );
        assert!(
            run(d, "{{#include ../../examples/a/src/main.rs:8:}}")
                .text
                .is_empty()
        );
        assert_eq!(
            run(d, "a {{#include part.md}} b").text,
            "a Included **markdown** with println!(\"hi\"); b"
        );
        assert!(
            run(d, "{{#include ../../examples/a/src/main.rs}}")
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn rustdoc_include_hides_the_rest() {
        let dir = fixture();
        let e = run(
            dir.path(),
            "{{#rustdoc_include ../../examples/a/src/main.rs:body}}",
        );
        assert_eq!(
            e.text,
            "# use std::fmt;\n# fn main() {\n    println!(\"hi\");\n# }"
        );
    }

    #[test]
    fn missing_file_and_anchor_warn_with_file_and_line() {
        let dir = fixture();
        let e = run(
            dir.path(),
            "# T\n\n```rust\n{{#include ../../examples/none/src/lib.rs:x}}\n```\n{{#include ../../examples/a/src/main.rs:nope}}",
        );
        assert_eq!(e.warnings.len(), 2, "{:?}", e.warnings);
        assert_eq!(
            e.warnings[0],
            Diagnostic::at(
                "ch/page.md",
                4,
                "cannot include `../../examples/none/src/lib.rs`: file not found"
            )
        );
        let second = e.warnings[1].to_string();
        assert!(
            second.starts_with("ch/page.md:6: cannot include")
                && second.contains("anchor `nope` not found"),
            "{second}"
        );
        assert!(e.text.contains(
            "[Async Atlas: could not include ../../examples/none/src/lib.rs: file not found]"
        ));
    }

    #[test]
    fn escapes_and_other_directives() {
        let dir = fixture();
        assert_eq!(
            run(dir.path(), r"\{{#include x.rs}}").text,
            "{{#include x.rs}}"
        );
        assert_eq!(run(dir.path(), "{{#title My}}x").text, "x");
        assert_eq!(run(dir.path(), "{{#unknown y}}").text, "{{#unknown y}}");
        assert!(run(dir.path(), "{{#include").text.contains("{{#include"));
    }
}
