//! Answers that say how often ("Weekly", "Monatlich oder öfter", "Minder dan één keer per
//! jaar", "Several times a day"): placed in order of how often they mean, from least to most
//! often, where no known scale ([`super::scale::SCALES`]) covers them.
//!
//! What stays true: a list is ordered only when every answer reads as a rate — a count per day,
//! week, month or year, an adverb of one ("daily", "maandelijks"), "never", or "rarely" (more
//! than never and "almost never", less than any stated count) — and the rates differ; otherwise
//! nothing is claimed and the answers keep the order they had.

use super::scale::normalise;

/// Times per year that `label` says, if it says a rate.
pub(crate) fn per_year(label: &str) -> Option<f64> {
    let l = normalise(label);
    let words: Vec<&str> = l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let phrase = |p: &str| l.contains(p);
    if NEVER.iter().any(|w| has(w)) && words.len() <= 2 {
        // "Almost never" is more often than "never".
        return Some(if ALMOST.iter().any(|w| has(w)) {
            0.2
        } else {
            0.0
        });
    }
    if RARELY
        .iter()
        .any(|w| has(w) || (w.contains(' ') && phrase(w)))
        && words.len() <= 2
    {
        return Some(0.3);
    }
    // The unit: per day, week, month or year (a noun, or an adverb that is a rate by itself).
    let unit = UNITS
        .iter()
        .find(|(w, _, _)| has(w) || (w.contains(' ') && phrase(w)))?;
    let (_, per, adverb) = *unit;
    // How many times per unit: "once", "twice", "2-3", "several"; an adverb alone is once.
    let numbers: Vec<f64> = words.iter().filter_map(|w| w.parse().ok()).collect();
    let times = if !numbers.is_empty() {
        // "2-3 keer per week": the middle of the range.
        numbers.iter().sum::<f64>() / numbers.len() as f64
    } else if SEVERAL
        .iter()
        .any(|w| has(w) || (w.contains(' ') && phrase(w)))
    {
        3.0
    } else if TWICE.iter().any(|w| has(w)) {
        2.0
    } else if adverb
        || ONCE
            .iter()
            .any(|w| has(w) || (w.contains(' ') && phrase(w)))
    {
        1.0
    } else {
        return None;
    };
    let mut rate = times * per;
    if LESS.iter().any(|p| phrase(p)) {
        rate *= 0.5;
    } else if MORE.iter().any(|p| phrase(p)) {
        rate *= 1.1;
    } else if ALMOST.iter().any(|w| has(w)) {
        rate *= 0.9;
    }
    Some(rate)
}

/// The order of `labels` from least to most often, as indices into `labels`, if every one
/// says a rate and no two say the same one.
pub(crate) fn order(labels: &[&str]) -> Option<Vec<usize>> {
    if labels.len() < 3 {
        return None;
    }
    let rates: Vec<f64> = labels.iter().map(|l| per_year(l)).collect::<Option<_>>()?;
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| rates[a].total_cmp(&rates[b]));
    order
        .windows(2)
        .all(|w| rates[w[0]] < rates[w[1]])
        .then_some(order)
}

const NEVER: &[&str] = &["never", "nooit", "nie", "niemals", "jamais", "nunca"];
/// "Rarely": a rate without a count, above "almost never" and below "less than once a year".
const RARELY: &[&str] = &[
    "rarely",
    "seldom",
    "zelden",
    "selten",
    "rarement",
    "raramente",
    "rara vez",
];

/// (word or phrase, times per year for once per that unit, whether the word is a rate alone).
const UNITS: &[(&str, f64, bool)] = &[
    ("daily", 365.0, true),
    ("dagelijks", 365.0, true),
    ("täglich", 365.0, true),
    ("quotidiennement", 365.0, true),
    ("diariamente", 365.0, true),
    ("every day", 365.0, true),
    ("elke dag", 365.0, true),
    ("iedere dag", 365.0, true),
    ("jeden tag", 365.0, true),
    ("tous les jours", 365.0, true),
    ("todos los días", 365.0, true),
    ("day", 365.0, false),
    ("dag", 365.0, false),
    ("tag", 365.0, false),
    ("jour", 365.0, false),
    ("día", 365.0, false),
    ("weekly", 52.0, true),
    ("wekelijks", 52.0, true),
    ("wöchentlich", 52.0, true),
    ("every week", 52.0, true),
    ("elke week", 52.0, true),
    ("iedere week", 52.0, true),
    ("jede woche", 52.0, true),
    ("week", 52.0, false),
    ("woche", 52.0, false),
    ("semaine", 52.0, false),
    ("semana", 52.0, false),
    ("monthly", 12.0, true),
    ("maandelijks", 12.0, true),
    ("monatlich", 12.0, true),
    ("mensuellement", 12.0, true),
    ("every month", 12.0, true),
    ("elke maand", 12.0, true),
    ("iedere maand", 12.0, true),
    ("jeden monat", 12.0, true),
    ("month", 12.0, false),
    ("maand", 12.0, false),
    ("monat", 12.0, false),
    ("mois", 12.0, false),
    ("mes", 12.0, false),
    ("yearly", 1.0, true),
    ("annually", 1.0, true),
    ("jaarlijks", 1.0, true),
    ("jährlich", 1.0, true),
    ("every year", 1.0, true),
    ("elk jaar", 1.0, true),
    ("ieder jaar", 1.0, true),
    ("jedes jahr", 1.0, true),
    ("year", 1.0, false),
    ("jaar", 1.0, false),
    ("jahr", 1.0, false),
    ("par an", 1.0, false),
    ("año", 1.0, false),
];

const ONCE: &[&str] = &[
    "once",
    "one time",
    "per",
    "every",
    "each",
    "één keer",
    "een keer",
    "eens",
    "keer",
    "einmal",
    "une fois",
    "una vez",
];
const TWICE: &[&str] = &["twice", "tweemaal", "zweimal"];
const SEVERAL: &[&str] = &[
    "several",
    "a few",
    "multiple",
    "meerdere",
    "een paar",
    "enkele",
    "aantal keer",
    "mehrmals",
    "mehrere",
    "plusieurs",
    "varias",
    "varios",
];
const LESS: &[&str] = &[
    "less than",
    "less often than",
    "minder dan",
    "minder vaak dan",
    "weniger als",
    "seltener als",
    "moins d",
    "menos de",
];
const MORE: &[&str] = &[
    "or more",
    "or more often",
    "of vaker",
    "of meer",
    "oder öfter",
    "oder mehr",
    "ou plus",
    "o más",
];
const ALMOST: &[&str] = &["almost", "nearly", "bijna", "fast", "presque", "casi"];

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers of two real LimeSurvey files (corpus E: the German cargo-bike survey and
    /// an English UX-documentation survey) and Dutch ones as Dutch forms write them, with the
    /// order a reader expects: from least to most often.
    #[test]
    fn rates_are_ordered_from_least_to_most_often() {
        let german = [
            "Wöchentlich oder öfter",
            "Täglich",
            "Weniger als einmal im Monat",
            "Monatlich oder öfter",
        ];
        let order = order(&german).unwrap();
        let sorted: Vec<&str> = order.iter().map(|&i| german[i]).collect();
        assert_eq!(
            sorted,
            [
                "Weniger als einmal im Monat",
                "Monatlich oder öfter",
                "Wöchentlich oder öfter",
                "Täglich"
            ]
        );
        let english = [
            "Monthly",
            "Several times per year",
            "Weekly",
            "Less than once per year",
            "About once per year",
        ];
        let sorted: Vec<&str> = order_of(&english);
        assert_eq!(
            sorted,
            [
                "Less than once per year",
                "About once per year",
                "Several times per year",
                "Monthly",
                "Weekly"
            ]
        );
        let dutch = [
            "Dagelijks",
            "Nooit",
            "Een paar keer per maand",
            "Wekelijks",
            "Minder dan één keer per maand",
            "2-3 keer per week",
        ];
        assert_eq!(
            order_of(&dutch),
            [
                "Nooit",
                "Minder dan één keer per maand",
                "Een paar keer per maand",
                "Wekelijks",
                "2-3 keer per week",
                "Dagelijks"
            ]
        );
    }

    /// A Dutch Microsoft Forms question of a municipality's survey (corpus F, Beverwijk): "rarely"
    /// among rates, in the order of the file.
    #[test]
    fn rarely_is_more_than_never_and_less_than_any_count() {
        let dutch = [
            "Zelden",
            "Meerdere keren per week",
            "Nooit",
            "Maandelijks",
            "Wekelijks",
        ];
        assert_eq!(
            order_of(&dutch),
            [
                "Nooit",
                "Zelden",
                "Maandelijks",
                "Wekelijks",
                "Meerdere keren per week"
            ]
        );
        let english = ["Less than once a year", "Rarely", "Almost never", "Never"];
        assert_eq!(
            order_of(&english),
            ["Never", "Almost never", "Rarely", "Less than once a year"]
        );
        // "Rarely" said twice in one list is one rate: no order is claimed.
        assert_eq!(order(&["Rarely", "Seldom", "Weekly"]), None);
    }

    fn order_of<'a>(labels: &[&'a str]) -> Vec<&'a str> {
        order(labels).unwrap().iter().map(|&i| labels[i]).collect()
    }

    #[test]
    fn answers_that_are_no_rate_claim_nothing() {
        assert_eq!(order(&["Ja", "Nee", "Weekly"]), None);
        assert_eq!(order(&["Sometimes", "Often", "Never"]), None);
        // Two answers that say the same rate: no order is claimed.
        assert_eq!(order(&["Weekly", "Once a week", "Daily"]), None);
        assert_eq!(per_year("Anders"), None);
    }
}
