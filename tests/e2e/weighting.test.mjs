// Raking in the page (issue #15): the "Weging" dialog takes target shares per answer for
// werkgever and leeftijd (the targets of crates/cli/tests/fixtures/rake_spec.json), refuses
// percentages that do not add up to 100 with a message naming the question and the sum, shows
// the effective n and design effect before applying, passes axe; applied, the header says how
// the report is weighted, a figure equals the command line's `--rake` figure for the same
// specification, and the link (reloaded) gives the same weighted figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servedDist, openPage, axeViolations, repoRoot, cliPath } from './harness.mjs';

const data = join(repoRoot, 'data', 'vakmanschap.csv');
const codebook = join(repoRoot, 'data', 'vakmanschap.codebook.json');
const specPath = join(repoRoot, 'crates', 'cli', 'tests', 'fixtures', 'rake_spec.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

/** The command line's figures for `question` raked to the specification. */
function tabulate(question) {
  const out = execFileSync(cliPath, ['tabulate', data, '--codebook', codebook, '--question', question, '--rake', specPath, '--format', 'json'], { encoding: 'utf8' });
  return JSON.parse(out);
}

const nl = (x, digits) => x.toFixed(digits).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '.');

const suite = servedDist();

/** Types the specification's targets for `margin` into the dialog. */
async function enterTargets(dialog, margin) {
  const field = dialog.locator(`[data-testid=rake-margin][data-question="${margin.question}"]`);
  await field.locator('[data-testid=rake-on]').check();
  for (const [value, target] of Object.entries(margin.targets)) {
    await field.locator(`[data-testid=rake-target][data-value="${value}"]`).fill(String(target));
  }
  return field;
}

/** The row of the opleiding chart's table for `label`, as text. */
async function opleidingRow(page, label) {
  const chart = page.locator('[data-chart=opleiding]');
  if (!(await chart.locator('[data-testid=data-table]').isVisible())) {
    await chart.locator('[data-testid=table-toggle]').click();
  }
  return chart.locator('[data-testid=data-table] tbody tr', { hasText: label }).first().textContent();
}

test('raking set in the page gives the command line\'s figures, in the header, the charts and the link', async () => {
  const cli = tabulate('opleiding');
  assert.equal(cli.weighting.converged, true);
  const { effective_n: effectiveN, design_effect: deff } = cli.weighting.summary;

  // axe-core is injected as a script, which the page's own policy would refuse.
  const { page, context, record } = await openPage(suite.browser, suite.server.url, { bypassCSP: true });
  await page.waitForSelector('[data-testid=chart]');
  assert.equal(await page.locator('[data-testid=weighting]').count(), 0, 'unweighted to start with');
  await page.locator('[data-testid=weighting-open]').click();
  const dialog = page.locator('[data-testid=weighting-dialog]');
  await dialog.waitFor();
  const werkgever = await enterTargets(dialog, spec.margins[0]);
  await enterTargets(dialog, spec.margins[1]);

  // Percentages must add up to 100: 35 → 34 gives 99, said with the question's name.
  await werkgever.locator('[data-testid=rake-target][data-value=Gemeente]').fill('34');
  await dialog.locator('[data-testid=rake-problems]').waitFor();
  assert.match(await dialog.locator('[data-testid=rake-problems]').textContent(), /‘Werkgever’: de percentages tellen op tot 99,00, niet tot 100\./);
  await dialog.locator('[data-testid=rake-apply]').click();
  assert.ok(await dialog.isVisible(), 'nothing is applied while a question\'s percentages are wrong');
  await werkgever.locator('[data-testid=rake-target][data-value=Gemeente]').fill('35');

  // Before applying: the effective n and design effect the engine finds (those of `--rake`).
  const preview = dialog.locator('[data-testid=rake-preview]');
  await page.waitForFunction(() => /Effectieve n/.test(document.querySelector('[data-testid=rake-preview]')?.textContent ?? ''));
  const previewText = await preview.textContent();
  assert.ok(previewText.includes(`Effectieve n = ${nl(Math.round(effectiveN), 0)}`), previewText);
  assert.ok(previewText.includes(`design-effect ${nl(deff, 2)}`), previewText);
  assert.match(previewText, /kwam tot rust/);
  assert.deepEqual(await axeViolations(page), [], 'WCAG 2.1 AA (axe-core) with the weighting dialog open');

  await dialog.locator('[data-testid=rake-apply]').click();
  await dialog.waitFor({ state: 'detached' });
  // The questions in the codebook's order, as the dialog lists them.
  const header = await page.locator('[data-testid=weighting]').textContent();
  assert.equal(header, `Gewogen naar ‘Leeftijd’ en ‘Werkgever’ (raking): effectieve n = ${nl(Math.round(effectiveN), 0)}, design-effect ${nl(deff, 2)} (gewichten ${nl(cli.weighting.summary.min, 2)}–${nl(cli.weighting.summary.max, 2)})`);

  // A figure of a question not raked to, as the command line gives it for the same spec.
  const label = 'Hbo-master, wo-master of doctoraat';
  const percent = cli.items[0].categories.find((c) => c.label === label).percent;
  const row = await opleidingRow(page, label);
  assert.ok(row.includes(`${nl(percent, 1)}%`) || row.includes(`${nl(percent, 1)} %`), `${row} holds ${nl(percent, 1)}%`);
  // The unweighted base stays the respondents counted.
  assert.match(await page.locator('[data-chart=opleiding] [data-testid=chart-base]').textContent(), /1\.601/);

  // The link carries the targets: a fresh page on it gives the same weighted figures.
  const url = page.url();
  assert.match(url, /rake=werkgever/);
  assert.match(url, /rake=leeftijd/);
  const again = await openPage(suite.browser, url);
  await again.page.waitForSelector('[data-testid=chart]');
  assert.equal(await again.page.locator('[data-testid=weighting]').textContent(), header);
  assert.equal(await opleidingRow(again.page, label), row);
  await again.context.close();

  // Removing the weighting gives the unweighted report back.
  await page.locator('[data-testid=weighting-open]').click();
  await dialog.locator('[data-testid=rake-remove]').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid=weighting]').count(), 0);
  assert.doesNotMatch(page.url(), /rake=/);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('population counts pasted from a table weight as their shares do; English words', async () => {
  const cli = tabulate('opleiding');
  const { page, context } = await openPage(suite.browser, `${suite.server.url}#/?lang=en`);
  await page.waitForSelector('[data-testid=chart]');
  await page.locator('[data-testid=weighting-open]').click();
  const dialog = page.locator('[data-testid=weighting-dialog]');
  await dialog.waitFor();
  // The same shares as counts of a population of 100,000 (werkgever) and 20,000 (leeftijd),
  // pasted as a spreadsheet column with a label and Dutch thousands separators.
  for (const [margin, total] of [[spec.margins[0], 100000], [spec.margins[1], 20000]]) {
    const field = dialog.locator(`[data-testid=rake-margin][data-question="${margin.question}"]`);
    await field.locator('[data-testid=rake-on]').check();
    const column = Object.entries(margin.targets)
      .map(([value, t]) => `${value}\t${(t * total / 100).toLocaleString('nl-NL')}`)
      .join('\n');
    await field.locator('[data-testid=rake-paste]').fill(column);
    assert.ok(await field.locator('[data-testid=rake-counts]').isChecked(), 'counts, as they do not add up to 100');
  }
  await page.waitForFunction(() => /Effective n/.test(document.querySelector('[data-testid=rake-preview]')?.textContent ?? ''));
  await dialog.locator('[data-testid=rake-apply]').click();
  await dialog.waitFor({ state: 'detached' });
  const en = (x, digits) => x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const header = await page.locator('[data-testid=weighting]').textContent();
  assert.ok(header.startsWith(`Weighted by ‘Age’ and ‘Employer’ (raking): effective n = ${en(Math.round(cli.weighting.summary.effective_n), 0)}, design effect ${en(cli.weighting.summary.design_effect, 2)}`), header);
  await context.close();
});
