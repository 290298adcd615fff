// Hosting and embedding: dist/ served from a sub-path, the embed page, the "Insluiten" dialog,
// a host page on another origin that embeds two charts with the dialog's own code, hosted data
// files (same origin only, disclosure threshold applied) and the HTML download read with
// JavaScript off.
//
// Three origins take part: the app (dist/ copied under /tools/peiling/ of a temporary root,
// served by scripts/static-server.mjs with frame-ancestors allowing the host), the host
// (tests/e2e/host/index.html with the embed codes filled in) and a foreign site
// (tests/e2e/host/foreign.html) that posts look-alike messages. Reference numbers come from the
// command line (`target/debug/peiling tabulate … --disclosure 10`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, openPage, distDir, repoRoot, artifactsDir, axeViolations, cliPath } from './harness.mjs';
import { startServer } from '../../scripts/static-server.mjs';

const SUB_PATH = '/tools/peiling/';
const HOST_DIR = join(repoRoot, 'tests', 'e2e', 'host');
const CLI = cliPath;
const SUBSET_ROWS = 400;

let browser, app, host, foreign, root;
const embedCodes = [];

/** A tiny server for the host and foreign pages; `page(path)` returns the body or null. */
async function pageServer(page) {
  const log = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    log.push(path);
    const body = page(path);
    if (body === null) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, log, close: () => new Promise((ok) => server.close(ok)) };
}

/** The CLI's numbers for `question` by `by`; `disclosure` as in `--disclosure` (none when null). */
function tabulate(file, question, by, disclosure = 10) {
  assert.ok(existsSync(CLI), `${CLI} is missing: run cargo build -p peiling-cli`);
  const out = execFileSync(CLI, [
    'tabulate', file, '--codebook', join(repoRoot, 'data', 'vakmanschap.codebook.json'),
    '--question', question, '--by', by, '--format', 'json',
    ...(disclosure === null ? [] : ['--disclosure', String(disclosure)]),
  ]);
  return JSON.parse(out.toString());
}

/** `{label, group, percent|null}` per cell of a broken-down multi-select, from the CLI. */
function referenceCells(json) {
  const cells = [];
  for (const group of json.items[0].groups) {
    for (const c of group.categories) {
      cells.push({ label: c.label, group: group.group, percent: c.suppressed ? null : c.percent });
    }
  }
  return cells;
}

/** The rows of a chart's data table as arrays of cell texts (works with JavaScript off). */
async function tableRows(scope) {
  return scope.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent.trim())));
}

/** A group as the table shows it, without its letter and small-base star: "Provincie (C) *". */
const groupName = (text) => text.replace(/\s*\*$/, '').replace(/\s*\([A-Z]\)$/, '');

const parsePercent = (text) => Number(text.replace('%', '').replace(/\./g, '').replace(',', '.'));

/** Checks a table (Antwoord, Groep, Aantal, Percentage, …) against the CLI's cells. */
function assertSameNumbers(rows, reference) {
  let compared = 0;
  let suppressed = 0;
  for (const ref of reference) {
    const row = rows.find((r) => r[0] === ref.label && groupName(r[1]) === ref.group);
    assert.ok(row, `a table row for ${ref.label} / ${ref.group}`);
    if (ref.percent === null) {
      assert.equal(row[2], '', `${ref.label} / ${ref.group} shows no count`);
      assert.equal(row[3], '', `${ref.label} / ${ref.group} shows no percentage`);
      assert.match(row.join(' '), /Niet getoond: (minder dan \d+ respondenten|anders is een kleinere groep af te leiden)/);
      suppressed++;
    } else {
      const shown = parsePercent(row[3]);
      assert.ok(Math.abs(shown - ref.percent) <= 0.05 + 1e-9, `${ref.label} / ${ref.group}: ${row[3]} vs ${ref.percent}`);
      compared++;
    }
  }
  return { compared, suppressed };
}

/**
 * Waits until each iframe's height equals its content's height; returns the heights. Each
 * frame is scrolled into view first, as a reader would: Chromium pauses the rendering (and so
 * the ResizeObserver) of cross-origin frames that are off screen.
 */
async function settleHeights(page, elements) {
  const heights = [];
  for (const [k, element] of elements.entries()) {
    await element.scrollIntoViewIfNeeded();
    const frame = await (await element.elementHandle()).contentFrame();
    let frameHeight, contentHeight;
    for (let attempt = 0; attempt < 50; attempt++) {
      frameHeight = await element.evaluate((f) => f.getBoundingClientRect().height);
      contentHeight = await frame.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().bottom + scrollY));
      if (Math.abs(frameHeight - contentHeight) <= 1) break;
      await page.waitForTimeout(100);
    }
    assert.ok(Math.abs(frameHeight - contentHeight) <= 1, `frame ${k + 1}: iframe ${frameHeight} px, content ${contentHeight} px`);
    heights.push(frameHeight);
  }
  return heights;
}

before(async () => {
  // dist/ under a sub-path, with a hosted data file (the first rows of the bundled data) and
  // its codebook beside it.
  root = mkdtempSync(join(tmpdir(), 'peiling-host-'));
  const site = join(root, ...SUB_PATH.split('/').filter(Boolean));
  cpSync(distDir, site, { recursive: true });
  mkdirSync(join(site, 'data'));
  const lines = readFileSync(join(repoRoot, 'data', 'vakmanschap.csv'), 'utf8').split('\n');
  writeFileSync(join(site, 'data', 'peiling.csv'), lines.slice(0, SUBSET_ROWS + 1).join('\n') + '\n');
  cpSync(join(repoRoot, 'data', 'vakmanschap.codebook.json'), join(site, 'data', 'peiling.codebook.json'));

  const hostPage = { body: '' };
  host = await pageServer((path) => {
    if (path === '/') return hostPage.body;
    if (path === '/datawrapper.html') {
      return readFileSync(join(HOST_DIR, 'datawrapper.html'), 'utf8').replace('src="SRC"', `src="${app.base}#/embed?chart=organisatie&amp;by=werkgever"`);
    }
    return null;
  });
  foreign = await pageServer((path) => (path === '/foreign.html' ? readFileSync(join(HOST_DIR, 'foreign.html'), 'utf8') : null));
  host.setBody = (body) => { hostPage.body = body; };
  app = await startServer({ root, frameAncestors: `'self' ${host.origin}` });
  app.origin = app.url.replace(/\/$/, '');
  app.base = app.origin + SUB_PATH;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await host?.close();
  await foreign?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the release build uses relative URLs and runs from a sub-path', async () => {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /(href|src|data-js|data-wasm)="\//, 'no root-relative URL in index.html');
  const { page, context, record } = await openPage(browser, app.base);
  await page.waitForSelector('[data-testid=report] h1');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  const paths = app.log.map((r) => r.path);
  assert.ok(paths.some((p) => p.endsWith('.wasm')));
  for (const p of paths) assert.ok(p.startsWith(SUB_PATH), `${p} is under ${SUB_PATH}`);
  await context.close();
});

test('the embed page shows one chart with its base, legend, source and report link, reflowing from 320 to 1200 px', async () => {
  const url = `${app.base}#/embed?chart=organisatie&by=werkgever&lang=nl`;
  // bypassCSP only lets axe-core's script in; the policy itself is tested in foundation.test.mjs.
  const { page, context, record } = await openPage(browser, url, { viewport: { width: 1200, height: 900 }, bypassCSP: true });
  const figure = page.locator('[data-testid=embed] figure[data-testid=chart][data-chart=organisatie]');
  await figure.waitFor();
  assert.equal(await page.locator('[data-testid=chart]').count(), 1, 'just that chart');
  assert.equal(await page.locator('[data-testid=report]').count(), 0, 'no report around it');
  assert.match(await figure.locator('h3').textContent(), /organisatieontwikkelingen/);
  assert.match(await figure.locator('[data-testid=chart-base]').textContent(), /n = 1\.601/);
  assert.match(await figure.locator('figcaption').textContent(), /^Ambtenarenpanel, raadpleging/);
  const link = await page.locator('[data-testid=embed-report-link]').getAttribute('href');
  // The full report opens in publishing mode: the same disclosure control as the embed.
  assert.equal(link, `${app.base}#/?by=werkgever&pub=1`);

  const widths = {};
  for (const width of [1200, 320]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForFunction((w) => {
      const svg = document.querySelector('[data-testid=chart-svg]');
      const box = svg?.getBoundingClientRect();
      return box && box.width <= w - 16 && box.width >= Math.min(w, 1200) - 40;
    }, width);
    widths[width] = (await page.locator('[data-testid=chart-svg]').boundingBox()).width;
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `nothing sticks out at ${width} px`);
  }
  assert.ok(widths[1200] > 1000, `wide: ${widths[1200]}`);
  assert.ok(widths[320] < 320, `narrow: ${widths[320]}`);

  // The same keyboard, tooltip and text alternative as in the report.
  await page.locator('[data-testid=chart-svg]').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-live]').textContent.trim() !== '');
  assert.ok(await page.locator('[data-testid=tooltip]').isVisible());
  assert.deepEqual(await axeViolations(page), [], 'WCAG 2.1 AA (axe-core) at 320 px');
  await page.locator('[data-testid=table-toggle]').click();
  assert.ok(await page.locator('[data-testid=data-table]').isVisible());
  assert.equal(await page.locator('[data-testid=embed-open]').count(), 0, 'no embed button inside an embed');
  await page.setViewportSize({ width: 1200, height: 900 });
  assert.deepEqual(await axeViolations(page), [], 'WCAG 2.1 AA (axe-core) with the table open');

  // A chart with more than one series has its legend, in segment order.
  await page.goto(`${app.base}#/embed?chart=stellingen&lang=nl`);
  await page.reload();
  const legend = page.locator('[data-testid=embed] [data-testid=legend] li');
  await legend.first().waitFor();
  assert.deepEqual(await legend.allTextContents(), ['Zeer mee oneens', 'Mee oneens', 'Neutraal', 'Mee eens', 'Zeer mee eens', 'Geen mening']);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('embeds hide groups below the threshold, never a rare answer; the report outside publishing mode hides nothing', async () => {
  // By employer every group has 76 or more respondents: nothing is hidden, though some
  // answers are rare (the command line, with the same threshold, agrees).
  const reference = referenceCells(tabulate(join(repoRoot, 'data', 'vakmanschap.csv'), 'organisatie', 'werkgever'));
  assert.ok(reference.every((c) => c.percent !== null), 'the CLI hides no group by employer');
  const { page, context } = await openPage(browser, `${app.base}#/embed?chart=organisatie&by=werkgever`);
  await page.locator('[data-testid=table-toggle]').click();
  const { compared, suppressed } = assertSameNumbers(await tableRows(page.locator('[data-testid=data-table]')), reference);
  assert.ok(suppressed === 0 && compared >= 40, `${suppressed} hidden, ${compared} compared`);

  // min= raises the threshold (never lowers it): at 100, the three groups of fewer than 100
  // are hidden, each row saying why; at 3, the default 10 holds.
  for (const [min, threshold] of [[100, 100], [3, 10]]) {
    const strict = referenceCells(tabulate(join(repoRoot, 'data', 'vakmanschap.csv'), 'organisatie', 'werkgever', threshold));
    await page.goto(`${app.base}#/embed?chart=organisatie&by=werkgever&min=${min}`);
    await page.reload();
    await page.locator('[data-testid=table-toggle]').click();
    const counts = assertSameNumbers(await tableRows(page.locator('[data-testid=data-table]')), strict);
    if (threshold === 100) {
      assert.ok(counts.suppressed >= 3 * 8, `min=100 hides whole groups: ${counts.suppressed} cells`);
      assert.match(await page.locator('[data-testid=chart-svg]').textContent(), /Niet getoond: minder dan 100 respondenten/);
    } else {
      assert.equal(counts.suppressed, 0, 'min=3 hides what the default 10 hides: nothing');
    }
  }

  await page.goto(`${app.base}#/?by=werkgever&min=100`);
  const chart = page.locator('[data-testid=report] [data-chart=organisatie]');
  await chart.locator('[data-testid=table-toggle]').click();
  const reportRows = await tableRows(chart.locator('[data-testid=data-table]'));
  assert.equal(reportRows.filter((r) => r.join(' ').includes('Niet getoond')).length, 0);
  await context.close();
});

test('the Insluiten dialog is a modal with the embed code and a live preview', async () => {
  const { page, context, record } = await openPage(browser, `${app.base}#/?by=werkgever`, { bypassCSP: true });
  for (const id of ['organisatie', 'stellingen']) {
    const chart = page.locator(`[data-testid=report] [data-chart=${id}]`);
    const opener = chart.locator('[data-testid=embed-open]');
    await opener.click();
    const dialog = page.locator('[data-testid=embed-dialog]');
    await dialog.waitFor();
    assert.ok(await dialog.evaluate((d) => d.matches(':modal')), 'a modal dialog');
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus moved into the dialog');
    const code = await dialog.locator('[data-testid=embed-code]').inputValue();
    assert.match(code, /<iframe data-peiling-chart="[\w-]+" src="[^"]+#\/embed\?chart=/);
    assert.doesNotMatch(code, / id=/, 'no element id that a second copy would repeat');
    assert.match(code, / title="[^"]+"/);
    assert.match(code, / sandbox="allow-scripts allow-same-origin[^"]*"/);
    assert.match(code, /event\.source !== frame\.contentWindow/);
    assert.match(code, new RegExp(`event\\.origin !== "${app.origin}"`));
    assert.match(code, /datawrapper-height/);
    assert.ok(code.includes(`${app.base}#/embed?chart=${id}&amp;by=werkgever`), code);
    embedCodes.push(code);
    if (embedCodes.length === 1) assert.deepEqual(await axeViolations(page), [], 'WCAG 2.1 AA (axe-core) with the dialog open');

    // The preview renders the chart and takes its height.
    const preview = page.frameLocator('[data-testid=embed-preview]');
    await preview.locator(`[data-chart=${id}] [data-testid=chart-svg]`).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=embed-preview]').style.height !== '');

    // Escape closes it and focus returns to the button; so does the close button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await opener.evaluate((b) => b === document.activeElement), 'focus back on Insluiten');
    await opener.click();
    await dialog.waitFor();
    await dialog.locator('[data-testid=embed-close]').click();
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await opener.evaluate((b) => b === document.activeElement), 'focus back on Insluiten');
  }
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('a host page on another origin embeds two charts with the dialog code; heights follow content, foreign messages change nothing', async () => {
  assert.equal(embedCodes.length, 2, 'the dialog test collected two embed codes');
  const template = readFileSync(join(HOST_DIR, 'index.html'), 'utf8');
  host.setBody(
    template
      .replace('<!--EMBED:1-->', embedCodes[0])
      .replace('<!--EMBED:2-->', embedCodes[1])
      .replace('<!--FOREIGN-->', `<iframe class="foreign" title="Advertentie" src="${foreign.origin}/foreign.html"></iframe>`),
  );
  const { page, context, record } = await openPage(browser, host.origin + '/', { viewport: { width: 1200, height: 900 } });
  const frames = ['organisatie', 'stellingen'].map((id) => `iframe[data-peiling-chart=${id}]`);
  for (const id of frames) {
    const frame = page.frameLocator(id);
    await frame.locator('[data-testid=chart] [data-testid=chart-svg]').waitFor();
  }

  const settle = () => settleHeights(page, frames.map((f) => page.locator(f)));
  const wide = await settle();
  for (const h of wide) assert.ok(h > 200 && h !== 560, `a content height, not the default: ${h}`);
  await page.setViewportSize({ width: 360, height: 900 });
  const narrow = await settle();
  for (let i = 0; i < frames.length; i++) {
    assert.ok(narrow[i] > wide[i] + 20, `${frames[i]} grew when the host narrowed: ${wide[i]} → ${narrow[i]}`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the host does not scroll sideways at 360 px (${overflow})`);

  // Look-alike messages from a frame of a third origin, and from the wrong Peiling frame.
  const foreignFrame = page.frames().find((f) => f.url().startsWith(foreign.origin));
  assert.ok(foreignFrame, 'the foreign frame loaded');
  await foreignFrame.evaluate(() => {
    for (const h of [5, 3000]) {
      parent.postMessage({ foreign: true, 'datawrapper-height': { organisatie: h, stellingen: h } }, '*');
    }
  });
  const second = await (await page.$(frames[1])).contentFrame();
  await second.evaluate(() => parent.postMessage({ foreign: true, 'datawrapper-height': { organisatie: 7 } }, '*'));
  await page.evaluate(() => window.postMessage({ foreign: true, 'datawrapper-height': { organisatie: 9, stellingen: 9 } }, '*'));
  await page.waitForFunction(() => window.foreignMessages === 4);
  await page.waitForTimeout(200);
  const after = await Promise.all(frames.map((id) => page.locator(id).evaluate((f) => f.getBoundingClientRect().height)));
  assert.deepEqual(after, narrow, 'foreign messages changed no height');

  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  const allowed = [app.origin, host.origin, foreign.origin];
  const stray = record.requests.filter((r) => !allowed.some((o) => r.url.startsWith(o + '/')) && !r.url.startsWith('data:'));
  assert.deepEqual(stray, [], 'no requests beyond the three sites');
  await context.close();
});

test('the same chart embedded twice on one host page: each frame follows its own height', async () => {
  assert.ok(embedCodes.length >= 1, 'the dialog test collected an embed code');
  const template = readFileSync(join(HOST_DIR, 'index.html'), 'utf8');
  host.setBody(template.replace('<!--EMBED:1-->', embedCodes[0]).replace('<!--EMBED:2-->', embedCodes[0]).replace('<!--FOREIGN-->', ''));
  const { page, context, record } = await openPage(browser, host.origin + '/', { viewport: { width: 1200, height: 900 } });
  const frames = page.locator('iframe[data-peiling-chart=organisatie]');
  assert.equal(await frames.count(), 2);
  for (const k of [0, 1]) await page.frameLocator('iframe[data-peiling-chart=organisatie]').nth(k).locator('[data-testid=chart-svg]').waitFor();
  const wide = await settleHeights(page, [frames.nth(0), frames.nth(1)]);
  for (const h of wide) assert.ok(h > 200 && h !== 560, `a content height, not the default: ${h}`);
  await page.setViewportSize({ width: 360, height: 900 });
  const narrow = await settleHeights(page, [frames.nth(0), frames.nth(1)]);
  for (const k of [0, 1]) assert.ok(narrow[k] > wide[k] + 20, `frame ${k + 1} grew when the host narrowed: ${wide[k]} → ${narrow[k]}`);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[id]').length), 0, 'no element ids at all, so none repeated');
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('a page with the existing Datawrapper resize script sizes a Peiling embed too', async () => {
  const { page, context, record } = await openPage(browser, `${host.origin}/datawrapper.html`, { viewport: { width: 800, height: 900 } });
  const element = page.locator('iframe');
  await page.frameLocator('iframe').locator('[data-testid=chart-svg]').waitFor();
  const frame = await (await element.elementHandle()).contentFrame();
  let frameHeight, contentHeight;
  for (let attempt = 0; attempt < 50; attempt++) {
    frameHeight = await element.evaluate((f) => f.getBoundingClientRect().height);
    contentHeight = await frame.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().bottom + scrollY));
    if (Math.abs(frameHeight - contentHeight) <= 1 && frameHeight !== 400) break;
    await page.waitForTimeout(100);
  }
  assert.ok(frameHeight !== 400 && Math.abs(frameHeight - contentHeight) <= 1, `iframe ${frameHeight} px, content ${contentHeight} px`);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('data= and codebook= on the same site are read; another origin or a non-CSV file is refused before any request', async () => {
  const reference = referenceCells(tabulate(join(root, ...SUB_PATH.split('/').filter(Boolean), 'data', 'peiling.csv'), 'organisatie', 'werkgever'));
  const hosted = `${app.base}#/embed?chart=organisatie&by=werkgever&data=data/peiling.csv&codebook=data/peiling.codebook.json`;
  const { page, context, record } = await openPage(browser, hosted);
  const figure = page.locator('[data-testid=embed] [data-chart=organisatie]');
  await figure.waitFor();
  assert.match(await figure.locator('[data-testid=chart-base]').textContent(), new RegExp(`n = ${SUBSET_ROWS}\\b`));
  await figure.locator('[data-testid=table-toggle]').click();
  const { compared, suppressed } = assertSameNumbers(await tableRows(figure.locator('[data-testid=data-table]')), reference);
  assert.ok(compared + suppressed === reference.length && compared >= 20, `${suppressed} hidden, ${compared} compared`);
  assert.ok(app.log.some((r) => r.path === `${SUB_PATH}data/peiling.csv`));
  assert.ok(app.log.some((r) => r.path === `${SUB_PATH}peiling-worker_bg.wasm`), 'the file is read by the reader worker');
  assert.equal(await page.locator('[data-testid=embed-report-link]').count(), 0, 'no link to a report of other data');

  // Without a codebook, one is inferred from the file.
  await page.goto(`${app.base}#/embed?chart=werkgever&data=data/peiling.csv`);
  await page.reload();
  await page.locator('[data-testid=embed] [data-testid=chart], [data-testid=embed-error]').first().waitFor();
  assert.equal(await page.locator('[data-testid=embed-error]').count(), 0, await page.locator('main').textContent());
  assert.match(await page.locator('[data-testid=chart-base]').textContent(), new RegExp(`n = ${SUBSET_ROWS}\\b`));

  const refusals = [
    [`${foreign.origin}/peiling.csv`, /andere site/],
    [`//127.0.0.1:${new URL(foreign.origin).port}/peiling.csv`, /andere site/],
    ['data/peiling.xlsx', /alleen CSV/],
  ];
  const before = app.log.length;
  const foreignBefore = foreign.log.length;
  for (const [data, message] of refusals) {
    await page.goto(`${app.base}#/embed?chart=organisatie&data=${encodeURIComponent(data)}`);
    await page.reload();
    const error = page.locator('[data-testid=embed-error]');
    await error.waitFor();
    assert.match(await error.textContent(), message);
    assert.equal(await page.locator('[data-testid=chart]').count(), 0);
  }
  assert.deepEqual(foreign.log.slice(foreignBefore), [], 'the other origin was never asked');
  assert.ok(!app.log.slice(before).some((r) => r.path.endsWith('.xlsx')), 'the spreadsheet was never fetched');
  assert.deepEqual(record.requests.filter((r) => r.url.startsWith(foreign.origin)), []);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('the downloaded HTML of a chart and of the report shows the same numbers with JavaScript off', async () => {
  // The downloads publish (threshold 10); by employer no group is below it.
  const reference = referenceCells(tabulate(join(repoRoot, 'data', 'vakmanschap.csv'), 'organisatie', 'werkgever', 10));
  const { page, context } = await openPage(browser, `${app.base}#/?by=werkgever`);
  const chart = page.locator('[data-testid=report] [data-chart=organisatie]');
  await chart.locator('[data-testid=table-toggle]').click();
  const shown = await tableRows(chart.locator('[data-testid=data-table]'));

  await chart.locator('[data-testid=download-open]').click();
  const [chartDownload] = await Promise.all([page.waitForEvent('download'), chart.locator('[data-testid=download-html]').click()]);
  const chartFile = join(artifactsDir, 'embed-chart.html');
  await chartDownload.saveAs(chartFile);
  const [reportDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=download-report-html]').click()]);
  const reportFile = join(artifactsDir, 'embed-report.html');
  await reportDownload.saveAs(reportFile);
  const chartsInReport = await page.locator('[data-testid=report] [data-testid=chart]').count();
  await context.close();

  const offline = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
  const view = await offline.newPage();
  const requests = [];
  view.on('request', (r) => requests.push(r.url()));
  for (const file of [chartFile, reportFile]) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /<script/i, `${file} needs no script`);
    await view.goto('file://' + file);
    const table = file === chartFile ? view.locator('table').first() : view.locator('table', { hasText: 'Toenemende werkdruk' }).filter({ hasText: 'Gemeente' }).first();
    const rows = await tableRows(table);
    assert.deepEqual(rows, shown, `${file}: the same table as on screen`);
    const { compared } = assertSameNumbers(rows, reference);
    assert.ok(compared >= 30);
    const svg = view.locator('svg', { hasText: 'Toenemende werkdruk' }).first();
    assert.ok(await svg.isVisible(), 'the chart is drawn');
    assert.match(await svg.textContent(), /Rijksoverheid/);
  }
  assert.equal(await view.locator('svg').count() >= chartsInReport, true, 'every chart of the report is in the file');
  assert.deepEqual(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')), [], 'the files load nothing');
  await offline.close();
});

test('a host page with 30 embedded charts draws every one, sizes each to its content, with no error and no request outside the two sites', async () => {
  // The embed codes of every chart of the report, as the Insluiten dialog writes them.
  const { page: report, context: reportContext } = await openPage(browser, `${app.base}#/?by=werkgever`);
  await report.waitForSelector('[data-testid=report] [data-testid=chart][data-chart]');
  const ids = await report.locator('[data-testid=report] [data-testid=chart][data-chart]').evaluateAll((f) => f.map((x) => x.dataset.chart));
  const codes = [];
  for (const id of ids) {
    await report.locator(`[data-testid=report] [data-chart=${id}] [data-testid=embed-open]`).click();
    const dialog = report.locator('[data-testid=embed-dialog]');
    await dialog.waitFor();
    codes.push({ id, code: await dialog.locator('[data-testid=embed-code]').inputValue() });
    await report.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }
  await reportContext.close();
  assert.ok(codes.length >= 8, `charts in the report: ${ids}`);

  // 30 frames: every chart broken down by employer, then without a breakdown, then the first
  // ones again, identical (an article may show the same chart twice).
  const frames = [];
  for (let i = 0; frames.length < 30; i++) {
    const { id, code } = codes[i % codes.length];
    const round = Math.floor(i / codes.length);
    assert.ok(code.includes('&amp;by=werkgever'), code);
    frames.push({ id, code: round === 1 ? code.replace('&amp;by=werkgever', '') : code });
  }
  const template = readFileSync(join(HOST_DIR, 'index.html'), 'utf8');
  host.setBody(template.replace('<!--EMBED:1-->', frames.map((f) => f.code).join('\n')).replace('<!--EMBED:2-->', '').replace('<!--FOREIGN-->', ''));
  const { page, context, record } = await openPage(browser, host.origin + '/', { viewport: { width: 1200, height: 900 } });
  const iframes = page.locator('iframe[data-peiling-chart]');
  await iframes.first().waitFor();
  assert.equal(await iframes.count(), 30);
  const elements = [];
  for (let k = 0; k < 30; k++) {
    const element = iframes.nth(k);
    assert.equal(await element.getAttribute('data-peiling-chart'), frames[k].id);
    // In view, as a reader scrolls: Chromium pauses the rendering of cross-origin frames off
    // screen.
    await element.scrollIntoViewIfNeeded();
    const frame = await (await element.elementHandle()).contentFrame();
    await frame.locator(`[data-testid=chart][data-chart=${frames[k].id}] [data-testid=chart-svg]`).waitFor({ timeout: 30000 });
    assert.ok(await frame.locator('[data-testid=chart-svg] rect, [data-testid=chart-svg] path').count() > 0, `frame ${k + 1} (${frames[k].id}) has marks`);
    elements.push(element);
  }
  const heights = await settleHeights(page, elements);
  for (const [k, h] of heights.entries()) assert.ok(h > 150 && h !== 560, `frame ${k + 1}: a content height, not the default: ${h}`);
  // Identical codes give identical frames.
  assert.equal(heights[2 * codes.length], heights[0]);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  const outside = record.requests.filter((r) => !r.url.startsWith(app.origin) && !r.url.startsWith(host.origin) && !r.url.startsWith('data:') && !r.url.startsWith('blob:'));
  assert.deepEqual(outside, [], 'no request outside the host and the app');
  await context.close();
});
