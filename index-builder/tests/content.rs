//! The bundled book (`content/`): it checks clean, holds at least what the
//! content issues promise, and its relevance does not regress.

mod support;

use index_builder::{check, eval};
use std::path::{Path, PathBuf};

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

#[test]
fn content_checks_clean_and_is_complete() {
    let problems = check(&content()).unwrap();
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );

    let dir = tempfile::tempdir().unwrap();
    let (report, index) = support::build_and_open(&content(), &dir.path().join("index"));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let c = &report.counts;
    assert!(c.faqs >= 100, "FAQ questions: {}", c.faqs);
    assert!(
        c.index_entries >= 250,
        "detailed index entries: {}",
        c.index_entries
    );
    assert!(c.topics >= 40, "topic index entries: {}", c.topics);
    assert!(c.examples >= 22, "examples: {}", c.examples);
    assert!(c.pages >= 29, "pages: {}", c.pages);

    // Every example is shown by some chapter, so its Run button has a home.
    for ex in index.examples() {
        assert!(
            !ex.used_by.is_empty(),
            "example {} is included by no chapter",
            ex.id
        );
        assert!(
            !ex.description.is_empty(),
            "example {} has no description",
            ex.id
        );
    }

    // The relevance set: a floor under MRR@10 so a ranking regression shows
    // here too (CI holds all four books to theirs with `eval --suite`).
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/content.jsonl");
    let queries = eval::parse_queries(&std::fs::read_to_string(&file).unwrap(), &file).unwrap();
    assert_eq!(
        eval::dangling_targets(&index, &queries),
        Vec::<String>::new()
    );
    let score = eval::evaluate(&index, &queries).all;
    assert!(score.queries >= 80, "{} queries", score.queries);
    let (mrr, recall) = (score.mrr(), score.recall_at_5());
    eprintln!(
        "content relevance: {} queries, MRR@10 {mrr:.3}, recall@5 {recall:.3}",
        score.queries
    );
    assert!(
        mrr >= 0.6 && recall >= 0.85,
        "MRR@10 {mrr:.3}, recall@5 {recall:.3}"
    );
}

#[test]
fn book_toml_is_one_mdbook_0_5_accepts() {
    // mdBook 0.5 denies unknown top-level tables: ours lives in [output.atlas].
    let text = std::fs::read_to_string(content().join("book.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    for key in doc.keys() {
        assert!(
            ["book", "build", "rust", "output", "preprocessor"].contains(&key.as_str()),
            "mdBook 0.5 rejects the top-level table [{key}]"
        );
    }
    assert_eq!(doc["output"]["atlas"]["optional"].as_bool(), Some(true));
}
