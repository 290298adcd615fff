//! Publishing mode on the page: the switch in the report's bar (with its threshold), the notice
//! when a filter leaves too few to publish, and the published form of a chart or report for
//! "Downloaden als HTML", which always publishes.
//!
//! What stays true: the figures come from the engine (`report::view_options` decides the
//! disclosure control); in publishing mode every chart, table, sentence and export of the page
//! is computed with it, and so is every HTML download, whatever the page's mode.
use leptos::prelude::*;
use peiling_engine::report::{build, build_chart, ChartReport, Report};
use peiling_engine::stats::disclosure::{threshold, DEFAULT_THRESHOLD};
use peiling_engine::Lang;

use crate::app::{published_options, use_app};

/// `chart` as published: itself when the page publishes, otherwise computed again with
/// disclosure control.
pub fn published_chart(chart: &ChartReport) -> ChartReport {
    let app = use_app();
    let view = app.view.get_untracked();
    if chart.input.disclosure.is_some() {
        return chart.clone();
    }
    app.loaded
        .with_untracked(|l| build_chart(&l.survey, &view, &chart.id, &published_options(&view)))
        .unwrap_or_else(|_| chart.clone())
}

/// The whole report as published (see [`published_chart`]).
pub fn published_report() -> std::sync::Arc<Report> {
    let app = use_app();
    let report = app.report.get_untracked().0;
    if report.disclosure.is_some() {
        return report;
    }
    let view = app.view.get_untracked();
    app.loaded
        .with_untracked(|l| std::sync::Arc::new(build(&l.survey, &view, &published_options(&view))))
}

/// The page's URL in publishing mode (the HTML download links to it).
pub fn published_link() -> String {
    let app = use_app();
    let view = peiling_engine::view::View {
        publish: true,
        ..app.view.get_untracked()
    };
    format!("{}{}", crate::embed::page_url(), view.format())
}

/// The switch "Publiceren" with the threshold beside it.
#[component]
pub fn PublishSwitch() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang.get();
    let on = move || app.view.with(|v| v.publish);
    let current = move || app.view.with(|v| threshold(v.min, DEFAULT_THRESHOLD));
    view! {
        <span class="pl-publish" role="group" aria-label=move || words(lang()).0>
            {crate::report_view::view_toggle(
                "publish",
                move || words(lang()).0,
                |v| v.publish,
                |v, on| v.publish = on,
            )}
            {crate::shown::shown(on, move || view! {
                <label class="pl-field pl-publish__min">
                    <span>{move || words(lang()).1}</span>
                    <input
                        type="number"
                        data-testid="publish-min"
                        min=DEFAULT_THRESHOLD
                        step="1"
                        inputmode="numeric"
                        prop:value=move || current().to_string()
                        on:change=move |ev| {
                            let value = event_target_value(&ev).trim().parse::<u64>().ok();
                            app.view.update(|v| {
                                v.min = value.filter(|&m| m > DEFAULT_THRESHOLD);
                            });
                        }
                    />
                </label>
            }.into_any())}
        </span>
    }
    .into_any()
}

/// (switch label, threshold label)
fn words(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Nl => ("Publiceren (groepen < drempel verbergen)", "Drempel (n)"),
        Lang::En => ("Publishing (hide groups below threshold)", "Threshold (n)"),
    }
}

/// In publishing mode: the threshold in force, or why nothing is shown.
#[component]
pub fn PublishNotice() -> impl IntoView {
    let app = use_app();
    move || {
        let report = app.report.get().0;
        let lang = report.lang;
        let threshold = report.disclosure?;
        Some(match &report.withheld {
            Some(message) => view! {
                <p class="pl-notice pl-notice--warning" role="status" data-testid="withheld">{message.clone()}</p>
            }
            .into_any(),
            None => view! {
                <p class="pl-notice pl-notice--quiet" data-testid="publish-note">
                    {match lang {
                        Lang::Nl => format!("Publicatiemodus: groepen van minder dan {threshold} respondenten worden niet getoond, en zo nodig een tweede groep, in grafieken, tabellen, zinnen en downloads."),
                        Lang::En => format!("Publishing mode: groups of fewer than {threshold} respondents are not shown, and where needed a second group, in charts, tables, sentences and downloads."),
                    }}
                </p>
            }
            .into_any(),
        })
    }
}
