#!/usr/bin/env bash
# Every check of the project, as CI runs it: formatting, lints, the front
# end's type check, lint and unit tests, all Rust tests (the end-to-end tests
# drive the real app under Xvfb), the examples (built, run, output compared),
# and the book's link check and relevance figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# Strict: a test whose input is missing (the shared corpora, tauri-driver) fails
# instead of skipping.
export ATLAS_STRICT=1
# The runner's builds of the examples (prepared below) live here, not in the
# reader's cache; the tests and the app under test use the same place.
export ATLAS_CACHE_DIR="$PWD/target/atlas-cache"

# Each step prints the wall clock, so a slow CI run shows where its time went.
step() { printf '\n=== [%s, %ss in] %s\n' "$(date -u +%H:%M:%S)" "$SECONDS" "$*"; }

step "prerequisites"
bash scripts/install-deps.sh --test

step "front end: install, type check, lint, unit tests"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run --silent check && npm test)

step "formatting"
cargo fmt --all -- --check
cargo fmt --manifest-path content/examples/Cargo.toml --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --manifest-path content/examples/Cargo.toml --workspace --all-targets --quiet -- -D warnings

step "examples: prepare once, as the app's button does (the runner tests and the app use these builds)"
bash scripts/prepare-examples.sh

# Every cargo command below uses the workspace's test build (one feature set): a
# `-p` of one package, or a plain build of the app, resolves its dependencies'
# features differently and compiles most of them again (8-16 min each, cold).
step "the test build (every test, the app and the CLIs, with one feature set)"
cargo test --workspace --no-run --quiet

step "package: the .deb and .rpm of that build (without the model), for the installed-app test"
bash scripts/package.sh --debug --no-model
export ATLAS_PACKAGE_DEB="${CARGO_TARGET_DIR:-$PWD/target}/debug/bundle/deb/async-atlas_0.1.0_amd64.deb"
dpkg-deb -I "$ATLAS_PACKAGE_DEB"

step "rust tests (unit, integration, runner, contract, end-to-end)"
cargo test --workspace --no-fail-fast

step "every bundled example, through the runner (needs the prepare step above)"
cargo test --workspace --test bundled_examples -- --ignored

step "the upstream async book's examples from a read-only copy: prepare, run, test, stop a server"
cargo test --workspace --test upstream_book -- --ignored --nocapture

step "every runnable code block of the bundled book, through the runner"
cargo test --workspace --test book_blocks -- --ignored

# The CLI as the test build made it (see above).
index_builder="${CARGO_TARGET_DIR:-$PWD/target}/debug/index-builder"

step "the book: links, anchors, includes"
"$index_builder" check --book content

step "relevance: four books, their graded queries, the floors in suite.toml"
"$index_builder" eval --suite index-builder/eval/suite.toml

step "every check passed"
