// Starts the reader worker (classic worker script, copied as is by Trunk). Its files sit next
// to this one, so the relative URLs work from any sub-path.
//
// A panic aborts the worker's wasm (`panic = "abort"`: a `RuntimeError: unreachable`). Thrown
// from a message handler it reaches the page as the worker's `error` event; thrown inside a
// future it is only a rejected promise here, which the page would never hear of. Either way
// the page is told, so it can show the file's error and start a fresh worker.
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  self.postMessage({ type: 'crashed', message: String(event.reason) });
});

// The reader is built with WebAssembly SIMD (the CSV tokenizer; every current browser has it,
// see ARCHITECTURE.md). A host without it could not compile the module at all: this
// one-function module (i32.const 0; i8x16.splat) tells first, and the page says which
// browsers can read files.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
]);
if (WebAssembly.validate(SIMD_PROBE)) {
  importScripts('./peiling-worker.js');
  wasm_bindgen({ module_or_path: './peiling-worker_bg.wasm' });
} else {
  console.error('Peiling: this browser has no WebAssembly SIMD, which the file reader needs');
  self.postMessage({ type: 'unsupported', message: 'no WebAssembly SIMD' });
}
