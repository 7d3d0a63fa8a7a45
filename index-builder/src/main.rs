//! The `index-builder` command: `build`, `search`, `check` and `eval`.
//! A thin shell over the library; see `lib.rs` for the pipeline.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use index_builder::model::{Hit, Kind, SearchRequest};
use index_builder::{BuildOptions, Index, build, check, eval};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where `build` writes and `search` reads unless told otherwise.
const DEFAULT_INDEX: &str = "target/atlas-index";

#[derive(Parser)]
#[command(
    name = "index-builder",
    version,
    about = "Builds and queries Async Atlas indexes of mdBooks."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the index of a book.
    Build {
        /// The book folder (with book.toml).
        #[arg(long, default_value = "content")]
        book: PathBuf,
        /// The index folder to write (replaced atomically).
        #[arg(long, default_value = DEFAULT_INDEX)]
        out: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Searches an index.
    Search {
        /// The index folder.
        #[arg(long, default_value = DEFAULT_INDEX)]
        index: PathBuf,
        /// Only hits of this kind (chapter, faq, topic, index, example); repeatable.
        #[arg(long = "kind", value_parser = parse_kind)]
        kinds: Vec<Kind>,
        /// At most this many hits.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Read JSON lines `{"id","query"}` from this file and print one JSON
        /// line per query with its hits and in-process time in microseconds.
        #[arg(long, conflicts_with = "query")]
        batch: Option<PathBuf>,
        /// What to search for.
        query: Option<String>,
    },
    /// Checks links, anchors, includes and examples; exits 1 on any problem.
    Check {
        /// The book folder.
        #[arg(long, default_value = "content")]
        book: PathBuf,
    },
    /// Scores ranked answers against graded queries: MRR@10, recall@5 and
    /// fails@10 per kind. Either one index and its queries, or a whole suite
    /// (every book built afresh and held to its floors; exits 1 below one).
    Eval {
        /// The index folder.
        #[arg(long, default_value = DEFAULT_INDEX, conflicts_with = "suite")]
        index: PathBuf,
        /// JSON lines `{"id", "query", "kind", "relevant": ["path#anchor", ...]}`.
        #[arg(long, required_unless_present = "suite")]
        queries: Option<PathBuf>,
        /// A suite file (`index-builder/eval/suite.toml`): books, query files, floors.
        #[arg(long)]
        suite: Option<PathBuf>,
        /// Print every query's rank too.
        #[arg(long)]
        verbose: bool,
    },
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s)
        .ok_or_else(|| format!("unknown kind `{s}` (chapter, faq, topic, index, example)"))
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Build { book, out, json } => cmd_build(book, out, json),
        Command::Search {
            index,
            kinds,
            limit,
            json,
            batch,
            query,
        } => cmd_search(index, kinds, limit, json, batch, query),
        Command::Check { book } => cmd_check(book),
        Command::Eval {
            index,
            queries,
            suite,
            verbose,
        } => match (suite, queries) {
            (Some(suite), _) => cmd_eval_suite(&suite, verbose),
            (None, Some(queries)) => cmd_eval(&index, &queries, verbose),
            (None, None) => bail!("give --queries FILE or --suite FILE"),
        },
    }
}

fn cmd_build(book: PathBuf, out: PathBuf, json: bool) -> Result<()> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        Some(bar)
    } else {
        None
    };
    let report = build(
        &BuildOptions {
            book_dir: book.clone(),
            out_dir: out.clone(),
        },
        &mut |p| match &bar {
            Some(bar) => {
                bar.set_length(p.total as u64);
                bar.set_position(p.done as u64);
                bar.set_message(p.message);
            }
            None => eprintln!("[{}/{}] {}", p.done + 1, p.total, p.message),
        },
    )
    .with_context(|| format!("building the index of {}", book.display()))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let c = &report.counts;
    if json {
        println!(
            "{}",
            serde_json::json!({ "counts": c, "warnings": report.warnings, "elapsed_ms": report.elapsed_ms, "out": out })
        );
    } else {
        println!(
            "built {} in {} ms: {} pages, {} sections, {} FAQs, {} topics, {} index entries, {} examples, {} code blocks, {} warnings",
            out.display(),
            report.elapsed_ms,
            c.pages,
            c.sections,
            c.faqs,
            c.topics,
            c.index_entries,
            c.examples,
            c.code_blocks,
            c.warnings
        );
    }
    Ok(())
}

#[derive(Deserialize)]
struct BatchLine {
    id: serde_json::Value,
    query: String,
}

fn cmd_search(
    index: PathBuf,
    kinds: Vec<Kind>,
    limit: usize,
    json: bool,
    batch: Option<PathBuf>,
    query: Option<String>,
) -> Result<()> {
    let index = Index::open(&index)?;
    let request = |q: &str| SearchRequest {
        query: q.to_string(),
        kinds: kinds.clone(),
        part: None,
        chapter: None,
        limit,
    };
    let mut out = std::io::stdout().lock();
    if let Some(file) = batch {
        let f =
            std::fs::File::open(&file).with_context(|| format!("opening {}", file.display()))?;
        for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let q: BatchLine = serde_json::from_str(&line).with_context(|| {
                format!(
                    "{}:{}: expected {{\"id\", \"query\"}}",
                    file.display(),
                    n + 1
                )
            })?;
            let t = Instant::now();
            let results = index.search(&request(&q.query));
            let micros = t.elapsed().as_micros() as u64;
            let hits: Vec<_> = results
                .hits
                .iter()
                .map(hit_json)
                .collect::<Result<_, _>>()?;
            writeln!(
                out,
                "{}",
                serde_json::json!({ "id": q.id, "hits": hits, "suggestions": results.suggestions, "micros": micros })
            )?;
        }
        return Ok(());
    }
    let Some(query) = query else {
        bail!("give a QUERY or --batch FILE")
    };
    let results = index.search(&request(&query));
    if json {
        let hits: Vec<_> = results
            .hits
            .iter()
            .map(hit_json)
            .collect::<Result<_, _>>()?;
        writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
        return Ok(());
    }
    if results.hits.is_empty() {
        writeln!(out, "no hits")?;
        if !results.suggestions.is_empty() {
            writeln!(out, "did you mean: {}", results.suggestions.join(" | "))?;
        }
    }
    for (i, h) in results.hits.iter().enumerate() {
        let anchor = if h.doc.anchor.is_empty() {
            String::new()
        } else {
            format!("#{}", h.doc.anchor)
        };
        writeln!(
            out,
            "{:>2}. [{}] {}  ({}{})  {:.2}",
            i + 1,
            h.doc.kind.as_str(),
            h.doc.title,
            h.doc.path,
            anchor,
            h.score
        )?;
        writeln!(out, "    {}", h.doc.breadcrumbs.join(" › "))?;
        writeln!(out, "    {}", h.snippet)?;
    }
    Ok(())
}

/// The CLI's JSON shape of a hit: the wire shape the app uses.
fn hit_json(h: &Hit) -> serde_json::Result<serde_json::Value> {
    serde_json::to_value(h)
}

fn cmd_check(book: PathBuf) -> Result<()> {
    let problems = check(&book)?;
    for p in &problems {
        println!("{p}");
    }
    if problems.is_empty() {
        println!("{}: no problems", book.display());
        Ok(())
    } else {
        eprintln!("{} problems", problems.len());
        std::process::exit(1);
    }
}

fn cmd_eval(index: &Path, queries: &Path, verbose: bool) -> Result<()> {
    let index = Index::open(index)?;
    let text = std::fs::read_to_string(queries)
        .with_context(|| format!("reading {}", queries.display()))?;
    let queries = eval::parse_queries(&text, queries)?;
    let dangling = eval::dangling_targets(&index, &queries);
    if !dangling.is_empty() {
        bail!(
            "targets that are not headings of the book: {}",
            dangling.join(", ")
        );
    }
    print_report(&eval::evaluate(&index, &queries), verbose);
    Ok(())
}

fn cmd_eval_suite(suite: &Path, verbose: bool) -> Result<()> {
    let suite = eval::Suite::load(suite)?;
    let scratch = tempfile::tempdir().context("making a scratch folder")?;
    let mut failed = Vec::new();
    for book in &suite.book {
        let result = book
            .run(scratch.path())
            .with_context(|| format!("book {}", book.name))?;
        println!("\n## {} ({})", book.name, book.book.display());
        print_report(&result.report, verbose);
        failed.extend(
            result
                .shortfalls
                .iter()
                .map(|s| format!("{}: {s}", book.name)),
        );
    }
    if !failed.is_empty() {
        bail!("below the suite's floors:\n  {}", failed.join("\n  "));
    }
    Ok(())
}

fn print_report(report: &eval::Report, verbose: bool) {
    if verbose {
        for g in &report.graded {
            let rank = g.rank.map_or("-".into(), |r| (r + 1).to_string());
            let q = &g.query;
            println!(
                "{rank:>4}  {:<8} {:<9} {:<45} top: {}",
                q.id,
                q.kind,
                q.query,
                g.top.join(" ")
            );
        }
    }
    println!(
        "{:<12} {:>7} {:>8} {:>9} {:>8}",
        "kind", "queries", "MRR@10", "recall@5", "fails@10"
    );
    let rows = std::iter::once(("all", &report.all))
        .chain(report.by_kind.iter().map(|(k, s)| (k.as_str(), s)));
    for (kind, score) in rows {
        println!(
            "{:<12} {:>7} {:>8.3} {:>9.3} {:>8}",
            kind,
            score.queries,
            score.mrr(),
            score.recall_at_5(),
            score.fails
        );
    }
}
