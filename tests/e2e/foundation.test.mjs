// The foundation: the built page loads under its Content-Security-Policy, renders the report,
// logs no errors and requests nothing but its own static files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist, openPage, foreignRequests } from './harness.mjs';

let browser, server;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page loads and renders the report without console errors', async () => {
  const { page, context, record } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid=report] h1');
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('the page requests nothing but its own static files', async () => {
  const { page, context, record } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid=report] h1');
  await page.waitForLoadState('networkidle');
  assert.ok(record.requests.length >= 3, 'html, js and wasm were requested');
  assert.deepEqual(foreignRequests(record, server.url.replace(/\/$/, '')), []);
  assert.deepEqual(record.websockets, []);
  const served = server.log.map((r) => r.path);
  assert.ok(served.some((p) => p.endsWith('.wasm')), 'the wasm came from our own server');
  await context.close();
});

test('the Content-Security-Policy is live: a request to another origin is blocked and reported', async () => {
  const { page, context, record } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid=report] h1');
  const outcome = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetched = 'allowed';
    try {
      await fetch('http://127.0.0.2:9/leak?x=1');
    } catch {
      fetched = 'blocked';
    }
    const img = new Image();
    img.src = 'http://127.0.0.2:9/pixel.png';
    await new Promise((r) => setTimeout(r, 200));
    return { fetched, violations };
  });
  assert.equal(outcome.fetched, 'blocked');
  assert.ok(outcome.violations.includes('connect-src'), `connect-src reported: ${outcome.violations}`);
  assert.ok(outcome.violations.includes('img-src'), `img-src reported: ${outcome.violations}`);
  const foreign = record.failed.filter((r) => r.url.startsWith('http://127.0.0.2'));
  assert.ok(foreign.length >= 1, 'the foreign requests were attempted');
  for (const r of foreign) assert.match(r.error, /BLOCKED_BY_CSP|csp/i, `${r.url} was blocked by the policy`);
  // Inline scripts are refused too.
  const inline = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
    return window.__inlineRan === true;
  });
  assert.equal(inline, false);
  await context.close();
});
