//! Files a reader takes away: a chart's table as CSV or XLSX, and charts or a whole report
//! as one self-contained HTML file.
//!
//! All exports start from [`crate::chart::Table`] (and, for HTML, the chart spec), so the
//! page's table, the CSV, the spreadsheet and the HTML file always hold the same numbers.
//! What stays true: numbers are written with their exact values; no text from the input can
//! become a formula, markup or script in any export.

pub mod csv;
pub mod html;
#[cfg(feature = "xlsx")]
pub mod xlsx;
