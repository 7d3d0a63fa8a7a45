//! Click-to-first-line: how long from `Runner::start` on an example that is
//! already built until its first stdout line arrives. 20 runs after one warm-up.
//!
//! `cargo bench -p atlas-runner --bench first_line -- --json` prints
//! `{"p50_ms":..,"p95_ms":..,"runs":20}`. By default it runs the fixture book's
//! `ok` example; `--book DIR --example ID` measures a real book instead (it is
//! indexed into the target dir first).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use atlas_runner::{Outcome, RunEvent, Stream};

const RUNS: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json = args.iter().any(|a| a == "--json");
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let samples = runtime.block_on(async {
        let (fixture, id) = match value("--book") {
            Some(book) => (
                Box::leak(Box::new(index_book(PathBuf::from(book)))) as &common::Fixture,
                value("--example").unwrap_or_else(|| "hello-async".into()),
            ),
            None => (common::book(), "ok".to_string()),
        };
        let runner = common::runner(fixture);
        // Warm-up: builds the example if needed.
        let warm = common::run(&runner, fixture, common::example(&id)).await;
        assert_eq!(
            warm.finished().0,
            Outcome::Success,
            "warm-up run: {:?}",
            warm.events
        );
        let mut samples = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let clicked = Instant::now();
            let mut run = common::start(&runner, fixture, common::example(&id)).expect("starts");
            let mut seen = Vec::new();
            loop {
                let event = run.next().await;
                let first = matches!(
                    event,
                    RunEvent::Line {
                        stream: Stream::Stdout,
                        ..
                    }
                );
                assert!(
                    !matches!(event, RunEvent::Finished { .. }),
                    "finished without output"
                );
                seen.push(event);
                if first {
                    samples.push(clicked.elapsed());
                    break;
                }
            }
            run.finish(seen).await;
        }
        samples
    });
    let mut ms: Vec<f64> = samples
        .iter()
        .map(|d: &Duration| d.as_secs_f64() * 1000.0)
        .collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    let (p50, p95) = (pick(0.5), pick(0.95));
    if json {
        println!(
            "{{\"p50_ms\":{p50:.1},\"p95_ms\":{p95:.1},\"runs\":{}}}",
            ms.len()
        );
    } else {
        println!(
            "first output line after Run, {} runs: p50 {p50:.1} ms, p95 {p95:.1} ms, max {:.1} ms",
            ms.len(),
            ms[ms.len() - 1]
        );
    }
}

/// Indexes a real book into the target dir (for `--book`).
fn index_book(book: PathBuf) -> common::Fixture {
    let book = std::fs::canonicalize(&book).expect("book folder exists");
    let work = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("atlas-runner-bench");
    let out = work.join("index");
    let opts = index_builder::BuildOptions::new(book, out.clone());
    index_builder::build(&opts, &mut |_| {}).expect("book indexes");
    let index = index_builder::Index::open(&out).expect("index opens");
    common::Fixture {
        index: Arc::new(index),
        scratch: work.join("scratch"),
    }
}
