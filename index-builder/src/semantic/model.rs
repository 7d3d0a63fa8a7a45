//! [`Embedder`]: the sentence-embedding model (all-MiniLM-L6-v2, BERT) on the
//! CPU: word pieces in, one unit vector of [`DIMS`] numbers out, as
//! sentence-transformers computes it (mean of the last layer over the real
//! tokens, then L2 normalisation).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use sha2::{Digest, Sha256};

use crate::store::manifest::hex;
use tokenizers::Tokenizer;

/// Numbers in one embedding.
pub const DIMS: usize = 384;
/// Word pieces of one passage, special tokens included. The model reads up
/// to 256 (sentence-transformers' `max_seq_length`) but was trained on 128,
/// and 128-piece passages score better on every query set than 256.
pub(crate) const WINDOW: usize = 128;
/// The most word pieces the model reads of one text.
const READ: usize = 256;
/// Word pieces that consecutive chunks of a long text share, so a sentence
/// cut by a chunk border is still whole in one of them.
pub(crate) const OVERLAP: usize = 32;
/// Word pieces per forward pass: batches of similar length, padded.
const BATCH_TOKENS: usize = 1024;

/// The files of the model folder and their SHA-256: the model is pinned, so a
/// changed or damaged file is refused rather than half-trusted.
pub const MODEL_FILES: [(&str, &str); 3] = [
    (
        "config.json",
        "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    ),
    (
        "tokenizer.json",
        "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ),
    (
        "model.safetensors",
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    ),
];

/// Why the model could not be used. Search then stays lexical.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// No model folder, or a file of it missing.
    #[error("no sentence-embedding model at {0} (run scripts/fetch-model.sh)")]
    Missing(PathBuf),
    /// A file is there but is not the pinned one, or cannot be read.
    #[error("the model file {file} is damaged: {reason}")]
    Damaged {
        /// The file.
        file: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The model failed while embedding.
    #[error("embedding failed: {0}")]
    Inference(String),
}

/// A loaded sentence-embedding model. `Send + Sync`: one is shared by every
/// search and build.
pub struct Embedder {
    tokenizer: Tokenizer,
    bert: BertModel,
    recent: QueryCache,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").field("id", &self.id()).finish()
    }
}

impl Embedder {
    /// Loads the model folder `dir` (the files of [`MODEL_FILES`]), checking
    /// each file against its pinned hash.
    pub fn load(dir: &Path) -> Result<Embedder, ModelError> {
        let mut bytes = Vec::new();
        for (name, sha) in MODEL_FILES {
            let path = dir.join(name);
            let data = std::fs::read(&path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => ModelError::Missing(dir.to_path_buf()),
                _ => damaged(&path, e),
            })?;
            let found = hex(&Sha256::digest(&data));
            if found != sha {
                return Err(damaged(&path, format!("SHA-256 {found}, expected {sha}")));
            }
            bytes.push((path, data));
        }
        let [
            (config_path, config),
            (tokenizer_path, tokenizer),
            (weights_path, weights),
        ] = <[_; 3]>::try_from(bytes).expect("three model files");
        let config: Config =
            serde_json::from_slice(&config).map_err(|e| damaged(&config_path, e))?;

        let mut tokenizer =
            Tokenizer::from_bytes(&tokenizer).map_err(|e| damaged(&tokenizer_path, e))?;
        // The file pads and cuts at 128; passages are cut here (`passages`) and
        // texts read up to `READ`, as sentence-transformers does for this model.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| damaged(&tokenizer_path, e))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .map_err(|e| damaged(&weights_path, e))?;
        let bert = BertModel::load(vb, &config).map_err(|e| damaged(&weights_path, e))?;
        Ok(Embedder {
            tokenizer,
            bert,
            recent: QueryCache::default(),
        })
    }

    /// The id of this model's vectors: the SHA-256 of the weights. The weights
    /// are pinned, so it is known before (and without) loading them.
    pub const ID: &'static str = MODEL_FILES[2].1;

    /// [`Embedder::ID`]: vectors made by another model are not reused.
    pub fn id(&self) -> &str {
        Self::ID
    }

    /// A query's vector; recent queries are remembered.
    pub(crate) fn embed_query(&self, query: &str) -> Result<Vec<f32>, ModelError> {
        self.recent.embed(self, query)
    }

    /// A section's text as passages that each fit the window: `head` (its
    /// heading and place) starts every passage, and the body is cut into
    /// overlapping runs of word pieces.
    pub(crate) fn passages(&self, head: &str, body: &str) -> Result<Vec<String>, ModelError> {
        let head_len = self.encode(head)?.len();
        let room = WINDOW.saturating_sub(head_len).max(WINDOW / 2);
        let body_enc = self
            .tokenizer
            .encode(body, false)
            .map_err(|e| ModelError::Inference(e.to_string()))?;
        let offsets = body_enc.get_offsets();
        if offsets.len() <= room {
            return Ok(vec![format!("{head}\n{body}")]);
        }
        let mut out = Vec::new();
        let mut start = 0;
        loop {
            let end = (start + room).min(offsets.len());
            let text = &body[offsets[start].0..offsets[end - 1].1];
            out.push(format!("{head}\n{text}"));
            if end == offsets.len() {
                return Ok(out);
            }
            start = end - OVERLAP;
        }
    }

    /// One unit vector per text; a text is read up to [`READ`] word pieces,
    /// as sentence-transformers reads it.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        let ids: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| self.encode(t))
            .collect::<Result<_, _>>()?;
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let mut out = vec![Vec::new(); ids.len()];
        let mut start = 0;
        // Batches of similar length, so that little of each is padding.
        while start < order.len() {
            let mut end = start + 1;
            while end < order.len() && (end - start + 1) * ids[order[end]].len() <= BATCH_TOKENS {
                end += 1;
            }
            let batch: Vec<&[u32]> = order[start..end]
                .iter()
                .map(|&i| ids[i].as_slice())
                .collect();
            let vectors = self
                .forward(&batch)
                .map_err(|e| ModelError::Inference(e.to_string()))?;
            for (&i, v) in order[start..end].iter().zip(vectors) {
                out[i] = v;
            }
            start = end;
        }
        Ok(out)
    }

    /// Word pieces with `[CLS]` and `[SEP]`, cut to the window.
    fn encode(&self, text: &str) -> Result<Vec<u32>, ModelError> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| ModelError::Inference(e.to_string()))?;
        let mut ids = enc.get_ids().to_vec();
        if ids.len() > READ {
            let sep = ids[ids.len() - 1];
            ids.truncate(READ - 1);
            ids.push(sep);
        }
        Ok(ids)
    }

    /// One padded batch through BERT, mean-pooled over the real tokens, normalised.
    fn forward(&self, batch: &[&[u32]]) -> candle_core::Result<Vec<Vec<f32>>> {
        let len = batch.iter().map(|e| e.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(batch.len() * len);
        let mut mask = Vec::with_capacity(batch.len() * len);
        for e in batch {
            let n = e.len();
            ids.extend_from_slice(e);
            ids.extend(std::iter::repeat_n(0, len - n));
            mask.extend(std::iter::repeat_n(1u32, n));
            mask.extend(std::iter::repeat_n(0, len - n));
        }
        let dev = &self.bert.device;
        let ids = Tensor::from_vec(ids, (batch.len(), len), dev)?;
        let mask = Tensor::from_vec(mask, (batch.len(), len), dev)?;
        let types = ids.zeros_like()?;
        let hidden = self.bert.forward(&ids, &types, Some(&mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        mean.broadcast_div(&norms)?.to_vec2::<f32>()
    }
}

fn damaged(file: &Path, reason: impl std::fmt::Display) -> ModelError {
    ModelError::Damaged {
        file: file.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// The embeddings of recent queries: typing goes back and forth over the same prefixes.
#[derive(Debug, Default)]
struct QueryCache {
    recent: Mutex<VecDeque<(String, Vec<f32>)>>,
}

impl QueryCache {
    const SIZE: usize = 64;

    /// The query's vector, from the cache or the model.
    fn embed(&self, embedder: &Embedder, query: &str) -> Result<Vec<f32>, ModelError> {
        if let Some((_, v)) = self.lock().iter().find(|(q, _)| q == query) {
            return Ok(v.clone());
        }
        let v = embedder
            .embed(&[query])?
            .pop()
            .ok_or_else(|| ModelError::Inference("no vector".into()))?;
        let mut recent = self.lock();
        if recent.len() == Self::SIZE {
            recent.pop_front();
        }
        recent.push_back((query.to_string(), v.clone()));
        Ok(v)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(String, Vec<f32>)>> {
        // A panic elsewhere leaves a usable cache: it holds only finished entries.
        self.recent.lock().unwrap_or_else(|e| e.into_inner())
    }
}
