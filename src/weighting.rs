//! "Weging" (weighting): the header button and its dialog, where the reader rakes the report
//! to population shares on one or more questions with one answer from a list (the view's
//! `rake=` and `trim=`), sees what that does to the weights — effective n, design effect,
//! range, whether the raking converged, all from the engine (`report::raking_preview`) —
//! before applying it, and removes it again. Applied, it is part of the view: every figure,
//! test, sentence, export and embed of the view uses those weights (`report::base_weights`),
//! and the link carries them. The dialog holds only what is typed; it computes nothing.
use leptos::prelude::*;
use peiling_engine::report::raking_preview;
use peiling_engine::stats::weighting::{can_rake, pasted_numbers, shares_problem};
use peiling_engine::survey::parse_number;
use peiling_engine::view::RakeChoice;
use peiling_engine::Lang;

use crate::app::use_app;
use crate::upload::words;

/// The "Weging" button and, while open, its dialog.
#[component]
pub fn WeightingButton() -> impl IntoView {
    let app = use_app();
    crate::dialog::dialog_button(
        "weighting-open",
        move || words(app.lang.get(), "Weging", "Weighting"),
        |closed: Callback<()>| view! { <WeightingDialog on_close=move || closed.run(())/> },
    )
}

/// One question of the dialog: whether it is raked to, its answers (value, label) and what is
/// typed for each, as percentages or as population counts.
#[derive(Clone)]
struct MarginDraft {
    id: String,
    title: String,
    answers: Vec<(String, String)>,
    on: RwSignal<bool>,
    counts: RwSignal<bool>,
    typed: Vec<RwSignal<String>>,
}

impl MarginDraft {
    fn numbers(&self) -> Vec<Option<f64>> {
        self.typed
            .iter()
            .map(|t| t.with(|s| parse_number(s.trim().trim_end_matches('%'))))
            .collect()
    }

    fn choice(&self) -> RakeChoice {
        RakeChoice {
            question: self.id.clone(),
            targets: self
                .answers
                .iter()
                .zip(self.numbers())
                .map(|((value, _), n)| (value.clone(), n.unwrap_or(0.0)))
                .collect(),
        }
    }
}

/// A number as the reader types it in `lang` (decimal comma in Dutch).
fn typed(x: f64, lang: Lang) -> String {
    let text = format!("{x}");
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

#[component]
fn WeightingDialog(on_close: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    let lang = app.view.with_untracked(|v| v.lang);
    let (rake, trim) = app.view.with_untracked(|v| (v.rake.clone(), v.trim));
    let margins: Vec<MarginDraft> = app.loaded.with_untracked(|l| {
        l.survey
            .codebook
            .questions
            .iter()
            .filter(|q| can_rake(q) && q.id != peiling_engine::compare::SOURCE)
            .map(|q| {
                let answers = peiling_engine::report::choices(q, lang);
                let set = rake.iter().find(|r| r.question == q.id);
                let typed: Vec<RwSignal<String>> = answers
                    .iter()
                    .map(|(value, _)| {
                        let target = set.and_then(|r| r.targets.iter().find(|(v, _)| v == value));
                        RwSignal::new(target.map_or_else(String::new, |(_, t)| typed(*t, lang)))
                    })
                    .collect();
                let sum: f64 = set.map_or(100.0, |r| r.targets.iter().map(|(_, t)| t).sum());
                MarginDraft {
                    id: q.id.clone(),
                    title: q.text.get(lang).to_string(),
                    answers,
                    on: RwSignal::new(set.is_some()),
                    counts: RwSignal::new((sum - 100.0).abs() > 0.01),
                    typed,
                }
            })
            .collect()
    });
    let margins = StoredValue::new(margins);
    let trim_on = RwSignal::new(trim.is_some());
    let (low, high) = trim.unwrap_or((0.3, 3.0));
    let trim_low = RwSignal::new(typed(low, lang));
    let trim_high = RwSignal::new(typed(high, lang));

    // What applying would do: the problems with what is typed, or the targets, the bounds
    // and the engine's account of the weights they give.
    type Outcome = Result<(Vec<RakeChoice>, Option<(f64, f64)>, Option<String>), Vec<String>>;
    let outcome = Memo::new(move |_| -> Outcome {
        let mut problems = Vec::new();
        let mut choices = Vec::new();
        margins.with_value(|margins| {
            for m in margins.iter().filter(|m| m.on.get()) {
                match shares_problem(&m.title, &m.numbers(), m.counts.get()) {
                    Some(p) => problems.push(p.get(lang).to_string()),
                    None => choices.push(m.choice()),
                }
            }
        });
        let trim = if trim_on.get() {
            let low = trim_low.with(|s| parse_number(s));
            let high = trim_high.with(|s| parse_number(s));
            match (low, high) {
                (Some(l), Some(h)) if (0.0..=1.0).contains(&l) && h >= 1.0 => Some((l, h)),
                _ => {
                    problems.push(words(lang, "Grenzen: geef een ondergrens van 0 tot 1 en een bovengrens van 1 of meer (keer het gemiddelde gewicht).", "Bounds: give a lower bound from 0 to 1 and an upper bound of 1 or more (times the mean weight).").to_string());
                    None
                }
            }
        } else {
            None
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        if choices.is_empty() {
            return Ok((choices, None, None));
        }
        let preview = app
            .loaded
            .with(|l| raking_preview(&l.survey, &choices, trim, lang))
            .map_err(|e| vec![e])?;
        Ok((choices, trim, Some(preview)))
    });

    let dialog = NodeRef::<leptos::html::Dialog>::new();
    crate::dialog::open_modal(dialog);
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let apply = move |_| {
        if let Ok((choices, trim, _)) = outcome.get_untracked() {
            app.view.update(|v| {
                v.rake = choices;
                v.trim = trim.filter(|_| !v.rake.is_empty());
            });
            close();
        }
    };
    let remove = move |_| {
        app.view.update(|v| {
            v.rake.clear();
            v.trim = None;
        });
        close();
    };

    let fields = margins.with_value(|margins| {
        margins
            .iter()
            .map(|m| margin_fields(m.clone(), lang))
            .collect_view()
    });
    let status = move || {
        match outcome.get() {
        Err(problems) => view! {
            <ul class="pl-notice pl-notice--warning" data-testid="rake-problems">
                {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
        Ok((_, _, Some(preview))) => {
            view! { <p class="pl-notice" data-testid="rake-preview">{preview}</p> }.into_any()
        }
        Ok((_, _, None)) => view! {
            <p class="pl-notice pl-notice--quiet" data-testid="rake-preview">
                {words(lang, "Kies hierboven een of meer vragen om naar te wegen.", "Choose one or more questions above to weight to.")}
            </p>
        }
        .into_any(),
    }
    };
    let closed = move |_| on_close();
    view! {
        <dialog
            class="pl-dialog pl-rake"
            aria-labelledby="rake-title"
            node_ref=dialog
            data-testid="weighting-dialog"
            on:close=closed
        >
            <h2 id="rake-title">{words(lang, "Weging", "Weighting")}</h2>
            <p>
                {words(lang,
                    "Weeg de respondenten naar hoe de populatie is samengesteld: kies vragen met één antwoord (zoals werkgever of leeftijd) en geef per antwoord het aandeel in de populatie, in procenten die samen 100 zijn, of als aantallen. De weging (raking) past de gewichten aan tot elke vraag die aandelen heeft; alle cijfers, toetsen, kernzinnen, downloads en ingesloten grafieken van dit rapport gebruiken dan die gewichten, en de link bewaart ze. Een weegfactor uit het bestand wordt daarbij vervangen.",
                    "Weight the respondents to how the population is made up: choose questions with one answer (such as employer or age) and give each answer its share of the population, as percentages that add up to 100, or as counts. The weighting (raking) adjusts the weights until each question has those shares; every figure, test, key sentence, download and embedded chart of this report then uses those weights, and the link keeps them. A weight column from the file is replaced.")}
            </p>
            {fields}
            <fieldset class="pl-rake__trim">
                <legend>{words(lang, "Gewichten begrenzen (trimmen)", "Limit the weights (trimming)")}</legend>
                {checkbox(words(lang, "Houd elk gewicht tussen deze veelvouden van het gemiddelde gewicht", "Keep every weight between these multiples of the mean weight"), "rake-trim", trim_on)}
                <div class="pl-rake__bounds">
                    {bound(words(lang, "Ondergrens", "Lower bound"), "rake-trim-low", trim_low)}
                    {bound(words(lang, "Bovengrens", "Upper bound"), "rake-trim-high", trim_high)}
                </div>
            </fieldset>
            <div role="status" aria-live="polite">{status}</div>
            <div class="pl-dialog__actions">
                <button type="button" class="pl-button" data-testid="rake-apply" on:click=apply>
                    {words(lang, "Toepassen", "Apply")}
                </button>
                {crate::shown::shown(move || app.view.with(|v| !v.rake.is_empty()), move || view! {
                    <button type="button" class="pl-button pl-button--quiet" data-testid="rake-remove" on:click=remove>
                        {words(lang, "Weging verwijderen", "Remove the weighting")}
                    </button>
                }.into_any())}
                {crate::dialog::close_button(lang, "rake-close", dialog)}
            </div>
        </dialog>
    }
    .into_any()
}

/// The fields of one question: whether to weight to it, percentages or counts, a box per
/// answer, and a box to paste a table's column into.
fn margin_fields(m: MarginDraft, lang: Lang) -> AnyView {
    let MarginDraft {
        id,
        title,
        answers,
        on,
        counts,
        typed,
    } = m;
    let unit = format!("rake-unit-{id}");
    let rows = {
        let (id, answers, typed) = (id.clone(), answers.clone(), typed.clone());
        move || answer_rows(&id, &answers, &typed, counts)
    };
    let paste = move |ev: leptos::ev::Event| {
        let numbers = pasted_numbers(&event_target_value(&ev));
        if numbers.len() != typed.len() {
            return;
        }
        let sum: f64 = numbers.iter().flatten().sum();
        counts.set((sum - 100.0).abs() > 0.01);
        for (text, n) in typed.iter().zip(numbers) {
            text.set(n.map_or_else(String::new, |n| self::typed(n, lang)));
        }
    };
    let count = answers.len();
    view! {
        <fieldset class="pl-rake__margin" data-testid="rake-margin" data-question=id.clone()>
            <legend>{title}</legend>
            {checkbox(words(lang, "Weeg naar deze vraag", "Weight to this question"), "rake-on", on)}
            {crate::shown::shown(move || on.get(), move || view! {
                <div class="pl-rake__unit">
                    <label>
                        <input type="radio" name=unit.clone() data-testid="rake-percent"
                            prop:checked=move || !counts.get()
                            on:change=move |_| counts.set(false)/>
                        " "
                        {words(lang, "Percentages (samen 100)", "Percentages (adding up to 100)")}
                    </label>
                    <label>
                        <input type="radio" name=unit.clone() data-testid="rake-counts"
                            prop:checked=move || counts.get()
                            on:change=move |_| counts.set(true)/>
                        " "
                        {words(lang, "Aantallen in de populatie", "Counts in the population")}
                    </label>
                </div>
                {rows.clone()}
                <label class="pl-rake__paste">
                    {match lang {
                        Lang::Nl => format!("Of plak een kolom uit een tabel: {count} getallen, één per regel, in deze volgorde"),
                        Lang::En => format!("Or paste a column from a table: {count} numbers, one a line, in this order"),
                    }}
                    <textarea rows="3" data-testid="rake-paste" on:input=paste.clone()></textarea>
                </label>
            }.into_any())}
        </fieldset>
    }
    .into_any()
}

/// A box per answer, labelled with the answer.
fn answer_rows(
    id: &str,
    answers: &[(String, String)],
    typed: &[RwSignal<String>],
    counts: RwSignal<bool>,
) -> AnyView {
    answers
        .iter()
        .zip(typed.iter().copied())
        .enumerate()
        .map(|(i, ((value, label), text))| {
            let input_id = format!("rake-{id}-{i}");
            view! {
                <div class="pl-rake__answer">
                    <label for=input_id.clone()>{label.clone()}</label>
                    <input
                        id=input_id
                        type="text"
                        inputmode="decimal"
                        size="8"
                        data-testid="rake-target"
                        data-question=id.to_string()
                        data-value=value.clone()
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    <span aria-hidden="true">{move || if counts.get() { "" } else { "%" }}</span>
                </div>
            }
            .into_any()
        })
        .collect_view()
        .into_any()
}

/// A labelled box for a trimming bound.
fn bound(label: &'static str, testid: &'static str, text: RwSignal<String>) -> AnyView {
    view! {
        <label>
            {label}
            " "
            <input type="text" inputmode="decimal" size="5" data-testid=testid
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))/>
        </label>
    }
    .into_any()
}

/// A labelled checkbox for `on`.
fn checkbox(label: &'static str, testid: &'static str, on: RwSignal<bool>) -> AnyView {
    view! {
        <label>
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || on.get()
                on:change=move |ev| on.set(event_target_checked(&ev))
            />
            " "
            {label}
        </label>
    }
    .into_any()
}
