//! Peiling's bundled dataset: the 1,601 civil servants of the Ambtenarenpanel consultation
//! "Ambtelijk vakmanschap onder druk", reconstructed from the article's published percentages.
//!
//! The individual answers were never published, so this crate makes a respondent-level data
//! set that reproduces every printed figure exactly (integer percentages, rounded half up) and
//! adds a credible structure between profile and answers. It is a reconstruction, not the real
//! answers; `data/README.md` says how it was made. The generator is deterministic: one fixed
//! seed, one ChaCha stream per question, so rerunning it rewrites the committed files byte for
//! byte, which a test checks.
//!
//! The app does not use this crate at runtime: it compiles in the files the `peiling-panel`
//! binary writes to `data/`.

mod allocate;
mod answers;
pub mod codebook;
mod profile;
mod questionnaire;

use std::path::Path;

use peiling_engine::Codebook;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::questionnaire::{Block, AGE, BLOCKS, EDUCATION, EMPLOYER, FUNCTION, MUNICIPALITY_SIZE};

/// The number of respondents in the consultation.
pub const RESPONDENTS: usize = 1601;
/// The generator's seed. Changing it changes every row but no published figure.
pub const SEED: u64 = 20_251_601;
/// The data file written into the output folder.
pub const CSV_FILE: &str = "vakmanschap.csv";
/// The codebook file written next to it.
pub const CODEBOOK_FILE: &str = "vakmanschap.codebook.json";

/// The generated dataset: the CSV's bytes and the codebook that describes them.
#[derive(Debug, Clone)]
pub struct Panel {
    pub csv: Vec<u8>,
    pub codebook: Codebook,
}

/// The questionnaire's targets leave no whole counts that round to them (a mistake in the
/// tables, never in the data), or the CSV could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infeasible {
    what: String,
}

impl Infeasible {
    fn new(what: impl Into<String>) -> Self {
        Infeasible { what: what.into() }
    }
}

impl std::fmt::Display for Infeasible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: no whole counts of {RESPONDENTS} respondents round to the target percentages; \
             check that they sum to 100 in src/questionnaire.rs",
            self.what
        )
    }
}

impl std::error::Error for Infeasible {}

/// A generator for one part of the data: the same seed, its own stream, so that changing one
/// question's targets leaves every other column as it was.
fn stream(number: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    rng.set_stream(number);
    rng
}

/// Generates the panel.
pub fn generate() -> Result<Panel, Infeasible> {
    let people = profile::draw(RESPONDENTS, &mut stream(0))?;

    let mut header: Vec<&str> = vec![
        codebook::ID_COLUMN,
        AGE.id,
        EDUCATION.id,
        EMPLOYER.id,
        MUNICIPALITY_SIZE.id,
        FUNCTION.id,
    ];
    let mut columns: Vec<Vec<&'static str>> = vec![
        people.iter().map(|p| AGE.choices[p.age].label.nl).collect(),
        people
            .iter()
            .map(|p| EDUCATION.choices[p.education].label.nl)
            .collect(),
        people
            .iter()
            .map(|p| EMPLOYER.choices[p.employer].label.nl)
            .collect(),
        people
            .iter()
            .map(|p| {
                p.municipality_size
                    .map_or("", |s| MUNICIPALITY_SIZE.choices[s].label.nl)
            })
            .collect(),
        people
            .iter()
            .map(|p| FUNCTION.choices[p.function].label.nl)
            .collect(),
    ];
    for (number, block) in (1..).zip(&BLOCKS) {
        let rng = &mut stream(number);
        match block {
            Block::Grid(grid) => {
                header.extend(grid.statements.iter().map(|s| s.column));
                columns.extend(answers::grid(grid, &people, rng)?);
            }
            Block::MultiSelect(question) => {
                header.extend(question.options.iter().map(|o| o.column));
                columns.extend(
                    answers::multi_select(question, &people, rng)?
                        .into_iter()
                        .map(|ticked| {
                            ticked
                                .into_iter()
                                .map(|t| if t { codebook::TICKED } else { "" })
                                .collect()
                        }),
                );
            }
        }
    }

    let mut writer = csv::Writer::from_writer(Vec::new());
    let written = (|| {
        writer.write_record(&header)?;
        for r in 0..RESPONDENTS {
            let id = (r + 1).to_string();
            writer.write_record(
                std::iter::once(id.as_str()).chain(columns.iter().map(|column| column[r])),
            )?;
        }
        writer.flush()
    })();
    written.map_err(|e| Infeasible::new(format!("writing the CSV: {e}")))?;
    let csv = writer
        .into_inner()
        .map_err(|e| Infeasible::new(format!("writing the CSV: {e}")))?;
    Ok(Panel {
        csv,
        codebook: codebook::codebook(),
    })
}

impl Panel {
    /// The codebook as written to [`CODEBOOK_FILE`]: pretty JSON ending in a newline.
    pub fn codebook_json(&self) -> String {
        let mut json = self.codebook.to_json();
        json.push('\n');
        json
    }

    /// Writes [`CSV_FILE`] and [`CODEBOOK_FILE`] into `dir`.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(CSV_FILE), &self.csv)?;
        std::fs::write(dir.join(CODEBOOK_FILE), self.codebook_json())
    }
}
