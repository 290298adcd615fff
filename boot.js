// Starts the wasm app without an inline script, so the Content-Security-Policy can forbid them.
const meta = document.querySelector('meta[name="trunk-wasm"]');
const init = await import(new URL(meta.dataset.js, document.baseURI).href);
await init.default({ module_or_path: new URL(meta.dataset.wasm, document.baseURI).href });
