//! Invariants of the counting and the analyses, on random surveys.

mod stats_support;

use peiling_engine::dataset::Values;
use peiling_engine::rounding::largest_remainder;
use peiling_engine::stats::{analyse, Cell, Request, Table, Tally, WeightShape};
use peiling_engine::transfer::{decode_column_counted, ColumnShape, PartBuf};
use peiling_engine::Survey;
use proptest::prelude::*;
use stats_support::*;

const ANSWERS: &[&str] = &["a", "b", "c", "d", "e"];
const GROUPS: &[&str] = &["X", "Y", "Z"];

/// A respondent: answer (or none), group (or none), weight.
type Respondent = (Option<usize>, Option<usize>, f64);

fn respondents() -> impl Strategy<Value = Vec<Respondent>> {
    prop::collection::vec(
        (
            prop::option::weighted(0.9, 0..ANSWERS.len()),
            prop::option::weighted(0.9, 0..GROUPS.len()),
            prop_oneof![Just(1.0), Just(0.0), 0.1f64..4.0],
        ),
        1..200,
    )
}

fn build(rows: &[Respondent]) -> (Survey, Vec<f64>) {
    let cell = |v: Option<usize>, labels: &'static [&'static str]| v.map_or("", |i| labels[i]);
    let s = survey(
        &[
            ("q", rows.iter().map(|r| cell(r.0, ANSWERS)).collect()),
            ("g", rows.iter().map(|r| cell(r.1, GROUPS)).collect()),
        ],
        vec![single("q", ANSWERS), single("g", GROUPS)],
    );
    (s, rows.iter().map(|r| r.2).collect())
}

fn tally(s: &Survey, id: &str, w: &[f64], range: std::ops::Range<usize>) -> Tally {
    Tally::count(&s.variable(id, 0).unwrap(), w, range)
}

fn table(s: &Survey, w: &[f64], range: std::ops::Range<usize>) -> Table {
    let (q, g) = (s.variable("q", 0).unwrap(), s.variable("g", 0).unwrap());
    Table::count(&q, &g, w, range)
}

/// The survey with every coded column's code counts, as the page gets them: from the check of
/// each column that crosses from the reader worker.
fn with_transfer_code_counts(s: Survey) -> Survey {
    let counts = s
        .data
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| match &column.values {
            Values::Coded { codes, levels } => {
                let shape = ColumnShape::Coded {
                    name: column.name.clone(),
                    levels: levels.clone(),
                };
                let part = vec![PartBuf::Codes(codes.clone())];
                let (_, counts) = decode_column_counted(codes.len(), i, shape, 0, part).unwrap();
                counts.map(Into::into)
            }
            Values::Text(_) => None,
        })
        .collect();
    s.with_code_counts(counts)
}

/// Respondents of unweighted (possibly filtered) data: every weight 0 or 1.
fn unweighted_respondents() -> impl Strategy<Value = Vec<Respondent>> {
    prop::collection::vec(
        (
            prop::option::weighted(0.9, 0..ANSWERS.len()),
            prop::option::weighted(0.9, 0..GROUPS.len()),
            prop_oneof![4 => Just(1.0), 1 => Just(0.0)],
        ),
        1..300,
    )
}

/// The same cell, its weighted sums to rounding.
fn same_cell(a: &Cell, b: &Cell) -> bool {
    a.n == b.n
        && (a.w - b.w).abs() <= 1e-9 * b.w.max(1.0)
        && (a.w2 - b.w2).abs() <= 1e-9 * b.w2.max(1.0)
}

/// The same crosstab: equal cells, and the same missing to rounding.
fn same(a: &Table, b: &Table) -> bool {
    (a.rows, a.columns, &a.cells) == (b.rows, b.columns, &b.cells)
        && same_cell(&a.missing, &b.missing)
}

proptest! {
    /// Unweighted data is counted by integer increments; the cells must be exactly what adding
    /// the respondents one by one gives (the definition).
    #[test]
    fn unweighted_counts_equal_adding_respondents_one_by_one(rows in unweighted_respondents()) {
        let (s, w) = build(&rows);
        let mut expected = Tally { categories: vec![Default::default(); ANSWERS.len()], ..Default::default() };
        let mut expected_table = Table::new(ANSWERS.len(), GROUPS.len());
        let mut expected_groups = Tally::new(GROUPS.len());
        for &(answer, group, weight) in &rows {
            if weight == 0.0 {
                continue;
            }
            match group {
                Some(g) => expected_groups.categories[g].add(weight),
                None => expected_groups.missing.add(weight),
            }
            match answer {
                Some(a) => expected.categories[a].add(weight),
                None => expected.missing.add(weight),
            }
            match (answer, group) {
                (Some(a), Some(g)) => expected_table.cells[a * GROUPS.len() + g].add(weight),
                _ => expected_table.missing.add(weight),
            }
        }
        prop_assert_eq!(tally(&s, "q", &w, 0..rows.len()), expected.clone());
        prop_assert_eq!(table(&s, &w, 0..rows.len()), expected_table.clone());
        // The crosstab and both variables' tallies from one pass.
        let (q, g) = (s.variable("q", 0).unwrap(), s.variable("g", 0).unwrap());
        let margins = Table::count_with_margins(&q, &g, &w, 0..rows.len(), WeightShape::of(&w));
        prop_assert_eq!(&margins, &(expected_table.clone(), expected.clone(), expected_groups));
        // Visiting only the rows of weight 1 (a report lists them once for a filter).
        let kept: Vec<u32> = (0..rows.len() as u32).filter(|&i| w[i as usize] == 1.0).collect();
        prop_assert_eq!(Table::count_kept_with_margins(&q, &g, &kept), margins);
        prop_assert_eq!(Tally::count_kept(&q, &kept), expected.clone());
        // No filter either: every weight 1, and the weights are not read at all.
        let ones = vec![1.0; rows.len()];
        let mut all = Tally { categories: vec![Default::default(); ANSWERS.len()], ..Default::default() };
        for &(answer, _, _) in &rows {
            match answer {
                Some(a) => all.categories[a].add(1.0),
                None => all.missing.add(1.0),
            }
        }
        prop_assert_eq!(tally(&s, "q", &ones, 0..rows.len()), all.clone());
        // With code counts given (as the page's transfer check counts them): the same figures,
        // whether the counts are used (every row, weights 1) or not (a filter, part of the rows).
        let counted = with_transfer_code_counts(s.clone());
        prop_assert!(counted.code_counts().iter().all(Option::is_some));
        prop_assert_eq!(tally(&counted, "q", &ones, 0..rows.len()), all);
        prop_assert_eq!(tally(&counted, "q", &w, 0..rows.len()), tally(&s, "q", &w, 0..rows.len()));
        let half = 0..rows.len() / 2;
        prop_assert_eq!(tally(&counted, "q", &ones, half.clone()), tally(&s, "q", &ones, half));
    }
    #[test]
    fn counts_sum_to_the_base_and_everyone_is_counted_once(rows in respondents()) {
        let (s, w) = build(&rows);
        let t = tally(&s, "q", &w, 0..rows.len());
        let valid = t.valid();
        let counted = w.iter().filter(|&&x| x > 0.0).count() as u64;
        prop_assert_eq!(valid.n + t.missing.n, counted);
        let a = analyse(&s, &Request { weights: Some(&w), ..Request::new("q") }).unwrap();
        let f = &a.items[0].overall;
        prop_assert_eq!(f.categories.iter().map(|c| c.count_n).sum::<u64>(), f.base_n);
        let weighted: f64 = f.categories.iter().map(|c| c.count).sum();
        prop_assert!((weighted - f.base).abs() <= 1e-9 * f.base.max(1.0));
        if f.base > 0.0 {
            let percent: f64 = f.categories.iter().map(|c| c.percent).sum();
            prop_assert!((percent - 100.0).abs() < 1e-9);
            prop_assert_eq!(f.categories.iter().map(|c| c.display).sum::<u32>(), 100);
        }
    }

    #[test]
    fn crosstab_margins_equal_the_frequencies_of_those_in_a_group(rows in respondents()) {
        let (s, w) = build(&rows);
        // Frequencies of q among respondents with a group = the crosstab's row totals.
        let in_group: Vec<f64> = rows.iter().zip(&w).map(|(r, &x)| if r.1.is_some() { x } else { 0.0 }).collect();
        let freq = tally(&s, "q", &in_group, 0..rows.len());
        let with_answer: Vec<f64> = rows.iter().zip(&w).map(|(r, &x)| if r.0.is_some() { x } else { 0.0 }).collect();
        let groups = tally(&s, "g", &with_answer, 0..rows.len());
        let t = table(&s, &w, 0..rows.len());
        for (r, cell) in freq.categories.iter().enumerate() {
            prop_assert_eq!(t.row_total(r).n, cell.n);
            prop_assert!((t.row_total(r).w - cell.w).abs() <= 1e-9 * cell.w.max(1.0));
        }
        for (c, cell) in groups.categories.iter().enumerate() {
            prop_assert_eq!(t.column_total(c).n, cell.n);
        }
    }

    #[test]
    fn shuffled_rows_give_the_same_results(rows in respondents(), seed in any::<u64>()) {
        let mut shuffled = rows.clone();
        // A deterministic Fisher–Yates shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let run = |rows: &[Respondent]| {
            let (s, w) = build(rows);
            analyse(&s, &Request { weights: Some(&w), ..Request::new("q").by("g") }).unwrap()
        };
        let (a, b) = (run(&rows), run(&shuffled));
        let (x, y) = (a.items[0].crosstab.as_ref().unwrap(), b.items[0].crosstab.as_ref().unwrap());
        prop_assert_eq!(x.base_n, y.base_n);
        for (rx, ry) in x.cells.iter().zip(&y.cells) {
            for (cx, cy) in rx.iter().zip(ry) {
                prop_assert_eq!(cx.count_n, cy.count_n);
                prop_assert!((cx.column_percent - cy.column_percent).abs() < 1e-9);
                prop_assert_eq!(&cx.letters, &cy.letters);
            }
        }
        match (&x.chi_square, &y.chi_square) {
            (Some(p), Some(q)) => prop_assert!((p.statistic - q.statistic).abs() <= 1e-9 * p.statistic.max(1.0)),
            (p, q) => prop_assert_eq!(p.is_none(), q.is_none()),
        }
    }

    #[test]
    fn weights_of_one_give_the_unweighted_results(rows in respondents()) {
        let (s, _) = build(&rows);
        let ones = vec![1.0; rows.len()];
        let unweighted = analyse(&s, &Request::new("q").by("g")).unwrap();
        let weighted = analyse(&s, &Request { weights: Some(&ones), ..Request::new("q").by("g") }).unwrap();
        prop_assert_eq!(unweighted, weighted);
    }

    #[test]
    fn merging_the_counts_of_two_halves_gives_the_count_of_the_whole(rows in respondents(), cut in 0.0f64..1.0) {
        let (s, w) = build(&rows);
        let n = rows.len();
        let k = (cut * n as f64) as usize;
        let mut halves = tally(&s, "q", &w, 0..k);
        halves.merge(&tally(&s, "q", &w, k..n));
        let whole = tally(&s, "q", &w, 0..n);
        let mut tables = table(&s, &w, 0..k);
        tables.merge(&table(&s, &w, k..n));
        let whole_table = table(&s, &w, 0..n);
        let pairs = halves.categories.iter().zip(&whole.categories)
            .chain(std::iter::once((&halves.missing, &whole.missing)))
            .chain(tables.cells.iter().zip(&whole_table.cells));
        for (a, b) in pairs {
            prop_assert_eq!(a.n, b.n);
            prop_assert!((a.w - b.w).abs() <= 1e-9 * b.w.max(1.0));
            prop_assert!((a.w2 - b.w2).abs() <= 1e-9 * b.w2.max(1.0));
        }
    }

    /// A multi-select option is counted from a lookup and the answered mask per row (no branch
    /// on the answer): the cells must be what the definition gives — a respondent who chose no
    /// option has no valid answer, one who chose another option did not choose this one — over
    /// any run of rows, with a breakdown, a filter (weight 0) and weights. The crosstab's
    /// missing sums the grid's parts, so its weighted sums may differ in the last bits.
    #[test]
    fn multi_select_counts_follow_the_definition(
        rows in prop::collection::vec((prop::collection::vec(prop::option::weighted(0.8, any::<bool>()), 3), prop::option::weighted(0.9, 0..GROUPS.len()), prop_oneof![3 => Just(1.0), 1 => Just(0.0), 1 => 0.1f64..4.0]), 1..300),
        cut in 0.0f64..1.0,
    ) {
        let cell = |c: Option<bool>| match c { Some(true) => "1", Some(false) => "0", None => "" };
        let s = survey(
            &[
                ("o1", rows.iter().map(|r| cell(r.0[0])).collect()),
                ("o2", rows.iter().map(|r| cell(r.0[1])).collect()),
                ("o3", rows.iter().map(|r| cell(r.0[2])).collect()),
                ("g", rows.iter().map(|r| r.1.map_or("", |i| GROUPS[i])).collect()),
            ],
            vec![multi("m", &[("o1", "A"), ("o2", "B"), ("o3", "C")]), single("g", GROUPS)],
        );
        let w: Vec<f64> = rows.iter().map(|r| r.2).collect();
        let range = (cut * rows.len() as f64) as usize..rows.len();
        let group = s.variable("g", 0).unwrap();
        for (o, option) in s.options("m").unwrap().iter().enumerate() {
            let mut tally = Tally::new(2);
            let mut crosstab = Table::new(2, GROUPS.len());
            for (opts, g, weight) in &rows[range.clone()] {
                if *weight == 0.0 {
                    continue;
                }
                let answer = opts.contains(&Some(true)).then(|| u16::from(opts[o] == Some(true)));
                match answer {
                    Some(a) => tally.categories[a as usize].add(*weight),
                    None => tally.missing.add(*weight),
                }
                match (answer, g) {
                    (Some(a), Some(g)) => crosstab.cells[a as usize * GROUPS.len() + g].add(*weight),
                    _ => crosstab.missing.add(*weight),
                }
            }
            prop_assert_eq!(Tally::count(option, &w, range.clone()), tally.clone());
            prop_assert!(same(&Table::count(option, &group, &w, range.clone()), &crosstab));
            let shape = WeightShape::of(&w[range.clone()]);
            let (margins, own, _) = Table::count_with_margins(option, &group, &w, range.clone(), shape);
            if shape != WeightShape::Any {
                let kept: Vec<u32> = range.clone().filter(|&i| w[i] == 1.0).map(|i| i as u32).collect();
                let (by_kept, own_kept, _) = Table::count_kept_with_margins(option, &group, &kept);
                prop_assert!(same(&by_kept, &crosstab));
                prop_assert_eq!(&own_kept, &tally);
                prop_assert_eq!(Tally::count_kept(option, &kept), tally.clone());
            }
            prop_assert!(same(&margins, &crosstab));
            prop_assert_eq!(own, tally.clone());
            // The option as the breakdown: the same cells, transposed.
            let by_option = Table::count(&group, option, &w, range.clone());
            for a in 0..2 {
                for g in 0..GROUPS.len() {
                    prop_assert_eq!(by_option.cell(g, a), crosstab.cell(a, g));
                }
            }
            prop_assert!(same_cell(&by_option.missing, &crosstab.missing));
        }
    }

    /// A filter keeps a respondent's weight when, for every filtered question, one of its
    /// conditions allows their answer (OR within a question, AND across questions), and sets
    /// it to 0 otherwise; a respondent without a valid answer passes no condition, and a
    /// multi-select respondent who chose nothing has none. The reference is that definition
    /// on the generated answers themselves, not the survey's variables.
    #[test]
    fn filters_keep_exactly_who_the_definition_keeps(
        rows in prop::collection::vec((prop::option::weighted(0.9, 0..ANSWERS.len()), prop::option::weighted(0.9, 0..GROUPS.len()), prop::collection::vec(prop::option::weighted(0.8, any::<bool>()), 2), prop_oneof![3 => Just(1.0), 1 => Just(0.0), 1 => 0.1f64..4.0]), 1..300),
        conditions in prop::collection::vec((0..4usize, prop::collection::vec(any::<bool>(), 5)), 1..4),
    ) {
        let cell = |c: Option<bool>| match c { Some(true) => "1", Some(false) => "0", None => "" };
        let s = survey(
            &[
                ("q", rows.iter().map(|r| r.0.map_or("", |i| ANSWERS[i])).collect()),
                ("g", rows.iter().map(|r| r.1.map_or("", |i| GROUPS[i])).collect()),
                ("o1", rows.iter().map(|r| cell(r.2[0])).collect()),
                ("o2", rows.iter().map(|r| cell(r.2[1])).collect()),
            ],
            vec![single("q", ANSWERS), single("g", GROUPS), multi("m", &[("o1", "A"), ("o2", "B")])],
        );
        // Condition targets: q, g, and the options of m (items 0 and 1; category 1 = chosen).
        let target = |t: usize| match t { 0 => ("q", 0, ANSWERS.len()), 1 => ("g", 0, GROUPS.len()), t => ("m", t - 2, 2) };
        let mut filter = peiling_engine::stats::Filter::none();
        for (t, allow) in &conditions {
            let (question, item, k) = target(*t);
            let categories: Vec<u16> = (0..k as u16).filter(|&c| allow[c as usize]).collect();
            filter = filter.with(question, item, &categories);
        }
        // The answer each condition looks at, from the generated respondent.
        let answer = |r: &(Option<usize>, Option<usize>, Vec<Option<bool>>, f64), t: usize| -> Option<usize> {
            match t {
                0 => r.0,
                1 => r.1,
                t => r.2.contains(&Some(true)).then(|| usize::from(r.2[t - 2] == Some(true))),
            }
        };
        let question_of = |t: usize| target(t).0;
        let expected: Vec<f64> = rows
            .iter()
            .map(|r| {
                let mut questions: Vec<&str> = conditions.iter().map(|(t, _)| question_of(*t)).collect();
                questions.dedup();
                let passes = questions.iter().all(|q| {
                    conditions.iter().filter(|(t, _)| question_of(*t) == *q).any(|(t, allow)| {
                        answer(r, *t).is_some_and(|a| allow[a])
                    })
                });
                if passes { r.3 } else { 0.0 }
            })
            .collect();
        let w: Vec<f64> = rows.iter().map(|r| r.3).collect();
        prop_assert_eq!(filter.apply(&s, &w).unwrap().into_owned(), expected.clone());
        let mut in_place = w.clone();
        filter.apply_to(&s, &mut in_place).unwrap();
        prop_assert_eq!(&in_place, &expected);
        let mask = filter.mask(&s).unwrap();
        let by_mask: Vec<f64> = w.iter().zip(&mask).map(|(&w, &m)| if m { w } else { 0.0 }).collect();
        prop_assert_eq!(by_mask, expected);
    }

    #[test]
    fn largest_remainder_parts_sum_to_100(values in prop::collection::vec(0.0f64..1000.0, 1..12)) {
        let parts = largest_remainder(&values);
        if values.iter().sum::<f64>() > 0.0 {
            prop_assert_eq!(parts.iter().sum::<u32>(), 100);
        }
    }
}
