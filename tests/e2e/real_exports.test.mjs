// Real exports through the page, in Chromium: files that SurveyMonkey, LimeSurvey (German),
// Google Forms, Microsoft Forms, Qualtrics, SPSS and Excel wrote (tests/fixtures/real/, sources
// in SOURCES-*.md) are uploaded, the proposed codebook is accepted, and the report is checked as
// a person reads it: the title, the sections and their contents, no page wider than the
// window at 1280 and 360 px, and the figures of a multi-select against the independent
// reading in the file's `.expect.json` (pandas, pyreadstat or by hand — not the engine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servedDist, openPage, foreignRequests, repoRoot, cliPath } from './harness.mjs';

const corpus = join(repoRoot, 'tests', 'fixtures', 'real');

/** How the engine reads a file, from the command line. */
function inspect(file) {
  return JSON.parse(execFileSync(cliPath, ['inspect', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

const norm = (s) => s.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();

const suite = servedDist();

/** Uploads `path` at `viewport`, accepts the proposed codebook and waits for the report. */
async function report(path, viewport) {
  const opened = await openPage(suite.browser, suite.server.url, { viewport });
  const { page } = opened;
  await page.waitForSelector('[data-testid=chart]');
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.getByTestId('review').waitFor({ timeout: 60000 });
  await page.getByTestId('review-show').click();
  await page.getByTestId('review').waitFor({ state: 'detached' });
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
  // Every chart drawn (a long report draws a few per task).
  await page.waitForFunction(() => {
    const main = document.querySelector('main[data-source=upload]');
    return main && document.querySelectorAll('main [data-testid=chart]').length === Number(main.dataset.charts);
  }, null, { timeout: 60000 });
  return opened;
}

/** How much wider than the window the page is, in CSS pixels (0: no horizontal scrolling). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const files = [
  // A multi-select of option columns with a ticked "Other" and its typed text beside it.
  { file: 'surveymonkey_538_thanksgiving-2015-poll-data.csv', multi: 'Which of these side dishes aretypically served' },
  // German full-text headings, Ja/Nein/N/A per option, "Sonstiges" typed.
  { file: 'limesurvey_dtsurvey_results.csv', multi: 'Welchen fachlichen Hintergrund haben Sie?' },
  // Checkbox answers joined by ", " where options hold ", " themselves.
  { file: 'googleforms_rstudio_2019_Spanish_R_Community_Survey_Responses.csv', multi: 'a quién recurres para pedir ayuda' },
  // An SPSS category set (car1…car3 holding makers) and declared missing codes.
  { file: 'spss_survey_sample_fr_mrsets.sav', multi: 'Car maker, most recent cars' },
  // A notes sheet first, summary rows under the answers.
  { file: 'excel_cruise_survey_notes_first.xlsx' },
  // Question codes in groups: sections.
  { file: 'limesurvey_tugraz_results-survey896447.csv' },
  // Dutch (Belgian) Google Form: checkbox answers joined by ", ", every option in lower case.
  { file: 'googleforms_be_nl_tijdstempel_enquete.csv', multi: 'Ik ben geïnteresseerd in' },
  // Qualtrics' own SPSS file: one variable per option, labelled "1 = option".
  { file: 'qualtrics_spss_menu_TestProject-Menu.sav', multi: 'Which foods would you prefer to eat?' },
  // SurveyMonkey's legacy CSV: NUL cells in the second header row, typed answers beside options.
  { file: 'surveymonkey_legacy_houston_Sheet_1.csv', multi: 'Which languages can your organization provide' },
  // Corpus F: Microsoft Forms in Dutch, a municipality's ';' CSV in Windows-1252.
  { file: 'msforms_nl_gemeente_beverwijk_maas_monitor_answers.csv' },
  // Corpus G: an SPSS multiple-category set without a label (its variables' label is the
  // question), -1 declared missing; 4,142 interviews.
  { file: 'spss_es_pe_mrsets_user_missing_satisfaccion_data.sav', multi: '5. ¿Quién le brindó orientación' },
  // Corpus G: Qualtrics numeric values, a multiple answer of one column per colour.
  { file: 'qualtrics_values_voting_qualtrics.csv', multi: 'Please select the colors you would like to vote upon.' },
  // Corpus L: Microsoft Forms' own XLSX, options joined by ' ;'.
  { file: 'msforms_xlsx_tiktok_ads_survey_data.xlsx', multi: 'How do you usually identify an ad on TikTok?' },
  // Corpus G: SPSS mentions without a set record (Q08_1 … Q08_6 each the code of one option named).
  { file: 'spss_es_mentions_investigaonline_Datos_IO20191026VOD.sav', multi: 'Q08.obtención de películas' },
  // Corpus O: LimeSurvey's own XLSX in German, 'Ja'/'Nein' per option, 'Keine Antwort' beside lists.
  { file: 'limesurvey_de_xlsx_industrie40_results-survey.xlsx', multi: 'In welcher Branche ordnen Sie Ihre Tätigkeit ein?' },
  // Corpus Q: arrays without text after text displays of a paragraph, a consent of a page.
  { file: 'limesurvey_en_xai_shap_results-survey.csv' },
];

for (const { file, multi } of files) {
  test(`${file}: a report with its title, sections that lead where they point, no overflow, and the reference's figures`, async () => {
    const path = join(corpus, file);
    const expect = JSON.parse(readFileSync(`${path}.expect.json`, 'utf8'));
    const engine = inspect(path);
    assert.equal(engine.source.rows, expect.respondents, 'the respondent count of the reference');

    const { page, context, record } = await report(path, { width: 1280, height: 900 });
    // The title: the survey's own, else the file's name.
    assert.equal((await page.locator('main h1').textContent()).trim(), engine.codebook.title.nl);
    assert.ok(engine.codebook.title.nl.length > 0);
    // The base is the number of data rows.
    assert.match(await page.getByTestId('report-base').textContent(), new RegExp(expect.respondents.toLocaleString('nl-NL').replace('.', '\\.')));

    // Sections: unique anchors; the contents (shown when there is more than one) lead to them.
    const sections = await page.locator('main section.pl-section').evaluateAll((s) => s.map((x) => ({ id: x.id, title: x.querySelector('h2').textContent.trim() })));
    assert.ok(sections.length >= 1);
    assert.equal(new Set(sections.map((s) => s.id)).size, sections.length, 'unique section anchors');
    const links = await page.locator('nav.pl-contents a').evaluateAll((a) => a.map((x) => ({ href: x.getAttribute('href'), text: x.textContent.trim() })));
    if (sections.length > 1) {
      assert.deepEqual(links.map((l) => l.href), sections.map((s) => `#${s.id}`));
      assert.ok(links.every((l) => l.text.length > 0 && l.text.length <= 80), 'short contents entries');
      assert.ok(new Set(links.map((l) => l.text)).size === links.length, 'contents entries that differ');
      // The last entry lands on its own section, not on the first chart.
      await page.locator('nav.pl-contents a').last().click();
      await page.waitForFunction((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return r.top < window.innerHeight && r.bottom > 0;
      }, sections.at(-1).id);
    } else {
      assert.equal(links.length, 0, 'one section needs no contents');
    }
    assert.ok(sections.every((s) => s.title !== 'Vragen' || sections.length === 1), 'no run of sections all called "Vragen"');
    assert.equal(await overflow(page), 0, 'no horizontal overflow at 1280 px');
    // The overview keeps a question of a paragraph to three lines beside its result.
    const tallest = await page.locator('[data-testid=overview] th[scope=row] a').evaluateAll((links) => Math.max(0, ...links.map((a) => {
      const cs = getComputedStyle(a);
      const line = parseFloat(cs.lineHeight) || 1.25 * parseFloat(cs.fontSize);
      return a.getBoundingClientRect().height / line;
    })));
    assert.ok(tallest <= 3.05, `an overview question ${tallest.toFixed(2)} lines tall`);

    if (multi) {
      const e = expect.questions.find((q) => q.text === multi || norm(q.text).includes(norm(multi)));
      const q = engine.codebook.questions.find((x) => norm(x.text.nl).includes(norm(e.text)));
      assert.equal(q.kind, 'multi_select', `${e.text} is one multi-select`);
      const figure = page.locator(`[data-testid=chart][data-chart="${q.id}"]`);
      await figure.getByTestId('table-toggle').click();
      const rows = await figure.locator('[data-testid=data-table] tbody tr').evaluateAll((trs) => trs.map((r) => [...r.children].map((c) => c.textContent.trim())));
      for (const [option, count] of Object.entries(e.counts)) {
        const row = rows.find((r) => norm(r[0]) === norm(option));
        assert.ok(row, `a row for '${option}' in ${JSON.stringify(rows)}`);
        assert.ok(row.includes(count.toLocaleString('nl-NL')), `'${option}': ${count} respondents (reference) in ${row}`);
      }
    }
    assert.deepEqual(record.pageErrors, []);
    assert.deepEqual(foreignRequests(record, suite.origin), []);
    await context.close();

    // A phone: still no horizontal scrolling, long labels and all.
    const small = await report(path, { width: 360, height: 740 });
    assert.equal(await overflow(small.page), 0, 'no horizontal overflow at 360 px');
    await small.context.close();
  });
}

test('the review shows what was read: each answer with its count and how many gave none, as the independent reading counts them', async () => {
  const file = 'limesurvey_tugraz_results-survey896447.csv';
  const path = join(corpus, file);
  const expect = JSON.parse(readFileSync(`${path}.expect.json`, 'utf8'));
  const { page, context } = await openPage(suite.browser, suite.server.url);
  await page.waitForSelector('[data-testid=chart]');
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.getByTestId('review').waitFor({ timeout: 60000 });
  let checked = 0;
  for (const id of ['DT03', 'DQ04', 'DT05a']) {
    const e = expect.questions.find((q) => q.text === id);
    const question = page.locator(`[data-testid=review-question][data-question="${id}"]`);
    for (const [label, want] of Object.entries(e.counts)) {
      const answer = question.locator('[data-testid=answer]').filter({ has: page.locator('.pl-review__answer-label', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
      assert.equal(await answer.getByTestId('answer-count').textContent(), want.toLocaleString('nl-NL'), `${id} ${label}`);
      checked++;
    }
    assert.match(await question.getByTestId('question-summary').textContent(), new RegExp(`^Geen antwoord: ${e.missing}\\b`), id);
  }
  assert.equal(checked, 8);

  // Open questions in the report: how many typed an answer, the answers on demand. Counted
  // with Python's csv module (utf-8-sig): DT04b holds 128 answers other than "N/A".
  await page.getByTestId('review-show').click();
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
  const open = page.locator('[data-testid=open-question][data-question=DT04b]');
  await open.waitFor();
  assert.equal(await open.getByTestId('open-count').textContent(), '128 respondenten gaven een open antwoord');
  assert.equal(await page.locator('[data-testid=chart][data-chart=DT04b]').count(), 0, 'never charted');
  await open.locator('summary').click();
  const answers = open.getByTestId('open-answers').locator('li');
  assert.equal(await answers.count(), 128);
  assert.equal(await answers.first().textContent(), 'Daten, die einer Geheimhaltungsvereinbarung unterliegen.');
  await context.close();
});

// FiveThirtyEight's Thanksgiving file keeps one option column of a "select all that apply"
// question ("… - Macy's Parade": the label or empty). Counted with Python's csv module (the
// .expect.json): 502 of the 1,058 respondents hold the label. The chart gives that option's
// share of everyone and says so; the overview does not call it "most chosen".
test('a question of which the file kept one option: its share of all respondents, said in the subtitle', async () => {
  const path = join(corpus, 'surveymonkey_538_thanksgiving-2015-poll-data.csv');
  const expect = JSON.parse(readFileSync(`${path}.expect.json`, 'utf8'));
  const e = expect.questions.find((q) => q.text.startsWith('Will you watch any of the following programs'));
  const engine = inspect(path);
  const q = engine.codebook.questions.find((x) => x.text.nl === e.text);
  assert.equal(q.kind, 'multi_select');
  const { page, context, record } = await report(path, { width: 1280, height: 900 });
  const figure = page.locator(`[data-testid=chart][data-chart="${q.id}"]`);
  const subtitle = await figure.getByTestId('chart-base').textContent();
  assert.match(subtitle, new RegExp(`^n = ${e.base.toLocaleString('nl-NL').replace('.', '\\.')} · percentage van alle respondenten`));
  assert.match(subtitle, /de andere antwoordopties van deze vraag staan niet in het bestand/);
  await figure.getByTestId('table-toggle').click();
  const rows = await figure.locator('[data-testid=data-table] tbody tr').evaluateAll((trs) => trs.map((r) => [...r.children].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 1);
  const [option, count] = Object.entries(e.counts)[0];
  assert.equal(rows[0][0], option);
  assert.ok(rows[0].includes(count.toLocaleString('nl-NL')), `${count} respondents in ${rows[0]}`);
  const share = ((100 * count) / e.base).toFixed(0);
  assert.ok(rows[0].some((c) => c.startsWith(`${share}%`) || c.startsWith(`${share},`)), `${share}% of everyone in ${rows[0]}`);
  // The overview's line: one answer is "chosen", not "most chosen".
  const line = page.getByTestId('overview').locator('tbody tr').filter({ hasText: 'following programs' });
  assert.deepEqual(
    (await line.locator('th, td').evaluateAll((cells) => cells.map((c) => c.textContent.trim()))).slice(1),
    [`n = ${e.base.toLocaleString('nl-NL')}`, `Gekozen: ‘${option}’ (${share}%)`],
  );
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

// A question nobody answered: q17c of the Norwegian EPSI file has value labels 1–11 and no
// answer at all (pyreadstat 1.3: 0 of 20 not missing). The report says so in words, with no
// chart of 0% bars and no empty list of answers to open.
// q17c of the EPSI file: a question nobody answered (pyreadstat: no value in any row). The
// review proposes it as not analysed and says why; the report leaves it out.
test('a question nobody answered is said so in the review and left out of the report', async () => {
  const path = join(corpus, 'spss_epsi_satisfaction_no.sav');
  const opened = await openPage(suite.browser, suite.server.url, { viewport: { width: 1280, height: 900 } });
  const { page, context, record } = opened;
  await page.waitForSelector('[data-testid=chart]');
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.getByTestId('review').waitFor({ timeout: 60000 });
  const reviewed = page.locator('[data-testid=review-question][data-question=q17c]');
  assert.equal(await reviewed.getAttribute('data-kind'), 'identifier');
  assert.match(await reviewed.getByTestId('question-summary').textContent(), /door niemand beantwoord, dus niet in het rapport/);
  await page.getByTestId('review-show').click();
  await page.getByTestId('review').waitFor({ state: 'detached' });
  await page.waitForSelector('main[data-source=upload] [data-testid=chart]');
  assert.equal(await page.locator('[data-testid=open-question][data-question=q17c]').count(), 0, 'not in the report');
  assert.equal(await page.locator('[data-testid=chart][data-chart=q17c]').count(), 0, 'never charted');
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

// A report of many questions opens with an overview: one line per question with its base and
// headline figure, each leading to its chart. The SAQ file (SPSS, 23 items) and its counts in
// the .expect.json (pyreadstat): "Statistics makes me cry" Strongly agree 270 + Agree 1338
// of 2571 = 62.5% → 63%.
test('a report of many questions opens with an overview whose lines lead to their charts', async () => {
  const path = join(corpus, 'spss_saq_statistics_anxiety.sav');
  const { page, context, record } = await report(path, { width: 1280, height: 900 });
  const overview = page.getByTestId('overview');
  const rows = overview.locator('tbody tr');
  assert.equal(await rows.count(), Number(await page.locator('main').getAttribute('data-charts')));
  const cry = rows.filter({ hasText: 'Statistics makes me cry' });
  assert.deepEqual(
    await cry.locator('th, td').evaluateAll((cells) => cells.map((c) => c.textContent.trim())),
    ['Statistics makes me cry', 'n = 2.571', '63% (zeer) eens'],
  );
  await cry.locator('a').click();
  await page.waitForFunction(() => {
    const h = document.activeElement;
    if (!h || h.tagName !== 'H3') return false;
    const r = h.getBoundingClientRect();
    return h.textContent.includes('Statistics makes me cry') && r.top < window.innerHeight && r.bottom > 0;
  });
  assert.deepEqual(record.pageErrors, []);
  await context.close();

  const small = await report(path, { width: 360, height: 740 });
  await small.page.getByTestId('overview').waitFor();
  assert.equal(await overflow(small.page), 0, 'no horizontal overflow at 360 px');
  await small.context.close();
});
