//! The review step between reading a file and its report: what was read (format, encoding,
//! delimiter, layout, rows, warnings with line and column) and the proposed codebook, editable
//! with keyboard and mouse — question text, kind, answer order, non-substantive and missing
//! answers, breakdowns, merging into a grid or multi-select and splitting, the weight column —
//! plus saving the codebook as JSON, loading a saved one for this file and remembering it.
//!
//! What stays true: every label from the file is shown as text (never parsed as markup); the
//! survey on screen changes only when "Show report" is pressed.
use leptos::prelude::*;
use peiling_engine::codebook::{Codebook, Question, QuestionKind};
use peiling_engine::format;
use peiling_engine::read::{Format, Layout};
use peiling_engine::Lang;
use wasm_bindgen::JsCast;

use super::{
    codebook_edit as edit, codebook_store, lang_signal, use_upload, words, Note, UploadState,
};
use crate::app::use_app;

/// The largest codebook file read (a codebook is text about columns, never data).
const MAX_CODEBOOK_BYTES: f64 = 16.0 * 1024.0 * 1024.0;

const KINDS: [QuestionKind; 7] = [
    QuestionKind::SingleChoice,
    QuestionKind::Likert,
    QuestionKind::Grid,
    QuestionKind::MultiSelect,
    QuestionKind::Numeric,
    QuestionKind::OpenText,
    QuestionKind::Identifier,
];

fn kind_key(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => "single_choice",
        QuestionKind::Likert => "likert",
        QuestionKind::Grid => "grid",
        QuestionKind::MultiSelect => "multi_select",
        QuestionKind::Numeric => "numeric",
        QuestionKind::OpenText => "open_text",
        QuestionKind::Identifier => "identifier",
    }
}

fn kind_name(kind: QuestionKind, lang: Lang) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => words(lang, "Eén antwoord", "Single choice"),
        QuestionKind::Likert => words(lang, "Stelling met schaal", "Statement on a scale"),
        QuestionKind::Grid => words(lang, "Matrix van stellingen", "Grid of statements"),
        QuestionKind::MultiSelect => words(lang, "Meerdere antwoorden", "Multiple answers"),
        QuestionKind::Numeric => words(lang, "Getal", "Number"),
        QuestionKind::OpenText => words(lang, "Open tekst", "Open text"),
        QuestionKind::Identifier => {
            words(lang, "Kenmerk, niet analyseren", "Identifier, not analysed")
        }
    }
}

/// Whether a question of this kind can be offered as a breakdown.
fn can_break_down(q: &Question) -> bool {
    match q.kind {
        QuestionKind::SingleChoice | QuestionKind::Likert => q.items.len() == 1,
        QuestionKind::Numeric => !q.bins.is_empty(),
        _ => false,
    }
}

fn delimiter_name(format: &Format, lang: Lang) -> String {
    match format {
        Format::Csv { delimiter: ';' } => words(lang, "puntkomma (;)", "semicolon (;)").into(),
        Format::Csv { delimiter: ',' } => words(lang, "komma (,)", "comma (,)").into(),
        Format::Csv { delimiter: '|' } => words(lang, "verticale streep (|)", "pipe (|)").into(),
        Format::Csv { delimiter } => format!("'{delimiter}'"),
        Format::Tsv => words(lang, "tab", "tab").into(),
        _ => "—".into(),
    }
}

fn format_name(format: &Format, lang: Lang) -> String {
    if lang == Lang::En {
        return format.to_string();
    }
    match format {
        Format::Csv { delimiter } => {
            let by = match delimiter {
                ';' => "puntkomma's",
                ',' => "komma's",
                '|' => "verticale strepen",
                _ => "een ander teken",
            };
            format!("CSV (gescheiden door {by})")
        }
        Format::Tsv => "TSV (gescheiden door tabs)".into(),
        Format::Xlsx { sheet } => format!("Excel-werkmap (.xlsx), blad '{sheet}'"),
        Format::Xls { sheet } => format!("Excel 97-2003-werkmap (.xls), blad '{sheet}'"),
        Format::Ods { sheet } => format!("OpenDocument-spreadsheet (.ods), blad '{sheet}'"),
        Format::Sav => "SPSS-gegevensbestand (.sav)".into(),
    }
}

fn layout_name(layout: Layout, lang: Lang) -> String {
    match (layout, lang) {
        (Layout::Plain, Lang::Nl) => "gewone tabel".into(),
        (Layout::TwoHeaderRows, Lang::Nl) => "tabel met een vraagregel en een optieregel".into(),
        (layout, _) => layout.to_string(),
    }
}

/// A review of more questions than this shows [`QUESTIONS_FIRST`] with the dialog and the rest
/// one at a time after it.
const QUESTIONS_AT_ONCE: usize = 16;
const QUESTIONS_FIRST: usize = 3;

#[component]
pub fn Review() -> impl IntoView {
    let app = use_app();
    let upload = use_upload();
    let lang = lang_signal();
    let codebook = upload.codebook;
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    crate::dialog::open_modal(dialog);
    let pending = move || upload.pending.get();
    let source = move || pending().map(|p| p.meta.source.clone());
    let warnings = move || {
        pending()
            .map(|p| p.meta.warnings.clone())
            .unwrap_or_default()
    };
    let columns = move || pending().map(|p| p.columns).unwrap_or_default();
    let no_rows = move || source().is_some_and(|s| s.rows == 0);
    let selected = RwSignal::new(Vec::<String>::new());
    let remember = RwSignal::new(codebook_store::remembering());
    let codebook_error = RwSignal::new(None::<String>);
    let close = move || {
        // Closed to show the report: `UploadState::show_report` takes the review down and
        // gives the report the focus.
        let for_report = dialog
            .get_untracked()
            .is_some_and(|d| d.has_attribute(FOR_REPORT));
        if for_report {
            return;
        }
        leptos::task::spawn_local(upload.take_down_review());
        // Focus goes back to where the review can be opened again (or a file chosen).
        request_animation_frame(|| {
            let target = document()
                .query_selector("[data-testid=codebook-open], [data-testid=own-file]")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    };
    // A file of many questions shows its first ones with the dialog and the rest a few per
    // task after it (`tasks::reveal`): 40 questions with their answers, counts and buttons
    // held the page for more than 50 ms in one task.
    let total = codebook.with_untracked(|c| c.questions.len());
    let shown = RwSignal::new(if total > QUESTIONS_AT_ONCE {
        QUESTIONS_FIRST
    } else {
        usize::MAX
    });
    if total > QUESTIONS_AT_ONCE {
        // Until the review is closed (its owner, and this value, are gone).
        let alive = StoredValue::new(());
        crate::tasks::reveal(shown, total, move || alive.try_get_value().is_some());
    }
    let ids = move || {
        let shown = shown.get().min(upload.review_kept.get());
        codebook.with(|c| {
            c.questions
                .iter()
                .take(shown)
                .map(|q| q.id.clone())
                .collect::<Vec<_>>()
        })
    };

    let fact = move |testid: &'static str, nl: &'static str, en: &'static str, value: String| {
        view! {
            <div class="pl-review__fact">
                <dt>{move || words(lang(), nl, en)}</dt>
                <dd data-testid=testid>{value}</dd>
            </div>
        }
        .into_any()
    };

    view! {
        <dialog
            class="pl-dialog pl-review"
            aria-labelledby="pl-review-title"
            node_ref=dialog
            data-testid="review"
            on:close=move |_| close()
        >
            <h2 id="pl-review-title">{move || words(lang(), "Controleer de vragen", "Review the questions")}</h2>
            {move || source().map(|s| {
                let l = lang();
                view! {
                    <dl class="pl-review__facts" data-testid="review-facts">
                        {fact("review-file", "Bestand", "File", s.file_name.clone())}
                        {fact("review-format", "Formaat", "Format", format_name(&s.format, l))}
                        {fact("review-encoding", "Tekenset", "Encoding", s.encoding.clone())}
                        {fact("review-delimiter", "Scheidingsteken", "Delimiter", delimiter_name(&s.format, l))}
                        {fact("review-layout", "Indeling", "Layout", layout_name(s.layout, l))}
                        {fact("review-rows", "Rijen (respondenten)", "Rows (respondents)", s.rows.to_string())}
                        {fact("review-columns", "Kolommen", "Columns", s.columns.to_string())}
                    </dl>
                }.into_any()
            })}
            {move || source().and_then(|s| shape_problem(s.rows, s.columns, lang())).map(|text| view! {
                <div class="pl-upload__error" role="alert" data-testid="review-problem">
                    <p>{text}</p>
                </div>
            }.into_any())}
            {crate::shown::shown(move || source().is_some_and(|s| matches!(s.format, Format::Xlsx { .. } | Format::Xls { .. } | Format::Ods { .. })), move || view! {
                <SheetPicker/>
            }.into_any())}
            {crate::shown::shown(move || !warnings().is_empty(), move || view! {
                <div class="pl-review__warnings" role="alert" data-testid="review-warnings">
                    <h3>{move || words(lang(), "Waarschuwingen bij het lezen", "Warnings while reading")}</h3>
                    <ul>
                        {move || warnings().into_iter().map(|w| view! {
                            <li
                                data-testid="review-warning"
                                data-line=w.line.map(|l| l.to_string())
                                data-column=w.column.map(|c| c.to_string())
                            >{w.text(lang())}</li>
                        }.into_any()).collect_view()}
                    </ul>
                    <p>{move || words(lang(),
                        "Controleer deze plekken in het bestand; wat niet te lezen was, telt als geen antwoord.",
                        "Check these places in the file; what could not be read counts as no answer.")}</p>
                </div>
            }.into_any())}
            {crate::shown::shown(move || upload.notes.with(|n| !n.is_empty()), move || view! {
                <div class="pl-review__notes" role="status" data-testid="codebook-notes">
                    <h3>{move || words(lang(), "Codeboek en bestand vergeleken", "Codebook and file compared")}</h3>
                    <ul>
                        {move || upload.notes.get().into_iter().map(|n| view! { <li data-testid="codebook-note">{n.text(lang())}</li> }.into_any()).collect_view()}
                    </ul>
                </div>
            }.into_any())}
            {move || codebook_error.get().map(|e| view! {
                <div class="pl-upload__error" role="alert" data-testid="codebook-error">
                    <p><strong>{words(lang(), "Dit codeboek kon niet worden gebruikt.", "This codebook could not be used.")}</strong></p>
                    <p>{e}</p>
                    <p>{words(lang(), "Kies een codeboek dat Peiling heeft opgeslagen (.json). Het codeboek hierboven is niet veranderd.", "Choose a codebook saved by Peiling (.json). The codebook below has not changed.")}</p>
                </div>
            }.into_any())}
            <div class="pl-review__actions">
                <button type="button" class="pl-button pl-button--primary" data-testid="review-show" disabled=no_rows on:click=move |_| upload.show_report(app)>
                    {move || if upload.compare.get() {
                        words(lang(), "Verder: vragen koppelen", "Next: match the questions")
                    } else {
                        words(lang(), "Rapport tonen", "Show report")
                    }}
                </button>
                <button type="button" class="pl-button" data-testid="codebook-save"
                    on:click=move |_| {
                        if let Some(p) = upload.pending.get_untracked() {
                            codebook.with_untracked(|c| codebook_store::download(c, &p.file_name));
                        }
                    }
                >
                    {move || words(lang(), "Codeboek opslaan", "Save codebook")}
                </button>
                <label class="pl-button pl-review__load">
                    <span>{move || words(lang(), "Codeboek laden…", "Load codebook…")}</span>
                    <input type="file" accept=".json,application/json" class="pl-sr-only" data-testid="codebook-input"
                        on:change=move |ev| load_codebook(ev, upload, codebook_error)/>
                </label>
                <label class="pl-field">
                    <input type="checkbox" data-testid="codebook-remember" prop:checked=move || remember.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            codebook_store::set_remembering(on);
                            remember.set(on);
                        }/>
                    {move || words(lang(), "Codeboeken onthouden in deze browser (nooit de gegevens)", "Remember codebooks in this browser (never the data)")}
                </label>
                <button type="button" class="pl-button" on:click=move |_| close()>
                    {move || words(lang(), "Sluiten", "Close")}
                </button>
            </div>
            <div class="pl-review__actions">
                <label class="pl-field">
                    <span>{move || words(lang(), "Weegfactor", "Weight")}</span>
                    <select data-testid="review-weight" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        // A column that cannot weigh is refused, with the reason.
                        let problem = (!value.is_empty())
                            .then(|| upload.weight_problem(app, &value))
                            .flatten();
                        match problem {
                            Some(why) => {
                                codebook_error.set(Some(why.get(lang()).to_owned()));
                                let current = codebook.with_untracked(|c| c.weight.clone()).unwrap_or_default();
                                if let Some(target) = ev.target() {
                                    let _ = js_sys::Reflect::set(&target, &"value".into(), &current.into());
                                }
                            }
                            None => {
                                codebook_error.set(None);
                                codebook.update(|c| edit::set_weight(c, Some(value)));
                            }
                        }
                    }>
                        <option value="" selected=move || codebook.with(|c| c.weight.is_none())>
                            {move || words(lang(), "Geen (ongewogen)", "None (unweighted)")}
                        </option>
                        {move || columns().iter().map(|name| {
                            let is = name.clone();
                            view! {
                                <option value=name.clone() selected=move || codebook.with(|c| c.weight.as_deref() == Some(is.as_str()))>{name.clone()}</option>
                            }.into_any()
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="pl-button" data-testid="review-merge"
                    disabled=move || selected.with(|s| s.len() < 2)
                    on:click=move |_| {
                        let ids = selected.get_untracked();
                        codebook.update(|c| { edit::merge(c, &ids); });
                        selected.set(Vec::new());
                    }
                >
                    {move || words(lang(), "Gekozen vragen samenvoegen tot matrix", "Merge chosen questions into a grid")}
                </button>
            </div>
            <ol class="pl-review__questions" data-testid="review-questions">
                <For each=ids key=|id| id.clone() let:id>
                    <QuestionEditor id=id selected=selected/>
                </For>
            </ol>
            <div class="pl-review__actions">
                <button type="button" class="pl-button pl-button--primary" disabled=no_rows on:click=move |_| upload.show_report(app)>
                    {move || if upload.compare.get() {
                        words(lang(), "Verder: vragen koppelen", "Next: match the questions")
                    } else {
                        words(lang(), "Rapport tonen", "Show report")
                    }}
                </button>
            </div>
        </dialog>
    }.into_any()
}

/// What is wrong with a table of this shape, and what to do about it; `None` when it can hold
/// a survey. The reader accepts both shapes, so only the review can say it.
fn shape_problem(rows: usize, columns: usize, lang: Lang) -> Option<&'static str> {
    if rows == 0 {
        Some(words(lang,
            "Er staan geen antwoorden in dit bestand: alleen kopregels. Staan de antwoorden op een ander werkblad, sla dat blad dan apart op (of zet het vooraan) en kies het bestand opnieuw.",
            "This file holds no answers, only header rows. If the answers are on another sheet, save that sheet on its own (or move it first) and choose the file again."))
    } else if columns == 1 {
        Some(words(lang,
            "Dit bestand heeft maar één kolom (regel 1, kolom 1 is de enige kop). Een enquête-export heeft een kolom per vraag: exporteer opnieuw met komma's, puntkomma's of tabs tussen de kolommen.",
            "This file has only one column (line 1, column 1 is the only header). A survey export has one column per question: export it again with commas, semicolons or tabs between the columns."))
    } else {
        None
    }
}

/// Reads another sheet of the workbook: the sheet's name, typed (a wrong name is answered
/// with the list of the workbook's sheets).
#[component]
fn SheetPicker() -> impl IntoView {
    let upload = use_upload();
    let lang = lang_signal();
    let sheet = RwSignal::new(String::new());
    view! {
        <form class="pl-review__actions" data-testid="sheet-form"
            on:submit=move |ev| {
                ev.prevent_default();
                let name = sheet.get_untracked();
                if !name.trim().is_empty() {
                    upload.reread_sheet(name.trim().to_owned());
                }
            }
        >
            <label class="pl-field">
                <span>{move || words(lang(), "Ander werkblad", "Another sheet")}</span>
                <input type="text" data-testid="sheet-name" bind:value=sheet/>
            </label>
            <button type="submit" class="pl-button">{move || words(lang(), "Dat blad lezen", "Read that sheet")}</button>
        </form>
    }.into_any()
}

/// Marks a review closed to show the report, which takes the focus.
const FOR_REPORT: &str = "data-closed-for-report";

/// The review's dialog in the page, if it is open (`open`) or closed (`!open`).
fn review_dialog(open: bool) -> Option<web_sys::HtmlDialogElement> {
    let selector = match open {
        true => "dialog[data-testid=review][open]",
        false => "dialog[data-testid=review]:not([open])",
    };
    let dialog = document().query_selector(selector).ok().flatten()?;
    Some(dialog.unchecked_into())
}

/// Closes the review's dialog at once, before the report behind it is replaced: while it is
/// modal, every node the swap removes has the browser work out again what is inert (measured
/// at 1M respondents: 54 ms of removals, 4 ms once the dialog is closed first). The report
/// takes the focus, so the dialog does not give it back to the button that opened it (a
/// focus forces style and layout: 12 ms at 1M).
pub fn close_dialog() {
    if let Some(dialog) = review_dialog(true) {
        let _ = dialog.set_attribute(FOR_REPORT, "");
        dialog.close();
    }
}

/// Opens the review's dialog again if it is in the page but closed (being taken down).
pub fn show_dialog() {
    if let Some(dialog) = review_dialog(false) {
        let _ = dialog.remove_attribute(FOR_REPORT);
        let _ = dialog.show_modal();
    }
}

/// Reads the chosen codebook file and matches it to the file under review.
fn load_codebook(ev: leptos::ev::Event, upload: UploadState, error: RwSignal<Option<String>>) {
    let Some(file) = super::take_chosen_file(&ev) else {
        return;
    };
    if file.size() > MAX_CODEBOOK_BYTES {
        error.set(Some(format!(
            "{}: {:.0} MB is far more than a codebook (at most 16 MB).",
            file.name(),
            file.size() / 1024.0 / 1024.0
        )));
        return;
    }
    let name = file.name();
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|v| v.as_string());
        let Some(text) = text else {
            error.set(Some(format!("{name}: the file could not be read as text.")));
            return;
        };
        let Some(header) = upload
            .pending
            .with_untracked(|p| p.as_ref().map(|p| p.header.clone()))
        else {
            return;
        };
        match super::worker_client::apply_codebook(&header, &text, true).await {
            Ok(applied) => {
                error.set(None);
                upload
                    .notes
                    .set(Note::list(Note::Applied(name), applied.mismatches));
                upload.codebook.set(applied.codebook);
            }
            Err(e) => error.set(Some(format!("{name}: {e}"))),
        }
    });
}

/// One question of the codebook under review.
#[component]
fn QuestionEditor(id: String, selected: RwSignal<Vec<String>>) -> impl IntoView {
    let upload = use_upload();
    let lang = lang_signal();
    let codebook = upload.codebook;
    let question = {
        let id = id.clone();
        Memo::new(move |_| codebook.with(|c| c.question(&id).cloned()))
    };
    let answers = NodeRef::<leptos::html::Ol>::new();
    let app = use_app();
    let summary =
        Memo::new(move |_| question.with(|q| q.as_ref().and_then(|q| upload.summary(app, q))));
    let answer_count =
        move |i: usize| summary.with(|s| s.as_ref().and_then(|s| s.answers.get(i).copied()));
    let chosen_count =
        move |i: usize| summary.with(|s| s.as_ref().and_then(|s| s.chosen.get(i).copied()));
    let text_label = format!("pl-q-{id}-text");
    let edit_id = StoredValue::new(id.clone());
    let update = move |f: &dyn Fn(&mut Codebook, &str)| {
        let id = edit_id.get_value();
        codebook.update(|c| f(c, &id));
    };
    let is_selected = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    // After an answer moved, the button pressed keeps the focus at the answer's new place.
    let focus_answer = move |index: usize, which: &'static str| {
        request_animation_frame(move || {
            let Some(list) = answers.get_untracked() else {
                return;
            };
            let selector = format!("[data-testid={which}]");
            if let Some(button) = list
                .query_selector_all(&selector)
                .ok()
                .and_then(|all| all.get(index as u32))
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = button.focus();
            }
        });
    };
    view! {
        <li class="pl-review__question" data-testid="review-question" data-question=id.clone()
            data-kind=move || question.with(|q| q.as_ref().map(|q| kind_key(q.kind)))>
            <div class="pl-review__head">
                <label class="pl-review__select">
                    <input type="checkbox" data-testid="question-select"
                        prop:checked=is_selected
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let id = edit_id.get_value();
                            selected.update(|s| {
                                s.retain(|x| *x != id);
                                if on { s.push(id); }
                            });
                        }/>
                    <span class="pl-sr-only">{move || words(lang(), "Kiezen om samen te voegen", "Choose to merge")}</span>
                </label>
                <code class="pl-review__id">{id.clone()}</code>
                <label class="pl-review__text" for=text_label.clone()>
                    <span class="pl-sr-only">{move || words(lang(), "Vraag", "Question")}</span>
                </label>
                <input id=text_label type="text" class="pl-review__input" data-testid="question-text"
                    prop:value=move || question.with(|q| q.as_ref().map(|q| q.text.get(lang()).to_owned()).unwrap_or_default())
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        update(&|c, id| edit::rename(c, id, &text));
                    }/>
                <label class="pl-field">
                    <span class="pl-sr-only">{move || words(lang(), "Soort vraag", "Kind of question")}</span>
                    <select data-testid="question-kind" on:change=move |ev| {
                        let key = event_target_value(&ev);
                        if let Some(kind) = KINDS.into_iter().find(|k| kind_key(*k) == key) {
                            update(&|c, id| edit::retype(c, id, kind));
                        }
                    }>
                        {KINDS.into_iter().map(|k| view! {
                            <option value=kind_key(k) selected=move || question.with(|q| q.as_ref().is_some_and(|q| q.kind == k))>
                                {move || kind_name(k, lang())}
                            </option>
                        }.into_any()).collect_view()}
                    </select>
                </label>
                <label class="pl-field">
                    <input type="checkbox" data-testid="question-breakdown"
                        prop:checked=move || question.with(|q| q.as_ref().is_some_and(|q| q.breakdown))
                        disabled=move || !question.with(|q| q.as_ref().is_some_and(can_break_down))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            update(&|c, id| edit::set_breakdown(c, id, on));
                        }/>
                    {move || words(lang(), "Uitsplitsen", "Breakdown")}
                </label>
                {crate::shown::shown(move || question.with(|q| q.as_ref().is_some_and(|q| q.items.len() > 1)), move || view! {
                    <button type="button" class="pl-button pl-button--quiet" data-testid="question-split"
                        on:click=move |_| update(&|c, id| { edit::split(c, id); })>
                        {move || words(lang(), "Splitsen", "Split")}
                    </button>
                }.into_any())}
            </div>
            {move || question.with(|q| {
                let q = q.as_ref()?;
                (q.items.len() > 1 || q.kind == QuestionKind::MultiSelect).then(|| {
                    let heading = if q.kind == QuestionKind::MultiSelect {
                        words(lang(), "Opties", "Options")
                    } else {
                        words(lang(), "Stellingen", "Statements")
                    };
                    view! {
                        <p class="pl-review__sub">{heading}</p>
                        <ul class="pl-review__items" data-testid="question-items">
                            {q.items.iter().enumerate().map(|(k, it)| {
                                let label = if it.label.nl.is_empty() { it.column.clone() } else { it.label.get(lang()).to_owned() };
                                let chosen = chosen_count(k).map(|n| format!(" — {}: {}", words(lang(), "gekozen", "chosen"), format::count(n, lang())));
                                view! { <li data-testid="question-item" data-column=it.column.clone()>{label}" "<code>{it.column.clone()}</code><span class="pl-review__count" data-testid="item-chosen">{chosen}</span></li> }.into_any()
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })
            })}
            <ol class="pl-review__answers" data-testid="question-answers" node_ref=answers>
                {move || question.with(|q| {
                    let q = q.as_ref()?;
                    let count = q.categories.len();
                    Some(q.categories.iter().enumerate().map(|(i, c)| {
                        let label = c.label.get(lang()).to_owned();
                        let shown = if label.is_empty() { c.value.clone() } else { label };
                        let (ns, missing) = (c.non_substantive, c.missing);
                        view! {
                            <li class="pl-review__answer" data-testid="answer" data-value=c.value.clone()
                                data-non-substantive=ns.to_string() data-missing=missing.to_string()>
                                <span class="pl-review__answer-label">{shown.clone()}</span>
                                <span class="pl-review__count" data-testid="answer-count">{move || answer_count(i).map(|n| format::count(n, lang()))}</span>
                                <button type="button" class="pl-button pl-button--small" data-testid="answer-up"
                                    disabled=i == 0
                                    aria-label=format!("{} {shown}", words(lang(), "Omhoog:", "Move up:"))
                                    on:click=move |_| {
                                        let id = edit_id.get_value();
                                        let mut moved = None;
                                        codebook.update(|c| moved = edit::move_answer(c, &id, i, true));
                                        if let Some(to) = moved { focus_answer(to, "answer-up"); }
                                    }>"↑"</button>
                                <button type="button" class="pl-button pl-button--small" data-testid="answer-down"
                                    disabled=i + 1 == count
                                    aria-label=format!("{} {shown}", words(lang(), "Omlaag:", "Move down:"))
                                    on:click=move |_| {
                                        let id = edit_id.get_value();
                                        let mut moved = None;
                                        codebook.update(|c| moved = edit::move_answer(c, &id, i, false));
                                        if let Some(to) = moved { focus_answer(to, "answer-down"); }
                                    }>"↓"</button>
                                <label class="pl-field">
                                    <input type="checkbox" data-testid="answer-nonsubstantive" prop:checked=ns
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            update(&|c, id| edit::set_non_substantive(c, id, i, on));
                                        }/>
                                    {words(lang(), "Geen mening e.d.", "No opinion etc.")}
                                </label>
                                <label class="pl-field">
                                    <input type="checkbox" data-testid="answer-missing" prop:checked=missing
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            update(&|c, id| edit::set_missing(c, id, i, on));
                                        }/>
                                    {words(lang(), "Ontbrekend", "Missing")}
                                </label>
                            </li>
                        }.into_any()
                    }).collect_view())
                })}
            </ol>
            <p class="pl-review__summary" data-testid="question-summary">{move || summary.with(|s| s.as_ref().map(|s| {
                let kind = question.with(|q| q.as_ref().map(|q| q.kind));
                summary_line(s, kind, lang())
            }))}</p>
        </li>
    }.into_any()
}

/// "Geen antwoord: 23 · andere waarden: 2 · getallen: 1.234, gemiddelde 41,3, mediaan 42,
/// bereik 18–67"; for a column nobody answered, proposed as not analysed, why it is left
/// out of the report.
fn summary_line(
    s: &peiling_engine::review::Summary,
    kind: Option<QuestionKind>,
    lang: Lang,
) -> String {
    let mut parts = vec![format!(
        "{}: {}",
        words(lang, "Geen antwoord", "No answer"),
        format::count(s.missing, lang)
    )];
    let answered = s.unlisted > 0 || s.answers.iter().chain(&s.chosen).any(|&n| n > 0);
    if kind == Some(QuestionKind::Identifier) && !answered {
        parts.push(
            words(
                lang,
                "door niemand beantwoord, dus niet in het rapport",
                "answered by nobody, so not in the report",
            )
            .to_owned(),
        );
    }
    if s.unlisted > 0 {
        parts.push(format!(
            "{}: {}",
            words(
                lang,
                "andere waarden (niet geteld)",
                "other values (not counted)"
            ),
            format::count(s.unlisted, lang)
        ));
    }
    if let Some(n) = &s.numbers {
        let d = |x: f64| format::decimal(x, if x.fract() == 0.0 { 0 } else { 1 }, lang);
        parts.push(match lang {
            Lang::Nl => format!(
                "getallen: {}, gemiddelde {}, mediaan {}, bereik {}\u{2013}{}",
                format::count(n.count, lang),
                d(n.mean),
                d(n.median),
                d(n.min),
                d(n.max)
            ),
            Lang::En => format!(
                "numbers: {}, mean {}, median {}, range {}\u{2013}{}",
                format::count(n.count, lang),
                d(n.mean),
                d(n.median),
                d(n.min),
                d(n.max)
            ),
        });
    }
    parts.join(" · ")
}
