//! A scale is named in its own words: the net columns, the table and the key sentences of a
//! grid that is not one of agreement say "somewhat/very favorably", never "(zeer) eens", and
//! count the same two points the Likert figures count.
//!
//! The file is a real SurveyMonkey export (FiveThirtyEight's Star Wars survey, see
//! `tests/fixtures/real/SOURCES-*.md`). The expected figures were counted with Python's `csv`
//! module over the file's column 15 (Han Solo; two header rows, Latin-1):
//! Very favorably 610, Somewhat favorably 151, Neither… (neutral) 44, Unfamiliar (N/A) 15,
//! Somewhat unfavorably 8, Very unfavorably 1, empty 357. "Unfamiliar (N/A)" is an answer
//! outside the scale (like "Geen mening"): set apart, and in the Likert base as published
//! reports count it, so the base is 610 + 151 + 44 + 15 + 8 + 1 = 829: (very or somewhat)
//! favorably 761 / 829 = 91.80%, unfavorably 9 / 829 = 1.09%. The file lists the points from
//! "Very favorably" down; the scale must still run from "Very unfavorably" up.

use std::path::PathBuf;

use peiling_engine::chart::{Cell, Role};
use peiling_engine::codebook::Lang;
use peiling_engine::report::{build, ChartReport};
use peiling_engine::stats::Options;
use peiling_engine::view::View;
use peiling_engine::{infer, read, Survey};

fn star_wars() -> Survey {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/real/surveymonkey_538_StarWars.csv");
    let bytes = std::fs::read(&path).expect("the corpus file");
    let import = read::read(&bytes, "StarWars.csv", &read::ReadOptions::default()).unwrap();
    let codebook = infer::propose(&import);
    Survey::new(import.dataset, codebook)
}

fn characters_chart(lang: Lang) -> ChartReport {
    let survey = star_wars();
    let view = View {
        lang,
        ..View::default()
    };
    let report = build(&survey, &view, &Options::default());
    report
        .sections
        .into_iter()
        .flat_map(|s| s.charts)
        .find(|c| c.input.title.contains("favorably"))
        .expect("the characters' grid is charted")
}

fn number(cell: &Cell) -> f64 {
    match cell {
        Cell::Number { value, .. } => *value,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn a_favourability_grid_is_named_in_its_own_words_and_counts_its_top_two_points() {
    let chart = characters_chart(Lang::En);
    let headers = &chart.table.headers;
    let positive = headers
        .iter()
        .position(|h| h == "% somewhat/very favorably")
        .unwrap_or_else(|| panic!("no net heading in the scale's words: {headers:?}"));
    let negative = headers
        .iter()
        .position(|h| h == "% somewhat/very unfavorably")
        .expect("the negative end in the scale's words");
    assert!(!headers.iter().any(|h| h.contains("agree")), "{headers:?}");
    let labels: Vec<(&str, Role)> = chart
        .input
        .categories
        .iter()
        .map(|c| (c.label.as_str(), c.role))
        .collect();
    assert_eq!(
        labels,
        [
            ("Very unfavorably", Role::Negative(2)),
            ("Somewhat unfavorably", Role::Negative(1)),
            ("Neither favorably nor unfavorably (neutral)", Role::Neutral),
            ("Somewhat favorably", Role::Positive(1)),
            ("Very favorably", Role::Positive(2)),
            ("Unfamiliar (N/A)", Role::NonSubstantive),
        ]
    );
    let han = chart
        .table
        .rows
        .iter()
        .find(|r| matches!(&r[0], Cell::Text(t) if t == "Han Solo"))
        .expect("Han Solo's rows");
    assert!((number(&han[positive]) - 761.0 / 829.0 * 100.0).abs() < 1e-9);
    assert!((number(&han[negative]) - 9.0 / 829.0 * 100.0).abs() < 1e-9);
    // The sentences speak of the scale, not of agreement.
    let said = chart.sentences.join(" ");
    assert!(said.contains("‘somewhat/very favorably’"), "{said}");
    assert!(!said.contains("agree"), "{said}");

    let dutch = characters_chart(Lang::Nl);
    assert!(dutch
        .table
        .headers
        .contains(&"% somewhat/very favorably".to_string()));
    let zin = dutch.sentences.join(" ");
    assert!(!zin.contains("eens"), "{zin}");
    assert!(
        zin.contains("het vaakst ‘somewhat/very favorably’"),
        "{zin}"
    );
}
