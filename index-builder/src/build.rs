//! Building an index folder from a book: read → render → index → write,
//! atomically. This is the only code that writes an index.

use crate::book::BookConfig;
use crate::error::BuildError;
use crate::examples;
use crate::include;
use crate::manifest::{Counts, Manifest, SCHEMA_VERSION, content_hash};
use crate::model::{BookData, Example, FaqEntry, Kind, Page, PageLink};
use crate::render::render_page;
use crate::schema::{Fields, SearchDoc, register_tokenizers, schema};
use crate::special;
use crate::summary;
use crate::tokenizer::{Flavor, analyze};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tantivy::TantivyDocument;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The book folder (with `book.toml`).
    pub book_dir: PathBuf,
    /// The index folder to write; replaced as a whole when the build succeeds.
    pub out_dir: PathBuf,
}

/// A step of a running build, for progress bars.
#[derive(Debug, Clone)]
pub struct BuildProgress {
    /// Steps done.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
    /// What is being done.
    pub message: String,
}

/// The outcome of a successful build.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// What the book holds.
    pub counts: Counts,
    /// Problems that did not stop the build (`file:line: message`).
    pub warnings: Vec<String>,
    /// Wall time of the build.
    pub elapsed_ms: u64,
}

/// File names inside an index folder.
pub(crate) mod files {
    pub const MANIFEST: &str = "manifest.json";
    pub const BOOK: &str = "book.json.gz";
    pub const DOCS: &str = "docs.json.gz";
    pub const VOCAB: &str = "vocab.json.gz";
    pub const TANTIVY: &str = "tantivy";
}

/// One search document before it is written: what is shown plus what is only indexed.
struct Doc {
    shown: SearchDoc,
    part: String,
    body: String,
    code: String,
    terms: Vec<String>,
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
    let (mut data, docs, warnings) = read_book(&book, progress)?;
    // Most blocks have no hidden lines: store their text once (`Index::open`
    // fills `display` back in).
    for b in &mut data.code_blocks {
        if b.display == b.source {
            b.display.clear();
        }
    }
    progress(BuildProgress {
        done: data.pages.len(),
        total: data.pages.len() + 1,
        message: "writing the index".into(),
    });

    let counts = Counts {
        pages: data.pages.len(),
        sections: docs
            .iter()
            .filter(|d| d.shown.kind == Kind::Chapter)
            .count(),
        faqs: data.faq.len(),
        topics: data
            .topics
            .iter()
            .map(|g| special::flatten(&g.entries).len())
            .sum(),
        index_entries: special::flatten(&data.index).len(),
        examples: data.examples.len(),
        code_blocks: data.code_blocks.len(),
        warnings: warnings.len(),
    };
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
    };
    write_atomically(&opts.out_dir, |tmp| {
        write_index(tmp, &manifest, &data, &docs)
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
    })
}

/// Reads and renders the whole book.
fn read_book(
    book: &BookConfig,
    progress: &mut dyn FnMut(BuildProgress),
) -> Result<(BookData, Vec<Doc>, Vec<String>), BuildError> {
    let summary_path = book.src.join("SUMMARY.md");
    let summary_text =
        std::fs::read_to_string(&summary_path).map_err(|e| BuildError::io(&summary_path, e))?;
    let toc = summary::parse(&summary_text, &summary_path, &book.title)?;
    let mut warnings = Vec::new();
    let mut data = BookData {
        toc: toc.clone(),
        ..Default::default()
    };
    let mut docs: Vec<Doc> = Vec::new();
    let examples_root = std::fs::canonicalize(&book.examples).ok();
    let mut example_uses: BTreeMap<String, Vec<(PageLink, String)>> = BTreeMap::new();
    let mut chapter_sections: Vec<usize> = Vec::new(); // indices into `docs`

    let chapters: Vec<_> = summary::chapters_in_order(&toc)
        .into_iter()
        .filter(|(c, _, _)| c.path.is_some())
        .collect();
    let mut seen = std::collections::HashSet::new();
    let total = chapters.len() + 1;
    for (n, (chapter, part, ancestors)) in chapters.iter().enumerate() {
        let path = chapter.path.clone().unwrap_or_default();
        if !seen.insert(path.clone()) {
            continue; // mdBook renders a page once even if SUMMARY lists it twice
        }
        progress(BuildProgress {
            done: n,
            total,
            message: path.clone(),
        });
        let file = book.src.join(&path);
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!(
                    "{}: chapter `{path}` listed in SUMMARY.md cannot be read: {e}",
                    summary_path.display()
                ));
                continue;
            }
        };
        let expanded = include::expand(&text, &file, &path);
        warnings.extend(expanded.warnings.iter().cloned());
        let rendered = render_page(&expanded.text, &path, &chapter.title);
        let mut breadcrumbs: Vec<String> = part.map(str::to_string).into_iter().collect();
        breadcrumbs.extend(ancestors.iter().map(|s| s.to_string()));
        let page_link = PageLink {
            path: path.clone(),
            title: chapter.title.clone(),
        };

        // Which example each include came from, and the section it landed in.
        if let Some(root) = &examples_root {
            for (included, line) in &expanded.placed {
                let Ok(canon) = std::fs::canonicalize(included) else {
                    continue;
                };
                let Ok(rel) = canon.strip_prefix(root) else {
                    continue;
                };
                let Some(dir) = rel.components().next() else {
                    continue;
                };
                let dir = dir.as_os_str().to_string_lossy().into_owned();
                let anchor = rendered
                    .sections
                    .iter()
                    .rev()
                    .find(|s| s.line_start <= *line)
                    .map(|s| s.anchor.clone())
                    .unwrap_or_default();
                example_uses
                    .entry(dir)
                    .or_default()
                    .push((page_link.clone(), anchor));
            }
        }

        let is_faq = book.faq.contains(&path);
        if is_faq {
            let entries = special::faq(&expanded.text, &path, &rendered.sections);
            for e in &entries {
                docs.push(faq_doc(e, part.unwrap_or_default()));
            }
            data.faq.extend(entries);
        } else if path == book.topics {
            data.topics = special::topics(&expanded.text, &path);
        } else if path == book.index {
            data.index = special::detailed_index(&expanded.text, &path);
        } else {
            let mut last_h2: Option<&str> = None;
            for s in &rendered.sections {
                let mut crumbs = breadcrumbs.clone();
                if s.level > 1 || s.level == 0 {
                    crumbs.push(chapter.title.clone());
                }
                match s.level {
                    2 => last_h2 = Some(&s.title),
                    3 => crumbs.extend(last_h2.map(str::to_string)),
                    _ => last_h2 = None,
                }
                chapter_sections.push(docs.len());
                docs.push(Doc {
                    shown: SearchDoc {
                        kind: Kind::Chapter,
                        title: s.title.clone(),
                        breadcrumbs: crumbs,
                        path: path.clone(),
                        anchor: s.anchor.clone(),
                        text: if s.prose.is_empty() {
                            truncate(&s.code, 600)
                        } else {
                            s.prose.clone()
                        },
                        answer_html: None,
                        example: None,
                        targets: Vec::new(),
                    },
                    part: part.unwrap_or_default().to_string(),
                    body: s.prose.clone(),
                    code: s.code.clone(),
                    terms: Vec::new(),
                });
            }
        }
        data.code_blocks.extend(rendered.code_blocks);
        data.pages.push(Page {
            path: path.clone(),
            title: chapter.title.clone(),
            part: part.map(str::to_string),
            breadcrumbs,
            html: rendered.html,
            headings: rendered.headings,
            prev: None,
            next: None,
        });
    }
    link_prev_next(&mut data.pages);

    // Index terms travel to the sections they point at.
    let mut terms_for: HashMap<(String, String), Vec<String>> = HashMap::new();
    let topic_entries: Vec<_> = data
        .topics
        .iter()
        .flat_map(|g| {
            special::flatten(&g.entries)
                .into_iter()
                .map(move |(p, e)| (g, p, e))
        })
        .collect();
    for (group, term_path, entry) in &topic_entries {
        for t in &entry.targets {
            terms_for
                .entry((t.path.clone(), t.anchor.clone()))
                .or_default()
                .push(format!("{} {}", group.title, term_path.join(" ")));
        }
        docs.push(entry_doc(
            Kind::Topic,
            term_path,
            entry,
            vec!["Topic index".into(), group.title.clone()],
            &book.topics,
        ));
    }
    for (term_path, entry) in special::flatten(&data.index) {
        for t in &entry.targets {
            terms_for
                .entry((t.path.clone(), t.anchor.clone()))
                .or_default()
                .push(term_path.join(" "));
        }
        let mut crumbs = vec!["Index".to_string()];
        crumbs.extend(term_path[..term_path.len() - 1].iter().cloned());
        docs.push(entry_doc(
            Kind::Index,
            &term_path,
            entry,
            crumbs,
            &book.index,
        ));
    }
    for &i in &chapter_sections {
        let key = (docs[i].shown.path.clone(), docs[i].shown.anchor.clone());
        if let Some(t) = terms_for.remove(&key) {
            docs[i].terms.extend(t);
        }
    }
    // Links to a page without an anchor mean the page's first section.
    for ((path, anchor), terms) in terms_for {
        if !anchor.is_empty() {
            continue;
        }
        if let Some(&i) = chapter_sections
            .iter()
            .find(|&&i| docs[i].shown.path == path)
        {
            docs[i].terms.extend(terms);
        }
    }

    let (mut found, example_warnings) = examples::discover(&book.examples);
    warnings.extend(example_warnings);
    for ex in &mut found {
        let uses = example_uses.remove(&ex.dir).unwrap_or_default();
        let first = uses.first().cloned();
        ex.used_by = uses.iter().map(|(p, _)| p.clone()).collect();
        ex.used_by.dedup();
        docs.push(example_doc(book, ex, first));
    }
    data.examples = found;
    progress(BuildProgress {
        done: total - 1,
        total,
        message: "examples".into(),
    });
    Ok((data, docs, warnings))
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn link_prev_next(pages: &mut [Page]) {
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

fn faq_doc(e: &FaqEntry, part: &str) -> Doc {
    let answer_text = html_to_text(&e.answer_html);
    let mut crumbs = vec!["FAQ".to_string()];
    crumbs.extend(e.group.clone());
    Doc {
        shown: SearchDoc {
            kind: Kind::Faq,
            title: e.question.clone(),
            breadcrumbs: crumbs,
            path: e.path.clone(),
            anchor: e.anchor.clone(),
            text: answer_text.clone(),
            answer_html: Some(e.answer_html.clone()),
            example: None,
            targets: Vec::new(),
        },
        part: part.to_string(),
        body: answer_text,
        code: String::new(),
        terms: vec![e.question.clone()],
    }
}

fn entry_doc(
    kind: Kind,
    term_path: &[String],
    entry: &crate::model::IndexEntry,
    breadcrumbs: Vec<String>,
    page: &str,
) -> Doc {
    let first = entry.targets.first();
    let labels: Vec<&str> = entry.targets.iter().map(|t| t.label.as_str()).collect();
    Doc {
        shown: SearchDoc {
            kind,
            title: term_path.join(" › "),
            breadcrumbs,
            path: first
                .map(|t| t.path.clone())
                .unwrap_or_else(|| page.to_string()),
            anchor: first.map(|t| t.anchor.clone()).unwrap_or_default(),
            text: labels.join(", "),
            answer_html: None,
            example: None,
            targets: entry.targets.clone(),
        },
        part: String::new(),
        body: String::new(),
        code: String::new(),
        terms: vec![term_path.join(" ")],
    }
}

fn example_doc(book: &BookConfig, ex: &Example, first_use: Option<(PageLink, String)>) -> Doc {
    let dir = book.examples.join(&ex.dir);
    let sources: Vec<String> = ex
        .files
        .iter()
        .filter(|f| f.ends_with(".rs"))
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
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
        shown: SearchDoc {
            kind: Kind::Example,
            title: ex.id.clone(),
            breadcrumbs: vec!["Examples".into()],
            path,
            anchor,
            text: if doc.is_empty() {
                ex.description.clone()
            } else {
                doc.clone()
            },
            answer_html: None,
            example: Some(ex.id.clone()),
            targets: Vec::new(),
        },
        part: String::new(),
        body: format!("{} {}", ex.description, doc),
        code: sources.join("\n"),
        terms: vec![ex.id.replace(['-', '_'], " ")],
    }
}

/// Text content of sanitized HTML (for indexing FAQ answers).
fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_index(
    dir: &Path,
    manifest: &Manifest,
    data: &BookData,
    docs: &[Doc],
) -> Result<(), BuildError> {
    let tantivy_dir = dir.join(files::TANTIVY);
    std::fs::create_dir_all(&tantivy_dir).map_err(|e| BuildError::io(&tantivy_dir, e))?;
    let (schema, f) = schema();
    let index = tantivy::Index::create_in_dir(&tantivy_dir, schema)?;
    register_tokenizers(&index);
    let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
    for (ord, d) in docs.iter().enumerate() {
        writer.add_document(tantivy_doc(&f, ord as u64, d))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    let shown: Vec<&SearchDoc> = docs.iter().map(|d| &d.shown).collect();
    write_json(&dir.join(files::DOCS), &shown)?;
    write_json(&dir.join(files::BOOK), data)?;
    write_json(&dir.join(files::VOCAB), &vocabulary(docs))?;
    // The manifest goes last: a folder with a manifest is complete.
    write_json(&dir.join(files::MANIFEST), manifest)
}

fn tantivy_doc(f: &Fields, ord: u64, d: &Doc) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.ord, ord);
    doc.add_text(f.title, &d.shown.title);
    for t in &d.terms {
        doc.add_text(f.terms, t);
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
fn vocabulary(docs: &[Doc]) -> Vec<(String, u32)> {
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

/// Writes JSON; files named `*.gz` are gzip-compressed (rendered HTML is
/// bulky and compresses about fivefold).
fn write_json<T: serde::Serialize + ?Sized>(path: &Path, value: &T) -> Result<(), BuildError> {
    use std::io::Write;
    let io = |e| BuildError::io(path, e);
    let bytes = serde_json::to_vec(value).map_err(|e| io(std::io::Error::other(e)))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes).map_err(io)?;
        gz.finish().map_err(io)?
    } else {
        bytes
    };
    std::fs::write(path, bytes).map_err(io)
}

/// Writes into a fresh folder beside `out` and swaps it in only when complete,
/// so a reader never sees half an index and a failed build keeps the old one.
fn write_atomically(
    out: &Path,
    write: impl FnOnce(&Path) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| BuildError::io(&parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let unique = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    let tmp = parent.join(format!(".{name}.tmp-{unique}"));
    std::fs::create_dir_all(&tmp).map_err(|e| BuildError::io(&tmp, e))?;
    if let Err(e) = write(&tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = parent.join(format!(".{name}.old-{unique}"));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| BuildError::io(out, e))?;
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(BuildError::io(out, e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
