//! Answer scales recognised by their labels, in Dutch and English, and the answers that are
//! no point of any scale ("Geen mening", "Don't know").
//!
//! Matching is on normalised labels (lower case, single spaces, a leading or trailing code
//! such as `(1)` or `1 -` removed), so "(1) Zeer mee oneens" and "zeer mee oneens" are the
//! same point. What stays true: a non-substantive answer is never a scale point, so it can
//! never become a scale's midpoint.

/// A known scale: its points from the negative to the positive end. A point lists its
/// spellings separated by `|`; the first is how it is shown when the data lacks it.
pub(crate) struct Scale {
    pub id: &'static str,
    pub points: &'static [&'static str],
}

macro_rules! scales {
    ($($id:literal => [$($p:literal),+ $(,)?]),+ $(,)?) => {
        &[$(Scale { id: $id, points: &[$($p),+] }),+]
    };
}

/// Known scales. The first that covers a column's labels wins, so a five-point scale comes
/// before the seven-point one that shares its labels. Without a neutral answer in the data
/// the five-point scale is still chosen (its middle shown with no answers): a forced-choice
/// four-point scale cannot be told apart from data alone, and the user can remove the point.
/// A file that declares its answers (SPSS value labels) is told apart: no point is added.
pub(crate) const SCALES: &[Scale] = scales![
    "agree_nl_zeer" => ["Zeer mee oneens|Zeer oneens", "Mee oneens|Oneens", "Neutraal|Niet mee eens, niet mee oneens|Niet eens, niet oneens|Noch eens, noch oneens|Niet eens en niet oneens", "Mee eens|Eens", "Zeer mee eens|Zeer eens"],
    "agree_nl_helemaal" => ["Helemaal mee oneens|Helemaal oneens|Volledig mee oneens", "Mee oneens|Oneens", "Neutraal|Niet mee eens, niet mee oneens|Niet eens, niet oneens|Noch eens, noch oneens|Niet eens en niet oneens", "Mee eens|Eens", "Helemaal mee eens|Helemaal eens|Volledig mee eens"],
    "agree_en" => ["Strongly disagree", "Disagree", "Neither agree nor disagree|Neutral|Neither agree or disagree|Neither|Undecided", "Agree", "Strongly agree"],
    // Qualtrics' five-point agreement (its default matrix): no plain "Agree" or "Disagree".
    "agree_en_somewhat" => ["Strongly disagree", "Somewhat disagree", "Neither agree nor disagree|Neutral|Neither agree or disagree", "Somewhat agree", "Strongly agree"],
    "agree_en_7" => ["Strongly disagree", "Disagree", "Somewhat disagree|Slightly disagree", "Neither agree nor disagree|Neutral|Neither agree or disagree", "Somewhat agree|Slightly agree", "Agree", "Strongly agree"],
    "agree_nl_7" => ["Zeer mee oneens|Helemaal mee oneens", "Mee oneens|Oneens", "Enigszins mee oneens|Een beetje mee oneens", "Neutraal|Niet mee eens, niet mee oneens|Niet eens, niet oneens|Noch eens, noch oneens", "Enigszins mee eens|Een beetje mee eens", "Mee eens|Eens", "Zeer mee eens|Helemaal mee eens"],
    "important_nl" => ["Helemaal niet belangrijk|Zeer onbelangrijk", "Niet belangrijk|Onbelangrijk|Niet zo belangrijk", "Neutraal|Enigszins belangrijk|Niet belangrijk, niet onbelangrijk", "Belangrijk", "Zeer belangrijk|Heel belangrijk"],
    "important_en" => ["Not at all important", "Slightly important|Not very important|Not important", "Moderately important|Somewhat important|Neutral", "Very important|Important", "Extremely important"],
    "important_en_very" => ["Not at all important|Not important at all", "Low importance|Of little importance|Slightly important|Not very important|Not important", "Neutral|Moderately important|Of average importance|Somewhat important", "Important", "Very important"],
    "satisfied_nl" => ["Zeer ontevreden|Heel ontevreden", "Ontevreden", "Neutraal|Niet tevreden, niet ontevreden|Noch tevreden, noch ontevreden", "Tevreden", "Zeer tevreden|Heel tevreden"],
    "satisfied_en" => ["Very dissatisfied", "Dissatisfied|Somewhat dissatisfied", "Neither satisfied nor dissatisfied|Neutral", "Satisfied|Somewhat satisfied", "Very satisfied"],
    "frequency_nl" => ["Nooit", "Zelden", "Soms", "Vaak|Regelmatig", "Altijd|Heel vaak|Zeer vaak"],
    "frequency_en" => ["Never", "Rarely", "Sometimes", "Often|Mostly|Frequently", "Always|Very often"],
    "frequency_en_mostly" => ["Never, or almost never|Never or almost never|Almost never", "Rarely", "Sometimes", "Most of the time|Often|Usually", "Always, or almost always|Always or almost always|Almost always|Always"],
    // German "applies" scales: four points without a middle is the usual form, so it comes
    // first; "trifft nicht zu" is their lowest point, not "does not apply".
    "applies_de_4" => ["Trifft nicht zu|Trifft gar nicht zu|Trifft überhaupt nicht zu", "Trifft eher nicht zu|Trifft wenig zu", "Trifft eher zu|Trifft überwiegend zu", "Trifft zu|Trifft voll zu|Trifft völlig zu|Trifft voll und ganz zu"],
    "applies_de_5" => ["Trifft gar nicht zu|Trifft überhaupt nicht zu|Trifft nicht zu", "Trifft eher nicht zu|Trifft wenig zu", "Teils/teils|Teils, teils|Teils teils|Weder noch|Trifft teilweise zu|Trifft mittelmäßig zu", "Trifft eher zu|Trifft ziemlich zu|Trifft überwiegend zu", "Trifft voll zu|Trifft völlig zu|Trifft voll und ganz zu|Trifft zu|Trifft sehr zu"],
    // Four points without a middle, as often as five in German questionnaires: chosen when
    // the data has no middle (as "applies_de_4").
    "agree_de_4" => ["Stimme gar nicht zu|Stimme überhaupt nicht zu|Stimme nicht zu", "Stimme eher nicht zu", "Stimme eher zu", "Stimme voll zu|Stimme voll und ganz zu|Stimme völlig zu|Stimme zu"],
    "agree_de" => ["Stimme überhaupt nicht zu|Stimme gar nicht zu|Stimme nicht zu", "Stimme eher nicht zu", "Teils/teils|Teils, teils|Weder noch|Neutral|Stimme teilweise zu", "Stimme eher zu", "Stimme voll und ganz zu|Stimme voll zu|Stimme völlig zu|Stimme zu"],
    "frequency_de" => ["Nie|Niemals", "Selten", "Manchmal|Gelegentlich", "Oft|Häufig", "Immer|Sehr oft|Sehr häufig"],
    "quality_nl" => ["Zeer slecht|Heel slecht", "Slecht", "Matig|Neutraal|Redelijk", "Goed", "Zeer goed|Heel goed|Uitstekend"],
    "quality_nl_grade" => ["Slecht|Zeer slecht|Heel slecht", "Matig|Onvoldoende", "Voldoende|Redelijk", "Goed", "Uitstekend|Zeer goed|Heel goed"],
    // Four points up to "Excellent" ("Poor, Fair, Good, Excellent"), and five with "Very good"
    // below it, before the five-point scale that has "Very poor" below "Poor".
    "quality_en_4" => ["Poor|Bad", "Fair|Neutral|Average", "Good", "Excellent"],
    "quality_en_5" => ["Poor", "Fair", "Good", "Very good", "Excellent"],
    "quality_en" => ["Very poor|Very bad", "Poor|Bad", "Fair|Average|Neutral", "Good", "Very good|Excellent"],
    "likely_nl" => ["Zeer onwaarschijnlijk|Heel onwaarschijnlijk", "Onwaarschijnlijk", "Neutraal|Misschien", "Waarschijnlijk", "Zeer waarschijnlijk|Heel waarschijnlijk"],
    "likely_en" => ["Very unlikely|Extremely unlikely", "Unlikely|Somewhat unlikely", "Neither likely nor unlikely|Neutral", "Likely|Somewhat likely", "Very likely|Extremely likely"],
    "useful_en" => ["Not useful at all|Not at all useful", "Slightly useful", "Moderately useful", "Very useful", "Extremely useful"],
    "useful_nl" => ["Helemaal niet nuttig", "Niet nuttig", "Neutraal|Enigszins nuttig", "Nuttig", "Zeer nuttig|Heel nuttig"],
    "easy_nl" => ["Zeer moeilijk|Heel moeilijk", "Moeilijk", "Neutraal|Niet moeilijk, niet makkelijk", "Makkelijk|Gemakkelijk", "Zeer makkelijk|Heel makkelijk|Zeer gemakkelijk"],
    "easy_en" => ["Very difficult", "Difficult", "Neither easy nor difficult|Neutral", "Easy", "Very easy"],
    // A level: low, medium, high (three points; five with "very" at both ends).
    "level_en" => ["Low", "Medium|Moderate|Average", "High"],
    "level_en_5" => ["Very low", "Low", "Medium|Moderate|Average", "High", "Very high"],
    "level_nl" => ["Laag", "Gemiddeld|Middel|Matig", "Hoog"],
    "level_nl_5" => ["Zeer laag|Heel laag", "Laag", "Gemiddeld|Middel|Matig", "Hoog", "Zeer hoog|Heel hoog"],
    // How much of something there is: too little, right, too much (its middle is the best).
    "amount_en" => ["Too little|Too few|Not enough", "Just right|About right|The right amount|Right amount", "Too much|Too many"],
    "amount_nl" => ["Te weinig", "Precies goed|Precies genoeg|Goed zo|Juist genoeg", "Te veel"],
];

/// Answers that are not a point on a scale.
const NON_SUBSTANTIVE: &[&str] = &[
    "geen mening",
    "weet niet",
    "weet ik niet",
    "n.v.t.",
    "nvt",
    "n.v.t",
    "niet van toepassing",
    "geen antwoord",
    "zeg ik liever niet",
    "wil ik niet zeggen",
    "kan ik niet beoordelen",
    "weet niet / geen mening",
    "weet niet/geen mening",
    "geen mening / weet niet",
    "don't know",
    "dont know",
    "do not know",
    "no opinion",
    "not applicable",
    "na",
    "prefer not to say",
    "prefer not to answer",
    "no answer",
    "no response",
    "can't say",
    "cannot say",
    "don't know / no opinion",
    "not sure",
    "ns/nc",
    "no sabe",
    "no responde",
    "no contesta",
    "no sabe / no contesta",
    "geen idee",
    "ik weet het niet",
    "no idea",
    // LimeSurvey's own "No answer", which it adds to a question that is not mandatory, in
    // the languages of its interface (and glued, as an author typed it in a label set).
    "keine antwort",
    "keineantwort",
    "sans réponse",
    "pas de réponse",
    "sin respuesta",
    "nessuna risposta",
    "sem resposta",
    "keine ahnung",
    "aucune idée",
    "ni idea",
];

/// A label in the form it is compared in.
pub(crate) fn normalise(label: &str) -> String {
    let mut s = label.trim().to_lowercase().replace(['’', '‘', '`'], "'");
    s = strip_code(&s).1.to_owned();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A leading or trailing numeric code of a label: `(1) Not useful` → (1, "Not useful"),
/// `1 - Helemaal niet` → (1, …), `Zeer goed (5)` → (5, …). The code is `None` when absent.
pub(crate) fn strip_code(label: &str) -> (Option<i64>, &str) {
    let t = label.trim();
    if let Some(rest) = t.strip_prefix('(') {
        if let Some((num, after)) = rest.split_once(')') {
            if let Ok(n) = num.trim().parse::<i64>() {
                if !after.trim().is_empty() {
                    return (Some(n), after.trim());
                }
            }
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < t.len() {
        let after = t[digits..].trim_start();
        for sep in ["-", "=", ".", ":", "–", ")"] {
            if let Some(label) = after.strip_prefix(sep) {
                if !label.trim().is_empty()
                    && !label.trim_start().starts_with(|c: char| c.is_ascii_digit())
                {
                    return (t[..digits].parse().ok(), label.trim());
                }
            }
        }
    }
    if let Some(body) = t.strip_suffix(')') {
        if let Some((before, num)) = body.rsplit_once('(') {
            if let Ok(n) = num.trim().parse::<i64>() {
                if !before.trim().is_empty() {
                    return (Some(n), before.trim());
                }
            }
        }
    }
    (None, t)
}

/// What survey tools write for a question that was not shown or not answered: never an
/// answer, always missing.
const MISSING_MARKERS: &[&str] = &[
    "n/a",
    "#n/a",
    "not displayed",
    "not shown",
    "not asked",
    "niet weergegeven",
    "niet getoond",
    "nicht angezeigt",
    "non affiché",
    "non affichée",
    "no mostrado",
    "non visualizzato",
    // LimeSurvey's code for a list's "Other": a marker while a column's shape is found, an
    // answer after (`infer::other_code_answered`).
    "-oth-",
    "#null!",
    "sysmis",
    // A dash or a dot typed or written for "nothing" (forms, spreadsheets, Stata's CSV).
    "-",
    "–",
    "—",
    ".",
];

/// Whether a cell value is a missing marker.
pub fn is_missing_marker(value: &str) -> bool {
    let v = value.trim();
    // No marker starts with a digit: a respondent number or a code is none.
    if v.is_empty() || v.len() > 20 || v.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    // Asked of every distinct value of every column (a million for an identifier): ASCII,
    // the usual case, is compared without making a lowercase copy.
    if v.is_ascii() {
        MISSING_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(v))
    } else {
        MISSING_MARKERS.contains(&v.to_lowercase().as_str())
    }
}

/// Phrases that make a longer label non-substantive wherever they stand ("Unfamiliar (N/A)",
/// "Don't know/Cannot answer", "Weiß nicht / keine Angabe").
const NON_SUBSTANTIVE_PARTS: &[&str] = &[
    "(n/a)",
    "not applicable",
    "does not apply",
    "doesn't apply",
    "i don't do this",
    "never used",
    // An answer beside a rating of something the respondent does not use.
    "i have no experience with",
    "no experience with it",
    "geen ervaring mee",
    "keine erfahrung damit",
    "i don't use it",
    "i do not use it",
    "ik gebruik het niet",
    "gebruik ik niet",
    "nooit gebruikt",
    "nie genutzt",
    "nie benutzt",
    "niet van toepassing",
    "nicht zutreffend",
    "don't know",
    "dont know",
    "cannot answer",
    "can't answer",
    "no opinion",
    "weet niet",
    "geen mening",
    "weiß nicht",
    "weiss nicht",
    "keine angabe",
    "ne sais pas",
    "sans opinion",
    "no sé",
    "no lo sé",
];

/// Whether a label is a non-substantive answer.
pub(crate) fn is_non_substantive(label: &str) -> bool {
    let n = normalise(label);
    NON_SUBSTANTIVE.contains(&n.as_str()) || NON_SUBSTANTIVE_PARTS.iter().any(|p| n.contains(p))
}

/// A scale whose points cover every given (substantive) label: the scale and, per label,
/// its point index. The first covering scale in [`SCALES`] wins. At least two points must
/// be used.
pub(crate) fn match_labels<'a, I>(labels: I) -> Option<(&'static Scale, Vec<usize>)>
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    let normalised: Vec<String> = labels.into_iter().map(normalise).collect();
    if normalised.is_empty() {
        return None;
    }
    for scale in SCALES {
        let points: Option<Vec<usize>> = normalised.iter().map(|l| point_of(scale, l)).collect();
        let Some(points) = points else { continue };
        let mut distinct = points.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        return Some((scale, points));
    }
    None
}

/// A known scale that holds all but a small minority of a column's answers, for data whose
/// labels a survey's author misspelt ("stronlgy disagree") or a few respondents' browsers
/// translated ("de acuerdo" among "Agree"): `labels` with how many gave each. Per label its
/// point, or `None` for a rare answer that is no point (it stays an answer of its own).
///
/// The rule, from how such files are written: at least three points spelt exactly as the
/// scale spells them, and these exact labels at least 95 % of the answers (the browser
/// translations of a Google Forms grid are 0.6 % of its 2,784 answers; an answer list of a
/// scale with an unknown point of its own, such as a middle "Mostly", gives that point far
/// more than 5 %). A label one or two typing slips away from a point the data lacks
/// (see [`near_spelling`]) takes that point; the others must together stay under 5 %, and
/// only beside a scale with every point given.
/// Only asked when [`match_labels`] finds no scale covering every label.
pub(crate) fn match_labels_loosely(
    labels: &[(&str, usize)],
) -> Option<(&'static Scale, Vec<Option<usize>>)> {
    const MIN_EXACT_POINTS: usize = 3;
    /// The share of answers (in 1/100) that may be no point of the scale.
    const MAX_STRAY_PERCENT: usize = 5;
    let normalised: Vec<String> = labels.iter().map(|(l, _)| normalise(l)).collect();
    let total: usize = labels.iter().map(|(_, n)| n).sum();
    for scale in SCALES {
        let mut points: Vec<Option<usize>> =
            normalised.iter().map(|l| point_of(scale, l)).collect();
        let mut exact: Vec<usize> = points.iter().flatten().copied().collect();
        exact.sort_unstable();
        exact.dedup();
        if exact.len() < MIN_EXACT_POINTS || exact.len() == points.len() {
            continue;
        }
        let mut taken = exact.clone();
        for (i, l) in normalised.iter().enumerate() {
            if points[i].is_some() {
                continue;
            }
            let near: Vec<usize> = (0..scale.points.len())
                .filter(|p| !taken.contains(p))
                .filter(|&p| {
                    scale.points[p]
                        .split('|')
                        .any(|spelling| near_spelling(l, &normalise(spelling)))
                })
                .collect();
            if let [p] = near[..] {
                points[i] = Some(p);
                taken.push(p);
            }
        }
        let stray: usize = labels
            .iter()
            .zip(&points)
            .filter(|(_, p)| p.is_none())
            .map(|((_, n), _)| n)
            .sum();
        // A stray answer beside a point nobody gave may be that point in other words
        // ("Never or rarely" for "Never"): then nothing is claimed.
        let complete = taken.len() == scale.points.len();
        if stray == 0 || complete && stray * 100 <= total * MAX_STRAY_PERCENT {
            return Some((scale, points));
        }
    }
    None
}

/// Whether `label` is `point` with a typing slip or two: at most one edit (a letter left
/// out, added, changed, or two swapped: `strsim`'s optimal string alignment distance) in a label of 8 characters or more, two from 14 on;
/// never a label that is itself a known point's spelling, and never a word grown by a
/// prefix ("oneens" for "eens", "unlikely" for "likely"), which is the opposite point.
fn near_spelling(label: &str, point: &str) -> bool {
    let len = label.chars().count().min(point.chars().count());
    let allowed = match len {
        0..8 => 0,
        8..14 => 1,
        _ => 2,
    };
    if allowed == 0 || label == point {
        return false;
    }
    let known = SCALES.iter().any(|s| point_of(s, label).is_some());
    let grown = label.split(' ').zip(point.split(' ')).any(|(a, b)| {
        a != b && (a.len() > b.len() && a.ends_with(b) || b.len() > a.len() && b.ends_with(a))
    });
    !known
        && !grown
        && label.split(' ').count() == point.split(' ').count()
        && strsim::osa_distance(label, point) <= allowed
}

fn point_of(scale: &Scale, normalised: &str) -> Option<usize> {
    scale.points.iter().position(|p| {
        p.split('|')
            .any(|spelling| normalise(spelling) == normalised)
    })
}

/// How a point is shown when the data does not have it.
pub(crate) fn display(point: &str) -> &str {
    point.split('|').next().unwrap_or(point)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_missing_marker` turns away a value starting with a digit before comparing: that
    /// holds only while no marker starts with one.
    #[test]
    fn no_missing_marker_starts_with_a_digit() {
        for marker in MISSING_MARKERS {
            assert!(!marker.as_bytes()[0].is_ascii_digit(), "{marker}");
            assert!(is_missing_marker(&marker.to_uppercase()), "{marker}");
        }
    }

    #[test]
    fn dutch_and_english_agreement_labels_match_in_scale_order() {
        let (scale, points) = match_labels(["Mee eens", "Zeer mee oneens", "Neutraal"]).unwrap();
        assert_eq!(scale.id, "agree_nl_zeer");
        assert_eq!(points, vec![3, 0, 2]);
        // Qualtrics' default five points, and the seven points when plain "Agree" is there
        // (both as in the menu test survey of corpus B, whose SPSS file labels five codes).
        let (scale, _) = match_labels(["Strongly agree", "Somewhat agree"]).unwrap();
        assert_eq!(scale.id, "agree_en_somewhat");
        let (scale, _) = match_labels(["Strongly agree", "Somewhat agree", "Agree"]).unwrap();
        assert_eq!(scale.id, "agree_en_7");
        let (scale, _) = match_labels(["Helemaal mee eens", "Mee oneens"]).unwrap();
        assert_eq!(scale.id, "agree_nl_helemaal");
    }

    #[test]
    fn report_marks_match_in_scale_order() {
        let (scale, points) =
            match_labels(["Goed", "Voldoende", "Matig", "Uitstekend", "Slecht"]).unwrap();
        assert_eq!(scale.id, "quality_nl_grade");
        assert_eq!(points, vec![3, 2, 1, 4, 0]);
    }

    #[test]
    fn numbered_labels_lose_their_number_for_matching() {
        assert_eq!(
            strip_code("(1) Not useful at all"),
            (Some(1), "Not useful at all")
        );
        assert_eq!(
            strip_code("5 - Zeer belangrijk"),
            (Some(5), "Zeer belangrijk")
        );
        assert_eq!(strip_code("Zeer goed (5)"), (Some(5), "Zeer goed"));
        assert_eq!(strip_code("25-34"), (None, "25-34"));
        assert_eq!(strip_code("9.10"), (None, "9.10"));
        assert_eq!(normalise("(1) Not useful at all"), "not useful at all");
    }

    #[test]
    fn non_substantive_answers_are_no_scale_points() {
        assert!(is_non_substantive("Geen mening"));
        assert!(is_non_substantive("Don’t know"));
        assert!(is_non_substantive("N.v.t."));
        // Labelled 9 beside 7 "I Don't Know" in a Belgian survey file (corpus G).
        assert!(is_non_substantive("No Response"));
        assert!(match_labels(["Geen mening", "Eens"]).is_none());
        for neutral in [
            "Neutraal",
            "Niet mee eens, niet mee oneens",
            "Neither agree nor disagree",
        ] {
            assert!(!is_non_substantive(neutral), "{neutral}");
        }
    }

    /// The Qualtrics voting survey of the corpus, whose lowest point was typed "stronlgy
    /// disagree" (counts of its first matrix row), and a Google Forms grid where a few
    /// browsers translated the answers (its six rows together).
    #[test]
    fn a_misspelt_point_or_a_few_translated_answers_keep_the_scale() {
        let (scale, points) = match_labels_loosely(&[
            ("somewhat agree", 43),
            ("strongly agree", 27),
            ("somewhat disagree", 26),
            ("neutral", 23),
            ("stronlgy disagree", 17),
        ])
        .unwrap();
        assert_eq!(scale.id, "agree_en_somewhat");
        assert_eq!(points, vec![Some(3), Some(4), Some(1), Some(2), Some(0)]);
        let knitting = [
            ("Agree", 988),
            ("Strongly agree", 647),
            ("Neither agree nor disagree", 524),
            ("Disagree", 401),
            ("Strongly disagree", 206),
            ("Se mettre d'accord", 6),
            ("de acuerdo", 5),
            ("Tout à fait d'accord", 4),
            ("Ni d'accord ni en désaccord", 2),
            ("Ni de acuerdo ni en desacuerdo", 1),
        ];
        let (scale, points) = match_labels_loosely(&knitting).unwrap();
        assert_eq!(scale.id, "agree_en");
        assert_eq!(&points[..5], &[Some(3), Some(4), Some(2), Some(1), Some(0)]);
        assert!(points[5..].iter().all(Option::is_none));
        // The same other answers given by more than 5 % are no stray answers.
        let mut many = knitting;
        many[5].1 = 150;
        assert!(match_labels_loosely(&many).is_none());
        // Beside a point nobody gave, an odd answer may be that point: nothing is claimed.
        assert!(match_labels_loosely(&[
            ("Never or rarely", 1),
            ("Sometimes", 40),
            ("Often", 40),
            ("Always", 40)
        ])
        .is_none());
    }

    #[test]
    fn a_typing_slip_is_near_but_an_opposite_is_not() {
        assert!(near_spelling("stronlgy disagree", "strongly disagree"));
        assert!(near_spelling("stongly agree", "strongly agree"));
        assert!(!near_spelling("helemaal mee oneens", "helemaal mee eens"));
        assert!(!near_spelling("very unlikely", "very likely"));
        assert!(!near_spelling("agre", "agree"));
        assert_eq!(strsim::osa_distance("stronlgy", "strongly"), 1);
        assert_eq!(strsim::osa_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn one_label_is_not_enough_for_a_scale() {
        assert!(match_labels(["Eens"]).is_none());
    }
}
