//! "Zelf afnemen" (run it yourself): a survey's questionnaire as files an organisation uses
//! to field the same questions again — a printable, accessible HTML questionnaire per
//! language ([`questionnaire`]), an answer template (XLSX and CSV) with the codebook JSON
//! that reads it ([`answers`]), and a LimeSurvey survey structure ([`limesurvey`]).
//!
//! Everything starts from a [`Codebook`], any codebook — the bundled survey's or an uploaded
//! one — so that next year's wave starts from this year's survey.
//!
//! What stays true:
//! - The answer template's columns are exactly the codebook's data columns, once each, in the
//!   codebook's order ([`columns`]); the codebook written with it ([`fielding_codebook`]) is
//!   the survey's own, so a filled template read with it gives the same questions, kinds,
//!   items and categories (only a weight column, which no respondent fills in, is left out).
//! - The questionnaire, the template's explanation and the LimeSurvey file ask the same
//!   questions in the same order ([`sections`]): every question that owns a column, with its
//!   exact wording and answer options; identifiers (respondent numbers, timestamps) and
//!   questions derived from another question's column (e.g. age groups from age) are not
//!   asked.
//! - Text from the codebook is text in every file: escaped in HTML and XML
//!   ([`crate::chart::svg::escape`]), neutralised in spreadsheets ([`crate::export::formula`]).

pub mod answers;
pub mod limesurvey;
pub mod questionnaire;

use crate::codebook::{Codebook, Item, Lang, Question, QuestionKind, Text};
use crate::export::context::slug;

/// One data column of the survey: its name and the question and item that own it.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub name: &'a str,
    pub question: &'a Question,
    pub item: &'a Item,
}

/// Every data column of `codebook`, once, in the codebook's order, with the first question
/// that reads it (a derived question, such as age groups read from the age column, owns
/// nothing). The weight column is not among them unless a question reads it.
pub fn columns(codebook: &Codebook) -> Vec<Column<'_>> {
    let mut out: Vec<Column<'_>> = Vec::new();
    for question in &codebook.questions {
        for item in &question.items {
            if !out.iter().any(|c| c.name == item.column) {
                out.push(Column {
                    name: &item.column,
                    question,
                    item,
                });
            }
        }
    }
    out
}

/// A question as it is asked: its number in the questionnaire and the items it asks.
#[derive(Debug, Clone)]
pub struct Asked<'a> {
    /// 1-based, across the whole questionnaire.
    pub number: usize,
    pub question: &'a Question,
    /// The items whose columns this question owns (see [`columns`]), in the codebook's order.
    pub items: Vec<&'a Item>,
}

/// A part of the questionnaire: the codebook's section (or, for questions without a known
/// section, a closing part titled "Overige vragen") and its questions.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    /// The section's id (`""` for the closing part).
    pub id: &'a str,
    pub title: Text,
    pub questions: Vec<Asked<'a>>,
}

/// Whether `question` is asked of respondents: not an identifier or metadata column.
fn is_asked(question: &Question) -> bool {
    question.kind != QuestionKind::Identifier
}

/// The questionnaire: the codebook's sections in order, each with the asked questions that
/// own a column, numbered in the order they appear; questions without a known section come
/// last. Sections without asked questions are left out.
pub fn sections(codebook: &Codebook) -> Vec<Part<'_>> {
    let owned = columns(codebook);
    let owned_items = |q: &Question| -> Vec<&Item> {
        owned
            .iter()
            .filter(|c| std::ptr::eq(c.question, q))
            .map(|c| c.item)
            .collect::<Vec<_>>()
    };
    let known = |id: &Option<String>| {
        id.as_deref()
            .is_some_and(|id| codebook.sections.iter().any(|s| s.id == id))
    };
    let mut parts: Vec<Part<'_>> = codebook
        .sections
        .iter()
        .map(|s| Part {
            id: &s.id,
            title: s.title.clone(),
            questions: Vec::new(),
        })
        .collect();
    let mut rest = Part {
        id: "",
        title: Text::with_en("Overige vragen", "Other questions"),
        questions: Vec::new(),
    };
    for question in codebook.questions.iter().filter(|q| is_asked(q)) {
        let items = owned_items(question);
        if items.is_empty() {
            continue;
        }
        let asked = Asked {
            number: 0,
            question,
            items,
        };
        match &question.section {
            section if known(section) => {
                let id = section.as_deref().unwrap_or_default();
                if let Some(part) = parts.iter_mut().find(|p| p.id == id) {
                    part.questions.push(asked);
                }
            }
            _ => rest.questions.push(asked),
        }
    }
    parts.push(rest);
    parts.retain(|p| !p.questions.is_empty());
    let mut number = 0;
    for asked in parts.iter_mut().flat_map(|p| p.questions.iter_mut()) {
        number += 1;
        asked.number = number;
    }
    parts
}

/// The codebook that reads a filled template: the survey's own, without a weight column (the
/// template has none; weights are made after fieldwork).
pub fn fielding_codebook(codebook: &Codebook) -> Codebook {
    Codebook {
        weight: None,
        ..codebook.clone()
    }
}

/// The longest survey name in a file name (the rest of the title is cut at a word).
const MAX_TITLE_STEM: usize = 48;

/// The files "Zelf afnemen" offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFile {
    /// The questionnaire as HTML, in one language.
    Questionnaire(Lang),
    /// The answer template as an Excel workbook.
    AnswersXlsx,
    /// The answer template as CSV.
    AnswersCsv,
    /// The codebook JSON that reads the filled template.
    Codebook,
    /// LimeSurvey's survey structure (`.lss`).
    LimeSurvey,
}

impl TemplateFile {
    /// Every file, in the order the dialog offers them.
    pub const ALL: [TemplateFile; 6] = [
        TemplateFile::Questionnaire(Lang::Nl),
        TemplateFile::Questionnaire(Lang::En),
        TemplateFile::AnswersXlsx,
        TemplateFile::AnswersCsv,
        TemplateFile::Codebook,
        TemplateFile::LimeSurvey,
    ];

    /// A short key (`html-nl`, `xlsx`, …): the page's message to the worker and test ids.
    pub fn key(self) -> &'static str {
        match self {
            TemplateFile::Questionnaire(Lang::Nl) => "html-nl",
            TemplateFile::Questionnaire(Lang::En) => "html-en",
            TemplateFile::AnswersXlsx => "xlsx",
            TemplateFile::AnswersCsv => "csv",
            TemplateFile::Codebook => "json",
            TemplateFile::LimeSurvey => "lss",
        }
    }

    /// The file for `key`, if it names one.
    pub fn from_key(key: &str) -> Option<TemplateFile> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The file's media type.
    pub fn mime(self) -> &'static str {
        match self {
            TemplateFile::Questionnaire(_) => "text/html;charset=utf-8",
            TemplateFile::AnswersXlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            TemplateFile::AnswersCsv => "text/csv;charset=utf-8",
            TemplateFile::Codebook => "application/json",
            TemplateFile::LimeSurvey => "application/xml",
        }
    }

    /// The file's name: `peiling-vragenlijst-<survey>-nl.html`, `…-antwoorden.xlsx`,
    /// `…-antwoorden.csv`, `…-codeboek.json`, `…-limesurvey.lss` (only `a-z`, `0-9`, `-`).
    pub fn file_name(self, codebook: &Codebook) -> String {
        let mut title = slug(&codebook.title.nl);
        if title.len() > MAX_TITLE_STEM {
            let cut = title[..MAX_TITLE_STEM].rfind('-').unwrap_or(MAX_TITLE_STEM);
            title.truncate(cut);
        }
        let stem = if title.is_empty() {
            "peiling-vragenlijst".to_string()
        } else {
            format!("peiling-vragenlijst-{title}")
        };
        let tail = match self {
            TemplateFile::Questionnaire(Lang::Nl) => "nl.html",
            TemplateFile::Questionnaire(Lang::En) => "en.html",
            TemplateFile::AnswersXlsx => "antwoorden.xlsx",
            TemplateFile::AnswersCsv => "antwoorden.csv",
            TemplateFile::Codebook => "codeboek.json",
            TemplateFile::LimeSurvey => "limesurvey.lss",
        };
        format!("{stem}-{tail}")
    }

    /// The file's bytes for `codebook`; `lang` is the language of the template's explanation
    /// (the questionnaire has its own). `Err` says in words why it could not be written.
    pub fn write(self, codebook: &Codebook, lang: Lang) -> Result<Vec<u8>, String> {
        match self {
            TemplateFile::Questionnaire(in_lang) => {
                Ok(questionnaire::to_html(codebook, in_lang).into_bytes())
            }
            TemplateFile::AnswersCsv => Ok(answers::to_csv(codebook, lang)),
            TemplateFile::Codebook => Ok(fielding_codebook(codebook).to_json().into_bytes()),
            TemplateFile::LimeSurvey => Ok(limesurvey::to_lss(codebook).into_bytes()),
            #[cfg(feature = "workbook")]
            TemplateFile::AnswersXlsx => answers::to_xlsx(codebook, lang)
                .map_err(|e| format!("the answer template could not be written: {e}")),
            #[cfg(not(feature = "workbook"))]
            TemplateFile::AnswersXlsx => Err("this build writes no workbooks".into()),
        }
    }
}

/// The file named `key` ([`TemplateFile::key`]) for the codebook in `codebook_json`, as the
/// page asks the reader worker for it (the page's wasm has no JSON parser and no writers);
/// `Err` says in words what went wrong.
pub fn write_from_json(codebook_json: &str, key: &str, lang: Lang) -> Result<Vec<u8>, String> {
    let file = TemplateFile::from_key(key).ok_or_else(|| format!("no such file: {key}"))?;
    let codebook = Codebook::from_json(codebook_json).map_err(|e| e.to_string())?;
    file.write(&codebook, lang)
}

/// How a question is answered, in words for the template's explanation and the
/// questionnaire's hints.
pub(crate) fn how_to_answer(question: &Question) -> Text {
    match question.kind {
        QuestionKind::SingleChoice | QuestionKind::Likert => {
            Text::with_en("Kies één antwoord.", "Choose one answer.")
        }
        QuestionKind::Grid => Text::with_en(
            "Kies bij elke stelling één antwoord.",
            "Choose one answer for each statement.",
        ),
        QuestionKind::MultiSelect => Text::with_en(
            "Kies alle antwoorden die van toepassing zijn.",
            "Choose all answers that apply.",
        ),
        QuestionKind::Numeric => Text::with_en("Vul een getal in.", "Enter a number."),
        QuestionKind::OpenText => {
            Text::with_en("Schrijf uw antwoord op.", "Write down your answer.")
        }
        QuestionKind::Identifier => Text::with_en(
            "Een nummer of code per respondent (niet verplicht).",
            "A number or code per respondent (optional).",
        ),
    }
}

/// "Alleen voor: Werkzaam bij een gemeente" when the question is asked of some respondents.
pub(crate) fn asked_of_line(question: &Question, lang: Lang) -> Option<String> {
    question.asked_of.as_ref().map(|of| match lang {
        Lang::Nl => format!("Alleen voor: {}", of.get(lang)),
        Lang::En => format!("Only for: {}", of.get(lang)),
    })
}

/// The value a template cell holds when a multi-select option is chosen.
pub(crate) fn chosen_value(question: &Question) -> &str {
    question.chosen.first().map_or("1", String::as_str)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The bundled survey's codebook (data/vakmanschap.codebook.json, written by hand from the
    /// published questionnaire; see data/README.md).
    pub fn bundled() -> Codebook {
        Codebook::from_json(include_str!("../../../../data/vakmanschap.codebook.json"))
            .expect("the bundled codebook reads")
    }

    /// The header of data/vakmanschap.csv, the bundled data file.
    pub fn bundled_header() -> Vec<String> {
        let csv = include_str!("../../../../data/vakmanschap.csv");
        let line = csv.lines().next().expect("a header line");
        line.trim_start_matches('\u{feff}')
            .split(',')
            .map(str::to_string)
            .collect()
    }

    /// `n` respondents' answers to every column of `codebook`, made by a rule (respondent
    /// `r`, column `c`: the category `(r + c) mod k`; a multi-select option chosen when
    /// `(r + c) mod 3 = 0`; the municipality size only for municipal employees), so that the
    /// counts are known by counting these cells.
    pub fn filled_rows(codebook: &Codebook, n: usize) -> Vec<Vec<String>> {
        let cols = columns(codebook);
        (0..n)
            .map(|r| {
                let mut row: Vec<String> = cols
                    .iter()
                    .enumerate()
                    .map(|(c, col)| match answers::allowed(col) {
                        _ if col.question.kind == QuestionKind::Identifier => (r + 1).to_string(),
                        Some(values) if col.question.kind == QuestionKind::MultiSelect => {
                            if (r + c) % 3 == 0 {
                                values[0].clone()
                            } else {
                                String::new()
                            }
                        }
                        Some(values) => values[(r + c) % values.len()].clone(),
                        None => String::new(),
                    })
                    .collect();
                let at = |name: &str| cols.iter().position(|c| c.name == name);
                if let (Some(employer), Some(size)) = (at("werkgever"), at("gemeentegrootte")) {
                    if row[employer] != "Gemeente" {
                        row[size].clear();
                    }
                }
                row
            })
            .collect()
    }

    /// Reads `bytes` as Peiling reads an upload, applies the fielding codebook as the upload's
    /// review does, and checks that the questions are the survey's own and that every
    /// category and option counts what `rows` hold.
    pub fn assert_reads_back(bytes: &[u8], name: &str, codebook: &Codebook, rows: &[Vec<String>]) {
        let import = crate::read::read(bytes, name, &crate::read::ReadOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        if let crate::read::Format::Xlsx { sheet } = &import.source.format {
            assert!(
                ["Antwoorden", "Answers"].contains(&sheet.as_str()),
                "{sheet}"
            );
        }
        let header: Vec<&str> = import
            .dataset
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let cols = columns(codebook);
        assert_eq!(
            header,
            cols.iter().map(|c| c.name).collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(import.dataset.rows, rows.len(), "{name}");
        let fielding = fielding_codebook(codebook);
        let (applied, mismatches) = crate::infer::apply(&fielding, &import);
        assert!(mismatches.is_empty(), "{name}: {mismatches:?}");
        assert_eq!(
            applied.questions, codebook.questions,
            "{name}: the survey's own questions"
        );
        let survey = crate::Survey::new(import.dataset, applied);
        for question in codebook
            .questions
            .iter()
            .filter(|q| q.kind.is_categorical())
        {
            for (i, item) in question.items.iter().enumerate() {
                let c = cols.iter().position(|c| c.name == item.column).unwrap();
                let variable = survey.variable(&question.id, i).unwrap();
                for (k, category) in question.categories.iter().enumerate() {
                    let written = rows
                        .iter()
                        .filter(|row| {
                            row[c] == category.value || category.aliases.contains(&row[c])
                        })
                        .count();
                    let counted = (0..rows.len())
                        .filter(|&r| variable.get(r) == k as u16)
                        .count();
                    assert_eq!(
                        counted, written,
                        "{name}: {} {} {}",
                        question.id, item.column, category.value
                    );
                }
            }
        }
        for question in codebook
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::MultiSelect)
        {
            for (i, item) in question.items.iter().enumerate() {
                let c = cols.iter().position(|c| c.name == item.column).unwrap();
                let variable = survey.variable(&question.id, i).unwrap();
                let written = rows.iter().filter(|row| !row[c].is_empty()).count();
                let counted = (0..rows.len()).filter(|&r| variable.get(r) == 1).count();
                assert_eq!(counted, written, "{name}: {}", item.column);
            }
        }
    }

    #[test]
    fn the_columns_are_the_data_files_columns_once_each() {
        let cb = bundled();
        let names: Vec<&str> = columns(&cb).iter().map(|c| c.name).collect();
        assert_eq!(names, bundled_header());
        // `generatie` reads `leeftijd`, which `leeftijd` owns.
        let age = columns(&cb)
            .into_iter()
            .find(|c| c.name == "leeftijd")
            .unwrap();
        assert_eq!(age.question.id, "leeftijd");
    }

    #[test]
    fn the_questionnaire_asks_every_owning_question_in_sections_and_numbers_them() {
        let cb = bundled();
        let parts = sections(&cb);
        let ids: Vec<&str> = parts
            .iter()
            .flat_map(|p| p.questions.iter().map(|a| a.question.id.as_str()))
            .collect();
        // By hand from the codebook: every question but the respondent number (an
        // identifier) and the generation (derived from the age column).
        assert_eq!(
            ids,
            [
                "leeftijd",
                "opleiding",
                "werkgever",
                "gemeentegrootte",
                "functie",
                "stellingen",
                "competenties",
                "maatschappij",
                "organisatie",
                "eigen_organisatie"
            ]
        );
        let numbers: Vec<usize> = parts
            .iter()
            .flat_map(|p| p.questions.iter().map(|a| a.number))
            .collect();
        assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
        assert_eq!(parts.len(), 6, "the six sections of the codebook");
    }

    #[test]
    fn questions_without_a_section_come_last_under_their_own_heading() {
        let mut cb = bundled();
        cb.questions[1].section = None; // leeftijd
        cb.questions[4].section = Some("nergens".into()); // werkgever
        let parts = sections(&cb);
        let last = parts.last().unwrap();
        assert_eq!(last.title.nl, "Overige vragen");
        let ids: Vec<&str> = last
            .questions
            .iter()
            .map(|a| a.question.id.as_str())
            .collect();
        assert_eq!(ids, ["leeftijd", "werkgever"]);
        assert_eq!(last.questions.last().unwrap().number, 10);
    }

    #[test]
    fn file_names_follow_the_survey_title() {
        let cb = bundled();
        assert_eq!(
            TemplateFile::Questionnaire(Lang::Nl).file_name(&cb),
            "peiling-vragenlijst-ambtelijk-vakmanschap-onder-druk-nl.html"
        );
        assert_eq!(
            TemplateFile::LimeSurvey.file_name(&cb),
            "peiling-vragenlijst-ambtelijk-vakmanschap-onder-druk-limesurvey.lss"
        );
        let mut long = cb.clone();
        long.title =
            Text::new("Een heel lange titel van een peiling die maar doorgaat en doorgaat");
        assert_eq!(
            TemplateFile::Codebook.file_name(&long),
            "peiling-vragenlijst-een-heel-lange-titel-van-een-peiling-die-maar-codeboek.json"
        );
        long.title = Text::default();
        assert_eq!(
            TemplateFile::AnswersCsv.file_name(&long),
            "peiling-vragenlijst-antwoorden.csv"
        );
        for file in TemplateFile::ALL {
            assert_eq!(TemplateFile::from_key(file.key()), Some(file));
        }
    }

    #[test]
    fn the_worker_writes_every_file_from_the_pages_json_and_refuses_nonsense_in_words() {
        let json = bundled().to_json();
        for file in TemplateFile::ALL {
            let bytes = write_from_json(&json, file.key(), Lang::Nl).unwrap();
            assert!(!bytes.is_empty(), "{file:?}");
        }
        // The codebook file is the codebook, read back the same.
        let written = write_from_json(&json, "json", Lang::En).unwrap();
        let back = Codebook::from_json(std::str::from_utf8(&written).unwrap()).unwrap();
        assert_eq!(back, bundled());
        assert!(write_from_json(&json, "pdf", Lang::Nl)
            .unwrap_err()
            .contains("pdf"));
        assert!(write_from_json("{}", "csv", Lang::Nl).is_err());
    }

    #[test]
    fn the_fielding_codebook_is_the_surveys_own_without_a_weight() {
        let mut cb = bundled();
        cb.weight = Some("gewicht".into());
        let fielding = fielding_codebook(&cb);
        assert_eq!(fielding.weight, None);
        assert_eq!(fielding.questions, cb.questions);
        assert_eq!(fielding.sections, cb.sections);
    }
}
