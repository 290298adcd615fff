//! Our statistics against reference values from independent sources, stored with their
//! provenance in `tests/fixtures/stats/` (the scripts that computed them lie beside them):
//! a published textbook table (Agresti), statsmodels' Wilson intervals, and R's survey
//! package for the Rao–Scott correction and raking. Kish's effective n is worked out by hand.

mod stats_support;

use peiling_engine::stats::interval::{wilson, z_for};
use peiling_engine::stats::significance::{chi_square, column_letters, two_proportion_z};
use peiling_engine::stats::{crosstab, rake, Margin, Options, RakeOptions, Table, WeightSummary};
use serde_json::Value;
use stats_support::*;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/stats/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn f(v: &Value) -> f64 {
    match v {
        Value::Array(a) => f(&a[0]),
        _ => v.as_f64().expect("a number"),
    }
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Agresti's party identification (rows) by gender (columns) as a table of unit weights.
fn agresti() -> (Value, Table) {
    let reference = fixture("agresti_party_gender.json");
    let counts = reference["counts"].as_array().unwrap().clone();
    let mut table = Table::new(3, 2);
    for (r, row) in counts.iter().enumerate() {
        for (c, count) in row.as_array().unwrap().iter().enumerate() {
            for _ in 0..count.as_u64().unwrap() {
                table.add(r as u16, c as u16, 1.0);
            }
        }
    }
    (reference, table)
}

#[test]
fn chi_square_matches_agrestis_party_by_gender_table() {
    let (reference, table) = agresti();
    let chi = chi_square(&table, false).unwrap();
    // As printed in the book (one decimal) …
    assert!((chi.statistic - f(&reference["printed"]["chi_square"])).abs() < 0.05);
    assert_eq!(chi.df, 2);
    // … and to the last digit against SciPy on the same table.
    let computed = &reference["chi_square"];
    assert_close!(chi.statistic, f(&computed["statistic"]), 1e-9);
    assert!((chi.p - f(&computed["p"])).abs() < 1e-12);
    assert!(!chi.low_expected && chi.rao_scott.is_none() && chi.significant);
}

#[test]
fn column_proportion_tests_match_agrestis_standardized_residuals_and_statsmodels() {
    let (reference, table) = agresti();
    let females = table.column_total(0).n as f64;
    let males = table.column_total(1).n as f64;
    let printed = floats(&reference["printed"]["standardized_residual_females"]);
    let computed = reference["column_proportion_tests"].as_array().unwrap();
    for row in 0..3 {
        let share = |c: usize| table.cell(row, c).w / table.column_total(c).w;
        let test = two_proportion_z(share(0), females, share(1), males).unwrap();
        // With two groups, the pooled z test equals the standardized residual (printed to two
        // decimals).
        assert!(
            (test.z - printed[row]).abs() < 0.005,
            "row {row}: z = {}",
            test.z
        );
        assert_close!(test.z, f(&computed[row]["z_females_minus_males"]), 1e-9);
        assert!((test.p - f(&computed[row]["p"])).abs() < 1e-12);
    }
    // Democrat: females higher (letter of males, B); Independent: no difference;
    // Republican: males higher (letter of females, A).
    let letters = column_letters(&table);
    assert_eq!(letters[0], vec!["B", ""]);
    assert_eq!(letters[1], vec!["", ""]);
    assert_eq!(letters[2], vec!["", "A"]);
}

#[test]
fn wilson_intervals_match_statsmodels() {
    let reference = fixture("wilson.json");
    let z = z_for(0.95);
    for case in reference["cases"].as_array().unwrap() {
        let (count, nobs) = (f(&case["count"]), f(&case["nobs"]));
        let (low, high) = wilson(count / nobs, nobs, z);
        assert!(
            (low - f(&case["low"])).abs() < 1e-9,
            "{count}/{nobs}: low {low}"
        );
        assert!(
            (high - f(&case["high"])).abs() < 1e-9,
            "{count}/{nobs}: high {high}"
        );
    }
}

/// The weighted respondents of the R fixtures as a survey with questions `a` and `b`.
fn weighted_respondents() -> (Value, peiling_engine::Survey, Vec<f64>) {
    let reference = fixture("rao_scott.json");
    let a = strings(&reference["a"]);
    let b = strings(&reference["b"]);
    let w = floats(&reference["w"]);
    let s = survey(
        &[
            ("a", a.iter().map(String::as_str).collect()),
            ("b", b.iter().map(String::as_str).collect()),
        ],
        vec![single("a", &["x", "y", "z"]), single("b", &["p", "q", "r"])],
    );
    (reference, s, w)
}

#[test]
fn rao_scott_correction_matches_r_survey_svychisq() {
    let (reference, s, w) = weighted_respondents();
    let table = crosstab(&s, "a", 0, "b", &w, &Options::default()).unwrap();
    assert!(table.weighted);
    let chi = table.chi_square.unwrap();
    assert_close!(chi.statistic, f(&reference["pearson"]), 1e-9);
    let rs = chi.rao_scott.unwrap();
    assert_close!(rs.f, f(&reference["f"]), 1e-9);
    assert_close!(rs.ndf, f(&reference["ndf"]), 1e-9);
    assert_close!(rs.ddf, f(&reference["ddf"]), 1e-9);
    assert!((rs.p - f(&reference["p"])).abs() < 1e-10);
    assert!((rs.first_order_p - f(&reference["first_order_p"])).abs() < 1e-10);
    assert_eq!(chi.significant, rs.p < 0.05);
}

#[test]
fn raking_matches_r_survey_rake() {
    let (_, s, w) = weighted_respondents();
    let reference = fixture("rake.json");
    let margins = [
        Margin {
            question: "a".into(),
            item: 0,
            targets: floats(&reference["targets_a"]),
        },
        Margin {
            question: "b".into(),
            item: 0,
            targets: floats(&reference["targets_b"]),
        },
    ];
    let raked = rake(&s, &w, &margins, &RakeOptions::default()).unwrap();
    assert!(raked.converged);
    assert!(raked.max_deviation <= 1e-10);
    for (ours, theirs) in raked.weights.iter().zip(floats(&reference["weights"])) {
        assert_close!(*ours, theirs, 1e-8);
    }
    assert_close!(
        raked.summary.effective_n,
        f(&reference["effective_n"]),
        1e-8
    );
}

#[test]
fn kish_effective_n_and_design_effect_by_hand() {
    // Weights 1, 2, 3, 4: (Σw)² / Σw² = 100 / 30; design effect 4 / (100 / 30) = 1.2.
    // The zero and the NaN are unusable and left out.
    let summary = WeightSummary::of(&[1.0, 2.0, 3.0, 4.0, 0.0, f64::NAN]);
    assert_eq!((summary.n, summary.unusable), (4, 2));
    assert_close!(summary.effective_n, 100.0 / 30.0, 1e-12);
    assert_close!(summary.design_effect, 1.2, 1e-12);
    assert_eq!((summary.min, summary.max, summary.total), (1.0, 4.0, 10.0));
}
