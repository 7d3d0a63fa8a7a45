//! What a run does: an example (build, then run its program or its tests), a
//! code block (write a scratch crate, build, run), or preparing a book's examples
//! (`prepare.rs`). Every build happens in the examples' workspace copy
//! (`workspace.rs`), never in the book.

use std::path::Path;
use std::sync::Arc;

use atlas_model::{CodeBlock, Example, Outcome, Phase, RunEvent, RunMode, Stream};
use tokio::process::Command;

use crate::block::{ScratchPlan, Slot, program_source};
use crate::cargo::{Artifact, BUILD_ARGS, build_step, cargo, pick_executable};
use crate::config::{BLOCK_NOT_PREPARED, NOT_PREPARED, RunnerConfig};
use crate::exec::{Control, Emitter, Sink, run_process};
use crate::guard::Scope;
use crate::outcome::{End, judge};
use crate::prepare;
use crate::runner::{Inner, Job};
use crate::workspace::Workspace;

pub(crate) async fn execute(
    inner: Arc<Inner>,
    job: Job,
    control: Arc<Control>,
    emitter: Arc<Emitter>,
) -> End {
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
            let block_run = BlockRun {
                block: &block,
                source: &source,
                edited,
                examples_dir: examples_dir.as_deref(),
            };
            run_block(cfg, block_run, &control, &emitter).await
        }
        Job::Prepare {
            examples_dir,
            examples,
        } => prepare::run(cfg, examples_dir.as_deref(), &examples, &control, &emitter).await,
    }
}

/// Syncs the book's examples into their workspace copy.
pub(crate) fn workspace_for(
    cfg: &RunnerConfig,
    examples_dir: &Path,
    emitter: &Emitter,
) -> Result<Workspace, End> {
    if !examples_dir.join("Cargo.toml").is_file() {
        emitter.note(format!(
            "No examples workspace at {}.",
            examples_dir.display()
        ));
        return Err(End::new(
            Outcome::Error,
            None,
            "This book's examples folder is missing",
        ));
    }
    // Keyed by the manifests, so made only once the folder is known to be a workspace.
    let ws = Workspace::new(&cfg.work_dir, examples_dir);
    ws.sync().map_err(|e| {
        emitter.note(format!(
            "Could not copy the examples to {}: {e}",
            ws.dir().display()
        ));
        End::new(Outcome::Error, None, "Could not copy the examples")
    })?;
    Ok(ws)
}

/// Builds one example in the workspace copy: its program, or (a library) its tests.
pub(crate) async fn build_example(
    ws: &Workspace,
    example: &Example,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> Result<Vec<Artifact>, End> {
    let mut build = cargo(ws.dir(), ws.target_dir());
    build.args(if example.has_bin {
        &["build"][..]
    } else {
        &["test", "--no-run"][..]
    });
    build
        .args(BUILD_ARGS)
        .arg("--manifest-path")
        .arg(ws.manifest())
        .args(["-p", &example.id]);
    build_step(build, control, emitter, NOT_PREPARED).await
}

/// Runs a built program (or, `Scope::Tests`, a test command) under the time limit,
/// its output forwarded, and judges how it ended.
async fn run_program(
    cmd: Command,
    scope: Scope,
    expect_panic: bool,
    cfg: &RunnerConfig,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> End {
    let end = run_process(
        cmd,
        scope,
        control,
        emitter,
        Sink::Forward(Stream::Stdout),
        Sink::Forward(Stream::Stderr),
        Some(cfg.time_limit),
    )
    .await;
    judge(end, expect_panic, cfg, emitter)
}

async fn run_example(
    cfg: &RunnerConfig,
    examples_dir: &Path,
    example: &Example,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> End {
    let ws = match workspace_for(cfg, examples_dir, emitter) {
        Ok(ws) => ws,
        Err(end) => return end,
    };
    let id = example.id.as_str();
    emitter.event(RunEvent::Phase {
        phase: Phase::Build,
    });
    // Build first and run the binary directly: the program's output is then apart
    // from cargo's, and its first line comes without a second cargo start-up.
    let artifacts = match build_example(&ws, example, control, emitter).await {
        Ok(artifacts) => artifacts,
        Err(end) => return end,
    };

    if !example.has_bin {
        emitter.event(RunEvent::Phase { phase: Phase::Test });
        emitter.note(format!(
            "`{id}` is a library without a program: running its tests with `cargo test -p {id}`."
        ));
        let mut test = cargo(ws.dir(), ws.target_dir());
        test.args(["test", "--offline", "--color", "never", "--manifest-path"])
            .arg(ws.manifest())
            .args(["-p", id]);
        return run_program(test, Scope::Tests, false, cfg, control, emitter).await;
    }
    let Some(exe) = pick_executable(&artifacts, id) else {
        return End::new(
            Outcome::Error,
            None,
            "Cargo built no program for this example",
        );
    };
    emitter.event(RunEvent::Phase { phase: Phase::Run });
    let mut run = Command::new(exe);
    run.current_dir(ws.dir().join(&example.dir));
    run_program(run, Scope::Program, false, cfg, control, emitter).await
}

/// A code block to run, and with what.
struct BlockRun<'a> {
    block: &'a CodeBlock,
    /// The block's source, or the user's edit of it.
    source: &'a str,
    edited: bool,
    examples_dir: Option<&'a Path>,
}

async fn run_block(
    cfg: &RunnerConfig,
    run: BlockRun<'_>,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> End {
    let ws = match run.examples_dir {
        Some(dir) => match workspace_for(cfg, dir, emitter) {
            Ok(ws) => Some(ws),
            Err(end) => return end,
        },
        None => None,
    };
    let plan = ScratchPlan::for_book(&cfg.work_dir, ws.as_ref());
    // Held to the end of the run: the slot's folder is ours until then.
    let slot = Slot::take(&plan.root);
    emitter.event(RunEvent::Phase {
        phase: Phase::Build,
    });
    if run.edited {
        emitter.note("Running your edited code.");
    }
    let program = program_source(run.source);
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
    let crate_dir = manifest.parent().unwrap_or(&plan.root);
    let mut build = cargo(crate_dir, &plan.target_dir);
    build
        .arg("build")
        .args(BUILD_ARGS)
        .arg("--manifest-path")
        .arg(&manifest);
    let artifacts = match build_step(build, control, emitter, BLOCK_NOT_PREPARED).await {
        Ok(artifacts) => artifacts,
        Err(end) => return end,
    };
    if run.block.run == RunMode::Build {
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
    let mut cmd = Command::new(exe);
    cmd.current_dir(crate_dir);
    let expect_panic = run.block.run == RunMode::Panic;
    let end = run_program(cmd, Scope::Program, expect_panic, cfg, control, emitter).await;
    drop(slot);
    end
}
