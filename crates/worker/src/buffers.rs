//! Transferred `ArrayBuffer`s back into the engine's transfer parts. The two ends of every
//! transfer share this file: the reader worker (second parts of a file read in two) and the
//! page (`src/main.rs` includes it by path).

use js_sys::{ArrayBuffer, Uint16Array, Uint32Array, Uint8Array};
use peiling_engine::transfer::{PartBuf, PartKind, PartSpec};
use wasm_bindgen::{JsCast, JsValue};

/// The bytes of a `Uint8Array` (a header, a matched codebook), copied into wasm memory;
/// `None` for anything else.
pub fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec)
}

/// The bytes the part `spec` takes.
pub fn part_bytes(spec: PartSpec) -> usize {
    let width = match spec.kind {
        PartKind::Codes => 2,
        PartKind::Text => 1,
        PartKind::Ends => 4,
    };
    spec.len * width
}

/// `value` as the buffer of the part `spec`; `None` unless it is an `ArrayBuffer` of exactly
/// the size the spec says (checked before any typed-array view, which would throw on a wrong
/// length).
pub fn part_buffer(value: &JsValue, spec: PartSpec) -> Option<ArrayBuffer> {
    let buffer: ArrayBuffer = value.clone().dyn_into().ok()?;
    (buffer.byte_length() as usize == part_bytes(spec)).then_some(buffer)
}

/// The part `spec` from a transferred buffer, copied into wasm memory; `None` unless `value`
/// is its buffer ([`part_buffer`]).
pub fn part_from_buffer(value: &JsValue, spec: PartSpec) -> Option<PartBuf> {
    let buffer = part_buffer(value, spec)?;
    // `to_vec`, not a zeroed vector and `copy_to`: the zeroing took as long as the copy.
    Some(match spec.kind {
        PartKind::Codes => PartBuf::Codes(Uint16Array::new(&buffer).to_vec()),
        PartKind::Text => PartBuf::Text(Uint8Array::new(&buffer).to_vec()),
        PartKind::Ends => PartBuf::Ends(Uint32Array::new(&buffer).to_vec()),
    })
}
