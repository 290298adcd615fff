// The main thread through the whole flow of a large upload (issue 18, item 3): a survey of a
// million respondents chosen in the page, its review, "show report", the first breakdown
// change and the first filter change — no task on the main thread may take 50 ms or more in
// any of them (PerformanceObserver 'longtask', as the other end-to-end tests check while a
// file is read), and the last view must end with the figures an independent count gives for that
// view on the same file (counted by Python's csv module).
//
// The file is the browser benchmark's (`bench/gen-survey.mjs`, seeded: the same bytes on every
// machine), written to the artifacts folder once. The flow itself is `bench/flow.mjs`'s, which
// also prints the timings recorded in BENCHMARKS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { servedDist, artifactsDir } from './harness.mjs';
import { writeSurvey } from '../../bench/gen-survey.mjs';
import { instrument, uploadFlow } from '../../bench/flow.mjs';

const RESPONDENTS = 1000000;
const suite = servedDist();

test('a million respondents: read, review, report, breakdown and filter without a main-thread task of 50 ms or more, with figures counted independently', { timeout: 600000 }, async () => {
  const csv = join(artifactsDir, `flow-${RESPONDENTS}.csv`);
  if (!existsSync(csv)) await writeSurvey(RESPONDENTS, csv);
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(instrument);
  await page.goto(suite.server.url);
  const flow = await uploadFlow(page, csv, { by: 'leeftijd', filter: 'Onderwijs' });
  console.log(`flow at ${RESPONDENTS}: ${JSON.stringify(flow)}`);
  for (const phase of ['read', 'show_report', 'breakdown', 'filter']) {
    assert.equal(flow[phase].long_tasks, 0, `${phase}: main-thread tasks of 50 ms or more: ${flow[phase].tasks_ms}`);
  }
  assert.ok(flow.breakdown.first_chart_ms > 0 && flow.filter.first_chart_ms > 0, 'both changes redrew a chart');

  // The view on screen now (broken down by age, filtered on one sector): the working-week
  // chart's table holds, per age group and answer, the respondents Python's csv module counts
  // in the file (an independent reading of the same bytes).
  assert.equal(await page.getByTestId('report').getAttribute('aria-busy'), null);
  assert.equal(await page.locator('[data-stale]').count(), 0, 'nothing stale once built');
  const chart = page.locator('[data-testid=chart][data-chart=werkweek]');
  await chart.scrollIntoViewIfNeeded();
  await chart.getByTestId('table-toggle').click();
  const rows = await chart.locator('[data-testid=data-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  const counted = JSON.parse(execFileSync('python3', ['-c', `
import collections, csv, json, sys
counts = collections.Counter()
with open(sys.argv[1], encoding='utf-8', newline='') as f:
    for r in csv.DictReader(f):
        if r['sector'] == 'Onderwijs' and r['leeftijd'] and r['werkweek']:
            counts[r['leeftijd'] + '|' + r['werkweek']] += 1
print(json.dumps(counts))
`, csv], { encoding: 'utf8' }));
  let checked = 0;
  for (const [key, n] of Object.entries(counted)) {
    const [group, answer] = key.split('|');
    const row = rows.find((r) => r.some((c) => c.startsWith(group)) && r.includes(answer));
    assert.ok(row, `row ${group} / ${answer} in ${JSON.stringify(rows.slice(0, 3))}`);
    assert.ok(row.some((c) => c.replace(/\./g, '') === String(n)), `${n} respondents in ${row}`);
    checked++;
  }
  assert.ok(checked >= 12, `cells checked: ${checked}`);
  assert.deepEqual(errors, []);
  await context.close();
});
