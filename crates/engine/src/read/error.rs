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
    /// A part of a workbook inflates to more bytes than its zip header states: the header
    /// lies (a "zip bomb" that understates its size, or a damaged file).
    Understated { entry: String, declared: u64 },
    /// The workbook has no sheet of that name.
    NoSuchSheet {
        sheet: String,
        available: Vec<String>,
    },
    /// The format is recognised but this build cannot read it.
    Unsupported { format: String },
    /// The spreadsheet or SPSS reader refused the file.
    Damaged { format: String, message: String },
    /// The reader stopped on an inconsistency in the file that it does not name: its reading
    /// library panicked (natively), or the reader worker died on the file (in the page).
    Inconsistent { format: String },
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
            Understated { entry, declared } => format!(
                "the workbook's part {entry} unpacks to more than the {declared} bytes its header states (a damaged or malicious file)"
            ),
            NoSuchSheet { sheet, available } => format!(
                "there is no sheet '{sheet}'; the sheets are: {}",
                available.join(", ")
            ),
            Unsupported { format } => format!("{format} files cannot be read by this build"),
            Damaged { format, message } => format!("the {format} file is damaged: {message}"),
            Inconsistent { format } => {
                format!("the {format} file is damaged: its parts do not fit together")
            }
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
            Decompression { .. } | Understated { .. } => "Open the workbook in a spreadsheet program and save it again, or export it as CSV.",
            NoSuchSheet { .. } => "Choose one of the sheets listed.",
            Unsupported { .. } => "Export the data as CSV instead.",
            Damaged { .. } | Inconsistent { .. } => "Open the file in the program that made it and save or export it again.",
            NoColumns => "Check that the first row holds the column headers.",
        }
    }
}

impl ReadError {
    /// What happened, in Dutch.
    pub fn message_nl(&self) -> String {
        use ReadErrorKind::*;
        match &self.kind {
            Empty => "het bestand is leeg".into(),
            NotATable { detected } => format!("dit is geen tabel maar {}", detected_nl(detected)),
            TooLarge { bytes, limit } => format!(
                "het bestand is {} MB, meer dan de {} MB die hier gelezen kan worden",
                bytes / 1_000_000,
                limit / 1_000_000
            ),
            TooManyColumns { columns, limit } => {
                format!("de tabel heeft {columns} kolommen, meer dan het maximum van {limit}")
            }
            TooManyRows { limit } => format!("de tabel heeft meer dan {limit} rijen"),
            TooManyCells { limit } => {
                format!("de tabel heeft meer dan {limit} cellen (rijen × kolommen)")
            }
            FieldTooLong { limit } => format!(
                "een cel is langer dan {} KB; waarschijnlijk opent hier een aanhalingsteken (\") dat nooit sluit",
                limit / 1024
            ),
            Decompression { declared, limit } => format!(
                "de werkmap zou uitpakken tot {} MB, meer dan de toegestane {} MB (een beschadigd of kwaadaardig bestand)",
                declared / 1_000_000,
                limit / 1_000_000
            ),
            Understated { entry, declared } => format!(
                "het onderdeel {entry} van de werkmap pakt uit tot meer dan de {declared} bytes die de kop opgeeft (een beschadigd of kwaadaardig bestand)"
            ),
            NoSuchSheet { sheet, available } => format!(
                "er is geen werkblad '{sheet}'; de werkbladen zijn: {}",
                available.join(", ")
            ),
            Unsupported { format } => format!("{format}-bestanden kan deze versie niet lezen"),
            Damaged { format, message } => {
                format!("het {format}-bestand is beschadigd: {message}")
            }
            Inconsistent { format } => {
                format!("het {format}-bestand is beschadigd: de onderdelen passen niet bij elkaar")
            }
            NoColumns => "het bestand heeft geen kolommen met een kop of gegevens".into(),
        }
    }

    /// What the person can do about it, in Dutch.
    pub fn advice_nl(&self) -> &'static str {
        use ReadErrorKind::*;
        match &self.kind {
            Empty => "Kies het geëxporteerde gegevensbestand zelf; het hoort een kopregel en antwoorden te bevatten.",
            NotATable { .. } => "Exporteer de resultaten als CSV, Excel (.xlsx), OpenDocument (.ods) of SPSS (.sav) en kies dat bestand.",
            TooLarge { .. } | TooManyRows { .. } | TooManyCells { .. } => {
                "Exporteer minder kolommen of rijen (bijvoorbeeld zonder open antwoorden of metagegevens), of splits het bestand."
            }
            TooManyColumns { .. } => "Exporteer alleen de vragen die u nodig hebt, of controleer het scheidingsteken: een verkeerd teken kan één kolom in vele splitsen.",
            FieldTooLong { .. } => "Open het bestand in een teksteditor op deze regel, sluit of verwijder het losse aanhalingsteken en exporteer opnieuw.",
            Decompression { .. } | Understated { .. } => "Open de werkmap in een rekenblad en sla haar opnieuw op, of exporteer haar als CSV.",
            NoSuchSheet { .. } => "Kies een van de genoemde werkbladen.",
            Unsupported { .. } => "Exporteer de gegevens in plaats daarvan als CSV.",
            Damaged { .. } | Inconsistent { .. } => "Open het bestand in het programma dat het maakte en sla het opnieuw op of exporteer het opnieuw.",
            NoColumns => "Controleer dat de eerste rij de kolomkoppen bevat.",
        }
    }

    /// The whole message — file, place, what happened, what to do — in `lang`.
    pub fn text(&self, lang: crate::codebook::Lang) -> String {
        use crate::codebook::Lang;
        use std::fmt::Write;
        let (line, column) = match lang {
            Lang::Nl => ("regel", "kolom"),
            Lang::En => ("line", "column"),
        };
        let mut out = self.file.to_string();
        if let Some(l) = self.line {
            let _ = write!(out, ", {line} {l}");
        }
        if let Some(c) = self.column {
            let _ = write!(out, ", {column} {c}");
        }
        if let Some(header) = &self.header {
            let _ = write!(out, " ('{header}')");
        }
        let (message, advice) = match lang {
            Lang::Nl => (self.message_nl(), self.advice_nl()),
            Lang::En => (self.message(), self.advice()),
        };
        let _ = write!(out, ": {message}. {advice}");
        out
    }
}

/// What a file turned out to be, in Dutch (the readers name it in English).
fn detected_nl(detected: &str) -> &str {
    match detected {
        "a PNG image" => "een PNG-afbeelding",
        "a JPEG image" => "een JPEG-afbeelding",
        "a GIF image" => "een GIF-afbeelding",
        "a PDF document" => "een PDF-document",
        "a zip archive" => "een zip-archief",
        "an old-style Office document" => "een Office-document van het oude soort",
        "a gzip archive" => "een gzip-archief",
        "binary data" => "binaire gegevens",
        "parts read differently" => "delen die verschillend gelezen zijn",
        "parts with different columns" => "delen met verschillende kolommen",
        "a zip archive without a spreadsheet in it" => "een zip-archief zonder rekenblad",
        "a workbook without sheets" => "een werkmap zonder werkbladen",
        other => other,
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::codebook::Lang::En))
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
        // The same in Dutch, for the Dutch page.
        let dutch = e.text(crate::codebook::Lang::Nl);
        assert!(dutch.starts_with(
            "enquete.csv, regel 12, kolom 3 ('Toelichting'): een cel is langer dan 1024 KB"
        ));
        assert!(dutch.contains("losse aanhalingsteken"));
    }
}
