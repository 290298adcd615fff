//! Exports of the bundled consultation carry the view they came from: the filter with the
//! respondents within it, the breakdown, in the chart's subtitle, its table's caption, the CSV
//! and the SVG, and in the file name. The filter's base is counted here from the data file
//! itself (the `csv` crate over data/vakmanschap.csv), not by the engine.

use peiling_engine::chart::svg::{render, SvgOptions};
use peiling_engine::chart::ChartSpec;
use peiling_engine::codebook::Lang;
use peiling_engine::export::context::ViewContext;
use peiling_engine::export::csv::{to_csv_in, Dialect};
use peiling_engine::report::{build, ChartReport, Report};
use peiling_engine::stats::Options;
use peiling_engine::view::View;
use peiling_engine::Survey;

mod export_support;
use export_support::{bundled, count_in_file};

fn chart<'a>(report: &'a Report, id: &str) -> &'a ChartReport {
    report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .find(|c| c.id == id)
        .unwrap()
}

fn context_for(fragment: &str) -> (Survey, Report, ViewContext) {
    let survey = bundled();
    let view = View::parse(fragment);
    let report = build(&survey, &view, &Options::default());
    let context = ViewContext::of(&survey, &view, &report);
    (survey, report, context)
}

#[test]
fn a_filtered_and_broken_down_chart_is_named_after_chart_breakdown_and_filter() {
    let (_, _, context) = context_for("#/?by=generatie&f=generatie:Jonger%20dan%2035");
    assert_eq!(
        context.file_stem(Some("competenties")),
        "peiling-competenties-naar-generatie-jonger-dan-35"
    );
    assert_eq!(
        context.file_stem(None),
        "peiling-rapport-naar-generatie-jonger-dan-35"
    );
    let (_, _, english) = context_for("#/?lang=en&by=werkgever&f=leeftijd:25-34|35-44");
    assert_eq!(
        english.file_stem(Some("organisatie")),
        "peiling-organisatie-by-werkgever-25-34-35-44"
    );
    // An embedded chart's context, without a report, is the same.
    let (survey, _, with_report) = context_for("#/?lang=en&by=werkgever&f=leeftijd:25-34|35-44");
    let view = View::parse("#/?lang=en&by=werkgever&f=leeftijd:25-34|35-44");
    assert_eq!(ViewContext::for_view(&survey, &view), with_report);
    let (_, _, plain) = context_for("#/");
    assert_eq!(plain.file_stem(Some("organisatie")), "peiling-organisatie");
    assert!(plain.is_plain());
}

#[test]
fn a_filtered_export_says_the_filter_and_its_base_wherever_the_chart_goes() {
    let (_, report, context) = context_for("#/?f=werkgever:Gemeente");
    let within = count_in_file("werkgever", &["Gemeente"]);
    assert!(within > 0 && within < 1601);
    let line = format!("Filter: Werkgever: Gemeente (n = {within} van 1.601)");
    let line = line.replace("Werkgever", &context.filters[0].question);
    assert_eq!(context.filter_line().as_deref(), Some(line.as_str()));
    let exported = context.chart(chart(&report, "organisatie"));
    assert!(
        exported.input.subtitle.ends_with(&line),
        "{}",
        exported.input.subtitle
    );
    assert!(exported.table.caption.contains(&line));
    // The chart's own base comes first, unchanged.
    assert!(exported
        .input
        .subtitle
        .starts_with(&chart(&report, "organisatie").input.subtitle));
    let csv = String::from_utf8(to_csv_in(&exported.table, Dialect::ExcelNl)).unwrap();
    assert!(csv.contains(&line), "the CSV's caption line");
    let spec = ChartSpec::build(&exported.input, 640.0).unwrap();
    let svg = render(
        &spec,
        &SvgOptions {
            id_prefix: "t".into(),
            header: true,
        },
    );
    // The subtitle wraps at word boundaries in the SVG: every word is there.
    for word in line.split(' ') {
        assert!(svg.contains(word), "{word} in the SVG");
    }
}

#[test]
fn the_breakdown_is_named_only_on_charts_that_are_broken_down() {
    let (_, report, context) = context_for("#/?lang=en&by=generatie");
    let broken = context.chart(chart(&report, "stellingen"));
    assert!(broken
        .input
        .subtitle
        .ends_with("Broken down by: Generation (derived from age)"));
    // The breakdown's own question is not broken down by itself.
    let own = context.chart(chart(&report, "generatie"));
    assert_eq!(
        own.input.subtitle,
        chart(&report, "generatie").input.subtitle
    );
    assert_eq!(
        context.report_lines(),
        vec!["Broken down by: Generation (derived from age)".to_string()]
    );
    assert_eq!(context.lang, Lang::En);
}

#[test]
fn the_excel_nl_csv_of_the_bundled_survey_reads_as_the_table_shows_it() {
    // The example line: 737 of 1.601 respondents (46,03…%) agree on political
    // sensitivity. Dutch Excel must get 737 and 46,0 in their own columns.
    let (_, report, _) = context_for("#/");
    let table = &chart(&report, "competenties").table;
    let csv = String::from_utf8(to_csv_in(table, Dialect::ExcelNl)).unwrap();
    let line = csv
        .lines()
        .find(|l| l.starts_with("Politiek-bestuurlijke sensitiviteit;Mee eens;"))
        .expect("a line for the item");
    let fields: Vec<&str> = line.split(';').collect();
    let share = format!("{:.1}", 737.0 / 1601.0 * 100.0).replace('.', ",");
    assert_eq!(&fields[2..4], &["737", share.as_str()], "{line}");
}
