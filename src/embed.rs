//! Embedding: the embed page (`#/embed?chart=ID`) that shows one chart sized to its frame and
//! tells the host page its height, and the "Insluiten" dialog that writes the embed code.
//!
//! What stays true here:
//! - An embed shows published figures: every analysis runs with disclosure control
//!   (`report::view_options`: groups and filters of fewer than 10 respondents, or the view's
//!   higher `min=`, are not shown), and its link to the full report opens publishing mode.
//! - `data=` and `codebook=` are read only from the page's own origin. A URL is resolved against
//!   the page and refused, with a message saying why, before any request is made when its
//!   origin differs or it is not a CSV file; the fetch itself runs in `same-origin` mode, so a
//!   redirect to another site fails too. The fetched file is read by the reader worker, as an
//!   upload is, so the page's wasm holds no file reader and no codebook inference.
//! - The height message has the shape intranet systems already handle for Datawrapper charts,
//!   `{"datawrapper-height": {"<chart id>": <px>}}`, and goes to the embedding page's origin
//!   where the browser tells it; the embed code's script accepts it only from its own iframe
//!   and Peiling's origin.
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use peiling_engine::export::context::ViewContext;
use peiling_engine::report::{build_chart, ChartReport};
use peiling_engine::transfer;
use peiling_engine::view::{Mode, View};
use peiling_engine::{Lang, Survey};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::{analysis_options, use_app, SourceKind};
use crate::chart_view::ChartBlock;
use crate::i18n::{t, Term};
use crate::upload::worker_client::{apply_codebook, Loaded, ReaderWorker};

/// The widest an embedded chart is drawn (the frame may be wider; the chart then centres).
const EMBED_MAX_WIDTH: f64 = 1200.0;

/// The page URL without its fragment (works on any host and sub-path).
pub fn page_url() -> String {
    let href = window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// The URL of the embed page for `chart` in the current view.
pub fn embed_url(view: &View, chart: &str) -> String {
    let embed = View {
        mode: Mode::Embed {
            chart: chart.into(),
        },
        section: None,
        ..view.clone()
    };
    format!("{}{}", page_url(), embed.format())
}

/// The host origin to tell our height to: the embedding page's origin where the browser says
/// it (Chromium's `location.ancestorOrigins`), otherwise any (the height is not sensitive).
fn parent_origin() -> String {
    let origins = js_sys::Reflect::get(&window().location(), &"ancestorOrigins".into()).ok();
    origins
        .and_then(|o| js_sys::Reflect::get(&o, &JsValue::from_f64(0.0)).ok())
        .and_then(|o| o.as_string())
        .unwrap_or_else(|| "*".into())
}

/// Posts the height of `content` (the embed's `<main>`) to the parent frame.
fn post_height(chart: &str, content: &web_sys::Element) {
    let Ok(Some(parent)) = window().parent() else {
        return;
    };
    if parent == window() {
        return;
    }
    let scroll_y = window().scroll_y().unwrap_or(0.0);
    let height = (content.get_bounding_client_rect().bottom() + scroll_y).ceil();
    let inner = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &inner,
        &JsValue::from_str(chart),
        &JsValue::from_f64(height),
    );
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"datawrapper-height".into(), &inner);
    let _ = parent.post_message(&message, &parent_origin());
}

/// The survey an embed shows.
#[derive(Clone)]
enum EmbedSurvey {
    Loading,
    Ready(Arc<Survey>),
    Refused(String),
}

/// What to do with the view's `data=` and `codebook=`.
#[derive(Debug, PartialEq)]
enum DataPlan {
    /// No `data=`: the survey already loaded (the bundled one).
    Current,
    /// Absolute same-origin URLs to fetch.
    Fetch {
        data: String,
        codebook: Option<String>,
    },
    /// Nothing is requested; the reader is told why.
    Refuse(String),
}

/// Checks `data=` and `codebook=` against the page's origin before anything is requested.
fn plan_data(data: Option<&str>, codebook: Option<&str>, lang: Lang) -> DataPlan {
    let nl = lang == Lang::Nl;
    let Some(data) = data else {
        return match codebook {
            None => DataPlan::Current,
            Some(_) => DataPlan::Refuse(
                if nl {
                    "codebook= hoort bij data=: geef ook het gegevensbestand op (bijvoorbeeld data=gegevens/peiling.csv)."
                } else {
                    "codebook= belongs with data=: give the data file too (for example data=data/survey.csv)."
                }
                .into(),
            ),
        };
    };
    let data = match same_origin_url(data, lang) {
        Ok(url) => url,
        Err(message) => return DataPlan::Refuse(message),
    };
    let path = web_sys::Url::new(&data)
        .map(|u| u.pathname().to_ascii_lowercase())
        .unwrap_or_default();
    if !(path.ends_with(".csv") || path.ends_with(".tsv")) {
        return DataPlan::Refuse(if nl {
            format!("Een ingesloten grafiek leest alleen CSV-bestanden, en {data} is dat niet. Sla de gegevens op als CSV (UTF-8) en verwijs daarnaar; een spreadsheet of SPSS-bestand kun je openen met ‘Eigen bestand’ in het volledige rapport.")
        } else {
            format!("An embedded chart reads CSV files only, and {data} is not one. Save the data as CSV (UTF-8) and point to that; a spreadsheet or SPSS file can be opened with ‘Your own file’ in the full report.")
        });
    }
    let codebook = match codebook.map(|c| same_origin_url(c, lang)).transpose() {
        Ok(codebook) => codebook,
        Err(message) => return DataPlan::Refuse(message),
    };
    DataPlan::Fetch { data, codebook }
}

/// `relative` resolved against the page, if it stays on the page's origin.
fn same_origin_url(relative: &str, lang: Lang) -> Result<String, String> {
    let own = window().location().origin().unwrap_or_default();
    let url = web_sys::Url::new_with_base(relative, &page_url()).ok();
    match url {
        Some(url) if url.origin() == own && !own.is_empty() && own != "null" => Ok(url.href()),
        _ => Err(if lang == Lang::Nl {
            format!("Gegevens van een andere site worden niet geladen: {relative}. Een ingesloten grafiek leest alleen bestanden van deze site ({own}); zet het bestand naast Peiling en gebruik een relatief adres, bijvoorbeeld data=gegevens/peiling.csv.")
        } else {
            format!("Data from another site is not loaded: {relative}. An embedded chart reads files from this site only ({own}); put the file next to Peiling and use a relative address, for example data=data/survey.csv.")
        }),
    }
}

/// The text of a failed JavaScript call.
fn js_error(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "?".into())
}

/// Fetches a same-origin file, refusing one larger than `limit` bytes before reading its body.
async fn fetch_same_origin(url: &str, limit: u64, lang: Lang) -> Result<web_sys::Response, String> {
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::SameOrigin);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| load_failed(url, &js_error(e), lang))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| load_failed(url, "no response", lang))?;
    if !response.ok() {
        let status = format!("HTTP {} {}", response.status(), response.status_text());
        return Err(load_failed(url, &status, lang));
    }
    let length = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|l| l.parse::<u64>().ok());
    if let Some(length) = length.filter(|l| *l > limit) {
        return Err(load_failed(url, &format!("{length} bytes > {limit}"), lang));
    }
    Ok(response)
}

/// The message for a chart that cannot be drawn from the data, in the embed's language (the
/// engine's reason, which names the question and column, follows it).
fn chart_failed(chart: &str, reason: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl => {
            format!("De grafiek ‘{chart}’ kan niet uit deze gegevens worden gemaakt ({reason}).")
        }
        Lang::En => format!("The chart ‘{chart}’ cannot be made from this data ({reason})."),
    }
}

/// The message for a file that could not be fetched.
fn load_failed(url: &str, reason: &str, lang: Lang) -> String {
    if lang == Lang::Nl {
        format!("Het bestand {url} kon niet worden geladen ({reason}).")
    } else {
        format!("The file {url} could not be loaded ({reason}).")
    }
}

/// Awaits a promise that a fetched response's body method (`blob()`, `text()`) returned.
async fn body<T: JsCast>(
    promise: Result<js_sys::Promise, JsValue>,
    url: &str,
    lang: Lang,
) -> Result<T, String> {
    let value = JsFuture::from(promise.map_err(|e| load_failed(url, &js_error(e), lang))?)
        .await
        .map_err(|e| load_failed(url, &js_error(e), lang))?;
    value
        .dyn_into()
        .map_err(|_| load_failed(url, "unexpected body", lang))
}

/// Reads `file` in the reader worker, as an upload is read: the page's wasm holds no file
/// reader. Never resolves if a later read replaces this one (its callbacks are then dropped).
async fn read_in_worker(file: web_sys::File) -> Result<Loaded, String> {
    let result = Rc::new(RefCell::new(None));
    let slot = result.clone();
    let mut file = Some(file);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(file) = file.take() else { return };
        let slot = slot.clone();
        ReaderWorker::start(
            file,
            |_| {},
            move |loaded| {
                *slot.borrow_mut() = Some(loaded);
                let _ = resolve.call0(&JsValue::UNDEFINED);
            },
        );
    });
    let _ = JsFuture::from(promise).await;
    let loaded = result.borrow_mut().take();
    loaded.unwrap_or_else(|| Err(String::new()))
}

/// Fetches a hosted data file and reads it in the reader worker, with its codebook or the
/// one the worker inferred from the data.
async fn load_hosted(data: String, codebook: Option<String>, lang: Lang) -> EmbedSurvey {
    // The worker refuses what this device cannot hold; this refuses the hopeless before
    // the body is downloaded.
    let limit = transfer::max_file_bytes(None);
    let blob = match fetch_same_origin(&data, limit, lang).await {
        Ok(response) => body::<web_sys::Blob>(response.blob(), &data, lang).await,
        Err(message) => Err(message),
    };
    let name = data.rsplit('/').next().unwrap_or(&data).to_string();
    let file = blob.and_then(|blob| {
        web_sys::File::new_with_blob_sequence(&js_sys::Array::of1(&blob), &name)
            .map_err(|e| load_failed(&data, &js_error(e), lang))
    });
    let loaded = match file {
        // The reader's own message names line and column; the sentence around it follows
        // the embed's language.
        Ok(file) => read_in_worker(file).await.map_err(|reason| match lang {
            Lang::Nl => format!("Het bestand {data} kon niet worden gelezen. {reason}"),
            Lang::En => format!("The file {data} could not be read. {reason}"),
        }),
        Err(message) => Err(message),
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(message) => return EmbedSurvey::Refused(message),
    };
    let codebook = match codebook {
        None => loaded.codebook,
        Some(url) => {
            // A codebook is small; a tenth of the data limit is ample.
            let text = match fetch_same_origin(&url, limit / 10, lang).await {
                Ok(response) => body::<js_sys::JsString>(response.text(), &url, lang).await,
                Err(message) => Err(message),
            };
            let text = match text {
                Ok(text) => String::from(text),
                Err(message) => return EmbedSurvey::Refused(message),
            };
            // Read in the worker, which has the JSON parser the page leaves out.
            match apply_codebook(&loaded.header, &text, false).await {
                Ok(applied) => applied.codebook,
                Err(error) => {
                    return EmbedSurvey::Refused(if lang == Lang::Nl {
                        format!("Het codeboek {url} is niet te lezen: {error}")
                    } else {
                        format!("The codebook {url} cannot be read: {error}")
                    })
                }
            }
        }
    };
    let survey = Survey::new(loaded.dataset, codebook).with_code_counts(loaded.code_counts);
    EmbedSurvey::Ready(Arc::new(survey))
}

/// One chart, for an iframe.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let app = use_app();
    let chart_id = Memo::new(move |_| match app.view.with(|v| v.mode.clone()) {
        Mode::Embed { chart } => chart,
        Mode::Report => String::new(),
    });
    let lang = move || app.lang.get();

    // The survey: the loaded one, or a data file from this site.
    let source = Memo::new(move |_| app.view.with(|v| (v.data.clone(), v.codebook.clone())));
    let survey = RwSignal::new(EmbedSurvey::Loading);
    Effect::new(move |_| {
        let (data, codebook) = source.get();
        let lang = app.view.with_untracked(|v| v.lang);
        match plan_data(data.as_deref(), codebook.as_deref(), lang) {
            DataPlan::Current => {
                survey.set(EmbedSurvey::Ready(app.loaded.with(|l| l.survey.clone())))
            }
            DataPlan::Refuse(message) => survey.set(EmbedSurvey::Refused(message)),
            DataPlan::Fetch { data, codebook } => {
                survey.set(EmbedSurvey::Loading);
                let requested = source.get_untracked();
                spawn_local(async move {
                    let loaded = load_hosted(data, codebook, lang).await;
                    // A later view may have asked for other data meanwhile.
                    if source.get_untracked() == requested {
                        survey.set(loaded);
                    }
                });
            }
        }
    });

    let chart = Memo::new(move |_| {
        let view = app.view.get();
        let id = chart_id.get();
        survey.with(|s| match s {
            EmbedSurvey::Loading => None,
            EmbedSurvey::Refused(message) => Some(Err(message.clone())),
            EmbedSurvey::Ready(survey) => Some(
                build_chart(survey, &view, &id, &analysis_options(&view))
                    .map(|chart| (chart, Arc::new(ViewContext::for_view(survey, &view))))
                    .map_err(|e| chart_failed(&id, &e.to_string(), view.lang)),
            ),
        })
    });
    let report_link = move || {
        let view = View {
            mode: Mode::Report,
            publish: true,
            ..app.view.get()
        };
        format!("{}{}", page_url(), view.format())
    };

    // The chart takes the frame's width (up to EMBED_MAX_WIDTH), measured on the element it
    // sits in; the host hears the height of <main> whenever it changes.
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let body_ref = NodeRef::<leptos::html::Div>::new();
    let fit_width = move || {
        if let Some(body) = body_ref.get_untracked() {
            let width = (body.client_width() as f64).clamp(240.0, EMBED_MAX_WIDTH);
            if width > 0.0 && (width - app.chart_width.get_untracked()).abs() >= 1.0 {
                app.chart_width.set(width);
            }
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| fit_width());
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        let Some(main) = main_ref.get() else {
            return;
        };
        fit_width();
        let content: web_sys::Element = main.into();
        let observed = content.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            post_height(&chart_id.get_untracked(), &observed);
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&content);
            let kept = StoredValue::new_local((observer, callback));
            on_cleanup(move || kept.with_value(|(observer, _)| observer.disconnect()));
        }
    });

    view! {
        <main id="main" class="pl-embed" data-testid="embed" node_ref=main_ref>
            <div class="pl-embed__body" node_ref=body_ref>
                {move || match chart.get() {
                    None => view! { <p class="pl-embed__loading" role="status" data-testid="embed-loading">{if lang() == Lang::Nl { "Gegevens laden…" } else { "Loading data…" }}</p> }.into_any(),
                    Some(Ok((chart, context))) => view! { <ChartBlock chart=chart context=context embedded=true/> }.into_any(),
                    Some(Err(message)) => view! { <p class="pl-notice pl-notice--warning" role="alert" data-testid="embed-error">{message}</p> }.into_any(),
                }}
            </div>
            // The report page reads the bundled survey only, so an embed of a hosted file links
            // to no report rather than to one with other numbers.
            {crate::shown::shown(move || app.view.with(|v| v.data.is_none()), move || view! {
                <p class="pl-embed__link">
                    <a href=report_link target="_blank" rel="noopener" data-testid="embed-report-link">{move || t(lang(), Term::FullReport)}</a>
                </p>
            }.into_any())}
        </main>
    }.into_any()
}

/// The embed code for a chart: an iframe plus a small script that follows its height.
///
/// The script finds its own iframe as the element just before it (`document.currentScript`),
/// so the same chart embedded twice on one page gives two frames that each follow their own
/// height, and no element id is repeated. It trusts a message only when it comes from that
/// iframe's window and from Peiling's origin; the message shape alone proves nothing. The
/// sandbox keeps `allow-same-origin` so the chart can read its data file from its own site
/// (its origin differs from the host's, so this gives it nothing of the host's).
pub fn embed_code(url: &str, title: &str, chart: &str, lang: Lang) -> String {
    let origin = web_sys::Url::new(url)
        .map(|u| u.origin())
        .unwrap_or_default();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let js = |s: &str| {
        serde_json::to_string(s)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    };
    let lang_attr = match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    };
    format!(
        "<iframe data-peiling-chart=\"{chart_attr}\" src=\"{src}\" title=\"{title}\" lang=\"{lang_attr}\" style=\"width:100%;min-width:300px;border:0\" height=\"560\" loading=\"lazy\" referrerpolicy=\"strict-origin\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-downloads\"></iframe>\n\
<script>\n\
(function (frame) {{\n\
  window.addEventListener(\"message\", function (event) {{\n\
    if (!frame || event.source !== frame.contentWindow || event.origin !== {origin_js}) return;\n\
    var heights = event.data && event.data[\"datawrapper-height\"];\n\
    var height = heights && heights[{chart_js}];\n\
    if (typeof height === \"number\" && height > 0 && height < 20000) frame.style.height = Math.ceil(height) + \"px\";\n\
  }});\n\
}})(document.currentScript && document.currentScript.previousElementSibling);\n\
</script>",
        chart_attr = esc(chart),
        src = esc(url),
        title = esc(title),
        origin_js = js(&origin),
        chart_js = js(chart),
    )
}

/// Where an embed's data comes from, as the dialog explains it.
#[derive(Clone, Debug, PartialEq)]
enum HostedData {
    /// The bundled survey: the embed shows it as it is.
    Bundled,
    /// An uploaded CSV: embeddable once it is hosted on this site, with its codebook.
    Csv {
        name: String,
        data: String,
        codebook: String,
    },
    /// An uploaded spreadsheet or SPSS file: an embed reads CSV only.
    NotCsv,
    /// A comparison of two surveys: both live only in this tab; embeddable once both sides
    /// are hosted as one file (`export::data`) with its codebook.
    Comparison { data: String, codebook: String },
}

/// The file names a comparison is hosted under (`data/…` beside Peiling).
const COMPARISON_FILE: &str = "vergelijking.csv";
const COMPARISON_CODEBOOK: &str = "vergelijking.codebook.json";

impl HostedData {
    /// The plan for an uploaded file named `name`: hosted as `data/<name>` beside Peiling.
    fn of(name: &str) -> HostedData {
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".csv") || lower.ends_with(".tsv")) {
            return HostedData::NotCsv;
        }
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let path = |file: &str| String::from(js_sys::encode_uri_component(file));
        HostedData::Csv {
            name: name.to_string(),
            data: format!("data/{}", path(name)),
            codebook: format!("data/{}", path(&format!("{stem}.codebook.json"))),
        }
    }

    /// What the reader must know before pasting the code, if anything.
    fn notice(&self, lang: Lang) -> Option<String> {
        let page = page_url();
        Some(match (self, lang) {
            (HostedData::Bundled, _) => return None,
            (HostedData::Csv { name, data, codebook }, Lang::Nl) => format!(
                "Je bestand {name} staat alleen op deze computer; een ingesloten grafiek kan het daar niet lezen. Zet het bestand en zijn codeboek op dezelfde site als Peiling ({page}), als {data} en {codebook}: de code hieronder leest ze daar. Zonder die bestanden toont de grafiek een foutmelding, nooit andere gegevens."
            ),
            (HostedData::Csv { name, data, codebook }, Lang::En) => format!(
                "Your file {name} is only on this computer; an embedded chart cannot read it there. Put the file and its codebook on the same site as Peiling ({page}), as {data} and {codebook}: the code below reads them there. Without those files the chart shows an error, never other data."
            ),
            (HostedData::NotCsv, Lang::Nl) => "Deze grafiek kan niet worden ingesloten: je bestand staat alleen op deze computer, en een ingesloten grafiek leest alleen CSV-bestanden die op dezelfde site als Peiling staan. Sla de gegevens op als CSV (UTF-8), open dat bestand met ‘Eigen bestand’ en kies dan opnieuw ‘Insluiten’.".to_string(),
            (HostedData::NotCsv, Lang::En) => "This chart cannot be embedded: your file is only on this computer, and an embedded chart reads only CSV files hosted on the same site as Peiling. Save the data as CSV (UTF-8), open that file with ‘Your own file’ and choose ‘Embed’ again.".to_string(),
            (HostedData::Comparison { data, codebook }, Lang::Nl) => format!(
                "Deze vergelijking bestaat alleen in dit tabblad; een ingesloten grafiek kan haar daar niet lezen. Download hieronder de gegevens van de vergelijking (beide kanten in één CSV-bestand, met een kolom die zegt welke kant) en het codeboek, en zet ze op dezelfde site als Peiling ({page}), als {data} en {codebook}: de code hieronder leest ze daar. Het bestand bevat de antwoorden per respondent: zet het alleen waar die mogen staan."
            ),
            (HostedData::Comparison { data, codebook }, Lang::En) => format!(
                "This comparison exists only in this tab; an embedded chart cannot read it there. Download the comparison's data below (both sides in one CSV file, with a column saying which side) and its codebook, and put them on the same site as Peiling ({page}), as {data} and {codebook}: the code below reads them there. The file holds the answers per respondent: put it only where they may be."
            ),
        })
    }
}

/// The "Insluiten" dialog: the embed code, a copy button and a live preview.
///
/// A modal `<dialog>`: the rest of the page is inert while it is open, focus moves into it,
/// Escape closes it, and focus returns to the chart's "Insluiten" button.
#[component]
pub fn EmbedDialog(
    chart: ChartReport,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let lang = chart.input.lang;
    let plan = app.loaded.with_untracked(|l| match &l.source {
        SourceKind::Bundled => HostedData::Bundled,
        SourceKind::Upload(name) => HostedData::of(name),
        SourceKind::Compare => HostedData::Comparison {
            data: format!("data/{COMPARISON_FILE}"),
            codebook: format!("data/{COMPARISON_CODEBOOK}"),
        },
    });
    let url = app.view.with_untracked(|v| match &plan {
        HostedData::Csv { data, codebook, .. } | HostedData::Comparison { data, codebook } => {
            // The hosted file is the comparison itself: broken down by side, no `cmp=`.
            let hosted = View {
                data: Some(data.clone()),
                codebook: Some(codebook.clone()),
                compare: false,
                reference: Vec::new(),
                ..v.clone()
            };
            embed_url(&hosted, &chart.id)
        }
        _ => embed_url(v, &chart.id),
    });
    let code = match &plan {
        HostedData::NotCsv => String::new(),
        _ => embed_code(&url, &chart.input.title, &chart.id, lang),
    };
    let bundled = plan == HostedData::Bundled;
    let comparison = matches!(plan, HostedData::Comparison { .. });
    let has_code = plan != HostedData::NotCsv;
    let notice = plan.notice(lang);
    let codebook_file = match &plan {
        HostedData::Csv { name, .. } => Some(name.clone()),
        _ => None,
    };
    let copied = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let preview = NodeRef::<leptos::html::Iframe>::new();
    let preview_height = RwSignal::new(None::<f64>);
    let heading_id = format!("embed-{}-title", chart.id);

    crate::dialog::open_modal(dialog);
    // The preview follows its chart's height, by the same rule as the embed code.
    let chart_key = chart.id.clone();
    let own_origin = window().location().origin().unwrap_or_default();
    let messages = window_event_listener(leptos::ev::message, move |event| {
        let Some(frame) = preview.get_untracked().and_then(|f| f.content_window()) else {
            return;
        };
        let from_preview = event
            .source()
            .is_some_and(|source| js_sys::Object::is(&source, &frame));
        if !from_preview || event.origin() != own_origin {
            return;
        }
        let height = js_sys::Reflect::get(&event.data(), &"datawrapper-height".into())
            .and_then(|heights| js_sys::Reflect::get(&heights, &JsValue::from_str(&chart_key)))
            .ok()
            .and_then(|h| h.as_f64());
        if let Some(height) = height.filter(|h| *h > 0.0 && *h < 20_000.0) {
            preview_height.set(Some(height.ceil()));
        }
    });
    on_cleanup(move || messages.remove());

    // Every way out (Escape, the close button) goes through the dialog's `close` event.
    let closed = move |_| {
        let opener = dialog
            .get_untracked()
            .and_then(|d| d.closest("figure").ok().flatten())
            .and_then(|figure| {
                figure
                    .query_selector("[data-testid=embed-open]")
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(opener) = opener {
            let _ = opener.focus();
        }
        on_close();
    };
    let code_for_copy = code.clone();
    let labelledby = heading_id.clone();
    view! {
        <dialog
            class="pl-dialog"
            aria-labelledby=labelledby
            node_ref=dialog
            data-testid="embed-dialog"
            on:close=closed
        >
            <h2 id=heading_id>{t(lang, Term::Embed)}": "{chart.input.title.clone()}</h2>
            {notice.map(|text| view! { <p class="pl-notice" data-testid="embed-hosting">{text}</p> }.into_any())}
            {codebook_file.map(|name| view! {
                <p>
                    <button
                        type="button"
                        class="pl-button"
                        data-testid="embed-codebook"
                        on:click=move |_| app.loaded.with_untracked(|l| crate::upload::codebook_store::download(&l.survey.codebook, &name))
                    >
                        {if lang == Lang::Nl { "Codeboek downloaden" } else { "Download the codebook" }}
                    </button>
                </p>
            }.into_any())}
            {comparison.then(|| view! {
                <p class="pl-dialog__actions">
                    <button
                        type="button"
                        class="pl-button"
                        data-testid="embed-data"
                        on:click=move |_| app.loaded.with_untracked(|l| crate::download::save(&peiling_engine::export::data::data_csv(&l.survey), "text/csv", COMPARISON_FILE))
                    >
                        {if lang == Lang::Nl { "Gegevens downloaden (CSV)" } else { "Download the data (CSV)" }}
                    </button>
                    <button
                        type="button"
                        class="pl-button"
                        data-testid="embed-codebook"
                        on:click=move |_| app.loaded.with_untracked(|l| crate::upload::codebook_store::download(&peiling_engine::export::data::data_codebook(&l.survey), COMPARISON_FILE))
                    >
                        {if lang == Lang::Nl { "Codeboek downloaden" } else { "Download the codebook" }}
                    </button>
                </p>
            }.into_any())}
            {has_code.then(|| view! {
                <label class="pl-field pl-field--block">
                    <span>"HTML"</span>
                    <textarea readonly rows="8" data-testid="embed-code" prop:value=code.clone()>{code.clone()}</textarea>
                </label>
            }.into_any())}
            <div class="pl-dialog__actions">
                {has_code.then(|| view! {
                    <button
                        type="button"
                        class="pl-button"
                        data-testid="embed-copy"
                        on:click=move |_| {
                            let clipboard = window().navigator().clipboard();
                            let _ = clipboard.write_text(&code_for_copy);
                            copied.set(true);
                        }
                    >
                        {move || if copied.get() { t(lang, Term::Copied) } else { t(lang, Term::Copy) }}
                    </button>
                }.into_any())}
                {crate::dialog::close_button(lang, "embed-close", dialog)}
            </div>
            {bundled.then(|| view! {
                <iframe
                    class="pl-dialog__preview"
                    src=url
                    title=chart.input.title.clone()
                    data-testid="embed-preview"
                    node_ref=preview
                    style:height=move || preview_height.get().map(|h| format!("{h}px"))
                ></iframe>
            }.into_any())}
        </dialog>
    }.into_any()
}
