//! A grid's question written as a column of its own that nobody answers, its statements in the
//! columns after it, each headed by the statement alone: KoBoToolbox's (ODK's) `table-list`
//! groups export the group's label, or a note, as an empty column, then "Drinking water",
//! "Irrigation" … on one frequency list. Without the heading's help each statement would be a
//! question of its own, and nothing would say they were asked together.
//!
//! What stays true: only a column empty in every row, under a heading that is no column name a
//! tool writes for itself, heads statements; the statements are the columns right after it
//! that belong to no other question, at least two, every one answered on the same list: the
//! same known scale, or the same three answers or more. Two yes/no questions after a note are
//! two questions, not a grid.
//!
//! LimeSurvey writes the other way round too: an array whose own text was left empty (its
//! columns headed ` [Statement]` alone) after a text display saying what to judge, exported as
//! a column that holds that one text for whoever saw it ([`title_untitled`]).

use super::{scale_order, values, Profile, Shape};
use crate::codebook::{Category, Question, Text};

/// Gives the statements that follow an empty heading column the heading as their shared stem,
/// so that they are read as one grid of that question; the heading columns, which the grid
/// now stands for.
pub(super) fn group_under_headings(profiles: &mut [Profile<'_>]) -> Vec<usize> {
    let mut headings = Vec::new();
    let mut i = 0;
    while i < profiles.len() {
        let end = statements_end(profiles, i);
        if end > i + 2 {
            let heading = profiles[i].meta.question.trim().to_owned();
            for p in &mut profiles[i + 1..end] {
                p.group = Some((heading.clone(), p.meta.name.clone()));
            }
            headings.push(i);
            i = end;
        } else {
            i += 1;
        }
    }
    headings
}

/// The end (exclusive) of the statements under the heading column at `at`: `at + 1` when
/// there are none.
fn statements_end(profiles: &[Profile<'_>], at: usize) -> usize {
    if !is_heading(&profiles[at]) {
        return at + 1;
    }
    let Some(first) = profiles.get(at + 1).and_then(|p| answers(&p.shape)) else {
        return at + 1;
    };
    let mut end = at + 1;
    while let Some(p) = profiles.get(end) {
        let alone = p.group.is_none() && !p.companion;
        if !alone || answers(&p.shape).is_none_or(|own| own != first) {
            break;
        }
        end += 1;
    }
    end
}

/// A column that heads what follows it: nobody answered it (a note, a group's label, or a text
/// display exported with its own text), it belongs to no question, and its heading has words
/// that are no tool's own column name.
fn is_heading(p: &Profile<'_>) -> bool {
    let meta = p.meta;
    matches!(p.shape, Shape::Empty)
        && p.group.is_none()
        && !p.companion
        && meta.value_labels.is_empty()
        && !meta.metadata
        && !meta.question.trim().is_empty()
        && !values::is_metadata_name(&meta.name)
}

/// The list a statement is answered on.
#[derive(PartialEq)]
enum List<'a> {
    Scale(&'a str),
    Answers(Vec<&'a str>),
}

/// The list of a column answered as a statement could be: a known scale, or three answers or
/// more whose labels make a scale (bands of numbers, a word and its opposite …: their values,
/// sorted, since each column lists them by how often they were given). Names of things in no
/// order (a ranking's "1st choice", "2nd choice" of themes) are no statements' list.
fn answers(shape: &Shape) -> Option<List<'_>> {
    match shape {
        Shape::Scale { id, .. } => Some(List::Scale(id)),
        Shape::Choice { categories } => {
            let answers: Vec<&Category> = categories
                .iter()
                .filter(|c| !c.missing && !c.non_substantive)
                .collect();
            let labels: Vec<&str> = answers.iter().map(|c| c.label.nl.as_str()).collect();
            if answers.len() < 3 || scale_order(&labels).is_none() {
                return None;
            }
            let mut values: Vec<&str> = answers.iter().map(|c| c.value.as_str()).collect();
            values.sort_unstable();
            Some(List::Answers(values))
        }
        _ => None,
    }
}

/// Gives a grid whose columns carry no question text (a LimeSurvey array headed ` [Statement]`
/// alone) the text of the column just before it when that column is a heading ([`is_heading`]:
/// nobody answered it, or it holds its own text again, `values::is_heading_again`) — not a
/// question with one answer given ("I consent"). Otherwise the grid is named by its first
/// statement. Its id, empty with its text, becomes its first column's name.
pub(super) fn title_untitled(q: &mut Question, profiles: &[Profile<'_>], start: usize) {
    let first = profiles[start].meta;
    let before = start
        .checked_sub(1)
        .map(|at| &profiles[at])
        .filter(|p| is_heading(p))
        .map(|p| p.meta.question.trim());
    let own = first.sub.as_deref().unwrap_or(&first.name);
    q.text = Text::new(before.unwrap_or(own).to_owned());
    if q.id.trim().is_empty() {
        q.id = first.name.clone();
    }
}
