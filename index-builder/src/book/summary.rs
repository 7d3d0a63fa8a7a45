//! `SUMMARY.md` into the table of contents, following mdBook's grammar:
//! an optional `# Title`, prefix chapters (bare links), part titles (`# Part`),
//! numbered chapters (nested lists), separators (`---`), draft chapters
//! (`[Title]()`), and suffix chapters (bare links after the lists).

use crate::error::BuildError;
use atlas_model::{Toc, TocChapter, TocItem};
use percent_encoding::percent_decode_str;
use std::collections::HashMap;
use std::path::Path;

/// A parsed `SUMMARY.md`: the table of contents, and where each chapter's link
/// stands (warnings about a chapter's file name that line).
#[derive(Debug)]
pub(crate) struct Summary {
    /// The table of contents.
    pub(crate) toc: Toc,
    /// Chapter path → the 1-based line of its first link.
    lines: HashMap<String, usize>,
}

impl Summary {
    /// The line of SUMMARY.md that links to the chapter `path`.
    pub(crate) fn line_of(&self, path: &str) -> Option<usize> {
        self.lines.get(path).copied()
    }
}

/// Parses the text of `SUMMARY.md`. `file` is only used in error messages.
pub(crate) fn parse(text: &str, file: &Path, book_title: &str) -> Result<Summary, BuildError> {
    let mut p = Parser::default();
    let mut in_comment = false;
    // A link whose title runs onto the next lines, as markdown allows: the
    // lines so far, and the first one's number (errors name it).
    let mut open: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if in_comment || trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        let (start, joined) = match open.take() {
            Some((start, so_far)) if !trimmed.is_empty() => (start, format!("{so_far} {trimmed}")),
            Some((start, so_far)) => (start, so_far),
            None if trimmed.is_empty() => continue,
            None => (i, line.to_string()),
        };
        if title_is_open(&joined) && !trimmed.is_empty() {
            open = Some((start, joined));
            continue;
        }
        p.entry(&joined, start, file)?;
    }
    if let Some((start, joined)) = open {
        p.entry(&joined, start, file)?;
    }
    close_all(&mut p.stack, &mut p.items);
    Ok(Summary {
        toc: Toc {
            title: book_title.to_string(),
            items: p.items,
        },
        lines: p.lines,
    })
}

/// The state of a SUMMARY being read, line by line.
#[derive(Default)]
struct Parser {
    items: Vec<TocItem>,
    /// Open list items: (indent, chapter); closed into their parent when a
    /// line of smaller or equal indent arrives.
    stack: Vec<(usize, TocChapter)>,
    seen_title: bool,
    seen_numbered: bool,
    /// Numbers continue across parts, as in mdBook.
    counters: Vec<u32>,
    /// The 1-based line of the entry being read.
    at_line: usize,
    /// Chapter path → the line of its first link.
    lines: HashMap<String, usize>,
}

impl Parser {
    /// One logical line (a title may have run over several), which began on
    /// 0-based line `start` of `file`.
    fn entry(&mut self, line: &str, start: usize, file: &Path) -> Result<(), BuildError> {
        self.at_line = start + 1;
        self.line(line, line.trim_start())
            .map_err(|message| BuildError::Summary {
                path: file.to_path_buf(),
                line: start + 1,
                message,
            })
    }

    /// One non-empty line outside comments; `Err` says what was expected. As in
    /// mdBook, only `#` headings (h1) mean something; deeper headings and prose
    /// between the lists are skipped.
    fn line(&mut self, line: &str, trimmed: &str) -> Result<(), String> {
        if let Some(h) = trimmed.strip_prefix('#') {
            if !h.starts_with('#') {
                self.heading(h.trim());
            }
            return Ok(());
        }
        if is_separator(trimmed) {
            close_all(&mut self.stack, &mut self.items);
            self.items.push(TocItem::Separator);
            return Ok(());
        }
        let indent = indent_width(line);
        if let Some(rest) = list_item(trimmed) {
            let (title, path) = parse_link(rest).ok_or_else(|| {
                format!("expected a link like `- [Title](file.md)`, found `{trimmed}`")
            })?;
            self.numbered(indent, title, path);
            return Ok(());
        }
        let continues_item = indent > 0 && !self.stack.is_empty();
        if let Some((title, path)) = parse_link(trimmed)
            && !continues_item
        {
            self.affix(title, path);
        }
        Ok(())
    }

    /// `# Title`: the summary's own title first, part titles after.
    fn heading(&mut self, title: &str) {
        close_all(&mut self.stack, &mut self.items);
        if !self.seen_title && !self.seen_numbered && self.items.is_empty() {
            self.seen_title = true;
        } else {
            self.items.push(TocItem::PartTitle {
                title: title.to_string(),
            });
        }
    }

    /// `- [Title](file.md)`: a numbered chapter, nested by its indent.
    fn numbered(&mut self, indent: usize, title: String, path: Option<String>) {
        self.seen_numbered = true;
        self.note_line(path.as_deref());
        while self.stack.last().is_some_and(|(ind, _)| *ind >= indent) {
            close_one(&mut self.stack, &mut self.items);
        }
        let depth = self.stack.len();
        self.counters.truncate(depth + 1);
        if self.counters.len() <= depth {
            self.counters.resize(depth + 1, 0);
        }
        self.counters[depth] += 1;
        let number = self.counters.iter().map(|n| format!("{n}.")).collect();
        let chapter = TocChapter {
            title,
            path,
            number: Some(number),
            children: Vec::new(),
        };
        self.stack.push((indent, chapter));
    }

    /// `[Title](file.md)` outside a list: a prefix or suffix chapter.
    fn affix(&mut self, title: String, path: Option<String>) {
        close_all(&mut self.stack, &mut self.items);
        self.note_line(path.as_deref());
        self.items.push(TocItem::Chapter(TocChapter {
            title,
            path,
            number: None,
            children: Vec::new(),
        }));
    }

    /// Remembers where a chapter's first link stands.
    fn note_line(&mut self, path: Option<&str>) {
        if let Some(path) = path {
            self.lines.entry(path.to_string()).or_insert(self.at_line);
        }
    }
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

/// Whether a list item's link title is still open at the end of the line:
/// `- [A title that` (more `[` than `]` after the marker).
fn title_is_open(line: &str) -> bool {
    let Some(rest) = list_item(line.trim_start()) else {
        return false;
    };
    let depth = rest.chars().fold(0i32, |d, c| match c {
        '[' => d + 1,
        ']' => d - 1,
        _ => d,
    });
    rest.starts_with('[') && depth > 0
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
        Some(percent_decode_str(target).decode_utf8_lossy().into_owned())
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
pub(crate) fn chapters_in_order(toc: &Toc) -> Vec<(&TocChapter, Option<&str>, Vec<&str>)> {
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
        parse(text, Path::new("SUMMARY.md"), "Book").unwrap().toc
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
    fn a_title_may_run_onto_the_next_lines() {
        let t = toc(
            "- [A long\n  chapter title](a.md)\n  - [Nested, also\n    long](b.md)\n- [C](c.md)\n",
        );
        let a = chapter(&t.items[0]);
        assert_eq!(
            (a.title.as_str(), a.path.as_deref()),
            ("A long chapter title", Some("a.md"))
        );
        assert_eq!(a.children[0].title, "Nested, also long");
        assert_eq!(chapter(&t.items[1]).title, "C");
        let e = parse("# S\n\n- [Never\n\n- [B](b.md)\n", Path::new("S.md"), "B").unwrap_err();
        assert!(e.to_string().starts_with("S.md:3:"), "{e}");
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
        let e = parse("# S\n\n- Title\n", Path::new("S.md"), "B").unwrap_err();
        assert!(e.to_string().starts_with("S.md:3:"), "{e}");
    }

    /// One line per TOC item, nested items indented: `N. Title (path)`,
    /// `Title (path)` for affix chapters, `# Part`, `---`.
    fn outline(t: &Toc) -> Vec<String> {
        fn walk(c: &TocChapter, depth: usize, out: &mut Vec<String>) {
            let number = c
                .number
                .as_deref()
                .map(|n| format!("{n} "))
                .unwrap_or_default();
            let path = c.path.as_deref().unwrap_or("draft");
            out.push(format!(
                "{}{number}{} ({path})",
                "  ".repeat(depth),
                c.title
            ));
            for child in &c.children {
                walk(child, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for item in &t.items {
            match item {
                TocItem::PartTitle { title } => out.push(format!("# {title}")),
                TocItem::Separator => out.push("---".into()),
                TocItem::Chapter(c) => walk(c, 0, &mut out),
            }
        }
        out
    }

    /// The test vectors of mdBook 0.5.4's own SUMMARY parser
    /// (`crates/mdbook-summary/src/lib.rs`), as outlines.
    #[test]
    fn mdbook_summary_vectors() {
        let cases: [(&str, &[&str]); 13] = [
            ("# Summary", &[]),
            ("[Link]()", &["Link (draft)"]),
            ("# My **Awesome** Summary", &[]),
            (
                "[First](./first.md)\n[Second](./second.md)\n",
                &["First (./first.md)", "Second (./second.md)"],
            ),
            (
                "[First](./first.md)\n\n---\n\n[Second](./second.md)\n",
                &["First (./first.md)", "---", "Second (./second.md)"],
            ),
            ("- [First](./first.md)\n", &["1. First (./first.md)"]),
            (
                "- [First](./first.md)\n  - [Nested](./nested.md)\n- [Second](./second.md)",
                &[
                    "1. First (./first.md)",
                    "  1.1. Nested (./nested.md)",
                    "2. Second (./second.md)",
                ],
            ),
            (
                "- [First](./first.md)\n<!-- this is a comment -->\n- [Second](./second.md)",
                &["1. First (./first.md)", "2. Second (./second.md)"],
            ),
            (
                "- [First](./first.md)\n- [Second](./second.md)\n# Title 2\n- [Third](./third.md)\n\t- [Fourth](./fourth.md)",
                &[
                    "1. First (./first.md)",
                    "2. Second (./second.md)",
                    "# Title 2",
                    "3. Third (./third.md)",
                    "  3.1. Fourth (./fourth.md)",
                ],
            ),
            (
                "- [First](./first.md)\n\n## Subheading\n\n- [Second](./second.md)\n",
                &["1. First (./first.md)", "2. Second (./second.md)"],
            ),
            ("- [Empty]()\n", &["1. Empty (draft)"]),
            (
                "- [First](./first.md)\n---\n- [Second](./second.md)\n---\n- [Third](./third.md)\n",
                &[
                    "1. First (./first.md)",
                    "---",
                    "2. Second (./second.md)",
                    "---",
                    "3. Third (./third.md)",
                ],
            ),
            (
                "- [test1](./test%20link1.md)\n- [test2](<./test link2.md>)",
                &["1. test1 (./test link1.md)", "2. test2 (./test link2.md)"],
            ),
        ];
        for (src, expected) in cases {
            assert_eq!(outline(&toc(src)), expected, "{src:?}");
        }
        let localized = "<!--\n# Title - En\n-->\n# Title - Local\n\n<!--\n[Prefix 00-01 - En](ch00-01.md)\n-->\n\
            [Prefix 00-01 - Local](ch00-01.md)\n\n<!--\n## Section Title - En\n-->\n## Section Title - Localized\n\n\
            <!--\n- [Ch 01-00 - En](ch01-00.md)\n    - [Ch 01-01 - En](ch01-01.md)\n-->\n\
            - [Ch 01-00 - Local](ch01-00.md)\n    - [Ch 01-01 - Local](ch01-01.md)\n    - [Ch 01-02 - Local](ch01-02.md)\n\n\
            <!--\n- [Ch 02-00 - En](ch02-00.md)\n-->\n- [Ch 02-00 - Local](ch02-00.md)\n\n\
            <!--\n[Appendix A - En](appendix-01.md)\n-->`\n[Appendix A - Local](appendix-01.md)\n";
        assert_eq!(
            outline(&toc(localized)),
            [
                "Prefix 00-01 - Local (ch00-01.md)",
                "1. Ch 01-00 - Local (ch01-00.md)",
                "  1.1. Ch 01-01 - Local (ch01-01.md)",
                "  1.2. Ch 01-02 - Local (ch01-02.md)",
                "2. Ch 02-00 - Local (ch02-00.md)",
                "Appendix A - Local (appendix-01.md)",
            ]
        );
        // `- Title` (not a link) is refused with its line, as mdBook does.
        assert!(parse("- Title\n", Path::new("S.md"), "B").is_err());
    }
}
