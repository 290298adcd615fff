//! Excel (.xlsx, .xls) and OpenDocument (.ods) workbooks, through `calamine`.
//!
//! Before calamine reads anything, the zip directory is checked: a workbook that declares more
//! than [`ReadOptions::max_unpacked_bytes`] is refused (a "zip bomb"); then every entry is
//! inflated once into nothing, counting the bytes that really come out, so that a bomb whose
//! headers understate its sizes is refused too. XLSX sheets are then
//! streamed cell by cell, so a sheet that claims absurd dimensions costs nothing until cells
//! actually arrive, and the row, column and cell limits apply as they do. ODS and XLS sheets
//! are read whole by calamine, which caps them at 100 million cells itself. An ODS's
//! `content.xml` must close every element it opens before calamine sees it: calamine 0.38
//! waits for the end of a table, row or annotation without stopping at the end of the
//! document, so a table left open would make it read for ever (found by fuzzing).
//! Cells become text as a person sees them: whole numbers without `.0`, dates as ISO dates.
//! The sheet read is the one asked for, else the one the workbook names as its answers
//! ([`ANSWERS_NAME`], which Peiling's answer template defines: an empty or half-filled
//! template has fewer cells than its codebook sheet), else the one with the most filled cells.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsx};

use super::error::{ReadError, ReadErrorKind};
use super::table::{Table, TableBuilder};
use super::{number_text, Format, Import, ReadOptions, SourceInfo, Warning, ANSWERS_NAME};

enum Kind {
    Xlsx,
    Ods,
    Xls,
}

pub(super) fn read(
    bytes: &[u8],
    file_name: &str,
    options: &ReadOptions,
) -> Result<Import, ReadError> {
    let kind = if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Kind::Xls
    } else {
        zip_kind(bytes, file_name, options)?
    };
    let damaged = |format: &str, e: &dyn std::fmt::Display| damaged(file_name, format, e);
    let mut errors = 0usize;
    let (table, format) = match kind {
        Kind::Xlsx => {
            let mut book: Xlsx<_> =
                Xlsx::new(Cursor::new(bytes)).map_err(|e| damaged("Excel", &e))?;
            let names = book.sheet_names();
            // The sheet the workbook names as the answers, else the one with the most filled
            // cells (a notes sheet comes first in many workbooks).
            let named = named_answers(book.defined_names(), &names);
            let fullest = match options.sheet {
                None if named.is_some() => named,
                None if names.len() > 1 => fullest(
                    names
                        .iter()
                        .filter_map(|name| Some((filled_cells(&mut book, name)?, name.clone()))),
                ),
                _ => None,
            };
            let sheet = match fullest {
                Some(name) => name,
                None => choose_sheet(names, file_name, options)?,
            };
            let mut cells = book
                .worksheet_cells_reader(&sheet)
                .map_err(|e| damaged("Excel", &e))?;
            let mut rows = RowCollector::new(file_name, options);
            while let Some(cell) = cells.next_cell().map_err(|e| damaged("Excel", &e))? {
                let (row, column) = cell.get_position();
                let text = ref_text(cell.get_value(), &mut errors);
                rows.cell(row, column, text)?;
            }
            (rows.finish()?, Format::Xlsx { sheet })
        }
        Kind::Ods => {
            ods_closed(bytes).map_err(|e| damaged("OpenDocument", &e))?;
            let mut book: Ods<_> =
                Ods::new(Cursor::new(bytes)).map_err(|e| damaged("OpenDocument", &e))?;
            let (sheet, range) = whole_sheet(&mut book, file_name, options, "OpenDocument")?;
            (
                range_table(&range, file_name, options, &mut errors)?,
                Format::Ods { sheet },
            )
        }
        Kind::Xls => {
            let rewritten = compound_afresh(bytes, options.max_unpacked_bytes)
                .map_err(|e| damaged("Excel 97-2003", &e))?;
            let mut book: Xls<_> =
                Xls::new(Cursor::new(rewritten)).map_err(|e| damaged("Excel 97-2003", &e))?;
            let (sheet, range) = whole_sheet(&mut book, file_name, options, "Excel 97-2003")?;
            (
                range_table(&range, file_name, options, &mut errors)?,
                Format::Xls { sheet },
            )
        }
    };
    let mut warnings = table.warnings;
    if errors > 0 {
        warnings.push(Warning::new(
            None,
            None,
            format!("{errors} cellen bevatten een rekenbladfout (zoals #N/B of #DEEL/0!) en zijn leeg gelaten"),
            format!("{errors} cells held a spreadsheet error (such as #N/A or #DIV/0!) and were left empty"),
        ));
    }
    Ok(Import {
        source: SourceInfo {
            file_name: file_name.into(),
            format,
            encoding: "UTF-8".into(),
            layout: table.layout,
            header_rows: table.header_rows,
            rows: table.dataset.rows,
            columns: table.dataset.columns.len(),
            bytes: bytes.len() as u64,
            title: None,
        },
        dataset: table.dataset,
        columns: table.columns,
        multi_sets: Vec::new(),
        warnings,
    })
}

/// The workbook stream of an XLS file (an OLE compound file), copied into a compound file
/// written afresh by `cfb`.
///
/// calamine's own compound-file layer follows sector chains without checking them: a chain
/// that loops grows without bound (2 GiB asked for by a 38 KB file) and a sector past the end
/// slices out of bounds (both found by fuzzing, kept in fuzz/regressions/). `cfb` checks every
/// chain it follows; calamine then reads a compound file whose structure is sound, and only
/// the workbook's own records come from the file. The stream is read up to `limit` bytes.
fn compound_afresh(bytes: &[u8], limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Write};
    let mut source = cfb::CompoundFile::open_strict(Cursor::new(bytes))?;
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| source.is_stream(name))
    else {
        return Err(std::io::Error::other("it has no Workbook stream"));
    };
    let mut stream = Vec::new();
    source
        .open_stream(name)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut stream)?;
    if stream.len() as u64 > limit {
        return Err(std::io::Error::other(
            "its workbook stream is larger than allowed",
        ));
    }
    // Version 3 (512-byte sectors): calamine refuses a version 4 file without a mini stream.
    let mut fresh =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    fresh.create_stream(name)?.write_all(&stream)?;
    fresh.flush()?;
    Ok(fresh.into_inner().into_inner())
}

/// XLSX or ODS, after checking that the archive does not unpack to more than the limit.
fn zip_kind(bytes: &[u8], file_name: &str, options: &ReadOptions) -> Result<Kind, ReadError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ReadError::new(
            file_name,
            ReadErrorKind::Damaged {
                format: "zip".into(),
                message: e.to_string(),
            },
        )
    })?;
    let mut declared: u64 = 0;
    let mut kind = None;
    for name in archive.file_names() {
        let Ok(name) = name else { continue };
        match name.as_ref() {
            "xl/workbook.xml" | "xl/workbook.bin" => kind = Some(Kind::Xlsx),
            "content.xml" => kind = kind.or(Some(Kind::Ods)),
            _ => {}
        }
    }
    let mut archive = archive;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            declared = declared.saturating_add(entry.size());
            // Deflate cannot expand more than ~1032:1; a claim beyond that is a lie.
            if entry.size()
                > entry
                    .compressed_size()
                    .saturating_mul(1100)
                    .saturating_add(1 << 16)
            {
                declared = u64::MAX;
            }
        }
    }
    if declared > options.max_unpacked_bytes {
        return Err(ReadError::new(
            file_name,
            ReadErrorKind::Decompression {
                declared,
                limit: options.max_unpacked_bytes,
            },
        ));
    }
    inflated_within(&mut archive, file_name, options.max_unpacked_bytes)?;
    kind.ok_or_else(|| {
        ReadError::new(
            file_name,
            ReadErrorKind::NotATable {
                detected: "a zip archive without a spreadsheet in it".into(),
            },
        )
    })
}

/// Inflates every entry of the archive into nothing, counting the bytes that actually come
/// out: an entry that gives more than its header states, or entries that give more than
/// `limit` in all, are refused before calamine reads any of them.
///
/// The declared sizes are checked first (`zip_kind`), but a header can understate them: this
/// count does not trust them. Nothing is kept (a 64 KiB buffer is reused), so the cost is one
/// pass of inflating; what an entry gives is counted up to one byte past its declared size.
/// An entry that cannot be inflated at all is left for calamine to report as damaged.
fn inflated_within<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    file_name: &str,
    limit: u64,
) -> Result<(), ReadError> {
    use std::io::Read;
    let mut buffer = vec![0u8; 64 << 10];
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            continue;
        };
        let declared = entry.size();
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut counted: u64 = 0;
        let understated = loop {
            match entry.read(&mut buffer) {
                Ok(0) => break false,
                Ok(n) => {
                    counted += n as u64;
                    if counted > declared {
                        break true;
                    }
                }
                // zip stops an entry that inflates past its declared size with an error of
                // its own (before handing over the bytes beyond); any other error (a bad
                // checksum, a broken stream) is calamine's to report as damage.
                Err(e) => break e.to_string().contains("declared uncompressed size"),
            }
        };
        if understated {
            return Err(ReadError::new(
                file_name,
                ReadErrorKind::Understated {
                    entry: name,
                    declared,
                },
            ));
        }
        total = total.saturating_add(counted);
        if total > limit {
            return Err(ReadError::new(
                file_name,
                ReadErrorKind::Decompression {
                    declared: total,
                    limit,
                },
            ));
        }
    }
    Ok(())
}

/// Filled cells counted at most, per sheet, when looking for the sheet with the answers.
const SHEET_SCORE_CAP: usize = 1_000_000;

/// Whether the ODS's `content.xml` closes every element it opens, in order: one streaming
/// pass of quick-xml over the entry (which checks that each end tag names the element it
/// closes), counting how deep the document is when it ends. A missing entry or an archive
/// that does not open is left for calamine to report.
fn ods_closed(bytes: &[u8]) -> Result<(), String> {
    use quick_xml::events::Event;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(entry) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let mut buffer = Vec::new();
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(e)) => open.push(e.name().into_inner().to_owned()),
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "content.xml at byte {}: {e}",
                    reader.error_position()
                ))
            }
        }
        buffer.clear();
    }
    match open.last() {
        None => Ok(()),
        Some(name) => Err(format!("content.xml ends before <{name}> is closed")),
    }
}

/// The first of the sheets with the most filled cells, from (filled cells, sheet) pairs.
fn fullest<T>(scored: impl Iterator<Item = (usize, T)>) -> Option<T> {
    scored
        .min_by_key(|(filled, _)| std::cmp::Reverse(*filled))
        .map(|(_, sheet)| sheet)
}

/// The sheet that the workbook's defined name [`ANSWERS_NAME`] refers to, if it names one of
/// `sheets`: the name's formula begins with the sheet's name (quoted or not, with `$` for
/// OpenDocument) and then `!` (Excel) or `.` (OpenDocument), e.g. `Antwoorden!$A:$AR`,
/// `'How to fill in'!$A:$B` or `$Antwoorden.$A$1:.$AR$1001`.
fn named_answers(defined: &[(String, String)], sheets: &[String]) -> Option<String> {
    let (_, formula) = defined
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(ANSWERS_NAME))?;
    let formula = formula
        .trim()
        .trim_start_matches('=')
        .trim_start_matches('$');
    sheets
        .iter()
        .find(|sheet| {
            let quoted = format!("'{}'", sheet.replace('\'', "''"));
            [sheet.as_str(), quoted.as_str()].iter().any(|form| {
                formula
                    .strip_prefix(form)
                    .is_some_and(|rest| rest.starts_with(['!', '.']))
            })
        })
        .cloned()
}

/// The sheet to read from a workbook whose sheets are read whole (ODS, XLS), with its cells:
/// the one named in `options`, else the fullest (every sheet is read anyway), else the first.
fn whole_sheet<RS, R>(
    book: &mut R,
    file_name: &str,
    options: &ReadOptions,
    format: &str,
) -> Result<(String, calamine::Range<Data>), ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    if options.sheet.is_none() {
        if let Some(named) = named_answers(book.defined_names(), &book.sheet_names()) {
            let range = book
                .worksheet_range(&named)
                .map_err(|e| damaged(file_name, format, &e))?;
            return Ok((named, range));
        }
    }
    let fullest = match options.sheet {
        None => fullest(
            book.worksheets()
                .into_iter()
                .map(|(name, range)| (filled_in(&range), (name, range))),
        ),
        Some(_) => None,
    };
    if let Some(found) = fullest {
        return Ok(found);
    }
    let sheet = choose_sheet(book.sheet_names(), file_name, options)?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| damaged(file_name, format, &e))?;
    Ok((sheet, range))
}

/// The reader of `format` refused `file_name` with `e`.
fn damaged(file_name: &str, format: &str, e: &dyn std::fmt::Display) -> ReadError {
    ReadError::new(
        file_name,
        ReadErrorKind::Damaged {
            format: format.into(),
            message: e.to_string(),
        },
    )
}

/// Filled cells of a sheet read whole.
fn filled_in(range: &calamine::Range<Data>) -> usize {
    range
        .used_cells()
        .filter(|(_, _, v)| !matches!(v, Data::Empty))
        .count()
}

/// Filled cells of an XLSX sheet, streamed and counted up to [`SHEET_SCORE_CAP`]; `None` when
/// the sheet cannot be read.
fn filled_cells<R: std::io::Read + std::io::Seek>(book: &mut Xlsx<R>, name: &str) -> Option<usize> {
    let mut cells = book.worksheet_cells_reader(name).ok()?;
    let mut filled = 0usize;
    while let Ok(Some(cell)) = cells.next_cell() {
        if !matches!(cell.get_value(), DataRef::Empty) {
            filled += 1;
        }
        if filled >= SHEET_SCORE_CAP {
            break;
        }
    }
    Some(filled)
}

fn choose_sheet(
    names: Vec<String>,
    file_name: &str,
    options: &ReadOptions,
) -> Result<String, ReadError> {
    match &options.sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                ReadError::new(
                    file_name,
                    ReadErrorKind::NoSuchSheet {
                        sheet: wanted.clone(),
                        available: names.clone(),
                    },
                )
            }),
        None => names.into_iter().next().ok_or_else(|| {
            ReadError::new(
                file_name,
                ReadErrorKind::NotATable {
                    detected: "a workbook without sheets".into(),
                },
            )
        }),
    }
}

/// Gathers streamed cells into rows for the table.
struct RowCollector {
    table: TableBuilder,
    file: String,
    max_columns: usize,
    row: Option<u32>,
    cells: Vec<String>,
    /// The row before `row` that held cells.
    last_row: Option<u32>,
    /// Rows after an empty row below the answers, held back until it is known whether they
    /// are a summary (Average, Total …) rather than respondents.
    tail: Option<Vec<(usize, Vec<String>)>>,
}

/// Rows held back after an empty row at most; more and they are respondents.
const MAX_SUMMARY_ROWS: usize = 100;

/// Whether a row is a summary line a person adds under the answers ("Average", "Std Dev'n",
/// "Totaal", …): its first filled cell says so.
fn is_summary_row(cells: &[String]) -> bool {
    const WORDS: &[&str] = &[
        "average",
        "mean",
        "median",
        "mode",
        "std",
        "standard dev",
        "variance",
        "sum",
        "total",
        "count",
        "min",
        "max",
        "range",
        "gemiddelde",
        "totaal",
        "som",
        "aantal",
        "mediaan",
        "mittelwert",
        "summe",
        "gesamt",
        "anzahl",
        "moyenne",
        "somme",
        "écart",
        "n =",
        "q1",
        "q2",
        "q3",
        "q4",
        "iqr",
        "quartile",
        "percentile",
        "c.of",
        "coefficient",
        "outlier",
        "lower fence",
        "upper fence",
        "tukey",
        "empirical",
        "skew",
        "kurtosis",
        "stdev",
        "standaardafwijking",
        "spreiding",
    ];
    cells
        .iter()
        .map(|c| c.trim().to_lowercase())
        .find(|c| !c.is_empty())
        .is_some_and(|first| WORDS.iter().any(|w| first.starts_with(w)))
}

impl RowCollector {
    fn new(file: &str, options: &ReadOptions) -> Self {
        RowCollector {
            table: TableBuilder::new(file, options).short_rows_are_normal(),
            file: file.into(),
            max_columns: options.max_columns,
            row: None,
            cells: Vec::new(),
            last_row: None,
            tail: None,
        }
    }

    fn cell(&mut self, row: u32, column: u32, text: Cow<'_, str>) -> Result<(), ReadError> {
        if self.row != Some(row) {
            self.flush()?;
            self.row = Some(row);
        }
        let column = column as usize;
        if column >= self.max_columns {
            return Err(ReadError::new(
                &self.file,
                ReadErrorKind::TooManyColumns {
                    columns: column + 1,
                    limit: self.max_columns,
                },
            )
            .at_line(row as usize + 1));
        }
        if text.is_empty() {
            return Ok(());
        }
        if self.cells.len() <= column {
            self.cells.resize(column + 1, String::new());
        }
        self.cells[column] = text.into_owned();
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ReadError> {
        let Some(row) = self.row else { return Ok(()) };
        let cells = std::mem::take(&mut self.cells);
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        let after_gap = self
            .last_row
            .is_some_and(|last| row > last + 1 && !self.table.wants_head());
        self.last_row = Some(row);
        if after_gap && self.tail.is_none() {
            self.tail = Some(Vec::new());
        }
        match &mut self.tail {
            Some(tail) if tail.len() < MAX_SUMMARY_ROWS => tail.push((row as usize + 1, cells)),
            Some(_) => {
                // Too many rows below the gap for a summary: they are answers.
                self.release_tail()?;
                self.table.push_row(row as usize + 1, &cells)?;
            }
            None => self.table.push_row(row as usize + 1, &cells)?,
        }
        Ok(())
    }

    fn release_tail(&mut self) -> Result<(), ReadError> {
        for (line, cells) in self.tail.take().unwrap_or_default() {
            self.table.push_row(line, &cells)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Table, ReadError> {
        self.flush()?;
        let summary = self.tail.as_ref().and_then(|tail| {
            let first = tail.first()?.0;
            let summaries = tail.iter().filter(|(_, c)| is_summary_row(c)).count();
            (summaries * 2 >= tail.len()).then_some((first, tail.len()))
        });
        match summary {
            Some((line, rows)) => {
                self.tail = None;
                self.table.warnings.push(Warning::new(
                    Some(line),
                    None,
                    format!(
                        "de {rows} rijen vanaf hier, onder een lege rij, zijn een samenvatting (zoals Gemiddelde of Totaal), geen respondenten, en zijn weggelaten"
                    ),
                    format!(
                        "the {rows} rows from here, below an empty row, are a summary (such as Average or Total), not respondents, and were left out"
                    ),
                ));
            }
            None => self.release_tail()?,
        }
        self.table.finish()
    }
}

fn range_table(
    range: &calamine::Range<Data>,
    file_name: &str,
    options: &ReadOptions,
    errors: &mut usize,
) -> Result<Table, ReadError> {
    let mut rows = RowCollector::new(file_name, options);
    let (top, left) = range.start().unwrap_or((0, 0));
    for (r, row) in range.rows().enumerate() {
        for (c, value) in row.iter().enumerate() {
            rows.cell(top + r as u32, left + c as u32, data_text(value, errors))?;
        }
    }
    rows.finish()
}

fn ref_text<'a>(value: &'a DataRef<'_>, errors: &mut usize) -> Cow<'a, str> {
    match value {
        DataRef::SharedString(s) => Cow::Borrowed(s),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cow::Borrowed(s),
        DataRef::Int(i) => Cow::Owned(i.to_string()),
        DataRef::Float(f) => Cow::Owned(number_text(*f)),
        DataRef::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) => Cow::Owned(datetime_text(d)),
        DataRef::Error(_) => {
            *errors += 1;
            Cow::Borrowed("")
        }
        DataRef::Empty => Cow::Borrowed(""),
    }
}

fn data_text<'a>(value: &'a Data, errors: &mut usize) -> Cow<'a, str> {
    match value {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Float(f) => Cow::Owned(number_text(*f)),
        Data::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => Cow::Owned(datetime_text(d)),
        Data::Error(_) => {
            *errors += 1;
            Cow::Borrowed("")
        }
        Data::Empty => Cow::Borrowed(""),
    }
}

/// An Excel date or time as ISO 8601 (`2024-03-01`, `2024-03-01 09:30:00`).
fn datetime_text(value: &calamine::ExcelDateTime) -> String {
    match value.as_datetime() {
        Some(dt) if dt.time() == chrono_midnight() => dt.date().to_string(),
        Some(dt) => dt.to_string(),
        None => number_text(value.as_f64()),
    }
}

fn chrono_midnight() -> chrono::NaiveTime {
    chrono::NaiveTime::MIN
}
