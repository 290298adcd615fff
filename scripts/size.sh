#!/usr/bin/env bash
# Reports the release build's size: each .wasm, .js and .css in dist/ (or the folder given),
# raw and gzipped (-9), and the total the page downloads on first load.
# Usage: scripts/size.sh [DIST]
set -euo pipefail
dist=$(realpath "${1:-$(dirname "$0")/../dist}")
[ -d "$dist" ] || { echo "no $dist: run 'trunk build --release' first" >&2; exit 1; }
printf '%-48s %10s %10s\n' file raw gzip
total_raw=0; total_gz=0
for f in $(find "$dist" -maxdepth 1 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) | sort); do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
  case "$(basename "$f")" in
    worker*|peiling-worker*) ;;   # loaded only when a file is dropped
    *) total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)) ;;
  esac
done
printf '%-48s %10d %10d\n' "first load (page, without the upload worker)" "$total_raw" "$total_gz"
