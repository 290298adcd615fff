//! Which respondents an analysis looks at: conditions on answers, combined the way a reader
//! expects from a report's filter chips.
//!
//! A [`Condition`] allows some categories of one item of one question. Conditions on the same
//! question are joined with OR ("Gemeente or Provincie", or for a multi-select: chose option A
//! or option B); conditions on different questions with AND ("Gemeente and under 45"). A
//! respondent without a valid answer to a filtered question does not pass. The empty filter
//! passes everyone. The filter serialises to JSON so the app can keep it in the URL.

use crate::survey::{ResolveError, Survey};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Allowed categories of one item of one question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The question's id.
    pub question: String,
    /// The item (grid statement, multi-select option); 0 for single-item questions.
    #[serde(default)]
    pub item: usize,
    /// The category indices that pass; for a multi-select option `[1]` means "chosen".
    pub categories: Vec<u16>,
}

/// A combination of conditions: OR within a question, AND across questions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub conditions: Vec<Condition>,
}

impl Filter {
    /// The filter that passes everyone.
    pub fn none() -> Self {
        Filter::default()
    }

    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// Adds a condition (builder style).
    pub fn with(mut self, question: &str, item: usize, categories: &[u16]) -> Self {
        self.conditions.push(Condition {
            question: question.into(),
            item,
            categories: categories.to_vec(),
        });
        self
    }

    /// Whether each respondent passes (what [`Filter::apply`] keeps).
    pub fn mask(&self, survey: &Survey) -> Result<Vec<bool>, ResolveError> {
        let (cells, questions) = self.cells(survey)?;
        let all = (1u32 << questions) - 1;
        Ok(cells.iter().map(|&c| u32::from(c) == all).collect())
    }

    /// Per respondent, which of the filter's questions (in the order of their first
    /// condition) it passes, as bits (bit `i`: question `i`), and the number of questions: the
    /// cells a published view must keep large enough (see `disclosure::hidden_in_cells`).
    /// Only the first 16 questions have a bit; a respondent failing a later one gets no bits.
    pub fn cells(&self, survey: &Survey) -> Result<(Vec<u16>, usize), ResolveError> {
        let rows = survey.rows();
        let questions = self.kept_by_question(survey)?;
        let mut cells = vec![0u16; rows];
        let mut failed = vec![false; rows];
        for (bit, kept) in questions.iter().enumerate() {
            let tests = Test::all(kept);
            for (row, (cell, f)) in cells.iter_mut().zip(&mut failed).enumerate() {
                match (passes(&tests, row), bit < 16) {
                    (true, true) => *cell |= 1 << bit,
                    (false, false) => *f = true,
                    _ => {}
                }
            }
        }
        cells
            .iter_mut()
            .zip(&failed)
            .filter(|(_, &f)| f)
            .for_each(|(c, _)| *c = 0);
        Ok((cells, questions.len().min(16)))
    }

    /// The filter's questions, in the order of their first condition, each as its conditions:
    /// the variable and which of its categories are kept. A respondent passes a question when
    /// one of its conditions keeps their answer ([`passes`]), and the filter when they pass
    /// every question.
    fn kept_by_question<'s>(&self, survey: &'s Survey) -> Result<Vec<Kept<'s>>, ResolveError> {
        let mut questions: Vec<&str> = Vec::new();
        for c in &self.conditions {
            if !questions.contains(&c.question.as_str()) {
                questions.push(&c.question);
            }
        }
        questions
            .iter()
            .map(|question| {
                self.conditions
                    .iter()
                    .filter(|c| c.question == *question)
                    .map(|condition| {
                        let variable = survey.variable(question, condition.item)?;
                        let mut allowed = vec![false; variable.categories];
                        for &k in &condition.categories {
                            if let Some(a) = allowed.get_mut(k as usize) {
                                *a = true;
                            }
                        }
                        Ok((variable, allowed))
                    })
                    .collect()
            })
            .collect()
    }

    /// Per respondent, which of each filter question's kept answers it gave, as one number
    /// (per question, in mixed radix: 0 for none of them, `i` for its `i`-th kept answer);
    /// `None` when every question keeps one answer, as [`Filter::cells`] then says it all.
    ///
    /// A filter that keeps several answers of a question is published beside the same filter
    /// keeping fewer of them, so each kept answer's respondents can be worked out by
    /// subtraction (see `disclosure::answers_allowed`).
    pub fn answers(&self, survey: &Survey) -> Result<Option<Vec<u64>>, ResolveError> {
        let mut questions: Vec<Vec<(usize, u16)>> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for c in &self.conditions {
            let at = match names.iter().position(|n| *n == c.question) {
                Some(at) => at,
                None => {
                    names.push(&c.question);
                    questions.push(Vec::new());
                    names.len() - 1
                }
            };
            questions[at].extend(c.categories.iter().map(|&k| (c.item, k)));
        }
        if questions.iter().all(|kept| kept.len() <= 1) {
            return Ok(None);
        }
        let mut atoms = vec![0u64; survey.rows()];
        let mut radix = 1u64;
        for (name, kept) in names.iter().zip(&questions) {
            for (i, &(item, category)) in kept.iter().enumerate() {
                let variable = survey.variable(name, item)?;
                for (row, atom) in atoms.iter_mut().enumerate() {
                    // The first kept answer a respondent gave (a single answer per item).
                    if variable.get(row) == category
                        && (*atom / radix).is_multiple_of(kept.len() as u64 + 1)
                    {
                        *atom += (i as u64 + 1) * radix;
                    }
                }
            }
            radix = radix.saturating_mul(kept.len() as u64 + 1);
        }
        Ok(Some(atoms))
    }

    /// `weights` with the weight of every respondent who does not pass set to 0: borrowed
    /// without a filter, else written in one pass over the first filter question (no copy of
    /// the weights first: at a million respondents the copy took as long as the test).
    pub fn apply<'w>(
        &self,
        survey: &Survey,
        weights: &'w [f64],
    ) -> Result<Cow<'w, [f64]>, ResolveError> {
        let mut out: Option<Vec<f64>> = None;
        for kept in self.kept_by_question(survey)? {
            let tests = Test::all(&kept);
            match &mut out {
                None => out = Some(kept_from(&tests, weights)),
                Some(out) => zero_failing(&tests, out),
            }
        }
        Ok(out.map_or(Cow::Borrowed(weights), Cow::Owned))
    }

    /// [`Filter::apply`] in place: the weight of every respondent who does not pass becomes 0.
    pub fn apply_to(&self, survey: &Survey, weights: &mut [f64]) -> Result<(), ResolveError> {
        // Question by question, one pass each, writing the weights directly: no
        // per-respondent cells or mask (a filter change on a million respondents is on the
        // page's main thread).
        for kept in self.kept_by_question(survey)? {
            zero_failing(&Test::all(&kept), weights);
        }
        Ok(())
    }
}

/// Sets the weight of every respondent who fails a filter question's `tests` to 0. A question
/// of one condition, the usual filter chip, takes a table lookup per row and no branch on the
/// answer.
fn zero_failing(tests: &[Test<'_>], weights: &mut [f64]) {
    match tests {
        [test] => test.zero_failing(weights),
        tests => {
            for (row, w) in weights.iter_mut().enumerate() {
                *w = if passes(tests, row) { *w } else { 0.0 };
            }
        }
    }
}

/// `weights` with the weight of every respondent who fails a filter question's `tests` set to
/// 0, written in one pass.
fn kept_from(tests: &[Test<'_>], weights: &[f64]) -> Vec<f64> {
    match tests {
        [test] if test.answered.is_none() => {
            let (codes, kept, last) = (test.codes, &test.kept[..], test.last);
            codes
                .iter()
                .zip(weights)
                .map(|(&code, &w)| if keeps(kept, last, code) { w } else { 0.0 })
                .collect()
        }
        tests => weights
            .iter()
            .enumerate()
            .map(|(row, &w)| if passes(tests, row) { w } else { 0.0 })
            .collect(),
    }
}

/// One filter question's conditions: each a variable and which of its categories are kept.
type Kept<'s> = Vec<(crate::survey::Variable<'s>, Vec<bool>)>;

/// One condition, ready for a pass over the rows: whether each code of its variable's column
/// is kept (the last entry: the [`MISSING`] code), so that a row takes one table lookup — what
/// [`Variable::get`] says, without a branch on the answer — and, for a multi-select option,
/// one test of the answered mask (a respondent who answered nothing passes no condition).
///
/// [`Variable::get`]: crate::survey::Variable::get
/// [`MISSING`]: crate::dataset::MISSING
struct Test<'a> {
    codes: &'a [u16],
    kept: Vec<bool>,
    last: usize,
    answered: Option<&'a [bool]>,
}

impl<'a> Test<'a> {
    /// A filter question's conditions.
    fn all(kept: &'a Kept<'_>) -> Vec<Test<'a>> {
        kept.iter()
            .map(|(variable, allowed)| {
                let answered = variable.answered();
                let kept: Vec<bool> = super::answered_slot_map(variable)
                    .into_iter()
                    .map(|s| allowed.get(usize::from(s)).copied().unwrap_or(false))
                    .collect();
                Test {
                    codes: variable.parts().0,
                    last: kept.len() - 1,
                    kept,
                    answered,
                }
            })
            .collect()
    }

    #[inline(always)]
    fn passes(&self, row: usize) -> bool {
        let kept = keeps(&self.kept, self.last, self.codes[row]);
        match self.answered {
            Some(answered) => kept & answered[row],
            None => kept,
        }
    }

    /// Sets the weight of every respondent this condition does not keep to 0.
    fn zero_failing(&self, weights: &mut [f64]) {
        // The table and the codes in locals, and a select instead of a branch: one load and
        // one lookup per row.
        let (codes, kept, last) = (self.codes, &self.kept[..], self.last);
        match self.answered {
            None => {
                for (w, &code) in weights.iter_mut().zip(codes) {
                    *w = if keeps(kept, last, code) { *w } else { 0.0 };
                }
            }
            Some(_) => {
                for (row, w) in weights.iter_mut().enumerate() {
                    *w = if self.passes(row) { *w } else { 0.0 };
                }
            }
        }
    }
}

/// Whether a condition's table `kept` keeps an answer of code `code`: any code past `last`,
/// the table's end, is [`MISSING`] (the last entry).
///
/// [`MISSING`]: crate::dataset::MISSING
#[inline(always)]
fn keeps(kept: &[bool], last: usize, code: u16) -> bool {
    kept[usize::from(code).min(last)]
}

/// Whether respondent `row` passes a filter question: one of its conditions keeps their answer.
fn passes(tests: &[Test<'_>], row: usize) -> bool {
    tests.iter().any(|test| test.passes(row))
}
