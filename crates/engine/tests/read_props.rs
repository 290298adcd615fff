//! Properties of the readers: what the `csv` crate writes reads back identically, splitting
//! the input at any byte changes nothing, and no input makes any reader panic.

use peiling_engine::infer::propose;
use peiling_engine::read::{read, CsvStream, ReadOptions};
use proptest::prelude::*;

/// Cells without leading or trailing white space (the reader trims cells), never empty in
/// the header.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9éëï€ ,;|\"\n]{0,12}".prop_map(|s| s.trim().to_owned()),
        Just(String::new()),
        Just("Zeer mee eens".to_owned()),
        Just("25-34".to_owned()),
    ]
}

fn table() -> impl Strategy<Value = (Vec<String>, Vec<Vec<String>>, u8)> {
    (1usize..6).prop_flat_map(|width| {
        (
            proptest::collection::vec("[A-Za-z][A-Za-z0-9 ]{0,8}[A-Za-z0-9]", width).prop_filter(
                "unique headers",
                |h| {
                    let mut s = h.clone();
                    s.sort();
                    s.dedup();
                    s.len() == h.len()
                },
            ),
            proptest::collection::vec(
                proptest::collection::vec(cell(), width)
                    .prop_filter("no empty rows", |r| r.iter().any(|c| !c.is_empty())),
                1..30,
            ),
            prop_oneof![Just(b','), Just(b';'), Just(b'\t'), Just(b'|')],
        )
    })
}

fn write_csv(header: &[String], rows: &[Vec<String>], delimiter: u8, crlf: bool) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    writer.write_record(header).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn what_the_csv_crate_writes_reads_back_identically((header, rows, delimiter) in table(), crlf in any::<bool>()) {
        let bytes = write_csv(&header, &rows, delimiter, crlf);
        let import = read(&bytes, "p.csv", &ReadOptions::default()).unwrap();
        prop_assert_eq!(import.dataset.rows, rows.len());
        let names: Vec<&str> = import.dataset.columns.iter().map(|c| c.name.as_str()).collect();
        prop_assert_eq!(names, header.iter().map(String::as_str).collect::<Vec<_>>());
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let got = import.dataset.columns[c].cell(r);
                let want = (!cell.is_empty()).then_some(cell.as_str());
                prop_assert_eq!(got, want, "row {} column {}", r, c);
            }
        }
    }

    #[test]
    fn splitting_the_input_at_any_byte_changes_nothing((header, rows, delimiter) in table(), cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..6), utf16 in any::<bool>()) {
        let mut bytes = write_csv(&header, &rows, delimiter, false);
        if utf16 {
            let text = String::from_utf8(bytes).unwrap();
            bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        }
        let whole = read(&bytes, "p.csv", &ReadOptions::default()).unwrap();
        let mut points: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        points.sort_unstable();
        let mut stream = CsvStream::new("p.csv", &ReadOptions::default());
        let mut start = 0;
        for p in points.into_iter().chain([bytes.len()]) {
            stream.feed(&bytes[start..p]).unwrap();
            start = p;
        }
        let pieces = stream.finish().unwrap();
        prop_assert_eq!(&pieces.dataset, &whole.dataset);
        prop_assert_eq!(&pieces.source, &whole.source);
        prop_assert_eq!(&pieces.warnings, &whole.warnings);
    }

    #[test]
    fn byte_at_a_time_equals_whole_for_any_text(text in "[a-z;,\"\n\r é]{0,200}") {
        let bytes = text.as_bytes();
        let whole = read(bytes, "t.csv", &ReadOptions::default());
        let mut stream = CsvStream::new("t.csv", &ReadOptions::default());
        for b in bytes {
            stream.feed(std::slice::from_ref(b)).unwrap();
        }
        let pieces = stream.finish();
        prop_assert_eq!(pieces.map(|i| i.dataset), whole.map(|i| i.dataset));
    }

    #[test]
    fn arbitrary_bytes_never_panic_any_reader_nor_inference(bytes in proptest::collection::vec(any::<u8>(), 0..600), prefix in 0usize..5) {
        // Start some inputs with the magic numbers of the other readers to reach them.
        let magic: &[&[u8]] = &[b"", b"PK\x03\x04", b"$FL2", b"\xD0\xCF\x11\xE0", b"\xFF\xFE"];
        let mut input = magic[prefix].to_vec();
        input.extend(&bytes);
        let options = ReadOptions { max_cells: 100_000, ..ReadOptions::default() };
        if let Ok(import) = read(&input, "fuzz", &options) {
            let _ = propose(&import);
        }
    }
}
