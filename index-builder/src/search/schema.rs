//! The tantivy schema and the per-document data kept beside it.
//!
//! Tantivy holds only what ranking needs (analyzed fields and a few exact
//! keys); everything a hit displays lives in `docs.json.gz`, loaded once, so a
//! query never touches tantivy's document store.

use crate::search::tokenizer::{self, AtlasTokenizer, Flavor};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// The fields of the search index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Position in `docs.json.gz`.
    pub ord: Field,
    /// Section heading, FAQ question, index term or example name.
    pub title: Field,
    /// Terms from the topic and detailed indexes that point here.
    pub terms: Field,
    /// The page title and the headings above the section (breadcrumbs).
    pub crumbs: Field,
    /// Prose.
    pub body: Field,
    /// Code blocks and inline code.
    pub code: Field,
    /// The title and terms again, analyzed with stop words (`for`, `while`)
    /// and operators (`?`, `..=`) kept.
    pub heading: Field,
    /// [`Kind`] as its lowercase name.
    pub kind: Field,
    /// The part title (empty outside parts).
    pub part: Field,
    /// The page path.
    pub chapter: Field,
}

impl Fields {
    /// The prose fields, where a word of the reader's is looked for.
    pub(crate) fn prose(&self) -> [Field; 4] {
        [self.title, self.terms, self.crumbs, self.body]
    }
}

/// Builds the schema and its field handles.
pub(crate) fn schema() -> (Schema, Fields) {
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            // Frequencies for BM25, positions for phrase boosts.
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let mut b = Schema::builder();
    let fields = Fields {
        ord: b.add_u64_field("ord", FAST),
        title: b.add_text_field("title", text(tokenizer::TEXT)),
        terms: b.add_text_field("terms", text(tokenizer::TEXT)),
        crumbs: b.add_text_field("crumbs", text(tokenizer::TEXT)),
        body: b.add_text_field("body", text(tokenizer::TEXT)),
        code: b.add_text_field("code", text(tokenizer::CODE)),
        heading: b.add_text_field("heading", text(tokenizer::HEADING)),
        kind: b.add_text_field("kind", STRING),
        part: b.add_text_field("part", STRING),
        chapter: b.add_text_field("chapter", STRING),
    };
    (b.build(), fields)
}

/// Registers the analyzers the schema names.
pub(crate) fn register_tokenizers(index: &tantivy::Index) {
    let m = index.tokenizers();
    m.register(tokenizer::TEXT, AtlasTokenizer::new(Flavor::Text));
    m.register(tokenizer::CODE, AtlasTokenizer::new(Flavor::Code));
    m.register(tokenizer::HEADING, AtlasTokenizer::new(Flavor::Heading));
}
