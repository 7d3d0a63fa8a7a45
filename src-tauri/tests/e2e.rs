//! End-to-end tests in the real app window: Xvfb + tauri-driver + WebKitWebDriver, driven
//! with fantoccini (see `shared/notes/tauri-on-linux.md` beside the repository, the recipe this follows).
//!
//! `cargo test --workspace --test e2e -- --nocapture` runs it. It starts its own Xvfb
//! (unless $DISPLAY is set) and tauri-driver, uses a temporary app data dir (ATLAS_DATA_DIR)
//! so the reader's settings are untouched, and saves a screenshot of each step to
//! `e2e-screenshots/` at the repository root (E2E_SHOTS overrides). It is skipped, with a
//! message, only when tauri-driver or WebKitWebDriver is not installed, and never under
//! `ATLAS_STRICT=1` (set by `scripts/test.sh`), where their absence fails it.
//! E2E_APP=/path/to/async-atlas tests another build (e.g. the release binary).

mod harness;
mod support;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::{Value, json};

use harness::{Harness, driver_bin};
use support::{clean_home_env, on_path, percentile, unpack};

/// One app window at a time: the two tests would otherwise share two cores and
/// spoil each other's latency figures.
static ONE_APP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_end_to_end() {
    let _one = ONE_APP.lock().await;
    let (Some(driver), true) = (driver_bin(), on_path("WebKitWebDriver").is_some()) else {
        let why = "e2e needs tauri-driver (cargo install tauri-driver --locked) and \
                   WebKitWebDriver (apt-get install webkit2gtk-driver)";
        // Under ATLAS_STRICT=1 (scripts/test.sh, so CI) a missing driver fails the run.
        assert!(
            std::env::var_os("ATLAS_STRICT").is_none_or(|v| v != "1"),
            "{why}"
        );
        eprintln!("SKIPPED: {why}");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    // One launch for the steps; each is a function below, in order.
    let h = Harness::start(&driver, data.path()).await;
    first_start_builds_the_index(&h).await;
    search_as_you_type(&h).await;
    a_typo_still_finds_the_section(&h).await;
    enter_opens_the_section_with_words_marked(&h).await;
    faq_answer_expands_in_place(&h).await;
    toc_next_prev_back(&h).await;
    diagrams_are_drawn_in_the_theme(&h).await;
    code_block_run_edit_reset(&h).await;
    topic_and_detailed_index(&h).await;
    keystroke_to_paint(&h).await;
    run_an_example(&h).await;
    no_network_request_leaves(&h).await;
    let theme = theme_toggle_and_remembered_page(&h, data.path()).await;
    h.finish().await;
    restart_keeps_theme_page_and_scroll(&driver, data.path(), &theme).await;
}

/// Offline, checked: the app in a network namespace with no route out (`unshare -n`,
/// loopback up, which WebDriver needs): first start, search, a section, and a run of
/// an example prepared beforehand (`scripts/test.sh` prepares them). The test runs
/// itself again inside the namespace; `ATLAS_E2E_OFFLINE` marks that inner run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_offline() {
    let _one = ONE_APP.lock().await;
    let (Some(driver), true) = (driver_bin(), on_path("WebKitWebDriver").is_some()) else {
        let why = "the offline test needs tauri-driver and WebKitWebDriver";
        assert!(
            std::env::var_os("ATLAS_STRICT").is_none_or(|v| v != "1"),
            "{why}"
        );
        eprintln!("SKIPPED: {why}");
        return;
    };
    if std::env::var_os("ATLAS_E2E_OFFLINE").is_none() {
        let status = Command::new("unshare")
            .args([
                "-n",
                "--",
                "sh",
                "-c",
                "ip link set lo up && exec \"$0\" \"$@\"",
            ])
            .arg(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "the_app_offline",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ATLAS_E2E_OFFLINE", "1")
            .status()
            .expect("unshare (util-linux) and ip (iproute2)");
        assert!(status.success(), "the app offline: {status}");
        return;
    }
    let no_route = TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([1, 1, 1, 1], 443)),
        Duration::from_secs(2),
    );
    assert!(no_route.is_err(), "this namespace has no route out");
    let data = tempfile::tempdir().unwrap();
    let h = Harness::start(&driver, data.path()).await;
    h.ready().await;
    h.shot("o1-offline-start").await;
    h.search("cancel a task").await;
    assert!(!h.hits().await.is_empty(), "search finds sections");
    h.press(&[Key::Enter]).await;
    h.wait_page("a section opened from search", "p.length > 0")
        .await;
    h.shot("o2-offline-section").await;
    run_an_example(&h).await;
    no_network_request_leaves(&h).await;
    h.finish().await;
}

/// First start: no index yet, so it is built with a progress view.
async fn first_start_builds_the_index(h: &Harness) {
    let building = h
        .wait_js(
            "a progress view or the ready book",
            "return !document.querySelector('#progress').hidden || window.__atlasPerf.readyAt",
            Duration::from_secs(30),
        )
        .await;
    if building == json!(true) {
        h.shot("01-building-index").await;
    }
    h.ready().await;
    h.wait_js(
        "the notice that search is by words only",
        "return document.querySelector('#messages').textContent.includes('Semantic search is off')",
        Duration::from_secs(5),
    )
    .await;
    h.shot("02a-lexical-only-notice").await;
    // Dismissed, as a reader would, so that it covers nothing the later steps click.
    h.js("document.querySelectorAll('#messages .message button').forEach(b => b.click()); return true")
        .await;
    let first = h.wait_page("the first page", "p.length > 0").await;
    eprintln!(
        "[e2e] first start (index built) ready after {:?}, page {first}",
        h.launched.elapsed()
    );
    let focused = h
        .js("return document.activeElement && document.activeElement.id")
        .await;
    assert_eq!(
        focused,
        json!("search-input"),
        "the search box has focus at start"
    );
    h.shot("02-first-page").await;
}

/// Search as you type: results with kinds, titles and highlighted words.
async fn search_as_you_type(h: &Harness) {
    h.search("cancellation safety").await;
    let hits = h.hits().await;
    if hits.is_empty() {
        let status = h.js("return document.querySelector('#search-status').textContent + ' | ' + document.querySelector('#results').dataset.query").await;
        h.shot("zz-no-results").await;
        panic!("no results for a plain query: {status}");
    }
    assert!(
        hits.iter()
            .any(|hit| hit["marks"].as_u64().unwrap_or(0) > 0),
        "highlighted words: {hits:?}"
    );
    let roles = h
        .js("return document.querySelector('#results').getAttribute('role')")
        .await;
    assert_eq!(roles, json!("listbox"));
    h.shot("03-search-results").await;
}

/// A typo still finds the section.
async fn a_typo_still_finds_the_section(h: &Harness) {
    h.search("cancelation saftey").await;
    let hits = h.hits().await;
    eprintln!(
        "[e2e] typo hits: {:?}",
        hits.iter().take(3).collect::<Vec<_>>()
    );
    assert!(
        hits.iter().any(|hit| hit["title"]
            .as_str()
            .unwrap_or("")
            .to_lowercase()
            .contains("cancel")),
        "a typo still finds the cancellation sections: {hits:?}"
    );
    h.shot("04-search-typo").await;
}

/// Enter opens the page at the section, with the words marked.
async fn enter_opens_the_section_with_words_marked(h: &Harness) {
    h.press(&[Key::Down]).await;
    let route = h
        .js("return document.querySelector('#results [aria-selected=true]').dataset.route")
        .await;
    let route = route.as_str().unwrap().to_string();
    let (want_path, want_anchor) = route
        .trim_start_matches("#/")
        .split_once('#')
        .unwrap_or((route.trim_start_matches("#/"), ""));
    eprintln!("[e2e] selected hit leads to {route}");
    h.press(&[Key::Enter]).await;
    let path = h
        .wait_page(
            "the hit's page",
            &format!(
                "p === {:?} && document.querySelector('#search-panel').hidden",
                want_path
            ),
        )
        .await;
    let visible = |sel: String| {
        format!(
            "const e = document.querySelector({sel:?}); const c = document.querySelector('#content').getBoundingClientRect();
             return e !== null && e.getBoundingClientRect().top >= c.top - 2 && e.getBoundingClientRect().top < c.bottom"
        )
    };
    if !want_anchor.is_empty() {
        h.wait_js(
            "the section's heading in view",
            &visible(format!("[id='{want_anchor}']")),
            Duration::from_secs(5),
        )
        .await;
    }
    let marks = h
        .js("return document.querySelectorAll('mark.found').length")
        .await;
    assert!(
        marks.as_u64().unwrap_or(0) > 0,
        "the matched words are marked in the section"
    );
    eprintln!("[e2e] Enter opened {path}#{want_anchor}, {marks} words marked");
    h.shot("05-enter-opens-section").await;
}

/// FAQ lookup: the answer expands in place; Enter opens the full entry.
async fn faq_answer_expands_in_place(h: &Harness) {
    h.search("future do nothing runtime").await;
    h.set_filter("faq", true).await;
    h.wait_js(
        "FAQ-only results",
        "const k = [...document.querySelectorAll('#results .badge')].map(b => b.textContent);
         return k.length > 0 && k.every(t => t === 'FAQ')",
        Duration::from_secs(10),
    )
    .await;
    h.click("#search-input").await;
    h.press(&[Key::Down]).await;
    let answer = h
        .wait_js(
            "the FAQ answer inline",
            "const a = document.querySelector('#results [aria-selected=true] .answer');
             return a && !a.hidden && !document.querySelector('#search-panel').hidden && a.textContent.length > 20 && a.textContent",
            Duration::from_secs(5),
        )
        .await;
    eprintln!("[e2e] FAQ answer: {:.80}", answer.as_str().unwrap_or(""));
    h.shot("06-faq-answer-inline").await;
    h.press(&[Key::Enter]).await;
    let faq_path = h.wait_page("the FAQ page", "p.includes('faq')").await;
    eprintln!("[e2e] FAQ entry opened: {faq_path}");
    h.shot("07-faq-full-entry").await;
    h.set_filter("faq", false).await;
    h.close_results().await;
}

/// TOC click, next, prev, back.
async fn toc_next_prev_back(h: &Harness) {
    h.click("#toc a.toc-link[href='#/part-guide/async-await.md']")
        .await;
    h.wait_page("the TOC's page", "p === 'part-guide/async-await.md'")
        .await;
    let current = h
        .js("return document.querySelector('#toc [aria-current=page]').getAttribute('href')")
        .await;
    assert_eq!(current, json!("#/part-guide/async-await.md"));
    h.shot("08-toc-click").await;
}

/// A ```svgbob diagram of the page is drawn as SVG in the text colour, in both
/// themes, and sized in em.
async fn diagrams_are_drawn_in_the_theme(h: &Harness) {
    let probe = "const f = document.querySelector('#page figure.diagram');
        if (!f) return null;
        f.scrollIntoView({ block: 'center' });
        const line = f.querySelector('line, path');
        const svg = f.querySelector('svg');
        return { lines: f.querySelectorAll('line, path').length, label: f.getAttribute('aria-label'),
                 stroke: getComputedStyle(line).stroke, color: getComputedStyle(f).color,
                 width: svg.getBoundingClientRect().width,
                 em: parseFloat(svg.getAttribute('width')) * parseFloat(getComputedStyle(svg).fontSize) }";
    let light = h.js(probe).await;
    assert!(light.is_object(), "the page has a diagram: {light}");
    assert!(light["lines"].as_u64().unwrap_or(0) >= 5, "{light}");
    assert_eq!(
        light["stroke"], light["color"],
        "lines in the text colour: {light}"
    );
    let (w, em) = (
        light["width"].as_f64().unwrap(),
        light["em"].as_f64().unwrap(),
    );
    assert!((w - em).abs() < 2.0, "sized in em: {light}");
    h.shot("08c-diagram").await;
    h.click("#theme-toggle").await;
    let dark = h.js(probe).await;
    assert_eq!(dark["stroke"], dark["color"], "{dark}");
    assert_ne!(
        dark["stroke"], light["stroke"],
        "the diagram follows the theme: {dark}"
    );
    h.shot("08d-diagram-other-theme").await;
    h.click("#theme-toggle").await;
    eprintln!(
        "[e2e] diagram: {} lines, label {:.60}",
        light["lines"], light["label"]
    );
}

/// A runnable code block: Run button, Edit shows the full source, Reset restores it.
async fn code_block_run_edit_reset(h: &Harness) {
    let blocks = h
        .js("return document.querySelectorAll('#page .code-wrap .run-button').length")
        .await;
    let none_blocks = h
        .js("return document.querySelectorAll('#page pre[data-run=none]').length")
        .await;
    let none_with_tools = h.js("return [...document.querySelectorAll('#page pre[data-run=none]')].filter(p => p.parentElement.classList.contains('code-wrap')).length").await;
    assert_eq!(
        none_with_tools,
        json!(0),
        "no Run button for data-run=none blocks"
    );
    eprintln!("[e2e] {blocks} runnable blocks, {none_blocks} not runnable on this page");
    if blocks.as_u64().unwrap_or(0) > 0 {
        h.js("document.querySelector('#page .code-wrap').scrollIntoView({ block: 'center' }); return true").await;
        h.click("#page .code-wrap .edit-button").await;
        let source = h
            .wait_js(
                "the block's source in an editor",
                "const t = document.querySelector('#page .code-editor'); return t && t.value",
                Duration::from_secs(5),
            )
            .await;
        let source = source.as_str().unwrap().to_string();
        let editor = h.c.find(Locator::Css("#page .code-editor")).await.unwrap();
        editor.send_keys("// edited").await.unwrap();
        h.wait_js(
            "Reset to appear",
            "return !document.querySelector('#page .reset-button').hidden",
            Duration::from_secs(5),
        )
        .await;
        h.shot("08b-code-block-edit").await;
        h.click("#page .reset-button").await;
        let back = h
            .js("return document.querySelector('#page .code-editor').value")
            .await;
        assert_eq!(
            back.as_str().unwrap(),
            source,
            "Reset restores the block's source"
        );
    }
    h.click(".pager a.next").await;
    let next = h
        .wait_page("the next page", "p !== 'part-guide/async-await.md'")
        .await;
    assert_eq!(next, "part-guide/more-async-await.md");
    h.shot("09-next").await;
    h.click(".pager a.prev").await;
    h.wait_page("the previous page", "p === 'part-guide/async-await.md'")
        .await;
    // Alt+← goes back (to the next page we came from), the back button again.
    // The shortcut works from anywhere, the search box included (with an empty query no
    // results panel opens over the page).
    let input = h.search_box().await;
    input.clear().await.unwrap();
    h.click("#search-input").await;
    h.press(&[Key::Alt, Key::Left]).await;
    h.wait_page(
        "back with Alt+Left",
        "p === 'part-guide/more-async-await.md'",
    )
    .await;
    h.click("#back").await;
    h.wait_page("back with the button", "p === 'part-guide/async-await.md'")
        .await;
    h.click("#forward").await;
    h.wait_page("forward", "p === 'part-guide/more-async-await.md'")
        .await;
    h.shot("10-back-forward").await;
}

/// Topic index and detailed index.
async fn topic_and_detailed_index(h: &Harness) {
    for (nav, name) in [
        ("#nav-topics", "11-topic-index"),
        ("#nav-index", "13-detailed-index"),
    ] {
        h.click(nav).await;
        h.wait_js(
            "the index view",
            "return document.querySelector('#page').dataset.view !== 'page' && document.querySelector('#page h1') !== null",
            Duration::from_secs(5),
        )
        .await;
        h.shot(name).await;
        let link = h.js("const a = document.querySelector('#page .ix-entry a'); return a && a.getAttribute('href')").await;
        if let Some(href) = link.as_str() {
            h.click("#page .ix-entry a").await;
            let p = h
                .wait_page(
                    "an index entry's page",
                    "document.querySelector('#page').dataset.view === 'page'",
                )
                .await;
            eprintln!("[e2e] {nav} entry {href} opened {p}");
            assert!(href.starts_with(&format!("#/{p}")), "{href} vs {p}");
            h.shot(&format!("{name}-entry-opened")).await;
        } else {
            eprintln!("[e2e] WARNING: {nav} has no entries in this book");
        }
    }
}

/// Keystroke to painted results, ~30 keystrokes.
async fn keystroke_to_paint(h: &Harness) {
    let input = h.search_box().await;
    input.clear().await.unwrap();
    h.click("#search-input").await;
    h.js("window.__atlasPerf.keyToPaint = []; return true")
        .await;
    let text = "spawn blocking join handle tasks";
    for (i, ch) in text.chars().enumerate() {
        input.send_keys(&ch.to_string()).await.unwrap();
        // Each keystroke's results are painted before the next key (a reader's pace).
        h.wait_js(
            &format!("the paint after {ch:?}"),
            &format!("return window.__atlasPerf.keyToPaint.length >= {}", i + 1),
            Duration::from_secs(5),
        )
        .await;
    }
    let times: Vec<f64> = h
        .js("return window.__atlasPerf.keyToPaint")
        .await
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let (p50, p95) = (percentile(&sorted, 0.5), percentile(&sorted, 0.95));
    eprintln!(
        "[e2e] KEY-TO-PAINT over {} keystrokes: p50 {p50:.1} ms, p95 {p95:.1} ms, max {:.1} ms",
        sorted.len(),
        sorted.last().unwrap()
    );
    let detail = h.js("return window.__atlasPerf.detail").await;
    eprintln!("[e2e] per keystroke (ms): {detail}");
    assert!(sorted.len() >= 25, "every keystroke was timed");
    // A figure, not a pass/fail: timings belong in benchmarks (the target is 50 ms;
    // see the README), and a timed assertion fails on a loaded machine.
    if p50 >= 50.0 {
        eprintln!("[e2e] WARNING: key-to-paint p50 {p50:.1} ms is over the 50 ms target");
    }
    h.shot("15-typing-latency").await;
}

/// Run an example and see its output.
async fn run_an_example(h: &Harness) {
    h.search("hello-async").await;
    h.set_filter("example", true).await;
    h.wait_js(
        "only example hits",
        "const k = [...document.querySelectorAll('#results .badge')].map(b => b.textContent);
         return k.length > 0 && k.every(t => t === 'Example') && document.querySelector('#results .hit-example .run-button') !== null",
        Duration::from_secs(10),
    )
    .await;
    h.click("#results .hit-example .run-button").await;
    h.wait_js(
        "the runner panel",
        "return !document.querySelector('#runner').hidden",
        Duration::from_secs(5),
    )
    .await;
    h.shot("16-run-started").await;
    let status = h
        .wait_js(
            "the example's output",
            "const r = document.querySelector('#runner'); return r.dataset.state !== 'running'
               && r.dataset.state + ': ' + document.querySelector('#runner-status').textContent",
            Duration::from_secs(600),
        )
        .await;
    let out = h.js("return [...document.querySelectorAll('#runner-output .line.stdout')].map(l => l.textContent).join('\\n')").await;
    eprintln!(
        "[e2e] run finished: {status}\n[e2e] stdout: {:.300}",
        out.as_str().unwrap_or("")
    );
    h.shot("17-run-output").await;
    assert!(
        status
            .as_str()
            .unwrap_or("")
            .starts_with("success: Exited with code 0"),
        "{status}"
    );
    assert!(
        !out.as_str().unwrap_or("").is_empty(),
        "the example printed something"
    );
    h.set_filter("example", false).await;
    h.close_results().await;
}

/// No network: every resource came from the app; a remote fetch is refused.
async fn no_network_request_leaves(h: &Harness) {
    let resources = h
        .js("return performance.getEntriesByType('resource').map(e => e.name)")
        .await;
    for r in resources.as_array().unwrap() {
        let r = r.as_str().unwrap();
        assert!(
            r.starts_with("tauri://localhost")
                || r.starts_with("ipc://localhost")
                || r.starts_with("http://ipc.localhost"),
            "request to {r}"
        );
    }
    let blocked = h
        .c
        .execute_async("const done = arguments[0]; fetch('https://example.com/').then(() => done('fetched'), () => done('blocked'))", vec![])
        .await
        .unwrap();
    assert_eq!(blocked, json!("blocked"), "the CSP refuses remote requests");
    ungranted_commands_are_refused(h).await;
}

/// Tauri's ACL in the window: a granted command answers; commands the capability
/// does not grant (the dialog plugin's, the opener's file opening) are refused.
async fn ungranted_commands_are_refused(h: &Harness) {
    let call = |cmd: &str, args: Value| {
        format!(
            "const done = arguments[0];
             window.__TAURI__.core.invoke({cmd:?}, {args})
               .then(() => done('answered'), (e) => done('refused: ' + String(e)));"
        )
    };
    let answer = |script: String| async move {
        h.c.execute_async(&script, vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let granted = answer(call("toc", json!({}))).await;
    assert_eq!(granted, "answered");
    for (cmd, args) in [
        ("plugin:dialog|open", json!({ "options": {} })),
        ("plugin:opener|open_path", json!({ "path": "/etc/passwd" })),
    ] {
        let said = answer(call(cmd, args)).await;
        eprintln!("[e2e] {cmd}: {said}");
        assert!(
            said.starts_with("refused") && said.contains("not allowed"),
            "{cmd}: {said}"
        );
    }
}

/// Theme toggle, then a restart. Returns the theme now shown.
async fn theme_toggle_and_remembered_page(h: &Harness, data: &Path) -> Value {
    let before = h.js("return document.documentElement.dataset.theme").await;
    h.click("#theme-toggle").await;
    let after = h.js("return document.documentElement.dataset.theme").await;
    assert_ne!(before, after);
    h.click("#toc a.toc-link[href='#/part-guide/io.md']").await;
    h.wait_page("the io page", "p === 'part-guide/io.md'").await;
    h.js("document.querySelector('#content').scrollTop = 600; return true")
        .await;
    h.shot("18-theme-toggled").await;
    // Settings are saved after a short debounce: wait until the file on disk has
    // the new theme, the page and its scroll, rather than for a fixed time.
    let file = data.join("settings.json");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let saved: Value = std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        if saved["theme"] == after
            && saved["last_route"] == json!("#/part-guide/io.md")
            && saved["last_scroll"].as_f64().unwrap_or(0.0) > 300.0
        {
            break;
        }
        assert!(Instant::now() < deadline, "settings not saved: {saved}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    after
}

/// Restart: theme, page and scroll survive; cold start with a fresh index.
async fn restart_keeps_theme_page_and_scroll(driver: &Path, data: &Path, remembered_theme: &Value) {
    let mut cold = Vec::new();
    for round in 0..3 {
        let h = Harness::start(driver, data).await;
        h.ready().await;
        let wall = h.launched.elapsed();
        let since_main = h
            .wait_js(
                "the app's own figure",
                "return window.__atlasPerf.coldStartMs",
                Duration::from_secs(5),
            )
            .await;
        cold.push((wall.as_millis() as u64, since_main.as_u64().unwrap_or(0)));
        if round == 0 {
            let theme = h.js("return document.documentElement.dataset.theme").await;
            assert_eq!(&theme, remembered_theme, "the theme survives a restart");
            h.wait_page("the remembered page", "p === 'part-guide/io.md'")
                .await;
            let scroll = h
                .wait_js(
                    "the remembered scroll",
                    "return document.querySelector('#content').scrollTop",
                    Duration::from_secs(5),
                )
                .await;
            assert!(
                scroll.as_f64().unwrap_or(0.0) > 300.0,
                "scroll restored: {scroll}"
            );
            h.shot("19-after-restart").await;
        }
        h.finish().await;
    }
    for (wall, main) in &cold {
        eprintln!(
            "[e2e] COLD START to usable search box: {wall} ms from launch request (WebDriver), {main} ms since main()"
        );
    }
}

/// Every file under `dir` with its size and mtime: what "nothing written" compares.
fn listing(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                out.push((entry.path(), meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The .deb as a user gets it: unpacked into a temp root (`dpkg-deb -x`) and started
/// with a temp HOME, so nothing of the source tree or of an earlier start helps it.
/// The bundled book opens from the package's prebuilt index (no indexing), search and
/// reading work, a bundled example runs, and nothing is written under the package.
/// `ATLAS_PACKAGE_DEB` names the package (`scripts/test.sh` builds it with
/// `scripts/package.sh --debug --no-model`); under `ATLAS_STRICT=1` it must be set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_installed_package() {
    let _one = ONE_APP.lock().await;
    let deb = std::env::var_os("ATLAS_PACKAGE_DEB").map(PathBuf::from);
    let (Some(deb), Some(driver), true) = (deb, driver_bin(), on_path("WebKitWebDriver").is_some())
    else {
        let why = "the package test needs ATLAS_PACKAGE_DEB (a .deb from scripts/package.sh), \
                   tauri-driver and WebKitWebDriver";
        assert!(
            std::env::var_os("ATLAS_STRICT").is_none_or(|v| v != "1"),
            "{why}"
        );
        eprintln!("SKIPPED: {why}");
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let shipped = unpack(&deb, root.path());
    let before = listing(root.path());
    let home = tempfile::tempdir().unwrap();
    let envs = clean_home_env(home.path());
    let app = root.path().join("usr/bin/async-atlas");
    let h = Harness::start_app(&driver, app.to_str().unwrap(), &envs).await;
    h.ready().await;
    let book = h.js("return window.__atlasPerf.book").await;
    let cold = h
        .wait_js(
            "the cold-start figure",
            "return window.__atlasPerf.coldStartMs",
            Duration::from_secs(5),
        )
        .await;
    eprintln!("[e2e] installed app: book {book}, search box usable {cold} ms after main");
    assert_eq!(
        book["dir"].as_str(),
        Some(
            shipped
                .join("book")
                .canonicalize()
                .unwrap()
                .to_str()
                .unwrap()
        ),
        "the bundled book is the package's"
    );
    assert_eq!(
        book["rebuilt"],
        json!(false),
        "opened from the prebuilt index"
    );
    assert!(
        !home
            .path()
            .join(".local/share/dev.asyncatlas.desktop/indexes")
            .exists(),
        "no index was built"
    );
    h.js("document.querySelectorAll('#messages .message button').forEach(b => b.click()); return true")
        .await;
    h.shot("p1-installed-first-page").await;

    search_read_and_run_installed(&h).await;
    a_second_launch_hands_over(&h, &app, &envs).await;
    h.finish().await;
    assert_eq!(
        before,
        listing(root.path()),
        "nothing written under the package"
    );
}

/// Prepare examples, clicked on an example page: a progress bar, then the page
/// without the advice.
async fn prepare_from_the_example_page(h: &Harness) {
    h.click(".prepare-button").await;
    h.wait_js(
        "the progress bar of Prepare",
        "return !document.querySelector('#runner-progress').hidden",
        Duration::from_secs(30),
    )
    .await;
    h.shot("p5-installed-preparing").await;
    let status = h
        .wait_js(
            "Prepare to finish",
            "const r = document.querySelector('#runner'); return r.dataset.state !== 'running'
               && r.dataset.state + ': ' + document.querySelector('#runner-status').textContent",
            Duration::from_secs(900),
        )
        .await;
    eprintln!("[e2e] prepare in the installed app: {status}");
    h.shot("p6-installed-prepared").await;
    assert!(
        status
            .as_str()
            .unwrap_or("")
            .starts_with("success: Prepared"),
        "{status}"
    );
    h.wait_js(
        "the example page without the advice",
        "return document.querySelector('.example-advice') === null
           && document.querySelector('.example-file') !== null",
        Duration::from_secs(10),
    )
    .await;
}

/// The installed app: search, a section, an example's page, Prepare, and a run.
async fn search_read_and_run_installed(h: &Harness) {
    h.search("cancel a task").await;
    assert!(!h.hits().await.is_empty(), "search finds sections");
    h.shot("p2-installed-search").await;
    h.press(&[Key::Enter]).await;
    h.wait_page("a section opened from search", "p.length > 0")
        .await;
    h.shot("p3-installed-section").await;

    // The example's own page, from its search hit: not prepared yet, so it says
    // what Prepare examples will do.
    h.search("hello-async").await;
    h.set_filter("example", true).await;
    h.wait_js(
        "only example hits",
        "const k = [...document.querySelectorAll('#results .badge')].map(b => b.textContent);
         return k.length > 0 && k.every(t => t === 'Example')",
        Duration::from_secs(10),
    )
    .await;
    h.click("#results .hit-example .hit-title").await;
    h.wait_js(
        "the example's highlighted source and the Prepare advice",
        "return document.querySelector('.example-file pre code .hl-kw') !== null
           && document.querySelector('.example-advice') !== null
           && document.querySelector('.prepare-button') !== null",
        Duration::from_secs(10),
    )
    .await;
    h.shot("p4-installed-example-unprepared").await;
    prepare_from_the_example_page(h).await;
    run_an_example(h).await;
}

/// Starts the app again with `args`, from `cwd`, while `h`'s app runs: it must
/// hand over and exit at once, not open a second app.
async fn launch_again(
    h: &Harness,
    app: &Path,
    envs: &[(&str, PathBuf)],
    args: &[&str],
    cwd: &Path,
) {
    let started = Instant::now();
    let mut second = Command::new(app)
        .args(args)
        .current_dir(cwd)
        .envs(envs.iter().map(|(k, v)| (k, v)))
        .env("DISPLAY", &h.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &h.bus_address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start a second app");
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = second.kill();
            panic!("the launch with {args:?} did not exit: it opened a second app");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    eprintln!(
        "[e2e] launch with {args:?} handed over and exited ({status}) after {} ms",
        started.elapsed().as_millis()
    );
    assert!(status.success(), "the launch with {args:?}: {status}");
}

/// Later launches while the app runs, as a reader starts it from a terminal or a
/// launcher: `--book async-book` (relative to the launch's folder) opens that book
/// in the running window, closing the old book's run panel; `--open KEY/PATH#ANCHOR`
/// shows that place; `--search QUERY` brings the search box forward with the query.
async fn a_second_launch_hands_over(h: &Harness, app: &Path, envs: &[(&str, PathBuf)]) {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpora");
    let book = corpora.join("async-book");
    assert!(
        book.join("book.toml").is_file(),
        "the upstream async book is missing at {} (the shared corpora)",
        book.display()
    );
    launch_again(h, app, envs, &["--book", "async-book"], &corpora).await;
    let dir = serde_json::to_string(book.canonicalize().unwrap().to_str().unwrap()).unwrap();
    let key = h
        .wait_js(
            "the running window to open the handed-over book",
            &format!(
                "const b = window.__atlasPerf.book; return b && b.dir === {dir}
                   && (document.querySelector('#page').dataset.path || '').length > 0
                   && document.querySelector('#runner').hidden && b.key"
            ),
            Duration::from_secs(180),
        )
        .await;
    h.shot("p7-handed-over-book").await;

    let place = format!("{}/part-reference/pinning.md#tldr", key.as_str().unwrap());
    launch_again(h, app, envs, &["--open", &place], &corpora).await;
    h.wait_page(
        "the place given with --open",
        "p === 'part-reference/pinning.md' && document.querySelector('#tldr') !== null
           && document.querySelector('#search-panel').hidden",
    )
    .await;
    h.shot("p8-opened-place").await;

    launch_again(h, app, envs, &["--search", "select"], &corpora).await;
    h.wait_js(
        "the search box with the handed-over query, its text selected",
        "const i = document.querySelector('#search-input');
         return document.activeElement === i && i.value === 'select'
           && i.selectionStart === 0 && i.selectionEnd === 6
           && document.querySelector('#results').dataset.query === 'select'
           && document.querySelectorAll('#results [role=option]').length > 0",
        Duration::from_secs(10),
    )
    .await;
    h.shot("p9-handed-over-search").await;
}
