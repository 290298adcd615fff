//! The data behind a question's one-sentence summaries: the share that agrees, the largest
//! answer or option, and the breakdown group that differs most (and whether significantly).
//!
//! What stays true: every fact carries its base; a group difference is chosen only among
//! groups that do not have a small base, compares the group with all other groups together,
//! and is "significant" only when the Bonferroni-corrected group-versus-rest test says so.
//! Wording lives in [`super::sentences`]; this module only picks and computes.

use super::analysis::Analysis;
use super::likert::LikertBase;
use super::significance::Direction;
use super::Cell;
use crate::codebook::{QuestionKind, Text};
use crate::rounding::percent_half_up;
use crate::survey::Survey;
use serde::{Deserialize, Serialize};

/// A share with its base, exact and as the whole percentage a sentence prints.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Figure {
    /// Percent (0–100), exact.
    pub percent: f64,
    /// Rounded half up, as a single printed figure.
    pub display: u32,
    /// Weighted base.
    pub base: f64,
    pub base_n: u64,
    pub small_base: bool,
}

impl Figure {
    fn of(part: f64, base: &Cell, small_base: u64) -> Figure {
        Figure {
            percent: if base.w > 0.0 {
                part / base.w * 100.0
            } else {
                0.0
            },
            display: percent_half_up(part, base.w),
            base: base.w,
            base_n: base.n,
            small_base: base.n < small_base,
        }
    }
}

/// One fact worth a sentence.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// The share that (strongly) agrees with a statement.
    Agreement {
        item: usize,
        statement: Text,
        agree: Figure,
        disagree: Figure,
    },
    /// The answer (or multi-select option) chosen most.
    Largest {
        /// The multi-select option's item index, or the category index.
        index: usize,
        label: Text,
        figure: Figure,
        multi_select: bool,
    },
    /// The breakdown group whose share differs most from the other groups together.
    GroupDifference {
        /// The breakdown question's text.
        breakdown: Text,
        group: Text,
        /// What the share is of: the statement (agree), the answer or the option.
        subject: Text,
        /// Whether the share is "agrees with the statement" (Likert) rather than "chose".
        agreement: bool,
        group_figure: Figure,
        rest_figure: Figure,
        direction: Direction,
        significant: bool,
    },
}

/// The key facts of one analysed question.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct KeyFigures {
    pub question: String,
    pub text: Text,
    pub kind: QuestionKind,
    pub facts: Vec<Fact>,
}

/// The key figures of `analysis` (which `survey` produced; it names the breakdown).
pub fn key_figures(survey: &Survey, analysis: &Analysis) -> KeyFigures {
    let small = analysis.options.small_base;
    let mut facts = Vec::new();
    if analysis.withheld {
        return KeyFigures {
            question: analysis.question.clone(),
            text: analysis.text.clone(),
            kind: analysis.kind,
            facts,
        };
    }
    let question = survey.codebook.question(&analysis.question);
    let hidden = |g: usize| analysis.groups.get(g).is_some_and(|x| x.hidden.is_some());
    let breakdown_text = analysis
        .breakdown
        .as_deref()
        .and_then(|id| survey.codebook.question(id))
        .map(|q| q.text.clone())
        .unwrap_or_default();
    let group_label = |g: usize| {
        analysis
            .groups
            .get(g)
            .map(|x| x.label.clone())
            .unwrap_or_default()
    };

    if analysis.kind.is_scale() {
        // The statement with the most agreement (and, for a grid, the one with the least).
        let agreement = |i: usize| {
            analysis.items[i]
                .likert
                .as_ref()
                .map_or(f64::NEG_INFINITY, |l| l.agree.percent)
        };
        let shown = |i: &usize| {
            analysis.items[*i]
                .likert
                .as_ref()
                .is_some_and(|l| !l.hidden())
        };
        let mut order: Vec<usize> = (0..analysis.items.len()).filter(shown).collect();
        order.sort_by(|&a, &b| agreement(b).total_cmp(&agreement(a)).then(a.cmp(&b)));
        let mut picked = order.first().copied().into_iter().collect::<Vec<_>>();
        if let Some(&last) = order
            .last()
            .filter(|&&l| order.len() > 1 && Some(&l) != order.first())
        {
            picked.push(last);
        }
        for &i in &picked {
            let item = &analysis.items[i];
            let Some(likert) = &item.likert else { continue };
            let base = Cell {
                n: likert.base_n,
                w: likert.base,
                w2: 0.0,
            };
            let statement = if item.label.nl.is_empty() {
                analysis.text.clone()
            } else {
                item.label.clone()
            };
            facts.push(Fact::Agreement {
                item: i,
                statement,
                agree: Figure::of(likert.agree.count, &base, small),
                disagree: Figure::of(likert.disagree.count, &base, small),
            });
        }
        if let Some(&top) = order.first() {
            let item = &analysis.items[top];
            if let Some(comparison) = &item.agree_comparison {
                let shares: Vec<Option<(Cell, f64)>> = item
                    .groups
                    .iter()
                    .map(|g| {
                        let l = g.likert.as_ref().filter(|_| !hidden(g.group))?;
                        Some((
                            Cell {
                                n: l.base_n,
                                w: l.base,
                                w2: 0.0,
                            },
                            l.agree.count,
                        ))
                    })
                    .collect();
                // Over all groups (hidden ones too), from the crosstab's row totals.
                let whole = item.crosstab.as_ref().zip(question).map(|(x, q)| {
                    let scale: Vec<usize> = q.substantive().collect();
                    let agree = super::likert::agree_categories(q);
                    let (mut base, mut part) = (Cell::default(), 0.0);
                    for (r, total) in x.totals.iter().enumerate() {
                        if analysis.options.likert_base == LikertBase::AllAnswers
                            || scale.contains(&r)
                        {
                            base.n += total.count_n;
                            base.w += total.count;
                        }
                        if agree.contains(&r) {
                            part += total.count;
                        }
                    }
                    (base, part)
                });
                let subject = if item.label.nl.is_empty() {
                    analysis.text.clone()
                } else {
                    item.label.clone()
                };
                if let Some(fact) = group_difference(
                    whole,
                    &shares,
                    &comparison.versus_rest,
                    small,
                    group_label,
                    breakdown_text.clone(),
                    subject,
                    true,
                ) {
                    facts.push(fact);
                }
            }
        }
    } else if let Some(multi) = &analysis.multi_select {
        let base = Cell {
            n: multi.overall.base_n,
            w: multi.overall.base,
            w2: 0.0,
        };
        if let Some(top) = multi
            .overall
            .options
            .iter()
            .filter(|o| !o.exclusive && !o.suppressed)
            .max_by(|a, b| a.percent.total_cmp(&b.percent).then(b.item.cmp(&a.item)))
        {
            facts.push(Fact::Largest {
                index: top.item,
                label: top.label.clone(),
                figure: Figure::of(top.count, &base, small),
                multi_select: true,
            });
            if let Some(table) = analysis.items[top.item].crosstab.as_ref() {
                let shares: Vec<Option<(Cell, f64)>> = multi
                    .groups
                    .iter()
                    .enumerate()
                    .map(|(g, r)| {
                        (!hidden(g)).then(|| {
                            (
                                Cell {
                                    n: r.base_n,
                                    w: r.base,
                                    w2: 0.0,
                                },
                                r.option(top.item).map_or(0.0, |o| o.count),
                            )
                        })
                    })
                    .collect();
                let markers: Vec<Option<Direction>> =
                    table.cells[1].iter().map(|c| c.versus_rest).collect();
                if let Some(fact) = group_difference(
                    whole_of(table, 1),
                    &shares,
                    &markers,
                    small,
                    group_label,
                    breakdown_text.clone(),
                    top.label.clone(),
                    false,
                ) {
                    facts.push(fact);
                }
            }
        }
    } else if let Some(item) = analysis.items.first() {
        let overall = &item.overall;
        let base = Cell {
            n: overall.base_n,
            w: overall.base,
            w2: 0.0,
        };
        if let Some(top) = overall
            .categories
            .iter()
            .filter(|c| !c.non_substantive && !c.suppressed)
            .max_by(|a, b| a.count.total_cmp(&b.count).then(b.index.cmp(&a.index)))
        {
            facts.push(Fact::Largest {
                index: top.index,
                label: top.label.clone(),
                figure: Figure::of(top.count, &base, small),
                multi_select: false,
            });
            if let Some(table) = &item.crosstab {
                let shares: Vec<Option<(Cell, f64)>> = item
                    .groups
                    .iter()
                    .map(|g| {
                        let f = &g.frequencies;
                        (!hidden(g.group)).then(|| {
                            (
                                Cell {
                                    n: f.base_n,
                                    w: f.base,
                                    w2: 0.0,
                                },
                                f.category(top.index).map_or(0.0, |c| c.count),
                            )
                        })
                    })
                    .collect();
                let markers: Vec<Option<Direction>> = table.cells[top.index]
                    .iter()
                    .map(|c| c.versus_rest)
                    .collect();
                if let Some(fact) = group_difference(
                    whole_of(table, top.index),
                    &shares,
                    &markers,
                    small,
                    group_label,
                    breakdown_text,
                    top.label.clone(),
                    false,
                ) {
                    facts.push(fact);
                }
            }
        }
    }
    KeyFigures {
        question: analysis.question.clone(),
        text: analysis.text.clone(),
        kind: analysis.kind,
        facts,
    }
}

/// Row `row` of a crosstab over all its groups (hidden ones too): the table's base and the
/// row's total.
fn whole_of(table: &super::crosstab::Crosstab, row: usize) -> Option<(Cell, f64)> {
    let part = table.totals.get(row)?.count;
    Some((
        Cell {
            n: table.base_n,
            w: table.base,
            w2: 0.0,
        },
        part,
    ))
}

/// The group (shown, not of small base) whose share differs most from all other groups
/// together. `whole` is the base and weighted count of the share over all groups; `shares[g]`
/// the group's, `None` for a group hidden for publication (the rest then includes it: the
/// total minus a shown group reveals no hidden one).
#[allow(clippy::too_many_arguments)]
fn group_difference(
    whole: Option<(Cell, f64)>,
    shares: &[Option<(Cell, f64)>],
    markers: &[Option<Direction>],
    small_base: u64,
    label: impl Fn(usize) -> Text,
    breakdown: Text,
    subject: Text,
    agreement: bool,
) -> Option<Fact> {
    let (total_base, total_part) = whole?;
    let mut best: Option<(usize, f64, Figure, Figure)> = None;
    for (g, (base, part)) in shares
        .iter()
        .enumerate()
        .filter_map(|(g, s)| s.as_ref().map(|s| (g, s)))
    {
        if base.n < small_base || base.n == total_base.n {
            continue;
        }
        let rest = Cell {
            n: total_base.n - base.n,
            w: total_base.w - base.w,
            w2: 0.0,
        };
        let group_figure = Figure::of(*part, base, small_base);
        let rest_figure = Figure::of(total_part - part, &rest, small_base);
        let difference = (group_figure.percent - rest_figure.percent).abs();
        if best.as_ref().is_none_or(|b| difference > b.1) {
            best = Some((g, difference, group_figure, rest_figure));
        }
    }
    let (g, difference, group_figure, rest_figure) = best?;
    if difference == 0.0 {
        return None;
    }
    let direction = if group_figure.percent > rest_figure.percent {
        Direction::Higher
    } else {
        Direction::Lower
    };
    Some(Fact::GroupDifference {
        breakdown,
        group: label(g),
        subject,
        agreement,
        group_figure,
        rest_figure,
        direction,
        significant: markers.get(g).copied().flatten() == Some(direction),
    })
}
