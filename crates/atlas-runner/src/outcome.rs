//! How a run ended: the outcome and the one line the status bar shows.

use std::time::Duration;

use atlas_model::Outcome;

use crate::config::RunnerConfig;
use crate::exec::{Emitter, ProcessEnd, StopReason};

/// How a run ended, before timing is added.
pub(crate) struct End {
    pub(crate) outcome: Outcome,
    pub(crate) exit_code: Option<i32>,
    pub(crate) message: String,
}

impl End {
    pub(crate) fn new(outcome: Outcome, exit_code: Option<i32>, message: impl Into<String>) -> End {
        End {
            outcome,
            exit_code,
            message: message.into(),
        }
    }
}

/// Turns how the program ended into the run's outcome.
pub(crate) fn judge(
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
    if let Some(message) = broken_limit(&end, status, cfg) {
        emitter.note(message.clone());
        return End::new(Outcome::Failed, code, message);
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

pub(crate) fn stopped(
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
        StopReason::OutputLimit => {
            let message = "Stopped: the run wrote more output than its limit".to_string();
            emitter.note(message.clone());
            End::new(Outcome::Failed, code, message)
        }
    }
}

/// Which of the guard's limits ended the program, said plainly.
fn broken_limit(
    end: &ProcessEnd,
    status: std::process::ExitStatus,
    cfg: &RunnerConfig,
) -> Option<String> {
    use std::os::unix::process::ExitStatusExt;
    const SIGXCPU: i32 = 24;
    const SIGXFSZ: i32 = 25;
    let limits = &cfg.limits;
    if let Some(note) = &end.stderr.guard_note {
        return Some(capitalize(note));
    }
    // Without the guard no limit but the time limit was set.
    cfg.guard.as_ref()?;
    let mib = |bytes: u64| bytes / (1024 * 1024);
    match status.signal() {
        Some(SIGXCPU) => Some(format!(
            "Stopped: the program used its {} s of CPU time",
            limits.cpu_seconds
        )),
        Some(SIGXFSZ) => Some(format!(
            "Stopped: the program wrote a file larger than the {} MiB limit",
            mib(limits.file_bytes)
        )),
        _ if end.stderr.saw_out_of_memory => Some(format!(
            "Stopped: the program ran out of its {} MiB of memory",
            mib(limits.memory_bytes)
        )),
        _ => None,
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
