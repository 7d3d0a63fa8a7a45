//! The guard every run's process starts under: it leads the run's process group, sets
//! the run's limits, starts the program, and ends the whole group when the app that
//! started it dies, even by SIGKILL (a parent-death signal). The runner's side of
//! this is `guard.rs`; the protocol is its command line:
//!
//! ```text
//! atlas-run-guard --parent PID [--memory BYTES] [--cpu-seconds N] [--file-bytes BYTES]
//!                 [--processes N] -- PROGRAM [ARGS...]
//! ```
//!
//! The guard stays the program's parent. It waits on a signalfd for three things: the
//! program ended (SIGCHLD), the app died (SIGTERM, its parent-death signal), or
//! nothing for 100 ms, when it counts the processes of its group (as root,
//! RLIMIT_NPROC is not enforced, so the guard counts). It exits the way the program
//! did: the same code, or the same signal.

use std::ffi::OsString;
use std::os::fd::AsFd;
use std::process::{Command, ExitCode, ExitStatus};

use clap::Parser;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::prctl::set_pdeathsig;
use nix::sys::resource::{Resource, setrlimit};
use nix::sys::signal::{SigSet, Signal, killpg, raise};
use nix::sys::signalfd::{SfdFlags, SignalFd};
use nix::unistd::{Pid, getpgrp, getppid, setpgid};

/// The runner recognises this prefix on stderr: the line says why the guard ended
/// the run.
const NOTE: &str = "atlas-run-guard: ";

/// Exit code when the program could not be started (as a shell's).
const CANNOT_START: u8 = 127;

#[derive(Parser)]
#[command(
    about = "Runs a program for Async Atlas: its own process group, limits, and the \
                   whole group killed when the app dies"
)]
struct Args {
    /// The app's pid: if it is not the parent any more, the app is gone already.
    #[arg(long)]
    parent: i32,
    /// Address space of each process (RLIMIT_AS), in bytes.
    #[arg(long)]
    memory: Option<u64>,
    /// CPU time of each process (RLIMIT_CPU), in seconds.
    #[arg(long)]
    cpu_seconds: Option<u64>,
    /// Largest file a process may write (RLIMIT_FSIZE), in bytes.
    #[arg(long)]
    file_bytes: Option<u64>,
    /// Processes the group may hold at once; past it, the group is killed.
    #[arg(long)]
    processes: Option<usize>,
    /// The program and its arguments.
    #[arg(last = true, required = true)]
    command: Vec<OsString>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match guard(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{NOTE}{e}");
            ExitCode::from(CANNOT_START)
        }
    }
}

fn guard(args: &Args) -> std::io::Result<ExitCode> {
    // Block before anything can send them, so they wait in the signalfd.
    let mut watched = SigSet::empty();
    for signal in [
        Signal::SIGCHLD,
        Signal::SIGTERM,
        Signal::SIGINT,
        Signal::SIGHUP,
    ] {
        watched.add(signal);
    }
    watched.thread_block()?;
    let signals = SignalFd::with_flags(&watched, SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC)?;
    set_pdeathsig(Signal::SIGTERM)?;
    if getppid().as_raw() != args.parent {
        // The app died before the parent-death signal was set.
        return Ok(ExitCode::from(CANNOT_START));
    }
    // The runner made us a group leader already; a guard started otherwise (a shell,
    // a test) must not end its caller's group.
    let _ = setpgid(Pid::from_raw(0), Pid::from_raw(0));
    set_limits(args)?;

    let (program, rest) = args.command.split_first().expect("clap requires it");
    // std resets the signal mask in the child, so the program sees signals normally.
    let mut child = Command::new(program).args(rest).spawn().map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot start {}: {e}", program.to_string_lossy()),
        )
    })?;
    loop {
        let mut fds = [PollFd::new(signals.as_fd(), PollFlags::POLLIN)];
        poll(&mut fds, PollTimeout::from(100u8))?;
        while let Some(info) = signals.read_signal()? {
            if info.ssi_signo != Signal::SIGCHLD as u32 {
                // The app is gone (or a terminal asked us to stop).
                end_group(None);
            }
        }
        // SIGCHLDs merge, so ask after every wake-up.
        if let Some(status) = child.try_wait()? {
            return Ok(exit_like(status, &watched));
        }
        if let Some(limit) = args.processes
            && group_size() > limit
        {
            end_group(Some(&format!(
                "stopped: the program started more than {limit} processes"
            )));
        }
    }
}

/// Every limit applies to the guard and, inherited, to the program and its children.
fn set_limits(args: &Args) -> nix::Result<()> {
    let limits = [
        (Resource::RLIMIT_AS, args.memory),
        (Resource::RLIMIT_CPU, args.cpu_seconds),
        (Resource::RLIMIT_FSIZE, args.file_bytes),
        // No core files of a run that breaks a limit.
        (Resource::RLIMIT_CORE, Some(0)),
    ];
    for (resource, value) in limits {
        if let Some(value) = value {
            // For CPU time the hard limit is SIGKILL, the soft one SIGXCPU: a second
            // apart, so the program dies of the signal that names the limit.
            let hard = match resource {
                Resource::RLIMIT_CPU => value + 1,
                _ => value,
            };
            setrlimit(resource, value, hard)?;
        }
    }
    Ok(())
}

/// The program's exit code; if a signal ended it, the same signal to ourselves (so
/// the runner can tell SIGXCPU from SIGXFSZ), or 128 + signal if we survive that.
fn exit_like(status: ExitStatus, watched: &SigSet) -> ExitCode {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        return ExitCode::from(u8::try_from(code & 0xff).unwrap_or(1));
    }
    let Some(number) = status.signal() else {
        return ExitCode::FAILURE;
    };
    if let Ok(signal) = Signal::try_from(number) {
        let _ = watched.thread_unblock();
        let _ = raise(signal);
    }
    ExitCode::from(u8::try_from(128 + (number & 0x7f)).unwrap_or(1))
}

/// Kills the whole group, the guard with it; `why` is said on stderr first.
fn end_group(why: Option<&str>) -> ! {
    if let Some(why) = why {
        eprintln!("{NOTE}{why}");
    }
    let _ = killpg(getpgrp(), Signal::SIGKILL);
    // Not reached: SIGKILL reaches the guard too.
    std::process::exit(137)
}

/// How many processes are in our group now (`/proc/PID/stat`, field 5).
fn group_size() -> usize {
    let group = getpgrp().as_raw();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        })
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter(|stat| pgrp_of(stat) == Some(group))
        .count()
}

/// The process group in a `/proc/PID/stat` line: the command is in parentheses and may
/// hold spaces, so fields are counted after its closing one.
fn pgrp_of(stat: &str) -> Option<i32> {
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(2)?.parse().ok()
}
