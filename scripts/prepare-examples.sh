#!/usr/bin/env bash
# Prepares the bundled book's examples exactly as the app's "Prepare examples"
# button does: copies them into the app's cache dir, downloads their crates (the
# only step that uses the network) and builds each example once, so that Run
# works offline and shows output at once. The builds go to the app's cache dir
# (`$ATLAS_CACHE_DIR/runs`, else ~/.cache/dev.asyncatlas.desktop/runs), never
# into content/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -p atlas-runner --bin atlas-runner-prepare -- content/examples "$@"
