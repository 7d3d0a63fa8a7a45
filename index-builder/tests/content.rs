//! The bundled book (`content/`): it checks clean, holds at least what the
//! content issues promise, and its relevance does not regress.

use index_builder::{BuildOptions, Index, SearchRequest, build, check::check};
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
    let out = dir.path().join("index");
    let report = build(
        &BuildOptions {
            book_dir: content(),
            out_dir: out.clone(),
        },
        &mut |_| {},
    )
    .unwrap();
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let c = &report.counts;
    assert!(c.faqs >= 60, "FAQ questions: {}", c.faqs);
    assert!(
        c.index_entries >= 250,
        "detailed index entries: {}",
        c.index_entries
    );
    assert!(c.topics >= 40, "topic index entries: {}", c.topics);
    assert!(c.examples >= 22, "examples: {}", c.examples);
    assert!(c.pages >= 29, "pages: {}", c.pages);

    let index = Index::open(&out).unwrap();
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

    // The relevance set: a floor under MRR@10 so a ranking regression shows.
    let queries =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/content.jsonl"))
            .unwrap();
    let (mut n, mut rr, mut top5) = (0usize, 0f64, 0usize);
    for line in queries.lines().filter(|l| l.starts_with('{')) {
        let q: serde_json::Value = serde_json::from_str(line).unwrap();
        let expect = q["expect"].as_str().unwrap();
        let hits = index
            .search(&SearchRequest::new(q["query"].as_str().unwrap()))
            .hits;
        let rank = hits
            .iter()
            .position(|h| format!("{}#{}", h.path, h.anchor) == expect);
        n += 1;
        rr += rank.map(|r| 1.0 / (r as f64 + 1.0)).unwrap_or(0.0);
        top5 += usize::from(rank.is_some_and(|r| r < 5));
    }
    assert!(n >= 40, "{n} queries");
    let (mrr, recall) = (rr / n as f64, top5 as f64 / n as f64);
    eprintln!("content relevance: {n} queries, MRR@10 {mrr:.3}, recall@5 {recall:.3}");
    assert!(
        mrr >= 0.6 && recall >= 0.85,
        "MRR@10 {mrr:.3}, recall@5 {recall:.3}"
    );
}
