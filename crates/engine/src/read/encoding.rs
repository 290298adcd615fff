//! Text encodings of CSV files: which one a file uses, and turning its bytes into text.
//!
//! UTF-8 (with or without BOM) is read without any copy: fields are validated in place.
//! Windows-1252 (what Excel writes on Dutch Windows) is decoded field by field, since its
//! delimiters and quotes are the same bytes as in ASCII. UTF-16 (Excel's "Unicode text")
//! needs a streaming decoder to UTF-8 before parsing; [`Utf16Stream`] does that chunk by
//! chunk. What stays true: every byte sequence decodes to some text (malformed bytes become
//! U+FFFD or are read as Windows-1252) — decoding never fails.
//!
//! Both decoders are written here on the standard library (`char::decode_utf16`, a 32-entry
//! table): these are the only two legacy encodings survey exports use, and `encoding_rs`
//! links the tables of every encoding it knows (hundreds of KB) into any wasm that decodes
//! with it, the report page's included.

use std::borrow::Cow;

/// Windows-1252's bytes 0x80–0x9F (the WHATWG Encoding Standard's index); every other byte
/// is the Unicode code point of the same number.
const WINDOWS_1252_C1: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Windows-1252 bytes as text; ASCII is borrowed as it is.
pub(crate) fn decode_windows_1252(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) if text.is_ascii() => Cow::Borrowed(text),
        _ => Cow::Owned(
            bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => WINDOWS_1252_C1[(b - 0x80) as usize],
                    _ => char::from(b),
                })
                .collect(),
        ),
    }
}

/// The encoding a text file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 with BOM",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Windows1252 => "Windows-1252",
        }
    }

    pub fn is_utf16(self) -> bool {
        matches!(self, Self::Utf16Le | Self::Utf16Be)
    }
}

/// The encoding announced by a byte-order mark, and the mark's length.
pub(crate) fn from_bom(start: &[u8]) -> Option<(TextEncoding, usize)> {
    if start.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((TextEncoding::Utf8Bom, 3))
    } else if start.starts_with(&[0xFF, 0xFE]) {
        Some((TextEncoding::Utf16Le, 2))
    } else if start.starts_with(&[0xFE, 0xFF]) {
        Some((TextEncoding::Utf16Be, 2))
    } else {
        None
    }
}

/// UTF-16 without a byte-order mark: ASCII text then has a zero in every other byte.
pub(crate) fn sniff_utf16(start: &[u8]) -> Option<TextEncoding> {
    let sample = &start[..start.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    if zero_odd * 10 >= pairs * 9 && zero_even == 0 {
        Some(TextEncoding::Utf16Le)
    } else if zero_even * 10 >= pairs * 9 && zero_odd == 0 {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Whether `bytes` is valid UTF-8, allowing the last character to be cut off (the sample
/// ends mid-file).
pub(crate) fn is_utf8_prefix(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Decodes UTF-16 chunks to UTF-8, keeping incomplete characters for the next chunk.
pub(crate) struct Utf16Stream {
    big_endian: bool,
    /// Bytes of an incomplete code unit or an unpaired high surrogate from the last chunk.
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl Utf16Stream {
    pub fn new(encoding: TextEncoding) -> Self {
        Utf16Stream {
            big_endian: encoding == TextEncoding::Utf16Be,
            pending: Vec::new(),
            out: Vec::new(),
        }
    }

    /// The UTF-8 text of `chunk` (and of what the previous chunk left incomplete).
    pub fn decode(&mut self, chunk: &[u8], last: bool) -> &[u8] {
        self.out.clear();
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(chunk);
        let unit = |pair: &[u8]| {
            if self.big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            }
        };
        let mut whole = bytes.len() & !1;
        // A high surrogate at the end waits for its partner in the next chunk.
        if !last && whole >= 2 && (0xD800..0xDC00).contains(&unit(&bytes[whole - 2..whole])) {
            whole -= 2;
        }
        let units = bytes[..whole].chunks_exact(2).map(unit);
        let mut buf = [0u8; 4];
        for c in char::decode_utf16(units) {
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            self.out
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        if last {
            if whole < bytes.len() {
                self.out.extend_from_slice("\u{FFFD}".as_bytes());
            }
        } else {
            self.pending = bytes[whole..].to_vec();
        }
        &self.out
    }
}

/// Turns the raw bytes of CSV fields into text.
#[derive(Debug)]
pub(crate) struct FieldDecoder {
    /// `Utf8` or `Windows1252` (UTF-16 arrives here already as UTF-8).
    pub raw: TextEncoding,
    /// Whether any non-ASCII UTF-8 text was read: after that, a switch to Windows-1252
    /// would change earlier cells, so bad bytes are then read as Windows-1252 one field at
    /// a time, with a warning.
    seen_non_ascii: bool,
    /// Where a field was first read as Windows-1252 in an otherwise UTF-8 file.
    pub mixed_at: Option<(usize, usize)>,
}

/// `bytes` as text if it is valid UTF-8, and whether it is all ASCII; `None` if it is not
/// UTF-8. Only the runs of non-ASCII bytes are validated: a UTF-8 sequence is made of
/// non-ASCII bytes alone, so the text is valid exactly when each such run, cut at the ASCII
/// bytes around it, is. The ASCII between them, nearly every byte of a survey, is passed over
/// 64 bytes at a time ([`first_non_ascii`]); the standard library's validation, built without
/// vectors for the worker, reads it 4 bytes per step there.
pub(crate) fn utf8_text(bytes: &[u8]) -> Option<(&str, bool)> {
    let mut at = 0;
    let mut ascii = true;
    while let Some(start) = first_non_ascii(bytes, at) {
        ascii = false;
        let end = bytes[start..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| start + n);
        std::str::from_utf8(&bytes[start..end]).ok()?;
        at = end;
    }
    // SAFETY: every non-ASCII run was validated above, and ASCII bytes are characters of
    // their own, so the whole is valid UTF-8.
    Some((unsafe { std::str::from_utf8_unchecked(bytes) }, ascii))
}

/// Where the first non-ASCII byte of `bytes` from `from` on is. In the reader worker (wasm32
/// with the feature `simd128`) 64 bytes are tested per step with SIMD128; elsewhere with the
/// standard library's ASCII check, which reads 16 bytes per step natively.
#[cfg_attr(
    all(target_arch = "wasm32", feature = "simd128"),
    target_feature(enable = "simd128")
)]
fn first_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = &bytes[from..];
    let mut blocks = rest.chunks_exact(64);
    for (i, block) in (&mut blocks).enumerate() {
        if !block_is_ascii(block) {
            let within = block.iter().position(|b| !b.is_ascii())?;
            return Some(from + 64 * i + within);
        }
    }
    let remainder = blocks.remainder();
    remainder
        .iter()
        .position(|b| !b.is_ascii())
        .map(|within| bytes.len() - remainder.len() + within)
}

/// Whether a block of 64 bytes is all ASCII.
#[cfg(not(all(target_arch = "wasm32", feature = "simd128")))]
#[inline(always)]
fn block_is_ascii(block: &[u8]) -> bool {
    block.is_ascii()
}

/// Whether a block of 64 bytes is all ASCII: four vectors OR-ed, one test of their high bits.
#[cfg(all(target_arch = "wasm32", feature = "simd128"))]
#[inline]
#[target_feature(enable = "simd128")]
fn block_is_ascii(block: &[u8]) -> bool {
    use core::arch::wasm32::{u8x16_bitmask, v128, v128_load, v128_or};
    assert!(block.len() >= 64);
    // SAFETY: the four 16-byte loads lie inside the block's 64 bytes; `v128.load` has no
    // alignment requirement.
    let [a, b, c, d] =
        [0, 16, 32, 48].map(|at| unsafe { v128_load(block.as_ptr().add(at).cast::<v128>()) });
    u8x16_bitmask(v128_or(v128_or(a, b), v128_or(c, d))) == 0
}

impl FieldDecoder {
    pub fn new(raw: TextEncoding) -> Self {
        FieldDecoder {
            raw,
            seen_non_ascii: false,
            mixed_at: None,
        }
    }

    /// Calls `each(column, text)` for every field of a record held in `buf` with field ends
    /// `ends`. `line` places any warning.
    #[inline]
    pub fn for_each_field(
        &mut self,
        buf: &[u8],
        ends: &[usize],
        line: usize,
        mut each: impl FnMut(usize, &str),
    ) {
        if self.raw != TextEncoding::Windows1252 {
            // The fast path: one validation for the whole record.
            if let Ok(text) = std::str::from_utf8(buf) {
                if ends.iter().all(|&end| text.is_char_boundary(end)) {
                    if !self.seen_non_ascii && !buf.is_ascii() {
                        self.seen_non_ascii = true;
                    }
                    let mut start = 0;
                    for (i, &end) in ends.iter().enumerate() {
                        each(i, &text[start..end]);
                        start = end;
                    }
                    return;
                }
            }
        }
        let mut start = 0;
        for (i, &end) in ends.iter().enumerate() {
            let field = self.decode(&buf[start..end], line, i + 1);
            each(i, &field);
            start = end;
        }
    }

    /// Calls `each(column, text)` for every field of a record at `spans` (start, end) of
    /// `buf`, where every span starts and ends next to an ASCII byte or at an end of `buf`
    /// (fields cut at delimiters and quotes). `line` places any warning.
    #[inline]
    pub fn for_each_span(
        &mut self,
        buf: &[u8],
        spans: &[(usize, usize)],
        line: usize,
        mut each: impl FnMut(usize, &str),
    ) {
        // One validation for the whole record; spans next to ASCII bytes are character
        // boundaries of valid UTF-8.
        if let Some(text) = self.text(buf) {
            for (i, &(start, end)) in spans.iter().enumerate() {
                each(i, &text[start..end]);
            }
            return;
        }
        for (i, &(start, end)) in spans.iter().enumerate() {
            let field = self.decode(&buf[start..end], line, i + 1);
            each(i, &field);
        }
    }

    /// `buf` as text when its fields, cut next to ASCII bytes, read the same from it as one
    /// by one with [`FieldDecoder::decode`] (valid UTF-8 in UTF-8 text, ASCII in Windows-1252
    /// text), noting any non-ASCII text; `None` otherwise, and then nothing is noted.
    ///
    /// Only the non-ASCII runs are validated ([`utf8_text`]): UTF-8 validation of the whole
    /// took, in WebAssembly, as long as a fifth of the tokenizing.
    #[inline]
    pub fn text<'a>(&mut self, buf: &'a [u8]) -> Option<&'a str> {
        let (text, ascii) = utf8_text(buf)?;
        if !ascii {
            if self.raw == TextEncoding::Windows1252 {
                return None;
            }
            self.seen_non_ascii = true;
        }
        Some(text)
    }

    /// One field as text.
    pub fn decode<'a>(&mut self, field: &'a [u8], line: usize, column: usize) -> Cow<'a, str> {
        if self.raw == TextEncoding::Windows1252 {
            return decode_windows_1252(field);
        }
        match std::str::from_utf8(field) {
            Ok(text) => {
                if !self.seen_non_ascii && !text.is_ascii() {
                    self.seen_non_ascii = true;
                }
                Cow::Borrowed(text)
            }
            Err(_) => {
                if !self.seen_non_ascii {
                    // All text so far was ASCII, which reads the same in Windows-1252.
                    self.raw = TextEncoding::Windows1252;
                } else if self.mixed_at.is_none() {
                    self.mixed_at = Some((line, column));
                }
                decode_windows_1252(field)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that make valid and broken UTF-8 (lone continuation bytes, truncated and
    /// overlong sequences, surrogates) next to long ASCII runs, so that non-ASCII bytes fall
    /// at every place in and across the 64-byte blocks.
    fn utf8_soup() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            4 => "[a-z ,]{0,70}".prop_map(String::into_bytes),
            2 => "[é€😀â]{1,3}".prop_map(String::into_bytes),
            1 => prop::sample::select(vec![
                vec![0x80u8],
                vec![0xC3],
                vec![0xE2, 0x82],
                vec![0xC0, 0xAF],
                vec![0xED, 0xA0, 0x80],
                vec![0xF4, 0x90, 0x80, 0x80],
                vec![0xFF],
            ]),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        /// The reference is the standard library's validation of the whole.
        #[test]
        fn utf8_text_validates_as_the_standard_library_does(bytes in utf8_soup()) {
            let reference = std::str::from_utf8(&bytes).ok();
            let found = utf8_text(&bytes);
            prop_assert_eq!(found.map(|(text, _)| text), reference);
            if let Some((_, ascii)) = found {
                prop_assert_eq!(ascii, bytes.is_ascii());
            }
        }
    }

    #[test]
    fn windows_1252_maps_the_c1_range_and_latin_1() {
        // Reference: the WHATWG index-windows-1252 (0x80 → U+20AC, 0x9F → U+0178).
        assert_eq!(
            decode_windows_1252(b"caf\xe9 \x80 \x93a\x94 \x9f"),
            "café € “a” Ÿ"
        );
        assert!(matches!(
            decode_windows_1252(b"plain"),
            Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn utf16_split_anywhere_decodes_the_same() {
        let text = "Zeer mee eens 😀 € é";
        for big_endian in [false, true] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| {
                    if big_endian {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                })
                .collect();
            let encoding = if big_endian {
                TextEncoding::Utf16Be
            } else {
                TextEncoding::Utf16Le
            };
            for cut in 0..=bytes.len() {
                let mut stream = Utf16Stream::new(encoding);
                let mut out = stream.decode(&bytes[..cut], false).to_vec();
                out.extend_from_slice(stream.decode(&bytes[cut..], true));
                assert_eq!(String::from_utf8(out).unwrap(), text, "cut at {cut}");
            }
        }
        // A lone trailing byte is a replacement character, never a panic.
        let mut stream = Utf16Stream::new(TextEncoding::Utf16Le);
        assert_eq!(stream.decode(b"a\0b", true), "a\u{FFFD}".as_bytes());
    }

    #[test]
    fn byte_order_marks_name_their_encoding() {
        assert_eq!(from_bom(b"\xEF\xBB\xBFa"), Some((TextEncoding::Utf8Bom, 3)));
        assert_eq!(from_bom(b"\xFF\xFEa\0"), Some((TextEncoding::Utf16Le, 2)));
        assert_eq!(from_bom(b"a,b"), None);
        assert_eq!(sniff_utf16(b"a\0,\0b\0\n\0"), Some(TextEncoding::Utf16Le));
    }

    #[test]
    fn invalid_utf8_after_ascii_switches_to_windows_1252_without_warning() {
        let mut d = FieldDecoder::new(TextEncoding::Utf8);
        assert_eq!(d.decode(b"abc", 1, 1), "abc");
        assert_eq!(d.decode(b"caf\xe9", 2, 1), "café");
        assert_eq!(d.raw, TextEncoding::Windows1252);
        assert_eq!(d.mixed_at, None);
    }

    #[test]
    fn invalid_utf8_after_utf8_text_is_read_per_field_and_noted() {
        let mut d = FieldDecoder::new(TextEncoding::Utf8);
        assert_eq!(d.decode("café".as_bytes(), 1, 1), "café");
        assert_eq!(d.decode(b"\xe9t\xe9", 3, 2), "été");
        assert_eq!(d.raw, TextEncoding::Utf8);
        assert_eq!(d.mixed_at, Some((3, 2)));
    }

    #[test]
    fn a_record_whose_fields_split_a_character_is_decoded_per_field() {
        // "é" is C3 A9: split over two fields, the record is valid UTF-8 but the fields not.
        let mut d = FieldDecoder::new(TextEncoding::Utf8);
        let mut got = Vec::new();
        d.for_each_field(b"\xc3\xa9", &[1, 2], 1, |_, f| got.push(f.to_owned()));
        assert_eq!(got, vec!["Ã", "©"]);
    }
}
