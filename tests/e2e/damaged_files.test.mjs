// Damaged files in the browser: every input that made a reader's library panic (kept by the
// fuzzers in fuzz/regressions/) gives in the page the same error as the command line gives
// natively, in the page's language, keeps the report that was loaded before, and leaves the
// reader working for the next file. And the safety net: a reader worker that dies while
// reading (a wasm `RuntimeError: unreachable`, which is what a panic becomes in the worker,
// built with `panic = "abort"`) ends the read with the damaged-file error in the page's
// language, and the next file is read by a fresh worker.
//
// Reference texts come from the command line (`peiling inspect FILE`), which reads with the
// same engine natively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servedDist, openPage, foreignRequests, repoRoot, distDir, cliPath } from './harness.mjs';

const regressions = join(repoRoot, 'fuzz', 'regressions');
const fixtures = join(repoRoot, 'tests', 'e2e', 'fixtures');

// Panics only where arithmetic overflow is checked (the debug CLI); the release worker wraps
// and goes on (crates/engine/tests/fuzz_regressions.rs): it refuses the file in its own words
// or reads what it can. Either way the worker must live.
const OVERFLOW_IN_DEBUG = new Set(['calamine_xls_subtract_overflow.xls', 'calamine_xlsx_cell_reference_overflow.xlsx']);

/** The command line's error for `file`, without its "peiling inspect: " prefix. */
function nativeError(file) {
  try {
    execFileSync(cliPath, ['inspect', file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    // The last line: a library's panic caught natively prints its message first.
    return e.stderr.trim().split('\n').pop().replace(/^peiling inspect: /, '');
  }
  assert.fail(`${file} reads natively`);
}

const suite = servedDist();

async function choose(page, file) {
  await page.setInputFiles('[data-testid=file-input]', []);
  await page.setInputFiles('[data-testid=file-input]', file);
}

/** Loads the Qualtrics fixture and shows its report: what must stay when a file fails. */
async function loadReport(page) {
  await choose(page, join(fixtures, 'qualtrics.csv'));
  await page.getByTestId('review').waitFor({ timeout: 30000 });
  await page.getByTestId('review-show').click();
  await page.getByTestId('review').waitFor({ state: 'detached' });
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
  return page.locator('[data-testid=report] h1').textContent();
}

async function errorAfterChoosing(page, file) {
  await choose(page, file);
  const alert = page.getByTestId('upload-error');
  await alert.waitFor({ timeout: 30000 });
  assert.equal(await alert.getAttribute('role'), 'alert');
  return (await alert.textContent()).trim();
}

async function assertReportStays(page, title, what) {
  assert.equal(await page.getByTestId('review').count(), 0, `${what}: no review`);
  assert.equal(await page.locator('[data-testid=report] h1').textContent(), title, `${what}: the report stays`);
  assert.ok(await page.locator('[data-testid=report] [data-testid=chart]').count() > 0, `${what}: its charts stay`);
}

/** A good SPSS file gets its review after all that, with no uncaught error and no request out. */
async function assertReaderStillWorks(page, record) {
  await choose(page, join(fixtures, 'survey.sav'));
  await page.getByTestId('review').waitFor({ timeout: 30000 });
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(foreignRequests(record, suite.origin), []);
}

test('every fuzz regression gives the native error in the page, in its language; then a good file reads', async () => {
  const files = readdirSync(regressions).sort();
  assert.ok(files.length >= 6, `regressions: ${files}`);
  const { page, context, record } = await openPage(suite.browser, suite.server.url);
  await page.waitForSelector('[data-testid=chart]');
  const title = await loadReport(page);
  for (const lang of ['nl', 'en']) {
    if (lang === 'en') await page.getByTestId('lang-en').click();
    for (const name of files) {
      const path = join(regressions, name);
      if (OVERFLOW_IN_DEBUG.has(name)) {
        await choose(page, path);
        const outcome = page.getByTestId('upload-error').or(page.getByTestId('review'));
        await outcome.waitFor({ timeout: 30000 });
        if (await page.getByTestId('review').count()) {
          await page.keyboard.press('Escape');
          await page.getByTestId('review').waitFor({ state: 'detached' });
        } else {
          const shown = await page.getByTestId('upload-error').textContent();
          assert.ok(shown.includes(name), `${name}: names the file: ${shown}`);
          assert.match(shown, lang === 'nl' ? /is beschadigd/ : /is damaged/, `${name}: ${shown}`);
        }
        await assertReportStays(page, title, name);
        continue;
      }
      const shown = await errorAfterChoosing(page, path);
      assert.ok(shown.includes(name), `${name}: names the file: ${shown}`);
      if (lang === 'nl') {
        assert.match(shown, /is beschadigd/, `${name}: ${shown}`);
        assert.match(shown, /Open het bestand in het programma dat het maakte/, `${name}: ${shown}`);
      } else {
        assert.ok(shown.includes(nativeError(path)), `${name}: the page says\n  ${shown}\nnatively:\n  ${nativeError(path)}`);
      }
      await assertReportStays(page, title, name);
    }
  }
  await assertReaderStillWorks(page, record);
  await context.close();
});

test('a reader worker that dies while reading: the damaged-file error in the page\'s language, the report stays, a fresh worker reads the next file', async () => {
  const boot = readFileSync(join(distDir, 'peiling-worker-boot.js'), 'utf8');
  // How a panic surfaces from the worker's wasm (`panic = "abort"` traps with `unreachable`):
  // thrown from the message handler (the worker's `error` event reaches the page), or inside
  // a future (only a rejected promise in the worker). The worker script is served once with
  // a first listener that does that on `read` instead of reading; then it is served as built.
  const crashes = {
    thrown: "throw new WebAssembly.RuntimeError('unreachable');",
    rejected: "Promise.reject(new WebAssembly.RuntimeError('unreachable'));",
  };
  let crash = null;
  const { page, context, record } = await openPage(suite.browser, suite.server.url);
  await page.route('**/peiling-worker-boot.js', async (route) => {
    if (crash === null) return route.continue();
    const body = `self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'read') { event.stopImmediatePropagation(); ${crashes[crash]} }
});
${boot}`;
    crash = null;
    return route.fulfill({ status: 200, contentType: 'text/javascript', body });
  });
  // The bundled report is what must stay; it is drawn without a reader worker, so each file
  // below starts a worker (the first, or a fresh one after the death of the one before) and
  // fetches the script served with the crash.
  await page.waitForSelector('[data-testid=report] [data-testid=chart]');
  let title = await page.locator('[data-testid=report] h1').textContent();
  const expected = {
    nl: 'het SPSS-bestand is beschadigd: de onderdelen passen niet bij elkaar. Open het bestand in het programma dat het maakte',
    en: 'the SPSS file is damaged: its parts do not fit together. Open the file in the program that made it',
  };
  for (const [lang, how] of [['nl', 'thrown'], ['nl', 'rejected'], ['en', 'rejected']]) {
    if (lang === 'en') {
      await page.getByTestId('lang-en').click();
      await page.waitForFunction((t) => document.querySelector('[data-testid=report] h1').textContent !== t, title);
      title = await page.locator('[data-testid=report] h1').textContent();
    }
    crash = how;
    const shown = await errorAfterChoosing(page, { name: 'kapot.sav', mimeType: 'application/octet-stream', buffer: readFileSync(join(fixtures, 'survey.sav')) });
    assert.ok(shown.includes('kapot.sav'), shown);
    assert.ok(shown.includes(expected[lang]), `${lang}, ${how}: ${shown}`);
    assert.equal(crash, null, `${how}: the crashing worker script was used`);
    await assertReportStays(page, title, how);
  }
  // A fresh worker (the script as built) reads the next file.
  await assertReaderStillWorks(page, record);
  await context.close();
});

test('a browser without WebAssembly SIMD is told which browsers read files, in the page\'s language, and the report stays', async () => {
  const boot = readFileSync(join(distDir, 'peiling-worker-boot.js'), 'utf8');
  // The boot script's SIMD probe answering "no", as in Firefox 79–88 or Safari before 16.4.
  const withoutSimd = boot.replace('WebAssembly.validate(SIMD_PROBE)', 'false');
  assert.notEqual(withoutSimd, boot, 'the boot script probes for SIMD');
  const { page, context, record } = await openPage(suite.browser, suite.server.url);
  await page.route('**/peiling-worker-boot.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: withoutSimd }));
  await page.waitForSelector('[data-testid=report] [data-testid=chart]');
  let title = await page.locator('[data-testid=report] h1').textContent();
  const shown = await errorAfterChoosing(page, join(fixtures, 'qualtrics.csv'));
  assert.match(shown, /qualtrics\.csv: deze browser kan het bestand niet lezen: hij mist WebAssembly SIMD\. Open Peiling in een recente versie van Chrome, Edge, Firefox of Safari/);
  await assertReportStays(page, title, 'no SIMD');
  await page.getByTestId('lang-en').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid=report] h1').textContent !== t, title);
  title = await page.locator('[data-testid=report] h1').textContent();
  const english = await errorAfterChoosing(page, join(fixtures, 'qualtrics.csv'));
  assert.match(english, /this browser cannot read the file: it lacks WebAssembly SIMD/);
  await assertReportStays(page, title, 'no SIMD, English');
  assert.deepEqual(foreignRequests(record, suite.origin), []);
  await context.close();
});
