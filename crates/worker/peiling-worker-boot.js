// Starts the reader worker (classic worker script, copied as is by Trunk). Its files sit next
// to this one, so the relative URLs work from any sub-path.
importScripts('./peiling-worker.js');
wasm_bindgen({ module_or_path: './peiling-worker_bg.wasm' });
