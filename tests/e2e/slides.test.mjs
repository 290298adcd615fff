// PowerPoint decks downloaded from the page, in Chromium: one chart's deck from its download
// menu and the whole report's from under the report, each unpacked with Python's zipfile (the
// slides, the pictures' PNG headers) and converted to PDF by LibreOffice Impress (`soffice
// --headless`), whose text poppler's pdftotext gives: every chart title, the base and the
// filter with its respondents counted from the data file by Python's csv module. While the
// whole report's deck is made, the page must stay responsive (long tasks measured with the
// browser's PerformanceObserver).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serveDist, openPage, artifactsDir, repoRoot, cliPath } from './harness.mjs';

const data = join(repoRoot, 'data', 'vakmanschap.csv');
const codebook = join(repoRoot, 'data', 'vakmanschap.codebook.json');

function tabulate(question, ...args) {
  const out = execFileSync(cliPath, ['tabulate', data, '--codebook', codebook, '--question', question, '--format', 'json', ...args], { encoding: 'utf8' });
  return JSON.parse(out);
}

function python(program, ...args) {
  return JSON.parse(execFileSync('python3', ['-c', program, ...args], { encoding: 'utf8' }));
}

function respondentsWhere(column, value) {
  return python(`import csv, json, sys
rows = csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''))
print(json.dumps(sum(1 for r in rows if r[${JSON.stringify(column)}] == ${JSON.stringify(value)})))`, data);
}

/** A PPTX's slide parts and each picture's PNG signature, width and height, read by zipfile. */
function unpack(path) {
  return python(`import json, re, struct, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
names = z.namelist()
slides = sorted(n for n in names if re.fullmatch(r'ppt/slides/slide\\d+\\.xml', n))
pictures = []
for n in sorted(n for n in names if n.startswith('ppt/media/')):
    png = z.read(n)
    w, h = struct.unpack('>II', png[16:24])
    pictures.append({'name': n, 'signature': list(png[:8]), 'width': w, 'height': h, 'bytes': len(png)})
print(json.dumps({'slides': slides, 'pictures': pictures, 'types': z.read('[Content_Types].xml').decode()}))`, path);
}

/** LibreOffice's PDF of `path`: its page count and its text with whitespace collapsed. */
function throughLibreOffice(path) {
  const dir = mkdtempSync(join(tmpdir(), 'peiling-soffice-'));
  try {
    // A profile of its own: a LibreOffice running elsewhere would otherwise take the job.
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path], { stdio: 'pipe', timeout: 120000 });
    const pdf = join(dir, path.split('/').pop().replace(/\.pptx$/, '.pdf'));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)[1]), text: text.replace(/[\s\u00ad]+/g, ' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const normal = (s) => s.replace(/\s+/g, ' ').trim();
// pdftotext joins a word broken at a line-end hyphen ("civil-" + "service" → "civilservice"),
// so titles are compared without spaces and hyphens.
const bare = (s) => s.replace(/[\s\u00ad-]+/g, '');

/**
 * Records the page's long tasks from now on, as the browser reports them; first proves that the
 * observer sees one (a 120 ms busy loop in a task of the page's own).
 */
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    setTimeout(() => {
      const end = performance.now() + 120;
      while (performance.now() < end);
    }, 0);
  });
  await page.waitForFunction(() => window.__longTasks.some((d) => d >= 100));
  await page.evaluate(() => (window.__longTasks = []));
}

/** Each chart is drawn in a task of its own: no task since `watchLongTasks` held the page long. */
async function assertResponsive(page, what) {
  const longTasks = await page.evaluate(() => window.__longTasks);
  const longest = Math.max(0, ...longTasks);
  console.log(`# ${what}; ${longTasks.length} long tasks, longest ${Math.round(longest)} ms`);
  assert.ok(longest < 300, `longest task ${longest} ms`);
}

let browser, server;
before(async () => {
  if (!existsCli()) execFileSync('cargo', ['build', '-p', 'peiling-cli'], { cwd: repoRoot, stdio: 'inherit' });
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function existsCli() {
  try {
    execFileSync(cliPath, ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test("one chart's deck from its download menu: title, base, filter and source on the slide, the chart as a PNG", async () => {
  const { page, context } = await openPage(browser, server.url + '#/?by=generatie&f=werkgever%3AGemeente');
  await page.waitForSelector('[data-testid=chart]');
  const figure = page.locator('[data-chart="competenties"]');
  await figure.getByTestId('download-open').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), figure.getByTestId('download-pptx').click()]);
  assert.equal(download.suggestedFilename(), 'peiling-competenties-naar-generatie-gemeente.pptx');
  const path = join(artifactsDir, `slides-${download.suggestedFilename()}`);
  await download.saveAs(path);
  // After the download, focus is back on the menu's button, as for every format.
  await page.waitForFunction(() => document.activeElement?.matches('[data-chart=competenties] [data-testid=download-open]'));

  const deck = unpack(path);
  assert.match(deck.types, /presentationml\.presentation\.main\+xml/);
  assert.equal(deck.pictures.length, 1, 'one picture');
  const [picture] = deck.pictures;
  assert.deepEqual(picture.signature, PNG_SIGNATURE, 'the picture is a PNG');
  // Drawn at 960 CSS pixels plus 16 pixels of padding on each side, at twice the size.
  assert.equal(picture.width, 2 * (960 + 2 * 16));
  assert.ok(picture.height > 300 && picture.height < 8000, `height ${picture.height}`);
  assert.ok(picture.bytes > 10000, `a drawn chart, not an empty canvas: ${picture.bytes} bytes`);

  const engine = tabulate('competenties', '--by', 'generatie', '--filter', 'werkgever=Gemeente');
  const gemeente = respondentsWhere('werkgever', 'Gemeente');
  const pdf = throughLibreOffice(path);
  assert.equal(pdf.pages, deck.slides.length, 'LibreOffice shows every slide');
  const title = await figure.locator('h3').textContent();
  assert.ok(bare(pdf.text).includes(bare(title)), `the title ${title}`);
  // The first group's base, as the command line counts it, in the picture's table slide or
  // the chart's base line.
  assert.ok(engine.items[0].groups.length > 0, 'broken down');
  assert.ok(pdf.text.includes(`Filter: Werkgever: Gemeente (n = ${gemeente} van 1.601)`), pdf.text.slice(0, 600));
  assert.ok(pdf.text.includes('Uitgesplitst naar: Generatie'), 'the breakdown');
  assert.ok(pdf.text.includes(`n = ${gemeente}`), 'the base');
  assert.ok(pdf.text.includes('Ambtenarenpanel'), 'the source');
  await context.close();
});

test("the whole report's deck: a title slide and every chart, made without freezing the page, by the lazily fetched worker", async () => {
  const { page, context, record } = await openPage(browser, server.url + '#/?lang=en&f=werkgever%3AGemeente');
  await page.waitForSelector('[data-testid=chart]');
  await page.waitForLoadState('networkidle');
  const isWorker = (r) => /peiling-worker/.test(r.url);
  assert.deepEqual(record.requests.filter(isWorker), [], 'the deck writer is not part of the first load');
  const charts = Number(await page.locator('main').getAttribute('data-charts'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=chart]').length === n, charts);
  const titles = await page.locator('[data-testid=chart] h3').allTextContents();
  await watchLongTasks(page);
  const started = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), page.getByTestId('download-report-pptx').click()]);
  const ms = Date.now() - started;
  assert.ok(record.requests.some(isWorker), 'the worker was fetched for the deck');
  assert.equal(download.suggestedFilename(), 'peiling-report-municipality.pptx');
  await page.waitForFunction(() => document.querySelector('[data-testid=report-pptx-status]').textContent === 'PowerPoint downloaded.');
  await assertResponsive(page, `whole-report deck of ${charts} charts: ${ms} ms`);

  const path = join(artifactsDir, 'slides-report.pptx');
  await download.saveAs(path);
  const deck = unpack(path);
  assert.equal(deck.pictures.length, charts, 'one picture per chart');
  for (const p of deck.pictures) assert.deepEqual(p.signature, PNG_SIGNATURE, `${p.name} is a PNG`);
  assert.ok(deck.slides.length >= 1 + charts, `${deck.slides.length} slides: the title slide and each chart`);

  const pdf = throughLibreOffice(path);
  assert.equal(pdf.pages, deck.slides.length, 'LibreOffice converts every slide');
  const gemeente = respondentsWhere('werkgever', 'Gemeente');
  assert.ok(pdf.text.includes(`Filter: Employer: Municipality (n = ${gemeente} of 1,601)`), pdf.text.slice(0, 800));
  assert.ok(pdf.text.includes(`n = ${gemeente}`), 'the base within the filter on the title slide');
  let from = 0;
  const text = bare(pdf.text);
  for (const title of titles) {
    const at = text.indexOf(bare(title), from);
    assert.ok(at >= 0, `"${title}" in the deck, in the report's order`);
    from = at;
  }
  await context.close();
});

test("a larger survey's deck (generated, 40 questions) is made without freezing the page", async () => {
  // bench/gen-survey.mjs: five profile questions, twenty statements, fifteen options.
  const file = join(artifactsDir, 'slides-survey-2000.csv');
  execFileSync('node', [join(repoRoot, 'bench', 'gen-survey.mjs'), '2000', file]);
  const { page, context } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid=chart]');
  await page.getByTestId('own-file').click();
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.getByTestId('review').waitFor({ timeout: 30000 });
  await page.getByTestId('review-show').click();
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
  const charts = Number(await page.locator('main').getAttribute('data-charts'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=chart]').length === n, charts, { timeout: 30000 });
  await watchLongTasks(page);
  const started = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180000 }), page.getByTestId('download-report-pptx').click()]);
  const ms = Date.now() - started;
  await assertResponsive(page, `deck of an uploaded survey of ${charts} charts: ${ms} ms`);
  const path = join(artifactsDir, 'slides-survey.pptx');
  await download.saveAs(path);
  const deck = unpack(path);
  assert.equal(deck.pictures.length, charts, 'one picture per chart');
  await context.close();
});
