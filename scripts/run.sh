#!/usr/bin/env bash
# Installs the prerequisites, builds the app and the examples, and opens
# Async Atlas on the bundled book. Extra arguments go to the app
# (for example `--book ~/src/async-book`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/prepare-examples.sh
cargo build --release -p async-atlas --features tauri/custom-protocol
exec target/release/async-atlas "$@"
