//! CSV export: formula neutralisation and an exact round trip through the `csv` crate.

mod export_support;

use export_support::{tricky_input, TRICKY};
use peiling_engine::chart::{table, Cell};
use peiling_engine::export::csv::{to_csv, BOM};
use peiling_engine::Lang;

fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix(BOM).expect("a byte-order mark first");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn every_dangerous_lead_character_is_neutralised() {
    let table = table(&tricky_input(Lang::Nl));
    let records = read_back(&to_csv(&table));
    for record in &records {
        for field in record {
            let first = field.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '@' | '\t' | '\r')),
                "field {field:?} would run as a formula"
            );
            // A leading minus is allowed only on a number.
            if field.starts_with('-') {
                assert!(
                    field.parse::<f64>().is_ok(),
                    "text field {field:?} starts with -"
                );
            }
        }
    }
    let labels: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    for tricky in &TRICKY[..6] {
        let expected = format!("'{tricky}");
        assert!(
            labels.contains(&expected.as_str()),
            "{expected:?} not in {labels:?}"
        );
    }
    // Markup and separators are not formula leads: they come back unchanged.
    for tricky in &TRICKY[6..] {
        assert!(labels.contains(tricky), "{tricky:?}");
    }
}

#[test]
fn the_csv_round_trips_every_cell_exactly() {
    for lang in [Lang::Nl, Lang::En] {
        let table = table(&tricky_input(lang));
        let records = read_back(&to_csv(&table));
        assert_eq!(records.len(), table.rows.len() + 1);
        assert_eq!(records[0], table.headers);
        for (record, row) in records[1..].iter().zip(&table.rows) {
            assert_eq!(record.len(), row.len());
            for (field, cell) in record.iter().zip(row) {
                match cell {
                    Cell::Text(text) => {
                        let unprefixed = field
                            .strip_prefix('\'')
                            .filter(|_| text.starts_with(['=', '+', '-', '@', '\t', '\r']));
                        assert_eq!(unprefixed.unwrap_or(field), text);
                    }
                    Cell::Number { value, .. } => {
                        let parsed: f64 = field.parse().unwrap();
                        assert_eq!(parsed.to_bits(), value.to_bits(), "{field}");
                    }
                    Cell::Empty => assert_eq!(field, ""),
                }
            }
        }
    }
}

#[test]
fn thirds_are_written_with_every_digit() {
    let table = table(&tricky_input(Lang::En));
    let csv = String::from_utf8(to_csv(&table)).unwrap();
    // 1/3 + 0 is the third category of the first row.
    assert!(csv.contains(",0.3333333333333333,"), "{csv}");
}
