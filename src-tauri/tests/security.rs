//! The window's safety settings, checked as data: the app's commands are declared to
//! Tauri's ACL and granted one by one, besides them only the opener for http(s) links;
//! the CSP allows no remote origin and no inline script, and the UI references nothing
//! remote. (The e2e test checks in the window that an ungranted command is refused.)

use serde_json::Value;

fn read_json(rel: &str) -> Value {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The names between `start` and the next `]` of `text`, one quoted or bare
/// identifier per line (the build script's list, the handler list).
fn names_after(text: &str, start: &str) -> Vec<String> {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"))
        + start.len();
    let list = &text[from..from + text[from..].find(']').unwrap()];
    list.split(',')
        .map(|n| n.trim().trim_matches('"').trim_start_matches("commands::"))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_command_is_declared_and_granted_by_name_and_nothing_more() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |rel: &str| std::fs::read_to_string(format!("{root}/{rel}")).unwrap();
    let handled = names_after(&read("src/lib.rs"), "generate_handler![");
    let declared = names_after(&read("build.rs"), "const COMMANDS: &[&str] = &[");
    assert!(handled.len() >= 10, "{handled:?}");
    assert_eq!(
        handled, declared,
        "build.rs declares exactly the handled commands"
    );

    let cap = read_json("capabilities/default.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let perms = cap["permissions"].as_array().unwrap();
    let granted: Vec<String> = perms
        .iter()
        .filter_map(Value::as_str)
        .map(|p| {
            p.strip_prefix("allow-")
                .expect("only allow- grants")
                .replace('-', "_")
        })
        .collect();
    assert_eq!(
        granted, handled,
        "each command granted by name, none by a set"
    );
    let scoped: Vec<&Value> = perms.iter().filter(|p| p.is_object()).collect();
    assert_eq!(scoped.len(), 1, "only the opener besides: {scoped:?}");
    assert_eq!(scoped[0]["identifier"], "opener:allow-open-url");
    let urls: Vec<&str> = scoped[0]["allow"]
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
