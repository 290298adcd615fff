//! The vectorised CSV tokenizer gives byte-identical imports to the scalar path.
//!
//! The reference is csv-core's own state machine reading every byte
//! ([`Tokenizer::CsvCore`]: csv-core is an independent crate, the parser under the `csv`
//! crate), the whole input fed at once. Against it: the SSE2 tokenizer ([`Tokenizer::Simd`]
//! natively) and the byte-by-byte one ([`Tokenizer::Scalar`]), on the real-export corpus, on
//! generated CSV and raw byte soup, and with the input cut at every split point. An import is
//! compared whole: cells, levels, header, warnings with their lines and columns, encoding,
//! delimiter, or the same error.
//!
//! Inputs are streamed only after the first `SNIFF_BYTES` (64 KiB), so the split tests put a
//! padding of plain rows first and cut inside what follows it.

use peiling_engine::read::{CsvStream, Import, ReadError, ReadOptions, Tokenizer};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const SNIFF_BYTES: usize = 64 * 1024;

/// Reads `bytes` fed in pieces cut at `cuts` (ascending).
fn read_cut(bytes: &[u8], tokenizer: Tokenizer, cuts: &[usize]) -> Result<Import, ReadError> {
    let mut stream = CsvStream::with_tokenizer("t.csv", &ReadOptions::default(), tokenizer);
    let mut from = 0;
    for &cut in cuts.iter().chain([bytes.len()].iter()) {
        stream.feed(&bytes[from..cut])?;
        from = cut;
    }
    stream.finish()
}

fn reference(bytes: &[u8]) -> Result<Import, ReadError> {
    read_cut(bytes, Tokenizer::CsvCore, &[])
}

/// Asserts that both tokenizers read `bytes`, cut at `cuts`, as csv-core reads it whole.
fn assert_same(bytes: &[u8], cuts: &[usize], what: &str) {
    let expected = reference(bytes);
    assert_reads_as(
        bytes,
        cuts,
        &[Tokenizer::Simd, Tokenizer::Scalar],
        &expected,
        what,
    );
}

fn assert_reads_as(
    bytes: &[u8],
    cuts: &[usize],
    tokenizers: &[Tokenizer],
    expected: &Result<Import, ReadError>,
    what: &str,
) {
    for &tokenizer in tokenizers {
        let got = read_cut(bytes, tokenizer, cuts);
        assert!(
            &got == expected,
            "{what}: {tokenizer:?} cut at {cuts:?} differs from csv-core\n got: {:?}\nwant: {:?}",
            got.as_ref().map(summary),
            expected.as_ref().map(summary),
        );
    }
}

/// The cells of the first rows, for a readable failure message.
fn summary(import: &Import) -> Vec<Vec<Option<String>>> {
    (0..import.dataset.rows.min(8))
        .map(|r| {
            import
                .dataset
                .columns
                .iter()
                .map(|c| c.cell(r).map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Plain rows with `delimiter` past the first 64 KiB, so that what follows is streamed.
fn padding(delimiter: u8) -> Vec<u8> {
    let d = delimiter as char;
    let mut pad = format!("a{d}b{d}c\n").into_bytes();
    while pad.len() <= SNIFF_BYTES {
        pad.extend_from_slice(format!("1{d}twee{d}drie\n").as_bytes());
    }
    pad
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["../../tests/fixtures/real", "../../../shared/real-exports"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            eprintln!("no {dir}: left out");
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "csv") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every CSV export of the corpus, read whole, and repeated past the sniffed start and read
/// in chunks of several sizes (the repeats put header lines among the rows, which both paths
/// must read alike too).
#[test]
fn the_real_corpus_reads_the_same() {
    let files = corpus();
    assert!(files.len() >= 17, "the repository's corpus: {files:?}");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        assert_same(&bytes, &[], &name);
        let mut long = bytes.clone();
        while long.len() <= 3 * SNIFF_BYTES {
            long.extend_from_slice(&bytes);
        }
        for chunk in [977, 4096, 65_537] {
            let cuts: Vec<usize> = (chunk..long.len()).step_by(chunk).collect();
            assert_same(
                &long,
                &cuts,
                &format!("{name} ×{} in {chunk}s", long.len() / bytes.len()),
            );
        }
    }
}

/// Hand-written cases of every rule the tokenizer keeps (and the ones it leaves to csv-core),
/// each after the padding, cut at every byte and fed one byte at a time; with `,` the case
/// starts at several offsets of a 64-byte block.
#[test]
fn every_split_point_reads_the_same() {
    let cases: &[&[u8]] = &[
        b"x,\"a\"\"b\",c\n",
        b"\"regel\neen\r\ntwee\",2\r\n3,4\n",
        b"a\"b,c\nd,e\"\n",
        b"\"ab\"cd,e\n\"x\" ,y\n",
        b"a\rb\rc",
        b"\n\n\r\n1,2\r\r\n\n3,4\n",
        b"\"\",\"\"\n,\n",
        b"1,\"open to the end,\n2\n",
        "é,€,😀\n\"ç\"\"ö\",\"日本\"\n".as_bytes(),
        b"\"a\"\"\",b\n\"\"\"\",x\n\"\"\"\"\"\"\n",
        b"caf\xe9,1\nna\xefef,2\n",
        b"\" a\",b\na, \"b\"\n",
        b"1,2,3,4,5,6\n7\n",
        b"\"quoted, with a delimiter\",last",
        b"tail without end,\"q\"",
        b"a,b\r",
    ];
    for &delimiter in b",;\t|" {
        let pad = padding(delimiter);
        for case in cases {
            let case: Vec<u8> = case
                .iter()
                .map(|&b| if b == b',' { delimiter } else { b })
                .collect();
            let mut bytes = pad.clone();
            // Start the case at every offset of a 64-byte block.
            let shifts: &[usize] = if delimiter == b',' {
                &[0, 1, 31, 62, 63]
            } else {
                &[0]
            };
            for &shift in shifts {
                bytes.truncate(pad.len());
                bytes.extend(std::iter::repeat_n(b'z', shift));
                bytes.push(b'\n');
                bytes.extend_from_slice(&case);
                let what = format!("{:?} (shift {shift})", String::from_utf8_lossy(&case));
                let expected = reference(&bytes);
                for cut in pad.len()..=bytes.len() {
                    assert_reads_as(&bytes, &[cut], &[Tokenizer::Simd], &expected, &what);
                }
                let every: Vec<usize> = (pad.len()..bytes.len()).collect();
                let both = [Tokenizer::Simd, Tokenizer::Scalar];
                assert_reads_as(&bytes, &every, &both, &expected, &what);
            }
        }
    }
}

/// Fields across 64-byte blocks: a quoted field whose quotes, doubled quotes and line breaks
/// fall on every position around a block's edge.
#[test]
fn fields_across_block_edges_read_the_same() {
    for len in 55..75 {
        for at in 0..len {
            let mut field = vec![b'x'; len];
            field[at] = b'"';
            let mut doubled = Vec::new();
            for &b in &field {
                doubled.push(b);
                if b == b'"' {
                    doubled.push(b'"');
                }
            }
            let mut bytes = b"a,b\n".to_vec();
            bytes.push(b'"');
            bytes.extend_from_slice(&doubled);
            bytes.extend_from_slice(b"\",1\n2,\"");
            field[at] = b'\n';
            bytes.extend_from_slice(&field);
            bytes.extend_from_slice(b"\"\n");
            assert_same(&bytes, &[], &format!("len {len}, quote at {at}"));
        }
    }
}

/// A record of a field of the form: empty, plain, multibyte, quoted with delimiters, line
/// ends and doubled quotes, or the odd kinds csv-core reads its own way.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z ]{1,8}",
        "[aé€😀ß]{1,4}",
        "\"([a-z,;|\t\r\n ]|\"\"){0,12}\"",
        "[a-z]{1,3}\"[a-z]{0,3}",
        "\"[a-z]{0,3}\"[a-z ]{1,2}",
    ]
}

fn generated_csv() -> impl Strategy<Value = (Vec<u8>, u8)> {
    let record = proptest::collection::vec(field(), 1..7);
    let end = prop_oneof![
        Just("\n"),
        Just("\r\n"),
        Just("\r"),
        Just("\n\n"),
        Just("\r\n\r\n")
    ];
    (
        proptest::collection::vec((record, end), 1..40),
        prop_oneof![Just(b','), Just(b';'), Just(b'\t'), Just(b'|')],
        any::<bool>(),
    )
        .prop_map(|(records, delimiter, last_end)| {
            let mut out = Vec::new();
            let count = records.len();
            for (i, (fields, end)) in records.into_iter().enumerate() {
                out.extend_from_slice(fields.join(&(delimiter as char).to_string()).as_bytes());
                if i + 1 < count || last_end {
                    out.extend_from_slice(end.as_bytes());
                }
            }
            (out, delimiter)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Generated CSV, read whole and streamed after the padding with two cuts anywhere.
    #[test]
    fn generated_csv_reads_the_same(
        (csv, delimiter) in generated_csv(),
        cut_a in any::<prop::sample::Index>(),
        cut_b in any::<prop::sample::Index>(),
    ) {
        assert_same(&csv, &[], "generated");
        let mut bytes = padding(delimiter);
        let start = bytes.len();
        bytes.extend_from_slice(&csv);
        let mut cuts = [start + cut_a.index(csv.len() + 1), start + cut_b.index(csv.len() + 1)];
        cuts.sort();
        assert_same(&bytes, &cuts, "generated after padding");
    }

    /// Byte soup of the bytes that matter (quotes, the four delimiters, CR, LF, a UTF-8
    /// sequence's bytes, a Windows-1252 letter), read whole and streamed.
    #[test]
    fn byte_soup_reads_the_same(
        soup in proptest::collection::vec(
            prop::sample::select(vec![b'a', b' ', b'"', b',', b';', b'\t', b'|', b'\r', b'\n', 0xC3, 0xA9, 0xE9]),
            0..600,
        ),
        cut in any::<prop::sample::Index>(),
    ) {
        assert_same(&soup, &[], "soup");
        let mut bytes = padding(b',');
        let start = bytes.len();
        bytes.extend_from_slice(&soup);
        assert_same(&bytes, &[start + cut.index(soup.len() + 1)], "soup after padding");
    }
}

/// An answer for [`full_width_rows`]: from a small pool, so that the dictionaries find it
/// again; lengths around the 32 bytes up to which an answer is looked up by its words (read
/// past its end, masked); white space to trim; a doubled quote (a record read on its own);
/// UTF-8 and a Windows-1252 byte (a batch that is not UTF-8 is read record by record).
fn answer() -> impl Strategy<Value = Vec<u8>> {
    let pool: Vec<Vec<u8>> = [
        "",
        " ",
        "Eens",
        " Eens ",
        "Oneens",
        "Helemaal mee oneens",
        "\"Niet eens, niet oneens\"",
        "één",
        "\"zei \"\"ja\"\"\"",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .chain((30..=34).map(|len| vec![b'x'; len]))
    .chain([b"caf\xE9".to_vec()])
    .collect();
    prop_oneof![
        8 => prop::sample::select(pool),
        1 => "[a-z]{1,40}".prop_map(String::into_bytes),
    ]
}

/// Records as wide as the header, mostly: the kind handed to the columns in batches, one
/// column at a time.
fn full_width_rows(width: usize) -> impl Strategy<Value = Vec<u8>> {
    let row = prop_oneof![
        8 => proptest::collection::vec(answer(), width),
        1 => proptest::collection::vec(answer(), 1..6),
    ];
    proptest::collection::vec(row, 0..300).prop_map(|rows| {
        let mut out = Vec::new();
        for row in rows {
            out.extend_from_slice(&row.join(&b','));
            out.push(b'\n');
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// Full-width rows (read a column at a time) read as csv-core reads them: in the first
    /// chunk, and streamed after the padding with a cut anywhere.
    #[test]
    fn full_width_rows_read_the_same(
        rows in full_width_rows(3),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut whole = b"a,b,c\n".to_vec();
        whole.extend_from_slice(&rows);
        assert_same(&whole, &[], "full-width rows");
        let mut bytes = padding(b',');
        let start = bytes.len();
        bytes.extend_from_slice(&rows);
        assert_same(&bytes, &[start + cut.index(rows.len() + 1)], "full-width rows after padding");
    }
}
