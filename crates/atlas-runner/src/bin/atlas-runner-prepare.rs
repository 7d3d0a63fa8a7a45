//! Setup step for offline code block runs: builds the dependencies of the runner's
//! scratch crate once, so the first Run of a code block compiles only the block.
//!
//! ```text
//! cargo run -p atlas-runner --bin atlas-runner-prepare -- content/examples [SCRATCH_DIR] [--offline]
//! ```
//!
//! For the bundled book the dependencies land in the examples' target dir, where
//! the app finds them; SCRATCH_DIR (default: `EXAMPLES/target/atlas-runner-prepare`)
//! only holds the warm-up crate.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let offline = args.iter().any(|a| a == "--offline");
    let mut paths = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from);
    let Some(examples) = paths.next() else {
        eprintln!("usage: atlas-runner-prepare EXAMPLES_DIR [SCRATCH_DIR] [--offline]");
        return ExitCode::from(2);
    };
    let examples = match std::fs::canonicalize(&examples) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("atlas-runner-prepare: {}: {e}", examples.display());
            return ExitCode::from(2);
        }
    };
    let scratch = paths
        .next()
        .unwrap_or_else(|| examples.join("target/atlas-runner-prepare"));
    match atlas_runner::prepare_code_blocks(Some(&examples), &scratch, !offline) {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("atlas-runner-prepare: cargo failed ({status})");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("atlas-runner-prepare: {e}");
            ExitCode::FAILURE
        }
    }
}
