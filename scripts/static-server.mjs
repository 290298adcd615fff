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

/**
 * Serves `root` on 127.0.0.1. Resolves to `{ url, port, close, log }`; `log` lists every
 * request as `{ method, path }`.
 */
export async function startServer({ root, port = 0, frameAncestors, headers = {} }) {
  const base = resolve(root);
  const log = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    log.push({ method: req.method, path });
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
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
