//! Key figures as sentences, in Dutch and English, in the project's own words.
//!
//! What stays true: a sentence states the fact and its base and never more than the data
//! says; items are called by the question's own word for them ("vaardigheid", "stelling",
//! "ontwikkeling", see [`noun`]); tied figures are said as ties; a difference between groups
//! gives both percentages with their n and is called significant only when the test says so,
//! and otherwise the sentence says that it is not; a small base is pointed out. Numbers are
//! formatted per language by [`crate::format`].

use super::keyfigures::{Fact, Figure, KeyFigures, Measure};
use super::scale_ends::End;
use super::significance::Direction;
use crate::codebook::{Lang, QuestionKind, Text};
use crate::format;

/// What a question's items are called: singular and plural, and the Dutch article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Noun {
    pub nl: (&'static str, &'static str),
    /// "de" or "het".
    pub nl_article: &'static str,
    pub en: (&'static str, &'static str),
}

/// Words questionnaires use for their items ("de volgende stellingen"), Dutch and English:
/// (Dutch plural, singular, article; English plural, singular).
const NOUNS: &[(&str, &str, &str, &str, &str)] = &[
    ("vaardigheden", "vaardigheid", "de", "skills", "skill"),
    (
        "competenties",
        "competentie",
        "de",
        "competencies",
        "competency",
    ),
    ("stellingen", "stelling", "de", "statements", "statement"),
    ("uitspraken", "uitspraak", "de", "statements", "statement"),
    (
        "ontwikkelingen",
        "ontwikkeling",
        "de",
        "developments",
        "development",
    ),
    ("aspecten", "aspect", "het", "aspects", "aspect"),
    ("onderwerpen", "onderwerp", "het", "topics", "topic"),
    ("redenen", "reden", "de", "reasons", "reason"),
    ("factoren", "factor", "de", "factors", "factor"),
    (
        "kenmerken",
        "kenmerk",
        "het",
        "characteristics",
        "characteristic",
    ),
];

/// The question's own word for its items: the first known noun after "volgende" in its Dutch
/// text ("de volgende vaardigheden/competenties" → vaardigheid) or after "following" in its
/// English one, else the kind's word (a grid's "stelling", an option's "antwoord").
pub fn noun(text: &Text, kind: QuestionKind) -> Noun {
    let after = |text: &str, word: &str| {
        let lower = text.to_lowercase();
        lower
            .split_once(word)
            .map_or(String::new(), |(_, rest)| rest.to_string())
    };
    let words = |rest: &str| -> Vec<String> {
        rest.split(|c: char| c.is_whitespace() || c == '/' || c == '?' || c == ',')
            .take(4)
            .map(str::to_string)
            .collect()
    };
    let nl = words(&after(&text.nl, "volgende "));
    let en = words(&after(text.en.as_deref().unwrap_or_default(), "following "));
    let found = nl
        .iter()
        .find_map(|word| NOUNS.iter().find(|n| word.ends_with(n.0)))
        .or_else(|| {
            en.iter()
                .find_map(|word| NOUNS.iter().find(|n| word.ends_with(n.3)))
        });
    if let Some(&(_, nl_sing, article, en_plural, en_sing)) = found {
        let plural = NOUNS
            .iter()
            .find(|n| n.1 == nl_sing)
            .map_or(nl_sing, |n| n.0);
        return Noun {
            nl: (nl_sing, plural),
            nl_article: article,
            en: (en_sing, en_plural),
        };
    }
    match kind {
        QuestionKind::Likert | QuestionKind::Grid => Noun {
            nl: ("stelling", "stellingen"),
            nl_article: "de",
            en: ("statement", "statements"),
        },
        _ => Noun {
            nl: ("antwoord", "antwoorden"),
            nl_article: "het",
            en: ("answer", "answers"),
        },
    }
}

/// One sentence per fact of `figures`, in `lang`.
pub fn key_sentences(figures: &KeyFigures, lang: Lang) -> Vec<String> {
    let noun = noun(&figures.text, figures.kind);
    figures
        .facts
        .iter()
        .map(|fact| sentence(figures, fact, noun, lang))
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

/// The positive end of the question's scale in words ("(zeer) tevreden", "5–6").
fn top_words(figures: &KeyFigures, lang: Lang) -> String {
    figures
        .scale_ends
        .as_ref()
        .map(|e| e.words(End::Positive, lang))
        .unwrap_or_default()
}

/// "‘A’", "‘A’ en ‘B’", "‘A’, ‘B’ en ‘C’".
fn names(texts: &[Text], lang: Lang) -> String {
    let texts: Vec<&str> = texts
        .iter()
        .map(|t| t.get(lang).trim_end_matches('.'))
        .collect();
    quoted_list(&texts, lang)
}

/// Labels quoted and listed: "‘A’", "‘A’ en ‘B’", "‘A’, ‘B’ en ‘C’" (English: "and").
pub fn quoted_list(labels: &[&str], lang: Lang) -> String {
    let quoted: Vec<String> = labels.iter().map(|l| format!("‘{l}’")).collect();
    let and = match lang {
        Lang::Nl => " en ",
        Lang::En => " and ",
    };
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

fn sentence(figures: &KeyFigures, fact: &Fact, noun: Noun, lang: Lang) -> String {
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
                    "{} is het (zeer) eens met de {} ‘{statement}’, {} is het er (zeer) mee oneens ({}).",
                    percent(agree),
                    noun.nl.0,
                    percent(disagree),
                    base(agree, lang)
                ),
                Lang::En => format!(
                    "{} (strongly) agree with the {} ‘{statement}’, {} (strongly) disagree ({}).",
                    percent(agree),
                    noun.en.0,
                    percent(disagree),
                    base(agree, lang)
                ),
            };
            text + small_base_note(agree, lang)
        }
        Fact::Ranking {
            measure,
            count,
            top,
            top_figure,
            bottom,
            bottom_figure,
        } => ranking(
            figures,
            *measure,
            *count,
            (top, top_figure),
            (bottom, bottom_figure.as_ref()),
            noun,
            lang,
        ),
        Fact::GroupDifference {
            breakdown,
            group,
            rest,
            subject,
            measure,
            group_figure,
            rest_figure,
            direction,
            significant,
        } => {
            let breakdown = breakdown.get(lang).trim_end_matches(['?', '.', ':']);
            let group = group.get(lang);
            let subject = subject.get(lang).trim_end_matches('.');
            let (g, r) = (percent(group_figure), percent(rest_figure));
            let (gn, rn) = (base(group_figure, lang), base(rest_figure, lang));
            let higher = *direction == Direction::Higher;
            // Two groups: the other one by name, and the difference in points as printed.
            let points = group_figure.display.abs_diff(rest_figure.display);
            let rest = rest.as_ref().map(|r| r.get(lang));
            match lang {
                Lang::Nl => {
                    let more = if higher { "vaker" } else { "minder vaak" };
                    let what = match measure {
                        Measure::Agree => {
                            format!("is het {more} (zeer) eens met de {} ‘{subject}’", noun.nl.0)
                        }
                        Measure::Top => format!(
                            "antwoordt {more} ‘{}’ bij de {} ‘{subject}’",
                            top_words(figures, lang),
                            noun.nl.0
                        ),
                        Measure::Chosen | Measure::ChosenOfAll => {
                            format!("kiest {more} ‘{subject}’")
                        }
                        Measure::Answered => format!("antwoordt {more} ‘{subject}’"),
                    };
                    let verdict = if *significant {
                        "een significant verschil (95%)"
                    } else {
                        "het verschil is niet significant"
                    };
                    let unit = if points == 1 {
                        "procentpunt"
                    } else {
                        "procentpunten"
                    };
                    match rest {
                        Some(rest) => format!(
                            "Naar ‘{breakdown}’: {group} {what} dan {rest}, {g} ({gn}) tegenover {r} ({rn}), een verschil van {points} {unit}; {verdict}."
                        ),
                        None => format!(
                            "Naar ‘{breakdown}’: {group} {what} dan de andere groepen samen, {g} ({gn}) tegenover {r} ({rn}); {verdict}."
                        ),
                    }
                }
                Lang::En => {
                    let more = if higher { "more often" } else { "less often" };
                    let what = match measure {
                        Measure::Agree => {
                            format!("(strongly) agree {more} with the {} ‘{subject}’", noun.en.0)
                        }
                        Measure::Top => format!(
                            "answer ‘{}’ {more} for the {} ‘{subject}’",
                            top_words(figures, lang),
                            noun.en.0
                        ),
                        Measure::Chosen | Measure::ChosenOfAll => {
                            format!("choose ‘{subject}’ {more}")
                        }
                        Measure::Answered => format!("answer ‘{subject}’ {more}"),
                    };
                    let verdict = if *significant {
                        "a significant difference (95%)"
                    } else {
                        "the difference is not significant"
                    };
                    let unit = if points == 1 {
                        "percentage point"
                    } else {
                        "percentage points"
                    };
                    match rest {
                        Some(rest) => format!(
                            "By ‘{breakdown}’: {group} {what} than {rest}, {g} ({gn}) against {r} ({rn}), a difference of {points} {unit}; {verdict}."
                        ),
                        None => format!(
                            "By ‘{breakdown}’: {group} {what} than the other groups together, {g} ({gn}) against {r} ({rn}); {verdict}."
                        ),
                    }
                }
            }
        }
    }
}

/// "Van de 11 vaardigheden krijgt ‘X’ de meeste instemming: …", ties as ties.
fn ranking(
    figures: &KeyFigures,
    measure: Measure,
    count: usize,
    (top, top_figure): (&[Text], &Figure),
    (bottom, bottom_figure): (&[Text], Option<&Figure>),
    noun: Noun,
    lang: Lang,
) -> String {
    let tied = top.len() > 1;
    let (p, n) = (percent(top_figure), base(top_figure, lang));
    let question = figures.text.get(lang).trim_end_matches(['?', '.', ':']);
    let whom = match (lang, measure) {
        (Lang::Nl, Measure::ChosenOfAll) => "alle respondenten",
        (Lang::Nl, _) => "wie de vraag beantwoordde",
        (Lang::En, Measure::ChosenOfAll) => "all respondents",
        (Lang::En, _) => "those who answered the question",
    };
    let mut text = match (lang, measure, tied) {
        (Lang::Nl, Measure::Agree, false) => format!(
            "Van de {count} {} krijgt {} de meeste instemming: {p} is het er (zeer) mee eens ({n}).",
            noun.nl.1,
            names(top, lang)
        ),
        (Lang::Nl, Measure::Agree, true) => format!(
            "Van de {count} {} krijgen {} evenveel en de meeste instemming: elk {p} is het er (zeer) mee eens ({n}).",
            noun.nl.1,
            names(top, lang)
        ),
        (Lang::En, Measure::Agree, false) => format!(
            "Of the {count} {}, {} gets the most agreement: {p} (strongly) agree ({n}).",
            noun.en.1,
            names(top, lang)
        ),
        (Lang::En, Measure::Agree, true) => format!(
            "Of the {count} {}, {} tie for the most agreement: {p} (strongly) agree with each ({n}).",
            noun.en.1,
            names(top, lang)
        ),
        (Lang::Nl, Measure::Top, false) => format!(
            "Van de {count} {} krijgt {} het vaakst ‘{}’: {p} ({n}).",
            noun.nl.1,
            names(top, lang),
            top_words(figures, lang)
        ),
        (Lang::Nl, Measure::Top, true) => format!(
            "Van de {count} {} krijgen {} even vaak en het vaakst ‘{}’: elk {p} ({n}).",
            noun.nl.1,
            names(top, lang),
            top_words(figures, lang)
        ),
        (Lang::En, Measure::Top, false) => format!(
            "Of the {count} {}, {} most often gets ‘{}’: {p} ({n}).",
            noun.en.1,
            names(top, lang),
            top_words(figures, lang)
        ),
        (Lang::En, Measure::Top, true) => format!(
            "Of the {count} {}, {} tie for most often getting ‘{}’: {p} each ({n}).",
            noun.en.1,
            names(top, lang),
            top_words(figures, lang)
        ),
        // The only option of the question in the file: nothing to rank it against.
        (Lang::Nl, Measure::ChosenOfAll, false) if count == 1 => format!(
            "{} is gekozen door {p} van alle respondenten ({n}).",
            names(top, lang)
        ),
        (Lang::En, Measure::ChosenOfAll, false) if count == 1 => format!(
            "{} is chosen by {p} of all respondents ({n}).",
            names(top, lang)
        ),
        (Lang::Nl, Measure::Chosen | Measure::ChosenOfAll, false) => format!(
            "{} vaakst gekozen {} is {}: door {p} van {whom} ({n}).",
            capitalise(noun.nl_article),
            noun.nl.0,
            names(top, lang)
        ),
        (Lang::Nl, Measure::Chosen | Measure::ChosenOfAll, true) => format!(
            "Even vaak en het vaakst gekozen zijn {}: elk door {p} van {whom} ({n}).",
            names(top, lang)
        ),
        (Lang::En, Measure::Chosen | Measure::ChosenOfAll, false) => format!(
            "The {} chosen most often is {}: by {p} of {whom} ({n}).",
            noun.en.0,
            names(top, lang)
        ),
        (Lang::En, Measure::Chosen | Measure::ChosenOfAll, true) => format!(
            "{} are chosen equally and most often: each by {p} of {whom} ({n}).",
            names(top, lang)
        ),
        (Lang::Nl, Measure::Answered, false) => format!(
            "Het meest gegeven antwoord op ‘{question}’ is {}: {p} ({n}).",
            names(top, lang)
        ),
        (Lang::Nl, Measure::Answered, true) => format!(
            "Op ‘{question}’ worden {} even vaak en het vaakst gegeven: elk {p} ({n}).",
            names(top, lang)
        ),
        (Lang::En, Measure::Answered, false) => format!(
            "The most frequent answer to ‘{question}’ is {}: {p} ({n}).",
            names(top, lang)
        ),
        (Lang::En, Measure::Answered, true) => format!(
            "{} are given equally and most often in answer to ‘{question}’: {p} each ({n}).",
            names(top, lang)
        ),
    };
    if let Some(low) = bottom_figure {
        let q = percent(low);
        let each = bottom.len() > 1;
        text.push(' ');
        text.push_str(&match (lang, measure, each) {
            (Lang::Nl, Measure::Agree, false) => {
                format!("De minste instemming krijgt {} ({q}).", names(bottom, lang))
            }
            (Lang::Nl, Measure::Agree, true) => {
                format!(
                    "De minste instemming krijgen {} (elk {q}).",
                    names(bottom, lang)
                )
            }
            (Lang::En, Measure::Agree, false) => {
                format!("The least agreement goes to {} ({q}).", names(bottom, lang))
            }
            (Lang::En, Measure::Agree, true) => {
                format!(
                    "The least agreement goes to {} ({q} each).",
                    names(bottom, lang)
                )
            }
            (Lang::Nl, _, false) => format!("Het minst: {} ({q}).", names(bottom, lang)),
            (Lang::Nl, _, true) => format!("Het minst: {} (elk {q}).", names(bottom, lang)),
            (Lang::En, _, false) => format!("The least: {} ({q}).", names(bottom, lang)),
            (Lang::En, _, true) => format!("The least: {} ({q} each).", names(bottom, lang)),
        });
    }
    text + small_base_note(top_figure, lang)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_questions_own_word_names_its_items() {
        let text = |nl: &str| Text::new(nl);
        let competencies = noun(
            &text("In hoeverre bent u het ermee eens dat de volgende vaardigheden/competenties een belangrijk onderdeel zijn?"),
            QuestionKind::Grid,
        );
        assert_eq!(
            (competencies.nl, competencies.en.0),
            (("vaardigheid", "vaardigheden"), "skill")
        );
        let developments = noun(
            &text("Welke van de volgende organisatieontwikkelingen stellen uw vakmanschap op de proef?"),
            QuestionKind::MultiSelect,
        );
        assert_eq!(developments.nl.0, "ontwikkeling");
        assert_eq!(
            noun(&text("Stellingen"), QuestionKind::Grid).nl.0,
            "stelling"
        );
        assert_eq!(
            noun(&text("Werkgever"), QuestionKind::SingleChoice).nl.0,
            "antwoord"
        );
    }
}
