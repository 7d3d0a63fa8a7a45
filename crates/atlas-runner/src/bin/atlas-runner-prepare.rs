//! Prepare examples from the command line, exactly as the app's button does: copies
//! a book's examples folder into the runner's work dir, downloads their crates (the
//! network is used here only) and builds each example once, with a progress bar.
//!
//! ```text
//! atlas-runner-prepare content/examples [--work-dir DIR]
//! ```
//!
//! The work dir defaults to the app's ([`atlas_runner::default_work_dir`]), so
//! that the app finds the builds.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, bail};
use atlas_model::{CodeBlock, Example, SourceFile};
use atlas_runner::{Catalog, Outcome, RunEvent, RunRequest, Runner, RunnerConfig, Stream};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Parser)]
#[command(about = "Prepare a book's examples for offline runs, as the app's button does")]
struct Args {
    /// The book's examples folder (a cargo workspace).
    examples: PathBuf,
    /// The runner's work dir (default: the app's).
    #[arg(long)]
    work_dir: Option<PathBuf>,
}

/// The examples folder as a catalog: its workspace members, from `cargo metadata
/// --no-deps` (which needs no download).
struct Folder {
    dir: PathBuf,
    examples: Vec<Example>,
}

impl Catalog for Folder {
    fn example(&self, id: &str) -> Option<&Example> {
        self.examples.iter().find(|e| e.id == id)
    }
    fn examples(&self) -> &[Example] {
        &self.examples
    }
    fn code_block(&self, _: &str) -> Option<&CodeBlock> {
        None
    }
    fn examples_dir(&self) -> Option<&Path> {
        Some(&self.dir)
    }
}

fn read_folder(dir: &Path) -> anyhow::Result<Folder> {
    let dir = dir
        .canonicalize()
        .with_context(|| format!("{}", dir.display()))?;
    let meta = cargo_metadata::MetadataCommand::new()
        .manifest_path(dir.join("Cargo.toml"))
        .no_deps()
        .exec()
        .with_context(|| format!("reading {}", dir.join("Cargo.toml").display()))?;
    let mut examples: Vec<Example> = meta
        .workspace_packages()
        .into_iter()
        .map(|p| Example {
            id: p.name.to_string(),
            description: p.description.clone().unwrap_or_default(),
            dir: String::new(),
            files: Vec::<SourceFile>::new(),
            has_bin: p.targets.iter().any(|t| t.is_bin()),
            used_by: Vec::new(),
        })
        .collect();
    examples.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Folder { dir, examples })
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let folder = read_folder(&args.examples)?;
    let work_dir = match args.work_dir {
        Some(dir) => dir,
        None => atlas_runner::default_work_dir().context("HOME is not set")?,
    };
    let bar = ProgressBar::new(folder.examples.len() as u64 + 2);
    bar.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")?);
    let ended = Arc::new(Mutex::new(None));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let runner = Runner::new(RunnerConfig::new(&work_dir));
        let (bar, ended) = (bar.clone(), ended.clone());
        let (tx, done) = tokio::sync::oneshot::channel();
        let tx = Mutex::new(Some(tx));
        runner.start(&folder, RunRequest::Prepare, move |event| match event {
            RunEvent::Progress { done, message, .. } => {
                bar.set_position(done as u64);
                bar.set_message(message);
            }
            RunEvent::Line {
                stream: Stream::Build,
                text,
            } => bar.suspend(|| eprintln!("{text}")),
            RunEvent::Finished {
                outcome, message, ..
            } => {
                *ended.lock().unwrap() = Some((outcome, message));
                if let Some(tx) = tx.lock().unwrap().take() {
                    let _ = tx.send(());
                }
            }
            _ => {}
        })?;
        let _ = done.await;
        anyhow::Ok(())
    })?;
    bar.finish_and_clear();
    let (outcome, message) = ended
        .lock()
        .unwrap()
        .take()
        .context("the run did not finish")?;
    eprintln!("{message}");
    if outcome != Outcome::Success {
        bail!("preparing {} failed", folder.dir.display());
    }
    Ok(())
}
