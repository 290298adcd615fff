//! SPSS `.sav` and `.zsav` files, through `ambers`.
//!
//! Cells are kept as the file stores them — codes such as `1`, `2`, text answers as text —
//! and what SPSS knows about them is kept beside them in [`ColumnMeta`]: the variable label,
//! the value labels, the declared missing values and ranges, the measurement level, and the
//! multiple-response sets (those the file records, and mentions stored without a record:
//! [`super::mentions`]). Inference turns value labels into categories. The header's row
//! and column counts are checked against the limits before any data is read, and the data
//! is converted one batch at a time.

use std::io::Cursor;

use ambers::{MissingSpec, MrType};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, DurationMicrosecondType, Float64Type, TimestampMicrosecondType,
};
use arrow_array::{Array, ArrayRef};

use super::error::{ReadError, ReadErrorKind};
use super::{
    number_text, ColumnMeta, Format, Import, Layout, MultiSet, MultiSetKind, ReadOptions,
    SourceInfo, ValueLabel, Warning,
};
use crate::dataset::{ColumnBuilder, Dataset};

const BATCH_ROWS: usize = 16_384;

pub(super) fn read(
    bytes: &[u8],
    file_name: &str,
    options: &ReadOptions,
) -> Result<Import, ReadError> {
    // `ambers` 0.4.6 panics on some damaged dictionaries (lengths it trusts; found by fuzzing,
    // kept in fuzz/regressions/): those are refused before it reads them.
    super::spss_check::check(bytes).map_err(|message| {
        ReadError::new(
            file_name,
            ReadErrorKind::Damaged {
                format: "SPSS".into(),
                message,
            },
        )
    })?;
    read_checked(bytes, file_name, options)
}

fn read_checked(bytes: &[u8], file_name: &str, options: &ReadOptions) -> Result<Import, ReadError> {
    let damaged = |e: ambers::error::SpssError| {
        ReadError::new(
            file_name,
            ReadErrorKind::Damaged {
                format: "SPSS".into(),
                message: e.to_string(),
            },
        )
    };
    let mut scanner =
        ambers::scan_sav_from_reader(Cursor::new(bytes), BATCH_ROWS).map_err(damaged)?;
    let meta = scanner.metadata().clone();
    let names = meta.variable_names.clone();
    if names.len() > options.max_columns {
        return Err(ReadError::new(
            file_name,
            ReadErrorKind::TooManyColumns {
                columns: names.len(),
                limit: options.max_columns,
            },
        ));
    }
    if let Some(rows) = meta.number_rows.filter(|&r| r > 0) {
        let rows = rows as usize;
        if rows > options.max_rows {
            return Err(ReadError::new(
                file_name,
                ReadErrorKind::TooManyRows {
                    limit: options.max_rows,
                },
            ));
        }
        if rows.saturating_mul(names.len()) > options.max_cells {
            return Err(ReadError::new(
                file_name,
                ReadErrorKind::TooManyCells {
                    limit: options.max_cells,
                },
            ));
        }
    }
    let mut builders: Vec<ColumnBuilder> = names.iter().map(ColumnBuilder::new).collect();
    let mut rows = 0usize;
    let mut text = String::new();
    while let Some(batch) = scanner.next_batch().map_err(damaged)? {
        rows += batch.num_rows();
        if rows > options.max_rows || rows.saturating_mul(names.len()) > options.max_cells {
            return Err(ReadError::new(
                file_name,
                ReadErrorKind::TooManyCells {
                    limit: options.max_cells,
                },
            ));
        }
        for (builder, array) in builders.iter_mut().zip(batch.columns()) {
            push_array(builder, array, &mut text);
        }
    }
    let mut dataset = Dataset::from_builders(builders);
    dataset.rows = rows;

    let columns = names
        .iter()
        .map(|name| {
            let label = meta
                .label(name)
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned);
            let mut column = ColumnMeta {
                name: name.clone(),
                code: Some(name.clone()),
                question: label.clone().unwrap_or_else(|| name.clone()),
                label,
                measure: meta.measure(name).map(|m| format!("{m:?}").to_lowercase()),
                text_width: meta
                    .format(name)
                    .and_then(|f| f.strip_prefix('A'))
                    .and_then(|w| w.parse().ok()),
                ..ColumnMeta::default()
            };
            if let Some(labels) = meta.value_labels(name) {
                column.value_labels = labels
                    .iter()
                    .map(|(value, label)| ValueLabel {
                        value: value.to_string().trim().to_owned(),
                        label: label.trim().to_owned(),
                    })
                    .collect();
            }
            for spec in meta.variable_missing_values.get(name).into_iter().flatten() {
                match spec {
                    MissingSpec::Value(v) => column.missing_values.push(number_text(*v)),
                    MissingSpec::StringValue(s) => column.missing_values.push(s.trim().to_owned()),
                    MissingSpec::Range { lo, hi } => column.missing_ranges.push((*lo, *hi)),
                }
            }
            column
        })
        .collect();
    let multi_sets: Vec<MultiSet> = meta
        .mr_sets
        .values()
        .map(|set| MultiSet {
            name: set.name.trim_start_matches('$').to_owned(),
            label: set.label.clone(),
            kind: match set.mr_type {
                MrType::MultipleDichotomy => MultiSetKind::Dichotomy,
                MrType::MultipleCategory => MultiSetKind::Category,
            },
            counted_value: set.counted_value.as_ref().map(|v| v.trim().to_owned()),
            columns: set.variables.clone(),
            sources: Vec::new(),
        })
        .collect();
    let warnings = meta
        .warnings
        .iter()
        .map(|w| {
            Warning::new(
                None,
                None,
                format!("het SPSS-bestand meldt: {w}"),
                format!("the SPSS file says: {w}"),
            )
        })
        .collect();
    let mut columns: Vec<ColumnMeta> = columns;
    let mut multi_sets = multi_sets;
    let mentions = super::mentions::mention_sets(&dataset, &columns, &multi_sets);
    multi_sets.extend(mentions);
    let multi_sets = multi_sets
        .into_iter()
        .map(|set| match set.kind {
            MultiSetKind::Category => option_columns(set, &mut dataset, &mut columns),
            MultiSetKind::Dichotomy => set,
        })
        .collect();
    Ok(Import {
        source: SourceInfo {
            file_name: file_name.into(),
            format: Format::Sav,
            encoding: meta.file_encoding.clone(),
            layout: Layout::Plain,
            header_rows: 0,
            rows,
            columns: names.len(),
            bytes: bytes.len() as u64,
            title: Some(meta.file_label.trim().to_owned()).filter(|t| !t.is_empty()),
        },
        dataset,
        columns,
        multi_sets,
        warnings,
    })
}

/// A category set (several columns each holding one chosen category, e.g. `car1…car3` holding
/// car makers) as one column per category marking who chose it (`1`, else empty), appended to
/// the dataset: the dichotomy form every analysis counts. Declared missing values (a code for
/// "none") are no category. The set's own columns stay in the dataset as they are, listed as the
/// set's `sources`.
fn option_columns(set: MultiSet, dataset: &mut Dataset, columns: &mut Vec<ColumnMeta>) -> MultiSet {
    let members: Vec<usize> = set
        .columns
        .iter()
        .filter_map(|c| dataset.column_index(c))
        .collect();
    let Some(&first) = members.first() else {
        return set;
    };
    let meta = columns[first].clone();
    // A set saved without a label asks the question its columns carry as their label.
    let question = if set.label.trim().is_empty() {
        meta.label.clone().unwrap_or_default()
    } else {
        set.label.clone()
    };
    let missing = |v: &str| {
        meta.missing_values.iter().any(|m| m == v)
            || v.parse::<f64>().is_ok_and(|x| {
                meta.missing_ranges
                    .iter()
                    .any(|&(lo, hi)| x >= lo && x <= hi)
            })
    };
    // The categories: the labelled values, then any other value seen, in number order.
    let mut values: Vec<String> = meta.value_labels.iter().map(|v| v.value.clone()).collect();
    for &m in &members {
        for r in 0..dataset.rows {
            if let Some(v) = dataset.columns[m].cell(r) {
                if !values.iter().any(|x| x == v) {
                    values.push(v.to_owned());
                }
            }
        }
    }
    values.retain(|v| !missing(v));
    values.sort_by(|a, b| match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y),
        _ => a.cmp(b),
    });
    let mut names = Vec::with_capacity(values.len());
    for value in &values {
        let mut name = format!("{}#{value}", set.name);
        while dataset.column_index(&name).is_some() {
            name.push('_');
        }
        let mut builder = ColumnBuilder::new(name.clone());
        for r in 0..dataset.rows {
            let chosen = members
                .iter()
                .any(|&m| dataset.columns[m].cell(r) == Some(value.as_str()));
            if chosen {
                builder.push("1");
            } else {
                builder.push_missing();
            }
        }
        let label = meta
            .value_labels
            .iter()
            .find(|v| &v.value == value)
            .map_or_else(|| value.clone(), |v| v.label.clone());
        dataset.columns.push(builder.finish());
        columns.push(ColumnMeta {
            name: name.clone(),
            question: question.clone(),
            sub: Some(label.clone()),
            label: Some(label),
            ..ColumnMeta::default()
        });
        names.push(name);
    }
    MultiSet {
        label: question,
        counted_value: Some("1".into()),
        sources: set.columns.clone(),
        columns: names,
        ..set
    }
}

/// Appends one Arrow column's cells as text.
fn push_array(builder: &mut ColumnBuilder, array: &ArrayRef, text: &mut String) {
    use std::fmt::Write;
    let len = array.len();
    if let Some(values) = array.as_primitive_opt::<Float64Type>() {
        for i in 0..len {
            if values.is_null(i) || !values.value(i).is_finite() {
                builder.push_missing();
            } else {
                builder.push(&number_text(values.value(i)));
            }
        }
    } else if let Some(values) = array.as_string_view_opt() {
        for i in 0..len {
            builder.push(if values.is_null(i) {
                ""
            } else {
                values.value(i)
            });
        }
    } else if let Some(values) = array.as_string_opt::<i32>() {
        for i in 0..len {
            builder.push(if values.is_null(i) {
                ""
            } else {
                values.value(i)
            });
        }
    } else if let Some(values) = array.as_primitive_opt::<Date32Type>() {
        for i in 0..len {
            match values.value_as_date(i).filter(|_| !values.is_null(i)) {
                Some(date) => {
                    text.clear();
                    let _ = write!(text, "{date}");
                    builder.push(text);
                }
                None => builder.push_missing(),
            }
        }
    } else if let Some(values) = array.as_primitive_opt::<TimestampMicrosecondType>() {
        for i in 0..len {
            match values.value_as_datetime(i).filter(|_| !values.is_null(i)) {
                Some(moment) => {
                    text.clear();
                    let _ = write!(text, "{moment}");
                    builder.push(text);
                }
                None => builder.push_missing(),
            }
        }
    } else if let Some(values) = array.as_primitive_opt::<DurationMicrosecondType>() {
        for i in 0..len {
            if values.is_null(i) {
                builder.push_missing();
            } else {
                builder.push(&number_text(values.value(i) as f64 / 1e6));
            }
        }
    } else {
        for _ in 0..len {
            builder.push_missing();
        }
    }
}
