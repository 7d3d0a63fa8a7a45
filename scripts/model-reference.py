#!/usr/bin/env python3
"""Writes the reference embeddings the semantic tests compare against.

Run once, by hand, in a virtualenv with sentence-transformers (CPU):

    python3 -m venv /tmp/refenv && /tmp/refenv/bin/pip install sentence-transformers
    /tmp/refenv/bin/python scripts/model-reference.py models/all-minilm-l6-v2

It embeds the sentences of index-builder/tests/data/minilm-sentences.txt (one
per line) with the reference implementation, offline, and writes
index-builder/tests/data/minilm-reference.json. Nothing here runs in CI or in
the app; only the JSON it writes is committed.
"""
import json
import os
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
from sentence_transformers import SentenceTransformer  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
model_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "models/all-minilm-l6-v2")
data = os.path.join(root, "index-builder/tests/data")
with open(os.path.join(data, "minilm-sentences.txt"), encoding="utf-8") as f:
    sentences = [line.rstrip("\n") for line in f if line.strip()]

model = SentenceTransformer(model_dir, device="cpu")
vectors = model.encode(sentences, normalize_embeddings=True, convert_to_numpy=True)
out = {
    "model": "all-MiniLM-L6-v2 (sentence-transformers, CPU)",
    "max_seq_length": model.max_seq_length,
    "sentences": [{"text": s, "vector": [round(float(x), 7) for x in v]} for s, v in zip(sentences, vectors)],
}
with open(os.path.join(data, "minilm-reference.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, indent=None)
    f.write("\n")
print(f"wrote {len(sentences)} reference vectors")
