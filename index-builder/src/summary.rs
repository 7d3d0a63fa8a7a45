//! `SUMMARY.md` into the table of contents, following mdBook's grammar:
//! an optional `# Title`, prefix chapters (bare links), part titles (`# Part`),
//! numbered chapters (nested lists), separators (`---`), draft chapters
//! (`[Title]()`), and suffix chapters (bare links after the lists).

use crate::error::BuildError;
use crate::model::{Toc, TocChapter, TocItem};
use std::path::Path;

/// Parses the text of `SUMMARY.md`. `file` is only used in error messages.
pub fn parse(text: &str, file: &Path, book_title: &str) -> Result<Toc, BuildError> {
    let err = |line: usize, message: String| BuildError::Summary {
        path: file.to_path_buf(),
        line,
        message,
    };
    let mut items: Vec<TocItem> = Vec::new();
    // Open list items: (indent, chapter); closed into their parent when a
    // line of smaller or equal indent arrives.
    let mut stack: Vec<(usize, TocChapter)> = Vec::new();
    let mut seen_title = false;
    let mut seen_numbered = false;
    let mut in_comment = false;
    // Numbers continue across parts, as in mdBook.
    let mut counters: Vec<u32> = Vec::new();

    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if in_comment {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if let Some(h) = trimmed.strip_prefix('#') {
            close_all(&mut stack, &mut items);
            let title = h.trim_start_matches('#').trim().to_string();
            if !seen_title && !seen_numbered && items.is_empty() {
                seen_title = true; // the summary's own title, not a part
            } else {
                items.push(TocItem::PartTitle { title });
            }
            continue;
        }
        if is_separator(trimmed) {
            close_all(&mut stack, &mut items);
            items.push(TocItem::Separator);
            continue;
        }
        let indent = indent_width(line);
        if let Some(rest) = list_item(trimmed) {
            let (title, path) = parse_link(rest).ok_or_else(|| {
                err(
                    lineno,
                    format!("expected a link like `- [Title](file.md)`, found `{trimmed}`"),
                )
            })?;
            seen_numbered = true;
            while stack.last().is_some_and(|(ind, _)| *ind >= indent) {
                close_one(&mut stack, &mut items);
            }
            let depth = stack.len();
            counters.truncate(depth + 1);
            if counters.len() <= depth {
                counters.resize(depth + 1, 0);
            }
            counters[depth] += 1;
            let number = counters.iter().map(|n| format!("{n}.")).collect::<String>();
            stack.push((
                indent,
                TocChapter {
                    title,
                    path,
                    number: Some(number),
                    children: Vec::new(),
                },
            ));
            continue;
        }
        if let Some((title, path)) = parse_link(trimmed) {
            if indent > 0 && !stack.is_empty() {
                continue; // a continuation line inside a list item
            }
            close_all(&mut stack, &mut items);
            items.push(TocItem::Chapter(TocChapter {
                title,
                path,
                number: None,
                children: Vec::new(),
            }));
            continue;
        }
        if !stack.is_empty() && indent > 0 {
            continue; // prose continuing a list item
        }
        return Err(err(
            lineno,
            format!("expected a chapter link, a part title or `---`, found `{trimmed}`"),
        ));
    }
    close_all(&mut stack, &mut items);
    Ok(Toc {
        title: book_title.to_string(),
        items,
    })
}

fn close_one(stack: &mut Vec<(usize, TocChapter)>, items: &mut Vec<TocItem>) {
    if let Some((_, ch)) = stack.pop() {
        match stack.last_mut() {
            Some((_, parent)) => parent.children.push(ch),
            None => items.push(TocItem::Chapter(ch)),
        }
    }
}

fn close_all(stack: &mut Vec<(usize, TocChapter)>, items: &mut Vec<TocItem>) {
    while !stack.is_empty() {
        close_one(stack, items);
    }
}

fn is_separator(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    s.len() >= 3
        && (s.chars().all(|c| c == '-')
            || s.chars().all(|c| c == '*')
            || s.chars().all(|c| c == '_'))
}

fn indent_width(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

fn list_item(s: &str) -> Option<&str> {
    let mut chars = s.chars();
    let bullet = chars.next()?;
    if !matches!(bullet, '-' | '*' | '+') {
        return None;
    }
    let rest = &s[1..];
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

/// `[Title](path)` at the start of `s`: the plain title and the path (`None`
/// when empty: a draft chapter).
fn parse_link(s: &str) -> Option<(String, Option<String>)> {
    let s = s.strip_prefix('[')?;
    // The title may itself hold brackets (`[Vec<[u8]>]`): match them.
    let mut depth = 1;
    let mut end = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let end = end?;
    let title = plain_title(&s[..end]);
    let rest = s[end + 1..].strip_prefix('(')?;
    let close = rest.find(')')?;
    let target = rest[..close].trim();
    let target = target
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(target);
    let path = if target.is_empty() {
        None
    } else {
        Some(target.replace("%20", " "))
    };
    Some((title, path))
}

/// A chapter title as plain text: markdown emphasis and code marks removed.
fn plain_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c != '`' && c != '*' {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// All chapters with a page, in reading order (depth first).
pub fn chapters_in_order(toc: &Toc) -> Vec<(&TocChapter, Option<&str>, Vec<&str>)> {
    fn walk<'a>(
        ch: &'a TocChapter,
        part: Option<&'a str>,
        ancestors: &mut Vec<&'a str>,
        out: &mut Vec<(&'a TocChapter, Option<&'a str>, Vec<&'a str>)>,
    ) {
        out.push((ch, part, ancestors.clone()));
        ancestors.push(&ch.title);
        for c in &ch.children {
            walk(c, part, ancestors, out);
        }
        ancestors.pop();
    }
    let mut out = Vec::new();
    let mut part = None;
    for item in &toc.items {
        match item {
            TocItem::PartTitle { title } => part = Some(title.as_str()),
            TocItem::Separator => {}
            TocItem::Chapter(ch) => walk(ch, part, &mut Vec::new(), &mut out),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toc(text: &str) -> Toc {
        parse(text, Path::new("SUMMARY.md"), "Book").unwrap()
    }

    fn chapter(item: &TocItem) -> &TocChapter {
        match item {
            TocItem::Chapter(c) => c,
            other => panic!("not a chapter: {other:?}"),
        }
    }

    #[test]
    fn every_form_mdbook_accepts() {
        let t = toc(
            "# Summary\n\n[Intro](intro.md)\n[Preface](<pre face.md>)\n\n---\n\n# Part 1: guide\n\n- [One](one.md)\n  - [One A](one/a.md)\n    - [Deep](one/a/deep.md)\n  - [Draft]()\n- [`Two` **bold**](two.md)\n* [Star](star.md)\n\n# Part 2: reference\n\n- [Three](three.md)\n---\n- [Four](four.md)\n\n<!-- a comment\n- [Hidden](hidden.md)\n-->\n[Suffix](suffix.md)\n",
        );
        let kinds: Vec<String> = t
            .items
            .iter()
            .map(|i| match i {
                TocItem::PartTitle { title } => format!("part:{title}"),
                TocItem::Separator => "sep".into(),
                TocItem::Chapter(c) => {
                    format!("ch:{}:{}", c.title, c.number.clone().unwrap_or_default())
                }
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "ch:Intro:",
                "ch:Preface:",
                "sep",
                "part:Part 1: guide",
                "ch:One:1.",
                "ch:Two bold:2.",
                "ch:Star:3.",
                "part:Part 2: reference",
                "ch:Three:4.",
                "sep",
                "ch:Four:5.",
                "ch:Suffix:"
            ]
        );
        assert_eq!(chapter(&t.items[1]).path.as_deref(), Some("pre face.md"));
        let one = chapter(&t.items[4]);
        assert_eq!(one.children.len(), 2);
        assert_eq!(one.children[0].number.as_deref(), Some("1.1."));
        assert_eq!(
            one.children[0].children[0].number.as_deref(),
            Some("1.1.1.")
        );
        assert_eq!(one.children[1].path, None, "draft chapters have no page");
        let order: Vec<&str> = chapters_in_order(&t)
            .iter()
            .map(|(c, _, _)| c.title.as_str())
            .collect();
        assert_eq!(
            order[..6],
            ["Intro", "Preface", "One", "One A", "Deep", "Draft"]
        );
        let (_, part, anc) = &chapters_in_order(&t)[4];
        assert_eq!(
            (*part, anc.clone()),
            (Some("Part 1: guide"), vec!["One", "One A"])
        );
    }

    #[test]
    fn text_after_a_link_and_brackets_in_titles() {
        let t = toc("- [Cancellation](c.md) (cancellation safety)\n- [Vec<[u8]>](v.md)\n");
        assert_eq!(chapter(&t.items[0]).path.as_deref(), Some("c.md"));
        assert_eq!(chapter(&t.items[1]).title, "Vec<[u8]>");
    }

    #[test]
    fn bad_lines_name_the_line() {
        let e = parse(
            "# S\n\n- [Ok](ok.md)\n- not a link\n",
            Path::new("src/SUMMARY.md"),
            "B",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "src/SUMMARY.md:4: expected a link like `- [Title](file.md)`, found `- not a link`"
        );
        let e = parse("# S\nhello\n", Path::new("S.md"), "B").unwrap_err();
        assert!(e.to_string().starts_with("S.md:2:"), "{e}");
    }

    #[test]
    fn upstream_summary_parses() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/corpora/async-book/src/SUMMARY.md");
        let Ok(text) = std::fs::read_to_string(&p) else {
            eprintln!("skipped: {} not found", p.display());
            return;
        };
        let t = toc(&text);
        let parts: Vec<_> = t
            .items
            .iter()
            .filter(|i| matches!(i, TocItem::PartTitle { .. }))
            .collect();
        assert_eq!(parts.len(), 3);
        let drafts = chapters_in_order(&t)
            .iter()
            .filter(|(c, _, _)| c.path.is_none())
            .count();
        assert!(drafts >= 10, "{drafts}");
    }
}
