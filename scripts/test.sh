#!/usr/bin/env bash
# Runs every test: formatting and lints, the engine's purity check, the native tests, a release
# build of the app with wasm-opt, its size, and the end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "the engine's dependency tree holds no browser crate"
scripts/check-engine-purity.sh

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo clippy for the browser (the page, and the reader worker with SIMD128)"
# Code behind wasm32-only `cfg`s (the worker's vector paths, the page's browser glue) is
# linted only here.
cargo clippy -p peiling-app --target wasm32-unknown-unknown --locked -- -D warnings
cargo clippy -p peiling-worker --target wasm32-unknown-unknown --profile worker --locked -- -D warnings

step "native tests"
cargo test --workspace --locked

step "trunk build --release (with wasm-opt)"
trunk build --release

step "size of the release build"
scripts/size.sh

step "end-to-end tests in Chromium"
# The tests compare the page with the command line's figures for the same query.
cargo build -p peiling-cli --locked
export PEILING_CLI="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/debug/peiling"
node --test --test-concurrency=1 tests/e2e/
