//! What the reader is looking at — language, section, breakdown, filters, sort, or a single
//! embedded chart — and its form in the URL fragment.
//!
//! The whole state lives in the fragment (`#/?lang=en&by=werkgever&f=werkgever:Gemeente`), so a
//! view can be shared or bookmarked and never reaches a server. Parsing never fails: unknown
//! keys are ignored and a malformed fragment gives the default view, so an old or hand-edited
//! link always opens something. `parse(format(v)) == v` for every view.

use crate::codebook::Lang;
use serde::{Deserialize, Serialize};

/// The page's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub mode: Mode,
    pub lang: Lang,
    /// The section scrolled to, by id.
    pub section: Option<String>,
    /// The breakdown ("Uitsplitsen naar"), by question id.
    pub by: Option<String>,
    /// Filters: for each question, the category values kept (OR within, AND across).
    pub filters: Vec<FilterChoice>,
    /// Likert items sorted by agreement.
    pub sort: bool,
    /// Likert charts show the mean on the scale beside the nets (`mean=1`).
    #[serde(default)]
    pub means: bool,
    /// Embeds: a data file and codebook on the same site (relative URLs).
    pub data: Option<String>,
    pub codebook: Option<String>,
    /// A disclosure threshold (`min=`) for publishing mode and embeds; never below the
    /// default (see `stats::disclosure::threshold`).
    #[serde(default)]
    pub min: Option<u64>,
    /// Publishing mode (`pub=1`): groups and filters of too few respondents are not shown, in
    /// the page, its exports and its links (embeds always publish).
    #[serde(default)]
    pub publish: bool,
    /// A comparison of the survey on screen with another (`cmp=1`): the report is broken down
    /// by which survey a respondent answered (see `compare`). The data of both stays in the
    /// tab; the fragment only says that they are compared.
    #[serde(default)]
    pub compare: bool,
    /// The comparison's reference is this subgroup of the reference survey (`ref=`, as `f=`):
    /// for each question, the categories kept.
    #[serde(default)]
    pub reference: Vec<FilterChoice>,
    /// Raking (`rake=`, as `f=` with a target per answer): the respondents are weighted so
    /// that each of these questions' answers has its target share (see
    /// `stats::weighting::rake`). Empty: the survey's own weighting.
    #[serde(default)]
    pub rake: Vec<RakeChoice>,
    /// Trimming the raked weights to `[low, high]` times the mean weight (`trim=low-high`).
    #[serde(default)]
    pub trim: Option<(f64, f64)>,
}

/// Which page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// The full report.
    #[default]
    Report,
    /// One chart, for an iframe: `#/embed?chart=ID`.
    Embed { chart: String },
}

/// One raking margin: a question and the target of each of its answers, by category value.
/// Targets are shares in any unit (percentages in the page); the engine normalises them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RakeChoice {
    pub question: String,
    pub targets: Vec<(String, f64)>,
}

/// The categories kept of one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterChoice {
    pub question: String,
    pub values: Vec<String>,
}

impl View {
    /// Parses a fragment with or without its leading `#`.
    pub fn parse(fragment: &str) -> View {
        let fragment = fragment.trim_start_matches('#');
        let (path, query) = fragment.split_once('?').unwrap_or((fragment, ""));
        let mut view = View::default();
        let mut chart = None;
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "lang" => {
                    view.lang = if value == "en" { Lang::En } else { Lang::Nl };
                }
                "section" if !value.is_empty() => view.section = Some(value.into_owned()),
                "by" if !value.is_empty() => view.by = Some(value.into_owned()),
                "sort" => view.sort = value == "agree",
                "mean" => view.means = value == "1",
                "chart" if !value.is_empty() => chart = Some(value.into_owned()),
                "data" if !value.is_empty() => view.data = Some(value.into_owned()),
                "codebook" if !value.is_empty() => view.codebook = Some(value.into_owned()),
                "min" => view.min = value.parse::<u64>().ok(),
                "pub" => view.publish = value == "1",
                "cmp" => view.compare = value == "1",
                "f" => {
                    if let Some((question, values)) = parse_choice(&value) {
                        view.set_filter(question, values);
                    }
                }
                "ref" => {
                    if let Some((question, values)) = parse_choice(&value) {
                        set_choice(&mut view.reference, question, values);
                    }
                }
                "rake" => {
                    if let Some(choice) = parse_rake(&value) {
                        view.rake.retain(|r| r.question != choice.question);
                        view.rake.push(choice);
                    }
                }
                "trim" => view.trim = parse_trim(&value),
                _ => {}
            }
        }
        if path.trim_matches('/') == "embed" {
            if let Some(chart) = chart {
                view.mode = Mode::Embed { chart };
            }
        }
        view
    }

    /// The fragment for this view, starting with `#/`.
    pub fn format(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Mode::Embed { chart } = &self.mode {
            query.append_pair("chart", chart);
        }
        if self.lang == Lang::En {
            query.append_pair("lang", "en");
        }
        if let Some(section) = &self.section {
            query.append_pair("section", section);
        }
        if let Some(by) = &self.by {
            query.append_pair("by", by);
        }
        for f in &self.filters {
            query.append_pair("f", &format_choice(f));
        }
        if self.sort {
            query.append_pair("sort", "agree");
        }
        if self.means {
            query.append_pair("mean", "1");
        }
        if let Some(data) = &self.data {
            query.append_pair("data", data);
        }
        if let Some(codebook) = &self.codebook {
            query.append_pair("codebook", codebook);
        }
        if let Some(min) = self.min {
            query.append_pair("min", &min.to_string());
        }
        if self.publish {
            query.append_pair("pub", "1");
        }
        if self.compare {
            query.append_pair("cmp", "1");
        }
        for f in &self.reference {
            query.append_pair("ref", &format_choice(f));
        }
        for r in &self.rake {
            query.append_pair("rake", &format_rake(r));
        }
        if let Some((low, high)) = self.trim {
            query.append_pair("trim", &format!("{low}-{high}"));
        }
        let query = query.finish();
        let path = match self.mode {
            Mode::Report => "#/",
            Mode::Embed { .. } => "#/embed",
        };
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }

    /// Keeps only `values` of `question` (replacing an earlier choice); no values removes it.
    pub fn set_filter(&mut self, question: &str, values: Vec<String>) {
        set_choice(&mut self.filters, question, values);
    }

    /// Removes one value from a question's filter (the filter goes when it is empty).
    pub fn remove_filter_value(&mut self, question: &str, value: &str) {
        for f in &mut self.filters {
            if f.question == question {
                f.values.retain(|v| v != value);
            }
        }
        self.filters.retain(|f| !f.values.is_empty());
    }
}

/// Keeps only `values` of `question` in `choices` (replacing an earlier choice); no values
/// removes it.
pub fn set_choice(choices: &mut Vec<FilterChoice>, question: &str, values: Vec<String>) {
    choices.retain(|f| f.question != question);
    if !values.is_empty() {
        choices.push(FilterChoice {
            question: question.into(),
            values,
        });
    }
}

/// `question:value|value` (values escaped).
fn format_choice(f: &FilterChoice) -> String {
    let values: Vec<String> = f.values.iter().map(|v| escape_value(v)).collect();
    format!("{}:{}", f.question, values.join("|"))
}

/// The question and values of `question:value|value`; `None` when either is empty.
fn parse_choice(value: &str) -> Option<(&str, Vec<String>)> {
    let (question, values) = value.split_once(':')?;
    let values: Vec<String> = values
        .split('|')
        .filter(|v| !v.is_empty())
        .map(unescape_value)
        .collect();
    (!question.is_empty() && !values.is_empty()).then_some((question, values))
}

/// `question:value=48|value=52` (values escaped; the number after a value's last `=`).
/// Rust writes an `f64` without exponent and reads it back exactly.
fn format_rake(r: &RakeChoice) -> String {
    let targets: Vec<String> = r
        .targets
        .iter()
        .map(|(v, t)| format!("{}={t}", escape_value(v)))
        .collect();
    format!("{}:{}", r.question, targets.join("|"))
}

/// The margin of `question:value=48|value=52`; `None` when the question or every target is
/// missing, or a target is no number of zero or more (a value repeated keeps its last target).
fn parse_rake(value: &str) -> Option<RakeChoice> {
    let (question, targets) = value.split_once(':')?;
    let mut parsed: Vec<(String, f64)> = Vec::new();
    for part in targets.split('|').filter(|p| !p.is_empty()) {
        let (v, t) = part.rsplit_once('=')?;
        let t = parse_share(t)?;
        let v = unescape_value(v);
        parsed.retain(|(seen, _)| *seen != v);
        parsed.push((v, t));
    }
    (!question.is_empty() && !parsed.is_empty()).then(|| RakeChoice {
        question: question.into(),
        targets: parsed,
    })
}

/// `low-high`, both zero or more and `low <= high`.
fn parse_trim(value: &str) -> Option<(f64, f64)> {
    let (low, high) = value.split_once('-')?;
    let (low, high) = (parse_share(low)?, parse_share(high)?);
    (low <= high).then_some((low, high))
}

/// A finite number of zero or more (`-0` read as 0).
fn parse_share(text: &str) -> Option<f64> {
    crate::format::parse_f64(text.trim())
        .filter(|t| t.is_finite() && *t >= 0.0)
        .map(|t| t + 0.0)
}

/// Category values may contain `|` (the separator) and `%`; both are escaped.
fn escape_value(v: &str) -> String {
    v.replace('%', "%25").replace('|', "%7C")
}

fn unescape_value(v: &str) -> String {
    v.replace("%7C", "|").replace("%25", "%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_view_is_the_dutch_report() {
        assert_eq!(View::parse(""), View::default());
        assert_eq!(View::parse("#/"), View::default());
        assert_eq!(View::default().format(), "#/");
    }

    #[test]
    fn a_full_view_round_trips_through_the_fragment() {
        let mut v = View {
            lang: Lang::En,
            section: Some("competenties".into()),
            by: Some("werkgever".into()),
            sort: true,
            means: true,
            publish: true,
            min: Some(15),
            compare: true,
            ..View::default()
        };
        set_choice(&mut v.reference, "werkgever", vec!["Gemeente".into()]);
        set_choice(
            &mut v.reference,
            "gemeentegrootte",
            vec!["a|b".into(), "c".into()],
        );
        v.set_filter("werkgever", vec!["Gemeente".into(), "A|B 100%".into()]);
        v.set_filter("leeftijd", vec!["25-34".into()]);
        let fragment = v.format();
        assert_eq!(View::parse(&fragment), v);
    }

    #[test]
    fn embed_links_name_their_chart() {
        let v = View::parse("#/embed?chart=org-developments&by=employer&lang=nl");
        assert_eq!(
            v.mode,
            Mode::Embed {
                chart: "org-developments".into()
            }
        );
        assert_eq!(v.by.as_deref(), Some("employer"));
        assert_eq!(View::parse(&v.format()), v);
        // An embed path without a chart is the report.
        assert_eq!(View::parse("#/embed").mode, Mode::Report);
    }

    #[test]
    fn an_embed_threshold_round_trips_and_nonsense_is_ignored() {
        let v = View::parse("#/embed?chart=organisatie&data=d.csv&min=25");
        assert_eq!(v.min, Some(25));
        assert_eq!(View::parse(&v.format()), v);
        for bad in ["min=", "min=-3", "min=abc", "min=99999999999999999999999"] {
            assert_eq!(
                View::parse(&format!("#/embed?chart=x&{bad}")).min,
                None,
                "{bad}"
            );
        }
    }

    #[test]
    fn malformed_fragments_give_a_usable_view() {
        let v = View::parse("#/?f=nocolon&f=:x&f=q:&lang=xx&by=&zzz=1&%ZZ");
        assert_eq!(v, View::default());
    }

    #[test]
    fn removing_the_last_value_removes_the_filter() {
        let mut v = View::default();
        v.set_filter("w", vec!["a".into(), "b".into()]);
        v.remove_filter_value("w", "a");
        assert_eq!(v.filters[0].values, vec!["b".to_string()]);
        v.remove_filter_value("w", "b");
        assert!(v.filters.is_empty());
    }
}
