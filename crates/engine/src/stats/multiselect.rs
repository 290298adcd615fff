//! Multi-select questions: the share of respondents choosing each option.
//!
//! The base is the respondents who gave any answer to the question, exclusive answers such as
//! "Geen van deze" and "Geen mening" included ([`Survey::options`] makes every option missing
//! for the others). Shares do not add up to 100%, so each is rounded on its own (half up).
//! Options come in codebook order or sorted by share (largest first, ties in codebook order);
//! exclusive answers always come last.

use super::analysis::Options;
use super::interval::wilson95_percent;
use super::{Cell, Tally};
use crate::codebook::{Question, Text};
use crate::rounding::percent_half_up;
use crate::survey::{ResolveError, Survey};
use serde::{Deserialize, Serialize};

/// The order of the options.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OptionOrder {
    /// As the codebook lists them.
    Codebook,
    /// Largest share first.
    #[default]
    ByShare,
}

/// One option's share.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct OptionShare {
    /// The option's index among the question's items.
    pub item: usize,
    pub id: String,
    pub label: Text,
    /// Choosing it excludes the other options ("Geen van deze").
    pub exclusive: bool,
    /// Weighted number of respondents who chose it.
    pub count: f64,
    pub count_n: u64,
    /// Percent of the base (0–100), exact.
    pub percent: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Whole percentage for display (half up).
    pub display: u32,
    /// Blanked for publication (its base is below the disclosure threshold).
    pub suppressed: bool,
}

/// The shares of every option of a multi-select question.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MultiSelectResult {
    pub question: String,
    /// Weighted number of respondents who chose at least one option.
    pub base: f64,
    pub base_n: u64,
    pub effective_base: f64,
    /// Respondents in the filter who chose no option at all.
    pub missing: f64,
    pub missing_n: u64,
    pub small_base: bool,
    pub order: OptionOrder,
    pub options: Vec<OptionShare>,
}

/// The shares of every option of multi-select question `question` with `weights`.
pub fn multi_select(
    survey: &Survey,
    question: &str,
    weights: &[f64],
    options: &Options,
) -> Result<MultiSelectResult, ResolveError> {
    let q = survey.question(question)?;
    let tallies: Vec<Tally> = survey
        .options(question)?
        .iter()
        .map(|v| Tally::count(v, weights, 0..survey.rows()))
        .collect();
    Ok(MultiSelectResult::from_tallies(q, &tallies, options))
}

impl MultiSelectResult {
    /// The result from one chosen/not-chosen tally per option (all over the same respondents).
    pub fn from_tallies(question: &Question, tallies: &[Tally], options: &Options) -> Self {
        let (base, missing) = tallies
            .first()
            .map(|t| (t.valid(), t.missing))
            .unwrap_or_default();
        let effective = base.effective_n();
        let mut shares: Vec<OptionShare> = question
            .items
            .iter()
            .zip(tallies)
            .enumerate()
            .map(|(index, (item, tally))| {
                let chosen = tally.categories.get(1).copied().unwrap_or(Cell::default());
                let p = if base.w > 0.0 { chosen.w / base.w } else { 0.0 };
                let (ci_low, ci_high) = wilson95_percent(p, effective);
                OptionShare {
                    item: index,
                    id: item.id.clone(),
                    label: item.label.clone(),
                    exclusive: item.exclusive,
                    count: chosen.w,
                    count_n: chosen.n,
                    percent: p * 100.0,
                    ci_low,
                    ci_high,
                    display: percent_half_up(chosen.w, base.w),
                    suppressed: false,
                }
            })
            .collect();
        sort_options(&mut shares, options.option_order);
        MultiSelectResult {
            question: question.id.clone(),
            base: base.w,
            base_n: base.n,
            effective_base: effective,
            missing: missing.w,
            missing_n: missing.n,
            small_base: base.n < options.small_base,
            order: options.option_order,
            options: shares,
        }
    }

    /// The option with item index `item`.
    pub fn option(&self, item: usize) -> Option<&OptionShare> {
        self.options.iter().find(|o| o.item == item)
    }

    /// Blanks every option's figures for publication (the base stays: it says why).
    pub fn hide(&mut self) {
        for o in &mut self.options {
            (
                o.count, o.count_n, o.percent, o.ci_low, o.ci_high, o.display,
            ) = (0.0, 0, 0.0, 0.0, 0.0, 0);
            o.suppressed = true;
        }
    }
}

/// Sorts options in `order`, exclusive answers last; stable, so ties keep codebook order.
fn sort_options(shares: &mut [OptionShare], order: OptionOrder) {
    crate::sort::stable_by(shares, |a, b| {
        a.exclusive.cmp(&b.exclusive).then_with(|| match order {
            OptionOrder::Codebook => a.item.cmp(&b.item),
            OptionOrder::ByShare => b.percent.total_cmp(&a.percent).then(a.item.cmp(&b.item)),
        })
    });
}
