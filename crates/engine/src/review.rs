//! What the review shows of a question as it was read, so a person can check it before the
//! report: each answer with how many gave it, how many cells hold a value that is none of the
//! answers, how many are empty or declared missing; for a multi-select how many chose each
//! option; for numbers the mean, median and range.
//!
//! What stays true: the counts are those the report will count (the same value-to-answer
//! rules as [`crate::survey`]), over all of the question's items; they come from each
//! column's level counts (known already from the reading for large files), so summarising a
//! question of a million respondents takes no pass over its cells.

use crate::codebook::{Question, QuestionKind};
use crate::dataset::{count_codes, Dataset, Values};
use crate::survey::{option_chosen, parse_number};

/// Numbers of a numeric question.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbers {
    pub count: u64,
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

/// A question as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// Per answer of the question, in order: how many cells hold it (over all items).
    pub answers: Vec<u64>,
    /// Multi-select: per option, how many chose it.
    pub chosen: Vec<u64>,
    /// Cells holding a value that is none of the answers (not counted in the report).
    pub unlisted: u64,
    /// Empty cells and declared missing values.
    pub missing: u64,
    /// Numeric questions: the numbers read.
    pub numbers: Option<Numbers>,
}

/// The summary of `question` over `data`; `counts` are the code counts per column known from
/// the reading (as [`count_codes`] gives them), `None` where they were not kept.
pub fn summarise(
    data: &Dataset,
    counts: &[Option<std::sync::Arc<[u64]>>],
    question: &Question,
) -> Summary {
    let mut s = Summary {
        answers: vec![0; question.categories.len()],
        chosen: vec![
            0;
            if question.kind == QuestionKind::MultiSelect {
                question.items.len()
            } else {
                0
            }
        ],
        ..Summary::default()
    };
    let mut numbers: Vec<(f64, u64)> = Vec::new();
    for (k, item) in question.items.iter().enumerate() {
        let Some(index) = data.column_index(&item.column) else {
            continue;
        };
        let column = &data.columns[index];
        let Values::Coded { codes, levels } = &column.values else {
            continue;
        };
        let known = counts.get(index).cloned().flatten();
        let owned;
        let per_level: &[u64] = match &known {
            Some(c) if c.len() == levels.len() + 1 => c,
            _ => {
                owned = count_codes(codes, levels.len());
                &owned
            }
        };
        // The last slot counts empty cells.
        let empty = per_level[levels.len()];
        if question.kind == QuestionKind::MultiSelect {
            for (level, &n) in levels.iter().zip(per_level) {
                if option_chosen(question, item, level) {
                    s.chosen[k] += n;
                }
            }
            continue;
        }
        s.missing += empty;
        for (level, &n) in levels.iter().zip(per_level) {
            match question.category_of(level) {
                Some(i) if question.categories[i].missing => s.missing += n,
                Some(i) => s.answers[i] += n,
                None if question.kind == QuestionKind::Numeric => match parse_number(level) {
                    Some(x) => numbers.push((x, n)),
                    None => s.unlisted += n,
                },
                None => s.unlisted += n,
            }
        }
    }
    s.numbers = numbers_of(numbers);
    s
}

/// Mean, median (the middle value, or the mean of the two middle values) and range of
/// weighted-by-count values.
fn numbers_of(mut values: Vec<(f64, u64)>) -> Option<Numbers> {
    let count: u64 = values.iter().map(|(_, n)| n).sum();
    if count == 0 {
        return None;
    }
    crate::sort::stable_by(&mut values, |a, b| a.0.total_cmp(&b.0));
    let mean = values.iter().map(|(x, n)| x * *n as f64).sum::<f64>() / count as f64;
    let at = |rank: u64| {
        let mut seen = 0;
        for (x, n) in &values {
            seen += n;
            if rank < seen {
                return *x;
            }
        }
        values.last().map_or(f64::NAN, |v| v.0)
    };
    let median = if count % 2 == 1 {
        at(count / 2)
    } else {
        (at(count / 2 - 1) + at(count / 2)) / 2.0
    };
    Some(Numbers {
        count,
        mean,
        median,
        min: values[0].0,
        max: values[values.len() - 1].0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::{Item, Text};
    use crate::dataset::ColumnBuilder;

    fn numeric(cells: &[&str]) -> (Dataset, Question) {
        let mut b = ColumnBuilder::new("leeftijd");
        for c in cells {
            b.push(c);
        }
        let item = Item::new("leeftijd", "leeftijd", Text::default());
        let q = Question::new(
            "leeftijd",
            Text::new("Leeftijd"),
            QuestionKind::Numeric,
            vec![item],
        );
        (Dataset::from_builders(vec![b]), q)
    }

    #[test]
    fn numbers_have_their_mean_median_and_range_and_the_rest_is_counted_apart() {
        // 20, 30, 30, 40 and 25,5 (a decimal comma): mean 145,5 / 5 = 29,1; sorted 20, 25,5,
        // 30, 30, 40: median 30; an empty cell is missing, "onbekend" no number.
        let (data, q) = numeric(&["20", "30", "", "40", "25,5", "onbekend", "30"]);
        let s = summarise(&data, &[], &q);
        let n = s.numbers.unwrap();
        assert_eq!(n.count, 5);
        assert!((n.mean - 29.1).abs() < 1e-12);
        assert_eq!((n.median, n.min, n.max), (30.0, 20.0, 40.0));
        assert_eq!((s.missing, s.unlisted), (1, 1));
        // An even count: the mean of the two middle values (25,5 and 30).
        let (data, q) = numeric(&["20", "30", "40", "25,5"]);
        assert_eq!(summarise(&data, &[], &q).numbers.unwrap().median, 27.75);
    }
}
