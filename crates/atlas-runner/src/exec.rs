//! Running one process as its own process group, streaming its output line by
//! line, and killing the whole group on Stop, on the time limit or when it ends.

use std::io;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::Command;

use crate::config::RunnerConfig;
use crate::guard::{GUARD_NOTE, Limits, Scope, guarded};
use crate::{RunEvent, Stream};

/// Longest line forwarded as one event; longer lines are split so a program that
/// prints megabytes without a newline cannot make the runner buffer them all.
const MAX_LINE_BYTES: usize = 16 * 1024;

/// How long to wait for the output pipes after the process is gone: a grandchild
/// that left the process group could hold them open forever.
const DRAIN_GRACE: Duration = Duration::from_secs(1);

/// Why a run was ended from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StopReason {
    /// The user clicked Stop, or the app is closing.
    Stopped,
    /// The time limit was reached.
    TimedOut,
    /// The run wrote more output than [`Limits::output_bytes`].
    OutputLimit,
}

#[derive(Debug, Default)]
struct ControlState {
    stop: Option<StopReason>,
    /// The process group that currently runs, if any.
    pgid: Option<Pid>,
}

/// Shared between a run's task and [`crate::Runner::stop`]. One mutex guards both
/// the stop flag and the current process group, so a Stop that races with the
/// spawn of the next phase either prevents the spawn or kills what it spawned.
/// It also knows how the run's processes start: under the guard, if there is one.
#[derive(Debug)]
pub(crate) struct Control {
    state: Mutex<ControlState>,
    guard: Option<(PathBuf, Limits)>,
}

impl Control {
    pub(crate) fn new(cfg: &RunnerConfig) -> Control {
        Control {
            state: Mutex::default(),
            guard: cfg.guard.clone().map(|g| (g, cfg.limits.clone())),
        }
    }

    fn lock(&self) -> MutexGuard<'_, ControlState> {
        // A poisoned lock only means a panic elsewhere; the state is still valid.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Marks the run as ended for `reason` (the first reason wins) and kills its
    /// process group now. Synchronous, so it works outside a runtime (app exit).
    pub(crate) fn stop(&self, reason: StopReason) {
        let mut st = self.lock();
        if st.stop.is_none() {
            st.stop = Some(reason);
        }
        if let Some(pgid) = st.pgid {
            kill_group(pgid);
        }
    }

    /// Why the run was ended from outside, if it was.
    pub(crate) fn reason(&self) -> Option<StopReason> {
        self.lock().stop
    }

    /// Kills what is left of the current group (background processes of a program
    /// that has exited) and forgets it.
    fn finish_group(&self) {
        let mut st = self.lock();
        if let Some(pgid) = st.pgid.take() {
            kill_group(pgid);
        }
    }
}

/// SIGKILL to a whole process group: cargo, rustc, the program and its children.
/// ESRCH (nothing left) is the normal case after a clean exit.
fn kill_group(pgid: Pid) {
    match killpg(pgid, Signal::SIGKILL) {
        Ok(()) => tracing::debug!(pgid = pgid.as_raw(), "killed process group"),
        Err(nix::errno::Errno::ESRCH) => {}
        Err(e) => tracing::warn!(pgid = pgid.as_raw(), error = %e, "killpg failed"),
    }
}

/// Forwards events and enforces the output cap, shared by both pipe readers. Past
/// the output limit (much larger than the cap) it stops the run.
pub(crate) struct Emitter {
    sink: Box<dyn Fn(RunEvent) + Send + Sync>,
    cap: usize,
    limit: usize,
    control: Arc<Control>,
    state: Mutex<EmitState>,
}

#[derive(Default)]
struct EmitState {
    /// Bytes forwarded.
    bytes: usize,
    /// Bytes read, forwarded or not.
    read: usize,
    truncated: bool,
    /// Past the output limit: the run has been stopped once, nothing more to do.
    over: bool,
}

impl Emitter {
    /// Forwards to `sink` up to `cap` bytes of lines; stops the run through `control`
    /// once `limit` bytes have been read.
    pub(crate) fn new(
        sink: impl Fn(RunEvent) + Send + Sync + 'static,
        cap: usize,
        limit: usize,
        control: Arc<Control>,
    ) -> Emitter {
        Emitter {
            sink: Box::new(sink),
            cap,
            limit,
            control,
            state: Mutex::new(EmitState::default()),
        }
    }

    /// Sends any event as is.
    pub(crate) fn event(&self, event: RunEvent) {
        (self.sink)(event);
    }

    /// Sends one line unless the run's output is past the cap; the first line over
    /// it sends `Truncated` instead, once, and everything after is dropped.
    pub(crate) fn line(&self, stream: Stream, text: String) {
        {
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if st.over {
                return;
            }
            st.read += text.len() + 1;
            if st.read > self.limit {
                st.over = true;
                drop(st);
                self.control.stop(StopReason::OutputLimit);
                return;
            }
            if st.truncated {
                return;
            }
            // +1 for the line ending the event leaves out.
            let next = st.bytes + text.len() + 1;
            if next > self.cap {
                st.truncated = true;
                drop(st);
                (self.sink)(RunEvent::Truncated {
                    limit_bytes: self.cap,
                });
                return;
            }
            st.bytes = next;
        }
        (self.sink)(RunEvent::Line { stream, text });
    }

    /// A note of the runner's own, shown with the build messages.
    pub(crate) fn note(&self, text: impl Into<String>) {
        self.line(Stream::Build, text.into());
    }
}

/// What to do with the lines of one pipe.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sink {
    /// Forward each line as a `Line` event on this stream.
    Forward(Stream),
    /// Keep the lines (cargo's JSON messages) instead of showing them.
    Capture,
}

/// What a pipe reader saw, beyond what it forwarded.
#[derive(Debug, Default)]
pub(crate) struct PipeSummary {
    /// The lines, for [`Sink::Capture`].
    pub captured: Vec<String>,
    /// A Rust panic message went by.
    pub saw_panic: bool,
    /// Cargo said it could not get a dependency without the network.
    pub saw_offline: bool,
    /// Cargo said the network is unreachable (while allowed to use it).
    pub saw_no_network: bool,
    /// Why the guard ended the run, if it said (its stderr line, without the prefix).
    pub guard_note: Option<String>,
    /// The program could not allocate memory (Rust's message on an allocation failure).
    pub saw_out_of_memory: bool,
}

/// How a process ended.
#[derive(Debug)]
pub(crate) struct ProcessEnd {
    /// Its exit status; `None` when it never started because the run was stopped.
    pub status: Option<ExitStatus>,
    /// Set when Stop or the time limit ended it.
    pub stopped: Option<StopReason>,
    pub stdout: PipeSummary,
    pub stderr: PipeSummary,
}

/// Runs `cmd` (under the guard, with the limits of `scope`, when there is one) in a
/// new process group until it exits, the time limit passes or the run is stopped,
/// streaming its pipes through `emitter`. Whatever is left of the group when it ends
/// is killed.
pub(crate) async fn run_process(
    cmd: Command,
    scope: Scope,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
    stdout: Sink,
    stderr: Sink,
    time_limit: Option<Duration>,
) -> io::Result<ProcessEnd> {
    let mut cmd = match &control.guard {
        Some((guard, limits)) => guarded(&cmd, guard, limits, scope),
        None => cmd,
    };
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own group, so one killpg reaches cargo, rustc, the program and
        // anything they start.
        .process_group(0)
        // Backstop if the runtime drops the task (app exit without stop_all).
        .kill_on_drop(true);

    let mut child = {
        let mut st = control.lock();
        if let Some(reason) = st.stop {
            return Ok(ProcessEnd {
                status: None,
                stopped: Some(reason),
                stdout: PipeSummary::default(),
                stderr: PipeSummary::default(),
            });
        }
        let child = cmd.spawn()?;
        // The child is its group's leader, so the group id is its pid.
        st.pgid = child
            .id()
            .and_then(|id| i32::try_from(id).ok())
            .map(Pid::from_raw);
        child
    };

    let out = child
        .stdout
        .take()
        .map(|p| tokio::spawn(read_pipe(p, stdout, emitter.clone())));
    let err = child
        .stderr
        .take()
        .map(|p| tokio::spawn(read_pipe(p, stderr, emitter.clone())));

    let status = match time_limit {
        Some(limit) => {
            tokio::select! {
                status = child.wait() => status,
                () = tokio::time::sleep(limit) => {
                    control.stop(StopReason::TimedOut);
                    child.wait().await
                }
            }
        }
        None => child.wait().await,
    };
    // Background processes the program left behind die with it.
    control.finish_group();
    let status = status?;

    let stdout = collect(out).await;
    let stderr = collect(err).await;
    Ok(ProcessEnd {
        status: Some(status),
        stopped: control.reason(),
        stdout,
        stderr,
    })
}

async fn collect(reader: Option<tokio::task::JoinHandle<PipeSummary>>) -> PipeSummary {
    let Some(mut handle) = reader else {
        return PipeSummary::default();
    };
    match tokio::time::timeout(DRAIN_GRACE, &mut handle).await {
        Ok(Ok(summary)) => summary,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "pipe reader failed");
            PipeSummary::default()
        }
        Err(_) => {
            // Someone outside the group still holds the pipe: stop listening.
            handle.abort();
            PipeSummary::default()
        }
    }
}

/// Reads a pipe to its end, line by line (lossy UTF-8, long lines split), and
/// keeps reading past the output cap so the program never blocks on a full pipe.
async fn read_pipe(pipe: impl AsyncRead + Unpin, sink: Sink, emitter: Arc<Emitter>) -> PipeSummary {
    let mut reader = BufReader::with_capacity(64 * 1024, pipe);
    let mut summary = PipeSummary::default();
    let mut line: Vec<u8> = Vec::new();
    loop {
        let buf = match reader.fill_buf().await {
            Ok(buf) => buf,
            Err(e) => {
                tracing::debug!(error = %e, "pipe read failed");
                break;
            }
        };
        if buf.is_empty() {
            if !line.is_empty() {
                flush(&mut line, sink, &emitter, &mut summary);
            }
            break;
        }
        let room = MAX_LINE_BYTES - line.len();
        let window = &buf[..buf.len().min(room)];
        match window.iter().position(|&b| b == b'\n') {
            Some(i) => {
                line.extend_from_slice(&window[..i]);
                reader.consume(i + 1);
                flush(&mut line, sink, &emitter, &mut summary);
            }
            None => {
                let n = window.len();
                line.extend_from_slice(window);
                reader.consume(n);
                if line.len() >= MAX_LINE_BYTES {
                    flush(&mut line, sink, &emitter, &mut summary);
                }
            }
        }
    }
    summary
}

fn flush(line: &mut Vec<u8>, sink: Sink, emitter: &Emitter, summary: &mut PipeSummary) {
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    let text = String::from_utf8_lossy(line).into_owned();
    line.clear();
    if text.contains("panicked at") {
        summary.saw_panic = true;
    }
    if is_offline_error(&text) {
        summary.saw_offline = true;
    }
    if is_network_error(&text) {
        summary.saw_no_network = true;
    }
    if text.starts_with("memory allocation of ") && text.ends_with(" failed") {
        summary.saw_out_of_memory = true;
    }
    if let Some(note) = text.strip_prefix(GUARD_NOTE) {
        summary.guard_note = Some(note.to_string());
    }
    match sink {
        Sink::Forward(stream) => emitter.line(stream, text),
        Sink::Capture => summary.captured.push(text),
    }
}

/// Cargo's ways of saying a dependency is not in the local cache and `--offline`
/// forbids fetching it.
fn is_offline_error(line: &str) -> bool {
    const SIGNS: [&str; 6] = [
        "--offline was specified",
        "attempting to make an HTTP request",
        "no matching package named",
        "failed to download",
        "offline mode (via the `--offline`",
        "failed to load source for dependency",
    ];
    SIGNS.iter().any(|s| line.contains(s))
}

/// Cargo's (and curl's) ways of saying the registry cannot be reached.
fn is_network_error(line: &str) -> bool {
    const SIGNS: [&str; 7] = [
        "Could not resolve host",
        "Couldn't resolve host",
        "failed to resolve address",
        "Network is unreachable",
        "Connection refused",
        "spurious network error",
        "[6] Could not resolve",
    ];
    SIGNS.iter().any(|s| line.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_errors_are_recognised() {
        assert!(is_network_error(
            "  [6] Could not resolve hostname (Could not resolve host: index.crates.io)"
        ));
        assert!(is_network_error(
            "warning: spurious network error (3 tries remaining): [7] Couldn't connect"
        ));
        assert!(!is_network_error("error[E0425]: cannot find value `x`"));
    }

    #[test]
    fn offline_errors_are_recognised() {
        assert!(is_offline_error(
            "error: no matching package named `tokio` found (this may be because of --offline)"
        ));
        assert!(is_offline_error(
            "  attempting to make an HTTP request, but --offline was specified"
        ));
        assert!(!is_offline_error("error[E0308]: mismatched types"));
    }

    #[test]
    fn emitter_cuts_at_the_cap_once() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let control = Arc::new(Control::new(&RunnerConfig::new("/nowhere")));
        let em = Emitter::new(move |e| s.lock().unwrap().push(e), 10, 100, control);
        em.line(Stream::Stdout, "12345".into()); // 6 bytes
        em.line(Stream::Stdout, "12345".into()); // 12 > 10: cut
        em.line(Stream::Stdout, "1".into());
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        assert!(matches!(seen[1], RunEvent::Truncated { limit_bytes: 10 }));
    }
}
