//! Every example of the bundled book (`content/examples`), run the way the Run
//! button runs it: each must exit 0, and where the example records its output
//! (`expected_output.txt`), print exactly that on stdout.
//!
//! Ignored by default, because it needs the examples' crates downloaded and built
//! (`scripts/prepare-examples.sh`, which needs the network once): a bare
//! `cargo test` then means the same on every machine. `scripts/test.sh` runs the
//! prepare step and then this test explicitly:
//!
//! ```text
//! cargo test -p atlas-runner --test bundled_examples -- --ignored
//! ```

use std::path::Path;
use std::sync::Arc;

use atlas_runner::{Outcome, RunEvent, RunRequest, Runner, RunnerConfig, Stream};
use index_builder::{BuildOptions, Index};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs scripts/prepare-examples.sh first; scripts/test.sh runs it"]
async fn every_bundled_example_runs_and_prints_what_it_records() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("index");
    index_builder::build(&BuildOptions::new(&content, &out), &mut |_| {}).unwrap();
    let index = Arc::new(Index::open(&out).unwrap());
    let runner = Runner::new(RunnerConfig::new(work.path().join("scratch")));
    assert!(
        index.examples().len() >= 22,
        "{} examples",
        index.examples().len()
    );

    let mut failures = Vec::new();
    for ex in index.examples() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        runner
            .start(
                &*index,
                RunRequest::Example { id: ex.id.clone() },
                move |e| {
                    let _ = tx.send(e);
                },
            )
            .unwrap();
        let mut stdout = Vec::new();
        let mut all = Vec::new();
        let (outcome, elapsed) = loop {
            match tokio::time::timeout(std::time::Duration::from_secs(120), rx.recv()).await {
                Ok(Some(RunEvent::Line { stream, text })) => {
                    if stream == Stream::Stdout {
                        stdout.push(text.clone());
                    }
                    all.push(format!("{stream:?}: {text}"));
                }
                Ok(Some(RunEvent::Finished {
                    outcome,
                    elapsed_ms,
                    ..
                })) => break (outcome, elapsed_ms),
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break (Outcome::Error, 0),
            }
        };
        eprintln!("{:<28} {:?} in {} ms", ex.id, outcome, elapsed);
        if outcome != Outcome::Success {
            failures.push(format!("{}: {outcome:?}\n{}", ex.id, all.join("\n")));
            continue;
        }
        let expected_file = content
            .join("examples")
            .join(&ex.dir)
            .join("expected_output.txt");
        if let Ok(expected) = std::fs::read_to_string(&expected_file) {
            let expected: Vec<&str> = expected.lines().collect();
            if stdout != expected {
                failures.push(format!(
                    "{}: stdout differs from expected_output.txt\n--- got\n{}\n--- expected\n{}",
                    ex.id,
                    stdout.join("\n"),
                    expected.join("\n")
                ));
            }
        } else {
            assert!(!stdout.is_empty(), "{} printed nothing", ex.id);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
