//! Small surveys for the statistics tests: columns from cell lists, questions from a few words.
#![allow(dead_code)]

use peiling_engine::codebook::{Category, Codebook, Item, Question, QuestionKind, Text};
use peiling_engine::dataset::{ColumnBuilder, Dataset};
use peiling_engine::Survey;

pub fn category(value: &str) -> Category {
    Category {
        non_substantive: matches!(value, "Geen mening" | "Weet niet"),
        missing: value == "Weigert",
        ..Category::new(value)
    }
}

fn item(id: &str, column: &str, label: &str) -> Item {
    Item {
        exclusive: matches!(label, "Geen van deze" | "Geen mening"),
        other: false,
        ..Item::new(id, column, Text::new(label))
    }
}

fn question(id: &str, kind: QuestionKind, items: Vec<Item>, categories: &[&str]) -> Question {
    Question {
        id: id.into(),
        text: Text::new(id),
        kind,
        section: None,
        items,
        categories: categories.iter().map(|c| category(c)).collect(),
        chosen: vec![],
        delimiter: None,
        bins: vec![],
        breakdown: false,
        base_of: Vec::new(),
        asked_of: None,
        base_all: None,
    }
}

/// A single-choice question on column `id`.
pub fn single(id: &str, categories: &[&str]) -> Question {
    let mut q = question(
        id,
        QuestionKind::SingleChoice,
        vec![item(id, id, "")],
        categories,
    );
    q.breakdown = true;
    q
}

/// A Likert item on column `id`.
pub fn likert_item(id: &str, categories: &[&str]) -> Question {
    question(id, QuestionKind::Likert, vec![item(id, id, "")], categories)
}

/// A grid whose statements are columns `columns`.
pub fn grid(id: &str, columns: &[&str], categories: &[&str]) -> Question {
    let items = columns.iter().map(|c| item(c, c, c)).collect();
    question(id, QuestionKind::Grid, items, categories)
}

/// A multi-select with one column per option; options are named after their labels.
pub fn multi(id: &str, options: &[(&str, &str)]) -> Question {
    let items = options.iter().map(|(c, l)| item(c, c, l)).collect();
    question(id, QuestionKind::MultiSelect, items, &[])
}

/// A survey from `(column, cells)` lists and questions.
pub fn survey(columns: &[(&str, Vec<&str>)], questions: Vec<Question>) -> Survey {
    let builders = columns
        .iter()
        .map(|(name, cells)| {
            let mut b = ColumnBuilder::new(*name);
            cells.iter().for_each(|c| b.push(c));
            b
        })
        .collect();
    Survey::new(Dataset::from_builders(builders), Codebook::new(questions))
}

/// `count` copies of `cell`.
pub fn repeat<'a>(parts: &[(&'a str, usize)]) -> Vec<&'a str> {
    parts
        .iter()
        .flat_map(|(cell, count)| std::iter::repeat_n(*cell, *count))
        .collect()
}

pub const SCALE: &[&str] = &[
    "Zeer mee oneens",
    "Mee oneens",
    "Neutraal",
    "Mee eens",
    "Zeer mee eens",
    "Geen mening",
];

pub fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * b.abs().max(1.0)
}

#[macro_export]
macro_rules! assert_close {
    ($a:expr, $b:expr, $tol:expr) => {{
        let (a, b): (f64, f64) = ($a, $b);
        assert!(
            $crate::stats_support::close(a, b, $tol),
            "{} = {} but expected {} (±{})",
            stringify!($a),
            a,
            b,
            $tol
        );
    }};
}

/// The bundled consultation as the page holds it: `data/vakmanschap.csv` read through its
/// codebook.
pub fn bundled() -> Survey {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/");
    let csv = std::fs::read(format!("{root}vakmanschap.csv")).unwrap();
    let codebook = std::fs::read_to_string(format!("{root}vakmanschap.codebook.json")).unwrap();
    let options = peiling_engine::read::ReadOptions::default();
    let import = peiling_engine::read::read(&csv, "vakmanschap.csv", &options).unwrap();
    Survey::new(import.dataset, Codebook::from_json(&codebook).unwrap())
}
