//! Downloads, made in the browser: the chart as SVG or PNG, its table as CSV or XLSX, the
//! chart or the whole report as one self-contained HTML file. Every file comes from the
//! engine's exporters; this file only hands bytes to the browser as a download.
use leptos::prelude::*;
use peiling_engine::chart::svg::{render, SvgOptions};
use peiling_engine::chart::ChartSpec;
use peiling_engine::export::html::{
    chart_document, report_document, ChartExport, ReportExport, SectionExport,
};
use peiling_engine::export::{csv::to_csv, xlsx::to_xlsx};
use peiling_engine::report::{ChartReport, Report};
use peiling_engine::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::use_app;
use crate::i18n::{t, Term};

/// Offers `bytes` as a file download named `name`.
pub fn save(bytes: &[u8], mime: &str, name: &str) {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    save_blob(&blob, name);
}

fn save_blob(blob: &web_sys::Blob, name: &str) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Some(a) = document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoke once the browser has taken the file.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
}

/// The chart as a standalone SVG (title, legend, plot, notes, source).
pub fn chart_svg(spec: &ChartSpec, id: &str) -> String {
    render(
        spec,
        &SvgOptions {
            id_prefix: format!("peiling-{id}"),
            header: true,
        },
    )
}

/// Draws the SVG on a canvas at twice its size and saves it as PNG.
fn save_png(svg: String, name: String) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let parts = js_sys::Array::of1(&JsValue::from_str(&svg));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let loaded = image.clone();
    let onload = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
        let scale = 2.0;
        let (w, h) = (
            loaded.natural_width() as f64,
            loaded.natural_height() as f64,
        );
        let Some(canvas) = document()
            .create_element("canvas")
            .ok()
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width((w * scale) as u32);
        canvas.set_height((h * scale) as u32);
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = context.scale(scale, scale);
        let _ = context.draw_image_with_html_image_element(&loaded, 0.0, 0.0);
        let done = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
            if let Some(blob) = blob {
                save_blob(&blob, &name);
            }
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&web_sys::Url::create_object_url_with_blob(&blob).unwrap_or_default());
}

fn file_stem(id: &str, lang: Lang) -> String {
    let safe: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!(
        "peiling-{}-{}",
        if safe.is_empty() { "grafiek" } else { &safe },
        match lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    )
}

/// The chart's download menu.
#[component]
pub fn DownloadMenu(chart: ChartReport, spec: Memo<Option<ChartSpec>>) -> impl IntoView {
    let lang = chart.input.lang;
    let stem = file_stem(&chart.id, lang);
    let chart = StoredValue::new(chart);
    let open = RwSignal::new(false);
    let menu_id = format!("dl-{stem}");
    let run = move |format: &'static str| {
        open.set(false);
        let Some(spec) = spec.get_untracked() else {
            return;
        };
        chart.with_value(|chart| {
            let stem = file_stem(&chart.id, lang);
            match format {
                "svg" => save(
                    chart_svg(&spec, &chart.id).as_bytes(),
                    "image/svg+xml",
                    &format!("{stem}.svg"),
                ),
                "png" => save_png(chart_svg(&spec, &chart.id), format!("{stem}.png")),
                "csv" => save(
                    &to_csv(&chart.table),
                    "text/csv;charset=utf-8",
                    &format!("{stem}.csv"),
                ),
                "xlsx" => {
                    if let Ok(bytes) = to_xlsx(&chart.table, lang) {
                        save(
                            &bytes,
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            &format!("{stem}.xlsx"),
                        );
                    }
                }
                _ => {
                    // Always published figures (crate::publish), laid out at the same width.
                    let chart = crate::publish::published_chart(chart);
                    let spec = ChartSpec::build(&chart.input, spec.width).unwrap_or(spec);
                    let html = chart_document(
                        &ChartExport {
                            spec: &spec,
                            table: &chart.table,
                        },
                        lang,
                    );
                    save(
                        html.as_bytes(),
                        "text/html;charset=utf-8",
                        &format!("{stem}.html"),
                    );
                }
            }
        });
    };
    let item = move |format: &'static str, label: &'static str| {
        view! {
            <li>
                <button type="button" role="menuitem" data-testid=format!("download-{format}") on:click=move |_| run(format)>
                    {label}
                </button>
            </li>
        }.into_any()
    };
    view! {
        <div class="pl-menu">
            <button
                type="button"
                class="pl-button pl-button--quiet"
                data-testid="download-open"
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)
                on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }
            >
                {t(lang, Term::Download)}
            </button>
            <ul id=menu_id class="pl-menu__list" role="menu" hidden=move || !open.get() on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                {item("svg", "SVG")}
                {item("png", "PNG")}
                {item("csv", "CSV")}
                {item("xlsx", "Excel (XLSX)")}
                {item("html", t(lang, Term::DownloadHtml))}
            </ul>
        </div>
    }.into_any()
}

/// The whole report as one self-contained HTML file.
pub fn save_report_html(report: &Report, width: f64, link: Option<String>) {
    let lang = report.lang;
    let specs: Vec<Vec<(ChartSpec, &ChartReport)>> = report
        .sections
        .iter()
        .map(|s| {
            s.charts
                .iter()
                .filter_map(|c| ChartSpec::build(&c.input, width).ok().map(|spec| (spec, c)))
                .collect()
        })
        .collect();
    let sections = report
        .sections
        .iter()
        .zip(&specs)
        .map(|(s, charts)| SectionExport {
            heading: s.title.clone(),
            sentences: s.sentences.clone(),
            charts: charts
                .iter()
                .map(|(spec, c)| ChartExport {
                    spec,
                    table: &c.table,
                })
                .collect(),
        })
        .collect();
    let export = ReportExport {
        title: report.title.clone(),
        intro: vec![
            report.source.clone(),
            peiling_engine::format::n_equals(report.respondents, lang),
        ],
        sections,
        link: link.map(|url| (t(lang, Term::FullReport).to_string(), url)),
        lang,
    };
    let name = format!("{}.html", file_stem("rapport", lang));
    save(
        report_document(&export).as_bytes(),
        "text/html;charset=utf-8",
        &name,
    );
}

/// A button that downloads the whole report as HTML.
#[component]
pub fn ReportHtmlButton() -> impl IntoView {
    let app = use_app();
    let lang = move || app.view.with(|v| v.lang);
    view! {
        <button
            type="button"
            class="pl-button pl-button--quiet"
            data-testid="download-report-html"
            on:click=move |_| {
                let report = crate::publish::published_report();
                let link = crate::publish::published_link();
                save_report_html(&report, app.chart_width.get_untracked(), Some(link));
            }
        >
            {move || t(lang(), Term::WholeReportHtml)}
        </button>
    }
    .into_any()
}
