//! 100% stacked bars: one bar per item (or per group of an item), segments in scale order,
//! non-substantive answers last and set apart.
//!
//! What stays true: the visible segments and the gaps between them tile `[bar.x, bar.x +
//! bar.width]` exactly (the last segment closes the bar, so rounding cannot leave a sliver);
//! a segment of zero share has zero width and no gap; the integer percentages of a bar sum
//! to 100 by largest remainder; a label is shown only for a share of at least 5% whose text
//! fits the segment.

use super::layout::{category_fills, fits, value_label, RowContext};
use super::{palette, Anchor, ChartInput, Role, RowInput, Segment, SeriesCategory};
use crate::codebook::Text;
use crate::rounding::largest_remainder;
use crate::stats::scale_ends::{speaks_of_agreement, End, ScaleEnds};

/// The gap between two segments, showing the page's white (WCAG 1.4.11: fills do not carry
/// the boundary alone).
pub const SEGMENT_GAP: f64 = 1.0;
/// The gap that sets the first non-substantive segment apart from the scale.
pub const NON_SUBSTANTIVE_GAP: f64 = 6.0;
/// Labels are shown only for shares of at least this.
pub const MIN_LABEL_SHARE: f64 = 0.05;

/// The integer percentages of every input row (largest remainder over its categories).
pub fn percents(input: &ChartInput) -> Vec<Vec<u32>> {
    input
        .rows
        .iter()
        .map(|row| largest_remainder(&row.values))
        .collect()
}

/// The categories one end of the scale's net share counts: the two strongest points of that
/// side (its end point when it has one), mildest first — as the Likert figures and the key
/// sentences count them (`stats::likert::ends`).
pub fn net_points(categories: &[SeriesCategory], end: End) -> Vec<usize> {
    let strength = |role: Role| match (role, end) {
        (Role::Positive(s), End::Positive) | (Role::Negative(s), End::Negative) => Some(s),
        _ => None,
    };
    let strongest = categories
        .iter()
        .filter_map(|c| strength(c.role))
        .max()
        .unwrap_or(0);
    let mut points: Vec<(u8, usize)> = categories
        .iter()
        .enumerate()
        .filter_map(|(k, c)| strength(c.role).map(|s| (s, k)))
        .filter(|&(s, _)| s + 1 >= strongest)
        .collect();
    points.sort_unstable();
    points.into_iter().map(|(_, k)| k).collect()
}

/// The ends of a scale of `categories` as its net shares count them ([`net_points`]), named
/// as `stats::scale_ends` names them.
pub fn scale_ends(categories: &[SeriesCategory]) -> ScaleEnds {
    let labels = |end| {
        net_points(categories, end)
            .into_iter()
            .map(|k| Text::new(categories[k].label.as_str()))
            .collect()
    };
    ScaleEnds {
        agreement: speaks_of_agreement(categories.iter().map(|c| c.label.as_str())),
        positive: labels(End::Positive),
        negative: labels(End::Negative),
    }
}

/// The weight of `row` in the net share of one end of the scale ([`net_points`]).
pub fn net_part(categories: &[SeriesCategory], row: &RowInput, end: End) -> f64 {
    net_points(categories, end)
        .into_iter()
        .filter_map(|k| row.values.get(k))
        .sum()
}

/// The gap before segment `k` given the previous visible segment.
fn gap_before(categories: &[SeriesCategory], previous: Option<usize>, k: usize) -> f64 {
    match previous {
        None => 0.0,
        Some(p) => {
            if categories[k].role == Role::NonSubstantive
                && categories[p].role != Role::NonSubstantive
            {
                NON_SUBSTANTIVE_GAP
            } else {
                SEGMENT_GAP
            }
        }
    }
}

/// The segments of one stacked bar.
pub fn segments(context: &RowContext<'_>) -> Vec<Segment> {
    let input = context.input;
    let row = context.row;
    let bar = context.bar;
    let categories = &input.categories;
    let total: f64 = row.values.iter().sum();
    let visible: Vec<usize> = (0..categories.len())
        .filter(|&k| row.values[k] > 0.0)
        .collect();
    let mut gaps = vec![0.0; categories.len()];
    for (i, &k) in visible.iter().enumerate() {
        gaps[k] = gap_before(categories, i.checked_sub(1).map(|p| visible[p]), k);
    }
    let mut gap_total: f64 = gaps.iter().sum();
    if gap_total >= bar.width / 2.0 {
        // A bar too narrow for its gaps: draw it without them rather than distort it.
        gaps.iter_mut().for_each(|g| *g = 0.0);
        gap_total = 0.0;
    }
    let drawable = bar.width - gap_total;
    let last_visible = visible.last().copied();
    let fills = category_fills(input);
    let label_y = context.label_y();

    let mut x = bar.x;
    let mut segments = Vec::with_capacity(categories.len());
    for (k, (fill, pattern)) in fills.into_iter().enumerate() {
        let share = if total > 0.0 {
            row.values[k] / total
        } else {
            0.0
        };
        x += gaps[k];
        let width = if Some(k) == last_visible {
            bar.x + bar.width - x
        } else if row.values[k] > 0.0 {
            share * drawable
        } else {
            0.0
        };
        let percent = context.percents[k];
        let marker = row.markers.get(k).cloned().flatten();
        let label = segment_label(share, percent, marker.as_ref(), width);
        let label_color = palette::label_color(&fill).to_string();
        segments.push(Segment {
            category: k,
            x,
            width,
            fill,
            pattern,
            label,
            label_x: x + width / 2.0,
            label_y,
            label_anchor: Anchor::Middle,
            label_color,
            percent,
            share,
            count: row.values[k],
            ci: row.ci.get(k).copied(),
            tooltip: context.tooltip(k, percent, total),
            marker,
        });
        x += width;
    }
    segments
}

/// "63%", "63% ▲", or only the marker, whichever fits; nothing below 5%.
fn segment_label(
    share: f64,
    percent: u32,
    marker: Option<&super::Marker>,
    width: f64,
) -> Option<String> {
    if share < MIN_LABEL_SHARE {
        return None;
    }
    let full = value_label(percent, marker);
    if fits(&full, width) {
        return Some(full);
    }
    let plain = value_label(percent, None);
    fits(&plain, width).then_some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::Lang;

    #[test]
    fn a_charts_points_keep_the_two_strongest_of_each_side() {
        // A 7-point scale: strengths 1–3 on each side; the net counts the two strongest.
        let roles = [
            Role::Negative(3),
            Role::Negative(2),
            Role::Negative(1),
            Role::Neutral,
            Role::Positive(1),
            Role::Positive(2),
            Role::Positive(3),
        ];
        let categories: Vec<SeriesCategory> = roles
            .iter()
            .enumerate()
            .map(|(k, &role)| SeriesCategory {
                label: (k + 1).to_string(),
                role,
            })
            .collect();
        let e = scale_ends(&categories);
        assert_eq!(e.words(End::Positive, Lang::Nl), "6\u{2013}7");
        assert_eq!(e.words(End::Negative, Lang::Nl), "1\u{2013}2");
        assert!(!e.agreement);
        // The net share of a row counts those points only.
        let row = RowInput {
            label: "x".into(),
            note: None,
            group: None,
            n: 28.0,
            values: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
            ci: Vec::new(),
            markers: Vec::new(),
            small_base: false,
            suppressed: false,
            letters: Vec::new(),
            mean: None,
            suppressed_reason: None,
            exclusive: false,
        };
        assert_eq!(net_part(&categories, &row, End::Positive), 13.0);
        assert_eq!(net_part(&categories, &row, End::Negative), 3.0);
    }
}
