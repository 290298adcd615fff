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
