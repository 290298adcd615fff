//! `peiling tabulate FILE --question Q`: one question's figures — bases, counts, exact
//! percentages, 95% intervals, and with `--by` the groups with their significance tests — as
//! JSON for scripts, CSV, or a readable table.
//!
//! What stays true: the numbers are the engine's [`analyse`] results for the same request,
//! unrounded in JSON and CSV; categories are named by their labels in the chosen language and
//! questions by their ids; filters and weights are applied before anything is counted.

use peiling_engine::codebook::{Codebook, Lang, Question, QuestionKind};
use peiling_engine::export::formula::neutralise;
use peiling_engine::stats::significance::{ChiSquare, Direction};
use peiling_engine::stats::weighting::rake;
use peiling_engine::stats::{
    analyse, key_figures, key_sentences, Analysis, Filter, LikertBase, Margin, Options,
    RakeOptions, Request, WeightSummary, Weights,
};
use peiling_engine::{infer, read, Survey};
use serde::Serialize;

use crate::Failure;

pub const USAGE: &str = "\
Usage: peiling tabulate FILE --question Q [--by B] [--filter Q=cat1,cat2 ...]
                        [--weight W | --rake spec.json | --unweighted]
                        [--codebook codebook.json]
                        [--format json|csv|table] [--lang nl|en]

Counts one question of FILE (CSV, TSV, XLSX, ODS, XLS or SPSS .sav): bases, counts, exact
percentages and 95% Wilson intervals; with --by, per group with column-proportion letters
(z-test, 95%, Bonferroni) and the chi-square test (Rao–Scott when weighted).

Options:
  --question Q          the question's id (see `peiling inspect FILE`)
  --by B                break down by question B
  --filter Q=a,b        only respondents who answered a or b to Q (repeatable: AND across
                        questions, OR within one); categories by value or label; for a
                        multi-select the options; for a grid statement Q/ITEM=a,b
  --weight W            weights from column W (default: the codebook's weight column)
  --unweighted          ignore the codebook's weight column
  --rake spec.json      rake to target margins: {\"margins\": [{\"question\": \"Q\",
                        \"targets\": {\"a\": 0.4, \"b\": 0.6}}], \"trim\": [0.3, 3.0]}
  --codebook FILE       use this codebook instead of the inferred one
  --format F            json (default), csv or table
  --lang L              labels and sentences in nl (default) or en
  --likert-base B       all (default: every answer, no opinion included) or substantive
  --small-base N        flag bases below N (default 30)
  --disclosure N        publish: hide groups (and filters) of fewer than N respondents, with
                        complementary suppression
  --sheet NAME          the sheet of a workbook
  -h, --help            show this help
";

/// What the command line asked for.
struct Args {
    file: String,
    question: String,
    by: Option<String>,
    filters: Vec<String>,
    weight: Option<String>,
    unweighted: bool,
    rake: Option<String>,
    codebook: Option<String>,
    format: String,
    lang: Lang,
    options: Options,
    sheet: Option<String>,
}

fn parse(args: &[String]) -> Result<Args, Failure> {
    let mut file = None;
    let mut parsed = Args {
        file: String::new(),
        question: String::new(),
        by: None,
        filters: Vec::new(),
        weight: None,
        unweighted: false,
        rake: None,
        codebook: None,
        format: "json".into(),
        lang: Lang::Nl,
        options: Options::default(),
        sheet: None,
    };
    let mut question = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
        };
        let number = |name: &str, text: String| {
            text.parse::<u64>()
                .map_err(|_| Failure::Usage(format!("{name} needs a whole number, not '{text}'")))
        };
        match arg.as_str() {
            "--question" | "-q" => question = Some(value("--question")?),
            "--by" => parsed.by = Some(value("--by")?),
            "--filter" => parsed.filters.push(value("--filter")?),
            "--weight" => parsed.weight = Some(value("--weight")?),
            "--unweighted" => parsed.unweighted = true,
            "--rake" => parsed.rake = Some(value("--rake")?),
            "--codebook" => parsed.codebook = Some(value("--codebook")?),
            "--sheet" => parsed.sheet = Some(value("--sheet")?),
            "--format" => {
                parsed.format = value("--format")?;
                if !matches!(parsed.format.as_str(), "json" | "csv" | "table") {
                    return Err(Failure::Usage(format!(
                        "--format is json, csv or table, not '{}'",
                        parsed.format
                    )));
                }
            }
            "--lang" => {
                parsed.lang = match value("--lang")?.as_str() {
                    "nl" => Lang::Nl,
                    "en" => Lang::En,
                    other => {
                        return Err(Failure::Usage(format!("--lang is nl or en, not '{other}'")))
                    }
                }
            }
            "--likert-base" => {
                parsed.options.likert_base = match value("--likert-base")?.as_str() {
                    "all" => LikertBase::AllAnswers,
                    "substantive" => LikertBase::Substantive,
                    other => {
                        return Err(Failure::Usage(format!(
                            "--likert-base is all or substantive, not '{other}'"
                        )))
                    }
                }
            }
            "--small-base" => {
                parsed.options.small_base = number("--small-base", value("--small-base")?)?
            }
            "--disclosure" => {
                parsed.options.disclosure = Some(number("--disclosure", value("--disclosure")?)?)
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
    let weightings = [
        parsed.weight.is_some(),
        parsed.rake.is_some(),
        parsed.unweighted,
    ];
    if weightings.iter().filter(|&&w| w).count() > 1 {
        return Err(Failure::Usage(
            "--weight, --rake and --unweighted exclude each other: choose one".into(),
        ));
    }
    parsed.file =
        file.ok_or_else(|| Failure::Usage("which file? Give the path of a survey file".into()))?;
    parsed.question = question.ok_or_else(|| {
        Failure::Usage("which question? Give --question Q (see `peiling inspect FILE`)".into())
    })?;
    Ok(parsed)
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let args = parse(args)?;
    let survey = load(&args)?;
    let filter = args
        .filters
        .iter()
        .try_fold(Filter::none(), |filter, spec| {
            add_filter(&survey, filter, spec)
        })?;
    let (weights, weighting) = weights(&survey, &args)?;
    let request = Request {
        breakdown: args.by.clone(),
        filter,
        weights: Some(&weights),
        options: args.options.clone(),
        ..Request::new(&args.question)
    };
    let analysis = analyse(&survey, &request).map_err(|e| Failure::Input(e.to_string()))?;
    let sentences = key_sentences(&key_figures(&survey, &analysis), args.lang);
    let question = survey
        .question(&args.question)
        .map_err(|e| Failure::Input(e.to_string()))?;
    let output = Output::new(question, &analysis, args.lang, weighting, sentences);
    let text = match args.format.as_str() {
        "csv" => csv(&output),
        "table" => table(&output, args.lang),
        _ => serde_json::to_string_pretty(&output).map_err(|e| Failure::Input(e.to_string()))?,
    };
    crate::emit(&format!("{}\n", text.trim_end()));
    Ok(())
}

fn load(args: &Args) -> Result<Survey, Failure> {
    let path = &args.file;
    let bytes = std::fs::read(path).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
    let options = read::ReadOptions {
        sheet: args.sheet.clone(),
        ..read::ReadOptions::default()
    };
    let import = read::read(&bytes, &name, &options).map_err(|e| Failure::Input(e.to_string()))?;
    let codebook = match &args.codebook {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Input(format!("{path}: {e}")))?;
            Codebook::from_json(&text).map_err(|e| Failure::Input(format!("{path}: {e}")))?
        }
        None => infer::propose(&import),
    };
    Ok(Survey::new(import.dataset, codebook))
}

/// Whether a category or option named `name` (value, alias or label) is the one given.
fn names(name: &str, value: Option<&str>, labels: [&str; 2], aliases: &[String]) -> bool {
    let name = name.trim();
    value.is_some_and(|v| v == name)
        || labels
            .iter()
            .any(|l| !l.is_empty() && l.eq_ignore_ascii_case(name))
        || aliases.iter().any(|a| a == name)
}

/// Adds `Q=a,b` (or `Q/ITEM=a,b`) to `filter`.
fn add_filter(survey: &Survey, filter: Filter, spec: &str) -> Result<Filter, Failure> {
    let (target, values) = spec.split_once('=').ok_or_else(|| {
        Failure::Usage(format!(
            "--filter '{spec}': write it as QUESTION=answer1,answer2"
        ))
    })?;
    let (id, item_id) = match target.split_once('/') {
        Some((q, i)) => (q.trim(), Some(i.trim())),
        None => (target.trim(), None),
    };
    let question = survey
        .question(id)
        .map_err(|e| Failure::Usage(format!("--filter '{spec}': {e}")))?;
    let values: Vec<&str> = values.split(',').filter(|v| !v.trim().is_empty()).collect();
    let unknown = |v: &str| {
        Failure::Usage(format!(
            "--filter '{spec}': '{}' is not an answer of '{id}'",
            v.trim()
        ))
    };
    if question.kind == QuestionKind::MultiSelect {
        // Each option named: chose it (OR across the options named).
        return values.iter().try_fold(filter, |f, v| {
            let item = question
                .items
                .iter()
                .position(|o| {
                    names(
                        v,
                        Some(&o.id),
                        [&o.label.nl, o.label.en.as_deref().unwrap_or("")],
                        &[],
                    )
                })
                .ok_or_else(|| unknown(v))?;
            Ok(f.with(id, item, &[1]))
        });
    }
    let item = match item_id {
        Some(i) => question
            .items
            .iter()
            .position(|it| it.id == i || it.column == i)
            .ok_or_else(|| {
                Failure::Usage(format!("--filter '{spec}': '{id}' has no item '{i}'"))
            })?,
        None => 0,
    };
    let categories = values
        .iter()
        .map(|v| category_index(question, v).ok_or_else(|| unknown(v)))
        .collect::<Result<Vec<u16>, _>>()?;
    Ok(filter.with(id, item, &categories))
}

fn category_index(question: &Question, name: &str) -> Option<u16> {
    if question.kind == QuestionKind::Numeric && !question.bins.is_empty() {
        return question
            .bins
            .iter()
            .position(|b| {
                names(
                    name,
                    None,
                    [&b.label.nl, b.label.en.as_deref().unwrap_or("")],
                    &[],
                )
            })
            .map(|i| i as u16);
    }
    question
        .categories
        .iter()
        .position(|c| {
            names(
                name,
                Some(&c.value),
                [&c.label.nl, c.label.en.as_deref().unwrap_or("")],
                &c.aliases,
            )
        })
        .map(|i| i as u16)
}

/// How the weights were made, for the output.
#[derive(Serialize)]
struct Weighting {
    method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    converged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iterations: Option<usize>,
    summary: WeightSummary,
}

fn weights(survey: &Survey, args: &Args) -> Result<(Vec<f64>, Weighting), Failure> {
    let input = |e: peiling_engine::stats::WeightError| Failure::Input(e.to_string());
    if let Some(path) = &args.rake {
        let text =
            std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
        let (margins, options) =
            rake_spec(survey, &text).map_err(|m| Failure::Input(format!("{path}: {m}")))?;
        let start = Weights::unit(survey);
        let raked = rake(survey, &start, &margins, &options).map_err(input)?;
        let weighting = Weighting {
            method: "raking",
            column: None,
            converged: Some(raked.converged),
            iterations: Some(raked.iterations),
            summary: raked.summary.clone(),
        };
        return Ok((raked.weights, weighting));
    }
    let column = if args.unweighted {
        None
    } else {
        args.weight
            .clone()
            .or_else(|| survey.codebook.weight.clone())
    };
    let weights = match &column {
        Some(c) => Weights::from_column(survey, c).map_err(input)?,
        None => Weights::unit(survey),
    };
    let weighting = Weighting {
        method: if column.is_some() { "column" } else { "none" },
        summary: WeightSummary::of(&weights),
        column,
        converged: None,
        iterations: None,
    };
    Ok((weights, weighting))
}

/// Reads a raking specification: margins with targets per category (by value or label, or
/// as a list in codebook order) and an optional `trim`.
fn rake_spec(survey: &Survey, text: &str) -> Result<(Vec<Margin>, RakeOptions), String> {
    let spec: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
    let mut options = RakeOptions::default();
    if let Some(trim) = spec.get("trim") {
        let pair: (f64, f64) = serde_json::from_value(trim.clone()).map_err(|_| {
            "\"trim\" is a pair [lowest, highest] of multiples of the mean weight".to_string()
        })?;
        options.trim = Some(pair);
    }
    let margins = spec
        .get("margins")
        .and_then(|m| m.as_array())
        .ok_or("the specification needs \"margins\": [{\"question\": …, \"targets\": …}]")?;
    let mut out = Vec::new();
    for margin in margins {
        let id = margin
            .get("question")
            .and_then(|q| q.as_str())
            .ok_or("every margin needs a \"question\"")?;
        let question = survey.question(id).map_err(|e| e.to_string())?;
        let count = survey
            .variable(id, 0)
            .map_err(|e| e.to_string())?
            .categories;
        let targets = match margin.get("targets") {
            Some(serde_json::Value::Array(list)) => list
                .iter()
                .map(|t| t.as_f64().ok_or(format!("'{id}': targets are numbers")))
                .collect::<Result<Vec<f64>, String>>()?,
            Some(serde_json::Value::Object(map)) => {
                let mut targets = vec![0.0; count];
                for (name, value) in map {
                    let index = category_index(question, name)
                        .ok_or(format!("'{name}' is not an answer of '{id}'"))?;
                    targets[index as usize] = value
                        .as_f64()
                        .ok_or(format!("'{id}': targets are numbers"))?;
                }
                targets
            }
            _ => return Err(format!("margin '{id}' needs \"targets\"")),
        };
        out.push(Margin {
            question: id.into(),
            item: 0,
            targets,
        });
    }
    Ok((out, options))
}

/// One category's (or multi-select option's) figures.
#[derive(Serialize)]
struct CategoryOut {
    label: String,
    count: f64,
    count_n: u64,
    percent: f64,
    ci_low: f64,
    ci_high: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    letters: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    versus_rest: Option<Direction>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    suppressed: bool,
}

/// One group of the breakdown.
#[derive(Serialize)]
struct GroupOut {
    group: String,
    letter: String,
    base: f64,
    base_n: u64,
    small_base: bool,
    categories: Vec<CategoryOut>,
}

/// The Likert summary of an item.
#[derive(Serialize)]
struct LikertOut {
    agree: f64,
    neutral: f64,
    disagree: f64,
    no_opinion: f64,
    mean: f64,
    sd: f64,
}

/// One item: a grid statement, or the question itself.
#[derive(Serialize)]
struct ItemOut {
    item: String,
    label: String,
    base: f64,
    base_n: u64,
    effective_base: f64,
    missing: f64,
    small_base: bool,
    categories: Vec<CategoryOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    likert: Option<LikertOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<GroupOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chi_square: Option<ChiSquare>,
}

/// What `tabulate` prints.
#[derive(Serialize)]
struct Output {
    question: String,
    text: String,
    kind: QuestionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    filter: Filter,
    weighted: bool,
    weighting: Weighting,
    respondents: f64,
    respondents_n: u64,
    items: Vec<ItemOut>,
    key_sentences: Vec<String>,
}

impl Output {
    fn new(
        question: &Question,
        analysis: &Analysis,
        lang: Lang,
        weighting: Weighting,
        key_sentences: Vec<String>,
    ) -> Self {
        let items = match &analysis.multi_select {
            Some(multi) => vec![multi_item(question, analysis, multi, lang)],
            None => analysis
                .items
                .iter()
                .map(|item| {
                    let overall = &item.overall;
                    let categories = overall
                        .categories
                        .iter()
                        .map(|c| CategoryOut {
                            label: c.label.get(lang).to_string(),
                            count: c.count,
                            count_n: c.count_n,
                            percent: c.percent,
                            ci_low: c.ci_low,
                            ci_high: c.ci_high,
                            letters: None,
                            versus_rest: None,
                            suppressed: c.suppressed,
                        })
                        .collect();
                    let groups = item
                        .crosstab
                        .iter()
                        .flat_map(|t| {
                            t.columns
                                .iter()
                                .enumerate()
                                .map(move |(g, group)| GroupOut {
                                    group: group.label.get(lang).to_string(),
                                    letter: group.letter.clone(),
                                    base: group.base,
                                    base_n: group.base_n,
                                    small_base: group.small_base,
                                    categories: t
                                        .rows
                                        .iter()
                                        .zip(&t.cells)
                                        .map(|(row, cells)| {
                                            let cell = &cells[g];
                                            CategoryOut {
                                                label: row.label.get(lang).to_string(),
                                                count: cell.count,
                                                count_n: cell.count_n,
                                                percent: cell.column_percent,
                                                ci_low: cell.ci_low,
                                                ci_high: cell.ci_high,
                                                letters: Some(cell.letters.clone()),
                                                versus_rest: cell.versus_rest,
                                                suppressed: cell.suppressed,
                                            }
                                        })
                                        .collect(),
                                })
                        })
                        .collect();
                    ItemOut {
                        item: item.id.clone(),
                        label: item.label.get(lang).to_string(),
                        base: overall.base,
                        base_n: overall.base_n,
                        effective_base: overall.effective_base,
                        missing: overall.missing,
                        small_base: overall.small_base,
                        categories,
                        likert: item.likert.as_ref().map(|l| LikertOut {
                            agree: l.agree.percent,
                            neutral: l.neutral.percent,
                            disagree: l.disagree.percent,
                            no_opinion: l.no_opinion.percent,
                            mean: l.mean,
                            sd: l.sd,
                        }),
                        groups,
                        chi_square: item.crosstab.as_ref().and_then(|t| t.chi_square.clone()),
                    }
                })
                .collect(),
        };
        Output {
            question: analysis.question.clone(),
            text: question.text.get(lang).to_string(),
            kind: analysis.kind,
            by: analysis.breakdown.clone(),
            filter: analysis.filter.clone(),
            weighted: analysis.weighted,
            weighting,
            respondents: analysis.respondents,
            respondents_n: analysis.respondents_n,
            items,
            key_sentences,
        }
    }
}

/// A multi-select as one item whose categories are its options (shares of the respondents
/// who answered), per group with the letters of each option's "chosen" row.
fn multi_item(
    question: &Question,
    analysis: &Analysis,
    multi: &peiling_engine::stats::analysis::MultiSelectAnalysis,
    lang: Lang,
) -> ItemOut {
    let share = |o: &peiling_engine::stats::multiselect::OptionShare,
                 letters: Option<String>,
                 versus_rest: Option<Direction>| CategoryOut {
        label: o.label.get(lang).to_string(),
        count: o.count,
        count_n: o.count_n,
        percent: o.percent,
        ci_low: o.ci_low,
        ci_high: o.ci_high,
        letters,
        versus_rest,
        suppressed: o.suppressed,
    };
    let groups = analysis
        .groups
        .iter()
        .zip(&multi.groups)
        .enumerate()
        .map(|(g, (group, result))| GroupOut {
            group: group.label.get(lang).to_string(),
            letter: group.letter.clone(),
            base: result.base,
            base_n: result.base_n,
            small_base: result.small_base,
            categories: result
                .options
                .iter()
                .map(|o| {
                    let chosen = analysis.items[o.item]
                        .crosstab
                        .as_ref()
                        .and_then(|t| t.cells.get(1))
                        .and_then(|row| row.get(g));
                    share(
                        o,
                        chosen.map(|c| c.letters.clone()),
                        chosen.and_then(|c| c.versus_rest),
                    )
                })
                .collect(),
        })
        .collect();
    let overall = &multi.overall;
    ItemOut {
        item: question.id.clone(),
        label: String::new(),
        base: overall.base,
        base_n: overall.base_n,
        effective_base: overall.effective_base,
        missing: overall.missing,
        small_base: overall.small_base,
        categories: overall
            .options
            .iter()
            .map(|o| share(o, None, None))
            .collect(),
        likert: None,
        groups,
        chi_square: None,
    }
}

/// CSV: one record per category, overall and per group; text cells that a spreadsheet would
/// read as a formula are prefixed with `'`.
fn csv(output: &Output) -> String {
    fn field(text: &str) -> String {
        let text = neutralise(text);
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    }
    let mut out = String::from(
        "question,item,group,base,category,count,count_n,percent,ci_low,ci_high,letters\n",
    );
    for item in &output.items {
        let mut record = |group: &str, base: f64, c: &CategoryOut| {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{}\n",
                field(&output.question),
                field(&item.item),
                field(group),
                base,
                field(&c.label),
                c.count,
                c.count_n,
                c.percent,
                c.ci_low,
                c.ci_high,
                field(c.letters.as_deref().unwrap_or("")),
            ));
        };
        for c in &item.categories {
            record("", item.base, c);
        }
        for g in &item.groups {
            for c in &g.categories {
                record(&g.group, g.base, c);
            }
        }
    }
    out
}

/// A readable table: per item, one row per category, overall and per group.
fn table(output: &Output, lang: Lang) -> String {
    use peiling_engine::format;
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", output.question, output.text);
    for item in &output.items {
        if !item.label.is_empty() {
            let _ = writeln!(out, "\n{}", item.label);
        }
        let mut header = format!("{:<32}{:>16}", "", "Totaal");
        for g in &item.groups {
            let name = format!("{} ({})", g.group, g.letter);
            let _ = write!(header, "{:>16}", truncate(&name, 15));
        }
        let _ = writeln!(out, "\n{header}");
        let mut bases = format!("{:<32}{:>16}", "n", format::n_equals(item.base, lang));
        for g in &item.groups {
            let mark = if g.small_base { "*" } else { "" };
            let _ = write!(
                bases,
                "{:>16}",
                format!("{}{mark}", format::n_equals(g.base, lang))
            );
        }
        let _ = writeln!(out, "{bases}");
        for (i, c) in item.categories.iter().enumerate() {
            let mut row = format!(
                "{:<32}{:>16}",
                truncate(&c.label, 31),
                format::share(c.percent / 100.0, 1, lang)
            );
            for g in &item.groups {
                if let Some(gc) = g
                    .categories
                    .iter()
                    .find(|x| x.label == c.label)
                    .or(g.categories.get(i))
                {
                    let cell = if gc.suppressed {
                        "–".to_string()
                    } else {
                        format!(
                            "{} {}",
                            format::share(gc.percent / 100.0, 1, lang),
                            gc.letters.as_deref().unwrap_or("")
                        )
                    };
                    let _ = write!(row, "{:>16}", cell.trim_end());
                }
            }
            let _ = writeln!(out, "{row}");
        }
        if let Some(chi) = &item.chi_square {
            let _ = writeln!(out, "{}", chi.describe(lang));
        }
    }
    if output.items.iter().any(|i| !i.groups.is_empty()) {
        let note = match lang {
            Lang::Nl => "Letters: significant hoger dan de groep met die letter (z-toets, 95%, Bonferroni). * kleine basis.",
            Lang::En => "Letters: significantly higher than the group with that letter (z-test, 95%, Bonferroni). * small base.",
        };
        let _ = writeln!(out, "\n{note}");
    }
    for s in &output.key_sentences {
        let _ = writeln!(out, "\n{s}");
    }
    out
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}
