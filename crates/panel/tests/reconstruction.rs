//! The reconstruction's promises beyond the published figures: the committed files are what
//! the generator writes, the answers are internally consistent, and the structure that
//! `data/README.md` describes is really in the data.

mod support;

use peiling_engine::rounding::percent_half_up;
use peiling_engine::{QuestionKind, MISSING};
use support::{count, item_index, not, rows_answering, share, AGREE, DISAGREE, TICKED};

#[test]
fn committed_files_are_exactly_what_the_generator_writes() {
    let panel = peiling_panel::generate().expect("the targets are feasible");
    assert!(
        panel.csv == support::read(peiling_panel::CSV_FILE),
        "data/{} differs from the generator's output: run `cargo run -p peiling-panel -- data/`",
        peiling_panel::CSV_FILE
    );
    assert!(
        panel.codebook_json().as_bytes() == support::read(peiling_panel::CODEBOOK_FILE),
        "data/{} differs from the generator's output: run `cargo run -p peiling-panel -- data/`",
        peiling_panel::CODEBOOK_FILE
    );
}

#[test]
fn every_cell_is_an_answer_the_codebook_knows() {
    let survey = support::survey();
    for question in &survey.codebook.questions {
        if !question.kind.is_categorical() {
            continue;
        }
        for (i, item) in question.items.iter().enumerate() {
            let column = survey.data.column(&item.column).expect("the column exists");
            let variable = survey.variable(&question.id, i).expect("resolves");
            for row in 0..survey.rows() {
                if column.cell(row).is_some() {
                    assert_ne!(
                        variable.get(row),
                        MISSING,
                        "{} row {}: '{}' is not an answer of {}",
                        item.column,
                        row + 1,
                        column.cell(row).unwrap_or_default(),
                        question.id
                    );
                }
            }
        }
    }
}

#[test]
fn exclusive_answers_stand_alone_and_everyone_ticks_something() {
    let survey = support::survey();
    for question in survey
        .codebook
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::MultiSelect)
    {
        let options = survey.options(&question.id).expect("resolves");
        for row in 0..survey.rows() {
            let ticked: Vec<usize> = (0..options.len())
                .filter(|&o| options[o].get(row) == 1)
                .collect();
            assert!(
                !ticked.is_empty(),
                "{} row {} ticks nothing",
                question.id,
                row + 1
            );
            if ticked.iter().any(|&o| question.items[o].exclusive) {
                assert_eq!(
                    ticked.len(),
                    1,
                    "{} row {} combines an exclusive answer",
                    question.id,
                    row + 1
                );
            }
        }
    }
}

#[test]
fn only_municipal_employees_have_a_municipality_size() {
    let survey = support::survey();
    let municipal = rows_answering(&survey, "werkgever", &["Gemeente"]);
    let size = survey
        .data
        .column("gemeentegrootte")
        .expect("the column exists");
    for (row, is_municipal) in municipal.iter().enumerate() {
        assert_eq!(size.cell(row).is_some(), *is_municipal, "row {}", row + 1);
    }
}

#[test]
fn generations_group_the_age_bands() {
    let survey = support::survey();
    let generation = survey.variable("generatie", 0).expect("resolves");
    let groups = [
        (0, &["Jonger dan 25", "25-34"][..]),
        (1, &["35-44", "45-54"][..]),
        (2, &["55-59", "60-64", "65 of ouder"][..]),
    ];
    for (category, bands) in groups {
        let in_bands = rows_answering(&survey, "leeftijd", bands);
        for (row, expected) in in_bands.iter().enumerate() {
            assert_eq!(
                generation.get(row) == category,
                *expected,
                "row {}",
                row + 1
            );
        }
    }
}

/// The difference in percentage points between two groups, shown when the claim fails.
fn gap(high: f64, low: f64, at_least: f64, claim: &str) {
    assert!(
        high - low >= at_least,
        "{claim}: {high:.1}% against {low:.1}%"
    );
}

#[test]
fn managers_more_often_feel_encouraged_and_enabled_to_develop() {
    let survey = support::survey();
    let managers = rows_answering(
        &survey,
        "functie",
        &["Leidinggevend", "Management en bestuur"],
    );
    for item in [0, 2] {
        gap(
            share(&survey, "eigen_organisatie", item, AGREE, &managers),
            share(&survey, "eigen_organisatie", item, AGREE, &not(&managers)),
            10.0,
            &format!("own organisation statement {}", item + 1),
        );
    }
    let operational = rows_answering(&survey, "functie", &["Uitvoerend"]);
    gap(
        share(&survey, "competenties", 0, AGREE, &managers),
        share(&survey, "competenties", 0, AGREE, &operational),
        8.0,
        "political-administrative sensitivity, managers against operational staff",
    );
}

#[test]
fn the_young_name_technology_more_and_see_less_change() {
    let survey = support::survey();
    let young = rows_answering(&survey, "generatie", &["Jonger dan 35"]);
    let older = rows_answering(&survey, "generatie", &["55 en ouder"]);
    for (question, item, claim) in [
        ("maatschappij", 4, "Technologische vernieuwing"),
        (
            "organisatie",
            3,
            "Automatisering van processen en dienstverlening",
        ),
        ("organisatie", 4, "Gebruik van algoritmen en big data"),
    ] {
        gap(
            share(&survey, question, item, TICKED, &young),
            share(&survey, question, item, TICKED, &older),
            10.0,
            claim,
        );
    }
    gap(
        share(&survey, "stellingen", 2, DISAGREE, &older),
        share(&survey, "stellingen", 2, DISAGREE, &young),
        10.0,
        "disagreeing that the craft hardly changed, 55 and older against younger than 35",
    );
}

#[test]
fn employers_differ_where_their_work_differs() {
    let survey = support::survey();
    let central = rows_answering(&survey, "werkgever", &["Rijksoverheid"]);
    let municipal = rows_answering(&survey, "werkgever", &["Gemeente"]);
    gap(
        share(&survey, "organisatie", 1, TICKED, &central),
        share(&survey, "organisatie", 1, TICKED, &municipal),
        10.0,
        "meeting political wishes, central government against municipalities",
    );
    gap(
        share(&survey, "competenties", 4, AGREE, &municipal),
        share(&survey, "competenties", 4, AGREE, &central),
        5.0,
        "connection with citizens, municipalities against central government",
    );
}

#[test]
fn a_majority_feels_appreciated_while_support_scores_clearly_lower() {
    let survey = support::survey();
    let everyone = vec![true; survey.rows()];
    let appreciated = share(&survey, "eigen_organisatie", 1, AGREE, &everyone);
    assert!(appreciated > 50.0, "appreciated: {appreciated:.1}%");
    for item in [0, 2, 3] {
        gap(
            appreciated,
            share(&survey, "eigen_organisatie", item, AGREE, &everyone),
            10.0,
            &format!("appreciated against support statement {}", item + 1),
        );
    }
}

#[test]
fn managers_are_older_and_operational_staff_less_often_hold_a_masters() {
    let survey = support::survey();
    let managers = rows_answering(
        &survey,
        "functie",
        &["Leidinggevend", "Management en bestuur"],
    );
    let older = rows_answering(&survey, "generatie", &["55 en ouder"]);
    let share_of = |group: &[bool], within: &[bool]| {
        let n = within.iter().filter(|w| **w).count();
        let hits = group.iter().zip(within).filter(|(g, w)| **g && **w).count();
        100.0 * hits as f64 / n as f64
    };
    gap(
        share_of(&older, &managers),
        share_of(&older, &not(&managers)),
        10.0,
        "55 and older among managers",
    );
    let masters = rows_answering(
        &survey,
        "opleiding",
        &["Hbo-master, wo-master of doctoraat"],
    );
    let operational = rows_answering(&survey, "functie", &["Uitvoerend"]);
    gap(
        share_of(&masters, &not(&operational)),
        share_of(&masters, &operational),
        15.0,
        "master's degrees, others against operational staff",
    );
}

/// The value tables of `data/README.md` (in its section "Published and chosen values", the
/// rows that start with a question id in backticks) hold in the CSV, and they cover every answer, option and statement.
#[test]
fn readme_tables_match_the_data_and_cover_every_answer() {
    let readme = String::from_utf8(support::read("README.md")).expect("UTF-8");
    let survey = support::survey();
    let everyone = vec![true; survey.rows()];
    let mut documented = Vec::new();
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Published and chosen values"))
        .expect("README has a section 'Published and chosen values'");
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (id, label) = (cells[0].trim_matches('`'), cells[1]);
        let values = cells.last().expect("a reconstruction column");
        let question = survey.question(id).expect("a known question");
        let (item, expected): (usize, Vec<(u16, u32)>) = match question.kind {
            QuestionKind::Grid => {
                let percents = values
                    .split('·')
                    .map(|v| v.trim().parse().expect("a percentage"));
                (
                    item_index(&survey, id, label),
                    (0..).zip(percents).collect(),
                )
            }
            QuestionKind::MultiSelect => (
                item_index(&survey, id, label),
                vec![(1, values.parse().expect("a percentage"))],
            ),
            _ => {
                let category = question.category_of(label).expect("a known answer") as u16;
                (0, vec![(category, values.parse().expect("a percentage"))])
            }
        };
        for (category, percent) in expected {
            let (hits, base) = count(&survey, id, item, &[category], &everyone);
            assert_eq!(
                percent_half_up(hits as f64, base as f64),
                percent,
                "README: {id} / {label} / answer {category}"
            );
        }
        documented.push((id.to_string(), label.to_string()));
    }
    for question in &survey.codebook.questions {
        let labels: Vec<&str> = match question.kind {
            QuestionKind::Grid | QuestionKind::MultiSelect => {
                question.items.iter().map(|i| i.label.nl.as_str()).collect()
            }
            QuestionKind::SingleChoice if question.id != "generatie" => question
                .categories
                .iter()
                .map(|c| c.value.as_str())
                .collect(),
            _ => Vec::new(),
        };
        for label in labels {
            assert!(
                documented.contains(&(question.id.clone(), label.to_string())),
                "README has no row for {} / {label}",
                question.id
            );
        }
    }
}
