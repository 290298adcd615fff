//! `peiling inspect FILE`: what the engine reads from a survey file — format, encoding,
//! delimiter, header convention, row count, warnings — and the codebook it proposes, as a
//! readable summary or as JSON (`--json`, the engine's own serde structures).

use peiling_engine::codebook::{Codebook, QuestionKind};
use peiling_engine::infer;
use peiling_engine::read::{self, Import, ReadOptions};
use serde::Serialize;

use crate::Failure;

pub const USAGE: &str = "\
Usage: peiling inspect FILE [--sheet NAME] [--json]

Reads FILE (CSV, TSV, XLSX, ODS, XLS or SPSS .sav) and shows how it was read and the
codebook inferred from it.

Options:
  --sheet NAME   read this sheet of a workbook (default: the first)
  --json         print JSON: {source, columns, multi_sets, warnings, codebook}
  -h, --help     show this help
";

/// What `--json` prints.
#[derive(Serialize)]
struct Report<'a> {
    source: &'a read::SourceInfo,
    columns: &'a [read::ColumnMeta],
    multi_sets: &'a [read::MultiSet],
    warnings: &'a [read::Warning],
    codebook: &'a Codebook,
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut file = None;
    let mut options = ReadOptions::default();
    let mut json = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--sheet" => {
                let sheet = args
                    .next()
                    .ok_or_else(|| Failure::Usage("--sheet needs a sheet name".into()))?;
                options.sheet = Some(sheet.clone());
            }
            flag if flag.starts_with("--") => {
                return Err(Failure::Usage(format!("unknown option '{flag}'")))
            }
            path if file.is_none() => file = Some(path.to_owned()),
            extra => {
                return Err(Failure::Usage(format!(
                    "one file at a time ('{extra}' is one too many)"
                )))
            }
        }
    }
    let path =
        file.ok_or_else(|| Failure::Usage("which file? Give the path of a survey file".into()))?;
    let bytes = std::fs::read(&path).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    let name = std::path::Path::new(&path)
        .file_name()
        .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
    let import = read::read(&bytes, &name, &options).map_err(|e| Failure::Input(e.to_string()))?;
    let codebook = infer::propose(&import);
    if json {
        let report = Report {
            source: &import.source,
            columns: &import.columns,
            multi_sets: &import.multi_sets,
            warnings: &import.warnings,
            codebook: &codebook,
        };
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| Failure::Input(e.to_string()))?;
        crate::emit(&format!("{text}\n"));
    } else {
        crate::emit(&summary(&import, &codebook));
    }
    Ok(())
}

/// The readable summary.
fn summary(import: &Import, codebook: &Codebook) -> String {
    use std::fmt::Write;
    let s = &import.source;
    let mut out = String::new();
    let _ = writeln!(out, "File:      {} ({} bytes)", s.file_name, s.bytes);
    let _ = writeln!(out, "Format:    {}", s.format);
    let _ = writeln!(out, "Encoding:  {}", s.encoding);
    if s.header_rows > 0 {
        let plural = if s.header_rows == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "Layout:    {} ({} header row{plural})",
            s.layout, s.header_rows
        );
    }
    let _ = writeln!(
        out,
        "Rows:      {} respondents × {} columns",
        s.rows, s.columns
    );
    let _ = writeln!(out, "Warnings:  {}", import.warnings.len());
    for w in &import.warnings {
        let _ = writeln!(out, "  - {w}");
    }
    if let Some(weight) = &codebook.weight {
        let _ = writeln!(out, "Weight:    column '{weight}'");
    }
    let _ = writeln!(
        out,
        "\nCodebook ({} questions; * = offered as breakdown):",
        codebook.questions.len()
    );
    for q in &codebook.questions {
        let star = if q.breakdown { "*" } else { " " };
        let _ = writeln!(
            out,
            "{star} {:<14} {:<13} {}",
            q.id,
            kind_name(q.kind),
            q.text.nl
        );
        if q.items.len() > 1 || q.delimiter.is_some() {
            let how = match (&q.delimiter, q.chosen.is_empty()) {
                (Some(d), _) => format!(" (in one cell, separated by '{d}')"),
                (None, false) => format!(" (chosen = {})", q.chosen.join(" / ")),
                (None, true) => String::new(),
            };
            let _ = writeln!(out, "                 items{how}:");
            for it in &q.items {
                let ex = if it.exclusive { " [exclusive]" } else { "" };
                let _ = writeln!(
                    out,
                    "                   {} = {}{ex}",
                    it.column, it.label.nl
                );
            }
        }
        if !q.categories.is_empty() {
            let cats: Vec<String> = q
                .categories
                .iter()
                .map(|c| {
                    let label = if c.label.nl == c.value {
                        c.value.clone()
                    } else {
                        format!("{} ({})", c.label.nl, c.value)
                    };
                    if c.missing {
                        format!("<{label}: missing>")
                    } else if c.non_substantive {
                        format!("[{label}]")
                    } else {
                        label
                    }
                })
                .collect();
            let _ = writeln!(out, "                 answers: {}", cats.join(" | "));
        }
        if !q.bins.is_empty() {
            let bins: Vec<&str> = q.bins.iter().map(|b| b.label.nl.as_str()).collect();
            let _ = writeln!(out, "                 bins: {}", bins.join(" | "));
        }
    }
    out
}

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => "single choice",
        QuestionKind::Likert => "likert",
        QuestionKind::Grid => "grid",
        QuestionKind::MultiSelect => "multi-select",
        QuestionKind::Numeric => "numeric",
        QuestionKind::OpenText => "open text",
        QuestionKind::Identifier => "identifier",
    }
}
