//! A survey's respondent-level data as a CSV file with the codebook that reads it, to host
//! beside Peiling so that an embedded chart can read what only this tab holds (a comparison
//! of two files: both sides in one file, with the column that says which side).
//!
//! What stays true: the file reads back, through the codebook written with it, as the same
//! survey — every cell as it stands, except text that a spreadsheet could run (see
//! [`super::formula`]), which is written with its `'` and named in the codebook as another
//! value of the same answer; numbers are never changed.

use crate::codebook::Codebook;
use crate::export::csv::write_record;
use crate::export::formula::{is_formula_like, neutralise};
use crate::survey::Survey;

/// The survey's cells as CSV (RFC 4180, UTF-8 with a byte-order mark), one column per column
/// of the data, empty cells empty.
pub fn data_csv(survey: &Survey) -> Vec<u8> {
    let mut out = super::csv::BOM.as_bytes().to_vec();
    let data = &survey.data;
    write_record(&mut out, data.columns.iter().map(|c| cell(&c.name)), b',');
    for row in 0..data.rows {
        write_record(
            &mut out,
            data.columns
                .iter()
                .map(|c| c.cell(row).map_or(String::new(), cell)),
            b',',
        );
    }
    out
}

/// A cell as written: a number as it stands, other text neutralised.
fn cell(text: &str) -> String {
    if crate::format::parse_f64(text.trim()).is_some() {
        text.to_string()
    } else {
        neutralise(text)
    }
}

/// The codebook that reads [`data_csv`]'s file: the survey's, with each neutralised value
/// named as another value of its answer.
pub fn data_codebook(survey: &Survey) -> Codebook {
    let mut codebook = survey.codebook.clone();
    for q in &mut codebook.questions {
        for c in &mut q.categories {
            let written = cell(&c.value);
            if written != c.value && is_formula_like(&c.value) {
                c.aliases.push(written);
            }
        }
    }
    codebook
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::{Category, Item, Question, QuestionKind, Text};
    use crate::dataset::{ColumnBuilder, Dataset};

    #[test]
    fn a_formula_like_answer_is_written_with_its_apostrophe_and_still_read_as_itself() {
        let values = ["-10 tot 0", "=1+1", "-99", "Eens"];
        let mut column = ColumnBuilder::new("q");
        for v in values.iter().chain(&values[..2]) {
            column.push(v);
        }
        let item = Item::new("q", "q", Text::default());
        let mut question =
            Question::new("q", Text::new("q"), QuestionKind::SingleChoice, vec![item]);
        question.categories = values.iter().map(|v| Category::new(*v)).collect();
        let survey = Survey::new(
            Dataset::from_builders(vec![column]),
            Codebook::new(vec![question]),
        );
        let bytes = data_csv(&survey);
        let text = String::from_utf8(bytes.clone()).unwrap();
        // OWASP's prefix on the text that a spreadsheet would run; the number as it stands.
        assert!(
            text.contains("'-10 tot 0") && text.contains("'=1+1"),
            "{text}"
        );
        assert!(text.contains("\n-99\n"), "{text}");
        let import = crate::read::read(&bytes, "q.csv", &Default::default()).unwrap();
        let back = Survey::new(import.dataset, data_codebook(&survey));
        let count = |s: &Survey| {
            let v = s.variable("q", 0).unwrap();
            let mut counts = vec![0; 4];
            for row in 0..s.rows() {
                counts[v.get(row) as usize] += 1;
            }
            counts
        };
        assert_eq!(count(&back), vec![2, 2, 1, 1]);
        assert_eq!(count(&back), count(&survey));
    }
}
