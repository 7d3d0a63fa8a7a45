//! Cargo: the command lines the runner uses, finding cargo, and reading the
//! artifacts out of its JSON messages.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cargo_metadata::Message;
use tokio::process::Command;

use crate::config::NO_CARGO;
use crate::exec::{Control, Emitter, ProcessEnd, Sink, run_process};
use crate::guard::Scope;
use crate::outcome::{End, stopped};
use atlas_model::{Outcome, Stream};

/// Cargo flags of every build: never the network; readable compiler messages on
/// stderr (shown as the build phase) and machine-readable artifacts on stdout.
pub(crate) const BUILD_ARGS: [&str; 5] = [
    "--offline",
    "--color",
    "never",
    "--message-format",
    "json-render-diagnostics",
];

/// A cargo command in `dir` building into `target_dir`.
pub(crate) fn cargo(dir: &Path, target_dir: &Path) -> Command {
    let mut cmd = Command::new(cargo_program());
    cmd.current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    cmd
}

/// Whether cargo is on this machine at all.
pub(crate) fn cargo_found() -> bool {
    cargo_program().is_file()
}

/// Cargo from `$CARGO` (set when cargo runs us), `PATH`, or rustup's usual place:
/// an app started from a desktop menu often lacks `~/.cargo/bin` in its `PATH`.
pub(crate) fn cargo_program() -> PathBuf {
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

/// Runs a cargo build; its artifacts on success, else how the run ends.
pub(crate) async fn build_step(
    cmd: Command,
    control: &Arc<Control>,
    emitter: &Arc<Emitter>,
    missing_deps: &str,
) -> Result<Vec<Artifact>, End> {
    let end = run_process(
        cmd,
        Scope::Build,
        control,
        emitter,
        Sink::Capture,
        Sink::Forward(Stream::Build),
        None,
    )
    .await;
    let end = finished_cargo(end, emitter)?;
    let Some(status) = end.status else {
        return Err(End::new(Outcome::Error, None, "Cargo did not run"));
    };
    if !status.success() {
        if end.stderr.saw_offline {
            emitter.note(missing_deps);
            return Err(End::new(Outcome::Unprepared, status.code(), missing_deps));
        }
        return Err(End::new(Outcome::Failed, status.code(), "Build failed"));
    }
    Ok(artifacts(&end.stdout.captured))
}

/// How a cargo process ended, or how the run ends when cargo never ran (not
/// installed, could not start) or was stopped.
pub(crate) fn finished_cargo(
    end: std::io::Result<ProcessEnd>,
    emitter: &Emitter,
) -> Result<ProcessEnd, End> {
    let end = match end {
        Ok(end) => end,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            emitter.note(NO_CARGO);
            return Err(End::new(Outcome::Error, None, NO_CARGO));
        }
        Err(e) => {
            emitter.note(format!("Could not start cargo: {e}"));
            return Err(End::new(Outcome::Error, None, "Could not start cargo"));
        }
    };
    match end.stopped {
        Some(reason) => Err(stopped(reason, None, emitter, None)),
        None => Ok(end),
    }
}

/// A built executable, from cargo's `compiler-artifact` messages.
pub(crate) struct Artifact {
    target_name: String,
    executable: PathBuf,
}

/// The executables among cargo's JSON messages (one per line).
fn artifacts(stdout: &[String]) -> Vec<Artifact> {
    let text = stdout.join("\n");
    Message::parse_stream(text.as_bytes())
        .filter_map(Result::ok)
        .filter_map(|m| match m {
            Message::CompilerArtifact(a) => Some(Artifact {
                target_name: a.target.name,
                executable: a.executable?.into_std_path_buf(),
            }),
            _ => None,
        })
        .collect()
}

/// The binary named like the package, else the first one.
pub(crate) fn pick_executable(artifacts: &[Artifact], name: &str) -> Option<PathBuf> {
    artifacts
        .iter()
        .find(|a| a.target_name == name)
        .or_else(|| artifacts.first())
        .map(|a| a.executable.clone())
}
