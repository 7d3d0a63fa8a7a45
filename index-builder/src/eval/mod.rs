//! Relevance evaluation: graded queries in, MRR@10, recall@5 and fails@10 per
//! kind out. The one copy of this arithmetic, used by `index-builder eval`, the
//! tests and the bench.
//!
//! A query file is JSON Lines, one object a line, in the format the shared
//! mdBook baseline harness reads too:
//! `{"id", "query", "kind", "relevant": ["path.md#anchor", ...], "twin"?}`.
//! `relevant` lists the sections whose text answers the query, best first; a
//! typo query names its correctly spelled `twin`. A hit counts when it is one of
//! those sections itself: an index entry that merely links there does not.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use atlas_model::{Hit, SearchRequest};
use serde::Deserialize;

use crate::{Embedder, Index, SearchMode};

mod suite;

pub use suite::{BookResult, Floors, Suite, SuiteBook, SuiteError};

/// Hits looked at per query: MRR@10.
pub const DEPTH: usize = 10;

/// One graded query.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalQuery {
    /// A stable name (`ab-001`).
    pub id: String,
    /// What the reader types.
    pub query: String,
    /// The kind of query (`question`, `symbol`, `typo`, ...).
    pub kind: String,
    /// The sections that answer it, `path#anchor`, best first.
    pub relevant: Vec<String>,
    /// For a typo: the id of the correctly spelled query.
    #[serde(default)]
    pub twin: Option<String>,
}

/// A line of a query file that is not a good query.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct QueryFileError {
    /// The query file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a query file's text; `file` names it in errors. Checks what can be
/// checked without the book: unique ids, a relevant list, typo twins with the
/// same answers.
pub fn parse_queries(text: &str, file: &Path) -> Result<Vec<EvalQuery>, QueryFileError> {
    let err = |line: usize, message: String| QueryFileError {
        file: file.display().to_string(),
        line,
        message,
    };
    let mut queries: Vec<(usize, EvalQuery)> = Vec::new();
    let mut ids = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let q: EvalQuery = serde_json::from_str(line).map_err(|e| err(n + 1, e.to_string()))?;
        if q.relevant.is_empty() {
            return Err(err(n + 1, format!("{}: no relevant section", q.id)));
        }
        if !ids.insert(q.id.clone()) {
            return Err(err(n + 1, format!("duplicate id {}", q.id)));
        }
        queries.push((n + 1, q));
    }
    for (line, q) in &queries {
        let Some(twin) = &q.twin else { continue };
        let same = queries
            .iter()
            .find(|(_, t)| &t.id == twin)
            .is_some_and(|(_, t)| t.relevant == q.relevant);
        if !same {
            let message = format!("{}: its twin {twin} is missing or has other answers", q.id);
            return Err(err(*line, message));
        }
    }
    Ok(queries.into_iter().map(|(_, q)| q).collect())
}

/// The graded targets that are not a heading of the book in `index`: a grade
/// that can never be met is a mistake in the query file, not a miss.
pub fn dangling_targets(index: &Index, queries: &[EvalQuery]) -> Vec<String> {
    let known: HashSet<String> = index
        .pages()
        .iter()
        .flat_map(|p| {
            p.headings
                .iter()
                .map(move |h| format!("{}#{}", p.path, h.anchor))
        })
        .collect();
    queries
        .iter()
        .flat_map(|q| q.relevant.iter().map(move |r| (q, r)))
        .filter(|(_, r)| !known.contains(r.as_str()))
        .map(|(q, r)| format!("{}: {r}", q.id))
        .collect()
}

/// Whether `hit` is the section `target` (`path#anchor`).
pub fn hit_matches(hit: &Hit, target: &str) -> bool {
    target.split_once('#') == Some((hit.doc.path.as_str(), hit.doc.anchor.as_str()))
}

/// The 0-based rank of the first hit that is one of `relevant`, within [`DEPTH`].
pub fn rank_of(hits: &[Hit], relevant: &[String]) -> Option<usize> {
    hits.iter()
        .take(DEPTH)
        .position(|h| relevant.iter().any(|r| hit_matches(h, r)))
}

/// The scores of a group of queries.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// How many queries.
    pub queries: usize,
    /// Sum of reciprocal ranks (0 for a miss).
    pub reciprocal_ranks: f64,
    /// Queries answered within the top 5.
    pub in_top5: usize,
    /// Queries not answered within the top [`DEPTH`].
    pub fails: usize,
}

impl Score {
    fn add(&mut self, rank: Option<usize>) {
        self.queries += 1;
        self.reciprocal_ranks += rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0));
        self.in_top5 += usize::from(rank.is_some_and(|r| r < 5));
        self.fails += usize::from(rank.is_none());
    }

    /// Mean reciprocal rank over the top [`DEPTH`] hits.
    pub fn mrr(&self) -> f64 {
        self.reciprocal_ranks / self.queries.max(1) as f64
    }

    /// The share of queries answered within the top 5.
    pub fn recall_at_5(&self) -> f64 {
        self.in_top5 as f64 / self.queries.max(1) as f64
    }

    /// The share of queries not answered within the top [`DEPTH`].
    pub fn fail_rate(&self) -> f64 {
        self.fails as f64 / self.queries.max(1) as f64
    }
}

/// One query's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    /// The query.
    pub query: EvalQuery,
    /// 0-based rank of the first relevant section, if within [`DEPTH`].
    pub rank: Option<usize>,
    /// Where the top three hits led (`path#anchor`), for reports.
    pub top: Vec<String>,
}

/// Scores per kind of query, and over all of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Every query over all kinds.
    pub all: Score,
    /// Per kind, sorted by kind.
    pub by_kind: BTreeMap<String, Score>,
    /// Each query, in file order.
    pub graded: Vec<Graded>,
}

/// Runs every query against `index` by words alone (default request: all
/// kinds, [`DEPTH`] hits).
pub fn evaluate(index: &Index, queries: &[EvalQuery]) -> Report {
    evaluate_with(index, queries, SearchMode::Lexical, None)
}

/// Runs every query against `index` as `mode` asks, with `model` for the
/// semantic ranking.
pub fn evaluate_with(
    index: &Index,
    queries: &[EvalQuery],
    mode: SearchMode,
    model: Option<&Embedder>,
) -> Report {
    let mut report = Report::default();
    for q in queries {
        let mut req = SearchRequest::new(&q.query);
        req.limit = DEPTH;
        let hits = index.search_with(&req, mode, model).hits;
        let rank = rank_of(&hits, &q.relevant);
        report.all.add(rank);
        report.by_kind.entry(q.kind.clone()).or_default().add(rank);
        report.graded.push(Graded {
            query: q.clone(),
            rank,
            top: hits
                .iter()
                .take(3)
                .map(|h| format!("{}#{}", h.doc.path, h.doc.anchor))
                .collect(),
        });
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_model::{DocCard, Kind, Target};

    fn hit(path: &str, anchor: &str, targets: &[(&str, &str)]) -> Hit {
        Hit {
            doc: DocCard {
                kind: Kind::Chapter,
                title: String::new(),
                breadcrumbs: vec![],
                path: path.into(),
                anchor: anchor.into(),
                answer_html: None,
                example: None,
                targets: targets
                    .iter()
                    .map(|(p, a)| Target {
                        label: String::new(),
                        path: (*p).into(),
                        anchor: (*a).into(),
                    })
                    .collect(),
            },
            score: 1.0,
            snippet: String::new(),
            highlights: vec![],
            matched: vec![],
            also: vec![],
        }
    }

    #[test]
    fn a_hit_matches_only_as_itself() {
        assert!(hit_matches(&hit("a.md", "x", &[]), "a.md#x"));
        assert!(!hit_matches(&hit("a.md", "x", &[]), "a.md#xy"));
        assert!(!hit_matches(&hit("a.md", "", &[]), "a.md#x"));
        // An index entry linking to b.md#y is not the section b.md#y.
        assert!(!hit_matches(&hit("i.md", "t", &[("b.md", "y")]), "b.md#y"));
        let hits = [hit("a.md", "x", &[]), hit("b.md", "y", &[])];
        assert_eq!(rank_of(&hits, &["c.md#z".into(), "b.md#y".into()]), Some(1));
        assert_eq!(rank_of(&hits, &["c.md#z".into()]), None);
    }

    #[test]
    fn scores_are_reciprocal_ranks_and_top5_shares() {
        let mut s = Score::default();
        for rank in [Some(0), Some(1), None, Some(6)] {
            s.add(rank);
        }
        assert_eq!(s.queries, 4);
        assert!((s.mrr() - (1.0 + 0.5 + 0.0 + 1.0 / 7.0) / 4.0).abs() < 1e-9);
        assert!((s.recall_at_5() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn query_files_name_the_bad_line() {
        let good = r#"{"id":"a","query":"q","kind":"keyword","relevant":["b.md#c"]}"#;
        let typo = r#"{"id":"t","query":"w","kind":"typo","twin":"a","relevant":["b.md#c"]}"#;
        let text = format!("{good}\n\n{typo}\nnot json\n");
        let err = parse_queries(&text, Path::new("q.jsonl")).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.to_string().starts_with("q.jsonl:4: "));
        let ok = parse_queries(&format!("{good}\n{typo}\n"), Path::new("q.jsonl")).unwrap();
        assert_eq!(ok[1].twin.as_deref(), Some("a"));
    }

    #[test]
    fn query_files_reject_bad_grades() {
        let check = |text: &str| {
            parse_queries(text, Path::new("q.jsonl"))
                .unwrap_err()
                .message
        };
        let none = r#"{"id":"a","query":"q","kind":"keyword","relevant":[]}"#;
        assert!(check(none).contains("no relevant"));
        let a = r#"{"id":"a","query":"q","kind":"keyword","relevant":["b.md#c"]}"#;
        assert!(check(&format!("{a}\n{a}")).contains("duplicate id a"));
        let bad_twin = r#"{"id":"t","query":"w","kind":"typo","twin":"a","relevant":["x.md#y"]}"#;
        assert!(check(&format!("{a}\n{bad_twin}")).contains("other answers"));
        let extra = r#"{"id":"a","query":"q","kind":"k","relevant":["b.md#c"],"expect":"b"}"#;
        assert!(check(extra).contains("unknown field"));
    }
}
