//! Rows of text cells → dictionary-encoded columns, shared by the CSV and spreadsheet
//! readers.
//!
//! The first rows are kept (at most [`layout::HEAD_ROWS`]) until the header convention is
//! recognised; from then on each cell goes straight into its column's
//! [`ColumnBuilder`]. What stays true: every column receives exactly one value per data row
//! (short rows are padded with empty cells, with a warning), rows that are entirely empty are
//! skipped, and the configured limits on rows and cells are checked as rows arrive.

use super::error::{ReadError, ReadErrorKind};
use super::{layout, ColumnMeta, Layout, ReadOptions, Warning};
use crate::dataset::{ColumnBuilder, Dataset};

/// Warnings of one kind kept in full; the rest are counted in one summary warning.
const WARNINGS_PER_KIND: usize = 20;

pub(crate) struct TableBuilder {
    file: String,
    max_rows: usize,
    max_cells: usize,
    max_columns: usize,
    head: Vec<(usize, Vec<String>)>,
    body: Option<Body>,
    pub(crate) warnings: Vec<Warning>,
    ragged_rows: usize,
    dropped_rows: usize,
    empty_rows: usize,
    /// Cells of the row being built that fall beyond the header and are not empty.
    dropped_in_row: usize,
    /// Rows shorter than the header are normal (a workbook stores no trailing empty cells):
    /// they are padded without a warning.
    short_rows_are_normal: bool,
}

struct Body {
    layout: Layout,
    header_rows: usize,
    metas: Vec<ColumnMeta>,
    builders: Vec<ColumnBuilder>,
    rows: usize,
}

/// The rows of one part of a file read in parts (see [`TableBuilder::take_part`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PartRows {
    /// Every column the header names, in order, none left out.
    pub dataset: Dataset,
    /// Warnings with line numbers counted from the part's first line (line 1).
    pub warnings: Vec<Warning>,
    /// Rows with fewer cells than the header, with cells beyond it, and empty rows.
    pub counts: [usize; 3],
}

/// The finished table.
pub(crate) struct Table {
    pub dataset: Dataset,
    pub columns: Vec<ColumnMeta>,
    pub layout: Layout,
    pub header_rows: usize,
    pub warnings: Vec<Warning>,
}

impl TableBuilder {
    pub fn new(file: &str, options: &ReadOptions) -> Self {
        TableBuilder {
            file: file.to_owned(),
            max_rows: options.max_rows,
            max_cells: options.max_cells,
            max_columns: options.max_columns,
            head: Vec::new(),
            body: None,
            warnings: Vec::new(),
            ragged_rows: 0,
            dropped_rows: 0,
            empty_rows: 0,
            dropped_in_row: 0,
            short_rows_are_normal: false,
        }
    }

    /// Pads rows shorter than the header without a warning (workbooks).
    #[cfg_attr(not(feature = "spreadsheet"), allow(dead_code))]
    pub fn short_rows_are_normal(mut self) -> Self {
        self.short_rows_are_normal = true;
        self
    }

    /// Whether the next row is still needed whole to recognise the header.
    pub fn wants_head(&self) -> bool {
        self.body.is_none()
    }

    /// The number of columns, once the header is recognised.
    pub fn width(&self) -> Option<usize> {
        self.body.as_ref().map(|b| b.builders.len())
    }

    /// Number of data rows so far.
    pub fn rows(&self) -> usize {
        self.body.as_ref().map_or(0, |b| b.rows)
    }

    /// Makes room for `rows` data rows in every column (see [`ColumnBuilder::reserve_rows`]),
    /// unless every column has room for `at_least` already.
    pub fn reserve_rows(&mut self, at_least: usize, rows: usize) {
        if let Some(body) = &mut self.body {
            for builder in &mut body.builders {
                if builder.capacity() < at_least {
                    builder.reserve_rows(rows);
                }
            }
        }
    }

    /// Adds a row while the header is being recognised.
    pub fn push_head(&mut self, line: usize, cells: Vec<String>) -> Result<(), ReadError> {
        if cells.len() > self.max_columns {
            return Err(self
                .error(ReadErrorKind::TooManyColumns {
                    columns: cells.len(),
                    limit: self.max_columns,
                })
                .at_line(line));
        }
        if self.head.is_empty() && cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        self.head.push((line, cells));
        if self.head.len() >= layout::HEAD_ROWS {
            self.start_body()?;
        }
        Ok(())
    }

    /// Adds cell `column` (0-based) of the current data row.
    #[inline]
    pub fn cell(&mut self, column: usize, text: &str) {
        let body = self.body.as_mut().expect("cells arrive after the header");
        match body.builders.get_mut(column) {
            Some(builder) => builder.push(text),
            None => {
                if !text.trim().is_empty() {
                    self.dropped_in_row += 1;
                }
            }
        }
    }

    /// Ends the current data row, which had `fields` cells.
    pub fn end_row(&mut self, line: usize, fields: usize) -> Result<(), ReadError> {
        let body = self.body.as_mut().expect("rows arrive after the header");
        let width = body.builders.len();
        if fields < width {
            for builder in &mut body.builders[fields..] {
                builder.push_missing();
            }
            // A row of one empty field is an empty line in a file with quoted line breaks.
            if !self.short_rows_are_normal {
                self.ragged_rows += 1;
            }
            if !self.short_rows_are_normal && self.ragged_rows <= WARNINGS_PER_KIND {
                self.warnings.push(Warning::new(
                    Some(line),
                    Some(fields + 1),
                    format!(
                        "deze rij heeft {fields} cellen waar de kop er {width} heeft; de ontbrekende cellen blijven leeg"
                    ),
                    format!(
                        "this row has {fields} cells where the header has {width}; the missing cells are left empty"
                    ),
                ));
            }
        }
        if self.dropped_in_row > 0 {
            self.dropped_rows += 1;
            if self.dropped_rows <= WARNINGS_PER_KIND {
                self.warnings.push(Warning::new(
                    Some(line),
                    Some(width + 1),
                    format!(
                        "deze rij heeft {fields} cellen waar de kop er {width} heeft; {} cellen voorbij de laatste kolom zijn weggelaten",
                        self.dropped_in_row
                    ),
                    format!(
                        "this row has {fields} cells where the header has {width}; {} cells beyond the last column were left out",
                        self.dropped_in_row
                    ),
                ));
            }
            self.dropped_in_row = 0;
        }
        self.count_row(line)
    }

    /// Adds whole data rows of exactly as many cells as the header has, none of them empty
    /// rows, one column at a time: the same table as [`TableBuilder::cell`] for each cell and
    /// [`TableBuilder::end_row`] for each row, in less time (each column's dictionary stays
    /// in the cache while its cells are looked up). The cells are spans of `text`, column by
    /// column: column `c`'s cell of row `r` is `spans[c * stride + r]`; `lines[r]` is row `r`'s
    /// line.
    pub fn rows_by_column(
        &mut self,
        text: &str,
        spans: &[(u32, u32)],
        stride: usize,
        lines: &[usize],
    ) -> Result<(), ReadError> {
        let body = self.body.as_mut().expect("rows arrive after the header");
        let rows = lines.len();
        debug_assert!(rows <= stride && spans.len() >= body.builders.len() * stride);
        for (builder, cells) in body.builders.iter_mut().zip(spans.chunks(stride)) {
            builder.extend_spans(
                text,
                cells[..rows]
                    .iter()
                    .map(|&(start, end)| (start as usize, end as usize)),
            );
        }
        for &line in lines {
            self.count_row(line)?;
        }
        Ok(())
    }

    /// Counts a data row that has ended, checking the limits on rows and cells.
    fn count_row(&mut self, line: usize) -> Result<(), ReadError> {
        let body = self.body.as_mut().expect("rows arrive after the header");
        let width = body.builders.len();
        body.rows += 1;
        if body.rows > self.max_rows {
            return Err(self
                .error(ReadErrorKind::TooManyRows {
                    limit: self.max_rows,
                })
                .at_line(line));
        }
        if body.rows.saturating_mul(width.max(1)) > self.max_cells {
            return Err(self
                .error(ReadErrorKind::TooManyCells {
                    limit: self.max_cells,
                })
                .at_line(line));
        }
        Ok(())
    }

    /// Counts a data row whose cells were all empty (it is left out).
    pub fn skip_empty_row(&mut self) {
        self.empty_rows += 1;
    }

    /// Adds a whole data row (spreadsheets, and the rows kept while recognising the header).
    pub fn push_row(&mut self, line: usize, cells: &[String]) -> Result<(), ReadError> {
        if self.wants_head() {
            return self.push_head(line, cells.to_vec());
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            self.skip_empty_row();
            return Ok(());
        }
        for (i, c) in cells.iter().enumerate() {
            self.cell(i, c);
        }
        self.end_row(line, cells.len())
    }

    fn start_body(&mut self) -> Result<(), ReadError> {
        // A header cell of NUL characters says nothing: SurveyMonkey's legacy exports (CSV and
        // .xls) write one under each metadata column in the second header row, where the
        // current exports leave the cell empty.
        let rows: Vec<Vec<String>> = self
            .head
            .iter()
            .map(|(_, r)| {
                r.iter()
                    .map(|c| {
                        if c.contains('\0') && c.chars().all(|ch| ch == '\0' || ch.is_whitespace())
                        {
                            String::new()
                        } else {
                            c.clone()
                        }
                    })
                    .collect()
            })
            .collect();
        let (layout, header_rows) = layout::detect(&rows);
        let header_rows = header_rows.min(rows.len().max(1));
        let width = rows
            .iter()
            .take(header_rows)
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        let metas = layout::columns(
            layout,
            &rows[..header_rows.min(rows.len())],
            width,
            &mut self.warnings,
        );
        let builders = metas
            .iter()
            .map(|m| ColumnBuilder::new(m.name.clone()))
            .collect();
        self.body = Some(Body {
            layout,
            header_rows,
            metas,
            builders,
            rows: 0,
        });
        let head = std::mem::take(&mut self.head);
        for (line, cells) in head.into_iter().skip(header_rows) {
            self.push_row(line, &cells)?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Table, ReadError> {
        if self.body.is_none() {
            if self.head.is_empty() {
                return Err(self.error(ReadErrorKind::Empty));
            }
            self.start_body()?;
        }
        let body = self.body.take().expect("started above");
        let file = self.file;
        let mut warnings = self.warnings;
        for (count, nl, en) in [
            (
                self.ragged_rows,
                "rijen hadden minder cellen dan de kop",
                "rows had fewer cells than the header",
            ),
            (
                self.dropped_rows,
                "rijen hadden cellen voorbij de laatste kolom",
                "rows had cells beyond the last column",
            ),
        ] {
            if count > WARNINGS_PER_KIND {
                warnings.push(Warning::new(
                    None,
                    None,
                    format!(
                        "{count} {nl} in totaal; alleen de eerste {WARNINGS_PER_KIND} staan hier"
                    ),
                    format!("{count} {en} in all; only the first {WARNINGS_PER_KIND} are listed"),
                ));
            }
        }
        if self.empty_rows > 0 {
            warnings.push(Warning::new(
                None,
                None,
                format!("{} lege rijen zijn weggelaten", self.empty_rows),
                format!("{} empty rows were left out", self.empty_rows),
            ));
        }
        let rows = body.rows;
        let mut metas = Vec::with_capacity(body.metas.len());
        let mut builders = Vec::with_capacity(body.metas.len());
        for (meta, builder) in body.metas.into_iter().zip(body.builders) {
            // Columns without a header and without data are separators' leftovers
            // (a trailing `;` on every line): nothing is lost by leaving them out.
            if meta.unnamed && builder.all_missing() {
                continue;
            }
            if meta.unnamed {
                warnings.push(Warning::new(
                    Some(1),
                    Some(metas.len() + 1),
                    format!("deze kolom heeft geen kop; ze heet '{}'", meta.name),
                    format!("this column has no header; it is called '{}'", meta.name),
                ));
            }
            metas.push(meta);
            builders.push(builder);
        }
        if metas.is_empty() {
            return Err(ReadError::new(&file, ReadErrorKind::NoColumns));
        }
        let mut dataset = Dataset::from_builders(builders);
        dataset.rows = rows;
        Ok(Table {
            dataset,
            columns: metas,
            layout: body.layout,
            header_rows: body.header_rows,
            warnings,
        })
    }

    /// Forgets the data rows and warnings so far but keeps the recognised header: the table
    /// then takes the rows of a later part of the file (see [`CsvStream::resume`]).
    ///
    /// [`CsvStream::resume`]: super::CsvStream::resume
    pub fn restart_body(&mut self) {
        if let Some(body) = &mut self.body {
            body.builders = body
                .metas
                .iter()
                .map(|m| ColumnBuilder::new(m.name.clone()))
                .collect();
            body.rows = 0;
        }
        self.warnings.clear();
        (self.ragged_rows, self.dropped_rows, self.empty_rows) = (0, 0, 0);
        self.dropped_in_row = 0;
    }

    /// The data rows read so far, every column as read (none left out), and the counts behind
    /// the summary warnings; `None` before the header is recognised.
    pub fn take_part(&mut self) -> Option<PartRows> {
        let body = self.body.as_mut()?;
        let builders = std::mem::take(&mut body.builders);
        let rows = std::mem::take(&mut body.rows);
        let mut dataset = Dataset::from_builders(builders);
        dataset.rows = rows;
        Some(PartRows {
            dataset,
            warnings: std::mem::take(&mut self.warnings),
            counts: [self.ragged_rows, self.dropped_rows, self.empty_rows],
        })
    }

    /// Adds the rows of a later part of the file after the rows so far, with the part's line
    /// numbers moved by `lines_before`; the same table as reading them here.
    pub fn append_part(&mut self, part: PartRows, lines_before: usize) -> Result<(), ReadError> {
        let body = self
            .body
            .as_mut()
            .ok_or_else(|| ReadError::new(&self.file, ReadErrorKind::Empty))?;
        if part.dataset.columns.len() != body.builders.len() {
            return Err(ReadError::new(
                &self.file,
                ReadErrorKind::NotATable {
                    detected: "parts with different columns".into(),
                },
            ));
        }
        for (builder, column) in body.builders.iter_mut().zip(part.dataset.columns) {
            builder.append(column);
        }
        body.rows += part.dataset.rows;
        let width = body.builders.len();
        if body.rows > self.max_rows {
            return Err(self.error(ReadErrorKind::TooManyRows {
                limit: self.max_rows,
            }));
        }
        if body.rows.saturating_mul(width.max(1)) > self.max_cells {
            return Err(self.error(ReadErrorKind::TooManyCells {
                limit: self.max_cells,
            }));
        }
        let [ragged, dropped, empty] = part.counts;
        // The part listed its first rows of each kind; those that a whole reading would list
        // are the first ones after the rows listed here.
        let (mut ragged_listed, mut dropped_listed) = (self.ragged_rows, self.dropped_rows);
        for mut warning in part.warnings {
            warning.line = warning.line.map(|line| line + lines_before);
            let listed = if warning
                .message
                .get(crate::codebook::Lang::En)
                .contains("cells beyond the last column")
            {
                &mut dropped_listed
            } else {
                &mut ragged_listed
            };
            if *listed < WARNINGS_PER_KIND {
                self.warnings.push(warning);
            }
            *listed += 1;
        }
        self.ragged_rows += ragged;
        self.dropped_rows += dropped;
        self.empty_rows += empty;
        Ok(())
    }

    fn error(&self, kind: ReadErrorKind) -> ReadError {
        ReadError::new(&self.file, kind)
    }
}
