//! An ODS whose `content.xml` leaves an element open is refused as damaged, in the reader's
//! own words, instead of being handed to calamine 0.38 — whose `read_table` waits for the end
//! of the table without stopping at the end of the document, and so never returns.
//!
//! How the input is built (here, from the reading fixture written by LibreOffice's format via
//! `fixtures/read/make_fixtures.py`): every entry of `survey.ods` is copied into a new zip,
//! `content.xml` cut just before its first `</table:table>`, so the table, the spreadsheet,
//! the body and the document are all left open. The same copy without the cut must read as
//! the fixture does, so the check does not refuse a sound workbook.
#![cfg(feature = "spreadsheet")]

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use peiling_engine::read::{read, ReadError, ReadErrorKind, ReadOptions};

fn survey_ods() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read/survey.ods"))
        .unwrap()
}

/// The fixture rewritten, its `content.xml` passed through `edit`.
fn rewritten(edit: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let book = survey_ods();
    let mut source = zip::ZipArchive::new(Cursor::new(&book[..])).unwrap();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..source.len() {
        let mut file = source.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == "content.xml" {
            bytes = edit(bytes);
        }
        writer.start_file(name, deflated).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Reads on another thread, so that a read that never ends fails the test instead of hanging it.
fn read_within_a_minute(bytes: Vec<u8>) -> Result<usize, ReadError> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let result = read(&bytes, "survey.ods", &ReadOptions::default()).map(|i| i.dataset.rows);
        let _ = send.send(result);
    });
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("the read ended within a minute")
}

#[test]
fn an_ods_whose_table_is_never_closed_is_refused_and_the_same_file_whole_reads() {
    let whole = read_within_a_minute(rewritten(|bytes| bytes)).expect("the copy reads");
    let fixture = read(&survey_ods(), "survey.ods", &ReadOptions::default()).unwrap();
    assert_eq!(whole, fixture.dataset.rows);
    assert!(whole > 0);

    let cut = rewritten(|bytes| {
        let end = b"</table:table>";
        let at = bytes
            .windows(end.len())
            .position(|w| w == end)
            .expect("the fixture closes its table");
        bytes[..at].to_vec()
    });
    let err = read_within_a_minute(cut).expect_err("a table never closed is refused");
    assert_eq!(&*err.file, "survey.ods");
    match err.kind {
        ReadErrorKind::Damaged { format, message } => {
            assert_eq!(format, "OpenDocument");
            assert_eq!(message, "content.xml ends before <table:table> is closed");
        }
        other => panic!("{other:?}"),
    }
}
