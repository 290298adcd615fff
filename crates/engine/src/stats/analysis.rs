//! One entry point per chart: [`analyse`] a question, every item of it, overall and per group
//! of a breakdown, filtered and weighted, with the tests between groups.
//!
//! What stays true: the filter is applied first (by zeroing weights), so every base in an
//! [`Analysis`] is a base within the filter; the per-group figures and the crosstab come from
//! one count, so they agree to the last digit; nothing here formats or rounds for display
//! except the `display` percentages that the result types carry.

use super::crosstab::{groups, is_weighted, Crosstab, Group};
use super::filter::Filter;
use super::frequencies::Frequencies;
use super::likert::{LikertBase, LikertResult};
use super::multiselect::{MultiSelectResult, OptionOrder};
use super::significance::{column_letters, versus_rest, Direction};
use super::{Cell, Table, Tally, WeightShape};
use crate::codebook::{Question, QuestionKind, Text};
use crate::survey::{ResolveError, Survey, Variable};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How results are based, flagged and ordered.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Options {
    /// Bases (unweighted) below this are flagged "small base: interpret with care".
    #[serde(default = "default_small_base")]
    pub small_base: u64,
    /// Publishing: the disclosure threshold. A group, filtered report or item base with at
    /// least one but fewer respondents than this is not shown, with complementary
    /// suppression (see [`super::disclosure`]); `None` shows everything (the analyst's view).
    #[serde(default)]
    pub disclosure: Option<u64>,
    /// What Likert percentages are percentages of.
    #[serde(default)]
    pub likert_base: LikertBase,
    /// The order of multi-select options.
    #[serde(default)]
    pub option_order: OptionOrder,
}

fn default_small_base() -> u64 {
    30
}

impl Default for Options {
    fn default() -> Self {
        Options {
            small_base: default_small_base(),
            disclosure: None,
            likert_base: LikertBase::default(),
            option_order: OptionOrder::default(),
        }
    }
}

/// What to analyse.
#[derive(Clone, Debug, Default)]
pub struct Request<'w> {
    /// The question's id.
    pub question: String,
    /// The id of a categorical question to break down by.
    pub breakdown: Option<String>,
    pub filter: Filter,
    /// One weight per respondent; `None` is unweighted.
    pub weights: Option<&'w [f64]>,
    /// The weights before the view's filter, when `weights` already has it applied (zero
    /// outside it): disclosure control compares the two, so that the unfiltered figures minus
    /// the filtered ones show no group of too few. With `filter` set here it is not needed.
    pub unfiltered: Option<&'w [f64]>,
    /// With `unfiltered`, when the view's filter has several questions: per respondent, which
    /// of them it passes (`Filter::cells`) and how many there are, so that disclosure control
    /// also checks the views with some of the filters left off. `None`: one filter, in or out.
    pub cells: Option<(&'w [u16], usize)>,
    /// `WeightShape::of(weights)`, when the caller analyses many questions with the same
    /// weights and has found it once (a pass over every respondent saved per question);
    /// `None`: found here.
    pub weight_shape: Option<WeightShape>,
    /// What disclosure control counts of the filter's cells ([`disclosure_counts`] of this
    /// request), when the caller analyses many questions with the same weights, filter and
    /// breakdown and has counted them once (a pass over every respondent saved per question);
    /// `None`: counted here.
    pub disclosure_counts: Option<&'w DisclosureCounts>,
    /// The rows whose weight is 1, when every weight is 0 or 1 (a filter on unweighted data)
    /// and the caller analyses many questions with them: each is counted by visiting only
    /// these rows, not every respondent. `None`: every row is visited.
    pub kept_rows: Option<&'w [u32]>,
    pub options: Options,
}

/// The respondents in each cell of a view's filter and, broken down, each group's in every cell
/// but the view's own (see [`filter_cells`]): what disclosure control compares a filtered view
/// with.
#[derive(Clone, Debug, PartialEq)]
pub struct DisclosureCounts {
    totals: Vec<u64>,
    outside: Option<Vec<Vec<u64>>>,
}

impl Request<'_> {
    /// The unweighted, unfiltered analysis of `question`.
    pub fn new(question: &str) -> Self {
        Request {
            question: question.into(),
            ..Request::default()
        }
    }

    /// Breaks down by `breakdown` (builder style).
    pub fn by(mut self, breakdown: &str) -> Self {
        self.breakdown = Some(breakdown.into());
        self
    }
}

/// A comparison of one share (e.g. "agree") between the groups of a breakdown.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Per group, the letters of the groups with a significantly lower share.
    pub letters: Vec<String>,
    /// Per group, significantly higher or lower than the other groups together.
    pub versus_rest: Vec<Option<Direction>>,
}

impl Comparison {
    /// Takes out the groups `hidden` marks, and their letters from every other group.
    pub fn hide_groups(&mut self, hidden: &[Option<super::disclosure::Hidden>]) {
        let gone: Vec<String> = (0..self.letters.len())
            .filter(|&g| hidden.get(g).copied().flatten().is_some())
            .map(super::significance::letter)
            .collect();
        for (g, (letters, marker)) in self
            .letters
            .iter_mut()
            .zip(&mut self.versus_rest)
            .enumerate()
        {
            if hidden.get(g).copied().flatten().is_some() {
                letters.clear();
                *marker = None;
            } else {
                letters.retain(|l| !gone.iter().any(|x| x.contains(l)));
            }
        }
    }
}

/// One group's figures of one item.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct GroupResult {
    /// Index into [`Analysis::groups`].
    pub group: usize,
    pub frequencies: Frequencies,
    pub likert: Option<LikertResult>,
}

/// Everything about one item (a grid statement, a multi-select option, or the only item).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ItemAnalysis {
    pub item: usize,
    pub id: String,
    pub label: Text,
    pub overall: Frequencies,
    /// Likert and grid questions.
    pub likert: Option<LikertResult>,
    /// Per breakdown group, in the order of [`Analysis::groups`].
    pub groups: Vec<GroupResult>,
    /// The item by the breakdown, with its tests.
    pub crosstab: Option<Crosstab>,
    /// Likert: the "agree" share compared between groups (on the Likert base).
    pub agree_comparison: Option<Comparison>,
}

/// A multi-select question's shares, overall and per group.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MultiSelectAnalysis {
    pub overall: MultiSelectResult,
    pub groups: Vec<MultiSelectResult>,
}

/// The analysis of one question.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Analysis {
    pub question: String,
    pub kind: QuestionKind,
    pub text: Text,
    /// Whether the weights differ from 1.
    pub weighted: bool,
    /// Respondents in the filter (weighted and unweighted), answered or not.
    pub respondents: f64,
    pub respondents_n: u64,
    pub filter: Filter,
    pub options: Options,
    /// The breakdown question's id.
    pub breakdown: Option<String>,
    /// The breakdown's groups with their bases over the question's first item (for a
    /// multi-select: over the respondents who answered it).
    pub groups: Vec<Group>,
    pub items: Vec<ItemAnalysis>,
    pub multi_select: Option<MultiSelectAnalysis>,
    /// Publishing: the filter keeps or leaves out too few respondents, so no figure is shown
    /// (see [`super::disclosure::filter_allowed`]).
    #[serde(default)]
    pub withheld: bool,
}

/// Analyses `request.question` on `survey`.
///
/// ```
/// use peiling_engine::codebook::{Category, Codebook, Item, Question, QuestionKind, Text};
/// use peiling_engine::dataset::{ColumnBuilder, Dataset};
/// use peiling_engine::stats::{analyse, Filter, Request};
/// use peiling_engine::Survey;
///
/// let mut answer = ColumnBuilder::new("q");
/// let mut employer = ColumnBuilder::new("werkgever");
/// for (a, e) in [("Eens", "Rijk"), ("Oneens", "Rijk"), ("Eens", "Gemeente"), ("", "Gemeente")] {
///     answer.push(a);
///     employer.push(e);
/// }
/// let category = |v: &str| Category {
///     value: v.into(), label: Text::new(v), non_substantive: false, missing: false, aliases: vec![],
/// };
/// let question = |id: &str, cats: &[&str]| Question {
///     id: id.into(), text: Text::new(id), kind: QuestionKind::SingleChoice, section: None,
///     items: vec![Item { id: id.into(), column: id.into(), label: Text::default(), note: None,
///                        value: None, exclusive: false, other: false }],
///     categories: cats.iter().map(|c| category(c)).collect(),
///     chosen: vec![], delimiter: None, bins: vec![], breakdown: true, base_of: vec![], asked_of: None, base_all: None,
/// };
/// let survey = Survey::new(
///     Dataset::from_builders(vec![answer, employer]),
///     Codebook::new(vec![question("q", &["Eens", "Oneens"]), question("werkgever", &["Gemeente", "Rijk"])]),
/// );
///
/// let analysis = analyse(&survey, &Request::new("q").by("werkgever")).unwrap();
/// let overall = &analysis.items[0].overall;
/// assert_eq!((overall.base, overall.missing), (3.0, 1.0));
/// assert!((overall.categories[0].percent - 200.0 / 3.0).abs() < 1e-12);
/// assert_eq!(analysis.groups[1].base_n, 2); // Rijk
///
/// // Only Rijk: the filter is reflected in every base.
/// let request = Request { filter: Filter::none().with("werkgever", 0, &[1]), ..Request::new("q") };
/// assert_eq!(analyse(&survey, &request).unwrap().items[0].overall.base, 2.0);
/// ```
pub fn analyse(survey: &Survey, request: &Request) -> Result<Analysis, ResolveError> {
    let question = survey.question(&request.question)?;
    let rows = survey.rows();
    // The caller's shape holds only for its weights as they are: no filter, one per row.
    let known_shape = request
        .weight_shape
        .filter(|_| request.filter.is_empty() && request.weights.is_none_or(|w| w.len() == rows));
    let (weights, before_filter) = filtered(survey, request)?;
    let before_filter = before_filter.as_deref();
    let options = &request.options;
    debug_assert!(known_shape.is_none_or(|s| s == WeightShape::of(&weights)));
    let shape = known_shape.unwrap_or_else(|| WeightShape::of(&weights));
    // Unweighted (weights 0 or 1), the respondents in the filter are those the first item's
    // tally counts (every respondent is in it, answer or not): no pass of their own.
    let mut in_filter = (shape == WeightShape::Any).then(|| {
        let mut cell = Cell::default();
        weights
            .iter()
            .filter(|&&w| super::counts(w))
            .for_each(|&w| cell.add(w));
        cell
    });
    // The caller's list of the rows in the filter holds only for its weights as they are.
    let kept = request
        .kept_rows
        .filter(|_| request.filter.is_empty() && shape != WeightShape::Any);

    let breakdown = breakdown_of(survey, request)?;
    // Counted with the first item's crosstab (the same pass, for unweighted data).
    let mut breakdown_tally: Option<Tally> = None;

    let is_multi = question.kind == QuestionKind::MultiSelect;
    let variables = if is_multi {
        survey.options(&question.id)?
    } else {
        (0..question.items.len())
            .map(|i| survey.variable(&question.id, i))
            .collect::<Result<Vec<_>, _>>()?
    };

    let mut items = Vec::with_capacity(variables.len());
    let mut tallies = Vec::with_capacity(variables.len());
    let mut tables = Vec::with_capacity(variables.len());
    for (index, variable) in variables.iter().enumerate() {
        let (tally, table) = match (&breakdown, kept) {
            (Some((_, b)), Some(kept)) => {
                let (table, tally, by) = Table::count_kept_with_margins(variable, b, kept);
                breakdown_tally.get_or_insert(by);
                (tally, Some(table))
            }
            (Some((_, b)), None) => {
                let (table, tally, by) =
                    Table::count_with_margins(variable, b, &weights, 0..rows, shape);
                breakdown_tally.get_or_insert(by);
                (tally, Some(table))
            }
            (None, Some(kept)) => (Tally::count_kept(variable, kept), None),
            (None, None) => (
                Tally::count_shaped(variable, &weights, 0..rows, shape),
                None,
            ),
        };
        in_filter.get_or_insert_with(|| {
            let mut all = tally.valid();
            all.merge(&tally.missing);
            all
        });
        let item = &question.items[index];
        let likert = question
            .kind
            .is_scale()
            .then(|| LikertResult::from_tally(question, index, &tally, options));
        let mut group_results = Vec::new();
        let mut crosstab = None;
        let mut agree_comparison = None;
        if let (Some((b, _)), Some(table), Some(b_tally)) = (&breakdown, &table, &breakdown_tally) {
            for g in 0..table.columns {
                let group_tally = column_tally(table, g, &b_tally.categories[g]);
                group_results.push(GroupResult {
                    group: g,
                    frequencies: Frequencies::from_tally(question, index, &group_tally, options),
                    likert: question
                        .kind
                        .is_scale()
                        .then(|| LikertResult::from_tally(question, index, &group_tally, options)),
                });
            }
            if question.kind.is_scale() {
                agree_comparison = Some(agree_comparison_of(question, table, options));
            }
            crosstab = Some(Crosstab::from_table(question, index, b, table, options));
        }
        items.push(ItemAnalysis {
            item: index,
            id: item.id.clone(),
            label: item.label.clone(),
            overall: Frequencies::from_tally(question, index, &tally, options),
            likert,
            groups: group_results,
            crosstab,
            agree_comparison,
        });
        tallies.push(tally);
        tables.push(table);
    }

    let groups = match (&breakdown, tables.first()) {
        (Some((b, _)), Some(Some(table))) => groups(b, table, options),
        _ => Vec::new(),
    };
    let multi_select = is_multi.then(|| {
        let overall = MultiSelectResult::from_tallies(question, &tallies, options);
        let per_group = match (&breakdown, &breakdown_tally) {
            (Some(_), Some(b_tally)) => (0..b_tally.categories.len())
                .map(|g| {
                    let group_tallies: Vec<Tally> = tables
                        .iter()
                        .flatten()
                        .map(|t| column_tally(t, g, &b_tally.categories[g]))
                        .collect();
                    MultiSelectResult::from_tallies(question, &group_tallies, options)
                })
                .collect(),
            _ => Vec::new(),
        };
        MultiSelectAnalysis {
            overall,
            groups: per_group,
        }
    });

    // A question without items counts nobody's answers: its respondents are counted here.
    let in_filter = in_filter
        .unwrap_or_else(|| Cell::units(weights.iter().filter(|&&w| w == 1.0).count() as u64));
    let mut analysis = Analysis {
        question: question.id.clone(),
        kind: question.kind,
        text: question.text.clone(),
        weighted: is_weighted(&in_filter),
        respondents: in_filter.w,
        respondents_n: in_filter.n,
        filter: request.filter.clone(),
        options: options.clone(),
        breakdown: breakdown.as_ref().map(|(b, _)| b.id.clone()),
        groups,
        items,
        multi_select,
        withheld: false,
    };
    if let Some(threshold) = options.disclosure {
        let counted;
        let counts = match request.disclosure_counts {
            Some(counts) => Some(counts),
            None => {
                counted = counts_of_cells(survey, request, &weights, before_filter, &breakdown)?;
                counted.as_ref()
            }
        };
        let (totals, outside) = match counts {
            Some(c) => (Some(c.totals.clone()), c.outside.as_deref()),
            None => (None, None),
        };
        // The view's own cell: the respondents counted here.
        let totals = totals.map(|mut t| {
            if let Some(last) = t.last_mut() {
                *last = analysis.respondents_n;
            }
            t
        });
        super::disclosure::apply(&mut analysis, threshold, totals.as_deref(), outside);
    }
    Ok(analysis)
}

/// What [`analyse`] counts of `request`'s filter cells for disclosure control (`None` when
/// nothing was filtered and nothing is compared): the same for every question analysed with the
/// request's weights, filter and breakdown, so a caller analysing many can count it once and
/// pass it in [`Request::disclosure_counts`].
pub fn disclosure_counts(
    survey: &Survey,
    request: &Request,
) -> Result<Option<DisclosureCounts>, ResolveError> {
    let (filtered, before_filter) = filtered(survey, request)?;
    let breakdown = breakdown_of(survey, request)?;
    counts_of_cells(
        survey,
        request,
        &filtered,
        before_filter.as_deref(),
        &breakdown,
    )
}

/// The request's weights (or ones) with its filter applied, one per respondent (zero for
/// those without a weight), and what disclosure control compares the filtered figures with:
/// the weights before the filter.
#[allow(clippy::type_complexity)]
fn filtered<'a>(
    survey: &Survey,
    request: &Request<'a>,
) -> Result<(Cow<'a, [f64]>, Option<Cow<'a, [f64]>>), ResolveError> {
    let rows = survey.rows();
    let weights = match request.weights {
        Some(w) => Cow::Borrowed(&w[..rows.min(w.len())]),
        None => Cow::Owned(vec![1.0; rows]),
    };
    let (filtered, before_filter) = if request.filter.is_empty() {
        (weights, request.unfiltered.map(Cow::Borrowed))
    } else {
        let filtered = request.filter.apply(survey, &weights)?.into_owned();
        (Cow::Owned(filtered), Some(weights))
    };
    let filtered = if filtered.len() < rows {
        // Respondents without a weight do not count.
        let mut w = filtered.into_owned();
        w.resize(rows, 0.0);
        Cow::Owned(w)
    } else {
        filtered
    };
    Ok((filtered, before_filter))
}

/// The request's breakdown question and its variable, if it has one.
fn breakdown_of<'s>(
    survey: &'s Survey,
    request: &Request,
) -> Result<Option<(&'s Question, Variable<'s>)>, ResolveError> {
    match &request.breakdown {
        Some(id) => Ok(Some((survey.question(id)?, survey.variable(id, 0)?))),
        None => Ok(None),
    }
}

/// [`disclosure_counts`] with the request's weights filtered (`weights`) and its breakdown
/// resolved.
fn counts_of_cells(
    survey: &Survey,
    request: &Request,
    weights: &[f64],
    before_filter: Option<&[f64]>,
    breakdown: &Option<(&Question, Variable<'_>)>,
) -> Result<Option<DisclosureCounts>, ResolveError> {
    let rows = survey.rows();
    let Some(before) = before_filter.map(|w| &w[..rows.min(w.len())]) else {
        return Ok(None);
    };
    // Which filter questions each respondent passes (see `disclosure::hidden_in_cells`): the
    // caller's cells, the request filter's, or in the filter or not.
    let own;
    let (cells, questions) = match request.cells {
        Some(cells) => cells,
        None => {
            own = if request.filter.is_empty() {
                let inside = weights.iter().map(|&w| u16::from(super::counts(w)));
                (inside.collect(), 1)
            } else {
                request.filter.cells(survey)?
            };
            (&own.0[..], own.1)
        }
    };
    let (totals, outside) = filter_cells(before, cells, questions, breakdown);
    Ok(Some(DisclosureCounts { totals, outside }))
}

/// The respondents (counted where `before` counts) in each cell of a filter — `cells[row]`, the
/// bits of the `questions` filter questions passed — and, broken down, each group's in every
/// cell but the last (the view itself). More questions than disclosure control combines give
/// more cells than it allows, which withholds the view.
pub(crate) fn filter_cells(
    before: &[f64],
    cells: &[u16],
    questions: usize,
    breakdown: &Option<(&Question, Variable<'_>)>,
) -> (Vec<u64>, Option<Vec<Vec<u64>>>) {
    let k = 1usize << questions.min(super::disclosure::MAX_NESTED_FILTERS + 1);
    let mut totals = vec![0u64; k];
    let groups = breakdown.as_ref().map_or(0, |(_, v)| v.categories);
    let mut outside = vec![vec![0u64; groups]; k - 1];
    for (row, &w) in before.iter().enumerate() {
        if !super::counts(w) {
            continue;
        }
        let m = cells.get(row).map_or(0, |&c| usize::from(c)) % k;
        totals[m] += 1;
        if let (Some(cell), Some((_, variable))) = (outside.get_mut(m), breakdown) {
            if let Some(n) = cell.get_mut(variable.get(row) as usize) {
                *n += 1;
            }
        }
    }
    (totals, breakdown.is_some().then_some(outside))
}

/// Column `column` of `table` as a tally of the item, with the group's respondents who gave
/// no valid answer on the item as its missing (`group` counts everyone in the group).
fn column_tally(table: &Table, column: usize, group: &Cell) -> Tally {
    let categories: Vec<Cell> = (0..table.rows).map(|r| *table.cell(r, column)).collect();
    let answered = table.column_total(column);
    Tally {
        categories,
        missing: Cell {
            n: group.n.saturating_sub(answered.n),
            w: (group.w - answered.w).max(0.0),
            w2: (group.w2 - answered.w2).max(0.0),
        },
    }
}

/// The Likert "agree" share (top two on the Likert base) compared between the groups.
fn agree_comparison_of(
    question: &crate::codebook::Question,
    table: &Table,
    options: &Options,
) -> Comparison {
    let scale: Vec<usize> = question.substantive().collect();
    let agree = super::likert::agree_categories(question);
    let in_base = |r: usize| match options.likert_base {
        LikertBase::AllAnswers => true,
        LikertBase::Substantive => scale.contains(&r),
    };
    // Two rows: agree, and the rest of the base.
    let mut collapsed = Table::new(2, table.columns);
    for c in 0..table.columns {
        for r in (0..table.rows).filter(|&r| in_base(r)) {
            let target = if agree.contains(&r) { 0 } else { 1 };
            collapsed.cells[target * table.columns + c].merge(table.cell(r, c));
        }
    }
    let mut letters = column_letters(&collapsed);
    let mut markers = versus_rest(&collapsed);
    Comparison {
        letters: letters.swap_remove(0),
        versus_rest: markers.swap_remove(0),
    }
}
