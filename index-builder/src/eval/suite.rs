//! The regression suite: several books, each with its query file and its
//! floors, in one TOML file (`index-builder/eval/suite.toml`).
//!
//! ```toml
//! [[book]]
//! name = "content"
//! book = "../../content"                 # relative to the suite file
//! queries = "content.jsonl"
//! floors = { mrr = 0.8, kind_mrr = 0.6, fail_rate = 0.1 }
//! hybrid = { mrr = 0.85, kind_mrr = 0.7, fail_rate = 0.05 }   # optional; needs the model
//! ```
//!
//! `floors` hold the lexical ranking; `hybrid` the fused one. A book with
//! hybrid floors is built with vectors and scored three ways (lexical,
//! semantic, hybrid); without the model it fails rather than skip them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::{QueryFileError, Report, dangling_targets, evaluate_with, parse_queries};
use crate::{BuildError, BuildOptions, Embedder, Index, OpenError, SearchMode, build};

/// The books of a suite.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    /// Each book, in the order reported.
    pub book: Vec<SuiteBook>,
}

/// One book of the suite.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteBook {
    /// Short name for reports.
    pub name: String,
    /// The book folder (made absolute on load).
    pub book: PathBuf,
    /// Its query file (made absolute on load).
    pub queries: PathBuf,
    /// What the lexical scores may not fall below.
    pub floors: Floors,
    /// What the hybrid scores may not fall below (needs the model).
    #[serde(default)]
    pub hybrid: Option<Floors>,
}

/// A book's floors: below any of them, the suite fails.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Floors {
    /// MRR@10 over all the book's queries.
    pub mrr: f64,
    /// MRR@10 of every kind of query.
    pub kind_mrr: f64,
    /// The largest share of queries with no answer in the top ten.
    pub fail_rate: f64,
}

/// Why a suite could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The suite file is not a valid suite.
    #[error("{path}: {message}")]
    Parse {
        /// The suite file.
        path: PathBuf,
        /// What is wrong, with its line.
        message: String,
    },
    /// A query file is malformed.
    #[error(transparent)]
    Queries(#[from] QueryFileError),
    /// A query file grades sections the book does not have.
    #[error("{file}: targets that are not headings of the book: {}", targets.join(", "))]
    Dangling {
        /// The query file.
        file: PathBuf,
        /// `id: path#anchor` for each.
        targets: Vec<String>,
    },
    /// The book did not build.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The built index did not open.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// The book has hybrid floors and no model was given.
    #[error("book {book} has hybrid floors, which need the sentence-embedding model: {reason}")]
    NoModel {
        /// The book's name.
        book: String,
        /// Why there is no model.
        reason: String,
    },
}

/// A book's scores and the floors they fell below.
#[derive(Debug, Clone)]
pub struct BookResult {
    /// The book.
    pub book: SuiteBook,
    /// Its lexical scores.
    pub report: Report,
    /// Semantic-only and hybrid scores, when the model was given.
    pub semantic: Option<Report>,
    /// See `semantic`.
    pub hybrid: Option<Report>,
    /// One line per floor not met; empty when the book passes.
    pub shortfalls: Vec<String>,
}

impl Suite {
    /// Reads a suite file; its relative paths are taken from its folder.
    pub fn load(path: &Path) -> Result<Suite, SuiteError> {
        let text = std::fs::read_to_string(path).map_err(|source| SuiteError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut suite: Suite = toml::from_str(&text).map_err(|e| SuiteError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        for b in &mut suite.book {
            b.book = base.join(&b.book);
            b.queries = base.join(&b.queries);
        }
        Ok(suite)
    }
}

impl SuiteBook {
    /// Builds the book into `scratch` (with vectors when it has hybrid floors),
    /// checks the grades name real headings, and scores each ranking against
    /// its floors. `model` is the model, or why there is none.
    pub fn run(
        &self,
        scratch: &Path,
        model: Result<&Arc<Embedder>, &str>,
    ) -> Result<BookResult, SuiteError> {
        if let (Some(_), Err(reason)) = (&self.hybrid, &model) {
            return Err(SuiteError::NoModel {
                book: self.name.clone(),
                reason: reason.to_string(),
            });
        }
        // Embedding a book takes a while: only books with hybrid floors get vectors.
        let model = model.ok().filter(|_| self.hybrid.is_some());
        let text = std::fs::read_to_string(&self.queries).map_err(|source| SuiteError::Read {
            path: self.queries.clone(),
            source,
        })?;
        let queries = parse_queries(&text, &self.queries)?;
        let out = scratch.join(&self.name);
        let opts = BuildOptions::new(&self.book, &out).with_embedder(model.cloned());
        build(&opts, &mut |_| {})?;
        let index = Index::open(&out)?;
        let targets = dangling_targets(&index, &queries);
        if !targets.is_empty() {
            return Err(SuiteError::Dangling {
                file: self.queries.clone(),
                targets,
            });
        }
        let model = model.map(|m| &**m);
        let score = |mode| evaluate_with(&index, &queries, mode, model);
        let report = score(SearchMode::Lexical);
        let mut shortfalls = self.floors.shortfalls(&report);
        let (semantic, hybrid) = match model {
            Some(_) => (
                Some(score(SearchMode::Semantic)),
                Some(score(SearchMode::Hybrid)),
            ),
            None => (None, None),
        };
        if let (Some(floors), Some(h)) = (&self.hybrid, &hybrid) {
            shortfalls.extend(
                floors
                    .shortfalls(h)
                    .into_iter()
                    .map(|s| format!("hybrid {s}")),
            );
        }
        Ok(BookResult {
            book: self.clone(),
            report,
            semantic,
            hybrid,
            shortfalls,
        })
    }
}

impl Floors {
    /// Each floor `report` falls below, as a sentence.
    pub fn shortfalls(&self, report: &Report) -> Vec<String> {
        let mut out = Vec::new();
        if report.all.mrr() < self.mrr {
            out.push(format!("MRR@10 {:.3} < {}", report.all.mrr(), self.mrr));
        }
        for (kind, score) in &report.by_kind {
            if score.mrr() < self.kind_mrr {
                out.push(format!(
                    "{kind}: MRR@10 {:.3} < {}",
                    score.mrr(),
                    self.kind_mrr
                ));
            }
        }
        if report.all.fail_rate() > self.fail_rate {
            let rate = report.all.fail_rate();
            out.push(format!("fails@10 {rate:.3} > {}", self.fail_rate));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Score;

    #[test]
    fn floors_name_what_fell_short() {
        let floors = Floors {
            mrr: 0.8,
            kind_mrr: 0.6,
            fail_rate: 0.1,
        };
        let mut report = Report::default();
        for rank in [Some(0), Some(0), None] {
            report.all.add(rank);
        }
        let mut weak = Score::default();
        weak.add(None);
        report.by_kind.insert("concept".into(), weak);
        let got = floors.shortfalls(&report);
        assert_eq!(
            got,
            [
                "MRR@10 0.667 < 0.8",
                "concept: MRR@10 0.000 < 0.6",
                "fails@10 0.333 > 0.1"
            ]
        );
        assert!(
            Floors {
                mrr: 0.5,
                kind_mrr: 0.0,
                fail_rate: 0.5
            }
            .shortfalls(&report)
            .is_empty()
        );
    }

    #[test]
    fn suite_paths_are_relative_to_the_suite_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("suite.toml");
        let text = "[[book]]\nname = \"b\"\nbook = \"../b\"\nqueries = \"b.jsonl\"\n\
                    floors = { mrr = 0.5, kind_mrr = 0.4, fail_rate = 0.2 }\n";
        std::fs::write(&file, text).unwrap();
        let suite = Suite::load(&file).unwrap();
        assert_eq!(suite.book[0].queries, dir.path().join("b.jsonl"));
        std::fs::write(&file, "[[book]]\nname = \"b\"\n").unwrap();
        let err = Suite::load(&file).unwrap_err().to_string();
        assert!(
            err.contains("suite.toml") && err.contains("missing field"),
            "{err}"
        );
    }
}
