//! The regression suite: several books, each with its query file and its
//! floors, in one TOML file (`index-builder/eval/suite.toml`).
//!
//! ```toml
//! [[book]]
//! name = "content"
//! book = "../../content"                 # relative to the suite file
//! queries = "content.jsonl"
//! floors = { mrr = 0.8, kind_mrr = 0.6, fail_rate = 0.1 }
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{QueryFileError, Report, dangling_targets, evaluate, parse_queries};
use crate::{BuildError, BuildOptions, Index, OpenError, build};

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
    /// What the scores may not fall below.
    pub floors: Floors,
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
}

/// A book's scores and the floors they fell below.
#[derive(Debug, Clone)]
pub struct BookResult {
    /// The book.
    pub book: SuiteBook,
    /// Its scores.
    pub report: Report,
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
    /// Builds the book into `scratch`, checks the grades name real headings,
    /// and scores it against its floors.
    pub fn run(&self, scratch: &Path) -> Result<BookResult, SuiteError> {
        let text = std::fs::read_to_string(&self.queries).map_err(|source| SuiteError::Read {
            path: self.queries.clone(),
            source,
        })?;
        let queries = parse_queries(&text, &self.queries)?;
        let out = scratch.join(&self.name);
        build(&BuildOptions::new(&self.book, &out), &mut |_| {})?;
        let index = Index::open(&out)?;
        let targets = dangling_targets(&index, &queries);
        if !targets.is_empty() {
            return Err(SuiteError::Dangling {
                file: self.queries.clone(),
                targets,
            });
        }
        let report = evaluate(&index, &queries);
        let shortfalls = self.floors.shortfalls(&report);
        Ok(BookResult {
            book: self.clone(),
            report,
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
