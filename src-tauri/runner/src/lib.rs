//! Runs what an Async Atlas index knows: an example package by its id, or a code
//! block by its id, as a process group whose output streams back line by line.
//!
//! Independent of Tauri so it is tested without a window.
//!
//! How a run goes:
//! - Only ids the index knows run ([`RunRequest`]); the UI never passes a path or a
//!   command line.
//! - Build phase: `cargo build --offline` (a library example: `cargo test --no-run`),
//!   its rendered compiler messages streamed as [`Stream::Build`] lines. Offline, a
//!   missing dependency fails at once with one clear line ([`DEPENDENCIES_MISSING`]).
//! - Run phase: the built binary runs directly (not through `cargo run`), so its
//!   first line comes without a second cargo start-up; a library example runs
//!   `cargo test` instead (test phase).
//! - Every process runs in a process group of its own; Stop, the time limit,
//!   [`Runner::stop_all`] and the end of the run kill the whole group (cargo, rustc,
//!   the program and its children) with SIGKILL.
//! - Code blocks are written into a scratch crate (see [`RunnerConfig::scratch_dir`])
//!   and wrapped in `fn main` when they have none, as rustdoc does.
//!
//! The app should call [`Runner::stop_all`] when it exits: runs are in their own
//! process groups, so they would not die with the app otherwise.

#![warn(missing_docs)]

mod block;
mod exec;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use index_builder::model::{CodeBlock, Example, RunMode};
use serde::{Deserialize, Serialize};
use tokio::process::Command;

use crate::block::{ScratchPlan, Slot, program_source};
use crate::exec::{Control, Emitter, ProcessEnd, Sink, StopReason, run_process};

/// Identifies one run; unique for the lifetime of a [`Runner`].
pub type RunId = u64;

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

/// What to run. The UI only ever names things by id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
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
}

/// The part of a run a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The runner could not run it (missing dependencies, I/O error, ...).
    Error,
}

/// One thing that happened during a run, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// Why a run could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
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

/// The one line shown when cargo cannot find an example's dependency offline.
pub const DEPENDENCIES_MISSING: &str = "The example's dependencies are not downloaded; \
     run the README's run command once with a network connection.";

/// The same for a code block.
pub const BLOCK_DEPENDENCIES_MISSING: &str = "This code block's dependencies are not downloaded; \
     run the README's run command once with a network connection.";

/// Builds the dependencies of the code blocks' scratch crate once, synchronously,
/// with cargo's output on this process's stdout and stderr: for setup scripts, so
/// that the first Run of a code block compiles only the block itself.
///
/// For a book whose examples workspace has `[workspace.dependencies]`, the
/// dependencies land in the examples' target dir, where every runner's scratch
/// crates find them whatever their `scratch_dir`; `scratch_dir` only holds the
/// warm-up crate. For other books they land in `scratch_dir`, so pass the app's.
/// `fetch` allows the network (a setup step); without it cargo runs `--offline`.
pub fn prepare_code_blocks(
    examples_dir: Option<&Path>,
    scratch_dir: &Path,
    fetch: bool,
) -> std::io::Result<std::process::ExitStatus> {
    let plan = ScratchPlan::for_book(scratch_dir, examples_dir);
    // A program that names every default crate, so an own-mode crate depends on
    // them all; in shared mode the dependencies are the workspace's anyway.
    let program = "#![allow(unused_imports)]\nuse async_stream::stream;\nuse futures::future;\n\
                   use pin_project_lite::pin_project;\nuse tokio::runtime;\nuse tokio_stream::StreamExt;\n\
                   use tokio_util::sync;\nfn main() {}\n";
    let program = if plan.is_shared() {
        "fn main() {}\n"
    } else {
        program
    };
    let (manifest, _) = plan.write(0, program)?;
    let mut cmd = std::process::Command::new(cargo_program());
    cmd.arg("build").arg("--manifest-path").arg(&manifest);
    if !fetch {
        cmd.arg("--offline");
    }
    cmd.env("CARGO_TARGET_DIR", &plan.target_dir).status()
}

/// Starts and stops runs. Cheap to clone; clones share their runs.
#[derive(Clone)]
pub struct Runner {
    inner: Arc<Inner>,
}

struct Inner {
    config: RunnerConfig,
    next_id: AtomicU64,
    runs: Mutex<HashMap<RunId, Active>>,
}

/// A run in progress.
struct Active {
    /// `example:ID` or `block:ID`: one run per example or block at a time.
    key: String,
    control: Arc<Control>,
}

impl Inner {
    fn runs(&self) -> MutexGuard<'_, HashMap<RunId, Active>> {
        // A poisoned lock only means a panic elsewhere; the map is still valid.
        self.runs.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What a request resolved to: everything the run needs, copied out of the index.
enum Job {
    Example {
        examples_dir: PathBuf,
        example: Example,
    },
    Block {
        block: CodeBlock,
        source: String,
        edited: bool,
        examples_dir: Option<PathBuf>,
    },
}

/// How a run ended, before timing is added.
struct End {
    outcome: Outcome,
    exit_code: Option<i32>,
    message: String,
}

impl End {
    fn new(outcome: Outcome, exit_code: Option<i32>, message: impl Into<String>) -> End {
        End {
            outcome,
            exit_code,
            message: message.into(),
        }
    }
}

impl Runner {
    /// A runner with these limits.
    pub fn new(config: RunnerConfig) -> Runner {
        Runner {
            inner: Arc::new(Inner {
                config,
                next_id: AtomicU64::new(1),
                runs: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The limits this runner was made with.
    pub fn config(&self) -> &RunnerConfig {
        &self.inner.config
    }

    /// Starts a run. Must be called inside a tokio runtime. Returns at once with the
    /// run id; events follow on `on_event`, ending with exactly one `Finished`.
    pub fn start(
        &self,
        index: Arc<index_builder::Index>,
        request: RunRequest,
        on_event: impl Fn(RunEvent) + Send + Sync + 'static,
    ) -> Result<RunId, RunError> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| RunError::Io("the runner needs a tokio runtime".into()))?;
        let (key, label, job) = resolve(&index, request)?;
        drop(index);

        let control = Arc::new(Control::default());
        let run_id = {
            let mut runs = self.inner.runs();
            if let Some(active) = runs.values().find(|a| a.key == key) {
                let id = active.key.split_once(':').map_or("", |(_, id)| id);
                return Err(RunError::AlreadyRunning(id.to_string()));
            }
            if runs.len() >= self.inner.config.max_concurrent {
                return Err(RunError::TooManyRuns(self.inner.config.max_concurrent));
            }
            let run_id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
            runs.insert(
                run_id,
                Active {
                    key,
                    control: control.clone(),
                },
            );
            run_id
        };
        tracing::info!(run_id, %label, "run started");

        let inner = self.inner.clone();
        let emitter = Arc::new(Emitter::new(on_event, inner.config.output_cap_bytes));
        runtime.spawn(async move {
            let started = Instant::now();
            emitter.event(RunEvent::Started { run_id, label });
            // The work runs in a task of its own so that even a panic in it still
            // ends the run with its one `Finished` event.
            let work = tokio::spawn(execute(
                inner.clone(),
                job,
                control.clone(),
                emitter.clone(),
            ));
            let end = match work.await {
                Ok(end) => end,
                Err(e) => {
                    tracing::error!(run_id, error = %e, "run task failed");
                    End::new(Outcome::Error, None, format!("The runner failed: {e}"))
                }
            };
            // Nothing of the run outlives it, whatever path it took.
            control.stop(StopReason::Stopped);
            inner.runs().remove(&run_id);
            let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            tracing::info!(run_id, outcome = ?end.outcome, elapsed_ms, "run finished");
            emitter.event(RunEvent::Finished {
                outcome: end.outcome,
                exit_code: end.exit_code,
                elapsed_ms,
                message: end.message,
            });
        });
        Ok(run_id)
    }

    /// Stops a run: kills its whole process group now. False if it is not running.
    pub fn stop(&self, id: RunId) -> bool {
        let runs = self.inner.runs();
        match runs.get(&id) {
            Some(active) => {
                active.control.stop(StopReason::Stopped);
                true
            }
            None => false,
        }
    }

    /// Kills every run's process group now (app exit). Synchronous, so it also
    /// works outside a runtime; the runs' `Finished` events follow if the runtime
    /// is still alive.
    pub fn stop_all(&self) {
        for active in self.inner.runs().values() {
            active.control.stop(StopReason::Stopped);
        }
    }

    /// The ids of the runs in progress.
    pub fn running(&self) -> Vec<RunId> {
        self.inner.runs().keys().copied().collect()
    }
}

/// Looks the request up in the index; only what the index knows can run.
fn resolve(
    index: &index_builder::Index,
    request: RunRequest,
) -> Result<(String, String, Job), RunError> {
    let examples_dir = index.manifest().examples_dir.clone();
    match request {
        RunRequest::Example { id } => {
            let Some(examples_dir) = examples_dir else {
                return Err(RunError::NoExamplesDir);
            };
            let example = index
                .example(&id)
                .ok_or_else(|| RunError::UnknownExample(id.clone()))?;
            let label = format!("example {id}");
            Ok((
                format!("example:{id}"),
                label,
                Job::Example {
                    examples_dir,
                    example: example.clone(),
                },
            ))
        }
        RunRequest::Block { id, edited } => {
            let block = index
                .code_block(&id)
                .ok_or_else(|| RunError::UnknownBlock(id.clone()))?;
            if block.run == RunMode::None {
                return Err(RunError::NotRunnable(id));
            }
            let label = match edited {
                Some(_) => format!("code block {id} (edited)"),
                None => format!("code block {id}"),
            };
            let job = Job::Block {
                source: edited.clone().unwrap_or_else(|| block.source.clone()),
                edited: edited.is_some(),
                block: block.clone(),
                examples_dir,
            };
            Ok((format!("block:{id}"), label, job))
        }
    }
}

async fn execute(inner: Arc<Inner>, job: Job, control: Arc<Control>, emitter: Arc<Emitter>) -> End {
    let cfg = &inner.config;
    match job {
        Job::Example {
            examples_dir,
            example,
        } => run_example(cfg, &examples_dir, &example, &control, &emitter).await,
        Job::Block {
            block,
            source,
            edited,
            examples_dir,
        } => {
            run_block(
                cfg,
                &block,
                &source,
                edited,
                examples_dir.as_deref(),
                &control,
                &emitter,
            )
            .await
        }
    }
}

async fn run_example(
    cfg: &RunnerConfig,
    examples_dir: &Path,
    example: &Example,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> End {
    let manifest = examples_dir.join("Cargo.toml");
    if !manifest.is_file() {
        emitter.note(format!(
            "No examples workspace at {}.",
            examples_dir.display()
        ));
        return End::new(
            Outcome::Error,
            None,
            "This book's examples folder is missing",
        );
    }
    let id = example.id.as_str();
    emitter.event(RunEvent::Phase {
        phase: Phase::Build,
    });
    // Build first and run the binary directly: the program's output is then apart
    // from cargo's, and its first line comes without a second cargo start-up.
    let mut build = cargo(examples_dir);
    build.args(if example.has_bin {
        &["build"][..]
    } else {
        &["test", "--no-run"][..]
    });
    build
        .args(BUILD_ARGS)
        .arg("--manifest-path")
        .arg(&manifest)
        .args(["-p", id]);
    let artifacts = match build_step(build, control, emitter, DEPENDENCIES_MISSING).await {
        Ok(artifacts) => artifacts,
        Err(end) => return end,
    };

    if example.has_bin {
        let Some(exe) = pick_executable(&artifacts, id) else {
            return End::new(
                Outcome::Error,
                None,
                "Cargo built no program for this example",
            );
        };
        emitter.event(RunEvent::Phase { phase: Phase::Run });
        let mut run = Command::new(exe);
        run.current_dir(examples_dir.join(&example.dir));
        let end = run_process(
            run,
            control,
            emitter,
            Sink::Forward(Stream::Stdout),
            Sink::Forward(Stream::Stderr),
            Some(cfg.time_limit),
        )
        .await;
        judge(end, false, cfg, emitter)
    } else {
        emitter.event(RunEvent::Phase { phase: Phase::Test });
        emitter.note(format!(
            "`{id}` is a library without a program: running its tests with `cargo test -p {id}`."
        ));
        let mut test = cargo(examples_dir);
        test.args(["test", "--offline", "--color", "never", "--manifest-path"])
            .arg(&manifest)
            .args(["-p", id]);
        let end = run_process(
            test,
            control,
            emitter,
            Sink::Forward(Stream::Stdout),
            Sink::Forward(Stream::Stderr),
            Some(cfg.time_limit),
        )
        .await;
        judge(end, false, cfg, emitter)
    }
}

async fn run_block(
    cfg: &RunnerConfig,
    block: &CodeBlock,
    source: &str,
    edited: bool,
    examples_dir: Option<&Path>,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> End {
    let plan = ScratchPlan::for_book(&cfg.scratch_dir, examples_dir);
    let slot = Slot::take(&plan.root);
    emitter.event(RunEvent::Phase {
        phase: Phase::Build,
    });
    if edited {
        emitter.note("Running your edited code.");
    }
    let program = program_source(source);
    let (manifest, name) = match plan.write(slot.index, &program) {
        Ok(written) => written,
        Err(e) => {
            emitter.note(format!(
                "Could not write the scratch crate in {}: {e}",
                plan.root.display()
            ));
            return End::new(Outcome::Error, None, "Could not prepare the code block");
        }
    };
    let mut build = cargo(manifest.parent().unwrap_or(&plan.root));
    build
        .arg("build")
        .args(BUILD_ARGS)
        .arg("--manifest-path")
        .arg(&manifest);
    build.env("CARGO_TARGET_DIR", &plan.target_dir);
    let artifacts = match build_step(build, control, emitter, BLOCK_DEPENDENCIES_MISSING).await {
        Ok(artifacts) => artifacts,
        Err(end) => return end,
    };
    if block.run == RunMode::Build {
        return End::new(
            Outcome::Success,
            Some(0),
            "Built successfully (no_run: not run)",
        );
    }
    let Some(exe) = pick_executable(&artifacts, &name) else {
        return End::new(
            Outcome::Error,
            None,
            "Cargo built no program for this code block",
        );
    };
    emitter.event(RunEvent::Phase { phase: Phase::Run });
    let mut run = Command::new(exe);
    run.current_dir(manifest.parent().unwrap_or(&plan.root));
    let end = run_process(
        run,
        control,
        emitter,
        Sink::Forward(Stream::Stdout),
        Sink::Forward(Stream::Stderr),
        Some(cfg.time_limit),
    )
    .await;
    let end = judge(end, block.run == RunMode::Panic, cfg, emitter);
    drop(slot);
    end
}

/// Cargo flags of every build: never the network; readable compiler messages on
/// stderr (shown as the build phase) and machine-readable artifacts on stdout.
const BUILD_ARGS: [&str; 5] = [
    "--offline",
    "--color",
    "never",
    "--message-format",
    "json-render-diagnostics",
];

/// A cargo command in `dir`.
fn cargo(dir: &Path) -> Command {
    let mut cmd = Command::new(cargo_program());
    cmd.current_dir(dir)
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    cmd
}

/// Cargo from `$CARGO` (set when cargo runs us), `PATH`, or rustup's usual place:
/// an app started from a desktop menu often lacks `~/.cargo/bin` in its `PATH`.
fn cargo_program() -> PathBuf {
    if let Some(cargo) = std::env::var_os("CARGO") {
        return PathBuf::from(cargo);
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join("cargo"))
        .find(|p| p.is_file());
    if let Some(cargo) = on_path {
        return cargo;
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    match home.map(|h| h.join("bin/cargo")) {
        Some(cargo) if cargo.is_file() => cargo,
        _ => PathBuf::from("cargo"),
    }
}

/// A built executable, from cargo's `compiler-artifact` messages.
struct Artifact {
    target_name: String,
    executable: PathBuf,
}

/// Runs a cargo build; its artifacts on success, else how the run ends.
async fn build_step(
    cmd: Command,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
    missing_deps: &str,
) -> Result<Vec<Artifact>, End> {
    let end = run_process(
        cmd,
        control,
        emitter,
        Sink::Capture,
        Sink::Forward(Stream::Build),
        None,
    )
    .await;
    let end = match end {
        Ok(end) => end,
        Err(e) => {
            emitter.note(format!("Could not start cargo: {e}"));
            return Err(End::new(
                Outcome::Error,
                None,
                "Could not start cargo; is Rust installed?",
            ));
        }
    };
    if let Some(reason) = end.stopped {
        return Err(stopped(reason, None, emitter, None));
    }
    let Some(status) = end.status else {
        return Err(End::new(Outcome::Error, None, "Cargo did not run"));
    };
    if !status.success() {
        if end.stderr.saw_offline {
            emitter.note(missing_deps);
            return Err(End::new(Outcome::Error, status.code(), missing_deps));
        }
        return Err(End::new(Outcome::Failed, status.code(), "Build failed"));
    }
    Ok(end
        .stdout
        .captured
        .iter()
        .filter_map(|line| parse_artifact(line))
        .collect())
}

fn parse_artifact(line: &str) -> Option<Artifact> {
    let msg: serde_json::Value = serde_json::from_str(line).ok()?;
    if msg.get("reason")?.as_str()? != "compiler-artifact" {
        return None;
    }
    let executable = PathBuf::from(msg.get("executable")?.as_str()?);
    let target_name = msg.get("target")?.get("name")?.as_str()?.to_string();
    Some(Artifact {
        target_name,
        executable,
    })
}

/// The binary named like the package, else the first one.
fn pick_executable(artifacts: &[Artifact], name: &str) -> Option<PathBuf> {
    artifacts
        .iter()
        .find(|a| a.target_name == name)
        .or_else(|| artifacts.first())
        .map(|a| a.executable.clone())
}

/// Turns how the program ended into the run's outcome.
fn judge(
    end: std::io::Result<ProcessEnd>,
    expect_panic: bool,
    cfg: &RunnerConfig,
    emitter: &Emitter,
) -> End {
    let end = match end {
        Ok(end) => end,
        Err(e) => {
            emitter.note(format!("Could not start the program: {e}"));
            return End::new(Outcome::Error, None, "Could not start the program");
        }
    };
    let code = end.status.and_then(|s| s.code());
    if let Some(reason) = end.stopped {
        return stopped(reason, code, emitter, Some(cfg.time_limit));
    }
    let Some(status) = end.status else {
        return End::new(Outcome::Error, None, "The program did not run");
    };
    if expect_panic {
        return if code == Some(101) && end.stderr.saw_panic {
            End::new(
                Outcome::Success,
                code,
                "Panicked, as expected (should_panic)",
            )
        } else {
            End::new(
                Outcome::Failed,
                code,
                format!("Expected a panic, but {}", describe(status)),
            )
        };
    }
    if status.success() {
        End::new(Outcome::Success, code, "Exited with code 0")
    } else {
        let mut message = describe(status);
        if end.stderr.saw_panic {
            message = format!("Panicked: {message}");
        }
        End::new(Outcome::Failed, code, capitalize(&message))
    }
}

fn stopped(
    reason: StopReason,
    code: Option<i32>,
    emitter: &Emitter,
    limit: Option<Duration>,
) -> End {
    match reason {
        StopReason::Stopped => End::new(Outcome::Stopped, code, "Stopped"),
        StopReason::TimedOut => {
            let secs = limit.map_or(0.0, |l| l.as_secs_f64());
            let message = format!("Stopped: the time limit of {secs} s was reached");
            emitter.note(message.clone());
            End::new(Outcome::TimedOut, code, message)
        }
    }
}

fn describe(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with code {code}"),
        (None, Some(sig)) => format!("was killed by signal {sig}"),
        (None, None) => "ended abnormally".to_string(),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
