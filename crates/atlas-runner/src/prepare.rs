//! Preparing a book's examples: the one run that may use the network.
//!
//! Steps, each announced with a [`RunEvent::Progress`]: download every crate the
//! examples need (`cargo fetch` in the workspace copy), build each example once as
//! its Run will (`-p ID`, so no first Run recompiles a dependency), then download
//! the crates code blocks use. Afterwards runs are offline. An example that does
//! not build is reported and the others go on.

use std::path::Path;
use std::sync::Arc;

use atlas_model::{Example, Outcome, Phase, RunEvent, Stream};

use crate::block::{ScratchPlan, Slot};
use crate::cargo::{cargo, finished_cargo};
use crate::config::{NO_NETWORK, RunnerConfig};
use crate::exec::{Control, Emitter, Sink, run_process};
use crate::guard::Scope;
use crate::jobs::{build_example, workspace_for};
use crate::outcome::End;
use crate::workspace::Workspace;

/// A program naming every crate a code block may use, so that fetching it
/// downloads them all.
const EVERY_DEFAULT_CRATE: &str = "#![allow(unused_imports)]\nuse async_stream::stream;\n\
    use futures::future;\nuse pin_project_lite::pin_project;\nuse tokio::runtime;\n\
    use tokio_stream::StreamExt;\nuse tokio_util::sync;\nuse async_std::task;\nfn main() {}\n";

pub(crate) async fn run(
    cfg: &RunnerConfig,
    examples_dir: Option<&Path>,
    examples: &[Example],
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> End {
    let ws = match examples_dir.map(|d| workspace_for(cfg, d, emitter)) {
        Some(Ok(ws)) => Some(ws),
        Some(Err(end)) => return end,
        None => None,
    };
    let examples: &[Example] = if ws.is_some() { examples } else { &[] };
    let total = examples.len() + 2;
    let progress = |done: usize, message: String| {
        emitter.event(RunEvent::Progress {
            done,
            total,
            message,
        });
    };
    emitter.event(RunEvent::Phase {
        phase: Phase::Build,
    });
    if let Some(ws) = &ws {
        progress(
            0,
            "Downloading the examples' crates (the one step that uses the network)…".into(),
        );
        let mut fetch = cargo(ws.dir(), ws.target_dir());
        fetch.arg("fetch").arg("--manifest-path").arg(ws.manifest());
        if let Err(end) = fetch_step(fetch, control, emitter).await {
            return end;
        }
    }
    let mut failed = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        progress(
            i + 1,
            format!("Building {} ({} of {})…", example.id, i + 1, examples.len()),
        );
        let Some(ws) = &ws else { break };
        if let Err(end) = build_example(ws, example, control, emitter).await {
            if end.outcome == Outcome::Stopped {
                return end;
            }
            emitter.note(format!("`{}` did not build: {}", example.id, end.message));
            failed.push(example.id.clone());
        }
    }
    progress(
        examples.len() + 1,
        "Downloading the crates code blocks use…".into(),
    );
    if let Err(end) = prepare_blocks(cfg, ws.as_ref(), control, emitter).await {
        return end;
    }
    if let Some(ws) = &ws
        && let Err(e) = ws.mark_prepared()
    {
        emitter.note(format!(
            "Could not record that the examples are prepared: {e}"
        ));
    }
    progress(total, "Prepared.".into());
    let built = examples.len() - failed.len();
    let mut message = format!(
        "Prepared: {built} of {} examples built; runs now work offline",
        examples.len()
    );
    if failed.is_empty() {
        return End::new(Outcome::Success, Some(0), message);
    }
    // The others are ready; the reader sees which did not build and why above.
    message.push_str(&format!("; did not build: {}", failed.join(", ")));
    End::new(Outcome::Failed, None, message)
}

/// `cargo fetch`, the only command run with the network allowed.
async fn fetch_step(
    cmd: tokio::process::Command,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> Result<(), End> {
    let sinks = (Sink::Forward(Stream::Build), Sink::Forward(Stream::Build));
    let end = run_process(cmd, Scope::Build, control, emitter, sinks.0, sinks.1, None).await;
    let end = finished_cargo(end, emitter)?;
    match end.status {
        Some(s) if s.success() => Ok(()),
        status => {
            let code = status.and_then(|s| s.code());
            if end.stderr.saw_no_network {
                emitter.note(NO_NETWORK);
                return Err(End::new(Outcome::Error, code, NO_NETWORK));
            }
            Err(End::new(
                Outcome::Failed,
                code,
                "Downloading the crates failed (see the output)",
            ))
        }
    }
}

/// Code blocks: with the examples' dependencies (shared mode) a warm-up build of
/// an empty block; otherwise fetching the crates blocks may name.
async fn prepare_blocks(
    cfg: &RunnerConfig,
    ws: Option<&Workspace>,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
) -> Result<(), End> {
    let plan = ScratchPlan::for_book(&cfg.work_dir, ws);
    let slot = Slot::take(&plan.root);
    let program = if plan.is_shared() {
        "fn main() {}\n"
    } else {
        EVERY_DEFAULT_CRATE
    };
    let (manifest, _) = plan.write(slot.index, program).map_err(|e| {
        emitter.note(format!("Could not write the scratch crate: {e}"));
        End::new(Outcome::Error, None, "Could not prepare the code blocks")
    })?;
    let dir = manifest.parent().unwrap_or(&plan.root);
    let mut cmd = cargo(dir, &plan.target_dir);
    cmd.arg(if plan.is_shared() { "build" } else { "fetch" })
        .arg("--manifest-path")
        .arg(&manifest);
    fetch_step(cmd, control, emitter).await
}
