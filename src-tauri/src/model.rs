//! The sentence-embedding model for semantic search: where its folder is, and
//! loading it once, off the UI thread, so the window never waits for it.
//! Until it has loaded (or when it cannot), search is lexical.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use index_builder::Embedder;

/// The model, loaded at most once.
pub(crate) struct ModelSlot {
    dir: PathBuf,
    loaded: OnceLock<Result<Arc<Embedder>, String>>,
}

impl ModelSlot {
    pub(crate) fn new(dir: PathBuf) -> Arc<ModelSlot> {
        Arc::new(ModelSlot {
            dir,
            loaded: OnceLock::new(),
        })
    }

    /// Starts loading in a thread of its own; returns at once.
    pub(crate) fn load_in_background(self: &Arc<Self>) {
        let this = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("load-model".into())
            .spawn(move || {
                this.wait();
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "could not start loading the model");
        }
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

    /// Why search is lexical only, once loading has failed.
    pub(crate) fn notice(&self) -> Option<String> {
        match self.loaded.get() {
            Some(Err(e)) => Some(format!(
                "Semantic search is off, searching by words only: {e}"
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_model_leaves_a_notice_and_no_model() {
        let dir = tempfile::tempdir().unwrap();
        let slot = ModelSlot::new(dir.path().join("nothing"));
        assert!(slot.ready().is_none() && slot.notice().is_none());
        assert!(slot.wait().is_none());
        let notice = slot.notice().unwrap();
        assert!(
            notice.contains("words only") && notice.contains("nothing"),
            "{notice}"
        );
    }
}
