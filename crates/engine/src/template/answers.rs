//! The answer template: one row per respondent, one column per data column of the survey
//! ([`super::columns`]), as CSV and as an Excel workbook; read with the codebook JSON
//! ([`super::fielding_codebook`]) it gives the survey's own questions.
//!
//! The workbook (feature `workbook`, written with `rust_xlsxwriter` in the reader worker) has
//! three sheets: "Antwoorden" (the header row, frozen, and a drop-down of the allowed answers
//! under every column that has them), "Uitleg" (how to fill it in) and "Codeboek" (column →
//! question → statement or option → how to answer → the allowed answers, one per cell; the
//! drop-downs read their lists from there, so no list is limited to Excel's 255 characters).
//!
//! What stays true: the answer sheet's header is exactly the column names and nothing else is
//! written on it, so an empty or half-filled template reads as a table of those columns; the
//! workbook names the answer columns [`ANSWERS_NAME`](crate::read::ANSWERS_NAME), so Peiling's reader takes that sheet
//! even when the codebook sheet holds more cells; the drop-downs offer exactly the values the
//! codebook reads (a category's `value`, a chosen option's value); every text cell is a string
//! (never a formula) and text that looks like one carries Excel's quote prefix
//! ([`crate::export::formula`]); the CSV holds only the header (a byte-order mark first, `;`
//! between fields for the Dutch page as Dutch Excel expects, `,` for the English one).

#[cfg(feature = "workbook")]
use crate::codebook::Text;
use crate::codebook::{Codebook, Lang, QuestionKind};
use crate::export::csv::{Dialect, BOM};
use crate::export::formula::neutralise;

use super::{chosen_value, columns, Column};

/// The CSV dialect of the template for a page in `lang`.
fn dialect(lang: Lang) -> Dialect {
    match lang {
        Lang::Nl => Dialect::ExcelNl,
        Lang::En => Dialect::International,
    }
}

/// The answer template as CSV: a byte-order mark and the header row.
pub fn to_csv(codebook: &Codebook, lang: Lang) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(dialect(lang).delimiter())
        .from_writer(BOM.as_bytes().to_vec());
    let header: Vec<String> = columns(codebook)
        .iter()
        .map(|c| neutralise(c.name))
        .collect();
    // Writing into a Vec cannot fail.
    let _ = writer.write_record(&header);
    writer.into_inner().unwrap_or_default()
}

/// The values a column's cells may hold, when they are a fixed list: a category question's
/// values, or a multi-select option's "chosen" value. `None` for numbers, text, identifiers,
/// an "Other" text column and a multi-select held in one cell.
pub fn allowed(column: &Column<'_>) -> Option<Vec<String>> {
    let q = column.question;
    match q.kind {
        QuestionKind::SingleChoice | QuestionKind::Likert | QuestionKind::Grid => Some(
            q.categories
                .iter()
                .filter(|c| !c.missing)
                .map(|c| c.value.clone())
                .collect(),
        ),
        QuestionKind::MultiSelect if q.delimiter.is_none() && !column.item.other => {
            Some(vec![chosen_value(q).to_string()])
        }
        _ => None,
    }
}

/// How to fill in a column, in words.
#[cfg(feature = "workbook")]
fn how(column: &Column<'_>, lang: Lang) -> String {
    let q = column.question;
    let text = match q.kind {
        QuestionKind::SingleChoice | QuestionKind::Likert | QuestionKind::Grid => {
            Text::with_en("Eén antwoord uit de lijst.", "One answer from the list.")
        }
        QuestionKind::MultiSelect if column.item.other => Text::with_en(
            "De tekst die de respondent bij deze optie schreef (leeg: niet gekozen).",
            "The text the respondent wrote for this option (empty: not chosen).",
        ),
        QuestionKind::MultiSelect => match &q.delimiter {
            Some(d) => Text::with_en(
                format!("De gekozen opties, gescheiden door ‘{d}’."),
                format!("The chosen options, separated by ‘{d}’."),
            ),
            None => {
                let v = chosen_value(q);
                Text::with_en(
                    format!("{v} als deze optie gekozen is, anders leeg."),
                    format!("{v} if this option was chosen, otherwise empty."),
                )
            }
        },
        _ => super::how_to_answer(q),
    };
    let mut line = text.get(lang).to_string();
    if let Some(of) = super::asked_of_line(q, lang) {
        line = format!("{of}. {line}");
    }
    line
}

/// The statement or option of a column ("" for a one-column question).
#[cfg(feature = "workbook")]
fn item_text(column: &Column<'_>, lang: Lang) -> String {
    let label = column.item.label.get(lang);
    match &column.item.note {
        Some(note) if !label.is_empty() => format!("{label} ({})", note.get(lang)),
        _ => label.to_string(),
    }
}

#[cfg(feature = "workbook")]
pub use writer::to_xlsx;

#[cfg(feature = "workbook")]
mod writer {
    use rust_xlsxwriter::{
        DataValidation, DataValidationErrorStyle, Format, Formula, Workbook, Worksheet, XlsxError,
    };

    use super::{allowed, how, item_text};
    use crate::codebook::{Codebook, Lang, Text};
    use crate::export::formula::is_formula_like;
    use crate::read::ANSWERS_NAME;
    use crate::template::{columns, TemplateFile};

    /// Rows of the answer sheet under the header that carry the drop-downs.
    pub(crate) const ROWS: u32 = 10_000;
    /// The first column of the allowed answers on the codebook sheet (E).
    const FIRST_ANSWER: u16 = 4;

    /// Excel's limits on a data validation's texts.
    const MAX_INPUT_TITLE: usize = 32;
    const MAX_INPUT_MESSAGE: usize = 255;

    fn cut(text: &str, max: usize) -> String {
        if text.chars().count() <= max {
            return text.to_string();
        }
        let kept: String = text.chars().take(max - 1).collect();
        format!("{kept}…")
    }

    fn sheet_names(lang: Lang) -> (&'static str, &'static str, &'static str) {
        match lang {
            Lang::Nl => ("Antwoorden", "Uitleg", "Codeboek"),
            Lang::En => ("Answers", "How to fill in", "Codebook"),
        }
    }

    /// A string cell; text that begins like a formula keeps Excel's quote prefix.
    fn text(
        sheet: &mut Worksheet,
        (row, col): (u32, u16),
        value: &str,
        format: &Format,
        quoted: &Format,
    ) -> Result<(), XlsxError> {
        let format = if is_formula_like(value) {
            quoted
        } else {
            format
        };
        sheet.write_string_with_format(row, col, value, format)?;
        Ok(())
    }

    /// A cell reference's column letters (0 → A, 26 → AA).
    fn letters(mut col: u16) -> String {
        let mut out = Vec::new();
        loop {
            out.push(b'A' + (col % 26) as u8);
            if col < 26 {
                break;
            }
            col = col / 26 - 1;
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }

    /// A sheet name as a formula refers to it.
    fn quoted_sheet(name: &str) -> String {
        format!("'{}'", name.replace('\'', "''"))
    }

    fn explanation(codebook: &Codebook, lang: Lang) -> Vec<String> {
        let (answers, _, codebook_sheet) = sheet_names(lang);
        let title = codebook.title.get(lang);
        let json = TemplateFile::Codebook.file_name(codebook);
        let lines = [
            Text::with_en(
                format!("Dit sjabloon hoort bij de vragenlijst ‘{title}’."),
                format!("This template belongs to the questionnaire ‘{title}’."),
            ),
            Text::with_en(
                format!("Vul op het blad ‘{answers}’ één rij per respondent in, vanaf rij 2. Laat de eerste rij staan zoals hij is: Peiling herkent de vragen aan die kolomnamen."),
                format!("On the sheet ‘{answers}’, fill in one row per respondent, from row 2. Leave the first row as it is: Peiling recognises the questions by those column names."),
            ),
            Text::with_en(
                format!("Kies in een cel het antwoord uit de keuzelijst. Welke antwoorden bij welke kolom horen, staat op het blad ‘{codebook_sheet}’, met de vraag en de stelling of optie erbij."),
                format!("In a cell, choose the answer from the drop-down list. Which answers belong to which column is on the sheet ‘{codebook_sheet}’, with the question and the statement or option."),
            ),
            Text::with_en(
                "Vragen waarbij meer antwoorden mogen (aankruisvragen) hebben één kolom per optie: zet er 1 in als de respondent die optie koos en laat de cel leeg als dat niet zo is.",
                "Questions that allow more than one answer have one column per option: put 1 in it if the respondent chose that option, and leave the cell empty if not.",
            ),
            Text::with_en(
                "Een lege cel betekent: geen antwoord. Getallen vult u in als getal, open antwoorden als tekst.",
                "An empty cell means: no answer. Enter numbers as numbers and open answers as text.",
            ),
            Text::with_en(
                format!("Klaar? Open Peiling, kies ‘Eigen bestand’ en kies dit bestand (of een CSV-bestand met dezelfde kolommen), en daarna bij het codeboek het bestand {json}. Het bestand wordt op uw eigen computer gelezen en nergens naartoe gestuurd."),
                format!("Done? Open Peiling, choose ‘Your own file’ and choose this file (or a CSV file with the same columns), then, for the codebook, the file {json}. The file is read on your own computer and sent nowhere."),
            ),
            Text::with_en(
                "Zet geen namen, e-mailadressen of andere persoonsgegevens in dit bestand.",
                "Do not put names, e-mail addresses or other personal data in this file.",
            ),
        ];
        lines.iter().map(|t| t.get(lang).to_string()).collect()
    }

    /// The workbook, with `rows` filled in under the header (the tests fill some; the
    /// download has none). Cells that read as numbers are written as numbers, as a
    /// spreadsheet program stores what a person types.
    pub(crate) fn workbook(
        codebook: &Codebook,
        lang: Lang,
        rows: &[Vec<String>],
    ) -> Result<Vec<u8>, XlsxError> {
        let columns = columns(codebook);
        let (answers_name, explain_name, codebook_name) = sheet_names(lang);
        let bold = Format::new().set_bold();
        let plain = Format::new();
        let quoted = Format::new().set_quote_prefix();
        let wrapped = Format::new()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        let mut book = Workbook::new();

        // The codebook sheet first in memory (the answers' drop-downs refer to its rows), but
        // it is the third tab.
        let mut answers = Worksheet::new();
        answers.set_name(answers_name)?;
        answers.set_active(true);
        let mut explain = Worksheet::new();
        explain.set_name(explain_name)?;
        let mut sheet = Worksheet::new();
        sheet.set_name(codebook_name)?;

        // Codebook: header, then one row per column (and, when an answer's label differs from
        // its value, a row of labels under it).
        let head = [
            Text::with_en("Kolom", "Column"),
            Text::with_en("Vraag", "Question"),
            Text::with_en("Stelling of optie", "Statement or option"),
            Text::with_en("Zo vult u het in", "How to fill it in"),
            Text::with_en("Toegestane antwoorden", "Allowed answers"),
        ];
        for (c, h) in head.iter().enumerate() {
            text(&mut sheet, (0, c as u16), h.get(lang), &bold, &quoted)?;
        }
        sheet.set_freeze_panes(1, 1)?;
        sheet.set_column_width(0, 18)?;
        sheet.set_column_width(1, 60)?;
        sheet.set_column_width(2, 40)?;
        sheet.set_column_width(3, 36)?;
        sheet.set_column_range_width(FIRST_ANSWER, FIRST_ANSWER + 12, 18)?;
        let meaning = Text::with_en("Betekenis", "Meaning");
        // Answers (or their labels) in one row, one per cell from column E on.
        let answer_row = |sheet: &mut Worksheet,
                          row: u32,
                          values: &mut dyn Iterator<Item = &str>|
         -> Result<(), XlsxError> {
            for (i, v) in values.enumerate() {
                text(sheet, (row, FIRST_ANSWER + i as u16), v, &plain, &quoted)?;
            }
            Ok(())
        };
        let mut row = 1u32;
        let mut lists: Vec<Option<(u32, usize)>> = Vec::new();
        for column in &columns {
            text(&mut sheet, (row, 0), column.name, &plain, &quoted)?;
            text(
                &mut sheet,
                (row, 1),
                column.question.text.get(lang),
                &wrapped,
                &quoted,
            )?;
            text(
                &mut sheet,
                (row, 2),
                &item_text(column, lang),
                &wrapped,
                &quoted,
            )?;
            text(&mut sheet, (row, 3), &how(column, lang), &wrapped, &quoted)?;
            let values = allowed(column);
            if let Some(values) = &values {
                answer_row(&mut sheet, row, &mut values.iter().map(String::as_str))?;
            }
            lists.push(values.as_ref().map(|v| (row, v.len())));
            row += 1;
            let labels: Vec<&str> = column
                .question
                .categories
                .iter()
                .filter(|c| !c.missing)
                .map(|c| c.label.get(lang))
                .collect();
            let differs = values.is_some()
                && column
                    .question
                    .categories
                    .iter()
                    .filter(|c| !c.missing)
                    .any(|c| c.label.get(lang) != c.value);
            if differs {
                text(&mut sheet, (row, 3), meaning.get(lang), &plain, &quoted)?;
                answer_row(&mut sheet, row, &mut labels.into_iter())?;
                row += 1;
            }
        }

        // Answers: the header, frozen; a drop-down (or an input message) under each column.
        let error_title = Text::with_en("Geen toegestaan antwoord", "Not an allowed answer");
        let error_message = Text::with_en(
            format!("Kies een antwoord uit de lijst. De toegestane antwoorden staan op het blad ‘{codebook_name}’."),
            format!("Choose an answer from the list. The allowed answers are on the sheet ‘{codebook_name}’."),
        );
        for (c, (column, list)) in columns.iter().zip(&lists).enumerate() {
            let c = c as u16;
            text(&mut answers, (0, c), column.name, &bold, &quoted)?;
            answers.set_column_width(c, (column.name.chars().count() as f64 + 3.0).max(14.0))?;
            let mut message = column.question.text.get(lang).to_string();
            let item = item_text(column, lang);
            if !item.is_empty() {
                message = format!("{message} — {item}");
            }
            message = format!("{message}\n{}", how(column, lang));
            let validation = match list {
                Some((at, n)) if *n > 0 => {
                    let first = letters(FIRST_ANSWER);
                    let last = letters(FIRST_ANSWER + *n as u16 - 1);
                    let r = at + 1;
                    let formula =
                        format!("={}!${first}${r}:${last}${r}", quoted_sheet(codebook_name));
                    DataValidation::new()
                        .allow_list_formula(Formula::new(formula))
                        .set_error_style(DataValidationErrorStyle::Stop)
                        .set_error_title(cut(error_title.get(lang), MAX_INPUT_TITLE))?
                        .set_error_message(cut(error_message.get(lang), MAX_INPUT_MESSAGE))?
                }
                _ => DataValidation::new().allow_any_value(),
            };
            let validation = validation
                .set_input_title(cut(column.name, MAX_INPUT_TITLE))?
                .set_input_message(cut(&message, MAX_INPUT_MESSAGE))?;
            answers.add_data_validation(1, c, ROWS, c, &validation)?;
        }
        answers.set_freeze_panes(1, 0)?;
        for (r, values) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, value) in values.iter().enumerate().take(columns.len()) {
                if value.is_empty() {
                    continue;
                }
                match crate::format::parse_f64(value) {
                    Some(number) if number.is_finite() => {
                        answers.write_number(r, c as u16, number)?;
                    }
                    _ => text(&mut answers, (r, c as u16), value, &plain, &quoted)?,
                }
            }
        }
        if !columns.is_empty() {
            let last = letters(columns.len() as u16 - 1);
            let range = format!("={}!$A:${last}", quoted_sheet(answers_name));
            book.define_name(ANSWERS_NAME, &range)?;
        }

        // How to fill it in.
        explain.set_column_width(0, 110)?;
        let title = Text::with_en(
            "Zo vult u het antwoordensjabloon in",
            "How to fill in the answer template",
        );
        let title_format = Format::new().set_bold().set_font_size(14);
        text(
            &mut explain,
            (0, 0),
            title.get(lang),
            &title_format,
            &quoted,
        )?;
        for (r, line) in (2u32..).zip(explanation(codebook, lang)) {
            text(&mut explain, (r, 0), &line, &wrapped, &quoted)?;
        }

        book.push_worksheet(answers);
        book.push_worksheet(explain);
        book.push_worksheet(sheet);
        book.save_to_buffer()
    }

    /// The answer template as an Excel workbook (empty under its header).
    pub fn to_xlsx(codebook: &Codebook, lang: Lang) -> Result<Vec<u8>, XlsxError> {
        workbook(codebook, lang, &[])
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn column_letters_are_excels() {
            // By hand: A…Z, then AA…AZ, BA …
            assert_eq!(letters(0), "A");
            assert_eq!(letters(25), "Z");
            assert_eq!(letters(26), "AA");
            assert_eq!(letters(43), "AR");
            assert_eq!(letters(52), "BA");
            assert_eq!(letters(701), "ZZ");
            assert_eq!(letters(702), "AAA");
        }

        fn filled_cells(bytes: &[u8], sheet: &str) -> usize {
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> =
                calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
            let range = book.worksheet_range(sheet).unwrap();
            range
                .used_cells()
                .filter(|(_, _, v)| !matches!(v, calamine::Data::Empty))
                .count()
        }

        #[test]
        fn a_filled_workbook_reads_back_as_the_survey_with_the_counts_written() {
            let cb = crate::template::tests::bundled();
            let rows = crate::template::tests::filled_rows(&cb, 5);
            let bytes = workbook(&cb, Lang::Nl, &rows).unwrap();
            // Without the defined name the codebook sheet would be read: it holds more cells
            // than five respondents' answers (counted here with calamine directly).
            assert!(filled_cells(&bytes, "Codeboek") > filled_cells(&bytes, "Antwoorden"));
            crate::template::tests::assert_reads_back(&bytes, "sjabloon.xlsx", &cb, &rows);
        }

        #[test]
        fn an_empty_workbook_reads_as_its_columns_from_the_answer_sheet() {
            let cb = crate::template::tests::bundled();
            for lang in [Lang::Nl, Lang::En] {
                let bytes = to_xlsx(&cb, lang).unwrap();
                crate::template::tests::assert_reads_back(&bytes, "leeg.xlsx", &cb, &[]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::tests::{bundled, bundled_header};

    #[test]
    fn the_csv_template_is_the_header_of_the_data_file() {
        let cb = bundled();
        let nl = to_csv(&cb, Lang::Nl);
        let text = String::from_utf8(nl).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(
            text.trim_start_matches('\u{feff}').trim_end(),
            bundled_header().join(";")
        );
        let en = String::from_utf8(to_csv(&cb, Lang::En)).unwrap();
        assert_eq!(
            en.trim_start_matches('\u{feff}').trim_end(),
            bundled_header().join(",")
        );
    }

    #[test]
    fn a_filled_csv_template_reads_back_as_the_survey_with_the_counts_written() {
        let cb = bundled();
        let rows = crate::template::tests::filled_rows(&cb, 7);
        for lang in [Lang::Nl, Lang::En] {
            let mut bytes = to_csv(&cb, lang);
            let mut writer = ::csv::WriterBuilder::new()
                .delimiter(dialect(lang).delimiter())
                .from_writer(Vec::new());
            for row in &rows {
                writer.write_record(row).unwrap();
            }
            bytes.extend(writer.into_inner().unwrap());
            crate::template::tests::assert_reads_back(&bytes, "sjabloon.csv", &cb, &rows);
        }
    }

    #[test]
    fn allowed_answers_are_what_the_codebook_reads() {
        let cb = bundled();
        let cols = columns(&cb);
        let find = |name: &str| cols.iter().find(|c| c.name == name).unwrap();
        assert_eq!(allowed(find("respondent_id")), None);
        assert_eq!(
            allowed(find("stelling_3")).unwrap(),
            [
                "Zeer mee oneens",
                "Mee oneens",
                "Neutraal",
                "Mee eens",
                "Zeer mee eens",
                "Geen mening"
            ]
        );
        // The bundled multi-selects mark a chosen option with 1 (`chosen: ["1"]`).
        assert_eq!(allowed(find("maatschappij_4")).unwrap(), ["1"]);
        assert_eq!(
            allowed(find("leeftijd")).unwrap().len(),
            7,
            "age, not the generation"
        );
    }
}
