//! The "Eigen bestand" button and its panel: the file chooser, the privacy sentence, the
//! progress of a read with its cancel button, and what went wrong with the last file; plus the
//! "Codebook" button that reopens the review of the file on screen.
//!
//! What stays true: the file input is always in the document (hidden with the panel, never
//! removed), so a file can be set on it at any time; its value is cleared once the file is
//! handed to the reader, so the same file can be chosen again.
use leptos::prelude::*;

use super::{drop_zone::DropZone, lang_signal, provide_upload, review::Review, words};
use crate::app::{use_app, SourceKind};
use crate::i18n::{t, Term};

pub const PRIVACY_NL: &str =
    "Je bestand wordt op deze computer gelezen en nergens naartoe gestuurd.";
pub const PRIVACY_EN: &str = "Your file is read on this computer and sent nowhere.";

/// Opens the panel where a file is chosen or dropped.
#[component]
pub fn OwnFileButton() -> impl IntoView {
    let app = use_app();
    let upload = provide_upload();
    let lang = lang_signal();
    let open = upload.panel_open;
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = super::take_chosen_file(&ev) {
            upload.read(file);
        }
    };
    let on_compare_file = move |ev: leptos::ev::Event| {
        if let Some(file) = super::take_chosen_file(&ev) {
            upload.read_to_compare(file);
        }
    };
    let is_upload = move || {
        app.loaded
            .with(|l| matches!(l.source, SourceKind::Upload(_)))
    };
    let progress = move || upload.reading.get().map(|r| r.progress);
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
        {crate::shown::shown(move || is_upload() && upload.pending.with(Option::is_some), move || view! {
            <button
                type="button"
                class="pl-button"
                data-testid="codebook-open"
                on:click=move |_| upload.open_review_again()
            >
                {move || words(lang(), "Codeboek", "Codebook")}
            </button>
        }.into_any())}
        <div id="pl-upload" class="pl-upload" data-testid="upload-panel" hidden=move || !open.get()>
            <label class="pl-upload__zone">
                <span>{move || words(lang(), "Bestand kiezen of hierheen slepen", "Choose a file or drop it here")}</span>
                <span class="pl-upload__formats">
                    {move || words(lang(), "CSV, TSV, Excel (.xlsx, .xls), OpenDocument (.ods) of SPSS (.sav)", "CSV, TSV, Excel (.xlsx, .xls), OpenDocument (.ods) or SPSS (.sav)")}
                </span>
                <input
                    type="file"
                    data-testid="file-input"
                    accept=".csv,.tsv,.txt,.xlsx,.xls,.ods,.sav"
                    on:change=on_file
                />
            </label>
            <label class="pl-upload__zone pl-upload__zone--compare">
                <span>{move || words(lang(), "Naast dit rapport leggen", "Set beside this report")}</span>
                <span class="pl-upload__formats">
                    {move || words(lang(),
                        "De antwoorden van uw organisatie op deze vragen (bijvoorbeeld het ingevulde sjabloon van ‘Zelf afnemen’), of een ander jaar van dezelfde peiling: elke vraag naast die van dit rapport, met het verschil en de toets.",
                        "Your organisation's answers to these questions (for instance the filled template from ‘Run this survey yourself’), or another year of the same survey: each question beside this report's, with the difference and its test.")}
                </span>
                <input
                    type="file"
                    data-testid="compare-input"
                    accept=".csv,.tsv,.txt,.xlsx,.xls,.ods,.sav"
                    on:change=on_compare_file
                />
            </label>
            <p class="pl-upload__privacy" data-testid="privacy">{move || words(lang(), PRIVACY_NL, PRIVACY_EN)}</p>
            {move || {
                progress()
                    .map(|p| {
                        let name = upload.reading.with(|r| r.as_ref().map(|r| r.file_name.clone()).unwrap_or_default());
                        view! {
                            <div class="pl-upload__progress" data-testid="read-progress">
                                <label>
                                    <span>{words(lang(), "Bezig met lezen: ", "Reading: ")}{name}</span>
                                    <progress max=p.total.max(1) as f64 value=p.bytes as f64></progress>
                                </label>
                                <p role="status" data-testid="read-status">
                                    {format_bytes(p.bytes, lang())}" / "{format_bytes(p.total, lang())}
                                    {words(lang(), " gelezen, ", " read, ")}
                                    {p.rows.to_string()}
                                    {words(lang(), " rijen", " rows")}
                                </p>
                                <button type="button" class="pl-button" data-testid="read-cancel" on:click=move |_| upload.cancel()>
                                    {words(lang(), "Annuleren", "Cancel")}
                                </button>
                            </div>
                        }.into_any()
                    })
            }}
            {move || {
                upload.error.get().map(|message| view! {
                    <div class="pl-upload__error" role="alert" data-testid="upload-error">
                        <p><strong>{words(lang(), "Dit bestand kon niet worden gelezen.", "This file could not be read.")}</strong></p>
                        <p data-testid="upload-error-message">{message}</p>
                        <p>{move || words(lang(), "De gegevens die je al zag, blijven staan. Kies een ander bestand of verbeter dit bestand en kies het opnieuw.", "The data shown before stays loaded. Choose another file, or correct this one and choose it again.")}</p>
                    </div>
                }.into_any())
            }}
        </div>
        <DropZone/>
        {crate::shown::shown(move || upload.review_open.get() && upload.pending.with(Option::is_some), move || view! {
            <Review/>
        }.into_any())}
    }.into_any()
}

/// A byte count for people: "12,3 MB" (Dutch), "12.3 MB" (English).
fn format_bytes(bytes: u64, lang: peiling_engine::Lang) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes < 1024 * 1024 {
        return format!("{} kB", bytes.div_ceil(1024));
    }
    let text = format!("{:.1} MB", bytes as f64 / MB);
    match lang {
        peiling_engine::Lang::Nl => text.replace('.', ","),
        peiling_engine::Lang::En => text,
    }
}
