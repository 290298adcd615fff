//! User Timing measures, so tests and benchmarks can read how long the page took.
use wasm_bindgen::{JsCast, JsValue};

/// Records `performance.measure(name, { start, end: now })`, times in ms since page start.
/// (web-sys marks the options form unstable, so it is called through js-sys.)
pub fn measure(name: &str, start: f64) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &JsValue::from_f64(start));
    let _ = js_sys::Reflect::set(
        &options,
        &"end".into(),
        &JsValue::from_f64(performance.now()),
    );
    if let Ok(measure) = js_sys::Reflect::get(&performance, &"measure".into()) {
        if let Some(measure) = measure.dyn_ref::<js_sys::Function>() {
            let _ = measure.call2(&performance, &JsValue::from_str(name), &options);
        }
    }
}

/// Defines `window.__benchResult` for the shared browser benchmark: a getter that counts,
/// when read, the values of the uploaded survey on screen (`{result_rows: [{var, v1, v2, n}]}`,
/// empty cells as `null`; see `stats::value_counts::workload`), so the benchmark can check
/// the page's figures against another tool's. Nothing is counted unless it is read, and it is
/// `undefined` while the bundled survey is shown.
pub fn expose_workload(loaded: leptos::prelude::RwSignal<crate::app::Loaded>) {
    use leptos::prelude::GetUntracked;
    use peiling_engine::stats::value_counts::workload;
    let getter = wasm_bindgen::closure::Closure::<dyn Fn() -> JsValue>::new(move || {
        let loaded = loaded.get_untracked();
        if loaded.source == crate::app::SourceKind::Bundled {
            return JsValue::UNDEFINED;
        }
        let rows: js_sys::Array = workload(&loaded.survey)
            .into_iter()
            .map(|row| {
                let object = js_sys::Object::new();
                let text = |v: Option<String>| v.map_or(JsValue::NULL, |v| JsValue::from_str(&v));
                let _ = js_sys::Reflect::set(&object, &"var".into(), &JsValue::from_str(&row.var));
                let _ = js_sys::Reflect::set(&object, &"v1".into(), &text(row.v1));
                let _ = js_sys::Reflect::set(&object, &"v2".into(), &text(row.v2));
                let _ =
                    js_sys::Reflect::set(&object, &"n".into(), &JsValue::from_f64(row.n as f64));
                JsValue::from(object)
            })
            .collect();
        let result = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&result, &"result_rows".into(), &rows);
        result.into()
    });
    let descriptor = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&descriptor, &"get".into(), getter.as_ref());
    let _ = js_sys::Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE);
    js_sys::Object::define_property(&js_sys::global(), &"__benchResult".into(), &descriptor);
    // The getter lives as long as the page.
    getter.forget();
}
