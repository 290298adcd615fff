//! Key figures as sentences, in Dutch and English, in the project's own words.
//!
//! What stays true: a sentence states the fact and its base and never more than the data
//! says; a difference between groups is called significant only when the test says so, and
//! otherwise the sentence says that it is not; a small base is pointed out. Numbers are
//! formatted per language by [`crate::format`].

use super::keyfigures::{Fact, Figure, KeyFigures};
use super::significance::Direction;
use crate::codebook::Lang;
use crate::format;

/// One sentence per fact of `figures`, in `lang`.
pub fn key_sentences(figures: &KeyFigures, lang: Lang) -> Vec<String> {
    figures
        .facts
        .iter()
        .map(|fact| sentence(figures, fact, lang))
        .collect()
}

fn percent(figure: &Figure) -> String {
    format::percent(figure.display)
}

fn base(figure: &Figure, lang: Lang) -> String {
    format::n_equals(figure.base, lang)
}

/// A note on a small base, with its leading space; empty otherwise.
fn small_base_note(figure: &Figure, lang: Lang) -> &'static str {
    match (figure.small_base, lang) {
        (false, _) => "",
        (true, Lang::Nl) => " Let op: kleine basis.",
        (true, Lang::En) => " Note: small base.",
    }
}

fn sentence(figures: &KeyFigures, fact: &Fact, lang: Lang) -> String {
    match fact {
        Fact::Agreement {
            statement,
            agree,
            disagree,
            ..
        } => {
            let statement = statement.get(lang).trim_end_matches('.');
            let text = match lang {
                Lang::Nl => format!(
                    "{} is het (zeer) eens met de stelling ‘{statement}’, {} is het er (zeer) mee oneens ({}).",
                    percent(agree),
                    percent(disagree),
                    base(agree, lang)
                ),
                Lang::En => format!(
                    "{} (strongly) agree with the statement ‘{statement}’, {} (strongly) disagree ({}).",
                    percent(agree),
                    percent(disagree),
                    base(agree, lang)
                ),
            };
            text + small_base_note(agree, lang)
        }
        Fact::Largest {
            label,
            figure,
            multi_select,
            ..
        } => {
            let label = label.get(lang);
            let question = figures.text.get(lang).trim_end_matches(['?', '.', ':']);
            let text = match (lang, multi_select) {
                (Lang::Nl, true) => format!(
                    "‘{label}’ wordt het vaakst gekozen: door {} van de respondenten die de vraag beantwoordden ({}).",
                    percent(figure),
                    base(figure, lang)
                ),
                (Lang::En, true) => format!(
                    "‘{label}’ is chosen most often: by {} of the respondents who answered the question ({}).",
                    percent(figure),
                    base(figure, lang)
                ),
                (Lang::Nl, false) => format!(
                    "Het meest gegeven antwoord op ‘{question}’ is ‘{label}’: {} ({}).",
                    percent(figure),
                    base(figure, lang)
                ),
                (Lang::En, false) => format!(
                    "The most frequent answer to ‘{question}’ is ‘{label}’: {} ({}).",
                    percent(figure),
                    base(figure, lang)
                ),
            };
            text + small_base_note(figure, lang)
        }
        Fact::GroupDifference {
            breakdown,
            group,
            subject,
            agreement,
            group_figure,
            rest_figure,
            direction,
            significant,
        } => {
            let breakdown = breakdown.get(lang).trim_end_matches(['?', '.', ':']);
            let group = group.get(lang);
            let subject = subject.get(lang).trim_end_matches('.');
            let (g, r) = (percent(group_figure), percent(rest_figure));
            let n = base(group_figure, lang);
            match lang {
                Lang::Nl => {
                    let what = if *agreement {
                        format!("is {g} het (zeer) eens met ‘{subject}’")
                    } else {
                        format!("koos {g} voor ‘{subject}’")
                    };
                    let higher = match direction {
                        Direction::Higher => "hoger",
                        Direction::Lower => "lager",
                    };
                    let verdict = if *significant {
                        format!("dat is significant {higher} (95%)")
                    } else {
                        "het verschil is niet significant".to_string()
                    };
                    format!(
                        "Uitgesplitst naar ‘{breakdown}’ wijkt {group} het meest af: daar {what}, tegenover {r} in de andere groepen samen ({n}); {verdict}."
                    )
                }
                Lang::En => {
                    let what = if *agreement {
                        format!("{g} (strongly) agree with ‘{subject}’")
                    } else {
                        format!("{g} chose ‘{subject}’")
                    };
                    let higher = match direction {
                        Direction::Higher => "higher",
                        Direction::Lower => "lower",
                    };
                    let verdict = if *significant {
                        format!("this is significantly {higher} (95%)")
                    } else {
                        "the difference is not significant".to_string()
                    };
                    format!(
                        "Broken down by ‘{breakdown}’, {group} differs most: there {what}, against {r} in the other groups together ({n}); {verdict}."
                    )
                }
            }
        }
    }
}
