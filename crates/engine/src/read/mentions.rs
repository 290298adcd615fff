//! Multiple answers stored as mentions, without a set record: `Q08_1` … `Q08_6` each holding
//! the code of one option a respondent named (the first named in `Q08_1`, the second in
//! `Q08_2`, …), as interviewing systems and older SPSS syntax write a "tick all that apply"
//! question. SPSS's own multiple-response set record says so when it is there; when it is not,
//! these variables read as a grid of statements that are no statements.
//!
//! What stays true: a run of variables is a mention set only when everything about it says
//! so at once — consecutive variables `STEM1`, `STEM2`, … (numbered from 1 without a gap) with
//! one variable label and one set of value labels between them, no respondent naming the same
//! code twice among them, and every respondent's mentions filled from the first variable on
//! (no answer after an empty one). A battery of statements fails the first (each statement
//! has its own label) and, nearly always, the third. Variables already in a set record are
//! left to it.

use std::collections::HashSet;

use super::{ColumnMeta, MultiSet, MultiSetKind};
use crate::dataset::Dataset;

/// The mention sets among `columns` that no set in `known` holds, as category sets (the
/// reader makes them one marked column per category, as it does a recorded one).
pub(super) fn mention_sets(
    dataset: &Dataset,
    columns: &[ColumnMeta],
    known: &[MultiSet],
) -> Vec<MultiSet> {
    let taken: HashSet<&str> = known
        .iter()
        .flat_map(|s| s.columns.iter().chain(&s.sources))
        .map(String::as_str)
        .collect();
    let mut names: HashSet<String> = known.iter().map(|s| s.name.clone()).collect();
    let mut sets = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        let run = run_from(columns, i, &taken);
        if run.len() >= 2 && named_as_mentions(dataset, columns, &run) {
            let first = &columns[run[0]];
            let (stem, _) = numbered(&first.name).expect("a run's names are numbered");
            let mut name = stem.trim_end_matches(['_', '.', '-']).to_owned();
            if name.is_empty() || dataset.column_index(&name).is_some() || names.contains(&name) {
                name = format!("{stem}mentions");
            }
            names.insert(name.clone());
            sets.push(MultiSet {
                name,
                label: first.label.clone().unwrap_or_default(),
                kind: MultiSetKind::Category,
                counted_value: None,
                columns: run.iter().map(|&c| columns[c].name.clone()).collect(),
                sources: Vec::new(),
            });
            i += run.len();
        } else {
            i += 1;
        }
    }
    sets
}

/// A name's stem and its trailing number: `Q08_3` → (`Q08_`, 3).
fn numbered(name: &str) -> Option<(&str, u32)> {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, number) = name.split_at(name.len() - digits);
    if stem.is_empty() || number.is_empty() || number.len() > 4 {
        return None;
    }
    Some((stem, number.parse().ok()?))
}

/// The columns from `start` that could be one set: numbered from 1 on one stem, each after
/// the one before, with the first's variable label, value labels and declared missing values.
fn run_from(columns: &[ColumnMeta], start: usize, taken: &HashSet<&str>) -> Vec<usize> {
    let first = &columns[start];
    let eligible = |c: &ColumnMeta| {
        !taken.contains(c.name.as_str())
            && c.label.as_deref().is_some_and(|l| !l.trim().is_empty())
            && !c.value_labels.is_empty()
    };
    let Some((stem, 1)) = numbered(&first.name) else {
        return Vec::new();
    };
    if !eligible(first) {
        return Vec::new();
    }
    let mut run = vec![start];
    for (n, c) in columns.iter().enumerate().skip(start + 1) {
        let same = eligible(c)
            && numbered(&c.name) == Some((stem, run.len() as u32 + 1))
            && c.label == first.label
            && c.value_labels == first.value_labels
            && c.missing_values == first.missing_values
            && c.missing_ranges == first.missing_ranges;
        if !same {
            break;
        }
        run.push(n);
    }
    run
}

/// Whether the respondents' answers in `run` are mentions: filled from the first column on,
/// no code named twice by one respondent, and someone named something.
fn named_as_mentions(dataset: &Dataset, columns: &[ColumnMeta], run: &[usize]) -> bool {
    let Some(cells): Option<Vec<_>> = run
        .iter()
        .map(|&c| {
            dataset
                .column_index(&columns[c].name)
                .map(|i| &dataset.columns[i])
        })
        .collect()
    else {
        return false;
    };
    let mut anyone = false;
    let mut named: Vec<&str> = Vec::with_capacity(cells.len());
    for row in 0..dataset.rows {
        named.clear();
        let mut ended = false;
        for column in &cells {
            match column.cell(row).map(str::trim).filter(|v| !v.is_empty()) {
                // A mention after an empty variable, or a code named twice: no mentions.
                Some(v) if ended || named.contains(&v) => return false,
                Some(v) => named.push(v),
                None => ended = true,
            }
        }
        anyone |= !named.is_empty();
    }
    anyone
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::ColumnBuilder;
    use crate::read::ValueLabel;

    /// Columns `names` sharing one label and value labels, with `rows` of cells ("" empty).
    fn import(names: &[&str], label: &str, rows: &[&[&str]]) -> (Dataset, Vec<ColumnMeta>) {
        let mut builders: Vec<ColumnBuilder> =
            names.iter().map(|n| ColumnBuilder::new(*n)).collect();
        for row in rows {
            for (b, cell) in builders.iter_mut().zip(row.iter()) {
                if cell.is_empty() {
                    b.push_missing();
                } else {
                    b.push(cell);
                }
            }
        }
        let mut dataset = Dataset::from_builders(builders);
        dataset.rows = rows.len();
        let labels = ["tv", "laptop", "tablet", "phone"]
            .iter()
            .enumerate()
            .map(|(i, l)| ValueLabel {
                value: (i + 1).to_string(),
                label: (*l).to_owned(),
            })
            .collect::<Vec<_>>();
        let columns = names
            .iter()
            .map(|n| ColumnMeta {
                name: (*n).to_owned(),
                label: Some(label.to_owned()),
                value_labels: labels.clone(),
                ..ColumnMeta::default()
            })
            .collect();
        (dataset, columns)
    }

    const NAMES: [&str; 4] = ["ID", "Q9_1", "Q9_2", "Q9_3"];

    #[test]
    fn mentions_filled_from_the_first_without_repeats_are_one_set() {
        let (data, columns) = import(
            &NAMES,
            "Q9. devices",
            &[
                &["1", "2", "4", ""],
                &["2", "1", "", ""],
                &["3", "", "", ""],
                &["4", "3", "2", "1"],
            ],
        );
        let sets = mention_sets(&data, &columns, &[]);
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].name, "Q9");
        assert_eq!(sets[0].label, "Q9. devices");
        assert_eq!(sets[0].columns, ["Q9_1", "Q9_2", "Q9_3"]);
        assert_eq!(sets[0].kind, MultiSetKind::Category);
    }

    #[test]
    fn a_battery_or_a_gap_or_a_recorded_set_is_no_mention_set() {
        // One respondent gives the same answer to two of the variables: statements, not
        // mentions.
        let (data, columns) = import(&NAMES, "Q9.", &[&["1", "2", "2", ""], &["2", "1", "3", ""]]);
        assert!(mention_sets(&data, &columns, &[]).is_empty());
        // An answer after an empty variable.
        let (data, columns) = import(&NAMES, "Q9.", &[&["1", "2", "", "3"]]);
        assert!(mention_sets(&data, &columns, &[]).is_empty());
        // Each variable its own label: a battery.
        let (data, mut columns) = import(&NAMES, "Q9.", &[&["1", "2", "3", ""]]);
        columns[2].label = Some("Q9. other".into());
        assert!(mention_sets(&data, &columns, &[]).is_empty());
        // Already in the file's own set record.
        let (data, columns) = import(&NAMES, "Q9.", &[&["1", "2", "3", ""]]);
        let recorded = MultiSet {
            name: "devices".into(),
            label: String::new(),
            kind: MultiSetKind::Category,
            counted_value: None,
            columns: vec!["Q9_1".into(), "Q9_2".into(), "Q9_3".into()],
            sources: Vec::new(),
        };
        assert!(mention_sets(&data, &columns, &[recorded]).is_empty());
    }
}
