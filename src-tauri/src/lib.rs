//! Async Atlas, the desktop app: builds the Tauri app (plugins, state, commands).

mod commands;
mod error;
mod handover;
mod launch;
mod library;
mod model;
mod resources;
mod settings;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use tauri::Manager;

use crate::commands::Started;
use crate::launch::Launch;
use crate::library::Library;
use crate::resources::Resources;
use crate::settings::SettingsFile;

/// The window only ever shows the app's own pages: a link that slipped past the page's
/// click handler must not load a remote site into a window that can call our commands.
pub fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        // Windows and Android serve the app from this origin.
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        "about" => url.as_str() == "about:blank",
        _ => false,
    }
}

fn navigation_guard<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_, url| {
            let allowed = is_app_url(url);
            if !allowed {
                tracing::warn!(%url, "blocked a navigation away from the app");
            }
            allowed
        })
        .build()
}

/// Without a GPU (no DRM device), WebKitGTK's DMA-BUF renderer composites every frame in
/// software (llvmpipe), and each frame costs 50-150 ms: typing in the search box then takes
/// 70-160 ms to show results. With `WEBKIT_DISABLE_DMABUF_RENDERER=1` it takes 15-25 ms
/// (both measured by the e2e test on a GPU-less Debian 12). The variable must be set before
/// WebKit starts, and setting the environment of a running process needs `unsafe` (which the
/// workspace forbids), so the app replaces itself (exec, same pid and arguments) with the
/// variable set. Returns only when no restart is needed or possible.
/// ATLAS_COMPOSITING=1, or setting the variable yourself, skips this.
#[cfg(target_os = "linux")]
pub fn prefer_software_friendly_renderer() {
    use std::os::unix::process::CommandExt;
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if std::path::Path::new("/dev/dri").exists()
        || std::env::var_os(VAR).is_some()
        || std::env::var_os("ATLAS_COMPOSITING").is_some()
    {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let err = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(VAR, "1")
        .exec();
    // Logging is not set up yet; the app simply goes on with the default renderer.
    eprintln!("async-atlas: could not restart with {VAR}=1: {err}");
}

/// The app's state, once Tauri knows its dirs: the library (opening `book_arg`, else
/// the bundled book, in the background), the settings file and the runner.
fn set_up(
    app: &mut tauri::App,
    book_arg: Option<PathBuf>,
) -> Result<(), Box<dyn std::error::Error>> {
    // ATLAS_DATA_DIR keeps tests (and experiments) away from the reader's own data.
    let data_dir = match std::env::var_os("ATLAS_DATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => app.path().app_data_dir()?,
    };
    std::fs::create_dir_all(&data_dir)?;
    // Examples are copied and built here (ATLAS_CACHE_DIR for tests).
    let work_dir = match atlas_runner::default_work_dir() {
        Some(dir) => dir,
        None => app.path().app_cache_dir()?.join("runs"),
    };
    let resources = Resources::locate(app.path().resource_dir().ok().as_deref());
    tracing::info!(data_dir = %data_dir.display(), work_dir = %work_dir.display(), ?resources, "app dirs");
    let model = model::ModelSlot::new(resources.model_dir.clone());
    let mut library = Library::new(data_dir.clone(), model);
    if let Some(index) = &resources.prebuilt_index {
        library = library.with_prebuilt(&resources.book_dir, index.clone());
    }
    let library = Arc::new(library);
    let book_dir = book_arg.unwrap_or(resources.book_dir);
    if let Err(e) = library.open(book_dir) {
        // The window still opens and shows the error; the reader can pick a book.
        tracing::error!(error = %e, "cannot open the book");
    }
    app.manage(library);
    app.manage(SettingsFile::new(&data_dir));
    let mut runs = atlas_runner::RunnerConfig::new(work_dir);
    if resources.guard.is_some() {
        runs.guard = resources.guard.clone();
    }
    if runs.guard.is_none() {
        tracing::warn!(
            "no atlas-run-guard: runs have no limits, and a killed app would leave them running"
        );
    }
    app.manage(atlas_runner::Runner::new(runs));
    Ok(())
}

/// Builds and runs the app until its window closes; `started` is when `main` began, for
/// the cold-start figure.
pub fn run(started: Instant) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let launch = Launch::from_env();
    let cwd = std::env::current_dir().unwrap_or_default();
    let book_arg = launch.book(&cwd);
    let handovers = handover::Handovers::default();
    for request in launch.requests() {
        handovers.tell(request);
    }

    let mut builder = tauri::Builder::default();
    if let Some(one_app) = handover::plugin() {
        builder = builder.plugin(one_app);
    }
    let app = builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation_guard())
        .manage(Started(started))
        .manage(handovers)
        .setup(move |app| set_up(app, book_arg.clone()))
        .invoke_handler(tauri::generate_handler![
            commands::wait_ready,
            commands::search,
            commands::toc,
            commands::page,
            commands::topics,
            commands::detailed_index,
            commands::example,
            commands::code_block,
            commands::load_settings,
            commands::save_settings,
            commands::open_book_folder,
            commands::handovers,
            commands::startup_ms,
            commands::examples_state,
            commands::run_start,
            commands::run_stop,
        ])
        .build(tauri::generate_context!())
        .context("building the Tauri app")?;

    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            // Examples run as process groups; none may outlive the app.
            if let Some(runner) = handle.try_state::<atlas_runner::Runner>() {
                runner.stop_all();
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_app_urls_may_load() {
        let ok = |u: &str| is_app_url(&tauri::Url::parse(u).unwrap());
        assert!(ok("tauri://localhost/index.html"));
        assert!(ok("http://tauri.localhost/"));
        assert!(!ok("https://example.com/"));
        assert!(!ok("file:///etc/passwd"));
        assert!(!ok("tauri://evil.com/"));
    }
}
