// A static file server for dist/ that sends the headers a host of Peiling should send:
// the Content-Security-Policy (a <meta> policy cannot cover workers or frame-ancestors),
// `application/wasm`, long caching for hashed files and no-cache for the rest.
// Used by `scripts/serve.sh` and by the end-to-end tests. No dependencies.
//
//   node scripts/static-server.mjs --root dist [--port 8080] [--frame-ancestors "'self' http://host"]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The policy the page runs under; `frameAncestors` lists the sites that may embed it. */
export function contentSecurityPolicy(frameAncestors = "'self'") {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** Hashed file names (Trunk's `name-0123abcd….ext`) never change content: cache them for a year. */
function cacheControl(path) {
  return /-[0-9a-f]{12,}\.(js|wasm|css)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Longest path served; longer ones are refused before touching the disk. */
const MAX_PATH = 1024;

/**
 * The decoded path of a request target, or `null` when it cannot name a file: a malformed
 * percent escape (`/%E0%A4%A`), a NUL byte, or a path longer than `MAX_PATH`.
 */
export function requestPath(target) {
  let path;
  try {
    path = decodeURIComponent(new URL(target, 'http://x').pathname);
  } catch {
    return null;
  }
  return path.length > MAX_PATH || path.includes('\0') ? null : path;
}

/**
 * Serves `root` on 127.0.0.1. Resolves to `{ url, port, close, log }`; `log` lists every
 * request as `{ method, path }`.
 */
export async function startServer({ root, port = 0, frameAncestors, headers = {} }) {
  const base = resolve(root);
  const log = [];
  const server = createServer(async (req, res) => {
    const path = requestPath(req.url);
    log.push({ method: req.method, path: path ?? req.url });
    // Anything it does not serve is answered, never thrown: a hostile request must not stop
    // the server for the next one.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed');
      return;
    }
    if (path === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
      return;
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy(frameAncestors),
        'Cache-Control': cacheControl(file),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    log,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const server = await startServer({
    root: arg('--root', 'dist'),
    port: Number(arg('--port', 8080)),
    frameAncestors: arg('--frame-ancestors', "'self'"),
  });
  console.log(`Peiling is served at ${server.url}  (Ctrl-C stops it)`);
}
