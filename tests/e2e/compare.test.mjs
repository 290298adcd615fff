// An organisation beside the national panel, and one year beside another, in Chromium: the
// organisation's answers (240 respondents generated here in the template's columns, so every
// count is known by construction) are read on this computer only, matched to the panel's
// questions in a review, and shown with both bases, the difference in points and the
// two-sample tests; the panel's subgroup is chosen in the bar; the fragment names the
// comparison, never its data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/static-server.mjs';
import { launch, serveDist, openPage, foreignRequests, axeViolations, repoRoot, distDir } from './harness.mjs';

const ORG = 240;
const SCALE = ['Zeer mee oneens', 'Mee oneens', 'Neutraal', 'Mee eens', 'Zeer mee eens', 'Geen mening'];
const codebook = JSON.parse(readFileSync(join(repoRoot, 'data', 'vakmanschap.codebook.json'), 'utf8'));
const panelCsv = readFileSync(join(repoRoot, 'data', 'vakmanschap.csv'), 'utf8');
// The template's columns are the panel file's, without its respondent number.
const columns = panelCsv.split('\n')[0].trim().split(',').filter((c) => c !== 'respondent_id');

/** Respondent i's point on the scale for item k (shifted by `shift` for a second wave). */
const point = (i, k, shift = 0) => {
  const m = (i * 7 + k * 3 + shift) % 20;
  return m === 0 ? 0 : m <= 2 ? 1 : m <= 5 ? 2 : m <= 12 ? 3 : m <= 18 ? 4 : 5;
};

/** The organisation's answer in `column` for respondent i. */
function answer(column, i, shift) {
  const q = codebook.questions.find((q) => q.id !== 'generatie' && q.items.some((it) => it.column === column));
  const k = q.items.findIndex((it) => it.column === column);
  if (q.kind === 'identifier') return String(i + 1);
  if (q.id === 'werkgever') return 'Gemeente';
  if (q.kind === 'multi_select') return (i + k) % 3 === 0 ? '1' : '';
  if (q.kind === 'grid') return SCALE[point(i, k, shift)];
  return q.categories[(i + k) % q.categories.length].value;
}

/**
 * The organisation's answers in a file of `template`'s form ({columns, delimiter}: the answer
 * template downloaded from "Zelf afnemen", or the panel file's columns).
 */
function organisation(name, shift = 0, rows = ORG, template = { columns, delimiter: ',' }) {
  const d = template.delimiter;
  const lines = [template.columns.join(d)];
  for (let i = 0; i < rows; i++) lines.push(template.columns.map((c) => `"${answer(c, i, shift)}"`).join(d));
  return { name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') };
}

/** The answer template as "Zelf afnemen" downloads it: its columns and delimiter. */
async function downloadTemplate(page) {
  await page.getByTestId('template-open').click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-csv').click()]);
  const text = readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '');
  await page.getByTestId('template-close').click();
  const header = text.split(/\r?\n/)[0];
  const delimiter = header.includes(';') ? ';' : ',';
  return { columns: header.split(delimiter).map((c) => c.replace(/^"|"$/g, '')), delimiter };
}

/** Agreement with competency `k` (0-based): by construction, and in the panel's file. */
const orgAgree = (k, shift = 0) => [...Array(ORG).keys()].filter((i) => [3, 4].includes(point(i, k, shift))).length;
/** The records of a CSV text (RFC 4180: quoted fields may hold commas and quotes). */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n') { record.push(field.replace(/\r$/, '')); records.push(record); record = []; field = ''; }
    else field += c;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}

function panelAgree(column, keep = () => true) {
  const [head, ...rows] = parseCsv(panelCsv);
  const c = head.indexOf(column);
  const w = head.indexOf('werkgever');
  const kept = rows.filter((r) => keep(r[w]));
  return [kept.filter((r) => ['Mee eens', 'Zeer mee eens'].includes(r[c])).length, kept.filter((r) => r[c] !== '').length];
}
const pct = (a, b) => Math.round((a / b) * 100);

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serveDist();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function compareWith(page, file) {
  if ((await page.getByTestId('upload-panel').getAttribute('hidden')) !== null) await page.getByTestId('own-file').click();
  await page.setInputFiles('[data-testid=compare-input]', file);
  await page.getByTestId('review').waitFor({ timeout: 30000 });
  await page.getByTestId('review-show').click();
  await page.getByTestId('match-review').waitFor();
}

test('an organisation is matched to the panel and shown beside it, with both bases, the difference and its test', async () => {
  // bypassCSP only lets axe-core's script in; the policy itself is tested in foundation.test.mjs.
  const { page, context, record } = await openPage(browser, server.url, { bypassCSP: true, acceptDownloads: true });
  await page.waitForSelector('[data-testid=chart]');
  // The organisation fields the questionnaire with the template "Zelf afnemen" gives.
  const template = await downloadTemplate(page);
  const items = template.columns.filter((c) => c !== 'respondent_id');
  assert.deepEqual(items.sort(), [...columns].sort(), 'one column per item of the panel');
  await compareWith(page, organisation('gemeente-2026.csv', 0, ORG, template));

  // The review: every panel question found, by column (the template's columns).
  const summary = await page.getByTestId('match-summary').textContent();
  assert.match(summary, /^11 van de 11 vragen/);
  const rows = page.getByTestId('match-row');
  assert.equal(await rows.count(), 11);
  for (const how of await page.getByTestId('match-how').allTextContents()) assert.equal(how, 'op kolomnaam');
  assert.deepEqual(await axeViolations(page), [], 'the matching review passes axe');

  await page.getByTestId('match-show').click();
  await page.waitForSelector('main[data-source=compare] [data-testid=chart]');
  const title = await page.getByTestId('report-title').textContent();
  assert.match(title, /^Uw organisatie naast Landelijk panel — Ambtelijk vakmanschap onder druk/);

  // The competencies: the organisation's agreement with 'Tegenspraak geven' (item 11) by
  // construction, the panel's from its file; printed as the chart prints them.
  const [pa, pb] = panelAgree('competentie_11');
  const oa = orgAgree(10);
  const sentence = (await page.locator('section#competenties [data-testid=key-sentences] li').first().textContent()).trim();
  assert.ok(sentence.includes(`‘Tegenspraak geven’ dan Landelijk panel, ${pct(oa, ORG)}% (n = 240) tegenover ${pct(pa, pb)}% (n = 1.601)`), sentence);
  assert.ok(sentence.includes(`een verschil van ${Math.abs(pct(oa, ORG) - pct(pa, pb))} procentpunten; een significant verschil (95%)`), sentence);
  const chart = page.locator('[data-testid=chart][data-chart=competenties]');
  const svg = await chart.getByTestId('chart-svg').textContent();
  assert.ok(svg.includes('Uw organisatie (A) (n = 240)'), 'the organisation with its base');
  assert.ok(svg.includes('Landelijk panel (B) (n = 1.601)'), 'the panel with its base');
  assert.ok(svg.includes('▼'), 'significantly lower is marked');

  // The fragment says that two surveys are compared, nothing of what they hold.
  const fragment = new URL(page.url()).hash;
  assert.match(fragment, /cmp=1/);
  assert.ok(!fragment.includes('gemeente-2026') && !fragment.includes('Gemeente'), fragment);

  // Beside the municipalities of the panel only.
  await page.getByTestId('compare-reference').selectOption('werkgever:Gemeente');
  await page.waitForFunction(() => document.querySelector('[data-chart=competenties] [data-testid=chart-svg]')?.textContent.includes('Landelijk panel: Gemeente (B)'));
  const [ga, gb] = panelAgree('competentie_11', (w) => w === 'Gemeente');
  assert.equal(gb, 641);
  const svg2 = await chart.getByTestId('chart-svg').textContent();
  assert.ok(svg2.includes(`Landelijk panel: Gemeente (B) (n = ${gb})`), 'the subgroup with its base');
  const sentence2 = (await page.locator('section#competenties [data-testid=key-sentences] li').first().textContent()).trim();
  assert.ok(sentence2.includes(`${pct(ga, gb)}% (n = ${gb})`), sentence2);
  assert.match(new URL(page.url()).hash, /ref=werkgever%3AGemeente/);

  // The matching can be corrected afterwards: the employer was not asked.
  await page.getByTestId('compare-matching').click();
  await page.getByTestId('match-review').waitFor();
  const employer = page.locator('[data-testid=match-row][data-question=werkgever]');
  await employer.locator('select').selectOption('');
  assert.match(await page.getByTestId('match-summary').textContent(), /^10 van de 11/);
  // Chosen again by the person (aligned in the reader worker), and taken away again.
  await employer.locator('select').selectOption('werkgever');
  await page.waitForFunction(() => /^11 van de 11/.test(document.querySelector('[data-testid=match-summary]').textContent));
  assert.equal(await employer.getByTestId('match-how').textContent(), 'door u gekozen');
  await employer.locator('select').selectOption('');
  assert.match(await page.getByTestId('match-summary').textContent(), /^10 van de 11/);
  await page.getByTestId('match-show').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=chart][data-chart=werkgever]'));

  // Stopping gives the panel back as it was.
  await page.getByTestId('compare-stop').click();
  await page.waitForSelector('main[data-source=bundled] [data-testid=chart]');
  assert.equal((await page.getByTestId('report-title').textContent()).trim(), 'Ambtelijk vakmanschap onder druk');

  assert.deepEqual(foreignRequests(record, server.url), [], 'nothing but the site\'s own files was requested');
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('a choice in the matching review that the reader cannot make is said so, and the match before it stands', async () => {
  const { page, context, record } = await openPage(browser, server.url);
  // The reader worker's script, with a listener in front of the worker's own that answers
  // the person's choice of the column 'werkgever' with an error, as a failing worker would
  // (the reply's form is the worker's: crates/worker/src/main.rs, `answer`).
  await context.route('**/peiling-worker-boot.js', async (route) => {
    const response = await route.fetch();
    const failing = `self.addEventListener('message', (event) => {
      const data = event.data;
      if (data && data.type === 'choose' && data.answer === 'werkgever') {
        event.stopImmediatePropagation();
        self.postMessage({ type: 'matched', job: data.job, message: 'a test of a failing choice' });
      }
    });\n`;
    await route.fulfill({ response, body: failing + (await response.text()) });
  });
  await page.waitForSelector('[data-testid=chart]');
  await compareWith(page, organisation('gemeente-2026.csv'));
  const employer = page.locator('[data-testid=match-row][data-question=werkgever]');
  const select = employer.locator('select');
  await select.selectOption('');
  assert.match(await page.getByTestId('match-summary').textContent(), /^10 van de 11/);
  assert.equal(await page.getByTestId('match-error').count(), 0);

  await select.selectOption('werkgever');
  const error = page.getByTestId('match-error');
  await error.waitFor();
  assert.match(await error.textContent(), /^Die keuze kon niet worden verwerkt; de koppeling ervoor blijft staan/);
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.match(await page.getByTestId('match-summary').textContent(), /^10 van de 11/, 'the match before stands');
  assert.equal(await select.inputValue(), '', 'the select shows the match that stands, not the choice that failed');

  // A choice the worker makes clears the message.
  const other = await select.locator('option').evaluateAll((options) =>
    options.map((o) => o.value).find((v) => v !== '' && v !== 'werkgever'));
  await select.selectOption(other);
  await page.waitForFunction(() => !document.querySelector('[data-testid=match-error]'));
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('two waves of the same questionnaire are compared, each named by its file', async () => {
  const { page, context, record } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid=chart]');
  // Last year's file as the report.
  await page.getByTestId('own-file').click();
  await page.setInputFiles('[data-testid=file-input]', organisation('peiling-2025.csv', 5, 180));
  await page.getByTestId('review').waitFor({ timeout: 30000 });
  await page.getByTestId('review-show').click();
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
  // This year's beside it.
  await compareWith(page, organisation('peiling-2026.csv'));
  await page.getByTestId('match-show').click();
  await page.waitForSelector('main[data-source=compare] [data-testid=chart]');
  const title = await page.getByTestId('report-title').textContent();
  assert.match(title, /^peiling-2026\.csv naast peiling-2025\.csv/);
  const text = await page.locator('main').textContent();
  assert.ok(text.includes('peiling-2026.csv (A) (n = 240)'), 'this year with its base');
  assert.ok(text.includes('peiling-2025.csv (B) (n = 180)'), 'last year with its base');
  assert.deepEqual(foreignRequests(record, server.url), []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('a chart of the comparison is embedded from the comparison hosted as one file beside Peiling', async () => {
  const { page, context } = await openPage(browser, server.url, { acceptDownloads: true });
  await page.waitForSelector('[data-testid=chart]');
  await compareWith(page, organisation('gemeente-2026.csv'));
  await page.getByTestId('match-show').click();
  await page.waitForSelector('main[data-source=compare] [data-testid=chart]');
  const chart = page.locator('[data-testid=chart][data-chart=competenties]');
  await chart.getByTestId('embed-open').click();
  const dialog = page.getByTestId('embed-dialog');
  await dialog.waitFor();
  assert.match(await dialog.getByTestId('embed-hosting').textContent(), /data\/vergelijking\.csv/);
  // The site: Peiling's files, with the comparison's data and codebook as downloaded.
  const root = mkdtempSync(join(tmpdir(), 'peiling-compare-'));
  cpSync(distDir, root, { recursive: true });
  mkdirSync(join(root, 'data'), { recursive: true });
  for (const [button, name] of [['embed-data', 'vergelijking.csv'], ['embed-codebook', 'vergelijking.codebook.json']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId(button).click()]);
    assert.equal(download.suggestedFilename(), name);
    await download.saveAs(join(root, 'data', name));
  }
  const code = await dialog.getByTestId('embed-code').inputValue();
  const src = /src="([^"]+)"/.exec(code)[1].replaceAll('&amp;', '&');
  const fragment = src.slice(src.indexOf('#'));
  assert.ok(!fragment.includes('cmp=') && fragment.includes('by=peiling_vergelijking'), fragment);
  await context.close();

  const site = await startServer({ root });
  try {
    const embedded = await openPage(browser, `${site.url}${fragment}`);
    const figure = embedded.page.locator('[data-testid=embed] [data-chart=competenties]');
    await figure.waitFor({ timeout: 30000 });
    const svg = await figure.getByTestId('chart-svg').textContent();
    assert.ok(svg.includes('Uw organisatie (A) (n = 240)') && svg.includes('Landelijk panel (B) (n = 1.601)'), svg.slice(0, 300));
    assert.deepEqual(foreignRequests(embedded.record, site.url), []);
    assert.deepEqual(embedded.record.pageErrors, []);
    await embedded.context.close();
  } finally {
    await site.close();
    rmSync(root, { recursive: true, force: true });
  }
});
