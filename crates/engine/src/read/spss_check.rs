//! The SPSS dictionary's lengths, checked before `ambers` reads the file.
//!
//! `ambers` 0.4.6 trusts some of the lengths a `.sav` file gives for its parts. A damaged
//! file whose length field is negative or runs past the end makes it add or slice out of
//! bounds: a panic, which natively becomes an error (the reader catches it) but in the page's
//! reader worker, built with `panic = "abort"`, kills the worker. This walk goes through the
//! dictionary records the way `ambers` does (the layout of PSPP's "System File Format"
//! documentation: the 176-byte header, then records of type 2, 3+4, 6 and 7 up to type 999)
//! and refuses a file in which any length it will use is negative or reaches past the end of
//! the file, naming the record and its byte offset. Inputs found by fuzzing are kept in
//! `fuzz/regressions/`.
//!
//! Hand-written because no library validates a system file's structure without reading it,
//! and the fix belongs upstream: when `ambers` checks these lengths itself, this walk can go.
//! What stays true: the walk only reads, never allocates by a length from the file, and
//! answers `Ok` for every file whose lengths `ambers` can follow — anything else that is wrong
//! with the file is left for `ambers` to report.

/// Where the records start: after the fixed 176-byte file header.
const HEADER_BYTES: usize = 176;

/// Why the dictionary cannot be read safely, in words (English; the reader wraps it in a
/// [`ReadErrorKind::Damaged`](super::ReadErrorKind::Damaged) error).
pub(super) fn check(bytes: &[u8]) -> Result<(), String> {
    let Some(layout) = bytes.get(64..68) else {
        return Ok(()); // too short: ambers says so
    };
    let layout: [u8; 4] = layout.try_into().expect("four bytes");
    let big_endian = match (i32::from_le_bytes(layout), i32::from_be_bytes(layout)) {
        (2 | 3, _) => false,
        (_, 2 | 3) => true,
        _ => return Ok(()), // ambers refuses the layout code itself
    };
    Walk {
        bytes,
        pos: HEADER_BYTES,
        big_endian,
    }
    .records()
}

struct Walk<'a> {
    bytes: &'a [u8],
    pos: usize,
    big_endian: bool,
}

/// The end of the walk: `Ok(())` when ambers can take over from here (it reports truncation
/// and unknown records itself), `Err` when a length would mislead it.
type Step<T> = Result<Option<T>, String>;

impl Walk<'_> {
    fn records(&mut self) -> Result<(), String> {
        loop {
            let at = self.pos;
            let Some(kind) = self.i32()? else {
                return Ok(());
            };
            let more = match kind {
                2 => self.variable(at)?,
                3 => self.value_labels(at)?,
                6 => self.document(at)?,
                7 => self.info(at)?,
                _ => None, // 999 ends the dictionary; anything else ambers refuses
            };
            if more.is_none() {
                return Ok(());
            }
        }
    }

    fn i32(&mut self) -> Step<i32> {
        let Some(raw) = self.bytes.get(self.pos..self.pos + 4) else {
            return Ok(None);
        };
        self.pos += 4;
        let raw: [u8; 4] = raw.try_into().expect("four bytes");
        Ok(Some(match self.big_endian {
            true => i32::from_be_bytes(raw),
            false => i32::from_le_bytes(raw),
        }))
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    /// Skips `n` bytes, or says that the part at `at` claims more than the file holds.
    fn skip(&mut self, n: u64, what: &str, at: usize) -> Step<()> {
        if n > self.remaining() as u64 {
            return Err(format!(
                "{what} at byte {at} claims {n} bytes, more than the {} left in the file",
                self.remaining()
            ));
        }
        self.pos += n as usize;
        Ok(Some(()))
    }

    /// A length field that must not be negative.
    fn length(&mut self, what: &str, at: usize) -> Step<u64> {
        match self.i32()? {
            None => Ok(None),
            Some(n) if n < 0 => Err(format!("{what} at byte {at} has a negative length ({n})")),
            Some(n) => Ok(Some(n as u64)),
        }
    }

    /// Type 2: a variable, with its label and missing values.
    fn variable(&mut self, at: usize) -> Step<()> {
        let Some(_type) = self.i32()? else {
            return Ok(None);
        };
        let Some(has_label) = self.i32()? else {
            return Ok(None);
        };
        let Some(missing) = self.i32()? else {
            return Ok(None);
        };
        if self.skip(16, "a variable record", at)?.is_none() {
            return Ok(None); // print and write formats, short name
        }
        if has_label == 1 {
            let Some(len) = self.length("a variable label", at)? else {
                return Ok(None);
            };
            // Padded to a multiple of 4.
            if self
                .skip(len.div_ceil(4) * 4, "a variable label", at)?
                .is_none()
            {
                return Ok(None);
            }
        }
        if !(-3..=3).contains(&missing) {
            return Ok(None); // ambers refuses it
        }
        self.skip(u64::from(missing.unsigned_abs()) * 8, "missing values", at)
    }

    /// Type 3 (value labels), which type 4 (the variables they belong to) must follow.
    fn value_labels(&mut self, at: usize) -> Step<()> {
        let Some(count) = self.length("a value-label record", at)? else {
            return Ok(None);
        };
        for _ in 0..count {
            // 8-byte value, a length byte, the label padded so that both fill 8-byte units.
            let Some(&len) = self.bytes.get(self.pos + 8) else {
                return self.skip(9, "a value label", at);
            };
            let entry = 8 + (u64::from(len) + 1).div_ceil(8) * 8;
            if self.skip(entry, "a value label", at)?.is_none() {
                return Ok(None);
            }
        }
        let at = self.pos;
        if self.i32()? != Some(4) {
            return Ok(None); // ambers refuses a type 3 without its type 4
        }
        let Some(count) = self.length("a value-label variable list", at)? else {
            return Ok(None);
        };
        self.skip(count * 4, "a value-label variable list", at)
    }

    /// Type 6: document lines of 80 bytes.
    fn document(&mut self, at: usize) -> Step<()> {
        let Some(lines) = self.length("a document record", at)? else {
            return Ok(None);
        };
        self.skip(lines * 80, "a document record", at)
    }

    /// Type 7: an extension record of `count` elements of `size` bytes.
    fn info(&mut self, at: usize) -> Step<()> {
        let Some(subtype) = self.i32()? else {
            return Ok(None);
        };
        let Some(size) = self.length("an extension record", at)? else {
            return Ok(None);
        };
        let Some(count) = self.length("an extension record", at)? else {
            return Ok(None);
        };
        let len = size * count;
        if len > self.remaining() as u64 {
            return Err(format!(
                "an extension record (subtype {subtype}) at byte {at} claims {len} bytes, more than the {} left in the file",
                self.remaining()
            ));
        }
        let data = &self.bytes[self.pos..self.pos + len as usize];
        match subtype {
            21 | 22 => counted_parts(data, subtype == 22).map_err(|part| {
                format!(
                    "a long-string {} record at byte {at}: {part}",
                    if subtype == 21 {
                        "value-label"
                    } else {
                        "missing-value"
                    }
                )
            })?,
            _ => {}
        }
        // ambers reads subtypes 3, 4 and 11 by their own layout, not by size × count; what it
        // reads then is checked as the next record.
        self.pos += match subtype {
            3 => 32,
            4 => 24,
            11 => {
                let n = count as usize;
                4 * match n % 3 {
                    0 => n,
                    _ => n / 2 * 2,
                }
            }
            _ => len as usize,
        }
        .min(self.remaining());
        Ok(Some(()))
    }
}

/// Subtypes 21 (long-string value labels) and 22 (long-string missing values) hold
/// length-prefixed parts (little-endian whatever the file's byte order). Every length must be
/// non-negative and stay within the record.
fn counted_parts(data: &[u8], missing: bool) -> Result<(), String> {
    let mut pos = 0usize;
    let length = |pos: &mut usize| -> Result<Option<usize>, String> {
        let Some(raw) = data.get(*pos..*pos + 4) else {
            return Ok(None);
        };
        *pos += 4;
        let n = i32::from_le_bytes(raw.try_into().expect("four bytes"));
        if n < 0 || n as usize > data.len() - *pos {
            return Err(format!(
                "a length of {n} at offset {} runs past the record's end",
                *pos - 4
            ));
        }
        Ok(Some(n as usize))
    };
    while pos + 4 <= data.len() {
        let Some(name) = length(&mut pos)? else { break };
        pos += name;
        if missing {
            let Some(&values) = data.get(pos) else { break };
            pos += 1;
            let Some(width) = length(&mut pos)? else {
                break;
            };
            pos = pos
                .saturating_add(width.saturating_mul(usize::from(values)))
                .min(data.len());
        } else {
            pos += 4; // the variable's width
            let Some(raw) = data.get(pos..pos + 4) else {
                break;
            };
            let labels = i32::from_le_bytes(raw.try_into().expect("four bytes"));
            pos += 4;
            for _ in 0..labels.max(0) {
                let Some(value) = length(&mut pos)? else {
                    return Ok(());
                };
                pos += value;
                let Some(label) = length(&mut pos)? else {
                    return Ok(());
                };
                pos += label;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header (176 bytes, layout code 2, little-endian) and then `records`.
    fn file(records: &[u8]) -> Vec<u8> {
        let mut bytes = b"$FL2".to_vec();
        bytes.resize(64, b' ');
        bytes.extend_from_slice(&2i32.to_le_bytes());
        bytes.resize(HEADER_BYTES, 0);
        bytes.extend_from_slice(records);
        bytes
    }

    fn ints(values: &[i32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    // The layouts below follow PSPP's "System File Format" documentation, record by record.
    #[test]
    fn a_well_formed_dictionary_passes() {
        let mut records = ints(&[2, 0, 1, 0, 0x050800, 0x050800]);
        records.extend_from_slice(b"Q1      ");
        records.extend_from_slice(&ints(&[4])); // label length 4
        records.extend_from_slice(b"Leef");
        // type 3: one label, value 1.0, "Ja" (1 + 2 bytes, padded to 7), then type 4: var 1
        records.extend_from_slice(&ints(&[3, 1]));
        records.extend_from_slice(&1f64.to_le_bytes());
        records.extend_from_slice(&[2, b'J', b'a', 0, 0, 0, 0, 0]);
        records.extend_from_slice(&ints(&[4, 1, 1, 999, 0]));
        assert_eq!(check(&file(&records)), Ok(()));
    }

    #[test]
    fn a_negative_variable_label_length_is_refused() {
        let mut records = ints(&[2, 0, 1, 0, 0, 0]);
        records.extend_from_slice(b"Q1      ");
        records.extend_from_slice(&ints(&[-1]));
        let err = check(&file(&records)).unwrap_err();
        assert!(err.contains("variable label at byte 176"), "{err}");
    }

    #[test]
    fn an_extension_record_beyond_the_end_is_refused() {
        let records = ints(&[7, 13, 1, 1_000_000]);
        let err = check(&file(&records)).unwrap_err();
        assert!(err.contains("subtype 13"), "{err}");
        let records = ints(&[7, 13, -1, 4]);
        assert!(check(&file(&records)).is_err());
    }

    #[test]
    fn a_long_string_label_length_beyond_its_record_is_refused() {
        // subtype 21, size 1, count 20: name length 4, "NAME", width 8, one label, and its
        // value's length -2.
        let mut records = ints(&[7, 21, 1, 20, 4]);
        records.extend_from_slice(b"NAME");
        records.extend_from_slice(&ints(&[8, 1, -2]));
        let err = check(&file(&records)).unwrap_err();
        assert!(err.contains("long-string value-label"), "{err}");
    }
}
