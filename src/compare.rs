//! The comparison on the page: the survey that was on screen (the panel, or last year's file)
//! beside another file, matched question by question, shown as the report broken down by
//! which survey a respondent answered (`peiling_engine::compare`).
//!
//! What stays true: both surveys stay in the tab (nothing is sent); the view's `cmp=1` and
//! `ref=` say that they are compared and with which reference group, never what they hold;
//! stopping the comparison puts the reference survey back as it was; the matching is shown
//! for confirmation before the comparison is, and can be corrected afterwards.
use std::sync::Arc;

use leptos::prelude::*;
use peiling_engine::compare::matching::{left_out, renamed, unmatched, MatchedBy};
use peiling_engine::compare::{combine, Matching, Side, SOURCE};
use peiling_engine::report::{choices, filter_of};
use peiling_engine::view::View;
use peiling_engine::{Lang, Survey, Text};
use wasm_bindgen::JsCast;

use crate::app::{use_app, AppState, Loaded, SourceKind};
use crate::upload::{use_upload, words, worker_client};

/// Two surveys being compared.
#[derive(Clone)]
pub struct Comparing {
    /// The survey the other is set beside, as it was on screen.
    pub reference: Loaded,
    pub other: Arc<Survey>,
    /// The other file's name.
    pub other_file: String,
}

/// The comparison's state, provided by the app.
#[derive(Clone, Copy)]
pub struct CompareState {
    pub comparing: RwSignal<Option<Comparing>, LocalStorage>,
    pub matching: RwSignal<Matching>,
    /// The matching review is open.
    pub review_open: RwSignal<bool>,
    /// The person's last choice in the review could not be made (the reader worker failed);
    /// the match before it stands.
    pub choice_failed: RwSignal<bool>,
}

impl CompareState {
    pub fn new() -> Self {
        CompareState {
            comparing: RwSignal::new_local(None),
            matching: RwSignal::new(Matching::default()),
            review_open: RwSignal::new(false),
            choice_failed: RwSignal::new(false),
        }
    }
}

pub fn use_compare() -> CompareState {
    expect_context::<CompareState>()
}

/// Whether the report on screen is a comparison.
pub fn is_comparing(app: AppState) -> bool {
    app.loaded.with(|l| matches!(l.source, SourceKind::Compare))
}

/// Starts comparing `other` (read from `file`) with the survey on screen (or, when a
/// comparison is on screen, with its reference): matches them in the reader worker
/// (`transfer::match_surveys`) and opens the review.
pub fn start(app: AppState, other: Survey, file: String) {
    let state = use_compare();
    let upload = use_upload();
    let reference = state
        .comparing
        .with_untracked(|c| c.as_ref().map(|c| c.reference.clone()))
        .unwrap_or_else(|| app.loaded.get_untracked());
    let columns: Vec<String> = other.data.columns.iter().map(|c| c.name.clone()).collect();
    let (reference_json, other_json) = (
        reference.survey.codebook.to_json(),
        other.codebook.to_json(),
    );
    leptos::task::spawn_local(async move {
        let matched =
            match worker_client::match_surveys(&reference_json, &other_json, &columns).await {
                Ok(matched) => matched,
                Err(message) => {
                    upload.error.set(Some(message));
                    upload.panel_open.set(true);
                    return;
                }
            };
        // The reference's questions adopted where the other file has all their columns.
        let other = match matched.codebook {
            Some(codebook) => Survey::new(other.data, codebook),
            None => other,
        };
        state.matching.set(matched.matching);
        state.choice_failed.set(false);
        state.comparing.set(Some(Comparing {
            reference,
            other: Arc::new(other),
            other_file: file,
        }));
        state.review_open.set(true);
    });
}

/// The person's choice in the review: `id` answered by `answer` (or by nothing), made in
/// `select`, which showed `before`. Nothing needs aligning for "not asked"; a question is
/// aligned in the reader worker, and if that fails the select shows `before` again (the
/// option's `selected` attribute no longer moves a select the person has changed) and the
/// review says why.
fn choose(
    state: CompareState,
    id: String,
    answer: Option<String>,
    select: wasm_bindgen::JsValue,
    before: String,
) {
    let Some((reference, other)) = state.comparing.with_untracked(|c| {
        c.as_ref()
            .map(|c| (c.reference.survey.clone(), c.other.clone()))
    }) else {
        return;
    };
    state.choice_failed.set(false);
    let Some(answer) = answer else {
        if let Some(q) = reference.codebook.question(&id) {
            let new = unmatched(q);
            state
                .matching
                .update(|m| m.choose(&reference.codebook, None, new));
        }
        return;
    };
    leptos::task::spawn_local(async move {
        let (rj, oj) = (reference.codebook.to_json(), other.codebook.to_json());
        match worker_client::choose_match(&rj, &oj, &id, Some(&answer)).await {
            Ok(Some(new)) => {
                state.choice_failed.set(false);
                state
                    .matching
                    .update(|m| m.choose(&reference.codebook, Some(&answer), new));
            }
            Ok(None) | Err(_) => {
                state.choice_failed.set(true);
                let _ = js_sys::Reflect::set(&select, &"value".into(), &before.into());
            }
        }
    });
}

/// The names of the two sides: the panel and "your organisation", or two files.
fn names(c: &Comparing, subgroup: &str) -> (Text, Text) {
    let reference = match &c.reference.source {
        SourceKind::Upload(file) => Text::new(file.clone()),
        _ => Text::with_en("Landelijk panel", "National panel"),
    };
    let reference = if subgroup.is_empty() {
        reference
    } else {
        Text::with_en(
            format!("{}: {subgroup}", reference.nl),
            format!("{}: {subgroup}", reference.get(Lang::En)),
        )
    };
    let other = match &c.reference.source {
        SourceKind::Upload(_) => Text::new(c.other_file.clone()),
        _ => Text::with_en("Uw organisatie", "Your organisation"),
    };
    (reference, other)
}

/// The reference group the view names, as "Gemeente" (values of every chosen question).
fn subgroup_label(reference: &Survey, view: &View) -> String {
    view.reference
        .iter()
        .flat_map(|f| {
            let q = reference.codebook.question(&f.question);
            f.values.iter().map(move |v| {
                q.and_then(|q| {
                    choices(q, Lang::Nl)
                        .into_iter()
                        .find(|(value, _)| value == v)
                        .map(|(_, label)| label)
                })
                .unwrap_or_else(|| v.clone())
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Shows the comparison as matched, with the reference group of the view.
pub fn apply(app: AppState) {
    let state = use_compare();
    let Some(c) = state.comparing.get_untracked() else {
        return;
    };
    let view = app.view.get_untracked();
    let reference = &c.reference.survey;
    let subgroup = View {
        filters: view.reference.clone(),
        ..View::default()
    };
    // The whole reference unless the view names a subgroup of it.
    let keep = (!view.reference.is_empty())
        .then(|| filter_of(reference, &subgroup).mask(reference).ok())
        .flatten();
    let (r, o) = names(&c, &subgroup_label(reference, &view));
    let both = state.matching.with_untracked(|m| {
        combine(
            &Side {
                survey: reference,
                name: r.clone(),
            },
            keep.as_deref(),
            &Side {
                survey: &c.other,
                name: o.clone(),
            },
            m,
        )
    });
    let Ok(mut both) = both else {
        return;
    };
    // "Uw organisatie naast Landelijk panel — <the survey's title>".
    let title = &reference.codebook.title;
    both.codebook.title = Text::with_en(
        format!("{} naast {} — {}", o.nl, r.nl, title.nl),
        format!(
            "{} beside {} — {}",
            o.get(Lang::En),
            r.get(Lang::En),
            title.get(Lang::En)
        ),
    );
    app.view.update(|v| {
        let keep_reference = std::mem::take(&mut v.reference);
        *v = View {
            lang: v.lang,
            compare: true,
            reference: keep_reference,
            by: Some(SOURCE.into()),
            ..View::default()
        }
    });
    app.loaded.set(Loaded {
        survey: Arc::new(both),
        source: SourceKind::Compare,
    });
    state.review_open.set(false);
    crate::focus::focus_later(vec!["[data-testid=report-title]".into()]);
}

/// Back to the reference survey alone.
pub fn stop(app: AppState) {
    let state = use_compare();
    let Some(c) = state.comparing.get_untracked() else {
        return;
    };
    app.view.update(|v| {
        *v = View {
            lang: v.lang,
            ..View::default()
        }
    });
    app.loaded.set(c.reference.clone());
    state.comparing.set(None);
    crate::focus::focus_later(vec!["[data-testid=report-title]".into()]);
}

/// The comparison's controls in the bar: the reference group, the matching, stop.
#[component]
pub fn CompareBar() -> impl IntoView {
    let app = use_app();
    let state = use_compare();
    let lang = move || app.lang.get();
    // The reference's groups: every category of every breakdown question.
    let groups = move || {
        state.comparing.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.reference
                        .survey
                        .codebook
                        .breakdowns()
                        .filter(|q| q.kind.is_categorical())
                        .flat_map(|q| {
                            let text = q.text.get(lang()).to_string();
                            choices(q, lang()).into_iter().map(move |(value, label)| {
                                (format!("{}:{value}", q.id), format!("{text}: {label}"))
                            })
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let current = move || {
        app.view.with(|v| {
            v.reference
                .first()
                .and_then(|f| f.values.first().map(|x| format!("{}:{x}", f.question)))
                .unwrap_or_default()
        })
    };
    let on_group = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        app.view.update(|v| {
            v.reference.clear();
            if let Some((q, x)) = value.split_once(':') {
                peiling_engine::view::set_choice(&mut v.reference, q, vec![x.to_string()]);
            }
        });
        apply(app);
    };
    view! {
        <label class="pl-field">
            <span>{move || words(lang(), "Vergelijken met", "Compare with")}</span>
            <select data-testid="compare-reference" on:change=on_group>
                <option value="" selected=move || current().is_empty()>
                    {move || state.comparing.with(|c| c.as_ref().map(|c| match c.reference.source {
                        SourceKind::Upload(ref f) => f.clone(),
                        _ => words(lang(), "Heel het landelijk panel", "The whole national panel").to_string(),
                    }).unwrap_or_default())}
                </option>
                {move || groups().into_iter().map(|(value, label)| {
                    let v = value.clone();
                    view! { <option value=value selected=move || current() == v>{label}</option> }.into_any()
                }).collect_view()}
            </select>
        </label>
        <button type="button" class="pl-button" data-testid="compare-matching" on:click=move |_| state.review_open.set(true)>
            {move || words(lang(), "Koppeling van de vragen", "How the questions match")}
        </button>
        <button type="button" class="pl-button" data-testid="compare-stop" on:click=move |_| stop(app)>
            {move || words(lang(), "Vergelijking stoppen", "Stop comparing")}
        </button>
    }
    .into_any()
}

/// The matching for confirmation: each reference question, what answers it in the other
/// file (changeable), renamed answer labels and answers left out.
#[component]
pub fn MatchReview() -> impl IntoView {
    let app = use_app();
    let state = use_compare();
    let lang = move || app.lang.get();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    crate::dialog::open_modal(dialog);
    let close = move || {
        state.review_open.set(false);
        // Never compared yet: the comparison is dropped with its review.
        if !is_comparing(app) {
            state.comparing.set(None);
        }
    };
    let rows = move || {
        let l = lang();
        state.comparing.with(|c| {
            let Some(c) = c else { return Vec::new() };
            let (r, o) = (&c.reference.survey.codebook, &c.other.codebook);
            state.matching.with(|m| {
                m.questions
                    .iter()
                    .filter_map(|qm| {
                        let rq = r.question(&qm.reference)?;
                        let options: Vec<(String, String)> = o
                            .questions
                            .iter()
                            .filter(|q| peiling_engine::compare::matching::compatible(rq, q))
                            .map(|q| {
                                (
                                    q.id.clone(),
                                    format!(
                                        "{} — {}",
                                        q.id,
                                        peiling_engine::format::short_label(q.text.get(l), 70)
                                    ),
                                )
                            })
                            .collect();
                        let chosen = qm
                            .others()
                            .first()
                            .map(|s| s.to_string())
                            .unwrap_or_default();
                        let several = qm.others().len() > 1;
                        let how = match (qm.is_matched(), qm.by) {
                            (false, _) => words(l, "niet gevraagd", "not asked").to_string(),
                            (true, MatchedBy::Column) => {
                                words(l, "op kolomnaam", "by column name").to_string()
                            }
                            (true, MatchedBy::Person) => {
                                words(l, "door u gekozen", "chosen by you").to_string()
                            }
                            (true, MatchedBy::Wording) => match l {
                                Lang::Nl => format!(
                                    "op bewoording ({}% gelijk)",
                                    (qm.score * 100.0).round()
                                ),
                                Lang::En => {
                                    format!("by wording ({}% alike)", (qm.score * 100.0).round())
                                }
                            },
                        };
                        let items = qm.items.iter().flatten().count();
                        let notes: Vec<String> = renamed(rq, o, qm)
                            .into_iter()
                            .map(|(from, to)| match l {
                                Lang::Nl => format!("‘{from}’ telt als ‘{to}’"),
                                Lang::En => format!("‘{from}’ counts as ‘{to}’"),
                            })
                            .chain(left_out(o, qm).into_iter().map(|a| match l {
                                Lang::Nl => format!("‘{a}’ telt niet mee"),
                                Lang::En => format!("‘{a}’ is left out"),
                            }))
                            .chain((rq.items.len() > 1 && qm.is_matched()).then(|| match l {
                                Lang::Nl => {
                                    format!("{items} van {} onderdelen gevonden", rq.items.len())
                                }
                                Lang::En => format!("{items} of {} items found", rq.items.len()),
                            }))
                            .collect();
                        Some((
                            qm.reference.clone(),
                            rq.text.get(l).to_string(),
                            options,
                            chosen,
                            several,
                            how,
                            notes,
                        ))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let matched = move || state.matching.with(|m| (m.matched(), m.questions.len()));
    view! {
        <dialog class="pl-dialog pl-review" aria-labelledby="pl-match-title" node_ref=dialog data-testid="match-review" on:close=move |_| close()>
            <h2 id="pl-match-title">{move || words(lang(), "Welke vraag is welke?", "Which question is which?")}</h2>
            <p data-testid="match-summary">{move || {
                let (m, n) = matched();
                match lang() {
                    Lang::Nl => format!("{m} van de {n} vragen zijn in uw bestand gevonden. Controleer de koppeling en verbeter haar waar nodig; alleen gekoppelde vragen worden vergeleken."),
                    Lang::En => format!("{m} of the {n} questions were found in your file. Check how they match and correct where needed; only matched questions are compared."),
                }
            }}</p>
            <p class="pl-upload__privacy">{move || words(lang(), crate::upload::PRIVACY_NL, crate::upload::PRIVACY_EN)}</p>
            {move || state.choice_failed.get().then(|| view! {
                <div class="pl-upload__error" role="alert" data-testid="match-error">
                    {move || words(lang(), "Die keuze kon niet worden verwerkt; de koppeling ervoor blijft staan. Kies opnieuw, of laad de pagina opnieuw als het blijft mislukken.", "That choice could not be made; the match before it stands. Choose again, or reload the page if it keeps failing.")}
                </div>
            })}
            <table class="pl-match" data-testid="match-table">
                <thead><tr>
                    <th scope="col">{move || words(lang(), "Vraag", "Question")}</th>
                    <th scope="col">{move || words(lang(), "In uw bestand", "In your file")}</th>
                    <th scope="col">{move || words(lang(), "Toelichting", "Notes")}</th>
                </tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|(id, text, options, chosen, several, how, notes)| {
                        let select_id = format!("pl-match-{id}");
                        let rid = id.clone();
                        let before = if several { String::new() } else { chosen.clone() };
                        let on_change = move |ev: leptos::ev::Event| {
                            let value = event_target_value(&ev);
                            let select = ev.target().map(Into::into).unwrap_or_default();
                            let answer = (!value.is_empty()).then_some(value);
                            choose(state, rid.clone(), answer, select, before.clone());
                        };
                        view! {
                            <tr data-testid="match-row" data-question=id.clone()>
                                <th scope="row"><label for=select_id.clone()>{text}</label></th>
                                <td>
                                    <select id=select_id on:change=on_change data-testid="match-select">
                                        <option value="" selected=chosen.is_empty()>{words(lang(), "— niet gevraagd —", "— not asked —")}</option>
                                        {several.then(|| view! { <option value="" selected=true>{words(lang(), "meerdere vragen (per onderdeel)", "several questions (one per item)")}</option> })}
                                        {options.into_iter().map(|(value, label)| {
                                            let selected = !several && value == chosen;
                                            view! { <option value=value selected=selected>{label}</option> }
                                        }).collect_view()}
                                    </select>
                                    <div class="pl-match__how" data-testid="match-how">{how}</div>
                                </td>
                                <td><ul class="pl-match__notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul></td>
                            </tr>
                        }.into_any()
                    }).collect_view()}
                </tbody>
            </table>
            <div class="pl-review__actions">
                <button type="button" class="pl-button pl-button--primary" data-testid="match-show" disabled=move || matched().0 == 0 on:click=move |_| {
                    close_match_dialog();
                    apply(app);
                }>
                    {move || words(lang(), "Vergelijking tonen", "Show comparison")}
                </button>
                <button type="button" class="pl-button" data-testid="match-cancel" on:click=move |_| close_match_dialog()>
                    {move || words(lang(), "Annuleren", "Cancel")}
                </button>
            </div>
        </dialog>
    }
    .into_any()
}

fn close_match_dialog() {
    if let Some(d) = document()
        .query_selector("dialog[data-testid=match-review][open]")
        .ok()
        .flatten()
    {
        d.unchecked_into::<web_sys::HtmlDialogElement>().close();
    }
}
