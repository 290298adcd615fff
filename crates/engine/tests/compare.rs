//! An organisation's answers beside the panel: matching its export to the panel's questions
//! (by column for the template, by wording for a tool's own export, a renamed answer label, a
//! question it did not ask) and the two-sample tests of the comparison.
//!
//! The organisation is generated here: 240 respondents whose answers follow fixed patterns, so
//! every count the comparison must show is known by construction (counted from the generated
//! cells, not by the engine). The test statistics are checked against statsmodels.

use peiling_engine::compare::matching::{adopt, left_out, renamed, MatchedBy};
use peiling_engine::compare::{combine, match_codebooks, Matching, Side, SOURCE};
use peiling_engine::read::{read, ReadOptions};
use peiling_engine::report::build;
use peiling_engine::stats::significance::{two_proportion_z, Direction};
use peiling_engine::stats::{analyse, Options, Request};
use peiling_engine::view::View;
use peiling_engine::{infer, Survey, Text};

mod stats_support;
use stats_support::{bundled as panel, SCALE};

/// A file read as an upload is: the reader, then the proposed codebook.
fn upload(csv: &str, name: &str) -> Survey {
    let import = read(csv.as_bytes(), name, &ReadOptions::default()).unwrap();
    let codebook = infer::propose(&import);
    Survey::new(import.dataset, codebook)
}

const ORG: usize = 240;

/// Respondent `i`'s point on the scale for item `k`: skewed towards agreement, item by item a
/// little different, so that some items differ from the panel and some do not.
fn point(i: usize, k: usize) -> usize {
    match (i * 7 + k * 3) % 20 {
        0 => 0,
        1 | 2 => 1,
        3..=5 => 2,
        6..=12 => 3,
        13..=18 => 4,
        _ => 5,
    }
}

/// The generated organisation's answer to column `column` (a panel column name), by row.
fn answer(panel: &Survey, column: &str, i: usize) -> String {
    let q = panel
        .codebook
        .questions
        .iter()
        .find(|q| q.items.iter().any(|it| it.column == column) && q.id != "generatie")
        .unwrap();
    let k = q.items.iter().position(|it| it.column == column).unwrap();
    match q.id.as_str() {
        "werkgever" => "Gemeente".into(),
        "maatschappij" | "organisatie" => {
            if (i + k).is_multiple_of(3) {
                "1".into()
            } else {
                String::new()
            }
        }
        "stellingen" | "competenties" | "eigen_organisatie" => SCALE[point(i, k)].into(),
        _ => q.categories[(i + k) % q.categories.len()].value.clone(),
    }
}

/// The organisation as the template holds it: the panel's column names, here in reverse order.
fn template_csv(panel: &Survey) -> String {
    let columns: Vec<&str> = panel
        .data
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|c| *c != "respondent_id")
        .rev()
        .collect();
    let mut out = columns.join(",") + "\n";
    for i in 0..ORG {
        let row: Vec<String> = columns
            .iter()
            .map(|c| format!("\"{}\"", answer(panel, c, i)))
            .collect();
        out += &row.join(",");
        out.push('\n');
    }
    out
}

fn sides<'a>(panel: &'a Survey, org: &'a Survey) -> (Side<'a>, Side<'a>) {
    (
        Side {
            survey: panel,
            name: Text::with_en("Landelijk panel", "National panel"),
        },
        Side {
            survey: org,
            name: Text::with_en("Uw organisatie", "Your organisation"),
        },
    )
}

/// The generated organisation as it arrives from the template: read as an upload, then with
/// the panel's questions where it has their columns.
fn template_org(panel: &Survey) -> Survey {
    adopt(
        &panel.codebook,
        upload(&template_csv(panel), "organisatie.csv"),
    )
}

/// The organisation beside the panel (the rows `keep` marks, when given), as matched.
fn compared(panel: &Survey, org: &Survey, matching: &Matching, keep: Option<&[bool]>) -> Survey {
    let (reference, other) = sides(panel, org);
    combine(&reference, keep, &other, matching).unwrap()
}

/// Counts of `value` in the generated column, by construction.
fn generated(panel: &Survey, column: &str, value: &str) -> u64 {
    (0..ORG)
        .filter(|&i| answer(panel, column, i) == value)
        .count() as u64
}

#[test]
fn the_template_is_matched_by_column_and_every_answer_counted_as_written() {
    let panel = panel();
    let org = template_org(&panel);
    let matching = match_codebooks(&panel.codebook, &org.codebook);
    for id in [
        "leeftijd",
        "opleiding",
        "werkgever",
        "functie",
        "stellingen",
        "competenties",
        "maatschappij",
        "organisatie",
        "eigen_organisatie",
    ] {
        let m = matching.of(id).unwrap();
        assert_eq!(m.by, MatchedBy::Column, "{id}");
        assert!(m.items.iter().all(Option::is_some), "{id}: {m:?}");
    }
    let both = compared(&panel, &org, &matching, None);
    assert_eq!(both.rows(), ORG + 1601);
    // Generatie is derived from the age column, which both have.
    assert!(both.codebook.question("generatie").is_some());

    let a = analyse(&both, &Request::new("competenties").by(SOURCE)).unwrap();
    let panel_alone = analyse(&panel, &Request::new("competenties")).unwrap();
    assert_eq!(a.groups[0].base_n, ORG as u64);
    assert_eq!(a.groups[1].base_n, 1601);
    for (k, item) in a.items.iter().enumerate() {
        let column = format!("competentie_{}", k + 1);
        for (c, label) in SCALE.iter().enumerate() {
            assert_eq!(
                item.groups[0].frequencies.categories[c].count,
                generated(&panel, &column, label) as f64,
                "{column} {label}"
            );
            assert_eq!(
                item.groups[1].frequencies.categories[c].count,
                panel_alone.items[k].overall.categories[c].count
            );
        }
    }
    // Multi-select options: chosen as written.
    let m = analyse(&both, &Request::new("maatschappij").by(SOURCE)).unwrap();
    let org_shares = &m.multi_select.unwrap().groups[0];
    assert_eq!(
        org_shares.options[2].count,
        generated(&panel, "maatschappij_3", "1") as f64
    );
}

/// The organisation as its own LimeSurvey export: its own codes, the questions as typed with
/// the item in brackets, columns in another order, "Helemaal (on)eens" for "Zeer mee (on)eens",
/// and no question on developments in organisations.
fn tool_csv(panel: &Survey) -> String {
    let renamed = |v: &str| match v {
        "Zeer mee eens" => "Helemaal mee eens".to_string(),
        "Zeer mee oneens" => "Helemaal mee oneens".to_string(),
        v => v.to_string(),
    };
    let mut headers = vec!["Antwoord ID".to_string()];
    let mut cells: Vec<Box<dyn Fn(usize) -> String>> = vec![Box::new(|i| (i + 1).to_string())];
    // Competencies in reverse order, under the survey tool's own heading.
    let comp = panel.codebook.question("competenties").unwrap();
    for (k, item) in comp.items.iter().enumerate().rev() {
        headers.push(format!(
            "G2Q1. In hoeverre bent u het ermee eens of oneens dat de volgende vaardigheden/competenties een belangrijk onderdeel zijn van uw ambtelijk vakmanschap? [{}]",
            item.label.nl
        ));
        cells.push(Box::new(move |i| renamed(SCALE[point(i, k)])));
    }
    headers.push("G1Q2. Wat is uw functie?".into());
    let functie = panel.codebook.question("functie").unwrap().clone();
    cells.push(Box::new(move |i| {
        functie.categories[i % functie.categories.len()]
            .value
            .clone()
    }));
    let mut out = headers
        .iter()
        .map(|h| format!("\"{h}\""))
        .collect::<Vec<_>>()
        .join(",")
        + "\n";
    for i in 0..ORG {
        let row: Vec<String> = cells.iter().map(|c| format!("\"{}\"", c(i))).collect();
        out += &row.join(",");
        out.push('\n');
    }
    out
}

#[test]
fn a_tools_own_export_is_matched_by_wording_with_renamed_labels_and_a_missing_question() {
    let panel = panel();
    let org = adopt(&panel.codebook, upload(&tool_csv(&panel), "limesurvey.csv"));
    let matching = match_codebooks(&panel.codebook, &org.codebook);

    let comp = matching.of("competenties").unwrap();
    assert_eq!(comp.by, MatchedBy::Wording);
    let rq = panel.codebook.question("competenties").unwrap();
    // Every competency found its own column (one question each in this export), though the
    // order differs: the column's heading ends in the competency's name.
    for (k, m) in comp.items.iter().enumerate() {
        let m = m.as_ref().unwrap_or_else(|| panic!("item {k} unmatched"));
        let oq = org.codebook.question(&m.question).unwrap();
        assert!(
            oq.text.nl.ends_with(&format!("[{}]", rq.items[k].label.nl)),
            "{k}: {:?} vs {:?}",
            oq.text.nl,
            rq.items[k].label
        );
    }
    let mut pairs = renamed(rq, &org.codebook, comp);
    pairs.sort();
    assert_eq!(
        pairs,
        vec![
            ("Helemaal mee eens".to_string(), "Zeer mee eens".to_string()),
            (
                "Helemaal mee oneens".to_string(),
                "Zeer mee oneens".to_string()
            ),
        ]
    );
    assert!(left_out(&org.codebook, comp).is_empty());
    // "Functie" by its wording; the unasked questions stay unmatched.
    assert!(matching.of("functie").unwrap().is_matched());
    for id in ["organisatie", "maatschappij", "werkgever", "stellingen"] {
        assert!(!matching.of(id).unwrap().is_matched(), "{id}");
    }

    let both = compared(&panel, &org, &matching, None);
    assert!(both.codebook.question("organisatie").is_none());
    let a = analyse(&both, &Request::new("competenties").by(SOURCE)).unwrap();
    for (k, item) in a.items.iter().enumerate() {
        let column = format!("competentie_{}", k + 1);
        // "Helemaal mee eens" counted as "Zeer mee eens" (category 4).
        assert_eq!(
            item.groups[0].frequencies.categories[4].count,
            generated(&panel, &column, "Zeer mee eens") as f64
        );
    }
}

#[test]
fn the_person_corrects_a_match_and_the_panel_subgroup_is_the_reference() {
    let panel = panel();
    let org = template_org(&panel);
    let mut matching = match_codebooks(&panel.codebook, &org.codebook);
    // The person says the organisation did not ask about the employer.
    matching.set(&panel.codebook, &org.codebook, "werkgever", None);
    assert!(!matching.of("werkgever").unwrap().is_matched());
    // Only municipalities of the panel.
    let mut view = View::default();
    view.set_filter("werkgever", vec!["Gemeente".into()]);
    let keep = peiling_engine::report::filter_of(&panel, &view)
        .mask(&panel)
        .unwrap();
    let municipal = keep.iter().filter(|k| **k).count();
    assert_eq!(municipal, 641); // the published share: 40% of 1,601 work for a municipality
    let both = compared(&panel, &org, &matching, Some(&keep));
    assert_eq!(both.rows(), ORG + municipal);
    assert!(both.codebook.question("werkgever").is_none());
}

#[test]
fn the_comparison_tests_each_answer_and_the_net_share_as_statsmodels_does() {
    let panel = panel();
    let org = template_org(&panel);
    let matching = match_codebooks(&panel.codebook, &org.codebook);
    let both = compared(&panel, &org, &matching, None);
    let a = analyse(&both, &Request::new("competenties").by(SOURCE)).unwrap();

    // Item 1 ("Politiek-bestuurlijke sensitiviteit"), the net share "(zeer) eens": the
    // organisation's counts by construction, the panel's from data/vakmanschap.csv; z and p
    // from statsmodels 0.15.0 `proportions_ztest(count, nobs)` (pooled, two-sided):
    //   python3 -c "from statsmodels.stats.proportion import proportions_ztest as t;
    //               print(t([ORG_AGREE, PANEL_AGREE], [ORG_BASE, PANEL_BASE]))"
    let item = &a.items[0];
    let org_l = item.groups[0].likert.as_ref().unwrap();
    let panel_l = item.groups[1].likert.as_ref().unwrap();
    let org_agree = (0..ORG).filter(|&i| matches!(point(i, 0), 3 | 4)).count() as f64;
    // The base of the net share is everyone who answered, "Geen mening" included (as the
    // published "91% (zeer) eens" is).
    let org_base = ORG as f64;
    assert_eq!(
        (org_l.agree.count, org_l.base),
        (org_agree, org_base),
        "counted as generated"
    );
    let (p1, p2) = (org_agree / org_base, panel_l.agree.count / panel_l.base);
    let z = two_proportion_z(p1, org_base, p2, panel_l.base).unwrap();
    // statsmodels for [156, 1357] of [240, 1601]: z = -7.460162749733, p = 8.6415671731e-14
    // (the panel's counts by Python's csv module on data/vakmanschap.csv).
    assert_eq!((panel_l.agree.count, panel_l.base), (1357.0, 1601.0));
    assert_eq!((org_agree, org_base), (156.0, 240.0));
    assert!((z.z - -7.460_162_749_733).abs() < 1e-9, "{}", z.z);
    assert!((z.p - 8.641_567_173_1e-14).abs() < 1e-22, "{}", z.p);
    let cmp = item.agree_comparison.as_ref().unwrap();
    assert_eq!(cmp.versus_rest[0], Some(Direction::Lower));

    // The key sentence names the panel, both shares, both bases and the difference in points.
    let view = View {
        by: Some(SOURCE.into()),
        ..View::default()
    };
    let report = build(&both, &view, &Options::default());
    let chart = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .find(|c| c.id == "competenties")
        .unwrap();
    // The largest difference leads: 'Tegenspraak geven', where the organisation's 156 of 240
    // (65.0%, by construction: every item has the same pattern, shifted) stand against the
    // panel's 1,536 of 1,601 (95.9%, by Python's csv module), printed 65% and 96%.
    let s = &chart.sentences[0];
    assert!(s.contains("‘Tegenspraak geven’ dan Landelijk panel"), "{s}");
    assert!(
        s.starts_with("Naar ‘Vergelijking’: Uw organisatie is het minder vaak"),
        "{s}"
    );
    assert!(s.contains("65% (n = 240) tegenover 96% (n = 1.601)"), "{s}");
    assert!(s.contains("verschil van 31 procentpunten"), "{s}");
    assert!(s.contains("een significant verschil (95%)"), "{s}");
    // Each side's base, never the two together (1,841).
    assert!(
        chart
            .input
            .subtitle
            .starts_with("n = 240 (Uw organisatie) en n = 1.601 (Landelijk panel)"),
        "{}",
        chart.input.subtitle
    );
    // The table gives the difference in points: the organisation's 'Zeer mee eens' with
    // 'Tegenspraak geven' — by construction 72 of 240 (30,0%): respondents whose pattern
    // value (i·7 + 10·3) mod 20 is one of the six values 13–18 — against the panel's 990 of
    // 1,601, by Python's csv module on data/vakmanschap.csv. The panel's own rows have no
    // difference.
    let header = |name: &str| chart.table.headers.iter().position(|h| h == name).unwrap();
    let (group, answer, item, diff) = (
        header("Groep"),
        header("Antwoord"),
        header("Item"),
        header("Verschil (procentpunten)"),
    );
    let text = |row: &Vec<peiling_engine::chart::Cell>, i: usize| match &row[i] {
        peiling_engine::chart::Cell::Text(t) => t.clone(),
        peiling_engine::chart::Cell::Number { text, .. } => text.clone(),
        _ => String::new(),
    };
    let row = |g: &str| {
        chart
            .table
            .rows
            .iter()
            .find(|r| {
                text(r, item) == "Tegenspraak geven"
                    && text(r, group).starts_with(g)
                    && text(r, answer) == "Zeer mee eens"
            })
            .unwrap()
    };
    let org_zeer = (0..ORG).filter(|&i| point(i, 10) == 4).count();
    assert_eq!(org_zeer, 72);
    let panel_zeer = 990.0; // python3: sum(r['competentie_11'] == 'Zeer mee eens')
    let want = 72.0 / 240.0 * 100.0 - panel_zeer / 1601.0 * 100.0;
    match &row("Uw organisatie")[diff] {
        peiling_engine::chart::Cell::Number { value, .. } => {
            assert!((value - want).abs() < 1e-9, "{value} vs {want}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        row("Landelijk panel")[diff],
        peiling_engine::chart::Cell::Empty
    );
    // Nothing is said of both surveys together.
    assert!(
        chart.sentences.iter().all(|s| !s.contains("1.841")),
        "{:?}",
        chart.sentences
    );
}

#[test]
fn a_comparison_hosted_as_one_file_reads_back_as_the_same_comparison() {
    // The file an embed of the comparison reads: both sides in one CSV with its codebook.
    let panel = panel();
    let org = template_org(&panel);
    let matching = match_codebooks(&panel.codebook, &org.codebook);
    let both = compared(&panel, &org, &matching, None);
    let csv = peiling_engine::export::data::data_csv(&both);
    let codebook = peiling_engine::export::data::data_codebook(&both);
    let import = read(&csv, "vergelijking.csv", &ReadOptions::default()).unwrap();
    assert_eq!(import.dataset.rows, ORG + 1601);
    let hosted = Survey::new(import.dataset, codebook);
    let view = View {
        by: Some(SOURCE.into()),
        ..View::default()
    };
    let a = build(&both, &view, &Options::default());
    let b = build(&hosted, &view, &Options::default());
    assert_eq!(a.sections, b.sections);
}

/// What the page asks the reader worker (`transfer::match_surveys`, `transfer::choose_match`)
/// is what the engine does in one place: the codebooks cross as JSON, the column names as a
/// list, and the answers as borsh bytes; the reference is `adopt` and `match_codebooks` (and
/// `Matching::set` for the person's choice) called directly on the surveys as read.
#[test]
fn the_matching_made_in_the_worker_is_the_matching_made_in_place() {
    use peiling_engine::compare::matching::chosen;
    use peiling_engine::transfer::{choose_match, match_surveys, parse_chosen, Matched};
    let panel = panel();
    let reference_json = panel.codebook.to_json();
    for (csv, name) in [
        (template_csv(&panel), "organisatie.csv"),
        (tool_csv(&panel), "limesurvey.csv"),
    ] {
        let read = upload(&csv, name);
        let columns: Vec<String> = read.data.columns.iter().map(|c| c.name.clone()).collect();
        let other_json = read.codebook.to_json();
        let bytes = match_surveys(&reference_json, &other_json, &columns)
            .unwrap()
            .to_bytes();
        let matched = Matched::parse(&bytes).unwrap();

        let proposed = read.codebook.clone();
        let in_place = adopt(&panel.codebook, read);
        let codebook = matched.codebook.clone().unwrap_or(proposed);
        assert_eq!(codebook, in_place.codebook, "{name}");
        let expected = match_codebooks(&panel.codebook, &in_place.codebook);
        assert_eq!(matched.matching, expected, "{name}");
        assert!(matched.matching.matched() > 0, "{name}");

        // The person's choice: every reference question given the other's first compatible
        // question, then taken away again.
        let other_json = in_place.codebook.to_json();
        for q in panel
            .codebook
            .questions
            .iter()
            .filter(|q| matched.matching.of(&q.id).is_some())
        {
            let answer = in_place
                .codebook
                .questions
                .iter()
                .find(|o| peiling_engine::compare::matching::compatible(q, o))
                .map(|o| o.id.as_str());
            for answer in [answer, None] {
                let mut by_set = expected.clone();
                by_set.set(&panel.codebook, &in_place.codebook, &q.id, answer);
                let bytes = choose_match(&reference_json, &other_json, &q.id, answer).unwrap();
                let new = parse_chosen(&bytes).unwrap().unwrap();
                assert_eq!(
                    Some(&new),
                    chosen(&panel.codebook, &in_place.codebook, &q.id, answer).as_ref()
                );
                let mut by_choice = expected.clone();
                by_choice.choose(&panel.codebook, answer, new);
                assert_eq!(by_choice, by_set, "{name}: {} answered by {answer:?}", q.id);
            }
        }
    }
}
