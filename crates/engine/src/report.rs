//! The report: a survey and a [`View`] turned into sections of charts and key sentences.
//!
//! This is where the statistics meet the charts: each question's [`Analysis`] becomes a
//! [`ChartInput`] (categories with their role on the scale, one row per item — or per item and
//! group when broken down — with counts, intervals and significance markers), its accessible
//! [`Table`] and its key sentences. The app draws a [`Report`]; the embed mode draws one
//! [`ChartReport`]; the HTML export writes either. Nothing here depends on the browser.
//!
//! What stays true: the filter and weights are applied once, before every analysis, so every
//! base in a report is a base within the filter; a breakdown by the chart's own question is
//! not drawn (it would say nothing); identifiers and open text never become charts.

use crate::chart::{
    table, ChartInput, ChartKind, Marker, Role, RowInput, SeriesCategory, SortOrder, Table,
};
use crate::codebook::{BaseAll, Lang, Question, QuestionKind, Text};
use crate::format;
use crate::stats::analysis::{disclosure_counts, DisclosureCounts};
use crate::stats::disclosure::{self, Hidden};
use crate::stats::keyfigures::key_figures;
use crate::stats::sentences::key_sentences;
use crate::stats::significance::Direction;
use crate::stats::{analyse, Analysis, Filter, Options, Request, WeightShape};
use crate::survey::{ResolveError, Survey};
use crate::view::View;
use serde::Serialize;

/// The id of the one section that holds the questions the codebook puts in none.
pub const UNSECTIONED: &str = "vragen";

/// A whole report for one view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    pub source: String,
    pub lang: Lang,
    /// Respondents in the file.
    pub total_n: u64,
    /// Respondents within the filters (weighted, and counted).
    pub respondents: f64,
    pub respondents_n: u64,
    pub breakdown: Option<BreakdownInfo>,
    pub sections: Vec<SectionReport>,
    /// Questions that could not be analysed, with the reason (shown, never hidden).
    pub problems: Vec<String>,
    /// Publishing: the disclosure threshold in force (`None`: every figure is shown).
    pub disclosure: Option<u64>,
    /// Publishing: why no chart is shown (the filter keeps or leaves out too few).
    pub withheld: Option<String>,
    /// How the figures are weighted, for the header: the weight column, the effective n and
    /// the design effect; `None` when unweighted.
    pub weighting: Option<String>,
    /// How the figures are weighted (for the exports' view lines).
    #[serde(default)]
    pub weighing: Weighing,
    /// A comparison: each side with its respondents within the filters, for the header
    /// ("Uw organisatie: n = 240 · Landelijk panel: n = 1.601"); empty otherwise.
    #[serde(default)]
    pub sides: Vec<(String, u64)>,
    /// A report still being built ([`Builder::partial`]): the charts (by question id) that
    /// stand in from the view shown before, until their own are analysed; the sections
    /// holding one keep that view's key sentences too. Empty in a finished report.
    #[serde(skip)]
    pub stale: Vec<String>,
}

impl Report {
    /// The number of charts over all sections.
    pub fn chart_count(&self) -> usize {
        self.sections.iter().map(|s| s.charts.len()).sum()
    }
}

/// The breakdown in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownInfo {
    pub question: String,
    pub label: String,
}

/// A section: its key sentences, its charts and its open questions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionReport {
    pub id: String,
    pub title: String,
    pub sentences: Vec<String>,
    pub charts: Vec<ChartReport>,
    /// Open questions: how many answered, and the answers to read on demand.
    #[serde(default)]
    pub open: Vec<OpenAnswers>,
}

/// An open question's answers, never charted as categories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenAnswers {
    pub id: String,
    pub title: String,
    /// Respondents within the filters who typed an answer.
    pub answered: u64,
    /// The answers as typed, in file order, at most [`OPEN_ANSWERS_SHOWN`]; empty when
    /// publishing (a typed answer can name its writer).
    pub answers: Vec<String>,
}

/// Open answers listed in the page; the rest are counted ("and 1.234 more").
pub const OPEN_ANSWERS_SHOWN: usize = 500;

/// The typed answers of open question `q` from the respondents within the filters.
fn open_answers(
    survey: &Survey,
    q: &Question,
    weights: &[f64],
    publish: bool,
    lang: Lang,
) -> OpenAnswers {
    let mut answered = 0;
    let mut answers = Vec::new();
    for item in &q.items {
        let Some(column) = survey.data.column(&item.column) else {
            continue;
        };
        for (row, &w) in weights.iter().enumerate().take(column.len()) {
            let Some(cell) = column
                .cell(row)
                .filter(|c| w > 0.0 && !crate::infer::is_missing_marker(c))
            else {
                continue;
            };
            answered += 1;
            if !publish && answers.len() < OPEN_ANSWERS_SHOWN {
                answers.push(cell.to_string());
            }
        }
    }
    OpenAnswers {
        id: q.id.clone(),
        title: q.text.get(lang).to_string(),
        answered,
        answers,
    }
}

/// One chart with everything around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartReport {
    /// The question's id (used in URLs and file names).
    pub id: String,
    pub input: ChartInput,
    /// The numbers behind the chart: its accessible alternative and the export's content.
    pub table: Table,
    /// Key sentences about this question.
    pub sentences: Vec<String>,
    /// Unweighted base of the chart (respondents with an answer).
    pub base_n: u64,
}

/// The source line and the note that the data is a reconstruction, when the codebook says so.
fn source_line(survey: &Survey, lang: Lang) -> String {
    survey.codebook.source.get(lang).to_string()
}

/// The filter of a view, in category indices. Unknown questions and values are left out.
pub fn filter_of(survey: &Survey, view: &View) -> Filter {
    let mut filter = Filter::none();
    for choice in &view.filters {
        let Some(question) = survey.codebook.question(&choice.question) else {
            continue;
        };
        if !question.kind.is_categorical() {
            continue;
        }
        let categories: Vec<u16> = choice
            .values
            .iter()
            .filter_map(|v| category_position(question, v))
            .map(|i| i as u16)
            .collect();
        if !categories.is_empty() {
            filter = filter.with(&question.id, 0, &categories);
        }
    }
    filter
}

/// Where a filter value stands among a question's categories (or numeric bins), by value.
fn category_position(question: &Question, value: &str) -> Option<usize> {
    if question.kind == QuestionKind::Numeric && !question.bins.is_empty() {
        return question.bins.iter().position(|b| b.label.nl == value);
    }
    question.categories.iter().position(|c| c.value == value)
}

/// The categories a question can be filtered or broken down on: (value, label).
pub fn choices(question: &Question, lang: Lang) -> Vec<(String, String)> {
    if question.kind == QuestionKind::Numeric && !question.bins.is_empty() {
        return question
            .bins
            .iter()
            .map(|b| (b.label.nl.clone(), b.label.get(lang).to_string()))
            .collect();
    }
    question
        .categories
        .iter()
        .filter(|c| !c.missing)
        .map(|c| (c.value.clone(), c.label.get(lang).to_string()))
        .collect()
}

/// How a view's respondents are weighted (before its filter).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub enum Weighing {
    /// Every respondent weighs 1.
    #[default]
    None,
    /// By the codebook's weight column.
    Column(String),
    /// Raked to the view's targets (`rake=`) on these questions, by id.
    Raked {
        questions: Vec<String>,
        converged: bool,
        /// The trimming bounds, as multiples of the mean weight.
        trim: Option<(f64, f64)>,
    },
}

/// A view's weights before its filter, how they were made, and why the view's raking could
/// not be done (then the survey's own weights are used).
#[derive(Debug, Clone, PartialEq)]
pub struct BaseWeights {
    pub weights: Vec<f64>,
    pub weighing: Weighing,
    pub problem: Option<Text>,
}

/// The weights of `view` before its filter: raked to its targets when it has any (from unit
/// weights, as the command line's `--rake`), else the codebook's weight column, else 1. The
/// one source of weights for every figure, test, sentence, export and embed of the view.
pub fn base_weights(survey: &Survey, view: &View) -> BaseWeights {
    let mut problem = None;
    if !view.rake.is_empty() {
        match crate::stats::rake_view(survey, &view.rake, view.trim) {
            Ok(raking) => {
                return BaseWeights {
                    weights: raking.weights,
                    weighing: Weighing::Raked {
                        questions: view.rake.iter().map(|r| r.question.clone()).collect(),
                        converged: raking.converged,
                        trim: view.trim,
                    },
                    problem: None,
                }
            }
            Err(text) => problem = Some(text),
        }
    }
    let column = survey.codebook.weight.as_ref().and_then(|column| {
        crate::stats::weighting::Weights::from_column(survey, column)
            .ok()
            .map(|w| (w, column))
    });
    match column {
        Some((weights, column)) => BaseWeights {
            weights,
            weighing: Weighing::Column(column.clone()),
            problem,
        },
        None => BaseWeights {
            weights: vec![1.0; survey.rows()],
            weighing: Weighing::None,
            problem,
        },
    }
}

/// Weights for a view: [`base_weights`], zero outside the filter.
pub fn view_weights(survey: &Survey, view: &View) -> Result<Vec<f64>, ResolveError> {
    within_filter(survey, view, base_weights(survey, view).weights)
}

/// `base` zeroed outside the view's filter.
pub fn within_filter(
    survey: &Survey,
    view: &View,
    base: Vec<f64>,
) -> Result<Vec<f64>, ResolveError> {
    let filter = filter_of(survey, view);
    if filter.is_empty() {
        return Ok(base);
    }
    let mut weights = base;
    filter.apply_to(survey, &mut weights)?;
    Ok(weights)
}

/// The options a view is computed with: `base`, plus disclosure control when the view
/// publishes (publishing mode, or an embed) at its `min=`, never below the default threshold.
pub fn view_options(view: &View, base: &Options) -> Options {
    let publishing = view.publish || matches!(view.mode, crate::view::Mode::Embed { .. });
    Options {
        disclosure: publishing
            .then(|| disclosure::threshold(view.min, disclosure::DEFAULT_THRESHOLD)),
        ..base.clone()
    }
}

/// Which of the view's filter questions each respondent passes, and how many questions there
/// are (see `Filter::cells`); `None` without a filter, and without disclosure control, the only
/// one that asks (a pass over every respondent per filter question saved).
fn view_cells(survey: &Survey, view: &View, options: &Options) -> Option<(Vec<u16>, usize)> {
    options.disclosure?;
    let filter = filter_of(survey, view);
    (!filter.is_empty())
        .then(|| filter.cells(survey).ok())
        .flatten()
}

/// Why a view publishes no figure at `threshold`, if its filter keeps or leaves out too few:
/// in any cell of its filter questions (`disclosure::cells_allowed`).
fn withheld(
    before: &[f64],
    cells: Option<&(Vec<u16>, usize)>,
    threshold: u64,
    lang: Lang,
) -> Option<String> {
    let (cells, questions) = cells?;
    let (totals, _) = crate::stats::analysis::filter_cells(before, cells, *questions, &None);
    (!disclosure::cells_allowed(&totals, threshold)).then(|| match lang {
        Lang::Nl => format!(
            "Niet getoond: dit filter houdt minder dan {threshold} respondenten over, of laat er minder dan {threshold} weg (ook ten opzichte van elk filter afzonderlijk). Kies een ruimer filter."
        ),
        Lang::En => format!(
            "Not shown: this filter keeps fewer than {threshold} respondents, or leaves out fewer than {threshold} (also against each of its filters alone). Choose a wider filter."
        ),
    })
}

/// Why a view whose filter keeps several answers of a question publishes no figure, if one
/// of those answers (or a group's part of it) holds too few (`disclosure::answers_allowed`).
fn withheld_for_answers(
    survey: &Survey,
    view: &View,
    before: &[f64],
    threshold: u64,
    lang: Lang,
) -> Option<String> {
    let atoms = filter_of(survey, view).answers(survey).ok()??;
    let counted: Vec<bool> = before.iter().map(|&w| crate::stats::counts(w)).collect();
    let groups: Option<Vec<u16>> = view
        .by
        .as_deref()
        .filter(|id| {
            survey
                .codebook
                .question(id)
                .is_some_and(|q| q.kind.is_categorical())
        })
        .and_then(|id| survey.variable(id, 0).ok())
        .map(|v| (0..survey.rows()).map(|row| v.get(row)).collect());
    (!disclosure::answers_allowed(&atoms, &counted, groups.as_deref(), threshold)).then(|| {
        match lang {
            Lang::Nl => format!(
                "Niet getoond: een van de antwoorden die dit filter samen neemt, telt (ook binnen een groep) minder dan {threshold} respondenten; het zou af te leiden zijn uit hetzelfde filter met minder antwoorden. Kies minder antwoorden per vraag of een ruimer filter."
            ),
            Lang::En => format!(
                "Not shown: one of the answers this filter takes together holds fewer than {threshold} respondents (also within a group); it could be worked out from the same filter with fewer answers. Choose fewer answers per question or a wider filter."
            ),
        }
    })
}

/// Builds the report for `view`.
pub fn build(survey: &Survey, view: &View, options: &Options) -> Report {
    let mut builder = Builder::new(survey, view, options);
    while builder.step() {}
    builder.finish()
}

/// A report built a question at a time, so that a caller with a deadline (the page's main
/// thread, which must not be held for more than a few milliseconds at a time) can stop between
/// questions and go on later: [`Builder::new`] applies the weights and the filter once (a few
/// passes over the respondents), each [`Builder::step`] analyses one question, and
/// [`Builder::finish`] adds the sentences and the header's figures. Any order of calls gives
/// exactly what [`build`] gives, which is this loop.
pub struct Builder<'s> {
    survey: &'s Survey,
    view: View,
    options: Options,
    problems: Vec<String>,
    weighing: Weighing,
    before: Vec<f64>,
    /// The weights within the view's filter; `None` without a filter (then `before`).
    filtered: Option<Vec<f64>>,
    /// The respondents within the filter: their weights' sum and their number.
    respondents: (f64, u64),
    cells: Option<(Vec<u16>, usize)>,
    withheld: Option<String>,
    weight_shape: WeightShape,
    breakdown: Option<&'s Question>,
    /// Disclosure control's counts of the filter cells, without and with the breakdown, once
    /// counted.
    disclosure: [Option<DisclosureCounts>; 2],
    /// The rows in a filter that keeps at most half of everyone (weights 0 or 1), listed once:
    /// each chart then counts only them.
    kept: Option<Vec<u32>>,
    sections: Vec<SectionReport>,
    /// The next question of the codebook to analyse.
    next: usize,
}

/// The first part of a [`Builder`]'s start, which a caller with a deadline can take in a task
/// of its own: a view's weights before its filter and within it (a pass over every respondent
/// per filter question; at a million respondents about half of the start).
pub struct Weighed {
    base: BaseWeights,
    /// The weights within the filter; `None` without a filter, an error for a filter that
    /// names what the survey does not have.
    filtered: Option<Result<Vec<f64>, ResolveError>>,
}

impl Weighed {
    /// The weights of `view` on `survey`, before and within its filter.
    pub fn of(survey: &Survey, view: &View) -> Weighed {
        let base = base_weights(survey, view);
        // Without a filter the weights are the base weights themselves, not a copy (a million
        // respondents' weights are 8 MB).
        let filter = filter_of(survey, view);
        let filtered = (!filter.is_empty()).then(|| {
            filter
                .apply(survey, &base.weights)
                .map(std::borrow::Cow::into_owned)
        });
        Weighed { base, filtered }
    }
}

impl<'s> Builder<'s> {
    /// The view's weights, filter and breakdown, and the codebook's sections, empty.
    pub fn new(survey: &'s Survey, view: &View, options: &Options) -> Self {
        Self::weighed(survey, view, options, Weighed::of(survey, view))
    }

    /// [`Builder::new`] from the view's weights found before ([`Weighed::of`] for the same
    /// survey and view).
    pub fn weighed(survey: &'s Survey, view: &View, options: &Options, weighed: Weighed) -> Self {
        let lang = view.lang;
        let mut problems = Vec::new();
        let Weighed { base, filtered } = weighed;
        problems.extend(base.problem.as_ref().map(|p| p.get(lang).to_string()));
        let before = base.weights;
        let filtered = match filtered {
            None => None,
            Some(Ok(w)) => Some(w),
            Some(Err(e)) => {
                problems.push(e.to_string());
                None
            }
        };
        let weights = filtered.as_deref().unwrap_or(&before);
        let cells = view_cells(survey, view, options);
        let withheld = options.disclosure.and_then(|t| {
            withheld(&before, cells.as_ref(), t, lang)
                .or_else(|| withheld_for_answers(survey, view, &before, t, lang))
        });
        // Found once for every chart (a pass over every respondent each, otherwise).
        let weight_shape = WeightShape::of(weights);
        let kept = kept_rows(weights, weight_shape);
        let respondents = match &kept {
            Some(kept) => (kept.len() as f64, kept.len() as u64),
            None => respondents_of(weights),
        };
        let breakdown = view
            .by
            .as_deref()
            .and_then(|id| survey.codebook.question(id))
            .filter(|q| q.kind.is_categorical());
        let sections = survey
            .codebook
            .sections
            .iter()
            .map(|s| SectionReport {
                id: s.id.clone(),
                title: s.title.get(lang).to_string(),
                sentences: Vec::new(),
                charts: Vec::new(),
                open: Vec::new(),
            })
            .collect();
        Builder {
            survey,
            view: view.clone(),
            options: options.clone(),
            problems,
            weighing: base.weighing,
            before,
            filtered,
            respondents,
            cells,
            withheld,
            weight_shape,
            breakdown,
            disclosure: [None, None],
            kept,
            sections,
            next: 0,
        }
    }

    /// The weights within the view's filter.
    fn weights(&self) -> &[f64] {
        self.filtered.as_deref().unwrap_or(&self.before)
    }

    /// The report's weights, as every chart is counted with them.
    fn weighted(&self) -> Weighted<'_> {
        Weighted {
            weights: self.weights(),
            shape: self.weight_shape,
            before: &self.before,
            cells: self.cells.as_ref().map(|(c, k)| (&c[..], *k)),
            disclosure: None,
            kept: self.kept.as_deref(),
        }
    }

    /// Analyses the next question; `false` once every question has been.
    pub fn step(&mut self) -> bool {
        let Some(question) = self.survey.codebook.questions.get(self.next) else {
            return false;
        };
        self.next += 1;
        let lang = self.view.lang;
        if question.kind == QuestionKind::OpenText && self.withheld.is_none() {
            let open = open_answers(
                self.survey,
                question,
                self.weights(),
                self.options.disclosure.is_some(),
                lang,
            );
            let section = section_index(&mut self.sections, question, lang);
            self.sections[section].open.push(open);
            return true;
        }
        // A comparison's source question is its breakdown, not a question of either survey.
        if !is_charted(question) || self.withheld.is_some() || question.id == crate::compare::SOURCE
        {
            return true;
        }
        // Disclosure control's counts are the same for every chart broken down the same way
        // (the breakdown question's own chart is not broken down): counted once for each way,
        // at the first chart counted that way.
        let broken_down = usize::from(chart_breakdown(question, self.breakdown).is_some());
        if self.options.disclosure.is_some() && self.disclosure[broken_down].is_none() {
            let request = chart_request(question, self.breakdown, &self.weighted(), &self.options);
            // An error here is the chart's own, reported when it is built.
            self.disclosure[broken_down] = disclosure_counts(self.survey, &request).ok().flatten();
        }
        let weighted = Weighted {
            disclosure: self.disclosure[broken_down].as_ref(),
            ..self.weighted()
        };
        match chart_report(
            self.survey,
            question,
            self.breakdown,
            weighted,
            &self.view,
            &self.options,
        ) {
            Ok(chart) => {
                let index = section_index(&mut self.sections, question, lang);
                self.sections[index].charts.push(chart);
            }
            Err(e) => self.problems.push(e.to_string()),
        }
        true
    }

    /// Questions analysed so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.survey.codebook.questions.len())
    }

    /// The report, with the questions not yet analysed analysed first.
    pub fn finish(mut self) -> Report {
        while self.step() {}
        let mut sections = std::mem::take(&mut self.sections);
        self.fill_sentences(&mut sections, None);
        self.report(sections)
    }

    /// The report as far as it is built: the charts analysed so far and, for the questions
    /// not analysed yet, the charts of `previous` (the report shown before, of the same
    /// questions), listed in [`Report::stale`], so that the page keeps its length and its
    /// place while it is rebuilt.
    pub fn partial(&self, previous: Option<&Report>) -> Report {
        let lang = self.view.lang;
        let mut sections = self.sections.clone();
        let mut stale = Vec::new();
        let find_chart = |id: &str| {
            previous?
                .sections
                .iter()
                .flat_map(|s| &s.charts)
                .find(|c| c.id == id)
        };
        let find_open = |id: &str| {
            previous?
                .sections
                .iter()
                .flat_map(|s| &s.open)
                .find(|o| o.id == id)
        };
        for question in &self.survey.codebook.questions[self.next..] {
            if let Some(chart) = find_chart(&question.id) {
                let index = section_index(&mut sections, question, lang);
                sections[index].charts.push(chart.clone());
                stale.push(chart.id.clone());
            } else if let Some(open) = find_open(&question.id) {
                let index = section_index(&mut sections, question, lang);
                sections[index].open.push(open.clone());
            }
        }
        self.fill_sentences(&mut sections, previous);
        let mut report = self.report(sections);
        report.stale = stale;
        report
    }

    /// Each section's key sentences: its own once all its questions have been analysed,
    /// else `previous`'s (a sentence about part of a section could say "the highest" of what
    /// is only the highest so far).
    fn fill_sentences(&self, sections: &mut [SectionReport], previous: Option<&Report>) {
        let remaining = &self.survey.codebook.questions[self.next..];
        for section in sections {
            let complete = !remaining.iter().any(|q| section_key(q) == section.id);
            section.sentences = if complete {
                section_sentences(&section.charts)
            } else {
                previous
                    .and_then(|p| p.sections.iter().find(|s| s.id == section.id))
                    .map(|s| s.sentences.clone())
                    .unwrap_or_default()
            };
        }
    }

    /// The report of `sections` (the empty ones left out) with the view's header figures.
    fn report(&self, mut sections: Vec<SectionReport>) -> Report {
        let (survey, lang) = (self.survey, self.view.lang);
        sections.retain(|s| !s.charts.is_empty() || !s.open.is_empty());
        let weights = self.weights();
        Report {
            title: survey.codebook.title.get(lang).to_string(),
            source: source_line(survey, lang),
            lang,
            total_n: survey.rows() as u64,
            respondents: self.respondents.0,
            respondents_n: self.respondents.1,
            breakdown: self.breakdown.map(|b| BreakdownInfo {
                question: b.id.clone(),
                label: b.text.get(lang).to_string(),
            }),
            sections,
            problems: self.problems.clone(),
            disclosure: self.options.disclosure,
            withheld: self.withheld.clone(),
            weighting: weighting_line(survey, &self.weighing, weights, lang),
            weighing: self.weighing.clone(),
            sides: sides(survey, weights, lang),
            stale: Vec::new(),
        }
    }
}

/// The sum and the number of the weights above 0: the respondents a view counts. One pass, no
/// branch per respondent.
fn respondents_of(weights: &[f64]) -> (f64, u64) {
    weights.iter().fold((0.0, 0), |(sum, n), &w| {
        let counted = w > 0.0;
        (sum + if counted { w } else { 0.0 }, n + u64::from(counted))
    })
}

/// The respondents of each side of a comparison within the filters (none for a survey that
/// is no comparison).
fn sides(survey: &Survey, weights: &[f64], lang: Lang) -> Vec<(String, u64)> {
    let Some(q) = survey.codebook.question(crate::compare::SOURCE) else {
        return Vec::new();
    };
    let Ok(v) = survey.variable(&q.id, 0) else {
        return Vec::new();
    };
    let mut counts = vec![0u64; q.categories.len()];
    for (row, &w) in weights.iter().enumerate() {
        if let Some(c) = counts.get_mut(v.get(row) as usize).filter(|_| w > 0.0) {
            *c += 1;
        }
    }
    q.categories
        .iter()
        .zip(counts)
        .map(|(c, n)| (c.label.get(lang).to_string(), n))
        .collect()
}

/// "Gewogen naar ‘gewicht’: effectieve n = 812, design-effect 1,23 (gewichten 0,40–2,50)", or
/// for raking "Gewogen naar Geslacht en Leeftijd (raking): effectieve n = …".
fn weighting_line(
    survey: &Survey,
    weighing: &Weighing,
    weights: &[f64],
    lang: Lang,
) -> Option<String> {
    let what = match weighing {
        Weighing::None => return None,
        Weighing::Column(column) => format!("\u{2018}{column}\u{2019}"),
        Weighing::Raked { questions, .. } => {
            format!("{} (raking)", raked_names(survey, questions, lang))
        }
    };
    let summary = crate::stats::WeightSummary::of(weights);
    let (n, deff) = (
        format::decimal(summary.effective_n.round(), 0, lang),
        format::decimal(summary.design_effect, 2, lang),
    );
    let (low, high) = (
        format::decimal(summary.min, 2, lang),
        format::decimal(summary.max, 2, lang),
    );
    let mut note = String::new();
    if let Weighing::Raked {
        converged, trim, ..
    } = weighing
    {
        if let Some((a, b)) = trim {
            let (a, b) = (format::decimal(*a, 2, lang), format::decimal(*b, 2, lang));
            note += &match lang {
                Lang::Nl => {
                    format!("; gewichten begrensd tot {a}\u{2013}{b} \u{d7} het gemiddelde")
                }
                Lang::En => format!("; weights trimmed to {a}\u{2013}{b} \u{d7} the mean"),
            };
        }
        if !converged {
            note += match lang {
                Lang::Nl => "; de raking kwam niet tot rust: de aandelen wijken nog af van de streefaandelen",
                Lang::En => "; the raking did not converge: the shares still differ from the targets",
            };
        }
    }
    Some(match lang {
        Lang::Nl => format!(
            "Gewogen naar {what}: effectieve n = {n}, design-effect {deff} (gewichten {low}\u{2013}{high}){note}"
        ),
        Lang::En => format!(
            "Weighted by {what}: effective n = {n}, design effect {deff} (weights {low}\u{2013}{high}){note}"
        ),
    })
}

/// What raking `view`'s survey to `choices` (trimmed to `trim`) gives, for the weighting
/// dialog before it is applied: "Effectieve n = 1.091 · design-effect 1,47 · gewichten
/// 0,56–6,92 · de raking kwam tot rust na 9 rondes"; or why it cannot be done.
pub fn raking_preview(
    survey: &Survey,
    choices: &[crate::view::RakeChoice],
    trim: Option<(f64, f64)>,
    lang: Lang,
) -> Result<String, String> {
    let raking =
        crate::stats::rake_view(survey, choices, trim).map_err(|e| e.get(lang).to_string())?;
    let s = &raking.summary;
    let (n, deff) = (
        format::decimal(s.effective_n.round(), 0, lang),
        format::decimal(s.design_effect, 2, lang),
    );
    let (low, high) = (
        format::decimal(s.min, 2, lang),
        format::decimal(s.max, 2, lang),
    );
    let rounds = raking.iterations;
    let trimmed = format::count(raking.trimmed, lang);
    Ok(match (lang, raking.converged) {
        (Lang::Nl, true) => format!("Effectieve n = {n} · design-effect {deff} · gewichten {low}\u{2013}{high} · de raking kwam tot rust na {rounds} rondes"),
        (Lang::Nl, false) => format!("Effectieve n = {n} · design-effect {deff} · gewichten {low}\u{2013}{high} · de raking kwam na {rounds} rondes niet tot rust: de aandelen wijken nog af van de streefaandelen (ruimere grenzen of minder vragen helpen)"),
        (Lang::En, true) => format!("Effective n = {n} · design effect {deff} · weights {low}\u{2013}{high} · the raking converged after {rounds} rounds"),
        (Lang::En, false) => format!("Effective n = {n} · design effect {deff} · weights {low}\u{2013}{high} · the raking did not converge after {rounds} rounds: the shares still differ from the targets (wider bounds or fewer questions help)"),
    } + &match (lang, trim.is_some()) {
        (_, false) => String::new(),
        (Lang::Nl, true) => format!(" · {trimmed} gewichten begrensd"),
        (Lang::En, true) => format!(" · {trimmed} weights trimmed"),
    })
}

/// The wording of raking questions, quoted: "‘Geslacht’ en ‘Leeftijd’".
pub fn raked_names(survey: &Survey, questions: &[String], lang: Lang) -> String {
    let names: Vec<String> = questions
        .iter()
        .map(|id| {
            let name = survey
                .codebook
                .question(id)
                .map_or_else(|| id.clone(), |q| q.text.get(lang).to_string());
            format!("\u{2018}{name}\u{2019}")
        })
        .collect();
    let and = match lang {
        Lang::Nl => " en ",
        Lang::En => " and ",
    };
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// The weights of a view's charts: with its filter, their shape, and before the filter.
#[derive(Clone, Copy)]
struct Weighted<'w> {
    weights: &'w [f64],
    shape: WeightShape,
    before: &'w [f64],
    /// The filter's cells (`Filter::cells`), when it has one.
    cells: Option<(&'w [u16], usize)>,
    /// Disclosure control's counts of those cells for this chart's breakdown, when counted
    /// already (`stats::analysis::disclosure_counts`).
    disclosure: Option<&'w DisclosureCounts>,
    /// The rows in the filter, when listing them spares the charts a pass over everyone.
    kept: Option<&'w [u32]>,
}

/// The id of the section `question` belongs in: its own, or [`UNSECTIONED`].
fn section_key(question: &Question) -> &str {
    question
        .section
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or(UNSECTIONED)
}

/// The section of `question` in `sections`; questions of no section share one, whatever their
/// number.
fn section_index(sections: &mut Vec<SectionReport>, question: &Question, lang: Lang) -> usize {
    let section = section_key(question);
    match sections.iter().position(|s| s.id == section) {
        Some(i) => i,
        None => {
            sections.push(SectionReport {
                id: section.to_owned(),
                title: match lang {
                    Lang::Nl => "Vragen".into(),
                    Lang::En => "Questions".into(),
                },
                sentences: Vec::new(),
                charts: Vec::new(),
                open: Vec::new(),
            });
            sections.len() - 1
        }
    }
}

/// One chart of `view` (the embed mode), by question id.
pub fn build_chart(
    survey: &Survey,
    view: &View,
    question: &str,
    options: &Options,
) -> Result<ChartReport, ResolveError> {
    let q = survey.question(question)?;
    let before = base_weights(survey, view).weights;
    // Borrowed without a filter, else written in one pass: no copy of the weights first.
    let weights = filter_of(survey, view).apply(survey, &before)?;
    let breakdown = view
        .by
        .as_deref()
        .and_then(|id| survey.codebook.question(id))
        .filter(|b| b.kind.is_categorical());
    let cells = view_cells(survey, view, options);
    let weighted = Weighted {
        weights: &weights,
        shape: WeightShape::of(&weights),
        before: &before,
        cells: cells.as_ref().map(|(c, k)| (&c[..], *k)),
        disclosure: None,
        kept: None,
    };
    chart_report(survey, q, breakdown, weighted, view, options)
}

/// Whether a question gets a chart.
pub fn is_charted(question: &Question) -> bool {
    match question.kind {
        QuestionKind::OpenText | QuestionKind::Identifier => false,
        QuestionKind::Numeric => !question.bins.is_empty(),
        _ => true,
    }
}

/// The key sentences of a section: the first sentence of each chart, at most three.
fn section_sentences(charts: &[ChartReport]) -> Vec<String> {
    charts
        .iter()
        .filter_map(|c| c.sentences.first().cloned())
        .take(3)
        .collect()
}

/// The rows whose weight is 1, when every weight is 0 or 1 and at most half are 1: then
/// counting only them is quicker than a pass over everyone.
fn kept_rows(weights: &[f64], shape: WeightShape) -> Option<Vec<u32>> {
    if shape != WeightShape::ZeroOrOne || u32::try_from(weights.len()).is_err() {
        return None;
    }
    // Each row written at the end of the list and kept by moving the end on: no branch on the
    // weight. The list's room is zeroed memory, touched only as far as it is written.
    let mut kept = vec![0u32; weights.len()];
    let mut n = 0;
    for (i, &w) in (0u32..).zip(weights) {
        kept[n] = i;
        n += usize::from(w == 1.0);
    }
    if n * 2 > weights.len() {
        return None;
    }
    kept.truncate(n);
    kept.shrink_to_fit();
    Some(kept)
}

/// The breakdown of `question`'s chart: the view's, unless that is the question itself.
fn chart_breakdown<'q>(
    question: &Question,
    breakdown: Option<&'q Question>,
) -> Option<&'q Question> {
    breakdown.filter(|b| b.id != question.id && b.items[0].column != question.items[0].column)
}

/// What [`chart_report`] asks of the statistics for `question`.
fn chart_request<'w>(
    question: &Question,
    breakdown: Option<&Question>,
    weighted: &Weighted<'w>,
    options: &Options,
) -> Request<'w> {
    let breakdown = chart_breakdown(question, breakdown);
    Request {
        question: question.id.clone(),
        breakdown: breakdown.map(|b| b.id.clone()),
        filter: Filter::none(),
        weights: Some(weighted.weights),
        unfiltered: Some(weighted.before),
        cells: weighted.cells,
        weight_shape: Some(weighted.shape),
        disclosure_counts: weighted.disclosure,
        kept_rows: weighted.kept,
        options: options.clone(),
    }
}

fn chart_report(
    survey: &Survey,
    question: &Question,
    breakdown: Option<&Question>,
    weighted: Weighted<'_>,
    view: &View,
    options: &Options,
) -> Result<ChartReport, ResolveError> {
    let lang = view.lang;
    let request = chart_request(question, breakdown, &weighted, options);
    let analysis = analyse(survey, &request)?;
    let mut figures = key_figures(survey, &analysis);
    // Broken down, the differences between the groups lead (significant ones first).
    if analysis.breakdown.is_some() {
        crate::sort::stable_by_key(&mut figures.facts, |f| {
            !matches!(f, crate::stats::Fact::GroupDifference { .. })
        });
    }
    // Compared, only the differences: a share of both surveys together describes neither.
    if analysis.breakdown.as_deref() == Some(crate::compare::SOURCE) {
        figures
            .facts
            .retain(|f| matches!(f, crate::stats::Fact::GroupDifference { .. }));
    }
    let sentences = key_sentences(&figures, lang);
    let input = chart_input(survey, question, &analysis, view);
    let base_n = match &analysis.multi_select {
        Some(m) => m.overall.base_n,
        None => analysis.items.first().map_or(0, |i| match &i.likert {
            Some(l) => l.base_n,
            None => i.overall.base_n,
        }),
    };
    Ok(ChartReport {
        id: question.id.clone(),
        table: table(&input),
        input,
        sentences,
        base_n,
    })
}

/// The roles of a scale's categories: substantive points from negative to positive around
/// the middle, non-substantive answers apart. Declared missing categories are left out.
fn scale_categories(question: &Question, lang: Lang) -> (Vec<usize>, Vec<SeriesCategory>) {
    let substantive: Vec<usize> = question.substantive().collect();
    let k = substantive.len();
    let mut indices = Vec::new();
    let mut series = Vec::new();
    for (i, c) in question.categories.iter().enumerate() {
        if c.missing {
            continue;
        }
        let role = match substantive.iter().position(|&s| s == i) {
            None => Role::NonSubstantive,
            Some(pos) => {
                // Distance from the middle: with 5 points, 0 1 [2] 3 4.
                let twice = 2 * pos as i64 - (k as i64 - 1);
                match twice.cmp(&0) {
                    std::cmp::Ordering::Less => Role::Negative(((-twice + 1) / 2) as u8),
                    std::cmp::Ordering::Equal => Role::Neutral,
                    std::cmp::Ordering::Greater => Role::Positive(((twice + 1) / 2) as u8),
                }
            }
        };
        indices.push(i);
        series.push(SeriesCategory {
            label: c.label.get(lang).to_string(),
            role,
        });
    }
    (indices, series)
}

fn marker(direction: Option<Direction>) -> Option<Marker> {
    direction.map(|d| match d {
        Direction::Higher => Marker::Higher,
        Direction::Lower => Marker::Lower,
    })
}

/// "n = 1.601 · percentages of all respondents" and the like.
fn subtitle(question: &Question, base: f64, lang: Lang) -> String {
    subtitle_with(question, format::n_equals(base, lang), lang)
}

/// A comparison's subtitle: each side's base, not the two together.
fn compared_subtitle(question: &Question, analysis: &Analysis, lang: Lang) -> String {
    let bases: Vec<String> = analysis
        .groups
        .iter()
        .map(|g| format!("{} ({})", format::n_equals(g.base, lang), g.label.get(lang)))
        .collect();
    let and = match lang {
        Lang::Nl => " en ",
        Lang::En => " and ",
    };
    subtitle_with(question, bases.join(and), lang)
}

fn subtitle_with(question: &Question, n: String, lang: Lang) -> String {
    let what = match (question.kind, lang) {
        (QuestionKind::MultiSelect, Lang::Nl) => match question.base_all {
            None => "meerdere antwoorden mogelijk; percentage van wie de vraag beantwoordde",
            Some(BaseAll::OneOption) => "percentage van alle respondenten",
            Some(BaseAll::SomeOptions) => {
                "percentage van alle respondenten · de andere antwoordopties van deze vraag staan niet in het bestand"
            }
        },
        (QuestionKind::MultiSelect, Lang::En) => match question.base_all {
            None => "multiple answers possible; percentage of those who answered the question",
            Some(BaseAll::OneOption) => "percentage of all respondents",
            Some(BaseAll::SomeOptions) => {
                "percentage of all respondents · the question's other answer options are not in the file"
            }
        },
        (QuestionKind::Likert | QuestionKind::Grid, Lang::Nl) => "percentage van alle antwoorden",
        (QuestionKind::Likert | QuestionKind::Grid, Lang::En) => "percentage of all answers",
        (_, Lang::Nl) => "percentage van wie de vraag beantwoordde",
        (_, Lang::En) => "percentage of those who answered",
    };
    let mut line = format!("{n} · {what}");
    if let Some(asked) = &question.asked_of {
        line.push_str(match lang {
            Lang::Nl => " · alleen gevraagd aan: ",
            Lang::En => " · asked only of: ",
        });
        line.push_str(asked.get(lang));
    }
    line
}

fn group_label(analysis: &Analysis, g: usize, lang: Lang) -> String {
    let group = &analysis.groups[g];
    format!("{} ({})", group.label.get(lang), group.letter)
}

fn text_of(t: &Text, lang: Lang) -> String {
    t.get(lang).to_string()
}

fn chart_input(
    survey: &Survey,
    question: &Question,
    analysis: &Analysis,
    view: &View,
) -> ChartInput {
    let lang = view.lang;
    let mut rows = Vec::new();
    let (kind, categories, sort, base) = match question.kind {
        QuestionKind::Likert | QuestionKind::Grid => {
            let (indices, series) = scale_categories(question, lang);
            let mut base = 0.0f64;
            for item in &analysis.items {
                let Some(likert) = &item.likert else { continue };
                base = base.max(likert.base);
                let label = item_label(question, item.item, lang);
                let note = question.items[item.item]
                    .note
                    .as_ref()
                    .map(|n| text_of(n, lang));
                if analysis.groups.is_empty() {
                    rows.push(RowInput {
                        label,
                        note,
                        group: None,
                        n: likert.base,
                        values: indices
                            .iter()
                            .map(|&i| likert.distribution[i].count)
                            .collect(),
                        ci: indices
                            .iter()
                            .map(|&i| {
                                let c = &likert.distribution[i];
                                (c.ci_low / 100.0, c.ci_high / 100.0)
                            })
                            .collect(),
                        markers: Vec::new(),
                        small_base: likert.small_base,
                        suppressed: likert.hidden(),
                        suppressed_reason: reason(
                            analysis,
                            likert.hidden().then_some(Hidden::TooFew),
                            lang,
                        ),
                        letters: Vec::new(),
                        mean: Some((likert.mean, likert.mean_ci.0, likert.mean_ci.1)),
                        exclusive: false,
                    });
                    continue;
                }
                for group in &item.groups {
                    let Some(gl) = &group.likert else { continue };
                    let cells = item.crosstab.as_ref().map(|x| &x.cells);
                    rows.push(RowInput {
                        label: label.clone(),
                        note: note.clone(),
                        group: Some(group_label(analysis, group.group, lang)),
                        n: gl.base,
                        values: indices.iter().map(|&i| gl.distribution[i].count).collect(),
                        ci: indices
                            .iter()
                            .map(|&i| {
                                let c = &gl.distribution[i];
                                (c.ci_low / 100.0, c.ci_high / 100.0)
                            })
                            .collect(),
                        markers: indices
                            .iter()
                            .map(|&i| {
                                cells
                                    .and_then(|c| c.get(i))
                                    .and_then(|row| row.get(group.group))
                                    .and_then(|cell| marker(cell.versus_rest))
                            })
                            .collect(),
                        small_base: gl.small_base,
                        suppressed: gl.hidden(),
                        suppressed_reason: reason(
                            analysis,
                            analysis.groups[group.group].hidden,
                            lang,
                        ),
                        letters: indices
                            .iter()
                            .map(|&i| letters_of(cells.and_then(|c| c.get(i)), group.group))
                            .collect(),
                        mean: Some((gl.mean, gl.mean_ci.0, gl.mean_ci.1)),
                        exclusive: false,
                    });
                }
            }
            let sort = if view.sort {
                SortOrder::ByAgreement
            } else {
                SortOrder::AsGiven
            };
            (ChartKind::Stacked, series, sort, base)
        }
        QuestionKind::MultiSelect => {
            let multi = analysis.multi_select.as_ref();
            let base = multi.map_or(0.0, |m| m.overall.base);
            let series = vec![SeriesCategory {
                label: match lang {
                    Lang::Nl => "Gekozen".into(),
                    Lang::En => "Chosen".into(),
                },
                role: Role::Single,
            }];
            if let Some(multi) = multi {
                for option in &multi.overall.options {
                    let label = item_label(question, option.item, lang);
                    if analysis.groups.is_empty() {
                        rows.push(RowInput {
                            label,
                            note: None,
                            group: None,
                            n: multi.overall.base,
                            values: vec![option.count],
                            ci: vec![(option.ci_low / 100.0, option.ci_high / 100.0)],
                            markers: Vec::new(),
                            small_base: multi.overall.small_base,
                            suppressed: option.suppressed,
                            suppressed_reason: reason(
                                analysis,
                                option.suppressed.then_some(Hidden::TooFew),
                                lang,
                            ),
                            letters: Vec::new(),
                            mean: None,
                            exclusive: option.exclusive,
                        });
                        continue;
                    }
                    let crosstab = analysis.items[option.item].crosstab.as_ref();
                    for (g, group) in multi.groups.iter().enumerate() {
                        let Some(share) = group.options.iter().find(|o| o.item == option.item)
                        else {
                            continue;
                        };
                        if analysis.groups.get(g).is_none_or(|x| x.base_n == 0) {
                            continue;
                        }
                        let direction = crosstab
                            .and_then(|x| x.cells.get(1))
                            .and_then(|row| row.get(g))
                            .and_then(|cell| cell.versus_rest);
                        rows.push(RowInput {
                            label: label.clone(),
                            note: None,
                            group: Some(group_label(analysis, g, lang)),
                            n: group.base,
                            values: vec![share.count],
                            ci: vec![(share.ci_low / 100.0, share.ci_high / 100.0)],
                            markers: vec![marker(direction)],
                            small_base: group.small_base,
                            suppressed: share.suppressed,
                            suppressed_reason: reason(analysis, analysis.groups[g].hidden, lang),
                            letters: vec![letters_of(crosstab.and_then(|x| x.cells.get(1)), g)],
                            mean: None,
                            exclusive: option.exclusive,
                        });
                    }
                }
            }
            (ChartKind::Shares, series, SortOrder::Descending, base)
        }
        _ => {
            let series = vec![SeriesCategory {
                label: match lang {
                    Lang::Nl => "Aandeel".into(),
                    Lang::En => "Share".into(),
                },
                role: Role::Single,
            }];
            let item = &analysis.items[0];
            let base = item.overall.base;
            for (c, category) in item.overall.categories.iter().enumerate() {
                let label = category.label.get(lang).to_string();
                if analysis.groups.is_empty() {
                    rows.push(RowInput {
                        label,
                        note: None,
                        group: None,
                        n: item.overall.base,
                        values: vec![category.count],
                        ci: vec![(category.ci_low / 100.0, category.ci_high / 100.0)],
                        markers: Vec::new(),
                        small_base: item.overall.small_base,
                        suppressed: category.suppressed,
                        suppressed_reason: reason(
                            analysis,
                            category.suppressed.then_some(Hidden::TooFew),
                            lang,
                        ),
                        letters: Vec::new(),
                        mean: None,
                        exclusive: false,
                    });
                    continue;
                }
                for group in &item.groups {
                    let f = &group.frequencies;
                    if f.base_n == 0 {
                        continue;
                    }
                    let Some(gc) = f.categories.get(c) else {
                        continue;
                    };
                    let direction = item
                        .crosstab
                        .as_ref()
                        .and_then(|x| x.cells.get(c))
                        .and_then(|row| row.get(group.group))
                        .and_then(|cell| cell.versus_rest);
                    rows.push(RowInput {
                        label: label.clone(),
                        note: None,
                        group: Some(group_label(analysis, group.group, lang)),
                        n: f.base,
                        values: vec![gc.count],
                        ci: vec![(gc.ci_low / 100.0, gc.ci_high / 100.0)],
                        markers: vec![marker(direction)],
                        small_base: f.small_base,
                        suppressed: gc.suppressed,
                        suppressed_reason: reason(
                            analysis,
                            analysis.groups[group.group].hidden,
                            lang,
                        ),
                        letters: vec![letters_of(
                            item.crosstab.as_ref().and_then(|x| x.cells.get(c)),
                            group.group,
                        )],
                        mean: None,
                        exclusive: false,
                    });
                }
            }
            (ChartKind::Distribution, series, SortOrder::AsGiven, base)
        }
    };
    // A hidden row shows neither its figures nor its base.
    for row in rows.iter_mut().filter(|r| r.suppressed) {
        row.n = 0.0;
        row.values.iter_mut().for_each(|v| *v = 0.0);
        row.ci.clear();
        row.markers.clear();
        row.small_base = false;
    }
    // A comparison: its second group (the panel, last year) is what the first is set beside.
    let reference_group = (analysis.breakdown.as_deref() == Some(crate::compare::SOURCE))
        .then(|| {
            let mut groups = rows.iter().filter_map(|r| r.group.as_ref());
            let first = groups.next()?;
            groups.find(|g| *g != first).cloned()
        })
        .flatten();
    let subtitle = if reference_group.is_some() {
        compared_subtitle(question, analysis, lang)
    } else {
        subtitle(question, base, lang)
    };
    ChartInput {
        reference_group,
        kind,
        title: question.text.get(lang).to_string(),
        subtitle,
        source: source_line(survey, lang),
        categories,
        rows,
        lang,
        sort,
        disclosure: analysis.options.disclosure,
        nets: kind == ChartKind::Stacked,
        mean_scale: (view.means && kind == ChartKind::Stacked)
            .then(|| question.substantive().count()),
        tests: tests_named(question, analysis, lang),
    }
}

/// Under a broken-down table: what the letters and markers compare, and each item's
/// chi-square with df and p.
fn tests_named(question: &Question, analysis: &Analysis, lang: Lang) -> Vec<String> {
    if analysis.groups.is_empty() {
        return Vec::new();
    }
    let mut notes = vec![match lang {
        Lang::Nl => "Hoger dan (letters): het percentage is significant hoger dan dat van de groep met die letter (z-toets op kolomproporties, tweezijdig, 95%, Bonferroni-correctie per rij). \u{25b2}\u{25bc}: significant hoger / lager dan de andere groepen samen (z-toets, 95%, Bonferroni).".to_string(),
        Lang::En => "Higher than (letters): the percentage is significantly higher than that of the group with that letter (z-test of column proportions, two-sided, 95%, Bonferroni-corrected per row). \u{25b2}\u{25bc}: significantly higher / lower than the other groups together (z-test, 95%, Bonferroni).".to_string(),
    }];
    let many = analysis.items.len() > 1 && question.kind != QuestionKind::MultiSelect;
    for item in &analysis.items {
        let Some(chi) = item.crosstab.as_ref().and_then(|x| x.chi_square.as_ref()) else {
            continue;
        };
        let test = match lang {
            Lang::Nl => format!("Chi-kwadraattoets: {}", chi.describe(lang)),
            Lang::En => format!("Chi-square test: {}", chi.describe(lang)),
        };
        notes.push(if many || question.kind == QuestionKind::MultiSelect {
            format!("{}: {test}", item_label(question, item.item, lang))
        } else {
            test
        });
    }
    notes
}

/// The letters of group `g` in a crosstab row (empty when untested or hidden).
fn letters_of(row: Option<&Vec<crate::stats::crosstab::CrossCell>>, g: usize) -> String {
    row.and_then(|r| r.get(g))
        .map(|cell| cell.letters.clone())
        .unwrap_or_default()
}

/// Why a row is not shown (`hidden`, or the whole analysis withheld), in the reader's words.
fn reason(analysis: &Analysis, hidden: Option<Hidden>, lang: Lang) -> Option<String> {
    let threshold = analysis.options.disclosure.unwrap_or_default();
    let hidden = if analysis.withheld {
        Some(Hidden::TooFew)
    } else {
        hidden
    };
    Some(match (hidden?, lang, analysis.withheld) {
        (_, Lang::Nl, true) => {
            format!("Niet getoond: het filter houdt minder dan {threshold} respondenten over of laat er minder dan {threshold} weg")
        }
        (_, Lang::En, true) => {
            format!("Not shown: the filter keeps or leaves out fewer than {threshold} respondents")
        }
        (Hidden::TooFew, Lang::Nl, _) => {
            format!("Niet getoond: minder dan {threshold} respondenten")
        }
        (Hidden::TooFew, Lang::En, _) => format!("Not shown: fewer than {threshold} respondents"),
        (Hidden::Complementary, Lang::Nl, _) => {
            "Niet getoond: anders is een kleinere groep af te leiden".to_string()
        }
        (Hidden::Complementary, Lang::En, _) => {
            "Not shown: it would reveal a smaller group".to_string()
        }
    })
}

/// An item's label; a single-item question's label is the question itself.
fn item_label(question: &Question, item: usize, lang: Lang) -> String {
    let label = question.items[item].label.get(lang);
    if label.is_empty() {
        question.text.get(lang).to_string()
    } else {
        label.to_string()
    }
}
