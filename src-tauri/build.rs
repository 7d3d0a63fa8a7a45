//! Build script: Tauri's code generation, and a rebuild whenever a UI file changes.

fn main() {
    // tauri-codegen include_bytes!s each UI file, but nothing watches the folder itself:
    // without this, adding or removing a file in ui/src would not trigger a rebuild.
    println!("cargo:rerun-if-changed=../ui/src");
    tauri_build::build()
}
