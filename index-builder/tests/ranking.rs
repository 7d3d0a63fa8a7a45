//! The ranking rules, each on a small book written for it: coverage before
//! frequency, exact before typo, stop-word queries, quoted phrases, related
//! terms below exact words, the book's own synonyms, and one slot per place.

mod support;

use std::path::Path;

use index_builder::Index;
use index_builder::model::{Hit, Kind, SearchRequest};

/// Writes a book of one page per `(file, markdown)` plus `extra` book.toml lines.
fn book(dir: &Path, pages: &[(&str, &str)], extra: &str) -> Index {
    let src = dir.join("book/src");
    std::fs::create_dir_all(src.join("navigation")).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for (file, md) in pages {
        std::fs::write(src.join(file), md).unwrap();
        summary.push_str(&format!("- [{file}]({file})\n"));
    }
    std::fs::write(src.join("SUMMARY.md"), summary).unwrap();
    let toml = format!("[book]\ntitle = \"Rules\"\n{extra}");
    std::fs::write(dir.join("book/book.toml"), toml).unwrap();
    support::build_and_open(&dir.join("book"), &dir.join("index")).1
}

fn places(index: &Index, query: &str) -> Vec<String> {
    hits(index, query)
        .iter()
        .map(|h| format!("{}#{}", h.doc.path, h.doc.anchor))
        .collect()
}

fn hits(index: &Index, query: &str) -> Vec<Hit> {
    index.search(&SearchRequest::new(query)).hits
}

const TASKS: &str = "# Tasks\n\nA task is a unit of work the runtime schedules. Tasks run \
    concurrently. Every task has a handle.\n\n\
    ## Cancelling a running task\n\nCall abort on its handle to cancel the task; it stops at \
    its next await.\n\n## Task locals\n\nValues stored per task.\n";

#[test]
fn a_section_with_more_of_the_question_outranks_a_title_with_one_word() {
    let dir = tempfile::tempdir().unwrap();
    let index = book(dir.path(), &[("tasks.md", TASKS)], "");
    // "Tasks" has `task` in its title and all over its text, but only the
    // section on cancelling holds the whole question.
    let top = places(&index, "how do I cancel a task");
    assert_eq!(top[0], "tasks.md#cancelling-a-running-task", "{top:?}");
}

#[test]
fn an_exact_word_outranks_its_typo_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        ("a.md", "# Spawner\n\nThe spawner hands out work.\n"),
        (
            "b.md",
            "# Spawned\n\nWork that was spawned, spawned again, spawned.\n",
        ),
    ];
    let index = book(dir.path(), &pages, "");
    let top = places(&index, "spawner");
    assert_eq!(top[0], "a.md#spawner", "{top:?}");
    // A word the book lacks still finds its neighbours.
    assert!(places(&index, "spawnerr").contains(&"a.md#spawner".to_string()));
}

#[test]
fn a_query_of_stop_words_finds_the_sections_titled_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        (
            "loops.md",
            "# Loops\n\n## while\n\nRepeats as long as a condition holds.\n\n## for\n\nVisits each item.\n",
        ),
        (
            "other.md",
            "# Other\n\nSomething for everyone, while it lasts.\n",
        ),
    ];
    let index = book(dir.path(), &pages, "");
    assert_eq!(places(&index, "while")[0], "loops.md#while");
    assert_eq!(places(&index, "for")[0], "loops.md#for");
}

#[test]
fn an_operator_alone_finds_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [(
        "errors.md",
        "# Errors\n\nErrors are values.\n\n## The `?` operator\n\nWrite `f()?` to return early.\n",
    )];
    let index = book(dir.path(), &pages, "");
    assert_eq!(places(&index, "?")[0], "errors.md#the--operator");
}

#[test]
fn a_quoted_phrase_must_be_there_word_for_word() {
    let dir = tempfile::tempdir().unwrap();
    let index = book(dir.path(), &[("tasks.md", TASKS)], "");
    let quoted = places(&index, "\"cancel the task\"");
    assert_eq!(quoted, ["tasks.md#cancelling-a-running-task"]);
    assert!(places(&index, "\"task cancel\"").is_empty());
}

#[test]
fn related_terms_find_what_the_book_calls_otherwise_ranked_below_exact_words() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        ("tasks.md", TASKS),
        (
            "green.md",
            "# Goroutines in Go\n\nGo calls them goroutines.\n",
        ),
    ];
    let index = book(dir.path(), &pages, "");
    // The thesaurus leads `green threads` to tasks: the book never says it.
    assert!(places(&index, "green threads")[0].starts_with("tasks.md#"));
    // The word as typed wins over a related term: `goroutine` is on green.md.
    assert_eq!(places(&index, "goroutine")[0], "green.md#goroutines-in-go");
}

#[test]
fn the_book_s_own_synonyms_and_heading_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        ("a.md", "# Frobnication\n\nHow to frobnicate a widget.\n"),
        ("b.md", "# Async iterators (streams)\n\nValues over time.\n"),
    ];
    let synonyms = "[output.atlas]\nsynonyms = [[\"frobnicate\", \"twiddle\"]]\n";
    let index = book(dir.path(), &pages, synonyms);
    assert_eq!(places(&index, "twiddle")[0], "a.md#frobnication");
    // "Async iterators (streams)": the alias finds the heading's own words.
    let found = places(&index, "async iterator");
    assert_eq!(found[0], "b.md#async-iterators-streams", "{found:?}");
}

#[test]
fn an_index_entry_and_the_section_it_leads_to_take_one_slot() {
    let dir = tempfile::tempdir().unwrap();
    let index_page = "# Index\n\n- [Cancelling tasks](../tasks.md#cancelling-a-running-task)\n";
    let pages = [("tasks.md", TASKS), ("navigation/index.md", index_page)];
    let index = book(dir.path(), &pages, "");
    let found = hits(&index, "cancelling tasks");
    let cancel: Vec<&Hit> = found
        .iter()
        .filter(|h| h.doc.anchor == "cancelling-a-running-task")
        .collect();
    assert_eq!(cancel.len(), 1, "{found:#?}");
    assert_eq!(cancel[0].also, [Kind::Index]);
    assert!(
        found.iter().all(|h| h.doc.kind != Kind::Index),
        "{found:#?}"
    );
    // Asking for index entries by kind still gives the entry itself.
    let req = SearchRequest {
        kinds: vec![Kind::Index],
        ..SearchRequest::new("cancelling tasks")
    };
    assert_eq!(index.search(&req).hits[0].doc.kind, Kind::Index);
}
