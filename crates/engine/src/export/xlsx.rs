//! A chart's table as an XLSX workbook (Office Open XML SpreadsheetML): one sheet with the
//! header in bold and frozen, the rows with exact numbers shown with the table's decimals,
//! and the caption and notes below.
//!
//! Written by hand rather than with `rust_xlsxwriter`: that crate reads the system clock when
//! a workbook is created, which panics on `wasm32-unknown-unknown` unless its `wasm` feature
//! pulls in `js-sys` and `wasm-bindgen` — which the engine must never depend on. The `zip`
//! crate (9.x) likewise depends on `getrandom` with `wasm-bindgen` on that target. A table
//! needs six small parts in a zip container without compression, which is what this module
//! writes; the checksum comes from `crc32fast`.
//!
//! What stays true: every string passes through [`crate::chart::svg::escape`]; text cells
//! are typed strings (never formulas) and those that begin like a formula also carry Excel's
//! `quotePrefix`, so they stay text even when a user edits them; the file is the same bytes
//! for the same table (a fixed timestamp).

use crate::chart::svg::escape;
use crate::chart::{Cell, Table};
use crate::codebook::Lang;
use crate::export::formula::is_formula_like;

/// The most characters Excel accepts in one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// A workbook that cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XlsxError {
    /// The workbook would pass the 4 GiB limit of a zip file without Zip64.
    TooLarge,
}

impl std::fmt::Display for XlsxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XlsxError::TooLarge => write!(
                f,
                "the table is too large for an XLSX file (over 4 GiB); export it as CSV instead"
            ),
        }
    }
}

impl std::error::Error for XlsxError {}

// Cell styles, indexes into `cellXfs` in STYLES.
const STYLE_HEADER: u8 = 1;
const STYLE_QUOTED_TEXT: u8 = 2;
const STYLE_WHOLE: u8 = 3;
const STYLE_ONE_DECIMAL: u8 = 4;
const STYLE_TWO_DECIMALS: u8 = 5;

const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>"#,
    r#"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>"#,
    r#"<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#,
    r#"<fills count="2"><fill><patternFill patternType="none"/></fill>"#,
    r#"<fill><patternFill patternType="gray125"/></fill></fills>"#,
    r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="6">"#,
    r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
    r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#,
    r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>"#,
    r#"<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
    r#"</styleSheet>"#
);

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    r#"</Types>"#
);

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"</Relationships>"#
);

const WORKBOOK_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"</Relationships>"#
);

fn workbook(sheet_name: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
        escape(sheet_name)
    )
}

/// The column letters of a zero-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Protects text that looks like an ST_Xstring escape (`_x0041_`, ECMA-376 Part 1,
/// 22.9.2.19) from being decoded by spreadsheet readers: its underscore is itself escaped as
/// `_x005F_`.
fn protect_escapes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, ch) in text.char_indices() {
        let looks_escaped = ch == '_'
            && bytes.len() >= i + 7
            && bytes[i + 1] == b'x'
            && bytes[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
            && bytes[i + 6] == b'_';
        if looks_escaped {
            out.push_str("_x005F_");
        } else {
            out.push(ch);
        }
    }
    out
}

/// Text as Excel accepts it: escapes protected, at most [`MAX_CELL_CHARS`] characters
/// (longer text, which no label of a real survey reaches, is cut there and ends in "…").
fn cell_text(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        return escape(&protect_escapes(text));
    }
    let kept: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
    escape(&protect_escapes(&format!("{kept}\u{2026}")))
}

fn text_cell(out: &mut String, reference: &str, text: &str, style: u8) {
    let style = if style == 0 && is_formula_like(text) {
        STYLE_QUOTED_TEXT
    } else {
        style
    };
    let style_attribute = if style == 0 {
        String::new()
    } else {
        format!(r#" s="{style}""#)
    };
    out.push_str(&format!(
        r#"<c r="{reference}" t="inlineStr"{style_attribute}><is><t xml:space="preserve">{}</t></is></c>"#,
        cell_text(text)
    ));
}

fn cell(out: &mut String, reference: &str, cell: &Cell) {
    match cell {
        Cell::Text(text) => text_cell(out, reference, text, 0),
        Cell::Number {
            value, decimals, ..
        } if value.is_finite() => {
            let style = match decimals {
                0 => STYLE_WHOLE,
                1 => STYLE_ONE_DECIMAL,
                _ => STYLE_TWO_DECIMALS,
            };
            out.push_str(&format!(
                r#"<c r="{reference}" s="{style}"><v>{value}</v></c>"#
            ));
        }
        Cell::Number { .. } | Cell::Empty => {}
    }
}

fn sheet(table: &Table) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
        r#"<sheetViews><sheetView workbookViewId="0">"#,
        r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
        r#"</sheetView></sheetViews>"#,
        r#"<cols><col min="1" max="1" width="48" customWidth="1"/>"#,
        r#"<col min="2" max="12" width="16" customWidth="1"/></cols><sheetData>"#
    ));
    let mut row_number = 0;
    let mut open_row = |out: &mut String| {
        row_number += 1;
        out.push_str(&format!(r#"<row r="{row_number}">"#));
        row_number
    };
    let r = open_row(&mut out);
    for (c, header) in table.headers.iter().enumerate() {
        text_cell(
            &mut out,
            &format!("{}{r}", column_letters(c)),
            header,
            STYLE_HEADER,
        );
    }
    out.push_str("</row>");
    for row in &table.rows {
        let r = open_row(&mut out);
        for (c, value) in row.iter().enumerate() {
            cell(&mut out, &format!("{}{r}", column_letters(c)), value);
        }
        out.push_str("</row>");
    }
    // An empty row, then the caption and the notes, each in column A.
    open_row(&mut out);
    out.push_str("</row>");
    for line in std::iter::once(&table.caption).chain(&table.notes) {
        let r = open_row(&mut out);
        text_cell(&mut out, &format!("A{r}"), line, 0);
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

/// The zip checksum (CRC-32/ISO-HDLC), from a 1 KiB table: small in wasm, fast enough for
/// a table's few kilobytes.
const ZIP_CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// A zip archive of `parts`, stored without compression, with a fixed timestamp.
fn zip_stored(parts: &[(&str, &[u8])]) -> Result<Vec<u8>, XlsxError> {
    // MS-DOS date 1980-01-01, time 00:00: the earliest a zip can say.
    const DOS_DATE: u16 = (1 << 5) | 1;
    const VERSION: u16 = 20;
    let size = |n: usize| u32::try_from(n).map_err(|_| XlsxError::TooLarge);
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in parts {
        let offset = size(out.len())?;
        let crc = ZIP_CRC.checksum(data);
        let length = size(data.len())?;
        let name_length = u16::try_from(name.len()).map_err(|_| XlsxError::TooLarge)?;
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for field in [VERSION, 0, 0, 0, DOS_DATE] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, length, length] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        out.extend_from_slice(&name_length.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central directory header.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for field in [VERSION, VERSION, 0, 0, 0, DOS_DATE] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, length, length] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        for field in [name_length, 0, 0, 0, 0] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = size(out.len())?;
    let central_size = size(central.len())?;
    out.extend_from_slice(&central);
    let count = u16::try_from(parts.len()).map_err(|_| XlsxError::TooLarge)?;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for field in [0, 0, count, count] {
        out.extend_from_slice(&field.to_le_bytes());
    }
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    size(out.len())?;
    Ok(out)
}

/// The table as the bytes of an XLSX file, its sheet named "Tabel" (nl) or "Table" (en).
pub fn to_xlsx(table: &Table, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let sheet_name = match lang {
        Lang::Nl => "Tabel",
        Lang::En => "Table",
    };
    let workbook = workbook(sheet_name);
    let sheet = sheet(table);
    zip_stored(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_from_a_to_z_then_aa() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn overlong_text_is_cut_to_what_excel_accepts() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cell_text("a<b"), "a&lt;b");
    }

    #[test]
    fn text_that_looks_like_an_escape_is_protected() {
        assert_eq!(protect_escapes("_x0041_"), "_x005F_x0041_");
        assert_eq!(protect_escapes("a_x00_b"), "a_x00_b");
        assert_eq!(protect_escapes("é_x1F4a_"), "é_x005F_x1F4a_");
    }
}
