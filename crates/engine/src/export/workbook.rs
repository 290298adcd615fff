//! A workbook (XLSX) of one chart or of the whole report: a first sheet that says what the
//! workbook holds (title, source, base, the view, one line per chart), then one sheet per
//! chart with its table, its caption (title, base and view) and its notes. Written with
//! `rust_xlsxwriter` (feature `workbook`), in the reader worker: the page sends the
//! [`WorkbookInput`] as JSON and gets the file's bytes back, so the writer and its zip
//! library never weigh on the report page's first load.
//!
//! What stays true: numbers are number cells with their exact values, shown with the
//! decimals the table shows (`0.0`, `#,##0`: Excel displays them with the reader's own decimal
//! mark, `46,0` in Dutch); text is always a string cell, never a formula, and text that
//! begins like one ([`crate::export::formula`]) also carries Excel's quote prefix, so it
//! stays text when someone edits it; sheet names are valid and unique whatever the chart ids.

use serde::{Deserialize, Serialize};

use crate::chart::Table;
use crate::codebook::Lang;

/// What a workbook holds: the report's title and lines about it, and the charts' tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkbookInput {
    pub lang: Lang,
    pub title: String,
    /// Source, base, breakdown, filter, weighting: one line each on the first sheet.
    pub intro: Vec<String>,
    pub charts: Vec<SheetInput>,
}

/// One chart's sheet: a name to start from (the chart's id) and its table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetInput {
    pub name: String,
    pub table: Table,
}

/// The longest sheet name Excel accepts.
pub const MAX_SHEET_NAME: usize = 31;

/// Sheet names from `wanted`: characters Excel refuses (`[]:*?/\`) become spaces, at most
/// [`MAX_SHEET_NAME`] characters, no leading or trailing `'`, and each one different from
/// `taken` and from the ones before it (case-insensitively, as Excel compares them), by a
/// number: "competenties (2)".
pub fn sheet_names<'a>(wanted: impl IntoIterator<Item = &'a str>, taken: &[&str]) -> Vec<String> {
    let mut used: Vec<String> = taken.iter().map(|t| t.to_lowercase()).collect();
    let mut names = Vec::new();
    for (i, want) in wanted.into_iter().enumerate() {
        let clean: String = want
            .chars()
            .map(|c| {
                if "[]:*?/\\".contains(c) || c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let clean = clean.trim().trim_matches('\'').trim();
        let base = if clean.is_empty() {
            format!("{}", i + 1)
        } else {
            clean.to_string()
        };
        let mut n = 1;
        let name = loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = MAX_SHEET_NAME - suffix.chars().count();
            let candidate: String = base.chars().take(room).collect();
            let candidate = format!("{}{suffix}", candidate.trim_end());
            if !used.contains(&candidate.to_lowercase()) {
                break candidate;
            }
            n += 1;
        };
        used.push(name.to_lowercase());
        names.push(name);
    }
    names
}

/// The first sheet's name.
pub fn overview_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Overzicht",
        Lang::En => "Contents",
    }
}

#[cfg(feature = "workbook")]
mod writer {
    use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

    use super::{overview_name, sheet_names, WorkbookInput};
    use crate::chart::{Cell, Table};
    use crate::codebook::Lang;
    use crate::export::formula::is_formula_like;

    /// The most characters Excel accepts in one cell.
    const MAX_CELL_CHARS: usize = 32_767;

    struct Formats {
        bold: Format,
        title: Format,
        quoted: Format,
        whole: Format,
        one_decimal: Format,
        two_decimals: Format,
        wrapped: Format,
    }

    impl Formats {
        fn new() -> Formats {
            Formats {
                bold: Format::new().set_bold(),
                title: Format::new().set_bold().set_font_size(14),
                quoted: Format::new().set_quote_prefix(),
                whole: Format::new().set_num_format("#,##0"),
                one_decimal: Format::new().set_num_format("0.0"),
                two_decimals: Format::new().set_num_format("0.00"),
                wrapped: Format::new().set_text_wrap(),
            }
        }
    }

    /// Text as Excel accepts it: at most [`MAX_CELL_CHARS`] characters (longer text, which
    /// no label of a real survey reaches, is cut there and ends in "…").
    fn cell_text(text: &str) -> String {
        if text.chars().count() <= MAX_CELL_CHARS {
            return text.to_string();
        }
        let kept: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
        format!("{kept}\u{2026}")
    }

    fn text(
        sheet: &mut Worksheet,
        (row, col): (u32, u16),
        value: &str,
        format: Option<&Format>,
        formats: &Formats,
    ) -> Result<(), XlsxError> {
        let value = cell_text(value);
        let format = if is_formula_like(&value) {
            Some(&formats.quoted)
        } else {
            format
        };
        match format {
            Some(format) => sheet.write_string_with_format(row, col, value, format)?,
            None => sheet.write_string(row, col, value)?,
        };
        Ok(())
    }

    fn table_sheet(sheet: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), XlsxError> {
        for (c, header) in table.headers.iter().enumerate() {
            text(sheet, (0, c as u16), header, Some(&f.bold), f)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_column_width(0, 48)?;
        for c in 1..table.headers.len().max(1) {
            sheet.set_column_width(c as u16, 16)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let at = (r, c as u16);
                match cell {
                    Cell::Text(value) => text(sheet, at, value, None, f)?,
                    Cell::Number {
                        value, decimals, ..
                    } if value.is_finite() => {
                        let format = match decimals {
                            0 => &f.whole,
                            1 => &f.one_decimal,
                            _ => &f.two_decimals,
                        };
                        sheet.write_number_with_format(at.0, at.1, *value, format)?;
                    }
                    Cell::Number { .. } | Cell::Empty => {}
                }
            }
        }
        // An empty row, then the caption and the notes, each in column A.
        let lines = std::iter::once(&table.caption).chain(&table.notes);
        for (r, line) in (table.rows.len() as u32 + 2..).zip(lines) {
            text(sheet, (r, 0), line, None, f)?;
        }
        Ok(())
    }

    /// The workbook's bytes.
    pub fn to_workbook(input: &WorkbookInput) -> Result<Vec<u8>, XlsxError> {
        let f = Formats::new();
        let mut book = Workbook::new();
        let overview = overview_name(input.lang);
        let names = sheet_names(input.charts.iter().map(|c| c.name.as_str()), &[overview]);
        let first = book.add_worksheet();
        first.set_name(overview)?;
        first.set_column_width(0, 24)?;
        first.set_column_width(1, 100)?;
        text(first, (0, 0), &input.title, Some(&f.title), &f)?;
        for (r, line) in (1..).zip(&input.intro) {
            text(first, (r, 0), line, None, &f)?;
        }
        let mut r = input.intro.len() as u32 + 2;
        let (sheet_word, chart_word) = match input.lang {
            Lang::Nl => ("Blad", "Grafiek"),
            Lang::En => ("Sheet", "Chart"),
        };
        text(first, (r, 0), sheet_word, Some(&f.bold), &f)?;
        text(first, (r, 1), chart_word, Some(&f.bold), &f)?;
        for (name, chart) in names.iter().zip(&input.charts) {
            r += 1;
            text(first, (r, 0), name, None, &f)?;
            text(first, (r, 1), &chart.table.caption, Some(&f.wrapped), &f)?;
        }
        for (name, chart) in names.iter().zip(&input.charts) {
            let sheet = book.add_worksheet();
            sheet.set_name(name)?;
            table_sheet(sheet, &chart.table, &f)?;
        }
        book.save_to_buffer()
    }

    /// The workbook for `json` (a [`WorkbookInput`] as the page sends it), or the reason
    /// there is none, in words.
    pub fn workbook_from_json(json: &str) -> Result<Vec<u8>, String> {
        let input: WorkbookInput = serde_json::from_str(json)
            .map_err(|e| format!("the workbook's contents could not be read: {e}"))?;
        to_workbook(&input).map_err(|e| format!("the workbook could not be written: {e}"))
    }
}

#[cfg(feature = "workbook")]
pub use writer::{to_workbook, workbook_from_json};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let names = sheet_names(
            [
                "competenties",
                "Competenties",
                "a/b:c?",
                "",
                "'quoted'",
                &"x".repeat(40),
                &"x".repeat(40),
            ],
            &["Overzicht"],
        );
        assert_eq!(
            &names[..5],
            ["competenties", "Competenties (2)", "a b c", "4", "quoted"]
        );
        assert_eq!(names[5], "x".repeat(31));
        assert_eq!(names[6], format!("{} (2)", "x".repeat(27)));
        assert_eq!(
            sheet_names(["overzicht"], &["Overzicht"]),
            ["overzicht (2)"]
        );
    }
}
