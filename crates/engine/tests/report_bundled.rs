//! The report built from the bundled consultation (data/): every section charted, the numbers
//! in the charts equal to the analyses they come from, breakdowns and filters reflected in
//! every base.

use peiling_engine::chart::{ChartKind, ChartSpec};
use peiling_engine::codebook::{Codebook, Lang};
use peiling_engine::read::{read, ReadOptions};
use peiling_engine::report::{build, build_chart};
use peiling_engine::stats::{analyse, Options, Request};
use peiling_engine::view::View;
use peiling_engine::Survey;

fn bundled() -> Survey {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/");
    let csv = std::fs::read(format!("{root}vakmanschap.csv")).unwrap();
    let codebook = std::fs::read_to_string(format!("{root}vakmanschap.codebook.json")).unwrap();
    let import = read(&csv, "vakmanschap.csv", &ReadOptions::default()).unwrap();
    Survey::new(import.dataset, Codebook::from_json(&codebook).unwrap())
}

#[test]
fn the_default_report_charts_every_section_in_codebook_order() {
    let survey = bundled();
    let report = build(&survey, &View::default(), &Options::default());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let ids: Vec<&str> = report.sections.iter().map(|s| s.id.as_str()).collect();
    let expected: Vec<&str> = survey
        .codebook
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(report.respondents_n, 1601);
    for section in &report.sections {
        assert!(
            !section.sentences.is_empty(),
            "section {} has key sentences",
            section.id
        );
        for chart in &section.charts {
            let spec = ChartSpec::build(&chart.input, 800.0).unwrap();
            assert!(!spec.items.is_empty(), "chart {} has bars", chart.id);
        }
    }
}

#[test]
fn chart_counts_are_the_analysis_counts() {
    let survey = bundled();
    let report = build(&survey, &View::default(), &Options::default());
    let chart = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .find(|c| c.id == "stellingen")
        .unwrap();
    assert_eq!(chart.input.kind, ChartKind::Stacked);
    let analysis = analyse(&survey, &Request::new("stellingen")).unwrap();
    for (row, item) in chart.input.rows.iter().zip(&analysis.items) {
        let likert = item.likert.as_ref().unwrap();
        let counts: Vec<f64> = likert.distribution.iter().map(|c| c.count).collect();
        assert_eq!(row.values, counts);
        assert_eq!(row.n, likert.base);
    }
    // The published "91% agree" of the first statement, from the chart's own numbers.
    let first = &chart.input.rows[0];
    let agree = first.values[3] + first.values[4];
    assert_eq!((agree / first.n * 100.0).round(), 91.0);
}

#[test]
fn a_breakdown_gives_one_bar_per_group_with_its_base() {
    let survey = bundled();
    let view = View {
        by: Some("werkgever".into()),
        ..View::default()
    };
    let chart = build_chart(&survey, &view, "organisatie", &Options::default()).unwrap();
    let groups: std::collections::BTreeSet<_> = chart
        .input
        .rows
        .iter()
        .filter_map(|r| r.group.clone())
        .collect();
    assert!(
        groups.iter().any(|g| g.starts_with("Gemeente")),
        "{groups:?}"
    );
    assert!(groups.len() >= 5);
    // Group bases add up to everyone who answered.
    let first_label = &chart.input.rows[0].label;
    let total: f64 = chart
        .input
        .rows
        .iter()
        .filter(|r| &r.label == first_label)
        .map(|r| r.n)
        .sum();
    assert_eq!(total, 1601.0);
    // The chart is never broken down by its own question.
    let own = build_chart(&survey, &view, "werkgever", &Options::default()).unwrap();
    assert!(own.input.rows.iter().all(|r| r.group.is_none()));
}

#[test]
fn a_filter_is_reflected_in_every_base_and_language_in_every_label() {
    let survey = bundled();
    let mut view = View {
        lang: Lang::En,
        ..View::default()
    };
    view.set_filter("werkgever", vec!["Gemeente".into()]);
    let report = build(&survey, &view, &Options::default());
    let municipal = survey.data.column("werkgever").unwrap();
    let expected = (0..survey.rows())
        .filter(|&r| municipal.cell(r) == Some("Gemeente"))
        .count();
    assert_eq!(report.respondents_n as usize, expected);
    for chart in report.sections.iter().flat_map(|s| &s.charts) {
        assert!(
            chart
                .input
                .rows
                .iter()
                .all(|r| r.n <= expected as f64 + 1e-9),
            "{}",
            chart.id
        );
        assert!(
            chart.input.subtitle.contains("n = "),
            "{}",
            chart.input.subtitle
        );
    }
    assert!(report.sections[0].title.is_ascii(), "English title");
}

#[test]
fn the_bundled_byte_form_decodes_to_the_same_survey_and_refuses_damage() {
    use peiling_engine::transfer::{encode, from_bytes, to_bytes};
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/");
    let csv = std::fs::read(format!("{root}vakmanschap.csv")).unwrap();
    let codebook = Codebook::from_json(
        &std::fs::read_to_string(format!("{root}vakmanschap.codebook.json")).unwrap(),
    )
    .unwrap();
    let import = read(&csv, "vakmanschap.csv", &ReadOptions::default()).unwrap();
    let bytes = to_bytes(&encode(&import, &codebook));
    let decoded = from_bytes(&bytes).unwrap();
    assert_eq!(decoded.dataset, import.dataset);
    assert_eq!(decoded.codebook, codebook);
    // Every truncation is an error, never a panic.
    for cut in [0, 3, 7, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut flipped = bytes.clone();
    let last = flipped.len() - 1;
    flipped[last] = 0xff;
    flipped[last - 1] = 0xfe; // beyond the levels, in a column of one-byte codes or of two
    assert!(
        from_bytes(&flipped).is_err(),
        "a code beyond its levels is refused"
    );
}

/// The figures the article prints, from data/published-figures.json (transcribed by hand).
fn published_figures() -> Vec<serde_json::Value> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/");
    let text = std::fs::read_to_string(format!("{root}published-figures.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["figures"].as_array().unwrap().clone()
}

#[test]
fn every_net_share_and_option_share_the_article_quotes_is_shown_beside_its_bar() {
    let survey = bundled();
    let report = build(&survey, &View::default(), &Options::default());
    let spec_of = |id: &str| {
        let chart = report
            .sections
            .iter()
            .flat_map(|s| &s.charts)
            .find(|c| c.id == id)
            .unwrap();
        ChartSpec::build(&chart.input, 800.0).unwrap()
    };
    let mut quoted = 0;
    for figure in published_figures() {
        let question = figure["question"].as_str().unwrap();
        let Some(item) = figure["item"].as_str() else {
            continue;
        };
        let answers: Vec<&str> = figure["answers"]
            .as_array()
            .map(|a| a.iter().map(|x| x.as_str().unwrap()).collect())
            .unwrap_or_default();
        let percent = figure["percent"].as_u64().unwrap() as u32;
        let spec = spec_of(question);
        let bar = spec.items.iter().find(|i| i.label == item).unwrap();
        let row = &bar.rows[0];
        let text = format!("{percent}%");
        let on_page = match answers.as_slice() {
            // A net share: "% (zeer) eens" or "% (zeer) oneens" beside the bar.
            ["Mee eens", "Zeer mee eens"] | ["Zeer mee oneens", "Mee oneens"] => {
                let agree = answers[0] == "Mee eens";
                let net = row.net.unwrap();
                let expected = if agree { net.agree } else { net.disagree };
                assert_eq!(expected, percent, "{question} / {item} {answers:?}");
                let label = &row.net_labels[if agree { 0 } else { 1 }];
                assert_eq!(label.text, text);
                true
            }
            // A multi-select option: the value label at the bar's end.
            [] => {
                assert_eq!(row.segments[0].label.as_deref(), Some(text.as_str()));
                true
            }
            // One segment of a bar (the chart labels the article's chart carried).
            _ => false,
        };
        quoted += usize::from(on_page);
    }
    // 4 statements, 11 competencies, 3 + 5 options: 23 of 23, each asserted above.
    assert_eq!(quoted, 23);
}

#[test]
fn the_competencies_in_publishing_mode_show_all_eleven_rows_overall_and_by_group() {
    let survey = bundled();
    for by in [None, Some("werkgever"), Some("generatie"), Some("functie")] {
        let view = View {
            by: by.map(str::to_string),
            publish: true,
            ..View::default()
        };
        let options = peiling_engine::report::view_options(&view, &Options::default());
        assert_eq!(options.disclosure, Some(10));
        let chart = build_chart(&survey, &view, "competenties", &options).unwrap();
        let hidden = chart.input.rows.iter().filter(|r| r.suppressed).count();
        assert_eq!(hidden, 0, "by {by:?}");
        let items: std::collections::BTreeSet<_> =
            chart.input.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(items.len(), 11);
        // "Tegenspraak geven" keeps its 96% (strongly) agree.
        let spec = ChartSpec::build(&chart.input, 800.0).unwrap();
        if by.is_none() {
            let item = spec
                .items
                .iter()
                .find(|i| i.label == "Tegenspraak geven")
                .unwrap();
            assert_eq!(item.rows[0].net.unwrap().agree, 96);
        }
    }
}

#[test]
fn broken_down_by_generation_the_key_sentences_lead_with_a_significant_difference() {
    let survey = bundled();
    let view = View {
        by: Some("generatie".into()),
        ..View::default()
    };
    let report = build(&survey, &view, &Options::default());
    let plain = build(&survey, &View::default(), &Options::default());
    let section = |r: &peiling_engine::report::Report, id: &str| {
        r.sections
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .sentences
            .clone()
    };
    let sentences = section(&report, "competenties");
    assert_ne!(
        sentences,
        section(&plain, "competenties"),
        "the breakdown changes them"
    );
    // A group difference with both percentages, both n and the test's verdict.
    let first = &sentences[0];
    assert!(first.starts_with("Naar ‘Generatie"), "{first}");
    assert!(first.contains("een significant verschil (95%)"), "{first}");
    assert_eq!(first.matches("(n = ").count(), 2, "{first}");
}

#[test]
fn on_request_the_mean_on_the_scale_stands_beside_the_nets() {
    let survey = bundled();
    let view = View {
        means: true,
        ..View::default()
    };
    let chart = build_chart(&survey, &view, "competenties", &Options::default()).unwrap();
    assert_eq!(chart.input.mean_scale, Some(5));
    let spec = ChartSpec::build(&chart.input, 800.0).unwrap();
    assert!(spec
        .net_headers
        .iter()
        .any(|h| h.text.contains("Gemiddelde")));
    let analysis = analyse(&survey, &Request::new("competenties")).unwrap();
    for (item, spec_item) in analysis.items.iter().zip(&spec.items) {
        let mean = item.likert.as_ref().unwrap().mean;
        let shown = &spec_item.rows[0].net_labels[2].text;
        assert_eq!(*shown, peiling_engine::format::decimal(mean, 1, Lang::Nl));
    }
    // Without the request, two columns.
    let plain = build_chart(
        &survey,
        &View::default(),
        "competenties",
        &Options::default(),
    )
    .unwrap();
    let spec = ChartSpec::build(&plain.input, 800.0).unwrap();
    assert_eq!(spec.items[0].rows[0].net_labels.len(), 2);
}

/// The page builds a large report a question at a time and shows it part-built
/// (`report::Builder`), the charts not yet rebuilt standing in from the view shown before:
/// every fresh chart of a part-built report is the chart the embed path computes for that
/// question alone (`build_chart`), every stand-in is the previous view's chart of that question
/// and is listed as stale, the report keeps all its charts in their places, sections show
/// fresh key sentences only once all their questions are in (and then the very sentences of
/// the whole report); the finished report is the one `build` gives, with nothing stale.
#[test]
fn a_report_built_a_question_at_a_time_shows_only_finished_charts_and_sentences() {
    use peiling_engine::report::Builder;
    let survey = bundled();
    let mut filtered = View {
        by: Some("generatie".into()),
        ..View::default()
    };
    filtered.set_filter("werkgever", vec!["Gemeente".into(), "Provincie".into()]);
    let views = [
        View::default(),
        View {
            by: Some("werkgever".into()),
            lang: Lang::En,
            ..View::default()
        },
        filtered,
    ];
    let before = build(&survey, &View::default(), &Options::default());
    for view in views {
        let options = Options::default();
        let whole = build(&survey, &view, &options);
        let order = |r: &peiling_engine::report::Report| -> Vec<String> {
            r.sections
                .iter()
                .flat_map(|s| s.charts.iter().map(|c| c.id.clone()))
                .collect()
        };
        let mut builder = Builder::new(&survey, &view, &options);
        let mut partial_charts = 0;
        let mut steps = 0;
        loop {
            let shown = builder.partial(Some(&before));
            assert_eq!(order(&shown), order(&whole), "every chart keeps its place");
            for section in &shown.sections {
                for chart in &section.charts {
                    if shown.stale.contains(&chart.id) {
                        let old = before.sections.iter().flat_map(|s| &s.charts);
                        assert_eq!(Some(chart), old.clone().find(|c| c.id == chart.id));
                    } else {
                        let alone = build_chart(&survey, &view, &chart.id, &options).unwrap();
                        assert_eq!(chart, &alone, "{} fresh in a part-built report", chart.id);
                    }
                }
            }
            let partial = builder.partial(None);
            assert!(partial.stale.is_empty());
            for section in &partial.sections {
                let finished = whole.sections.iter().find(|s| s.id == section.id).unwrap();
                assert!(
                    section.sentences.is_empty() || section.sentences == finished.sentences,
                    "{}: {:?}",
                    section.id,
                    section.sentences
                );
                for chart in &section.charts {
                    let alone = build_chart(&survey, &view, &chart.id, &options).unwrap();
                    assert_eq!(chart, &alone, "{} in a part-built report", chart.id);
                    partial_charts += 1;
                }
            }
            assert_eq!(partial.respondents_n, whole.respondents_n);
            steps += 1;
            if !builder.step() {
                break;
            }
        }
        let (done, all) = builder.progress();
        assert_eq!(done, all);
        assert_eq!(steps, survey.codebook.questions.len() + 1);
        assert!(
            partial_charts > whole.chart_count(),
            "part-built reports were checked"
        );
        let finished = builder.finish();
        assert!(finished.stale.is_empty());
        assert_eq!(finished, whole);
    }
}

/// `Filter::apply` zeroes exactly the respondents `Filter::cells` does not put in every filter question
/// (one answer, several answers of a question, several questions, a weight already 0),
/// and keeps the others' weights as they were.
#[test]
fn apply_keeps_exactly_who_passes_every_filter_question() {
    let survey = bundled();
    let rows = survey.rows();
    let weights: Vec<f64> = (0..rows).map(|i| [0.0, 0.5, 1.0, 2.25][i % 4]).collect();
    let filters = [
        peiling_engine::stats::Filter::none().with("werkgever", 0, &[0]),
        peiling_engine::stats::Filter::none().with("werkgever", 0, &[0, 2]),
        peiling_engine::stats::Filter::none()
            .with("werkgever", 0, &[1])
            .with("generatie", 0, &[0, 1]),
        peiling_engine::stats::Filter::none()
            .with("generatie", 0, &[2])
            .with("werkgever", 0, &[0])
            .with("generatie", 0, &[3]),
    ];
    for filter in filters {
        let (cells, questions) = filter.cells(&survey).unwrap();
        let all = (1u16 << questions) - 1;
        let applied = filter.apply(&survey, &weights).unwrap();
        let mut kept = 0;
        for row in 0..rows {
            let passes = cells[row] == all;
            let expected = if passes { weights[row] } else { 0.0 };
            assert_eq!(applied[row], expected, "{filter:?} row {row}");
            kept += usize::from(passes && weights[row] != 0.0);
        }
        assert!(kept > 0 && kept < rows, "{filter:?} keeps some: {kept}");
    }
}

/// Publishing, the report counts disclosure control's filter cells once per breakdown and
/// hands them to every chart (`report::Builder`); each chart must be the one the embed path
/// computes for that question alone (`build_chart`, which counts them for the chart itself),
/// with a breakdown, a filter, and the breakdown question's own chart (which is
/// not broken down) among them — and disclosure control must have hidden something, so that
/// the counts were used.
#[test]
fn a_published_report_hides_what_each_chart_alone_hides() {
    let mut filtered = View {
        by: Some("generatie".into()),
        ..View::default()
    };
    filtered.set_filter("werkgever", vec!["Gemeente".into()]);
    let broken_down = View {
        by: Some("werkgever".into()),
        ..View::default()
    };
    let survey = bundled();
    let mut hidden_somewhere = false;
    for view in [filtered, broken_down] {
        for threshold in [10, 30] {
            let options = Options {
                disclosure: Some(threshold),
                ..Options::default()
            };
            let whole = build(&survey, &view, &options);
            let open = build(&survey, &view, &Options::default());
            assert!(whole.withheld.is_none() && whole.chart_count() > 10);
            let charts = whole.sections.iter().flat_map(|s| &s.charts);
            let open_charts: Vec<_> = open.sections.iter().flat_map(|s| &s.charts).collect();
            for (chart, open) in charts.zip(open_charts) {
                let alone = build_chart(&survey, &view, &chart.id, &options).unwrap();
                assert_eq!(chart, &alone, "{} at threshold {threshold}", chart.id);
                hidden_somewhere |= chart != open;
            }
        }
    }
    assert!(
        hidden_somewhere,
        "disclosure control hid a figure somewhere"
    );
}
