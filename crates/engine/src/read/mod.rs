//! Reading survey exports: CSV/TSV, XLSX/ODS (feature `spreadsheet`) and SPSS `.sav`
//! (feature `spss`), from bytes in memory, into a [`Dataset`] plus what the file says about
//! its columns.
//!
//! Invariants: reading never panics and never allocates without bound (see the limits in
//! [`ReadOptions`]); only input that is no table at all is an [`Err`], everything else is
//! read with [`Warning`]s carrying 1-based lines and columns. The CSV path needs no optional
//! dependency, so the report page's wasm can read CSV with `default-features = false`.

mod csv;
mod encoding;
mod error;
pub mod layout;
#[cfg(feature = "spss")]
mod mentions;
#[cfg(feature = "spreadsheet")]
mod spreadsheet;
#[cfg(feature = "spss")]
mod spss;
#[cfg(feature = "spss")]
mod spss_check;
mod table;

pub use self::csv::{count_fields, CsvStream, Part, Tokenizer};
pub use self::table::PartRows;
pub use error::{ReadError, ReadErrorKind};

use crate::dataset::Dataset;
use borsh::{BorshDeserialize, BorshSerialize};
use serde::{Deserialize, Serialize};

/// The defined name by which a workbook says which sheet holds the answers: Peiling's answer
/// template ([`crate::template::answers`]) names its answer columns so, and a spreadsheet
/// program keeps the name when the template is filled in and saved. A workbook that has it is
/// read from that sheet, however few rows it holds (see `spreadsheet`).
pub const ANSWERS_NAME: &str = "Peiling_antwoorden";

/// How to read a file, and the limits that keep memory bounded.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// The sheet of a workbook to read; the first sheet when `None`.
    pub sheet: Option<String>,
    /// Files larger than this are refused before reading.
    pub max_bytes: u64,
    /// Most columns a table may have.
    pub max_columns: usize,
    /// Most data rows a table may have.
    pub max_rows: usize,
    /// Most cells (rows × columns) a table may have.
    pub max_cells: usize,
    /// Longest single cell, in bytes.
    pub max_field_bytes: usize,
    /// Most bytes a workbook may unpack to.
    pub max_unpacked_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            sheet: None,
            max_bytes: 2 << 30,
            max_columns: 20_000,
            max_rows: 20_000_000,
            max_cells: 400_000_000,
            max_field_bytes: 1 << 20,
            max_unpacked_bytes: 1 << 30,
        }
    }
}

/// A file read into a dataset, with what the file says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub dataset: Dataset,
    pub source: SourceInfo,
    /// One per dataset column, in the same order.
    pub columns: Vec<ColumnMeta>,
    /// SPSS multiple-response sets.
    pub multi_sets: Vec<MultiSet>,
    pub warnings: Vec<Warning>,
}

/// What was read, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct SourceInfo {
    pub file_name: String,
    pub format: Format,
    /// The text encoding ("UTF-8", "Windows-1252", …); for workbooks and SPSS files the
    /// encoding they declare.
    pub encoding: String,
    pub layout: Layout,
    /// Rows at the top of the file that were headers.
    pub header_rows: usize,
    /// Data rows (respondents).
    pub rows: usize,
    pub columns: usize,
    pub bytes: u64,
    /// The survey's title, where the file carries one (an SPSS file label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The file format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Format {
    Csv {
        #[borsh(
            serialize_with = "char_as_u32::serialize",
            deserialize_with = "char_as_u32::deserialize"
        )]
        delimiter: char,
    },
    Tsv,
    Xlsx {
        sheet: String,
    },
    Xls {
        sheet: String,
    },
    Ods {
        sheet: String,
    },
    Sav,
}

/// `char` is not in borsh's data model: a delimiter travels as its scalar value.
mod char_as_u32 {
    use borsh::io::{Error, ErrorKind, Read, Result, Write};
    use borsh::{BorshDeserialize, BorshSerialize};

    pub fn serialize<W: Write>(c: &char, writer: &mut W) -> Result<()> {
        u32::from(*c).serialize(writer)
    }

    pub fn deserialize<R: Read>(reader: &mut R) -> Result<char> {
        char::from_u32(u32::deserialize_reader(reader)?)
            .ok_or_else(|| Error::new(ErrorKind::InvalidData, "not a character"))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Format::Csv { delimiter } => {
                let name = match delimiter {
                    ',' => "comma",
                    ';' => "semicolon",
                    '|' => "pipe",
                    _ => "other",
                };
                write!(f, "CSV ({name}-separated)")
            }
            Format::Tsv => write!(f, "TSV (tab-separated)"),
            Format::Xlsx { sheet } => write!(f, "Excel workbook (.xlsx), sheet '{sheet}'"),
            Format::Xls { sheet } => write!(f, "Excel 97-2003 workbook (.xls), sheet '{sheet}'"),
            Format::Ods { sheet } => write!(f, "OpenDocument spreadsheet (.ods), sheet '{sheet}'"),
            Format::Sav => write!(f, "SPSS data file (.sav)"),
        }
    }
}

/// The survey tool whose header convention the file follows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One header row, no known tool.
    Plain,
    Qualtrics,
    SurveyMonkey,
    LimeSurvey,
    MicrosoftForms,
    GoogleForms,
    /// A row of questions over a row of options or sub-items (an export re-saved with merged
    /// question cells), no known tool.
    TwoHeaderRows,
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Layout::Plain => "plain table",
            Layout::Qualtrics => "Qualtrics",
            Layout::SurveyMonkey => "SurveyMonkey",
            Layout::LimeSurvey => "LimeSurvey",
            Layout::MicrosoftForms => "Microsoft Forms",
            Layout::GoogleForms => "Google Forms",
            Layout::TwoHeaderRows => "table with a question row and an option row",
        })
    }
}

/// What the file says about one column.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize,
)]
#[serde(default)]
pub struct ColumnMeta {
    /// The dataset column's name (unique).
    pub name: String,
    /// The export tag or variable name (`Q5_1`, `G01Q02[SQ001]`), when the file has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The question's text (or the code's stem when the file has no text).
    pub question: String,
    /// The sub-item, statement or option of a grid or multi-select column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Qualtrics' ImportId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
    /// SPSS variable label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// SPSS value labels, in the file's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub value_labels: Vec<ValueLabel>,
    /// SPSS declared missing values, as they appear in the data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_values: Vec<String>,
    /// SPSS declared missing ranges (inclusive).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_ranges: Vec<(f64, f64)>,
    /// SPSS measurement level (`nominal`, `ordinal`, `scale`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The declared width of an SPSS string variable, in characters (`A256` → 256).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_width: Option<u32>,
    /// The file had no header for this column; its name was made up.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unnamed: bool,
    /// The tool says the column holds typed answers (SurveyMonkey's "Open-Ended Response"
    /// under the question), not a choice from a list.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub typed: bool,
    /// The tool's summary of the option columns after it, not a question of its own
    /// (KoboToolbox's and ODK's chosen labels joined by spaces before their `question/option`
    /// columns of 1 and 0).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub summary: bool,
    /// The tool's own record metadata (ArcGIS Survey123's `Creator`, `x`, `y`; Typeform's
    /// `Tags`), known by the tool's other metadata headings in the same file: no question.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub metadata: bool,
}

impl ColumnMeta {
    /// A column the file says nothing about but its header.
    pub fn named(name: &str) -> ColumnMeta {
        ColumnMeta {
            name: name.to_owned(),
            question: name.to_owned(),
            ..ColumnMeta::default()
        }
    }
}

/// A value and its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct ValueLabel {
    pub value: String,
    pub label: String,
}

/// An SPSS multiple-response set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct MultiSet {
    pub name: String,
    pub label: String,
    pub kind: MultiSetKind,
    /// Dichotomy sets: the value that means "chosen".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted_value: Option<String>,
    /// The dataset columns of the set.
    pub columns: Vec<String>,
    /// A category set's own columns (each holding one chosen category), from which the reader
    /// made `columns`, one marked column per category: the same answers again, no questions
    /// of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MultiSetKind {
    /// One column per option, holding the counted value when chosen.
    Dichotomy,
    /// Several columns each holding one chosen category.
    Category,
}

/// Something read but not quite right: where, and what was done about it — said in Dutch and
/// English, so the page shows it in its own language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct Warning {
    /// 1-based line (CSV) or row (spreadsheet); `None` for the file as a whole.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    pub message: crate::codebook::Text,
}

impl Warning {
    /// A warning at `line` and `column`, said in Dutch (`nl`) and English (`en`).
    pub fn new(
        line: Option<usize>,
        column: Option<usize>,
        nl: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Warning {
            line,
            column,
            message: crate::codebook::Text::with_en(nl, en),
        }
    }

    /// The warning with its place, in `lang`.
    pub fn text(&self, lang: crate::codebook::Lang) -> String {
        use crate::codebook::Lang;
        let (line, column) = match lang {
            Lang::Nl => ("regel", "kolom"),
            Lang::En => ("line", "column"),
        };
        let place = match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{line} {l}, {column} {c}: "),
            (Some(l), None) => format!("{line} {l}: "),
            (None, Some(c)) => format!("{column} {c}: "),
            (None, None) => String::new(),
        };
        place + self.message.get(lang)
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::codebook::Lang::En))
    }
}

/// Reads a whole file from memory; the format is recognised from its first bytes (and, for
/// text, its name: `.tsv` prefers tabs).
pub fn read(bytes: &[u8], file_name: &str, options: &ReadOptions) -> Result<Import, ReadError> {
    if bytes.len() as u64 > options.max_bytes {
        return Err(ReadError::new(
            file_name,
            ReadErrorKind::TooLarge {
                bytes: bytes.len() as u64,
                limit: options.max_bytes,
            },
        ));
    }
    if is_workbook(bytes) {
        return unwinding(file_name, binary_format(bytes, file_name), || {
            read_workbook(bytes, file_name, options)
        });
    }
    if is_sav(bytes) {
        return unwinding(file_name, binary_format(bytes, file_name), || {
            read_sav(bytes, file_name, options)
        });
    }
    let mut stream = CsvStream::new(file_name, options);
    stream.feed(bytes)?;
    stream.finish()
}

/// Runs a reader of a binary format whose library may panic on a damaged file it does not
/// check for (`calamine`, `ambers`): where panics unwind (native builds) the panic becomes the
/// error any damaged file gives. Known cases are refused before the library reads them
/// (`spss_check`, the compound file written afresh in `spreadsheet`); in the page's reader
/// worker, built with `panic = "abort"`, the page reports a worker that dies with this same
/// error (`upload::worker_client`).
fn unwinding(
    file_name: &str,
    format: &str,
    read: impl FnOnce() -> Result<Import, ReadError>,
) -> Result<Import, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(ReadError::new(
            file_name,
            ReadErrorKind::Inconsistent {
                format: format.into(),
            },
        ))
    })
}

/// The format named in a damaged file's error, as the reader names it, from the file's first
/// bytes (its magic number) and its name: "SPSS", "Excel 97-2003", "OpenDocument", "Excel"
/// or "CSV".
pub fn binary_format(first_bytes: &[u8], file_name: &str) -> &'static str {
    let lower = file_name.to_ascii_lowercase();
    let named = |ext: &[&str]| ext.iter().any(|e| lower.ends_with(e));
    if is_sav(first_bytes) || named(&[".sav", ".zsav"]) {
        "SPSS"
    } else if first_bytes.starts_with(b"\xD0\xCF\x11\xE0") || named(&[".xls"]) {
        "Excel 97-2003"
    } else if named(&[".ods"]) {
        "OpenDocument"
    } else if is_workbook(first_bytes) || named(&[".xlsx"]) {
        "Excel"
    } else {
        "CSV"
    }
}

/// Whether a file that starts with `first_bytes` (its first 4 suffice) is a workbook or an
/// SPSS file: formats read from the whole file in memory, unlike CSV, which
/// [`CsvStream`] reads chunk by chunk.
pub fn needs_whole_file(first_bytes: &[u8]) -> bool {
    is_workbook(first_bytes) || is_sav(first_bytes)
}

/// XLSX/ODS (a zip) or XLS (an OLE compound file).
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

fn is_sav(bytes: &[u8]) -> bool {
    bytes.starts_with(b"$FL2") || bytes.starts_with(b"$FL3")
}

/// A number as a person writes it: `3`, not `3.0`; `2.5`.
#[cfg(any(feature = "spreadsheet", feature = "spss"))]
pub(crate) fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(feature = "spreadsheet")]
fn read_workbook(
    bytes: &[u8],
    file_name: &str,
    options: &ReadOptions,
) -> Result<Import, ReadError> {
    spreadsheet::read(bytes, file_name, options)
}

#[cfg(not(feature = "spreadsheet"))]
fn read_workbook(_: &[u8], file_name: &str, _: &ReadOptions) -> Result<Import, ReadError> {
    Err(ReadError::new(
        file_name,
        ReadErrorKind::Unsupported {
            format: "Spreadsheet".into(),
        },
    ))
}

#[cfg(feature = "spss")]
fn read_sav(bytes: &[u8], file_name: &str, options: &ReadOptions) -> Result<Import, ReadError> {
    spss::read(bytes, file_name, options)
}

#[cfg(not(feature = "spss"))]
fn read_sav(_: &[u8], file_name: &str, _: &ReadOptions) -> Result<Import, ReadError> {
    Err(ReadError::new(
        file_name,
        ReadErrorKind::Unsupported {
            format: "SPSS".into(),
        },
    ))
}
