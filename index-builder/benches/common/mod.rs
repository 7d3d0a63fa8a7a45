//! What the benches share: the graded queries, the machine's name, file sizes.

use index_builder::eval;
use std::path::{Path, PathBuf};

/// The queries of every file in `eval/`.
pub(crate) fn all_queries() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("eval/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("queries");
            eval::parse_queries(&text, f).expect("a valid query file")
        })
        .map(|q| q.query)
        .collect()
}

/// The CPU's model name, for the figures' machine.
pub(crate) fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default()
}

/// A file's size in bytes; 0 when it is not there.
pub(crate) fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}
