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
