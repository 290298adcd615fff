//! Likert items and grid statements: the full distribution over the scale and the
//! non-substantive answers, the shares that agree (top two), are neutral (the middle point of
//! an odd scale) and disagree (bottom two), and the mean and standard deviation of the
//! substantive scale.
//!
//! The codebook lists the substantive points from negative to positive, then the
//! non-substantive answers; scores are 1, 2, … in that order. By default the base is every
//! respondent who answered the item, "Geen mening" included, as published reports do
//! ([`LikertBase::AllAnswers`]); [`LikertBase::Substantive`] leaves the non-substantive answers
//! out of the base. Scales of fewer than four points count only their end point as agree or
//! disagree. The mean and standard deviation always use the substantive answers only; the
//! standard deviation divides by `Σw − 1`, as SPSS does with frequency weights (the sample
//! standard deviation when unweighted).

use super::analysis::Options;
use super::frequencies::{category_results, labels, CategoryResult, Label, Share};
use super::{Cell, Tally};
use crate::codebook::Question;
use crate::survey::{ResolveError, Survey};
use serde::{Deserialize, Serialize};

/// What a Likert percentage is a percentage of.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LikertBase {
    /// Every respondent with a valid answer, non-substantive answers included (the default,
    /// as in the published report).
    #[default]
    AllAnswers,
    /// Only the respondents who answered on the scale.
    Substantive,
}

/// The figures of one Likert item.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct LikertResult {
    pub question: String,
    pub item: usize,
    pub base_kind: LikertBase,
    /// Weighted base (see [`LikertBase`]).
    pub base: f64,
    pub base_n: u64,
    pub effective_base: f64,
    /// Weighted count of non-substantive answers left out of the base
    /// ([`LikertBase::Substantive`] only; zero otherwise).
    pub excluded: f64,
    pub missing: f64,
    pub missing_n: u64,
    pub small_base: bool,
    /// Every category in the base, in codebook order, as percentages of the base.
    pub distribution: Vec<CategoryResult>,
    /// Top two points of the scale.
    pub agree: Share,
    /// The middle point of an odd scale (zero for even scales).
    pub neutral: Share,
    /// Bottom two points of the scale.
    pub disagree: Share,
    /// The non-substantive answers together (zero under [`LikertBase::Substantive`]).
    pub no_opinion: Share,
    /// Mean score of the substantive answers (1 = the first, most negative point).
    pub mean: f64,
    /// Standard deviation of the substantive scores.
    pub sd: f64,
    /// 95% interval of the mean: `mean ± t(0.975; n − 1) · sd / √n` on the effective number
    /// of substantive answers (Kish); `(mean, mean)` with fewer than two.
    #[serde(default)]
    pub mean_ci: (f64, f64),
    /// Number of substantive scale points.
    pub scale_points: usize,
}

/// The Likert figures of item `item` of `question` with `weights`.
pub fn likert(
    survey: &Survey,
    question: &str,
    item: usize,
    weights: &[f64],
    options: &Options,
) -> Result<LikertResult, ResolveError> {
    let q = survey.question(question)?;
    let variable = survey.variable(question, item)?;
    let tally = Tally::count(&variable, weights, 0..survey.rows());
    Ok(LikertResult::from_tally(q, item, &tally, options))
}

/// The 95% interval of a mean with standard deviation `sd` over `n` (effective) answers, on
/// Student's t with `n − 1` degrees of freedom.
pub fn mean_interval(mean: f64, sd: f64, n: f64) -> (f64, f64) {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    if n < 2.0 || !sd.is_finite() {
        return (mean, mean);
    }
    let t = StudentsT::new(0.0, 1.0, n - 1.0)
        .map(|d| d.inverse_cdf(0.975))
        .unwrap_or(1.96);
    let half = t * sd / n.sqrt();
    (mean - half, mean + half)
}

/// The categories that count as agreeing: the top two points of a scale of four or more
/// points, the top point of a shorter one.
pub fn agree_categories(question: &Question) -> Vec<usize> {
    let scale: Vec<usize> = question.substantive().collect();
    ends(&scale).1
}

/// The ends of `scale` (substantive points, negative to positive) that the net shares count:
/// (disagree, agree), each strongest first — two points each on a scale of four or more,
/// the end point on a shorter one.
pub fn ends(scale: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let ends = if scale.len() >= 4 {
        2
    } else {
        1.min(scale.len())
    };
    (
        scale.iter().take(ends).copied().collect(),
        scale.iter().rev().take(ends).copied().collect(),
    )
}

impl LikertResult {
    /// Blanks every figure for publication (the base stays: it says why).
    pub fn hide(&mut self) {
        self.distribution
            .iter_mut()
            .for_each(super::frequencies::CategoryResult::suppress);
        for share in [
            &mut self.agree,
            &mut self.neutral,
            &mut self.disagree,
            &mut self.no_opinion,
        ] {
            *share = Share::hidden();
        }
        self.mean = 0.0;
        self.sd = 0.0;
        self.mean_ci = (0.0, 0.0);
    }

    /// Whether the figures are blanked for publication.
    pub fn hidden(&self) -> bool {
        self.agree.suppressed
    }

    pub fn from_tally(question: &Question, item: usize, tally: &Tally, options: &Options) -> Self {
        let all_labels = labels(question);
        let scale: Vec<usize> = question
            .substantive()
            .filter(|&i| i < tally.categories.len())
            .collect();
        let non_substantive: Vec<usize> = (0..tally.categories.len())
            .filter(|i| !scale.contains(i))
            .collect();
        let in_base: Vec<usize> = match options.likert_base {
            LikertBase::AllAnswers => (0..tally.categories.len()).collect(),
            LikertBase::Substantive => scale.clone(),
        };
        let sum = |indices: &[usize]| {
            let mut total = Cell::default();
            indices
                .iter()
                .for_each(|&i| total.merge(&tally.categories[i]));
            total
        };
        let base = sum(&in_base);
        let excluded = match options.likert_base {
            LikertBase::AllAnswers => Cell::default(),
            LikertBase::Substantive => sum(&non_substantive),
        };
        let cells: Vec<Cell> = in_base.iter().map(|&i| tally.categories[i]).collect();
        let base_labels: Vec<Label> = in_base
            .iter()
            .map(|&i| Label {
                text: all_labels
                    .get(i)
                    .map(|l| l.text.clone())
                    .unwrap_or_default(),
                non_substantive: !scale.contains(&i),
            })
            .collect();
        let mut distribution = category_results(
            &base_labels,
            &cells,
            &base,
            base.w + excluded.w + tally.missing.w,
        );
        for (result, &index) in distribution.iter_mut().zip(&in_base) {
            result.index = index;
        }

        let points = scale.len();
        let (disagree_idx, agree_idx) = ends(&scale);
        let neutral_idx: Vec<usize> = if points % 2 == 1 && points >= 3 {
            vec![scale[points / 2]]
        } else {
            Vec::new()
        };
        let no_opinion_idx: Vec<usize> = match options.likert_base {
            LikertBase::AllAnswers => non_substantive.clone(),
            LikertBase::Substantive => Vec::new(),
        };
        let share = |indices: &[usize]| Share::of(&sum(indices), &base);

        let (mut sw, mut sx) = (0.0, 0.0);
        for (score, &i) in scale.iter().enumerate() {
            let w = tally.categories[i].w;
            sw += w;
            sx += w * (score + 1) as f64;
        }
        let mean = if sw > 0.0 { sx / sw } else { 0.0 };
        let ss: f64 = scale
            .iter()
            .enumerate()
            .map(|(score, &i)| tally.categories[i].w * ((score + 1) as f64 - mean).powi(2))
            .sum();
        let sd = if sw > 1.0 {
            (ss / (sw - 1.0)).sqrt()
        } else {
            0.0
        };
        let mut answered = Cell::default();
        scale
            .iter()
            .for_each(|&i| answered.merge(&tally.categories[i]));
        let mean_ci = mean_interval(mean, sd, answered.effective_n());

        LikertResult {
            question: question.id.clone(),
            item,
            base_kind: options.likert_base,
            base: base.w,
            base_n: base.n,
            effective_base: base.effective_n(),
            excluded: excluded.w,
            missing: tally.missing.w,
            missing_n: tally.missing.n,
            small_base: base.n < options.small_base,
            distribution,
            agree: share(&agree_idx),
            neutral: share(&neutral_idx),
            disagree: share(&disagree_idx),
            no_opinion: share(&no_opinion_idx),
            mean,
            sd,
            mean_ci,
            scale_points: points,
        }
    }
}
