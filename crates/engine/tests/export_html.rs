//! HTML export: self-contained, no script, every label escaped, the table's numbers shown.

mod export_support;

use export_support::{tricky_input, TRICKY};
use peiling_engine::chart::{table, ChartSpec};
use peiling_engine::export::html::{
    chart_document, report_document, ChartExport, ReportExport, SectionExport,
};
use peiling_engine::Lang;

fn check_document(html: &str) -> roxmltree::Document<'_> {
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "a script tag"
    );
    let document = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("well-formed markup");
    for node in document.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            ![
                "script",
                "iframe",
                "object",
                "embed",
                "img",
                "link",
                "foreignObject"
            ]
            .contains(&name),
            "element <{name}>"
        );
        for attribute in node.attributes() {
            assert!(!attribute.name().to_ascii_lowercase().starts_with("on"));
            for url_attribute in ["href", "src", "xlink:href"] {
                if attribute.name() == url_attribute {
                    assert!(!attribute
                        .value()
                        .trim()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"));
                }
            }
        }
    }
    document
}

fn text_of(document: &roxmltree::Document<'_>) -> String {
    document
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\u{1}")
}

#[test]
fn a_chart_document_shows_labels_as_text_and_every_table_cell() {
    let input = tricky_input(Lang::Nl);
    let spec = ChartSpec::build(&input, 800.0).unwrap();
    let table = table(&input);
    let html = chart_document(
        &ChartExport {
            spec: &spec,
            table: &table,
        },
        Lang::Nl,
    );
    let document = check_document(&html);
    let text = text_of(&document);
    for tricky in TRICKY {
        // Characters XML cannot hold literally come back as they were through references.
        assert!(text.contains(tricky), "{tricky:?} is not shown as text");
    }
    for row in &table.rows {
        for cell in row {
            assert!(text.contains(cell.display()), "{:?}", cell.display());
        }
    }
    assert!(
        text.contains(&spec.summary(Lang::Nl)),
        "the text alternative"
    );
    let csp = document
        .descendants()
        .find(|n| n.attribute("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|n| n.attribute("content"))
        .unwrap();
    assert!(csp.starts_with("default-src 'none'"));
    let root = document.root_element();
    assert_eq!(root.attribute("lang"), Some("nl"));
    assert!(document.descendants().any(|n| n.has_tag_name("svg")));
    assert!(document.descendants().any(|n| n.has_tag_name("table")));
}

#[test]
fn a_report_document_keeps_chart_ids_apart_and_refuses_script_links() {
    let input = tricky_input(Lang::En);
    let spec = ChartSpec::build(&input, 640.0).unwrap();
    let table = table(&input);
    let chart = || ChartExport {
        spec: &spec,
        table: &table,
    };
    let report = |url: &str| ReportExport {
        title: "Survey <b>report</b>".into(),
        intro: vec!["n = 1,601".into()],
        sections: vec![
            SectionExport {
                heading: TRICKY[7].into(),
                sentences: vec![TRICKY[6].into()],
                charts: vec![chart()],
            },
            SectionExport {
                heading: "Second".into(),
                sentences: Vec::new(),
                charts: vec![chart()],
            },
        ],
        link: Some(("Full report".into(), url.into())),
        lang: Lang::En,
    };
    let html = report_document(&report("javascript:alert(1)"));
    let document = check_document(&html);
    assert!(
        !document.descendants().any(|n| n.has_tag_name("a")),
        "no link to a script URL"
    );
    let ids: Vec<&str> = document
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "ids repeat: {ids:?}");
    assert_eq!(
        document
            .descendants()
            .filter(|n| n.has_tag_name("svg"))
            .count(),
        2
    );
    let text = text_of(&document);
    assert!(text.contains("Survey <b>report</b>"));

    let html = report_document(&report("https://intranet.example/peiling/#/report"));
    let document = check_document(&html);
    let link = document
        .descendants()
        .find(|n| n.has_tag_name("a"))
        .unwrap();
    assert_eq!(
        link.attribute("href"),
        Some("https://intranet.example/peiling/#/report")
    );
}
