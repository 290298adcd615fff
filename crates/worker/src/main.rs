//! Peiling's reader worker: reads the file the person chose, off the page's main thread, and
//! hands the dataset back as a few transferable buffers.
//!
//! Protocol (all messages are plain objects; `job` is the page's number for one read, echoed
//! in every reply so that replies to a cancelled read can be told apart):
//! - worker → page `{type: "ready"}` once the wasm runs; anything posted before is lost.
//! - page → worker `{type: "read", job, file: File, options?: {sheet?: string}}`.
//! - worker → page `{type: "progress", job, bytes, total, rows}` after each chunk.
//! - page → worker `{type: "cancel"}`: the read in progress stops before its next chunk and
//!   answers `{type: "cancelled", job}`.
//! - worker → page `{type: "done", job, meta, buffers, bytes, rows, read_ms, parse_ms,
//!   infer_ms, total_ms}`: `meta` is the [`transfer`] header (JSON), `buffers` its parts as
//!   `ArrayBuffer`s, moved (not copied) to the page; `read_ms` is the reading (the file's
//!   slices awaited and parsed), `parse_ms` the part of it spent parsing (what the native
//!   benchmark measures), `infer_ms` the codebook proposal, `total_ms` all of it with the
//!   encoding.
//! - worker → page `{type: "error", job, message}`: the reading error in words (file, line,
//!   column, what to do).
//!
//! What stays true: CSV and TSV are streamed through [`CsvStream`] in [`CHUNK_BYTES`] slices of
//! the `File` — the file is never in memory whole, only the chunk being parsed and the few the
//! browser is fetching meanwhile. Workbooks and SPSS files need random access and are read
//! whole, up to [`transfer::MAX_WHOLE_FILE_BYTES`]. A file beyond what the device can hold is
//! refused before a byte is read.

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint16Array, Uint32Array, Uint8Array};
use peiling_engine::infer;
use peiling_engine::read::{self, CsvStream, Import, ReadError, ReadErrorKind, ReadOptions};
use peiling_engine::transfer::{self, Part};
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

/// Bytes read and parsed per step: large enough that the per-chunk overhead (a promise, a
/// copy into wasm memory, a progress message) vanishes, small enough for frequent progress.
const CHUNK_BYTES: u64 = 8 << 20;

/// Slices asked of the browser ahead of the one being parsed: reading a `File` goes through
/// the browser process, and with one slice ahead the parser still waited for it.
const READ_AHEAD: usize = 3;

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // The number of the read that may go on; a cancel or a new read changes it.
    let current = Rc::new(Cell::new(0u32));
    let on_message = {
        let scope = scope.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let job = get(&data, "job").as_f64().unwrap_or(0.0) as u32;
            match get(&data, "type").as_string().as_deref() {
                Some("read") => {
                    current.set(job);
                    let Ok(file) = get(&data, "file").dyn_into::<File>() else {
                        post_error(&scope, job, "No file was given to read.");
                        return;
                    };
                    let sheet = get(&get(&data, "options"), "sheet").as_string();
                    let (scope, current) = (scope.clone(), current.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        run(&scope, job, file, sheet, &current).await;
                    });
                }
                Some("cancel") => current.set(current.get().wrapping_add(1)),
                _ => {}
            }
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, &message("ready", 0, &[]), None);
}

/// Why a read ended without a result.
enum Stop {
    Cancelled,
    Failed(String),
}

impl From<ReadError> for Stop {
    fn from(e: ReadError) -> Self {
        Stop::Failed(e.to_string())
    }
}

/// Reads one file and posts the outcome.
async fn run(
    scope: &DedicatedWorkerGlobalScope,
    job: u32,
    file: File,
    sheet: Option<String>,
    current: &Cell<u32>,
) {
    let started = now(scope);
    let mut parse_ms = 0.0;
    match read_file(scope, job, &file, sheet, current, &mut parse_ms).await {
        Ok((import, read_ms)) => {
            let infer_started = now(scope);
            let codebook = infer::propose(&import);
            let infer_ms = now(scope) - infer_started;
            let encoded = transfer::encode(&import, &codebook);
            let buffers: Array = encoded.parts.iter().map(|part| to_buffer(*part)).collect();
            let done = message(
                "done",
                job,
                &[
                    ("meta", JsValue::from_str(&encoded.header)),
                    ("bytes", JsValue::from_f64(file.size())),
                    ("rows", JsValue::from_f64(import.dataset.rows as f64)),
                    ("read_ms", JsValue::from_f64(read_ms)),
                    ("parse_ms", JsValue::from_f64(parse_ms)),
                    ("infer_ms", JsValue::from_f64(infer_ms)),
                    ("total_ms", JsValue::from_f64(now(scope) - started)),
                ],
            );
            set(&done, "buffers", &buffers);
            post(scope, &done, Some(&buffers));
        }
        Err(Stop::Cancelled) => post(scope, &message("cancelled", job, &[]), None),
        Err(Stop::Failed(text)) => post_error(scope, job, &text),
    }
}

/// Reads `file` into an import; also gives the milliseconds the reading took.
async fn read_file(
    scope: &DedicatedWorkerGlobalScope,
    job: u32,
    file: &File,
    sheet: Option<String>,
    current: &Cell<u32>,
    parse_ms: &mut f64,
) -> Result<(Import, f64), Stop> {
    let name = file.name();
    let total = file.size() as u64;
    let device_memory = get(&scope.navigator(), "deviceMemory").as_f64();
    let options = ReadOptions {
        sheet,
        max_bytes: transfer::max_file_bytes(device_memory),
        ..ReadOptions::default()
    };
    refuse_beyond(&name, total, options.max_bytes)?;
    let started = now(scope);

    let mut offset = 0;
    let mut requested = 0;
    let mut pending = VecDeque::with_capacity(READ_AHEAD);
    request_ahead(file, total, &mut pending, &mut requested);
    let mut chunk = Vec::new();
    let mut stream: Option<CsvStream> = None;
    while let Some(next) = pending.pop_front() {
        let buffer = wait_for_buffer(next).await?;
        if current.get() != job {
            return Err(Stop::Cancelled);
        }
        let end = offset + buffer.byte_length() as u64;
        if offset == 0 {
            let mut first = [0u8; 4];
            let head = Uint8Array::new_with_byte_offset_and_length(
                &buffer,
                0,
                buffer.byte_length().min(4),
            );
            head.copy_to(&mut first[..head.length() as usize]);
            if read::needs_whole_file(&first[..head.length() as usize]) {
                refuse_beyond(&name, total, transfer::MAX_WHOLE_FILE_BYTES)?;
                let read = read_whole(scope, job, file, &options, started, current).await;
                *parse_ms = read.as_ref().map_or(0.0, |(_, ms)| *ms);
                return read;
            }
        }
        // Ask for the next slices before parsing this one, so the browser reads while we parse.
        request_ahead(file, total, &mut pending, &mut requested);
        let parse_started = now(scope);
        let view = Uint8Array::new(&buffer);
        chunk.resize(view.length() as usize, 0);
        view.copy_to(&mut chunk);
        drop(view);
        let stream = stream.get_or_insert_with(|| CsvStream::new(&name, &options));
        stream.feed(&chunk)?;
        *parse_ms += now(scope) - parse_started;
        offset = end;
        post_progress(scope, job, offset, total, stream.rows_read());
    }
    let parse_started = now(scope);
    let stream = stream.unwrap_or_else(|| CsvStream::new(&name, &options));
    let import = stream.finish()?;
    *parse_ms += now(scope) - parse_started;
    Ok((import, now(scope) - started))
}

/// Reads a workbook or SPSS file from the whole file in memory.
async fn read_whole(
    scope: &DedicatedWorkerGlobalScope,
    job: u32,
    file: &File,
    options: &ReadOptions,
    started: f64,
    current: &Cell<u32>,
) -> Result<(Import, f64), Stop> {
    let buffer = wait_for_buffer(file.array_buffer()).await?;
    if current.get() != job {
        return Err(Stop::Cancelled);
    }
    let bytes = Uint8Array::new(&buffer).to_vec();
    drop(buffer);
    let total = bytes.len() as u64;
    post_progress(scope, job, total, total, 0);
    let import = read::read(&bytes, &file.name(), options)?;
    Ok((import, now(scope) - started))
}

/// Refuses a file larger than `limit` before reading it.
fn refuse_beyond(name: &str, bytes: u64, limit: u64) -> Result<(), Stop> {
    if bytes > limit {
        return Err(ReadError::new(name, ReadErrorKind::TooLarge { bytes, limit }).into());
    }
    Ok(())
}

/// Asks for the file's next slices until [`READ_AHEAD`] are on their way.
fn request_ahead(
    file: &File,
    total: u64,
    pending: &mut VecDeque<js_sys::Promise>,
    requested: &mut u64,
) {
    while pending.len() < READ_AHEAD && *requested < total {
        let end = total.min(*requested + CHUNK_BYTES);
        pending.push_back(slice(file, *requested, end));
        *requested = end;
    }
}

fn slice(file: &File, start: u64, end: u64) -> js_sys::Promise {
    match file.slice_with_f64_and_f64(start as f64, end as f64) {
        Ok(blob) => blob.array_buffer(),
        Err(e) => js_sys::Promise::reject(&e),
    }
}

async fn wait_for_buffer(promise: js_sys::Promise) -> Result<ArrayBuffer, Stop> {
    let value = JsFuture::from(promise).await.map_err(|e| {
        Stop::Failed(format!(
            "The file could not be read from disk ({}). Check that it still exists and is not open in another program, then choose it again.",
            js_text(&e)
        ))
    })?;
    value.dyn_into::<ArrayBuffer>().map_err(|_| {
        Stop::Failed("The browser gave no bytes for the file. Choose it again.".into())
    })
}

/// A part copied out of wasm memory into its own buffer, ready to be transferred.
fn to_buffer(part: Part<'_>) -> JsValue {
    // Lengths fit in u32: every part is at most a column of one file within MAX_FILE_BYTES.
    match part {
        Part::Codes(codes) => {
            let array = Uint16Array::new_with_length(codes.len() as u32);
            array.copy_from(codes);
            array.buffer().into()
        }
        Part::Text(bytes) => {
            let array = Uint8Array::new_with_length(bytes.len() as u32);
            array.copy_from(bytes);
            array.buffer().into()
        }
        Part::Ends(ends) => {
            let array = Uint32Array::new_with_length(ends.len() as u32);
            array.copy_from(ends);
            array.buffer().into()
        }
    }
}

fn post_progress(
    scope: &DedicatedWorkerGlobalScope,
    job: u32,
    bytes: u64,
    total: u64,
    rows: usize,
) {
    let progress = message(
        "progress",
        job,
        &[
            ("bytes", JsValue::from_f64(bytes as f64)),
            ("total", JsValue::from_f64(total as f64)),
            ("rows", JsValue::from_f64(rows as f64)),
        ],
    );
    post(scope, &progress, None);
}

fn post_error(scope: &DedicatedWorkerGlobalScope, job: u32, text: &str) {
    post(
        scope,
        &message("error", job, &[("message", JsValue::from_str(text))]),
        None,
    );
}

fn message(kind: &str, job: u32, fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    set(&object, "type", &JsValue::from_str(kind));
    set(&object, "job", &JsValue::from_f64(job as f64));
    for (key, value) in fields {
        set(&object, key, value);
    }
    object
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &Object, transfer: Option<&Array>) {
    // Posting a plain object of strings, numbers and ArrayBuffers cannot fail to clone.
    let _ = match transfer {
        Some(list) => scope.post_message_with_transfer(message, list),
        None => scope.post_message(message),
    };
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property of a plain object we created cannot throw.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or(0.0, |p| p.now())
}

fn js_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| get(value, "message").as_string())
        .unwrap_or_else(|| "unknown error".into())
}
