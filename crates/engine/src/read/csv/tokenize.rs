//! The CSV tokenizer: where the records and fields of a stretch of CSV begin and end, found
//! 64 bytes at a time with bit masks (the approach of simdjson and simd-csv).
//!
//! Each 64-byte block is classified into four masks — quotes, the delimiter, `\r`, `\n` —
//! sixteen bytes at a time: SSE2 on x86-64 (part of every x86-64 CPU), SIMD128 on wasm32 when
//! built with the feature `simd128` (the reader worker), one byte at a time elsewhere. A
//! prefix XOR of the quote mask gives the bytes inside quotes; the delimiters and line ends
//! outside them are the separators, walked in order with `trailing_zeros`. The in-quote state,
//! whether the next byte starts a field and whether the last byte closed a quote are carried
//! from block to block.
//!
//! What stays true: the datasets are byte-identical to csv-core's (the scalar path), on every
//! input and at every chunk split — tested on the real-export corpus, on generated CSV and at
//! every split point (`tests/read_tokenize.rs`). That holds because the tokenizer only takes a
//! record it can vouch for, and leaves the rest to csv-core from the record's first byte:
//! - RFC 4180 records: a quoted field opens at a field's first byte and its closing quote is
//!   followed by a delimiter, a line end or a second quote (a doubled quote, kept doubled here:
//!   [`Record::escaped`]); line breaks inside quotes are part of the field;
//! - `\n`, `\r\n` and a lone `\r` end a record, and lines of nothing are skipped, as csv-core
//!   does; every `\n`, inside quotes too, counts a line, as csv-core counts them;
//! - a quote inside an unquoted field, text after a closing quote, a record with as many fields
//!   as the caller has slots or as long as the field limit, and a record that the input ends
//!   inside are left to csv-core (the last carries a partial field across a chunk's end; the
//!   next chunk starts again here once csv-core has ended that record).

/// How the CSV reader finds fields and records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tokenizer {
    /// csv-core's state machine alone, byte by byte: the reference the others are tested
    /// against.
    CsvCore,
    /// Bit masks built one byte at a time.
    Scalar,
    /// Bit masks built 16 bytes at a time: SSE2 on x86-64, SIMD128 on wasm32 built with the
    /// feature `simd128`; elsewhere the same as [`Tokenizer::Scalar`].
    #[default]
    Simd,
}

/// One record found: its bytes (without the line end) and its fields as spans of them, a
/// quoted field without its quotes.
pub(crate) struct Record<'a> {
    /// Where the record starts in the input.
    pub start: usize,
    pub bytes: &'a [u8],
    pub spans: &'a [(usize, usize)],
    /// Some quoted field holds a doubled quote (`""`), still doubled in `bytes`.
    pub escaped: bool,
    /// `\n` bytes before the record in the input.
    pub lines_before: u64,
}

/// What makes the tokenizer leave a record to csv-core.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// A record with this many fields or more.
    pub fields: usize,
    /// A record of this many bytes or more.
    pub bytes: usize,
}

/// How far the tokenizer read: `consumed` bytes of whole records (and the line ends after
/// them), in which it saw `lines` `\n` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scanned {
    pub consumed: usize,
    pub lines: u64,
}

/// Whether the tokenizer can read CSV with this delimiter: an ASCII byte (a character
/// boundary, so that fields can be cut next to it) other than a quote, a line end or the zero
/// byte that pads the last block.
pub(crate) fn takes(delimiter: u8) -> bool {
    delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\r' | b'\n' | 0)
}

/// Hands the whole records at the start of `input` (which starts at a record boundary,
/// outside quotes) to `each`, until one it leaves to csv-core (see the module doc).
/// `delimiter` must be one the tokenizer [`takes`]; `spans` is scratch space.
pub(crate) fn records<E>(
    tokenizer: Tokenizer,
    input: &[u8],
    delimiter: u8,
    limits: Limits,
    spans: &mut Vec<(usize, usize)>,
    mut each: impl FnMut(Record<'_>) -> Result<(), E>,
) -> Result<Scanned, E> {
    debug_assert!(takes(delimiter));
    match tokenizer {
        Tokenizer::CsvCore => Ok(Scanned {
            consumed: 0,
            lines: 0,
        }),
        Tokenizer::Scalar => scan::<Bytewise, E>(input, delimiter, limits, spans, &mut each),
        Tokenizer::Simd => simd_scan(input, delimiter, limits, spans, &mut each),
    }
}

/// The classifier [`Tokenizer::Simd`] uses on this target.
#[cfg(target_arch = "x86_64")]
type Vector = Sse2;
#[cfg(all(target_arch = "wasm32", feature = "simd128"))]
type Vector = Simd128;
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", feature = "simd128")
)))]
type Vector = Bytewise;

/// The scan with the vector classifier inlined; on wasm32 compiled with SIMD128. A wasm module
/// holding SIMD instructions does not validate on a host without them, whichever function
/// holds them; the worker enables the feature for that reason only (ARCHITECTURE.md).
#[cfg_attr(
    all(target_arch = "wasm32", feature = "simd128"),
    target_feature(enable = "simd128")
)]
fn simd_scan<E>(
    input: &[u8],
    delimiter: u8,
    limits: Limits,
    spans: &mut Vec<(usize, usize)>,
    each: &mut impl FnMut(Record<'_>) -> Result<(), E>,
) -> Result<Scanned, E> {
    scan::<Vector, E>(input, delimiter, limits, spans, each)
}

/// Bit `i` of each mask is byte `i` of a 64-byte block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks {
    quote: u64,
    delimiter: u64,
    cr: u64,
    lf: u64,
}

/// Classifies a 64-byte block.
trait Classify {
    fn classify(block: &[u8; 64], delimiter: u8) -> Masks;
}

/// One byte at a time.
struct Bytewise;

impl Classify for Bytewise {
    #[inline(always)]
    fn classify(block: &[u8; 64], delimiter: u8) -> Masks {
        let mut masks = Masks::default();
        for (i, &b) in block.iter().enumerate() {
            masks.quote |= u64::from(b == b'"') << i;
            masks.delimiter |= u64::from(b == delimiter) << i;
            masks.cr |= u64::from(b == b'\r') << i;
            masks.lf |= u64::from(b == b'\n') << i;
        }
        masks
    }
}

/// SSE2: four compares and four `movemask`s per 16 bytes.
#[cfg(target_arch = "x86_64")]
struct Sse2;

#[cfg(target_arch = "x86_64")]
impl Classify for Sse2 {
    #[inline(always)]
    fn classify(block: &[u8; 64], delimiter: u8) -> Masks {
        use core::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let mut masks = Masks::default();
        // SAFETY: SSE2 is part of every x86-64 CPU, and these intrinsics need nothing else;
        // each load reads the 16 bytes at 16·k, inside the 64-byte block, and `loadu` has no
        // alignment requirement.
        unsafe {
            let splats = [b'"', delimiter, b'\r', b'\n'].map(|b| _mm_set1_epi8(b as i8));
            for k in 0..4 {
                let v = _mm_loadu_si128(block.as_ptr().add(16 * k).cast::<__m128i>());
                let bits =
                    splats.map(|s| u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, s)) as u16));
                masks.quote |= bits[0] << (16 * k);
                masks.delimiter |= bits[1] << (16 * k);
                masks.cr |= bits[2] << (16 * k);
                masks.lf |= bits[3] << (16 * k);
            }
        }
        masks
    }
}

/// WebAssembly SIMD128: `i8x16.eq` and `i8x16.bitmask` per 16 bytes.
#[cfg(all(target_arch = "wasm32", feature = "simd128"))]
struct Simd128;

#[cfg(all(target_arch = "wasm32", feature = "simd128"))]
impl Classify for Simd128 {
    #[inline(always)]
    fn classify(block: &[u8; 64], delimiter: u8) -> Masks {
        use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_load};
        let mut masks = Masks::default();
        // A closure: a `#[target_feature]` function is not an `FnMut`.
        let splats = [b'"', delimiter, b'\r', b'\n'].map(|b| u8x16_splat(b));
        for k in 0..4 {
            // SAFETY: the 16 bytes at 16·k lie inside the 64-byte block, and `v128.load` has
            // no alignment requirement.
            let v = unsafe { v128_load(block.as_ptr().add(16 * k).cast::<v128>()) };
            let bits = splats.map(|s| u64::from(u8x16_bitmask(u8x16_eq(v, s))));
            masks.quote |= bits[0] << (16 * k);
            masks.delimiter |= bits[1] << (16 * k);
            masks.cr |= bits[2] << (16 * k);
            masks.lf |= bits[3] << (16 * k);
        }
        masks
    }
}

/// Bit `i` set where an odd number of bits `0..=i` of `x` are set: with the quote mask, the
/// bytes from an opening quote up to (not including) its closing quote.
#[inline(always)]
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// The bits below bit `i` (`i` ≤ 63).
#[inline(always)]
fn below(i: u32) -> u64 {
    (1u64 << i) - 1
}

/// [`records`] with the classifier `C`.
#[inline(always)]
fn scan<C: Classify, E>(
    input: &[u8],
    delimiter: u8,
    limits: Limits,
    spans: &mut Vec<(usize, usize)>,
    each: &mut impl FnMut(Record<'_>) -> Result<(), E>,
) -> Result<Scanned, E> {
    // Written by index into room made once, the count in a local: a `Vec` push loaded and
    // stored the `Vec`'s length and checked its room per field. A record the tokenizer takes
    // has fewer than `limits.fields` fields.
    spans.clear();
    spans.resize(limits.fields, (0, 0));
    let spans = spans.as_mut_slice();
    let mut fields = 0;
    // Carried from block to block: all ones when the block starts inside quotes; bit 0 when
    // the block's first byte starts a field; bit 0 when the byte before the block closed a
    // quote.
    let (mut inside_carry, mut start_carry, mut close_carry) = (0u64, 1u64, 0u64);
    let (mut record, mut field) = (0usize, 0usize);
    // `\n` bytes before `record`, and before the block.
    let (mut lines, mut block_lines) = (0u64, 0u64);
    // The current record holds a doubled quote in a block already walked.
    let mut escaped = false;
    let mut pad = [0u8; 64];
    let mut base = 0;
    let stop = |consumed, lines| Ok(Scanned { consumed, lines });
    while base < input.len() {
        let len = (input.len() - base).min(64);
        let (block, valid) = match input[base..].first_chunk::<64>() {
            Some(block) => (block, u64::MAX),
            None => {
                // Only the last block is short: `pad` is still zeros.
                pad[..len].copy_from_slice(&input[base..]);
                (&pad, below(len as u32))
            }
        };
        let m = C::classify(block, delimiter);
        let inside = prefix_xor(m.quote) ^ inside_carry;
        inside_carry = ((inside as i64) >> 63) as u64;
        let separators = (m.delimiter | m.cr | m.lf) & !inside & valid;
        let opening = m.quote & inside;
        let closing = m.quote & !inside;
        let field_starts = (separators << 1) | start_carry;
        start_carry = separators >> 63;
        let after_closing = (closing << 1) | close_carry;
        close_carry = closing >> 63;
        // What csv-core reads otherwise: a quote that does not open a field (nor is the second
        // of a doubled pair), or a byte after a closing quote that neither ends the field nor
        // doubles the quote.
        let odd = ((opening & !(field_starts | after_closing))
            | (after_closing & !(separators | m.quote)))
            & valid;
        let mut doubled = after_closing & m.quote;
        let quoted = |i: u32| ((after_closing >> i) & 1) as usize;
        let mut bits = match odd {
            0 => separators,
            _ => separators & below(odd.trailing_zeros()),
        };
        // The usual block, inside a record: delimiters only, and room for their fields. No
        // test per field of which separator it is or of the limit.
        if bits & !m.delimiter == 0 && fields + (bits.count_ones() as usize) < limits.fields {
            while bits != 0 {
                let i = bits.trailing_zeros();
                bits &= bits - 1;
                let at = base + i as usize;
                spans[fields] = field_span(record, field, at, quoted(i));
                fields += 1;
                field = at + 1;
            }
        }
        while bits != 0 {
            let i = bits.trailing_zeros();
            bits &= bits - 1;
            let at = base + i as usize;
            if (m.delimiter >> i) & 1 != 0 {
                if fields + 1 >= limits.fields {
                    return stop(record, lines);
                }
                spans[fields] = field_span(record, field, at, quoted(i));
                fields += 1;
                field = at + 1;
                continue;
            }
            let lines_through =
                block_lines + u64::from((m.lf & below(i)).count_ones()) + ((m.lf >> i) & 1);
            if at == record {
                // A line of nothing, or the `\n` of a `\r\n`: csv-core skips it.
                (record, field, lines) = (at + 1, at + 1, lines_through);
                continue;
            }
            if fields + 1 >= limits.fields || at - record >= limits.bytes {
                return stop(record, lines);
            }
            spans[fields] = field_span(record, field, at, quoted(i));
            fields += 1;
            let here = doubled & below(i);
            doubled &= !here;
            each(Record {
                start: record,
                bytes: &input[record..at],
                spans: &spans[..fields],
                escaped: escaped || here != 0,
                lines_before: lines,
            })?;
            fields = 0;
            escaped = false;
            (record, field, lines) = (at + 1, at + 1, lines_through);
        }
        if odd != 0 {
            return stop(record, lines);
        }
        escaped |= doubled != 0;
        block_lines += u64::from(m.lf.count_ones());
        base += 64;
    }
    stop(record, lines)
}

/// The span, relative to the record starting at `record`, of the field from `start` to the
/// separator at `end`, without its quotes if `quoted` (1, else 0). In a record the tokenizer
/// takes, a field is quoted exactly when a closing quote stands before its separator (a quote
/// anywhere else in an unquoted field is left to csv-core), so the masks tell, without reading
/// the field's first byte.
#[inline(always)]
fn field_span(record: usize, start: usize, end: usize, quoted: usize) -> (usize, usize) {
    (start + quoted - record, end - quoted - record)
}

/// `field` with each doubled quote made one, appended to `out`.
pub(crate) fn unescape_into(field: &[u8], out: &mut Vec<u8>) {
    let mut rest = field;
    while let Some(at) = rest.iter().position(|&b| b == b'"') {
        // Inside a record the tokenizer took, quotes come in doubled pairs.
        out.extend_from_slice(&rest[..=at]);
        rest = rest.get(at + 2..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every byte value in every position, and random ones: the vector classifier
    /// must set exactly the bits the byte-by-byte one sets.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn sse2_classifies_as_byte_by_byte() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut blocks: Vec<[u8; 64]> = (0..=255u8).map(|b| [b; 64]).collect();
        for _ in 0..2000 {
            let mut block = [0u8; 64];
            for b in &mut block {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *b = [
                    b'"', b',', b';', b'\t', b'|', b'\r', b'\n', b'a', 0x80, 0xFF,
                ][(state % 10) as usize];
            }
            blocks.push(block);
        }
        for block in &blocks {
            for delimiter in [b',', b';', b'\t', b'|'] {
                assert_eq!(
                    Sse2::classify(block, delimiter),
                    Bytewise::classify(block, delimiter)
                );
            }
        }
    }

    #[test]
    fn prefix_xor_marks_the_inside_of_quotes() {
        // Quotes at 1 and 4: bytes 1..4 are inside.
        assert_eq!(prefix_xor(0b1_0010), 0b0_1110);
        // An unclosed quote at 63 leaves bit 63 set (carried to the next block).
        assert_eq!(prefix_xor(1 << 63), 1 << 63);
    }

    #[test]
    fn doubled_quotes_are_made_one() {
        let mut out = Vec::new();
        unescape_into(b"ze zei \"\"ja\"\" en \"\"", &mut out);
        assert_eq!(out, b"ze zei \"ja\" en \"");
    }
}
