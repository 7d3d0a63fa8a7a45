//! The tantivy schema and the per-document data kept beside it.
//!
//! Tantivy holds only what ranking needs (analyzed fields and a few exact
//! keys); everything a hit displays lives in `docs.json.gz`, loaded once, so a
//! query never touches tantivy's document store.

use crate::model::{Kind, Target};
use crate::tokenizer::{self, AtlasTokenizer, Flavor};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// The fields of the search index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Position in `docs.json.gz`.
    pub ord: Field,
    /// Section heading, FAQ question, index term or example name.
    pub title: Field,
    /// Terms from the topic and detailed indexes that point here.
    pub terms: Field,
    /// Prose.
    pub body: Field,
    /// Code blocks and inline code.
    pub code: Field,
    /// [`Kind`] as its lowercase name.
    pub kind: Field,
    /// The part title (empty outside parts).
    pub part: Field,
    /// The page path.
    pub chapter: Field,
}

/// Builds the schema and its field handles.
pub fn schema() -> (Schema, Fields) {
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            // Frequencies for BM25; no positions: queries are bags of words.
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let mut b = Schema::builder();
    let fields = Fields {
        ord: b.add_u64_field("ord", FAST),
        title: b.add_text_field("title", text(tokenizer::TEXT)),
        terms: b.add_text_field("terms", text(tokenizer::TEXT)),
        body: b.add_text_field("body", text(tokenizer::TEXT)),
        code: b.add_text_field("code", text(tokenizer::CODE)),
        kind: b.add_text_field("kind", STRING),
        part: b.add_text_field("part", STRING),
        chapter: b.add_text_field("chapter", STRING),
    };
    (b.build(), fields)
}

/// Registers the analyzers the schema names.
pub fn register_tokenizers(index: &tantivy::Index) {
    let m = index.tokenizers();
    m.register(tokenizer::TEXT, AtlasTokenizer::new(Flavor::Text));
    m.register(tokenizer::CODE, AtlasTokenizer::new(Flavor::Code));
}

/// One search document as a hit shows it (stored in `docs.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// What it is.
    pub kind: Kind,
    /// Heading, question, term or example name.
    pub title: String,
    /// Where it stands, outermost first.
    pub breadcrumbs: Vec<String>,
    /// Page path relative to `src/`.
    pub path: String,
    /// Heading id on the page, or empty.
    pub anchor: String,
    /// Plain text the snippet is cut from.
    pub text: String,
    /// FAQ answer, rendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_html: Option<String>,
    /// Example id, for example hits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// All targets of a topic or index entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
}
