//! The overview at the top of a report of many questions: one line per chart with its base
//! and headline figure, rounded as the chart rounds it, none with a breakdown.
//!
//! The file is a real SPSS export (the SAQ statistics-anxiety data, see
//! `tests/fixtures/real/SOURCES-*.md`); the expected figures come from its `.expect.json`,
//! whose counts were tallied with pyreadstat 1.3.8, not from this project's reader.

use std::path::PathBuf;

use peiling_engine::codebook::Lang;
use peiling_engine::overview::overview;
use peiling_engine::report::build;
use peiling_engine::stats::Options;
use peiling_engine::view::View;
use peiling_engine::{infer, read, Survey};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/real")
        .join(name)
}

fn saq() -> Survey {
    let bytes = std::fs::read(corpus("spss_saq_statistics_anxiety.sav")).unwrap();
    let import = read::read(&bytes, "saq.sav", &read::ReadOptions::default()).unwrap();
    let codebook = infer::propose(&import);
    Survey::new(import.dataset, codebook)
}

/// Whole percent, half up, as the charts print it.
fn whole(part: f64, base: f64) -> u32 {
    (part / base * 100.0 + 0.5).floor() as u32
}

/// A corpus file read as the page reads it, with the expectation whose text `is_it` picks out
/// of its `.expect.json`, as (chosen, base) for the option `option`.
fn one_option(file: &str, is_it: impl Fn(&str) -> bool, option: &str) -> (Survey, f64, f64) {
    let expect: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(corpus(&format!("{file}.expect.json"))).unwrap(),
    )
    .unwrap();
    let e = expect["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| is_it(q["text"].as_str().unwrap()))
        .unwrap();
    let (chosen, base) = (
        e["counts"][option].as_f64().unwrap(),
        e["base"].as_f64().unwrap(),
    );
    let bytes = std::fs::read(corpus(file)).unwrap();
    let import = read::read(&bytes, file, &read::ReadOptions::default()).unwrap();
    (
        Survey::new(import.dataset.clone(), infer::propose(&import)),
        chosen,
        base,
    )
}

#[test]
fn a_report_of_many_questions_opens_with_each_questions_base_and_headline() {
    let survey = saq();
    let view = View {
        lang: Lang::En,
        ..View::default()
    };
    let report = build(&survey, &view, &Options::default());
    let lines = overview(&report);
    assert_eq!(lines.len(), report.chart_count());
    assert!(lines.len() >= 23, "{}", lines.len());

    let expect: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(corpus("spss_saq_statistics_anxiety.sav.expect.json")).unwrap(),
    )
    .unwrap();
    let respondents = expect["respondents"].as_f64().unwrap();
    let mut checked = 0;
    for q in expect["questions"].as_array().unwrap() {
        let text = q["text"].as_str().unwrap();
        let counts = q["counts"].as_object().unwrap();
        let count = |label: &str| {
            counts
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(label))
                .and_then(|(_, v)| v.as_f64())
                .unwrap()
        };
        let base = respondents - q["missing"].as_f64().unwrap();
        let agree = whole(count("Strongly agree") + count("Agree"), base);
        let line = lines
            .iter()
            .find(|l| l.title == text)
            .unwrap_or_else(|| panic!("no overview line for '{text}'"));
        assert_eq!(line.headline, format!("{agree}% agree"), "{text}");
        assert_eq!(line.base_n as f64, base, "{text}");
        checked += 1;
    }
    assert_eq!(checked, 5);
    // "Statistics makes me cry": (270 + 1338) / 2571 = 62.5% → 63%.
    assert!(lines.iter().any(|l| l.headline == "63% agree"));

    // With a breakdown the charts show the groups; a pooled headline would hide them.
    let by = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .next()
        .unwrap()
        .id
        .clone();
    let broken_down = build(
        &survey,
        &View {
            by: Some(by),
            ..view.clone()
        },
        &Options::default(),
    );
    assert!(overview(&broken_down).is_empty());
}

/// Single-choice questions: the most given answer. Counted with Python's `csv` module over
/// the real SurveyMonkey export (two header rows, Latin-1): "Have you seen any of the 6
/// films…" Yes 936, No 250 (936 / 1186 = 78.9% → 79%); "…a fan…" Yes 552, No 284, empty 350
/// (552 / 836 = 66.0% → 66%).
#[test]
fn a_single_choice_question_is_summed_up_by_its_most_given_answer() {
    let bytes = std::fs::read(corpus("surveymonkey_538_StarWars.csv")).unwrap();
    let import = read::read(&bytes, "StarWars.csv", &read::ReadOptions::default()).unwrap();
    let survey = Survey::new(import.dataset.clone(), infer::propose(&import));
    let view = View {
        lang: Lang::En,
        ..View::default()
    };
    let lines = overview(&build(&survey, &view, &Options::default()));
    let line = |start: &str| {
        lines
            .iter()
            .find(|l| l.title.starts_with(start))
            .unwrap_or_else(|| panic!("no line for '{start}'"))
    };
    let seen = line("Have you seen any of the 6 films");
    assert_eq!(seen.headline, "Most chosen: ‘Yes’ (79%)");
    assert_eq!(seen.base_n, 1186);
    let fan = line("Do you consider yourself to be a fan");
    assert_eq!(fan.headline, "Most chosen: ‘Yes’ (66%)");
    assert_eq!(fan.base_n, 836);
    let dutch = overview(&build(&survey, &View::default(), &Options::default()));
    assert!(dutch
        .iter()
        .any(|l| l.headline == "Meest gekozen: ‘Yes’ (79%)"));
}

/// A question of which the file kept one option column (FiveThirtyEight's Thanksgiving
/// export: "… Please select all that apply. - Macy's Parade", the label or empty). The
/// `.expect.json` counts (Python csv module): 502 of the 1,058 respondents hold the label, so
/// 47.4% → 47% of everyone. With one answer there is no "most chosen", and the share is of all
/// respondents, not of those who chose it (which would be 100%).
#[test]
fn the_one_option_a_file_kept_is_a_share_of_everyone() {
    let (survey, chosen, base) = one_option(
        "surveymonkey_538_thanksgiving-2015-poll-data.csv",
        |t| t.contains("following programs"),
        "Macy's Parade",
    );
    let p = whole(chosen, base);
    for (lang, headline, sentence, subtitle) in [
        (
            Lang::Nl,
            format!("Gekozen: ‘Macy's Parade’ ({p}%)"),
            format!("‘Macy's Parade’ is gekozen door {p}% van alle respondenten (n = 1.058)."),
            "n = 1.058 · percentage van alle respondenten",
        ),
        (
            Lang::En,
            format!("Chosen: ‘Macy's Parade’ ({p}%)"),
            format!("‘Macy's Parade’ is chosen by {p}% of all respondents (n = 1,058)."),
            "n = 1,058 · percentage of all respondents",
        ),
    ] {
        let view = View {
            lang,
            ..View::default()
        };
        let report = build(&survey, &view, &Options::default());
        let chart = report
            .sections
            .iter()
            .flat_map(|s| &s.charts)
            .find(|c| c.input.title.contains("following programs"))
            .expect("a chart for the question");
        assert!(
            chart.input.subtitle.starts_with(subtitle),
            "{}",
            chart.input.subtitle
        );
        assert_eq!(chart.sentences.first(), Some(&sentence));
        let line = overview(&report)
            .into_iter()
            .find(|l| l.chart == chart.id)
            .unwrap();
        assert_eq!((line.headline, line.base_n), (headline, base as u64));
    }
}

/// A Google Forms checkbox question of one option ("Doe 30 sit-ups.": the option or empty, 63
/// of 87 per the `.expect.json`, Python csv module): a share of everyone, 72%, and — unlike an
/// export that dropped a question's other options — nothing said of options missing.
#[test]
fn a_checkbox_of_one_option_is_a_share_of_everyone() {
    let (survey, chosen, base) = one_option(
        "googleforms_be_nl_tijdstempel_enquete.csv",
        |t| t == "Doe 30 sit-ups.",
        "Deze vraag zou ik proberen uit te voeren",
    );
    let report = build(&survey, &View::default(), &Options::default());
    let chart = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .find(|c| c.input.title == "Doe 30 sit-ups.")
        .expect("a chart for the question");
    assert_eq!(
        chart.input.subtitle,
        format!("n = {base} · percentage van alle respondenten")
    );
    let line = overview(&report)
        .into_iter()
        .find(|l| l.chart == chart.id)
        .unwrap();
    assert_eq!(
        line.headline,
        format!(
            "Gekozen: ‘Deze vraag zou ik proberen uit te voeren’ ({}%)",
            whole(chosen, base)
        )
    );
}
