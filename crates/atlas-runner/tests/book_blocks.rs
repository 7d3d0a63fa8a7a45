//! Runs every runnable code block of a real book through the runner, as the app
//! would, and every example of a book other than the bundled one (whose examples
//! `bundled_examples` runs, comparing their output). Slow and dependent on the book, so ignored by
//! default:
//!
//! ```text
//! ATLAS_BOOK=/abs/path/to/content cargo test -p atlas-runner --test book_blocks -- --ignored --nocapture
//! ```
//!
//! Without `ATLAS_BOOK` it checks the bundled `content/` book.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use atlas_model::RunMode;
use atlas_runner::{Outcome, RunRequest, Runner, RunnerConfig};
use index_builder::{BuildOptions, Index};

/// Outcome, message and every output line of a run to its end.
async fn run(
    runner: &Runner,
    index: &Index,
    request: RunRequest,
) -> (Outcome, String, Vec<String>) {
    let run = common::run_on(runner, index, request).await;
    let (outcome, _, message) = run.finished();
    let lines = [atlas_runner::Stream::Stdout, atlas_runner::Stream::Stderr]
        .into_iter()
        .flat_map(|s| run.lines(s))
        .collect();
    (outcome, message, lines)
}

#[tokio::test]
#[ignore = "runs a whole book; see the module docs"]
async fn every_block_and_example_of_the_book_runs() {
    let other_book = std::env::var_os("ATLAS_BOOK").map(PathBuf::from);
    // The bundled book's examples are run (and their output compared) by the
    // bundled_examples test; another book's are run here.
    let run_examples = other_book.is_some();
    let book =
        other_book.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"));
    let book = std::fs::canonicalize(book).expect("book folder");
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("atlas-runner-book-blocks");
    let out = work.join("index");
    index_builder::build(&BuildOptions::new(book, &out), &mut |_| {}).expect("indexes");
    let index = Index::open(&out).expect("opens");
    let mut config = common::guarded(RunnerConfig::new(common::prepared_work_dir()));
    config.time_limit = Duration::from_secs(20);
    let runner = Runner::new(config);

    let mut failures = Vec::new();
    let blocks: Vec<_> = index
        .code_blocks()
        .iter()
        .filter(|b| b.run != RunMode::None)
        .cloned()
        .collect();
    for b in &blocks {
        let (outcome, message, lines) = run(
            &runner,
            &index,
            RunRequest::Block {
                id: b.id.clone(),
                edited: None,
            },
        )
        .await;
        println!("{:<9} {} ({message})", format!("{outcome:?}"), b.id);
        if outcome != Outcome::Success {
            failures.push(format!(
                "block {}: {message}\n  {}",
                b.id,
                lines.join("\n  ")
            ));
        }
    }
    for e in index.examples().iter().filter(|_| run_examples) {
        let (outcome, message, lines) =
            run(&runner, &index, RunRequest::Example { id: e.id.clone() }).await;
        println!("{:<9} example {} ({message})", format!("{outcome:?}"), e.id);
        if outcome != Outcome::Success {
            failures.push(format!(
                "example {}: {message}\n  {}",
                e.id,
                lines.join("\n  ")
            ));
        }
    }
    println!(
        "{} blocks, {} examples, {} failures",
        blocks.len(),
        if run_examples {
            index.examples().len()
        } else {
            0
        },
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
