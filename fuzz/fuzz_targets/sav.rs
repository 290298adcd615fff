//! SPSS `.sav`/`.zsav` bytes through the SPSS reader (by its magic number) and inference.
//! Seeded with the corpus's SPSS, PSPP and ReadStat files.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    peiling_fuzz::read_and_infer(data, "fuzz.sav");
});
