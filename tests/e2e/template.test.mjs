// "Zelf afnemen" in Chromium: the dialog by keyboard (focus in, Escape out, focus back, axe),
// each file downloaded and read by something other than Peiling — the questionnaire opened as
// a page (every question and answer of the bundled codebook in both languages, axe, no request
// but its own file), the workbook by openpyxl (columns, drop-down lists resolved to the
// codebook's values, the explanation sheet), the LimeSurvey file by Python's XML parser —
// and the CSV template, filled here with a dozen respondents, uploaded with the downloaded
// codebook: the report asks the bundled survey's questions and counts what was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { servedDist, openPage, foreignRequests, axeViolations, artifactsDir, repoRoot } from './harness.mjs';

// The bundled survey's codebook and data header, read from the repository (not from the page).
const codebook = JSON.parse(readFileSync(join(repoRoot, 'data', 'vakmanschap.codebook.json'), 'utf8'));
const header = readFileSync(join(repoRoot, 'data', 'vakmanschap.csv'), 'utf8').split(/\r?\n/)[0].replace(/^\ufeff/, '').split(',');
// Asked: every question but the respondent number (an identifier) and the generation (derived
// from the age column).
const asked = codebook.questions.filter((q) => !['respondent_id', 'generatie'].includes(q.id));
const en = (t) => t.en || t.nl;

/** Runs a Python program on `file` and returns what it prints as JSON. */
function python(program, file) {
  return JSON.parse(execFileSync('python3', ['-c', program, file], { encoding: 'utf8' }));
}

const served = servedDist();

/** Clicks the dialog's button for `key` and saves the download; returns its path and name. */
async function download(page, key) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`template-${key}`).click()]);
  const name = file.suggestedFilename();
  const path = join(artifactsDir, name);
  await file.saveAs(path);
  return { path, name };
}

test('Zelf afnemen: the dialog by keyboard, every file read by other programs, and a filled template uploaded', async () => {
  // bypassCSP only lets axe-core's script in; the policy itself is tested in foundation.test.mjs.
  const { browser, server, origin } = served;
  const { page, context, record } = await openPage(browser, server.url, { bypassCSP: true });
  await page.waitForSelector('[data-testid=chart]');
  const bundledCharts = await page.locator('[data-testid=chart]').evaluateAll((els) => els.map((e) => e.dataset.chart));
  const isReader = (r) => /peiling-worker/.test(r.url);
  assert.deepEqual(record.requests.filter(isReader), [], 'no writer is fetched with the page');

  // By keyboard: Tab from the base line reaches the button; Enter opens; focus is inside.
  const opener = page.getByTestId('template-open');
  assert.equal((await opener.textContent()).trim(), 'Zelf afnemen');
  await page.getByTestId('report-title').focus();
  for (let i = 0; i < 10 && !(await opener.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  assert.ok(await opener.evaluate((b) => b === document.activeElement), 'the button is reached with Tab');
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('template-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-labelledby'), 'template-title');
  assert.ok(await dialog.evaluate((d) => d.open && d.contains(document.activeElement)), 'focus moved into the dialog');
  assert.deepEqual(await axeViolations(page), [], 'axe with the dialog open');
  const text = await dialog.textContent();
  assert.match(text, /Zelf afnemen: Ambtelijk vakmanschap onder druk/);
  assert.match(text, /er wordt niets verstuurd/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await opener.evaluate((b) => b === document.activeElement), 'focus is back on the button');

  await page.keyboard.press('Enter');
  await dialog.waitFor();
  const files = {};
  for (const key of ['html-nl', 'html-en', 'xlsx', 'csv', 'json', 'lss']) files[key] = await download(page, key);
  assert.deepEqual(Object.values(files).map((f) => f.name), [
    'peiling-vragenlijst-ambtelijk-vakmanschap-onder-druk-nl.html',
    'peiling-vragenlijst-ambtelijk-vakmanschap-onder-druk-en.html',
    'peiling-vragenlijst-ambtelijk-vakmanschap-onder-druk-antwoorden.xlsx',
    'peiling-vragenlijst-ambtelijk-vakmanschap-onder-druk-antwoorden.csv',
    'peiling-vragenlijst-ambtelijk-vakmanschap-onder-druk-codeboek.json',
    'peiling-vragenlijst-ambtelijk-vakmanschap-onder-druk-limesurvey.lss',
  ]);
  assert.ok(record.requests.filter(isReader).length >= 2, 'the writers came with the reader worker, when asked for');
  await page.getByTestId('template-close').click();
  await dialog.waitFor({ state: 'detached' });

  // The questionnaires, opened as pages: every question, statement and answer in the file's
  // language, axe clean, nothing requested but the file itself.
  for (const [key, lang, say] of [['html-nl', 'nl', (t) => t.nl], ['html-en', 'en', en]]) {
    const url = pathToFileURL(files[key].path).href;
    const opened = await openPage(browser, url, { bypassCSP: true });
    const body = await opened.page.locator('body').textContent();
    assert.equal(await opened.page.getAttribute('html', 'lang'), lang);
    for (const q of asked) {
      assert.ok(body.includes(say(q.text)), `${lang}: ${say(q.text)}`);
      for (const item of q.items) if (item.label.nl) assert.ok(body.includes(say(item.label)), `${lang}: ${say(item.label)}`);
      for (const c of q.categories) assert.ok(body.includes(say(c.label)), `${lang}: ${say(c.label)}`);
    }
    const radios = await opened.page.locator('input[type=radio][name=stelling_1]').count();
    assert.equal(radios, 6, 'a radio per answer of a statement');
    assert.deepEqual(await axeViolations(opened.page), [], `axe on the ${lang} questionnaire`);
    assert.deepEqual(opened.record.requests.map((r) => r.url), [url], 'no request beyond its own file');
    await opened.context.close();
  }

  // The workbook, by openpyxl: the answer sheet's header, frozen, its drop-downs resolved to the
  // codebook sheet's cells, the explanation, and the defined name the reader looks for.
  const book = python(`import json, sys, re, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
answers, explain, cb = book.worksheets
def resolve(formula):
    m = re.fullmatch(r"'?(.+?)'?!\\$([A-Z]+)\\$(\\d+):\\$([A-Z]+)\\$(\\d+)", formula)
    sheet = book[m.group(1)]
    return [c.value for row in sheet[m.group(2) + m.group(3):m.group(4) + m.group(5)] for c in row]
lists = {}
for dv in answers.data_validations.dataValidation:
    for rng in dv.sqref.ranges:
        col = answers.cell(1, rng.min_col).value
        lists[col] = {'type': dv.type, 'rows': [rng.min_row, rng.max_row], 'values': resolve(dv.formula1) if dv.type == 'list' else None, 'prompt': dv.prompt}
print(json.dumps({
  'sheets': book.sheetnames,
  'header': [c.value for c in answers[1]],
  'rows': answers.max_row,
  'freeze': answers.freeze_panes,
  'lists': lists,
  'explain': [r[0] for r in explain.iter_rows(values_only=True) if r[0]],
  'codebook_header': [c.value for c in cb[1]][:5],
  'names': {n: str(d.attr_text) for n, d in book.defined_names.items()},
}))`, files.xlsx.path);
  assert.deepEqual(book.sheets, ['Antwoorden', 'Uitleg', 'Codeboek']);
  assert.deepEqual(book.header, header, 'the columns of data/vakmanschap.csv');
  assert.equal(book.rows, 1, 'an empty template');
  assert.equal(book.freeze, 'A2');
  assert.deepEqual(book.codebook_header, ['Kolom', 'Vraag', 'Stelling of optie', 'Zo vult u het in', 'Toegestane antwoorden']);
  for (const q of asked) {
    for (const item of q.items) {
      const list = book.lists[item.column];
      assert.ok(list, `a validation under ${item.column}`);
      assert.deepEqual(list.rows, [2, 10001]);
      const expected = q.kind === 'multi_select' ? q.chosen : q.categories.map((c) => c.value);
      assert.equal(list.type, 'list');
      assert.deepEqual(list.values, expected, `the drop-down of ${item.column}`);
      assert.ok(list.prompt.startsWith(q.text.nl.slice(0, 40)), `the input message of ${item.column} is its question`);
    }
  }
  assert.ok(book.explain.length >= 6, 'the explanation sheet');
  assert.ok(book.explain.some((l) => l.includes('één rij per respondent')));
  assert.ok(book.explain.some((l) => l.includes(files.json.name)), 'it names the codebook file');
  assert.equal(book.names.Peiling_antwoorden, "'Antwoorden'!$A:$AR");

  // The LimeSurvey file, by Python's XML parser: Dutch base language, English added, a group per
  // section and a question per asked question.
  const lss = python(`import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(json.dumps({'doctype': root.findtext('LimeSurveyDocType'), 'languages': [l.text for l in root.find('languages')],
  'groups': len(root.findall('groups/rows/row')), 'questions': [(r.findtext('title'), r.findtext('type')) for r in root.findall('questions/rows/row')]}))`, files.lss.path);
  assert.equal(lss.doctype, 'Survey');
  assert.deepEqual(lss.languages, ['nl', 'en']);
  assert.equal(lss.groups, codebook.sections.length);
  assert.equal(lss.questions.length, asked.length);

  // The CSV template, filled with twelve respondents by a rule, then uploaded with the codebook.
  const template = readFileSync(files.csv.path, 'utf8');
  assert.ok(template.startsWith('\ufeff'));
  const columns = template.slice(1).trim().split(';');
  assert.deepEqual(columns, header);
  const byColumn = new Map();
  for (const q of codebook.questions) for (const item of q.items) if (!byColumn.has(item.column)) byColumn.set(item.column, q);
  const rows = [];
  for (let r = 0; r < 12; r++) {
    rows.push(columns.map((column, c) => {
      const q = byColumn.get(column);
      if (q.kind === 'identifier') return String(r + 1);
      if (q.kind === 'multi_select') return (r + c) % 3 === 0 ? q.chosen[0] : '';
      const value = q.categories[(r + c) % q.categories.length].value;
      return `"${value.replaceAll('"', '""')}"`;
    }));
  }
  const filled = artifact('zelf-afnemen-ingevuld.csv', template.trimEnd() + '\r\n' + rows.map((r) => r.join(';')).join('\r\n') + '\r\n');
  const employer = columns.indexOf('werkgever');
  const written = (value) => rows.filter((r) => r[employer] === `"${value}"`).length;

  await page.getByTestId('own-file').click();
  await page.setInputFiles('[data-testid=file-input]', filled);
  await page.getByTestId('review').waitFor({ timeout: 30000 });
  await page.setInputFiles('[data-testid=codebook-input]', files.json.path);
  await page.getByTestId('codebook-notes').waitFor();
  const reviewed = await page.locator('[data-testid=review-question]').evaluateAll((els) => els.map((e) => [e.dataset.question, e.dataset.kind]));
  assert.deepEqual(reviewed, codebook.questions.map((q) => [q.id, q.kind]), 'the bundled survey\'s questions and kinds');
  await page.getByTestId('review-show').click();
  await page.getByTestId('review').waitFor({ state: 'detached' });
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
  const uploadedCharts = await page.locator('[data-testid=chart]').evaluateAll((els) => els.map((e) => e.dataset.chart));
  assert.deepEqual(uploadedCharts, bundledCharts, 'the same charts as the bundled report');
  assert.match(await page.getByTestId('report-base').textContent(), /n = 12\b/);
  const figure = page.locator('[data-testid=chart][data-chart=werkgever]');
  await figure.getByTestId('table-toggle').click();
  const table = await figure.locator('[data-testid=data-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  const werkgever = codebook.questions.find((q) => q.id === 'werkgever');
  for (const c of werkgever.categories) {
    const row = table.find((r) => r[0] === c.label.nl);
    assert.ok(row, `a row for ${c.label.nl}`);
    assert.ok(row.includes(String(written(c.value))), `${c.label.nl}: ${written(c.value)} written, the table says ${row}`);
  }

  assert.deepEqual(foreignRequests(record, origin), [], 'no request but GETs of our own origin');
  assert.ok(record.requests.every((r) => r.method === 'GET' && !r.postData), 'no request carries a body');
  assert.deepEqual(record.websockets, []);
  await context.close();
});

function artifact(name, text) {
  const path = join(artifactsDir, name);
  writeFileSync(path, text);
  return path;
}
