//! The chapters of a book: which pages there are, reading and rendering each,
//! and what they link to (prev/next, the examples they include).

use std::collections::HashSet;
use std::path::Path;

use atlas_model::{CodeBlock, Diagnostic, Page, PageLink};

use crate::book::BookConfig;
use crate::book::include::{self, Expanded};
use crate::book::render::{Rendered, render_page};
use crate::book::sections::Section;
use crate::book::summary::{self, Summary};

/// A chapter with a page, where the table of contents puts it.
pub(super) struct Chapter {
    pub(super) path: String,
    pub(super) title: String,
    pub(super) part: Option<String>,
    /// Part and ancestor chapters, outermost first.
    pub(super) breadcrumbs: Vec<String>,
    /// The line of SUMMARY.md that lists it.
    pub(super) summary_line: Option<usize>,
}

/// The chapters with a page, in reading order, each once: mdBook renders a page
/// once even if SUMMARY lists it twice; drafts have no page.
pub(super) fn chapters(summary: &Summary) -> Vec<Chapter> {
    let mut seen = HashSet::new();
    summary::chapters_in_order(&summary.toc)
        .into_iter()
        .filter_map(|(c, part, ancestors)| {
            let path = c.path.clone()?;
            seen.insert(path.clone()).then(|| Chapter {
                title: c.title.clone(),
                part: part.map(str::to_string),
                breadcrumbs: part
                    .into_iter()
                    .chain(ancestors)
                    .map(str::to_string)
                    .collect(),
                summary_line: summary.line_of(&path),
                path,
            })
        })
        .collect()
}

/// Reads a chapter, expands its includes and renders it. `Err` is a warning at
/// the chapter's line of SUMMARY.md: the chapter cannot be read (missing, or
/// refused: outside the book, not a regular file, too large).
pub(super) fn read(
    book: &BookConfig,
    chapter: &Chapter,
) -> Result<(Expanded, Rendered), Diagnostic> {
    let file = book.src.join(&chapter.path);
    let text = book.files.text(&file).map_err(|e| {
        let summary = book.src.join("SUMMARY.md");
        let message = format!(
            "chapter `{}` listed in SUMMARY.md cannot be read: {}",
            chapter.path,
            e.why()
        );
        match chapter.summary_line {
            Some(line) => Diagnostic::at(summary, line, message),
            None => Diagnostic::in_file(summary, message),
        }
    })?;
    let mut expanded = include::expand(&book.files, &text.text, &file, &chapter.path);
    expanded.warnings.extend(text.warning(&chapter.path));
    let rendered = render_page(&expanded.text, &chapter.path, &chapter.title, &book.dialect);
    Ok((expanded, rendered))
}

/// The page a rendered chapter becomes (prev/next are linked later).
pub(super) fn page(chapter: &Chapter, rendered: Rendered) -> (Page, Vec<CodeBlock>) {
    let page = Page {
        path: chapter.path.clone(),
        title: chapter.title.clone(),
        part: chapter.part.clone(),
        breadcrumbs: chapter.breadcrumbs.clone(),
        html: rendered.html,
        headings: rendered.headings,
        prev: None,
        next: None,
    };
    (page, rendered.code_blocks)
}

/// Which example folder each of the chapter's includes came from, and the
/// section it landed in: `(example folder, section anchor)`.
pub(super) fn example_uses(
    examples_root: &Path,
    placed: &[(std::path::PathBuf, usize)],
    sections: &[Section],
) -> Vec<(String, String)> {
    placed
        .iter()
        .filter_map(|(included, line)| {
            let canon = std::fs::canonicalize(included).ok()?;
            let rel = canon.strip_prefix(examples_root).ok()?;
            let dir = rel.components().next()?.as_os_str().to_string_lossy();
            let anchor = sections
                .iter()
                .rev()
                .find(|s| s.line_start <= *line)
                .map(|s| s.anchor.clone())
                .unwrap_or_default();
            Some((dir.into_owned(), anchor))
        })
        .collect()
}

/// Links every page to the pages before and after it in reading order.
pub(super) fn link_prev_next(pages: &mut [Page]) {
    let links: Vec<PageLink> = pages
        .iter()
        .map(|p| PageLink {
            path: p.path.clone(),
            title: p.title.clone(),
        })
        .collect();
    for (i, page) in pages.iter_mut().enumerate() {
        page.prev = i.checked_sub(1).map(|j| links[j].clone());
        page.next = links.get(i + 1).cloned();
    }
}
