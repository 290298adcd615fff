//! Every input that fuzzing found to crash a reader (`fuzz/regressions/`) is read again: each
//! must come back as the error it is listed with below, and no panic may happen on the way —
//! not even one that `read` would catch, since the page's reader worker cannot catch panics
//! (it is built with `panic = "abort"`). A new file in that folder fails this test until it is
//! listed here with what reading it gives.
//!
//! Provenance: the files are the fuzzers' own crash inputs (`fuzz/run.sh`, see
//! BENCHMARKS.md "Fuzzing"); the expected outcomes are what the file format says of them,
//! worked out from the crash's stack and the record layout (PSPP's "System File Format"
//! documentation for SPSS; [MS-CFB] for the compound file of XLS).
#![cfg(all(feature = "spss", feature = "spreadsheet"))]

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use peiling_engine::read::{read, ReadErrorKind, ReadOptions};

/// What reading each regression gives.
enum Expect {
    /// Refused before the library reads it, as a damaged file of this format whose message
    /// holds this text.
    Damaged(&'static str, &'static str),
    /// Damaged, and in builds with overflow checks (tests) the library's own arithmetic
    /// overflows first: a panic that `read` catches and reports as an inconsistent file.
    /// Release builds (the CLI, the page's worker) wrap instead and go on without a panic.
    OverflowInDebug(&'static str),
    /// Not checked for yet: the library panics in every build; `read` catches it natively
    /// and reports an inconsistent file, and in the page the worker dies and the page gives
    /// that same error (tests/e2e/damaged_files.test.mjs).
    PanicCaught(&'static str),
}

fn expected(name: &str) -> Option<Expect> {
    use Expect::*;
    Some(match name {
        // ambers 0.4.6: a variable label length of -1 (round_up overflows, then slices).
        "ambers_round_up_overflow.bin" => Damaged("SPSS", "variable label at byte"),
        "ambers_variable_label_length_overflow.sav" => Damaged("SPSS", "variable label at byte"),
        // calamine 0.38's compound-file layer: a FAT chain that loops (asked for 2 GiB), a
        // sector past the end, a sector table of odd length. cfb refuses them.
        "calamine_cfb_chain_loop_oom.xls" => Damaged("Excel 97-2003", ""),
        "calamine_cfb_sector_past_end.xls" => Damaged("Excel 97-2003", ""),
        "calamine_cfb_odd_sector_length.xls" => Damaged("Excel 97-2003", ""),
        // calamine 0.38 xls.rs:987: a MULRK record whose last column precedes its first.
        "calamine_xls_subtract_overflow.xls" => OverflowInDebug("Excel 97-2003"),
        // calamine 0.38 xls.rs:1531: a formula whose stated length runs past its record
        // (found by the xls target after the compound-file fix).
        "calamine_xls_formula_length_panic.xls" => PanicCaught("Excel 97-2003"),
        // calamine 0.38 xls.rs:838 and utils.rs:48 (`parse_lbl`): a NAME record shorter than
        // its fixed part, its name length (byte 3) or formula length (bytes 4–5) read past
        // the record's end (found by the xls target in session 12).
        "calamine_xls_name_record_short_panic.xls" => PanicCaught("Excel 97-2003"),
        "calamine_xls_name_record_length_panic.xls" => PanicCaught("Excel 97-2003"),
        // calamine 0.38 xlsx/mod.rs:3096: a cell reference of more letters than a u32 holds
        // (found by the xlsx_parts target; its parts wrapped as fuzz/src/lib.rs does).
        "calamine_xlsx_cell_reference_overflow.xlsx" => OverflowInDebug("Excel"),
        // calamine 0.38 ods.rs `read_table`: a <table:table> closed by a wrong end tag, which
        // calamine's parser lets through, so it reads past the end of the document for ever
        // (found by the ods_content target). quick-xml's well-formedness pass over
        // content.xml refuses it first, at the end tag that does not match.
        "calamine_ods_unclosed_table_hang.ods" => Damaged(
            "OpenDocument",
            "content.xml at byte 540: ill-formed document: expected `</table:table>`",
        ),
        _ => return None,
    })
}

#[test]
fn every_fuzz_regression_reads_as_the_error_it_is_listed_with_and_never_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let panics = Arc::new(AtomicUsize::new(0));
    let counted = panics.clone();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        counted.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));
    let options = ReadOptions {
        max_cells: 1_000_000,
        max_unpacked_bytes: 64 << 20,
        ..ReadOptions::default()
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/regressions/")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "the regressions are missing: {files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expect = expected(&name).unwrap_or_else(|| {
            panic!("{name} is not listed in tests/fuzz_regressions.rs: add what reading it gives")
        });
        let bytes = std::fs::read(&path).unwrap();
        let before = panics.load(Ordering::SeqCst);
        let result = read(&bytes, &name, &options);
        let panicked = panics.load(Ordering::SeqCst) - before;
        let err = match result {
            Ok(import) => panic!("{name} read as {} rows", import.dataset.rows),
            Err(err) => err,
        };
        match expect {
            Expect::Damaged(format, text) => {
                assert_eq!(panicked, 0, "{name}: a panic was caught on the way");
                match &err.kind {
                    ReadErrorKind::Damaged { format: f, message } => {
                        assert_eq!(f, format, "{name}");
                        assert!(message.contains(text), "{name}: {message}");
                    }
                    other => panic!("{name}: {other:?}"),
                }
            }
            Expect::PanicCaught(format) => {
                assert_eq!(panicked, 1, "{name}");
                assert_eq!(
                    err.kind,
                    ReadErrorKind::Inconsistent {
                        format: format.into()
                    },
                    "{name}"
                );
            }
            Expect::OverflowInDebug(format) => {
                if cfg!(debug_assertions) {
                    assert_eq!(panicked, 1, "{name}");
                    assert_eq!(
                        err.kind,
                        ReadErrorKind::Inconsistent {
                            format: format.into()
                        },
                        "{name}"
                    );
                } else {
                    assert_eq!(panicked, 0, "{name}");
                }
            }
        }
        // The message names the file and says what to do, in both languages.
        for lang in [peiling_engine::Lang::Nl, peiling_engine::Lang::En] {
            let text = err.text(lang);
            assert!(text.contains(&name), "{text}");
        }
    }
}
