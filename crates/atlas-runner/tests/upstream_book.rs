//! The upstream async book's own examples (`../shared/corpora/async-book-full`:
//! tokio, futures and async-std crates, library crates run as tests, TCP servers
//! that never exit), from a read-only copy of the book, as a reader of an installed
//! app runs them: Prepare, then a program, a library's tests, and a server stopped
//! with Stop. Nothing may be written under the book.
//!
//! Ignored by default: Prepare downloads crates (the network, once) and builds 21
//! examples. `scripts/test.sh` runs it:
//!
//! ```text
//! cargo test -p atlas-runner --test upstream_book -- --ignored --nocapture
//! ```

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use atlas_runner::{Outcome, Phase, RunEvent, RunRequest, Runner, RunnerConfig, Stream};
use index_builder::{BuildOptions, Index};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/async-book-full");
    if dir.join("book.toml").is_file() {
        return Some(dir);
    }
    let why = format!("the shared corpus is missing: {}", dir.display());
    assert!(
        std::env::var_os("ATLAS_STRICT").is_none_or(|v| v != "1"),
        "{why}"
    );
    eprintln!("SKIPPED: {why}");
    None
}

/// Every file under `dir` with its size and mtime.
fn listing(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                out.push((entry.path(), meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn copy_read_only(from: &Path, to: &Path) {
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
    let status = std::process::Command::new("chmod")
        .args(["-R", "a-w"])
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "downloads and builds the upstream examples; scripts/test.sh runs it"]
async fn upstream_examples_from_a_read_only_book() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("async-book-full");
    copy_read_only(&corpus, &book);
    let before = listing(&book);
    let out = tmp.path().join("index");
    index_builder::build(&BuildOptions::new(&book, &out), &mut |_| {}).expect("indexes");
    let index = Index::open(&out).unwrap();
    // Under the target dir: a second local run reuses the builds; CI starts cold.
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("atlas-upstream-book");
    let runner = Runner::new(common::guarded(RunnerConfig::new(&work)));

    let started = Instant::now();
    let prepare = common::run_on(&runner, &index, RunRequest::Prepare).await;
    let (outcome, _, message) = prepare.finished();
    eprintln!(
        "[upstream] prepare: {outcome:?} in {:?}: {message}",
        started.elapsed()
    );
    assert_eq!(outcome, Outcome::Success, "{message}");
    assert!(runner.examples_state(&index).prepared);

    for (id, phase, expect) in [
        ("hello-world", Phase::Run, "hello, world!"),
        // Again: a run with everything built, as every later (offline) run is.
        ("hello-world", Phase::Run, "hello, world!"),
        ("example_06_02_join", Phase::Test, "test result: ok"),
    ] {
        let t = Instant::now();
        let run = common::run_on(&runner, &index, RunRequest::Example { id: id.into() }).await;
        let (outcome, _, message) = run.finished();
        eprintln!(
            "[upstream] run of {id} after prepare: {outcome:?} in {:?}",
            t.elapsed()
        );
        assert_eq!(outcome, Outcome::Success, "{id}: {message}");
        assert!(run.phases().contains(&phase), "{id}: {:?}", run.phases());
        let stdout = run.lines(Stream::Stdout).join("\n");
        assert!(stdout.to_lowercase().contains(expect), "{id}: {stdout}");
    }
    server_runs_until_stopped(&runner, &index).await;
    assert_eq!(before, listing(&book), "nothing written under the book");
}

/// The final TCP server never exits: it serves until Stop kills its group.
async fn server_runs_until_stopped(runner: &Runner, index: &Index) {
    let request = RunRequest::Example {
        id: "final_tcp_server".into(),
    };
    let mut run = common::start_on(runner, index, request).unwrap();
    let mut seen = Vec::new();
    loop {
        let e = run.next().await;
        let running = matches!(e, RunEvent::Phase { phase: Phase::Run });
        assert!(
            !matches!(e, RunEvent::Finished { .. }),
            "ended early: {e:?}"
        );
        seen.push(e);
        if running {
            break;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect("127.0.0.1:7878").is_err() {
        assert!(Instant::now() < deadline, "the server never listened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(runner.stop(run.id));
    let run = run.finish(seen).await;
    assert_eq!(run.finished().0, Outcome::Stopped);
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect("127.0.0.1:7878").is_ok() {
        assert!(Instant::now() < deadline, "the server outlived Stop");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
