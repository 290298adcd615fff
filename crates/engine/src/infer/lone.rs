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

use super::{
    group_text, item, looks_like_code, question, scale, single_question, sub_label, values,
    Profile, Shape,
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
    let mut observed = p
        .levels
        .iter()
        .filter(|l| l.count > 0 && !scale::is_missing_marker(&l.value));
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
        // LimeSurvey, Qualtrics and SurveyMonkey name a checkbox's option in its heading
        // (`Q5[SQ001]`, `Q5_1`, a second header row): a column of theirs without one is a
        // question of one answer, not a checkbox.
        let names_options = matches!(
            layout,
            Layout::LimeSurvey | Layout::Qualtrics | Layout::SurveyMonkey
        );
        if !chosen.is_empty()
            || value.count >= rows
            || value.count < 5
            || asks_for_text
            || names_options
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
