//! Which book is open, whether its index is fresh, and rebuilding it in the background.
//!
//! The index of a book lives in the app data dir under a key derived from the book's
//! canonical path, so any number of books can be opened without clashing. Opening is always
//! done off the UI thread; the UI waits on `Status` (a watch channel) and shows progress.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use atlas_model::{BookInfo, BuildProgress};
use index_builder::{BuildOptions, Freshness, Index};
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::error::AppError;

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
}

/// The folder the app opens when not told otherwise: the book bundled with the sources.
pub(crate) fn default_book_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../content"))
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
    pub(crate) fn new(data_dir: PathBuf) -> Self {
        let (status, _) = watch::channel(Status::Opening);
        Library {
            data_dir,
            status,
            generation: Mutex::new(0),
        }
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
                let status = match result {
                    Ok(book) => Status::Ready(Arc::new(book)),
                    Err(e) => {
                        tracing::error!(error = %e, "opening the book failed");
                        Status::Failed(e)
                    }
                };
                if this.is_current(generation) {
                    this.status.send_replace(status);
                }
            })
            .map_err(|e| AppError::Open(e.to_string()))?;
        Ok(())
    }

    fn is_current(&self, generation: u64) -> bool {
        *self.generation.lock().expect("generation lock") == generation
    }

    /// Opens the index if it is fresh; otherwise (missing, stale, other schema, corrupt)
    /// rebuilds it first. A fresh index that still fails to open is rebuilt too.
    fn prepare(&self, book_dir: &Path, generation: u64) -> Result<OpenBook, AppError> {
        let book_dir = book_dir
            .canonicalize()
            .map_err(|e| AppError::Open(e.to_string()))?;
        let index_dir = self.index_dir(&book_dir);
        let freshness = index_builder::freshness(&book_dir, &index_dir);
        tracing::info!(book = %book_dir.display(), index = %index_dir.display(), ?freshness, "opening book");
        if matches!(freshness, Freshness::Fresh) {
            match Index::open(&index_dir) {
                Ok(index) => return Ok(self.ready(&book_dir, index, false)),
                Err(e) => tracing::warn!(error = %e, "fresh index failed to open; rebuilding"),
            }
        }
        self.rebuild(&book_dir, &index_dir, generation)?;
        let index = Index::open(&index_dir).map_err(|e| AppError::Open(e.to_string()))?;
        Ok(self.ready(&book_dir, index, true))
    }

    fn rebuild(&self, book_dir: &Path, index_dir: &Path, generation: u64) -> Result<(), AppError> {
        let start = std::time::Instant::now();
        if let Some(parent) = index_dir.parent() {
            std::fs::create_dir_all(parent).map_err(|e| AppError::Build(e.to_string()))?;
        }
        self.status.send_replace(Status::Building(BuildProgress {
            done: 0,
            total: 1,
            message: "Reading the book…".into(),
        }));
        let opts = BuildOptions {
            book_dir: book_dir.to_path_buf(),
            out_dir: index_dir.to_path_buf(),
        };
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
