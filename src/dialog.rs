//! What every modal dialog of the page shares: how it opens, the button that opens it and its
//! close button. A dialog is a `<dialog>` opened with `showModal()` (the page behind is inert
//! and focus moves in), so Escape closes it natively; the button closes it the same way, and
//! both reach the dialog's `close` event, where focus goes back to the button that opened it.
use leptos::prelude::*;
use peiling_engine::Lang;

use crate::i18n::{t, Term};

/// The "Sluiten" button of `dialog`, with `data-testid` `testid`.
pub fn close_button(
    lang: Lang,
    testid: &'static str,
    dialog: NodeRef<leptos::html::Dialog>,
) -> AnyView {
    view! {
        <button
            type="button"
            class="pl-button"
            data-testid=testid
            on:click=move |_| {
                if let Some(d) = dialog.get_untracked() {
                    d.close();
                }
            }
        >
            {t(lang, Term::Close)}
        </button>
    }
    .into_any()
}

/// Opens `dialog` as a modal once it is in the document, in the task after the one that drew
/// it: `showModal()` makes the whole page behind inert and styles it again, which for a large
/// report behind a large review took as long as drawing the review (each ~20 ms at 1M
/// respondents), and the two in one task came near the 50 ms that count as long.
pub fn open_modal(dialog: NodeRef<leptos::html::Dialog>) {
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            leptos::task::spawn_local(async move {
                crate::tasks::yield_to_browser().await;
                if dialog.is_connected() && !dialog.open() {
                    let _ = dialog.show_modal();
                }
            });
        }
    });
}

/// A header button (`data-testid` `testid`, its words by `label`) and, while open, the dialog
/// `dialog` makes; the dialog calls the callback it is given when it closes, and focus goes
/// back to the button.
pub fn dialog_button<D, V>(
    testid: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    dialog: D,
) -> AnyView
where
    D: Fn(Callback<()>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    let closed = Callback::new(move |()| {
        open.set(false);
        if let Some(button) = opener.get_untracked() {
            let _ = button.focus();
        }
    });
    view! {
        <button
            type="button"
            class="pl-button pl-button--quiet"
            data-testid=testid
            aria-haspopup="dialog"
            node_ref=opener
            on:click=move |_| open.set(true)
        >
            {label}
        </button>
        {crate::shown::shown(move || open.get(), move || view! {
            {dialog.clone()(closed)}
        }.into_any())}
    }
    .into_any()
}
