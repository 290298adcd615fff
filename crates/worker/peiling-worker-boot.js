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
importScripts('./peiling-worker.js');
wasm_bindgen({ module_or_path: './peiling-worker_bg.wasm' });
