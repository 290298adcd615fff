//! Downloads, made in the browser: the chart as SVG or PNG, its table as CSV or XLSX, the
//! chart or the whole report as one self-contained HTML file or a PowerPoint deck. Every file
//! comes from the engine's exporters (the workbook and the deck written by the reader worker);
//! this file draws charts to PNG and hands bytes to the browser as a download.
use std::sync::Arc;

use leptos::prelude::*;
use peiling_engine::chart::svg::{render, SvgOptions};
use peiling_engine::chart::ChartSpec;
use peiling_engine::export::context::{slug, ViewContext};
use peiling_engine::export::csv::{to_csv_in, Dialect};
use peiling_engine::export::html::{
    chart_document, report_document, ChartExport, ReportExport, SectionExport,
};
use peiling_engine::export::slides::{ChartSlide, Cover, DeckInput, CHART_WIDTH};
use peiling_engine::export::workbook::{SheetInput, WorkbookInput};
use peiling_engine::report::{ChartReport, Report};
use peiling_engine::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::{use_app, AppState};
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

/// `svg` drawn on a canvas at twice its size, as a PNG (the PNG download and the pictures of a
/// PowerPoint deck); `None` if the browser could not draw it.
async fn png_blob(svg: &str) -> Option<web_sys::Blob> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let image = web_sys::HtmlImageElement::new().ok()?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&url);
    let drawn = JsFuture::from(loaded).await.is_ok();
    let _ = web_sys::Url::revoke_object_url(&url);
    if !drawn {
        return None;
    }
    let scale = 2.0;
    let (w, h) = (image.natural_width() as f64, image.natural_height() as f64);
    let canvas = document()
        .create_element("canvas")
        .ok()?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()?;
    canvas.set_width((w * scale) as u32);
    canvas.set_height((h * scale) as u32);
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()?
        .dyn_into::<web_sys::CanvasRenderingContext2d>()
        .ok()?;
    let _ = context.scale(scale, scale);
    let _ = context.draw_image_with_html_image_element(&image, 0.0, 0.0);
    let encoded = js_sys::Promise::new(&mut |resolve, _| {
        let _ = canvas.to_blob(&resolve);
    });
    JsFuture::from(encoded).await.ok()?.dyn_into().ok()
}

/// Draws the SVG on a canvas at twice its size and saves it as PNG.
fn save_png(svg: String, name: String) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(blob) = png_blob(&svg).await {
            save_blob(&blob, &name);
        }
    });
}

const PPTX_TYPE: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

/// `chart`'s slide and its picture: the chart drawn at [`CHART_WIDTH`] without its words
/// (the title, base, view and source are the slide's own text), as PNG bytes.
async fn chart_slide(
    chart: &ChartReport,
    context: &ViewContext,
) -> Option<(ChartSlide, js_sys::Uint8Array)> {
    let exported = context.chart(chart);
    let spec = ChartSpec::build(&exported.input, CHART_WIDTH).ok()?;
    let svg = render(
        &spec,
        &SvgOptions {
            id_prefix: format!("peiling-{}", chart.id),
            header: false,
        },
    );
    let png = png_blob(&svg).await?;
    let bytes = JsFuture::from(png.array_buffer()).await.ok()?;
    let slide = ChartSlide::new(chart, context, spec.summary(chart.input.lang));
    Some((slide, js_sys::Uint8Array::new(&bytes)))
}

/// Makes a deck of `charts` (after the title slide `cover`, if any) and offers it as `name`:
/// each chart drawn in a task of its own (`progress(done, total)` after each), then the reader
/// worker writes the file. The error, if any, is in the page's language.
async fn save_slides(
    cover: Option<Cover>,
    charts: Vec<ChartReport>,
    context: ViewContext,
    name: String,
    progress: impl Fn(usize, usize),
) -> Result<(), String> {
    let lang = context.lang;
    let mut slides = Vec::with_capacity(charts.len());
    let mut pictures = Vec::with_capacity(charts.len());
    for (i, chart) in charts.iter().enumerate() {
        progress(i, charts.len());
        crate::tasks::yield_to_browser().await;
        if let Some((slide, picture)) = chart_slide(chart, &context).await {
            slides.push(slide);
            pictures.push(picture);
        }
    }
    progress(charts.len(), charts.len());
    let input = DeckInput {
        lang,
        cover,
        charts: slides,
    };
    let json = serde_json::to_string(&input).map_err(|e| e.to_string())?;
    let bytes = crate::upload::worker_client::write_slides(&json, pictures, lang).await?;
    save(&bytes, PPTX_TYPE, &name);
    Ok(())
}

/// Today's date on this computer: (year, month 1–12, day).
fn today() -> (i32, u32, u32) {
    let now = js_sys::Date::new_0();
    (
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
}

/// What the download menu offers, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Png,
    Svg,
    Xlsx,
    Pptx,
    CsvNl,
    Csv,
    Html,
}

impl Format {
    const ALL: [Format; 7] = [
        Format::Png,
        Format::Svg,
        Format::Xlsx,
        Format::Pptx,
        Format::CsvNl,
        Format::Csv,
        Format::Html,
    ];

    /// The `data-testid` suffix (`download-csv-nl`).
    fn key(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::CsvNl => "csv-nl",
            Format::Csv => "csv",
            Format::Html => "html",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                Format::Png => Term::DownloadPng,
                Format::Svg => Term::DownloadSvg,
                Format::Xlsx => Term::DownloadXlsx,
                Format::Pptx => Term::DownloadPptx,
                Format::CsvNl => Term::DownloadCsvNl,
                Format::Csv => Term::DownloadCsv,
                Format::Html => Term::DownloadHtml,
            },
        )
    }
}

const CSV_TYPE: &str = "text/csv;charset=utf-8";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Has the reader worker write the workbook (the page carries no XLSX writer: see
/// `export::workbook`) and offers it as `name`.
fn save_workbook(input: &WorkbookInput, name: String) {
    let Ok(json) = serde_json::to_string(input) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        match crate::upload::worker_client::write_workbook(&json).await {
            Ok(bytes) => save(&bytes, XLSX_TYPE, &name),
            Err(message) => leptos::logging::error!("{message}"),
        }
    });
}

/// The whole report as a workbook: an overview sheet (title, source, base, view) and one
/// sheet per chart.
fn save_report_workbook(report: &Report, context: &ViewContext) {
    let lang = report.lang;
    let mut intro = vec![
        report.source.clone(),
        peiling_engine::format::n_equals(report.respondents, lang),
    ];
    intro.extend(context.report_lines());
    let charts = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .map(|c| SheetInput {
            name: c.id.clone(),
            table: context.chart(c).table,
        })
        .collect();
    let input = WorkbookInput {
        lang,
        title: report.title.clone(),
        intro,
        charts,
    };
    save_workbook(&input, format!("{}.xlsx", context.file_stem(None)));
}

/// Writes `chart` (already carrying its view, see [`ViewContext::chart`]) as `format` and
/// offers the file, named `stem` plus what the format needs.
fn export(
    format: Format,
    chart: &ChartReport,
    spec: &ChartSpec,
    context: &ViewContext,
    stem: &str,
) {
    let lang = chart.input.lang;
    match format {
        Format::Svg => save(
            chart_svg(spec, &chart.id).as_bytes(),
            "image/svg+xml",
            &format!("{stem}.svg"),
        ),
        Format::Png => save_png(chart_svg(spec, &chart.id), format!("{stem}.png")),
        Format::CsvNl => save(
            &to_csv_in(&chart.table, Dialect::ExcelNl),
            CSV_TYPE,
            &format!("{stem}-excel-nl.csv"),
        ),
        Format::Csv => save(
            &to_csv_in(&chart.table, Dialect::International),
            CSV_TYPE,
            &format!("{stem}-{}.csv", t(lang, Term::InternationalFileName)),
        ),
        Format::Xlsx => {
            let mut intro = vec![chart.input.source.clone()];
            intro.extend(context.chart_lines(&chart.input));
            let input = WorkbookInput {
                lang,
                title: chart.input.title.clone(),
                intro,
                charts: vec![SheetInput {
                    name: chart.id.clone(),
                    table: chart.table.clone(),
                }],
            };
            save_workbook(&input, format!("{stem}.xlsx"));
        }
        // Made from the chart without its view (`run` sends it to `save_slides`).
        Format::Pptx => {}
        Format::Html => {
            let export = ChartExport {
                spec,
                table: &chart.table,
            };
            save(
                chart_document(&export, lang).as_bytes(),
                "text/html;charset=utf-8",
                &format!("{stem}.html"),
            );
        }
    }
}

/// The chart's download menu: a menu button (WAI-ARIA APG "menu button"): Enter, Space,
/// click or ↓ open it on the first format, ↑ on the last; ↓ ↑ Home End move, Escape closes
/// it and Tab leaves it; after a download, focus is back on the button.
#[component]
pub fn DownloadMenu(chart: ChartReport, context: Arc<ViewContext>) -> impl IntoView {
    let app = use_app();
    let lang = chart.input.lang;
    let menu_id = format!("dl-{}", slug(&chart.id));
    let button_id = format!("{menu_id}-button");
    let chart = StoredValue::new(chart);
    let context = StoredValue::new(context);
    let open = RwSignal::new(false);
    let button_ref = NodeRef::<leptos::html::Button>::new();
    let menu_ref = NodeRef::<leptos::html::Div>::new();

    let items = move || -> Vec<web_sys::Element> {
        let Some(menu) = menu_ref.get_untracked() else {
            return Vec::new();
        };
        let Ok(list) = menu.query_selector_all("[role=menuitem]") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .collect()
    };
    // Opens the menu (its `hidden` goes at once, so the item can take the focus now).
    let open_at = move |last: bool| {
        open.set(true);
        if let Some(menu) = menu_ref.get_untracked() {
            let _ = menu.remove_attribute("hidden");
        }
        let all = items();
        if let Some(item) = if last { all.last() } else { all.first() } {
            crate::focus::focus(item);
        }
    };
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(button) = button_ref.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    let run = move |format: Format| {
        close(true);
        if format == Format::Pptx {
            let (chart, context) = (chart.get_value(), context.get_value());
            let name = format!("{}.pptx", context.file_stem(Some(&chart.id)));
            let context = (*context).clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(message) = save_slides(None, vec![chart], context, name, |_, _| {}).await
                {
                    leptos::logging::error!("{message}");
                }
            });
            return;
        }
        // The HTML download is always published (crate::publish); every format carries its view.
        let exported = chart.with_value(|c| {
            let c = if format == Format::Html {
                crate::publish::published_chart(c)
            } else {
                c.clone()
            };
            context.with_value(|x| x.chart(&c))
        });
        let Ok(spec) = ChartSpec::build(&exported.input, app.chart_width.get_untracked()) else {
            return;
        };
        context.with_value(|x| {
            export(
                format,
                &exported,
                &spec,
                x,
                &x.file_stem(Some(&exported.id)),
            );
        });
    };
    let on_button_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            open_at(false);
        }
        "ArrowUp" => {
            ev.prevent_default();
            open_at(true);
        }
        _ => {}
    };
    let on_menu_key = move |ev: leptos::ev::KeyboardEvent| {
        let all = items();
        let active = document().active_element();
        let at = all.iter().position(|e| Some(e) == active.as_ref());
        let n = all.len();
        let next = match ev.key().as_str() {
            "ArrowDown" => at.map_or(0, |i| (i + 1) % n),
            "ArrowUp" => at.map_or(n.saturating_sub(1), |i| (i + n - 1) % n),
            "Home" | "PageUp" => 0,
            "End" | "PageDown" => n.saturating_sub(1),
            "Escape" => {
                ev.prevent_default();
                close(true);
                return;
            }
            "Tab" => {
                close(false);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(item) = all.get(next) {
            crate::focus::focus(item);
        }
    };
    // Focus leaving the menu and its button (a click elsewhere, Tab) closes it.
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(
                ev.current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
            )
            .is_some_and(|(to, menu)| menu.contains(Some(&to)));
        if !inside {
            open.set(false);
        }
    };
    let entries = Format::ALL
        .into_iter()
        .map(|format| {
            view! {
                <button
                    type="button"
                    role="menuitem"
                    tabindex="-1"
                    data-testid=format!("download-{}", format.key())
                    on:click=move |_| run(format)
                >
                    {format.label(lang)}
                </button>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <div class="pl-menu" on:focusout=on_focus_out>
            <button
                type="button"
                id=button_id.clone()
                node_ref=button_ref
                class="pl-button pl-button--quiet"
                data-testid="download-open"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                on:click=move |_| if open.get_untracked() { close(false) } else { open_at(false) }
                on:keydown=on_button_key
            >
                {t(lang, Term::Download)}
            </button>
            <div
                id=menu_id
                node_ref=menu_ref
                class="pl-menu__list"
                role="menu"
                aria-labelledby=button_id
                data-testid="download-menu"
                hidden=move || !open.get()
                on:keydown=on_menu_key
            >
                {entries}
            </div>
        </div>
    }
    .into_any()
}

/// The whole report as one self-contained HTML file, every chart carrying the view.
pub fn save_report_html(report: &Report, context: &ViewContext, width: f64, link: Option<String>) {
    let lang = report.lang;
    let specs: Vec<Vec<(ChartSpec, ChartReport)>> = report
        .sections
        .iter()
        .map(|s| {
            s.charts
                .iter()
                .map(|c| context.chart(c))
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
    let mut intro = vec![
        report.source.clone(),
        peiling_engine::format::n_equals(report.respondents, lang),
    ];
    intro.extend(context.report_lines());
    let export = ReportExport {
        title: report.title.clone(),
        intro,
        sections,
        link: link.map(|url| (t(lang, Term::FullReport).to_string(), url)),
        lang,
    };
    save(
        report_document(&export).as_bytes(),
        "text/html;charset=utf-8",
        &format!("{}.html", context.file_stem(None)),
    );
}

/// The buttons under the report: the whole report as HTML, a workbook or a PowerPoint deck, and printing it
/// (to paper or a PDF, with the print stylesheet: a title page, one chart per page, no
/// controls).
#[component]
pub fn ReportActions() -> impl IntoView {
    let app = use_app();
    let button = move |testid: &'static str, term: Term, action: fn(AppState)| {
        view! {
            <button
                type="button"
                class="pl-button pl-button--quiet"
                data-testid=testid
                on:click=move |_| action(app)
            >
                {move || t(app.lang.get(), term)}
            </button>
        }
        .into_any()
    };
    view! {
        {button("download-report-html", Term::WholeReportHtml, |app| {
            // Always the published figures, linking to the report in publishing mode.
            let report = crate::publish::published_report();
            let link = crate::publish::published_link();
            let width = app.chart_width.get_untracked();
            save_report_html(&report, &app.view_context(&report), width, Some(link));
        })}
        {button("download-report-xlsx", Term::WholeReportXlsx, |app| {
            let report = app.report.get_untracked().0;
            save_report_workbook(&report, &app.view_context(&report));
        })}
        <SlidesButton/>
        {button("print-report", Term::PrintReport, |_| {
            let _ = window().print();
        })}
    }
    .into_any()
}

/// The whole report as a PowerPoint deck: a title slide, then each chart. Drawing ~a dozen
/// charts takes a moment, so the button says how far it is (a status that screen readers
/// announce) and ignores clicks until the file is offered.
#[component]
fn SlidesButton() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang.get();
    let busy = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let report = app.report.get_untracked().0;
        let context = app.view_context(&report);
        let lang = report.lang;
        let cover = Cover::new(&report, &context, today());
        let charts: Vec<ChartReport> = report
            .sections
            .iter()
            .flat_map(|s| s.charts.iter().cloned())
            .collect();
        let name = format!("{}.pptx", context.file_stem(None));
        let progress = move |done: usize, total: usize| {
            status.set(format!(
                "{} {} {} {total}",
                t(lang, Term::MakingSlides),
                (done + 1).min(total),
                t(lang, Term::OfTotal)
            ));
        };
        wasm_bindgen_futures::spawn_local(async move {
            let done = save_slides(Some(cover), charts, context, name, progress).await;
            status.set(match done {
                Ok(()) => t(lang, Term::SlidesDone).to_string(),
                Err(message) => message,
            });
            busy.set(false);
        });
    };
    view! {
        <button
            type="button"
            class="pl-button pl-button--quiet"
            data-testid="download-report-pptx"
            aria-disabled=move || busy.get().to_string()
            on:click=start
        >
            {move || t(lang(), Term::WholeReportPptx)}
        </button>
        <span class="pl-footer__status" role="status" data-testid="report-pptx-status">
            {move || status.get()}
        </span>
    }
    .into_any()
}
