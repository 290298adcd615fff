//! Open questions in the report: how many typed an answer within the filters, the answers to
//! read (never charted as categories), and none of them when publishing. Expected values are
//! counted by hand from the cells below.

mod stats_support;
use peiling_engine::codebook::{Item, Question, QuestionKind, Text};
use peiling_engine::report::build;
use peiling_engine::stats::Options;
use peiling_engine::view::View;
use stats_support::{single, survey};

/// The five respondents below, `times` over.
fn open_survey_times(times: usize) -> peiling_engine::Survey {
    let open = Question::new(
        "opmerking",
        Text::new("Wat wilt u nog kwijt?"),
        QuestionKind::OpenText,
        vec![Item::new("opmerking", "opmerking", Text::default())],
    );
    survey(
        &[
            (
                "werkgever",
                ["Rijk", "Gemeente", "Rijk", "Gemeente", "Rijk"].repeat(times),
            ),
            (
                "opmerking",
                [
                    "Meer tijd voor vakmanschap",
                    "",
                    "N/A",
                    "Goed onderzoek",
                    "Ook: tegenspraak",
                ]
                .repeat(times),
            ),
        ],
        vec![single("werkgever", &["Gemeente", "Rijk"]), open],
    )
}

fn open_survey() -> peiling_engine::Survey {
    open_survey_times(1)
}

#[test]
fn open_answers_are_counted_and_listed_within_the_filter_and_not_published() {
    let s = open_survey();
    let report = build(&s, &View::default(), &Options::default());
    let open: Vec<_> = report.sections.iter().flat_map(|x| &x.open).collect();
    assert_eq!(open.len(), 1);
    // Five cells: one empty, one "N/A" (a tool's "not shown"): three typed answers.
    assert_eq!(open[0].answered, 3);
    assert_eq!(
        open[0].answers,
        [
            "Meer tijd voor vakmanschap",
            "Goed onderzoek",
            "Ook: tegenspraak"
        ]
    );
    assert!(report
        .sections
        .iter()
        .flat_map(|x| &x.charts)
        .all(|c| c.id != "opmerking"));

    // Only Rijk (rows 1, 3, 5): two typed answers.
    let mut view = View::default();
    view.set_filter("werkgever", vec!["Rijk".into()]);
    let report = build(&s, &view, &Options::default());
    let open = &report.sections.iter().flat_map(|x| &x.open).next().unwrap();
    assert_eq!(open.answered, 2);
    assert_eq!(
        open.answers,
        ["Meer tijd voor vakmanschap", "Ook: tegenspraak"]
    );

    // Publishing (four times the respondents, so the report itself may be published): the
    // count stays, the answers (which can name their writers) do not.
    let s = open_survey_times(4);
    let published = View {
        publish: true,
        ..View::default()
    };
    let options = peiling_engine::report::view_options(&published, &Options::default());
    let report = build(&s, &published, &options);
    let open = &report.sections.iter().flat_map(|x| &x.open).next().unwrap();
    assert_eq!((open.answered, open.answers.len()), (12, 0));
}
