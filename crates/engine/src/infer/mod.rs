//! Inference: a proposed codebook for an imported file, and matching a saved codebook to a
//! new file's columns.
//!
//! Inference only proposes — the user's codebook overrides it. It works in two passes:
//! each column is profiled on its own ([`Shape`]: scale, option marker, one-cell
//! multi-select, number, band, choice, text, identifier), then neighbouring columns that
//! share a stem (`Q5_1…`, `Q5[SQ001]`, `Question - Option`, `Question [Row]`) are grouped into
//! grids and multi-select questions. What stays true: every dataset column appears in the
//! codebook exactly once (as an item of one question); identifiers, timestamps and free text
//! are never breakdowns; non-substantive answers come after a scale's points and are marked;
//! categories are ordered by scale, by number or code, by band, or else by frequency (most
//! chosen first, ties in order of first appearance).

mod heading;
mod lone;
mod often;
mod polar;
mod scale;
mod values;

use borsh::{BorshDeserialize, BorshSerialize};
use serde::Serialize;

use crate::codebook::{Bin, Category, Codebook, Item, Question, QuestionKind, Text};
use crate::dataset::{Column, TextColumn, Values};
use crate::read::layout::code_stem;
use crate::read::{ColumnMeta, Import, Layout, MultiSetKind};

pub use scale::is_missing_marker;

/// Single-choice questions with this many categories or fewer (and at least two) are offered
/// as breakdowns.
const MAX_BREAKDOWN_CATEGORIES: usize = 12;
/// More distinct answers than this (and mostly unique) and a column is open text.
const MAX_CHOICE_CATEGORIES: usize = 40;
/// The declared width (characters) above which a string variable holds typed text.
const LONG_STRING_WIDTH: u32 = 80;
/// Characters of its first question that a section's title (its code group) quotes.
const SECTION_TITLE_CHARS: usize = 60;
/// Most options a one-cell multi-select may have.
const MAX_OPTIONS: usize = 40;

/// One observed value of a column.
#[derive(Debug, Clone)]
struct Level {
    value: String,
    /// The value label (SPSS) or the value itself.
    label: String,
    count: usize,
}

/// What a column looks like on its own.
#[derive(Debug, Clone)]
enum Shape {
    Empty,
    Identifier,
    OpenText,
    /// Categories of a recognised scale, in scale order (non-substantive and missing last).
    Scale {
        id: String,
        categories: Vec<Category>,
    },
    /// A multi-select option column: the values meaning "chosen" (empty: any label).
    Option {
        chosen: Vec<String>,
        label: Option<String>,
    },
    /// Several answers in one cell; `other`: some answers are typed texts for "Other".
    OneCell {
        delimiter: &'static str,
        options: Vec<String>,
        other: bool,
    },
    Numeric {
        bins: Vec<Bin>,
        age: bool,
    },
    Choice {
        categories: Vec<Category>,
    },
}

struct Profile<'a> {
    meta: &'a ColumnMeta,
    /// The column's observed values with their counts, counted once: every step of the
    /// proposal that asks for them reads these.
    levels: Vec<Level>,
    shape: Shape,
    /// Stem shared by the columns of one grid or multi-select, and this column's part.
    group: Option<(String, String)>,
    /// A free-text companion of another answer (`Q5_4_TEXT`, `Q3[other]`, `[SQ001comment]`).
    companion: bool,
}

/// Proposes a codebook for an import.
pub fn propose(import: &Import) -> Codebook {
    let mut profiles: Vec<Profile<'_>> = import
        .dataset
        .columns
        .iter()
        .zip(&import.columns)
        .map(|(column, meta)| profile(column, meta, import.source.layout))
        .collect();
    typed_for_an_option(&mut profiles);
    let headings = heading::group_under_headings(&mut profiles);
    let mut questions = Vec::new();
    let mut weight = None;
    let mut used = vec![false; profiles.len()];
    for at in headings {
        used[at] = true;
    }
    let mut summaries = Vec::new();

    // SPSS multiple-response sets say themselves which columns belong together.
    for set in &import.multi_sets {
        let members: Vec<usize> = set
            .columns
            .iter()
            .filter_map(|c| profiles.iter().position(|p| &p.meta.name == c))
            .filter(|&i| !used[i])
            .collect();
        // Category sets arrive from the reader as one marked column per category.
        if members.len() < 2 || (set.kind == MultiSetKind::Category && set.counted_value.is_none())
        {
            continue;
        }
        let items = members
            .iter()
            .map(|&i| {
                used[i] = true;
                let meta = profiles[i].meta;
                item(
                    &meta.name,
                    &meta.name,
                    meta.label.as_deref().unwrap_or(&meta.name),
                )
            })
            .collect();
        // A category set's own columns (one chosen category each) ask the same question again.
        for source in &set.sources {
            if let Some(i) = profiles.iter().position(|p| &p.meta.name == source) {
                used[i] = true;
            }
        }
        let mut q = question(&set.name, &set.label, QuestionKind::MultiSelect, items);
        q.chosen = set.counted_value.iter().cloned().collect();
        mark_exclusive(&mut q);
        questions.push(q);
    }

    let mut i = 0;
    while i < profiles.len() {
        if used[i] {
            i += 1;
            continue;
        }
        let mut group_end = group_end(&profiles, &used, i);
        // Typed text at the end of a block of options ("Please provide details …" under a
        // checkbox question) is an open question beside it, not one of its options.
        if group_end - i > 2
            && matches!(profiles[group_end - 1].shape, Shape::OpenText)
            && !matches!(profiles[i].shape, Shape::OpenText)
            && group_question(&profiles[i..group_end]).is_none()
        {
            group_end -= 1;
        }
        if group_end - i >= 2 {
            if let Some(mut q) = group_question(&profiles[i..group_end])
                .filter(|q| !counts_read_as_options(q, &profiles, i))
            {
                if q.text.nl.trim().is_empty() {
                    heading::title_untitled(&mut q, &profiles, i);
                }
                used[i..group_end].iter_mut().for_each(|u| *u = true);
                let mut end = group_end;
                if let Some(other) = other_text_option(&q, &profiles, &used, end) {
                    q.items.push(other);
                    used[end] = true;
                    end += 1;
                }
                questions.push(q);
                i = end;
                continue;
            }
        }
        if let Some((q, end)) = lone::option_run_question(&profiles, &used, i, import.source.layout)
        {
            used[i..end].iter_mut().for_each(|u| *u = true);
            questions.push(q);
            i = end;
            continue;
        }
        let p = &profiles[i];
        if let Some(q) =
            lone::lone_option_question(p, &profiles, import.dataset.rows, import.source.layout)
        {
            questions.push(q);
            used[i] = true;
            i += 1;
            continue;
        }
        if weight.is_none()
            && values::is_weight_name(&p.meta.name)
            && matches!(p.shape, Shape::Numeric { .. } | Shape::Identifier)
        {
            weight = Some(p.meta.name.clone());
        }
        if p.meta.summary {
            summaries.push(questions.len());
        }
        questions.push(single_question(p));
        used[i] = true;
        i += 1;
    }
    // A tool's summary of a question's options comes after the question, which keeps its id.
    for at in summaries {
        if at + 1 < questions.len() {
            questions.swap(at, at + 1);
        }
    }
    make_ids_unique(&mut questions);
    let mut codebook = Codebook::new(questions);
    codebook.weight = weight;
    codebook.source = Text::new(import.source.file_name.clone());
    codebook.title = Text::new(
        import
            .source
            .title
            .clone()
            .unwrap_or_else(|| file_title(&import.source.file_name)),
    );
    codebook.sections = propose_sections(&mut codebook.questions);
    codebook
}

/// A report title from a file name: without its folder and extension.
fn file_title(file_name: &str) -> String {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => stem,
        _ => name,
    };
    stem.trim().to_owned()
}

/// Sections from the survey's own grouping, where its question codes show one: LimeSurvey
/// groups (`G01Q02` → group `G01`) or shared code prefixes (`DT01…`, `ORDM02…`; the `A1…A5`,
/// `C1…C5` of a personality inventory). Only when at least two groups of two or more charted
/// questions come out and they hold most questions; otherwise the report has one section.
/// A question without a prefix joins the group before it.
fn propose_sections(questions: &mut [Question]) -> Vec<crate::codebook::Section> {
    let group_of = |id: &str| -> Option<String> {
        if id.contains(char::is_whitespace) || id.len() > 24 {
            return None;
        }
        let letters = id.chars().take_while(char::is_ascii_alphabetic).count();
        let rest = &id[letters..];
        if letters == 0 || !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        // LimeSurvey's G01Q02: the group is G01.
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if id[..letters].eq_ignore_ascii_case("g") && rest[digits..].starts_with(['Q', 'q']) {
            return Some(id[..letters + digits].to_uppercase());
        }
        Some(id[..letters].to_uppercase())
    };
    let charted: Vec<usize> = (0..questions.len())
        .filter(|&i| crate::report::is_charted(&questions[i]))
        .collect();
    let groups: Vec<Option<String>> = questions.iter().map(|q| group_of(&q.id)).collect();
    let mut sizes: Vec<(String, usize)> = Vec::new();
    for &i in &charted {
        if let Some(g) = &groups[i] {
            match sizes.iter_mut().find(|(name, _)| name == g) {
                Some(entry) => entry.1 += 1,
                None => sizes.push((g.clone(), 1)),
            }
        }
    }
    let real: Vec<&(String, usize)> = sizes.iter().filter(|(_, n)| *n >= 2).collect();
    let covered: usize = real.iter().map(|(_, n)| n).sum();
    if real.len() < 2 || covered * 10 < charted.len() * 6 || real.len() * 2 > charted.len() {
        return Vec::new();
    }
    let mut sections: Vec<crate::codebook::Section> = Vec::new();
    let mut current: Option<String> = None;
    for (i, q) in questions.iter_mut().enumerate() {
        let group = groups[i]
            .clone()
            .filter(|g| real.iter().any(|(name, _)| name == g))
            .or_else(|| current.clone());
        let Some(group) = group else { continue };
        let id = format!("groep-{}", group.to_lowercase());
        if !sections.iter().any(|s| s.id == id) && crate::report::is_charted(q) {
            let text = crate::format::short_label(&q.text.nl, SECTION_TITLE_CHARS);
            sections.push(crate::codebook::Section {
                id: id.clone(),
                title: Text::new(format!("{group} · {text}")),
            });
        }
        q.section = Some(id);
        current = Some(group);
    }
    sections
}

/// The column after a multi-select that holds the text typed for its "Other" (LimeSurvey's
/// `Q[other]` or `Frage [Sonstiges]`, with no tick column of its own): an option of the
/// question, chosen by whoever typed something.
fn other_text_option(
    q: &Question,
    profiles: &[Profile<'_>],
    used: &[bool],
    at: usize,
) -> Option<Item> {
    if q.kind != QuestionKind::MultiSelect || q.items.iter().any(|i| is_other_label(&i.label.nl)) {
        return None;
    }
    let p = profiles.get(at).filter(|_| !used[at])?;
    let (stem, part) = p.group.as_ref()?;
    let stem_of_question = profiles[at - 1].group.as_ref().map(|(s, _)| s)?;
    // Empty when nobody typed an "Other": still the question's option.
    if stem != stem_of_question || !matches!(p.shape, Shape::OpenText | Shape::Empty) {
        return None;
    }
    let label = sub_label(p.meta);
    if !is_other_label(part) && !is_other_label(&label) {
        return None;
    }
    let mut it = item(part, &p.meta.name, &label);
    it.other = true;
    Some(it)
}

/// The end (exclusive) of the run of columns starting at `start` that share its stem.
fn group_end(profiles: &[Profile<'_>], used: &[bool], start: usize) -> usize {
    let Some((stem, _)) = &profiles[start].group else {
        return start + 1;
    };
    if profiles[start].companion {
        return start + 1;
    }
    let mut end = start + 1;
    while end < profiles.len()
        && !used[end]
        && !profiles[end].companion
        && profiles[end].group.as_ref().is_some_and(|(s, _)| s == stem)
    {
        end += 1;
    }
    end
}

/// Whether `q`, a multi-select of `0`/`1` columns starting at `start`, is the tail of numbers
/// asked together: a LimeSurvey "multiple numeric input" ("how often a week: [on foot],
/// [by bike], … [by motorbike]") whose first sub-questions, in the same run, hold other
/// numbers. There `0` and `1` are counts, not "not chosen" and "chosen".
fn counts_read_as_options(q: &Question, profiles: &[Profile<'_>], start: usize) -> bool {
    if q.kind != QuestionKind::MultiSelect || q.chosen != ["1"] {
        return false;
    }
    fn stem<'p>(p: &'p Profile<'_>) -> Option<&'p str> {
        p.group.as_ref().map(|(stem, _)| stem.as_str())
    }
    let numbers = |p: &Profile<'_>| given(&p.levels).all(|l| values::number(&l.value).is_some());
    let beyond_one = |p: &Profile<'_>| {
        given(&p.levels).any(|l| values::number(&l.value).is_some_and(|x| x > 1.0))
    };
    // The columns of the same stem right before the run, all numbers, one beyond 1.
    profiles[..start]
        .iter()
        .rev()
        .take_while(|p| stem(p).is_some() && stem(p) == stem(&profiles[start]) && numbers(p))
        .any(beyond_one)
}

/// A grid or multi-select question from columns sharing a stem, if their shapes agree.
fn group_question(members: &[Profile<'_>]) -> Option<Question> {
    let first = &members[0];
    let stem = first.group.as_ref().map(|(s, _)| s.clone())?;
    let numbered = numbered_stem(members);
    let text = match &numbered {
        Some((question, _)) => question.clone(),
        None => labels_start(members).unwrap_or_else(|| group_text(first.meta, &stem)),
    };
    let item_of = |p: &Profile<'_>, label: &str| {
        let part = p
            .group
            .as_ref()
            .map_or(p.meta.name.as_str(), |(_, part)| part.as_str());
        // Labels that number their question give each item the words after the number.
        let label = numbered
            .as_ref()
            .and_then(|(_, parts)| parts.iter().find(|(name, _)| name == &p.meta.name))
            .map_or(label, |(_, own)| own.as_str());
        item(part, &p.meta.name, label)
    };
    // A grid: every item on the same scale.
    if let Shape::Scale { id, .. } = &first.shape {
        let same_scale = members
            .iter()
            .all(|p| matches!(&p.shape, Shape::Scale { id: other, .. } if other == id));
        if same_scale {
            let categories = merged_scale(members)?;
            let items = members
                .iter()
                .map(|p| item_of(p, &sub_label(p.meta)))
                .collect();
            let mut q = question(&stem, &text, QuestionKind::Grid, items);
            q.categories = categories;
            return Some(q);
        }
    }
    multi_select_question(members, &stem, &text, &item_of)
        .or_else(|| choice_grid_question(members, &stem, &text, &item_of))
}

/// Sub-items answered from one list of answers that is no known scale ("Very favorably" …
/// "Unfamiliar"; "Ja"/"Nein"/"Weiß nicht"): one grid, its answers in the order the first
/// sub-item lists them, non-substantive and missing answers last.
fn choice_grid_question(
    members: &[Profile<'_>],
    stem: &str,
    text: &str,
    item_of: &dyn Fn(&Profile<'_>, &str) -> Item,
) -> Option<Question> {
    let mut categories: Vec<Category> = Vec::new();
    let mut answered_members = 0;
    for p in members {
        let own = match &p.shape {
            Shape::Choice { categories } | Shape::Scale { categories, .. } => categories,
            Shape::Empty => continue,
            _ => return None,
        };
        answered_members += 1;
        for c in own {
            if !categories.iter().any(|m| m.value == c.value) {
                categories.push(c.clone());
            }
        }
    }
    let substantive = categories
        .iter()
        .filter(|c| !c.non_substantive && !c.missing)
        .count();
    if answered_members < 2 || !(2..=MAX_BREAKDOWN_CATEGORIES).contains(&substantive) {
        return None;
    }
    let categories = substantive_first(in_scale_order(categories));
    let items = members
        .iter()
        .map(|p| item_of(p, &sub_label(p.meta)))
        .collect();
    let mut q = question(stem, text, QuestionKind::Grid, items);
    q.categories = categories;
    Some(q)
}

/// The substantive answers of a grid's sub-items, gathered in the order each first lists
/// them, put in the order of their scale when their labels make one (a known scale, or a
/// word and its opposite: [`polar`]); otherwise left as they are.
fn in_scale_order(categories: Vec<Category>) -> Vec<Category> {
    let (substantive, rest): (Vec<Category>, Vec<Category>) = categories
        .into_iter()
        .partition(|c| !c.non_substantive && !c.missing);
    let labels: Vec<&str> = substantive.iter().map(|c| c.label.nl.as_str()).collect();
    let mut out: Vec<Category> = match scale_order(&labels) {
        Some(order) => order.iter().map(|&i| substantive[i].clone()).collect(),
        None => substantive,
    };
    out.extend(rest);
    out
}

/// Bands, and the single numbers between them ("10 or younger", "11", …, "21 or older"): the
/// key of each label that puts them in the order of their numbers, if every label is one and
/// one at least is a band.
fn band_keys(labels: &[&str]) -> Option<Vec<f64>> {
    // Bands of time in more than one unit ("30 minutes to 1 hour", "1 - 2 hours"): compared
    // in years. In one unit, or without units, as their numbers say.
    let units: Vec<Option<f64>> = labels
        .iter()
        .map(|l| values::duration_in_years(l))
        .collect();
    let in_time = units.iter().all(Option::is_some) && units.windows(2).any(|w| w[0] != w[1]);
    let band_key = |label: &str| {
        if in_time {
            values::band_lower_bound_in_time(label)
        } else {
            values::band_lower_bound(label)
        }
        .or_else(|| values::number(label))
        // "1 especie" beside "2-3 especies": a count in the bands' unit.
        .or_else(|| values::count_in_unit_of(label, labels))
        // "Geen studieschuld", "None": the band of nothing, below every other.
        .or_else(|| values::is_none_answer(label).then_some(-2e6))
    };
    if !labels.iter().any(|l| values::is_band(l)) {
        return None;
    }
    labels.iter().map(|l| band_key(l)).collect()
}

/// The order of answers that make a scale by their labels (positions into `labels`, from the
/// negative or lowest end): numbers, a yes/no pair, a word and its opposite, a known scale, or
/// codes the labels carry. `None` when the labels are names of things, in no order.
fn scale_order(labels: &[&str]) -> Option<Vec<usize>> {
    let numbers: Option<Vec<f64>> = labels.iter().map(|l| values::number(l)).collect();
    // A yes/no answer: "no" before "yes", so "yes" is the positive end however the first
    // sub-item listed them.
    let yes_no = YES_NO.iter().find_map(|(yes, no)| {
        let is = |l: &str, w: &str| l.trim().to_lowercase() == w;
        let y = labels.iter().position(|l| is(l, yes))?;
        let n = labels.iter().position(|l| is(l, no))?;
        (labels.len() == 2).then(|| vec![n, y])
    });
    numbers
        .or_else(|| band_keys(labels))
        .map(|keys| order_of(&keys))
        .or(yes_no)
        .or_else(|| polar::order(labels))
        .or_else(|| {
            let (_, points) = scale::match_labels(labels.iter().copied())?;
            Some(order_of(
                &points.into_iter().map(|p| p as f64).collect::<Vec<_>>(),
            ))
        })
        // "At no time (0)" … "All of the time (5)": by the codes the labels carry.
        .or_else(|| {
            let codes: Option<Vec<f64>> = labels
                .iter()
                .map(|l| scale::strip_code(l).0.map(|c| c as f64))
                .collect();
            codes.map(|c| order_of(&c))
        })
}

/// The positions of `keys` from the lowest key to the highest, equal keys in their order.
fn order_of(keys: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
    order
}

/// Option columns with one way of marking "chosen": one multi-select.
fn multi_select_question(
    members: &[Profile<'_>],
    stem: &str,
    text: &str,
    item_of: &dyn Fn(&Profile<'_>, &str) -> Item,
) -> Option<Question> {
    // A multi-select: every column an option marker, with one way of marking "chosen".
    let mut chosen: Option<Vec<String>> = None;
    for p in members {
        match &p.shape {
            Shape::Option { chosen: c, .. } => {
                if !c.is_empty() {
                    match &chosen {
                        Some(existing) if !existing.is_empty() && existing != c => return None,
                        Some(existing) if existing.is_empty() => return None,
                        _ => chosen = Some(c.clone()),
                    }
                } else if chosen.as_ref().is_some_and(|e| !e.is_empty()) {
                    return None;
                } else {
                    chosen = Some(Vec::new());
                }
            }
            Shape::Empty => {}
            _ => return None,
        }
    }
    let items = members
        .iter()
        .map(|p| {
            let label = match &p.shape {
                Shape::Option { label: Some(l), .. }
                    if p.meta.sub.as_deref().is_none_or(looks_like_code) =>
                {
                    l.clone()
                }
                _ => sub_label(p.meta),
            };
            item_of(p, &label)
        })
        .collect();
    let mut q = question(stem, text, QuestionKind::MultiSelect, items);
    q.chosen = chosen.unwrap_or_default();
    mark_exclusive(&mut q);
    Some(q)
}

/// Variable labels that number one question, each followed by its statement
/// ("기후변화 대응방안의 중요성1: 기후관련 업계의 기술 개발", "… 중요성2: …"; "Importance 1: Prices"): the
/// question, and per member column the statement. `None` unless every member's label is the
/// same words, a number of its own and a colon before its statement.
fn numbered_stem(members: &[Profile<'_>]) -> Option<(String, Vec<(String, String)>)> {
    if members.len() < 2 {
        return None;
    }
    let mut question: Option<&str> = None;
    let mut numbers = Vec::new();
    let mut parts = Vec::new();
    for p in members {
        let label = p.meta.label.as_deref()?;
        let (head, statement) = label.split_once(':')?;
        let stem = head
            .trim_end()
            .trim_end_matches(|c: char| c.is_ascii_digit());
        let number = &head.trim_end()[stem.len()..];
        let (stem, statement) = (stem.trim(), statement.trim());
        if number.is_empty() || stem.is_empty() || statement.is_empty() {
            return None;
        }
        if question.is_some_and(|q| q != stem) {
            return None;
        }
        question = Some(stem);
        numbers.push(number);
        parts.push((p.meta.name.clone(), statement.to_owned()));
    }
    let mut distinct = numbers.clone();
    distinct.sort_unstable();
    distinct.dedup();
    (distinct.len() == numbers.len()).then(|| (question.unwrap_or_default().to_owned(), parts))
}

/// The question in variable labels that are "question option" with no " - " between (as
/// Qualtrics' SPSS writer makes them: "Which foods …? Select all that apply. Ramen"): the
/// words every member's label starts with, if that leaves each label a word of its own.
fn labels_start(members: &[Profile<'_>]) -> Option<String> {
    let labels: Vec<&str> = members
        .iter()
        .map(|p| p.meta.label.as_deref())
        .collect::<Option<_>>()?;
    if labels.len() < 2 || labels.iter().any(|l| l.contains(" - ")) {
        return None;
    }
    let first = labels[0];
    let common = crate::read::layout::shared_start(labels.iter().copied());
    // Back to the last space, so that the start ends with a whole word.
    let start = first[..common].rfind(' ')?;
    let question = first[..start].trim();
    let whole_word_left = labels.iter().all(|l| !l[start..].trim().is_empty());
    (!question.is_empty() && whole_word_left).then(|| question.to_owned())
}

/// The question text of a group: the text before the sub-item, or the stem.
fn group_text(meta: &ColumnMeta, stem: &str) -> String {
    // A heading the layout already split into question and item (Qualtrics' "Question - Item",
    // a LimeSurvey "Question [Item]"): the question as it found it, " - " and all.
    if meta.label.is_none() && meta.sub.is_some() && !meta.question.trim().is_empty() {
        return meta.question.trim().to_owned();
    }
    if meta.label.is_some() || meta.code.is_some() {
        // SPSS labels and Qualtrics texts are "Question - Item"; codes are the stem.
        let text = meta.label.as_deref().unwrap_or(&meta.question);
        let (question, _) = text.split_once(" - ").unwrap_or((text, ""));
        if !question.is_empty() && question != meta.name {
            return question.trim().to_owned();
        }
        return stem.to_owned();
    }
    // The question of a layout's "Question [Item]" heading, or of a heading column
    // (`heading`): the stem.
    stem.to_owned()
}

/// The label of a grid item or option.
fn sub_label(meta: &ColumnMeta) -> String {
    if let Some(label) = &meta.label {
        if let Some((_, sub)) = label.split_once(" - ") {
            return sub.trim().to_owned();
        }
        return label.clone();
    }
    if let Some(sub) = &meta.sub {
        return sub.clone();
    }
    // A heading of its own, as written: a repeated heading is numbered in the column's name
    // only ("Irrigation (2)").
    match meta.question.trim() {
        question if meta.code.is_none() && !question.is_empty() => question.to_owned(),
        _ => meta.name.clone(),
    }
}

fn looks_like_code(s: &str) -> bool {
    !s.contains(' ') && s.chars().any(|c| c.is_ascii_digit())
}

/// A question of one column.
fn single_question(p: &Profile<'_>) -> Question {
    let meta = p.meta;
    let id = meta.code.clone().unwrap_or_else(|| meta.name.clone());
    let text = match (&meta.label, &meta.sub) {
        (Some(label), _) => label.clone(),
        // An array of one statement whose own text was left empty (LimeSurvey).
        (None, Some(sub)) if meta.question.trim().is_empty() => sub.clone(),
        (None, Some(sub)) => format!("{} - {sub}", meta.question),
        (None, None) => meta.question.clone(),
    };
    let text = if text.is_empty() {
        meta.name.clone()
    } else {
        text
    };
    let one = || vec![item(&id, &meta.name, "")];
    match &p.shape {
        Shape::OpenText => question(&id, &text, QuestionKind::OpenText, one()),
        // A column nobody answered (a form's note or text display, an empty spreadsheet
        // column) has nothing to report: not analysed, as identifiers are; the review says
        // why (`src/upload/review.rs`).
        Shape::Empty | Shape::Identifier => question(&id, &text, QuestionKind::Identifier, one()),
        Shape::Scale { categories, .. } => {
            let mut q = question(&id, &text, QuestionKind::Likert, one());
            q.categories = categories.clone();
            q
        }
        Shape::Numeric { bins, age } => {
            let mut q = question(&id, &text, QuestionKind::Numeric, one());
            q.bins = bins.clone();
            q.breakdown = *age && (2..=MAX_BREAKDOWN_CATEGORIES).contains(&bins.len());
            q
        }
        Shape::OneCell {
            delimiter,
            options,
            other,
        } => {
            let mut items: Vec<Item> = options
                .iter()
                .enumerate()
                .map(|(n, option)| {
                    let mut it = item(&(n + 1).to_string(), &meta.name, option);
                    it.value = Some(option.clone());
                    it
                })
                .collect();
            if *other {
                let mut it = Item::new("other", &meta.name, Text::with_en("Anders", "Other"));
                it.other = true;
                items.push(it);
            }
            let mut q = question(&id, &text, QuestionKind::MultiSelect, items);
            q.delimiter = Some((*delimiter).to_owned());
            mark_exclusive(&mut q);
            q
        }
        Shape::Choice { categories } => {
            let mut q = question(&id, &text, QuestionKind::SingleChoice, one());
            let substantive = categories
                .iter()
                .filter(|c| !c.non_substantive && !c.missing)
                .count();
            q.breakdown = (2..=MAX_BREAKDOWN_CATEGORIES).contains(&substantive);
            q.categories = categories.clone();
            q
        }
        Shape::Option { .. } => {
            // A lone option column: a single choice between its values.
            let mut q = question(&id, &text, QuestionKind::SingleChoice, one());
            q.categories = by_frequency(&p.levels, meta);
            q.breakdown = q.categories.len() >= 2;
            q
        }
    }
}

fn question(id: &str, text: &str, kind: QuestionKind, items: Vec<Item>) -> Question {
    Question::new(id, Text::new(text), kind, items)
}

fn item(id: &str, column: &str, label: &str) -> Item {
    Item::new(id, column, Text::new(label))
}

/// "None of these" options, which exclude the others.
const NONE_OF_THESE: &[&str] = &[
    "geen van deze",
    "geen van bovenstaande",
    "geen",
    "niets",
    "none of the above",
    "none of these",
    "none",
    // The languages of the tools' other exports (German, French, Spanish).
    "keine",
    "keine davon",
    "keines davon",
    "aucun",
    "aucune",
    "aucun de ces choix",
    "ninguno",
    "ninguna",
    "ninguno de los anteriores",
];

/// Options such as "Geen van deze" or "Weet niet" exclude the others.
fn mark_exclusive(q: &mut Question) {
    for it in &mut q.items {
        let label = scale::normalise(it.value.as_deref().unwrap_or(&it.label.nl));
        it.exclusive = NONE_OF_THESE.contains(&label.as_str()) || scale::is_non_substantive(&label);
    }
}

fn make_ids_unique(questions: &mut [Question]) {
    let mut seen = rustc_hash::FxHashSet::default();
    for q in questions {
        if q.id.is_empty() {
            q.id = "vraag".into();
        }
        if !seen.insert(q.id.clone()) {
            let mut n = 2;
            while seen.contains(&format!("{}_{n}", q.id)) {
                n += 1;
            }
            q.id = format!("{}_{n}", q.id);
            seen.insert(q.id.clone());
        }
    }
}

/// The observed values of a column with their counts, in order of first appearance.
fn levels(column: &Column, meta: &ColumnMeta) -> Vec<Level> {
    let Values::Coded { codes, levels } = &column.values else {
        return Vec::new();
    };
    let counts = crate::dataset::count_codes(codes, levels.len());
    levels
        .iter()
        .zip(counts)
        .map(|(value, count)| Level {
            value: value.clone(),
            label: value_label(meta, value)
                .or_else(|| values::image_name(value))
                .unwrap_or(value)
                .to_owned(),
            count: count as usize,
        })
        .collect()
}

fn value_label<'m>(meta: &'m ColumnMeta, value: &str) -> Option<&'m str> {
    meta.value_labels
        .iter()
        .find(|v| v.value == value)
        .map(|v| v.label.as_str())
}

/// Whether a value is no answer: declared missing in the file (SPSS), or a marker a survey
/// tool writes for a question not shown or not answered ("N/A", "Not displayed"; LimeSurvey's
/// `-oth-` too, until [`other_code_answered`] makes it the list's "Other").
fn is_declared_missing(meta: &ColumnMeta, value: &str) -> bool {
    scale::is_missing_marker(value)
        || meta.missing_values.iter().any(|m| m == value)
        || !meta.missing_ranges.is_empty()
            && crate::survey::parse_number(value).is_some_and(|x| {
                meta.missing_ranges
                    .iter()
                    .any(|&(lo, hi)| x >= lo && x <= hi)
            })
}

/// Whether the file labels answers of the column (SPSS value labels), not only its declared
/// missing values ("888888 = DK" on every variable of a file labels no answer).
fn labels_answers(meta: &ColumnMeta) -> bool {
    meta.value_labels
        .iter()
        .any(|v| !is_declared_missing(meta, &v.value))
}

/// The numbers of a text column's answered cells (not empty, not declared missing), or `None`
/// when one of them is not a number. A respondent-number column holds a million, so they are
/// read [`WARM_ROWS`](crate::dataset::WARM_ROWS) at a time by a function of their own, for
/// WebAssembly's optimised tier.
fn text_numbers(text: &TextColumn, meta: &ColumnMeta) -> Option<Vec<f64>> {
    let mut numbers = Vec::with_capacity(text.len());
    let mut from = 0;
    while from < text.len() {
        let to = (from + crate::dataset::WARM_ROWS).min(text.len());
        push_text_numbers(text, from..to, meta, &mut numbers)?;
        from = to;
    }
    Some(numbers)
}

#[inline(never)]
fn push_text_numbers(
    text: &TextColumn,
    rows: std::ops::Range<usize>,
    meta: &ColumnMeta,
    numbers: &mut Vec<f64>,
) -> Option<()> {
    for row in rows {
        let Some(value) = text.get(row) else {
            continue;
        };
        // The number first: a respondent number is one, and is read without trimming.
        match values::number(value) {
            Some(_) if is_declared_missing(meta, value) => {}
            Some(x) => numbers.push(x),
            None if value.trim().is_empty() || is_declared_missing(meta, value) => {}
            None => return None,
        }
    }
    Some(())
}

/// Profiles one column.
fn profile<'a>(column: &'a Column, meta: &'a ColumnMeta, layout: Layout) -> Profile<'a> {
    let group = group_key(meta);
    let companion = is_companion(meta);
    let levels = levels(column, meta);
    let shape = other_code_answered(shape(column, meta, &levels, layout, companion));
    // A ticked "Other" is an option of its question, not a text beside it.
    let companion = companion && !matches!(shape, Shape::Option { .. });
    Profile {
        meta,
        levels,
        shape,
        group,
        companion,
    }
}

/// LimeSurvey's code for the "Other" of a list question, written in the question's own
/// column when its answers are exported as codes; the text typed for it stands in the
/// `Q[other]` column beside it.
const LIMESURVEY_OTHER: &str = "-oth-";

/// A list question's `-oth-` is an answer ("Anders"), not a missing cell. It stays a missing
/// marker while the column's shape is found, so that the list's own codes keep their order
/// (`A1` … `A5`, `1` … `6`), and then becomes the list's last answer; in a scale it is an
/// answer outside the scale's points, as another answer that is no point is.
fn other_code_answered(mut shape: Shape) -> Shape {
    let (categories, scale) = match &mut shape {
        Shape::Choice { categories } => (categories, false),
        Shape::Scale { categories, .. } => (categories, true),
        _ => return shape,
    };
    if let Some(at) = categories.iter().position(|c| c.value == LIMESURVEY_OTHER) {
        let mut other = categories.remove(at);
        other.label = Text::with_en("Anders", "Other");
        other.missing = false;
        other.non_substantive = scale;
        let to = categories
            .iter()
            .position(|c| c.missing || (!scale && c.non_substantive))
            .unwrap_or(categories.len());
        categories.insert(to, other);
    }
    shape
}

/// SoSci Survey's text typed for an option of a single choice: `DO03_04` (option 4, "Andere,
/// und zwar:") right after the question's own column `DO03` (or after another such text of
/// it). It holds typed text, not the option column of a question `DO03` whose other options
/// are missing: open text under its own name.
fn typed_for_an_option(profiles: &mut [Profile<'_>]) {
    for i in 1..profiles.len() {
        let Some((stem, part)) = &profiles[i].group else {
            continue;
        };
        // An option's number under an export code (not `SQ2_R`, a recoded variable; not a
        // `question/option` heading).
        let meta = profiles[i].meta;
        if meta.code.is_none()
            || !meta.value_labels.is_empty()
            || !part.bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        let question_before = profiles[..i]
            .iter()
            .rev()
            .find(|o| o.group.as_ref().is_none_or(|(s, _)| s != stem))
            .is_some_and(|o| o.group.is_none() && o.meta.name == *stem);
        let typed = matches!(
            profiles[i].shape,
            Shape::Option { .. } | Shape::OpenText | Shape::Empty
        );
        if question_before && typed {
            let p = &mut profiles[i];
            p.group = None;
            p.companion = true;
            if !matches!(p.shape, Shape::Empty) {
                p.shape = Shape::OpenText;
            }
        }
    }
}

/// The stem a column shares with the other columns of its question, and its own part.
fn group_key(meta: &ColumnMeta) -> Option<(String, String)> {
    if let Some((stem, part)) = meta.code.as_deref().and_then(code_stem) {
        return Some((stem.to_owned(), part.to_owned()));
    }
    if let Some(sub) = &meta.sub {
        return Some((meta.question.clone(), sub.clone()));
    }
    // SPSS "Question - Item" variable labels group like Qualtrics texts.
    let label = meta.label.as_deref()?;
    let (question, sub) = label.split_once(" - ")?;
    Some((question.trim().to_owned(), sub.trim().to_owned()))
}

/// A free-text field that belongs to another answer ("Other, namely …", a comment).
fn is_companion(meta: &ColumnMeta) -> bool {
    let part = meta
        .code
        .as_deref()
        .and_then(code_stem)
        .map(|(_, part)| part.to_owned())
        .or_else(|| meta.sub.clone())
        .unwrap_or_default()
        .to_lowercase();
    part == "text" || part.ends_with("comment") || part.ends_with("_text") || is_other_label(&part)
}

/// "Other (please specify)", "Anders, namelijk", "Sonstiges", LimeSurvey's `other`.
fn is_other_label(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    let l = l.trim_end_matches([':', '.', ')', ' ']);
    [
        "other",
        "others",
        "anders",
        "andere",
        "overig",
        "overige",
        "sonstiges",
        "sonstige",
        "autre",
        "autres",
        "otro",
        "otros",
        "otra",
        "altro",
    ]
    .iter()
    .any(|w| {
        // The word alone or followed by more ("Other (please specify)", "Anders, namelijk").
        l.strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',']))
    }) || l.contains("please specify")
        || l.contains("namelijk")
        || l.contains("bitte angeben")
        || l.contains("précisez")
}

/// Whether two of the answers differ only in capitals or spacing.
fn spelt_two_ways<S: AsRef<str>>(answers: &[S]) -> bool {
    let mut seen = std::collections::HashSet::new();
    answers.iter().any(|a| !seen.insert(folded(a.as_ref())))
}

/// An answer in lower case with single spaces.
fn folded(answer: &str) -> String {
    answer
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What a column looks like on its own.
fn shape(
    column: &Column,
    meta: &ColumnMeta,
    observed_levels: &[Level],
    layout: Layout,
    companion: bool,
) -> Shape {
    // A tool's summary of the option columns after it repeats them: no question of its own.
    if meta.summary
        || meta.metadata
        || values::is_metadata_name(&meta.name)
        // A repeated heading is numbered ("{self.gseq + 1} (2)"); its text is the heading.
        || meta.sub.is_none() && values::is_metadata_name(&meta.question)
        || meta.code.as_deref().is_some_and(values::is_metadata_name)
        || meta.label.as_deref().is_some_and(values::is_metadata_name)
        || meta
            .import_id
            .as_deref()
            .is_some_and(values::is_qualtrics_measurement)
    {
        return Shape::Identifier;
    }
    let text_column = match &column.values {
        Values::Text(text) => Some(text),
        Values::Coded { .. } => None,
    };
    if let Some(text) = text_column {
        // Too many distinct values to be categories, and every one a number: a measurement
        // (a weight, an amount), unless every respondent has a different whole number.
        let numbers = text_numbers(text, meta);
        if let Some(shape) = numbers.and_then(|numbers| numeric_of(&numbers, meta, true)) {
            return shape;
        }
        let sample: Vec<&str> = text.iter().flatten().take(200).collect();
        return if looks_like_identifiers(&sample, true) {
            Shape::Identifier
        } else {
            Shape::OpenText
        };
    }
    let mut levels = observed_levels.to_vec();
    // Declared value labels that nobody chose are categories all the same.
    for vl in &meta.value_labels {
        if !levels.iter().any(|l| l.value == vl.value) {
            levels.push(Level {
                value: vl.value.clone(),
                label: vl.label.clone(),
                count: 0,
            });
        }
    }
    let answered: usize = levels
        .iter()
        .filter(|l| !is_declared_missing(meta, &l.value))
        .map(|l| l.count)
        .sum();
    if answered == 0 && meta.value_labels.is_empty() {
        return Shape::Empty;
    }
    if answered == 0 {
        // An option variable nobody chose (Qualtrics' SPSS writer labels `1 = Gyros` and leaves
        // every respondent system-missing): its one labelled value marks the option.
        let mut labelled = meta
            .value_labels
            .iter()
            .filter(|v| !is_declared_missing(meta, &v.value));
        if let (Some(only), None) = (labelled.next(), labelled.next()) {
            return Shape::Option {
                chosen: vec![only.value.clone()],
                label: Some(only.label.clone()),
            };
        }
        // Answers declared, none given: nothing to count.
        return Shape::Empty;
    }
    let observed: Vec<&str> = levels
        .iter()
        .filter(|l| l.count > 0 && !is_declared_missing(meta, &l.value))
        .map(|l| l.value.as_str())
        .collect();
    if !observed.is_empty()
        && observed
            .iter()
            .all(|v| values::is_timestamp(v) || values::is_email(v) || values::is_ip_address(v))
    {
        return Shape::Identifier;
    }
    // A text display that the tool exports with its own text for whoever saw it (LimeSurvey):
    // one value, the heading again. Nothing was answered.
    if let [only] = observed.as_slice() {
        if values::is_heading_again(only, &meta.question) {
            return Shape::Empty;
        }
    }
    // A string variable longer than a line, without value labels, was made for typed answers
    // (SPSS `A256`), however few typed one.
    if meta.text_width.is_some_and(|w| w > LONG_STRING_WIDTH) && meta.value_labels.is_empty() {
        // Unless its cells are a form's checkbox answers joined in one (a Google Form written
        // to SPSS: "머신러닝, 딥러닝").
        return one_cell_shape(&levels, layout).unwrap_or(Shape::OpenText);
    }
    // SurveyMonkey says which columns were typed ("Open-Ended Response"): text, unless
    // every answer is a number (an age, an amount), which the steps below read as numbers.
    let all_numbers = observed.iter().all(|v| values::number(v).is_some());
    if meta.typed && !all_numbers {
        return Shape::OpenText;
    }
    // Qualtrics says which columns are typed text: `QID2_TEXT`; again unless every answer is a
    // number (an age typed into a text box), and the column is a question of its own, not the
    // text beside an option.
    let typed_numbers = !observed.is_empty() && all_numbers;
    if meta
        .import_id
        .as_deref()
        .is_some_and(|id| id.ends_with("_TEXT") || id.ends_with("-TEXT"))
        && (companion || !typed_numbers)
    {
        return Shape::OpenText;
    }
    if companion {
        // "Other (please specify)" ticked (the column holds its own label or a yes-marker) is an
        // option; the text typed beside it is open text.
        let own_label = |sub: &str| {
            observed
                .iter()
                .all(|v| scale::normalise(v) == scale::normalise(sub))
        };
        let chosen = match option_marker(&levels) {
            Some(chosen) if !chosen.is_empty() || meta.sub.as_deref().is_some_and(own_label) => {
                chosen
            }
            _ => return Shape::OpenText,
        };
        let label = observed.first().map(|v| (*v).to_owned());
        return Shape::Option {
            label: chosen.is_empty().then_some(label).flatten(),
            chosen,
        };
    }
    let answer_labels = labels_answers(meta);
    // Every respondent a value of their own: enough of them to tell, or a heading that names
    // an identifier ("Participant ID": a small study numbers its 8 participants 1 … 8).
    let all_unique = observed.len() == answered
        && (answered >= 20 || answered >= 2 && names_an_identifier(&meta.question))
        && !answer_labels;
    if all_unique
        && observed
            .iter()
            .all(|v| values::number(v).is_some_and(|x| x.fract() == 0.0))
    {
        // Every respondent a different whole number: a respondent number.
        return Shape::Identifier;
    }
    let grade = values::is_grade_name(&meta.name) || values::is_grade_name(&meta.question);
    if let Some(shape) = grade.then(|| numeric_shape(&levels, meta)).flatten() {
        return shape;
    }
    if let Some(shape) = scale_shape(&levels, meta) {
        return shape;
    }
    if let Some(chosen) = option_marker(&levels) {
        let label = match chosen.as_slice() {
            [] => observed.first().map(|v| (*v).to_owned()),
            // `1 = Ramen`: the chosen value's label names the option (not `1 = Yes`).
            [value] => value_label(meta, value)
                .filter(|l| !is_yes_no_word(l))
                .map(str::to_owned),
            _ => None,
        };
        return Shape::Option { chosen, label };
    }
    if let Some(shape) = numeric_shape(&levels, meta) {
        return shape;
    }
    let substantive: Vec<&Level> = levels
        .iter()
        .filter(|l| !scale::is_non_substantive(&l.label))
        .collect();
    let labels: Vec<&str> = substantive.iter().map(|l| l.label.as_str()).collect();
    if let Some(keys) = band_keys(&labels) {
        let ordered: Vec<&Level> = order_of(&keys).iter().map(|&i| substantive[i]).collect();
        return Shape::Choice {
            categories: with_rest(ordered, &levels, meta),
        };
    }
    // The answers of a time question ("9:59:59 PM", "21:30"): in clock order, from midnight.
    let times: Option<Vec<u32>> = labels.iter().map(|l| values::time_of_day(l)).collect();
    if let Some(times) = times.filter(|t| t.len() >= 2) {
        let mut order: Vec<usize> = (0..times.len()).collect();
        order.sort_by_key(|&i| times[i]);
        let ordered: Vec<&Level> = order.iter().map(|&i| substantive[i]).collect();
        return Shape::Choice {
            categories: with_rest(ordered, &levels, meta),
        };
    }
    // Answers that say how often ("Täglich", "Monthly", "Minder dan één keer per jaar"): from
    // least to most often.
    if let Some(order) = often::order(&labels) {
        let ordered: Vec<&Level> = order.iter().map(|&i| substantive[i]).collect();
        return Shape::Choice {
            categories: with_rest(ordered, &levels, meta),
        };
    }
    if let Some(shape) = one_cell_shape(&levels, layout) {
        return shape;
    }
    let spelt = spelt_two_ways(&observed);
    if spelt && levels.iter().any(|l| l.count == 1) {
        // A tool writes each answer of a list as it was set up: the same answer spelt two
        // ways ("Yes", "yes"; "YouTube", "Youtube") beside answers given once was typed.
        return Shape::OpenText;
    }
    let distinct = observed.len();
    let mean_length = observed.iter().map(|v| v.chars().count()).sum::<usize>() / distinct.max(1);
    let all_unique_sentences =
        distinct == answered && answered >= 4 && observed.iter().any(|v| v.contains(' '));
    if values::is_open_text_name(&meta.name)
        || values::is_open_text_name(&meta.question)
        || all_unique_sentences
        || (mean_length > 40 && distinct * 2 > answered)
    {
        return Shape::OpenText;
    }
    if distinct > MAX_CHOICE_CATEGORIES && distinct * 5 > answered {
        return if looks_like_identifiers(&observed, distinct == answered) {
            Shape::Identifier
        } else {
            Shape::OpenText
        };
    }
    // Most of many answers given once each, and they are more than a quarter of all answers:
    // typed, not chosen from a list (a list with "Other" has a few typed answers beside many
    // chosen ones).
    let once = observed_levels
        .iter()
        .filter(|l| l.count == 1 && !is_declared_missing(meta, &l.value))
        .count();
    if distinct >= 20
        && once * 3 > distinct * 2
        && once * 4 > answered
        && meta.value_labels.is_empty()
    {
        return Shape::OpenText;
    }
    if observed
        .iter()
        .all(|v| values::is_code_like(v) || values::number(v).is_some())
    {
        let mut ordered: Vec<&Level> = levels.iter().collect();
        ordered.sort_by(|a, b| values::compare_codes(&a.value, &b.value));
        return Shape::Choice {
            categories: with_rest(ordered, &levels, meta),
        };
    }
    // Answer codes of one list (`A1` … `A5`): in the order of their numbers, which is the
    // order the questionnaire gave the answers.
    let codes: Option<Vec<(&str, u32)>> = observed.iter().map(|v| values::answer_code(v)).collect();
    if codes.is_some_and(|c| c.len() >= 2 && c.iter().all(|(l, _)| *l == c[0].0)) {
        let mut numbered: Vec<(u32, &Level)> = levels
            .iter()
            .filter_map(|l| Some((values::answer_code(&l.value)?.1, l)))
            .collect();
        numbered.sort_by_key(|(n, _)| *n);
        let ordered = numbered.into_iter().map(|(_, l)| l).collect();
        return Shape::Choice {
            categories: with_rest(ordered, &levels, meta),
        };
    }
    let categories = by_frequency(&levels, meta);
    Shape::Choice {
        // Typed by hand from a short list ("Man", "man", "Vrouw"): one answer per spelling.
        categories: if spelt {
            one_per_spelling(categories)
        } else {
            categories
        },
    }
}

/// Answers that differ only in case or spacing made one, under the most given spelling (the
/// first, as `categories` come by frequency); the others count as it (`aliases`).
fn one_per_spelling(categories: Vec<Category>) -> Vec<Category> {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut out: Vec<Category> = Vec::new();
    for c in categories {
        match out
            .iter_mut()
            .find(|o| !o.missing && !c.missing && fold(&o.label.nl) == fold(&c.label.nl))
        {
            Some(o) => {
                o.aliases.push(c.value);
                o.aliases.extend(c.aliases);
            }
            None => out.push(c),
        }
    }
    out
}

/// A short heading with the word "ID", "nr" or "number" in it ("Participant ID", "Respondent
/// nr."), as a column of respondent numbers is headed.
fn names_an_identifier(heading: &str) -> bool {
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.len() <= 3
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "id" | "nr" | "no" | "number" | "nummer"))
}

/// Mostly unique values without spaces (ids), or any values that are all unique when
/// `unique` says so and they are short.
fn looks_like_identifiers(sample: &[&str], unique: bool) -> bool {
    if sample.is_empty() {
        return false;
    }
    let no_spaces = sample
        .iter()
        .filter(|v| !v.contains(' ') && v.len() <= 64)
        .count();
    let metadata = sample
        .iter()
        .filter(|v| values::is_timestamp(v) || values::is_email(v) || values::is_ip_address(v))
        .count();
    metadata * 10 >= sample.len() * 9 || (unique && no_spaces == sample.len())
}

/// A Likert scale, from labels or from numbers.
fn scale_shape(levels: &[Level], meta: &ColumnMeta) -> Option<Shape> {
    let substantive: Vec<&Level> = levels
        .iter()
        .filter(|l| !scale::is_non_substantive(&l.label) && !is_declared_missing(meta, &l.value))
        .collect();
    if substantive.is_empty() {
        return None;
    }
    let on_scale = |found: &scale::Scale, points: &[Option<usize>]| {
        Some(known_scale_shape(found, points, &substantive, levels, meta))
    };
    if let Some((found, points)) = scale::match_labels(substantive.iter().map(|l| l.label.as_str()))
    {
        let points: Vec<Option<usize>> = points.into_iter().map(Some).collect();
        return on_scale(found, &points);
    }
    // "Very favorably" … "Very unfavorably": a word and its opposite, with degrees.
    let labels: Vec<&str> = substantive.iter().map(|l| l.label.as_str()).collect();
    if let Some(order) = polar::order(&labels) {
        let ordered: Vec<&Level> = order.iter().map(|&i| substantive[i]).collect();
        return Some(scale_of(
            &ordered,
            levels,
            meta,
            format!("polar_{}", ordered.len()),
        ));
    }
    // "(1) Not useful at all" … "(5) Extremely useful": ordered by their numbers.
    let numbered: Option<Vec<(i64, &Level)>> = substantive
        .iter()
        .map(|l| match scale::strip_code(&l.label) {
            (Some(n), _) => Some((n, *l)),
            (None, _) => None,
        })
        .collect();
    if let Some(mut numbered) = numbered.filter(|n| n.len() >= 3) {
        numbered.sort_by_key(|(n, _)| *n);
        let span = numbered.last()?.0 - numbered.first()?.0 + 1;
        if [4, 5, 6, 7, 10, 11].contains(&span) && numbered.windows(2).all(|w| w[0].0 < w[1].0) {
            let ordered: Vec<&Level> = numbered.iter().map(|(_, l)| *l).collect();
            return Some(scale_of(&ordered, levels, meta, format!("numbered_{span}")));
        }
    }
    // All but a few answers on a known scale (a misspelt point, a browser's translation):
    // asked only now, when no ordering holds every label.
    let counted: Vec<(&str, usize)> = substantive
        .iter()
        .map(|l| (l.label.as_str(), l.count))
        .collect();
    if let Some((found, points)) = scale::match_labels_loosely(&counted) {
        return on_scale(found, &points);
    }
    // Bare numbers 1–4 … 1–7, 0–10 (unless the header says it is an age, a count or a level
    // such as education, whose codes are ordered categories and no agreement).
    if values::is_age_name(&meta.name)
        || values::is_level_name(&meta.name)
        || values::is_level_name(&meta.question)
        || meta.label.as_deref().is_some_and(values::is_level_name)
        || meta.value_labels.iter().any(|v| {
            scale::strip_code(&v.label).0.is_none()
                && values::number(&v.label).is_none()
                && !scale::is_non_substantive(&v.label)
                && substantive.iter().all(|l| l.label == l.value)
        })
    {
        return None;
    }
    let numbers: Option<Vec<i64>> = substantive
        .iter()
        .map(|l| {
            values::number(&l.label)
                .filter(|x| x.fract() == 0.0)
                .map(|x| x as i64)
        })
        .collect();
    let mut numbers = numbers?;
    numbers.sort_unstable();
    numbers.dedup();
    let (lo, hi) = (*numbers.first()?, *numbers.last()?);
    if numbers.len() < 3 {
        return None;
    }
    // The scale's points are those the data spans: a 1–6 item is six points, never seven.
    // (With value labels, the labelled values are among the levels and set the span.)
    let (from, to) = if lo >= 1 && (4..=7).contains(&hi) {
        (1, hi)
    } else if lo >= 0 && (8..=10).contains(&hi) {
        let zero_to_ten = lo == 0
            || meta.question.contains("0-10")
            || meta.question.contains("0 - 10")
            || meta.question.contains("0 tot 10")
            || meta.question.contains("0–10");
        (if zero_to_ten { 0 } else { 1 }, 10)
    } else {
        return None;
    };
    let categories: Vec<Category> = (from..=to)
        .map(|n| {
            let value = n.to_string();
            match substantive
                .iter()
                .find(|l| values::number(&l.label) == Some(n as f64))
            {
                Some(l) => category(l, meta),
                None => Category {
                    value: value.clone(),
                    label: Text::new(value),
                    non_substantive: false,
                    missing: false,
                    aliases: Vec::new(),
                },
            }
        })
        .collect();
    Some(scale_with_rest(
        categories,
        levels,
        meta,
        format!("numeric_{from}_{to}"),
    ))
}

/// The shape of a column whose substantive labels lie on a known scale: per label its point
/// (`None`: an answer that is no point, kept after the scale outside its figures).
fn known_scale_shape(
    found: &scale::Scale,
    points: &[Option<usize>],
    substantive: &[&Level],
    levels: &[Level],
    meta: &ColumnMeta,
) -> Shape {
    // A file that declares its answers (SPSS value labels) gave its whole list: a point of the
    // scale it does not declare ("Manchmal" beside "Sehr oft, Oft, Selten, Nie") is none of its.
    let declared = labels_answers(meta);
    let mut categories = Vec::with_capacity(found.points.len());
    for (p, point) in found.points.iter().enumerate() {
        let mut matching = substantive
            .iter()
            .zip(points)
            .filter(|(_, &q)| q == Some(p))
            .map(|(l, _)| *l);
        let category = match matching.next() {
            Some(first) => {
                let mut c = category(first, meta);
                c.aliases = matching.map(|l| l.value.clone()).collect();
                c
            }
            None if declared => continue,
            None => Category {
                value: scale::display(point).to_owned(),
                label: Text::new(scale::display(point)),
                non_substantive: false,
                missing: false,
                aliases: Vec::new(),
            },
        };
        categories.push(category);
    }
    let scale_points = categories.len();
    let placed: Vec<&Level> = substantive
        .iter()
        .zip(points)
        .filter(|(_, p)| p.is_some())
        .map(|(l, _)| *l)
        .collect();
    let rest: Vec<&Level> = levels
        .iter()
        .filter(|l| !placed.iter().any(|p| p.value == l.value))
        .collect();
    // An answer that is no point of the scale ("de acuerdo") is counted as given, but
    // stands outside the scale's figures, as a "don't know" does.
    categories.extend(rest.iter().map(|l| {
        let c = category(l, meta);
        Category {
            non_substantive: c.non_substantive || !c.missing,
            ..c
        }
    }));
    sort_rest(&mut categories, scale_points);
    Shape::Scale {
        id: found.id.to_owned(),
        categories,
    }
}

/// A scale of the `ordered` points, then the other levels (non-substantive, then missing).
fn scale_of(ordered: &[&Level], levels: &[Level], meta: &ColumnMeta, id: String) -> Shape {
    let categories = ordered.iter().map(|l| category(l, meta)).collect();
    scale_with_rest(categories, levels, meta, id)
}

/// A scale of the `points` (in order), then the levels not among them: non-substantive
/// answers, then declared missing.
fn scale_with_rest(
    mut categories: Vec<Category>,
    levels: &[Level],
    meta: &ColumnMeta,
    id: String,
) -> Shape {
    let points = categories.len();
    for l in levels {
        if !categories[..points].iter().any(|c| c.value == l.value) {
            categories.push(category(l, meta));
        }
    }
    sort_rest(&mut categories, points);
    Shape::Scale { id, categories }
}

/// After the first `points` categories: non-substantive answers, then declared missing.
fn sort_rest(categories: &mut [Category], points: usize) {
    categories[points..].sort_by_key(|c| (c.missing, !c.non_substantive));
}

fn category(level: &Level, meta: &ColumnMeta) -> Category {
    Category {
        value: level.value.clone(),
        label: Text::new(level.label.clone()),
        non_substantive: scale::is_non_substantive(&level.label),
        missing: is_declared_missing(meta, &level.value),
        aliases: Vec::new(),
    }
}

/// `ordered` categories first, then the levels not among them (non-substantive, missing).
fn with_rest(ordered: Vec<&Level>, levels: &[Level], meta: &ColumnMeta) -> Vec<Category> {
    let mut categories: Vec<Category> = ordered.iter().map(|l| category(l, meta)).collect();
    let points = categories.len();
    for l in levels {
        if !ordered.iter().any(|o| o.value == l.value) {
            categories.push(category(l, meta));
        }
    }
    let out = substantive_first(categories);
    debug_assert!(out.len() >= points);
    out
}

/// The substantive answers in their order, then the non-substantive ones, then the missing.
fn substantive_first(categories: Vec<Category>) -> Vec<Category> {
    let (mut out, mut rest): (Vec<Category>, Vec<Category>) = categories
        .into_iter()
        .partition(|c| !c.non_substantive && !c.missing);
    rest.sort_by_key(|c| c.missing);
    out.extend(rest);
    out
}

/// Categories by frequency (most chosen first; ties in order of first appearance), with
/// non-substantive answers and declared missing values last.
fn by_frequency(levels: &[Level], meta: &ColumnMeta) -> Vec<Category> {
    let mut ordered: Vec<&Level> = levels.iter().collect();
    ordered.sort_by_key(|l| std::cmp::Reverse(l.count));
    with_rest(ordered, levels, meta)
}

/// The pairs of values that say yes and no, as tools write them.
const YES_NO: &[(&str, &str)] = &[
    ("1", "0"),
    ("y", "n"),
    ("yes", "no"),
    ("ja", "nee"),
    ("ja", "nein"),
    ("oui", "non"),
    ("sí", "no"),
    ("si", "no"),
    ("sim", "não"),
    ("checked", "unchecked"),
    ("selected", "not selected"),
    ("gekozen", "niet gekozen"),
    ("geselecteerd", "niet geselecteerd"),
    ("ausgewählt", "nicht ausgewählt"),
    ("gewählt", "nicht gewählt"),
    ("sélectionné", "non sélectionné"),
    ("true", "false"),
    ("waar", "onwaar"),
];

/// Whether `word` is one side of a yes/no pair ("Yes", "Niet gekozen", "Checked").
fn is_yes_no_word(word: &str) -> bool {
    let w = word.trim().to_lowercase();
    YES_NO.iter().any(|(yes, no)| w == *yes || w == *no)
}

/// The values someone gave in a column, but a tool's marker for a question not shown ("N/A").
fn given(levels: &[Level]) -> impl Iterator<Item = &Level> {
    levels
        .iter()
        .filter(|l| l.count > 0 && !scale::is_missing_marker(&l.value))
}

/// The values that mean "chosen" when a column marks one option: `1`/`0`, `Y`/`N`,
/// `Yes`/`No`, `Ja`/`Nein`, `Oui`/`Non`, `Checked`/`Unchecked`, `Gekozen`/`Niet gekozen`, or the
/// option's own label/empty (empty list). Missing markers ("N/A", "Not displayed") are neither.
/// A column that holds only the "no" of a pair (nobody chose the option) marks with its "yes".
fn option_marker(levels: &[Level]) -> Option<Vec<String>> {
    let observed: Vec<&Level> = given(levels).collect();
    if observed.is_empty() || observed.len() > 2 {
        return None;
    }
    let is = |l: &Level, word: &str| l.value.trim().to_lowercase() == word;
    for (yes, no) in YES_NO {
        if !observed.iter().all(|l| is(l, yes) || is(l, no)) {
            continue;
        }
        let chosen: Vec<String> = observed
            .iter()
            .filter(|l| is(l, yes))
            .map(|l| l.value.clone())
            .collect();
        if !chosen.is_empty() {
            return Some(chosen);
        }
        // Only "No": the "yes" written the way this column writes its "no".
        let written = observed[0].value.trim();
        let yes = if written.chars().all(|c| !c.is_lowercase()) {
            yes.to_uppercase()
        } else if written.starts_with(char::is_uppercase) {
            let mut c = yes.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        } else {
            (*yes).to_owned()
        };
        return Some(vec![yes]);
    }
    // One label and empty cells: the label marks the option.
    (observed.len() == 1 && values::number(&observed[0].value).is_none()).then(Vec::new)
}

/// A number: bins for ages and wide ranges, or a small set of values as ordered categories.
fn numeric_shape(levels: &[Level], meta: &ColumnMeta) -> Option<Shape> {
    let observed: Vec<&Level> = levels
        .iter()
        .filter(|l| {
            l.count > 0
                && !is_declared_missing(meta, &l.value)
                && !scale::is_missing_marker(&l.value)
                && !scale::is_non_substantive(&l.label)
        })
        .collect();
    let numbers: Option<Vec<f64>> = observed.iter().map(|l| values::number(&l.value)).collect();
    let numbers = numbers?;
    if observed.iter().any(|l| l.label != l.value) {
        return None;
    }
    numeric_of(&numbers, meta, false)
}

/// The numeric shape of a column's numbers: each value once (`distinct`: the levels of a coded
/// column) or every cell (a column stored as text). `None` for no numbers, for a few whole
/// numbers (ordered categories) and, cell by cell, for a different whole number per respondent
/// (a respondent number).
fn numeric_of(numbers: &[f64], meta: &ColumnMeta, per_cell: bool) -> Option<Shape> {
    if numbers.is_empty() {
        return None;
    }
    let age = values::is_age_name(&meta.name) || values::is_age_name(&meta.question);
    let integers = numbers.iter().all(|x| x.fract() == 0.0);
    if per_cell && integers {
        let mut sorted = numbers.to_vec();
        sorted.sort_by(f64::total_cmp);
        if sorted.windows(2).all(|w| w[0] != w[1]) {
            return None;
        }
    }
    let grade = values::is_grade_name(&meta.name) || values::is_grade_name(&meta.question);
    let measure = values::is_measure_name(&meta.name) || values::is_measure_name(&meta.question);
    if !per_cell
        && !age
        && !grade
        && !measure
        && integers
        && numbers.len() <= MAX_BREAKDOWN_CATEGORIES
    {
        return None; // a few whole numbers: ordered categories
    }
    let span = |xs: &[f64]| {
        xs.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            })
    };
    // An age typed as a year of birth ("1998" among "19", "20", "21"): a few values that are
    // no age do not turn the age groups into bins of 500 years; they stay outside the groups.
    let ages: Vec<f64> = numbers
        .iter()
        .copied()
        .filter(|x| (10.0..=120.0).contains(x))
        .collect();
    let outside = numbers.len() - ages.len();
    let few_outside = outside == 0 || (outside <= 2 && ages.len() >= 4 * outside);
    let bins = if age && integers && few_outside {
        let (lo, hi) = span(&ages);
        let mut bins = age_bins(lo, hi);
        if let Some(last) = bins.last_mut().filter(|_| outside > 0) {
            last.to = Some(121.0);
        }
        bins
    } else {
        let (lo, hi) = span(numbers);
        even_bins(lo, hi, integers)
    };
    Some(Shape::Numeric { bins, age })
}

/// The age groups that statistics offices use, from the youngest to the oldest present.
fn age_bins(lo: f64, hi: f64) -> Vec<Bin> {
    let edges = [25.0, 35.0, 45.0, 55.0, 65.0];
    let mut bins = Vec::new();
    let mut from: Option<f64> = None;
    for &edge in &edges {
        if edge > lo && from.is_none_or(|f| f < hi) {
            let label = match from {
                None => format!("< {edge}"),
                Some(f) => format!("{f}-{}", edge - 1.0),
            };
            bins.push(Bin {
                label: Text::new(label),
                from,
                to: Some(edge),
            });
        }
        from = Some(edge);
    }
    if hi >= 65.0 {
        bins.push(Bin {
            label: Text::new("65+"),
            from: Some(65.0),
            to: None,
        });
    } else if let Some(last) = bins.last_mut() {
        last.to = None;
        if let Some(f) = last.from {
            last.label = Text::new(format!("{f}+"));
        }
    }
    bins
}

/// About five bins of a round width covering `[lo, hi]`.
fn even_bins(lo: f64, hi: f64, integers: bool) -> Vec<Bin> {
    let span = (hi - lo).max(1.0);
    let raw = span / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let step = if integers {
        step.max(1.0).round()
    } else {
        step
    };
    let mut from = (lo / step).floor() * step;
    let mut bins = Vec::new();
    while from <= hi && bins.len() < 20 {
        let to = from + step;
        // The top of the range on the last bin's edge (a 0–100 slider: 100) closes that bin
        // ("80-100") rather than opening one of its own ("100-119").
        if (to - hi).abs() < step * 1e-9 && integers && step > 1.0 && from > lo {
            bins.push(Bin {
                label: Text::new(format!("{from}-{hi}")),
                from: Some(from),
                to: Some(to),
            });
            break;
        }
        let label = if integers && step > 1.0 {
            Text::new(format!("{}-{}", from, to - 1.0))
        } else if integers {
            Text::new(format!("{from}"))
        } else {
            // Decimals as each language writes them ("12,5–15", "12.5–15"), as many as the
            // step has (no 0.6000000000000001 from adding 0.2 three times).
            let places = (0..6)
                .find(|&d| ((step * 10f64.powi(d)).round() - step * 10f64.powi(d)).abs() < 1e-9)
                .unwrap_or(6) as usize;
            let short = |x: f64| {
                let text = format!("{x:.places$}");
                match text.contains('.') {
                    true => text.trim_end_matches('0').trim_end_matches('.').to_string(),
                    false => text,
                }
            };
            let en = format!("{}\u{2013}{}", short(from), short(to));
            Text::with_en(en.replace('.', ","), en)
        };
        bins.push(Bin {
            label,
            from: Some(from),
            to: Some(to),
        });
        from = to;
    }
    if let Some(first) = bins.first_mut() {
        first.from = None;
    }
    if let Some(last) = bins.last_mut() {
        last.to = None;
    }
    bins
}

/// Several answers in one cell (`a;b;` from Microsoft Forms, `a, b` from Google Forms),
/// recognised when the pieces recur across cells.
fn one_cell_shape(levels: &[Level], layout: Layout) -> Option<Shape> {
    let delimiters: &[&'static str] = match layout {
        Layout::GoogleForms => &[","],
        _ => &[";", ","],
    };
    let observed: Vec<&Level> = levels.iter().filter(|l| l.count > 0).collect();
    for &delimiter in delimiters {
        if !observed.iter().any(|l| l.value.contains(delimiter)) {
            continue;
        }
        let cells: Vec<(&str, usize)> = observed
            .iter()
            .map(|l| (l.value.as_str(), l.count))
            .collect();
        let pieces = one_cell_pieces(&cells, delimiter);
        // (option, cells it appears in, respondents who chose it)
        let mut options: Vec<(String, usize, usize)> = Vec::new();
        for (parts, (_, count)) in pieces.iter().zip(&cells) {
            for part in parts {
                match options.iter_mut().find(|(o, _, _)| o == part) {
                    Some(entry) => {
                        entry.1 += 1;
                        entry.2 += count;
                    }
                    None => options.push((part.clone(), 1, *count)),
                }
            }
        }
        let trailing = observed
            .iter()
            .all(|l| l.value.trim_end().ends_with(delimiter));
        // Options chosen once among many answers are the texts typed for "Other". Qualtrics
        // writes those in a column of their own (`Q2_12_TEXT`), never in the joined cell, so
        // there every part is an option, however few chose it.
        let respondents: usize = cells.iter().map(|(_, n)| n).sum();
        let (mut frequent, mut rare): (Vec<_>, Vec<_>) = options
            .into_iter()
            .partition(|(_, _, n)| *n >= 2 || respondents < 20 || layout == Layout::Qualtrics);
        // A form writes each option as it was set up; answers spelt two ways ("YouTube",
        // "Youtube") were typed. In a Google Form's checkbox column (its options recur in
        // cells joined by ", ") those are "Other" answers, the most chosen spelling kept as
        // the option it may be; elsewhere they mark typed text.
        let names: Vec<&str> = frequent.iter().map(|(o, _, _)| o.as_str()).collect();
        if spelt_two_ways(&names) {
            if layout != Layout::GoogleForms {
                continue;
            }
            let typed: Vec<usize> = (0..frequent.len())
                .filter(|&i| {
                    let (name, _, n) = &frequent[i];
                    frequent
                        .iter()
                        .enumerate()
                        .any(|(j, (other, _, m))| j != i && folded(other) == folded(name) && m >= n)
                })
                .collect();
            for i in typed.into_iter().rev() {
                rare.push(frequent.remove(i));
            }
        }
        let recurring = frequent.iter().map(|(_, cells, _)| cells).sum::<usize>() as f64
            / frequent.len().max(1) as f64;
        if frequent.len() <= MAX_OPTIONS
            && frequent.len() >= 2
            && (trailing || (recurring >= 1.5 && frequent.len() < observed.len() + 2))
            && frequent.iter().all(|(o, _, _)| o.chars().count() <= 200)
            && rare.len() * 3 <= respondents
        {
            let mut frequent = frequent;
            frequent.sort_by_key(|(_, _, respondents)| std::cmp::Reverse(*respondents));
            return Some(Shape::OneCell {
                delimiter,
                options: frequent.into_iter().map(|(o, _, _)| o).collect(),
                other: !rare.is_empty(),
            });
        }
    }
    None
}

/// The answers in each cell of a one-cell multi-select. Answers given alone are options as they
/// are written, delimiters and all; then neighbouring pieces that always come together in that
/// order ("Redes sociales como blogs" + "R-bloggers" + …) are one option that holds the
/// delimiter, as long as they come together at least twice.
fn one_cell_pieces(cells: &[(&str, usize)], delimiter: &str) -> Vec<Vec<String>> {
    let alone = |v: &str| v.trim().trim_end_matches(delimiter).trim().to_owned();
    // Answers given alone: options for certain, never merged with a neighbour.
    let single: Vec<String> = cells
        .iter()
        .map(|(v, _)| alone(v))
        .filter(|v| !v.is_empty() && !v.contains(delimiter))
        .collect();
    let mut known = single.clone();
    // Pieces are found by what recurs; only what stays unknown at the end may continue a piece
    // before it by starting in lower case.
    let split = |known: &[String], lower_case_continues: bool| -> Vec<Vec<String>> {
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        cells
            .iter()
            .map(|(v, _)| crate::survey::split_known(v, delimiter, &known, lower_case_continues))
            .collect()
    };
    let mut pieces = split(&known, false);
    for _ in 0..8 {
        let mut occurs: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut pairs: rustc_hash::FxHashMap<(&str, &str), usize> = Default::default();
        for (parts, (_, n)) in pieces.iter().zip(cells) {
            for (i, part) in parts.iter().enumerate() {
                *occurs.entry(part).or_default() += n;
                if let Some(next) = parts.get(i + 1) {
                    *pairs.entry((part, next)).or_default() += n;
                }
            }
        }
        let mut merged: Vec<String> = pairs
            .iter()
            .filter(|(&(a, b), &n)| {
                n >= 2
                    && occurs[a] == n
                    && occurs[b] == n
                    && !single.iter().any(|k| k == a || k == b)
            })
            .map(|(&(a, b), _)| format!("{a}{delimiter} {b}"))
            .collect();
        if merged.is_empty() {
            break;
        }
        merged.sort();
        known.extend(merged);
        pieces = split(&known, false);
    }
    // Where options themselves start in lower case ("sport", "wiskunde"), a lower-case start
    // says nothing about continuing.
    let lower_case_options = single.iter().any(|v| v.starts_with(char::is_lowercase));
    split(&known, !lower_case_options)
}

/// The categories of a scale over several columns (a grid): the union of what each column
/// holds, in scale order.
fn merged_scale(members: &[Profile<'_>]) -> Option<Vec<Category>> {
    let first_meta = members.first()?.meta;
    let mut merged: Vec<Level> = Vec::new();
    for p in members {
        for l in &p.levels {
            match merged.iter_mut().find(|m| m.value == l.value) {
                Some(m) => m.count += l.count,
                None => merged.push(l.clone()),
            }
        }
    }
    for vl in &first_meta.value_labels {
        if !merged.iter().any(|l| l.value == vl.value) {
            merged.push(Level {
                value: vl.value.clone(),
                label: vl.label.clone(),
                count: 0,
            });
        }
    }
    match scale_shape(&merged, first_meta)? {
        Shape::Scale { categories, .. } => Some(categories),
        _ => None,
    }
}

/// What differs between a saved codebook and a new file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, BorshSerialize, BorshDeserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mismatch {
    /// A column was found under another name (same export code or same header text).
    ColumnRenamed {
        question: String,
        from: String,
        to: String,
    },
    /// A column of the codebook is not in the file; its item was left out.
    ColumnMissing { question: String, column: String },
    /// None of a question's columns is in the file; the question was left out.
    QuestionDropped { question: String },
    /// Values in the file that are none of the question's categories.
    NewValues {
        question: String,
        column: String,
        values: Vec<String>,
    },
    /// A column of the file that the codebook does not mention; a question was proposed.
    NewColumn { column: String, question: String },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::ColumnRenamed { question, from, to } => write!(f, "question '{question}': column '{from}' is called '{to}' in this file"),
            Mismatch::ColumnMissing { question, column } => write!(f, "question '{question}': this file has no column '{column}'; that item is left out"),
            Mismatch::QuestionDropped { question } => write!(f, "question '{question}': none of its columns is in this file; the question is left out"),
            Mismatch::NewValues { question, column, values } => write!(f, "question '{question}', column '{column}': answers not in the codebook: {}", values.join(", ")),
            Mismatch::NewColumn { column, question } => write!(f, "column '{column}' is not in the codebook; it is added as question '{question}'"),
        }
    }
}

/// Matches a saved codebook to a new file: columns are found by name, then by export code or
/// header text; what cannot be matched is left out and explained, and columns the codebook
/// does not mention get proposed questions at the end.
pub fn apply(codebook: &Codebook, import: &Import) -> (Codebook, Vec<Mismatch>) {
    apply_to_proposal(codebook, import, propose(import))
}

/// [`apply`] with the codebook [`propose`] made for `import` already at hand: then only the
/// columns' names, metadata and levels are looked at, not the cells.
pub fn apply_to_proposal(
    codebook: &Codebook,
    import: &Import,
    proposed: Codebook,
) -> (Codebook, Vec<Mismatch>) {
    let mut out = codebook.clone();
    let mut mismatches = Vec::new();
    let names: Vec<&str> = import
        .dataset
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let mut used = vec![false; names.len()];
    let find = |column: &str| -> Option<usize> {
        if let Some(i) = names.iter().position(|n| *n == column) {
            return Some(i);
        }
        let wanted = squash(column);
        import
            .columns
            .iter()
            .position(|m| {
                m.code.as_deref() == Some(column) || m.import_id.as_deref() == Some(column)
            })
            .or_else(|| names.iter().position(|n| squash(n) == wanted))
    };
    out.questions.retain_mut(|q| {
        q.items.retain_mut(|it| match find(&it.column) {
            Some(i) => {
                used[i] = true;
                if names[i] != it.column {
                    mismatches.push(Mismatch::ColumnRenamed {
                        question: q.id.clone(),
                        from: it.column.clone(),
                        to: names[i].to_owned(),
                    });
                    it.column = names[i].to_owned();
                }
                true
            }
            None => {
                mismatches.push(Mismatch::ColumnMissing {
                    question: q.id.clone(),
                    column: it.column.clone(),
                });
                false
            }
        });
        if q.items.is_empty() {
            mismatches.push(Mismatch::QuestionDropped {
                question: q.id.clone(),
            });
            return false;
        }
        true
    });
    for q in &out.questions {
        let counted_by_category = q.kind.is_categorical()
            && (q.kind != QuestionKind::Numeric || q.bins.is_empty())
            && !q.categories.is_empty();
        if !counted_by_category {
            continue;
        }
        for it in &q.items {
            let Some(levels) = import.dataset.column(&it.column).and_then(Column::levels) else {
                continue;
            };
            let unknown: Vec<String> = levels
                .iter()
                .filter(|l| q.category_of(l).is_none())
                .take(10)
                .cloned()
                .collect();
            if !unknown.is_empty() {
                mismatches.push(Mismatch::NewValues {
                    question: q.id.clone(),
                    column: it.column.clone(),
                    values: unknown,
                });
            }
        }
    }
    for q in proposed.questions {
        let all_new = q.items.iter().all(|it| {
            names
                .iter()
                .position(|n| *n == it.column)
                .is_some_and(|i| !used[i])
        });
        if !all_new {
            continue;
        }
        let mut q = q;
        while out.question(&q.id).is_some() {
            q.id.push('_');
        }
        for it in &q.items {
            if let Some(i) = names.iter().position(|n| *n == it.column) {
                if !used[i] {
                    used[i] = true;
                    mismatches.push(Mismatch::NewColumn {
                        column: it.column.clone(),
                        question: q.id.clone(),
                    });
                }
            }
        }
        out.questions.push(q);
    }
    (out, mismatches)
}

/// A header compared loosely: lower case, letters and digits only.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
