//! The app's entry point: see `lib.rs`.

// Keeps a release build on Windows from opening a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// The sentence model's tensors: see src-tauri/Cargo.toml.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    async_atlas::prefer_software_friendly_renderer();
    let started = std::time::Instant::now();
    async_atlas::run(started)
}
