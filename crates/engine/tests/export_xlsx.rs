//! Workbooks (rust_xlsxwriter) read back with calamine: an overview sheet, then one sheet per
//! chart with the same cells as its table, text that looks like a formula kept as text.
#![cfg(feature = "workbook")]

mod export_support;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use export_support::tricky_input;
use peiling_engine::chart::{table, Cell};
use peiling_engine::export::workbook::{
    to_workbook, workbook_from_json, SheetInput, WorkbookInput,
};
use peiling_engine::Lang;

fn input(lang: Lang) -> WorkbookInput {
    let mut second = tricky_input(lang);
    second.title = "Tweede".into();
    WorkbookInput {
        lang,
        title: "Rapport".into(),
        intro: vec![
            "Bron: panel".into(),
            "Filter: Werkgever: Gemeente (n = 641 van 1.601)".into(),
        ],
        charts: vec![
            SheetInput {
                name: "stellingen".into(),
                table: table(&tricky_input(lang)),
            },
            SheetInput {
                name: "Stellingen".into(),
                table: table(&second),
            },
        ],
    }
}

#[test]
fn every_chart_gets_a_sheet_with_the_same_cells_as_its_table() {
    for (lang, overview) in [(Lang::Nl, "Overzicht"), (Lang::En, "Contents")] {
        let input = input(lang);
        let bytes = to_workbook(&input).unwrap();
        let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            workbook.sheet_names(),
            vec![overview, "stellingen", "Stellingen (2)"]
        );
        let first = workbook.worksheet_range(overview).unwrap();
        let texts: Vec<String> = first
            .rows()
            .flat_map(|r| r.iter().map(|d| d.to_string()))
            .collect();
        assert_eq!(texts[0], "Rapport");
        assert!(texts.contains(&input.intro[1]));
        assert!(texts.contains(&input.charts[1].table.caption));
        for (sheet, chart) in ["stellingen", "Stellingen (2)"].iter().zip(&input.charts) {
            let table = &chart.table;
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
}

#[test]
fn text_that_looks_like_a_formula_is_a_string_with_the_quote_prefix() {
    let bytes = to_workbook(&input(Lang::Nl)).unwrap();
    let mut archive = zip_entries(&bytes);
    let sheet = archive.remove("xl/worksheets/sheet2.xml").unwrap();
    assert!(!sheet.contains("<f>"), "no formula element");
    let styles = archive.remove("xl/styles.xml").unwrap();
    assert!(styles.contains(r#"quotePrefix="1""#), "{styles}");
}

#[test]
fn the_page_s_json_gives_the_same_workbook_as_the_input() {
    let input = input(Lang::En);
    let json = serde_json::to_string(&input).unwrap();
    let from_json = workbook_from_json(&json).unwrap();
    let direct = to_workbook(&input).unwrap();
    let (a, b) = (zip_entries(&from_json), zip_entries(&direct));
    assert_eq!(
        a.get("xl/worksheets/sheet2.xml"),
        b.get("xl/worksheets/sheet2.xml")
    );
    assert!(workbook_from_json("{")
        .unwrap_err()
        .contains("could not be read"));
}

/// The text parts of a zip archive, read with the `zip` crate that calamine uses.
fn zip_entries(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).unwrap_or_default();
            (name, text)
        })
        .collect()
}
