//! XLSX export read back with calamine: the same cells as the table.
#![cfg(feature = "xlsx")]

mod export_support;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use export_support::tricky_input;
use peiling_engine::chart::{table, Cell};
use peiling_engine::export::xlsx::to_xlsx;
use peiling_engine::Lang;

#[test]
fn the_workbook_reads_back_with_the_same_cells() {
    for (lang, sheet) in [(Lang::Nl, "Tabel"), (Lang::En, "Table")] {
        let table = table(&tricky_input(lang));
        let bytes = to_xlsx(&table, lang).unwrap();
        let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(workbook.sheet_names(), vec![sheet.to_string()]);
        let range = workbook.worksheet_range(sheet).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
        assert_eq!(header, table.headers);
        for (r, row) in table.rows.iter().enumerate() {
            let read = rows[r + 1];
            for (c, cell) in row.iter().enumerate() {
                let got = read.get(c).unwrap_or(&Data::Empty);
                match cell {
                    Cell::Text(text) => {
                        assert_eq!(got, &Data::String(text.clone()), "row {r} column {c}")
                    }
                    Cell::Number { value, .. } => match got {
                        Data::Float(f) => assert_eq!(f.to_bits(), value.to_bits()),
                        Data::Int(i) => assert_eq!(*i as f64, *value),
                        other => panic!("row {r} column {c}: {other:?} for {value}"),
                    },
                    Cell::Empty => assert_eq!(got, &Data::Empty, "row {r} column {c}"),
                }
            }
        }
        // The caption and the notes follow an empty row.
        let after = &rows[table.rows.len() + 2..];
        assert_eq!(after[0][0], Data::String(table.caption.clone()));
        assert_eq!(after.len(), 1 + table.notes.len());
    }
}

#[test]
fn text_that_looks_like_a_formula_is_a_quoted_string_cell() {
    let table = table(&tricky_input(Lang::Nl));
    let bytes = to_xlsx(&table, Lang::Nl).unwrap();
    // Parts are stored uncompressed, so the sheet's XML can be read from the bytes.
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("<f>"), "no formula element");
    assert!(text.contains(
        r#"t="inlineStr" s="2"><is><t xml:space="preserve">=HYPERLINK(&quot;http://evil.example&quot;"#
    ));
    assert!(text.contains(r#"quotePrefix="1""#));
}

#[test]
fn the_same_table_gives_the_same_bytes() {
    let table = table(&tricky_input(Lang::En));
    assert_eq!(to_xlsx(&table, Lang::En), to_xlsx(&table, Lang::En));
}
