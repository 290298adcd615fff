//! Fuzzed XML as the `content.xml` of an otherwise valid ODS workbook, through the ODS reader
//! and inference. Seeded with the content of the ODS fixture and of the corpus's XLSX exports
//! converted (see `seed.sh`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    peiling_fuzz::read_and_infer(&peiling_fuzz::ods(data), "fuzz.ods");
});
