//! Building an index folder from a book: read → render → index → write,
//! atomically. This is the only code that writes an index.
//!
//! [`read_book`] is the pipeline, one stage a line: the chapters ([`pages`]),
//! their search documents ([`docs`]), the navigation pages' entries and the
//! words they lend to sections ([`terms`]), then the examples.

mod aliases;
mod docs;
mod pages;
mod terms;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use atlas_model::{BookData, BuildProgress, Diagnostic, Kind, PageLink, SearchDoc};

use crate::book::{BookConfig, examples, nav_pages, summary};
use crate::error::BuildError;
use crate::semantic::{self, Embedder, Vectors};
use crate::store::manifest::{Counts, Manifest, SCHEMA_VERSION, VectorsInfo, content_hash};
use crate::store::{self, Contents};
use docs::{ChapterPlace, Doc};
use pages::Chapter;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The book folder (with `book.toml`).
    pub book_dir: PathBuf,
    /// The index folder to write; replaced as a whole when the build succeeds.
    pub out_dir: PathBuf,
    /// The sentence-embedding model, for semantic search; without it the
    /// index is lexical only.
    pub embedder: Option<Arc<Embedder>>,
}

impl BuildOptions {
    /// Build the book at `book_dir` into `out_dir`.
    pub fn new(book_dir: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Self {
        BuildOptions {
            book_dir: book_dir.into(),
            out_dir: out_dir.into(),
            embedder: None,
        }
    }

    /// Also embed every document with `embedder`, for semantic search.
    pub fn with_embedder(mut self, embedder: Option<Arc<Embedder>>) -> Self {
        self.embedder = embedder;
        self
    }
}

/// The outcome of a successful build.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// What the book holds.
    pub counts: Counts,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the build.
    pub elapsed_ms: u64,
    /// The semantic vectors, `None` for a lexical-only index.
    pub vectors: Option<VectorsReport>,
}

/// What the embedding step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VectorsReport {
    /// Passages stored.
    pub passages: usize,
    /// Documents whose vectors were taken from the index being replaced.
    pub reused: usize,
    /// Documents embedded anew.
    pub embedded: usize,
}

/// Builds the index of the book at `opts.book_dir` into `opts.out_dir`.
pub fn build(
    opts: &BuildOptions,
    progress: &mut dyn FnMut(BuildProgress),
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let book_dir =
        std::fs::canonicalize(&opts.book_dir).map_err(|e| BuildError::io(&opts.book_dir, e))?;
    let book = BookConfig::load(&book_dir)?;
    let hash = content_hash(&book).map_err(|e| BuildError::io(&book.src, e))?;
    let (data, docs, warnings) = read_book(&book, progress)?;
    let (vectors, report) = match &opts.embedder {
        Some(model) => {
            let (v, r) = embed(model, &docs, &opts.out_dir, progress)?;
            (Some(v), Some(r))
        }
        None => (None, None),
    };
    progress(BuildProgress {
        done: data.pages.len(),
        total: data.pages.len() + 1,
        message: "writing the index".into(),
    });

    let counts = count(&data, &docs, &warnings);
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        builder_version: env!("CARGO_PKG_VERSION").to_string(),
        title: book.title.clone(),
        book_dir: book_dir.clone(),
        examples_dir: book.examples.is_dir().then(|| book.examples.clone()),
        content_hash: hash,
        built_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        counts: counts.clone(),
        warnings: warnings.clone(),
        semantic: vectors.as_ref().map(|v| VectorsInfo {
            model: v.model.clone(),
            passages: v.len(),
        }),
    };
    store::replace_atomically(&opts.out_dir, |tmp| {
        docs::write_search_index(&tmp.join(store::TANTIVY), &docs)?;
        let vocab = docs::vocabulary(&docs);
        let docs = docs
            .into_iter()
            .map(|d| SearchDoc {
                card: d.shown,
                text: d.text,
            })
            .collect();
        store::write(
            tmp,
            Contents {
                manifest,
                book: data,
                docs,
                vocab,
                vectors,
            },
        )
    })?;
    tracing::info!(
        book = %book_dir.display(),
        out = %opts.out_dir.display(),
        pages = counts.pages,
        warnings = counts.warnings,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "index built"
    );
    Ok(BuildReport {
        counts,
        warnings,
        elapsed_ms: started.elapsed().as_millis() as u64,
        vectors: report,
    })
}

/// What the book holds, for the report and the manifest.
fn count(data: &BookData, docs: &[Doc], warnings: &[Diagnostic]) -> Counts {
    Counts {
        pages: data.pages.len(),
        sections: docs
            .iter()
            .filter(|d| d.shown.kind == Kind::Chapter)
            .count(),
        faqs: data.faq.len(),
        topics: data
            .topics
            .iter()
            .map(|g| nav_pages::flatten(&g.entries).len())
            .sum(),
        index_entries: nav_pages::flatten(&data.index).len(),
        examples: data.examples.len(),
        code_blocks: data.code_blocks.len(),
        warnings: warnings.len(),
    }
}

/// Embeds the documents, reusing the vectors of the index at `out_dir` for
/// every document whose text is unchanged.
fn embed(
    model: &Embedder,
    docs: &[Doc],
    out_dir: &std::path::Path,
    progress: &mut dyn FnMut(BuildProgress),
) -> Result<(Vectors, VectorsReport), BuildError> {
    let texts: Vec<_> = docs.iter().map(docs::embedded_text).collect();
    let previous = store::previous_vectors(out_dir);
    let mut report = |done, total| {
        progress(BuildProgress {
            done,
            total,
            message: "embedding sections for semantic search".into(),
        })
    };
    let (vectors, reused) = semantic::embed_docs(model, &texts, previous.as_ref(), &mut report)
        .map_err(BuildError::Model)?;
    let report = VectorsReport {
        passages: vectors.len(),
        reused,
        embedded: docs.len() - reused,
    };
    Ok((vectors, report))
}

/// What reading a book gathers, stage by stage.
#[derive(Default)]
struct Gathered {
    data: BookData,
    docs: Vec<Doc>,
    /// Problems that do not stop the build.
    warnings: Vec<Diagnostic>,
    /// Indices into `docs` of the chapter sections.
    sections: Vec<usize>,
    /// The examples folder, canonical, when it exists.
    examples_root: Option<PathBuf>,
    /// Example folder → the pages (and section anchors) that include its files.
    example_uses: BTreeMap<String, Vec<(PageLink, String)>>,
}

/// Reads and renders the whole book.
fn read_book(
    book: &BookConfig,
    progress: &mut dyn FnMut(BuildProgress),
) -> Result<(BookData, Vec<Doc>, Vec<Diagnostic>), BuildError> {
    let summary_path = book.src.join("SUMMARY.md");
    let summary_text = book.files.text(&summary_path)?;
    let summary = summary::parse(&summary_text.text, &summary_path, &book.title)?;
    let chapters = pages::chapters(&summary);
    let mut g = Gathered {
        examples_root: std::fs::canonicalize(&book.examples).ok(),
        ..Gathered::default()
    };
    g.warnings.extend(summary_text.warning(&summary_path));
    g.data.toc = summary.toc;
    let total = chapters.len() + 1;
    for (n, chapter) in chapters.iter().enumerate() {
        progress(BuildProgress {
            done: n,
            total,
            message: chapter.path.clone(),
        });
        g.add_chapter(book, chapter);
    }
    pages::link_prev_next(&mut g.data.pages);
    let (nav_docs, lent) = terms::nav_docs(&g.data, book);
    g.docs.extend(nav_docs);
    terms::propagate(&mut g.docs, &g.sections, lent);
    g.add_examples(book);
    g.data.synonyms = aliases::book_synonyms(book, &g.data);
    progress(BuildProgress {
        done: total - 1,
        total,
        message: "examples".into(),
    });
    Ok((g.data, g.docs, g.warnings))
}

impl Gathered {
    /// One chapter: its page and code blocks, its search documents (sections, or
    /// FAQ questions), or the topic / detailed index it holds.
    fn add_chapter(&mut self, book: &BookConfig, chapter: &Chapter) {
        let (expanded, rendered) = match pages::read(book, chapter) {
            Ok(read) => read,
            Err(warning) => return self.warnings.push(warning),
        };
        self.warnings.extend(expanded.warnings.iter().cloned());
        let path = chapter.path.as_str();
        if let Some(root) = &self.examples_root {
            let link = PageLink {
                path: chapter.path.clone(),
                title: chapter.title.clone(),
            };
            for (dir, anchor) in pages::example_uses(root, &expanded.placed, &rendered.sections) {
                let uses = self.example_uses.entry(dir).or_default();
                uses.push((link.clone(), anchor));
            }
        }
        let part = chapter.part.as_deref().unwrap_or_default();
        if book.faq.iter().any(|f| f == path) {
            for q in nav_pages::faq(&expanded.text, path, &rendered.sections, &book.dialect) {
                self.docs
                    .push(docs::faq_doc(&q.entry, &q.prose, &q.code, part));
                self.data.faq.push(q.entry);
            }
        } else if path == book.topics {
            self.data.topics = nav_pages::topics(&expanded.text, path, &book.dialect);
        } else if path == book.index {
            self.data.index = nav_pages::detailed_index(&expanded.text, path, &book.dialect);
        } else {
            let place = ChapterPlace {
                path,
                title: &chapter.title,
                part,
                breadcrumbs: &chapter.breadcrumbs,
            };
            let sections = docs::section_docs(&rendered.sections, &place);
            self.sections
                .extend(self.docs.len()..self.docs.len() + sections.len());
            self.docs.extend(sections);
        }
        let (page, code_blocks) = pages::page(chapter, rendered);
        self.data.code_blocks.extend(code_blocks);
        self.data.pages.push(page);
    }

    /// The example packages, each with the pages that show it and a search document.
    fn add_examples(&mut self, book: &BookConfig) {
        let (mut found, warnings) = examples::discover(&book.files, &book.examples);
        self.warnings.extend(warnings);
        for ex in &mut found {
            let uses = self.example_uses.remove(&ex.dir).unwrap_or_default();
            ex.used_by = uses.iter().map(|(p, _)| p.clone()).collect();
            ex.used_by.dedup();
            self.docs
                .push(docs::example_doc(book, ex, uses.into_iter().next()));
        }
        self.data.examples = found;
    }
}
