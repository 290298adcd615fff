//! The respondent-level data, stored column by column.
//!
//! Every cell is read as text and dictionary-encoded on the way in: a column holds one small
//! integer code per respondent and the list of distinct values ("levels") in order of first
//! appearance. An empty cell is [`MISSING`]. A column whose distinct values exceed
//! [`MAX_LEVELS`] (identifiers, free text, timestamps) is kept as [`Values::Text`] instead, one
//! buffer plus offsets, so that 1M respondents × 100 questions stays far under 1 GB.
//!
//! Invariants: every column has exactly [`Dataset::rows`] values; a code is either `MISSING`
//! or a valid index into its column's levels.

use rustc_hash::FxHashMap;

/// The code of an empty cell.
pub const MISSING: u16 = u16::MAX;

/// More distinct values than this and a column is kept as text, not as categories.
pub const MAX_LEVELS: usize = 4096;

/// A table of respondents (rows) by columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// Number of respondents.
    pub rows: usize,
    pub columns: Vec<Column>,
}

/// One column of the source file.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header as it stands in the file (for multi-row headers: the joined header).
    pub name: String,
    pub values: Values,
}

/// How a column's cells are stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Dictionary-encoded: `codes[row]` indexes `levels`, or is [`MISSING`].
    Coded {
        codes: Vec<u16>,
        levels: Vec<String>,
    },
    /// Too many distinct values to be categories.
    Text(TextColumn),
}

/// Free text stored as one buffer; `None` cells are empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextColumn {
    buf: String,
    /// End offset in `buf` of each cell; a cell is empty when it has the same end as the one
    /// before it.
    ends: Vec<u32>,
}

impl TextColumn {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell of `row`, `None` when empty.
    pub fn get(&self, row: usize) -> Option<&str> {
        let end = *self.ends.get(row)? as usize;
        let start = if row == 0 {
            0
        } else {
            self.ends[row - 1] as usize
        };
        (end > start).then(|| &self.buf[start..end])
    }

    pub fn push(&mut self, cell: &str) {
        self.buf.push_str(cell);
        let end = u32::try_from(self.buf.len()).unwrap_or(u32::MAX);
        self.ends.push(end);
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|row| self.get(row))
    }

    /// A column from its buffer and cell end offsets (as [`TextColumn::parts`] gives them);
    /// `None` unless the offsets never decrease, fall on character boundaries and the last
    /// one is the end of `buf` (or there are no cells and `buf` is empty).
    pub fn from_parts(buf: String, ends: Vec<u32>) -> Option<Self> {
        let mut start = 0usize;
        for &end in &ends {
            let end = end as usize;
            if end < start || !buf.is_char_boundary(end) {
                return None;
            }
            start = end;
        }
        (start == buf.len()).then_some(TextColumn { buf, ends })
    }

    /// The buffer and the end offset of each cell.
    pub fn parts(&self) -> (&str, &[u32]) {
        (&self.buf, &self.ends)
    }

    /// The buffer and the end offset of each cell, without copying.
    pub fn into_parts(self) -> (String, Vec<u32>) {
        (self.buf, self.ends)
    }
}

impl Dataset {
    /// The column named `name` (exact match).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Index of the column named `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The bytes the cells take as stored: two per code, the text of every level, and each
    /// text column's text plus four per cell end — what the page holds of a file read, and
    /// what the reader worker hands it besides the header (see
    /// [`transfer`](crate::transfer)). Column names and spare capacity are not counted.
    pub fn stored_bytes(&self) -> usize {
        self.columns
            .iter()
            .map(|c| match &c.values {
                Values::Coded { codes, levels } => {
                    codes.len() * 2 + levels.iter().map(String::len).sum::<usize>()
                }
                Values::Text(t) => t.buf.len() + t.ends.len() * 4,
            })
            .sum()
    }
}

impl Column {
    /// Number of cells (the dataset's rows).
    pub fn len(&self) -> usize {
        match &self.values {
            Values::Coded { codes, .. } => codes.len(),
            Values::Text(text) => text.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell of `row` as text, `None` when empty.
    pub fn cell(&self, row: usize) -> Option<&str> {
        match &self.values {
            Values::Coded { codes, levels } => {
                let code = *codes.get(row)?;
                (code != MISSING).then(|| levels[code as usize].as_str())
            }
            Values::Text(t) => t.get(row),
        }
    }

    /// Number of non-empty cells.
    pub fn answered(&self) -> usize {
        match &self.values {
            Values::Coded { codes, .. } => codes.iter().filter(|&&c| c != MISSING).count(),
            Values::Text(t) => t.iter().filter(Option::is_some).count(),
        }
    }

    /// The distinct values, if the column is coded.
    pub fn levels(&self) -> Option<&[String]> {
        match &self.values {
            Values::Coded { levels, .. } => Some(levels),
            Values::Text(_) => None,
        }
    }
}

/// Builds one column cell by cell, dictionary-encoding as it goes.
#[derive(Debug, Default)]
pub struct ColumnBuilder {
    name: String,
    codes: Vec<u16>,
    levels: Vec<String>,
    /// Codes of the first short levels, looked up without hashing or `memcmp`.
    short: ShortLookup,
    lookup: FxHashMap<Box<str>, u16>,
    /// Set once the column has too many distinct values to be categories.
    text: Option<TextColumn>,
}

impl ColumnBuilder {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Number of cells pushed so far.
    pub fn len(&self) -> usize {
        self.text.as_ref().map_or(self.codes.len(), TextColumn::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the cells `text[start..end]` of `spans`, as [`ColumnBuilder::push`] does one by
    /// one; the lookup reads up to [`SHORT_BYTES`] of `text` from a cell's start at once.
    ///
    /// The usual cell is a level found at the first slot of the short table its key leads to
    /// ([`ShortLookup::first`]); that is all this loop does inline, and every other cell (to
    /// trim, long, new, or a collision in the table) goes through [`Self::push_in`] out of
    /// line. The codes are gathered in a local buffer and appended 64 at a time: pushing each
    /// one checked the `Vec`'s room and stored its length per cell, which in WebAssembly was a
    /// fair part of the reading time.
    pub fn extend_spans(
        &mut self,
        text: &str,
        mut spans: impl ExactSizeIterator<Item = (usize, usize)>,
    ) {
        if self.text.is_none() {
            self.codes.reserve(spans.len());
            self.short.ready();
            let bytes = text.as_bytes();
            let mut local = [MISSING; 64];
            let mut n = 0;
            for (start, end) in spans.by_ref() {
                match self.short.first(bytes, start, end) {
                    Some(code) => {
                        local[n] = code;
                        n += 1;
                        if n == local.len() {
                            self.codes.extend_from_slice(&local);
                            n = 0;
                        }
                    }
                    None => {
                        self.codes.extend_from_slice(&local[..n]);
                        n = 0;
                        self.push_in_cold(text, start, end);
                        if self.text.is_some() {
                            break;
                        }
                    }
                }
            }
            self.codes.extend_from_slice(&local[..n]);
        }
        for (start, end) in spans {
            self.push_in(text, start, end);
        }
    }

    /// Adds the next cell. Surrounding white space is trimmed; an empty cell is missing.
    pub fn push(&mut self, cell: &str) {
        self.push_in(cell, 0, cell.len());
    }

    /// [`Self::push_in`] out of line, for the cells [`ShortLookup::first`] does not find.
    #[inline(never)]
    fn push_in_cold(&mut self, text: &str, start: usize, end: usize) {
        self.push_in(text, start, end);
    }

    /// [`ColumnBuilder::push`] of `text[start..end]`.
    #[inline(always)]
    fn push_in(&mut self, text: &str, start: usize, end: usize) {
        if let Some(column) = &mut self.text {
            column.push(trimmed(text, start, end).2);
            return;
        }
        match self.short_code(text, start, end) {
            Ok(code) => self.codes.push(code),
            Err((cell, key)) => self.push_lookup(cell, key),
        }
    }

    /// The code of the cell `text[start..end]` of a coded column when it is empty or one of
    /// the short levels; otherwise the trimmed cell and its key, for [`Self::push_lookup`].
    #[inline(always)]
    fn short_code<'t>(
        &self,
        text: &'t str,
        start: usize,
        end: usize,
    ) -> Result<u16, (&'t str, Option<ShortKey>)> {
        // The usual cell, a short answer between visible ASCII characters, on bytes alone:
        // slicing the `str` checked both ends for character boundaries.
        let bytes = text.as_bytes();
        if start == end {
            return Ok(MISSING);
        }
        if is_plain(&bytes[start..end]) {
            let key = ShortKey::at(bytes, start, end - start);
            if let Some(code) = key.and_then(|key| self.short.get(key)) {
                return Ok(code);
            }
        }
        self.trimmed_code(text, start, end)
    }

    /// [`Self::short_code`] of a cell to trim, a long cell or a level not yet in the short
    /// table.
    #[inline(never)]
    fn trimmed_code<'t>(
        &self,
        text: &'t str,
        start: usize,
        end: usize,
    ) -> Result<u16, (&'t str, Option<ShortKey>)> {
        let (text, start, cell) = trimmed(text, start, end);
        if cell.is_empty() {
            return Ok(MISSING);
        }
        let key = ShortKey::at(text.as_bytes(), start, cell.len());
        match key.and_then(|key| self.short.get(key)) {
            Some(code) => Ok(code),
            None => Err((cell, key)),
        }
    }

    /// The rest of [`ColumnBuilder::push`]: a long cell, a short level not in the short table,
    /// or a new level.
    #[inline(never)]
    fn push_lookup(&mut self, cell: &str, key: Option<ShortKey>) {
        if let Some(&code) = self.lookup.get(cell) {
            self.codes.push(code);
            return;
        }
        if self.levels.len() >= MAX_LEVELS {
            self.switch_to_text();
            self.push(cell);
            return;
        }
        let code = self.levels.len() as u16;
        self.levels.push(cell.to_owned());
        self.lookup.insert(cell.into(), code);
        if let Some(key) = key {
            self.short.insert(key, code);
        }
        self.codes.push(code);
    }

    /// Adds every cell of `other` (a column of the same question read from a later part of
    /// the file) after the cells so far: the same codes and levels as pushing its cells one by
    /// one, without decoding them again.
    pub fn append(&mut self, other: Column) {
        if let (None, Values::Coded { codes, levels }) = (&self.text, &other.values) {
            let mut map = Vec::with_capacity(levels.len());
            for level in levels {
                let code = match self.lookup.get(level.as_str()) {
                    Some(&code) => code,
                    None if self.levels.len() < MAX_LEVELS => {
                        let code = self.levels.len() as u16;
                        self.levels.push(level.clone());
                        self.lookup.insert(level.as_str().into(), code);
                        if let Some(key) = ShortKey::at(level.as_bytes(), 0, level.len()) {
                            self.short.insert(key, code);
                        }
                        code
                    }
                    // Too many values together: the column becomes text, cell by cell below.
                    None => {
                        map.clear();
                        break;
                    }
                };
                map.push(code);
            }
            if map.len() == levels.len() {
                self.codes.extend(codes.iter().map(|&code| match code {
                    MISSING => MISSING,
                    code => map[code as usize],
                }));
                return;
            }
        }
        for row in 0..other.len() {
            match other.cell(row) {
                Some(cell) => self.push(cell),
                None => self.push_missing(),
            }
        }
    }

    /// Makes room for `rows` cells in all at once, when the column's final length can be
    /// foreseen (a file's size and its rows so far): growing by doubling copies the cells
    /// each time and leaves the old buffer behind, which in wasm memory (that never shrinks)
    /// costs as much again as the column itself. A text column makes room for as many
    /// bytes per cell as it holds so far. Does nothing when the room is there already.
    pub fn reserve_rows(&mut self, rows: usize) {
        let more = rows.saturating_sub(self.len());
        match &mut self.text {
            Some(text) => {
                let per_cell = text.buf.len().div_ceil(text.len().max(1));
                text.ends.reserve_exact(more);
                text.buf.reserve_exact(more * per_cell);
            }
            None => self.codes.reserve_exact(more),
        }
    }

    /// The cells this column has room for without growing.
    pub fn capacity(&self) -> usize {
        self.text
            .as_ref()
            .map_or(self.codes.capacity(), |text| text.ends.capacity())
    }

    /// Whether every cell pushed so far is empty.
    pub fn all_missing(&self) -> bool {
        match &self.text {
            Some(text) => text.iter().all(|cell| cell.is_none()),
            None => self.levels.is_empty(),
        }
    }

    /// Adds an empty cell.
    pub fn push_missing(&mut self) {
        match &mut self.text {
            Some(text) => text.push(""),
            None => self.codes.push(MISSING),
        }
    }

    fn switch_to_text(&mut self) {
        let mut text = TextColumn::default();
        for &code in &self.codes {
            text.push(if code == MISSING {
                ""
            } else {
                &self.levels[code as usize]
            });
        }
        self.codes = Vec::new();
        self.levels = Vec::new();
        self.lookup = FxHashMap::default();
        self.short = ShortLookup::default();
        self.text = Some(text);
    }

    pub fn finish(self) -> Column {
        let values = match self.text {
            Some(text) => Values::Text(text),
            None => Values::Coded {
                codes: self.codes,
                levels: self.levels,
            },
        };
        Column {
            name: self.name,
            values,
        }
    }
}

/// Whether a cell needs no trimming: empty, or starting and ending with a visible ASCII
/// character, as most cells do; checking two bytes is cheaper than `trim`'s Unicode scan from
/// both ends.
#[inline(always)]
fn is_plain(cell: &[u8]) -> bool {
    match cell {
        [first, .., last] => first.is_ascii_graphic() && last.is_ascii_graphic(),
        [only] => only.is_ascii_graphic(),
        [] => true,
    }
}

/// The cell `text[start..end]` without surrounding white space, as `(text, start, cell)`:
/// `text` and `start` still locate the cell (in the trimmed cell itself when it was trimmed).
#[inline(always)]
fn trimmed(text: &str, start: usize, end: usize) -> (&str, usize, &str) {
    let cell = &text[start..end];
    if is_plain(cell.as_bytes()) {
        (text, start, cell)
    } else {
        (cell.trim(), 0, cell.trim())
    }
}

/// How often each code occurs in `codes`: `levels + 1` counts, the last for [`MISSING`] (and
/// any code beyond the levels).
///
/// Counted [`WARM_ROWS`] at a time by a function of its own, for V8's optimised tier in
/// WebAssembly (see [`WARM_ROWS`]).
pub fn count_codes(codes: &[u16], levels: usize) -> Vec<u64> {
    let mut counts = vec![0; levels + 1];
    for part in codes.chunks(WARM_ROWS) {
        count_codes_into(part, levels, &mut counts);
    }
    counts
}

#[inline(never)]
fn count_codes_into(codes: &[u16], levels: usize, counts: &mut [u64]) {
    let part = count_slots(codes.len(), levels + 1, |row| {
        (codes[row] as usize).min(levels)
    });
    for (total, n) in counts.iter_mut().zip(part) {
        *total += n;
    }
}

/// Rows of a pass over a whole column that one call handles ([`count_codes`], the codebook
/// proposal's pass over a text column's numbers).
///
/// In WebAssembly, V8 first runs a function as quickly compiled baseline code and swaps in
/// optimised code only at a later call: it cannot replace a loop already running. A pass over
/// a million rows in one call ran wholly in the slow tier, which made the reader worker's
/// codebook proposal, counting every column once just after the worker started, three times
/// as slow as a second proposal. In parts of this many rows, the parts after the first few run
/// optimised code.
pub const WARM_ROWS: usize = 1 << 15;

/// Counts, for rows `0..rows`, how many fall in each of `slots` slots (`slot_of(row)` must be
/// below `slots`).
///
/// Four interleaved sets of counters, row `r` in set `r % 4`, so that a run of rows in the
/// same slot does not make every increment wait for the one before; about twice as fast as one
/// set on survey answers. `slot_of` is called at one place only, so that even the page's
/// size-optimised build inlines it. (Not split into calls of [`WARM_ROWS`]: the loop out of
/// line, with its closure behind a reference and rows not starting at 0, made a report with a
/// breakdown and a filter at 1M natively 465 → 1,253 ms.)
#[inline(always)]
pub fn count_slots(rows: usize, slots: usize, slot_of: impl Fn(usize) -> usize) -> Vec<u64> {
    let mut counters = vec![0u64; slots * 4];
    // A slice, not the Vec: indexing a Vec is a call the size-optimised build keeps.
    let lanes = counters.as_mut_slice();
    for row in 0..rows {
        lanes[(row & 3) * slots + slot_of(row)] += 1;
    }
    (0..slots)
        .map(|i| lanes[i] + lanes[slots + i] + lanes[2 * slots + i] + lanes[3 * slots + i])
        .collect()
}

/// Cells of at most this many bytes are looked up by [`ShortKey`].
const SHORT_BYTES: usize = 32;

/// A cell of at most [`SHORT_BYTES`] bytes as four little-endian words, zero past its end,
/// and its length, which together determine its bytes; compared as integers.
#[derive(Debug, Clone, Copy)]
struct ShortKey {
    words: [u64; 4],
    len: u16,
}

/// `WORD_MASKS[len][i]`: the bits of word `i` that hold bytes of a cell of `len` bytes.
const WORD_MASKS: [[u64; 4]; SHORT_BYTES + 1] = {
    let mut masks = [[0u64; 4]; SHORT_BYTES + 1];
    let mut len = 0;
    while len <= SHORT_BYTES {
        let mut i = 0;
        while i < 4 {
            let bytes = len.saturating_sub(8 * i);
            masks[len][i] = if bytes >= 8 {
                u64::MAX
            } else {
                (1u64 << (8 * bytes)) - 1
            };
            i += 1;
        }
        len += 1;
    }
    masks
};

impl ShortKey {
    /// The key of the cell `buf[at..at + len]`, if it is short (the empty cell's too). Reads
    /// [`SHORT_BYTES`] from `at` at once when `buf` has them (the bytes past the cell are
    /// masked off), so that no branch depends on the length; otherwise copies the cell first,
    /// out of line.
    #[inline(always)]
    fn at(buf: &[u8], at: usize, len: usize) -> Option<ShortKey> {
        if len > SHORT_BYTES {
            return None;
        }
        match buf.get(at..).and_then(|b| b.first_chunk()) {
            Some(window) => Some(ShortKey::of(window, len)),
            None => Some(ShortKey::padded(&buf[at..at + len])),
        }
    }

    /// The key of a cell near the end of its buffer, copied into a window of zeros.
    #[inline(never)]
    fn padded(cell: &[u8]) -> ShortKey {
        let mut window = [0u8; SHORT_BYTES];
        window[..cell.len()].copy_from_slice(cell);
        ShortKey::of(&window, cell.len())
    }

    /// The key of the first `len` bytes of `window`.
    #[inline(always)]
    fn of(window: &[u8; SHORT_BYTES], len: usize) -> ShortKey {
        let mask = &WORD_MASKS[len];
        let word =
            |i: usize| u64::from_le_bytes(window[8 * i..8 * i + 8].try_into().unwrap()) & mask[i];
        ShortKey {
            words: [word(0), word(1), word(2), word(3)],
            len: len as u16,
        }
    }

    /// Whether two keys are the same, on their words as integers: the derived `==` compares
    /// the words as one block of memory, for which the compiler wrote the key to memory and
    /// read it back per cell. The length is compared on a branch of its own: folded into the
    /// words' test without one, the reading was 10% slower natively (the branch, nearly always
    /// taken the same way, lets the processor go on before the comparison is done).
    #[inline(always)]
    fn same(&self, other: &ShortKey) -> bool {
        let [a, b, c, d] = self.words;
        let [e, f, g, h] = other.words;
        ((a ^ e) | (b ^ f) | (c ^ g) | (d ^ h)) == 0 && self.len == other.len
    }

    #[inline(always)]
    fn slot(self) -> usize {
        let [a, b, c, d] = self.words;
        let mixed =
            (a ^ b.rotate_left(21) ^ c.rotate_left(42) ^ d.rotate_left(11) ^ u64::from(self.len))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - SHORT_SLOTS.trailing_zeros())) as usize
    }
}

/// Slots of the short table (a power of two); it takes levels while it is at most 3/4 full.
const SHORT_SLOTS: usize = 64;

/// An open-addressing table from [`ShortKey`] to code for the first short levels of a column:
/// survey answers are nearly all short and few, and this lookup is most of the reading time.
/// Written by hand because a general hash map hashes the whole cell and compares with
/// `memcmp`, which for a 10-byte answer costs more than the comparison itself.
///
/// Once ready it also holds the empty cell, as [`MISSING`], so that an empty cell takes the
/// same path as an answer (in a column of ticks and blanks a branch on emptiness goes either
/// way at random).
#[derive(Debug, Default)]
struct ShortLookup {
    /// `(key, code)`, a free slot's key of length [`FREE`]; `None` until ready.
    slots: Option<Box<[(ShortKey, u16); SHORT_SLOTS]>>,
    used: usize,
}

/// The length of a free slot's key (a key is at most [`SHORT_BYTES`] long).
const FREE: u16 = u16::MAX;

impl ShortLookup {
    /// Makes the table, holding the empty cell, if it is not there yet.
    #[inline(always)]
    fn ready(&mut self) {
        if self.slots.is_none() {
            self.make();
        }
    }

    #[inline(never)]
    fn make(&mut self) {
        let free = ShortKey {
            words: [0; 4],
            len: FREE,
        };
        self.slots = Some(Box::new([(free, MISSING); SHORT_SLOTS]));
        let empty = ShortKey::at(&[], 0, 0).expect("the empty cell is short");
        self.put(empty, MISSING);
    }

    /// The code of the cell `buf[start..end]` if it is in the table's first slot for its key:
    /// the usual cell, found with one load and one comparison. A cell that needs trimming is
    /// never found (the table's levels are trimmed), nor is a long one.
    ///
    /// A cell whose window of [`SHORT_BYTES`] runs past the end of `buf` is left to the caller
    /// too: merging the copied key's path with the window's made the compiler keep every key
    /// in memory, which V8 then stored and loaded again per cell.
    #[inline(always)]
    fn first(&self, buf: &[u8], start: usize, end: usize) -> Option<u16> {
        let len = end - start;
        let window = buf.get(start..start + SHORT_BYTES)?.first_chunk()?;
        if len > SHORT_BYTES {
            return None;
        }
        let key = ShortKey::of(window, len);
        let (found, code) = &self.slots.as_ref()?[key.slot()];
        found.same(&key).then_some(*code)
    }

    #[inline(always)]
    fn get(&self, key: ShortKey) -> Option<u16> {
        let slots = self.slots.as_ref()?;
        let mut at = key.slot();
        loop {
            let (found, code) = &slots[at];
            if found.same(&key) {
                return Some(*code);
            }
            if found.len == FREE {
                return None;
            }
            at = (at + 1) % SHORT_SLOTS;
        }
    }

    fn insert(&mut self, key: ShortKey, code: u16) {
        self.ready();
        if self.used < SHORT_SLOTS * 3 / 4 {
            self.put(key, code);
        }
    }

    fn put(&mut self, key: ShortKey, code: u16) {
        let slots = self.slots.as_mut().expect("the table is ready");
        let mut at = key.slot();
        while slots[at].0.len != FREE {
            at = (at + 1) % SHORT_SLOTS;
        }
        slots[at] = (key, code);
        self.used += 1;
    }
}

impl Dataset {
    /// Builds a dataset from finished column builders; all must have the same length.
    pub fn from_builders(builders: Vec<ColumnBuilder>) -> Self {
        let rows = builders.iter().map(ColumnBuilder::len).max().unwrap_or(0);
        let columns = builders
            .into_iter()
            .map(|mut b| {
                while b.len() < rows {
                    b.push_missing();
                }
                b.finish()
            })
            .collect();
        Dataset { rows, columns }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_encodes_in_order_of_first_appearance_and_marks_empty_cells_missing() {
        let mut b = ColumnBuilder::new("q1");
        for cell in ["Eens", "", "Oneens", "Eens", "  "] {
            b.push(cell);
        }
        let col = b.finish();
        assert_eq!(
            col.values,
            Values::Coded {
                codes: vec![0, MISSING, 1, 0, MISSING],
                levels: vec!["Eens".into(), "Oneens".into()]
            }
        );
        assert_eq!(col.answered(), 3);
        assert_eq!(col.cell(2), Some("Oneens"));
        assert_eq!(col.cell(1), None);
    }

    #[test]
    fn stored_bytes_counts_codes_levels_and_text_as_stored() {
        let mut coded = ColumnBuilder::new("oordeel");
        for cell in ["Eens", "", "Oneens", "Eens"] {
            coded.push(cell);
        }
        let mut text = ColumnBuilder::new("id");
        text.switch_to_text();
        for cell in ["R1", "", "R22", "R333"] {
            text.push(cell);
        }
        // Room to spare is not counted: the same cells give the same figure.
        text.reserve_rows(1000);
        let data = Dataset::from_builders(vec![coded, text]);
        // Counted by hand: 4 codes of 2 bytes and the levels "Eens" and "Oneens" (4 + 6);
        // the text "R1R22R333" (9 bytes) and 4 cell ends of 4 bytes.
        assert_eq!(data.stored_bytes(), (4 * 2 + 4 + 6) + (9 + 4 * 4));
    }

    #[test]
    fn reserving_rows_gives_room_once_and_keeps_the_cells() {
        let mut coded = ColumnBuilder::new("q");
        coded.push("Ja");
        coded.reserve_rows(100);
        assert!(coded.capacity() >= 100);
        let room = coded.capacity();
        for _ in 0..99 {
            coded.push("Nee");
        }
        assert_eq!(coded.capacity(), room, "no move while the room lasts");
        let mut text = ColumnBuilder::new("id");
        text.switch_to_text();
        text.push("R001");
        text.reserve_rows(50);
        assert!(text.capacity() >= 50);
        let column = text.finish();
        assert_eq!(column.cell(0), Some("R001"));
        assert_eq!(column.len(), 1);
    }

    #[test]
    fn builder_turns_high_cardinality_columns_into_text_and_keeps_every_cell() {
        let mut b = ColumnBuilder::new("id");
        for i in 0..(MAX_LEVELS + 10) {
            if i == 3 {
                b.push("");
            } else {
                b.push(&format!("R{i}"));
            }
        }
        let col = b.finish();
        assert!(matches!(col.values, Values::Text(_)));
        assert_eq!(col.cell(0), Some("R0"));
        assert_eq!(col.cell(3), None);
        assert_eq!(
            col.cell(MAX_LEVELS + 9),
            Some(format!("R{}", MAX_LEVELS + 9).as_str())
        );
        assert_eq!(col.answered(), MAX_LEVELS + 9);
    }

    /// Random cells for the dictionary tests: strings of every length up to 34 bytes (past
    /// the 8/16/24/32-byte seams of the short keys) that share heads or tails, NUL bytes
    /// (which the words' zero padding must not confuse with absent bytes), and more levels
    /// than the short table takes.
    fn random_cells() -> Vec<String> {
        let alphabet = ["a", "b", "\0", "é"];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut pool: Vec<String> = (0..200)
            .map(|_| {
                let bits = next();
                (0..(bits % 19) as usize)
                    .map(|i| alphabet[((bits >> (8 + 2 * i)) & 3) as usize])
                    .collect()
            })
            .collect();
        // Strings that differ from another of the same length in one byte only, at every
        // position: a key that ignored any byte would merge two of them.
        for len in 1..=34 {
            pool.push("x".repeat(len));
            for at in 0..len {
                let mut bytes = vec![b'x'; len];
                bytes[at] = b'y';
                pool.push(String::from_utf8(bytes).unwrap());
            }
        }
        (0..20_000)
            .map(|_| pool[(next() % pool.len() as u64) as usize].clone())
            .collect()
    }

    /// The short table must give exactly what a plain dictionary gives.
    #[test]
    fn builder_codes_equal_a_plain_dictionary_for_short_and_long_cells() {
        let cells = random_cells();
        let mut b = ColumnBuilder::new("q");
        for cell in &cells {
            b.push(cell);
        }
        let col = b.finish();
        let mut expected_levels: Vec<String> = Vec::new();
        for (row, cell) in cells.iter().enumerate() {
            let want = (!cell.is_empty()).then_some(cell.as_str());
            assert_eq!(col.cell(row), want, "row {row}");
            if !cell.is_empty() && !expected_levels.contains(cell) {
                expected_levels.push((*cell).clone());
            }
        }
        assert!(
            expected_levels.len() > SHORT_SLOTS,
            "the test must overflow the short table"
        );
        assert!(col.levels() == Some(&expected_levels[..]));
    }

    /// `cells` joined by commas, each cell's span in that text, and a column of the cells
    /// pushed one by one (the reference the spans are held to).
    fn joined_and_pushed(cells: &[String]) -> (String, Vec<(usize, usize)>, ColumnBuilder) {
        let text = cells.join(",");
        let mut spans = Vec::new();
        let mut start = 0;
        let mut one_by_one = ColumnBuilder::new("q");
        for cell in cells {
            spans.push((start, start + cell.len()));
            start += cell.len() + 1;
            one_by_one.push(cell);
        }
        (text, spans, one_by_one)
    }

    /// Cells pushed as spans of one text (their keys read past their ends, into the next
    /// cells) are coded as when pushed one by one, white space to trim included.
    #[test]
    fn cells_pushed_as_spans_are_coded_as_one_by_one() {
        let mut cells = random_cells();
        for (i, cell) in cells.iter_mut().enumerate().step_by(7) {
            *cell = [format!(" {cell}"), format!("{cell}\t"), " ".into()][i % 3].clone();
        }
        let (text, spans, one_by_one) = joined_and_pushed(&cells);
        let mut as_spans = ColumnBuilder::new("q");
        as_spans.extend_spans(&text, spans.into_iter());
        assert_eq!(as_spans.finish(), one_by_one.finish());
    }

    /// Cells handed over as spans with white space around some of them, ASCII and not: coded
    /// as a plain dictionary of the trimmed cells codes them (empty once trimmed: missing).
    /// The inline lookup takes a cell only when its bytes equal a level's, which holds because
    /// a level is trimmed and a cell to trim is not.
    #[test]
    fn spans_with_white_space_are_coded_as_a_dictionary_of_trimmed_cells() {
        let mut cells = random_cells();
        let pads = [" ", "\t", "\u{a0}", "\u{3000}", "  "];
        for (i, cell) in cells.iter_mut().enumerate().step_by(3) {
            let pad = pads[i % pads.len()];
            *cell = match i % 4 {
                0 => format!("{pad}{cell}"),
                1 => format!("{cell}{pad}"),
                2 => format!("{pad}{cell}{pad}"),
                _ => pad.to_string(),
            };
        }
        let (text, spans, _) = joined_and_pushed(&cells);
        let mut builder = ColumnBuilder::new("q");
        builder.extend_spans(&text, spans.into_iter());
        let column = builder.finish();
        let mut levels: Vec<&str> = Vec::new();
        for (row, cell) in cells.iter().enumerate() {
            let trimmed = cell.trim();
            let want = (!trimmed.is_empty()).then_some(trimmed);
            assert_eq!(column.cell(row), want, "row {row}: {cell:?}");
            if want.is_some() && !levels.contains(&trimmed) {
                levels.push(trimmed);
            }
        }
        assert!(levels.len() > SHORT_SLOTS, "the short table must overflow");
        assert_eq!(column.levels().unwrap(), &levels[..]);
    }

    /// Spans handed over in parts of uneven sizes (the local buffer of 64 codes full, partly
    /// full, emptied before a new level), with more distinct values than a coded column keeps,
    /// so that the column turns into text in the middle of a part: the same column as cells
    /// pushed one by one.
    #[test]
    fn cells_in_parts_turning_to_text_midway_are_kept_as_one_by_one() {
        let cells: Vec<String> = (0..MAX_LEVELS * 3)
            .map(|i| match i % 5 {
                0 => String::new(),
                1 => "Mee eens".into(),
                2 => format!(" antwoord {} ", i % 97),
                _ => format!("waarde {i}"),
            })
            .collect();
        let (text, spans, one_by_one) = joined_and_pushed(&cells);
        let mut in_parts = ColumnBuilder::new("q");
        let sizes = [1, 63, 64, 65, 200, 7];
        let mut rest = &spans[..];
        for size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (part, after) = rest.split_at((*size).min(rest.len()));
            in_parts.extend_spans(&text, part.iter().copied());
            rest = after;
        }
        let (in_parts, one_by_one) = (in_parts.finish(), one_by_one.finish());
        assert!(
            matches!(one_by_one.values, Values::Text(_)),
            "must turn to text"
        );
        assert_eq!(in_parts, one_by_one);
        for (row, cell) in cells.iter().enumerate() {
            let want = Some(cell.trim()).filter(|c| !c.is_empty());
            assert_eq!(in_parts.cell(row), want, "row {row}");
        }
    }

    #[test]
    fn code_counts_equal_a_plain_count_for_every_remainder() {
        // Also across the parts counted by separate calls (WARM_ROWS each).
        let parts = [WARM_ROWS - 1, WARM_ROWS, 2 * WARM_ROWS + 3];
        for len in [0, 1, 3, 4, 5, 1001].into_iter().chain(parts) {
            let codes: Vec<u16> = (0..len)
                .map(|i| {
                    if i % 7 == 0 {
                        MISSING
                    } else {
                        (i * i % 5) as u16
                    }
                })
                .collect();
            let mut expected = vec![0u64; 6];
            for &c in &codes {
                expected[(c as usize).min(5)] += 1;
            }
            assert_eq!(count_codes(&codes, 5), expected, "{len} codes");
        }
    }
}
