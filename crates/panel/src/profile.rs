//! Who the respondents are: age band, education, employer, municipality size and position.
//!
//! Profiles are drawn first, with the exact counts of [`crate::questionnaire`], and linked to
//! one another the way a reader would expect (managers are older, operational staff less
//! often university-educated, central government employs more policy advisers). Only
//! municipal employees have a municipality size.

use rand::Rng;

use crate::allocate::{grouped_counts, noise, pick_top, rank_into, split};
use crate::questionnaire::{
    Lean, ProfileQuestion, AGE, AGE_GROUPS, AGE_MIDPOINTS, BELEIDSADVISEUR, EDUCATION,
    EDUCATION_LADDER, EDUCATION_OTHER, EMPLOYER, FUNCTION, GEMEENTE, GESPECIALISEERD,
    LEIDINGGEVEND, MANAGEMENT, MUNICIPALITY_SIZE, OTHER_EMPLOYER, OTHER_FUNCTION, PROVINCIE,
    RIJKSOVERHEID, UITVOEREND, WATERSCHAP, ZBO,
};
use crate::Infeasible;

/// One respondent's answers to the profile questions, as indices into the questions' choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    pub age: usize,
    pub education: usize,
    pub employer: usize,
    /// Only for municipal employees.
    pub municipality_size: Option<usize>,
    pub function: usize,
}

/// 1.0 when true, else 0.0: profile facts enter latent scores as weights.
fn one_if(fact: bool) -> f64 {
    if fact {
        1.0
    } else {
        0.0
    }
}

impl Profile {
    /// Age in decades from 50 (the middle of the panel): negative for the young.
    pub fn age_z(&self) -> f64 {
        (AGE_MIDPOINTS[self.age] - 50.0) / 10.0
    }

    /// Younger than 35.
    pub fn young(&self) -> f64 {
        one_if(self.age <= 1)
    }

    /// Leidinggevend or Management en bestuur.
    pub fn manager(&self) -> f64 {
        one_if(self.function == LEIDINGGEVEND || self.function == MANAGEMENT)
    }

    /// A policy adviser or a specialist (strategic adviser, project manager).
    pub fn advises(&self) -> f64 {
        one_if(self.function == BELEIDSADVISEUR || self.function == GESPECIALISEERD)
    }

    pub fn function_is(&self, function: usize) -> f64 {
        one_if(self.function == function)
    }

    pub fn works_for(&self, employer: usize) -> f64 {
        one_if(self.employer == employer)
    }

    /// Education on a rough ladder around the bachelor (0); "Anders" counts as 0.
    pub fn education_step(&self) -> f64 {
        [-2.0, -1.5, -1.0, 0.0, 0.5, 0.0][self.education]
    }
}

/// The percentages of a profile question's choices.
fn percents(question: &ProfileQuestion) -> Vec<u32> {
    question.choices.iter().map(|c| c.percent).collect()
}

/// Draws `n` profiles whose counts round to the questionnaire's percentages.
pub fn draw(n: usize, rng: &mut impl Rng) -> Result<Vec<Profile>, Infeasible> {
    let mut people = vec![Profile::default(); n];
    let everyone: Vec<usize> = (0..n).collect();

    // Age: independent of everything drawn before it.
    let age_percents = percents(&AGE);
    let groups: Vec<Vec<u32>> = AGE_GROUPS
        .iter()
        .map(|g| g.iter().map(|&i| age_percents[i]).collect())
        .collect();
    let groups: Vec<&[u32]> = groups.iter().map(Vec::as_slice).collect();
    let counts = grouped_counts(&groups, n, rng).ok_or_else(|| Infeasible::new(AGE.id))?;
    let score: Vec<f64> = (0..n).map(|_| noise(rng)).collect();
    for (r, band) in rank_into(&everyone, &counts, &score) {
        people[r].age = band;
    }

    // Position: managers are older, operational staff younger.
    let counts = counts_of(&FUNCTION, n, rng)?;
    let turns = [
        (MANAGEMENT, 0.5),
        (LEIDINGGEVEND, 0.35),
        (GESPECIALISEERD, 0.15),
        (UITVOEREND, -0.3),
        (OTHER_FUNCTION, 0.0),
    ];
    let mut pool = everyone.clone();
    for (function, per_decade) in turns {
        let score: Vec<f64> = people
            .iter()
            .map(|p| per_decade * p.age_z() + noise(rng))
            .collect();
        let (chosen, rest) = pick_top(&pool, counts[function], &score);
        chosen.iter().for_each(|&r| people[r].function = function);
        pool = rest;
    }
    pool.iter()
        .for_each(|&r| people[r].function = BELEIDSADVISEUR);

    // Education: "Anders" apart, the rest on the ladder, higher for advisers and the young.
    let counts = counts_of(&EDUCATION, n, rng)?;
    let score: Vec<f64> = (0..n).map(|_| noise(rng)).collect();
    let (other, rest) = pick_top(&everyone, counts[EDUCATION_OTHER], &score);
    other
        .iter()
        .for_each(|&r| people[r].education = EDUCATION_OTHER);
    let score: Vec<f64> = people
        .iter()
        .map(|p| {
            let by_function = [-1.0, 0.3, 0.4, 0.0, 0.3, -0.3][p.function];
            by_function + 0.3 * p.young() + noise(rng)
        })
        .collect();
    for (r, level) in rank_into(&rest, &counts[..EDUCATION_LADDER], &score) {
        people[r].education = level;
    }

    // Employer: central government and provinces employ more (highly educated) advisers,
    // water authorities and independent bodies more operational staff.
    let counts = counts_of(&EMPLOYER, n, rng)?;
    let turns: [(usize, Lean); 5] = [
        (RIJKSOVERHEID, |p| {
            0.5 * p.advises() - 0.4 * p.function_is(UITVOEREND) + 0.2 * p.education_step()
        }),
        (PROVINCIE, |p| 0.3 * p.advises()),
        (WATERSCHAP, |p| {
            0.5 * p.function_is(UITVOEREND) + 0.2 * p.age_z()
        }),
        (ZBO, |p| 0.6 * p.function_is(UITVOEREND)),
        (OTHER_EMPLOYER, |_| 0.0),
    ];
    let mut pool = everyone;
    for (employer, lean) in turns {
        let score: Vec<f64> = people.iter().map(|p| lean(p) + noise(rng)).collect();
        let (chosen, rest) = pick_top(&pool, counts[employer], &score);
        chosen.iter().for_each(|&r| people[r].employer = employer);
        pool = rest;
    }
    pool.iter().for_each(|&r| people[r].employer = GEMEENTE);

    // Municipality size, asked of municipal employees only: large cities have more advisers.
    let municipal = pool;
    let base = municipal.len();
    let sizes = percents(&MUNICIPALITY_SIZE);
    let counts =
        split(base, &sizes, base, rng).ok_or_else(|| Infeasible::new(MUNICIPALITY_SIZE.id))?;
    let score: Vec<f64> = people
        .iter()
        .map(|p| 0.4 * p.advises() + noise(rng))
        .collect();
    for (r, size) in rank_into(&municipal, &counts, &score) {
        people[r].municipality_size = Some(size);
    }
    Ok(people)
}

/// Counts for a profile question over all `n` respondents.
fn counts_of(
    question: &ProfileQuestion,
    n: usize,
    rng: &mut impl Rng,
) -> Result<Vec<usize>, Infeasible> {
    split(n, &percents(question), n, rng).ok_or_else(|| Infeasible::new(question.id))
}
