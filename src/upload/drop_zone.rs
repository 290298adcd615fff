//! Dropping a file anywhere on the page: while a file is dragged over the window an overlay
//! says where it goes (and that it stays on this computer); dropping it starts the read.
//!
//! Written as two window listeners rather than with a drop-zone library: the whole window is
//! the zone, so there is no element to track, and only drags that carry files are taken
//! (dragging text or a link within the page behaves as usual).
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::panel::{PRIVACY_EN, PRIVACY_NL};
use super::{lang_signal, use_upload, words};

/// Whether a drag carries files (not text or a link).
fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

#[component]
pub fn DropZone() -> impl IntoView {
    let upload = use_upload();
    let lang = lang_signal();
    let dragging = RwSignal::new(false);
    let _over = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            if let Some(dt) = ev.data_transfer() {
                dt.set_drop_effect("copy");
            }
            if !dragging.get_untracked() {
                dragging.set(true);
            }
        }
    });
    let _leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window has no element to go to.
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let _drop = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        if !carries_files(&ev) {
            return;
        }
        ev.prevent_default();
        let file = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file.and_then(|f| f.dyn_into::<web_sys::File>().ok()) {
            upload.read(file);
        }
    });
    view! {
        {crate::shown::shown(move || dragging.get(), move || view! {
            <div class="pl-drop" data-testid="drop-overlay" aria-hidden="true">
                <div class="pl-drop__box">
                    <p class="pl-drop__title">{move || words(lang(), "Laat het bestand hier los", "Drop the file here")}</p>
                    <p>{move || words(lang(), PRIVACY_NL, PRIVACY_EN)}</p>
                </div>
            </div>
        }.into_any())}
    }.into_any()
}
