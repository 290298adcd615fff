// Writes a survey-like CSV of N respondents for the benchmark: a respondent number, five
// profile questions with Dutch labels (two labels hold a comma, so those fields are quoted),
// twenty agreement statements with six answers and about 3% empty cells, and fifteen
// multi-select options as `1` or empty. Seeded, so every run writes the same bytes.
//
//   node bench/gen-survey.mjs N OUT.csv [SEED]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

const PROFILE = [
  ['leeftijd', ['18-24', '25-34', '35-44', '45-54', '55-64', '65 of ouder'], [5, 14, 22, 25, 24, 10]],
  ['sector', ['Onderwijs', 'Zorg en welzijn', 'Openbaar bestuur', 'Cultuur, sport en recreatie', 'Overig'], [30, 28, 24, 8, 10]],
  ['dienstjaren', ['minder dan 2', '2 tot 5', '5 tot 10', '10 of meer'], [15, 25, 25, 35]],
  ['werkweek', ['tot 24 uur', '24 tot 32 uur', '32 uur of meer'], [18, 37, 45]],
  ['provincie', ['Groningen', 'Friesland', 'Drenthe', 'Overijssel', 'Gelderland', 'Utrecht', 'Noord-Holland', 'Zuid-Holland', 'Zeeland', 'Brabant, Noord', 'Limburg', 'Flevoland'], [3, 4, 3, 7, 12, 8, 16, 21, 2, 15, 6, 3]],
];
const AGREE = ['Helemaal oneens', 'Oneens', 'Niet eens, niet oneens', 'Eens', 'Helemaal eens', 'Weet ik niet'];
const STATEMENTS = 20;
const OPTIONS = 15;
const EMPTY = 0.03;

/** mulberry32: a small seeded generator of floats in [0, 1). */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A function that picks one of `labels` with the given weights. */
function picker(random, labels, weights) {
  const total = weights.reduce((a, b) => a + b, 0);
  const bounds = [];
  let sum = 0;
  for (const w of weights) bounds.push((sum += w) / total);
  const cells = labels.map((l) => (l.includes(',') ? `"${l}"` : l));
  return () => {
    const r = random();
    let i = 0;
    while (i < bounds.length - 1 && r >= bounds[i]) i++;
    return cells[i];
  };
}

export async function writeSurvey(n, path, seed = 7) {
  const random = generator(seed);
  const profile = PROFILE.map(([, labels, weights]) => picker(random, labels, weights));
  const statements = Array.from({ length: STATEMENTS }, () => {
    const peak = Math.floor(random() * 5);
    const weights = AGREE.map((_, i) => (i === 5 ? 0.4 + random() : 1 + 8 / (1 + 2 * Math.abs(i - peak))));
    return picker(random, AGREE, weights);
  });
  const chosen = Array.from({ length: OPTIONS }, () => 0.05 + 0.5 * random());
  const header = ['respondent', ...PROFILE.map(([name]) => name)];
  for (let i = 1; i <= STATEMENTS; i++) header.push(`stelling_${String(i).padStart(2, '0')}`);
  for (let i = 1; i <= OPTIONS; i++) header.push(`optie_${String(i).padStart(2, '0')}`);

  const out = createWriteStream(path);
  let block = header.join(',') + '\n';
  for (let row = 1; row <= n; row++) {
    const cells = [`R${row}`];
    for (const pick of profile) cells.push(pick());
    for (const pick of statements) cells.push(random() < EMPTY ? '' : pick());
    for (const p of chosen) cells.push(random() < p ? '1' : '');
    block += cells.join(',') + '\n';
    if (block.length > 1 << 20) {
      if (!out.write(block)) await once(out, 'drain');
      block = '';
    }
  }
  out.end(block);
  await once(out, 'finish');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [n, path, seed] = process.argv.slice(2);
  if (!n || !path) {
    console.error('usage: node bench/gen-survey.mjs N OUT.csv [SEED]');
    process.exit(2);
  }
  await writeSurvey(Number(n), path, seed ? Number(seed) : undefined);
}
