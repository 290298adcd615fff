//! Why a file could not be read, said so that a person knows where to look and what to do.
//!
//! Only input that is no table at all (or exceeds a limit that protects memory) is an error;
//! everything else is read with [`Warning`](super::Warning)s. Every error names the file and,
//! when it has one, the 1-based line, column and header it concerns.

use serde::Serialize;

/// A file that could not be read as a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadError {
    /// The file's name as given by the caller.
    pub file: Box<str>,
    /// 1-based line (CSV) or row (spreadsheet), if the error has a place.
    pub line: Option<usize>,
    /// 1-based column, if the error concerns one column.
    pub column: Option<usize>,
    /// The header of that column, if known.
    pub header: Option<Box<str>>,
    pub kind: ReadErrorKind,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file has no bytes, or only white space.
    Empty,
    /// The bytes are not text nor a known spreadsheet or SPSS file.
    NotATable { detected: String },
    /// The file is larger than the configured limit.
    TooLarge { bytes: u64, limit: u64 },
    /// More columns than the configured limit.
    TooManyColumns { columns: usize, limit: usize },
    /// More rows than the configured limit.
    TooManyRows { limit: usize },
    /// More cells (rows × columns) than the configured limit.
    TooManyCells { limit: usize },
    /// One field is longer than the limit, usually a quote that never closes.
    FieldTooLong { limit: usize },
    /// A spreadsheet that would unpack to far more than its own size (a "zip bomb").
    Decompression { declared: u64, limit: u64 },
    /// The workbook has no sheet of that name.
    NoSuchSheet {
        sheet: String,
        available: Vec<String>,
    },
    /// The format is recognised but this build cannot read it.
    Unsupported { format: String },
    /// The spreadsheet or SPSS reader refused the file.
    Damaged { format: String, message: String },
    /// The header rows are there, but no column has a name nor any data.
    NoColumns,
}

impl ReadError {
    pub fn new(file: &str, kind: ReadErrorKind) -> Self {
        ReadError {
            file: file.into(),
            line: None,
            column: None,
            header: None,
            kind,
        }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at_column(mut self, column: usize, header: Option<&str>) -> Self {
        self.column = Some(column);
        self.header = header.map(Into::into);
        self
    }

    /// What happened, in words.
    pub fn message(&self) -> String {
        use ReadErrorKind::*;
        match &self.kind {
            Empty => "the file is empty".into(),
            NotATable { detected } => format!("this is not a table but {detected}"),
            TooLarge { bytes, limit } => format!(
                "the file is {} MB, more than the {} MB that can be read here",
                bytes / 1_000_000,
                limit / 1_000_000
            ),
            TooManyColumns { columns, limit } => {
                format!("the table has {columns} columns, more than the limit of {limit}")
            }
            TooManyRows { limit } => format!("the table has more than {limit} rows"),
            TooManyCells { limit } => {
                format!("the table has more than {limit} cells (rows × columns)")
            }
            FieldTooLong { limit } => format!(
                "a cell is longer than {} KB; most likely a quote (\") opens here and never closes",
                limit / 1024
            ),
            Decompression { declared, limit } => format!(
                "the workbook would unpack to {} MB, more than the {} MB allowed (a damaged or malicious file)",
                declared / 1_000_000,
                limit / 1_000_000
            ),
            NoSuchSheet { sheet, available } => format!(
                "there is no sheet '{sheet}'; the sheets are: {}",
                available.join(", ")
            ),
            Unsupported { format } => format!("{format} files cannot be read by this build"),
            Damaged { format, message } => format!("the {format} file is damaged: {message}"),
            NoColumns => "the file has no columns with a header or data".into(),
        }
    }

    /// What the person can do about it.
    pub fn advice(&self) -> &'static str {
        use ReadErrorKind::*;
        match &self.kind {
            Empty => "Choose the exported data file itself; it should hold a header row and answers.",
            NotATable { .. } => "Export the survey results as CSV, Excel (.xlsx), OpenDocument (.ods) or SPSS (.sav) and choose that file.",
            TooLarge { .. } | TooManyRows { .. } | TooManyCells { .. } => {
                "Export fewer columns or rows (for example without open answers or metadata), or split the file."
            }
            TooManyColumns { .. } => "Export only the questions you need, or check the delimiter: a wrong one can split one column into many.",
            FieldTooLong { .. } => "Open the file in a text editor at this line and close or remove the stray quote, then export again.",
            Decompression { .. } => "Open the workbook in a spreadsheet program and save it again, or export it as CSV.",
            NoSuchSheet { .. } => "Choose one of the sheets listed.",
            Unsupported { .. } => "Export the data as CSV instead.",
            Damaged { .. } => "Open the file in the program that made it and save or export it again.",
            NoColumns => "Check that the first row holds the column headers.",
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(header) = &self.header {
            write!(f, " ('{header}')")?;
        }
        write!(f, ": {}. {}", self.message(), self.advice())
    }
}

impl std::error::Error for ReadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_place_header_and_advice() {
        let e = ReadError::new(
            "enquete.csv",
            ReadErrorKind::FieldTooLong { limit: 1 << 20 },
        )
        .at_line(12)
        .at_column(3, Some("Toelichting"));
        let text = e.to_string();
        assert!(text.starts_with(
            "enquete.csv, line 12, column 3 ('Toelichting'): a cell is longer than 1024 KB"
        ));
        assert!(text.contains("stray quote"));
    }
}
