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

    /// Whether each respondent passes.
    pub fn mask(&self, survey: &Survey) -> Result<Vec<bool>, ResolveError> {
        let rows = survey.rows();
        let mut pass = vec![true; rows];
        let mut questions: Vec<&str> = self
            .conditions
            .iter()
            .map(|c| c.question.as_str())
            .collect();
        questions.sort_unstable();
        questions.dedup();
        let mut any = vec![false; rows];
        for question in questions {
            any.iter_mut().for_each(|a| *a = false);
            for condition in self.conditions.iter().filter(|c| c.question == question) {
                let variable = survey.variable(question, condition.item)?;
                let mut allowed = vec![false; variable.categories];
                for &c in &condition.categories {
                    if let Some(a) = allowed.get_mut(c as usize) {
                        *a = true;
                    }
                }
                for (row, a) in any.iter_mut().enumerate() {
                    if !*a {
                        *a = allowed
                            .get(variable.get(row) as usize)
                            .copied()
                            .unwrap_or(false);
                    }
                }
            }
            pass.iter_mut().zip(&any).for_each(|(p, a)| *p &= a);
        }
        Ok(pass)
    }

    /// `weights` with the weight of every respondent who does not pass set to zero, so that
    /// every analysis and every base leaves them out.
    pub fn apply<'w>(
        &self,
        survey: &Survey,
        weights: &'w [f64],
    ) -> Result<Cow<'w, [f64]>, ResolveError> {
        if self.is_empty() {
            return Ok(Cow::Borrowed(weights));
        }
        let mask = self.mask(survey)?;
        Ok(weights
            .iter()
            .zip(&mask)
            .map(|(&w, &pass)| if pass { w } else { 0.0 })
            .collect())
    }
}
