//! Which book is open, whether its index is fresh, and rebuilding it in the background.
//!
//! The index of a book lives in the app data dir under a key derived from the book's
//! canonical path, so any number of books can be opened without clashing. Opening is always
//! done off the UI thread; the UI waits on `Status` (a watch channel) and shows progress.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_model::{BookInfo, BuildProgress};
use index_builder::{BuildOptions, Freshness, Index};
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::error::AppError;
use crate::model::ModelSlot;

/// The model's load waits at most this long for the window to report its search box.
const MODEL_WAITS_FOR_WINDOW: Duration = Duration::from_secs(3);

/// An open, usable book.
pub(crate) struct OpenBook {
    pub index: Arc<Index>,
    pub info: BookInfo,
}

#[derive(Clone)]
pub(crate) enum Status {
    Opening,
    Building(BuildProgress),
    Ready(Arc<OpenBook>),
    Failed(AppError),
}

pub(crate) struct Library {
    data_dir: PathBuf,
    status: watch::Sender<Status>,
    /// Bumped at each `open`: a slow rebuild of a book the reader has since left must not
    /// overwrite the newer book's status.
    generation: Mutex<u64>,
    /// The sentence model: indexes get semantic vectors when it loads.
    model: Arc<ModelSlot>,
    /// The bundled book (canonical) and its index built while packaging, read in
    /// place: the first start opens at once, with nothing written.
    prebuilt: Option<(PathBuf, PathBuf)>,
}

/// A short stable key for a book folder.
pub(crate) fn book_key(book_dir: &Path) -> String {
    let canonical = book_dir
        .canonicalize()
        .unwrap_or_else(|_| book_dir.to_path_buf());
    let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Library {
    pub(crate) fn new(data_dir: PathBuf, model: Arc<ModelSlot>) -> Self {
        let (status, _) = watch::channel(Status::Opening);
        Library {
            data_dir,
            status,
            generation: Mutex::new(0),
            model,
            prebuilt: None,
        }
    }

    /// Says that the book at `book_dir` has a prebuilt index at `index_dir`.
    pub(crate) fn with_prebuilt(mut self, book_dir: &Path, index_dir: PathBuf) -> Self {
        if let Ok(book) = book_dir.canonicalize() {
            self.prebuilt = Some((book, index_dir));
        }
        self
    }

    /// The sentence model, if it has loaded.
    pub(crate) fn model(&self) -> Option<Arc<index_builder::Embedder>> {
        self.model.ready()
    }

    /// The window has a usable search box: the model may load now.
    pub(crate) fn window_ready(&self) {
        self.model.window_ready();
    }

    pub(crate) fn index_dir(&self, book_dir: &Path) -> PathBuf {
        self.data_dir.join("indexes").join(book_key(book_dir))
    }

    /// Starts opening a book in a background thread; returns at once.
    pub(crate) fn open(self: &Arc<Self>, book_dir: PathBuf) -> Result<(), AppError> {
        if !book_dir.join("book.toml").is_file() {
            return Err(AppError::NotABook(book_dir.display().to_string()));
        }
        let generation = {
            let mut g = self.generation.lock().expect("generation lock");
            *g += 1;
            *g
        };
        self.status.send_replace(Status::Opening);
        let this = Arc::clone(self);
        std::thread::Builder::new()
            .name("open-book".into())
            .spawn(move || {
                let result = this.prepare(&book_dir, generation);
                let (status, upgrade) = match result {
                    Ok((book, upgrade)) => (Status::Ready(Arc::new(book)), upgrade),
                    Err(e) => {
                        tracing::error!(error = %e, "opening the book failed");
                        (Status::Failed(e), false)
                    }
                };
                if this.is_current(generation) {
                    this.status.send_replace(status);
                }
                // The model loads only now, after the window is up, and at the lowest
                // priority. Embedding a book (below) is background work too.
                background_priority();
                this.model.after_window(MODEL_WAITS_FOR_WINDOW);
                let model = this.model.wait();
                if upgrade && this.is_current(generation) {
                    this.add_vectors(&book_dir, generation, model);
                }
            })
            .map_err(|e| AppError::Open(e.to_string()))?;
        Ok(())
    }

    fn is_current(&self, generation: u64) -> bool {
        *self.generation.lock().expect("generation lock") == generation
    }

    /// Opens the index if it is fresh; otherwise (missing, stale, other schema, corrupt)
    /// rebuilds it first. A fresh index that still fails to open is rebuilt too. The
    /// flag says the index lacks the model's vectors: they are added after the book
    /// is ready (a whole book takes a minute or more to embed), while a stale index
    /// that had them is rebuilt with them at once (unchanged sections reuse theirs).
    /// A fresh index opens without waiting for the model.
    fn prepare(&self, book_dir: &Path, generation: u64) -> Result<(OpenBook, bool), AppError> {
        let book_dir = book_dir
            .canonicalize()
            .map_err(|e| AppError::Open(e.to_string()))?;
        let wanted = self.model.expected_id();
        let has_vectors = |index: &Index| wanted.is_none_or(|id| index.has_vectors_for(id));
        if let Some(index) = self.open_prebuilt(&book_dir)
            && has_vectors(&index)
        {
            return Ok((self.ready(&book_dir, index, false), false));
        }
        let index_dir = self.index_dir(&book_dir);
        let freshness = index_builder::freshness(&book_dir, &index_dir);
        tracing::info!(book = %book_dir.display(), index = %index_dir.display(), ?freshness, "opening book");
        let previous = Index::open(&index_dir).ok();
        if matches!(freshness, Freshness::Fresh) {
            match previous {
                Some(index) => {
                    let upgrade = !has_vectors(&index);
                    return Ok((self.ready(&book_dir, index, false), upgrade));
                }
                None => tracing::warn!("fresh index failed to open; rebuilding"),
            }
        }
        let embed = previous
            .as_ref()
            .is_some_and(&has_vectors)
            .then(|| self.model.wait())
            .flatten();
        drop(previous);
        self.rebuild(&book_dir, &index_dir, generation, embed)?;
        let index = Index::open(&index_dir).map_err(|e| AppError::Open(e.to_string()))?;
        let upgrade = !has_vectors(&index);
        Ok((self.ready(&book_dir, index, true), upgrade))
    }

    /// The package's index of the bundled book, if this is that book and the index
    /// matches it. It is opened in place (read only) and told where the book is.
    fn open_prebuilt(&self, book_dir: &Path) -> Option<Index> {
        let (book, index_dir) = self.prebuilt.as_ref()?;
        if book != book_dir {
            return None;
        }
        let freshness = index_builder::freshness(book_dir, index_dir);
        tracing::info!(index = %index_dir.display(), ?freshness, "the bundled book's prebuilt index");
        if !matches!(freshness, Freshness::Fresh) {
            return None;
        }
        let mut index = Index::open(index_dir)
            .inspect_err(|e| tracing::warn!(error = %e, "the prebuilt index does not open"))
            .ok()?;
        index.relocate(book_dir);
        Some(index)
    }

    /// Rebuilds the open book's index with semantic vectors, in the background of a
    /// ready book, and swaps it in when done (search goes on meanwhile).
    fn add_vectors(
        &self,
        book_dir: &Path,
        generation: u64,
        model: Option<Arc<index_builder::Embedder>>,
    ) {
        let Some(model) = model else {
            return;
        };
        let Ok(book_dir) = book_dir.canonicalize() else {
            return;
        };
        let index_dir = self.index_dir(&book_dir);
        let started = std::time::Instant::now();
        let opts = BuildOptions::new(&book_dir, &index_dir).with_embedder(Some(model));
        let built = index_builder::build(&opts, &mut |_| {}).map_err(|e| e.to_string());
        let opened = built.and_then(|_| Index::open(&index_dir).map_err(|e| e.to_string()));
        match opened {
            Ok(index) if self.is_current(generation) => {
                tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    "semantic vectors added"
                );
                let book = self.ready(&book_dir, index, true);
                self.status.send_replace(Status::Ready(Arc::new(book)));
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "adding semantic vectors failed; search stays lexical")
            }
        }
    }

    fn rebuild(
        &self,
        book_dir: &Path,
        index_dir: &Path,
        generation: u64,
        model: Option<Arc<index_builder::Embedder>>,
    ) -> Result<(), AppError> {
        let start = std::time::Instant::now();
        if let Some(parent) = index_dir.parent() {
            std::fs::create_dir_all(parent).map_err(|e| AppError::Build(e.to_string()))?;
        }
        self.status.send_replace(Status::Building(BuildProgress {
            done: 0,
            total: 1,
            message: "Reading the book…".into(),
        }));
        let opts =
            BuildOptions::new(book_dir.to_path_buf(), index_dir.to_path_buf()).with_embedder(model);
        let mut progress = |p: BuildProgress| {
            if self.is_current(generation) {
                self.status.send_replace(Status::Building(p));
            }
        };
        let report = index_builder::build(&opts, &mut progress)
            .map_err(|e| AppError::Build(e.to_string()))?;
        tracing::info!(
            elapsed_ms = report.elapsed_ms,
            total_ms = start.elapsed().as_millis() as u64,
            warnings = report.warnings.len(),
            "index rebuilt"
        );
        Ok(())
    }

    fn ready(&self, book_dir: &Path, index: Index, rebuilt: bool) -> OpenBook {
        let manifest = index.manifest();
        let info = BookInfo {
            key: book_key(book_dir),
            title: manifest.title.clone(),
            book_dir: book_dir.display().to_string(),
            first_page: index.first_page().map(|p| p.path.clone()),
            warnings: manifest.warnings.iter().map(ToString::to_string).collect(),
            rebuilt,
            search_notice: self.model.notice(),
        };
        OpenBook {
            index: Arc::new(index),
            info,
        }
    }

    /// The open book, or `NotReady` while it is being opened (or `Failed`'s error).
    pub(crate) fn current(&self) -> Result<Arc<OpenBook>, AppError> {
        match &*self.status.borrow() {
            Status::Ready(book) => Ok(Arc::clone(book)),
            Status::Failed(e) => Err(e.clone()),
            Status::Opening | Status::Building(_) => Err(AppError::NotReady),
        }
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<Status> {
        self.status.subscribe()
    }

    /// Waits until the book is ready (or failed), passing progress on.
    pub(crate) async fn wait_ready(
        &self,
        mut on_progress: impl FnMut(BuildProgress),
    ) -> Result<BookInfo, AppError> {
        let mut rx = self.subscribe();
        loop {
            let status = rx.borrow_and_update().clone();
            match status {
                Status::Ready(book) => return Ok(book.info.clone()),
                Status::Failed(e) => return Err(e),
                Status::Building(p) => on_progress(p),
                Status::Opening => {}
            }
            if rx.changed().await.is_err() {
                return Err(AppError::NotReady);
            }
        }
    }
}

/// Lowers this thread to nice 19 (Linux applies it to the calling thread alone), so
/// its work yields the cores to the window and to searches. Failing only costs speed.
fn background_priority() {
    let thread = rustix::thread::gettid();
    if let Err(e) = rustix::process::setpriority_process(Some(thread), 19) {
        tracing::debug!(error = %e, "could not lower the background thread's priority");
    }
}
