//! The questionnaire as a LimeSurvey survey structure (`.lss`), for organisations that field
//! surveys with LimeSurvey (many Dutch public bodies host it): import it under "Create survey
//! → Import" and the survey is there, in Dutch with English as an additional language.
//!
//! The format is LimeSurvey's XML export of its database tables (`<document>` with
//! `<LimeSurveyDocType>Survey</LimeSurveyDocType>`, a `<DBVersion>`, the languages, then per
//! table its `<fields>` and `<rows>`): `surveys`, `surveys_languagesettings`, `groups` with
//! `group_l10ns`, `questions` and `subquestions` with `question_l10ns`, `answers` with
//! `answer_l10ns`, and `question_attributes`. It is written by hand: the structure is fixed
//! and small, no maintained crate writes it, and the only care it needs — escaping text —
//! is the engine's XML escaping ([`crate::chart::svg::escape`]). Question texts in LimeSurvey
//! are HTML, so a label is escaped as HTML and then as XML.
//!
//! The mapping: a section is a question group; a single-choice question or one Likert
//! statement is a list (radio) `L`; a grid of statements is an array `F` with the statements
//! as subquestions and the scale as answer options; a multi-select is multiple choice `M`
//! with an option per subquestion (an "Other" option becomes LimeSurvey's own `other`, an
//! exclusive option `exclude_all_others`); a number is numerical input `N`; open text is long
//! free text `T`. Who a question is for ("Alleen voor: …") is its help text.
//!
//! What stays true (checked by `tests/limesurvey_import.rs` against LimeSurvey's importer):
//! question codes start with a letter and are alphanumeric, at most 20 characters, unique and
//! no reserved word; subquestion codes are alphanumeric and unique within their question;
//! answer codes are alphanumeric, 1–5 characters and unique within their question (the
//! category's own value when every value of the question qualifies, so LimeSurvey's "answer
//! codes" export holds the codebook's values; `A1`, `A2`, … otherwise); every gid, qid and aid
//! referred to exists; every text is given in Dutch and English.

use crate::chart::svg::escape;
use crate::codebook::{Codebook, Lang, QuestionKind, Text};

use super::{asked_of_line, sections, Asked};

/// The database version the file declares: that of LimeSurvey's own multilingual sample
/// with answer options (`tests/data/surveys/limesurvey_survey_188432_answerSetsForEmTest.lss`),
/// whose tables and fields this file follows.
pub const DB_VERSION: u32 = 450;
/// The survey id in the file; LimeSurvey gives the survey a new id if it is taken.
pub const SURVEY_ID: u32 = 417_017;
/// The survey's base language and its additional language.
const LANGUAGES: [(Lang, &str); 2] = [(Lang::Nl, "nl"), (Lang::En, "en")];

/// Words LimeSurvey's expression engine reserves as question codes.
const RESERVED: [&str; 10] = [
    "LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this",
];

/// The ASCII letters and digits of `text`.
fn alphanumeric(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A question code from `wanted`: alphanumeric, starting with a letter, at most 20
/// characters, not reserved and not in `taken`.
fn question_code(wanted: &str, taken: &[String]) -> String {
    let mut base = alphanumeric(wanted);
    if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base = format!("q{base}");
    }
    if RESERVED.contains(&base.as_str()) {
        base = format!("q{base}");
    }
    unique(&base, 20, taken)
}

/// `base` cut to `max` characters, with a number appended while it is in `taken`
/// (case-insensitively, as LimeSurvey compares subquestion codes).
fn unique(base: &str, max: usize, taken: &[String]) -> String {
    let mut n = 1;
    loop {
        let suffix = if n == 1 { String::new() } else { n.to_string() };
        let room = max - suffix.len();
        let candidate = format!("{}{suffix}", &base[..base.len().min(room)]);
        if !taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
            return candidate;
        }
        n += 1;
    }
}

/// Subquestion codes for `ids`: each id's letters and digits (`SQ001`, … when none), unique
/// within the question, never `time` or `other`.
fn subquestion_codes<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for (i, id) in ids.enumerate() {
        let mut base = alphanumeric(id);
        if base.is_empty()
            || base.eq_ignore_ascii_case("time")
            || base.eq_ignore_ascii_case("other")
        {
            base = format!("SQ{:03}", i + 1);
        }
        let code = unique(&base, 20, &codes);
        codes.push(code);
    }
    codes
}

/// Answer codes for the category `values` of one question: the values themselves when each
/// is 1–5 letters or digits and they differ, else `A1`, `A2`, ….
pub fn answer_codes(values: &[&str]) -> Vec<String> {
    let valid = values
        .iter()
        .all(|v| (1..=5).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric()));
    let distinct = values
        .iter()
        .enumerate()
        .all(|(i, v)| !values[..i].iter().any(|w| w.eq_ignore_ascii_case(v)));
    if valid && distinct {
        values.iter().map(|v| v.to_string()).collect()
    } else {
        (1..=values.len()).map(|i| format!("A{i}")).collect()
    }
}

/// The LimeSurvey question type of a question.
pub fn question_type(kind: QuestionKind) -> Option<char> {
    match kind {
        QuestionKind::SingleChoice | QuestionKind::Likert => Some('L'),
        QuestionKind::Grid => Some('F'),
        QuestionKind::MultiSelect => Some('M'),
        QuestionKind::Numeric => Some('N'),
        QuestionKind::OpenText => Some('T'),
        QuestionKind::Identifier => None,
    }
}

/// One database table: its field names and rows of (field, value); fields a row lacks are
/// left out of it (the importer takes only what a row has).
struct Table {
    name: &'static str,
    fields: &'static [&'static str],
    rows: Vec<Vec<(&'static str, String)>>,
}

impl Table {
    fn new(name: &'static str, fields: &'static [&'static str]) -> Table {
        Table {
            name,
            fields,
            rows: Vec::new(),
        }
    }

    fn write(&self, out: &mut String) {
        if self.rows.is_empty() {
            return;
        }
        out.push_str(&format!(" <{}>\n  <fields>\n", self.name));
        for field in self.fields {
            out.push_str(&format!("   <fieldname>{field}</fieldname>\n"));
        }
        out.push_str("  </fields>\n  <rows>\n");
        for row in &self.rows {
            out.push_str("   <row>\n");
            for (field, value) in row {
                if value.is_empty() {
                    out.push_str(&format!("    <{field}/>\n"));
                } else {
                    out.push_str(&format!("    <{field}>{}</{field}>\n", escape(value)));
                }
            }
            out.push_str("   </row>\n");
        }
        out.push_str(&format!("  </rows>\n </{}>\n", self.name));
    }
}

/// A plain text as LimeSurvey's HTML question text.
fn html(text: &str) -> String {
    escape(text)
}

/// A statement or option with its note under it, as HTML.
fn item_html(label: &str, note: Option<&str>) -> String {
    match note {
        Some(note) if !note.is_empty() => {
            format!("{}<br /><small>{}</small>", html(label), html(note))
        }
        _ => html(label),
    }
}

/// The survey structure of `codebook` as an `.lss` file.
pub fn to_lss(codebook: &Codebook) -> String {
    let sid = SURVEY_ID.to_string();
    let parts = sections(codebook);

    let mut surveys = Table::new("surveys", SURVEY_FIELDS);
    let mut row: Vec<(&'static str, String)> = vec![("sid", sid.clone())];
    row.extend(SURVEY_SETTINGS.iter().map(|(k, v)| (*k, v.to_string())));
    surveys.rows.push(row);

    let mut settings = Table::new("surveys_languagesettings", LANGUAGE_SETTING_FIELDS);
    let thanks = Text::with_en(
        "Hartelijk dank voor het invullen.",
        "Thank you for taking part.",
    );
    for (lang, code) in LANGUAGES {
        let title = codebook.title.get(lang);
        let title = if title.is_empty() {
            Text::with_en("Vragenlijst", "Questionnaire")
                .get(lang)
                .to_string()
        } else {
            title.to_string()
        };
        settings.rows.push(vec![
            ("surveyls_survey_id", sid.clone()),
            ("surveyls_language", code.to_string()),
            ("surveyls_title", title),
            ("surveyls_description", String::new()),
            ("surveyls_welcometext", String::new()),
            ("surveyls_endtext", html(thanks.get(lang))),
            ("surveyls_url", String::new()),
            ("surveyls_urldescription", String::new()),
        ]);
    }

    let mut groups = Table::new("groups", GROUP_FIELDS);
    let mut group_l10ns = Table::new("group_l10ns", GROUP_L10N_FIELDS);
    let mut questions = Table::new("questions", QUESTION_FIELDS);
    let mut subquestions = Table::new("subquestions", QUESTION_FIELDS);
    let mut question_l10ns = Table::new("question_l10ns", QUESTION_L10N_FIELDS);
    let mut answers = Table::new("answers", ANSWER_FIELDS);
    let mut answer_l10ns = Table::new("answer_l10ns", ANSWER_L10N_FIELDS);
    let mut attributes = Table::new("question_attributes", ATTRIBUTE_FIELDS);
    let (mut next_qid, mut next_aid, mut next_l10n) = (1u32, 1u32, 1u32);
    let mut taken: Vec<String> = Vec::new();

    for (g, part) in parts.iter().enumerate() {
        let gid = (g + 1).to_string();
        groups.rows.push(vec![
            ("gid", gid.clone()),
            ("sid", sid.clone()),
            ("group_order", (g + 1).to_string()),
            ("randomization_group", String::new()),
            ("grelevance", "1".into()),
        ]);
        for (lang, code) in LANGUAGES {
            group_l10ns.rows.push(vec![
                ("id", next_l10n.to_string()),
                ("gid", gid.clone()),
                ("group_name", html(part.title.get(lang))),
                ("description", String::new()),
                ("language", code.to_string()),
            ]);
            next_l10n += 1;
        }
        for (order, asked) in part.questions.iter().enumerate() {
            let Some(kind) = question_type(asked.question.kind) else {
                continue;
            };
            let q = asked.question;
            let qid = next_qid;
            next_qid += 1;
            let one_column = asked.items.len() == 1 && kind != 'M';
            let wanted = if one_column {
                asked.items[0].column.as_str()
            } else {
                q.id.as_str()
            };
            let title = question_code(wanted, &taken);
            taken.push(title.clone());
            let other = kind == 'M' && asked.items.iter().any(|it| it.other);
            questions.rows.push(question_row(
                qid,
                0,
                &sid,
                &gid,
                kind,
                &title,
                other,
                order + 1,
            ));
            // A one-column statement (a Likert item) is said under the question.
            let statement = match asked.items.as_slice() {
                [item] if one_column && !item.label.nl.is_empty() && item.label != q.text => {
                    Some(*item)
                }
                _ => None,
            };
            for (lang, code) in LANGUAGES {
                let help = asked_of_line(q, lang).map(|l| html(&l)).unwrap_or_default();
                let mut text = html(q.text.get(lang));
                if let Some(item) = statement {
                    let note = item.note.as_ref().map(|n| n.get(lang));
                    text = format!("{text}<br />{}", item_html(item.label.get(lang), note));
                }
                question_l10ns.rows.push(vec![
                    ("id", next_l10n.to_string()),
                    ("qid", qid.to_string()),
                    ("question", text),
                    ("help", help),
                    ("language", code.to_string()),
                ]);
                next_l10n += 1;
            }
            // Subquestions: a grid's statements, a multi-select's options (but "Other").
            let subs: Vec<_> = match kind {
                'F' | 'M' => asked.items.iter().filter(|it| !it.other).collect(),
                _ => Vec::new(),
            };
            let codes = subquestion_codes(subs.iter().map(|it| it.id.as_str()));
            let mut exclusive = Vec::new();
            for (i, (item, code)) in subs.iter().zip(&codes).enumerate() {
                let sub = next_qid;
                next_qid += 1;
                subquestions.rows.push(question_row(
                    sub,
                    qid,
                    &sid,
                    &gid,
                    kind,
                    code,
                    false,
                    i + 1,
                ));
                for (lang, language) in LANGUAGES {
                    let note = item.note.as_ref().map(|n| n.get(lang));
                    question_l10ns.rows.push(vec![
                        ("id", next_l10n.to_string()),
                        ("qid", sub.to_string()),
                        ("question", item_html(item.label.get(lang), note)),
                        ("help", String::new()),
                        ("language", language.to_string()),
                    ]);
                    next_l10n += 1;
                }
                if item.exclusive {
                    exclusive.push(code.clone());
                }
            }
            if !exclusive.is_empty() {
                attributes.rows.push(vec![
                    ("qid", qid.to_string()),
                    ("attribute", "exclude_all_others".into()),
                    ("value", exclusive.join(";")),
                    ("language", String::new()),
                ]);
            }
            if matches!(kind, 'L' | 'F') {
                write_answers(
                    asked,
                    qid,
                    &mut answers,
                    &mut answer_l10ns,
                    &mut next_aid,
                    &mut next_l10n,
                );
            }
        }
    }

    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document>\n <LimeSurveyDocType>Survey</LimeSurveyDocType>\n",
    );
    out.push_str(&format!(
        " <DBVersion>{DB_VERSION}</DBVersion>\n <languages>\n"
    ));
    for (_, code) in LANGUAGES {
        out.push_str(&format!("  <language>{code}</language>\n"));
    }
    out.push_str(" </languages>\n");
    for table in [
        &answers,
        &answer_l10ns,
        &groups,
        &group_l10ns,
        &questions,
        &subquestions,
        &question_l10ns,
        &attributes,
        &surveys,
        &settings,
    ] {
        table.write(&mut out);
    }
    out.push_str("</document>\n");
    out
}

#[allow(clippy::too_many_arguments)]
fn question_row(
    qid: u32,
    parent: u32,
    sid: &str,
    gid: &str,
    kind: char,
    title: &str,
    other: bool,
    order: usize,
) -> Vec<(&'static str, String)> {
    vec![
        ("qid", qid.to_string()),
        ("parent_qid", parent.to_string()),
        ("sid", sid.to_string()),
        ("gid", gid.to_string()),
        ("type", kind.to_string()),
        ("title", title.to_string()),
        ("preg", String::new()),
        ("other", if other { "Y" } else { "N" }.into()),
        ("mandatory", "N".into()),
        ("encrypted", "N".into()),
        ("question_order", order.to_string()),
        ("scale_id", "0".into()),
        ("same_default", "0".into()),
        ("relevance", "1".into()),
        ("modulename", String::new()),
    ]
}

/// A list's or an array's answer options: the question's categories in order.
fn write_answers(
    asked: &Asked<'_>,
    qid: u32,
    answers: &mut Table,
    l10ns: &mut Table,
    next_aid: &mut u32,
    next_l10n: &mut u32,
) {
    let categories: Vec<_> = asked
        .question
        .categories
        .iter()
        .filter(|c| !c.missing)
        .collect();
    let values: Vec<&str> = categories.iter().map(|c| c.value.as_str()).collect();
    for (i, (category, code)) in categories.iter().zip(answer_codes(&values)).enumerate() {
        let aid = *next_aid;
        *next_aid += 1;
        answers.rows.push(vec![
            ("aid", aid.to_string()),
            ("qid", qid.to_string()),
            ("code", code),
            ("sortorder", (i + 1).to_string()),
            ("assessment_value", "0".into()),
            ("scale_id", "0".into()),
        ]);
        for (lang, language) in LANGUAGES {
            l10ns.rows.push(vec![
                ("id", next_l10n.to_string()),
                ("aid", aid.to_string()),
                ("answer", html(category.label.get(lang))),
                ("language", language.to_string()),
            ]);
            *next_l10n += 1;
        }
    }
}

const SURVEY_FIELDS: &[&str] = &[
    "sid",
    "gsid",
    "admin",
    "adminemail",
    "anonymized",
    "format",
    "savetimings",
    "template",
    "language",
    "additional_languages",
    "datestamp",
    "usecookie",
    "allowregister",
    "allowsave",
    "autoredirect",
    "allowprev",
    "printanswers",
    "ipaddr",
    "ipanonymize",
    "refurl",
    "showsurveypolicynotice",
    "publicstatistics",
    "publicgraphs",
    "listpublic",
    "htmlemail",
    "sendconfirmation",
    "tokenanswerspersistence",
    "assessments",
    "usecaptcha",
    "usetokens",
    "tokenlength",
    "showxquestions",
    "showgroupinfo",
    "shownoanswer",
    "showqnumcode",
    "bounceprocessing",
    "showwelcome",
    "showprogress",
    "questionindex",
    "navigationdelay",
    "nokeyboard",
    "alloweditaftercompletion",
];

/// The survey's settings: anonymous answers, no IP address, no referrer, no cookie, no
/// timings, no public statistics — what a public body needs for an employee survey; the
/// rest as LimeSurvey's own sample sets them.
const SURVEY_SETTINGS: &[(&str, &str)] = &[
    ("gsid", "1"),
    ("admin", "inherit"),
    ("adminemail", "inherit"),
    ("anonymized", "Y"),
    ("format", "G"),
    ("savetimings", "N"),
    ("template", "inherit"),
    ("language", "nl"),
    ("additional_languages", "en"),
    ("datestamp", "N"),
    ("usecookie", "N"),
    ("allowregister", "N"),
    ("allowsave", "Y"),
    ("autoredirect", "N"),
    ("allowprev", "Y"),
    ("printanswers", "N"),
    ("ipaddr", "N"),
    ("ipanonymize", "Y"),
    ("refurl", "N"),
    ("showsurveypolicynotice", "0"),
    ("publicstatistics", "N"),
    ("publicgraphs", "N"),
    ("listpublic", "N"),
    ("htmlemail", "Y"),
    ("sendconfirmation", "N"),
    ("tokenanswerspersistence", "N"),
    ("assessments", "N"),
    ("usecaptcha", "N"),
    ("usetokens", "N"),
    ("tokenlength", "15"),
    ("showxquestions", "Y"),
    ("showgroupinfo", "B"),
    ("shownoanswer", "Y"),
    ("showqnumcode", "X"),
    ("bounceprocessing", "N"),
    ("showwelcome", "Y"),
    ("showprogress", "Y"),
    ("questionindex", "0"),
    ("navigationdelay", "0"),
    ("nokeyboard", "N"),
    ("alloweditaftercompletion", "N"),
];

const LANGUAGE_SETTING_FIELDS: &[&str] = &[
    "surveyls_survey_id",
    "surveyls_language",
    "surveyls_title",
    "surveyls_description",
    "surveyls_welcometext",
    "surveyls_endtext",
    "surveyls_url",
    "surveyls_urldescription",
];
const GROUP_FIELDS: &[&str] = &[
    "gid",
    "sid",
    "group_order",
    "randomization_group",
    "grelevance",
];
const GROUP_L10N_FIELDS: &[&str] = &["id", "gid", "group_name", "description", "language"];
const QUESTION_FIELDS: &[&str] = &[
    "qid",
    "parent_qid",
    "sid",
    "gid",
    "type",
    "title",
    "preg",
    "other",
    "mandatory",
    "encrypted",
    "question_order",
    "scale_id",
    "same_default",
    "relevance",
    "modulename",
];
const QUESTION_L10N_FIELDS: &[&str] = &["id", "qid", "question", "help", "language"];
const ANSWER_FIELDS: &[&str] = &[
    "aid",
    "qid",
    "code",
    "sortorder",
    "assessment_value",
    "scale_id",
];
const ANSWER_L10N_FIELDS: &[&str] = &["id", "aid", "answer", "language"];
const ATTRIBUTE_FIELDS: &[&str] = &["qid", "attribute", "value", "language"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_likert_items_statement_is_said_under_its_question() {
        let mut cb = crate::template::tests::bundled();
        let q = &mut cb.questions[1];
        q.kind = QuestionKind::Likert;
        q.items[0].label = Text::with_en("Mijn werk is zinvol", "My work is meaningful");
        let lss = to_lss(&cb);
        assert!(lss.contains("<question>Leeftijd&lt;br /&gt;Mijn werk is zinvol</question>"));
        assert!(lss.contains("<question>Age&lt;br /&gt;My work is meaningful</question>"));
    }

    #[test]
    fn codes_follow_limesurveys_rules() {
        // By hand from LimeSurvey's Question model rules: a letter first, letters and digits,
        // at most 20 characters, unique, no reserved word.
        let taken = vec!["leeftijd".to_string()];
        assert_eq!(question_code("eigen_org_1", &[]), "eigenorg1");
        assert_eq!(question_code("1e_vraag", &[]), "q1evraag");
        assert_eq!(question_code("leeftijd", &taken), "leeftijd2");
        assert_eq!(question_code("SID", &[]), "qSID");
        assert_eq!(question_code("", &[]), "q");
        assert_eq!(question_code(&"x".repeat(30), &[]).len(), 20);
        assert_eq!(
            subquestion_codes(["1", "time", "", "a-b", "ab"].into_iter()),
            ["1", "SQ002", "SQ003", "ab", "ab2"]
        );
        assert_eq!(answer_codes(&["1", "2", "3"]), ["1", "2", "3"]);
        assert_eq!(answer_codes(&["Mee eens", "Neutraal"]), ["A1", "A2"]);
        assert_eq!(
            answer_codes(&["a", "A"]),
            ["A1", "A2"],
            "codes differ case-insensitively"
        );
        assert_eq!(answer_codes(&["123456"]), ["A1"]);
    }
}
