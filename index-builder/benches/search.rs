//! Speed and size figures for the README: query latency (p50/p99 over the
//! relevance queries and more), the build time of a 100-page book, and index
//! size against the markdown. `cargo bench -p index-builder --bench search -- --json`
//! prints one JSON object instead of text.

use index_builder::{BuildOptions, Index, SearchRequest, build};
use std::path::{Path, PathBuf};
use std::time::Instant;

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

    // Query latency on the bundled book.
    let out = tmp.path().join("content-index");
    build(
        &BuildOptions {
            book_dir: content.clone(),
            out_dir: out.clone(),
        },
        &mut |_| {},
    )
    .expect("build content");
    let index = Index::open(&out).expect("open");
    let mut queries: Vec<String> = std::fs::read_to_string(root.join("eval/content.jsonl"))
        .expect("queries")
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["query"]
                .as_str()
                .expect("query")
                .to_string()
        })
        .collect();
    queries.extend(EXTRA_QUERIES.iter().map(|s| s.to_string()));
    let rounds = 20;
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
    let (p50, p99, max) = (pct(0.5), pct(0.99), *times.last().expect("times"));

    // Build time of a 100-page book: the bundled chapters, repeated.
    let big = tmp.path().join("big-book");
    let pages = make_big_book(&content, &big, 100);
    let mut builds = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        build(
            &BuildOptions {
                book_dir: big.clone(),
                out_dir: tmp.path().join("big-index"),
            },
            &mut |_| {},
        )
        .expect("build big");
        builds.push(t.elapsed().as_secs_f64() * 1e3);
    }
    builds.sort_by(f64::total_cmp);

    // Index size against the markdown it came from.
    let md = dir_size(&content.join("src"), Some("md"));
    let idx_total = dir_size(&out, None);
    let idx_search = dir_size(&out.join("tantivy"), None)
        + file_size(&out.join("docs.json.gz"))
        + file_size(&out.join("vocab.json.gz"));

    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    if json {
        println!(
            "{}",
            serde_json::json!({
                "queries": queries.len(), "samples": times.len(),
                "query_p50_us": p50, "query_p99_us": p99, "query_max_us": max,
                "build_100_pages_ms": builds[1], "build_pages": pages,
                "markdown_bytes": md, "index_bytes": idx_total, "search_index_bytes": idx_search,
                "index_to_markdown": idx_total as f64 / md as f64, "search_index_to_markdown": idx_search as f64 / md as f64,
                "cpu": cpu, "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            })
        );
    } else {
        println!("machine: {cpu}");
        println!(
            "query latency over {} queries x {rounds}: p50 {p50:.0} µs, p99 {p99:.0} µs, max {max:.0} µs",
            queries.len()
        );
        println!(
            "build of a {pages}-page book: {:.0} ms (median of 3)",
            builds[1]
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

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
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
