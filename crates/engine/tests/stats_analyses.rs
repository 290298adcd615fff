//! The analyses on small surveys whose figures are worked out by hand in the comments.

mod stats_support;

use peiling_engine::stats::significance::Direction;
use peiling_engine::stats::{
    analyse, crosstab, frequencies, likert, multi_select, Filter, LikertBase, OptionOrder, Options,
    Request,
};
use stats_support::*;

/// 11 respondents: 1 strongly disagree, 1 disagree, 2 neutral, 3 agree, 2 strongly agree,
/// 1 no opinion, 1 empty.
fn statement() -> peiling_engine::Survey {
    let cells = repeat(&[
        ("Zeer mee oneens", 1),
        ("Mee oneens", 1),
        ("Neutraal", 2),
        ("Mee eens", 3),
        ("Zeer mee eens", 2),
        ("Geen mening", 1),
        ("", 1),
    ]);
    survey(&[("s", cells)], vec![likert_item("s", SCALE)])
}

#[test]
fn likert_shares_are_of_all_answers_by_default_including_no_opinion() {
    let s = statement();
    let r = likert(&s, "s", 0, &[1.0; 11], &Options::default()).unwrap();
    assert_eq!((r.base, r.base_n, r.missing_n), (10.0, 10, 1));
    assert_close!(r.agree.percent, 50.0, 1e-12);
    assert_close!(r.neutral.percent, 20.0, 1e-12);
    assert_close!(r.disagree.percent, 20.0, 1e-12);
    assert_close!(r.no_opinion.percent, 10.0, 1e-12);
    assert_eq!(r.distribution.len(), 6);
    assert_eq!(r.distribution.iter().map(|c| c.display).sum::<u32>(), 100);
    // Scores 1,2,3,3,4,4,4,5,5: mean 31/9; sum of squares 128/9 over 8 → sd 4/3.
    assert_close!(r.mean, 31.0 / 9.0, 1e-12);
    assert_close!(r.sd, 4.0 / 3.0, 1e-12);
    // 95% interval on t(8): 2,306004 (a printed t table) · (4/3) / √9 = 1,024891.
    assert_close!(r.mean_ci.0, 31.0 / 9.0 - 2.306004 * 4.0 / 9.0, 1e-6);
    assert_close!(r.mean_ci.1, 31.0 / 9.0 + 2.306004 * 4.0 / 9.0, 1e-6);
}

#[test]
fn likert_on_the_substantive_base_leaves_no_opinion_out() {
    let s = statement();
    let options = Options {
        likert_base: LikertBase::Substantive,
        ..Options::default()
    };
    let r = likert(&s, "s", 0, &[1.0; 11], &options).unwrap();
    assert_eq!((r.base, r.excluded), (9.0, 1.0));
    assert_close!(r.agree.percent, 500.0 / 9.0, 1e-12);
    assert_eq!(r.distribution.len(), 5);
    assert!(r.distribution.iter().all(|c| !c.non_substantive));
}

#[test]
fn frequencies_give_percent_of_valid_and_of_all() {
    let s = statement();
    let f = frequencies(&s, "s", 0, &[1.0; 11], &Options::default()).unwrap();
    assert_eq!((f.base, f.missing), (10.0, 1.0));
    let agree = f.category(3).unwrap();
    assert_eq!(agree.count_n, 3);
    assert_close!(agree.percent, 30.0, 1e-12);
    assert_close!(agree.percent_of_all, 300.0 / 11.0, 1e-12);
    assert!(agree.ci_low < 30.0 && agree.ci_high > 30.0);
    assert!(f.small_base);
}

/// Options A, B and exclusive "Geen van deze"; rows: A+B, A, none-of-these, nothing, B.
fn challenges() -> peiling_engine::Survey {
    survey(
        &[
            ("m_a", vec!["1", "1", "", "", ""]),
            ("m_b", vec!["1", "", "", "", "1"]),
            ("m_g", vec!["", "", "1", "", ""]),
        ],
        vec![multi(
            "m",
            &[("m_a", "A"), ("m_b", "B"), ("m_g", "Geen van deze")],
        )],
    )
}

#[test]
fn multi_select_base_is_everyone_who_answered_including_exclusive_answers() {
    let s = challenges();
    let r = multi_select(&s, "m", &[1.0; 5], &Options::default()).unwrap();
    assert_eq!((r.base_n, r.missing_n), (4, 1));
    let shares: Vec<(&str, f64)> = r
        .options
        .iter()
        .map(|o| (o.label.nl.as_str(), o.percent))
        .collect();
    assert_eq!(
        shares,
        vec![("A", 50.0), ("B", 50.0), ("Geen van deze", 25.0)]
    );
}

#[test]
fn multi_select_puts_exclusive_answers_last_in_either_order() {
    let s = challenges();
    let options = Options {
        option_order: OptionOrder::Codebook,
        ..Options::default()
    };
    let r = multi_select(&s, "m", &[1.0; 5], &options).unwrap();
    assert_eq!(
        r.options.iter().map(|o| o.item).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    assert!(r.options.last().unwrap().exclusive);
}

/// Group X: 8 yes, 2 no; group Y: 3 yes, 7 no.
fn two_by_two() -> peiling_engine::Survey {
    let answers = repeat(&[("Ja", 8), ("Nee", 2), ("Ja", 3), ("Nee", 7)]);
    let groups = repeat(&[("X", 10), ("Y", 10)]);
    survey(
        &[("q", answers), ("g", groups)],
        vec![single("q", &["Ja", "Nee"]), single("g", &["X", "Y"])],
    )
}

#[test]
fn crosstab_tests_a_two_by_two_table_worked_out_by_hand() {
    let s = two_by_two();
    let t = crosstab(&s, "q", 0, "g", &[1.0; 20], &Options::default()).unwrap();
    assert_close!(t.cells[0][0].column_percent, 80.0, 1e-12);
    assert_close!(t.cells[0][1].column_percent, 30.0, 1e-12);
    assert_close!(t.cells[0][0].row_percent, 800.0 / 11.0, 1e-12);
    // Expected 5.5 and 4.5: X² = 6.25 · (2/5.5 + 2/4.5).
    let chi = t.chi_square.as_ref().unwrap();
    assert_close!(chi.statistic, 6.25 * (2.0 / 5.5 + 2.0 / 4.5), 1e-12);
    assert_eq!(chi.df, 1);
    assert!(chi.low_expected && chi.rao_scott.is_none() && chi.significant);
    // z = 0.5 / sqrt(0.55 · 0.45 · 0.2) = 2.247, p = 0.025: X is higher on "Ja".
    assert_eq!(t.cells[0][0].letters, "B");
    assert_eq!(t.cells[0][1].letters, "");
    assert_eq!(t.cells[1][1].letters, "A");
    assert_eq!(t.cells[0][0].versus_rest, Some(Direction::Higher));
    assert_eq!(t.columns[0].letter, "A");
    assert!(t.columns.iter().all(|g| g.small_base));
}

#[test]
fn filters_are_or_within_a_question_and_and_across_questions() {
    let s = survey(
        &[
            ("q", vec!["Ja", "Ja", "Nee", "Nee", "Ja"]),
            ("g", vec!["X", "Y", "Z", "X", "Z"]),
        ],
        vec![single("q", &["Ja", "Nee"]), single("g", &["X", "Y", "Z"])],
    );
    let x_or_y = Filter::none().with("g", 0, &[0]).with("g", 0, &[1]);
    assert_eq!(
        x_or_y.mask(&s).unwrap(),
        vec![true, true, false, true, false]
    );
    let and_ja = x_or_y.clone().with("q", 0, &[0]);
    assert_eq!(
        and_ja.mask(&s).unwrap(),
        vec![true, true, false, false, false]
    );
    let request = Request {
        filter: and_ja,
        ..Request::new("q").by("g")
    };
    let a = analyse(&s, &request).unwrap();
    assert_eq!(a.respondents_n, 2);
    assert_eq!(a.items[0].overall.base_n, 2);
    assert_eq!(
        a.groups.iter().map(|g| g.base_n).collect::<Vec<_>>(),
        vec![1, 1, 0]
    );
    let json = serde_json::to_string(&request.filter).unwrap();
    assert_eq!(
        serde_json::from_str::<Filter>(&json).unwrap(),
        request.filter
    );
}

#[test]
fn analysis_of_a_grid_covers_every_statement_overall_and_per_group() {
    let s = survey(
        &[
            (
                "g1",
                repeat(&[
                    ("Mee eens", 9),
                    ("Mee oneens", 1),
                    ("Mee eens", 2),
                    ("Mee oneens", 8),
                ]),
            ),
            ("g2", repeat(&[("Zeer mee eens", 6), ("Geen mening", 14)])),
            ("w", repeat(&[("X", 10), ("Y", 10)])),
        ],
        vec![grid("g", &["g1", "g2"], SCALE), single("w", &["X", "Y"])],
    );
    let a = analyse(&s, &Request::new("g").by("w")).unwrap();
    assert_eq!(a.items.len(), 2);
    let first = &a.items[0];
    assert_close!(first.likert.as_ref().unwrap().agree.percent, 55.0, 1e-12);
    // X: 9 of 10 agree; Y: 2 of 10. Pooled z = 0.7 / sqrt(0.55 · 0.45 · 0.2) = 3.15.
    let agree = |g: usize| first.groups[g].likert.as_ref().unwrap().agree.percent;
    assert_close!(agree(0), 90.0, 1e-12);
    assert_close!(agree(1), 20.0, 1e-12);
    let comparison = first.agree_comparison.as_ref().unwrap();
    assert_eq!(comparison.letters, vec!["B".to_string(), String::new()]);
    assert_eq!(a.items[1].groups[1].frequencies.base_n, 10);
}

#[test]
fn multi_select_analysis_gives_shares_per_group() {
    let mut s = challenges();
    let mut b = peiling_engine::dataset::ColumnBuilder::new("g");
    for g in ["X", "X", "Y", "Y", "Y"] {
        b.push(g);
    }
    s.data.columns.push(b.finish());
    s.codebook.questions.push(single("g", &["X", "Y"]));
    let a = analyse(&s, &Request::new("m").by("g")).unwrap();
    let multi = a.multi_select.unwrap();
    // X: rows 0, 1 (A+B, A); Y: rows 2, 4 answered (none-of-these, B).
    assert_eq!(multi.groups[0].base_n, 2);
    assert_eq!(multi.groups[0].option(0).unwrap().percent, 100.0);
    assert_eq!(multi.groups[1].base_n, 2);
    assert_eq!(multi.groups[1].option(1).unwrap().percent, 50.0);
    assert_eq!(a.items.len(), 3);
}

#[test]
fn equal_weights_other_than_one_change_counts_but_not_percentages() {
    let s = two_by_two();
    let plain = crosstab(&s, "q", 0, "g", &[1.0; 20], &Options::default()).unwrap();
    let doubled = crosstab(&s, "q", 0, "g", &[2.0; 20], &Options::default()).unwrap();
    assert_eq!(doubled.base, 40.0);
    assert_close!(
        doubled.cells[0][0].column_percent,
        plain.cells[0][0].column_percent,
        1e-12
    );
    assert_eq!(doubled.cells[0][0].letters, plain.cells[0][0].letters);
    let chi = doubled.chi_square.unwrap();
    assert_close!(chi.statistic, plain.chi_square.unwrap().statistic, 1e-12);
}
