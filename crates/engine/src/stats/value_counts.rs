//! Raw value counts: how often each value stands in a column, empty cells included, and the
//! same for a pair of columns — the figures a database's `GROUP BY … count(*)` gives.
//!
//! The report never shows these (it counts categories through the codebook); they let a
//! benchmark check that the page read a file exactly as another tool did. [`workload`] gives
//! the figures of the shared browser benchmark's `workload.sql`: the value counts of every
//! column that is not an identifier, then the first single-choice question by the first Likert
//! statement.

use crate::codebook::QuestionKind;
use crate::dataset::{Column, Dataset, Values};
use crate::survey::Survey;
use rustc_hash::FxHashMap;

/// One row of a count: `v2` is `None` for a single column; `None` values are empty cells.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ValueCount {
    /// The column's header, or `"a x b"` for a pair.
    pub var: String,
    pub v1: Option<String>,
    pub v2: Option<String>,
    pub n: u64,
}

/// The counts of every value of `column` (values that occur, in order of first appearance;
/// empty cells last, if any).
pub fn column_counts(column: &Column) -> Vec<ValueCount> {
    let row = |v1: Option<&str>, n| ValueCount {
        var: column.name.clone(),
        v1: v1.map(str::to_owned),
        v2: None,
        n,
    };
    match &column.values {
        Values::Coded { codes, levels } => {
            // The last slot counts the empty cells.
            let mut slots = crate::dataset::count_codes(codes, levels.len());
            let empty = slots.pop().unwrap_or(0);
            let mut rows: Vec<ValueCount> = levels
                .iter()
                .zip(slots)
                .filter(|(_, n)| *n > 0)
                .map(|(level, n)| row(Some(level), n))
                .collect();
            if empty > 0 {
                rows.push(row(None, empty));
            }
            rows
        }
        Values::Text(text) => {
            let mut order: Vec<Option<&str>> = Vec::new();
            let mut counts: FxHashMap<Option<&str>, u64> = FxHashMap::default();
            for cell in text.iter() {
                let n = counts.entry(cell).or_insert_with(|| {
                    order.push(cell);
                    0
                });
                *n += 1;
            }
            crate::sort::stable_by_key(&mut order, Option::is_none);
            order.into_iter().map(|v| row(v, counts[&v])).collect()
        }
    }
}

/// The counts of every pair of values of `a` and `b` that occurs, row by row (both columns
/// must have the dataset's rows).
pub fn pair_counts(a: &Column, b: &Column) -> Vec<ValueCount> {
    let var = format!("{} x {}", a.name, b.name);
    let mut order: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    let mut counts: FxHashMap<(Option<&str>, Option<&str>), u64> = FxHashMap::default();
    match (&a.values, &b.values) {
        // The common case counts codes, then names them.
        (
            Values::Coded {
                codes: ca,
                levels: la,
            },
            Values::Coded {
                codes: cb,
                levels: lb,
            },
        ) => {
            let width = lb.len() + 1;
            let mut slots = vec![0u64; (la.len() + 1) * width];
            for (&x, &y) in ca.iter().zip(cb) {
                let (x, y) = ((x as usize).min(la.len()), (y as usize).min(lb.len()));
                slots[x * width + y] += 1;
            }
            let name = |levels: &[String], i: usize| levels.get(i).cloned();
            return slots
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(i, &n)| ValueCount {
                    var: var.clone(),
                    v1: name(la, i / width),
                    v2: name(lb, i % width),
                    n,
                })
                .collect();
        }
        _ => {
            let rows = a.len().min(b.len());
            for row in 0..rows {
                let key = (a.cell(row), b.cell(row));
                let n = counts.entry(key).or_insert_with(|| {
                    order.push(key);
                    0
                });
                *n += 1;
            }
        }
    }
    order
        .into_iter()
        .map(|key| ValueCount {
            var: var.clone(),
            v1: key.0.map(str::to_owned),
            v2: key.1.map(str::to_owned),
            n: counts[&key],
        })
        .collect()
}

/// The shared browser benchmark's figures for `survey`: [`column_counts`] of every column
/// that no identifier question claims, then [`pair_counts`] of the first single-choice
/// question's column by the first Likert statement's column (alone or in a grid) (if both exist).
pub fn workload(survey: &Survey) -> Vec<ValueCount> {
    let questions = &survey.codebook.questions;
    let identifier = |name: &str| {
        questions.iter().any(|q| {
            q.kind == QuestionKind::Identifier && q.items.iter().any(|item| item.column == name)
        })
    };
    let data: &Dataset = &survey.data;
    let mut rows: Vec<ValueCount> = data
        .columns
        .iter()
        .filter(|column| !identifier(&column.name))
        .flat_map(column_counts)
        .collect();
    let first_column = |kinds: &[QuestionKind]| {
        questions
            .iter()
            .find(|q| kinds.contains(&q.kind))
            .and_then(|q| q.items.first())
            .and_then(|item| data.column(&item.column))
    };
    if let (Some(a), Some(b)) = (
        first_column(&[QuestionKind::SingleChoice]),
        first_column(&[QuestionKind::Likert, QuestionKind::Grid]),
    ) {
        rows.extend(pair_counts(a, b));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read, ReadOptions};
    use std::collections::BTreeMap;

    /// A survey export like the benchmark's: an identifier, a profile question with a quoted
    /// comma, a scale with empty cells, a multi-select option of `1` or empty.
    fn export() -> String {
        let ages = ["25-34", "35-44", "55-64"];
        let levels = ["hbo, wo", "mbo", "vwo"];
        let scale = [
            "Zeer mee oneens",
            "Mee oneens",
            "Neutraal",
            "Mee eens",
            "Zeer mee eens",
        ];
        let mut text = String::from("resp_id,leeftijd,opleiding,q01,q02,m01\n");
        for i in 0..6000usize {
            let q = |k: usize| match (i * 7 + k * 3) % 11 {
                0 => String::new(),
                r => scale[r % scale.len()].to_owned(),
            };
            text.push_str(&format!(
                "{},{},\"{}\",{},{},{}\n",
                i + 1,
                ages[i % 3],
                levels[(i / 5) % 3],
                q(i % 3),
                q(1),
                if i % 4 == 0 { "1" } else { "" }
            ));
        }
        text
    }

    /// The counts, by an independent reading of the same text (the `csv` crate) and a plain
    /// map: what `SELECT var, v, count(*) … GROUP BY v` returns.
    fn expected(text: &str) -> BTreeMap<(String, Option<String>, Option<String>), u64> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let mut counts = BTreeMap::new();
        let value = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        for record in reader.records() {
            let record = record.unwrap();
            for (name, cell) in headers.iter().zip(record.iter()).skip(1) {
                *counts
                    .entry((name.to_owned(), value(cell), None))
                    .or_default() += 1;
            }
            let key = (
                "leeftijd x q01".to_owned(),
                value(&record[1]),
                value(&record[3]),
            );
            *counts.entry(key).or_default() += 1;
        }
        counts
    }

    #[test]
    fn the_workload_counts_every_value_of_every_answer_column_and_the_pair() {
        let text = export();
        let import = read(text.as_bytes(), "export.csv", &ReadOptions::default()).unwrap();
        let codebook = crate::infer::propose(&import);
        let survey = Survey::new(import.dataset, codebook);
        let got: BTreeMap<_, _> = workload(&survey)
            .into_iter()
            .map(|r| ((r.var, r.v1, r.v2), r.n))
            .collect();
        assert_eq!(got, expected(&text));
    }

    #[test]
    fn text_columns_are_counted_cell_by_cell_with_empty_cells_last() {
        let mut text = String::from("open,q\n");
        for i in 0..5000 {
            // More distinct answers than a coded column keeps: stored as text.
            let open = if i % 10 == 0 {
                String::new()
            } else {
                format!("answer {}", i % 4900)
            };
            text.push_str(&format!(
                "{open},{}\n",
                if i % 2 == 0 { "ja" } else { "nee" }
            ));
        }
        let import = read(text.as_bytes(), "open.csv", &ReadOptions::default()).unwrap();
        let open = &import.dataset.columns[0];
        assert!(matches!(open.values, Values::Text(_)));
        let counts = column_counts(open);
        assert_eq!(counts.iter().map(|r| r.n).sum::<u64>(), 5000);
        assert_eq!(
            counts.last().map(|r| (r.v1.clone(), r.n)),
            Some((None, 500))
        );
        let pairs = pair_counts(open, &import.dataset.columns[1]);
        assert_eq!(pairs.iter().map(|r| r.n).sum::<u64>(), 5000);
        let empty_ja = pairs
            .iter()
            .find(|r| r.v1.is_none() && r.v2.as_deref() == Some("ja"))
            .map(|r| r.n);
        assert_eq!(empty_ja, Some(500));
    }
}
