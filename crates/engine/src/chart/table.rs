//! The numbers behind a chart as one table: the accessible alternative on the page and the
//! source of the CSV, XLSX and HTML exports.
//!
//! One row per item, group and category (long format, so every cell has one meaning and the
//! exports can be filtered and pivoted). Items are in the chart's order. Every number keeps
//! its exact value beside the text a reader sees (percentages with one decimal).
//! Suppressed rows show no numbers, not even their base, only why.

use super::layout::{
    count_decimals, count_text, items_of, net_headings, order_items, suppressed_message,
};
use super::stacked::net_part;
use super::{ChartInput, ChartKind, RowInput};
use crate::codebook::Lang;
use crate::format;
use crate::stats::scale_ends::End;
use serde::{Deserialize, Serialize};

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    Text(String),
    /// An exact value, its display text ("63,4%") and the decimals the text shows (so a
    /// spreadsheet can display the exact value the same way).
    Number {
        value: f64,
        text: String,
        decimals: u8,
    },
    Empty,
}

impl Cell {
    /// What a reader sees.
    pub fn display(&self) -> &str {
        match self {
            Cell::Text(text) | Cell::Number { text, .. } => text,
            Cell::Empty => "",
        }
    }
}

/// A chart's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The chart's title and base line.
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}

fn percent_cell(percent: f64, lang: Lang) -> Cell {
    Cell::Number {
        value: percent,
        text: format!("{}%", format::decimal(percent, 1, lang)),
        decimals: 1,
    }
}

fn count_cell(count: f64, lang: Lang) -> Cell {
    Cell::Number {
        value: count,
        text: count_text(count, lang),
        decimals: count_decimals(count),
    }
}

/// A table's caption: the chart's title and its subtitle (base, and for an export the view).
pub fn caption(input: &ChartInput) -> String {
    if input.subtitle.is_empty() {
        input.title.clone()
    } else {
        format!("{} \u{2014} {}", input.title, input.subtitle)
    }
}

/// The numbers of `input` as a table, in the chart's item order.
/// A difference in percentage points, signed ("+6,2", "−3,0"), exact underneath.
fn points_cell(value: f64, lang: Lang) -> Cell {
    let text = format::decimal(value.abs(), 1, lang);
    let sign = if text.trim_start_matches(['0', ',', '.']).is_empty() {
        ""
    } else if value > 0.0 {
        "+"
    } else {
        "\u{2212}"
    };
    Cell::Number {
        value,
        text: format!("{sign}{text}"),
        decimals: 1,
    }
}

pub fn table(input: &ChartInput) -> Table {
    let lang = input.lang;
    let nl = lang == Lang::Nl;
    let grouped = input.rows.iter().any(|r| r.group.is_some());
    let stacked = input.kind == ChartKind::Stacked;
    let mut headers: Vec<&str> = Vec::new();
    headers.push(match (stacked, nl) {
        (true, _) => "Item",
        (false, true) => "Antwoord",
        (false, false) => "Answer",
    });
    if grouped {
        headers.push(if nl { "Groep" } else { "Group" });
    }
    if stacked {
        headers.push(if nl { "Antwoord" } else { "Answer" });
    }
    headers.extend(if nl {
        [
            "Aantal",
            "Percentage",
            "95%-interval: ondergrens",
            "95%-interval: bovengrens",
            "Significantie",
            "Basis (n)",
        ]
    } else {
        [
            "Count",
            "Percentage",
            "95% interval: lower",
            "95% interval: upper",
            "Significance",
            "Base (n)",
        ]
    });
    // The net shares of the bar, on each of its rows (long format), exact.
    let nets = stacked && input.nets;
    let net_headings = nets.then(|| net_headings(input));
    if let Some((agree, disagree)) = &net_headings {
        headers.extend([agree.as_str(), disagree.as_str()]);
    }
    // The column-proportion letters (SPSS/Q style) and the means of a scale.
    let letters = input.rows.iter().any(|r| !r.letters.is_empty());
    if letters {
        headers.push(if nl { "Hoger dan" } else { "Higher than" });
    }
    let means = input.rows.iter().any(|r| r.mean.is_some());
    if means {
        headers.extend(if nl {
            [
                "Gemiddelde",
                "Gemiddelde 95%-interval: ondergrens",
                "Gemiddelde 95%-interval: bovengrens",
            ]
        } else {
            [
                "Mean",
                "Mean 95% interval: lower",
                "Mean 95% interval: upper",
            ]
        });
    }
    // A comparison: each share of the compared side minus the reference's, in points.
    let difference = input.reference_group.is_some() && grouped;
    if difference {
        headers.push(if nl {
            "Verschil (procentpunten)"
        } else {
            "Difference (percentage points)"
        });
    }
    let extra = usize::from(letters) + if means { 3 } else { 0 } + usize::from(difference);

    let mut rows = Vec::new();
    for item in order_items(input, items_of(input)) {
        let reference = item
            .rows
            .iter()
            .map(|&(_, r)| r)
            .find(|r| r.group.is_some() && r.group == input.reference_group && !r.suppressed);
        for &(_, row) in &item.rows {
            let total: f64 = if stacked {
                row.values.iter().sum()
            } else {
                row.n
            };
            for (k, category) in input.categories.iter().enumerate() {
                let mut cells = vec![Cell::Text(row.label.clone())];
                if grouped {
                    let group = row.group.clone().unwrap_or_default();
                    let star = if row.small_base { " *" } else { "" };
                    cells.push(Cell::Text(format!("{group}{star}")));
                }
                if stacked {
                    cells.push(Cell::Text(category.label.clone()));
                }
                let count = row.values.get(k).copied().unwrap_or(0.0);
                if row.suppressed {
                    cells.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
                    cells.push(Cell::Text(suppressed_message(row, lang)));
                    cells.push(Cell::Empty);
                    if nets {
                        cells.extend([Cell::Empty, Cell::Empty]);
                    }
                    cells.extend(std::iter::repeat_n(Cell::Empty, extra));
                    rows.push(cells);
                    continue;
                } else {
                    cells.push(count_cell(count, lang));
                    cells.push(if total > 0.0 {
                        percent_cell(count / total * 100.0, lang)
                    } else {
                        Cell::Empty
                    });
                    match row.ci.get(k) {
                        Some(&(low, high)) => {
                            cells.push(percent_cell(low * 100.0, lang));
                            cells.push(percent_cell(high * 100.0, lang));
                        }
                        None => cells.extend([Cell::Empty, Cell::Empty]),
                    }
                    cells.push(match row.markers.get(k).and_then(Option::as_ref) {
                        Some(marker) => Cell::Text(marker.describe(lang)),
                        None => Cell::Empty,
                    });
                }
                cells.push(count_cell(row.n, lang));
                if nets {
                    for end in [End::Positive, End::Negative] {
                        let part = net_part(&input.categories, row, end);
                        cells.push(if total > 0.0 {
                            percent_cell(part / total * 100.0, lang)
                        } else {
                            Cell::Empty
                        });
                    }
                }
                if letters {
                    cells.push(match row.letters.get(k).filter(|l| !l.is_empty()) {
                        Some(l) => Cell::Text(l.clone()),
                        None => Cell::Empty,
                    });
                }
                if means {
                    match row.mean {
                        Some((mean, low, high)) if total > 0.0 => {
                            cells.extend([mean, low, high].map(|x| Cell::Number {
                                value: x,
                                text: format::decimal(x, 2, lang),
                                decimals: 2,
                            }))
                        }
                        _ => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                    }
                }
                if difference {
                    cells.push(match reference.filter(|r| r.group != row.group) {
                        Some(r) => {
                            let share = |x: &RowInput| {
                                let t: f64 = if stacked { x.values.iter().sum() } else { x.n };
                                (t > 0.0)
                                    .then(|| x.values.get(k).copied().unwrap_or(0.0) / t * 100.0)
                            };
                            match (share(row), share(r)) {
                                (Some(a), Some(b)) => points_cell(a - b, lang),
                                _ => Cell::Empty,
                            }
                        }
                        None => Cell::Empty,
                    });
                }
                rows.push(cells);
            }
        }
    }
    let mut notes = Vec::new();
    if input.rows.iter().any(|r| r.small_base) {
        notes.push(
            if nl {
                "* Kleine basis: voorzichtig interpreteren"
            } else {
                "* Small base: interpret with care"
            }
            .to_string(),
        );
    }
    notes.extend(input.tests.iter().cloned());
    if means {
        notes.push(
            if nl {
                "Gemiddelde op de schaal (1 = het eerste antwoord), zonder de antwoorden buiten de schaal; 95%-interval op de t-verdeling."
            } else {
                "Mean on the scale (1 = the first answer), without the answers outside the scale; 95% interval on the t distribution."
            }
            .to_string(),
        );
    }
    if !input.source.is_empty() {
        notes.push(input.source.clone());
    }
    Table {
        caption: caption(input),
        headers: headers.into_iter().map(str::to_string).collect(),
        rows,
        notes,
    }
}
