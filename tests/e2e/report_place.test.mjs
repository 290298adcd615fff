// A reader keeps their place in a long report when the view changes: an upload's report of
// more than 16 charts draws them a few per task after a change (`report_view::CHARTS_AT_ONCE`),
// and a chart not drawn yet must hold the room it had on screen. Without that, the page shrank
// to its first charts for the frames of the redraw, and a reader scrolled deep into it was
// pulled up to wherever the shorter page ended.
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

test('a breakdown change deep in a long report keeps the page\'s length and the reader\'s place while the charts are redrawn', { timeout: 180000 }, async () => {
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
  // whole again records the page's height and the scroll position.
  const before = await page.evaluate(() => {
    document.querySelectorAll('[data-testid=chart]')[29].scrollIntoView({ block: 'start' });
    const s = { minHeight: Infinity, minY: Infinity, frames: 0, on: true };
    window.__place = s;
    const frame = () => {
      if (!s.on) return;
      s.minHeight = Math.min(s.minHeight, document.documentElement.scrollHeight);
      s.minY = Math.min(s.minY, window.scrollY);
      s.frames += 1;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    return { height: document.documentElement.scrollHeight, y: window.scrollY };
  });
  assert.ok(before.y > 5000, `scrolled deep into the report (${before.y} px)`);
  await page.selectOption('[data-testid=breakdown]', 'leeftijd');
  await settled(page, charts);
  const during = await page.evaluate(() => { window.__place.on = false; return window.__place; });
  assert.equal(await page.locator('[data-testid=chart]').count(), charts, 'every chart drawn again');
  assert.ok(during.frames > 2, `the redraw was sampled (${during.frames} frames)`);
  // Broken down, the charts grow; none of the redraw's frames may be shorter than the page was.
  assert.ok(during.minHeight >= before.height, `the page stayed ${before.height} px or longer (shortest frame ${during.minHeight} px)`);
  assert.ok(during.minY >= before.y - 1, `the reader was not pulled up (${before.y} → ${during.minY} px)`);
  assert.deepEqual(errors, []);
  await context.close();
});
