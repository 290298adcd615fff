//! Questions of which the file holds one option column: the one option a survey tool's export
//! kept of a "select all that apply" question, or a checkbox question of one option (Google
//! Forms: its label or empty). Each is a multi-select of that option over every respondent
//! ([`crate::codebook::BaseAll`]); read as a single choice it would be its one answer at 100%
//! of those who chose it.
//!
//! What stays true: only a column with one value besides empty cells is read so; a column of a
//! tool that names a checkbox's options in its headings (LimeSurvey, Qualtrics, SurveyMonkey)
//! is read so only when it names its option, and a column that shares its question with other
//! columns never is.
//!
//! Neighbouring option columns that each hold only their own heading (Typeform: a column per
//! option headed by the option's text, the question's text nowhere in the file) are one
//! multi-select, not a question per option ([`option_run_question`]).

use super::{
    given, group_text, is_other_label, item, looks_like_code, mark_exclusive, question, scale,
    single_question, sub_label, values, Profile, Shape, NONE_OF_THESE,
};
use crate::codebook::{BaseAll, Question, QuestionKind, Text};
use crate::read::Layout;

/// The one option column of a "select all that apply" question whose other options are not in
/// the file (an export that dropped them), or a checkbox question with one option (Google
/// Forms: its label or empty): a multi-select of that option over every respondent. Read as a
/// single choice it would be its one answer at 100% of those who chose it.
///
/// Read so: a column that holds one value besides empty cells (its label, or — when it names
/// its question apart from its option, `Question - Option`, `Q5[SQ001]`, and shares that
/// question with no other column — a "yes" marker).
pub(super) fn lone_option_question(
    p: &Profile<'_>,
    profiles: &[Profile<'_>],
    rows: usize,
    layout: Layout,
) -> Option<Question> {
    let Shape::Option { chosen, label } = &p.shape else {
        return None;
    };
    let mut observed = given(&p.levels);
    let value = observed.next()?;
    if observed.next().is_some() {
        return None;
    }
    let meta = p.meta;
    let Some((stem, part)) = &p.group else {
        // A column of its own: only its label, given by enough respondents to be a figure,
        // and empty cells (some left it) — not the one text typed into a question that asks
        // for a text.
        let asks_for_text = values::is_open_text_name(&meta.question)
            || [
                "specify",
                "describe",
                "url",
                "e-mail",
                "email",
                "beschrijf",
                "omschrijf",
            ]
            .iter()
            .any(|w| meta.question.to_lowercase().contains(w));
        // A column without an option in its heading, of a tool that names them there, is a
        // question of one answer, not a checkbox.
        if !chosen.is_empty()
            || value.count >= rows
            || value.count < 5
            || asks_for_text
            || names_options_in_headings(layout)
        {
            return None;
        }
        let mut q = single_question(p);
        q.kind = QuestionKind::MultiSelect;
        q.categories.clear();
        q.breakdown = false;
        q.items[0].label = Text::new(value.label.clone());
        q.base_all = Some(BaseAll::OneOption);
        return Some(q);
    };
    let alone = profiles
        .iter()
        .filter(|o| o.group.as_ref().is_some_and(|(s, _)| s == stem))
        .count()
        == 1;
    if !alone {
        return None;
    }
    let option = match label {
        Some(l) if meta.sub.as_deref().is_none_or(looks_like_code) => l.clone(),
        _ => sub_label(meta),
    };
    // An option without a name in the header (LimeSurvey's `Question []`): its value names it.
    let option = if option.trim().is_empty() {
        value.label.clone()
    } else {
        option
    };
    let mut q = question(
        stem,
        &group_text(meta, stem),
        QuestionKind::MultiSelect,
        vec![item(part, &meta.name, &option)],
    );
    // A column holding its own option's name marks it with that name, even when the name is
    // a "no" (SurveyMonkey's option "No" of "… hotline? If yes, please give the number").
    q.chosen = if scale::normalise(&value.value) == scale::normalise(&option) {
        vec![value.value.clone()]
    } else {
        chosen.clone()
    };
    q.base_all = Some(BaseAll::SomeOptions);
    Some(q)
}

/// Whether the tool names a checkbox's options in its headings (LimeSurvey `Q5[SQ001]`,
/// Qualtrics `Q5_1`, SurveyMonkey's second header row): then a column without one is no option.
fn names_options_in_headings(layout: Layout) -> bool {
    matches!(
        layout,
        Layout::LimeSurvey | Layout::Qualtrics | Layout::SurveyMonkey
    )
}

/// "None" in the languages of the exports that write an option per column with no question
/// (Typeform: "Aucune", "Rien"), besides those that exclude the other options anywhere.
fn is_none_option(label: &str) -> bool {
    const NONE: &[&str] = &[
        "aucune", "aucun", "rien", "keine", "nichts", "ninguno", "ninguna", "nada", "nothing",
    ];
    let label = scale::normalise(label);
    let label = label.trim_end_matches(['.', '!']);
    NONE.contains(&label) || NONE_OF_THESE.contains(&label)
}

/// Most characters of a multi-select's text made of its options (the file has no question).
const RUN_TEXT_CHARS: usize = 100;

/// A run of neighbouring columns, from `start`, that each hold their own heading when ticked
/// and nothing otherwise (Typeform's multiple choice: one column per option headed by the
/// option's text): one multi-select of those options, with the end (exclusive) of its columns.
///
/// Read so: two or more such columns holding their heading; columns nobody ticked (empty)
/// between or after them when their heading reads like an option (no "?" or ":" at its end);
/// and an "Other" column right after them, whose typed texts are that option's answers.
///
/// The file does not hold the question's text, so the question is named by its options
/// ("Smartphone professionnel / Smartphone personnel / …"): what the chart shows, with nothing
/// made up; its id is its first column's heading, as a lone option's would be.
pub(super) fn option_run_question(
    profiles: &[Profile<'_>],
    used: &[bool],
    start: usize,
    layout: Layout,
) -> Option<(Question, usize)> {
    if names_options_in_headings(layout) {
        return None;
    }
    let free = |i: usize| !used[i] && profiles[i].group.is_none() && !profiles[i].companion;
    let holds_own_heading = |p: &Profile<'_>| {
        let Shape::Option { chosen, .. } = &p.shape else {
            return false;
        };
        let heading = scale::normalise(&p.meta.question);
        chosen.is_empty() && given(&p.levels).all(|l| scale::normalise(&l.value) == heading)
    };
    let unticked_option = |p: &Profile<'_>| {
        matches!(p.shape, Shape::Empty)
            && !p.meta.question.trim_end().ends_with(['?', ':'])
            && !is_other_label(&p.meta.question)
    };
    let mut end = start;
    let mut ticked = 0;
    while end < profiles.len() && free(end) {
        let p = &profiles[end];
        if holds_own_heading(p) && !is_other_label(&p.meta.question) {
            ticked += 1;
        } else if !unticked_option(p) {
            break;
        }
        end += 1;
        // "None of these" is a question's last option (but for "Other"): what follows is
        // the next question's.
        if is_none_option(&p.meta.question) {
            break;
        }
    }
    // The run starts with a ticked column; unticked ones belong to it only after one.
    if ticked < 2 || !holds_own_heading(&profiles[start]) {
        return None;
    }
    let mut items: Vec<crate::codebook::Item> = profiles[start..end]
        .iter()
        .map(|p| item(&p.meta.name, &p.meta.name, &p.meta.question))
        .collect();
    // An "Other" right after the options: its typed texts are that option's answers.
    if let Some(p) = profiles.get(end).filter(|_| free(end)) {
        let typed = matches!(
            p.shape,
            Shape::OpenText | Shape::Empty | Shape::Option { .. } | Shape::Choice { .. }
        );
        if typed && is_other_label(&p.meta.question) {
            let mut other = item(&p.meta.name, &p.meta.name, &p.meta.question);
            other.other = true;
            items.push(other);
            end += 1;
        }
    }
    let labels: Vec<&str> = items.iter().map(|i| i.label.nl.as_str()).collect();
    let mut text = String::new();
    for (n, label) in labels.iter().enumerate() {
        let sep = if n == 0 { "" } else { " / " };
        if n > 0 && text.len() + sep.len() + label.len() > RUN_TEXT_CHARS {
            text.push_str(" / …");
            break;
        }
        text.push_str(sep);
        text.push_str(label);
    }
    let mut q = question(
        &profiles[start].meta.name,
        &text,
        QuestionKind::MultiSelect,
        items,
    );
    mark_exclusive(&mut q);
    Some((q, end))
}
