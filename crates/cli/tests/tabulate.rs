//! `peiling tabulate` end to end on a small file whose figures are worked out by hand.
//!
//! `fixtures/tabulate.csv`: 12 respondents, 6 Gemeente and 6 Rijk; the statement's answers
//! (Gemeente: Mee eens ×3, Zeer mee eens, Neutraal, Geen mening; Rijk: Mee oneens ×2,
//! Zeer mee oneens, Mee eens, Neutraal, empty) and a weight column `gewicht`.

use serde_json::Value;
use std::process::Command;

fn fixture() -> String {
    format!("{}/tests/fixtures/tabulate.csv", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_peiling"))
        .arg("tabulate")
        .arg(fixture())
        .args(args)
        .output()
        .expect("the peiling binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("tabulate prints JSON")
}

fn category<'a>(categories: &'a Value, label: &str) -> &'a Value {
    categories
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == label)
        .unwrap_or_else(|| panic!("no category {label}"))
}

fn close(value: &Value, expected: f64) {
    let v = value.as_f64().expect("a number");
    assert!((v - expected).abs() < 1e-9, "{v} is not {expected}");
}

#[test]
fn unweighted_json_names_the_question_and_gives_base_counts_and_exact_percentages() {
    let out = json(&["--question", "stelling", "--unweighted"]);
    assert_eq!(out["question"], "stelling");
    let item = &out["items"][0];
    // 12 respondents, one without an answer.
    close(&item["base"], 11.0);
    close(&item["missing"], 1.0);
    let agree = category(&item["categories"], "Mee eens");
    close(&agree["count"], 4.0);
    close(&agree["percent"], 400.0 / 11.0);
    assert!(agree["ci_low"].as_f64().unwrap() < agree["percent"].as_f64().unwrap());
    // Agree = Mee eens + Zeer mee eens = 5 of 11.
    close(&item["likert"]["agree"], 500.0 / 11.0);
}

#[test]
fn a_breakdown_gives_every_group_with_its_base_and_the_chi_square_test() {
    let out = json(&[
        "--question",
        "stelling",
        "--by",
        "werkgever",
        "--unweighted",
    ]);
    let item = &out["items"][0];
    let groups = item["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["group"], "Gemeente");
    assert_eq!(groups[0]["letter"], "A");
    close(&groups[0]["base"], 6.0);
    close(
        &category(&groups[0]["categories"], "Mee eens")["percent"],
        50.0,
    );
    close(&groups[1]["base"], 5.0);
    assert_eq!(groups[1]["small_base"], true);
    assert_eq!(item["chi_square"]["df"], 5);
    assert!(item["chi_square"]["statistic"].as_f64().unwrap() > 0.0);
}

#[test]
fn filters_are_reflected_in_the_base() {
    let out = json(&[
        "--question",
        "stelling",
        "--filter",
        "werkgever=Rijk",
        "--unweighted",
    ]);
    assert_eq!(out["respondents_n"], 6);
    close(&out["items"][0]["base"], 5.0);
}

#[test]
fn the_weight_column_of_the_codebook_is_used_by_default() {
    let out = json(&["--question", "stelling"]);
    assert_eq!(out["weighted"], true);
    assert_eq!(out["weighting"]["column"], "gewicht");
    let item = &out["items"][0];
    // Answered weights sum to 12.5 − 1 (R12) = 11.5; Mee eens 1.5 + 1 + 1 + 1 = 4.5.
    close(&item["base"], 11.5);
    close(
        &category(&item["categories"], "Mee eens")["percent"],
        4.5 / 11.5 * 100.0,
    );
}

#[test]
fn raking_to_an_employer_margin_reweights_the_groups() {
    let spec = std::env::temp_dir().join(format!("peiling-rake-{}.json", std::process::id()));
    std::fs::write(
        &spec,
        r#"{"margins": [{"question": "werkgever", "targets": {"Gemeente": 0.25, "Rijk": 0.75}}]}"#,
    )
    .unwrap();
    let out = json(&["--question", "stelling", "--rake", spec.to_str().unwrap()]);
    std::fs::remove_file(&spec).ok();
    assert_eq!(out["weighting"]["method"], "raking");
    assert_eq!(out["weighting"]["converged"], true);
    // Gemeente respondents weigh 0.25 · 12 / 6 = 0.5, Rijk 0.75 · 12 / 6 = 1.5.
    // Base: 6 · 0.5 + 5 · 1.5 = 10.5; Mee eens: 3 · 0.5 + 1 · 1.5 = 3.
    let item = &out["items"][0];
    close(&item["base"], 10.5);
    close(
        &category(&item["categories"], "Mee eens")["percent"],
        3.0 / 10.5 * 100.0,
    );
}

#[test]
fn csv_and_table_formats_carry_the_same_figures() {
    let (code, csv, _) = run(&["--question", "stelling", "--unweighted", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(csv.starts_with("question,item,group,base,category,count,count_n,percent"));
    assert!(csv.contains(&format!(
        "stelling,stelling,,11,Mee eens,4,4,{},",
        400.0 / 11.0
    )));
    let (code, table, _) = run(&[
        "--question",
        "stelling",
        "--unweighted",
        "--format",
        "table",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0);
    assert!(table.contains("36.4%"), "{table}");
}

#[test]
fn a_wrong_command_line_and_an_unknown_question_say_what_to_do() {
    let (code, _, stderr) = run(&[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--question"), "{stderr}");
    let (code, _, stderr) = run(&["--question", "nope"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no question 'nope'"), "{stderr}");
    let (code, _, stderr) = run(&["--question", "stelling", "--filter", "werkgever=Provincie"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("'Provincie' is not an answer"), "{stderr}");
}

/// A reader that stops early (`peiling tabulate … | head -1`) ends the output quietly.
#[test]
fn a_closed_pipe_ends_the_output_without_a_panic() {
    use std::io::Read;
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vakmanschap.csv");
    let codebook = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/vakmanschap.codebook.json"
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_peiling"))
        .args([
            "tabulate",
            data,
            "--codebook",
            codebook,
            "--question",
            "competenties",
        ])
        .args(["--by", "werkgever", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
