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
//!   out, each number zero or at least the threshold ([`filter_allowed`]).
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
    let outside: Vec<u64> = match before {
        Some(before) => inside
            .iter()
            .enumerate()
            .map(|(g, &n)| before.get(g).map_or(0, |&b| b.saturating_sub(n)))
            .collect(),
        None => vec![0; inside.len()],
    };
    // What the unfiltered view hides (nothing without a filter).
    let unfiltered: Vec<bool> = match before {
        Some(before) => hidden_groups(before, None, threshold)
            .iter()
            .map(Option::is_some)
            .collect(),
        None => vec![false; inside.len()],
    };
    let mut hidden: Vec<Option<Hidden>> = inside
        .iter()
        .enumerate()
        .map(|(g, &n)| {
            let few = too_few(n, threshold) || (n > 0 && too_few(outside[g], threshold));
            if few {
                Some(Hidden::TooFew)
            } else if unfiltered.get(g) == Some(&true) && n > 0 {
                Some(Hidden::Complementary)
            } else {
                None
            }
        })
        .collect();
    let derivable = |hidden: &[Option<Hidden>]| {
        let sums = |only_here: bool| {
            (0..inside.len())
                .filter(|&g| hidden[g].is_some() && !(only_here && unfiltered[g]))
                .fold((0u64, 0u64, 0usize), |(i, o, c), g| {
                    (
                        i + inside[g],
                        o + outside[g],
                        c + usize::from(inside[g] > 0),
                    )
                })
        };
        let (all_in, all_out, count) = sums(false);
        let (here_in, here_out, _) = sums(true);
        count == 1
            || too_few(all_in, threshold)
            || too_few(all_out, threshold)
            || too_few(here_in, threshold)
            || too_few(here_out, threshold)
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

/// Applies disclosure control at `threshold` to `analysis`: withholds it all when its filter
/// keeps or leaves out too few (`total_before`: the respondents before the filter, when one is
/// in force), blanks item bases below the threshold and hides groups by [`hidden_groups`]
/// (`before`: per group, its respondents before the filter).
pub fn apply(
    analysis: &mut Analysis,
    threshold: u64,
    total_before: Option<u64>,
    before: Option<&[u64]>,
) {
    let withheld =
        total_before.is_some_and(|t| !filter_allowed(analysis.respondents_n, t, threshold));
    analysis.withheld = withheld;
    let hidden = if withheld {
        vec![Some(Hidden::TooFew); analysis.groups.len()]
    } else {
        hidden_groups(&group_bases(analysis), before, threshold)
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
