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

/// The bundled panel as the page holds it (its CSV read through its codebook).
fn panel() -> peiling_engine::Survey {
    let root = format!("{}/../../data/", env!("CARGO_MANIFEST_DIR"));
    let csv = std::fs::read(format!("{root}vakmanschap.csv")).unwrap();
    let text = std::fs::read_to_string(format!("{root}vakmanschap.codebook.json")).unwrap();
    let codebook = peiling_engine::Codebook::from_json(&text).unwrap();
    let import = peiling_engine::read::read(
        &csv,
        "vakmanschap.csv",
        &peiling_engine::read::ReadOptions::default(),
    )
    .unwrap();
    peiling_engine::Survey::new(import.dataset, codebook)
}

/// The page's view of a `--rake` specification: each margin's targets by answer value.
fn rake_view(spec: &Value) -> peiling_engine::view::View {
    let rake = spec["margins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| peiling_engine::view::RakeChoice {
            question: m["question"].as_str().unwrap().into(),
            targets: m["targets"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(v, t)| (v.clone(), t.as_f64().unwrap()))
                .collect(),
        })
        .collect();
    // Through the fragment, as a shared link carries it.
    let view = peiling_engine::view::View {
        rake,
        ..Default::default()
    };
    peiling_engine::view::View::parse(&view.format())
}

/// The page rakes (`rake=` in the view) to the same weights and figures as `--rake` on the
/// command line, and both match an independent fit: `fixtures/rake_reference.py` (Python's csv
/// module and ipfn 1.4.4 on `data/vakmanschap.csv`, werkgever × leeftijd to the targets of
/// `fixtures/rake_spec.json`) printed the figures below.
#[test]
fn the_page_and_the_command_line_rake_the_panel_alike_and_as_ipfn_does() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let spec_path = format!("{dir}/tests/fixtures/rake_spec.json");
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(&spec_path).unwrap()).unwrap();
    let reference = [
        ("Anders", 3.097822409292118),
        ("Havo of vwo", 2.0251804796560187),
        ("Hbo- of wo-bachelor", 31.545660814138184),
        ("Hbo-master, wo-master of doctoraat", 52.92842751702013),
        ("Mbo-4", 6.6686549859614965),
        ("Vmbo, mbo-1, mbo-2 of mbo-3", 3.734253793932497),
    ];
    let out = Command::new(env!("CARGO_BIN_EXE_peiling"))
        .args(["tabulate", &format!("{dir}/../../data/vakmanschap.csv")])
        .args([
            "--codebook",
            &format!("{dir}/../../data/vakmanschap.codebook.json"),
        ])
        .args(["--question", "opleiding", "--rake", &spec_path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let summary = &cli["weighting"]["summary"];
    assert_eq!(cli["weighting"]["converged"], true);
    // ipfn: effective n 1091.1802857899127, design effect 1.4672185896769803, weights
    // 0.557978343466217–6.923508572995331.
    let near = |v: f64, expected: f64| assert!((v - expected).abs() < 1e-6, "{v} ≠ {expected}");
    near(summary["effective_n"].as_f64().unwrap(), 1091.1802857899127);
    near(
        summary["design_effect"].as_f64().unwrap(),
        1.4672185896769803,
    );

    let survey = panel();
    let view = rake_view(&spec);
    let base = peiling_engine::report::base_weights(&survey, &view);
    assert_eq!(base.problem, None);
    let page = peiling_engine::stats::WeightSummary::of(&base.weights);
    near(page.effective_n, 1091.1802857899127);
    near(page.design_effect, 1.4672185896769803);
    near(page.min, 0.557978343466217);
    near(page.max, 6.923508572995331);
    near(page.effective_n, summary["effective_n"].as_f64().unwrap());

    let report =
        peiling_engine::report::build(&survey, &view, &peiling_engine::stats::Options::default());
    let chart = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .find(|c| c.id == "opleiding")
        .expect("an opleiding chart");
    // A distribution: one row per answer, its weighted count over the weighted base.
    for (label, expected) in reference {
        let row = chart.input.rows.iter().find(|r| r.label == label).unwrap();
        let page_percent = row.values[0] / row.n * 100.0;
        near(page_percent, expected);
        near(
            category(&cli["items"][0]["categories"], label)["percent"]
                .as_f64()
                .unwrap(),
            expected,
        );
    }
    // The header says how: both questions, the effective n and the design effect.
    assert_eq!(
        report.weighting.as_deref(),
        Some("Gewogen naar ‘Werkgever’ en ‘Leeftijd’ (raking): effectieve n = 1.091, design-effect 1,47 (gewichten 0,56–6,92)")
    );
    // The chart's base stays the respondents counted (unweighted), as with a weight column.
    assert_eq!(chart.base_n, 1601);
}

/// Trimming (`"trim"` in the specification, `trim=` in the view) gives the page the command
/// line's weights, and the header names the bounds.
#[test]
fn trimmed_raking_is_the_same_in_the_page_and_the_command_line() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let mut spec: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/tests/fixtures/rake_spec.json")).unwrap(),
    )
    .unwrap();
    spec["trim"] = serde_json::json!([0.5, 3.0]);
    let path = std::env::temp_dir().join(format!("peiling-trim-{}.json", std::process::id()));
    std::fs::write(&path, spec.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_peiling"))
        .args(["tabulate", &format!("{dir}/../../data/vakmanschap.csv")])
        .args([
            "--codebook",
            &format!("{dir}/../../data/vakmanschap.codebook.json"),
        ])
        .args(["--question", "opleiding", "--rake", path.to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::remove_file(&path).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let view = peiling_engine::view::View {
        trim: Some((0.5, 3.0)),
        ..rake_view(&spec)
    };
    let view = peiling_engine::view::View::parse(&view.format());
    let page = peiling_engine::stats::WeightSummary::of(
        &peiling_engine::report::base_weights(&panel(), &view).weights,
    );
    let summary = &cli["weighting"]["summary"];
    for (key, value) in [
        ("effective_n", page.effective_n),
        ("min", page.min),
        ("max", page.max),
    ] {
        let expected = summary[key].as_f64().unwrap();
        assert!(
            (value - expected).abs() < 1e-9,
            "{key}: {value} ≠ {expected}"
        );
    }
    // Untrimmed the largest weight is 6.92 (ipfn, above); trimmed it is far below.
    assert!(page.max < 4.0, "{}", page.max);
    let report =
        peiling_engine::report::build(&panel(), &view, &peiling_engine::stats::Options::default());
    let header = report.weighting.unwrap();
    assert!(
        header.contains("; gewichten begrensd tot 0,50–3,00 × het gemiddelde"),
        "{header}"
    );
}
