#!/usr/bin/env bash
# Installs what building and testing Peiling needs, skipping what is present. Idempotent.
# Only crates.io, the npm registry, Debian packages and rustup's target install are used:
# nothing downloads a prebuilt binary.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "cargo install trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WBG_VERSION"; then
  say "cargo install wasm-bindgen-cli $WBG_VERSION"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

if ! command -v python3 >/dev/null; then
  say "apt-get install python3 (the tests read exported files with its standard library)"
  apt_install python3
fi

# The export tests read XLSX files with openpyxl and printed PDFs with poppler's pdfinfo and
# pdftotext.
if ! python3 -c 'import openpyxl' 2>/dev/null; then
  # The `python3` on PATH may not be Debian's (a pyenv build): install for that one from PyPI,
  # and fall back to Debian's package for Debian's python3.
  say "pip install openpyxl (the export tests read XLSX files with it)"
  python3 -m pip install --quiet openpyxl 2>/dev/null || apt_install python3-openpyxl
fi

if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  say "apt-get install poppler-utils (the print test reads the PDF's pages)"
  apt_install poppler-utils
fi

# The PowerPoint tests convert decks to PDF with LibreOffice Impress (headless), natively and
# end to end.
if ! command -v soffice >/dev/null; then
  say "apt-get install libreoffice-impress (the PowerPoint tests convert decks with it)"
  apt_install --no-install-recommends libreoffice-impress
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "apt-get install nodejs npm"
  apt_install nodejs npm
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "apt-get install chromium chromium-driver"
  apt_install chromium chromium-driver
fi

# playwright-core, axe-core and binaryen (wasm-opt 132) for the browser tests and the build.
lock=tests/e2e/package-lock.json
installed=tests/e2e/node_modules/.peiling-package-lock.json
if ! cmp -s "$lock" "$installed"; then
  say "npm ci (tests/e2e)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  cp "$lock" "$installed"
fi
