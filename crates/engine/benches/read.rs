//! Reading speed of survey CSV files: generated files of 10k, 100k and 1M respondents × 40
//! questions with Dutch text labels (5 profile questions, 20 Likert items with "Geen mening",
//! 15 multi-select options as `1`/empty), read whole and streamed in 1 MiB chunks.
//!
//! Run: `cargo bench -p peiling-engine --bench read` (criterion reports MB/s; rows/s is
//! rows ÷ time, printed with each file's size).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use peiling_engine::read::{read, CsvStream, ReadOptions};

const PROFILE: [&[&str]; 5] = [
    &["25-34", "35-44", "45-54", "55-59", "60-64", "65+"],
    &[
        "Gemeente",
        "Rijksoverheid",
        "Provincie",
        "Waterschap",
        "ZBO",
        "Anders",
    ],
    &[
        "mbo-4 of lager",
        "hbo- of wo-bachelor",
        "\"hbo-master, wo-master of doctoraat\"",
        "Anders",
    ],
    &[
        "Beleidsadviseur",
        "Uitvoerend",
        "\"Gespecialiseerd (bijv. strategisch adviseur, projectmanager)\"",
        "Leidinggevend",
    ],
    &[
        "Groningen",
        "Fryslân",
        "Drenthe",
        "Overijssel",
        "Utrecht",
        "Noord-Holland",
        "Zuid-Holland",
        "Limburg",
    ],
];
const LIKERT: [&str; 6] = [
    "Zeer mee oneens",
    "Mee oneens",
    "Neutraal",
    "Mee eens",
    "Zeer mee eens",
    "Geen mening",
];

/// A deterministic survey CSV of `rows` respondents (xorshift, so every run reads the same bytes).
fn survey_csv(rows: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut out = Vec::with_capacity(rows * 300);
    out.extend_from_slice(b"resp_id,leeftijd,werkgever,opleiding,functie,regio");
    for q in 1..=20 {
        out.extend_from_slice(format!(",q{q:02}").as_bytes());
    }
    for m in 1..=15 {
        out.extend_from_slice(format!(",m{m:02}").as_bytes());
    }
    out.push(b'\n');
    for r in 0..rows {
        out.extend_from_slice(format!("R{r:07}").as_bytes());
        for labels in PROFILE {
            out.push(b',');
            out.extend_from_slice(labels[next(labels.len())].as_bytes());
        }
        for _ in 0..20 {
            out.extend_from_slice(b",");
            if next(50) != 0 {
                out.extend_from_slice(LIKERT[next(6)].as_bytes());
            }
        }
        for _ in 0..15 {
            out.extend_from_slice(b",");
            if next(3) == 0 {
                out.push(b'1');
            }
        }
        out.push(b'\n');
    }
    out
}

fn bench_read(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_csv");
    group.sample_size(10);
    for rows in [10_000, 100_000, 1_000_000] {
        let bytes = survey_csv(rows);
        eprintln!("{rows} rows: {:.1} MB", bytes.len() as f64 / 1e6);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("whole", rows), &bytes, |b, bytes| {
            b.iter(|| read(bytes, "survey.csv", &ReadOptions::default()).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("chunks_1MiB", rows), &bytes, |b, bytes| {
            b.iter(|| {
                let mut stream = CsvStream::new("survey.csv", &ReadOptions::default());
                for chunk in bytes.chunks(1 << 20) {
                    stream.feed(chunk).unwrap();
                }
                stream.finish().unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_read);
criterion_main!(benches);
