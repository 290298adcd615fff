//! Times the native reading of one CSV file the way the reader worker reads it in the browser:
//! streamed through `CsvStream` in 8 MiB chunks, from bytes already in memory (the worker's
//! chunks come from the browser's file cache, so the disk is left out on both sides).
//!
//! Run: `cargo run -p peiling-engine --profile bench --example read_speed -- FILE [RUNS]`
//! (prints the median of RUNS, default 5, in ms and MB/s; compare with `window.__peilingRead`
//! of the browser benchmark in `bench/`).

use peiling_engine::read::{CsvStream, ReadOptions};
use std::time::Instant;

const CHUNK_BYTES: usize = 8 << 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: read_speed FILE [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let bytes = std::fs::read(&path)?;
    let mut times = Vec::with_capacity(runs);
    let mut rows = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let mut stream = CsvStream::new(&path, &ReadOptions::default());
        for chunk in bytes.chunks(CHUNK_BYTES) {
            stream.feed(chunk)?;
        }
        let import = stream.finish()?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        rows = import.dataset.rows;
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{{\"file\":{:?},\"bytes\":{},\"rows\":{rows},\"ms\":{median:.1},\"mb_per_s\":{:.1},\"runs\":{}}}",
        path,
        bytes.len(),
        bytes.len() as f64 / 1e6 / (median / 1000.0),
        times.len()
    );
    Ok(())
}
