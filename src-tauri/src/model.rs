//! The sentence-embedding model for semantic search: loading it once, off the UI
//! thread and after the window has shown its search box, so neither the window nor
//! the first search waits for it. Until it has loaded (or when it cannot), search is
//! lexical.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use index_builder::{Embedder, MODEL_FILES};

/// The model, loaded at most once.
pub(crate) struct ModelSlot {
    dir: PathBuf,
    loaded: OnceLock<Result<Arc<Embedder>, String>>,
    /// Set once the window has a usable search box (see [`ModelSlot::after_window`]).
    window: (Mutex<bool>, Condvar),
}

impl ModelSlot {
    pub(crate) fn new(dir: PathBuf) -> Arc<ModelSlot> {
        Arc::new(ModelSlot {
            dir,
            loaded: OnceLock::new(),
            window: (Mutex::new(false), Condvar::new()),
        })
    }

    /// The window has shown a usable search box.
    pub(crate) fn window_ready(&self) {
        let (ready, changed) = &self.window;
        *ready.lock().unwrap_or_else(|e| e.into_inner()) = true;
        changed.notify_all();
    }

    /// Waits until the window is ready, or `at_most`. On two cores, reading and
    /// hashing the model's 90 MB while WebKit starts made the first start 0.2-0.5 s
    /// slower even at nice 19 (measured with the cold-start bench); the cap keeps a
    /// window that never reports (a failed page) from leaving search lexical.
    pub(crate) fn after_window(&self, at_most: Duration) {
        let (ready, changed) = &self.window;
        let guard = ready.lock().unwrap_or_else(|e| e.into_inner());
        let _ = changed
            .wait_timeout_while(guard, at_most, |ready| !*ready)
            .unwrap_or_else(|e| e.into_inner());
    }

    /// The model, loading it first if no one has (blocks while it loads).
    pub(crate) fn wait(&self) -> Option<Arc<Embedder>> {
        let loaded = self.loaded.get_or_init(|| {
            let started = std::time::Instant::now();
            let result = Embedder::load(&self.dir)
                .map(Arc::new)
                .map_err(|e| e.to_string());
            match &result {
                Ok(_) => tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    dir = %self.dir.display(),
                    "sentence model loaded"
                ),
                Err(e) => tracing::warn!(error = %e, "semantic search is off"),
            }
            result
        });
        loaded.as_ref().ok().cloned()
    }

    /// The model if it has loaded; never waits.
    pub(crate) fn ready(&self) -> Option<Arc<Embedder>> {
        self.loaded.get().and_then(|r| r.as_ref().ok().cloned())
    }

    /// The id of the vectors an index should have for this model, without waiting
    /// for it: the weights are pinned, so the files being there is enough to know it
    /// (a damaged file is found when the model loads, and search stays lexical).
    pub(crate) fn expected_id(&self) -> Option<&'static str> {
        match self.loaded.get() {
            Some(Ok(_)) => Some(Embedder::ID),
            Some(Err(_)) => None,
            None => self.files_present().then_some(Embedder::ID),
        }
    }

    fn files_present(&self) -> bool {
        MODEL_FILES
            .iter()
            .all(|(name, _)| self.dir.join(name).is_file())
    }

    /// Why search is lexical only: loading failed, or the files are not there.
    pub(crate) fn notice(&self) -> Option<String> {
        let why = match self.loaded.get() {
            Some(Ok(_)) => return None,
            // Not ModelError's text: its advice (a script of the checkout) is for
            // developers, and this may be an installed package.
            _ if !self.files_present() => format!(
                "there is no sentence-embedding model at {}",
                self.dir.display()
            ),
            Some(Err(e)) => e.clone(),
            None => return None,
        };
        Some(format!(
            "Semantic search is off, searching by words only: {why}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_load_waits_for_the_window_or_the_cap() {
        let slot = ModelSlot::new(PathBuf::from("unused"));
        let t = std::time::Instant::now();
        slot.after_window(Duration::from_millis(50));
        assert!(
            t.elapsed() >= Duration::from_millis(50),
            "waited for the cap"
        );
        let waiter = {
            let slot = slot.clone();
            std::thread::spawn(move || {
                let t = std::time::Instant::now();
                slot.after_window(Duration::from_secs(60));
                t.elapsed()
            })
        };
        std::thread::sleep(Duration::from_millis(20));
        slot.window_ready();
        assert!(
            waiter.join().unwrap() < Duration::from_secs(10),
            "woken by the window"
        );
        let t = std::time::Instant::now();
        slot.after_window(Duration::from_secs(60));
        assert!(t.elapsed() < Duration::from_secs(10), "ready stays ready");
    }

    #[test]
    fn a_missing_model_leaves_a_notice_and_no_model() {
        let dir = tempfile::tempdir().unwrap();
        let slot = ModelSlot::new(dir.path().join("nothing"));
        // Known before loading: the files are not there.
        assert!(slot.ready().is_none() && slot.expected_id().is_none());
        assert!(slot.notice().is_some_and(|n| n.contains("nothing")));
        assert!(slot.wait().is_none());
        let notice = slot.notice().unwrap();
        assert!(
            notice.contains("words only")
                && notice.contains("nothing")
                && !notice.contains("scripts/"),
            "{notice}"
        );
    }

    #[test]
    fn a_damaged_model_is_expected_until_it_fails_to_load() {
        let dir = tempfile::tempdir().unwrap();
        for (name, _) in MODEL_FILES {
            std::fs::write(dir.path().join(name), b"not the pinned file").unwrap();
        }
        let slot = ModelSlot::new(dir.path().to_path_buf());
        assert_eq!(slot.expected_id(), Some(Embedder::ID));
        assert!(slot.notice().is_none());
        assert!(slot.wait().is_none());
        assert_eq!(slot.expected_id(), None);
        let notice = slot.notice().unwrap();
        assert!(notice.contains("damaged"), "{notice}");
    }
}
