//! What a run does: an example (build, then run its program or its tests) or a
//! code block (write a scratch crate, build, run).

use std::path::Path;
use std::sync::Arc;

use atlas_model::{CodeBlock, Example, Outcome, Phase, RunEvent, RunMode, Stream};
use tokio::process::Command;

use crate::block::{ScratchPlan, Slot, program_source};
use crate::cargo::{BUILD_ARGS, build_step, cargo, pick_executable};
use crate::config::{BLOCK_DEPENDENCIES_MISSING, DEPENDENCIES_MISSING, RunnerConfig};
use crate::exec::{Control, Emitter, Sink, run_process};
use crate::outcome::{End, judge};
use crate::runner::{Inner, Job};

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
    }
}

/// Runs a built program (or a test command) under the time limit, its output
/// forwarded, and judges how it ended.
async fn run_program(
    cmd: Command,
    expect_panic: bool,
    cfg: &RunnerConfig,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> End {
    let end = run_process(
        cmd,
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

    if !example.has_bin {
        emitter.event(RunEvent::Phase { phase: Phase::Test });
        emitter.note(format!(
            "`{id}` is a library without a program: running its tests with `cargo test -p {id}`."
        ));
        let mut test = cargo(examples_dir);
        test.args(["test", "--offline", "--color", "never", "--manifest-path"])
            .arg(&manifest)
            .args(["-p", id]);
        return run_program(test, false, cfg, control, emitter).await;
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
    run.current_dir(examples_dir.join(&example.dir));
    run_program(run, false, cfg, control, emitter).await
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
    let plan = ScratchPlan::for_book(&cfg.scratch_dir, run.examples_dir);
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
    let mut build = cargo(crate_dir);
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
    let end = run_program(cmd, expect_panic, cfg, control, emitter).await;
    drop(slot);
    end
}
