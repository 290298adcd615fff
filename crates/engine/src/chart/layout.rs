//! The frame of a chart: validation, the order of the items, the label column, the vertical
//! stacking of items and bars, the value axis and the legend.
//!
//! What stays true: every label line fits its column by the [`measure`] estimate; items and
//! rows never overlap (each starts below the previous one's end); exclusive items come after
//! all others, the first of them with a divider above it; from [`NARROW_WIDTH`] down, labels
//! sit above their bars.

use super::measure::{text_width, wrap};
use super::{
    bars, palette, stacked, ChartError, ChartInput, ChartKind, ChartSpec, ItemSpec, LegendEntry,
    Marker, Net, Pattern, RowInput, RowSpec, SortOrder, TextLine, Tick,
};
use crate::codebook::Lang;
use crate::format;
use crate::rounding::percent_half_up;
use crate::stats::scale_ends::{End, ScaleEnds};

/// Item and group labels.
pub const FONT_SIZE: f64 = 13.0;
/// Segment labels, value labels, ticks and the legend.
pub const SMALL_FONT_SIZE: f64 = 12.0;
/// The height of one line of label text.
pub const LINE_HEIGHT: f64 = 17.0;
/// The bar of an item that is not broken down.
pub const BAR_HEIGHT: f64 = 24.0;
/// The bar of one group in a broken-down item.
pub const GROUP_BAR_HEIGHT: f64 = 18.0;
/// Below this container width labels go above the bars.
pub const NARROW_WIDTH: f64 = 560.0;
/// The narrowest and widest layouts.
pub const MIN_WIDTH: f64 = 320.0;
pub const MAX_WIDTH: f64 = 1200.0;

const COLUMN_GAP: f64 = 12.0;
const LABEL_TO_BAR: f64 = 2.0;
const ROW_GAP: f64 = 4.0;
const ITEM_GAP: f64 = 12.0;
const GROUPED_ITEM_GAP: f64 = 18.0;
const HEADING_TO_ROWS: f64 = 4.0;
const DIVIDER_SPACE: f64 = 18.0;
const TICK_LABEL_GAP: f64 = 6.0;

/// Space between the bars and the net columns, and between the two columns.
const NET_GAP: f64 = 8.0;

const LEGEND_SWATCH: f64 = 12.0;
const LEGEND_SWATCH_GAP: f64 = 5.0;
const LEGEND_SPACING: f64 = 14.0;
const LEGEND_SET_APART: f64 = 14.0;
const LEGEND_LINE: f64 = 20.0;

/// The baseline of a line of text at `font_size` whose line box starts at `top`.
pub fn baseline(top: f64, line_height: f64, font_size: f64) -> f64 {
    top + line_height / 2.0 + font_size * 0.35
}

/// The decimals a count is shown with: none for whole numbers, one for weighted fractions.
pub fn count_decimals(count: f64) -> u8 {
    if (count - count.round()).abs() < 1e-9 {
        0
    } else {
        1
    }
}

/// A count or weighted count as text: whole numbers grouped ("1.601"), fractions with one
/// decimal ("12,4").
pub fn count_text(count: f64, lang: Lang) -> String {
    format::decimal(count, usize::from(count_decimals(count)), lang)
}

/// "60,6–65,4%" for an interval of shares.
pub fn interval_text((low, high): (f64, f64), lang: Lang) -> String {
    format!(
        "{}\u{2013}{}",
        format::decimal(low * 100.0, 1, lang),
        format::share(high, 1, lang)
    )
}

/// The parts of a tooltip, one per line.
pub struct TooltipParts<'a> {
    pub item: &'a str,
    pub group: Option<&'a str>,
    pub category: Option<&'a str>,
    pub percent: u32,
    pub count: f64,
    pub base: f64,
    pub ci: Option<(f64, f64)>,
    pub marker: Option<&'a Marker>,
    pub note: Option<&'a str>,
}

/// Label, percentage, count, 95% interval and significance, one per line.
pub fn tooltip(parts: &TooltipParts<'_>, lang: Lang) -> String {
    let mut lines = vec![match parts.group {
        Some(group) => format!("{} \u{2014} {group}", parts.item),
        None => parts.item.to_string(),
    }];
    let of = match lang {
        Lang::Nl => "van",
        Lang::En => "of",
    };
    let value = format!(
        "{} ({} {of} {})",
        format::percent(parts.percent),
        count_text(parts.count, lang),
        count_text(parts.base, lang)
    );
    lines.push(match parts.category {
        Some(category) => format!("{category}: {value}"),
        None => value,
    });
    if let Some(ci) = parts.ci {
        let words = match lang {
            Lang::Nl => "95%-interval",
            Lang::En => "95% interval",
        };
        lines.push(format!("{words}: {}", interval_text(ci, lang)));
    }
    if let Some(marker) = parts.marker {
        lines.push(marker.describe(lang));
    }
    if let Some(note) = parts.note {
        lines.push(note.to_string());
    }
    lines.join("\n")
}

/// An item and the input rows that form it.
pub struct ItemRows<'a> {
    pub label: &'a str,
    pub note: Option<&'a str>,
    /// (index in the input, row)
    pub rows: Vec<(usize, &'a RowInput)>,
    pub exclusive: bool,
}

fn check_len(
    row: usize,
    input_row: &RowInput,
    what: &'static str,
    found: usize,
    expected: usize,
) -> Result<(), ChartError> {
    if found == expected {
        Ok(())
    } else {
        Err(ChartError::RowShape {
            row,
            label: input_row.label.clone(),
            what,
            found,
            expected,
        })
    }
}

/// Checks that every row matches the categories and holds usable numbers.
pub fn validate(input: &ChartInput) -> Result<(), ChartError> {
    let expected = input.categories.len();
    if input.kind != ChartKind::Stacked && expected != 1 {
        return Err(ChartError::BarCategories { found: expected });
    }
    for (i, row) in input.rows.iter().enumerate() {
        check_len(i, row, "values", row.values.len(), expected)?;
        if !row.ci.is_empty() {
            check_len(i, row, "intervals", row.ci.len(), expected)?;
        }
        if !row.markers.is_empty() {
            check_len(i, row, "markers", row.markers.len(), expected)?;
        }
        let bad = |x: f64| !x.is_finite() || x < 0.0;
        if bad(row.n) || row.values.iter().any(|&v| bad(v)) {
            return Err(ChartError::BadNumber {
                row: i,
                label: row.label.clone(),
            });
        }
    }
    Ok(())
}

/// Gathers rows into items: rows with a group and the same label form one item, in order of
/// first appearance; a row without a group is an item of its own.
pub fn items_of(input: &ChartInput) -> Vec<ItemRows<'_>> {
    let mut items: Vec<ItemRows<'_>> = Vec::new();
    for (i, row) in input.rows.iter().enumerate() {
        let existing = row.group.as_ref().and_then(|_| {
            items
                .iter()
                .position(|item| item.label == row.label && item.rows[0].1.group.is_some())
        });
        match existing {
            Some(at) => {
                let item = &mut items[at];
                item.exclusive |= row.exclusive;
                if item.note.is_none() {
                    item.note = row.note.as_deref();
                }
                item.rows.push((i, row));
            }
            None => items.push(ItemRows {
                label: &row.label,
                note: row.note.as_deref(),
                rows: vec![(i, row)],
                exclusive: row.exclusive,
            }),
        }
    }
    items
}

/// The share an item is sorted by, pooled over its groups.
fn sort_key(input: &ChartInput, item: &ItemRows<'_>) -> f64 {
    let (mut part, mut whole) = (0.0, 0.0);
    for (_, row) in item.rows.iter().filter(|(_, r)| !r.suppressed) {
        match input.sort {
            SortOrder::ByAgreement if input.kind == ChartKind::Stacked => {
                part += stacked::net_part(&input.categories, row, End::Positive);
                whole += row.values.iter().sum::<f64>();
            }
            _ => {
                part += row.values.first().copied().unwrap_or(0.0);
                whole += row.n;
            }
        }
    }
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// Orders items: by the requested order, then exclusive items last (each part stable).
pub fn order_items<'a>(input: &'a ChartInput, mut items: Vec<ItemRows<'a>>) -> Vec<ItemRows<'a>> {
    if input.sort != SortOrder::AsGiven {
        let mut keyed: Vec<(f64, ItemRows<'a>)> = items
            .into_iter()
            .map(|item| (sort_key(input, &item), item))
            .collect();
        crate::sort::stable_by(&mut keyed, |a, b| b.0.total_cmp(&a.0));
        items = keyed.into_iter().map(|(_, item)| item).collect();
    }
    let (mut ordered, exclusive): (Vec<_>, Vec<_>) = items.into_iter().partition(|i| !i.exclusive);
    ordered.extend(exclusive);
    ordered
}

/// Horizontal geometry shared by all rows.
pub struct Columns {
    pub labels_above: bool,
    /// Width available to item and group labels.
    pub label_width: f64,
    /// Width available to headings spanning the chart.
    pub full_width: f64,
    pub bar_x: f64,
    pub bar_width: f64,
}

fn lines_at(texts: Vec<String>, x: f64, top: f64, font_size: f64, bold: bool) -> Vec<TextLine> {
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| TextLine {
            text,
            x,
            y: baseline(top + i as f64 * LINE_HEIGHT, LINE_HEIGHT, font_size),
            font_size,
            bold,
        })
        .collect()
}

/// Lays out the whole chart.
pub fn build(input: &ChartInput, width: f64) -> Result<ChartSpec, ChartError> {
    validate(input)?;
    let width = if width.is_finite() {
        width.clamp(MIN_WIDTH, MAX_WIDTH)
    } else {
        640.0
    };
    let lang = input.lang;
    let items = order_items(input, items_of(input));
    let grouped = input.rows.iter().any(|r| r.group.is_some());
    let percents = match input.kind {
        ChartKind::Stacked => stacked::percents(input),
        _ => bars::percents(input),
    };
    let scale_max = match input.kind {
        ChartKind::Stacked => 1.0,
        _ => bars::scale_max(input),
    };
    let ticks_at = match input.kind {
        ChartKind::Stacked => vec![0.0, 0.5, 1.0],
        _ => bars::tick_values(scale_max),
    };
    let tick_label = |v: f64| format::percent((v * 100.0).round() as u32);
    let half_tick = ticks_at
        .iter()
        .map(|&v| text_width(&tick_label(v), SMALL_FONT_SIZE, false) / 2.0)
        .fold(0.0, f64::max);
    let end_space = match input.kind {
        ChartKind::Stacked => half_tick,
        _ => bars::end_label_space(input).max(half_tick),
    };
    let nets = NetColumns::of(input, width);
    let end_space = end_space + nets.as_ref().map_or(0.0, |n| n.space());

    let labels_above = width < NARROW_WIDTH;
    let columns = if labels_above {
        let bar_x = half_tick;
        Columns {
            labels_above,
            label_width: width,
            full_width: width,
            bar_x,
            bar_width: width - bar_x - end_space,
        }
    } else {
        let label_width = (width * 0.32).clamp(140.0, 320.0);
        let bar_x = label_width + COLUMN_GAP;
        Columns {
            labels_above,
            label_width,
            full_width: width,
            bar_x,
            bar_width: width - bar_x - end_space,
        }
    };

    let distinct_n = {
        let ns: Vec<f64> = input.rows.iter().map(|r| r.n.round()).collect();
        ns.windows(2).any(|w| w[0] != w[1])
    };
    let show_item_n = !grouped && distinct_n;

    let mut y = nets.as_ref().map_or(0.0, |n| n.header_height);
    let grid_top = y;
    let mut seen_exclusive = false;
    let mut item_specs = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let mut divider_y = None;
        if item.exclusive && !seen_exclusive {
            seen_exclusive = true;
            if index > 0 {
                divider_y = Some(y - ITEM_GAP / 2.0 + DIVIDER_SPACE / 2.0);
                y += DIVIDER_SPACE;
            }
        }
        let item_top = y;
        // (input row, group label lines, bar top, bar height) of each bar of the item.
        let mut placements = Vec::with_capacity(item.rows.len());
        let label_lines;
        if grouped {
            label_lines = lines_at(
                wrap(item.label, columns.full_width, FONT_SIZE, true),
                0.0,
                y,
                FONT_SIZE,
                true,
            );
            y += label_lines.len() as f64 * LINE_HEIGHT + HEADING_TO_ROWS;
            for (k, &(input_index, row)) in item.rows.iter().enumerate() {
                if k > 0 {
                    y += ROW_GAP;
                }
                let (row_lines, bar_y, bottom) =
                    place_labelled_bar(&columns, &group_label(row, lang), y, GROUP_BAR_HEIGHT);
                y = bottom;
                placements.push((input_index, row_lines, bar_y, GROUP_BAR_HEIGHT));
            }
        } else {
            let (input_index, row) = item.rows[0];
            let text = if show_item_n {
                format!("{} ({})", item.label, format::n_equals(row.n, lang))
            } else {
                item.label.to_string()
            };
            let (lines, bar_y, bottom) = place_labelled_bar(&columns, &text, y, BAR_HEIGHT);
            label_lines = lines;
            y = bottom;
            placements.push((input_index, Vec::new(), bar_y, BAR_HEIGHT));
        }
        let rows = placements
            .into_iter()
            .map(|(input_index, row_lines, bar_y, bar_height)| {
                let bar = Bar {
                    x: columns.bar_x,
                    y: bar_y,
                    width: columns.bar_width,
                    height: bar_height,
                };
                let mut row = row_spec(
                    input,
                    item,
                    input_index,
                    &percents[input_index],
                    row_lines,
                    bar,
                    scale_max,
                );
                if let Some(nets) = &nets {
                    nets.place(input, &input.rows[input_index], &mut row);
                }
                row
            })
            .collect();
        item_specs.push(ItemSpec {
            label: item.label.to_string(),
            note: item.note.map(str::to_string),
            label_lines,
            y: item_top,
            height: y - item_top,
            exclusive: item.exclusive,
            divider_y,
            rows,
        });
        y += if grouped { GROUPED_ITEM_GAP } else { ITEM_GAP };
    }
    let grid_bottom = if item_specs.is_empty() {
        0.0
    } else {
        y - if grouped { GROUPED_ITEM_GAP } else { ITEM_GAP } + ITEM_GAP / 2.0
    };
    let tick_label_y = grid_bottom + TICK_LABEL_GAP + SMALL_FONT_SIZE;
    let height = (tick_label_y + SMALL_FONT_SIZE * 0.4).ceil();
    let ticks = ticks_at
        .iter()
        .map(|&value| Tick {
            value,
            x: columns.bar_x + value / scale_max * columns.bar_width,
            label: tick_label(value),
        })
        .collect();
    let (legend, legend_height) = legend(input, width);
    Ok(ChartSpec {
        kind: input.kind,
        lang,
        title: input.title.clone(),
        subtitle: input.subtitle.clone(),
        source: input.source.clone(),
        categories: input.categories.clone(),
        width,
        height,
        view_box: format!("0 0 {width} {height}"),
        labels_above,
        items: item_specs,
        ticks,
        grid_top,
        grid_bottom,
        tick_label_y,
        legend,
        legend_height,
        net_headers: nets.map(|n| n.headers).unwrap_or_default(),
        notes: notes(input),
    })
}

/// The two net columns at the right of a stacked chart.
struct NetColumns {
    /// Centres of the columns: agree, disagree, and the mean when shown.
    xs: Vec<f64>,
    column: f64,
    headers: Vec<TextLine>,
    header_height: f64,
    /// The mean on a scale of this many points is shown as a third column.
    mean_scale: Option<usize>,
}

impl NetColumns {
    /// The columns of `input` at `width`, if it shows nets.
    fn of(input: &ChartInput, width: f64) -> Option<NetColumns> {
        if !(input.nets && input.kind == ChartKind::Stacked) {
            return None;
        }
        let (agree, disagree) = net_headings(input);
        let mean_heading = input.mean_scale.map(|k| mean_heading(k, input.lang));
        let mut headings = vec![agree, disagree];
        headings.extend(mean_heading);
        // Wide enough for "100%" and for the longest word of a heading.
        let widest_word = headings
            .iter()
            .flat_map(|h| h.split(' '))
            .map(|w| text_width(w, SMALL_FONT_SIZE, true))
            .fold(text_width("100%", SMALL_FONT_SIZE, false), f64::max);
        let column = (widest_word + 8.0).max(if width >= NARROW_WIDTH { 64.0 } else { 0.0 });
        let count = headings.len();
        let xs: Vec<f64> = (0..count)
            .map(|k| width - column / 2.0 - (count - 1 - k) as f64 * (column + NET_GAP))
            .collect();
        let wrapped: Vec<Vec<String>> = headings
            .iter()
            .map(|text| wrap(text, column, SMALL_FONT_SIZE, true))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(0);
        let mut headers = Vec::new();
        for (&x, texts) in xs.iter().zip(wrapped) {
            // Bottom-aligned, so all headings end on the line above the bars.
            let first = lines - texts.len();
            for (k, text) in texts.into_iter().enumerate() {
                headers.push(TextLine {
                    text,
                    x,
                    y: baseline(
                        (first + k) as f64 * LINE_HEIGHT,
                        LINE_HEIGHT,
                        SMALL_FONT_SIZE,
                    ),
                    font_size: SMALL_FONT_SIZE,
                    bold: true,
                });
            }
        }
        Some(NetColumns {
            xs,
            column,
            headers,
            header_height: lines as f64 * LINE_HEIGHT + HEADING_TO_ROWS,
            mean_scale: input.mean_scale,
        })
    }

    /// The width the columns take from the bars.
    fn space(&self) -> f64 {
        self.xs.len() as f64 * (self.column + NET_GAP)
    }

    /// Puts `row`'s net figures (and mean) in the columns (none for a hidden or empty bar).
    fn place(&self, input: &ChartInput, row: &RowInput, spec: &mut RowSpec) {
        let Some(net) = net_of(input, row) else {
            return;
        };
        let y = baseline(spec.bar_y, spec.bar_height, SMALL_FONT_SIZE);
        let mut texts = vec![format::percent(net.agree), format::percent(net.disagree)];
        if self.mean_scale.is_some() {
            texts.push(row.mean.map_or(String::new(), |(mean, _, _)| {
                format::decimal(mean, 1, input.lang)
            }));
        }
        spec.net_labels = self
            .xs
            .iter()
            .zip(texts)
            .map(|(&x, text)| TextLine {
                text,
                x,
                y,
                font_size: SMALL_FONT_SIZE,
                bold: false,
            })
            .collect();
        spec.net = Some(net);
    }
}

/// The heading of the mean column: "Gemiddelde (1–5)".
pub fn mean_heading(points: usize, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!("Gemiddelde (1\u{2013}{points})"),
        Lang::En => format!("Mean (1\u{2013}{points})"),
    }
}

/// The ends of `input`'s scale as its net columns count them (see `stats::scale_ends`).
pub fn scale_ends(input: &ChartInput) -> ScaleEnds {
    stacked::scale_ends(&input.categories)
}

/// The headings of `input`'s net columns in its language: (positive, negative) — "% (zeer)
/// eens" for an agreement scale, the scale's own words for another.
pub fn net_headings(input: &ChartInput) -> (String, String) {
    scale_ends(input).headings(input.lang)
}

/// The net shares of a stacked row: the positive and negative categories together over the
/// bar's total, each rounded half up; `None` for a hidden or empty bar.
pub fn net_of(input: &ChartInput, row: &RowInput) -> Option<Net> {
    let total: f64 = row.values.iter().sum();
    if row.suppressed || total <= 0.0 {
        return None;
    }
    let share = |end| percent_half_up(stacked::net_part(&input.categories, row, end), total);
    Some(Net {
        agree: share(End::Positive),
        disagree: share(End::Negative),
    })
}

/// "Gemeente (n = 412)", with " *" on a small base.
fn group_label(row: &RowInput, lang: Lang) -> String {
    let group = row.group.as_deref().unwrap_or_default();
    if row.suppressed {
        return group.to_string();
    }
    let star = if row.small_base { " *" } else { "" };
    format!("{group} ({}){star}", format::n_equals(row.n, lang))
}

/// Places a label and its bar from `top`: above it when narrow, beside it (both centred on
/// each other) when wide. Returns the label lines, the bar's y and the bottom of the block.
fn place_labelled_bar(
    columns: &Columns,
    text: &str,
    top: f64,
    bar_height: f64,
) -> (Vec<TextLine>, f64, f64) {
    let bold = false;
    let texts = wrap(text, columns.label_width, FONT_SIZE, bold);
    let text_height = texts.len() as f64 * LINE_HEIGHT;
    if columns.labels_above {
        let lines = lines_at(texts, 0.0, top, FONT_SIZE, bold);
        let bar_y = top + text_height + LABEL_TO_BAR;
        (lines, bar_y, bar_y + bar_height)
    } else {
        let block = text_height.max(bar_height);
        let lines = lines_at(
            texts,
            0.0,
            top + (block - text_height) / 2.0,
            FONT_SIZE,
            bold,
        );
        (lines, top + (block - bar_height) / 2.0, top + block)
    }
}

fn row_spec(
    input: &ChartInput,
    item: &ItemRows<'_>,
    input_index: usize,
    percents: &[u32],
    label_lines: Vec<TextLine>,
    bar: Bar,
    scale_max: f64,
) -> RowSpec {
    let row = &input.rows[input_index];
    let lang = input.lang;
    let total: f64 = row.values.iter().sum();
    let empty = match input.kind {
        ChartKind::Stacked => total <= 0.0,
        _ => row.n <= 0.0,
    };
    let message_text = if row.suppressed {
        Some(suppressed_message(row, lang))
    } else if empty {
        Some(
            match lang {
                Lang::Nl => "Geen antwoorden",
                Lang::En => "No responses",
            }
            .to_string(),
        )
    } else {
        None
    };
    let segments = if message_text.is_some() {
        Vec::new()
    } else {
        let context = RowContext {
            input,
            item_label: item.label,
            note: item.note,
            row,
            percents,
            bar,
        };
        match input.kind {
            ChartKind::Stacked => stacked::segments(&context),
            _ => bars::segments(&context, scale_max),
        }
    };
    RowSpec {
        group: row.group.clone(),
        label_lines,
        n: row.n,
        n_label: format::n_equals(row.n, lang),
        bar_x: bar.x,
        bar_y: bar.y,
        bar_width: bar.width,
        bar_height: bar.height,
        segments,
        small_base: row.small_base,
        suppressed: row.suppressed,
        message: message_text.map(|text| TextLine {
            text,
            x: bar.x,
            y: baseline(bar.y, bar.height, SMALL_FONT_SIZE),
            font_size: SMALL_FONT_SIZE,
            bold: false,
        }),
        net: None,
        net_labels: Vec::new(),
    }
}

/// What a suppressed row shows in its bar's place: its reason, or a general message.
pub fn suppressed_message(row: &RowInput, lang: Lang) -> String {
    row.suppressed_reason.clone().unwrap_or_else(|| {
        match lang {
            Lang::Nl => "Niet getoond: te weinig respondenten",
            Lang::En => "Not shown: too few respondents",
        }
        .to_string()
    })
}

/// A bar's rectangle.
#[derive(Debug, Clone, Copy)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// What a row builder needs to lay out one bar's segments.
pub struct RowContext<'a> {
    pub input: &'a ChartInput,
    pub item_label: &'a str,
    pub note: Option<&'a str>,
    pub row: &'a RowInput,
    pub percents: &'a [u32],
    pub bar: Bar,
}

impl RowContext<'_> {
    /// The tooltip of category `k` of this row with its share's `percent`.
    pub fn tooltip(&self, k: usize, percent: u32, base: f64) -> String {
        let input = self.input;
        tooltip(
            &TooltipParts {
                item: self.item_label,
                group: self.row.group.as_deref(),
                category: (input.kind == ChartKind::Stacked)
                    .then(|| input.categories[k].label.as_str()),
                percent,
                count: self.row.values[k],
                base,
                ci: self.row.ci.get(k).copied(),
                marker: self.row.markers.get(k).and_then(Option::as_ref),
                note: self.note,
            },
            input.lang,
        )
    }

    /// The text baseline of a label centred on the bar's height.
    pub fn label_y(&self) -> f64 {
        baseline(self.bar.y, self.bar.height, SMALL_FONT_SIZE)
    }
}

/// The label of a value with its marker: "63%", "63% ▲".
pub fn value_label(percent: u32, marker: Option<&Marker>) -> String {
    match marker {
        Some(marker) => format!("{} {}", format::percent(percent), marker.symbol()),
        None => format::percent(percent),
    }
}

/// The fill, pattern and label colour of every category.
pub fn category_fills(input: &ChartInput) -> Vec<(String, Option<Pattern>)> {
    use super::Role;
    let max_negative = input
        .categories
        .iter()
        .filter_map(|c| match c.role {
            Role::Negative(s) => Some(s),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    let max_positive = input
        .categories
        .iter()
        .filter_map(|c| match c.role {
            Role::Positive(s) => Some(s),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    let mut non_substantive = 0;
    input
        .categories
        .iter()
        .map(|c| {
            let fill = match c.role {
                Role::Negative(_) => palette::fill(c.role, max_negative, 0),
                Role::Positive(_) => palette::fill(c.role, max_positive, 0),
                Role::NonSubstantive => {
                    non_substantive += 1;
                    palette::fill(c.role, 0, non_substantive - 1)
                }
                _ => palette::fill(c.role, 1, 0),
            };
            let pattern = (c.role == Role::NonSubstantive).then(|| Pattern::Hatched {
                stripe: palette::HATCH_STRIPE.to_string(),
            });
            (fill.to_string(), pattern)
        })
        .collect()
}

/// The legend of a stacked chart in segment order (bar charts have one series and no
/// legend), flowed into lines `width` wide.
fn legend(input: &ChartInput, width: f64) -> (Vec<LegendEntry>, f64) {
    if input.kind != ChartKind::Stacked {
        return (Vec::new(), 0.0);
    }
    let fills = category_fills(input);
    let mut entries = Vec::with_capacity(input.categories.len());
    let (mut x, mut y) = (0.0, 0.0);
    let mut seen_non_substantive = false;
    for (category, (fill, pattern)) in input.categories.iter().zip(fills) {
        let gap_before = category.role == super::Role::NonSubstantive
            && !seen_non_substantive
            && !entries.is_empty();
        seen_non_substantive |= category.role == super::Role::NonSubstantive;
        let entry_width =
            LEGEND_SWATCH + LEGEND_SWATCH_GAP + text_width(&category.label, SMALL_FONT_SIZE, false);
        if gap_before && x > 0.0 {
            x += LEGEND_SET_APART;
        }
        if x > 0.0 && x + entry_width > width {
            x = 0.0;
            y += LEGEND_LINE;
        }
        entries.push(LegendEntry {
            label: category.label.clone(),
            fill,
            pattern,
            gap_before,
            x,
            y,
        });
        x += entry_width + LEGEND_SPACING;
    }
    let height = if entries.is_empty() {
        0.0
    } else {
        y + LEGEND_LINE
    };
    (entries, height)
}

/// Footnotes for what the chart marks: small bases and significance markers.
fn notes(input: &ChartInput) -> Vec<String> {
    let lang = input.lang;
    let mut notes = Vec::new();
    if input.rows.iter().any(|r| r.small_base && !r.suppressed) {
        notes.push(
            match lang {
                Lang::Nl => "* Kleine basis: voorzichtig interpreteren",
                Lang::En => "* Small base: interpret with care",
            }
            .to_string(),
        );
    }
    if let Some(threshold) = input.disclosure {
        notes.push(match lang {
            Lang::Nl => format!("Groepen van minder dan {threshold} respondenten worden niet getoond, en zo nodig een tweede groep, zodat geen groep uit het totaal is af te leiden."),
            Lang::En => format!("Groups of fewer than {threshold} respondents are not shown, and where needed a second group, so that no group can be worked out from the total."),
        });
    }
    let markers = || input.rows.iter().flat_map(|r| r.markers.iter().flatten());
    if markers().any(|m| !matches!(m, Marker::Letters(_))) {
        let mut groups: Vec<&str> = input
            .rows
            .iter()
            .filter_map(|r| r.group.as_deref())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        notes.push(
            match (lang, groups.len() == 2) {
                (Lang::Nl, false) => "\u{25b2}\u{25bc} Significant hoger / lager dan de andere groepen samen (95%, z-toets, Bonferroni)",
                (Lang::En, false) => "\u{25b2}\u{25bc} Significantly higher / lower than the other groups together (95%, z-test, Bonferroni)",
                (Lang::Nl, true) => "\u{25b2}\u{25bc} Significant hoger / lager dan de andere groep (95%, z-toets op twee proporties)",
                (Lang::En, true) => "\u{25b2}\u{25bc} Significantly higher / lower than the other group (95%, z-test of two proportions)",
            }
            .to_string(),
        );
    }
    if input.rows.iter().any(|r| !r.letters.is_empty()) {
        notes.push(
            match lang {
                Lang::Nl => "(A), (B), \u{2026}: de letter van elke groep. De tabel zegt bij elk percentage van welke groepen het significant hoger is (z-toets op kolomproporties, 95%, Bonferroni), en geeft de chi-kwadraattoets.",
                Lang::En => "(A), (B), \u{2026}: each group's letter. The table says for each percentage which groups it is significantly higher than (z-test of column proportions, 95%, Bonferroni), and gives the chi-square test.",
            }
            .to_string(),
        );
    }
    if markers().any(|m| matches!(m, Marker::Letters(_))) {
        notes.push(
            match lang {
                Lang::Nl => "Letters: significant verschillend van de groep met die letter (95%)",
                Lang::En => {
                    "Letters: significantly different from the group with that letter (95%)"
                }
            }
            .to_string(),
        );
    }
    notes
}

/// Whether a label of `text` fits `room` pixels with padding on both sides.
pub fn fits(text: &str, room: f64) -> bool {
    text_width(text, SMALL_FONT_SIZE, false) + 2.0 * LABEL_PADDING <= room
}

/// Space kept between a segment label and the segment's edges.
pub const LABEL_PADDING: f64 = 3.0;
