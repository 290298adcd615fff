//! Times the native reading of one CSV file the way the reader worker reads it in the browser:
//! streamed through `CsvStream` in 8 MiB chunks, from bytes already in memory (the worker's
//! chunks come from the browser's file cache, so the disk is left out on both sides).
//!
//! Run: `cargo run -p peiling-engine --profile bench --example read_speed -- FILE [RUNS]
//! [untold]` (prints the median of RUNS, default 5, in ms and MB/s; compare with
//! `window.__peilingRead` of the browser benchmark in `bench/`). Like the worker, the stream is
//! told the file's size (`CsvStream::expect_bytes`), so its columns make room once; with
//! `untold` it is not, and they grow by doubling. On Linux it also gives the median CPU time of the
//! reading thread (`cpu_ms`, `cpu_mb_per_s`, from `/proc/thread-self/schedstat`): on a busy
//! machine the wall time counts the waits for a core, the CPU time does not.

use peiling_engine::read::{CsvStream, ReadOptions};
use std::time::Instant;

const CHUNK_BYTES: usize = 8 << 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: read_speed FILE [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let told = args.next().as_deref() != Some("untold");
    let bytes = std::fs::read(&path)?;
    let mut times = Vec::with_capacity(runs);
    let mut cpu_times = Vec::with_capacity(runs);
    let mut rows = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let cpu_started = cpu_ms();
        let mut stream = CsvStream::new(&path, &ReadOptions::default());
        if told {
            stream.expect_bytes(bytes.len() as u64);
        }
        for chunk in bytes.chunks(CHUNK_BYTES) {
            stream.feed(chunk)?;
        }
        let import = stream.finish()?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if let (Some(from), Some(to)) = (cpu_started, cpu_ms()) {
            cpu_times.push(to - from);
        }
        rows = import.dataset.rows;
    }
    let mb = bytes.len() as f64 / 1e6;
    let median = median_of(&mut times);
    let cpu = match cpu_times.len() {
        0 => String::new(),
        _ => {
            let cpu = median_of(&mut cpu_times);
            format!(
                ",\"cpu_ms\":{cpu:.1},\"cpu_mb_per_s\":{:.1}",
                mb / (cpu / 1000.0)
            )
        }
    };
    println!(
        "{{\"file\":{:?},\"bytes\":{},\"rows\":{rows},\"ms\":{median:.1},\"mb_per_s\":{:.1}{cpu},\"runs\":{},\"size_told\":{told}}}",
        path,
        bytes.len(),
        mb / (median / 1000.0),
        times.len()
    );
    Ok(())
}

fn median_of(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// CPU time of this thread so far, in ms (Linux; `None` elsewhere).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}
