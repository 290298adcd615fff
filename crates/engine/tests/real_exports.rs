//! The corpus of real survey exports (`tests/fixtures/real/`): files written by SurveyMonkey,
//! Qualtrics, LimeSurvey, Google and Microsoft Forms, Typeform, KoboToolbox, SoSci Survey,
//! SurveyGizmo, SPSS, PSPP, ReadStat and Excel, found in public repositories (sources and
//! licences in `tests/fixtures/real/SOURCES*.md`).
//!
//! Each file has a `<file>.expect.json` written from an independent reading of the file
//! (pandas, pyreadstat, the csv module or by hand — its `reference` field says which): the
//! respondent count, and for a few questions the kind the tool gave them, their items and the
//! counts of some answers. This test reads every file as the page does (`read::read` then
//! `infer::propose`), finds each expected question by its wording and checks it.
//!
//! Where Peiling is known not to read a question right yet, `known-gaps.json` says so with the
//! reason; such a question must still fail (so that a gap that closes is noticed and its entry
//! removed). Everything else must pass. `PEILING_CORPUS_TABLE=1` prints the table of what is
//! read right, file by file, that ARCHITECTURE.md quotes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use peiling_engine::codebook::{Question, QuestionKind};
use peiling_engine::read::{self, ReadOptions};
use peiling_engine::stats::{analyse, Request};
use peiling_engine::{infer, Survey};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expect {
    file: String,
    tool: String,
    respondents: usize,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    questions: Vec<ExpectQuestion>,
}

#[derive(Deserialize)]
struct ExpectQuestion {
    text: String,
    kind: String,
    #[serde(default)]
    items: Option<usize>,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    counts: BTreeMap<String, f64>,
    /// Respondents without an answer (empty cells and the tool's "not shown" markers).
    #[serde(default)]
    missing: Option<u64>,
    /// Multi-select: the respondents its shares are of.
    #[serde(default)]
    base: Option<f64>,
    /// The answers (not the non-substantive ones) in the order a reader expects them: the
    /// order of an ordinal list such as income brackets or age bands.
    #[serde(default)]
    order: Vec<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/real")
}

/// An expected value as the page labels it: the references count the cells as written, and
/// LimeSurvey's code for a list question's "Other", `-oth-`, is shown as "Anders".
fn shown(value: &str) -> String {
    if value.trim() == "-oth-" {
        norm("Anders")
    } else {
        norm(value)
    }
}

/// Lower case, markup removed, white space collapsed: how a label is compared.
fn norm(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => "single_choice",
        QuestionKind::Likert => "likert",
        QuestionKind::Grid => "grid",
        QuestionKind::MultiSelect => "multi_select",
        QuestionKind::Numeric => "numeric",
        QuestionKind::OpenText => "open_text",
        QuestionKind::Identifier => "identifier",
    }
}

/// The question an expectation means: the first whose wording (or id) holds its text (of
/// several, the first of the kind expected: a grid titled by the text display before it, which
/// is a column of its own); or a statement of a grid whose "question - statement" holds it (a
/// scale item that Peiling shows with the others of its label stem), with that statement's
/// index.
fn find<'a>(survey: &'a Survey, text: &str, kind: &str) -> Option<(&'a Question, Option<usize>)> {
    let wanted = norm(text);
    let qs = &survey.codebook.questions;
    let worded = |q: &&Question| norm(&q.text.nl).contains(&wanted);
    qs.iter()
        .find(|q| norm(&q.id) == wanted)
        .or_else(|| {
            qs.iter()
                .filter(worded)
                .find(|q| kind_name(q.kind) == kind)
                .or_else(|| qs.iter().find(worded))
        })
        .or_else(|| {
            // A grid or multi-select found by one of its items' columns.
            qs.iter().find(|q| {
                q.items.len() > 1 && q.items.iter().any(|i| norm(&i.column).contains(&wanted))
            })
        })
        .map(|q| (q, None))
        .or_else(|| {
            qs.iter()
                .filter(|q| q.kind == QuestionKind::Grid)
                .find_map(|q| {
                    let at = q.items.iter().position(|i| {
                        norm(&format!("{} - {}", q.text.nl, i.label.nl)).contains(&wanted)
                    })?;
                    Some((q, Some(at)))
                })
        })
}

/// What differs between the expectation and Peiling's reading of one question (empty: none).
fn check_question(survey: &Survey, e: &ExpectQuestion) -> Vec<String> {
    let Some((q, statement)) = find(survey, &e.text, &e.kind) else {
        return vec![format!("no question reads '{}'", e.text)];
    };
    let mut problems = Vec::new();
    // A statement of a grid is read as the one scale item it is.
    let kind = match statement {
        Some(_) => "likert",
        None => kind_name(q.kind),
    };
    // A scale question may be shown as single choice by a tool and as Likert here, and the
    // other way round (a tool's single choice whose answers Peiling orders as a scale): both
    // are one item, and the counts below are checked either way.
    let kind_ok = kind == e.kind
        || (e.kind == "likert" && kind == "single_choice")
        || (e.kind == "single_choice" && kind == "likert");
    if !kind_ok {
        problems.push(format!("kind {kind}, expected {}", e.kind));
    }
    if let Some(items) = e.items.filter(|_| statement.is_none()) {
        if q.items.len() != items {
            problems.push(format!("{} items, expected {items}", q.items.len()));
        }
    }
    if !e.order.is_empty() {
        let got: Vec<String> = q
            .categories
            .iter()
            .filter(|c| !c.non_substantive && !c.missing)
            .map(|c| norm(&c.label.nl))
            .collect();
        let want: Vec<String> = e.order.iter().map(|a| norm(a)).collect();
        if got != want {
            problems.push(format!("answers in the order {got:?}, expected {want:?}"));
        }
    }
    if e.counts.is_empty() || !problems.is_empty() {
        return problems;
    }
    if matches!(q.kind, QuestionKind::Numeric | QuestionKind::OpenText) {
        // Numbers are charted in bins and open answers listed, not counted; the expectation
        // counts exact values, so the cells are counted as read (numerically: `19` and `19.0`
        // are one value).
        let Some(column) = survey.data.column(&q.items[0].column) else {
            return vec![format!("no column '{}'", q.items[0].column)];
        };
        for (label, &want) in &e.counts {
            let wanted = label.trim().parse::<f64>().ok();
            let got = (0..survey.rows())
                .filter(|&r| {
                    column.cell(r).is_some_and(|c| match wanted {
                        Some(x) => peiling_engine::survey::parse_number(c) == Some(x),
                        // Typed answers as written (the reader trims a cell's ends).
                        None => c.trim() == label.trim(),
                    })
                })
                .count() as f64;
            if (got - want).abs() > 1e-9 {
                problems.push(format!("value '{label}': {got}, expected {want}"));
            }
        }
        return problems;
    }
    // The review's summary of a one-column question says what the report will count, and how
    // many gave no answer.
    if statement.is_none() && q.items.len() == 1 && q.kind != QuestionKind::MultiSelect {
        let summary = peiling_engine::review::summarise(&survey.data, survey.code_counts(), q);
        for (label, &want) in &e.counts {
            let got = q
                .categories
                .iter()
                .position(|c| norm(&c.label.nl) == shown(label))
                .map(|i| summary.answers[i] as f64);
            if got != Some(want) {
                problems.push(format!("review: '{label}': {got:?}, expected {want}"));
            }
        }
        if let Some(want) = e.missing {
            if summary.missing != want {
                problems.push(format!(
                    "review: {} missing, expected {want}",
                    summary.missing
                ));
            }
        }
    }
    let analysis = match analyse(survey, &Request::new(&q.id)) {
        Ok(a) => a,
        Err(err) => return vec![format!("not analysed: {err}")],
    };
    let found: Vec<(String, f64)> = if let Some(multi) = &analysis.multi_select {
        if let Some(want) = e.base.filter(|&b| b != multi.overall.base) {
            problems.push(format!("base {}, expected {want}", multi.overall.base));
        }
        multi
            .overall
            .options
            .iter()
            .map(|o| (norm(&o.label.nl), o.count))
            .collect()
    } else {
        let item = match &e.item {
            _ if statement.is_some() => statement,
            Some(label) => {
                let wanted = norm(label);
                q.items.iter().position(|i| {
                    norm(&i.label.nl) == wanted
                        || norm(&i.id) == wanted
                        || norm(&i.column).contains(&wanted)
                        || norm(&i.label.nl).contains(&wanted)
                })
            }
            None => Some(0),
        };
        let Some(item) = item else {
            return vec![format!("no item '{}'", e.item.as_deref().unwrap_or(""))];
        };
        analysis.items[item]
            .overall
            .categories
            .iter()
            .map(|c| (norm(&c.label.nl), c.count))
            .collect()
    };
    for (label, &want) in &e.counts {
        let wanted = shown(label);
        match found.iter().find(|(l, _)| *l == wanted) {
            Some((_, got)) if (got - want).abs() < 1e-9 => {}
            Some((_, got)) => problems.push(format!("'{label}': {got}, expected {want}")),
            None => problems.push(format!("no answer '{label}'")),
        }
    }
    problems
}

/// Each file with the question texts whose gap is known.
fn known_gaps() -> BTreeMap<String, BTreeMap<String, String>> {
    let path = corpus_dir().join("known-gaps.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).expect("known-gaps.json is valid"),
        Err(_) => BTreeMap::new(),
    }
}

#[test]
fn every_real_export_is_read_as_its_tool_meant_it() {
    let mut expects: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("the corpus folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    expects.sort();
    assert!(expects.len() >= 6, "the corpus holds its files");
    let gaps = known_gaps();
    let mut failures = Vec::new();
    let mut table = vec![
        "| file | tool | respondents | questions read right |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    for path in &expects {
        let expect: Expect = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file_gaps = gaps.get(&expect.file).cloned().unwrap_or_default();
        let bytes = std::fs::read(corpus_dir().join(&expect.file))
            .unwrap_or_else(|e| panic!("{}: {e}", expect.file));
        let import = match read::read(&bytes, &expect.file, &ReadOptions::default()) {
            Ok(import) => import,
            Err(e) => {
                failures.push(format!("{}: not read: {}", expect.file, e.message()));
                table.push(format!(
                    "| {} | {} | not read | 0 |",
                    expect.file, expect.tool
                ));
                continue;
            }
        };
        let mut right = 0;
        let rows = import.source.rows;
        let rows_ok = rows == expect.respondents;
        if !rows_ok && !file_gaps.contains_key("respondents") {
            failures.push(format!(
                "{}: {rows} respondents, expected {}",
                expect.file, expect.respondents
            ));
        }
        if let Some(sheet) = &expect.sheet {
            let read_sheet = match &import.source.format {
                read::Format::Xlsx { sheet } | read::Format::Xls { sheet } => sheet.clone(),
                read::Format::Ods { sheet } => sheet.clone(),
                _ => String::new(),
            };
            if &read_sheet != sheet && !file_gaps.contains_key("sheet") {
                failures.push(format!(
                    "{}: read sheet '{read_sheet}', expected '{sheet}'",
                    expect.file
                ));
            }
        }
        let codebook = infer::propose(&import);
        let survey = Survey::new(import.dataset, codebook);
        for e in &expect.questions {
            let problems = check_question(&survey, e);
            let gap = file_gaps.get(&e.text);
            match (problems.is_empty(), gap) {
                (true, None) => right += 1,
                (true, Some(_)) => failures.push(format!(
                    "{}: '{}' is now read right; remove its entry from known-gaps.json",
                    expect.file, e.text
                )),
                (false, Some(_)) => {}
                (false, None) => failures.push(format!(
                    "{}: '{}': {}",
                    expect.file,
                    e.text,
                    problems.join("; ")
                )),
            }
        }
        table.push(format!(
            "| {} | {} | {} | {right} of {} |",
            expect.file,
            expect.tool,
            if rows_ok {
                format!("{rows} ✓")
            } else {
                format!("{rows} (expected {})", expect.respondents)
            },
            expect.questions.len()
        ));
    }
    if std::env::var_os("PEILING_CORPUS_TABLE").is_some() {
        println!("{}", table.join("\n"));
    }
    assert!(
        failures.is_empty(),
        "{} problems in the corpus:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
