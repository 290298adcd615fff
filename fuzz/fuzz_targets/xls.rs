//! Excel 97-2003 (`.xls`, an OLE compound file) bytes through calamine's XLS reader and
//! inference. Seeded with small BIFF8 workbooks (see `seed.sh`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    peiling_fuzz::read_and_infer(data, "fuzz.xls");
});
