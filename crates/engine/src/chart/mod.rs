//! Chart specifications: everything the app needs to draw a chart, computed natively.
//!
//! The input is plain data of the chart's own ([`ChartInput`]: categories with their role on
//! the scale, and rows of counts), so the chart code does not depend on how the numbers were
//! computed. [`ChartSpec::build`] turns it into geometry for a given container width: wrapped
//! labels, bar and segment rectangles, segment labels where they fit, axis ticks and the
//! legend. The app maps the spec to SVG elements one to one; [`svg::render`] does the same for
//! a standalone file. [`table`] gives the numbers behind the chart as a table, the accessible
//! alternative and the source of the CSV, XLSX and HTML exports; [`ChartSpec::summary`] gives
//! a sentence or two that describe it.
//!
//! What stays true in a spec:
//! - the segments of a stacked bar, with the gaps between them, tile the bar exactly; their
//!   integer percentages sum to 100 (largest remainder);
//! - a segment label is shown only where the share is at least 5% and its text fits;
//! - label lines are never truncated and fit their column by the width estimate in
//!   [`measure`];
//! - legend order is segment order; exclusive options come last, after a divider;
//! - every string from the input reaches SVG or HTML only through an escaping function.

pub mod bars;
pub mod layout;
pub mod measure;
pub mod palette;
pub mod stacked;
pub mod summary;
pub mod svg;
pub mod table;

use serde::{Deserialize, Serialize};

use crate::codebook::Lang;

pub use table::{caption, table, Cell, Table};

/// Which chart to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// 100% stacked horizontal bars, one per item (Likert items and grids).
    Stacked,
    /// One bar per row showing `values[0] / n`, each row a share of its own base
    /// (multi-select options: the shares need not sum to 100%).
    Shares,
    /// One bar per row showing `values[0] / n`, the rows of a group splitting one base
    /// (profile questions: the integer percentages of a group sum to 100).
    Distribution,
}

/// The place of a category on its scale, which decides its colour and its treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Disagreement; strength 1 is the mildest ("Mee oneens"), higher is stronger.
    Negative(u8),
    /// The middle of the scale ("Neutraal").
    Neutral,
    /// Agreement; strength 1 is the mildest ("Mee eens"), higher is stronger.
    Positive(u8),
    /// An answer outside the scale ("Geen mening"): grey, hatched, set apart.
    NonSubstantive,
    /// The one series of a bar chart.
    Single,
}

/// A category (a segment of every stacked bar, or the series of a bar chart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesCategory {
    pub label: String,
    pub role: Role,
}

/// A significance marker on a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    /// Significantly higher than the other groups (95%).
    Higher,
    /// Significantly lower than the other groups (95%).
    Lower,
    /// Column letters of the groups this value differs from, e.g. "AC".
    Letters(String),
}

impl Marker {
    /// The symbol drawn next to a value: ▲, ▼ or the letters.
    pub fn symbol(&self) -> &str {
        match self {
            Marker::Higher => "\u{25b2}",
            Marker::Lower => "\u{25bc}",
            Marker::Letters(letters) => letters,
        }
    }

    /// Words for the tooltip and the table.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Marker::Higher, Lang::Nl) => "significant hoger (95%)".into(),
            (Marker::Higher, Lang::En) => "significantly higher (95%)".into(),
            (Marker::Lower, Lang::Nl) => "significant lager (95%)".into(),
            (Marker::Lower, Lang::En) => "significantly lower (95%)".into(),
            (Marker::Letters(l), Lang::Nl) => format!("significant verschillend van {l} (95%)"),
            (Marker::Letters(l), Lang::En) => format!("significantly different from {l} (95%)"),
        }
    }
}

/// One bar's numbers: an item (or an option, or a category), possibly for one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowInput {
    /// The item's label. Rows with a `group` and the same label form one item (small
    /// multiples: one bar per group under the item).
    pub label: String,
    /// A footnote to the item, shown in the table and the tooltip.
    #[serde(default)]
    pub note: Option<String>,
    /// The breakdown group this bar is for, if the chart is broken down.
    #[serde(default)]
    pub group: Option<String>,
    /// The base of the bar (respondents, or the sum of their weights).
    pub n: f64,
    /// Counts or weighted counts per category, in category order.
    pub values: Vec<f64>,
    /// 95% intervals of the shares (0–1) per category; empty when not computed.
    #[serde(default)]
    pub ci: Vec<(f64, f64)>,
    /// Significance markers per category; empty when not tested.
    #[serde(default)]
    pub markers: Vec<Option<Marker>>,
    /// The base is small: show the bar with a warning.
    #[serde(default)]
    pub small_base: bool,
    /// Below the disclosure threshold: show no numbers at all.
    #[serde(default)]
    pub suppressed: bool,
    /// Per category, the letters of the groups whose share is significantly lower (the
    /// column-proportion test, SPSS/Q style); empty when not tested.
    #[serde(default)]
    pub letters: Vec<String>,
    /// Likert rows: the mean on the scale (1 = the first point) with its 95% interval.
    #[serde(default)]
    pub mean: Option<(f64, f64, f64)>,
    /// Why a suppressed row shows nothing ("Niet getoond: minder dan 10 respondenten"); a
    /// general message when `None`.
    #[serde(default)]
    pub suppressed_reason: Option<String>,
    /// An exclusive option ("Geen van deze"): drawn last, after a divider.
    #[serde(default)]
    pub exclusive: bool,
}

/// How to order the items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// In the order of the input (profile categories, questionnaire order).
    #[default]
    AsGiven,
    /// Largest share first (multi-select options), pooled over groups.
    Descending,
    /// Largest share of positive answers first (Likert items), pooled over groups.
    ByAgreement,
}

/// Everything a chart needs, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartInput {
    pub kind: ChartKind,
    /// The question, in the survey's own words.
    pub title: String,
    /// The base line, e.g. "n = 1.601; percentages of all respondents".
    pub subtitle: String,
    /// The source line.
    pub source: String,
    pub categories: Vec<SeriesCategory>,
    pub rows: Vec<RowInput>,
    pub lang: Lang,
    #[serde(default)]
    pub sort: SortOrder,
    /// Publishing: the disclosure threshold the figures were computed with, named once under
    /// the chart.
    #[serde(default)]
    pub disclosure: Option<u64>,
    /// Stacked charts: the net shares "% (zeer) eens" and "% (zeer) oneens" beside each bar.
    #[serde(default)]
    pub nets: bool,
    /// Stacked charts with nets: the mean on a scale of this many points as a third column
    /// (on request); `None` hides it.
    #[serde(default)]
    pub mean_scale: Option<usize>,
    /// Broken-down charts: the tests behind the markers and letters, named, and each item's
    /// chi-square with df and p; shown under the table.
    #[serde(default)]
    pub tests: Vec<String>,
    /// A comparison's reference group (the panel, last year): its bars are drawn in a
    /// neutral grey beside the compared group's accent.
    #[serde(default)]
    pub reference_group: Option<String>,
}

/// A line of text placed in the chart; `y` is the baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub font_size: f64,
    pub bold: bool,
}

/// Where a text's `x` is: its start or its middle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    Start,
    Middle,
}

/// A fill pattern laid over a segment's colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// Diagonal stripes of `stripe` colour, for non-substantive answers.
    Hatched { stripe: String },
}

/// A rectangle of a bar: one category of one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// Index into the input's categories.
    pub category: usize,
    pub x: f64,
    pub width: f64,
    pub fill: String,
    pub pattern: Option<Pattern>,
    /// The visible label ("63%", with a marker symbol where there is room), if it fits.
    pub label: Option<String>,
    pub label_x: f64,
    pub label_y: f64,
    /// `Middle` inside a segment; `Start` past the end of a bar, over the grid lines (draw
    /// it with a white halo, as [`svg::render`] does).
    pub label_anchor: Anchor,
    /// White on dark fills, dark on light ones (the higher WCAG contrast).
    pub label_color: String,
    /// Whole percentage; the segments of a stacked bar sum to exactly 100.
    pub percent: u32,
    /// The exact share (0–1).
    pub share: f64,
    pub count: f64,
    pub ci: Option<(f64, f64)>,
    pub marker: Option<Marker>,
    /// Label, percentage, count, 95% interval and significance, one per line (`\n`).
    pub tooltip: String,
}

/// One bar: an item, or one group of an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowSpec {
    pub group: Option<String>,
    /// The group's label lines with its n (broken-down charts only).
    pub label_lines: Vec<TextLine>,
    pub n: f64,
    /// "n = 1.601"
    pub n_label: String,
    pub bar_x: f64,
    pub bar_y: f64,
    pub bar_width: f64,
    pub bar_height: f64,
    pub segments: Vec<Segment>,
    pub small_base: bool,
    /// Suppressed rows have no segments, only this text in the bar's place.
    pub suppressed: bool,
    pub message: Option<TextLine>,
    /// Stacked charts with nets: the whole percentages that (strongly) agree and disagree.
    pub net: Option<Net>,
    /// Their labels in the net columns (centred on the column: `Anchor::Middle`).
    pub net_labels: Vec<TextLine>,
}

/// The net shares of a bar: the positive and the negative points of the scale together,
/// each rounded half up as one printed figure (as a key sentence prints it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Net {
    pub agree: u32,
    pub disagree: u32,
}

/// An item (a statement, an option, a category) with its bar or its bars per group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSpec {
    /// The full label (for a native tooltip on the label).
    pub label: String,
    pub note: Option<String>,
    pub label_lines: Vec<TextLine>,
    pub y: f64,
    pub height: f64,
    pub exclusive: bool,
    /// A horizontal rule above this item: the first exclusive option.
    pub divider_y: Option<f64>,
    pub rows: Vec<RowSpec>,
}

/// A tick of the value axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tick {
    pub value: f64,
    pub x: f64,
    pub label: String,
}

/// A legend entry, in segment order, placed for a legend box `legend_width` wide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegendEntry {
    pub label: String,
    pub fill: String,
    pub pattern: Option<Pattern>,
    /// Set apart from the entry before it (the first non-substantive category).
    pub gap_before: bool,
    pub x: f64,
    pub y: f64,
}

/// A chart laid out for one width. Coordinates are pixels in the plot's own box
/// (`0 0 width height`); the title, legend and source are laid out by the app or by
/// [`svg::render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    pub source: String,
    /// The input's categories, in segment order.
    pub categories: Vec<SeriesCategory>,
    pub width: f64,
    pub height: f64,
    pub view_box: String,
    /// Labels above the bars (narrow containers) instead of beside them.
    pub labels_above: bool,
    pub items: Vec<ItemSpec>,
    pub ticks: Vec<Tick>,
    /// Grid lines run from `grid_top` to `grid_bottom`; tick labels sit on `tick_label_y`.
    pub grid_top: f64,
    pub grid_bottom: f64,
    pub tick_label_y: f64,
    pub legend: Vec<LegendEntry>,
    pub legend_height: f64,
    /// The headings of the net columns ("% (zeer) eens", "% (zeer) oneens"), centred on
    /// their columns above the first bar; empty without nets.
    pub net_headers: Vec<TextLine>,
    /// Footnotes: small bases, markers, suppressed values.
    pub notes: Vec<String>,
}

/// Input a chart cannot be drawn from.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartError {
    /// A row's values, intervals or markers do not match the categories.
    RowShape {
        row: usize,
        label: String,
        what: &'static str,
        found: usize,
        expected: usize,
    },
    /// A count or base that is negative, infinite or not a number.
    BadNumber { row: usize, label: String },
    /// A bar chart needs exactly one category.
    BarCategories { found: usize },
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::RowShape {
                row,
                label,
                what,
                found,
                expected,
            } => write!(
                f,
                "row {} (\"{label}\") has {found} {what} for {expected} categories; give one per category",
                row + 1
            ),
            ChartError::BadNumber { row, label } => write!(
                f,
                "row {} (\"{label}\") has a count or base that is negative or not a number; counts must be finite and at least 0",
                row + 1
            ),
            ChartError::BarCategories { found } => write!(
                f,
                "a bar chart has one series but {found} categories were given; use a stacked chart for several"
            ),
        }
    }
}

impl std::error::Error for ChartError {}

impl ChartSpec {
    /// Lays `input` out for a container `width` pixels wide (reflows from 320 to 1200 px;
    /// narrower widths are treated as 320, wider as 1200).
    pub fn build(input: &ChartInput, width: f64) -> Result<ChartSpec, ChartError> {
        layout::build(input, width)
    }

    /// A one- or two-sentence description of the chart, for its text alternative.
    pub fn summary(&self, lang: Lang) -> String {
        summary::describe(self, lang)
    }
}
