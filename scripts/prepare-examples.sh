#!/usr/bin/env bash
# Fetches the examples' dependencies and builds every example once, so that
# the app's Run button works offline and shows output at once.
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=content/examples/Cargo.toml
cargo fetch --manifest-path "$manifest"
cargo build --manifest-path "$manifest" --workspace --bins --quiet
# The runner builds one example at a time (-p ID), and cargo resolves features
# per selection: build each the same way, so no first Run recompiles a dependency.
for dir in content/examples/*/; do
  name=$(basename "$dir")
  [ "$name" = target ] && continue
  cargo build --offline --quiet --manifest-path "$manifest" -p "$name"
done
# Code blocks run in a scratch crate that uses the examples' dependencies:
# build those once, so a block's first Run compiles only the block.
cargo run --quiet -p atlas-runner --bin atlas-runner-prepare -- content/examples
