//! Charts or a whole report as one self-contained HTML file, for intranets whose editors
//! cannot embed an iframe: inline SVG, the tables, the text alternatives, styles in `style`
//! attributes, no script and nothing fetched.
//!
//! What stays true: every string from the input passes through [`escape`]; the document
//! carries a Content-Security-Policy that allows no script and no external resource, so
//! even a mistake in escaping could not run code; the markup is well-formed XML (polyglot
//! HTML), so it can be checked by an XML parser; links are written only for `http`,
//! `https` or relative URLs.

use crate::chart::svg::{escape, render, SvgOptions};
use crate::chart::{Cell, ChartSpec, Table};
use crate::codebook::Lang;

/// One chart of an HTML export: its spec (for the SVG and the summary) and its table.
#[derive(Debug, Clone)]
pub struct ChartExport<'a> {
    pub spec: &'a ChartSpec,
    pub table: &'a Table,
}

/// A section of the report: a heading, its key sentences and its charts.
#[derive(Debug, Clone)]
pub struct SectionExport<'a> {
    pub heading: String,
    pub sentences: Vec<String>,
    pub charts: Vec<ChartExport<'a>>,
}

/// A whole report.
#[derive(Debug, Clone)]
pub struct ReportExport<'a> {
    pub title: String,
    /// Lines under the title: source and fieldwork, the base, notes on the data.
    pub intro: Vec<String>,
    pub sections: Vec<SectionExport<'a>>,
    /// A link back to the interactive report: (text, URL).
    pub link: Option<(String, String)>,
    pub lang: Lang,
}

const BODY_STYLE: &str = "margin:0 auto;padding:16px;max-width:1000px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#ffffff;line-height:1.45";
const FIGURE_STYLE: &str = "margin:24px 0 32px;padding:0;break-inside:avoid";
const TITLE_STYLE: &str = "font-size:18px;margin:0 0 4px";
const MUTED_STYLE: &str = "color:#595959;font-size:14px;margin:0 0 8px";
const TEXT_STYLE: &str = "max-width:70ch;margin:0 0 8px";
const TABLE_STYLE: &str =
    "border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums;margin:8px 0";
const CELL_STYLE: &str =
    "border-bottom:1px solid #c8c8c8;padding:3px 8px;text-align:left;vertical-align:top";
const NUMBER_STYLE: &str =
    "border-bottom:1px solid #c8c8c8;padding:3px 8px;text-align:right;vertical-align:top";
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// Whether `url` may be written as a link: http(s), or relative without a scheme.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    let scheme_end = lower.find(':');
    let path_start = lower.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => !lower.starts_with("//"),
        (Some(colon), Some(path)) => path < colon && !lower.starts_with("//"),
        (Some(_), None) => false,
    }
}

fn push_table(out: &mut String, table: &Table) {
    out.push_str(&format!(r#"<table style="{TABLE_STYLE}">"#));
    out.push_str(&format!(
        r#"<caption style="text-align:left;{MUTED_STYLE}">{}</caption><thead><tr>"#,
        escape(&table.caption)
    ));
    for (column, header) in table.headers.iter().enumerate() {
        // Headers of number columns align with their numbers.
        let numeric = table
            .rows
            .iter()
            .any(|row| matches!(row.get(column), Some(Cell::Number { .. })));
        let style = if numeric { NUMBER_STYLE } else { CELL_STYLE };
        out.push_str(&format!(
            r#"<th scope="col" style="{style};font-weight:600">{}</th>"#,
            escape(header)
        ));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let style = match cell {
                Cell::Number { .. } => NUMBER_STYLE,
                _ => CELL_STYLE,
            };
            out.push_str(&format!(
                r#"<td style="{style}">{}</td>"#,
                escape(cell.display())
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    for note in &table.notes {
        out.push_str(&format!(r#"<p style="{MUTED_STYLE}">{}</p>"#, escape(note)));
    }
}

fn push_chart(out: &mut String, chart: &ChartExport<'_>, id: &str, lang: Lang) {
    let spec = chart.spec;
    out.push_str(&format!(r#"<figure style="{FIGURE_STYLE}">"#));
    out.push_str(&format!(
        r#"<h3 style="{TITLE_STYLE}">{}</h3>"#,
        escape(&spec.title)
    ));
    if !spec.subtitle.is_empty() {
        out.push_str(&format!(
            r#"<p style="{MUTED_STYLE}">{}</p>"#,
            escape(&spec.subtitle)
        ));
    }
    let svg = render(
        spec,
        &SvgOptions {
            id_prefix: id.to_string(),
            header: false,
        },
    );
    out.push_str(&format!(
        r#"<div style="max-width:100%;overflow-x:auto">{svg}</div>"#
    ));
    for note in &spec.notes {
        out.push_str(&format!(r#"<p style="{MUTED_STYLE}">{}</p>"#, escape(note)));
    }
    out.push_str(&format!(
        r#"<figcaption style="{TEXT_STYLE}">{}</figcaption>"#,
        escape(&spec.summary(lang))
    ));
    push_table(out, chart.table);
    out.push_str("</figure>");
}

fn document(title: &str, lang: Lang, body: &str) -> String {
    styled_document(title, lang, "", body)
}

/// A complete HTML document (the export's policy, viewport and base style) with `stylesheet`
/// (a constant of the engine's, never input text) in its head: for documents that need media
/// queries, such as the questionnaire's print layout.
pub(crate) fn styled_document(title: &str, lang: Lang, stylesheet: &str, body: &str) -> String {
    let lang_code = match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    };
    let style = if stylesheet.is_empty() {
        String::new()
    } else {
        format!("<style>{stylesheet}</style>")
    };
    format!(
        concat!(
            "<!DOCTYPE html>\n",
            r#"<html xmlns="http://www.w3.org/1999/xhtml" lang="{lang}" xml:lang="{lang}"><head>"#,
            r#"<meta charset="utf-8"/>"#,
            r#"<meta http-equiv="Content-Security-Policy" content="{csp}"/>"#,
            r#"<meta name="viewport" content="width=device-width, initial-scale=1"/>"#,
            r#"<title>{title}</title>{style}</head><body style="{body_style}">{body}</body></html>"#,
            "\n"
        ),
        lang = lang_code,
        csp = CSP,
        title = escape(title),
        style = style,
        body_style = BODY_STYLE,
        body = body,
    )
}

/// One chart as a complete HTML document.
pub fn chart_document(chart: &ChartExport<'_>, lang: Lang) -> String {
    let mut body = String::from("<main>");
    push_chart(&mut body, chart, "chart-1", lang);
    body.push_str("</main>");
    document(&chart.spec.title, lang, &body)
}

/// A whole report as a complete HTML document.
pub fn report_document(report: &ReportExport<'_>) -> String {
    let lang = report.lang;
    let mut body = format!(
        r#"<main><h1 style="font-size:24px;margin:0 0 8px">{}</h1>"#,
        escape(&report.title)
    );
    for line in &report.intro {
        body.push_str(&format!(r#"<p style="{MUTED_STYLE}">{}</p>"#, escape(line)));
    }
    if let Some((text, url)) = &report.link {
        if safe_url(url) {
            body.push_str(&format!(
                r#"<p style="{TEXT_STYLE}"><a href="{}" style="color:#1f4f8a">{}</a> ({})</p>"#,
                escape(url.trim()),
                escape(text),
                escape(url.trim())
            ));
        }
    }
    let mut number = 0;
    for section in &report.sections {
        body.push_str(&format!(
            r#"<section><h2 style="font-size:21px;margin:32px 0 8px">{}</h2>"#,
            escape(&section.heading)
        ));
        for sentence in &section.sentences {
            body.push_str(&format!(
                r#"<p style="{TEXT_STYLE}">{}</p>"#,
                escape(sentence)
            ));
        }
        for chart in &section.charts {
            number += 1;
            push_chart(&mut body, chart, &format!("chart-{number}"), lang);
        }
        body.push_str("</section>");
    }
    body.push_str("</main>");
    document(&report.title, lang, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_relative_urls_are_linked() {
        assert!(safe_url("https://intranet.example/tools/peiling/#/report"));
        assert!(safe_url("./#/report?by=employer"));
        assert!(safe_url("report.html"));
        assert!(safe_url("/tools/peiling/?a=b:c"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url(" JavaScript:alert(1)"));
        assert!(!safe_url("data:text/html,<script>"));
        assert!(!safe_url("//evil.example/"));
    }
}
