//! What every modal dialog of the page shares: its close button. A dialog is a `<dialog>`
//! opened with `showModal()`, so Escape closes it natively; the button closes it the same
//! way, and both reach the dialog's `close` event, where the dialog puts focus back.
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
