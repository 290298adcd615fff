// Figures you can publish, in Chromium: the competencies embed with all its rows, a small group
// hidden alike in chart, table, sentences and every download, every net and option share the
// article quotes shown beside its bar, and key sentences that name a significant difference.
// Reference figures come from the `peiling` command line for the same query and from
// data/published-figures.json (the article's figures, transcribed by hand).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serveDist, openPage, artifactsDir, repoRoot, cliPath, axeViolations } from './harness.mjs';

const data = join(repoRoot, 'data', 'vakmanschap.csv');
const codebook = join(repoRoot, 'data', 'vakmanschap.codebook.json');

/** The engine's answer for a query, from the command line. */
function tabulate(question, ...args) {
  const out = execFileSync(cliPath, ['tabulate', data, '--codebook', codebook, '--question', question, '--format', 'json', ...args], { encoding: 'utf8' });
  return JSON.parse(out);
}

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

/** The rows of a table element as arrays of cell texts. */
async function rowsOf(table) {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
}

test('the competencies embed shows all 11 rows, overall and by employer', async () => {
  for (const by of ['', '&by=werkgever', '&by=generatie']) {
    const { page, context, record } = await openPage(browser, `${server.url}#/embed?chart=competenties${by}`, { bypassCSP: true });
    const svg = page.locator('[data-testid=embed] [data-testid=chart-svg]');
    await svg.waitFor();
    const text = await svg.textContent();
    assert.doesNotMatch(text, /Niet getoond/, `nothing hidden${by}`);
    const items = await svg.evaluate((s) => [...s.querySelectorAll('g > title')].map((t) => t.textContent));
    assert.equal(new Set(items).size, 11, `11 competencies${by}: ${items}`);
    assert.ok(items.includes('Tegenspraak geven'));
    if (by === '') {
      // "Tegenspraak geven": 96% (strongly) agree, beside its bar.
      const k = items.indexOf('Tegenspraak geven');
      assert.deepEqual(await svg.locator(`[data-net="${k} 0"] text`).allTextContents(), ['96%', tabulateNet('competenties', k).disagree]);
      // The summary names the top item by the chart's own figures.
      const summary = await page.locator('[data-testid=embed] figure p.pl-sr-only').first().textContent();
      assert.match(summary, /11 vaardigheden/);
      assert.match(summary, /Tegenspraak geven/);
      assert.deepEqual(await axeViolations(page), [], 'WCAG 2.1 AA (axe-core) with the net columns');
    } else {
      const groups = tabulate('competenties', '--by', by.slice(4)).items[0].groups.length;
      // Every bar (item, group) has drawn segments and its two net figures.
      const bars = await svg.evaluate((s) => new Set([...s.querySelectorAll('[data-seg]')].map((g) => g.getAttribute('data-seg').split(' ').slice(0, 2).join(' '))).size);
      assert.equal(bars, 11 * groups, `${bars} bars for 11 × ${groups} groups`);
      assert.equal(await svg.locator('[data-net]').count(), 11 * groups);
    }
    assert.deepEqual(record.consoleErrors, []);
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  }
});

/** The net shares of item `k` as the CLI computes them, rounded half up: {agree, disagree}. */
function tabulateNet(question, k) {
  const item = tabulate(question).items[k];
  const share = (labels) => {
    const count = item.categories.filter((c) => labels.includes(c.label)).reduce((s, c) => s + c.count, 0);
    return `${Math.floor((count / item.base) * 100 + 0.5 + 1e-9)}%`;
  };
  return { agree: share(['Mee eens', 'Zeer mee eens']), disagree: share(['Zeer mee oneens', 'Mee oneens']) };
}

test('every net share and option share the article quotes is shown beside its bar (23 of 23)', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid=chart]');
  const figures = JSON.parse(readFileSync(join(repoRoot, 'data', 'published-figures.json'), 'utf8')).figures;
  let quoted = 0;
  const missing = [];
  for (const f of figures) {
    if (!f.item) continue;
    const answers = (f.answers ?? []).join('+');
    const net = { 'Mee eens+Zeer mee eens': 0, 'Zeer mee oneens+Mee oneens': 1 }[answers];
    if (net === undefined && answers !== '') continue; // one segment of a bar
    quoted++;
    const svg = page.locator(`[data-chart="${f.question}"] [data-testid=chart-svg]`);
    const items = await svg.evaluate((s) => [...s.querySelectorAll('g > title')].map((t) => t.textContent));
    const k = items.indexOf(f.item);
    const shown = net === undefined
      ? await svg.locator(`[data-seg="${k} 0 0"] text`).allTextContents()
      : [(await svg.locator(`[data-net="${k} 0"] text`).allTextContents())[net]];
    if (k < 0 || !shown.includes(`${f.percent}%`)) missing.push(`${f.question} / ${f.item} ${answers}: ${f.percent}% (shown ${shown})`);
  }
  assert.deepEqual(missing, []);
  assert.equal(quoted, 23, 'the article quotes 23 net and option shares');
  // The headings of the net columns, in both languages.
  const stellingen = page.locator('[data-chart=stellingen] [data-testid=chart-svg]');
  // (A heading may wrap over two lines: the text runs on without a space.)
  assert.match(await stellingen.textContent(), /% \(zeer\)\s*eens.*% \(zeer\)\s*oneens/);
  await page.getByTestId('lang-en').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await stellingen.textContent(), /%\s*agree.*%\s*disagree/);
  await context.close();
});

/** Rows of a CSV file (parsed by Python's csv module). */
function csvRows(path) {
  return JSON.parse(execFileSync('python3', ['-c', 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))))', path], { encoding: 'utf8' }));
}

/** Rows of the first sheet of an XLSX file: per row, its cells as {t: 's'|'n', v}. */
function xlsxRows(path) {
  // The chart's sheet is the workbook's last (an overview sheet comes first); read by openpyxl.
  const script = `
import json, sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1]).worksheets[-1]
rows = []
for row in sheet.iter_rows():
    cells = [{'t': 's' if isinstance(c.value, str) else 'n', 'v': c.value if isinstance(c.value, str) else str(c.value)}
             for c in row if c.value is not None]
    rows.append(cells)
print(json.dumps(rows))`;
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
}

test('a small group is hidden, with its complement, in chart, table, sentences, CSV, XLSX and HTML alike', async () => {
  // At a threshold of 20, "Jonger dan 25" (15 respondents) is hidden, and "65 of ouder" (66,
  // the next smallest) with it, or the first would be the total minus the others. The command
  // line, with the same threshold, hides the same two groups.
  const reference = tabulate('stellingen', '--by', 'leeftijd', '--disclosure', '20').items[0].groups;
  const hidden = reference.filter((g) => g.categories.every((c) => c.suppressed)).map((g) => g.group);
  assert.deepEqual(hidden, ['Jonger dan 25', '65 of ouder']);
  const isHidden = (text) => hidden.some((g) => text.startsWith(g));

  const { page, context, record } = await openPage(browser, `${server.url}#/?by=leeftijd&pub=1&min=20`);
  await page.waitForSelector('[data-testid=chart]');
  assert.match(await page.getByTestId('publish-note').textContent(), /minder dan 20 respondenten/);
  assert.ok(await page.getByTestId('publish').isChecked());
  assert.equal(await page.getByTestId('publish-min').inputValue(), '20');
  const figure = page.locator('[data-chart=stellingen]');
  const svgText = await figure.locator('[data-testid=chart-svg]').textContent();
  assert.match(svgText, /Niet getoond: minder dan 20 respondenten/);
  assert.match(svgText, /Niet getoond: anders is een kleinere groep af te leiden/);
  assert.match(await figure.locator('.pl-chart__notes').textContent(), /minder dan 20 respondenten worden niet getoond/);

  // The table: no number in a hidden group's rows, not even its base.
  await figure.getByTestId('table-toggle').click();
  const rows = await rowsOf(figure.getByTestId('data-table'));
  const hiddenRows = rows.filter((r) => isHidden(r[1]));
  assert.equal(hiddenRows.length, 2 * 4 * 6, 'two groups × four statements × six answers');
  // Item, group, answer, count, percentage, interval (2), significance (here: why), base, nets.
  const numbers = (r) => [...r.slice(3, 7), ...r.slice(8)].join(' ');
  for (const r of hiddenRows) {
    assert.match(r[7], /^Niet getoond/);
    assert.doesNotMatch(numbers(r), /\d/, `no number in ${r.join(' | ')}`);
  }
  assert.ok(rows.some((r) => r[1].startsWith('45-54') && /\d/.test(r[3])), 'shown groups keep their numbers');

  // The key sentences never state a hidden group's figures (the age chart of all respondents
  // may name the answer "Jonger dan 25": that figure rests on 1.601 respondents).
  const sentences = await page.locator('[data-testid=key-sentences] li').allTextContents();
  assert.ok(sentences.some((s) => s.startsWith('Naar ‘Leeftijd’')), 'differences by age are stated');
  for (const s of sentences) {
    for (const g of hidden) assert.ok(!s.startsWith(`Naar ‘Leeftijd’: ${g}`) && !s.includes(`, ${g} `), `no figure of ${g}: ${s}`);
  }

  // Every download of the chart: CSV, XLSX and HTML.
  const files = {};
  for (const format of ['csv', 'xlsx', 'html']) {
    await figure.getByTestId('download-open').click();
    const [download] = await Promise.all([page.waitForEvent('download'), figure.getByTestId(`download-${format}`).click()]);
    files[format] = join(artifactsDir, `publish-${download.suggestedFilename()}`);
    await download.saveAs(files[format]);
  }
  const csv = csvRows(files.csv).slice(1).filter((r) => isHidden(r[1] ?? ''));
  assert.equal(csv.length, hiddenRows.length, 'the CSV has the same hidden rows');
  for (const r of csv) assert.doesNotMatch(numbers(r), /\d/, `CSV: ${r}`);
  const xlsx = xlsxRows(files.xlsx).filter((r) => r.some((c) => c.t === 's' && isHidden(c.v)));
  assert.equal(xlsx.length, hiddenRows.length, 'the XLSX has the same hidden rows');
  for (const r of xlsx) assert.ok(r.every((c) => c.t === 's'), `XLSX: no number cell in ${JSON.stringify(r)}`);
  const html = readFileSync(files.html, 'utf8');
  assert.match(html, /Niet getoond: minder dan 20 respondenten/);
  const offline = await browser.newContext({ javaScriptEnabled: false });
  const view = await offline.newPage();
  await view.goto('file://' + files.html);
  const htmlRows = (await rowsOf(view.locator('table').first())).filter((r) => isHidden(r[1]));
  assert.deepEqual(htmlRows, hiddenRows, 'the HTML file shows the same hidden rows');
  await offline.close();

  // Outside publishing mode the analyst sees every group; "Hele rapport als HTML" still
  // publishes (at the default threshold of 10, nothing by age is hidden).
  await page.getByTestId('publish').uncheck();
  await page.waitForFunction(() => !location.hash.includes('pub=1'));
  assert.doesNotMatch(await figure.locator('[data-testid=chart-svg]').textContent(), /Niet getoond/);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('broken down by generation, a key sentence names a significant difference with both figures', async () => {
  const { page, context } = await openPage(browser, `${server.url}#/?by=generatie`);
  await page.waitForSelector('[data-testid=chart]');
  const first = await page.locator('section#competenties [data-testid=key-sentences] li').first().textContent();
  assert.match(first, /^Naar ‘Generatie/);
  assert.match(first, /een significant verschil \(95%\)/);
  assert.equal((first.match(/\(n = /g) ?? []).length, 2, first);
  // The same sentence as the command line's for the same breakdown.
  assert.ok(tabulate('competenties', '--by', 'generatie').key_sentences.includes(first), first);
  // And in English.
  await page.getByTestId('lang-en').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const en = await page.locator('section#competenties [data-testid=key-sentences] li').first().textContent();
  assert.ok(tabulate('competenties', '--by', 'generatie', '--lang', 'en').key_sentences.includes(en), en);
  assert.match(en, /a significant difference \(95%\)/);
  await context.close();
});

test('Insluiten on an uploaded file: a CSV gets code for the file hosted beside Peiling (and shows that file), an SPSS file is refused', async () => {
  // The app on a site of its own, so the test can host the uploaded file beside it.
  const { mkdtempSync, cpSync, mkdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { startServer } = await import('../../scripts/static-server.mjs');
  const { distDir } = await import('./harness.mjs');
  const root = mkdtempSync(join(tmpdir(), 'peiling-upload-embed-'));
  cpSync(distDir, root, { recursive: true });
  mkdirSync(join(root, 'data'));
  const site = await startServer({ root });
  try {
    // 60 respondents in three departments, one statement.
    const answers = ['Mee eens', 'Zeer mee eens', 'Neutraal', 'Mee oneens', 'Zeer mee oneens'];
    const lines = ['afdeling,tevreden'];
    for (let i = 0; i < 60; i++) lines.push(`${['Noord', 'Zuid', 'West'][i % 3]},${answers[(i * 7) % 5]}`);
    const csvPath = join(artifactsDir, 'eigen-peiling.csv');
    writeFileSync(csvPath, lines.join('\n') + '\n');

    const { page, context, record } = await openPage(browser, site.url);
    await page.waitForSelector('[data-testid=chart]');
    await page.setInputFiles('[data-testid=file-input]', csvPath);
    await page.getByTestId('review').waitFor({ timeout: 30000 });
    await page.getByTestId('review-show').click();
    await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
    const chart = page.locator('[data-testid=report] [data-testid=chart]').first();
    const id = await chart.getAttribute('data-chart');
    await chart.getByTestId('embed-open').click();
    const dialog = page.getByTestId('embed-dialog');
    await dialog.waitFor();
    const notice = await dialog.getByTestId('embed-hosting').textContent();
    assert.match(notice, /alleen op deze computer/);
    assert.match(notice, /data\/eigen-peiling\.csv/);
    assert.equal(await dialog.getByTestId('embed-preview').count(), 0, 'no preview of a file that is not hosted yet');
    const code = await dialog.getByTestId('embed-code').inputValue();
    const src = code.match(/ src="([^"]+)"/)[1].replaceAll('&amp;', '&');
    assert.match(src, /data=data%2Feigen-peiling\.csv/);
    assert.match(src, /codebook=data%2Feigen-peiling\.codebook\.json/);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('embed-codebook').click()]);
    assert.equal(download.suggestedFilename(), 'eigen-peiling.codebook.json');

    // Before the files are hosted the embed says so, in its language, and shows no chart.
    const embed = await context.newPage();
    await embed.goto(src);
    await embed.getByTestId('embed-error').waitFor();
    assert.match(await embed.getByTestId('embed-error').textContent(), /kon niet worden geladen/);
    assert.equal(await embed.locator('[data-testid=chart]').count(), 0);

    // Hosted as the dialog says, the embed shows this file's chart: n = 60, not the 1.601.
    cpSync(csvPath, join(root, 'data', 'eigen-peiling.csv'));
    await download.saveAs(join(root, 'data', 'eigen-peiling.codebook.json'));
    await embed.goto('about:blank');
    await embed.goto(src);
    const figure = embed.locator(`[data-testid=embed] [data-chart="${id}"]`);
    await figure.waitFor({ timeout: 30000 });
    assert.match(await figure.getByTestId('chart-base').textContent(), /n = 60\b/);
    await embed.close();

    // An SPSS file (like a spreadsheet) cannot be embedded: the dialog says why and writes no
    // code.
    await dialog.getByTestId('embed-close').click();
    await page.setInputFiles('[data-testid=file-input]', join(repoRoot, 'tests', 'e2e', 'fixtures', 'survey.sav'));
    await page.getByTestId('review').waitFor({ timeout: 30000 });
    await page.getByTestId('review-show').click();
    await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
    await page.locator('[data-testid=report] [data-testid=chart]').first().getByTestId('embed-open').click();
    await dialog.waitFor();
    assert.match(await dialog.getByTestId('embed-hosting').textContent(), /kan niet worden ingesloten/);
    assert.equal(await dialog.getByTestId('embed-code').count(), 0);
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  } finally {
    await site.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a breakdown table carries the column letters and the chi-square of the command line, and names the tests', async () => {
  const { page, context } = await openPage(browser, `${server.url}#/?by=werkgever`);
  await page.waitForSelector('[data-testid=chart]');
  const figure = page.locator('[data-chart=stellingen]');
  await figure.getByTestId('table-toggle').click();
  const table = figure.getByTestId('data-table');
  const headers = await table.locator('thead th').allTextContents();
  const at = headers.indexOf('Hoger dan');
  assert.ok(at > 0, `a "Hoger dan" column in ${headers}`);
  const rows = await rowsOf(table);
  const engine = tabulate('stellingen', '--by', 'werkgever');
  let withLetters = 0;
  for (const item of engine.items) {
    for (const group of item.groups) {
      for (const c of group.categories) {
        const row = rows.find((r) => r[0] === item.label && r[1].startsWith(`${group.group} (${group.letter})`) && r[2] === c.label);
        assert.ok(row, `${item.label} / ${group.group} / ${c.label}`);
        assert.equal(row[at], c.letters ?? '', `${item.label} / ${group.group} / ${c.label}`);
        if (c.letters) withLetters++;
      }
    }
  }
  assert.ok(withLetters > 0, 'some percentages differ significantly');
  const notes = (await figure.locator('.pl-table__notes li').allTextContents()).join('\n');
  assert.match(notes, /z-toets op kolomproporties, tweezijdig, 95%, Bonferroni/);
  for (const item of engine.items) {
    const chi = item.chi_square;
    const p = chi.p < 0.001 ? 'p < 0,001' : `p = ${chi.p.toFixed(3).replace('.', ',')}`;
    assert.ok(notes.includes(`${item.label}: Chi-kwadraattoets: chi² = ${chi.statistic.toFixed(2).replace('.', ',')} (df = ${chi.df}), ${p}`), `${item.label} in ${notes}`);
  }
  // Under the chart, the letters and markers are explained.
  assert.match(await figure.locator('.pl-chart__notes').textContent(), /\(A\), \(B\), …: de letter van elke groep/);
  await context.close();
});

test('on request, Likert charts show the mean on the 1–5 scale beside the nets, as the command line computes it', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid=chart]');
  await page.getByTestId('means').check();
  await page.waitForFunction(() => location.hash.includes('mean=1'));
  const svg = page.locator('[data-chart=competenties] [data-testid=chart-svg]');
  assert.match(await svg.textContent(), /Gemiddelde\s*\(1–5\)/);
  const engine = tabulate('competenties');
  const items = await svg.evaluate((s) => [...s.querySelectorAll('g > title')].map((t) => t.textContent));
  for (const item of engine.items) {
    const k = items.indexOf(item.label);
    const shown = await svg.locator(`[data-net="${k} 0"] text`).allTextContents();
    assert.equal(shown[2], item.likert.mean.toFixed(1).replace('.', ','), item.label);
  }
  await context.close();
});
