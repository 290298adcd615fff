//! What the export tests share: chart inputs with labels that try to be formulas and markup,
//! and the bundled consultation with its respondents counted from the raw file.
// Each test file that shares this module uses a part of it.
#![allow(dead_code)]

use peiling_engine::chart::{
    ChartInput, ChartKind, Marker, Role, RowInput, SeriesCategory, SortOrder,
};
use peiling_engine::codebook::Codebook;
use peiling_engine::read::{read, ReadOptions};
use peiling_engine::{Lang, Survey};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/");

/// The bundled consultation (data/), read as the page reads it.
pub fn bundled() -> Survey {
    let csv = std::fs::read(format!("{ROOT}vakmanschap.csv")).unwrap();
    let codebook = std::fs::read_to_string(format!("{ROOT}vakmanschap.codebook.json")).unwrap();
    let import = read(&csv, "vakmanschap.csv", &ReadOptions::default()).unwrap();
    Survey::new(import.dataset, Codebook::from_json(&codebook).unwrap())
}

/// Respondents whose `column` holds one of `values`, counted from the raw file with the `csv`
/// crate (not by the engine).
pub fn count_in_file(column: &str, values: &[&str]) -> usize {
    let mut reader = csv::Reader::from_path(format!("{ROOT}vakmanschap.csv")).unwrap();
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap();
    reader
        .records()
        .filter(|r| values.contains(&&r.as_ref().unwrap()[at]))
        .count()
}

/// Labels a user's file could hold: every character that starts a formula, markup, quotes,
/// separators and line breaks.
pub const TRICKY: [&str; 11] = [
    "=HYPERLINK(\"http://evil.example\",\"klik\")",
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A9)",
    "\tindented",
    "\rreturn",
    "<script>alert(1)</script>",
    "<img src=x onerror=\"alert('x')\">",
    "Tom & Jerry, \"quoted\"; semi",
    "line\nbreak",
    "_x0041_ stays as typed",
];

pub fn tricky_input(lang: Lang) -> ChartInput {
    let categories = vec![
        SeriesCategory {
            label: "=1+1".into(),
            role: Role::Negative(1),
        },
        SeriesCategory {
            label: "Neutraal".into(),
            role: Role::Neutral,
        },
        SeriesCategory {
            label: "<b>eens</b>".into(),
            role: Role::Positive(1),
        },
        SeriesCategory {
            label: "Geen mening".into(),
            role: Role::NonSubstantive,
        },
    ];
    let rows = TRICKY
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let values = vec![1.0 + i as f64, 2.5, 1.0 / 3.0 + i as f64, 0.0];
            RowInput {
                label: label.to_string(),
                note: None,
                group: Some(if i % 2 == 0 { "-groep" } else { "Groep B" }.into()),
                n: values.iter().sum(),
                values,
                ci: vec![(0.1, 0.123_456_789); 4],
                markers: vec![None, Some(Marker::Higher), None, None],
                small_base: i == 3,
                suppressed: i == 5,
                suppressed_reason: None,
                letters: Vec::new(),
                mean: None,
                exclusive: false,
            }
        })
        .collect();
    ChartInput {
        kind: ChartKind::Stacked,
        title: "=\"title\" <script>".into(),
        subtitle: "n = 1.601".into(),
        source: "@source".into(),
        categories,
        rows,
        lang,
        sort: SortOrder::AsGiven,
        disclosure: None,
        nets: false,
        mean_scale: None,
        tests: Vec::new(),
        reference_group: None,
    }
}
