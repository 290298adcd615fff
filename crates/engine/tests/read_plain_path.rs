//! CSV records without quotes are cut in place, records with quotes go through csv-core: fed
//! one byte at a time, every record goes through csv-core, fed whole, most take the plain path.
//! Both must give the same import to the last warning's line number.

use peiling_engine::read::{read, CsvStream, ReadOptions};
use proptest::prelude::*;

fn byte_at_a_time(
    bytes: &[u8],
) -> Result<peiling_engine::read::Import, peiling_engine::read::ReadError> {
    let mut stream = CsvStream::new("t.csv", &ReadOptions::default());
    for b in bytes {
        stream.feed(std::slice::from_ref(b))?;
    }
    stream.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_plain_path_and_csv_core_agree_on_cells_warnings_and_lines(
        header in "[a-c]{1,2}(,[a-c]{1,2}){1,3}\n",
        body in "[ab,\"\n\r \t]{0,160}",
    ) {
        let text = header + &body;
        let whole = read(text.as_bytes(), "t.csv", &ReadOptions::default());
        prop_assert_eq!(byte_at_a_time(text.as_bytes()), whole);
    }
}

#[test]
fn a_non_ascii_or_quote_delimiter_from_a_sep_line_reads_the_same_either_way() {
    for text in [
        "sep=\u{e9}\na\u{e9}b\n1\u{e9}2\n".as_bytes(),
        b"sep=\"\na\"b\n1\"2\n",
        b"sep=\xc3\na\xc3b\n\xc3\xa9\xc3x\n",
    ] {
        let whole = read(text, "t.csv", &ReadOptions::default());
        assert_eq!(byte_at_a_time(text), whole);
    }
}

#[test]
fn ragged_rows_after_blank_lines_are_placed_on_the_same_line_either_way() {
    let text = b"a,b,c\r\n1,2,3\r\n\r\n\n4,5\n\"6\",7,8,9\n10,,\n";
    let whole = read(text, "t.csv", &ReadOptions::default()).unwrap();
    assert_eq!(byte_at_a_time(text).unwrap(), whole);
    assert_eq!(whole.dataset.rows, 4);
    assert!(!whole.warnings.is_empty());
}
