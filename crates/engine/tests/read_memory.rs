//! How much memory a CSV file read in chunks asks of the allocator, against the size of the
//! dataset it becomes ([`Dataset::stored_bytes`]). The reader worker reads files up to 1 GiB
//! this way, in wasm memory that never shrinks: every byte the allocator hands out on the way
//! stays the worker's. With the file's size given ([`CsvStream::expect_bytes`]) the columns
//! make room once for the rows foreseen; without it they grow by doubling, which asks for up
//! to twice the dataset (and copies it on every step).
//!
//! The allocator of this test binary counts the bytes live and their peak; this file holds a
//! single test, so no other test allocates meanwhile.

use peiling_engine::dataset::Values;
use peiling_engine::read::{CsvStream, Import, ReadOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, SeqCst) + bytes;
    PEAK.fetch_max(live, SeqCst);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as a move: the new block is live before the old one is freed.
        grew(new_size);
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        LIVE.fetch_sub(layout.size(), SeqCst);
        moved
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// A survey export: a respondent number (a text column: more distinct values than levels
/// allow), `questions` answers on a five-point scale with some left empty, and a free-text
/// remark in some rows. Seeded, so every run reads the same bytes.
fn survey(rows: usize, questions: usize) -> Vec<u8> {
    const SCALE: [&str; 5] = [
        "Helemaal oneens",
        "Oneens",
        "Neutraal",
        "Eens",
        "Helemaal eens",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut csv = String::from("respondent");
    for q in 1..=questions {
        csv.push_str(&format!(",Stelling {q}"));
    }
    csv.push_str(",Opmerking\n");
    for row in 0..rows {
        csv.push_str(&format!("{}", 100_000 + row));
        for _ in 0..questions {
            csv.push(',');
            let pick = (next() % 40) as usize;
            if pick < 38 {
                csv.push_str(SCALE[pick % 5]);
            }
        }
        csv.push(',');
        if next() % 10 == 0 {
            csv.push_str("\"Goed, maar de vragen waren lang\"");
        }
        csv.push('\n');
    }
    csv.into_bytes()
}

/// Reads `csv` in chunks of `chunk` bytes (as the page hands the worker a file), telling the
/// stream the size or not; gives the import and the peak of bytes live meanwhile beyond
/// those live before.
fn read_counting(csv: &[u8], chunk: usize, tell_size: bool) -> (Import, usize) {
    let before = LIVE.load(SeqCst);
    PEAK.store(before, SeqCst);
    let mut stream = CsvStream::new("enquete.csv", &ReadOptions::default());
    if tell_size {
        stream.expect_bytes(csv.len() as u64);
    }
    for piece in csv.chunks(chunk) {
        stream.feed(piece).unwrap();
    }
    let import = stream.finish().unwrap();
    (import, PEAK.load(SeqCst) - before)
}

#[test]
fn a_file_of_known_size_is_read_with_little_more_memory_than_its_dataset() {
    // 150,000 rows: just above a power of two (131,072), where growing by doubling asks for
    // the most room to spare (262,144 cells a column).
    let csv = survey(150_000, 20);
    let (told, told_peak) = read_counting(&csv, 1 << 20, true);
    let (untold, untold_peak) = read_counting(&csv, 1 << 20, false);
    assert_eq!(told, untold, "the same import either way");
    assert_eq!(told.dataset.rows, 150_000);
    assert!(matches!(
        told.dataset.columns[1].values,
        Values::Coded { .. }
    ));
    assert!(matches!(told.dataset.columns[0].values, Values::Text(_)));

    let stored = told.dataset.stored_bytes();
    // The rows, the parser's buffers and a chunk's worth of sniffing (the first chunk is
    // kept until the delimiter is known): 1 MiB beside the columns' 1/32 to spare.
    let allowed = stored + stored / 10 + (2 << 20);
    eprintln!("dataset {stored} bytes; peak with the size told {told_peak}, without {untold_peak}");
    assert!(
        told_peak <= allowed,
        "with the size told, the read asked for {told_peak} bytes at its peak; the dataset takes {stored}"
    );
    // And without it the columns grew by doubling: the difference this test is about.
    assert!(
        untold_peak > stored + stored / 2,
        "without the size, the peak was {untold_peak} for a dataset of {stored}"
    );
}
