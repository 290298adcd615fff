//! Single-series horizontal bars: multi-select shares (each option a share of its own base)
//! and profile distributions (the categories of a group splitting one base).
//!
//! What stays true: a bar's length is its exact share on a scale from 0 to a "nice" maximum
//! (a multiple of the tick step, at least the largest share, at most 100%); the value label
//! sits just past the bar's end, in space the layout reserves for the widest label; the
//! integer percentages of one group of a distribution sum to 100 (largest remainder).

use super::layout::{value_label, RowContext, SMALL_FONT_SIZE};
use super::measure::text_width;
use super::{palette, Anchor, ChartInput, ChartKind, Segment};
use crate::rounding::{largest_remainder, percent_half_up};

/// Space between a bar's end and its value label.
pub const VALUE_LABEL_GAP: f64 = 4.0;

/// The share of a row: its one value over its base.
fn share(values: &[f64], n: f64) -> f64 {
    match values.first() {
        Some(&v) if n > 0.0 => v / n,
        _ => 0.0,
    }
}

/// The integer percentage of every input row (one per row, as a one-element vector).
pub fn percents(input: &ChartInput) -> Vec<Vec<u32>> {
    let value = |i: usize| input.rows[i].values.first().copied().unwrap_or(0.0);
    match input.kind {
        ChartKind::Distribution => {
            let mut out = vec![vec![0]; input.rows.len()];
            let mut groups: Vec<Option<&str>> = Vec::new();
            for row in &input.rows {
                if !groups.contains(&row.group.as_deref()) {
                    groups.push(row.group.as_deref());
                }
            }
            for group in groups {
                let members: Vec<usize> = (0..input.rows.len())
                    .filter(|&i| input.rows[i].group.as_deref() == group)
                    .collect();
                let values: Vec<f64> = members.iter().map(|&i| value(i)).collect();
                for (&i, p) in members.iter().zip(largest_remainder(&values)) {
                    out[i] = vec![p];
                }
            }
            out
        }
        _ => (0..input.rows.len())
            .map(|i| vec![percent_half_up(value(i), input.rows[i].n)])
            .collect(),
    }
}

/// The tick step for a largest share of `max_share`: the smallest of 5, 10, 20 and 25
/// percentage points that needs at most five steps.
fn tick_step(max_share: f64) -> f64 {
    [0.05, 0.10, 0.20, 0.25]
        .into_iter()
        .find(|step| (max_share / step).ceil() <= 5.0)
        .unwrap_or(0.25)
}

/// The end of the value scale: the largest share rounded up to a tick (at most 100%).
pub fn scale_max(input: &ChartInput) -> f64 {
    let max_share = input
        .rows
        .iter()
        .filter(|r| !r.suppressed)
        .map(|r| share(&r.values, r.n))
        .fold(0.0, f64::max)
        .min(1.0);
    let step = tick_step(max_share);
    ((max_share / step - 1e-9).ceil().max(1.0) * step).min(1.0)
}

/// The tick values from 0 to `scale_max`.
pub fn tick_values(scale_max: f64) -> Vec<f64> {
    let step = tick_step(scale_max);
    let steps = (scale_max / step).round() as usize;
    (0..=steps).map(|i| i as f64 * step).collect()
}

/// The space the widest value label needs past the end of a full-length bar.
pub fn end_label_space(input: &ChartInput) -> f64 {
    let percents = percents(input);
    input
        .rows
        .iter()
        .zip(&percents)
        .map(|(row, p)| {
            let marker = row.markers.first().and_then(Option::as_ref);
            text_width(&value_label(p[0], marker), SMALL_FONT_SIZE, false)
        })
        .fold(0.0, f64::max)
        + VALUE_LABEL_GAP
        + 2.0
}

/// The one segment of a bar, its value label past its end.
pub fn segments(context: &RowContext<'_>, scale_max: f64) -> Vec<Segment> {
    let row = context.row;
    let bar = context.bar;
    let share = share(&row.values, row.n);
    let width = (share / scale_max).min(1.0) * bar.width;
    let percent = context.percents[0];
    let marker = row.markers.first().cloned().flatten();
    vec![Segment {
        category: 0,
        x: bar.x,
        width,
        fill: if row.group.is_some() && row.group == context.input.reference_group {
            palette::REFERENCE
        } else {
            palette::ACCENT
        }
        .to_string(),
        pattern: None,
        label: Some(value_label(percent, marker.as_ref())),
        label_x: bar.x + width + VALUE_LABEL_GAP,
        label_y: context.label_y(),
        label_anchor: Anchor::Start,
        label_color: palette::DARK_TEXT.to_string(),
        percent,
        share,
        count: row.values[0],
        ci: row.ci.first().copied(),
        tooltip: context.tooltip(0, percent, row.n),
        marker,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_ends_on_the_first_tick_past_the_largest_share() {
        assert!((tick_step(0.72) - 0.20).abs() < 1e-12);
        assert!((tick_step(0.18) - 0.05).abs() < 1e-12);
        assert_eq!(tick_values(0.8).len(), 5);
        let full = tick_values(1.0);
        assert_eq!(full.len(), 6);
        assert!((full[5] - 1.0).abs() < 1e-12);
    }
}
