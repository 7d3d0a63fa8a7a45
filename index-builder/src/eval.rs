//! Relevance evaluation: graded queries in, MRR@10 and recall@5 per kind out.
//! The one copy of this arithmetic, used by `index-builder eval`, the tests and
//! the bench.
//!
//! A query file is JSON Lines, one `{"query", "expect", "kind"}` object a line
//! (`//` lines are comments). `expect` is the section that should rank first,
//! as `path#anchor` (or `path` for the top of a page). A hit matches when it
//! leads there itself, or when it is an index entry one of whose targets does.

use std::collections::BTreeMap;
use std::path::Path;

use atlas_model::{Hit, SearchRequest};
use serde::Deserialize;

use crate::Index;

/// Hits looked at per query: MRR@10.
pub const DEPTH: usize = 10;

/// One graded query.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EvalQuery {
    /// What the reader types.
    pub query: String,
    /// Where it should land: `path#anchor`.
    pub expect: String,
    /// The kind of query (`question`, `symbol`, `typo`, ...); `other` if unset.
    #[serde(default)]
    pub kind: String,
}

/// A line of a query file that is not a query.
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

/// Parses a query file's text; `file` names it in errors.
pub fn parse_queries(text: &str, file: &Path) -> Result<Vec<EvalQuery>, QueryFileError> {
    let mut queries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let mut q: EvalQuery = serde_json::from_str(line).map_err(|e| QueryFileError {
            file: file.display().to_string(),
            line: n + 1,
            message: e.to_string(),
        })?;
        if q.kind.is_empty() {
            q.kind = "other".into();
        }
        queries.push(q);
    }
    Ok(queries)
}

/// Whether `hit` leads to `expect` (`path#anchor`), itself or through a target.
pub fn hit_matches(hit: &Hit, expect: &str) -> bool {
    let place = |path: &str, anchor: &str| {
        if anchor.is_empty() {
            path == expect
        } else {
            expect.split_once('#') == Some((path, anchor))
        }
    };
    place(&hit.doc.path, &hit.doc.anchor)
        || hit.doc.targets.iter().any(|t| place(&t.path, &t.anchor))
}

/// The 0-based rank of the first hit that leads to `expect`, within [`DEPTH`].
pub fn rank_of(hits: &[Hit], expect: &str) -> Option<usize> {
    hits.iter().take(DEPTH).position(|h| hit_matches(h, expect))
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
}

impl Score {
    fn add(&mut self, rank: Option<usize>) {
        self.queries += 1;
        self.reciprocal_ranks += rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0));
        self.in_top5 += usize::from(rank.is_some_and(|r| r < 5));
    }

    /// Mean reciprocal rank over the top [`DEPTH`] hits.
    pub fn mrr(&self) -> f64 {
        self.reciprocal_ranks / self.queries.max(1) as f64
    }

    /// The share of queries answered within the top 5.
    pub fn recall_at_5(&self) -> f64 {
        self.in_top5 as f64 / self.queries.max(1) as f64
    }
}

/// One query's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    /// The query.
    pub query: EvalQuery,
    /// 0-based rank of the expected section, if within [`DEPTH`].
    pub rank: Option<usize>,
    /// Where the top hit led (`path#anchor`), for reports.
    pub top: Option<String>,
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

/// Runs every query against `index` (default request: all kinds, [`DEPTH`] hits).
pub fn evaluate(index: &Index, queries: &[EvalQuery]) -> Report {
    let mut report = Report::default();
    for q in queries {
        let mut req = SearchRequest::new(&q.query);
        req.limit = DEPTH;
        let hits = index.search(&req).hits;
        let rank = rank_of(&hits, &q.expect);
        report.all.add(rank);
        report.by_kind.entry(q.kind.clone()).or_default().add(rank);
        report.graded.push(Graded {
            query: q.clone(),
            rank,
            top: hits
                .first()
                .map(|h| format!("{}#{}", h.doc.path, h.doc.anchor)),
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
        }
    }

    #[test]
    fn a_hit_matches_itself_or_through_a_target() {
        assert!(hit_matches(&hit("a.md", "x", &[]), "a.md#x"));
        assert!(hit_matches(&hit("a.md", "", &[]), "a.md"));
        assert!(!hit_matches(&hit("a.md", "x", &[]), "a.md#xy"));
        assert!(!hit_matches(&hit("a.md", "", &[]), "a.md#x"));
        assert!(hit_matches(&hit("i.md", "t", &[("b.md", "y")]), "b.md#y"));
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
        let text = "// comment\n{\"query\":\"a\",\"expect\":\"b.md\"}\nnot json\n";
        let err = parse_queries(text, Path::new("q.jsonl")).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().starts_with("q.jsonl:3: "));
        let ok = parse_queries(&text[..text.len() - 9], Path::new("q.jsonl")).unwrap();
        assert_eq!(ok[0].kind, "other");
    }
}
