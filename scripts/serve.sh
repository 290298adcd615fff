#!/usr/bin/env bash
# Builds the release app and serves dist/ on 127.0.0.1 with the headers a host should send.
# Usage: scripts/serve.sh [PORT]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
trunk build --release
exec node scripts/static-server.mjs --root dist --port "${1:-8080}"
