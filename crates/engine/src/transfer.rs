//! What the reader worker hands the page: a read file as one binary header plus a few flat
//! arrays, so that a dataset of millions of cells crosses from the worker to the page as a
//! handful of transferable buffers instead of cell by cell.
//!
//! The [`Header`] holds what the file says about itself ([`ImportMeta`]: source, column
//! metadata, multiple-response sets, warnings), the proposed [`Codebook`] and the dataset's
//! shape: per column its name, its kind and, for coded columns, its levels. The
//! cells travel as [`Part`]s in column order: a coded column is one `u16` array of codes; a
//! text column is its UTF-8 bytes followed by a `u32` array of cell end offsets (the storage
//! of [`TextColumn`], as is). Typed arrays rather than one byte string, so neither side
//! converts: wasm and every browser are little-endian, and the arrays are copied into and
//! out of wasm memory whole. The header is written by borsh, a plain binary layout, rather
//! than as JSON: decoding JSON takes serde_json and a deserializer per type, a sixth of the
//! page's wasm, and the page then needs no JSON parser at all (codebook files are read by
//! the worker, [`apply_codebook`]).
//!
//! What stays true: [`decode`] checks everything against the header — the format version,
//! the number, kind and length of the parts, every code against its column's levels, the
//! levels themselves, every text offset, the metadata against the columns — and returns a
//! [`TransferError`] for anything that does not fit. It never panics on corrupt input and
//! allocates nothing beyond the parts it is given and what the header itself holds.

use crate::codebook::{Codebook, CodebookError};
use crate::compare::matching::{self, Matching, QuestionMatch};
use crate::dataset::{count_slots, Column, Dataset, TextColumn, Values, MAX_LEVELS, MISSING};
use crate::infer::{self, Mismatch};
use crate::read::{ColumnMeta, Import, MultiSet, SourceInfo, Warning};
use borsh::{BorshDeserialize, BorshSerialize};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

/// The version of this layout; a header of another version is refused.
pub const FORMAT_VERSION: u32 = 3;

/// The largest file a browser tab is asked to read, whatever the device: streamed, a CSV
/// of this size becomes a dataset of a few hundred MB, held once in the worker and once in
/// the page.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The largest workbook or SPSS file read: these are read whole, and a workbook unpacks to
/// several times its size.
pub const MAX_WHOLE_FILE_BYTES: u64 = 256 << 20;

/// The largest file to read on a device with `device_memory_gib` of memory (the browser's
/// `navigator.deviceMemory`, which reports at most 8): 128 MiB per GiB, at most
/// [`MAX_FILE_BYTES`]; [`MAX_FILE_BYTES`] when the browser does not say.
pub fn max_file_bytes(device_memory_gib: Option<f64>) -> u64 {
    match device_memory_gib {
        Some(gib) if gib.is_finite() && gib > 0.0 => {
            ((gib * (128u64 << 20) as f64) as u64).clamp(64 << 20, MAX_FILE_BYTES)
        }
        _ => MAX_FILE_BYTES,
    }
}

/// An [`Import`] without its dataset: what the file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct ImportMeta {
    pub source: SourceInfo,
    /// One per dataset column, in the same order.
    pub columns: Vec<ColumnMeta>,
    #[serde(default)]
    pub multi_sets: Vec<MultiSet>,
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

impl ImportMeta {
    /// The metadata of `import`.
    pub fn of(import: &Import) -> Self {
        ImportMeta {
            source: import.source.clone(),
            columns: import.columns.clone(),
            multi_sets: import.multi_sets.clone(),
            warnings: import.warnings.clone(),
        }
    }

    /// The import again, with its dataset.
    pub fn into_import(self, dataset: Dataset) -> Import {
        Import {
            dataset,
            source: self.source,
            columns: self.columns,
            multi_sets: self.multi_sets,
            warnings: self.warnings,
        }
    }
}

/// How one column's cells are stored, without the cells.
#[derive(Debug, Clone, PartialEq, BorshSerialize, BorshDeserialize)]
pub enum ColumnShape {
    /// One `u16` part of codes into `levels`.
    Coded { name: String, levels: Vec<String> },
    /// A part of `bytes` UTF-8 bytes, then a `u32` part of cell end offsets.
    Text { name: String, bytes: usize },
}

impl ColumnShape {
    pub fn name(&self) -> &str {
        match self {
            ColumnShape::Coded { name, .. } | ColumnShape::Text { name, .. } => name,
        }
    }
}

/// Everything but the cells, sent as bytes ([`Header::to_bytes`]) beside the parts.
#[derive(Debug, Clone, PartialEq, BorshSerialize, BorshDeserialize)]
pub struct Header {
    pub version: u32,
    /// Number of respondents: the length of every codes and offsets part.
    pub rows: usize,
    pub columns: Vec<ColumnShape>,
    pub meta: ImportMeta,
    pub codebook: Codebook,
}

/// The kind of a part, and so the typed array it travels as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// `u16` codes (`Uint16Array`).
    Codes,
    /// UTF-8 bytes (`Uint8Array`).
    Text,
    /// `u32` end offsets (`Uint32Array`).
    Ends,
}

/// A part the header expects: its kind and its length in elements (not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartSpec {
    pub kind: PartKind,
    pub len: usize,
}

/// A part as the encoder lends it, straight from the dataset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Part<'a> {
    Codes(&'a [u16]),
    Text(&'a [u8]),
    Ends(&'a [u32]),
}

/// A part as the decoder takes it, owned, so that the dataset keeps it without a copy.
#[derive(Debug, Clone, PartialEq)]
pub enum PartBuf {
    Codes(Vec<u16>),
    Text(Vec<u8>),
    Ends(Vec<u32>),
}

/// An import and its proposed codebook, ready to send.
#[derive(Debug, Clone)]
pub struct Encoded<'a> {
    /// The [`Header`], written by borsh; its first four bytes are [`FORMAT_VERSION`].
    pub header: Vec<u8>,
    pub parts: Vec<Part<'a>>,
}

/// What the page gets back.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub dataset: Dataset,
    pub meta: ImportMeta,
    pub codebook: Codebook,
}

/// Why a transfer could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferError {
    /// The header is not what [`Header::to_bytes`] writes.
    Header(String),
    Version {
        found: u32,
    },
    PartCount {
        expected: usize,
        found: usize,
    },
    /// Part `index` is not of the kind or length the header says.
    PartShape {
        index: usize,
        expected: String,
    },
    /// Column `column` (0-based) does not hold what the header says.
    Column {
        column: usize,
        problem: String,
    },
    /// The metadata does not match the columns.
    Meta(String),
}

impl std::fmt::Display for TransferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the file was read, but the result did not arrive intact (")?;
        match self {
            TransferError::Header(e) => write!(f, "header: {e}")?,
            TransferError::Version { found } => write!(
                f,
                "format version {found}, this page reads version {FORMAT_VERSION}"
            )?,
            TransferError::PartCount { expected, found } => {
                write!(f, "{found} arrays where {expected} were expected")?
            }
            TransferError::PartShape { index, expected } => {
                write!(f, "array {}: expected {expected}", index + 1)?
            }
            TransferError::Column { column, problem } => {
                write!(f, "column {}: {problem}", column + 1)?
            }
            TransferError::Meta(e) => write!(f, "metadata: {e}")?,
        }
        f.write_str("). Reload the page and choose the file again.")
    }
}

impl std::error::Error for TransferError {}

/// Lends `import`'s dataset as parts and writes the header for it.
pub fn encode<'a>(import: &'a Import, codebook: &Codebook) -> Encoded<'a> {
    let dataset = &import.dataset;
    let mut columns = Vec::with_capacity(dataset.columns.len());
    let mut parts = Vec::with_capacity(dataset.columns.len());
    for column in &dataset.columns {
        match &column.values {
            Values::Coded { codes, levels } => {
                columns.push(ColumnShape::Coded {
                    name: column.name.clone(),
                    levels: levels.clone(),
                });
                parts.push(Part::Codes(codes));
            }
            Values::Text(text) => {
                let (buf, ends) = text.parts();
                columns.push(ColumnShape::Text {
                    name: column.name.clone(),
                    bytes: buf.len(),
                });
                parts.push(Part::Text(buf.as_bytes()));
                parts.push(Part::Ends(ends));
            }
        }
    }
    let header = Header {
        version: FORMAT_VERSION,
        rows: dataset.rows,
        columns,
        meta: ImportMeta::of(import),
        codebook: codebook.clone(),
    };
    Encoded {
        header: header.to_bytes(),
        parts,
    }
}

impl Header {
    /// Reads a header written by [`encode`].
    pub fn parse(bytes: &[u8]) -> Result<Header, TransferError> {
        // The version first (the struct's first field), so that another version gets its
        // own message rather than whatever its layout makes of this one.
        let version = bytes
            .first_chunk::<4>()
            .map(|v| u32::from_le_bytes(*v))
            .ok_or_else(|| TransferError::Header("the header ends early".into()))?;
        if version != FORMAT_VERSION {
            return Err(TransferError::Version { found: version });
        }
        from_borsh(bytes)
    }

    /// The header as bytes, for [`Header::parse`].
    pub fn to_bytes(&self) -> Vec<u8> {
        // Writing to a `Vec` fails only for a NaN, which no header holds (codebook bins and
        // SPSS missing ranges are numbers or infinities); an empty header is then refused
        // by the reader.
        borsh::to_vec(self).unwrap_or_default()
    }

    /// The file without its cells: every column with its name and levels, and no rows.
    fn without_cells(mut self) -> Result<Decoded, TransferError> {
        self.rows = 0;
        let mut parts = Vec::new();
        for shape in &mut self.columns {
            match shape {
                ColumnShape::Coded { .. } => parts.push(PartBuf::Codes(Vec::new())),
                ColumnShape::Text { bytes, .. } => {
                    *bytes = 0;
                    parts.push(PartBuf::Text(Vec::new()));
                    parts.push(PartBuf::Ends(Vec::new()));
                }
            }
        }
        decode(self, parts)
    }

    /// The parts this header expects, in order: what the receiver checks each buffer's size
    /// against before copying it.
    pub fn parts(&self) -> Vec<PartSpec> {
        let mut specs = Vec::with_capacity(self.columns.len());
        for column in &self.columns {
            match column {
                ColumnShape::Coded { .. } => specs.push(PartSpec {
                    kind: PartKind::Codes,
                    len: self.rows,
                }),
                ColumnShape::Text { bytes, .. } => {
                    specs.push(PartSpec {
                        kind: PartKind::Text,
                        len: *bytes,
                    });
                    specs.push(PartSpec {
                        kind: PartKind::Ends,
                        len: self.rows,
                    });
                }
            }
        }
        specs
    }
}

/// Rebuilds the import and codebook from a header and its parts, checking every part.
pub fn decode(header: Header, parts: Vec<PartBuf>) -> Result<Decoded, TransferError> {
    let Header {
        version,
        rows,
        columns,
        meta,
        codebook,
    } = header;
    if version != FORMAT_VERSION {
        return Err(TransferError::Version { found: version });
    }
    check_meta(&meta, &columns)?;
    let dataset = Dataset::from_transfer(rows, columns, parts)?;
    Ok(Decoded {
        dataset,
        meta,
        codebook,
    })
}

impl Dataset {
    /// A dataset from its shape and parts (see [`transfer`](crate::transfer)); every part is
    /// checked and kept without copying.
    pub fn from_transfer(
        rows: usize,
        shapes: Vec<ColumnShape>,
        parts: Vec<PartBuf>,
    ) -> Result<Dataset, TransferError> {
        let expected = shapes.iter().map(ColumnShape::parts).sum();
        if parts.len() != expected {
            return Err(TransferError::PartCount {
                expected,
                found: parts.len(),
            });
        }
        let mut parts = parts.into_iter();
        let mut columns = Vec::with_capacity(shapes.len());
        let mut first_part = 0;
        for (column, shape) in shapes.into_iter().enumerate() {
            let count = shape.parts();
            let own = parts.by_ref().take(count).collect();
            columns.push(decode_column(rows, column, shape, first_part, own)?);
            first_part += count;
        }
        Ok(Dataset { rows, columns })
    }
}

impl ColumnShape {
    /// How many parts carry the column: one for codes, two for text.
    pub fn parts(&self) -> usize {
        match self {
            ColumnShape::Coded { .. } => 1,
            ColumnShape::Text { .. } => 2,
        }
    }
}

/// Checks that the metadata describes the columns, one by one and by name.
pub fn check_meta(meta: &ImportMeta, columns: &[ColumnShape]) -> Result<(), TransferError> {
    if meta.columns.len() != columns.len() {
        return Err(TransferError::Meta(format!(
            "{} column descriptions for {} columns",
            meta.columns.len(),
            columns.len()
        )));
    }
    if let Some((i, _)) = meta
        .columns
        .iter()
        .zip(columns)
        .enumerate()
        .find(|(_, (m, c))| m.name != c.name())
    {
        return Err(TransferError::Meta(format!(
            "column {} is named differently in the description",
            i + 1
        )));
    }
    Ok(())
}

/// One column (0-based place `column`) from its shape and its own parts, which are numbered
/// from `first_part` in errors; lets a receiver decode column by column, giving the page's
/// main thread back in between.
pub fn decode_column(
    rows: usize,
    column: usize,
    shape: ColumnShape,
    first_part: usize,
    parts: Vec<PartBuf>,
) -> Result<Column, TransferError> {
    decode_column_counted(rows, column, shape, first_part, parts).map(|(column, _)| column)
}

/// [`decode_column`], also giving a coded column's [`code_counts`](crate::dataset::count_codes)
/// (`None` for text): the check that every code is one of the levels counts them, which costs
/// about what the check alone did, and the counts spare a report over every respondent its
/// own pass (`Survey::with_code_counts`).
pub fn decode_column_counted(
    rows: usize,
    column: usize,
    shape: ColumnShape,
    first_part: usize,
    parts: Vec<PartBuf>,
) -> Result<(Column, Option<Vec<u64>>), TransferError> {
    let bad = |problem: String| TransferError::Column { column, problem };
    let mut counts = None;
    let mut parts = parts.into_iter();
    let (name, values) = match shape {
        ColumnShape::Coded { name, levels } => {
            let Some(PartBuf::Codes(codes)) = parts.next() else {
                return Err(part_error(first_part, "codes", rows));
            };
            if codes.len() != rows {
                return Err(part_error(first_part, "codes", rows));
            }
            check_levels(&levels).map_err(bad)?;
            counts = Some(check_codes(&codes, levels.len()).map_err(bad)?);
            (name, Values::Coded { codes, levels })
        }
        ColumnShape::Text { name, bytes } => {
            let Some(PartBuf::Text(buf)) = parts.next() else {
                return Err(part_error(first_part, "text", bytes));
            };
            if buf.len() != bytes {
                return Err(part_error(first_part, "text", bytes));
            }
            let Some(PartBuf::Ends(ends)) = parts.next() else {
                return Err(part_error(first_part + 1, "offsets", rows));
            };
            if ends.len() != rows {
                return Err(part_error(first_part + 1, "offsets", rows));
            }
            let buf =
                String::from_utf8(buf).map_err(|e| bad(format!("text is not UTF-8 ({e})")))?;
            let text = TextColumn::from_parts(buf, ends)
                .ok_or_else(|| bad("text offsets do not cut the text into its cells".into()))?;
            (name, Values::Text(text))
        }
    };
    if parts.next().is_some() {
        return Err(part_error(first_part, "parts of one column", 1));
    }
    Ok((Column { name, values }, counts))
}

fn part_error(index: usize, kind: &str, len: usize) -> TransferError {
    TransferError::PartShape {
        index,
        expected: format!("{len} {kind}"),
    }
}

fn check_levels(levels: &[String]) -> Result<(), String> {
    if levels.len() > MAX_LEVELS {
        return Err(format!(
            "{} answers, more than the {MAX_LEVELS} a coded column holds",
            levels.len()
        ));
    }
    let mut seen = FxHashSet::default();
    if let Some(level) = levels.iter().find(|l| !seen.insert(l.as_str())) {
        return Err(format!("the answer '{level}' is listed twice"));
    }
    Ok(())
}

/// Checks that every code is one of `levels` (or missing) and gives the count of each code,
/// as [`count_codes`](crate::dataset::count_codes) does.
fn check_codes(codes: &[u16], levels: usize) -> Result<Vec<u64>, String> {
    // MISSING + 1 wraps to slot 0, every valid code c to slot c + 1 ≤ levels, anything else to
    // slot levels + 1: one counting pass with no early exit.
    let mut slots = count_slots(codes.len(), levels + 2, |row| {
        usize::from(codes[row].wrapping_add(1)).min(levels + 1)
    });
    if slots[levels + 1] == 0 {
        let missing = slots[0];
        slots.remove(0);
        slots[levels] = missing;
        return Ok(slots);
    }
    let row = codes
        .iter()
        .position(|&c| c != MISSING && usize::from(c) >= levels)
        .unwrap_or(0);
    Err(format!(
        "row {} has code {}, but the column has {levels} answers",
        row + 1,
        codes[row]
    ))
}

/// A saved codebook matched to a read file, as the reader worker hands it back to the page.
#[derive(Debug, Clone, PartialEq, BorshSerialize, BorshDeserialize)]
pub struct Applied {
    pub codebook: Codebook,
    /// What did not fit (empty when the codebook was taken as it is).
    pub mismatches: Vec<Mismatch>,
}

impl Applied {
    pub fn to_bytes(&self) -> Vec<u8> {
        // As for the header: only a NaN fails, and none is held.
        borsh::to_vec(self).unwrap_or_default()
    }

    pub fn parse(bytes: &[u8]) -> Result<Applied, TransferError> {
        from_borsh(bytes)
    }
}

/// Why a codebook file could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// The file's header (kept by the page since the read) is damaged.
    Header(TransferError),
    /// The codebook file is not a codebook this version reads.
    Codebook(CodebookError),
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::Header(e) => e.fmt(f),
            ApplyError::Codebook(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ApplyError {}

/// Reads the codebook file `json` for the file whose header is `header` (as [`encode`] wrote
/// it, with the proposed codebook): `matched` matches it to the file's columns and answers
/// ([`infer::apply_to_proposal`], which needs only the header, not the cells); otherwise it is
/// taken as it is. This is the work the page leaves to the reader worker, so its own wasm
/// holds neither a JSON parser nor the codebook matching.
pub fn apply_codebook(header: &[u8], json: &str, matched: bool) -> Result<Applied, ApplyError> {
    let saved = Codebook::from_json(json).map_err(ApplyError::Codebook)?;
    if !matched {
        return Ok(Applied {
            codebook: saved,
            mismatches: Vec::new(),
        });
    }
    let file = Header::parse(header)
        .and_then(Header::without_cells)
        .map_err(ApplyError::Header)?;
    let import = file.meta.into_import(file.dataset);
    let (codebook, mismatches) = infer::apply_to_proposal(&saved, &import, file.codebook);
    Ok(Applied {
        codebook,
        mismatches,
    })
}

/// A comparison's matching, made in the reader worker ([`match_surveys`]): the other
/// survey's codebook with the reference's questions adopted where it holds all their columns
/// ([`matching::adopt`]), and which of its questions answers each reference question
/// ([`matching::match_codebooks`]). The page's wasm then holds no text folding, no
/// Sørensen–Dice and no alignment.
#[derive(Debug, Clone, PartialEq, BorshSerialize, BorshDeserialize)]
pub struct Matched {
    /// `None` when no reference question was adopted: the other codebook stays as it is.
    pub codebook: Option<Codebook>,
    pub matching: Matching,
}

impl Matched {
    pub fn to_bytes(&self) -> Vec<u8> {
        // As for the header: only a NaN fails, and a score is never one.
        borsh::to_vec(self).unwrap_or_default()
    }

    pub fn parse(bytes: &[u8]) -> Result<Matched, TransferError> {
        from_borsh(bytes)
    }
}

/// Matches the other survey (its codebook as JSON and its data's column names) to the
/// reference's codebook (JSON): what the page's comparison starts from.
pub fn match_surveys(
    reference_json: &str,
    other_json: &str,
    columns: &[String],
) -> Result<Matched, CodebookError> {
    let reference = Codebook::from_json(reference_json)?;
    let other = Codebook::from_json(other_json)?;
    let has = |c: &str| columns.iter().any(|name| name == c);
    let codebook = matching::adopt_codebook(&reference, &other, has);
    let matching = matching::match_codebooks(&reference, codebook.as_ref().unwrap_or(&other));
    Ok(Matched { codebook, matching })
}

/// The person's choice in the matching review, made in the reader worker: reference question
/// `id` answered by the other's question `answer` ([`matching::chosen`]), as borsh bytes of
/// `Option<QuestionMatch>`; [`parse_chosen`] reads them.
pub fn choose_match(
    reference_json: &str,
    other_json: &str,
    id: &str,
    answer: Option<&str>,
) -> Result<Vec<u8>, CodebookError> {
    let reference = Codebook::from_json(reference_json)?;
    let other = Codebook::from_json(other_json)?;
    let chosen = matching::chosen(&reference, &other, id, answer);
    Ok(borsh::to_vec(&chosen).unwrap_or_default())
}

/// Reads what [`choose_match`] wrote.
pub fn parse_chosen(bytes: &[u8]) -> Result<Option<QuestionMatch>, TransferError> {
    from_borsh(bytes)
}

/// Reads what one of this module's `to_bytes` wrote (borsh); bytes that do not read are a
/// damaged header.
fn from_borsh<T: BorshDeserialize>(bytes: &[u8]) -> Result<T, TransferError> {
    borsh::from_slice(bytes).map_err(|e| TransferError::Header(e.to_string()))
}

/// A missing code in a part of one-byte codes.
const SHORT_MISSING: u16 = 255;

/// A missing code in a part of four-bit codes.
const NIBBLE_MISSING: u16 = 15;

/// A short code as the dataset's code: `missing` is the short form's missing code.
fn widen(code: u8, missing: u16) -> u16 {
    match u16::from(code) {
        c if c == missing => MISSING,
        c => c,
    }
}

/// The magic bytes that open a [`to_bytes`] file.
const MAGIC: &[u8; 4] = b"PLNG";

/// One byte string holding an encoded import: the magic `PLNG`, the header's length (`u32`
/// little-endian) and bytes ([`Header::to_bytes`]), then each part as its kind (one byte:
/// 0 codes, 1 text, 2 ends, 3 codes of one byte each, 4 codes of four bits each, 5 codes
/// 0, 1, 2, … in row order), its length in elements (`u32`) and its elements little-endian.
/// A column whose codes are all below 255 (or missing, written 255) is written with one byte
/// per code, one whose codes are all below 15 (or missing, written 15) with two codes per byte,
/// the first in the low four bits: the bundled data's codes gzip to 16.7 KB as bytes instead
/// of 21.3 as `u16`. A column of distinct values (a respondent number: levels are numbered in
/// the order they are first read, so row i has code i) is written as its length alone. The
/// app bundles its own dataset this way, so the page needs no file reader to open on it.
pub fn to_bytes(encoded: &Encoded<'_>) -> Vec<u8> {
    let header = numbered_left_out(encoded).unwrap_or_else(|| encoded.header.clone());
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(&header);
    for part in &encoded.parts {
        match part {
            Part::Codes(codes) if in_row_order(codes) => {
                out.push(5);
                out.extend_from_slice(&(codes.len() as u32).to_le_bytes());
            }
            Part::Codes(codes) if codes.iter().all(|&c| c < NIBBLE_MISSING || c == MISSING) => {
                out.push(4);
                out.extend_from_slice(&(codes.len() as u32).to_le_bytes());
                let nibble = |c: u16| c.min(NIBBLE_MISSING) as u8;
                out.extend(
                    codes
                        .chunks(2)
                        .map(|pair| nibble(pair[0]) | pair.get(1).map_or(0, |&c| nibble(c) << 4)),
                );
            }
            Part::Codes(codes) if codes.iter().all(|&c| c < SHORT_MISSING || c == MISSING) => {
                out.push(3);
                out.extend_from_slice(&(codes.len() as u32).to_le_bytes());
                out.extend(codes.iter().map(|&c| c.min(SHORT_MISSING) as u8));
            }
            Part::Codes(codes) => {
                out.push(0);
                out.extend_from_slice(&(codes.len() as u32).to_le_bytes());
                codes
                    .iter()
                    .for_each(|c| out.extend_from_slice(&c.to_le_bytes()));
            }
            Part::Text(text) => {
                out.push(1);
                out.extend_from_slice(&(text.len() as u32).to_le_bytes());
                out.extend_from_slice(text);
            }
            Part::Ends(ends) => {
                out.push(2);
                out.extend_from_slice(&(ends.len() as u32).to_le_bytes());
                ends.iter()
                    .for_each(|e| out.extend_from_slice(&e.to_le_bytes()));
            }
        }
    }
    out
}

/// Whether row i has code i: a column of distinct values, each level read first in its row.
fn in_row_order(codes: &[u16]) -> bool {
    codes.iter().enumerate().all(|(i, &c)| usize::from(c) == i)
}

/// The numbers 1, 2, … as levels: a respondent number's.
fn numbers(count: usize) -> impl Iterator<Item = String> {
    (1..=count).map(|n| n.to_string())
}

/// The header without the levels of the columns in row order whose levels are the numbers
/// 1, 2, … (written by [`to_bytes`] as an empty list, which [`from_bytes`] fills again), or
/// `None` if there is no such column.
fn numbered_left_out(encoded: &Encoded<'_>) -> Option<Vec<u8>> {
    let mut header = Header::parse(&encoded.header).ok()?;
    let mut parts = encoded.parts.iter();
    let mut any = false;
    for shape in &mut header.columns {
        let own: Vec<&Part> = parts.by_ref().take(shape.parts()).collect();
        if let (ColumnShape::Coded { levels, .. }, [Part::Codes(codes)]) = (shape, own.as_slice()) {
            if !levels.is_empty()
                && in_row_order(codes)
                && numbers(codes.len()).eq(levels.iter().cloned())
            {
                levels.clear();
                any = true;
            }
        }
    }
    any.then(|| header.to_bytes())
}

/// Reads what [`to_bytes`] wrote, checking every length before it is used.
pub fn from_bytes(bytes: &[u8]) -> Result<Decoded, TransferError> {
    let truncated = || TransferError::Header("the data ends early".into());
    let mut rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| TransferError::Header("not a Peiling data file".into()))?;
    let mut take = |n: usize| -> Result<&[u8], TransferError> {
        if rest.len() < n {
            return Err(truncated());
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Ok(head)
    };
    let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let header_len = u32_at(take(4)?);
    let mut header = Header::parse(take(header_len)?)?;
    let mut parts = Vec::new();
    let mut in_order = Vec::new();
    while let Ok(kind) = take(1) {
        let kind = kind[0];
        let len = u32_at(take(4)?);
        if kind == 5 {
            in_order.push((parts.len(), len));
        }
        let part = match kind {
            0 => PartBuf::Codes(
                take(len.checked_mul(2).ok_or_else(truncated)?)?
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect(),
            ),
            3 => PartBuf::Codes(
                take(len)?
                    .iter()
                    .map(|&c| widen(c, SHORT_MISSING))
                    .collect(),
            ),
            4 => PartBuf::Codes(
                take(len.div_ceil(2))?
                    .iter()
                    .flat_map(|&b| [b & 0x0f, b >> 4])
                    .take(len)
                    .map(|c| widen(c, NIBBLE_MISSING))
                    .collect(),
            ),
            5 => PartBuf::Codes((0..u16::try_from(len).map_err(|_| truncated())?).collect()),
            1 => PartBuf::Text(take(len)?.to_vec()),
            2 => PartBuf::Ends(
                take(len.checked_mul(4).ok_or_else(truncated)?)?
                    .chunks_exact(4)
                    .map(u32_at)
                    .map(|e| e as u32)
                    .collect(),
            ),
            other => return Err(TransferError::Header(format!("unknown part kind {other}"))),
        };
        parts.push(part);
    }
    // A column in row order written without levels has the numbers 1, 2, … as its levels, as
    // many as its part has codes (at most 65,535; `decode` checks them against the rows).
    let mut first_part = 0;
    for shape in &mut header.columns {
        if let ColumnShape::Coded { levels, .. } = shape {
            match in_order.iter().find(|(part, _)| *part == first_part) {
                Some(&(_, len)) if levels.is_empty() => levels.extend(numbers(len)),
                _ => {}
            }
        }
        first_part += shape.parts();
    }
    decode(header, parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column of under 15 levels travels as four bits per code, one of under 255 as one byte,
    /// one of more as two, and all come back as they were; the one-byte form the writer used
    /// for every short column before (part kind 3) still reads back; a code beyond its
    /// column's levels is refused in every form.
    #[test]
    fn codes_of_four_bits_one_byte_and_two_read_back_the_same() {
        let wide: Vec<String> = (0..300).map(|i| format!("{i}")).collect();
        let mut csv = String::from("few,mid,many\n");
        // An odd number of rows: the last four-bit code has a byte of its own.
        let rows = 601;
        for i in 0..rows {
            let few = if i % 7 == 0 {
                ""
            } else {
                ["a", "b", "c"][i % 3]
            };
            csv += &format!("{few},m{},{}\n", i % 20, wide[i % 300]);
        }
        let import = crate::read::read(csv.as_bytes(), "t.csv", &Default::default()).unwrap();
        let codebook = infer::propose(&import);
        let encoded = encode(&import, &codebook);
        let bytes = to_bytes(&encoded);
        let decoded = from_bytes(&bytes).unwrap();
        assert_eq!(decoded.dataset, import.dataset);
        // Kinds as written: the header, then "few" (four bits per code: 301 bytes), "mid"
        // (20 levels, one byte) and "many" (300 levels, two).
        let header_len = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
        let few = 8 + header_len;
        let mid = few + 5 + rows.div_ceil(2);
        let many = mid + 5 + rows;
        assert_eq!((bytes[few], bytes[mid], bytes[many]), (4, 3, 0));
        assert_eq!(bytes.len(), many + 5 + 2 * rows);
        // Row 0 of "few" is missing (15 in the low four bits); row 1 is "b".
        assert_eq!(bytes[few + 5] & 0x0f, 15);
        let b = decoded.dataset.columns[0]
            .levels()
            .unwrap()
            .iter()
            .position(|l| l == "b");
        assert_eq!(Some(usize::from(bytes[few + 5] >> 4)), b);

        // The one-byte form of every short column, as written before the four-bit form.
        let mut old = bytes[..few].to_vec();
        for part in &encoded.parts {
            let Part::Codes(codes) = part else {
                unreachable!()
            };
            if codes.len() == rows && codes.iter().all(|&c| c < 255 || c == MISSING) {
                old.push(3);
                old.extend_from_slice(&(rows as u32).to_le_bytes());
                old.extend(codes.iter().map(|&c| c.min(255) as u8));
            }
        }
        old.extend_from_slice(&bytes[many..]);
        assert_eq!(from_bytes(&old).unwrap().dataset, import.dataset);

        // "few" has 3 levels, "mid" 20.
        for (at, code) in [(few + 5, (bytes[few + 5] & 0xf0) | 10), (mid + 5, 200)] {
            let mut damaged = bytes.clone();
            damaged[at] = code;
            assert!(from_bytes(&damaged).is_err());
        }
    }
    /// A column of distinct values (a respondent number) travels as its length alone, and
    /// without its levels when they are the numbers 1, 2, … in row order; all come back as
    /// they were; a column with one value read twice has its codes written; a length other
    /// than the rows', or beyond what codes can number, is refused.
    #[test]
    fn a_column_of_distinct_values_travels_as_its_length() {
        let mut csv = String::from("id,nr,down,almost\n");
        for i in 0..40 {
            let almost = if i == 39 { 0 } else { i };
            csv += &format!("r{},{},{},{almost}\n", 1000 - i, i + 1, 40 - i);
        }
        let import = crate::read::read(csv.as_bytes(), "t.csv", &Default::default()).unwrap();
        let bytes = to_bytes(&encode(&import, &infer::propose(&import)));
        assert_eq!(from_bytes(&bytes).unwrap().dataset, import.dataset);
        let header_len = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
        let written = Header::parse(&bytes[8..8 + header_len]).unwrap();
        let level_counts: Vec<usize> = written
            .columns
            .iter()
            .map(|c| match c {
                ColumnShape::Coded { levels, .. } => levels.len(),
                ColumnShape::Text { .. } => usize::MAX,
            })
            .collect();
        assert_eq!(level_counts, [40, 0, 40, 39]);
        let id = 8 + header_len;
        for part in 0..3 {
            assert_eq!(bytes[id + 5 * part..id + 5 * part + 5], [5, 40, 0, 0, 0]);
        }
        assert_eq!(bytes[id + 15], 3); // "almost": 39 levels, a byte each
        for (column, len) in [0, 1]
            .into_iter()
            .flat_map(|c| [39u32, 41, 70_000, u32::MAX].map(|l| (c, l)))
        {
            let mut damaged = bytes.clone();
            let at = id + 5 * column + 1;
            damaged[at..at + 4].copy_from_slice(&len.to_le_bytes());
            assert!(
                from_bytes(&damaged).is_err(),
                "column {column}, length {len}"
            );
        }
        // A header claiming more rows than any part holds is refused, without counting the
        // numbers up to its claim.
        let mut claims = written.clone();
        claims.rows = 1 << 40;
        let claims = claims.to_bytes();
        let mut damaged = bytes[..4].to_vec();
        damaged.extend_from_slice(&(claims.len() as u32).to_le_bytes());
        damaged.extend_from_slice(&claims);
        damaged.extend_from_slice(&bytes[8 + header_len..]);
        assert!(from_bytes(&damaged).is_err());
    }
    use crate::dataset::ColumnBuilder;
    use crate::read::{read, ReadOptions};
    use proptest::prelude::*;

    fn owned(parts: &[Part<'_>]) -> Vec<PartBuf> {
        parts
            .iter()
            .map(|p| match p {
                Part::Codes(c) => PartBuf::Codes(c.to_vec()),
                Part::Text(t) => PartBuf::Text(t.to_vec()),
                Part::Ends(e) => PartBuf::Ends(e.to_vec()),
            })
            .collect()
    }

    fn round_trip(import: &Import, codebook: &Codebook) -> Result<Decoded, TransferError> {
        let encoded = encode(import, codebook);
        decode(Header::parse(&encoded.header)?, owned(&encoded.parts))
    }

    /// A small file with a coded column, an empty column and a text column (more distinct
    /// values than a coded column holds).
    fn sample() -> Import {
        let mut csv = String::from("leeftijd,leeg,toelichting\n");
        for i in 0..(2 * MAX_LEVELS) {
            let age = ["25-34", "35-44", "", "65+"][i % 4];
            let note = if i % 7 == 0 {
                String::new()
            } else {
                format!("opmerking ë{i}")
            };
            csv.push_str(&format!("{age},,{note}\n"));
        }
        read(csv.as_bytes(), "enquete.csv", &ReadOptions::default()).unwrap()
    }

    #[test]
    fn the_file_limit_follows_device_memory_within_bounds() {
        assert_eq!(max_file_bytes(None), 1 << 30);
        assert_eq!(max_file_bytes(Some(8.0)), 1 << 30);
        assert_eq!(max_file_bytes(Some(32.0)), 1 << 30);
        assert_eq!(max_file_bytes(Some(2.0)), 256 << 20);
        assert_eq!(max_file_bytes(Some(0.25)), 64 << 20);
        assert_eq!(max_file_bytes(Some(f64::NAN)), 1 << 30);
    }

    /// The sample's transfer: the header as bytes and parsed, and the parts, owned.
    fn sample_transfer() -> (Vec<u8>, Header, Vec<PartBuf>) {
        let import = sample();
        let codebook = crate::infer::propose(&import);
        let encoded = encode(&import, &codebook);
        let header = Header::parse(&encoded.header).unwrap();
        (encoded.header.clone(), header, owned(&encoded.parts))
    }

    #[test]
    fn a_read_file_and_its_codebook_survive_the_transfer_unchanged() {
        let import = sample();
        assert!(matches!(import.dataset.columns[2].values, Values::Text(_)));
        let codebook = crate::infer::propose(&import);
        let decoded = round_trip(&import, &codebook).unwrap();
        assert_eq!(decoded.dataset, import.dataset);
        assert_eq!(decoded.codebook, codebook);
        assert_eq!(decoded.meta.into_import(decoded.dataset), import);
    }

    #[test]
    fn spss_metadata_with_extreme_missing_ranges_survives_the_transfer() {
        let mut import = sample();
        import.columns[0].missing_ranges = vec![(f64::MIN, -1.0), (98.0, f64::MAX)];
        import.columns[0].value_labels = vec![crate::read::ValueLabel {
            value: "1".into(),
            label: "<b>Eens</b>".into(),
        }];
        let codebook = crate::infer::propose(&import);
        let decoded = round_trip(&import, &codebook).unwrap();
        assert_eq!(decoded.meta.columns, import.columns);
    }

    #[test]
    fn a_code_beyond_its_levels_is_refused_with_its_row() {
        let (_, header, mut parts) = sample_transfer();
        let PartBuf::Codes(codes) = &mut parts[0] else {
            panic!("first column is coded")
        };
        codes[5] = 3;
        let err = decode(header, parts).unwrap_err();
        assert_eq!(
            err,
            TransferError::Column {
                column: 0,
                problem: "row 6 has code 3, but the column has 3 answers".into()
            }
        );
        assert!(err.to_string().contains("column 1: row 6 has code 3"));
    }

    #[test]
    fn a_checked_coded_column_comes_with_its_code_counts() {
        let (_, header, parts) = sample_transfer();
        let ColumnShape::Coded { levels, .. } = &header.columns[0] else {
            panic!("first column is coded")
        };
        let PartBuf::Codes(codes) = &parts[0] else {
            panic!("first column is coded")
        };
        // Counted one cell at a time; the last slot is missing.
        let mut expected = vec![0u64; levels.len() + 1];
        for &code in codes {
            expected[if code == MISSING {
                levels.len()
            } else {
                code as usize
            }] += 1;
        }
        assert!(expected[levels.len()] > 0, "the sample has empty cells");
        let shape = header.columns[0].clone();
        let (_, counts) =
            decode_column_counted(header.rows, 0, shape, 0, vec![parts[0].clone()]).unwrap();
        assert_eq!(counts, Some(expected));
        let text = header.columns[2].clone();
        let (_, counts) =
            decode_column_counted(header.rows, 2, text, 2, parts[2..4].to_vec()).unwrap();
        assert_eq!(counts, None);
    }

    #[test]
    fn missing_extra_short_or_mistyped_parts_are_refused() {
        let (_, header, parts) = sample_transfer();
        assert_eq!(
            header
                .parts()
                .iter()
                .map(|p| (p.kind, p.len))
                .collect::<Vec<_>>(),
            parts
                .iter()
                .map(|p| match p {
                    PartBuf::Codes(c) => (PartKind::Codes, c.len()),
                    PartBuf::Text(t) => (PartKind::Text, t.len()),
                    PartBuf::Ends(e) => (PartKind::Ends, e.len()),
                })
                .collect::<Vec<_>>()
        );

        let fewer = parts[..parts.len() - 1].to_vec();
        assert!(matches!(
            decode(header.clone(), fewer),
            Err(TransferError::PartCount { .. })
        ));
        let mut swapped = parts.clone();
        swapped.swap(2, 3);
        assert!(matches!(
            decode(header.clone(), swapped),
            Err(TransferError::PartShape { index: 2, .. })
        ));
        let mut short = parts.clone();
        if let PartBuf::Codes(c) = &mut short[1] {
            c.pop();
        }
        assert!(matches!(
            decode(header, short),
            Err(TransferError::PartShape { index: 1, .. })
        ));
    }

    #[test]
    fn text_offsets_that_split_a_character_or_run_backwards_are_refused() {
        let (_, header, parts) = sample_transfer();
        // Row 2 is "opmerking ë1": two bytes before its end is the middle of the "ë".
        let mut split = parts.clone();
        if let PartBuf::Ends(ends) = &mut split[3] {
            ends[1] -= 2;
        }
        assert!(matches!(
            decode(header.clone(), split),
            Err(TransferError::Column { column: 2, .. })
        ));
        let mut backwards = parts;
        if let PartBuf::Ends(ends) = &mut backwards[3] {
            ends[3] = 0;
        }
        assert!(matches!(
            decode(header, backwards),
            Err(TransferError::Column { column: 2, .. })
        ));
    }

    #[test]
    fn duplicate_levels_renamed_columns_and_other_versions_are_refused() {
        let (bytes, mut twice, parts) = sample_transfer();
        if let ColumnShape::Coded { levels, .. } = &mut twice.columns[0] {
            levels[1] = levels[0].clone();
        }
        assert!(matches!(
            decode(twice, parts.clone()),
            Err(TransferError::Column { column: 0, .. })
        ));

        let mut renamed = Header::parse(&bytes).unwrap();
        renamed.meta.columns[1].name = "anders".into();
        assert!(matches!(
            decode(renamed, parts),
            Err(TransferError::Meta(_))
        ));

        let mut newer = bytes.clone();
        newer[..4].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        assert_eq!(
            Header::parse(&newer),
            Err(TransferError::Version {
                found: FORMAT_VERSION + 1
            })
        );
        // Version 1 was JSON: its first bytes read as another version, not as a layout.
        assert!(matches!(
            Header::parse(b"{\"version\":1}"),
            Err(TransferError::Version { .. })
        ));
        assert!(matches!(
            Header::parse(&FORMAT_VERSION.to_le_bytes()),
            Err(TransferError::Header(_))
        ));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            Header::parse(&longer),
            Err(TransferError::Header(_))
        ));
    }

    fn arbitrary_dataset() -> impl Strategy<Value = Dataset> {
        let column = (
            "[a-z]{1,8}",
            prop_oneof![Just(None), (1usize..6).prop_map(Some)],
        );
        (0usize..40, prop::collection::vec(column, 0..5))
            .prop_flat_map(|(rows, columns)| {
                let cells = columns
                    .into_iter()
                    .map(move |(name, levels)| {
                        let cell = match levels {
                            Some(n) => {
                                prop::option::of((0..n).prop_map(|i| format!("a{i}"))).boxed()
                            }
                            None => prop::option::of("[a-zé€ 😀]{1,6}").boxed(),
                        };
                        (
                            Just(name),
                            Just(levels.is_none()),
                            prop::collection::vec(cell, rows),
                        )
                    })
                    .collect::<Vec<_>>();
                (Just(rows), cells)
            })
            .prop_map(|(rows, columns)| {
                let columns = columns
                    .into_iter()
                    .map(|(name, text, cells)| {
                        if text {
                            let mut t = TextColumn::default();
                            cells
                                .iter()
                                .for_each(|c| t.push(c.as_deref().unwrap_or("")));
                            Column {
                                name,
                                values: Values::Text(t),
                            }
                        } else {
                            let mut b = ColumnBuilder::new(name);
                            cells
                                .iter()
                                .for_each(|c| b.push(c.as_deref().unwrap_or("")));
                            b.finish()
                        }
                    })
                    .collect();
                Dataset { rows, columns }
            })
    }

    fn import_of(dataset: Dataset) -> Import {
        let columns = dataset
            .columns
            .iter()
            .map(|c| ColumnMeta::named(&c.name))
            .collect();
        let mut import = read(b"a\n1\n", "enquete.csv", &ReadOptions::default()).unwrap();
        import.dataset = dataset;
        import.columns = columns;
        import
    }

    proptest! {
        #[test]
        fn any_dataset_round_trips(dataset in arbitrary_dataset()) {
            let import = import_of(dataset);
            let codebook = crate::infer::propose(&import);
            let decoded = round_trip(&import, &codebook).unwrap();
            prop_assert_eq!(decoded.dataset, import.dataset);
        }

        #[test]
        fn corrupt_parts_are_refused_or_decoded_never_a_panic(
            dataset in arbitrary_dataset(),
            part in any::<prop::sample::Index>(),
            at in any::<prop::sample::Index>(),
            value in any::<u32>(),
        ) {
            let import = import_of(dataset);
            let codebook = crate::infer::propose(&import);
            let encoded = encode(&import, &codebook);
            let header = Header::parse(&encoded.header).unwrap();
            let mut parts = owned(&encoded.parts);
            if !parts.is_empty() {
                let i = part.index(parts.len());
                match &mut parts[i] {
                    PartBuf::Codes(c) if !c.is_empty() => {
                        let j = at.index(c.len());
                        c[j] = value as u16;
                    }
                    PartBuf::Text(t) if !t.is_empty() => {
                        let j = at.index(t.len());
                        t[j] = value as u8;
                    }
                    PartBuf::Ends(e) if !e.is_empty() => {
                        let j = at.index(e.len());
                        e[j] = value % 64;
                    }
                    _ => {}
                }
            }
            if let Ok(decoded) = decode(header, parts) {
                // Whatever is accepted is a dataset whose every cell can be read.
                for column in &decoded.dataset.columns {
                    for row in 0..decoded.dataset.rows {
                        let _ = column.cell(row);
                    }
                }
            }
        }

        #[test]
        fn corrupt_headers_are_refused_never_a_panic(cut in any::<prop::sample::Index>()) {
            let (bytes, _, _) = sample_transfer();
            let cut = cut.index(bytes.len());
            prop_assert!(Header::parse(&bytes[..cut]).is_err());
        }

        #[test]
        fn a_header_with_any_byte_changed_is_refused_or_read_never_a_panic(
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let (mut bytes, _, parts) = sample_transfer();
            let at = at.index(bytes.len());
            bytes[at] = byte;
            // A changed byte may still make a valid header (a changed letter); then the
            // parts are checked against it.
            if let Ok(header) = Header::parse(&bytes) {
                let _ = decode(header, parts);
            }
        }
    }
}
