//! The view in the URL fragment: `View::parse(View::format(v)) == v` for every view the page
//! can hold — filters, a comparison's reference and raking targets with trimming included —,
//! whatever the question ids and answer values (separators `:`, `|`, `=`, `%`, `&`, `#`,
//! spaces and non-ASCII in them), and whatever the targets (any finite number of zero or
//! more, written without exponent and read back exactly).

use peiling_engine::codebook::Lang;
use peiling_engine::view::{FilterChoice, Mode, RakeChoice, View};
use proptest::prelude::*;

/// Question ids: no `:` (the separator between question and values, as in the page).
fn question() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_ éü]{0,8}"
}

/// Answer values: anything printable, separators included.
fn value() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 |%=:&#+;,/é€-]{1,10}"
}

/// A target: a percentage, a population count, a tiny or huge share.
fn target() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..100.0f64,
        (0u64..10_000_000).prop_map(|n| n as f64),
        1e-12..1e-3f64,
        1e6..1e300f64,
        Just(0.0),
    ]
}

/// Distinct by their key (the view keeps one entry per question and per value).
fn distinct<T>(items: Vec<T>, key: impl Fn(&T) -> String) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().filter(|i| seen.insert(key(i))).collect()
}

fn rake_choices() -> impl Strategy<Value = Vec<RakeChoice>> {
    proptest::collection::vec(
        (
            question(),
            proptest::collection::vec((value(), target()), 1..5),
        ),
        0..4,
    )
    .prop_map(|margins| {
        let margins = distinct(margins, |(q, _)| q.clone());
        margins
            .into_iter()
            .map(|(question, targets)| RakeChoice {
                question,
                targets: distinct(targets, |(v, _)| v.clone()),
            })
            .collect()
    })
}

fn choices() -> impl Strategy<Value = Vec<FilterChoice>> {
    proptest::collection::vec((question(), proptest::collection::vec(value(), 1..4)), 0..3)
        .prop_map(|choices| {
            distinct(choices, |(q, _)| q.clone())
                .into_iter()
                .map(|(question, values)| FilterChoice {
                    question,
                    values: distinct(values, Clone::clone),
                })
                .collect()
        })
}

fn trim() -> impl Strategy<Value = Option<(f64, f64)>> {
    proptest::option::of((0.0..5.0f64, 0.0..20.0f64).prop_map(|(a, b)| (a.min(b), a.max(b))))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn every_view_round_trips_through_its_fragment(
        en in any::<bool>(),
        by in proptest::option::of(question()),
        filters in choices(),
        reference in choices(),
        rake in rake_choices(),
        trim in trim(),
        embed in proptest::option::of(question()),
        flags in any::<(bool, bool, bool, bool)>(),
        min in proptest::option::of(0u64..1000),
    ) {
        let view = View {
            mode: embed.map_or(Mode::Report, |chart| Mode::Embed { chart }),
            lang: if en { Lang::En } else { Lang::Nl },
            by,
            filters,
            reference,
            rake,
            trim,
            sort: flags.0,
            means: flags.1,
            publish: flags.2,
            compare: flags.3,
            min,
            ..View::default()
        };
        let fragment = view.format();
        prop_assert_eq!(View::parse(&fragment), view, "{}", fragment);
    }
}

/// Targets that are no share (negative, not a number, empty) are dropped with their margin,
/// and a trim that is no range is ignored: the rest of the view stays usable.
#[test]
fn malformed_raking_targets_give_a_usable_view() {
    for bad in [
        "rake=geslacht:Man=-5|Vrouw=50",
        "rake=geslacht:Man=NaN",
        "rake=geslacht:Man=inf",
        "rake=geslacht:Man",
        "rake=:Man=50",
        "rake=geslacht:",
        "rake=geslacht",
    ] {
        let v = View::parse(&format!("#/?by=werkgever&{bad}"));
        assert!(v.rake.is_empty(), "{bad}");
        assert_eq!(v.by.as_deref(), Some("werkgever"), "{bad}");
    }
    for bad in ["trim=3-0.3", "trim=x-3", "trim=0.3", "trim=-1-3", "trim="] {
        assert_eq!(View::parse(&format!("#/?{bad}")).trim, None, "{bad}");
    }
    let v = View::parse("#/?rake=geslacht:Man=48|Vrouw=52&trim=0.3-3");
    assert_eq!(
        v.rake,
        vec![RakeChoice {
            question: "geslacht".into(),
            targets: vec![("Man".into(), 48.0), ("Vrouw".into(), 52.0)],
        }]
    );
    assert_eq!(v.trim, Some((0.3, 3.0)));
}
