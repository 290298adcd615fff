//! One survey of two: the reference's respondents (or a subgroup of them) and the other
//! survey's, each other answer written as the reference answer it was matched to, with a
//! question that says which side a respondent is on.
//!
//! The comparison report is then an ordinary report broken down by that question
//! ([`super::SOURCE`]): every figure, test, disclosure rule, export and embed of a breakdown
//! serves the comparison without a second code path.
//!
//! What stays true: the combined survey holds only the reference's questions that the other
//! survey answers (and those derived from their columns, such as an age group from the age),
//! in the reference's wording and answers; its first rows are the other survey's, then the
//! reference's; no cell of the other survey is counted under an answer it was not matched to.

use super::matching::Matching;
use super::SOURCE;
use crate::codebook::{Category, Codebook, Item, Question, QuestionKind, Text};
use crate::dataset::{ColumnBuilder, Dataset, MISSING};
use crate::survey::{ResolveError, Survey};
use rustc_hash::FxHashMap;

/// One side of a comparison.
pub struct Side<'a> {
    pub survey: &'a Survey,
    /// How the side is named in charts and sentences ("Eigen organisatie", "Panel 2025").
    pub name: Text,
}

/// The other survey's respondents and the reference's (those `keep` marks, when given),
/// under the reference's questions.
pub fn combine(
    reference: &Side<'_>,
    keep: Option<&[bool]>,
    other: &Side<'_>,
    matching: &Matching,
) -> Result<Survey, ResolveError> {
    let (r, o) = (reference.survey, other.survey);
    let kept: Vec<usize> = (0..r.rows())
        .filter(|&row| keep.is_none_or(|k| k.get(row).copied().unwrap_or(false)))
        .collect();
    let mut columns: Vec<ColumnBuilder> = Vec::new();
    let mut by_name: FxHashMap<String, usize> = FxHashMap::default();
    let mut questions = Vec::new();

    let mut source = ColumnBuilder::new(SOURCE);
    for _ in 0..o.rows() {
        source.push(&other.name.nl);
    }
    for _ in &kept {
        source.push(&reference.name.nl);
    }
    columns.push(source);
    questions.push(source_question(reference, other));

    for m in matching.questions.iter().filter(|m| m.is_matched()) {
        let rq = r.question(&m.reference)?;
        let mut q = rq.clone();
        q.items.clear();
        q.base_of.clear();
        for (i, item) in rq.items.iter().enumerate() {
            let Some(im) = &m.items[i] else { continue };
            q.items.push(item.clone());
            if by_name.contains_key(&item.column) {
                continue;
            }
            let oq = o.question(&im.question)?;
            let mut b = ColumnBuilder::new(item.column.clone());
            push_other(&mut b, rq, oq, im.item, &im.categories, o)?;
            push_reference(&mut b, r, &item.column, &kept);
            by_name.insert(item.column.clone(), columns.len());
            columns.push(b);
        }
        questions.push(q);
    }
    // Questions derived from columns the comparison holds (an age group from the age).
    for rq in &r.codebook.questions {
        let written = |i: &Item| by_name.contains_key(&i.column);
        if questions.iter().all(|q: &Question| q.id != rq.id)
            && crate::report::is_charted(rq)
            && !rq.items.is_empty()
            && rq.items.iter().all(written)
            && rq.base_of.iter().all(written)
        {
            questions.push(rq.clone());
        }
    }
    // Report order: the reference's.
    let order = |id: &str| {
        r.codebook
            .questions
            .iter()
            .position(|q| q.id == id)
            .unwrap_or(0)
    };
    crate::sort::stable_by_key(&mut questions[1..], |q| order(&q.id));

    let mut codebook = Codebook::new(questions);
    codebook.title = r.codebook.title.clone();
    codebook.sections = r.codebook.sections.clone();
    codebook.source = sources(reference, other);
    Ok(Survey::new(Dataset::from_builders(columns), codebook))
}

/// The question that says which side a respondent is on: the other survey first (group A).
fn source_question(reference: &Side<'_>, other: &Side<'_>) -> Question {
    let category = |name: &Text| Category {
        value: name.nl.clone(),
        label: name.clone(),
        non_substantive: false,
        missing: false,
        aliases: Vec::new(),
    };
    let item = Item::new(SOURCE, SOURCE, Text::default());
    let text = Text::with_en("Vergelijking", "Comparison");
    let mut q = Question::new(SOURCE, text, QuestionKind::SingleChoice, vec![item]);
    q.categories = vec![category(&other.name), category(&reference.name)];
    q.breakdown = true;
    q
}

/// "Eigen organisatie: <file> · Landelijk panel: <source>".
fn sources(reference: &Side<'_>, other: &Side<'_>) -> Text {
    let line = |lang| {
        let src = |s: &Side<'_>| {
            let text = s.survey.codebook.source.get(lang);
            if text.is_empty() {
                s.name.get(lang).to_string()
            } else {
                format!("{}: {text}", s.name.get(lang))
            }
        };
        format!("{} · {}", src(other), src(reference))
    };
    Text::with_en(line(crate::Lang::Nl), line(crate::Lang::En))
}

/// The reference's cells of `column` for the kept rows, as they stand.
fn push_reference(b: &mut ColumnBuilder, r: &Survey, column: &str, kept: &[usize]) {
    let col = r.data.column(column);
    for &row in kept {
        match col.and_then(|c| c.cell(row)) {
            Some(cell) => b.push(cell),
            None => b.push_missing(),
        }
    }
}

/// The other survey's answers to item `j` of `oq`, written as `rq`'s answers.
fn push_other(
    b: &mut ColumnBuilder,
    rq: &Question,
    oq: &Question,
    j: usize,
    categories: &[Option<usize>],
    o: &Survey,
) -> Result<(), ResolveError> {
    match rq.kind {
        QuestionKind::MultiSelect => {
            let chosen = rq.chosen.first().map_or("1", String::as_str);
            let v = o.variable(&oq.id, j)?;
            for row in 0..o.rows() {
                match v.get(row) {
                    1 => b.push(chosen),
                    _ => b.push_missing(),
                }
            }
        }
        QuestionKind::Numeric => {
            let col = o.data.column(&oq.items[j].column);
            for row in 0..o.rows() {
                match col.and_then(|c| c.cell(row)) {
                    Some(cell) => b.push(cell),
                    None => b.push_missing(),
                }
            }
        }
        _ => {
            let v = o.variable(&oq.id, j)?;
            for row in 0..o.rows() {
                let value = match v.get(row) {
                    MISSING => None,
                    c => categories
                        .get(c as usize)
                        .copied()
                        .flatten()
                        .and_then(|r| rq.categories.get(r)),
                };
                match value {
                    Some(category) => b.push(&category.value),
                    None => b.push_missing(),
                }
            }
        }
    }
    Ok(())
}
