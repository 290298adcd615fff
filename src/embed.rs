//! Embedding: the embed page (`#/embed?chart=ID`) that shows one chart sized to its frame and
//! tells the host page its height, and the "Insluiten" dialog that writes the embed code.
use leptos::prelude::*;
use peiling_engine::report::build_chart;
use peiling_engine::view::{Mode, View};
use peiling_engine::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{analysis_options, use_app};
use crate::chart_view::ChartBlock;
use crate::i18n::{t, Term};

/// The page URL without its fragment (works on any host and sub-path).
fn page_url() -> String {
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

/// Posts the document's height to the parent, in the message shape intranet systems already
/// handle for Datawrapper charts: `{"datawrapper-height": {"<chart id>": <px>}}`.
fn post_height(chart: &str) {
    let Ok(Some(parent)) = window().parent() else {
        return;
    };
    if parent == window() {
        return;
    }
    let height = document()
        .document_element()
        .map_or(0, |e| e.scroll_height());
    let inner = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &inner,
        &JsValue::from_str(chart),
        &JsValue::from_f64(height as f64),
    );
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"datawrapper-height".into(), &inner);
    let _ = parent.post_message(&message, &parent_origin());
}

/// One chart, for an iframe.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let app = use_app();
    let chart_id = move || match app.view.with(|v| v.mode.clone()) {
        Mode::Embed { chart } => chart,
        Mode::Report => String::new(),
    };
    let chart = Memo::new(move |_| {
        let view = app.view.get();
        let id = chart_id();
        app.loaded.with(|l| {
            build_chart(&l.survey, &view, &id, &analysis_options()).map_err(|e| e.to_string())
        })
    });
    let report_link = move || {
        let view = View {
            mode: Mode::Report,
            ..app.view.get()
        };
        format!("{}{}", page_url(), view.format())
    };
    let lang = move || app.view.with(|v| v.lang);

    // Tell the host our height whenever the content changes size.
    Effect::new(move |_| {
        let id = chart_id();
        let _ = chart.get();
        let callback = Closure::<dyn FnMut()>::new(move || post_height(&id));
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            if let Some(root) = document().document_element() {
                observer.observe(&root);
            }
            // The observer lives as long as the page.
            std::mem::forget(observer);
        }
        callback.forget();
    });

    view! {
        <main id="main" class="pl-embed" data-testid="embed">
            {move || match chart.get() {
                Ok(chart) => view! { <ChartBlock chart=chart embedded=true/> }.into_any(),
                Err(message) => view! { <p class="pl-notice pl-notice--warning" role="alert" data-testid="embed-error">{message}</p> }.into_any(),
            }}
            <p class="pl-embed__link">
                <a href=report_link target="_blank" rel="noopener">{move || t(lang(), Term::FullReport)}</a>
            </p>
        </main>
    }
}

/// The embed code for a chart: an iframe plus a small script that follows its height.
pub fn embed_code(url: &str, title: &str, chart: &str, lang: Lang) -> String {
    let origin = web_sys::Url::new(url)
        .map(|u| u.origin())
        .unwrap_or_default();
    let frame_id = format!(
        "peiling-{}",
        chart
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
    );
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
        "<iframe id=\"{frame_id}\" src=\"{src}\" title=\"{title}\" lang=\"{lang_attr}\" style=\"width:100%;min-width:320px;border:0\" height=\"560\" loading=\"lazy\" referrerpolicy=\"strict-origin\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-downloads\"></iframe>\n\
<script>\n\
window.addEventListener(\"message\", function (event) {{\n\
  var frame = document.getElementById({frame_js});\n\
  if (!frame || event.source !== frame.contentWindow || event.origin !== {origin_js}) return;\n\
  var heights = event.data && event.data[\"datawrapper-height\"];\n\
  var height = heights && heights[{chart_js}];\n\
  if (typeof height === \"number\" && height > 0 && height < 20000) frame.style.height = Math.ceil(height) + \"px\";\n\
}});\n\
</script>",
        src = esc(url),
        title = esc(title),
        frame_js = js(&frame_id),
        origin_js = js(&origin),
        chart_js = js(chart),
    )
}

/// The "Insluiten" dialog: the embed code, a copy button and a live preview.
#[component]
pub fn EmbedDialog(
    chart: peiling_engine::report::ChartReport,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let lang = chart.input.lang;
    let url = app.view.with_untracked(|v| embed_url(v, &chart.id));
    let code = embed_code(&url, &chart.input.title, &chart.id, lang);
    let copied = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Div>::new();
    let heading_id = format!("embed-{}-title", chart.id);
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            let _ = el.focus();
        }
    });
    let code_for_copy = code.clone();
    let labelledby = heading_id.clone();
    let close = on_close.clone();
    view! {
        <div class="pl-dialog__backdrop">
            <div
                class="pl-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelledby
                tabindex="-1"
                node_ref=dialog
                data-testid="embed-dialog"
                on:keydown=move |ev| if ev.key() == "Escape" { close() }
            >
                <h2 id=heading_id>{t(lang, Term::Embed)}": "{chart.input.title.clone()}</h2>
                <label class="pl-field pl-field--block">
                    <span>"HTML"</span>
                    <textarea readonly rows="8" data-testid="embed-code" prop:value=code.clone()>{code.clone()}</textarea>
                </label>
                <div class="pl-dialog__actions">
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
                    <button type="button" class="pl-button" on:click=move |_| on_close()>{t(lang, Term::Close)}</button>
                </div>
                <iframe class="pl-dialog__preview" src=url title=chart.input.title.clone() data-testid="embed-preview"></iframe>
            </div>
        </div>
    }
}
