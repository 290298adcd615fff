//! The view a file came from, said in the file and in its name: a chart exported while the
//! report is broken down, filtered or weighted says so under its title, and its file is named
//! after the chart, the breakdown and the filter (`peiling-competenties-naar-generatie-jonger-dan-35.xlsx`),
//! so two exports of one chart never share a name and a file read months later still says
//! which respondents it counts.
//!
//! What stays true: a chart's context line names the breakdown only when the chart is broken
//! down (a chart of the breakdown's own question is not), every filter with the labels of its
//! kept answers and the respondents within it out of all, and the weighting when there is
//! one; a view without breakdown, filter or weight adds nothing; file names hold only
//! `a-z`, `0-9` and `-` (accents folded), at most [`MAX_STEM`] characters.

use crate::chart::{caption, ChartInput};
use crate::codebook::Lang;
use crate::format;
use crate::report::{
    base_weights, choices, raked_names, within_filter, ChartReport, Report, Weighing,
};
use crate::survey::Survey;
use crate::view::View;

/// The longest file name stem (without extension) this module makes.
pub const MAX_STEM: usize = 100;

/// One filter in force: the question's wording and the labels of the answers kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterLabel {
    pub question: String,
    pub values: Vec<String>,
}

/// What a file says about the view it was exported from.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewContext {
    pub lang: Lang,
    /// The breakdown: (question id, its wording).
    pub breakdown: Option<(String, String)>,
    pub filters: Vec<FilterLabel>,
    /// The weight column, when the codebook names one and the view does not rake.
    pub weight: Option<String>,
    /// The questions the view rakes to, by their wording (empty: no raking).
    pub raked: Vec<String>,
    /// Respondents within the filter, and in the file.
    pub respondents_n: u64,
    pub total_n: u64,
}

impl ViewContext {
    /// The context of `report`, computed from `view` on `survey`. Filters on unknown
    /// questions or values (which the report ignores too) are left out.
    pub fn of(survey: &Survey, view: &View, report: &Report) -> ViewContext {
        let breakdown = report
            .breakdown
            .as_ref()
            .map(|b| (b.question.clone(), b.label.clone()));
        let counts = (report.respondents_n, report.total_n);
        ViewContext::with_counts(survey, view, breakdown, counts, &report.weighing)
    }

    /// The context of one chart of `view` without its report (an embedded chart): the
    /// respondents within the filter are counted here.
    pub fn for_view(survey: &Survey, view: &View) -> ViewContext {
        let lang = view.lang;
        let breakdown = view
            .by
            .as_deref()
            .and_then(|id| survey.codebook.question(id))
            .filter(|q| q.kind.is_categorical())
            .map(|q| (q.id.clone(), q.text.get(lang).to_string()));
        let total = survey.rows() as u64;
        let base = base_weights(survey, view);
        let within = within_filter(survey, view, base.weights)
            .map_or(total, |w| w.iter().filter(|&&w| w > 0.0).count() as u64);
        ViewContext::with_counts(survey, view, breakdown, (within, total), &base.weighing)
    }

    fn with_counts(
        survey: &Survey,
        view: &View,
        breakdown: Option<(String, String)>,
        (respondents_n, total_n): (u64, u64),
        weighing: &Weighing,
    ) -> ViewContext {
        let lang = view.lang;
        let filters = view
            .filters
            .iter()
            .filter_map(|f| {
                let question = survey.codebook.question(&f.question)?;
                let labels = choices(question, lang);
                let values: Vec<String> = f
                    .values
                    .iter()
                    .filter_map(|v| labels.iter().find(|(value, _)| value == v))
                    .map(|(_, label)| label.clone())
                    .collect();
                (!values.is_empty()).then(|| FilterLabel {
                    question: question.text.get(lang).to_string(),
                    values,
                })
            })
            .collect();
        ViewContext {
            lang,
            breakdown,
            filters,
            weight: match weighing {
                Weighing::Column(column) => Some(column.clone()),
                _ => None,
            },
            raked: match weighing {
                Weighing::Raked { questions, .. } => questions
                    .iter()
                    .map(|id| raked_names(survey, std::slice::from_ref(id), lang))
                    .collect(),
                _ => Vec::new(),
            },
            respondents_n,
            total_n,
        }
    }

    /// Whether the view adds anything to a chart's own title and base.
    pub fn is_plain(&self) -> bool {
        self.breakdown.is_none()
            && self.filters.is_empty()
            && self.weight.is_none()
            && self.raked.is_empty()
    }

    /// The filter line: "Filter: Werkgever: Gemeente (n = 312 van 1.601)".
    pub fn filter_line(&self) -> Option<String> {
        if self.filters.is_empty() {
            return None;
        }
        let (or, of) = match self.lang {
            Lang::Nl => (" of ", "van"),
            Lang::En => (" or ", "of"),
        };
        let parts: Vec<String> = self
            .filters
            .iter()
            .map(|f| format!("{}: {}", f.question, f.values.join(or)))
            .collect();
        Some(format!(
            "Filter: {} (n = {} {of} {})",
            parts.join("; "),
            format::count(self.respondents_n, self.lang),
            format::count(self.total_n, self.lang)
        ))
    }

    /// The weighting line: "Gewogen (weegfactor: gewicht)", or for raking "Gewogen (raking
    /// naar: Geslacht, Leeftijd)".
    pub fn weight_line(&self) -> Option<String> {
        if !self.raked.is_empty() {
            let to = self.raked.join(", ");
            return Some(match self.lang {
                Lang::Nl => format!("Gewogen (raking naar: {to})"),
                Lang::En => format!("Weighted (raked to: {to})"),
            });
        }
        self.weight.as_ref().map(|w| match self.lang {
            Lang::Nl => format!("Gewogen (weegfactor: {w})"),
            Lang::En => format!("Weighted (weight: {w})"),
        })
    }

    /// The breakdown line: "Uitgesplitst naar: Generatie".
    pub fn breakdown_line(&self) -> Option<String> {
        self.breakdown.as_ref().map(|(_, label)| match self.lang {
            Lang::Nl => format!("Uitgesplitst naar: {label}"),
            Lang::En => format!("Broken down by: {label}"),
        })
    }

    /// The lines that describe the whole report's view (breakdown, filter, weighting).
    pub fn report_lines(&self) -> Vec<String> {
        [
            self.breakdown_line(),
            self.filter_line(),
            self.weight_line(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// What the view adds to `input`'s title and base: the breakdown (if the chart is broken
    /// down), the filter and the weighting.
    pub fn chart_lines(&self, input: &ChartInput) -> Vec<String> {
        let broken_down = input.rows.iter().any(|r| r.group.is_some());
        [
            self.breakdown_line().filter(|_| broken_down),
            self.filter_line(),
            self.weight_line(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// `input` with its view in the subtitle: the chart's own base and what the percentages
    /// are of, then [`ViewContext::chart_lines`].
    pub fn input(&self, input: &ChartInput) -> ChartInput {
        let mut out = input.clone();
        for line in self.chart_lines(input) {
            if !out.subtitle.is_empty() {
                out.subtitle.push_str(" · ");
            }
            out.subtitle.push_str(&line);
        }
        out
    }

    /// `chart` with its view in the chart's subtitle and in its table's caption, for export.
    pub fn chart(&self, chart: &ChartReport) -> ChartReport {
        let mut out = chart.clone();
        out.input = self.input(&chart.input);
        out.table.caption = caption(&out.input);
        out
    }

    /// A file name stem for a chart (`Some(id)`) or the whole report (`None`):
    /// `peiling-competenties-naar-generatie-jonger-dan-35`.
    pub fn file_stem(&self, chart: Option<&str>) -> String {
        let what = match (chart, self.lang) {
            (Some(id), _) => slug(id),
            (None, Lang::Nl) => "rapport".into(),
            (None, Lang::En) => "report".into(),
        };
        let mut parts = vec!["peiling".to_string(), what];
        if let Some((id, _)) = &self.breakdown {
            parts.push(
                match self.lang {
                    Lang::Nl => "naar",
                    Lang::En => "by",
                }
                .into(),
            );
            parts.push(slug(id));
        }
        for filter in &self.filters {
            parts.extend(filter.values.iter().map(|v| slug(v)));
        }
        parts.retain(|p| !p.is_empty());
        let mut stem = parts.join("-");
        if stem.len() > MAX_STEM {
            stem.truncate(MAX_STEM);
            stem.truncate(stem.rfind('-').unwrap_or(MAX_STEM));
        }
        stem
    }
}

/// `text` as a file-name part: lower case ASCII letters and digits, accents folded, every
/// other run of characters one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => Some('a'),
            'è' | 'é' | 'ê' | 'ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' => Some('i'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => Some('o'),
            'ù' | 'ú' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            'ñ' => Some('n'),
            'ý' | 'ÿ' => Some('y'),
            _ => None,
        };
        match folded {
            Some(c) => out.push(c),
            None if c == 'ĳ' => out.push_str("ij"),
            None if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            None => {}
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_digits_and_fold_accents() {
        assert_eq!(slug("Jonger dan 35"), "jonger-dan-35");
        assert_eq!(slug("  Één café, 55 en ouder! "), "een-cafe-55-en-ouder");
        assert_eq!(slug("Vmbo, mbo-1"), "vmbo-mbo-1");
        assert_eq!(slug("ĳsbaan"), "ijsbaan");
        assert_eq!(slug("<script>"), "script");
        assert_eq!(slug("—"), "");
    }
}
