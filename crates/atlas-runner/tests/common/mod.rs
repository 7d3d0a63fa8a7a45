//! Shared by the tests and the benchmark: the fixture books, indexed once per
//! process, and the helpers that run a request to its end (on a fixture or on
//! any index, such as a real book's).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use atlas_runner::{
    Outcome, Phase, RunError, RunEvent, RunId, RunRequest, Runner, RunnerConfig, Stream,
};
use index_builder::{BuildOptions, Index};

/// A fixture book copied into the target dir and indexed.
pub(crate) struct Fixture {
    pub(crate) index: Arc<Index>,
    /// Scratch crates of every test share one dir, so they build once.
    pub(crate) scratch: PathBuf,
}

/// The book with an examples workspace.
pub(crate) fn book() -> &'static Fixture {
    static BOOK: OnceLock<Fixture> = OnceLock::new();
    BOOK.get_or_init(|| prepare("book"))
}

/// A book without an examples folder (as the upstream async book copy here).
pub(crate) fn no_examples() -> &'static Fixture {
    static BOOK: OnceLock<Fixture> = OnceLock::new();
    BOOK.get_or_init(|| prepare("no-examples"))
}

/// A book whose example needs a crate that is not in the local cargo cache.
pub(crate) fn missing_deps() -> &'static Fixture {
    static BOOK: OnceLock<Fixture> = OnceLock::new();
    BOOK.get_or_init(|| prepare("missing-deps"))
}

fn prepare(name: &str) -> Fixture {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    // Under the target dir, so the examples' build output (their own target dir)
    // never lands in the source tree, and persists between test runs.
    let work = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("atlas-runner-fixtures")
        .join(name);
    let book = work.join("book");
    sync_dir(&src, &book);
    // Left by older versions, which built in the book: the tests check that
    // nothing is written there now.
    for leftover in ["examples/target", "examples/Cargo.lock"] {
        let p = book.join(leftover);
        let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
    }
    let out = work.join("index");
    let opts = BuildOptions::new(book.clone(), out.clone());
    index_builder::build(&opts, &mut |_| {}).expect("fixture book indexes");
    let index = Index::open(&out).expect("fixture index opens");
    Fixture {
        index: Arc::new(index),
        scratch: work.join("scratch"),
    }
}

/// Copies `src` into `dst`, writing only files whose content changed: cargo
/// judges freshness by mtime, and untouched sources keep the examples built.
fn sync_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let (from, to) = (entry.path(), dst.join(entry.file_name()));
        if entry.file_type().unwrap().is_dir() {
            sync_dir(&from, &to);
        } else {
            let text = std::fs::read(&from).unwrap();
            if std::fs::read(&to).ok().as_deref() != Some(&text[..]) {
                std::fs::write(&to, text).unwrap();
            }
        }
    }
}

/// The work dir where `scripts/prepare-examples.sh` prepared the bundled book's
/// examples (the app's, or `$ATLAS_CACHE_DIR/runs` as `scripts/test.sh` sets it).
pub(crate) fn prepared_work_dir() -> PathBuf {
    atlas_runner::default_work_dir().expect("HOME or ATLAS_CACHE_DIR is set")
}

/// A runner with the defaults and the fixture's scratch dir, its processes under the
/// guard, as the app's are.
pub(crate) fn runner(fixture: &Fixture) -> Runner {
    Runner::new(guarded(RunnerConfig::new(&fixture.scratch)))
}

/// `cfg` with the guard this package builds.
pub(crate) fn guarded(mut cfg: RunnerConfig) -> RunnerConfig {
    cfg.guard = Some(PathBuf::from(env!("CARGO_BIN_EXE_atlas-run-guard")));
    cfg
}

/// Everything one run sent.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) id: RunId,
    pub(crate) events: Vec<RunEvent>,
}

impl Run {
    /// The `Finished` fields: outcome, exit code, message.
    pub(crate) fn finished(&self) -> (Outcome, Option<i32>, String) {
        match self.events.last() {
            Some(RunEvent::Finished {
                outcome,
                exit_code,
                message,
                ..
            }) => (*outcome, *exit_code, message.clone()),
            other => panic!("last event is not Finished: {other:?}"),
        }
    }

    pub(crate) fn lines(&self, stream: Stream) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e {
                RunEvent::Line { stream: s, text } if *s == stream => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn phases(&self) -> Vec<Phase> {
        self.events
            .iter()
            .filter_map(|e| match e {
                RunEvent::Phase { phase } => Some(*phase),
                _ => None,
            })
            .collect()
    }

    /// Checks the event protocol: `Started` first, exactly one `Finished`, last.
    pub(crate) fn assert_well_formed(&self) {
        assert!(
            matches!(self.events.first(), Some(RunEvent::Started { run_id, .. }) if *run_id == self.id),
            "first event: {:?}",
            self.events.first()
        );
        let finished = self
            .events
            .iter()
            .filter(|e| matches!(e, RunEvent::Finished { .. }))
            .count();
        assert_eq!(finished, 1, "one Finished");
        assert!(matches!(
            self.events.last(),
            Some(RunEvent::Finished { .. })
        ));
    }
}

/// A started run whose events arrive on a channel.
pub(crate) struct Started {
    pub(crate) id: RunId,
    pub(crate) rx: tokio::sync::mpsc::UnboundedReceiver<RunEvent>,
}

pub(crate) fn start(
    runner: &Runner,
    fixture: &Fixture,
    request: RunRequest,
) -> Result<Started, RunError> {
    start_on(runner, &fixture.index, request)
}

/// Starts a run of an entry of any index (a fixture's or a real book's).
pub(crate) fn start_on(
    runner: &Runner,
    index: &Index,
    request: RunRequest,
) -> Result<Started, RunError> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let id = runner.start(index, request, move |e| {
        let _ = tx.send(e);
    })?;
    Ok(Started { id, rx })
}

impl Started {
    /// Waits for the next event, failing the test after a generous minute (the first
    /// build of a fixture on a busy 2-core machine).
    pub(crate) async fn next(&mut self) -> RunEvent {
        tokio::time::timeout(Duration::from_secs(180), self.rx.recv())
            .await
            .expect("an event within 3 minutes")
            .expect("the channel stays open until Finished")
    }

    /// Waits for a line containing `needle`, returning the events so far.
    pub(crate) async fn until_line(&mut self, needle: &str) -> Vec<RunEvent> {
        let mut seen = Vec::new();
        loop {
            let e = self.next().await;
            let hit = matches!(&e, RunEvent::Line { text, .. } if text.contains(needle));
            let done = matches!(&e, RunEvent::Finished { .. });
            seen.push(e);
            if hit {
                return seen;
            }
            assert!(!done, "finished before a line with {needle:?}: {seen:?}");
        }
    }

    /// Waits for the end of the run.
    pub(crate) async fn finish(mut self, mut seen: Vec<RunEvent>) -> Run {
        loop {
            let e = self.next().await;
            let done = matches!(e, RunEvent::Finished { .. });
            seen.push(e);
            if done {
                // Nothing may follow Finished.
                assert!(self.rx.try_recv().is_err());
                return Run {
                    id: self.id,
                    events: seen,
                };
            }
        }
    }
}

/// Runs a request to its end.
pub(crate) async fn run(runner: &Runner, fixture: &Fixture, request: RunRequest) -> Run {
    run_on(runner, &fixture.index, request).await
}

/// Runs a request on any index to its end, checking the event protocol.
pub(crate) async fn run_on(runner: &Runner, index: &Index, request: RunRequest) -> Run {
    let started = start_on(runner, index, request).expect("run starts");
    let run = started.finish(Vec::new()).await;
    run.assert_well_formed();
    run
}

pub(crate) fn example(id: &str) -> RunRequest {
    RunRequest::Example { id: id.into() }
}

pub(crate) fn block(id: &str) -> RunRequest {
    RunRequest::Block {
        id: id.into(),
        edited: None,
    }
}

/// The endless fixture prints `pgid N` first: its process group.
pub(crate) fn pgid_from(events: &[RunEvent]) -> nix::unistd::Pid {
    let pid = events
        .iter()
        .find_map(|e| match e {
            RunEvent::Line {
                stream: Stream::Stdout,
                text,
            } => text.strip_prefix("pgid ").map(str::to_string),
            _ => None,
        })
        .expect("the endless example prints its group");
    nix::unistd::Pid::from_raw(pid.parse().unwrap())
}
