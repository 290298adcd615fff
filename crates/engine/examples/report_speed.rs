//! Times what the page does after a file is read: proposing the codebook and building the
//! report (every chart, table and sentence) for the default view, natively.
//!
//! Run: `cargo run -p peiling-engine --profile bench --example report_speed -- FILE [RUNS]`
//! (prints the medians of RUNS, default 5, in ms).

use peiling_engine::read::{read, ReadOptions};
use peiling_engine::stats::Options;
use peiling_engine::view::View;
use peiling_engine::{infer, report, Survey};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: report_speed FILE [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let bytes = std::fs::read(&path)?;
    let import = read(&bytes, &path, &ReadOptions::default())?;
    let (mut propose_ms, mut report_ms) = (Vec::new(), Vec::new());
    let mut charts = 0;
    let codebook = infer::propose(&import);
    let survey = Survey::new(import.dataset.clone(), codebook);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        std::hint::black_box(infer::propose(&import));
        propose_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        let built = report::build(&survey, &View::default(), &Options::default());
        report_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        charts = built.sections.iter().map(|s| s.charts.len()).sum();
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2] * 10.0).round() / 10.0
    };
    println!(
        "{{\"file\":{path:?},\"rows\":{},\"charts\":{charts},\"propose_ms\":{},\"report_ms\":{},\"runs\":{runs}}}",
        survey.rows(),
        median(propose_ms),
        median(report_ms)
    );
    Ok(())
}
