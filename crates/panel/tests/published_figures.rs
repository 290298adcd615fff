//! Every figure printed in "Ambtelijk vakmanschap onder druk" (Ambtenarenpanel, n = 1.601),
//! recomputed from the bundled panel through the engine and rounded as the article rounds.
//!
//! The reference values come from `data/published-figures.json`, the project's transcription
//! of the article — not from the generator's tables — so a mistake on either side shows here.

mod support;

use peiling_engine::rounding::percent_half_up;
use peiling_engine::QuestionKind;
use serde::Deserialize;

#[derive(Deserialize)]
struct Published {
    n: usize,
    figures: Vec<Figure>,
}

#[derive(Deserialize, Debug)]
struct Figure {
    question: String,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    answers: Vec<String>,
    percent: u32,
    base: String,
}

fn published() -> Published {
    serde_json::from_slice(&support::read("published-figures.json")).expect("valid JSON")
}

#[test]
fn every_published_figure_is_reproduced_to_the_percent() {
    let published = published();
    let survey = support::survey();
    assert_eq!(
        survey.rows(),
        published.n,
        "the panel has as many respondents as printed"
    );
    let municipal = support::rows_answering(&survey, "werkgever", &["Gemeente"]);
    let everyone = vec![true; survey.rows()];

    let mut wrong = Vec::new();
    for figure in &published.figures {
        let question = survey.question(&figure.question).expect("a known question");
        let item = match &figure.item {
            Some(label) => support::item_index(&survey, &figure.question, label),
            None => 0,
        };
        let categories: Vec<u16> = if question.kind == QuestionKind::MultiSelect {
            assert!(
                figure.answers.is_empty(),
                "{figure:?}: an option is counted as ticked"
            );
            vec![1]
        } else {
            figure
                .answers
                .iter()
                .map(|a| {
                    question
                        .category_of(a)
                        .unwrap_or_else(|| panic!("{figure:?}: no answer '{a}'"))
                        as u16
                })
                .collect()
        };
        let (hits, base) = support::count(&survey, &figure.question, item, &categories, &everyone);
        let expected_base = match figure.base.as_str() {
            "all respondents" => published.n,
            "municipal employees" => municipal.iter().filter(|m| **m).count(),
            other => panic!("{figure:?}: unknown base '{other}'"),
        };
        assert_eq!(base, expected_base, "{figure:?}: the base");
        let got = percent_half_up(hits as f64, base as f64);
        if got != figure.percent {
            wrong.push(format!("{figure:?}: {hits} of {base} gives {got}%"));
        }
    }
    assert!(wrong.is_empty(), "figures off:\n{}", wrong.join("\n"));
}

#[test]
fn the_transcription_covers_every_published_figure() {
    // Counted by hand in the article: 4 age, 3 education, 5 employer, 2 municipality size,
    // 5 function, 4 statements, 11 competencies plus 3 chart labels for each of the last 5,
    // 3 societal and 5 organisational developments.
    assert_eq!(
        published().figures.len(),
        4 + 3 + 5 + 2 + 5 + 4 + 11 + 15 + 3 + 5
    );
}
