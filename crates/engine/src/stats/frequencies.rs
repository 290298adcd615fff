//! Frequencies of one item: count, percent of valid answers, percent of all respondents, the
//! base and the missing, with a 95% interval for every percentage.
//!
//! The base is the respondents (in the filter, with a weight that counts) who gave a valid
//! answer; declared missing values and empty cells are "missing" and reported apart.
//! `percent` is exact; `display` holds whole percentages by largest remainder, summing to 100.

use super::analysis::Options;
use super::interval::wilson95_percent;
use super::{Cell, Tally};
use crate::codebook::{Question, QuestionKind, Text};
use crate::rounding::largest_remainder;
use crate::survey::{ResolveError, Survey};
use serde::{Deserialize, Serialize};

/// One answer category's figures.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CategoryResult {
    /// The category's index in the codebook (or bin, or 0/1 for a multi-select option).
    pub index: usize,
    pub label: Text,
    /// Weighted count (the respondent count when unweighted).
    pub count: f64,
    /// Respondents (unweighted).
    pub count_n: u64,
    /// Percent of the base (0–100), exact.
    pub percent: f64,
    /// Percent of all respondents in the filter, including those without a valid answer.
    pub percent_of_all: f64,
    /// Wilson 95% interval of `percent`, in percent.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Whole percentage for charts; the categories' `display` values sum to 100.
    pub display: u32,
    /// "Geen mening", "Weet niet" and the like.
    pub non_substantive: bool,
    /// Blanked for publication: the base it is part of (a group, a filtered report) is below
    /// the disclosure threshold. Counts, percentages and intervals are then zero.
    pub suppressed: bool,
}

/// A part of a base (e.g. the share that agrees) with its interval.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Share {
    pub count: f64,
    pub count_n: u64,
    /// Percent of the base (0–100), exact.
    pub percent: f64,
    /// Wilson 95% interval of `percent`.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Blanked for publication (its base is below the disclosure threshold); the figures
    /// are then zero.
    pub suppressed: bool,
}

impl Share {
    /// A share not shown: every figure zero.
    pub fn hidden() -> Share {
        Share {
            count: 0.0,
            count_n: 0,
            percent: 0.0,
            ci_low: 0.0,
            ci_high: 0.0,
            suppressed: true,
        }
    }

    /// `part` as a share of `base`, with the interval on the base's effective n.
    pub fn of(part: &Cell, base: &Cell) -> Share {
        let p = if base.w > 0.0 { part.w / base.w } else { 0.0 };
        let (ci_low, ci_high) = wilson95_percent(p, base.effective_n());
        Share {
            count: part.w,
            count_n: part.n,
            percent: p * 100.0,
            ci_low,
            ci_high,
            suppressed: false,
        }
    }
}

/// The frequencies of one item of a question.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Frequencies {
    pub question: String,
    pub item: usize,
    /// Weighted number of respondents with a valid answer.
    pub base: f64,
    /// Unweighted number of respondents with a valid answer.
    pub base_n: u64,
    /// Kish's effective base `(Σw)² / Σw²` (equals `base_n` when unweighted).
    pub effective_base: f64,
    /// Weighted number of respondents in the filter without a valid answer.
    pub missing: f64,
    pub missing_n: u64,
    /// Fewer respondents than the small-base threshold: interpret with care.
    pub small_base: bool,
    pub categories: Vec<CategoryResult>,
}

/// A category's label and whether it is a substantive answer.
pub(crate) struct Label {
    pub text: Text,
    pub non_substantive: bool,
}

/// The labels of the categories `Survey::variable` returns for `question`.
pub(crate) fn labels(question: &Question) -> Vec<Label> {
    if question.kind == QuestionKind::MultiSelect {
        return vec![
            Label {
                text: Text::with_en("Niet gekozen", "Not chosen"),
                non_substantive: false,
            },
            Label {
                text: Text::with_en("Gekozen", "Chosen"),
                non_substantive: false,
            },
        ];
    }
    if question.kind == QuestionKind::Numeric && !question.bins.is_empty() {
        return question
            .bins
            .iter()
            .map(|b| Label {
                text: b.label.clone(),
                non_substantive: false,
            })
            .collect();
    }
    question
        .categories
        .iter()
        .map(|c| Label {
            text: c.label.clone(),
            non_substantive: c.non_substantive,
        })
        .collect()
}

/// Counts item `item` of question `question` with `weights` (one per respondent; zero for
/// respondents outside the filter).
pub fn frequencies(
    survey: &Survey,
    question: &str,
    item: usize,
    weights: &[f64],
    options: &Options,
) -> Result<Frequencies, ResolveError> {
    let q = survey.question(question)?;
    let variable = survey.variable(question, item)?;
    let tally = Tally::count(&variable, weights, 0..survey.rows());
    Ok(Frequencies::from_tally(q, item, &tally, options))
}

impl Frequencies {
    /// The figures of a finished tally of item `item` of `question`.
    pub fn from_tally(question: &Question, item: usize, tally: &Tally, options: &Options) -> Self {
        let labels = labels(question);
        let valid = tally.valid();
        let all = valid.w + tally.missing.w;
        let categories = category_results(&labels, &tally.categories, &valid, all);
        Frequencies {
            question: question.id.clone(),
            item,
            base: valid.w,
            base_n: valid.n,
            effective_base: valid.effective_n(),
            missing: tally.missing.w,
            missing_n: tally.missing.n,
            small_base: valid.n < options.small_base,
            categories,
        }
    }

    /// The category with index `index`.
    pub fn category(&self, index: usize) -> Option<&CategoryResult> {
        self.categories.iter().find(|c| c.index == index)
    }

    /// Blanks every category for publication (the base stays: it says why).
    pub fn hide(&mut self) {
        self.categories
            .iter_mut()
            .for_each(CategoryResult::suppress);
    }

    /// Whether the figures are blanked for publication.
    pub fn hidden(&self) -> bool {
        self.categories.iter().any(|c| c.suppressed)
    }
}

/// Figures per category over `base` (percentages, intervals, display percentages); `all` is
/// the weighted number of all respondents for `percent_of_all`.
pub(crate) fn category_results(
    labels: &[Label],
    cells: &[Cell],
    base: &Cell,
    all: f64,
) -> Vec<CategoryResult> {
    let display = largest_remainder(&cells.iter().map(|c| c.w).collect::<Vec<_>>());
    let effective = base.effective_n();
    cells
        .iter()
        .enumerate()
        .map(|(index, cell)| {
            let share = if base.w > 0.0 { cell.w / base.w } else { 0.0 };
            let (ci_low, ci_high) = wilson95_percent(share, effective);
            let label = labels.get(index);
            CategoryResult {
                index,
                label: label.map(|l| l.text.clone()).unwrap_or_default(),
                count: cell.w,
                count_n: cell.n,
                percent: share * 100.0,
                percent_of_all: if all > 0.0 { cell.w / all * 100.0 } else { 0.0 },
                ci_low,
                ci_high,
                display: display[index],
                non_substantive: label.is_some_and(|l| l.non_substantive),
                suppressed: false,
            }
        })
        .collect()
}

impl CategoryResult {
    /// Blanks the figures for publication.
    pub fn suppress(&mut self) {
        self.count = 0.0;
        self.count_n = 0;
        self.percent = 0.0;
        self.percent_of_all = 0.0;
        self.ci_low = 0.0;
        self.ci_high = 0.0;
        self.display = 0;
        self.suppressed = true;
    }
}
