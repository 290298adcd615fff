//! Key figures and the sentences made of them, on surveys whose figures are worked out by hand.

mod stats_support;

use peiling_engine::stats::significance::Direction;
use peiling_engine::stats::{analyse, key_figures, key_sentences, Fact, Request};
use peiling_engine::Lang;
use stats_support::*;

/// A statement answered by 80 respondents in two groups of 40:
/// X: 36 agree, 4 disagree; Y: 16 agree, 20 disagree, 4 no opinion.
fn statement() -> peiling_engine::Survey {
    let answers = repeat(&[
        ("Mee eens", 36),
        ("Mee oneens", 4),
        ("Zeer mee eens", 16),
        ("Zeer mee oneens", 20),
        ("Geen mening", 4),
    ]);
    let mut s = survey(
        &[("s", answers), ("w", repeat(&[("X", 40), ("Y", 40)]))],
        vec![likert_item("s", SCALE), single("w", &["X", "Y"])],
    );
    s.codebook.questions[0].text =
        peiling_engine::Text::with_en("Mijn werk is zinvol.", "My work is meaningful.");
    s.codebook.questions[1].text = peiling_engine::Text::with_en("Werkgever", "Employer");
    s
}

#[test]
fn agreement_is_stated_with_its_base_in_both_languages() {
    let s = statement();
    let a = analyse(&s, &Request::new("s")).unwrap();
    let figures = key_figures(&s, &a);
    // 52 of 80 agree (65%), 24 of 80 disagree (30%).
    assert_eq!(
        key_sentences(&figures, Lang::Nl),
        vec!["65% is het (zeer) eens met de stelling ‘Mijn werk is zinvol’, 30% is het er (zeer) mee oneens (n = 80)."]
    );
    assert_eq!(
        key_sentences(&figures, Lang::En),
        vec!["65% (strongly) agree with the statement ‘My work is meaningful’, 30% (strongly) disagree (n = 80)."]
    );
}

#[test]
fn the_group_that_differs_most_is_called_significant_only_when_tested_so() {
    let s = statement();
    let a = analyse(&s, &Request::new("s").by("w")).unwrap();
    let figures = key_figures(&s, &a);
    // X: 36/40 = 90% against Y: 16/40 = 40%; pooled z = 0.5 / sqrt(0.65 · 0.35 · 0.05) = 4.69,
    // p < 0.0001, times 2 groups: significant.
    let Some(Fact::GroupDifference {
        group_figure,
        rest_figure,
        direction,
        significant,
        ..
    }) = figures.facts.get(1)
    else {
        panic!("expected a group difference, got {:?}", figures.facts);
    };
    assert_eq!((group_figure.display, rest_figure.display), (90, 40));
    assert_eq!(*direction, Direction::Higher);
    assert!(*significant);
    let nl = key_sentences(&figures, Lang::Nl);
    assert_eq!(
        nl[1],
        "Naar ‘Werkgever’: X is het vaker (zeer) eens met de stelling ‘Mijn werk is zinvol’ dan Y, 90% (n = 40) tegenover 40% (n = 40), een verschil van 50 procentpunten; een significant verschil (95%)."
    );
    // Of two groups, the rest of one is the other: the difference is said once, by name.
    assert_eq!(nl.len(), 2);
}

#[test]
fn a_difference_that_the_test_does_not_confirm_is_called_not_significant() {
    // X: 24 of 40 agree (60%), Y: 20 of 40 (50%): z = 0.1 / sqrt(0.55 · 0.45 · 0.05) = 0.90.
    let answers = repeat(&[
        ("Mee eens", 24),
        ("Mee oneens", 16),
        ("Mee eens", 20),
        ("Mee oneens", 20),
    ]);
    let s = survey(
        &[("s", answers), ("w", repeat(&[("X", 40), ("Y", 40)]))],
        vec![likert_item("s", SCALE), single("w", &["X", "Y"])],
    );
    let a = analyse(&s, &Request::new("s").by("w")).unwrap();
    let en = key_sentences(&key_figures(&s, &a), Lang::En);
    assert!(
        en[1].ends_with("the difference is not significant."),
        "{}",
        en[1]
    );
    assert!(en[1].contains("60%") && en[1].contains("50%"));
}

#[test]
fn the_largest_answer_and_option_come_with_their_base_and_a_small_base_note() {
    let s = survey(
        &[("w", vec!["Rijk", "Gemeente", "Gemeente", ""])],
        vec![single("w", &["Gemeente", "Rijk"])],
    );
    let a = analyse(&s, &Request::new("w")).unwrap();
    let nl = key_sentences(&key_figures(&s, &a), Lang::Nl);
    assert_eq!(
        nl,
        vec!["Het meest gegeven antwoord op ‘w’ is ‘Gemeente’: 67% (n = 3). Het minst: ‘Rijk’ (33%). Let op: kleine basis."]
    );
    let m = survey(
        &[
            ("m_a", vec!["1", "", "1", ""]),
            ("m_b", vec!["", "1", "1", ""]),
            ("m_c", vec!["1", "1", "1", ""]),
        ],
        vec![multi("m", &[("m_a", "A"), ("m_b", "B"), ("m_c", "C")])],
    );
    let a = analyse(&m, &Request::new("m")).unwrap();
    let en = key_sentences(&key_figures(&m, &a), Lang::En);
    assert_eq!(
        en,
        vec!["The answer chosen most often is ‘C’: by 100% of those who answered the question (n = 3). The least: ‘A’ and ‘B’ (67% each). Note: small base."]
    );
}

#[test]
fn a_tie_is_said_as_a_tie_and_items_are_called_by_the_questions_own_word() {
    // 50 "Female", 50 "Male": a tie, not a largest and a smallest.
    let s = survey(
        &[("w", repeat(&[("Female", 50), ("Male", 50)]))],
        vec![single("w", &["Female", "Male"])],
    );
    let a = analyse(&s, &Request::new("w")).unwrap();
    assert_eq!(
        key_sentences(&key_figures(&s, &a), Lang::En),
        vec!["‘Female’ and ‘Male’ are given equally and most often in answer to ‘w’: 50% each (n = 100)."]
    );
    // A grid of skills: 9 of 10 agree with both, 3 of 10 with the third.
    let cells = |agree: usize| {
        let mut v = vec!["Mee eens"; agree];
        v.extend(vec!["Mee oneens"; 10 - agree]);
        v
    };
    let mut g = survey(
        &[("a", cells(9)), ("b", cells(9)), ("c", cells(3))],
        vec![grid("q", &["a", "b", "c"], SCALE)],
    );
    g.codebook.questions[0].text = peiling_engine::Text::with_en(
        "In hoeverre zijn de volgende vaardigheden belangrijk?",
        "How important are the following skills?",
    );
    let a = analyse(&g, &Request::new("q")).unwrap();
    let figures = key_figures(&g, &a);
    assert_eq!(
        key_sentences(&figures, Lang::Nl),
        vec!["Van de 3 vaardigheden krijgen ‘a’ en ‘b’ evenveel en de meeste instemming: elk 90% is het er (zeer) mee eens (n = 10). De minste instemming krijgt ‘c’ (30%). Let op: kleine basis."]
    );
    assert_eq!(
        key_sentences(&figures, Lang::En)[0],
        "Of the 3 skills, ‘a’ and ‘b’ tie for the most agreement: 90% (strongly) agree with each (n = 10). The least agreement goes to ‘c’ (30%). Note: small base."
    );
}

/// A 1–6 item without labels (personality inventories) is no agreement scale: its sentence
/// names the most given answer, never "(zeer) eens". 30 answered 1, 20 answered 5, 10 answered 6.
#[test]
fn a_scale_without_agreement_labels_is_not_said_in_terms_of_agreement() {
    let points: Vec<&str> = vec!["1", "2", "3", "4", "5", "6"];
    let s = survey(
        &[("a1", repeat(&[("1", 30), ("5", 20), ("6", 10)]))],
        vec![likert_item("a1", &points)],
    );
    let a = analyse(&s, &Request::new("a1")).unwrap();
    let sentences = key_sentences(&key_figures(&s, &a), Lang::Nl);
    assert!(!sentences.is_empty());
    assert!(
        sentences.iter().all(|t| !t.contains("eens")),
        "{sentences:?}"
    );
    // 30 of 60: the most given answer, at 50%.
    assert!(
        sentences[0].contains("‘1’") && sentences[0].contains("50%"),
        "{sentences:?}"
    );
}
