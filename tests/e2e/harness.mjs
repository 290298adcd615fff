// Shared pieces of the end-to-end tests: the built dist/ served on 127.0.0.1 with the host
// headers, Debian's Chromium driven by playwright-core, and a record of every request, console
// error and Content-Security-Policy violation of a page.
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync, existsSync } from 'node:fs';
import { startServer } from '../../scripts/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
// PEILING_DIST serves another build (e.g. one made with `trunk build --dist`).
export const distDir = process.env.PEILING_DIST ?? join(repoRoot, 'dist');
export const artifactsDir = join(here, 'artifacts');
// The `peiling` command line that computes reference figures (scripts/test.sh builds it and
// sets PEILING_CLI to its path in cargo's target directory).
export const cliPath = process.env.PEILING_CLI ?? join(repoRoot, 'target', 'debug', 'peiling');
mkdirSync(artifactsDir, { recursive: true });

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function serveDist(options = {}) {
  return startServer({ root: distDir, ...options });
}

/**
 * For a test file that uploads through the page: registers hooks that build the command line
 * if it is missing (the reference for the page's figures), serve dist/ and launch Chromium
 * before the tests, and end both after. The returned object holds `browser`, `server` and
 * `origin` once the tests run.
 */
export function servedDist() {
  const suite = {};
  before(async () => {
    if (!existsSync(cliPath)) execFileSync('cargo', ['build', '-p', 'peiling-cli'], { cwd: repoRoot, stdio: 'inherit' });
    suite.server = await serveDist();
    suite.origin = suite.server.url.replace(/\/$/, '');
    suite.browser = await launch();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/**
 * Opens `url` in a fresh context and records what the page does: `requests` (every request,
 * with method, url, post data), `consoleErrors`, `pageErrors` and `websockets`.
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, ...ctx } = {}) {
  const context = await browser.newContext({ viewport, ...ctx });
  const page = await context.newPage();
  const record = { requests: [], failed: [], consoleErrors: [], pageErrors: [], websockets: [] };
  page.on('request', (r) => record.requests.push({ method: r.method(), url: r.url(), postData: r.postData() }));
  page.on('requestfailed', (r) => record.failed.push({ url: r.url(), error: r.failure()?.errorText }));
  page.on('console', (m) => { if (m.type() === 'error') record.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => record.pageErrors.push(String(e)));
  page.on('websocket', (ws) => record.websockets.push(ws.url()));
  await page.goto(url);
  return { page, context, record };
}

/** Requests that are not GETs of the server's own static files. */
export function foreignRequests(record, origin) {
  return record.requests.filter(
    (r) => !(r.method === 'GET' && (r.url.startsWith(origin) || r.url.startsWith('blob:' + origin) || r.url.startsWith('data:'))),
  );
}

/** Runs axe-core on the page and returns its violations (WCAG 2.0/2.1 A and AA rules). */
export async function axeViolations(page) {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}
