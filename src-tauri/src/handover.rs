//! One app: a second launch (from the menu, or `async-atlas --book DIR`) hands its
//! arguments to the running app over the D-Bus session bus and exits. The running
//! window comes to the front and opens the book it was given.
//!
//! Without a session bus (a bare shell, some CI machines) every launch is its own app,
//! as before: `tauri-plugin-single-instance` would panic on an address it cannot
//! parse, so it is only installed when the address parses.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tauri::ipc::Channel;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};

use crate::error::AppError;
use crate::library::Library;

/// Where a handed-over book is announced to the window: `None` means "a book is
/// being opened, wait for it", `Some` is why it could not be.
#[derive(Default)]
pub(crate) struct Handover(Mutex<Option<Channel<Option<AppError>>>>);

impl Handover {
    /// The window's channel; a newer one replaces the old (the page was reloaded).
    pub(crate) fn listen(&self, channel: Channel<Option<AppError>>) {
        *self.0.lock().expect("handover lock") = Some(channel);
    }

    fn tell(&self, message: Option<AppError>) {
        if let Some(channel) = &*self.0.lock().expect("handover lock") {
            let _ = channel.send(message);
        }
    }
}

/// The single-instance plugin, or `None` when there is no usable session bus.
/// It must be the first plugin: a second launch exits before the others start.
pub(crate) fn plugin<R: Runtime>() -> Option<TauriPlugin<R>> {
    if let Err(e) = zbus::Address::session() {
        tracing::info!(error = %e, "no usable D-Bus session bus; a second launch opens a second window");
        return None;
    }
    Some(tauri_plugin_single_instance::init(|app, argv, cwd| {
        second_launch(app, argv, &cwd);
    }))
}

/// Runs in the first app when another launch handed over its arguments.
fn second_launch<R: Runtime>(app: &AppHandle<R>, argv: Vec<String>, cwd: &str) {
    tracing::info!(?argv, cwd, "a second launch handed over");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let Some(book) = handed_book(argv, Path::new(cwd)) else {
        return;
    };
    // Not yet set up (a second launch during the first one's start): the book it
    // asked for is dropped, the window it would have focused is there.
    let (Some(library), Some(handover)) =
        (app.try_state::<Arc<Library>>(), app.try_state::<Handover>())
    else {
        return;
    };
    handover.tell(library.open(book).err());
}

/// The `--book` of a second launch's arguments (`argv[0]` is its program), read
/// from the folder it was started in.
fn handed_book(argv: Vec<String>, cwd: &Path) -> Option<PathBuf> {
    crate::book_arg(argv.into_iter().skip(1)).map(|book| cwd.join(book))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handed_book_is_read_from_the_second_launchs_folder() {
        let argv = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cwd = Path::new("/home/reader");
        assert_eq!(
            handed_book(argv(&["async-atlas", "--book", "books/mine"]), cwd),
            Some(PathBuf::from("/home/reader/books/mine"))
        );
        assert_eq!(
            handed_book(argv(&["async-atlas", "--book=/srv/team-book"]), cwd),
            Some(PathBuf::from("/srv/team-book"))
        );
        // The program's own name is never taken for an argument.
        assert_eq!(handed_book(argv(&["--book"]), cwd), None);
        assert_eq!(handed_book(argv(&["async-atlas"]), cwd), None);
    }
}
