//! The answers to the grids and the multi-select questions, given the respondents' profiles.
//!
//! Each statement's answer counts are fixed first ([`crate::allocate`]); then "Geen mening"
//! goes to the respondents most inclined to it and the five scale points follow a ranking by
//! latent score: the statement's lean on the profile, the respondent's own tendency across the
//! grid, and noise. Multi-select options go to the respondents with the highest scores, the
//! exclusive answers first and alone; everyone ticks at least one option, so each option's
//! base is all respondents, as in the article.

use rand::Rng;

use crate::allocate::{grouped_counts, near, noise, pick_top, rank_into};
use crate::profile::Profile;
use crate::questionnaire::{no_opinion_lean, Grid, MultiSelect, NO_OPINION, SCALE, SCALE_GROUPS};
use crate::Infeasible;

/// The weight of chance in every latent score, against the profile's leans: at 2.0 a lean of
/// 1.0 is half a standard deviation, which moves a group by some 10 to 20 percentage points.
const SPREAD: f64 = 2.0;
/// How strongly a respondent's habit of answering "Geen mening" carries across a grid.
const NO_OPINION_HABIT: f64 = 1.0;
/// How strongly a respondent's habit of ticking many options carries across a question.
const TICKING_HABIT: f64 = 1.0;

/// Each statement's answers, one answer label per respondent.
pub fn grid(
    grid: &Grid,
    people: &[Profile],
    rng: &mut impl Rng,
) -> Result<Vec<Vec<&'static str>>, Infeasible> {
    let n = people.len();
    let everyone: Vec<usize> = (0..n).collect();
    let tendency: Vec<f64> = (0..n).map(|_| noise(rng)).collect();
    let no_opinion_habit: Vec<f64> = (0..n).map(|_| noise(rng)).collect();
    let mut columns = Vec::with_capacity(grid.statements.len());
    for statement in grid.statements {
        let groups: Vec<Vec<u32>> = SCALE_GROUPS
            .iter()
            .map(|g| g.iter().map(|&i| statement.percents[i]).collect())
            .collect();
        let groups: Vec<&[u32]> = groups.iter().map(Vec::as_slice).collect();
        let counts =
            grouped_counts(&groups, n, rng).ok_or_else(|| Infeasible::new(statement.column))?;

        let inclined: Vec<f64> = people
            .iter()
            .zip(&no_opinion_habit)
            .map(|(p, habit)| no_opinion_lean(p) + NO_OPINION_HABIT * habit + SPREAD * noise(rng))
            .collect();
        let (no_opinion, rest) = pick_top(&everyone, counts[NO_OPINION], &inclined);

        let agreement: Vec<f64> = people
            .iter()
            .zip(&tendency)
            .map(|(p, own)| (statement.lean)(p) + grid.common * own + SPREAD * noise(rng))
            .collect();
        let mut cells = vec![""; n];
        no_opinion
            .iter()
            .for_each(|&r| cells[r] = SCALE[NO_OPINION].nl);
        for (r, point) in rank_into(&rest, &counts[..NO_OPINION], &agreement) {
            cells[r] = SCALE[point].nl;
        }
        columns.push(cells);
    }
    Ok(columns)
}

/// Which respondents tick each option (`ticked[option][respondent]`).
pub fn multi_select(
    question: &MultiSelect,
    people: &[Profile],
    rng: &mut impl Rng,
) -> Result<Vec<Vec<bool>>, Infeasible> {
    let n = people.len();
    let options = question.options;
    let mut counts: Vec<usize> = options.iter().map(|o| near(o.percent, n, rng)).collect();
    // Options with the same printed percentage keep the chart's order.
    let split_at = options
        .iter()
        .position(|o| o.exclusive)
        .unwrap_or(options.len());
    counts[..split_at].sort_unstable_by(|a, b| b.cmp(a));
    counts[split_at..].sort_unstable_by(|a, b| b.cmp(a));

    let habit: Vec<f64> = (0..n).map(|_| noise(rng)).collect();
    let mut ticked = vec![vec![false; n]; options.len()];
    let mut pool: Vec<usize> = (0..n).collect();
    for (o, option) in options.iter().enumerate().skip(split_at) {
        // Who ticks many options elsewhere is not who says "none of these".
        let score: Vec<f64> = people
            .iter()
            .zip(&habit)
            .map(|(p, h)| (option.lean)(p) - TICKING_HABIT * h + SPREAD * noise(rng))
            .collect();
        let (chosen, rest) = pick_top(&pool, counts[o], &score);
        chosen.iter().for_each(|&r| ticked[o][r] = true);
        pool = rest;
    }

    let scores: Vec<Vec<f64>> = options[..split_at]
        .iter()
        .map(|option| {
            people
                .iter()
                .zip(&habit)
                .map(|(p, h)| (option.lean)(p) + TICKING_HABIT * h + SPREAD * noise(rng))
                .collect()
        })
        .collect();
    for (o, score) in scores.iter().enumerate() {
        let (chosen, _) = pick_top(&pool, counts[o], score);
        chosen.iter().for_each(|&r| ticked[o][r] = true);
    }
    give_everyone_an_option(&mut ticked[..split_at], &scores, &pool)
        .ok_or_else(|| Infeasible::new(question.id))?;
    Ok(ticked)
}

/// Moves options to respondents of `pool` who ticked none, from respondents who ticked that
/// option among others and care least about it, so every option keeps its count. Tries each
/// empty-handed respondent's likeliest options first. `None` if nobody can give any up.
fn give_everyone_an_option(
    ticked: &mut [Vec<bool>],
    scores: &[Vec<f64>],
    pool: &[usize],
) -> Option<()> {
    let ticks = |ticked: &[Vec<bool>], r: usize| ticked.iter().filter(|o| o[r]).count();
    for &r in pool {
        if ticks(ticked, r) > 0 {
            continue;
        }
        let mut preference: Vec<usize> = (0..ticked.len()).collect();
        preference.sort_by(|&a, &b| scores[b][r].total_cmp(&scores[a][r]).then(a.cmp(&b)));
        let (option, donor) = preference.iter().find_map(|&o| {
            pool.iter()
                .copied()
                .filter(|&d| ticked[o][d] && ticks(ticked, d) >= 2)
                .min_by(|&a, &b| scores[o][a].total_cmp(&scores[o][b]).then(a.cmp(&b)))
                .map(|d| (o, d))
        })?;
        ticked[option][donor] = false;
        ticked[option][r] = true;
    }
    Some(())
}
