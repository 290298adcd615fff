//! Geometry invariants of chart specs: stacked bars tile exactly, labels fit, items are
//! ordered as asked, and the layout reflows from 320 to 1200 px.

use peiling_engine::chart::measure::text_width;
use peiling_engine::chart::stacked::{MIN_LABEL_SHARE, NON_SUBSTANTIVE_GAP, SEGMENT_GAP};
use peiling_engine::chart::{
    ChartError, ChartInput, ChartKind, ChartSpec, Marker, Role, RowInput, SeriesCategory, SortOrder,
};
use peiling_engine::Lang;
use proptest::prelude::*;

const WIDTHS: [f64; 6] = [320.0, 400.0, 559.0, 560.0, 800.0, 1200.0];

fn likert_categories() -> Vec<SeriesCategory> {
    [
        ("Zeer mee oneens", Role::Negative(2)),
        ("Mee oneens", Role::Negative(1)),
        ("Neutraal", Role::Neutral),
        ("Mee eens", Role::Positive(1)),
        ("Zeer mee eens", Role::Positive(2)),
        ("Geen mening", Role::NonSubstantive),
    ]
    .into_iter()
    .map(|(label, role)| SeriesCategory {
        label: label.into(),
        role,
    })
    .collect()
}

fn row(label: &str, values: &[f64]) -> RowInput {
    RowInput {
        label: label.into(),
        note: None,
        group: None,
        n: values.iter().sum(),
        values: values.to_vec(),
        ci: Vec::new(),
        markers: Vec::new(),
        small_base: false,
        suppressed: false,
        suppressed_reason: None,
        letters: Vec::new(),
        mean: None,
        exclusive: false,
    }
}

/// Statements with made-up counts (n = 1.601 each), chosen to include small segments, a
/// zero segment and a long label.
fn statements() -> ChartInput {
    ChartInput {
        kind: ChartKind::Stacked,
        title: "Stellingen over ambtelijk vakmanschap".into(),
        subtitle: "n = 1.601; percentages van alle respondenten".into(),
        source: "Bron: enquête ambtelijk vakmanschap".into(),
        categories: likert_categories(),
        rows: vec![
            row(
                "Discussies over ambtelijk vakmanschap gaan ook over mijn werk",
                &[16.0, 48.0, 80.0, 729.0, 728.0, 0.0],
            ),
            row(
                "Ik ken de regels",
                &[40.0, 120.0, 300.0, 800.0, 300.0, 41.0],
            ),
            row(
                "Mijn organisatie biedt voldoende ruimte om mijn vak bij te houden",
                &[200.0, 400.0, 350.0, 450.0, 100.0, 101.0],
            ),
        ],
        lang: Lang::Nl,
        sort: SortOrder::AsGiven,
        disclosure: None,
        nets: false,
        mean_scale: None,
        tests: Vec::new(),
        reference_group: None,
    }
}

fn visible_gap(spec: &ChartSpec, previous: usize, next: usize) -> f64 {
    let role = |k: usize| spec.categories[k].role;
    if role(next) == Role::NonSubstantive && role(previous) != Role::NonSubstantive {
        NON_SUBSTANTIVE_GAP
    } else {
        SEGMENT_GAP
    }
}

fn assert_stacked_invariants(spec: &ChartSpec) {
    for item in &spec.items {
        for row in &item.rows {
            if row.segments.is_empty() {
                continue;
            }
            let percent_sum: u32 = row.segments.iter().map(|s| s.percent).sum();
            assert_eq!(percent_sum, 100, "{}", item.label);
            let visible: Vec<_> = row.segments.iter().filter(|s| s.count > 0.0).collect();
            let first = visible[0];
            assert!((first.x - row.bar_x).abs() < 1e-9);
            for pair in visible.windows(2) {
                let expected = pair[0].x
                    + pair[0].width
                    + visible_gap(spec, pair[0].category, pair[1].category);
                assert!(
                    (pair[1].x - expected).abs() < 1e-9,
                    "segment {} starts at {} not {expected}",
                    pair[1].category,
                    pair[1].x
                );
            }
            let last = visible[visible.len() - 1];
            assert!(
                (last.x + last.width - (row.bar_x + row.bar_width)).abs() < 1e-9,
                "the bar ends at {} not {}",
                last.x + last.width,
                row.bar_x + row.bar_width
            );
            for segment in &row.segments {
                assert!(segment.width >= 0.0);
                if segment.count == 0.0 {
                    assert_eq!(segment.width, 0.0);
                }
                if let Some(label) = &segment.label {
                    assert!(
                        segment.share >= MIN_LABEL_SHARE,
                        "{label} on {}",
                        segment.share
                    );
                    assert!(
                        text_width(label, 12.0, false) + 6.0 <= segment.width,
                        "{label} overflows"
                    );
                }
            }
        }
    }
}

fn assert_labels_fit(spec: &ChartSpec) {
    let column_end = if spec.labels_above {
        spec.width
    } else {
        spec.items[0].rows[0].bar_x
    };
    let grouped = spec
        .items
        .iter()
        .any(|i| i.rows.iter().any(|r| r.group.is_some()));
    for item in &spec.items {
        let item_end = if grouped { spec.width } else { column_end };
        for line in &item.label_lines {
            let w = text_width(&line.text, line.font_size, line.bold);
            assert!(
                line.x + w <= item_end,
                "{:?} is {w} px wide, column ends at {item_end}",
                line.text
            );
        }
        for row in &item.rows {
            for line in &row.label_lines {
                assert!(line.x + text_width(&line.text, line.font_size, line.bold) <= column_end);
            }
        }
    }
}

#[test]
fn stacked_segments_tile_the_bar_exactly_at_every_width() {
    for width in WIDTHS {
        let spec = ChartSpec::build(&statements(), width).unwrap();
        assert_eq!(spec.width, width);
        assert_stacked_invariants(&spec);
        assert_labels_fit(&spec);
    }
}

#[test]
fn wide_segments_are_labelled_and_narrow_ones_are_not() {
    let spec = ChartSpec::build(&statements(), 1200.0).unwrap();
    for segment in spec
        .items
        .iter()
        .flat_map(|i| &i.rows)
        .flat_map(|r| &r.segments)
    {
        if segment.share >= 0.10 {
            assert!(segment.label.is_some(), "{} has no label", segment.share);
        }
        if segment.share < MIN_LABEL_SHARE {
            assert!(segment.label.is_none());
        }
    }
    // 16 of 1601 is 1%: a sliver without a label, also at the widest layout.
    let first = &spec.items[0].rows[0].segments[0];
    assert_eq!(first.percent, 1);
    assert_eq!(first.label, None);
    // 729 of 1601: 46% (largest remainder, see the tooltip test), white-on-blue or dark.
    assert_eq!(
        spec.items[0].rows[0].segments[3].label.as_deref(),
        Some("46%")
    );
}

#[test]
fn labels_are_never_truncated() {
    for width in WIDTHS {
        let spec = ChartSpec::build(&statements(), width).unwrap();
        for (item, input) in spec.items.iter().zip(&statements().rows) {
            let joined: Vec<&str> = item.label_lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(joined.join(" "), input.label);
        }
    }
}

#[test]
fn narrow_containers_put_labels_above_their_bars() {
    let narrow = ChartSpec::build(&statements(), 400.0).unwrap();
    assert!(narrow.labels_above);
    for item in &narrow.items {
        let last = item.label_lines.last().unwrap();
        assert!(
            last.y < item.rows[0].bar_y,
            "label baseline below the bar's top"
        );
        assert!(
            item.rows[0].bar_width > 300.0,
            "the bar takes the full width"
        );
    }
    let wide = ChartSpec::build(&statements(), 900.0).unwrap();
    assert!(!wide.labels_above);
    for item in &wide.items {
        assert!(item.label_lines.iter().all(|l| l.x < item.rows[0].bar_x));
    }
}

#[test]
fn items_do_not_overlap_and_the_axis_is_below_them() {
    for width in WIDTHS {
        let spec = ChartSpec::build(&statements(), width).unwrap();
        for pair in spec.items.windows(2) {
            assert!(pair[1].y >= pair[0].y + pair[0].height);
        }
        let last = spec.items.last().unwrap();
        assert!(spec.grid_bottom >= last.y + last.height);
        assert!(spec.tick_label_y < spec.height);
        let ticks: Vec<&str> = spec.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(ticks, ["0%", "50%", "100%"]);
        let row = &spec.items[0].rows[0];
        assert!((spec.ticks[2].x - (row.bar_x + row.bar_width)).abs() < 1e-9);
    }
}

#[test]
fn the_legend_follows_the_segment_order_and_sets_no_opinion_apart() {
    let spec = ChartSpec::build(&statements(), 800.0).unwrap();
    let legend: Vec<&str> = spec.legend.iter().map(|e| e.label.as_str()).collect();
    let categories: Vec<String> = likert_categories().into_iter().map(|c| c.label).collect();
    assert_eq!(legend, categories);
    for row in spec.items.iter().flat_map(|i| &i.rows) {
        let order: Vec<usize> = row.segments.iter().map(|s| s.category).collect();
        assert_eq!(order, (0..6).collect::<Vec<_>>());
        let xs: Vec<f64> = row.segments.iter().map(|s| s.x).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]));
        for (segment, entry) in row.segments.iter().zip(&spec.legend) {
            assert_eq!(segment.fill, entry.fill);
        }
    }
    let gaps: Vec<bool> = spec.legend.iter().map(|e| e.gap_before).collect();
    assert_eq!(gaps, [false, false, false, false, false, true]);
    assert!(spec.legend[5].pattern.is_some(), "no opinion is hatched");
    assert!(spec.legend[..5].iter().all(|e| e.pattern.is_none()));
}

#[test]
fn sorting_by_agreement_puts_the_most_agreed_statement_first() {
    let mut input = statements();
    input.sort = SortOrder::ByAgreement;
    let spec = ChartSpec::build(&input, 800.0).unwrap();
    let order: Vec<&str> = spec.items.iter().map(|i| &i.label[..8]).collect();
    // Agreement: 1457/1601, 1100/1601, 550/1601.
    assert_eq!(order, ["Discussi", "Ik ken d", "Mijn org"]);
    input.rows.reverse();
    let reversed = ChartSpec::build(&input, 800.0).unwrap();
    let again: Vec<&str> = reversed.items.iter().map(|i| &i.label[..8]).collect();
    assert_eq!(again, order);
}

fn options() -> ChartInput {
    let option = |label: &str, count: f64, exclusive: bool| RowInput {
        n: 1601.0,
        exclusive,
        ..row(label, &[count])
    };
    ChartInput {
        kind: ChartKind::Shares,
        title: "Welke organisatieontwikkelingen stellen uw vakmanschap op de proef?".into(),
        subtitle: "n = 1.601; meerdere antwoorden mogelijk".into(),
        source: String::new(),
        categories: vec![SeriesCategory {
            label: "Aandeel".into(),
            role: Role::Single,
        }],
        rows: vec![
            option("Geen van deze", 300.0, true),
            option("Reorganisaties", 500.0, false),
            option("Werkdruk", 900.0, false),
            option("Geen mening", 40.0, true),
            option("Digitalisering", 700.0, false),
        ],
        lang: Lang::Nl,
        sort: SortOrder::Descending,
        disclosure: None,
        nets: false,
        mean_scale: None,
        tests: Vec::new(),
        reference_group: None,
    }
}

#[test]
fn share_bars_are_sorted_with_exclusive_options_last_after_a_divider() {
    let spec = ChartSpec::build(&options(), 700.0).unwrap();
    let order: Vec<&str> = spec.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        order,
        [
            "Werkdruk",
            "Digitalisering",
            "Reorganisaties",
            "Geen van deze",
            "Geen mening"
        ]
    );
    let dividers: Vec<bool> = spec.items.iter().map(|i| i.divider_y.is_some()).collect();
    assert_eq!(dividers, [false, false, false, true, false]);
    let divider = spec.items[3].divider_y.unwrap();
    assert!(divider > spec.items[2].y + spec.items[2].height && divider < spec.items[3].y);
    assert!(spec.legend.is_empty());
}

#[test]
fn share_bars_are_proportional_on_a_nice_scale_with_labels_past_their_end() {
    let spec = ChartSpec::build(&options(), 700.0).unwrap();
    // Largest share 900/1601 = 56.2% → ticks of 20 points up to 60%.
    let ticks: Vec<&str> = spec.ticks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(ticks, ["0%", "20%", "40%", "60%"]);
    for item in &spec.items {
        let row = &item.rows[0];
        let segment = &row.segments[0];
        let expected = segment.share / 0.6 * row.bar_width;
        assert!((segment.width - expected).abs() < 1e-9);
        let label = segment.label.as_deref().unwrap();
        assert!(segment.label_x >= segment.x + segment.width);
        assert!(segment.label_x + text_width(label, 12.0, false) <= spec.width + 1e-9);
    }
    let werkdruk = &spec.items[0].rows[0].segments[0];
    // 900 / 1601 = 56.21…% → 56%
    assert_eq!(werkdruk.percent, 56);
    assert_eq!(werkdruk.label.as_deref(), Some("56%"));
}

#[test]
fn distribution_percentages_of_a_group_sum_to_100() {
    let mut input = options();
    input.kind = ChartKind::Distribution;
    input.sort = SortOrder::AsGiven;
    for r in &mut input.rows {
        r.exclusive = false;
        r.n = 2440.0;
    }
    let spec = ChartSpec::build(&input, 500.0).unwrap();
    let total: u32 = spec
        .items
        .iter()
        .map(|i| i.rows[0].segments[0].percent)
        .sum();
    assert_eq!(total, 100);
    let order: Vec<&str> = spec.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        order[0], "Geen van deze",
        "profile bars keep their category order"
    );
}

fn broken_down() -> ChartInput {
    let mut input = statements();
    input.rows = ["Gemeente", "Provincie", "Rijk"]
        .iter()
        .enumerate()
        .flat_map(|(g, group)| {
            statements().rows.into_iter().map(move |mut r| {
                r.group = Some(group.to_string());
                r.values
                    .iter_mut()
                    .for_each(|v| *v = (*v / (g as f64 + 1.0)).floor());
                r.n = r.values.iter().sum();
                r.small_base = g == 2;
                r.markers = vec![None, None, None, Some(Marker::Higher), None, None];
                r
            })
        })
        .collect();
    input
}

#[test]
fn broken_down_items_get_one_bar_per_group_with_its_n() {
    for width in WIDTHS {
        let spec = ChartSpec::build(&broken_down(), width).unwrap();
        assert_eq!(spec.items.len(), 3);
        assert_stacked_invariants(&spec);
        assert_labels_fit(&spec);
        for item in &spec.items {
            let groups: Vec<&str> = item
                .rows
                .iter()
                .map(|r| r.group.as_deref().unwrap())
                .collect();
            assert_eq!(groups, ["Gemeente", "Provincie", "Rijk"]);
            for pair in item.rows.windows(2) {
                assert!(pair[1].bar_y >= pair[0].bar_y + pair[0].bar_height);
            }
            let group_text: String = item.rows[2]
                .label_lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            assert!(group_text.starts_with("Rijk (n = "), "{group_text}");
            assert!(
                group_text.ends_with(" *"),
                "small bases are marked: {group_text}"
            );
        }
        assert!(spec.notes.iter().any(|n| n.contains("Kleine basis")));
        assert!(spec.notes.iter().any(|n| n.contains("Significant hoger")));
    }
}

#[test]
fn tooltips_give_label_percentage_count_interval_and_significance_per_language() {
    let mut input = broken_down();
    input.rows[0].ci = vec![(0.0, 0.02); 6];
    input.rows[0].ci[3] = (0.431, 0.4799);
    let spec = ChartSpec::build(&input, 800.0).unwrap();
    let segment = &spec.items[0].rows[0].segments[3];
    assert_eq!(
        segment.tooltip,
        "Discussies over ambtelijk vakmanschap gaan ook over mijn werk \u{2014} Gemeente\n\
         Mee eens: 46% (729 van 1.601)\n95%-interval: 43,1\u{2013}48,0%\nsignificant hoger (95%)"
    );
    input.lang = Lang::En;
    let spec = ChartSpec::build(&input, 800.0).unwrap();
    let segment = &spec.items[0].rows[0].segments[3];
    assert!(segment.tooltip.contains("Agree") || segment.tooltip.contains("Mee eens"));
    assert!(segment.tooltip.contains("(729 of 1,601)"));
    assert!(segment.tooltip.contains("95% interval: 43.1\u{2013}48.0%"));
}

#[test]
fn suppressed_rows_show_no_numbers() {
    let mut input = broken_down();
    input.rows[2].suppressed = true;
    let spec = ChartSpec::build(&input, 800.0).unwrap();
    let suppressed = spec
        .items
        .iter()
        .flat_map(|i| &i.rows)
        .find(|r| r.suppressed)
        .unwrap();
    assert!(suppressed.segments.is_empty());
    assert!(suppressed
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("te weinig"));
}

#[test]
fn malformed_rows_are_refused_with_a_clear_error() {
    let mut input = statements();
    input.rows[1].values.pop();
    let error = ChartSpec::build(&input, 800.0).unwrap_err();
    assert!(matches!(
        error,
        ChartError::RowShape {
            row: 1,
            found: 5,
            expected: 6,
            ..
        }
    ));
    assert!(error
        .to_string()
        .starts_with("row 2 (\"Ik ken de regels\") has 5 values for 6 categories"));
    let mut input = statements();
    input.rows[0].values[2] = f64::NAN;
    assert!(matches!(
        ChartSpec::build(&input, 800.0),
        Err(ChartError::BadNumber { row: 0, .. })
    ));
    let mut input = options();
    input.categories.push(input.categories[0].clone());
    assert!(matches!(
        ChartSpec::build(&input, 800.0),
        Err(ChartError::BarCategories { found: 2 })
    ));
}

#[test]
fn widths_outside_the_range_are_clamped() {
    assert_eq!(ChartSpec::build(&statements(), 100.0).unwrap().width, 320.0);
    assert_eq!(
        ChartSpec::build(&statements(), 5000.0).unwrap().width,
        1200.0
    );
    assert_eq!(
        ChartSpec::build(&statements(), f64::NAN).unwrap().width,
        640.0
    );
}

proptest! {
    #[test]
    fn any_counts_at_any_width_keep_the_invariants(
        rows in prop::collection::vec(prop::collection::vec(0u32..5000, 6), 1..8),
        labels in prop::collection::vec("[a-zA-Z <>&\"']{0,90}", 8),
        width in 320.0f64..1200.0,
    ) {
        let mut input = statements();
        input.rows = rows
            .iter()
            .zip(&labels)
            .map(|(values, label)| {
                let values: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
                row(label, &values)
            })
            .collect();
        let spec = ChartSpec::build(&input, width).unwrap();
        assert_stacked_invariants(&spec);
        assert_labels_fit(&spec);
    }
}

#[test]
fn net_shares_stand_beside_each_bar_at_every_width() {
    let mut input = statements();
    input.nets = true;
    // Worked by hand from the counts above (n = 1.601 each), rounded half up:
    // 16 + 48 = 64 disagree (4,00% → 4), 729 + 728 = 1.457 agree (91,01% → 91);
    // "Ik ken de regels": 40 + 120 = 160 (9,99% → 10), 800 + 300 = 1.100 (68,71% → 69).
    let expected = [(91, 4), (69, 10)];
    for width in WIDTHS {
        let spec = ChartSpec::build(&input, width).unwrap();
        assert_stacked_invariants(&spec);
        assert!(spec.net_headers.len() >= 2, "headings at {width}");
        let first = &spec.items[0].rows[0];
        let ken = spec
            .items
            .iter()
            .find(|i| i.label == "Ik ken de regels")
            .unwrap();
        for (row, (agree, disagree)) in [first, &ken.rows[0]].into_iter().zip(expected) {
            let net = row.net.unwrap();
            assert_eq!((net.agree, net.disagree), (agree, disagree), "at {width}");
            let texts: Vec<&str> = row.net_labels.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(texts, [format!("{agree}%"), format!("{disagree}%")]);
            // The columns are right of the bar and inside the chart.
            for label in &row.net_labels {
                assert!(label.x > row.bar_x + row.bar_width && label.x < spec.width);
            }
        }
        // The headings sit above the first bar.
        let top = spec.items[0].y;
        assert!(spec.net_headers.iter().all(|h| h.y < top + 1.0));
    }
    // Without nets, nothing is drawn for them.
    let plain = ChartSpec::build(&statements(), 800.0).unwrap();
    assert!(plain.net_headers.is_empty() && plain.items[0].rows[0].net.is_none());
}
