//! What the ends of a scale are called wherever its net shares are named: the chart's net
//! columns, the table and its exports, and the key sentences.
//!
//! "(zeer) eens" / "agree" is said only of a scale whose labels speak of agreement. Any other
//! scale is named in its own words: "(zeer) tevreden" when the strongest point is the milder
//! one with a word before it ("Zeer tevreden" beside "Tevreden"), "5–6" for points that are
//! bare numbers, else the points themselves ("Vaak of Altijd").
//!
//! What stays true: the words name exactly the points the net share counts — the top (and
//! bottom) two points of a scale of four or more, the end point of a shorter one
//! ([`super::likert::ends`]) — in the chart, the table and the sentence alike.

use serde::{Deserialize, Serialize};

use crate::codebook::{Lang, Question, Text};
use crate::format::parse_f64;

/// The two ends of a scale, as its net shares count them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct ScaleEnds {
    /// The scale's labels speak of agreement ("Mee eens", "Strongly agree", "Stimme zu").
    pub agreement: bool,
    /// The points of the positive end, mildest first.
    pub positive: Vec<Text>,
    /// The points of the negative end, mildest first.
    pub negative: Vec<Text>,
}

/// Which end of a scale a net share is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    Positive,
    Negative,
}

/// Whether answer labels speak of agreement ("Mee eens", "Strongly agree", "Akkoord",
/// "Stimme zu", "D'accord", "De acuerdo").
pub fn speaks_of_agreement<'a>(labels: impl IntoIterator<Item = &'a str>) -> bool {
    labels.into_iter().any(|label| {
        let label = label.to_lowercase();
        [
            "eens", "agree", "akkoord", "stimme", "zustimm", "accord", "acuerdo",
        ]
        .iter()
        .any(|w| label.contains(w))
    })
}

impl ScaleEnds {
    /// The ends of a scale question, as [`super::likert`] counts them.
    pub fn of_question(question: &Question) -> ScaleEnds {
        let scale: Vec<usize> = question.substantive().collect();
        let (negative, positive) = super::likert::ends(&scale);
        let labels = |points: Vec<usize>| -> Vec<Text> {
            // Strongest first from `ends`: mildest first here.
            points
                .into_iter()
                .rev()
                .filter_map(|i| question.categories.get(i).map(|c| c.label.clone()))
                .collect()
        };
        ScaleEnds {
            agreement: speaks_of_agreement(
                question
                    .categories
                    .iter()
                    .flat_map(|c| [c.label.nl.as_str(), c.label.get(Lang::En)]),
            ),
            positive: labels(positive),
            negative: labels(negative),
        }
    }

    /// The headings of the net columns: ("% (zeer) eens", "% (zeer) oneens") for an agreement
    /// scale, else the scale's own words ("% (zeer) tevreden", "% 5–6", "% Vaak of Altijd").
    pub fn headings(&self, lang: Lang) -> (String, String) {
        (
            format!("% {}", self.short(End::Positive, lang)),
            format!("% {}", self.short(End::Negative, lang)),
        )
    }

    /// One end as a figure's unit: "(zeer) eens" / "agree" for an agreement scale, else
    /// [`ScaleEnds::words`].
    pub fn short(&self, end: End, lang: Lang) -> String {
        if !self.agreement {
            return self.words(end, lang);
        }
        match (lang, end) {
            (Lang::Nl, End::Positive) => "(zeer) eens",
            (Lang::Nl, End::Negative) => "(zeer) oneens",
            (Lang::En, End::Positive) => "agree",
            (Lang::En, End::Negative) => "disagree",
        }
        .to_string()
    }

    /// One end in words, without quotes: "(zeer) tevreden", "5–6", "Vaak of Altijd".
    pub fn words(&self, end: End, lang: Lang) -> String {
        let points: Vec<&str> = match end {
            End::Positive => &self.positive,
            End::Negative => &self.negative,
        }
        .iter()
        .map(|t| t.get(lang).trim())
        .collect();
        match points.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [mild, strong] => {
                if let Some(compact) = compact(mild, strong) {
                    return compact;
                }
                let (mild_x, strong_x) = (parse_f64(mild), parse_f64(strong));
                if mild_x.is_some() && strong_x.is_some() {
                    let (low, high) = if mild_x < strong_x {
                        (mild, strong)
                    } else {
                        (strong, mild)
                    };
                    return format!("{low}\u{2013}{high}");
                }
                let or = match lang {
                    Lang::Nl => "of",
                    Lang::En => "or",
                };
                format!("{mild} {or} {strong}")
            }
            more => more.join(" / "),
        }
    }
}

/// The two points in one phrase when they share their last words: "(zeer) tevreden" from
/// "Tevreden" and "Zeer tevreden", "somewhat/very favorably" from "Somewhat favorably" and
/// "Very favorably". Lower case; `None` when they share no last word.
fn compact(mild: &str, strong: &str) -> Option<String> {
    let (m, s) = (mild.to_lowercase(), strong.to_lowercase());
    let (mw, sw): (Vec<&str>, Vec<&str>) = (
        m.split_whitespace().collect(),
        s.split_whitespace().collect(),
    );
    let shared = mw
        .iter()
        .rev()
        .zip(sw.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    if shared == 0 || shared == sw.len() {
        return None;
    }
    let suffix = sw[sw.len() - shared..].join(" ");
    let strong_prefix = sw[..sw.len() - shared].join(" ");
    let mild_prefix = mw[..mw.len() - shared].join(" ");
    Some(if mild_prefix.is_empty() {
        format!("({strong_prefix}) {suffix}")
    } else {
        format!("{mild_prefix}/{strong_prefix} {suffix}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(positive: &[&str], negative: &[&str]) -> ScaleEnds {
        ScaleEnds {
            agreement: false,
            positive: positive.iter().map(|p| Text::new(*p)).collect(),
            negative: negative.iter().map(|p| Text::new(*p)).collect(),
        }
    }

    #[test]
    fn a_scale_is_named_in_its_own_words() {
        let satisfaction = ends(
            &["Tevreden", "Zeer tevreden"],
            &["Ontevreden", "Zeer ontevreden"],
        );
        assert_eq!(
            satisfaction.headings(Lang::Nl),
            ("% (zeer) tevreden".into(), "% (zeer) ontevreden".into())
        );
        let numbers = ends(&["5", "6"], &["2", "1"]);
        assert_eq!(numbers.headings(Lang::Nl).0, "% 5\u{2013}6");
        assert_eq!(numbers.headings(Lang::Nl).1, "% 1\u{2013}2");
        let frequency = ends(&["Vaak", "Altijd"], &["Zelden", "Nooit"]);
        assert_eq!(frequency.words(End::Positive, Lang::Nl), "Vaak of Altijd");
        assert_eq!(frequency.words(End::Negative, Lang::En), "Zelden or Nooit");
        // A word inside another is not a shared word: "Ontevreden" is not "(on) tevreden".
        assert_eq!(compact("tevreden", "Ontevreden"), None);
        assert_eq!(
            compact("Somewhat favorably", "Very favorably").as_deref(),
            Some("somewhat/very favorably")
        );
    }

    #[test]
    fn agreement_is_said_only_of_agreement_labels() {
        assert!(speaks_of_agreement(["Helemaal mee eens", "Neutraal"]));
        assert!(speaks_of_agreement(["Strongly disagree"]));
        assert!(!speaks_of_agreement([
            "Zeer tevreden",
            "Tevreden",
            "1",
            "6"
        ]));
        let mut agree = ends(&["Mee eens", "Zeer mee eens"], &["Oneens", "Zeer oneens"]);
        agree.agreement = true;
        assert_eq!(agree.headings(Lang::Nl).0, "% (zeer) eens");
        assert_eq!(agree.headings(Lang::En).1, "% disagree");
    }
}
