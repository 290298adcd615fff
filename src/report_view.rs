//! The report page: title and base, the sticky bar (breakdown, filters, language, own file),
//! filter chips, and the sections with their key sentences and charts.
use std::sync::Arc;

use leptos::prelude::*;
use peiling_engine::format;
use peiling_engine::report::{choices, is_charted};
use peiling_engine::view::View;
use peiling_engine::{Lang, QuestionKind};
use wasm_bindgen::JsCast;

use crate::app::{use_app, SourceKind};
use crate::chart_view::ChartBlock;
use crate::focus::focus_later;
use crate::i18n::{t, Term};
use crate::upload::words;

#[component]
pub fn ReportPage() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang.get();
    let report = app.report;
    // Where the report on screen came from (the survey just chosen may still be being built).
    let is_bundled = move || report.with(|r| r.1 == SourceKind::Bundled);

    let header = move || {
        let r = report.get().0;
        let lang = r.lang;
        let base = if !r.sides.is_empty() {
            r.sides
                .iter()
                .map(|(side, n)| format!("{side}: {}", format::n_equals(*n as f64, lang)))
                .collect::<Vec<_>>()
                .join(" · ")
        } else if r.respondents_n == r.total_n {
            format::n_equals(r.respondents, lang)
        } else {
            format!(
                "n = {} {} {} {}",
                format::count(r.respondents_n, lang),
                t(lang, Term::OfTotal),
                format::count(r.total_n, lang),
                t(lang, Term::Respondents)
            )
        };
        view! {
            <header class="pl-header">
                <h1 tabindex="-1" data-testid="report-title">{r.title.clone()}</h1>
                <p class="pl-header__source">{r.source.clone()}</p>
                <p class="pl-header__base" data-testid="report-base">{base}</p>
                {r.weighting.clone().map(|w| view! { <p class="pl-header__source" data-testid="weighting">{w}</p> }.into_any())}
            </header>
        }
        .into_any()
    };

    // Charts drawn so far (see `CHARTS_AT_ONCE`), and which report they belong to.
    let drawn = RwSignal::new(usize::MAX);
    let generation = StoredValue::new(0u32);
    // The height each chart last had on screen, by chart id (see `ChartSlot`).
    let heights = StoredValue::new(std::collections::HashMap::<String, f64>::new());
    // The chart the reader was at when the view changed (see `Place`).
    let place = StoredValue::new(None::<Place>);
    let sections = move || {
        let r = report.get().0;
        // Measured before the charts on screen are replaced.
        let on_screen = charts_on_screen();
        heights.update_value(|h| remember_heights(h, &on_screen));
        if place.with_value(Option::is_none) {
            place.set_value(Place::of(&on_screen));
        }
        let total = r.chart_count();
        // The view every chart's downloads carry (breakdown, filter, weighting).
        let context = Arc::new(app.view_context(&r));
        let generation_now = generation.get_value().wrapping_add(1);
        generation.set_value(generation_now);
        let at_once = if total > CHARTS_AT_ONCE {
            CHARTS_FIRST
        } else {
            usize::MAX
        };
        // Untracked: this closure draws the report; only the charts wait for `drawn`.
        drawn.update_untracked(|d| *d = at_once);
        // A part-built report draws only its first charts: the whole one follows soon and
        // is drawn afresh.
        if at_once < total && !app.building.get_untracked() {
            crate::tasks::reveal(drawn, total, move || {
                generation.try_get_value() == Some(generation_now)
            });
        }
        let mut index = 0;
        r.sections
            .iter()
            .map(|section| {
                let heading_id = format!("s-{}", section.id);
                let labelledby = heading_id.clone();
                let sentences = section
                    .sentences
                    .iter()
                    .map(|s| view! { <li>{s.clone()}</li> }.into_any())
                    .collect_view();
                let charts = section
                    .charts
                    .iter()
                    .map(|chart| {
                        let (at, chart, context) = (index, chart.clone(), context.clone());
                        let stale = r.stale.contains(&chart.id);
                        let held = heights.with_value(|h| h.get(&chart.id).copied());
                        index += 1;
                        let id = chart.id.clone();
                        crate::shown::shown_or(
                            move || drawn.get() > at,
                            move || view! { <ChartBlock chart=chart.clone() context=context.clone() stale=stale/> }.into_any(),
                            move || view! { <ChartSlot id=id.clone() height=held/> }.into_any(),
                        )
                    })
                    .collect_view();
                let open = section
                    .open
                    .iter()
                    .map(|o| open_answers(o, r.lang))
                    .collect_view();
                view! {
                    <section class="pl-section" id=section.id.clone() aria-labelledby=labelledby>
                        <h2 id=heading_id>{section.title.clone()}</h2>
                        <ul class="pl-key" data-testid="key-sentences">{sentences}</ul>
                        {charts}
                        {open}
                    </section>
                }
                .into_any()
            })
            .collect_view()
    };
    // The charts before the reader's change height as they are drawn (a breakdown makes them
    // taller); after each drawing step the reader's chart is put back where it was, until the
    // report is whole or the reader scrolls themselves.
    Effect::new(move |_| {
        let (shown, total) = (drawn.get(), report.with(|r| r.0.chart_count()));
        let whole = shown >= total && !app.building.get();
        request_animation_frame(move || {
            place.with_value(|p| p.as_ref().map(Place::restore));
            if whole {
                place.set_value(None);
            }
        });
    });
    let let_go = move || place.set_value(None);
    let wheel = window_event_listener(leptos::ev::wheel, move |_| let_go());
    let touch = window_event_listener(leptos::ev::touchstart, move |_| let_go());
    let key = window_event_listener(leptos::ev::keydown, move |_| let_go());
    on_cleanup(move || {
        wheel.remove();
        touch.remove();
        key.remove();
    });
    let contents = move || {
        let r = report.get().0;
        r.sections
            .iter()
            .map(|s| {
                let href = format!("#{}", s.id);
                let id = s.id.clone();
                view! {
                    <li>
                        <a
                            href=href
                            on:click=move |ev| {
                                ev.prevent_default();
                                scroll_to(&id);
                            }
                        >
                            {s.title.clone()}
                        </a>
                    </li>
                }
                .into_any()
            })
            .collect_view()
    };
    // A report of many questions opens with one line per question (peiling_engine::overview).
    let overview = move || {
        let r = report.get().0;
        let lines = peiling_engine::overview::overview(&r);
        let lang = r.lang;
        (!lines.is_empty()).then(|| {
            let rows = lines
                .into_iter()
                .map(|l| {
                    let target = format!("c-{}-title", l.chart);
                    let href = format!("#{target}");
                    view! {
                        <tr>
                            <th scope="row">
                                <a href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    scroll_to(&target);
                                }>{l.title}</a>
                            </th>
                            <td class="pl-overview__n">{format::n_equals(l.base_n as f64, lang)}</td>
                            <td>{l.headline}</td>
                        </tr>
                    }
                    .into_any()
                })
                .collect_view();
            view! {
                <section class="pl-overview" data-testid="overview" aria-labelledby="pl-overview-title">
                    <h2 id="pl-overview-title">{words(lang, "Overzicht", "Overview")}</h2>
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{words(lang, "Vraag", "Question")}</th>
                                <th scope="col">{words(lang, "Basis", "Base")}</th>
                                <th scope="col">{words(lang, "Uitkomst", "Result")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
            .into_any()
        })
    };
    let problems = move || {
        let r = report.get().0;
        (!r.problems.is_empty()).then(|| {
            let items = r
                .problems
                .iter()
                .map(|p| view! { <li>{p.clone()}</li> }.into_any())
                .collect_view();
            view! {
                <div class="pl-notice pl-notice--warning" role="status">
                    <strong>{t(r.lang, Term::Problems)}</strong>
                    <ul>{items}</ul>
                </div>
            }
            .into_any()
        })
    };

    view! {
        <a class="pl-skip" href="#main" on:click=|ev| { ev.prevent_default(); focus_main(); }>
            {move || t(lang(), Term::SkipToReport)}
        </a>
        <Toolbar/>
        <main
            id="main"
            tabindex="-1"
            class="pl-report"
            data-testid="report"
            data-source=move || report.with(|r| match r.1 {
                SourceKind::Bundled => "bundled",
                SourceKind::Upload(_) => "upload",
                SourceKind::Compare => "compare",
            })
            data-charts=move || report.with(|r| r.0.chart_count())
            aria-busy=move || app.building.get().then_some("true")
        >
            {header}
            <div class="pl-header__actions">
                <crate::run_yourself::RunYourself/>
                <crate::weighting::WeightingButton/>
            </div>
            {crate::shown::shown(is_bundled, move || view! {
                <p class="pl-notice" data-testid="reconstruction-note">
                    {move || t(lang(), Term::ReconstructionNote)}
                </p>
            }.into_any())}
            <FilterChips/>
            <crate::publish::PublishNotice/>
            {crate::shown::shown(move || app.view.with(|v| v.by.is_some()), move || view! {
                <p class="pl-notice pl-notice--quiet" data-testid="breakdown-note">
                    {move || if crate::compare::is_comparing(app) {
                        crate::upload::words(lang(), "▲ ▼ Significant hoger / lager dan de andere groep (95%, z-toets op twee proporties); de kernzinnen noemen beide percentages, beide bases en het verschil in procentpunten", "▲ ▼ Significantly higher / lower than the other group (95%, z-test of two proportions); the key sentences give both percentages, both bases and the difference in percentage points")
                    } else {
                        t(lang(), Term::Significance)
                    }}
                    " · "
                    {move || t(lang(), Term::SmallBase)}
                    " (n < 30)"
                </p>
            }.into_any())}
            {problems}
            {crate::shown::shown(move || report.with(|r| r.0.sections.len() > 1), move || view! {
                <nav class="pl-contents" aria-label=move || t(lang(), Term::Contents)>
                    <ul>{contents}</ul>
                </nav>
            }.into_any())}
            {overview}
            {sections}
            <footer class="pl-footer">
                <crate::download::ReportActions/>
            </footer>
        </main>
    }
    .into_any()
}

/// Characters of a question shown in the breakdown menu (the whole text is the option's title).
const BREAKDOWN_LABEL_CHARS: usize = 48;

/// A report of more charts than this (a large upload, not the bundled survey) draws its first
/// [`CHARTS_FIRST`] charts with the page and the rest one at a time, as many per task as fit
/// (`tasks::reveal`): one task drawing 40 charts held the page for ~200 ms, six charts broken
/// down by six groups more than 50 ms. Every number is computed before a chart is drawn; only
/// the drawing is spread.
const CHARTS_AT_ONCE: usize = 16;
const CHARTS_FIRST: usize = 2;

/// The report's charts in the page, drawn (`data-chart`) or still waiting (`data-slot`, see
/// [`ChartSlot`]), each with its id and whether it is drawn.
fn charts_on_screen() -> Vec<(String, web_sys::Element, bool)> {
    let Ok(list) = document().query_selector_all("#main [data-chart], #main [data-slot]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter_map(|el| match el.get_attribute("data-chart") {
            Some(id) => Some((id, el, true)),
            None => Some((el.get_attribute("data-slot")?, el, false)),
        })
        .collect()
}

/// Records the height of every chart drawn in `charts`; charts not drawn keep the height
/// recorded before.
fn remember_heights(
    heights: &mut std::collections::HashMap<String, f64>,
    charts: &[(String, web_sys::Element, bool)],
) {
    for (id, el, drawn) in charts {
        if *drawn {
            heights.insert(id.clone(), el.get_bounding_client_rect().height());
        }
    }
}

/// The place of a chart not drawn yet (see `CHARTS_AT_ONCE`), as tall as the chart was on
/// screen before: while a changed report's charts are drawn a few per task, the page keeps its
/// length, so a reader scrolled deep into it keeps their place. Empty for a chart not shown
/// before (a new survey's report opens at its top).
#[component]
fn ChartSlot(id: String, height: Option<f64>) -> impl IntoView {
    view! {
        <div
            class="pl-chart-slot"
            data-slot=id
            aria-hidden="true"
            style:height=format!("{}px", height.unwrap_or(0.0))
        ></div>
    }
}

/// The chart at the top of the window when the report changed, and how far from the window's
/// top it stood.
#[derive(Debug, Clone)]
struct Place {
    chart: String,
    top: f64,
}

impl Place {
    /// The first of `charts` (drawn or waiting) reaching into the window, if the reader has
    /// scrolled.
    fn of(charts: &[(String, web_sys::Element, bool)]) -> Option<Place> {
        if window().scroll_y().unwrap_or(0.0) <= 0.0 {
            return None;
        }
        charts.iter().find_map(|(id, el, _)| {
            let rect = el.get_bounding_client_rect();
            (rect.bottom() > 0.0).then(|| Place {
                chart: id.clone(),
                top: rect.top(),
            })
        })
    }

    /// Scrolls so that the chart (drawn or still waiting) stands where it stood.
    fn restore(&self) {
        let charts = charts_on_screen();
        if let Some((_, el, _)) = charts.iter().find(|(id, _, _)| *id == self.chart) {
            let moved = el.get_bounding_client_rect().top() - self.top;
            if moved.abs() >= 1.0 {
                window().scroll_by_with_x_and_y(0.0, moved);
            }
        }
    }
}

fn scroll_to(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        el.scroll_into_view();
        // A section's heading, or the element itself when it is a chart's heading.
        let heading = if el.tag_name().starts_with('H') {
            Some(el)
        } else {
            el.query_selector("h2").ok().flatten()
        };
        if let Some(heading) = heading {
            let _ = heading.set_attribute("tabindex", "-1");
            if let Ok(h) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading) {
                let _ = h.focus();
            }
        }
    }
}

fn focus_main() {
    if let Some(main) = document().get_element_by_id("main") {
        if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
            let _ = main.focus();
        }
    }
}

/// An open question: its title, how many answered, and the answers behind a disclosure
/// (never charted as categories).
fn open_answers(open: &peiling_engine::report::OpenAnswers, lang: Lang) -> AnyView {
    let count = format::count(open.answered, lang);
    let line = match (lang, open.answered) {
        (Lang::Nl, 0) => "Niemand gaf een antwoord".to_owned(),
        (Lang::En, 0) => "Nobody gave an answer".to_owned(),
        (Lang::Nl, 1) => "1 respondent gaf een open antwoord".to_owned(),
        (Lang::En, 1) => "1 respondent gave an open answer".to_owned(),
        (Lang::Nl, _) => format!("{count} respondenten gaven een open antwoord"),
        (Lang::En, _) => format!("{count} respondents gave an open answer"),
    };
    let listed = open.answers.len() as u64;
    let more = (open.answered > listed && listed > 0).then(|| {
        let rest = format::count(open.answered - listed, lang);
        match lang {
            Lang::Nl => format!("en nog {rest} antwoorden: zie het bestand zelf"),
            Lang::En => format!("and {rest} more answers: see the file itself"),
        }
    });
    let body = if open.answered == 0 {
        ().into_any()
    } else if open.answers.is_empty() {
        view! {
            <p class="pl-open__note">{match lang {
                Lang::Nl => "Bij publiceren worden open antwoorden niet getoond: ze kunnen hun schrijver herkenbaar maken.",
                Lang::En => "Open answers are not shown when publishing: they can identify their writers.",
            }}</p>
        }
        .into_any()
    } else {
        let summary = match lang {
            Lang::Nl => "Antwoorden lezen",
            Lang::En => "Read the answers",
        };
        view! {
            <details class="pl-open__answers">
                <summary>{summary}</summary>
                <ul data-testid="open-answers">
                    {open.answers.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}
                </ul>
                {more.map(|m| view! { <p class="pl-open__note">{m}</p> })}
            </details>
        }
        .into_any()
    };
    view! {
        <div class="pl-open" data-testid="open-question" data-question=open.id.clone()>
            <h3>{open.title.clone()}</h3>
            <p class="pl-chart__subtitle" data-testid="open-count">{line}</p>
            {body}
        </div>
    }
    .into_any()
}

/// The sticky bar: breakdown, filter, sort, language and own file.
#[component]
fn Toolbar() -> impl IntoView {
    let app = use_app();
    let compare = crate::compare::use_compare();
    let lang = move || app.lang.get();
    let breakdowns = move || {
        app.loaded.with(|l| {
            l.survey
                .codebook
                .breakdowns()
                .filter(|q| q.kind.is_categorical() && is_charted(q))
                .map(|q| (q.id.clone(), q.text.get(lang()).to_string()))
                .collect::<Vec<_>>()
        })
    };
    let on_breakdown = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        app.view
            .update(|v| v.by = (!value.is_empty()).then_some(value));
    };
    let filter_open = RwSignal::new(false);
    // One toggle per language, named in its own language.
    let lang_button = move |l: Lang| {
        let (code, testid) = match l {
            Lang::Nl => ("nl", "lang-nl"),
            Lang::En => ("en", "lang-en"),
        };
        view! {
            <button
                type="button"
                lang=code
                data-testid=testid
                aria-pressed=move || (lang() == l).to_string()
                on:click=move |_| app.view.update(|v| v.lang = l)
            >
                {code.to_uppercase()}
            </button>
        }
        .into_any()
    };

    view! {
        <div class="pl-toolbar" role="region" aria-label=move || t(lang(), Term::BreakDownBy)>
            <div class="pl-toolbar__inner">
                {crate::shown::shown(move || crate::compare::is_comparing(app), move || view! {
                    <crate::compare::CompareBar/>
                }.into_any())}
                {crate::shown::shown(move || !crate::compare::is_comparing(app), move || view! {
                <label class="pl-field">
                    <span>{move || t(lang(), Term::BreakDownBy)}</span>
                    <select data-testid="breakdown" on:change=on_breakdown>
                        <option value="" selected=move || app.view.with(|v| v.by.is_none())>
                            {move || t(lang(), Term::NoBreakdown)}
                        </option>
                        {move || {
                            breakdowns()
                                .into_iter()
                                .map(|(id, label)| {
                                    let selected_id = id.clone();
                                    // Long question texts would widen the bar past the window:
                                    // the option shows the start, its title the whole text.
                                    let short = format::short_label(&label, BREAKDOWN_LABEL_CHARS);
                                    view! {
                                        <option
                                            title=label
                                            value=id
                                            selected=move || {
                                                app.view.with(|v| v.by.as_deref() == Some(selected_id.as_str()))
                                            }
                                        >
                                            {short}
                                        </option>
                                    }.into_any()
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                }.into_any())}
                <button
                    type="button"
                    class="pl-button"
                    data-testid="filter-toggle"
                    aria-expanded=move || filter_open.get().to_string()
                    aria-controls="pl-filter-panel"
                    on:click=move |_| filter_open.update(|o| *o = !*o)
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" && filter_open.get_untracked() {
                            filter_open.set(false);
                        }
                    }
                >
                    {move || t(lang(), Term::Filter)}
                </button>
                {view_toggle("sort", move || t(lang(), Term::SortByAgreement), |v| v.sort, |v, on| v.sort = on)}
                {view_toggle("means", move || t(lang(), Term::ShowMeans), |v| v.means, |v, on| v.means = on)}
                <crate::publish::PublishSwitch/>
                <div class="pl-lang" role="group" aria-label=move || t(lang(), Term::Language)>
                    {lang_button(Lang::Nl)}
                    {lang_button(Lang::En)}
                </div>
                <crate::upload::OwnFileButton/>
            </div>
            {crate::shown::shown(move || compare.review_open.get(), move || view! {
                <crate::compare::MatchReview/>
            }.into_any())}
            {crate::shown::shown(move || filter_open.get(), move || view! {
                <FilterPanel on_close=move || {
                    filter_open.set(false);
                    focus_later(vec![FILTER_TOGGLE.into()]);
                }/>
            }.into_any())}
        </div>
    }.into_any()
}

/// A checkbox in the bar that switches one flag of the view (`get`, `set`).
pub(crate) fn view_toggle(
    testid: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    get: fn(&View) -> bool,
    set: fn(&mut View, bool),
) -> AnyView {
    let app = use_app();
    view! {
        <label class="pl-check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || app.view.with(get)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    app.view.update(|v| set(v, on));
                }
            />
            <span>{label}</span>
        </label>
    }
    .into_any()
}

/// Checkboxes per breakdown question: OR within a question, AND across questions.
#[component]
fn FilterPanel(on_close: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang.get();
    let groups = move || {
        let lang = lang();
        app.loaded.with(|l| {
            l.survey
                .codebook
                .breakdowns()
                .filter(|q| q.kind.is_categorical() && q.kind != QuestionKind::MultiSelect)
                .map(|q| {
                    let qid = q.id.clone();
                    let boxes = choices(q, lang)
                        .into_iter()
                        .map(|(value, label)| {
                            let (q1, v1) = (qid.clone(), value.clone());
                            let (q2, v2) = (qid.clone(), value.clone());
                            let checked = move || {
                                app.view.with(|v| {
                                    v.filters
                                        .iter()
                                        .any(|f| f.question == q1 && f.values.contains(&v1))
                                })
                            };
                            view! {
                                <label class="pl-check">
                                    <input
                                        type="checkbox"
                                        prop:checked=checked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            app.view.update(|v| toggle_filter(v, &q2, &v2, on));
                                        }
                                    />
                                    <span>{label}</span>
                                </label>
                            }
                            .into_any()
                        })
                        .collect_view();
                    view! {
                        <fieldset class="pl-filter__group">
                            <legend>{q.text.get(lang).to_string()}</legend>
                            {boxes}
                        </fieldset>
                    }
                    .into_any()
                })
                .collect_view()
        })
    };
    let on_close = StoredValue::new(on_close);
    let close = move || on_close.with_value(|f| f());
    // Focus moves into the panel when it opens: to its first checkbox.
    focus_later(vec![
        "#pl-filter-panel input".into(),
        "#pl-filter-panel button".into(),
    ]);
    view! {
        <div
            id="pl-filter-panel"
            class="pl-filter"
            data-testid="filter-panel"
            role="dialog"
            aria-modal="false"
            aria-labelledby="pl-filter-title"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close();
                }
            }
        >
            <div class="pl-filter__head">
                <h2 id="pl-filter-title" class="pl-filter__title">{move || t(lang(), Term::FilterPanelTitle)}</h2>
                <button type="button" class="pl-button" data-testid="filter-close" on:click=move |_| close()>
                    {move || t(lang(), Term::Close)}
                </button>
            </div>
            <p class="pl-filter__hint">{move || t(lang(), Term::ChooseFilter)}</p>
            <div class="pl-filter__groups">{groups}</div>
            <div class="pl-filter__actions">
                <button
                    type="button"
                    class="pl-button"
                    on:click=move |_| app.view.update(|v| v.filters.clear())
                >
                    {move || t(lang(), Term::ClearFilters)}
                </button>
            </div>
        </div>
    }
    .into_any()
}

fn toggle_filter(view: &mut View, question: &str, value: &str, on: bool) {
    if on {
        let mut values = view
            .filters
            .iter()
            .find(|f| f.question == question)
            .map(|f| f.values.clone())
            .unwrap_or_default();
        if !values.iter().any(|v| v == value) {
            values.push(value.to_string());
        }
        view.set_filter(question, values);
    } else {
        view.remove_filter_value(question, value);
    }
}

/// Where focus goes when the chips it was on are gone.
const FILTER_TOGGLE: &str = "[data-testid=filter-toggle]";
const CHIPS: &str = "[data-testid=filter-chips]";

/// The filters in force as removable chips.
#[component]
fn FilterChips() -> impl IntoView {
    let app = use_app();
    let chips = move || {
        let view = app.view.get();
        let lang = view.lang;
        let chips: Vec<(String, String, String, String)> = app.loaded.with(|l| {
            view.filters
                .iter()
                .flat_map(|f| {
                    let question = l.survey.codebook.question(&f.question);
                    let q_label =
                        question.map_or(f.question.clone(), |q| q.text.get(lang).to_string());
                    let labels = question.map(|q| choices(q, lang)).unwrap_or_default();
                    f.values
                        .iter()
                        .map(|value| {
                            let label = labels
                                .iter()
                                .find(|(v, _)| v == value)
                                .map_or(value.clone(), |(_, l)| l.clone());
                            (f.question.clone(), value.clone(), q_label.clone(), label)
                        })
                        .collect::<Vec<_>>()
                })
                .collect()
        });
        chips
            .into_iter()
            .enumerate()
            .map(|(at, (qid, val, q_label, label))| {
                let aria = format!("{}: {} {}", t(lang, Term::RemoveFilter), q_label, label);
                // After removing, focus goes to the chip that took this one's place, else
                // the one before it, else the filter button.
                let remove = move |_| {
                    app.view.update(|v| v.remove_filter_value(&qid, &val));
                    focus_later(vec![
                        format!("{CHIPS} li:nth-child({}) button", at + 1),
                        format!("{CHIPS} li:nth-child({}) button", at.max(1)),
                        FILTER_TOGGLE.into(),
                    ]);
                };
                view! {
                    <li class="pl-chip">
                        <span class="pl-chip__question">{q_label.clone()}": "</span>
                        <span>{label}</span>
                        <button
                            type="button"
                            class="pl-chip__remove"
                            data-testid="filter-chip-remove"
                            aria-label=aria
                            on:click=remove
                        >
                            "×"
                        </button>
                    </li>
                }
                .into_any()
            })
            .collect_view()
    };
    let any = move || app.view.with(|v| !v.filters.is_empty());
    view! {
        {crate::shown::shown(any, move || view! {
            <div class="pl-chips">
                <ul data-testid="filter-chips">{chips}</ul>
                <button
                    type="button"
                    class="pl-button pl-button--quiet"
                    data-testid="filter-chips-clear"
                    on:click=move |_| {
                        app.view.update(|v| v.filters.clear());
                        focus_later(vec![FILTER_TOGGLE.into()]);
                    }
                >
                    {move || t(app.lang.get(), Term::ClearFilters)}
                </button>
            </div>
        }.into_any())}
    }
    .into_any()
}
