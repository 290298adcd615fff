//! The header conventions of survey tools: how many header rows a file has and what each
//! column's header says (export code, question text, sub-item or option).
//!
//! Recognition only looks at the first three rows. What stays true: every column gets a
//! [`ColumnMeta`] with a non-empty, unique `name` (the dataset's column name), and the
//! header pieces are taken from the file without rewording.

use super::{ColumnMeta, Layout, Warning};

/// The rows a layout needs to be recognised (Qualtrics has three header rows).
pub(crate) const HEAD_ROWS: usize = 3;

/// Which tool wrote the file, and how many rows at its top are headers.
pub(crate) fn detect(head: &[Vec<String>]) -> (Layout, usize) {
    let Some(first) = head.first() else {
        return (Layout::Plain, 1);
    };
    let names: Vec<String> = first.iter().map(|h| h.trim().to_lowercase()).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let row_has = |row: usize, pred: &dyn Fn(&str) -> bool| {
        head.get(row)
            .is_some_and(|r| r.iter().any(|c| pred(c.trim())))
    };
    if row_has(2, &|c| c.starts_with("{\"ImportId\"")) {
        return (Layout::Qualtrics, 3);
    }
    if (has("responseid") || has("responseid")) && row_has(1, &|c| c == "Response ID") {
        return (Layout::Qualtrics, 2);
    }
    if has("respondent id") && row_has(1, &|c| c == "Response" || c == "Open-Ended Response") {
        return (Layout::SurveyMonkey, 2);
    }
    if has("id")
        && (has("submitdate") || has("lastpage") || has("startlanguage") || has("date submitted"))
    {
        return (Layout::LimeSurvey, 1);
    }
    if (has("start time") || has("begintijd"))
        && (has("completion time") || has("tijd van voltooien") || has("voltooiingstijd"))
    {
        return (Layout::MicrosoftForms, 1);
    }
    if matches!(
        names.first().map(String::as_str),
        Some("timestamp" | "tijdstempel" | "zeitstempel" | "horodateur")
    ) {
        return (Layout::GoogleForms, 1);
    }
    (Layout::Plain, 1)
}

/// The columns' metadata from the header rows of `layout`. `width` is the number of columns.
pub(crate) fn columns(
    layout: Layout,
    header: &[Vec<String>],
    width: usize,
    warnings: &mut Vec<Warning>,
) -> Vec<ColumnMeta> {
    let cell = |row: usize, col: usize| -> &str {
        header
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |c| c.trim())
    };
    let mut metas = Vec::with_capacity(width);
    let mut filled_question = String::new();
    for col in 0..width {
        let meta = match layout {
            Layout::Qualtrics => {
                let code = cell(0, col);
                let (question, sub) = split_dash(&strip_selected_choice(cell(1, col)));
                let import_id = serde_json::from_str::<serde_json::Value>(cell(2, col))
                    .ok()
                    .and_then(|v| v.get("ImportId")?.as_str().map(str::to_owned));
                ColumnMeta {
                    name: code.to_owned(),
                    code: (!code.is_empty()).then(|| code.to_owned()),
                    question: if question.is_empty() {
                        code.to_owned()
                    } else {
                        question
                    },
                    sub,
                    import_id,
                    ..ColumnMeta::default()
                }
            }
            Layout::SurveyMonkey => {
                if !cell(0, col).is_empty() {
                    filled_question = cell(0, col).to_owned();
                }
                let sub = match cell(1, col) {
                    "" | "Response" | "Open-Ended Response" => None,
                    s => Some(s.to_owned()),
                };
                let name = match &sub {
                    Some(s) => format!("{filled_question} - {s}"),
                    None => filled_question.clone(),
                };
                ColumnMeta {
                    name,
                    question: filled_question.clone(),
                    sub,
                    ..ColumnMeta::default()
                }
            }
            _ => {
                let header = cell(0, col);
                let parts = split_header(header);
                ColumnMeta {
                    name: header.to_owned(),
                    code: parts.code,
                    question: parts.question,
                    sub: parts.sub,
                    ..ColumnMeta::default()
                }
            }
        };
        metas.push(meta);
    }
    make_names_unique(&mut metas, warnings);
    metas
}

/// Gives unnamed columns a name ("Column 7") and numbers repeated names ("Q1 (2)").
pub(crate) fn make_names_unique(metas: &mut [ColumnMeta], warnings: &mut Vec<Warning>) {
    let mut seen = rustc_hash::FxHashSet::default();
    for (i, meta) in metas.iter_mut().enumerate() {
        if meta.name.is_empty() {
            meta.name = format!("Column {}", i + 1);
            meta.unnamed = true;
        }
        if !seen.insert(meta.name.clone()) {
            let mut n = 2;
            let name = loop {
                let candidate = format!("{} ({n})", meta.name);
                if !seen.contains(&candidate) {
                    break candidate;
                }
                n += 1;
            };
            warnings.push(Warning {
                line: Some(1),
                column: Some(i + 1),
                message: format!(
                    "the header '{}' appears more than once; this column is called '{name}'",
                    meta.name
                ),
            });
            seen.insert(name.clone());
            meta.name = name;
        }
    }
}

/// The pieces of a one-row header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderParts {
    /// The export code when the header is one (`Q5_1`, `G01Q02[SQ001]`).
    pub code: Option<String>,
    /// The question (or the code's stem when there is no text).
    pub question: String,
    /// The sub-item or option.
    pub sub: Option<String>,
}

/// Splits a header into question and sub-item, recognising `CODE[SUB]`, `Text [Sub]`,
/// `Q5_1` and `Question - Option`.
pub fn split_header(header: &str) -> HeaderParts {
    let header = header.trim();
    if let Some((stem, sub)) = code_stem(header) {
        return HeaderParts {
            code: Some(header.to_owned()),
            question: stem.to_owned(),
            sub: Some(sub.to_owned()),
        };
    }
    if let Some(body) = header.strip_suffix(']') {
        if let Some((text, sub)) = body.rsplit_once(" [") {
            if !text.trim().is_empty() && !sub.trim().is_empty() {
                return HeaderParts {
                    code: None,
                    question: text.trim().to_owned(),
                    sub: Some(sub.trim().to_owned()),
                };
            }
        }
    }
    let (question, sub) = split_dash(header);
    HeaderParts {
        code: None,
        question,
        sub,
    }
}

/// The stem and sub-code of an export code: `G01Q02[SQ001]` → (`G01Q02`, `SQ001`),
/// `Q5_1` → (`Q5`, `1`), `Q5_4_TEXT` → (`Q5_4`, `TEXT`). Codes have no spaces.
pub fn code_stem(code: &str) -> Option<(&str, &str)> {
    if code.is_empty() || code.contains(char::is_whitespace) {
        return None;
    }
    let is_word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    };
    if let Some(body) = code.strip_suffix(']') {
        let (stem, sub) = body.split_once('[')?;
        return (is_word(stem) && is_word(sub)).then_some((stem, sub));
    }
    let (stem, sub) = code.rsplit_once('_')?;
    let stem_ends_in_digit = stem.chars().last().is_some_and(|c| c.is_ascii_digit());
    let starts_with_letter = stem.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    (stem_ends_in_digit
        && starts_with_letter
        && is_word(stem)
        && sub.chars().all(|c| c.is_ascii_alphanumeric())
        && !sub.is_empty())
    .then_some((stem, sub))
}

/// `Question - Option` at the first ` - `.
fn split_dash(text: &str) -> (String, Option<String>) {
    match text.split_once(" - ") {
        Some((q, s)) if !q.trim().is_empty() && !s.trim().is_empty() => {
            (q.trim().to_owned(), Some(s.trim().to_owned()))
        }
        _ => (text.trim().to_owned(), None),
    }
}

/// Qualtrics writes "Question - Selected Choice - Option"; the middle part says nothing.
fn strip_selected_choice(text: &str) -> String {
    text.replacen(" - Selected Choice", "", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_into_stem_and_sub_but_names_do_not() {
        assert_eq!(code_stem("G01Q02[SQ001]"), Some(("G01Q02", "SQ001")));
        assert_eq!(code_stem("Q3[other]"), Some(("Q3", "other")));
        assert_eq!(code_stem("Q5_1"), Some(("Q5", "1")));
        assert_eq!(code_stem("Q5_4_TEXT"), Some(("Q5_4", "TEXT")));
        assert_eq!(code_stem("start_date"), None);
        assert_eq!(code_stem("Q5 [a]"), None);
    }

    #[test]
    fn full_text_headers_split_at_the_bracket_or_the_dash() {
        let p = split_header("Hoe tevreden bent u over [Salaris]");
        assert_eq!(p.question, "Hoe tevreden bent u over");
        assert_eq!(p.sub.as_deref(), Some("Salaris"));
        let p = split_header("Which fruit do you eat - Apple");
        assert_eq!(
            (p.question.as_str(), p.sub.as_deref()),
            ("Which fruit do you eat", Some("Apple"))
        );
        assert_eq!(split_header("Leeftijd").sub, None);
    }
}
