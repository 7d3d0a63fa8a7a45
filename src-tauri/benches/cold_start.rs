//! Cold start of the installed app: from starting its process to a usable search box
//! (the UI reports that moment, and the app logs it as "search box ready"). Issue 12's
//! goal is 0.8 s.
//!
//! The .deb is unpacked into a temp root (`dpkg-deb -x`) and its binary started on a
//! private Xvfb and session bus, with a temp HOME, as a new user would start it:
//! - `first start`: a new HOME each time, so nothing but the package helps;
//! - `restart`: the same HOME again (settings and the remembered page are there).
//!
//! Each start is stopped (SIGKILL to its process group, WebKit's processes too) before
//! the next one begins.
//!
//! ```text
//! cargo bench --workspace --profile dev --bench cold_start -- --deb PATH [--runs N] [--json]
//! ```
//! (`--workspace --profile dev`: the test build's feature set and profile, so nothing is
//! compiled again; this harness only starts processes, and the figure is the package's.)

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use serde_json::json;

/// Cold start of the installed app to a usable search box.
#[derive(Parser)]
struct Args {
    /// The .deb to unpack and start.
    #[arg(long, env = "ATLAS_PACKAGE_DEB")]
    deb: PathBuf,
    /// Starts per mode.
    #[arg(long, default_value_t = 8)]
    runs: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Print each start's log lines, with the milliseconds since launch, to stderr.
    #[arg(long)]
    log: bool,
    /// Passed by `cargo bench`.
    #[arg(long, hide = true)]
    bench: bool,
}

/// Longest wait for the search box; a start that takes longer is a failure.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// One start: wall time from spawning the process, and the app's own figure (from
/// `main`, which leaves out loading the binary and its libraries).
struct Start {
    wall_ms: f64,
    since_main_ms: f64,
}

/// Where the app runs: its binary, X display and session bus.
struct Desk {
    app: PathBuf,
    display: String,
    bus: String,
    log: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let root = tempfile::tempdir()?;
    support::unpack(&args.deb, root.path());
    let (_xvfb, display) = support::start_xvfb();
    let (_bus, bus) = support::start_session_bus();
    let desk = Desk {
        app: root.path().join("usr/bin/async-atlas"),
        display,
        bus,
        log: args.log,
    };
    // One start to warm the page cache, not counted: a reader's second start of the
    // day is the common case, and a first one after boot depends on the disk.
    let warm_home = tempfile::tempdir()?;
    start_once(&desk, warm_home.path())?;

    let mut first = Vec::new();
    for _ in 0..args.runs {
        let home = tempfile::tempdir()?;
        first.push(start_once(&desk, home.path())?);
    }
    let mut again = Vec::new();
    let home = tempfile::tempdir()?;
    start_once(&desk, home.path())?;
    for _ in 0..args.runs {
        again.push(start_once(&desk, home.path())?);
    }
    report(&args, &first, &again);
    Ok(())
}

/// Starts the app with `home` as HOME and waits until its search box is usable; then
/// stops it and everything it started.
fn start_once(desk: &Desk, home: &Path) -> anyhow::Result<Start> {
    let started = Instant::now();
    let mut child = Command::new(&desk.app)
        .envs(support::clean_home_env(home))
        .env("DISPLAY", &desk.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &desk.bus)
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .with_context(|| format!("starting {}", desk.app.display()))?;
    let stderr = child.stderr.take().context("the app's stderr")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let result = wait_ready(&rx, started, desk.log);
    // SIGKILL to the whole group: only the start is measured.
    if let Some(group) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
    child.wait()?;
    result
}

/// Reads the app's log until it says the search box is ready.
fn wait_ready(
    rx: &mpsc::Receiver<(Instant, String)>,
    started: Instant,
    log: bool,
) -> anyhow::Result<Start> {
    let mut last = Vec::new();
    loop {
        let left = READY_TIMEOUT.saturating_sub(started.elapsed());
        let Ok((at, line)) = rx.recv_timeout(left) else {
            bail!(
                "the search box was not ready within {READY_TIMEOUT:?}; the app's last lines:\n{}",
                last.join("\n")
            );
        };
        if log {
            eprintln!("{:>6.0} ms  {line}", (at - started).as_secs_f64() * 1000.0);
        }
        if line.contains("search box ready") {
            let since_main_ms = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("ms="))
                .and_then(|ms| ms.parse().ok())
                .with_context(|| format!("no ms= in {line:?}"))?;
            return Ok(Start {
                wall_ms: (at - started).as_secs_f64() * 1000.0,
                since_main_ms,
            });
        }
        last.push(line);
    }
}

fn summary(starts: &[Start], pick: fn(&Start) -> f64) -> serde_json::Value {
    let mut ms: Vec<f64> = starts.iter().map(pick).collect();
    ms.sort_by(f64::total_cmp);
    let whole = |v: f64| v.round() as u64;
    json!({
        "min": whole(ms[0]),
        "median": whole(support::percentile(&ms, 0.5)),
        "max": whole(ms[ms.len() - 1]),
    })
}

fn report(args: &Args, first: &[Start], again: &[Start]) {
    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let modes = [("first start", first), ("restart", again)];
    let figures: Vec<_> = modes
        .iter()
        .map(|(mode, starts)| {
            json!({
                "mode": mode,
                "runs": starts.len(),
                "wall_ms": summary(starts, |s| s.wall_ms),
                "since_main_ms": summary(starts, |s| s.since_main_ms),
            })
        })
        .collect();
    if args.json {
        let out = json!({
            "package": args.deb.display().to_string(),
            "machine": format!("{machine}, {cores} cores"),
            "goal_ms": 800,
            "figures": figures,
        });
        println!("{out}");
        return;
    }
    println!("cold start to a usable search box, {}", args.deb.display());
    println!("machine: {machine}, {cores} cores; goal 800 ms from launch");
    println!(
        "{:<12} {:>5}  {:>22}  {:>22}",
        "mode", "runs", "from launch min/med/max", "from main min/med/max"
    );
    for f in &figures {
        let three = |v: &serde_json::Value| format!("{}/{}/{} ms", v["min"], v["median"], v["max"]);
        println!(
            "{:<12} {:>5}  {:>22}  {:>22}",
            f["mode"].as_str().unwrap_or_default(),
            f["runs"],
            three(&f["wall_ms"]),
            three(&f["since_main_ms"])
        );
    }
}
