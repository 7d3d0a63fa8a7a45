#!/usr/bin/env bash
# Fetches the examples' dependencies and builds every example once, so that
# the app's Run button works offline and shows output at once.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fetch --manifest-path content/examples/Cargo.toml
cargo build --manifest-path content/examples/Cargo.toml --workspace --bins --quiet
