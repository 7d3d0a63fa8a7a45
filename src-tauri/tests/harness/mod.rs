//! The app under automation, shared by the end-to-end tests: tauri-driver on a
//! private X server and session bus, a WebDriver session, and the steps every test
//! uses (scripts, waits, real clicks and key presses, screenshots).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MOUSE_BUTTON_LEFT, MouseActions, PointerAction,
};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::support::{Guard, on_path, start_session_bus, start_xvfb};

pub(crate) fn driver_bin() -> Option<PathBuf> {
    let name = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
    on_path(&name).or_else(|| {
        let home = std::env::var_os("HOME")?;
        let p = PathBuf::from(home).join(".cargo/bin/tauri-driver");
        p.is_file().then_some(p)
    })
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn wait_for_port(port: u16, timeout: Duration) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < timeout, "port {port} never opened");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub(crate) fn shots_dir() -> PathBuf {
    let dir = std::env::var_os("E2E_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../e2e-screenshots"))
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One app under automation. Field order is drop order: the driver goes before the
/// bus and Xvfb.
pub(crate) struct Harness {
    pub(crate) c: Client,
    _driver: Guard,
    _bus: Guard,
    _xvfb: Option<Guard>,
    pub(crate) launched: Instant,
    /// The X display and session bus the app runs on, for a second launch.
    pub(crate) display: String,
    pub(crate) bus_address: String,
}

impl Harness {
    pub(crate) async fn start(driver_bin: &Path, data_dir: &Path) -> Harness {
        let app = std::env::var("E2E_APP")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_async-atlas").to_string());
        let envs = [
            // The app inherits these through WebKitWebDriver.
            ("ATLAS_DATA_DIR", data_dir.to_path_buf()),
            // No sentence model: the walk is of the lexical app, and the notice is checked.
            // (With it, the bundled book is embedded in the background for a minute,
            // loading both cores while the latency steps run; the semantic path is
            // tested by index-builder's tests and the eval suite.)
            ("ATLAS_MODEL_DIR", data_dir.join("no-model")),
        ];
        Harness::start_app(driver_bin, &app, &envs).await
    }

    /// Starts `app` under the driver with these extra environment variables.
    pub(crate) async fn start_app(
        driver_bin: &Path,
        app: &str,
        envs: &[(&str, PathBuf)],
    ) -> Harness {
        let (xvfb, display) = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => (None, d),
            _ => {
                let (g, d) = start_xvfb();
                (Some(g), d)
            }
        };
        let (bus, bus_address) = start_session_bus();
        let port = free_port();
        let native_port = free_port();
        let driver = Command::new(driver_bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
            .envs(envs.iter().map(|(k, v)| (k, v)))
            .env("RUST_LOG", "info")
            .envs(std::env::var("E2E_WEBKIT_ENV").ok().and_then(|v| {
                v.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            }))
            .stdout(Stdio::null())
            .spawn()
            .expect("start tauri-driver");
        let driver = Guard(driver);
        wait_for_port(port, Duration::from_secs(10));
        wait_for_port(native_port, Duration::from_secs(10));
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let launched = Instant::now();
        let c = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("new WebDriver session");
        Harness {
            c,
            _driver: driver,
            _bus: bus,
            _xvfb: xvfb,
            launched,
            display,
            bus_address,
        }
    }

    pub(crate) async fn js(&self, script: &str) -> Value {
        self.c
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls a script until it returns something truthy (WebDriver cannot wait on a condition).
    pub(crate) async fn wait_js(&self, what: &str, script: &str, timeout: Duration) -> Value {
        let start = Instant::now();
        loop {
            if let Ok(v) = self.c.execute(script, vec![]).await {
                let truthy = !matches!(v, Value::Null | Value::Bool(false))
                    && v != json!(0)
                    && v != json!("");
                if truthy {
                    return v;
                }
            }
            if start.elapsed() > timeout {
                let _ = self.shot("zz-timeout").await;
                panic!("timed out after {timeout:?} waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub(crate) async fn ready(&self) {
        self.wait_js(
            "the index to be ready",
            "return window.__atlasPerf && window.__atlasPerf.readyAt",
            Duration::from_secs(180),
        )
        .await;
    }

    /// A real mouse click (W3C pointer actions) in the middle of the element. WebDriver's
    /// "Element Click" on a link sometimes never returned here: it waits for a navigation
    /// that never comes, as the app handles links itself. An element replaced between
    /// finding and clicking it (results re-render as they arrive) is found again.
    pub(crate) async fn click(&self, css: &str) {
        for attempt in 0.. {
            match self.try_click(css).await {
                Ok(()) => return,
                Err(e) if attempt < 5 && is_stale(&e) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
    }

    pub(crate) async fn try_click(&self, css: &str) -> Result<(), fantoccini::error::CmdError> {
        let el = self.c.find(Locator::Css(css)).await?;
        self.c
            .execute(
                "arguments[0].scrollIntoView({ block: 'nearest' }); return true",
                vec![serde_json::to_value(&el).unwrap()],
            )
            .await?;
        let actions = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: el,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.c.perform_actions(actions).await
    }

    pub(crate) async fn search_box(&self) -> fantoccini::elements::Element {
        self.c.find(Locator::Css("#search-input")).await.unwrap()
    }

    /// Types a query (replacing the old one) and waits for the results of exactly it.
    pub(crate) async fn search(&self, query: &str) {
        let input = self.search_box().await;
        input.clear().await.unwrap();
        self.click("#search-input").await;
        input.send_keys(query).await.unwrap();
        let q = serde_json::to_string(query).unwrap();
        self.wait_js(
            &format!("results for {query}"),
            &format!(
                "return document.querySelector('#search-input').value === {q}
                   && document.querySelector('#results').dataset.query === {q}
                   && !document.querySelector('#search-panel').hidden"
            ),
            Duration::from_secs(10),
        )
        .await;
    }

    /// Presses keys on the focused element as real key presses (W3C actions): all go down in
    /// order, then up in reverse, so `[Alt, Left]` is Alt+←.
    pub(crate) async fn press(&self, keys: &[Key]) {
        let mut actions = KeyActions::new("keyboard".into());
        for k in keys {
            actions = actions.then(KeyAction::Down {
                value: char::from(*k),
            });
        }
        for k in keys.iter().rev() {
            actions = actions.then(KeyAction::Up {
                value: char::from(*k),
            });
        }
        self.c.perform_actions(actions).await.unwrap();
    }

    /// Turns a kind filter on or off (the filters live in the results panel).
    pub(crate) async fn set_filter(&self, kind: &str, on: bool) {
        let css = format!("#filters [data-kind={kind}]");
        if self
            .js("return document.querySelector('#search-panel').hidden")
            .await
            == json!(true)
        {
            self.click("#search-input").await;
        }
        let pressed = self
            .js(&format!(
                "return document.querySelector('{css}').getAttribute('aria-pressed')"
            ))
            .await;
        if pressed != json!(on.to_string()) {
            self.click(&css).await;
        }
    }

    pub(crate) async fn close_results(&self) {
        self.click("#search-input").await;
        self.press(&[Key::Escape]).await;
        self.wait_js(
            "the results to close",
            "return document.querySelector('#search-panel').hidden",
            Duration::from_secs(5),
        )
        .await;
    }

    pub(crate) async fn hits(&self) -> Vec<Value> {
        let v = self
            .js("return [...document.querySelectorAll('#results [role=option]')].map(li => ({
                   kind: li.querySelector('.badge').textContent, title: li.querySelector('.hit-title').textContent,
                   marks: li.querySelectorAll('.snippet mark').length }))")
            .await;
        v.as_array().cloned().unwrap_or_default()
    }

    pub(crate) async fn wait_page(&self, what: &str, pred_js: &str) -> String {
        self.wait_js(what, &format!("const p = document.querySelector('#page').dataset.path || ''; return ({pred_js}) && p"), Duration::from_secs(10))
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub(crate) async fn shot(&self, name: &str) -> PathBuf {
        // Lets the frame settle so the picture shows the state just reached.
        tokio::time::sleep(Duration::from_millis(150)).await;
        let png = self.c.screenshot().await.unwrap();
        let path = shots_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        eprintln!("[e2e] screenshot {}", path.display());
        path
    }

    pub(crate) async fn finish(self) {
        self.c.close().await.unwrap();
    }
}

pub(crate) fn is_stale(e: &fantoccini::error::CmdError) -> bool {
    e.to_string().contains("stale") || format!("{e:?}").contains("StaleElementReference")
}
