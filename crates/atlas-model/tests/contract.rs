//! The UI's types and limits are generated from this crate and checked in
//! (`ui/src/types.gen.d.ts`, `ui/src/limits.gen.js`). This test regenerates
//! them and fails on any difference, so Rust and the UI cannot drift apart.
//!
//! After changing a type: `UPDATE_CONTRACT=1 cargo test -p atlas-model --test contract`.

use std::path::{Path, PathBuf};

use atlas_model::*;
use ts_rs::{Config, TS};

fn decl<T: TS>(cfg: &Config) -> String {
    let docs = T::docs().map(|d| format!("{d}\n")).unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

fn types() -> String {
    // u64 fields (run ids, milliseconds) stay far below 2^53.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        decl::<Kind>(&cfg),
        decl::<Target>(&cfg),
        decl::<Toc>(&cfg),
        decl::<TocItem>(&cfg),
        decl::<TocChapter>(&cfg),
        decl::<Heading>(&cfg),
        decl::<PageLink>(&cfg),
        decl::<Page>(&cfg),
        decl::<IndexEntry>(&cfg),
        decl::<TopicGroup>(&cfg),
        decl::<FaqEntry>(&cfg),
        decl::<Example>(&cfg),
        decl::<SourceFile>(&cfg),
        decl::<RunMode>(&cfg),
        decl::<CodeBlock>(&cfg),
        decl::<SearchRequest>(&cfg),
        decl::<SearchResults>(&cfg),
        decl::<DocCard>(&cfg),
        decl::<Hit>(&cfg),
        decl::<RunRequest>(&cfg),
        decl::<Phase>(&cfg),
        decl::<Stream>(&cfg),
        decl::<Outcome>(&cfg),
        decl::<RunEvent>(&cfg),
        decl::<ExamplesState>(&cfg),
        decl::<BookInfo>(&cfg),
        decl::<BuildProgress>(&cfg),
        decl::<Handover>(&cfg),
        decl::<Theme>(&cfg),
        decl::<Settings>(&cfg),
    ];
    format!(
        "// Generated from crates/atlas-model by its `contract` test; do not edit.\n\
         // The wire types of the app's commands and events (serde's JSON shapes).\n\n{}",
        decls.join("\n")
    )
}

fn limits() -> String {
    format!(
        "// @ts-check\n\
         // Generated from crates/atlas-model by its `contract` test; do not edit.\n\
         // Limits the backend enforces, so the UI offers nothing it would refuse.\n\n\
         export const FONT_MIN = {};\n\
         export const FONT_MAX = {};\n\
         export const FONT_DEFAULT = {};\n\
         export const MAX_QUERY_CHARS = {};\n\
         export const MAX_HITS = {};\n",
        Settings::FONT_MIN,
        Settings::FONT_MAX,
        Settings::FONT_DEFAULT,
        SearchRequest::MAX_QUERY_CHARS,
        SearchRequest::MAX_LIMIT,
    )
}

fn ui_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/src")
        .join(name)
}

fn check(name: &str, expected: &str) {
    let path = ui_file(name);
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{} is out of date with crates/atlas-model; regenerate it with \
         `UPDATE_CONTRACT=1 cargo test -p atlas-model --test contract`",
        path.display()
    );
}

#[test]
fn ui_types_match_the_model() {
    check("types.gen.d.ts", &types());
}

#[test]
fn ui_limits_match_the_model() {
    check("limits.gen.js", &limits());
}
