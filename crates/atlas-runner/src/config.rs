//! The runner's limits, and why a run may be refused.

use std::path::PathBuf;
use std::time::Duration;

use crate::guard::Limits;

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
    /// The runner's own folder, e.g. the app's cache dir; never inside a book.
    /// Each examples folder is copied to `books/KEY/examples` and built in
    /// `targets/KEY` (see `workspace.rs`); code blocks are built in scratch crates
    /// beside the copy. When the examples workspace has `[workspace.dependencies]`
    /// (the bundled book does), a scratch crate uses exactly those with the
    /// examples' `Cargo.lock` and target dir, so tokio and friends are already
    /// built. Otherwise it depends on the crates the block names (tokio, futures,
    /// ...) and builds in `scratch/own/target`.
    pub work_dir: PathBuf,
    /// The `atlas-run-guard` program every process starts under, which enforces
    /// [`RunnerConfig::limits`] and ends a run when the app dies, even by SIGKILL.
    /// `None` runs processes directly: then they have no limits but the time limit
    /// and the output cap, and would outlive an app that is killed. By default, the
    /// [`GUARD_PROGRAM`] beside the running program, if it is there.
    pub guard: Option<PathBuf>,
    /// What a run may use, under the guard.
    pub limits: Limits,
}

impl RunnerConfig {
    /// The defaults, working under `work_dir`.
    pub fn new(work_dir: impl Into<PathBuf>) -> RunnerConfig {
        RunnerConfig {
            time_limit: Duration::from_secs(30),
            max_concurrent: 3,
            output_cap_bytes: 1024 * 1024,
            work_dir: work_dir.into(),
            guard: guard_beside_exe(),
            limits: Limits::default(),
        }
    }
}

/// The guard's program name (`src/bin/atlas-run-guard.rs`).
pub const GUARD_PROGRAM: &str = "atlas-run-guard";

/// The guard beside the running program, as cargo builds them (`target/debug/`).
fn guard_beside_exe() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let guard = exe.parent()?.join(GUARD_PROGRAM);
    guard.is_file().then_some(guard)
}

/// The app's work dir for the runner: `$ATLAS_CACHE_DIR/runs`, else
/// `$XDG_CACHE_HOME/dev.asyncatlas.desktop/runs` (`~/.cache/...`), where Tauri
/// puts the app's cache. The setup script and the tests that use prepared
/// examples work there too, so the app finds their builds.
pub fn default_work_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("ATLAS_CACHE_DIR") {
        return Some(PathBuf::from(dir).join("runs"));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(cache.join("dev.asyncatlas.desktop/runs"))
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

/// Why a run stopped before it began: the examples are not prepared.
pub const NOT_PREPARED: &str = "This book's examples are not prepared: their crates are not \
     downloaded yet. Prepare examples downloads them once (this needs the network) and builds \
     each example; after that, runs work offline.";

/// The same for a code block whose crates are not downloaded.
pub const BLOCK_NOT_PREPARED: &str = "This code block needs crates that are not downloaded yet. \
     Prepare examples downloads them once (this needs the network); after that, runs work \
     offline.";

/// Preparing needs the network, and there is none.
pub const NO_NETWORK: &str = "No network connection: preparing downloads the examples' crates \
     once and needs one. Reading and search work offline.";

/// Cargo is not on this machine.
pub const NO_CARGO: &str = "Running examples needs Rust's cargo, which was not found. Install \
     Rust from https://rustup.rs, then restart Async Atlas. Reading and search work without it.";
