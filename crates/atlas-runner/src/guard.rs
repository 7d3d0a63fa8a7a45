//! Starting each process under `atlas-run-guard` (`src/bin/atlas-run-guard.rs`): it
//! sets the run's limits, leads the process group, and kills the whole group when
//! the app dies, even by SIGKILL. Without the guard a killed app leaves its runs
//! running: they are in process groups of their own.
//!
//! The guard's parent-death signal comes when the *thread* that started it ends. Runs
//! are started from the runtime's worker threads, which live as long as the runtime.

use std::path::Path;

use tokio::process::Command;

/// What a run may use. The program gets them all; builds and `cargo test` fewer (see
/// [`Scope`]). Breaking one ends the run with a message that says which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Address space of each process of the program (4 GiB). Address space counts
    /// what threads reserve, not only what they use: each thread's stack is 2 MiB of
    /// it, so a program of 200 threads (the bundled `threads-vs-tasks`) needs about a
    /// gigabyte while it uses a few megabytes. 512 MiB failed that example.
    pub memory_bytes: u64,
    /// Processes the run may hold at once (512); the guard counts them.
    pub processes: usize,
    /// CPU time of each process (60 s; the run's wall-clock limit is apart).
    pub cpu_seconds: u64,
    /// Largest file a process of the program may write (64 MiB).
    pub file_bytes: u64,
    /// Output read from a run, shown or not, before it is stopped (64 MiB).
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        const MIB: u64 = 1024 * 1024;
        Limits {
            memory_bytes: 4096 * MIB,
            processes: 512,
            cpu_seconds: 60,
            file_bytes: 64 * MIB,
            output_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Which limits apply to a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Cargo and rustc: large address spaces and files are normal; only the process
    /// count applies.
    Build,
    /// `cargo test` of a library example: compiles doctests, so no memory limit.
    Tests,
    /// The program itself: every limit.
    Program,
}

/// The line the guard writes on stderr before it ends a run for a limit.
pub(crate) const GUARD_NOTE: &str = "atlas-run-guard: ";

/// `cmd` as the guard's command line: same program, arguments, environment and
/// folder, started by `guard` with the limits of `scope`.
pub(crate) fn guarded(cmd: &Command, guard: &Path, limits: &Limits, scope: Scope) -> Command {
    let inner = cmd.as_std();
    let mut wrapped = Command::new(guard);
    wrapped
        .arg("--parent")
        .arg(std::process::id().to_string())
        .args(["--processes", &limits.processes.to_string()]);
    if scope != Scope::Build {
        wrapped
            .args(["--cpu-seconds", &limits.cpu_seconds.to_string()])
            .args(["--file-bytes", &limits.file_bytes.to_string()]);
    }
    if scope == Scope::Program {
        wrapped.args(["--memory", &limits.memory_bytes.to_string()]);
    }
    wrapped
        .arg("--")
        .arg(inner.get_program())
        .args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    if let Some(dir) = inner.get_current_dir() {
        wrapped.current_dir(dir);
    }
    wrapped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_gets_the_same_command_and_its_scope_limits() {
        let mut cmd = Command::new("/bin/prog");
        cmd.args(["a", "b c"])
            .env("X", "1")
            .env_remove("Y")
            .current_dir("/tmp");
        let limits = Limits::default();
        let args = |scope| {
            let g = guarded(&cmd, Path::new("/g"), &limits, scope);
            let std = g.as_std();
            assert_eq!(std.get_program(), "/g");
            assert_eq!(std.get_current_dir(), Some(Path::new("/tmp")));
            assert_eq!(std.get_envs().count(), 2);
            std.get_args()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        };
        let program = args(Scope::Program);
        let tail = ["--", "/bin/prog", "a", "b c"];
        assert!(program.ends_with(&tail.map(String::from)), "{program:?}");
        assert!(program.contains(&"--memory".to_string()));
        let build = args(Scope::Build);
        assert!(
            !build.contains(&"--memory".to_string())
                && !build.contains(&"--cpu-seconds".to_string())
        );
        assert!(build.contains(&"--processes".to_string()));
        let tests = args(Scope::Tests);
        assert!(
            !tests.contains(&"--memory".to_string()) && tests.contains(&"--file-bytes".to_string())
        );
    }
}
