//! CSV export: formula neutralisation, an exact round trip of the international dialect
//! through the `csv` crate, and the Excel-NL dialect read back with `;` and decimal commas.

mod export_support;

use export_support::{tricky_input, TRICKY};
use peiling_engine::chart::Table;
use peiling_engine::chart::{table, Cell};
use peiling_engine::export::csv::{to_csv, to_csv_in, Dialect, BOM};
use peiling_engine::Lang;

fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
    read_back_with(bytes, b',')
}

fn read_back_with(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix(BOM).expect("a byte-order mark first");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
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
    let labels = &labels[..table.rows.len()];
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
        assert_footer(&records, &table);
        assert_eq!(records[0], table.headers);
        for (record, row) in records[1..=table.rows.len()].iter().zip(&table.rows) {
            assert_eq!(record.len(), row.len());
            for (field, cell) in record.iter().zip(row) {
                match cell {
                    Cell::Text(text) => {
                        let unprefixed = field.strip_prefix('\'').filter(|_| {
                            text.trim_start().starts_with(['=', '+', '-', '@'])
                                || text.starts_with(['\t', '\r'])
                        });
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

/// After the rows: an empty record, the caption (which starts like a formula in the tricky
/// input, so it comes back prefixed) and the notes.
fn assert_footer(records: &[Vec<String>], table: &Table) {
    assert_eq!(records.len(), table.rows.len() + 3 + table.notes.len());
    let footer = &records[table.rows.len() + 1..];
    assert_eq!(footer[0], vec![String::new()]);
    assert_eq!(footer[1], vec![format!("'{}", table.caption)]);
    for (record, note) in footer[2..].iter().zip(&table.notes) {
        assert_eq!(record.len(), 1);
        assert!(
            record[0] == *note || record[0] == format!("'{note}"),
            "{record:?}"
        );
    }
}

/// A Dutch decimal ("46,0") as a number, the way Excel set to Dutch reads it.
fn dutch_number(field: &str) -> f64 {
    assert!(
        !field.contains('.'),
        "no thousands separator or decimal point: {field}"
    );
    field.replace(',', ".").parse().unwrap()
}

#[test]
fn the_excel_nl_csv_has_semicolons_decimal_commas_and_the_tables_rounding() {
    for lang in [Lang::Nl, Lang::En] {
        let table = table(&tricky_input(lang));
        let records = read_back_with(&to_csv_in(&table, Dialect::ExcelNl), b';');
        assert_footer(&records, &table);
        assert_eq!(records[0], table.headers);
        for (record, row) in records[1..=table.rows.len()].iter().zip(&table.rows) {
            assert_eq!(record.len(), row.len(), "{record:?}");
            for (field, cell) in record.iter().zip(row) {
                let Cell::Number {
                    value,
                    text,
                    decimals,
                } = cell
                else {
                    continue;
                };
                let read = dutch_number(field);
                if text.ends_with('%') {
                    // As the table shows it: the decimals shown, within half a unit of them.
                    let shown = field.split_once(',').map_or(0, |(_, f)| f.len());
                    assert_eq!(shown, usize::from(*decimals), "{field}");
                    assert!(
                        (read - value).abs() <= 0.5 * 10f64.powi(-i32::from(*decimals)) + 1e-12
                    );
                } else {
                    assert_eq!(read.to_bits(), value.to_bits(), "counts exact: {field}");
                }
            }
        }
    }
}

#[test]
fn cells_with_whitespace_before_a_formula_lead_are_neutralised_in_both_dialects() {
    let mut input = tricky_input(Lang::Nl);
    for (row, label) in input
        .rows
        .iter_mut()
        .zip([" =1+1", "\t\t+1", "\u{a0}@A1", "-10 tot 0"])
    {
        row.label = label.to_string();
    }
    let table = table(&input);
    for (dialect, delimiter) in [(Dialect::International, b','), (Dialect::ExcelNl, b';')] {
        let records = read_back_with(&to_csv_in(&table, dialect), delimiter);
        let labels: Vec<&str> = records[1..=table.rows.len()]
            .iter()
            .map(|r| r[0].as_str())
            .collect();
        for expected in ["' =1+1", "'\t\t+1", "'\u{a0}@A1", "'-10 tot 0"] {
            assert!(labels.contains(&expected), "{expected:?} in {labels:?}");
        }
    }
}
