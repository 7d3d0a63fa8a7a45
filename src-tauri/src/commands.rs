//! The commands the window may call: thin typed wrappers. The logic is in plain functions
//! over `OpenBook` so it is tested without a window (see the tests below).
//!
//! The UI only ever names things the index knows (page paths, example ids, code block ids);
//! nothing here takes a file path or a command line from it.

use std::sync::Arc;
use std::time::Instant;

use atlas_model::{
    BookInfo, BuildProgress, CodeBlock, Example, ExamplesState, Handover, IndexEntry, Kind, Page,
    RunEvent, RunId, RunRequest, SearchRequest, SearchResults, Settings, Toc, TopicGroup,
};
use atlas_runner::Runner;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use crate::error::AppError;
use crate::handover::Handovers;
use crate::library::{Library, OpenBook};
use crate::settings::SettingsFile;
use index_builder::{Embedder, SearchMode};

/// When `main` started, for the cold-start figure.
pub(crate) struct Started(pub Instant);

// ---- logic, testable without a window ----

/// Searches the open book, by words and, once the model has loaded, by
/// meaning too; the library caps the query and the limit.
pub(crate) fn search_in(
    book: &OpenBook,
    model: Option<&Embedder>,
    query: &str,
    kinds: Vec<Kind>,
    limit: usize,
) -> SearchResults {
    let req = SearchRequest {
        kinds,
        limit,
        ..SearchRequest::new(query)
    };
    book.index.search_with(&req, SearchMode::Hybrid, model)
}

pub(crate) fn page_in(book: &OpenBook, path: &str) -> Result<Page, AppError> {
    book.index
        .page(path)
        .cloned()
        .ok_or_else(|| AppError::UnknownPage(path.to_string()))
}

pub(crate) fn example_in(book: &OpenBook, id: &str) -> Result<Example, AppError> {
    book.index
        .example(id)
        .cloned()
        .ok_or_else(|| AppError::UnknownExample(id.to_string()))
}

pub(crate) fn code_block_in(book: &OpenBook, id: &str) -> Result<CodeBlock, AppError> {
    book.index
        .code_block(id)
        .cloned()
        .ok_or_else(|| AppError::UnknownBlock(id.to_string()))
}

// ---- the commands ----
// `async` so they run on the async runtime, not the main (GTK) thread: a search must never
// stall the window's painting.

#[tauri::command]
pub(crate) async fn wait_ready(
    library: State<'_, Arc<Library>>,
    on_progress: Channel<BuildProgress>,
) -> Result<BookInfo, AppError> {
    library
        .wait_ready(|p| {
            // A closed channel (window reloaded) only means nobody watches the progress.
            let _ = on_progress.send(p);
        })
        .await
}

#[tauri::command]
pub(crate) async fn search(
    library: State<'_, Arc<Library>>,
    query: String,
    kinds: Vec<Kind>,
    limit: usize,
    meaning: bool,
) -> Result<SearchResults, AppError> {
    let book = library.current()?;
    // The words alone answer every keystroke at once; the UI asks for the
    // meaning too (tens of milliseconds) when typing pauses.
    let model = library.model().filter(|_| meaning);
    Ok(search_in(&book, model.as_deref(), &query, kinds, limit))
}

#[tauri::command]
pub(crate) async fn toc(library: State<'_, Arc<Library>>) -> Result<Toc, AppError> {
    Ok(library.current()?.index.toc().clone())
}

#[tauri::command]
pub(crate) async fn page(library: State<'_, Arc<Library>>, path: String) -> Result<Page, AppError> {
    let book = library.current()?;
    page_in(&book, &path)
}

#[tauri::command]
pub(crate) async fn topics(library: State<'_, Arc<Library>>) -> Result<Vec<TopicGroup>, AppError> {
    Ok(library.current()?.index.topics().to_vec())
}

#[tauri::command]
pub(crate) async fn detailed_index(
    library: State<'_, Arc<Library>>,
) -> Result<Vec<IndexEntry>, AppError> {
    Ok(library.current()?.index.detailed_index().to_vec())
}

#[tauri::command]
pub(crate) async fn example(
    library: State<'_, Arc<Library>>,
    id: String,
) -> Result<Example, AppError> {
    let book = library.current()?;
    example_in(&book, &id)
}

#[tauri::command]
pub(crate) async fn code_block(
    library: State<'_, Arc<Library>>,
    id: String,
) -> Result<CodeBlock, AppError> {
    let book = library.current()?;
    code_block_in(&book, &id)
}

#[tauri::command]
pub(crate) async fn load_settings(file: State<'_, SettingsFile>) -> Result<Settings, AppError> {
    Ok(file.load())
}

#[tauri::command]
pub(crate) async fn save_settings(
    file: State<'_, SettingsFile>,
    settings: Settings,
) -> Result<(), AppError> {
    file.save(&settings)
}

/// "Open book folder…": the folder comes from the system dialog, never from the page.
/// Returns whether a new book is being opened (false if the dialog was cancelled).
#[tauri::command]
pub(crate) async fn open_book_folder(
    app: AppHandle,
    library: State<'_, Arc<Library>>,
) -> Result<bool, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Open an mdBook folder")
        .pick_folder(move |picked| {
            let _ = tx.send(picked);
        });
    let Some(picked) = rx.await.ok().flatten() else {
        return Ok(false);
    };
    let dir = picked
        .into_path()
        .map_err(|e| AppError::Invalid(e.to_string()))?;
    library.open(dir)?;
    Ok(true)
}

/// The window's channel for what launches ask of it (see `handover`).
#[tauri::command]
pub(crate) async fn handovers(
    handovers: State<'_, Handovers>,
    on_request: Channel<Handover>,
) -> Result<(), AppError> {
    handovers.listen(on_request);
    Ok(())
}

#[tauri::command]
pub(crate) async fn startup_ms(
    started: State<'_, Started>,
    library: State<'_, Arc<Library>>,
) -> Result<u64, AppError> {
    let ms = started.0.elapsed().as_millis() as u64;
    tracing::info!(ms, "search box ready (since main)");
    library.window_ready();
    Ok(ms)
}

/// Whether the open book's examples can run now (cargo found, prepared).
#[tauri::command]
pub(crate) async fn examples_state(
    library: State<'_, Arc<Library>>,
    runner: State<'_, Runner>,
) -> Result<ExamplesState, AppError> {
    let book = library.current()?;
    Ok(runner.examples_state(&*book.index))
}

#[tauri::command]
pub(crate) async fn run_start(
    library: State<'_, Arc<Library>>,
    runner: State<'_, Runner>,
    request: RunRequest,
    on_event: Channel<RunEvent>,
) -> Result<RunId, AppError> {
    let book = library.current()?;
    let id = runner.start(&*book.index, request, move |event| {
        let _ = on_event.send(event);
    })?;
    Ok(id)
}

#[tauri::command]
pub(crate) async fn run_stop(runner: State<'_, Runner>, run_id: RunId) -> Result<bool, AppError> {
    Ok(runner.stop(run_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelSlot;
    use std::path::Path;

    /// A tiny mdBook with a chapter, a FAQ and an index, built into a temp index.
    fn write_book(root: &Path) {
        let src = root.join("src");
        std::fs::create_dir_all(src.join("nav")).unwrap();
        std::fs::write(
            root.join("book.toml"),
            "[book]\ntitle = \"Tiny\"\nsrc = \"src\"\n\n[output.atlas]\nfaq = [\"nav/faq.md\"]\nindex = \"nav/index.md\"\n",
        )
        .unwrap();
        std::fs::write(
            src.join("SUMMARY.md"),
            "# Summary\n\n[Intro](intro.md)\n\n# Part 1: guide\n\n- [Spawning tasks](tasks.md)\n- [Draft]()\n- [FAQ](nav/faq.md)\n- [Index](nav/index.md)\n",
        )
        .unwrap();
        std::fs::write(
            src.join("intro.md"),
            "# Intro\n\nWelcome to the tiny book.\n",
        )
        .unwrap();
        std::fs::write(
            src.join("tasks.md"),
            "# Spawning tasks\n\n## JoinHandle and abort\n\nA spawned task returns a `JoinHandle`; call `abort` to cancel it.\n\n```rust\nfn main() { println!(\"hi\"); }\n```\n",
        )
        .unwrap();
        std::fs::write(
            src.join("nav/faq.md"),
            "# FAQ\n\n## Why does my future do nothing?\n\nFutures are lazy: nothing runs until it is awaited or spawned.\n",
        )
        .unwrap();
        std::fs::write(
            src.join("nav/index.md"),
            "# Index\n\n- JoinHandle: [abort](../tasks.md#joinhandle-and-abort)\n",
        )
        .unwrap();
    }

    fn open_tiny() -> (tempfile::TempDir, Arc<Library>, Arc<OpenBook>) {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        write_book(&book);
        let library = Arc::new(Library::new(
            dir.path().join("data"),
            ModelSlot::new(dir.path().join("no-model")),
        ));
        library.open(book).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let info = rt.block_on(library.wait_ready(|_| {})).unwrap();
        assert_eq!(info.title, "Tiny");
        assert!(info.rebuilt, "a new book is indexed at first opening");
        let book = library.current().unwrap();
        (dir, library, book)
    }

    #[test]
    fn search_finds_sections_even_with_a_typo() {
        let (_dir, _lib, book) = open_tiny();
        let res = search_in(&book, None, "joinhandle abort", vec![], 10);
        let hit = res.hits.first().expect("a hit");
        assert_eq!(hit.doc.path, "tasks.md");
        assert!(!hit.highlights.is_empty());
        let res = search_in(&book, None, "joinhandel", vec![], 10);
        assert!(
            res.hits.iter().any(|h| h.doc.path == "tasks.md"),
            "fuzzy match: {:?}",
            res.hits
        );
        // Absurd limits and queries are clamped, never an error.
        let long = "x".repeat(10_000);
        let _ = search_in(&book, None, &long, vec![], usize::MAX);
        let _ = search_in(&book, None, "", vec![Kind::Faq], 0);
    }

    #[test]
    fn kind_filter_and_faq_answer() {
        let (_dir, _lib, book) = open_tiny();
        let res = search_in(&book, None, "future nothing", vec![Kind::Faq], 10);
        assert!(!res.hits.is_empty());
        assert!(res.hits.iter().all(|h| h.doc.kind == Kind::Faq));
        assert!(
            res.hits[0]
                .doc
                .answer_html
                .as_deref()
                .unwrap_or("")
                .contains("lazy")
        );
    }

    #[test]
    fn pages_blocks_and_unknown_ids() {
        let (_dir, _lib, book) = open_tiny();
        let page = page_in(&book, "tasks.md").unwrap();
        assert!(page.html.contains("id=\"joinhandle-and-abort\""));
        assert_eq!(
            page_in(&book, "../etc/passwd"),
            Err(AppError::UnknownPage("../etc/passwd".into()))
        );
        assert!(matches!(
            example_in(&book, "nope"),
            Err(AppError::UnknownExample(_))
        ));
        let block = code_block_in(&book, "tasks.md:0").unwrap();
        assert!(block.source.contains("println!"));
        assert!(matches!(
            code_block_in(&book, "tasks.md:9"),
            Err(AppError::UnknownBlock(_))
        ));
    }

    #[test]
    fn second_opening_reuses_the_fresh_index_and_corrupt_ones_are_rebuilt() {
        let (dir, library, _book) = open_tiny();
        let book_dir = dir.path().join("book");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        library.open(book_dir.clone()).unwrap();
        let info = rt.block_on(library.wait_ready(|_| {})).unwrap();
        assert!(!info.rebuilt, "fresh index reused");
        // Damage the index: it is rebuilt, not a crash.
        let index_dir = library.index_dir(&book_dir);
        for entry in std::fs::read_dir(&index_dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                std::fs::write(&p, b"garbage").unwrap();
            }
        }
        library.open(book_dir).unwrap();
        let info = rt.block_on(library.wait_ready(|_| {})).unwrap();
        assert!(info.rebuilt);
        assert!(
            !search_in(&library.current().unwrap(), None, "spawning", vec![], 5)
                .hits
                .is_empty()
        );
    }

    #[test]
    fn not_a_book_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let library = Arc::new(Library::new(
            dir.path().join("data"),
            ModelSlot::new(dir.path().join("no-model")),
        ));
        assert!(matches!(
            library.open(dir.path().to_path_buf()),
            Err(AppError::NotABook(_))
        ));
        assert!(matches!(library.current(), Err(AppError::NotReady)));
    }
}
