//! The "Eigen bestand" button and the panel with the file chooser and drop zone.
use leptos::prelude::*;

use crate::app::use_app;
use crate::i18n::{t, Term};

/// Opens the panel where a file is chosen or dropped.
#[component]
pub fn OwnFileButton() -> impl IntoView {
    let app = use_app();
    let lang = move || app.view.with(|v| v.lang);
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="pl-button pl-button--primary"
            data-testid="own-file"
            aria-expanded=move || open.get().to_string()
            aria-controls="pl-upload"
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || t(lang(), Term::OwnFile)}
        </button>
        <div id="pl-upload" class="pl-upload" hidden=move || !open.get()>
            <label class="pl-upload__zone">
                <span>{move || match lang() {
                    peiling_engine::Lang::Nl => "Bestand kiezen of hierheen slepen",
                    peiling_engine::Lang::En => "Choose a file or drop it here",
                }}</span>
                <input type="file" data-testid="file-input" accept=".csv,.tsv,.txt,.xlsx,.xls,.ods,.sav"/>
            </label>
            <p class="pl-upload__privacy">{move || match lang() {
                peiling_engine::Lang::Nl => "Je bestand wordt op deze computer gelezen en nergens naartoe gestuurd.",
                peiling_engine::Lang::En => "Your file is read on this computer and sent nowhere.",
            }}</p>
        </div>
    }
}
