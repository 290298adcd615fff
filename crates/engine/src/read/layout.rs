//! The header conventions of survey tools: how many header rows a file has and what each
//! column's header says (export code, question text, sub-item or option).
//!
//! Recognition only looks at the first three rows. What stays true: every column gets a
//! [`ColumnMeta`] with a non-empty, unique `name` (the dataset's column name), and the
//! header pieces are taken from the file without rewording.

use super::{ColumnMeta, Layout, Warning};

/// The rows a layout needs to be recognised (Qualtrics has three header rows).
pub(crate) const HEAD_ROWS: usize = 3;

/// Which tool wrote the file, and how many rows at its top are headers — recognised by
/// evidence (the metadata columns each tool writes, in any interface language, and the shape
/// of the rows under the first), not by one exact header name.
pub(crate) fn detect(head: &[Vec<String>]) -> (Layout, usize) {
    let Some(first) = head.first() else {
        return (Layout::Plain, 1);
    };
    // LimeSurvey's "code. text" headings are recognised by their text.
    let coded = coded_headings(first);
    let names: Vec<String> = first
        .iter()
        .map(|h| match code_and_text(h).filter(|_| coded) {
            Some((_, text)) => key(text),
            None => key(h),
        })
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let has_any = |list: &[&str]| list.iter().any(|n| has(n));
    let row = |r: usize| head.get(r).map(Vec::as_slice).unwrap_or(&[]);
    let row_has = |r: usize, pred: &dyn Fn(&str) -> bool| row(r).iter().any(|c| pred(c.trim()));

    // Qualtrics: a third header row of ImportIds (current export), or a second row naming the
    // response id under `V1…` codes or under `ResponseId` (legacy export).
    if row_has(2, &|c| {
        c.starts_with("{\"ImportId\"") || c.starts_with("{'ImportId'")
    }) {
        return (Layout::Qualtrics, 3);
    }
    let v_codes = names.iter().take(5).filter(|n| is_v_code(n)).count();
    if row_has(1, &|c| {
        matches!(key(c).as_str(), "responseid" | "response id")
    }) && (v_codes >= 3 || has("responseid"))
    {
        return (Layout::Qualtrics, 2);
    }
    // The same with the second row in the interface's language ("ID di risposta",
    // "Antwort-ID"), without the ImportId row (an XLSX export, or a CSV cut down in Excel):
    // Qualtrics writes the first row's column names in English whatever the language, and the
    // second row holds no response id under `ResponseId`.
    if let Some(id) = names.iter().position(|n| n == "responseid") {
        let second = row(1).get(id).map_or("", |c| c.trim());
        if has_any(&[
            "startdate",
            "enddate",
            "recordeddate",
            "distributionchannel",
        ]) && !second.is_empty()
            && !is_qualtrics_response_id(second)
        {
            return (Layout::Qualtrics, 2);
        }
    }

    // SurveyMonkey: its metadata columns; a second header row holds "Response",
    // "Open-Ended Response" or the options — the respondent id is empty there.
    let monkey_id = names.iter().position(|n| {
        matches!(
            n.as_str(),
            "respondentid" | "respondent id" | "collectorid" | "collector id"
        )
    });
    let monkey_dates = has_any(&["startdate", "start date"]) && has_any(&["enddate", "end date"]);
    let artefacts = row(1).iter().filter(|c| is_header_artefact(c)).count();
    if artefacts >= 2 && !row(1).iter().any(|c| c.trim().parse::<f64>().is_ok()) {
        // "Response" under most questions: SurveyMonkey's second header row, even where the
        // file was cut down to its question columns.
        return (Layout::SurveyMonkey, 2);
    }
    if monkey_id.is_some() || (monkey_dates && has_any(&["ip address", "email address"])) {
        let artefact = artefacts > 0;
        let id_empty = monkey_id.is_some_and(|i| row(1).get(i).is_none_or(|c| c.trim().is_empty()))
            && row(1).iter().any(|c| !c.trim().is_empty());
        let header_rows = if artefact || id_empty { 2 } else { 1 };
        if monkey_id.is_some() || header_rows == 2 {
            return (Layout::SurveyMonkey, header_rows);
        }
    }

    // LimeSurvey: a response id and the metadata it writes, in the interface's language.
    let lime_id = names.first().is_some_and(|n| LIME_ID.contains(&n.as_str()));
    let lime_evidence = names
        .iter()
        .filter(|n| LIME_META.contains(&n.as_str()))
        .count();
    let lime_codes = first
        .iter()
        .filter(|h| {
            is_lime_code(h.trim())
                || (coded && code_and_text(h).is_some_and(|(c, _)| is_lime_code(c)))
        })
        .count();
    if (lime_id && (lime_evidence >= 1 || lime_codes >= 2)) || lime_evidence >= 2 {
        return (Layout::LimeSurvey, 1);
    }

    if has_any(&[
        "start time",
        "begintijd",
        "startzeit",
        "heure de début",
        "hora de inicio",
    ]) && has_any(&[
        "completion time",
        "tijd van voltooien",
        "voltooiingstijd",
        "fertigstellungszeit",
        "heure de fin",
        "hora de finalización",
    ]) {
        return (Layout::MicrosoftForms, 1);
    }
    if names
        .first()
        .is_some_and(|n| FORMS_TIMESTAMP.contains(&n.as_str()))
    {
        return (Layout::GoogleForms, 1);
    }
    if is_question_and_option_rows(row(0), row(1)) {
        return (Layout::TwoHeaderRows, 2);
    }
    (Layout::Plain, 1)
}

/// A header compared: trimmed, lower case, markup removed.
fn key(header: &str) -> String {
    clean_markup(header).to_lowercase()
}

/// The response id LimeSurvey writes first, in its interface languages.
const LIME_ID: &[&str] = &[
    "id",
    "response id",
    "antwort id",
    "antwort-id",
    "id de réponse",
    "id de la réponse",
    "antwoord id",
    "antwoord-id",
    "respons id",
    "id de respuesta",
    "id risposta",
    "id da resposta",
    "id odpowiedzi",
];

/// The metadata columns LimeSurvey writes after the id (codes and full texts).
const LIME_META: &[&str] = &[
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "datestamp",
    "ipaddr",
    "refurl",
    "date submitted",
    "last page",
    "start language",
    "date started",
    "date last action",
    "referrer url",
    "datum abgeschickt",
    "letzte seite",
    "start-sprache",
    "startsprache",
    "zufallsstartwert",
    "zufallsgeneratorstartwert",
    "datum gestartet",
    "datum letzte aktivität",
    "weiterleitungs-url",
    "date de soumission",
    "dernière page",
    "langue de départ",
    "date de début",
    "datum verstuurd",
    "datum verzonden",
    "laatste pagina",
    "starttaal",
    "begin taal",
    "datum gestart",
    "startdatum",
    "datum laatste actie",
    "ip-adres",
    "verwijzer-url",
    "fecha de envío",
    "última página",
    "idioma inicial",
    "data di invio",
    "ultima pagina",
    "lingua di partenza",
];

/// Whether a header (in lower case) is a response id or metadata column that LimeSurvey or
/// Google Forms writes, in any of their interface languages, or one of the metadata headings
/// that ArcGIS Survey123 and Typeform write in every language (their own names, never a
/// question's).
pub(crate) fn is_tool_metadata(name: &str) -> bool {
    LIME_ID.contains(&name)
        || LIME_META.contains(&name)
        || FORMS_TIMESTAMP.contains(&name)
        || SURVEY123_META.contains(&name)
        || TYPEFORM_META.contains(&name)
        || LIME_TIMINGS.contains(&name)
        || LIME_TIMING_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The fields ArcGIS gives every record of a Survey123 layer, in any form language (the
/// Spanish exports keep them): these are its own names, never a question's.
const SURVEY123_META: &[&str] = &["objectid", "globalid", "creationdate", "editdate"];
/// The fields that are Survey123's metadata only beside `ObjectID` and `GlobalID`: the
/// accounts that made and last edited the record, and its point's coordinates.
const SURVEY123_WITH_IDS: &[&str] = &["creator", "editor", "x", "y"];

/// Typeform's metadata headings (English whatever the form's language), after the answers.
const TYPEFORM_META: &[&str] = &[
    "start date (utc)",
    "stage date (utc)",
    "submit date (utc)",
    "network id",
];
/// Typeform's headings that are its metadata only beside the ones above: the response token
/// first, the response's kind, tags and the ending shown.
const TYPEFORM_WITH_DATES: &[&str] = &["#", "response type", "tags", "ending"];

/// Which of a file's headings (in lower case) are a tool's record metadata by the company
/// they keep: Survey123's `Creator`, `Editor`, `x` and `y` in a file with `ObjectID` and
/// `GlobalID`, Typeform's `#`, `Tags` … in a file with its `(UTC)` dates or `Network ID`.
fn metadata_by_company(names: &[String]) -> Vec<bool> {
    let has = |n: &str| names.iter().any(|h| h == n);
    let survey123 = has("objectid") && has("globalid");
    let typeform = TYPEFORM_META.iter().any(|n| has(n));
    names
        .iter()
        .map(|n| {
            is_tool_metadata(n)
                || survey123 && SURVEY123_WITH_IDS.contains(&n.as_str())
                || typeform && TYPEFORM_WITH_DATES.contains(&n.as_str())
        })
        .collect()
}

/// LimeSurvey's timing columns in a full-text export: the whole interview, then one per group
/// ("Group time: Welcome!") and per question ("Question time: G1Q00001"), in English, German
/// and Dutch (LimeSurvey 2.x wrote both "Vraag tijd: " and "Vraagtijd: ").
const LIME_TIMINGS: &[&str] = &["total time", "gesamtzeit", "totaaltijd"];
const LIME_TIMING_PREFIXES: &[&str] = &[
    "group time: ",
    "question time: ",
    "gruppenzeit: ",
    "fragenzeit: ",
    "groep tijd: ",
    "vraag tijd: ",
    "vraagtijd: ",
];

/// The first column of a Google Forms responses sheet, in its languages.
const FORMS_TIMESTAMP: &[&str] = &[
    "timestamp",
    "tijdstempel",
    "zeitstempel",
    "horodateur",
    "marca temporal",
    "carimbo de data/hora",
    "informazioni cronologiche",
    "sygnatura czasowa",
    "tidsstempel",
    "tidstämpel",
    "aikaleima",
    "časová značka",
    "zaman damgası",
    "отметка времени",
    "stempel waktu",
    "dấu thời gian",
    "时间戳记",
    "時間戳記",
    "タイムスタンプ",
    "타임스탬프",
];

/// A LimeSurvey question code with a sub-question: `G01Q02[SQ001]`, `Q3[other]`.
fn is_lime_code(header: &str) -> bool {
    header.ends_with(']') && code_stem(header).is_some()
}

/// Words a survey tool writes in its second header row over a one-column question: never an
/// answer.
pub(crate) fn is_header_artefact(cell: &str) -> bool {
    matches!(
        cell.trim(),
        "Response" | "Open-Ended Response" | "Responses" | "Open-ended response"
    )
}

/// Whether a header cell asks a question (ends in a question mark).
fn asks(cell: &str) -> bool {
    let cell = cell.trim_end();
    cell.ends_with('?') || cell.ends_with('？')
}

/// SurveyMonkey's word over a column of typed answers.
fn is_open_ended(cell: &str) -> bool {
    cell.trim().eq_ignore_ascii_case("Open-Ended Response")
}

/// A question row over an option row, as people make it by re-saving an export with merged
/// question cells: the first row leaves cells empty to the right of a question, the second
/// names an option (text, not a number) in every one of them and under the question itself.
fn is_question_and_option_rows(first: &[String], second: &[String]) -> bool {
    let filled = |r: &[String], i: usize| r.get(i).is_some_and(|c| !c.trim().is_empty());
    let mut continued = 0;
    for i in 1..first.len().max(second.len()) {
        if filled(first, i) {
            continue;
        }
        // An empty header cell: a continuation only if a question stands to its left.
        if !(0..i).any(|j| filled(first, j)) {
            return false;
        }
        let Some(option) = second.get(i).map(|c| c.trim()).filter(|c| !c.is_empty()) else {
            return false;
        };
        if option.parse::<f64>().is_ok() {
            return false;
        }
        continued += 1;
    }
    if continued < 2 {
        return false;
    }
    // The first column of every block names its option too.
    (1..first.len()).all(|i| filled(first, i) || !filled(first, i - 1) || filled(second, i - 1))
}

/// The columns' metadata from the header rows of `layout`. `width` is the number of columns.
pub(crate) fn columns(
    layout: Layout,
    header: &[Vec<String>],
    width: usize,
    warnings: &mut Vec<Warning>,
) -> Vec<ColumnMeta> {
    let cells: Vec<Vec<String>> = header
        .iter()
        .map(|r| r.iter().map(|c| clean_markup(c)).collect())
        .collect();
    let cell = |row: usize, col: usize| -> &str {
        cells
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |c| c.as_str())
    };
    let mut metas = Vec::with_capacity(width);
    let mut filled_question = String::new();
    let coded = header.first().is_some_and(|first| coded_headings(first));
    // A SurveyMonkey file flattened to one header row reads like any other.
    let layout = match layout {
        Layout::SurveyMonkey | Layout::TwoHeaderRows if header.len() < 2 => Layout::Plain,
        layout => layout,
    };
    // A tool's metadata column, by its heading: in a question row made by hand the heading
    // stands in the option row, beside the last question's block.
    let two_rows = matches!(layout, Layout::SurveyMonkey | Layout::TwoHeaderRows);
    let metadata = metadata_by_company(
        &(0..width)
            .map(|col| match cell(0, col) {
                "" if two_rows => key(cell(1, col)),
                h => key(h),
            })
            .collect::<Vec<_>>(),
    );
    for (col, &is_metadata) in metadata.iter().enumerate() {
        let meta = match layout {
            Layout::Qualtrics => {
                // Legacy exports number their columns `V1…`; the second row names them.
                let code = match cell(0, col) {
                    v if is_v_code(v) && !cell(1, col).is_empty() => cell(1, col),
                    c => c,
                };
                let (question, sub) = split_dash(&strip_selected_choice(cell(1, col)));
                // 2016 exports wrote the ImportId as a Python dict, with single quotes.
                let import_id =
                    serde_json::from_str::<serde_json::Value>(&cell(2, col).replace('\'', "\""))
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
            Layout::SurveyMonkey | Layout::TwoHeaderRows => {
                // In a question row made by hand, a question standing alone is often written
                // only in the option row, beside a block: it asks, so it is no option of the
                // question to its left but a question of its own (and any block after it).
                let asks_alone = layout == Layout::TwoHeaderRows
                    && cell(0, col).is_empty()
                    && (asks(cell(1, col)) || is_metadata);
                if !cell(0, col).is_empty() {
                    filled_question = cell(0, col).to_owned();
                } else if asks_alone || filled_question.is_empty() {
                    // Left of every question (an id column) the option row names the column.
                    filled_question = cell(1, col).to_owned();
                }
                let sub = match cell(1, col) {
                    _ if asks_alone => None,
                    s if s == filled_question => None,
                    "" => None,
                    s if is_header_artefact(s) => None,
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
                    typed: is_open_ended(cell(1, col)),
                    ..ColumnMeta::default()
                }
            }
            _ => {
                // The name is the header as written; its question and sub-item are text.
                let name = header
                    .first()
                    .and_then(|r| r.get(col))
                    .map_or("", |c| c.trim());
                let parts = match code_and_text(cell(0, col)).filter(|_| coded) {
                    Some((code, text)) => coded_parts(code, text),
                    None => split_header(cell(0, col)),
                };
                ColumnMeta {
                    name: name.to_owned(),
                    code: parts.code,
                    question: parts.question,
                    sub: parts.sub,
                    ..ColumnMeta::default()
                }
            }
        };
        metas.push(ColumnMeta {
            metadata: is_metadata,
            ..meta
        });
    }
    read_excel_running_numbers(&mut metas);
    group_by_shared_prefix(&mut metas);
    split_select_multiple(&mut metas);
    if layout == Layout::Qualtrics {
        split_by_code_stem(&mut metas);
        split_at_shared_dash(&mut metas);
    }
    make_names_unique(&mut metas, warnings);
    metas
}

/// Excel makes an table's headings unique by appending a number to a heading that repeats
/// an earlier one (`Other`, then `Other2`; Typeform's option columns of a second question
/// `Knowledge about funding13` after the first's `Knowledge about funding`): where the heading
/// without its number (2 or more) stands earlier in the file, that is the column's text. The
/// name keeps the number, so that it stays unique.
fn read_excel_running_numbers(metas: &mut [ColumnMeta]) {
    for i in 1..metas.len() {
        let m = &metas[i];
        if m.code.is_some() || m.sub.is_some() {
            continue;
        }
        let heading = m.name.trim();
        let stem = heading.trim_end_matches(|c: char| c.is_ascii_digit());
        let number = &heading[stem.len()..];
        if stem.is_empty()
            || stem.ends_with(char::is_whitespace)
            || number.starts_with('0')
            || !number.parse::<u32>().is_ok_and(|n| n >= 2)
        {
            continue;
        }
        if metas[..i].iter().any(|e| e.name.trim() == stem) {
            metas[i].question = stem.to_owned();
        }
    }
}

/// The stem of a column's export code (`Q7` of `Q7_3`).
fn code_stem_of(m: &ColumnMeta) -> Option<String> {
    m.code
        .as_deref()
        .and_then(code_stem)
        .map(|(stem, _)| stem.to_owned())
}

/// How many bytes every one of `texts` begins with alike (whole characters).
pub(crate) fn shared_start<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    let mut texts = texts.into_iter();
    let Some(first) = texts.next() else {
        return 0;
    };
    texts.fold(first.len(), |common, text| {
        common.min(
            first
                .char_indices()
                .zip(text.chars())
                .find(|((_, a), b)| a != b)
                .map_or(first.len().min(text.len()), |((at, _), _)| at),
        )
    })
}

/// Qualtrics columns of one question (`Q2_1`, `Q2_2`, …) whose texts were written as
/// "Question-Option" (legacy exports, no spaces around the dash) or cut short: the text they
/// share up to a dash is the question, the rest of each is its option.
fn split_by_code_stem(metas: &mut [ColumnMeta]) {
    let stem_of = |m: &ColumnMeta| code_stem_of(m).filter(|_| m.sub.is_none());
    for_each_run(metas, stem_of, |run, _| {
        let first = run[0].question.clone();
        let common = shared_start(run.iter().map(|m| m.question.as_str()));
        let shared = &first[..common];
        if let Some(dash) = shared.rfind('-').filter(|&d| d > 0) {
            let question = first[..dash].trim().to_owned();
            for m in run {
                let sub = m.question[dash + 1..].trim().to_owned();
                if !sub.is_empty() && !question.is_empty() {
                    m.question = question.clone();
                    m.sub = Some(sub);
                }
            }
        }
    });
}

/// Qualtrics columns of one question (`Q7_1`, `Q7_2`, …) whose question text holds " - "
/// itself ("You indicated to use Tier 2 - UAntwerpen. Please rate … - The quality of user
/// support", the text piped in from an earlier answer): each was split at its first " - ", so
/// they share a cut question. The text they all share up to its last " - " is the question, the
/// rest of each its item. A statement that holds " - " ("Tier 2 - UAntwerpen") is no part of
/// what they share, so it stays whole.
fn split_at_shared_dash(metas: &mut [ColumnMeta]) {
    let stem_of = |m: &ColumnMeta| code_stem_of(m).filter(|_| m.sub.is_some());
    for_each_run(metas, stem_of, |run, _| {
        let whole: Vec<String> = run
            .iter()
            .map(|m| format!("{} - {}", m.question, m.sub.as_deref().unwrap_or_default()))
            .collect();
        let first = &whole[0];
        let common = shared_start(whole.iter().map(String::as_str));
        let Some(dash) = first[..common].rfind(" - ") else {
            return;
        };
        if dash <= run[0].question.len() {
            return;
        }
        let question = first[..dash].trim().to_owned();
        let subs: Vec<String> = whole
            .iter()
            .map(|t| t[dash + 3..].trim().to_owned())
            .collect();
        if subs.iter().any(String::is_empty) {
            return;
        }
        for (m, sub) in run.iter_mut().zip(subs) {
            m.question = question.clone();
            m.sub = Some(sub);
        }
    });
}

/// KoboToolbox's and ODK's "select_multiple": a column headed by the question (the chosen
/// options joined by spaces), then one column per option headed `question/option`. The option
/// columns become the question's options (an option may hold a `/` itself: "NGO/Civil
/// Society"), and the column before them its summary. Only where the part before the `/` is
/// exactly the header of the column before the run, so that "How did/will you …" stays whole.
fn split_select_multiple(metas: &mut [ColumnMeta]) {
    let mut i = 0;
    while i < metas.len() {
        let question = metas[i].name.clone();
        let option_of = |m: &ColumnMeta| {
            m.name
                .strip_prefix(question.as_str())
                .and_then(|rest| rest.strip_prefix('/'))
                .map(clean_markup)
                .filter(|option| !option.is_empty())
        };
        let text = clean_markup(&question);
        let mut end = i + 1;
        while !question.is_empty() && end < metas.len() {
            let Some(option) = option_of(&metas[end]) else {
                break;
            };
            let m = &mut metas[end];
            m.code = None;
            m.question = text.clone();
            m.sub = Some(option);
            end += 1;
        }
        if end > i + 1 {
            metas[i].summary = true;
        }
        i = end;
    }
}

/// Calls `apply` on every run of two or more neighbouring columns with the same `key`
/// (columns without one are in no run), with that key.
fn for_each_run<K: PartialEq>(
    metas: &mut [ColumnMeta],
    key: impl Fn(&ColumnMeta) -> Option<K>,
    mut apply: impl FnMut(&mut [ColumnMeta], &K),
) {
    let mut i = 0;
    while i < metas.len() {
        let Some(k) = key(&metas[i]) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < metas.len() && key(&metas[end]).as_ref() == Some(&k) {
            end += 1;
        }
        if end - i >= 2 {
            apply(&mut metas[i..end], &k);
        }
        i = end;
    }
}

/// Neighbouring one-column questions whose texts share a lead-in before `: ` ("How often do
/// you: Pray…", "How often do you: Tell…") are the rows of one matrix: the lead-in becomes
/// their question and the rest their sub-item. A lone "Gender: How do you identify?" stays
/// whole — only two or more neighbours make a matrix.
fn group_by_shared_prefix(metas: &mut [ColumnMeta]) {
    let prefix = |m: &ColumnMeta| -> Option<String> {
        if m.sub.is_some() || m.code.is_some() && m.question != m.name {
            return None;
        }
        let (lead, rest) = m.question.split_once(": ")?;
        (!lead.trim().is_empty() && !rest.trim().is_empty()).then(|| format!("{}:", lead.trim()))
    };
    for_each_run(metas, prefix, |run, lead| {
        for meta in run {
            let rest = meta
                .question
                .split_once(": ")
                .map_or("", |(_, rest)| rest)
                .trim()
                .to_owned();
            meta.question = lead.clone();
            meta.sub = Some(rest);
        }
    });
}

/// Gives unnamed columns a name ("Column 7") and numbers repeated names ("Q1 (2)").
pub(crate) fn make_names_unique(metas: &mut [ColumnMeta], warnings: &mut Vec<Warning>) {
    // The first few repeated headings each get a warning; the rest one between them (a
    // LimeSurvey survey that asks the same array after each of ten explanations repeats 62).
    const SAID_ONE_BY_ONE: usize = 3;
    let mut repeated = 0;
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
            repeated += 1;
            if repeated <= SAID_ONE_BY_ONE {
                warnings.push(Warning::new(
                    Some(1),
                    Some(i + 1),
                    format!(
                        "de kop '{}' komt meer dan eens voor; deze kolom heet '{name}'",
                        meta.name
                    ),
                    format!(
                        "the header '{}' appears more than once; this column is called '{name}'",
                        meta.name
                    ),
                ));
            }
            seen.insert(name.clone());
            meta.name = name;
        }
    }
    if repeated > SAID_ONE_BY_ONE {
        let more = repeated - SAID_ONE_BY_ONE;
        warnings.push(Warning::new(
            Some(1),
            None,
            format!(
                "nog {more} koppen komen meer dan eens voor; hun kolommen krijgen een nummer \
                 achter hun naam, zoals hierboven"
            ),
            format!(
                "{more} more headers appear more than once; their columns get a number after \
                 their name, as above"
            ),
        ));
    }
}

/// A LimeSurvey heading in its "question code & text" form: `G01Q02[SQ001]. Text [Option]`,
/// `submitdate. Date submitted` → (code, text). A question without text (a boilerplate or
/// equation left unworded) is written `G1Q00005. `: its code with an empty text.
fn code_and_text(header: &str) -> Option<(&str, &str)> {
    let header = header.trim();
    let (code, text) = match header.split_once(". ") {
        Some(parts) => parts,
        None => (header.strip_suffix('.')?, ""),
    };
    let (stem, sub) = match code.strip_suffix(']') {
        Some(body) => body.split_once('[')?,
        None => (code, ""),
    };
    let word = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let ok = code.len() <= 40
        && stem.starts_with(|c: char| c.is_ascii_alphabetic())
        && word(stem)
        && word(sub);
    ok.then(|| (code, text.trim()))
}

/// Whether most headings of a first row are "code. text".
fn coded_headings(first: &[String]) -> bool {
    let filled: Vec<&String> = first.iter().filter(|h| !h.trim().is_empty()).collect();
    let coded = filled.iter().filter(|h| code_and_text(h).is_some()).count();
    filled.len() >= 2 && coded * 2 >= filled.len()
}

/// The pieces of a "code. text" heading: the code's stem groups it; a trailing `[Option]` of
/// the text names its sub-item (else the code's own sub-code does).
fn coded_parts(code: &str, text: &str) -> HeaderParts {
    // A question without text is called by its code (its stem, for a sub-question).
    let text = match text {
        "" => code_stem(code).map_or(code, |(stem, _)| stem),
        _ => text,
    };
    let (question, sub_text) = match text.strip_suffix(']').and_then(|b| b.rsplit_once(" [")) {
        Some((q, sub)) if !q.trim().is_empty() && !sub.trim().is_empty() => {
            (q.trim().to_owned(), Some(sub.trim().to_owned()))
        }
        _ => (text.to_owned(), None),
    };
    match code_stem(code) {
        Some((_, part)) => HeaderParts {
            code: Some(code.to_owned()),
            question,
            sub: sub_text.or_else(|| Some(part.to_owned())),
        },
        None => HeaderParts {
            code: Some(code.to_owned()),
            question: text.to_owned(),
            sub: None,
        },
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
        // An empty `[]` is a sub-item all the same: LimeSurvey writes one for a sub-question
        // or option whose text was left empty.
        if let Some((text, sub)) = body.rsplit_once(" [") {
            if !text.trim().is_empty() {
                return HeaderParts {
                    code: None,
                    question: text.trim().to_owned(),
                    sub: Some(sub.trim().to_owned()),
                };
            }
        }
    }
    // LimeSurvey's heading of an array whose own text was left empty: ` [Statement]` (the
    // space before it trimmed above), often after a text display that says what to judge.
    if let Some(inner) = header.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        if !inner.trim().is_empty() && !inner.contains(['[', ']']) {
            return HeaderParts {
                code: None,
                question: String::new(),
                sub: Some(inner.trim().to_owned()),
            };
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
    // A column of a Qualtrics side-by-side question: `Q1#2_3`, statement 3 of its column 2
    // (the column's own stem `Q1#2`).
    let is_stem = |s: &str| match s.split_once('#') {
        Some((question, column)) => {
            is_word(question) && column.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        }
        None => is_word(s),
    };
    let stem_ends_in_digit = stem.chars().last().is_some_and(|c| c.is_ascii_digit());
    let starts_with_letter = stem.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    // The part is a number or an upper-case code (`Q5_1`, `Q5_4_TEXT`, `Q3_SQ001`); a word
    // (`q7_service`) names a variable of its own.
    let code_like =
        sub.chars().any(|c| c.is_ascii_digit()) || !sub.chars().any(|c| c.is_lowercase());
    (stem_ends_in_digit
        && starts_with_letter
        && is_stem(stem)
        && sub.chars().all(|c| c.is_ascii_alphanumeric())
        && !sub.is_empty()
        && code_like)
        .then_some((stem, sub))
}

/// A Qualtrics response id: `R_` and at least ten letters and digits (`R_8rZLLAWYa1syDkL`).
fn is_qualtrics_response_id(cell: &str) -> bool {
    cell.strip_prefix("R_")
        .is_some_and(|rest| rest.len() >= 10 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `V1`, `V12`: the column numbers of a legacy Qualtrics export (in either case).
fn is_v_code(code: &str) -> bool {
    code.len() > 1 && code.starts_with(['V', 'v']) && code[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A label as text: HTML tags removed (a `<br>` or block tag becomes a space), character
/// entities decoded, white space collapsed. Survey tools export question texts as the HTML
/// they were typed in.
pub fn clean_markup(text: &str) -> String {
    let text = text.trim();
    if !text.contains(['<', '&']) {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            // A tag: a letter or `/` after `<` and a closing `>`; anything else is text.
            let is_tag =
                rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
            match rest.find('>') {
                Some(end) if is_tag => {
                    out.push(' ');
                    rest = &rest[end + 1..];
                }
                _ => {
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else {
            match decode_entity(rest) {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A character entity at the start of `s` (`&amp;`, `&#39;`, `&#x2019;`) and its length.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    // Within the first characters (an entity is short); by character, not byte.
    let end = s
        .char_indices()
        .take(12)
        .find(|&(_, c)| c == ';')
        .map(|(i, _)| i)?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "euro" => '€',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "rsquo" => '’',
        "lsquo" => '‘',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
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
    fn markup_is_text_and_a_cut_entity_never_splits_a_character() {
        assert_eq!(
            clean_markup("Eten &amp; drinken<br>thuis"),
            "Eten & drinken thuis"
        );
        assert_eq!(clean_markup("<b>Vet</b> &#39;x&#39; &euro;5"), "Vet 'x' €5");
        assert_eq!(clean_markup("3 < 4 & 5"), "3 < 4 & 5");
        // A `&` followed by multi-byte letters and no `;` within reach (found by
        // read_props::arbitrary_bytes_never_panic_any_reader_nor_inference).
        assert_eq!(clean_markup("&éééééééé;"), "&éééééééé;");
    }

    #[test]
    fn a_question_in_the_option_row_of_a_hand_made_question_row_stands_alone() {
        // A Typeform export re-saved with a question row over its option row (the Cantera
        // user survey of tests/fixtures/real, corpus K): questions of one column are written
        // only in the option row, so they must not join the block to their left.
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let head = vec![
            row(&[
                "",
                "Which OS do you use?",
                "",
                "",
                "",
                "",
                "Which interface?",
                "",
            ]),
            row(&[
                "#",
                "macOS",
                "Windows 10",
                "What version do you use most often?",
                "How often do you use Python?",
                "Other",
                "Python",
                "MATLAB",
            ]),
        ];
        assert_eq!(detect(&head), (Layout::TwoHeaderRows, 2));
        let metas = columns(Layout::TwoHeaderRows, &head, 8, &mut Vec::new());
        let read: Vec<(&str, Option<&str>, &str)> = metas
            .iter()
            .map(|m| (m.question.as_str(), m.sub.as_deref(), m.name.as_str()))
            .collect();
        let python = "How often do you use Python?";
        assert_eq!(
            read,
            [
                ("#", None, "#"),
                (
                    "Which OS do you use?",
                    Some("macOS"),
                    "Which OS do you use? - macOS"
                ),
                (
                    "Which OS do you use?",
                    Some("Windows 10"),
                    "Which OS do you use? - Windows 10"
                ),
                (
                    "What version do you use most often?",
                    None,
                    "What version do you use most often?"
                ),
                (python, None, python),
                (
                    python,
                    Some("Other"),
                    "How often do you use Python? - Other"
                ),
                (
                    "Which interface?",
                    Some("Python"),
                    "Which interface? - Python"
                ),
                (
                    "Which interface?",
                    Some("MATLAB"),
                    "Which interface? - MATLAB"
                ),
            ]
        );
        // In SurveyMonkey's own two rows the option row never asks: its options stay options.
        let metas = columns(Layout::SurveyMonkey, &head, 8, &mut Vec::new());
        assert_eq!(metas[3].question, "Which OS do you use?");
        assert_eq!(
            metas[3].sub.as_deref(),
            Some("What version do you use most often?")
        );
    }

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
    fn a_limesurvey_heading_without_question_text_is_its_code() {
        // LimeSurvey writes "code. text"; with no text the heading is "G1Q00005. " (the
        // musicality survey of tests/fixtures/real, corpus E).
        let head = vec![vec![
            "id. Response ID".to_owned(),
            "submitdate. Date submitted".to_owned(),
            "G1Q00004. Do you speak English? ".to_owned(),
            "G1Q00005. ".to_owned(),
            "G3Q00001[SQ002]. The child... [can sing]".to_owned(),
        ]];
        let (layout, rows) = detect(&head);
        assert_eq!((layout, rows), (Layout::LimeSurvey, 1));
        let metas = columns(layout, &head, 5, &mut Vec::new());
        let m = &metas[3];
        assert_eq!(
            (m.code.as_deref(), m.question.as_str(), m.sub.as_deref()),
            (Some("G1Q00005"), "G1Q00005", None)
        );
        assert_eq!(metas[2].question, "Do you speak English?");
        assert_eq!(metas[4].code.as_deref(), Some("G3Q00001[SQ002]"));
        // Outside a coded header a trailing full stop is text, not a code.
        assert_eq!(split_header("Nr.").question, "Nr.");
    }

    #[test]
    fn limesurveys_german_metadata_timings_and_a_korean_timestamp_are_metadata() {
        // Headings of LimeSurvey's German XLSX export (the cargo-bike survey of corpus E) and
        // of its English code-and-text export (the musicality survey).
        for name in [
            "zufallsgeneratorstartwert",
            "weiterleitungs-url",
            "gesamtzeit",
            "gruppenzeit: nutzer - nutzung",
            "fragenzeit: bn01a",
            "total time",
            "group time: welcome!",
            "question time: g1q00001",
            // Google Forms' Korean timestamp (the Hongik form written to .sav, corpus E).
            "타임스탬프",
        ] {
            assert!(is_tool_metadata(name), "{name}");
        }
        assert!(!is_tool_metadata("wie oft fahren sie?"));
        // LimeSurvey 2.05's Dutch export (the Party Panel and CIBERlite surveys of corpus H).
        for name in [
            "respons id",
            "datum verstuurd",
            "datum verzonden",
            "begin taal",
            "startdatum",
            "datum laatste actie",
            "ip-adres",
            "verwijzer-url",
            "totaaltijd",
            "groep tijd: toestemmingsverklaring",
            "vraag tijd: earplugsub",
            "vraagtijd: informedconsent",
        ] {
            assert!(is_tool_metadata(name), "{name}");
        }
        assert!(!is_tool_metadata("vraag"));
        assert!(!is_tool_metadata("hoeveel tijd besteed je aan sport?"));
        assert!(!is_tool_metadata("zeit"));
    }

    #[test]
    fn survey123s_record_fields_are_metadata_beside_its_ids() {
        // The headings of an ArcGIS Survey123 export (tests/fixtures/real, corpus K: the
        // Spanish public-space survey keeps ArcGIS's English field names).
        let head = vec![[
            "ObjectID",
            "GlobalID",
            "CreationDate",
            "Creator",
            "EditDate",
            "Editor",
            "¿Cómo calificarías la calidad general de este espacio público?",
            "x",
            "y",
        ]
        .map(str::to_owned)
        .to_vec()];
        assert_eq!(detect(&head), (Layout::Plain, 1));
        let marked: Vec<bool> = columns(Layout::Plain, &head, 9, &mut Vec::new())
            .iter()
            .map(|m| m.metadata)
            .collect();
        assert_eq!(
            marked,
            [true, true, true, true, true, true, false, true, true]
        );
        // Without ArcGIS's ids, `x`, `y` and `Editor` are anybody's headings.
        let plain = vec![["Editor", "x", "y"].map(str::to_owned).to_vec()];
        let metas = columns(Layout::Plain, &plain, 3, &mut Vec::new());
        assert!(metas.iter().all(|m| !m.metadata));
    }

    #[test]
    fn typeforms_metadata_after_a_lone_question_of_a_hand_made_question_row_stand_alone() {
        // The last columns of the Cantera user survey (tests/fixtures/real, corpus K): a
        // Typeform CSV re-saved with a question row, whose metadata headings stand in the
        // option row beside the last question; and Typeform's `Tags` (the Founderland XLSX).
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let head = vec![
            row(&["", "Which OS do you use?", "", "", "", "", "", ""]),
            row(&[
                "#",
                "macOS",
                "Windows 10",
                "What question do you wish we had asked you?",
                "Start Date (UTC)",
                "Submit Date (UTC)",
                "Network ID",
                "Tags",
            ]),
        ];
        assert_eq!(detect(&head), (Layout::TwoHeaderRows, 2));
        let metas = columns(Layout::TwoHeaderRows, &head, 8, &mut Vec::new());
        let read: Vec<(&str, Option<&str>, bool)> = metas
            .iter()
            .map(|m| (m.question.as_str(), m.sub.as_deref(), m.metadata))
            .collect();
        let wish = "What question do you wish we had asked you?";
        assert_eq!(
            read,
            [
                ("#", None, true),
                ("Which OS do you use?", Some("macOS"), false),
                ("Which OS do you use?", Some("Windows 10"), false),
                (wish, None, false),
                ("Start Date (UTC)", None, true),
                ("Submit Date (UTC)", None, true),
                ("Network ID", None, true),
                ("Tags", None, true),
            ]
        );
        // `#` and `Tags` alone are no evidence of Typeform.
        let plain = vec![row(&["#", "Tags"])];
        assert!(columns(Layout::Plain, &plain, 2, &mut Vec::new())
            .iter()
            .all(|m| !m.metadata));
    }

    #[test]
    fn excels_running_numbers_on_repeated_table_headings_are_no_part_of_the_text() {
        // Headings of the Founderland Typeform XLSX re-saved by Excel (tests/fixtures/real,
        // corpus K): a heading that repeats an earlier one carries Excel's number.
        let head = vec![[
            "Recommendation",
            "Other",
            "Other2",
            "Knowledge about funding",
            "Safe Space",
            "Knowledge about funding13",
            "Safe Space17",
            "Other23",
            // A number that is the heading's own: no earlier heading without it.
            "Q12",
            "Q1",
            "Q10",
            "Version 2",
            "Recommendation1",
        ]
        .map(str::to_owned)
        .to_vec()];
        let metas = columns(Layout::Plain, &head, 13, &mut Vec::new());
        let read: Vec<(&str, &str)> = metas
            .iter()
            .map(|m| (m.name.as_str(), m.question.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("Recommendation", "Recommendation"),
                ("Other", "Other"),
                ("Other2", "Other"),
                ("Knowledge about funding", "Knowledge about funding"),
                ("Safe Space", "Safe Space"),
                ("Knowledge about funding13", "Knowledge about funding"),
                ("Safe Space17", "Safe Space"),
                ("Other23", "Other"),
                ("Q12", "Q12"),
                ("Q1", "Q1"),
                ("Q10", "Q10"),
                ("Version 2", "Version 2"),
                ("Recommendation1", "Recommendation1"),
            ]
        );
    }

    #[test]
    fn a_kobotoolbox_select_multiple_splits_at_the_question_heading_the_column_before() {
        // Headings of tests/fixtures/real/kobotoolbox_csv_labels_semicolon_Dam_and_You.csv.
        let q = "Please select which group the respondent belongs to";
        let head = vec![vec![
            q.to_owned(),
            format!("{q}/Local community"),
            format!("{q}/NGO/Civil Society"),
            "Other (specify)".to_owned(),
            "How did/will you receive this compensation?".to_owned(),
        ]];
        let metas = columns(Layout::Plain, &head, 5, &mut Vec::new());
        let parts: Vec<(&str, Option<&str>, bool)> = metas
            .iter()
            .map(|m| (m.question.as_str(), m.sub.as_deref(), m.summary))
            .collect();
        assert_eq!(
            parts,
            [
                (q, None, true),
                (q, Some("Local community"), false),
                (q, Some("NGO/Civil Society"), false),
                ("Other (specify)", None, false),
                ("How did/will you receive this compensation?", None, false),
            ]
        );
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
