//! The page's state and its shell: the view (in the URL fragment), the survey shown, and the
//! report the engine computes from both. Components below only draw what is computed here.
use std::sync::Arc;

use leptos::prelude::*;
use peiling_engine::export::context::ViewContext;
use peiling_engine::report::{self, Report};
use peiling_engine::stats::Options;
use peiling_engine::view::{Mode, View};
use peiling_engine::Survey;

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

/// A computed report, compared by identity.
#[derive(Clone)]
pub struct ReportHandle(pub Arc<Report>);

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
    pub report: Memo<ReportHandle>,
    /// The width available to charts, in CSS pixels.
    pub chart_width: RwSignal<f64>,
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
    let report = Memo::new(move |_| {
        let v = view.get();
        let l = loaded.get();
        let start = now();
        let r = report::build(&l.survey, &v, &analysis_options(&v));
        crate::perf::measure("peiling:report", start);
        ReportHandle(Arc::new(r))
    });
    let chart_width = RwSignal::new(measure_chart_width());
    provide_context(AppState {
        view,
        loaded,
        report,
        chart_width,
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
    // The document's language follows the view.
    Effect::new(move |_| {
        let lang = match view.with(|v| v.lang) {
            peiling_engine::Lang::Nl => "nl",
            peiling_engine::Lang::En => "en",
        };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang);
        }
    });

    let embed = move || matches!(view.with(|v| v.mode.clone()), Mode::Embed { .. });
    view! {
        <Show when=embed fallback=|| view! { <ReportPage/> }.into_any()>
            <EmbedPage/>
        </Show>
    }
    .into_any()
}

/// Milliseconds since the page started.
pub fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}
