//! One app: a second launch (from the menu, or `async-atlas --book DIR`, `--search
//! QUERY`, `--open PLACE`) hands its arguments to the running app over the D-Bus
//! session bus and exits. The running window comes to the front and does what
//! they ask (see `launch`).
//!
//! Without a session bus (a bare shell, some CI machines) every launch is its own app,
//! as before: `tauri-plugin-single-instance` would panic on an address it cannot
//! parse, so it is only installed when the address parses.

use std::path::Path;
use std::sync::{Arc, Mutex};

use atlas_model::Handover;
use tauri::ipc::Channel;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};

use crate::launch::Launch;
use crate::library::Library;

/// Where launches' requests reach the window. Requests made before the window
/// listens (the first launch's own `--search`, `--open`) wait for it.
#[derive(Default)]
pub(crate) struct Handovers(Mutex<Listener>);

#[derive(Default)]
struct Listener {
    channel: Option<Channel<Handover>>,
    waiting: Vec<Handover>,
}

impl Handovers {
    /// The window's channel; a newer one replaces the old (the page was reloaded).
    pub(crate) fn listen(&self, channel: Channel<Handover>) {
        let mut l = self.0.lock().expect("handover lock");
        for request in l.waiting.drain(..) {
            let _ = channel.send(request);
        }
        l.channel = Some(channel);
    }

    /// Passes a request on to the window, or keeps it until the window listens.
    pub(crate) fn tell(&self, request: Handover) {
        let mut l = self.0.lock().expect("handover lock");
        match &l.channel {
            Some(channel) => {
                let _ = channel.send(request);
            }
            None => l.waiting.push(request),
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
    // Not yet set up (a second launch during the first one's start): the window
    // it would have focused is there, what it asked for is dropped.
    let (Some(library), Some(handovers)) = (
        app.try_state::<Arc<Library>>(),
        app.try_state::<Handovers>(),
    ) else {
        return;
    };
    let launch = Launch::from_args(argv);
    if let Some(book) = launch.book(Path::new(cwd)) {
        handovers.tell(match library.open(book) {
            Ok(()) => Handover::BookOpening,
            Err(e) => Handover::Refused {
                message: e.to_string(),
            },
        });
    }
    for request in launch.requests() {
        handovers.tell(request);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::ipc::InvokeResponseBody;

    /// A channel that records the JSON it is sent.
    fn recording() -> (Channel<Handover>, Arc<Mutex<Vec<String>>>) {
        let got = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&got);
        let channel = Channel::new(move |body| {
            if let InvokeResponseBody::Json(json) = body {
                sink.lock().unwrap().push(json);
            }
            Ok(())
        });
        (channel, got)
    }

    #[test]
    fn requests_wait_for_the_window_then_go_straight_to_it() {
        let handovers = Handovers::default();
        handovers.tell(Handover::Search {
            query: "select!".into(),
        });
        handovers.tell(Handover::BookOpening);
        let (channel, got) = recording();
        handovers.listen(channel);
        handovers.tell(Handover::Refused {
            message: "no".into(),
        });
        assert_eq!(
            *got.lock().unwrap(),
            [
                r#"{"kind":"search","query":"select!"}"#,
                r#"{"kind":"book_opening"}"#,
                r#"{"kind":"refused","message":"no"}"#,
            ]
        );
    }
}
