//! [`Index`]: the one door to an index folder. The app reads pages, indexes
//! and examples and runs searches through it; tantivy stays behind it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use atlas_model::{
    BookData, Catalog, CodeBlock, Example, FaqEntry, IndexEntry, Kind, Page, SearchDoc,
    SearchRequest, SearchResults, Toc, TopicGroup,
};
use serde::{Deserialize, Serialize};

use crate::book::BookConfig;
use crate::error::OpenError;
use crate::search::query::{Engine, Meaning};
use crate::search::schema::{Fields, register_tokenizers, schema};
use crate::search::synonyms::{Synonyms, thesaurus};
use crate::semantic::{Embedder, SearchMode, Vectors};
use crate::store::manifest::content_hash;
use crate::store::{self, Manifest, corrupt};

/// An opened index folder. Cheap to query from many threads (`Send + Sync`).
pub struct Index {
    dir: PathBuf,
    manifest: Manifest,
    data: BookData,
    docs: Vec<SearchDoc>,
    vocab: Vec<(String, u32)>,
    searcher: tantivy::Searcher,
    fields: Fields,
    pages_by_path: HashMap<String, usize>,
    blocks_by_id: HashMap<String, usize>,
    /// `path#anchor` of each chapter section, to its search document.
    sections: HashMap<String, usize>,
    /// The shipped thesaurus with the book's own synonyms.
    synonyms: Synonyms,
    /// Passage vectors, when the index was built with the model.
    vectors: Option<Vectors>,
}

/// Whether an index folder can serve a book as it is on disk now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Built from exactly these files by this schema.
    Fresh,
    /// No index there.
    Missing,
    /// The book changed since.
    Stale,
    /// Written by a builder with another schema.
    WrongSchema,
    /// Present but unreadable.
    Corrupt,
}

/// Compares the index at `index_dir` with the book at `book_dir`.
pub fn freshness(book_dir: &Path, index_dir: &Path) -> Freshness {
    let manifest = match store::read_manifest(index_dir) {
        Ok(m) => m,
        Err(OpenError::Missing(_)) => return Freshness::Missing,
        Err(OpenError::SchemaMismatch { .. }) => return Freshness::WrongSchema,
        Err(OpenError::Corrupt { .. }) => return Freshness::Corrupt,
    };
    let hash = BookConfig::load(book_dir)
        .ok()
        .and_then(|b| content_hash(&b).ok());
    match hash {
        Some(h) if h == manifest.content_hash => Freshness::Fresh,
        _ => Freshness::Stale,
    }
}

impl Index {
    /// Opens the index folder `dir`. Errors say whether to build or rebuild.
    pub fn open(dir: &Path) -> Result<Index, OpenError> {
        let store::Contents {
            manifest,
            book: data,
            docs,
            vocab,
            vectors,
        } = store::read(dir)?;
        let tantivy_dir = dir.join(store::TANTIVY);
        let index = tantivy::Index::open_in_dir(&tantivy_dir).map_err(|e| corrupt(dir, e))?;
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(corrupt(dir, "the search index has another schema"));
        }
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| corrupt(dir, e))?;
        let searcher = reader.searcher();
        if searcher.num_docs() as usize != docs.len() {
            return Err(corrupt(
                dir,
                format!(
                    "{} search documents for {} descriptions",
                    searcher.num_docs(),
                    docs.len()
                ),
            ));
        }
        let pages_by_path = data
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
        let blocks_by_id = data
            .code_blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.clone(), i))
            .collect();
        let sections = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.card.kind == Kind::Chapter)
            .map(|(i, d)| (format!("{}#{}", d.card.path, d.card.anchor), i))
            .collect();
        let mut own = Synonyms::default();
        for group in &data.synonyms {
            own.add_group(group);
        }
        let synonyms = thesaurus().merged(&own);
        Ok(Index {
            sections,
            synonyms,
            vectors,
            dir: dir.to_path_buf(),
            manifest,
            data,
            docs,
            vocab,
            searcher,
            fields,
            pages_by_path,
            blocks_by_id,
        })
    }

    /// Whether the index holds semantic vectors (made by the model with id `model`).
    pub fn has_vectors_for(&self, model: &str) -> bool {
        self.vectors.as_ref().is_some_and(|v| v.model == model)
    }

    /// The folder this index was opened from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the index is: version, source book, counts, warnings.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Says the book now lives at `book_dir`: an index built elsewhere (a package's
    /// prebuilt index) then runs the examples of this copy, not of the folder it
    /// was built from. An examples folder outside the book keeps its path.
    pub fn relocate(&mut self, book_dir: &Path) {
        let old = std::mem::replace(&mut self.manifest.book_dir, book_dir.to_path_buf());
        if let Some(examples) = &mut self.manifest.examples_dir
            && let Ok(rel) = examples.strip_prefix(&old)
        {
            *examples = book_dir.join(rel);
        }
    }

    /// Searches by words alone. Never fails: any string gives hits,
    /// suggestions or nothing.
    pub fn search(&self, req: &SearchRequest) -> SearchResults {
        self.search_with(req, SearchMode::Lexical, None)
    }

    /// Searches as `mode` asks. The semantic ranking needs `model`, and
    /// vectors in the index made by that same model; without them the search
    /// is lexical.
    pub fn search_with(
        &self,
        req: &SearchRequest,
        mode: SearchMode,
        model: Option<&Embedder>,
    ) -> SearchResults {
        let meaning = match (model, &self.vectors) {
            (Some(embedder), Some(vectors)) if vectors.model == embedder.id() => {
                Some(Meaning { embedder, vectors })
            }
            _ => None,
        };
        let mode = if meaning.is_none() {
            SearchMode::Lexical
        } else {
            mode
        };
        Engine {
            mode,
            meaning,
            searcher: &self.searcher,
            fields: self.fields,
            docs: &self.docs,
            vocab: &self.vocab,
            synonyms: &self.synonyms,
            sections: &self.sections,
            doc_freqs: Default::default(),
        }
        .search(req)
    }

    /// The table of contents.
    pub fn toc(&self) -> &Toc {
        &self.data.toc
    }

    /// All pages in reading order.
    pub fn pages(&self) -> &[Page] {
        &self.data.pages
    }

    /// The page at `path` (relative to `src/`).
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.pages_by_path.get(path).map(|&i| &self.data.pages[i])
    }

    /// The first page in reading order.
    pub fn first_page(&self) -> Option<&Page> {
        self.data.pages.first()
    }

    /// The topic index.
    pub fn topics(&self) -> &[TopicGroup] {
        &self.data.topics
    }

    /// The detailed index.
    pub fn detailed_index(&self) -> &[IndexEntry] {
        &self.data.index
    }

    /// Every FAQ question.
    pub fn faq(&self) -> &[FaqEntry] {
        &self.data.faq
    }

    /// Every example package.
    pub fn examples(&self) -> &[Example] {
        &self.data.examples
    }

    /// The example with this id (package name).
    pub fn example(&self, id: &str) -> Option<&Example> {
        self.data
            .examples
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.data.examples[i])
    }

    /// Every code block of every page.
    pub fn code_blocks(&self) -> &[CodeBlock] {
        &self.data.code_blocks
    }

    /// The code block with this id (`PATH:N`).
    pub fn code_block(&self, id: &str) -> Option<&CodeBlock> {
        self.blocks_by_id
            .get(id)
            .map(|&i| &self.data.code_blocks[i])
    }
}

impl Catalog for Index {
    fn example(&self, id: &str) -> Option<&Example> {
        Index::example(self, id)
    }

    fn examples(&self) -> &[Example] {
        Index::examples(self)
    }

    fn code_block(&self, id: &str) -> Option<&CodeBlock> {
        Index::code_block(self, id)
    }

    fn examples_dir(&self) -> Option<&Path> {
        self.manifest.examples_dir.as_deref()
    }
}
