// The report page on the bundled consultation, in Chromium: the numbers shown equal the
// engine's (computed by the `peiling` command line for the same query, not copied), language,
// breakdown, filters, exports read back, keyboard, accessibility, small screens, timings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serveDist, openPage, foreignRequests, axeViolations, artifactsDir, repoRoot, cliPath } from './harness.mjs';

const cli = cliPath;
const data = join(repoRoot, 'data', 'vakmanschap.csv');
const codebook = join(repoRoot, 'data', 'vakmanschap.codebook.json');

/** The engine's answer for a query, from the command line. */
function tabulate(question, ...args) {
  const out = execFileSync(cli, ['tabulate', data, '--codebook', codebook, '--question', question, '--format', 'json', ...args], { encoding: 'utf8' });
  return JSON.parse(out);
}

const nl1 = (x) => `${x.toFixed(1).replace('.', ',')}%`;
const en1 = (x) => `${x.toFixed(1)}%`;

let browser, server;
before(async () => {
  if (!existsSync(cli)) execFileSync('cargo', ['build', '-p', 'peiling-cli'], { cwd: repoRoot, stdio: 'inherit' });
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(fragment = '', options) {
  const opened = await openPage(browser, server.url + fragment, options);
  await opened.page.waitForSelector('[data-testid=chart]');
  return opened;
}

/** The rows of a chart's table as arrays of cell texts. */
async function tableRows(page, chart) {
  const figure = page.locator(`[data-chart="${chart}"]`);
  await figure.getByTestId('table-toggle').click();
  return figure.locator('[data-testid=data-table] tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent.trim())),
  );
}

test('the multi-select chart shows the engine counts and percentages of every option', async () => {
  const { page, context, record } = await open();
  const engine = tabulate('organisatie');
  const rows = await tableRows(page, 'organisatie');
  for (const category of engine.items[0].categories) {
    const row = rows.find((r) => r[0] === category.label);
    assert.ok(row, `a row for ${category.label}`);
    assert.ok(row.includes(String(category.count_n)), `${category.label}: count ${category.count_n} in ${row}`);
    assert.ok(row.includes(nl1(category.percent)), `${category.label}: ${nl1(category.percent)} in ${row}`);
  }
  // The bar labels are the whole percentages.
  const labels = await page.locator('[data-chart=organisatie] [data-testid=chart-svg] text').allTextContents();
  const top = engine.items[0].categories[0];
  assert.ok(labels.includes(`${Math.round(top.percent)}%`), `bar label ${Math.round(top.percent)}% among ${labels}`);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record, server.url.replace(/\/$/, '')), []);
  await page.screenshot({ path: join(artifactsDir, 'report-nl.png'), fullPage: true });
  await context.close();
});

test('key sentences are the engine key sentences, in Dutch and in English', async () => {
  const { page, context } = await open();
  assert.equal(await page.getByTestId('report-base').textContent(), 'n = 1.601');
  const section = page.locator('section#vakmanschap [data-testid=key-sentences] li').first();
  assert.equal(await section.textContent(), tabulate('stellingen').key_sentences[0]);
  await page.getByTestId('lang-en').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.getByTestId('report-base').textContent(), 'n = 1,601');
  assert.equal(await section.textContent(), tabulate('stellingen', '--lang', 'en').key_sentences[0]);
  assert.match(page.url(), /lang=en/);
  const rows = await tableRows(page, 'organisatie');
  const top = tabulate('organisatie', '--lang', 'en').items[0].categories[0];
  assert.ok(rows.some((r) => r.includes(en1(top.percent))), `${en1(top.percent)} in the English table`);
  await page.screenshot({ path: join(artifactsDir, 'report-en.png') });
  await context.close();
});

test('a breakdown shows one bar per group with the engine figures, and the URL keeps it', async () => {
  const { page, context, record } = await open();
  // Timed inside the page: the change event, then the next frame painted after the update.
  const timing = await page.evaluate(async () => {
    const select = document.querySelector('[data-testid=breakdown]');
    const started = performance.now();
    select.value = 'werkgever';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    return { update: performance.now() - started, report: performance.getEntriesByName('peiling:report').at(-1).duration };
  });
  await page.waitForSelector('[data-testid=breakdown-note]');
  console.log(`breakdown: all charts updated in ${timing.update.toFixed(0)} ms (report computed in ${timing.report.toFixed(1)} ms)`);
  assert.match(page.url(), /by=werkgever/);
  const engine = tabulate('stellingen', '--by', 'werkgever');
  const rows = await tableRows(page, 'stellingen');
  const first = engine.items[0];
  for (const group of first.groups) {
    for (const category of group.categories) {
      const row = rows.find((r) => r[0] === first.label && r.some((c) => c.startsWith(group.group)) && r.includes(category.label));
      assert.ok(row, `row ${first.label} / ${group.group} / ${category.label}`);
      assert.ok(row.includes(String(category.count_n)), `count ${category.count_n} in ${row}`);
      assert.ok(row.includes(nl1(category.percent)), `${nl1(category.percent)} in ${row}`);
    }
  }
  await page.screenshot({ path: join(artifactsDir, 'report-breakdown.png'), fullPage: false });
  // Reloading the link shows the same view.
  const again = await open(new URL(page.url()).hash);
  assert.equal(await again.page.getByTestId('breakdown').inputValue(), 'werkgever');
  await again.context.close();
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('a filter is shown as a chip, changes every base, and can be removed', async () => {
  const { page, context } = await open();
  await page.getByTestId('filter-toggle').click();
  const started = await page.evaluate(() => performance.now());
  await page.getByTestId('filter-panel').getByLabel('Gemeente', { exact: true }).check();
  await page.waitForSelector('[data-testid=filter-chips]');
  const updated = await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(performance.now()))));
  console.log(`filter: all charts updated in ${(updated - started).toFixed(0)} ms`);
  const engine = tabulate('organisatie', '--filter', 'werkgever=Gemeente');
  const base = engine.items[0].base_n;
  assert.match(await page.getByTestId('report-base').textContent(), new RegExp(`^n = ${base} van 1\\.601`));
  const subtitle = await page.locator('[data-chart=organisatie] [data-testid=chart-base]').textContent();
  assert.ok(subtitle.startsWith(`n = ${base}`), subtitle);
  const rows = await tableRows(page, 'organisatie');
  for (const category of engine.items[0].categories) {
    assert.ok(rows.some((r) => r[0] === category.label && r.includes(String(category.count_n))), category.label);
  }
  assert.match(page.url(), /f=werkgever%3AGemeente/);
  await page.getByTestId('filter-chip-remove').click();
  await page.waitForSelector('[data-testid=filter-chips]', { state: 'detached' });
  assert.equal(await page.getByTestId('report-base').textContent(), 'n = 1.601');
  await context.close();
});

test('every export of a chart downloads and reads back with the engine numbers', async () => {
  const { page, context } = await open();
  const engine = tabulate('organisatie');
  const top = engine.items[0].categories[0];
  const figure = page.locator('[data-chart=organisatie]');
  const files = {};
  for (const format of ['svg', 'png', 'csv', 'xlsx', 'html']) {
    await figure.getByTestId('download-open').click();
    const [download] = await Promise.all([page.waitForEvent('download'), figure.getByTestId(`download-${format}`).click()]);
    const path = join(artifactsDir, download.suggestedFilename());
    await download.saveAs(path);
    files[format] = readFileSync(path);
  }
  const svg = files.svg.toString('utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(svg.includes(top.label) && svg.includes(`${Math.round(top.percent)}%`), 'SVG has the top option and its percentage');
  assert.deepEqual([...files.png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.ok(files.png.length > 5000, 'PNG has content');
  const csv = files.csv.toString('utf8');
  const line = csv.split(/\r?\n/).find((l) => l.includes(top.label));
  assert.ok(line && line.includes(String(top.count_n)), `CSV line for ${top.label}: ${line}`);
  // XLSX: a zip whose chart sheet (after the overview) holds the same count (read with
  // Python's standard zipfile).
  const xlsxPath = join(artifactsDir, 'check.xlsx');
  writeFileSync(xlsxPath, files.xlsx);
  const sheet = execFileSync('python3', ['-c', `import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.read('xl/worksheets/sheet2.xml').decode()); print(z.read('xl/sharedStrings.xml').decode() if 'xl/sharedStrings.xml' in z.namelist() else '')`, xlsxPath], { encoding: 'utf8' });
  assert.ok(sheet.includes(`<v>${top.count_n}</v>`), 'XLSX cell with the count');
  assert.ok(sheet.includes(top.label), 'XLSX has the label');
  const html = files.html.toString('utf8');
  assert.ok(!/<script/i.test(html), 'the HTML export has no script');
  assert.ok(html.includes(top.label) && html.includes(nl1(top.percent)), 'HTML export has the table');
  await context.close();
});

test('the chart is one tab stop and arrow keys show each value in a tooltip', async () => {
  const { page, context } = await open();
  const svg = page.locator('[data-chart=stellingen] [data-testid=chart-svg]');
  await svg.focus();
  await page.keyboard.press('ArrowRight');
  const tooltip = page.locator('[data-chart=stellingen] [data-testid=tooltip]');
  await tooltip.waitFor();
  const first = await tooltip.textContent();
  assert.match(first, /Zeer mee oneens/);
  await page.keyboard.press('ArrowRight');
  assert.match(await tooltip.textContent(), /Mee oneens/);
  assert.match(await page.locator('[data-chart=stellingen] [data-testid=chart-live]').textContent(), /95%/);
  await page.keyboard.press('Escape');
  await tooltip.waitFor({ state: 'detached' });
  await context.close();
});

test('axe finds no WCAG 2.1 AA violations: Dutch, English, broken down, table open', async () => {
  for (const fragment of ['#/', '#/?lang=en', '#/?by=generatie', '#/?lang=en&by=werkgever&f=leeftijd%3A25-34']) {
    // axe is injected as a script, which the page's own policy would refuse.
    const { page, context } = await open(fragment, { bypassCSP: true });
    await page.locator('[data-chart=stellingen] [data-testid=table-toggle]').click();
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${fragment}: ${JSON.stringify(violations, null, 1)}`);
    await context.close();
  }
});

test('the page works at 320 px wide and at 200% zoom without sideways scrolling', async () => {
  for (const options of [{ viewport: { width: 320, height: 800 } }, { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }]) {
    const { page, context } = await open('', options);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow at ${options.viewport.width}px (${overflow}px)`);
    const svgWidth = await page.locator('[data-testid=chart-svg]').first().evaluate((e) => e.getBoundingClientRect().width);
    assert.ok(svgWidth <= options.viewport.width, `chart fits: ${svgWidth}`);
    await page.screenshot({ path: join(artifactsDir, `report-${options.viewport.width}px.png`) });
    await context.close();
  }
});

test('first chart timing is recorded', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid=chart-svg]')) {
        window.__firstChart = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url);
  await page.waitForFunction(() => window.__firstChart);
  const timing = await page.evaluate(() => ({ firstChart: window.__firstChart, domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd }));
  console.log(`first chart at ${timing.firstChart.toFixed(0)} ms after navigation start (DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms)`);
  assert.ok(timing.firstChart > 0);
  await context.close();
});
