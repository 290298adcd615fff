//! One chart block: title, base line, legend, the chart drawn from the engine's spec, the
//! tooltip, the table alternative and the actions (table, downloads, embed).
//!
//! The chart is one tab stop; arrow keys step through the values (left/right within a bar,
//! up/down between bars), hover does the same with the mouse, and a live region reads the
//! value out. Everything drawn comes from [`ChartSpec`]: this file computes no statistics.
use std::sync::Arc;

use leptos::prelude::*;
use peiling_engine::chart::svg::plot_markup;
use peiling_engine::chart::ChartSpec;
use peiling_engine::export::context::ViewContext;
use peiling_engine::report::ChartReport;
use wasm_bindgen::JsCast;

use crate::app::use_app;
use crate::i18n::{t, Term};

/// A value of the chart: (item, row, segment).
type Pointer = (usize, usize, usize);

#[component]
pub fn ChartBlock(
    chart: ChartReport,
    /// The view the chart is shown in, which its downloads carry.
    context: Arc<ViewContext>,
    #[prop(optional)] embedded: bool,
    /// Drawn from the view before while the report for the new one is built (dimmed, and
    /// marked busy for assistive technology).
    #[prop(optional)]
    stale: bool,
) -> impl IntoView {
    let app = use_app();
    let lang = chart.input.lang;
    let id = chart.id.clone();
    let width = app.chart_width;
    let input = chart.input.clone();
    let spec = Memo::new(move |_| ChartSpec::build(&input, width.get()).ok());
    let table_open = RwSignal::new(false);
    let active = RwSignal::new(None::<Pointer>);
    let embed_open = RwSignal::new(false);
    let title_id = format!("c-{id}-title");
    let desc_id = format!("c-{id}-desc");
    let table_id = format!("c-{id}-table");

    let summary = move || spec.get().map(|s| s.summary(lang)).unwrap_or_default();
    let chart_for_actions = chart.clone();
    let chart_for_embed = chart.clone();
    let table = chart.table.clone();
    let table_id_ref = table_id.clone();
    let table_label = format!("{}: {}", t(lang, Term::Table), chart.input.title);
    let view_lines = context.chart_lines(&chart.input);

    let (title_for_plot, desc_for_plot) = (title_id.clone(), desc_id.clone());
    let (figure_labelledby, heading_id) = (title_id.clone(), title_id.clone());
    view! {
        <figure
            class=if stale { "pl-chart pl-chart--stale" } else { "pl-chart" }
            data-testid="chart"
            data-chart=id.clone()
            data-stale=stale.then_some("true")
            aria-busy=stale.then_some("true")
            aria-labelledby=figure_labelledby
        >
            <h3 class="pl-chart__title" id=heading_id>{chart.input.title.clone()}</h3>
            <p class="pl-chart__subtitle" data-testid="chart-base">{chart.input.subtitle.clone()}</p>
            {move || spec.get().map(|s| view! { <Legend spec=s/> }.into_any())}
            <div class="pl-chart__plot">
                {move || {
                    spec.get()
                        .map(|s| {
                            view! {
                                <Plot
                                    spec=s
                                    active=active
                                    label_id=title_for_plot.clone()
                                    desc_id=desc_for_plot.clone()
                                />
                            }.into_any()
                        })
                }}
                <Tooltip spec=spec active=active/>
            </div>
            <p class="pl-sr-only" id=desc_id>{summary} " " {t(lang, Term::ChartKeys)}</p>
            <p class="pl-sr-only" aria-live="polite" data-testid="chart-live">
                {move || current_tooltip(&spec.get(), active.get())}
            </p>
            {move || {
                spec.get()
                    .filter(|s| !s.notes.is_empty())
                    .map(|s| {
                        let notes = s.notes.iter().map(|n| view! { <li>{n.clone()}</li> }.into_any()).collect_view();
                        view! { <ul class="pl-chart__notes">{notes}</ul> }.into_any()
                    })
            }}
            // On paper the chips and the toolbar are gone: each chart says its view itself.
            {(!view_lines.is_empty()).then(|| view! {
                <p class="pl-chart__view" data-testid="chart-view">{view_lines.join(" · ")}</p>
            }.into_any())}
            <figcaption class="pl-chart__source">{chart.input.source.clone()}</figcaption>
            <div class="pl-chart__actions">
                <button
                    type="button"
                    class="pl-button pl-button--quiet"
                    data-testid="table-toggle"
                    aria-expanded=move || table_open.get().to_string()
                    aria-controls=table_id_ref
                    on:click=move |_| table_open.update(|o| *o = !*o)
                >
                    {move || if table_open.get() { t(lang, Term::HideTable) } else { t(lang, Term::Table) }}
                </button>
                <crate::download::DownloadMenu chart=chart_for_actions context=context/>
                {crate::shown::shown(move || !embedded, move || view! {
                    <button
                        type="button"
                        class="pl-button pl-button--quiet"
                        data-testid="embed-open"
                        on:click=move |_| embed_open.set(true)
                    >
                        {t(lang, Term::Embed)}
                    </button>
                }.into_any())}
            </div>
            // Built when first opened: with a breakdown a table has hundreds of rows, and
            // most readers never open most tables.
            <div id=table_id class="pl-table-wrap" role="region" tabindex="0" aria-label=table_label hidden=move || !table_open.get()>
                {crate::shown::shown(move || table_open.get(), move || view! {
                    <DataTable table=table.clone()/>
                }.into_any())}
            </div>
            {crate::shown::shown(move || embed_open.get(), move || view! {
                <crate::embed::EmbedDialog chart=chart_for_embed.clone() on_close=move || embed_open.set(false)/>
            }.into_any())}
        </figure>
    }.into_any()
}

fn current_tooltip(spec: &Option<ChartSpec>, active: Option<Pointer>) -> String {
    let (Some(spec), Some((i, r, s))) = (spec, active) else {
        return String::new();
    };
    let item = &spec.items[i];
    let row = &item.rows[r];
    let Some(seg) = row.segments.get(s) else {
        return String::new();
    };
    let mut text = String::new();
    if !item.label.is_empty() {
        text.push_str(&item.label);
        text.push_str(" — ");
    }
    if let Some(group) = &row.group {
        text.push_str(group);
        text.push_str(" — ");
    }
    text.push_str(&seg.tooltip.replace('\n', "; "));
    text
}

/// The legend in segment order, as a list (readable, selectable text).
#[component]
fn Legend(spec: ChartSpec) -> impl IntoView {
    if spec.legend.len() < 2 {
        return ().into_any();
    }
    let entries = spec
        .legend
        .iter()
        .map(|e| {
            let hatched = e.pattern.is_some();
            let class = if e.gap_before { "pl-legend__entry pl-legend__entry--apart" } else { "pl-legend__entry" };
            view! {
                <li class=class>
                    <svg class="pl-legend__swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
                        <rect width="14" height="14" fill=e.fill.clone()></rect>
                        {hatched.then(|| view! { <path d="M0 14L14 0M-4 4L4 -4M10 18L18 10" stroke="#ffffff" stroke-width="2"></path> }.into_any())}
                    </svg>
                    <span>{e.label.clone()}</span>
                </li>
            }.into_any()
        })
        .collect_view();
    view! { <ul class="pl-legend" data-testid="legend">{entries}</ul> }.into_any()
}

/// The plot: the engine's markup for grid, labels and bars, inside one focusable `<svg>`.
/// One pointer listener finds the value under the pointer by its `data-seg` attribute; the
/// active value is marked with a class, so a change of value touches two elements only.
///
/// The markup is set as `inner_html`: it comes from `chart::svg::plot_markup`, which escapes
/// every label and number it writes (labels from users' files included; the end-to-end tests
/// load labels with `<script>`, `<img onerror>` and `<svg onload>` and find them as text).
#[component]
fn Plot(
    spec: ChartSpec,
    active: RwSignal<Option<Pointer>>,
    label_id: String,
    desc_id: String,
) -> impl IntoView {
    let markup = plot_markup(&spec, &label_id);
    let shape: Vec<Vec<usize>> = spec
        .items
        .iter()
        .map(|i| i.rows.iter().map(|r| r.segments.len()).collect())
        .collect();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    Effect::new(move |previous: Option<Option<Pointer>>| {
        let current = active.get();
        if let Some(svg) = svg_ref.get() {
            let mark = |pointer: Option<Pointer>, on: bool| {
                let Some((i, r, s)) = pointer else { return };
                let selector = format!("[data-seg=\"{i} {r} {s}\"]");
                if let Ok(Some(el)) = svg.query_selector(&selector) {
                    let _ = if on {
                        el.class_list().add_1("pl-seg--active")
                    } else {
                        el.class_list().remove_1("pl-seg--active")
                    };
                }
            };
            mark(previous.flatten(), false);
            mark(current, true);
        }
        current
    });
    let hover = move |ev: leptos::ev::MouseEvent| {
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let seg = target
            .and_then(|t| t.closest("[data-seg]").ok().flatten())
            .and_then(|g| g.get_attribute("data-seg"));
        if let Some(pointer) = seg.as_deref().and_then(parse_pointer) {
            if active.get_untracked() != Some(pointer) {
                active.set(Some(pointer));
            }
        }
    };
    let step = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(next) = navigate(&shape, active.get_untracked(), &ev.key()) {
            ev.prevent_default();
            active.set(next);
        }
    };
    view! {
        <svg
            node_ref=svg_ref
            class="pl-plot"
            data-testid="chart-svg"
            width=fmt(spec.width)
            height=fmt(spec.height)
            viewBox=spec.view_box.clone()
            role="img"
            tabindex="0"
            aria-labelledby=label_id
            aria-describedby=desc_id
            font-size="12"
            on:keydown=step
            on:mousemove=hover
            on:mouseleave=move |_| active.set(None)
            on:blur=move |_| active.set(None)
            inner_html=markup
        ></svg>
    }
    .into_any()
}

fn fmt(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

fn parse_pointer(text: &str) -> Option<Pointer> {
    let mut parts = text.split(' ').map(|p| p.parse::<usize>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// The next value for a key: arrows move, Home/End jump, Escape clears.
/// `Some(None)` clears the selection; `None` means the key is not ours.
fn navigate(shape: &[Vec<usize>], current: Option<Pointer>, key: &str) -> Option<Option<Pointer>> {
    let bars: Vec<(usize, usize)> = shape
        .iter()
        .enumerate()
        .flat_map(|(i, rows)| {
            rows.iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(move |(r, _)| (i, r))
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let segments = |(i, r): (usize, usize)| shape[i][r];
    let bar_index = current.and_then(|(i, r, _)| bars.iter().position(|b| *b == (i, r)));
    let at = |b: usize, s: usize| {
        let (i, r) = bars[b];
        Some(Some((i, r, s.min(segments((i, r)) - 1))))
    };
    match (key, current, bar_index) {
        ("Escape", Some(_), _) => Some(None),
        ("ArrowRight" | "ArrowLeft" | "ArrowDown" | "ArrowUp" | "Home" | "End", None, _)
        | (_, Some(_), None)
            if key != "Escape" && key != "Tab" && key != "Enter" && key != " " =>
        {
            at(0, 0)
        }
        ("ArrowRight", Some((_, _, s)), Some(b)) => at(b, (s + 1).min(segments(bars[b]) - 1)),
        ("ArrowLeft", Some((_, _, s)), Some(b)) => at(b, s.saturating_sub(1)),
        ("ArrowDown", Some((_, _, s)), Some(b)) => at((b + 1).min(bars.len() - 1), s),
        ("ArrowUp", Some((_, _, s)), Some(b)) => at(b.saturating_sub(1), s),
        ("Home", Some(_), Some(_)) => at(0, 0),
        ("End", Some(_), Some(_)) => at(bars.len() - 1, 0),
        _ => None,
    }
}

/// The tooltip of the active value, placed beside it.
#[component]
fn Tooltip(spec: Memo<Option<ChartSpec>>, active: RwSignal<Option<Pointer>>) -> impl IntoView {
    let content = move || {
        let spec = spec.get()?;
        let (i, r, s) = active.get()?;
        let item = spec.items.get(i)?;
        let row = item.rows.get(r)?;
        let seg = row.segments.get(s)?;
        let left = ((seg.x + seg.width / 2.0) / spec.width * 100.0).clamp(5.0, 80.0);
        let top = row.bar_y + row.bar_height + 6.0;
        let mut lines: Vec<String> = Vec::new();
        if !item.label.is_empty() && item.rows.len() > 1 {
            lines.push(item.label.clone());
        }
        if let Some(group) = &row.group {
            lines.push(group.clone());
        }
        lines.extend(seg.tooltip.lines().map(str::to_string));
        Some((left, top, lines))
    };
    move || {
        content().map(|(left, top, lines)| {
            let lines = lines.into_iter().enumerate().map(|(k, l)| {
                if k == 0 { view! { <strong>{l}</strong> }.into_any() } else { view! { <span>{l}</span> }.into_any() }
            }).collect_view();
            view! {
                <div class="pl-tooltip" data-testid="tooltip" role="presentation" style:left=format!("{left:.1}%") style:top=format!("{top:.0}px")>
                    {lines}
                </div>
            }.into_any()
        })
    }
}

/// The numbers behind the chart: the accessible alternative.
#[component]
pub fn DataTable(table: peiling_engine::chart::Table) -> impl IntoView {
    let headers = table
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> }.into_any())
        .collect_view();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .iter()
                .enumerate()
                .map(|(k, cell)| {
                    let numeric = matches!(cell, peiling_engine::chart::Cell::Number { .. });
                    let text = cell.display().to_string();
                    if k == 0 {
                        view! { <th scope="row">{text}</th> }.into_any()
                    } else {
                        view! { <td class:pl-num=numeric>{text}</td> }.into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }.into_any()
        })
        .collect_view();
    let notes = table
        .notes
        .iter()
        .map(|n| view! { <li>{n.clone()}</li> }.into_any())
        .collect_view();
    view! {
        <table class="pl-table" data-testid="data-table">
            <caption>{table.caption.clone()}</caption>
            <thead><tr>{headers}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <ul class="pl-table__notes">{notes}</ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::navigate;

    #[test]
    fn arrow_keys_step_through_segments_and_bars() {
        let shape = vec![vec![3, 3], vec![2]];
        assert_eq!(navigate(&shape, None, "ArrowRight"), Some(Some((0, 0, 0))));
        assert_eq!(
            navigate(&shape, Some((0, 0, 0)), "ArrowRight"),
            Some(Some((0, 0, 1)))
        );
        assert_eq!(
            navigate(&shape, Some((0, 0, 2)), "ArrowRight"),
            Some(Some((0, 0, 2)))
        );
        assert_eq!(
            navigate(&shape, Some((0, 0, 2)), "ArrowDown"),
            Some(Some((0, 1, 2)))
        );
        assert_eq!(
            navigate(&shape, Some((0, 1, 2)), "ArrowDown"),
            Some(Some((1, 0, 1)))
        );
        assert_eq!(
            navigate(&shape, Some((1, 0, 1)), "ArrowUp"),
            Some(Some((0, 1, 1)))
        );
        assert_eq!(navigate(&shape, Some((1, 0, 1)), "Escape"), Some(None));
        assert_eq!(navigate(&shape, None, "Tab"), None);
        assert_eq!(navigate(&shape, None, "a"), None);
    }
}
