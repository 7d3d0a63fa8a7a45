#!/usr/bin/env bash
# Installs the prerequisites, prepares the bundled book's examples, builds the
# app and opens Async Atlas on the bundled book, from this checkout. Extra
# arguments go to the app (for example `--book ~/src/async-book`).
#
# This runs from the tree rather than installing the package: it needs no root
# for dpkg, an edit to content/ shows at the next start (the index is rebuilt
# when the book changed), and it skips the packaging step. `scripts/package.sh`
# builds the .deb/.rpm to install (README, "Install").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/prepare-examples.sh
cargo build --release -p async-atlas
# A release build reads its book and model from the package's resources; from
# the tree, name them.
ATLAS_MODEL_DIR="${ATLAS_MODEL_DIR:-$PWD/models/all-minilm-l6-v2}" \
  exec target/release/async-atlas --book content "$@"
