//! Fuzzed XML as the two sheets and the shared strings of an otherwise valid XLSX workbook
//! (parts cut at `peiling_fuzz::PART_SEPARATOR`), through the XLSX reader — the choice of the
//! fuller sheet, the streamed cells — and inference. Seeded with the parts of the corpus's
//! real XLSX exports.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts = peiling_fuzz::parts(data, 3);
    let book = peiling_fuzz::xlsx(parts[0], parts[1], parts[2]);
    peiling_fuzz::read_and_infer(&book, "fuzz.xlsx");
});
