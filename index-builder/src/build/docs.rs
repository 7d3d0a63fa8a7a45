//! Search documents: what each part of a book contributes to search (sections,
//! FAQ questions, index entries, examples), and writing them into tantivy.

use std::collections::BTreeMap;
use std::path::Path;

use atlas_model::{DocCard, Example, FaqEntry, IndexEntry, Kind, PageLink, Target};
use tantivy::TantivyDocument;

use crate::book::sections::Section;
use crate::book::{BookConfig, examples};
use crate::error::BuildError;
use crate::search::schema::{Fields, register_tokenizers, schema};
use crate::search::tokenizer::{Flavor, analyze};
use crate::semantic::DocText;

/// One search document before it is written: what is shown plus what is only indexed.
pub(super) struct Doc {
    pub(super) shown: DocCard,
    /// The plain text snippets are cut from (stored, never sent with a hit).
    pub(super) text: String,
    pub(super) part: String,
    pub(super) body: String,
    pub(super) code: String,
    pub(super) terms: Vec<String>,
}

/// Where a chapter's sections stand: the chapter's title and outer breadcrumbs.
pub(super) struct ChapterPlace<'a> {
    pub(super) path: &'a str,
    pub(super) title: &'a str,
    pub(super) part: &'a str,
    pub(super) breadcrumbs: &'a [String],
}

/// One document per section of an ordinary chapter; h3 sections carry their h2.
pub(super) fn section_docs(sections: &[Section], at: &ChapterPlace<'_>) -> Vec<Doc> {
    let mut last_h2: Option<&str> = None;
    let mut docs = Vec::with_capacity(sections.len());
    for s in sections.iter().filter(|s| !is_see_also(&s.title)) {
        let mut crumbs = at.breadcrumbs.to_vec();
        if s.level > 1 || s.level == 0 {
            crumbs.push(at.title.to_string());
        }
        match s.level {
            2 => last_h2 = Some(&s.title),
            3 => crumbs.extend(last_h2.map(str::to_string)),
            _ => last_h2 = None,
        }
        docs.push(Doc {
            shown: DocCard {
                kind: Kind::Chapter,
                title: s.title.clone(),
                breadcrumbs: crumbs,
                path: at.path.to_string(),
                anchor: s.anchor.clone(),
                answer_html: None,
                example: None,
                targets: Vec::new(),
            },
            text: if s.prose.is_empty() {
                truncate(&s.code, 600)
            } else {
                s.prose.clone()
            },
            part: at.part.to_string(),
            body: s.prose.clone(),
            code: s.code.clone(),
            terms: Vec::new(),
        });
    }
    docs
}

/// A "See also" section is a list of links to other sections, which are
/// searchable themselves: as its own hit it would only stand in their way.
fn is_see_also(title: &str) -> bool {
    title
        .trim()
        .trim_end_matches(':')
        .eq_ignore_ascii_case("see also")
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// A FAQ question: its answer's prose and code are both body text (answers are
/// short; code in them is what the question is about).
pub(super) fn faq_doc(e: &FaqEntry, prose: &str, code: &str, part: &str) -> Doc {
    let mut crumbs = vec!["FAQ".to_string()];
    crumbs.extend(e.group.clone());
    Doc {
        shown: DocCard {
            kind: Kind::Faq,
            title: e.question.clone(),
            breadcrumbs: crumbs,
            path: e.path.clone(),
            anchor: e.anchor.clone(),
            answer_html: Some(e.answer_html.clone()),
            example: None,
            targets: answer_links(&e.answer_html),
        },
        text: prose.to_string(),
        part: part.to_string(),
        body: format!("{prose} {code}"),
        code: String::new(),
        terms: vec![e.question.clone()],
    }
}

/// The sections an answer links to (`href="#/PATH#ANCHOR"`, as rendering
/// rewrites in-book links): the places the entry points at.
fn answer_links(html: &str) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    for (i, _) in html.match_indices("href=\"#/") {
        let rest = &html[i + "href=\"#/".len()..];
        let Some(end) = rest.find('"') else { continue };
        let (path, anchor) = rest[..end].split_once('#').unwrap_or((&rest[..end], ""));
        if !out.iter().any(|t| t.path == path && t.anchor == anchor) {
            out.push(Target {
                label: String::new(),
                path: path.to_string(),
                anchor: anchor.to_string(),
            });
        }
    }
    out
}

pub(super) fn entry_doc(
    kind: Kind,
    term_path: &[String],
    entry: &IndexEntry,
    breadcrumbs: Vec<String>,
    page: &str,
) -> Doc {
    let first = entry.targets.first();
    let labels: Vec<&str> = entry.targets.iter().map(|t| t.label.as_str()).collect();
    Doc {
        shown: DocCard {
            kind,
            title: term_path.join(" › "),
            breadcrumbs,
            path: first
                .map(|t| t.path.clone())
                .unwrap_or_else(|| page.to_string()),
            anchor: first.map(|t| t.anchor.clone()).unwrap_or_default(),
            answer_html: None,
            example: None,
            targets: entry.targets.clone(),
        },
        text: labels.join(", "),
        part: String::new(),
        body: String::new(),
        code: String::new(),
        terms: vec![term_path.join(" ")],
    }
}

pub(super) fn example_doc(
    book: &BookConfig,
    ex: &Example,
    first_use: Option<(PageLink, String)>,
) -> Doc {
    let dir = book.examples.join(&ex.dir);
    let sources: Vec<String> = ex
        .files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .filter_map(|f| book.files.text(&dir.join(&f.path)).ok())
        .map(|t| t.text)
        .collect();
    let doc = sources
        .iter()
        .map(|s| examples::doc_comment(s))
        .collect::<Vec<_>>()
        .join(" ");
    let (path, anchor) = match first_use {
        Some((link, anchor)) => (link.path, anchor),
        None => (String::new(), String::new()),
    };
    Doc {
        shown: DocCard {
            kind: Kind::Example,
            title: ex.id.clone(),
            breadcrumbs: vec!["Examples".into()],
            path,
            anchor,
            answer_html: None,
            example: Some(ex.id.clone()),
            targets: Vec::new(),
        },
        text: if doc.is_empty() {
            ex.description.clone()
        } else {
            doc.clone()
        },
        part: String::new(),
        body: format!("{} {}", ex.description, doc),
        code: sources.join("\n"),
        terms: vec![ex.id.replace(['-', '_'], " ")],
    }
}

pub(super) fn write_search_index(dir: &Path, docs: &[Doc]) -> Result<(), BuildError> {
    std::fs::create_dir_all(dir).map_err(|e| BuildError::io(dir, e))?;
    let (schema, f) = schema();
    let index = tantivy::Index::create_in_dir(dir, schema)?;
    register_tokenizers(&index);
    let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
    for (ord, d) in docs.iter().enumerate() {
        writer.add_document(tantivy_doc(&f, ord as u64, d))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

fn tantivy_doc(f: &Fields, ord: u64, d: &Doc) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.ord, ord);
    doc.add_text(f.title, &d.shown.title);
    doc.add_text(f.heading, &d.shown.title);
    for t in &d.terms {
        doc.add_text(f.terms, t);
        doc.add_text(f.heading, t);
    }
    for c in &d.shown.breadcrumbs {
        doc.add_text(f.crumbs, c);
    }
    doc.add_text(f.body, &d.body);
    doc.add_text(f.code, &d.code);
    doc.add_text(f.kind, d.shown.kind.as_str());
    doc.add_text(f.part, &d.part);
    doc.add_text(f.chapter, &d.shown.path);
    doc
}

/// Words of titles, prose and terms with their document frequency: what
/// "did you mean" suggests from.
pub(super) fn vocabulary(docs: &[Doc]) -> Vec<(String, u32)> {
    let mut freq: BTreeMap<String, u32> = BTreeMap::new();
    for d in docs {
        let mut words: Vec<String> = Vec::new();
        for text in [&d.shown.title, &d.body].into_iter().chain(d.terms.iter()) {
            words.extend(
                analyze(text, Flavor::Code)
                    .into_iter()
                    .map(|t| t.text)
                    .filter(|w| w.len() >= 3 && w.chars().all(char::is_alphabetic)),
            );
        }
        words.sort();
        words.dedup();
        for w in words {
            *freq.entry(w).or_default() += 1;
        }
    }
    freq.into_iter().collect()
}

/// What of a document the sentence model reads: its heading and place, then
/// its prose (or, for a document without prose, its shown text) and the index
/// terms and questions that lead to it.
pub(super) fn embedded_text(d: &Doc) -> DocText {
    let mut head = d.shown.title.clone();
    if !d.shown.breadcrumbs.is_empty() {
        head = format!("{head} ({})", d.shown.breadcrumbs.join(" / "));
    }
    let mut body = if d.body.trim().is_empty() {
        d.text.clone()
    } else {
        d.body.clone()
    };
    let terms: Vec<&str> = d
        .terms
        .iter()
        .map(String::as_str)
        .filter(|t| *t != d.shown.title)
        .collect();
    if !terms.is_empty() {
        body = format!("{body}\n{}", terms.join("; "));
    }
    DocText { head, body }
}
