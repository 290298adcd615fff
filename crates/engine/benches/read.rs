//! Reading speed of survey CSV files: generated files of 10k, 100k and 1M respondents × 40
//! questions with Dutch text labels (5 profile questions, 20 Likert items with "Geen mening",
//! 15 multi-select options as `1`/empty), read whole and streamed in 1 MiB chunks.
//!
//! `tokenize_csv`: the tokenizer alone on the 1M file (records and fields found, nothing
//! decoded): vectorised (SSE2 natively), byte-by-byte masks, and csv-core's state machine.
//! `read_csv/*_csv_core`: the whole reading with csv-core finding every record.
//!
//! Run: `cargo bench -p peiling-engine --bench read` (criterion reports MB/s; rows/s is
//! rows ÷ time, printed with each file's size); one group: `-- tokenize_csv`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use peiling_engine::read::{count_fields, read, CsvStream, ReadOptions, Tokenizer};

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
        for (name, tokenizer) in [
            ("chunks_1MiB", Tokenizer::Simd),
            ("chunks_1MiB_csv_core", Tokenizer::CsvCore),
        ] {
            group.bench_with_input(BenchmarkId::new(name, rows), &bytes, |b, bytes| {
                b.iter(|| {
                    let options = ReadOptions::default();
                    let mut stream = CsvStream::with_tokenizer("survey.csv", &options, tokenizer);
                    for chunk in bytes.chunks(1 << 20) {
                        stream.feed(chunk).unwrap();
                    }
                    stream.finish().unwrap()
                })
            });
        }
    }
    group.finish();
}

fn bench_tokenize(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokenize_csv");
    group.sample_size(10);
    let bytes = survey_csv(1_000_000);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    // What csv-core counts, worked out only when a benchmark of the group runs.
    let expected = std::cell::OnceCell::new();
    for (name, tokenizer) in [
        ("simd", Tokenizer::Simd),
        ("scalar", Tokenizer::Scalar),
        ("csv_core", Tokenizer::CsvCore),
    ] {
        group.bench_with_input(BenchmarkId::new(name, 1_000_000), &bytes, |b, bytes| {
            let expected = *expected.get_or_init(|| count_fields(bytes, b',', Tokenizer::CsvCore));
            assert_eq!(count_fields(bytes, b',', tokenizer), expected);
            b.iter(|| count_fields(bytes, b',', tokenizer))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_tokenize, bench_read);
criterion_main!(benches);
