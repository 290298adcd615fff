//! The bundled consultation, compiled into the app so the report shows the instant it opens.
//! `build.rs` reads the CSV and codebook in `data/` at build time and stores them in the
//! engine's byte form; here they are decoded (every part checked) into a survey.
use peiling_engine::transfer::from_bytes;
use peiling_engine::Survey;

const DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/vakmanschap.peiling"));

/// The reconstructed 1,601-respondent panel with its codebook.
pub fn survey() -> Survey {
    let decoded = from_bytes(DATA).expect("the bundled data is checked at build time and in tests");
    Survey::new(decoded.dataset, decoded.codebook)
}
