//! The page's side of the reader worker (`crates/worker`): start a read of a chosen file, hear
//! its progress, cancel it, and get the dataset back decoded with the engine's
//! [`transfer`](peiling_engine::transfer) module.
//!
//! The page reads the file's slices and hands them to the worker (see the worker's protocol):
//! a slice is read on the thread that asks for it, and the worker's thread is busy parsing,
//! while this one is idle and only copies each slice out of the browser's file cache. A CSV
//! file from [`SPLIT_BYTES`] on is read in two parts by two workers at once (with at least
//! [`SPLIT_MIN_CORES`] cores), split at a line start in the middle; the first worker joins the
//! second's rows if its own part ended at a record boundary, and otherwise reads the rest
//! itself — the result is the same either way.
//!
//! What stays true: the worker's script is fetched only when the first file is chosen (never
//! before), from a URL relative to the page, so the app works from any sub-path. A worker
//! that has read a file is ended as soon as that read ends — its dataset handed over, failed,
//! cancelled or replaced — and its memory with it (wasm memory never shrinks, and after a
//! large file it holds as much as the dataset); the next file, codebook or download starts a
//! fresh one. A question waiting for its answer keeps the worker until it has answered. The
//! dataset's buffers are freed one by one as the page copies them into its own memory. At
//! most [`CHUNKS_AHEAD`] slices are on their way to each worker.
//! At most one read runs: starting another, or [`ReaderWorker::cancel`], stops the one before,
//! and after that neither of its callbacks is called again. Every read ends in exactly one
//! call of its `on_done`, unless it is cancelled. A file beyond what the device can hold is
//! refused here, before the worker is even fetched.

use crate::tasks::now;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use peiling_engine::codebook::Codebook;
use peiling_engine::compare::QuestionMatch;
use peiling_engine::read::{self, Import, ReadError, ReadErrorKind};
use peiling_engine::transfer::{
    self, Applied, Header, ImportMeta, Matched, PartBuf, PartKind, PartSpec,
};
use peiling_engine::{Dataset, Lang, Text};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, File, MessageEvent, Worker};

/// The worker's start script, next to `index.html` in the build.
const WORKER_SCRIPT: &str = "./peiling-worker-boot.js";

/// Bytes per slice sent to the worker: large enough that the per-slice overhead (a promise, a
/// message, a copy into wasm memory, a progress message) vanishes, small enough for frequent
/// progress.
const CHUNK_BYTES: f64 = (8 << 20) as f64;

/// Slices read and sent but not yet parsed: enough that the worker never waits for the next,
/// few enough that the file is never in memory whole.
const CHUNKS_AHEAD: usize = 3;

/// How far a read has got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Bytes of the file read so far.
    pub bytes: u64,
    /// The file's size.
    pub total: u64,
    /// Data rows parsed so far (0 while a workbook or SPSS file is read whole).
    pub rows: usize,
}

/// A file read and decoded.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    /// What the file says about itself: source, column metadata, warnings.
    pub meta: ImportMeta,
    /// The codebook the engine proposes for it.
    pub codebook: Codebook,
    /// The worker's [`Header`] as it came, kept for [`apply_codebook`].
    pub header: Arc<[u8]>,
    /// Per column, how many cells hold each code, counted while the codes were checked
    /// (for [`Survey::with_code_counts`](peiling_engine::Survey::with_code_counts)).
    pub code_counts: Vec<Option<Arc<[u64]>>>,
    /// Milliseconds the worker spent reading (without proposing the codebook).
    pub read_ms: f64,
}

impl Loaded {
    /// The import (dataset and metadata) and the proposed codebook.
    pub fn into_import(self) -> (Import, Codebook) {
        (self.meta.into_import(self.dataset), self.codebook)
    }
}

type OnProgress = Rc<dyn Fn(Progress)>;
type OnDone = Box<dyn FnOnce(Result<Loaded, String>)>;

/// Files from this size on are read in two parts by two workers at once, on a device with
/// at least [`SPLIT_MIN_CORES`] cores: the parsing is most of the time, and it halves.
const SPLIT_BYTES: f64 = (32 << 20) as f64;

/// Two workers need a core each besides the page's and the browser's own threads. On two
/// cores they read a 1M-respondent file no sooner than one worker (measured: 2.72 against
/// 2.71 s from choice to report) while each parses at half speed, so one reads it there.
const SPLIT_MIN_CORES: f64 = 4.0;

/// Bytes of the file's start given to the second worker, for the encoding, delimiter and
/// header (it needs the header rows and at least the engine's first 64 KiB).
const HEAD_BYTES: f64 = (1 << 20) as f64;

/// The bytes of the file going to one worker.
struct Feed {
    /// Index into [`Shared::readers`].
    reader: usize,
    /// Bytes read and sent so far, and where this feed ends.
    sent: f64,
    to: f64,
    /// Slices sent and not yet parsed (the worker's progress messages count them down).
    in_flight: usize,
    /// Whether the worker still wants slices (not after "whole", nor after the last one).
    feeding: bool,
    /// Bytes and rows the worker has parsed, from its progress messages.
    parsed: u64,
    rows: usize,
}

/// A file read in two parts (see the worker's protocol).
struct Split {
    /// The line start where the second part begins is still being looked for; the first
    /// worker is fed up to the middle of the file meanwhile.
    pending: bool,
    /// Whether the first part ended at a record boundary, once the first worker said so.
    boundary: Option<bool>,
    /// The second worker's `part` message, or `None` inside if it failed.
    part: Option<Option<JsValue>>,
}

/// The read in progress.
struct Job {
    id: u32,
    on_progress: OnProgress,
    on_done: Option<OnDone>,
    file: File,
    /// The first feeds the first worker; the second, if any, the second worker.
    feeds: Vec<Feed>,
    /// A slice is being read (one at a time, in the order the workers need them).
    reading: bool,
    split: Option<Split>,
    /// A workbook or SPSS file, which the first worker reads whole itself.
    whole: bool,
}

/// One reader worker.
struct Reader {
    worker: Worker,
    ready: Cell<bool>,
    /// Messages (and what they transfer) waiting for the worker to be ready.
    queued: RefCell<Vec<(Object, Option<Array>)>>,
}

/// The workers, once created, and what they are doing.
struct Shared {
    /// The first worker reads every file; the second, created for the first large file,
    /// reads second parts.
    readers: RefCell<Vec<Rc<Reader>>>,
    job: RefCell<Option<Job>>,
    next_id: Cell<u32>,
    /// The question the first worker is answering (a codebook to apply, a workbook to
    /// write), and whom to tell.
    asking: RefCell<Option<(u32, OnAnswer)>>,
    /// The workers' read has ended: they are ended once no question waits for an answer.
    spent: Cell<bool>,
}

type OnAnswer = Box<dyn FnOnce(Result<JsValue, String>)>;

/// Asks the first worker one question, `kind` with `fields`, and waits for its answer (a
/// message with the same job). A second question before the first has answered replaces it.
async fn ask(kind: &str, fields: &[(&str, JsValue)]) -> Result<JsValue, String> {
    ask_moving(kind, fields, None).await
}

/// [`ask`], moving the buffers in `transfer` to the worker instead of copying them.
async fn ask_moving(
    kind: &str,
    fields: &[(&str, JsValue)],
    transfer: Option<Array>,
) -> Result<JsValue, String> {
    let shared = shared_workers()?;
    let id = shared.next_id.get().wrapping_add(1);
    shared.next_id.set(id);
    let result: Rc<RefCell<Option<Result<JsValue, String>>>> = Rc::default();
    let promise = {
        let (result, shared) = (result.clone(), shared.clone());
        js_sys::Promise::new(&mut move |resolve, _| {
            let result = result.clone();
            let on_answer: OnAnswer = Box::new(move |answer| {
                *result.borrow_mut() = Some(answer);
                let _ = resolve.call0(&JsValue::UNDEFINED);
            });
            *shared.asking.borrow_mut() = Some((id, on_answer));
        })
    };
    let message = kind_message(kind, id);
    for (key, value) in fields {
        set(&message, key, value);
    }
    send(&shared, 0, message, transfer);
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    let answer = result.borrow_mut().take();
    answer.unwrap_or_else(|| Err("The file reader gave no answer.".into()))
}

/// The bytes the worker answered in `key`, or its message (else `fallback`) as the error.
fn answer_bytes(data: &JsValue, key: &str, fallback: &str) -> Result<Vec<u8>, String> {
    crate::buffers::bytes_of(&get(data, key)).ok_or_else(|| {
        get(data, "message")
            .as_string()
            .unwrap_or_else(|| fallback.into())
    })
}

/// Reads the codebook file `json` in the first worker, for the file whose header is `header`
/// ([`Loaded::header`]): `matched` to its columns and answers, or taken as it is. The page's
/// wasm has no JSON parser and no codebook matching; the worker has both.
pub async fn apply_codebook(header: &[u8], json: &str, matched: bool) -> Result<Applied, String> {
    let fields = [
        ("meta", Uint8Array::from(header).into()),
        ("codebook", JsValue::from_str(json)),
        ("matched", JsValue::from_bool(matched)),
    ];
    let data = ask("apply", &fields).await?;
    let bytes = answer_bytes(&data, "result", "The codebook could not be read.")?;
    Applied::parse(&bytes).map_err(|e| e.to_string())
}

/// Matches the other survey of a comparison (its codebook as JSON and its column names) to
/// the reference's codebook (JSON) in the first worker: the page's wasm holds no matching.
pub async fn match_surveys(
    reference_json: &str,
    other_json: &str,
    columns: &[String],
) -> Result<Matched, String> {
    let list: Array = columns.iter().map(|c| JsValue::from_str(c)).collect();
    let fields = [
        ("reference", JsValue::from_str(reference_json)),
        ("other", JsValue::from_str(other_json)),
        ("columns", list.into()),
    ];
    let data = ask("match", &fields).await?;
    let bytes = answer_bytes(&data, "result", "The files could not be matched.")?;
    Matched::parse(&bytes).map_err(|e| e.to_string())
}

/// The person's choice in the matching review, aligned in the first worker
/// ([`peiling_engine::compare::matching::chosen`]).
pub async fn choose_match(
    reference_json: &str,
    other_json: &str,
    id: &str,
    answer: Option<&str>,
) -> Result<Option<QuestionMatch>, String> {
    let fields = [
        ("reference", JsValue::from_str(reference_json)),
        ("other", JsValue::from_str(other_json)),
        ("id", JsValue::from_str(id)),
        (
            "answer",
            answer.map_or(JsValue::UNDEFINED, JsValue::from_str),
        ),
    ];
    let data = ask("choose", &fields).await?;
    let bytes = answer_bytes(&data, "result", "The questions could not be matched.")?;
    transfer::parse_chosen(&bytes).map_err(|e| e.to_string())
}

/// Writes a workbook (XLSX) in the first worker from `json`, a
/// [`peiling_engine::export::workbook::WorkbookInput`]: the writer is fetched with the worker,
/// not with the page.
pub async fn write_workbook(json: &str) -> Result<Vec<u8>, String> {
    let data = ask("workbook", &[("input", JsValue::from_str(json))]).await?;
    answer_bytes(&data, "bytes", "The workbook could not be written.")
}

/// Writes one "Zelf afnemen" file (`key`, see [`peiling_engine::template::TemplateFile`]) in
/// the first worker for the codebook `codebook_json`, its explanations in `lang`: the writers
/// are fetched with the worker, not with the page.
pub async fn write_template(codebook_json: &str, key: &str, lang: &str) -> Result<Vec<u8>, String> {
    let fields = [
        ("codebook", JsValue::from_str(codebook_json)),
        ("file", JsValue::from_str(key)),
        ("lang", JsValue::from_str(lang)),
    ];
    let data = ask("template", &fields).await?;
    answer_bytes(&data, "bytes", "The file could not be written.")
}

/// Writes a PowerPoint deck (PPTX) in the first worker from `json`, a
/// [`peiling_engine::export::slides::DeckInput`], and `pictures`, each chart's PNG (moved to
/// the worker, not copied); the writer is fetched with the worker, not with the page. An
/// error comes in the page's language.
pub async fn write_slides(
    json: &str,
    pictures: Vec<Uint8Array>,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let list = Array::new();
    let transfer = Array::new();
    for picture in &pictures {
        list.push(picture);
        transfer.push(&picture.buffer());
    }
    let fields = [
        ("input", JsValue::from_str(json)),
        ("pictures", list.into()),
    ];
    let data = ask_moving("slides", &fields, Some(transfer)).await?;
    crate::buffers::bytes_of(&get(&data, "bytes")).ok_or_else(|| {
        let key = match lang {
            Lang::Nl => "message_nl",
            Lang::En => "message",
        };
        get(&data, key).as_string().unwrap_or_else(|| match lang {
            Lang::Nl => "De presentatie kon niet worden gemaakt.".into(),
            Lang::En => "The presentation could not be made.".into(),
        })
    })
}

/// The first worker's answer to [`ask`].
fn answered(shared: &Shared, data: &JsValue) {
    let id = get(data, "job").as_f64().unwrap_or(-1.0);
    let waiting = shared
        .asking
        .borrow_mut()
        .take_if(|(job, _)| f64::from(*job) == id);
    if let Some((_, on_answer)) = waiting {
        on_answer(Ok(data.clone()));
    }
    release_if_idle(shared);
}

/// The workers' read has ended (see the module's invariants): they are ended now, or once
/// the question they are answering has its answer.
fn retire(shared: &Shared) {
    shared.spent.set(true);
    release_if_idle(shared);
}

/// Ends the workers if their read has ended and no question waits for an answer; the next
/// read or question starts a fresh worker.
fn release_if_idle(shared: &Shared) {
    if !shared.spent.get() || shared.asking.borrow().is_some() {
        return;
    }
    shared.spent.set(false);
    for reader in shared.readers.take() {
        reader.worker.terminate();
    }
}

thread_local! {
    static SHARED: RefCell<Option<Rc<Shared>>> = const { RefCell::new(None) };
}

/// One read of one file by the reader worker.
pub struct ReaderWorker {
    shared: Option<Rc<Shared>>,
    id: u32,
}

impl ReaderWorker {
    /// Starts reading `file` (first sheet of a workbook); see [`ReaderWorker::start_with_sheet`].
    pub fn start(
        file: File,
        on_progress: impl Fn(Progress) + 'static,
        on_done: impl FnOnce(Result<Loaded, String>) + 'static,
    ) -> ReaderWorker {
        Self::start_with_sheet(file, None, on_progress, on_done)
    }

    /// Starts reading `file`, the sheet named `sheet` of a workbook; `on_progress` is called
    /// after each chunk, `on_done` once with the result or the message to show.
    pub fn start_with_sheet(
        file: File,
        sheet: Option<String>,
        on_progress: impl Fn(Progress) + 'static,
        on_done: impl FnOnce(Result<Loaded, String>) + 'static,
    ) -> ReaderWorker {
        let limit = transfer::max_file_bytes(device_memory());
        let size = file.size() as u64;
        if size > limit {
            let error =
                ReadError::new(&file.name(), ReadErrorKind::TooLarge { bytes: size, limit });
            on_done(Err(error.text(page_lang())));
            return ReaderWorker {
                shared: None,
                id: 0,
            };
        }
        let shared = shared_state();
        if shared.job.borrow_mut().take().is_some() {
            post_all(&shared, "cancel", 0);
            retire(&shared);
        }
        if let Err(text) = start_first(&shared) {
            on_done(Err(text));
            return ReaderWorker {
                shared: None,
                id: 0,
            };
        }
        // A worker kept for a question's answer reads this file too, and is kept for it.
        shared.spent.set(false);
        let id = shared.next_id.get().wrapping_add(1);
        shared.next_id.set(id);
        for reader in shared.readers.borrow().iter() {
            reader.queued.borrow_mut().clear();
        }
        let split_planned = file.size() >= SPLIT_BYTES && cores() >= SPLIT_MIN_CORES;
        let first_to = match split_planned {
            true => (file.size() / 2.0).floor(),
            false => file.size(),
        };
        *shared.job.borrow_mut() = Some(Job {
            id,
            on_progress: Rc::new(on_progress),
            on_done: Some(Box::new(on_done)),
            file: file.clone(),
            feeds: vec![Feed::new(0, first_to)],
            reading: false,
            split: split_planned.then_some(Split {
                pending: true,
                boundary: None,
                part: None,
            }),
            whole: false,
        });
        let options = Object::new();
        if let Some(sheet) = sheet {
            set(&options, "sheet", &JsValue::from_str(&sheet));
        }
        let read = kind_message("read", id);
        set(&read, "file", &file);
        set(&read, "options", &options);
        send(&shared, 0, read, None);
        pump(&shared);
        if split_planned {
            wasm_bindgen_futures::spawn_local(split(shared.clone(), id, file, options));
        }
        ReaderWorker {
            shared: Some(shared),
            id,
        }
    }

    /// Stops this read; its callbacks are not called any more.
    pub fn cancel(&self) {
        let Some(shared) = &self.shared else { return };
        let mut job = shared.job.borrow_mut();
        if job.as_ref().is_some_and(|j| j.id == self.id) {
            *job = None;
            drop(job);
            for reader in shared.readers.borrow().iter() {
                reader.queued.borrow_mut().clear();
            }
            post_all(shared, "cancel", self.id);
            retire(shared);
        }
    }
}

impl Feed {
    fn new(reader: usize, to: f64) -> Feed {
        Feed {
            reader,
            sent: 0.0,
            to,
            in_flight: 0,
            feeding: true,
            parsed: 0,
            rows: 0,
        }
    }
}

/// The number of the browser's logical processors (1 if it does not say).
fn cores() -> f64 {
    web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency())
}

/// Finds a line start near the middle of `file` and gives the bytes from there on to a second
/// worker, with the file's head; the first worker's feed then ends there. If that cannot be
/// done, the first worker reads the whole file.
async fn split(shared: Rc<Shared>, id: u32, file: File, options: Object) {
    if !start_second_part(&shared, id, &file, &options).await
        && shared.job.borrow().as_ref().is_some_and(|j| j.id == id)
    {
        read_rest_in_first(&shared);
    }
}

/// What [`split`] does; `false` if the file is read in one part after all.
async fn start_second_part(shared: &Rc<Shared>, id: u32, file: &File, options: &Object) -> bool {
    let total = file.size();
    let middle = (total / 2.0).floor();
    let Ok(around) = read_slice(file, middle, total.min(middle + (64 << 10) as f64)).await else {
        return false;
    };
    let Some(newline) = Uint8Array::new(&around)
        .to_vec()
        .iter()
        .position(|&b| b == b'\n')
    else {
        return false; // no line end near the middle: one part
    };
    let at = middle + newline as f64 + 1.0;
    let Ok(head) = read_slice(file, 0.0, at.min(HEAD_BYTES)).await else {
        return false;
    };
    let Ok(reader) = second_reader(shared) else {
        return false;
    };
    {
        let mut guard = shared.job.borrow_mut();
        let Some(job) = guard.as_mut().filter(|j| j.id == id && !j.whole) else {
            return false;
        };
        let Some(split) = job.split.as_mut() else {
            return false;
        };
        // The first worker was fed up to the middle at most.
        if job.feeds[0].sent > at {
            return false;
        }
        split.pending = false;
        job.feeds[0].to = at;
        job.feeds[0].feeding = true;
        let mut second = Feed::new(reader, total);
        second.sent = at;
        job.feeds.push(second);
    }
    let resume = kind_message("resume", id);
    set(&resume, "file", file);
    set(&resume, "options", options);
    set(&resume, "head", &head);
    send(shared, reader, resume, Some(Array::of1(&head)));
    pump(shared);
    true
}

/// Reads bytes `start..end` of `file`.
async fn read_slice(file: &File, start: f64, end: f64) -> Result<ArrayBuffer, JsValue> {
    let promise = file.slice_with_f64_and_f64(start, end)?.array_buffer();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await?
        .dyn_into::<ArrayBuffer>()
}

/// The workers with the first one started (afresh if it was ended).
fn shared_workers() -> Result<Rc<Shared>, String> {
    let shared = shared_state();
    start_first(&shared)?;
    Ok(shared)
}

/// What the page knows of its workers, created on first use (without any worker).
fn shared_state() -> Rc<Shared> {
    if let Some(shared) = SHARED.with(|s| s.borrow().clone()) {
        return shared;
    }
    let shared = Rc::new(Shared {
        readers: RefCell::new(Vec::new()),
        job: RefCell::new(None),
        next_id: Cell::new(0),
        asking: RefCell::new(None),
        spent: Cell::new(false),
    });
    SHARED.with(|s| *s.borrow_mut() = Some(shared.clone()));
    shared
}

/// Starts the first worker unless it runs.
fn start_first(shared: &Rc<Shared>) -> Result<(), String> {
    if shared.readers.borrow().is_empty() {
        let first = new_reader(shared, 0)?;
        shared.readers.borrow_mut().push(first);
    }
    Ok(())
}

/// The index of the second worker, created the first time a file is read in two parts.
fn second_reader(shared: &Rc<Shared>) -> Result<usize, String> {
    if shared.readers.borrow().len() < 2 {
        let second = new_reader(shared, 1)?;
        shared.readers.borrow_mut().push(second);
    }
    Ok(1)
}

/// Starts worker number `index`, with its handlers.
fn new_reader(shared: &Rc<Shared>, index: usize) -> Result<Rc<Reader>, String> {
    let worker = Worker::new(WORKER_SCRIPT).map_err(|e| {
        format!(
            "The file reader could not be started ({}). Reload the page and try again.",
            js_text(&e)
        )
    })?;
    let weak = Rc::downgrade(shared);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(shared) = weak.upgrade() {
            on_message(&shared, index, &event.data());
        }
    });
    let weak = Rc::downgrade(shared);
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        // Handled here: not an uncaught error of the page as well.
        event.prevent_default();
        if let Some(shared) = weak.upgrade() {
            worker_died(&shared, index);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Both handlers are kept (a worker lives until its read ends; a few closures per file).
    on_message.forget();
    on_error.forget();
    Ok(Rc::new(Reader {
        worker,
        ready: Cell::new(false),
        queued: RefCell::new(Vec::new()),
    }))
}

/// A worker is gone: its script failed to load, or its wasm stopped (a panic aborts it: the
/// worker is built with `panic = "abort"`) — told by the worker's `error` event or by the
/// `crashed` message its boot script posts when the abort surfaces as a rejected promise.
///
/// The read in progress ends with the error a damaged file gives natively, in the page's
/// language (what was loaded before stays); the workers are ended, and the next file starts
/// fresh ones. Once per death: whichever signal comes second finds no workers of this set.
fn worker_died(shared: &Rc<Shared>, index: usize) {
    worker_ended(shared, index, None);
}

/// [`worker_died`], with the reason the read ends with instead of a damaged file's (a browser
/// that cannot run the reader at all).
fn worker_ended(shared: &Rc<Shared>, index: usize, reason: Option<Text>) {
    let current = SHARED.with(|s| s.borrow().as_ref().is_some_and(|c| Rc::ptr_eq(c, shared)));
    if !current {
        return;
    }
    if index == 1 {
        // The second part is read by the first worker instead.
        let second = shared.readers.borrow_mut().pop();
        if let Some(second) = second {
            second.worker.terminate();
        }
        part_failed(shared);
        return;
    }
    SHARED.with(|s| s.borrow_mut().take());
    for reader in shared.readers.borrow().iter() {
        reader.worker.terminate();
    }
    let lang = page_lang();
    let asking = shared.asking.borrow_mut().take();
    if let Some((_, on_answer)) = asking {
        on_answer(Err(Text::with_en(
            "Het maken van het bestand is onverwacht gestopt. Probeer het opnieuw; lukt het dan nog niet, laad de pagina opnieuw.",
            "Making the file stopped unexpectedly. Try again; if it still fails, reload the page.",
        )
        .get(lang)
        .to_string()));
    }
    let file = shared.job.borrow().as_ref().map(|job| job.file.name());
    if let Some(file) = file {
        let message = match reason {
            Some(reason) => format!("{file}: {}", reason.get(lang)),
            None => {
                let format = read::binary_format(&[], &file).to_string();
                ReadError::new(&file, ReadErrorKind::Inconsistent { format }).text(lang)
            }
        };
        finish(shared, Err(message));
    }
}

fn on_message(shared: &Rc<Shared>, index: usize, data: &JsValue) {
    let kind = get(data, "type").as_string().unwrap_or_default();
    if kind == "crashed" {
        return worker_died(shared, index);
    }
    if kind == "unsupported" {
        // The boot script found no WebAssembly SIMD (see ARCHITECTURE.md, invariant 14).
        let reason = Text::with_en(
            "deze browser kan het bestand niet lezen: hij mist WebAssembly SIMD. Open Peiling in een recente versie van Chrome, Edge, Firefox of Safari (vanaf 16.4).",
            "this browser cannot read the file: it lacks WebAssembly SIMD. Open Peiling in a recent version of Chrome, Edge, Firefox or Safari (16.4 or later).",
        );
        return worker_ended(shared, index, Some(reason));
    }
    if kind == "ready" {
        let reader = shared.readers.borrow().get(index).cloned();
        if let Some(reader) = reader {
            reader.ready.set(true);
            for (message, transfer) in reader.queued.take() {
                post_transfer(&reader.worker, &message, transfer.as_ref());
            }
        }
        return;
    }
    if matches!(
        kind.as_str(),
        "applied" | "matched" | "workbook" | "template" | "slides"
    ) {
        return answered(shared, data);
    }
    let id = get(data, "job").as_f64().unwrap_or(-1.0);
    let current = shared.job.borrow().as_ref().map(|j| j.id);
    if current.map(f64::from) != Some(id) {
        return; // a reply to a read that was cancelled or replaced
    }
    match (index, kind.as_str()) {
        (_, "progress") => {
            let progress = {
                let mut guard = shared.job.borrow_mut();
                let Some(job) = guard.as_mut() else { return };
                if let Some(feed) = job.feeds.iter_mut().find(|f| f.reader == index) {
                    feed.in_flight = feed.in_flight.saturating_sub(1);
                    feed.parsed = number(data, "bytes") as u64;
                    feed.rows = number(data, "rows") as usize;
                }
                Progress {
                    bytes: job.feeds.iter().map(|f| f.parsed).sum(),
                    total: job.file.size() as u64,
                    rows: job.feeds.iter().map(|f| f.rows).sum(),
                }
            };
            pump(shared);
            // Called with the job released, so the callback may cancel or start a read.
            let on_progress = shared.job.borrow().as_ref().map(|j| j.on_progress.clone());
            if let Some(on_progress) = on_progress {
                on_progress(progress);
            }
        }
        (0, "whole") => {
            if let Some(job) = shared.job.borrow_mut().as_mut() {
                job.whole = true;
                job.feeds.iter_mut().for_each(|f| f.feeding = false);
            }
        }
        (0, "boundary") => split_answered(shared, |split| {
            split.boundary = Some(get(data, "ok").as_bool() == Some(true));
        }),
        (1, "part") => split_answered(shared, |split| split.part = Some(Some(data.clone()))),
        (1, "part-failed" | "error") => part_failed(shared),
        (0, "part-refused") => read_rest_in_first(shared),
        (0, "done") => {
            // The dataset's buffers were moved here: the workers are done with it.
            retire(shared);
            let (shared, data) = (shared.clone(), data.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = decode(&data).await.map(|(loaded, busy_ms)| {
                    record_read_time(&data, &loaded, busy_ms);
                    loaded
                });
                // Only if no other read started (or this one was cancelled) meanwhile.
                if shared.job.borrow().as_ref().map(|j| j.id) == current {
                    finish(&shared, result);
                }
            });
        }
        (0, "error") => {
            // The worker says it in both languages; the page shows its own.
            let (key, fallback) = match page_lang() {
                Lang::Nl => ("message_nl", "Het bestand kon niet worden gelezen."),
                Lang::En => ("message", "The file could not be read."),
            };
            let message = get(data, key)
                .as_string()
                .or_else(|| get(data, "message").as_string())
                .unwrap_or_else(|| fallback.into());
            retire(shared);
            finish(shared, Err(message));
        }
        _ => {}
    }
}

/// The second part could not be read: the first worker reads it.
fn part_failed(shared: &Rc<Shared>) {
    split_answered(shared, |split| split.part = Some(None));
}

/// Records a worker's answer about the file read in two parts, then joins them if both have
/// answered.
fn split_answered(shared: &Rc<Shared>, answer: impl FnOnce(&mut Split)) {
    if let Some(split) = shared
        .job
        .borrow_mut()
        .as_mut()
        .and_then(|j| j.split.as_mut())
    {
        answer(split);
    }
    join_parts(shared);
}

/// Once both workers have answered: hands the second part to the first worker if its part
/// ended at a record boundary, and otherwise has the first worker read the rest itself.
fn join_parts(shared: &Rc<Shared>) {
    let (id, boundary, part) = {
        let guard = shared.job.borrow();
        let Some((id, Some(split))) = guard.as_ref().map(|j| (j.id, j.split.as_ref())) else {
            return;
        };
        (id, split.boundary, split.part.clone())
    };
    match (boundary, part) {
        (Some(true), Some(Some(part))) => {
            let message = kind_message("part", id);
            for key in [
                "meta",
                "buffers",
                "counts",
                "windows_1252",
                "mixed",
                "bytes",
                "parse_ms",
            ] {
                set(&message, key, &get(&part, key));
            }
            let buffers: Array = get(&part, "buffers").dyn_into().unwrap_or_default();
            if let Some(job) = shared.job.borrow_mut().as_mut() {
                job.split = None;
            }
            send(shared, 0, message, Some(buffers));
        }
        (Some(false), _) | (_, Some(None)) => read_rest_in_first(shared),
        _ => {} // waiting for the other
    }
}

/// The first worker reads the file on to its end, after its part (the second part's rows are
/// not used).
fn read_rest_in_first(shared: &Rc<Shared>) {
    let id = {
        let mut guard = shared.job.borrow_mut();
        let Some(job) = guard.as_mut() else { return };
        job.split = None;
        job.feeds.truncate(1);
        if job.whole {
            return;
        }
        let first = &mut job.feeds[0];
        first.to = job.file.size();
        first.feeding = true;
        job.id
    };
    if let Some(second) = shared.readers.borrow().get(1) {
        post(&second.worker, &kind_message("cancel", id));
    }
    pump(shared);
}

/// Reads the next slice one of the workers needs and sends it, unless enough are on their
/// way or one is being read; after a feed's last slice, tells its worker so (`end`, or
/// `boundary` for the first part of a file read in two).
fn pump(shared: &Rc<Shared>) {
    let (file, id, index, reader, start, end) = {
        let mut guard = shared.job.borrow_mut();
        let Some(job) = guard.as_mut() else { return };
        let id = job.id;
        // Feeds with all their bytes sent tell their worker so — but not the first while
        // the line start of the second part is still being looked for.
        let split = job.split.as_ref().map(|s| s.pending);
        let mut ends = Vec::new();
        for (index, feed) in job.feeds.iter_mut().enumerate() {
            if feed.feeding && feed.sent >= feed.to && !(index == 0 && split == Some(true)) {
                feed.feeding = false;
                let last = if index == 0 && split.is_some() {
                    "boundary"
                } else {
                    "end"
                };
                ends.push((feed.reader, last));
            }
        }
        let next = if job.reading {
            None
        } else {
            job.feeds
                .iter()
                .enumerate()
                .filter(|(_, f)| f.feeding && f.sent < f.to && f.in_flight < CHUNKS_AHEAD)
                .min_by_key(|(_, f)| f.in_flight)
                .map(|(index, f)| (index, f.reader, f.sent, f.to.min(f.sent + CHUNK_BYTES)))
        };
        job.reading |= next.is_some();
        let file = job.file.clone();
        drop(guard);
        for (reader, last) in ends {
            send(shared, reader, kind_message(last, id), None);
        }
        let Some((index, reader, start, end)) = next else {
            return;
        };
        (file, id, index, reader, start, end)
    };
    let shared = shared.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = read_slice(&file, start, end).await;
        {
            let mut guard = shared.job.borrow_mut();
            let Some(job) = guard.as_mut().filter(|j| j.id == id) else {
                return; // cancelled or replaced meanwhile
            };
            job.reading = false;
            let Some(feed) = job.feeds.get_mut(index).filter(|f| f.reader == reader) else {
                drop(guard);
                return pump(&shared); // the feeds changed meanwhile (a split was undone)
            };
            if let Ok(buffer) = &result {
                if feed.feeding && feed.sent == start && start < feed.to {
                    // The feed may have been shortened while the slice was read (a split).
                    let buffer = if end > feed.to {
                        buffer.slice_with_end(0, (feed.to - start) as u32)
                    } else {
                        buffer.clone()
                    };
                    feed.sent = end.min(feed.to);
                    feed.in_flight += 1;
                    let chunk = kind_message("chunk", id);
                    set(&chunk, "buffer", &buffer);
                    drop(guard);
                    send(&shared, reader, chunk, Some(Array::of1(&buffer)));
                }
            }
        }
        match result {
            Ok(_) => pump(&shared),
            Err(e) => {
                post_all(&shared, "cancel", id);
                finish(
                    &shared,
                    Err(format!(
                        "The file could not be read from disk ({}). Check that it still exists and is not open in another program, then choose it again.",
                        js_text(&e)
                    )),
                );
            }
        }
    });
}

/// Posts `kind` to every worker.
fn post_all(shared: &Shared, kind: &str, id: u32) {
    for reader in shared.readers.borrow().iter() {
        post(&reader.worker, &kind_message(kind, id));
    }
}

/// Posts `message` to worker `index`, or keeps it until the worker is ready.
fn send(shared: &Shared, index: usize, message: Object, transfer: Option<Array>) {
    let Some(reader) = shared.readers.borrow().get(index).cloned() else {
        return;
    };
    if reader.ready.get() {
        post_transfer(&reader.worker, &message, transfer.as_ref());
    } else {
        reader.queued.borrow_mut().push((message, transfer));
    }
}

/// Ends the read in progress with `result`.
fn finish(shared: &Shared, result: Result<Loaded, String>) {
    let on_done = shared
        .job
        .borrow_mut()
        .take()
        .and_then(|mut j| j.on_done.take());
    if let Some(on_done) = on_done {
        on_done(result);
    }
}

/// Main-thread work per decoding task, in ms: copying and checking stop for the browser's turn
/// once a task has taken this long, so the page stays responsive while a dataset of 80 MB
/// arrives, with room to spare on a machine twice as slow.
const DECODE_SLICE_MS: f64 = 6.0;

/// A part larger than this is copied in pieces of this many bytes, with the browser's turn
/// between them when a task has taken [`DECODE_SLICE_MS`] (a text column of a million long
/// answers holds tens of MB).
const COPY_CHUNK_BYTES: usize = 2 << 20;

/// The time decoding has kept the main thread, and when the task it runs in began.
struct Slices {
    started: f64,
    busy: f64,
}

impl Slices {
    fn new() -> Slices {
        Slices {
            started: now(),
            busy: 0.0,
        }
    }

    /// Gives the browser its turn if this task has taken [`DECODE_SLICE_MS`].
    async fn pause_if_due(&mut self) {
        let at = now();
        if at - self.started >= DECODE_SLICE_MS {
            self.busy += at - self.started;
            crate::tasks::yield_to_browser().await;
            self.started = now();
        }
    }

    /// All the main-thread time spent, in ms.
    fn total(self) -> f64 {
        self.busy + (now() - self.started)
    }
}

/// The worker's `done` message as a dataset, codebook and metadata, every part checked;
/// decoded part by part, giving the main thread back whenever a task has taken
/// [`DECODE_SLICE_MS`]. Also gives the milliseconds of main-thread work it took.
async fn decode(data: &JsValue) -> Result<(Loaded, f64), String> {
    let mut slices = Slices::new();
    let header_bytes: Arc<[u8]> = crate::buffers::bytes_of(&get(data, "meta"))
        .unwrap_or_default()
        .into();
    let header = Header::parse(&header_bytes).map_err(|e| e.to_string())?;
    let buffers: Array = get(data, "buffers").dyn_into().unwrap_or_default();
    let specs = header.parts();
    if buffers.length() as usize != specs.len() {
        return Err(transfer::TransferError::PartCount {
            expected: specs.len(),
            found: buffers.length() as usize,
        }
        .to_string());
    }
    transfer::check_meta(&header.meta, &header.columns).map_err(|e| e.to_string())?;
    let Header {
        rows,
        columns: shapes,
        meta,
        codebook,
        ..
    } = header;
    let mut columns = Vec::with_capacity(shapes.len());
    let mut code_counts = Vec::with_capacity(shapes.len());
    let mut index = 0;
    for (column, shape) in shapes.into_iter().enumerate() {
        let first_part = index;
        let mut parts = Vec::with_capacity(shape.parts());
        for spec in &specs[index..index + shape.parts()] {
            slices.pause_if_due().await;
            parts.push(copy_part(&buffers, index, *spec, &mut slices).await?);
            index += 1;
        }
        slices.pause_if_due().await;
        let (decoded, counts) =
            transfer::decode_column_counted(rows, column, shape, first_part, parts)
                .map_err(|e| e.to_string())?;
        columns.push(decoded);
        code_counts.push(counts.map(Arc::from));
    }
    let loaded = Loaded {
        dataset: Dataset { rows, columns },
        meta,
        codebook,
        header: header_bytes,
        code_counts,
        read_ms: number(data, "read_ms"),
    };
    Ok((loaded, slices.total()))
}

/// Copies part `index` out of its transferred buffer into wasm memory, after checking its
/// size against the header, and frees the buffer. A large part is copied a piece at a time
/// (see [`COPY_CHUNK_BYTES`]).
async fn copy_part(
    buffers: &Array,
    index: usize,
    spec: PartSpec,
    slices: &mut Slices,
) -> Result<PartBuf, String> {
    let bytes = crate::buffers::part_bytes(spec);
    let buffer = buffers.get(index as u32);
    let part = if bytes <= COPY_CHUNK_BYTES {
        crate::buffers::part_from_buffer(&buffer, spec)
    } else {
        match crate::buffers::part_buffer(&buffer, spec) {
            Some(whole) => Some(match spec.kind {
                PartKind::Codes => PartBuf::Codes(
                    copy_chunked(&js_sys::Uint16Array::new(&whole), spec.len, slices).await,
                ),
                PartKind::Text => PartBuf::Text(
                    copy_chunked(&js_sys::Uint8Array::new(&whole), spec.len, slices).await,
                ),
                PartKind::Ends => PartBuf::Ends(
                    copy_chunked(&js_sys::Uint32Array::new(&whole), spec.len, slices).await,
                ),
            }),
            None => None,
        }
    };
    if part.is_some() {
        release_buffer(&buffer);
    }
    part.ok_or_else(|| {
        transfer::TransferError::PartShape {
            index,
            expected: format!("{bytes} bytes"),
        }
        .to_string()
    })
}

/// A typed array of the three kinds a part comes in, copied a range at a time.
trait Chunked {
    type Item: Copy;
    fn copy_range(&self, from: u32, to: u32, into: &mut Vec<Self::Item>);
}

macro_rules! chunked {
    ($array:ty, $item:ty) => {
        impl Chunked for $array {
            type Item = $item;
            fn copy_range(&self, from: u32, to: u32, into: &mut Vec<$item>) {
                let piece = self.subarray(from, to);
                let len = into.len();
                let added = piece.length() as usize;
                // `copy_to_uninit` fills the spare capacity without zeroing it first (the
                // zeroing took as long as the copy); the elements it wrote are initialised.
                piece.copy_to_uninit(&mut into.spare_capacity_mut()[..added]);
                // SAFETY: the `added` elements after `len` were written just above.
                unsafe { into.set_len(len + added) };
            }
        }
    };
}
chunked!(js_sys::Uint8Array, u8);
chunked!(js_sys::Uint16Array, u16);
chunked!(js_sys::Uint32Array, u32);

/// The `len` elements of `array`, [`COPY_CHUNK_BYTES`] at a time, with the browser's turn
/// between pieces when due.
async fn copy_chunked<A: Chunked>(array: &A, len: usize, slices: &mut Slices) -> Vec<A::Item> {
    let step = (COPY_CHUNK_BYTES / std::mem::size_of::<A::Item>()).max(1);
    let mut out = Vec::with_capacity(len);
    let mut from = 0;
    while from < len {
        slices.pause_if_due().await;
        let to = (from + step).min(len);
        array.copy_range(from as u32, to as u32, &mut out);
        from = to;
    }
    out
}

/// Frees the memory of `buffer` now, once copied, rather than when the garbage collector
/// gets to it: `ArrayBuffer.prototype.transfer(0)` detaches it, and the memory goes with it
/// (a browser without `transfer` leaves it to the collector). While a large file's dataset
/// is copied into the page, its buffers would otherwise hold as much again.
fn release_buffer(buffer: &JsValue) {
    if let Ok(transfer) = get(buffer, "transfer").dyn_into::<js_sys::Function>() {
        let _ = transfer.call1(buffer, &JsValue::from_f64(0.0));
    }
}

/// Leaves `window.__peilingRead = {bytes, rows, ms, parse_ms, infer_ms, worker_ms, decode_ms,
/// parts, dataset_bytes}` for the benchmark, which compares the worker's parsing speed (`parse_ms`; `ms` adds the
/// waits for the file's slices) with the native engine's; `infer_ms` is the codebook
/// proposal, `worker_ms` all the worker's work, `decode_ms` the page's decoding (main-thread
/// time, spread over several tasks), `dataset_bytes` what the dataset takes in the page
/// ([`Dataset::stored_bytes`]).
fn record_read_time(done: &JsValue, loaded: &Loaded, decode_ms: f64) {
    let record = Object::new();
    set(&record, "bytes", &get(done, "bytes"));
    set(
        &record,
        "rows",
        &JsValue::from_f64(loaded.dataset.rows as f64),
    );
    set(&record, "ms", &JsValue::from_f64(loaded.read_ms));
    set(&record, "parse_ms", &get(done, "parse_ms"));
    set(&record, "infer_ms", &get(done, "infer_ms"));
    set(&record, "worker_ms", &get(done, "total_ms"));
    set(&record, "decode_ms", &JsValue::from_f64(decode_ms));
    set(&record, "parts", &get(done, "parts"));
    set(
        &record,
        "dataset_bytes",
        &JsValue::from_f64(loaded.dataset.stored_bytes() as f64),
    );
    let _ = Reflect::set(
        &js_sys::global(),
        &JsValue::from_str("__peilingRead"),
        &record,
    );
}

fn device_memory() -> Option<f64> {
    let navigator = web_sys::window().map(|w| w.navigator())?;
    get(&navigator, "deviceMemory").as_f64()
}

fn kind_message(kind: &str, id: u32) -> Object {
    let message = Object::new();
    set(&message, "type", &JsValue::from_str(kind));
    set(&message, "job", &JsValue::from_f64(f64::from(id)));
    message
}

fn post(worker: &Worker, message: &Object) {
    post_transfer(worker, message, None);
}

fn post_transfer(worker: &Worker, message: &Object, transfer: Option<&Array>) {
    // A plain object holding strings, numbers, a File or an ArrayBuffer always clones.
    let _ = match transfer {
        Some(list) => worker.post_message_with_transfer(message, list),
        None => worker.post_message(message),
    };
}

/// The page's language, as the app sets it on the document (`<html lang>`).
fn page_lang() -> Lang {
    let english = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("lang"))
        .is_some_and(|lang| lang.starts_with("en"));
    if english {
        Lang::En
    } else {
        Lang::Nl
    }
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn number(target: &JsValue, key: &str) -> f64 {
    get(target, key).as_f64().unwrap_or(0.0)
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property of a plain object we created cannot throw.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn js_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| get(value, "message").as_string())
        .unwrap_or_else(|| "unknown error".into())
}
