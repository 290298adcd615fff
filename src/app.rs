//! The page's state and its shell: the view (in the URL fragment), the survey shown, and the
//! report the engine computes from both. Components below only draw what is computed here.
use std::sync::Arc;

use leptos::prelude::*;
use peiling_engine::export::context::ViewContext;
use peiling_engine::report::{self, Report};
use peiling_engine::stats::Options;
use peiling_engine::view::{Mode, View};
use peiling_engine::{Lang, Survey};

use crate::embed::EmbedPage;
use crate::report_view::ReportPage;

/// Where the survey on screen came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// The bundled consultation (a reconstruction).
    Bundled,
    /// A file the user opened, by name.
    Upload(String),
    /// Two surveys side by side (`crate::compare`).
    Compare,
}

/// The survey on screen; compared by identity, so replacing it recomputes everything.
#[derive(Clone)]
pub struct Loaded {
    pub survey: Arc<Survey>,
    pub source: SourceKind,
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.survey, &other.survey)
    }
}

/// A computed report and where its survey came from, compared by identity.
#[derive(Clone)]
pub struct ReportHandle(pub Arc<Report>, pub SourceKind);

impl PartialEq for ReportHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Everything components share, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub view: RwSignal<View>,
    pub loaded: RwSignal<Loaded>,
    /// The report on screen: the one for `view` and `loaded`, or, while that one is built a
    /// question at a time, the part built so far (`Report::stale` names the charts that stand
    /// in from the view before).
    pub report: RwSignal<ReportHandle>,
    /// Whether a report for the current view is still being built.
    pub building: RwSignal<bool>,
    /// The width available to charts, in CSS pixels.
    pub chart_width: RwSignal<f64>,
    /// The page's language (the view's), changing only when it does: what reads it is not
    /// drawn again on every other change of the view (a filter's panel of hundreds of
    /// checkboxes was, at each click).
    pub lang: Memo<Lang>,
}

impl AppState {
    /// The view `report` was computed for, as the files exported from it name it.
    pub fn view_context(&self, report: &Report) -> ViewContext {
        self.loaded.with_untracked(|l| {
            self.view
                .with_untracked(|v| ViewContext::of(&l.survey, v, report))
        })
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// The options the view's analyses run with: disclosure control when it publishes.
pub fn analysis_options(view: &View) -> Options {
    report::view_options(view, &Options::default())
}

/// The options of what is published from the view whatever its mode ("Downloaden als HTML"):
/// the view's own, with disclosure control at its threshold.
pub fn published_options(view: &View) -> Options {
    analysis_options(&View {
        publish: true,
        ..view.clone()
    })
}

fn current_fragment() -> String {
    window().location().hash().unwrap_or_default()
}

/// The width charts get: the page's content column, at most 960 px.
fn measure_chart_width() -> f64 {
    let width = document()
        .document_element()
        .map_or(960, |e| e.client_width()) as f64;
    (width - 32.0).clamp(288.0, 960.0)
}

#[component]
pub fn App() -> impl IntoView {
    let view = RwSignal::new(View::parse(&current_fragment()));
    let loaded = RwSignal::new(Loaded {
        survey: Arc::new(crate::bundled::survey()),
        source: SourceKind::Bundled,
    });
    let report = RwSignal::new(loaded.with_untracked(|l| {
        view.with_untracked(|v| {
            let start = now();
            let r = report::build(&l.survey, v, &analysis_options(v));
            crate::perf::measure("peiling:report", start);
            ReportHandle(Arc::new(r), l.source.clone())
        })
    }));
    let building = RwSignal::new(false);
    let chart_width = RwSignal::new(measure_chart_width());
    let lang = Memo::new(move |_| view.with(|v| v.lang));
    provide_context(AppState {
        view,
        loaded,
        report,
        building,
        chart_width,
        lang,
    });
    // The report follows the view and the survey, built a question at a time.
    let built_for = StoredValue::new((
        loaded.with_untracked(|l| Arc::as_ptr(&l.survey) as usize),
        view.get_untracked(),
    ));
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (v, l) = (view.get(), loaded.get());
        let key = (Arc::as_ptr(&l.survey) as usize, v.clone());
        if built_for.with_value(|k| *k == key) {
            return;
        }
        let same_survey = built_for.with_value(|k| k.0 == key.0);
        built_for.set_value(key);
        rebuild(report, building, generation, l, v, same_survey);
    });
    crate::perf::expose_workload(loaded);
    provide_context(crate::compare::CompareState::new());

    // The fragment follows the view (replaceState: no history entry per click), and the view
    // follows the fragment when the reader edits it or goes back.
    Effect::new(move |_| {
        let fragment = view.with(View::format);
        if fragment != current_fragment() && !(fragment == "#/" && current_fragment().is_empty()) {
            let _ = window().history().and_then(|h| {
                h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment))
            });
        }
    });
    let _hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let parsed = View::parse(&current_fragment());
        if parsed != view.get_untracked() {
            view.set(parsed);
        }
    });
    let _resize = window_event_listener(leptos::ev::resize, move |_| {
        let w = measure_chart_width();
        if (w - chart_width.get_untracked()).abs() >= 1.0 {
            chart_width.set(w);
        }
    });
    // The document's language follows the view's: set only when it changes, since setting
    // `lang` on the root, even to the same value, has the browser restyle every element of
    // the page (`:lang()`; 20-29 ms at each filter click on a report of 40 charts).
    Effect::new(move |_| {
        let lang = match lang.get() {
            Lang::Nl => "nl",
            Lang::En => "en",
        };
        let root = document().document_element();
        if let Some(root) = root.filter(|r| r.get_attribute("lang").as_deref() != Some(lang)) {
            let _ = root.set_attribute("lang", lang);
        }
    });

    let embed = move || matches!(view.with(|v| v.mode.clone()), Mode::Embed { .. });
    crate::shown::shown_or(
        embed,
        || view! { <EmbedPage/> }.into_any(),
        || view! { <ReportPage/> }.into_any(),
    )
}

/// The longest piece of a report's building the page does before it gives the browser its
/// turn, in ms: with the drawing after it, a task stays under the 50 ms that count as long.
const BUILD_SLICE_MS: f64 = 16.0;

/// Respondents × columns up to which a report starts building in the task that asked for it
/// (the bundled consultation: 1,601 × 44), so a small report is on screen in the same task.
const BUILD_AT_ONCE_CELLS: usize = 1_000_000;

/// Builds the report for `view` of `loaded` a question at a time, giving the browser its turn
/// every [`BUILD_SLICE_MS`]: a small report is done in one piece (and shown in the same task,
/// as a computed value would be); a large one shows, after its first piece, the charts
/// rebuilt so far with the rest standing in from the report before (dimmed), and then the
/// whole (another survey's charts never stand in: until its first piece is built, the report
/// before stays as it was). A newer view or survey stops an older build (`generation`).
fn rebuild(
    report: RwSignal<ReportHandle>,
    building: RwSignal<bool>,
    generation: StoredValue<u64>,
    loaded: Loaded,
    view: View,
    same_survey: bool,
) {
    let this = generation.get_value().wrapping_add(1);
    generation.set_value(this);
    let current = move || generation.get_value() == this;
    // The browser's turn; then whether this build is still the one wanted.
    let turn = move || async move {
        crate::tasks::yield_to_browser().await;
        current()
    };
    leptos::task::spawn_local(async move {
        // A large survey's report starts in a task of its own, not in the one that changed
        // the view (a click, a change event), which has its own work to do.
        let cells = loaded.survey.rows() * loaded.survey.data.columns.len();
        if cells > BUILD_AT_ONCE_CELLS {
            building.set(true);
            if !turn().await {
                return;
            }
        }
        let start = now();
        let options = analysis_options(&view);
        // A start that took a slice of its own (a filter on a million respondents) ends its
        // task, after the weights and again after the rest: the first question's counting
        // then has a task of its own, not added to it, and the part-built report follows that
        // one question (`slice` stays at the start).
        let weighed = report::Weighed::of(&loaded.survey, &view);
        let mut task = start;
        if now() - task >= BUILD_SLICE_MS {
            if !turn().await {
                return;
            }
            task = now();
        }
        let mut builder = report::Builder::weighed(&loaded.survey, &view, &options, weighed);
        crate::perf::measure("peiling:report-start", start);
        // The first question (a whole slice's counting at 1M) starts a task of its own once
        // this one is half used.
        if now() - task >= BUILD_SLICE_MS / 2.0 && !turn().await {
            return;
        }
        let mut slice = start;
        let mut pieces = 0;
        while builder.step() {
            if now() - slice < BUILD_SLICE_MS {
                continue;
            }
            pieces += 1;
            if pieces == 1 {
                building.set(true);
                if !turn().await {
                    return;
                }
                let previous = report.get_untracked().0;
                let partial = builder.partial(same_survey.then_some(&*previous));
                report.set(ReportHandle(Arc::new(partial), loaded.source.clone()));
            }
            if !turn().await {
                return;
            }
            slice = now();
        }
        let finished = builder.finish();
        crate::perf::measure("peiling:report", start);
        if pieces > 0 && !turn().await {
            return;
        }
        report.set(ReportHandle(Arc::new(finished), loaded.source.clone()));
        building.set(false);
    });
}

pub use crate::tasks::now;
