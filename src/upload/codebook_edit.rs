//! The edits the review step makes to a codebook: rename, retype, reorder answers, mark them,
//! merge questions into a grid or multi-select and split one again.
//!
//! What stays true: every edit keeps each dataset column in exactly one question (merging and
//! splitting move items, never copy or drop them), question ids stay unique, and item ids stay
//! unique within their question. Edits that cannot apply (a move past the end, a merge of
//! fewer than two questions) change nothing.
use peiling_engine::codebook::{Codebook, Question, QuestionKind, Text};

/// Sets a question's text as the user typed it (in whichever language they work in).
pub fn rename(codebook: &mut Codebook, id: &str, text: &str) {
    if let Some(q) = question_mut(codebook, id) {
        q.text = Text::new(text.trim());
    }
}

/// Changes a question's kind. A categorical question made numeric, text or identifier stops
/// being a breakdown when it can no longer be one.
pub fn retype(codebook: &mut Codebook, id: &str, kind: QuestionKind) {
    if let Some(q) = question_mut(codebook, id) {
        q.kind = kind;
        if matches!(kind, QuestionKind::OpenText | QuestionKind::Identifier) {
            q.breakdown = false;
        }
    }
}

/// Moves answer `index` of a question one place up (`-1`) or down (`+1`); returns the answer's
/// new index when it moved.
pub fn move_answer(codebook: &mut Codebook, id: &str, index: usize, up: bool) -> Option<usize> {
    let q = question_mut(codebook, id)?;
    let to = if up { index.checked_sub(1)? } else { index + 1 };
    if index >= q.categories.len() || to >= q.categories.len() {
        return None;
    }
    q.categories.swap(index, to);
    Some(to)
}

/// Marks answer `index` as non-substantive ("Geen mening") or not.
pub fn set_non_substantive(codebook: &mut Codebook, id: &str, index: usize, on: bool) {
    if let Some(c) = question_mut(codebook, id).and_then(|q| q.categories.get_mut(index)) {
        c.non_substantive = on;
    }
}

/// Marks answer `index` as a missing code (no answer at all) or not.
pub fn set_missing(codebook: &mut Codebook, id: &str, index: usize, on: bool) {
    if let Some(c) = question_mut(codebook, id).and_then(|q| q.categories.get_mut(index)) {
        c.missing = on;
    }
}

pub fn set_breakdown(codebook: &mut Codebook, id: &str, on: bool) {
    if let Some(q) = question_mut(codebook, id) {
        q.breakdown = on;
    }
}

/// Merges the questions `ids` (at least two) into one, at the place of the first: a
/// multi-select when all of them are multi-selects, otherwise a grid whose answers are the
/// first question's followed by any others not yet among them. Returns the merged question's id.
pub fn merge(codebook: &mut Codebook, ids: &[String]) -> Option<String> {
    let positions: Vec<usize> = codebook
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| ids.contains(&q.id))
        .map(|(i, _)| i)
        .collect();
    if positions.len() < 2 {
        return None;
    }
    let first = positions[0];
    let mut parts: Vec<Question> = Vec::with_capacity(positions.len());
    for &i in positions.iter().rev() {
        parts.push(codebook.questions.remove(i));
    }
    parts.reverse();
    let all_multi = parts.iter().all(|q| q.kind == QuestionKind::MultiSelect);
    let mut merged = parts[0].clone();
    merged.kind = if all_multi {
        QuestionKind::MultiSelect
    } else {
        QuestionKind::Grid
    };
    merged.breakdown = false;
    merged.items.clear();
    for part in &parts {
        for mut item in part.items.clone() {
            if item.label.nl.is_empty() {
                item.label = part.text.clone();
            }
            let base = item.id.clone();
            let mut n = 2;
            while merged.items.iter().any(|it| it.id == item.id) {
                item.id = format!("{base}_{n}");
                n += 1;
            }
            merged.items.push(item);
        }
        for category in &part.categories {
            if merged.category_of(&category.value).is_none() {
                merged.categories.push(category.clone());
            }
        }
        for chosen in &part.chosen {
            if !merged.chosen.contains(chosen) {
                merged.chosen.push(chosen.clone());
            }
        }
    }
    let id = merged.id.clone();
    codebook.questions.insert(first, merged);
    Some(id)
}

/// Splits a grid or multi-select into one question per item, in its place: grid statements
/// become Likert items, multi-select options stay one-option multi-selects.
pub fn split(codebook: &mut Codebook, id: &str) -> bool {
    let Some(at) = codebook.questions.iter().position(|q| q.id == id) else {
        return false;
    };
    if codebook.questions[at].items.len() < 2 {
        return false;
    }
    let whole = codebook.questions.remove(at);
    let kind = match whole.kind {
        QuestionKind::Grid => QuestionKind::Likert,
        other => other,
    };
    let mut pieces = Vec::with_capacity(whole.items.len());
    for item in &whole.items {
        let mut piece = whole.clone();
        piece.kind = kind;
        piece.id = format!("{}_{}", whole.id, item.id);
        while codebook.questions.iter().any(|q| q.id == piece.id)
            || pieces.iter().any(|p: &Question| p.id == piece.id)
        {
            piece.id.push('_');
        }
        if !item.label.nl.is_empty() {
            piece.text = Text::new(format!("{}: {}", whole.text.nl, item.label.nl));
        }
        let mut item = item.clone();
        if kind != QuestionKind::MultiSelect {
            item.label = Text::default();
        }
        piece.items = vec![item];
        if kind == QuestionKind::MultiSelect && whole.base_of.is_empty() {
            // An option on its own still counts among those who answered the question.
            piece.base_of = whole.items.clone();
        }
        pieces.push(piece);
    }
    for (offset, piece) in pieces.into_iter().enumerate() {
        codebook.questions.insert(at + offset, piece);
    }
    true
}

/// Sets (or clears, with `None`) the weight column.
pub fn set_weight(codebook: &mut Codebook, column: Option<String>) {
    codebook.weight = column.filter(|c| !c.is_empty());
}

fn question_mut<'a>(codebook: &'a mut Codebook, id: &str) -> Option<&'a mut Question> {
    codebook.questions.iter_mut().find(|q| q.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use peiling_engine::codebook::{Category, Item};

    fn likert(id: &str, column: &str, extra: Option<&str>) -> Question {
        let mut categories: Vec<Category> = ["Oneens", "Neutraal", "Eens"]
            .iter()
            .map(|v| Category::new(*v))
            .collect();
        if let Some(extra) = extra {
            categories.push(Category {
                non_substantive: true,
                ..Category::new(extra)
            });
        }
        Question {
            id: id.into(),
            text: Text::new(format!("Stelling {id}")),
            kind: QuestionKind::Likert,
            section: None,
            items: vec![Item::new("1", column, Text::default())],
            categories,
            chosen: vec![],
            delimiter: None,
            bins: vec![],
            breakdown: false,
            base_of: Vec::new(),
            asked_of: None,
            base_all: None,
        }
    }

    fn columns(cb: &Codebook) -> Vec<String> {
        let mut all: Vec<String> = cb
            .questions
            .iter()
            .flat_map(|q| q.items.iter().map(|i| i.column.clone()))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn merging_makes_one_grid_in_the_first_place_keeping_every_column_once() {
        let mut cb = Codebook::new(vec![
            likert("a", "A", None),
            likert("x", "X", None),
            likert("b", "B", Some("Weet niet")),
        ]);
        let id = merge(&mut cb, &["a".into(), "b".into()]).unwrap();
        assert_eq!(id, "a");
        assert_eq!(cb.questions.len(), 2);
        let grid = &cb.questions[0];
        assert_eq!(grid.kind, QuestionKind::Grid);
        assert_eq!(grid.items.len(), 2);
        assert_ne!(grid.items[0].id, grid.items[1].id, "item ids stay unique");
        assert_eq!(grid.items[1].label.nl, "Stelling b");
        assert_eq!(grid.categories.len(), 4, "the union of both answer lists");
        assert_eq!(cb.questions[1].id, "x");
        assert_eq!(columns(&cb), ["A", "B", "X"]);
    }

    #[test]
    fn splitting_a_merged_grid_gives_back_one_likert_question_per_column() {
        let mut cb = Codebook::new(vec![likert("a", "A", None), likert("b", "B", None)]);
        merge(&mut cb, &["a".into(), "b".into()]);
        assert!(split(&mut cb, "a"));
        assert_eq!(cb.questions.len(), 2);
        assert!(cb.questions.iter().all(|q| q.kind == QuestionKind::Likert));
        let mut ids: Vec<&str> = cb.questions.iter().map(|q| q.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 2, "ids stay unique");
        assert_eq!(columns(&cb), ["A", "B"]);
    }

    #[test]
    fn a_split_option_keeps_the_whole_questions_base() {
        use peiling_engine::dataset::{ColumnBuilder, Dataset};
        use peiling_engine::stats::{analyse, Request};
        use peiling_engine::Survey;
        // Four respondents (worked by hand): A only, B only, A and B, neither.
        let mut a = ColumnBuilder::new("A");
        let mut b = ColumnBuilder::new("B");
        for (x, y) in [("1", ""), ("", "1"), ("1", "1"), ("", "")] {
            a.push(x);
            b.push(y);
        }
        let multi = Question {
            kind: QuestionKind::MultiSelect,
            items: vec![
                Item::new("a", "A", Text::new("A")),
                Item::new("b", "B", Text::new("B")),
            ],
            categories: vec![],
            chosen: vec!["1".into()],
            ..likert("m", "A", None)
        };
        let mut cb = Codebook::new(vec![multi]);
        assert!(split(&mut cb, "m"));
        let survey = Survey::new(Dataset::from_builders(vec![a, b]), cb.clone());
        let first = &cb.questions[0].id;
        let analysis = analyse(&survey, &Request::new(first)).unwrap();
        let overall = &analysis.multi_select.unwrap().overall;
        // Three answered the question; two of them chose A: 2 of 3, not 2 of 2.
        assert_eq!((overall.base_n, overall.options[0].count_n), (3, 2));
    }

    #[test]
    fn edits_that_cannot_apply_change_nothing() {
        let mut cb = Codebook::new(vec![likert("a", "A", None)]);
        let before = cb.clone();
        assert_eq!(merge(&mut cb, &["a".into()]), None);
        assert!(!split(&mut cb, "a"));
        assert_eq!(move_answer(&mut cb, "a", 0, true), None);
        assert_eq!(move_answer(&mut cb, "a", 2, false), None);
        assert_eq!(cb, before);
    }

    #[test]
    fn answers_move_and_are_marked() {
        let mut cb = Codebook::new(vec![likert("a", "A", None)]);
        assert_eq!(move_answer(&mut cb, "a", 2, true), Some(1));
        let values: Vec<&str> = cb.questions[0]
            .categories
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(values, ["Oneens", "Eens", "Neutraal"]);
        set_non_substantive(&mut cb, "a", 2, true);
        set_missing(&mut cb, "a", 0, true);
        assert_eq!(cb.questions[0].substantive().collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn text_and_identifier_questions_are_never_breakdowns() {
        let mut cb = Codebook::new(vec![likert("a", "A", None)]);
        set_breakdown(&mut cb, "a", true);
        retype(&mut cb, "a", QuestionKind::OpenText);
        assert!(!cb.questions[0].breakdown);
        rename(&mut cb, "a", "  Nieuwe vraag ");
        assert_eq!(cb.questions[0].text, Text::new("Nieuwe vraag"));
    }
}
