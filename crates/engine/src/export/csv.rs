//! A chart's table as CSV, in two dialects: the international one (RFC 4180, `,` between
//! fields, `.` as decimal point, exact values) for programs and analysts, and the one Dutch
//! Excel opens into columns (`;` between fields, decimal comma, percentages as the table
//! shows them). Both are UTF-8 with a byte-order mark, so spreadsheet programs detect the
//! encoding, and both end, after an empty line, with the table's caption (title, base and
//! the view it came from) and notes (source, small bases), so a file says what it holds.
//!
//! What stays true: every text cell passes through [`neutralise`] (see
//! [`crate::export::formula`]); numbers are never grouped by thousands; the international
//! dialect writes each number exactly, in the shortest form that reads back to the same
//! `f64`; the Excel-NL dialect writes percentages rounded to the decimals the table shows and
//! every other number (counts, bases) exactly, with a decimal comma.

use crate::chart::{Cell, Table};
use crate::codebook::Lang;
use crate::export::formula::neutralise;
use crate::format;

/// The byte-order mark written before the header.
pub const BOM: &str = "\u{feff}";

/// Which CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `,` and `.`, exact values: for programs, and spreadsheets set to English.
    International,
    /// `;` and `,`, percentages with the table's decimals: opens into columns in Excel set to
    /// Dutch (or any language whose list separator is `;`).
    ExcelNl,
}

impl Dialect {
    /// The byte between fields.
    pub fn delimiter(self) -> u8 {
        match self {
            Dialect::International => b',',
            Dialect::ExcelNl => b';',
        }
    }
}

/// The exact value of a number as text, with `.`; non-finite values are left empty.
fn exact(value: f64) -> String {
    if value.is_finite() {
        // Rust's `Display` for f64 is the shortest representation that round-trips.
        format!("{value}")
    } else {
        String::new()
    }
}

fn number_text(value: f64, text: &str, decimals: u8, dialect: Dialect) -> String {
    match dialect {
        Dialect::International => exact(value),
        Dialect::ExcelNl if !value.is_finite() => String::new(),
        // A percentage as the table shows it ("46,0%" → 46,0), without the sign, so Excel
        // reads a number that is what the reader saw. (A percentage is below 1.000, so the
        // display format adds no thousands separator.)
        Dialect::ExcelNl if text.ends_with('%') => {
            format::decimal(value, usize::from(decimals), Lang::Nl)
        }
        Dialect::ExcelNl => exact(value).replace('.', ","),
    }
}

fn field(cell: &Cell, dialect: Dialect) -> String {
    match cell {
        Cell::Text(text) => neutralise(text),
        Cell::Number {
            value,
            text,
            decimals,
        } => number_text(*value, text, *decimals, dialect),
        Cell::Empty => String::new(),
    }
}

/// The table as international CSV bytes (see [`Dialect::International`]).
pub fn to_csv(table: &Table) -> Vec<u8> {
    to_csv_in(table, Dialect::International)
}

/// The table as CSV bytes in `dialect`: a byte-order mark, the header, one record per row,
/// an empty record, then the caption and each note as a record of one field.
pub fn to_csv_in(table: &Table, dialect: Dialect) -> Vec<u8> {
    let delimiter = dialect.delimiter();
    let mut out = BOM.as_bytes().to_vec();
    write_record(
        &mut out,
        table.headers.iter().map(|h| neutralise(h)),
        delimiter,
    );
    for row in &table.rows {
        write_record(
            &mut out,
            row.iter().map(|cell| field(cell, dialect)),
            delimiter,
        );
    }
    write_record(&mut out, [""], delimiter);
    for line in std::iter::once(&table.caption).chain(&table.notes) {
        write_record(&mut out, [neutralise(line)], delimiter);
    }
    out
}

/// One record, as the `csv` crate's writer writes it by default (RFC 4180): a field holding
/// the delimiter, a quote or a line break is quoted, its quotes doubled; a record that would
/// be empty is written `""`, so that it reads as one empty field; `\n` ends it. The page
/// writes its CSV here, not through that crate: its writer looks at run time for a quoting
/// style that reads every field as a number, which brings the standard library's float parser
/// (and its 10.4 KB table, which gzip cannot shrink) into the page.
pub fn write_record<T: AsRef<str>>(
    out: &mut Vec<u8>,
    fields: impl IntoIterator<Item = T>,
    delimiter: u8,
) {
    let start = out.len();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        let field = field.as_ref().as_bytes();
        if field
            .iter()
            .any(|&b| b == delimiter || matches!(b, b'"' | b'\r' | b'\n'))
        {
            out.push(b'"');
            for &b in field {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(field);
        }
    }
    if out.len() == start {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any records come out byte for byte as the `csv` crate writes them (the writer the
        /// exports used before), in both dialects.
        #[test]
        fn records_are_written_as_the_csv_crate_writes_them(
            records in proptest::collection::vec(
                proptest::collection::vec("[a ,;\"\r\né'=]{0,6}", 0..5), 0..6),
            excel in any::<bool>(),
        ) {
            let delimiter = if excel { b';' } else { b',' };
            let mut reference = ::csv::WriterBuilder::new()
                .flexible(true)
                .delimiter(delimiter)
                .from_writer(Vec::new());
            let mut ours = Vec::new();
            for record in &records {
                reference.write_record(record).unwrap();
                write_record(&mut ours, record, delimiter);
            }
            prop_assert_eq!(ours, reference.into_inner().unwrap());
        }
    }

    #[test]
    fn numbers_are_written_exactly_or_as_shown() {
        use Dialect::*;
        assert_eq!(
            number_text(1.0 / 3.0, "0,3", 1, International),
            "0.3333333333333333"
        );
        assert_eq!(number_text(1601.0, "1.601", 0, International), "1601");
        assert_eq!(number_text(f64::NAN, "–", 0, International), "");
        assert_eq!(number_text(46.03372891942536, "46,0%", 1, ExcelNl), "46,0");
        assert_eq!(number_text(12.25, "12,3", 1, ExcelNl), "12,25");
        assert_eq!(number_text(1601.0, "1.601", 0, ExcelNl), "1601");
        assert_eq!(number_text(-0.01, "-0,0%", 1, ExcelNl), "0,0");
    }
}
