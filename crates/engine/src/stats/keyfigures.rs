//! The data behind a question's key sentences: the share that agrees, the items or answers
//! with the largest and smallest shares (ties kept together), and — when broken down — the
//! groups that differ most from the other groups together, significant ones first.
//!
//! What stays true: every fact carries its base; a figure is printed as the chart shows it
//! (a net or an option share rounded half up, a profile share by largest remainder), and two
//! items tie when those printed figures are equal; no fact uses a figure that disclosure
//! control hides, nor a group or rest with a small base (unstable); a difference is
//! "significant" only when the Bonferroni-corrected group-versus-rest test says so. Wording
//! lives in [`super::sentences`]; this module only picks and computes.

use super::analysis::{Analysis, ItemAnalysis};
use super::crosstab::Crosstab;
use super::likert::LikertBase;
use super::scale_ends::ScaleEnds;
use super::significance::Direction;
use super::Cell;
use crate::codebook::{Question, QuestionKind, Text};
use crate::rounding::percent_half_up;
use crate::survey::Survey;
use serde::{Deserialize, Serialize};

/// At most this many group differences are stated per question.
pub const MAX_DIFFERENCES: usize = 2;

/// A share with its base, exact and as the whole percentage a sentence prints.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Figure {
    /// Percent (0–100), exact.
    pub percent: f64,
    /// The whole percentage the chart shows.
    pub display: u32,
    /// Weighted base.
    pub base: f64,
    pub base_n: u64,
    pub small_base: bool,
}

impl Figure {
    /// `part` of `base`, printed rounded half up.
    fn of(part: f64, base: &Cell, small_base: u64) -> Figure {
        Figure::shown_as(part, base, small_base, percent_half_up(part, base.w))
    }

    /// `part` of `base`, printed as `display` (the chart's own whole percentage).
    fn shown_as(part: f64, base: &Cell, small_base: u64, display: u32) -> Figure {
        Figure {
            percent: if base.w > 0.0 {
                part / base.w * 100.0
            } else {
                0.0
            },
            display,
            base: base.w,
            base_n: base.n,
            small_base: base.n < small_base,
        }
    }
}

/// What a share is a share of.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// (Strongly) agree with a Likert item.
    Agree,
    /// Answered at the positive end of a scale that is not one of agreement (the top two
    /// points, named by [`KeyFigures::scale_ends`]: "(zeer) tevreden", "5–6").
    Top,
    /// Chose a multi-select option.
    Chosen,
    /// Chose a multi-select option, as a share of every respondent
    /// ([`crate::codebook::Question::base_all`]).
    ChosenOfAll,
    /// Gave an answer (a category of a single-choice question).
    Answered,
}

/// One fact worth a sentence.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// The share that (strongly) agrees with a single statement.
    Agreement {
        item: usize,
        statement: Text,
        agree: Figure,
        disagree: Figure,
    },
    /// The items (or answers) with the largest share, and with the smallest: several when
    /// their printed figures tie.
    Ranking {
        measure: Measure,
        /// How many items or answers were ranked.
        count: usize,
        top: Vec<Text>,
        top_figure: Figure,
        /// Empty when every item ties with the top.
        bottom: Vec<Text>,
        bottom_figure: Option<Figure>,
    },
    /// A breakdown group whose share differs from the other groups together.
    GroupDifference {
        /// The breakdown question's text.
        breakdown: Text,
        group: Text,
        /// With two groups, the other group: the rest is one group, said by its name (and
        /// only the first group's differences are facts, not each one twice).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rest: Option<Text>,
        /// What the share is of: the item, the answer or the option.
        subject: Text,
        measure: Measure,
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
    /// The ends of the question's scale, for facts of [`Measure::Top`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_ends: Option<ScaleEnds>,
}

/// A share of one item over all groups and per group, to rank and compare.
struct Shares {
    subject: Text,
    /// Over everyone in the chart; `None` when hidden.
    overall: Option<(Cell, f64, u32)>,
    /// Over all groups together (hidden ones too), from the crosstab: the rest's source.
    whole: Option<(Cell, f64)>,
    /// Per group: base, part and printed figure; `None` when hidden.
    groups: Vec<Option<(Cell, f64, u32)>>,
    /// Per group, the group-versus-rest test.
    markers: Vec<Option<Direction>>,
}

/// The key figures of `analysis` (which `survey` produced; it names the breakdown).
pub fn key_figures(survey: &Survey, analysis: &Analysis) -> KeyFigures {
    let small = analysis.options.small_base;
    let mut facts = Vec::new();
    let question = survey.codebook.question(&analysis.question);
    let (measure, shares) = match question {
        Some(q) if !analysis.withheld => shares_of(q, analysis),
        _ => (Measure::Answered, Vec::new()),
    };
    let single_statement = measure == Measure::Agree && shares.len() == 1;
    if single_statement {
        let item = &analysis.items[0];
        if let (Some(likert), Some((base, part, _))) = (&item.likert, shares[0].overall) {
            facts.push(Fact::Agreement {
                item: 0,
                statement: shares[0].subject.clone(),
                agree: Figure::of(part, &base, small),
                disagree: Figure::of(likert.disagree.count, &base, small),
            });
        }
    } else if let Some(fact) = ranking(&shares, measure, small) {
        facts.push(fact);
    }

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
    let two_groups = analysis.groups.len() == 2;
    let mut differences: Vec<(f64, Fact)> = Vec::new();
    for share in &shares {
        let found = group_differences(share, small).into_iter();
        differences.extend(found.filter(|d| !two_groups || d.0 == 0).map(
            |(g, diff, group_figure, rest_figure, direction, significant)| {
                (
                    diff,
                    Fact::GroupDifference {
                        breakdown: breakdown_text.clone(),
                        group: group_label(g),
                        rest: two_groups.then(|| group_label(1 - g)),
                        subject: share.subject.clone(),
                        measure,
                        group_figure,
                        rest_figure,
                        direction,
                        significant,
                    },
                )
            },
        ));
    }
    let significant = |f: &Fact| {
        matches!(
            f,
            Fact::GroupDifference {
                significant: true,
                ..
            }
        )
    };
    crate::sort::stable_by(&mut differences, |a, b| {
        significant(&b.1)
            .cmp(&significant(&a.1))
            .then(b.0.total_cmp(&a.0))
    });
    let any_significant = differences.first().is_some_and(|(_, f)| significant(f));
    let keep = if any_significant { MAX_DIFFERENCES } else { 1 };
    facts.extend(
        differences
            .into_iter()
            .filter(|(_, f)| significant(f) || !any_significant)
            .take(keep)
            .map(|(_, f)| f),
    );
    KeyFigures {
        question: analysis.question.clone(),
        text: analysis.text.clone(),
        kind: analysis.kind,
        facts,
        scale_ends: (measure == Measure::Top)
            .then(|| question.map(ScaleEnds::of_question))
            .flatten(),
    }
}

/// The shares a question's sentences are about: the "agree" share of each Likert item, the
/// "chosen" share of each multi-select option (exclusive answers aside), or the share of each
/// substantive answer of a single-choice question.
fn shares_of(question: &Question, analysis: &Analysis) -> (Measure, Vec<Shares>) {
    let hidden = |g: usize| analysis.groups.get(g).is_some_and(|x| x.hidden.is_some());
    let cell = |n: u64, w: f64| Cell { n, w, w2: 0.0 };
    // A single item said in terms of agreement only when its answers speak of agreement: a
    // bare 1–6 item gets its most given answer instead of "(zeer) eens".
    let agreement = ScaleEnds::of_question(question).agreement;
    if analysis.kind.is_scale() && (analysis.items.len() > 1 || agreement) {
        let scale: Vec<usize> = question.substantive().collect();
        let agree = super::likert::agree_categories(question);
        let shares = analysis
            .items
            .iter()
            .filter_map(|item| {
                let likert = item.likert.as_ref()?;
                let whole = item.crosstab.as_ref().map(|x| {
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
                let figure = |l: &super::likert::LikertResult| {
                    (!l.hidden()).then(|| {
                        (
                            cell(l.base_n, l.base),
                            l.agree.count,
                            percent_half_up(l.agree.count, l.base),
                        )
                    })
                };
                Some(Shares {
                    subject: subject(analysis, item),
                    overall: figure(likert),
                    whole,
                    groups: item
                        .groups
                        .iter()
                        .map(|g| {
                            g.likert
                                .as_ref()
                                .and_then(figure)
                                .filter(|_| !hidden(g.group))
                        })
                        .collect(),
                    markers: item
                        .agree_comparison
                        .as_ref()
                        .map(|c| c.versus_rest.clone())
                        .unwrap_or_default(),
                })
            })
            .collect();
        // A grid on another scale is said in the scale's own words ("(zeer) tevreden").
        let measure = if agreement {
            Measure::Agree
        } else {
            Measure::Top
        };
        return (measure, shares);
    }
    if let Some(multi) = &analysis.multi_select {
        let shares = multi
            .overall
            .options
            .iter()
            .filter(|o| !o.exclusive)
            .map(|o| {
                let crosstab = analysis.items.get(o.item).and_then(|i| i.crosstab.as_ref());
                Shares {
                    subject: o.label.clone(),
                    overall: (!o.suppressed).then(|| {
                        (
                            cell(multi.overall.base_n, multi.overall.base),
                            o.count,
                            o.display,
                        )
                    }),
                    whole: crosstab.and_then(|x| whole_of(x, 1)),
                    groups: multi
                        .groups
                        .iter()
                        .enumerate()
                        .map(|(g, r)| {
                            let share = r.option(o.item).filter(|s| !s.suppressed && !hidden(g))?;
                            Some((cell(r.base_n, r.base), share.count, share.display))
                        })
                        .collect(),
                    markers: crosstab
                        .and_then(|x| x.cells.get(1))
                        .map(|row| row.iter().map(|c| c.versus_rest).collect())
                        .unwrap_or_default(),
                }
            })
            .collect();
        let measure = if question.base_all.is_some() {
            Measure::ChosenOfAll
        } else {
            Measure::Chosen
        };
        return (measure, shares);
    }
    let Some(item) = analysis.items.first() else {
        return (Measure::Answered, Vec::new());
    };
    let shares = item
        .overall
        .categories
        .iter()
        .filter(|c| !c.non_substantive)
        .map(|c| {
            let base = cell(item.overall.base_n, item.overall.base);
            Shares {
                subject: c.label.clone(),
                overall: (!c.suppressed).then_some((base, c.count, c.display)),
                whole: item.crosstab.as_ref().and_then(|x| whole_of(x, c.index)),
                groups: item
                    .groups
                    .iter()
                    .map(|g| {
                        let f = &g.frequencies;
                        let gc = f
                            .category(c.index)
                            .filter(|gc| !gc.suppressed && !hidden(g.group))?;
                        Some((cell(f.base_n, f.base), gc.count, gc.display))
                    })
                    .collect(),
                markers: item
                    .crosstab
                    .as_ref()
                    .and_then(|x| x.cells.get(c.index))
                    .map(|row| row.iter().map(|cell| cell.versus_rest).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    (Measure::Answered, shares)
}

/// The item's own label, or the question's text for a question of one item.
fn subject(analysis: &Analysis, item: &ItemAnalysis) -> Text {
    if item.label.nl.is_empty() {
        analysis.text.clone()
    } else {
        item.label.clone()
    }
}

/// Row `row` of a crosstab over all its groups (hidden ones too): the table's base and the
/// row's total.
fn whole_of(table: &Crosstab, row: usize) -> Option<(Cell, f64)> {
    let part = table.totals.get(row)?.count;
    let base = Cell {
        n: table.base_n,
        w: table.base,
        w2: 0.0,
    };
    Some((base, part))
}

/// The items with the largest and the smallest printed share (ties kept together).
fn ranking(shares: &[Shares], measure: Measure, small: u64) -> Option<Fact> {
    let shown: Vec<(&Text, &(Cell, f64, u32))> = shares
        .iter()
        .filter_map(|s| s.overall.as_ref().map(|o| (&s.subject, o)))
        .collect();
    let high = shown.iter().map(|(_, o)| o.2).max()?;
    let low = shown.iter().map(|(_, o)| o.2).min()?;
    let with = |p: u32| -> Vec<Text> {
        shown
            .iter()
            .filter(|(_, o)| o.2 == p)
            .map(|(t, _)| (*t).clone())
            .collect()
    };
    let figure = |p: u32| {
        let (_, (base, part, display)) = shown.iter().find(|(_, o)| o.2 == p)?;
        Some(Figure::shown_as(*part, base, small, *display))
    };
    let (bottom, bottom_figure) = if high == low || shown.len() < 2 {
        (Vec::new(), None)
    } else {
        (with(low), figure(low))
    };
    Some(Fact::Ranking {
        measure,
        count: shown.len(),
        top: with(high),
        top_figure: figure(high)?,
        bottom,
        bottom_figure,
    })
}

/// Each shown group (not of small base) against the other groups together: (group, absolute
/// difference, group figure, rest figure, direction, significant). Groups whose printed
/// figures equal the rest's are left out.
fn group_differences(
    share: &Shares,
    small: u64,
) -> Vec<(usize, f64, Figure, Figure, Direction, bool)> {
    let Some((whole_base, whole_part)) = share.whole else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (g, figures) in share.groups.iter().enumerate() {
        let Some((base, part, display)) = figures else {
            continue;
        };
        if base.n < small || base.n >= whole_base.n {
            continue;
        }
        let rest = Cell {
            n: whole_base.n - base.n,
            w: whole_base.w - base.w,
            w2: 0.0,
        };
        if rest.n < small {
            continue;
        }
        let group_figure = Figure::shown_as(*part, base, small, *display);
        let rest_figure = Figure::of(whole_part - part, &rest, small);
        if group_figure.display == rest_figure.display {
            continue;
        }
        let direction = if group_figure.percent > rest_figure.percent {
            Direction::Higher
        } else {
            Direction::Lower
        };
        let significant = share.markers.get(g).copied().flatten() == Some(direction);
        let difference = (group_figure.percent - rest_figure.percent).abs();
        out.push((
            g,
            difference,
            group_figure,
            rest_figure,
            direction,
            significant,
        ));
    }
    out
}
