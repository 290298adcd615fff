//! Reading files of every supported format and encoding, and refusing what is no table.
//! Fixtures in `fixtures/read/` were written by the project: the CSV files by hand, the rest
//! by `make_fixtures.py` with independent writers (openpyxl, odfpy, ReadStat).

use peiling_engine::read::{read, CsvStream, Format, Layout, ReadErrorKind, ReadOptions};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/read/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The names the dataset's columns were given, in order.
fn names(import: &peiling_engine::read::Import) -> Vec<&str> {
    import
        .dataset
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect()
}

fn column<'a>(import: &'a peiling_engine::read::Import, name: &str) -> Vec<Option<&'a str>> {
    let col = import
        .dataset
        .column(name)
        .unwrap_or_else(|| panic!("no column {name}"));
    (0..import.dataset.rows).map(|r| col.cell(r)).collect()
}

#[test]
fn excel_nl_semicolon_csv_in_windows_1252_keeps_accents_bands_and_codes() {
    let import = read(
        &fixture("excel_nl.csv"),
        "excel_nl.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(import.source.format, Format::Csv { delimiter: ';' });
    assert_eq!(import.source.encoding, "Windows-1252");
    assert_eq!(import.source.rows, 5);
    assert_eq!(
        column(&import, "Afdeling"),
        [
            Some("Financiën"),
            Some("Café & Restauratie"),
            Some("Financiën"),
            Some("Personeelszaken"),
            Some("Café & Restauratie")
        ]
    );
    assert_eq!(column(&import, "Leeftijd")[0], Some("25-34"));
    assert_eq!(column(&import, "Hoofdstuk")[0], Some("9.10"));
    assert_eq!(column(&import, "Cijfer")[0], Some("7,5"));
    assert_eq!(
        column(&import, "Toelichting")[0],
        Some("Prima; één opmerking")
    );
    assert_eq!(column(&import, "Toelichting")[2], Some("Het is \"goed\""));
    assert!(import.warnings.is_empty(), "{:?}", import.warnings);
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs_and_reads_like_the_csv() {
    let utf16 = read(
        &fixture("unicode_text.txt"),
        "unicode_text.txt",
        &ReadOptions::default(),
    )
    .unwrap();
    let cp1252 = read(
        &fixture("excel_nl.csv"),
        "excel_nl.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(utf16.source.format, Format::Tsv);
    assert_eq!(utf16.source.encoding, "UTF-16LE");
    assert_eq!(utf16.dataset, cp1252.dataset);
}

#[test]
fn utf8_with_bom_sep_line_quotes_and_line_breaks_in_cells() {
    let text = "\u{feff}sep=|\r\nnaam|opmerking|score\r\nA|\"regel 1\r\nregel 2\"|1\r\nB|\"met | teken\"|2\r\nC|\"\"\"geciteerd\"\"\"|3\r\n";
    let import = read(text.as_bytes(), "x.csv", &ReadOptions::default()).unwrap();
    assert_eq!(import.source.encoding, "UTF-8 with BOM");
    assert_eq!(import.source.format, Format::Csv { delimiter: '|' });
    assert_eq!(import.dataset.columns[0].name, "naam");
    assert_eq!(
        column(&import, "opmerking"),
        [
            Some("regel 1\r\nregel 2"),
            Some("met | teken"),
            Some("\"geciteerd\"")
        ]
    );
}

#[test]
fn ragged_rows_are_padded_or_cut_with_a_warning_that_names_line_and_column() {
    let text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n\n10,11,12,\n";
    let import = read(text.as_bytes(), "ragged.csv", &ReadOptions::default()).unwrap();
    assert_eq!(import.dataset.rows, 4);
    assert_eq!(
        column(&import, "c"),
        [Some("3"), None, Some("8"), Some("12")]
    );
    let lines: Vec<(Option<usize>, Option<usize>)> =
        import.warnings.iter().map(|w| (w.line, w.column)).collect();
    assert_eq!(
        lines,
        vec![(Some(3), Some(3)), (Some(4), Some(4))],
        "{:?}",
        import.warnings
    );
    assert!(import.warnings[1].to_string().contains("left out"));
}

#[test]
fn duplicate_and_missing_headers_get_names_and_warnings() {
    let text = "vraag;vraag;;\n1;2;3;\n";
    let import = read(text.as_bytes(), "dup.csv", &ReadOptions::default()).unwrap();
    let names = names(&import);
    assert_eq!(names, ["vraag", "vraag (2)", "Column 3"]);
    assert_eq!(import.warnings.len(), 2, "{:?}", import.warnings);
}

/// A survey that asks one array after each of several explanations repeats its statements'
/// headings (the real English LimeSurvey file of corpus Q repeats 62): each column is numbered,
/// and the review names the first three and counts the rest in one warning.
#[test]
fn many_repeated_headers_are_named_three_and_counted_after() {
    let text = "a,b,c,d,a,b,c,d,a,b,c,d\n1,2,3,4,5,6,7,8,9,10,11,12\n";
    let import = read(text.as_bytes(), "repeated.csv", &ReadOptions::default()).unwrap();
    let names = names(&import);
    assert_eq!(names[4..9], ["a (2)", "b (2)", "c (2)", "d (2)", "a (3)"]);
    let said: Vec<String> = import.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(said.len(), 4, "{said:?}");
    assert!(
        said[0].contains("'a'") && said[2].contains("'c'"),
        "{said:?}"
    );
    assert!(said[3].contains("5 more headers"), "{said:?}");
}

#[test]
fn a_stream_fed_in_chunks_reports_progress() {
    let text = "a,b\n".to_string() + &"1,2\n".repeat(50_000);
    let mut stream = CsvStream::new("big.csv", &ReadOptions::default());
    for chunk in text.as_bytes().chunks(10_000) {
        stream.feed(chunk).unwrap();
    }
    assert!(stream.rows_read() > 40_000);
    let import = stream.finish().unwrap();
    assert_eq!(import.dataset.rows, 50_000);
}

#[test]
fn what_is_no_table_is_refused_with_file_and_advice() {
    let empty = read(b"", "leeg.csv", &ReadOptions::default()).unwrap_err();
    assert_eq!(empty.kind, ReadErrorKind::Empty);
    assert!(empty
        .to_string()
        .starts_with("leeg.csv: the file is empty."));
    let png = read(
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        "foto.csv",
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(png.kind, ReadErrorKind::NotATable { .. }));
    assert!(png.to_string().contains("PNG"), "{png}");
    let binary = read(b"abc\0\0\0\x01\x02def", "x.csv", &ReadOptions::default()).unwrap_err();
    assert!(matches!(binary.kind, ReadErrorKind::NotATable { .. }));
}

#[test]
fn a_quote_that_never_closes_is_an_error_at_its_line() {
    let options = ReadOptions {
        max_field_bytes: 1000,
        ..ReadOptions::default()
    };
    let text = format!("a,b\n1,2\n3,\"open{}", "x".repeat(5000));
    let err = read(text.as_bytes(), "quote.csv", &options).unwrap_err();
    assert_eq!(err.kind, ReadErrorKind::FieldTooLong { limit: 1000 });
    assert_eq!((err.line, err.column), (Some(3), Some(2)));
}

#[test]
fn limits_on_size_rows_and_columns_are_errors_not_crashes() {
    let options = ReadOptions {
        max_bytes: 10,
        ..ReadOptions::default()
    };
    let err = read(b"a,b\n1,2\n3,4\n", "x.csv", &options).unwrap_err();
    assert!(matches!(err.kind, ReadErrorKind::TooLarge { .. }));
    let options = ReadOptions {
        max_rows: 2,
        ..ReadOptions::default()
    };
    let err = read(b"a,b\n1,2\n3,4\n5,6\n", "x.csv", &options).unwrap_err();
    assert_eq!(err.kind, ReadErrorKind::TooManyRows { limit: 2 });
    assert_eq!(err.line, Some(4));
    let options = ReadOptions {
        max_columns: 3,
        ..ReadOptions::default()
    };
    let err = read(b"a,b,c,d,e\n1,2,3,4,5\n", "x.csv", &options).unwrap_err();
    assert!(matches!(err.kind, ReadErrorKind::TooManyColumns { .. }));
}

#[cfg(feature = "spreadsheet")]
#[test]
fn xlsx_reads_the_named_sheet_with_numbers_as_written() {
    let bytes = fixture("survey.xlsx");
    // The first sheet is a notes sheet: without a name, the sheet with the answers is read.
    let first = read(&bytes, "survey.xlsx", &ReadOptions::default()).unwrap();
    assert_eq!(
        first.source.format,
        Format::Xlsx {
            sheet: "Antwoorden".into()
        }
    );
    let notes = ReadOptions {
        sheet: Some("Toelichting".into()),
        ..ReadOptions::default()
    };
    let notes = read(&bytes, "survey.xlsx", &notes).unwrap();
    assert_eq!(
        notes.source.format,
        Format::Xlsx {
            sheet: "Toelichting".into()
        }
    );
    let options = ReadOptions {
        sheet: Some("Antwoorden".into()),
        ..ReadOptions::default()
    };
    let import = read(&bytes, "survey.xlsx", &options).unwrap();
    assert_eq!(
        import.source.format,
        Format::Xlsx {
            sheet: "Antwoorden".into()
        }
    );
    assert_eq!(import.dataset.rows, 4);
    assert_eq!(
        column(&import, "Leeftijdsgroep"),
        [Some("25-34"), Some("35-44"), Some("25-34"), Some("55-64")]
    );
    assert_eq!(
        column(&import, "Jaren in dienst"),
        [Some("4"), Some("12"), Some("1.5"), Some("30")]
    );
    let wrong = ReadOptions {
        sheet: Some("Data".into()),
        ..ReadOptions::default()
    };
    let err = read(&bytes, "survey.xlsx", &wrong).unwrap_err();
    assert!(err.to_string().contains("Toelichting, Antwoorden"), "{err}");
}

#[cfg(feature = "spreadsheet")]
#[test]
fn ods_reads_like_the_xlsx() {
    let ods = read(
        &fixture("survey.ods"),
        "survey.ods",
        &ReadOptions::default(),
    )
    .unwrap();
    let options = ReadOptions {
        sheet: Some("Antwoorden".into()),
        ..ReadOptions::default()
    };
    let xlsx = read(&fixture("survey.xlsx"), "survey.xlsx", &options).unwrap();
    assert_eq!(
        ods.source.format,
        Format::Ods {
            sheet: "Antwoorden".into()
        }
    );
    assert_eq!(ods.dataset, xlsx.dataset);
}

#[cfg(feature = "spreadsheet")]
#[test]
fn a_workbook_that_claims_to_unpack_beyond_the_limit_is_refused() {
    let options = ReadOptions {
        max_unpacked_bytes: 1000,
        ..ReadOptions::default()
    };
    let err = read(&fixture("survey.xlsx"), "survey.xlsx", &options).unwrap_err();
    assert!(
        matches!(err.kind, ReadErrorKind::Decompression { .. }),
        "{err}"
    );
    // A truncated workbook is damaged, not a panic.
    let bytes = fixture("survey.xlsx");
    let err = read(
        &bytes[..bytes.len() / 2],
        "half.xlsx",
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err.kind, ReadErrorKind::Damaged { .. }), "{err}");
}

#[cfg(feature = "spss")]
#[test]
fn sav_keeps_codes_labels_and_declared_missing_values() {
    let import = read(
        &fixture("survey.sav"),
        "survey.sav",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(import.source.format, Format::Sav);
    assert_eq!(import.source.layout, Layout::Plain);
    assert_eq!(import.dataset.rows, 6);
    assert_eq!(
        column(&import, "geslacht"),
        [
            Some("1"),
            Some("2"),
            Some("1"),
            Some("2"),
            Some("1"),
            Some("9")
        ]
    );
    assert_eq!(column(&import, "opm")[1], None);
    let geslacht = import
        .columns
        .iter()
        .find(|c| c.name == "geslacht")
        .unwrap();
    assert_eq!(geslacht.label.as_deref(), Some("Geslacht"));
    let labels: Vec<(&str, &str)> = geslacht
        .value_labels
        .iter()
        .map(|v| (v.value.as_str(), v.label.as_str()))
        .collect();
    assert_eq!(labels, [("1", "Man"), ("2", "Vrouw"), ("9", "Weigert")]);
    assert_eq!(geslacht.missing_values, ["9"]);
    assert_eq!(geslacht.measure.as_deref(), Some("nominal"));
}

/// A damaged `.sav` header on which `ambers` 0.4.6 panics (found by the fuzz target) reads
/// as a "damaged file" error, not a panic.
#[test]
fn a_damaged_spss_header_is_an_error_not_a_panic() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/regressions/ambers_round_up_overflow.bin"
    ))
    .unwrap();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = peiling_engine::read::read(&bytes, "damaged.sav", &Default::default());
    std::panic::set_hook(hook);
    let error = result.expect_err("a damaged file is an error");
    assert!(error.to_string().contains("damaged.sav"), "{error}");
}

#[cfg(feature = "spreadsheet")]
#[test]
fn xls_reads_the_same_table_as_the_csv_it_was_written_from() {
    // qualtrics.xls holds every cell of qualtrics.csv as text, written by xlwt (an independent
    // BIFF8 writer; make_fixtures.py). It is read through the compound file that cfb writes
    // afresh for calamine: the table must be the CSV's, cell for cell.
    let xls = read(
        &fixture("qualtrics.xls"),
        "qualtrics.xls",
        &ReadOptions::default(),
    )
    .unwrap();
    let csv = read(
        &fixture("qualtrics.csv"),
        "qualtrics.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        xls.source.format,
        Format::Xls {
            sheet: "Antwoorden".into()
        }
    );
    assert_eq!(xls.dataset, csv.dataset);
}

#[test]
fn surveymonkey_legacy_nul_cells_in_the_second_header_row_read_as_empty() {
    // SurveyMonkey's legacy export (`RespondentID`, 2016-2017) writes a NUL as the whole cell
    // under each metadata column of its second header row, in the CSV and in the .xls alike
    // (tests/fixtures/real/surveymonkey_legacy_houston_Sheet_1.csv and
    // surveymonkey_xls_personality_Sheet_1.xls). The NUL is no sign of a binary file, and the
    // row is SurveyMonkey's second header row, not a respondent.
    let text = "RespondentID,CollectorID,StartDate,EndDate,Which languages?,,Is it open?\n\
                \0,\0,\0,\0,English,Spanish,Response\n\
                5343553482,96864758,04/25/2017 23:03:44,04/28/2017 22:31:44,English,,Yes\n\
                5338827383,96864758,04/25/2017 17:12:24,04/25/2017 17:24:44,English,Spanish,No\n";
    let import = read(text.as_bytes(), "Sheet_1.csv", &ReadOptions::default()).unwrap();
    assert_eq!(import.source.layout, Layout::SurveyMonkey);
    assert_eq!(import.source.header_rows, 2);
    assert_eq!(import.dataset.rows, 2);
    assert_eq!(
        column(&import, "Which languages? - Spanish"),
        vec![None, Some("Spanish")]
    );
    assert_eq!(
        column(&import, "RespondentID"),
        vec![Some("5343553482"), Some("5338827383")]
    );
    assert_eq!(
        column(&import, "Is it open?"),
        vec![Some("Yes"), Some("No")]
    );
}
