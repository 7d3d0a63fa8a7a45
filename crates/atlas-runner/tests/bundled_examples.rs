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

mod common;

use std::path::Path;

use atlas_runner::{Outcome, RunRequest, Runner, RunnerConfig, Stream};
use index_builder::{BuildOptions, Index};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs scripts/prepare-examples.sh first; scripts/test.sh runs it"]
async fn every_bundled_example_runs_and_prints_what_it_records() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("index");
    index_builder::build(&BuildOptions::new(&content, &out), &mut |_| {}).unwrap();
    let index = Index::open(&out).unwrap();
    let runner = Runner::new(common::guarded(RunnerConfig::new(
        common::prepared_work_dir(),
    )));
    assert!(
        runner.examples_state(&index).prepared,
        "the examples are prepared (scripts/prepare-examples.sh)"
    );
    assert!(
        index.examples().len() >= 22,
        "{} examples",
        index.examples().len()
    );

    let mut failures = Vec::new();
    for ex in index.examples() {
        let run = common::run_on(&runner, &index, RunRequest::Example { id: ex.id.clone() }).await;
        let (outcome, _, message) = run.finished();
        let stdout = run.lines(Stream::Stdout);
        eprintln!("{:<28} {outcome:?} ({message})", ex.id);
        if outcome != Outcome::Success {
            let stderr = run.lines(Stream::Stderr).join("\n");
            failures.push(format!(
                "{}: {outcome:?}\n{}\n{stderr}",
                ex.id,
                stdout.join("\n")
            ));
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
