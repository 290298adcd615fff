//! Bring your own data: choosing or dropping a file, reading it in a worker, reviewing the
//! codebook, and showing the report for it.
//!
//! What stays true: the file's bytes go to the reader worker and nowhere else; a failed read
//! or a cancelled review leaves the survey on screen as it was; the URL fragment only ever
//! holds the view, never the data.
mod codebook_edit;
pub(crate) mod codebook_store;
mod drop_zone;
mod panel;
mod review;
pub mod worker_client;

use std::sync::Arc;

use leptos::prelude::*;
use peiling_engine::codebook::Codebook;
use peiling_engine::infer::Mismatch;
use peiling_engine::transfer::ImportMeta;
use peiling_engine::view::View;
use peiling_engine::Dataset;
use peiling_engine::{Lang, Survey};

use crate::app::{use_app, AppState, SourceKind};
use worker_client::{Progress, ReaderWorker};

pub use panel::{OwnFileButton, PRIVACY_EN, PRIVACY_NL};

/// A read in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub file_name: String,
    pub progress: Progress,
}

/// What the review knows of the file read last. Its cells are kept once only: in
/// `UploadState::unshown` until the report is shown, then in the survey on screen.
#[derive(Clone)]
pub struct Pending {
    pub file_name: String,
    /// How the file was read: source, column metadata, warnings.
    pub meta: Arc<ImportMeta>,
    /// The dataset's column names in order.
    pub columns: Arc<Vec<String>>,
    /// The file's column names, the key of a remembered codebook.
    pub signature: String,
    /// The reader worker's header for the file, for matching a codebook file to it there.
    pub header: Arc<[u8]>,
}

/// A file's cells, with the code counts found while they were checked.
type Cells = (Dataset, Vec<Option<Arc<[u64]>>>);

/// Everything the upload components share.
#[derive(Clone, Copy)]
pub struct UploadState {
    pub panel_open: RwSignal<bool>,
    pub reading: RwSignal<Option<Reading>>,
    /// What went wrong with the last file, with where and what to do.
    pub error: RwSignal<Option<String>>,
    pub pending: RwSignal<Option<Pending>>,
    /// The codebook under review.
    pub codebook: RwSignal<Codebook>,
    /// How a saved or remembered codebook matched the file.
    pub notes: RwSignal<Vec<Note>>,
    pub review_open: RwSignal<bool>,
    /// How many of the review's questions stay drawn: all while it is open, fewer and fewer
    /// while it is taken down ([`UploadState::take_down_review`]).
    pub review_kept: RwSignal<usize>,
    /// Counts the times the review was opened: a take-down stops when it is opened again.
    review_opened: StoredValue<u64>,
    /// The file is read to be set beside the report on screen, not to replace it.
    pub compare: RwSignal<bool>,
    worker: StoredValue<Option<ReaderWorker>, LocalStorage>,
    /// The cells of the file under review, until its report is shown.
    unshown: StoredValue<Option<Cells>>,
    /// The file chosen last (a handle, not its bytes), to read another sheet of it.
    file: StoredValue<Option<web_sys::File>, LocalStorage>,
}

impl UploadState {
    fn new() -> Self {
        UploadState {
            panel_open: RwSignal::new(false),
            reading: RwSignal::new(None),
            error: RwSignal::new(None),
            pending: RwSignal::new(None),
            codebook: RwSignal::new(Codebook::default()),
            notes: RwSignal::new(Vec::new()),
            review_open: RwSignal::new(false),
            review_kept: RwSignal::new(usize::MAX),
            review_opened: StoredValue::new(0),
            compare: RwSignal::new(false),
            worker: StoredValue::new_local(None),
            unshown: StoredValue::new(None),
            file: StoredValue::new_local(None),
        }
    }

    /// Reads `file` (the first sheet of a workbook) in the worker; the review opens when it
    /// is done.
    pub fn read(self, file: web_sys::File) {
        self.compare.set(false);
        self.read_sheet(file, None);
    }

    /// Reads `file` to compare it with the report on screen: the codebook review, then the
    /// matching of its questions (`crate::compare`).
    pub fn read_to_compare(self, file: web_sys::File) {
        self.compare.set(true);
        self.read_sheet(file, None);
    }

    /// Reads another sheet of the workbook read last.
    pub fn reread_sheet(self, sheet: String) {
        if let Some(file) = self.file.get_value() {
            self.review_open.set(false);
            self.read_sheet(file, Some(sheet));
        }
    }

    fn read_sheet(self, file: web_sys::File, sheet: Option<String>) {
        self.cancel();
        self.file.set_value(Some(file.clone()));
        self.error.set(None);
        self.panel_open.set(true);
        let file_name = file.name();
        self.reading.set(Some(Reading {
            file_name: file_name.clone(),
            progress: Progress {
                bytes: 0,
                total: file.size() as u64,
                rows: 0,
            },
        }));
        let on_progress = move |progress| {
            self.reading.update(|r| {
                if let Some(r) = r {
                    r.progress = progress;
                }
            })
        };
        let on_done = move |result: Result<worker_client::Loaded, String>| {
            self.reading.set(None);
            self.worker.set_value(None);
            match result {
                Ok(loaded) => self.receive(file_name, loaded),
                Err(message) => self.error.set(Some(message)),
            }
        };
        let worker = match sheet {
            None => ReaderWorker::start(file, on_progress, on_done),
            sheet => ReaderWorker::start_with_sheet(file, sheet, on_progress, on_done),
        };
        if self.reading.with_untracked(Option::is_some) {
            self.worker.set_value(Some(worker));
        }
    }

    /// Stops the read in progress, if any.
    pub fn cancel(self) {
        if let Some(worker) = self.worker.try_update_value(Option::take).flatten() {
            worker.cancel();
        }
        self.reading.set(None);
    }

    /// Opens the review of a file read: with the codebook remembered for its columns, if
    /// any (matched to it in the worker), or else the one proposed for it.
    fn receive(self, file_name: String, mut loaded: worker_client::Loaded) {
        let header = loaded.header.clone();
        let code_counts = std::mem::take(&mut loaded.code_counts);
        let (import, proposed) = loaded.into_import();
        let signature = codebook_store::header_signature(
            import.dataset.columns.iter().map(|c| c.name.as_str()),
        );
        let remembered = codebook_store::recall(&signature);
        let columns = import
            .dataset
            .columns
            .iter()
            .map(|c| c.name.clone())
            .collect();
        self.pending.set(Some(Pending {
            file_name,
            meta: Arc::new(ImportMeta::of(&import)),
            columns: Arc::new(columns),
            signature,
            header: header.clone(),
        }));
        self.unshown.set_value(Some((import.dataset, code_counts)));
        let Some(json) = remembered else {
            return self.open_review(proposed, Vec::new());
        };
        leptos::task::spawn_local(async move {
            let (codebook, notes) = match worker_client::apply_codebook(&header, &json, true).await
            {
                Ok(applied) => (
                    applied.codebook,
                    Note::list(Note::Remembered, applied.mismatches),
                ),
                // A remembered codebook this version cannot read is passed over.
                Err(_) => (proposed, Vec::new()),
            };
            let still_this_file = self
                .pending
                .with_untracked(|p| p.as_ref().is_some_and(|p| Arc::ptr_eq(&p.header, &header)));
            if still_this_file {
                self.open_review(codebook, notes);
            }
        });
    }

    fn open_review(self, codebook: Codebook, notes: Vec<Note>) {
        self.codebook.set(codebook);
        self.notes.set(notes);
        self.open_review_again();
    }

    /// Opens the review of the file read (again): drawn afresh, whole, even while an earlier
    /// one is being taken down.
    pub fn open_review_again(self) {
        self.review_opened.update_value(|n| *n += 1);
        self.review_kept.set(usize::MAX);
        if self.review_open.get_untracked() {
            // Still in the page, being taken down: its dialog opens again, whole.
            review::show_dialog();
        } else {
            self.review_open.set(true);
        }
    }

    /// Takes the review (its dialog closed) out of the page a few questions per task, then
    /// the rest of it: a review of many questions holds thousands of elements and listeners.
    pub async fn take_down_review(self) {
        let total = self.codebook.with_untracked(|c| c.questions.len());
        let opened = self.review_opened.get_value();
        let current = move || self.review_opened.get_value() == opened;
        if crate::tasks::conceal(self.review_kept, total, current).await {
            self.review_open.set(false);
        }
    }

    /// Shows the report for the file under review with the codebook as edited.
    pub fn show_report(self, app: AppState) {
        let Some(pending) = self.pending.get_untracked() else {
            return;
        };
        let Some((dataset, code_counts)) = self.dataset(app) else {
            return;
        };
        let codebook = self.codebook.get_untracked();
        review::close_dialog();
        codebook_store::remember(&pending.signature, &codebook);
        let survey = Survey::new(dataset, codebook).with_code_counts(code_counts);
        if self.compare.get_untracked() {
            self.review_open.set(false);
            self.panel_open.set(false);
            return crate::compare::start(app, survey, pending.file_name);
        }
        // The review (closed above, on screen no more) is taken down in tasks of its own,
        // and the new survey set in the next: a review of many questions holds thousands of
        // elements and listeners, and the report's bar lists every question's answers.
        leptos::task::spawn_local(async move {
            crate::tasks::yield_to_browser().await;
            self.take_down_review().await;
            self.panel_open.set(false);
            crate::tasks::yield_to_browser().await;
            let started = crate::tasks::now();
            // Breakdowns, filters and sections name the old survey's questions: start afresh,
            // in the same language.
            app.view.update(|v| {
                *v = View {
                    lang: v.lang,
                    ..View::default()
                }
            });
            app.loaded.set(crate::app::Loaded {
                survey: Arc::new(survey),
                source: SourceKind::Upload(pending.file_name),
            });
            // The report replaced the review: its title takes the focus.
            crate::focus::focus_later(vec!["[data-testid=report-title]".into()]);
            // What setting the new survey costs the page, its effects included.
            leptos::task::tick().await;
            crate::perf::measure("peiling:survey-set", started);
        });
    }
}

impl UploadState {
    /// Why `column` of the file under review cannot be its weight column (see
    /// [`weight_problem`](peiling_engine::stats::weighting::weight_problem)), if it cannot.
    pub fn weight_problem(self, app: AppState, column: &str) -> Option<peiling_engine::Text> {
        use peiling_engine::stats::weighting::weight_problem;
        self.unshown
            .with_value(|cells| cells.as_ref().map(|(data, _)| weight_problem(data, column)))
            .or_else(|| {
                app.loaded.with_untracked(|l| {
                    matches!(l.source, SourceKind::Upload(_))
                        .then(|| weight_problem(&l.survey.data, column))
                })
            })
            .flatten()
    }

    /// What the file under review holds for `question` (answers with their counts, missing,
    /// numbers), as `review::summarise` finds it.
    pub fn summary(
        self,
        app: AppState,
        question: &peiling_engine::Question,
    ) -> Option<peiling_engine::review::Summary> {
        use peiling_engine::review::summarise;
        self.unshown
            .with_value(|cells| {
                cells
                    .as_ref()
                    .map(|(data, counts)| summarise(data, counts, question))
            })
            .or_else(|| {
                app.loaded.with_untracked(|l| {
                    matches!(l.source, SourceKind::Upload(_))
                        .then(|| summarise(&l.survey.data, l.survey.code_counts(), question))
                })
            })
    }

    /// The cells of the file under review: taken from `unshown` when its report was not
    /// shown yet, otherwise copied from the survey on screen (which is that file's).
    fn dataset(self, app: AppState) -> Option<Cells> {
        self.unshown
            .try_update_value(Option::take)
            .flatten()
            .or_else(|| {
                app.loaded.with_untracked(|l| {
                    matches!(l.source, SourceKind::Upload(_))
                        .then(|| (l.survey.data.clone(), l.survey.code_counts().to_vec()))
                })
            })
    }
}

/// One line of what happened when a saved codebook met the file.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// A codebook remembered in this browser was applied.
    Remembered,
    /// The codebook file of this name was applied.
    Applied(String),
    /// Every column matched.
    AllMatched,
    Mismatch(Mismatch),
}

impl Note {
    /// The notes for applying a codebook: where it came from, then each difference (or that
    /// there was none).
    fn list(origin: Note, mismatches: Vec<Mismatch>) -> Vec<Note> {
        let mut notes = vec![origin];
        if mismatches.is_empty() {
            notes.push(Note::AllMatched);
        }
        notes.extend(mismatches.into_iter().map(Note::Mismatch));
        notes
    }

    /// The note in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Note::Remembered, Lang::Nl) => "Het codeboek dat deze browser onthield voor bestanden met deze kolommen is toegepast.".into(),
            (Note::Remembered, Lang::En) => "The codebook remembered in this browser for files with these columns was applied.".into(),
            (Note::Applied(name), Lang::Nl) => format!("Codeboek {name} is toegepast."),
            (Note::Applied(name), Lang::En) => format!("Codebook {name} was applied."),
            (Note::AllMatched, Lang::Nl) => "Alle kolommen passen; er is niets anders.".into(),
            (Note::AllMatched, Lang::En) => "Every column matched; nothing differs.".into(),
            (Note::Mismatch(m), Lang::En) => m.to_string(),
            (Note::Mismatch(m), Lang::Nl) => match m {
                Mismatch::ColumnRenamed { question, from, to } => format!("Vraag '{question}': kolom '{from}' heet in dit bestand '{to}'."),
                Mismatch::ColumnMissing { question, column } => format!("Vraag '{question}': dit bestand heeft geen kolom '{column}'; dat onderdeel valt weg."),
                Mismatch::QuestionDropped { question } => format!("Vraag '{question}': geen van de kolommen staat in dit bestand; de vraag valt weg."),
                Mismatch::NewValues { question, column, values } => format!("Vraag '{question}', kolom '{column}': antwoorden die niet in het codeboek staan: {}.", values.join(", ")),
                Mismatch::NewColumn { column, question } => format!("Kolom '{column}' staat niet in het codeboek; toegevoegd als vraag '{question}'."),
            },
        }
    }
}

pub fn use_upload() -> UploadState {
    expect_context::<UploadState>()
}

/// Provides the upload state (once, in the toolbar) and returns it.
fn provide_upload() -> UploadState {
    let state = UploadState::new();
    provide_context(state);
    state
}

/// A text in the interface's language; upload words live here rather than in the shared
/// term list because only these components use them.
pub fn words(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// The file chosen in the `input[type=file]` that fired `ev`. The input is cleared at once:
/// the reader holds the File, and choosing the same file again must fire `change` again.
fn take_chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|files| files.get(0));
    input.set_value("");
    file
}

/// The interface's language now.
pub fn lang_signal() -> impl Fn() -> Lang + Copy + Send + Sync + 'static {
    let app = use_app();
    move || app.lang.get()
}
