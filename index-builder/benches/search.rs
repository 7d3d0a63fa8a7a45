//! Speed and size figures for the README: query latency (p50/p99 over the
//! relevance queries of every book and more) on the bundled book and on a
//! synthetic 10,000-page book made from the shared corpora, the build time of
//! a 100-page book and of the big one (with the build's peak memory), and
//! index size against the markdown.
//! `cargo bench -p index-builder --bench search -- --json` prints one JSON
//! object instead of text.

use index_builder::model::SearchRequest;
use index_builder::{BuildOptions, Index, build};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;
use common::{all_queries, cpu_model, file_size};

/// Pages of the synthetic book.
const HUGE_PAGES: usize = 10_000;

const EXTRA_QUERIES: &[&str] = &[
    "tokio",
    "spawn",
    "s",
    "sp",
    "spa",
    "how",
    "how do",
    "how do i",
    "how do i cancel",
    "mutex guard across await",
    "Pin<&mut Self>",
    "#[tokio::test]",
    "AsyncRead poll_read",
    "what is a waker and who calls wake",
    "zzqxv nothing",
    "🦀",
    "\"unbalanced",
    "channel broadcast lagged receiver",
    "io uring buffer ownership",
];

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = root.join("../content");
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("content-index");
    build(&BuildOptions::new(&content, &out), &mut |_| {}).expect("build content");
    let index = Index::open(&out).expect("open");

    let latency = query_latency(&index, 20);
    let (pages, build_ms) = big_book_build(&content, tmp.path());
    let (huge_ms, huge_peak_mib, huge) = huge_book(root, tmp.path(), HUGE_PAGES);
    let huge_latency = query_latency(&huge, 3);
    drop(huge);
    // Index size against the markdown it came from.
    let md = dir_size(&content.join("src"), Some("md"));
    let idx_total = dir_size(&out, None);
    let idx_search = dir_size(&out.join("tantivy"), None)
        + file_size(&out.join("docs.json.gz"))
        + file_size(&out.join("vocab.json.gz"));
    let cpu = cpu_model();
    let Latency {
        queries,
        samples,
        rounds,
        p50,
        p99,
        max,
    } = latency;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "queries": queries, "samples": samples,
                "query_p50_us": p50, "query_p99_us": p99, "query_max_us": max,
                "build_100_pages_ms": build_ms, "build_pages": pages,
                "huge_pages": HUGE_PAGES, "huge_build_ms": huge_ms, "huge_build_peak_mib": huge_peak_mib,
                "huge_query_p50_us": huge_latency.p50, "huge_query_p99_us": huge_latency.p99,
                "huge_query_max_us": huge_latency.max,
                "markdown_bytes": md, "index_bytes": idx_total, "search_index_bytes": idx_search,
                "index_to_markdown": idx_total as f64 / md as f64, "search_index_to_markdown": idx_search as f64 / md as f64,
                "cpu": cpu, "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            })
        );
        return;
    }
    println!("machine: {cpu}");
    println!(
        "query latency over {queries} queries x {rounds}: p50 {p50:.0} µs, p99 {p99:.0} µs, max {max:.0} µs"
    );
    println!("build of a {pages}-page book: {build_ms:.0} ms (median of 3)");
    println!(
        "synthetic {HUGE_PAGES}-page book: build {huge_ms:.0} ms, peak {huge_peak_mib:.0} MiB; \
         query p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs over {} samples",
        huge_latency.p50, huge_latency.p99, huge_latency.max, huge_latency.samples
    );
    println!(
        "index {} KiB for {} KiB of markdown ({:.2}x); search part alone {} KiB ({:.2}x)",
        idx_total / 1024,
        md / 1024,
        idx_total as f64 / md as f64,
        idx_search / 1024,
        idx_search as f64 / md as f64
    );
}

/// Query latency percentiles, in microseconds.
struct Latency {
    queries: usize,
    samples: usize,
    rounds: usize,
    p50: f64,
    p99: f64,
    max: f64,
}

/// Every query of every relevance set plus [`EXTRA_QUERIES`], `rounds` rounds
/// after a warm-up.
fn query_latency(index: &Index, rounds: usize) -> Latency {
    let mut queries: Vec<String> = all_queries();
    queries.extend(EXTRA_QUERIES.iter().map(|s| s.to_string()));
    let mut times = Vec::new();
    for round in 0..=rounds {
        for q in &queries {
            let t = Instant::now();
            let r = index.search(&SearchRequest::new(q.as_str()));
            let us = t.elapsed().as_secs_f64() * 1e6;
            std::hint::black_box(r);
            if round > 0 {
                times.push(us); // round 0 warms caches
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    Latency {
        queries: queries.len(),
        samples: times.len(),
        rounds,
        p50: pct(0.5),
        p99: pct(0.99),
        max: *times.last().expect("times"),
    }
}

/// Build time of a 100-page book (the bundled chapters, repeated): pages and
/// the median of 3 builds in ms.
fn big_book_build(content: &Path, tmp: &Path) -> (usize, f64) {
    let big = tmp.join("big-book");
    let pages = make_big_book(content, &big, 100);
    let mut builds = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        build(&BuildOptions::new(&big, tmp.join("big-index")), &mut |_| {}).expect("build big");
        builds.push(t.elapsed().as_secs_f64() * 1e3);
    }
    builds.sort_by(f64::total_cmp);
    (pages, builds[1])
}

/// The synthetic book: `pages` pages cycled from the shared corpora's chapters
/// (their includes left dangling, as a markdown-only copy has them). Returns
/// the build's ms and peak resident memory in MiB, and the index.
fn huge_book(root: &Path, tmp: &Path, pages: usize) -> (f64, f64, Index) {
    let corpora = root.join("../../shared/corpora");
    let mut sources: Vec<PathBuf> = Vec::new();
    for book in ["rust-book", "rust-by-example", "async-book"] {
        collect_md(&corpora.join(book).join("src"), &mut sources);
    }
    assert!(
        !sources.is_empty(),
        "the shared corpora are missing at {}",
        corpora.display()
    );
    sources.sort();
    let book = tmp.join("huge-book");
    std::fs::create_dir_all(book.join("src")).expect("mkdir");
    std::fs::write(book.join("book.toml"), "[book]\ntitle = \"Huge\"\n").expect("book.toml");
    let mut summary = String::from("# Summary\n\n");
    for i in 0..pages {
        let text = std::fs::read_to_string(&sources[i % sources.len()]).expect("page");
        std::fs::write(book.join(format!("src/p{i}.md")), text).expect("write");
        summary.push_str(&format!("- [Page {i}](p{i}.md)\n"));
    }
    std::fs::write(book.join("src/SUMMARY.md"), summary).expect("summary");
    reset_peak_memory();
    let t = Instant::now();
    let out = tmp.join("huge-index");
    build(&BuildOptions::new(&book, &out), &mut |_| {}).expect("build the huge book");
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let peak = peak_memory_mib();
    (ms, peak, Index::open(&out).expect("open the huge index"))
}

fn collect_md(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_md(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") && !p.ends_with("SUMMARY.md") {
            out.push(p);
        }
    }
}

/// Linux: writing 5 to clear_refs resets the peak resident set size.
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident set size since the last reset (VmHWM), MiB.
fn peak_memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Writes a book of `pages` chapters made of the bundled chapters, repeated.
fn make_big_book(content: &Path, to: &Path, pages: usize) -> usize {
    let chapters: Vec<PathBuf> = ["part-guide", "part-reference"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(content.join("src").join(d))
                .expect("chapters")
                .map(|e| e.expect("entry").path())
        })
        .collect();
    std::fs::create_dir_all(to.join("src")).expect("mkdir");
    std::fs::write(to.join("book.toml"), "[book]\ntitle = \"Big\"\n").expect("book.toml");
    let mut summary = String::from("# Summary\n\n");
    for i in 0..pages {
        let text = std::fs::read_to_string(&chapters[i % chapters.len()]).expect("chapter");
        // Includes point into content/examples: keep them resolvable from here.
        let text = text.replace(
            "../../examples/",
            &format!("{}/examples/", content.display()),
        );
        std::fs::write(to.join(format!("src/ch{i}.md")), text).expect("write");
        summary.push_str(&format!("- [Chapter {i}](ch{i}.md)\n"));
    }
    std::fs::write(to.join("src/SUMMARY.md"), summary).expect("summary");
    pages
}

fn dir_size(dir: &Path, ext: Option<&str>) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            total += dir_size(&p, ext);
        } else if ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)) {
            total += file_size(&p);
        }
    }
    total
}
