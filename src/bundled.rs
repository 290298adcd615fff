//! The bundled consultation, compiled into the app so the report shows the instant it opens.
use peiling_engine::codebook::Codebook;
use peiling_engine::read::{read, ReadOptions};
use peiling_engine::Survey;

const CSV: &[u8] = include_bytes!("../data/vakmanschap.csv");
const CODEBOOK: &str = include_str!("../data/vakmanschap.codebook.json");

/// The reconstructed 1,601-respondent panel with its codebook.
pub fn survey() -> Survey {
    let import = read(CSV, "vakmanschap.csv", &ReadOptions::default())
        .expect("the bundled data is tested natively and always reads");
    let codebook = Codebook::from_json(CODEBOOK).expect("the bundled codebook is tested natively");
    Survey::new(import.dataset, codebook)
}
