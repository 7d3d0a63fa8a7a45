//! The `index-builder` command: `build`, `search`, `check` and `eval`.
//! A thin shell over the library; see `lib.rs` for the pipeline.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use index_builder::model::{Hit, Kind, SearchRequest};
use index_builder::{BuildOptions, Embedder, Index, SearchMode, build, check, eval};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Where `build` writes and `search` reads unless told otherwise.
const DEFAULT_INDEX: &str = "target/atlas-index";
/// Where `scripts/fetch-model.sh` puts the sentence-embedding model.
const DEFAULT_MODEL: &str = "models/all-minilm-l6-v2";

/// The sentence-embedding model's folder, shared by the commands that use it.
#[derive(clap::Args)]
struct ModelArg {
    /// The model folder (see scripts/fetch-model.sh). Without it, lexical only.
    #[arg(long = "model", env = "ATLAS_MODEL_DIR", default_value = DEFAULT_MODEL)]
    dir: PathBuf,
    /// Do not load the model: a lexical-only index or search.
    #[arg(long)]
    no_model: bool,
}

impl ModelArg {
    /// The model, or why there is none (said once, on stderr).
    fn load(&self) -> Result<Arc<Embedder>, String> {
        if self.no_model {
            return Err("--no-model".into());
        }
        Embedder::load(&self.dir).map(Arc::new).map_err(|e| {
            eprintln!("notice: semantic search is off: {e}");
            e.to_string()
        })
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Mode {
    Lexical,
    Semantic,
    Hybrid,
}

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
        #[command(flatten)]
        model: ModelArg,
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
        /// Which rankings: hybrid (the default when the index has vectors
        /// and the model loads), lexical or semantic.
        #[arg(long, value_enum)]
        mode: Option<Mode>,
        #[command(flatten)]
        model: ModelArg,
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
        #[command(flatten)]
        model: ModelArg,
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
        Command::Build {
            book,
            out,
            json,
            model,
        } => cmd_build(book, out, json, model.load().ok()),
        Command::Search {
            index,
            kinds,
            limit,
            json,
            batch,
            mode,
            model,
            query,
        } => {
            let index = Index::open(&index)?;
            let (mode, model) = search_mode(&index, mode, &model)?;
            let opts = SearchOpts {
                kinds,
                limit,
                json,
                mode,
            };
            cmd_search(&index, model.as_deref(), &opts, batch, query)
        }
        Command::Check { book } => cmd_check(book),
        Command::Eval {
            index,
            queries,
            suite,
            verbose,
            model,
        } => match (suite, queries) {
            (Some(suite), _) => cmd_eval_suite(&suite, verbose, model.load()),
            (None, Some(queries)) => cmd_eval(&index, &queries, verbose, model.load().ok()),
            (None, None) => bail!("give --queries FILE or --suite FILE"),
        },
    }
}

/// The mode a search runs in, and the model it needs: hybrid by default when
/// the index has vectors of the model; a mode that needs the model fails
/// without it.
fn search_mode(
    index: &Index,
    asked: Option<Mode>,
    model: &ModelArg,
) -> Result<(SearchMode, Option<Arc<Embedder>>)> {
    let lexical = matches!(asked, Some(Mode::Lexical));
    let loaded = if lexical { None } else { model.load().ok() };
    let usable = loaded.filter(|m| index.has_vectors_for(m.id()));
    match (asked, usable) {
        (None | Some(Mode::Lexical), None) => Ok((SearchMode::Lexical, None)),
        (Some(Mode::Semantic | Mode::Hybrid), None) => {
            bail!("this mode needs the model and an index built with it (index-builder build)")
        }
        (Some(Mode::Semantic), m) => Ok((SearchMode::Semantic, m)),
        (_, m) => Ok((SearchMode::Hybrid, m)),
    }
}

fn cmd_build(book: PathBuf, out: PathBuf, json: bool, model: Option<Arc<Embedder>>) -> Result<()> {
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
        &BuildOptions::new(book.clone(), out.clone()).with_embedder(model),
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
            serde_json::json!({
                "counts": c,
                "warnings": report.warnings,
                "elapsed_ms": report.elapsed_ms,
                "out": out,
                "vectors": report.vectors.map(|v| serde_json::json!({
                    "passages": v.passages, "reused": v.reused, "embedded": v.embedded
                })),
            })
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
        match report.vectors {
            Some(v) => println!(
                "semantic vectors: {} passages ({} documents embedded, {} reused)",
                v.passages, v.embedded, v.reused
            ),
            None => println!("lexical only: no semantic vectors"),
        }
    }
    Ok(())
}

/// How `search` asks and prints.
struct SearchOpts {
    kinds: Vec<Kind>,
    limit: usize,
    json: bool,
    mode: SearchMode,
}

#[derive(Deserialize)]
struct BatchLine {
    id: serde_json::Value,
    query: String,
}

fn cmd_search(
    index: &Index,
    model: Option<&Embedder>,
    opts: &SearchOpts,
    batch: Option<PathBuf>,
    query: Option<String>,
) -> Result<()> {
    let search = |q: &str| {
        let req = SearchRequest {
            query: q.to_string(),
            kinds: opts.kinds.clone(),
            part: None,
            chapter: None,
            limit: opts.limit,
        };
        index.search_with(&req, opts.mode, model)
    };
    let json = opts.json;
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
            let results = search(&q.query);
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
    let results = search(&query);
    if json {
        let hits: Vec<_> = results
            .hits
            .iter()
            .map(hit_json)
            .collect::<Result<_, _>>()?;
        writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
        return Ok(());
    }
    print_hits(&mut out, &results)
}

/// The hits as a numbered list, or "no hits" with suggestions.
fn print_hits(out: &mut impl Write, results: &index_builder::model::SearchResults) -> Result<()> {
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

fn cmd_eval(
    index: &Path,
    queries: &Path,
    verbose: bool,
    model: Option<Arc<Embedder>>,
) -> Result<()> {
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
    let model = model.filter(|m| index.has_vectors_for(m.id()));
    let score = |mode| eval::evaluate_with(&index, &queries, mode, model.as_deref());
    let lexical = score(SearchMode::Lexical);
    let (semantic, hybrid) = match &model {
        Some(_) => (
            Some(score(SearchMode::Semantic)),
            Some(score(SearchMode::Hybrid)),
        ),
        None => (None, None),
    };
    print_reports(&lexical, semantic.as_ref(), hybrid.as_ref(), verbose);
    Ok(())
}

fn cmd_eval_suite(suite: &Path, verbose: bool, model: Result<Arc<Embedder>, String>) -> Result<()> {
    let suite = eval::Suite::load(suite)?;
    let scratch = tempfile::tempdir().context("making a scratch folder")?;
    let mut failed = Vec::new();
    for book in &suite.book {
        let started = Instant::now();
        let result = book
            .run(scratch.path(), model.as_ref().map_err(String::as_str))
            .with_context(|| format!("book {}", book.name))?;
        println!(
            "\n## {} ({}), built and scored in {:.1} s",
            book.name,
            book.book.display(),
            started.elapsed().as_secs_f64()
        );
        print_reports(
            &result.report,
            result.semantic.as_ref(),
            result.hybrid.as_ref(),
            verbose,
        );
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

/// One table per book: the lexical scores, and beside them the semantic and
/// hybrid MRR@10 when those were run. `--verbose` lists each query's rank in
/// the ranking that decides (hybrid when there is one).
fn print_reports(
    lexical: &eval::Report,
    semantic: Option<&eval::Report>,
    hybrid: Option<&eval::Report>,
    verbose: bool,
) {
    if verbose {
        let deciding = hybrid.unwrap_or(lexical);
        for (i, g) in deciding.graded.iter().enumerate() {
            let rank = |r: Option<usize>| r.map_or("-".into(), |r| (r + 1).to_string());
            let lex = rank(lexical.graded[i].rank);
            let q = &g.query;
            println!(
                "{:>4} (lex {lex:>2})  {:<8} {:<9} {:<45} top: {}",
                rank(g.rank),
                q.id,
                q.kind,
                q.query,
                g.top.join(" ")
            );
        }
    }
    let Some((semantic, hybrid)) = semantic.zip(hybrid) else {
        println!(
            "{:<12} {:>7} {:>8} {:>9} {:>8}",
            "kind", "queries", "MRR@10", "recall@5", "fails@10"
        );
        for (kind, score) in rows(lexical) {
            println!(
                "{:<12} {:>7} {:>8.3} {:>9.3} {:>8}",
                kind,
                score.queries,
                score.mrr(),
                score.recall_at_5(),
                score.fails
            );
        }
        return;
    };
    println!(
        "{:<12} {:>7} {:>8} {:>8} {:>8} {:>9} {:>8}",
        "kind", "queries", "lexical", "semantic", "hybrid", "recall@5", "fails@10"
    );
    let others = rows(semantic).zip(rows(hybrid));
    for ((kind, lex), ((_, sem), (_, hyb))) in rows(lexical).zip(others) {
        println!(
            "{:<12} {:>7} {:>8.3} {:>8.3} {:>8.3} {:>9.3} {:>8}",
            kind,
            lex.queries,
            lex.mrr(),
            sem.mrr(),
            hyb.mrr(),
            hyb.recall_at_5(),
            hyb.fails
        );
    }
}

/// "all", then each kind.
fn rows(report: &eval::Report) -> impl Iterator<Item = (&str, &eval::Score)> {
    std::iter::once(("all", &report.all)).chain(report.by_kind.iter().map(|(k, s)| (k.as_str(), s)))
}
