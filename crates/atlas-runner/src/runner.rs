//! [`Runner`]: starts runs of what a [`Catalog`] knows, tracks them, stops them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use atlas_model::{
    Catalog, CodeBlock, Example, ExamplesState, Outcome, RunEvent, RunId, RunMode, RunRequest,
};

use crate::cargo::cargo_found;
use crate::config::{NO_CARGO, RunError, RunnerConfig};
use crate::exec::{Control, Emitter, StopReason};
use crate::jobs;
use crate::outcome::End;
use crate::workspace::Workspace;

/// Starts and stops runs. Cheap to clone; clones share their runs.
#[derive(Clone)]
pub struct Runner {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) config: RunnerConfig,
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

/// What a request resolved to: everything the run needs, copied out of the catalog.
pub(crate) enum Job {
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
    Prepare {
        examples_dir: Option<PathBuf>,
        examples: Vec<Example>,
    },
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
        catalog: &dyn Catalog,
        request: RunRequest,
        on_event: impl Fn(RunEvent) + Send + Sync + 'static,
    ) -> Result<RunId, RunError> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| RunError::Io("the runner needs a tokio runtime".into()))?;
        let (key, label, job) = resolve(catalog, request)?;

        let control = Arc::new(Control::new(&self.inner.config));
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
        let emitter = Arc::new(Emitter::new(
            on_event,
            inner.config.output_cap_bytes,
            inner.config.limits.output_bytes,
            control.clone(),
        ));
        runtime.spawn(async move {
            let started = Instant::now();
            emitter.event(RunEvent::Started { run_id, label });
            // The work runs in a task of its own so that even a panic in it still
            // ends the run with its one `Finished` event.
            let work = tokio::spawn(jobs::execute(
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

    /// Whether the book's examples can run now, and what to tell the reader if not.
    pub fn examples_state(&self, catalog: &dyn Catalog) -> ExamplesState {
        let examples_dir = catalog.examples_dir();
        let has_examples = examples_dir.is_some() && !catalog.examples().is_empty();
        let cargo = cargo_found();
        let prepared = examples_dir
            .is_some_and(|d| Workspace::new(&self.inner.config.work_dir, d).is_prepared());
        let advice = if !cargo {
            NO_CARGO.to_string()
        } else if has_examples && !prepared {
            format!(
                "Prepare examples downloads the crates these {} examples need, once (this \
                 needs the network), then builds each example, with progress below. After \
                 that, runs work offline.",
                catalog.examples().len()
            )
        } else {
            String::new()
        };
        ExamplesState {
            has_examples,
            cargo,
            prepared,
            advice,
        }
    }

    /// The ids of the runs in progress.
    pub fn running(&self) -> Vec<RunId> {
        self.inner.runs().keys().copied().collect()
    }
}

/// Looks the request up in the catalog; only what the catalog knows can run.
fn resolve(catalog: &dyn Catalog, request: RunRequest) -> Result<(String, String, Job), RunError> {
    let examples_dir = catalog.examples_dir().map(Path::to_path_buf);
    match request {
        RunRequest::Example { id } => {
            let Some(examples_dir) = examples_dir else {
                return Err(RunError::NoExamplesDir);
            };
            let example = catalog
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
            let block = catalog
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
        RunRequest::Prepare => Ok((
            "prepare:".to_string(),
            "prepare examples".to_string(),
            Job::Prepare {
                examples_dir,
                examples: catalog.examples().to_vec(),
            },
        )),
    }
}
