//! The table behind a chart and the generated text alternative.

use peiling_engine::chart::{
    table, Cell, ChartInput, ChartKind, ChartSpec, Marker, Role, RowInput, SeriesCategory,
    SortOrder,
};
use peiling_engine::Lang;

fn categories() -> Vec<SeriesCategory> {
    [
        ("Oneens", Role::Negative(1)),
        ("Neutraal", Role::Neutral),
        ("Eens", Role::Positive(1)),
        ("Geen mening", Role::NonSubstantive),
    ]
    .into_iter()
    .map(|(label, role)| SeriesCategory {
        label: label.into(),
        role,
    })
    .collect()
}

fn row(label: &str, group: Option<&str>, values: [f64; 4]) -> RowInput {
    RowInput {
        label: label.into(),
        note: None,
        group: group.map(str::to_string),
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

fn input(lang: Lang) -> ChartInput {
    ChartInput {
        kind: ChartKind::Stacked,
        title: "Stellingen".into(),
        subtitle: "n = 1.601".into(),
        source: "Bron: enquête".into(),
        categories: categories(),
        rows: vec![
            // 550 of 1601 agree: 34.35% → 34%.
            row("Ruimte", None, [600.0, 350.0, 550.0, 101.0]),
            // 1457 of 1601 agree: 91.01% → 91%.
            row("Discussies", None, [64.0, 80.0, 1457.0, 0.0]),
        ],
        lang,
        sort: SortOrder::ByAgreement,
        disclosure: None,
        nets: false,
        mean_scale: None,
        tests: Vec::new(),
        reference_group: None,
    }
}

#[test]
fn the_table_has_one_row_per_item_and_answer_in_chart_order() {
    let mut with_numbers = input(Lang::Nl);
    with_numbers.rows[0].ci = vec![(0.35, 0.398), (0.2, 0.24), (0.32, 0.367), (0.05, 0.08)];
    with_numbers.rows[0].markers = vec![None, None, Some(Marker::Lower), None];
    let table = table(&with_numbers);
    assert_eq!(
        table.headers,
        [
            "Item",
            "Antwoord",
            "Aantal",
            "Percentage",
            "95%-interval: ondergrens",
            "95%-interval: bovengrens",
            "Significantie",
            "Basis (n)"
        ]
    );
    assert_eq!(table.rows.len(), 8);
    // Sorted by agreement: "Discussies" first.
    assert_eq!(table.rows[0][0], Cell::Text("Discussies".into()));
    let eens = &table.rows[4 + 2];
    assert_eq!(eens[0], Cell::Text("Ruimte".into()));
    assert_eq!(eens[1], Cell::Text("Eens".into()));
    assert_eq!(eens[2].display(), "550");
    // 550 / 1601 = 34.353…%
    assert_eq!(eens[3].display(), "34,4%");
    match &eens[3] {
        Cell::Number { value, .. } => assert!((value - 55000.0 / 1601.0).abs() < 1e-12),
        other => panic!("{other:?}"),
    }
    assert_eq!(eens[4].display(), "32,0%");
    assert_eq!(eens[5].display(), "36,7%");
    assert_eq!(eens[6].display(), "significant lager (95%)");
    assert_eq!(eens[7].display(), "1.601");
    assert_eq!(table.caption, "Stellingen \u{2014} n = 1.601");
}

#[test]
fn suppressed_rows_say_why_and_show_no_number_not_even_their_base() {
    let mut suppressed = input(Lang::En);
    suppressed.rows[1].suppressed = true;
    suppressed.rows[1].suppressed_reason = Some("Not shown: fewer than 10 respondents".into());
    suppressed.sort = SortOrder::AsGiven;
    let table = table(&suppressed);
    for row in &table.rows[4..] {
        assert_eq!(row[2], Cell::Empty);
        assert_eq!(row[3], Cell::Empty);
        assert_eq!(row[6].display(), "Not shown: fewer than 10 respondents");
        assert_eq!(row[7], Cell::Empty);
    }
    // The rows before it are shown.
    assert_eq!(table.rows[0][7].display(), "1,601");
}

#[test]
fn broken_down_tables_name_the_group_and_mark_small_bases() {
    let mut grouped = input(Lang::En);
    grouped.rows = vec![
        row("Ruimte", Some("Gemeente"), [10.0, 10.0, 10.0, 0.0]),
        RowInput {
            small_base: true,
            ..row("Ruimte", Some("Rijk"), [1.0, 2.0, 3.0, 0.0])
        },
    ];
    let table = table(&grouped);
    assert_eq!(table.headers[..3], ["Item", "Group", "Answer"]);
    assert_eq!(table.rows[4][1], Cell::Text("Rijk *".into()));
    assert!(table.notes[0].contains("Small base"));
}

#[test]
fn the_summary_names_the_highest_and_lowest_agreement() {
    let spec = ChartSpec::build(&input(Lang::Nl), 800.0).unwrap();
    assert_eq!(
        spec.summary(Lang::Nl),
        "2 stellingen. Het grootste aandeel \u{2018}Eens\u{2019} heeft \u{2018}Discussies\u{2019} (91%), het kleinste \u{2018}Ruimte\u{2019} (34%)."
    );
    let spec = ChartSpec::build(&input(Lang::En), 800.0).unwrap();
    assert_eq!(
        spec.summary(Lang::En),
        "2 statements. The largest share answering \u{2018}Eens\u{2019} is for \u{2018}Discussies\u{2019} (91%), the smallest for \u{2018}Ruimte\u{2019} (34%)."
    );
}

#[test]
fn a_single_statement_is_summarised_with_agreement_disagreement_and_base() {
    let mut single = input(Lang::Nl);
    single.rows.truncate(1);
    let spec = ChartSpec::build(&single, 500.0).unwrap();
    // 600 / 1601 = 37.48% → 37%.
    assert_eq!(
        spec.summary(Lang::Nl),
        "Ruimte: 34% antwoordt \u{2018}Eens\u{2019} en 37% \u{2018}Oneens\u{2019} (n = 1.601)."
    );
}

#[test]
fn share_bars_are_summarised_by_the_most_and_least_chosen_option() {
    let option = |label: &str, count: f64| RowInput {
        n: 1601.0,
        ..row(label, None, [count, 0.0, 0.0, 0.0])
    };
    let mut rows: Vec<RowInput> = vec![option("Werkdruk", 900.0), option("AI", 100.0)];
    for r in &mut rows {
        r.values.truncate(1);
    }
    let shares = ChartInput {
        kind: ChartKind::Shares,
        categories: vec![SeriesCategory {
            label: "Aandeel".into(),
            role: Role::Single,
        }],
        rows,
        sort: SortOrder::Descending,
        ..input(Lang::En)
    };
    let spec = ChartSpec::build(&shares, 700.0).unwrap();
    // 900 / 1601 = 56.2% → 56%; 100 / 1601 = 6.2% → 6%.
    assert_eq!(
        spec.summary(Lang::En),
        "Chosen most often: \u{2018}Werkdruk\u{2019} (56%). Chosen least often: \u{2018}AI\u{2019} (6%)."
    );
}
