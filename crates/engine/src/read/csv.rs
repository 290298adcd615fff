//! CSV and TSV, read as a stream of byte chunks straight into dictionary-encoded columns.
//!
//! Push-based: a chunk may end anywhere, even inside a quoted field or a multi-byte character,
//! and the result is the same as for the whole file at once. Only the first [`SNIFF_BYTES`]
//! are buffered, to recognise the encoding, an Excel `sep=` line and the delimiter; after that
//! each record's fields are decoded in place and pushed into the columns — no row of `String`s
//! is kept and the file is never copied.
//!
//! Records are found by the vectorised [`tokenize`]r, which leaves to `csv-core` (the scalar
//! path, and the reference) every record it cannot vouch for and the record a chunk ends
//! inside; the datasets are the same either way. Consecutive records it takes that are as
//! wide as the header go to the columns in a `Batch`, one column at a time (each column's
//! dictionary stays in the cache); every other record goes record by record, after the batch
//! before it. UTF-16 text is tokenized after it is decoded
//! to UTF-8, Windows-1252 text as it is (its delimiters and quotes are ASCII bytes).

mod tokenize;

use super::encoding::{self, FieldDecoder, TextEncoding, Utf16Stream};
use super::error::{ReadError, ReadErrorKind};
use super::table::{PartRows, TableBuilder};
use super::{Format, Import, ReadOptions, SourceInfo, Warning};
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
pub use tokenize::Tokenizer;

/// Bytes looked at before the delimiter and encoding are decided.
pub const SNIFF_BYTES: usize = 64 * 1024;
/// With [`CsvStream::expect_bytes`], columns make room for 1/32 more rows than foreseen, so that
/// a file whose later rows are a little shorter needs no second move.
const ROOM_TO_SPARE: usize = 32;
/// Delimiters recognised, in order of preference when equally likely.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// A CSV file read chunk by chunk.
///
/// ```
/// use peiling_engine::read::{CsvStream, ReadOptions};
/// let mut stream = CsvStream::new("enquete.csv", &ReadOptions::default());
/// stream.feed(b"leeftijd;stelling\n25-34;Mee ee").unwrap();
/// stream.feed(b"ns\n35-44;Oneens\n").unwrap();
/// let import = stream.finish().unwrap();
/// assert_eq!(import.dataset.rows, 2);
/// assert_eq!(import.dataset.columns[1].cell(0), Some("Mee eens"));
/// ```
pub struct CsvStream {
    file: String,
    options: ReadOptions,
    bytes: u64,
    /// The first bytes, until the encoding and delimiter are known; `None` afterwards.
    sniff: Option<Vec<u8>>,
    encoding: TextEncoding,
    utf16: Option<Utf16Stream>,
    parser: Parser,
    table: TableBuilder,
    /// The bytes the whole input will have, if known (see [`CsvStream::expect_bytes`]).
    expected_bytes: Option<u64>,
}

/// The rows of a later part of a file, read by a [`CsvStream::resume`]d stream (for instance
/// in another worker) and joined with [`CsvStream::append_part`].
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub rows: PartRows,
    /// The part's text was read as Windows-1252 (not UTF-8).
    pub windows_1252: bool,
    /// Some of the part's fields were read as Windows-1252 in UTF-8 text.
    pub mixed: bool,
    /// Bytes of the part.
    pub bytes: u64,
}

/// The CSV state machine plus the current record's fields.
struct Parser {
    reader: Reader,
    /// `reader` has been given input: csv-core strips a UTF-8 BOM only from the first input
    /// it is given (the file's own BOM is gone by then).
    reader_started: bool,
    delimiter: u8,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// Line on which the current record starts.
    record_line: u64,
    /// Lines before what the parser sees (a `sep=` line).
    line_offset: u64,
    decoder: FieldDecoder,
    max_field_bytes: usize,
    max_columns: usize,
    /// csv-core is between records, so the tokenizer may take the next ones.
    at_record_start: bool,
    /// The tokenizer chosen; [`Tokenizer::CsvCore`] for a delimiter it does not take.
    tokenizer: Tokenizer,
    /// The one asked for (see [`CsvStream::with_tokenizer`]).
    wanted: Tokenizer,
    /// Start and end of each field of the record the tokenizer found.
    spans: Vec<(usize, usize)>,
    /// A record's fields with their doubled quotes made one, and their spans.
    unescaped: Vec<u8>,
    unescaped_spans: Vec<(usize, usize)>,
    /// Records on their way to the table together.
    batch: Batch,
}

/// Records the tokenizer took that go to the table together, one column at a time
/// ([`TableBuilder::rows_by_column`]): consecutive records of one input, each with as many
/// fields as the header has, no doubled quote, and not empty.
#[derive(Default)]
struct Batch {
    /// Where the first record starts in the input; the rest is relative to it.
    from: usize,
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// The fields, column by column: field `c` of record `r` at `c * BATCH_ROWS + r`, relative
    /// to `from`. Written across as each record comes, so that each column's cells are read
    /// one after another (read along records, with the width as stride, they cost about as
    /// much as the answers' lookup).
    columns: Vec<(u32, u32)>,
    lines: Vec<usize>,
}

/// Records in a [`Batch`] at most: their fields' spans (8 bytes each) and bytes stay in the
/// cache while the batch is handed over column by column.
const BATCH_ROWS: usize = 64;

impl CsvStream {
    pub fn new(file_name: &str, options: &ReadOptions) -> Self {
        Self::with_tokenizer(file_name, options, Tokenizer::default())
    }

    /// A stream that finds records with `tokenizer` (the others give the same import; tests
    /// and benchmarks compare them).
    pub fn with_tokenizer(file_name: &str, options: &ReadOptions, tokenizer: Tokenizer) -> Self {
        CsvStream {
            file: file_name.to_owned(),
            options: options.clone(),
            bytes: 0,
            sniff: Some(Vec::new()),
            encoding: TextEncoding::Utf8,
            utf16: None,
            parser: Parser {
                reader: Reader::new(),
                reader_started: false,
                delimiter: b',',
                out: vec![0; 4096],
                out_len: 0,
                ends: vec![0; 64],
                ends_len: 0,
                record_line: 1,
                line_offset: 0,
                decoder: FieldDecoder::new(TextEncoding::Utf8),
                max_field_bytes: options.max_field_bytes,
                max_columns: options.max_columns,
                at_record_start: true,
                tokenizer: Tokenizer::CsvCore,
                wanted: tokenizer,
                spans: Vec::new(),
                unescaped: Vec::new(),
                unescaped_spans: Vec::new(),
                batch: Batch::default(),
            },
            table: TableBuilder::new(file_name, options),
            expected_bytes: None,
        }
    }

    /// Tells the stream that its input will be `total` bytes in all (a file's size). After
    /// each chunk the columns then make room for the rows the file will have at the rows per
    /// byte so far, with [`ROOM_TO_SPARE`] more: they grow once or twice instead of by
    /// doubling, which in wasm memory (that never shrinks) left behind as much again as the
    /// columns themselves. The import is the same either way.
    pub fn expect_bytes(&mut self, total: u64) {
        self.expected_bytes = Some(total);
    }

    /// Reads the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), ReadError> {
        if chunk.is_empty() {
            // csv-core reads an empty input as the end of the file, which would end the record
            // a chunk left open (found by `tests/read_tokenize.rs`: two cuts at one byte).
            return Ok(());
        }
        self.bytes += chunk.len() as u64;
        if self.bytes > self.options.max_bytes {
            return Err(ReadError::new(
                &self.file,
                ReadErrorKind::TooLarge {
                    bytes: self.bytes,
                    limit: self.options.max_bytes,
                },
            ));
        }
        if let Some(sniff) = &mut self.sniff {
            sniff.extend_from_slice(chunk);
            if sniff.len() >= SNIFF_BYTES {
                self.start(false)?;
            }
        } else {
            self.parse_raw(chunk, false)?;
        }
        self.make_room();
        Ok(())
    }

    /// The room [`CsvStream::expect_bytes`] asks for, once the rows so far tell how many the
    /// file will have.
    fn make_room(&mut self) {
        let (Some(total), rows) = (self.expected_bytes, self.table.rows()) else {
            return;
        };
        if rows == 0 || self.bytes == 0 {
            return;
        }
        let foreseen = (rows as f64 * total as f64 / self.bytes as f64).ceil() as usize;
        let foreseen = foreseen.min(self.options.max_rows);
        self.table
            .reserve_rows(foreseen, foreseen + foreseen / ROOM_TO_SPARE);
    }

    /// Data rows read so far (header rows not counted).
    pub fn rows_read(&self) -> usize {
        self.table.rows()
    }

    /// Bytes fed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Reads what is left and returns the table.
    pub fn finish(mut self) -> Result<Import, ReadError> {
        if self.sniff.is_some() {
            self.start(true)?;
        } else {
            self.parse_raw(&[], true)?;
        }
        let mut warnings: Vec<Warning> = Vec::new();
        if let Some((line, column)) = self.parser.decoder.mixed_at {
            warnings.push(Warning::new(
                Some(line),
                Some(column),
                "deze cel is geen geldige UTF-8, de cellen ervoor wel; ze is gelezen als Windows-1252. Controleer letters met accenten in dit deel van het bestand",
                "this cell is not valid UTF-8 although earlier cells are; it was read as Windows-1252. Check accented letters in this part of the file",
            ));
        }
        let encoding = if self.parser.decoder.raw == TextEncoding::Windows1252 {
            TextEncoding::Windows1252
        } else {
            self.encoding
        };
        let delimiter = self.parser.delimiter;
        let table = self.table.finish()?;
        warnings.splice(0..0, table.warnings);
        let format = if delimiter == b'\t' {
            Format::Tsv
        } else {
            Format::Csv {
                delimiter: delimiter as char,
            }
        };
        Ok(Import {
            source: SourceInfo {
                file_name: self.file,
                format,
                encoding: encoding.name().into(),
                layout: table.layout,
                header_rows: table.header_rows,
                rows: table.dataset.rows,
                columns: table.dataset.columns.len(),
                bytes: self.bytes,
                title: None,
            },
            dataset: table.dataset,
            columns: table.columns,
            multi_sets: Vec::new(),
            warnings,
        })
    }

    /// A stream for a later part of the file, which starts at a record boundary: it takes the
    /// encoding, delimiter and header from `head` (the file's first bytes: its header and at
    /// least [`SNIFF_BYTES`], or the whole file), then forgets `head`'s data rows. Its rows go
    /// to [`CsvStream::finish_part`] and then [`CsvStream::append_part`] of the stream that
    /// read the file up to the boundary.
    ///
    /// `None` when `head` does not settle all of that, or the file is UTF-16: then read the
    /// file in one part.
    pub fn resume(file_name: &str, options: &ReadOptions, head: &[u8]) -> Option<CsvStream> {
        let mut stream = CsvStream::new(file_name, options);
        stream.feed(head).ok()?;
        if stream.sniff.is_some() || stream.utf16.is_some() || stream.table.wants_head() {
            return None;
        }
        let parser = &mut stream.parser;
        parser.reader = ReaderBuilder::new().delimiter(parser.delimiter).build();
        parser.reader_started = false;
        (parser.out_len, parser.ends_len) = (0, 0);
        (parser.record_line, parser.line_offset) = (1, 0);
        parser.at_record_start = true;
        parser.decoder.mixed_at = None;
        stream.table.restart_body();
        stream.bytes = 0;
        Some(stream)
    }

    /// Whether the bytes fed so far end exactly at the end of a record, outside quotes: then
    /// a stream [`CsvStream::resume`]d from there reads what this one would.
    pub fn at_record_boundary(&self) -> bool {
        self.sniff.is_none()
            && self.utf16.is_none()
            && !self.table.wants_head()
            && self.parser.at_record_start
            && self.parser.out_len == 0
            && self.parser.ends_len == 0
    }

    /// Ends a part begun with [`CsvStream::resume`]: its rows, for the stream before it.
    pub fn finish_part(mut self) -> Result<Part, ReadError> {
        self.parse_raw(&[], true)?;
        let rows = self
            .table
            .take_part()
            .ok_or_else(|| ReadError::new(&self.file, ReadErrorKind::Empty))?;
        Ok(Part {
            rows,
            windows_1252: self.parser.decoder.raw == TextEncoding::Windows1252,
            mixed: self.parser.decoder.mixed_at.is_some(),
            bytes: self.bytes,
        })
    }

    /// Adds the rows of the part that follows the bytes fed so far (see
    /// [`CsvStream::resume`]): the same as feeding its bytes here. An error leaves this stream
    /// as it was — the parts could not be joined (the part decoded text differently) — and its
    /// bytes must then be fed here instead.
    pub fn append_part(&mut self, part: Part) -> Result<(), ReadError> {
        let same_text = part.windows_1252 == (self.parser.decoder.raw == TextEncoding::Windows1252)
            && !part.mixed;
        if !same_text || !self.at_record_boundary() {
            return Err(ReadError::new(
                &self.file,
                ReadErrorKind::NotATable {
                    detected: "parts read differently".into(),
                },
            ));
        }
        let lines_before = self.parser.line() - 1;
        self.table.append_part(part.rows, lines_before)?;
        self.bytes += part.bytes;
        Ok(())
    }

    /// Decides encoding and delimiter from the buffered start, then parses it.
    fn start(&mut self, last: bool) -> Result<(), ReadError> {
        let raw = self.sniff.take().unwrap_or_default();
        if raw.iter().all(u8::is_ascii_whitespace) && last {
            return Err(ReadError::new(&self.file, ReadErrorKind::Empty));
        }
        let (encoding, skip) = match encoding::from_bom(&raw) {
            Some(found) => found,
            None => match encoding::sniff_utf16(&raw) {
                Some(found) => (found, 0),
                // Only the first SNIFF_BYTES decide, however the file arrives in chunks.
                None if encoding::is_utf8_prefix(&raw[..raw.len().min(SNIFF_BYTES)]) => {
                    (TextEncoding::Utf8, 0)
                }
                None => (TextEncoding::Windows1252, 0),
            },
        };
        self.encoding = encoding;
        let body = &raw[skip..];
        if encoding.is_utf16() {
            let mut utf16 = Utf16Stream::new(encoding);
            let text = utf16.decode(body, last).to_vec();
            self.utf16 = Some(utf16);
            return self.start_text(&text, last);
        }
        if let Some(kind) = binary_kind(body) {
            return Err(ReadError::new(
                &self.file,
                ReadErrorKind::NotATable {
                    detected: kind.into(),
                },
            ));
        }
        self.start_text(body, last)
    }

    fn start_text(&mut self, text: &[u8], last: bool) -> Result<(), ReadError> {
        let mut text = text;
        if let Some((delimiter, consumed)) = sep_line(text) {
            self.parser.delimiter = delimiter;
            self.parser.line_offset = 1;
            text = &text[consumed..];
        } else {
            let prefer_tab = self.file.to_ascii_lowercase().ends_with(".tsv")
                || self.file.to_ascii_lowercase().ends_with(".tab");
            let sample = &text[..text.len().min(SNIFF_BYTES)];
            let truncated = !last || text.len() > SNIFF_BYTES;
            self.parser.delimiter = sniff_delimiter(sample, truncated, prefer_tab);
        }
        self.parser.reader = ReaderBuilder::new()
            .delimiter(self.parser.delimiter)
            .build();
        self.parser.reader_started = false;
        // An Excel `sep=` line may name any byte.
        self.parser.tokenizer = if tokenize::takes(self.parser.delimiter) {
            self.parser.wanted
        } else {
            Tokenizer::CsvCore
        };
        self.parser.decoder = FieldDecoder::new(if self.encoding == TextEncoding::Windows1252 {
            TextEncoding::Windows1252
        } else {
            TextEncoding::Utf8
        });
        self.parser.parse(text, last, &mut self.table, &self.file)
    }

    fn parse_raw(&mut self, chunk: &[u8], last: bool) -> Result<(), ReadError> {
        match &mut self.utf16 {
            Some(utf16) => {
                let text = utf16.decode(chunk, last);
                self.parser.parse(text, last, &mut self.table, &self.file)
            }
            None => self.parser.parse(chunk, last, &mut self.table, &self.file),
        }
    }
}

impl Parser {
    /// Parses `input`; with `last`, also the end of the file.
    fn parse(
        &mut self,
        mut input: &[u8],
        last: bool,
        table: &mut TableBuilder,
        file: &str,
    ) -> Result<(), ReadError> {
        loop {
            if self.at_record_start {
                input = self.skip_line_ends(input);
                if self.tokenizer != Tokenizer::CsvCore {
                    input = self.parse_records(input, table)?;
                    input = self.skip_line_ends(input);
                }
            }
            // csv-core would strip a UTF-8 BOM from the first input it is given, even when the
            // tokenizer hands it its first record mid-file: give it that BOM's first byte alone.
            const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
            let given = if !self.reader_started && input.starts_with(&BOM) {
                &input[..1]
            } else {
                input
            };
            self.reader_started = true;
            let (result, read, written, ended) = self.reader.read_record(
                given,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            if read > 0 {
                self.at_record_start = false;
            }
            input = &input[read..];
            self.out_len += written;
            self.ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty => {
                    if input.is_empty() && !last {
                        return Ok(());
                    }
                }
                ReadRecordResult::OutputFull => {
                    let field_start = self.ends[..self.ends_len].last().copied().unwrap_or(0);
                    if self.out_len - field_start >= self.max_field_bytes {
                        return Err(ReadError::new(
                            file,
                            ReadErrorKind::FieldTooLong {
                                limit: self.max_field_bytes,
                            },
                        )
                        .at_line(self.line())
                        .at_column(self.ends_len + 1, None));
                    }
                    let grown = (self.out.len() * 2).min(self.out_len + self.max_field_bytes + 1);
                    self.out.resize(grown.max(self.out.len() + 1), 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() > self.max_columns {
                        return Err(ReadError::new(
                            file,
                            ReadErrorKind::TooManyColumns {
                                columns: self.ends.len(),
                                limit: self.max_columns,
                            },
                        )
                        .at_line(self.line()));
                    }
                    self.ends.resize(self.ends.len() * 2, 0);
                }
                ReadRecordResult::Record => {
                    self.emit(table)?;
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.record_line = self.reader.line();
                    self.at_record_start = true;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Skips line ends between records (blank lines, or the `\n` of a `\r\n` whose `\r`
    /// ended the last chunk) as csv-core would, counting them, so that the next record's line
    /// is known.
    fn skip_line_ends<'a>(&mut self, mut input: &'a [u8]) -> &'a [u8] {
        loop {
            match input.first() {
                Some(b'\n') => {
                    self.reader.set_line(self.reader.line() + 1);
                    self.record_line = self.reader.line();
                }
                Some(b'\r') => {}
                _ => return input,
            }
            input = &input[1..];
        }
    }

    fn line(&self) -> usize {
        (self.record_line + self.line_offset) as usize
    }

    /// Hands the whole records at the start of `input` that the tokenizer takes to the table,
    /// their fields as slices of `input` (copied only to make doubled quotes one), and
    /// advances csv-core's line count over them; returns the rest, from the first record it
    /// leaves to csv-core.
    fn parse_records<'a>(
        &mut self,
        input: &'a [u8],
        table: &mut TableBuilder,
    ) -> Result<&'a [u8], ReadError> {
        let limits = tokenize::Limits {
            fields: self.ends.len(),
            bytes: self.max_field_bytes,
        };
        let first_line = self.line() as u64;
        let (decoder, unescaped, unescaped_spans, batch) = (
            &mut self.decoder,
            &mut self.unescaped,
            &mut self.unescaped_spans,
            &mut self.batch,
        );
        let scanned = tokenize::records(
            self.tokenizer,
            input,
            self.delimiter,
            limits,
            &mut self.spans,
            |record| {
                let line = (first_line + record.lines_before) as usize;
                if !record.escaped
                    && table.width() == Some(record.spans.len())
                    && !is_blank(record.bytes, record.spans)
                    && batch.takes(&record)
                {
                    batch.push(&record, line);
                    if batch.lines.len() == BATCH_ROWS {
                        batch.flush(input, decoder, table)?;
                    }
                    return Ok(());
                }
                batch.flush(input, decoder, table)?;
                if !record.escaped {
                    return emit_spans(decoder, table, line, record.bytes, record.spans);
                }
                unescaped.clear();
                unescaped_spans.clear();
                for &(start, end) in record.spans {
                    let from = unescaped.len();
                    tokenize::unescape_into(&record.bytes[start..end], unescaped);
                    unescaped_spans.push((from, unescaped.len()));
                }
                emit_spans(decoder, table, line, unescaped, unescaped_spans)
            },
        );
        let flushed = self.batch.flush(input, &mut self.decoder, table);
        let scanned = scanned?;
        flushed?;
        self.reader.set_line(self.reader.line() + scanned.lines);
        self.record_line = self.reader.line();
        Ok(&input[scanned.consumed..])
    }

    /// Hands the finished record to the table.
    fn emit(&mut self, table: &mut TableBuilder) -> Result<(), ReadError> {
        let line = self.line();
        emit_record(
            &mut self.decoder,
            table,
            line,
            &self.out[..self.out_len],
            &self.ends[..self.ends_len],
        )
    }
}

/// Hands one record, its fields ending at `ends` in `buf` (back to back), to the table.
fn emit_record(
    decoder: &mut FieldDecoder,
    table: &mut TableBuilder,
    line: usize,
    buf: &[u8],
    ends: &[usize],
) -> Result<(), ReadError> {
    if table.wants_head() {
        let mut cells = Vec::with_capacity(ends.len());
        decoder.for_each_field(buf, ends, line, |_, f| cells.push(f.to_owned()));
        return table.push_head(line, cells);
    }
    if buf.iter().all(u8::is_ascii_whitespace) {
        table.skip_empty_row();
        return Ok(());
    }
    decoder.for_each_field(buf, ends, line, |i, f| table.cell(i, f));
    table.end_row(line, ends.len())
}

/// Hands one record, its fields at `spans` of `buf` (still in place), to the table.
fn emit_spans(
    decoder: &mut FieldDecoder,
    table: &mut TableBuilder,
    line: usize,
    buf: &[u8],
    spans: &[(usize, usize)],
) -> Result<(), ReadError> {
    if table.wants_head() {
        let mut cells = Vec::with_capacity(spans.len());
        decoder.for_each_span(buf, spans, line, |_, f| cells.push(f.to_owned()));
        return table.push_head(line, cells);
    }
    if is_blank(buf, spans) {
        table.skip_empty_row();
        return Ok(());
    }
    decoder.for_each_span(buf, spans, line, |i, f| table.cell(i, f));
    table.end_row(line, spans.len())
}

/// Whether every field at `spans` of `buf` is white space: the record is an empty row.
fn is_blank(buf: &[u8], spans: &[(usize, usize)]) -> bool {
    spans
        .iter()
        .all(|&(start, end)| buf[start..end].iter().all(u8::is_ascii_whitespace))
}

impl Batch {
    /// Whether `record` can join the batch: its end lies within `u32` of the batch's start.
    fn takes(&self, record: &tokenize::Record<'_>) -> bool {
        let from = match self.lines.is_empty() {
            true => record.start,
            false => self.from,
        };
        record.start + record.bytes.len() - from <= u32::MAX as usize
    }

    fn push(&mut self, record: &tokenize::Record<'_>, line: usize) {
        if self.lines.is_empty() {
            self.from = record.start;
        }
        let row = self.lines.len();
        let at = record.start - self.from;
        let width = record.spans.len();
        if self.columns.len() < width * BATCH_ROWS {
            self.columns.resize(width * BATCH_ROWS, (0, 0));
        }
        // `takes` has held every offset below `u32::MAX`.
        for (column, &(start, end)) in self.columns.chunks_exact_mut(BATCH_ROWS).zip(record.spans) {
            column[row] = ((at + start) as u32, (at + end) as u32);
        }
        self.starts.push(at);
        self.ends.push(at + record.bytes.len());
        self.lines.push(line);
    }

    /// Hands the records to the table and empties the batch: one column at a time when the
    /// records are text as a whole (see [`FieldDecoder::text`]), otherwise record by record
    /// (a field that is not UTF-8 may change how the rest of the file is decoded).
    fn flush(
        &mut self,
        input: &[u8],
        decoder: &mut FieldDecoder,
        table: &mut TableBuilder,
    ) -> Result<(), ReadError> {
        let Some(&end) = self.ends.last() else {
            return Ok(());
        };
        let bytes = &input[self.from..self.from + end];
        let result = match decoder.text(bytes) {
            Some(text) => table.rows_by_column(text, &self.columns, BATCH_ROWS, &self.lines),
            None => {
                let width = self.columns.len() / BATCH_ROWS;
                let mut spans = Vec::with_capacity(width);
                let rows = self.starts.iter().zip(&self.ends).zip(&self.lines);
                rows.enumerate()
                    .try_for_each(|(row, ((&start, &end), &line))| {
                        spans.clear();
                        spans.extend(self.columns.chunks_exact(BATCH_ROWS).map(|column| {
                            let (from, to) = column[row];
                            (from as usize - start, to as usize - start)
                        }));
                        emit_spans(decoder, table, line, &bytes[start..end], &spans)
                    })
            }
        };
        self.starts.clear();
        self.ends.clear();
        self.lines.clear();
        result
    }
}

/// The records and fields of `input` (CSV with `delimiter`, from its start to its end) as
/// `tokenizer` finds them, decoding nothing: what benchmarks of tokenizing alone measure. The
/// records the tokenizer leaves, and every record with [`Tokenizer::CsvCore`], are csv-core's.
pub fn count_fields(mut input: &[u8], delimiter: u8, tokenizer: Tokenizer) -> (u64, u64) {
    let (mut records, mut fields) = (0u64, 0u64);
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let (mut out, mut ends, mut spans) = (vec![0; 4096], vec![0; 64], Vec::new());
    let (mut out_len, mut ends_len) = (0, 0);
    let vectorised = tokenizer != Tokenizer::CsvCore && tokenize::takes(delimiter);
    loop {
        if vectorised && out_len == 0 && ends_len == 0 {
            let limits = tokenize::Limits {
                fields: ends.len(),
                bytes: usize::MAX,
            };
            let counted = tokenize::records(tokenizer, input, delimiter, limits, &mut spans, |r| {
                records += 1;
                fields += r.spans.len() as u64;
                Ok::<(), std::convert::Infallible>(())
            });
            let Ok(scanned) = counted;
            input = &input[scanned.consumed..];
        }
        let (result, read, written, ended) =
            reader.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        input = &input[read..];
        (out_len, ends_len) = (out_len + written, ends_len + ended);
        match result {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
            ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            ReadRecordResult::Record => {
                records += 1;
                fields += ends_len as u64;
                (out_len, ends_len) = (0, 0);
            }
            ReadRecordResult::End => return (records, fields),
        }
    }
}

/// An Excel `sep=;` first line: the delimiter and the bytes the line takes.
fn sep_line(text: &[u8]) -> Option<(u8, usize)> {
    let line_end = text.iter().position(|&b| b == b'\n')?;
    let line = text[..line_end]
        .strip_suffix(b"\r")
        .unwrap_or(&text[..line_end]);
    let line = line
        .strip_prefix(b"\"")
        .and_then(|l| l.strip_suffix(b"\""))
        .unwrap_or(line);
    if line.len() == 5 && line[..4].eq_ignore_ascii_case(b"sep=") {
        return Some((line[4], line_end + 1));
    }
    None
}

/// The delimiter that splits the first lines into the most consistent number of fields.
/// `truncated` says the sample stops mid-file (its last line is left out).
fn sniff_delimiter(text: &[u8], truncated: bool, prefer_tab: bool) -> u8 {
    let mut lines: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut quoted = false;
    let mut line_has_content = false;
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                if line_has_content {
                    lines.push(counts);
                }
                counts = [0; 4];
                line_has_content = false;
                if lines.len() >= 50 {
                    break;
                }
                continue;
            }
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            line_has_content = true;
        }
    }
    if line_has_content && (!truncated || lines.is_empty()) {
        lines.push(counts);
    }
    let Some(header) = lines.first() else {
        return b',';
    };
    if prefer_tab && header[2] > 0 {
        return b'\t';
    }
    let mut best: Option<(usize, usize, usize)> = None;
    for (i, &in_header) in header.iter().enumerate() {
        if in_header == 0 {
            continue;
        }
        let consistent = lines.iter().skip(1).filter(|l| l[i] == in_header).count();
        let score = (consistent, in_header);
        if best.is_none_or(|(c, h, _)| score > (c, h)) {
            best = Some((consistent, in_header, i));
        }
    }
    best.map_or(b',', |(_, _, i)| DELIMITERS[i])
}

/// Names well-known binary files, so that they are refused as "not a table".
fn binary_kind(start: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 7] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a zip archive"),
        (b"\xD0\xCF\x11\xE0", "an old-style Office document"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    for (magic, name) in MAGIC {
        if start.starts_with(magic) {
            return Some(name);
        }
    }
    // By the share of control bytes, NUL among them: a stray NUL is no proof of a binary file
    // (SurveyMonkey's legacy CSV export writes a NUL as the whole cell under each of its
    // metadata columns in the second header row).
    let sample = &start[..start.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)))
        .count();
    (controls * 20 > sample.len().max(1)).then_some("binary data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_one_that_splits_lines_consistently() {
        assert_eq!(
            sniff_delimiter(b"a;b;c\n1;2,5;3\n4;5;6\n", false, false),
            b';'
        );
        assert_eq!(sniff_delimiter(b"a,b\n1,2\n", false, false), b',');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n", false, false), b'\t');
        assert_eq!(sniff_delimiter(b"a|b\n\"x|y\"|2\n", false, false), b'|');
        assert_eq!(sniff_delimiter(b"alleen\n1\n", false, false), b',');
    }

    #[test]
    fn excel_sep_line_sets_the_delimiter() {
        assert_eq!(sep_line(b"sep=;\r\na;b\n"), Some((b';', 7)));
        assert_eq!(sep_line(b"\"sep=|\"\na|b\n"), Some((b'|', 8)));
        assert_eq!(sep_line(b"separator\n"), None);
    }

    /// A row's line counts the blank lines before it, and a `\r\n` cut between two chunks
    /// is one line end (both once gave the line before).
    #[test]
    fn warnings_name_the_line_after_blank_lines_and_split_line_ends() {
        // Past the first SNIFF_BYTES, so that the chunks are parsed as they come.
        let mut text = b"h1,h2\r\n".to_vec();
        text.extend_from_slice(&b"1,2\r\n".repeat(20_000));
        let tail = text.len();
        text.extend_from_slice(b"1,2\r\n\r\n3\r\n4,5\r\n6\r\n");
        for cut in tail..text.len() {
            let mut stream = CsvStream::new("t.csv", &ReadOptions::default());
            stream.feed(&text[..cut]).unwrap();
            stream.feed(&text[cut..]).unwrap();
            let lines: Vec<_> = stream
                .finish()
                .unwrap()
                .warnings
                .iter()
                .filter_map(|w| w.line)
                .collect();
            assert_eq!(lines, [20_004, 20_006], "cut at {cut}");
        }
    }

    #[test]
    fn binary_files_are_named() {
        assert_eq!(binary_kind(b"\x89PNG\r\n"), Some("a PNG image"));
        assert_eq!(binary_kind(b"a,b\x00c"), Some("binary data"));
        // SurveyMonkey's legacy export: a NUL as the cell under each metadata column.
        let legacy = "RespondentID,CollectorID,StartDate,Q1\n\0,\0,\0,Response\n1,2,04/25/2017 23:03:44,Yes\n";
        assert_eq!(binary_kind(legacy.as_bytes()), None);
        assert_eq!(binary_kind("a;b\ncafé;1\n".as_bytes()), None);
    }
}
