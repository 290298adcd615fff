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
            let (first, len) = (rows.start, rows.len());
            let n = if variable.answered().is_some() {
                count_slots(len, k + 2, |i| {
                    let row = first + i;
                    let slot = (variable.get(row) as usize).min(k);
                    if weights[row] != 0.0 {
                        slot
                    } else {
                        k + 1
                    }
                })
            } else {
                let map = slot_map(variable);
                // Slices, not Vecs, in the counting loops: see `count_slots`.
                let (map, last) = (map.as_slice(), map.len() - 1);
                let (codes, _) = variable.parts();
                let every_row = rows.len() == codes.len();
                let (codes, weights) = (&codes[rows.clone()], &weights[rows]);
                let counted = variable.code_counts().filter(|_| every_row);
                if let (WeightShape::Ones, Some(counted)) = (shape, counted) {
                    // Every respondent, each weighing 1: the column's code counts, as they
                    // are, folded into the categories (the last code slot is missing).
                    let mut n = vec![0u64; k + 2];
                    for (code, &count) in counted.iter().enumerate() {
                        n[map[code.min(last)] as usize] += count;
                    }
                    n
                } else if shape == WeightShape::Ones {
                    count_slots(len, k + 2, |i| map[(codes[i] as usize).min(last)] as usize)
                } else {
                    count_slots(len, k + 2, |i| {
                        let slot = map[(codes[i] as usize).min(last)] as usize;
                        if weights[i] != 0.0 {
                            slot
                        } else {
                            k + 1
                        }
                    })
                }
            };
            slots = unit_cells(&n);
        } else if variable.answered().is_some() {
            for row in rows {
                let w = weights[row];
                let slot = if counts(w) {
                    (variable.get(row) as usize).min(k)
                } else {
                    k + 1
                };
                slots[slot].add(w);
            }
        } else {
            let map = slot_map(variable);
            let last = map.len() - 1;
            let (codes, _) = variable.parts();
            for (&code, &w) in codes[rows.clone()].iter().zip(&weights[rows]) {
                let slot = if counts(w) {
                    map[(code as usize).min(last)] as usize
                } else {
                    k + 1
                };
                slots[slot].add(w);
            }
        }
        slots.truncate(k + 1);
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
        // Slots: the kr × kc cells, then "no valid answer", then "does not count".
        let cells = kr * kc;
        let mut slots = vec![Cell::default(); cells + 2];
        let n = row_var.len().min(column_var.len());
        let rows = rows.start.min(n)..rows.end.min(n);
        if shape != WeightShape::Any
            && row_var.answered().is_none()
            && column_var.answered().is_none()
        {
            let (row_map, column_map) = (slot_map(row_var), slot_map(column_var));
            let (last_r, last_c) = (row_map.len() - 1, column_map.len() - 1);
            let (row_map, column_map) = (row_map.as_slice(), column_map.as_slice());
            let (row_codes, _) = row_var.parts();
            let (column_codes, _) = column_var.parts();
            let (row_codes, column_codes, weights) = (
                &row_codes[rows.clone()],
                &column_codes[rows.clone()],
                &weights[rows.clone()],
            );
            let counts = count_slots(rows.len(), cells + 2, |i| {
                let r = row_map[(row_codes[i] as usize).min(last_r)] as usize;
                let c = column_map[(column_codes[i] as usize).min(last_c)] as usize;
                if weights[i] == 0.0 {
                    cells + 1
                } else if r < kr && c < kc {
                    r * kc + c
                } else {
                    cells
                }
            });
            slots = unit_cells(&counts);
        } else if row_var.answered().is_some() || column_var.answered().is_some() {
            for row in rows {
                let w = weights[row];
                let (r, c) = (row_var.get(row) as usize, column_var.get(row) as usize);
                let slot = if !counts(w) {
                    cells + 1
                } else if r < kr && c < kc {
                    r * kc + c
                } else {
                    cells
                };
                slots[slot].add(w);
            }
        } else {
            // Per code, the row category times kc (or a sentinel) and the column category.
            let invalid = u32::MAX;
            let row_map: Vec<u32> = slot_map(row_var)
                .iter()
                .map(|&s| {
                    if (s as usize) < kr {
                        s as u32 * kc as u32
                    } else {
                        invalid
                    }
                })
                .collect();
            let column_map = slot_map(column_var);
            let (row_codes, _) = row_var.parts();
            let (column_codes, _) = column_var.parts();
            let (last_r, last_c) = (row_map.len() - 1, column_map.len() - 1);
            for ((&rc, &cc), &w) in row_codes[rows.clone()]
                .iter()
                .zip(&column_codes[rows.clone()])
                .zip(&weights[rows])
            {
                let r = row_map[(rc as usize).min(last_r)];
                let c = column_map[(cc as usize).min(last_c)] as usize;
                let slot = if !counts(w) {
                    cells + 1
                } else if r != invalid && c < kc {
                    r as usize + c
                } else {
                    cells
                };
                slots[slot].add(w);
            }
        }
        slots.truncate(cells + 1);
        let missing = slots.pop().unwrap_or_default();
        Table {
            rows: kr,
            columns: kc,
            cells: slots,
            missing,
        }
    }
}
