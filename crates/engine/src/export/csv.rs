//! A chart's table as CSV (RFC 4180, comma-separated, UTF-8 with a byte-order mark so
//! spreadsheet programs detect the encoding).
//!
//! What stays true: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
//! return is prefixed with `'`, so no spreadsheet evaluates it as a formula (the OWASP advice
//! against CSV injection); numbers are written exactly, in the shortest form that reads back
//! to the same `f64`, with a `.` decimal point whatever the report's language.

use crate::chart::{Cell, Table};

/// The byte-order mark written before the header.
pub const BOM: &str = "\u{feff}";

/// Characters that make a spreadsheet read a cell as a formula (or hide one behind them).
const FORMULA_LEADS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` made safe to open in a spreadsheet: prefixed with `'` when it begins with a
/// character a spreadsheet would read as the start of a formula.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(FORMULA_LEADS) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Whether a text cell needs neutralising.
pub fn is_formula_like(text: &str) -> bool {
    text.starts_with(FORMULA_LEADS)
}

/// The exact value of a number as CSV text; non-finite values are left empty.
fn number_text(value: f64) -> String {
    if value.is_finite() {
        // Rust's `Display` for f64 is the shortest representation that round-trips.
        format!("{value}")
    } else {
        String::new()
    }
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => neutralise(text),
        Cell::Number { value, .. } => number_text(*value),
        Cell::Empty => String::new(),
    }
}

/// The table as CSV bytes: a byte-order mark, the header and one record per row.
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(BOM.as_bytes().to_vec());
    let headers: Vec<String> = table.headers.iter().map(|h| neutralise(h)).collect();
    // Writing into a Vec cannot fail: the only errors the writer reports come from the
    // underlying writer.
    let _ = writer.write_record(&headers);
    for row in &table.rows {
        let _ = writer.write_record(row.iter().map(field));
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_leads_are_prefixed_and_other_text_is_not() {
        for lead in FORMULA_LEADS {
            assert_eq!(neutralise(&format!("{lead}1+1")), format!("'{lead}1+1"));
        }
        assert_eq!(neutralise("Gemeente"), "Gemeente");
        assert_eq!(neutralise(" =1"), " =1");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn numbers_are_written_exactly() {
        assert_eq!(number_text(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(number_text(1601.0), "1601");
        assert_eq!(number_text(f64::NAN), "");
    }
}
