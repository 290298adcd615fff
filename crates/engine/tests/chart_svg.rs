//! Standalone SVG: well-formed, escaped, and showing the spec's numbers.

use peiling_engine::chart::svg::{render, SvgOptions};
use peiling_engine::chart::{
    ChartInput, ChartKind, ChartSpec, Marker, Role, RowInput, SeriesCategory, SortOrder,
};
use peiling_engine::Lang;

const HOSTILE: [&str; 4] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=\"alert('x')\">",
    "Tom & Jerry's \"quote\"",
    "bell\u{7} and nul\u{0}",
];

fn hostile_input(kind: ChartKind) -> ChartInput {
    let categories = match kind {
        ChartKind::Stacked => vec![
            SeriesCategory {
                label: HOSTILE[0].into(),
                role: Role::Negative(1),
            },
            SeriesCategory {
                label: "Neutraal".into(),
                role: Role::Neutral,
            },
            SeriesCategory {
                label: HOSTILE[1].into(),
                role: Role::Positive(1),
            },
            SeriesCategory {
                label: HOSTILE[2].into(),
                role: Role::NonSubstantive,
            },
        ],
        _ => vec![SeriesCategory {
            label: HOSTILE[1].into(),
            role: Role::Single,
        }],
    };
    let values = match kind {
        ChartKind::Stacked => vec![10.0, 20.0, 60.0, 10.0],
        _ => vec![60.0],
    };
    let rows = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, label)| RowInput {
            label: label.to_string(),
            note: Some(HOSTILE[(i + 1) % 4].into()),
            group: Some(HOSTILE[(i + 2) % 4].into()),
            n: 100.0,
            values: values.clone(),
            ci: vec![(0.5, 0.7); values.len()],
            markers: vec![Some(Marker::Letters("<b>".into())); values.len()],
            small_base: i == 1,
            suppressed: i == 3,
            suppressed_reason: None,
            letters: Vec::new(),
            mean: None,
            exclusive: false,
        })
        .collect();
    ChartInput {
        kind,
        title: HOSTILE[0].into(),
        subtitle: HOSTILE[1].into(),
        source: HOSTILE[2].into(),
        categories,
        rows,
        lang: Lang::En,
        sort: SortOrder::AsGiven,
        disclosure: None,
        nets: false,
        mean_scale: None,
        tests: Vec::new(),
        reference_group: None,
    }
}

fn all_text(document: &roxmltree::Document<'_>) -> String {
    document
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn labels_with_markup_stay_text_in_a_well_formed_svg() {
    for kind in [ChartKind::Stacked, ChartKind::Shares] {
        for width in [320.0, 900.0] {
            let spec = ChartSpec::build(&hostile_input(kind), width).unwrap();
            let svg = render(
                &spec,
                &SvgOptions {
                    id_prefix: "x\"><script>".into(),
                    header: true,
                },
            );
            let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
            let names: Vec<&str> = document
                .descendants()
                .filter(|n| n.is_element())
                .map(|n| n.tag_name().name())
                .collect();
            for name in &names {
                assert!(
                    ["svg", "title", "desc", "defs", "pattern", "line", "rect", "text", "g"]
                        .contains(name),
                    "unexpected element <{name}>"
                );
            }
            for node in document.descendants().filter(|n| n.is_element()) {
                for attribute in node.attributes() {
                    assert!(
                        !attribute.name().starts_with("on"),
                        "event handler attribute"
                    );
                    assert!(!attribute.value().contains("javascript:"));
                }
            }
            let text = all_text(&document);
            assert!(
                text.contains("<script>alert(1)</script>"),
                "the title is shown as text"
            );
            assert!(text.contains("Tom & Jerry's \"quote\""));
            assert!(!svg.contains("<script"), "no raw script tag");
            assert!(!text.contains('\u{0}'));
        }
    }
}

#[test]
fn the_svg_shows_every_segment_label_and_tooltip_of_the_spec() {
    let spec = ChartSpec::build(&hostile_input(ChartKind::Stacked), 900.0).unwrap();
    let svg = render(&spec, &SvgOptions::default());
    let document = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    let titles: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    let mut segments = 0;
    for row in spec.items.iter().flat_map(|i| &i.rows) {
        for segment in &row.segments {
            segments += 1;
            if let Some(label) = &segment.label {
                assert!(texts.contains(&label.as_str()), "{label}");
            }
            // Characters XML cannot hold come out as U+FFFD.
            let shown: String = segment
                .tooltip
                .chars()
                .map(|c| {
                    if c.is_control() && c != '\n' {
                        '\u{fffd}'
                    } else {
                        c
                    }
                })
                .collect();
            assert!(titles.contains(&shown.as_str()), "{shown}");
        }
    }
    assert!(segments > 0);
    let hatched = document
        .descendants()
        .filter(|n| n.attribute("fill").is_some_and(|f| f.ends_with("-hatch)")))
        .count();
    assert!(
        hatched >= 2,
        "the legend and the bars hatch the non-substantive answer"
    );
    let root = document.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let desc = document
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .unwrap();
    assert_eq!(desc.text(), Some(spec.summary(Lang::En).as_str()));
}
