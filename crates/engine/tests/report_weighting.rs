//! The report says how its figures are weighted: the weight column, the effective n and the
//! design effect, worked out by hand in the comments.

mod stats_support;

use peiling_engine::stats::Options;
use peiling_engine::view::View;
use stats_support::*;

#[test]
fn the_report_header_names_the_weighting_with_its_effective_n_and_design_effect() {
    // Weights 1 and 3 for two respondents each: Σw = 8, Σw² = 20, effective n = 64/20 = 3,2,
    // design effect 4/3,2 = 1,25.
    let mut s = survey(
        &[
            ("q", vec!["Ja", "Nee", "Ja", "Nee"]),
            ("w", vec!["1", "1", "3", "3"]),
        ],
        vec![single("q", &["Ja", "Nee"])],
    );
    s.codebook.weight = Some("w".into());
    let report = peiling_engine::report::build(&s, &View::default(), &Options::default());
    assert_eq!(
        report.weighting.as_deref(),
        Some("Gewogen naar ‘w’: effectieve n = 3, design-effect 1,25 (gewichten 1,00–3,00)")
    );
    let unweighted = survey(&[("q", vec!["Ja"])], vec![single("q", &["Ja", "Nee"])]);
    let report = peiling_engine::report::build(&unweighted, &View::default(), &Options::default());
    assert_eq!(report.weighting, None);
}

/// A weight column must hold numbers, none negative, some above zero: the review refuses the
/// others with a reason (worked by hand from the cells below).
#[test]
fn only_a_column_of_numbers_above_zero_can_weigh() {
    use peiling_engine::dataset::{ColumnBuilder, Dataset};
    use peiling_engine::stats::weighting::weight_problem;
    use peiling_engine::Lang;
    let column = |name: &str, cells: &[&str]| {
        let mut b = ColumnBuilder::new(name);
        for c in cells {
            b.push(c);
        }
        b
    };
    let data = Dataset::from_builders(vec![
        column("gewicht", &["0,8", "1.25", "", "2"]),
        column("geslacht", &["Vrouw", "Man", "Vrouw", ""]),
        column("saldo", &["1", "-0.5", "2", "1"]),
        column("nul", &["0", "0", "", "0"]),
    ]);
    assert_eq!(weight_problem(&data, "gewicht"), None);
    let text = weight_problem(&data, "geslacht").expect("text is no weight");
    assert!(
        text.get(Lang::Nl).contains("bevat tekst (zoals ‘Vrouw’)"),
        "{text:?}"
    );
    assert!(
        text.get(Lang::En).contains("holds text (such as ‘Vrouw’)"),
        "{text:?}"
    );
    let negative = weight_problem(&data, "saldo").expect("negative is no weight");
    assert!(negative.get(Lang::Nl).contains("negatief getal (-0.5)"));
    assert!(
        weight_problem(&data, "nul").is_some(),
        "all zero weighs no one"
    );
    assert!(weight_problem(&data, "ontbreekt").is_some());
}
