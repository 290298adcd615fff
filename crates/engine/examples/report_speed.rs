//! Times what the page does after a file is read: proposing the codebook and building the
//! report (every chart, table and sentence) for the default view, natively.
//!
//! Run: `cargo run -p peiling-engine --profile bench --example report_speed -- FILE [RUNS]
//! [VIEW]` (prints the medians of RUNS, default 5, in ms). VIEW is a view's URL fragment
//! (`#/?by=leeftijd`, `#/?f=werkgever:Gemeente`); the report is built a question at a time
//! as the page does (`report::Builder`), and `start_ms` (weights, filter and breakdown set up)
//! and `longest_step_ms` (the slowest question) say what the page's tasks hold at least. The
//! survey knows its code counts, as the page's does.

use peiling_engine::dataset::{count_codes, Values};
use peiling_engine::read::{read, ReadOptions};
use peiling_engine::stats::Options;
use peiling_engine::view::View;
use peiling_engine::{infer, report, Survey};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: report_speed FILE [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let view = args.next().map_or_else(View::default, |f| View::parse(&f));
    let bytes = std::fs::read(&path)?;
    let import = read(&bytes, &path, &ReadOptions::default())?;
    let (mut propose_ms, mut report_ms) = (Vec::new(), Vec::new());
    let (mut start_ms, mut step_ms) = (Vec::new(), Vec::new());
    let mut charts = 0;
    let codebook = infer::propose(&import);
    // The page's survey: every coded column's code counts known, as the page's check of each
    // column crossing from the reader worker counts them.
    let counts = import
        .dataset
        .columns
        .iter()
        .map(|column| match &column.values {
            Values::Coded { codes, levels } => Some(count_codes(codes, levels.len()).into()),
            Values::Text(_) => None,
        })
        .collect();
    let survey = Survey::new(import.dataset.clone(), codebook).with_code_counts(counts);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        std::hint::black_box(infer::propose(&import));
        propose_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        let options = report::view_options(&view, &Options::default());
        let mut builder = report::Builder::new(&survey, &view, &options);
        start_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        let mut longest: f64 = 0.0;
        loop {
            let step = Instant::now();
            let more = builder.step();
            longest = longest.max(step.elapsed().as_secs_f64() * 1000.0);
            if !more {
                break;
            }
        }
        step_ms.push(longest);
        let built = builder.finish();
        report_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        charts = built.sections.iter().map(|s| s.charts.len()).sum();
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2] * 10.0).round() / 10.0
    };
    println!(
        "{{\"file\":{path:?},\"view\":{:?},\"rows\":{},\"charts\":{charts},\"propose_ms\":{},\"report_ms\":{},\"start_ms\":{},\"longest_step_ms\":{},\"runs\":{runs}}}",
        View::format(&view),
        survey.rows(),
        median(propose_ms),
        median(report_ms),
        median(start_ms),
        median(step_ms)
    );
    Ok(())
}
