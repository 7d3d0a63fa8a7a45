//! Semantic search: the model agrees with the reference implementation, an
//! index carries vectors that a rebuild reuses, hybrid search finds by
//! meaning, and a missing or damaged model or vector file never breaks search.

mod support;

use std::path::{Path, PathBuf};

use index_builder::model::SearchRequest;
use index_builder::{BuildOptions, Embedder, Index, ModelError, OpenError, SearchMode, build};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture")
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let n = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (n(a) * n(b))
}

#[test]
fn embeddings_match_the_reference_implementation() {
    let Some(model) = support::model() else {
        return;
    };
    // Written by scripts/model-reference.py with sentence-transformers on the CPU.
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/minilm-reference.json");
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let items = reference["sentences"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    let texts: Vec<&str> = items.iter().map(|s| s["text"].as_str().unwrap()).collect();
    let ours = model.embed(&texts).unwrap();
    for (item, v) in items.iter().zip(&ours) {
        let expected: Vec<f32> = item["vector"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap() as f32)
            .collect();
        assert_eq!(v.len(), index_builder::DIMS);
        let c = cosine(v, &expected);
        assert!(c >= 0.999, "cosine {c} for {:?}", item["text"]);
    }
}

#[test]
fn a_missing_or_damaged_model_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Embedder::load(dir.path()).unwrap_err();
    assert!(matches!(err, ModelError::Missing(_)), "{err}");
    assert!(err.to_string().contains("fetch-model.sh"), "{err}");

    std::fs::write(dir.path().join("config.json"), "{}").unwrap();
    let err = Embedder::load(dir.path()).unwrap_err();
    match &err {
        ModelError::Damaged { file, reason } => {
            assert!(file.ends_with("config.json"), "{err}");
            assert!(reason.contains("SHA-256"), "{err}");
        }
        other => panic!("expected Damaged, got {other}"),
    }
}

fn build_with(
    book: &Path,
    out: &Path,
    model: &std::sync::Arc<Embedder>,
) -> index_builder::BuildReport {
    let opts = BuildOptions::new(book, out).with_embedder(Some(model.clone()));
    build(&opts, &mut |_| {}).expect("the book builds")
}

fn top(index: &Index, query: &str, mode: SearchMode, model: Option<&Embedder>) -> Vec<String> {
    index
        .search_with(&SearchRequest::new(query), mode, model)
        .hits
        .iter()
        .map(|h| format!("{}#{}", h.doc.path, h.doc.anchor))
        .collect()
}

#[test]
fn vectors_are_built_reused_and_searched() {
    let Some(model) = support::model() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    support::copy_dir(&fixture(), &book);
    let out = dir.path().join("index");

    let first = build_with(&book, &out, &model).vectors.expect("vectors");
    assert_eq!(first.reused, 0);
    assert!(
        first.passages >= first.embedded && first.embedded > 10,
        "{first:?}"
    );

    // Words the fixture never uses, for two of its sections.
    let index = Index::open(&out).unwrap();
    assert!(index.has_vectors_for(model.id()));
    let m = Some(&*model);
    let hybrid = top(&index, "kill a spawned job", SearchMode::Hybrid, m);
    assert!(
        hybrid
            .iter()
            .take(2)
            .any(|t| t == "guide/cancel.md#aborting"),
        "{hybrid:?}"
    );
    let semantic = top(
        &index,
        "the producer is slowed down when the queue fills up",
        SearchMode::Semantic,
        m,
    );
    assert!(
        semantic
            .iter()
            .take(2)
            .any(|t| t == "guide/channels.md#bounded-channels-and-backpressure"),
        "{semantic:?}"
    );
    // A code symbol keeps the lexical answer first.
    let symbol = top(&index, "JoinHandle::abort", SearchMode::Hybrid, m);
    assert_eq!(
        symbol.first(),
        top(&index, "JoinHandle::abort", SearchMode::Lexical, m).first()
    );
    // Without the model the same index searches by words.
    assert_eq!(
        top(&index, "backpressure", SearchMode::Hybrid, None),
        top(&index, "backpressure", SearchMode::Lexical, None)
    );
    drop(index);

    // One chapter changes: only its documents are embedded again.
    let tasks = book.join("src/guide/channels.md");
    let text = std::fs::read_to_string(&tasks).unwrap();
    std::fs::write(
        &tasks,
        text.replace("carries one reply back", "carries exactly one reply back"),
    )
    .unwrap();
    let second = build_with(&book, &out, &model).vectors.expect("vectors");
    assert!(second.embedded >= 1 && second.embedded <= 3, "{second:?}");
    assert_eq!(
        second.embedded + second.reused,
        first.embedded + first.reused
    );
}

#[test]
fn a_damaged_vector_file_is_reported_and_a_lexical_index_still_searches() {
    let Some(model) = support::model() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    build_with(&fixture(), &out, &model);
    let vectors = out.join("vectors.bin");
    let bytes = std::fs::read(&vectors).unwrap();
    std::fs::write(&vectors, &bytes[..bytes.len() / 2]).unwrap();
    match Index::open(&out) {
        Err(OpenError::Corrupt { reason, .. }) => {
            assert!(reason.contains("vectors.bin"), "{reason}")
        }
        Err(e) => panic!("expected Corrupt, got {e}"),
        Ok(_) => panic!("a cut vectors.bin opened"),
    }

    let lexical = dir.path().join("lexical");
    build(&BuildOptions::new(fixture(), &lexical), &mut |_| {}).unwrap();
    let index = Index::open(&lexical).unwrap();
    assert!(!index.has_vectors_for(model.id()));
    let hits = top(&index, "backpressure", SearchMode::Hybrid, Some(&model));
    assert_eq!(
        hits.first().map(String::as_str),
        Some("guide/channels.md#bounded-channels-and-backpressure")
    );
}
