//! "Zelf afnemen" (run this survey yourself): a button in the report's header and a dialog
//! that explains and offers the files an organisation needs to field the survey on screen
//! again — the questionnaire (Dutch and English HTML), the answer template (XLSX, CSV), the
//! codebook JSON that reads it, and a LimeSurvey survey.
//!
//! What stays true: every file is written by the engine (`peiling_engine::template`) in the
//! reader worker, fetched only when a file is asked for, so the page's first load carries
//! none of the writers; the files are made from the survey on screen (the bundled one or an
//! upload) and nothing leaves the tab but the download; the dialog is a modal `<dialog>`:
//! focus moves into it, Escape closes it, and focus returns to the button.
use leptos::prelude::*;
use peiling_engine::template::TemplateFile;
use peiling_engine::Lang;

use crate::app::use_app;
use crate::i18n::{t, Term};

/// The label and the explanation of a file, in the dialog.
fn terms(file: TemplateFile) -> (Term, Term) {
    match file {
        TemplateFile::Questionnaire(Lang::Nl) => (Term::TplHtmlNl, Term::TplHtmlNlAbout),
        TemplateFile::Questionnaire(Lang::En) => (Term::TplHtmlEn, Term::TplHtmlEnAbout),
        TemplateFile::AnswersXlsx => (Term::TplXlsx, Term::TplXlsxAbout),
        TemplateFile::AnswersCsv => (Term::TplCsv, Term::TplCsvAbout),
        TemplateFile::Codebook => (Term::TplJson, Term::TplJsonAbout),
        TemplateFile::LimeSurvey => (Term::TplLss, Term::TplLssAbout),
    }
}

/// The "Zelf afnemen" button and, while open, its dialog.
#[component]
pub fn RunYourself() -> impl IntoView {
    let app = use_app();
    crate::dialog::dialog_button(
        "template-open",
        move || t(app.lang.get(), Term::RunItYourself),
        |closed: Callback<()>| view! { <RunYourselfDialog on_close=move || closed.run(())/> },
    )
}

#[component]
fn RunYourselfDialog(on_close: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    let lang = app.view.with_untracked(|v| v.lang);
    let (title, names) = app.loaded.with_untracked(|l| {
        let codebook = &l.survey.codebook;
        let names: Vec<String> = TemplateFile::ALL
            .iter()
            .map(|f| f.file_name(codebook))
            .collect();
        (codebook.title.get(lang).to_string(), names)
    });
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // What the status line says: making a file, or why it failed.
    let status = RwSignal::new(None::<String>);
    let busy = StoredValue::new(false);
    crate::dialog::open_modal(dialog);
    let make = move |file: TemplateFile, name: String| {
        if busy.get_value() {
            return;
        }
        busy.set_value(true);
        status.set(Some(t(lang, Term::TemplateBusy).to_string()));
        let json = app.loaded.with_untracked(|l| l.survey.codebook.to_json());
        let code = match lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        };
        wasm_bindgen_futures::spawn_local(async move {
            let made = crate::upload::worker_client::write_template(&json, file.key(), code).await;
            busy.set_value(false);
            match made {
                Ok(bytes) => {
                    crate::download::save(&bytes, file.mime(), &name);
                    status.set(None);
                }
                Err(message) => {
                    leptos::logging::error!("{message}");
                    status.set(Some(t(lang, Term::TemplateFailed).to_string()));
                }
            }
        });
    };
    let entries = TemplateFile::ALL
        .into_iter()
        .zip(names)
        .map(|(file, name)| {
            let (label, about) = terms(file);
            let about_id = format!("template-{}-about", file.key());
            let shown_name = name.clone();
            view! {
                <li class="pl-template__file">
                    <button
                        type="button"
                        class="pl-button"
                        data-testid=format!("template-{}", file.key())
                        aria-describedby=about_id.clone()
                        on:click=move |_| make(file, name.clone())
                    >
                        {t(lang, label)}
                    </button>
                    <p id=about_id>
                        {t(lang, about)}
                        " "
                        <span class="pl-template__name">{shown_name}</span>
                    </p>
                </li>
            }
            .into_any()
        })
        .collect_view();
    let closed = move |_| on_close();
    view! {
        <dialog
            class="pl-dialog pl-template"
            aria-labelledby="template-title"
            node_ref=dialog
            data-testid="template-dialog"
            on:close=closed
        >
            <h2 id="template-title">{t(lang, Term::RunItYourself)}": "{title}</h2>
            <p>{t(lang, Term::RunItYourselfIntro)}</p>
            <ul class="pl-template__files">{entries}</ul>
            <p class="pl-notice pl-notice--quiet">{t(lang, Term::RunItYourselfPrivacy)}</p>
            <p role="status" data-testid="template-status">{move || status.get()}</p>
            <div class="pl-dialog__actions">
                {crate::dialog::close_button(lang, "template-close", dialog)}
            </div>
        </dialog>
    }
    .into_any()
}
