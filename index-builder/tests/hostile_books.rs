//! Books are untrusted: nothing outside a book is read, and no read is
//! unbounded. Each test builds a tiny book in a temp folder, with a secret file
//! beside it, and checks what the index holds and what the build warns.

mod support;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use index_builder::model::{Diagnostic, SearchRequest};
use index_builder::{BuildOptions, BuildReport, Freshness, Index, build, check, freshness};
use tempfile::TempDir;

/// The word only the secret files hold.
const CANARY: &str = "quokkaberry";

/// A regression that reads without end fails here instead of hanging CI.
const TIMEOUT: Duration = Duration::from_secs(20);

fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A folder with `secret.txt` and `secret.md` (holding [`CANARY`]) and, beside
/// them, `book/`: one chapter `ch.md` with `chapter` as its text, listed by a
/// SUMMARY.md that ends with `more_summary`.
fn hostile_book(chapter: &str, more_summary: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "secret.txt",
        format!("{CANARY} lives outside\n"),
    );
    write(dir.path(), "secret.md", format!("# Secret\n\n{CANARY}\n"));
    let book = dir.path().join("book");
    write(&book, "book.toml", "[book]\ntitle = \"Hostile\"\n");
    // The build names files under the canonical book folder.
    let book = std::fs::canonicalize(book).unwrap();
    let summary = format!("# S\n\n- [Chapter](ch.md)\n{more_summary}");
    write(&book, "src/SUMMARY.md", summary);
    write(&book, "src/ch.md", chapter);
    (dir, book)
}

/// Builds `book` into `dir/index`, within [`TIMEOUT`].
fn build_in(dir: &Path, book: &Path) -> (BuildReport, Index) {
    let (book, out) = (book.to_path_buf(), dir.join("index"));
    within("the build", move || support::build_and_open(&book, &out))
}

/// Runs `f` on a thread and waits at most [`TIMEOUT`] for it.
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    match rx.recv_timeout(TIMEOUT) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} did not finish in {TIMEOUT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

fn finds(ix: &Index, word: &str) -> bool {
    !ix.search(&SearchRequest::new(word)).hits.is_empty()
}

/// The warnings as `file:line: message`, sorted.
fn shown(warnings: &[Diagnostic]) -> Vec<String> {
    let mut out: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    out.sort();
    out
}

#[test]
fn includes_that_leave_the_book_read_nothing() {
    let (dir, book) = hostile_book("", "");
    let secret = dir.path().join("secret.txt");
    let chapter = format!(
        "# Chapter\n\nThe word harborlight is ours.\n\n{{{{#include ../../secret.txt}}}}\n\n\
         ```text\n{{{{#include {}}}}}\n```\n\n{{{{#rustdoc_include link.txt}}}}\n\
         {{{{#playground outdir/secret.txt}}}}\n{{{{#include inside.txt}}}}\n",
        secret.display()
    );
    write(&book, "src/ch.md", chapter);
    write(&book, "src/inside.txt", "tidewrack is inside\n");
    symlink("../../secret.txt", &book.join("src/link.txt"));
    symlink(dir.path(), &book.join("src/outdir"));

    let (report, ix) = build_in(dir.path(), &book);
    let abs = secret.display();
    assert_eq!(
        shown(&report.warnings),
        [
            "ch.md:11: cannot include `link.txt`: outside the book".to_string(),
            "ch.md:12: cannot include `outdir/secret.txt`: outside the book".into(),
            "ch.md:5: cannot include `../../secret.txt`: outside the book".into(),
            format!("ch.md:8: cannot include `{abs}`: outside the book"),
        ]
    );
    assert!(!finds(&ix, CANARY), "the secret was indexed");
    assert!(finds(&ix, "harborlight") && finds(&ix, "tidewrack"));
    let html = &ix.page("ch.md").unwrap().html;
    assert!(!html.contains(CANARY), "{html}");
    assert!(html.contains("could not include ../../secret.txt: outside the book"));
    let problems = check(&book).unwrap();
    let outside = problems
        .iter()
        .filter(|p| p.message.ends_with("outside the book"));
    assert_eq!(outside.count(), 4, "{problems:?}");
}

#[test]
fn summary_links_that_leave_the_book_are_refused() {
    let (dir, book) = hostile_book("# Chapter\n\nOnly harborlight here.\n", "");
    let abs = dir.path().join("secret.md");
    let summary = format!(
        "# S\n\n- [Chapter](ch.md)\n- [Up](../../secret.md)\n- [Absolute]({})\n- [Linked](link.md)\n",
        abs.display()
    );
    write(&book, "src/SUMMARY.md", summary);
    symlink(&abs, &book.join("src/link.md"));

    let (report, ix) = build_in(dir.path(), &book);
    let summary = book.join("src/SUMMARY.md");
    let refused = |line: usize, path: &str| {
        format!(
            "{}:{line}: chapter `{path}` listed in SUMMARY.md cannot be read: outside the book",
            summary.display()
        )
    };
    assert_eq!(
        shown(&report.warnings),
        [
            refused(4, "../../secret.md"),
            refused(5, &abs.display().to_string()),
            refused(6, "link.md"),
        ]
    );
    assert_eq!(ix.pages().len(), 1, "only the chapter inside is a page");
    assert!(!finds(&ix, CANARY));
    assert!(finds(&ix, "harborlight"));
}

#[test]
fn devices_fifos_and_folders_finish_quickly_with_a_warning() {
    let chapter = "# Devices\n\n```text\n{{#include /dev/zero}}\n```\n{{#include zero}}\n\
                   {{#include pipe}}\n{{#include sub}}\n";
    let (dir, book) = hostile_book(chapter, "- [Pipe](pipe)\n");
    symlink("/dev/zero", &book.join("src/zero"));
    mkfifo(&book.join("src/pipe"));
    std::fs::create_dir_all(book.join("src/sub")).unwrap();

    let (report, _ix) = build_in(dir.path(), &book);
    let summary = book.join("src/SUMMARY.md").display().to_string();
    assert_eq!(
        shown(&report.warnings),
        [
            format!(
                "{summary}:4: chapter `pipe` listed in SUMMARY.md cannot be read: not a regular file"
            ),
            "ch.md:4: cannot include `/dev/zero`: outside the book".into(),
            "ch.md:6: cannot include `zero`: outside the book".into(),
            "ch.md:7: cannot include `pipe`: not a regular file".into(),
            "ch.md:8: cannot include `sub`: not a regular file".into(),
        ]
    );
    // The freshness hash walks the FIFO too, without opening it.
    let (b, out) = (book.clone(), dir.path().join("index"));
    assert_eq!(
        within("freshness", move || freshness(&b, &out)),
        Freshness::Fresh
    );
}

#[test]
fn a_book_toml_or_summary_that_is_no_regular_file_is_an_error_not_a_hang() {
    let (dir, book) = hostile_book("# C\n", "");
    std::fs::remove_file(book.join("book.toml")).unwrap();
    mkfifo(&book.join("book.toml"));
    let err = try_build_in(dir.path(), &book);
    assert_eq!(
        err,
        format!("{}: not a regular file", book.join("book.toml").display())
    );

    let (dir, book) = hostile_book("# C\n", "");
    let summary = book.join("src/SUMMARY.md");
    std::fs::remove_file(&summary).unwrap();
    symlink("/dev/zero", &summary);
    let err = try_build_in(dir.path(), &book);
    let expected = format!(
        "{}: outside the book (it resolves to /dev/zero)",
        summary.display()
    );
    assert_eq!(err, expected);
}

/// Builds a book that must fail, within [`TIMEOUT`]; its error.
fn try_build_in(dir: &Path, book: &Path) -> String {
    let opts = BuildOptions::new(book, dir.join("index"));
    let result = within("the build", move || build(&opts, &mut |_| {}).map(|_| ()));
    result.expect_err("the build fails").to_string()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status();
    assert!(status.unwrap().success(), "mkfifo {}", path.display());
}

#[test]
fn files_over_the_cap_are_refused() {
    const OVER: u64 = 16 * 1024 * 1024 + 1; // one byte over the per-file cap
    let (dir, book) = hostile_book(
        "# Big\n\n{{#include big.txt}}\n\nSmall harborlight.\n",
        "- [Huge](huge.md)\n",
    );
    for name in ["src/big.txt", "src/huge.md"] {
        // Sparse: the size is there, the disk blocks are not.
        let f = std::fs::File::create(book.join(name)).unwrap();
        f.set_len(OVER).unwrap();
    }
    let (report, ix) = build_in(dir.path(), &book);
    let summary = book.join("src/SUMMARY.md").display().to_string();
    assert_eq!(
        shown(&report.warnings),
        [
            format!(
                "{summary}:4: chapter `huge.md` listed in SUMMARY.md cannot be read: over the 16 MiB limit"
            ),
            "ch.md:3: cannot include `big.txt`: over the 16 MiB limit".into(),
        ]
    );
    let html = &ix.page("ch.md").unwrap().html;
    assert!(
        html.contains("could not include big.txt: over the 16 MiB limit"),
        "{html}"
    );
    assert!(finds(&ix, "harborlight"));
}

#[test]
fn invalid_utf8_is_shown_replaced_with_a_warning() {
    let (dir, book) = hostile_book("# Mixed\n\n{{#include latin1.txt}}\n", "- [Bad](bad.md)\n");
    write(&book, "src/latin1.txt", b"caf\xe9 saltmarsh\n");
    write(&book, "src/bad.md", b"# Bad\n\nfine\nsnowgrain caf\xe9\n");
    let (report, ix) = build_in(dir.path(), &book);
    assert_eq!(
        shown(&report.warnings),
        [
            "bad.md:4: not valid UTF-8: the bad bytes are shown as \u{FFFD}",
            "ch.md:3: `latin1.txt` (line 1) is not valid UTF-8: the bad bytes are shown as \u{FFFD}",
        ]
    );
    assert!(finds(&ix, "saltmarsh") && finds(&ix, "snowgrain"));
    for page in ["ch.md", "bad.md"] {
        let html = &ix.page(page).unwrap().html;
        assert!(html.contains("caf\u{FFFD}"), "{page}: {html}");
    }
}

#[test]
fn cyclic_includes_terminate_with_a_warning() {
    let (dir, book) = hostile_book(
        "# Loop\n\n{{#include loop.md}}\n\n{{#include many.md}}\n",
        "",
    );
    write(&book, "src/loop.md", "again {{#include loop.md}}\n");
    // Ten copies of itself a level: 10^10 copies at the depth limit.
    write(&book, "src/many.md", "{{#include many.md}}\n".repeat(10));
    let (report, ix) = build_in(dir.path(), &book);
    let warnings = shown(&report.warnings);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(
        warnings[0],
        "loop.md:1: includes nest deeper than 10 levels at `loop.md` (a cyclic include?): \
         its directives are left as text"
    );
    assert!(
        warnings[1].starts_with("many.md:")
            && warnings[1].ends_with(
                "cannot include `many.md`: more than 1000 includes in this chapter; \
                 this and later includes are skipped"
            ),
        "{warnings:?}"
    );
    let html = &ix.page("ch.md").unwrap().html;
    assert_eq!(
        html.matches("again").count(),
        11,
        "the chapter and ten levels"
    );
}

#[test]
fn book_toml_paths_that_leave_the_book_are_errors_naming_the_field() {
    let cases = [
        (
            "[output.atlas]\nexamples = \"/srv/examples\"\n",
            "`[output.atlas] examples = \"/srv/examples\"` is an absolute path",
        ),
        (
            "[kb]\nfaq = [\"ok.md\", \"../../x.md\"]\n",
            "`[kb] faq = \"../../x.md\"`",
        ),
        (
            "[output.atlas]\ntopics = \"/etc/passwd\"\n",
            "`[output.atlas] topics",
        ),
        (
            "[book]\nsrc = \"/etc\"\n",
            "`[book] src = \"/etc\"` leaves the book folder",
        ),
    ];
    for (toml, expected) in cases {
        let (dir, book) = hostile_book("# C\n", "");
        write(&book, "book.toml", toml);
        let err = try_build_in(dir.path(), &book);
        let file = book.join("book.toml").display().to_string();
        assert!(
            err.starts_with(&file) && err.contains(expected),
            "{toml}: {err}"
        );
    }
    // An examples folder that is a symlink to a folder holding the book.
    let (dir, book) = hostile_book("# C\n", "");
    symlink(dir.path(), &book.join("examples"));
    let err = try_build_in(dir.path(), &book);
    let field = "`[output.atlas] examples` resolves to";
    assert!(
        err.contains(field) && err.contains("holds the book"),
        "{err}"
    );
}

#[test]
fn an_examples_folder_symlinked_beside_the_book_is_still_read() {
    let chapter = "# C\n\n```rust\n{{#include ../examples/hello/src/main.rs}}\n```\n";
    let (dir, book) = hostile_book(chapter, "");
    let shared = dir.path().join("shared");
    write(
        &shared,
        "Cargo.toml",
        "[workspace]\nmembers = [\"hello\"]\n",
    );
    write(&shared, "hello/Cargo.toml", "[package]\nname = \"hello\"\n");
    write(
        &shared,
        "hello/src/main.rs",
        "//! Greets from driftwoodia.\nfn main() {}\n",
    );
    symlink(&shared, &book.join("examples"));
    let (report, ix) = build_in(dir.path(), &book);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(
        ix.example("hello").unwrap().description,
        "Greets from driftwoodia."
    );
    assert!(ix.page("ch.md").unwrap().html.contains("driftwoodia"));
    assert_eq!(ix.example("hello").unwrap().used_by[0].path, "ch.md");
}

/// The configured examples folder beside the book (`examples = "../examples"`) is
/// read when it is an examples workspace; a folder beside it that is not, is not.
#[test]
fn a_configured_examples_workspace_beside_the_book_is_read_and_nothing_else() {
    let chapter = "# C\n\n```rust\n{{#include ../../examples/hello/src/main.rs}}\n```\n\n\
                   {{#include ../../notes/secret.txt}}\n";
    let (dir, book) = hostile_book(chapter, "");
    write(
        &book,
        "book.toml",
        "[output.atlas]\nexamples = \"../examples\"\n",
    );
    let examples = dir.path().join("examples");
    write(
        &examples,
        "Cargo.toml",
        "[workspace]\nmembers = [\"hello\"]\n",
    );
    write(
        &examples,
        "hello/Cargo.toml",
        "[package]\nname = \"hello\"\n",
    );
    write(
        &examples,
        "hello/src/main.rs",
        "//! Greets from driftwoodia.\nfn main() {}\n",
    );
    write(dir.path(), "notes/secret.txt", CANARY);
    let (report, ix) = build_in(dir.path(), &book);
    let html = &ix.page("ch.md").unwrap().html;
    assert!(
        html.contains("driftwoodia") && !html.contains(CANARY),
        "{html}"
    );
    assert_eq!(
        ix.example("hello").unwrap().description,
        "Greets from driftwoodia."
    );
    assert!(
        matches!(&report.warnings[..], [w] if w.to_string().contains("outside the book")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn example_sources_that_leave_the_book_are_not_read() {
    let (dir, book) = hostile_book("# C\n\nharborlight\n", "");
    let outside = dir.path().join("away");
    write(
        &outside,
        "Cargo.toml",
        format!("[package]\nname = \"away\"\ndescription = \"{CANARY}\"\n"),
    );
    write(
        dir.path(),
        "secret.rs",
        format!("//! {CANARY}\nfn main() {{}}\n"),
    );
    write(
        &book,
        "examples/leaky/Cargo.toml",
        "[package]\nname = \"leaky\"\n",
    );
    std::fs::create_dir_all(book.join("examples/leaky/src")).unwrap();
    symlink(
        dir.path().join("secret.rs"),
        &book.join("examples/leaky/src/main.rs"),
    );
    symlink(&outside, &book.join("examples/away"));

    let (report, ix) = build_in(dir.path(), &book);
    let away = book.join("examples/away/Cargo.toml").display().to_string();
    assert_eq!(
        shown(&report.warnings),
        [format!("{away}: outside the book")]
    );
    let leaky = ix.example("leaky").unwrap();
    assert_eq!(leaky.description, "", "the doc line came from outside");
    assert!(!leaky.has_bin, "src/main.rs is not the book's");
    assert!(ix.example("away").is_none());
    assert!(!finds(&ix, CANARY) && finds(&ix, "harborlight"));
}
