//! A small book written for these tests: what the builder extracts, how search
//! ranks, and how bad input and damaged indexes are handled.

mod support;

use index_builder::model::{Kind, RunMode, SearchRequest, TocItem};
use index_builder::{BuildOptions, Freshness, Index, OpenError, SCHEMA_VERSION, build, freshness};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture")
}

fn index() -> &'static Index {
    static INDEX: OnceLock<(tempfile::TempDir, Index)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("index");
            let report = build(&BuildOptions::new(book(), out.clone()), &mut |_| {}).unwrap();
            assert!(report.warnings.is_empty(), "{:?}", report.warnings);
            let index = Index::open(&out).unwrap();
            (dir, index)
        })
        .1
}

fn top(query: &str) -> String {
    let hits = index().search(&SearchRequest::new(query)).hits;
    hits.first()
        .map(|h| format!("{}#{}", h.doc.path, h.doc.anchor))
        .unwrap_or_default()
}

#[test]
fn toc_pages_and_special_pages() {
    let ix = index();
    let m = ix.manifest();
    assert_eq!(
        (
            m.counts.pages,
            m.counts.faqs,
            m.counts.topics,
            m.counts.index_entries,
            m.counts.examples
        ),
        (7, 2, 2, 5, 1)
    );
    assert!(matches!(&ix.toc().items[1], TocItem::PartTitle { title } if title == "Part 1: guide"));
    let tasks = ix.page("guide/tasks.md").unwrap();
    assert_eq!(tasks.prev.as_ref().unwrap().path, "start.md");
    assert_eq!(tasks.next.as_ref().unwrap().path, "guide/cancel.md");
    assert_eq!(tasks.breadcrumbs, ["Part 1: guide"]);
    assert!(tasks.html.contains("id=\"spawning-with-tokiospawn\""));
    let faq = &ix.faq()[0];
    assert_eq!(
        (faq.question.as_str(), faq.group.as_deref()),
        ("How do I cancel a task?", Some("Tasks"))
    );
    assert!(
        faq.answer_html
            .contains("href=\"#/guide/cancel.md#aborting\""),
        "{}",
        faq.answer_html
    );
    let idx = ix.detailed_index();
    assert_eq!(idx[1].targets.len(), 2, "Backpressure has two targets");
    assert!(
        idx[2].targets.is_empty() && idx[2].children.len() == 1,
        "a term without a link keeps its sub-terms"
    );
    let ex = ix.example("hello").unwrap();
    assert_eq!(
        ex.description,
        "Prints a greeting from the fixture's only example."
    );
    assert_eq!(ex.used_by[0].path, "start.md");
}

#[test]
fn code_blocks_keep_hidden_lines_for_running() {
    let ix = index();
    let block = ix.code_block("guide/tasks.md:0").unwrap();
    assert_eq!(block.run, RunMode::Build);
    assert_eq!(block.anchor, "spawning-with-tokiospawn");
    assert!(block.source.starts_with("async fn work()"));
    assert!(!block.display.contains("async fn work()"));
    let included = ix.code_block("start.md:0").unwrap();
    assert_eq!(included.run, RunMode::Run);
    assert_eq!(
        included.source,
        "fn main() {\n    println!(\"hello from the fixture\");\n}\n"
    );
    assert!(ix.code_block("nope:0").is_none());
}

#[test]
fn relevance() {
    assert_eq!(
        top("tokio::spawn"),
        "guide/tasks.md#spawning-with-tokiospawn"
    );
    assert_eq!(top("spawn_blocking"), "guide/tasks.md#blocking-work");
    assert_eq!(top("select!"), "guide/tasks.md#the-select-macro");
    assert_eq!(
        top("backpressure"),
        "guide/channels.md#bounded-channels-and-backpressure"
    );
    // Questions and stems: "cancelled" finds "cancel".
    assert_eq!(
        top("how do I cancel a task"),
        "nav/faq.md#how-do-i-cancel-a-task"
    );
    // Index terms travel to their target section: the section that the index
    // names for "JoinHandle abort" wins over sections that merely mention it.
    let hits = index()
        .search(&SearchRequest {
            kinds: vec![Kind::Chapter],
            ..SearchRequest::new("JoinHandle abort")
        })
        .hits;
    assert_eq!(
        format!("{}#{}", hits[0].doc.path, hits[0].doc.anchor),
        "guide/cancel.md#aborting"
    );
    // "worker threads" appears in the index only as a term pointing at a section.
    let hits = index()
        .search(&SearchRequest {
            kinds: vec![Kind::Chapter],
            ..SearchRequest::new("polling tasks worker threads")
        })
        .hits;
    assert_eq!(hits[0].doc.anchor, "spawning-with-tokiospawn");
    // join handle (two words) finds JoinHandle.
    assert!(
        index()
            .search(&SearchRequest::new("join handle"))
            .hits
            .iter()
            .take(3)
            .any(|h| h.doc.path == "guide/cancel.md")
    );
}

#[test]
fn typos_prefixes_and_suggestions() {
    assert_eq!(
        top("backpresure"),
        "guide/channels.md#bounded-channels-and-backpressure"
    );
    assert_eq!(top("oneshto"), "guide/channels.md#oneshot-replies");
    // As-you-type: the last word is a prefix until a space ends it.
    assert_eq!(
        top("backpr"),
        "guide/channels.md#bounded-channels-and-backpressure"
    );
    // Exact matches rank above typo matches.
    let exact = index().search(&SearchRequest::new("channels")).hits;
    assert_eq!(exact[0].doc.path, "guide/channels.md");
    let none = index().search(&SearchRequest::new("qqqq chanels zzzzz"));
    assert!(
        !none.hits.is_empty(),
        "a typo in one word still finds something"
    );
    let none = index().search(&SearchRequest::new("bakpresxxre zzqx"));
    assert!(none.hits.is_empty());
    assert_eq!(
        none.suggestions.first().map(String::as_str),
        Some("backpressure zzqx")
    );
}

#[test]
fn snippets_and_highlights() {
    let hits = index().search(&SearchRequest::new("backpressure")).hits;
    let h = &hits[0];
    let chars: Vec<char> = h.snippet.chars().collect();
    let marked: Vec<String> = h
        .highlights
        .iter()
        .map(|[a, b]| chars[*a..*b].iter().collect())
        .collect();
    assert_eq!(marked, ["backpressure"]);
    assert!(h.matched.contains(&"backpressure".to_string()));
    let faq = index()
        .search(&SearchRequest {
            kinds: vec![Kind::Faq],
            ..SearchRequest::new("task never run")
        })
        .hits;
    assert!(faq[0].doc.answer_html.as_deref().unwrap().contains("lazy"));
}

#[test]
fn filters() {
    let only = |kinds: Vec<Kind>, q: &str| {
        index()
            .search(&SearchRequest {
                kinds,
                ..SearchRequest::new(q)
            })
            .hits
    };
    assert!(
        only(vec![Kind::Index], "abort")
            .iter()
            .all(|h| h.doc.kind == Kind::Index)
    );
    assert!(!only(vec![Kind::Topic], "aborting").is_empty());
    assert_eq!(
        only(vec![Kind::Example], "greeting")[0]
            .doc
            .example
            .as_deref(),
        Some("hello")
    );
    let in_chapter = index()
        .search(&SearchRequest {
            chapter: Some("guide/channels.md".into()),
            ..SearchRequest::new("channel task")
        })
        .hits;
    assert!(!in_chapter.is_empty() && in_chapter.iter().all(|h| h.doc.path == "guide/channels.md"));
    let in_part = index()
        .search(&SearchRequest {
            part: Some("Part 1: guide".into()),
            ..SearchRequest::new("fixture")
        })
        .hits;
    assert!(in_part.is_empty(), "the start page is outside the part");
}

#[test]
fn hostile_queries_never_fail() {
    let long = "spawn ".repeat(2000);
    let accents = "é".repeat(3000);
    let queries = [
        "",
        " ",
        "\"",
        "\"unbalanced",
        "::",
        "!",
        "#[",
        "+",
        "-",
        "AND",
        "OR NOT",
        "a AND OR",
        "(",
        ")",
        "[]",
        "*",
        "?",
        "~2",
        "🦀",
        "🦀 tokio",
        "field:value",
        "title:spawn",
        "\\",
        "'",
        "<script>alert(1)</script>",
        "%",
        "\0",
        "ﷺ",
        "\u{200b}",
        "Pin<&mut Self>",
        "#[tokio::main]",
        "select! {",
        "a::b::c::d::e::f",
        "x!=y",
        accents.as_str(),
        long.as_str(),
    ];
    for q in queries {
        let r = index().search(&SearchRequest::new(q));
        for h in &r.hits {
            let n = h.snippet.chars().count();
            assert!(
                h.highlights.iter().all(|[a, b]| a < b && *b <= n),
                "{q:?}: {h:?}"
            );
        }
    }
    assert_eq!(
        index()
            .search(&SearchRequest {
                limit: 0,
                ..SearchRequest::new("task")
            })
            .hits
            .len(),
        1,
        "limit is at least 1"
    );
}

#[test]
fn freshness_schema_and_damage() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("idx");
    assert_eq!(freshness(&book(), &out), Freshness::Missing);
    assert!(matches!(Index::open(&out), Err(OpenError::Missing(_))));
    build(&BuildOptions::new(book(), out.clone()), &mut |_| {}).unwrap();
    assert_eq!(freshness(&book(), &out), Freshness::Fresh);

    // A book that changed makes the index stale.
    let copy = dir.path().join("book");
    support::copy_dir(&book(), &copy);
    build(&BuildOptions::new(copy.clone(), out.clone()), &mut |_| {}).unwrap();
    std::fs::write(copy.join("src/start.md"), "# Start\n\nChanged.\n").unwrap();
    assert_eq!(freshness(&copy, &out), Freshness::Stale);

    // Another schema version: a clear rebuild error, not a panic.
    let manifest = out.join("manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replacen(
            &format!("\"schema_version\":{SCHEMA_VERSION}"),
            "\"schema_version\":999",
            1,
        ),
    )
    .unwrap();
    assert_eq!(freshness(&copy, &out), Freshness::WrongSchema);
    let err = Index::open(&out).err().unwrap().to_string();
    assert!(
        err.contains("schema version 999") && err.contains("rebuild"),
        "{err}"
    );

    // Damaged files: Corrupt, never a panic.
    std::fs::write(&manifest, text).unwrap();
    std::fs::write(out.join("docs.json.gz"), "[{").unwrap();
    assert!(matches!(Index::open(&out), Err(OpenError::Corrupt { .. })));
    std::fs::write(&manifest, "not json").unwrap();
    assert_eq!(freshness(&copy, &out), Freshness::Corrupt);
    std::fs::remove_dir_all(out.join("tantivy")).unwrap();
    assert!(Index::open(&out).is_err());
}

#[test]
fn failed_builds_keep_the_old_index_and_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("idx");
    build(&BuildOptions::new(book(), out.clone()), &mut |_| {}).unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir_all(bad.join("src")).unwrap();
    std::fs::write(bad.join("book.toml"), "[book]\ntitle = \"x\"\n").unwrap();
    std::fs::write(
        bad.join("src/SUMMARY.md"),
        "# S\n\n- [Ok](ok.md)\n- broken line\n",
    )
    .unwrap();
    let err = build(&BuildOptions::new(bad.clone(), out.clone()), &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with(
            "SUMMARY.md:4: expected a link like `- [Title](file.md)`, found `- broken line`"
        ),
        "{err}"
    );
    std::fs::write(bad.join("book.toml"), "[book]\ntitle = 3\n").unwrap();
    let err = build(&BuildOptions::new(bad, out.clone()), &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("book.toml") && err.contains("line 2"), "{err}");
    // The earlier index is untouched and no temp folders are left behind.
    assert_eq!(Index::open(&out).unwrap().manifest().title, "Fixture");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}
