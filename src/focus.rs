//! Where the keyboard focus goes after an action that removes or replaces what had it: a
//! removed filter chip, a closed menu or panel, a report shown after a file's review. Without
//! this, focus falls to the page's body and a keyboard or screen-reader user starts over.
//!
//! What stays true: focus moves only after the page has drawn the change (the next task),
//! and only to the first of the given selectors that finds an element; if none does, focus
//! stays where it is.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the first element that one of `selectors` finds, once the page has drawn the
/// change that the current action made.
pub fn focus_later(selectors: Vec<String>) {
    set_timeout(
        move || {
            let found = selectors.iter().find_map(|s| {
                document()
                    .query_selector(s)
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            });
            if let Some(element) = found {
                let _ = element.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Focuses `element` now (an element the action did not remove).
pub fn focus(element: &web_sys::Element) {
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}
