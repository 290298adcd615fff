//! The codebook proposed for each survey tool's export: question types, groupings, answer
//! order, non-substantive answers and breakdowns. Expected values come from how each fixture
//! in `fixtures/read/` was written (see the fixture files), not from the engine's output.

use peiling_engine::codebook::{Codebook, Question, QuestionKind};
use peiling_engine::infer::{apply, propose, Mismatch};
use peiling_engine::read::{read, Import, Layout, ReadOptions};
use peiling_engine::transfer;
use peiling_engine::{Survey, MISSING};

fn import(name: &str) -> Import {
    let path = format!("{}/tests/fixtures/read/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let options = ReadOptions {
        sheet: name.ends_with(".xlsx").then(|| "Antwoorden".into()),
        ..ReadOptions::default()
    };
    read(&bytes, name, &options).unwrap()
}

/// A file of the corpus of real exports (`tests/fixtures/real/`).
fn real(name: &str) -> Import {
    let path = format!(
        "{}/../../tests/fixtures/real/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap();
    read(&bytes, name, &ReadOptions::default()).unwrap()
}

fn q<'a>(cb: &'a Codebook, id: &str) -> &'a Question {
    cb.question(id).unwrap_or_else(|| {
        let ids: Vec<&str> = cb.questions.iter().map(|q| q.id.as_str()).collect();
        panic!("no question {id}; there are {ids:?}")
    })
}

fn answers(q: &Question) -> Vec<&str> {
    q.categories.iter().map(|c| c.label.nl.as_str()).collect()
}

fn item_labels(q: &Question) -> Vec<&str> {
    q.items.iter().map(|i| i.label.nl.as_str()).collect()
}

fn kinds(cb: &Codebook, kind: QuestionKind) -> Vec<&str> {
    cb.questions
        .iter()
        .filter(|q| q.kind == kind)
        .map(|q| q.id.as_str())
        .collect()
}

/// Counts of a question's categories (or options) over all respondents.
fn counts(survey: &Survey, id: &str, item: usize) -> Vec<usize> {
    let v = survey.variable(id, item).unwrap();
    let mut counts = vec![0; v.categories];
    for row in 0..v.len() {
        let c = v.get(row);
        if c != MISSING {
            counts[c as usize] += 1;
        }
    }
    counts
}

#[test]
fn qualtrics_three_header_rows_give_grid_multi_select_and_metadata() {
    let import = import("qualtrics.csv");
    assert_eq!(import.source.layout, Layout::Qualtrics);
    assert_eq!(import.source.header_rows, 3);
    assert_eq!(import.dataset.rows, 8);
    let q2_1 = import.columns.iter().find(|c| c.name == "Q2_1").unwrap();
    assert_eq!(q2_1.import_id.as_deref(), Some("QID2_1"));
    assert_eq!(q2_1.sub.as_deref(), Some("My work is meaningful"));
    let cb = propose(&import);
    assert_eq!(
        kinds(&cb, QuestionKind::Identifier),
        [
            "StartDate",
            "EndDate",
            "Status",
            "IPAddress",
            "Progress",
            "Duration (in seconds)",
            "Finished",
            "RecordedDate",
            "ResponseId"
        ]
    );
    let grid = q(&cb, "Q2");
    assert_eq!(grid.kind, QuestionKind::Grid);
    assert_eq!(
        grid.text.nl,
        "How much do you agree with the following statements?"
    );
    assert_eq!(
        item_labels(grid),
        [
            "My work is meaningful",
            "I have enough time for my work",
            "My manager listens, mostly"
        ]
    );
    assert_eq!(
        answers(grid),
        [
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree"
        ]
    );
    let tools = q(&cb, "Q3");
    assert_eq!(tools.kind, QuestionKind::MultiSelect);
    assert_eq!(item_labels(tools), ["Email", "Teams", "Phone", "Other"]);
    assert_eq!(q(&cb, "Q3_4_TEXT").kind, QuestionKind::OpenText);
    let nps = q(&cb, "Q4");
    assert_eq!(nps.kind, QuestionKind::Likert);
    assert_eq!(answers(nps).first(), Some(&"0"));
    assert_eq!(answers(nps).last(), Some(&"10"));
    let age = q(&cb, "Q1");
    assert_eq!(
        answers(age),
        ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    );
    assert!(age.breakdown);
    assert_eq!(q(&cb, "Q5").kind, QuestionKind::OpenText);
    let breakdowns: Vec<&str> = cb.breakdowns().map(|q| q.id.as_str()).collect();
    assert_eq!(breakdowns, ["Q1"]);

    let survey = Survey::new(import.dataset.clone(), cb.clone());
    // Email chosen by respondents 1, 2, 4, 6, 7; the fixture's Q3 rows by hand.
    assert_eq!(counts(&survey, "Q3", 0), [3, 5]);
    // "My work is meaningful": SA 2, A 4, N 1, D 1.
    assert_eq!(counts(&survey, "Q2", 0), [0, 1, 1, 4, 2]);
}

/// A multiple-category set saved without a label (`$P5_O1`, a CAPI system's SPSS file of corpus
/// G) asks the question its variables carry as their label; pyreadstat reads the set's label as
/// '' and P5_O1's variable label as below.
#[test]
fn an_unlabelled_category_set_takes_its_variables_label() {
    let cb = propose(&real(
        "spss_es_pe_mrsets_user_missing_satisfaccion_data.sav",
    ));
    let set = q(&cb, "P5_O1");
    assert_eq!(set.kind, QuestionKind::MultiSelect);
    assert_eq!(
        set.text.nl,
        "5. ¿Quién le brindó orientación antes de ser atendido en la ventanilla/módulo? \
         (Múltiples respuestas espontáneas)"
    );
}

/// A category set's own variables (each holding one mentioned category) ask the set's question
/// again: the set is the question, they are none of their own. The sets as pyreadstat lists
/// them (`mr_sets` of the French GSS sample: `$ethmult` = ethnic, eth1, eth2, eth3; `$mltcars`
/// = car1, car2, car3) — before, each variable was also charted alone, and the Peruvian
/// file's `P5_O1` … `P5_O4` as a grid beside its set.
#[test]
fn a_category_sets_own_variables_are_no_questions_of_their_own() {
    let cb = propose(&real("spss_survey_sample_fr_mrsets.sav"));
    let columns: Vec<&str> = cb
        .questions
        .iter()
        .flat_map(|q| q.items.iter().map(|i| i.column.as_str()))
        .collect();
    for variable in ["ethnic", "eth1", "eth2", "eth3", "car1", "car2", "car3"] {
        assert!(!columns.contains(&variable), "{variable} is charted again");
    }
    assert_eq!(q(&cb, "mltcars").kind, QuestionKind::MultiSelect);
    assert_eq!(q(&cb, "ethmult").kind, QuestionKind::MultiSelect);
    let peru = propose(&real(
        "spss_es_pe_mrsets_user_missing_satisfaccion_data.sav",
    ));
    assert!(
        !peru.questions.iter().any(|q| q.id == "P5"),
        "no grid of the set's variables"
    );
}

/// An interview number whose only value labels are of declared missing values is still a
/// respondent number: LAPOP's AmericasBarometer file (corpus G) labels 888888 DK, 988888 NR and
/// 999999 N/A, declared missing, on every variable; pyreadstat reads `idnum` as 1535 different
/// whole numbers and no other label.
#[test]
fn an_id_labelled_only_with_missing_codes_is_an_identifier() {
    let cb = propose(&real("spss_es_pe_lapop_user_missing_Lapop2023.sav"));
    assert_eq!(q(&cb, "idnum").kind, QuestionKind::Identifier);
    // Its neighbours with answer labels stay questions.
    assert_eq!(q(&cb, "ur").kind, QuestionKind::SingleChoice);
}

/// A Qualtrics text-entry question (`QID…_TEXT`) is open text unless every answer is a number:
/// an age typed into a text box, as in the real exports of corpus G (`qualtrics_he_values_…`,
/// `qualtrics_excel_semicolon_…`). Typed numbers beside an option stay that option's text.
#[test]
fn qualtrics_text_entry_of_numbers_is_numeric_and_of_words_open_text() {
    let mut csv = String::from(
        "ResponseId,Q1,Q2,Q3,Q3_3_TEXT\n\
         Response ID,How old are you?,Why?,Pets - Selected Choice,Pets - Other - Text\n\
         \"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"QID1_TEXT\"\"}\",\
         \"{\"\"ImportId\"\":\"\"QID2_TEXT\"\"}\",\"{\"\"ImportId\"\":\"\"QID3\"\"}\",\
         \"{\"\"ImportId\"\":\"\"QID3_3_TEXT\"\"}\"\n",
    );
    let pets = ["Cat", "Dog", "Other"];
    for r in 0..30 {
        let other = if r % 3 == 2 {
            (r % 4 + 1).to_string()
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "R_{r},{},because {r},{},{other}\n",
            18 + r % 9,
            pets[r % 3]
        ));
    }
    let import = read(csv.as_bytes(), "q.csv", &ReadOptions::default()).unwrap();
    assert_eq!(import.source.layout, Layout::Qualtrics);
    let cb = propose(&import);
    assert_eq!(q(&cb, "Q1").kind, QuestionKind::Numeric);
    assert_eq!(q(&cb, "Q2").kind, QuestionKind::OpenText);
    assert_eq!(q(&cb, "Q3_3_TEXT").kind, QuestionKind::OpenText);
}

#[test]
fn surveymonkey_fills_question_text_from_the_left_and_reads_options_from_row_two() {
    let import = import("surveymonkey.csv");
    assert_eq!(import.source.layout, Layout::SurveyMonkey);
    assert_eq!(import.source.header_rows, 2);
    assert_eq!(import.dataset.rows, 6);
    let cb = propose(&import);
    let channels = q(&cb, "Which channels do you use to reach us?");
    assert_eq!(channels.kind, QuestionKind::MultiSelect);
    // SurveyMonkey writes "Other (please specify)" as the text typed: an option chosen by
    // whoever typed something, its texts open answers (the fixture's row 2 names it).
    assert_eq!(
        item_labels(channels),
        ["Email", "Phone", "Chat", "Other (please specify)"]
    );
    assert!(channels.items[3].other && !channels.items[2].other);
    let grid = q(&cb, "How satisfied are you with the following?");
    assert_eq!(grid.kind, QuestionKind::Grid);
    assert_eq!(item_labels(grid), ["Salary", "Workload"]);
    assert_eq!(
        answers(grid),
        [
            "Very dissatisfied",
            "Dissatisfied",
            "Neither satisfied nor dissatisfied",
            "Satisfied",
            "Very satisfied"
        ]
    );
    assert_eq!(q(&cb, "Any other comments?").kind, QuestionKind::OpenText);
    for id in [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "IP Address",
        "Email Address",
    ] {
        assert_eq!(q(&cb, id).kind, QuestionKind::Identifier, "{id}");
    }
    let survey = Survey::new(import.dataset.clone(), cb.clone());
    // Email chosen by 4 of the 6 respondents, all of whom chose some channel.
    assert_eq!(
        counts(&survey, "Which channels do you use to reach us?", 0),
        [2, 4]
    );
}

#[test]
fn limesurvey_codes_group_by_stem_with_y_markers_and_comment_fields_apart() {
    let import = import("limesurvey_codes.csv");
    assert_eq!(import.source.layout, Layout::LimeSurvey);
    let cb = propose(&import);
    let grid = q(&cb, "G01Q02");
    assert_eq!(grid.kind, QuestionKind::Grid);
    assert_eq!(item_labels(grid), ["SQ001", "SQ002", "SQ003"]);
    assert_eq!(
        answers(grid),
        [
            "Zeer mee oneens",
            "Mee oneens",
            "Neutraal",
            "Mee eens",
            "Zeer mee eens",
            "Geen mening"
        ]
    );
    let last = grid.categories.last().unwrap();
    assert!(last.non_substantive);
    assert!(grid.categories[2].label.nl == "Neutraal" && !grid.categories[2].non_substantive);
    let multi = q(&cb, "G01Q03");
    assert_eq!(multi.kind, QuestionKind::MultiSelect);
    assert_eq!(multi.chosen, ["Y"]);
    // Four options and LimeSurvey's `[other]` text, which is the "Other" option.
    assert_eq!(multi.items.len(), 5);
    assert!(multi.items[4].other && multi.items[4].column == "G01Q03[other]");
    assert_eq!(q(&cb, "G01Q05[comment]").kind, QuestionKind::OpenText);
    let score = q(&cb, "G01Q04");
    assert_eq!(score.kind, QuestionKind::Likert);
    assert_eq!(answers(score), ["1", "2", "3", "4", "5"]);
    for id in [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
    ] {
        assert_eq!(q(&cb, id).kind, QuestionKind::Identifier, "{id}");
    }
    let gender = q(&cb, "G01Q01");
    assert_eq!(
        answers(gender),
        ["Vrouw", "Man", "Anders"],
        "by frequency: 3, 2, 1"
    );
    assert!(gender.breakdown);
}

#[test]
fn limesurvey_full_text_headers_give_grids_and_yes_no_option_sets() {
    let import = import("limesurvey_text.csv");
    let cb = propose(&import);
    let grid = q(&cb, "Hoe belangrijk vindt u");
    assert_eq!(grid.kind, QuestionKind::Grid);
    assert_eq!(item_labels(grid), ["Salaris", "Flexibiliteit", "Collega's"]);
    assert_eq!(
        answers(grid),
        [
            "Helemaal niet belangrijk",
            "Niet belangrijk",
            "Neutraal",
            "Belangrijk",
            "Zeer belangrijk",
            "Weet niet"
        ]
    );
    let courses = q(&cb, "Welke cursussen volgde u?");
    assert_eq!(courses.kind, QuestionKind::MultiSelect);
    assert_eq!(courses.chosen, ["Ja"]);
}

#[test]
fn microsoft_forms_semicolon_cells_become_a_multi_select_split_on_known_options() {
    let import = import("msforms.csv");
    assert_eq!(import.source.layout, Layout::MicrosoftForms);
    let cb = propose(&import);
    let channels = q(&cb, "Welke kanalen gebruikt u?");
    assert_eq!(channels.kind, QuestionKind::MultiSelect);
    assert_eq!(channels.delimiter.as_deref(), Some(";"));
    assert_eq!(
        item_labels(channels),
        [
            "E-mail",
            "Telefoon",
            "Chat, via de website",
            "Geen van deze"
        ]
    );
    assert!(channels.items[3].exclusive);
    let survey = Survey::new(import.dataset.clone(), cb.clone());
    // E-mail in rows 1, 3, 4, 5; every respondent answered.
    assert_eq!(counts(&survey, "Welke kanalen gebruikt u?", 0), [2, 4]);
    assert_eq!(counts(&survey, "Welke kanalen gebruikt u?", 2), [4, 2]);
    let satisfied = q(&cb, "Hoe tevreden bent u over de dienstverlening?");
    assert_eq!(satisfied.kind, QuestionKind::Likert);
    // "Hoeveel jaar": a count, so a number in bins rather than a scale or a list of codes.
    let years = q(&cb, "Hoeveel jaar werkt u hier?");
    assert_eq!(years.kind, QuestionKind::Numeric);
    let edges: Vec<f64> = years.bins.iter().filter_map(|b| b.to).collect();
    assert!(
        edges.windows(2).all(|w| w[0] < w[1]),
        "bins in numeric order"
    );
    assert!(years.bins.first().unwrap().from.is_none() && years.bins.last().unwrap().to.is_none());
    for id in ["ID", "Start time", "Completion time", "Email", "Name"] {
        assert_eq!(q(&cb, id).kind, QuestionKind::Identifier, "{id}");
    }
}

#[test]
fn google_forms_grids_and_comma_joined_checkboxes_keep_options_with_commas_whole() {
    let import = import("googleforms.csv");
    assert_eq!(import.source.layout, Layout::GoogleForms);
    let cb = propose(&import);
    assert_eq!(q(&cb, "Timestamp").kind, QuestionKind::Identifier);
    assert_eq!(q(&cb, "E-mailadres").kind, QuestionKind::Identifier);
    let grid = q(&cb, "Stellingen over uw werk");
    assert_eq!(grid.kind, QuestionKind::Grid);
    assert_eq!(
        answers(grid),
        [
            "Helemaal mee oneens",
            "Mee oneens",
            "Neutraal",
            "Mee eens",
            "Helemaal mee eens",
            "Weet niet"
        ]
    );
    let schemes = q(&cb, "Welke regelingen kent u?");
    assert_eq!(schemes.kind, QuestionKind::MultiSelect);
    assert_eq!(schemes.delimiter.as_deref(), Some(","));
    let mut options = item_labels(schemes);
    options.sort_unstable();
    assert_eq!(options, ["Ja, soms een cursus", "Thuiswerken", "Verlof"]);
    let survey = Survey::new(import.dataset.clone(), cb.clone());
    let cursus = schemes
        .items
        .iter()
        .position(|i| i.label.nl == "Ja, soms een cursus")
        .unwrap();
    assert_eq!(counts(&survey, "Welke regelingen kent u?", cursus), [3, 3]);
    assert_eq!(q(&cb, "Opmerkingen").kind, QuestionKind::OpenText);
    assert_eq!(
        answers(q(&cb, "Wat is uw leeftijd?")),
        ["25-34", "35-44", "45-54", "55-64"]
    );
}

#[test]
fn excel_nl_bands_codes_and_decimal_commas_stay_what_they_are() {
    let cb = propose(&import("excel_nl.csv"));
    assert_eq!(
        answers(q(&cb, "Leeftijd")),
        ["18-24", "25-34", "35-44", "45-54"]
    );
    assert_eq!(
        answers(q(&cb, "Hoofdstuk")),
        ["9.2", "9.10", "10.1"],
        "codes by their parts"
    );
    let grade = q(&cb, "Cijfer");
    assert_eq!(grade.kind, QuestionKind::Numeric);
    assert!(!grade.bins.is_empty());
    let a = q(&cb, "Stelling A");
    assert_eq!(a.kind, QuestionKind::Likert);
    assert_eq!(
        answers(a),
        [
            "Zeer mee oneens",
            "Mee oneens",
            "Neutraal",
            "Mee eens",
            "Zeer mee eens",
            "Geen mening"
        ]
    );
    assert_eq!(q(&cb, "Toelichting").kind, QuestionKind::OpenText);
    assert_eq!(q(&cb, "Respondent").kind, QuestionKind::Identifier);
}

#[test]
fn spss_value_labels_become_categories_and_declared_missing_stays_missing() {
    let import = import("survey.sav");
    let cb = propose(&import);
    let gender = q(&cb, "geslacht");
    assert_eq!(answers(gender), ["Man", "Vrouw", "Weigert"]);
    assert!(gender.categories[2].missing);
    assert!(gender.breakdown);
    let grid = q(&cb, "q1");
    assert_eq!(grid.kind, QuestionKind::Grid);
    assert_eq!(grid.text.nl, "Stellingen");
    assert_eq!(item_labels(grid), ["Mijn werk is zinvol", "Ik leer veel"]);
    let values: Vec<&str> = grid.categories.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(values, ["1", "2", "3", "4", "5", "8"]);
    assert!(grid.categories[5].non_substantive);
    let age = q(&cb, "leeftijd");
    assert_eq!(age.kind, QuestionKind::Numeric);
    assert!(age.breakdown);
    assert_eq!(q(&cb, "resp").kind, QuestionKind::Identifier);
    let survey = Survey::new(import.dataset.clone(), cb.clone());
    // geslacht 1,2,1,2,1,9: three men, two women; the refusal is no answer, and no category
    // of the figures either (no 0 % row for it).
    assert_eq!(counts(&survey, "geslacht", 0), [3, 2]);
}

#[test]
fn a_saved_codebook_applies_to_the_next_wave_and_explains_what_differs() {
    let first = import("limesurvey_codes.csv");
    let saved = Codebook::from_json(&propose(&first).to_json()).unwrap();
    let next_wave = "id,submitdate,G01Q01,G01Q02[SQ001],G01Q02[SQ002],G01Q03[SQ001],G01Q03[SQ002],G01Q03[SQ003],G01Q03[SQ004],Nieuw\n\
        1,2025-01-01 10:00,Vrouw,Zeer mee eens,Mee eens,Y,,,,x\n\
        2,2025-01-01 11:00,X,Mee oneens,Neutraal,,Y,,,y\n";
    let next = read(next_wave.as_bytes(), "wave2.csv", &ReadOptions::default()).unwrap();
    let (applied, mismatches) = apply(&saved, &next);
    assert!(mismatches.contains(&Mismatch::ColumnMissing {
        question: "G01Q02".into(),
        column: "G01Q02[SQ003]".into()
    }));
    assert!(mismatches.contains(&Mismatch::QuestionDropped {
        question: "G01Q04".into()
    }));
    assert!(mismatches.contains(&Mismatch::NewValues {
        question: "G01Q01".into(),
        column: "G01Q01".into(),
        values: vec!["X".into()]
    }));
    assert!(mismatches
        .iter()
        .any(|m| matches!(m, Mismatch::NewColumn { column, .. } if column == "Nieuw")));
    assert_eq!(applied.question("G01Q02").unwrap().items.len(), 2);
    assert_eq!(
        applied.question("G01Q02").unwrap().categories,
        saved.question("G01Q02").unwrap().categories
    );
    assert!(applied.question("G01Q04").is_none());
    let text: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("answers not in the codebook: X")),
        "{text:?}"
    );
}

#[test]
fn a_renamed_column_is_found_by_its_header_text() {
    let saved = propose(
        &read(
            b"Leeftijd,Stelling\n25-34,Eens\n35-44,Oneens\n",
            "a.csv",
            &ReadOptions::default(),
        )
        .unwrap(),
    );
    let next = read(
        b"leeftijd ,Stelling\n25-34,Eens\n",
        "b.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    let (applied, mismatches) = apply(&saved, &next);
    assert_eq!(
        mismatches,
        [Mismatch::ColumnRenamed {
            question: "Leeftijd".into(),
            from: "Leeftijd".into(),
            to: "leeftijd".into()
        }]
    );
    assert_eq!(
        applied.question("Leeftijd").unwrap().items[0].column,
        "leeftijd"
    );
}

#[test]
fn matching_from_the_header_alone_gives_what_matching_the_whole_file_gives() {
    // The page leaves codebook matching to the reader worker, which has only the header it
    // sent (names, metadata, levels, proposal) by then: it must come to the same result.
    let first = import("limesurvey_codes.csv");
    let json = propose(&first).to_json();
    let next_wave = "id,submitdate,G01Q01,G01Q02[SQ001],G01Q02[SQ002],Nieuw,Toelichting\n\
        1,2025-01-01 10:00,Vrouw,Zeer mee eens,Mee eens,x,Prima zo\n\
        2,2025-01-01 11:00,X,Mee oneens,Neutraal,y,\n";
    let next = read(next_wave.as_bytes(), "wave2.csv", &ReadOptions::default()).unwrap();
    let header = transfer::encode(&next, &propose(&next)).header;

    let applied = transfer::apply_codebook(&header, &json, true).unwrap();
    let (codebook, mismatches) = apply(&Codebook::from_json(&json).unwrap(), &next);
    assert_eq!(applied.codebook, codebook);
    assert_eq!(applied.mismatches, mismatches);
    assert!(!mismatches.is_empty());
    assert_eq!(
        transfer::Applied::parse(&applied.to_bytes()).unwrap(),
        applied
    );

    let as_is = transfer::apply_codebook(&header, &json, false).unwrap();
    assert_eq!(as_is.codebook, Codebook::from_json(&json).unwrap());
    assert!(as_is.mismatches.is_empty());

    let broken = transfer::apply_codebook(
        &header,
        "{\"format\": \"peiling-codebook\",\n  \"version\": 1,\n  \"questions\": [}",
        true,
    );
    assert!(
        matches!(&broken, Err(transfer::ApplyError::Codebook(e)) if e.to_string().contains("line 3")),
        "{broken:?}"
    );
    assert!(matches!(
        transfer::apply_codebook(&header[..10], &json, true),
        Err(transfer::ApplyError::Header(_))
    ));
}

#[test]
fn decimal_numbers_are_binned_with_each_languages_decimal_mark() {
    // Scores 10,5 to 22 by quarters: span 11,5, five bins of a round width 2,5 (the first
    // round width ≥ 11,5 / 5 = 2,3), starting at 10 — worked by hand.
    let mut csv = String::from("score\n");
    let mut x = 10.5;
    while x <= 22.0 {
        csv += &format!("{x}\n");
        x += 0.25;
    }
    let import = read(csv.as_bytes(), "scores.csv", &ReadOptions::default()).unwrap();
    let codebook = propose(&import);
    let score = q(&codebook, "score");
    assert_eq!(score.kind, QuestionKind::Numeric);
    let nl: Vec<&str> = score.bins.iter().map(|b| b.label.nl.as_str()).collect();
    let en: Vec<&str> = score
        .bins
        .iter()
        .map(|b| b.label.get(peiling_engine::Lang::En))
        .collect();
    assert_eq!(nl, ["10–12,5", "12,5–15", "15–17,5", "17,5–20", "20–22,5"]);
    assert_eq!(en, ["10–12.5", "12.5–15", "15–17.5", "17.5–20", "20–22.5"]);
}

/// A 0–100 slider (the Qualtrics climate file of the corpus has several): five bins of 20 from 0,
/// the top value 100 in the last ("80-100"), not a bin "100-119" of its own — worked by hand.
#[test]
fn a_scale_up_to_a_round_top_ends_its_last_bin_there() {
    let cells: Vec<String> = (0..=100)
        .step_by(3)
        .chain([100, 100])
        .map(|x| x.to_string())
        .collect();
    let csv = format!("slider\n{}\n", cells.join("\n"));
    let codebook = propose(&import_text("slider.csv", &csv));
    let slider = q(&codebook, "slider");
    assert_eq!(slider.kind, QuestionKind::Numeric);
    let labels: Vec<&str> = slider.bins.iter().map(|b| b.label.nl.as_str()).collect();
    assert_eq!(labels, ["0-19", "20-39", "40-59", "60-79", "80-100"]);
    let survey = Survey::new(import_text("slider.csv", &csv).dataset, codebook);
    // 81, 84 … 99 (7 cells) and the two 100s.
    assert_eq!(counts(&survey, "slider", 0)[4], 9);
}

/// Reads CSV text written in the test itself.
fn import_text(name: &str, text: &str) -> Import {
    read(text.as_bytes(), name, &ReadOptions::default()).unwrap()
}

fn kind_of(cb: &Codebook, text: &str) -> QuestionKind {
    cb.questions
        .iter()
        .find(|q| q.text.nl.contains(text))
        .unwrap_or_else(|| panic!("no question reads '{text}'"))
        .kind
}

#[test]
fn the_same_answer_spelt_two_ways_was_typed_and_is_open_text() {
    // A short-answer field where people typed yes and no (as in the Google Forms hot-dog
    // export), beside a choice list whose answers are always written alike.
    let typed = [
        "Yes", "No", "yes", "No ", "NO", "Yes", "No", "Nope", "No", "Yes",
    ];
    let listed = [
        "Yes", "No", "No", "Yes", "No", "Yes", "No", "No", "Yes", "No",
    ];
    let mut text = String::from("Is a hotdog a sandwich?,Are you a student?\n");
    for (t, l) in typed.iter().zip(listed) {
        text.push_str(&format!("{t},{l}\n"));
    }
    let cb = propose(&import_text("hotdog.csv", &text));
    assert_eq!(
        kind_of(&cb, "Is a hotdog a sandwich?"),
        QuestionKind::OpenText
    );
    assert_eq!(
        kind_of(&cb, "Are you a student?"),
        QuestionKind::SingleChoice
    );
}

#[test]
fn comma_joined_answers_spelt_two_ways_are_typed_text_not_checkboxes() {
    // "Which libraries do you use?" typed as a list (LimeSurvey short text): the same service
    // written "YouTube" and "Youtube" cannot come from a form's option list.
    let cells = [
        "\"YouTube, Spotify\"",
        "\"Youtube, Spotify\"",
        "Youtube",
        "\"YouTube, Netflix\"",
        "\"Spotify, Youtube\"",
        "\"Netflix, YouTube\"",
        "Spotify",
        "\"Youtube, Netflix, Spotify\"",
    ];
    let text = format!("Welche Bibliotheken nutzen Sie?\n{}\n", cells.join("\n"));
    let cb = propose(&import_text("bibliotheken.csv", &text));
    assert_eq!(
        kind_of(&cb, "Welche Bibliotheken nutzen Sie?"),
        QuestionKind::OpenText
    );
    // The same cells written alike are checkbox answers.
    let alike = text.replace("Youtube", "YouTube");
    let cb = propose(&import_text("bibliotheken.csv", &alike));
    assert_eq!(
        kind_of(&cb, "Welche Bibliotheken nutzen Sie?"),
        QuestionKind::MultiSelect
    );
}

#[test]
fn a_measurement_with_more_values_than_any_list_is_numeric() {
    // 5,000 respondents, each with a different weight (more distinct values than the reader
    // keeps as categories), and a respondent number: the first is a number to bin, the second
    // names respondents.
    let mut text = String::from("weegfactor2024,respondent\n");
    for i in 0..5000 {
        text.push_str(&format!(
            "{},{}\n",
            0.05 + f64::from(i) * 0.000_37,
            1000 + i
        ));
    }
    let cb = propose(&import_text("gewichten.csv", &text));
    assert_eq!(kind_of(&cb, "weegfactor2024"), QuestionKind::Numeric);
    assert_eq!(kind_of(&cb, "respondent"), QuestionKind::Identifier);
}

#[test]
fn an_array_row_with_an_empty_text_stays_in_its_array() {
    // LimeSurvey writes `Question []` for a sub-question whose text was left empty.
    let scale = ["Souvent", "Jamais", "Quelquefois"];
    let mut text = String::from(
        "\"ID de la réponse\",\"À quelle fréquence ? []\",\"À quelle fréquence ? [Emails]\",\"À quelle fréquence ? [Jeux]\"\n",
    );
    for i in 0..12 {
        text.push_str(&format!(
            "{i},{},{},{}\n",
            scale[i % 3],
            scale[(i + 1) % 3],
            scale[(i + 2) % 3]
        ));
    }
    let cb = propose(&import_text("results-survey.csv", &text));
    let q = cb
        .questions
        .iter()
        .find(|q| q.text.nl.contains("À quelle fréquence"))
        .unwrap();
    assert_eq!(q.kind, QuestionKind::Grid);
    assert_eq!(q.items.len(), 3);
}

#[test]
fn a_mark_out_of_ten_is_a_number_and_a_score_out_of_ten_a_scale() {
    // Dutch reports give a "rapportcijfer" as an average; the same numbers under another
    // heading are a ten-point scale.
    let mut text = String::from("Welk rapportcijfer geeft u de buurt?,Score\n");
    for i in 0..30 {
        let mark = 1 + (i * 7) % 10;
        text.push_str(&format!("{mark},{mark}\n"));
    }
    let cb = propose(&import_text("buurt.csv", &text));
    assert_eq!(kind_of(&cb, "rapportcijfer"), QuestionKind::Numeric);
    assert_ne!(kind_of(&cb, "Score"), QuestionKind::Numeric);
}

#[test]
fn a_short_list_typed_by_hand_in_two_cases_is_one_choice_with_each_answer_once() {
    // A spreadsheet filled in by hand: "Man" and "man", "Vrouw" and "vrouw " — every spelling
    // several times, nothing typed once. Counted by hand: Man 4 + man 3 = 7, Vrouw 5 +
    // "vrouw " 2 = 7.
    let cells = [
        "Man", "Man", "man", "Vrouw", "Vrouw", "vrouw ", "Man", "man", "Vrouw", "Vrouw", "vrouw ",
        "Man", "man", "Vrouw",
    ];
    let text = format!("Geslacht\n{}\n", cells.join("\n"));
    let import = import_text("handmatig.csv", &text);
    let cb = propose(&import);
    assert_eq!(kind_of(&cb, "Geslacht"), QuestionKind::SingleChoice);
    let q = cb
        .questions
        .iter()
        .find(|q| q.text.nl == "Geslacht")
        .unwrap();
    let mut labels: Vec<&str> = q.categories.iter().map(|c| c.label.nl.as_str()).collect();
    labels.sort_unstable();
    assert_eq!(labels, ["Man", "Vrouw"]);
    let survey = peiling_engine::Survey::new(import.dataset, cb.clone());
    let variable = survey.variable(&q.id, 0).unwrap();
    let mut counts = vec![0; variable.categories];
    for row in 0..survey.rows() {
        if let Some(n) = counts.get_mut(variable.get(row) as usize) {
            *n += 1;
        }
    }
    // Each category counts every spelling of its answer.
    assert_eq!(&counts[..2], [7, 7]);
    assert_eq!(counts.iter().sum::<i32>(), 14);
}

#[test]
fn a_yes_no_grid_puts_no_before_yes_however_its_first_row_lists_them() {
    // Rows answered yes/no/don't know (as the LimeSurvey arrays in the Spanish export: with a
    // third answer they are a grid, not checkboxes), the first row answered "Sí" first: "Sí"
    // must still be the positive end, as in a grid listing "No" first.
    let rows = [
        ("Sí", "No"),
        ("Sí", "Sí"),
        ("No", "Ns/Nc"),
        ("Sí", "No"),
        ("No", "No"),
        ("Ns/Nc", "Sí"),
    ];
    let mut text = String::from("¿Tiene usted? [Auto],¿Tiene usted? [Casa]\n");
    for (a, b) in rows {
        text.push_str(&format!("{a},{b}\n"));
    }
    let cb = propose(&import_text("encuesta.csv", &text));
    let q = cb
        .questions
        .iter()
        .find(|q| q.text.nl.starts_with("¿Tiene usted?"))
        .unwrap();
    assert_eq!(q.kind, QuestionKind::Grid);
    let labels: Vec<&str> = q.categories.iter().map(|c| c.label.nl.as_str()).collect();
    assert_eq!(labels, ["No", "Sí", "Ns/Nc"]);
    assert!(q.categories[2].non_substantive);
}

/// Columns of more distinct values than categories can have are judged from every cell, over
/// more cells than the proposal reads in one call (`dataset::WARM_ROWS`): a respondent number,
/// a measurement with blanks and "N/A", and the same measurement with one typed word near the
/// end. Expected kinds from what each column was written to hold.
#[test]
fn long_text_columns_are_judged_from_every_cell() {
    let rows = 70_000;
    let mut csv = String::from("nr,bedrag,bedrag_tekst\n");
    for r in 0..rows {
        let amount = match r % 1000 {
            7 => String::new(),
            8 => "N/A".to_owned(),
            // Never a trailing zero after the point: "12.10" reads as a code.
            _ => format!("{}.{}", r * 3 % 9973, r % 9 + 1),
        };
        let typed = if r == rows - 5 {
            "onbekend".to_owned()
        } else {
            amount.clone()
        };
        csv.push_str(&format!("{},{amount},{typed}\n", r + 1));
    }
    let import = read(csv.as_bytes(), "lang.csv", &ReadOptions::default()).unwrap();
    let cb = propose(&import);
    assert_eq!(q(&cb, "nr").kind, QuestionKind::Identifier);
    assert_eq!(q(&cb, "bedrag").kind, QuestionKind::Numeric);
    assert_ne!(q(&cb, "bedrag_tekst").kind, QuestionKind::Numeric);
}

#[test]
fn dutch_limesurvey_metadata_and_a_repeated_equation_heading_are_no_questions() {
    // LimeSurvey 2.x's Dutch export as in the CIBERlite and Party Panel surveys of
    // tests/fixtures/real (corpus H): Dutch metadata and timing headings, and an equation after
    // each behaviour under one and the same heading, which the reader numbers "(2)".
    let csv = "\"Respons ID\",\"Datum verzonden\",\"Laatste pagina\",\"Begin taal\",\"Verwijzer-URL\",\
\"Hoe oud bent u?\",\"{self.gseq + 1}\",\"Drinkt u koffie?\",\"{self.gseq + 1}\",\"Totaaltijd\",\
\"Groep tijd: Algemeen\",\"Vraagtijd: age\",\"Vraag tijd: coffee\"\n\
\"1\",\"1980-01-01 00:00:00\",\"2\",\"nl-informal\",\"http://a.nl/\",\"34\",\"4\",\"ja\",\"5\",\"12.5\",\"3.1\",\"1.2\",\"2.2\"\n\
\"2\",\"1980-01-01 00:00:00\",\"2\",\"nl-informal\",\"http://b.nl/\",\"51\",\"5\",\"nee\",\"4\",\"20.1\",\"4.4\",\"2.9\",\"3.3\"\n\
\"3\",\"1980-01-01 00:00:00\",\"2\",\"nl-informal\",\"http://a.nl/\",\"29\",\"6\",\"ja\",\"7\",\"31.0\",\"5.0\",\"2.0\",\"1.1\"\n\
\"4\",\"1980-01-01 00:00:00\",\"2\",\"nl-informal\",\"http://b.nl/\",\"62\",\"7\",\"ja\",\"6\",\"18.7\",\"2.5\",\"1.5\",\"4.8\"\n\
\"5\",\"1980-01-01 00:00:00\",\"2\",\"nl-informal\",\"http://a.nl/\",\"45\",\"4\",\"nee\",\"5\",\"22.2\",\"3.7\",\"2.6\",\"2.4\"\n\
\"6\",\"1980-01-01 00:00:00\",\"2\",\"nl-informal\",\"http://b.nl/\",\"38\",\"5\",\"ja\",\"4\",\"15.9\",\"3.3\",\"1.9\",\"1.7\"\n";
    let import = read(
        csv.as_bytes(),
        "results-survey.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    let cb = propose(&import);
    let asked: Vec<&str> = cb
        .questions
        .iter()
        .filter(|q| q.kind != QuestionKind::Identifier)
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(asked, ["Hoe oud bent u?", "Drinkt u koffie?"]);
}

/// KoboToolbox's select_multiple (as in `tests/fixtures/real/kobotoolbox_csv_labels_semicolon_
/// Dam_and_You.csv`): the chosen labels joined by spaces under the question, then one
/// `question/option` column of 1 and 0 per option, an option holding a `/` of its own. Read as
/// one multi-select; the joined column is no question of its own; "How did/will you …", whose
/// part before the `/` heads no column, stays one question. Counts by construction: the rows.
#[test]
fn kobotoolbox_option_columns_are_one_multi_select_and_the_joined_labels_no_question() {
    let q1 = "Which group?";
    let csv = format!(
        "{q1};{q1}/Local community;{q1}/NGO/Civil Society;{q1}/Regulator;How did/will you pay?\n\
         Local community;1;0;0;Cash\n\
         Local community NGO/Civil Society;1;1;0;Bank\n\
         NGO/Civil Society;0;1;0;Cash\n\
         ;;;;Bank\n\
         Local community;1;0;0;Cash\n"
    );
    let import = import_text("kobo.csv", &csv);
    let cb = propose(&import);
    let multi = q(&cb, q1);
    assert_eq!(multi.kind, QuestionKind::MultiSelect);
    assert_eq!(
        item_labels(multi),
        ["Local community", "NGO/Civil Society", "Regulator"]
    );
    let joined = cb
        .questions
        .iter()
        .find(|q| q.items[0].column == q1)
        .unwrap();
    assert_eq!(joined.kind, QuestionKind::Identifier);
    assert_eq!(
        kind_of(&cb, "How did/will you pay?"),
        QuestionKind::SingleChoice
    );
    let survey = Survey::new(import.dataset, cb.clone());
    // [not chosen, chosen] over the four who answered (the fourth row left it).
    let options: Vec<Vec<usize>> = (0..3).map(|i| counts(&survey, q1, i)).collect();
    assert_eq!(options, [[1, 3], [2, 2], [4, 0]]);
}

/// Typeform's multiple choice (as in `tests/fixtures/real/typeform_fr_opportunitegp_res_
/// YvBfAdHB.csv`): one column per option headed by the option's text, holding that text when
/// ticked; an option nobody ticked is an empty column; "Other" holds the typed texts. The
/// question's text is not in the file. Two such questions side by side part after the first
/// one's "Aucune" (none); a question asked of everyone ("Vivez-vous …?") stays apart.
#[test]
fn typeform_option_columns_are_one_multi_select_up_to_its_none_and_other() {
    let csv = "Vivez-vous en France ?,Smartphone,Ordinateur,Rien,Other,ANSSI,CNIL,Aucune\n\
               1,Smartphone,,,,ANSSI,,\n\
               1,Smartphone,Ordinateur,,,,CNIL,\n\
               0,,Ordinateur,,une tablette,,,Aucune\n\
               1,Smartphone,,,,ANSSI,CNIL,\n\
               1,,,,une montre,ANSSI,,\n";
    let import = import_text("typeform.csv", csv);
    let cb = propose(&import);
    let devices = q(&cb, "Smartphone");
    assert_eq!(devices.kind, QuestionKind::MultiSelect);
    assert_eq!(
        item_labels(devices),
        ["Smartphone", "Ordinateur", "Rien", "Other"]
    );
    assert!(devices.items[3].other);
    assert_eq!(devices.text.nl, "Smartphone / Ordinateur / Rien / Other");
    let agencies = q(&cb, "ANSSI");
    assert_eq!(item_labels(agencies), ["ANSSI", "CNIL", "Aucune"]);
    assert_eq!(
        kind_of(&cb, "Vivez-vous en France ?"),
        QuestionKind::SingleChoice
    );
    let survey = Survey::new(import.dataset, cb.clone());
    // [not chosen, chosen] over everyone who ticked one (all five), the typed "Other"s ticked.
    let ticked: Vec<Vec<usize>> = (0..4).map(|i| counts(&survey, "Smartphone", i)).collect();
    assert_eq!(ticked, [[2, 3], [3, 2], [5, 0], [3, 2]]);
    assert_eq!(counts(&survey, "ANSSI", 1), [3, 2]);
}

/// SoSci Survey names the text typed for option 4 of `DO03` ("Andere, und zwar:") `DO03_04`,
/// right after `DO03` (as in `tests/fixtures/real/soscisurvey_de_rdata_hybridearbeit2024_
/// 2024-07-11_17-10.csv`): open text under its own name, not an option column of a question
/// `DO03`. Options of a question without a column of its own (`NT01_01`, `NT01_02`) stay one.
#[test]
fn sosci_text_typed_for_an_option_is_open_text_under_its_own_name() {
    let csv = "DO03\tDO03_04\tNT01_01\tNT01_02\n\
               1\t\t2\t1\n\
               4\tAVWS\t1\t2\n\
               2\t\t2\t2\n\
               1\t\t1\t1\n";
    let cb = propose(&import_text("sosci.csv", csv));
    assert_eq!(q(&cb, "DO03_04").kind, QuestionKind::OpenText);
    assert_eq!(q(&cb, "DO03").items.len(), 1);
    assert_eq!(q(&cb, "NT01").items.len(), 2);
}

/// A Google Form's checkbox column (options joined by ", ", as in the Dutch Sheets download
/// of corpus H) where two respondents typed one "Other" answer two ways ("Matlab", "MATLAB"):
/// a multi-select whose options are the form's, the two spellings typed answers. The same
/// cells without the form's timestamp column (no known tool) stay text: answers spelt two ways
/// mark typed text there. Counts by construction.
#[test]
fn a_google_forms_checkbox_column_with_an_other_answer_spelt_two_ways_is_a_multi_select() {
    let cells = [
        "Python, R",
        "R",
        "Python",
        "Python, R",
        "R, Matlab",
        "Python, MATLAB",
        "Python, Matlab",
        "R, MATLAB",
        "Python, R",
        "R",
        "Python",
        "R, Python",
        "Python",
        "R",
        "Python, R",
        "R",
        "Python",
        "R",
        "Python, R",
        "R",
        "Python",
    ];
    let rows: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| format!("2024/01/{:02} 10:00:00,\"{c}\"", i + 1))
        .collect();
    let form = format!("Tijdstempel,Talen\n{}\n", rows.join("\n"));
    let cb = propose(&import_text("form.csv", &form));
    let talen = q(&cb, "Talen");
    assert_eq!(talen.kind, QuestionKind::MultiSelect);
    let options = item_labels(talen);
    assert!(
        options.starts_with(&["Python", "R"]) || options.starts_with(&["R", "Python"]),
        "{options:?}"
    );
    assert!(
        !options.iter().any(|o| o.eq_ignore_ascii_case("matlab")),
        "{options:?}"
    );
    let plain = format!("Talen\n{}\n", cells.map(|c| format!("\"{c}\"")).join("\n"));
    let cb = propose(&import_text("plain.csv", &plain));
    assert_ne!(q(&cb, "Talen").kind, QuestionKind::MultiSelect);
}

#[test]
fn a_column_nobody_answered_is_proposed_as_not_analysed() {
    // As Google Sheets writes a form's responses with an empty column between the answers
    // ('Kolom 4'), and KoboToolbox a note: a header and no cell filled. A typed answer beside
    // it stays open text.
    let mut text = String::from("Tijdstempel,Opmerking,Kolom 4\n");
    let remarks = [
        "Mooie route",
        "Te druk",
        "Graag vaker",
        "Goed georganiseerd",
    ];
    for i in 0..12 {
        text.push_str(&format!(
            "2024/05/{:02} 10:00:00,{},\n",
            i + 1,
            remarks[i % 4]
        ));
    }
    let cb = propose(&import_text("antwoorden.csv", &text));
    assert_eq!(kind_of(&cb, "Kolom 4"), QuestionKind::Identifier);
    assert_eq!(kind_of(&cb, "Opmerking"), QuestionKind::OpenText);
}

/// KoBoToolbox's `table-list` groups (the layout of the real `Dam_and_You.csv` in the corpus):
/// the group's label as a column nobody answers, then a column per statement headed by the
/// statement alone. The statements on one list are one grid of the heading's question; two
/// yes/no questions after a note are two questions, and so are a ranking's choices among
/// themes (names in no order: no scale to chart them on). The expected shape is how the file
/// below was written, not the engine's output.
#[test]
fn statements_under_an_empty_heading_column_are_one_grid() {
    let csv = "\
How do you use the river?,Drinking water,Irrigation,Drinking water,About you,Married?,Employed?,Which themes matter most?,1st choice,2nd choice
,Always,Never,Sometimes,,Yes,No,,Health,Food
,Often,Rarely,Always,,No,No,,Food,Education
,Sometimes,Never,Never,,Yes,Yes,,Education,Health
,Always,Sometimes,Rarely,,No,Yes,,Health,Education
,Never,Often,Often,,Yes,No,,Food,Health
,Rarely,Always,Sometimes,,Yes,Yes,,Education,Food
";
    let import = read(csv.as_bytes(), "table-list.csv", &ReadOptions::default()).unwrap();
    let cb = propose(&import);
    let grids = kinds(&cb, QuestionKind::Grid);
    assert_eq!(grids.len(), 1, "{:?}", cb.questions);
    let grid = q(&cb, grids[0]);
    assert_eq!(grid.text.nl, "How do you use the river?");
    // A heading written twice keeps its words as the item's label.
    assert_eq!(
        item_labels(grid),
        ["Drinking water", "Irrigation", "Drinking water"]
    );
    assert_eq!(
        answers(grid),
        ["Never", "Rarely", "Sometimes", "Often", "Always"]
    );
    // The heading column is the grid's: no question of its own.
    assert!(cb
        .questions
        .iter()
        .all(|q| q.text.nl != "How do you use the river?" || q.kind == QuestionKind::Grid));
    for single in ["Married?", "Employed?", "1st choice", "2nd choice"] {
        assert!(
            cb.questions
                .iter()
                .any(|q| q.text.nl == single && q.kind != QuestionKind::Grid && q.items.len() == 1),
            "{single}: {:?}",
            cb.questions
        );
    }
}

/// A year of birth typed into an age question (as one student did in the real German LimeSurvey
/// file of corpus Q: "1998" among "19", "20" …) stays outside the age groups, which span the
/// ages: no bins of 500 years, and no one counted as 35 or older for it.
#[test]
fn a_year_of_birth_among_ages_stays_outside_the_age_groups() {
    let mut csv = String::from("Alter (in Jahren):,Geschlecht:\n");
    for (k, age) in [19, 20, 21, 22, 23, 25, 28, 31, 19, 20, 1998]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!("{age},{}\n", ["weiblich", "männlich"][k % 2]));
    }
    let import = read(csv.as_bytes(), "alter.csv", &ReadOptions::default()).unwrap();
    let cb = propose(&import);
    let age = cb
        .questions
        .iter()
        .find(|q| q.text.nl.starts_with("Alter"))
        .unwrap();
    assert_eq!(age.kind, QuestionKind::Numeric);
    let bins: Vec<&str> = age.bins.iter().map(|b| b.label.nl.as_str()).collect();
    assert_eq!(bins, ["< 25", "25+"]);
    let survey = Survey::new(import.dataset.clone(), cb.clone());
    // Seven under 25, three from 25 to 31; the year of birth in neither.
    assert_eq!(counts(&survey, &age.id, 0), [7, 3]);
}

/// LimeSurvey arrays whose own text was left empty, headed ` [Statement]` alone (the real
/// English and German LimeSurvey files of corpus Q): after a text display, exported with its own
/// text for whoever saw it, the array takes the display's text; after a question with one answer
/// given (a consent) it does not, and is named by its first statement. The expected shapes are
/// how the file below was written.
#[test]
fn an_array_without_text_takes_the_text_display_before_it() {
    let display = "Look at the plot above and rate the explanation it gives of the forecast.";
    let agree = [
        "I strongly disagree",
        "I somewhat disagree",
        "I am neutral about it",
        "I somewhat agree",
        "I strongly agree",
    ];
    let mut csv = format!("\"Do you consent?\",\" [It is useful.]\",\" [It is short.]\",\"{display}\",\" [It is clear.]\",\" [It is complete.]\",\"Age\"\n");
    for k in 0..10 {
        csv.push_str(&format!(
            "\"Yes\",\"{}\",\"{}\",\"{display}\",\"{}\",\"{}\",\"{}\"\n",
            agree[(k + 1) % 5],
            agree[(k + 3) % 5],
            agree[k % 5],
            agree[(k + 2) % 5],
            20 + k,
        ));
    }
    let import = read(
        csv.as_bytes(),
        "results-survey1.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    let cb = propose(&import);
    let grids: Vec<&Question> = cb
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Grid)
        .collect();
    assert_eq!(grids.len(), 2, "{:?}", cb.questions);
    // After the consent (one answer given): named by its first statement.
    assert_eq!(grids[0].text.nl, "It is useful.");
    assert_eq!(grids[1].text.nl, display);
    assert_eq!(item_labels(grids[1]), ["It is clear.", "It is complete."]);
    assert_eq!(answers(grids[1]), agree);
    // The display itself is not analysed.
    assert!(cb
        .questions
        .iter()
        .any(|q| q.text.nl == display && q.kind == QuestionKind::Identifier));
}
