//! A dataset read through its codebook: the place where cells become answer categories.
//!
//! Nothing is copied: a [`Variable`] pairs a column's codes with a lookup table from the
//! column's levels to the question's category indices, so counting a question is one pass
//! over the column's `u16` codes. Multi-select options become two-category variables
//! (0 = not chosen, 1 = chosen) that are missing for respondents who answered none of the
//! question's options, so the base of a multi-select is "respondents who gave any answer" —
//! or every respondent ([`Question::base_all`]: a checkbox of one option, or a file that holds
//! only some of the options).

use crate::codebook::{Codebook, Item, Question, QuestionKind};
use crate::dataset::{Dataset, Values, MISSING};
use std::sync::Arc;

/// A dataset with its codebook.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    pub data: Dataset,
    pub codebook: Codebook,
    /// Per column, how many cells hold each code (the last slot: missing), when they were
    /// counted already (see [`Survey::with_code_counts`]).
    code_counts: Vec<Option<Arc<[u64]>>>,
}

impl Default for Codebook {
    fn default() -> Self {
        Codebook::new(Vec::new())
    }
}

/// Why a question could not be read from the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    UnknownQuestion(String),
    UnknownItem {
        question: String,
        item: usize,
    },
    /// The codebook names a column the data does not have.
    MissingColumn {
        question: String,
        column: String,
    },
    /// A text column (too many distinct values) cannot be counted.
    NotCategorical {
        question: String,
        column: String,
    },
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownQuestion(q) => write!(f, "there is no question '{q}' in the codebook"),
            Self::UnknownItem { question, item } => {
                write!(f, "question '{question}' has no item {}", item + 1)
            }
            Self::MissingColumn { question, column } => {
                write!(f, "question '{question}' needs column '{column}', which the data does not have")
            }
            Self::NotCategorical { question, column } => write!(
                f,
                "question '{question}': column '{column}' holds free text with too many distinct values to count"
            ),
        }
    }
}

impl std::error::Error for ResolveError {}

/// One item of a question, ready to count: `get(row)` is a category index or [`MISSING`].
#[derive(Debug, Clone)]
pub struct Variable<'a> {
    codes: &'a [u16],
    /// Category index per level of the column ([`MISSING`] for values that are no category).
    lut: Vec<u16>,
    /// Multi-select: whether each respondent answered the question at all.
    answered: Option<std::rc::Rc<Vec<bool>>>,
    /// Number of categories (`get` returns values below this).
    pub categories: usize,
    /// How many cells hold each code of the column (the last slot: missing), if known.
    counts: Option<&'a [u64]>,
}

impl Variable<'_> {
    /// The category of respondent `row`, or [`MISSING`].
    #[inline]
    pub fn get(&self, row: usize) -> u16 {
        let code = self.codes[row];
        let cat = if code == MISSING {
            MISSING
        } else {
            self.lut[code as usize]
        };
        match &self.answered {
            None => cat,
            Some(answered) if answered[row] => {
                if cat == MISSING {
                    0
                } else {
                    cat
                }
            }
            Some(_) => MISSING,
        }
    }

    /// Number of respondents.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The raw codes and lookup table, for counting loops that want no per-row branch.
    pub fn parts(&self) -> (&[u16], &[u16]) {
        (self.codes, &self.lut)
    }

    /// How many cells hold each code of the column (the last slot: missing), if known: then
    /// counting every row needs no pass over the codes.
    pub fn code_counts(&self) -> Option<&[u64]> {
        self.counts
    }

    /// Multi-select: which respondents answered the question.
    pub fn answered(&self) -> Option<&[bool]> {
        self.answered.as_deref().map(Vec::as_slice)
    }
}

/// Values in a multi-select option column that mean "not chosen".
const NOT_CHOSEN: &[&str] = &[
    "0",
    "no",
    "nee",
    "unchecked",
    "false",
    "onwaar",
    "not selected",
    "niet gekozen",
];

impl Survey {
    pub fn new(data: Dataset, codebook: Codebook) -> Self {
        Survey {
            data,
            codebook,
            code_counts: Vec::new(),
        }
    }

    /// The survey with its coded columns' code counts, counted already (by
    /// [`transfer::decode_column_counted`](crate::transfer::decode_column_counted), one per
    /// column in order, as [`count_codes`](crate::dataset::count_codes) gives them), so that
    /// counting every respondent of a question takes no pass over its cells. Counts that do not
    /// fit their column (another length, another total) are left out.
    pub fn with_code_counts(mut self, counts: Vec<Option<Arc<[u64]>>>) -> Self {
        let fits = |column: &crate::dataset::Column, counts: &[u64]| match &column.values {
            Values::Coded { codes, levels } => {
                counts.len() == levels.len() + 1 && counts.iter().sum::<u64>() == codes.len() as u64
            }
            Values::Text(_) => false,
        };
        self.code_counts = self
            .data
            .columns
            .iter()
            .zip(counts.into_iter().chain(std::iter::repeat(None)))
            .map(|(column, counts)| counts.filter(|c| fits(column, c)))
            .collect();
        self
    }

    /// The code counts given to [`Survey::with_code_counts`] (empty if none were).
    pub fn code_counts(&self) -> &[Option<Arc<[u64]>>] {
        &self.code_counts
    }

    pub fn rows(&self) -> usize {
        self.data.rows
    }

    pub fn question(&self, id: &str) -> Result<&Question, ResolveError> {
        self.codebook
            .question(id)
            .ok_or_else(|| ResolveError::UnknownQuestion(id.into()))
    }

    /// Item `item` of question `id` as a countable variable. For multi-select questions this is
    /// the option's chosen (1) / not chosen (0) variable.
    pub fn variable(&self, id: &str, item: usize) -> Result<Variable<'_>, ResolveError> {
        let question = self.question(id)?;
        if question.kind == QuestionKind::MultiSelect {
            let answered = std::rc::Rc::new(self.multi_answered(question)?);
            return self.option_variable(question, item, Some(answered));
        }
        let it = question.items.get(item).ok_or(ResolveError::UnknownItem {
            question: id.into(),
            item,
        })?;
        let (codes, levels, counts) = self.coded_column(question, &it.column)?;
        let lut = levels
            .iter()
            .map(|level| category_index(question, level).unwrap_or(MISSING))
            .collect();
        let categories = if question.kind == QuestionKind::Numeric && !question.bins.is_empty() {
            question.bins.len()
        } else {
            // Declared missing values come last and are counted as no answer, never as a
            // category of their own: no 0 % row, bar or "least given" for "Ns/Nc".
            question
                .categories
                .iter()
                .rposition(|c| !c.missing)
                .map_or(0, |last| last + 1)
        };
        Ok(Variable {
            codes,
            lut,
            answered: None,
            categories,
            counts,
        })
    }

    /// Every option of a multi-select question as chosen/not-chosen variables sharing one
    /// "answered" mask.
    pub fn options(&self, id: &str) -> Result<Vec<Variable<'_>>, ResolveError> {
        let question = self.question(id)?;
        let answered = std::rc::Rc::new(self.multi_answered(question)?);
        (0..question.items.len())
            .map(|i| self.option_variable(question, i, Some(answered.clone())))
            .collect()
    }

    fn option_variable(
        &self,
        question: &Question,
        item: usize,
        answered: Option<std::rc::Rc<Vec<bool>>>,
    ) -> Result<Variable<'_>, ResolveError> {
        let it = question.items.get(item).ok_or(ResolveError::UnknownItem {
            question: question.id.clone(),
            item,
        })?;
        let (codes, levels, counts) = self.coded_column(question, &it.column)?;
        let lut = levels
            .iter()
            .map(|level| u16::from(option_chosen(question, it, level)))
            .collect();
        Ok(Variable {
            codes,
            lut,
            answered,
            categories: 2,
            counts,
        })
    }

    /// Whether each respondent chose at least one option of a multi-select question.
    fn multi_answered(&self, question: &Question) -> Result<Vec<bool>, ResolveError> {
        // Only some options in the file: choosing none of them is an answer too.
        if question.base_all.is_some() {
            return Ok(vec![true; self.data.rows]);
        }
        let mut answered = vec![false; self.data.rows];
        // A question split from a larger one keeps that one's base: its respondents are those
        // who chose any of the whole question's options.
        let options = if question.base_of.is_empty() {
            &question.items
        } else {
            &question.base_of
        };
        for option in options {
            let (codes, levels, _) = self.coded_column(question, &option.column)?;
            let chosen: Vec<bool> = levels
                .iter()
                .map(|level| option_chosen(question, option, level))
                .collect();
            for (a, &code) in answered.iter_mut().zip(codes) {
                *a |= code != MISSING && chosen[code as usize];
            }
        }
        Ok(answered)
    }

    /// The codes, levels and (if known) code counts of `column`, which must be coded.
    fn coded_column(
        &self,
        question: &Question,
        column: &str,
    ) -> Result<CodedColumn<'_>, ResolveError> {
        let index = self
            .data
            .column_index(column)
            .ok_or_else(|| ResolveError::MissingColumn {
                question: question.id.clone(),
                column: column.into(),
            })?;
        let counts = self.code_counts.get(index).and_then(|c| c.as_deref());
        match &self.data.columns[index].values {
            Values::Coded { codes, levels } => Ok((codes, levels, counts)),
            Values::Text(_) => Err(ResolveError::NotCategorical {
                question: question.id.clone(),
                column: column.into(),
            }),
        }
    }
}

/// A coded column's codes, levels and code counts (if known).
type CodedColumn<'a> = (&'a [u16], &'a [String], Option<&'a [u64]>);

/// The category (or numeric bin) a data value falls in; declared missing values are none.
fn category_index(question: &Question, level: &str) -> Option<u16> {
    if question.kind == QuestionKind::Numeric && !question.bins.is_empty() {
        let x = parse_number(level)?;
        return question
            .bins
            .iter()
            .position(|b| b.from.is_none_or(|f| x >= f) && b.to.is_none_or(|t| x < t))
            .map(|i| i as u16);
    }
    let i = question.category_of(level)?;
    (!question.categories[i].missing).then_some(i as u16)
}

/// Whether a cell value means that `option` of a multi-select was chosen.
pub(crate) fn option_chosen(question: &Question, option: &Item, level: &str) -> bool {
    if let Some(delimiter) = &question.delimiter {
        if option.other {
            // Any answer in the cell that is none of the listed options.
            return split_multi(level, delimiter, question).iter().any(|v| {
                !question
                    .items
                    .iter()
                    .any(|o| !o.other && o.value.as_deref().unwrap_or(&o.label.nl) == v)
            });
        }
        let value = option.value.as_deref().unwrap_or(&option.label.nl);
        return split_multi(level, delimiter, question)
            .iter()
            .any(|v| v == value);
    }
    if option.other {
        // The text typed for "Other": any answer but a "no" or a missing marker.
        let level = level.trim();
        return !level.is_empty()
            && !NOT_CHOSEN.iter().any(|n| n.eq_ignore_ascii_case(level))
            && !question
                .categories
                .iter()
                .any(|c| c.missing && c.value == level)
            && !crate::infer::is_missing_marker(level);
    }
    if !question.chosen.is_empty() {
        return question.chosen.iter().any(|c| c == level);
    }
    // Any value but a "no" — and but a tool's marker for an option not shown ("N/A").
    !NOT_CHOSEN.iter().any(|n| n.eq_ignore_ascii_case(level))
        && !crate::infer::is_missing_marker(level)
}

/// Splits a one-cell multi-select answer, matching the known options first so that an option
/// containing the delimiter (e.g. "Ja, soms") stays whole.
pub fn split_multi(cell: &str, delimiter: &str, question: &Question) -> Vec<String> {
    let known: Vec<&str> = question
        .items
        .iter()
        .filter(|o| !o.other)
        .map(|o| o.value.as_deref().unwrap_or(&o.label.nl))
        .collect();
    split_known(cell, delimiter, &known, true)
}

/// Splits a cell of several answers joined by `delimiter` (Google Forms `, `, Microsoft Forms
/// `;`): the longest `known` option that the cell continues with is taken whole, so an option
/// that itself holds the delimiter stays one; otherwise the cell splits at the delimiter, where
/// (with `lower_case_continues`) a piece after a comma that starts in lower case continues an
/// unknown one before it ("Ja, soms").
pub fn split_known(
    cell: &str,
    delimiter: &str,
    known: &[&str],
    lower_case_continues: bool,
) -> Vec<String> {
    let mut known: Vec<&str> = known.iter().copied().filter(|v| !v.is_empty()).collect();
    crate::sort::stable_by_key(&mut known, |v| std::cmp::Reverse(v.len()));
    let mut out: Vec<String> = Vec::new();
    let mut rest = cell.trim();
    'outer: while !rest.is_empty() {
        for k in &known {
            if let Some(after) = rest.strip_prefix(k) {
                let after = after.trim_start();
                if after.is_empty() || after.starts_with(delimiter) {
                    out.push((*k).to_string());
                    rest = after.strip_prefix(delimiter).unwrap_or(after).trim_start();
                    continue 'outer;
                }
            }
        }
        let (part, after) = rest.split_once(delimiter).unwrap_or((rest, ""));
        let part = part.trim();
        let continues =
            lower_case_continues && delimiter == "," && part.starts_with(char::is_lowercase);
        match out.last_mut() {
            Some(last) if continues && !known.contains(&last.as_str()) => {
                last.push_str(delimiter);
                last.push(' ');
                last.push_str(part);
            }
            _ if part.is_empty() => {}
            _ => out.push(part.to_string()),
        }
        rest = after.trim_start();
    }
    out
}

/// Parses a number written with a decimal point or a decimal comma (`3,5`), no thousands
/// separators.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(x) = crate::format::parse_f64(s) {
        return x.is_finite().then_some(x);
    }
    if s.matches(',').count() == 1 && !s.contains('.') {
        return crate::format::parse_f64(&s.replace(',', ".")).filter(|x| x.is_finite());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::{Category, Text};
    use crate::dataset::ColumnBuilder;

    fn item(id: &str, column: &str, label: &str) -> Item {
        Item::new(id, column, Text::new(label))
    }

    fn question(id: &str, kind: QuestionKind, items: Vec<Item>, cats: &[&str]) -> Question {
        Question {
            id: id.into(),
            text: Text::new(id),
            kind,
            section: None,
            items,
            categories: cats
                .iter()
                .map(|c| Category {
                    missing: *c == "Weigert",
                    ..Category::new(*c)
                })
                .collect(),
            chosen: vec![],
            delimiter: None,
            bins: vec![],
            breakdown: false,
            base_of: Vec::new(),
            asked_of: None,
            base_all: None,
        }
    }

    fn data(cols: &[(&str, &[&str])]) -> Dataset {
        Dataset::from_builders(
            cols.iter()
                .map(|(name, cells)| {
                    let mut b = ColumnBuilder::new(*name);
                    cells.iter().for_each(|c| b.push(c));
                    b
                })
                .collect(),
        )
    }

    #[test]
    fn single_choice_maps_cells_to_codebook_order_and_declared_missing_to_missing() {
        let d = data(&[("w", &["Rijk", "Gemeente", "", "Weigert", "Onbekend"])]);
        let q = question(
            "w",
            QuestionKind::SingleChoice,
            vec![item("w", "w", "")],
            &["Gemeente", "Rijk", "Weigert"],
        );
        let s = Survey::new(d, Codebook::new(vec![q]));
        let v = s.variable("w", 0).unwrap();
        let got: Vec<u16> = (0..5).map(|r| v.get(r)).collect();
        assert_eq!(got, vec![1, 0, MISSING, MISSING, MISSING]);
    }

    #[test]
    fn multi_select_options_are_missing_for_respondents_who_chose_nothing() {
        let d = data(&[("m_1", &["1", "", "", "1"]), ("m_2", &["", "1", "", "1"])]);
        let q = question(
            "m",
            QuestionKind::MultiSelect,
            vec![item("1", "m_1", "A"), item("2", "m_2", "B")],
            &[],
        );
        let s = Survey::new(d, Codebook::new(vec![q]));
        let opts = s.options("m").unwrap();
        assert_eq!(
            (0..4).map(|r| opts[0].get(r)).collect::<Vec<_>>(),
            vec![1, 0, MISSING, 1]
        );
        assert_eq!(
            (0..4).map(|r| opts[1].get(r)).collect::<Vec<_>>(),
            vec![0, 1, MISSING, 1]
        );
    }

    /// LimeSurvey writes "N/A" in every option column of a multiple choice a respondent was
    /// not shown (the German cargo-bike XLSX of the corpus: a version of a question shown to
    /// nobody, all 220 cells "N/A" per openpyxl). With no "chosen" value set, any value but a
    /// "no" counts as chosen — never a missing marker, so that version's base is 0, not 220.
    #[test]
    fn a_not_shown_marker_is_never_a_chosen_option() {
        let d = data(&[
            ("v_1", &["N/A", "N/A", "x", ""]),
            ("v_2", &["N/A", "Not displayed", "", ""]),
        ]);
        let q = question(
            "v",
            QuestionKind::MultiSelect,
            vec![item("1", "v_1", "A"), item("2", "v_2", "B")],
            &[],
        );
        let s = Survey::new(d, Codebook::new(vec![q]));
        let opts = s.options("v").unwrap();
        assert_eq!(
            (0..4).map(|r| opts[0].get(r)).collect::<Vec<_>>(),
            vec![MISSING, MISSING, 1, MISSING]
        );
        assert_eq!(
            (0..4).map(|r| opts[1].get(r)).collect::<Vec<_>>(),
            vec![MISSING, MISSING, 0, MISSING]
        );
    }

    #[test]
    fn one_cell_multi_select_keeps_options_that_contain_the_delimiter() {
        let mut q = question(
            "m",
            QuestionKind::MultiSelect,
            vec![item("1", "m", "Ja, soms"), item("2", "m", "Nee")],
            &[],
        );
        q.delimiter = Some(",".into());
        assert_eq!(
            split_multi("Ja, soms,Nee", ",", &q),
            vec!["Ja, soms", "Nee"]
        );
        assert_eq!(
            split_multi("Nee, Ja, soms", ",", &q),
            vec!["Nee", "Ja, soms"]
        );
        let s = Survey::new(
            data(&[("m", &["Ja, soms,Nee", "Nee", ""])]),
            Codebook::new(vec![q]),
        );
        let opts = s.options("m").unwrap();
        assert_eq!(
            (0..3).map(|r| opts[0].get(r)).collect::<Vec<_>>(),
            vec![1, 0, MISSING]
        );
    }

    #[test]
    fn numbers_accept_a_decimal_comma() {
        assert_eq!(parse_number("3,5"), Some(3.5));
        assert_eq!(parse_number("42"), Some(42.0));
        assert_eq!(parse_number("1.234,5"), None);
        assert_eq!(parse_number("25-34"), None);
    }
}
