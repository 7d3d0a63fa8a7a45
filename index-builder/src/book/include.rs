//! mdBook's `{{#include}}` family: `{{#include file}}`, `{{#include file:anchor}}`,
//! `{{#include file:START:END}}`, `{{#rustdoc_include ...}}` and
//! `{{#playground file}}`, resolved relative to the chapter.
//!
//! A missing file or anchor never stops the build: it becomes a warning with
//! the chapter's file and line, and a visible note where the text would be.

use std::path::{Path, PathBuf};

use atlas_model::Diagnostic;

use crate::book::files::{BookFiles, MAX_FILE_BYTES, not_utf8};
use crate::error::ReadError;

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

/// How many files one chapter may include, nested ones counted. The largest
/// real chapter (the Rust Book's) has 30; the limit stops a file that
/// includes itself many times, whose copies grow as a power of the depth.
const MAX_INCLUDES: usize = 1000;

/// How many bytes one chapter may read through includes: twice the largest
/// file, so one maximal listing fits, and the chapter's memory stays bounded
/// however its includes multiply.
const MAX_INCLUDED_BYTES: u64 = 2 * MAX_FILE_BYTES;

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
/// shown as `shown` in warnings), reading included files through `files`.
pub(crate) fn expand(files: &BookFiles, text: &str, file: &Path, shown: &str) -> Expanded {
    let mut run = Expansion {
        files,
        out: Expanded::default(),
        includes_left: MAX_INCLUDES,
        bytes_left: MAX_INCLUDED_BYTES,
        warned_depth: false,
        warned_limit: false,
    };
    run.out.text = run.expand_at(text, file, shown, 0);
    run.out
}

/// One chapter's expansion under way: what it found, and what it may still read.
struct Expansion<'f> {
    files: &'f BookFiles,
    out: Expanded,
    includes_left: usize,
    bytes_left: u64,
    /// Each limit warns once per chapter, not once per directive it stops.
    warned_depth: bool,
    warned_limit: bool,
}

impl Expansion<'_> {
    /// The directives of `text` (from `file`, at include depth `depth`)
    /// replaced. Only the chapter's own includes (depth 0) are `placed`.
    fn expand_at(&mut self, text: &str, file: &Path, shown: &str, depth: usize) -> String {
        let dir = file.parent().unwrap_or(Path::new("."));
        let mut result = String::with_capacity(text.len());
        let mut rest = text;
        // Lines are counted as the text goes by, never from the start again,
        // so a chapter of many directives costs linear time.
        let mut line = 1; // of `text`, where `rest` starts
        let mut result_lines = (0, 1); // (bytes of `result` counted, its line there)
        while let Some(start) = rest.find("{{#") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            let directive = &rest[start + 3..start + len];
            line += newlines(&rest[..start]);
            // `\{{#include}}` is the escape mdBook documents: keep it literally.
            if start > 0 && rest.as_bytes()[start - 1] == b'\\' {
                result.push_str(&rest[..start - 1]);
                result.push_str(&rest[start..start + len + 2]);
            } else {
                result.push_str(&rest[..start]);
                let at = At { shown, line };
                let before = self.out.files.len();
                let included = self.run_directive(directive.trim(), dir, &at, depth);
                if depth == 0
                    && let Some(first) = self.out.files.get(before).cloned()
                {
                    result_lines.1 += newlines(&result[result_lines.0..]);
                    result_lines.0 = result.len();
                    self.out.placed.push((first, result_lines.1));
                }
                result.push_str(&included);
            }
            line += newlines(&rest[start..start + len + 2]);
            rest = &rest[start + len + 2..];
        }
        result.push_str(rest);
        result
    }

    fn run_directive(&mut self, directive: &str, dir: &Path, at: &At<'_>, depth: usize) -> String {
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
        let content = match self.read(&path, path_str, at) {
            Ok(c) => c,
            Err(note) => return note,
        };
        self.out.files.push(path.clone());
        let selected = match select(&content, selector, name == "rustdoc_include") {
            Ok(s) => s,
            Err(why) => return self.refuse(at, arg, &why),
        };
        let selected = if path_str.ends_with(".md") {
            self.nested(selected, &path, path_str, at, depth)
        } else {
            selected
        };
        if name == "playground" {
            format!("```rust\n{}\n```", selected.trim_end())
        } else {
            selected.trim_end_matches('\n').to_string()
        }
    }

    /// Reads an included file within the chapter's limits; `Err` is the note
    /// that stands in its place (the warning is recorded).
    fn read(&mut self, path: &Path, path_str: &str, at: &At<'_>) -> Result<String, String> {
        if self.includes_left == 0 {
            return Err(self.over_limit(
                at,
                path_str,
                &format!("more than {MAX_INCLUDES} includes"),
            ));
        }
        self.includes_left -= 1;
        let cap = self.bytes_left.min(MAX_FILE_BYTES);
        let text = match self.files.text_within(path, cap) {
            Ok(text) => text,
            Err(ReadError::TooLarge { .. }) if cap < MAX_FILE_BYTES => {
                let why = format!("includes read more than {} MiB", MAX_INCLUDED_BYTES >> 20);
                return Err(self.over_limit(at, path_str, &why));
            }
            Err(e) => return Err(self.refuse(at, path_str, &e.why())),
        };
        // Decoding may grow the text (U+FFFD is three bytes): it is what is kept.
        self.bytes_left = self.bytes_left.saturating_sub(text.text.len() as u64);
        if let Some(line) = text.bad_line {
            let message = format!("`{path_str}` (line {line}) is {}", not_utf8());
            self.out.warnings.push(at.diagnostic(message));
        }
        Ok(text.text)
    }

    /// Included markdown is expanded in turn, down to [`MAX_DEPTH`]; below,
    /// its directives stay as text, as in mdBook.
    fn nested(
        &mut self,
        text: String,
        path: &Path,
        shown: &str,
        at: &At<'_>,
        depth: usize,
    ) -> String {
        if depth < MAX_DEPTH {
            return self.expand_at(&text, path, shown, depth + 1);
        }
        if text.contains("{{#") && !std::mem::replace(&mut self.warned_depth, true) {
            let message = format!(
                "includes nest deeper than {MAX_DEPTH} levels at `{shown}` (a cyclic include?): \
                 its directives are left as text"
            );
            self.out.warnings.push(at.diagnostic(message));
        }
        text
    }

    /// A directive that could not be resolved: a warning and a visible note.
    fn refuse(&mut self, at: &At<'_>, what: &str, why: &str) -> String {
        self.out
            .warnings
            .push(at.diagnostic(format!("cannot include `{what}`: {why}")));
        missing_note(what, why)
    }

    /// A directive past one of the chapter's limits: the note stands there,
    /// and only the first one warns.
    fn over_limit(&mut self, at: &At<'_>, what: &str, why: &str) -> String {
        if std::mem::replace(&mut self.warned_limit, true) {
            return missing_note(what, why);
        }
        let why = format!("{why} in this chapter; this and later includes are skipped");
        self.refuse(at, what, &why)
    }
}

fn newlines(s: &str) -> usize {
    s.bytes().filter(|b| *b == b'\n').count()
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
        let files = BookFiles::new(dir).unwrap();
        expand(&files, text, &dir.join("src/ch/page.md"), "ch/page.md")
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

    #[test]
    fn cyclic_and_multiplying_includes_stop_and_warn_once() {
        let dir = fixture();
        std::fs::write(
            dir.path().join("src/ch/self.md"),
            "me {{#include self.md}}\n",
        )
        .unwrap();
        let e = run(dir.path(), "{{#include self.md}}");
        assert_eq!(e.text.matches("me ").count(), MAX_DEPTH + 1, "{}", e.text);
        assert_eq!(e.warnings.len(), 1, "{:?}", e.warnings);
        assert!(e.warnings[0].message.contains("nest deeper than 10 levels"));
        // Ten copies of itself a level: 10^10 copies at the depth limit,
        // unless the chapter's include limit stops it.
        let tenfold = "{{#include many.md}}\n".repeat(10);
        std::fs::write(dir.path().join("src/ch/many.md"), &tenfold).unwrap();
        let e = run(dir.path(), "{{#include many.md}}");
        assert_eq!(e.files.len(), MAX_INCLUDES, "{:?}", e.warnings);
        let limit: Vec<_> = e
            .warnings
            .iter()
            .filter(|w| w.message.contains("includes in this chapter"))
            .collect();
        assert_eq!(limit.len(), 1, "{:?}", e.warnings);
        assert_eq!(e.warnings.len(), 2, "{:?}", e.warnings);
    }

    #[test]
    fn line_numbers_count_every_newline_before_the_directive() {
        let dir = fixture();
        let e = run(
            dir.path(),
            "a\n{{#include\nnone1.rs}}\nb\n\\{{#include x}}\n{{#include none2.rs}}\n{{#include ../../examples/a/src/main.rs:body}}",
        );
        let lines: Vec<_> = e.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(2), Some(6)], "{:?}", e.warnings);
        assert_eq!(e.placed.len(), 1);
        // The directive over two lines became one line of note.
        assert_eq!(e.placed[0].1, 6, "{}", e.text);
    }
}
