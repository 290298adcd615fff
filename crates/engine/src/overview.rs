//! The report's overview: one line per charted question — its base and its headline figure —
//! for the top of a report of many questions, so a reader sees the whole survey before the
//! charts.
//!
//! What stays true: every figure is one the chart itself shows, rounded as the chart rounds
//! it (whole percentages, half up); a hidden row (publishing, too few respondents) is never
//! used, and a question whose rows are all hidden says so instead of a figure; tied figures
//! are named together. The overview is of all respondents within the filters: with a
//! breakdown (or a comparison) there is none, as a pooled figure would hide what the
//! breakdown shows.

use serde::Serialize;

use crate::chart::layout::net_of;
use crate::chart::{ChartInput, ChartKind, Role};
use crate::codebook::Lang;
use crate::report::{ChartReport, Report};
use crate::rounding::percent_half_up;
use crate::stats::scale_ends::End;
use crate::stats::sentences::quoted_list as names;

/// Reports of at least this many charts get an overview (the bundled consultation, 11 charts
/// in sections with their own key sentences, does not).
pub const MIN_CHARTS: usize = 12;

/// One question's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewLine {
    /// The chart's id (its anchor is `c-{id}-title`).
    pub chart: String,
    pub title: String,
    /// Respondents with an answer (unweighted).
    pub base_n: u64,
    /// The headline: "96% (zeer) eens", "Hoogst: ‘Tegenspraak geven’, 96% (zeer) eens",
    /// "Meest gekozen: ‘Gemeente’ (40%)"; "Niet getoond" when every row is hidden.
    pub headline: String,
}

/// The overview of `report`, or nothing for a short report or one with a breakdown.
pub fn overview(report: &Report) -> Vec<OverviewLine> {
    if report.chart_count() < MIN_CHARTS || report.breakdown.is_some() {
        return Vec::new();
    }
    report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .map(|chart| OverviewLine {
            chart: chart.id.clone(),
            title: chart.input.title.clone(),
            base_n: chart.base_n,
            headline: headline(chart).unwrap_or_else(|| hidden(report.lang).to_string()),
        })
        .collect()
}

fn hidden(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Niet getoond",
        Lang::En => "Not shown",
    }
}

/// The labels with the largest figure, and that figure.
fn top<'a>(figures: impl Iterator<Item = (&'a str, u32)>) -> Option<(Vec<&'a str>, u32)> {
    let figures: Vec<(&str, u32)> = figures.collect();
    let best = figures.iter().map(|f| f.1).max()?;
    Some((
        figures
            .iter()
            .filter(|f| f.1 == best)
            .map(|f| f.0)
            .collect(),
        best,
    ))
}

fn headline(chart: &ChartReport) -> Option<String> {
    let input = &chart.input;
    let lang = input.lang;
    let scale = input.kind == ChartKind::Stacked
        && input
            .categories
            .iter()
            .any(|c| matches!(c.role, Role::Positive(_)));
    if scale {
        let words = crate::chart::layout::scale_ends(input).short(End::Positive, lang);
        let nets: Vec<(&str, u32)> = visible_rows(input)
            .filter_map(|r| net_of(input, r).map(|n| (r.label.as_str(), n.agree)))
            .collect();
        if input.rows.len() == 1 {
            let (_, p) = nets.first()?;
            return Some(format!("{p}% {words}"));
        }
        let (labels, p) = top(nets.into_iter())?;
        let highest = match lang {
            Lang::Nl => "Hoogst",
            Lang::En => "Highest",
        };
        return Some(format!("{highest}: {}, {p}% {words}", names(&labels, lang)));
    }
    let (labels, p) = if input.kind == ChartKind::Stacked {
        // A grid of answers that are no scale: the most given answer over its rows.
        top(input.categories.iter().enumerate().filter_map(|(k, c)| {
            let (part, whole) = visible_rows(input).fold((0.0, 0.0), |(p, w), r| {
                (
                    p + r.values.get(k).copied().unwrap_or(0.0),
                    w + r.values.iter().sum::<f64>(),
                )
            });
            (whole > 0.0).then(|| (c.label.as_str(), percent_half_up(part, whole)))
        }))?
    } else {
        top(visible_rows(input)
            .filter(|r| r.n > 0.0 && !r.exclusive)
            .map(|r| {
                (
                    r.label.as_str(),
                    percent_half_up(r.values.first().copied().unwrap_or(0.0), r.n),
                )
            }))?
    };
    // One answer in the chart (the one option a file kept of a question): nothing to be "most".
    let most = match (lang, visible_rows(input).count()) {
        (Lang::Nl, 1) => "Gekozen",
        (Lang::En, 1) => "Chosen",
        (Lang::Nl, _) => "Meest gekozen",
        (Lang::En, _) => "Most chosen",
    };
    Some(match labels.as_slice() {
        [_] => format!("{most}: {} ({p}%)", names(&labels, lang)),
        _ => match lang {
            Lang::Nl => format!("{most}: {} (elk {p}%)", names(&labels, lang)),
            Lang::En => format!("{most}: {} ({p}% each)", names(&labels, lang)),
        },
    })
}

fn visible_rows(input: &ChartInput) -> impl Iterator<Item = &crate::chart::RowInput> {
    input
        .rows
        .iter()
        .filter(|r| !r.suppressed && r.group.is_none())
}
