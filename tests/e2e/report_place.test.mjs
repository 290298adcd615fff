// A reader keeps their place in a long report when the view changes: an upload's report of
// more than 16 charts draws them a few per task after a change (`report_view::CHARTS_AT_ONCE`).
// A chart not drawn yet must hold the room it had on screen (without that, the page shrank to
// its first charts for the frames of the redraw), and the chart the reader was at must stay
// where it was in the window while the charts before it are drawn taller (without that, it
// ended some 7,600 px below the window).
//
// The survey is the browser benchmark's generator (`bench/gen-survey.mjs`, seeded: 40 charted
// questions), at 3,000 respondents. Every frame of the redraw is sampled (requestAnimationFrame)
// for the page's height and the scroll position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { servedDist, artifactsDir } from './harness.mjs';
import { writeSurvey } from '../../bench/gen-survey.mjs';

const suite = servedDist();

// The report whole: not busy, and `count` charts on the page (or, without a count, more than
// 16 and none added for a second).
async function settled(page, count) {
  await page.waitForFunction((count) => {
    const report = document.querySelector('[data-testid=report][data-source=upload]');
    const charts = document.querySelectorAll('[data-testid=chart]').length;
    return report && !report.hasAttribute('aria-busy') && (count ? charts === count : charts > 16);
  }, count, { timeout: 60000 });
  if (count) return count;
  let last = -1;
  for (;;) {
    const now = await page.locator('[data-testid=chart]').count();
    if (now === last) return now;
    last = now;
    await page.waitForTimeout(1000);
  }
}

test('a breakdown change deep in a long report keeps the charts\' room and the reader\'s place while they are redrawn', { timeout: 180000 }, async () => {
  const csv = join(artifactsDir, 'place-3000.csv');
  if (!existsSync(csv)) await writeSurvey(3000, csv);
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(suite.server.url);
  await page.waitForSelector('[data-testid=file-input]', { state: 'attached' });
  await page.setInputFiles('[data-testid=file-input]', csv);
  await page.getByTestId('review-show').click({ timeout: 60000 });
  const charts = await settled(page);

  // Scrolled to the 30th chart, then the breakdown changed; every frame until the report is
  // whole again records the height of the sections holding the charts (drawn or waiting).
  const before = await page.evaluate(() => {
    const chartsHeight = () => [...document.querySelectorAll('#main section')]
      .filter((s) => s.querySelector('[data-chart], [data-slot]'))
      .reduce((sum, s) => sum + s.getBoundingClientRect().height, 0);
    const anchor = document.querySelectorAll('[data-testid=chart]')[29];
    anchor.scrollIntoView({ block: 'start' });
    const s = { minHeight: Infinity, frames: 0, on: true };
    window.__place = s;
    const frame = () => {
      if (!s.on) return;
      s.minHeight = Math.min(s.minHeight, chartsHeight());
      s.frames += 1;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    return { height: chartsHeight(), y: window.scrollY, chart: anchor.dataset.chart, top: anchor.getBoundingClientRect().top };
  });
  assert.ok(before.y > 5000, `scrolled deep into the report (${before.y} px)`);
  await page.selectOption('[data-testid=breakdown]', 'leeftijd');
  await settled(page, charts);
  await page.waitForTimeout(300);
  const during = await page.evaluate(() => { window.__place.on = false; return window.__place; });
  assert.equal(await page.locator('[data-testid=chart]').count(), charts, 'every chart drawn again');
  assert.ok(during.frames > 2, `the redraw was sampled (${during.frames} frames)`);
  // Broken down, the charts grow; in no frame of the redraw may they take less room than
  // before (a chart not yet drawn holds its room).
  assert.ok(during.minHeight >= before.height, `the charts took ${before.height} px or more (least: ${during.minHeight} px)`);
  // The reader's chart is where it was in the window, though every chart before it grew.
  const top = await page.locator(`[data-chart="${before.chart}"]`).evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(Math.abs(top - before.top) <= 2, `chart ${before.chart} stayed at ${before.top} px from the window's top (now ${top})`);
  assert.deepEqual(errors, []);
  await context.close();
});
