// What leaves the page, in Chromium: every download format of an overall, a broken-down and a
// filtered chart, read back with other programs (Python's csv module with `;` and decimal
// commas, openpyxl, poppler for the printed PDF) against the command line's figures and the
// data file itself; the file names; the download menu and the filter panel by keyboard only,
// where focus goes after each action, and axe with each of them open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serveDist, openPage, axeViolations, artifactsDir, repoRoot, cliPath } from './harness.mjs';

const data = join(repoRoot, 'data', 'vakmanschap.csv');
const codebook = join(repoRoot, 'data', 'vakmanschap.codebook.json');

/** The engine's answer for a query, from the command line. */
function tabulate(question, ...args) {
  const out = execFileSync(cliPath, ['tabulate', data, '--codebook', codebook, '--question', question, '--format', 'json', ...args], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** Runs a Python program on `file` and returns what it prints as JSON. */
function python(program, file) {
  return JSON.parse(execFileSync('python3', ['-c', program, file], { encoding: 'utf8' }));
}

/** Respondents of the data file whose `column` is `value`, counted by Python's csv module. */
function respondentsWhere(column, value) {
  return python(`import csv, json, sys
rows = csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''))
print(json.dumps(sum(1 for r in rows if r[${JSON.stringify(column)}] == ${JSON.stringify(value)})))`, data);
}

/** A CSV file's records, read by Python's csv module with `delimiter`. */
function readCsv(path, delimiter) {
  return python(`import csv, json, sys
text = open(sys.argv[1], encoding='utf-8', newline='').read()
assert text.startswith('\\ufeff'), 'a byte-order mark first'
print(json.dumps(list(csv.reader(text[1:].splitlines(), delimiter=${JSON.stringify(delimiter)}))))`, path);
}

/** Every sheet of an XLSX file as rows of [value, number format] pairs, read by openpyxl. */
function readXlsx(path) {
  return python(`import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({ws.title: [[[c.value, c.number_format] for c in row] for row in ws.iter_rows()] for ws in book.worksheets}))`, path);
}

const nlDecimal = (x) => x.toFixed(1).replace('.', ',');

let browser, server;
before(async () => {
  if (!existsSync(cliPath)) execFileSync('cargo', ['build', '-p', 'peiling-cli'], { cwd: repoRoot, stdio: 'inherit' });
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

/** Whether the element `selector` finds (within `within`) has the focus. */
async function focused(page, selector) {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

async function waitForFocus(page, selector) {
  await page.waitForFunction((s) => document.activeElement?.matches(s), selector, { timeout: 5000 });
}

const FORMATS = ['png', 'svg', 'xlsx', 'csv-nl', 'csv', 'html'];

/** Downloads every format of `chart` through its menu; returns {format: {name, path}}. */
async function downloadAll(page, chart) {
  const figure = page.locator(`[data-chart="${chart}"]`);
  const files = {};
  for (const format of FORMATS) {
    await figure.getByTestId('download-open').click();
    const [download] = await Promise.all([page.waitForEvent('download'), figure.getByTestId(`download-${format}`).click()]);
    const path = join(artifactsDir, `export-${download.suggestedFilename()}`);
    await download.saveAs(path);
    files[format] = { name: download.suggestedFilename(), path };
    // After a download, focus is back on the menu's button.
    await waitForFocus(page, `[data-chart="${chart}"] [data-testid=download-open]`);
  }
  return files;
}

const VIEWS = [
  { name: 'overall', fragment: '#/', args: [], stem: 'peiling-competenties', lines: [] },
  {
    name: 'broken down',
    fragment: '#/?by=generatie',
    args: ['--by', 'generatie'],
    stem: 'peiling-competenties-naar-generatie',
    lines: ['Uitgesplitst naar: Generatie (afgeleid van leeftijd)'],
  },
  {
    name: 'filtered and broken down',
    fragment: '#/?by=generatie&f=werkgever%3AGemeente',
    args: ['--by', 'generatie', '--filter', 'werkgever=Gemeente'],
    stem: 'peiling-competenties-naar-generatie-gemeente',
    lines: ['Uitgesplitst naar: Generatie (afgeleid van leeftijd)', `Filter: Werkgever: Gemeente (n = ${respondentsWhere('werkgever', 'Gemeente')} van 1.601)`],
  },
];

for (const view of VIEWS) {
  test(`every download of a chart, ${view.name}, reads back with the engine figures and names its view`, async () => {
    const { page, context } = await open(view.fragment);
    const files = await downloadAll(page, 'competenties');
    assert.deepEqual(
      Object.fromEntries(Object.entries(files).map(([f, { name }]) => [f, name])),
      {
        png: `${view.stem}.png`,
        svg: `${view.stem}.svg`,
        xlsx: `${view.stem}.xlsx`,
        'csv-nl': `${view.stem}-excel-nl.csv`,
        csv: `${view.stem}-internationaal.csv`,
        html: `${view.stem}.html`,
      },
    );
    const engine = tabulate('competenties', ...view.args);
    const item = engine.items[0];
    // The first item's first category, overall or in its first group.
    const cell = item.groups?.length ? { group: item.groups[0].group, ...item.groups[0].categories[0] } : item.categories[0];
    const base = item.groups?.length ? item.groups[0].base_n : item.base_n;
    const matches = (row) => row[0] === item.label && row.includes(cell.label) && (!cell.group || row.some((c) => c.startsWith(cell.group)));

    // Excel-NL CSV: `;`, decimal comma, the percentage as the table shows it, the count exact.
    const nl = readCsv(files['csv-nl'].path, ';');
    const headerNl = nl[0];
    const rowNl = nl.find(matches);
    assert.ok(rowNl, `a row for ${item.label} / ${cell.label} in ${JSON.stringify(nl.slice(0, 3))}`);
    assert.equal(rowNl[headerNl.indexOf('Aantal')], String(cell.count_n));
    assert.equal(rowNl[headerNl.indexOf('Percentage')], nlDecimal(cell.percent));
    assert.equal(rowNl[headerNl.indexOf('Basis (n)')], String(base));
    const footer = nl.slice(nl.findIndex((r) => r.length === 1 && r[0] === '') + 1).map((r) => r[0]);
    for (const line of view.lines) assert.ok(footer[0].includes(line), `CSV caption says ${line}: ${footer[0]}`);
    assert.ok(footer.some((l) => l.startsWith('Ambtenarenpanel')), 'the source line');

    // International CSV: `,`, exact values.
    const intl = readCsv(files.csv.path, ',');
    const rowIntl = intl.find(matches);
    assert.equal(Number(rowIntl[intl[0].indexOf('Aantal')]), cell.count_n);
    assert.ok(Math.abs(Number(rowIntl[intl[0].indexOf('Percentage')]) - cell.percent) < 1e-9, `exact percentage ${rowIntl}`);

    // XLSX through openpyxl: an overview sheet, then the chart's sheet; numbers as numbers,
    // with a format; the caption carries the view.
    const sheets = readXlsx(files.xlsx.path);
    assert.deepEqual(Object.keys(sheets), ['Overzicht', 'competenties']);
    const overview = sheets.Overzicht.flat().map(([v]) => String(v ?? ''));
    for (const line of view.lines) assert.ok(overview.includes(line), `the overview says ${line}`);
    const rows = sheets.competenties;
    const header = rows[0].map(([v]) => v);
    const row = rows.find((r) => matches(r.map(([v]) => String(v ?? ''))));
    assert.ok(row, 'an XLSX row for the cell');
    const [count, countFormat] = row[header.indexOf('Aantal')];
    assert.equal(count, cell.count_n);
    assert.ok(countFormat !== 'General', `count has a number format: ${countFormat}`);
    const [percent] = row[header.indexOf('Percentage')];
    assert.equal(typeof percent, 'number');
    assert.ok(Math.abs(percent - cell.percent) < 1e-9);
    const texts = rows.flat().map(([v]) => String(v ?? ''));
    for (const line of view.lines) assert.ok(texts.some((t) => t.includes(line)), `XLSX says ${line}`);

    // SVG and PNG: the picture says title, base, view and source.
    const svg = readFileSync(files.svg.path, 'utf8');
    const words = [item.label.split(' ')[0], `n`, ...view.lines.flatMap((l) => l.split(' ')), 'Ambtenarenpanel,'];
    for (const word of words) assert.ok(svg.includes(word), `SVG has "${word}"`);
    const png = readFileSync(files.png.path);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    // The PNG is the SVG drawn at twice its size: its height includes the header and footer.
    const svgHeight = Number(/height="([\d.]+)"/.exec(svg)[1]);
    assert.equal(png.readUInt32BE(20), Math.round(svgHeight * 2), 'PNG height is the SVG at 2x');

    // HTML: the table's figures and the view.
    const html = readFileSync(files.html.path, 'utf8');
    assert.ok(html.includes(`${nlDecimal(cell.percent)}%`), 'HTML has the percentage');
    for (const line of view.lines) assert.ok(html.includes(line), `HTML says ${line}`);

    // On paper, each chart says its view too (the chips and the toolbar are not printed).
    const printed = await page.locator('[data-chart=competenties] [data-testid=chart-view]').count();
    assert.equal(printed, view.lines.length ? 1 : 0);
    await context.close();
  });
}

test('the whole report as a workbook: written by the lazily fetched worker, one sheet per chart, the view on the overview', async () => {
  const { page, context, record } = await open('#/?lang=en&f=werkgever%3AGemeente');
  await page.waitForLoadState('networkidle');
  const isWorker = (r) => /peiling-worker/.test(r.url);
  assert.deepEqual(record.requests.filter(isWorker), [], 'the workbook writer is not part of the first load');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report-xlsx').click()]);
  assert.ok(record.requests.some(isWorker), 'the worker was fetched for the workbook');
  assert.equal(download.suggestedFilename(), 'peiling-report-municipality.xlsx');
  const path = join(artifactsDir, 'export-report.xlsx');
  await download.saveAs(path);
  const sheets = readXlsx(path);
  const charts = await page.locator('main').getAttribute('data-charts');
  const names = Object.keys(sheets);
  assert.equal(names[0], 'Contents');
  assert.equal(names.length, 1 + Number(charts), `one sheet per chart: ${names}`);
  const overview = sheets.Contents.flat().map(([v]) => String(v ?? ''));
  assert.ok(overview.includes(`Filter: Employer: Municipality (n = ${respondentsWhere('werkgever', 'Gemeente')} of 1,601)`), overview.join(' | '));
  // Each chart sheet holds the engine's counts: the first option of "organisatie".
  const engine = tabulate('organisatie', '--lang', 'en', '--filter', 'werkgever=Gemeente');
  const top = engine.items[0].categories[0];
  const row = sheets.organisatie.find((r) => r[0][0] === top.label);
  assert.equal(row[sheets.organisatie[0].findIndex(([v]) => v === 'Count')][0], top.count_n);
  await context.close();
});

test('the download menu works by keyboard alone (WAI-ARIA menu button) and axe finds nothing with it open', async () => {
  const { page, context } = await open('', { bypassCSP: true });
  const chart = '[data-chart=organisatie]';
  const button = `${chart} [data-testid=download-open]`;
  const item = (f) => `${chart} [data-testid=download-${f}]`;
  await page.focus(button);
  await page.keyboard.press('Enter');
  await waitForFocus(page, item('png'));
  assert.equal(await page.getAttribute(button, 'aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.ok(await focused(page, item('svg')), 'ArrowDown: next');
  await page.keyboard.press('End');
  assert.ok(await focused(page, item('html')), 'End: last');
  await page.keyboard.press('ArrowDown');
  assert.ok(await focused(page, item('png')), 'ArrowDown wraps to the first');
  await page.keyboard.press('ArrowUp');
  assert.ok(await focused(page, item('html')), 'ArrowUp wraps to the last');
  await page.keyboard.press('Home');
  assert.ok(await focused(page, item('png')), 'Home: first');

  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `menu open: ${JSON.stringify(violations, null, 1)}`);

  await page.keyboard.press('Escape');
  await waitForFocus(page, button);
  assert.equal(await page.getAttribute(button, 'aria-expanded'), 'false');
  assert.ok(await page.locator(`${chart} [data-testid=download-menu]`).isHidden());
  // ArrowUp on the button opens on the last item; Tab leaves and closes the menu.
  await page.keyboard.press('ArrowUp');
  await waitForFocus(page, item('html'));
  await page.keyboard.press('Tab');
  await page.waitForFunction((b) => document.querySelector(b).getAttribute('aria-expanded') === 'false', button);
  // Space opens; ↓ ↓ ↓ ↓ to the Excel-NL CSV; Enter downloads it and focus returns to the button.
  await page.focus(button);
  await page.keyboard.press(' ');
  await waitForFocus(page, item('png'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.ok(await focused(page, item('pptx')), 'the PowerPoint item after the workbook');
  await page.keyboard.press('ArrowDown');
  assert.ok(await focused(page, item('csv-nl')));
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'peiling-organisatie-excel-nl.csv');
  await waitForFocus(page, button);
  await context.close();
});

test('the filter panel works by keyboard, closes with Escape, leaves half the screen to the report, and focus lands sensibly', async () => {
  for (const options of [{ viewport: { width: 1280, height: 900 } }, { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }]) {
    const { page, context } = await open('', { bypassCSP: true, ...options });
    const toggle = '[data-testid=filter-toggle]';
    await page.focus(toggle);
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('filter-panel');
    await panel.waitFor();
    await waitForFocus(page, '#pl-filter-panel input');
    const box = await panel.boundingBox();
    const { width, height } = options.viewport;
    assert.ok(box.width * box.height <= (width * height) / 2, `panel ${box.width}x${box.height} leaves half of ${width}x${height}`);
    assert.equal(await panel.getAttribute('role'), 'dialog');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `panel open at ${width}px: ${JSON.stringify(violations, null, 1)}`);
    // Space checks the focused answer: the report is filtered behind the open panel.
    await page.keyboard.press(' ');
    await page.waitForSelector('[data-testid=filter-chips]');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await waitForFocus(page, toggle);
    assert.equal(await page.getAttribute(toggle, 'aria-expanded'), 'false');
    await page.screenshot({ path: join(artifactsDir, `filter-panel-${width}px.png`) });
    await context.close();
  }
});

test('removing a filter chip moves focus to the next chip, then to the filter button', async () => {
  const { page, context } = await open('#/?f=werkgever%3AGemeente%7CProvincie&f=generatie%3A35-54', { bypassCSP: true });
  const chip = (n) => `[data-testid=filter-chips] li:nth-child(${n}) button`;
  assert.equal(await page.locator('[data-testid=filter-chip-remove]').count(), 3);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `chips: ${JSON.stringify(violations, null, 1)}`);
  await page.focus(chip(1));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=filter-chip-remove]').length === 2);
  await waitForFocus(page, chip(1));
  assert.match(await page.locator(chip(1)).getAttribute('aria-label'), /Provincie/);
  // The last chip: focus goes to the one before it.
  await page.focus(chip(2));
  await page.keyboard.press('Enter');
  await waitForFocus(page, chip(1));
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=filter-chips]', { state: 'detached' });
  await waitForFocus(page, '[data-testid=filter-toggle]');
  // "Filters wissen" under the chips: focus to the filter button.
  await page.goto(server.url + '#/?f=werkgever%3AGemeente');
  await page.reload();
  await page.waitForSelector('[data-testid=filter-chips]');
  await page.focus('[data-testid=filter-chips-clear]');
  await page.keyboard.press('Enter');
  await waitForFocus(page, '[data-testid=filter-toggle]');
  await context.close();
});

test('"show report" after a file review puts the focus on the report title', async () => {
  const { page, context } = await open();
  await page.getByTestId('own-file').click();
  await page.setInputFiles('[data-testid=file-input]', join(repoRoot, 'tests', 'e2e', 'fixtures', 'qualtrics.csv'));
  await page.getByTestId('review').waitFor({ timeout: 30000 });
  await page.getByTestId('review-show').click();
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
  await waitForFocus(page, '[data-testid=report-title]');
  await context.close();
});

test('the report prints to a clean A4 PDF: a title page, then one chart per page, none split', async () => {
  for (const fragment of ['#/', '#/?by=generatie&f=werkgever%3AGemeente']) {
    const { page, context } = await open(fragment);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=chart]').length === Number(document.querySelector('main').dataset.charts));
    const charts = await page.locator('[data-testid=chart]').evaluateAll((figures) =>
      figures.map((f) => ({ title: f.querySelector('h3').textContent, source: f.querySelector('figcaption').textContent })),
    );
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const path = join(artifactsDir, `report${fragment === '#/' ? '' : '-filtered'}.pdf`);
    writeFileSync(path, pdf);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
    assert.ok(Math.abs(Number(size[1]) - 595.28) < 1 && Math.abs(Number(size[2]) - 841.89) < 1, `A4 portrait: ${size[0]}`);
    assert.equal(pages, 1 + charts.length, `${fragment}: a title page and one page per chart`);
    // Each chart's title and its source line (the figure's last line) are on the same page.
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/[ \t\r\n\u00ad]+/g, ' ');
    const normal = (s) => s.replace(/\s+/g, ' ').trim();
    let from = 0;
    for (const { title, source } of charts) {
      const at = text.indexOf(normal(title), from);
      assert.ok(at >= 0, `title "${title}" in the PDF`);
      const end = text.indexOf(normal(source).slice(0, 40), at);
      assert.ok(end > at, `source after "${title}"`);
      assert.ok(!text.slice(at, end).includes('\f'), `"${title}" is not split over two pages`);
      from = end;
    }
    // No controls on paper.
    for (const word of ['Downloaden', 'Insluiten', 'Uitsplitsen naar', 'Filters wissen']) {
      assert.ok(!text.includes(word), `"${word}" is not printed`);
    }
    if (fragment !== '#/') assert.ok(text.includes('Filter: Werkgever: Gemeente'), 'each chart names its filter on paper');
    await context.close();
  }
});
