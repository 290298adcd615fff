//! Files a reader takes away: a chart's table as CSV (international and Excel-NL), a
//! workbook (XLSX) or a PowerPoint deck ([`slides`]) of one chart or the whole report, and
//! charts or a whole report as one self-contained HTML file; [`context`] names the view each
//! file came from (breakdown, filter, base, weighting) in the file and in its name.
//!
//! All exports start from [`crate::chart::Table`] (and, for HTML, the chart spec), so the
//! page's table, the CSV, the spreadsheet and the HTML file always hold the same numbers.
//! What stays true: numbers are written with their exact values (the Excel-NL CSV rounds
//! percentages as the table shows them); no text from the input can become a formula
//! ([`formula`]), markup or script in any export.

pub mod context;
pub mod csv;
pub mod data;
pub mod formula;
pub mod html;
pub mod slides;
pub mod workbook;
