//! Disclosure control on small surveys whose groups are counted by hand in the comments: a
//! rare answer among many is shown, a small group and its complement are hidden in every
//! output, and subtracting two published views recovers no group of too few.

mod stats_support;

use peiling_engine::chart::{Cell, ChartKind};
use peiling_engine::report::{build_chart, view_options};
use peiling_engine::stats::analysis::disclosure_counts;
use peiling_engine::stats::disclosure::Hidden;
use peiling_engine::stats::{analyse, Analysis, Filter, Options, Request};
use peiling_engine::view::View;
use peiling_engine::Lang;
use stats_support::*;

const THRESHOLD: u64 = 10;

fn publishing() -> Options {
    Options {
        disclosure: Some(THRESHOLD),
        ..Options::default()
    }
}

/// `q` by `g` at the threshold.
fn by_group_published(s: &peiling_engine::Survey) -> Analysis {
    let request = Request {
        options: publishing(),
        ..Request::new("q").by("g")
    };
    analyse(s, &request).unwrap()
}

/// Rows of (group, in or out of the filter, respondents, of whom answer "Ja").
fn survey_of(parts: &[(&'static str, &'static str, usize, usize)]) -> peiling_engine::Survey {
    let (mut q, mut g, mut f) = (Vec::new(), Vec::new(), Vec::new());
    for &(group, side, n, ja) in parts {
        for k in 0..n {
            q.push(if k < ja { "Ja" } else { "Nee" });
            g.push(group);
            f.push(side);
        }
    }
    survey(
        &[("q", q), ("g", g), ("f", f)],
        vec![
            single("q", &["Ja", "Nee"]),
            single("g", &["A", "B", "C", "D"]),
            single("f", &["in", "out"]),
        ],
    )
}

#[test]
fn a_rare_answer_among_many_is_never_blanked() {
    // 300 respondents, 150 per group; 2 answer "Nee" (one in each group).
    let s = survey_of(&[("A", "in", 150, 149), ("B", "in", 150, 149)]);
    let a = by_group_published(&s);
    let item = &a.items[0];
    assert!(!item.overall.hidden());
    assert_eq!(item.overall.categories[1].count_n, 2);
    for group in &item.groups[..2] {
        assert!(!group.frequencies.hidden());
        assert_eq!(group.frequencies.categories[1].count_n, 1);
    }
    assert!(a.groups.iter().all(|g| g.hidden.is_none()));
}

#[test]
fn a_small_group_and_its_complement_are_hidden_in_chart_table_and_sentences() {
    // A 300, B 40, C 12, D 6: D is below 10, and C (the next smallest) goes with it, or D
    // would be the total minus A, B and C.
    let s = survey_of(&[
        ("A", "in", 300, 150),
        ("B", "in", 40, 35),
        ("C", "in", 12, 3),
        ("D", "in", 6, 6),
    ]);
    let a = by_group_published(&s);
    let why: Vec<Option<Hidden>> = a.groups.iter().map(|g| g.hidden).collect();
    assert_eq!(
        why,
        vec![
            None,
            None,
            Some(Hidden::Complementary),
            Some(Hidden::TooFew)
        ]
    );
    let item = &a.items[0];
    let crosstab = item.crosstab.as_ref().unwrap();
    for row in &crosstab.cells {
        assert!(!row[0].suppressed && !row[1].suppressed);
        assert!(row[2].suppressed && row[3].suppressed);
        assert_eq!((row[3].count_n, row[3].column_percent), (0, 0.0));
        // No letter points at a hidden group.
        assert!(!row[0].letters.contains(['C', 'D']) && !row[1].letters.contains(['C', 'D']));
    }
    assert!(item.groups[2].frequencies.hidden() && item.groups[3].frequencies.hidden());
    assert!(!item.groups[1].frequencies.hidden());

    // The page's chart, table and sentences, in publishing mode.
    let view = View {
        by: Some("g".into()),
        publish: true,
        lang: Lang::En,
        ..View::default()
    };
    let chart = build_chart(&s, &view, "q", &view_options(&view, &Options::default())).unwrap();
    assert_eq!(chart.input.kind, ChartKind::Distribution);
    assert_eq!(chart.input.disclosure, Some(THRESHOLD));
    for row in &chart.input.rows {
        let group = row.group.as_deref().unwrap();
        let hidden = group.starts_with('C') || group.starts_with('D');
        assert_eq!(row.suppressed, hidden, "{group}");
        if hidden {
            assert!(row.values.iter().all(|&v| v == 0.0) && row.n == 0.0);
            let reason = row.suppressed_reason.as_deref().unwrap();
            if group.starts_with('D') {
                assert_eq!(reason, "Not shown: fewer than 10 respondents");
            } else {
                assert_eq!(reason, "Not shown: it would reveal a smaller group");
            }
        }
    }
    for row in &chart.table.rows {
        if let Cell::Text(group) = &row[1] {
            if group.starts_with('C') || group.starts_with('D') {
                assert!(row[2..6].iter().all(|c| *c == Cell::Empty), "{row:?}");
                assert!(row[6].display().starts_with("Not shown"));
                assert_eq!(row[7], Cell::Empty);
            }
        }
    }
    let sentences = chart.sentences.join(" ");
    assert!(
        !sentences.contains("‘C’") && !sentences.contains(" C ") && !sentences.contains(" D "),
        "{sentences}"
    );

    // Outside publishing mode the analyst sees every group.
    let open = View {
        publish: false,
        ..view
    };
    let chart = build_chart(&s, &open, "q", &view_options(&open, &Options::default())).unwrap();
    assert!(chart.input.rows.iter().all(|r| !r.suppressed));
}

/// What a reader can read off a published view: per shown group its respondents and "Ja"
/// count, and the view's total respondents and "Ja" count.
struct Published {
    groups: Vec<Option<(u64, u64)>>,
    total: (u64, u64),
}

fn published(a: &Analysis) -> Published {
    let item = &a.items[0];
    let crosstab = item.crosstab.as_ref().unwrap();
    Published {
        groups: (0..a.groups.len())
            .map(|g| {
                (!crosstab.cells[0][g].suppressed).then(|| {
                    (
                        crosstab.cells[0][g].count_n + crosstab.cells[1][g].count_n,
                        crosstab.cells[0][g].count_n,
                    )
                })
            })
            .collect(),
        total: (
            item.overall.base_n,
            item.overall
                .categories
                .first()
                .map_or(0, |c| if c.suppressed { 0 } else { c.count_n }),
        ),
    }
}

/// Every set of respondents whose answers follow from two published views by subtraction:
/// (respondents, "Ja" count). `sizes` are the groups' respondents in the filter and before
/// it, which the breakdown question's own chart publishes.
fn differences(
    unfiltered: &Published,
    filtered: &Published,
    sizes: &[(u64, u64)],
) -> Vec<(u64, i64)> {
    let mut found = Vec::new();
    let hidden_sum = |p: &Published| {
        let (mut n, mut ja) = (p.total.0 as i64, p.total.1 as i64);
        for (n_g, ja_g) in p.groups.iter().flatten() {
            n -= *n_g as i64;
            ja -= *ja_g as i64;
        }
        (n, ja)
    };
    // Within one view: the total minus the shown groups.
    for p in [unfiltered, filtered] {
        let (n, ja) = hidden_sum(p);
        found.push((n as u64, ja));
    }
    // Across the views: a group shown in both, unfiltered minus filtered (the part of it the
    // filter leaves out).
    for g in 0..sizes.len() {
        if let (Some(u), Some(f)) = (unfiltered.groups[g], filtered.groups[g]) {
            found.push((u.0 - f.0, u.1 as i64 - f.1 as i64));
        }
    }
    // Across the views: what the filter leaves out of the hidden groups, when the unfiltered
    // hidden groups all lie inside the filter (their sizes say so): the groups hidden only in
    // the filtered view, as the unfiltered view shows them, minus the filtered hidden total
    // less the unfiltered one.
    let hidden_u: Vec<usize> = (0..sizes.len())
        .filter(|&g| unfiltered.groups[g].is_none())
        .collect();
    let hidden_f: Vec<usize> = (0..sizes.len())
        .filter(|&g| filtered.groups[g].is_none())
        .collect();
    let outside_u: u64 = hidden_u.iter().map(|&g| sizes[g].1 - sizes[g].0).sum();
    if outside_u == 0 && hidden_u.iter().all(|g| hidden_f.contains(g)) {
        let (su, sf) = (hidden_sum(unfiltered), hidden_sum(filtered));
        let only_f: Vec<usize> = hidden_f
            .iter()
            .copied()
            .filter(|g| !hidden_u.contains(g))
            .collect();
        let shown_u: (i64, i64) = only_f
            .iter()
            .filter_map(|&g| unfiltered.groups[g])
            .fold((0, 0), |(n, ja), (a, b)| (n + a as i64, ja + b as i64));
        let inside = (sf.0 - su.0, sf.1 - su.1);
        found.push((inside.0 as u64, inside.1));
        found.push(((shown_u.0 - inside.0) as u64, shown_u.1 - inside.1));
    }
    found
}

/// The respondents and "Ja" count of groups `groups` on side `side` ("in", "out" or both).
fn truth(parts: &[(&str, &str, usize, usize)], groups: &[&str], side: Option<&str>) -> (u64, i64) {
    parts
        .iter()
        .filter(|p| groups.contains(&p.0) && side.is_none_or(|s| s == p.1))
        .fold((0, 0), |(n, ja), p| (n + p.2 as u64, ja + p.3 as i64))
}

#[test]
fn differencing_the_unfiltered_and_the_filtered_view_recovers_no_group_of_too_few() {
    // A: 200 in the filter, 100 out; B: 35 in, 5 out; C: 12 in; D: 6 in.
    let parts = [
        ("A", "in", 200, 120),
        ("A", "out", 100, 30),
        ("B", "in", 35, 20),
        ("B", "out", 5, 5),
        ("C", "in", 12, 3),
        ("D", "in", 6, 6),
    ];
    let s = survey_of(&parts);
    let sizes = [(200, 300), (35, 40), (12, 12), (6, 6)];
    let view = |options: Options, filtered: bool| {
        let filter = if filtered {
            Filter::none().with("f", 0, &[0])
        } else {
            Filter::none()
        };
        let request = Request {
            options,
            filter,
            ..Request::new("q").by("g")
        };
        published(&analyse(&s, &request).unwrap())
    };
    let unfiltered = view(publishing(), false);
    let filtered = view(publishing(), true);
    // A report counts disclosure control's filter cells once and hands them to every chart
    // (`Request::disclosure_counts`): the filtered analysis is the same, the groups hidden
    // for the respondents outside the filter included.
    let request = Request {
        options: publishing(),
        filter: Filter::none().with("f", 0, &[0]),
        ..Request::new("q").by("g")
    };
    let counts = disclosure_counts(&s, &request).unwrap();
    assert!(counts.is_some());
    let handed = Request {
        disclosure_counts: counts.as_ref(),
        ..request.clone()
    };
    assert_eq!(
        analyse(&s, &handed).unwrap(),
        analyse(&s, &request).unwrap()
    );
    let found = differences(&unfiltered, &filtered, &sizes);
    assert!(found.len() >= 3, "{found:?}");
    for (n, ja) in &found {
        assert!(
            *n == 0 || *n >= THRESHOLD,
            "a set of {n} respondents ({ja} 'Ja') follows from the two views"
        );
    }
    // Each group hidden in the filtered view stays hidden by these subtractions: none of them
    // gives its own figures.
    assert_eq!(filtered.groups.iter().filter(|g| g.is_none()).count(), 4);

    // The same attack on the views without disclosure control recovers B's 5 respondents
    // outside the filter: the attack works, the protection stops it.
    let open = differences(
        &view(Options::default(), false),
        &view(Options::default(), true),
        &sizes,
    );
    assert!(
        open.contains(&truth(&parts, &["B"], Some("out"))),
        "{open:?}"
    );
    // And hiding only the groups of too few, without complements, lets D be worked out.
    let d = truth(&parts, &["D"], None);
    let mut primary_only = view(Options::default(), false);
    primary_only.groups[3] = None;
    assert!(differences(&primary_only, &primary_only, &sizes).contains(&d));
}

#[test]
fn a_filter_that_keeps_or_leaves_out_too_few_withholds_every_figure() {
    let s = survey_of(&[("A", "in", 300, 150), ("B", "out", 6, 3)]);
    for keep in [0u16, 1] {
        let request = Request {
            options: publishing(),
            filter: Filter::none().with("f", 0, &[keep]),
            ..Request::new("q").by("g")
        };
        let a = analyse(&s, &request).unwrap();
        assert!(a.withheld, "keeping {keep}");
        assert!(a.items[0].overall.hidden());
        assert!(a.groups.iter().all(|g| g.hidden.is_some()));
    }
}

/// Rows of (group, first filter "in"/"out", second filter "ja"/"nee", respondents, of whom
/// answer "Ja").
type Nested = (&'static str, &'static str, &'static str, usize, usize);

fn nested_survey(parts: &[Nested]) -> peiling_engine::Survey {
    let (mut q, mut g, mut f, mut h) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for &(group, side, second, n, ja) in parts {
        for k in 0..n {
            q.push(if k < ja { "Ja" } else { "Nee" });
            g.push(group);
            f.push(side);
            h.push(second);
        }
    }
    survey(
        &[("q", q), ("g", g), ("f", f), ("h", h)],
        vec![
            single("q", &["Ja", "Nee"]),
            single("g", &["A", "B", "C", "D"]),
            single("f", &["in", "out"]),
            single("h", &["ja", "nee"]),
        ],
    )
}

/// What the page publishes of `q` for a view (`by=g` or none, filters as in `f=`): per group
/// (or for the whole view) its respondents and "Ja" count, `None` where hidden.
fn page_figures(
    s: &peiling_engine::Survey,
    by: bool,
    filters: &[(&str, &str)],
    publish: bool,
) -> Vec<(String, Option<(u64, i64)>)> {
    let mut view = View {
        by: by.then(|| "g".to_string()),
        publish,
        ..View::default()
    };
    for (question, values) in filters {
        // "in|rand": a filter that keeps several answers.
        view.set_filter(question, values.split('|').map(str::to_string).collect());
    }
    let options = view_options(&view, &Options::default());
    let report = peiling_engine::report::build(s, &view, &options);
    let Some(chart) = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .find(|c| c.id == "q")
    else {
        // The whole view is withheld: nothing to subtract.
        assert!(report.withheld.is_some());
        return Vec::new();
    };
    // A distribution: a row per answer (and group); the "Ja" rows carry the group's base.
    chart
        .input
        .rows
        .iter()
        .filter(|r| r.label == "Ja")
        .map(|r| {
            let label = r.group.clone().unwrap_or_default();
            let label = label.split(" (").next().unwrap_or_default().to_string();
            (
                label,
                (!r.suppressed).then(|| (r.n as u64, r.values[0] as i64)),
            )
        })
        .collect()
}

/// Everything that follows by subtraction from the published views `wide` (one filter) and
/// `narrow` (two): each row shown in both, wide minus narrow.
fn subtracted(
    wide: &[(String, Option<(u64, i64)>)],
    narrow: &[(String, Option<(u64, i64)>)],
) -> Vec<(String, u64, i64)> {
    wide.iter()
        .filter_map(|(label, w)| {
            let (_, n) = narrow.iter().find(|(l, _)| l == label)?;
            let ((wn, wj), (nn, nj)) = ((*w)?, (*n)?);
            Some((label.clone(), wn - nn, wj - nj))
        })
        .collect()
}

#[test]
fn two_filters_against_one_recover_no_cell_of_too_few() {
    // f=in keeps 120 + 40 = 160 (out: 100); adding h=ja keeps 155: the 5 with f=in, h=nee
    // are the one filter's view minus the two filters' view. Both filters keep and leave out
    // enough against the whole survey (155 of 260), so the one-filter rule let it through.
    let parts = [
        ("A", "in", "ja", 115, 60),
        ("A", "in", "nee", 5, 5),
        ("B", "in", "ja", 40, 10),
        ("A", "out", "ja", 50, 20),
        ("B", "out", "nee", 50, 20),
    ];
    let s = nested_survey(&parts);
    let attack = |publish: bool| {
        let wide = page_figures(&s, false, &[("f", "in")], publish);
        let narrow = page_figures(&s, false, &[("f", "in"), ("h", "ja")], publish);
        subtracted(&wide, &narrow)
    };
    // Without disclosure control the attack works: 5 respondents, all 5 "Ja".
    assert_eq!(attack(false), vec![(String::new(), 5, 5)]);
    // Published, the two-filter view is withheld (the cell f=in, h=nee holds 5), and nothing
    // of fewer than 10 follows.
    let found = attack(true);
    assert!(
        found.iter().all(|(_, n, _)| *n == 0 || *n >= THRESHOLD),
        "{found:?}"
    );
    assert!(page_figures(&s, false, &[("f", "in")], true)
        .iter()
        .all(|(_, f)| f.is_some()));
    // The same through the engine's own filter (the command line's path).
    let request = Request {
        options: publishing(),
        filter: Filter::none().with("f", 0, &[0]).with("h", 0, &[0]),
        ..Request::new("q")
    };
    assert!(analyse(&s, &request).unwrap().withheld);
    // Either filter alone is still published, and so is the pair when every cell is large.
    assert!(!page_figures(&s, false, &[("h", "ja")], true).is_empty());
}

#[test]
fn a_breakdown_within_two_filters_recovers_no_group_of_too_few() {
    // Every cell of the two filters is large (f=in & h=nee: 3 + 20), but group A has 3 there:
    // A in the one-filter view minus A in the two-filter view shows those 3.
    let parts = [
        ("A", "in", "ja", 100, 50),
        ("A", "in", "nee", 3, 0),
        ("B", "in", "ja", 60, 30),
        ("B", "in", "nee", 20, 10),
        ("C", "in", "ja", 40, 20),
        ("D", "in", "ja", 30, 10),
        ("A", "out", "ja", 40, 20),
        ("B", "out", "nee", 40, 20),
        ("C", "out", "ja", 20, 5),
        ("D", "out", "nee", 20, 5),
    ];
    let s = nested_survey(&parts);
    let attack = |publish: bool| {
        let wide = page_figures(&s, true, &[("f", "in")], publish);
        let narrow = page_figures(&s, true, &[("f", "in"), ("h", "ja")], publish);
        let mut found = subtracted(&wide, &narrow);
        // And what the hidden groups hold together: each view's total minus its shown groups.
        for (by, filters) in [
            (false, vec![("f", "in")]),
            (false, vec![("f", "in"), ("h", "ja")]),
        ] {
            let total = page_figures(&s, by, &filters, publish);
            let groups = page_figures(&s, true, &filters, publish);
            if let Some((_, Some((n, ja)))) = total.first() {
                let shown = groups.iter().filter_map(|(_, f)| *f);
                let (sn, sj) = shown.fold((0, 0), |(a, b), (n, j)| (a + n, b + j));
                found.push(("hidden".into(), n - sn, ja - sj));
            }
        }
        found
    };
    // Without disclosure control: group A's 3 respondents with f=in, h=nee, none "Ja".
    let open = attack(false);
    assert!(open.contains(&("A".to_string(), 3, 0)), "{open:?}");
    // Published: no set of fewer than 10 follows, and A is hidden in the two-filter view with
    // a complement (the next-smallest group), or A would be its total minus the others.
    let found = attack(true);
    assert!(
        found.iter().all(|(_, n, _)| *n == 0 || *n >= THRESHOLD),
        "{found:?}"
    );
    let narrow = page_figures(&s, true, &[("f", "in"), ("h", "ja")], true);
    let hidden: Vec<&str> = narrow
        .iter()
        .filter(|(_, f)| f.is_none())
        .map(|(l, _)| l.as_str())
        .collect();
    assert!(hidden.contains(&"A") && hidden.len() >= 2, "{narrow:?}");
    // The one-filter view still shows every group: it rests on large cells only.
    let wide = page_figures(&s, true, &[("f", "in")], true);
    assert!(wide.iter().all(|(_, f)| f.is_some()), "{wide:?}");
}

/// Rows of (group, answer to the filter question "f": "in", "rand" or "out", respondents, of
/// whom answer "Ja").
fn answers_survey(parts: &[(&'static str, &'static str, usize, usize)]) -> peiling_engine::Survey {
    let (mut q, mut g, mut f) = (Vec::new(), Vec::new(), Vec::new());
    for &(group, answer, n, ja) in parts {
        for k in 0..n {
            q.push(if k < ja { "Ja" } else { "Nee" });
            g.push(group);
            f.push(answer);
        }
    }
    survey(
        &[("q", q), ("g", g), ("f", f)],
        vec![
            single("q", &["Ja", "Nee"]),
            single("g", &["A", "B"]),
            single("f", &["in", "rand", "out"]),
        ],
    )
}

#[test]
fn a_filter_keeping_more_answers_against_one_keeping_fewer_recovers_no_answer_of_too_few() {
    // f=in|rand keeps 104, f=in 100: the 4 who answered "rand" (all "Ja") are the one view
    // minus the other, though each filter keeps and leaves out plenty.
    let parts = [
        ("A", "in", 60, 30),
        ("B", "in", 40, 10),
        ("A", "rand", 4, 4),
        ("A", "out", 50, 20),
        ("B", "out", 50, 20),
    ];
    let s = answers_survey(&parts);
    let attack = |by: bool, publish: bool| {
        let wide = page_figures(&s, by, &[("f", "in|rand")], publish);
        let narrow = page_figures(&s, by, &[("f", "in")], publish);
        subtracted(&wide, &narrow)
    };
    // Without disclosure control the attack works: 4 respondents, all 4 "Ja" (in group A).
    assert_eq!(attack(false, false), vec![(String::new(), 4, 4)]);
    assert!(attack(true, false).contains(&("A".to_string(), 4, 4)));
    // Published, the wider view is withheld and nothing of fewer than 10 follows.
    for by in [false, true] {
        let found = attack(by, true);
        assert!(
            found.iter().all(|(_, n, _)| *n == 0 || *n >= THRESHOLD),
            "{found:?}"
        );
    }
    assert!(page_figures(&s, false, &[("f", "in|rand")], true).is_empty());
    // Each answer large enough: the wider view is published.
    let large = answers_survey(&[
        ("A", "in", 60, 30),
        ("B", "in", 40, 10),
        ("A", "rand", 12, 4),
        ("B", "rand", 10, 4),
        ("A", "out", 50, 20),
        ("B", "out", 50, 20),
    ]);
    assert!(page_figures(&large, false, &[("f", "in|rand")], true)
        .iter()
        .all(|(_, f)| f.is_some()));
    // But broken down, group B's part of "rand" must be large too: here it is 3.
    let small_part = answers_survey(&[
        ("A", "in", 60, 30),
        ("B", "in", 40, 10),
        ("A", "rand", 12, 4),
        ("B", "rand", 3, 3),
        ("A", "out", 50, 20),
        ("B", "out", 50, 20),
    ]);
    let wide = page_figures(&small_part, true, &[("f", "in|rand")], true);
    let narrow = page_figures(&small_part, true, &[("f", "in")], true);
    let found = subtracted(&wide, &narrow);
    assert!(
        found.iter().all(|(_, n, _)| *n == 0 || *n >= THRESHOLD),
        "{found:?}"
    );
}
