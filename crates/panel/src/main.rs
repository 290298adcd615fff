//! `peiling-panel [DIR]`: writes the reconstructed panel and its codebook into DIR
//! (default `data/`).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = PathBuf::from(std::env::args_os().nth(1).unwrap_or_else(|| "data".into()));
    let panel = match peiling_panel::generate() {
        Ok(panel) => panel,
        Err(e) => {
            eprintln!("peiling-panel: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = panel.write_to(&dir) {
        eprintln!("peiling-panel: cannot write into {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {} and {} ({} respondents) into {}",
        peiling_panel::CSV_FILE,
        peiling_panel::CODEBOOK_FILE,
        peiling_panel::RESPONDENTS,
        dir.display()
    );
    ExitCode::SUCCESS
}
