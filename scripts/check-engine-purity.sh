#!/usr/bin/env bash
# Fails if the engine depends on a browser crate (leptos, web-sys, js-sys, wasm-bindgen, gloo).
#
# Strict for every feature on the host, and for the report page's build (no default features)
# on wasm32. The upload readers (calamine's zip, ambers' arrow, the XLS reader's cfb) reach
# wasm-bindgen on wasm32 only through the platform shims of `getrandom`, `iana-time-zone` and
# `web-time` (cfb's clock for the compound file it writes); that is allowed, any other path
# fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BROWSER='^(leptos|leptos_[a-z_]+|web-sys|js-sys|wasm-bindgen|gloo[a-z_-]*) '
fail=0
check() { # target, features
  local bad
  bad=$(cargo tree -p peiling-engine --target "$1" $2 -e normal,build --prefix none | grep -E "$BROWSER" | sort -u || true)
  if [ -n "$bad" ]; then echo "peiling-engine ($1 $2) depends on: $bad" >&2; fail=1; fi
}
check x86_64-unknown-linux-gnu --all-features
check wasm32-unknown-unknown --no-default-features
# Upload readers on wasm32: only through the allowed shims.
parents=$(cargo tree -p peiling-engine --target wasm32-unknown-unknown --all-features -e normal \
  -i wasm-bindgen --depth 1 --prefix none 2>/dev/null | tail -n +2 | awk '{print $1}' | sort -u || true)
for p in $parents; do
  case "$p" in getrandom|iana-time-zone|web-time|js-sys|wasm-bindgen-macro) ;; *)
    echo "peiling-engine (wasm32, all features) reaches wasm-bindgen through $p" >&2; fail=1 ;;
  esac
done
[ "$fail" = 0 ] || exit 1
echo "peiling-engine: no browser crate (host, all features; wasm32, report build); upload readers reach wasm-bindgen only via: ${parents//$'\n'/ }"
