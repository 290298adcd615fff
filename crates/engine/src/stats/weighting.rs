//! Respondent weights: from a weight column in the file, or by raking (iterative proportional
//! fitting) to target margins on one or more questions, with optional trimming; and the
//! summary a statistician checks before trusting them (range, Kish effective n, design effect).
//!
//! What stays true: weights are one `f64` per respondent; a respondent without a usable weight
//! gets 0 and is left out of every analysis (as SPSS does). Raking keeps the weighted total
//! equal to the starting total (the number of respondents for unit starting weights), so the
//! mean weight stays 1. A respondent without a valid answer on a raking question is left out of
//! that margin's adjustment: the margin is fitted among those who answered it.

use super::{counts, Tally};
use crate::survey::{parse_number, ResolveError, Survey};
use serde::{Deserialize, Serialize};

/// Why weights could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightError {
    Resolve(ResolveError),
    /// The named weight column is not in the data.
    NoColumn(String),
    /// A margin's targets do not match its question's categories.
    Targets {
        question: String,
        message: String,
    },
}

impl std::fmt::Display for WeightError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Resolve(e) => write!(f, "{e}"),
            Self::NoColumn(c) => write!(f, "there is no weight column '{c}' in the data"),
            Self::Targets { question, message } => {
                write!(f, "raking targets for '{question}': {message}")
            }
        }
    }
}

impl std::error::Error for WeightError {}

impl From<ResolveError> for WeightError {
    fn from(e: ResolveError) -> Self {
        WeightError::Resolve(e)
    }
}

/// The figures that describe a set of weights.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct WeightSummary {
    /// Respondents with a weight that counts.
    pub n: u64,
    /// Respondents whose weight is missing, zero, negative or not a number.
    pub unusable: u64,
    pub total: f64,
    pub min: f64,
    pub max: f64,
    /// Kish's effective sample size `(Σw)² / Σw²`.
    pub effective_n: f64,
    /// Kish's design effect due to weighting `n / effective_n = 1 + CV²(w)`.
    pub design_effect: f64,
}

impl WeightSummary {
    pub fn of(weights: &[f64]) -> Self {
        let (mut n, mut total, mut total_sq) = (0u64, 0.0, 0.0);
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        for &w in weights.iter().filter(|&&w| counts(w)) {
            n += 1;
            total += w;
            total_sq += w * w;
            min = min.min(w);
            max = max.max(w);
        }
        let effective_n = if total_sq > 0.0 {
            total * total / total_sq
        } else {
            0.0
        };
        WeightSummary {
            n,
            unusable: weights.len() as u64 - n,
            total,
            min: if n > 0 { min } else { 0.0 },
            max: if n > 0 { max } else { 0.0 },
            effective_n,
            design_effect: if effective_n > 0.0 {
                n as f64 / effective_n
            } else {
                0.0
            },
        }
    }
}

/// Ways to obtain weights.
pub struct Weights;

impl Weights {
    /// Every respondent weighs 1.
    pub fn unit(survey: &Survey) -> Vec<f64> {
        vec![1.0; survey.rows()]
    }

    /// The weights in column `column` (decimal point or comma); empty, unreadable, zero or
    /// negative cells give 0, which leaves the respondent out.
    pub fn from_column(survey: &Survey, column: &str) -> Result<Vec<f64>, WeightError> {
        let col = survey
            .data
            .column(column)
            .ok_or_else(|| WeightError::NoColumn(column.into()))?;
        Ok((0..survey.rows())
            .map(|row| {
                col.cell(row)
                    .and_then(parse_number)
                    .filter(|&w| counts(w))
                    .unwrap_or(0.0)
            })
            .collect())
    }

    /// The codebook's weight column, or unit weights when it names none.
    pub fn from_codebook(survey: &Survey) -> Result<Vec<f64>, WeightError> {
        match &survey.codebook.weight {
            Some(column) => Weights::from_column(survey, column),
            None => Ok(Weights::unit(survey)),
        }
    }
}

/// Why `column` of `data` cannot weigh the respondents, in Dutch and English; `None` when it
/// can: every filled cell a number, none negative, at least one above zero. (A weight that is
/// text would otherwise leave every respondent out, or the report silently unweighted.)
pub fn weight_problem(data: &crate::dataset::Dataset, column: &str) -> Option<crate::Text> {
    use crate::dataset::Values;
    use crate::Text;
    let Some(col) = data.column(column) else {
        return Some(Text::with_en(
            format!("Er is geen kolom ‘{column}’."),
            format!("There is no column ‘{column}’."),
        ));
    };
    let mut values: Vec<&str> = match &col.values {
        Values::Coded { levels, .. } => levels.iter().map(String::as_str).collect(),
        Values::Text(_) => (0..data.rows).filter_map(|r| col.cell(r)).collect(),
    };
    values.retain(|v| !v.trim().is_empty());
    let mut positive = false;
    for value in values {
        match parse_number(value) {
            None => {
                return Some(Text::with_en(
                    format!("De kolom ‘{column}’ bevat tekst (zoals ‘{value}’) en kan geen weegfactor zijn: kies een kolom met getallen."),
                    format!("The column ‘{column}’ holds text (such as ‘{value}’) and cannot be a weight: choose a column of numbers."),
                ))
            }
            Some(w) if w < 0.0 => {
                return Some(Text::with_en(
                    format!("De kolom ‘{column}’ bevat een negatief getal ({value}) en kan geen weegfactor zijn."),
                    format!("The column ‘{column}’ holds a negative number ({value}) and cannot be a weight."),
                ))
            }
            Some(w) if w > 0.0 => positive = true,
            Some(_) => {}
        }
    }
    (!positive).then(|| {
        Text::with_en(
            format!("De kolom ‘{column}’ heeft geen gewicht groter dan nul en kan geen weegfactor zijn."),
            format!("The column ‘{column}’ has no weight above zero and cannot be a weight."),
        )
    })
}

/// Target shares of one question's categories.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Margin {
    pub question: String,
    /// Item of the question (0 for single-item questions).
    #[serde(default)]
    pub item: usize,
    /// One target per category, as shares or counts (normalised to sum 1).
    pub targets: Vec<f64>,
}

/// How raking runs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RakeOptions {
    /// Stop when every weighted margin share is within this of its target.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    #[serde(default = "default_max_iterations")]
    pub max_iterations: usize,
    /// Trim weights to `[min, max]` times the mean weight after raking, then rake again
    /// (repeated until nothing needs trimming or the iterations run out).
    #[serde(default)]
    pub trim: Option<(f64, f64)>,
}

fn default_tolerance() -> f64 {
    1e-10
}

fn default_max_iterations() -> usize {
    1000
}

impl Default for RakeOptions {
    fn default() -> Self {
        RakeOptions {
            tolerance: default_tolerance(),
            max_iterations: default_max_iterations(),
            trim: None,
        }
    }
}

/// The outcome of raking.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Raking {
    pub weights: Vec<f64>,
    pub converged: bool,
    /// Passes over all margins.
    pub iterations: usize,
    /// The largest difference between a weighted margin share and its target at the end.
    pub max_deviation: f64,
    /// Respondents whose weight was trimmed (in the last trimming round).
    pub trimmed: u64,
    pub summary: WeightSummary,
}

/// Rakes `start` weights (one per respondent; zero leaves a respondent out) to `margins`.
pub fn rake(
    survey: &Survey,
    start: &[f64],
    margins: &[Margin],
    options: &RakeOptions,
) -> Result<Raking, WeightError> {
    let rows = survey.rows();
    let mut weights: Vec<f64> = (0..rows)
        .map(|r| start.get(r).copied().filter(|&w| counts(w)).unwrap_or(0.0))
        .collect();
    let total: f64 = weights.iter().sum();
    // Per margin: each respondent's category (or MISSING) and the normalised targets.
    let mut prepared = Vec::with_capacity(margins.len());
    for margin in margins {
        let variable = survey.variable(&margin.question, margin.item)?;
        if margin.targets.len() != variable.categories {
            return Err(WeightError::Targets {
                question: margin.question.clone(),
                message: format!(
                    "{} targets given for {} categories",
                    margin.targets.len(),
                    variable.categories
                ),
            });
        }
        if margin.targets.iter().any(|t| !t.is_finite() || *t < 0.0) {
            return Err(WeightError::Targets {
                question: margin.question.clone(),
                message: "targets must be zero or positive numbers".into(),
            });
        }
        let sum: f64 = margin.targets.iter().sum();
        if sum <= 0.0 {
            return Err(WeightError::Targets {
                question: margin.question.clone(),
                message: "the targets sum to zero".into(),
            });
        }
        let categories: Vec<u16> = (0..rows).map(|r| variable.get(r)).collect();
        let targets: Vec<f64> = margin.targets.iter().map(|t| t / sum).collect();
        prepared.push((categories, targets));
    }

    let mut iterations = 0;
    let mut trimmed = 0;
    let mut max_deviation;
    loop {
        max_deviation = f64::INFINITY;
        while iterations < options.max_iterations {
            iterations += 1;
            for (categories, targets) in &prepared {
                let shares = weighted_shares(categories, &weights, targets.len());
                for (w, &c) in weights.iter_mut().zip(categories) {
                    if let Some((&target, &(share, _))) =
                        targets.get(c as usize).zip(shares.get(c as usize))
                    {
                        if share > 0.0 {
                            *w *= target / share;
                        }
                    }
                }
            }
            max_deviation = prepared
                .iter()
                .map(|(categories, targets)| {
                    weighted_shares(categories, &weights, targets.len())
                        .iter()
                        .zip(targets)
                        // A category without respondents cannot be fitted: not counted.
                        .filter(|((_, n), _)| *n > 0)
                        .map(|((share, _), target)| (share - target).abs())
                        .fold(0.0, f64::max)
                })
                .fold(0.0, f64::max);
            if max_deviation <= options.tolerance {
                break;
            }
        }
        let Some((low, high)) = options.trim else {
            break;
        };
        let mean = total / weights.iter().filter(|&&w| counts(w)).count().max(1) as f64;
        let (low, high) = (low * mean, high * mean);
        let mut changed = 0;
        for w in weights.iter_mut().filter(|w| counts(**w)) {
            if *w < low - 1e-12 * mean || *w > high + 1e-12 * mean {
                *w = w.clamp(low, high);
                changed += 1;
            }
        }
        if changed == 0 || iterations >= options.max_iterations {
            break;
        }
        trimmed = changed;
    }
    // Keep the starting total (raking to shares fixes proportions, not the sum).
    let now: f64 = weights.iter().sum();
    if now > 0.0 {
        weights.iter_mut().for_each(|w| *w *= total / now);
    }
    let summary = WeightSummary::of(&weights);
    Ok(Raking {
        converged: max_deviation <= options.tolerance,
        iterations,
        max_deviation,
        trimmed,
        summary,
        weights,
    })
}

/// Per category: the weighted share among respondents with a category, and their count.
fn weighted_shares(categories: &[u16], weights: &[f64], k: usize) -> Vec<(f64, u64)> {
    let mut tally = Tally::new(k);
    for (&c, &w) in categories.iter().zip(weights) {
        tally.add(c, w);
    }
    let total = tally.valid().w;
    tally
        .categories
        .iter()
        .map(|cell| (if total > 0.0 { cell.w / total } else { 0.0 }, cell.n))
        .collect()
}

/// Whether `question` can be a raking margin: one answer from a list (a single-choice
/// question, or a number in bins).
pub fn can_rake(question: &crate::codebook::Question) -> bool {
    use crate::codebook::QuestionKind;
    question.items.len() == 1
        && match question.kind {
            QuestionKind::SingleChoice => true,
            QuestionKind::Numeric => !question.bins.is_empty(),
            _ => false,
        }
}

/// Why the targets typed for one question's answers (`None`: left empty or no number) cannot
/// be raking targets, in Dutch and English; `None` when they can: every answer a number of
/// zero or more, some above zero, and — as percentages (`counts` false) — together 100
/// (within 0.01). Population counts may add up to anything.
pub fn shares_problem(
    question: &str,
    targets: &[Option<f64>],
    counts: bool,
) -> Option<crate::Text> {
    use crate::format::decimal;
    use crate::{Lang, Text};
    if targets
        .iter()
        .any(|s| !s.is_some_and(|s| s.is_finite() && s >= 0.0))
    {
        return Some(if counts {
            Text::with_en(
                format!("‘{question}’: geef elk antwoord een aantal van 0 of meer."),
                format!("‘{question}’: give every answer a count of 0 or more."),
            )
        } else {
            Text::with_en(
                format!("‘{question}’: geef elk antwoord een percentage van 0 of meer."),
                format!("‘{question}’: give every answer a percentage of 0 or more."),
            )
        });
    }
    let sum: f64 = targets.iter().flatten().sum();
    if counts {
        return (sum <= 0.0).then(|| {
            Text::with_en(
                format!("‘{question}’: de aantallen zijn samen 0."),
                format!("‘{question}’: the counts add up to 0."),
            )
        });
    }
    ((sum - 100.0).abs() > 0.01).then(|| {
        Text::with_en(
            format!(
                "‘{question}’: de percentages tellen op tot {}, niet tot 100.",
                decimal(sum, 2, Lang::Nl)
            ),
            format!(
                "‘{question}’: the percentages add up to {}, not 100.",
                decimal(sum, 2, Lang::En)
            ),
        )
    })
}

/// The numbers in text pasted from a table: per non-empty line, its last cell (cells split
/// by tabs or semicolons) read as a number — "8.000" and "1,234,567" with thousands
/// separators, "12,5" and "8,000" with a decimal comma (as Dutch writes them), a trailing "%"
/// ignored —, `None` where the cell is no number.
pub fn pasted_numbers(text: &str) -> Vec<Option<f64>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cell = line
                .split(['\t', ';'])
                .map(str::trim)
                .rfind(|c| !c.is_empty())
                .unwrap_or("");
            let cell = cell
                .trim_end_matches('%')
                .trim()
                .replace([' ', '\u{a0}'], "");
            // Digits grouped by three with one kind of separator: a thousands separator.
            let grouped = cell
                .find(['.', ','])
                .map(|i| cell.as_bytes()[i])
                .filter(|&sep| {
                    let parts: Vec<&str> = cell.split(sep as char).collect();
                    parts.len() > 1
                        && (1..=3).contains(&parts[0].len())
                        && parts[1..].iter().all(|p| p.len() == 3)
                        && parts
                            .iter()
                            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                        && (parts.len() > 2 || sep == b'.')
                });
            match grouped {
                Some(sep) => crate::format::parse_f64(&cell.replace(sep as char, "")),
                None => parse_number(&cell),
            }
        })
        .collect()
}

/// The margins of a view's raking targets (answers named by their category value), checked:
/// the question exists and [`can_rake`], every answer has a target of zero or more, the
/// targets are not all zero and no answer that nobody gave has a target above zero (raking
/// could not reach it). The reason otherwise is in Dutch and English.
pub fn view_margins(
    survey: &Survey,
    choices: &[crate::view::RakeChoice],
) -> Result<Vec<Margin>, crate::Text> {
    use crate::Text;
    let mut margins = Vec::with_capacity(choices.len());
    for choice in choices {
        let id = &choice.question;
        let Some(question) = survey.codebook.question(id).filter(|q| can_rake(q)) else {
            return Err(Text::with_en(
                format!("Weging: ‘{id}’ is geen vraag met één antwoord uit een lijst; er is niet naar gewogen."),
                format!("Weighting: ‘{id}’ is no question with one answer from a list; it was not weighted to."),
            ));
        };
        let (name, name_en) = (&question.text.nl, question.text.get(crate::Lang::En));
        let variable = survey
            .variable(id, 0)
            .map_err(|e| Text::new(e.to_string()))?;
        let answers: Vec<(usize, String, &Text)> = if question.bins.is_empty() {
            question
                .categories
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.missing)
                .map(|(i, c)| (i, c.value.clone(), &c.label))
                .collect()
        } else {
            question
                .bins
                .iter()
                .enumerate()
                .map(|(i, b)| (i, b.label.nl.clone(), &b.label))
                .collect()
        };
        for (value, _) in &choice.targets {
            if !answers.iter().any(|(_, v, _)| v == value) {
                return Err(Text::with_en(
                    format!("Weging: ‘{value}’ is geen antwoord op ‘{name}’."),
                    format!("Weighting: ‘{value}’ is not an answer to ‘{name_en}’."),
                ));
            }
        }
        let mut given = vec![0u64; variable.categories];
        for row in 0..survey.rows() {
            if let Some(n) = given.get_mut(variable.get(row) as usize) {
                *n += 1;
            }
        }
        let mut targets = vec![0.0; variable.categories];
        for (index, value, label) in &answers {
            let Some(&(_, target)) = choice.targets.iter().find(|(v, _)| v == value) else {
                let (label, label_en) = (&label.nl, label.get(crate::Lang::En));
                return Err(Text::with_en(
                    format!("Weging: ‘{name}’ heeft geen streefaandeel voor ‘{label}’."),
                    format!("Weighting: ‘{name_en}’ has no target for ‘{label_en}’."),
                ));
            };
            let (label, label_en) = (&label.nl, label.get(crate::Lang::En));
            if !target.is_finite() || target < 0.0 {
                return Err(Text::with_en(
                    format!("Weging: het streefaandeel van ‘{label}’ is geen getal van 0 of meer."),
                    format!("Weighting: the target of ‘{label_en}’ is no number of 0 or more."),
                ));
            }
            if target > 0.0 && given.get(*index).copied().unwrap_or(0) == 0 {
                return Err(Text::with_en(
                    format!("Weging: niemand antwoordde ‘{label}’ op ‘{name}’, dus dat antwoord kan geen streefaandeel boven 0 krijgen."),
                    format!("Weighting: nobody answered ‘{label_en}’ to ‘{name_en}’, so that answer cannot have a target above 0."),
                ));
            }
            targets[*index] = target;
        }
        if targets.iter().sum::<f64>() <= 0.0 {
            return Err(Text::with_en(
                format!("Weging: de streefaandelen van ‘{name}’ zijn samen 0."),
                format!("Weighting: the targets of ‘{name_en}’ add up to 0."),
            ));
        }
        margins.push(Margin {
            question: id.clone(),
            item: 0,
            targets,
        });
    }
    Ok(margins)
}

/// Rakes the respondents to a view's targets (`rake=`, `trim=`), from unit weights as the
/// command line's `--rake` does: raking replaces a weight column.
pub fn rake_view(
    survey: &Survey,
    choices: &[crate::view::RakeChoice],
    trim: Option<(f64, f64)>,
) -> Result<Raking, crate::Text> {
    let margins = view_margins(survey, choices)?;
    let options = RakeOptions {
        trim,
        ..RakeOptions::default()
    };
    rake(survey, &Weights::unit(survey), &margins, &options)
        .map_err(|e| crate::Text::new(e.to_string()))
}
