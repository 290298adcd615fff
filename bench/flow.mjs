// The main thread through the flow of an upload (issue 18, item 3): a survey file chosen in
// the page, its review, "show report", the first breakdown change and the first filter change,
// each phase with the main thread's long tasks (PerformanceObserver 'longtask', the check the
// end-to-end tests use) and how long the page took to show its result: the first chart
// redrawn (a frame painted after the first chart's markup changed) and every chart redrawn
// (the last change to any chart, once the page has been quiet for a second).
//
//   node bench/flow.mjs [--dist dist] [--csv FILE | --n 1000000] [--runs 1] [--by leeftijd]
//        [--filter Gemeente] [--out FILE.json] [--trace TRACE.json [--profile 1] [--min-task 40]]
//        [--cpu-slowdown 2]
//
// With --trace, a Chrome trace of the flow is written and each main-thread task of
// --min-task ms or more (40 unless given) is listed with the longest events inside it (script,
// style recalculation, layout, paint).
//
// Without --csv, the shared harness's generator writes the file (`../shared/bench/gen.py N`,
// the workload of contender-run.mjs) into $TMPDIR/peiling-flow/. --cpu-slowdown N runs the
// page's main thread N times slower (DevTools' CPU throttling), to see how much room the
// 50 ms check leaves on a slower machine. A fresh browser per run, viewport 1280 × 900. `tests/e2e/large_flow.test.mjs` runs the same flow (`uploadFlow`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from '../tests/e2e/harness.mjs';
import { startServer } from '../scripts/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');

function parseArgs(argv) {
  const args = { dist: join(repoRoot, 'dist'), n: 1000000, runs: 1, by: 'leeftijd', filter: 'Gemeente', timeout: 180, 'min-task': 40 };
  for (let i = 0; i < argv.length; i++) args[argv[i].replace(/^--/, '')] = argv[++i];
  args.runs = Number(args.runs);
  args.n = Number(args.n);
  args.timeout = Number(args.timeout);
  args.minTask = Number(args['min-task']);
  return args;
}

/** Runs in the page before its scripts: every long task, and the moments the phases need. */
export function instrument() {
  const state = { longTasks: [], marks: {} };
  window.__flow = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file' && e.target.files.length) state.marks.change = performance.now();
  }, true);
  // The last change to the report's markup, and the first change to a chart's after
  // `watchFrom` was set.
  const element = (node) => (node.nodeType === 1 ? node : node.parentElement);
  const hasChart = (node) => node.nodeType === 1 && (node.matches('[data-testid=chart-svg]') || node.querySelector('[data-testid=chart-svg]'));
  new MutationObserver((records) => {
    const now = performance.now();
    const inReport = records.filter((r) => element(r.target)?.closest('#main'));
    if (!inReport.length) return;
    state.lastChartChange = now;
    const chart = inReport.some((r) => element(r.target).closest('[data-testid=chart]') || [...r.addedNodes].some(hasChart));
    if (chart && state.watchFrom != null && state.firstChartChange == null) {
      state.firstChartChange = now;
      requestAnimationFrame(() => { state.firstChartPainted = performance.now(); });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** Waits until the report is built (`aria-busy` gone) and no chart changed for `quietMs`,
 * then returns the last change's moment. */
async function settled(page, quietMs = 1000) {
  for (;;) {
    const { last, now, busy } = await page.evaluate(() => ({
      last: window.__flow.lastChartChange ?? 0,
      now: performance.now(),
      busy: !!document.querySelector('[data-testid=report][aria-busy=true]'),
    }));
    if (!busy && now - last >= quietMs) return last;
    await page.waitForTimeout(200);
  }
}

function tasksBetween(tasks, from, to) {
  const during = tasks.filter((t) => t.start + t.duration >= from && t.start <= to);
  return { long_tasks: during.length, longest_ms: Math.round(Math.max(0, ...during.map((t) => t.duration))), tasks_ms: during.map((t) => Math.round(t.duration)) };
}

/** One change on the report (`act` in the page), timed from just before it. */
async function timedChange(page, act, arg) {
  const started = await page.evaluate(({ act, arg }) => {
    const s = window.__flow;
    s.firstChartChange = null;
    s.firstChartPainted = null;
    s.watchFrom = performance.now();
    if (act === 'breakdown') {
      const select = document.querySelector('[data-testid=breakdown]');
      select.value = arg;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    } else {
      document.querySelector('[data-flow="1"]').click();
    }
    return s.watchFrom;
  }, { act, arg });
  const last = await settled(page);
  const first = await page.evaluate(() => window.__flow.firstChartPainted);
  const tasks = await page.evaluate(() => window.__flow.longTasks);
  // The page's own User Timing measures of the change (`peiling:*`), for where the time went.
  const measures = await page.evaluate((from) => performance.getEntriesByType('measure')
    .filter((m) => m.startTime >= from && m.name.startsWith('peiling:'))
    .map((m) => `${m.name} ${Math.round(m.duration)}`), started);
  return { measures, first_chart_ms: first ? Math.round(first - started) : null, all_charts_ms: Math.round(last - started), ...tasksBetween(tasks, started, last + 50) };
}

/**
 * The flow on `page` (opened with `instrument` as an init script): `csv` chosen, its review,
 * "show report", a breakdown by `by`, a filter on the answer labelled `filter`. Returns each
 * phase's timings and long tasks.
 */
export async function uploadFlow(page, csv, { by = 'leeftijd', filter = 'Gemeente', timeout = 180 } = {}) {
  const args = { by, filter, timeout };
  await page.waitForSelector('[data-testid=file-input]', { state: 'attached' });
  await page.setInputFiles('[data-testid=file-input]', csv);
  await page.getByTestId('review-show').waitFor({ timeout: args.timeout * 1000 });
  const reviewAt = await page.evaluate(() => performance.now());
  const marks = await page.evaluate(() => window.__flow.marks);
  // Let the review's own drawing finish (it is on screen), then show the report.
  await page.waitForTimeout(500);
  const showAt = await page.evaluate(() => {
    window.__flow.watchFrom = null;
    const at = performance.now();
    document.querySelector('[data-testid=review-show]').click();
    return at;
  });
  await page.waitForSelector('[data-testid=report][data-source=upload]', { timeout: args.timeout * 1000 });
  const reportAt = await page.evaluate(() => performance.now());
  const drawnAt = await settled(page);
  let tasks = await page.evaluate(() => window.__flow.longTasks);
  const result = {
    read: { ms: Math.round(reviewAt - marks.change), ...tasksBetween(tasks, marks.change, showAt) },
    show_report: { report_shown_ms: Math.round(reportAt - showAt), all_charts_ms: Math.round(drawnAt - showAt), ...tasksBetween(tasks, showAt, drawnAt + 50) },
  };
  result.breakdown = await timedChange(page, 'breakdown', args.by);
  await page.getByTestId('filter-toggle').click();
  await page.waitForTimeout(300);
  const box = page.getByTestId('filter-panel').getByLabel(args.filter, { exact: true });
  const id = await box.evaluate((e) => { e.dataset.flow = '1'; return true; });
  if (!id) throw new Error('no filter box');
  result.filter = await timedChange(page, 'filter', null);
  return result;
}

/**
 * What the long tasks of a Chrome trace (`--trace`) held: per task of `minMs` or more, its
 * start and length and the longest events directly inside it (script, style, layout, paint…).
 */
function longTaskContents(trace, minMs = 40) {
  const events = trace.traceEvents.filter((e) => e.ph === 'X' && e.dur != null);
  const main = new Set(trace.traceEvents
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.name === 'RunTask' && e.dur >= minMs * 1000 && main.has(`${e.pid}:${e.tid}`));
  return tasks.map((task) => {
    const inside = events.filter((e) => e !== task && e.tid === task.tid && e.pid === task.pid && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.dur >= 2000);
    const byName = new Map();
    for (const e of inside) {
      const name = e.args?.data?.type ? `${e.name}(${e.args.data.type})` : e.name;
      byName.set(name, Math.max(byName.get(name) ?? 0, e.dur));
    }
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${Math.round(d / 1000)}`);
    return { ms: Math.round(task.dur / 1000), ts: task.ts, top };
  });
}

async function oneRun(browser, url, csv, args) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(instrument);
  if (args['cpu-slowdown']) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(args['cpu-slowdown']) });
  }
  await page.goto(url);
  // With --profile too, V8's sampling profiler (names need a wasm built with `-g`, see
  // BENCHMARKS.md): `ProfileChunk` events in the trace.
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];
  if (args.profile) categories.push('disabled-by-default-v8.cpu_profiler');
  if (args.trace) await browser.startTracing(page, { categories });
  const result = await uploadFlow(page, csv, args);
  if (args.trace) {
    const trace = JSON.parse((await browser.stopTracing()).toString());
    writeFileSync(args.trace, JSON.stringify(trace));
    result.long_task_contents = longTaskContents(trace, args.minTask);
  }
  result.errors = errors;
  await context.close();
  return result;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dist = resolve(args.dist);
  let csv = args.csv && resolve(args.csv);
  if (!csv) {
    const dir = join(tmpdir(), 'peiling-flow');
    mkdirSync(dir, { recursive: true });
    csv = join(dir, `survey-${args.n}.csv`);
    if (!existsSync(csv)) execFileSync('python3', [join(repoRoot, '../shared/bench/gen.py'), String(args.n), '--out', dir], { stdio: 'inherit' });
  }
  const server = await startServer({ root: dist });
  const runs = [];
  try {
    for (let r = 0; r < args.runs; r++) {
      const browser = await launch();
      try {
        const run = await oneRun(browser, server.url, csv, args);
        console.log(JSON.stringify(run));
        runs.push(run);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  if (args.out) writeFileSync(args.out, JSON.stringify({ csv, runs }, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
