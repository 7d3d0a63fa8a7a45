//! Build script: Tauri's code generation with the app's command manifest, and a
//! rebuild whenever a UI file changes.

/// Every command of the app (`generate_handler!` in `src/lib.rs`). Declaring them makes
/// Tauri check them against the capabilities like a plugin's: each gets an `allow-…`
/// permission, and `capabilities/default.json` grants the main window the ones it
/// uses. Undeclared, app commands would need no grant at all.
const COMMANDS: &[&str] = &[
    "wait_ready",
    "search",
    "toc",
    "page",
    "topics",
    "detailed_index",
    "example",
    "code_block",
    "load_settings",
    "save_settings",
    "open_book_folder",
    "handovers",
    "startup_ms",
    "examples_state",
    "run_start",
    "run_stop",
];

fn main() {
    // tauri-codegen include_bytes!s each UI file, but nothing watches the folder itself:
    // without this, adding or removing a file in ui/src would not trigger a rebuild.
    println!("cargo:rerun-if-changed=../ui/src");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build");
}
