//! Runs: what the UI asks to run (by id only) and the events a run streams back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Identifies one run; unique for the lifetime of the runner that started it.
pub type RunId = u64;

/// What to run. The UI only ever names things by id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunRequest {
    /// An example package of the book's examples folder, by its cargo package name.
    Example {
        /// The example id.
        id: String,
    },
    /// A code block of a page, by its id (`PATH:N`).
    Block {
        /// The code block id.
        id: String,
        /// The user's edited source, run instead of the block's own.
        edited: Option<String>,
    },
    /// Prepares the book's examples: downloads their crates (the one step that
    /// uses the network), then builds each example once, so later runs are offline.
    Prepare,
}

/// The part of a run a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Cargo builds the program; lines are compiler messages.
    Build,
    /// The program runs.
    Run,
    /// A library example's tests run.
    Test,
}

/// Where a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// Cargo and compiler messages, and the runner's own notes.
    Build,
    /// The program's standard output.
    Stdout,
    /// The program's standard error.
    Stderr,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It did what it should: exit 0 (or a panic for `should_panic`, or a clean build for `no_run`).
    Success,
    /// The build failed or the program exited unsuccessfully.
    Failed,
    /// The time limit killed it.
    TimedOut,
    /// The user (or app exit) stopped it.
    Stopped,
    /// The runner could not run it (I/O error, no cargo, no network to prepare, ...).
    Error,
    /// The book's examples need preparing first: their crates are not downloaded.
    Unprepared,
}

/// One thing that happened during a run, in order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", content = "data", rename_all = "snake_case")]
pub enum RunEvent {
    /// The run began.
    Started {
        /// The run's id.
        run_id: RunId,
        /// What runs, for the output panel's title.
        label: String,
    },
    /// A new phase begins.
    Phase {
        /// The phase.
        phase: Phase,
    },
    /// One line of output, without its line ending.
    Line {
        /// Where it came from.
        stream: Stream,
        /// The text (invalid UTF-8 replaced).
        text: String,
    },
    /// How far a long run (preparing examples) has got.
    Progress {
        /// Steps done.
        done: usize,
        /// Steps in all.
        total: usize,
        /// What happens now.
        message: String,
    },
    /// Output reached the cap; nothing more is forwarded for this run.
    Truncated {
        /// The cap in bytes.
        limit_bytes: usize,
    },
    /// The run ended. Always the last event, exactly once.
    Finished {
        /// How it ended.
        outcome: Outcome,
        /// The exit code of the last process, if it exited normally.
        exit_code: Option<i32>,
        /// Time from start to finish.
        elapsed_ms: u64,
        /// One line for the status bar.
        message: String,
    },
}

/// Whether a book's examples can run now, for the example pages and the Run buttons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExamplesState {
    /// The book has an examples folder.
    pub has_examples: bool,
    /// Cargo was found on this machine.
    pub cargo: bool,
    /// The examples' crates are downloaded and built: runs work offline.
    pub prepared: bool,
    /// One or two sentences for the reader: what is missing and what to do, or
    /// what Prepare examples will do. Empty when everything is ready.
    pub advice: String,
}
