//! Loads the committed panel (`data/vakmanschap.csv` with its codebook) through the engine,
//! and counts shares the way the report does.

#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;

use peiling_engine::dataset::{ColumnBuilder, Dataset};
use peiling_engine::{Codebook, Survey, MISSING};

/// The repository's `data/` folder.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

pub fn read(name: &str) -> Vec<u8> {
    let path = data_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The committed CSV read cell by cell into the engine's dataset.
fn dataset(csv_bytes: &[u8]) -> Dataset {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let headers = reader.headers().expect("the CSV has a header").clone();
    let mut builders: Vec<ColumnBuilder> = headers.iter().map(ColumnBuilder::new).collect();
    for (line, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("CSV record {}: {e}", line + 1));
        assert_eq!(
            record.len(),
            builders.len(),
            "CSV record {} is ragged",
            line + 1
        );
        for (builder, cell) in builders.iter_mut().zip(record.iter()) {
            builder.push(cell);
        }
    }
    Dataset::from_builders(builders)
}

/// The committed panel as the engine sees it.
pub fn survey() -> Survey {
    let codebook_json = String::from_utf8(read("vakmanschap.codebook.json")).expect("UTF-8");
    let codebook = Codebook::from_json(&codebook_json).expect("a valid codebook");
    Survey::new(dataset(&read("vakmanschap.csv")), codebook)
}

/// The rows whose answer to single-column question `id` is one of `labels`.
pub fn rows_answering(survey: &Survey, id: &str, labels: &[&str]) -> Vec<bool> {
    let question = survey.question(id).expect("a known question");
    let wanted: Vec<u16> = labels
        .iter()
        .map(|l| {
            question
                .category_of(l)
                .unwrap_or_else(|| panic!("{id} has no answer {l}")) as u16
        })
        .collect();
    let variable = survey.variable(id, 0).expect("resolves");
    (0..survey.rows())
        .map(|r| wanted.contains(&variable.get(r)))
        .collect()
}

/// The index of the item of question `id` labelled `label` (Dutch).
pub fn item_index(survey: &Survey, id: &str, label: &str) -> usize {
    let question = survey.question(id).expect("a known question");
    question
        .items
        .iter()
        .position(|i| i.label.nl == label)
        .unwrap_or_else(|| panic!("{id} has no item '{label}'"))
}

/// Among the rows in `group`: how many gave one of `categories` (indices) to item `item` of
/// question `id`, and how many answered it at all (the base).
pub fn count(
    survey: &Survey,
    id: &str,
    item: usize,
    categories: &[u16],
    group: &[bool],
) -> (usize, usize) {
    let variable = survey.variable(id, item).expect("resolves");
    let mut hits = 0;
    let mut base = 0;
    for (row, _) in group.iter().enumerate().filter(|(_, in_group)| **in_group) {
        let category = variable.get(row);
        if category != MISSING {
            base += 1;
            hits += usize::from(categories.contains(&category));
        }
    }
    (hits, base)
}

/// The share (0-100) in `group` that agrees (Mee eens or Zeer mee eens) with grid statement
/// `item` of question `id`, or ticks multi-select option `item`.
pub fn share(survey: &Survey, id: &str, item: usize, labels: &[&str], group: &[bool]) -> f64 {
    let question = survey.question(id).expect("a known question");
    let categories: Vec<u16> = if labels.is_empty() {
        vec![1] // a multi-select option: ticked
    } else {
        labels
            .iter()
            .map(|l| question.category_of(l).expect("a known answer") as u16)
            .collect()
    };
    let (hits, base) = count(survey, id, item, &categories, group);
    100.0 * hits as f64 / base as f64
}

pub const AGREE: &[&str] = &["Mee eens", "Zeer mee eens"];
pub const DISAGREE: &[&str] = &["Zeer mee oneens", "Mee oneens"];
pub const TICKED: &[&str] = &[];

pub fn not(group: &[bool]) -> Vec<bool> {
    group.iter().map(|g| !g).collect()
}
