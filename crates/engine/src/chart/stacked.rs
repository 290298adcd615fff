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
use crate::rounding::largest_remainder;
use crate::stats::scale_ends::End;

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

/// The weight of `row` in the net share of one end of the scale: the two strongest points of
/// that side (its end point when it has one), as the Likert figures and the key sentences
/// count them (`stats::likert::ends`).
pub fn net_part(categories: &[SeriesCategory], row: &RowInput, end: End) -> f64 {
    let strength = |role: Role| match (role, end) {
        (Role::Positive(s), End::Positive) | (Role::Negative(s), End::Negative) => Some(s),
        _ => None,
    };
    let strongest = categories
        .iter()
        .filter_map(|c| strength(c.role))
        .max()
        .unwrap_or(0);
    categories
        .iter()
        .zip(&row.values)
        .filter(|(c, _)| strength(c.role).is_some_and(|s| s + 1 >= strongest))
        .map(|(_, v)| v)
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
