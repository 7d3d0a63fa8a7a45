//! What the end-to-end tests and the cold-start bench share: an X server and a
//! session bus of their own, the .deb unpacked, and a clean HOME for the app.
//! (Each includer uses a part of it.)
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// SIGTERM (not SIGKILL) on drop, even if the test panics: tauri-driver only stops its
/// WebKitWebDriver child on SIGTERM/SIGINT.
pub(crate) struct Guard(pub(crate) Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

pub(crate) fn on_path(bin: &str) -> Option<PathBuf> {
    if bin.contains('/') {
        return Path::new(bin).is_file().then(|| PathBuf::from(bin));
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(bin))
        .find(|p| p.is_file())
}

/// Starts a server that prints where it listens as its first line; returns it and
/// that line.
pub(crate) fn start_and_read_line(cmd: &mut Command, missing: &str) -> (Guard, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect(missing);
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (Guard(child), line.trim().to_string())
}

pub(crate) fn start_xvfb() -> (Guard, String) {
    let (guard, display) = start_and_read_line(
        Command::new("Xvfb").args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ]),
        "Xvfb not found: apt-get install xvfb",
    );
    (guard, format!(":{display}"))
}

/// A private D-Bus session bus for one app: its single-instance name lives there, so
/// a test never hands over to a reader's running app, nor one test to another.
pub(crate) fn start_session_bus() -> (Guard, String) {
    let (guard, address) = start_and_read_line(
        Command::new("dbus-daemon").args(["--session", "--nofork", "--print-address=1"]),
        "dbus-daemon not found: apt-get install dbus",
    );
    assert!(!address.is_empty(), "dbus-daemon printed no address");
    (guard, address)
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Unpacks the .deb into `root` and checks its layout; returns the resource dir.
pub(crate) fn unpack(deb: &Path, root: &Path) -> PathBuf {
    let unpacked = Command::new("dpkg-deb")
        .arg("-x")
        .arg(deb)
        .arg(root)
        .status()
        .unwrap();
    assert!(unpacked.success(), "dpkg-deb -x {}", deb.display());
    assert!(root.join("usr/bin/async-atlas").is_file(), "the app binary");
    let shipped = root.join("usr/lib/async-atlas");
    for part in [
        "book/book.toml",
        "book/src/SUMMARY.md",
        "index/manifest.json",
    ] {
        assert!(shipped.join(part).is_file(), "the package holds {part}");
    }
    // Every run starts under it: it must be there, and executable.
    let guard = std::fs::metadata(shipped.join("atlas-run-guard")).expect("the runs' guard");
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&guard.permissions()) & 0o777,
        0o755,
        "the guard is executable"
    );
    let desktop = std::fs::read_to_string(root.join("usr/share/applications/async-atlas.desktop"))
        .expect("a desktop entry");
    assert!(
        desktop.contains("Categories=Development;Documentation;Education;"),
        "{desktop}"
    );
    shipped
}

/// A temp HOME and XDG dirs, and no ATLAS_CACHE_DIR: the examples are not prepared
/// for this app. Rust stays where it is installed (the temp HOME has none).
pub(crate) fn clean_home_env(home: &Path) -> Vec<(&'static str, PathBuf)> {
    let real_home = PathBuf::from(std::env::var_os("HOME").expect("HOME"));
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| real_home.join(".cargo"));
    let rustup_home = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| real_home.join(".rustup"));
    vec![
        ("HOME", home.to_path_buf()),
        ("XDG_DATA_HOME", home.join(".local/share")),
        ("XDG_CONFIG_HOME", home.join(".config")),
        ("XDG_CACHE_HOME", home.join(".cache")),
        // What the app would use without the variable (the inherited one points at
        // the test run's prepared builds).
        (
            "ATLAS_CACHE_DIR",
            home.join(".cache/dev.asyncatlas.desktop"),
        ),
        ("CARGO_HOME", cargo_home),
        ("RUSTUP_HOME", rustup_home),
    ]
}
