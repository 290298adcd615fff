//! A crosstab of one item (rows: its categories) by a breakdown (columns: its groups):
//! counts, column and row percentages with Wilson intervals, totals, the chi-square test,
//! column-proportion letters and group-versus-rest markers.
//!
//! The table holds the respondents with a valid answer on both the item and the breakdown.
//! A group with fewer respondents than `Options::small_base` is flagged. For publication,
//! [`Crosstab::hide_columns`] blanks whole groups that disclosure control
//! ([`super::disclosure`]) hides, and every letter that would compare with them.

use super::analysis::Options;
use super::disclosure::Hidden;
use super::frequencies::{labels, Share};
use super::interval::wilson95_percent;
use super::significance::{chi_square, column_letters, letter, versus_rest, ChiSquare, Direction};
use super::{Cell, Table};
use crate::codebook::{Question, Text};
use crate::survey::{ResolveError, Survey};
use serde::{Deserialize, Serialize};

/// How the groups of a crosstab are compared, for tables and footnotes.
pub const COMPARISON_METHOD: &str = "column proportions, pooled z-test, two-sided, 95%, \
Bonferroni-corrected for the pairs compared within each row";

/// One group of a breakdown.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Group {
    /// The category index in the breakdown question.
    pub index: usize,
    pub label: Text,
    /// The group's letter in significance tests (A, B, …).
    pub letter: String,
    /// Weighted number of respondents in the group with a valid answer.
    pub base: f64,
    pub base_n: u64,
    pub effective_base: f64,
    /// Fewer respondents than the small-base threshold.
    pub small_base: bool,
    /// Not shown for publication, and why (see [`super::disclosure`]).
    #[serde(default)]
    pub hidden: Option<Hidden>,
}

/// One answer category (row) of a crosstab.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RowHeader {
    pub index: usize,
    pub label: Text,
    pub non_substantive: bool,
}

/// One cell of a crosstab.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CrossCell {
    /// Weighted count.
    pub count: f64,
    pub count_n: u64,
    /// Percent of the column (the group), exact.
    pub column_percent: f64,
    /// Percent of the row (the answer category), exact.
    pub row_percent: f64,
    /// Wilson 95% interval of `column_percent`.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Letters of the groups whose column percentage is significantly lower.
    pub letters: String,
    /// Significantly higher or lower than all other groups together.
    pub versus_rest: Option<Direction>,
    /// Blanked for publication: its group is hidden.
    pub suppressed: bool,
}

/// A crosstab of item `item` of `question` by `breakdown`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Crosstab {
    pub question: String,
    pub item: usize,
    pub breakdown: String,
    pub rows: Vec<RowHeader>,
    pub columns: Vec<Group>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<CrossCell>>,
    /// Per row, the total over all groups.
    pub totals: Vec<Share>,
    /// Weighted number of respondents in the table.
    pub base: f64,
    pub base_n: u64,
    pub effective_base: f64,
    /// Respondents in the filter without a valid answer on the item or the breakdown.
    pub missing: f64,
    pub missing_n: u64,
    /// Whether the weights differ from 1.
    pub weighted: bool,
    pub chi_square: Option<ChiSquare>,
    /// See [`COMPARISON_METHOD`].
    pub comparison: String,
}

/// Crosstab of item `item` of `question` by the (first item of the) breakdown question.
pub fn crosstab(
    survey: &Survey,
    question: &str,
    item: usize,
    breakdown: &str,
    weights: &[f64],
    options: &Options,
) -> Result<Crosstab, ResolveError> {
    let q = survey.question(question)?;
    let b = survey.question(breakdown)?;
    let row_var = survey.variable(question, item)?;
    let column_var = survey.variable(breakdown, 0)?;
    let table = Table::count(&row_var, &column_var, weights, 0..survey.rows());
    Ok(Crosstab::from_table(q, item, b, &table, options))
}

/// Whether the counted weights differ from 1.
pub(crate) fn is_weighted(total: &Cell) -> bool {
    let n = total.n as f64;
    (total.w - n).abs() > 1e-9 * n.max(1.0) || (total.w2 - n).abs() > 1e-9 * n.max(1.0)
}

/// The groups (columns) of `table` with their bases.
pub(crate) fn groups(breakdown: &Question, table: &Table, options: &Options) -> Vec<Group> {
    let labels = labels(breakdown);
    (0..table.columns)
        .map(|c| {
            let base = table.column_total(c);
            Group {
                index: c,
                label: labels.get(c).map(|l| l.text.clone()).unwrap_or_default(),
                letter: letter(c),
                base: base.w,
                base_n: base.n,
                effective_base: base.effective_n(),
                small_base: base.n < options.small_base,
                hidden: None,
            }
        })
        .collect()
}

impl Crosstab {
    pub fn from_table(
        question: &Question,
        item: usize,
        breakdown: &Question,
        table: &Table,
        options: &Options,
    ) -> Self {
        let row_labels = labels(question);
        let columns = groups(breakdown, table, options);
        let total = table.total();
        let weighted = is_weighted(&total) || is_weighted(&table.missing);
        let letters = column_letters(table);
        let markers = versus_rest(table);
        let row_totals: Vec<Cell> = (0..table.rows).map(|r| table.row_total(r)).collect();
        let share = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
        let cells = (0..table.rows)
            .map(|r| {
                (0..table.columns)
                    .map(|c| {
                        let cell = table.cell(r, c);
                        let base = &columns[c];
                        let p = share(cell.w, base.base);
                        let (ci_low, ci_high) = wilson95_percent(p, base.effective_base);
                        CrossCell {
                            count: cell.w,
                            count_n: cell.n,
                            column_percent: p * 100.0,
                            row_percent: share(cell.w, row_totals[r].w) * 100.0,
                            ci_low,
                            ci_high,
                            letters: letters[r][c].clone(),
                            versus_rest: markers[r][c],
                            suppressed: false,
                        }
                    })
                    .collect()
            })
            .collect();
        let effective = total.effective_n();
        let totals = row_totals
            .iter()
            .map(|cell| Share::of(cell, &total))
            .collect();
        Crosstab {
            question: question.id.clone(),
            item,
            breakdown: breakdown.id.clone(),
            rows: row_labels
                .into_iter()
                .take(table.rows)
                .enumerate()
                .map(|(index, l)| RowHeader {
                    index,
                    label: l.text,
                    non_substantive: l.non_substantive,
                })
                .collect(),
            columns,
            cells,
            totals,
            base: total.w,
            base_n: total.n,
            effective_base: effective,
            missing: table.missing.w,
            missing_n: table.missing.n,
            weighted,
            chi_square: chi_square(table, weighted),
            comparison: COMPARISON_METHOD.into(),
        }
    }

    /// Blanks the groups `hidden` marks (cells, row percentages, letters and markers) and
    /// takes their letters out of every other cell, so nothing compares with a hidden group.
    pub fn hide_columns(&mut self, hidden: &[Option<Hidden>]) {
        let gone: Vec<String> = self
            .columns
            .iter()
            .filter(|g| hidden.get(g.index).copied().flatten().is_some())
            .map(|g| g.letter.clone())
            .collect();
        if gone.is_empty() {
            return;
        }
        for (group, why) in self.columns.iter_mut().zip(hidden) {
            group.hidden = *why;
        }
        for row in &mut self.cells {
            for (c, cell) in row.iter_mut().enumerate() {
                if hidden.get(c).copied().flatten().is_some() {
                    *cell = CrossCell {
                        count: 0.0,
                        count_n: 0,
                        column_percent: 0.0,
                        row_percent: 0.0,
                        ci_low: 0.0,
                        ci_high: 0.0,
                        letters: String::new(),
                        versus_rest: None,
                        suppressed: true,
                    };
                } else {
                    cell.letters.retain(|l| !gone.iter().any(|g| g.contains(l)));
                }
            }
        }
    }
}
