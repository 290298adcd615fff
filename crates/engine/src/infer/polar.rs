//! Scales recognised by their shape, where no known scale ([`super::scale::SCALES`]) covers
//! the labels: a word and its opposite ("favorably" / "unfavorably", "wichtig" /
//! "unwichtig", "tevreden" / "ontevreden", "comfortable" / "not at all comfortable"), each
//! with or without a word of degree ("very", "somewhat", "sehr", "eher", "zeer",
//! "enigszins", "tend to", "completely"), and at most one middle ("neither … nor …",
//! "neutral", "noch … noch …").
//!
//! What stays true: a set of labels is ordered only when every label has a side and a
//! degree and no two share both — otherwise nothing is claimed and the labels keep the
//! order the file gave them. The order runs from the strongest negative point to the
//! strongest positive one, so "Very favorably" is never read as the negative end.

use super::scale::normalise;

/// Words of degree before a label's core: (phrase, degree). [`BARE`] is a bare label; higher
/// is stronger, lower is milder. "Moderately" stands above "slightly", as Qualtrics' seven
/// points have them ("Extremely", "Moderately", "Slightly helpful" on either side).
const DEGREES: &[(&str, u8)] = &[
    ("extremely", 8),
    ("absolutely", 8),
    ("absolut", 8),
    ("absoluut", 8),
    ("absolument", 8),
    ("absolutamente", 8),
    ("completely", 8),
    ("totally", 8),
    ("strongly", 8),
    ("very", 6),
    ("zeer", 6),
    ("heel", 6),
    ("helemaal", 8),
    ("volledig", 8),
    ("sehr", 6),
    ("völlig", 8),
    ("vollständig", 8),
    ("voll und ganz", 8),
    ("ganz", 6),
    ("très", 6),
    ("tres", 6),
    ("extrêmement", 8),
    ("extremement", 8),
    ("mäßig", 2),
    ("massig", 2),
    ("tout à fait", 8),
    ("totalement", 8),
    ("muy", 6),
    ("totalmente", 8),
    ("moderately", 3),
    ("somewhat", 3),
    ("slightly", 2),
    ("fairly", 3),
    ("quite", 3),
    ("pretty", 3),
    ("rather", 3),
    ("mostly", 3),
    ("tend to", 3),
    ("a little", 2),
    ("enigszins", 3),
    ("een beetje", 2),
    ("redelijk", 3),
    ("eerder", 3),
    ("eher", 3),
    ("etwas", 2),
    // "Eher", "ziemlich", "absolut relevant": rather, quite, absolutely.
    ("ziemlich", 5),
    ("plutôt", 3),
    ("assez", 3),
    ("un peu", 2),
    ("algo", 2),
    ("bastante", 3),
];

/// The degree of a label without a word of degree.
const BARE: u8 = 4;
/// Above every word of degree: the strongest point of a side ("Gar nicht", "Excellent").
const STRONGEST: u8 = 10;

/// Negations that make the negative side, wherever they stand: (phrase, degree). An empty
/// core after one ("Gar nicht") is the strongest negative point.
const NEGATIONS: &[(&str, u8)] = &[
    ("not at all", 8),
    ("helemaal niet", 8),
    ("totaal niet", 8),
    ("überhaupt nicht", 8),
    ("gar nicht", 8),
    ("pas du tout", 8),
    ("not very", 2),
    ("kaum", 2),
    ("hardly", 2),
    ("nauwelijks", 2),
    ("not so", 2),
    ("niet erg", 2),
    ("niet zo", 2),
    ("nicht sehr", 2),
    ("nicht so", 2),
    ("not", 4),
    ("niet", 4),
    ("nicht", 4),
    ("pas", 4),
];

/// Prefixes that turn a word into its opposite ("un" + "favorably", "des" +
/// "actualizada"). "des" only glued to the word: "des enfants" is no opposite.
const OPPOSITE_PREFIXES: &[&str] = &[
    "un", "in", "im", "ir", "il", "dis", "on", "non", "non-", "des",
];

/// Endings that make a word and its opposite from one stem: (positive, negative), as
/// "useful" / "useless".
const OPPOSITE_SUFFIXES: &[(&str, &str)] = &[("ful", "less")];

/// Words whose opposite is another word: (positive, negative).
const ANTONYMS: &[(&str, &str)] = &[
    ("often", "rarely"),
    ("frequently", "rarely"),
    ("always", "never"),
    ("vaak", "zelden"),
    ("altijd", "nooit"),
    ("häufig", "selten"),
    ("oft", "selten"),
    ("immer", "nie"),
    ("souvent", "rarement"),
    ("souvent", "jamais"),
    ("often", "never"),
    ("vaak", "nooit"),
    ("oft", "nie"),
    ("häufig", "nie"),
    ("toujours", "jamais"),
    ("good", "bad"),
    ("good", "poor"),
    ("goed", "slecht"),
    ("gut", "schlecht"),
    ("bon", "mauvais"),
    ("easy", "difficult"),
    ("makkelijk", "moeilijk"),
    ("gemakkelijk", "moeilijk"),
    ("leicht", "schwer"),
    ("high", "low"),
    ("hoog", "laag"),
    ("hoch", "niedrig"),
    ("large", "small"),
    ("groot", "klein"),
    ("groß", "klein"),
    ("better", "worse"),
    ("beter", "slechter"),
    ("besser", "schlechter"),
    ("easy", "hard"),
    ("einfach", "schwierig"),
    ("leicht", "schwierig"),
    ("makkelijk", "lastig"),
    ("eenvoudig", "moeilijk"),
    ("facile", "difficile"),
    ("fácil", "difícil"),
    ("fast", "slow"),
    ("snel", "langzaam"),
    ("schnell", "langsam"),
    ("rapide", "lent"),
    ("positive", "negative"),
    ("positiv", "negativ"),
    ("positief", "negatief"),
    ("positif", "négatif"),
    ("positivo", "negativo"),
    ("alta", "baja"),
    ("alto", "bajo"),
    ("buena", "mala"),
    ("bueno", "malo"),
    // Change: down, none, up ("Rückgang", "Keine Veränderung", "Wachstum").
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("growth", "decline"),
    ("toename", "afname"),
    ("stijging", "daling"),
    ("groei", "krimp"),
    ("zunahme", "abnahme"),
    ("anstieg", "rückgang"),
    ("wachstum", "rückgang"),
    ("hausse", "baisse"),
    ("augmentation", "diminution"),
    ("aumento", "disminución"),
];

/// Whole labels that are the middle of a scale of change ("No change" between "Decrease" and
/// "Increase").
const NO_CHANGE: &[&str] = &[
    "no change",
    "stays the same",
    "remains the same",
    "about the same",
    "geen verandering",
    "blijft gelijk",
    "gelijk gebleven",
    "keine veränderung",
    "bleibt gleich",
    "gleich geblieben",
    "pas de changement",
    "sin cambios",
    "sin cambio",
];

/// The side a word of a known pair ([`ANTONYMS`]) stands on by itself.
fn lone_pole(core: &str) -> Option<Side> {
    ANTONYMS.iter().find_map(|(positive, negative)| {
        if core == *positive {
            Some(Side::Positive)
        } else if core == *negative {
            Some(Side::Negative)
        } else {
            None
        }
    })
}

/// Words above "good" on a scale of quality: the strongest positive point where a label
/// says "good" in the same language family ("Excellent" above "Très bon").
const EXCELLENT: &[&str] = &[
    "excellent",
    "uitstekend",
    "ausgezeichnet",
    "exzellent",
    "hervorragend",
    "bestens",
];
const GOOD: &[&str] = &["good", "bon", "goed", "gut"];

/// Words of the middle of a scale.
const MIDDLE: &[&str] = &[
    "neither",
    "neutral",
    "(neutral)",
    "neutraal",
    "noch",
    "weder",
    "ni",
    "neutre",
    "middle",
    "midden",
    "teils",
    "unchanged",
    "sometimes",
    "soms",
    "manchmal",
    "parfois",
    "quelquefois",
    "average",
    "gemiddeld",
    "medium",
    "mittel",
    "media",
    "medio",
    "mediana",
    "mediano",
    "durchschnittlich",
    "mittelmäßig",
    "mittelmässig",
    "moyen",
    "onveranderd",
    "unverändert",
    "inchangé",
    "undecided",
    "onbeslist",
    "unentschieden",
    "indécis",
    "indeciso",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Negative,
    Middle,
    Positive,
}

/// A label taken apart: its negation (with its degree), its degree, and what is left.
#[derive(Debug)]
struct Parts {
    negation: Option<u8>,
    degree: u8,
    core: String,
    middle: bool,
}

/// Takes the first of `phrases` that stands as whole words in `words` out of it.
fn take_phrase(words: &mut Vec<String>, phrases: &[(&str, u8)]) -> Option<u8> {
    for (phrase, d) in phrases {
        let p: Vec<&str> = phrase.split(' ').collect();
        if let Some(at) = words
            .windows(p.len())
            .position(|w| w.iter().zip(&p).all(|(a, b)| a == b))
        {
            words.drain(at..at + p.len());
            return Some(*d);
        }
    }
    None
}

fn parts(label: &str) -> Parts {
    // A label in two languages ("Pas important / Not important"): its first.
    let label = match label.split_once('/') {
        Some((first, second)) if !first.trim().is_empty() && !second.trim().is_empty() => first,
        _ => label,
    };
    let normalised = normalise(label);
    let mut words: Vec<String> = normalised
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    // "I strongly agree", "Ik ben het eens": the speaker is no part of the scale's word.
    if words.len() > 1 && ["i", "ik", "ich", "je", "yo"].contains(&words[0].as_str()) {
        words.remove(0);
    }
    let middle = words.iter().any(|w| MIDDLE.contains(&w.as_str()))
        || NO_CHANGE.contains(&normalised.as_str());
    // "Not well at all": "not at all" around the word it denies, read as "not at all well".
    if words.len() > 3 && words[0] == "not" && words.ends_with(&["at".into(), "all".into()]) {
        words.truncate(words.len() - 2);
        words.splice(1..1, ["at".to_owned(), "all".to_owned()]);
    }
    let negation = take_phrase(&mut words, NEGATIONS);
    let degree = take_phrase(&mut words, DEGREES).unwrap_or(BARE);
    Parts {
        negation,
        degree,
        core: words.join(" "),
        middle,
    }
}

/// Whether two words are one word in two spellings ("comfortable", "comfortably").
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let longest = a.chars().count().max(b.chars().count());
    common >= 6 && common + 2 >= longest
}

/// Whether `core` is the opposite of `other`: by a prefix ("unfavorably" of "favorably") or
/// as a known pair ("selten" of "häufig").
fn opposite(core: &str, other: &str) -> bool {
    let by_prefix = OPPOSITE_PREFIXES.iter().any(|p| {
        core.strip_prefix(p)
            .filter(|rest| *p != "des" || !rest.starts_with(' '))
            .map(str::trim_start)
            .is_some_and(|rest| !rest.is_empty() && same_word(rest, other))
    });
    let by_suffix = OPPOSITE_SUFFIXES.iter().any(|(positive, negative)| {
        match (core.strip_suffix(negative), other.strip_suffix(positive)) {
            (Some(a), Some(b)) => a.chars().count() >= 3 && a == b,
            _ => false,
        }
    });
    by_prefix
        || by_suffix
        || ANTONYMS
            .iter()
            .any(|(positive, negative)| core == *negative && other == *positive)
}

/// Words of amount that lead the points of a one-sided scale ("Très peu concentré.e" …
/// "Totalement concentré.e", "Sehr wenig" … "Völlig"), from least to most: (phrase, rank).
/// A longer phrase comes before the shorter one it starts with.
const AMOUNTS: &[(&str, u8)] = &[
    ("not at all", 0),
    ("pas du tout", 0),
    ("gar nicht", 0),
    ("überhaupt nicht", 0),
    ("helemaal niet", 0),
    ("en absoluto", 0),
    ("nada", 0),
    ("nothing", 0),
    ("niets", 0),
    ("nichts", 0),
    ("rien", 0),
    ("very little", 1),
    ("très peu", 1),
    ("tres peu", 1),
    ("sehr wenig", 1),
    ("muy poco", 1),
    ("heel weinig", 1),
    ("zeer weinig", 1),
    ("a little", 2),
    ("slightly", 2),
    ("un peu", 2),
    ("peu", 2),
    ("wenig", 2),
    ("etwas", 2),
    ("poco", 2),
    ("un poco", 2),
    ("weinig", 2),
    ("een beetje", 2),
    ("moderately", 3),
    ("some", 3),
    ("somewhat", 3),
    ("moyennement", 3),
    ("mittelmäßig", 3),
    ("mäßig", 3),
    ("massig", 3),
    ("medianamente", 3),
    ("moderadamente", 3),
    ("matig", 3),
    ("enigszins", 3),
    ("fairly", 4),
    ("quite", 4),
    ("assez bien", 4),
    ("assez", 4),
    ("plutôt", 4),
    ("ziemlich", 4),
    ("eher", 4),
    ("bastante", 4),
    ("vrij", 4),
    ("tamelijk", 4),
    ("behoorlijk", 4),
    ("very", 5),
    ("a lot", 5),
    ("a great deal", 5),
    ("très", 5),
    ("tres", 5),
    ("sehr", 5),
    ("muy", 5),
    ("zeer", 5),
    ("heel", 5),
    ("completely", 6),
    ("totally", 6),
    ("fully", 6),
    ("extremely", 6),
    ("totalement", 6),
    ("tout à fait", 6),
    ("complètement", 6),
    ("entièrement", 6),
    ("völlig", 6),
    ("vollständig", 6),
    ("voll und ganz", 6),
    ("totalmente", 6),
    ("completamente", 6),
    ("helemaal", 6),
    ("volledig", 6),
    ("totaal", 6),
    ("the most", 6),
    // Degrees written as an adjective before what they measure ("Geringes Hemmnis" …
    // "Sehr starkes Hemmnis", "No impact" … "Very high impact"), German inflected.
    ("no", 0),
    ("none", 0),
    ("geen", 0),
    ("kein", 0),
    ("keine", 0),
    ("keinen", 0),
    ("keiner", 0),
    ("keines", 0),
    ("very low", 1),
    ("zeer lage", 1),
    ("zeer laag", 1),
    ("sehr gering", 1),
    ("sehr geringe", 1),
    ("sehr geringer", 1),
    ("sehr geringes", 1),
    ("low", 2),
    ("lage", 2),
    ("laag", 2),
    ("gering", 2),
    ("geringe", 2),
    ("geringer", 2),
    ("geringes", 2),
    ("moderate", 3),
    ("medium", 3),
    ("gemiddelde", 3),
    ("matige", 3),
    ("mittel", 3),
    ("mittlere", 3),
    ("mittlerer", 3),
    ("mittleres", 3),
    ("teilweise", 3),
    ("high", 4),
    ("strong", 4),
    ("hoge", 4),
    ("hoog", 4),
    ("sterke", 4),
    ("hoch", 4),
    ("hohe", 4),
    ("hoher", 4),
    ("hohes", 4),
    ("stark", 4),
    ("starke", 4),
    ("starker", 4),
    ("starkes", 4),
    ("very high", 5),
    ("very strong", 5),
    ("zeer hoge", 5),
    ("zeer hoog", 5),
    ("zeer sterke", 5),
    ("sehr hoch", 5),
    ("sehr hohe", 5),
    ("sehr hoher", 5),
    ("sehr hohes", 5),
    ("sehr stark", 5),
    ("sehr starke", 5),
    ("sehr starker", 5),
    ("sehr starkes", 5),
];

/// A label whose words an author glued together, apart again where a lower-case letter meets
/// a capital ("Sehr starkesHemmnis" → "Sehr starkes Hemmnis"): for finding its order only.
fn unglued(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 4);
    let mut before = None;
    for c in label.chars() {
        if before.is_some_and(char::is_lowercase) && c.is_uppercase() {
            out.push(' ');
        }
        out.push(c);
        before = Some(c);
    }
    out
}

/// One-sided degrees of one thing: every label a word of amount ([`AMOUNTS`]) before the
/// same rest ("Moyennement concentré.e", "Assez bien concentré.e", "Geringes Hemmnis"), or
/// after the same leading words ("Gained nothing" … "Gained the most"), no two of one rank;
/// from least to most. Words glued together ("StarkesHemmnis") are read apart.
fn amount_order(labels: &[&str]) -> Option<Vec<usize>> {
    let normalised: Vec<String> = labels.iter().map(|l| normalise(&unglued(l))).collect();
    let words: Vec<Vec<&str>> = normalised.iter().map(|n| n.split(' ').collect()).collect();
    ranked_amounts(&words).or_else(|| {
        // The words every label starts with ("Gained …"), when something follows in each.
        let shared = (0..words[0].len())
            .take_while(|&k| words.iter().all(|w| w.len() > k + 1 && w[k] == words[0][k]))
            .count();
        if shared == 0 {
            return None;
        }
        let rests: Vec<Vec<&str>> = words.iter().map(|w| w[shared..].to_vec()).collect();
        ranked_amounts(&rests)
    })
}

fn ranked_amounts(labels: &[Vec<&str>]) -> Option<Vec<usize>> {
    let mut ranked: Vec<(u8, String)> = Vec::with_capacity(labels.len());
    for words in labels {
        let (rank, len) = AMOUNTS
            .iter()
            .map(|(phrase, rank)| (phrase.split(' ').collect::<Vec<_>>(), *rank))
            .filter(|(phrase, _)| words.starts_with(phrase))
            .map(|(phrase, rank)| (rank, phrase.len()))
            .max_by_key(|&(_, len)| len)?;
        ranked.push((rank, words[len..].join(" ")));
    }
    let rest = &ranked[0].1;
    if ranked.iter().any(|(_, r)| r != rest) {
        return None;
    }
    let mut ranks: Vec<u8> = ranked.iter().map(|(r, _)| *r).collect();
    ranks.sort_unstable();
    ranks.dedup();
    if ranks.len() != labels.len() {
        return None;
    }
    let mut indices: Vec<usize> = (0..labels.len()).collect();
    indices.sort_by_key(|&i| ranked[i].0);
    Some(indices)
}

/// The order of `labels` on a scale from its negative end to its positive end, as indices
/// into `labels`, when the labels have the shape above, or are one-sided degrees of one
/// thing ([`amount_order`]); `None` otherwise.
pub(crate) fn order(labels: &[&str]) -> Option<Vec<usize>> {
    if labels.len() < 3 {
        return None;
    }
    two_sided_order(labels).or_else(|| amount_order(labels))
}

fn two_sided_order(labels: &[&str]) -> Option<Vec<usize>> {
    let parsed: Vec<Parts> = labels.iter().map(|l| parts(l)).collect();
    let mut placed: Vec<(Side, u8)> = Vec::with_capacity(labels.len());
    for (i, p) in parsed.iter().enumerate() {
        if p.middle {
            placed.push((Side::Middle, 0));
            continue;
        }
        let others = || {
            parsed
                .iter()
                .enumerate()
                .filter(move |(j, _)| *j != i)
                .map(|(_, o)| o)
        };
        let shares_core = |o: &Parts| same_word(&o.core, &p.core);
        if EXCELLENT.contains(&p.core.as_str()) && others().any(|o| GOOD.contains(&o.core.as_str()))
        {
            placed.push((Side::Positive, STRONGEST));
            continue;
        }
        if let Some(strength) = p.negation {
            // "Gar nicht" alone is the strongest negative; "not important" needs a bare
            // "important" elsewhere (or one of its degrees).
            if p.core.is_empty() {
                placed.push((Side::Negative, STRONGEST));
                continue;
            }
            if others().any(|o| o.negation.is_none() && shares_core(o)) {
                let strength = if p.degree != BARE { p.degree } else { strength };
                placed.push((Side::Negative, strength));
                continue;
            }
            return None;
        }
        if others().any(|o| o.negation.is_none() && opposite(&p.core, &o.core)) {
            placed.push((Side::Negative, p.degree));
        } else if others().any(|o| {
            (o.negation.is_none() && opposite(&o.core, &p.core))
                || (o.negation.is_some() && shares_core(o))
        }) {
            placed.push((Side::Positive, p.degree));
        } else if let Some(side) = lone_pole(&p.core).filter(|_| others().any(|o| o.middle)) {
            // "Alta" beside "Media" with "Baja" unused: a word of a known pair has its side
            // by itself, once a middle shows the scale has two.
            placed.push((side, p.degree));
        } else {
            return None;
        }
    }
    let has = |s: Side| placed.iter().any(|p| p.0 == s);
    let middles = placed.iter().filter(|p| p.0 == Side::Middle).count();
    let poles = usize::from(has(Side::Negative)) + usize::from(has(Side::Positive));
    if middles > 1 || poles == 0 || (poles == 1 && middles == 0) {
        return None;
    }
    // No two labels at the same place.
    let mut keys: Vec<(Side, u8)> = placed.clone();
    keys.sort();
    keys.dedup();
    if keys.len() != placed.len() {
        return None;
    }
    let mut indices: Vec<usize> = (0..labels.len()).collect();
    indices.sort_by_key(|&i| {
        let (side, d) = placed[i];
        match side {
            Side::Negative => (0, -i32::from(d)),
            Side::Middle => (1, 0),
            Side::Positive => (2, i32::from(d)),
        }
    });
    Some(indices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ordered(labels: &[&str]) -> Option<Vec<String>> {
        order(labels).map(|o| o.into_iter().map(|i| labels[i].to_string()).collect())
    }

    #[test]
    fn a_word_and_its_opposite_with_degrees_is_ordered_from_negative_to_positive() {
        // SurveyMonkey (FiveThirtyEight's Star Wars survey), in the file's order.
        assert_eq!(
            ordered(&[
                "Very favorably",
                "Somewhat favorably",
                "Neither favorably nor unfavorably (neutral)",
                "Somewhat unfavorably",
                "Very unfavorably",
            ])
            .unwrap(),
            [
                "Very unfavorably",
                "Somewhat unfavorably",
                "Neither favorably nor unfavorably (neutral)",
                "Somewhat favorably",
                "Very favorably",
            ]
        );
        // LimeSurvey in German.
        assert_eq!(
            ordered(&[
                "Sehr wichtig",
                "Eher wichtig",
                "Eher unwichtig",
                "Sehr unwichtig"
            ])
            .unwrap(),
            [
                "Sehr unwichtig",
                "Eher unwichtig",
                "Eher wichtig",
                "Sehr wichtig"
            ]
        );
        // A negation in words, and a spelling that differs at the end (SurveyMonkey,
        // FiveThirtyEight's religion survey).
        assert_eq!(
            ordered(&[
                "Very comfortable",
                "Extremely comfortable",
                "Somewhat comfortably",
                "Not so comfortable",
                "Not at all comfortable",
            ])
            .unwrap(),
            [
                "Not at all comfortable",
                "Not so comfortable",
                "Somewhat comfortably",
                "Very comfortable",
                "Extremely comfortable",
            ]
        );
        // LimeSurvey in German: agreement with the verb around the degree, and frequency.
        assert_eq!(
            ordered(&[
                "Stimme eher zu",
                "Stimme vollständig zu",
                "Stimme eher nicht zu",
                "Stimme gar nicht zu",
            ])
            .unwrap(),
            [
                "Stimme gar nicht zu",
                "Stimme eher nicht zu",
                "Stimme eher zu",
                "Stimme vollständig zu",
            ]
        );
        assert_eq!(
            ordered(&[
                "sehr häufig",
                "eher häufig",
                "selten",
                "eher selten",
                "gar nicht"
            ])
            .unwrap(),
            [
                "gar nicht",
                "selten",
                "eher selten",
                "eher häufig",
                "sehr häufig"
            ]
        );
        assert_eq!(
            ordered(&[
                "Eher unwichtig",
                "Eher wichtig",
                "Sehr wichtig",
                "Nicht wichtig"
            ])
            .unwrap(),
            [
                "Nicht wichtig",
                "Eher unwichtig",
                "Eher wichtig",
                "Sehr wichtig"
            ]
        );
        assert_eq!(
            ordered(&[
                "Completely agree",
                "Tend to agree",
                "Tend to disagree",
                "Completely disagree"
            ])
            .unwrap(),
            [
                "Completely disagree",
                "Tend to disagree",
                "Tend to agree",
                "Completely agree"
            ]
        );
    }

    #[test]
    fn degrees_written_as_adjectives_before_what_they_measure() {
        // LimeSurvey in German (an industry survey; corpus O), in order of frequency, words
        // glued together as the survey's author typed the answers.
        assert_eq!(
            ordered(&[
                "Kein Hemmnis",
                "StarkesHemmnis",
                "MittleresHemmnis",
                "GeringesHemmnis",
                "Sehr starkesHemmnis"
            ])
            .unwrap(),
            [
                "Kein Hemmnis",
                "GeringesHemmnis",
                "MittleresHemmnis",
                "StarkesHemmnis",
                "Sehr starkesHemmnis"
            ]
        );
        assert_eq!(
            ordered(&["High impact", "No impact", "Very high impact", "Low impact"]).unwrap(),
            ["No impact", "Low impact", "High impact", "Very high impact"]
        );
        // Names that start alike are no degrees.
        assert_eq!(ordered(&["No, never", "No, not yet", "Yes"]), None);
    }

    #[test]
    fn change_runs_from_down_through_none_to_up() {
        // LimeSurvey in German (an industry survey; corpus O), in order of frequency.
        assert_eq!(
            ordered(&["Rückgang", "Wachstum", "Keine Veränderung"]).unwrap(),
            ["Rückgang", "Keine Veränderung", "Wachstum"]
        );
        assert_eq!(
            ordered(&["Increase", "No change", "Decrease"]).unwrap(),
            ["Decrease", "No change", "Increase"]
        );
        // Without its middle a pair of two is no scale to order here.
        assert_eq!(ordered(&["Toename", "Afname"]), None);
    }

    #[test]
    fn qualtrics_seven_points_have_moderately_above_slightly() {
        // Qualtrics' own answer scales (a student-satisfaction survey, choice text, in the
        // order of how often each was given).
        assert_eq!(
            ordered(&[
                "Neither helpful nor unhelpful",
                "Extremely unhelpful",
                "Extremely helpful",
                "Moderately unhelpful",
                "Slightly unhelpful",
                "Moderately helpful",
                "Slightly helpful",
            ])
            .unwrap(),
            [
                "Extremely unhelpful",
                "Moderately unhelpful",
                "Slightly unhelpful",
                "Neither helpful nor unhelpful",
                "Slightly helpful",
                "Moderately helpful",
                "Extremely helpful",
            ]
        );
        assert_eq!(
            ordered(&[
                "Somewhat Likely",
                "Undecided",
                "Very Unlikely",
                "Likely",
                "Somewhat Unlikely",
                "Very Likely",
                "Unlikely",
            ])
            .unwrap(),
            [
                "Very Unlikely",
                "Unlikely",
                "Somewhat Unlikely",
                "Undecided",
                "Somewhat Likely",
                "Likely",
                "Very Likely",
            ]
        );
        assert_eq!(
            ordered(&[
                "Very well",
                "Not well at all",
                "Extremely well",
                "Slightly well",
                "Moderately well",
            ])
            .unwrap(),
            [
                "Not well at all",
                "Slightly well",
                "Moderately well",
                "Very well",
                "Extremely well",
            ]
        );
    }

    #[test]
    fn german_degrees_and_poles_of_a_student_survey() {
        // LimeSurvey in German (a survey of students on statistics; corpus Q), in order of
        // frequency.
        assert_eq!(
            ordered(&[
                "Eher relevant",
                "Ziemlich relevant",
                "Absolut relevant",
                "Eher irrelevant",
                "Ziemlich irrelevant",
                "Absolut irrelevant",
            ])
            .unwrap(),
            [
                "Absolut irrelevant",
                "Ziemlich irrelevant",
                "Eher irrelevant",
                "Eher relevant",
                "Ziemlich relevant",
                "Absolut relevant",
            ]
        );
        assert_eq!(
            ordered(&[
                "neutral",
                "eher positiv",
                "positiv",
                "eher negativ",
                "negativ"
            ])
            .unwrap(),
            [
                "negativ",
                "eher negativ",
                "neutral",
                "eher positiv",
                "positiv"
            ]
        );
        assert_eq!(
            ordered(&[
                "ganz gut",
                "mittelmäßig",
                "nicht so gut",
                "bestens",
                "schlecht"
            ])
            .unwrap(),
            [
                "schlecht",
                "nicht so gut",
                "mittelmäßig",
                "ganz gut",
                "bestens"
            ]
        );
    }

    #[test]
    fn the_speaker_is_no_part_of_the_scale() {
        // LimeSurvey in English (an explainable-AI study; corpus Q), in order of frequency.
        assert_eq!(
            ordered(&[
                "I somewhat agree",
                "I strongly agree",
                "I am neutral about it",
                "I strongly disagree",
                "I somewhat disagree",
            ])
            .unwrap(),
            [
                "I strongly disagree",
                "I somewhat disagree",
                "I am neutral about it",
                "I somewhat agree",
                "I strongly agree",
            ]
        );
    }

    #[test]
    fn quite_is_a_mild_degree() {
        // KoBoToolbox (corpus: `Dam_and_You.csv`), in order of frequency as the file gives them.
        assert_eq!(
            ordered(&[
                "Very unhappy",
                "Quite happy",
                "Neutral",
                "Very happy",
                "Quite unhappy"
            ])
            .unwrap(),
            [
                "Very unhappy",
                "Quite unhappy",
                "Neutral",
                "Quite happy",
                "Very happy"
            ]
        );
    }

    #[test]
    fn unipolar_degrees_middles_in_words_and_labels_in_two_languages() {
        // LimeSurvey in German (a science-communication survey), in the file's order.
        assert_eq!(
            ordered(&[
                "Wichtig",
                "Sehr wichtig",
                "Mäßig wichtig",
                "Kaum wichtig",
                "Nicht wichtig"
            ])
            .unwrap(),
            [
                "Nicht wichtig",
                "Kaum wichtig",
                "Mäßig wichtig",
                "Wichtig",
                "Sehr wichtig"
            ]
        );
        assert_eq!(
            ordered(&[
                "Better",
                "Slightly better",
                "Unchanged",
                "Slightly worse",
                "Worse"
            ])
            .unwrap(),
            [
                "Worse",
                "Slightly worse",
                "Unchanged",
                "Slightly better",
                "Better"
            ]
        );
        assert_eq!(
            ordered(&[
                "Bon / Good",
                "Tres bon /Very Good",
                "Excellent /Excellent",
                "Mauvais / Bad",
                "Tres Mauvais / Very Bad"
            ])
            .unwrap(),
            [
                "Tres Mauvais / Very Bad",
                "Mauvais / Bad",
                "Bon / Good",
                "Tres bon /Very Good",
                "Excellent /Excellent"
            ]
        );
        assert_eq!(
            ordered(&["Souvent /Often", "Quelquefois /Sometimes", "Jamais /Never"]).unwrap(),
            ["Jamais /Never", "Quelquefois /Sometimes", "Souvent /Often"]
        );
        // LimeSurvey in French with English after a slash.
        assert_eq!(
            ordered(&[
                "Extremement important /Extremely important",
                "Important",
                "Pas important / Not important"
            ])
            .unwrap(),
            [
                "Pas important / Not important",
                "Important",
                "Extremement important /Extremely important"
            ]
        );
    }

    /// A LimeSurvey course survey in French (corpus: INSA), in the order its answers came
    /// by frequency; and the same ladder in German and Spanish.
    #[test]
    fn one_sided_degrees_of_one_thing_go_from_least_to_most() {
        assert_eq!(
            ordered(&[
                "Moyennement concentré.e",
                "Assez bien concentré.e",
                "Très peu concentré.e",
                "Totalement concentré.e"
            ])
            .unwrap(),
            [
                "Très peu concentré.e",
                "Moyennement concentré.e",
                "Assez bien concentré.e",
                "Totalement concentré.e"
            ]
        );
        assert_eq!(
            ordered(&["Völlig", "Sehr wenig", "Eher"]).unwrap(),
            ["Sehr wenig", "Eher", "Völlig"]
        );
        assert_eq!(
            ordered(&[
                "Bastante útil",
                "Muy poco útil",
                "Totalmente útil",
                "Poco útil"
            ])
            .unwrap(),
            [
                "Muy poco útil",
                "Poco útil",
                "Bastante útil",
                "Totalmente útil"
            ]
        );
        // Typeform (corpus: Founderland): the amount after a verb every label shares.
        assert_eq!(
            ordered(&[
                "Gained a little",
                "Gained the most",
                "Gained nothing",
                "Gained  a lot",
                "Gained some"
            ])
            .unwrap(),
            [
                "Gained nothing",
                "Gained a little",
                "Gained some",
                "Gained  a lot",
                "Gained the most"
            ]
        );
        assert_eq!(order(&["Gained some", "Lost some", "Gained a lot"]), None);
        // Another rest, or two labels of one rank: nothing is claimed.
        assert_eq!(
            order(&[
                "Très peu concentré.e",
                "Moyennement fatigué.e",
                "Totalement concentré.e"
            ]),
            None
        );
        assert_eq!(order(&["Assez", "Plutôt", "Totalement"]), None);
    }

    /// Survey123 in Spanish (corpus: consejos, espacio público) and Typeform in English
    /// (corpus: Founderland), in the order their answers came by frequency.
    #[test]
    fn opposites_by_prefix_suffix_and_pairs_with_unused_points() {
        assert_eq!(
            ordered(&[
                "Algo desactualizada",
                "Actualizada",
                "Muy desactualizada",
                "Muy actualizada"
            ])
            .unwrap(),
            [
                "Muy desactualizada",
                "Algo desactualizada",
                "Actualizada",
                "Muy actualizada"
            ]
        );
        assert_eq!(
            ordered(&[
                "Somewhat useful",
                "Neutral",
                "Very useful",
                "Somewhat useless",
                "Very useless"
            ])
            .unwrap(),
            [
                "Very useless",
                "Somewhat useless",
                "Neutral",
                "Somewhat useful",
                "Very useful"
            ]
        );
        // The form's lower points chosen by nobody: the middle shows the scale's two sides.
        assert_eq!(
            ordered(&["Muy alta", "Media", "Alta"]).unwrap(),
            ["Media", "Alta", "Muy alta"]
        );
        assert_eq!(
            ordered(&["Hoch", "Niedrig", "Mittel", "Sehr hoch"]).unwrap(),
            ["Niedrig", "Mittel", "Hoch", "Sehr hoch"]
        );
        assert_eq!(
            ordered(&["Medium", "Low", "Very low"]).unwrap(),
            ["Very low", "Low", "Medium"]
        );
        assert_eq!(
            ordered(&["Buena", "Mediana", "Baja"]).unwrap(),
            ["Baja", "Mediana", "Buena"]
        );
        // One pole without a middle, a prefix apart from its word, a word with no opposite
        // among them: nothing is claimed.
        assert_eq!(order(&["Alta", "Muy alta", "Altísima"]), None);
        assert_eq!(order(&["Enfants", "Des enfants", "Neutral"]), None);
        assert_eq!(order(&["Joyful", "Joyless", "Neutral", "Artful"]), None);
    }

    #[test]
    fn labels_without_that_shape_keep_their_order() {
        assert_eq!(order(&["Rijk", "Gemeente", "Provincie"]), None);
        assert_eq!(order(&["Ja", "Nee", "Misschien"]), None);
        // Two labels at one place: ambiguous.
        assert_eq!(
            order(&["Very good", "Very ungood", "Extremely ungood", "Very good!"]),
            None
        );
    }
}
