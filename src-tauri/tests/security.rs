//! The window's safety settings, checked as data: capabilities grant only the opener for
//! http(s) links (the app's own commands need no grant), the CSP allows no remote origin
//! and no inline script, and the UI references nothing remote.

use serde_json::Value;

fn read_json(rel: &str) -> Value {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn capabilities_grant_only_the_opener_for_http_links() {
    let cap = read_json("capabilities/default.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let perms = cap["permissions"].as_array().unwrap();
    assert_eq!(perms.len(), 1, "only the opener: {perms:?}");
    assert_eq!(perms[0]["identifier"], "opener:allow-open-url");
    let urls: Vec<&str> = perms[0]["allow"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls, ["http://*", "https://*"]);
}

#[test]
fn csp_is_strict() {
    let conf = read_json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP object");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        assert!(
            !value.contains("unsafe-inline") && !value.contains("unsafe-eval"),
            "{directive}: {value}"
        );
        for source in value.split_whitespace() {
            let remote = source.starts_with("http") && source != "http://ipc.localhost";
            assert!(
                !remote && source != "*" && !source.starts_with("https:"),
                "{directive} allows {source}"
            );
        }
    }
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(
        conf["app"]["security"]["dangerousDisableAssetCspModification"],
        Value::Null
    );
    assert!(
        conf["build"].get("devUrl").is_none(),
        "plain cargo builds must embed the UI"
    );
}

#[test]
fn ui_loads_nothing_remote_and_has_no_inline_script() {
    let dir = format!("{}/../ui/src", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for bad in ["http://", "https://", "//fonts.", "@import url("] {
            assert!(!text.contains(bad), "{name} references {bad}");
        }
        if name.ends_with(".html") {
            let scripts = text.matches("<script").count();
            let with_src = text.matches("<script type=\"module\" src=").count();
            assert_eq!(scripts, with_src, "{name} has an inline script");
            assert!(
                !text.contains(" onclick=") && !text.contains(" onload="),
                "{name} has an inline handler"
            );
        }
    }
}
