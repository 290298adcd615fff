//! Bundles the consultation: reads `data/vakmanschap.csv` with its codebook natively, at build
//! time, and writes it in the engine's byte form (`transfer::to_bytes`) for `include_bytes!`.
//! So the page opens on the report without parsing a CSV, and its wasm holds no file reader.
use std::path::PathBuf;

use peiling_engine::codebook::Codebook;
use peiling_engine::read::{read, ReadOptions};
use peiling_engine::transfer::{encode, to_bytes};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let csv_path = root.join("data/vakmanschap.csv");
    let codebook_path = root.join("data/vakmanschap.codebook.json");
    println!("cargo::rerun-if-changed={}", csv_path.display());
    println!("cargo::rerun-if-changed={}", codebook_path.display());
    let csv = std::fs::read(&csv_path).expect("data/vakmanschap.csv");
    let codebook = Codebook::from_json(&std::fs::read_to_string(&codebook_path).expect("codebook"))
        .unwrap_or_else(|e| panic!("data/vakmanschap.codebook.json: {e}"));
    let import = read(&csv, "vakmanschap.csv", &ReadOptions::default())
        .unwrap_or_else(|e| panic!("data/vakmanschap.csv: {e}"));
    let bytes = to_bytes(&encode(&import, &codebook));
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("vakmanschap.peiling");
    std::fs::write(out, bytes).expect("write the bundled data");
}
