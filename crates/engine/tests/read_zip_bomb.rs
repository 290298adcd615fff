//! A workbook whose zip headers understate what its parts inflate to (a "zip bomb" built to
//! slip past a check of the declared sizes) is refused by counting the bytes that really come
//! out, before calamine reads any of it; XLSX and ODS alike.
//!
//! How the bomb is built (here, from the reading fixtures): every entry of a real workbook is
//! copied into a new zip (deflated), except that the sheet's XML gets 16 MiB of spaces before
//! its closing tag — legal XML that deflates to a few kilobytes. Then the entry's uncompressed
//! size is rewritten, in its local header (offset 22) and in its central-directory record
//! (offset 24), to the size of the original sheet: the headers now claim a few kilobytes, a
//! ratio far below what deflate can reach and a total far below the limit, so only counting
//! what inflates can tell. (Layout of the headers: PKWARE's APPNOTE.TXT, 4.3.7 and 4.3.12.)
#![cfg(feature = "spreadsheet")]

use std::io::{Cursor, Read, Write};
use std::path::Path;

use peiling_engine::read::{read, ReadErrorKind, ReadOptions};

const PADDING: usize = 16 << 20;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/read")
            .join(name),
    )
    .unwrap()
}

/// `book` with `entry` padded by `PADDING` spaces before `closing`, its sizes understated.
/// Returns the bomb and the size its headers claim.
fn bomb(book: &[u8], entry: &str, closing: &str) -> (Vec<u8>, u64) {
    let mut source = zip::ZipArchive::new(Cursor::new(book)).unwrap();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut claimed = 0;
    for i in 0..source.len() {
        let mut file = source.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == entry {
            claimed = bytes.len() as u64;
            let at = bytes
                .windows(closing.len())
                .rposition(|w| w == closing.as_bytes())
                .expect("closing tag");
            bytes = [&bytes[..at], &vec![b' '; PADDING], &bytes[at..]].concat();
        }
        writer.start_file(name, deflated).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    let mut zip = writer.finish().unwrap().into_inner();
    let u32_at = |zip: &[u8], at: usize| u32::from_le_bytes(zip[at..at + 4].try_into().unwrap());
    let u16_at = |zip: &[u8], at: usize| u16::from_le_bytes(zip[at..at + 2].try_into().unwrap());
    let mut patched = 0;
    for at in 0..zip.len() - 46 {
        if u32_at(&zip, at) != 0x0201_4b50 {
            continue; // not a central-directory record
        }
        let name_len = u16_at(&zip, at + 28) as usize;
        if &zip[at + 46..at + 46 + name_len] != entry.as_bytes() {
            continue;
        }
        let local = u32_at(&zip, at + 42) as usize;
        assert_eq!(u32_at(&zip, local), 0x0403_4b50, "local header");
        zip[at + 24..at + 28].copy_from_slice(&(claimed as u32).to_le_bytes());
        zip[local + 22..local + 26].copy_from_slice(&(claimed as u32).to_le_bytes());
        patched += 1;
    }
    assert_eq!(patched, 1, "{entry} patched once");
    (zip, claimed)
}

fn assert_refused_by_count(book: &[u8], file: &str, entry: &str) {
    let (bomb, claimed) = bomb(
        book,
        entry,
        if file.ends_with(".ods") {
            "</office:body>"
        } else {
            "</worksheet>"
        },
    );
    // The headers pass every check of the declared sizes: what they claim is small in all and
    // a ratio deflate can reach, so only counting can tell.
    let archive = zip::ZipArchive::new(Cursor::new(&bomb[..])).unwrap();
    let declared: u64 = (0..archive.len())
        .map(|i| archive.clone().by_index_raw(i).unwrap().size())
        .sum();
    assert!(declared < 1 << 20, "declared {declared}");
    assert!(
        bomb.len() < PADDING / 100,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let err = read(&bomb, file, &ReadOptions::default()).unwrap_err();
    assert_eq!(
        err.kind,
        ReadErrorKind::Understated {
            entry: entry.into(),
            declared: claimed
        },
        "{err}"
    );
    // Said in both languages, naming the file and the part, with what to do.
    let nl = err.text(peiling_engine::Lang::Nl);
    assert!(
        nl.contains(file) && nl.contains(entry) && nl.contains("pakt uit tot meer dan"),
        "{nl}"
    );
    let en = err.text(peiling_engine::Lang::En);
    assert!(
        en.contains("unpacks to more than") && en.contains("save it again"),
        "{en}"
    );
}

#[test]
fn an_xlsx_whose_headers_understate_its_sheet_is_refused_by_counting() {
    assert_refused_by_count(
        &fixture("survey.xlsx"),
        "bomb.xlsx",
        "xl/worksheets/sheet1.xml",
    );
}

#[test]
fn an_ods_whose_headers_understate_its_content_is_refused_by_counting() {
    assert_refused_by_count(&fixture("survey.ods"), "bomb.ods", "content.xml");
}

#[test]
fn the_same_workbooks_with_honest_headers_read() {
    // The fixtures themselves pass the count: it refuses only what lies.
    for name in ["survey.xlsx", "survey.ods"] {
        let import = read(&fixture(name), name, &ReadOptions::default()).unwrap();
        assert!(import.dataset.rows > 0, "{name}");
    }
}
