//! The LimeSurvey file ("Zelf afnemen") checked against what LimeSurvey's importer requires.
//!
//! LimeSurvey itself (PHP, a database, a web server) cannot be installed here, so the
//! requirements were read from its source in the LimeSurvey/LimeSurvey repository and are
//! checked one by one:
//! - `application/helpers/admin/import_helper.php`, `XMLImportSurvey($sFullFilePath, $sXMLdata,
//!   $sNewSurveyName, $iDesiredSurveyId, $bTranslateInsertansTags, $bConvertInvalidQuestionCodes)`
//!   (the current version, as stored by the search index; the index gives no commit for it):
//!   the root's `LimeSurveyDocType` must be `Survey`; `surveys/rows/row` must exist (else
//!   "Missing or malformed element of type 'survey'"); `surveys_languagesettings` is read
//!   without a check, so it must be there; a question whose `gid` is 0 is skipped and every
//!   other `gid` is looked up in the imported groups; a subquestion's `parent_qid` is looked
//!   up in the imported questions; l10n rows whose `gid`, `qid` or `aid` is unknown are
//!   dropped silently; an answer needs a non-empty `aid` for its `answer_l10ns` to attach.
//! - `application/models/Question.php` at 3bffd1d27654904efa193a89a7523dd5d399c02a: the
//!   question type codes (`QT_L_LIST = 'L'`, `QT_F_ARRAY = 'F'`, `QT_M_MULTIPLE_CHOICE = 'M'`,
//!   `QT_N_NUMERICAL = 'N'`, `QT_T_LONG_FREE_TEXT = 'T'`, …); `rules()`: a question code is
//!   1–20 characters, matches `/^[a-z,A-Z][[:alnum:]]*$/`, is unique in the survey and is none
//!   of LANG, SID, SAVEDID, TOKEN, QID, GID, SGQ, self, that, this; a subquestion code matches
//!   `/^[a-zA-z0-9]*$/`, is not `time`, is unique (case-insensitively) within its question and
//!   scale, and is not `other` when the question has `other = Y`; `other` is Y or N,
//!   `mandatory` Y, S or N, `type` one character.
//! - `application/models/Answer.php` at 54aad6a78f05c661f0670b6f561af7660229258e: an answer
//!   code is 1–5 characters, matches `/^[[:alnum:]]*$/` and is unique per question and scale.
//! - `tests/data/surveys/limesurvey_survey_188432_answerSetsForEmTest.lss` at
//!   8b4d7b858ce75326e495061059346ee371980b45 (LimeSurvey's own multilingual sample with
//!   answer options, DBVersion 450, base language `de`, additional `en`): the tables, their
//!   fields and the survey settings this file follows; a setting outside that sample's
//!   `surveys` fields could be one the importer drops with a warning.

use std::collections::{HashMap, HashSet};

use peiling_engine::codebook::{Codebook, Lang, QuestionKind};
use peiling_engine::template::limesurvey::to_lss;

fn bundled() -> Codebook {
    Codebook::from_json(include_str!("../../../data/vakmanschap.codebook.json")).unwrap()
}

/// Every question type code LimeSurvey defines (Question.php, the `QT_` constants).
const TYPES: &str = "15ABCDEFGHIKLMNOPQRSTUXY!|*:;";
/// The `surveys` fields of LimeSurvey's sample 188432.
const SAMPLE_SURVEY_FIELDS: &[&str] = &[
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
    "emailresponseto",
    "emailnotificationto",
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
const RESERVED: &[&str] = &[
    "LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this",
];

type Row = HashMap<String, String>;

/// A table's declared fields and its rows as field → text.
fn table(doc: &roxmltree::Document<'_>, name: &str) -> (Vec<String>, Vec<Row>) {
    let Some(node) = doc.root_element().children().find(|n| n.has_tag_name(name)) else {
        return (Vec::new(), Vec::new());
    };
    let fields = node
        .children()
        .find(|n| n.has_tag_name("fields"))
        .map(|f| {
            f.children()
                .filter(|n| n.has_tag_name("fieldname"))
                .map(|n| n.text().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    let rows = node
        .children()
        .find(|n| n.has_tag_name("rows"))
        .map(|r| {
            r.children()
                .filter(|n| n.has_tag_name("row"))
                .map(|row| {
                    row.children()
                        .filter(|n| n.is_element())
                        .map(|n| {
                            (
                                n.tag_name().name().to_string(),
                                n.text().unwrap_or_default().to_string(),
                            )
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    (fields, rows)
}

/// A LimeSurvey text (HTML) as the text it shows: the five entities the engine's escaping
/// writes, decoded (`&amp;` last).
fn shown(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn get<'a>(row: &'a Row, field: &str) -> &'a str {
    row.get(field).map(String::as_str).unwrap_or_default()
}

/// The languages of the l10n rows whose `field` is `id`, sorted.
fn languages_of<'a>(l10ns: &'a [Row], field: &str, id: &str) -> Vec<&'a str> {
    let mut langs: Vec<&str> = l10ns
        .iter()
        .filter(|l| get(l, field) == id)
        .map(|l| get(l, "language"))
        .collect();
    langs.sort();
    langs
}

#[test]
fn the_lss_file_meets_every_requirement_of_limesurveys_importer() {
    let lss = to_lss(&bundled());
    let doc = roxmltree::Document::parse(&lss).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "document");
    let child = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
    };
    assert_eq!(child("LimeSurveyDocType"), Some("Survey"));
    assert!(child("DBVersion").unwrap().parse::<u32>().is_ok());
    let languages: Vec<&str> = root
        .children()
        .find(|n| n.has_tag_name("languages"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("language"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(languages, ["nl", "en"]);

    // Every row holds only declared fields, in every table.
    for name in [
        "surveys",
        "surveys_languagesettings",
        "groups",
        "group_l10ns",
        "questions",
        "subquestions",
        "question_l10ns",
        "answers",
        "answer_l10ns",
        "question_attributes",
    ] {
        let (fields, rows) = table(&doc, name);
        for row in &rows {
            for key in row.keys() {
                assert!(fields.contains(key), "{name}: field {key} not declared");
            }
        }
    }

    // The survey: one row, Dutch base with English, settings the importer knows.
    let (_, surveys) = table(&doc, "surveys");
    assert_eq!(surveys.len(), 1);
    let survey = &surveys[0];
    let sid = get(survey, "sid");
    assert!(sid.parse::<u32>().is_ok());
    assert_eq!(get(survey, "language"), "nl");
    assert_eq!(get(survey, "additional_languages"), "en");
    for key in survey.keys() {
        assert!(
            SAMPLE_SURVEY_FIELDS.contains(&key.as_str()),
            "survey setting {key}"
        );
    }
    assert_eq!(get(survey, "anonymized"), "Y", "answers are anonymous");
    assert_eq!(get(survey, "ipaddr"), "N", "no IP addresses are stored");
    let (_, settings) = table(&doc, "surveys_languagesettings");
    let mut titled: Vec<&str> = settings
        .iter()
        .inspect(|s| {
            assert_eq!(get(s, "surveyls_survey_id"), sid);
            assert!(!get(s, "surveyls_title").is_empty());
        })
        .map(|s| get(s, "surveyls_language"))
        .collect();
    titled.sort();
    assert_eq!(titled, ["en", "nl"]);

    // Groups: ids unique and non-zero, named in both languages.
    let (_, groups) = table(&doc, "groups");
    let gids: HashSet<&str> = groups.iter().map(|g| get(g, "gid")).collect();
    assert_eq!(gids.len(), groups.len());
    assert!(!gids.contains("0") && !gids.contains(""));
    assert!(groups.iter().all(|g| get(g, "sid") == sid));
    let (_, group_l10ns) = table(&doc, "group_l10ns");
    for gid in &gids {
        assert_eq!(
            languages_of(&group_l10ns, "gid", gid),
            ["en", "nl"],
            "group {gid}"
        );
    }
    assert!(group_l10ns.iter().all(|l| gids.contains(get(l, "gid"))));

    // Questions: known types, valid and unique codes, in a group that exists.
    let (_, questions) = table(&doc, "questions");
    let mut qids = HashSet::new();
    let mut codes = HashSet::new();
    for q in &questions {
        let (qid, code, kind) = (get(q, "qid"), get(q, "title"), get(q, "type"));
        assert!(qids.insert(qid.to_string()), "qid {qid} twice");
        assert_eq!(get(q, "parent_qid"), "0");
        assert!(gids.contains(get(q, "gid")), "question {code}: gid");
        assert_eq!(kind.chars().count(), 1);
        assert!(TYPES.contains(kind), "type {kind}");
        assert!((1..=20).contains(&code.len()), "{code}");
        assert!(
            code.starts_with(|c: char| c.is_ascii_alphabetic()),
            "{code}"
        );
        assert!(code.chars().all(|c| c.is_ascii_alphanumeric()), "{code}");
        assert!(!RESERVED.contains(&code), "{code}");
        assert!(codes.insert(code.to_string()), "code {code} twice");
        assert!(["Y", "N"].contains(&get(q, "other")));
        assert!(["Y", "S", "N"].contains(&get(q, "mandatory")));
    }
    let question_of: HashMap<&str, &Row> = questions.iter().map(|q| (get(q, "qid"), q)).collect();

    // Subquestions: under an existing question, in its group, codes valid and unique there.
    let (_, subquestions) = table(&doc, "subquestions");
    let mut sub_codes: HashMap<(String, String), HashSet<String>> = HashMap::new();
    for s in &subquestions {
        let (qid, code) = (get(s, "qid"), get(s, "title"));
        assert!(qids.insert(qid.to_string()), "qid {qid} twice");
        let parent = question_of
            .get(get(s, "parent_qid"))
            .expect("the parent question exists");
        assert_eq!(get(s, "gid"), get(parent, "gid"));
        assert!(
            !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()),
            "{code}"
        );
        assert!(!code.eq_ignore_ascii_case("time"));
        if get(parent, "other") == "Y" {
            assert!(!code.eq_ignore_ascii_case("other"));
        }
        let key = (
            get(s, "parent_qid").to_string(),
            get(s, "scale_id").to_string(),
        );
        assert!(
            sub_codes
                .entry(key)
                .or_default()
                .insert(code.to_lowercase()),
            "{code} twice"
        );
    }

    // Texts: every question and subquestion in both languages.
    let (_, question_l10ns) = table(&doc, "question_l10ns");
    for qid in &qids {
        assert_eq!(
            languages_of(&question_l10ns, "qid", qid),
            ["en", "nl"],
            "question {qid}"
        );
    }
    assert!(question_l10ns
        .iter()
        .all(|l| !get(l, "question").is_empty()));
    assert!(question_l10ns.iter().all(|l| qids.contains(get(l, "qid"))));

    // Answers: under an existing question, codes valid and unique per question and scale,
    // every one in both languages.
    let (_, answers) = table(&doc, "answers");
    let mut aids = HashSet::new();
    let mut answer_codes: HashMap<(String, String), HashSet<String>> = HashMap::new();
    for a in &answers {
        let (aid, code) = (get(a, "aid"), get(a, "code"));
        assert!(!aid.is_empty() && aids.insert(aid.to_string()), "aid {aid}");
        assert!(question_of.contains_key(get(a, "qid")), "answer {aid}: qid");
        assert!((1..=5).contains(&code.len()), "{code}");
        assert!(code.chars().all(|c| c.is_ascii_alphanumeric()), "{code}");
        let key = (get(a, "qid").to_string(), get(a, "scale_id").to_string());
        assert!(
            answer_codes
                .entry(key)
                .or_default()
                .insert(code.to_lowercase()),
            "{code} twice"
        );
    }
    let (_, answer_l10ns) = table(&doc, "answer_l10ns");
    for aid in &aids {
        assert_eq!(
            languages_of(&answer_l10ns, "aid", aid),
            ["en", "nl"],
            "answer {aid}"
        );
    }
    assert!(answer_l10ns.iter().all(|l| aids.contains(get(l, "aid"))));

    // Lists and arrays have answer options; arrays and multiple choice have subquestions.
    for q in &questions {
        let qid = get(q, "qid");
        let has_answers = answers.iter().any(|a| get(a, "qid") == qid);
        let has_subs = subquestions.iter().any(|s| get(s, "parent_qid") == qid);
        match get(q, "type") {
            "L" => assert!(has_answers && !has_subs),
            "F" => assert!(has_answers && has_subs),
            "M" => assert!(!has_answers && has_subs),
            _ => assert!(!has_answers && !has_subs),
        }
    }
    let (_, attributes) = table(&doc, "question_attributes");
    for a in &attributes {
        assert!(question_of.contains_key(get(a, "qid")));
    }
}

#[test]
fn every_question_option_and_answer_of_the_bundled_survey_is_in_the_lss_in_both_languages() {
    let cb = bundled();
    let lss = to_lss(&cb);
    let doc = roxmltree::Document::parse(&lss).unwrap();
    let (_, questions) = table(&doc, "questions");
    let (_, question_l10ns) = table(&doc, "question_l10ns");
    let (_, answer_l10ns) = table(&doc, "answer_l10ns");
    let (_, group_l10ns) = table(&doc, "group_l10ns");
    let texts = |rows: &[Row], field: &str, lang: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| get(r, "language") == lang)
            .map(|r| shown(get(r, field)))
            .collect()
    };
    // The type of each question, by hand from the codebook: single choice → list, grid →
    // array, multi-select → multiple choice.
    let types: Vec<(&str, &str)> = questions
        .iter()
        .map(|q| (get(q, "title"), get(q, "type")))
        .collect();
    assert_eq!(
        types,
        [
            ("leeftijd", "L"),
            ("opleiding", "L"),
            ("werkgever", "L"),
            ("gemeentegrootte", "L"),
            ("functie", "L"),
            ("stellingen", "F"),
            ("competenties", "F"),
            ("maatschappij", "M"),
            ("organisatie", "M"),
            ("eigenorganisatie", "F"),
        ]
    );
    for (lang, code) in [(Lang::Nl, "nl"), (Lang::En, "en")] {
        let asked = texts(&question_l10ns, "question", code);
        let answers = texts(&answer_l10ns, "answer", code);
        let groups = texts(&group_l10ns, "group_name", code);
        for section in &cb.sections {
            assert!(groups.contains(&section.title.get(lang).to_string()));
        }
        for q in cb
            .questions
            .iter()
            .filter(|q| !matches!(q.id.as_str(), "respondent_id" | "generatie"))
        {
            assert!(
                asked.contains(&q.text.get(lang).to_string()),
                "{}",
                q.text.get(lang)
            );
            if matches!(q.kind, QuestionKind::Grid | QuestionKind::MultiSelect) {
                for item in &q.items {
                    let label = item.label.get(lang);
                    assert!(asked.iter().any(|t| t.starts_with(label)), "{label}");
                    if let Some(note) = &item.note {
                        assert!(
                            asked.contains(&format!(
                                "{label}<br /><small>{}</small>",
                                note.get(lang)
                            )),
                            "{label}"
                        );
                    }
                }
            }
            for category in &q.categories {
                assert!(
                    answers.contains(&category.label.get(lang).to_string()),
                    "{}",
                    category.label.get(lang)
                );
            }
        }
        // Who the municipality question is for is its help text.
        let help = texts(&question_l10ns, "help", code);
        let of = cb
            .question("gemeentegrootte")
            .unwrap()
            .asked_of
            .as_ref()
            .unwrap()
            .get(lang);
        assert!(help.iter().any(|h| h.ends_with(of)));
    }
    // Labels are HTML in LimeSurvey: markup in a label arrives as text.
    let mut marked = cb.clone();
    marked.questions[1].text = peiling_engine::Text::new("Leeftijd <b>&</b>");
    let lss = to_lss(&marked);
    assert!(
        lss.contains("<question>Leeftijd &amp;lt;b&amp;gt;&amp;amp;&amp;lt;/b&amp;gt;</question>")
    );
}
