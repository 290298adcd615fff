//! Tests of significance on a crosstab: Pearson's chi-square test of independence with the
//! Rao–Scott correction for weighted data, and column-proportion z-tests between the groups
//! of a breakdown with a Bonferroni correction, reported as letters.
//!
//! - Chi-square: Pearson's X² on the table, rows and columns without any respondent left out
//!   (as SPSS does). With weights, X² is computed on the weighted table rescaled to the
//!   unweighted number of respondents, and the test to use is the Rao–Scott second-order
//!   correction (Rao & Scott 1984, "On chi-squared tests for multiway contingency tables with
//!   cell proportions estimated from survey data", Annals of Statistics 12(1), 46–60), computed
//!   as R's `survey::svychisq(statistic = "F")` does for a design with independent sampling
//!   and unequal weights: the generalised design effects Δ from the linearisation variance of
//!   the cell proportions, `F = X² / tr(Δ)` on `d = tr(Δ)² / tr(Δ²)` and `d·(n − 1)` degrees
//!   of freedom. The first-order correction `X² / mean(δ)` is reported as well.
//! - Column proportions: for every row and every pair of groups, the pooled two-proportion z
//!   test (as SPSS "Compare column proportions" and Q), two-sided at 95%, with the Bonferroni
//!   correction for the number of pairs compared in that row. A group whose proportion in a
//!   row is 0 or 1 is not compared in that row (as SPSS does). With weights the group bases are
//!   Kish effective sample sizes. The letter of a group is written in the cell of every group
//!   whose proportion is significantly higher.
//! - Group versus the rest: the same z test of one group against all other groups together,
//!   Bonferroni-corrected for the number of groups (two groups: one comparison, no
//!   correction): the ▲/▼ markers of a chart.

use super::{Cell, Table};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, Normal};

/// The significance level of every test.
pub const ALPHA: f64 = 0.05;

/// Pearson's chi-square test of independence.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ChiSquare {
    /// Pearson's X² (with weights: on the table rescaled to the unweighted n).
    pub statistic: f64,
    /// (rows − 1)(columns − 1) over the rows and columns with respondents.
    pub df: usize,
    /// p-value of X² on `df` degrees of freedom (unweighted reading).
    pub p: f64,
    /// The smallest expected count.
    pub min_expected: f64,
    /// Number of cells with an expected count below 5.
    pub cells_below_5: usize,
    /// Some expected count is below 5: the chi-square approximation may be poor.
    pub low_expected: bool,
    /// The design-based correction, when the data are weighted.
    pub rao_scott: Option<RaoScott>,
    /// Whether the test to use (Rao–Scott when weighted, Pearson otherwise) is significant at
    /// 95%.
    pub significant: bool,
}

impl ChiSquare {
    /// "chi² = 82,00 (df = 25), p < 0,001", with ", Rao–Scott" when the weighted test's p is
    /// the one given.
    pub fn describe(&self, lang: crate::codebook::Lang) -> String {
        let p = self.rao_scott.as_ref().map_or(self.p, |r| r.p);
        format!(
            "chi\u{b2} = {} (df = {}), {}{}",
            crate::format::decimal(self.statistic, 2, lang),
            self.df,
            crate::format::p_value(p, lang),
            if self.rao_scott.is_some() {
                ", Rao\u{2013}Scott"
            } else {
                ""
            }
        )
    }
}

/// The Rao–Scott corrections of X² for weighted data.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RaoScott {
    /// Second order: `F = X² / tr(Δ)`.
    pub f: f64,
    /// Numerator degrees of freedom `tr(Δ)² / tr(Δ²)`.
    pub ndf: f64,
    /// Denominator degrees of freedom `ndf · (n − 1)`.
    pub ddf: f64,
    /// p-value of `f` on (`ndf`, `ddf`).
    pub p: f64,
    /// First order: `X² / mean(δ)` on `df` degrees of freedom.
    pub first_order: f64,
    pub first_order_p: f64,
    /// Mean generalised design effect `tr(Δ) / df`.
    pub mean_deff: f64,
}

/// A z test of two proportions.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct ZTest {
    pub z: f64,
    /// Two-sided p-value before correction.
    pub p: f64,
}

/// Pooled two-proportion z test of `p1` on base `n1` against `p2` on base `n2`; `None` when a
/// base is empty or the pooled proportion is 0 or 1.
pub fn two_proportion_z(p1: f64, n1: f64, p2: f64, n2: f64) -> Option<ZTest> {
    if !(n1 > 0.0 && n2 > 0.0) {
        return None;
    }
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    let variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
    if variance.is_nan() || variance <= 0.0 {
        return None;
    }
    let z = (p1 - p2) / variance.sqrt();
    let normal = Normal::standard();
    Some(ZTest {
        z,
        p: 2.0 * normal.sf(z.abs()),
    })
}

/// The label of group `index`: A … Z, then a … z, then A1, B1, ….
pub fn letter(index: usize) -> String {
    const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    match index {
        0..=25 => (UPPER[index] as char).to_string(),
        26..=51 => (LOWER[index - 26] as char).to_string(),
        _ => format!("{}{}", UPPER[index % 26] as char, index / 26 - 1),
    }
}

/// Whether a group's proportion is significantly above or below the others'.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

/// Pearson's chi-square on `table` (with the Rao–Scott correction when `weighted`).
/// `None` when fewer than two rows or two columns have respondents.
pub fn chi_square(table: &Table, weighted: bool) -> Option<ChiSquare> {
    let used_rows: Vec<usize> = (0..table.rows)
        .filter(|&r| table.row_total(r).n > 0)
        .collect();
    let used_columns: Vec<usize> = (0..table.columns)
        .filter(|&c| table.column_total(c).n > 0)
        .collect();
    let (r, c) = (used_rows.len(), used_columns.len());
    if r < 2 || c < 2 {
        return None;
    }
    let total = table.total();
    // Weighted counts rescaled so that they sum to the unweighted n.
    let scale = if total.w > 0.0 {
        total.n as f64 / total.w
    } else {
        0.0
    };
    let count = |i: usize, j: usize| table.cell(used_rows[i], used_columns[j]).w * scale;
    let row_sums: Vec<f64> = (0..r).map(|i| (0..c).map(|j| count(i, j)).sum()).collect();
    let column_sums: Vec<f64> = (0..c).map(|j| (0..r).map(|i| count(i, j)).sum()).collect();
    let n: f64 = row_sums.iter().sum();
    let mut statistic = 0.0;
    let mut min_expected = f64::INFINITY;
    let mut cells_below_5 = 0;
    for (i, row_sum) in row_sums.iter().enumerate() {
        for (j, column_sum) in column_sums.iter().enumerate() {
            let expected = row_sum * column_sum / n;
            min_expected = min_expected.min(expected);
            if expected < 5.0 {
                cells_below_5 += 1;
            }
            if expected > 0.0 {
                statistic += (count(i, j) - expected).powi(2) / expected;
            }
        }
    }
    let df = (r - 1) * (c - 1);
    let p = chi_square_sf(statistic, df as f64);
    let rao_scott = if weighted {
        rao_scott(table, &used_rows, &used_columns, statistic)
    } else {
        None
    };
    let significant = match &rao_scott {
        Some(rs) => rs.p < ALPHA,
        None => p < ALPHA,
    };
    Some(ChiSquare {
        statistic,
        df,
        p,
        min_expected,
        cells_below_5,
        low_expected: cells_below_5 > 0,
        rao_scott,
        significant,
    })
}

fn chi_square_sf(x: f64, df: f64) -> f64 {
    match ChiSquared::new(df) {
        Ok(dist) if x.is_finite() => dist.sf(x),
        _ => f64::NAN,
    }
}

/// The Rao–Scott corrections for `statistic` (X² on the table rescaled to the unweighted n).
///
/// Follows `survey::svychisq`: the cell proportions `p`, their linearisation covariance under
/// independent sampling with weights `V = n/(n−1) · Σᵢ (wᵢ/W)² (yᵢ − p)(yᵢ − p)ᵀ` (only the
/// per-cell sums of squared weights are needed, since each yᵢ indicates one cell), a basis `C`
/// of the interaction contrasts, and `Δ = (Cᵀ D⁻¹ C / n)⁻¹ (Cᵀ D⁻¹ V D⁻¹ C)` with
/// `D = diag(p)`.
fn rao_scott(
    table: &Table,
    used_rows: &[usize],
    used_columns: &[usize],
    statistic: f64,
) -> Option<RaoScott> {
    let (r, c) = (used_rows.len(), used_columns.len());
    let cells: Vec<Cell> = used_rows
        .iter()
        .flat_map(|&i| used_columns.iter().map(move |&j| *table.cell(i, j)))
        .collect();
    let k = r * c;
    let total: Cell = {
        let mut t = Cell::default();
        cells.iter().for_each(|x| t.merge(x));
        t
    };
    let n = total.n as f64;
    if n < 2.0 || total.w <= 0.0 {
        return None;
    }
    let p: Vec<f64> = cells.iter().map(|x| x.w / total.w).collect();
    let s: Vec<f64> = cells.iter().map(|x| x.w2 / (total.w * total.w)).collect();
    let s_all = total.w2 / (total.w * total.w);
    let factor = n / (n - 1.0);
    let v = |a: usize, b: usize| {
        let diagonal = if a == b { s[a] } else { 0.0 };
        factor * (diagonal - s[a] * p[b] - p[a] * s[b] + s_all * p[a] * p[b])
    };
    let inv_p: Vec<f64> = p
        .iter()
        .map(|&x| if x > 0.0 { 1.0 / x } else { 0.0 })
        .collect();
    // Interaction contrasts: the cell indicator of (i, j), i < r − 1, j < c − 1, minus its
    // additive (row + column) fit on the full grid.
    let m = (r - 1) * (c - 1);
    let contrast = |cell: usize, index: usize| {
        let (a, b) = (cell / c, cell % c);
        let (i, j) = (index / (c - 1), index % (c - 1));
        let indicator = |x: bool| if x { 1.0 } else { 0.0 };
        indicator(a == i && b == j) - indicator(a == i) / c as f64 - indicator(b == j) / r as f64
            + 1.0 / k as f64
    };
    let basis: Vec<Vec<f64>> = (0..m)
        .map(|index| (0..k).map(|cell| contrast(cell, index)).collect())
        .collect();
    // D⁻¹ C, column by column.
    let scaled: Vec<Vec<f64>> = basis
        .iter()
        .map(|col| col.iter().zip(&inv_p).map(|(x, ip)| x * ip).collect())
        .collect();
    let mut denominator = vec![0.0; m * m];
    let mut numerator = vec![0.0; m * m];
    // V D⁻¹ C, column by column.
    let v_scaled: Vec<Vec<f64>> = scaled
        .iter()
        .map(|col| {
            (0..k)
                .map(|a| (0..k).map(|b| v(a, b) * col[b]).sum())
                .collect()
        })
        .collect();
    for x in 0..m {
        for y in 0..m {
            denominator[x * m + y] = dot(&basis[x], &scaled[y]) / n;
            numerator[x * m + y] = dot(&scaled[x], &v_scaled[y]);
        }
    }
    // Δ = A⁻¹ B with A symmetric positive definite: with A = L Lᵀ, Δ is similar to
    // M = L⁻¹ B L⁻ᵀ, so tr(Δ) = tr(M) and tr(Δ²) = Σ M_xy².
    let lower = cholesky(&denominator, m)?;
    let half = forward_solve_columns(&lower, &numerator, m); // L⁻¹ B
    let half_t = transpose(&half, m);
    let similar = forward_solve_columns(&lower, &half_t, m); // L⁻¹ (L⁻¹ B)ᵀ = L⁻¹ B L⁻ᵀ
    let trace: f64 = (0..m).map(|x| similar[x * m + x]).sum();
    let trace_sq: f64 = similar.iter().map(|x| x * x).sum();
    if trace.is_nan() || trace <= 0.0 || trace_sq.is_nan() || trace_sq <= 0.0 {
        return None;
    }
    let ndf = trace * trace / trace_sq;
    let ddf = ndf * (n - 1.0);
    // X² is on the table rescaled to n, the same total the denominator above uses.
    let f = statistic / trace;
    let p_f = FisherSnedecor::new(ndf, ddf)
        .map(|d| d.sf(f))
        .unwrap_or(f64::NAN);
    let mean_deff = trace / m as f64;
    let first_order = statistic / mean_deff;
    Some(RaoScott {
        f,
        ndf,
        ddf,
        p: p_f,
        first_order,
        first_order_p: chi_square_sf(first_order, m as f64),
        mean_deff,
    })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

// A few lines of dense linear algebra for the (rows − 1)(columns − 1)-sized Rao–Scott matrices,
// written here rather than pulling a linear-algebra crate into the app's wasm for one use.

/// The lower Cholesky factor of the symmetric positive definite `a` (m × m, row-major).
fn cholesky(a: &[f64], m: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i * m + k] * l[j * m + k]).sum();
            if i == j {
                let d = a[i * m + i] - sum;
                if d.is_nan() || d <= 0.0 {
                    return None;
                }
                l[i * m + i] = d.sqrt();
            } else {
                l[i * m + j] = (a[i * m + j] - sum) / l[j * m + j];
            }
        }
    }
    Some(l)
}

/// `L⁻¹ B` for lower-triangular `l` (m × m, row-major).
fn forward_solve_columns(l: &[f64], b: &[f64], m: usize) -> Vec<f64> {
    let mut x = vec![0.0; m * m];
    for col in 0..m {
        for i in 0..m {
            let sum: f64 = (0..i).map(|k| l[i * m + k] * x[k * m + col]).sum();
            x[i * m + col] = (b[i * m + col] - sum) / l[i * m + i];
        }
    }
    x
}

fn transpose(a: &[f64], m: usize) -> Vec<f64> {
    (0..m * m).map(|i| a[(i % m) * m + i / m]).collect()
}

/// Column-proportion letters of every cell: `letters[row][column]` holds the letters of the
/// groups whose proportion in that row is significantly lower than this column's.
pub fn column_letters(table: &Table) -> Vec<Vec<String>> {
    let bases: Vec<Cell> = (0..table.columns).map(|c| table.column_total(c)).collect();
    let mut letters = vec![vec![String::new(); table.columns]; table.rows];
    for (row, row_letters) in letters.iter_mut().enumerate() {
        let share = |c: usize| table.cell(row, c).w / bases[c].w;
        let compared: Vec<usize> = (0..table.columns)
            .filter(|&c| bases[c].n > 1 && bases[c].w > 0.0)
            .filter(|&c| share(c) > 0.0 && share(c) < 1.0)
            .collect();
        let pairs = compared.len() * compared.len().saturating_sub(1) / 2;
        if pairs == 0 {
            continue;
        }
        for (x, &a) in compared.iter().enumerate() {
            for &b in &compared[x + 1..] {
                let Some(test) = two_proportion_z(
                    share(a),
                    bases[a].effective_n(),
                    share(b),
                    bases[b].effective_n(),
                ) else {
                    continue;
                };
                if (test.p * pairs as f64).min(1.0) < ALPHA {
                    let (high, low) = if test.z > 0.0 { (a, b) } else { (b, a) };
                    row_letters[high].push_str(&letter(low));
                }
            }
        }
        // Letters in group order within each cell.
        for cell in row_letters.iter_mut() {
            let mut parts: Vec<String> = Vec::new();
            let mut chars = cell.chars().peekable();
            while let Some(ch) = chars.next() {
                let mut part = ch.to_string();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    part.push(*d);
                    chars.next();
                }
                parts.push(part);
            }
            crate::sort::stable_by_key(&mut parts, |p| letter_index(p));
            *cell = parts.concat();
        }
    }
    letters
}

/// The group index of a letter made by [`letter`].
fn letter_index(label: &str) -> usize {
    let mut chars = label.chars();
    let first = chars.next().unwrap_or('A');
    let round: usize = chars.as_str().parse::<usize>().map_or(0, |r| r + 1);
    if round > 0 {
        return round * 26 + (first as usize - 'A' as usize);
    }
    if first.is_ascii_lowercase() {
        26 + (first as usize - 'a' as usize)
    } else {
        first as usize - 'A' as usize
    }
}

/// Each group against all other groups together, per row: `Some(direction)` where the
/// difference is significant at 95% after a Bonferroni correction for the number of groups.
/// Two groups make one comparison (each group's rest is the other group): no correction, the
/// plain two-sample test.
pub fn versus_rest(table: &Table) -> Vec<Vec<Option<Direction>>> {
    let bases: Vec<Cell> = (0..table.columns).map(|c| table.column_total(c)).collect();
    let total = table.total();
    let groups = bases.iter().filter(|b| b.n > 0).count();
    let mut out = vec![vec![None; table.columns]; table.rows];
    if groups < 2 {
        return out;
    }
    for (row, directions) in out.iter_mut().enumerate() {
        let row_total = table.row_total(row);
        for (column, direction) in directions.iter_mut().enumerate() {
            let base = bases[column];
            let cell = table.cell(row, column);
            let rest = Cell {
                n: total.n - base.n,
                w: total.w - base.w,
                w2: total.w2 - base.w2,
            };
            if base.n == 0 || rest.n == 0 || base.w <= 0.0 || rest.w <= 0.0 {
                continue;
            }
            let share = cell.w / base.w;
            let rest_share = (row_total.w - cell.w) / rest.w;
            let Some(test) =
                two_proportion_z(share, base.effective_n(), rest_share, rest.effective_n())
            else {
                continue;
            };
            let comparisons = if groups == 2 { 1.0 } else { groups as f64 };
            if (test.p * comparisons).min(1.0) < ALPHA {
                *direction = Some(if test.z > 0.0 {
                    Direction::Higher
                } else {
                    Direction::Lower
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_through_both_alphabets_and_sort_back_to_group_order() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "a");
        assert_eq!(letter(52), "A1");
        for i in 0..80 {
            assert_eq!(letter_index(&letter(i)), i, "{}", letter(i));
        }
    }

    #[test]
    fn cholesky_solves_give_back_the_identity_for_a_matrix_against_itself() {
        let a = vec![4.0, 2.0, 2.0, 3.0];
        let l = cholesky(&a, 2).unwrap();
        let half = forward_solve_columns(&l, &a, 2);
        let similar = forward_solve_columns(&l, &transpose(&half, 2), 2);
        // L⁻¹ A L⁻ᵀ = I
        for (i, x) in similar.iter().enumerate() {
            let expected = if i % 3 == 0 { 1.0 } else { 0.0 };
            assert!((x - expected).abs() < 1e-12);
        }
    }
}
