//! [`Vectors`]: the passage embeddings of an index's search documents, and the
//! brute-force nearest-neighbour scan over them.
//!
//! Each passage is stored as [`DIMS`] signed bytes and one scale (its largest
//! magnitude ÷ 127): a quarter of the f32 size, and the eval shows no loss
//! (see `index-builder/eval/README.md`). Each passage also keeps a key, the
//! hash of its document's embedded text, so a rebuild re-embeds only the
//! documents whose text changed.
//!
//! A scan reads every passage: at 384 bytes each that is under a millisecond
//! up to ~20,000 passages on this project's 2-core machine (the bench's
//! 10,000-page book). An approximate index would pay past a few hundred
//! thousand passages, far beyond any book.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use super::model::DIMS;

const MAGIC: &[u8; 8] = b"ATLVEC01";

/// A document's text key: the first 16 bytes of its SHA-256.
pub(crate) type Key = [u8; 16];

/// Passage vectors, each tied to a search document (by `ord`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Vectors {
    /// The model that made them ([`Embedder::id`](super::Embedder::id)).
    pub(crate) model: String,
    docs: Vec<u32>,
    keys: Vec<Key>,
    scales: Vec<f32>,
    values: Vec<i8>,
}

impl Vectors {
    /// An empty set for `model`.
    pub(crate) fn new(model: &str) -> Vectors {
        Vectors {
            model: model.to_string(),
            ..Vectors::default()
        }
    }

    /// How many passages.
    pub(crate) fn len(&self) -> usize {
        self.docs.len()
    }

    /// Adds one passage of document `doc`.
    pub(crate) fn push(&mut self, doc: usize, key: Key, vector: &[f32]) {
        let top = vector.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if top > 0.0 { top / 127.0 } else { 1.0 };
        self.docs.push(doc as u32);
        self.keys.push(key);
        self.scales.push(scale);
        self.values.extend(
            vector
                .iter()
                .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8),
        );
    }

    /// Copies the passages stored under `key` for document `doc`; false when
    /// there are none (the text is new or changed).
    pub(crate) fn reuse(&mut self, from: &KeyIndex<'_>, key: &Key, doc: usize) -> bool {
        let Some(found) = from.map.get(key) else {
            return false;
        };
        for &i in found {
            self.docs.push(doc as u32);
            self.keys.push(*key);
            self.scales.push(from.vectors.scales[i]);
            self.values
                .extend_from_slice(&from.vectors.values[i * DIMS..(i + 1) * DIMS]);
        }
        true
    }

    /// Each document's best cosine with `query`, for the documents `keep`
    /// admits, best first, at most `limit`.
    pub(crate) fn nearest(
        &self,
        query: &[f32],
        keep: &dyn Fn(usize) -> bool,
        limit: usize,
    ) -> Vec<(usize, f32)> {
        let mut best: HashMap<usize, f32> = HashMap::new();
        for (i, row) in self.values.chunks_exact(DIMS).enumerate() {
            let doc = self.docs[i] as usize;
            if !keep(doc) {
                continue;
            }
            let dot: f32 = row.iter().zip(query).map(|(&q, &x)| q as f32 * x).sum();
            let cos = dot * self.scales[i];
            let e = best.entry(doc).or_insert(f32::MIN);
            *e = e.max(cos);
        }
        let mut out: Vec<(usize, f32)> = best.into_iter().collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(limit);
        out
    }

    /// The passages by key, for [`Vectors::reuse`].
    pub(crate) fn by_key(&self) -> KeyIndex<'_> {
        let mut map: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, k) in self.keys.iter().enumerate() {
            map.entry(*k).or_default().push(i);
        }
        KeyIndex { vectors: self, map }
    }

    /// Writes the set to `path`.
    pub(crate) fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        out.write_all(MAGIC)?;
        write_u32(&mut out, self.model.len() as u32)?;
        out.write_all(self.model.as_bytes())?;
        write_u32(&mut out, self.docs.len() as u32)?;
        for i in 0..self.docs.len() {
            write_u32(&mut out, self.docs[i])?;
            out.write_all(&self.keys[i])?;
            out.write_all(&self.scales[i].to_le_bytes())?;
            let row = &self.values[i * DIMS..(i + 1) * DIMS];
            out.write_all(&row.iter().map(|&v| v as u8).collect::<Vec<u8>>())?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
    }

    /// Reads what [`Vectors::write`] wrote; every passage must name one of
    /// `docs` documents.
    pub(crate) fn read(path: &Path, docs: usize) -> Result<Vectors, String> {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let mut r = bytes.as_slice();
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic).map_err(|e| e.to_string())?;
        if &magic != MAGIC {
            return Err("not a vectors file".into());
        }
        let model_len = read_u32(&mut r)? as usize;
        let model = take(&mut r, model_len)?;
        let model = String::from_utf8(model.to_vec()).map_err(|e| e.to_string())?;
        let count = read_u32(&mut r)? as usize;
        if r.len() != count * (4 + 16 + 4 + DIMS) {
            return Err(format!("{} bytes for {count} passages", r.len()));
        }
        let mut v = Vectors::new(&model);
        for _ in 0..count {
            let doc = read_u32(&mut r)?;
            if doc as usize >= docs {
                return Err(format!("a passage of document {doc}, of {docs}"));
            }
            v.docs.push(doc);
            v.keys.push(take(&mut r, 16)?.try_into().expect("16 bytes"));
            let scale = f32::from_le_bytes(take(&mut r, 4)?.try_into().expect("4 bytes"));
            v.scales.push(scale);
            v.values
                .extend(take(&mut r, DIMS)?.iter().map(|&b| b as i8));
        }
        Ok(v)
    }
}

/// Passages by their document's key.
pub(crate) struct KeyIndex<'a> {
    vectors: &'a Vectors,
    map: HashMap<Key, Vec<usize>>,
}

fn write_u32(out: &mut impl Write, n: u32) -> std::io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

fn read_u32(r: &mut &[u8]) -> Result<u32, String> {
    Ok(u32::from_le_bytes(take(r, 4)?.try_into().expect("4 bytes")))
}

fn take<'a>(r: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if r.len() < n {
        return Err("the file ends early".into());
    }
    let (head, rest) = r.split_at(n);
    *r = rest;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: usize) -> Vec<f32> {
        let v: Vec<f32> = (0..DIMS)
            .map(|i| ((i * 7 + seed * 13) % 17) as f32 - 8.0)
            .collect();
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.into_iter().map(|x| x / n).collect()
    }

    #[test]
    fn quantised_cosines_stay_close_and_rank_the_same() {
        let mut v = Vectors::new("m");
        for d in 0..5 {
            v.push(d, [d as u8; 16], &unit(d));
        }
        let q = unit(2);
        let hits = v.nearest(&q, &|_| true, 10);
        assert_eq!(hits[0].0, 2);
        assert!((hits[0].1 - 1.0).abs() < 0.01, "{hits:?}");
        let exact: f32 = unit(3).iter().zip(&q).map(|(a, b)| a * b).sum();
        let got = hits.iter().find(|h| h.0 == 3).unwrap().1;
        assert!((got - exact).abs() < 0.01, "{got} vs {exact}");
    }

    #[test]
    fn a_document_scores_as_its_best_passage_and_filters_apply() {
        let mut v = Vectors::new("m");
        v.push(0, [0; 16], &unit(1));
        v.push(0, [0; 16], &unit(4));
        v.push(1, [1; 16], &unit(4));
        let hits = v.nearest(&unit(4), &|d| d == 0, 10);
        assert_eq!(hits.len(), 1);
        assert!(hits[0].1 > 0.99);
    }

    #[test]
    fn round_trips_and_reuses_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = Vectors::new("model-id");
        v.push(0, [7; 16], &unit(0));
        v.push(1, [9; 16], &unit(1));
        v.push(1, [9; 16], &unit(2));
        let path = dir.path().join("vectors.bin");
        v.write(&path).unwrap();
        let back = Vectors::read(&path, 2).unwrap();
        assert_eq!(back, v);
        assert!(Vectors::read(&path, 1).unwrap_err().contains("document 1"));

        let keys = back.by_key();
        let mut next = Vectors::new("model-id");
        assert!(next.reuse(&keys, &[9; 16], 0));
        assert!(!next.reuse(&keys, &[8; 16], 1));
        assert_eq!(next.len(), 2);
        assert_eq!(next.values, v.values[DIMS..]);
    }

    #[test]
    fn a_cut_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = Vectors::new("m");
        v.push(0, [0; 16], &unit(0));
        let path = dir.path().join("vectors.bin");
        v.write(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
        assert!(
            Vectors::read(&path, 1)
                .unwrap_err()
                .contains("bytes for 1 passages")
        );
    }
}
