//! The runner's limits, and why a run may be refused.

use std::path::PathBuf;
use std::time::Duration;

/// Limits and places the runner works with.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// How long the program (or a library example's tests) may run before its
    /// process group is killed (30 s by default). Builds are not limited: the first
    /// build of a book may compile dependencies for minutes; Stop ends them.
    pub time_limit: Duration,
    /// How many runs may be active at once (3 by default).
    pub max_concurrent: usize,
    /// Output forwarded per run (build messages included) before it is cut with a
    /// [`RunEvent::Truncated`] marker (1 MiB by default). The program keeps running
    /// and its output keeps being read, just not forwarded.
    pub output_cap_bytes: usize,
    /// Where the scratch crates for code blocks are written (one `slot-N` package
    /// per concurrent run), e.g. the app's cache dir; never inside the book. When the
    /// book's examples workspace has `[workspace.dependencies]` (the bundled book
    /// does), a scratch crate uses exactly those with the examples' `Cargo.lock` and
    /// target dir, so tokio and friends are already built. Otherwise (other books)
    /// it depends on the crates the block names (tokio, futures, ...) from the local
    /// cargo cache and builds in `scratch_dir/own/target`.
    pub scratch_dir: PathBuf,
}

impl RunnerConfig {
    /// The defaults, with scratch crates under `scratch_dir`.
    pub fn new(scratch_dir: impl Into<PathBuf>) -> RunnerConfig {
        RunnerConfig {
            time_limit: Duration::from_secs(30),
            max_concurrent: 3,
            output_cap_bytes: 1024 * 1024,
            scratch_dir: scratch_dir.into(),
        }
    }
}

/// Why a run could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// The index has no example with this id.
    #[error("unknown example `{0}`")]
    UnknownExample(String),
    /// The index has no code block with this id.
    #[error("unknown code block `{0}`")]
    UnknownBlock(String),
    /// The code block is not runnable (`ignore`, `compile_fail`, not Rust).
    #[error("code block `{0}` is not runnable")]
    NotRunnable(String),
    /// This example or block is running already.
    #[error("`{0}` is already running")]
    AlreadyRunning(String),
    /// The limit of runs at once is reached.
    #[error("too many runs at once (limit {0}); stop one first")]
    TooManyRuns(usize),
    /// The book has no examples folder.
    #[error("this book has no examples folder")]
    NoExamplesDir,
    /// Setting up the run failed.
    #[error("I/O error: {0}")]
    Io(String),
}

impl RunError {
    /// A stable machine-readable name, for the UI to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            RunError::UnknownExample(_) => "unknown_example",
            RunError::UnknownBlock(_) => "unknown_block",
            RunError::NotRunnable(_) => "not_runnable",
            RunError::AlreadyRunning(_) => "already_running",
            RunError::TooManyRuns(_) => "too_many_runs",
            RunError::NoExamplesDir => "no_examples_dir",
            RunError::Io(_) => "run_io",
        }
    }
}

/// The one line shown when cargo cannot find an example's dependency offline.
pub const DEPENDENCIES_MISSING: &str = "The example's dependencies are not downloaded; \
     run the README's run command once with a network connection.";

/// The same for a code block.
pub const BLOCK_DEPENDENCIES_MISSING: &str = "This code block's dependencies are not downloaded; \
     run the README's run command once with a network connection.";
