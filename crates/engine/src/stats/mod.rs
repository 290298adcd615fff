//! Every breakdown a survey report needs: frequencies, Likert distributions, multi-select
//! shares and crosstabs, weighted, filtered and tested for significance.
//!
//! What stays true here:
//! - Every analysis takes explicit weights, one per respondent (`1.0` when unweighted), so one
//!   code path serves weighted and unweighted data. A respondent whose weight is zero,
//!   negative or not a number is left out of everything, as SPSS does with `WEIGHT BY`; a
//!   [`Filter`] is applied by zeroing the weights of the respondents it excludes, so every base
//!   reflects it.
//! - Counting is one pass over a column's `u16` codes through the [`Variable`]'s lookup table:
//!   no allocation per row, no hashing. The counts are mergeable accumulators ([`Cell`],
//!   [`Tally`], [`Table`]): counting two halves and merging gives the count of the whole.
//! - Results are plain data with public fields that serialise to JSON. Percentages are exact
//!   (0–100); whole percentages for display come from the largest-remainder method so that
//!   the parts of a bar sum to exactly 100.
//! - Weighted uncertainty uses Kish's effective sample size `(Σw)² / Σw²`.
//!
//! The app calls [`analyse`] once per chart; the command line prints the same [`Analysis`].

pub mod analysis;
pub mod crosstab;
pub mod disclosure;
pub mod filter;
pub mod frequencies;
pub mod interval;
pub mod keyfigures;
pub mod likert;
pub mod multiselect;
pub mod scale_ends;
pub mod sentences;
pub mod significance;
pub mod value_counts;
pub mod weighting;

pub use analysis::{analyse, Analysis, ItemAnalysis, Options, Request};
pub use crosstab::{crosstab, Crosstab, Group};
pub use filter::{Condition, Filter};
pub use frequencies::{frequencies, CategoryResult, Frequencies, Share};
pub use keyfigures::{key_figures, Fact, KeyFigures, Measure};
pub use likert::{likert, LikertBase, LikertResult};
pub use multiselect::{multi_select, MultiSelectResult, OptionOrder};
pub use sentences::key_sentences;
pub use weighting::{
    rake, rake_view, Margin, RakeOptions, Raking, WeightError, WeightSummary, Weights,
};

use crate::dataset::{count_slots, MISSING};
use crate::survey::Variable;
use serde::{Deserialize, Serialize};

/// Whether a weight counts a respondent in: positive and finite.
#[inline]
pub fn counts(weight: f64) -> bool {
    weight > 0.0 && weight.is_finite()
}

/// The counts of one category (or one cell): respondents, weighted total and the sum of
/// squared weights (for Kish's effective n and the design-based variances).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Respondents (unweighted).
    pub n: u64,
    /// Sum of their weights.
    pub w: f64,
    /// Sum of their squared weights.
    pub w2: f64,
}

impl Cell {
    /// Counts one respondent with weight `weight` (assumed to count, see [`counts`]).
    #[inline]
    pub fn add(&mut self, weight: f64) {
        self.n += 1;
        self.w += weight;
        self.w2 += weight * weight;
    }

    /// `n` respondents who each weigh 1.
    pub fn units(n: u64) -> Cell {
        Cell {
            n,
            w: n as f64,
            w2: n as f64,
        }
    }

    pub fn merge(&mut self, other: &Cell) {
        self.n += other.n;
        self.w += other.w;
        self.w2 += other.w2;
    }

    /// Kish's effective sample size `(Σw)² / Σw²`: equals `n` when all weights are equal.
    pub fn effective_n(&self) -> f64 {
        if self.w2 > 0.0 {
            self.w * self.w / self.w2
        } else {
            0.0
        }
    }
}

/// Counts of one variable over its categories, plus the respondents without a valid answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub categories: Vec<Cell>,
    /// Respondents who count (weight and filter) but gave no valid answer.
    pub missing: Cell,
}

impl Tally {
    pub fn new(categories: usize) -> Self {
        Tally {
            categories: vec![Cell::default(); categories],
            missing: Cell::default(),
        }
    }

    /// Counts one respondent: `category` is an index or [`MISSING`]; a weight that does not
    /// count (see [`counts`]) leaves the respondent out.
    #[inline]
    pub fn add(&mut self, category: u16, weight: f64) {
        if !counts(weight) {
            return;
        }
        match self.categories.get_mut(category as usize) {
            Some(cell) => cell.add(weight),
            None => self.missing.add(weight),
        }
    }

    /// Adds another tally of the same variable (e.g. over another part of the rows).
    pub fn merge(&mut self, other: &Tally) {
        if self.categories.len() < other.categories.len() {
            self.categories
                .resize(other.categories.len(), Cell::default());
        }
        for (a, b) in self.categories.iter_mut().zip(&other.categories) {
            a.merge(b);
        }
        self.missing.merge(&other.missing);
    }

    /// The respondents with a valid answer.
    pub fn valid(&self) -> Cell {
        let mut total = Cell::default();
        self.categories.iter().for_each(|c| total.merge(c));
        total
    }

    /// Counts `variable` over the rows `rows` with `weights` (indexed by row).
    pub fn count(variable: &Variable, weights: &[f64], rows: std::ops::Range<usize>) -> Tally {
        let rows = rows.start.min(variable.len())..rows.end.min(variable.len());
        let shape = WeightShape::of(&weights[rows.clone()]);
        Self::count_shaped(variable, weights, rows, shape)
    }

    /// [`Tally::count`] with the weights' shape already known (`WeightShape::of` the rows).
    pub fn count_shaped(
        variable: &Variable,
        weights: &[f64],
        rows: std::ops::Range<usize>,
        shape: WeightShape,
    ) -> Tally {
        let k = variable.categories;
        // Slots 0..k are categories, k is "no valid answer", k + 1 "does not count".
        let mut slots = vec![Cell::default(); k + 2];
        let rows = rows.start.min(variable.len())..rows.end.min(variable.len());
        if shape != WeightShape::Any {
            let every_row = rows.len() == variable.len();
            let counted = variable.code_counts().filter(|_| every_row);
            let n = match (shape, counted, variable.answered()) {
                (WeightShape::Ones, Some(counted), None) => {
                    // Every respondent, each weighing 1: the column's code counts, as they
                    // are, folded into the categories (the last code slot is missing).
                    let map = slot_map(variable);
                    let last = map.len() - 1;
                    let mut n = vec![0u64; k + 2];
                    for (code, &count) in counted.iter().enumerate() {
                        n[map[code.min(last)] as usize] += count;
                    }
                    n
                }
                _ => {
                    let slots_of = RowSlots::new(variable, rows.clone(), 1);
                    let weights = &weights[rows];
                    if shape == WeightShape::Ones {
                        count_slots(weights.len(), k + 2, |i| slots_of.at(i) as usize)
                    } else {
                        count_slots(weights.len(), k + 2, |i| {
                            let slot = slots_of.at(i) as usize;
                            if weights[i] != 0.0 {
                                slot
                            } else {
                                k + 1
                            }
                        })
                    }
                }
            };
            slots = unit_cells(&n);
        } else {
            let slots_of = RowSlots::new(variable, rows.clone(), 1);
            for (i, &w) in weights[rows].iter().enumerate() {
                let slot = if counts(w) {
                    slots_of.at(i) as usize
                } else {
                    k + 1
                };
                slots[slot].add(w);
            }
        }
        slots.truncate(k + 1);
        Tally::of_slots(slots)
    }

    /// Counts `variable` over the listed rows only (`kept`: indices, each weighing 1): what
    /// [`Tally::count_shaped`] gives with weights 1 on those rows and 0 elsewhere, visiting only
    /// them — a filter that keeps a few respondents of many.
    pub fn count_kept(variable: &Variable, kept: &[u32]) -> Tally {
        let slots_of = RowSlots::new(variable, 0..variable.len(), 1);
        let n = count_slots(kept.len(), variable.categories + 1, |j| {
            slots_of.at(kept[j] as usize) as usize
        });
        Tally::of_slots(unit_cells(&n))
    }

    /// The tally whose categories are `slots` but the last, which is "no valid answer".
    fn of_slots(mut slots: Vec<Cell>) -> Tally {
        let missing = slots.pop().unwrap_or_default();
        Tally {
            categories: slots,
            missing,
        }
    }
}

/// What a set of weights is like, found in one pass; it decides how counting adds.
///
/// When every weight is 0 or 1 (unweighted data, possibly filtered), counting is integer
/// increments and each cell's sums follow from its count, exactly (`Σ1 = Σ1² = n`): the same
/// figures as adding the weights one by one, several times faster over large files. When every
/// weight is 1 (no filter either), the weights need not even be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightShape {
    Ones,
    ZeroOrOne,
    Any,
}

impl WeightShape {
    pub fn of(weights: &[f64]) -> WeightShape {
        let (mut ones, mut zero_or_one) = (true, true);
        // Without short cuts, in blocks, so that the compiler can use vector instructions.
        for block in weights.chunks(1024) {
            let (o, z) = block.iter().fold((true, true), |(o, z), &w| {
                (o & (w == 1.0), z & ((w == 1.0) | (w == 0.0)))
            });
            ones &= o;
            zero_or_one &= z;
            if !zero_or_one {
                return WeightShape::Any;
            }
        }
        if ones {
            WeightShape::Ones
        } else {
            WeightShape::ZeroOrOne
        }
    }
}

/// Cells of respondents who all weigh 1, from their counts.
fn unit_cells(counts: &[u64]) -> Vec<Cell> {
    counts.iter().map(|&n| Cell::units(n)).collect()
}

/// The variable's lookup table as slots: a category index, or `categories` for "no valid
/// answer"; one extra last entry for the [`MISSING`] code (so `map[min(code, last)]` needs no
/// branch).
fn slot_map(variable: &Variable) -> Vec<u16> {
    let k = variable.categories as u16;
    let (_, lut) = variable.parts();
    lut.iter()
        .map(|&c| if c == MISSING || c >= k { k } else { c })
        .chain(std::iter::once(k))
        .collect()
}

/// [`slot_map`] for a respondent who answered: a multi-select respondent who answered the
/// question and did not choose this option (the cell empty or not a category) is in category
/// 0, "not chosen" (as [`Variable::get`] says); one who answered nothing is told apart by the
/// answered mask.
fn answered_slot_map(variable: &Variable) -> Vec<u16> {
    let k = variable.categories as u16;
    let multi = variable.answered().is_some();
    slot_map(variable)
        .into_iter()
        .map(|s| if multi && s == k { 0 } else { s })
        .collect()
}

/// A variable's counting slot per row, for the counting loops of unweighted data: its category,
/// or `categories` for no valid answer, times `scale` — what [`Variable::get`] gives, from one
/// table lookup and, for a multi-select option, one test of the answered mask, without a
/// branch on the answer.
struct RowSlots<'a> {
    codes: &'a [u16],
    /// Per code (the last entry: the [`MISSING`] code), the slot of a respondent who answered.
    map: Vec<u32>,
    last: usize,
    answered: Option<&'a [bool]>,
    /// The slot of a multi-select respondent who chose no option.
    unanswered: u32,
}

impl<'a> RowSlots<'a> {
    /// A crosstab's two variables over `rows`: the row variable's slots times the column
    /// variable's categories + 1, so that their sum indexes a grid of `(kr + 1) × (kc + 1)`
    /// counters ([`count_grid`]).
    fn pair(
        row_var: &'a Variable,
        column_var: &'a Variable,
        rows: std::ops::Range<usize>,
    ) -> (RowSlots<'a>, RowSlots<'a>) {
        let stride = column_var.categories as u32 + 1;
        (
            RowSlots::new(row_var, rows.clone(), stride),
            RowSlots::new(column_var, rows, 1),
        )
    }

    fn new(variable: &'a Variable, rows: std::ops::Range<usize>, scale: u32) -> Self {
        let k = variable.categories as u16;
        let answered = variable.answered().map(|a| &a[rows.clone()]);
        let map: Vec<u32> = answered_slot_map(variable)
            .into_iter()
            .map(|s| u32::from(s) * scale)
            .collect();
        let (codes, _) = variable.parts();
        RowSlots {
            codes: &codes[rows],
            last: map.len() - 1,
            map,
            answered,
            unanswered: u32::from(k) * scale,
        }
    }

    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        let slot = self.map[(self.codes[i] as usize).min(self.last)];
        match self.answered {
            Some(answered) if !answered[i] => self.unanswered,
            _ => slot,
        }
    }
}

/// Counts of one variable (rows of the table) by another (columns): the crosstab's cells.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub rows: usize,
    pub columns: usize,
    /// Row-major: `cells[row * columns + column]`.
    pub cells: Vec<Cell>,
    /// Respondents who count but miss a valid answer on either variable.
    pub missing: Cell,
}

impl Table {
    pub fn new(rows: usize, columns: usize) -> Self {
        Table {
            rows,
            columns,
            cells: vec![Cell::default(); rows * columns],
            missing: Cell::default(),
        }
    }

    #[inline]
    pub fn add(&mut self, row: u16, column: u16, weight: f64) {
        if !counts(weight) {
            return;
        }
        if (row as usize) < self.rows && (column as usize) < self.columns {
            self.cells[row as usize * self.columns + column as usize].add(weight);
        } else {
            self.missing.add(weight);
        }
    }

    pub fn merge(&mut self, other: &Table) {
        debug_assert_eq!((self.rows, self.columns), (other.rows, other.columns));
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            a.merge(b);
        }
        self.missing.merge(&other.missing);
    }

    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        &self.cells[row * self.columns + column]
    }

    /// The column's total over all rows.
    pub fn column_total(&self, column: usize) -> Cell {
        let mut total = Cell::default();
        (0..self.rows).for_each(|r| total.merge(self.cell(r, column)));
        total
    }

    /// The row's total over all columns.
    pub fn row_total(&self, row: usize) -> Cell {
        let mut total = Cell::default();
        (0..self.columns).for_each(|c| total.merge(self.cell(row, c)));
        total
    }

    pub fn total(&self) -> Cell {
        let mut total = Cell::default();
        self.cells.iter().for_each(|c| total.merge(c));
        total
    }

    /// Counts `row_var` by `column_var` over the rows `rows` with `weights`.
    pub fn count(
        row_var: &Variable,
        column_var: &Variable,
        weights: &[f64],
        rows: std::ops::Range<usize>,
    ) -> Table {
        let n = row_var.len().min(column_var.len());
        let rows = rows.start.min(n)..rows.end.min(n);
        let shape = WeightShape::of(&weights[rows.clone()]);
        Self::count_shaped(row_var, column_var, weights, rows, shape)
    }

    /// [`Table::count`] with the weights' shape already known (`WeightShape::of` the rows).
    pub fn count_shaped(
        row_var: &Variable,
        column_var: &Variable,
        weights: &[f64],
        rows: std::ops::Range<usize>,
        shape: WeightShape,
    ) -> Table {
        let (kr, kc) = (row_var.categories, column_var.categories);
        let n = row_var.len().min(column_var.len());
        let rows = rows.start.min(n)..rows.end.min(n);
        if let Some(grid) = count_grid(row_var, column_var, weights, rows.clone(), shape) {
            return Table::of_grid(unit_cells(&grid), kr, kc);
        }
        // Any weights: the same grid, of weighted cells.
        let stride = kc + 1;
        let (by_row, by_column) = RowSlots::pair(row_var, column_var, rows.clone());
        let dead = (kr + 1) * stride;
        let mut grid = vec![Cell::default(); dead + 1];
        for (i, &w) in weights[rows].iter().enumerate() {
            let slot = if counts(w) {
                (by_row.at(i) + by_column.at(i)) as usize
            } else {
                dead
            };
            grid[slot].add(w);
        }
        Table::of_grid(grid, kr, kc)
    }

    /// [`Table::count_shaped`] with the two variables' own tallies over the same rows, which
    /// unweighted data gives from the same pass: the crosstab's grid keeps each variable's "no
    /// valid answer" as a row and a column of its own.
    pub fn count_with_margins(
        row_var: &Variable,
        column_var: &Variable,
        weights: &[f64],
        rows: std::ops::Range<usize>,
        shape: WeightShape,
    ) -> (Table, Tally, Tally) {
        let n = row_var.len().min(column_var.len());
        let rows = rows.start.min(n)..rows.end.min(n);
        let Some(grid) = count_grid(row_var, column_var, weights, rows.clone(), shape) else {
            return (
                Self::count_shaped(row_var, column_var, weights, rows.clone(), shape),
                Tally::count_shaped(row_var, weights, rows.clone(), shape),
                Tally::count_shaped(column_var, weights, rows, shape),
            );
        };
        margins_of_grid(&grid, row_var.categories, column_var.categories)
    }

    /// [`Table::count_with_margins`] over the listed rows only (`kept`: indices, each weighing
    /// 1), visiting only them.
    pub fn count_kept_with_margins(
        row_var: &Variable,
        column_var: &Variable,
        kept: &[u32],
    ) -> (Table, Tally, Tally) {
        let (kr, kc) = (row_var.categories, column_var.categories);
        let stride = kc + 1;
        let n = row_var.len().min(column_var.len());
        let (by_row, by_column) = RowSlots::pair(row_var, column_var, 0..n);
        let grid = count_slots(kept.len(), (kr + 1) * stride, |j| {
            let i = kept[j] as usize;
            (by_row.at(i) + by_column.at(i)) as usize
        });
        margins_of_grid(&grid, kr, kc)
    }

    /// The crosstab of `kr` × `kc` categories from a grid of [`count_grid`]'s shape: the
    /// grid's last row and column (no valid answer on either variable) are its missing, its
    /// last cell (respondents who do not count) is left out.
    fn of_grid(grid: Vec<Cell>, kr: usize, kc: usize) -> Table {
        let stride = kc + 1;
        let mut table = Table::new(kr, kc);
        for (slot, cell) in grid.iter().enumerate().take((kr + 1) * stride) {
            let (r, c) = (slot / stride, slot % stride);
            if r < kr && c < kc {
                table.cells[r * kc + c] = *cell;
            } else {
                table.missing.merge(cell);
            }
        }
        table
    }
}

/// The crosstab and both variables' tallies from a grid of [`count_grid`]'s shape (its last
/// cell, respondents who do not count, left out).
fn margins_of_grid(grid: &[u64], kr: usize, kc: usize) -> (Table, Tally, Tally) {
    let stride = kc + 1;
    let (mut by_row, mut by_column) = (vec![0u64; kr + 1], vec![0u64; kc + 1]);
    for (slot, &count) in grid.iter().enumerate().take((kr + 1) * stride) {
        by_row[slot / stride] += count;
        by_column[slot % stride] += count;
    }
    let table = Table::of_grid(unit_cells(grid), kr, kc);
    let (by_row, by_column) = (unit_cells(&by_row), unit_cells(&by_column));
    (table, Tally::of_slots(by_row), Tally::of_slots(by_column))
}

/// Unweighted counts (weights 0 or 1) of two variables together: per row, the row variable's
/// slot times `kc + 1` plus the column variable's (a category, or `kr`/`kc` for no valid
/// answer) — one index into a grid of `(kr + 1) × (kc + 1)` counters, without a branch on the
/// answers — and one last counter for the respondents who do not count. `None` for weights of
/// any other shape.
fn count_grid(
    row_var: &Variable,
    column_var: &Variable,
    weights: &[f64],
    rows: std::ops::Range<usize>,
    shape: WeightShape,
) -> Option<Vec<u64>> {
    if shape == WeightShape::Any {
        return None;
    }
    let (kr, kc) = (row_var.categories, column_var.categories);
    let stride = kc + 1;
    let (by_row, by_column) = RowSlots::pair(row_var, column_var, rows.clone());
    let weights = &weights[rows];
    let dead = (kr + 1) * stride;
    Some(if shape == WeightShape::Ones {
        count_slots(weights.len(), dead + 1, |i| {
            (by_row.at(i) + by_column.at(i)) as usize
        })
    } else {
        count_slots(weights.len(), dead + 1, |i| {
            let slot = (by_row.at(i) + by_column.at(i)) as usize;
            if weights[i] != 0.0 {
                slot
            } else {
                dead
            }
        })
    })
}
