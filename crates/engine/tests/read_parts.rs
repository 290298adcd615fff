//! A CSV file read in two parts — the first by one stream, the rest by a stream resumed from
//! the file's head (as two workers read it) — and joined must give exactly the import of one
//! reading: cells, codes, levels, text columns, warnings and their line numbers. A part that
//! does not begin at a record boundary must be refused, never joined.

use peiling_engine::read::{CsvStream, Import, ReadOptions};

/// A survey export of about 300 KB with everything that makes joining hard: a `sep=` line, a
/// header, quoted commas, quoted line breaks (so some line starts lie inside a record), rows
/// with too few and too many cells, empty lines, accents, a column with more distinct values
/// than a coded column keeps, and one that passes that limit only when both parts are joined.
fn export() -> (Vec<u8>, Vec<usize>) {
    let mut text = String::from("sep=,\r\nid,regio,toelichting,q1,q2,later\r\n");
    let mut inside_quotes = Vec::new();
    for i in 0..6000usize {
        let regio = ["Noord-Holland", "Fryslân", "Zuid, Holland", "Zeeland"][i % 4];
        let note = match i % 97 {
            0 => "\"een toelichting\r\nover twee regels, met komma\"".to_owned(),
            1 => format!("\"opmerking {}\"", i % 7),
            _ => String::new(),
        };
        let q = ["Eens", "Oneens", "Neutraal", "Weet niet", ""][(i * 7) % 5];
        // Distinct per row in the second half only: 3,000 values, 4,096 together with the first.
        let later = if i < 3000 {
            format!("a{}", i % 1500)
        } else {
            format!("b{i}")
        };
        let row = match i % 211 {
            5 => format!("{i},{regio}\r\n"),
            6 => format!("{i},{regio},,{q},{q},{later},extra\r\n"),
            7 => "\r\n".to_owned(),
            _ => format!(
                "{i},\"{regio}\",{note},{q},{},{later}\r\n",
                ["Ja", "Nee"][i % 2]
            ),
        };
        if let Some(inside) = row.find("toelichting\r\n") {
            // The line start inside the quotes.
            inside_quotes.push(text.len() + inside + "toelichting\r\n".len());
        }
        text.push_str(&row);
    }
    (text.into_bytes(), inside_quotes)
}

fn options() -> ReadOptions {
    ReadOptions::default()
}

/// The first difference between two imports, in a few words (an import prints as megabytes).
fn difference(a: &Import, b: &Import) -> Option<String> {
    if a.dataset.rows != b.dataset.rows {
        return Some(format!("rows {} vs {}", a.dataset.rows, b.dataset.rows));
    }
    for (x, y) in a.dataset.columns.iter().zip(&b.dataset.columns) {
        if x != y {
            let row = (0..x.len()).find(|&r| x.cell(r) != y.cell(r));
            return Some(format!(
                "column {}: first different cell {row:?}, levels {:?} vs {:?}",
                x.name,
                x.levels().map(<[String]>::len),
                y.levels().map(<[String]>::len)
            ));
        }
    }
    if a.warnings != b.warnings {
        let i = (0..a.warnings.len().max(b.warnings.len()))
            .find(|&i| a.warnings.get(i) != b.warnings.get(i))?;
        return Some(format!(
            "warning {i}: {:?} vs {:?}",
            a.warnings.get(i),
            b.warnings.get(i)
        ));
    }
    (a != b).then(|| format!("{:?} vs {:?}", a.source, b.source))
}

fn whole(bytes: &[u8]) -> Import {
    let mut stream = CsvStream::new("export.csv", &options());
    for chunk in bytes.chunks(8192) {
        stream.feed(chunk).unwrap();
    }
    stream.finish().unwrap()
}

/// Reads `bytes` split at `at`; `None` if the first stream does not end at a record boundary.
fn in_parts(bytes: &[u8], at: usize) -> Option<Import> {
    let mut first = CsvStream::new("export.csv", &options());
    for chunk in bytes[..at].chunks(8192) {
        first.feed(chunk).unwrap();
    }
    if !first.at_record_boundary() {
        return None;
    }
    let head = &bytes[..at.min(128 * 1024)];
    let mut second = CsvStream::resume("export.csv", &options(), head).expect("head settles all");
    for chunk in bytes[at..].chunks(8192) {
        second.feed(chunk).unwrap();
    }
    let part = second.finish_part().unwrap();
    first.append_part(part).unwrap();
    Some(first.finish().unwrap())
}

#[test]
fn two_parts_joined_equal_one_reading_at_every_record_boundary() {
    let (bytes, _) = export();
    let expected = whole(&bytes);
    assert!(
        expected.warnings.len() > 20,
        "the file must give warnings of every kind"
    );
    let starts: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' && i > 70_000)
        .map(|(i, _)| i + 1)
        .collect();
    let mut joined = 0;
    for &at in starts.iter().step_by(37) {
        if let Some(import) = in_parts(&bytes, at) {
            assert_eq!(difference(&import, &expected), None, "split at byte {at}");
            joined += 1;
        }
    }
    assert!(
        joined > 50,
        "most line starts are record boundaries ({joined})"
    );
}

#[test]
fn a_split_inside_a_quoted_line_break_is_no_record_boundary() {
    let (bytes, inside) = export();
    let mut refused = 0;
    for &at in inside.iter().filter(|&&p| p > 70_000) {
        assert_eq!(bytes[at - 1], b'\n');
        assert!(
            in_parts(&bytes, at).is_none(),
            "split at byte {at} is inside a record"
        );
        refused += 1;
    }
    assert!(refused > 10);
}

#[test]
fn a_part_read_as_another_encoding_is_not_joined() {
    // The first part is UTF-8 with accents; the second has a byte that is no UTF-8.
    let mut bytes = b"naam,regio\n".to_vec();
    for i in 0..8000 {
        bytes.extend_from_slice(format!("{i},Frysl\u{e2}n\n").as_bytes());
    }
    let at = bytes.len();
    bytes.extend_from_slice(b"9999,Fr\xeaslan\n");
    let mut first = CsvStream::new("export.csv", &options());
    first.feed(&bytes[..at]).unwrap();
    let mut second = CsvStream::resume("export.csv", &options(), &bytes[..at]).unwrap();
    second.feed(&bytes[at..]).unwrap();
    let part = second.finish_part().unwrap();
    assert!(first.append_part(part).is_err());
    // The refused part's bytes go to the first stream instead, which reads them as usual.
    first.feed(&bytes[at..]).unwrap();
    assert_eq!(difference(&first.finish().unwrap(), &whole(&bytes)), None);
}
