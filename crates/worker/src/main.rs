//! Peiling's reader worker: reads the file the person chose, off the page's main thread, and
//! hands the dataset back as a few transferable buffers.
//!
//! Protocol (all messages are plain objects; `job` is the page's number for one read, echoed
//! in every reply so that replies to a cancelled read can be told apart):
//! - worker → page `{type: "ready"}` once the wasm runs; anything posted before is lost.
//! - page → worker `{type: "read", job, file: File, options?: {sheet?: string}}` starts a read;
//!   then the page sends the file's bytes in order, `{type: "chunk", job, buffer}` (the buffer
//!   moved, not copied), and `{type: "end", job}` after the last.
//! - worker → page `{type: "progress", job, bytes, total, rows}` after each chunk: also the
//!   page's cue that it may send another.
//! - worker → page `{type: "whole", job}`: a workbook or SPSS file, which the worker reads from
//!   the `File` itself; the page stops sending chunks.
//! - page → worker `{type: "cancel"}`: the read in progress stops and answers
//!   `{type: "cancelled", job}`.
//! - worker → page `{type: "done", job, meta, buffers, bytes, rows, read_ms, parse_ms,
//!   infer_ms, total_ms, parts}`: `meta` is the [`transfer`] header (a `Uint8Array`),
//!   `buffers` its parts as `ArrayBuffer`s, moved (not copied) to the page; `read_ms` is the
//!   reading (from the start until the last chunk is parsed), `parse_ms` the part of it spent
//!   parsing (what the native benchmark measures; of both workers when read in two `parts`),
//!   `infer_ms` the codebook proposal, `total_ms` all of it with the encoding.
//! - worker → page `{type: "error", job, message}`: the reading error in words (file, line,
//!   column, what to do).
//! - page → worker `{type: "apply", job, meta, codebook, matched}`: a codebook file's text
//!   for the file whose header `meta` the page kept from `done`; answers `{type: "applied",
//!   job, result}` ([`transfer::Applied`] as a `Uint8Array`) or `{type: "applied", job,
//!   message}`. The page's own wasm has no JSON parser and no codebook matching: they are here
//!   ([`transfer::apply_codebook`]).
//!
//! - page → worker `{type: "match", job, reference, other, columns}`: a comparison's two
//!   codebooks as JSON and the other file's column names; answers `{type: "matched", job,
//!   result}` ([`transfer::Matched`]: the other codebook with the reference's questions
//!   adopted, and the proposed matching) or `{type: "matched", job, message}`. `{type:
//!   "choose", job, reference, other, id, answer?}`: the person's choice in the matching
//!   review, answered the same way with an `Option<QuestionMatch>`
//!   ([`transfer::choose_match`]). The matching (folding, Sørensen–Dice, alignment) is here,
//!   not in the page.
//!
//! - page → worker `{type: "workbook", job, input}`: a [`WorkbookInput`] as JSON (the tables of
//!   one chart or the whole report); answers `{type: "workbook", job, bytes}` (the XLSX file
//!   as a `Uint8Array`) or `{type: "workbook", job, message}`. The workbook writer
//!   (`rust_xlsxwriter`) lives here so that the report page's first load does not carry it.
//!
//! - page → worker `{type: "template", job, codebook, file, lang}`: one "Zelf afnemen" file
//!   (`file` a [`TemplateFile`] key: `html-nl`, `html-en`, `xlsx`, `csv`, `json`, `lss`) for
//!   the codebook JSON `codebook`, its explanations in `lang` (`nl`, `en`); answers
//!   `{type: "template", job, bytes}` or `{type: "template", job, message}`. The writers
//!   (questionnaire, answer template, LimeSurvey) live here, not in the page.
//!
//! - page → worker `{type: "slides", job, input, pictures}`: a [`DeckInput`] as JSON and each
//!   chart's PNG as a `Uint8Array` (their buffers moved, not copied); answers `{type: "slides",
//!   job, bytes}` (the PPTX file) or `{type: "slides", job, message, message_nl}`. The deck
//!   writer lives here for the same reason as the workbook writer.
//!
//! [`WorkbookInput`]: peiling_engine::export::workbook::WorkbookInput
//! [`DeckInput`]: peiling_engine::export::slides::DeckInput
//! [`TemplateFile`]: peiling_engine::template::TemplateFile
//!
//! A large CSV file is read in two parts by two workers at once (see the page's
//! `worker_client`): the first worker gets `read`, the chunks up to a line start in the middle
//! of the file and then `{type: "boundary", job}`, and answers `{type: "boundary", job, ok}` —
//! whether its part ended at a record boundary (not inside quotes). The second gets
//! `{type: "resume", job, file, options, head: ArrayBuffer}` (the file's first bytes, for the
//! encoding, delimiter and header), the chunks from the line start on and `end`, and answers
//! `{type: "part", job, meta, buffers, counts, windows_1252, mixed, bytes, parse_ms}` (its rows,
//! as for `done`) or `{type: "part-failed", job, message}`. The page hands a part to the first
//! worker as `{type: "part", …}`; it joins it and answers `done`, or `{type: "part-refused",
//! job}`, after which the page sends it the second part's bytes itself.
//!
//! Why the page reads the file: a `File`'s slices are read on the thread that asks for them,
//! and this thread is busy parsing, so slices asked for here arrived only while it waited; the
//! page's main thread is idle meanwhile and reads the next slices while this one is parsed.
//!
//! What stays true: CSV and TSV are streamed through [`CsvStream`] chunk by chunk — the file is
//! never in memory whole, only the chunk being parsed and the few the page has sent ahead.
//! Workbooks and SPSS files need random access and are read whole, up to
//! [`transfer::MAX_WHOLE_FILE_BYTES`]. A file beyond what the device can hold is refused before
//! a byte is read.

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint16Array, Uint32Array, Uint8Array};

mod buffers;
use peiling_engine::export::slides::deck_from_json;
use peiling_engine::export::workbook::workbook_from_json;
use peiling_engine::infer;
use peiling_engine::read::{
    self, ColumnMeta, CsvStream, Format, Import, Layout, Part, PartRows, ReadError, ReadErrorKind,
    ReadOptions, SourceInfo,
};
use peiling_engine::template;
use peiling_engine::transfer;
use peiling_engine::{Lang, Text};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // The number of the read that may go on; a cancel or a new read changes it.
    let current = Rc::new(Cell::new(0u32));
    let reading: Rc<RefCell<Option<Reading>>> = Rc::default();
    let on_message = {
        let scope = scope.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let job = get(&data, "job").as_f64().unwrap_or(0.0) as u32;
            match get(&data, "type").as_string().as_deref() {
                Some("read") => {
                    current.set(job);
                    *reading.borrow_mut() = None;
                    let Ok(file) = get(&data, "file").dyn_into::<File>() else {
                        let text = Text::with_en(
                            "Er is geen bestand gegeven om te lezen.",
                            "No file was given to read.",
                        );
                        post_error(&scope, job, &text);
                        return;
                    };
                    let sheet = get(&get(&data, "options"), "sheet").as_string();
                    match Reading::start(&scope, job, file, sheet) {
                        Ok(started) => *reading.borrow_mut() = Some(started),
                        Err(stop) => post_stop(&scope, job, stop),
                    }
                }
                Some("chunk") => {
                    let mut slot = reading.borrow_mut();
                    let Some(read) = slot.as_mut().filter(|r| r.job == job) else {
                        return; // a chunk of a read that was cancelled or ended
                    };
                    let buffer: ArrayBuffer = get(&data, "buffer").unchecked_into();
                    match read.feed(&scope, &buffer) {
                        Ok(Fed::Streaming) => {}
                        Ok(Fed::Whole) => {
                            let read = slot.take().expect("checked above");
                            post(&scope, &message("whole", job, &[]), None);
                            let (scope, current) = (scope.clone(), current.clone());
                            wasm_bindgen_futures::spawn_local(async move {
                                let result = read_whole(&scope, job, &read, &current).await;
                                finish(&scope, job, &read, result);
                            });
                        }
                        Err(stop) => {
                            *slot = None;
                            post_stop(&scope, job, stop);
                        }
                    }
                }
                Some("resume") => {
                    current.set(job);
                    *reading.borrow_mut() = None;
                    match Reading::resume(&scope, job, &data) {
                        Ok(started) => *reading.borrow_mut() = Some(started),
                        Err(text) => post(
                            &scope,
                            &message("part-failed", job, &[("message", JsValue::from_str(&text))]),
                            None,
                        ),
                    }
                }
                Some("boundary") => {
                    let ok = reading
                        .borrow()
                        .as_ref()
                        .filter(|r| r.job == job)
                        .and_then(|r| r.stream.as_ref())
                        .is_some_and(CsvStream::at_record_boundary);
                    let ok = ("ok", JsValue::from_bool(ok));
                    post(&scope, &message("boundary", job, &[ok]), None);
                }
                Some("part") => {
                    let mut slot = reading.borrow_mut();
                    let Some(read) = slot.as_mut().filter(|r| r.job == job) else {
                        return;
                    };
                    if read.join(&scope, &data).is_err() {
                        post(&scope, &message("part-refused", job, &[]), None);
                        return;
                    }
                    let mut read = slot.take().expect("checked above");
                    drop(slot);
                    let result = read.end(&scope);
                    finish(&scope, job, &read, result);
                }
                Some("end") => {
                    let taken = reading.borrow_mut().take_if(|r| r.job == job);
                    if let Some(mut read) = taken {
                        if read.second_part {
                            read.post_part(&scope);
                        } else {
                            let result = read.end(&scope);
                            finish(&scope, job, &read, result);
                        }
                    }
                }
                Some("apply") => {
                    let header = buffers::bytes_of(&get(&data, "meta")).unwrap_or_default();
                    let json = get(&data, "codebook").as_string().unwrap_or_default();
                    let matched = get(&data, "matched").as_bool().unwrap_or(true);
                    let applied = transfer::apply_codebook(&header, &json, matched);
                    let reply = answer("result", applied.map(|a| a.to_bytes()));
                    post(&scope, &message("applied", job, &[reply]), None);
                }
                Some("match") => {
                    let reference = get(&data, "reference").as_string().unwrap_or_default();
                    let other = get(&data, "other").as_string().unwrap_or_default();
                    let columns: Vec<String> = Array::from(&get(&data, "columns"))
                        .iter()
                        .filter_map(|c| c.as_string())
                        .collect();
                    let matched = transfer::match_surveys(&reference, &other, &columns);
                    let reply = answer("result", matched.map(|m| m.to_bytes()));
                    post(&scope, &message("matched", job, &[reply]), None);
                }
                Some("choose") => {
                    let reference = get(&data, "reference").as_string().unwrap_or_default();
                    let other = get(&data, "other").as_string().unwrap_or_default();
                    let id = get(&data, "id").as_string().unwrap_or_default();
                    let choice = get(&data, "answer").as_string();
                    let chosen = transfer::choose_match(&reference, &other, &id, choice.as_deref());
                    let reply = answer("result", chosen);
                    post(&scope, &message("matched", job, &[reply]), None);
                }
                Some("workbook") => {
                    let json = get(&data, "input").as_string().unwrap_or_default();
                    let reply = answer("bytes", workbook_from_json(&json));
                    post(&scope, &message("workbook", job, &[reply]), None);
                }
                Some("template") => {
                    let json = get(&data, "codebook").as_string().unwrap_or_default();
                    let file = get(&data, "file").as_string().unwrap_or_default();
                    let lang = match get(&data, "lang").as_string().as_deref() {
                        Some("en") => Lang::En,
                        _ => Lang::Nl,
                    };
                    let reply = answer("bytes", template::write_from_json(&json, &file, lang));
                    post(&scope, &message("template", job, &[reply]), None);
                }
                Some("slides") => {
                    let json = get(&data, "input").as_string().unwrap_or_default();
                    let pictures: Vec<Vec<u8>> = Array::from(&get(&data, "pictures"))
                        .iter()
                        .filter_map(|p| buffers::bytes_of(&p))
                        .collect();
                    let reply = match deck_from_json(&json, &pictures) {
                        Ok(bytes) => vec![("bytes", bytes_value(&bytes))],
                        Err(e) => vec![
                            ("message", JsValue::from_str(e.get(Lang::En))),
                            ("message_nl", JsValue::from_str(e.get(Lang::Nl))),
                        ],
                    };
                    post(&scope, &message("slides", job, &reply), None);
                }
                Some("cancel") => {
                    current.set(current.get().wrapping_add(1));
                    if let Some(read) = reading.borrow_mut().take() {
                        post(&scope, &message("cancelled", read.job, &[]), None);
                    }
                }
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
    /// What to tell the person, in Dutch and English (the page shows its own language).
    Failed(Text),
}

impl From<ReadError> for Stop {
    fn from(e: ReadError) -> Self {
        Stop::Failed(Text::with_en(e.text(Lang::Nl), e.text(Lang::En)))
    }
}

fn post_stop(scope: &DedicatedWorkerGlobalScope, job: u32, stop: Stop) {
    match stop {
        Stop::Cancelled => post(scope, &message("cancelled", job, &[]), None),
        Stop::Failed(text) => post_error(scope, job, &text),
    }
}

/// What a chunk asked of the reader.
enum Fed {
    /// Parsed; send the next.
    Streaming,
    /// A workbook or SPSS file: read the `File` whole instead.
    Whole,
}

/// One read in progress: the file, and the CSV stream the page's chunks go through.
struct Reading {
    job: u32,
    file: File,
    options: ReadOptions,
    stream: Option<CsvStream>,
    /// Bytes received so far.
    bytes: u64,
    /// The chunk copied into wasm memory (kept, so its allocation is reused).
    chunk: Vec<u8>,
    started: f64,
    parse_ms: f64,
    /// Reading the second part of a file read in two (see the protocol).
    second_part: bool,
    /// The second part, read by another worker, was joined here.
    joined: bool,
}

impl Reading {
    /// Starts reading the second part of a file, from the `resume` message `data`.
    fn resume(
        scope: &DedicatedWorkerGlobalScope,
        job: u32,
        data: &JsValue,
    ) -> Result<Reading, String> {
        let file: File = get(data, "file")
            .dyn_into()
            .map_err(|_| "No file was given to read.".to_owned())?;
        let sheet = get(&get(data, "options"), "sheet").as_string();
        let mut reading = Reading::start(scope, job, file, sheet).map_err(|_| "too large")?;
        let head = Uint8Array::new(&get(data, "head")).to_vec();
        let stream = CsvStream::resume(&reading.file.name(), &reading.options, &head)
            .ok_or("the file's head does not settle its encoding and header")?;
        reading.stream = Some(stream);
        reading.second_part = true;
        Ok(reading)
    }

    /// Posts this second part's rows to the page (or why it could not be read).
    fn post_part(&mut self, scope: &DedicatedWorkerGlobalScope) {
        let parse_started = now(scope);
        let part = match self.stream.take().map(CsvStream::finish_part) {
            Some(Ok(part)) => part,
            Some(Err(e)) => {
                let text = JsValue::from_str(&e.to_string());
                return post(
                    scope,
                    &message("part-failed", self.job, &[("message", text)]),
                    None,
                );
            }
            None => return post(scope, &message("part-failed", self.job, &[]), None),
        };
        self.parse_ms += now(scope) - parse_started;
        let counts: Array = part
            .rows
            .counts
            .iter()
            .map(|&n| JsValue::from_f64(n as f64))
            .collect();
        let import = part_import(&self.file.name(), &part);
        let encoded = transfer::encode(&import, &Default::default());
        let buffers: Array = encoded.parts.iter().map(|p| to_buffer(*p)).collect();
        let reply = message(
            "part",
            self.job,
            &[
                ("meta", bytes_value(&encoded.header)),
                ("counts", counts.into()),
                ("windows_1252", JsValue::from_bool(part.windows_1252)),
                ("mixed", JsValue::from_bool(part.mixed)),
                ("bytes", JsValue::from_f64(part.bytes as f64)),
                ("parse_ms", JsValue::from_f64(self.parse_ms)),
            ],
        );
        set(&reply, "buffers", &buffers);
        post(scope, &reply, Some(&buffers));
    }

    /// Joins the second part of the file (the page's `part` message `data`) after the rows
    /// read here; an error leaves this reading as it was.
    fn join(&mut self, scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Result<(), ()> {
        let started = now(scope);
        let part = decode_part(data).ok_or(())?;
        let stream = self.stream.as_mut().ok_or(())?;
        stream.append_part(part).map_err(|_| ())?;
        self.joined = true;
        // Both workers' parsing, as the native benchmark's one thread would do it.
        self.parse_ms += number(data, "parse_ms") + (now(scope) - started);
        Ok(())
    }

    fn start(
        scope: &DedicatedWorkerGlobalScope,
        job: u32,
        file: File,
        sheet: Option<String>,
    ) -> Result<Reading, Stop> {
        let device_memory = get(&scope.navigator(), "deviceMemory").as_f64();
        let options = ReadOptions {
            sheet,
            max_bytes: transfer::max_file_bytes(device_memory),
            ..ReadOptions::default()
        };
        refuse_beyond(&file.name(), file.size() as u64, options.max_bytes)?;
        Ok(Reading {
            job,
            file,
            options,
            stream: None,
            bytes: 0,
            chunk: Vec::new(),
            started: now(scope),
            parse_ms: 0.0,
            second_part: false,
            joined: false,
        })
    }

    /// Parses the next chunk of the file.
    fn feed(
        &mut self,
        scope: &DedicatedWorkerGlobalScope,
        buffer: &ArrayBuffer,
    ) -> Result<Fed, Stop> {
        let view = Uint8Array::new(buffer);
        if self.bytes == 0 && !self.second_part {
            let mut first = [0u8; 4];
            let head = (view.length() as usize).min(4);
            view.subarray(0, head as u32).copy_to(&mut first[..head]);
            if read::needs_whole_file(&first[..head]) {
                refuse_beyond(
                    &self.file.name(),
                    self.file.size() as u64,
                    transfer::MAX_WHOLE_FILE_BYTES,
                )?;
                return Ok(Fed::Whole);
            }
        }
        let parse_started = now(scope);
        self.chunk.resize(view.length() as usize, 0);
        view.copy_to(&mut self.chunk);
        self.bytes += self.chunk.len() as u64;
        let (name, options, size) = (self.file.name(), &self.options, self.file.size());
        let stream = self.stream.get_or_insert_with(|| {
            // A second part's stream comes from `resume`; this one reads the file from its
            // start, and with a second part joined its columns end up as long as the file's.
            let mut stream = CsvStream::new(&name, options);
            stream.expect_bytes(size as u64);
            stream
        });
        stream.feed(&self.chunk)?;
        self.parse_ms += now(scope) - parse_started;
        post_progress(
            scope,
            self.job,
            self.bytes,
            self.file.size() as u64,
            stream.rows_read(),
        );
        Ok(Fed::Streaming)
    }

    /// Reads what is left after the last chunk.
    fn end(&mut self, scope: &DedicatedWorkerGlobalScope) -> Result<(Import, f64), Stop> {
        let parse_started = now(scope);
        let stream = match self.stream.take() {
            Some(stream) => stream,
            None => CsvStream::new(&self.file.name(), &self.options),
        };
        let import = stream.finish()?;
        self.parse_ms += now(scope) - parse_started;
        Ok((import, now(scope) - self.started))
    }
}

/// A part's rows as an import, so that [`transfer`] carries them (the rest of its meaning
/// travels beside: counts and encoding flags).
fn part_import(file_name: &str, part: &Part) -> Import {
    let dataset = part.rows.dataset.clone();
    let columns = dataset
        .columns
        .iter()
        .map(|c| ColumnMeta::named(&c.name))
        .collect();
    Import {
        source: SourceInfo {
            file_name: file_name.to_owned(),
            format: Format::Csv { delimiter: ',' },
            encoding: String::new(),
            layout: Layout::Plain,
            header_rows: 0,
            rows: dataset.rows,
            columns: dataset.columns.len(),
            bytes: part.bytes,
            title: None,
        },
        dataset,
        columns,
        multi_sets: Vec::new(),
        warnings: part.rows.warnings.clone(),
    }
}

/// The part in a `part` message, checked; `None` if it is damaged.
fn decode_part(data: &JsValue) -> Option<Part> {
    let header = transfer::Header::parse(&buffers::bytes_of(&get(data, "meta"))?).ok()?;
    let buffers: Array = get(data, "buffers").dyn_into().ok()?;
    let specs = header.parts();
    if specs.len() != buffers.length() as usize {
        return None;
    }
    let parts = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| buffers::part_from_buffer(&buffers.get(i as u32), *spec))
        .collect::<Option<Vec<_>>>()?;
    let decoded = transfer::decode(header, parts).ok()?;
    let counts: Array = get(data, "counts").dyn_into().ok()?;
    let count = |i: u32| counts.get(i).as_f64().unwrap_or(0.0) as usize;
    Some(Part {
        rows: PartRows {
            dataset: decoded.dataset,
            warnings: decoded.meta.warnings,
            counts: [count(0), count(1), count(2)],
        },
        windows_1252: get(data, "windows_1252").as_bool()?,
        mixed: get(data, "mixed").as_bool()?,
        bytes: number(data, "bytes") as u64,
    })
}

/// Proposes the codebook for a finished read and posts it to the page, or posts why it ended.
fn finish(
    scope: &DedicatedWorkerGlobalScope,
    job: u32,
    reading: &Reading,
    result: Result<(Import, f64), Stop>,
) {
    let (import, read_ms) = match result {
        Ok(read) => read,
        Err(stop) => return post_stop(scope, job, stop),
    };
    let infer_started = now(scope);
    let codebook = infer::propose(&import);
    let infer_ms = now(scope) - infer_started;
    let encoded = transfer::encode(&import, &codebook);
    let buffers: Array = encoded.parts.iter().map(|part| to_buffer(*part)).collect();
    let done = message(
        "done",
        job,
        &[
            ("meta", bytes_value(&encoded.header)),
            ("bytes", JsValue::from_f64(reading.file.size())),
            ("rows", JsValue::from_f64(import.dataset.rows as f64)),
            ("read_ms", JsValue::from_f64(read_ms)),
            ("parse_ms", JsValue::from_f64(reading.parse_ms)),
            ("infer_ms", JsValue::from_f64(infer_ms)),
            ("total_ms", JsValue::from_f64(now(scope) - reading.started)),
            (
                "parts",
                JsValue::from_f64(if reading.joined { 2.0 } else { 1.0 }),
            ),
        ],
    );
    set(&done, "buffers", &buffers);
    post(scope, &done, Some(&buffers));
}

/// Reads a workbook or SPSS file from the whole file in memory.
async fn read_whole(
    scope: &DedicatedWorkerGlobalScope,
    job: u32,
    reading: &Reading,
    current: &Cell<u32>,
) -> Result<(Import, f64), Stop> {
    let file = &reading.file;
    let buffer = wait_for_buffer(file.array_buffer()).await?;
    if current.get() != job {
        return Err(Stop::Cancelled);
    }
    let bytes = Uint8Array::new(&buffer).to_vec();
    drop(buffer);
    let total = bytes.len() as u64;
    post_progress(scope, job, total, total, 0);
    let import = read::read(&bytes, &file.name(), &reading.options)?;
    Ok((import, now(scope) - reading.started))
}

/// Refuses a file larger than `limit` before reading it.
fn refuse_beyond(name: &str, bytes: u64, limit: u64) -> Result<(), Stop> {
    if bytes > limit {
        return Err(ReadError::new(name, ReadErrorKind::TooLarge { bytes, limit }).into());
    }
    Ok(())
}

async fn wait_for_buffer(promise: js_sys::Promise) -> Result<ArrayBuffer, Stop> {
    let value = JsFuture::from(promise).await.map_err(|e| {
        let why = js_text(&e);
        Stop::Failed(Text::with_en(
            format!("Het bestand kon niet van de schijf worden gelezen ({why}). Controleer dat het nog bestaat en niet in een ander programma open staat, en kies het opnieuw."),
            format!("The file could not be read from disk ({why}). Check that it still exists and is not open in another program, then choose it again."),
        ))
    })?;
    value.dyn_into::<ArrayBuffer>().map_err(|_| {
        Stop::Failed(Text::with_en(
            "De browser gaf geen bytes voor het bestand. Kies het opnieuw.",
            "The browser gave no bytes for the file. Choose it again.",
        ))
    })
}

/// A part copied out of wasm memory into its own buffer, ready to be transferred.
fn to_buffer(part: transfer::Part<'_>) -> JsValue {
    // Lengths fit in u32: every part is at most a column of one file within MAX_FILE_BYTES.
    match part {
        transfer::Part::Codes(codes) => {
            let array = Uint16Array::new_with_length(codes.len() as u32);
            array.copy_from(codes);
            array.buffer().into()
        }
        transfer::Part::Text(bytes) => {
            let array = Uint8Array::new_with_length(bytes.len() as u32);
            array.copy_from(bytes);
            array.buffer().into()
        }
        transfer::Part::Ends(ends) => {
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

/// Tells the page why a read failed, in both of its languages (`message` English,
/// `message_nl` Dutch).
fn post_error(scope: &DedicatedWorkerGlobalScope, job: u32, text: &Text) {
    post(
        scope,
        &message(
            "error",
            job,
            &[
                ("message", JsValue::from_str(text.get(Lang::En))),
                ("message_nl", JsValue::from_str(text.get(Lang::Nl))),
            ],
        ),
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

/// Bytes as a `Uint8Array` (copied out of wasm memory).
/// A request's answer: its bytes under `key`, or why it could not be made under `message`.
fn answer(key: &'static str, result: Result<Vec<u8>, impl ToString>) -> (&'static str, JsValue) {
    match result {
        Ok(bytes) => (key, bytes_value(&bytes)),
        Err(e) => ("message", JsValue::from_str(&e.to_string())),
    }
}

fn bytes_value(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property of a plain object we created cannot throw.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn number(target: &JsValue, key: &str) -> f64 {
    get(target, key).as_f64().unwrap_or(0.0)
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
