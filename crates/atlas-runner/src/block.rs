//! Code blocks: turning a block's source into a program (rustdoc-style `fn main`
//! wrapping) and the scratch crates it is built in.
//!
//! A scratch crate is a standalone package outside the book (under
//! [`crate::RunnerConfig::work_dir`]), never a member of the examples workspace:
//! the book's folders and the examples' copy and `Cargo.lock` stay untouched
//! whatever the user types. When the examples workspace declares
//! `[workspace.dependencies]` (the bundled book does), the scratch crate depends on
//! exactly those, with a copy of the examples' `Cargo.lock` and the examples'
//! target dir: the dependencies resolve to the same versions and features, so tokio
//! and friends are the very artifacts the examples already built. Otherwise (other
//! books) it depends on the crates the block names, resolved offline from the local
//! cargo cache, with a target dir of its own.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use crate::workspace::{Workspace, fnv};

/// Crates a block may use when the book's examples workspace does not say which,
/// as `(name in code, cargo dependency line)`. The same versions and features as the
/// bundled examples, so their downloaded copies serve offline.
const DEFAULT_DEPS: [(&str, &str); 7] = [
    (
        "tokio",
        r#"tokio = { version = "1", features = ["full", "test-util"] }"#,
    ),
    (
        "tokio_util",
        r#"tokio-util = { version = "0.7", features = ["rt"] }"#,
    ),
    (
        "tokio_stream",
        r#"tokio-stream = { version = "0.1", features = ["sync", "time"] }"#,
    ),
    ("futures", r#"futures = "0.3""#),
    ("async_stream", r#"async-stream = "0.3""#),
    ("pin_project_lite", r#"pin-project-lite = "0.2""#),
    // Some books' examples use async-std; offline it works only if it was downloaded.
    (
        "async_std",
        r#"async-std = { version = "1", features = ["attributes"] }"#,
    ),
];

/// Turns a block's source into a whole program.
///
/// As rustdoc does: a source with `fn main` is used as is; otherwise its leading
/// crate attributes stay at the top and the rest becomes the body of `main`. The
/// body runs in `#[tokio::main] async fn main` when it awaits (or spawns tasks) at
/// all, unless it builds a runtime or calls `block_on` itself (a runtime inside a
/// runtime panics). A body that ends in `(())`, such as
/// `Ok::<(), io::Error>(())`, becomes a function returning `Result`, so `?` works,
/// and its error is unwrapped.
pub(crate) fn program_source(source: &str) -> String {
    // Blocks are teaching fragments: unused items are normal, not worth warnings.
    let mut out = String::from("#![allow(unused)]\n");
    if has_main(source) {
        out.push_str(source);
        if !source.ends_with('\n') {
            out.push('\n');
        }
        return out;
    }
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.peek() {
        let t = line.trim_start();
        if t.starts_with("#![") || t.starts_with("//!") {
            out.push_str(line);
            out.push('\n');
            lines.next();
        } else {
            break;
        }
    }
    let body: Vec<&str> = lines.collect();
    let body = body.join("\n");
    let is_async = needs_async(&body);
    let returns_result = body.trim_end().ends_with("(())");
    let (attr, fn_kw, await_kw) = if is_async {
        ("#[tokio::main]\n", "async fn", ".await")
    } else {
        ("", "fn", "")
    };
    if returns_result {
        out.push_str(&format!(
            "{attr}{fn_kw} main() {{\n{fn_kw} _inner() -> Result<(), impl core::fmt::Debug> {{\n{body}\n}}\n_inner(){await_kw}.unwrap()\n}}\n"
        ));
    } else {
        out.push_str(&format!("{attr}{fn_kw} main() {{\n{body}\n}}\n"));
    }
    out
}

/// Whether the source defines `fn main` (in code; a mention in a comment fools it,
/// as it fools rustdoc).
fn has_main(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut from = 0;
    while let Some(i) = source[from..].find("fn main") {
        let start = from + i;
        let end = start + "fn main".len();
        let before_ok = start == 0 || !is_ident(bytes[start - 1]);
        let after = source[end..].trim_start();
        if before_ok && (after.starts_with('(') || after.starts_with('<')) {
            return true;
        }
        from = end;
    }
    false
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn needs_async(body: &str) -> bool {
    let asynchronous = body.contains(".await") || body.contains("tokio::spawn");
    let own_runtime = body.contains("block_on")
        || body.contains("Runtime::new")
        || body.contains("runtime::Builder")
        || body.contains("Builder::new_current_thread")
        || body.contains("Builder::new_multi_thread");
    asynchronous && !own_runtime
}

/// The crates of [`DEFAULT_DEPS`] the program names.
fn used_default_deps(program: &str) -> Vec<&'static str> {
    DEFAULT_DEPS
        .iter()
        .filter(|(name, _)| mentions_crate(program, name))
        .map(|(_, dep)| *dep)
        .collect()
}

fn mentions_crate(program: &str, name: &str) -> bool {
    let bytes = program.as_bytes();
    program.match_indices(name).any(|(i, _)| {
        let end = i + name.len();
        let before_ok = i == 0 || !is_ident(bytes[i - 1]);
        before_ok && program[end..].starts_with("::")
    })
}

/// Where and how a code block is built.
#[derive(Debug, Clone)]
pub(crate) struct ScratchPlan {
    /// The folder holding the slots (`slot-0`, `slot-1`, ...).
    pub root: PathBuf,
    /// The target dir cargo builds in.
    pub target_dir: PathBuf,
    /// Edition for the scratch package.
    pub edition: String,
    /// Dependency lines for `[dependencies]`; `None` means "the crates the block
    /// names, out of [`DEFAULT_DEPS`]".
    pub shared_deps: Option<toml::Table>,
    /// The examples workspace's `[profile]` table, in shared mode: the scratch
    /// package must build its dependencies exactly as the examples did, or cargo
    /// rebuilds every one of them for the first block.
    pub profile: Option<toml::Table>,
    /// The examples' lock file to copy, in shared mode.
    pub lock_file: Option<PathBuf>,
}

impl ScratchPlan {
    /// Chooses shared or own mode for a book, from its examples' workspace copy
    /// (if it has examples); `work_dir` is the runner's.
    pub(crate) fn for_book(work_dir: &Path, examples: Option<&Workspace>) -> ScratchPlan {
        if let Some(ws) = examples
            && let Some((deps, edition, profile)) = workspace_dependencies(ws.dir())
        {
            let lock = ws.dir().join("Cargo.lock");
            return ScratchPlan {
                root: ws.scratch_dir(),
                target_dir: ws.target_dir().to_path_buf(),
                edition,
                shared_deps: Some(deps),
                profile,
                lock_file: lock.is_file().then_some(lock),
            };
        }
        let root = work_dir.join("scratch/own");
        ScratchPlan {
            target_dir: root.join("target"),
            root,
            edition: "2024".into(),
            shared_deps: None,
            profile: None,
            lock_file: None,
        }
    }

    /// Whether the scratch crate uses the examples workspace's dependencies.
    pub(crate) fn is_shared(&self) -> bool {
        self.shared_deps.is_some()
    }

    /// Writes the program into slot `slot` and returns the package's manifest path
    /// and its name (also the binary's name).
    pub(crate) fn write(&self, slot: usize, program: &str) -> io::Result<(PathBuf, String)> {
        // The scratch root's hash in the name: runners with different scratch dirs
        // (the app, the tests, the setup script) may share a target dir, and cargo
        // puts every binary at `target/debug/NAME`.
        let name = format!(
            "atlas-scratch-{:08x}-{slot}",
            fnv(self.root.to_string_lossy().as_bytes()) as u32
        );
        let dir = self.root.join(format!("slot-{slot}"));
        fs::create_dir_all(dir.join("src"))?;
        let mut manifest = format!(
            "# Written by Async Atlas for running a code block; rewritten on every run.\n\
             [package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"{}\"\npublish = false\n\n",
            self.edition
        );
        match &self.shared_deps {
            Some(deps) => {
                let mut t = toml::Table::new();
                t.insert("dependencies".into(), toml::Value::Table(deps.clone()));
                if let Some(profile) = &self.profile {
                    t.insert("profile".into(), toml::Value::Table(profile.clone()));
                }
                // Writes the `[dependencies]` header itself.
                manifest.push_str(&toml::to_string(&t).map_err(io::Error::other)?);
            }
            None => {
                manifest.push_str("[dependencies]\n");
                for dep in used_default_deps(program) {
                    manifest.push_str(dep);
                    manifest.push('\n');
                }
            }
        }
        // An empty workspace table: the package stands alone even if the scratch
        // dir happens to sit inside some other cargo workspace.
        manifest.push_str("\n[workspace]\n");
        write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
        if let Some(lock) = &self.lock_file {
            let text = fs::read_to_string(lock)?;
            write_if_changed(&dir.join("Cargo.lock"), &text)?;
        }
        // Only rewrite what changed: cargo decides freshness by mtime, and an
        // unchanged block then needs no rebuild.
        write_if_changed(&dir.join("src/main.rs"), program)?;
        Ok((dir.join("Cargo.toml"), name))
    }
}

fn write_if_changed(path: &Path, text: &str) -> io::Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    fs::write(path, text)
}

/// The examples workspace's `[workspace.dependencies]` (path dependencies made
/// absolute), edition and `[profile]`, when it declares any dependencies.
fn workspace_dependencies(
    examples_dir: &Path,
) -> Option<(toml::Table, String, Option<toml::Table>)> {
    let text = fs::read_to_string(examples_dir.join("Cargo.toml")).ok()?;
    let doc: toml::Table = text.parse().ok()?;
    let ws = doc.get("workspace")?.as_table()?;
    let mut deps = ws.get("dependencies")?.as_table()?.clone();
    if deps.is_empty() {
        return None;
    }
    for (_, value) in deps.iter_mut() {
        if let Some(t) = value.as_table_mut()
            && let Some(p) = t.get("path").and_then(|p| p.as_str())
        {
            let abs = examples_dir.join(p).to_string_lossy().into_owned();
            t.insert("path".into(), toml::Value::String(abs));
        }
    }
    let edition = ws
        .get("package")
        .and_then(|p| p.get("edition"))
        .and_then(|e| e.as_str())
        .unwrap_or("2024")
        .to_string();
    let profile = doc.get("profile").and_then(|p| p.as_table()).cloned();
    Some((deps, edition, profile))
}

/// Slots in use, process-wide, per scratch root: two runs never share a slot even
/// if two [`crate::Runner`]s share a scratch dir.
static SLOTS: LazyLock<Mutex<HashSet<(PathBuf, usize)>>> =
    LazyLock::new(|| Mutex::new(HashSet::new()));

/// A slot of a scratch root, free again when dropped.
pub(crate) struct Slot {
    root: PathBuf,
    /// The slot number.
    pub index: usize,
}

impl Slot {
    /// Takes the lowest free slot of `root`.
    pub(crate) fn take(root: &Path) -> Slot {
        let mut used = SLOTS.lock().unwrap_or_else(|e| e.into_inner());
        let taken: BTreeSet<usize> = used
            .iter()
            .filter(|(r, _)| r == root)
            .map(|(_, i)| *i)
            .collect();
        let index = (0..).find(|i| !taken.contains(i)).unwrap_or(0);
        used.insert((root.to_path_buf(), index));
        Slot {
            root: root.to_path_buf(),
            index,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut used = SLOTS.lock().unwrap_or_else(|e| e.into_inner());
        used.remove(&(self.root.clone(), self.index));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_is_kept() {
        let p = program_source("fn main() {\n    println!(\"hi\");\n}");
        assert_eq!(p.matches("fn main").count(), 1);
        assert!(has_main("pub fn main () {}"));
        assert!(!has_main("fn mainly() {}"));
        assert!(!has_main("fn domain() {}"));
    }

    #[test]
    fn body_is_wrapped() {
        let p = program_source("#![allow(dead_code)]\nlet x = 1;\nprintln!(\"{x}\");");
        assert!(p.starts_with("#![allow(unused)]\n#![allow(dead_code)]\nfn main() {\n"));
        assert!(p.trim_end().ends_with('}'));
    }

    #[test]
    fn awaiting_body_gets_tokio_main() {
        let p = program_source("tokio::time::sleep(std::time::Duration::ZERO).await;");
        assert!(p.contains("#[tokio::main]\nasync fn main()"));
        let p = program_source(
            "let rt = tokio::runtime::Runtime::new().unwrap();\nrt.block_on(async { f().await });",
        );
        assert!(!p.contains("tokio::main"));
    }

    #[test]
    fn result_body_returns_result() {
        let p =
            program_source("let n: u32 = \"1\".parse()?;\nOk::<(), std::num::ParseIntError>(())");
        assert!(p.contains("fn _inner() -> Result<(), impl core::fmt::Debug>"));
        assert!(p.contains("_inner().unwrap()"));
    }

    #[test]
    fn default_deps_follow_the_code() {
        let deps = used_default_deps("use futures::StreamExt;\n#[tokio::main]\nasync fn main() {}");
        assert_eq!(deps.len(), 2);
        assert!(used_default_deps("let my_tokio = 1; // tokio").is_empty());
    }

    #[test]
    fn shared_mode_copies_the_examples_profile() {
        let tmp = tempfile::tempdir().unwrap();
        let book = tmp.path().join("examples");
        fs::create_dir_all(&book).unwrap();
        fs::write(
            book.join("Cargo.toml"),
            "[workspace]\nmembers = []\n[workspace.package]\nedition = \"2021\"\n\
             [workspace.dependencies]\ntokio = \"1\"\n\
             [profile.dev]\ndebug = \"line-tables-only\"\n",
        )
        .unwrap();
        let ws = Workspace::new(&tmp.path().join("work"), &book);
        ws.sync().unwrap();
        let plan = ScratchPlan::for_book(&tmp.path().join("work"), Some(&ws));
        assert_eq!(plan.target_dir, ws.target_dir());
        let (manifest, _) = plan.write(0, "fn main() {}").unwrap();
        let written: toml::Table = fs::read_to_string(manifest).unwrap().parse().unwrap();
        assert_eq!(written["package"]["edition"].as_str(), Some("2021"));
        assert_eq!(written["dependencies"]["tokio"].as_str(), Some("1"));
        assert_eq!(
            written["profile"]["dev"]["debug"].as_str(),
            Some("line-tables-only")
        );
    }

    #[test]
    fn slots_are_distinct() {
        let root = Path::new("/nonexistent/slots-test");
        let a = Slot::take(root);
        let b = Slot::take(root);
        assert_ne!(a.index, b.index);
        drop(a);
        let c = Slot::take(root);
        assert_eq!(c.index, 0);
    }
}
