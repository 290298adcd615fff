//! Exact counts first, then the respondents who get them.
//!
//! The reconstruction fixes how many respondents give each answer *before* it decides who gives
//! it. [`split`] and [`grouped_counts`] pick whole counts that round half up to the target
//! percentages — also for groups of answers, such as "agree" = Mee eens + Zeer mee eens — and
//! [`pick_top`] and [`rank_into`] then hand those answers out along a ranking by latent score.
//! Whatever the scores, the counts, and so every printed percentage, stay exactly as chosen.
//!
//! Randomness comes only from the caller's seeded generator and noise is built from plain
//! additions ([`noise`]), so the same seed gives the same bytes on every platform.

use rand::distr::Open01;
use rand::Rng;

/// How far (in respondents) a count may stray from the exact target before the band check:
/// keeps the tables' one-decimal percentages from all ending in `,0`.
const JITTER: u32 = 4;

/// The counts `c` of `base` that round half up to `percent`, as an inclusive range:
/// `percent - 0.5 <= 100 c / base < percent + 0.5`, worked in integers.
pub fn band(percent: u32, base: usize) -> (usize, usize) {
    let p = percent as usize;
    let lo = ((2 * p).saturating_sub(1) * base).div_ceil(200);
    let hi = (((2 * p + 1) * base).saturating_sub(1) / 200).min(base);
    (lo, hi)
}

/// A count of `base` that rounds to `percent`, within [`JITTER`] of the exact share.
pub fn near(percent: u32, base: usize, rng: &mut impl Rng) -> usize {
    let (lo, hi) = band(percent, base);
    let exact = (percent as usize * base + 50) / 100;
    let step = rng.random_range(0..=2 * JITTER) as usize;
    (exact + step).saturating_sub(JITTER as usize).clamp(lo, hi)
}

/// Counts that add up to `total` and each round to its percentage of `base`; `None` when the
/// percentages leave no room for that total.
pub fn split(
    total: usize,
    percents: &[u32],
    base: usize,
    rng: &mut impl Rng,
) -> Option<Vec<usize>> {
    let bands: Vec<(usize, usize)> = percents.iter().map(|&p| band(p, base)).collect();
    let mut counts: Vec<usize> = percents.iter().map(|&p| near(p, base, rng)).collect();
    loop {
        let sum: usize = counts.iter().sum();
        if sum == total {
            return Some(counts);
        }
        let movable: Vec<usize> = (0..counts.len())
            .filter(|&i| {
                if sum < total {
                    counts[i] < bands[i].1
                } else {
                    counts[i] > bands[i].0
                }
            })
            .collect();
        if movable.is_empty() {
            return None;
        }
        let i = movable[rng.random_range(0..movable.len() as u32) as usize];
        if sum < total {
            counts[i] += 1;
        } else {
            counts[i] -= 1;
        }
    }
}

/// Counts for answers in groups (e.g. `[[Zeer mee oneens, Mee oneens], [Neutraal], ...]`):
/// the counts add up to `base`, and every answer and every group's sum rounds to its
/// percentage. The result is flat, in the order given.
pub fn grouped_counts(groups: &[&[u32]], base: usize, rng: &mut impl Rng) -> Option<Vec<usize>> {
    let group_percents: Vec<u32> = groups.iter().map(|g| g.iter().sum()).collect();
    let totals = split(base, &group_percents, base, rng)?;
    let mut counts = Vec::new();
    for (group, total) in groups.iter().zip(totals) {
        counts.extend(split(total, group, base, rng)?);
    }
    Some(counts)
}

/// Roughly standard normal noise: the sum of four uniform draws, centred and scaled to unit
/// variance. Written with additions only because `ln`/`sqrt`-based samplers go through the
/// platform's maths library, whose last bits differ between systems, and the generated files
/// must be byte-identical everywhere.
pub fn noise(rng: &mut impl Rng) -> f64 {
    /// sqrt(3): four uniforms on (0, 1) have variance 4/12 = 1/3.
    const SCALE: f64 = 1.732_050_807_568_877_2;
    let sum: f64 = (0..4).map(|_| rng.sample::<f64, _>(Open01)).sum();
    (sum - 2.0) * SCALE
}

/// Splits `pool` into the `k` respondents with the highest `score` and the rest, both in
/// respondent order. Ties go to the lower respondent number.
pub fn pick_top(pool: &[usize], k: usize, score: &[f64]) -> (Vec<usize>, Vec<usize>) {
    let mut order = ranked(pool, score);
    order.reverse();
    let mut top = order[..k.min(order.len())].to_vec();
    top.sort_unstable();
    let rest = pool
        .iter()
        .copied()
        .filter(|r| top.binary_search(r).is_err())
        .collect();
    (top, rest)
}

/// Hands out ordered categories along the ranking by `score`: the `counts[0]` lowest scores
/// get category 0, the next `counts[1]` category 1, and so on. Returns each respondent's
/// category as `(respondent, category)`. The counts must add up to the pool's size.
pub fn rank_into(pool: &[usize], counts: &[usize], score: &[f64]) -> Vec<(usize, usize)> {
    assert_eq!(
        counts.iter().sum::<usize>(),
        pool.len(),
        "category counts must cover the pool exactly"
    );
    let order = ranked(pool, score);
    let mut out = Vec::with_capacity(pool.len());
    let mut at = 0;
    for (category, &count) in counts.iter().enumerate() {
        out.extend(order[at..at + count].iter().map(|&r| (r, category)));
        at += count;
    }
    out
}

/// `pool` in ascending order of score, ties by respondent number.
fn ranked(pool: &[usize], score: &[f64]) -> Vec<usize> {
    let mut order = pool.to_vec();
    order.sort_by(|&a, &b| score[a].total_cmp(&score[b]).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn half_up(count: usize, base: usize) -> usize {
        // floor(100 count / base + 1/2), in integers.
        (200 * count + base) / (2 * base)
    }

    #[test]
    fn band_holds_exactly_the_counts_that_round_to_the_percentage() {
        for base in [640, 1601] {
            for p in 0..=100u32 {
                let (lo, hi) = band(p, base);
                for c in 0..=base {
                    let rounds_to_p = half_up(c, base) == p as usize;
                    assert_eq!(
                        (lo..=hi).contains(&c),
                        rounds_to_p,
                        "p {p}, c {c}, base {base}"
                    );
                }
            }
        }
    }

    #[test]
    fn grouped_counts_cover_the_base_and_round_to_every_target() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let groups: [&[u32]; 4] = [&[1, 3], &[13], &[52, 31], &[0]];
        for _ in 0..200 {
            let counts = grouped_counts(&groups, 1601, &mut rng).unwrap();
            assert_eq!(counts.iter().sum::<usize>(), 1601);
            let flat: Vec<u32> = groups.iter().flat_map(|g| g.iter().copied()).collect();
            for (c, p) in counts.iter().zip(&flat) {
                assert_eq!(half_up(*c, 1601), *p as usize);
            }
            assert_eq!(half_up(counts[3] + counts[4], 1601), 83);
            assert_eq!(half_up(counts[0] + counts[1], 1601), 4);
        }
    }

    #[test]
    fn percentages_that_cannot_fill_the_base_are_refused() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        assert_eq!(split(1601, &[10, 10], 1601, &mut rng), None);
    }

    #[test]
    fn allocation_keeps_the_counts_and_follows_the_score() {
        let score: Vec<f64> = (0..10).map(|r| -(r as f64)).collect();
        let pool: Vec<usize> = (0..10).collect();
        let got = rank_into(&pool, &[3, 0, 7], &score);
        let first: Vec<usize> = got
            .iter()
            .filter(|(_, c)| *c == 0)
            .map(|(r, _)| *r)
            .collect();
        assert_eq!(first, vec![9, 8, 7]);
        assert_eq!(got.iter().filter(|(_, c)| *c == 2).count(), 7);
        let (top, rest) = pick_top(&pool, 2, &score);
        assert_eq!(top, vec![0, 1]);
        assert_eq!(rest.len(), 8);
    }

    #[test]
    fn noise_is_centred_with_unit_spread() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let draws: Vec<f64> = (0..20_000).map(|_| noise(&mut rng)).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / draws.len() as f64;
        assert!(mean.abs() < 0.03, "mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "variance {var}");
    }
}
