//! Runs every runnable code block (and every example) of a real book through the
//! runner, as the app would. Slow and dependent on the book, so ignored by
//! default:
//!
//! ```text
//! ATLAS_BOOK=/abs/path/to/content cargo test -p atlas-runner --test book_blocks -- --ignored --nocapture
//! ```
//!
//! Without `ATLAS_BOOK` it checks the bundled `content/` book.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use atlas_model::RunMode;
use atlas_runner::{Outcome, RunEvent, RunRequest, Runner, RunnerConfig};
use index_builder::{BuildOptions, Index};

async fn run(
    runner: &Runner,
    index: &Arc<Index>,
    request: RunRequest,
) -> (Outcome, String, Vec<String>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    runner
        .start(&**index, request, move |e| {
            let _ = tx.send(e);
        })
        .expect("starts");
    let mut lines = Vec::new();
    while let Some(e) = rx.recv().await {
        match e {
            RunEvent::Line { text, .. } => lines.push(text),
            RunEvent::Finished {
                outcome, message, ..
            } => return (outcome, message, lines),
            _ => {}
        }
    }
    panic!("no Finished event");
}

#[tokio::test]
#[ignore = "runs a whole book; see the module docs"]
async fn every_block_and_example_of_the_book_runs() {
    let book = std::env::var_os("ATLAS_BOOK")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"));
    let book = std::fs::canonicalize(book).expect("book folder");
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("atlas-runner-book-blocks");
    let out = work.join("index");
    index_builder::build(&BuildOptions::new(book, &out), &mut |_| {}).expect("indexes");
    let index = Arc::new(Index::open(&out).expect("opens"));
    let mut config = RunnerConfig::new(work.join("scratch"));
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
    for e in index.examples() {
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
        index.examples().len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
