//! Disclosure control for published figures, as statistics offices practise it: the threshold
//! applies to the respondents *behind* a figure — the base of a group in a breakdown, of a
//! filtered report — never to one answer category of a large base.
//!
//! What stays true here:
//! - A chart of all respondents, or of groups at or above the threshold, is never blanked
//!   because one answer is rare: a rare answer among many respondents identifies no one.
//! - A group with at least one but fewer respondents than the threshold is hidden (primary
//!   suppression). So is a group whose respondents *outside* the filter number at least one but
//!   fewer than the threshold: the unfiltered view minus the filtered one would show them.
//! - Complementary suppression: while the hidden groups could be worked out as the total minus
//!   the shown groups — one hidden group alone, or hidden groups that together hold fewer
//!   respondents than the threshold — the next-smallest shown group is hidden too.
//! - A filtered report is shown only when the respondents in the filter, and those it leaves
//!   out, each number zero or at least the threshold ([`filter_allowed`]). With filters on
//!   several questions, every view with some of them left off is published too, and adding and
//!   subtracting those views gives every *cell* of the filters (in the first but not the
//!   second, in neither, …): each cell must hold zero or at least the threshold
//!   ([`cells_allowed`]), and so must each group's part of each cell in a breakdown
//!   ([`hidden_in_cells`]); a group a coarser view hides stays hidden.
//!
//! The decisions are made on unweighted counts (respondents), as disclosure rules are.

use super::analysis::Analysis;
use serde::{Deserialize, Serialize};

/// The threshold published figures use unless a report or embed asks for a higher one.
pub const DEFAULT_THRESHOLD: u64 = 10;

/// Why a group is not shown.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// Fewer respondents than the threshold (in the filter, or left out by it).
    TooFew,
    /// Hidden so that another hidden group cannot be worked out from the total.
    Complementary,
}

/// The threshold in force: the requested one, never below `floor` (the report's own).
pub fn threshold(requested: Option<u64>, floor: u64) -> u64 {
    requested.unwrap_or(floor).max(floor)
}

/// Whether `n` respondents are too few to publish (and not none at all).
pub fn too_few(n: u64, threshold: u64) -> bool {
    n > 0 && n < threshold
}

/// Which groups of a breakdown are hidden, given each group's respondents in the view
/// (`inside`) and, when a filter is in force, each group's respondents before it (`before`).
///
/// With a filter, the unfiltered view of the same breakdown is published too, and the two
/// can be subtracted. So the filtered view hides every group the unfiltered one hides, every
/// group the filter leaves too few of, and enough further groups that neither the hidden
/// groups together nor those hidden here only (which the unfiltered view shows one by one)
/// can be split into a part of too few inside the filter and outside it.
///
/// ```
/// use peiling_engine::stats::disclosure::{hidden_groups, Hidden};
/// // 731, 772 and 98 respondents: nothing hidden.
/// assert!(hidden_groups(&[731, 772, 98], None, 10).iter().all(Option::is_none));
/// // A group of 4 is hidden, and so is the next-smallest (40), or 4 = total − the others.
/// assert_eq!(
///     hidden_groups(&[600, 4, 40, 900], None, 10),
///     vec![None, Some(Hidden::TooFew), Some(Hidden::Complementary), None]
/// );
/// ```
pub fn hidden_groups(
    inside: &[u64],
    before: Option<&[u64]>,
    threshold: u64,
) -> Vec<Option<Hidden>> {
    let cells = match before {
        Some(before) => {
            let outside = inside
                .iter()
                .enumerate()
                .map(|(g, &n)| before.get(g).map_or(0, |&b| b.saturating_sub(n)))
                .collect();
            vec![outside, inside.to_vec()]
        }
        None => vec![inside.to_vec()],
    };
    hidden_in_cells(&cells, threshold)
}

/// The most filter questions a published view may combine: each coarser view (any of its
/// filters left off) is published too, and the cells between them (`2^k`) are checked.
pub const MAX_NESTED_FILTERS: usize = 5;

/// [`hidden_groups`] for a view filtered on `k` questions: `cells[m][g]` is group `g`'s
/// respondents who pass exactly the filter questions in bitmask `m` (`cells.len() == 2^k`; the
/// last, every question passed, is the view itself).
///
/// Every coarser view — the same breakdown with any of the filters left off — is published
/// too, and by adding and subtracting them (inclusion–exclusion) a reader can work out each
/// group's figures in every cell: within the first filter but not the second, in neither, and
/// so on. So a group is hidden when any of its cells holds at least one but fewer respondents
/// than the threshold, a group any coarser view hides stays hidden, and complements are added
/// until the hidden groups together — and those hidden here but shown in each coarser view —
/// hold none or at least the threshold in every cell. With one filter this is the rule of
/// [`hidden_groups`] (inside the filter and outside it).
pub fn hidden_in_cells(cells: &[Vec<u64>], threshold: u64) -> Vec<Option<Hidden>> {
    let full = cells.len().saturating_sub(1);
    let Some(inside) = cells.last() else {
        return Vec::new();
    };
    let groups = inside.len();
    let at = |m: usize, g: usize| cells[m].get(g).copied().unwrap_or(0);
    // What each coarser view hides: the filter questions kept in `s` (every proper subset).
    let coarser: Vec<Vec<bool>> = (0..full)
        .filter(|s| s & full == *s)
        .map(|s| {
            let kept: Vec<usize> = (0..usize::BITS as usize)
                .filter(|b| s >> b & 1 == 1)
                .collect();
            let mut merged = vec![vec![0u64; groups]; 1 << kept.len()];
            for (m, row) in cells.iter().enumerate() {
                let index = kept
                    .iter()
                    .enumerate()
                    .fold(0, |i, (j, &b)| i | ((m >> b & 1) << j));
                for (sum, &n) in merged[index].iter_mut().zip(row) {
                    *sum += n;
                }
            }
            hidden_in_cells(&merged, threshold)
                .iter()
                .map(Option::is_some)
                .collect()
        })
        .collect();
    let hidden_coarser = |g: usize| coarser.iter().any(|c| c.get(g) == Some(&true));
    let mut hidden: Vec<Option<Hidden>> = (0..groups)
        .map(|g| {
            let n = inside[g];
            let few =
                too_few(n, threshold) || (n > 0 && (0..full).any(|m| too_few(at(m, g), threshold)));
            if few {
                Some(Hidden::TooFew)
            } else if hidden_coarser(g) && n > 0 {
                Some(Hidden::Complementary)
            } else {
                None
            }
        })
        .collect();
    let derivable = |hidden: &[Option<Hidden>]| {
        // Too few in some cell, summed over the groups `which` picks.
        let few_in_a_cell = |which: &dyn Fn(usize) -> bool| {
            (0..cells.len()).any(|m| {
                let sum: u64 = (0..groups)
                    .filter(|&g| hidden[g].is_some() && which(g))
                    .map(|g| at(m, g))
                    .sum();
                too_few(sum, threshold)
            })
        };
        let count = (0..groups)
            .filter(|&g| hidden[g].is_some() && inside[g] > 0)
            .count();
        count == 1
            || few_in_a_cell(&|_| true)
            || coarser
                .iter()
                .any(|hidden_there| few_in_a_cell(&|g| !hidden_there[g]))
    };
    while derivable(&hidden) {
        let next = inside
            .iter()
            .enumerate()
            .filter(|&(g, &n)| n > 0 && hidden[g].is_none())
            .min_by_key(|&(g, &n)| (n, g))
            .map(|(g, _)| g);
        match next {
            Some(g) => hidden[g] = Some(Hidden::Complementary),
            None => break,
        }
    }
    hidden
}

/// Whether a report filtered to `inside` of `total` respondents may be published: the filter
/// keeps none or at least `threshold` respondents, and leaves out none or at least
/// `threshold` (otherwise the unfiltered report minus this one shows the few left out).
pub fn filter_allowed(inside: u64, total: u64, threshold: u64) -> bool {
    !too_few(inside, threshold) && !too_few(total.saturating_sub(inside), threshold)
}

/// The respondents behind each group of `analysis`: per group, its smallest non-zero base over
/// the items (a figure rests on the item's base, which item non-response can make smaller).
pub fn group_bases(analysis: &Analysis) -> Vec<u64> {
    let mut bases = vec![0u64; analysis.groups.len()];
    let mut take = |g: usize, n: u64| {
        if let Some(b) = bases.get_mut(g) {
            if n > 0 && (*b == 0 || n < *b) {
                *b = n;
            }
        }
    };
    match &analysis.multi_select {
        Some(multi) => multi
            .groups
            .iter()
            .enumerate()
            .for_each(|(g, r)| take(g, r.base_n)),
        None => {
            for item in &analysis.items {
                for group in &item.groups {
                    let n = match &group.likert {
                        Some(l) => l.base_n,
                        None => group.frequencies.base_n,
                    };
                    take(group.group, n);
                }
            }
        }
    }
    bases
}

/// Whether a view whose filter cells (see [`hidden_in_cells`]) hold `totals` respondents may be
/// published: each cell holds none or at least `threshold` (so no coarser view minus this one,
/// nor any sum and difference of them, shows fewer), and the filter combines at most
/// [`MAX_NESTED_FILTERS`] questions. With one filter: [`filter_allowed`].
pub fn cells_allowed(totals: &[u64], threshold: u64) -> bool {
    totals.len() <= 1 << MAX_NESTED_FILTERS && !totals.iter().any(|&n| too_few(n, threshold))
}

/// Whether a view whose filter keeps several answers of a question may be published: each
/// combination of kept answers (see `Filter::answers`, counted over everyone the view's
/// weights count, in or out of the other filters) — and, broken down, each group's part of
/// it — holds none or at least `threshold`. Otherwise the view minus the same view keeping
/// fewer answers would show fewer. Conservative: the whole view is withheld.
pub fn answers_allowed(
    atoms: &[u64],
    counted: &[bool],
    groups: Option<&[u16]>,
    threshold: u64,
) -> bool {
    let mut totals: std::collections::HashMap<(u64, u16), u64> = std::collections::HashMap::new();
    for (row, &atom) in atoms.iter().enumerate() {
        if !counted.get(row).copied().unwrap_or(false) {
            continue;
        }
        *totals.entry((atom, u16::MAX)).or_default() += 1;
        if let Some(g) = groups.and_then(|g| g.get(row)) {
            *totals.entry((atom, *g)).or_default() += 1;
        }
    }
    !totals.values().any(|&n| too_few(n, threshold))
}

/// Applies disclosure control at `threshold` to `analysis`: withholds it all when a cell of
/// its filter holds too few ([`cells_allowed`]; `totals`: the respondents in each cell, the
/// last the view itself, when a filter is in force), blanks item bases below the threshold
/// and hides groups by [`hidden_in_cells`] (`outside`: per cell but the last, each group's
/// respondents; the last cell is the groups' bases found here).
pub fn apply(
    analysis: &mut Analysis,
    threshold: u64,
    totals: Option<&[u64]>,
    outside: Option<&[Vec<u64>]>,
) {
    let withheld = totals.is_some_and(|t| !cells_allowed(t, threshold));
    analysis.withheld = withheld;
    let hidden = if withheld {
        vec![Some(Hidden::TooFew); analysis.groups.len()]
    } else {
        let mut cells = outside.map(<[Vec<u64>]>::to_vec).unwrap_or_default();
        cells.push(group_bases(analysis));
        hidden_in_cells(&cells, threshold)
    };
    for (group, why) in analysis.groups.iter_mut().zip(&hidden) {
        group.hidden = *why;
    }
    let is_hidden = |g: usize| hidden.get(g).copied().flatten().is_some();
    for item in &mut analysis.items {
        let base = item
            .likert
            .as_ref()
            .map_or(item.overall.base_n, |l| l.base_n);
        if withheld || too_few(base, threshold) {
            item.overall.hide();
            if let Some(l) = &mut item.likert {
                l.hide();
            }
        }
        for group in item.groups.iter_mut().filter(|g| is_hidden(g.group)) {
            group.frequencies.hide();
            if let Some(l) = &mut group.likert {
                l.hide();
            }
        }
        if let Some(crosstab) = &mut item.crosstab {
            crosstab.hide_columns(&hidden);
        }
        if let Some(comparison) = &mut item.agree_comparison {
            comparison.hide_groups(&hidden);
        }
    }
    if let Some(multi) = &mut analysis.multi_select {
        if withheld || too_few(multi.overall.base_n, threshold) {
            multi.overall.hide();
        }
        for (g, group) in multi.groups.iter_mut().enumerate() {
            if is_hidden(g) {
                group.hide();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_groups_are_never_hidden() {
        assert!(hidden_groups(&[640, 577, 112, 96, 80, 96], None, 10)
            .iter()
            .all(Option::is_none));
    }

    #[test]
    fn two_small_groups_that_together_reach_the_threshold_hide_nothing_more() {
        assert_eq!(
            hidden_groups(&[500, 6, 7, 300], None, 10),
            vec![None, Some(Hidden::TooFew), Some(Hidden::TooFew), None]
        );
    }

    #[test]
    fn two_small_groups_below_the_threshold_together_take_a_third() {
        assert_eq!(
            hidden_groups(&[500, 3, 4, 300, 20], None, 10),
            vec![
                None,
                Some(Hidden::TooFew),
                Some(Hidden::TooFew),
                None,
                Some(Hidden::Complementary)
            ]
        );
    }

    #[test]
    fn empty_groups_are_neither_hidden_nor_complements() {
        assert_eq!(
            hidden_groups(&[0, 5, 0, 300, 200], None, 10),
            vec![
                None,
                Some(Hidden::TooFew),
                None,
                None,
                Some(Hidden::Complementary)
            ]
        );
    }

    #[test]
    fn a_group_the_filter_leaves_few_of_is_hidden_with_a_complement() {
        // 50 of 53 in the filter: the unfiltered 53 minus these 50 would show 3. The
        // complement must leave enough outside the filter too: C's 15 do.
        assert_eq!(
            hidden_groups(&[300, 50, 200], Some(&[400, 53, 215]), 10),
            vec![None, Some(Hidden::TooFew), Some(Hidden::Complementary)]
        );
        // C with no one outside would let B's 3 be worked out (253 − 250): A goes too.
        assert!(hidden_groups(&[300, 50, 200], Some(&[400, 53, 200]), 10)
            .iter()
            .all(Option::is_some));
    }

    #[test]
    fn a_filtered_view_hides_what_the_unfiltered_view_hides() {
        // Unfiltered: D (6) and its complement C (12) hidden. Filtered: B leaves 5 out, so
        // it goes too; B alone beside C and D would give B's 35 as the filtered hidden total
        // minus the unfiltered one, and B's 5 outside from that, so A goes as well.
        let before = [300, 40, 12, 6];
        assert_eq!(
            hidden_groups(&before, None, 10),
            vec![
                None,
                None,
                Some(Hidden::Complementary),
                Some(Hidden::TooFew)
            ]
        );
        let hidden = hidden_groups(&[200, 35, 12, 6], Some(&before), 10);
        assert!(hidden.iter().all(Option::is_some), "{hidden:?}");
    }

    #[test]
    fn a_filter_must_keep_and_leave_out_enough() {
        assert!(filter_allowed(1601, 1601, 10));
        assert!(filter_allowed(640, 1601, 10));
        assert!(!filter_allowed(9, 1601, 10));
        assert!(!filter_allowed(1595, 1601, 10));
        assert!(filter_allowed(0, 1601, 10));
    }

    #[test]
    fn a_threshold_never_goes_below_the_floor() {
        assert_eq!(threshold(Some(3), 10), 10);
        assert_eq!(threshold(Some(25), 10), 25);
        assert_eq!(threshold(None, 10), 10);
    }
}
