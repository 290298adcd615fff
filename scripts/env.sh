# Sourced by the scripts: puts the project's wasm-opt (npm binaryen 132) first on PATH.
# Debian's binaryen is too old and builds a wasm that fails at load.
PEILING_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PEILING_ROOT/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
