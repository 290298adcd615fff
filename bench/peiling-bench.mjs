// Peiling's own browser benchmark: how long the release build takes from a survey file chosen
// in the file input to its report on screen, in Debian's headless Chromium, for generated
// files of 10k, 100k and 1M respondents; the main thread's long tasks meanwhile; peak memory
// of the browser; and the reader worker's own reading time, to set beside the native engine's.
//
//   node bench/peiling-bench.mjs [--dist dist] [--sizes 10000,100000,1000000] [--runs 3]
//        [--data DIR] [--csv FILE] [--native] [--out FILE.json]
//
// See bench/README.md for what each figure covers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/e2e/harness.mjs';
import { startServer } from '../scripts/static-server.mjs';
import { writeSurvey } from './gen-survey.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');

const SELECTORS = {
  input: '[data-testid=file-input]',
  // Opens the upload panel when the input sits in a closed panel (clicked only if present).
  open: '[data-testid=own-file]',
  review: '[data-testid=review]',
  // The review's button that shows the report (clicked as soon as it appears).
  proceed: '[data-testid=review-show]',
  report: '[data-testid=report][data-source=upload]',
  error: '[data-testid=upload-error-message]',
};

function parseArgs(argv) {
  const args = { dist: join(repoRoot, 'dist'), sizes: '10000,100000,1000000', runs: 3, data: join(tmpdir(), 'peiling-bench'), timeout: 120 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key === 'native') args.native = true;
    else args[key] = argv[++i];
  }
  args.runs = Number(args.runs);
  args.timeout = Number(args.timeout);
  return args;
}

/**
 * Memory of the process tree under `root` (our Chromium), in bytes, from /proc: the sum of
 * each process's resident set (`VmRSS`: counts the pages the processes share — Chromium's
 * binary and libraries, shared memory between them — once per process), the sum of their
 * proportional sets (`Pss` of `smaps_rollup`: each shared page divided among the processes
 * that map it, so the tree's pages are counted once; pages shared with processes outside the
 * tree, such as another Chromium on the machine, count partly), and the same two for the
 * largest renderer (the page and its workers).
 */
function treeMemory(root) {
  const children = new Map();
  const status = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(text)?.[1]);
      const rss = Number(/^VmRSS:\s+(\d+)/m.exec(text)?.[1] ?? 0) * 1024;
      status.set(Number(name), { rss, cmd: readFileSync(`/proc/${name}/cmdline`, 'utf8') });
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  const sum = { rss: 0, pss: 0, renderer_rss: 0, renderer_pss: 0, other_chromium: 0 };
  const stack = [...(children.get(root) ?? [])];
  const ours = new Set();
  while (stack.length) {
    const pid = stack.pop();
    const s = status.get(pid);
    ours.add(pid);
    if (s) {
      let pss = 0;
      try {
        pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        // The process ended while we looked.
      }
      sum.rss += s.rss;
      sum.pss += pss;
      if (s.cmd.includes('--type=renderer') && s.rss > sum.renderer_rss) {
        sum.renderer_rss = s.rss;
        sum.renderer_pss = pss;
      }
    }
    stack.push(...(children.get(pid) ?? []));
  }
  // Other Chromium processes on the machine share pages with ours and lower our PSS (our own
  // crash handler leaves our tree: it is neither counted there nor here).
  for (const [pid, s] of status) {
    if (!ours.has(pid) && s.cmd.startsWith('/usr/lib/chromium/chromium\0')) sum.other_chromium += 1;
  }
  return sum;
}

/** Samples treeMemory every 100 ms until stopped; keeps the peak of each figure. */
function memorySampler() {
  const peak = { rss: 0, pss: 0, renderer_rss: 0, renderer_pss: 0, other_chromium: 0 };
  const sample = () => {
    const now = treeMemory(process.pid);
    for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], now[key]);
    return now;
  };
  const timer = setInterval(sample, 100);
  return { now: sample, stop: () => (clearInterval(timer), sample(), peak) };
}

const mib = (bytes) => Math.round(bytes / 2 ** 20);

/** Runs in the page before its own scripts: records long tasks and the file input's change. */
function instrument() {
  window.__bench = { longTasks: [], changeAt: null, readyAt: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file' && e.target.files.length) {
      window.__bench.changeAt = performance.now();
    }
  }, true);
}

async function oneRun(browser, serverUrl, serverLog, csv, timeoutMs, memory) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(instrument);
  serverLog.length = 0;
  await page.goto(serverUrl);
  await page.waitForSelector(SELECTORS.input, { state: 'attached', timeout: timeoutMs });
  const instantiate = await page.evaluate(() => performance.now());
  const beforeChoice = serverLog.map((r) => r.path);

  await page.evaluate((s) => {
    // Polled every frame, so the moments are those a person would see.
    const state = window.__bench;
    const tick = () => {
      const now = performance.now();
      if (!state.reviewAt && document.querySelector(s.review)) state.reviewAt = now;
      const proceed = document.querySelector(s.proceed);
      if (proceed && !state.proceedAt) {
        state.proceedAt = now;
        proceed.click();
      }
      if (document.querySelector(s.report)) state.reportAt = now;
      else if (document.querySelector(s.error)) state.error = document.querySelector(s.error).textContent;
      if (!state.reportAt && !state.error) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, SELECTORS);
  const idle = memory.now();
  await page.setInputFiles(SELECTORS.input, csv);
  await page.waitForFunction(() => window.__bench.reportAt || window.__bench.error, null, { timeout: timeoutMs, polling: 100 });
  const b = await page.evaluate(() => ({ ...window.__bench, read: window.__peilingRead ?? null }));
  // What stays once the report is on screen (the dataset, the page, whatever the reading
  // left behind), after a moment for the browser to finish up.
  await page.waitForTimeout(SETTLE_MS);
  const settled = memory.now();
  await context.close();
  if (b.error) throw new Error(`the page refused the file: ${b.error}`);

  const during = b.longTasks.filter((t) => t.start + t.duration >= b.changeAt && t.start <= b.reportAt);
  const sizeOf = (path) => {
    try { return statSync(join(resolveDist, path === '/' ? 'index.html' : path)).size; } catch { return 0; }
  };
  return {
    instantiate_ms: Math.round(instantiate),
    review_ms: b.reviewAt ? Math.round(b.reviewAt - b.changeAt) : null,
    report_ms: Math.round(b.reportAt - b.changeAt),
    total_ms: Math.round(instantiate + b.reportAt - b.changeAt),
    worker_read_ms: b.read ? Math.round(b.read.ms) : null,
    worker_parse_ms: b.read?.parse_ms != null ? Math.round(b.read.parse_ms) : null,
    infer_ms: b.read?.infer_ms != null ? Math.round(b.read.infer_ms) : null,
    worker_total_ms: b.read?.worker_ms != null ? Math.round(b.read.worker_ms) : null,
    decode_ms: b.read?.decode_ms != null ? Math.round(b.read.decode_ms) : null,
    parts: b.read?.parts ?? null,
    worker_rows: b.read?.rows ?? null,
    dataset_mib: b.read?.dataset_bytes != null ? +(b.read.dataset_bytes / 2 ** 20).toFixed(1) : null,
    idle_rss_mib: mib(idle.rss),
    idle_pss_mib: mib(idle.pss),
    after_rss_mib: mib(settled.rss),
    after_pss_mib: mib(settled.pss),
    after_renderer_rss_mib: mib(settled.renderer_rss),
    long_tasks: during.length,
    long_task_max_ms: Math.round(Math.max(0, ...during.map((t) => t.duration))),
    long_tasks_ms: during.map((t) => Math.round(t.duration)),
    worker_fetched_before_choice: beforeChoice.some((p) => p.includes('peiling-worker')),
    page_bytes: beforeChoice.reduce((sum, p) => sum + sizeOf(p), 0),
    errors,
  };
}

let resolveDist;

/** How long after the report appears the memory that stays is measured. */
const SETTLE_MS = 2000;

function median(values) {
  const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
}

/** The native engine's reading time for the same file (the example `read_speed`). */
function nativeRead(csv) {
  const out = execFileSync('cargo', ['run', '-q', '-p', 'peiling-engine', '--profile', 'bench', '--example', 'read_speed', '--', csv, '5'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop());
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  resolveDist = resolve(args.dist);
  if (!existsSync(join(resolveDist, 'index.html'))) throw new Error(`no build in ${resolveDist}: run trunk build --release first`);
  mkdirSync(args.data, { recursive: true });
  const files = args.csv
    ? [{ n: null, path: resolve(args.csv) }]
    : args.sizes.split(',').map(Number).map((n) => ({ n, path: join(args.data, `survey-own-${n}.csv`) }));
  for (const f of files) {
    if (!existsSync(f.path)) {
      process.stderr.write(`generating ${f.path}\n`);
      await writeSurvey(f.n, f.path);
    }
  }
  const server = await startServer({ root: resolveDist });
  const results = [];
  try {
    for (const f of files) {
      const runs = [];
      for (let r = 0; r < args.runs; r++) {
        const browser = await launch();
        const memory = memorySampler();
        try {
          const run = await oneRun(browser, server.url, server.log, f.path, args.timeout * 1000, memory);
          const peak = memory.stop();
          run.peak_rss_mib = mib(peak.rss);
          run.peak_pss_mib = mib(peak.pss);
          run.peak_renderer_rss_mib = mib(peak.renderer_rss);
          run.peak_renderer_pss_mib = mib(peak.renderer_pss);
          run.other_chromium_processes = peak.other_chromium;
          runs.push(run);
          console.log(JSON.stringify({ file: f.path, run: r + 1, ...run, long_tasks_ms: undefined }));
        } finally {
          memory.stop();
          await browser.close();
        }
      }
      const bytes = statSync(f.path).size;
      const summary = { file: f.path, respondents: f.n ?? runs[0].worker_rows, bytes, runs: runs.length };
      for (const key of ['instantiate_ms', 'review_ms', 'report_ms', 'total_ms', 'worker_read_ms', 'worker_parse_ms', 'infer_ms', 'worker_total_ms', 'decode_ms', 'long_tasks', 'long_task_max_ms', 'dataset_mib', 'idle_rss_mib', 'idle_pss_mib', 'peak_rss_mib', 'peak_pss_mib', 'peak_renderer_rss_mib', 'peak_renderer_pss_mib', 'after_rss_mib', 'after_pss_mib', 'after_renderer_rss_mib']) {
        summary[key] = median(runs.map((r) => r[key]));
      }
      summary.worker_fetched_before_choice = runs.some((r) => r.worker_fetched_before_choice);
      summary.other_chromium_processes = Math.max(...runs.map((r) => r.other_chromium_processes));
      if (summary.other_chromium_processes) process.stderr.write(`note: ${summary.other_chromium_processes} other Chromium processes ran meanwhile: PSS reads low\n`);
      if (args.native) {
        const native = nativeRead(f.path);
        summary.native_read_ms = native.ms;
        const wasm = summary.worker_parse_ms ?? summary.worker_read_ms;
        summary.wasm_native_speed = wasm ? +(native.ms / wasm).toFixed(2) : null;
      }
      summary.detail = runs;
      results.push(summary);
    }
  } finally {
    await server.close();
  }
  console.log('\n| respondents | MiB | load page | file → review | file → report | total | worker read (parse) | infer | native parse | wasm/native | long tasks (max ms) | dataset MiB | before the file: RSS sum / PSS MiB | peak: RSS sum / PSS MiB (renderer RSS / PSS) | after the report: RSS sum / PSS MiB (renderer RSS) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of results) {
    console.log(`| ${s.respondents?.toLocaleString('en')} | ${(s.bytes / 2 ** 20).toFixed(1)} | ${s.instantiate_ms} | ${s.review_ms ?? '—'} | ${s.report_ms} | ${s.total_ms} | ${s.worker_read_ms ?? '—'} (${s.worker_parse_ms ?? '—'}) | ${s.infer_ms ?? '—'} | ${s.native_read_ms ?? '—'} | ${s.wasm_native_speed ?? '—'} | ${s.long_tasks} (${s.long_task_max_ms}) | ${s.dataset_mib ?? '—'} | ${s.idle_rss_mib} / ${s.idle_pss_mib} | ${s.peak_rss_mib} / ${s.peak_pss_mib} (${s.peak_renderer_rss_mib} / ${s.peak_renderer_pss_mib}) | ${s.after_rss_mib} / ${s.after_pss_mib} (${s.after_renderer_rss_mib}) |`);
  }
  if (args.out) writeFileSync(args.out, JSON.stringify(results, null, 2));
}

await main();
