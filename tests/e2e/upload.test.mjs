// Bring your own data, in Chromium: a file is read on this computer only (every request
// recorded), reviewed, edited and shown as the report; survey-tool exports give the engine's
// numbers (computed by the `peiling` command line on the same file, not copied); bad files get
// a clear message and the report behind stays; markup in labels stays text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, openSync, writeSync, closeSync, ftruncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, crc32 } from 'node:zlib';
import { servedDist, openPage, foreignRequests, axeViolations, artifactsDir, repoRoot, cliPath } from './harness.mjs';

const cli = cliPath;
const fixtures = join(repoRoot, 'tests', 'e2e', 'fixtures');

/** The engine's answer for one question of a file, from the command line. */
function tabulate(file, question, ...args) {
  return JSON.parse(execFileSync(cli, ['tabulate', file, '--question', question, '--format', 'json', ...args], { encoding: 'utf8' }));
}
/** How the engine reads a file, from the command line. */
function inspect(file, ...args) {
  return JSON.parse(execFileSync(cli, ['inspect', file, '--json', ...args], { encoding: 'utf8' }));
}

const nl1 = (x) => `${x.toFixed(1).replace('.', ',')}%`;

// ---- files made here -------------------------------------------------------------------

/** A zip archive of `entries` ({name, data} or {name, size, crc, packed}), deflated. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const packed = entry.packed ?? deflateRawSync(entry.data);
    const size = entry.size ?? entry.data.length;
    const crc = entry.crc ?? crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A one-sheet XLSX workbook of `rows` (strings become inline strings, numbers values). */
function xlsx(rows) {
  const column = (i) => String.fromCharCode(65 + i);
  const sheetRows = rows
    .map((row, r) =>
      `<row r="${r + 1}">${row
        .map((cell, c) =>
          typeof cell === 'number'
            ? `<c r="${column(c)}${r + 1}"><v>${cell}</v></c>`
            : `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`,
        )
        .join('')}</row>`,
    )
    .join('');
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}"><sheets><sheet name="Antwoorden" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  };
  return zip(Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text) })));
}

/** A staff survey as a one-sheet workbook, written here (not by the reader under test). */
function staffWorkbook() {
  const departments = ['Financiën', 'HR', 'ICT', 'HR', 'Financiën', 'ICT', 'HR', 'HR', 'ICT', 'Financiën', 'HR', 'ICT'];
  const scale = ['Zeer ontevreden', 'Ontevreden', 'Neutraal', 'Tevreden', 'Zeer tevreden'];
  const rows = [['Respondent', 'Afdeling', 'Hoe tevreden bent u met uw werk?', 'Leeftijd']];
  departments.forEach((d, i) => rows.push([i + 1, d, scale[(i * 3) % 5], 23 + ((i * 7) % 40)]));
  return xlsx(rows);
}

/**
 * An XLSX whose parts unpack to 17 × 64 MiB of zeros (over 1 GiB) from about 1 MB: a zip
 * bomb with honest sizes.
 */
function zipBomb() {
  const block = Buffer.alloc(64 * 1024 * 1024, 0x20);
  const packed = deflateRawSync(block, { level: 9 });
  const crc = crc32(block);
  const entries = [{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }];
  for (let i = 0; i < 17; i++) entries.push({ name: `xl/worksheets/sheet${i + 1}.xml`, size: block.length, crc, packed });
  return zip(entries);
}

function artifact(name, bytes) {
  const path = join(artifactsDir, name);
  writeFileSync(path, bytes);
  return path;
}

// ---- the page ---------------------------------------------------------------------------

const suite = servedDist();

async function open(options) {
  const opened = await openPage(suite.browser, suite.server.url, options);
  await opened.page.waitForSelector('[data-testid=chart]');
  opened.dialogs = [];
  opened.page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  return opened;
}

/** Chooses `file` (a path or {name, mimeType, buffer}) in the file input. */
async function choose(page, file) {
  await page.setInputFiles('[data-testid=file-input]', file);
}

/** Chooses `file` and waits for the review. */
async function review(page, file) {
  await choose(page, file);
  const dialog = page.getByTestId('review');
  await dialog.waitFor({ timeout: 30000 });
  return dialog;
}

async function showReport(page) {
  await page.getByTestId('review-show').click();
  await page.getByTestId('review').waitFor({ state: 'detached' });
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
}

/** The rows of a chart's table as arrays of cell texts. */
async function tableRows(page, chart) {
  const figure = page.locator(`[data-testid=chart][data-chart="${chart}"]`);
  await figure.getByTestId('table-toggle').click();
  return figure.locator('[data-testid=data-table] tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent.trim())),
  );
}

/** Asserts the chart of `question` shows the engine's count and percentage of each answer. */
async function assertChartMatchesEngine(page, file, question, ...args) {
  const engine = tabulate(file, question, ...args);
  const rows = await tableRows(page, question);
  for (const category of engine.items[0].categories) {
    const row = rows.find((r) => r[0] === category.label);
    assert.ok(row, `${question}: a row for ${category.label} in ${JSON.stringify(rows)}`);
    // Weighted tables show the weighted count, rounded.
    const count = engine.weighted ? String(Math.round(category.count)) : String(category.count_n);
    assert.ok(row.includes(count), `${category.label}: count ${count} in ${row}`);
    assert.ok(row.includes(nl1(category.percent)), `${category.label}: ${nl1(category.percent)} in ${row}`);
  }
}

const fact = async (page, id) => (await page.getByTestId(id).textContent()).trim();

// ---- privacy ------------------------------------------------------------------------------

test('privacy: only GETs of our own files, the reader fetched only after a file is chosen, nothing sent, policy in force', async () => {
  const { page, context, record } = await open();
  await page.evaluate(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  await page.getByTestId('own-file').click();
  assert.equal(
    (await page.getByTestId('privacy').textContent()).trim(),
    'Je bestand wordt op deze computer gelezen en nergens naartoe gestuurd.',
  );
  await page.waitForLoadState('networkidle');
  const isReader = (r) => /peiling-worker/.test(r.url);
  assert.deepEqual(record.requests.filter(isReader), [], 'nothing of the reader before a file is chosen');
  const before = record.requests.length;

  const file = join(fixtures, 'qualtrics.csv');
  await review(page, file);
  const readerRequests = record.requests.slice(before).filter(isReader);
  assert.ok(readerRequests.length >= 2, `the reader's script and wasm were fetched now: ${readerRequests.map((r) => r.url)}`);
  await showReport(page);

  // Every export: each chart format, the whole report as HTML, the codebook.
  const figure = page.locator('[data-testid=chart]').first();
  const downloads = [];
  for (const format of ['svg', 'png', 'csv', 'xlsx', 'html']) {
    await figure.getByTestId('download-open').click();
    const [download] = await Promise.all([page.waitForEvent('download'), figure.getByTestId(`download-${format}`).click()]);
    downloads.push(download.suggestedFilename());
  }
  if (await page.getByTestId('download-report-html').count()) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report-html').click()]);
    downloads.push(download.suggestedFilename());
  }
  await page.getByTestId('codebook-open').click();
  const [codebook] = await Promise.all([page.waitForEvent('download'), page.getByTestId('codebook-save').click()]);
  downloads.push(codebook.suggestedFilename());
  assert.ok(downloads.length >= 6, `downloads: ${downloads}`);

  assert.deepEqual(foreignRequests(record, suite.origin), [], 'no request but GETs of our own origin');
  assert.ok(record.requests.every((r) => r.method === 'GET' && !r.postData), 'no request carries a body');
  assert.deepEqual(record.websockets, []);
  const served = suite.server.log.map((r) => r.path);
  assert.ok(!served.some((p) => p.includes('qualtrics')), 'the file name never reached the server');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), [], 'nothing stored without the opt-in');
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'the flow itself needs no exception to the policy');
  // The policy is in force after all of it: a request elsewhere is blocked.
  const blocked = await page.evaluate(async () => {
    try {
      await fetch('http://127.0.0.2:9/leak', { method: 'POST', body: 'x' });
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(blocked, 'a request to another origin is blocked');
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('a file dropped anywhere on the page is read; while dragging, the page says where it goes', async () => {
  const { page, context } = await open();
  const overlay = await page.evaluate(async () => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['Afdeling,Oordeel\r\nHR,Goed\r\nICT,Slecht\r\n'], 'gesleept.csv', { type: 'text/csv' }));
    const target = document.querySelector('[data-testid=report] h1');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await new Promise((r) => setTimeout(r, 50));
    const shown = document.querySelector('[data-testid=drop-overlay]')?.textContent ?? '';
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    return shown;
  });
  assert.match(overlay, /Je bestand wordt op deze computer gelezen en nergens naartoe gestuurd\./);
  await page.getByTestId('review').waitFor();
  assert.equal(await fact(page, 'review-file'), 'gesleept.csv');
  assert.equal(await page.getByTestId('drop-overlay').count(), 0);
  await context.close();
});

// ---- real export layouts --------------------------------------------------------------

const layouts = [
  { file: 'qualtrics.csv', layout: 'Qualtrics', question: 'Q1' },
  { file: 'surveymonkey.csv', layout: 'SurveyMonkey', question: 'What is your age?' },
  { file: 'limesurvey_codes.csv', layout: 'LimeSurvey', question: 'G01Q01' },
  { file: 'msforms.csv', layout: 'Microsoft Forms', question: 'Hoeveel jaar werkt u hier?' },
  { file: 'googleforms.csv', layout: 'Google Forms', question: 'Wat is uw leeftijd?' },
  { file: 'excel_nl.csv', layout: 'gewone tabel', question: 'Leeftijd' },
  { file: 'survey.sav', layout: 'gewone tabel', question: 'geslacht' },
];

for (const { file, layout, question } of layouts) {
  test(`${file}: the review shows how the engine read it and the report shows the engine's numbers`, async () => {
    const path = join(fixtures, file);
    const engine = inspect(path);
    const { page, context, record } = await open();
    await review(page, path);
    assert.equal(await fact(page, 'review-layout'), layout);
    assert.equal(await fact(page, 'review-rows'), String(engine.source.rows));
    assert.equal(await fact(page, 'review-encoding'), engine.source.encoding);
    assert.equal(await fact(page, 'review-columns'), String(engine.source.columns));
    const ids = await page.locator('[data-testid=review-question]').evaluateAll((qs) => qs.map((q) => [q.dataset.question, q.dataset.kind]));
    assert.deepEqual(ids, engine.codebook.questions.map((q) => [q.id, q.kind]), 'the questions and kinds the engine infers');
    await showReport(page);
    await assertChartMatchesEngine(page, path, question);
    assert.deepEqual(record.pageErrors, []);
    assert.deepEqual(foreignRequests(record, suite.origin), []);
    await context.close();
  });
}

/**
 * Writes a file shaped like the shared benchmark's — an identifier, profile answers with a
 * quoted comma, scales with empty cells, a multi-select option of 1 or empty — of `n` rows,
 * and gives the value counts a database would give for it, counted here from the same cells
 * (not read back from the file). `longNote(i)` may give row i a quoted note with line breaks.
 */
function benchShapedFile(name, n, longNote = () => null) {
  const ages = ['25-34', '35-44', '55-64'];
  const levels = ['hbo- of wo-bachelor', 'mbo, havo', 'vwo'];
  const scale = ['Zeer mee oneens', 'Mee oneens', 'Neutraal', 'Mee eens', 'Zeer mee eens', 'Geen mening'];
  const header = ['resp_id', 'leeftijd', 'opleiding', 'q01', 'q02', 'm01', 'toelichting'];
  const expected = new Map();
  const add = (key) => expected.set(key, (expected.get(key) ?? 0) + 1);
  const value = (cell) => (cell === '' ? null : cell);
  const quote = (cell) => (/[,\n"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const path = join(artifactsDir, name);
  const fd = openSync(path, 'w');
  writeSync(fd, header.join(',') + '\n');
  let block = [];
  for (let i = 0; i < n; i++) {
    const q = (k) => ((i * 7 + k * 5) % 13 === 0 ? '' : scale[(i * (k + 3)) % 6]);
    const row = [String(i + 1), ages[i % 3], levels[(i >> 2) % 3], q(1), q(2), i % 4 ? '' : '1', longNote(i) ?? ''];
    header.forEach((h, c) => c > 0 && c < 6 && add(JSON.stringify([h, value(row[c]), null])));
    add(JSON.stringify(['leeftijd x q01', value(row[1]), value(row[3])]));
    block.push(row.map(quote).join(','));
    if (block.length === 10000) {
      writeSync(fd, block.join('\n') + '\n');
      block = [];
    }
  }
  writeSync(fd, block.join('\n') + (block.length ? '\n' : ''));
  closeSync(fd);
  return { path, expected };
}

/** Reads `path` in the page and checks `window.__benchResult` against `expected` (the open
 * text column is left out: its counts are its notes). */
async function checkValueCounts(page, path, expected) {
  await review(page, path);
  await showReport(page);
  const got = await page.evaluate(() => window.__benchResult.result_rows.filter((r) => r.var !== 'toelichting'));
  const counted = new Map(got.map((r) => [JSON.stringify([r.var, r.v1, r.v2]), r.n]));
  assert.equal(counted.size, got.length, 'each value once');
  assert.deepEqual(new Map([...counted].sort()), new Map([...expected].sort()));
  return page.evaluate(() => window.__peilingRead);
}

test('window.__benchResult: the value counts of the uploaded file, as a database would count them', async () => {
  const { path, expected } = benchShapedFile('bench-shape.csv', 3000);
  const { page, context } = await open();
  assert.equal(await page.evaluate(() => window.__benchResult), undefined, 'nothing while the bundled survey is shown');
  const read = await checkValueCounts(page, path, expected);
  assert.equal(read.parts, 1, 'a small file is read by one worker');
  await context.close();
});

test('a report of many charts draws every one of them, a few per task after the first', async () => {
  // 24 single-choice questions: more than the page draws in one task.
  const header = Array.from({ length: 24 }, (_, q) => `vraag${q + 1}`);
  const rows = Array.from({ length: 300 }, (_, r) => header.map((_, q) => ['ja', 'nee', 'weet niet'][(r + q) % 3]));
  const path = join(artifactsDir, 'many-charts.csv');
  writeFileSync(path, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  const engine = inspect(path).codebook.questions.filter((q) => q.kind === 'single_choice');
  assert.equal(engine.length, 24);
  const { page, context } = await open();
  await review(page, path);
  await showReport(page);
  const main = page.locator('main[data-source=upload]');
  assert.equal(await main.getAttribute('data-charts'), '24');
  await page.waitForFunction(() => document.querySelectorAll('main [data-testid=chart]').length === 24);
  const drawn = await page.$$eval('main [data-testid=chart]', (figures) => figures.map((f) => f.dataset.chart));
  assert.deepEqual(drawn, engine.map((q) => q.id), 'every question, in the codebook order');
  await context.close();
});

test('a large file is read in two parts by two workers (four cores or more), with the same figures; split inside quotes, one worker reads on', async () => {
  const { page, context } = await open();
  const withCores = async (cores) => {
    await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n, configurable: true }), cores);
    await page.reload();
    await page.waitForSelector('[data-testid=chart]');
  };
  // About 38 MB. On two cores one worker reads it (two would share them with the page).
  const plain = benchShapedFile('bench-large.csv', 760000);
  await withCores(2);
  const one = await checkValueCounts(page, plain.path, plain.expected);
  assert.equal(one.parts, 1, 'one worker on two cores');
  // On four: read in two parts, joined, with the same figures.
  await withCores(4);
  const read = await checkValueCounts(page, plain.path, plain.expected);
  assert.equal(read.parts, 2, 'read in two parts');
  assert.equal(read.rows, 760000);
  // The same size, with one note of many lines across the middle of the file: the line start
  // where the second part would begin lies inside quotes, so the first worker reads on.
  const lines = Array.from({ length: 40000 }, (_, k) => `regel ${k}`).join('\n');
  const quoted = benchShapedFile('bench-large-quoted.csv', 740000, (i) => (i === 370000 ? lines : null));
  const again = await checkValueCounts(page, quoted.path, quoted.expected);
  assert.equal(again.parts, 1, 'the split inside quotes was not used');
  const engine = inspect(quoted.path);
  assert.equal(again.rows, engine.source.rows);
  await context.close();
});

test('excel_nl.csv: semicolons and Windows-1252 are detected and its accents come out right', async () => {
  const { page, context } = await open();
  await review(page, join(fixtures, 'excel_nl.csv'));
  assert.equal(await fact(page, 'review-encoding'), 'Windows-1252');
  assert.match(await fact(page, 'review-delimiter'), /;/);
  const answers = await page.locator('[data-question=Afdeling] [data-testid=answer]').evaluateAll((a) => a.map((x) => x.dataset.value));
  assert.ok(answers.includes('Financiën') && answers.includes('Café & Restauratie'), `${answers}`);
  await context.close();
});

test('an XLSX workbook: the review and a figure equal the engine on the same file', async () => {
  const path = artifact('staff-survey.xlsx', staffWorkbook());
  const engine = inspect(path);
  const { page, context } = await open();
  await review(page, path);
  assert.match(await fact(page, 'review-format'), /xlsx/);
  assert.equal(await fact(page, 'review-rows'), String(engine.source.rows));
  await showReport(page);
  await assertChartMatchesEngine(page, path, 'Afdeling');
  // A text column is refused as the weight, with the reason, and the report stays unweighted.
  await page.getByTestId('codebook-open').click();
  await page.getByTestId('review-weight').selectOption('Afdeling');
  assert.match(await page.getByTestId('codebook-error').textContent(), /De kolom ‘Afdeling’ bevat tekst \(zoals ‘[^’]+’\) en kan geen weegfactor zijn/);
  assert.equal(await page.getByTestId('review-weight').inputValue(), '');
  // A weight column, picked in the review, weights the report as the engine does.
  await page.getByTestId('review-weight').selectOption('Leeftijd');
  assert.equal(await page.getByTestId('codebook-error').count(), 0);
  await showReport(page);
  const weighted = tabulate(path, 'Afdeling', '--weight', 'Leeftijd');
  assert.equal(weighted.weighted, true);
  assert.notDeepEqual(weighted.items[0].categories.map((c) => c.percent), tabulate(path, 'Afdeling').items[0].categories.map((c) => c.percent));
  await assertChartMatchesEngine(page, path, 'Afdeling', '--weight', 'Leeftijd');
  await context.close();
});

test('a workbook with a notes sheet first: the sheet with the answers is read and named, another can be chosen', async () => {
  const path = join(fixtures, 'survey.xlsx');
  const engine = inspect(path);
  assert.equal(engine.source.format.sheet, 'Antwoorden');
  const { page, context } = await open();
  await review(page, path);
  // The review names the sheet it read: the answers, not the notes before them.
  assert.match(await fact(page, 'review-format'), /Antwoorden/);
  assert.equal(await fact(page, 'review-rows'), String(engine.source.rows));
  // A wrong name is answered with the workbook's sheets, and the report behind stays.
  await page.getByTestId('sheet-name').fill('Blad1');
  await page.getByTestId('sheet-name').press('Enter');
  const alert = page.getByTestId('upload-error');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Toelichting, Antwoorden/);
  assert.equal(await page.locator('main[data-source=bundled]').count(), 1);
  // Read again and choose the notes sheet: the review says it holds no answers.
  await review(page, path);
  await page.getByTestId('sheet-name').fill('Toelichting');
  await page.getByTestId('sheet-form').locator('button').click();
  await page.waitForFunction(() => /Toelichting/.test(document.querySelector('[data-testid=review-format]')?.textContent ?? ''));
  assert.match(await page.getByTestId('review-problem').textContent(), /geen antwoorden.*werkblad/);
  // And back to the answers, which give the engine's figures.
  await page.getByTestId('sheet-name').fill('Antwoorden');
  await page.getByTestId('sheet-form').locator('button').click();
  await page.waitForFunction(() => /Antwoorden/.test(document.querySelector('[data-testid=review-format]')?.textContent ?? ''));
  await showReport(page);
  await assertChartMatchesEngine(page, path, 'Geslacht');
  await context.close();
});

// ---- the review edits the codebook ----------------------------------------------------

test('review edits reach the report: rename, reorder answers, breakdown, merge and split', async () => {
  const { page, context } = await open();
  const path = join(fixtures, 'excel_nl.csv');
  await review(page, path);
  const q = (id) => page.locator(`[data-testid=review-question][data-question="${id}"]`);
  // Rename, by keyboard.
  await q('Leeftijd').getByTestId('question-text').fill('Hoe oud bent u?');
  await q('Leeftijd').getByTestId('question-text').press('Enter');
  // Reorder: the last answer moves up one place; focus stays on the moved answer's button.
  const before = await q('Leeftijd').locator('[data-testid=answer]').evaluateAll((a) => a.map((x) => x.dataset.value));
  const last = before.length - 1;
  await q('Leeftijd').locator('[data-testid=answer-up]').nth(last).click();
  const after = await q('Leeftijd').locator('[data-testid=answer]').evaluateAll((a) => a.map((x) => x.dataset.value));
  assert.deepEqual(after, [...before.slice(0, last - 1), before[last], before[last - 1]]);
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'answer-up');
  await page.keyboard.press('Enter');
  const again = await q('Leeftijd').locator('[data-testid=answer]').evaluateAll((a) => a.map((x) => x.dataset.value));
  assert.equal(again[last - 2], before[last], 'the keyboard moved it once more');
  // A breakdown.
  const breakdown = q('Afdeling').getByTestId('question-breakdown');
  if (!(await breakdown.isChecked())) await breakdown.check();
  // Merge the two statements into a grid, then split and merge again.
  await q('Stelling A').getByTestId('question-select').check();
  await q('Stelling B').getByTestId('question-select').check();
  await page.getByTestId('review-merge').click();
  assert.equal(await q('Stelling A').getAttribute('data-kind'), 'grid');
  assert.equal(await q('Stelling B').count(), 0);
  assert.equal(await q('Stelling A').locator('[data-testid=question-item]').count(), 2);
  await q('Stelling A').getByTestId('question-split').click();
  assert.equal(await q('Stelling A').count(), 0);
  assert.equal(await page.locator('[data-testid=review-question][data-kind=likert]').count(), 2);
  await showReport(page);
  const figure = page.locator('[data-testid=chart][data-chart=Leeftijd]');
  assert.match(await figure.textContent(), /Hoe oud bent u\?/);
  const rows = await tableRows(page, 'Leeftijd');
  assert.deepEqual(rows.map((r) => r[0]), again.filter((v) => rows.some((r) => r[0] === v)), 'the table follows the new answer order');
  const options = await page.getByTestId('breakdown').locator('option').evaluateAll((o) => o.map((x) => x.value));
  assert.ok(options.includes('Afdeling'), `Afdeling is offered as a breakdown: ${options}`);
  // Back to the review from the report, another edit, and the report follows.
  await page.getByTestId('codebook-open').click();
  await q('Leeftijd').getByTestId('question-text').fill('Leeftijdsgroep');
  await q('Leeftijd').getByTestId('question-text').press('Enter');
  await showReport(page);
  assert.match(await page.locator('[data-testid=chart][data-chart=Leeftijd]').textContent(), /Leeftijdsgroep/);
  await assertChartMatchesEngine(page, path, 'Afdeling');
  await context.close();
});

test('a saved codebook applies to the next file and every mismatch is explained; remembering is opt-in', async () => {
  const { page, context } = await open();
  const path = join(fixtures, 'excel_nl.csv');
  await review(page, path);
  const q = page.locator('[data-testid=review-question][data-question=Leeftijd]');
  await q.getByTestId('question-text').fill('Leeftijdsgroep');
  await q.getByTestId('question-text').press('Enter');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('codebook-save').click()]);
  const saved = join(artifactsDir, download.suggestedFilename());
  await download.saveAs(saved);
  const json = JSON.parse(readFileSync(saved, 'utf8'));
  assert.equal(json.format, 'peiling-codebook');
  assert.ok(!readFileSync(saved, 'utf8').includes('Prima; één opmerking'), 'the codebook holds no answers of open questions');
  await showReport(page);

  // Next wave: one column renamed, one gone, a new answer.
  const wave2 = 'Respondent;Leeftijd;Afdeling;Cijfer;Stelling A;Stelling C\r\n1;25-34;Financiën;7;Mee eens;Mee eens\r\n2;65+;HR;6;Mee oneens;Neutraal\r\n';
  await page.getByTestId('own-file').click();
  await review(page, { name: 'wave2.csv', mimeType: 'text/csv', buffer: Buffer.from(wave2, 'latin1') });
  await page.setInputFiles('[data-testid=codebook-input]', saved);
  const notes = page.getByTestId('codebook-notes');
  await notes.waitFor();
  const text = await notes.textContent();
  assert.match(text, /no column 'Hoofdstuk'|Hoofdstuk/, text);
  assert.match(text, /65\+/, `the new answer is named: ${text}`);
  assert.match(text, /Stelling C/, `the new column is named: ${text}`);
  assert.equal(
    await page.locator('[data-question=Leeftijd] [data-testid=question-text]').inputValue(),
    'Leeftijdsgroep',
    'the saved wording came back',
  );
  // A file that is not a codebook is refused with a reason; the codebook stays.
  await page.setInputFiles('[data-testid=codebook-input]', { name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
  await page.getByTestId('codebook-error').waitFor();
  assert.equal(await page.getByTestId('codebook-error').getAttribute('role'), 'alert');

  // Opt-in: remembered under the header signature, only codebooks; off forgets them.
  await page.getByTestId('codebook-remember').check();
  await showReport(page);
  const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  const keys = Object.keys(stored);
  assert.ok(keys.some((k) => k.startsWith('peiling:codebook:')), `${keys}`);
  for (const [key, value] of Object.entries(stored)) {
    if (key.startsWith('peiling:codebook:')) assert.equal(JSON.parse(value).format, 'peiling-codebook');
  }
  assert.ok(!Object.values(stored).some((v) => v.includes('Mee oneens;Neutraal')), 'no data stored');
  await page.getByTestId('own-file').click();
  await review(page, { name: 'wave2.csv', mimeType: 'text/csv', buffer: Buffer.from(wave2, 'latin1') });
  assert.match(await page.getByTestId('codebook-notes').textContent(), /onthield/);
  await page.getByTestId('codebook-remember').uncheck();
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
  await context.close();
});

test('the review is usable by keyboard and passes axe (WCAG 2.1 AA); Escape closes it and focus returns', async () => {
  // axe is injected as a script, which the page's own policy would refuse.
  const { page, context } = await open({ bypassCSP: true });
  await review(page, join(fixtures, 'survey.sav'));
  assert.ok(await page.evaluate(() => document.querySelector('[data-testid=review]').contains(document.activeElement)), 'focus moves into the review');
  assert.ok(await page.evaluate(() => document.querySelector('[data-testid=review]').matches(':modal')), 'the page behind is inert');
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  await page.keyboard.press('Escape');
  await page.getByTestId('review').waitFor({ state: 'detached' });
  await page.waitForFunction(() => ['own-file', 'codebook-open'].includes(document.activeElement?.dataset.testid));
  await context.close();
});

// ---- bad input ----------------------------------------------------------------------------

const badFiles = [
  { what: 'an empty file', file: { name: 'leeg.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) }, expect: /het bestand is leeg/ },
  {
    what: 'an image renamed .csv',
    file: { name: 'foto.csv', mimeType: 'text/csv', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex') },
    expect: /geen tabel maar een PNG-afbeelding/,
  },
  {
    what: 'a binary renamed .csv',
    file: { name: 'programma.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(200, 0)]) },
    expect: /geen tabel maar binaire gegevens/,
  },
  {
    what: 'a truncated XLSX',
    file: () => ({ name: 'afgebroken.xlsx', mimeType: 'application/octet-stream', buffer: staffWorkbook().subarray(0, 600) }),
    expect: /beschadigd/,
  },
  {
    what: 'a zip bomb',
    file: () => artifact('bom.xlsx', zipBomb()),
    expect: /uitpakken|toegestane/,
  },
];

test('bad files: a message in the page\'s language says what is wrong and what to do, and the report behind stays', async () => {
  const { page, context, dialogs } = await open();
  await review(page, join(fixtures, 'qualtrics.csv'));
  await showReport(page);
  const title = await page.locator('[data-testid=report] h1').textContent();
  for (const { what, file, expect } of badFiles) {
    await choose(page, typeof file === 'function' ? file() : file);
    const alert = page.getByTestId('upload-error');
    await alert.waitFor({ timeout: 30000 });
    assert.equal(await alert.getAttribute('role'), 'alert', what);
    const text = await alert.textContent();
    assert.match(text, expect, `${what}: ${text}`);
    assert.match(text, /choose|export|open|save|Kies|kies/i, `${what}: says what to do: ${text}`);
    assert.equal(await page.getByTestId('review').count(), 0, `${what}: no review`);
    assert.equal(await page.locator('main[data-source=upload] [data-chart=Q1]').count(), 1, `${what}: the report stays`);
    assert.equal(await page.locator('[data-testid=report] h1').textContent(), title);
  }
  assert.deepEqual(dialogs, []);
  await context.close();
});

test('ragged rows and duplicate headers are read with warnings naming line and column', async () => {
  const { page, context } = await open();
  const ragged = 'Afdeling,Leeftijd,Oordeel\r\nHR,30,Goed\r\nICT,40\r\nHR,50,Slecht,extra\r\nICT,35,Goed\r\n';
  await review(page, { name: 'rafelig.csv', mimeType: 'text/csv', buffer: Buffer.from(ragged) });
  const warnings = page.getByTestId('review-warnings');
  assert.equal(await warnings.getAttribute('role'), 'alert');
  const lines = await page.locator('[data-testid=review-warning]').evaluateAll((w) => w.map((x) => [x.dataset.line, x.dataset.column, x.textContent]));
  assert.deepEqual(lines.map((l) => [l[0], l[1]]), [['3', '3'], ['4', '4']]);
  // In the page's language: Dutch first, English after switching.
  assert.match(lines[0][2], /^regel 3, kolom 3: deze rij heeft 2 cellen/);
  await page.keyboard.press('Escape');
  await page.getByTestId('review').waitFor({ state: 'detached' });

  await review(page, { name: 'dubbel.csv', mimeType: 'text/csv', buffer: Buffer.from('Afdeling,Oordeel,Afdeling\r\nHR,Goed,ICT\r\nICT,Slecht,HR\r\n') });
  const duplicate = await page.locator('[data-testid=review-warning]').first().textContent();
  assert.match(duplicate, /^regel 1, kolom 3: de kop 'Afdeling' komt meer dan eens voor/);
  await page.keyboard.press('Escape');
  await page.getByTestId('review').waitFor({ state: 'detached' });
  await page.getByTestId('lang-en').click();
  await review(page, { name: 'dubbel.csv', mimeType: 'text/csv', buffer: Buffer.from('Afdeling,Oordeel,Afdeling\r\nHR,Goed,ICT\r\nICT,Slecht,HR\r\n') });
  const english = await page.locator('[data-testid=review-warning]').first().textContent();
  assert.match(english, /^line 1, column 3: the header 'Afdeling' appears more than once/);
  await context.close();
});

test('one column, no answers and a Windows-1252 file: the review says what it found', async () => {
  const { page, context } = await open();
  await review(page, { name: 'een-kolom.csv', mimeType: 'text/csv', buffer: Buffer.from('Naam\r\nPiet\r\nKlaas\r\nJan\r\n') });
  const problem = page.getByTestId('review-problem');
  assert.equal(await problem.getAttribute('role'), 'alert');
  assert.match(await problem.textContent(), /één kolom.*regel 1, kolom 1/);
  await page.keyboard.press('Escape');
  await review(page, { name: 'kop.csv', mimeType: 'text/csv', buffer: Buffer.from('Afdeling,Oordeel\r\n') });
  assert.match(await page.getByTestId('review-problem').textContent(), /geen antwoorden/);
  assert.ok(await page.getByTestId('review-show').isDisabled(), 'no report of nothing');
  await page.keyboard.press('Escape');
  // Latin-1 bytes in a file without a byte-order mark: detected, shown, decoded right.
  await review(page, { name: 'latin1.csv', mimeType: 'text/csv', buffer: Buffer.from('Naam,Stad\r\nJosé,Liège\r\nRenée,Köln\r\nJosé,Köln\r\n', 'latin1') });
  assert.equal(await fact(page, 'review-encoding'), 'Windows-1252');
  const values = await page.locator('[data-testid=answer]').evaluateAll((a) => a.map((x) => x.dataset.value));
  assert.ok(values.includes('Liège') && values.includes('Köln'), `${values}`);
  await context.close();
});

test('labels with markup are text everywhere: review, report, chart and exports', async () => {
  const { page, context, dialogs } = await open();
  const labels = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '<svg onload=alert(3)>', 'javascript:alert(4)'];
  const rows = ['"<b>Vraag</b> <img src=x onerror=alert(5)>",Groep'];
  for (let i = 0; i < 24; i++) rows.push(`"${labels[i % 4]}",${i % 2 ? 'A' : 'B'}`);
  await review(page, { name: 'markup.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\r\n')) });
  const answers = await page.locator('[data-testid=answer]').evaluateAll((a) => a.map((x) => x.querySelector('span').textContent));
  for (const label of labels) assert.ok(answers.includes(label), `${label} shown as text in the review`);
  await showReport(page);
  const chart = page.locator('[data-testid=chart]').first();
  const svgText = await chart.locator('[data-testid=chart-svg]').textContent();
  for (const label of labels) assert.ok(svgText.includes(label), `${label} as text in the chart`);
  assert.equal(await page.locator('main img, main script, main [onerror], main [onload], main a[href^="javascript:"]').count(), 0);
  await chart.getByTestId('download-open').click();
  const [svg] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('download-svg').click()]);
  const svgFile = readFileSync(await svg.path(), 'utf8');
  assert.ok(svgFile.includes('&lt;script&gt;') && !svgFile.includes('<script'), 'escaped in the SVG export');
  await chart.getByTestId('download-open').click();
  const [html] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('download-html').click()]);
  const htmlFile = readFileSync(await html.path(), 'utf8');
  assert.ok(!/<script|<img|onerror=|onload=/i.test(htmlFile.replace(/&lt;[^&]*&gt;/g, '')), 'escaped in the HTML export');
  assert.ok(htmlFile.includes('&lt;img src=x onerror=alert(2)&gt;'), 'the label is in the HTML export as text');
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, [], 'no script ran');
  await context.close();
});

test('a file beyond what the browser can hold is refused before anything is read or fetched', async () => {
  // A sparse 3 GiB file: its size is real, its bytes are never written or read.
  const path = join(artifactsDir, 'te-groot.csv');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 3 * 1024 ** 3);
  closeSync(fd);
  const { page, context, record } = await open();
  await choose(page, path);
  const alert = page.getByTestId('upload-error');
  await alert.waitFor();
  // In the page's language (Dutch first).
  assert.match(await alert.textContent(), /te-groot\.csv.*MB, meer dan de \d+ MB die hier gelezen kan worden/);
  assert.deepEqual(record.requests.filter((r) => /peiling-worker/.test(r.url)), [], 'the reader was not even fetched');
  assert.equal(await page.locator('main[data-source=bundled]').count(), 1);
  // And in English after switching: what is wrong and what to do.
  await page.getByTestId('lang-en').click();
  await choose(page, path);
  await page.waitForFunction(() => /the file is/.test(document.querySelector('[data-testid=upload-error]')?.textContent ?? ''));
  const english = await alert.textContent();
  assert.match(english, /te-groot\.csv.*the file is \d+ MB, more than the \d+ MB that can be read here/);
  assert.match(english, /split the file/);
  assert.deepEqual(record.requests.filter((r) => /peiling-worker/.test(r.url)), [], 'still not fetched');
  await context.close();
  unlinkSync(path);
});

// ---- the reader worker's lifetime ------------------------------------------------------

/** Waits until `condition()` holds (polled every 50 ms, for at most `ms`). */
async function until(page, condition, what, ms = 15000) {
  for (let waited = 0; !condition(); waited += 50) {
    assert.ok(waited < ms, `waited ${ms} ms for ${what}`);
    await page.waitForTimeout(50);
  }
}

/** Downloads `format` of the chart of `question`; gives the file's name and bytes. */
async function downloadChart(page, question, format) {
  const figure = page.locator(`[data-testid=chart][data-chart="${question}"]`);
  await figure.getByTestId('download-open').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), figure.getByTestId(`download-${format}`).click()]);
  const path = join(artifactsDir, `worker-${download.suggestedFilename()}`);
  await download.saveAs(path);
  const bytes = readFileSync(path);
  unlinkSync(path);
  return { name: download.suggestedFilename(), bytes };
}

test('the reader worker ends once the file is read (its memory with it); a download and the next file start a fresh one', async () => {
  const { page, context, record } = await open();
  const workers = { started: 0, ended: 0 };
  page.on('worker', (worker) => {
    workers.started += 1;
    worker.on('close', () => (workers.ended += 1));
  });
  const first = join(fixtures, 'qualtrics.csv');
  await review(page, first);
  await until(page, () => workers.ended === 1, 'the reader to end after the read');
  assert.equal(workers.started, 1);
  assert.equal(page.workers().length, 0, 'no worker left once the dataset is in the page');
  const read = await page.evaluate(() => window.__peilingRead);
  assert.equal(read.rows, inspect(first).source.rows, 'the dataset reached the page whole');
  assert.ok(read.dataset_bytes > 0, 'the dataset size is stated');
  await showReport(page);
  await assertChartMatchesEngine(page, first, 'Q1');

  // The writers live in the worker: a fresh one writes the workbook and the deck.
  const workbook = await downloadChart(page, 'Q1', 'xlsx');
  assert.match(workbook.name, /\.xlsx$/);
  assert.equal(workbook.bytes.subarray(0, 2).toString(), 'PK', 'a zip (XLSX) file');
  assert.equal(workers.started, 2, 'a fresh worker for the workbook');
  const deck = await downloadChart(page, 'Q1', 'pptx');
  assert.match(deck.name, /\.pptx$/);
  assert.equal(deck.bytes.subarray(0, 2).toString(), 'PK', 'a zip (PPTX) file');
  assert.ok(deck.bytes.includes('ppt/slides/slide1.xml'), 'with a slide');
  assert.equal(workers.started, 2, 'the worker that answered is kept until a read ends');

  // The next file is read by that worker, which then ends too.
  const second = join(fixtures, 'googleforms.csv');
  await review(page, second);
  assert.equal(await fact(page, 'review-rows'), String(inspect(second).source.rows));
  await until(page, () => workers.ended === 2, 'the reader to end after the second read');
  assert.equal(page.workers().length, 0);
  await showReport(page);
  await assertChartMatchesEngine(page, second, 'Wat is uw leeftijd?');
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

// ---- reading a large file -------------------------------------------------------------

test('a large file shows bytes and rows read, can be cancelled, and the page stays responsive', async () => {
  const path = join(artifactsDir, 'groot.csv');
  const fd = openSync(path, 'w');
  writeSync(fd, 'id,afdeling,oordeel,toelichting\n');
  const chunk = [];
  for (let i = 0; i < 20000; i++) chunk.push(`${i},afdeling ${i % 9},${['eens', 'oneens', 'neutraal'][i % 3]},een wat langere toelichting bij antwoord ${i}\n`);
  const block = chunk.join('');
  for (let i = 0; i < 60; i++) writeSync(fd, block);
  closeSync(fd);
  const { page, context } = await open();
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
  // Cancel from inside the page once half the file is read: the whole read takes about a
  // second, too short to leave to a round trip from the test.
  const seen = page.evaluate(
    () =>
      new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const status = document.querySelector('[data-testid=read-status]')?.textContent ?? '';
          const read = /([\d,]+) MB \/ ([\d,]+) MB/.exec(status);
          const number = (x) => Number(x.replace(',', '.'));
          if (read && number(read[1]) >= number(read[2]) / 2 && /[1-9]\d* (rijen|rows)/.test(status)) {
            observer.disconnect();
            document.querySelector('[data-testid=read-cancel]').click();
            resolve(status);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
  );
  await choose(page, path);
  const status = await seen;
  assert.match(status, /MB \/ \d+,\d MB gelezen, [1-9]\d* rijen/, status);
  await page.getByTestId('read-progress').waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  assert.equal(await page.getByTestId('review').count(), 0, 'cancelled: no review');
  assert.equal(await page.locator('main[data-source=bundled]').count(), 1, 'the report behind stays');
  const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
  console.log(`longest main-thread task while reading: ${longest} ms`);
  assert.ok(longest < 50, `no main-thread task over 50 ms while reading (${longest} ms)`);
  await context.close();
});
