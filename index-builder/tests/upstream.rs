//! The upstream async book (a real mdBook, kept unmodified in
//! `../shared/corpora/async-book`, its examples left out on purpose) as a
//! test input: it builds with warnings only for the missing examples, `check`
//! reports exactly those, heading ids equal mdBook's, and searches land.

mod support;

use index_builder::model::{Diagnostic, Kind, SearchRequest, TocChapter, TocItem};
use index_builder::{BuildOptions, Index, build, check, eval};
use std::path::PathBuf;
use std::sync::OnceLock;

fn corpus() -> Option<PathBuf> {
    support::corpus("async-book")
}

/// One build shared by the tests of this file.
fn built() -> Option<&'static (tempfile::TempDir, Vec<Diagnostic>)> {
    static BUILT: OnceLock<Option<(tempfile::TempDir, Vec<Diagnostic>)>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let book = corpus()?;
            let dir = tempfile::tempdir().unwrap();
            let report = build(
                &BuildOptions::new(book, dir.path().join("index")),
                &mut |_| {},
            )
            .unwrap();
            Some((dir, report.warnings))
        })
        .as_ref()
}

fn index() -> Option<Index> {
    let (dir, _) = built()?;
    Some(Index::open(&dir.path().join("index")).unwrap())
}

#[test]
fn builds_with_warnings_only_for_missing_examples() {
    let Some((_, warnings)) = built() else { return };
    assert!(!warnings.is_empty());
    for w in warnings {
        let m = &w.message;
        assert!(
            m.starts_with("cannot include `../examples/")
                || m.starts_with("cannot include `../../examples/"),
            "unexpected warning: {w}"
        );
        assert!(m.ends_with("file not found") && w.line.is_some(), "{w}");
    }
    assert_eq!(
        warnings.len(),
        62,
        "one per include of the omitted examples folder"
    );
}

#[test]
fn check_reports_the_missing_includes_and_the_real_broken_anchors() {
    let Some(book) = corpus() else { return };
    let problems = check(&book).unwrap();
    let (_, warnings) = built().unwrap();
    let includes: Vec<_> = problems
        .iter()
        .filter(|p| p.message.starts_with("cannot include"))
        .collect();
    assert_eq!(includes.len(), warnings.len(), "{problems:#?}");
    for p in &includes {
        assert!(
            p.line.is_some_and(|l| l > 0) && p.file.starts_with(book.join("src")),
            "{p}"
        );
    }
    // The corpus does have a few anchors that mdBook's own ids do not match
    // (`#race-select` for the heading `Race/select`, whose id is `raceselect`).
    let others: Vec<String> = problems
        .iter()
        .filter(|p| !p.message.starts_with("cannot include"))
        .map(|p| p.to_string())
        .collect();
    assert!(
        others.iter().all(|p| p.contains("has no heading")),
        "{others:#?}"
    );
    assert!(others.iter().any(|p| p.contains("navigation/index.md:23: broken link `../part-guide/concurrency-primitives.md#race-select`")), "{others:#?}");
}

#[test]
fn heading_ids_match_mdbook() {
    let (Some(book), Some(index)) = (corpus(), index()) else {
        return;
    };
    let ids_file = book.parent().unwrap().join("async-book.mdbook-ids.json");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ids_file).unwrap()).unwrap();
    let pages = expected["pages"].as_object().unwrap();
    let mut compared = 0;
    for (path, headings) in pages {
        let page = index.page(path).unwrap_or_else(|| panic!("no page {path}"));
        let ours: Vec<(u64, String)> = page
            .headings
            .iter()
            .map(|h| (h.level as u64, h.anchor.clone()))
            .collect();
        let theirs: Vec<(u64, String)> = headings
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["level"].as_u64().unwrap(),
                    h["id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(ours, theirs, "{path}");
        compared += theirs.len();
    }
    assert!(compared > 150, "compared {compared} ids");
}

/// Every chapter of the TOC, depth first, with the part it stands in.
fn chapters(items: &[TocItem]) -> Vec<(&TocChapter, Option<&str>)> {
    fn walk<'a>(
        c: &'a TocChapter,
        part: Option<&'a str>,
        out: &mut Vec<(&'a TocChapter, Option<&'a str>)>,
    ) {
        out.push((c, part));
        for child in &c.children {
            walk(child, part, out);
        }
    }
    let mut out = Vec::new();
    let mut part = None;
    for item in items {
        match item {
            TocItem::PartTitle { title } => part = Some(title.as_str()),
            TocItem::Separator => {}
            TocItem::Chapter(c) => walk(c, part, &mut out),
        }
    }
    out
}

#[test]
fn summary_drafts_and_parts() {
    let Some(index) = index() else { return };
    let chapters = chapters(&index.toc().items);
    let titles: Vec<&str> = chapters.iter().map(|(c, _)| c.title.as_str()).collect();
    assert!(
        titles.contains(&"FAQs") && titles.contains(&"async/.await Primer"),
        "{titles:?}"
    );
    let (_, part) = chapters.iter().find(|(c, _)| c.title == "Pinning").unwrap();
    assert_eq!(*part, Some("Part 2: reference"));
    let parts = index
        .toc()
        .items
        .iter()
        .filter(|i| matches!(i, TocItem::PartTitle { .. }))
        .count();
    assert_eq!(parts, 3);
    let drafts = chapters.iter().filter(|(c, _)| c.path.is_none()).count();
    assert!(drafts >= 10, "{drafts} drafts");
}

#[test]
fn queries_land_on_the_right_section() {
    let Some(index) = index() else { return };
    let cases = [
        ("join!", "06_multiple_futures/02_join.md#join"),
        ("try_join", "06_multiple_futures/02_join.md#try_join"),
        (
            "select! default complete",
            "06_multiple_futures/03_select.md#default---and-complete--",
        ),
        (
            "Waker wakeups",
            "02_execution/03_wakeups.md#task-wakeups-with-waker",
        ),
        (
            "build an executor",
            "02_execution/04_executor.md#applied-build-an-executor",
        ),
        ("recursion", "07_workarounds/04_recursion.md#recursion"),
        (
            "async in traits",
            "07_workarounds/05_async_in_traits.md#async-in-traits",
        ),
        (
            "Send approximation",
            "07_workarounds/03_send_approximation.md#send-approximation",
        ),
        ("pinning", "part-reference/pinning.md#pinning"),
        (
            "structured concurrency",
            "part-reference/structured.md#structured-concurrency",
        ),
        (
            "cancellation safety",
            "part-reference/cancellation.md#cancellation-safety",
        ),
        (
            "CancellationToken",
            "part-guide/more-async-await.md#cancellation",
        ),
        ("blocking IO", "part-guide/more-async-await.md#blocking-io"),
        ("unit tests", "part-guide/more-async-await.md#unit-tests"),
    ];
    let mut misses = Vec::new();
    for (q, expect) in cases {
        let hits = index.search(&SearchRequest::new(q)).hits;
        if !hits.iter().take(3).any(|h| eval::hit_matches(h, expect)) {
            let top: Vec<String> = hits
                .iter()
                .take(3)
                .map(|h| format!("{}#{}", h.doc.path, h.doc.anchor))
                .collect();
            misses.push(format!("{q}: expected {expect} in the top 3, got {top:?}"));
        }
    }
    assert!(misses.len() <= 1, "{misses:#?}");
    // The topic index and the detailed index of the corpus are searchable as such.
    let topics = index
        .search(&SearchRequest {
            kinds: vec![Kind::Topic],
            ..SearchRequest::new("unit test syntax")
        })
        .hits;
    assert!(
        topics.first().is_some_and(|h| h.doc.kind == Kind::Topic),
        "{topics:?}"
    );
}
