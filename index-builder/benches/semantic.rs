//! Semantic-search figures for the README (issue 11's targets): model load,
//! the query embedding alone, a hybrid query with snippets (p50/p95), the
//! bundled book's build with vectors cold, after one chapter changed and
//! with nothing changed, and the vectors' size against the lexical index.
//!
//! `cargo bench --workspace --bench semantic -- [--json]`. The model folder
//! is `ATLAS_MODEL_DIR` or `models/all-minilm-l6-v2` (`scripts/fetch-model.sh`);
//! without it the bench stops and says so: these figures mean nothing lexical.

use index_builder::model::SearchRequest;
use index_builder::{BuildOptions, Embedder, Index, SearchMode, build};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;
use common::{all_queries, cpu_model, file_size};

// As in the app and the CLI: glibc's malloc hands the model's tensors back to
// the OS after every layer, and the page faults cost a third of an embedding.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let steal_before = cpu_ticks();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model_dir = std::env::var_os("ATLAS_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../models/all-minilm-l6-v2"));
    let load_ms = median((0..3).map(|_| {
        let t = Instant::now();
        let e = Embedder::load(&model_dir);
        let ms = ms_since(t);
        if let Err(e) = e {
            panic!("the semantic bench needs the model: {e}");
        }
        ms
    }));
    let embedder = Arc::new(Embedder::load(&model_dir).expect("model"));

    // A copy of the bundled book, so one chapter can be edited.
    let tmp = tempfile::tempdir().expect("temp dir");
    let book = tmp.path().join("book");
    copy_book(&root.join("../content"), &book);
    let out = tmp.path().join("index");
    let opts = BuildOptions::new(&book, &out).with_embedder(Some(embedder.clone()));
    let (cold_ms, cold) = timed_build(&opts);
    let (same_ms, _) = timed_build(&opts);
    let chapter = book.join("src/part-guide/cleanup.md");
    let text = std::fs::read_to_string(&chapter).expect("a guide chapter");
    // Under the title, in the chapter's first section (its last, "See also", is
    // not a search document).
    let (title, rest) = text.split_once('\n').expect("a title line");
    let edited =
        format!("{title}\n\nA paragraph added by the bench, so this section re-embeds.\n{rest}");
    std::fs::write(&chapter, edited).expect("edit a chapter");
    let (one_ms, one) = timed_build(&opts);

    let index = Index::open(&out).expect("open");
    let queries = all_queries();
    let embed_us = percentiles(&queries, 2, |q| {
        std::hint::black_box(embedder.embed(&[q]).expect("embed"));
    });
    // More distinct queries than the app's cache of recent ones holds, taken
    // in turn: every hybrid search below embeds its query anew.
    let hybrid_us = percentiles(&queries, 2, |q| {
        let r = index.search_with(&SearchRequest::new(q), SearchMode::Hybrid, Some(&embedder));
        std::hint::black_box(r);
    });
    let lexical_us = percentiles(&queries, 2, |q| {
        std::hint::black_box(index.search(&SearchRequest::new(q)));
    });
    let vectors = file_size(&out.join("vectors.bin"));
    let lexical = dir_size(&out.join("tantivy")) + file_size(&out.join("docs.json.gz"));
    let figures = serde_json::json!({
        "model_load_ms": load_ms,
        "queries": queries.len(),
        "embed_p50_us": embed_us.0, "embed_p95_us": embed_us.1,
        "hybrid_p50_us": hybrid_us.0, "hybrid_p95_us": hybrid_us.1,
        "lexical_p50_us": lexical_us.0, "lexical_p95_us": lexical_us.1,
        "build_cold_ms": cold_ms, "build_one_chapter_ms": one_ms,
        "build_unchanged_ms": same_ms,
        "passages": cold.vectors.as_ref().map_or(0, |v| v.passages),
        "passages_re_embedded": one.vectors.as_ref().map_or(0, |v| v.embedded),
        "vectors_bytes": vectors, "lexical_bytes": lexical,
        "cpu": cpu_model(),
        "steal_share": steal_share(steal_before, cpu_ticks()),
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
    });
    if json {
        println!("{figures}");
    } else {
        print_text(&figures);
    }
}

fn print_text(f: &serde_json::Value) {
    let n = |k: &str| f[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "machine: {}; {:.0} % of the CPU time was stolen by the host during the run",
        f["cpu"].as_str().unwrap_or(""),
        100.0 * n("steal_share")
    );
    println!("model load: {:.0} ms (median of 3)", n("model_load_ms"));
    println!(
        "over {} queries x 2: embedding alone p50 {:.0} µs, p95 {:.0} µs; \
         hybrid search p50 {:.0} µs, p95 {:.0} µs; lexical p50 {:.0} µs, p95 {:.0} µs",
        f["queries"],
        n("embed_p50_us"),
        n("embed_p95_us"),
        n("hybrid_p50_us"),
        n("hybrid_p95_us"),
        n("lexical_p50_us"),
        n("lexical_p95_us")
    );
    println!(
        "bundled book with vectors ({} passages): cold {:.0} ms, one chapter changed {:.0} ms \
         ({} passages re-embedded), unchanged {:.0} ms",
        f["passages"],
        n("build_cold_ms"),
        n("build_one_chapter_ms"),
        f["passages_re_embedded"],
        n("build_unchanged_ms")
    );
    println!(
        "vectors {:.0} KiB, lexical index {:.0} KiB ({:.2}x)",
        n("vectors_bytes") / 1024.0,
        n("lexical_bytes") / 1024.0,
        n("vectors_bytes") / n("lexical_bytes")
    );
}

fn timed_build(opts: &BuildOptions) -> (f64, index_builder::BuildReport) {
    let t = Instant::now();
    let report = build(opts, &mut |_| {}).expect("build the bundled book");
    (ms_since(t), report)
}

/// p50 and p95 in µs of `f` over `queries`, `rounds` rounds after a warm-up.
fn percentiles(queries: &[String], rounds: usize, mut f: impl FnMut(&str)) -> (f64, f64) {
    let mut times = Vec::new();
    for round in 0..=rounds {
        for q in queries {
            let t = Instant::now();
            f(q);
            if round > 0 {
                times.push(t.elapsed().as_secs_f64() * 1e6);
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    (pct(0.5), pct(0.95))
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// The book's sources (book.toml, src/, examples/), without build output.
fn copy_book(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("book dir").flatten() {
        let name = e.file_name();
        let (src, dst) = (e.path(), to.join(&name));
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        if src.is_dir() {
            copy_book(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                dir_size(&p)
            } else {
                file_size(&p)
            }
        })
        .sum()
}

/// The machine's (busy, stolen) CPU ticks so far, from /proc/stat. On a
/// virtual machine whose host is oversubscribed, stolen time inflates every
/// figure here: a run with much of it is not one to compare by.
fn cpu_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let n: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    let at = |i: usize| n.get(i).copied().unwrap_or(0);
    // user, nice, system; then steal
    (at(0) + at(1) + at(2), at(7))
}

/// Stolen ticks as a share of busy plus stolen ones between two readings.
fn steal_share(before: (u64, u64), after: (u64, u64)) -> f64 {
    let busy = after.0.saturating_sub(before.0) as f64;
    let stolen = after.1.saturating_sub(before.1) as f64;
    if busy + stolen > 0.0 {
        stolen / (busy + stolen)
    } else {
        0.0
    }
}
